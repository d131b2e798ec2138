# 07-parallel: `cmake --build . -j4` builds four environments at once, all of
# them valid; a second parallel build runs nothing.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
copy_project src
envs=()
for name in p1 p2 p3 p4; do
	envs+=("$(venv_dir "$PWD/b" $name)")
done

configure src b "-DPyVenv_DIR=$PYVENV_TEST_BUILD"
expect_ok "configure"
build b -j4
expect_ok "parallel build"
for name in p1 p2 p3 p4; do
	expect_eq "$(count_lines "Python environment $name\$")" 1 "runs of the command of $name"
done
for env in "${envs[@]}"; do
	is_venv "$env"
	[ -f "$env/.pyvenv-stamp" ] || fail "no stamp in $env"
done
pip_version=$("$PY" -c 'import ensurepip; print(ensurepip.version())')
for env in "${envs[@]:0:2}"; do
	run "$env/bin/python" -m pip --version
	expect_ok "pip in $env"
	[[ $out == "pip $pip_version from $env/"* ]] || fail "pip in $env: $out"
done
for env in "${envs[@]:2:2}"; do
	[ ! -e "$env/bin/pip" ] || fail "$env has pip (WITHOUT_PIP)"
done
expect_eq "$(cfg_value "${envs[1]}" prompt)" "'two'" "the prompt of p2"
[ ! -L "${envs[3]}/bin/python" ] || fail "p4 (COPIES) has a symbolic link bin/python"
remember "${envs[@]}"

build b -j4
nothing_ran "second parallel build" "${envs[@]}"
finish
