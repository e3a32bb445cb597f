// The contest chooser the supplier's, judge's and manager's pages share:
// GET /api/v1/contests into a <select id="contest-select"> bound to #contest=.
import { h } from './dom.js';
import { t } from './i18n.js';
import { load } from './session.js';

export async function contestList() {
  return (await load('/api/v1/contests')).contests || [];
}

// picker draws the chooser; onPick(id) runs when the user picks another.
export function picker(app, contests, onPick) {
  if (!contests.some((c) => c.id === app.state.contest)) app.set({ contest: contests[0]?.id || '' });
  return h('label', null, h('span', null, t('contest')),
    h('select', { id: 'contest-select', onchange: (e) => { app.set({ contest: e.target.value }); onPick(e.target.value); } },
      contests.map((c) => h('option', { value: c.id, selected: c.id === app.state.contest }, c.name))));
}

// criteriaText lists a contest's criteria with weights: 쓰임새 30 · 품질 25 …
export const criteriaText = (c) => (c.criteria || []).map((k) => `${k.name} ${k.weight}`).join(' · ');

// explain tells how a final score was made from the raw scores: the rule,
// then each judge's raw scores (normalised, dropped) and weighted total.
export function explain(ex, criteria) {
  if (!ex) return null;
  const names = Object.fromEntries((criteria || []).map((k) => [k.key, k.name]));
  return h('div', { class: 'explanation' },
    h('p', { class: 'small' }, ex.formula || ''),
    ex.tie ? h('p', { class: 'small muted' }, ex.tie) : null,
    h('div', { class: 'table-scroll' }, h('table', { class: 'explain-table' },
      h('thead', null, h('tr', null, h('th', null, t('jury')), Object.keys(names).map((k) => h('th', { class: 'num' }, names[k])), h('th', { class: 'num' }, t('score')))),
      h('tbody', null, (ex.judges || []).map((j) => h('tr', { class: j.dropped ? 'dropped muted' : null, 'data-judge': j.judge },
        h('td', null, j.judge, j.dropped ? ` (${j.dropped})` : ''),
        Object.keys(names).map((k) => h('td', { class: 'num', 'data-criterion': k, 'data-raw': j.raw?.[k] ?? '' },
          String(j.raw?.[k] ?? '–'), j.normalised?.[k] != null ? h('span', { class: 'muted small' }, ` → ${j.normalised[k].toFixed(1)}`) : null)),
        h('td', { class: 'num' }, typeof j.total === 'number' ? j.total.toFixed(2) : '–')))))));
}
