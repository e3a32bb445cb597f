// The sign-in page: email and password, then the user's first page.
import { h, clear, $ } from './dom.js';
import { t } from './i18n.js';
import { signIn } from './session.js';
import { renderShell, homePage } from './shell.js';

export function initSignin(app) {
  const el = $('#page-signin');
  let lastEmail = '';
  function render() {
    const msg = h('p', { id: 'signin-error', class: 'error', role: 'alert', hidden: true });
    const email = h('input', { id: 'signin-email', type: 'email', autocomplete: 'username', required: true, value: lastEmail });
    const password = h('input', { id: 'signin-password', type: 'password', autocomplete: 'current-password', required: true });
    const form = h('form', { id: 'signin-form', class: 'stack', novalidate: true },
      h('label', null, t('email'), email),
      h('label', null, t('password'), password),
      h('button', { type: 'submit', id: 'signin-run', class: 'primary' }, t('signin_run')),
      msg);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      lastEmail = email.value.trim();
      msg.hidden = true;
      try {
        await signIn(lastEmail, password.value);
      } catch (err) {
        msg.textContent = err.status === 429 ? t('signin_throttled') : err.status === 401 ? t('signin_failed') : `${t('error')}: ${err.message}`;
        msg.hidden = false;
        password.value = '';
        password.focus();
        return;
      }
      password.value = '';
      renderShell(app);
      app.showView(homePage(), { focus: true });
    });
    clear(el, h('h2', null, t('signin')), h('p', { class: 'muted' }, t('signin_help')), form);
  }
  return {
    enter() { render(); $('#signin-email')?.focus(); },
    rerender() { if (!el.hidden) render(); },
  };
}
