#!/usr/bin/env python3
"""Native installs are pip's: pyvenv's installer against pip, file by file.

Usage:
    python3 compare.py --pyvenv BIN --python PY --workdir DIR [--keep] [-v]

Builds a wheelhouse in DIR/wheels for the interpreter PY, then makes
environments from the same requirements and compares them:

  A   pyvenv create --no-cache --installer native -r locked.txt
      (every requirement name==version, the closure pinned: no pip at all)
  B   pyvenv create --no-cache --installer pip -r locked.txt
  C   PY -m venv, then C/bin/python -m pip install --no-compile -r locked.txt
  A2  --installer native -r unpinned.txt (pip resolves, pyvenv installs)
  B2  --installer pip -r unpinned.txt
  A3-*  --installer native, one edge wheel each (wheels pip takes that a
        stricter reader might refuse: a sha512 RECORD, odd zip modes)
  B3    --installer pip -r edge.txt (all of them)
  A4  --without-pip --installer native, C4 venv --without-pip + pip run
      from the bundled wheel: setuptools rebuilt, when that is the only
      real distribution the interpreter has (A and B hold one already)

The wheelhouse: a pure wheel with console and gui scripts (a dotted
attribute, an entry point with extras, names without blanks), .data/scripts
(#!python, #!python with arguments and CRLF, #!pythonw, a shell script, one
without its executable bit), .data/headers, .data/data, .data/purelib; a
compiled extension (built here with gcc against PY's headers, EXT_SUFFIX)
as a cpXY-cpXY-linux wheel and a manylinux_2_17 one; a namespace package
from two wheels; extras (name[feat]==1.0 pulling a dependency); markers that
exclude a dependency and a requirement (python_version < "3"); a project
whose name is spelled differently in the requirement; entry-point names
pip treats specially (pip9.9.9, easy_install-3, a gui script pip2.7); a RECORD
row without a hash; a wheel named by its path and one by a file: URL with
#sha256= (direct_url.json, as each pip version writes it); several
wheels of one name and version with different tags, builds, spellings of
the version, a local version, ties in tag and ties across two --find-links
directories, and tags this interpreter does not support; and, when PY's
site-packages has one, a wheel rebuilt from a real installed distribution
(wheelhouse.py builds all of it).

Compared between a native and a pip environment: the same files, links and
empty directories under the environment (site-packages, bin/, include/,
share/...: __pycache__, *.pyc, pip's and setuptools' own files, bin/python*
and bin/activate* left out), with the same modes and contents once the
environment's path is replaced by <ENV>; INSTALLER "pyvenv" against "pip";
RECORD the same set of rows apart from INSTALLER's (rows of files that hold
the environment's path by path only), and every row true to its file;
console scripts compared by what they import and call (pyvenv writes its
own body, templates/console_script.py, by design: said as a note), and
the interpreter a #! names as <ENV>/bin/<python>;
REQUESTED for the same distributions; direct_url.json equal. Which wheel of
a name was installed is reported by its tag.

Then in A (and B, the same way): every script's #! runs the environment's
own python; no bytecode was written; pip list names every distribution at
B's and C's versions; pip check passes; pip show -f lists files that exist;
the console, gui and data scripts run with the environment's sys.prefix;
the extension imports and adds; pip uninstall -y of natively installed
distributions removes all their files and scripts, and leaves A as pip's
uninstall leaves B.

Prints PASS/FAIL/SKIP per check, then "compare: N passed, N failed, N skipped
in S s". Exit 0 all passed, 1 any failed, 77 when PY cannot run the test at
all (the reason is printed), 2 usage error. Standard library only; runs
under any Python 3.8+ (PY may be another one).
"""

import argparse
import csv
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "parity"))

import wheelgen  # noqa: E402
from wheelhouse import (OWN_DISTS, House, build_choices, build_edge, build_extension,  # noqa: E402
                        build_others, build_pure, canonical, rebuild_real_dist, record_hash, tags_for,
                        write_reqs)

RUN_TIMEOUT = 600
SKIP_EXIT = 77


# --- reporting ------------------------------------------------------------------

class Report:
    def __init__(self, verbose):
        self.verbose = verbose
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print("PASS: %s" % what)
            if detail and self.verbose:
                print(indent(detail))
        else:
            self.failed += 1
            self.failures.append(what)
            print("FAIL: %s" % what)
            if detail:
                print(indent(detail))
        sys.stdout.flush()
        return ok

    def skip(self, what, why):
        self.skipped += 1
        print("SKIP: %s: %s" % (what, why))
        sys.stdout.flush()

    def note(self, text):
        print("  %s" % text)
        sys.stdout.flush()


def indent(text, prefix="    "):
    return "\n".join(prefix + line for line in str(text).rstrip("\n").split("\n"))


def limited(lines, n=25):
    lines = list(lines)
    if len(lines) > n:
        return lines[:n] + ["... and %d more" % (len(lines) - n)]
    return lines


# --- processes ------------------------------------------------------------------

def clean_env(extra=None):
    """os.environ without what changes how Python, venv or pip behave."""
    env = {}
    for key, value in os.environ.items():
        if key.startswith("PYTHON") or key.startswith("PIP_"):
            continue
        if key in ("VIRTUAL_ENV", "VIRTUAL_ENV_PROMPT", "__PYVENV_LAUNCHER__", "CONDA_PREFIX"):
            continue
        env[key] = value
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    env["LC_ALL"] = "C.UTF-8"
    if extra:
        env.update(extra)
    return env


def run(cmd, cwd=None, env=None, timeout=RUN_TIMEOUT):
    """(returncode, stdout, stderr) of cmd, as text; never raises."""
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env if env is not None else clean_env(),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, "", "timed out after %s s: %s" % (timeout, " ".join(cmd))
    except OSError as exc:
        return 127, "", "cannot run %s: %s" % (cmd[0], exc)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


def tail(text, n=30):
    lines = text.rstrip("\n").split("\n")
    return "\n".join(lines[-n:])


PROBE = r"""
import importlib.util, json, os, platform, site, sys, sysconfig
paths = sysconfig.get_paths()


def pip_wheels():
    try:
        import ensurepip
    except ImportError:
        return []
    dirs = [os.path.join(os.path.dirname(ensurepip.__file__), "_bundled"), getattr(ensurepip, "_WHEEL_PKG_DIR", None)]
    return [os.path.join(d, n) for d in dirs if d and os.path.isdir(d) for n in os.listdir(d)
            if n.startswith("pip-") and n.endswith(".whl")]


dirs = []
for d in [paths.get("purelib"), paths.get("platlib")] + list(getattr(site, "getsitepackages", lambda: [])()):
    if d and d not in dirs:
        dirs.append(d)
print(json.dumps({
    "version": "%d.%d.%d" % sys.version_info[:3],
    "major": sys.version_info[0], "minor": sys.version_info[1],
    "impl": sys.implementation.name,
    "abiflags": getattr(sys, "abiflags", ""),
    "platform": sysconfig.get_platform(),
    "include": paths.get("include"), "platinclude": paths.get("platinclude"),
    "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX"),
    "libc": list(platform.libc_ver()),
    "site": dirs,
    "has_venv": importlib.util.find_spec("venv") is not None,
    "has_ensurepip": importlib.util.find_spec("ensurepip") is not None,
    "pip_wheels": pip_wheels(),
}))
"""


def probe(python):
    """(facts, None), or (None, why): False when it does not run at all."""
    rc, out, err = run([python, "-c", "pass"])
    if rc != 0:
        return False, "'%s' does not run: %s" % (python, tail(err or out, 5))
    rc, out, err = run([python, "-c", PROBE])
    if rc != 0:
        return None, "the probe fails in '%s': %s" % (python, tail(err or out, 5))
    try:
        return json.loads(out), None
    except ValueError:
        return None, "'%s' printed no probe answer: %s" % (python, out[:200])


# --- environments ---------------------------------------------------------------

def site_packages(env):
    lib = os.path.join(env, "lib")
    for d in sorted(os.listdir(lib)) if os.path.isdir(lib) else []:
        sp = os.path.join(lib, d, "site-packages")
        if d.startswith("python") and os.path.isdir(sp):
            return sp
    return None


def dist_infos(env):
    sp = site_packages(env)
    return sorted(d for d in os.listdir(sp) if d.endswith(".dist-info")) if sp else []


def dist_project(dist_info):
    return canonical(dist_info[:-len(".dist-info")].rsplit("-", 1)[0])


def read_record(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [r for r in csv.reader(f) if r]


IGNORED_TOP = re.compile(r"^(pyvenv\.cfg|\.gitignore|lib64|bin/(python[0-9.]*t?|activate(\.[a-z]+)?|Activate\.ps1))$")


def own_paths(env, own_dists=OWN_DISTS):
    """Paths (relative to env) of pip's and setuptools' own distributions."""
    sp = site_packages(env)
    rel_sp = os.path.relpath(sp, env)
    out = set()
    for di in dist_infos(env):
        if dist_project(di) not in own_dists:
            continue
        out.add(os.path.join(rel_sp, di))
        rec = os.path.join(sp, di, "RECORD")
        if os.path.exists(rec):
            for row in read_record(rec):
                out.add(os.path.normpath(os.path.join(rel_sp, row[0])))
    return out


# The console-script bodies: pip's (distlib's ScriptMaker) and pyvenv's own
# (templates/console_script.py), told apart and compared by what they import
# and call: pyvenv writes its own body by design (tests/parity accepts it).
PIP_BODY = re.compile(
    rb"# -\*- coding: utf-8 -\*-\nimport re\nimport sys\nfrom (\S+) import (\S+)\n"
    rb"if __name__ == '__main__':\n"
    rb"    sys\.argv\[0\] = re\.sub\(r'\(-script\\\.pyw\|\\\.exe\)\?\$', '', sys\.argv\[0\]\)\n"
    rb"    sys\.exit\((\S+)\(\)\)\n\Z")
PYVENV_BODY = re.compile(
    rb"# -\*- coding: utf-8 -\*-\nimport sys\nfrom (\S+) import (\S+)\n"
    rb'if __name__ == "__main__":\n'
    rb"    sys\.exit\((\S+)\(\)\)\n\Z")
# The interpreter a script names: the environment's bin/python, python3 or
# pythonX.Y (pyvenv runs pip as bin/python3; pip writes sys.executable).
ENV_PYTHON = re.compile(rb"<ENV>/bin/python[0-9.]*t?(?=[\s'\"])")
TRAMPOLINE = b"#!/bin/sh\n'''exec' "
BODIES = {"pyvenv": 0}


def normalise_script(data):
    """A script with <ENV> in its #! or /bin/sh trampoline: the interpreter
    as <ENV>/bin/<python>, a console-script body as what it imports and
    calls."""
    lines = 3 if data.startswith(TRAMPOLINE) else 1
    parts = data.split(b"\n", lines)
    if len(parts) <= lines:
        return data
    head, body = b"\n".join(parts[:lines]) + b"\n", parts[lines]
    if b"<ENV>" not in head:
        return data
    head = ENV_PYTHON.sub(b"<ENV>/bin/<python>", head)
    for which, pattern in (("pip", PIP_BODY), ("pyvenv", PYVENV_BODY)):
        m = pattern.match(body)
        if m:
            if which == "pyvenv":
                BODIES["pyvenv"] += 1
            body = b"<console script: from %s import %s; sys.exit(%s())>\n" % m.groups()
    return head + body


def snapshot(env, own_dists=OWN_DISTS):
    """{relpath: (kind, mode, data)} for what the comparison covers, and the
    set of empty directories."""
    env = os.path.abspath(env)
    own = own_paths(env, own_dists)
    marks = sorted({env, os.path.realpath(env)}, key=len, reverse=True)
    files, empty = {}, set()

    def ignored(rel):
        parts = rel.split(os.sep)
        if IGNORED_TOP.match(rel) or "__pycache__" in parts or rel.endswith(".pyc"):
            return True
        return any(rel == o or rel.startswith(o + os.sep) for o in own if o.endswith(".dist-info")) or rel in own

    for root, dirs, names in os.walk(env):
        rel_root = os.path.relpath(root, env)
        for d in list(dirs):
            rel = os.path.normpath(os.path.join(rel_root, d))
            full = os.path.join(root, d)
            if os.path.islink(full):
                dirs.remove(d)
                names.append(d)
            elif ignored(rel):
                dirs.remove(d)
        if rel_root != "." and not names and not dirs and not ignored(rel_root):
            if not os.listdir(root):
                empty.add(rel_root)
        for n in names:
            rel = os.path.normpath(os.path.join(rel_root, n))
            if ignored(rel):
                continue
            full = os.path.join(root, n)
            st = os.lstat(full)
            if os.path.islink(full):
                files[rel] = ("link", 0, os.readlink(full).encode())
                continue
            with open(full, "rb") as f:
                data = f.read()
            for m in marks:
                data = data.replace(m.encode(), b"<ENV>")
            if data.startswith(b"#!"):
                data = normalise_script(data)
            files[rel] = ("file", st.st_mode & 0o7777, data)
    return files, empty


def show_bytes(data, limit=400):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "<%d bytes, sha256 %s>" % (len(data), hashlib.sha256(data).hexdigest()[:16])
    return repr(text if len(text) <= limit else text[:limit] + "...")


def record_rows(env, di):
    rows = {}
    for row in read_record(os.path.join(site_packages(env), di, "RECORD")):
        rows[row[0]] = tuple(row[1:3]) if len(row) >= 3 else tuple(row[1:]) + ("",) * (3 - len(row))
    return rows


def compare_envs(rep, label, x, y, x_installer, y_installer, own_dists=OWN_DISTS):
    """x (native) against y (pip): files, modes, contents, RECORD, INSTALLER,
    REQUESTED, direct_url.json."""
    BODIES["pyvenv"] = 0
    fx, ex = snapshot(x, own_dists)
    fy, ey = snapshot(y, own_dists)
    special = re.compile(r"\.dist-info/(RECORD|INSTALLER)$")
    only_x = sorted(set(fx) - set(fy))
    only_y = sorted(set(fy) - set(fx))
    rep.check(not only_x and not only_y, "%s: the same files" % label,
              "\n".join(limited(["only in %s: %s" % (os.path.basename(x), p) for p in only_x] +
                                ["only in %s: %s" % (os.path.basename(y), p) for p in only_y])))
    rep.check(ex == ey, "%s: the same empty directories" % label,
              "\n".join(limited(["only in %s: %s/" % (os.path.basename(x), p) for p in sorted(ex - ey)] +
                                ["only in %s: %s/" % (os.path.basename(y), p) for p in sorted(ey - ex)])))
    common = sorted(set(fx) & set(fy))
    modes = ["%s: %s %s, %s %s" % (p, os.path.basename(x), oct(fx[p][1]), os.path.basename(y), oct(fy[p][1]))
             for p in common if fx[p][:2] != fy[p][:2]]
    rep.check(not modes, "%s: the same types and modes" % label, "\n".join(limited(modes)))
    diffs = []
    for p in common:
        if special.search(p) or fx[p][2] == fy[p][2]:
            continue
        diffs.append("%s:\n  %s: %s\n  %s: %s" % (p, os.path.basename(x), show_bytes(fx[p][2]),
                                                  os.path.basename(y), show_bytes(fy[p][2])))
    rep.check(not diffs, "%s: the same contents (the environment's path as <ENV>)" % label,
              "\n".join(limited(diffs, 12)))
    if BODIES["pyvenv"]:
        rep.note("%s: %d console scripts have pyvenv's own body (templates/console_script.py, by design; "
                 "pip's also strips -script.pyw/.exe from sys.argv[0]): compared by what they import and call"
                 % (os.path.basename(x), BODIES["pyvenv"]))
    # INSTALLER
    bad = []
    for p in common:
        if p.endswith(".dist-info/INSTALLER") and not any(p.endswith(o) for o in ()):
            want = (x_installer + "\n").encode(), (y_installer + "\n").encode()
            if (fx[p][2], fy[p][2]) != want:
                bad.append("%s: %s %s, %s %s" % (p, os.path.basename(x), show_bytes(fx[p][2]),
                                                 os.path.basename(y), show_bytes(fy[p][2])))
    rep.check(not bad, "%s: INSTALLER is %r against %r" % (label, x_installer, y_installer), "\n".join(bad))
    # RECORD: the same rows but INSTALLER's, every row true to its file
    dx = [d for d in dist_infos(x) if dist_project(d) not in own_dists]
    dy = [d for d in dist_infos(y) if dist_project(d) not in own_dists]
    bad = []
    for di in sorted(set(dx) & set(dy)):
        rx, ry = record_rows(x, di), record_rows(y, di)
        for rows in (rx, ry):
            rows.pop(di + "/INSTALLER", None)
        for path in sorted(set(rx) | set(ry)):
            if path not in ry:
                bad.append("%s: row only in %s: %s,%s" % (di, os.path.basename(x), path, ",".join(rx[path])))
            elif path not in rx:
                bad.append("%s: row only in %s: %s,%s" % (di, os.path.basename(y), path, ",".join(ry[path])))
            elif rx[path] != ry[path]:
                rel = os.path.normpath(os.path.join(os.path.relpath(site_packages(x), x), path))
                holds_env = rel in fx and b"<ENV>" in fx[rel][2]
                if not holds_env:
                    bad.append("%s: %s: %s %s, %s %s" % (di, path, os.path.basename(x), ",".join(rx[path]),
                                                          os.path.basename(y), ",".join(ry[path])))
    rep.check(not bad, "%s: RECORD rows the same (INSTALLER's aside)" % label, "\n".join(limited(bad)))
    for env in (x, y):
        problems = record_true(env, own_dists)
        rep.check(not problems, "%s: %s's RECORD rows match its files" % (label, os.path.basename(env)),
                  "\n".join(limited(problems)))
    # REQUESTED, direct_url.json (also in the file comparison; said apart)
    req = [{d for d in ds if os.path.exists(os.path.join(site_packages(e), d, "REQUESTED"))}
           for e, ds in ((x, dx), (y, dy))]
    rep.check(req[0] == req[1], "%s: REQUESTED for the same distributions" % label,
              "%s: %s\n%s: %s" % (os.path.basename(x), sorted(req[0]), os.path.basename(y), sorted(req[1])))
    du = {}
    for e in (x, y):
        for d in dist_infos(e):
            p = os.path.join(site_packages(e), d, "direct_url.json")
            if os.path.exists(p):
                with open(p, "rb") as f:
                    du.setdefault(d, {})[os.path.basename(e)] = f.read()
    bad = ["%s: %s" % (d, {k: show_bytes(v) for k, v in v.items()}) for d, v in sorted(du.items())
           if len(set(v.values())) != 1 or len(v) != 2]
    rep.check((du or own_dists != OWN_DISTS) and not bad, "%s: direct_url.json equal (%s)" % (label, ", ".join(sorted(du)) or "none"),
              "\n".join(bad))
    return fx, fy


def tree_diff(fa, fb, la, lb):
    """What differs between two snapshots, RECORD and INSTALLER aside."""
    out = []
    for p in sorted(set(fa) | set(fb)):
        if re.search(r"\.dist-info/(RECORD|INSTALLER)$", p) or fa.get(p) == fb.get(p):
            continue
        if p not in fa or p not in fb:
            out.append("%s: only in %s" % (p, la if p in fa else lb))
        elif fa[p][:2] != fb[p][:2]:
            out.append("%s: %s %s %s, %s %s %s" % (p, la, fa[p][0], oct(fa[p][1]), lb, fb[p][0], oct(fb[p][1])))
        else:
            out.append("%s: contents differ: %s %s, %s %s" % (p, la, show_bytes(fa[p][2], 120), lb,
                                                              show_bytes(fb[p][2], 120)))
    return out


def record_true(env, own_dists=OWN_DISTS):
    sp = site_packages(env)
    problems = []
    for di in dist_infos(env):
        if dist_project(di) in own_dists:
            continue
        for row in read_record(os.path.join(sp, di, "RECORD")):
            path = os.path.normpath(os.path.join(sp, row[0]))
            if not os.path.lexists(path):
                problems.append("%s lists %s, which is not there" % (di, row[0]))
                continue
            if len(row) < 3 or not row[1]:
                continue
            algo = row[1].split("=", 1)[0]
            with open(path, "rb") as f:
                data = f.read()
            if record_hash(data, algo) != row[1] or (row[2] and int(row[2]) != len(data)):
                problems.append("%s: %s is %s,%d, RECORD says %s,%s" % (di, row[0], record_hash(data, algo),
                                                                      len(data), row[1], row[2]))
    return problems


def installed_tag(env, project):
    """TAG of the installed module of project (which wheel was installed)."""
    sp = site_packages(env)
    p = os.path.join(sp, project.replace("-", "_"), "__init__.py")
    tag_py = os.path.join(sp, project, "_tag.py")
    for f in (tag_py, p):
        if os.path.exists(f):
            with open(f) as fh:
                m = re.search(r"TAG = (.*)", fh.read())
                if m:
                    return m.group(1)
    return "(not installed)"


def check_choices(rep, label, house, x, y):
    for project, what in sorted(house.choices.items()):
        a, b = installed_tag(x, project), installed_tag(y, project)
        rep.check(a == b, "%s: %s: the wheel pip chose (%s)" % (label, project, b),
                  "%s\n%s installed %s, %s installed %s" % (what, os.path.basename(x), a, os.path.basename(y), b))


# --- inside an environment ------------------------------------------------------

def env_run(env, args, cwd=None):
    return run(args, cwd=cwd, env=clean_env())


def shebang_python(path):
    """The interpreter a script's #! (or /bin/sh trampoline) runs, or None
    for a script that is no Python script."""
    with open(path, "rb") as f:
        head = f.read(4096).decode("utf-8", "replace")
    lines = head.split("\n")
    if not lines[0].startswith("#!"):
        return None
    if lines[0].rstrip("\r") == "#!/bin/sh":
        if len(lines) > 1 and lines[1].startswith("'''exec' "):
            words = shlex.split(lines[1][len("'''exec' "):])
            return words[0] if words else ""
        return None
    words = lines[0][2:].strip().split()
    return words[0] if words else ""


def check_scripts(rep, env, house):
    name = os.path.basename(env)
    bindir = os.path.join(env, "bin")
    own = own_paths(env)
    bad, seen = [], 0
    for n in sorted(os.listdir(bindir)):
        rel = os.path.join("bin", n)
        full = os.path.join(bindir, n)
        if IGNORED_TOP.match(rel) or rel in own or os.path.islink(full) or not os.path.isfile(full):
            continue
        py = shebang_python(full)
        if py is None:
            continue
        seen += 1
        if not (py.startswith(os.path.join(env, "bin", "python")) and os.path.exists(py)):
            bad.append("%s runs %r" % (rel, py))
    rep.check(seen and not bad, "%s: the #! of its %d Python scripts runs its own python" % (name, seen),
              "\n".join(bad))
    for script, expect in sorted(house.scripts.items()):
        path = os.path.join(bindir, script)
        rc, out, err = env_run(env, [path])
        if expect is None:
            ok = rc == 0 and out.strip() == "pure-sh"
        else:
            ok = rc == 0 and out.strip() == "%s %s" % (expect, env)
        rep.check(ok, "%s: bin/%s runs" % (name, script), "exit %d, stdout %r, stderr %s" % (rc, out, tail(err, 5)))
    py = os.path.join(env, "bin", "python")
    code = "import ns.a, ns.b, feat, featdep, pure_extra; print(ns.a.A + ns.b.B, featdep.V)"
    rc, out, err = env_run(env, [py, "-c", code])
    rep.check(rc == 0 and out.strip() == "ab 1.0", "%s: the namespace package, extras and .data/purelib import"
              % name, "exit %d, %r %s" % (rc, out, tail(err, 5)))
    if house.ext:
        code = "import cext, cext_pure, cext_plat; print(cext.add(2, 3), cext.TAG)"
        rc, out, err = env_run(env, [py, "-c", code])
        rep.check(rc == 0 and out.split()[:1] == ["5"], "%s: the extension imports and runs: %s" % (name, out.strip()),
                  "exit %d, %r %s" % (rc, out, tail(err, 5)))
    if house.real:
        code = "import importlib.metadata as m; print(m.version(%r))" % house.real["name"]
        rc, out, err = env_run(env, [py, "-c", code])
        rep.check(rc == 0 and out.strip() == house.real["version"], "%s: %s %s (rebuilt) is installed" % (
            name, house.real["name"], house.real["version"]), "exit %d, %r %s" % (rc, out, tail(err, 5)))


def pip_list(env):
    rc, out, err = env_run(env, [os.path.join(env, "bin", "python"), "-m", "pip", "list", "--format=json"])
    if rc != 0:
        return None, tail(err or out)
    try:
        return {canonical(d["name"]): d["version"] for d in json.loads(out)}, None
    except ValueError:
        return None, out[:300]


def check_pip_side(rep, x, others, house):
    name = os.path.basename(x)
    py = os.path.join(x, "bin", "python")
    lx, why = pip_list(x)
    rep.check(lx is not None, "%s: pip list --format=json runs" % name, why or "")
    for y in others:
        ly, why = pip_list(y)
        if lx is None or ly is None:
            rep.check(False, "%s: pip list equals %s's" % (name, os.path.basename(y)), why or "")
            continue
        diff = ["%s: %s %s, %s %s" % (k, name, lx.get(k), os.path.basename(y), ly.get(k))
                for k in sorted(set(lx) | set(ly)) if lx.get(k) != ly.get(k)]
        rep.check(not diff, "%s: pip list equals %s's (%d distributions)" % (name, os.path.basename(y), len(lx)),
                  "\n".join(diff))
    rc, out, err = env_run(x, [py, "-m", "pip", "check"])
    rep.check(rc == 0, "%s: pip check" % name, "exit %d: %s" % (rc, tail(out + err)))
    missing = []
    projects = sorted(p for p in (lx or {}) if p not in OWN_DISTS)
    for p in projects:
        rc, out, err = env_run(x, [py, "-m", "pip", "show", "-f", p])
        if rc != 0:
            missing.append("%s: pip show -f failed: %s" % (p, tail(err, 3)))
            continue
        loc, files, in_files = None, [], False
        for line in out.split("\n"):
            if line.startswith("Location:"):
                loc = line.split(":", 1)[1].strip()
            elif line.startswith("Files:"):
                in_files = True
            elif in_files and line.startswith("  "):
                files.append(line.strip())
            elif in_files and line.strip():
                in_files = False
        if not loc or not files:
            missing.append("%s: pip show -f lists no files" % p)
        for f in files:
            if not os.path.lexists(os.path.normpath(os.path.join(loc, f))):
                missing.append("%s: %s is listed but not there" % (p, f))
    rep.check(not missing, "%s: pip show -f lists files that exist (%d distributions)" % (name, len(projects)),
              "\n".join(limited(missing)))


def check_uninstall(rep, env, house):
    """pip uninstall -y of each project: nothing of it left."""
    name = os.path.basename(env)
    sp = site_packages(env)
    py = os.path.join(env, "bin", "python")
    for project in house.uninstall:
        di = [d for d in dist_infos(env) if dist_project(d) == canonical(project)]
        if not di:
            rep.check(False, "%s: pip uninstall -y %s" % (name, project), "not installed")
            continue
        paths = [os.path.normpath(os.path.join(sp, r[0])) for r in read_record(os.path.join(sp, di[0], "RECORD"))]
        rc, out, err = env_run(env, [py, "-m", "pip", "uninstall", "-y", project])
        left = [os.path.relpath(p, env) for p in paths if os.path.lexists(p)]
        if os.path.lexists(os.path.join(sp, di[0])):
            left.append(os.path.relpath(os.path.join(sp, di[0]), env))
        for p in paths:
            if p.endswith(".py"):
                cache = os.path.join(os.path.dirname(p), "__pycache__")
                stem = os.path.basename(p)[:-3] + "."
                if os.path.isdir(cache):
                    left += [os.path.join(os.path.relpath(cache, env), c) for c in os.listdir(cache)
                             if c.startswith(stem)]
        scripts = [os.path.relpath(p, env) for p in paths if os.path.dirname(p) == os.path.join(env, "bin")]
        rep.check(rc == 0 and not left, "%s: pip uninstall -y %s removes its %d files (%d scripts)" % (
            name, project, len(paths), len(scripts)),
            "exit %d %s\nleft: %s" % (rc, tail(err, 5), ", ".join(limited(left, 10))))
    if "nsa" in house.uninstall:
        rc, out, err = env_run(env, [py, "-c", "import ns.b"])
        rep.check(rc == 0, "%s: ns.b still imports after nsa is removed" % name, tail(err, 5))


# --- the run --------------------------------------------------------------------

def compare_own_dist(rep, python, info, real, R, envs, pv, work):
    """A4 (pyvenv --without-pip --installer native) against C4 (venv
    --without-pip, then pip run from the interpreter's bundled wheel)."""
    wheels = sorted(info["pip_wheels"], key=lambda p: [int(x) for x in re.findall(r"\d+", os.path.basename(p))])
    if not wheels:
        rep.skip("%s rebuilt" % real["name"], "the interpreter has no bundled pip wheel to install it with")
        return
    req = os.path.join(work, "real.txt")
    write_reqs(req, [R], ["%s==%s" % (real["name"], real["version"])])
    A4, C4 = os.path.join(envs, "A4"), os.path.join(envs, "C4")
    ok_a, _ = create(rep, "A4: pyvenv --without-pip --installer native -r real.txt (%s %s)" % (
        real["name"], real["version"]), pv + ["--without-pip", "--installer", "native", "-r", req, A4], work)
    ok_c, _ = create(rep, "C4: python -m venv --without-pip", [python, "-m", "venv", "--without-pip", C4], work)
    if ok_c:
        ok_c, _ = create(rep, "C4: %s/pip install --no-compile -r real.txt" % os.path.basename(wheels[-1]),
                         [os.path.join(C4, "bin", "python"), os.path.join(wheels[-1], "pip"), "install",
                          "--no-compile", "-r", req], work)
    if ok_a and ok_c:
        compare_envs(rep, "A4 (native) == C4 (pip): %s" % real["name"], A4, C4, "pyvenv", "pip", own_dists=set())


def create(rep, what, cmd, cwd):
    t0 = time.time()
    rc, out, err = run(cmd, cwd=cwd)
    rep.check(rc == 0, "%s (%.1f s)" % (what, time.time() - t0),
              "%s\nexit %d:\n%s" % (" ".join(cmd), rc, tail(out + err)))
    return rc == 0, err


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pyvenv", required=True)
    ap.add_argument("--python", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--keep", action="store_true", help="keep the work directory's contents")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    start = time.time()
    os.umask(0o022)
    rep = Report(args.verbose)
    pyvenv = os.path.abspath(args.pyvenv)
    work = os.path.abspath(args.workdir)
    os.makedirs(work, exist_ok=True)

    info, why = probe(args.python)
    if info is False:
        print("SKIP: %s" % why)
        return SKIP_EXIT
    if not info:
        print("FAIL: %s" % why)
        return 1
    if info["impl"] != "cpython" or (info["major"], info["minor"]) < (3, 8):
        print("SKIP: %s is %s %s; the test needs CPython 3.8 or later" % (args.python, info["impl"], info["version"]))
        return SKIP_EXIT
    if not info["has_venv"] or not info["has_ensurepip"]:
        print("SKIP: %s has no venv/ensurepip module, so no pip to compare with" % args.python)
        return SKIP_EXIT
    print("compare: %s (CPython %s, %s, %s %s)" % (args.python, info["version"], info["platform"],
                                                   *info["libc"]))
    envs = os.path.join(work, "envs")
    # Scripts' #! lines take the /bin/sh form past 127 bytes, which pyvenv
    # and pip quote differently: keep the environments' paths short.
    if len(os.path.join(envs, "A2", "bin", "python3.13")) > 100:
        envs = tempfile.mkdtemp(prefix="pyvenv-compare-")
    W, W2, D, E = (os.path.join(work, d) for d in ("wheels", "wheels2", "direct", "edge"))
    t = tags_for(info)
    house = House()
    ext, why = build_extension(info, work)
    if ext:
        rep.check(True, "the extension _speed%s builds against %s" % (info["ext_suffix"], info["include"]))
        ext = (ext, info["ext_suffix"])
    else:
        rep.skip("the compiled extension", why)
    build_pure(W, house)
    build_choices(W, W2, t, house)
    build_others(W, D, t, house, ext)
    build_edge(E, house)
    R = os.path.join(work, "real")
    real, why = rebuild_real_dist(info, R if os.makedirs(R, exist_ok=True) is None else None)
    if real and not real["own"]:
        for whl in os.listdir(R):
            os.replace(os.path.join(R, whl), os.path.join(W, whl))
        house.real = real
        house.locked.append("%s==%s" % (real["name"], real["version"]))
        house.unpinned.append(real["name"])
        house.uninstall.append(real["name"])
    if real:
        rep.note("rebuilt %s %s from %s (%d files)%s" % (
            real["name"], real["version"], real["site"], len(real["files"]),
            ", compared in environments without pip" if real["own"] else ""))
    else:
        rep.skip("a wheel rebuilt from an installed distribution", why)
    for whl in sorted(os.listdir(W)):
        problems = wheelgen.verify_wheel(os.path.join(W, whl))
        if problems and not whl.startswith("oddrec"):
            rep.check(False, "wheel %s is valid" % whl, "\n".join(problems))
    locked, unpinned, edge = (os.path.join(work, n) for n in ("locked.txt", "unpinned.txt", "edge.txt"))
    write_reqs(locked, [W2, W], house.locked)
    write_reqs(unpinned, [W2, W], house.unpinned)
    write_reqs(edge, [E], ["%s==1.0" % p for p, _ in house.edge])
    rep.note("%d wheels; locked.txt names %d requirements" % (len(os.listdir(W)) + 2, len(house.locked)))

    A, B, C = (os.path.join(envs, n) for n in ("A", "B", "C"))
    pv = [pyvenv, "create", "--no-cache", "--python", args.python]
    ok_a, err_a = create(rep, "A: pyvenv --installer native -r locked.txt", pv + ["-v", "--installer", "native",
                                                                               "-r", locked, A], work)
    if ok_a:
        rep.check("installing natively" in err_a and "resolving with pip" not in err_a,
                  "A: installed natively, without pip resolving", tail(err_a, 8))
    ok_b, _ = create(rep, "B: pyvenv --installer pip -r locked.txt", pv + ["--installer", "pip", "-r", locked, B],
                     work)
    ok_c, _ = create(rep, "C: python -m venv", [args.python, "-m", "venv", C], work)
    if ok_c:
        ok_c, _ = create(rep, "C: pip install --no-compile -r locked.txt",
                         [os.path.join(C, "bin", "python"), "-m", "pip", "install", "--no-compile", "-r", locked],
                         work)
    # Nothing has run in the environments yet: no bytecode anywhere.
    for env, ok in ((A, ok_a), (B, ok_b)):
        if ok:
            sp = site_packages(env)
            pyc = [os.path.relpath(os.path.join(r, f), sp) for r, _, fs in os.walk(sp) for f in fs
                   if f.endswith(".pyc") and not any(x in r for x in ("/pip", "/setuptools", "/_distutils_hack",
                                                                        "/pkg_resources"))]
            rep.check(not pyc, "%s: no bytecode written" % os.path.basename(env), "\n".join(limited(pyc)))
    if ok_a and ok_b:
        compare_envs(rep, "A (native) == B (pyvenv --installer pip)", A, B, "pyvenv", "pip")
        check_choices(rep, "A == B", house, A, B)
    if ok_a and ok_c:
        compare_envs(rep, "A (native) == C (venv + pip)", A, C, "pyvenv", "pip")
    if ok_b and ok_c:
        fb, fc = snapshot(B)[0], snapshot(C)[0]
        diff = tree_diff(fb, fc, "B", "C")
        rep.check(not diff, "control: B (pyvenv --installer pip) == C (venv + pip)", "\n".join(limited(diff)))

    # unpinned: pip resolves, pyvenv installs
    A2, B2 = os.path.join(envs, "A2"), os.path.join(envs, "B2")
    ok_a2, err = create(rep, "A2: pyvenv --installer native -r unpinned.txt",
                        pv + ["-v", "--installer", "native", "-r", unpinned, A2], work)
    if ok_a2:
        rep.check("resolving with pip" in err and "installing natively" in err,
                  "A2: pip resolved, pyvenv installed", tail(err, 8))
    ok_b2, _ = create(rep, "B2: pyvenv --installer pip -r unpinned.txt",
                      pv + ["--installer", "pip", "-r", unpinned, B2], work)
    if ok_a2 and ok_b2:
        compare_envs(rep, "A2 (pip resolved, native) == B2 (pip)", A2, B2, "pyvenv", "pip")
        check_choices(rep, "A2 == B2", house, A2, B2)

    # edge cases, each in an environment of its own: a refusal must not hide
    # the rest; pip installs them all into B3
    B3 = os.path.join(envs, "B3")
    ok_b3, _ = create(rep, "B3: pyvenv --installer pip -r edge.txt", pv + ["--installer", "pip", "-r", edge, B3],
                      work)
    fb = snapshot(B3)[0] if ok_b3 else {}
    for project, what in house.edge:
        A3 = os.path.join(envs, "A3-" + project)
        req = os.path.join(work, "edge-%s.txt" % project)
        write_reqs(req, [E], ["%s==1.0" % project])
        ok, _ = create(rep, "A3-%s: pyvenv --installer native: %s" % (project, what),
                       pv + ["--installer", "native", "-r", req, A3], work)
        if ok and ok_b3:
            fa = snapshot(A3)[0]
            mine = re.compile(r"site-packages/%s(/|-1\.0\.dist-info/)" % project)
            diff = tree_diff({k: v for k, v in fa.items() if mine.search(k)},
                             {k: v for k, v in fb.items() if mine.search(k)}, "A3-" + project, "B3")
            rep.check(not diff, "A3-%s == B3: %s installs as pip installs it" % (project, project),
                      "\n".join(limited(diff)))

    # the environment's own setuptools, rebuilt: into environments without
    # pip and setuptools, natively and by pip run from its wheel
    if real and real["own"]:
        compare_own_dist(rep, args.python, info, real, R, envs, pv, work)

    # inside the environments
    for env, ok in ((A, ok_a), (B, ok_b)):
        if ok:
            check_scripts(rep, env, house)
    if ok_a:
        check_pip_side(rep, A, [e for e, ok in ((B, ok_b), (C, ok_c)) if ok], house)
    for env, ok in ((A, ok_a), (B, ok_b)):
        if ok:
            check_uninstall(rep, env, house)
    if ok_a and ok_b:
        fa, ea = snapshot(A)
        fb, eb = snapshot(B)
        diff = tree_diff(fa, fb, "A", "B")
        diff += ["empty directory only in A: %s" % p for p in sorted(ea - eb)]
        diff += ["empty directory only in B: %s" % p for p in sorted(eb - ea)]
        rep.check(not diff, "after pip uninstall: A == B", "\n".join(limited(diff)))

    elapsed = time.time() - start
    print("compare: %d passed, %d failed, %d skipped in %.1f s" % (rep.passed, rep.failed, rep.skipped, elapsed))
    if not args.keep and not rep.failed:
        if envs != os.path.join(work, "envs"):
            shutil.rmtree(envs, ignore_errors=True)
    elif envs != os.path.join(work, "envs"):
        print("compare: the environments are in %s" % envs)
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
