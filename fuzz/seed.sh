#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the repository's own files.
# usage: fuzz/seed.sh OUT_DIR   (creates OUT_DIR/<target>/, idempotent)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: fuzz/seed.sh OUT_DIR}"
mkdir -p "$out"/{tmpl,front_matter,yaml,json,data,markdown,csv}
n=0
add() { # add TARGET FILE [PREFIX_BYTE]
  local t="$1" f="$2" name; name="$(sha1sum "$f" | cut -c1-16)"
  if [ $# -ge 3 ]; then { printf "\\x$(printf %02x "$3")"; cat "$f"; } >"$out/$t/$3-$name"
  else cp "$f" "$out/$t/$name"; fi
  }
src_files() { git -c core.quotepath=off ls-files -- "$@"; }

# templates: theme layouts, fixture layouts, the template part of every conformance case
src_files 'themes/*.html' 'tests/sites/*.html' 'layouts/*.html' | while IFS= read -r f; do add tmpl "$f"; done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for c in tests/conformance/cases/*.case; do
  awk '/^=== template/{on=1; next} /^=== /{on=0} on' "$c" >"$tmp/t" && [ -s "$tmp/t" ] && add tmpl "$tmp/t"
done
# pages (front matter + Markdown) and Markdown bodies
src_files '*.md' | while IFS= read -r f; do
  case "$f" in fuzz/*) continue ;; esac
  add front_matter "$f"
  # the front matter alone, for the YAML target
  awk 'NR==1 && /^---/ {on=1; next} on && /^(---|\.\.\.)/ {exit} on' "$f" >"$tmp/y" && [ -s "$tmp/y" ] && add yaml "$tmp/y"
  add markdown "$f"
done
# JSON and CSV data; the data target's first byte picks the file it replaces
src_files '*.json' | while IFS= read -r f; do
  case "$f" in */package*.json|*/node_modules/*) continue ;; esac
  add json "$f"
done
for f in tests/data/valid/agencies.json tests/data/valid/agencies/*.json tests/data/invalid/*/agencies.json; do add data "$f" 0; done
for f in tests/data/valid/plans/*.json tests/data/invalid/*/plans/*.json data/plans/*.json; do [ -f "$f" ] && add data "$f" 1; done
for f in tests/data/valid/results/*.json tests/data/invalid/*/results/*.json; do [ -f "$f" ] && add data "$f" 2; done
src_files '*.csv' | while IFS= read -r f; do add data "$f" 3; add csv "$f"; done
for f in tests/data/valid/indices/*.json tests/data/invalid/*/indices/*.json data/indices/*.json; do [ -f "$f" ] && add data "$f" 4; done
for f in $(find tests/data data -path '*/rankings/*' -name '*.json'); do add data "$f" 5; done
src_files '*.yaml' | while IFS= read -r f; do add yaml "$f"; done
for t in "$out"/*; do echo "$(ls "$t" | wc -l) seeds in $t"; done
