#!/usr/bin/env node
// Page weight: loads one page of a built site in Chromium from a local static
// server and reports the gzip-compressed size of the page plus every
// same-origin resource it loads (CSS, JS, images, data fetched by scripts
// during load), as a static host with gzip would send them: each file
// compressed with gzip level 6 (the default of zlib and of most servers).
// Sizes are in kB = 1000 bytes.
//
// usage: node page-weight.mjs PUBLIC_DIR PATH [--max-kb N] [--width PX] [--json FILE]
//   --max-kb N   exit 1 when the gzip total is over N kB
//   --width PX   viewport width (default 360, a phone: what a slow connection loads)
//   --json FILE  also write the report as JSON
// exit: 0 ok, 1 over the limit or the page did not load, 2 usage error.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer } from './serve.mjs';
import { launchChromium, parseArgs, die, isDir } from './lib.mjs';

const USAGE = 'usage: node page-weight.mjs PUBLIC_DIR PATH [--max-kb N] [--width PX] [--json FILE]';

const kb = (n) => (n / 1000).toFixed(1);

async function main() {
  const { positional, options } = parseArgs(process.argv.slice(2), { values: ['max-kb', 'width', 'json'], flags: [] }, USAGE);
  if (positional.length !== 2 || !positional[1].startsWith('/')) die(USAGE);
  const [shown, urlPath] = positional;
  if (!isDir(shown)) die(`page-weight: not a folder: ${shown}`);
  const maxKb = options['max-kb'] !== undefined ? Number(options['max-kb']) : null;
  if (maxKb !== null && !(maxKb > 0)) die('page-weight: --max-kb needs a positive number');
  const width = Number(options.width || 360);

  const srv = await startServer(shown);
  const browser = await launchChromium();
  const external = [];
  let status = 0;
  try {
    const context = await browser.newContext({ viewport: { width, height: 740 }, isMobile: width < 600, serviceWorkers: 'block' });
    await context.route('**/*', (route) => {
      if (new URL(route.request().url()).origin === srv.origin) return route.continue();
      external.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const resp = await page.goto(srv.origin + urlPath, { waitUntil: 'load', timeout: 30000 });
    await page.waitForLoadState('networkidle', { timeout: 30000 }).catch(() => {});
    status = resp ? resp.status() : 0;
    await context.close();
  } finally {
    await browser.close();
    await srv.close();
  }

  // What the server sent, each file once, in request order.
  const seen = new Set();
  const rows = [];
  for (const r of srv.served) {
    if (!r.file || seen.has(r.file)) continue;
    seen.add(r.file);
    const body = fs.readFileSync(r.file);
    rows.push({
      path: r.path,
      status: r.status,
      type: path.extname(r.file).slice(1) || '-',
      bytes: body.length,
      gzip: zlib.gzipSync(body, { level: 6 }).length,
    });
  }
  const missing = srv.served.filter((r) => r.status >= 400 && r.path !== urlPath);
  const total = rows.reduce((a, r) => ({ bytes: a.bytes + r.bytes, gzip: a.gzip + r.gzip }), { bytes: 0, gzip: 0 });

  const w = Math.max(20, ...rows.map((r) => r.path.length));
  console.log(`page-weight: ${urlPath} at ${width} px (gzip level 6; 1 kB = 1000 bytes)`);
  console.log(`  ${'resource'.padEnd(w)}  ${'type'.padEnd(5)} ${'raw kB'.padStart(8)} ${'gzip kB'.padStart(8)}`);
  for (const r of rows) console.log(`  ${r.path.padEnd(w)}  ${r.type.padEnd(5)} ${kb(r.bytes).padStart(8)} ${kb(r.gzip).padStart(8)}`);
  console.log(`  ${'total'.padEnd(w)}  ${String(rows.length).padEnd(5)} ${kb(total.bytes).padStart(8)} ${kb(total.gzip).padStart(8)}`);
  let failed = false;
  if (status !== 200) {
    console.log(`page-weight: ${urlPath} answered HTTP ${status}`);
    failed = true;
  }
  for (const r of missing) console.log(`page-weight: note: ${r.path} answered HTTP ${r.status}`);
  for (const u of external) console.log(`page-weight: note: request to another host (blocked, not counted): ${u}`);
  if (maxKb !== null) {
    const over = total.gzip > maxKb * 1000;
    console.log(`page-weight: ${urlPath}: ${kb(total.gzip)} kB gzip in ${rows.length} files, limit ${maxKb} kB: ${over ? 'OVER' : 'ok'}`);
    if (over) failed = true;
  } else console.log(`page-weight: ${urlPath}: ${kb(total.gzip)} kB gzip in ${rows.length} files`);
  if (options.json) {
    fs.mkdirSync(path.dirname(path.resolve(options.json)), { recursive: true });
    fs.writeFileSync(options.json, JSON.stringify({ path: urlPath, width, status, maxKb, total, resources: rows, external }, null, 2) + '\n');
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`page-weight: ${e.stack || e}`);
  process.exit(1);
});
