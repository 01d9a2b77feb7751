#!/usr/bin/python3
"""Checks every feed of a built site the way a journalist's reader will see it.

Usage: /usr/bin/python3 tests/feeds/check_feeds.py PUBLIC_DIR [--allow-empty]

Run with Debian's /usr/bin/python3: it has python3-feedparser (and python3-lxml,
the libxml2 binding); the pyenv python3 on PATH has neither.

For every *.xml file under PUBLIC_DIR:
  - it must be well-formed XML (libxml2 through lxml, expat when lxml is absent);
  - an RSS 2.0 (<rss>) or Atom (<feed xmlns="http://www.w3.org/2005/Atom">)
    document is a feed: feedparser must parse it with no bozo error and find
    as many entries as the file has <item>/<entry> elements, more than zero
    (unless --allow-empty); every entry needs an id (guid) and a link, ids are
    unique, and an RSS feed carries atom:link rel="self";
  - any other XML (sitemap.xml, sitemap indexes) is only checked for
    well-formedness.
For every feed.json: valid UTF-8 JSON with JSON Feed 1.1's required fields
(version, title, items; every item an id and content_html or content_text),
unique ids, and more than zero items.

Prints one line per problem ("path: message") and a summary; exits 1 when a
problem was found (or no feed at all), 2 on a usage error.
"""
import json
import os
import sys

import feedparser

try:
    from lxml import etree as _lxml
except ImportError:  # pragma: no cover - Debian ships python3-lxml
    _lxml = None

ATOM = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSIONS = ("https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1")


def parse_xml(data):
    """Returns (root_tag, item_count) or raises ValueError when not well-formed."""
    if _lxml is not None:
        parser = _lxml.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        try:
            root = _lxml.fromstring(data, parser)
        except _lxml.XMLSyntaxError as e:
            raise ValueError(str(e)) from None
        tag = root.tag
        if tag == "rss":
            count = len(root.findall("channel/item"))
            self_links = [l for l in root.findall("channel/{%s}link" % ATOM) if l.get("rel") == "self"]
        elif tag == "{%s}feed" % ATOM:
            count = len(root.findall("{%s}entry" % ATOM))
            self_links = [l for l in root.findall("{%s}link" % ATOM) if l.get("rel") == "self"]
        else:
            count, self_links = 0, []
        return tag, count, len(self_links)
    import xml.etree.ElementTree as ET  # expat: a conforming well-formedness checker
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise ValueError(str(e)) from None
    tag = root.tag
    if tag == "rss":
        links = [l for l in root.findall("channel/{%s}link" % ATOM) if l.get("rel") == "self"]
        return tag, len(root.findall("channel/item")), len(links)
    if tag == "{%s}feed" % ATOM:
        links = [l for l in root.findall("{%s}link" % ATOM) if l.get("rel") == "self"]
        return tag, len(root.findall("{%s}entry" % ATOM)), len(links)
    return tag, 0, 0


def check_xml(path, problems, allow_empty):
    """Returns True when the file is a feed."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        tag, count, self_links = parse_xml(data)
    except ValueError as e:
        problems.append("not well-formed XML: %s" % e)
        return False
    if tag not in ("rss", "{%s}feed" % ATOM):
        return False
    kind = "RSS" if tag == "rss" else "Atom"
    if kind == "RSS" and self_links == 0:
        problems.append('RSS feed has no atom:link rel="self"')
    if kind == "Atom" and self_links == 0:
        problems.append('Atom feed has no link rel="self"')
    d = feedparser.parse(data)
    if d.bozo:
        problems.append("feedparser: %s" % d.get("bozo_exception"))
    expected = "rss20" if kind == "RSS" else "atom10"
    if d.get("version") != expected:
        problems.append("feedparser detected %r, expected %r" % (d.get("version"), expected))
    entries = d.entries
    if len(entries) != count:
        problems.append("feedparser found %d entries, the file has %d" % (len(entries), count))
    if count == 0 and not allow_empty:
        problems.append("%s feed has no entries" % kind)
    seen = set()
    for i, e in enumerate(entries, 1):
        eid = e.get("id")
        if not eid:
            problems.append("entry %d has no id" % i)
        elif eid in seen:
            problems.append("entry %d: duplicate id %r" % (i, eid))
        seen.add(eid)
        if not e.get("link"):
            problems.append("entry %d has no link" % i)
        if not e.get("title"):
            problems.append("entry %d has no title" % i)
    return True


def check_json_feed(path, problems, allow_empty):
    try:
        with open(path, "rb") as f:
            feed = json.loads(f.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        problems.append("not valid UTF-8 JSON: %s" % e)
        return
    if not isinstance(feed, dict):
        problems.append("JSON Feed is not an object")
        return
    if feed.get("version") not in JSON_FEED_VERSIONS:
        problems.append("JSON Feed version is %r" % feed.get("version"))
    if not isinstance(feed.get("title"), str) or not feed.get("title"):
        problems.append("JSON Feed has no title")
    items = feed.get("items")
    if not isinstance(items, list):
        problems.append("JSON Feed has no items array")
        return
    if not items and not allow_empty:
        problems.append("JSON Feed has no items")
    seen = set()
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append("item %d is not an object" % i)
            continue
        iid = item.get("id")
        if not isinstance(iid, str) or not iid:
            problems.append("item %d has no id" % i)
        elif iid in seen:
            problems.append("item %d: duplicate id %r" % (i, iid))
        seen.add(iid)
        if not isinstance(item.get("content_html"), str) and not isinstance(item.get("content_text"), str):
            problems.append("item %d has neither content_html nor content_text" % i)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    allow_empty = "--allow-empty" in argv[1:]
    if len(args) != 1 or not os.path.isdir(args[0]):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = args[0]
    feeds = 0
    failed = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            problems = []
            if name.endswith(".xml"):
                if check_xml(path, problems, allow_empty):
                    feeds += 1
            elif name == "feed.json":
                feeds += 1
                check_json_feed(path, problems, allow_empty)
            for p in problems:
                print("%s: %s" % (rel, p))
            failed += len(problems)
    if feeds == 0:
        print("%s: no feeds found" % root)
        return 1
    print("checked %d feeds under %s: %d problems" % (feeds, root, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
