// sangsaeng web app: wires the map, the views and the report to the URL state.
import 'leaflet/dist/leaflet.css';
import './style.css';
import './print.css';
import { api } from './api.js';
import { h, clear, $, $$ } from './dom.js';
import { state, readURL, set } from './state.js';
import { t, setLang, getLang, applyStatic, indicatorName, setCatalogNames, quarterName, valueText, unitName, formatNumber } from './i18n.js';
import { DistrictMap } from './map.js';
import { renderReport } from './report.js';
import { openFormula } from './formula.js';
import { initArea } from './area.js';
import { initCompare } from './compare.js';
import { initRankings } from './rankings.js';
import { initHotspots } from './hotspots.js';
import { initRecommend } from './recommend.js';
import { refresh } from './session.js';
import { renderShell } from './shell.js';
import { initSignin } from './signin.js';
import { initPrograms } from './programs.js';
import { initSupplier } from './supplier.js';
import { initJudge } from './judge.js';
import { initContests } from './contests.js';
import { initStaff } from './staff.js';
import { initMerchant } from './merchant.js';

const app = { state, set, catalog: null, map: null, views: {}, mapMode: 'indicator' };
let colorSeq = 0;
let lastFocus = null;
let formulaOpener = null;

function status(msg, isError = false) {
  const el = $('#status');
  el.textContent = msg || '';
  el.classList.toggle('error', isError);
  el.hidden = !msg;
}

// ---- colouring -------------------------------------------------------------

async function recolor() {
  const seq = ++colorSeq;
  document.body.dataset.ready = 'false';
  app.mapMode = 'indicator';
  let res;
  try {
    res = await api.mapValues(state.indicator, state.quarter, state.industry);
  } catch (e) {
    if (seq === colorSeq) status(`${t('error')}: ${e.message}`, true);
    return;
  }
  if (seq !== colorSeq || app.mapMode !== 'indicator') return;
  const unit = res.unit || app.catalog?.indicators?.find((i) => i.key === state.indicator)?.unit || '';
  const u = unit && unit !== 'label' ? ` (${unitName(unit) || unit})` : '';
  app.lastMap = res;
  app.map.colorBy(state.indicator, unit, res.values || {}, $('#legend'), `${indicatorName(state.indicator)}${u} · ${quarterName(res.quarter || state.quarter)}`);
  const colored = Object.values(res.values || {}).filter((v) => v !== null && v !== undefined).length;
  status(`${t('districts_n', { n: formatNumber(app.map.layers.size) })} · ${t('colored', { n: formatNumber(colored) })}`);
  summary();
}

// summary lists the top districts of the coloured indicator: a keyboard way into the map.
function summary() {
  const el = $('#map-summary');
  const res = app.lastMap;
  if (!res) return;
  const nums = Object.entries(res.values || {}).filter(([, v]) => typeof v === 'number').sort((a, b) => b[1] - a[1]);
  if (!nums.length) { clear(el); return; }
  const unit = res.unit || '';
  const item = ([code, v]) => h('li', { 'data-code': code },
    h('button', { type: 'button', class: 'link', onclick: () => app.openReport(code) }, app.map.info.get(code)?.name || code),
    h('span', { class: 'muted' }, ` ${valueText(v, unit)} ${unit === 'label' ? '' : unitName(unit)}`));
  clear(el,
    h('h3', null, `${indicatorName(state.indicator)} — ${getLang() === 'en' ? 'highest' : '상위'} 10`),
    h('ol', { class: 'district-list', id: 'top-list' }, nums.slice(0, 10).map(item)));
}

// ---- report and formula ----------------------------------------------------

function openReport(code, { focus = true, zoom = false } = {}) {
  if (!code) return;
  lastFocus = document.activeElement;
  set({ district: code });
  app.map.select(code);
  if (zoom) app.map.fitCodes([code]);
  for (const s of $$('.view')) s.hidden = true;
  const el = $('#report');
  renderReport(el, code, {
    quarter: state.quarter, industry: state.industry, catalog: app.catalog, district: app.map.info.get(code),
    onFormula: app.openFormula, onClose: closeReport, onSelect: (c) => app.openReport(c),
    onCompare: (c) => { app.views.compare.add(c); showView('compare'); },
  });
  if (focus) el.focus({ preventScroll: false });
}

function closeReport() {
  const el = $('#report');
  if (el.hidden) return;
  el.hidden = true;
  el.dataset.code = '';
  set({ district: '' });
  app.map.select('');
  showSection(state.view);
  if (lastFocus && document.contains(lastFocus) && !lastFocus.closest('#report') && lastFocus.getClientRects().length) lastFocus.focus();
  else $(`#nav-${state.view}`)?.focus();
}

app.openFormula = (key, flags = []) => {
  formulaOpener = document.activeElement;
  set({ formula: key });
  openFormula($('#formula'), key, app.catalog, flags, closeFormula);
};

function closeFormula() {
  const el = $('#formula');
  if (el.hidden) return;
  el.hidden = true;
  set({ formula: '' });
  if (formulaOpener && document.contains(formulaOpener)) formulaOpener.focus();
}

app.openReport = (code) => openReport(code, { zoom: true });
app.showView = (view, opts) => showView(view, opts);

// ---- views -----------------------------------------------------------------

function showSection(view) {
  for (const s of $$('.view')) s.hidden = s.dataset.view !== view;
}

function showView(view, { focus = false } = {}) {
  const prev = state.view;
  if (prev !== view) app.views[prev]?.leave?.();
  if (!$('#report').hidden) { $('#report').hidden = true; $('#report').dataset.code = ''; app.map.select(''); set({ district: '' }); }
  set({ view });
  showSection(view);
  document.body.dataset.page = view;
  for (const b of $$('.views button')) b.setAttribute('aria-current', b.dataset.view === view ? 'page' : 'false');
  if (view !== 'hotspots' && view !== 'recommend' && app.mapMode !== 'indicator') recolor();
  app.views[view]?.enter?.();
  if (focus) $('#panel').focus();
}

// ---- search ----------------------------------------------------------------

function searchResults(q) {
  const s = q.trim().toLowerCase();
  if (!s) return [];
  const out = [];
  for (const d of app.map.info.values()) {
    const name = String(d.name || '').toLowerCase();
    let score = -1;
    if (d.code === s) score = 0;
    else if (d.code.startsWith(s)) score = 1;
    else if (name.startsWith(s)) score = 2;
    else if (name.includes(s)) score = 3;
    else if (String(d.gu_name || '').includes(q.trim()) || String(d.dong_name || '').includes(q.trim())) score = 4;
    if (score >= 0) out.push([score, d]);
  }
  return out.sort((a, b) => a[0] - b[0] || String(a[1].name).localeCompare(String(b[1].name), 'ko')).slice(0, 30).map((x) => x[1]);
}

function initSearch() {
  const input = $('#search');
  const list = $('#search-results');
  const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); };
  const pick = (code) => { close(); input.value = ''; input.focus(); openReport(code, { zoom: true }); };
  const render = () => {
    const res = searchResults(input.value);
    if (!input.value.trim()) { close(); return; }
    clear(list, res.length ? res.map((d) => h('li', null, h('button', { type: 'button', class: 'search-result', 'data-code': d.code, onclick: () => pick(d.code) },
      h('span', { class: 'r-name' }, d.name), h('span', { class: 'muted' }, ` ${d.gu_name || ''} · ${d.code}`)))) : h('li', { class: 'muted' }, t('no_match')));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  input.setAttribute('aria-expanded', 'false');
  input.addEventListener('input', render);
  input.addEventListener('keydown', (e) => {
    const first = list.querySelector('button');
    if (e.key === 'ArrowDown' && first) { e.preventDefault(); first.focus(); }
    else if (e.key === 'Enter') { e.preventDefault(); if (first) pick(first.dataset.code); }
    else if (e.key === 'Escape') { close(); }
  });
  list.addEventListener('keydown', (e) => {
    const buttons = $$('button', list);
    const i = buttons.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i < buttons.length - 1) { e.preventDefault(); buttons[i + 1].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? buttons[i - 1] : input).focus(); }
    else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); input.focus(); }
  });
  document.addEventListener('click', (e) => { if (!e.target.closest('.search')) close(); });
}

// ---- controls --------------------------------------------------------------

function fillControls() {
  const cat = app.catalog;
  const ind = $('#indicator'), qs = $('#quarter'), industry = $('#industry');
  clear(ind, (cat?.indicators || []).map((i) => h('option', { value: i.key }, indicatorName(i.key))));
  if (cat?.indicators?.some((i) => i.key === state.indicator)) ind.value = state.indicator;
  else { state.indicator = cat?.indicators?.[0]?.key || 'sales_amount'; ind.value = state.indicator; }
  const quarters = [...(cat?.quarters || [])].reverse();
  clear(qs, quarters.map((q) => h('option', { value: q }, quarterName(q))));
  if (!quarters.includes(state.quarter)) state.quarter = quarters[0] || '';
  qs.value = state.quarter;
  clear(industry, h('option', { value: '' }, t('all_industries')), (cat?.industries || []).map((i) => h('option', { value: i.code }, `${i.name} (${i.code})`)));
  if (!(cat?.industries || []).some((i) => i.code === state.industry)) state.industry = '';
  industry.value = state.industry;
  set({});
}

function onContextChange() {
  recolor();
  if (!$('#report').hidden && state.district) openReport(state.district, { focus: false });
  app.views[state.view]?.refresh?.();
}

app.onIndustry = () => { set({ industry: $('#industry').value }); onContextChange(); };
// recolorAll redraws what depends on the industry, except the active view (when told).
app.recolorAll = (views = true) => {
  recolor();
  if (!$('#report').hidden && state.district) openReport(state.district, { focus: false });
  if (views) app.views[state.view]?.refresh?.();
};
app.isIndicator = (key) => !!app.catalog?.indicators?.some((i) => i.key === key);
app.isNumeric = (key) => {
  const i = app.catalog?.indicators?.find((x) => x.key === key);
  return !i || i.unit !== 'label';
};

function switchLang(lang) {
  setLang(lang);
  set({ lang: getLang() });
  applyStatic();
  const btn = $('#lang');
  btn.textContent = getLang() === 'ko' ? 'English' : '한국어';
  btn.setAttribute('lang', getLang() === 'ko' ? 'en' : 'ko');
  if (app.catalog) {
    for (const o of $('#indicator').options) o.textContent = indicatorName(o.value);
    for (const o of $('#quarter').options) o.textContent = quarterName(o.value);
    $('#industry').options[0].textContent = t('all_industries');
  }
  if (app.mapMode === 'indicator' && app.lastMap) recolor();
  renderShell(app);
  for (const v of Object.values(app.views)) v.rerender?.();
  if (!$('#report').hidden && state.district) openReport(state.district, { focus: false });
  if (!$('#formula').hidden && state.formula) openFormula($('#formula'), state.formula, app.catalog, [], closeFormula);
}

// ---- start -----------------------------------------------------------------

// loadCatalog reads the catalog (or falls back to sales without it), fills
// the controls and fetches the colours of the chosen indicator; it never
// fails (recolor says why the colours are missing).
async function loadCatalog(tiles) {
  try {
    app.catalog = await api.catalog();
  } catch (e) {
    status(`${t('error')}: ${e.message}`, true);
    app.catalog = { indicators: [{ key: 'sales_amount', name: '추정 매출액', unit: 'KRW' }], quarters: [], industries: [] };
  }
  setCatalogNames(Object.fromEntries((app.catalog.indicators || []).map((i) => [i.key, i.name])));
  if (!tiles && app.catalog.tiles) app.map.setTiles(app.catalog.tiles);
  // The server's rule (analysis.DefaultQuarter): the latest quarter with the
  // data a report rests on, the quarter `sangsaeng report` defaults to too.
  if (!state.quarter) state.quarter = app.catalog.default_quarter || (app.catalog.quarters || []).at(-1) || '';
  fillControls();
  // api.get keeps the answer for recolor
  await api.mapValues(state.indicator, state.quarter, state.industry).catch(() => {});
}

async function start() {
  readURL();
  setLang(state.lang);
  switchLang(state.lang);
  const tiles = document.querySelector('meta[name="sangsaeng-tiles"]')?.content || '';
  app.map = new DistrictMap($('#map'), {
    tiles,
    onSelect: (code) => openReport(code, { focus: false }),
    onMapClick: (ll) => { if (state.view === 'area') app.onAreaClick?.(ll); else app.onPickPoint?.(ll); },
  });
  app.views.area = initArea(app);
  app.views.compare = initCompare(app);
  app.views.rankings = initRankings(app);
  app.views.hotspots = initHotspots(app);
  app.views.recommend = initRecommend(app);
  app.views.signin = initSignin(app);
  app.views.programs = initPrograms(app);
  app.views.supplier = initSupplier(app);
  app.views.judge = initJudge(app);
  app.views.contests = initContests(app);
  app.views.staff = initStaff(app);
  app.views.merchant = initMerchant(app);

  for (const b of $$('.views button[data-view]')) b.addEventListener('click', () => showView(b.dataset.view, { focus: true }));
  $('#lang').addEventListener('click', () => switchLang(getLang() === 'ko' ? 'en' : 'ko'));
  $('#indicator').addEventListener('change', (e) => { set({ indicator: e.target.value }); recolor(); app.views[state.view]?.refresh?.(); });
  $('#quarter').addEventListener('change', (e) => { set({ quarter: e.target.value }); onContextChange(); });
  $('#industry').addEventListener('change', app.onIndustry);
  initSearch();
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (!$('#formula').hidden) { e.preventDefault(); closeFormula(); }
    else if (!$('#report').hidden) { e.preventDefault(); closeReport(); }
  });
  window.addEventListener('hashchange', () => {
    const before = { ...state };
    readURL();
    if (state.lang !== before.lang) switchLang(state.lang);
    if (state.indicator !== before.indicator || state.quarter !== before.quarter || state.industry !== before.industry) {
      $('#indicator').value = state.indicator; $('#quarter').value = state.quarter; $('#industry').value = state.industry;
      onContextChange();
    }
    if (state.view !== before.view) showView(state.view);
    if (state.district && state.district !== before.district) openReport(state.district, { focus: false });
    else if (!state.district && before.district) closeReport();
  });
  window.addEventListener('resize', () => app.map.invalidate());

  status(t('loading'));
  // Who is signed in is asked beside the map's data; the first colouring
  // does not wait for it. The catalog names the quarter to colour: the
  // colours are asked for as soon as it is in, and the districts (fetched
  // beside it) are drawn once the colours are in too, so that they are
  // drawn and coloured in one task, with no grey frame between.
  const signedIn = refresh().catch(() => { /* anonymous: the map stays open */ }).then(() => renderShell(app));
  const drawn = app.map.load(loadCatalog(tiles));
  try {
    await drawn;
  } catch (e) {
    status(`${t('error')}: ${e.message}`, true);
    await signedIn;
    return;
  }
  app.views.rankings.ready();
  app.views.recommend.ready();
  const view = state.view;
  state.view = 'map';
  // The analysis views (the top bar's) need no session; a role page waits
  // for the sign-in check, the colouring does not.
  const rolePage = !$$('.views button[data-view]').some((b) => b.dataset.view === view);
  if (!rolePage) showView(view);
  const colored = recolor();
  await signedIn;
  if (rolePage) showView(view);
  await colored;
  if (state.district) openReport(state.district, { focus: false, zoom: true });
  if (state.formula) app.openFormula(state.formula, []);
  // a shared link reproduces the view's answer too
  if (view === 'compare' && state.codes) app.views.compare.run();
  if (view === 'area' && ((state.lon && state.lat) || state.polygon)) $('#area-form').requestSubmit();
  if (view === 'rankings') app.views.rankings.run();
  if (view === 'hotspots') $('#hotspots-form').requestSubmit();
  if (view === 'recommend' && (state.industry || state.age || state.sex || state.time)) $('#recommend-form').requestSubmit();
}

start();
