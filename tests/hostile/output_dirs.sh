#!/usr/bin/env bash
# Output-folder refusals through the CLI: a build never replaces the site
# root or a folder holding it, /, the home folder, a file, a folder the build
# reads (content/, static/, ...), or a non-empty folder it did not create
# (unless --force); a refused build writes nothing anywhere.
# usage: output_dirs.sh MINHBACH SOURCE_DIR
set -u
mb="$1"; src="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
site="$tmp/site"
mkdir -p "$site/content" "$site/static" "$tmp/home"
printf 'title: "T"\nbase_url: "https://example.gov.vn/"\nas_of: "2026-06-30"\npaths:\n  themes: "%s/themes"\n' "$src" > "$site/site.yaml"
printf -- '---\ntitle: a\n---\n' > "$site/content/a.md"
echo keep > "$site/static/keep.txt"
echo mine > "$tmp/home/.bashrc"

listing() { find "$tmp" -path "$tmp/*" -printf '%P %s %T@\n' | sort; }

refuse() { # refuse DESCRIPTION REGEX -- build args...
  local what="$1" rx="$2"; shift 3
  local before; before=$(listing)
  HOME="$tmp/home" "$mb" build --site "$site" --quiet "$@" >"$tmp.out" 2>"$tmp.err"; local rc=$?
  if [ "$rc" != 1 ]; then echo "FAIL: $what: exit $rc, expected 1"; cat "$tmp.err"; fail=1; return; fi
  grep -Eq "$rx" "$tmp.err" || { echo "FAIL: $what: no message matching '$rx'"; cat "$tmp.err"; fail=1; }
  [ "$(listing)" = "$before" ] || { echo "FAIL: $what: files changed"; diff <(echo "$before") <(listing) | head; fail=1; }
  echo "ok: refuses $what"
}

refuse "the site root" "refusing to use this output folder: it contains the site itself" -- --out "$site"
refuse "a folder holding the site" "it contains the site itself" -- --out "$tmp"
refuse "the site root through a trailing /." "it contains the site itself" -- --out "$site/."
refuse "the site root through .." "it contains the site itself" -- --out "$site/content/.."
refuse "/" "it is the file-system root" -- --out /
refuse "/ written as //" "it is the file-system root" -- --out //
refuse "the home folder" "it is the home folder" -- --out "$tmp/home"
refuse "the home folder with a trailing slash" "it is the home folder" -- --out "$tmp/home/"
echo x > "$tmp/afile"
refuse "a file" "it is a file, not a folder" -- --out "$tmp/afile"
refuse "static/" "(it is inside|holds files minhbach did not write)" -- --out "$site/static"
refuse "a folder inside content/" "it is inside content/" -- --out "$site/content/public"
refuse "a folder inside static/" "it is inside static/" -- --out "$site/static/out"
mkdir -p "$tmp/foreign" && echo precious > "$tmp/foreign/report.docx"
refuse "a foreign non-empty folder" "holds files minhbach did not write .*--force" -- --out "$tmp/foreign"
mkdir -p "$tmp/hidden" && echo x > "$tmp/hidden/.git"
refuse "a folder holding only hidden files" "holds files minhbach did not write" -- --out "$tmp/hidden"

# an empty folder is fine, and becomes ours
mkdir -p "$tmp/empty"
HOME="$tmp/home" "$mb" build --site "$site" --quiet --out "$tmp/empty" || { echo "FAIL: empty folder refused"; fail=1; }
[ -f "$tmp/empty/.minhbach-output" ] || { echo "FAIL: no marker written"; fail=1; }
HOME="$tmp/home" "$mb" build --site "$site" --quiet --out "$tmp/empty" || { echo "FAIL: own folder refused"; fail=1; }
echo "ok: an empty folder is used and marked; a marked folder is reused"

# --force takes a foreign folder (its files are replaced), nothing beside it is touched
HOME="$tmp/home" "$mb" build --site "$site" --quiet --out "$tmp/foreign" --force || { echo "FAIL: --force refused"; fail=1; }
[ -f "$tmp/foreign/a/index.html" ] && [ ! -e "$tmp/foreign/report.docx" ] || { echo "FAIL: --force did not publish"; fail=1; }
[ -f "$site/static/keep.txt" ] && [ -f "$tmp/home/.bashrc" ] && [ -f "$tmp/afile" ] || { echo "FAIL: a file outside the output was removed"; fail=1; }
echo "ok: --force replaces a foreign folder and nothing else"

# --force never overrides the hard refusals
refuse "the site root with --force" "it contains the site itself" -- --out "$site" --force
refuse "the home folder with --force" "it is the home folder" -- --out "$tmp/home" --force
refuse "/ with --force" "it is the file-system root" -- --out / --force
exit $fail
