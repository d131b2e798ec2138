"""The wheelhouse of tests/native/compare.py (standard library only).

build_wheel() writes a wheel of any tag, modes and RECORD; build_house()
fills the directories compare.py installs from and returns a House: the
lines of its requirement files, the projects with several wheels of one
version (whose choice is pip's to make), the scripts to run, the
distributions to uninstall. rebuild_real_dist() makes a wheel of a
distribution the interpreter has installed.
"""

import base64
import csv
import email.parser
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "parity"))

import wheelgen  # noqa: E402

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Distributions of the environment itself (pip, and setuptools before 3.12),
# which compare.py leaves out: pyvenv installs them from the bundled wheels,
# venv with ensurepip.
OWN_DISTS = {"pip", "setuptools", "wheel", "distribute"}


def run_tool(cmd):
    """(returncode, output) of a build tool; never raises."""
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, str(exc)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


# --- wheels ---------------------------------------------------------------------

def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def record_hash(data, algo="sha256"):
    digest = hashlib.new(algo, data).digest()
    return algo + "=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def expand_tag(tag):
    py, abi, plat = tag.split("-")
    return ["%s-%s-%s" % (a, b, c) for a in py.split(".") for b in abi.split(".") for c in plat.split(".")]


def build_wheel(dest, name, version, tag="py3-none-any", files=None, build=None, purelib=True,
                requires=(), entry_points=None, attrs=None, record_rows=None, dist_name=None):
    """Writes a wheel and returns its path.

    files:        {arcname: str|bytes}; names under "{dist}-{ver}.data/..." are
                  .data members ("DATA/" at the start is replaced by that);
    attrs:        {arcname: (external_attr, create_system)} (default: a regular
                  file, 0644, or 0755 for DATA/scripts/*, made on Unix);
    record_rows:  {arcname: (hash, size)} written instead of the true ones;
    entry_points: the text of entry_points.txt;
    dist_name:    the name the file and .dist-info carry (default: name).
    """
    dist = wheelgen.escape_name(dist_name or name)
    ver = wheelgen.escape_version(version)
    dist_info = "%s-%s.dist-info" % (dist, ver)
    data_dir = "%s-%s.data" % (dist, ver)
    entries = []
    for arc, content in (files or {}).items():
        if arc.startswith("DATA/"):
            arc = data_dir + "/" + arc[5:]
        entries.append((arc, content if isinstance(content, bytes) else content.encode("utf-8")))
    meta = ["Metadata-Version: 2.1", "Name: %s" % name, "Version: %s" % version]
    meta += ["Requires-Dist: %s" % r for r in requires]
    entries.append((dist_info + "/METADATA", ("\n".join(meta) + "\n\n").encode()))
    wheel = ["Wheel-Version: 1.0", "Generator: pyvenv-compare 1.0",
             "Root-Is-Purelib: %s" % ("true" if purelib else "false")]
    wheel += ["Tag: %s" % t for t in expand_tag(tag)]
    if build:
        wheel.append("Build: %s" % build)
    entries.append((dist_info + "/WHEEL", ("\n".join(wheel) + "\n\n").encode()))
    if entry_points:
        entries.append((dist_info + "/entry_points.txt", entry_points.encode()))
    attrs = {(data_dir + "/" + k[5:] if k.startswith("DATA/") else k): v for k, v in (attrs or {}).items()}
    rows_over = {(data_dir + "/" + k[5:] if k.startswith("DATA/") else k): v
                 for k, v in (record_rows or {}).items()}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for arc, data in entries:
        writer.writerow((arc,) + tuple(rows_over.get(arc, (record_hash(data), str(len(data))))))
    writer.writerow((dist_info + "/RECORD", "", ""))
    entries.append((dist_info + "/RECORD", buf.getvalue().encode()))
    fname = "%s-%s%s-%s.whl" % (dist, ver, "-" + build if build else "", tag)
    os.makedirs(dest, exist_ok=True)
    path = os.path.join(dest, fname)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for arc, data in entries:
            info = zipfile.ZipInfo(arc, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            default = 0o100755 if arc.startswith(data_dir + "/scripts/") else 0o100644
            external, system = attrs.get(arc, (default, 3))
            info.external_attr = external << 16
            info.create_system = system
            zf.writestr(info, data)
    return path


EXT_SOURCE = r"""
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *add(PyObject *self, PyObject *args)
{
	long a, b;

	(void)self;
	if (!PyArg_ParseTuple(args, "ll", &a, &b))
		return NULL;
	return PyLong_FromLong(a + b);
}

static PyMethodDef methods[] = {
	{ "add", add, METH_VARARGS, "a + b" },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = { PyModuleDef_HEAD_INIT, "_speed", "pyvenv's test extension", -1, methods };

PyMODINIT_FUNC PyInit__speed(void)
{
	return PyModule_Create(&module);
}
"""


def build_extension(info, work):
    """(bytes of _speed<EXT_SUFFIX>, None) or (None, why not)."""
    incs = [d for d in (info["include"], info["platinclude"]) if d]
    if not any(os.path.exists(os.path.join(d, "Python.h")) for d in incs):
        return None, "no Python.h in %s (install the interpreter's headers, e.g. python3-dev)" % ", ".join(incs)
    if not info.get("ext_suffix"):
        return None, "the interpreter has no EXT_SUFFIX"
    cc = shutil.which("gcc") or shutil.which("cc")
    if not cc:
        return None, "no C compiler (gcc) on PATH"
    src = os.path.join(work, "speed.c")
    out = os.path.join(work, "_speed" + info["ext_suffix"])
    with open(src, "w") as f:
        f.write(EXT_SOURCE)
    cmd = [cc, "-shared", "-fPIC", "-O1"] + ["-I" + d for d in incs] + [src, "-o", out]
    rc, log = run_tool(cmd)
    if rc != 0:
        return None, "%s failed: %s" % (" ".join(cmd), "\n".join(log.rstrip().split("\n")[-10:]))
    with open(out, "rb") as f:
        return f.read(), None


def rebuild_real_dist(info, dest):
    """A wheel rebuilt from a distribution installed in the interpreter's
    site-packages, or (None, why not). One beyond pip and setuptools if
    there is one; else setuptools (best["own"]: the environments that hold
    it already cannot take it, so it is compared in ones without pip)."""
    best = None
    for own in (False, True):
        for site in info["site"]:
            if not os.path.isdir(site):
                continue
            for entry in sorted(os.listdir(site)):
                if not entry.endswith(".dist-info"):
                    continue
                cand = inspect_dist(site, entry, own)
                if cand and (best is None or cand["key"] < best["key"]):
                    best = cand
        if best:
            best["own"] = own
            break
    if not best:
        return None, "site-packages (%s) has no distribution with a RECORD but pip" % ", ".join(info["site"])
    tag = best["tags"][0]
    stem = best["stem"]
    path = os.path.join(dest, "%s-%s.whl" % (stem, tag))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    record = stem + ".dist-info/RECORD"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel in best["files"]:
            full = os.path.join(best["site"], rel)
            with open(full, "rb") as f:
                data = f.read()
            zi = zipfile.ZipInfo(rel, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = (0o100755 if os.stat(full).st_mode & 0o111 else 0o100644) << 16
            zi.create_system = 3
            zf.writestr(zi, data)
            writer.writerow((rel, record_hash(data), str(len(data))))
        writer.writerow((record, "", ""))
        zi = zipfile.ZipInfo(record, date_time=ZIP_DATE)
        zi.external_attr = 0o100644 << 16
        zi.create_system = 3
        zf.writestr(zi, buf.getvalue())
    return best, None


def inspect_dist(site, entry, own=False):
    di = os.path.join(site, entry)
    need = [os.path.join(di, n) for n in ("METADATA", "WHEEL", "RECORD")]
    if not all(os.path.isfile(p) for p in need):
        return None
    try:
        with open(need[0], encoding="utf-8") as f:
            meta = email.parser.Parser().parse(f, headersonly=True)
        with open(need[1], encoding="utf-8") as f:
            wheel = email.parser.Parser().parse(f)
        with open(need[2], encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    name, version = meta.get("Name"), meta.get("Version")
    if not name or not version or canonical(name) == "pip" or (canonical(name) in OWN_DISTS) != own:
        return None
    if any("extra" not in r for r in meta.get_all("Requires-Dist") or []):
        return None  # an unconditional dependency: the set would not be closed
    tags = [t.strip() for t in wheel.get_all("Tag") or []]
    if not tags:
        return None
    skip_meta = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
    files = []
    for row in rows:
        if not row or not row[0]:
            continue
        rel = row[0]
        parts = rel.split("/")
        if rel.startswith("/") or ".." in parts or "__pycache__" in parts or rel.endswith(".pyc"):
            continue
        if parts[0] == entry and len(parts) == 2 and parts[1] in skip_meta:
            continue
        if not os.path.isfile(os.path.join(site, rel)) or os.path.islink(os.path.join(site, rel)):
            continue
        files.append(rel)
    if not files or len(files) > (2000 if own else 400) or not any(f.startswith(entry + "/METADATA") for f in files):
        return None
    pure = (wheel.get("Root-Is-Purelib") or "").strip().lower() == "true"
    eps = os.path.exists(os.path.join(di, "entry_points.txt"))
    return {"site": site, "stem": entry[:-len(".dist-info")], "name": name, "version": version,
            "tags": tags, "files": files, "key": (not pure, not eps, len(files), entry)}


# --- the wheelhouse -------------------------------------------------------------

class House:
    """What was built, and what the requirement files name."""

    def __init__(self):
        self.locked = []      # lines of locked.txt after the options
        self.unpinned = []
        self.edge = []
        self.choices = {}     # project -> description of the wheels
        self.scripts = {}     # script name -> (kind, expected output or None)
        self.ext = False
        self.real = None
        self.uninstall = []   # natively installed projects pip uninstall removes


def tags_for(info):
    nodot = "%d%d" % (info["major"], info["minor"])
    plat = re.sub(r"[-.]", "_", info["platform"])
    arch = plat.split("_", 1)[1] if plat.startswith("linux_") else None
    return {
        "cp": "cp" + nodot, "abi": "cp" + nodot + info["abiflags"], "py": "py" + nodot,
        "prev": "cp%d%d" % (info["major"], info["minor"] - 1), "plat": plat, "arch": arch,
    }


def tagged(dest, name, version, tag, label, **kw):
    mod = canonical(name).replace("-", "_")
    files = {mod + "/__init__.py": "TAG = %r\n" % label}
    purelib = tag.endswith("-none-any")
    return build_wheel(dest, name, version, tag, files=files, purelib=purelib, **kw)


def build_choices(W, W2, t, house):
    """Several wheels of one name and version: pip's choice among them."""
    cp, abi, py, plat, arch = t["cp"], t["abi"], t["py"], t["plat"], t["arch"]
    sets = {
        # the best supported tag among many, some unsupported but "better"
        "choice": ["py3-none-any", py + "-none-any", cp + "-none-any", cp + "-abi3-" + plat,
                   "%s-%s-%s" % (cp, abi, plat), "py2-none-any", "%s-%s-win_amd64" % (cp, abi)],
        # abi3 of this and an older CPython, a platform-specific py3
        "choice2": ["py3-none-any", "%s-abi3-%s" % (t["prev"], plat), cp + "-abi3-" + plat,
                    "py3-none-" + plat],
        # pure tags only: cpXY-none-any beats pyXY beats py3
        "choice3": ["py3-none-any", py + "-none-any", cp + "-none-any", "py2.py3-none-any"],
        # a tie in tag: pip takes the lowest URL
        "choice4": ["py3-none-any", "py2.py3-none-any"],
    }
    if arch:
        sets["choice"] += ["%s-%s-manylinux2014_%s" % (cp, abi, arch),
                           "%s-%s-manylinux_2_17_%s" % (cp, abi, arch),
                           "%s-%s-manylinux_2_999_%s" % (cp, abi, arch),
                           "%s-%s-musllinux_1_1_%s" % (cp, abi, arch)]
        sets["choice2"].append("%s-abi3-manylinux_2_999_%s" % (cp, arch))
    for name, tags in sets.items():
        for tag in tags:
            tagged(W, name, "1.0", tag, tag)
        house.choices[name] = "tags " + ", ".join(tags)
    tagged(W, "choice", "0.9", "py3-none-any", "0.9 py3-none-any")
    # a tie across two --find-links directories (W2 is named first)
    tagged(W2, "choice5", "1.0", "py3-none-any", "W2 py3-none-any")
    tagged(W, "choice5", "1.0", "py2.py3-none-any", "W py2.py3-none-any")
    house.choices["choice5"] = "a tie across directories: W2 (named first) py3-none-any, W py2.py3-none-any"
    # one version spelled two ways
    tagged(W, "choice6", "1.0", "py3-none-any", "1.0")
    tagged(W, "choice6", "1.0.0", "py3-none-any", "1.0.0")
    house.choices["choice6"] = "versions 1.0 and 1.0.0, pinned ==1.0"
    # a local version matches ==1.0 and is higher
    tagged(W, "choice7", "1.0", "py3-none-any", "1.0")
    tagged(W, "choice7", "1.0+local", "py3-none-any", "1.0+local")
    house.choices["choice7"] = "versions 1.0 and 1.0+local, pinned ==1.0"
    # build tags: the highest (10b) among one tag, an unsupported one higher
    tagged(W, "choice8", "1.0", "py3-none-any", "no build")
    for build in ("1", "2", "10b", "10a"):
        tagged(W, "choice8", "1.0", "py3-none-any", "build " + build, build=build)
    tagged(W, "choice8", "1.0", "py2-none-any", "build 99 py2", build="99")
    house.choices["choice8"] = "builds none, 1, 2, 10a, 10b (py3) and 99 (py2)"
    for name in sorted(house.choices):
        house.locked.append("%s==1.0" % name)
        house.unpinned.append(name)


PURE_INIT = '''\
import os
import sys


def main():
    print("%s %s" % (os.path.basename(sys.argv[0]), sys.prefix))
    return 0


def gui():
    print("gui %s" % sys.prefix)
'''

PURE_CLI = '''\
import sys


class Main:
    @staticmethod
    def run():
        print("dotted %s" % sys.prefix)
'''

PY_SCRIPT = "#!python\nimport sys\nprint('data-script %s' % sys.prefix)\n"


def build_pure(W, house):
    files = {
        "pure/__init__.py": PURE_INIT,
        "pure/cli.py": PURE_CLI,
        "pure/data.txt": "package data\n",
        "pure/tool.sh": "#!/bin/sh\necho tool\n",
        "pure/empty.txt": "",
        "DATA/scripts/pure-py": PY_SCRIPT,
        "DATA/scripts/pure-pyargs": "#!python -E\r\nimport sys\r\nprint('pyargs %s' % sys.prefix)\r\n",
        "DATA/scripts/pure-pythonw": "#!pythonw\nimport sys\nprint('pythonw %s' % sys.prefix)\n",
        "DATA/scripts/pure-sh": "#!/bin/sh\necho pure-sh\n",
        "DATA/scripts/pure-noexec": PY_SCRIPT,
        "DATA/headers/pure.h": "#define PURE 1\n",
        "DATA/data/share/pure/readme.txt": "hello\n",
        "DATA/data/etc/pure.conf": "[pure]\n",
        "DATA/purelib/pure_extra.py": "EXTRA = 1\n",
    }
    eps = ("[console_scripts]\n"
           "pure-cli = pure:main\n"
           "pure-dotted = pure.cli:Main.run\n"
           "pure-extra = pure:main [feat]\n"
           "Pure.Upper=pure:main\n"
           "\n"
           "[gui_scripts]\n"
           "pure-gui = pure:gui\n")
    build_wheel(W, "pure", "1.0", files=files, entry_points=eps,
                attrs={"pure/tool.sh": (0o100755, 3), "DATA/scripts/pure-noexec": (0o100644, 3)})
    build_wheel(W, "pure", "0.9", files={"pure/__init__.py": "OLD = 1\n"})
    house.locked.append('pure==1.0 ; python_version >= "3"')
    house.unpinned.append("pure")
    house.uninstall.append("pure")
    house.scripts.update({
        "pure-cli": "pure-cli", "pure-dotted": "dotted", "pure-extra": "pure-extra",
        "Pure.Upper": "Pure.Upper", "pure-gui": "gui", "pure-py": "data-script",
        "pure-pyargs": "pyargs", "pure-pythonw": "pythonw", "pure-sh": None,
    })


def build_others(W, D, t, house, ext):
    # a namespace package from two wheels
    wheelgen.make_wheel(W, "nsa", "1.0", modules={"ns/a/__init__.py": "A = 'a'\n"})
    wheelgen.make_wheel(W, "nsb", "1.0", modules={"ns/b/__init__.py": "B = 'b'\n"})
    # extras, and markers that exclude dependencies here
    wheelgen.make_wheel(W, "feat", "1.0", modules={"feat/__init__.py": ""},
                        requires=['featdep>=1.0 ; extra == "feat"', 'otherdep ; extra == "other"',
                                  'neverdep ; python_version < "3"'])
    wheelgen.make_wheel(W, "featdep", "1.0", modules={"featdep/__init__.py": "V = '1.0'\n"})
    wheelgen.make_wheel(W, "featdep", "0.5", modules={"featdep/__init__.py": "V = '0.5'\n"})
    wheelgen.make_wheel(W, "markerpkg", "1.0", modules={"markerpkg/__init__.py": ""})
    # a name spelled otherwise in the requirement, with headers
    build_wheel(W, "Mixed.Case_Name", "1.0", files={"mixed_case/__init__.py": "",
                                                    "DATA/headers/mixed.h": "#define MIXED 1\n"})
    # entry-point names pip treats specially
    build_wheel(W, "epnames", "1.0", files={"epnames/__init__.py": "def main():\n    print('ep')\n"},
                entry_points="[console_scripts]\npip9.9.9 = epnames:main\neasy_install-3 = epnames:main\n"
                             "pip9 = epnames:main\neasy_install-9.9 = epnames:main\n"
                             "\n[gui_scripts]\npip2.7 = epnames:main\n")
    # a RECORD row without a hash (pip keeps it as it is)
    build_wheel(W, "oddrec", "1.0", files={"oddrec/__init__.py": "", "oddrec/nohash.txt": "x\n"},
                record_rows={"oddrec/nohash.txt": ("", "")})
    # a wheel named by its path
    wheelgen.make_wheel(D, "direct", "1.0", modules={"direct/__init__.py": ""})
    direct = os.path.join(D, "direct-1.0-py3-none-any.whl")
    # and one by a file: URL with its digest in the fragment
    durl = wheelgen.make_wheel(D, "durl", "1.0", modules={"durl/__init__.py": ""})
    with open(durl, "rb") as f:
        durl = "durl @ file://%s#sha256=%s" % (durl, hashlib.sha256(f.read()).hexdigest())
    house.locked += ["nsa==1.0", "nsb==1.0", "feat[feat]==1.0", "featdep==1.0",
                     'markerpkg==1.0 ; python_version < "3"', "mixed-case-name==1.0", "epnames==1.0",
                     "oddrec==1.0", direct, durl]
    house.unpinned += ["nsa", "nsb", "feat[feat]", 'markerpkg ; python_version < "3"', "mixed-case-name",
                       "epnames", "oddrec", direct, durl]
    house.uninstall += ["nsa", "mixed-case-name", "epnames"]
    if ext:
        cp, abi, plat, arch = t["cp"], t["abi"], t["plat"], t["arch"]
        name = "cext/_speed" + ext[1]
        common = {name: ext[0], "cext/__init__.py": "from cext._speed import add\nfrom cext._tag import TAG\n",
                  "DATA/purelib/cext_pure.py": "PURE = 1\n", "DATA/platlib/cext_plat.py": "PLAT = 1\n"}
        tags = ["%s-%s-%s" % (cp, abi, plat)]
        if arch:
            tags.append("%s-%s-manylinux_2_17_%s" % (cp, abi, arch))
        for tag in tags:
            files = dict(common)
            files["cext/_tag.py"] = "TAG = %r\n" % tag
            build_wheel(W, "cext", "1.0", tag, files=files, purelib=False, attrs={name: (0o100755, 3)})
        house.choices["cext"] = "tags " + ", ".join(tags)
        house.locked.append("cext==1.0")
        house.unpinned.append("cext")
        house.uninstall.append("cext")
        house.ext = True


def build_edge(E, house):
    # sha512 in RECORD (PEP 376 allows any algorithm of hashlib as strong)
    data = b"strong = 1\n"
    build_wheel(E, "sha512rec", "1.0", files={"sha512rec/__init__.py": data},
                record_rows={"sha512rec/__init__.py": (record_hash(data, "sha512"), str(len(data)))})
    # modes pip reads from external_attr: exec bits without a file type, and
    # exec bits from a zip made on MS-DOS
    build_wheel(E, "modes", "1.0", files={"modes/__init__.py": "", "modes/notype.sh": "#!/bin/sh\n",
                                          "modes/dos.sh": "#!/bin/sh\n"},
                attrs={"modes/notype.sh": (0o755, 3), "modes/dos.sh": (0o100755, 0)})
    house.edge = [("sha512rec", "a RECORD with sha512 digests"),
                  ("modes", "zip modes: executable without a file type, and from MS-DOS")]


def write_reqs(path, dirs, lines):
    with open(path, "w") as f:
        f.write("--no-index\n")
        for d in dirs:
            f.write("-f %s\n" % d)
        for line in lines:
            f.write(line + "\n")
