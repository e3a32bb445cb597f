// The employee's page (phone-first): their redemption code and QR, today's
// meal kits from the program's restaurants with their order (order or
// cancel before the cut-off), and the prepaid restaurants near them on the
// map.
import { h, clear, $ } from './dom.js';
import { t, won } from './i18n.js';
import { load, send, session, orgsOf, newID } from './session.js';
import { say, msgLine, needSignIn, seoulNow } from './page.js';
import { qrCode } from './qr.js';

const enc = encodeURIComponent;

// distance is the great-circle distance in metres.
function distance(a, b) {
  const r = Math.PI / 180, dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.sqrt(s));
}

export function initStaff(app) {
  const el = $('#page-staff');
  const orgCache = new Map();
  const org = (id) => {
    if (!orgCache.has(id)) orgCache.set(id, load(`/api/v1/orgs/${enc(id)}`).then((o) => o.org).catch(() => null));
    return orgCache.get(id);
  };

  async function enter() {
    el.dataset.loaded = 'false';
    if (needSignIn(el, app, t('view_staff'))) return;
    await render();
  }

  async function render() {
    el.dataset.loaded = 'false';
    const mine = orgsOf('staff');
    const today = seoulNow();
    let programs;
    try {
      programs = ((await load('/api/v1/programs')).programs || []).filter((p) => p.operators.some((o) => mine.includes(o.org)) && p.starts <= today.date && today.date <= p.ends);
    } catch (e) { clear(el, h('h2', null, t('view_staff')), msgLine('staff-msg')); say($('#staff-msg'), e); el.dataset.loaded = 'true'; return; }
    const details = await Promise.all(programs.map((p) => load(`/api/v1/programs/${enc(p.id)}`).catch(() => ({ program: p, cohort: [] }))));
    const code = session.user.id;
    const parts = [h('h2', null, t('view_staff')),
      h('section', { id: 'my-code-box' }, h('h3', null, t('my_code')), h('p', { class: 'small muted' }, t('my_code_help')),
        qrCode(code, t('my_code')), h('p', { id: 'my-code', class: 'code', 'data-code': code }, code))];
    if (!programs.length) parts.push(h('p', { class: 'muted' }, t('no_programs')));
    for (const d of details) {
      if (d.program.kind === 'meal_kit') parts.push(await kits(d, today));
    }
    const prepaid = details.filter((d) => d.program.kind === 'prepayment');
    if (prepaid.length) parts.push(await near(prepaid, mine));
    clear(el, ...parts);
    el.dataset.loaded = 'true';
  }

  // kits lists today's kits of a meal-kit program: each restaurant with an
  // order button, and the employee's own orders with a cancel button.
  async function kits(d, today) {
    const p = d.program;
    const closed = today.time >= p.cutoff;
    const sheets = await Promise.all(d.cohort.map((m) => load(`/api/v1/programs/${enc(p.id)}/merchants/${enc(m.org)}/sheet?date=${today.date}`).then((r) => r.sheet).catch(() => null)));
    const mineOrders = sheets.filter(Boolean).flatMap((s) => s.orders.filter((o) => o.employee === session.user.id));
    const msg = msgLine('kit-msg-' + p.id);
    const names = Object.fromEntries(d.cohort.map((m) => [m.org, m.name]));
    const act = async (f) => {
      el.dataset.loaded = 'false';
      try { await f(); } catch (err) { say(msg, err); el.dataset.loaded = 'true'; return; }
      await render();
    };
    return h('section', { class: 'kit-program', 'data-program': p.id },
      h('h3', null, `${p.name} · ${t('today')} ${today.date}`),
      h('p', { class: 'small' }, `${t('price')} ${won(p.price)} · ${t('subsidy')} ${won(p.subsidy)} · ${t('employee_pays')} ${won(p.price - p.subsidy)} · ${t('cutoff')} ${p.cutoff} · ${t('pickup')} ${p.pickup}`),
      closed ? h('p', { class: 'error order-closed' }, t('order_closed', { cutoff: p.cutoff })) : null,
      h('ul', { class: 'kit-list' }, d.cohort.map((m) => {
        const qty = h('input', { type: 'number', min: 1, max: p.per_employee_daily, value: 1, class: 'kit-qty', inputmode: 'numeric', 'aria-label': t('quantity'), style: 'width:4em' });
        return h('li', { 'data-merchant': m.org }, h('span', { class: 'name' }, m.name),
          h('span', null, qty, ' ', h('button', { type: 'button', class: 'primary big-button kit-order', disabled: closed, onclick: () => act(() =>
            send('POST', `/api/v1/programs/${enc(p.id)}/orders`, { id: newID('order'), merchant: m.org, date: today.date, quantity: Number(qty.value) })) }, t('order'))));
      })),
      h('h4', null, t('orders')),
      mineOrders.length ? h('ul', { class: 'order-list my-orders' }, mineOrders.map((o) => h('li', { 'data-order': o.id, 'data-status': o.status, 'data-quantity': o.quantity, 'data-employee-pays': o.employee_pays },
        h('span', { class: 'name' }, names[o.merchant] || o.merchant), h('span', null, `× ${o.quantity} · ${t('employee_pays')} ${won(o.employee_pays)}`),
        h('span', { class: 'order-status' }, t('status_' + o.status)),
        o.status === 'placed' && !closed ? h('button', { type: 'button', class: 'kit-cancel', onclick: () => act(() => send('DELETE', `/api/v1/programs/${enc(p.id)}/orders/${enc(o.id)}`)) }, t('cancel')) : null))) : h('p', { class: 'muted' }, t('none_yet')),
      msg);
  }

  // near lists the prepaid restaurants, nearest to the employee's operator
  // first, and shows them on the map.
  async function near(prepaid, mine) {
    const home = (await Promise.all(mine.map(org))).find((o) => o && typeof o.lat === 'number');
    const byID = new Map(); // a restaurant once, with every program it is prepaid by
    for (const d of prepaid) {
      for (const m of d.cohort) {
        if (byID.has(m.org)) { byID.get(m.org).program += ', ' + d.program.name; continue; }
        const o = await org(m.org);
        if (o) byID.set(o.id, { id: o.id, name: o.name, lon: o.lon, lat: o.lat, program: d.program.name, d: home && typeof o.lat === 'number' ? distance(home, o) : null });
      }
    }
    const merchants = [...byID.values()];
    merchants.sort((a, b) => (a.d ?? Infinity) - (b.d ?? Infinity) || a.name.localeCompare(b.name, 'ko'));
    app.map.pins(merchants, { fit: true });
    return h('section', { id: 'prepaid-near' }, h('h3', null, t('prepaid_near')),
      h('ul', { class: 'order-list' }, merchants.map((m) => h('li', { 'data-merchant': m.id }, h('span', { class: 'name' }, m.name),
        h('span', { class: 'muted small' }, `${m.program}${m.d != null ? ` · ${Math.round(m.d)} m` : ''}`)))));
  }

  return { enter, leave() { app.map.pins([]); }, rerender() { if (!el.hidden && session.user) render(); } };
}
