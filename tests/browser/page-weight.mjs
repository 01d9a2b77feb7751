#!/usr/bin/env node
// Page weight: loads one page of a built site in Chromium from a local static
// server and reports the gzip-compressed size of the page plus every
// same-origin resource it loads (CSS, JS, images, data fetched by scripts
// during load), as a static host with gzip would send them: each file
// compressed with gzip level 6 (the default of zlib and of most servers).
// Sizes are in kB = 1000 bytes.
//
// usage: node page-weight.mjs PUBLIC_DIR PATH [--max-kb N] [--width PX] [--json FILE]
//        node page-weight.mjs PUBLIC_DIR --pages pages.json [--width PX] [--json FILE]
//   --max-kb N     exit 1 when the gzip total is over N kB
//   --pages FILE   report every page of pages.json that has "weight" (true, or
//                  {"maxKb": N} for a limit); optional pages not built are skipped
//   --width PX     viewport width (default 360, a phone: what a slow connection loads)
//   --json FILE    also write the report as JSON
// exit: 0 ok, 1 over a limit or a page did not load, 2 usage error.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, resolvePath } from './serve.mjs';
import { launchChromium, parseArgs, die, isDir } from './lib.mjs';
import { loadPages } from './pages.mjs';

const USAGE = `usage: node page-weight.mjs PUBLIC_DIR PATH [--max-kb N] [--width PX] [--json FILE]
       node page-weight.mjs PUBLIC_DIR --pages pages.json [--width PX] [--json FILE]`;

const kb = (n) => (n / 1000).toFixed(1);

// Loads urlPath and returns what the server sent for it, each file once.
async function measure(browser, srv, urlPath, width) {
  const external = [];
  const from = srv.served.length;
  const context = await browser.newContext({ viewport: { width, height: 740 }, isMobile: width < 600, serviceWorkers: 'block' });
  let status = 0;
  try {
    await context.route('**/*', (route) => {
      if (new URL(route.request().url()).origin === srv.origin) return route.continue();
      external.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const resp = await page.goto(srv.origin + urlPath, { waitUntil: 'load', timeout: 30000 });
    await page.waitForLoadState('networkidle', { timeout: 30000 }).catch(() => {});
    status = resp ? resp.status() : 0;
  } finally {
    await context.close();
  }
  const served = srv.served.slice(from);
  const seen = new Set();
  const resources = [];
  for (const r of served) {
    if (!r.file || seen.has(r.file)) continue;
    seen.add(r.file);
    const body = fs.readFileSync(r.file);
    resources.push({
      path: r.path,
      status: r.status,
      type: path.extname(r.file).slice(1) || '-',
      bytes: body.length,
      gzip: zlib.gzipSync(body, { level: 6 }).length,
    });
  }
  const total = resources.reduce((a, r) => ({ bytes: a.bytes + r.bytes, gzip: a.gzip + r.gzip }), { bytes: 0, gzip: 0 });
  const failed = served.filter((r) => r.status >= 400 && r.path !== urlPath).map((r) => ({ path: r.path, status: r.status }));
  return { path: urlPath, width, status, total, resources, failed, external };
}

function print(rep, maxKb) {
  const w = Math.max(24, ...rep.resources.map((r) => r.path.length));
  console.log(`page-weight: ${rep.path} at ${rep.width} px (gzip level 6; 1 kB = 1000 bytes)`);
  console.log(`  ${'resource'.padEnd(w)}  ${'type'.padEnd(5)} ${'raw kB'.padStart(8)} ${'gzip kB'.padStart(8)}`);
  for (const r of rep.resources) console.log(`  ${r.path.padEnd(w)}  ${r.type.padEnd(5)} ${kb(r.bytes).padStart(8)} ${kb(r.gzip).padStart(8)}`);
  console.log(`  ${'total'.padEnd(w)}  ${String(rep.resources.length).padEnd(5)} ${kb(rep.total.bytes).padStart(8)} ${kb(rep.total.gzip).padStart(8)}`);
  let ok = true;
  if (rep.status !== 200) {
    console.log(`page-weight: ${rep.path} answered HTTP ${rep.status}`);
    ok = false;
  }
  for (const r of rep.failed) console.log(`page-weight: note: ${r.path} answered HTTP ${r.status}`);
  for (const u of rep.external) console.log(`page-weight: note: request to another host (blocked, not counted): ${u}`);
  const line = `page-weight: ${rep.path}: ${kb(rep.total.gzip)} kB gzip (${kb(rep.total.bytes)} kB raw) in ${rep.resources.length} files`;
  if (maxKb != null) {
    const over = rep.total.gzip > maxKb * 1000;
    console.log(`${line}, limit ${maxKb} kB: ${over ? 'OVER' : 'ok'}`);
    if (over) ok = false;
  } else console.log(line);
  return ok;
}

async function main() {
  const { positional, options } = parseArgs(process.argv.slice(2), { values: ['max-kb', 'width', 'json', 'pages'], flags: [] }, USAGE);
  const byPages = options.pages !== undefined;
  if (positional.length !== (byPages ? 1 : 2) || (!byPages && !positional[1].startsWith('/'))) die(USAGE);
  if (byPages && options['max-kb'] !== undefined) die('page-weight: with --pages, limits come from each page\'s "weight": {"maxKb": N}');
  const shown = positional[0];
  if (!isDir(shown)) die(`page-weight: not a folder: ${shown}`);
  const width = Number(options.width || 360);
  if (!(width >= 200)) die('page-weight: --width needs a number of pixels');

  let targets;
  if (byPages) {
    targets = [];
    for (const p of loadPages(options.pages)) {
      if (!p.weight) continue;
      const r = resolvePath(path.resolve(shown), new URL(p.path, 'http://x').pathname);
      if (!r.file && p.optional) {
        console.log(`page-weight: skip ${p.name} ${p.path}: optional, not in the built site`);
        continue;
      }
      targets.push({ path: p.path, maxKb: typeof p.weight === 'object' ? p.weight.maxKb : null });
    }
    if (!targets.length) console.log(`page-weight: no page of ${options.pages} asks for a weight report ("weight")`);
  } else {
    const maxKb = options['max-kb'] !== undefined ? Number(options['max-kb']) : null;
    if (maxKb !== null && !(maxKb > 0)) die('page-weight: --max-kb needs a positive number');
    targets = [{ path: positional[1], maxKb }];
  }

  const reports = [];
  let failed = 0;
  if (targets.length) {
    const srv = await startServer(shown);
    const browser = await launchChromium();
    try {
      for (const t of targets) {
        const rep = await measure(browser, srv, t.path, width);
        rep.maxKb = t.maxKb;
        if (!print(rep, t.maxKb)) failed++;
        reports.push(rep);
      }
    } finally {
      await browser.close();
      await srv.close();
    }
  }
  if (options.json) {
    fs.mkdirSync(path.dirname(path.resolve(options.json)), { recursive: true });
    fs.writeFileSync(options.json, JSON.stringify(byPages ? reports : reports[0], null, 2) + '\n');
  }
  console.log(`page-weight: ${reports.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`page-weight: ${e.stack || e}`);
  process.exit(1);
});
