# 03-incremental: what reruns the environment command, and what rebuilds the
# environment. The package is used from the top build tree (PyVenv_DIR).
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
copy_project src
mkdir src/wheels
wheel src/wheels alpha 1.0
wheel src/wheels beta 1.0
printf 'alpha\n' >src/req.txt
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
