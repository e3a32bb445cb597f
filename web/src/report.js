// The one-page district report: key figures, the start-up risk light, the
// evaluation score with its five components, charts of the published rows and
// of the history, similar districts and every indicator. Every number is a
// button that opens its formula.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { barChart, lineChart, okabeIto } from './charts.js';
import { t, indicatorName, unitName, valueText, approxKRW, label, quarterName, formatNumber, getLang, flagName } from './i18n.js';

// flagList shows an indicator's flags in words, each keeping its code.
export function flagList(flags) {
  return flags?.length ? h('span', { class: 'flags' }, flags.map((f) => h('span', { class: 'flag', 'data-flag': f, title: f }, flagName(f)))) : null;
}

const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const bands = ['00-06', '06-11', '11-14', '14-17', '17-21', '21-24'];
const ages = ['10', '20', '30', '40', '50', '60+'];
const riskLevels = ['주의', '의심', '위험', '고위험'];
const riskColors = ['#fee08b', '#fdae61', '#f46d43', '#a50026'];
const componentKeys = [['growth', 'evaluation_growth'], ['stability', 'evaluation_stability'], ['sales_power', 'evaluation_sales_power'], ['purchasing_power', 'evaluation_purchasing_power'], ['attraction', 'evaluation_attraction']];
const keyFigures = ['sales_amount', 'sales_count', 'ticket_avg', 'sales_per_store', 'sales_qoq_pct', 'sales_yoy_pct', 'weekend_share', 'foot_traffic_total', 'foot_traffic_per_km2', 'similar_stores', 'open_rate', 'close_rate', 'franchise_share', 'saturation_vs_seoul_pct', 'change_index', 'monthly_income_avg', 'vitality_index'];
export const changeColors = { HH: okabeIto[0], HL: okabeIto[5], LH: okabeIto[2], LL: okabeIto[1] };

// formulaButton is a number (or label) that opens the formula of key.
export function formulaButton(key, ind, onFormula, extraClass = '') {
  const v = ind ? ind.value : null;
  return h('button', {
    type: 'button', class: ('value formula-link ' + extraClass).trim(), 'data-key': key,
    'data-raw': JSON.stringify(v === undefined ? null : v), title: `${t('formula')}: ${indicatorName(key)}`,
    onclick: () => onFormula(key, ind?.flags || []),
  }, valueText(v, ind?.unit));
}

// valueCell is the labelled value of one indicator, hooked as [data-indicator=key].
export function valueCell(key, ind, onFormula, tag = 'div') {
  const unit = ind?.unit;
  const u = typeof ind?.value === 'number' ? unitName(unit) : '';
  const approx = unit === 'KRW' ? approxKRW(ind?.value) : '';
  return h(tag, { class: 'figure', 'data-indicator': key },
    h('span', { class: 'name' }, indicatorName(key)),
    h('span', { class: 'reading' }, formulaButton(key, ind, onFormula), u ? h('span', { class: 'unit' }, ' ' + u) : null),
    approx ? h('span', { class: 'approx' }, approx) : null,
    flagList(ind?.flags));
}

function shortQuarter(q) { return `${q.slice(2, 4)}Q${q.slice(4)}`; }

function sumSales(sales, industry) {
  const rows = industry ? sales.filter((s) => s.industry_code === industry) : sales;
  if (!rows.length) return null;
  const out = { amount: 0, amount_by_day: {}, amount_by_time: {}, amount_by_sex: {}, amount_by_age: {} };
  for (const r of rows) {
    out.amount += r.amount || 0;
    for (const k of ['amount_by_day', 'amount_by_time', 'amount_by_sex', 'amount_by_age']) {
      for (const [kk, v] of Object.entries(r[k] || {})) out[k][kk] = (out[k][kk] || 0) + (v || 0);
    }
  }
  return out;
}

function formulaLink(key, onFormula) {
  return h('button', { type: 'button', class: 'link formula-link', 'data-key': key, onclick: () => onFormula(key, []) }, t('formula'));
}

function riskLight(ind, points, onFormula) {
  const v = ind?.value;
  return h('section', { class: 'card risk', 'data-indicator': 'startup_risk' },
    h('h3', null, t('risk_light')),
    h('div', { class: 'lamps', role: 'img', 'aria-label': `${t('risk_light')}: ${v ? label(v) : t('no_data')}` },
      riskLevels.map((lv, i) => h('span', { class: 'lamp' + (lv === v ? ' on' : ''), style: `--lamp:${riskColors[i]}`, title: label(lv) }, h('span', { class: 'lamp-dot' }), h('span', { class: 'lamp-label' }, label(lv))))),
    h('p', null, formulaButton('startup_risk', ind, onFormula, 'big'),
      points ? h('span', { class: 'muted', 'data-indicator': 'startup_risk_points' }, ' (', formulaButton('startup_risk_points', points, onFormula), ' / 6 ', unitName('points'), ')') : null),
    flagList(ind?.flags));
}

function evaluation(inds, components, onFormula) {
  const score = inds.evaluation_score, grade = inds.evaluation_grade;
  const bars = componentKeys.map(([name, key]) => {
    const c = inds[key];
    const v = typeof c?.value === 'number' ? c.value : null;
    const metrics = components?.[name]?.metrics || [];
    return h('li', { class: 'component', 'data-indicator': key },
      h('span', { class: 'name' }, t(name)),
      h('span', { class: 'meter', role: 'img', 'aria-label': `${t(name)}: ${v === null ? '–' : v} / 20` }, h('span', { class: 'meter-fill', style: `width:${v === null ? 0 : Math.max(0, Math.min(100, v * 5))}%` })),
      h('span', { class: 'reading' }, formulaButton(key, c, onFormula), h('span', { class: 'unit' }, ' / 20')),
      metrics.length ? h('span', { class: 'metrics' }, metrics.map((m, i) => [i ? ' · ' : '', h('span', { title: t(m.better === 'lower' ? 'lower_better' : 'higher_better') }, `${indicatorName(m.key)} ${typeof m.value === 'number' ? formatNumber(Math.round(m.value * 100) / 100) : '–'}`)])) : null);
  });
  return h('section', { class: 'card evaluation' },
    h('h3', null, t('evaluation')),
    h('p', { class: 'score' },
      h('span', { 'data-indicator': 'evaluation_score' }, formulaButton('evaluation_score', score, onFormula, 'big'), h('span', { class: 'unit' }, ' / 100')),
      ' ',
      h('span', { class: 'grade', 'data-indicator': 'evaluation_grade' }, getLang() === 'en' ? ['Grade ', formulaButton('evaluation_grade', grade, onFormula)] : [formulaButton('evaluation_grade', grade, onFormula), '등급'])),
    h('h4', null, t('components')),
    h('ul', { class: 'components' }, bars),
    flagList(score?.flags));
}

function changeStrip(rows, onFormula) {
  return h('figure', { class: 'chart-fig' },
    h('figcaption', null, h('span', null, t('change_history')), formulaLink('change_index', onFormula)),
    h('ol', { class: 'strip' }, rows.map((r) => h('li', { title: `${quarterName(r.quarter)}: ${r.change_index ? label(r.change_index) : t('no_data')}` },
      h('span', { class: 'strip-q' }, shortQuarter(r.quarter)),
      h('span', { class: 'strip-v', style: r.change_index ? `background:${changeColors[r.change_index] || '#999'}` : '' }, r.change_index || '–')))),
    h('ul', { class: 'chart-legend' }, Object.entries(changeColors).map(([k, c]) => h('li', null, h('span', { class: 'swatch', style: `background:${c}` }), label(k)))));
}

// renderReport fills el with the report of code; ctx = {quarter, industry, catalog,
// district (info), onFormula, onClose, onCompare, onSelect}.
export async function renderReport(el, code, ctx) {
  el.hidden = false;
  el.dataset.code = code;
  el.dataset.loaded = 'false';
  const info = ctx.district || { code, name: code };
  const head = h('header', { class: 'report-head' },
    h('div', null,
      h('h2', { id: 'report-title' }, info.name || code),
      h('p', { class: 'muted' }, [code, info.type_name || (info.type_code ? t('type_' + info.type_code) : ''), info.gu_name, info.dong_name].filter(Boolean).join(' · '))),
    h('div', { class: 'report-actions' },
      h('button', { type: 'button', id: 'report-compare', onclick: () => ctx.onCompare(code) }, t('compare_add')),
      h('button', { type: 'button', id: 'report-print', onclick: () => window.print() }, t('print')),
      h('button', { type: 'button', id: 'report-close', class: 'close', 'aria-label': t('close'), onclick: ctx.onClose }, '×')));
  clear(el, head, h('p', { class: 'loading' }, t('loading')));
  const industryName = ctx.industry ? (ctx.catalog?.industries?.find((i) => i.code === ctx.industry)?.name || ctx.industry) : t('all_industries');

  let ind;
  try {
    ind = await api.indicators(code, ctx.quarter, ctx.industry);
  } catch (e) {
    clear(el, head, h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${e.message}`));
    el.dataset.loaded = 'error';
    return;
  }
  if (el.dataset.code !== code) return;
  const quarter = ind.quarter || ctx.quarter;
  const [qr, hist, sim] = await Promise.all([
    api.quarterReport(code, quarter).catch(() => null),
    api.history(code, ctx.industry).catch(() => null),
    api.similar(code, quarter, 5).catch(() => null),
  ]);
  if (el.dataset.code !== code) return;
  const inds = ind.indicators || {};
  const f = ctx.onFormula;

  const sub = h('p', { class: 'report-sub' }, `${quarterName(quarter)} · ${industryName}`);
  const top = h('div', { class: 'cards' }, riskLight(inds.startup_risk, inds.startup_risk_points, f), evaluation(inds, ind.evaluation_components, f));
  const figures = h('section', { class: 'key-figures' }, h('h3', null, t('key_figures')), h('div', { class: 'figures' }, keyFigures.filter((k) => k in inds).map((k) => valueCell(k, inds[k], f))));

  const charts = h('section', { class: 'charts' });
  const hq = hist?.quarters || [];
  const qLabels = hq.map((r) => shortQuarter(r.quarter));
  if (hq.length) charts.append(barChart({ title: t('sales_by_quarter'), labels: qLabels, series: [{ name: indicatorName('sales_amount'), values: hq.map((r) => r.sales_amount) }], link: formulaLink('sales_amount', f) }));
  const sales = qr ? sumSales(qr.sales || [], ctx.industry) : null;
  if (sales) {
    charts.append(
      barChart({ title: t('sales_by_day'), labels: days.map(label), series: [{ name: indicatorName('sales_amount'), values: days.map((d) => sales.amount_by_day[d] ?? null) }], link: formulaLink('peak_day', f) }),
      barChart({ title: t('sales_by_time'), labels: bands, series: [{ name: indicatorName('sales_amount'), values: bands.map((b) => sales.amount_by_time[b] ?? null), color: okabeIto[2] }], link: formulaLink('peak_time_band', f) }),
      barChart({ title: t('sales_by_sex'), labels: ['male', 'female'].map(label), series: [{ name: indicatorName('sales_amount'), values: [sales.amount_by_sex.male ?? null, sales.amount_by_sex.female ?? null], color: okabeIto[3] }], link: formulaLink('main_customer_sex', f) }),
      barChart({ title: t('sales_by_age'), labels: ages.map(label), series: [{ name: indicatorName('sales_amount'), values: ages.map((a) => sales.amount_by_age[a] ?? null), color: okabeIto[1] }], link: formulaLink('main_customer_age', f) }));
  }
  const ft = qr?.foot_traffic;
  if (ft) {
    charts.append(
      barChart({ title: t('foot_by_time'), labels: bands, series: [{ name: indicatorName('foot_traffic_total'), values: bands.map((b) => ft.by_time?.[b] ?? null), color: okabeIto[4] }], link: formulaLink('foot_traffic_peak_time_band', f) }),
      barChart({ title: t('foot_by_day'), labels: days.map(label), series: [{ name: indicatorName('foot_traffic_total'), values: days.map((d) => ft.by_day?.[d] ?? null), color: okabeIto[4] }], link: formulaLink('foot_traffic_peak_day', f) }));
  }
  if (hq.length) {
    charts.append(
      lineChart({ title: t('stores_over_time'), labels: qLabels, series: [
        { name: t('stores_s'), values: hq.map((r) => r.similar_stores ?? r.stores) },
        { name: t('opened'), values: hq.map((r) => r.opened), color: okabeIto[2] },
        { name: t('closed'), values: hq.map((r) => r.closed), color: okabeIto[5] }], link: formulaLink('similar_stores', f) }),
      lineChart({ title: indicatorName('foot_traffic_total'), labels: qLabels, series: [{ name: indicatorName('foot_traffic_total'), values: hq.map((r) => r.foot_traffic_total), color: okabeIto[4] }], link: formulaLink('foot_traffic_total', f) }),
      changeStrip(hq, f),
      lineChart({ title: `${t('operating_months')} · ${t('closed_months')}`, labels: qLabels, zero: false, series: [
        { name: t('operating_months'), values: hq.map((r) => r.operating_months_avg) },
        { name: t('closed_months'), values: hq.map((r) => r.closed_months_avg), color: okabeIto[5] }], link: formulaLink('operating_months_avg', f) }));
  }

  const similar = sim?.similar?.length ? h('section', { class: 'similar' }, h('h3', null, t('similar')),
    h('ol', null, sim.similar.map((s) => h('li', null,
      h('button', { type: 'button', class: 'link', 'data-code': s.code, onclick: () => ctx.onSelect(s.code) }, `${s.name} (${s.code})`),
      h('span', { class: 'muted' }, ` · d = ${formatNumber(Math.round(s.distance * 100) / 100)}`))))) : null;

  const keys = (ctx.catalog?.indicators?.map((i) => i.key) || Object.keys(inds)).filter((k) => k in inds);
  const table = h('section', { class: 'all-indicators' }, h('h3', null, t('all_indicators')),
    h('div', { class: 'table-scroll' }, h('table', { class: 'indicator-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('indicator')), h('th', { scope: 'col' }, t('value')), h('th', { scope: 'col' }, t('unit')), h('th', { scope: 'col' }, t('flags')))),
      h('tbody', null, keys.map((k) => {
        const v = inds[k];
        return h('tr', { 'data-indicator': k },
          h('th', { scope: 'row' }, indicatorName(k)),
          h('td', { class: 'num' }, formulaButton(k, v, f)),
          h('td', null, v?.unit === 'label' ? '' : unitName(v?.unit) || v?.unit),
          h('td', null, flagList(v?.flags)));
      })))));

  clear(el, head, sub, top, figures, charts, similar, table,
    h('p', { class: 'muted small' }, t('attribution'), ' · ', getLang() === 'en' ? 'Formulas: docs/indicators.md' : '산식: docs/indicators.md'));
  el.dataset.loaded = 'true';
  el.dataset.quarter = quarter;
}

