#!/usr/bin/env bash
# Builds the example site and runs the browser-side checks over it.
#
# usage: run-site-checks.sh MINHBACH SOURCE_DIR WORK_DIR [STEP...]
#   MINHBACH    the minhbach binary
#   SOURCE_DIR  the site root (holds site.yaml; the repository root)
#   WORK_DIR    where the site is built (WORK_DIR/site-public) and the reports
#               go (WORK_DIR/browser/screenshots/, WORK_DIR/browser/page-weight.json)
#   STEP        build | linkcheck | vnu | pages | weight (default: all, in order)
#
# Each step exits 0 (pass), 1 (fail) or 77 (skipped: a tool is missing and $CI
# is not set, or the repository has no example site yet). CTest runs one step
# per test; from a shell, run them all:
#   tests/browser/run-site-checks.sh build/generator/cli/minhbach . build/tests
set -euo pipefail

if (($# < 3)); then
  sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
minhbach=$1 src=$(cd "$2" && pwd) work=$3
shift 3
steps=("$@")
((${#steps[@]})) || steps=(build linkcheck vnu pages weight)

# shellcheck source=require-tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/require-tools.sh"
here=$browser_dir
linkcheck=$(cd "$here/../linkcheck" && pwd)/linkcheck.py
mkdir -p "$work"
work=$(cd "$work" && pwd)
site=$work/site-public
reports=$work/browser
pages_json=${PAGES_JSON:-$here/pages.json}

need_site() {
  if [[ ! -f $src/site.yaml ]]; then
    echo "SKIP: no example site in $src (no site.yaml): nothing to build or check yet" >&2
    exit 77
  fi
}
need_built() {
  need_site
  if [[ ! -f $site/index.html ]]; then
    echo "FAIL: $site/index.html does not exist: the site was not built (run the build step / ctest -R site-build)" >&2
    exit 1
  fi
}

run() {
  local t0=$SECONDS rc=0
  echo "+ $*"
  "$@" || rc=$?
  echo "  ($((SECONDS - t0)) s)"
  return $rc
}

for step in "${steps[@]}"; do
  case $step in
    build)
      need_site
      [[ -x $minhbach ]] || { echo "FAIL: no minhbach binary at $minhbach" >&2; exit 1; }
      rm -rf "$site"
      run "$minhbach" build --site "$src" --out "$site" --quiet
      [[ -f $site/index.html ]] || { echo "FAIL: the build wrote no $site/index.html" >&2; exit 1; }
      echo "built $(find "$site" -name '*.html' | wc -l) HTML files into $site"
      ;;
    linkcheck)
      need_lxml
      need_built
      run /usr/bin/python3 "$linkcheck" "$site"
      ;;
    vnu)
      need_java
      need_built
      run node "$here/vnu.mjs" "$site"
      ;;
    pages)
      need_chromium
      need_built
      rm -rf "$reports/screenshots"
      run node "$here/check-pages.mjs" "$site" --pages "$pages_json" --shots "$reports/screenshots"
      ;;
    weight)
      need_chromium
      need_built
      run node "$here/page-weight.mjs" "$site" --pages "$pages_json" --json "$reports/page-weight.json"
      ;;
    *)
      echo "run-site-checks.sh: unknown step '$step' (build, linkcheck, vnu, pages, weight)" >&2
      exit 2
      ;;
  esac
done
