# The template cache: a miss builds and stores one template per set of
# inputs; a hit seeds the environment without running pip and moves it to
# its own path; --no-cache neither reads nor writes; a damaged entry is
# rebuilt; `pyvenv cache dir|list|prune|clear`.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

mkdir wheels
wheel wheels alpha 1.0
wheel wheels beta 2.0
echo alpha > req.txt
c="$PWD/c"
first="$PWD/first/env"

# cached DEST [ARG...]: create -v with the cache in c/ and the same inputs.
cached() {
	local dest=$1
	shift
	run "$PYVENV" create -v --python "$PY" --cache-dir c -r req.txt \
		--pip-arg=--no-index --pip-arg=--find-links=wheels "$@" "$dest"
}
templates() { find c/templates -name '*.tar.zst' 2>/dev/null | wc -l; }
sidecars() { find c/templates -name '*.sha256' 2>/dev/null | wc -l; }
# hit WHAT: the last run seeded from the cache and ran no pip.
hit() {
	expect_rc 0 "$1"
	expect_err "seeding from the cached template" "$1"
	if printf '%s\n%s\n' "$out" "$err" | grep -Eq "installing requirements|Looking in links|Processing "; then
		fail "$1: pip ran on a cache hit: $err"
	fi
	if printf '%s\n' "$err" | grep -q "warning"; then
		fail "$1: warned on a cache hit: $err"
	fi
}
# miss WHAT: the last run built the environment with pip.
miss() {
	expect_rc 0 "$1"
	expect_err "installing requirements" "$1"
	if printf '%s\n' "$err" | grep -q "seeding from the cached template"; then
		fail "$1: seeded from the cache: $err"
	fi
}
# works DIR: a working environment with alpha, no trace of $first.
works() {
	local o
	is_venv "$1" || return
	[ "$("$1/bin/alpha")" = "$(printf 'hello from alpha 1.0\n%s' "$1")" ] || fail "$1: alpha: $("$1/bin/alpha" 2>&1)"
	[ "$("$1/bin/pip" --version | sed 's/ from .*//')" = "$("$first/bin/pip" --version | sed 's/ from .*//')" ] ||
		fail "$1: pip --version: $("$1/bin/pip" --version 2>&1)"
	if [ "$1" != "$first" ]; then
		o=$(grep -rlF "$first" "$1" | grep -v '/__pycache__/')
		[ -z "$o" ] || fail "$1: files still hold '$first': $o"
	fi
	o=$(bash -c '. "$1/bin/activate" && printf %s "$VIRTUAL_ENV"' sh "$1")
	[ "$o" = "$1" ] || fail "$1: activate sets VIRTUAL_ENV=$o"
}

# --- a miss stores; a hit seeds -------------------------------------------------
cached "$first"
miss "first create"
works "$first"
[ "$(templates)" = 1 ] || fail "first create stored $(templates) templates: $(ls c/templates)"
[ "$(sidecars)" = 1 ] || fail "first create stored $(sidecars) digests"
key=$(basename c/templates/*.tar.zst .tar.zst)
printf '%s\n' "$key" | grep -Eqx '[0-9a-f]{64}' || fail "the template's name is not a key: $key"
[ "$(cat "c/templates/$key.sha256")" = "$(sha256sum "c/templates/$key.tar.zst" | cut -d' ' -f1)" ] ||
	fail "the digest file does not match the archive"

cached "$PWD/second/env"
hit "second create"
works "$PWD/second/env"
[ "$(templates)" = 1 ] || fail "a hit stored another template"
"$PWD/second/env/bin/pip" install -q --no-index --find-links=wheels beta || fail "pip install in a seeded environment"
[ "$("$PWD/second/env/bin/beta" | head -1)" = "hello from beta 2.0" ] || fail "beta in a seeded environment"

# relative destination, --prompt and --build-path are not part of the key
mkdir bp
cached rel --prompt other --build-path bp
hit "create with another prompt and a build path"
works "$PWD/rel"
grep -qx "prompt = 'other'" rel/pyvenv.cfg || fail "the prompt of a hit: $(cat rel/pyvenv.cfg)"
[ "$(rel/bin/python -c 'import sys; print(sys.path[-1])')" = "$PWD/bp" ] || fail "the build path of a hit"

# the same contents in a touched -r file: a hit
touch -d '2001-01-01' req.txt
cached "$PWD/touched/env"
hit "create with a touched requirements file"
# another file name, same contents: a hit
cp req.txt req2.txt
run "$PYVENV" create -v --python "$PY" --cache-dir c -r req2.txt \
	--pip-arg=--no-index --pip-arg=--find-links=wheels "$PWD/renamed/env"
hit "create with a renamed requirements file"

# changed contents: a miss, a second template
printf 'alpha\nbeta\n' > req.txt
cached "$PWD/changed/env"
miss "create with changed requirements"
[ -x "$PWD/changed/env/bin/beta" ] || fail "changed requirements: beta not installed"
[ "$(templates)" = 2 ] || fail "changed requirements: $(templates) templates"
echo alpha > req.txt
cached "$PWD/back/env"
hit "create with the first requirements again"
[ ! -e "$PWD/back/env/bin/beta" ] || fail "a hit for the first requirements has beta"

# another option: a miss
cached "$PWD/site/env" --system-site-packages
miss "create with --system-site-packages"
[ "$(templates)" = 3 ] || fail "another option: $(templates) templates"

# --- --no-cache ---------------------------------------------------------------------
before=$(snapshot c)
cached "$PWD/nc/env" --no-cache
expect_rc 0 "--no-cache"
works "$PWD/nc/env"
if printf '%s\n' "$err" | grep -q "seeding from the cached template"; then fail "--no-cache read the cache"; fi
[ "$(snapshot c)" = "$before" ] || fail "--no-cache changed the cache"
run "$PYVENV" create -v --python "$PY" --cache-dir empty --no-cache -r req.txt \
	--pip-arg=--no-index --pip-arg=--find-links=wheels "$PWD/nc2/env"
expect_rc 0 "--no-cache with a new cache directory"
works "$PWD/nc2/env"
[ ! -e empty ] || fail "--no-cache created its cache directory: $(find empty)"

# --- another interpreter -------------------------------------------------------------
PY2=
mine=$("$PY" -c 'import os, sys; print(os.path.realpath(sys.executable))')
for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.*/bin/python3 /usr/bin/python3; do
	[ -x "$p" ] && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 8))' 2>/dev/null || continue
	[ "$("$p" -c 'import os, sys; print(os.path.realpath(sys.executable))')" != "$mine" ] && { PY2=$p; break; }
done
if [ -n "$PY2" ]; then
	n=$(templates)
	run "$PYVENV" create -v --python "$PY2" --cache-dir c -r req.txt \
		--pip-arg=--no-index --pip-arg=--find-links=wheels "$PWD/py2/env"
	miss "create with $PY2"
	[ "$(templates)" = $((n + 1)) ] || fail "another interpreter: $(templates) templates, expected $((n + 1))"
	[ "$("$PWD/py2/env/bin/python" -c 'import platform; print(platform.python_version())')" = \
		"$("$PY2" -c 'import platform; print(platform.python_version())')" ] || fail "py2/env runs another interpreter"
else
	echo "SKIP: (part) no second interpreter: the cache miss for another interpreter is not checked"
fi

# --- damaged entries are detected and rebuilt ----------------------------------------
archive="c/templates/$key.tar.zst"
damaged() { # damaged WHAT DEST: a create that finds $key damaged rebuilds it
	rm -rf c/trees
	run "$PYVENV" create --python "$PY" --cache-dir c -r req.txt \
		--pip-arg=--no-index --pip-arg=--find-links=wheels "$2"
	expect_rc 0 "$1"
	expect_err "warning: the cached template .*could not be used" "$1"
	expect_err "installing requirements" "$1"
	if printf '%s\n' "$err" | grep -q "error"; then fail "$1: an error was reported: $err"; fi
	works "$2"
	[ -f "$archive" ] || fail "$1: the entry was not stored again"
	[ "$(cat "c/templates/$key.sha256")" = "$(sha256sum "$archive" | cut -d' ' -f1)" ] ||
		fail "$1: the new digest file does not match the new archive"
	[ -d "c/trees/$key" ] && fail "$1: a tree of the damaged archive is left"
	cached "$2-again"
	hit "$1: the rebuilt entry"
	works "$2-again"
}
size=$(stat -c %s "$archive")
python3 - "$archive" <<'PY'
import sys
p = sys.argv[1]
data = bytearray(open(p, "rb").read())
mid = len(data) // 2
for i in range(mid, mid + 16):
    data[i] ^= 0xFF
open(p, "wb").write(data)
PY
damaged "a corrupted archive" "$PWD/corrupt/env"
truncate -s $(($(stat -c %s "$archive") / 2)) "$archive"
damaged "a truncated archive" "$PWD/truncated/env"
# a digest file that does not match (the archive replaced by another)
cp "c/templates/$key.sha256" saved.sha256
printf '%064d\n' 0 > "c/templates/$key.sha256"
damaged "a wrong digest" "$PWD/wrongdigest/env"
no_leftovers "$PWD/corrupt"
[ -z "$(find c -name '*.pyvenv-tmp-*')" ] || fail "temporary files left in the cache: $(find c -name '*.pyvenv-tmp-*')"

# --- pyvenv cache --------------------------------------------------------------------
run "$PYVENV" cache --cache-dir c dir
expect_rc 0 "cache dir"
[ "$out" = "$c" ] || fail "cache dir printed '$out', not '$c'"
run env PYVENV_CACHE_DIR="$PWD/fromenv" "$PYVENV" cache dir
[ "$out" = "$PWD/fromenv" ] || fail "cache dir with PYVENV_CACHE_DIR printed '$out'"

n=$(templates)
run "$PYVENV" cache --cache-dir c list
expect_rc 0 "cache list"
[ "$(printf '%s\n' "$out" | tail -1 | sed 's/,.*//')" = "$n templates" ] || fail "cache list count line: $out"
printf '%s\n' "$out" | tail -1 | grep -qF " in '$c'" || fail "cache list does not name '$c': $out"
[ "$(printf '%s\n' "$out" | grep -c "Python ")" = "$n" ] || fail "cache list does not show $n templates: $out"
printf '%s\n' "$out" | grep -q "^${key:0:16} .* Python $("$PY" -c 'import platform; print(platform.python_version())') ($PY)$" ||
	fail "cache list does not show $key: $out"

# prune --max-age: only the entries not used for that long
other=$(ls c/templates/*.sha256 | grep -v "$key" | head -1)
touch -d '2 days ago' "$other"
run "$PYVENV" cache --cache-dir c prune --max-age 1
expect_rc 0 "prune --max-age 1"
[ "$(templates)" = $((n - 1)) ] || fail "prune --max-age 1 left $(templates) of $n templates"
[ ! -e "$other" ] && [ ! -e "${other%.sha256}.tar.zst" ] || fail "prune --max-age 1 did not remove the old entry"
[ -f "c/templates/$key.tar.zst" ] || fail "prune --max-age 1 removed a fresh entry"
touch -d '2 days ago' c/templates/*.sha256
run "$PYVENV" cache --cache-dir c prune --max-age 0
expect_rc 0 "prune --max-age 0"
[ "$(templates)" = 0 ] && [ "$(sidecars)" = 0 ] || fail "prune --max-age 0 left $(ls c/templates)"
[ -z "$(ls -A c/trees 2>/dev/null)" ] || fail "prune --max-age 0 left trees: $(ls c/trees)"
works "$PWD/second/env" # hard links into the cache outlive it

# prune --max-size
cached "$PWD/again/env"
miss "create after prune"
run "$PYVENV" cache --cache-dir c prune --max-size 1G
expect_rc 0 "prune --max-size 1G"
[ "$(templates)" = 1 ] || fail "prune --max-size 1G removed a template"
run "$PYVENV" cache --cache-dir c prune --max-size 0
expect_rc 0 "prune --max-size 0"
[ "$(templates)" = 0 ] && [ "$(sidecars)" = 0 ] || fail "prune --max-size 0 left $(ls c/templates)"

# clear
cached "$PWD/again2/env"
miss "create after prune --max-size"
[ -n "$(ls -A c/interpreters)" ] || fail "no interpreter probe in the cache"
run "$PYVENV" cache --cache-dir c clear
expect_rc 0 "cache clear"
[ "$(templates)" = 0 ] && [ "$(sidecars)" = 0 ] || fail "clear left $(ls c/templates)"
[ ! -e c/interpreters ] || [ -z "$(ls -A c/interpreters)" ] || fail "clear left interpreter probes: $(ls c/interpreters)"
[ -z "$(ls -A c/trees 2>/dev/null)" ] || fail "clear left trees: $(ls c/trees)"
run "$PYVENV" cache --cache-dir c list
[ "$(printf '%s\n' "$out" | tail -1 | sed 's/,.*//')" = "0 templates" ] || fail "cache list after clear: $out"

# usage errors
for args in "prune" "frob" "" "list extra" "list --max-age 1" "prune --max-age x" "prune --max-size -1" "--bogus list"; do
	run "$PYVENV" cache --cache-dir c $args
	expect_rc 2 "cache $args"
done
finish
