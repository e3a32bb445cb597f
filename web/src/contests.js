// The manager's contests and early payments: create a contest, assign its
// jury, read the results (greedy selection by rank beside the optimum),
// publish, distribute the purchase over the stores; create an early-payment
// run, import its invoices, run it, read its report and get its payment file.
import { h, clear, $ } from './dom.js';
import { t, won, formatNumber } from './i18n.js';
import { load, send, orgsOf, orgName, newID, has } from './session.js';
import { figure, table, say, msgLine, field, needSignIn, int, seoulNow } from './page.js';
import { contestList, picker, criteriaText, explain } from './contestpick.js';

const enc = encodeURIComponent;
const defaultCriteria = 'usefulness,쓰임새,30\nquality,품질,25\nprice,가격,20\ninnovation,혁신,15\nsustainability,지속가능성,10';

// lines reads "a,b,c" lines of a textarea, skipping empty ones.
const lines = (s) => s.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split(',').map((x) => x.trim()));

export function initContests(app) {
  const el = $('#page-contests');
  let contests = [];

  async function enter() {
    el.dataset.loaded = 'false';
    if (needSignIn(el, app, t('view_contests'))) return;
    try { contests = await contestList(); } catch (e) { clear(el, h('h2', null, t('view_contests')), msgLine('contests-msg')); say($('#contests-msg'), e); el.dataset.loaded = 'true'; return; }
    await render();
  }

  async function render() {
    el.dataset.loaded = 'false';
    const manager = has('manager');
    const parts = [h('h2', null, t('contests')), contests.length ? picker(app, contests, render) : null];
    if (manager) parts.push(createContest());
    if (contests.length && app.state.contest) parts.push(await contestPanel(app.state.contest, manager));
    parts.push(h('h2', null, t('early_payments')));
    if (manager) parts.push(createRun());
    parts.push(await runPanel());
    clear(el, ...parts);
    el.dataset.loaded = 'true';
  }

  // act is a form whose submit runs run() and redraws the page, or says why not.
  function act(id, labelKey, inputs, run, cls = 'row') {
    const msg = msgLine(id + '-msg');
    const f = h('form', { id, class: cls, novalidate: true }, inputs, h('button', { type: 'submit', id: id.replace(/-form$/, '-run'), class: 'primary' }, t(labelKey)), msg);
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      el.dataset.loaded = 'false';
      try { await run(); } catch (err) { say(msg, err); el.dataset.loaded = 'true'; return; }
      await render();
    });
    return f;
  }

  function createContest() {
    const ops = orgsOf('manager');
    const now = seoulNow();
    const form = act('contest-form', 'create', [
      h('div', { class: 'row' },
        field('program_name', h('input', { id: 'contest-name', type: 'text' })),
        field('operators', h('select', { id: 'contest-operator' }, ops.map((o) => h('option', { value: o }, orgName(o))))),
        field('budget', h('input', { id: 'contest-budget', type: 'text', inputmode: 'numeric' })),
        field('per_entry', h('input', { id: 'contest-per-entry', type: 'text', inputmode: 'numeric', value: '3', size: 3 })),
        field('mode', h('select', { id: 'contest-method' }, h('option', { value: 'zscore' }, 'z-score'), h('option', { value: 'trimmed' }, '최고·최저 제외 평균 (trimmed)')))),
      h('div', { class: 'row' },
        field('starts', h('input', { id: 'contest-opens', type: 'datetime-local', value: `${now.date}T00:00` })),
        field('ends', h('input', { id: 'contest-closes', type: 'datetime-local', value: `${now.date}T23:59` }))),
      field('criterion', h('textarea', { id: 'contest-criteria', rows: 5, cols: 34 }, defaultCriteria)),
    ], async () => {
      const kst = (v) => new Date(v + ':00+09:00').toISOString();
      const res = await send('POST', '/api/v1/contests', {
        operator: $('#contest-operator').value, name: $('#contest-name').value.trim(), budget: int($('#contest-budget')),
        opens_at: kst($('#contest-opens').value), closes_at: kst($('#contest-closes').value), per_entry: int($('#contest-per-entry')), method: $('#contest-method').value,
        criteria: lines($('#contest-criteria').value).map(([key, name, w]) => ({ key, name, weight: Number(w) })),
      });
      contests.push(res.contest);
      app.set({ contest: res.contest.id });
    });
    return h('details', { id: 'contest-new', open: !contests.length }, h('summary', null, t('new_contest')), form);
  }

  async function contestPanel(id, manager) {
    let detail, res;
    try {
      detail = await load(`/api/v1/contests/${enc(id)}`);
      res = await load(`/api/v1/contests/${enc(id)}/results`);
    } catch (e) { const m = msgLine('contest-msg'); say(m, e); return m; }
    const c = detail.contest;
    const out = h('section', { id: 'contest-detail', 'data-id': c.id, 'data-published': String(!!c.published_at) },
      h('p', { class: 'small muted' }, `${criteriaText(c)} · ${c.method} · ${t('entries')} ${detail.entries.length}`));
    if (manager && !c.published_at) {
      out.append(act('jury-form', 'assign', [
        field('jury', h('textarea', { id: 'jury-users', rows: 3, cols: 34, placeholder: 'u_…' })),
        field('per_entry', h('input', { id: 'jury-per-entry', type: 'text', inputmode: 'numeric', size: 3, value: String(c.per_entry) })),
      ], async () => {
        const users = $('#jury-users').value.split(/[\s,]+/).filter(Boolean);
        await send('POST', `/api/v1/contests/${enc(id)}/jury`, { users, per_entry: int($('#jury-per-entry')) });
      }));
    }
    const names = Object.fromEntries(detail.entries.map((e) => [e.id, e.product]));
    out.append(
      h('h3', null, t('results')),
      h('div', { class: 'figures', id: 'contest-figures' }, figure('budget', res.budget), figure('spent', res.spent, 'greedy'),
        res.optimum_spent == null ? null : figure('optimum_spent', res.optimum_spent, 'optimum'),
        res.difference == null ? null : figure('difference', res.difference)),
      h('p', { class: 'small muted', id: 'contest-selection' }, res.selection || ''),
      table('contest-results', [
        { key: 'rank', num: true }, { key: 'product', cell: (r) => r.product || names[r.entry] || r.entry }, { key: 'supplier', label: t('role_supplier'), cell: (r) => r.supplier_name || orgName(r.supplier) },
        { key: 'score', cell: (r) => (typeof r.score === 'number' ? r.score.toFixed(2) : '–') }, { key: 'selected_units', num: true }, { key: 'cost', money: true },
        { key: 'optimum_units', label: t('optimum'), num: true },
      ], res.entries, (r) => ({ 'data-entry': r.entry })),
      h('details', null, h('summary', null, t('how_computed')), res.entries.map((r) => h('div', { 'data-entry': r.entry }, h('h4', null, `${r.rank}. ${r.product || r.entry}`), explain(r.explanation, c.criteria)))));
    if (manager && !c.published_at && res.entries.length) {
      out.append(act('publish-form', 'apply', null, () => send('POST', `/api/v1/contests/${enc(id)}/publish`, {})));
      $('#publish-run', out).textContent = document.documentElement.lang === 'en' ? 'Publish the results' : '결과 발표';
    }
    if (manager && c.published_at) {
      const result = h('div', { id: 'distribution-result' });
      const form = act('distribution-form', 'distribute', [
        field('online_share', h('input', { id: 'dist-online', type: 'text', inputmode: 'decimal', size: 5, value: '30' })),
        field('stores', h('textarea', { id: 'dist-stores', rows: 4, cols: 28, placeholder: 'store-1,120' })),
      ], async () => {
        const stores = lines($('#dist-stores').value).map(([sid, w]) => ({ id: sid, weight: Number(w) }));
        const d = await send('POST', `/api/v1/contests/${enc(id)}/distribution`, { online_share: Math.round(Number($('#dist-online').value) * 100), stores });
        lastDistribution = d;
      });
      out.append(h('h3', null, t('distribution')), form, result);
      if (lastDistribution) drawDistribution(result, lastDistribution, names);
    }
    return out;
  }
  let lastDistribution = null;

  function drawDistribution(el, d, names) {
    const cols = [{ key: 'entry', label: t('product'), cell: (p) => names[p.entry] || p.entry }, { key: 'units', num: true, label: t('selected_units') }, { key: 'online', num: true, label: 'online' }];
    d.stores.forEach((s, i) => cols.push({ key: 's' + i, label: s, num: true }));
    const rows = d.products.map((p) => ({ ...p, ...Object.fromEntries(p.stores.map((u, i) => ['s' + i, u])) }));
    clear(el, table('distribution-table', cols, rows, (p) => ({ 'data-entry': p.entry })),
      h('ul', { id: 'purchase-orders', class: 'small' }, (d.purchase_orders || []).map((o) => h('li', { 'data-entry': o.entry }, `${o.supplier_name || orgName(o.supplier)} · ${names[o.entry] || o.entry} ${formatNumber(o.units)} × ${won(o.unit_price)} = ${won(o.amount)}`))));
  }

  function createRun() {
    const ops = orgsOf('manager');
    const form = act('run-form', 'create', [
      h('div', { class: 'row' },
        field('program_name', h('input', { id: 'run-name', type: 'text' })),
        field('operators', h('select', { id: 'run-operator' }, ops.map((o) => h('option', { value: o }, orgName(o))))),
        field('pay_date', h('input', { id: 'run-pay-date', type: 'date', value: seoulNow().date })),
        field('due_within_days', h('input', { id: 'run-within', type: 'text', inputmode: 'numeric', size: 4, value: '60' })),
        field('budget', h('input', { id: 'run-budget', type: 'text', inputmode: 'numeric' })),
        field('mode', h('select', { id: 'run-mode' }, h('option', { value: 'sangsaeng' }, t('mode_sangsaeng')), h('option', { value: 'discount' }, t('mode_discount')))),
        field('apr', h('input', { id: 'run-apr', type: 'text', inputmode: 'decimal', size: 5 }))),
      field('role_supplier', h('textarea', { id: 'run-suppliers', rows: 3, cols: 50, placeholder: 'business_no,name,sme_cert,bank,account,holder' })),
    ], async () => {
      const mode = $('#run-mode').value;
      const res = await send('POST', '/api/v1/early-payments', {
        operator: $('#run-operator').value, name: $('#run-name').value.trim(), pay_date: $('#run-pay-date').value, within_days: int($('#run-within')),
        budget: int($('#run-budget')), mode, apr_bp: mode === 'discount' ? Math.round(Number($('#run-apr').value) * 100) : 0,
        suppliers: lines($('#run-suppliers').value).map(([business_no, name, sme_cert, bank, account, holder]) => ({ business_no, name, sme_cert: sme_cert || '', bank, account, holder })),
      });
      app.set({ run: res.early_payment.id });
    });
    return h('details', { id: 'run-new' }, h('summary', null, t('new_run')), form);
  }

  async function runPanel() {
    let list = [];
    try { list = (await load('/api/v1/early-payments')).early_payments || []; } catch (e) { const m = msgLine('run-msg'); say(m, e); return m; }
    if (!list.length) return h('p', { class: 'muted', id: 'run-none' }, t('none_yet'));
    if (!list.some((x) => x.id === app.state.run)) app.set({ run: list[0].id });
    const id = app.state.run;
    const open = h('div', { class: 'row', id: 'run-open' }, field('early_payments', h('select', { id: 'run-id', onchange: (e) => { app.set({ run: e.target.value }); render(); } },
      list.map((x) => h('option', { value: x.id, selected: x.id === id, 'data-state': x.state }, `${x.name} · ${x.pay_date.slice(0, 10)} · ${t('run_' + x.state)}`)))));
    let run, report = null;
    try {
      run = (await load(`/api/v1/early-payments/${enc(id)}`)).early_payment;
      if (run.run_at) report = await load(`/api/v1/early-payments/${enc(id)}/report`);
    } catch (e) { const m = msgLine('run-msg'); say(m, e); return h('div', null, open, m); }
    const out = h('section', { id: 'run-detail', 'data-id': run.id, 'data-state': run.state },
      open, h('h3', null, `${run.name} · ${run.pay_date.slice(0, 10)} · ${t('budget')} ${won(run.budget)} · ${run.mode === 'discount' ? `${t('mode_discount')} ${run.apr_bp / 100}%` : t('mode_sangsaeng')}`));
    if (!run.run_at) {
      const importMsg = msgLine('invoices-msg');
      const file = h('input', { id: 'invoices-file', type: 'file', accept: '.csv,text/csv' });
      const imp = h('form', { id: 'invoices-form', class: 'row', novalidate: true }, field('invoices', file),
        h('button', { type: 'submit', id: 'invoices-run', class: 'primary' }, t('import')), importMsg);
      imp.addEventListener('submit', async (e) => {
        e.preventDefault();
        if (!file.files[0]) return;
        try {
          const buf = await file.files[0].arrayBuffer();
          const res = await send('POST', `/api/v1/early-payments/${enc(id)}/invoices`, new Uint8Array(buf), 'text/csv');
          say(importMsg, `${t('import')}: ${formatNumber(res.imported)} (+${formatNumber(res.already)} already, ${res.encoding})`);
          importMsg.dataset.imported = String(res.imported);
        } catch (err) {
          say(importMsg, err);
        }
      });
      out.append(imp, act('pay-form', 'run_pay', h('p', { class: 'small muted' }, document.documentElement.lang === 'en'
        ? 'Rule: the earliest due invoices first, then the smallest supplier, until the budget ends: the money reaches the most SMEs.'
        : '규칙: 만기가 가장 이른 세금계산서부터, 같으면 작은 공급사부터, 예산이 닿는 데까지: 돈이 가장 많은 중소기업에 닿도록.'),
      () => send('POST', `/api/v1/early-payments/${enc(id)}/run`, { id: newID('run') })));
    }
    if (report) {
      const r = report.report;
      out.append(
        h('div', { class: 'figures', id: 'run-figures' },
          h('div', { class: 'figure', 'data-key': 'suppliers', 'data-raw': r.suppliers }, h('span', { class: 'name' }, t('suppliers_paid')), h('strong', null, formatNumber(r.suppliers))),
          h('div', { class: 'figure', 'data-key': 'invoices', 'data-raw': r.invoices }, h('span', { class: 'name' }, t('invoices_paid')), h('strong', null, formatNumber(r.invoices))),
          figure('total', r.total), figure('discount', r.discount), figure('cash', r.cash, 'spent'),
          h('div', { class: 'figure', 'data-key': 'weighted_days_early', 'data-raw': r.weighted_days_early }, h('span', { class: 'name' }, t('days_early')), h('strong', null, r.weighted_days_early.toFixed(1)))),
        h('p', { class: 'small', id: 'run-ledger', 'data-total': report.ledger?.total, 'data-cash': report.ledger?.cash }, `ledger: ${won(report.ledger?.cash)} + ${won(report.ledger?.discount)}`),
        h('h4', null, `${t('overdue')} (${(r.over_60_days || []).length})`),
        table('run-over60', [{ key: 'invoice_no', label: 'invoice' }, { key: 'supplier_business_no', label: t('role_supplier') }, { key: 'amount', money: true }, { key: 'days', num: true }], r.over_60_days || []),
        h('p', null,
          h('a', { href: `/api/v1/early-payments/${enc(id)}/payment-file?encoding=utf-8`, download: `${id}.csv`, class: 'payment-file', 'data-encoding': 'utf-8' }, t('payment_file') + ' (UTF-8)'), ' ',
          h('a', { href: `/api/v1/early-payments/${enc(id)}/payment-file?encoding=cp949`, download: `${id}-cp949.csv`, class: 'payment-file', 'data-encoding': 'cp949' }, 'CP949')));
    }
    return out;
  }

  return { enter, rerender() { if (!el.hidden) render(); } };
}
