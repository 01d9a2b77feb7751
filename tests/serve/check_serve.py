#!/usr/bin/env python3
"""`minhbach serve` end to end: start it on a free loopback port on a copy of
tests/sites/basic, fetch pages, check content types and the injected reload
script, edit a page and see the change, break the build and see the error
while the last good build stays online, and try path traversal.

usage: check_serve.py MINHBACH SOURCE_DIR"""
import http.client, json, os, re, shutil, signal, subprocess, sys, tempfile, time, urllib.request

mb, src = sys.argv[1], sys.argv[2]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


tmp = tempfile.mkdtemp(prefix="mb-serve-test-")
site = os.path.join(tmp, "site")
shutil.copytree(os.path.join(src, "tests/sites/basic"), site)
cfg = os.path.join(site, "site.yaml")
with open(cfg, encoding="utf-8") as f:
    text = f.read()
with open(cfg, "w", encoding="utf-8") as f:
    f.write(re.sub(r'themes: .*', 'themes: "%s"' % os.path.join(src, "themes"), text))

proc = subprocess.Popen([mb, "serve", "--site", site, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        text=True)
try:
    url = out_dir = None
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"serving (http://127\.0\.0\.1:(\d+)/) \(building into (.*)\)", line)
        if m:
            url, port, out_dir = m.group(1), int(m.group(2)), m.group(3)
            break
    if not url:
        print("FAIL: serve printed no address:", proc.stderr.read() if proc.poll() is not None else "")
        sys.exit(1)

    def get(path):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path)  # sent as is: no client-side normalisation
        r = conn.getresponse()
        body = r.read()
        conn.close()
        return r.status, r.getheader("Content-Type") or "", body

    def wait_for(path, predicate, seconds=20):
        end = time.time() + seconds
        while time.time() < end:
            status, ctype, body = get(path)
            if predicate(status, body):
                return True
            time.sleep(0.1)
        return False

    # pages, content types, the reload script only in served HTML
    status, ctype, body = get("/")
    check(status == 200 and ctype.startswith("text/html"), "home page: %s %s" % (status, ctype))
    tag = b'<script src="/__minhbach/reload.js" defer></script>'
    check(tag in body, "home page carries the reload script tag")
    with open(os.path.join(out_dir, "index.html"), "rb") as f:
        check(tag not in f.read(), "the built file has no reload script")
    for path, want in [("/css/site.css", "text/css"), ("/__minhbach/reload.js", "text/javascript"),
                       ("/sitemap.xml", "application/xml"), ("/du-lieu/datapackage.json", "application/json"),
                       ("/tin-tuc/bai-mot/", "text/html")]:
        status, ctype, _ = get(path)
        check(status == 200 and ctype.startswith(want), "%s: %s %s (want %s)" % (path, status, ctype, want))
    status, _, _ = get("/tin-tuc")
    check(status == 301, "folder without slash redirects (%s)" % status)
    status, ctype, _ = get("/khong-co/")
    check(status == 404, "missing page is 404 (%s)" % status)
    status, ctype, body = get("/__minhbach/state")
    check(status == 200 and json.loads(body)["ok"], "state after the first build is ok")

    # server-sent events: the first event is the current state
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/__minhbach/events")
    r = conn.getresponse()
    check(r.getheader("Content-Type", "").startswith("text/event-stream"), "events content type")
    first = b""
    while b"\n\n" not in first:
        first += r.read1(4096)
    check(first.startswith(b"event: state\ndata: {"), "first event is the state: %r" % first[:60])
    conn.close()

    # traversal: 403 or 404, never the file
    os.symlink("/etc", os.path.join(out_dir, "evil"))
    for path in ["/../site.yaml", "/%2e%2e/site.yaml", "/%2E%2E%2Fsite.yaml", "/tin-tuc/..%2f..%2fsite.yaml",
                 "/..%5c..%5csite.yaml", "//etc/passwd", "/%2fetc%2fpasswd", "/evil/passwd", "/evil/",
                 "/./index.html", "/%00/index.html", "/tin-tuc/%2e%2e/%2e%2e/site.yaml"]:
        status, _, body = get(path)
        check(status in (403, 404), "%s answered %s" % (path, status))
        check(b"root:" not in body and b"title:" not in body, "%s leaked a file" % path)
    os.remove(os.path.join(out_dir, "evil"))

    # an edit is reflected
    page = os.path.join(site, "content/tin-tuc/bai-mot.md")
    with open(page, encoding="utf-8") as f:
        text = f.read()
    with open(page, "w", encoding="utf-8") as f:
        f.write(text.replace('title: "Bài một', 'title: "Bài một đã sửa', 1))
    check(wait_for("/tin-tuc/bai-mot/", lambda s, b: s == 200 and "Bài một đã sửa".encode() in b),
          "edited title shows up")
    # the open page is rendered first; the rest of the site follows (the list)
    check(wait_for("/tin-tuc/", lambda s, b: s == 200 and "Bài một đã sửa".encode() in b),
          "edited title shows up in the section list too")
    with open(os.path.join(out_dir, "tin-tuc/bai-mot/index.html"), encoding="utf-8") as f:
        check("Bài một đã sửa" in f.read(), "the edit is written to the build folder")
    # an edit of the same length with the modification time put back is still
    # seen (the content cache compares bytes, not just times)
    before = os.stat(page)
    with open(page, encoding="utf-8") as f:
        text2 = f.read()
    with open(page, "w", encoding="utf-8") as f:
        f.write(text2.replace("Bài một đã sửa", "Bài một đã xửa", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    check(wait_for("/tin-tuc/bai-mot/", lambda s, b: s == 200 and "Bài một đã xửa".encode() in b),
          "same-size edit with the old modification time shows up")
    with open(page, "w", encoding="utf-8") as f:
        f.write(text2)
    check(wait_for("/tin-tuc/bai-mot/", lambda s, b: s == 200 and "Bài một đã sửa".encode() in b),
          "edit back shows up")

    # a broken page: the error with path:line:col, the last good build still served
    broken = os.path.join(site, "content/tin-tuc/hong.md")
    with open(broken, "w", encoding="utf-8") as f:
        f.write("---\ntitle: x\ndate: 2026-13-45\n---\nbody\n")
    check(wait_for("/__minhbach/state", lambda s, b: not json.loads(b)["ok"]), "broken build reported")
    state = json.loads(get("/__minhbach/state")[2])
    check("content/tin-tuc/hong.md:3:7: error:" in state["error"], "error has path:line:col: %r" % state["error"])
    status, _, body = get("/tin-tuc/bai-mot/")
    check(status == 200 and "Bài một đã sửa".encode() in body, "last good build still served")
    os.remove(broken)
    check(wait_for("/__minhbach/state", lambda s, b: json.loads(b)["ok"]), "fixed build is ok again")
finally:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        failures.append("serve did not stop on SIGTERM")
    shutil.rmtree(tmp, ignore_errors=True)

check(proc.returncode == 0, "serve exit code %s" % proc.returncode)
if out_dir:
    check(not os.path.exists(out_dir), "private build folder removed on exit")
print("serve: %d failed" % len(failures) if failures else "serve: all checks passed")
sys.exit(1 if failures else 0)
