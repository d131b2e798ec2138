# Scripts pip writes while an environment is built beside its destination
# are moved to the final path whatever the path holds: a blank with ", \, $,
# ` or ' (pip's /bin/sh launcher with the raw path in double quotes), a tab
# (pip's plain "#!" line, tab and all), a long path without blanks (the
# launcher with the bare path), a path whose temporary directory is too long
# for a shebang but whose final one is not. Console scripts, and a wheel's
# "#!python" script (pip writes "#!" and the path, whatever it holds). With
# --no-cache, on a cache miss and on a cache hit: the scripts run the final
# python, their headers are the helper's, RECORD matches, check says
# healthy, nothing names the temporary directory. And check reports pip's
# launcher naming an interpreter that does not exist.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

# pk3: a console script pk3 and a "#!python" script pk3-data, which pip
# gives "#!" and the interpreter whatever the path holds.
mkdir wheels
python3 - "$PYVENV_TEST_SRC/tests/parity" <<'PY' || fail "cannot make the wheel"
import sys
sys.path.insert(0, sys.argv[1])
from wheelgen import make_wheel
make_wheel("wheels", "pk3", "1.0", modules={"pk3/__init__.py": "import sys\ndef main():\n    print(sys.prefix)\n"},
           console_scripts={"pk3": "pk3:main"},
           data_files={"scripts/pk3-data": "#!python\nimport sys\nprint(sys.prefix)\n"})
PY
tailpath=/env-no-cache/bin/python3
long="long\"\\\$'\`$(printf 'L%.0s' $(seq 1 110))"
# A plain shebang for DIR/env-no-cache/bin/python3 (127 bytes with "#!" and
# the newline), too long for the temporary directory's (19 bytes longer).
mid_len=$((127 - 3 - ${#PWD} - 1 - ${#tailpath}))
mid="m\"i\\d$(printf 'm%.0s' $(seq 6 "$mid_len"))"
dirs=('q b"c' 'q b\c' 'q b$c' 'q b`c' "q b\\\\ \\\$ \\\` \\\" 'c" $'\xc3\xbc b' $'q\tb"c\\d' "$long")
[ "$mid_len" -ge 8 ] && dirs+=("$mid") || echo "note: \$PWD is too long for the mid-length case"

# created DIR WHAT: DIR is an environment whose scripts are all moved to it.
created() {
	local dir=$1 what=$2
	expect_rc 0 "$what"
	is_venv "$dir" || return
	for script in pk3 pk3-data; do
		run "$dir/bin/$script"
		[ "$rc" = 0 ] && [ "$out" = "$(cd "$dir" && pwd)" ] ||
			fail "$what: bin/$script exits $rc, prints: $out $err"
	done
	"$PY" - "$dir" <<'PY' || fail "$what: scripts or RECORD do not match"
import base64, csv, hashlib, os, sys
env = os.fsencode(os.path.abspath(sys.argv[1]))
bin_dir = os.path.join(env, b"bin")
site = [os.path.join(r, d) for r, ds, _ in os.walk(os.path.join(env, b"lib"))
        for d in ds if d == b"site-packages"][0]

def header(python):
    """The header script_header() writes (lib/script.c)."""
    if len(python) + 3 <= 127 and all(c > 0x20 and c != 0x7f for c in python):
        return b"#!" + python + b"\n"
    quoted = b"".join({39: b"'\"'\"'", 92: b"'\"\\\\\"'"}.get(c, bytes([c])) for c in python)
    return b"#!/bin/sh\n'''exec' '" + quoted + b"' \"$0\" \"$@\"\n' '''\n"

pythons = [header(os.path.join(bin_dir, n)) for n in os.listdir(bin_dir) if n.startswith(b"python")]
scripts = 0
for d in os.listdir(site):
    if not d.endswith(b".dist-info"):
        continue
    with open(os.path.join(site, d, b"RECORD"), newline="") as f:
        for path, digest, size in csv.reader(f):
            full = os.path.normpath(os.path.join(site, os.fsencode(path)))
            if os.path.dirname(full) != bin_dir:
                continue
            data = open(full, "rb").read()
            got = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, size) == ("sha256=" + got, str(len(data))), (path, digest, size, got, len(data))
            assert any(data.startswith(h) for h in pythons), (path, data[:300])
            scripts += 1
assert scripts >= 3, scripts  # pip's, pk3's, pk3-data
PY
	run "$PYVENV" check "$dir"
	expect_rc 0 "$what: check"
	# Compiled files keep the path pip compiled them at: Python replaces it
	# with the source's path on import (importlib's _fix_co_filename).
	left=$(grep -rlF --exclude='*.pyc' -- '.pyvenv-tmp-' "$dir")
	[ -z "$left" ] || fail "$what: these name the temporary directory: $left"
	no_leftovers "$(dirname "$dir")"
}

for i in "${!dirs[@]}"; do
	d=${dirs[i]}
	mkdir -p "$d"
	for how in no-cache miss hit; do
		case $how in
		no-cache) opt=--no-cache ;;
		*) opt="--cache-dir=$PWD/cache-$i" ;;
		esac
		run "$PYVENV" create -v --python "$PY" "$opt" --package pk3 \
			--pip-arg=--no-index --pip-arg=--find-links=wheels "$d/env-$how"
		case $how in
		hit) expect_err "seeding from the cached template" "$d: cache hit" ;;
		miss) expect_err "installing requirements" "$d: cache miss" ;;
		esac
		created "$d/env-$how" "$d/env-$how"
	done
done

# ghost WHAT WORD PATH: check fails on bin/ghost, pip's launcher running the
# missing PATH, written as WORD (a printf format: "%s" quoted, %s bare).
ghost() {
	printf "#!/bin/sh\n'''exec' $2 \"\$0\" \"\$@\"\n' '''\n" "$3" > "$env/bin/ghost"
	chmod +x "$env/bin/ghost"
	run "$PYVENV" check "$env"
	expect_rc 1 "$1"
	expect_err "bin/ghost runs '$(printf '%s' "$3" | sed 's/[][\\.*^$|?+(){}]/\\&/g')', which does not exist" "$1"
}
env=$(cd 'q b"c/env-no-cache' && pwd)
ghost "check, pip's launcher, quoted" '"%s"' "$PWD/q b\"c/.env.pyvenv-tmp-gone/bin/python3"
ghost "check, pip's launcher, bare" '%s' "$PWD/$long/.env.pyvenv-tmp-gone/bin/python3"
rm "$env/bin/ghost"
run "$PYVENV" check "$env"
expect_rc 0 "check, the launcher removed"
finish
