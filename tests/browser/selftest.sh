#!/usr/bin/env bash
# Self-test of the browser-side harness (CTest: browser-harness-selftest).
#
# 1. Every tool passes on the hand-written fixture site (tests/browser/fixture):
#    the link checker, the Nu Html Checker, check-pages (axe-core, sorting,
#    search, console, requests, screenshots) and the page-weight report.
# 2. Every tool FAILS, with the expected message, on broken copies of it: one
#    copy with a missing alt, a broken link and invalid HTML (all three tools
#    must catch their part), then one copy per check-pages rule (console error,
#    page error, outside request, missing resource, wrong sort, no aria-sort,
#    search without diacritics folding, sideways scroll, low contrast, missing
#    required page) and a page over its weight limit.
# A harness that passes everything would pass a broken site: part 2 is what
# proves the checks check.
#
# usage: selftest.sh [WORK_DIR]     (default: a fresh temporary folder)
# exit: 0 all good, 1 a check misbehaved, 77 tools missing and $CI not set.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=require-tools.sh
source "$here/require-tools.sh"
need_lxml
need_java
need_chromium

work=${1:-$(mktemp -d)}
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
fixture=$here/fixture
pages=$here/selftest-pages.json
linkcheck=$here/../linkcheck/linkcheck.py
passed=0
failed=0
t_start=$SECONDS

ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

# expect_pass NAME CMD...: CMD must exit 0.
expect_pass() {
  local name=$1 out rc=0 t0=$SECONDS
  shift
  out=$("$@" 2>&1) || rc=$?
  if ((rc == 0)); then ok "$name ($((SECONDS - t0)) s)"; else
    bad "$name: expected success, exit $rc"
    printf '%s\n' "$out" | sed 's/^/    | /'
  fi
}

# expect_fail NAME REGEX CMD...: CMD must exit 1 and print a line matching REGEX.
expect_fail() {
  local name=$1 re=$2 out rc=0 t0=$SECONDS
  shift 2
  out=$("$@" 2>&1) || rc=$?
  if ((rc == 1)) && grep -Eq -- "$re" <<<"$out"; then
    ok "$name: fails as it must ($((SECONDS - t0)) s): $(grep -E -m1 -- "$re" <<<"$out" | sed 's/^ *//' | cut -c1-150)"
  else
    bad "$name: expected exit 1 and output matching /$re/, got exit $rc"
    printf '%s\n' "$out" | sed 's/^/    | /'
  fi
}

# broken NAME: a fresh copy of the fixture in $work/NAME; prints its path.
broken() {
  rm -rf "${work:?}/$1"
  cp -r "$fixture" "$work/$1"
  echo "$work/$1"
}

# edit FILE OLD NEW: replace OLD (must occur) by NEW, literally.
edit() {
  /usr/bin/python3 - "$@" <<'PY' || exit 1
import sys
path, old, new = sys.argv[1:4]
s = open(path, encoding="utf-8").read()
if old not in s:
    sys.exit("selftest: %s: text to replace not found: %r" % (path, old))
open(path, "w", encoding="utf-8").write(s.replace(old, new))
PY
}

pages_only() { node "$here/check-pages.mjs" "$@"; }

# One interaction per page, for the cases that wait for something that never
# comes (each wait costs the interaction timeout).
single=$work/single.json
cat >"$single" <<'JSON'
[
  {"path": "/xep-hang/demo/2025/", "name": "sort-one", "sort": {"table": "#bang-xep-hang", "column": 2}},
  {"path": "/xep-hang/demo/2025/", "name": "table-plain"},
  {"path": "/tim-kiem/", "name": "search-one", "search": {"query": "so noi vu", "expect": "Sở Nội vụ"}}
]
JSON

echo "== the fixture passes every check"
expect_pass "linkcheck fixture" /usr/bin/python3 "$linkcheck" "$fixture"
expect_pass "vnu fixture (HTML, CSS, SVG)" node "$here/vnu.mjs" "$fixture" --css --svg
expect_pass "check-pages fixture" node "$here/check-pages.mjs" "$fixture" --pages "$pages" --shots "$work/screenshots"
for s in home-360 home-1280 league-table-360 league-table-1280 search-1280; do
  [[ -s $work/screenshots/$s.png ]] && ok "screenshot $s.png" || bad "screenshot $s.png was not written"
done
expect_pass "page-weight fixture" node "$here/page-weight.mjs" "$fixture" --pages "$pages"

echo "== a copy with a missing alt, a broken link and invalid HTML fails each tool"
b=$(broken broken)
edit "$b/index.html" 'alt="Minh bạch — trang chủ" ' ''
edit "$b/co-quan/so-noi-vu/index.html" 'href="../../xep-hang/demo/2025/#bang-xep-hang"' 'href="../../xep-hang/demo/2024/"'
edit "$b/tim-kiem/index.html" '<h1>Tìm kiếm</h1>' '<h1>Tìm <div>kiếm</h1></p>'
expect_fail "linkcheck broken link" 'so-noi-vu/index.html: broken link \.\./\.\./xep-hang/demo/2024/ -> /xep-hang/demo/2024/ \(line [0-9]+\)' \
  /usr/bin/python3 "$linkcheck" "$b"
expect_fail "vnu invalid HTML" 'tim-kiem/index.html:[0-9]+:[0-9]+: error: Element “div” not allowed as child of element “h1”' \
  node "$here/vnu.mjs" "$b"
expect_fail "vnu missing alt" 'broken/index.html:[0-9]+:[0-9]+: error: An “img” element must have an “alt” attribute' \
  node "$here/vnu.mjs" "$b"
expect_fail "axe missing alt" 'axe critical: image-alt: .*WCAG 1\.1\.1' pages_only "$b" --pages "$pages" --only home

echo "== link checker: anchors and folders"
b=$(broken anchors)
edit "$b/index.html" 'href="/co-quan/so-noi-vu/#ket-qua"' 'href="/co-quan/so-noi-vu/#ket-qua-cu"'
edit "$b/index.html" 'href="#tien-do"' 'href="/co-quan"'
edit "$b/assets/site.css" 'body { margin: 0; }' 'body { margin: 0; background: url(nen.png); }'
expect_fail "linkcheck broken anchor" 'broken link /co-quan/so-noi-vu/#ket-qua-cu \(line [0-9]+\): no id "ket-qua-cu"' /usr/bin/python3 "$linkcheck" "$b"
expect_fail "linkcheck folder without slash" 'broken link /co-quan \(line [0-9]+\)' /usr/bin/python3 "$linkcheck" "$b"
expect_fail "linkcheck CSS url()" 'assets/site.css: broken link nen.png -> /assets/nen.png \(line [0-9]+\)' /usr/bin/python3 "$linkcheck" "$b"

echo "== check-pages catches each problem"
b=$(broken console)
edit "$b/assets/site.js" "'use strict';" "'use strict'; console.error('hỏng: lỗi thử');"
expect_fail "console error" 'console error: hỏng: lỗi thử' pages_only "$b" --pages "$pages" --only agency

b=$(broken pageerror)
edit "$b/assets/site.js" "'use strict';" "'use strict'; window.khongCo.goi();"
expect_fail "uncaught page error" 'uncaught page error: .*goi' pages_only "$b" --pages "$pages" --only agency

b=$(broken external)
f=$b/co-quan/so-noi-vu/index.html
edit "$f" "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'self'\">" ''
edit "$f" '<h1>Sở Nội vụ</h1>' '<h1>Sở Nội vụ</h1><p><img src="https://cdn.example.com/anh.png" alt="ảnh"></p>'
expect_fail "request to another host" 'request to another host \(blocked\): https://cdn\.example\.com/anh\.png' pages_only "$b" --pages "$pages" --only agency

b=$(broken csp)
edit "$b/co-quan/so-noi-vu/index.html" '<h1>Sở Nội vụ</h1>' '<h1>Sở Nội vụ</h1><p><img src="https://cdn.example.com/anh.png" alt="ảnh"></p>'
expect_fail "outside request refused by the page's CSP" 'console error: .*Content Security Policy' pages_only "$b" --pages "$pages" --only agency

b=$(broken missing)
edit "$b/co-quan/so-noi-vu/index.html" '<link rel="stylesheet" href="/assets/site.css">' '<link rel="stylesheet" href="/assets/site.css"><link rel="stylesheet" href="/assets/thieu.css">'
expect_fail "missing resource" 'request failed: /assets/thieu\.css answered HTTP 404' pages_only "$b" --pages "$pages" --only agency

b=$(broken sort-text)
edit "$b/assets/site.js" "var v = cell ? cell.getAttribute('data-value') : null;" "var v = cell ? cell.textContent.replace(/[^0-9]/g, '') : null;"
expect_fail "sort by formatted text, not data-value" 'sort #bang-xep-hang column 2: after click [12] aria-sort="(ascending|descending)" but rows are not in that order' \
  pages_only "$b" --pages "$pages" --only league-table

b=$(broken sort-aria)
edit "$b/assets/site.js" "th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');" "th.dataset.dir = asc ? 'ascending' : 'descending';"
expect_fail "sort without aria-sort" 'after click 1 on "Điểm", aria-sort on its th is null' pages_only "$b" --pages "$single" --only sort-one

b=$(broken sort-noop)
edit "$b/assets/site.js" "rows.forEach(function (r) { body.appendChild(r); });" ""
expect_fail "sort that does not reorder" 'rows are not in that order' pages_only "$b" --pages "$pages" --only league-table

b=$(broken search)
edit "$b/assets/site.js" "return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();" "return s.toLowerCase();"
expect_fail "search without diacritics folding" 'search "so noi vu": no visible result link containing "Sở Nội vụ"' pages_only "$b" --pages "$single" --only search-one

b=$(broken reflow)
edit "$b/assets/site.css" '.table-wrap { overflow-x: auto; max-width: 100%; }' ''
expect_fail "sideways scroll at 360 px" '360px: the page scrolls sideways' pages_only "$b" --pages "$single" --only table-plain

b=$(broken contrast)
edit "$b/assets/site.css" 'a { color: #0b4f9c; }' 'a { color: #b0b0b0; }'
expect_fail "low contrast (axe)" 'axe serious: color-contrast: ' pages_only "$b" --pages "$pages" --only agency

echo '[{"path": "/ke-hoach/chua-co/", "name": "required-missing"}]' >"$work/required-missing.json"
expect_fail "required page not built" 'FAIL required-missing /ke-hoach/chua-co/: not in the built site' pages_only "$fixture" --pages "$work/required-missing.json"

echo "== page weight limit"
expect_fail "page over its weight limit" 'limit 2 kB: OVER' node "$here/page-weight.mjs" "$fixture" /xep-hang/demo/2025/ --max-kb 2

echo "browser-harness-selftest: $((SECONDS - t_start)) s, work folder $work"
echo "browser-harness-selftest: $passed passed, $failed failed"
((failed == 0))
