# s35: the interpreter changes after its probe (and a template made with it)
# was cached; t0030 covers a touched one.
#   - a symlink at a fixed path, re-pointed from one CPython to another: the
#     next create probes again, makes an environment of the new version and
#     does not seed it from the old version's template; pointed back, the old
#     probe and template serve again, for the old version;
#   - the same path with its file replaced in place (same inode, same size:
#     pyenv's launchers of two versions), and the prefix it runs from;
#   - the interpreter removed (no file, or a dangling link) or replaced by a
#     program that is not Python: a clear error naming it, even on the paths
#     that start no Python (--without-pip with a cached probe), nothing made.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/stress/s3-faults.bash"

root=${PYENV_ROOT:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")}
pys=()
for minor in 12 11 13 10 9 8; do
	for p in "$root"/versions/3.$minor.*/bin/python3.$minor; do
		[ -x "$p" ] && "$p" -c pass 2>/dev/null && { pys+=("$p"); break; }
	done
	[ ${#pys[@]} -ge 2 ] && break
done
[ ${#pys[@]} -ge 2 ] || skip "needs two CPython versions under $root/versions (found ${pys[*]:-none})"
OLD=${pys[0]} NEW=${pys[1]}
oldv=$(pyversion "$OLD") newv=$(pyversion "$NEW")
echo "old: $OLD ($oldv), new: $NEW ($newv)"
export PYVENV_CACHE_DIR=$PWD/c
mkdir wheels bin
wheel wheels alpha 1.0 || { echo "FAIL: cannot build the test wheel"; exit 1; }
echo alpha >req.txt
PIPARGS=(--pip-arg=--no-index --pip-arg=--find-links="$PWD/wheels")
I=$PWD/bin/python3

# create DEST [ARG...]: create -v with $I, the cache in c/.
create() {
	local dest=$1
	shift
	run "$PYVENV" create -v --python "$I" "$@" "$dest"
}
# of VERSION DEST WHAT: DEST is a working environment of that version.
of() {
	local mm=${1%.*}
	is_venv "$2" || return
	grep -qx "version = $1" "$2/pyvenv.cfg" || fail "$3: pyvenv.cfg: $(grep version "$2/pyvenv.cfg")"
	[ "$(pyversion "$2/bin/python")" = "$1" ] || fail "$3: $2/bin/python is $(pyversion "$2/bin/python")"
	[ -d "$2/lib/python$mm/site-packages" ] || fail "$3: no lib/python$mm/site-packages: $(ls "$2/lib")"
	[ "$(ls "$2/lib")" = "python$mm" ] || fail "$3: lib/ holds $(ls "$2/lib" | tr '\n' ' ')"
}
alpha_ok() {
	[ "$("$1/bin/alpha")" = "$(printf 'hello from alpha 1.0\n%s' "$PWD/$1")" ] || fail "$1: alpha: $("$1/bin/alpha" 2>&1)"
}
probed() { expect_err "probing '$I'" "$1"; no_err "using the cached probe" "$1"; }
cached_probe() { expect_err "using the cached probe of '$I'" "$1"; no_err "probing '" "$1"; }

# --- a symlink re-pointed -------------------------------------------------------
ln -s "$OLD" bin/python3
create a1 -r req.txt "${PIPARGS[@]}"
expect_rc 0 "create with $oldv"
probed "create with $oldv"
of "$oldv" a1 "create with $oldv"
alpha_ok a1
[ "$(templates c)" = 1 ] || fail "create with $oldv stored $(templates c) templates"
create a2 --without-pip
expect_rc 0 "create --without-pip with $oldv"
cached_probe "create --without-pip with $oldv"

ln -sfn "$NEW" bin/python3
create b1 -r req.txt "${PIPARGS[@]}"
expect_rc 0 "create after re-pointing to $newv"
probed "create after re-pointing to $newv"
no_err "seeding from the cached template" "create after re-pointing to $newv"
expect_err "installing requirements" "create after re-pointing to $newv"
of "$newv" b1 "create after re-pointing to $newv"
alpha_ok b1
[ "$(templates c)" = 2 ] || fail "create after re-pointing to $newv: $(templates c) templates, expected 2"
create b2 --without-pip
expect_rc 0 "create --without-pip after re-pointing"
cached_probe "create --without-pip after re-pointing"
of "$newv" b2 "create --without-pip after re-pointing"

ln -sfn "$OLD" bin/python3
create a3 -r req.txt "${PIPARGS[@]}"
expect_rc 0 "create after pointing back to $oldv"
expect_err "seeding from the cached template" "create after pointing back to $oldv"
of "$oldv" a3 "create after pointing back to $oldv"
alpha_ok a3
echo "re-pointing done ($(elapsed)s)"

# --- the file replaced in place, with the prefix it runs from -------------------
# p/bin/python3 is a copy of a launcher; p/lib leads to that version's library.
# Two versions whose launchers have the same size, if there are.
A=$OLD B=$NEW
all=("$root"/versions/3.*/bin/python3.[0-9]*)
for x in "${all[@]}"; do
	for y in "${all[@]}"; do
		case $x$y in *-config* | *m) continue ;; esac
		[ "$(dirname "$x")" != "$(dirname "$y")" ] && [ "$(stat -c %s "$x")" = "$(stat -c %s "$y")" ] &&
			[[ $x != *python3.[0-7] && $y != *python3.[0-7] ]] && { A=$x B=$y; break 2; }
	done
done
av=$(pyversion "$A") bv=$(pyversion "$B")
mkdir -p p/bin
cp "$A" p/bin/python3
ln -s "$(dirname "$(dirname "$A")")/lib" p/lib
P3=$PWD/p/bin/python3
if [ "$(pyversion "$P3" 2>/dev/null)" = "$av" ]; then
	run "$PYVENV" create -v --python "$P3" --without-pip r1
	expect_rc 0 "create with the copied $av"
	of "$av" r1 "create with the copied $av"
	ino=$(stat -c %i "$P3") size=$(stat -c %s "$P3")
	cp "$B" "$P3" # writes into the same file
	ln -sfn "$(dirname "$(dirname "$B")")/lib" p/lib
	[ "$(stat -c %i "$P3")" = "$ino" ] || fail "test setup: cp made a new file"
	[ "$(stat -c %s "$P3")" = "$size" ] && echo "in place: $av -> $bv, same inode and size" ||
		echo "in place: $av -> $bv, same inode (no two launchers of the same size)"
	run "$PYVENV" create -v --python "$P3" --without-pip r2
	expect_rc 0 "create after the file was replaced in place"
	expect_err "probing '$P3'" "create after the file was replaced in place"
	of "$bv" r2 "create after the file was replaced in place"
else
	echo "SKIP: (part) a copy of $A does not run from another prefix: in-place replacement not checked"
fi

# --- removed, dangling, not Python ---------------------------------------------------
rm bin/python3
for args in "--without-pip" "" "-r req.txt"; do
	run "$PYVENV" create --python "$I" $args "${PIPARGS[@]}" x1
	expect_rc 1 "create with the interpreter removed ($args)"
	expect_err "'$I'.*(does not exist|No such file)" "create with the interpreter removed ($args)"
	gone x1 "create with the interpreter removed ($args)"
done
ln -s "$PWD/no/such/python3" bin/python3
run "$PYVENV" create --python "$I" --without-pip x2
expect_rc 1 "create with a dangling link"
expect_err "'$I'.*(does not exist|No such file)" "create with a dangling link"
gone x2 "create with a dangling link"
rm bin/python3
# a program that is not Python, where the old one was (same path)
ln -s "$OLD" bin/python3
"$PYVENV" create -q --python "$I" --without-pip x3pre || fail "create x3pre"
rm bin/python3
printf '#!/bin/sh\necho "I am not Python"\n' >bin/python3
chmod +x bin/python3
run "$PYVENV" create --python "$I" --without-pip x3
expect_rc 1 "create with a program that is not Python"
expect_err "'$I'.*(not|does not) .*Python" "create with a program that is not Python"
gone x3 "create with a program that is not Python"
entries_ok c "the end"

echo "done in $(elapsed)s"
finish
