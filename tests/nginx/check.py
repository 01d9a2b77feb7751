#!/usr/bin/python3
"""Checks a built site served by nginx with the configuration of
docs/deploy-nginx.md (run by run.sh).

usage: check.py BASE_URL PUBLIC_DIR

- fetches one page of every page type (the path with every segment after the
  first replaced by '*': "tin-tuc/*/index.html"), the home page, one file of
  every other kind (feeds, downloads, checksums, sitemap, CSS, JS, images), a
  missing page (404 with the site's 404.html), a folder without its slash
  (redirect to the same origin) and the hidden build marker (404);
- checks each content type and the security headers;
- for every precompressed file (x.gz beside x), that nginx sends the .gz
  bytes as they are with Accept-Encoding: gzip, and x without it;
- that no HTML page or stylesheet requests anything from another origin.
"""

import html.parser
import http.client
import os
import re
import sys
import urllib.parse

HEADERS = {
    "content-security-policy": [r"default-src 'self'", r"script-src 'self'", r"object-src 'none'",
                                r"frame-ancestors 'none'", r"base-uri 'self'"],
    "x-content-type-options": [r"^nosniff$"],
    "x-frame-options": [r"^DENY$"],
    "referrer-policy": [r"."],
    "permissions-policy": [r"camera=\(\)"],
    "cross-origin-opener-policy": [r"^same-origin$"],
}

# file name or extension -> expected Content-Type (regex)
TYPES = [
    (r"(^|/)feed\.xml$", r"^application/rss\+xml; charset=utf-8$"),
    (r"(^|/)atom\.xml$", r"^application/atom\+xml; charset=utf-8$"),
    (r"(^|/)feed\.json$", r"^application/feed\+json; charset=utf-8$"),
    (r"(^|/)SHA256SUMS$", r"^text/plain; charset=utf-8$"),
    (r"\.html$", r"^text/html; charset=utf-8$"),
    (r"\.css$", r"^text/css; charset=utf-8$"),
    (r"\.js$", r"^(application|text)/javascript(; charset=utf-8)?$"),
    (r"\.json$", r"^application/json; charset=utf-8$"),
    (r"\.csv$", r"^text/csv; charset=utf-8$"),
    (r"\.xml$", r"^(text|application)/xml; charset=utf-8$"),
    (r"\.txt$", r"^text/plain; charset=utf-8$"),
    (r"\.svg$", r"^image/svg\+xml(; charset=utf-8)?$"),
    (r"\.png$", r"^image/png$"),
    (r"\.(jpg|jpeg)$", r"^image/jpeg$"),
    (r"\.webp$", r"^image/webp$"),
    (r"\.ico$", r"^image/(x-icon|vnd\.microsoft\.icon)$"),
    (r"\.pdf$", r"^application/pdf$"),
    (r"\.woff2$", r"^font/woff2$"),
]

SUBRESOURCE = {  # tag -> attributes the browser fetches on its own
    "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "video": ["src", "poster"],
    "audio": ["src"], "iframe": ["src"], "embed": ["src"], "object": ["data"], "input": ["src"],
    "track": ["src"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
FETCHED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                "manifest", "mask-icon", "dns-prefetch", "preconnect"}


class Failures(list):
    def add(self, msg):
        self.append(msg)
        print("FAIL: " + msg)


def expected_type(rel):
    for rx, t in TYPES:
        if re.search(rx, rel):
            return t
    return None


class Client:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port, self.origin = u.hostname, u.port, "%s://%s" % (u.scheme, u.netloc)

    def get(self, path, headers=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=10)
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def check_headers(fail, what, headers):
    for name, rxs in HEADERS.items():
        v = headers.get(name)
        if v is None:
            fail.add("%s: no %s header" % (what, name))
            continue
        for rx in rxs:
            if not re.search(rx, v):
                fail.add("%s: %s %r does not match %r" % (what, name, v, rx))
    if "server" in headers and re.search(r"\d", headers["server"]):
        fail.add("%s: Server header shows the version: %r" % (what, headers["server"]))


class Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []  # (what, url)
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        for attr in SUBRESOURCE.get(tag, []):
            if attr in a:
                vals = [p.strip().split(" ")[0] for p in a[attr].split(",")] if attr == "srcset" else [a[attr]]
                self.urls += [("<%s %s>" % (tag, attr), v) for v in vals if v]
        if tag == "link" and set(a.get("rel", "").lower().split()) & FETCHED_RELS and a.get("href"):
            self.urls.append(("<link rel=%s>" % a["rel"], a["href"]))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url\s*=\s*(\S+)", a.get("content", ""), re.I)
            if m:
                self.urls.append(("<meta refresh>", m.group(1)))
        if "style" in a:
            self.urls += [("style attribute", u) for u in css_urls(a["style"])]
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.urls += [("<style>", u) for u in css_urls(data)]


def css_urls(text):
    out = [m.group(2) for m in re.finditer(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)", text)]
    out += [m.group(2) for m in re.finditer(r"@import\s+(['\"])([^'\"]+)\1", text)]
    return out


def foreign(origin, url):
    url = url.strip()
    if url.startswith("data:") or url.startswith("#"):
        return False
    if url.startswith("//"):
        return True
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    if not m:
        return False  # relative: same origin
    u = urllib.parse.urlsplit(url)
    return "%s://%s" % (u.scheme, u.netloc) != origin


def main():
    base, public = sys.argv[1], sys.argv[2]
    cl = Client(base)
    fail = Failures()
    files = []
    for dirpath, _, names in os.walk(public):
        for n in names:
            files.append(os.path.relpath(os.path.join(dirpath, n), public).replace(os.sep, "/"))
    files.sort()
    originals = [f for f in files if not f.endswith(".gz")]

    # one file per page type and per kind of file
    picks = {}
    for f in originals:
        if f.startswith(".") or "/." in f:
            continue
        parts = f.split("/")
        if f.endswith(".html"):
            key = "/".join(parts[:1] + ["*"] * (len(parts) - 2) + parts[-1:]) if len(parts) > 1 else f
        else:
            name = parts[-1]
            key = name if name in ("feed.xml", "atom.xml", "feed.json", "SHA256SUMS", "sitemap.xml",
                                   "robots.txt", "datapackage.json", "manifest.json") else os.path.splitext(name)[1]
        picks.setdefault(key, f)
    print("%d files; fetching %d kinds: %s" % (len(originals), len(picks), ", ".join(sorted(picks))))

    for key, f in sorted(picks.items()):
        path = "/" + urllib.parse.quote(f)
        if f.endswith("/index.html") or f == "index.html":
            path = path[: -len("index.html")]
        status, h, body = cl.get(path)
        if status != 200:
            fail.add("%s: status %d" % (path, status))
            continue
        with open(os.path.join(public, f), "rb") as fh:
            if fh.read() != body:
                fail.add("%s: body differs from %s" % (path, f))
        want = expected_type(f)
        got = h.get("content-type", "")
        if want and not re.match(want, got):
            fail.add("%s: Content-Type %r, expected %s" % (path, got, want))
        check_headers(fail, path, h)
        if re.search(r"(\.csv|\.json|SHA256SUMS)$", f) and not f.endswith("feed.json") and \
                h.get("access-control-allow-origin") != "*":
            fail.add("%s: open data without Access-Control-Allow-Origin: *" % path)

    # a missing page: 404 with the site's page and the headers
    status, h, body = cl.get("/khong-co-trang-nay/")
    if status != 404:
        fail.add("missing page: status %d, expected 404" % status)
    check_headers(fail, "404", h)
    if os.path.exists(os.path.join(public, "404.html")):
        with open(os.path.join(public, "404.html"), "rb") as fh:
            if fh.read() != body:
                fail.add("missing page: not the site's 404.html")
    # the build marker and other hidden files are not served
    for hidden in ("/.minhbach-output", "/.git/config"):
        status, h, _ = cl.get(hidden)
        if status != 404:
            fail.add("%s: status %d, expected 404" % (hidden, status))
    # a folder without its slash redirects within the site
    dirs = sorted({f.rsplit("/", 1)[0] for f in originals if f.endswith("/index.html")})
    if dirs:
        status, h, _ = cl.get("/" + urllib.parse.quote(dirs[0]))
        loc = h.get("location", "")
        if status not in (301, 302) or (loc.startswith("http") and not loc.startswith(cl.origin)):
            fail.add("/%s: status %d, Location %r" % (dirs[0], status, loc))
    # directory listings are off
    static_dirs = sorted({f.rsplit("/", 1)[0] for f in originals if "/" in f} - set(dirs))
    if static_dirs:
        status, _, _ = cl.get("/" + urllib.parse.quote(static_dirs[0]) + "/")
        if status == 200:
            fail.add("/%s/: a directory listing is served" % static_dirs[0])

    # gzip_static: the .gz bytes as they are
    gz = [f for f in files if f.endswith(".gz") and f[:-3] in originals]
    for f in gz[:200]:
        path = "/" + urllib.parse.quote(f[:-3])
        if path.endswith("/index.html"):
            path = path[: -len("index.html")]
        status, h, body = cl.get(path, {"Accept-Encoding": "gzip"})
        with open(os.path.join(public, f), "rb") as fh:
            gzbytes = fh.read()
        if status != 200 or h.get("content-encoding") != "gzip" or body != gzbytes:
            fail.add("%s: not served from %s (status %d, encoding %r)" % (path, f, status, h.get("content-encoding")))
        if "accept-encoding" not in h.get("vary", "").lower():
            fail.add("%s: no Vary: Accept-Encoding" % path)
        status, h, body = cl.get(path)
        with open(os.path.join(public, f[:-3]), "rb") as fh:
            if h.get("content-encoding") or body != fh.read():
                fail.add("%s: without Accept-Encoding the original is not sent" % path)
    print("gzip_static: %d precompressed files checked" % min(len(gz), 200))

    # nothing from another origin, in every page and stylesheet
    pages = 0
    for f in originals:
        full = os.path.join(public, f)
        if f.endswith((".html", ".htm", ".svg")):
            p = Refs()
            p.feed(open(full, encoding="utf-8", errors="replace").read())
            urls = p.urls
            pages += 1
        elif f.endswith(".css"):
            urls = [("css", u) for u in css_urls(open(full, encoding="utf-8", errors="replace").read())]
        else:
            continue
        for what, u in urls:
            if foreign(cl.origin, u):
                fail.add("%s: %s requests %s from another origin" % (f, what, u))
    print("external origins: %d pages checked" % pages)

    if fail:
        print("%d problems" % len(fail))
        return 1
    print("ok: nginx serves the site with the documented configuration")
    return 0


if __name__ == "__main__":
    sys.exit(main())
