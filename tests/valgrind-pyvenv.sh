#!/bin/sh
# valgrind-pyvenv.sh ARGS...: runs the helper ($PYVENV_REAL) under valgrind
# memcheck, for the tests when PYVENV_TEST_VALGRIND is on (tests see this
# script as $PYVENV). A memory error or a definite leak makes the run exit
# 99, so a test expecting 0 or 1 fails; valgrind's report goes to
# $PYVENV_VALGRIND_LOGS/<pid>.log, never to the test's stderr.
: "${PYVENV_REAL:?PYVENV_REAL must name the helper}"
: "${PYVENV_VALGRIND_LOGS:?PYVENV_VALGRIND_LOGS must name a directory}"
# By its path: some tests run the helper with a PATH of their own.
exec "${PYVENV_VALGRIND:-valgrind}" --tool=memcheck --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite --errors-for-leak-kinds=definite \
	--log-file="$PYVENV_VALGRIND_LOGS/%p.log" "$PYVENV_REAL" "$@"
