#!/usr/bin/python3
"""Runs one hostile-input case: builds a small site and checks that minhbach
either built it with the hostile input escaped or neutralised, or refused it
with exit 1 and a `path:line:col: error:` diagnostic -- never a crash, a hang,
a partial output or a write outside the output folder.

usage: run.py MINHBACH SOURCE_DIR CASE_DIR [--keep]

A case is a folder under tests/hostile/cases/ with:
  case.txt   what to expect (below)
  site/      files of the site (optional; copied)
  make.sh    bash script run as `make.sh SITE OUTSIDE SOURCE_DIR` that generates
             files which must not be committed (100 MB files, NUL bytes,
             symlinks, invalid UTF-8) (optional)
Without a site/site.yaml the site gets a default one using the repository's
themes; "@SRC@" in a site.yaml is replaced by the source folder.

case.txt, one directive per line (# starts a comment):
  exit 0|1             expected exit code (required)
  stderr REGEX         stderr must match (re.M)
  file PATH REGEX      output file PATH (relative to public/) must match
  not PATH REGEX       output file PATH, if present, must not match
  nofile PATH          output file PATH must not exist
  args ARG...          extra arguments for `build` (and `check`)
  nopos                errors may lack line:col (file-level: size, symlink)
  timeout SECONDS      default 60
  nocheck              do not also run `minhbach check`

Every build, whatever the case, is also checked for invariants (see
check_output): no inline <script> but JSON-LD (whose text holds no "</"),
no on* attributes, no javascript:/vbscript:/data: URLs but data:image, feeds
and JSON well-formed with their HTML held to the same rules, CSV text cells
never starting with = + - @ TAB CR, nothing written outside public/, no
staging folder left behind.
"""

import csv
import html.parser
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

URL_ATTRS = {"href", "src", "action", "formaction", "poster", "xlink:href", "background", "cite", "data", "ping"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


class Failure(Exception):
    pass


def url_problem(value):
    """Why a URL attribute value is dangerous, or None."""
    # browsers drop ASCII whitespace and control characters inside a scheme
    v = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    m = re.match(r"^([a-z][a-z0-9+.\-]*):", v)
    if not m:
        return None
    scheme = m.group(1)
    if scheme in SAFE_SCHEMES:
        return None
    if scheme == "data" and re.match(r"^data:image/(png|gif|jpeg|webp);", v):
        return None
    return "URL with scheme %s: %r" % (scheme, value[:80])


class HtmlChecker(html.parser.HTMLParser):
    def __init__(self, where):
        super().__init__(convert_charrefs=True)
        self.where = where
        self.problems = []
        self.script = None  # (attrs, text) of the open <script>

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        for k, v in a.items():
            if k.startswith("on"):
                self.problems.append("event-handler attribute %s=%r on <%s>" % (k, v[:60], tag))
            if k in URL_ATTRS or (k == "srcset"):
                p = url_problem(v)
                if p:
                    self.problems.append("%s in %s of <%s>" % (p, k, tag))
            if k == "style" and re.search(r"(expression\(|javascript:|url\()", v, re.I):
                self.problems.append("style attribute with %r on <%s>" % (v[:60], tag))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            target = re.sub(r"^\s*\d+\s*;?\s*(url\s*=\s*)?", "", a.get("content", ""), flags=re.I)
            p = url_problem(target)
            if p:
                self.problems.append("%s in a meta refresh" % p)
        if tag in FORBIDDEN_TAGS:
            self.problems.append("<%s> element" % tag)
        if tag == "script":
            self.script = (a, [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self.script is not None:
            self.script[1].append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self.script is None:
            return
        attrs, parts = self.script
        text = "".join(parts)
        self.script = None
        kind = attrs.get("type", "").lower()
        if kind == "application/ld+json":
            if re.search(r"</|<!--", text):
                self.problems.append("JSON-LD holds '</' or '<!--'")
            try:
                json.loads(text)
            except ValueError as e:
                self.problems.append("JSON-LD is not valid JSON: %s" % e)
        elif "src" in attrs:
            src = attrs["src"]
            if re.match(r"^([a-z][a-z0-9+.\-]*:|//)", src.strip(), re.I):
                self.problems.append("script from another origin: %r" % src)
            if text.strip():
                self.problems.append("<script src> with inline text")
        else:
            self.problems.append("inline <script>%s</script>" % text[:60])


def check_html(text, where):
    c = HtmlChecker(where)
    c.feed(text)
    c.close()
    if c.script is not None:
        c.problems.append("unclosed <script>")
    return ["%s: %s" % (where, p) for p in c.problems]


def check_csv(text, where):
    problems = []
    if text.startswith("\ufeff"):
        text = text[1:]
    for r, row in enumerate(csv.reader(io.StringIO(text, newline=""))):
        for c, cell in enumerate(row):
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                try:
                    float(cell)
                    continue  # a number
                except ValueError:
                    problems.append("%s: row %d cell %d starts a formula: %r" % (where, r + 1, c + 1, cell[:60]))
    return problems


def walk_json_html(v, where, out):
    if isinstance(v, dict):
        for k, x in v.items():
            if k in ("content_html", "summary_html", "description_html") and isinstance(x, str):
                out.extend(check_html(x, where + "#" + k))
            elif k in ("url", "u", "link", "external_url", "image", "banner_image", "home_page_url", "feed_url", "href") and \
                    isinstance(x, str) and url_problem(x):
                out.append("%s#%s: %s" % (where, k, url_problem(x)))
            else:
                walk_json_html(x, where, out)
    elif isinstance(v, list):
        for x in v:
            walk_json_html(x, where, out)


def check_xml(data, where):
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        return ["%s: not well-formed XML: %s" % (where, e)]
    problems = []
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        typ = el.get("type", "")
        if tag in ("description", "summary", "content", "encoded") and el.text and \
                (tag in ("description", "encoded") or typ in ("html", "xhtml", "text/html")):
            problems.extend(check_html(el.text, "%s <%s>" % (where, tag)))
        for k in ("href", "src", "url"):
            if el.get(k) and url_problem(el.get(k)):
                problems.append("%s <%s %s>: %s" % (where, tag, k, url_problem(el.get(k))))
        # feed item ids are RFC 4151 tag URIs: identifiers, never followed as links
        is_tag_id = tag in ("id", "guid") and (el.text or "").strip().startswith("tag:")
        if tag in ("link", "loc", "id", "guid") and el.text and not is_tag_id and url_problem(el.text.strip()):
            problems.append("%s <%s>: %s" % (where, tag, url_problem(el.text.strip())))
    return problems


def check_output(out):
    problems = []
    for dirpath, dirnames, filenames in os.walk(out):
        for d in dirnames:
            if os.path.islink(os.path.join(dirpath, d)):
                problems.append("symlink in output: %s" % os.path.join(dirpath, d))
        for f in filenames:
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, out)
            if os.path.islink(path):
                problems.append("symlink in output: %s" % rel)
                continue
            if os.path.getsize(path) > 32 << 20:
                continue  # a big static file the case made on purpose
            with open(path, "rb") as fh:
                data = fh.read()
            if rel.endswith((".html", ".htm")):
                problems.extend(check_html(data.decode("utf-8", "replace"), rel))
            elif rel.endswith((".xml", ".rss", ".atom")):
                problems.extend(check_xml(data, rel))
            elif rel.endswith(".json"):
                try:
                    v = json.loads(data.decode("utf-8-sig"))
                except ValueError as e:
                    problems.append("%s: invalid JSON: %s" % (rel, e))
                    continue
                walk_json_html(v, rel, problems)
            elif rel.endswith(".csv"):
                problems.extend(check_csv(data.decode("utf-8", "replace"), rel))
    return problems


def snapshot(root, skip):
    """Every path under root (not under skip) with its size and mtime."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        if os.path.abspath(dirpath).startswith(os.path.abspath(skip)):
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            rel = os.path.relpath(p, root)
            if os.path.abspath(p) == os.path.abspath(skip):
                continue
            # folders: only that they exist (their mtime moves when public/ appears)
            out[rel] = (0, 0) if os.path.isdir(p) and not os.path.islink(p) else (st.st_size, st.st_mtime_ns)
    return out


def parse_case(path):
    spec = {"exit": None, "stderr": [], "file": [], "not": [], "nofile": [], "args": [], "nopos": False,
            "timeout": 60, "check": True}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            if word == "exit":
                spec["exit"] = int(rest)
            elif word == "stderr":
                spec["stderr"].append(rest)
            elif word in ("file", "not"):
                p, _, rx = rest.partition(" ")
                spec[word].append((p, rx))
            elif word == "nofile":
                spec["nofile"].append(rest)
            elif word == "args":
                spec["args"].extend(rest.split())
            elif word == "nopos":
                spec["nopos"] = True
            elif word == "timeout":
                spec["timeout"] = int(rest)
            elif word == "nocheck":
                spec["check"] = False
            else:
                raise Failure("%s:%d: unknown directive %r" % (path, n, word))
    if spec["exit"] not in (0, 1):
        raise Failure("%s: needs 'exit 0' or 'exit 1'" % path)
    return spec


def run(cmd, timeout):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        raise Failure("%s: no answer within %d s (hang?)" % (" ".join(cmd[:2]), timeout))
    return p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def check_exit(what, rc, err, spec):
    if rc < 0 or rc >= 128:
        sig = -rc if rc < 0 else rc - 128
        raise Failure("%s crashed (signal %d):\n%s" % (what, sig, err[-4000:]))
    if rc != spec["exit"]:
        raise Failure("%s: exit %d, expected %d\n%s" % (what, rc, spec["exit"], err[-4000:]))
    if rc == 1:
        errors = [l for l in err.splitlines() if ": error: " in l and not l.startswith(" ")]
        if not errors:
            raise Failure("%s: exit 1 without an 'error:' diagnostic\n%s" % (what, err))
        form = r"^[^\s:][^:]*(:\d+:\d+)?: error: \S" if spec["nopos"] else r"^[^\s:][^:]*:\d+:\d+: error: \S"
        for l in errors:
            if not re.match(form, l):
                raise Failure("%s: diagnostic without file:line:col: %r" % (what, l))
    if "AddressSanitizer" in err or "runtime error:" in err or "ThreadSanitizer" in err:
        raise Failure("%s: sanitizer report\n%s" % (what, err[-4000:]))
    for rx in spec["stderr"]:
        if not re.search(rx, err, re.M):
            raise Failure("%s: stderr does not match %r:\n%s" % (what, rx, err[-4000:]))


def main():
    args = sys.argv[1:]
    keep = "--keep" in args
    args = [a for a in args if a != "--keep"]
    if len(args) != 3:
        print(__doc__)
        return 2
    mb, src, case = (os.path.abspath(a) for a in args)
    spec = parse_case(os.path.join(case, "case.txt"))
    tmp = tempfile.mkdtemp(prefix="mb-hostile-")
    try:
        site = os.path.join(tmp, "site")
        outside = os.path.join(tmp, "outside")
        os.makedirs(outside)
        with open(os.path.join(outside, "secret.txt"), "w") as fh:
            fh.write("outside the site\n")
        if os.path.isdir(os.path.join(case, "site")):
            shutil.copytree(os.path.join(case, "site"), site, symlinks=True)
        else:
            os.makedirs(site)
        if os.path.exists(os.path.join(case, "make.sh")):
            subprocess.run(["bash", os.path.join(case, "make.sh"), site, outside, src], check=True)
        cfg = os.path.join(site, "site.yaml")
        if not os.path.lexists(cfg):
            with open(cfg, "w", encoding="utf-8") as fh:
                fh.write('title: "Hostile"\nbase_url: "https://example.gov.vn/"\ntheme: default\n'
                         'as_of: "2026-06-30"\npaths:\n  themes: "@SRC@/themes"\n')
        if os.path.isfile(cfg) and not os.path.islink(cfg):
            with open(cfg, "rb") as fh:
                text = fh.read()
            with open(cfg, "wb") as fh:
                fh.write(text.replace(b"@SRC@", src.encode()))
        out = os.path.join(site, "public")
        before = snapshot(tmp, out)
        out_before = snapshot(out, os.path.join(out, "\0")) if os.path.lexists(out) else None

        rc, _, err = run([mb, "build", "--site", site, "--quiet", "--jobs", "2"] + spec["args"], spec["timeout"])
        check_exit("build", rc, err, spec)
        after = snapshot(tmp, out)
        if before != after:
            changed = sorted(set(before.items()) ^ set(after.items()))
            raise Failure("build changed files outside the output folder: %s" % changed[:10])
        leftovers = [n for n in os.listdir(site) if ".staging-" in n or ".old-" in n]
        if leftovers:
            raise Failure("staging folders left behind: %s" % leftovers)
        if rc == 1 and out_before is None and os.path.lexists(out):
            raise Failure("a failed build left an output folder: %s" % os.listdir(out)[:10])
        if rc == 1 and out_before is not None and snapshot(out, os.path.join(out, "\0")) != out_before:
            raise Failure("a failed build changed the existing output folder")
        if rc == 0:
            problems = check_output(out)
            for p, rx in spec["file"]:
                f = os.path.join(out, p)
                if not os.path.isfile(f):
                    problems.append("missing output file %s" % p)
                elif not re.search(rx, open(f, encoding="utf-8", errors="replace").read(), re.M):
                    problems.append("%s does not match %r" % (p, rx))
            for p, rx in spec["not"]:
                f = os.path.join(out, p)
                if os.path.isfile(f) and re.search(rx, open(f, encoding="utf-8", errors="replace").read(), re.M):
                    problems.append("%s matches %r" % (p, rx))
            for p in spec["nofile"]:
                if os.path.lexists(os.path.join(out, p)):
                    problems.append("output file %s should not exist" % p)
            if problems:
                raise Failure("unsafe output:\n  " + "\n  ".join(problems[:30]))
        if spec["check"]:
            check_args = [a for a in spec["args"] if a not in ("--force",)]
            rc2, _, err2 = run([mb, "check", "--site", site, "--jobs", "2"] + check_args, spec["timeout"])
            check_exit("check", rc2, err2, spec)
        print("ok: %s (exit %d)" % (os.path.basename(case), rc))
        return 0
    except Failure as e:
        print("FAIL: %s: %s" % (os.path.basename(case), e))
        return 1
    finally:
        if keep:
            print("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
