// Where to open: an industry (and optionally target customers) → ranked districts with reasons, on the map.
import { api } from './api.js';
import { h, clear, $ } from './dom.js';
import { t, getLang, quarterName, formatNumber, indicatorName } from './i18n.js';
import { drawLegend, tipText } from './map.js';

// Viridis, darkest = best ranked.
const rankColors = [['1–3', '#440154'], ['4–10', '#3b528b'], ['11–20', '#21918c'], ['21+', '#5ec962']];
function colorOfRank(r) { return r <= 3 ? rankColors[0][1] : r <= 10 ? rankColors[1][1] : r <= 20 ? rankColors[2][1] : rankColors[3][1]; }

export function initRecommend(app) {
  const out = $('#recommend-result');
  const industry = $('#recommend-industry'), age = $('#recommend-age'), sex = $('#recommend-sex'), time = $('#recommend-time');
  let last = null;
  const { state } = app;
  if (state.age) age.value = state.age;
  if (state.sex) sex.value = state.sex;
  if (state.time) time.value = state.time;
  $('#recommend-form').addEventListener('submit', (e) => { e.preventDefault(); run(); });

  async function run() {
    if (!industry.value) {
      clear(out, h('p', { class: 'error', role: 'alert' }, t('recommend_pick_industry')));
      out.dataset.loaded = 'error';
      industry.focus();
      return;
    }
    app.set({ age: age.value, sex: sex.value, time: time.value });
    // the map shows the chosen industry too
    if (state.industry !== industry.value) { $('#industry').value = industry.value; app.set({ industry: industry.value }); app.recolorAll(false); }
    out.dataset.loaded = 'false';
    clear(out, h('p', { class: 'loading' }, t('loading')));
    try {
      last = await api.recommend({ industry: industry.value, age: age.value, sex: sex.value, time: time.value, quarter: state.quarter, limit: 20 });
    } catch (e) {
      clear(out, h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${e.message}`));
      out.dataset.loaded = 'error';
      return;
    }
    render();
    paint();
    const codes = last.recommendations.map((r) => r.code);
    if (codes.length) app.map.fitCodes(codes);
  }

  function paint() {
    if (!last || state.view !== 'recommend') return;
    const ranks = {};
    const byCode = new Map(last.recommendations.map((r) => [r.code, r]));
    for (const r of last.recommendations) ranks[r.code] = r.rank;
    app.map.paint(ranks, (v) => (typeof v === 'number' ? colorOfRank(v) : '#ececec'), (code) => {
      const r = byCode.get(code);
      return tipText(app.map.info.get(code), code, t('rank'), r ? `${r.rank} (${t('score')} ${formatNumber(r.score)})` : '–', 'label', null);
    });
    app.map.mark(Object.fromEntries(last.recommendations.slice(0, 3).map((r) => [r.code, '#000'])));
    drawLegend($('#legend'), `${t('view_recommend')} · ${t('rank')}`, [...rankColors.filter(([, c]) => last.recommendations.some((r) => colorOfRank(r.rank) === c)).map(([l, c]) => ({ color: c, label: l })), { color: '#ececec', label: t('not_listed') }]);
    app.mapMode = 'recommend';
  }

  function render() {
    if (!last) return;
    const en = getLang() === 'en';
    const ind = last.industry ? (app.catalog?.industries?.find((i) => i.code === last.industry)?.name || last.industry) : t('all_industries');
    clear(out,
      h('p', { class: 'report-sub' }, `${ind} · ${quarterName(last.quarter)}`, typeof last.candidates === 'number' ? ` · ${t('candidates', { n: formatNumber(last.candidates) })}` : ''),
      last.recommendations.length ? null : h('p', { class: 'muted', role: 'status' }, t('no_recommendation')),
      h('ol', { class: 'recommendations', id: 'recommend-list' }, last.recommendations.map((r) => h('li', { 'data-code': r.code, 'data-rank': r.rank },
        h('div', { class: 'rec-head' },
          h('span', { class: 'rank-badge', style: `background:${colorOfRank(r.rank)}` }, String(r.rank)),
          h('button', { type: 'button', class: 'link', onclick: () => app.openReport(r.code) }, `${r.name} (${r.code})`),
          h('span', { class: 'muted' }, ` ${t('score')} ${formatNumber(r.score)}`)),
        r.reasons?.length ? h('ul', { class: 'reasons' }, r.reasons.map((x) => h('li', { 'data-key': x.key },
          (en ? x.text_en : x.text_ko) || `${indicatorName(x.key)}: ${x.value}`,
          app.isIndicator(x.key) ? [' ', h('button', { type: 'button', class: 'link formula-link', 'data-key': x.key, onclick: () => app.openFormula(x.key, []) }, t('formula'))] : null))) : null))));
    out.dataset.loaded = 'true';
  }

  return {
    ready() {
      clear(industry, h('option', { value: '' }, t('choose_industry')), [...$('#industry').options].filter((o) => o.value).map((o) => h('option', { value: o.value }, o.textContent)));
      industry.value = state.industry;
    },
    enter() { if (state.industry) industry.value = state.industry; if (last) paint(); },
    leave() { app.map.mark({}); },
    rerender() { const v = industry.value; this.ready(); industry.value = v; render(); paint(); },
    refresh() { if (last && state.industry === last.industry) run(); else if (last) { industry.value = state.industry; if (state.industry) run(); } },
  };
}
