#!/usr/bin/env python3
"""Sanity check for the transcribed seed plans (stdlib only).

Checks:
  * plan 158/KH-UBND has 63 KPIs, the xã Năm Dẫn plan has 47;
  * KPI ids are unique within each plan;
  * every lead/support value is a group token or an agency id in data/agencies.json
    (plus data/agencies/*.json if present);
  * every `implements` in the child plan names a KPI of its parent plan;
  * all strings are NFC.

Usage: python3 tests/data/check_seed_counts.py [repo-root]
Exit status 0 when everything holds, 1 otherwise.
"""
import json
import os
import sys
import unicodedata

GROUP_TOKENS = {"@all", "@departments", "@communes"}
EXPECTED = {
    "tq-158-kh-ubnd-2025": 63,
    "nam-dan-kh-2026": 47,
}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def agency_ids(root):
    ids = set()
    files = [os.path.join(root, "data", "agencies.json")]
    extra = os.path.join(root, "data", "agencies")
    if os.path.isdir(extra):
        files += sorted(os.path.join(extra, n) for n in os.listdir(extra) if n.endswith(".json"))
    for path in files:
        for a in load(path):
            ids.add(a["id"])
    return ids


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def walk_strings(o, where, errors):
    if isinstance(o, str):
        if unicodedata.normalize("NFC", o) != o:
            errors.append("%s: string not NFC: %r" % (where, o[:40]))
    elif isinstance(o, list):
        for i, x in enumerate(o):
            walk_strings(x, "%s[%d]" % (where, i), errors)
    elif isinstance(o, dict):
        for k, x in o.items():
            walk_strings(x, "%s.%s" % (where, k), errors)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    errors = []
    ids = agency_ids(root)
    plans = {}
    for pid, want in EXPECTED.items():
        path = os.path.join(root, "data", "plans", pid + ".json")
        plan = load(path)
        plans[pid] = plan
        if plan.get("id") != pid:
            errors.append("%s: id %r does not match file name" % (path, plan.get("id")))
        walk_strings(plan, pid, errors)
        kpis = [k for s in plan["sections"] for k in s["kpis"]]
        if len(kpis) != want:
            errors.append("%s: %d KPIs, expected %d" % (pid, len(kpis), want))
        seen = set()
        for k in kpis:
            if k["id"] in seen:
                errors.append("%s: duplicate KPI id %s" % (pid, k["id"]))
            seen.add(k["id"])
            for field in ("lead", "support"):
                for ref in as_list(k.get(field)):
                    if ref not in GROUP_TOKENS and ref not in ids:
                        errors.append("%s %s: %s %r is not an agency id or group token" % (pid, k["id"], field, ref))
            if not k.get("lead"):
                errors.append("%s %s: no lead" % (pid, k["id"]))
        if plan.get("issuer") and plan["issuer"] not in ids:
            errors.append("%s: issuer %r unknown" % (pid, plan["issuer"]))
        print("%s: %d KPIs in %d sections" % (pid, len(kpis), len(plan["sections"])))

    # implements must point at a KPI of the parent plan
    for pid, plan in plans.items():
        parent = plan.get("parent")
        if not parent:
            continue
        if parent not in plans:
            errors.append("%s: parent %r not loaded" % (pid, parent))
            continue
        parent_ids = {k["id"] for s in plans[parent]["sections"] for k in s["kpis"]}
        for s in plan["sections"]:
            for k in s["kpis"]:
                imp = k.get("implements")
                if imp is not None and imp not in parent_ids:
                    errors.append("%s %s: implements %r not in %s" % (pid, k["id"], imp, parent))

    for e in errors:
        print("FAIL:", e)
    if errors:
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
