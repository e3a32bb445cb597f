// Development server for the web app: serves web/dist as web/embed.go does
// (re-read on every request, so a rebuild shows on reload) and forwards
// everything else to a running sangsaeng, e.g. `sangsaeng demo`. Not used in
// production; the binary embeds dist.
//
//   node dev/server.mjs [--upstream http://127.0.0.1:8080] [--port 8081] [--tiles URL]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const upstream = args.upstream || 'http://127.0.0.1:8080';
const port = Number(args.port || 8081);
const tiles = args.tiles || '';
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

http.createServer(async (req, res) => {
  const u = new URL(req.url, 'http://localhost');
  const file = u.pathname === '/' ? 'index.html' : u.pathname.slice(1);
  if (/^[a-z0-9.-]+\.(html|js|css)$/.test(file) && fs.existsSync(path.join(dist, file))) {
    let body = fs.readFileSync(path.join(dist, file));
    if (file === 'index.html') body = body.toString().replace('name="sangsaeng-tiles" content=""', `name="sangsaeng-tiles" content="${attr(tiles)}"`);
    res.writeHead(200, { 'content-type': types[path.extname(file)], 'cache-control': 'no-store' });
    res.end(body);
    return;
  }
  try {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const r = await fetch(upstream + u.pathname + u.search, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] || 'application/json' },
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') || 'application/octet-stream' });
    res.end(Buffer.from(await r.arrayBuffer()));
  } catch (e) {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'bad_gateway', message: `${upstream}: ${e.message}` } }));
  }
}).listen(port, '127.0.0.1', () => console.log(`web dev server on http://127.0.0.1:${port}/ → ${upstream}`));
