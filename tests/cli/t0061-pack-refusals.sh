# pack refuses what a template cannot carry (not an environment, .pth lines
# naming directories outside, editable installs) and leaves no archive;
# unpack refuses what is not a whole, safe template (a plain tar, a truncated
# one, hostile members) and leaves nothing behind; an existing environment is
# replaced only with --clear.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
# unpack finds its interpreter as create does, never from the template.
export PYVENV_PYTHON="$PY"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

site=$("$PY" -c 'import sys; print("lib/python%d.%d/site-packages" % sys.version_info[:2])')
"$PYVENV" create -q --no-cache --python "$PY" e || fail "create e"
is_venv e
e="$PWD/e"
mkdir out

# refused_pack WHAT PATTERN...: pack e into out/t.tar.zst fails with exit 1,
# stderr matching each pattern, and out/ stays empty.
refused_pack() {
	local what=$1
	shift
	run "$PYVENV" pack e out/t.tar.zst
	expect_rc 1 "$what"
	for p in "$@"; do
		expect_err "$p" "$what"
	done
	[ -z "$(ls -A out)" ] || fail "$what: pack left $(ls -A out)"
	rm -f out/* out/.[!.]*
}
q() { printf '%s' "$1" | sed 's/[][\.*^$+?(){}|]/\\&/g'; } # a grep -E pattern for a string

# --- pack -------------------------------------------------------------------
mkdir notenv && echo x > notenv/file
run "$PYVENV" pack notenv out/t.tar.zst
expect_rc 1 "pack a directory that is not an environment"
expect_err "not a virtual environment" "pack a directory that is not an environment"
run "$PYVENV" pack missing out/t.tar.zst
expect_rc 1 "pack a missing directory"
[ -z "$(ls -A out)" ] || fail "pack of a non-environment left $(ls -A out)"

mkdir outside "$e/inside"
printf 'import os\n%s\n%s\n' "$e/inside" "$PWD/outside" > "$e/$site/dev.pth"
refused_pack ".pth naming a directory outside" "$(q "$e/$site/dev.pth")" "'$(q "$PWD/outside")'"
# a sibling whose name starts with the environment's is outside too
mkdir "$e-other"
printf '%s\n' "$e-other" > "$e/$site/dev.pth"
refused_pack ".pth naming a sibling directory" "$(q "$e/$site/dev.pth")" "'$(q "$e-other")'"
# a relative line is resolved from site-packages: this one leaves the environment
printf '../../../../outside\n' > "$e/$site/dev.pth"
[ "$(cd "$e/$site/../../../../outside" && pwd)" = "$PWD/outside" ] || fail "test setup: relative .pth line"
refused_pack ".pth with a relative line leading outside" "$(q "$e/$site/dev.pth")" "outside"
rm "$e/$site/dev.pth"

# an .pth line inside the environment is fine (and so are import lines)
printf 'import os\n%s\n' "$e/inside" > "$e/$site/ok.pth"
run "$PYVENV" pack e ok.tar.zst
expect_rc 0 "pack with a .pth naming a directory inside"
rm -f "$e/$site/ok.pth" ok.tar.zst

mkdir "$e/$site/foo-1.0.dist-info"
printf '{"url": "file:///x", "dir_info": {"editable": true}}\n' > "$e/$site/foo-1.0.dist-info/direct_url.json"
refused_pack "editable install" "$(q "$e/$site/foo-1.0.dist-info/direct_url.json")" "editable"
# not editable: a local wheel's direct_url.json is fine
printf '{"url": "file:///x/foo-1.0-py3-none-any.whl", "archive_info": {}}\n' > "$e/$site/foo-1.0.dist-info/direct_url.json"
run "$PYVENV" pack e ok.tar.zst
expect_rc 0 "pack with a non-editable direct_url.json"
rm -rf "$e/$site/foo-1.0.dist-info" ok.tar.zst

# --- unpack -------------------------------------------------------------------
# A template big enough that a truncated copy fails while its members are
# being extracted: with pip.
"$PYVENV" create -q --no-cache --python "$PY" big || fail "create big"
run "$PYVENV" pack big t.tar.zst
expect_rc 0 "pack big"
run "$PYVENV" pack big t.tar.gz
expect_rc 0 "pack big .tar.gz"

# refused_unpack WHAT ARCHIVE PATTERN: unpack fails with exit 1 and a message,
# creating neither the destination nor anything beside it.
refused_unpack() {
	local before
	before=$(ls -A)
	run "$PYVENV" unpack "$2" dest
	expect_rc 1 "$1"
	expect_err "$3" "$1"
	[ ! -e dest ] && [ ! -L dest ] || fail "$1: the destination was created"
	[ "$(ls -A)" = "$before" ] || fail "$1: unpack left $(ls -A)"
	no_leftovers .
}

mkdir plain && echo hi > plain/a && tar -cf plain.tar -C plain a && gzip -k plain.tar
# A file that cannot be read is said so, not called a damaged archive.
mkdir notafile
refused_unpack "a directory" notafile "cannot read 'notafile': Is a directory"
case $err in *"a template is a"*) fail "a read error got the hint for damaged archives: $err" ;; esac
refused_unpack "a plain tar" plain.tar "not a pyvenv template"
refused_unpack "a plain .tar.gz" plain.tar.gz "not a pyvenv template"
echo 'not an archive' > junk.tar.zst
refused_unpack "not an archive" junk.tar.zst "cannot read"
refused_unpack "a missing archive" missing.tar.zst "cannot open"

size=$(stat -c %s t.tar.zst)
[ "$size" -gt 100000 ] || fail "test setup: the template is only $size bytes"
head -c $((size / 2)) t.tar.zst > truncated.tar.zst
refused_unpack "a truncated template" truncated.tar.zst "truncated|[Tt]runcated|cannot read"
head -c $(($(stat -c %s t.tar.gz) / 2)) t.tar.gz > truncated.tar.gz
refused_unpack "a truncated .tar.gz template" truncated.tar.gz "truncated|[Tt]runcated|cannot read"

# Hostile members after valid metadata: refused, nothing written anywhere.
mkdir victim
hostile() { # hostile NAME KIND: writes NAME.tar.gz
	python3 - "$1.tar.gz" "$2" "$PWD/victim" <<'PY'
import io, sys, tarfile
out, kind, victim = sys.argv[1:]
src = tarfile.open("t.tar.gz")
meta = src.extractfile(".pyvenv-template.json").read()
members = [m for m in src.getmembers() if m.name != ".pyvenv-template.json"]
with tarfile.open(out, "w:gz", format=tarfile.PAX_FORMAT) as t:
    def add(name, data=b"pwned\n", **kw):
        info = tarfile.TarInfo(name)
        for k, v in kw.items():
            setattr(info, k, v)
        if info.type == tarfile.REGTYPE:
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        else:
            t.addfile(info)
    add(".pyvenv-template.json", meta, mode=0o644)
    if kind == "setuid":  # the whole environment, then a set-uid file
        for m in members:
            t.addfile(m, src.extractfile(m) if m.isfile() else None)
        add("bin/suid", b"#!/bin/sh\n", mode=0o6755)
    elif kind == "dotdot":
        add("bin/../../victim-dotdot")
        add("../victim-dotdot")
    elif kind == "absolute":
        add(victim + "/absolute")
    elif kind == "symlink":
        add("escape", type=tarfile.SYMTYPE, linkname=victim)
        add("escape/through-link")
    elif kind == "hardlink":
        add("hard", type=tarfile.LNKTYPE, linkname=victim + "/file")
    elif kind == "device":
        add("dev", type=tarfile.CHRTYPE, devmajor=1, devminor=3)
    elif kind == "fifo":
        add("fifo", type=tarfile.FIFOTYPE)
    elif kind == "second-meta":
        add(".pyvenv-template.json", meta)
PY
}
for kind in dotdot absolute symlink hardlink device fifo second-meta; do
	hostile "$kind" "$kind" || { fail "cannot make the $kind archive"; continue; }
	case $kind in
	dotdot | absolute) why="unsafe name" ;;
	symlink) why="through (a )?symlink|symbolic link" ;;
	hardlink) why="hard link" ;;
	device | fifo) why="not a file, directory or symbolic link" ;;
	second-meta) why="second \.pyvenv-template\.json" ;;
	esac
	refused_unpack "a template with a $kind member" "$kind.tar.gz" "$why"
done
[ -z "$(ls -A victim)" ] || fail "a hostile template wrote into victim/: $(ls -A victim)"
[ ! -e victim-dotdot ] && [ ! -e ../victim-dotdot ] || fail "a hostile template wrote victim-dotdot"

hostile setuid setuid || fail "cannot make the setuid archive"
run "$PYVENV" unpack setuid.tar.gz suid
expect_rc 1 "unpack a template with a set-uid file"
expect_err "holds 'bin/suid' with a set-uid, set-gid or sticky bit: refusing it" "unpack a template with a set-uid file"
[ ! -e suid ] || fail "unpack of a set-uid file created the destination"
no_leftovers .

# --- an existing destination ---------------------------------------------------
"$PYVENV" create -q --no-cache --without-pip --python "$PY" there || fail "create there"
echo keep > there/marker
before=$(snapshot there)
run "$PYVENV" unpack t.tar.zst there
expect_rc 1 "unpack onto an environment without --clear"
expect_err "--clear" "unpack onto an environment without --clear"
[ "$(snapshot there)" = "$before" ] || fail "unpack without --clear changed the environment"
run "$PYVENV" unpack --clear t.tar.zst there
expect_rc 0 "unpack --clear onto an environment"
is_venv there
[ ! -e there/marker ] || fail "unpack --clear kept the old contents"
"there/bin/pip" --version >/dev/null || fail "pip of the environment unpacked with --clear"
no_leftovers .

mkdir full && echo precious > full/file
before=$(snapshot full)
run "$PYVENV" unpack t.tar.zst full
expect_rc 1 "unpack onto a non-empty directory"
[ "$(snapshot full)" = "$before" ] || fail "unpack onto a non-empty directory changed it"

run "$PYVENV" unpack t.tar.zst
expect_rc 2 "unpack without ENV_DIR"
run "$PYVENV" pack e
expect_rc 2 "pack without ARCHIVE"
finish
