#!/usr/bin/python3
"""Checks the open-data downloads and publication record of a built site.

Usage: /usr/bin/python3 tests/feeds/check_opendata.py PUBLIC_DIR

Standard library only. Checks:
  - every datapackage.json: valid JSON with resources; each resource's file
    exists (path relative to the datapackage.json), its size is `bytes`, its
    SHA-256 is `hash`; a CSV resource reads with Python's csv module
    (encoding utf-8-sig, RFC 4180), its header is the schema's field names,
    every row has one value per field, number/integer/year/boolean fields parse (or are a
    missing value); a JSON resource is an array of objects with the schema's
    keys; a CSV and a JSON resource with the same path stem hold the same
    numbers and texts (a leading "'" in CSV text is the formula guard);
  - every SHA256SUMS: each line "HASH  PATH" verifies, PATH relative to
    PUBLIC_DIR (the site root), lines sorted by path, no duplicates;
  - every manifest.json of format minhbach-manifest/1: each file's sha256 and
    bytes match the file under PUBLIC_DIR; keys sorted; no timestamp fields.
Prints "path: problem" lines; exits 1 on problems (or when nothing was found).
"""
import csv
import hashlib
import io
import json
import os
import sys


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def read_csv(path, problems):
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"\xef\xbb\xbf"):
        problems.append("%s: no UTF-8 byte order mark" % path)
    text = data.decode("utf-8-sig")
    if not text.endswith("\r\n"):
        problems.append("%s: the last line does not end in CRLF" % path)
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def parse_number(value, kind):
    return int(value) if kind in ("integer", "year") else float(value)


def parse_boolean(value):
    # Table Schema's default trueValues / falseValues
    if value in ("true", "True", "TRUE", "1"):
        return True
    if value in ("false", "False", "FALSE", "0"):
        return False
    raise ValueError(value)


def check_resource(base, res, problems, tables):
    where = "%s[%s]" % (os.path.join(base, "datapackage.json"), res.get("name"))
    path = os.path.join(base, res.get("path", ""))
    if not os.path.isfile(path):
        problems.append("%s: file %s is missing" % (where, res.get("path")))
        return
    if os.path.getsize(path) != res.get("bytes"):
        problems.append("%s: bytes %s, file has %d" % (where, res.get("bytes"), os.path.getsize(path)))
    if res.get("hash") != "sha256:" + sha256(path):
        problems.append("%s: hash does not match the file" % where)
    fields = res.get("schema", {}).get("fields", [])
    if not fields:
        return
    names = [f["name"] for f in fields]
    kinds = {f["name"]: f.get("type", "string") for f in fields}
    missing = set(res.get("schema", {}).get("missingValues", [""]))
    rows = []
    if res.get("format") == "csv":
        try:
            table = read_csv(path, problems)
        except (csv.Error, UnicodeDecodeError) as e:
            problems.append("%s: not readable as CSV: %s" % (where, e))
            return
        if not table or table[0] != names:
            problems.append("%s: header %r is not the schema's %r" % (where, table[:1], names))
            return
        for i, row in enumerate(table[1:], 2):
            if len(row) != len(names):
                problems.append("%s: line %d has %d values for %d fields" % (where, i, len(row), len(names)))
                continue
            rec = {}
            for name, value in zip(names, row):
                if value in missing:
                    rec[name] = None
                elif kinds[name] in ("number", "integer", "year", "boolean"):
                    try:
                        rec[name] = parse_boolean(value) if kinds[name] == "boolean" else parse_number(value, kinds[name])
                    except ValueError:
                        problems.append("%s: line %d field %s: %r is not a %s" % (where, i, name, value, kinds[name]))
                        rec[name] = value
                else:
                    rec[name] = value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value
            rows.append(rec)
    elif res.get("format") == "json":
        try:
            with open(path, "rb") as f:
                data = json.loads(f.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            problems.append("%s: not valid JSON: %s" % (where, e))
            return
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            problems.append("%s: not an array of objects" % where)
            return
        for i, rec in enumerate(data, 1):
            if list(rec.keys()) != names:
                problems.append("%s: record %d keys %r are not the schema's" % (where, i, list(rec.keys())))
        rows = data
    else:
        return
    stem = os.path.splitext(os.path.normpath(path))[0]
    tables.setdefault(stem, []).append((where, rows))


def check_datapackage(path, problems, tables):
    try:
        with open(path, "rb") as f:
            pkg = json.loads(f.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        problems.append("%s: not valid JSON: %s" % (path, e))
        return
    resources = pkg.get("resources") if isinstance(pkg, dict) else None
    if not isinstance(resources, list) or not resources:
        problems.append("%s: no resources" % path)
        return
    seen = set()
    for res in resources:
        if res.get("name") in seen:
            problems.append("%s: duplicate resource name %r" % (path, res.get("name")))
        seen.add(res.get("name"))
        check_resource(os.path.dirname(path), res, problems, tables)


def check_sums(path, root, problems):
    previous = None
    seen = set()
    with open(path, "rb") as f:
        lines = f.read().decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        escaped = line.startswith("\\")
        if escaped:
            line = line[1:]
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            problems.append("%s:%d: not a sha256sum line" % (path, n))
            continue
        if escaped:
            name = name.replace("\\n", "\n").replace("\\\\", "\\")
        if previous is not None and name.encode() <= previous.encode():
            problems.append("%s:%d: %s is out of order or repeated" % (path, n, name))
        previous = name
        seen.add(name)
        target = os.path.join(root, name)
        if not os.path.isfile(target):
            problems.append("%s:%d: %s is missing" % (path, n, name))
        elif sha256(target) != digest:
            problems.append("%s:%d: %s: checksum does not match" % (path, n, name))


def check_manifest(path, root, problems):
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
        m = json.loads(text)
    except (UnicodeDecodeError, ValueError) as e:
        problems.append("%s: not valid JSON: %s" % (path, e))
        return
    if not isinstance(m, dict) or m.get("format") != "minhbach-manifest/1":
        return
    if json.dumps(m, indent=2, ensure_ascii=False, sort_keys=True) + "\n" != text:
        problems.append("%s: keys are not sorted (or not in the canonical layout)" % path)
    for key in m:
        if key not in ("format", "files", "sources", "values"):
            problems.append("%s: unexpected member %r" % (path, key))
    for name, entry in sorted(m.get("files", {}).items()):
        target = os.path.join(root, name)
        if not os.path.isfile(target):
            problems.append("%s: %s is missing" % (path, name))
            continue
        if os.path.getsize(target) != entry.get("bytes"):
            problems.append("%s: %s has %d bytes, manifest says %s" % (path, name, os.path.getsize(target), entry.get("bytes")))
        if sha256(target) != entry.get("sha256"):
            problems.append("%s: %s: checksum does not match" % (path, name))


def same_value(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


def compare_tables(tables, problems):
    for stem, versions in sorted(tables.items()):
        if len(versions) < 2:
            continue
        (wa, ra), (wb, rb) = versions[0], versions[1]
        if len(ra) != len(rb):
            problems.append("%s and %s: %d and %d rows" % (wa, wb, len(ra), len(rb)))
            continue
        for i, (x, y) in enumerate(zip(ra, rb), 1):
            for k in x:
                if not same_value(x.get(k), y.get(k)):
                    problems.append("%s and %s: row %d field %s: %r != %r" % (wa, wb, i, k, x.get(k), y.get(k)))


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print("usage: check_opendata.py PUBLIC_DIR", file=sys.stderr)
        return 2
    root = argv[1]
    problems = []
    tables = {}
    found = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if name == "datapackage.json":
                found += 1
                check_datapackage(path, problems, tables)
            elif name == "SHA256SUMS":
                found += 1
                check_sums(path, root, problems)
            elif name == "manifest.json":
                found += 1
                check_manifest(path, root, problems)
    compare_tables(tables, problems)
    prefix = os.path.join(root, "")
    for p in problems:
        print(p.replace(prefix, ""))
    if found == 0:
        print("%s: no datapackage.json, SHA256SUMS or manifest.json found" % root)
        return 1
    print("checked %d open-data files under %s: %d problems" % (found, root, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
