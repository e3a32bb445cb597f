// My store / area analysis: a pin and a radius, or a drawn polygon → the area report.
import { api } from './api.js';
import { h, clear, $ } from './dom.js';
import { t, formatNumber, quarterName } from './i18n.js';
import { valueCell } from './report.js';

const figures = ['sales_amount', 'sales_count', 'ticket_avg', 'sales_per_store', 'sales_qoq_pct', 'foot_traffic_total', 'foot_traffic_per_km2', 'similar_stores', 'opened_stores', 'closed_stores', 'open_rate', 'close_rate', 'franchise_share', 'saturation', 'workers', 'residents'];

export function initArea(app) {
  const lon = $('#area-lon'), lat = $('#area-lat'), radius = $('#area-radius');
  const out = $('#area-result');
  const polyRow = $('#area-form .polygon-only');
  let points = [];
  let last = null;
  const { state } = app;

  const shape = () => ($('#area-shape-polygon').checked ? 'polygon' : 'circle');
  function showShape() {
    const poly = shape() === 'polygon';
    polyRow.hidden = !poly;
    for (const el of [lon, lat, radius]) el.closest('label').hidden = poly;
    $('#area-vertices').textContent = t('area_vertices', { n: points.length });
    draw();
  }
  function draw() {
    if (state.view !== 'area') return;
    if (shape() === 'polygon') app.map.drawPolygon(points);
    else app.map.drawCircle(parseFloat(lat.value), parseFloat(lon.value), clampRadius());
  }
  function clampRadius() {
    const r = parseFloat(radius.value);
    return isFinite(r) ? Math.min(3000, Math.max(100, r)) : 500;
  }
  function save() {
    if (shape() === 'polygon') app.set({ polygon: points.map((p) => p.map((x) => x.toFixed(6)).join(',')).join(';'), lon: '', lat: '', radius: '' });
    else app.set({ lon: lon.value, lat: lat.value, radius: radius.value, polygon: '' });
  }

  // restore from the URL
  if (state.polygon) {
    points = state.polygon.split(';').map((p) => p.split(',').map(Number)).filter((p) => p.length === 2 && p.every(isFinite));
    $('#area-shape-polygon').checked = true;
  } else {
    if (state.lon) lon.value = state.lon;
    if (state.lat) lat.value = state.lat;
    if (state.radius) radius.value = state.radius;
  }

  for (const el of document.querySelectorAll('input[name="area-shape"]')) el.addEventListener('change', () => { showShape(); save(); });
  for (const el of [lon, lat, radius]) el.addEventListener('input', () => { draw(); save(); });
  $('#area-undo').addEventListener('click', () => { points.pop(); showShape(); save(); });
  $('#area-clear').addEventListener('click', () => { points = []; showShape(); save(); });
  $('#area-form').addEventListener('submit', (e) => { e.preventDefault(); run(); });

  app.onAreaClick = (ll) => {
    if (shape() === 'polygon') {
      points.push([ll.lng, ll.lat]);
      showShape();
    } else {
      lon.value = ll.lng.toFixed(6);
      lat.value = ll.lat.toFixed(6);
      draw();
    }
    save();
  };

  async function run() {
    const body = { quarter: state.quarter, industry: state.industry };
    if (shape() === 'polygon') {
      if (points.length < 3) { clear(out, h('p', { class: 'error', role: 'alert' }, t('area_need_polygon'))); return; }
      body.polygon = { type: 'Polygon', coordinates: [[...points, points[0]]] };
    } else {
      const x = parseFloat(lon.value), y = parseFloat(lat.value);
      if (!isFinite(x) || !isFinite(y)) { clear(out, h('p', { class: 'error', role: 'alert' }, t('area_need_pin'))); return; }
      body.circle = { lon: x, lat: y, radius_m: clampRadius() };
    }
    save();
    draw();
    out.dataset.loaded = 'false';
    clear(out, h('p', { class: 'loading' }, t('loading')));
    try {
      last = await api.area(body);
    } catch (e) {
      clear(out, h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${e.message}`));
      out.dataset.loaded = 'error';
      return;
    }
    render();
    const codes = last.districts.map((d) => d.code);
    app.map.mark(Object.fromEntries(codes.map((c) => [c, '#000'])));
    if (codes.length) app.map.fitCodes(codes);
  }

  function render() {
    if (!last) return;
    const r = last;
    const inds = r.indicators || {};
    clear(out,
      h('p', { class: 'report-sub' }, `${quarterName(r.quarter)} · ${t('area_m2')} ${formatNumber(Math.round((r.area_m2 / 1e6) * 1000) / 1000)} km²`),
      h('div', { class: 'figures' }, figures.filter((k) => k in inds).map((k) => valueCell(k, inds[k], app.openFormula))),
      h('h3', null, `${t('area_districts')} (${r.districts.length})`),
      h('ul', { id: 'area-districts', class: 'district-list' }, r.districts.map((d) => h('li', { 'data-code': d.code, 'data-weight': d.weight },
        h('button', { type: 'button', class: 'link', onclick: () => app.openReport(d.code) }, `${d.name} (${d.code})`),
        h('span', { class: 'muted' }, ` · ${t('weight')} ${formatNumber(Math.round(d.weight * 1000) / 10)}% · ${d.by === 'centroid' ? t('by_centroid') : t('by_polygon')}`)))));
    out.dataset.loaded = 'true';
  }

  return {
    enter() {
      app.map.clickThrough = true;
      showShape();
      if (last) app.map.mark(Object.fromEntries(last.districts.map((d) => [d.code, '#000'])));
    },
    leave() { app.map.clickThrough = false; app.map.clearDrawing(); app.map.mark({}); },
    rerender() { showShape(); render(); },
  };
}
