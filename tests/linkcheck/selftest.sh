#!/usr/bin/env bash
# Self-test of the link checker (CTest: linkcheck-selftest): over the fixture
# in this folder, whose pages hold every kind of reference, good and broken,
# the output must be exactly expected.txt (default options) and
# expected-base-url-feeds.txt (--base-url and --check-feeds), with exit 1; and
# over tests/browser/fixture (all links good) it must pass.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1
# shellcheck source=../browser/require-tools.sh
source ../browser/require-tools.sh
need_lxml

fail=0
check() { # NAME EXPECTED ARGS...
  local name=$1 expected=$2 out rc=0
  shift 2
  out=$(/usr/bin/python3 linkcheck.py fixture --quiet "$@") || rc=$?
  if ((rc != 1)); then
    echo "FAIL $name: exit $rc, expected 1"
    fail=1
  elif ! diff -u "$expected" <(printf '%s\n' "$out"); then
    echo "FAIL $name: output differs from $expected (above)"
    fail=1
  else
    echo "ok   $name: $(grep -c . "$expected") broken links reported as expected"
  fi
}
check "default options" expected.txt
check "--base-url, --check-feeds" expected-base-url-feeds.txt --base-url https://minhbach.example.vn/ --check-feeds
if /usr/bin/python3 linkcheck.py ../browser/fixture; then echo "ok   browser fixture has no broken link"; else
  echo "FAIL browser fixture: the link checker reports broken links"
  fail=1
fi
if ((fail)); then echo "linkcheck-selftest: 0 passed, 1 failed"; exit 1; fi
echo "linkcheck-selftest: 3 passed, 0 failed"
