// The supplier's page (phone-first): apply to a contest with a product and
// attachments, follow each entry's status and, once the results are
// published, its rank and score with how the score was computed.
import { h, clear, $ } from './dom.js';
import { t, won } from './i18n.js';
import { load, send, orgsOf, orgName } from './session.js';
import { say, msgLine, field, needSignIn, int } from './page.js';
import { contestList, picker, criteriaText, explain } from './contestpick.js';

const enc = encodeURIComponent;

// base64 reads a file as base64, for the entry's JSON body.
function base64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

export function initSupplier(app) {
  const el = $('#page-supplier');
  let contests = [];

  async function enter() {
    el.dataset.loaded = 'false';
    if (needSignIn(el, app, t('view_supplier'))) return;
    try { contests = await contestList(); } catch (e) { clear(el, h('h2', null, t('view_supplier')), msgLine('supplier-msg')); say($('#supplier-msg'), e); el.dataset.loaded = 'true'; return; }
    await render();
  }

  async function render() {
    el.dataset.loaded = 'false';
    if (!contests.length) { clear(el, h('h2', null, t('view_supplier')), h('p', { class: 'muted' }, t('none_yet'))); el.dataset.loaded = 'true'; return; }
    const head = [h('h2', null, t('view_supplier')), picker(app, contests, render)];
    let detail;
    try { detail = await load(`/api/v1/contests/${enc(app.state.contest)}`); } catch (e) { clear(el, head, msgLine('supplier-msg')); say($('#supplier-msg'), e); el.dataset.loaded = 'true'; return; }
    const c = detail.contest;
    let results = null;
    if (c.published_at) {
      try { results = await load(`/api/v1/contests/${enc(c.id)}/results`); } catch { results = null; }
    }
    const byEntry = new Map((results?.entries || []).map((r) => [r.entry, r]));
    const status = (e) => {
      if (byEntry.has(e.id)) return 'published';
      if (c.jury_at) return 'judging';
      return 'submitted';
    };
    const statusText = { submitted: ['접수됨', 'submitted'], judging: ['심사 중', 'being judged'], published: ['결과 발표', 'results published'] };
    const lang = document.documentElement.lang === 'en' ? 1 : 0;
    clear(el, head,
      h('p', { class: 'small muted' }, `${criteriaText(c)} · ${t('budget')} ${won(c.budget)} · ~${new Date(c.closes_at).toLocaleString(lang ? 'en-GB' : 'ko-KR', { timeZone: 'Asia/Seoul' })}`),
      h('h3', null, t('entries')),
      detail.entries.length ? h('ul', { class: 'order-list', id: 'my-entries' }, detail.entries.map((e) => {
        const r = byEntry.get(e.id);
        return h('li', { 'data-entry': e.id, 'data-status': status(e) },
          h('span', { class: 'name' }, e.product),
          h('span', null, `${won(e.unit_price)} × ${e.min_units}–${e.max_units}`),
          h('span', { class: 'entry-status' }, statusText[status(e)][lang]),
          r ? h('div', { class: 'result', style: 'flex-basis:100%' },
            h('p', null, `${t('rank')} `, h('strong', { class: 'rank', 'data-raw': r.rank }, String(r.rank)), ` · ${t('score')} `, h('strong', { class: 'score', 'data-raw': r.score }, r.score.toFixed(2)),
              r.selected_units ? ` · ${t('selected_units')} ${r.selected_units} (${won(r.cost)})` : ''),
            h('details', { open: true }, h('summary', null, t('how_computed')), explain(r.explanation, c.criteria))) : null);
      })) : h('p', { class: 'muted' }, t('none_yet')),
      c.jury_at ? null : entryForm(c));
    el.dataset.loaded = 'true';
  }

  function entryForm(c) {
    const mine = orgsOf('supplier');
    const msg = msgLine('entry-msg');
    const files = h('input', { id: 'entry-files', type: 'file', multiple: true, accept: 'image/png,image/jpeg,image/webp,application/pdf' });
    const form = h('form', { id: 'entry-form', class: 'stack', novalidate: true },
      mine.length > 1 ? field('role_supplier', h('select', { id: 'entry-supplier' }, mine.map((o) => h('option', { value: o }, orgName(o))))) : null,
      field('product', h('input', { id: 'entry-product', type: 'text', required: true })),
      field('unit_price_c', h('input', { id: 'entry-price', type: 'text', inputmode: 'numeric' })),
      field('min_units', h('input', { id: 'entry-min', type: 'text', inputmode: 'numeric' })),
      field('max_units', h('input', { id: 'entry-max', type: 'text', inputmode: 'numeric' })),
      field('sme_cert', h('input', { id: 'entry-cert', type: 'text' })),
      field('attachments', files),
      h('button', { type: 'submit', id: 'entry-run', class: 'primary big-button' }, t('apply')), msg);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      el.dataset.loaded = 'false';
      try {
        const attachments = await Promise.all([...files.files].map(async (f) => ({ name: f.name, data: await base64(f) })));
        await send('POST', `/api/v1/contests/${enc(c.id)}/entries`, {
          supplier: $('#entry-supplier')?.value || mine[0], product: $('#entry-product').value.trim(), unit_price: int($('#entry-price')),
          min_units: int($('#entry-min')), max_units: int($('#entry-max')), sme_cert: $('#entry-cert').value.trim(), attachments,
        });
      } catch (err) { say(msg, err); el.dataset.loaded = 'true'; return; }
      await render();
      say($('#entry-msg') || msg, t('saved'));
    });
    return h('section', null, h('h3', null, t('apply')), form);
  }

  return { enter, rerender() { if (!el.hidden) render(); } };
}
