/*
 * Unit tests for http.h's URL rules, remote.h's spec and sign.h's keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hash.h"
#include "http.h"
#include "remote.h"
#include "sign.h"
#include "strbuf.h"
#include "testutil.h"

#include <string.h>

static void expect_redacted(const char *url, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	http_redact(&sb, url);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void urls_redacted(void **state)
{
	(void)state;
	expect_redacted("http://h/x", "http://h/x");
	expect_redacted("https://user:secret@h:8080/a/b", "https://***@h:8080/a/b");
	expect_redacted("http://token@h", "http://***@h");
	expect_redacted("http://a@b:c@h/p", "http://***@h/p");
	/* An '@' after the authority is the path's, not user info. */
	expect_redacted("http://h/a@b", "http://h/a@b");
	expect_redacted("http://h/a?sig=secret&x=1", "http://h/a?***");
	expect_redacted("http://u:p@h/a?s#frag", "http://***@h/a?***");
	expect_redacted("http://h/a#frag", "http://h/a");
	expect_redacted("not a url", "(not a URL)");
}

static void urls_checked(void **state)
{
	struct strbuf why = STRBUF_INIT;

	(void)state;
	assert_true(http_url_valid("http://h", &why));
	assert_true(http_url_valid("https://u:p@h:1/x", &why));
	assert_false(http_url_valid("ftp://h/x", &why));
	assert_false(http_url_valid("file:///etc/passwd", &why));
	assert_false(http_url_valid("http://", &why));
	assert_false(http_url_valid("http://u:p@/x", &why));
	assert_false(http_url_valid("http://h/a b", &why));
	assert_false(http_url_valid("http://h/a\nb", &why));
	assert_non_null(strstr(why.buf, "control character"));
	strbuf_release(&why);
}

static void specs_parsed(void **state)
{
	struct strbuf why = STRBUF_INIT;
	struct remote r;

	(void)state;
	assert_int_equal(remote_parse("http://u:p@h/c///|layout=bazel|timeout=5|stall-timeout=2|connect-timeout=1|retries=0",
				      &r, &why), 0);
	assert_string_equal(r.base, "http://u:p@h/c");
	assert_string_equal(r.shown, "http://***@h/c");
	assert_int_equal(r.layout, REMOTE_BAZEL);
	assert_int_equal(r.http.timeout, 5);
	assert_int_equal(r.http.stall_timeout, 2);
	assert_int_equal(r.http.connect_timeout, 1);
	assert_int_equal(r.http.retries, 0);
	remote_release(&r);
	assert_int_equal(remote_parse("https://h", &r, &why), 0);
	assert_int_equal(r.layout, REMOTE_FLAT);
	assert_int_equal(r.http.timeout, HTTP_TIMEOUT);
	assert_int_equal(r.http.retries, HTTP_RETRIES);
	remote_release(&r);

	static const char *const bad[] = {
		"ftp://h", "http://h|layout=tree", "http://h|retries=11", "http://h|retries=-1", "http://h|timeout=0",
		"http://h|timeout=5s", "http://h|colour=red", "http://h|", "http://h|layout",
	};
	/* A '|' inside the user info: no piece of the password in the message. */
	strbuf_reset(&why);
	assert_int_equal(remote_parse("http://u:pa|ss@h/c", &r, &why), -1);
	assert_null(strstr(why.buf, "ss@h"));
	assert_non_null(strstr(why.buf, "%7C"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		strbuf_reset(&why);
		assert_int_equal(remote_parse(bad[i], &r, &why), -1);
		assert_true(why.len > 0);
		assert_null(strstr(why.buf, "u:p"));
	}
	strbuf_release(&why);
}

static void keys_sign_and_verify(void **state)
{
	char *dir = tu_mkdtemp(), *priv = tu_path(dir, "k"), *pub = tu_path(dir, "k.pub");
	char *trusted = tu_path(dir, "trusted");
	struct strbuf why = STRBUF_INIT, text = STRBUF_INIT;
	struct sign_key key;
	struct sign_keys keys;
	unsigned char sig[SIGN_SIG_LEN];
	char *pubtext;

	(void)state;
	assert_int_equal(sign_keygen(priv, &why), 0);
	assert_int_equal(tu_mode(priv), 0600);
	assert_int_equal(sign_keygen(priv, &why), -1); /* never over a key */
	assert_int_equal(sign_load_private(priv, &key, &why), 0);
	sign_message(&key, "record", 6, sig);
	assert_int_equal(sign_verify(key.pub, "record", 6, sig), 1);
	assert_int_equal(sign_verify(key.pub, "recorD", 6, sig), 0);
	sig[0] ^= 1;
	assert_int_equal(sign_verify(key.pub, "record", 6, sig), 0);

	/* The public key file, with comments and another key, is trusted. */
	pubtext = tu_read(pub, NULL);
	strbuf_addstr(&text, "# keys\n\n  pyvenv-ed25519 ");
	for (int i = 0; i < 64; i++)
		strbuf_addch(&text, 'a');
	strbuf_addstr(&text, " other\n");
	strbuf_addstr(&text, pubtext);
	tu_write(trusted, text.buf, text.len, 0644);
	assert_int_equal(sign_load_trusted(trusted, &keys, &why), 0);
	assert_int_equal(keys.n, 2);
	assert_true(sign_keys_has(&keys, key.pub));
	sign_keys_release(&keys);

	/* Refused: a trusted file others can write, a private key others can
	 * read, a file with no key, a line that is no key. */
	chmod(trusted, 0666);
	strbuf_reset(&why);
	assert_int_equal(sign_load_trusted(trusted, &keys, &why), -1);
	assert_non_null(strstr(why.buf, "another user"));
	chmod(priv, 0640);
	strbuf_reset(&why);
	assert_int_equal(sign_load_private(priv, &key, &why), -1);
	assert_non_null(strstr(why.buf, "readable only by you"));
	tu_write_str(trusted, "# nothing\n", 0644);
	assert_int_equal(sign_load_trusted(trusted, &keys, &why), -1);
	tu_write_str(trusted, "pyvenv-ed25519 abc\n", 0644);
	strbuf_reset(&why);
	assert_int_equal(sign_load_trusted(trusted, &keys, &why), -1);
	assert_non_null(strstr(why.buf, "line 1"));
	/* A private key is no public key, and the reverse. */
	chmod(priv, 0600);
	tu_write_str(trusted, "", 0644);
	assert_int_equal(sign_load_private(pub, &key, &why), -1);

	free(pubtext);
	strbuf_release(&why);
	strbuf_release(&text);
	free(priv);
	free(pub);
	free(trusted);
	tu_rmtree(dir);
	free(dir);
}

static void hex_and_insert(void **state)
{
	unsigned char out[2];
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(hash_unhex("aBff", out, 2), 0);
	assert_int_equal(out[0], 0xab);
	assert_int_equal(out[1], 0xff);
	assert_int_equal(hash_unhex("0g00", out, 2), -1);
	assert_int_equal(hash_unhex("00", out, 2), -1); /* stops at the NUL */
	strbuf_addstr(&sb, "world");
	strbuf_insertstr(&sb, 0, "hello ");
	strbuf_insertstr(&sb, 99, "!");
	assert_string_equal(sb.buf, "hello world!");
	strbuf_release(&sb);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(urls_redacted),
		cmocka_unit_test(urls_checked),
		cmocka_unit_test(specs_parsed),
		cmocka_unit_test(keys_sign_and_verify),
		cmocka_unit_test(hex_and_insert),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
