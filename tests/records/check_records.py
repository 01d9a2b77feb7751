#!/usr/bin/python3
"""Whole-site tests of the publication record: feeds, open data, changes.

Usage: /usr/bin/python3 tests/records/check_records.py TEST MINHBACH REPO WORKDIR

TEST is one of:
  example     build the example site (repo root) twice: every file is
              byte-identical; feeds and downloads pass check_feeds.py,
              check_opendata.py and sha256sum -c; the CSV downloads hold the
              numbers of data/
  fixture     the same for tests/sites/records
  add-result  adding one result to the fixture adds exactly one item, to the
              site, plan and agency feeds, and changes no other item's id;
              rebuilt into the same folder, the changes page lists it
  long-log    a previous log of 1,200 more rows: /thay-doi/ is paged, 500 rows
              a page (/thay-doi/trang-2/, ...), every row on exactly one page,
              in the log's order, with a pager and an index of publications;
              a rebuild without changes changes nothing
  correction  changing one figure and rebuilding into the same folder gives
              exactly one correction (old -> new, dated the new as_of) on
              /thay-doi/, in its feed and in du-lieu/thay-doi.csv; the
              corrected item keeps its id and gets `updated`; a third build
              without changes changes nothing

Run with Debian's /usr/bin/python3 (python3-feedparser, python3-lxml).
Exits 1 with "problem" lines on failure.
"""
import csv
import filecmp
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROBLEMS = []


def fail(msg):
    PROBLEMS.append(msg)
    print("problem: " + msg)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


def build(minhbach, site, out, *extra):
    r = subprocess.run([minhbach, "build", "--site", site, "--out", out, "--quiet", *extra],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout + r.stderr)
        raise SystemExit("problem: minhbach build %s failed with %d" % (site, r.returncode))
    return r.stdout + r.stderr


def run_checkers(repo, out, allow_empty=True):
    feeds = [sys.executable, os.path.join(repo, "tests/feeds/check_feeds.py"), out]
    if allow_empty:
        feeds.append("--allow-empty")
    for cmd in (feeds, [sys.executable, os.path.join(repo, "tests/feeds/check_opendata.py"), out]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr)
        check(r.returncode == 0, "%s failed:\n%s" % (os.path.basename(cmd[1]), r.stdout[-3000:] + r.stderr))
    if shutil.which("sha256sum"):
        r = subprocess.run(["sha256sum", "--strict", "--quiet", "-c", "du-lieu/SHA256SUMS"], cwd=out,
                           capture_output=True, text=True)
        check(r.returncode == 0, "sha256sum -c du-lieu/SHA256SUMS failed: " + r.stdout[-2000:] + r.stderr)


def all_files(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        for f in filenames:
            if not f.startswith("."):
                out.append(os.path.relpath(os.path.join(dirpath, f), root))
    return sorted(out)


def same_trees(a, b):
    fa, fb = all_files(a), all_files(b)
    check(fa == fb, "the two builds hold different files: %s" % sorted(set(fa) ^ set(fb))[:10])
    diff = [f for f in fa if f in fb and not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False)]
    check(not diff, "files differ between two builds of the same input: %s" % diff[:10])
    return fa


def feed_ids(out):
    """feed folder → list of item ids, from every feed.json (and the same ids in feed.xml/atom.xml)."""
    import feedparser
    ids = {}
    for path in sorted(glob.glob(os.path.join(out, "**", "feed.json"), recursive=True)):
        folder = os.path.relpath(os.path.dirname(path), out)
        folder = "" if folder == "." else folder + "/"
        with open(path, encoding="utf-8") as f:
            items = json.load(f)["items"]
        ids[folder] = [i["id"] for i in items]
        for name in ("feed.xml", "atom.xml"):
            parsed = feedparser.parse(os.path.join(os.path.dirname(path), name))
            check([e.id for e in parsed.entries] == ids[folder],
                  "%s%s: ids or order differ from feed.json" % (folder, name))
    return ids


def json_feed(out, folder):
    with open(os.path.join(out, folder, "feed.json"), encoding="utf-8") as f:
        return json.load(f)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def check_numbers(site, out):
    """The CSV downloads hold the numbers of data/ (read with Python's csv)."""
    n = 0
    for path in sorted(glob.glob(os.path.join(site, "data/rankings/*/*.json"))):
        with open(path, encoding="utf-8") as f:
            r = json.load(f)
        rel = "xep-hang/%s/%d/bang-xep-hang.csv" % (r["index"], r["year"])
        for copy in (rel, "du-lieu/" + rel):
            rows = {row["ma_co_quan"]: row for row in read_csv(os.path.join(out, copy))}
            check(len(rows) == len(r["entries"]), "%s: %d rows for %d entries" % (copy, len(rows), len(r["entries"])))
            for e in r["entries"]:
                row = rows.get(e["agency"])
                if not check(row is not None, "%s: no row for %s" % (copy, e["agency"])):
                    continue
                if "score" in e:
                    check(float(row["diem"]) == float(e["score"]), "%s %s: diem %s != %s" % (copy, e["agency"], row["diem"], e["score"]))
                    n += 1
                if "rank" in e:
                    check(int(row["hang"]) == e["rank"], "%s %s: hang %s != %s" % (copy, e["agency"], row["hang"], e["rank"]))
                check(row["minh_hoa"] == ("true" if r.get("illustrative") else "false"), "%s: minh_hoa wrong" % copy)
                for c, v in e.get("components", {}).items():
                    col = "tp_" + c.replace("-", "_")
                    check(float(row[col]) == float(v), "%s %s: %s %s != %s" % (copy, e["agency"], col, row[col], v))
    for path in sorted(glob.glob(os.path.join(site, "data/results/*.json"))):
        with open(path, encoding="utf-8") as f:
            rs = json.load(f)
        known = {(r["kpi"], r["period"]): r["value"] for r in rs["results"]}
        rows = read_csv(os.path.join(out, "ke-hoach", rs["plan"], "chi-tieu.csv"))
        for row in rows:
            if row["ket_qua"]:
                key = (row["ma_chi_tieu"], row["ky"])
                check(key in known and float(row["ket_qua"]) == float(known[key]),
                      "ke-hoach/%s/chi-tieu.csv %s: ket_qua %s is not in the data" % (rs["plan"], key, row["ket_qua"]))
                n += 1
        for r in rs["results"]:
            agency = r.get("agency")
            if not agency or isinstance(r["value"], bool):
                continue
            arows = read_csv(os.path.join(out, "co-quan", agency, "du-lieu.csv"))
            check(any(a["ma_chi_tieu"] == r["kpi"] for a in arows), "co-quan/%s/du-lieu.csv: no row for KPI %s" % (agency, r["kpi"]))
    check(n > 0, "no numbers compared")
    print("compared %d numbers of data/ with the CSV downloads" % n)


def fixture_copy(repo, work, name):
    dst = os.path.join(work, name)
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(os.path.join(repo, "tests/sites/records"), dst)
    path = os.path.join(dst, "site.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = text.replace('themes: "../../../themes"', 'themes: "%s"' % os.path.join(repo, "themes"))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return dst


def fresh(work, name):
    path = os.path.join(work, name)
    if os.path.exists(path):
        shutil.rmtree(path)
    return path


def test_twice(minhbach, repo, work, site):
    a, b = fresh(work, "out-a"), fresh(work, "out-b")
    build(minhbach, site, a)
    build(minhbach, site, b)
    files = same_trees(a, b)
    feeds = [f for f in files if os.path.basename(f) in ("feed.xml", "atom.xml", "feed.json")]
    csvs = [f for f in files if f.endswith(".csv")]
    print("%d files, %d feed files, %d CSV downloads: byte-identical in two builds" % (len(files), len(feeds), len(csvs)))
    for folder in ("", "tin-tuc/", "thay-doi/"):
        check(json_feed(a, folder)["items"], "/%sfeed.json has no items" % folder)
    for page in ("nguon-tin/index.html", "du-lieu/index.html", "thay-doi/index.html", "sitemap.xml", "robots.txt",
                 "du-lieu/datapackage.json", "du-lieu/manifest.json", "du-lieu/SHA256SUMS"):
        check(os.path.isfile(os.path.join(a, page)), "%s is missing" % page)
    run_checkers(repo, a)
    check_numbers(site, a)
    return a


def test_add_result(minhbach, repo, work):
    site = fixture_copy(repo, work, "site-add")
    out = fresh(work, "out-add")
    build(minhbach, site, out)
    before = feed_ids(out)
    path = os.path.join(site, "data/results/tq-kh-2025.json")
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data["results"].append({"kpi": "I.3", "period": "2026", "value": 31, "reported": "2026-11-10", "source": "Báo cáo năm"})
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
    out2 = fresh(work, "out-add-2")
    build(minhbach, site, out2)
    after = feed_ids(out2)
    check(set(before) == set(after), "the set of feeds changed: %s" % (set(before) ^ set(after)))
    new_ids = set()
    grew = []
    for folder in sorted(before):
        gone = set(before[folder]) - set(after.get(folder, []))
        added = set(after.get(folder, [])) - set(before[folder])
        check(not gone, "/%s: item ids disappeared: %s" % (folder, sorted(gone)))
        check(len(added) <= 1, "/%s: %d items added: %s" % (folder, len(added), sorted(added)))
        if added:
            grew.append(folder)
            new_ids |= added
    check(len(new_ids) == 1, "expected one new item id in all feeds, got %s" % sorted(new_ids))
    expected = ["", "co-quan/so-tai-chinh/", "ke-hoach/tq-kh-2025/"]
    check(grew == expected, "the new item is in %s, expected %s" % (grew, expected))
    if new_ids:
        new_id = next(iter(new_ids))
        check(new_id.endswith(":result/tq-kh-2025/I.3/so-tai-chinh/2026"), "unexpected new id " + new_id)
        item = [i for i in json_feed(out2, "")["items"] if i["id"] == new_id][0]
        check(item["date_published"].startswith("2026-11-10"), "the new item is not dated by its reported date")
        check(item["url"] == "https://cchc.example.gov.vn/ke-hoach/tq-kh-2025/i-3/", "the new item links to " + item["url"])
        print("one new item %s in %s" % (new_id, ", ".join("/" + g for g in grew)))
    # published into the previous folder, the changes page and feed list the new result
    build(minhbach, site, out)
    with open(os.path.join(out, "thay-doi/index.html"), encoding="utf-8") as f:
        page = f.read()
    check(page.count('class="change new-result"') == 1, "/thay-doi/ does not list exactly one new result")
    changes = [i["id"] for i in json_feed(out, "thay-doi/")["items"]]
    check(sum("/new-result/" in i for i in changes) == 1, "the changes feed does not carry exactly one new result: %s" % changes)
    run_checkers(repo, out)


def test_correction(minhbach, repo, work):
    site = fixture_copy(repo, work, "site-fix")
    out = fresh(work, "out-fix")
    build(minhbach, site, out)
    before = feed_ids(out)
    root_before = {i["id"]: i for i in json_feed(out, "")["items"]}
    path = os.path.join(site, "data/rankings/par-index/2020.json")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    check('"score": 83.81' in text, "fixture changed: no PAR INDEX 2020 score 83.81")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace('"score": 83.81', '"score": 84.12'))
    build(minhbach, site, out, "--as-of", "2026-11-28")
    after = feed_ids(out)
    for folder in sorted(before):
        if folder == "thay-doi/":
            continue
        # same ids; the corrected item moves up (feeds are ordered by updated date)
        check(sorted(before[folder]) == sorted(after.get(folder, [])), "/%s: item ids changed after a correction" % folder)
    root_after = {i["id"]: i for i in json_feed(out, "")["items"]}
    corrected = [k for k in root_after if k.endswith(":ranking/par-index/2020/tuyen-quang")]
    if check(len(corrected) == 1, "the corrected ranking item is not in the root feed"):
        item = root_after[corrected[0]]
        check(item.get("date_modified", "").startswith("2026-11-28"), "the corrected item's updated date is %r" % item.get("date_modified"))
        check(item["date_published"] == root_before[corrected[0]]["date_published"], "the corrected item's published date changed")
        check("84,12" in item["title"] or "84,12" in item.get("summary", ""), "the corrected item does not show the new value")
    others = [k for k, v in root_after.items() if k not in corrected and v.get("date_modified") != root_before.get(k, {}).get("date_modified")]
    check(not others, "other items got a new updated date: %s" % others)
    with open(os.path.join(out, "thay-doi/index.html"), encoding="utf-8") as f:
        page = f.read()
    check(page.count('class="change correction"') == 1, "/thay-doi/ shows %d corrections, expected 1" % page.count('class="change correction"'))
    m = re.search(r'<li class="change correction"[^>]*>(.*?)</li>', page, re.S)
    if check(m is not None, "no correction on /thay-doi/"):
        li = re.sub(r"\s+", " ", m.group(1))
        check("83,81" in li and "84,12" in li and "28/11/2026" in li, "the correction does not read old → new with its date: " + li)
    changes = json_feed(out, "thay-doi/")["items"]
    corr = [i for i in changes if "/correction/" in i["id"]]
    if check(len(corr) == 1, "the changes feed has %d corrections, expected 1" % len(corr)):
        check("83,81" in corr[0]["title"] and "84,12" in corr[0]["title"], "correction title: " + corr[0]["title"])
        check(corr[0]["date_published"].startswith("2026-11-28"), "correction dated " + corr[0]["date_published"])
    # the ranking page states the correction with its date (its URL stays; other years untouched)
    with open(os.path.join(out, "xep-hang/par-index/2020/index.html"), encoding="utf-8") as f:
        ranking_page = re.sub(r"\s+", " ", f.read())
    m = re.search(r'<aside class="corrections".*?</aside>', ranking_page)
    check(m is not None and "83,81" in m.group(0) and "84,12" in m.group(0) and "28/11/2026" in m.group(0),
          "/xep-hang/par-index/2020/ does not state the correction with its date")
    with open(os.path.join(out, "xep-hang/par-index/2019/index.html"), encoding="utf-8") as f:
        check('class="corrections"' not in f.read(), "/xep-hang/par-index/2019/ states a correction it did not have")
    rows = [r for r in read_csv(os.path.join(out, "du-lieu/thay-doi.csv")) if r["loai"] == "correction"]
    check(len(rows) == 1 and rows[0]["gia_tri_cu"] == "83.81" and rows[0]["gia_tri_moi"] == "84.12"
          and rows[0]["khoa"] == "ranking/par-index/2020/tuyen-quang/score" and rows[0]["ngay"] == "2026-11-28",
          "du-lieu/thay-doi.csv corrections: %s" % rows)
    with open(os.path.join(out, "du-lieu/manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    check(manifest["values"].get("ranking/par-index/2020/tuyen-quang/score") == "84.12", "manifest value not updated")
    run_checkers(repo, out)
    # a third publication without changes: the record stays as it is
    snapshot = fresh(work, "out-fix-snapshot")
    shutil.copytree(out, snapshot)
    build(minhbach, site, out, "--as-of", "2026-11-28")
    same_trees(snapshot, out)
    print("one correction 83.81 → 84.12 dated 2026-11-28; item ids kept; a rebuild without changes changes nothing")


def test_long_log(minhbach, repo, work):
    site = fixture_copy(repo, work, "site-long")
    out = fresh(work, "out-long")
    build(minhbach, site, out)
    # a previous publication's log with 1,200 more rows, over three dates
    path = os.path.join(out, "du-lieu/thay-doi.json")
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    dates = ["2026-10-01", "2026-09-01", "2026-08-01"]
    for i in range(1200):
        log.append({"ngay": dates[i * 3 // 1200], "loai": "new-result",
                    "khoa": "result/tq-kh-2025/I.%d/so-tai-chinh/p%04d" % (i % 7 + 1, i), "gia_tri_cu": "", "gia_tri_moi": str(i)})
    with open(path, "w", encoding="utf-8") as f:
        json.dump(log, f, ensure_ascii=False)
    build(minhbach, site, out)
    rows = read_csv(os.path.join(out, "du-lieu/thay-doi.csv"))
    check(len(rows) >= 1201, "the log has %d rows, expected the 1,200 added and more" % len(rows))
    pages = (len(rows) + 499) // 500
    folders = ["thay-doi/"] + ["thay-doi/trang-%d/" % k for k in range(2, pages + 1)]
    check(not os.path.exists(os.path.join(out, "thay-doi/trang-%d" % (pages + 1))), "a page past the last")
    listed = []
    for k, folder in enumerate(folders, 1):
        with open(os.path.join(out, folder, "index.html"), encoding="utf-8") as f:
            page = f.read()
        keys = re.findall(r'<li class="change [a-z-]+" data-key="([^"]*)"', page)
        check(len(keys) == (500 if k < pages else len(rows) - 500 * (pages - 1)), "/%s lists %d rows" % (folder, len(keys)))
        listed += keys
        check('aria-current="page">%d</a>' % k in page, "/%s: the pager does not mark page %d" % (folder, k))
        check(('rel="next"' in page) == (k < pages) and ('rel="prev"' in page) == (k > 1), "/%s: prev/next links" % folder)
        for d in dates:
            check(('href="/thay-doi/' in page) and ('#cong-bo-' + d) in page, "/%s: the index of publications lacks %s" % (folder, d))
    check(listed == [r["khoa"] for r in rows], "the pages do not list the log's rows once each, in its order")
    # the changes feed carries the first rows in feed order (newest first, then by id), as many as its
    # limit (fewer than the log's), and /nguon-tin/ gives that number
    items = json_feed(out, "thay-doi/")["items"]
    check(0 < len(items) < len(rows), "the changes feed has %d items for %d rows" % (len(items), len(rows)))
    suffix = lambda r: "change/%s/%s%s" % (r["ngay"], r["loai"], "/" + r["khoa"] if r["khoa"] else "")
    newest = [suffix(r) for r in sorted(rows, key=lambda r: suffix(r))]
    newest = sorted(newest, key=lambda x: x.split("/")[1], reverse=True)[:len(items)]  # stable: ids ascending within a date
    check([i["id"].split(":", 2)[2] for i in items] == newest, "the changes feed does not carry the newest rows")
    with open(os.path.join(out, "nguon-tin/index.html"), encoding="utf-8") as f:
        m = re.search(r'/thay-doi/feed\.json"[^>]*>JSON Feed</a>\s*<span class="meta">\((\d+)', f.read())
    check(m is not None and m.group(1) == str(len(items)), "/nguon-tin/ counts %s items in the changes feed, which has %d" % (m and m.group(1), len(items)))
    with open(os.path.join(out, "sitemap.xml"), encoding="utf-8") as f:
        sitemap = f.read()
    for folder in folders:
        check("/" + folder + "</loc>" in sitemap, "sitemap.xml lacks /" + folder)
    snapshot = fresh(work, "out-long-snapshot")
    shutil.copytree(out, snapshot)
    build(minhbach, site, out)
    same_trees(snapshot, out)
    print("%d log rows on %d pages of 500; a rebuild changes nothing" % (len(rows), pages))


def main(argv):
    if len(argv) != 5:
        print(__doc__)
        return 2
    test, minhbach, repo, work = argv[1], os.path.abspath(argv[2]), os.path.abspath(argv[3]), os.path.abspath(argv[4])
    work = os.path.join(work, test)
    os.makedirs(work, exist_ok=True)
    if test == "example":
        test_twice(minhbach, repo, work, repo)
    elif test == "fixture":
        test_twice(minhbach, repo, work, fixture_copy(repo, work, "site"))
    elif test == "add-result":
        test_add_result(minhbach, repo, work)
    elif test == "correction":
        test_correction(minhbach, repo, work)
    elif test == "long-log":
        test_long_log(minhbach, repo, work)
    else:
        print("unknown test " + test)
        return 2
    print("%s: %d problems" % (test, len(PROBLEMS)))
    return 1 if PROBLEMS else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
