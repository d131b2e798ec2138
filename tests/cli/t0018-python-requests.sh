# --python by version: 3.N, >=3.N, python3.N, cpython3.N, 3.Nt, found on
# PATH first, else the newest in pyenv's and uv's trees (and the system
# directories); names on PATH as before; wrappers resolved; a request that
# nothing satisfies lists what was found; info --list. Fake PATH, pyenv and
# uv trees hold links to the real interpreters here.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

# The real interpreters, by minor version: pyenv's 3.8 to 3.13.
root=${PYENV_ROOT:-$HOME/.pyenv}
declare -A real=()
for m in 8 9 10 11 12 13; do
	for f in "$root"/versions/3.$m.*/bin/python3.$m; do
		if [ -x "$f" ]; then real[$m]=$f; break; fi
	done
	[ -n "${real[$m]:-}" ] || echo "SKIP: (part) no pyenv Python 3.$m here"
done
minors=$(printf '%s\n' "${!real[@]}" | sort -n)
[ "$(echo "$minors" | wc -l)" -ge 3 ] || skip "fewer than three pyenv interpreters (3.8 to 3.13) here"
lo=$(echo "$minors" | head -n1) hi=$(echo "$minors" | tail -n1) mid=$(echo "$minors" | sed -n 2p)

# The newest minor version in the system directories, which are always
# searched.
sysmax=0
for f in /usr/local/bin/python3* /usr/bin/python3*; do
	case ${f##*/} in python3 | python3.[0-9] | python3.[0-9][0-9]) ;; *) continue ;; esac
	m=$("$f" -c 'import sys; print(sys.version_info[1] if sys.version_info[0] == 3 else 0)' 2>/dev/null) || continue
	[ "$m" -gt "$sysmax" ] && sysmax=$m
done

mkdir -p p1 empty home pyenv/versions uv
ln -s "${real[$lo]}" p1/python3
for m in $mid $hi; do
	mkdir -p "pyenv/versions/3.$m.0/bin"
	ln -s "${real[$m]}" "pyenv/versions/3.$m.0/bin/python3.$m"
done
mkdir -p "uv/cpython-3.$mid-linux/bin"
ln -s "${real[$mid]}" "uv/cpython-3.$mid-linux/bin/python3.$mid"
# (the same file as pyenv's: listed once, as pyenv's)

# in_fake PATH CMD...: CMD with PATH and the fake trees, nothing else.
in_fake() {
	local path=$1
	shift
	env -i HOME="$PWD/home" PATH="$path" PYENV_ROOT="$PWD/pyenv" UV_PYTHON_INSTALL_DIR="$PWD/uv" \
		PYVENV_CACHE_DIR="$PYVENV_CACHE_DIR" "$@"
}
# picks WHAT PATH REQUEST WANT: info --python REQUEST picks WANT.
picks() {
	run in_fake "$2" "$PYVENV" info --python "$3" --json
	expect_rc 0 "$1"
	got=$(printf '%s' "$out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["interpreter"])' 2>/dev/null)
	[ "$got" = "$4" ] || fail "$1: --python '$3' picked '$got', not '$4' ($err)"
}

# The first on PATH that satisfies, though newer ones are elsewhere.
picks "the first on PATH" "$PWD/p1" ">=3.$lo" "$PWD/p1/python3"
picks "a bare major version" "$PWD/p1" "3" "$PWD/p1/python3"
# Not on PATH: the newest among the others.
if [ "$hi" -gt "$sysmax" ]; then
	picks "the newest elsewhere" "$PWD/p1" ">=3.$mid" "$PWD/pyenv/versions/3.$hi.0/bin/python3.$hi"
	picks "specifiers with an upper bound" "$PWD/p1" ">=3.$mid,<3.$((hi + 1))" "$PWD/pyenv/versions/3.$hi.0/bin/python3.$hi"
else
	echo "SKIP: (part) the system's Python 3.$sysmax is newer than pyenv's 3.$hi"
fi
picks "a minor version in pyenv" "$PWD/p1" "3.$hi" "$PWD/pyenv/versions/3.$hi.0/bin/python3.$hi"
picks "cpython3.N" "$PWD/p1" "cpython3.$hi" "$PWD/pyenv/versions/3.$hi.0/bin/python3.$hi"
picks "a wildcard" "$PWD/empty" "==3.$mid.*" "$PWD/pyenv/versions/3.$mid.0/bin/python3.$mid"
# uv's tree, when pyenv has no such version.
rm -rf "pyenv/versions/3.$mid.0"
picks "uv's interpreters" "$PWD/empty" "3.$mid" "$PWD/uv/cpython-3.$mid-linux/bin/python3.$mid"
mkdir -p "pyenv/versions/3.$mid.0/bin" && ln -s "${real[$mid]}" "pyenv/versions/3.$mid.0/bin/python3.$mid"

# A name on PATH is that program, as before.
ln -s "${real[$mid]}" p1/python3.$mid
picks "a name on PATH" "$PWD/p1" "python3.$mid" "$PWD/p1/python3.$mid"
run in_fake "$PWD/p1" "$PYVENV" info --json
expect_rc 0 "the default, python3 on PATH"
case $out in *"\"interpreter\": \"$PWD/p1/python3\""*) ;; *) fail "the default is not p1/python3: $out" ;; esac
rm p1/python3.$mid

# A wrapper that runs an interpreter (as a pyenv shim does) resolves to it;
# one that does not run (a shim of a version not selected) is passed over.
mkdir w
printf '#!/bin/sh\nexec "%s" "$@"\n' "${real[$hi]}" >w/python3.$hi
printf '#!/bin/sh\necho "pyenv: python3.%s: command not found" >&2\nexit 127\n' "$mid" >w/python3.$mid
chmod +x w/python3.*
picks "a wrapper" "$PWD/w" "3.$hi" "${real[$hi]}"
picks "a wrapper that does not run" "$PWD/w" "python3.$mid" "$PWD/pyenv/versions/3.$mid.0/bin/python3.$mid"
run in_fake "$PWD/w" "$PYVENV" info -v --python "python3.$mid"
expect_err "passing over '$PWD/w/python3.$mid' \(PATH\): .*command not found" "-v on a wrapper that does not run"

# Nothing satisfies: exit 1, and the list of what was found.
run in_fake "$PWD/p1" "$PYVENV" create --python 3.99 env
expect_rc 1 "a version nothing satisfies"
expect_err "no interpreter satisfies '3.99'; found:" "a version nothing satisfies"
expect_err "3\.$lo\.[0-9]+ \(cpython\) $PWD/p1/python3 \[PATH\]" "the list of what was found"
expect_err "3\.$hi\.[0-9]+ \(cpython\) $PWD/pyenv/versions/3.$hi.0/bin/python3.$hi \[pyenv\]" "the list of what was found"
[ ! -e env ] || fail "a refused request made env"
if ! "$PYVENV" info --list --json | grep -q '"free_threaded": true'; then
	run in_fake "$PWD/p1" "$PYVENV" info --python "3.${hi}t"
	expect_rc 1 "a free-threaded request"
	expect_err "no interpreter satisfies '3.${hi}t'" "a free-threaded request"
else
	echo "SKIP: (part) a free-threaded interpreter is here: not asking for a missing one"
fi
for bad in ">=3.x" "3.12.1.1" "==3.*.1" "~=3" "3.12u"; do
	run in_fake "$PWD/p1" "$PYVENV" info --python "$bad"
	expect_rc 1 "the request '$bad'"
	expect_err "'$bad' is not an interpreter request pyvenv understands" "the request '$bad'"
done

# info --list: each interpreter once, with where it was found.
run in_fake "$PWD/p1" "$PYVENV" info --list --json
expect_rc 0 "info --list --json"
listed=$(printf '%s' "$out" | python3 -c '
import json, sys
for i in json.load(sys.stdin)["interpreters"]:
    print(i["found_in"], i["path"], i["version"].rsplit(".", 1)[0], i["free_threaded"])')
printf '%s\n' "$listed" | grep -qxF "PATH $PWD/p1/python3 3.$lo False" || fail "info --list lacks p1/python3: $listed"
printf '%s\n' "$listed" | grep -qxF "pyenv $PWD/pyenv/versions/3.$hi.0/bin/python3.$hi 3.$hi False" || fail "info --list lacks pyenv's 3.$hi: $listed"
[ "$(printf '%s\n' "$listed" | grep -c "3\.$mid False")" -le 1 ] || fail "info --list lists 3.$mid twice: $listed"
run in_fake "$PWD/p1" "$PYVENV" info --list
expect_rc 0 "info --list"
printf '%s\n' "$out" | grep -Eq "^3\.$lo\.[0-9]+ +cpython +PATH +$PWD/p1/python3$" || fail "info --list text: $out"
run "$PYVENV" info --list --python 3
expect_rc 2 "--list with --python"

# The real interpreters, each by its version, and an environment from one.
for m in $minors; do
	run env PATH=/usr/bin:/bin "$PYVENV" info --python "3.$m" --json
	expect_rc 0 "--python 3.$m"
	case $out in *"\"version\": \"3.$m."*) ;; *) fail "--python 3.$m gave another version" ;; esac
done
run env PATH=/usr/bin:/bin "$PYVENV" create --python "3.$hi" --without-pip made
expect_rc 0 "create --python 3.$hi"
[ "$(sed -n 's/^version = //p' made/pyvenv.cfg 2>/dev/null | cut -d. -f1-2)" = "3.$hi" ] || fail "made is not Python 3.$hi"
finish
