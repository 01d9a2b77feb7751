#!/usr/bin/env bash
# CLI behaviour a user relies on: exit codes, diagnostics, determinism.
# usage: run.sh MINHBACH SOURCE_DIR
set -u
mb="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
expect() { # expect CODE DESCRIPTION -- command...
  local code="$1" what="$2"; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" != "$code" ]; then echo "FAIL: $what: exit $rc, expected $code"; cat "$tmp/out" "$tmp/err"; fail=1; fi
}
expect 0 "version" -- "$mb" version
expect 0 "help" -- "$mb" --help
expect 0 "build --help" -- "$mb" build --help
grep -q -- "--base-url" "$tmp/out" || { echo "FAIL: build --help lists no --base-url"; fail=1; }
expect 2 "no command" -- "$mb"
expect 2 "unknown command" -- "$mb" frobnicate
expect 2 "unknown option" -- "$mb" build --nope
expect 2 "bad jobs" -- "$mb" build --jobs zero

# broken front matter: exit 1, every error reported as path:line:col
expect 1 "check broken site" -- "$mb" check --site "$src/tests/sites/broken"
grep -Eq '^content/a\.md:3:7: error: .*not a valid date' "$tmp/err" || { echo "FAIL: no a.md:3:7 diagnostic"; cat "$tmp/err"; fail=1; }
grep -Eq '^content/b\.md:[0-9]+:[0-9]+: error: ' "$tmp/err" || { echo "FAIL: no b.md diagnostic"; cat "$tmp/err"; fail=1; }

# a failed build leaves the previous output untouched
expect 0 "build basic" -- "$mb" build --site "$src/tests/sites/basic" --out "$tmp/pub" --quiet
cp -r "$tmp/pub" "$tmp/before"
expect 1 "build broken into same out" -- "$mb" build --site "$src/tests/sites/broken" --out "$tmp/pub" --quiet
diff -r "$tmp/before" "$tmp/pub" >/dev/null || { echo "FAIL: failed build changed the output"; fail=1; }

# determinism: two builds, and any job count, give identical trees
expect 0 "build jobs=1" -- "$mb" build --site "$src/tests/sites/basic" --out "$tmp/j1" --jobs 1 --quiet
expect 0 "build jobs=4" -- "$mb" build --site "$src/tests/sites/basic" --out "$tmp/j4" --jobs 4 --quiet
diff -r "$tmp/j1" "$tmp/j4" || { echo "FAIL: output depends on --jobs"; fail=1; }
diff -r "$tmp/j1" "$tmp/pub" || { echo "FAIL: two builds differ"; fail=1; }
# the heap's huge-page arena (cli/allocator.cpp) is a matter of speed only
MB_HUGE_PAGES=0 expect 0 "build without huge pages" -- "$mb" build --site "$src/tests/sites/basic" --out "$tmp/small-pages" --quiet
diff -r "$tmp/j1" "$tmp/small-pages" || { echo "FAIL: output depends on the heap's pages"; fail=1; }

# refuses a foreign, non-empty output folder
mkdir -p "$tmp/foreign" && echo keep > "$tmp/foreign/important.txt"
expect 1 "foreign output" -- "$mb" build --site "$src/tests/sites/basic" --out "$tmp/foreign" --quiet
[ -f "$tmp/foreign/important.txt" ] || { echo "FAIL: foreign file removed"; fail=1; }

# progress: on a terminal each step shows, with pages done / total; piped or
# in CI, stderr stays free of it
expect 0 "build piped" -- "$mb" build --site "$src/tests/sites/basic" --out "$tmp/piped"
if grep -q $'\r' "$tmp/err" || grep -q "rendering" "$tmp/err"; then echo "FAIL: progress shown when piped"; cat "$tmp/err"; fail=1; fi
pages=$(sed -n 's/^built \([0-9]*\) pages.*/\1/p' "$tmp/out")
env -u CI script -qec "'$mb' build --site '$src/tests/sites/basic' --out '$tmp/tty'" /dev/null >"$tmp/tty.txt" 2>&1 ||
  { echo "FAIL: build on a terminal"; cat "$tmp/tty.txt"; fail=1; }
for want in "reading " "assembling" "rendering $pages/$pages" "writing feeds and downloads" "built $pages pages"; do
  grep -qF "$want" "$tmp/tty.txt" || { echo "FAIL: terminal output lacks '$want'"; cat -A "$tmp/tty.txt" | head -20; fail=1; }
done
CI=true script -qec "'$mb' build --site '$src/tests/sites/basic' --out '$tmp/tty-ci'" /dev/null >"$tmp/tty-ci.txt" 2>&1
if grep -q "rendering" "$tmp/tty-ci.txt"; then echo "FAIL: progress shown in CI"; fail=1; fi

exit $fail
