#!/usr/bin/python3
"""Differential conformance suite: minhbach's template engine against Jinja2.

Each case in cases/*.case is materialised into a temporary folder, rendered
with Python's Jinja2 (the reference) and with `minhbach template render`, and
the two results are compared byte for byte. Error cases only need both engines
to fail; minhbach must then print `path:line:col: error: message` with the
line Jinja2 reports. See README.md for the case format.

Run with Debian's interpreter (/usr/bin/python3), which has Jinja2.
"""

import argparse
import concurrent.futures
import difflib
import fnmatch
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")
MAIN = "main.html"
TIMEOUT_SECONDS = 20

SECTION_RE = re.compile(r"^=== (\S+)(?: (.*))?$")
DIAGNOSTIC_RE = re.compile(r"^(.+?):(\d+):(\d+): error: ", re.MULTILINE)
KINDS = ("template", "file", "search", "context", "expect", "note")


class CaseFormatError(Exception):
    pass


class Output:
    """What an engine produced: text, or an error at (file, line)."""

    def __init__(self, text=None, error_file=None, error_line=None, message="", any_line=False):
        self.text = text
        self.error_file = error_file
        self.error_line = error_line
        self.message = message
        self.any_line = any_line  # only "both failed" is compared, not the line

    @property
    def is_error(self):
        return self.text is None

    def location(self):
        if self.error_line is None:
            return self.error_file or "?"
        return "%s:%d" % (self.error_file, self.error_line)


class Case:
    def __init__(self, name, path):
        self.name = name
        self.path = path
        self.template = None
        self.files = {}  # relative path -> text
        self.search = []  # relative folder names
        self.context_text = None
        self.expect = None  # Output from Jinja2, recorded by --bless
        self.expect_minhbach = None  # Output, for deliberate differences
        self.note = None

    def context(self):
        if self.context_text is None or not self.context_text.strip():
            return {}
        return json.loads(self.context_text)


# --- case files ------------------------------------------------------------

def _strip_eol(body, flags, where):
    if "noeol" in flags:
        if not body.endswith("\n"):
            raise CaseFormatError("%s: noeol section must end with a newline" % where)
        return body[:-1]
    return body


def _parse_expect(body, flags, where):
    if "error" in flags:
        first = body.strip().splitlines()[0] if body.strip() else ""
        message = "\n".join(body.strip().splitlines()[1:])
        m = re.match(r"^(\S+?)(?::(\d+))?$", first)
        if not m:
            raise CaseFormatError("%s: expected `FILE[:LINE]`, got %r" % (where, first))
        line = int(m.group(2)) if m.group(2) else None
        return Output(error_file=m.group(1), error_line=line, message=message,
                      any_line="anyline" in flags)
    return Output(text=_strip_eol(body, flags, where))


def parse_case(path):
    name = os.path.basename(path)[: -len(".case")]
    case = Case(name, path)
    with open(path, encoding="utf-8", newline="") as f:
        # Split on "\n" only: other line separators belong to the text.
        lines = re.findall(r"[^\n]*\n|[^\n]+$", f.read())
    sections = []  # (kind, args, body lines, line number)
    for number, line in enumerate(lines, 1):
        m = SECTION_RE.match(line.rstrip("\n"))
        if m and m.group(1) not in KINDS:
            raise CaseFormatError("%s:%d: unknown section %r" % (path, number, m.group(1)))
        if m:
            sections.append((m.group(1), (m.group(2) or "").split(), [], number))
        elif sections:
            sections[-1][2].append(line)
        elif line.strip():
            raise CaseFormatError("%s:%d: text before the first section" % (path, number))
    for kind, args, body_lines, number in sections:
        body = "".join(body_lines)
        where = "%s:%d" % (path, number)
        if kind == "template":
            if case.template is not None:
                raise CaseFormatError("%s: second template section" % where)
            case.template = _strip_eol(body, args, where)
        elif kind == "file":
            if not args:
                raise CaseFormatError("%s: file section needs a name" % where)
            rel = args[0]
            if rel.startswith("/") or ".." in rel.split("/") or rel == MAIN:
                raise CaseFormatError("%s: bad file name %r" % (where, rel))
            case.files[rel] = _strip_eol(body, args[1:], where)
        elif kind == "search":
            case.search.extend(l.strip() for l in body_lines if l.strip())
        elif kind == "context":
            case.context_text = body
        elif kind == "expect":
            if args[:1] == ["minhbach"]:
                case.expect_minhbach = _parse_expect(body, args[1:], where)
            else:
                case.expect = _parse_expect(body, args, where)
        elif kind == "note":
            case.note = body.strip()
    if case.template is None:
        raise CaseFormatError("%s: no template section" % path)
    if case.expect_minhbach is not None and not case.note:
        raise CaseFormatError("%s: `expect minhbach` needs a note explaining why" % path)
    case.context()  # validate JSON early
    return case


def _section(header, text):
    """Serialise a text section exactly, adding `noeol` when needed."""
    for line in text.split("\n"):
        if SECTION_RE.match(line):
            raise CaseFormatError("section text contains a line starting with '=== ': %r" % line)
    if text.endswith("\n") or text == "":
        return "=== %s\n%s" % (header, text)
    return "=== %s noeol\n%s\n" % (header, text)


def _expect_section(header, out):
    if out.is_error:
        body = out.location() + "\n"
        if out.message:
            body += out.message.strip() + "\n"
        return "=== %s error%s\n%s" % (header, " anyline" if out.any_line else "", body)
    return _section(header, out.text)


def serialise_case(case):
    parts = [_section("template", case.template)]
    for rel in case.files:
        text = case.files[rel]
        parts.append(_section("file " + rel, text))
    if case.search:
        parts.append("=== search\n" + "".join(d + "\n" for d in case.search))
    if case.context_text is not None:
        ctx = case.context_text
        parts.append("=== context\n" + ctx + ("" if ctx.endswith("\n") else "\n"))
    if case.expect is not None:
        parts.append(_expect_section("expect", case.expect))
    if case.expect_minhbach is not None:
        parts.append(_expect_section("expect minhbach", case.expect_minhbach))
    if case.note:
        parts.append("=== note\n" + case.note + "\n")
    return "".join(parts)


def materialise(case, root):
    """Write the case's templates under root/tree and its context to root/context.json."""
    tree = os.path.join(root, "tree")
    os.makedirs(tree, exist_ok=True)
    for rel, text in [(MAIN, case.template)] + list(case.files.items()):
        path = os.path.join(tree, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    for d in case.search:
        os.makedirs(os.path.join(tree, *d.split("/")), exist_ok=True)
    context_path = os.path.join(root, "context.json")
    with open(context_path, "w", encoding="utf-8", newline="") as f:
        f.write(case.context_text if case.context_text and case.context_text.strip() else "{}\n")
    search_dirs = [os.path.join(tree, *d.split("/")) for d in case.search]
    return tree, context_path, search_dirs


# --- engines ---------------------------------------------------------------

def _relative(path, tree):
    if path is None:
        return None
    path = os.path.abspath(path)
    if path.startswith(tree + os.sep):
        return os.path.relpath(path, tree).replace(os.sep, "/")
    return path


def render_jinja(tree, context_path, search_dirs):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([tree] + search_dirs),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
    )
    with open(context_path, encoding="utf-8") as f:
        context = json.load(f)
    try:
        return Output(text=env.get_template(MAIN).render(context))
    except Exception as e:  # any failure counts as an error case
        message = "jinja2: %s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
        if isinstance(e, jinja2.TemplateSyntaxError) and e.lineno:
            # Lexer errors carry the template name but no file name.
            where = e.filename or e.name
            where = _relative(where, tree) if os.path.isabs(where) else where
            return Output(error_file=where, error_line=e.lineno, message=message)
        frames = [f for f in traceback.extract_tb(e.__traceback__)
                  if os.path.abspath(f.filename).startswith(tree + os.sep)]
        if frames:
            return Output(error_file=_relative(frames[-1].filename, tree),
                          error_line=frames[-1].lineno, message=message)
        return Output(error_file=MAIN, message=message)


def render_minhbach(binary, tree, context_path, search_dirs):
    cmd = [binary, "template", "render", os.path.join(tree, MAIN), "--context", context_path]
    for d in search_dirs:
        cmd += ["--search", d]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return None, "timed out after %ds" % TIMEOUT_SECONDS, b""
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode == 0:
        try:
            return Output(text=proc.stdout.decode("utf-8")), None, proc.stderr
        except UnicodeDecodeError:
            return None, "stdout is not UTF-8", proc.stderr
    if proc.returncode != 1:
        return None, "exit status %d (expected 0 or 1)\n%s" % (proc.returncode, stderr), proc.stderr
    m = DIAGNOSTIC_RE.search(stderr)
    if not m:
        return None, "exit status 1 but no `path:line:col: error:` diagnostic on stderr:\n" + stderr, proc.stderr
    return (Output(error_file=_relative(m.group(1), tree), error_line=int(m.group(2)),
                   message=stderr.strip()), None, proc.stderr)


# --- comparison ------------------------------------------------------------

def _lines(text):
    lines = text.splitlines(keepends=True)
    return [l if l.endswith("\n") else l + "\n\\ No newline at end of output\n" for l in lines]


def describe(out):
    if out.is_error:
        return ["error at %s\n" % out.location()] + (["  " + out.message + "\n"] if out.message else [])
    return _lines(out.text)


def compare(expected, actual, expected_name, actual_name):
    """Return None when actual matches expected, else a printable explanation."""
    if expected.is_error and actual.is_error:
        if expected.error_line is None or expected.any_line:
            return None
        file_ok = actual.error_file == expected.error_file or (
            actual.error_file or "").endswith("/" + expected.error_file)
        if file_ok and actual.error_line == expected.error_line:
            return None
        return "both failed, but %s reports %s where %s reports %s\n  %s\n" % (
            actual_name, actual.location(), expected_name, expected.location(), actual.message)
    if not expected.is_error and not actual.is_error and expected.text == actual.text:
        return None
    diff = difflib.unified_diff(describe(expected), describe(actual), expected_name, actual_name)
    return "".join(diff)


class Result:
    def __init__(self, case, failure=None, jinja_output=None):
        self.case = case
        self.failure = failure
        self.jinja_output = jinja_output


def run_case(case, args):
    with tempfile.TemporaryDirectory(prefix="minhbach-conf-") as root:
        root = os.path.realpath(root)
        tree, context_path, search_dirs = materialise(case, root)
        reference = None
        problems = []
        if args.have_jinja:
            try:
                reference = render_jinja(tree, context_path, search_dirs)
            except Exception:
                return Result(case, "reference crashed:\n" + traceback.format_exc())
            if args.bless:
                return Result(case, None, reference)
            if case.expect is not None and case.expect.any_line and reference.is_error:
                reference.any_line = True
            if case.expect is None:
                problems.append("no `=== expect` section; run with --bless to record Jinja2's output")
            else:
                why = compare(case.expect, reference, "recorded expect", "jinja2")
                if why:
                    problems.append("Jinja2 no longer matches the recorded expect section:\n" + why)
        else:
            reference = case.expect
            if reference is None:
                return Result(case, "no Jinja2 available and no `=== expect` section")
        if args.minhbach:
            target = case.expect_minhbach or reference
            target_name = "expect minhbach" if case.expect_minhbach else "jinja2"
            actual, broken, _ = render_minhbach(args.minhbach, tree, context_path, search_dirs)
            if broken:
                problems.append("minhbach: " + broken)
            else:
                why = compare(target, actual, target_name, "minhbach")
                if why:
                    problems.append(why)
        return Result(case, "\n".join(problems) if problems else None, reference)


def select_cases(patterns, cases_dir=CASES_DIR):
    names = sorted(f for f in os.listdir(cases_dir) if f.endswith(".case"))
    if patterns:
        def wanted(name):
            return any(fnmatch.fnmatch(name, p) if any(c in p for c in "*?[") else p in name
                       for p in patterns)
        names = [n for n in names if wanted(n)]
    return [os.path.join(cases_dir, n) for n in names]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minhbach", metavar="PATH", help="minhbach binary to test")
    parser.add_argument("--jinja-only", action="store_true",
                        help="only check that Jinja2 still produces each recorded expect section")
    parser.add_argument("--bless", action="store_true",
                        help="rewrite the `=== expect` sections from Jinja2's output")
    parser.add_argument("-k", dest="patterns", action="append", metavar="PATTERN",
                        help="run only cases whose name contains PATTERN (or matches a glob); repeatable")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 4)
    parser.add_argument("--materialise", metavar="DIR",
                        help="write the selected case (exactly one) to DIR and print the commands to run it")
    parser.add_argument("--cases", metavar="DIR", default=CASES_DIR,
                        help="folder of .case files (default: the suite's cases/)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only failures and the summary")
    args = parser.parse_args(argv)

    try:
        import jinja2  # noqa: F401
        args.have_jinja = True
    except ImportError:
        args.have_jinja = False
    if args.jinja_only or args.bless:
        if not args.have_jinja:
            parser.error("Jinja2 is not importable by %s; use /usr/bin/python3" % sys.executable)
        args.minhbach = None
    elif not args.minhbach and not args.materialise:
        parser.error("give --minhbach PATH, or --jinja-only")
    if args.minhbach:
        args.minhbach = os.path.abspath(args.minhbach)
        if not os.access(args.minhbach, os.X_OK):
            parser.error("not an executable: %s" % args.minhbach)

    paths = select_cases(args.patterns, args.cases)
    if not paths:
        print("no cases selected")
        return 1
    cases = []
    for p in paths:
        try:
            cases.append(parse_case(p))
        except (CaseFormatError, ValueError) as e:
            print("%s: bad case: %s" % (p, e))
            return 1

    if args.materialise:
        if len(cases) != 1:
            parser.error("--materialise needs exactly one case selected with -k (got %d)" % len(cases))
        tree, context_path, search_dirs = materialise(cases[0], os.path.abspath(args.materialise))
        cmd = ["minhbach", "template", "render", os.path.join(tree, MAIN), "--context", context_path]
        for d in search_dirs:
            cmd += ["--search", d]
        print(" ".join(cmd))
        return 0

    if not args.have_jinja:
        print("note: Jinja2 not importable; comparing against the recorded expect sections")
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda c: run_case(c, args), cases))

    if args.bless:
        changed = 0
        for r in results:
            if r.failure:
                print("FAIL %s\n%s" % (r.case.name, r.failure))
                continue
            if r.case.expect is not None and r.case.expect.any_line and r.jinja_output.is_error:
                r.jinja_output.any_line = True
            r.case.expect = r.jinja_output
            text = serialise_case(r.case)
            with open(r.case.path, encoding="utf-8", newline="") as f:
                old = f.read()
            if text != old:
                # Reparse to prove the file round-trips before writing it.
                with open(r.case.path, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
                again = parse_case(r.case.path)
                if again.template != r.case.template or again.files != r.case.files:
                    print("%s: does not round-trip" % r.case.path)
                    return 1
                changed += 1
                print("blessed %s" % r.case.name)
        print("%d case(s) rewritten" % changed)
        return 0

    failed = 0
    for r in results:
        if r.failure:
            failed += 1
            print("FAIL %s\n%s\n" % (r.case.name, r.failure.rstrip("\n")))
        elif not args.quiet:
            print("ok   %s" % r.case.name)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
