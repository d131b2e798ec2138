# 11-add-command: pyvenv_add_command runs a generator inside the environment
# (activated: VIRTUAL_ENV, PATH, no PYTHONHOME, whatever the caller has),
# reruns it when the environment changes, and not after a no-op build.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
copy_project src
mkdir src/wheels
# genconf_wheel VERSION VALUE: the wheel genconf-VERSION, whose VALUE is VALUE.
genconf_wheel() {
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from wheelgen import make_wheel
make_wheel(sys.argv[2], "genconf", sys.argv[3], modules={"genconf/__init__.py": "VALUE = %s\n" % sys.argv[4]})' \
		"$PYVENV_TEST_SRC/tests/parity" "$PWD/src/wheels" "$1" "$2" >/dev/null || fail "genconf wheel $1"
}
genconf_wheel 1.0 1
genconf_wheel 2.0 2
printf 'genconf==1.0\n' >src/req.txt
env=$(venv_dir "$PWD/b" gen)
if [ -n "$CONFIG" ]; then gen_c=$PWD/b/$CONFIG/gen.c; else gen_c=$PWD/b/gen.c; fi
showgen() {
	if [ -n "$CONFIG" ]; then "$PWD/b/$CONFIG/showgen"; else "$PWD/b/showgen"; fi
}
generated() { count_lines 'Generating gen.c in the environment gen'; }

configure src b "-DPyVenv_DIR=$PYVENV_TEST_BUILD"
expect_ok "configure"

# First build, from a caller with PYTHONHOME, VIRTUAL_ENV and a failing
# python first on PATH: the generator runs in the environment.
mkdir -p decoy
printf '#!/bin/sh\necho "the caller'"'"'s python ran" >&2\nexit 3\n' >decoy/python
chmod +x decoy/python
PATH="$PWD/decoy:$PATH" PYTHONHOME=/nonexistent VIRTUAL_ENV=/nonexistent/venv build b
expect_ok "first build"
expect_eq "$(generated)" 1 "first build: runs of the generator"
seen=$(showgen)
expect_eq "$(printf '%s\n' "$seen" | sed -n 's/^value=//p')" 1 "genconf's value in the first build"
for kv in "prefix=$env" "virtual_env=$env" "which_python=$env/bin/python" "pythonhome=<unset>" \
	'note=note with "quotes" and $dollar' 'arg=an argument with spaces and $dollar'; do
	printf '%s\n' "$seen" | grep -qxF -- "$kv" || fail "the generator did not see $kv: $seen"
done

# A no-op build runs nothing.
g=$(ident "$gen_c")
build b
expect_ok "second build"
expect_eq "$(generated)" 0 "second build: runs of the generator"
expect_eq "$(ident "$gen_c")" "$g" "gen.c after a no-op build"

# A changed requirement: the environment is rebuilt, gen.c generated anew
# and the library rebuilt with it.
printf 'genconf==2.0\n' >src/req.txt
build b
expect_ok "build after changing req.txt"
expect_eq "$(count_lines 'Python environment gen$')" 1 "the environment after changing req.txt"
expect_eq "$(generated)" 1 "build after changing req.txt: runs of the generator"
expect_eq "$(showgen | sed -n 's/^value=//p')" 2 "genconf's value after changing req.txt"
g=$(ident "$gen_c")
build b
expect_ok "build after the change"
expect_eq "$(generated)" 0 "build after the change: runs of the generator"
expect_eq "$(ident "$gen_c")" "$g" "gen.c after the build after the change"

# The script itself (in DEPENDS) reruns it too.
sleep 0.1
printf '\n# changed\n' >>src/gen.py
build b
expect_ok "build after changing gen.py"
expect_eq "$(generated)" 1 "build after changing gen.py: runs of the generator"
expect_eq "$(count_lines 'Python environment gen$')" 0 "the environment after changing gen.py"
finish
