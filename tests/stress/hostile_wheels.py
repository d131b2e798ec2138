#!/usr/bin/env python3
"""hostile_wheels.py: hostile and broken wheels of demo 1.0, for pyvenv's
native installer (lib/wheel.c).

    hostile_wheels.py OUTDIR [--outside ABS] [--list] [CASE...]

Writes one wheel per case (all cases, or those named), each alone in its
own directory, OUTDIR/CASE/demo-1.0-py3-none-any.whl (so `--find-links
OUTDIR/CASE` and `demo==1.0` find it), and OUTDIR/cases.tsv: one line per
case, tab-separated:

    name      the case
    wheel     the wheel's path
    expect    refuse: the install fails with a message that holds both
                      the fragment and the member, and writes nothing
                      outside its destination
              accept: the install succeeds (not hostile, or harmless as
                      pyvenv reads it), nothing outside, no set-uid,
                      set-gid or sticky bit installed
    fragment  a plain substring of the message (refuse), else empty
    member    a plain substring of the message naming the member it is
              about, as the message shows it (quoted; control characters
              and bytes that are not UTF-8 as \\xNN), or empty when the
              case is about the whole archive
    written   nothing: refused before any file is written
              inside:  may leave files below the destination (refused
                       while the contents are checked, as they are written)
    what      what the case is

ABS (default OUTDIR/outside) is where absolute names and links aim; every
name an attack would create contains "evil", so a caller can look for it
anywhere. Relative attacks climb five levels, above any site-packages.
Only the standard library is used; the zips are written byte by byte here
(zipfile cannot write a NUL in a name, sizes that lie or two local headers
that disagree with the central directory). Each wheel is small: the two of
128 MiB of zeros are some 130 KB deflated.
"""
import argparse
import base64
import csv
import hashlib
import io
import os
import struct
import sys
import zlib

DIST = "demo"
VERSION = "1.0"
DI = "demo-1.0.dist-info/"
DD = "demo-1.0.data/"
WHEEL_NAME = "demo-1.0-py3-none-any.whl"
UP = "../../../../../"  # above any site-packages (lib/pythonX.Y/site-packages)
BIG = 128 << 20

INIT = b"def main():\n    print('demo')\n    return 0\n"
METADATA = b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\n"
WHEEL = b"Wheel-Version: 1.0\nGenerator: hostile_wheels\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


# --- zips, byte by byte -------------------------------------------------------

class M:
    """A zip member. name: str or bytes (written as given); data: bytes.
    mode: the Unix mode in the external attributes (0o120777: a symbolic
    link whose data is the target). flags: the general purpose flags (0x800:
    the name is UTF-8). The rest make the headers lie: local_name, the
    local header's name; local_usize/local_csize/cd_usize/cd_csize, sizes;
    crc, the CRC-32 both headers give; comp, the compressed data. record:
    False to leave it out of the RECORD."""

    def __init__(self, name, data=b"", mode=0o100644, flags=None, method=8, record=True, **lies):
        self.name = name.encode() if isinstance(name, str) else name
        self.data = data
        self.mode = mode
        self.flags = flags if flags is not None else (0x800 if any(b > 0x7f for b in self.name) else 0)
        self.method = method
        self.record = record
        self.lies = lies


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def zip_bytes(members):
    out, cd = bytearray(), bytearray()
    for m in members:
        lie = m.lies.get
        comp = lie("comp", m.data if m.method == 0 else deflate(m.data))
        crc = lie("crc", zlib.crc32(m.data))
        usize, csize = len(m.data), len(comp)
        lname = lie("local_name", m.name)
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, m.flags, m.method, 0, 0x21, crc,
                           lie("local_csize", csize), lie("local_usize", usize), len(lname), 0)
        out += lname + comp
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, (3 << 8) | 20, 20, m.flags, m.method, 0,
                          0x21, crc, lie("cd_csize", csize), lie("cd_usize", usize), len(m.name), 0,
                          0, 0, 0, (m.mode << 16) & 0xffffffff, offset)
        cd += m.name
    start = len(out)
    out += cd
    out += struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, len(members), len(members), len(cd), start, 0)
    return bytes(out)


def record_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def record_text(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in rows:
        w.writerow(row)
    return buf.getvalue().encode("utf-8", "surrogateescape")


def row_of(m):
    name = m.name.split(b"\0")[0].decode("utf-8", "surrogateescape")
    return (name, record_hash(m.data), str(len(m.data)))


def wheel(*extra, entry_points=None, wheel_text=WHEEL, dist_info=DI, record=None, extra_rows=(),
          no_wheel=False, no_record=False, base=True):
    """The demo wheel: demo/__init__.py, METADATA, WHEEL, entry_points.txt
    (when given), the extra members, then RECORD (a correct row for each
    member unless told otherwise, then extra_rows), in that order."""
    members = [M("demo/__init__.py", INIT)] if base else []
    members.append(M(dist_info + "METADATA", METADATA))
    if not no_wheel:
        members.append(M(dist_info + "WHEEL", wheel_text))
    if entry_points is not None:
        members.append(M(dist_info + "entry_points.txt", entry_points))
    members += list(extra)
    if no_record:
        return zip_bytes(members)
    if record is None:
        rows = [row_of(m) for m in members if m.record and not (m.mode >> 12) in (0o4, 0o12)]
        record = record_text(rows + list(extra_rows) + [(dist_info + "RECORD", "", "")])
    return zip_bytes(members + [M(dist_info + "RECORD", record)])


def ep(name):
    return ("[console_scripts]\n%s = demo:main\n" % name).encode("utf-8", "surrogateescape")


def shown(name):
    """A name as pyvenv's messages show it (lib/wheel.c show())."""
    if isinstance(name, bytes):
        name = name.decode("utf-8", "surrogateescape")
    out = []
    for ch in name:
        c = ord(ch)
        if 0xdc80 <= c <= 0xdcff:
            out.append("\\x%02x" % (c - 0xdc00))
        elif c < 0x20 or c == 0x7f:
            out.append("\\x%02x" % c)
        elif 0x80 <= c < 0xa0:
            out.append("\\u%04x" % c)
        else:
            out.append(ch)
    return "".join(out)


def q(name):
    return "'" + shown(name) + "'"


# --- the cases ----------------------------------------------------------------

CASES = []


def case(expect, fragment, member, what, written=None):
    written = written or ("nothing" if expect == "refuse" else "inside")

    def register(fn):
        CASES.append((fn.__name__.replace("_", "-"), expect, fragment, member, written, what, fn))
        return fn
    return register


UNSAFE = "has an unsafe member name"
SYMLINK = "that is a symbolic link"
SCHEMES = "outside the schemes of its .data directory"
EP_NAME = "that is not a plain file name"
NOT_UTF8 = "not valid UTF-8"


# Names.
@case("refuse", UNSAFE, q(UP + "evil-dotdot"), "a member ../../../../../evil-dotdot")
def dotdot(ctx):
    return wheel(M(UP + "evil-dotdot", b"evil\n"))


@case("refuse", UNSAFE, q("demo/" + UP + "evil-inner"), "a member demo/../../../../../evil-inner")
def dotdot_inner(ctx):
    return wheel(M("demo/" + UP + "evil-inner", b"evil\n"))


@case("refuse", UNSAFE, lambda ctx: q(ctx.outside + "/evil-abs"), "an absolute member OUTSIDE/evil-abs")
def absolute(ctx):
    return wheel(M(ctx.outside + "/evil-abs", b"evil\n"))


@case("refuse", UNSAFE, q(UP + "evil-backslash"),
      "a member ..\\..\\..\\..\\..\\evil-backslash (libarchive reads '\\' as '/')")
def backslash(ctx):
    return wheel(M(UP.replace("/", "\\") + "evil-backslash", b"evil\n"))


@case("refuse", UNSAFE, q("demo/./evil-dot"), "a member demo/./evil-dot")
def dot_component(ctx):
    return wheel(M("demo/./evil-dot", b"evil\n"))


@case("refuse", UNSAFE, "'demo/a/a/a/", "a name of 4206 bytes, more than PATH_MAX")
def long_path(ctx):
    return wheel(M("demo/" + "a/" * 2100 + "evil-long", b"evil\n"))


@case("refuse", "longer than 255 bytes", q("demo/" + "n" * 300), "a component of 300 bytes, more than NAME_MAX")
def long_component(ctx):
    return wheel(M("demo/" + "n" * 300, b"long\n"))


@case("refuse", "with a control character", q("demo/evil\nnewline.py"), "a member name with a newline")
def newline_name(ctx):
    return wheel(M("demo/evil\nnewline.py", b"evil\n"))


@case("refuse", "with a control character", q("demo/evil\x1b]0;owned\x07.py"),
      "a member name with a terminal escape sequence")
def escape_name(ctx):
    return wheel(M("demo/evil\x1b]0;owned\x07.py", b"evil\n"))


@case("refuse", NOT_UTF8, q(b"demo/evil-\xff.py"), "a member name that is not UTF-8 (no UTF-8 flag)")
def name_not_utf8(ctx):
    return wheel(M(b"demo/evil-\xff.py", b"evil\n", flags=0))


@case("refuse", NOT_UTF8, "the member after 'demo-1.0.dist-info/WHEEL'",
      "a member name that is not UTF-8 but says it is (flag 0x800): it cannot be shown")
def name_not_utf8_flagged(ctx):
    return wheel(M(b"demo/evil-\xc0\xaf.py", b"evil\n", flags=0x800, record=False))


@case("refuse", "twice", q("demo/__init__.py"),
      "a name with a NUL, demo/__init__.py<NUL>/../../evil: read as demo/__init__.py, a second one")
def nul_name_twice(ctx):
    return wheel(M(b"demo/__init__.py\0/" + UP.encode() + b"evil-nul", b"evil = 1\n", record=False))


@case("accept", "", "", "a name with a NUL, demo/nul-cut.py<NUL>/../../x: read (as by Python's zipfile, "
      "which pip uses) as demo/nul-cut.py, which the RECORD lists; harmless")
def nul_name_cut(ctx):
    return wheel(M(b"demo/nul-cut.py\0/" + UP.encode() + b"x", b"cut = 1\n"))


@case("accept", "", "", "not hostile: a UTF-8 name marked as such (flag 0x800, as Python's zipfile writes it), "
      "read in any locale")
def utf8_name(ctx):
    return wheel(M("demo/données-€.txt", b"utf-8\n", flags=0x800))


@case("accept", "", "", "not hostile: a UTF-8 name not marked as such")
def utf8_name_unmarked(ctx):
    return wheel(M("demo/données-€.txt", b"utf-8\n", flags=0))


# Links and other types.
@case("refuse", SYMLINK, q("demo/link-out"), "a symbolic link demo/link-out -> OUTSIDE (zip attributes)")
def symlink_out(ctx):
    return wheel(M("demo/link-out", ctx.outside.encode(), mode=0o120777))


@case("refuse", SYMLINK, q("demo/link-up"), "a symbolic link demo/link-up -> ../../../../../")
def symlink_up(ctx):
    return wheel(M("demo/link-up", UP.encode(), mode=0o120777))


@case("refuse", SYMLINK, q("demo/link-in"), "a symbolic link demo/link-in -> __init__.py (inside)")
def symlink_in(ctx):
    return wheel(M("demo/link-in", b"__init__.py", mode=0o120777))


@case("refuse", SYMLINK, q("demo/linkdir"),
      "a directory link demo/linkdir -> OUTSIDE, then demo/linkdir/evil-through written through it")
def symlink_dir_then_file(ctx):
    return wheel(M("demo/linkdir", ctx.outside.encode(), mode=0o120777),
                 M("demo/linkdir/evil-through", b"evil\n"))


@case("refuse", SYMLINK, q("demo/linkself"),
      "a directory link demo/linkself -> . (inside), then demo/linkself/evil-self")
def symlink_dir_inside(ctx):
    return wheel(M("demo/linkself", b".", mode=0o120777), M("demo/linkself/evil-self", b"evil\n"))


@case("accept", "", "", "a file with set-uid, set-gid and sticky bits (mode 07755): installed 0755")
def setuid_bits(ctx):
    return wheel(M("demo/suid.py", b"x = 1\n", mode=0o107755))


# .data directories.
@case("refuse", UNSAFE, q(DD + "purelib/" + UP + "evil-data"), "a member .data/purelib/../../../../../evil-data")
def data_dotdot(ctx):
    return wheel(M(DD + "purelib/" + UP + "evil-data", b"evil\n"))


@case("refuse", UNSAFE, q(DD + "scripts/../evil-scripts"), "a member .data/scripts/../evil-scripts")
def data_scripts_dotdot(ctx):
    return wheel(M(DD + "scripts/../evil-scripts", b"evil\n"))


@case("refuse", SCHEMES, q(DD + "unknown/evil-unknown"), "a member .data/unknown/evil-unknown")
def data_unknown(ctx):
    return wheel(M(DD + "unknown/evil-unknown", b"evil\n"))


@case("refuse", SCHEMES, q(DD + "evil-bare"), "a file right in .data, of no scheme")
def data_bare(ctx):
    return wheel(M(DD + "evil-bare", b"evil\n"))


@case("refuse", SCHEMES, q("other-1.0.data/purelib/evil-other"), "another project's .data directory")
def data_other(ctx):
    return wheel(M("other-1.0.data/purelib/evil-other", b"evil\n"))


# The RECORD.
@case("refuse", "which is not a safe member name", q(UP + "etc/evil-record"),
      "a RECORD row naming ../../../../../etc/evil-record (no such member)")
def record_dotdot(ctx):
    return wheel(extra_rows=[(UP + "etc/evil-record", record_hash(b"evil\n"), "5")])


@case("refuse", "which is not a safe member name", lambda ctx: q(ctx.outside + "/evil-record-abs"),
      "a RECORD row naming OUTSIDE/evil-record-abs")
def record_absolute(ctx):
    return wheel(extra_rows=[(ctx.outside + "/evil-record-abs", record_hash(b"evil\n"), "5")])


@case("refuse", "its RECORD says sha256=", q("demo/__init__.py"),
      "demo/__init__.py whose RECORD hash is another content's", "inside")
def record_hash_mismatch(ctx):
    rows = [("demo/__init__.py", record_hash(INIT.replace(b"demo", b"evil")), str(len(INIT))),
            row_of(M(DI + "METADATA", METADATA)), row_of(M(DI + "WHEEL", WHEEL)), (DI + "RECORD", "", "")]
    return wheel(record=record_text(rows))


@case("refuse", "bytes, its RECORD says", q("demo/__init__.py"), "demo/__init__.py whose RECORD size lies")
def record_size_lies(ctx):
    rows = [("demo/__init__.py", record_hash(INIT), str(len(INIT) + 1)),
            row_of(M(DI + "METADATA", METADATA)), row_of(M(DI + "WHEEL", WHEEL)), (DI + "RECORD", "", "")]
    return wheel(record=record_text(rows))


@case("refuse", "is not in its RECORD", q("demo/evil-unlisted.py"), "a member the RECORD does not list")
def record_missing_member(ctx):
    return wheel(M("demo/evil-unlisted.py", b"evil\n", record=False))


@case("refuse", "two different rows for", q("demo/__init__.py"), "two RECORD rows for one member, different")
def record_two_rows(ctx):
    return wheel(extra_rows=[("demo/__init__.py", record_hash(b"evil\n"), "5")])


@case("refuse", "has a malformed", q(DI + "RECORD"), "a RECORD row of two fields")
def record_malformed(ctx):
    return wheel(record=b"demo/__init__.py,sha256=x\n")


# The metadata.
@case("refuse", "is not a wheel: it has no", q(DI + "RECORD"), "no RECORD")
def no_record(ctx):
    return wheel(no_record=True)


@case("refuse", "is not a wheel: it has no", q(DI + "WHEEL"), "no WHEEL")
def no_wheel(ctx):
    return wheel(no_wheel=True)


@case("refuse", "has no .dist-info", "", "no .dist-info at all")
def no_dist_info(ctx):
    return zip_bytes([M("demo/__init__.py", INIT)])


@case("refuse", "Wheel-Version 2.0 in", q(DI + "WHEEL"), "Wheel-Version: 2.0")
def wheel_version_2(ctx):
    return wheel(wheel_text=WHEEL.replace(b"1.0", b"2.0", 1))


@case("refuse", "has no Wheel-Version in", q(DI + "WHEEL"), "a WHEEL without Wheel-Version")
def wheel_version_missing(ctx):
    return wheel(wheel_text=b"Generator: hostile_wheels\nRoot-Is-Purelib: true\n")


@case("refuse", "not that of demo 1.0", q("other-1.0.dist-info"),
      "the .dist-info of another project (other-1.0.dist-info in demo-1.0-...whl)")
def other_dist_info(ctx):
    return wheel(dist_info="other-1.0.dist-info/")


@case("refuse", "not that of demo 1.0", q("demo-6.6.dist-info"), "the .dist-info of another version")
def other_version(ctx):
    return wheel(dist_info="demo-6.6.dist-info/")


@case("refuse", "more than one .dist-info directory", q("other-1.0.dist-info"), "two .dist-info directories")
def two_dist_infos(ctx):
    return wheel(M("other-1.0.dist-info/METADATA", METADATA.replace(b"demo", b"other")))


@case("refuse", "twice", q(DI + "RECORD"), "two RECORDs (the second lists an evil member)")
def record_twice(ctx):
    evil = M("demo/evil-second.py", b"evil\n", record=False)
    second = record_text([row_of(evil)])
    return wheel(evil, M(DI + "RECORD", second, record=False))


# Entry points.
@case("refuse", EP_NAME, q("../evil-ep"), "a console script ../evil-ep")
def ep_dotdot(ctx):
    return wheel(entry_points=ep("../evil-ep"))


@case("refuse", EP_NAME, lambda ctx: q(ctx.outside + "/evil-ep-abs"), "a console script OUTSIDE/evil-ep-abs")
def ep_absolute(ctx):
    return wheel(entry_points=ep(ctx.outside + "/evil-ep-abs"))


@case("refuse", EP_NAME, "'.'", "a console script .")
def ep_dot(ctx):
    return wheel(entry_points=ep("."))


@case("refuse", EP_NAME, "'..'", "a console script ..")
def ep_dotdot_only(ctx):
    return wheel(entry_points=ep(".."))


@case("refuse", EP_NAME, "''", "a console script with an empty name")
def ep_empty(ctx):
    return wheel(entry_points=b"[console_scripts]\n = demo:main\n")


@case("refuse", EP_NAME, q("evil\rname"), "a console script name with a carriage return")
def ep_control(ctx):
    return wheel(entry_points=ep("evil\rname"))


@case("refuse", EP_NAME, q("evil\x1b[2Jname"), "a GUI script name with a terminal escape sequence")
def ep_escape(ctx):
    return wheel(entry_points=b"[gui_scripts]\nevil\x1b[2Jname = demo:main\n")


@case("refuse", "that is not of the form 'module:function'", q("evil-ep = os:system('id')"),
      "an entry point that is code, not module:function")
def ep_code(ctx):
    return wheel(entry_points=b"[console_scripts]\nevil-ep = os:system('id')\n")


@case("refuse", "that is not UTF-8 text", q(DI + "entry_points.txt"),
      "entry_points.txt with a NUL byte (what follows it would be unseen)")
def ep_nul(ctx):
    return wheel(entry_points=b"[console_scripts]\ndemo = demo:main\n\0\nevil-ep = demo:main\n")


# The zip itself.
LIES = b"def lies():\n    return 'the local header says 7 bytes'\n"


@case("refuse", "Inconsistent uncompressed size", q("demo/lies.py"),
      "the local header's uncompressed size lies against the central directory's")
def local_size_lies(ctx):
    return wheel(M("demo/lies.py", LIES, local_usize=7))


@case("refuse", "Inconsistent compressed size", q("demo/lies.py"),
      "the local header's compressed size lies against the central directory's")
def local_csize_lies(ctx):
    return wheel(M("demo/lies.py", LIES, local_csize=7))


@case("refuse", UNSAFE, q(UP + "evil-local"),
      "the central directory says demo/ok.py, the local header ../../../../../evil-local")
def local_name_differs(ctx):
    return wheel(M("demo/ok.py", b"ok = 1\n", local_name=(UP + "evil-local").encode()))


@case("refuse", "ZIP bad CRC", "/demo/__init__.py'", "a CRC-32 that does not match the data", "inside")
def bad_crc(ctx):
    return zip_of_wheel(lambda m: m.name == b"demo/__init__.py", crc=0x12345678)


@case("refuse", "Passphrase required", "/demo/__init__.py'", "an encrypted member", "inside")
def encrypted(ctx):
    return zip_of_wheel(lambda m: m.name == b"demo/__init__.py", flags=1)


@case("refuse", "cannot open wheel", "", "the first half of a wheel")
def truncated(ctx):
    data = wheel()
    return data[:len(data) // 2]


@case("refuse", "cannot open wheel", "", "a wheel without its last 10 bytes (the end of the central directory)")
def truncated_tail(ctx):
    return wheel()[:-10]


@case("refuse", "twice", q("demo/__init__.py"), "demo/__init__.py twice, the second one evil")
def duplicate(ctx):
    return wheel(M("demo/__init__.py", b"print('evil')\n", record=False))


@case("refuse", "holds more than the 1000 bytes its header says", "/demo/zeros.bin'",
      "a bomb: 128 MiB of zeros that both headers and the RECORD declare as 1000 bytes (caught as soon "
      "as the data go past the declared size: extract.c writes no more)", "inside")
def bomb_size_lies(ctx):
    zeros = b"\0" * BIG
    bomb = M("demo/zeros.bin", zeros, cd_usize=1000, local_usize=1000, record=False)
    return wheel(bomb, extra_rows=[("demo/zeros.bin", record_hash(b"\0" * 1000), "1000")])


@case("refuse", "of more than 64 MiB", q(DI + "RECORD"),
      "a RECORD of 80 MiB (empty lines), which would be read into memory")
def record_bomb(ctx):
    rows = [row_of(m) for m in (M("demo/__init__.py", INIT), M(DI + "METADATA", METADATA), M(DI + "WHEEL", WHEEL))]
    return wheel(record=record_text(rows) + b"\n" * (80 << 20))


@case("refuse", "more than the 1000 bytes its zip headers declare", q(DD + "scripts/zeros"),
      "a script of 128 MiB of zeros declared as 1000 bytes (scripts are read into memory: stopped at 1000)",
      "inside")
def script_bomb_lies(ctx):
    bomb = M(DD + "scripts/zeros", b"\0" * BIG, cd_usize=1000, local_usize=1000, record=False)
    return wheel(bomb, extra_rows=[(DD + "scripts/zeros", record_hash(b"\0" * 1000), "1000")])


@case("refuse", "of more than 256 MiB", q(DD + "scripts/zeros"),
      "a script of 300 MiB of zeros, declared as such: scripts are read into memory, so refused "
      "(pip would install it)")
def script_huge(ctx):
    return wheel(M(DD + "scripts/zeros", b"\0" * (300 << 20)))


@case("accept", "", "", "128 MiB of zeros, declared as such: a big file, as pip installs it")
def bomb_honest(ctx):
    return wheel(M("demo/zeros.bin", b"\0" * BIG))


def zip_of_wheel(which, **lies):
    """The good wheel with the lies given in the members which(m) picks."""
    members = [M("demo/__init__.py", INIT), M(DI + "METADATA", METADATA), M(DI + "WHEEL", WHEEL)]
    rows = [row_of(m) for m in members] + [(DI + "RECORD", "", "")]
    members.append(M(DI + "RECORD", record_text(rows)))
    for m in members:
        if which(m):
            m.flags = lies.pop("flags", m.flags)
            m.lies.update(lies)
    return zip_bytes(members)


# --- main ---------------------------------------------------------------------

class Ctx:
    pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="where to write the wheels and cases.tsv")
    ap.add_argument("--outside", help="absolute directory the attacks aim at (default: OUT/outside)")
    ap.add_argument("--list", action="store_true", help="print the cases and exit")
    ap.add_argument("cases", nargs="*", help="cases to make (default: all)")
    args = ap.parse_args()
    if args.list:
        for name, expect, _, _, _, what, _ in CASES:
            print("%-24s %-7s %s" % (name, expect, what))
        return
    unknown = set(args.cases) - {c[0] for c in CASES}
    if unknown:
        sys.exit("unknown cases: " + " ".join(sorted(unknown)))
    out = os.path.abspath(args.out)
    ctx = Ctx()
    ctx.outside = os.path.abspath(args.outside or os.path.join(out, "outside"))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "cases.tsv"), "w", encoding="utf-8") as tsv:
        for name, expect, fragment, member, written, what, fn in CASES:
            if args.cases and name not in args.cases:
                continue
            os.makedirs(os.path.join(out, name), exist_ok=True)
            path = os.path.join(out, name, WHEEL_NAME)
            with open(path, "wb") as f:
                f.write(fn(ctx))
            if callable(member):
                member = member(ctx)
            fields = (name, path, expect, fragment, member, written, what)
            assert all("\t" not in x and "\n" not in x for x in fields), name
            tsv.write("\t".join(fields) + "\n")


if __name__ == "__main__":
    main()
