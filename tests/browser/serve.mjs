#!/usr/bin/env node
// A tiny static file server over a folder, on 127.0.0.1 and a free port, the
// way a static host serves a built site:
//   - /dir/ serves /dir/index.html; /dir (a folder, no slash) redirects to /dir/;
//   - a missing file answers 404 with /404.html when the folder has one;
//   - content types from the file extension (UTF-8 for text);
//   - GET and HEAD only; nothing outside the folder is ever served.
//
// As a module:  const srv = await startServer(dir, {port: 0, log: false});
//               srv.origin  // "http://127.0.0.1:PORT"
//               srv.served  // [{method, path, status, file, bytes}] (every request)
//               await srv.close();
// From a shell: node serve.mjs DIR [--port N] [--log]
//               prints "serving DIR at http://127.0.0.1:PORT/" and runs until killed.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.xsl': 'application/xslt+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.wasm': 'application/wasm',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function statOrNull(p) {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

// Maps a URL path to a file under root. Returns {file} | {redirect} | {missing}.
export function resolvePath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { missing: true };
  }
  if (decoded.includes('\0')) return { missing: true };
  const rel = path.posix.normalize(decoded);
  if (!rel.startsWith('/') || rel.split('/').includes('..')) return { missing: true };
  let file = path.join(root, rel);
  if (!file.startsWith(root)) return { missing: true };
  let st = statOrNull(file);
  if (st && st.isDirectory()) {
    if (!urlPath.endsWith('/')) return { redirect: urlPath + '/' };
    file = path.join(file, 'index.html');
    st = statOrNull(file);
  }
  if (!st || !st.isFile()) return { missing: true };
  return { file, size: st.size };
}

export function startServer(dir, { port = 0, host = '127.0.0.1', log = false } = {}) {
  const root = path.resolve(dir);
  if (!statOrNull(root)?.isDirectory()) throw new Error(`serve: not a folder: ${dir}`);
  const served = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, `http://${host}`);
    const record = { method: req.method, path: url.pathname + url.search, status: 0, file: null, bytes: 0 };
    served.push(record);
    const finish = (status, headers, body, file) => {
      record.status = status;
      record.file = file || null;
      record.bytes = body ? body.length : 0;
      res.writeHead(status, {
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
        ...(body ? { 'Content-Length': body.length } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      if (log) console.log(`${req.method} ${record.path} ${status}${file ? ' ' + path.relative(root, file) : ''}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return finish(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from('405 method not allowed\n'));
    }
    const r = resolvePath(root, url.pathname);
    if (r.redirect) {
      return finish(301, { Location: r.redirect + url.search, 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from(`moved to ${r.redirect}\n`));
    }
    if (r.missing) {
      const page404 = path.join(root, '404.html');
      if (statOrNull(page404)?.isFile()) {
        return finish(404, { 'Content-Type': contentType(page404) }, fs.readFileSync(page404), page404);
      }
      return finish(404, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from('404 not found\n'));
    }
    let body;
    try {
      body = fs.readFileSync(r.file);
    } catch (e) {
      return finish(500, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from(`500 ${e.message}\n`));
    }
    return finish(200, { 'Content-Type': contentType(r.file) }, body, r.file);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        root,
        host,
        port: actual,
        origin: `http://${host}:${actual}`,
        served,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

// --- command line -------------------------------------------------------------
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let dir = null;
  let port = 0;
  let log = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i] === '--log') log = true;
    else if (args[i] === '-h' || args[i] === '--help') {
      console.log('usage: node serve.mjs DIR [--port N] [--log]');
      process.exit(0);
    } else if (!dir) dir = args[i];
    else {
      console.error(`serve: unexpected argument '${args[i]}'`);
      process.exit(2);
    }
  }
  if (!dir) {
    console.error('usage: node serve.mjs DIR [--port N] [--log]');
    process.exit(2);
  }
  try {
    const srv = await startServer(dir, { port, log });
    console.log(`serving ${srv.root} at ${srv.origin}/`);
    const stop = () => srv.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
