# 05-errors: wrong uses of the package fail at configure time with the
# expected message; a directory that is not an environment fails the build
# and is left as it was.
. "$PYVENV_TEST_SRC/tests/cmake/lib.sh" "$@"
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
copy_project src

# try CASE: configures src with -DCASE=CASE in a build tree of its own.
try() {
	configure src "b-$1" "-DPyVenv_DIR=$PYVENV_TEST_BUILD" "-DCASE=$1"
}

try ok
expect_ok "the right use"

# refused CASE MESSAGE: the configure fails, and says MESSAGE.
refused() {
	try "$1"
	expect_failure "$1"
	expect_text "$2" "$1"
}
refused unknown-keyword \
	"add_python_venv(venv): unknown argument(s): BOGUS_KEYWORD 1."
refused missing-requirements \
	"add_python_venv(venv): the requirement file '$PWD/src/missing.txt' does not exist."
refused missing-python \
	"add_python_venv(venv): the interpreter '/nonexistent/python3' does not exist."
refused without-pip-packages \
	"add_python_venv(venv): REQUIREMENTS and PACKAGES may need pip: remove WITHOUT_PIP, or them, or use INSTALLER native."
refused template \
	"add_python_venv(venv): '$PWD/b-template/plain.tar.zst' is not a pyvenv template"
refused link-mode \
	"add_python_venv(venv): LINK_MODE must be auto, clone, hardlink or copy, not 'symbolic'."
refused installer \
	"add_python_venv(venv): INSTALLER must be auto, native or pip, not 'uv'."
refused duplicate \
	"add_python_venv(venv): a target named 'venv' already exists; choose another name."
refused test-without-command \
	"pyvenv_add_test(t): COMMAND is required."
refused test-venv-not-venv \
	"pyvenv_add_test(t): the target 'notvenv' was not made by add_python_venv()."
refused discover-runner-nose \
	"pyvenv_discover_tests(venv): RUNNER must be pytest or unittest, not 'nose'."
refused environment-without-equals \
	"pyvenv_add_test(t): ENVIRONMENT entries are NAME=VALUE, not 'FOO'."
refused command-without-output \
	"pyvenv_add_command(): OUTPUT is required."
refused command-venv-not-venv \
	"pyvenv_add_command(x.c): the target 'notvenv' was not made by add_python_venv()."

# PYTHON by version: resolved at configure time to an interpreter's path;
# one nothing satisfies lists what was found; PYVENV_PYTHON is the default.
try python-request
expect_ok "PYTHON >=3.8"
base=$(status_value base)
[ -x "$base" ] && [ "${base#/}" != "$base" ] || fail "PYTHON >=3.8 gave '$base', not an interpreter's path"
refused python-request-none \
	"add_python_venv(venv): PYTHON '3.99': no interpreter for it."
expect_text "pyvenv: error: no interpreter satisfies '3.99'; found:" "python-request-none"
configure src b-python-default "-DPyVenv_DIR=$PYVENV_TEST_BUILD" -DCASE=python-default-request -DPYVENV_PYTHON=3.98
expect_failure "PYVENV_PYTHON 3.98"
expect_text "no interpreter satisfies '3.98'" "PYVENV_PYTHON 3.98"

# A directory that is not an environment: the build fails, with pyvenv's
# message, and leaves the directory as it was.
try directory-taken
expect_ok "configure with DIRECTORY taken"
taken=$(venv_dir "$PWD/b-directory-taken" taken)
mkdir -p "$taken/sub"
echo precious >"$taken/file"
echo more >"$taken/sub/file"
snapshot() {
	find "$1" -printf '%p %y %s %m %i %T@\n' | sort
}
before=$(snapshot "$taken")
build b-directory-taken --target venv
expect_failure "build with DIRECTORY taken"
expect_text "pyvenv: error: '$taken' exists and is not a virtual environment (it has no pyvenv.cfg)" \
	"build with DIRECTORY taken"
expect_eq "$(snapshot "$taken")" "$before" "the taken directory after the build"
[ -z "$(find "$(dirname "$taken")" -maxdepth 1 -name '*pyvenv-tmp*')" ] || fail "temporary directories left beside $taken"
finish
