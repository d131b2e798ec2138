# Paths with the PATH separator (as CPython refuses) or a line break.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

run "$PYVENV" create --python "$PY" --without-pip 'a:b'
expect_rc 1 "PATH separator"
expect_err "contains ':', the PATH separator" "PATH separator"
[ ! -e 'a:b' ] || fail "'a:b' was created"

run "$PYVENV" create --python "$PY" --without-pip 'dir:x/env'
expect_rc 1 "PATH separator in a parent"
[ ! -e 'dir:x' ] || fail "the parent 'dir:x' was created"

run "$PYVENV" create --python "$PY" --without-pip "$(printf 'a\nb')"
expect_rc 1 "line break"
expect_err "line break" "line break"
# Python reads scripts as UTF-8 source, so their paths must be UTF-8.
run "$PYVENV" create --python "$PY" --without-pip "$(printf 'lat\377in')"
expect_rc 1 "non-UTF-8 path"
expect_err "not valid UTF-8" "non-UTF-8 path"
# Nor forms Python's decoder refuses: an encoded surrogate, an overlong '/'.
for bad in 'sur\355\240\200rogate' 'over\300\257long' 'over\340\200\257long3' 'big\364\220\200\200'; do
	run "$PYVENV" create --python "$PY" --without-pip "$(printf "$bad")"
	expect_rc 1 "the path $bad"
	expect_err "not valid UTF-8" "the path $bad"
done
[ -z "$(ls -A)" ] || fail "something was created: $(ls -A)"
finish
