/*
 * fuzz_cfg: pyvenv.cfg as cfg_get() reads it. For every key the helper
 * asks for, checks the answer against the contract in cfg.h: a value is the
 * stripped rest of the last line that sets the key, holds no line end, no
 * NUL and, at either end, nothing Python's str.strip() would strip; it is
 * appended to what out held. A line added at the end that sets the key wins
 * (stripped as Python strips it), one added at the start loses to any line
 * of the input.
 */
#include "fuzz.h"

#include "cfg.h"

#include <string.h>

static const char *const keys[] = {
	"home", "version", "version_info", "executable", "include-system-site-packages",
	"prompt", "command", "",
};

/* What Python's str.strip() strips (str.isspace()), UTF-8 encoded. */
static const char *const blanks[] = {
	"\t", "\n", "\v", "\f", "\r", "\x1c", "\x1d", "\x1e", "\x1f", " ",
	"\xc2\x85", "\xc2\xa0", "\xe1\x9a\x80", "\xe2\x80\x80", "\xe2\x80\x81", "\xe2\x80\x82",
	"\xe2\x80\x83", "\xe2\x80\x84", "\xe2\x80\x85", "\xe2\x80\x86", "\xe2\x80\x87",
	"\xe2\x80\x88", "\xe2\x80\x89", "\xe2\x80\x8a", "\xe2\x80\xa8", "\xe2\x80\xa9",
	"\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80",
};

/* Does v start or end with a blank? */
static int blank_at_an_end(const struct strbuf *v)
{
	for (size_t i = 0; i < sizeof(blanks) / sizeof(*blanks); i++) {
		const size_t n = strlen(blanks[i]);

		if (v->len >= n && (!memcmp(v->buf, blanks[i], n) || !memcmp(v->buf + v->len - n, blanks[i], n)))
			return 1;
	}
	return 0;
}

/* What out holds after cfg_get(); returns its result. */
static int get(const char *text, size_t len, const char *key, struct strbuf *value)
{
	struct strbuf out = STRBUF_INIT;
	int r;

	strbuf_addstr(&out, "before:");
	r = cfg_get(text, len, key, &out);
	FUZZ_CHECK(r == 0 || r == 1);
	FUZZ_CHECK(out.len >= 7 && !memcmp(out.buf, "before:", 7));
	FUZZ_CHECK(r || out.len == 7);
	strbuf_reset(value);
	strbuf_add(value, out.buf + 7, out.len - 7);
	strbuf_release(&out);
	return r;
}

static void check_key(const char *text, size_t len, const char *key)
{
	struct strbuf v = STRBUF_INIT, w = STRBUF_INIT, edited = STRBUF_INIT;
	int r = get(text, len, key, &v);

	if (r) {
		FUZZ_CHECK(!memchr(v.buf, '\n', v.len) && !memchr(v.buf, '\r', v.len));
		FUZZ_CHECK(!memchr(v.buf, '\0', v.len));
		FUZZ_CHECK(!blank_at_an_end(&v));
		FUZZ_CHECK(!v.len || memmem(text, len, v.buf, v.len));
	}
	/* A line at the end wins, stripped as Python strips it. */
	strbuf_add(&edited, text, len);
	strbuf_addf(&edited, "\n \x1d%s\xc2\xa0\t=\xe3\x80\x80last value\x1f \r\n", key);
	FUZZ_CHECK(get(edited.buf, edited.len, key, &w) == 1);
	FUZZ_CHECK(!strcmp(w.buf, "last value"));
	/* A line at the start loses to any of the input. */
	strbuf_reset(&edited);
	strbuf_addf(&edited, "%s=first\n", key);
	strbuf_add(&edited, text, len);
	FUZZ_CHECK(get(edited.buf, edited.len, key, &w) == 1);
	FUZZ_CHECK(!strcmp(w.buf, r ? v.buf : "first"));
	strbuf_release(&v);
	strbuf_release(&w);
	strbuf_release(&edited);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_quiet();
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		check_key((const char *)data, size, keys[i]);
	return 0;
}
