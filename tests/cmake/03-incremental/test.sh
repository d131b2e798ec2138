# 03-incremental: what reruns the environment command, and what rebuilds the
# environment. The package is used from the top build tree (PyVenv_DIR).
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
copy_project src
mkdir src/wheels
wheel src/wheels alpha 1.0
wheel src/wheels beta 1.0
printf 'alpha\n' >src/req.txt
# local WHO: a wheel "who" at src/local whose module says WHO.
local_wheel() {
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from wheelgen import make_wheel
make_wheel(sys.argv[2], sys.argv[3], "1.0", modules={sys.argv[3] + "/__init__.py": "WHO = %r\n" % sys.argv[4]})' \
		"$PYVENV_TEST_SRC/tests/parity" "$PWD/src/local" "$1" "$2" >/dev/null
}
mkdir src/local
local_wheel who A
local_wheel nested N1
printf '%s\n-r nested.txt\n' "$PWD/src/local/who-1.0-py3-none-any.whl" >src/local-req.txt
printf './local/nested-1.0-py3-none-any.whl\n' >src/nested.txt
# (relative paths in a file are pip's: to its current directory, the build
# directory; the nested one is made absolute below, once b exists)
env=$(venv_dir "$PWD/b" venv)

configure src b "-DPyVenv_DIR=$PYVENV_TEST_BUILD"
expect_ok "configure"

# First build: the environment, with the requirement installed.
build b --target venv
check_venv_built "$PWD/b" "first build"
script_runs "$env" alpha 1.0
[ ! -e "$env/bin/beta" ] || fail "beta installed but not required"

remember "$env"
build b --target venv
nothing_ran "second build" "$env"

# A touched but unchanged requirement file: the command may run, the
# environment stays; after that, nothing runs.
cfg=$(ident "$env/pyvenv.cfg")
sleep 0.1
touch src/req.txt
build b --target venv
expect_ok "build after touching req.txt"
expect_eq "$(ident "$env/pyvenv.cfg")" "$cfg" "pyvenv.cfg after touching req.txt (inode, time)"
remember "$env"
build b --target venv
nothing_ran "build after the build after touching req.txt" "$env"

# Reconfiguring with nothing changed changes nothing.
configure src b
expect_ok "reconfigure"
build b --target venv
nothing_ran "build after reconfiguring unchanged" "$env"

# A changed requirement file: a new environment with both scripts.
printf 'alpha\nbeta\n' >src/req.txt
build b --target venv
check_venv_built "$PWD/b" "build after changing req.txt"
[ "$(ident "$env/pyvenv.cfg")" != "$cfg" ] || fail "changed req.txt: pyvenv.cfg was not written anew"
script_runs "$env" alpha 1.0
script_runs "$env" beta 1.0
remember "$env"
build b --target venv
nothing_ran "build after the change of req.txt" "$env"

# Changed options: rebuilt, and pyvenv.cfg says so.
expect_eq "$(cfg_value "$env" prompt)" "" "pyvenv.cfg prompt before PROMPT"
configure src b -DVENV_PROMPT=other
expect_ok "reconfigure with PROMPT"
build b --target venv
check_venv_built "$PWD/b" "build after PROMPT other"
expect_eq "$(cfg_value "$env" prompt)" "'other'" "pyvenv.cfg prompt after PROMPT other"
script_runs "$env" beta 1.0
remember "$env"
build b --target venv
nothing_ran "build after PROMPT" "$env"

expect_eq "$(cfg_value "$env" include-system-site-packages)" false "include-system-site-packages before"
configure src b -DVENV_SYSTEM_SITE_PACKAGES=ON
expect_ok "reconfigure with SYSTEM_SITE_PACKAGES"
build b --target venv
check_venv_built "$PWD/b" "build after SYSTEM_SITE_PACKAGES"
expect_eq "$(cfg_value "$env" include-system-site-packages)" true "include-system-site-packages after SYSTEM_SITE_PACKAGES"
expect_eq "$(cfg_value "$env" prompt)" "'other'" "pyvenv.cfg prompt kept"
remember "$env"
build b --target venv
nothing_ran "build after SYSTEM_SITE_PACKAGES" "$env"

# A new wheel in the --find-links directory: rebuilt (pip might pick it).
# (Regression: a --find-links=DIR directory was once no dependency, because
# a second MATCHES in the same if() cleared CMAKE_MATCH_1.)
cfg=$(ident "$env/pyvenv.cfg")
sleep 0.1
wheel src/wheels gamma 1.0
build b --target venv
check_venv_built "$PWD/b" "build after a new wheel in --find-links"
[ "$(ident "$env/pyvenv.cfg")" != "$cfg" ] || fail "a new wheel in --find-links: pyvenv.cfg was not written anew"
script_runs "$env" alpha 1.0
remember "$env"
build b --target venv
nothing_ran "build after the new wheel" "$env"

# The environment deleted: made again.
rm -rf "$env"
build b --target venv
check_venv_built "$PWD/b" "build after rm -rf of the environment"
script_runs "$env" alpha 1.0
script_runs "$env" beta 1.0
expect_eq "$(cfg_value "$env" prompt)" "'other'" "pyvenv.cfg prompt after re-creation"

# Local wheels named by requirement files: a rebuilt wheel rebuilds the
# environment (through the depfile), an unchanged one does not.
printf '%s\n' "$PWD/src/local/nested-1.0-py3-none-any.whl" >src/nested.txt
loc=$(venv_dir "$PWD/b" local)
build b --target local
expect_ok "local wheels"
who() { env -u VIRTUAL_ENV "$loc/bin/python" -c "import $1; print($1.WHO)" 2>&1; }
expect_eq "$(who who)/$(who nested)" "A/N1" "local wheels installed"
remember "$loc"
build b --target local
nothing_ran "build after local wheels" "$loc"
sleep 0.1
local_wheel who B
build b --target local
expect_ok "build after the local wheel was rebuilt"
expect_eq "$(who who)" "B" "the rebuilt local wheel"
sleep 0.1
local_wheel nested N2
build b --target local
expect_ok "build after the nested local wheel was rebuilt"
expect_eq "$(who nested)" "N2" "the rebuilt wheel named by the nested file"
remember "$loc"
build b --target local
nothing_ran "build after the rebuilt wheels" "$loc"

# PIP_ARGS --find-links=wheels, relative as the documentation shows, is
# relative to the source directory, though pip runs in the build directory.
build b --target relative
expect_ok "relative --find-links"
rel=$(venv_dir "$PWD/b" relative)
if [ "$rc" -eq 0 ]; then
	script_runs "$rel" alpha 1.0
	remember "$rel"
	sleep 0.1
	wheel src/wheels delta 1.0
	build b --target relative
	expect_ok "relative --find-links after a new wheel"
	[ "$(env_ident "$rel")" != "${remembered[$rel]}" ] || fail "a new wheel in a relative --find-links directory did not rebuild"
fi
finish
