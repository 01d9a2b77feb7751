#!/usr/bin/python3
"""Internal link checker for a built static site, on libxml2's HTML parser.

Parses every .html file under PUBLIC_DIR with lxml (Debian's python3-lxml, a
binding of libxml2 and its HTML parser) and checks that every internal
reference resolves to a file in PUBLIC_DIR:

  - href of a, area, link, and of SVG a/use/image (also xlink:href);
  - src of img, script, iframe, embed, source, track, audio, video, input;
  - srcset of img and source; poster of video; data of object;
  - action of form and formaction of button/input;
  - the URL of <meta http-equiv="refresh">;
  - url(...) and @import in .css files, <style> elements and style attributes;

with pretty URLs (/a/b/ -> PUBLIC_DIR/a/b/index.html), relative URLs resolved
against the page's own URL (and its <base href>), and every #fragment checked
against the ids (and <a name>) of the target HTML page. "#" alone and "#top"
are always fine (the HTML standard scrolls to the top for them).

Ignored: external links (another scheme or host, //host/...), mailto:, tel:,
javascript:, data: and other schemes, and links to feeds (type
application/rss+xml, application/atom+xml or application/feed+json, or a path
ending in .xml, .rss, .atom or feed.json) unless --check-feeds is given.
Absolute URLs under --base-url count as internal.

Prints one line per broken reference, e.g.
  public/x/index.html: broken link /y/ (line 12)
  public/x/index.html: broken link ../y/#z -> /y/#z (line 14): no id "z" in public/y/index.html
and exits 1 when there is any; 0 when all resolve; 2 on a usage error.

usage: /usr/bin/python3 linkcheck.py PUBLIC_DIR [--base-url URL] [--check-feeds] [--quiet]
"""

import argparse
import os
import posixpath
import re
import sys
import time
from urllib.parse import unquote, urljoin, urlsplit

try:
    from lxml import etree
except ImportError:  # pragma: no cover
    sys.stderr.write("linkcheck: lxml is missing: apt-get install python3-lxml "
                     "(scripts/install-browser-deps), and run with /usr/bin/python3\n")
    sys.exit(1)

HTML_EXTS = (".html", ".htm")
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json",
              "application/json+feed"}
FEED_EXTS = (".xml", ".rss", ".atom")
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")

# attribute -> the elements that carry a link in it (None: any element)
LINK_ATTRS = {
    "href": {"a", "area", "link", "use", "image", "feimage", "textpath", "mpath"},
    "xlink:href": None,
    "src": {"img", "script", "iframe", "embed", "source", "track", "audio", "video", "input", "frame"},
    "srcset": {"img", "source"},
    "imagesrcset": {"link"},
    "poster": {"video"},
    "data": {"object"},
    "action": {"form"},
    "formaction": {"button", "input"},
}


class Page:
    __slots__ = ("file", "url", "ids", "refs")

    def __init__(self, file, url):
        self.file = file
        self.url = url
        self.ids = set()
        self.refs = []  # (value as written, line, kind) kind: "link" | "feed"


def page_url(rel):
    """URL path of a file relative to the site root, pretty for index.html."""
    rel = rel.replace(os.sep, "/")
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def srcset_urls(value):
    for part in value.split(","):
        part = part.strip()
        if part:
            yield part.split()[0]


def css_urls(text):
    for m in CSS_URL.finditer(text):
        url = next(g for g in m.groups() if g is not None) if any(g is not None for g in m.groups()) else ""
        yield url, text.count("\n", 0, m.start())


def is_feed(el, value):
    t = (el.get("type") or "").split(";")[0].strip().lower()
    if t in FEED_TYPES:
        return True
    path = urlsplit(value).path.lower()
    return path.endswith(FEED_EXTS) or path.endswith("feed.json")


def parse_html(file, url):
    page = Page(file, url)
    with open(file, "rb") as f:
        data = f.read()
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = etree.fromstring(data, parser) if data.strip() else None
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        return page
    base = None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        line = el.sourceline or 0
        i = el.get("id")
        if i:
            page.ids.add(i)
        if tag == "a" and el.get("name"):
            page.ids.add(el.get("name"))
        if tag == "base" and base is None and el.get("href"):
            base = el.get("href")
        for attr, tags in LINK_ATTRS.items():
            value = el.get(attr)
            if value is None or (tags is not None and tag not in tags):
                continue
            value = value.strip()
            if attr in ("srcset", "imagesrcset"):
                for u in srcset_urls(value):
                    page.refs.append((u, line, "link"))
            elif attr in ("action", "formaction") and value == "":
                continue  # submits to the page itself
            else:
                page.refs.append((value, line, "feed" if tag in ("a", "link") and is_feed(el, value) else "link"))
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            m = re.match(r"\s*\d+\s*[;,]\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", el.get("content") or "", re.I)
            if m and m.group(1):
                page.refs.append((m.group(1).strip(), line, "link"))
        style = el.get("style")
        if style:
            for u, _ in css_urls(style):
                page.refs.append((u, line, "link"))
        if tag == "style" and el.text:
            for u, off in css_urls(el.text):
                page.refs.append((u, line + off, "link"))
    if base:
        page.url = urljoin(page.url, base)
    return page


def parse_css(file, url):
    page = Page(file, url)
    with open(file, encoding="utf-8", errors="replace") as f:
        text = f.read()
    for u, off in css_urls(text):
        page.refs.append((u, off + 1, "link"))
    return page


class Checker:
    def __init__(self, root, shown, base_url, check_feeds):
        self.root = os.path.realpath(root)
        self.shown = shown
        self.check_feeds = check_feeds
        self.base = None
        self.prefix = "/"
        if base_url:
            b = urlsplit(base_url)
            self.base = (b.scheme.lower(), b.netloc.lower())
            self.prefix = b.path if b.path.endswith("/") else b.path + "/"
        self.pages = {}  # real file path -> Page (HTML only)
        self.stats = {"refs": 0, "external": 0, "feeds": 0, "other": 0}

    def display(self, file):
        return os.path.join(self.shown, os.path.relpath(file, self.root))

    def target(self, path):
        """URL path -> (file or None, reason)."""
        if not path.startswith(self.prefix):
            return None, "outside the site's base path %s" % self.prefix
        rel = unquote(path[len(self.prefix):])
        if "\0" in rel:
            return None, "bad path"
        norm = posixpath.normpath("/" + rel)
        if rel and ".." in rel.split("/"):
            return None, "climbs out of the site"
        file = os.path.join(self.root, norm.lstrip("/"))
        if path.endswith("/"):
            file = os.path.join(file, "index.html")
        if os.path.isfile(file):
            return file, None
        if os.path.isdir(file):
            if os.path.isfile(os.path.join(file, "index.html")):
                return None, "points to a folder; write it with a trailing slash"
            return None, "points to a folder with no index.html"
        return None, None

    def ids_of(self, file):
        page = self.pages.get(file)
        if page is None:
            page = parse_html(file, "/")
            self.pages[file] = page
        return page.ids

    def check(self, page):
        broken = []
        seen = set()
        for value, line, kind in page.refs:
            self.stats["refs"] += 1
            key = (value, line)
            if key in seen:
                continue
            seen.add(key)
            if value == "" or value == "#":
                continue
            parts = urlsplit(value)
            scheme = parts.scheme.lower()
            if scheme and scheme not in ("http", "https"):
                self.stats["other"] += 1
                continue
            if kind == "feed" and not self.check_feeds:
                self.stats["feeds"] += 1
                continue
            absolute = urljoin("http://site.invalid" + page.url, value)
            a = urlsplit(absolute)
            if parts.netloc or scheme:
                if self.base is None or (a.scheme.lower(), a.netloc.lower()) != self.base:
                    self.stats["external"] += 1
                    continue
            elif a.netloc != "site.invalid":
                self.stats["external"] += 1
                continue
            path, frag = a.path or "/", a.fragment
            resolved = path + ("#" + frag if frag else "")
            shown = value if value == resolved or value.startswith("#") else "%s -> %s" % (value, resolved)
            file, reason = self.target(path)
            if file is None:
                broken.append((line, shown, reason))
                continue
            if frag and file.endswith(HTML_EXTS) and not frag.startswith(":~:"):
                ids = self.ids_of(file)
                if frag not in ids and unquote(frag) not in ids and frag.lower() != "top":
                    broken.append((line, shown, 'no id "%s" in %s' % (unquote(frag), self.display(file))))
        return broken

    def run(self, quiet=False):
        html, css = [], []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            for name in sorted(filenames):
                p = os.path.join(dirpath, name)
                low = name.lower()
                if low.endswith(HTML_EXTS):
                    html.append(p)
                elif low.endswith(".css"):
                    css.append(p)
        for f in html:
            self.pages[f] = parse_html(f, page_url(os.path.relpath(f, self.root)))
        sources = [self.pages[f] for f in html] + [parse_css(f, page_url(os.path.relpath(f, self.root))) for f in css]
        failed = 0
        total = 0
        for page in sources:
            broken = self.check(page)
            if broken:
                failed += 1
                total += len(broken)
                for line, shown, reason in sorted(broken, key=lambda b: b[0]):
                    print("%s: broken link %s (line %d)%s" % (self.display(page.file), shown, line,
                                                              ": " + reason if reason else ""))
        return html, css, failed, total


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("public_dir", metavar="PUBLIC_DIR")
    ap.add_argument("--base-url", help="the site's own absolute URL: links under it are internal")
    ap.add_argument("--check-feeds", action="store_true", help="also check links to feeds")
    ap.add_argument("--quiet", action="store_true", help="print only the broken links")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.public_dir):
        sys.stderr.write("linkcheck: not a folder: %s\n" % args.public_dir)
        return 2
    t0 = time.monotonic()
    checker = Checker(args.public_dir, args.public_dir.rstrip("/") or "/", args.base_url, args.check_feeds)
    html, css, failed, total = checker.run()
    s = checker.stats
    if not args.quiet:
        print("linkcheck: %d HTML and %d CSS files, %d references (%d external, %d feeds, %d other schemes ignored) "
              "in %.1fs: %d broken" % (len(html), len(css), s["refs"], s["external"], s["feeds"], s["other"],
                                       time.monotonic() - t0, total))
        print("linkcheck: %d passed, %d failed" % (len(html) + len(css) - failed, failed))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
