#!/usr/bin/env python3
"""Synthetic national data set in minhbach's data format (docs/data-format.md):
34 provinces and 3,321 communes (about 98 a province), 20 departments a
province; every province and commune has a 60-KPI plan (communes' plans
implement their province's); five years of results (2021-2025) for every KPI;
yearly rankings: PAR INDEX and SIPAS of the provinces, and each province's
departments and communes. Deterministic (fixed seed). Marked illustrative.

usage: make_data.py DIR [--provinces 34] [--communes 3321]"""
import argparse, json, os, random

ap = argparse.ArgumentParser()
ap.add_argument("dir")
ap.add_argument("--provinces", type=int, default=34)
ap.add_argument("--communes", type=int, default=3321)
args = ap.parse_args()
rng = random.Random(2026)
YEARS = list(range(2021, 2026))
D = os.path.join(args.dir, "data")
for sub in ("agencies", "plans", "results", "indices", "rankings"):
    os.makedirs(os.path.join(D, sub), exist_ok=True)

def dump(path, obj):
    with open(os.path.join(D, path), "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)

SOURCE = {"name": "Dữ liệu tổng hợp cho phép đo hiệu năng (không phải số liệu thật)"}
DEPTS = ["noi-vu", "tai-chinh", "tu-phap", "xay-dung", "cong-thuong", "y-te", "giao-duc", "van-hoa", "khcn",
         "nong-nghiep", "tai-nguyen", "lao-dong", "giao-thong", "ngoai-vu", "thanh-tra", "van-phong-ubnd",
         "dan-toc", "ke-hoach", "thong-tin", "cong-an"]
provinces = [f"tinh-{k + 1:02d}" for k in range(args.provinces)]
agencies = [{"id": "bo-noi-vu", "name": "Bộ Nội vụ", "kind": "ministry"}]
communes_of, depts_of = {}, {}
for k, p in enumerate(provinces):
    agencies.append({"id": p, "name": f"Tỉnh số {k + 1}", "kind": "province"})
    agencies.append({"id": f"ubnd-{p}", "name": f"UBND tỉnh số {k + 1}", "kind": "other", "parent": p})
    depts_of[p] = [f"so-{d}-{p}" for d in DEPTS]
    for d, name in zip(depts_of[p], DEPTS):
        agencies.append({"id": d, "name": f"Sở {name.replace('-', ' ')} tỉnh số {k + 1}", "kind": "department",
                         "parent": p})
communes = []
for c in range(args.communes):
    p = provinces[c % len(provinces)]
    cid = f"xa-{c + 1:04d}"
    communes_of.setdefault(p, []).append(cid)
    communes.append({"id": cid, "name": f"Xã số {c + 1}", "kind": "commune", "parent": p})
dump("agencies.json", agencies)
dump("agencies/communes.json", communes)

# indices: national ones of the provinces, each province's own of its departments and communes
dump("indices/par-index.json", {"id": "par-index", "name": "Chỉ số cải cách hành chính", "short_name": "PAR INDEX",
                                "publisher": "bo-noi-vu", "unit": "%", "max": 100,
                                "groups": [{"id": "A", "name": "Nhóm A", "min": 90}, {"id": "B", "name": "Nhóm B", "min": 80},
                                           {"id": "C", "name": "Nhóm C"}]})
dump("indices/sipas.json", {"id": "sipas", "name": "Chỉ số hài lòng về sự phục vụ hành chính", "short_name": "SIPAS",
                            "publisher": "bo-noi-vu", "unit": "%", "max": 100})
for k, p in enumerate(provinces):
    for kind, scope in (("so-nganh", "sở, ban, ngành"), ("xa", "xã, phường")):
        dump(f"indices/cchc-{kind}-{p}.json", {"id": f"cchc-{kind}-{p}", "name": f"Chỉ số CCHC các {scope} tỉnh số {k + 1}",
                                               "publisher": f"ubnd-{p}", "unit": "điểm", "max": 100})

def ranking(index, year, scope, units):
    scores = {u: round(rng.uniform(60, 99), 2) for u in units}
    order = sorted(units, key=lambda u: -scores[u])
    entries, rank = [], 0
    for i, u in enumerate(order):
        if i == 0 or scores[u] != scores[order[i - 1]]:
            rank = i + 1
        entries.append({"agency": u, "score": scores[u], "rank": rank})
    os.makedirs(os.path.join(D, "rankings", index), exist_ok=True)
    dump(f"rankings/{index}/{year}.json", {"index": index, "year": year, "scope": scope, "published": f"{year + 1}-04-15",
                                           "source": SOURCE, "illustrative": True, "entries": entries})

for y in YEARS:
    ranking("par-index", y, "provinces", provinces)
    ranking("sipas", y, "provinces", provinces)
    for p in provinces:
        ranking(f"cchc-so-nganh-{p}", y, "departments", depts_of[p])
        ranking(f"cchc-xa-{p}", y, "communes", communes_of.get(p, []))

SECTIONS = ["Cải cách thể chế", "Cải cách thủ tục hành chính", "Cải cách tổ chức bộ máy", "Cải cách chế độ công vụ",
            "Cải cách tài chính công", "Xây dựng chính quyền số"]

def kpi_target(j):
    kind = j % 5
    if kind == 0: return {"op": ">=", "value": rng.choice([80, 90, 95, 100]), "unit": "%"}
    if kind == 1: return {"op": "<=", "value": rng.choice([1, 2, 5]), "unit": "%"}
    if kind == 2: return {"op": "done", "text": "Hoàn thành"}
    if kind == 3: return {"op": "count", "value": rng.randint(1, 12), "unit": "lần/năm"}
    return {"op": "range", "min": 25, "max": 35, "unit": "%"}

def result_value(target):
    op = target.get("op")
    if op == "done": return "true" if rng.random() < 0.8 else "false"
    if op == ">=": return str(round(rng.uniform(target["value"] - 15, 100), 1))
    if op == "<=": return str(round(rng.uniform(0, target["value"] * 2), 1))
    if op == "count": return str(rng.randint(0, target["value"] + 3))
    return str(round(rng.uniform(20, 40), 1))

def plan(pid, title, issuer, lead_of, parent=None):
    sections, rows = [], []
    for s, name in enumerate(SECTIONS):
        kpis = []
        for j in range(10):
            kid = f"{['I', 'II', 'III', 'IV', 'V', 'VI'][s]}.{j + 1}"
            t = kpi_target(s * 10 + j)
            k = {"id": kid, "title": f"{name}: nhiệm vụ số {j + 1} — thực hiện đúng tiến độ, công khai kết quả",
                 "lead": lead_of(s * 10 + j), "target": t, "due": {"when": "yearly", "text": "Hằng năm"}}
            if parent:
                k["implements"] = kid
            kpis.append(k)
            for y in YEARS:
                rows.append(f"{kid},,{y},{result_value(t)},{y}-12-20,")
        sections.append({"id": ["I", "II", "III", "IV", "V", "VI"][s], "title": name, "kpis": kpis})
    p = {"id": pid, "number": f"{rng.randint(1, 300)}/KH-UBND", "title": title, "issuer": issuer,
         "issued": "2021-01-15", "period": {"from": 2021, "to": 2025}, "source": SOURCE, "illustrative": True,
         "sections": sections}
    if parent:
        p["parent"] = parent
    dump(f"plans/{pid}.json", p)
    with open(os.path.join(D, "results", f"{pid}.csv"), "w", encoding="utf-8") as f:
        f.write("kpi,agency,period,value,reported,source\n" + "\n".join(rows) + "\n")

for k, p in enumerate(provinces):
    depts = depts_of[p]
    plan(f"kh-cchc-{p}", f"Kế hoạch cải cách hành chính giai đoạn 2021–2025 của tỉnh số {k + 1}", f"ubnd-{p}",
         lambda j, depts=depts: depts[j % len(depts)])
    for c in communes_of.get(p, []):
        plan(f"kh-cchc-{c}", f"Kế hoạch cải cách hành chính giai đoạn 2021–2025 của {c}", c, lambda j, c=c: c,
             parent=f"kh-cchc-{p}")

os.makedirs(os.path.join(args.dir, "content"), exist_ok=True)
with open(os.path.join(args.dir, "content", "_index.md"), "w", encoding="utf-8") as f:
    f.write("---\ntitle: Cải cách hành chính toàn quốc (dữ liệu tổng hợp)\n---\n\nDữ liệu tổng hợp để đo hiệu năng.\n")
with open(os.path.join(args.dir, "site.yaml"), "w", encoding="utf-8") as f:
    f.write('title: "Cải cách hành chính toàn quốc (dữ liệu tổng hợp)"\nbase_url: "https://example.gov.vn/"\n'
            'language: vi\ntheme: default\nas_of: "2026-03-31"\npublisher:\n  name: "Bộ Nội vụ"\n'
            'limits:\n  pages: 1000000  # the full data set renders about 209,000 pages\n')
print(f"{len(provinces)} provinces, {len(communes)} communes, {len(provinces) + len(communes)} plans of 60 KPIs")
