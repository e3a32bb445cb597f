// The account corner of the top bar: a sign-in button for visitors; for a
// signed-in user, a button per page their roles open, who they are, and
// sign-out. The map views stay open to everyone.
import { h, clear, $ } from './dom.js';
import { t } from './i18n.js';
import { session, roles, signOut } from './session.js';

// pages are the signed-in pages in menu order: the roles that open each
// and the API route it stands on (a server without the route shows no page).
const pages = [
  ['programs', ['manager', 'admin', 'auditor'], '/api/v1/programs'],
  ['staff', ['staff'], '/api/v1/programs'],
  ['merchant', ['merchant'], '/api/v1/programs'],
  ['supplier', ['supplier'], '/api/v1/contests'],
  ['judge', ['jury'], '/api/v1/contests'],
  ['contests', ['manager', 'admin', 'auditor'], '/api/v1/contests'],
];

// pagesOf lists the pages a set of roles opens on a server with paths.
export function pagesOf(rs, paths = session.paths) {
  return pages.filter(([, who, path]) => who.some((r) => rs.has(r)) && paths.has(path)).map(([p]) => p);
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
