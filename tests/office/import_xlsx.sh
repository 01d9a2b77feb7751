#!/usr/bin/env bash
# `minhbach import` of .xlsx files written here with openpyxl, into copies of
# the example site; every written file must pass `minhbach check`.
. "$(dirname "$0")/lib.sh"
py="$3"; gen="$(cd "$(dirname "$0")" && pwd)/make_xlsx.py"
"$py" -c "import openpyxl" || { echo "FAIL: $py cannot import openpyxl (apt install python3-openpyxl)"; exit 1; }
cd "$tmp"
example_copy site
cd site
x() { "$py" "$gen" "$@" || { echo "FAIL: writing $2"; fail=1; }; }

# a new year: names as offices write them (prefixes, no diacritics, NFD, spacing, case)
nfd=$(printf 'Xa\xcc\x83 Ta\xcc\x82n Tra\xcc\x80o')
x ranking ../xh.xlsx "UBND xã Mèo Vạc|93,5|1|13,5" "$nfd|92.1|2|13.9" "phường  MINH xuân|90|3|12" \
  "Ủy ban nhân dân xa Nam Dan|88.25|4|12.1"
expect 0 "dry run" -- "$mb" import ranking ../xh.xlsx --index cchc-xa --year 2026 --sheet "Xếp hạng 2026" --dry-run
has out 'import ranking cchc-xa 2026 from ../xh.xlsx (sheet "Xếp hạng 2026"): 4 rows' "preview header"
has out "→ data/rankings/cchc-xa/2026.json (new file)" "new file"
has out "+ added   xa-meo-vac (Xã Mèo Vạc): score 93.5, rank 1, components.cai-cach-tthc 13.5" "decimal comma in a text cell"
has out "+ added   xa-tan-trao (Xã Tân Trào): score 92.1" "NFD name"
has out "+ added   phuong-minh-xuan (Phường Minh Xuân): score 90" "case and spacing"
has out "note: matched 'Ủy ban nhân dân xa Nam Dan' to Xã Năm Dẫn (xa-nam-dan) ignoring diacritics (row 7)" "no diacritics, shown"
has out "note: column F 'Người lập' is not used" "unused column"
has out "dry run: nothing was written" "dry run says so"
[ ! -e data/rankings/cchc-xa/2026.json ] || { echo "FAIL: dry run wrote the file"; fail=1; }
expect 1 "the first sheet has no table" -- "$mb" import ranking ../xh.xlsx --index cchc-xa --year 2026 --dry-run
has err "no header row found" "first sheet by default"
expect 1 "unknown sheet" -- "$mb" import ranking ../xh.xlsx --index cchc-xa --year 2026 --sheet "Sheet1"
has err "note: the sheets are: 'Hướng dẫn', 'Xếp hạng 2026'" "sheet list"

expect 0 "import" -- "$mb" import ranking ../xh.xlsx --index cchc-xa --year 2026 --sheet "Xếp hạng 2026" \
  --source "Quyết định số 99/QĐ-UBND ngày 20/01/2027 của UBND tỉnh" --published 20/01/2027
has out "wrote data/rankings/cchc-xa/2026.json" "written"
has data/rankings/cchc-xa/2026.json '"published": "2027-01-20"' "published date day first"
has data/rankings/cchc-xa/2026.json '"score": 88.25' "score"
expect 0 "check after import" -- "$mb" check
expect 0 "same file again" -- "$mb" import ranking ../xh.xlsx --index cchc-xa --year 2026 --sheet "Xếp hạng 2026"
has out "0 added, 0 changed, 0 removed, 4 unchanged" "re-import changes nothing"

# a corrected score and a row left out: changed old → new, removed
x ranking ../xh2.xlsx "UBND xã Mèo Vạc|93,5|1|13,5" "Xã Tân Trào|92,6|2|13.9" "Phường Minh Xuân|90|3|12"
expect 0 "correction" -- "$mb" import ranking ../xh2.xlsx --index cchc-xa --year 2026 --sheet "Xếp hạng 2026"
has out "~ changed xa-tan-trao (Xã Tân Trào): score 92.1 → 92.6" "changed old → new"
has out "- removed xa-nam-dan (Xã Năm Dẫn): score 88.25, rank 4" "removed"
has out "0 added, 1 changed, 1 removed, 2 unchanged" "counts"
expect 0 "check after correction" -- "$mb" check

# unknown names: every one reported with three candidates, nothing written
cp data/rankings/cchc-xa/2026.json ../before.json
x ranking ../xh3.xlsx "Xã Mèo Vạc|93|1|" "Xã Nậm Đăm|80|2|" "Phường Minh Khai|70|3|"
expect 1 "unmatched names" -- "$mb" import ranking ../xh3.xlsx --index cchc-xa --year 2026 --sheet "Xếp hạng 2026"
has err "../xh3.xlsx:5:2: error: no agency named 'Xã Nậm Đăm' among the communes" "first unmatched, at its cell"
has err "../xh3.xlsx:6:2: error: no agency named 'Phường Minh Khai' among the communes" "second unmatched"
has err "note: cell B5 of sheet 'Xếp hạng 2026'" "cell name"
has err "note: closest: Xã Năm Dẫn (xa-nam-dan); " "candidates"
[ "$(grep -c 'note: closest: [^;]*; [^;]*; [^;]*$' "$tmp/err")" = 2 ] || { echo "FAIL: not three candidates each"; cat "$tmp/err"; fail=1; }
has err "minhbach import: 2 errors; nothing was written" "summary"
cmp -s ../before.json data/rankings/cchc-xa/2026.json || { echo "FAIL: a failed import changed the file"; fail=1; }
expect 1 "unmatched names, in Vietnamese" -- "$mb" import ranking ../xh3.xlsx --index cchc-xa --year 2026 --sheet "Xếp hạng 2026" --lang vi
has err "../xh3.xlsx:5:2: error: không tìm thấy 'Xã Nậm Đăm' trong danh sách xã, phường" "vi message, same prefix"
has err "note: ô B5 của trang tính 'Xếp hạng 2026'" "vi cell name"
has err "note: cách sửa: " "vi hint"
has err "minhbach import: 2 lỗi; chưa ghi gì" "vi summary"

# a score the loader refuses: the spreadsheet row is named
x ranking ../xh4.xlsx "Xã Mèo Vạc|930|1|"
expect 1 "score above the maximum" -- "$mb" import ranking ../xh4.xlsx --index cchc-xa --year 2026 --sheet "Xếp hạng 2026"
has err "../xh4.xlsx:4:3: error: score 930 is above the maximum 100 of index 'cchc-xa'" "loader error at the cell"
has err "note: cell C4 of sheet 'Xếp hạng 2026'" "cell of the loader error"
has err "note: in data/rankings/cchc-xa/2026.json, which was not written" "the file named"

# KPI results: percent-formatted and date cells, done/not done
x results ../kq.xlsx "I.1||Quý I/2026|100|pct" "I.5||Quý I/2026|10/04/2026|date" "II.1|Văn phòng HĐND và UBND xã Năm Dẫn|Quý I/2026|95.5|pct"
expect 0 "results import" -- "$mb" import results ../kq.xlsx --plan nam-dan-kh-2026 --sheet "Kết quả"
has out "+ added   I.1 phong-van-hoa-xa-hoi-nam-dan 2026-Q1" "result added"
has out "value 95.5" "percent cell"
has data/results/nam-dan-kh-2026.json '"reported": "2026-04-10"' "date cell"
has data/results/nam-dan-kh-2026.json '"value": true' "done"
expect 0 "check after results import" -- "$mb" check
x results ../kq2.xlsx "I.99||Quý I/2026|100|"
expect 1 "unknown KPI" -- "$mb" import results ../kq2.xlsx --plan nam-dan-kh-2026 --sheet "Kết quả"
has err "../kq2.xlsx:4:2: error: no KPI 'I.99' in plan 'nam-dan-kh-2026'" "unknown KPI at its cell"
exit $fail
