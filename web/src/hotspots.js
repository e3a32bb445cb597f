// Hot and cold spots (Getis-Ord Gi*) of the chosen indicator, shown on the map.
import { api } from './api.js';
import { h, clear, $ } from './dom.js';
import { t, indicatorName, quarterName, formatNumber } from './i18n.js';
import { drawLegend, tipText } from './map.js';

// Okabe–Ito vermillion and blue: hot and cold stay apart for colour-blind readers.
const colors = { hot: '#D55E00', cold: '#0072B2', none: '#ececec' };

export function initHotspots(app) {
  const out = $('#hotspots-result');
  const band = $('#hotspots-band');
  let last = null;
  if (app.state.band) band.value = app.state.band;
  $('#hotspots-form').addEventListener('submit', (e) => { e.preventDefault(); run(); });

  async function run() {
    app.set({ band: band.value === '1000' ? '' : band.value });
    if (!app.isNumeric(app.state.indicator)) {
      last = null;
      clear(out, h('p', { class: 'error', role: 'alert' }, t('numeric_only')));
      out.dataset.loaded = 'error';
      return;
    }
    out.dataset.loaded = 'false';
    clear(out, h('p', { class: 'loading' }, t('loading')));
    try {
      last = await api.hotspots({ indicator: app.state.indicator, quarter: app.state.quarter, industry: app.state.industry, band_m: band.value });
    } catch (e) {
      clear(out, h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${e.message}`));
      out.dataset.loaded = 'error';
      return;
    }
    render();
    paint();
  }

  function paint() {
    if (!last || app.state.view !== 'hotspots') return;
    const cls = {};
    for (const s of last.hotspots) cls[s.code] = s.value === null || s.value === undefined ? null : s.class;
    const byCode = new Map(last.hotspots.map((s) => [s.code, s]));
    app.map.paint(cls, (v) => (v ? colors[v] : '#d0d0d0'), (code) => {
      const s = byCode.get(code);
      return tipText(app.map.info.get(code), code, indicatorName(last.indicator), s ? `${t(s.class || 'none')} (z = ${formatNumber(Math.round(s.z * 100) / 100)}, q = ${formatNumber(Math.round(s.q * 1000) / 1000)})` : '–', 'label', null);
    });
    const count = (c) => last.hotspots.filter((s) => s.class === c).length;
    drawLegend($('#legend'), `${t('view_hotspots')} · ${indicatorName(last.indicator)}`, [
      { color: colors.hot, label: t('hot'), count: count('hot') },
      { color: colors.cold, label: t('cold'), count: count('cold') },
      { color: colors.none, label: t('none'), count: last.hotspots.length - count('hot') - count('cold') },
    ]);
    app.mapMode = 'hotspots';
  }

  function list(kind) {
    const rows = last.hotspots.filter((s) => s.class === kind).sort((a, b) => (kind === 'hot' ? b.z - a.z : a.z - b.z));
    return [h('h3', null, t(kind + '_n', { n: rows.length })),
      h('ul', { class: 'district-list', id: 'hotspots-' + kind }, rows.map((s) => h('li', { 'data-code': s.code, 'data-class': kind },
        h('span', { class: 'swatch', style: `background:${colors[kind]}` }),
        h('button', { type: 'button', class: 'link', onclick: () => app.openReport(s.code) }, `${s.name} (${s.code})`),
        h('span', { class: 'muted' }, ` z = ${formatNumber(Math.round(s.z * 100) / 100)}`))))];
  }

  function render() {
    if (!last) return;
    clear(out, h('p', { class: 'report-sub' }, `${indicatorName(last.indicator)} · ${quarterName(last.quarter)} · ${formatNumber(last.band_m)} m · α = ${last.alpha}`), list('hot'), list('cold'));
    out.dataset.loaded = 'true';
  }

  return {
    enter() { if (last) paint(); },
    leave() {},
    rerender() { render(); paint(); },
    refresh() { if (last || out.dataset.loaded === 'error') run(); },
  };
}
