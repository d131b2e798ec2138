#!/usr/bin/env python3
"""Build small, valid pure-Python wheels for tests (standard library only).

Importable:

    from wheelgen import make_wheel
    path = make_wheel("/tmp/wheels", "demo_pkg", "1.0",
                      modules={"demo_pkg/__init__.py": "def main():\n    print('hi')\n"},
                      console_scripts={"demo-cli": "demo_pkg:main"},
                      data_files={"scripts/demo-sh": "#!python\nprint('x')\n",
                                  "data/share/demo_pkg/readme.txt": "hello\n"})

CLI:

    python3 wheelgen.py DEST NAME VERSION

writes a demo wheel with one module (NAME with '-' and '.' turned into '_')
and one console script (NAME, calling MODULE:main) into DEST and prints its path.

The wheel follows the binary distribution format (PEP 427 / 491):
  {dist}-{version}-py3-none-any.whl containing the package files,
  {dist}-{version}.dist-info/METADATA   (Metadata-Version 2.1, Name, Version)
  {dist}-{version}.dist-info/WHEEL      (Wheel-Version 1.0, Generator,
                                         Root-Is-Purelib: true, Tag: py3-none-any)
  {dist}-{version}.dist-info/entry_points.txt  (only with console scripts)
  {dist}-{version}.dist-info/RECORD     (sha256=<urlsafe b64, no padding>,size;
                                         RECORD itself listed as "...,,")
  optional {dist}-{version}.data/<category>/... entries (scripts, data, headers,
  purelib, platlib).
"""

import base64
import csv
import hashlib
import io
import os
import re
import sys
import zipfile

GENERATOR = "pyvenv-wheelgen 1.0"
DATA_CATEGORIES = ("scripts", "data", "headers", "purelib", "platlib")
# Fixed timestamp so that the same inputs give byte-identical wheels.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def escape_name(name):
    """Distribution name as it appears in wheel and .dist-info file names."""
    return re.sub(r"[-_.]+", "_", name)


def escape_version(version):
    """Version as it appears in wheel and .dist-info file names ('-' -> '_')."""
    return version.replace("-", "_")


def record_hash(data):
    """'sha256=<urlsafe base64 without padding>' of bytes, as RECORD wants."""
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _to_bytes(content):
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    raise TypeError("file content must be str or bytes, not %r" % type(content).__name__)


def _check_relpath(relpath):
    if not relpath or relpath.startswith("/") or "\\" in relpath:
        raise ValueError("bad relative path in wheel: %r" % relpath)
    parts = relpath.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise ValueError("bad relative path in wheel: %r" % relpath)


def _normalize_data_files(data_files):
    """Accept {"category/relpath": content} or {"category": {relpath: content}}."""
    out = []
    for key, value in (data_files or {}).items():
        if isinstance(value, dict):
            category = key
            items = [(category, rel, content) for rel, content in value.items()]
        else:
            category, _, rel = key.partition("/")
            items = [(category, rel, value)]
        for category, rel, content in items:
            if category not in DATA_CATEGORIES:
                raise ValueError("unknown .data category %r (want one of %s)"
                                 % (category, ", ".join(DATA_CATEGORIES)))
            _check_relpath(rel)
            out.append((category, rel, content))
    return out


def make_wheel(dest_dir, name, version, modules=None, console_scripts=None,
               data_files=None, gui_scripts=None, summary=None, requires=(), extras=()):
    """Write a wheel into dest_dir and return its path.

    modules:         {relpath inside the wheel root (purelib): str|bytes}
    console_scripts: {script name: "module:function"}
    gui_scripts:     {script name: "module:function"}
    data_files:      {"scripts/NAME" | "data/REL/PATH" | ...: str|bytes}, or
                     {"scripts": {NAME: content}, "data": {REL: content}};
                     stored under {dist}-{version}.data/<category>/...
                     (scripts get the executable bit in the zip).
    requires:        iterable of Requires-Dist lines.
    extras:          iterable of Provides-Extra names.
    """
    modules = dict(modules or {})
    console_scripts = dict(console_scripts or {})
    gui_scripts = dict(gui_scripts or {})
    dist = escape_name(name)
    ver = escape_version(version)
    dist_info = "%s-%s.dist-info" % (dist, ver)
    data_dir = "%s-%s.data" % (dist, ver)
    wheel_name = "%s-%s-py3-none-any.whl" % (dist, ver)

    entries = []  # (arcname, bytes, executable)
    for rel, content in modules.items():
        _check_relpath(rel)
        top = rel.split("/", 1)[0]
        if top in (dist_info, data_dir):
            raise ValueError("module path %r collides with wheel metadata" % rel)
        entries.append((rel, _to_bytes(content), False))
    for category, rel, content in _normalize_data_files(data_files):
        entries.append(("%s/%s/%s" % (data_dir, category, rel), _to_bytes(content),
                        category == "scripts"))

    metadata = ["Metadata-Version: 2.1", "Name: %s" % name, "Version: %s" % version]
    if summary:
        metadata.append("Summary: %s" % summary)
    for extra in extras:
        metadata.append("Provides-Extra: %s" % extra)
    for req in requires:
        metadata.append("Requires-Dist: %s" % req)
    entries.append((dist_info + "/METADATA", ("\n".join(metadata) + "\n\n").encode(), False))
    wheel = ["Wheel-Version: 1.0", "Generator: %s" % GENERATOR,
             "Root-Is-Purelib: true", "Tag: py3-none-any"]
    entries.append((dist_info + "/WHEEL", ("\n".join(wheel) + "\n\n").encode(), False))
    if console_scripts or gui_scripts:
        ep = []
        for section, scripts in (("console_scripts", console_scripts),
                                 ("gui_scripts", gui_scripts)):
            if not scripts:
                continue
            if ep:
                ep.append("")
            ep.append("[%s]" % section)
            for script, target in sorted(scripts.items()):
                if ":" not in target:
                    raise ValueError("entry point %r must look like 'module:function'" % target)
                ep.append("%s = %s" % (script, target))
        entries.append((dist_info + "/entry_points.txt", ("\n".join(ep) + "\n").encode(), False))

    names = [e[0] for e in entries]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError("duplicate paths in wheel: %s" % ", ".join(dupes))

    record_path = dist_info + "/RECORD"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for arcname, data, _ in entries:
        writer.writerow((arcname, record_hash(data), str(len(data))))
    writer.writerow((record_path, "", ""))
    entries.append((record_path, buf.getvalue().encode("utf-8"), False))

    os.makedirs(dest_dir, exist_ok=True)
    path = os.path.join(dest_dir, wheel_name)
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for arcname, data, executable in entries:
            info = zipfile.ZipInfo(arcname, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if executable else 0o644
            info.external_attr = (0o100000 | mode) << 16  # regular file + permissions
            info.create_system = 3  # unix, so the mode bits are honoured
            zf.writestr(info, data)
    os.replace(tmp, path)
    return path


def verify_wheel(path):
    """Check a wheel's RECORD against its members; return a list of problems."""
    problems = []
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        records = [n for n in names if n.endswith(".dist-info/RECORD")]
        if len(records) != 1:
            return ["expected exactly one .dist-info/RECORD, found %d" % len(records)]
        record = records[0]
        listed = {}
        for row in csv.reader(io.StringIO(zf.read(record).decode("utf-8"))):
            if not row:
                continue
            if len(row) != 3:
                problems.append("RECORD row with %d fields: %r" % (len(row), row))
                continue
            listed[row[0]] = (row[1], row[2])
        for name in names:
            if name.endswith("/"):
                continue
            if name not in listed:
                problems.append("not in RECORD: %s" % name)
                continue
            want_hash, want_size = listed[name]
            if name == record:
                if want_hash or want_size:
                    problems.append("RECORD lists itself with a hash/size")
                continue
            data = zf.read(name)
            if want_hash != record_hash(data):
                problems.append("hash mismatch: %s" % name)
            if want_size != str(len(data)):
                problems.append("size mismatch: %s" % name)
        for name in listed:
            if name not in names:
                problems.append("listed in RECORD but missing: %s" % name)
    return problems


def make_demo_wheel(dest_dir, name, version):
    """The CLI's wheel: one module and one console script."""
    module = escape_name(name).lower()
    source = (
        "import sys\n"
        "\n"
        "MESSAGE = 'hello from %s %s'\n"
        "\n"
        "def main():\n"
        "    print(MESSAGE)\n"
        "    print(sys.prefix)\n"
        "    return 0\n" % (name, version)
    )
    return make_wheel(dest_dir, name, version,
                      modules={module + "/__init__.py": source},
                      console_scripts={name: module + ":main"})


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3 or argv[0] in ("-h", "--help"):
        sys.stderr.write("usage: wheelgen.py DEST NAME VERSION\n")
        return 2
    dest, name, version = argv
    path = make_demo_wheel(dest, name, version)
    problems = verify_wheel(path)
    if problems:
        for p in problems:
            sys.stderr.write("wheelgen: %s\n" % p)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
