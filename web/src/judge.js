// The judge's page (phone-first): the entries assigned to them, without the
// other judges' scores; a score 0–100 per criterion; a declared conflict
// takes an entry off their list.
import { h, clear, $ } from './dom.js';
import { t, won } from './i18n.js';
import { load, send } from './session.js';
import { say, msgLine, needSignIn } from './page.js';
import { contestList, picker, criteriaText } from './contestpick.js';

const enc = encodeURIComponent;

export function initJudge(app) {
  const el = $('#page-judge');
  let contests = [];

  async function enter() {
    el.dataset.loaded = 'false';
    if (needSignIn(el, app, t('view_judge'))) return;
    try { contests = await contestList(); } catch (e) { clear(el, h('h2', null, t('view_judge')), msgLine('judge-msg')); say($('#judge-msg'), e); el.dataset.loaded = 'true'; return; }
    await render();
  }

  async function render() {
    el.dataset.loaded = 'false';
    if (!contests.length) { clear(el, h('h2', null, t('view_judge')), h('p', { class: 'muted' }, t('none_yet'))); el.dataset.loaded = 'true'; return; }
    const head = [h('h2', null, t('view_judge')), picker(app, contests, render)];
    let mine;
    try { mine = await load(`/api/v1/contests/${enc(app.state.contest)}/assigned`); } catch (e) { clear(el, head, msgLine('judge-msg')); say($('#judge-msg'), e); el.dataset.loaded = 'true'; return; }
    const c = mine.contest;
    const published = !!c.published_at;
    const declared = new Set(mine.conflicts || []);
    clear(el, head,
      h('p', { class: 'small muted' }, criteriaText(c)),
      h('h3', null, `${t('assigned')} (${mine.entries.length})`),
      mine.entries.length ? h('ul', { class: 'order-list', id: 'assigned-entries' }, mine.entries.map((e) => card(c, e, published, declared.has(e.id) || declared.has(e.supplier)))) : h('p', { class: 'muted' }, t('none_yet')),
      declared.size ? h('p', { id: 'declared-conflicts', class: 'small' }, `${t('conflict')}: ${[...declared].join(', ')}`) : null);
    el.dataset.loaded = 'true';
  }

  function card(c, e, published, conflicted) {
    const msg = msgLine('score-msg-' + e.id);
    const inputs = (c.criteria || []).map((k) => h('label', null, h('span', null, `${k.name} (${k.weight})`),
      h('input', { type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric', class: 'score-input', 'data-criterion': k.key, value: e.scores?.[k.key] ?? '', disabled: published || conflicted })));
    const form = h('form', { class: 'score-form row', novalidate: true }, inputs,
      h('button', { type: 'submit', class: 'primary save-scores', disabled: published || conflicted }, t('save_scores')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const scores = {};
      for (const i of form.querySelectorAll('input.score-input')) {
        const n = Number(i.value);
        if (i.value === '' || !Number.isInteger(n) || n < 0 || n > 100) { say(msg, `${i.dataset.criterion}: 0–100`, true); i.focus(); return; }
        scores[i.dataset.criterion] = n;
      }
      try { await send('PUT', `/api/v1/contests/${enc(c.id)}/entries/${enc(e.id)}/scores`, { scores }); } catch (err) { say(msg, err); return; }
      say(msg, t('saved'));
      form.closest('li').dataset.scored = 'true';
    });
    const conflict = h('button', { type: 'button', class: 'declare-conflict', disabled: published || conflicted, onclick: async () => {
      el.dataset.loaded = 'false';
      try { await send('POST', `/api/v1/contests/${enc(c.id)}/conflicts`, { target: e.id }); } catch (err) { say(msg, err); el.dataset.loaded = 'true'; return; }
      await render();
    } }, t('conflict'));
    return h('li', { 'data-entry': e.id, 'data-scored': e.scores ? 'true' : 'false', 'data-conflict': conflicted ? 'true' : 'false' },
      h('span', { class: 'name' }, e.product), h('span', null, `${won(e.unit_price)} · ${e.min_units}–${e.max_units}`),
      h('span', { class: 'muted small' }, (e.attachments || []).map((a) => a.name).join(', ')),
      h('div', { style: 'flex-basis:100%' }, form, conflict, msg));
  }

  return { enter, rerender() { if (!el.hidden) render(); } };
}
