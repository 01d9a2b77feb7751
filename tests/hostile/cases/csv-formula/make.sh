site="$1"; src="$3"
cp -r "$src/tests/data/valid" "$site/data"
python3 - "$site/data/agencies.json" <<'PY'
import json, sys
f = sys.argv[1]
d = json.load(open(f, encoding="utf-8"))
names = ['=HYPERLINK("http://evil.example/","Xem")', "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1+1", "\r=2+2"]
first = {"so-noi-vu": names[0], "so-tai-chinh": names[1]}
rest = iter(names[2:] * 3)
for a in d:
    n = first.get(a["id"]) or next(rest)
    a["name"] = n
    a["short_name"] = n
json.dump(d, open(f, "w", encoding="utf-8"), ensure_ascii=False)
PY
