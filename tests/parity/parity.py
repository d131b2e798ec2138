#!/usr/bin/env python3
"""Parity test: an environment made by `pyvenv create` must equal `python -m venv`'s.

Usage:
    python3 parity.py --pyvenv BIN --python PY --case CASE --workdir DIR
        [--case CASE ...] [--keep] [--no-content] [-v]

CASE is one of the names in CASES below, or `all`; --case may be repeated or
given a comma-separated list.  For each case, under DIR/CASE/ (wiped first):

    reference:  PY -m venv OPTS ref/env            (cwd = DIR/CASE)
    ours:       BIN create --python PY OPTS ours/env   (cwd = DIR/CASE)

Both environments are then compared after replacing each one's absolute path
with <ENV>:

  tree      every relative path, its type (dir/file/symlink), symlink targets,
            owner-executable bit (__pycache__ and *.pyc ignored);
            .gitignore contents exactly
  content   contents of every other regular file except bin/activate*,
            bin/Activate.ps1, pyvenv.cfg, *.dist-info/RECORD and
            *.dist-info/INSTALLER (disable with --no-content)
  cfg       pyvenv.cfg as key = value dicts (incl. command and executable)
  python    JSON of sys.prefix & co, sys.path, site and sysconfig paths
            printed by ENV/bin/python in a clean environment
  pip       (cases with pip) pip --version, the *.dist-info names,
            RECORD paths/hashes per dist-info, RECORD correctness on ours
            (every file exists, sha256 and size match), console scripts
            pip, pip3, pipX.Y exist, are executable and run

Prints a readable diff per check, a line "PASS case" / "FAIL case" /
"SKIP case" per case and a closing "parity: N passed, N failed, N skipped".
Exit status: 0 all run cases passed, 1 any failed, 77 every case was skipped,
2 usage error.

Only the standard library; runs on Python 3.8+ as the driver.
"""

import argparse
import base64
import csv
import difflib
import hashlib
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time

# name -> (steps, minimum (major, minor) of the target Python or None)
# A step is ("create", [options]) or ("stray",) (drop stray files into the env).
CASES = {
    "default": ([("create", [])], None),
    "without-pip": ([("create", ["--without-pip"])], None),
    "system-site-packages": ([("create", ["--system-site-packages"])], None),
    "copies": ([("create", ["--copies"])], None),
    "prompt": ([("create", ["--prompt", "parity's prompt"])], None),  # a quote: cfg uses repr()
    "prompt-dot": ([("create", ["--prompt", "."])], None),
    "clear": ([("create", []), ("stray",), ("create", ["--clear"])], None),
    "upgrade": ([("create", []), ("stray",), ("create", ["--upgrade"])], None),
    "rerun": ([("create", []), ("stray",), ("create", [])], None),
    "without-scm-ignore-files": ([("create", ["--without-scm-ignore-files"])], (3, 13)),
}

ENV_TOKEN = "<ENV>"
STRAY_TOP = "stray-file.txt"
STRAY_SITE = "stray_module.py"
CREATE_TIMEOUT = 900
RUN_TIMEOUT = 300

PY_INFO_SCRIPT = r"""
import json, site, sys, sysconfig
def attempt(fn):
    try:
        return fn()
    except Exception as exc:
        return "<%s: %s>" % (type(exc).__name__, exc)
info = {
    "sys.prefix": sys.prefix,
    "sys.base_prefix": sys.base_prefix,
    "sys.exec_prefix": sys.exec_prefix,
    "sys.base_exec_prefix": sys.base_exec_prefix,
    "sys.executable": sys.executable,
    "sys._base_executable": getattr(sys, "_base_executable", None),
    "sys.path": sys.path,
    "sys.version": sys.version,
    "sys.platlibdir": getattr(sys, "platlibdir", None),
    "sys.flags.no_user_site": sys.flags.no_user_site,
    "site.ENABLE_USER_SITE": site.ENABLE_USER_SITE,
    "site.getsitepackages()": attempt(site.getsitepackages),
    "site.getusersitepackages()": attempt(site.getusersitepackages),
    "sysconfig.get_paths()": sysconfig.get_paths(),
}
if hasattr(sysconfig, "get_default_scheme"):
    info["sysconfig.get_default_scheme()"] = sysconfig.get_default_scheme()
print(json.dumps(info, sort_keys=True))
"""


# --------------------------------------------------------------------------
# small helpers shared with pipcheck.py

def clean_env(extra=None):
    """os.environ without anything that changes how Python, venv or pip behave."""
    env = {}
    for key, value in os.environ.items():
        if key.startswith("PYTHON") or key.startswith("PIP_"):
            continue
        if key in ("VIRTUAL_ENV", "VIRTUAL_ENV_PROMPT", "__PYVENV_LAUNCHER__",
                   "CONDA_PREFIX", "CONDA_DEFAULT_ENV"):
            continue
        env[key] = value
    active = os.environ.get("VIRTUAL_ENV")
    if active and "PATH" in env:  # an activated venv's bin/ must not shadow anything
        bindir = os.path.join(active, "bin")
        env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep)
                                      if os.path.normpath(p) != os.path.normpath(bindir))
    # No pip configuration files, no version check, never ask questions.
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    env["LC_ALL"] = "C.UTF-8"
    env.pop("LANGUAGE", None)
    if extra:
        env.update(extra)
    return env


def run(cmd, cwd=None, env=None, timeout=RUN_TIMEOUT):
    """Run cmd; return (returncode, stdout, stderr) as text; never raises on failure.

    The command runs in its own process group, which is killed on timeout
    (so that, e.g., a hung multiprocessing pool leaves nothing behind).
    """
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env if env is not None else clean_env(),
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        return (127 if isinstance(exc, FileNotFoundError) else 126), "", "cannot run %s: %s" % (cmd[0], exc)
    try:
        out, err = proc.communicate(timeout=timeout)
        rc = proc.returncode
        suffix = ""
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        out, err = proc.communicate()
        rc = 124
        suffix = "\n<timed out after %ss; process group killed>" % timeout
    return (rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace") + suffix)


def shell_join(cmd):
    import shlex
    return " ".join(shlex.quote(c) for c in cmd)


def indent(text, prefix="      | "):
    text = text.rstrip("\n")
    if not text:
        return prefix + "<empty>"
    return "\n".join(prefix + line for line in text.splitlines())


def record_hash(data, algo="sha256"):
    digest = hashlib.new(algo, data).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def python_version(python):
    rc, out, err = run([python, "-c", "import sys; print('%d %d %d' % sys.version_info[:3])"])
    if rc != 0:
        raise RuntimeError("cannot run %s: %s" % (python, err.strip() or out.strip()))
    return tuple(int(x) for x in out.split())


# --------------------------------------------------------------------------
# normalisation

class Side:
    """One environment (reference or ours) and how to normalise its paths."""

    def __init__(self, label, env_dir):
        self.label = label
        self.env = os.path.abspath(env_dir)
        forms = {self.env, os.path.realpath(self.env)}
        self.forms = sorted(forms, key=len, reverse=True)
        self.bforms = [f.encode("utf-8") for f in self.forms]

    def norm(self, text):
        for form in self.forms:
            text = text.replace(form, ENV_TOKEN)
        return text

    def bnorm(self, data):
        for form in self.bforms:
            data = data.replace(form, ENV_TOKEN.encode())
        return data

    def norm_obj(self, obj):
        if isinstance(obj, str):
            return self.norm(obj)
        if isinstance(obj, list):
            return [self.norm_obj(x) for x in obj]
        if isinstance(obj, dict):
            return {self.norm(k): self.norm_obj(v) for k, v in obj.items()}
        return obj

    def path(self, *parts):
        return os.path.join(self.env, *parts)

    def site_packages(self):
        lib = self.path("lib")
        found = []
        if os.path.isdir(lib):
            for name in sorted(os.listdir(lib)):
                sp = os.path.join(lib, name, "site-packages")
                if name.startswith("python") and os.path.isdir(sp):
                    found.append(sp)
        return found


# --------------------------------------------------------------------------
# checks; each returns a list of difference lines (empty == pass)

def is_ignored(rel, is_dir):
    parts = rel.split("/")
    if "__pycache__" in parts:
        return True
    return (not is_dir) and rel.endswith(".pyc")


def scan_tree(side):
    """{relpath: description tuple} for everything under the env."""
    tree = {}
    for root, dirs, files in os.walk(side.env, topdown=True, followlinks=False):
        keep = []
        for name in sorted(dirs + files):
            full = os.path.join(root, name)
            rel = os.path.relpath(full, side.env).replace(os.sep, "/")
            st = os.lstat(full)
            if stat.S_ISLNK(st.st_mode):
                if is_ignored(rel, False):
                    continue
                target = os.path.normpath(side.norm(os.readlink(full)))
                tree[rel] = ("symlink", target)
            elif stat.S_ISDIR(st.st_mode):
                if is_ignored(rel, True):
                    continue
                tree[rel] = ("dir",)
                keep.append(name)
            elif stat.S_ISREG(st.st_mode):
                if is_ignored(rel, False):
                    continue
                tree[rel] = ("file", "x" if st.st_mode & stat.S_IXUSR else "-")
            else:
                tree[rel] = ("other", oct(stat.S_IFMT(st.st_mode)))
        dirs[:] = [d for d in dirs if d in keep]
    return tree


def describe(entry):
    if entry[0] == "symlink":
        return "symlink -> %s" % entry[1]
    if entry[0] == "file":
        return "file (%s)" % ("owner-executable" if entry[1] == "x" else "not executable")
    if entry[0] == "dir":
        return "dir"
    return "other %s" % entry[1]


def check_tree(ref, ours, ref_tree, our_tree):
    diffs = []
    for rel in sorted(set(ref_tree) | set(our_tree)):
        a, b = ref_tree.get(rel), our_tree.get(rel)
        if a is None:
            diffs.append("only in ours: %s  [%s]" % (rel, describe(b)))
        elif b is None:
            diffs.append("only in ref:  %s  [%s]" % (rel, describe(a)))
        elif a != b:
            diffs.append("differs: %s\n      ref:  %s\n      ours: %s" % (rel, describe(a), describe(b)))
    # .gitignore contents, comments aside (the comment names its writer)
    for rel in sorted(set(ref_tree) & set(our_tree)):
        if rel.split("/")[-1] != ".gitignore":
            continue
        if ref_tree[rel][0] != "file" or our_tree[rel][0] != "file":
            continue
        with open(ref.path(rel), "rb") as f:
            a = uncommented(f.read())
        with open(ours.path(rel), "rb") as f:
            b = uncommented(f.read())
        if a != b:
            diffs.append("contents differ: %s\n%s" % (rel, text_diff(a, b)))
    return diffs


def uncommented(data):
    return b"".join(l for l in data.splitlines(True) if not l.startswith(b"#"))


def is_launcher(rel):
    """A console script in bin/ (pip, pip3, ...): pyvenv writes its own body,
    so the content may differ; pipcheck runs them and compares their headers
    with pip's, and our RECORD must still match them."""
    parts = rel.split("/")
    return len(parts) == 2 and parts[0] == "bin" and parts[1].startswith(("pip", "easy_install"))


def content_excluded(rel):
    parts = rel.split("/")
    base = parts[-1]
    if rel == "pyvenv.cfg" or base == ".gitignore":
        return True  # compared by the cfg / tree checks
    if len(parts) == 2 and parts[0] == "bin" and base.lower().startswith("activate"):
        return True  # the project's own activation scripts
    if is_launcher(rel):
        return True  # pyvenv's own console-script body
    if len(parts) >= 2 and parts[-2].endswith(".dist-info") and base in ("RECORD", "INSTALLER"):
        return True  # compared by the pip check; INSTALLER is pyvenv's own
    return False


def text_diff(a, b, limit=40):
    try:
        ta, tb = a.decode("utf-8"), b.decode("utf-8")
    except UnicodeDecodeError:
        return ("      binary contents differ: ref %d bytes sha256 %s, ours %d bytes sha256 %s"
                % (len(a), hashlib.sha256(a).hexdigest()[:16], len(b), hashlib.sha256(b).hexdigest()[:16]))
    lines = list(difflib.unified_diff(ta.splitlines(), tb.splitlines(), "ref", "ours", lineterm="", n=1))
    if len(lines) > limit:
        lines = lines[:limit] + ["... (%d more diff lines)" % (len(lines) - limit)]
    return "\n".join("      " + line for line in lines)


def check_content(ref, ours, ref_tree, our_tree):
    diffs = []
    for rel in sorted(set(ref_tree) & set(our_tree)):
        if ref_tree[rel][0] != "file" or our_tree[rel][0] != "file" or content_excluded(rel):
            continue
        with open(ref.path(rel), "rb") as f:
            a = ref.bnorm(f.read())
        with open(ours.path(rel), "rb") as f:
            b = ours.bnorm(f.read())
        if a != b:
            diffs.append("contents differ (after <ENV> substitution): %s\n%s" % (rel, text_diff(a, b)))
    return diffs


def parse_cfg(side):
    """pyvenv.cfg -> (dict, problems)."""
    path = side.path("pyvenv.cfg")
    values, problems = {}, []
    try:
        with open(path, "r", encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as exc:
        return None, ["cannot read pyvenv.cfg: %s" % exc]
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep:
            problems.append("line %d has no '=': %r" % (n, line))
            continue
        key, value = key.strip(), side.norm(value.strip())
        if key in values:
            problems.append("key %r appears twice" % key)
        values[key] = value
    return values, problems


def check_cfg(ref, ours):
    diffs = []
    a, pa = parse_cfg(ref)
    b, pb = parse_cfg(ours)
    diffs += ["ref pyvenv.cfg: %s" % p for p in pa]
    diffs += ["our pyvenv.cfg: %s" % p for p in pb]
    if a is None or b is None:
        return diffs
    for key in sorted(set(a) | set(b)):
        if key not in b:
            diffs.append("key %r only in ref: %r" % (key, a[key]))
        elif key not in a:
            diffs.append("key %r only in ours: %r" % (key, b[key]))
        elif a[key] != b[key]:
            diffs.append("key %r differs\n      ref:  %s\n      ours: %s" % (key, a[key], b[key]))
    return diffs


def diff_values(where, a, b, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            sub = "%s[%r]" % (where, key)
            if key not in b:
                out.append("%s only in ref: %r" % (sub, a[key]))
            elif key not in a:
                out.append("%s only in ours: %r" % (sub, b[key]))
            else:
                diff_values(sub, a[key], b[key], out)
    elif isinstance(a, list) and isinstance(b, list):
        if a == b:
            return
        if len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                diff_values("%s[%d]" % (where, i), x, y, out)
        else:
            lines = ["%s: lists differ (ref %d items, ours %d items)" % (where, len(a), len(b))]
            for line in difflib.ndiff([repr(x) for x in a], [repr(y) for y in b]):
                if line[:1] in "-+ ":
                    tag = {"-": "ref only ", "+": "ours only", " ": "         "}[line[0]]
                    lines.append("      %s %s" % (tag, line[2:]))
            out.append("\n".join(lines))
    elif a != b:
        out.append("%s differs\n      ref:  %r\n      ours: %r" % (where, a, b))


def python_info(side, cwd):
    exe = side.path("bin", "python")
    rc, out, err = run([exe, "-c", PY_INFO_SCRIPT], cwd=cwd)
    if rc != 0:
        return None, "%s failed (exit %d):\n%s" % (exe, rc, indent(err or out))
    try:
        return side.norm_obj(json.loads(out)), None
    except ValueError as exc:
        return None, "%s printed no JSON (%s):\n%s" % (exe, exc, indent(out))


def check_python(ref, ours, cwd):
    a, ea = python_info(ref, cwd)
    b, eb = python_info(ours, cwd)
    diffs = []
    if ea:
        diffs.append("ref: " + ea)
    if eb:
        diffs.append("ours: " + eb)
    if a is not None and b is not None:
        diff_values("python", a, b, diffs)
    return diffs


def read_record(path):
    """RECORD -> (list of (path, hash, size), problems)."""
    rows, problems = [], []
    try:
        with open(path, "r", encoding="utf-8", newline="") as f:
            text = f.read()
    except OSError as exc:
        return None, ["cannot read %s: %s" % (path, exc)]
    for row in csv.reader(io.StringIO(text)):
        if not row:
            continue
        if len(row) != 3:
            problems.append("malformed RECORD row %r" % (row,))
            continue
        rows.append(tuple(row))
    return rows, problems


def verify_record(side, sp, dist_info):
    """The 'correct RECORD' check: every listed file exists, hashes and sizes match."""
    problems = []
    record_rel = dist_info + "/RECORD"
    rows, bad = read_record(os.path.join(sp, dist_info, "RECORD"))
    problems += bad
    if rows is None:
        return problems
    seen = set()
    listed_self = False
    for rel, hsh, size in rows:
        if rel in seen:
            problems.append("%s listed twice" % rel)
        seen.add(rel)
        if rel == record_rel:
            listed_self = True
            if hsh or size:
                problems.append("RECORD lists itself with a hash or size: %r" % ",".join((rel, hsh, size)))
            continue
        full = os.path.normpath(os.path.join(sp, rel))
        if not os.path.isfile(full):
            problems.append("listed but missing on disk: %s" % rel)
            continue
        if not hsh and not rel.endswith(".pyc"):
            problems.append("no hash for %s" % rel)
        with open(full, "rb") as f:
            data = f.read()
        if hsh:
            algo, sep, value = hsh.partition("=")
            if not sep or algo not in hashlib.algorithms_guaranteed:
                problems.append("bad hash field for %s: %r" % (rel, hsh))
            elif algo != "sha256":
                problems.append("hash of %s is %s, not sha256" % (rel, algo))
            elif record_hash(data, algo) != value:
                problems.append("hash mismatch for %s: RECORD %s, file sha256=%s"
                                % (rel, hsh, record_hash(data)))
        if size:
            if size != str(len(data)):
                problems.append("size mismatch for %s: RECORD %s, file %d" % (rel, size, len(data)))
        elif hsh:
            problems.append("hash but no size for %s" % rel)
    if not listed_self:
        problems.append("RECORD does not list itself (%s,,)" % record_rel)
    return problems


def check_pip(ref, ours, version, cwd):
    diffs = []
    # pip --version
    outs = {}
    for side in (ref, ours):
        exe = side.path("bin", "pip")
        rc, out, err = run([exe, "--version"], cwd=cwd)
        if rc != 0:
            diffs.append("%s: `bin/pip --version` failed (exit %d):\n%s" % (side.label, rc, indent(err or out)))
        outs[side.label] = side.norm(out.strip())
    if outs["ref"] != outs["ours"]:
        diffs.append("`pip --version` differs\n      ref:  %s\n      ours: %s" % (outs["ref"], outs["ours"]))

    # console scripts
    xy = "%d.%d" % version[:2]
    for name in ("pip", "pip3", "pip" + xy):
        for side in (ours,):  # ref's scripts are covered by the tree check
            exe = side.path("bin", name)
            if not os.path.lexists(exe):
                diffs.append("%s: bin/%s does not exist" % (side.label, name))
                continue
            st = os.stat(exe) if os.path.exists(exe) else None
            if st is None or not stat.S_ISREG(st.st_mode):
                diffs.append("%s: bin/%s is not a regular file" % (side.label, name))
                continue
            if not (st.st_mode & stat.S_IXUSR) or not os.access(exe, os.X_OK):
                diffs.append("%s: bin/%s is not executable (mode %s)" % (side.label, name, oct(st.st_mode & 0o7777)))
                continue
            rc, out, err = run([exe, "--version"], cwd=cwd)
            if rc != 0:
                diffs.append("%s: `bin/%s --version` failed (exit %d):\n%s" % (side.label, name, rc, indent(err or out)))
            elif side.norm(out.strip()) != outs["ref"]:
                diffs.append("%s: `bin/%s --version` printed %r, ref's pip printed %r"
                             % (side.label, name, side.norm(out.strip()), outs["ref"]))

    # dist-info directories
    sps = {}
    for side in (ref, ours):
        found = side.site_packages()
        if len(found) != 1:
            diffs.append("%s: expected one lib/python*/site-packages, found %r" % (side.label, [side.norm(f) for f in found]))
            return diffs
        sps[side.label] = found[0]
    rsp, osp = sps["ref"], sps["ours"]
    rdi = {n for n in os.listdir(rsp) if n.endswith(".dist-info") and os.path.isdir(os.path.join(rsp, n))}
    odi = {n for n in os.listdir(osp) if n.endswith(".dist-info") and os.path.isdir(os.path.join(osp, n))}
    for n in sorted(rdi - odi):
        diffs.append("dist-info only in ref:  %s" % n)
    for n in sorted(odi - rdi):
        diffs.append("dist-info only in ours: %s" % n)
    if not any(n.startswith("pip-") for n in odi):
        diffs.append("ours: no pip-*.dist-info in site-packages")

    # RECORD contents, per dist-info
    for di in sorted(rdi & odi):
        rrows, rp = read_record(os.path.join(rsp, di, "RECORD"))
        orows, op = read_record(os.path.join(osp, di, "RECORD"))
        diffs += ["ref %s/RECORD: %s" % (di, p) for p in rp]
        diffs += ["our %s/RECORD: %s" % (di, p) for p in op]
        if rrows is None or orows is None:
            continue
        rmap = {r[0]: r[1:] for r in rrows if not r[0].endswith(".pyc")}
        omap = {r[0]: r[1:] for r in orows if not r[0].endswith(".pyc")}
        for p in sorted(set(rmap) - set(omap)):
            diffs.append("%s/RECORD: entry only in ref:  %s" % (di, p))
        for p in sorted(set(omap) - set(rmap)):
            diffs.append("%s/RECORD: entry only in ours: %s" % (di, p))
        for p in sorted(set(rmap) & set(omap)):
            if rmap[p] == omap[p] or p == di + "/INSTALLER":
                continue
            if is_launcher(os.path.relpath(os.path.normpath(os.path.join(osp, p)), ours.env)):
                continue  # our own body: checked against our file below
            # Files that embed the env path (console scripts) hash differently;
            # they are equal if their contents are equal after <ENV> substitution.
            rf = os.path.normpath(os.path.join(rsp, p))
            of = os.path.normpath(os.path.join(osp, p))
            try:
                with open(rf, "rb") as f:
                    ra = f.read()
                with open(of, "rb") as f:
                    ob = f.read()
                if ref.bnorm(ra) != ra and ref.bnorm(ra) == ours.bnorm(ob):
                    continue
            except OSError:
                pass
            diffs.append("%s/RECORD: entry %s differs\n      ref:  %s\n      ours: %s"
                         % (di, p, ",".join(rmap[p]), ",".join(omap[p])))

    # correctness of our RECORDs against our files
    for di in sorted(odi):
        for p in verify_record(ours, osp, di):
            diffs.append("ours %s/RECORD incorrect: %s" % (di, p))
    return diffs


def sanity_ref_records(ref):
    """Problems in the reference's own RECORDs (a note, not a failure)."""
    notes = []
    for sp in ref.site_packages():
        for di in sorted(os.listdir(sp)):
            if di.endswith(".dist-info"):
                notes += ["ref %s/RECORD: %s" % (di, p) for p in verify_record(ref, sp, di)]
    return notes


# --------------------------------------------------------------------------
# running a case

def drop_stray(side, log):
    with open(side.path(STRAY_TOP), "w") as f:
        f.write("stray\n")
    sps = side.site_packages()
    for sp in sps:
        with open(os.path.join(sp, STRAY_SITE), "w") as f:
            f.write("STRAY = True\n")
    log("    %s: dropped %s and %d site-packages/%s" % (side.label, STRAY_TOP, len(sps), STRAY_SITE))


def run_case(name, args, version, log):
    """Return ('PASS'|'FAIL'|'SKIP', [messages])."""
    steps, minimum = CASES[name]
    if minimum and version[:2] < minimum:
        return "SKIP", ["needs Python %d.%d+ (venv has no such option in %d.%d)" % (minimum + version[:2])]
    case_dir = os.path.join(args.workdir, name)
    if os.path.lexists(case_dir):
        shutil.rmtree(case_dir)
    os.makedirs(os.path.join(case_dir, "ref"))
    os.makedirs(os.path.join(case_dir, "ours"))
    ref = Side("ref", os.path.join(case_dir, "ref", "env"))
    ours = Side("ours", os.path.join(case_dir, "ours", "env"))
    messages = []
    with_pip = True
    for step in steps:
        if step[0] == "stray":
            drop_stray(ref, log)
            drop_stray(ours, log)
            continue
        opts = step[1]
        if "--without-pip" in opts:
            with_pip = False
        # Relative env paths from the same cwd, so `--prompt .` and abspath() match.
        rcmd = [args.python, "-m", "venv"] + opts + [os.path.join("ref", "env")]
        ocmd = [args.pyvenv, "create", "--python", args.python] + opts + [os.path.join("ours", "env")]
        for side, cmd in ((ref, rcmd), (ours, ocmd)):
            t0 = time.time()
            rc, out, err = run(cmd, cwd=case_dir, timeout=CREATE_TIMEOUT)
            log("    %s: %s  (exit %d, %.1fs)" % (side.label, shell_join(cmd), rc, time.time() - t0))
            if rc != 0:
                what = "reference venv failed (harness or interpreter problem)" if side is ref else "pyvenv failed"
                messages.append("%s: `%s` exited %d\n%s" % (what, shell_join(cmd), rc, indent((out + err).strip())))
                return "FAIL", messages

    ref_tree = scan_tree(ref)
    our_tree = scan_tree(ours)
    checks = [("tree", lambda: check_tree(ref, ours, ref_tree, our_tree))]
    if not args.no_content:
        checks.append(("content", lambda: check_content(ref, ours, ref_tree, our_tree)))
    checks.append(("cfg", lambda: check_cfg(ref, ours)))
    checks.append(("python", lambda: check_python(ref, ours, case_dir)))
    if with_pip:
        checks.append(("pip", lambda: check_pip(ref, ours, version, case_dir)))
    def healthy():
        # `pyvenv check` passes on both: ours and the reference venv.
        out = []
        for side in (ref, ours):
            rc, o, e = run([args.pyvenv, "check", side.env], cwd=case_dir)
            if rc != 0:
                out.append("%s: pyvenv check exited %d: %s" % (side.label, rc, "; ".join((o + e).strip().splitlines())))
        return out
    checks.append(("check", healthy))
    if name == "clear":
        def stray_gone():
            out = []
            for side in (ref, ours):
                if os.path.lexists(side.path(STRAY_TOP)):
                    out.append("%s: %s survived --clear" % (side.label, STRAY_TOP))
                for sp in side.site_packages():
                    if os.path.lexists(os.path.join(sp, STRAY_SITE)):
                        out.append("%s: site-packages/%s survived --clear" % (side.label, STRAY_SITE))
            return out
        checks.append(("clear", stray_gone))
    failed = False
    for check, fn in checks:
        diffs = fn()
        if diffs:
            failed = True
            messages.append("[%s] %d difference(s):" % (check, len(diffs)))
            messages += ["  - " + d for d in diffs]
        else:
            log("    [%s] ok" % check)
    if with_pip:
        for note in sanity_ref_records(ref):
            messages.append("note (not a failure): " + note)
    if not failed and not args.keep:
        shutil.rmtree(case_dir, ignore_errors=True)
    return ("FAIL" if failed else "PASS"), messages


def parse_args(argv):
    p = argparse.ArgumentParser(description="pyvenv vs python -m venv parity test")
    p.add_argument("--pyvenv", required=True, help="the pyvenv helper binary")
    p.add_argument("--python", required=True, help="target interpreter (PY -m venv is the reference)")
    p.add_argument("--case", action="append", required=True,
                   help="case name, comma-separated names, or 'all' (repeatable): %s" % ", ".join(CASES))
    p.add_argument("--workdir", required=True, help="scratch directory (DIR/CASE is wiped per case)")
    p.add_argument("--keep", action="store_true", help="keep the environments of passing cases too")
    p.add_argument("--no-content", action="store_true", help="skip the file-content comparison")
    p.add_argument("-v", "--verbose", action="store_true", help="show commands and per-check results")
    args = p.parse_args(argv)
    cases = []
    for item in args.case:
        for c in item.split(","):
            c = c.strip()
            if not c:
                continue
            if c == "all":
                cases += list(CASES)
            elif c in CASES:
                cases.append(c)
            else:
                p.error("unknown case %r (choose from: all, %s)" % (c, ", ".join(CASES)))
    args.cases = list(dict.fromkeys(cases))
    args.workdir = os.path.abspath(args.workdir)
    if os.sep in args.pyvenv:
        args.pyvenv = os.path.abspath(args.pyvenv)
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        version = python_version(args.python)
    except RuntimeError as exc:
        print("parity: %s" % exc)
        return 2
    os.makedirs(args.workdir, exist_ok=True)
    log = print if args.verbose else (lambda *a: None)
    print("parity: pyvenv=%s python=%s (%s) workdir=%s"
          % (args.pyvenv, args.python, ".".join(map(str, version)), args.workdir))
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    t_all = time.time()
    for name in args.cases:
        t0 = time.time()
        print("--- %s" % name)
        sys.stdout.flush()
        try:
            result, messages = run_case(name, args, version, log)
        except Exception as exc:  # a harness bug must still fail loudly
            import traceback
            result, messages = "FAIL", ["harness error: %r\n%s" % (exc, indent(traceback.format_exc()))]
        for m in messages:
            print("  " + m)
        counts[result] += 1
        if result == "SKIP":
            print("SKIP %s" % name)
        else:
            print("%s %s  (%.1fs)" % (result, name, time.time() - t0))
        sys.stdout.flush()
    print("parity: python %s, %d case(s) in %.1fs"
          % (".".join(map(str, version)), len(args.cases), time.time() - t_all))
    print("parity: %d passed, %d failed, %d skipped" % (counts["PASS"], counts["FAIL"], counts["SKIP"]))
    if counts["FAIL"]:
        return 1
    if counts["PASS"] == 0 and counts["SKIP"]:
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
