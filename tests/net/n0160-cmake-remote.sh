# The CMake cache variables PYVENV_REMOTE_CACHE and PYVENV_REMOTE_CACHE_WRITE
# reach add_python_venv, and so does the environment variable at build time;
# switching the remote cache rebuilds nothing (the stamp does not change).
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
. "$PYVENV_TEST_SRC/tests/net/lib-net.sh"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p') PYVENV_REMOTE_CACHE PYVENV_REMOTE_CACHE_WRITE \
	CMAKE_GENERATOR MAKEFLAGS
: "${PYVENV_TEST_BUILD:?PYVENV_TEST_BUILD must name the top build tree}"
CMAKE=${PYVENV_TEST_CMAKE:-cmake}
command -v ninja >/dev/null || skip "ninja is not installed"
net_start || finish
mkdir wheels src
wheel wheels alpha 1.0 || fail "cannot build the test wheel"
echo alpha==1.0 >src/req.txt
cat >src/CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.22)
project(remote LANGUAGES NONE)
find_package(PyVenv 1.0 REQUIRED)
add_python_venv(venv REQUIREMENTS req.txt PIP_ARGS --no-index --find-links=${WHEELS})
CM
# project NAME ARG...: configures src in NAME and builds its venv, with the
# local cache cache-NAME.
project_build() {
	local name=$1
	shift
	"$CMAKE" -S src -B "$name" -G Ninja "-DPyVenv_DIR=$PYVENV_TEST_BUILD" "-DPython3_EXECUTABLE=$PY" \
		"-DWHEELS=$PWD/wheels" "$@" >"$name.configure.log" 2>&1 || fail "$name: configure: $(tail -5 "$name.configure.log")"
	PYVENV_CACHE_DIR=$PWD/cache-$name "$CMAKE" --build "$name" --target venv >"$name.build.log" 2>&1 ||
		fail "$name: build: $(tail -5 "$name.build.log")"
}
from_remote() { "$PYVENV" cache --cache-dir "cache-$1" list | grep -q " from $NET/rw/cm\$"; }

project_build a "-DPYVENV_REMOTE_CACHE=$NET/rw/cm" -DPYVENV_REMOTE_CACHE_WRITE=ON
ls srv/rw/cm/*.record >/dev/null 2>&1 || fail "PYVENV_REMOTE_CACHE_WRITE=ON stored nothing"
from_remote a && fail "the writer's entry is marked as downloaded"
project_build b "-DPYVENV_REMOTE_CACHE=$NET/rw/cm"
from_remote b || fail "PYVENV_REMOTE_CACHE (CMake) did not reach add_python_venv"
b/venv/bin/python -c 'import alpha' || fail "b: the environment lacks alpha"
PYVENV_REMOTE_CACHE=$NET/rw/cm project_build c
from_remote c || fail "PYVENV_REMOTE_CACHE (environment, at build time) did not reach the helper"
# Read-only unless asked: b stored nothing (one record, a's).
[ "$(ls srv/rw/cm/*.record | wc -l)" = 1 ] || fail "a reader stored a record"
# Dropping the remote cache reruns the helper, which rebuilds nothing.
before=$(stat -c %Y.%y b/venv/pyvenv.cfg)
project_build b "-DPYVENV_REMOTE_CACHE="
grep -q "up to date" b.build.log || fail "without the remote cache: $(tail -3 b.build.log)"
[ "$(stat -c %Y.%y b/venv/pyvenv.cfg)" = "$before" ] || fail "switching the remote cache rebuilt the environment"
finish
