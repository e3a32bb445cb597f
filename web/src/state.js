// The app's state, kept in the URL hash so that a link reproduces the view:
// #view=map&indicator=sales_amount&quarter=20251&industry=CS100001&district=3110001&lang=en
// A query string of the same names is read too (the hash wins); ?api= is not state.

const keys = ['view', 'program', 'contest', 'run', 'indicator', 'quarter', 'industry', 'district', 'lang', 'codes', 'lon', 'lat', 'radius', 'polygon', 'order', 'type', 'gu', 'band', 'age', 'sex', 'time', 'formula'];
const views = ['map', 'area', 'compare', 'rankings', 'hotspots', 'recommend', 'signin', 'programs', 'staff', 'merchant', 'supplier', 'judge', 'contests'];

export const state = {
  view: 'map', program: '', contest: '', run: '', indicator: 'sales_amount', quarter: '', industry: '', district: '', lang: 'ko',
  codes: '', lon: '', lat: '', radius: '', polygon: '', order: '', type: '', gu: '', band: '', age: '', sex: '', time: '', formula: '',
};

export function readURL() {
  const q = new URLSearchParams(location.search);
  const hsh = new URLSearchParams(location.hash.replace(/^#/, ''));
  for (const k of keys) {
    const v = hsh.has(k) ? hsh.get(k) : q.get(k);
    if (v !== null) state[k] = v;
  }
  if (!views.includes(state.view)) state.view = 'map';
  state.lang = state.lang === 'en' ? 'en' : 'ko';
}

// writeURL puts the state in the hash without adding a history entry for each change.
export function writeURL(push = false) {
  const p = new URLSearchParams();
  for (const k of keys) if (state[k] !== '' && state[k] != null) p.set(k, state[k]);
  const hash = '#' + p.toString().replace(/%2C/g, ',');
  if (hash === location.hash) return;
  const url = location.pathname + location.search + hash;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

export function set(patch, push = false) {
  Object.assign(state, patch);
  writeURL(push);
}
