# A missing, non-Python or too old interpreter: exit 1, a message, nothing made.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

run "$PYVENV" create --python ./no-such-python env
expect_rc 1 "missing interpreter"
expect_err "interpreter '.*no-such-python' does not exist" "missing interpreter"
expect_err "^hint: " "missing interpreter"

run env PATH=/nonexistent "$PYVENV" create --python mypython env
expect_rc 1 "interpreter not on PATH"
expect_err "cannot find the interpreter 'mypython' on PATH" "interpreter not on PATH"
# (python3, python3.12 not on PATH are requests, looked for elsewhere: t0018)

run "$PYVENV" create --python /bin/true env
expect_rc 1 "/bin/true as interpreter"
expect_err "does not look like a Python interpreter" "/bin/true as interpreter"

# A shell given the probe stops at its first line: it runs none of it (here,
# `import`, which ImageMagick installs as a command, would run first).
mkdir shbin
printf '#!/bin/sh\ntouch "%s/ran-$(basename "$0")"\n' "$PWD" > shbin/import
cp shbin/import shbin/json && cp shbin/import shbin/def && chmod +x shbin/*
for sh in /bin/sh /bin/bash /bin/dash /usr/bin/zsh; do
	[ -x "$sh" ] || continue
	run env PATH="$PWD/shbin:$PATH" "$PYVENV" create --no-cache --python "$sh" env
	expect_rc 1 "$sh as interpreter"
	expect_err "does not look like a Python interpreter" "$sh as interpreter"
	[ -z "$(ls | grep '^ran-')" ] || fail "$sh ran the probe as shell code: $(ls | grep '^ran-')"
	[ ! -e env ] || fail "$sh as interpreter: env was made"
done

printf '#!/bin/sh\necho "{not json"\n' > fakepy && chmod +x fakepy
run "$PYVENV" create --python ./fakepy env
expect_rc 1 "interpreter printing garbage"
expect_err "does not look like a Python interpreter" "interpreter printing garbage"

run "$PYVENV" create --python /etc/passwd env
expect_rc 1 "non-executable interpreter"
expect_err "cannot run the interpreter '/etc/passwd': Permission denied" "non-executable interpreter"

old=""
for v in 3.7 3.6 2.7; do
	for p in "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/$v.*/bin/python; do
		[ -x "$p" ] && old=$p && break 2
	done
done
if [ -n "$old" ]; then
	run "$PYVENV" create --python "$old" env
	expect_rc 1 "old interpreter $old"
	expect_err "is Python [23]\.[0-9]+\.[0-9]+, which is too old: pyvenv supports Python 3.8 and later" "old interpreter"
else
	echo "note: no Python older than 3.8 installed; the too-old check was not run"
fi
[ ! -e env ] || fail "a bad interpreter created 'env'"
no_leftovers .
finish
