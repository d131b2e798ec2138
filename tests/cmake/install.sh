# cmake/install: installs the package from the top build tree into
# PYVENV_TEST_PREFIX, for the tests that use it installed (the CTest fixture
# pyvenv.cmake-prefix), and checks what the prefix holds.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" any
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
: "${PYVENV_TEST_PREFIX:?PYVENV_TEST_PREFIX must name the install prefix}"
prefix=$PYVENV_TEST_PREFIX

rm -rf "$prefix"
run "$CMAKE" --install "$PYVENV_TEST_BUILD" --prefix "$prefix"
expect_ok "cmake --install"

[ -x "$prefix/bin/pyvenv" ] || fail "bin/pyvenv is missing or not executable"
run "$prefix/bin/pyvenv" --version
expect_ok "installed pyvenv --version"
expect_eq "$out" "pyvenv 1.0.0" "installed pyvenv --version"
pkg=$prefix/lib/cmake/PyVenv
for f in PyVenvConfig.cmake PyVenvConfigVersion.cmake PyVenv.cmake PyVenvTargets.cmake; do
	[ -f "$pkg/$f" ] || fail "lib/cmake/PyVenv/$f is missing"
done
# The per-configuration part of the export, whatever the configuration.
configs=$(cd "$pkg" 2>/dev/null && ls PyVenvTargets-*.cmake 2>/dev/null)
[ -n "$configs" ] || fail "lib/cmake/PyVenv/PyVenvTargets-<config>.cmake is missing"
# The module from the install, not from the source tree.
grep -q "$PYVENV_TEST_SRC" "$pkg/PyVenvConfig.cmake" &&
	fail "the installed PyVenvConfig.cmake names the source tree"
if command -v help2man >/dev/null; then
	[ -s "$prefix/share/man/man1/pyvenv.1" ] || fail "share/man/man1/pyvenv.1 is missing (help2man is installed)"
	grep -q '^\.TH PYVENV' "$prefix/share/man/man1/pyvenv.1" 2>/dev/null ||
		fail "share/man/man1/pyvenv.1 is not a manual page"
fi
finish
