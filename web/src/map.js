// The map: every district as an SVG path (class "district", data-code) or, where
// its polygon is not loaded, a circle marker with the same class; 자치구 outlines
// above them; colouring by classes with a legend.
import * as L from 'leaflet';
import { api } from './api.js';
import { h, clear } from './dom.js';
import { okabeIto } from './charts.js';
import { t, label, formatNumber, compact, indicatorName, unitName, valueText } from './i18n.js';

// Viridis, 5 classes: sequential, perceptually even, readable with colour-vision deficiencies.
const sequential = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'];
// ColorBrewer RdBu, 6 classes (colour-blind safe), for changes around zero.
const diverging = ['#b2182b', '#ef8a62', '#fddbc7', '#d1e5f0', '#67a9cf', '#2166ac'];
// ColorBrewer OrRd, 4 classes, for the start-up risk light (주의 → 고위험).
const riskColors = { '주의': '#fee08b', '의심': '#fdae61', '위험': '#f46d43', '고위험': '#a50026' };
const noData = '#d0d0d0';

const ordered = {
  startup_risk: ['주의', '의심', '위험', '고위험'],
  peak_day: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  foot_traffic_peak_day: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  peak_time_band: ['00-06', '06-11', '11-14', '14-17', '17-21', '21-24'],
  foot_traffic_peak_time_band: ['00-06', '06-11', '11-14', '14-17', '17-21', '21-24'],
  main_customer_age: ['10', '20', '30', '40', '50', '60+'],
  main_customer_sex: ['male', 'female'],
  change_index: ['HH', 'HL', 'LH', 'LL'],
  change_index_reproduced: ['HH', 'HL', 'LH', 'LL', 'borderline'],
};

function isDiverging(key) {
  return /_(qoq|yoy)_pct$/.test(key) || key === 'net_store_change';
}

function quantiles(sorted, n) {
  const out = [];
  for (let i = 1; i < n; i++) out.push(sorted[Math.floor((i * sorted.length) / n)]);
  return [...new Set(out)];
}

// classify decides the colour of every value and the legend's entries.
export function classify(key, unit, values) {
  const vals = Object.values(values);
  const nums = vals.filter((v) => typeof v === 'number' && isFinite(v)).sort((a, b) => a - b);
  const strs = vals.filter((v) => typeof v === 'string');
  const nulls = vals.filter((v) => v === null || v === undefined).length;
  const entries = [];
  let colorOf;
  if (strs.length && !nums.length) {
    const known = ordered[key] || [];
    const cats = [...known.filter((c) => strs.includes(c)), ...[...new Set(strs)].filter((c) => !known.includes(c)).sort()];
    const colors = new Map(cats.map((c, i) => [c, key === 'startup_risk' && riskColors[c] ? riskColors[c] : okabeIto[i % okabeIto.length]]));
    colorOf = (v) => colors.get(v) || noData;
    for (const c of cats) entries.push({ color: colors.get(c), label: label(c), count: strs.filter((s) => s === c).length });
  } else if (nums.length) {
    const distinct = [...new Set(nums)];
    if (distinct.length <= 6 && distinct.every(Number.isInteger)) {
      const pal = distinct.length <= 1 ? [sequential[2]] : distinct.map((_, i) => sequential[Math.round((i * (sequential.length - 1)) / (distinct.length - 1))]);
      const colors = new Map(distinct.map((d, i) => [d, pal[i]]));
      colorOf = (v) => colors.get(v) || noData;
      for (const d of distinct) entries.push({ color: colors.get(d), label: formatNumber(d), count: nums.filter((x) => x === d).length });
    } else if (isDiverging(key) && nums[0] < 0 && nums[nums.length - 1] > 0) {
      const neg = nums.filter((v) => v < 0), pos = nums.filter((v) => v >= 0);
      const nb = quantiles(neg, 3), pb = quantiles(pos, 3);
      const breaks = [...nb, 0, ...pb];
      const pal = [...diverging.slice(3 - nb.length - 1, 3), ...diverging.slice(3, 3 + pb.length + 1)];
      colorOf = (v) => { let i = 0; while (i < breaks.length && v >= breaks[i]) i++; return pal[i]; };
      legendRanges(entries, breaks, pal, nums);
    } else {
      const breaks = quantiles(nums, 5).filter((b) => b > nums[0]);
      const n = breaks.length + 1;
      const pal = n === 1 ? [sequential[2]] : Array.from({ length: n }, (_, i) => sequential[Math.round((i * (sequential.length - 1)) / (n - 1))]);
      colorOf = (v) => { let i = 0; while (i < breaks.length && v >= breaks[i]) i++; return pal[i]; };
      legendRanges(entries, breaks, pal, nums);
    }
  } else {
    colorOf = () => noData;
  }
  if (nulls) entries.push({ color: noData, label: t('no_data'), count: nulls });
  return { colorOf: (v) => (v === null || v === undefined ? noData : colorOf(v)), entries, unit };
}

function legendRanges(entries, breaks, pal, nums) {
  const lo = nums[0], hi = nums[nums.length - 1];
  const edges = [lo, ...breaks, hi];
  for (let i = 0; i < pal.length && i < edges.length - 1; i++) {
    const a = edges[i], b = edges[i + 1];
    const count = nums.filter((v) => v >= a && (i === pal.length - 1 ? v <= b : v < b)).length;
    entries.push({ color: pal[i], label: `${compact(a)} – ${i === pal.length - 1 ? '' : '<'}${compact(b)}`, count });
  }
}

// ring turns a ring of the compact outlines (GET /api/v1/geometry/districts?format=compact:
// the first lon, lat in 1/scale degree, then differences) into Leaflet's points.
function ring(flat, scale) {
  const out = new Array(flat.length / 2);
  let x = 0, y = 0;
  for (let i = 0; i < flat.length; i += 2) {
    x += flat[i];
    y += flat[i + 1];
    out[i / 2] = new L.LatLng(y / scale, x / scale);
  }
  return out;
}

export class DistrictMap {
  constructor(el, { tiles, onSelect, onMapClick }) {
    this.el = el;
    this.onSelect = onSelect;
    this.onMapClick = onMapClick;
    this.layers = new Map();
    this.codes = new Map(); // layer → code
    this.info = new Map();
    this.values = {};
    this.tip = () => '';
    this.selected = '';
    this.marked = new Map();
    this.map = L.map(el, { renderer: L.svg({ padding: 0.3 }), preferCanvas: false, zoomSnap: 0.25, attributionControl: true, center: [37.5665, 126.978], zoom: 11 });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution('서울특별시, 서울 열린데이터광장');
    this.tiles = null;
    if (tiles) this.setTiles(tiles);
    else el.classList.add('no-tiles');
    this.map.createPane('gu').style.zIndex = 450;
    this.map.getPane('gu').style.pointerEvents = 'none';
    this.map.createPane('drawing').style.zIndex = 460;
    this.guRenderer = L.svg({ pane: 'gu', padding: 0.3 });
    this.drawRenderer = L.svg({ pane: 'drawing', padding: 0.3 });
    this.drawing = L.layerGroup().addTo(this.map);
    this.map.on('click', (e) => this.onMapClick && this.onMapClick(e.latlng));
  }

  // load fetches every district's shape at once and draws them once the
  // promise after settles too; it resolves with the number drawn.
  async load(after) {
    const [list, outlines] = await Promise.all([api.districts(), api.outlines(), after]);
    for (const d of list.districts) this.info.set(d.code, d);
    const base = { color: '#555', weight: 0.6, opacity: 0.9, fillColor: noData, fillOpacity: 0.75 };
    // One group holds every district's shape and listens for all of them
    // (Leaflet hands a shape's events to its group), with one tooltip.
    const group = L.featureGroup();
    const scale = outlines.scale;
    for (const d of outlines.districts) {
      const layer = L.polygon(d.polygons.map((p) => p.map((r) => ring(r, scale))), { ...base, className: 'district' });
      this.add(group, d.code, layer);
      if (!this.info.has(d.code)) this.info.set(d.code, { code: d.code });
    }
    for (const d of list.districts) {
      if (this.layers.has(d.code) || typeof d.lat !== 'number') continue;
      this.add(group, d.code, L.circleMarker([d.lat, d.lon], { ...base, radius: 5, weight: 1, className: 'district centroid' }));
    }
    this.tooltip = L.tooltip({ sticky: true, direction: 'top', className: 'district-tip' });
    this.hovered = '';
    group.on('click', (e) => {
      L.DomEvent.stopPropagation(e);
      const code = this.codes.get(e.propagatedFrom);
      this.showTip(code, e.latlng);
      if (this.onMapClick && this.clickThrough) this.onMapClick(e.latlng);
      else this.onSelect(code);
    });
    group.on('mouseover', (e) => {
      const code = this.codes.get(e.propagatedFrom);
      e.propagatedFrom.setStyle({ weight: 2.2, color: '#000' });
      this.showTip(code, e.latlng);
    });
    group.on('mousemove', (e) => this.tooltip.setLatLng(e.latlng));
    group.on('mouseout', (e) => {
      this.restyle(this.codes.get(e.propagatedFrom));
      this.hovered = '';
      this.map.closeTooltip(this.tooltip);
    });
    // The shapes are fitted before they are added: Leaflet projects them
    // once, at the fitted zoom.
    const b = group.getBounds();
    if (b.isValid()) { this.bounds = b; this.map.fitBounds(b, { padding: [8, 8], animate: false }); }
    group.addTo(this.map);
    for (const [code, layer] of this.layers) {
      const el = layer.getElement();
      if (!el) continue;
      el.setAttribute('data-code', code);
      el.setAttribute('data-name', this.info.get(code)?.name || '');
    }
    api.guOutlines().then((gu) => {
      L.geoJSON(gu, { pane: 'gu', renderer: this.guRenderer, interactive: false, style: { color: '#1a1a1a', weight: 1.6, opacity: 0.85, fill: false, className: 'gu-outline' } }).addTo(this.map);
    }).catch(() => {});
    return this.layers.size;
  }

  add(group, code, layer) {
    this.layers.set(code, layer);
    this.codes.set(layer, code);
    group.addLayer(layer);
  }

  // showTip opens the one tooltip on a district, where the pointer is.
  showTip(code, latlng) {
    this.hovered = code;
    this.tooltip.setContent(this.tip(code)).setLatLng(latlng);
    this.map.openTooltip(this.tooltip);
  }

  restyle(code) {
    const layer = this.layers.get(code);
    if (!layer) return;
    const mark = this.marked.get(code);
    if (code === this.selected) layer.setStyle({ weight: 3, color: '#000' });
    else if (mark) layer.setStyle({ weight: 2.2, color: mark });
    else layer.setStyle({ weight: layer instanceof L.CircleMarker ? 1 : 0.6, color: '#555' });
  }

  // paint colours every district by colorOf(value) and sets body[data-ready].
  paint(values, colorOf, tip) {
    this.values = values;
    this.tip = tip;
    for (const [code, layer] of this.layers) {
      const v = values[code];
      // Only the fill changes: set in the options (which Leaflet's later
      // setStyle calls restyle from) and on the path, instead of a
      // setStyle that rewrites all ten of its attributes.
      layer.options.fillColor = colorOf(v, code);
      // centroid markers without a value shrink, so that the coloured ones stand out
      if (layer.setRadius && !layer.getBounds) layer.setRadius(v === null || v === undefined ? 2.5 : 5);
      const el = layer.getElement();
      if (!el) continue;
      el.setAttribute('fill', layer.options.fillColor);
      el.setAttribute('data-value', v === null || v === undefined ? '' : String(v));
    }
    if (this.hovered && this.map.hasLayer(this.tooltip)) this.tooltip.setContent(this.tip(this.hovered));
    // Every path's fill is set by now: the hooks of the browser tests.
    document.body.dataset.ready = 'true';
    document.body.dataset.coloredAt = String(Date.now());
  }

  // colorBy paints an indicator's values and draws its legend.
  colorBy(key, unit, values, legendEl, caption) {
    const cls = classify(key, unit, values);
    this.paint(values, cls.colorOf, (code) => tipText(this.info.get(code), code, indicatorName(key), valueText(values[code], unit), unit, values[code]));
    drawLegend(legendEl, caption, cls.entries);
    return cls;
  }

  select(code, pan = true) {
    const prev = this.selected;
    this.selected = code || '';
    if (prev) { this.layers.get(prev)?.getElement()?.classList.remove('selected'); this.restyle(prev); }
    const layer = this.layers.get(code);
    if (!layer) return;
    layer.getElement()?.classList.add('selected');
    this.restyle(code);
    layer.bringToFront?.();
    if (pan) {
      const b = layer.getBounds ? layer.getBounds() : L.latLngBounds([layer.getLatLng()]);
      if (!this.map.getBounds().contains(b)) this.map.panTo(b.getCenter());
    }
  }

  // mark outlines the codes with a colour (compare, area, rankings); mark({}) clears.
  mark(colors) {
    const prev = [...this.marked.keys()];
    this.marked = new Map(Object.entries(colors));
    for (const c of prev) { this.layers.get(c)?.getElement()?.classList.remove('marked'); this.restyle(c); }
    for (const c of this.marked.keys()) { this.layers.get(c)?.getElement()?.classList.add('marked'); this.restyle(c); }
  }

  fitCodes(codes) {
    const b = L.latLngBounds([]);
    for (const c of codes) {
      const l = this.layers.get(c);
      if (!l) continue;
      if (l.getBounds) b.extend(l.getBounds()); else b.extend(l.getLatLng());
    }
    if (b.isValid()) this.map.fitBounds(b, { padding: codes.length === 1 ? [60, 60] : [30, 30], maxZoom: 15 });
  }

  resetView() { if (this.bounds) this.map.fitBounds(this.bounds, { padding: [8, 8] }); }

  // drawCircle and drawPolygon show the area being analysed.
  drawCircle(lat, lon, radius) {
    this.drawing.clearLayers();
    if (!isFinite(lat) || !isFinite(lon)) return;
    L.circle([lat, lon], { radius, renderer: this.drawRenderer, pane: 'drawing', color: '#000', weight: 2, dashArray: '5 4', fillOpacity: 0.05, interactive: false, className: 'area-shape' }).addTo(this.drawing);
    L.circleMarker([lat, lon], { radius: 6, renderer: this.drawRenderer, pane: 'drawing', color: '#fff', weight: 2, fillColor: '#000', fillOpacity: 1, interactive: false, className: 'area-pin' }).addTo(this.drawing);
  }

  drawPolygon(points) {
    this.drawing.clearLayers();
    if (!points.length) return;
    const ll = points.map(([lon, lat]) => [lat, lon]);
    const opts = { renderer: this.drawRenderer, pane: 'drawing', color: '#000', weight: 2, dashArray: '5 4', fillOpacity: 0.05, interactive: false, className: 'area-shape' };
    (points.length >= 3 ? L.polygon(ll, opts) : L.polyline(ll, opts)).addTo(this.drawing);
    for (const p of ll) L.circleMarker(p, { radius: 4, renderer: this.drawRenderer, pane: 'drawing', color: '#fff', weight: 1.5, fillColor: '#000', fillOpacity: 1, interactive: false }).addTo(this.drawing);
  }

  clearDrawing() { this.drawing.clearLayers(); }

  // pins shows merchants ({id, name, lon, lat, color?, tip?}) as round
  // markers (path.merchant-pin[data-org]), replacing the previous pins;
  // fit zooms to them. pins([]) clears. A pin's className defaults to
  // merchant-pin.
  pins(list, { fit = false, onClick } = {}) {
    if (!this.pinLayer) this.pinLayer = L.layerGroup().addTo(this.map);
    this.pinLayer.clearLayers();
    const b = L.latLngBounds([]);
    for (const p of list) {
      if (typeof p.lat !== 'number' || typeof p.lon !== 'number') continue;
      const m = L.circleMarker([p.lat, p.lon], { radius: 7, renderer: this.drawRenderer, pane: 'drawing', color: '#fff', weight: 2, fillColor: p.color || '#D55E00', fillOpacity: 1, className: p.className || 'merchant-pin' });
      m.bindTooltip(() => p.tip || h('strong', null, p.name || p.id), { className: 'district-tip' });
      if (onClick) m.on('click', (e) => { L.DomEvent.stopPropagation(e); onClick(p); });
      m.addTo(this.pinLayer);
      m.getElement()?.setAttribute('data-org', p.id);
      b.extend([p.lat, p.lon]);
    }
    if (fit && b.isValid()) this.map.fitBounds(b, { padding: [40, 40], maxZoom: 15 });
  }

  // setTiles adds the configured basemap (an {z}/{x}/{y} URL template).
  setTiles(url) {
    if (this.tiles || !url) return;
    this.tiles = L.tileLayer(url, { maxZoom: 19 }).addTo(this.map);
    this.el.classList.remove('no-tiles');
  }

  invalidate() { this.map.invalidateSize(); }
}

export function tipText(d, code, what, value, unit, raw) {
  const u = typeof raw === 'number' ? unitName(unit) : '';
  const wrap = h('div', null, h('strong', null, d?.name || code), ' ', h('span', { class: 'muted' }, code));
  if (d?.gu_name) wrap.append(h('div', { class: 'muted' }, d.gu_name + (d.type_name ? ' · ' + d.type_name : '')));
  wrap.append(h('div', null, `${what}: ${value}${u ? ' ' + u : ''}`));
  return wrap;
}

export function drawLegend(el, caption, entries) {
  clear(el,
    h('div', { class: 'legend-title' }, caption),
    h('ul', null, entries.map((e) => h('li', null, h('span', { class: 'swatch', style: `background:${e.color}` }), h('span', { class: 'legend-label' }, e.label), e.count != null ? h('span', { class: 'legend-count' }, `(${formatNumber(e.count)})`) : null))));
}
