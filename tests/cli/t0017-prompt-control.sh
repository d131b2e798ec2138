# A --prompt with a control character or bytes that are not UTF-8 is
# refused (a newline injected lines into pyvenv.cfg, and Python honoured
# them); printable prompts, unicode included, are written as venv writes them.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"
# unpack finds its interpreter as create does, never from the template.
export PYVENV_PYTHON="$PY"
unset $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p')

"$PYVENV" create -q --python "$PY" --without-pip src || fail "creating src"
"$PYVENV" pack -q src tpl.tar.zst || fail "pack src"
n=0
for p in $'x\ninclude-system-site-packages = true' $'a\rb' $'a\tb' $'a\033[31mred' $'a\177b' $'\xff\xfe' $'\xed\xa0\x80' $'\xc0\xaf'; do
	n=$((n + 1))
	run "$PYVENV" create --python "$PY" --without-pip --prompt "$p" "c$n"
	expect_rc 1 "create --prompt #$n"
	expect_err "refusing (the|a) prompt" "create --prompt #$n"
	[ ! -e "c$n" ] || fail "create --prompt #$n made c$n"
	run "$PYVENV" unpack --prompt "$p" tpl.tar.zst "u$n"
	expect_rc 1 "unpack --prompt #$n"
	[ ! -e "u$n" ] || fail "unpack --prompt #$n made u$n"
done
# --prompt . in a directory whose name holds a line break.
mkdir $'line\nbreak'
run sh -c 'cd "$1" && "$0" create --python "$2" --without-pip --prompt . ../dot' "$PYVENV" $'line\nbreak' "$PY"
expect_rc 1 "--prompt . in a directory with a line break"
[ ! -e dot ] || fail "--prompt . in a directory with a line break made dot"

# Printable prompts are kept, as `python -m venv` writes them.
for p in "héllo wörld ✓" "it's \"q\" \\ \$x %y !z" "日本"; do
	rm -rf ok ref
	run "$PYVENV" create --python "$PY" --without-pip --prompt "$p" ok
	expect_rc 0 "create --prompt '$p'"
	"$PY" -m venv --without-pip --prompt "$p" ref || fail "python -m venv --prompt '$p'"
	[ "$(grep '^prompt' ok/pyvenv.cfg)" = "$(grep '^prompt' ref/pyvenv.cfg)" ] ||
		fail "--prompt '$p': $(grep '^prompt' ok/pyvenv.cfg), venv: $(grep '^prompt' ref/pyvenv.cfg)"
done
finish
