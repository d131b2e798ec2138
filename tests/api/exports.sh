#!/bin/sh
# exports.sh LIBRARY SYMBOLS HEADER: the shared library exports exactly the
# functions SYMBOLS lists, each in version PYVENV_1, and the header declares
# exactly those (an accidental export, a removal or an undeclared function
# fails).
set -u
lib=$1 symbols=$2 header=$3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' "$symbols" | sort >"$tmp/want"
nm -D --defined-only "$lib" | awk '$2 != "A" {print $3}' | sort >"$tmp/all"
sed -n 's/@@PYVENV_1$//p' "$tmp/all" >"$tmp/got"
status=0
if ! grep -qv '@@PYVENV_1$' "$tmp/all"; then :; else
	echo "FAIL: exported outside version PYVENV_1:"; grep -v '@@PYVENV_1$' "$tmp/all"; status=1
fi
if ! diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
	echo "FAIL: $lib exports other symbols than $symbols (- listed, + exported):"
	cat "$tmp/diff"; status=1
fi
# Declarations: PYVENV_API, then the return type, then the name before '('.
grep -v '^#' "$header" | tr '\n' ' ' | grep -o 'PYVENV_API [^;(]*(' |
	sed 's/($//; s/.*[ *]//' | sort >"$tmp/declared"
if ! diff -u "$tmp/want" "$tmp/declared" >"$tmp/diff"; then
	echo "FAIL: $header declares other functions than $symbols (- listed, + declared):"
	cat "$tmp/diff"; status=1
fi
[ $status = 0 ] && echo "ok: $(wc -l <"$tmp/want") symbols, as listed and declared"
exit $status
