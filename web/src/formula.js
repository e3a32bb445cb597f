// The formula panel: for an indicator key, its row of docs/indicators.md (served
// at /docs/indicators.md), the prose of its section, and name, unit, version,
// source and columns from the catalog.
import { api } from './api.js';
import { h, clear } from './dom.js';
import { t, indicatorName, unitName, getLang } from './i18n.js';

let doc = null;

function decode(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

// inline renders `code`, **bold** and [text](link) (as text) without parsing HTML.
export function inline(src) {
  const out = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\([^)]*\)/g;
  let last = 0, m;
  const s = decode(src);
  while ((m = re.exec(s))) {
    if (m.index > last) out.push(s.slice(last, m.index));
    if (m[1] !== undefined) out.push(h('code', null, m[1]));
    else if (m[2] !== undefined) out.push(h('strong', null, m[2]));
    else out.push(m[3]);
    last = re.lastIndex;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

function cells(line) {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

// parse splits the markdown into sections with their prose and tables.
export function parse(md) {
  const lines = md.split('\n');
  const sections = [];
  let cur = { title: '', level: 1, blocks: [] };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const hm = line.match(/^(#{1,4})\s+(.*)$/);
    if (hm) {
      sections.push(cur);
      cur = { title: hm[2].trim(), level: hm[1].length, blocks: [] };
      i++;
      continue;
    }
    if (line.startsWith('|')) {
      const rows = [];
      while (i < lines.length && lines[i].startsWith('|')) rows.push(lines[i++]);
      const header = cells(rows[0]);
      cur.blocks.push({ kind: 'table', header, rows: rows.slice(2).map(cells) });
      continue;
    }
    if (line.startsWith('```')) {
      const body = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) body.push(lines[i++]);
      i++;
      cur.blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    if (line.trim() === '') { i++; continue; }
    const para = [];
    while (i < lines.length && lines[i].trim() !== '' && !lines[i].startsWith('|') && !lines[i].startsWith('#') && !lines[i].startsWith('```')) para.push(lines[i++]);
    if (para[0].startsWith('- ')) {
      const items = [];
      for (const l of para) { if (l.startsWith('- ')) items.push(l.slice(2)); else items[items.length - 1] += ' ' + l.trim(); }
      cur.blocks.push({ kind: 'list', items });
    } else cur.blocks.push({ kind: 'para', text: para.join(' ') });
  }
  sections.push(cur);
  return sections;
}

// find locates the table row whose first cell is the backticked key.
export function find(sections, key) {
  const want = '`' + key + '`';
  for (const sec of sections) {
    for (let b = 0; b < sec.blocks.length; b++) {
      const blk = sec.blocks[b];
      if (blk.kind !== 'table') continue;
      const row = blk.rows.find((r) => r[0] === want);
      if (row) return { section: sec, table: blk, row, index: b };
    }
  }
  return null;
}

function flagMeanings(sections) {
  const sec = sections.find((s) => s.title === 'Flags');
  const out = {};
  const tbl = sec && sec.blocks.find((b) => b.kind === 'table');
  if (tbl) for (const r of tbl.rows) out[r[0].replace(/`/g, '')] = r[1];
  return out;
}

function block(blk) {
  if (blk.kind === 'para') return h('p', null, inline(blk.text));
  if (blk.kind === 'list') return h('ul', null, blk.items.map((it) => h('li', null, inline(it))));
  if (blk.kind === 'code') return h('pre', null, blk.text);
  return h('div', { class: 'table-scroll' }, h('table', { class: 'doc-table' },
    h('thead', null, h('tr', null, blk.header.map((c) => h('th', null, inline(c))))),
    h('tbody', null, blk.rows.map((r) => h('tr', null, r.map((c) => h('td', null, inline(c))))))));
}

// openFormula fills the panel for key (flags: those of the value shown) and focuses it.
export async function openFormula(panel, key, catalog, flags = [], onClose) {
  panel.hidden = false;
  panel.dataset.key = key;
  const close = h('button', { type: 'button', id: 'formula-close', class: 'close', 'aria-label': t('close'), onclick: onClose }, '×');
  clear(panel, h('div', { class: 'formula-head' }, h('h2', { id: 'formula-title' }, t('formula_of', { name: indicatorName(key) })), close), h('p', null, t('loading')));
  panel.focus();
  let sections;
  try {
    doc = doc || parse(await api.doc());
    sections = doc;
  } catch (e) {
    sections = [];
  }
  const meta = catalog?.indicators?.find((i) => i.key === key);
  const hit = find(sections, key);
  const dl = h('dl', { class: 'formula-meta' });
  const add = (k, v) => { if (v !== undefined && v !== null && v !== '') dl.append(h('dt', null, k), h('dd', null, v)); };
  add(t('key'), h('code', null, key));
  add(t('name'), getLang() === 'en' ? `${indicatorName(key)} (${meta?.name || ''})` : meta?.name || indicatorName(key));
  add(t('unit'), meta ? `${meta.unit}${unitName(meta.unit) && unitName(meta.unit) !== meta.unit ? ' (' + unitName(meta.unit) + ')' : ''}` : '');
  add(t('version'), meta?.version);
  add(t('source'), meta?.source);
  add(t('columns'), meta?.columns?.join(', '));
  const body = [dl];
  if (hit) {
    const row = h('dl', { class: 'formula-row', 'data-key': key });
    hit.table.header.forEach((hd, i) => { row.append(h('dt', null, inline(hd)), h('dd', null, inline(hit.row[i] || ''))); });
    body.push(h('h3', null, `${t('doc_section')}: ${hit.section.title}`));
    for (const b of hit.section.blocks.slice(0, hit.index)) body.push(block(b));
    body.push(row);
    const rest = hit.section.blocks.slice(hit.index + 1);
    if (rest.length) body.push(h('details', null, h('summary', null, hit.section.title), rest.map(block)));
    const subs = [];
    for (const s of sections.slice(sections.indexOf(hit.section) + 1)) { if (s.level <= hit.section.level) break; subs.push(s); }
    if (subs.length) body.push(h('details', null, h('summary', null, subs.map((s) => s.title).join(' · ')), subs.map((s) => [h('h4', null, s.title), s.blocks.map(block)])));
  }
  if (flags.length) {
    const meaning = flagMeanings(sections);
    body.push(h('h3', null, t('flags')), h('ul', { class: 'flag-list' }, flags.map((f) => h('li', null, h('code', null, f), meaning[f] ? [' — ', inline(meaning[f])] : null))));
  }
  clear(panel, h('div', { class: 'formula-head' }, h('h2', { id: 'formula-title' }, t('formula_of', { name: indicatorName(key) })), close), h('div', { class: 'formula-body' }, body));
  close.focus();
}
