# Shared by the office tests: expect CODE WHAT -- command..., a temp folder,
# and a copy of the example site (the repository root).
set -u
mb="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
expect() { # expect CODE DESCRIPTION -- command...
  local code="$1" what="$2"; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" != "$code" ]; then echo "FAIL: $what: exit $rc, expected $code"; cat "$tmp/out" "$tmp/err"; fail=1; fi
}
# has FILE TEXT DESCRIPTION: FILE contains TEXT (fixed string); FILE "out" and
# "err" are the last command's stdout and stderr
has() {
  local f="$1"; case "$f" in out|err) f="$tmp/$f";; esac
  grep -qF -- "$2" "$f" || { echo "FAIL: $3: no '$2' in $1:"; cat "$f"; fail=1; }
}
lacks() {
  local f="$1"; case "$f" in out|err) f="$tmp/$f";; esac
  ! grep -qF -- "$2" "$f" || { echo "FAIL: $3: '$2' in $1"; cat "$f"; fail=1; }
}
example_copy() { # example_copy DIR: the example site, without build output
  mkdir -p "$1"
  cp -r "$src/site.yaml" "$src/content" "$src/data" "$src/themes" "$1/"
}
