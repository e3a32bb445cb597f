// Compare up to four districts side by side.
import { api } from './api.js';
import { h, clear, $ } from './dom.js';
import { t, indicatorName, unitName, quarterName } from './i18n.js';
import { barChart, okabeIto } from './charts.js';
import { formulaButton } from './report.js';

const components = [['growth', 'evaluation_growth'], ['stability', 'evaluation_stability'], ['sales_power', 'evaluation_sales_power'], ['purchasing_power', 'evaluation_purchasing_power'], ['attraction', 'evaluation_attraction']];

export function parseCodes(s) {
  return [...new Set(String(s || '').split(/[\s,;]+/).map((c) => c.trim()).filter(Boolean))];
}

export function initCompare(app) {
  const input = $('#compare-codes');
  const out = $('#compare-result');
  let last = null;
  if (app.state.codes) input.value = parseCodes(app.state.codes).join(',');
  $('#compare-form').addEventListener('submit', (e) => { e.preventDefault(); run(); });

  async function run() {
    const codes = parseCodes(input.value);
    if (!codes.length || codes.length > 4) {
      clear(out, h('p', { class: 'error', role: 'alert' }, t('compare_need')));
      return;
    }
    input.value = codes.join(',');
    app.set({ codes: codes.join(',') });
    out.dataset.loaded = 'false';
    clear(out, h('p', { class: 'loading' }, t('loading')));
    try {
      last = await api.compare(codes, app.state.quarter, app.state.industry);
    } catch (e) {
      clear(out, h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${e.message}`));
      out.dataset.loaded = 'error';
      return;
    }
    render();
    app.map.mark(Object.fromEntries(last.districts.map((d, i) => [d.district.code, okabeIto[i]])));
    app.map.fitCodes(codes);
  }

  function render() {
    if (!last) return;
    const ds = last.districts;
    const keys = (app.catalog?.indicators?.map((i) => i.key) || Object.keys(ds[0]?.indicators || {})).filter((k) => ds.some((d) => k in (d.indicators || {})));
    const table = h('div', { class: 'table-scroll' }, h('table', { class: 'compare-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('indicator')), ds.map((d, i) => h('th', { scope: 'col', 'data-code': d.district.code },
        h('span', { class: 'swatch', style: `background:${okabeIto[i]}` }),
        h('button', { type: 'button', class: 'link', onclick: () => app.openReport(d.district.code) }, d.district.name),
        h('div', { class: 'muted' }, d.district.code))))),
      h('tbody', null, keys.map((k) => {
        const unit = ds.find((d) => d.indicators?.[k])?.indicators[k].unit;
        return h('tr', { 'data-indicator': k },
          h('th', { scope: 'row' }, indicatorName(k), unit && unit !== 'label' ? h('span', { class: 'muted' }, ` (${unitName(unit) || unit})`) : null),
          ds.map((d) => h('td', { class: 'num', 'data-indicator': k, 'data-code': d.district.code }, formulaButton(k, d.indicators?.[k], app.openFormula))));
      }))));
    const chart = barChart({
      title: `${t('evaluation')} · ${t('components')}`,
      labels: components.map(([n]) => t(n)),
      series: ds.map((d, i) => ({ name: d.district.name, values: components.map(([, k]) => d.indicators?.[k]?.value ?? null), color: okabeIto[i] })),
    });
    clear(out, h('p', { class: 'report-sub' }, quarterName(ds[0]?.quarter || app.state.quarter)), h('div', { id: 'compare-table' }, table), chart);
    out.dataset.loaded = 'true';
  }

  return {
    add(code) {
      const codes = parseCodes(input.value).filter((c) => c !== code);
      codes.push(code);
      input.value = codes.slice(-4).join(',');
      app.set({ codes: input.value });
    },
    run,
    enter() { if (last) app.map.mark(Object.fromEntries(last.districts.map((d, i) => [d.district.code, okabeIto[i]]))); else if (input.value && app.state.codes) run(); },
    leave() { app.map.mark({}); },
    rerender: render,
  };
}
