#!/usr/bin/env bash
# Hostile spreadsheets for `minhbach import`: an XML entity bomb, an external
# entity (XXE), a zip bomb, a zip with a path-traversal member name, a
# truncated zip, invalid UTF-8 / UTF-16 CSV, a 100 MB CSV. Each must be
# refused with a message (exit 1) or read without expanding anything, never
# crash, hang, read a file outside, or write anything.
# usage: import.sh MINHBACH SOURCE_DIR [PYTHON]
set -u
mb="$(realpath "$1")"; src="$(realpath "$2")"; py="${3:-/usr/bin/python3}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
"$py" -c "import openpyxl" 2>/dev/null || { echo "python3-openpyxl missing"; [ -n "${CI:-}" ] && exit 1 || exit 77; }
mkdir -p "$tmp/site" && cp -r "$src/tests/data/valid" "$tmp/site/data"
printf 'title: "T"\nbase_url: "https://example.gov.vn/"\nas_of: "2026-06-30"\npaths:\n  themes: "%s/themes"\n' "$src" > "$tmp/site/site.yaml"
cd "$tmp"
"$py" "$src/tests/office/make_xlsx.py" ranking ok.xlsx "Sở Nội vụ|92,5|1|" "Sở Tài chính|88|2|" || exit 1
"$py" - <<'PY'
import zipfile
src = zipfile.ZipFile("ok.xlsx")
items = [(i.filename, src.read(i.filename)) for i in src.infolist()]
src.close()
SHEET = "xl/worksheets/sheet2.xml"
def write(name, change=None, extra=None):
    out = zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED)
    for fn, data in items:
        if fn == SHEET and change:
            data = change(data.decode()).encode()
        out.writestr(fn, data)
    for fn, data in (extra or []):
        out.writestr(fn, data)
    out.close()
lol = '<!DOCTYPE worksheet [<!ENTITY a "lollollollollollollollollollol">' + "".join(
    '<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(9)) + ']>'
write("bomb.xlsx", lambda t: lol + t.replace("<t>STT</t>", "<t>&j;</t>", 1))
write("xxe.xlsx", lambda t: '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
      + t.replace("<t>STT</t>", "<t>&x;</t>", 1))
write("zipbomb.xlsx", lambda t: t.replace("<sheetData>", "<sheetData>" + " " * (100 << 20), 1))
write("traversal.xlsx", extra=[("../../outside.txt", b"x"), ("/etc/evil", b"x")])
data = open("ok.xlsx", "rb").read()
open("truncated.xlsx", "wb").write(data[: len(data) // 2])
open("bad-utf8.csv", "wb").write(b"ten,diem\nS\xff\xfe n\xc3,1\n")
open("odd-utf16.csv", "wb").write(b"\xff\xfet\x00e\x00n\x00,\x00d\x00\n")
with open("huge.csv", "wb") as f:
    f.write(b"ten,diem\n")
    f.write(b"So Noi vu,1\n" * ((100 << 20) // 12))
PY
printf "inputs (bytes): "; ls -la "$tmp" | grep -v "^d" | awk "{print \$5, \$9}" | tr "\n" " "; echo
before=$(find "$tmp/site" -type f -printf '%P %s\n' | sort)
run() { # run NAME EXPECTED_RC REGEX FILE
  local name="$1" want="$2" rx="$3" file="$4"
  (cd "$tmp/site" && timeout 120 "$mb" import ranking "../$file" --index cchc-so-nganh --year 2026 \
     --sheet "Xếp hạng 2026" --dry-run) >"$tmp/out" 2>&1
  local rc=$?
  if [ "$rc" -ge 124 ]; then echo "FAIL: $name: exit $rc (crash, hang or memory)"; cat "$tmp/out" | tail -5; fail=1; return; fi
  if [ "$rc" != "$want" ]; then echo "FAIL: $name: exit $rc, expected $want"; tail -5 "$tmp/out"; fail=1; return; fi
  grep -Eq "$rx" "$tmp/out" || { echo "FAIL: $name: no message matching '$rx'"; tail -5 "$tmp/out"; fail=1; return; }
  if grep -q "root:" "$tmp/out"; then echo "FAIL: $name: /etc/passwd leaked"; fail=1; return; fi
  echo "ok: $name (exit $rc)"
}
run "entity bomb" 1 "not well-formed XML|entit" bomb.xlsx
run "external entity" 0 "2 rows" xxe.xlsx
run "zip bomb (100 MB member)" 1 "larger than .* MB" zipbomb.xlsx
run "member names leaving the archive" 0 "2 rows" traversal.xlsx
run "truncated zip" 1 "error: " truncated.xlsx
run "invalid UTF-8 CSV" 1 "error: .*(UTF-8|encoding|byte)" bad-utf8.csv
run "odd-length UTF-16 CSV" 1 "error: " odd-utf16.csv
run "100 MB CSV" 1 "error: .*(large|MB)" huge.csv
[ ! -e "$tmp/outside.txt" ] && [ ! -e /etc/evil ] || { echo "FAIL: an archive member was written"; fail=1; }
[ "$(find "$tmp/site" -type f -printf '%P %s\n' | sort)" = "$before" ] || { echo "FAIL: a dry run changed the site"; fail=1; }
exit $fail
