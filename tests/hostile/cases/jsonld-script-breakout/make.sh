site="$1"; src="$3"
cp -r "$src/tests/data/valid" "$site/data"
python3 - "$site/data/indices/cchc-so-nganh.json" <<'PY'
import json, sys
f = sys.argv[1]
d = json.load(open(f, encoding="utf-8"))
d["name"] = "</script><script>alert(1)</script><!-- \u2028"
d["short_name"] = "</SCRIPT ><script>alert(2)</script>"
json.dump(d, open(f, "w", encoding="utf-8"), ensure_ascii=False)
PY
