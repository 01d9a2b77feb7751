#!/usr/bin/env bash
# `minhbach import` of CSV in UTF-8, UTF-8 with BOM, UTF-16LE and UTF-16BE
# (with BOM, as Excel's "Unicode text" writes) separated by commas,
# semicolons or tabs: every combination gives the same import.
. "$(dirname "$0")/lib.sh"
py="$3"
cd "$tmp"
example_copy site
# write.py ENCODING SEP OUT ROWS...: the table, cells quoted when they hold the separator
cat > write.py <<'PY'
import sys
enc, sep, out, rows = sys.argv[1], {"comma": ",", "semicolon": ";", "tab": "\t"}[sys.argv[2]], sys.argv[3], sys.argv[4:]
def cell(c):
    return '"' + c.replace('"', '""') + '"' if sep in c or '"' in c else c
lines = ["Danh sách xếp hạng chỉ số CCHC cấp xã"]
lines += [sep.join(cell(c) for c in r.split("|")) for r in ["STT|Đơn vị|Điểm|Ghi chú"] + rows]
text = "\r\n".join(lines) + "\r\n"
data = {"utf-8": text.encode("utf-8"), "utf-8-bom": text.encode("utf-8-sig"),
        "utf-16le": b"\xff\xfe" + text.encode("utf-16-le"), "utf-16be": b"\xfe\xff" + text.encode("utf-16-be")}[enc]
open(out, "wb").write(data)
PY
rows=("1|UBND xã Mèo Vạc|93,5|" "2|Xã Tân Trào|92,1|điểm đã làm tròn, \"chính thức\"" "3|Phường Minh Xuân|90%|" "4|năm dẫn|88.25|")
ref=""
for enc in utf-8 utf-8-bom utf-16le utf-16be; do
  for sep in comma semicolon tab; do
    f="t-$enc-$sep.csv"
    "$py" write.py $enc $sep $f "${rows[@]}" || { echo "FAIL: writing $f"; fail=1; continue; }
    expect 0 "$enc $sep" -- "$mb" import ranking $f --index cchc-xa --year 2026 --dry-run --site site
    case $enc in utf-8) e="UTF-8";; utf-8-bom) e="UTF-8 with BOM";; utf-16le) e="UTF-16LE";; utf-16be) e="UTF-16BE";; esac
    case $sep in comma) s=",";; semicolon) s=";";; tab) s="tab";; esac
    has out "import ranking cchc-xa 2026 from $f ($e, separator $s): 4 rows" "$enc $sep detected"
    body=$(tail -n +2 "$tmp/out")
    if [ -z "$ref" ]; then ref="$body"; elif [ "$body" != "$ref" ]; then
      echo "FAIL: $enc $sep gives another import:"; diff <(echo "$ref") <(echo "$body"); fail=1
    fi
  done
done
echo "$ref" > ref.txt
has ref.txt '+ added   xa-tan-trao (Xã Tân Trào): score 92.1, note điểm đã làm tròn, "chính thức"' "quoted cells"
has ref.txt "+ added   phuong-minh-xuan (Phường Minh Xuân): score 90" "percent sign"
has ref.txt "+ added   xa-meo-vac (Xã Mèo Vạc): score 93.5" "decimal comma"

# write one, then check the site with it
expect 0 "import CSV" -- "$mb" import ranking t-utf-16le-tab.csv --index cchc-xa --year 2026 --site site --source "Quyết định số 1"
expect 0 "check after CSV import" -- "$mb" check --site site

# unmatched names in every encoding, at their line and column
for enc in utf-8 utf-16be; do
  "$py" write.py $enc semicolon bad.csv "1|Xã Mèo Vạc|90|" "2|Xã Không Tên|80|" "3|Phường Minh Khai|70|"
  expect 1 "unmatched $enc" -- "$mb" import ranking bad.csv --index cchc-xa --year 2026 --site site
  has err "bad.csv:4:3: error: no agency named 'Xã Không Tên' among the communes" "unmatched line:col ($enc)"
  has err "bad.csv:5:3: error: no agency named 'Phường Minh Khai' among the communes" "second unmatched ($enc)"
  has err "note: closest: " "candidates ($enc)"
done

# bytes that are not UTF-8: refused with the way out
printf 'Đơn vị;Điểm\nX\xe3 T\xe2n Tr\xe0o;92\n' > cp1258.csv
expect 1 "legacy encoding" -- "$mb" import ranking cp1258.csv --index cchc-xa --year 2026 --site site
has err "cp1258.csv: error: the file is not UTF-8 text" "not UTF-8"
has err "--encoding windows-1258" "hint"
exit $fail
