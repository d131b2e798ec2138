#!/usr/bin/env python3
"""hostile.py: hostile and broken pyvenv templates, made from a real one.

    hostile.py --base T.tar.zst --out DIR --outside ABS --up REL --scratch ABS
               [--list] [CASE...]

Reads the template T (made by `pyvenv pack`, so its metadata is valid) and
writes into DIR one archive per case (all cases, or those named), plus
DIR/cases.tsv: one line per case with its name, archive file, what pyvenv
must do with it, a grep -E pattern for its message, and what it is:

    refuse   exit 1, a message matching the pattern, nothing created
    strip    exit 0, no set-uid, set-gid or sticky bit in the result
    accept   exit 0 (not hostile: e.g. another compression than the name)
    either   exit 0 or 1, but never harm (the contract does not say which)

ABS paths and REL (the path from the directory pyvenv extracts into to the
directory OUTSIDE, e.g. ../../../../outside) are what the attacks aim at; the
caller puts them inside its scratch directory. Only the standard library
and the `zstd` command are used. Each case is small except too-many, which
streams 1,000,001 empty members through zstd.
"""
import argparse
import bz2
import copy
import gzip
import io
import hashlib
import json
import lzma
import os
import subprocess
import sys
import tarfile
import zipfile
import zlib

META = ".pyvenv-template.json"
DIGESTS = ".pyvenv-template-digests.json"
BLOCK = 512
ENTRIES_MAX = 1000000


# --- reading the base template ------------------------------------------------

def decompress(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] == b"\x28\xb5\x2f\xfd":
        return subprocess.run(["zstd", "-q", "-d", "-c"], input=data, stdout=subprocess.PIPE,
                              check=True).stdout
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:6] == b"\xfd7zXZ\x00":
        return lzma.decompress(data)
    return data


class Base:
    """The members of the base template: [(TarInfo, data or None)]."""

    def __init__(self, path):
        self.raw = decompress(path)
        tf = tarfile.open(fileobj=io.BytesIO(self.raw))
        self.members = []
        for info in tf.getmembers():
            data = tf.extractfile(info).read() if info.isreg() else None
            self.members.append((info, data))
        tf.close()
        assert self.members[0][0].name == META, "the base is not a template"
        assert self.members[1][0].name == DIGESTS, "the base template has no file digests"
        self.meta = json.loads(self.members[0][1])
        self.digests = json.loads(self.members[1][1])

    def entries(self):
        """A fresh copy of the members after the metadata and the digests."""
        return [(copy.copy(i), d) for i, d in self.members[2:]]


# --- writing tars -------------------------------------------------------------

def header(info):
    return info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")


def pad(data):
    return data + b"\0" * (-len(data) % BLOCK)


def member(name, data=b"pwned\n", type=tarfile.REGTYPE, mode=0o644, linkname="", **kw):
    info = tarfile.TarInfo(name)
    info.type = type
    info.mode = mode
    info.linkname = linkname
    info.mtime = 1700000000
    for k, v in kw.items():
        setattr(info, k, v)
    if type == tarfile.REGTYPE:
        info.size = len(data)
        return (info, data)
    info.size = 0
    return (info, None)


def meta_member(meta):
    text = meta if isinstance(meta, bytes) else json.dumps(meta, indent=1).encode()
    return member(META, text)


def tar(entries, end=True):
    """entries: (TarInfo, data) pairs, or bytes put in as they are."""
    out = io.BytesIO()
    for e in entries:
        if isinstance(e, bytes):
            out.write(e)
            continue
        info, data = e
        out.write(header(info))
        if data is not None and info.type in (tarfile.REGTYPE, tarfile.AREGTYPE):
            out.write(pad(data))
    if end:
        out.write(b"\0" * (2 * BLOCK))
    return out.getvalue()


def set_size_field(hdr, size):
    """A ustar header with its size field (base-256 when it does not fit in
    octal, negative allowed) and checksum changed."""
    hdr = bytearray(hdr)
    if 0 <= size < 8 ** 11:
        hdr[124:136] = b"%011o\0" % size
    else:
        hdr[124:136] = (size % (1 << 96)).to_bytes(12, "big")
        hdr[124] |= 0x80
    hdr[148:156] = b"        "
    hdr[148:156] = b"%06o\0 " % sum(hdr)
    return bytes(hdr)


def compress(raw, kind):
    if kind == "zst":
        return subprocess.run(["zstd", "-q", "-c", "-3"], input=raw, stdout=subprocess.PIPE,
                              check=True).stdout
    if kind == "gz":
        return gzip.compress(raw, mtime=0)
    if kind == "xz":
        return lzma.compress(raw)
    if kind == "lzma":
        return lzma.compress(raw, format=lzma.FORMAT_ALONE)
    if kind == "bz2":
        return bz2.compress(raw)
    assert kind == "tar"
    return raw


# --- the cases ----------------------------------------------------------------

CASES = []


def case(expect, pattern, what):
    def register(fn):
        CASES.append((fn.__name__.replace("_", "-"), expect, pattern, what, fn))
        return fn
    return register


UNSAFE = "unsafe name"
SYMLINK = "through (a )?symlink|symbolic link|[Ss]ymlink"
HARD = "hard link"
SPECIAL = "not a file, directory or symbolic link"
NOT_TEMPLATE = "not a pyvenv template"
BROKEN = "broken template metadata"
MISSING = "which the archive does not hold|lacks [0-9]+ of the files its metadata lists"
READ = "cannot read|[Tt]runcated|[Dd]amaged|[Cc]orrupt|[Ii]nvalid"
EXISTS = "twice|more than once|[Dd]uplicate|[Aa]lready|exists"
MODEBITS = "with a set-uid, set-gid or sticky bit: refusing it"


def with_meta(ctx, entries, meta=None, digests=None):
    """The metadata and the digests members, then entries."""
    digests = ctx.base.digests if digests is None else digests
    return [meta_member(ctx.base.meta if meta is None else meta),
            member(DIGESTS, json.dumps(digests).encode())] + entries


def safe_name(name):
    """A name the metadata may list (the others are refused as members)."""
    return not name.startswith("/") and all(p not in ("", ".", "..") for p in name.split("/")) \
        and "\\" not in name and "\n" not in name and len(name.encode()) < 4096


def listing(ctx, files):
    """The digests with the SHA-256 of files ({name: data}) recorded, as an
    attacker who rewrites the archive would rewrite them too."""
    digests = dict(ctx.base.digests)
    for name, data in files.items():
        digests[name] = hashlib.sha256(data).hexdigest()
    return digests


def plus(ctx, *extra, meta=None, digests=None):
    """The whole base template with extra members at the end (regular files
    listed in the digests)."""
    if digests is None:
        digests = listing(ctx, {i.name: d for e in extra if not isinstance(e, bytes)
                                for i, d in [e] if d is not None and i.type == tarfile.REGTYPE
                                and safe_name(i.name)})
    return tar(with_meta(ctx, ctx.base.entries() + list(extra), meta, digests))


def meta_edit(ctx, fn):
    meta = copy.deepcopy(ctx.base.meta)
    fn(meta)
    return tar(with_meta(ctx, ctx.base.entries(), meta))


# Names.
@case("refuse", UNSAFE, "a member named ../pwned-dotdot")
def dotdot(ctx):
    return plus(ctx, member("../pwned-dotdot"))


@case("refuse", UNSAFE, "a member named a/../../pwned-inner")
def dotdot_inner(ctx):
    return plus(ctx, member("a/../../pwned-inner"))


@case("refuse", UNSAFE, "a member named UP/victim overwriting the planted victim")
def dotdot_victim(ctx):
    return plus(ctx, member(ctx.up + "/victim"))


@case("refuse", UNSAFE, "a directory member named lib/../../../pwned-dir/")
def dotdot_dir(ctx):
    return plus(ctx, member("lib/../../../pwned-dir", type=tarfile.DIRTYPE, mode=0o755))


@case("refuse", UNSAFE, "an absolute member SCRATCH/pwned-abs")
def absolute(ctx):
    return plus(ctx, member(ctx.scratch + "/pwned-abs"))


@case("refuse", UNSAFE, "an absolute member OUTSIDE/victim")
def absolute_victim(ctx):
    return plus(ctx, member(ctx.outside + "/victim"))


@case("refuse", UNSAFE, "an absolute directory member SCRATCH/pwned-absdir/")
def absolute_dir(ctx):
    return plus(ctx, member(ctx.scratch + "/pwned-absdir", type=tarfile.DIRTYPE, mode=0o755))


@case("refuse", UNSAFE, "a member named ./.pyvenv-template.json (a second metadata in disguise)")
def dot_meta(ctx):
    return plus(ctx, member("./" + META, json.dumps(ctx.base.meta).encode()))


@case("refuse", UNSAFE, "a path of 4205 characters (a/a/.../pwned-long), more than PATH_MAX")
def long_path(ctx):
    return plus(ctx, member("a/" * 2100 + "pwned-long"))


@case("refuse", "cannot extract|too long", "a name of 300 characters (more than NAME_MAX)")
def long_component(ctx):
    return plus(ctx, member("lib/" + "n" * 300))


@case("either", "", "a file name with a newline (lib/evil<NL>name)")
def newline_name(ctx):
    return plus(ctx, member("lib/evil\nname", b"newline\n"))


@case("either", "", "a file name with backslashes (..\\..\\pwned-backslash), one component on POSIX")
def backslash_name(ctx):
    return plus(ctx, member("..\\..\\pwned-backslash"))


# Symbolic links.
@case("refuse", SYMLINK, "symlink esc -> UP (relative, outside), then esc/victim written through it")
def symlink_rel(ctx):
    return plus(ctx, member("esc", type=tarfile.SYMTYPE, linkname=ctx.up, mode=0o777),
                member("esc/victim"))


@case("refuse", SYMLINK, "symlink esc -> OUTSIDE (absolute), then esc/victim written through it")
def symlink_abs(ctx):
    return plus(ctx, member("esc", type=tarfile.SYMTYPE, linkname=ctx.outside, mode=0o777),
                member("esc/victim"))


@case("refuse", SYMLINK, "symlinks c1 -> c2 -> c3 -> OUTSIDE, then c1/victim")
def symlink_chain(ctx):
    return plus(ctx, member("c1", type=tarfile.SYMTYPE, linkname="c2", mode=0o777),
                member("c2", type=tarfile.SYMTYPE, linkname="c3", mode=0o777),
                member("c3", type=tarfile.SYMTYPE, linkname=ctx.outside, mode=0o777),
                member("c1/victim"))


@case("refuse", SYMLINK, "symlink up1 -> .., then up1/pwned-parent")
def symlink_parent(ctx):
    return plus(ctx, member("up1", type=tarfile.SYMTYPE, linkname="..", mode=0o777),
                member("up1/pwned-parent"))


@case("refuse", SYMLINK, "a file written through the template's own lib64 -> lib link")
def symlink_inside(ctx):
    return plus(ctx, member("lib64/pwned-through-lib64"))


@case("refuse", SYMLINK + "|" + EXISTS,
      "directory include/ replaced by symlink include -> OUTSIDE, then include/victim")
def dir_then_symlink(ctx):
    return plus(ctx, member("include", type=tarfile.SYMTYPE, linkname=ctx.outside, mode=0o777),
                member("include/victim"))


@case("refuse", EXISTS + "|" + SYMLINK, "symlink lnk -> OUTSIDE/victim, then a file lnk")
def symlink_then_file(ctx):
    return plus(ctx, member("lnk", type=tarfile.SYMTYPE, linkname=ctx.outside + "/victim", mode=0o777),
                member("lnk"))


@case("refuse", EXISTS, "pyvenv.cfg, then a symlink pyvenv.cfg -> OUTSIDE/victim")
def file_then_symlink(ctx):
    return plus(ctx, member("pyvenv.cfg", type=tarfile.SYMTYPE, linkname=ctx.outside + "/victim",
                            mode=0o777))


@case("refuse", EXISTS, "directory lib/, then a file lib")
def dir_then_file(ctx):
    return plus(ctx, member("lib"))


@case("refuse", EXISTS, "pyvenv.cfg twice (the second different)")
def file_twice(ctx):
    return plus(ctx, member("pyvenv.cfg", b"home = /pwned\n"))


@case("refuse", EXISTS, "an empty file lib/e twice")
def empty_file_twice(ctx):
    return plus(ctx, member("lib/e", b""), member("lib/e", b""))


# Links the helper itself would write through after extracting.
def without(entries, top):
    return [(i, d) for i, d in entries if i.name != top and not i.name.startswith(top + "/")]


@case("refuse", MISSING + "|" + SYMLINK,
      "metadata lists esc/victim-prefix, esc -> OUTSIDE: relocation would rewrite a file outside")
def listed_through_symlink(ctx):
    meta = copy.deepcopy(ctx.base.meta)
    meta["prefix_files"].append("esc/victim-prefix")
    return plus(ctx, member("esc", type=tarfile.SYMTYPE, linkname=ctx.outside, mode=0o777), meta=meta)


@case("refuse", SYMLINK + "|" + MISSING,
      "bin is a symlink to OUTSIDE (no bin/ members): activation scripts would be written there")
def bin_symlink_out(ctx):
    meta = copy.deepcopy(ctx.base.meta)
    meta["prefix_files"] = [f for f in meta["prefix_files"] if not f.startswith("bin/")]
    entries = without(ctx.base.entries(), "bin")
    entries.append(member("bin", type=tarfile.SYMTYPE, linkname=ctx.outside, mode=0o777))
    return tar(with_meta(ctx, entries, meta))


@case("refuse", SYMLINK,
      "bin is a dangling symlink to OUTSIDE/later, a directory anyone may make later")
def bin_symlink_dangling(ctx):
    meta = copy.deepcopy(ctx.base.meta)
    meta["prefix_files"] = [f for f in meta["prefix_files"] if not f.startswith("bin/")]
    entries = without(ctx.base.entries(), "bin")
    entries.append(member("bin", type=tarfile.SYMTYPE, linkname=ctx.outside + "/later", mode=0o777))
    return tar(with_meta(ctx, entries, meta))


@case("refuse", SYMLINK + "|" + MISSING,
      "lib is a symlink to OUTSIDE (no lib/ members): site-packages would be made there")
def lib_symlink_out(ctx):
    meta = copy.deepcopy(ctx.base.meta)
    meta["prefix_files"] = [f for f in meta["prefix_files"] if not f.startswith("lib/")]
    entries = without(ctx.base.entries(), "lib")
    entries.append(member("lib", type=tarfile.SYMTYPE, linkname=ctx.outside, mode=0o777))
    return tar(with_meta(ctx, entries, meta))


@case("refuse", SYMLINK + "|" + MISSING,
      "include is a symlink to OUTSIDE: include/pythonX.Y would be made there")
def include_symlink_out(ctx):
    entries = without(ctx.base.entries(), "include")
    entries.append(member("include", type=tarfile.SYMTYPE, linkname=ctx.outside, mode=0o777))
    return tar(with_meta(ctx, entries))


@case("refuse", SYMLINK + "|" + MISSING,
      "site-packages is a symlink to OUTSIDE: the build-path .pth would be written there")
def site_symlink_out(ctx):
    site = [i.name for i, _ in ctx.base.members if i.name.endswith("/site-packages")][0]
    meta = copy.deepcopy(ctx.base.meta)
    meta["prefix_files"] = [f for f in meta["prefix_files"] if not f.startswith(site + "/")]
    entries = without(ctx.base.entries(), site)
    entries.append(member(site, type=tarfile.SYMTYPE, linkname=ctx.outside, mode=0o777))
    return tar(with_meta(ctx, entries, meta))


@case("either", "", "pyvenv.cfg is a symlink to OUTSIDE/victim (not listed in the metadata)")
def cfg_symlink_out(ctx):
    meta = copy.deepcopy(ctx.base.meta)
    meta["prefix_files"] = [f for f in meta["prefix_files"] if f != "pyvenv.cfg"]
    entries = without(ctx.base.entries(), "pyvenv.cfg")
    entries.append(member("pyvenv.cfg", type=tarfile.SYMTYPE, linkname=ctx.outside + "/victim",
                          mode=0o777))
    return tar(with_meta(ctx, entries, meta))


# Hard links.
@case("refuse", HARD, "a hard link to OUTSIDE/victim (absolute)")
def hardlink_abs(ctx):
    return plus(ctx, member("h", type=tarfile.LNKTYPE, linkname=ctx.outside + "/victim"))


@case("refuse", HARD + "|" + UNSAFE, "a hard link to UP/victim (relative)")
def hardlink_rel(ctx):
    return plus(ctx, member("h", type=tarfile.LNKTYPE, linkname=ctx.up + "/victim"))


@case("refuse", HARD, "a hard link to pyvenv.cfg (inside): templates have none")
def hardlink_inside(ctx):
    return plus(ctx, member("h", type=tarfile.LNKTYPE, linkname="pyvenv.cfg"))


@case("refuse", HARD, "a hard link to OUTSIDE/victim that carries data (pax hard links may)")
def hardlink_data(ctx):
    info, _ = member("h", type=tarfile.LNKTYPE, linkname=ctx.outside + "/victim")
    raw = set_size_field(header(info), 6)
    return plus(ctx, raw + pad(b"pwned\n"))


# Devices, FIFOs.
@case("refuse", SPECIAL, "a character device dev-null (1,3)")
def chardev(ctx):
    return plus(ctx, member("dev-null", type=tarfile.CHRTYPE, devmajor=1, devminor=3))


@case("refuse", SPECIAL, "a block device sda (8,0)")
def blockdev(ctx):
    return plus(ctx, member("sda", type=tarfile.BLKTYPE, devmajor=8, devminor=0))


@case("refuse", SPECIAL, "a FIFO")
def fifo(ctx):
    return plus(ctx, member("fifo", type=tarfile.FIFOTYPE))


@case("refuse", SPECIAL + "|" + UNSAFE, "a character device named UP/victim")
def chardev_victim(ctx):
    return plus(ctx, member(ctx.up + "/victim", type=tarfile.CHRTYPE, devmajor=1, devminor=3))


# Mode bits.
@case("refuse", MODEBITS, "a set-uid file bin/suid (04755)")
def setuid(ctx):
    return plus(ctx, member("bin/suid", b"#!/bin/sh\n", mode=0o4755))


@case("refuse", MODEBITS, "a set-gid file (02755) and a set-gid directory (02775)")
def setgid(ctx):
    return plus(ctx, member("lib/sgid-dir", type=tarfile.DIRTYPE, mode=0o2775),
                member("lib/sgid-dir/f", b"x\n", mode=0o2755))


@case("refuse", MODEBITS, "a sticky directory (01777) and a sticky file (01644)")
def sticky(ctx):
    return plus(ctx, member("lib/sticky-dir", type=tarfile.DIRTYPE, mode=0o1777),
                member("lib/sticky-dir/f", b"x\n", mode=0o1644))


@case("refuse", MODEBITS, "every bit set on an existing directory of the template (07777 on lib/)")
def all_bits(ctx):
    entries = ctx.base.entries()
    for info, _ in entries:
        if info.name == "lib":
            info.mode = 0o7777
    return tar(with_meta(ctx, entries))


# Sizes that lie, truncated data.
@case("refuse", READ, "a member whose header says 1 MB, with 100 bytes of data, then the end")
def size_larger(ctx):
    info, _ = member("lib/big", b"")
    raw = set_size_field(header(info), 1 << 20)
    return plus(ctx, raw + b"x" * 100)[:-2 * BLOCK]


@case("refuse", READ, "a member whose header says 10 bytes, followed by 2 KB of junk")
def size_smaller(ctx):
    info, _ = member("lib/small", b"")
    raw = set_size_field(header(info), 10)
    return plus(ctx, raw + b"A" * 2048, digests=listing(ctx, {"lib/small": b"A" * 10}))


@case("refuse", UNSAFE, "a member whose short size hides a ../pwned-smuggled member in its data")
def size_smuggle(ctx):
    smuggled = tar([member("../pwned-smuggled")], end=False)
    info, _ = member("lib/innocent", b"")
    raw = set_size_field(header(info), 1)
    return plus(ctx, raw + pad(b"x") + smuggled, digests=listing(ctx, {"lib/innocent": b"x"}))


@case("refuse", READ, "a member with a base-256 size of 2**62")
def size_huge(ctx):
    info, _ = member("lib/huge", b"")
    return plus(ctx, set_size_field(header(info), 1 << 62) + b"x" * 4096)


@case("refuse", READ, "a member with a negative base-256 size")
def size_negative(ctx):
    info, _ = member("lib/negative", b"")
    return plus(ctx, set_size_field(header(info), -512) + b"x" * 4096)


@case("refuse", BROKEN + "|" + READ, "the metadata's header says 200 bytes more than its JSON")
def meta_size_lie(ctx):
    info, data = meta_member(ctx.base.meta)
    raw = set_size_field(header(info), len(data) + 200) + pad(data)
    return tar([raw] + ctx.base.entries())


@case("refuse", READ + "|" + BROKEN, "the tar cut inside the metadata's data")
def trunc_in_meta(ctx):
    return ctx.base.raw[:BLOCK + 100]


@case("refuse", MISSING, "the tar cut (cleanly, at a member boundary) before pyvenv.cfg")
def trunc_boundary(ctx):
    entries = with_meta(ctx, [e for e in ctx.base.entries() if e[0].name != "pyvenv.cfg"])
    return tar(entries)


@case("refuse", "is damaged: '[^']*' does not match the SHA-256 its metadata records",
      "one byte of a file changed, size and metadata as they were (a bit flip)")
def bitflip(ctx):
    entries = ctx.base.entries()
    for n, (info, data) in enumerate(entries):
        if data:
            entries[n] = (info, bytes([data[0] ^ 1]) + data[1:])
            break
    else:
        raise SystemExit("hostile: the base template has no file with data")
    return tar(with_meta(ctx, entries))


@case("refuse", "which its metadata does not list",
      "a file the metadata does not list, in a template whose metadata lists its files")
def unlisted(ctx):
    return tar(with_meta(ctx, ctx.base.entries() + [member("lib/unlisted")]))


@case("either", "", "a complete tar without its end-of-archive blocks")
def trunc_no_eof(ctx):
    return tar(with_meta(ctx, ctx.base.entries()), end=False)


# Not a template.
@case("refuse", NOT_TEMPLATE, "a plain tar with no metadata")
def plain_tar(ctx):
    return tar([member("a", b"hi\n"), member("b/", type=tarfile.DIRTYPE, mode=0o755)])


@case("refuse", "empty|" + READ, "a tar with no member at all")
def empty_tar(ctx):
    return tar([])


@case("refuse", READ + "|empty", "an empty file")
def empty_file(ctx):
    return ("raw", b"")


@case("refuse", NOT_TEMPLATE, "the metadata after three other members")
def meta_not_first(ctx):
    entries = ctx.base.entries()
    return tar(entries[:3] + [meta_member(ctx.base.meta)] + entries[3:])


@case("refuse", "second \\.pyvenv-template\\.json", "a second metadata member at the end")
def meta_second(ctx):
    return plus(ctx, meta_member(ctx.base.meta))


@case("accept", "", "lib/.pyvenv-template.json: a file named like the metadata, deeper down")
def meta_deeper(ctx):
    return plus(ctx, member("lib/" + META, b"{\"prefix\": \"/pwned\"}\n"))


@case("refuse", NOT_TEMPLATE, "the metadata member is a symlink to OUTSIDE/victim")
def meta_symlink(ctx):
    return tar([member(META, type=tarfile.SYMTYPE, linkname=ctx.outside + "/victim", mode=0o777)]
               + ctx.base.entries())


@case("refuse", NOT_TEMPLATE, "the metadata member is a directory")
def meta_dir(ctx):
    return tar([member(META, type=tarfile.DIRTYPE, mode=0o755)] + ctx.base.entries())


@case("refuse", NOT_TEMPLATE + "|" + HARD, "the metadata member is a hard link to OUTSIDE/victim")
def meta_hardlink(ctx):
    return tar([member(META, type=tarfile.LNKTYPE, linkname=ctx.outside + "/victim")]
               + ctx.base.entries())


@case("refuse", NOT_TEMPLATE, "metadata of 17 MB (more than the 16 MB limit)")
def meta_too_big(ctx):
    meta = copy.deepcopy(ctx.base.meta)
    meta["created_by"] = "x" * (65 << 20)
    return tar(with_meta(ctx, ctx.base.entries(), meta))


@case("refuse", BROKEN, "metadata that is not JSON")
def meta_bad_json(ctx):
    return tar(with_meta(ctx, ctx.base.entries(), b"{\"format\": 1, \"prefix\": "))


@case("refuse", BROKEN, "metadata that is a JSON array")
def meta_not_object(ctx):
    return tar(with_meta(ctx, ctx.base.entries(), b"[1, 2, 3]\n"))


@case("refuse", BROKEN, "metadata without prefix")
def meta_no_prefix(ctx):
    return meta_edit(ctx, lambda m: m.pop("prefix"))


@case("refuse", BROKEN, "metadata without prefix_files")
def meta_no_files(ctx):
    return meta_edit(ctx, lambda m: m.pop("prefix_files"))


@case("refuse", BROKEN, "metadata without real_executable")
def meta_no_real_exe(ctx):
    return meta_edit(ctx, lambda m: m.pop("real_executable"))


@case("refuse", BROKEN, "metadata whose prefix is a number")
def meta_prefix_number(ctx):
    return meta_edit(ctx, lambda m: m.update(prefix=42))


@case("refuse", BROKEN, "metadata whose version is null")
def meta_version_null(ctx):
    return meta_edit(ctx, lambda m: m.update(version=None))


@case("refuse", BROKEN, "metadata whose prefix_files is a string")
def meta_files_string(ctx):
    return meta_edit(ctx, lambda m: m.update(prefix_files="pyvenv.cfg"))


@case("refuse", BROKEN, "metadata whose prefix_files holds a number")
def meta_files_number(ctx):
    return meta_edit(ctx, lambda m: m.update(prefix_files=[1]))


@case("refuse", "format", "metadata of format 2")
def meta_format_2(ctx):
    return meta_edit(ctx, lambda m: m.update(format=2))


@case("refuse", "format", "metadata whose format is the string \"1\"")
def meta_format_string(ctx):
    return meta_edit(ctx, lambda m: m.update(format="1"))


@case("refuse", BROKEN, "metadata whose prefix is empty")
def meta_prefix_empty(ctx):
    return meta_edit(ctx, lambda m: m.update(prefix=""))


@case("refuse", BROKEN, "metadata whose prefix is relative")
def meta_prefix_relative(ctx):
    return meta_edit(ctx, lambda m: m.update(prefix="tmp/old-env"))


@case("refuse", MISSING, "metadata listing lib/not-there.py, which the archive lacks")
def meta_files_missing(ctx):
    return meta_edit(ctx, lambda m: m["prefix_files"].append("lib/not-there.py"))


@case("refuse", BROKEN, "metadata listing UP/victim")
def meta_files_dotdot(ctx):
    return meta_edit(ctx, lambda m: m["prefix_files"].append(ctx.up + "/victim"))


@case("refuse", BROKEN, "metadata listing OUTSIDE/victim (absolute)")
def meta_files_absolute(ctx):
    return meta_edit(ctx, lambda m: m["prefix_files"].append(ctx.outside + "/victim"))


@case("refuse", MISSING, "metadata listing bin/python3, a symlink to the interpreter")
def meta_files_symlink(ctx):
    return meta_edit(ctx, lambda m: m["prefix_files"].append("bin/python3"))


@case("refuse", MISSING, "metadata listing lib, a directory")
def meta_files_dir(ctx):
    return meta_edit(ctx, lambda m: m["prefix_files"].append("lib"))


@case("either", "", "metadata with an 8 MB created_by string")
def meta_huge_string(ctx):
    return meta_edit(ctx, lambda m: m.update(created_by="x" * (8 << 20)))


@case("refuse", "made for Python|cannot|not", "metadata whose version is 64 KB long")
def meta_huge_version(ctx):
    return meta_edit(ctx, lambda m: m.update(version="3" + ".1" * (32 << 10)))


@case("either", "", "metadata listing 100,000 names (all of pyvenv.cfg)")
def meta_many_files(ctx):
    return meta_edit(ctx, lambda m: m.update(prefix_files=["pyvenv.cfg"] * 100000))


# Compression.
@case("accept", "", "a valid template compressed with gzip, named .tar.zst")
def gzip_as_zst(ctx):
    return ("gz", tar(with_meta(ctx, ctx.base.entries())))


@case("accept", "", "a valid template compressed with xz, named .tar.zst")
def xz_as_zst(ctx):
    return ("xz", tar(with_meta(ctx, ctx.base.entries())))


@case("accept", "", "a valid template, not compressed, named .tar.zst")
def plain_as_zst(ctx):
    return ("tar", tar(with_meta(ctx, ctx.base.entries())))


@case("either", "", "a valid template compressed with gzip, then zstd")
def gzip_in_zst(ctx):
    return ("zst", compress(tar(with_meta(ctx, ctx.base.entries())), "gz"))


@case("refuse", READ, "a valid template compressed with bzip2 (not a template compression)")
def bzip2_as_zst(ctx):
    return ("bz2", tar(with_meta(ctx, ctx.base.entries())))


@case("refuse", READ, "a valid template compressed with lzma (alone), not a template compression")
def lzma_as_zst(ctx):
    return ("lzma", tar(with_meta(ctx, ctx.base.entries())))


@case("refuse", READ, "a zip holding the template's files")
def zip_as_zst(ctx):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(META, json.dumps(ctx.base.meta))
        for info, data in ctx.base.entries():
            if data is not None:
                z.writestr(info.name, data)
    return ("raw", out.getvalue())


def compressed(ctx, kind):
    return compress(tar(with_meta(ctx, ctx.base.entries())), kind)


def cut(data, n):
    return ("raw", data[:n])


def truncations():
    """trunc-zst-N: the real template's compressed bytes cut after N."""
    for n in (1, 4, 17, 100, 512, "half", "-64", "-1"):
        def fn(ctx, n=n):
            data = ctx.base_bytes
            at = len(data) // 2 if n == "half" else len(data) + int(n) if isinstance(n, str) else n
            return cut(data, at)
        name = "trunc-zst-%s" % str(n).replace("-", "end")
        CASES.append((name, "refuse", READ, "the template's zstd stream cut after %s bytes" % n, fn))
    for kind in ("gz", "xz"):
        def fn(ctx, kind=kind):
            data = compressed(ctx, kind)
            return cut(data, len(data) // 2)
        CASES.append(("trunc-%s-half" % kind, "refuse", READ,
                      "a %s template cut in half" % kind, fn))


def corruptions():
    """Damaged compressed streams; the tar inside is the real template."""
    def garble(data, at, n=64):
        return data[:at] + bytes(b ^ 0xA5 for b in data[at:at + n]) + data[at + n:]

    CASES.append(("corrupt-zst-magic", "refuse", READ, "zstd magic number garbled",
                  lambda ctx: ("raw", garble(ctx.base_bytes, 0, 4))))
    CASES.append(("corrupt-zst-middle", "refuse", READ, "64 garbled bytes in the middle of the zstd stream",
                  lambda ctx: ("raw", garble(ctx.base_bytes, len(ctx.base_bytes) // 2))))
    for kind in ("gz", "xz"):
        def fn(ctx, kind=kind):
            data = compressed(ctx, kind)
            return ("raw", garble(data, len(data) // 2))
        CASES.append(("corrupt-%s-middle" % kind, "refuse", READ,
                      "64 garbled bytes in the middle of a %s template" % kind, fn))

    def bad_checksum(ctx):
        raw = bytearray(tar(with_meta(ctx, ctx.base.entries())))
        tf = tarfile.open(fileobj=io.BytesIO(bytes(raw)))
        at = [m.offset for m in tf.getmembers() if m.name == "pyvenv.cfg"][0]
        raw[at] ^= 0x20  # "Pyvenv.cfg": the header's checksum no longer matches
        return bytes(raw)
    CASES.append(("corrupt-tar-header", "refuse", READ, "the header of pyvenv.cfg with a wrong checksum",
                  bad_checksum))

    def silent_flip(data, decode):
        """data with one bit flipped where decode still succeeds and gives a
        tar of the same length that differs only inside a member's data
        (not the metadata's): damage only a checksum can catch. decode
        must not check one (zstd -d does, when the frame has one)."""
        good = decode(data)
        tf = tarfile.open(fileobj=io.BytesIO(good))
        spans = [(m.offset_data, m.offset_data + m.size) for m in tf.getmembers()
                 if m.isreg() and m.name not in (META, DIGESTS) and m.size]
        for at in range(len(data) // 4, len(data) - 16, 7)[:64]:
            flipped = data[:at] + bytes([data[at] ^ 0x04]) + data[at + 1:]
            try:
                bad = decode(flipped)
            except Exception:
                continue
            if len(bad) != len(good) or bad == good:
                continue
            diff = [i for i in range(len(good)) if good[i] != bad[i]]
            if all(any(a <= i < b for a, b in spans) for i in diff):
                return flipped
        # None (the stream carries a checksum that catches every flip):
        # any flip will do.
        at = len(data) // 2
        return data[:at] + bytes([data[at] ^ 0x04]) + data[at + 1:]

    def zstd_no_check(data):
        # The zstd command checks a frame's checksum when it has one; the
        # template's frames have none (what pack writes), so this decodes
        # what any reader would.
        r = subprocess.run(["zstd", "-q", "-d", "-c"], input=data, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        if r.returncode:
            raise ValueError("zstd")
        return r.stdout

    def inflate_no_crc(data):
        d = zlib.decompressobj(-zlib.MAX_WBITS)
        return d.decompress(data[10:])  # raw deflate: the CRC is not looked at

    # Pack's zstd frames carry no checksum and libarchive does not check
    # gzip's CRC-32: the flipped bit decodes, and the per-file digests of
    # the metadata catch it.
    CASES.append(("corrupt-zst-bitflip", "refuse", READ,
                  "the template (as pack wrote it) with one bit flipped in its zstd data",
                  lambda ctx: ("raw", silent_flip(ctx.base_bytes, zstd_no_check))))
    CASES.append(("corrupt-gz-bitflip", "refuse", READ,
                  "a gzip template with one bit flipped in its deflate data (its CRC-32 fails)",
                  lambda ctx: ("raw", silent_flip(compressed(ctx, "gz"), inflate_no_crc))))


truncations()
corruptions()


@case("refuse", "more than 1000000 entries", "1,000,001 empty members (the limit is 1,000,000)")
def too_many(ctx):
    return ("stream", None)


def write_too_many(ctx, path):
    """Streams the metadata and 1,000,001 copies of one directory member
    through zstd: cheap to make, and the cheapest members to extract (the
    helper extracts each before it counts the next; a directory, alone of
    all types, may come again). Should repeated directories ever be
    refused, this case's message check says so, and it needs other names."""
    one = tarfile.TarInfo("many/")
    one.type, one.mode, one.mtime = tarfile.DIRTYPE, 0o755, 1700000000
    block = one.tobuf(tarfile.USTAR_FORMAT)
    assert len(block) == BLOCK
    chunk = block * 10000
    with open(path, "wb") as f:
        z = subprocess.Popen(["zstd", "-q", "-c", "-1"], stdin=subprocess.PIPE, stdout=f)
        z.stdin.write(tar([meta_member(ctx.base.meta)], end=False))
        left = ENTRIES_MAX + 1
        while left:
            n = min(left, 10000)
            z.stdin.write(chunk if n == 10000 else block * n)
            left -= n
        z.stdin.write(b"\0" * (2 * BLOCK))
        z.stdin.close()
        if z.wait():
            sys.exit("zstd failed")


# --- main ---------------------------------------------------------------------

class Ctx:
    pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="a template made by pyvenv pack (.tar.zst)")
    ap.add_argument("--out", required=True, help="where to write the archives and cases.tsv")
    ap.add_argument("--outside", required=True, help="absolute directory the attacks aim at")
    ap.add_argument("--up", required=True, help="relative path from the extraction root to --outside")
    ap.add_argument("--scratch", required=True, help="absolute directory for absolute-path attacks")
    ap.add_argument("--list", action="store_true", help="print the case names and exit")
    ap.add_argument("cases", nargs="*", help="cases to make (default: all)")
    args = ap.parse_args()
    if args.list:
        for name, expect, _, what, _ in CASES:
            print("%-24s %-7s %s" % (name, expect, what))
        return
    known = {c[0] for c in CASES}
    unknown = [c for c in args.cases if c not in known]
    if unknown:
        sys.exit("unknown cases: " + " ".join(unknown))
    ctx = Ctx()
    ctx.base = Base(args.base)
    with open(args.base, "rb") as f:
        ctx.base_bytes = f.read()
    ctx.outside, ctx.up, ctx.scratch = args.outside, args.up, args.scratch
    os.makedirs(args.out, exist_ok=True)
    to_zstd = []
    with open(os.path.join(args.out, "cases.tsv"), "w") as tsv:
        for name, expect, pattern, what, fn in CASES:
            if args.cases and name not in args.cases:
                continue
            path = os.path.join(args.out, name + ".tar.zst")
            result = fn(ctx)
            if not isinstance(result, tuple):
                result = ("zst", result)
            kind, raw = result
            if kind == "stream":
                write_too_many(ctx, path)
            elif kind == "zst":
                # Compressed below, all in one zstd run.
                with open(path[:-4], "wb") as f:
                    f.write(raw)
                to_zstd.append(path[:-4])
            else:
                with open(path, "wb") as f:
                    f.write(raw if kind == "raw" else compress(raw, kind))
            what = what.replace("\t", " ").replace("\n", " ")
            tsv.write("\t".join((name, path, expect, pattern, what)) + "\n")
    if to_zstd:
        subprocess.run(["zstd", "-q", "-3", "-f", "--rm"] + to_zstd, check=True)


if __name__ == "__main__":
    main()
