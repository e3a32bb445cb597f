// Rankings of districts by the chosen indicator, and 자치구 / 행정동 roll-ups.
import { api } from './api.js';
import { h, clear, $ } from './dom.js';
import { t, indicatorName, unitName, valueText, quarterName, flagName } from './i18n.js';
import { formulaButton } from './report.js';

export function initRankings(app) {
  const out = $('#rankings-result');
  const rollOut = $('#rollup-result');
  const order = $('#rankings-order'), type = $('#rankings-type'), gu = $('#rankings-gu'), limit = $('#rankings-limit');
  let last = null, lastRoll = null;
  const { state } = app;
  if (state.order) order.value = state.order;
  if (state.type) type.value = state.type;

  function fillGu() {
    const seen = new Map();
    for (const d of app.map.info.values()) if (d.gu_code) seen.set(d.gu_code, d.gu_name);
    for (const [code, name] of [...seen].sort((a, b) => String(a[1]).localeCompare(String(b[1]), 'ko'))) gu.append(h('option', { value: code }, name));
    if (state.gu) gu.value = state.gu;
  }

  $('#rankings-form').addEventListener('submit', (e) => { e.preventDefault(); run(); });
  $('#rollup-run').addEventListener('click', () => runRollup());

  async function run() {
    app.set({ order: order.value === 'desc' ? '' : order.value, type: type.value, gu: gu.value });
    if (!app.isNumeric(state.indicator)) {
      last = null;
      clear(out, h('p', { class: 'error', role: 'alert' }, t('numeric_only')));
      out.dataset.loaded = 'error';
      return;
    }
    out.dataset.loaded = 'false';
    clear(out, h('p', { class: 'loading' }, t('loading')));
    try {
      const r = await api.rankings({ indicator: state.indicator, quarter: state.quarter, industry: state.industry, type: type.value, gu: gu.value, order: order.value, limit: limit.value });
      last = { ...r, indicator: state.indicator, quarter: state.quarter };
    } catch (e) {
      clear(out, h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${e.message}`));
      out.dataset.loaded = 'error';
      return;
    }
    render();
    const codes = last.rankings.map((r) => r.code);
    app.map.mark(Object.fromEntries(codes.map((c) => [c, '#000'])));
  }

  function unitOf(key) { return app.catalog?.indicators?.find((i) => i.key === key)?.unit || ''; }

  function render() {
    if (!last) return;
    const unit = unitOf(last.indicator);
    clear(out,
      h('p', { class: 'report-sub' }, `${indicatorName(last.indicator)} · ${quarterName(last.quarter)}`),
      last.min_stores > 0 && last.below_min_stores > 0
        ? h('p', { class: 'muted small', id: 'rankings-base' }, t('below_min_stores', { min: last.min_stores, n: last.below_min_stores.toLocaleString() }))
        : null,
      h('table', { class: 'rank-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('rank')), h('th', { scope: 'col' }, t('name')), h('th', { scope: 'col', class: 'num' }, `${t('value')}${unit && unit !== 'label' ? ' (' + (unitName(unit) || unit) + ')' : ''}`), h('th', { scope: 'col' }, t('flags')))),
        h('tbody', null, last.rankings.map((r) => h('tr', { 'data-code': r.code },
          h('td', null, String(r.rank)),
          h('td', null, h('button', { type: 'button', class: 'link', onclick: () => app.openReport(r.code) }, r.name), h('span', { class: 'muted' }, ' ' + r.code)),
          h('td', { class: 'num', 'data-indicator': last.indicator }, formulaButton(last.indicator, { value: r.value, unit, flags: r.flags || [] }, app.openFormula)),
          h('td', { class: 'muted small', 'data-flags': (r.flags || []).join(' ') }, (r.flags || []).map((f) => flagName(f)).join(', ')))))));
    out.dataset.loaded = 'true';
  }

  async function runRollup() {
    const level = $('#rollup-level').value;
    rollOut.dataset.loaded = 'false';
    clear(rollOut, h('p', { class: 'loading' }, t('loading')));
    try {
      lastRoll = { ...(await api.rollups(level, state.quarter, state.industry)), indicator: state.indicator };
    } catch (e) {
      clear(rollOut, h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${e.message}`));
      return;
    }
    renderRollup();
  }

  function renderRollup() {
    if (!lastRoll) return;
    const key = lastRoll.indicator;
    const rows = [...lastRoll.rollups].sort((a, b) => {
      const x = a.indicators?.[key]?.value, y = b.indicators?.[key]?.value;
      if (typeof x !== 'number') return 1;
      if (typeof y !== 'number') return -1;
      return y - x;
    });
    clear(rollOut, h('div', { class: 'table-scroll' }, h('table', { class: 'rank-table', id: 'rollup-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('name')), h('th', { scope: 'col', class: 'num' }, t('districts')), h('th', { scope: 'col', class: 'num' }, indicatorName(key)))),
      h('tbody', null, rows.map((r) => h('tr', { 'data-code': r.code },
        h('td', null, r.name, h('span', { class: 'muted' }, ' ' + r.code)),
        h('td', { class: 'num' }, String(r.districts)),
        h('td', { class: 'num', 'data-indicator': key }, r.indicators?.[key] ? formulaButton(key, r.indicators[key], app.openFormula) : valueText(null))))))));
    rollOut.dataset.loaded = 'true';
  }

  return {
    ready: fillGu,
    run,
    enter() { if (last) app.map.mark(Object.fromEntries(last.rankings.map((r) => [r.code, '#000']))); },
    leave() { app.map.mark({}); },
    rerender() { render(); renderRollup(); },
    // refresh re-runs what is shown after the indicator, quarter or industry changed
    refresh() { if (last || out.dataset.loaded === 'error') run(); if (lastRoll) runRollup(); },
  };
}
