// Small hand-written SVG charts: grouped bars and lines. Each chart is a
// <figure> with a caption, an SVG with a <title> per mark, and a data table
// for screen readers and print.
import { h } from './dom.js';
import { compact, formatNumber } from './i18n.js';

// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
export const okabeIto = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const W = 360, H = 170, M = { l: 46, r: 10, t: 14, b: 30 };

// scale picks a round step and the ticks that cover vals (and 0 when zero is set).
function scale(vals, zero) {
  let lo = vals.length ? Math.min(...vals) : 0, hi = vals.length ? Math.max(...vals) : 1;
  if (zero) { lo = Math.min(0, lo); hi = Math.max(0, hi); }
  if (lo === hi) { hi = lo + 1; if (!zero) lo -= 1; }
  const raw = (hi - lo) / 4;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((x) => x >= raw - 1e-12);
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  const ticks = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Math.round(v / step) * step);
  return { lo, hi, ticks };
}

function s(tag, attrs, ...c) { return h('svg:' + tag, attrs, ...c); }

function frame(title, sc) {
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title, preserveAspectRatio: 'xMidYMid meet' });
  const y = (v) => M.t + (H - M.t - M.b) * (1 - (v - sc.lo) / (sc.hi - sc.lo || 1));
  for (const v of sc.ticks) {
    svg.append(s('line', { x1: M.l, x2: W - M.r, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(s('text', { x: M.l - 4, y: y(v) + 3, class: 'axis', 'text-anchor': 'end' }, compact(v)));
  }
  return { svg, y };
}

// dataTable is the chart's numbers for screen readers, in a 1 px frame: a
// table ignores its own width, so the frame (a block) is what hides it
// without widening the page.
function dataTable(labels, series, fmt) {
  return h('div', { class: 'sr-only' }, h('table', { class: 'sr-table' },
    h('thead', null, h('tr', null, h('th', null, ''), series.map((se) => h('th', { scope: 'col' }, se.name)))),
    h('tbody', null, labels.map((l, i) => h('tr', null, h('th', { scope: 'row' }, l), series.map((se) => h('td', null, se.values[i] == null ? '–' : fmt(se.values[i]))))))));
}

function legend(series) {
  if (series.length < 2) return null;
  return h('ul', { class: 'chart-legend' }, series.map((se, i) => h('li', null, h('span', { class: 'swatch', style: `background:${se.color || okabeIto[i]}` }), se.name)));
}

// barChart draws one bar per label for each series (grouped).
export function barChart({ title, labels, series, format = formatNumber, link }) {
  const vals = series.flatMap((se) => se.values).filter((v) => typeof v === 'number');
  const sc = scale(vals, true);
  const { svg, y } = frame(title, sc);
  const lo = sc.lo;
  const slot = (W - M.l - M.r) / labels.length;
  const bw = Math.max(2, (slot * 0.8) / series.length);
  labels.forEach((l, i) => {
    series.forEach((se, k) => {
      const v = se.values[i];
      if (typeof v !== 'number') return;
      const x = M.l + slot * i + slot * 0.1 + bw * k;
      const y0 = y(Math.max(0, lo)), y1 = y(v);
      svg.append(s('rect', { x, y: Math.min(y0, y1), width: bw - 1, height: Math.max(1, Math.abs(y1 - y0)), fill: se.color || okabeIto[k], class: 'bar' },
        s('title', null, `${l}${series.length > 1 ? ' · ' + se.name : ''}: ${format(v)}`)));
      if (series.length === 1 && labels.length <= 8) svg.append(s('text', { x: x + bw / 2, y: y1 - 3, class: 'barlabel', 'text-anchor': 'middle' }, compact(v)));
    });
    const every = Math.ceil(labels.length / 8);
    if (i % every === 0) svg.append(s('text', { x: M.l + slot * (i + 0.5), y: H - M.b + 14, class: 'axis', 'text-anchor': 'middle' }, l));
  });
  return figure(title, svg, labels, series, format, link);
}

// lineChart draws a line per series over the labels; null values break the line.
export function lineChart({ title, labels, series, format = formatNumber, link, zero = true }) {
  const vals = series.flatMap((se) => se.values).filter((v) => typeof v === 'number');
  const { svg, y } = frame(title, scale(vals, zero));
  const n = labels.length;
  const x = (i) => M.l + ((W - M.l - M.r) * (n === 1 ? 0.5 : i / (n - 1)));
  series.forEach((se, k) => {
    const color = se.color || okabeIto[k];
    let d = '';
    let pen = false;
    se.values.forEach((v, i) => {
      if (typeof v !== 'number') { pen = false; return; }
      d += (pen ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1);
      pen = true;
    });
    svg.append(s('path', { d, fill: 'none', stroke: color, 'stroke-width': 2, class: 'line' }));
    se.values.forEach((v, i) => {
      if (typeof v !== 'number') return;
      svg.append(s('circle', { cx: x(i), cy: y(v), r: 2.6, fill: color }, s('title', null, `${labels[i]} · ${se.name}: ${format(v)}`)));
    });
  });
  const step = Math.ceil(n / 6);
  labels.forEach((l, i) => {
    if ((n - 1 - i) % step === 0) svg.append(s('text', { x: x(i), y: H - M.b + 14, class: 'axis', 'text-anchor': i === n - 1 && n > 1 ? 'end' : i === 0 && n > 1 ? 'start' : 'middle' }, l));
  });
  return figure(title, svg, labels, series, format, link);
}

function figure(title, svg, labels, series, format, link) {
  return h('figure', { class: 'chart-fig' },
    h('figcaption', null, h('span', null, title), link || null),
    svg, legend(series), dataTable(labels, series, format));
}
