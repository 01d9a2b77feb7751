// pages.json: the list of pages the browser checks load, with what to expect
// of each. The schema is documented in README.md; validatePages() is its
// definition.
import fs from 'node:fs';
import { die } from './lib.mjs';

const PAGE_KEYS = new Set([
  'path', 'name', 'optional', 'status', 'widths', 'screenshots', 'axe', 'title',
  'selectors', 'text', 'allowHorizontalScroll', 'sort', 'search', 'weight', 'description',
]);

export function validatePages(data) {
  const errors = [];
  const list = Array.isArray(data) ? data : data && Array.isArray(data.pages) ? data.pages : null;
  if (!list) return { errors: ['pages.json must be an array of pages (or {"pages": [...]})'], pages: [] };
  const names = new Set();
  const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  list.forEach((p, i) => {
    const where = `pages[${i}]${p && p.name ? ` (${p.name})` : ''}`;
    const err = (m) => errors.push(`${where}: ${m}`);
    if (!p || typeof p !== 'object' || Array.isArray(p)) return err('must be an object');
    for (const k of Object.keys(p)) if (!PAGE_KEYS.has(k)) err(`unknown key "${k}"`);
    if (typeof p.path !== 'string' || !p.path.startsWith('/')) err('"path" must be a URL path starting with "/"');
    if (typeof p.name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(p.name)) err('"name" must be a non-empty [A-Za-z0-9._-] string');
    else if (names.has(p.name)) err(`duplicate name "${p.name}"`);
    else names.add(p.name);
    if (p.optional !== undefined && typeof p.optional !== 'boolean') err('"optional" must be true or false');
    if (p.status !== undefined && !Number.isInteger(p.status)) err('"status" must be an integer');
    if (p.widths !== undefined && (!Array.isArray(p.widths) || !p.widths.length || !p.widths.every((w) => Number.isInteger(w) && w >= 200 && w <= 4000)))
      err('"widths" must be a non-empty array of integers (200..4000)');
    if (p.screenshots !== undefined && typeof p.screenshots !== 'boolean') err('"screenshots" must be true or false');
    if (p.axe !== undefined && typeof p.axe !== 'boolean') {
      if (typeof p.axe !== 'object' || Array.isArray(p.axe)) err('"axe" must be true, false or {"disableRules": [...], "exclude": [...]}');
      else
        for (const k of Object.keys(p.axe))
          if (!['disableRules', 'exclude'].includes(k) || !Array.isArray(p.axe[k]) || !p.axe[k].every((s) => typeof s === 'string'))
            err(`"axe.${k}" is not a known list of strings (disableRules, exclude)`);
    }
    if (p.title !== undefined && typeof p.title !== 'string') err('"title" must be a string');
    for (const k of ['selectors', 'text'])
      if (p[k] !== undefined && (!Array.isArray(p[k]) || !p[k].every((s) => typeof s === 'string'))) err(`"${k}" must be an array of strings`);
    if (p.allowHorizontalScroll !== undefined && typeof p.allowHorizontalScroll !== 'boolean') err('"allowHorizontalScroll" must be true or false');
    if (p.weight !== undefined && p.weight !== true && p.weight !== false) {
      if (!p.weight || typeof p.weight !== 'object' || Array.isArray(p.weight) || Object.keys(p.weight).some((k) => k !== 'maxKb') || !(typeof p.weight.maxKb === 'number' && p.weight.maxKb > 0))
        err('"weight" must be true or {"maxKb": N}');
    }
    if (p.description !== undefined && typeof p.description !== 'string') err('"description" must be a string');
    for (const s of asList(p.sort)) {
      if (!s || typeof s !== 'object') err('"sort" must be an object or an array of objects');
      else {
        if (typeof s.table !== 'string') err('"sort.table" must be a CSS selector');
        if (!(Number.isInteger(s.column) && s.column >= 0) && typeof s.column !== 'string')
          err('"sort.column" must be a 0-based column index or the header text');
        for (const k of Object.keys(s)) if (!['table', 'column'].includes(k)) err(`unknown key "sort.${k}"`);
      }
    }
    for (const s of asList(p.search)) {
      if (!s || typeof s !== 'object') err('"search" must be an object or an array of objects');
      else {
        if (typeof s.query !== 'string' || !s.query) err('"search.query" must be a non-empty string');
        if (typeof s.expect !== 'string' || !s.expect) err('"search.expect" must be a non-empty string');
        for (const k of ['input', 'results']) if (s[k] !== undefined && typeof s[k] !== 'string') err(`"search.${k}" must be a CSS selector`);
        for (const k of Object.keys(s)) if (!['query', 'expect', 'input', 'results'].includes(k)) err(`unknown key "search.${k}"`);
      }
    }
  });
  return { errors, pages: list.map((p) => ({ ...p, sort: asList(p.sort), search: asList(p.search) })) };
}

// Reads and validates a pages.json; exits 2 with every problem on error.
export function loadPages(file) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    die(`${file}: cannot read: ${e.message}`);
  }
  const { errors, pages } = validatePages(data);
  if (errors.length) die(errors.map((e) => `${file}: ${e}`).join('\n'));
  return pages;
}
