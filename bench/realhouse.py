#!/usr/bin/env python3
"""bench/realhouse.py SITE_PACKAGES OUT_DIR: a wheelhouse rebuilt from the
real distributions installed in SITE_PACKAGES (for benchmarks that need real
packages: real file counts, sizes, compiled extensions, dependencies).

Each *.dist-info with a RECORD becomes one wheel in OUT_DIR, named from the
dist-info directory and its WHEEL's tags: the files its RECORD lists below
site-packages (bytecode left out), and its .dist-info files but INSTALLER,
RECORD, REQUESTED and direct_url.json, with a new RECORD. Files outside
site-packages (console scripts, .data) are left out: installers make the
scripts again from entry_points.txt. A distribution one of whose files is
missing, or installed editable, is skipped (and said). Prints, one per line,
"name==version" for every wheel written, in name order.

Deterministic: members in RECORD order, fixed timestamps. The wheels carry
the tags they were built for, so install them with the interpreter that owns
SITE_PACKAGES.
"""
import base64
import csv
import hashlib
import io
import json
import os
import sys
import zipfile

STAMP = (2020, 1, 1, 0, 0, 0)
SKIP_META = {"INSTALLER", "RECORD", "REQUESTED", "direct_url.json"}


def record_digest(data):
    d = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + d.decode()


def wheel_tags(wheel_text):
    """The compressed tag triple of WHEEL's Tag lines."""
    pys, abis, plats = [], [], []
    for line in wheel_text.splitlines():
        if line.startswith("Tag:"):
            py, abi, plat = line.split(":", 1)[1].strip().split("-")
            for value, into in ((py, pys), (abi, abis), (plat, plats)):
                if value not in into:
                    into.append(value)
    if not pys:
        return None
    return "-".join(".".join(v) for v in (pys, abis, plats))


def build(site, info, out):
    """Writes the wheel of one .dist-info; returns "name==version" or None."""
    stem = info[: -len(".dist-info")]
    name, _, version = stem.rpartition("-")
    meta = os.path.join(site, info)
    direct = os.path.join(meta, "direct_url.json")
    if os.path.exists(direct):
        with open(direct) as f:
            if json.load(f).get("dir_info", {}).get("editable"):
                return "skip: %s is installed editable" % stem
    try:
        with open(os.path.join(meta, "WHEEL")) as f:
            tags = wheel_tags(f.read())
        with open(os.path.join(meta, "RECORD"), newline="") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        return "skip: %s: %s" % (stem, e)
    if not tags:
        return "skip: %s has no tags in WHEEL" % stem
    paths = []
    for row in rows:
        if not row:
            continue
        path = row[0]
        if path.startswith(("../", "/")) or "__pycache__/" in path or path.endswith(".pyc"):
            continue
        if path.startswith(info + "/") and path[len(info) + 1:] in SKIP_META:
            continue
        if not os.path.isfile(os.path.join(site, path)):
            return "skip: %s: '%s' is missing" % (stem, path)
        paths.append(path)
    buf = io.BytesIO()
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in paths:
            full = os.path.join(site, path)
            with open(full, "rb") as f:
                data = f.read()
            zi = zipfile.ZipInfo(path, STAMP)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = (0o100755 if os.access(full, os.X_OK) else 0o100644) << 16
            z.writestr(zi, data)
            writer.writerow([path, record_digest(data), len(data)])
        writer.writerow([info + "/RECORD", "", ""])
        zi = zipfile.ZipInfo(info + "/RECORD", STAMP)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = 0o100644 << 16
        z.writestr(zi, record.getvalue())
    with open(os.path.join(out, "%s-%s-%s.whl" % (name, version, tags)), "wb") as f:
        f.write(buf.getvalue())
    return "%s==%s" % (name, version)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: realhouse.py SITE_PACKAGES OUT_DIR")
    site, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    pins = []
    for info in sorted(os.listdir(site)):
        if not info.endswith(".dist-info") or not os.path.isfile(os.path.join(site, info, "RECORD")):
            continue
        got = build(site, info, out)
        if got.startswith("skip: "):
            print(got, file=sys.stderr)
        else:
            pins.append(got)
    for pin in sorted(pins, key=str.lower):
        print(pin)


if __name__ == "__main__":
    main()
