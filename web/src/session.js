// Who is signed in, and the writes they make. The session cookie is HttpOnly,
// so the shell asks GET /api/v1/auth/me at start and after signing in or out;
// writes carry the session's CSRF token as X-CSRF-Token.
import { request, get } from './api.js';

// paths are the API paths the server serves (its OpenAPI document's).
export const session = { user: null, orgs: [], csrf: '', paths: new Set() };

// refresh asks the server who is signed in, and once which routes it
// serves; it resolves with the user or null.
export async function refresh() {
  if (!session.paths.size) {
    try { session.paths = new Set(Object.keys((await get('/api/v1/openapi.json')).paths || {})); } catch { /* no pages then */ }
  }
  const me = await request('/api/v1/auth/me');
  session.user = me?.user || null;
  session.orgs = me?.orgs || [];
  session.csrf = me?.csrf_token || '';
  return session.user;
}

export async function signIn(email, password) {
  const res = await request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  session.csrf = res.csrf_token;
  return refresh();
}

export async function signOut() {
  try { await send('POST', '/api/v1/auth/logout'); } finally { session.user = null; session.orgs = []; session.csrf = ''; }
}

// send makes a write: a JSON body (or a string, bytes or a Blob sent as is,
// with type) and the CSRF token.
export function send(method, path, body, type = 'application/json') {
  const headers = { 'X-CSRF-Token': session.csrf };
  const init = { method, headers };
  if (body !== undefined) {
    headers['content-type'] = type;
    init.body = typeof body === 'string' || body instanceof Uint8Array || body instanceof Blob ? body : JSON.stringify(body);
  }
  return request(path, init);
}

// load reads path fresh (records change as users act; nothing is cached).
export const load = (path) => request(path);

// roles are the roles the user holds, each with the organisations it holds it in.
export function roles() {
  const out = new Map();
  for (const m of session.user?.memberships || []) {
    if (!out.has(m.role)) out.set(m.role, []);
    if (m.org) out.get(m.role).push(m.org);
  }
  return out;
}

export const has = (role) => roles().has(role) || roles().has('admin');
export const orgName = (id) => session.orgs.find((o) => o.id === id)?.name || id;
// orgsOf lists the organisations where the user holds role.
export const orgsOf = (role) => roles().get(role) || [];

// newID makes a client-chosen idempotency key for a write: prefix, the time
// and 32 random bits, at most 28 characters (the programs' limit).
export function newID(prefix) {
  const r = new Uint8Array(4);
  crypto.getRandomValues(r);
  return `${prefix.slice(0, 6)}-${Date.now().toString(36)}-${[...r].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
