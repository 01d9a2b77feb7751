#!/usr/bin/env node
// Checks every HTML file under a folder with the Nu Html Checker (vnu.jar from
// the npm package vnu-jar, run by the machine's Java 17+), in one JVM run, and
// fails on any error. Errors are printed as
//   PUBLIC_DIR/some/page/index.html:LINE:COL: error: MESSAGE
//
// usage: node vnu.mjs PUBLIC_DIR [--css] [--svg] [--filterpattern REGEX] [--java PATH]
//   --css             also check the .css files (vnu --also-check-css)
//   --svg             also check the standalone .svg files (vnu --also-check-svg)
//   --filterpattern   drop messages matching this Java regex (use sparingly,
//                     and say why where it is used)
// exit: 0 no error, 1 errors (or the checker could not run), 2 usage error.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, die, seconds, isDir, resolveModuleFile } from './lib.mjs';

const USAGE = 'usage: node vnu.mjs PUBLIC_DIR [--css] [--svg] [--filterpattern REGEX] [--java PATH]';

function listFiles(dir, exts, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, exts, out);
    else if (exts.includes(path.extname(e.name).toLowerCase())) out.push(p);
  }
  return out;
}

function main() {
  const { positional, options } = parseArgs(process.argv.slice(2), { values: ['filterpattern', 'java'], flags: ['css', 'svg'] }, USAGE);
  if (positional.length !== 1) die(USAGE);
  const shown = positional[0];
  const root = path.resolve(shown);
  if (!isDir(root)) die(`vnu: not a folder: ${shown}`);
  const jar = resolveModuleFile('vnu-jar/build/dist/vnu.jar');
  if (!jar) die('vnu: vnu-jar is not installed in tests/browser/node_modules: run scripts/install-browser-deps', 1);
  const java = options.java || process.env.JAVA || 'java';

  const exts = ['.html', '.htm', '.xhtml'];
  if (options.css) exts.push('.css');
  if (options.svg) exts.push('.svg');
  const files = listFiles(root, exts);
  const count = (e) => files.filter((f) => path.extname(f).toLowerCase() === e).length;
  const nHtml = files.length - count('.css') - count('.svg');
  if (!files.length) {
    console.log(`vnu: no HTML files under ${shown}`);
    console.log('vnu: 0 passed, 0 failed');
    process.exit(0);
  }

  const args = ['-Xss16m', '-jar', jar, '--errors-only', '--no-langdetect', '--format', 'json', '--stdout', '--exit-zero-always'];
  if (options.css) args.push('--also-check-css');
  if (options.svg) args.push('--also-check-svg');
  if (options.filterpattern) args.push('--filterpattern', options.filterpattern);
  // One JVM for the whole folder. HTML only: vnu walks the folder itself. With
  // CSS or SVG: the file list (a folder would make vnu parse .js, .json and
  // .xml files as HTML).
  if (options.css || options.svg) args.push(...files);
  else args.push('--skip-non-html', root);

  const t0 = Date.now();
  const r = spawnSync(java, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) die(`vnu: cannot run ${java}: ${r.error.message} (Java 17+ is needed: run scripts/install-browser-deps)`, 1);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    console.error(`vnu: the checker did not print a report (exit ${r.status})`);
    if (r.stderr) console.error(r.stderr.trim());
    if (r.stdout) console.error(r.stdout.trim().slice(0, 4000));
    process.exit(1);
  }

  const byFile = new Map();
  let errors = 0;
  for (const m of report.messages || []) {
    if (m.type !== 'error' && m.type !== 'non-document-error') continue;
    let file = m.url || '';
    if (file.startsWith('file:')) file = fileURLToPath(file);
    const rel = file ? path.join(shown, path.relative(root, file)) : shown;
    const line = m.firstLine ?? m.lastLine ?? 0;
    const col = m.firstColumn ?? m.lastColumn ?? 0;
    const kind = m.type === 'error' ? 'error' : `${m.subType || 'io'} error`;
    let text = `${rel}:${line}:${col}: ${kind}: ${m.message}`;
    if (m.extract) text += `\n    ${m.extract.replace(/\s*\n\s*/g, ' ').trim()}`;
    if (!byFile.has(rel)) byFile.set(rel, []);
    byFile.get(rel).push({ line, col, text });
    errors++;
  }
  for (const rel of [...byFile.keys()].sort()) {
    for (const e of byFile.get(rel).sort((a, b) => a.line - b.line || a.col - b.col)) console.log(e.text);
  }
  const bad = byFile.size;
  const what = `${nHtml} HTML file${nHtml === 1 ? '' : 's'}` + (options.css ? `, ${count('.css')} CSS` : '') + (options.svg ? `, ${count('.svg')} SVG` : '');
  console.log(`vnu: ${what} checked with the Nu Html Checker ${report.version || ''} in ${seconds(Date.now() - t0)}: ${errors} error${errors === 1 ? '' : 's'}`);
  console.log(`vnu: ${files.length - bad} passed, ${bad} failed`);
  process.exit(errors ? 1 : 0);
}

main();
