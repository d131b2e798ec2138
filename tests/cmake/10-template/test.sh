# 10-template: pyvenv_pack_template makes a template as a build target;
# another project seeds its environment from it (TEMPLATE), installs more on
# top, and is refused a template made with other options.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
copy_project src
mkdir wheels && wheel wheels alpha 1.0 && wheel wheels beta 1.0
export PYVENV_CACHE_DIR=$PWD/cache
archive=$PWD/m/shared/venv.tar.zst

configure src/maker m "-DPyVenv_DIR=$PYVENV_TEST_BUILD" "-DWHEELS=$PWD/wheels"
expect_ok "configure the maker"
build m --target venv_template
expect_ok "build venv_template"
[ -s "$archive" ] || fail "no template at $archive"
build m --target venv_template
expect_ok "second build of venv_template"
[ "$(count_lines 'Packing the Python environment')" -eq 0 ] || fail "an up-to-date template was packed again"

configure src/user u "-DPyVenv_DIR=$PYVENV_TEST_BUILD" "-DTEMPLATE=$archive" "-DWHEELS=$PWD/wheels"
expect_ok "configure the user"
build u --target venv
expect_ok "build the seeded environment"
env=$(venv_dir "$PWD/u" venv)
is_venv "$env"
script_runs "$env" alpha 1.0
[ ! -e "$env/bin/beta" ] || fail "beta installed without being asked"
grep -rl --exclude-dir=__pycache__ "$PWD/m/venv" "$env" >stale.txt
[ ! -s stale.txt ] || fail "files still name the maker's environment: $(cat stale.txt)"
run_ctest u --output-on-failure
expect_ok "ctest in the seeded project"

configure src/user u "-DWITH_BETA=ON"
expect_ok "configure with requirements on top"
build u --target venv
expect_ok "build with requirements on top"
script_runs "$env" alpha 1.0
script_runs "$env" beta 1.0

configure src/user u2 "-DPyVenv_DIR=$PYVENV_TEST_BUILD" "-DTEMPLATE=$archive" -DUSE_COPIES=ON
expect_failure "COPIES with a template made with symlinks"
expect_text "was made with symlinks, and COPIES asks for copies" "COPIES with a symlinks template"
finish
