// Serves web/dist the way `sagaz serve` does (same Content-Security-Policy, SPA fallback) and
// proxies /api to a running sagaz. Used by the e2e run when the sagaz binary was built without the
// web UI embedded, and for looking at a fresh build without rebuilding the C++.
//
//   node e2e/serve-dist.mjs --api http://127.0.0.1:18090 --port 18091 [--dist web/dist]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Keep in sync with src/server/routes_web.cpp.
export const CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function startDistServer({ dist, api, port = 0, host = '127.0.0.1' }) {
  const target = new URL(api);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/api/')) {
      const proxied = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      proxied.on('error', () => {
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'unavailable', message: 'sagaz is not answering' } }));
      });
      req.pipe(proxied);
      return;
    }
    let file = path.join(dist, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (url.pathname === '/' || !path.extname(url.pathname) || !fs.existsSync(file)) {
      if (path.extname(url.pathname) && url.pathname !== '/') {
        res.writeHead(404);
        res.end();
        return;
      }
      file = path.join(dist, 'index.html');
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}` }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { url } = await startDistServer({
    dist: path.resolve(arg('dist', path.join(here, '..', 'dist'))),
    api: arg('api', 'http://127.0.0.1:18090'),
    port: Number(arg('port', '18091')),
  });
  console.log(`serving web/dist on ${url}`);
}
