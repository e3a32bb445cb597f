// The manager's program dashboard: create a program, find merchants in need
// on the map (with the analysis' reasons), choose the cohort, fund, prepay,
// watch the budget burn, settle and download the payment file, and see the
// program's measured effect.
import { h, clear, $ } from './dom.js';
import { t, won, getLang } from './i18n.js';
import { load, send, session, newID, orgsOf, has } from './session.js';
import { figure, table, say, msgLine, field, needSignIn, int, seoulNow } from './page.js';
import { renderEffect } from './effect.js';

const enc = encodeURIComponent;

// reasonText is a targeting reason in the page's language.
export const reasonText = (r) => (getLang() === 'en' ? r.reason_en || r.reason : r.reason) || r.key;
const kindFields = {
  prepayment: [['per_merchant', 'number', 500000], ['redeem_until', 'date'], ['unused', 'select', ['refund', 'donate', 'keep']]],
  meal_kit: [['price', 'number', 12000], ['subsidy', 'number', 8000], ['daily_quota', 'number', 300], ['per_employee_daily', 'number', 2], ['cutoff', 'time', '11:00'], ['pickup', 'time', '17:30']],
  lunchbox: [['daily_orders', 'number', 200], ['unit_price', 'number', 7000], ['employee_price', 'number', 4000]],
};

// burnBar draws spent, committed and remaining as one bar of the funded total.
export function burnBar(r) {
  const total = Math.max(1, r.funded || 0);
  const parts = [['spent', r.spent, '#0072B2'], ['committed', r.committed, '#E69F00'], ['remaining', r.remaining, '#d5d9df']];
  let x = 0;
  return h('svg:svg', { class: 'burn', viewBox: '0 0 1000 22', preserveAspectRatio: 'none', role: 'img', 'aria-label': parts.map(([k, v]) => `${t(k)} ${won(v)}`).join(', ') },
    parts.map(([k, v, color]) => {
      const w = Math.max(0, (v || 0) / total * 1000);
      const rect = h('svg:rect', { x, y: 0, width: w, height: 22, fill: color, 'data-key': k });
      x += w;
      return rect;
    }));
}

// byOperator sums a settlement's lines per operator: what it owes, and
// whether it confirmed paying all of it.
function byOperator(s) {
  const out = new Map();
  for (const l of s.lines || []) {
    const o = out.get(l.operator) || { org: l.operator, amount: 0, paid: true };
    o.amount += l.amount;
    o.paid = o.paid && !!l.paid;
    out.set(l.operator, o);
  }
  return [...out.values()];
}

export function initPrograms(app) {
  const el = $('#page-programs');
  let programs = [];
  let report = null;
  let candidates = [];
  let districts = []; // a public program's districts in need
  let center = null;

  async function enter() {
    el.dataset.loaded = 'false';
    if (needSignIn(el, app, t('view_programs'))) return;
    app.onPickPoint = (ll) => { center = ll; const f = $('#target-lon'); if (f) { f.value = ll.lng.toFixed(5); $('#target-lat').value = ll.lat.toFixed(5); } app.map.drawCircle(ll.lat, ll.lng, Number($('#target-radius')?.value) || 500); };
    try {
      programs = (await load('/api/v1/programs')).programs || [];
    } catch (e) {
      clear(el, h('h2', null, t('view_programs')), msgLine('programs-msg'));
      say($('#programs-msg'), e);
      el.dataset.loaded = 'true';
      return;
    }
    if (!app.state.program && programs.length) app.set({ program: programs[0].id });
    await render();
  }

  async function render() {
    const id = app.state.program;
    report = null;
    if (id) {
      try {
        const [rep, detail, settled] = await Promise.all([load(`/api/v1/programs/${enc(id)}/report`), load(`/api/v1/programs/${enc(id)}`),
          load(`/api/v1/programs/${enc(id)}/settlements`)]);
        report = rep;
        report.cohort = detail.cohort || [];
        report.settlements = settled.settlements || [];
      } catch (e) { report = { error: e }; }
    }
    const picker = h('select', { id: 'program-select', onchange: (e) => { app.set({ program: e.target.value }); render(); } },
      programs.map((p) => h('option', { value: p.id, selected: p.id === id }, `${p.name} · ${t('kind_' + p.kind)}`)));
    const manager = has('manager');
    clear(el,
      h('h2', null, t('view_programs')),
      h('div', { class: 'row' }, programs.length ? field('program', picker) : h('p', { class: 'muted' }, t('none_yet')),
        manager ? h('button', { type: 'button', id: 'program-new', onclick: () => { $('#program-form').hidden = !$('#program-form').hidden; } }, t('new_program')) : null),
      manager ? createForm(!programs.length) : null,
      id && report && !report.error ? detail(report) : null,
      report?.error ? h('p', { class: 'error' }, report.error.message) : null);
    el.dataset.loaded = 'true';
    if (report && !report.error) {
      if (session.paths.has('/api/v1/programs/{id}/effect')) renderEffect($('#program-effect'), id);
      const orgs = await Promise.all(report.cohort.map((m) => load(`/api/v1/orgs/${enc(m.org)}`).then((o) => o.org).catch(() => null)));
      if (!el.hidden && app.state.program === id) app.map.pins(orgs.filter(Boolean).map((o) => ({ id: o.id, name: o.name, lon: o.lon, lat: o.lat })), { fit: orgs.length > 0 });
    }
  }

  function createForm(open) {
    const kind = h('select', { id: 'program-kind' }, Object.keys(kindFields).map((k) => h('option', { value: k }, t('kind_' + k))));
    const extra = h('div', { class: 'row', id: 'program-kind-fields' });
    const today = seoulNow().date;
    const inputs = {};
    const drawKind = () => {
      clear(extra, kindFields[kind.value].map(([name, type, def]) => {
        const input = type === 'select'
          ? h('select', { id: 'program-' + name }, def.map((o) => h('option', { value: o }, t(name + '_' + o))))
          : h('input', { id: 'program-' + name, type: type === 'number' ? 'text' : type, inputmode: type === 'number' ? 'numeric' : null, value: def ?? (type === 'date' ? today : '') });
        inputs[name] = [input, type];
        return field(name, input);
      }));
    };
    kind.addEventListener('change', drawKind);
    drawKind();
    const ops = orgsOf('manager');
    const operator = h('select', { id: 'program-operator' }, ops.map((o) => h('option', { value: o }, session.orgs.find((x) => x.id === o)?.name || o)));
    const msg = msgLine('program-form-msg');
    const form = h('form', { id: 'program-form', hidden: !open, novalidate: true },
      h('div', { class: 'row' }, field('kind', kind), field('program_name', h('input', { id: 'program-name', type: 'text', required: true })),
        field('operators', operator), field('share', h('input', { id: 'program-share', type: 'text', inputmode: 'numeric', value: '100', size: 4 }))),
      h('div', { class: 'row' }, field('budget', h('input', { id: 'program-budget', type: 'text', inputmode: 'numeric' })),
        field('starts', h('input', { id: 'program-starts', type: 'date', value: today })), field('ends', h('input', { id: 'program-ends', type: 'date', value: today })),
        h('label', { class: 'check' }, h('input', { id: 'program-public', type: 'checkbox' }), ' ', t('public_program'))),
      extra,
      h('div', { class: 'row' }, h('button', { type: 'submit', id: 'program-create', class: 'primary' }, t('create'))), msg);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = { kind: kind.value, name: $('#program-name').value.trim(), operators: [{ org: operator.value, share: int($('#program-share')) }],
        budget: int($('#program-budget')), starts: $('#program-starts').value, ends: $('#program-ends').value, public: $('#program-public').checked };
      for (const [name, [input, type]] of Object.entries(inputs)) {
        if (!input.isConnected) continue;
        body[name] = type === 'number' ? int(input) : input.value;
      }
      el.dataset.loaded = 'false';
      try {
        const res = await send('POST', '/api/v1/programs', body);
        programs.unshift(res.program);
        app.set({ program: res.program.id });
      } catch (err) { say(msg, err); el.dataset.loaded = 'true'; return; }
      await render();
    });
    return form;
  }

  function detail(r) {
    const p = r.program || programs.find((x) => x.id === app.state.program) || {};
    const id = p.id || app.state.program;
    const manager = has('manager');
    const act = (formId, labelKey, inputs, run) => {
      const msg = msgLine(formId + '-msg');
      const f = h('form', { id: formId, class: 'row', novalidate: true }, inputs, h('button', { type: 'submit', id: formId.replace(/-form$/, '-run'), class: 'primary' }, t(labelKey)));
      f.addEventListener('submit', async (e) => {
        e.preventDefault();
        el.dataset.loaded = 'false';
        try { await run(); } catch (err) { say(msg, err); el.dataset.loaded = 'true'; return; }
        await render();
      });
      return [f, msg];
    };
    const why = new Map((r.cohort || []).map((m) => [m.org, (m.reasons?.reasons || []).map(reasonText)]));
    const merchants = (r.merchants || []).map((m) => ({ ...m, reasons: why.get(m.org) || [] }));
    return h('div', { id: 'program-detail', 'data-id': id, 'data-kind': p.kind || '' },
      h('h3', null, `${p.name || id} · ${t('kind_' + (p.kind || 'prepayment'))}`, h('span', { class: 'muted small' }, ` ${p.starts || ''} – ${p.ends || ''}`)),
      h('div', { class: 'figures', id: 'program-figures' }, ['budget', 'funded', 'committed', 'spent', 'remaining'].map((k) => figure(k, r[k]))),
      h('h4', null, t('burn')), burnBar(r),
      h('p', { id: 'program-ledger', class: r.ledger_balanced ? 'ok small' : 'error small', 'data-balanced': String(!!r.ledger_balanced) }, r.ledger_balanced ? '✓ ' + t('ledger_balanced') : '✗ ' + t('ledger_unbalanced')),
      manager ? act('fund-form', 'fund', field('amount', h('input', { id: 'fund-amount', type: 'text', inputmode: 'numeric' })),
        () => send('POST', `/api/v1/programs/${enc(id)}/fund`, { id: newID('fund'), amount: int($('#fund-amount')) })) : null,
      manager ? targeting(id) : null,
      h('h3', null, t('cohort_n', { n: merchants.length })),
      table('program-merchants', [
        { key: 'name', label: t('merchant') }, { key: 'prepaid', money: true }, { key: 'redeemed', money: true }, { key: 'balance', money: true },
        { key: 'orders', num: true }, { key: 'kits', num: true }, { key: 'lunchboxes', num: true }, { key: 'payable', money: true }, { key: 'settled', money: true },
        { key: 'reasons', cell: (m) => m.reasons.join(' · ') },
      ], merchants, (m) => ({ 'data-org': m.org })),
      manager && p.kind === 'prepayment' ? act('prepay-form', 'prepay', null, () => send('POST', `/api/v1/programs/${enc(id)}/prepay`, { id: newID('prepay') })) : null,
      p.kind === 'lunchbox' ? act('lunchbox-form', 'lunchbox_order', field('today', h('input', { id: 'lunchbox-date', type: 'date', value: seoulNow().date })),
        () => send('POST', `/api/v1/programs/${enc(id)}/lunchboxes`, { id: newID('box'), date: $('#lunchbox-date').value })) : null,
      h('p', { class: 'small' }, r.redemption_rate == null ? null : `${t('redemption_rate')} ${(100 * r.redemption_rate).toFixed(1)}% · `,
        r.kits_per_day == null ? null : `${t('kits_per_day')} ${r.kits_per_day.toFixed(1)} · `,
        h('a', { href: `/api/v1/programs/${enc(id)}/report?format=csv`, download: `${id}-report.csv`, id: 'report-csv' }, t('report_csv'))),
      h('h3', null, t('settlements')),
      manager ? act('settle-form', 'settle', field('settle_until', h('input', { id: 'settle-until', type: 'date', value: seoulNow().date })),
        () => send('POST', `/api/v1/programs/${enc(id)}/settlements`, { id: newID('settle'), until: $('#settle-until').value })) : null,
      h('ul', { id: 'settlement-list' }, (r.settlements || []).map((s) => h('li', { 'data-id': s.id, 'data-status': s.status, 'data-total': s.total },
        `${s.until} · ${won(s.total)} · ${t(s.status === 'paid' ? 'settled' : 'payable')} `,
        ...byOperator(s).map((o) => h('span', { class: 'small settle-operator', 'data-operator': o.org, 'data-paid': String(o.paid) }, `${session.orgs.find((x) => x.id === o.org)?.name || o.org} ${won(o.amount)}${o.paid ? ' ✓' : ''} `)),
        s.lines.some((l) => !l.paid && orgsOf('manager').includes(l.operator)) ? h('button', { type: 'button', class: 'settle-confirm', onclick: async (e) => {
          el.dataset.loaded = 'false';
          try { await send('POST', `/api/v1/programs/${enc(id)}/settlements/${enc(s.id)}/confirm`); } catch (err) { say($('#settlement-msg'), err); el.dataset.loaded = 'true'; return; }
          await render();
        } }, t('confirm_paid')) : null, ' ',
        h('a', { href: `/api/v1/programs/${enc(id)}/settlements/${enc(s.id)}/payment-file?encoding=utf-8`, download: `${s.id}.csv`, class: 'payment-file', 'data-encoding': 'utf-8' }, t('payment_file') + ' (UTF-8)'), ' ',
        h('a', { href: `/api/v1/programs/${enc(id)}/settlements/${enc(s.id)}/payment-file?encoding=cp949`, download: `${s.id}-cp949.csv`, class: 'payment-file', 'data-encoding': 'cp949' }, 'CP949')))),
      msgLine('settlement-msg'),
      session.paths.has('/api/v1/programs/{id}/effect') ? [h('h3', null, t('effect')), h('div', { id: 'program-effect' })] : null);
  }

  function targeting(id) {
    const industries = app.catalog?.industries || [];
    const msg = msgLine('target-msg');
    const list = h('div', { id: 'candidates' });
    const form = h('form', { id: 'target-form', novalidate: true },
      h('p', { class: 'muted small' }, t('targeting_help')),
      h('div', { class: 'row' },
        field('lon', h('input', { id: 'target-lon', type: 'text', inputmode: 'decimal', size: 9, value: center ? center.lng.toFixed(5) : '' })),
        field('lat', h('input', { id: 'target-lat', type: 'text', inputmode: 'decimal', size: 8, value: center ? center.lat.toFixed(5) : '' })),
        field('radius_m', h('input', { id: 'target-radius', type: 'text', inputmode: 'numeric', size: 5, value: '1000' })),
        field('industry', h('select', { id: 'target-industry' }, h('option', { value: '' }, t('all_industries')), industries.map((i) => h('option', { value: i.code }, i.name)))),
        field('sales_yoy_below', h('input', { id: 'target-sales-below', type: 'text', inputmode: 'decimal', size: 5 })),
        field('close_rate_above', h('input', { id: 'target-close-above', type: 'text', inputmode: 'decimal', size: 5 })),
        h('button', { type: 'submit', id: 'target-run', class: 'primary' }, t('find'))),
      msg, list);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const q = new URLSearchParams();
      const put = (k, sel) => { const v = $(sel).value.trim(); if (v) q.set(k, v); };
      put('lon', '#target-lon'); put('lat', '#target-lat'); put('radius_m', '#target-radius'); put('industry', '#target-industry');
      put('sales_yoy_below', '#target-sales-below'); put('close_rate_above', '#target-close-above');
      try {
        const res = await load(`/api/v1/programs/${enc(id)}/candidates?${q}`);
        candidates = res.candidates || [];
        districts = res.districts || [];
      } catch (err) { say(msg, err); return; }
      say(msg, t('candidates_n', { n: candidates.length }) + (districts.length ? ` · ${t('districts_n', { n: districts.length })}` : ''));
      drawCandidates(id, list);
    });
    if (candidates.length || districts.length) drawCandidates(id, list);
    return h('section', null, h('h3', null, t('targeting')), form);
  }

  function drawCandidates(id, list) {
    const orgOf = (c) => c.org;
    const nameOf = (c) => c.name;
    const box = (c) => h('input', { type: 'checkbox', class: 'candidate', 'data-org': orgOf(c), checked: true, 'aria-label': nameOf(c) });
    const msg = msgLine('cohort-msg');
    clear(list,
      h('ol', { class: 'recommendations', id: 'candidate-list' }, candidates.map((c) => h('li', { 'data-org': orgOf(c) },
        h('label', { class: 'rec-head' }, box(c), h('strong', null, nameOf(c)),
          h('span', { class: 'muted small' }, ` ${app.map.info.get(c.district_code)?.name || c.district_code || ''}${typeof c.distance_m === 'number' ? ` · ${Math.round(c.distance_m)} m` : ''}`)),
        h('ul', { class: 'reasons' }, (c.reasons || []).map((r) => h('li', { 'data-key': r.key }, reasonText(r))))))),
      h('button', { type: 'button', id: 'cohort-run', class: 'primary', onclick: async () => {
        const chosen = [...list.querySelectorAll('input.candidate:checked')].map((b) => b.dataset.org);
        el.dataset.loaded = 'false';
        try {
          await send('POST', `/api/v1/programs/${enc(id)}/merchants`, { merchants: chosen });
        } catch (err) { say(msg, err); el.dataset.loaded = 'true'; return; }
        candidates = [];
        await render();
      } }, t('choose_cohort')), msg,
      districts.length ? h('section', { id: 'district-candidates' }, h('h4', null, t('districts_in_need')),
        h('ol', { class: 'recommendations', id: 'district-list' }, districts.map((d) => h('li', { 'data-code': d.code },
          h('div', { class: 'rec-head' }, h('strong', null, d.name),
            h('span', { class: 'muted small' }, ` ${d.gu_name || ''}${typeof d.distance_m === 'number' ? ` · ${Math.round(d.distance_m)} m` : ''}`)),
          h('ul', { class: 'reasons' }, (d.reasons || []).map((r) => h('li', { 'data-key': r.key }, reasonText(r)))))))) : null);
    app.map.pins([
      ...candidates.map((c) => ({ id: c.org, name: c.name, lon: c.lon, lat: c.lat, color: '#CC79A7' })),
      ...districts.map((d) => ({ id: d.code, name: d.name, lon: d.lon, lat: d.lat, color: '#0072B2', className: 'district-pin' })),
    ], { fit: true });
  }

  return {
    enter,
    leave() { app.map.pins([]); app.map.clearDrawing(); app.onPickPoint = null; },
    rerender() { if (!el.hidden && session.user) render(); },
  };
}
