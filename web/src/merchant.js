// The merchant's page (phone-first): today's kit orders and lunchboxes with
// pick-up, redeeming a prepaid amount from an employee's code, the prepaid
// balance, and what the program owes and has settled.
import { h, clear, $ } from './dom.js';
import { t, won, formatNumber } from './i18n.js';
import { load, send, session, orgsOf, newID } from './session.js';
import { say, msgLine, field, needSignIn, seoulNow, int, figure } from './page.js';

const enc = encodeURIComponent;

export function initMerchant(app) {
  const el = $('#page-merchant');

  async function enter() {
    el.dataset.loaded = 'false';
    if (needSignIn(el, app, t('view_merchant'))) return;
    await render();
  }

  async function render() {
    el.dataset.loaded = 'false';
    const shop = orgsOf('merchant')[0];
    const today = seoulNow();
    let mine;
    try {
      const programs = (await load('/api/v1/programs')).programs || [];
      const details = await Promise.all(programs.map((p) => load(`/api/v1/programs/${enc(p.id)}`)));
      mine = details.filter((d) => d.cohort.some((m) => m.org === shop));
    } catch (e) { clear(el, h('h2', null, t('view_merchant')), msgLine('merchant-msg')); say($('#merchant-msg'), e); el.dataset.loaded = 'true'; return; }
    const parts = [h('h2', null, t('view_merchant'), h('span', { class: 'muted small' }, ` ${session.orgs.find((o) => o.id === shop)?.name || shop} · ${today.date}`))];
    if (!mine.length) parts.push(h('p', { class: 'muted' }, t('no_programs')));
    for (const d of mine) parts.push(await programCard(d.program, shop, today));
    clear(el, ...parts);
    el.dataset.loaded = 'true';
  }

  async function programCard(p, shop, today) {
    const [fig, sheet] = await Promise.all([
      load(`/api/v1/programs/${enc(p.id)}/merchants/${enc(shop)}`).then((r) => r.merchant),
      p.kind === 'prepayment' ? null : load(`/api/v1/programs/${enc(p.id)}/merchants/${enc(shop)}/sheet?date=${today.date}`).then((r) => r.sheet),
    ]);
    const msg = msgLine('merchant-msg-' + p.id);
    const act = async (f) => {
      el.dataset.loaded = 'false';
      try { await f(); } catch (err) { say(msg, err); el.dataset.loaded = 'true'; return; }
      await render();
    };
    const box = h('section', { class: 'merchant-program', 'data-program': p.id, 'data-kind': p.kind }, h('h3', null, `${p.name} · ${t('kind_' + p.kind)}`));
    if (sheet) {
      box.append(h('h4', null, t('todays_orders')),
        p.kind === 'lunchbox' ? h('p', { class: 'lunchbox-sheet', 'data-lunchboxes': sheet.lunchboxes, 'data-amount': sheet.amount }, `${t('lunchbox_sheet')}: ${formatNumber(sheet.lunchboxes)} · ${won(sheet.amount)}`) : null,
        p.kind === 'meal_kit' ? h('p', { class: 'small', 'data-kits': sheet.kits }, `${t('kits')} ${formatNumber(sheet.kits)} · ${t('pickup')} ${p.pickup}`,
          today.time < p.cutoff ? h('span', { class: 'muted pickup-note' }, ` · ${t('pickup_from', { cutoff: p.cutoff })}`) : null) : null,
        sheet.orders.length ? h('ul', { class: 'order-list', id: `orders-${p.id}` }, sheet.orders.map((o) => h('li', { 'data-order': o.id, 'data-status': o.status },
          h('span', { class: 'name' }, `× ${o.quantity}`), h('span', { class: 'muted small' }, o.employee),
          h('span', { class: 'order-status' }, t('status_' + o.status)),
          o.status === 'placed' ? h('button', { type: 'button', class: 'primary big-button pickup', disabled: today.time < p.cutoff, title: t('pickup_from', { cutoff: p.cutoff }), onclick: () => act(() => send('POST', `/api/v1/programs/${enc(p.id)}/orders/${enc(o.id)}/pickup`)) }, t('picked_up')) : null))) : null);
    }
    if (p.kind === 'prepayment') {
      const code = h('input', { type: 'text', class: 'redeem-code', autocomplete: 'off', inputmode: 'text' });
      const amount = h('input', { type: 'text', class: 'redeem-amount', inputmode: 'numeric' });
      const form = h('form', { class: 'stack redeem-form', novalidate: true }, field('code', code), field('amount', amount),
        h('button', { type: 'submit', class: 'primary big-button redeem-run' }, t('redeem_run')));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        act(() => send('POST', `/api/v1/programs/${enc(p.id)}/redemptions`, { id: newID('redeem'), merchant: shop, amount: int(amount), employee: code.value.trim() }));
      });
      box.append(h('h4', null, t('redeem')), h('p', { class: 'small muted' }, `${t('redeem_until')} ${p.redeem_until}`), form);
    }
    box.append(msg,
      h('div', { class: 'figures merchant-figures' },
        p.kind === 'prepayment' ? [figure('prepaid', fig.prepaid), figure('redeemed', fig.redeemed), figure('balance', fig.balance)] : null,
        figure('payable', fig.payable), figure('settled', fig.settled)));
    return box;
  }

  return { enter, rerender() { if (!el.hidden && session.user) render(); } };
}
