# shellcheck shell=bash
# Sourced by the browser-check scripts: checks that the tools a step needs are
# installed. When one is missing: exit 77 (CTest SKIP_RETURN_CODE) with a
# clear message on a developer's machine, but exit 1 when $CI is set (CI must
# never pass by skipping). scripts/install-browser-deps installs them all.

browser_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${CHROMIUM:=/usr/bin/chromium}"
export CHROMIUM

ci_is_set() {
  case "${CI:-}" in "" | 0 | false | FALSE | no) return 1 ;; *) return 0 ;; esac
}

missing_tool() {
  if ci_is_set; then
    echo "FAIL: $* — CI=$CI, so a missing tool is a failure: run scripts/install-browser-deps" >&2
    exit 1
  fi
  echo "SKIP: $* — run scripts/install-browser-deps (as root) to install it" >&2
  exit 77
}

need_node_modules() {
  command -v node >/dev/null 2>&1 || missing_tool "node is not installed"
  local m
  for m in "$@"; do
    [[ -e $browser_dir/node_modules/$m ]] || missing_tool "tests/browser/node_modules/$m is missing (npm ci in tests/browser)"
  done
}
need_chromium() {
  [[ -x $CHROMIUM ]] || missing_tool "no Chromium at $CHROMIUM (Debian package chromium)"
  need_node_modules playwright-core/package.json axe-core/axe.min.js
}
need_java() {
  command -v java >/dev/null 2>&1 || missing_tool "java is not installed (Debian package default-jre-headless)"
  need_node_modules vnu-jar/build/dist/vnu.jar
}
need_lxml() {
  /usr/bin/python3 -c 'import lxml.etree' 2>/dev/null || missing_tool "/usr/bin/python3 has no lxml (Debian package python3-lxml)"
}
