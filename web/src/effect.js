// The program's measured effect (GET /api/v1/programs/{id}/effect): an
// event-study chart of the effect by periods since support, with its 95%
// band, and the headline in words: the effect as a percentage of what the
// treated merchants would have sold without support (counterfactual_mean).
import { h, clear } from './dom.js';
import { t, getLang, formatNumber } from './i18n.js';
import { load } from './session.js';

const enc = encodeURIComponent;

// relative turns an amount into a percentage of the counterfactual mean
// (the raw amount when there is none).
const relative = (res) => (v) => (res.counterfactual_mean > 0 ? 100 * v / res.counterfactual_mean : v);
const pct = (v) => `${(Math.round(v * 10) / 10).toFixed(1)}%`;

// sentence is the headline a program manager reads.
export function sentence(res) {
  const rel = relative(res);
  const has = res.counterfactual_mean > 0;
  const fmt = has ? pct : (v) => formatNumber(Math.round(v));
  const att = rel(res.att);
  return t('effect_sentence', {
    n: res.post_periods ?? res.periods, treated: res.treated,
    att: has ? pct(Math.abs(att)) : formatNumber(Math.round(Math.abs(att))), dir: t(att < 0 ? 'lower' : 'higher'),
    lo: fmt(rel(res.ci[0])), hi: fmt(rel(res.ci[1])),
  });
}

// chart draws the event study: points at each e with the band lo–hi, the
// zero line and the start of support between e = −1 and e = 0.
export function chart(res) {
  const pts = (res.by_event_time || []).filter((p) => typeof p.e === 'number').sort((a, b) => a.e - b.e);
  if (!pts.length) return null;
  const rel = relative(res);
  const W = 520, H = 220, L = 44, R = 10, T = 10, B = 30;
  const es = pts.map((p) => p.e);
  const ys = pts.flatMap((p) => [rel(p.lo), rel(p.hi)]).concat([0]);
  const e0 = Math.min(...es), e1 = Math.max(...es);
  const y0 = Math.min(...ys), y1 = Math.max(...ys);
  const pad = (y1 - y0) * 0.08 || 1;
  const x = (e) => L + (e1 === e0 ? 0.5 : (e - e0) / (e1 - e0)) * (W - L - R);
  const y = (v) => T + (1 - (v - (y0 - pad)) / (y1 - y0 + 2 * pad)) * (H - T - B);
  const band = pts.map((p) => `${x(p.e)},${y(rel(p.hi))}`).concat([...pts].reverse().map((p) => `${x(p.e)},${y(rel(p.lo))}`)).join(' ');
  const line = pts.map((p) => `${x(p.e)},${y(rel(p.att))}`).join(' ');
  const unit = res.counterfactual_mean > 0 ? '%' : '';
  const ticks = [y0, 0, y1].map((v) => h('svg:text', { x: L - 4, y: y(v) + 3, 'text-anchor': 'end' }, `${Math.round(v * 10) / 10}${unit}`));
  return h('svg:svg', { class: 'effect-chart', id: 'effect-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': sentence(res) },
    h('svg:polygon', { class: 'band', points: band }),
    h('svg:line', { class: 'zero', x1: L, x2: W - R, y1: y(0), y2: y(0) }),
    e0 < 0 && e1 >= 0 ? h('svg:line', { class: 'treat', x1: x(-0.5), x2: x(-0.5), y1: T, y2: H - B }) : null,
    h('svg:polyline', { class: 'line', points: line }),
    pts.map((p) => h('svg:circle', { class: 'point', cx: x(p.e), cy: y(rel(p.att)), r: 3, fill: '#0072B2', 'data-e': p.e, 'data-att': p.att, 'data-lo': p.lo, 'data-hi': p.hi })),
    ticks,
    pts.map((p) => h('svg:text', { x: x(p.e), y: H - B + 14, 'text-anchor': 'middle' }, String(p.e))),
    h('svg:text', { x: (L + W - R) / 2, y: H - 3, 'text-anchor': 'middle' }, t('event_time')));
}

// renderEffect fills el with the effect of program id, or says why there is none.
export async function renderEffect(el, id) {
  if (!el) return;
  el.dataset.loaded = 'false';
  let res;
  try {
    res = await load(`/api/v1/programs/${enc(id)}/effect?outcome=amount&method=cs&control=never&period=week`);
  } catch (e) {
    clear(el, h('p', { id: 'effect-none', class: 'muted' }, t('effect_none', { reason: e.message })));
    el.dataset.loaded = 'true';
    return;
  }
  const warn = res.pre_trend?.warning;
  clear(el,
    h('p', { class: 'muted small' }, t('effect_help')),
    h('p', { id: 'effect-sentence', 'data-att': res.att, 'data-lo': res.ci?.[0], 'data-hi': res.ci?.[1] }, sentence(res)),
    chart(res),
    warn ? h('p', { id: 'effect-pretrend', class: 'error' }, t('pretrend_warning', { p: res.pre_trend.p == null ? '–' : res.pre_trend.p.toFixed(3) }) + (getLang() === 'en' ? ` ${warn}` : '')) : null);
  el.dataset.loaded = 'true';
}
