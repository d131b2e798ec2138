# cache prune's arguments: --max-age is a whole number of days, --max-size a
# number of bytes with K, M or G; anything else, or a value that does not
# fit, is a usage error (1.0.0 took --max-age 3K as 3072 days and let
# 9223372036854775807K overflow), and nothing is removed.
. "$PYVENV_TEST_SRC/tests/cli/lib.sh"

"$PYVENV" create -q --python "$PY" --cache-dir c env || fail "creating env"
before=$(ls c/templates)
[ -n "$before" ] || fail "no template to keep"
for age in 3K 1.5 -1 " 3" +3 "" 99999999999999999999 100001 0x10; do
	run "$PYVENV" cache --cache-dir c prune --max-age "$age"
	expect_rc 2 "--max-age '$age'"
	expect_err "(--max-age takes a whole number of days|needs a value)" "--max-age '$age'"
done
for size in 9223372036854775807K 9007199254740993G 10T -5 1.5M "" M " 7"; do
	run "$PYVENV" cache --cache-dir c prune --max-size "$size"
	expect_rc 2 "--max-size '$size'"
	expect_err "(--max-size takes a size|needs a value)" "--max-size '$size'"
done
[ "$(ls c/templates)" = "$before" ] || fail "a refused prune removed something"
for ok in "--max-age 100000" "--max-size 8796093022207K" "--max-size 10G" "--max-age 0 --max-size 0"; do
	run "$PYVENV" cache --cache-dir c prune $ok
	expect_rc 0 "prune $ok"
done
[ -z "$(ls c/templates | grep -v '\.lock$')" ] || fail "prune --max-age 0 kept $(ls c/templates)"
finish
