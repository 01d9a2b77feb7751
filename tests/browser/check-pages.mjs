#!/usr/bin/env node
// Loads each page of a built site in Debian's Chromium (driven by
// playwright-core) from a local static server and checks it:
//   - the HTTP status is the expected one (200, or e.g. 404 for the 404 page);
//   - no console error, no uncaught page error, no failed request (network
//     error or HTTP >= 400), and no request to any host but the local server;
//   - axe-core finds no WCAG 2.0/2.1 A/AA violation (tags wcag2a, wcag2aa,
//     wcag21a, wcag21aa), after load and again after the interactions;
//   - no page-level horizontal scroll (WCAG 1.4.10 reflow) at any width;
//   - the page's own expectations from pages.json (title, selectors, text,
//     sortable tables, search);
// and saves full-page screenshots at each width (360 and 1280 px by default)
// as OUTDIR/<name>-<width>.png. See README.md for the pages.json schema.
//
// usage: node check-pages.mjs PUBLIC_DIR --pages pages.json [--shots OUTDIR]
//                             [--only NAME,...] [--timeout MS] [--verbose]
// exit: 0 all pages pass, 1 a page failed, 2 usage or pages.json error.

import fs from 'node:fs';
import path from 'node:path';
import { startServer, resolvePath } from './serve.mjs';
import { launchChromium, parseArgs, die, seconds, isDir, resolveModuleFile } from './lib.mjs';
import { loadPages } from './pages.mjs';

const USAGE = `usage: node check-pages.mjs PUBLIC_DIR --pages pages.json [--shots OUTDIR] [--only NAME,...] [--timeout MS] [--verbose]`;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DEFAULT_WIDTHS = [360, 1280];
const HEIGHT = { small: 740, large: 800 };

// --- in-page helpers (run inside Chromium) -------------------------------------
function normText(s) {
  return (s || '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

async function injectAxe(page, axeSource) {
  // page.evaluate runs through the DevTools protocol, which the page's
  // Content-Security-Policy does not restrict (a <script> tag would be).
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(axeSource);
}

async function runAxe(page, axeSource, axeOpt) {
  await injectAxe(page, axeSource);
  const cfg = typeof axeOpt === 'object' ? axeOpt : {};
  return page.evaluate(
    async ({ tags, disable, exclude }) => {
      const context = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document;
      const rules = {};
      for (const r of disable) rules[r] = { enabled: false };
      const res = await window.axe.run(context, {
        runOnly: { type: 'tag', values: tags },
        rules,
        resultTypes: ['violations'],
      });
      return res.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        tags: v.tags.filter((t) => /^wcag\d/.test(t)),
        nodes: v.nodes.map((n) => ({
          target: n.target.join(' '),
          html: n.html.length > 160 ? n.html.slice(0, 157) + '...' : n.html,
          summary: n.failureSummary || '',
        })),
      }));
    },
    { tags: AXE_TAGS, disable: cfg.disableRules || [], exclude: cfg.exclude || [] },
  );
}

function formatWcag(tags) {
  // axe tags like wcag111 / wcag1410 → 1.1.1 / 1.4.10
  const sc = tags
    .map((t) => t.match(/^wcag(\d)(\d)(\d+)$/))
    .filter(Boolean)
    .map((m) => `${m[1]}.${m[2]}.${m[3]}`);
  return sc.length ? ` (WCAG ${sc.join(', ')})` : '';
}

// The useful part of a playwright action error: its first line and the last
// lines of its call log (e.g. "<div> intercepts pointer events").
function playwrightReason(e) {
  const lines = String(e.message || e).replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const why = lines.filter((l) => /intercepts pointer events|not visible|not enabled|outside of the viewport|not stable|detached/.test(l));
  return [lines[0], ...new Set(why.slice(-2))].join('; ');
}

// Checks a [data-sortable] table: clicking the column's th button twice must
// sort the body rows by the cells' numeric data-value, first one way then the
// other, with aria-sort on that th telling which.
async function checkSort(page, spec, fail, timeout) {
  const label = `sort ${spec.table} column ${JSON.stringify(spec.column)}`;
  const tables = await page.$$(spec.table);
  if (tables.length !== 1) return fail(`${label}: selector matches ${tables.length} elements, expected 1`);
  const table = tables[0];
  const info = await table.evaluate((t, column) => {
    if (t.tagName !== 'TABLE') return { error: `${t.tagName.toLowerCase()} is not a table` };
    if (!t.hasAttribute('data-sortable')) return { error: 'table has no data-sortable attribute' };
    if (!t.tHead || !t.tHead.rows.length) return { error: 'table has no thead' };
    if (!t.tBodies.length) return { error: 'table has no tbody' };
    const cells = Array.from(t.tHead.rows[t.tHead.rows.length - 1].cells);
    const norm = (s) => (s || '').normalize('NFC').replace(/\s+/g, ' ').trim();
    let index = column;
    if (typeof column === 'string') {
      index = cells.findIndex((c) => norm(c.textContent) === norm(column));
      if (index < 0) index = cells.findIndex((c) => norm(c.textContent).includes(norm(column)));
      if (index < 0) return { error: `no header cell with text "${column}" (headers: ${cells.map((c) => norm(c.textContent)).join(' | ')})` };
    }
    if (index >= cells.length) return { error: `column ${index} out of range (${cells.length} header cells)` };
    if (cells[index].tagName !== 'TH') return { error: `header cell ${index} is not a th` };
    return { index, header: norm(cells[index].textContent), rows: Array.from(t.tBodies).reduce((n, b) => n + b.rows.length, 0) };
  }, spec.column);
  if (info.error) return fail(`${label}: ${info.error}`);
  if (info.rows < 2) return fail(`${label}: the table has ${info.rows} body row(s); sorting needs at least 2`);
  const th = await table.evaluateHandle((t, i) => t.tHead.rows[t.tHead.rows.length - 1].cells[i], info.index);
  const button = await th.waitForSelector('button', { timeout }).catch(() => null);
  if (!button) return fail(`${label}: no button in the header cell "${info.header}" (a sortable column has <th><button>)`);

  const snapshot = () =>
    table.evaluate((t, i) => {
      const norm = (s) => (s || '').normalize('NFC').replace(/\s+/g, ' ').trim();
      const rows = [];
      for (const body of t.tBodies)
        for (const r of body.rows) {
          const c = r.cells[i];
          rows.push({ key: norm(r.textContent), value: c ? c.getAttribute('data-value') : null, text: c ? norm(c.textContent) : '' });
        }
      return rows;
    }, info.index);
  const ariaSorts = () =>
    table.evaluate((t) => Array.from(t.querySelectorAll('th')).map((h) => h.getAttribute('aria-sort')));

  const before = await snapshot();
  const bad = before.find((r) => r.value !== null && r.value.trim() !== '' && !Number.isFinite(Number(r.value)));
  if (bad) return fail(`${label}: data-value "${bad.value}" (cell "${bad.text}") is not a number`);
  const valued = before.filter((r) => r.value !== null && r.value.trim() !== '').length;
  if (valued < 2) return fail(`${label}: only ${valued} cell(s) of column "${info.header}" have a data-value`);
  const keysBefore = before.map((r) => r.key).sort();

  let previous = null;
  for (let click = 1; click <= 2; click++) {
    try {
      await button.click({ timeout });
    } catch (e) {
      return fail(`${label}: cannot click the button of "${info.header}" (click ${click}): ${playwrightReason(e)}`);
    }
    const ok = await page
      .waitForFunction(
        ({ th, prev }) => {
          const s = th.getAttribute('aria-sort');
          return (s === 'ascending' || s === 'descending') && s !== prev;
        },
        { th, prev: previous },
        { timeout },
      )
      .catch(() => null);
    const state = await th.evaluate((h) => h.getAttribute('aria-sort'));
    if (!ok)
      return fail(
        `${label}: after click ${click} on "${info.header}", aria-sort on its th is ${JSON.stringify(state)}` +
          (previous ? ` (was "${previous}"; a second click must reverse the order)` : ' (expected "ascending" or "descending")'),
      );
    previous = state;
    const rows = await snapshot();
    if (JSON.stringify(rows.map((r) => r.key).sort()) !== JSON.stringify(keysBefore))
      return fail(`${label}: after click ${click} the table no longer has the same rows (${rows.length} rows, ${before.length} before)`);
    // Values must be monotonic in the announced direction; rows without a
    // data-value must all sit together at the start or the end.
    const present = rows.map((r) => r.value !== null && r.value.trim() !== '');
    const firstMissing = present.indexOf(false);
    if (firstMissing >= 0) {
      const lastPresent = present.lastIndexOf(true);
      const firstPresent = present.indexOf(true);
      const lastMissing = present.lastIndexOf(false);
      if (!(firstMissing > lastPresent || lastMissing < firstPresent))
        return fail(`${label}: after click ${click} (${state}) rows without data-value are mixed in among the others`);
    }
    const seq = rows.filter((r, k) => present[k]);
    for (let k = 1; k < seq.length; k++) {
      const a = Number(seq[k - 1].value);
      const b = Number(seq[k].value);
      if (state === 'ascending' ? a > b : a < b) {
        return fail(
          `${label}: after click ${click} aria-sort="${state}" but rows are not in that order: ` +
            `"${seq[k - 1].text}" (data-value ${seq[k - 1].value}) comes before "${seq[k].text}" (data-value ${seq[k].value})`,
        );
      }
    }
    const others = (await ariaSorts()).filter((s) => s && s !== 'none');
    if (others.length !== 1)
      return fail(`${label}: after click ${click}, ${others.length} header cells have aria-sort set (only the sorted column may)`);
  }
  return null;
}

// Types a query into the search box and expects a (new) result link whose
// text contains the expected string, and whose target exists on the server.
async function checkSearch(page, spec, origin, fail, timeout) {
  const inputSel = spec.input || 'input[type=search]';
  const resultsSel = spec.results || 'body';
  const label = `search "${spec.query}"`;
  const input = page.locator(inputSel).first();
  if (!(await input.count())) return fail(`${label}: no ${inputSel} on the page`);
  // Links visible before typing do not count: a result is a link that shows
  // up (new, or unhidden) after typing.
  await page.evaluate((sel) => {
    const visible = (a) => {
      const r = a.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(a).visibility !== 'hidden';
    };
    window.__mbBefore = new Set(Array.from(document.querySelectorAll(sel)).flatMap((r) => Array.from(r.querySelectorAll('a'))).filter(visible));
  }, resultsSel);
  try {
    await input.click({ timeout });
    await input.fill('');
    await input.pressSequentially(spec.query, { delay: 15, timeout });
  } catch (e) {
    return fail(`${label}: cannot type into ${inputSel}: ${playwrightReason(e)}`);
  }
  const handle = await page
    .waitForFunction(
      ({ sel, expect }) => {
        const norm = (s) => (s || '').normalize('NFC').replace(/\s+/g, ' ').trim();
        for (const root of document.querySelectorAll(sel))
          for (const a of root.querySelectorAll('a[href]')) {
            if (window.__mbBefore.has(a) || !norm(a.textContent).includes(norm(expect))) continue;
            const r = a.getBoundingClientRect();
            const st = getComputedStyle(a);
            if (r.width > 0 && r.height > 0 && st.visibility !== 'hidden') return { href: a.href, text: norm(a.textContent) };
          }
        return null;
      },
      { sel: resultsSel, expect: spec.expect },
      { timeout },
    )
    .catch(() => null);
  if (!handle) {
    const shown = await page.evaluate((sel) => {
      const norm = (s) => (s || '').normalize('NFC').replace(/\s+/g, ' ').trim();
      const visible = (a) => {
        const r = a.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(a).visibility !== 'hidden';
      };
      return Array.from(document.querySelectorAll(sel))
        .flatMap((r) => Array.from(r.querySelectorAll('a[href]')))
        .filter((a) => !window.__mbBefore.has(a) && visible(a))
        .map((a) => norm(a.textContent))
        .slice(0, 8);
    }, resultsSel);
    return fail(`${label}: no visible result link containing "${spec.expect}" within ${timeout} ms` + (shown.length ? ` (new links: ${shown.map((s) => JSON.stringify(s)).join(', ')})` : ' (no new link appeared)'));
  }
  const hit = await handle.jsonValue();
  const url = new URL(hit.href);
  if (url.origin !== origin) return fail(`${label}: result "${hit.text}" links off-site: ${hit.href}`);
  const resp = await page.request.get(url.origin + url.pathname, { maxRedirects: 0 });
  if (resp.status() !== 200) return fail(`${label}: result "${hit.text}" links to ${url.pathname}, which answers HTTP ${resp.status()}`);
  return null;
}

// --- one page --------------------------------------------------------------------
async function checkPage(browser, srv, page, opts) {
  const failures = [];
  const notes = [];
  const fail = (m) => {
    failures.push(m);
    return m;
  };
  const status = page.status ?? 200;
  const widths = page.widths || DEFAULT_WIDTHS;
  const url = srv.origin + page.path;
  const axeViolations = new Map(); // id+target → {violation, node, where:Set}
  const brokenInteractions = new Set();

  for (const width of widths) {
    const small = width < 600;
    const context = await browser.newContext({
      viewport: { width, height: small ? HEIGHT.small : HEIGHT.large },
      deviceScaleFactor: 1,
      isMobile: small,
      hasTouch: small,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      serviceWorkers: 'block',
    });
    const where = `${width}px`;
    const external = new Set();
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.origin === srv.origin) return route.continue();
      external.add(route.request().url());
      return route.abort('blockedbyclient');
    });
    const tab = await context.newPage();
    tab.setDefaultTimeout(opts.timeout);
    const consoleErrors = [];
    const problems = [];
    tab.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const loc = msg.location();
      // The browser logs the expected 404 of the page itself as an error.
      if (status !== 200 && /Failed to load resource/.test(msg.text()) && loc.url === url) return;
      if (/Failed to load resource: net::ERR_BLOCKED_BY_CLIENT/.test(msg.text())) return; // reported as external
      consoleErrors.push(`${msg.text()}${loc.url ? ` (${loc.url.replace(srv.origin, '')}:${loc.lineNumber + 1})` : ''}`);
    });
    tab.on('pageerror', (err) => problems.push(`uncaught page error: ${err.message}`));
    tab.on('requestfailed', (req) => {
      if (external.has(req.url())) return;
      problems.push(`request failed: ${req.url().replace(srv.origin, '')} (${req.failure()?.errorText})`);
    });
    tab.on('response', (resp) => {
      if (resp.url() === url && resp.request().isNavigationRequest()) return;
      if (resp.status() >= 400) problems.push(`request failed: ${resp.url().replace(srv.origin, '')} answered HTTP ${resp.status()}`);
    });

    try {
      const resp = await tab.goto(url, { waitUntil: 'load', timeout: opts.timeout });
      await tab.waitForLoadState('networkidle', { timeout: opts.timeout }).catch(() => notes.push(`${where}: network not idle after ${opts.timeout} ms`));
      if (!resp) fail(`${where}: no response for ${page.path}`);
      else if (resp.status() !== status) fail(`${where}: ${page.path} answered HTTP ${resp.status()}, expected ${status}`);
      else if (resp.url() !== url) fail(`${where}: ${page.path} redirected to ${resp.url().replace(srv.origin, '')}`);

      if (width === widths[0]) {
        if (page.title !== undefined) {
          const title = normText(await tab.title());
          if (!title.includes(normText(page.title))) fail(`title "${title}" does not contain "${page.title}"`);
        }
        for (const sel of page.selectors || []) {
          const n = await tab.locator(sel).count().catch((e) => fail(`selector ${sel}: ${e.message.split('\n')[0]}`));
          if (n === 0) fail(`no element matches ${sel}`);
        }
        if (page.text?.length) {
          const body = normText(await tab.evaluate(() => document.body.innerText));
          for (const t of page.text) if (!body.includes(normText(t))) fail(`page text does not contain "${t}"`);
        }
      }

      if (!page.allowHorizontalScroll) {
        const wide = await tab.evaluate(() => {
          const el = document.scrollingElement || document.documentElement;
          return el.scrollWidth > el.clientWidth + 1 ? el.scrollWidth : 0;
        });
        if (wide) fail(`${where}: the page scrolls sideways (content is ${wide} px wide); let wide tables scroll in their own container`);
      }

      if (opts.shots && page.screenshots !== false) {
        const file = path.join(opts.shots, `${page.name}-${width}.png`);
        await tab.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      }

      const axeRun = async (state) => {
        if (page.axe === false) return;
        for (const v of await runAxe(tab, opts.axeSource, page.axe)) {
          for (const n of v.nodes) {
            const key = `${v.id}\u0000${n.target}`;
            if (!axeViolations.has(key)) axeViolations.set(key, { v, n, where: new Set() });
            axeViolations.get(key).where.add(`${where}${state ? ' ' + state : ''}`);
          }
        }
      };
      await axeRun('');

      const interactive = page.sort.length + page.search.length;
      // An interaction that failed at one width is not tried again at the next.
      for (const [i, s] of page.sort.entries()) {
        if (brokenInteractions.has(`sort${i}`)) continue;
        const m = await checkSort(tab, s, (x) => x, opts.interactionTimeout);
        if (m) brokenInteractions.add(`sort${i}`), fail(`${where}: ${m}`);
      }
      for (const [i, s] of page.search.entries()) {
        if (brokenInteractions.has(`search${i}`)) continue;
        const m = await checkSearch(tab, s, srv.origin, (x) => x, opts.interactionTimeout);
        if (m) brokenInteractions.add(`search${i}`), fail(`${where}: ${m}`);
      }
      if (interactive) {
        await tab.waitForLoadState('networkidle', { timeout: opts.timeout }).catch(() => {});
        await axeRun('after interactions');
      }
    } catch (e) {
      fail(`${where}: ${e.message.split('\n')[0]}`);
    }
    for (const m of consoleErrors) fail(`${where}: console error: ${m}`);
    for (const m of [...new Set(problems)]) fail(`${where}: ${m}`);
    for (const u of external) fail(`${where}: request to another host (blocked): ${u}`);
    await context.close();
  }

  // Group axe findings by rule, then by element.
  const byRule = new Map();
  for (const { v, n, where } of axeViolations.values()) {
    if (!byRule.has(v.id)) byRule.set(v.id, { v, nodes: [] });
    byRule.get(v.id).nodes.push({ n, where: [...where].join(', ') });
  }
  for (const { v, nodes } of byRule.values()) {
    const lines = [`axe ${v.impact || 'violation'}: ${v.id}: ${v.help}${formatWcag(v.tags)} — ${v.helpUrl.replace(/\?.*$/, '')}`];
    for (const { n, where } of nodes.slice(0, 10)) {
      lines.push(`    at ${n.target}  [${where}]`);
      lines.push(`       ${n.html}`);
      for (const s of n.summary.split('\n').filter(Boolean).slice(0, 4)) lines.push(`       ${s.trim()}`);
    }
    if (nodes.length > 10) lines.push(`    ... and ${nodes.length - 10} more elements`);
    failures.push(lines.join('\n'));
  }
  return { failures, notes };
}

// --- main -----------------------------------------------------------------------
async function main() {
  const { positional, options } = parseArgs(process.argv.slice(2), { values: ['pages', 'shots', 'only', 'timeout'], flags: ['verbose'] }, USAGE);
  if (positional.length !== 1 || !options.pages) die(USAGE);
  const publicDir = path.resolve(positional[0]);
  if (!isDir(publicDir)) die(`check-pages: not a folder: ${positional[0]}`);
  const pages = loadPages(options.pages);
  const only = options.only ? new Set(options.only.split(',')) : null;
  if (only) for (const n of only) if (!pages.some((p) => p.name === n)) die(`check-pages: --only ${n}: no such page in ${options.pages}`);
  const axePath = resolveModuleFile('axe-core/axe.min.js');
  if (!axePath) die('check-pages: axe-core is not installed: run scripts/install-browser-deps', 1);
  const axeSource = fs.readFileSync(axePath, 'utf8');
  const shots = options.shots ? path.resolve(options.shots) : null;
  if (shots) fs.mkdirSync(shots, { recursive: true });
  const timeout = Number(options.timeout || 30000);
  const opts = { shots, axeSource, timeout, interactionTimeout: Math.min(timeout, 5000) };

  const t0 = Date.now();
  const srv = await startServer(publicDir);
  const browser = await launchChromium();
  console.log(`check-pages: ${publicDir} at ${srv.origin}, Chromium ${browser.version()}, axe-core ${JSON.parse(fs.readFileSync(path.join(path.dirname(axePath), 'package.json'), 'utf8')).version}`);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    for (const page of pages) {
      if (only && !only.has(page.name)) continue;
      const status = page.status ?? 200;
      const r = resolvePath(srv.root, new URL(page.path, 'http://x').pathname);
      if (status !== 200 && page.optional && !resolvePath(srv.root, '/404.html').file) {
        console.log(`SKIP ${page.name} ${page.path}: optional, and the built site has no /404.html`);
        skipped++;
        continue;
      }
      if (status === 200 && !r.file) {
        if (page.optional) {
          console.log(`SKIP ${page.name} ${page.path}: optional, not in the built site`);
          skipped++;
          continue;
        }
        if (r.redirect) console.log(`FAIL ${page.name} ${page.path}: is a folder; write the path as ${r.redirect}`);
        else console.log(`FAIL ${page.name} ${page.path}: not in the built site (no such file under ${positional[0]})`);
        failed++;
        continue;
      }
      const p0 = Date.now();
      const { failures, notes } = await checkPage(browser, srv, page, opts);
      const extra = [page.sort.length && 'sort', page.search.length && 'search'].filter(Boolean).join('+');
      const tag = `${page.name} ${page.path}${extra ? ` [${extra}]` : ''} (${seconds(Date.now() - p0)})`;
      if (failures.length) {
        failed++;
        console.log(`FAIL ${tag}`);
        for (const f of failures) console.log(`  - ${f}`);
      } else {
        passed++;
        console.log(`ok   ${tag}`);
      }
      if (options.verbose) for (const n of notes) console.log(`  note: ${n}`);
    }
  } finally {
    await browser.close();
    await srv.close();
  }
  if (shots) console.log(`check-pages: screenshots in ${shots}`);
  console.log(`check-pages: ${passed + failed + skipped} pages in ${seconds(Date.now() - t0)}`);
  console.log(`check-pages: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`check-pages: ${e.stack || e}`);
  process.exit(1);
});
