// Shared helpers for the browser checks: Chromium launch, paths, formatting.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// Debian's Chromium (apt-get install chromium); override with $CHROMIUM.
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// What this machine's closed network needs (see scripts/install-browser-deps):
// no background connections, no QUIC, no first-run or sync; a fresh profile
// comes from playwright's launch() itself.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  '--font-render-hinting=none',
];

export function die(msg, code = 2) {
  console.error(msg);
  process.exit(code);
}

export async function launchChromium() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    die(`playwright-core is not installed in ${HERE}/node_modules: run scripts/install-browser-deps`, 1);
  }
  if (!fs.existsSync(CHROMIUM)) die(`no Chromium at ${CHROMIUM}: run scripts/install-browser-deps (or set $CHROMIUM)`, 1);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

export function resolveModuleFile(spec) {
  try {
    return require.resolve(spec);
  } catch {
    return null;
  }
}

// Parses argv into {positional: [], options: {}} given the option names that
// take a value and the ones that are flags.
export function parseArgs(argv, { values = [], flags = [] }, usage) {
  const positional = [];
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      console.log(usage);
      process.exit(0);
    }
    if (a.startsWith('--')) {
      let name = a.slice(2);
      let val;
      const eq = name.indexOf('=');
      if (eq >= 0) {
        val = name.slice(eq + 1);
        name = name.slice(0, eq);
      }
      if (flags.includes(name)) {
        if (val !== undefined) die(`option --${name} takes no value\n${usage}`);
        options[name] = true;
      } else if (values.includes(name)) {
        if (val === undefined) {
          if (i + 1 >= argv.length) die(`option --${name} needs a value\n${usage}`);
          val = argv[++i];
        }
        options[name] = val;
      } else die(`unknown option ${a}\n${usage}`);
    } else positional.push(a);
  }
  return { positional, options };
}

export function seconds(ms) {
  return (ms / 1000).toFixed(1) + 's';
}

export function isDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
