// The JSON API of the sangsaeng server. The base is the page's own origin;
// `?api=http://host:port` in the page URL points the app at another server
// (for development; that server must allow it).

const base = (() => {
  const p = new URLSearchParams(location.search).get('api');
  return p ? p.replace(/\/+$/, '') : '';
})();

export class APIError extends Error {
  constructor(status, code, message, path) {
    super(message);
    this.status = status;
    this.code = code;
    this.path = path;
  }
}

const cache = new Map();

// request fetches path (not cached) and decodes its JSON, throwing APIError
// with the API's error code on a failure status.
export async function request(path, init) {
  let res;
  try {
    res = await fetch(base + path, init);
  } catch (e) {
    throw new APIError(0, 'network', String(e.message || e), path);
  }
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!res.ok) {
    const err = body && body.error ? body.error : { code: 'http_' + res.status, message: text.slice(0, 200) || res.statusText };
    throw new APIError(res.status, err.code, err.message, path);
  }
  return body;
}

// get fetches a JSON answer once per path; failures are not kept.
export function get(path) {
  if (!cache.has(path)) {
    const p = request(path).catch((e) => { cache.delete(path); throw e; });
    cache.set(path, p);
  }
  return cache.get(path);
}

export function post(path, body) {
  return request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export async function text(path) {
  if (!cache.has(path)) {
    const p = fetch(base + path).then((r) => {
      if (!r.ok) throw new APIError(r.status, 'http_' + r.status, r.statusText, path);
      return r.text();
    }).catch((e) => { cache.delete(path); throw e; });
    cache.set(path, p);
  }
  return cache.get(path);
}

// qs builds a query string from the non-empty values of params.
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? '?' + s : '';
}

const enc = encodeURIComponent;

export const api = {
  catalog: () => get('/api/v1/catalog'),
  datasets: () => get('/api/v1/datasets'),
  districts: () => get('/api/v1/districts'),
  district: (code) => get(`/api/v1/districts/${enc(code)}`),
  outlines: () => get('/api/v1/geometry/districts?format=compact'),
  guOutlines: () => get('/api/v1/geometry/gu'),
  mapValues: (indicator, quarter, industry) => get('/api/v1/map' + qs({ indicator, quarter, industry })),
  indicators: (code, quarter, industry) => get(`/api/v1/districts/${enc(code)}/indicators` + qs({ quarter, industry })),
  quarterReport: (code, quarter) => get(`/api/v1/districts/${enc(code)}/quarters/${enc(quarter)}`),
  history: (code, industry) => get(`/api/v1/districts/${enc(code)}/history` + qs({ industry })),
  similar: (code, quarter, k) => get(`/api/v1/districts/${enc(code)}/similar` + qs({ quarter, k })),
  area: (body) => post('/api/v1/analysis/area', body),
  compare: (codes, quarter, industry) => get('/api/v1/compare' + qs({ codes: codes.join(','), quarter, industry })),
  rankings: (p) => get('/api/v1/rankings' + qs(p)),
  rollups: (level, quarter, industry) => get(`/api/v1/rollups/${enc(level)}` + qs({ quarter, industry })),
  hotspots: (p) => get('/api/v1/hotspots' + qs(p)),
  recommend: (p) => get('/api/v1/recommend' + qs(p)),
  doc: () => text('/docs/indicators.md'),
};
