#!/usr/bin/python3
"""Runs the commands of the Vietnamese user guide (docs/huong-dan/*.md) and
compares what they print with what the guide shows.

Each page runs in a fresh copy of the example site (site.yaml, content/,
data/, themes/ and docs/huong-dan/ of the repository), in page order:

  ```console
  $ minhbach check            a command (run with bash in the site folder)
  ok: … pages checked         what it prints (stdout and stderr together)
  ```

In the expected text "…" stands for any text within a line, and a line
holding only "…" for any number of lines. A comment line
`<!-- chạy: COMMAND -->` runs COMMAND without showing it (for what a clerk
does in a text editor); it must succeed. Blocks in other languages (```sh)
are not run.

usage: guide.py MINHBACH SOURCE_DIR [--show]   (--show prints what each command printed)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def matches(expected, actual):
    """Expected lines (with … wildcards) against actual lines."""
    def line_ok(e, a):
        if "…" not in e:
            return e == a
        parts = [re.escape(p) for p in e.split("…")]
        return re.fullmatch(".*".join(parts), a, re.S) is not None

    def go(i, j):
        if i == len(expected):
            return j == len(actual)
        if expected[i] == "…":
            return any(go(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and line_ok(expected[i], actual[j]) and go(i + 1, j + 1)

    return go(0, 0)


def steps(text):
    """(kind, command, expected lines, line number) in page order."""
    out = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"\s*<!-- chạy: (.*) -->\s*$", line)
        if m:
            out.append(("hidden", m.group(1), [], i + 1))
        elif line.strip() == "```console":
            i += 1
            cmd = None
            while i < len(lines) and lines[i].strip() != "```":
                l = lines[i]
                if l.startswith("$ "):
                    cmd = ["run", l[2:], [], i + 1]
                    out.append(cmd)
                elif cmd is not None:
                    cmd[2].append(l)
                i += 1
        i += 1
    return out


def main():
    mb, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    show = "--show" in sys.argv
    guide = os.path.join(src, "docs", "huong-dan")
    pages = sorted(f for f in os.listdir(guide) if re.match(r"\d\d-.*\.md$", f))
    failures = 0
    ran = 0
    with tempfile.TemporaryDirectory() as tmp:
        bindir = os.path.join(tmp, "bin")
        os.makedirs(bindir)
        os.symlink(mb, os.path.join(bindir, "minhbach"))
        os.symlink("/usr/bin/python3", os.path.join(bindir, "python3"))
        env = {"PATH": bindir + ":/usr/bin:/bin", "HOME": tmp, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        for page in pages:
            site = os.path.join(tmp, page[:-3], "site")
            os.makedirs(site)
            for name in ("site.yaml", "content", "data", "themes", "static"):
                p = os.path.join(src, name)
                if os.path.isdir(p):
                    shutil.copytree(p, os.path.join(site, name))
                elif os.path.exists(p):
                    shutil.copy(p, site)
            shutil.copytree(guide, os.path.join(site, "docs", "huong-dan"))
            with open(os.path.join(guide, page), encoding="utf-8") as f:
                text = f.read()
            for kind, cmd, expected, lineno in steps(text):
                r = subprocess.run(["bash", "-c", cmd], cwd=site, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
                ran += 1
                actual = r.stdout.decode("utf-8", "replace").rstrip("\n")
                actual_lines = [l.rstrip() for l in actual.split("\n")] if actual else []
                if show:
                    print(f"--- {page}:{lineno}: $ {cmd}  (exit {r.returncode})\n{actual}")
                if kind == "hidden":
                    if r.returncode != 0:
                        print(f"FAIL {page}:{lineno}: hidden step failed: {cmd}\n{actual}")
                        failures += 1
                    continue
                while expected and expected[-1].strip() == "":
                    expected.pop()
                if not matches([l.rstrip() for l in expected], actual_lines):
                    failures += 1
                    print(f"FAIL {page}:{lineno}: $ {cmd}\n--- the guide shows:\n" + "\n".join(expected) +
                          f"\n--- the command printed (exit {r.returncode}):\n{actual}\n")
    print(f"{ran} commands from {len(pages)} pages, {failures} differ from the guide")
    return 1 if failures or ran == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
