# pack and unpack: a template of an environment with pip and three wheels
# (console scripts, a .data script, data files, a module and a .pth file
# that hold the environment's own path) in each format, unpacked elsewhere:
# at a long path with a space (scripts get the /bin/sh trampoline), at a
# short one (plain shebang), and at one as long as the original (where a
# compiled file of a rewritten module must not be trusted). The moved
# environment works and keeps no trace of the old path.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
# unpack finds its interpreter as create does, never from the template.
export PYVENV_PYTHON="$PY"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

site=$("$PY" -c 'import sys; print("lib/python%d.%d/site-packages" % sys.version_info[:2])')
orig="$PWD/orig/env"
long="$PWD/a path with spaces/$(printf 'x%.0s' $(seq 1 120))/env"
short="$PWD/s"
same="$PWD/newx/env" # as long as $orig
[ "${#long}" -gt 127 ] || fail "test setup: '$long' is not longer than 127 bytes"
[ "${#same}" -eq "${#orig}" ] || fail "test setup: '$same' and '$orig' differ in length"

# gamma: a console script, a .data script, data files, a module and a .pth
# file naming the environment's own (original) path.
mkdir wheels
wheel wheels alpha 1.0
wheel wheels beta 2.0
python3 - "$PYVENV_TEST_SRC/tests/parity" "$orig" <<'PY' || fail "cannot make the gamma wheel"
import sys
sys.path.insert(0, sys.argv[1])
from wheelgen import make_wheel
env = sys.argv[2]
make_wheel("wheels", "gamma", "3.0",
           modules={"gamma/__init__.py": "import sys\n\ndef main():\n    print('gamma', sys.prefix)\n\n"
                                         "def boom():\n    raise RuntimeError('boom')\n",
                    "gamma/where.py": "ENV = %r\n" % env,
                    "gamma.pth": env + "/extra\n"},
           console_scripts={"gamma": "gamma:main"},
           data_files={"scripts/gamma-sh": "#!python\nimport sys\nprint('gamma-sh', sys.prefix)\n",
                       "data/share/gamma/readme.txt": "hello\n",
                       "data/extra/gamma_extra.py": "X = 1\n"})
PY

"$PYVENV" create -q --no-cache --compile-bytecode --python "$PY" --package alpha --package 'beta==2.0' --package gamma \
	--pip-arg=--no-index --pip-arg=--find-links=wheels "$orig" || fail "create the original environment"
is_venv "$orig"
"$orig/bin/python" -c 'import gamma.where, gamma_extra' || fail "the original environment cannot import gamma"
for f in gamma/__init__.py gamma/where.py; do
	c=$("$PY" -c 'import importlib.util, sys; print(importlib.util.cache_from_source(sys.argv[1]))' "$orig/$site/$f")
	[ -f "$c" ] || fail "test setup: --compile-bytecode compiled no '$c'"
done
pipver=$("$orig/bin/pip" --version) || fail "pip --version in the original"

# --- formats ----------------------------------------------------------------
magic() { od -An -tx1 -N6 "$1" | tr -d ' \n'; }
for ext in tar.zst tar.gz tar.xz; do
	run "$PYVENV" pack "$orig" "t.$ext"
	expect_rc 0 "pack .$ext"
	[ -s "t.$ext" ] || fail "pack .$ext made no archive"
done
case $(magic t.tar.zst) in 28b52ffd*) ;; *) fail ".tar.zst is not zstd: $(magic t.tar.zst)" ;; esac
case $(magic t.tar.gz) in 1f8b*) ;; *) fail ".tar.gz is not gzip: $(magic t.tar.gz)" ;; esac
[ "$(magic t.tar.xz)" = "fd377a585a00" ] || fail ".tar.xz is not xz: $(magic t.tar.xz)"
for ext in tar.zst tar.gz tar.xz; do
	[ "$(tar -xOf "t.$ext" .pyvenv-template.json | python3 -c 'import json, sys; print(json.load(sys.stdin)["prefix"])')" = "$orig" ] ||
		fail ".$ext: the metadata does not record the prefix '$orig'"
done
[ "$(tar -tf t.tar.zst | head -1)" = ".pyvenv-template.json" ] || fail "the metadata is not the first member"

before=$(ls -A)
run "$PYVENV" pack "$orig" t.zip
expect_rc 1 "pack to an unknown extension"
expect_err "\.tar\.zst" "pack .zip names .tar.zst"
expect_err "\.tar\.gz" "pack .zip names .tar.gz"
expect_err "\.tar\.xz" "pack .zip names .tar.xz"
[ "$(ls -A)" = "$before" ] || fail "pack to .zip left files: $(ls -A)"

# --- the checks of a moved environment ----------------------------------------
# moved DIR: everything that must hold wherever an environment is unpacked.
moved() {
	local d=$1 o line
	is_venv "$d" || return
	# pip, with the new path
	[ "$("$d/bin/pip" --version)" = "${pipver/"$orig"/"$d"}" ] ||
		fail "$d: pip --version says '$("$d/bin/pip" --version)'"
	# console scripts and the .data script run the new interpreter
	[ "$("$d/bin/alpha")" = "$(printf 'hello from alpha 1.0\n%s' "$d")" ] || fail "$d: alpha: $("$d/bin/alpha" 2>&1)"
	[ "$("$d/bin/beta")" = "$(printf 'hello from beta 2.0\n%s' "$d")" ] || fail "$d: beta: $("$d/bin/beta" 2>&1)"
	[ "$("$d/bin/gamma")" = "gamma $d" ] || fail "$d: gamma: $("$d/bin/gamma" 2>&1)"
	[ "$("$d/bin/gamma-sh")" = "gamma-sh $d" ] || fail "$d: gamma-sh: $("$d/bin/gamma-sh" 2>&1)"
	# a module and a .pth file that held the old path hold the new one
	o=$("$d/bin/python" -c 'import gamma.where, gamma_extra; print(gamma.where.ENV); print(gamma_extra.__file__)' 2>&1)
	[ "$o" = "$(printf '%s\n%s' "$d" "$d/extra/gamma_extra.py")" ] ||
		fail "$d: gamma.where.ENV and gamma_extra.__file__ are: $o"
	# a traceback names the module's new path
	o=$("$d/bin/python" -c 'import gamma; gamma.boom()' 2>&1)
	printf '%s\n' "$o" | grep -qxF "  File \"$d/$site/gamma/__init__.py\", line 7, in boom" ||
		fail "$d: the traceback does not name the new path: $o"
	# no file outside __pycache__ holds the old path
	o=$(grep -rlF "$orig" "$d" | grep -v '/__pycache__/')
	[ -z "$o" ] || fail "$d: files still hold '$orig': $o"
	# RECORD rows match the files (the rewritten ones included)
	"$d/bin/python" - "$d/$site" <<'PY' || fail "$d: RECORD does not match the files"
import base64, csv, hashlib, os, sys
site, bad, rows = sys.argv[1], 0, 0
for d in sorted(os.listdir(site)):
    if not d.endswith(".dist-info"):
        continue
    with open(os.path.join(site, d, "RECORD"), newline="") as f:
        for path, digest, size in csv.reader(f):
            if not digest:
                continue
            rows += 1
            try:
                data = open(os.path.join(site, path), "rb").read()
            except OSError as e:
                print("%s: %s: %s" % (d, path, e)); bad += 1; continue
            algo, _, want = digest.partition("=")
            got = base64.urlsafe_b64encode(hashlib.new(algo, data).digest()).rstrip(b"=").decode()
            if (got, len(data)) != (want, int(size)):
                print("%s: %s: RECORD says %s,%s; the file is %s,%d" % (d, path, want, size, got, len(data)))
                bad += 1
if rows < 100:
    print("only %d RECORD rows with a digest" % rows); bad += 1
sys.exit(1 if bad else 0)
PY
	# unchanged .py files keep their modification time (to the second, as
	# .pyc files record it), and every .pyc Python would trust is of its source
	"$d/bin/python" - "$orig/$site" "$d/$site" <<'PY' || fail "$d: modification times or compiled files are wrong"
import importlib.util, marshal, os, sys
old, site, bad, same = sys.argv[1], sys.argv[2], 0, 0
for root, dirs, files in os.walk(site):
    for name in files:
        if not name.endswith(".py"):
            continue
        src = os.path.join(root, name)
        before = os.path.join(old, os.path.relpath(src, site))
        source = open(src, "rb").read()
        st = os.stat(src)
        if os.path.exists(before) and open(before, "rb").read() == source:
            same += 1
            if int(os.stat(before).st_mtime) != int(st.st_mtime):
                print("%s: modification time %d, was %d" % (src, st.st_mtime, os.stat(before).st_mtime))
                bad += 1
        pyc = importlib.util.cache_from_source(src)
        if not os.path.exists(pyc):
            continue
        data = open(pyc, "rb").read()
        if data[:4] != importlib.util.MAGIC_NUMBER or int.from_bytes(data[4:8], "little") != 0:
            continue
        mtime, size = int.from_bytes(data[8:12], "little"), int.from_bytes(data[12:16], "little")
        if (mtime, size) != (int(st.st_mtime) & 0xFFFFFFFF, st.st_size & 0xFFFFFFFF):
            continue  # stale by its header: Python compiles the source again
        if marshal.loads(data[16:]) != compile(source, src, "exec", dont_inherit=True):
            print("%s: its .pyc is valid by time and size but compiled from other source" % src)
            bad += 1
if same < 100:
    print("only %d unchanged .py files" % same)
    bad += 1
sys.exit(1 if bad else 0)
PY
	# activation
	o=$(bash -c '. "$1/bin/activate" && printf "%s|%s" "$VIRTUAL_ENV" "$VIRTUAL_ENV_PROMPT"' sh "$d")
	[ "$o" = "$d|$(basename "$d")" ] || fail "$d: activate gives VIRTUAL_ENV|VIRTUAL_ENV_PROMPT = $o"
	# scripts name the new interpreter
	for s in pip alpha beta gamma gamma-sh; do
		line=$(sed -n 2p "$d/bin/$s")
		case $(head -1 "$d/bin/$s") in
		"#!/bin/sh") printf '%s\n' "$line" | grep -qF "$d/bin/" || fail "$d/bin/$s: trampoline runs: $line" ;;
		"#!$d/bin/"*) ;;
		*) fail "$d/bin/$s: interpreter line $(head -1 "$d/bin/$s")" ;;
		esac
	done
}

# --- a long path with a space ---------------------------------------------------
run "$PYVENV" unpack t.tar.zst "$long"
expect_rc 0 "unpack to a long path"
moved "$long"
for s in pip alpha beta gamma gamma-sh; do
	[ "$(head -1 "$long/bin/$s")" = "#!/bin/sh" ] || fail "$long/bin/$s: no /bin/sh trampoline: $(head -1 "$long/bin/$s")"
done
[ "$(grep -c "^prompt" "$long/pyvenv.cfg")" = 0 ] || fail "unpack without --prompt wrote a prompt: $(cat "$long/pyvenv.cfg")"
[ "$(sed -n 's/^command = //p' "$long/pyvenv.cfg")" = "$(sed -n 's/^command = //p' "$orig/pyvenv.cfg" | sed "s|$orig|$long|")" ] ||
	fail "pyvenv.cfg command: $(grep ^command "$long/pyvenv.cfg")"

# pip uninstall removes every file of gamma, the moved ones included
"$long/bin/pip" uninstall -q -y gamma || fail "pip uninstall gamma at the long path"
for f in bin/gamma bin/gamma-sh share/gamma/readme.txt extra/gamma_extra.py "$site/gamma" "$site/gamma.pth" \
	"$site/gamma-3.0.dist-info"; do
	[ ! -e "$long/$f" ] || fail "pip uninstall left '$f'"
done
[ "$("$long/bin/alpha")" = "$(printf 'hello from alpha 1.0\n%s' "$long")" ] || fail "alpha after uninstalling gamma"

# --- a short path, and each format ------------------------------------------------
for ext in tar.zst tar.gz tar.xz; do
	d="$short-${ext#tar.}"
	run "$PYVENV" unpack "t.$ext" "$d"
	expect_rc 0 "unpack .$ext to a short path"
	moved "$d"
	for s in pip alpha beta gamma gamma-sh; do
		[ "$(head -1 "$d/bin/$s")" = "$(head -1 "$orig/bin/$s" | sed "s|$orig|$d|")" ] ||
			fail "$d/bin/$s: interpreter line $(head -1 "$d/bin/$s")"
	done
done

# --- a path as long as the original ----------------------------------------------
# gamma/where.py is rewritten to the same size: its old .pyc, which holds the
# old path, must not pass for it.
run "$PYVENV" unpack t.tar.zst "$same"
expect_rc 0 "unpack to a path as long as the original"
moved "$same"

# --- --prompt -------------------------------------------------------------------
run "$PYVENV" unpack --prompt x t.tar.zst p
expect_rc 0 "unpack --prompt x"
grep -qx "prompt = 'x'" p/pyvenv.cfg || fail "unpack --prompt: pyvenv.cfg is $(cat p/pyvenv.cfg)"
o=$(bash -c '. p/bin/activate && printf "%s|%s" "$VIRTUAL_ENV" "$VIRTUAL_ENV_PROMPT"')
[ "$o" = "$PWD/p|x" ] || fail "unpack --prompt: activate gives $o"
no_leftovers .
finish
