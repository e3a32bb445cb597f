// Building blocks of the signed-in pages: money figures and tables whose
// cells carry the API's value (data-key, data-raw), a message line, a field,
// the sign-in prompt, and the date in Seoul.
import { h, clear } from './dom.js';
import { t, won, formatNumber } from './i18n.js';
import { session } from './session.js';

// figure is one labelled amount of won: .figure[data-key][data-raw].
export function figure(key, v, labelKey = key) {
  return h('div', { class: 'figure', 'data-key': key, 'data-raw': v == null ? '' : String(v) },
    h('span', { class: 'name' }, t(labelKey)), h('strong', { class: 'money' }, won(v)));
}

// table draws rows under columns {key, label, money?, num?, cell?}; every
// cell carries data-key and, for numbers, data-raw. rowAttrs(row) adds
// attributes to a row.
export function table(id, cols, rows, rowAttrs = () => ({})) {
  return h('div', { class: 'table-scroll' }, h('table', { id },
    h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col', class: c.money || c.num ? 'num' : null }, c.label ?? t(c.key))))),
    h('tbody', null, rows.map((r) => h('tr', rowAttrs(r), cols.map((c) => {
      const v = r[c.key];
      if (c.cell) return h('td', { 'data-key': c.key }, c.cell(r));
      if (c.money) return h('td', { class: 'num money', 'data-key': c.key, 'data-raw': v == null ? '' : String(v) }, won(v));
      if (c.num) return h('td', { class: 'num', 'data-key': c.key, 'data-raw': v == null ? '' : String(v) }, typeof v === 'number' ? formatNumber(v) : '–');
      return h('td', { 'data-key': c.key }, v == null ? '' : String(v));
    }))))));
}

// say writes a message (or an API error, in words) in a message line.
export function say(el, msg, isError = false) {
  if (msg instanceof Error) {
    isError = true;
    msg = msg.status === 403 ? `${t('forbidden')} (${msg.message})` : `${t('error')}: ${msg.message}${msg.code ? ` (${msg.code})` : ''}`;
  }
  el.textContent = msg || '';
  el.classList.toggle('error', !!isError);
  el.classList.toggle('ok', !isError && !!msg);
  el.dataset.error = isError ? 'true' : 'false';
}

export const msgLine = (id) => h('p', { id, class: 'msg', role: 'status', 'aria-live': 'polite' });

// field is a labelled input.
export const field = (labelKey, input) => h('label', null, h('span', null, t(labelKey)), input);

// needSignIn draws the sign-in prompt on el when nobody is signed in; it
// reports whether it did.
export function needSignIn(el, app, title) {
  if (session.user) return false;
  clear(el, h('h2', null, title), h('p', null, h('button', { type: 'button', class: 'primary', onclick: () => app.showView('signin', { focus: true }) }, t('signin'))));
  el.dataset.loaded = 'true';
  return true;
}

// seoulNow is the date (YYYY-MM-DD) and time (HH:MM) in Asia/Seoul, where
// the programs' days and cut-offs are.
export function seoulNow(d = new Date()) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(d).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

// int reads a whole number from an input ('' → undefined).
export function int(input) {
  const s = String(input.value).replace(/[,\s]/g, '');
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : NaN;
}
