# 06-build-paths: BUILD_PATHS with a target's directory and a source
# directory; building the environment builds the target first.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
"$PY" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' ||
	skip "$PY has no headers (Python.h) to build an extension module"
copy_project src

configure src b "-DPyVenv_DIR=$PYVENV_TEST_BUILD"
expect_ok "configure"

# check_config CONFIG: the environment of CONFIG ("" in a single-config
# generator) names that configuration's module directory, and its test
# imports both modules.
check_config() {
	local config=$1 info env module_dir module pth
	info=b/info-$config.txt
	env=$(info_value "$info" venv_DIR)
	module_dir=$(info_value "$info" module_dir)
	module=$(info_value "$info" module)
	[ -n "$env" ] && [ -n "$module_dir" ] || { fail "$info: no venv_DIR or module_dir"; return; }
	[ ! -e "$module" ] || fail "$config: _hello exists before the build"
	run "$CMAKE" --build b ${config:+--config "$config"} --target venv
	expect_ok "$config: building only the target venv"
	[ -f "$module" ] || fail "$config: building venv did not build _hello ($module)"
	link=$(count_lines 'Linking C shared module')
	expect_eq "$link" 1 "$config: links of _hello"
	link=$(printf '%s\n' "$output" | grep -n 'Linking C shared module' | head -1 | cut -d: -f1)
	made=$(printf '%s\n' "$output" | grep -n 'Python environment venv$' | head -1 | cut -d: -f1)
	[ -n "$link" ] && [ -n "$made" ] && [ "$link" -lt "$made" ] ||
		fail "$config: _hello was not built before the environment (lines $link, $made)"
	is_venv "$env"
	pth=$(cat "$env"/lib/python3*/site-packages/_pyvenv_build_paths.pth 2>/dev/null)
	expect_eq "$pth" "$module_dir
$PWD/src/pysrc" "$config: the .pth of $env"
	run env -u VIRTUAL_ENV "$env/bin/python" -c 'import _hello, puremod; print(puremod.greet())'
	expect_ok "$config: importing in the environment"
	expect_eq "$out" "pure and hello from C" "$config: puremod.greet()"
	run_ctest b ${config:+-C "$config"} --output-on-failure
	expect_ok "$config: ctest"
	expect_text "100% tests passed, 0 tests failed out of 2" "$config: ctest"
}

if [ -z "$CONFIG" ]; then
	check_config ""
	expect_eq "$(info_value b/info-.txt venv_DIR)" "$PWD/b/venv" "the environment"
else
	check_config Debug
	check_config Release
	expect_eq "$(info_value b/info-Debug.txt venv_DIR)" "$PWD/b/venv/Debug" "the Debug environment"
	expect_eq "$(info_value b/info-Release.txt venv_DIR)" "$PWD/b/venv/Release" "the Release environment"
	[ "$(info_value b/info-Debug.txt module_dir)" != "$(info_value b/info-Release.txt module_dir)" ] ||
		fail "Debug and Release build _hello in the same directory"
fi
finish
