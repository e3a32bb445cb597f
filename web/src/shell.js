// The account corner of the top bar: a sign-in button for visitors; for a
// signed-in user, a button per page their roles open, who they are, and
// sign-out. The map views stay open to everyone.
import { h, clear, $ } from './dom.js';
import { t } from './i18n.js';
import { session, roles, signOut } from './session.js';

// pagesOf lists the pages a set of roles opens, in menu order.
export function pagesOf(rs) {
  const out = [];
  const any = (...r) => r.some((x) => rs.has(x));
  if (any('manager', 'admin', 'auditor')) out.push('programs');
  if (any('staff')) out.push('staff');
  if (any('merchant')) out.push('merchant');
  if (any('supplier')) out.push('supplier');
  if (any('jury')) out.push('judge');
  if (any('manager', 'admin', 'auditor')) out.push('contests');
  return out;
}

// homePage is where a user lands after signing in.
export const homePage = () => pagesOf(roles())[0] || 'map';

export function renderShell(app) {
  const el = $('#account');
  const u = session.user;
  if (!u) {
    clear(el, h('button', { type: 'button', id: 'nav-signin', 'data-view': 'signin', onclick: () => app.showView('signin', { focus: true }) }, t('signin')));
    el.dataset.user = '';
    return;
  }
  const rs = roles();
  const roleNames = [...rs.keys()].map((r) => t('role_' + r)).join(', ');
  clear(el,
    h('nav', { class: 'views role-views', 'aria-label': t('view_programs') }, pagesOf(rs).map((p) =>
      h('button', { type: 'button', id: 'nav-' + p, 'data-view': p, 'aria-current': app.state.view === p ? 'page' : 'false', onclick: () => app.showView(p, { focus: true }) }, t('view_' + p)))),
    h('span', { id: 'whoami', class: 'whoami', title: u.email }, t('signed_in_as', { name: u.name || u.email, roles: roleNames })),
    h('button', { type: 'button', id: 'signout', onclick: async () => {
      try { await signOut(); } catch { /* the session is gone either way */ }
      renderShell(app);
      app.showView('map', { focus: true });
    } }, t('signout')));
  el.dataset.user = u.id;
}
