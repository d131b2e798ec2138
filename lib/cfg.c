/*
 * cfg: pyvenv.cfg lookups.
 */
#include "cfg.h"

#include "fsutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What Python's str.strip() strips, UTF-8 encoded: ASCII whitespace and
 * separators, and the Unicode spaces (U+0085, U+00A0, U+1680,
 * U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). */
static const char *const blanks[] = {
	"\t", "\n", "\v", "\f", "\r", "\x1c", "\x1d", "\x1e", "\x1f", " ",
	"\xc2\x85", "\xc2\xa0", "\xe1\x9a\x80",
	"\xe2\x80\x80", "\xe2\x80\x81", "\xe2\x80\x82", "\xe2\x80\x83", "\xe2\x80\x84", "\xe2\x80\x85",
	"\xe2\x80\x86", "\xe2\x80\x87", "\xe2\x80\x88", "\xe2\x80\x89", "\xe2\x80\x8a",
	"\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80",
};

/* The length of the blank [b, e) starts with (or, at_end, ends with), or 0. */
static size_t blank_len(const char *b, const char *e, int at_end)
{
	for (size_t i = 0; i < sizeof(blanks) / sizeof(*blanks); i++) {
		const size_t n = strlen(blanks[i]);

		if ((size_t)(e - b) >= n && !memcmp(at_end ? e - n : b, blanks[i], n))
			return n;
	}
	return 0;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* [*b, *e) without leading and trailing blanks. */
static void strip(const char **b, const char **e)
{
	size_t n;

	while ((n = blank_len(*b, *e, 0)))
		*b += n;
	while ((n = blank_len(*b, *e, 1)))
		*e -= n;
}

static int key_is(const char *b, const char *e, const char *key)
{
	size_t n = strlen(key);

	if ((size_t)(e - b) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower(b[i]) != key[i])
			return 0;
	return 1;
}

int cfg_get(const char *text, size_t len, const char *key, struct strbuf *out)
{
	const char *end = text + len, *vb = NULL, *ve = NULL;

	for (const char *line = text; line < end;) {
		const char *le = line, *eq = NULL, *kb = line, *ke;

		while (le < end && *le != '\n' && *le != '\r') {
			if (*le == '=' && !eq)
				eq = le;
			le++;
		}
		if (eq && !memchr(line, '\0', (size_t)(le - line))) {
			ke = eq;
			strip(&kb, &ke);
			if (key_is(kb, ke, key)) {
				vb = eq + 1;
				ve = le;
				strip(&vb, &ve);
			}
		}
		line = le;
		if (line < end && *line == '\r')
			line++;
		if (line < end && *line == '\n')
			line++;
	}
	if (!vb)
		return 0;
	strbuf_add(out, vb, (size_t)(ve - vb));
	return 1;
}

int cfg_read(const char *path, const char *key, struct strbuf *out)
{
	struct strbuf text = STRBUF_INIT;
	int ret = -1;

	if (strbuf_read_file(&text, path) >= 0)
		ret = cfg_get(text.buf, text.len, key, out);
	strbuf_release(&text);
	return ret;
}

/* What bin/python links to, as an absolute path, following links that stay
 * in bin/; NULL when it is not a link. */
static char *link_target(const char *env)
{
	char *bin = fs_join(env, "bin"), *link = fs_join(bin, "python"), *found = NULL;

	for (int hops = 0; hops < 8 && !found; hops++) {
		char target[PATH_MAX];
		ssize_t n = readlink(link, target, sizeof(target) - 1);

		if (n < 0)
			break;
		target[n] = '\0';
		free(link);
		link = target[0] == '/' ? NULL : fs_join(bin, target);
		if (!link)
			found = xstrdup(target);
	}
	free(bin);
	free(link);
	return found;
}

char *cfg_base_python(const char *env)
{
	char *path = fs_join(env, "pyvenv.cfg"), *found = NULL;
	struct strbuf v = STRBUF_INIT, home = STRBUF_INIT;

	found = link_target(env);
	if (!found && cfg_read(path, "executable", &v) > 0 && v.len)
		found = strbuf_detach(&v);
	if (!found && cfg_read(path, "home", &home) > 0 && home.len) {
		int major, minor;

		strbuf_reset(&v);
		if (cfg_read(path, "version", &v) > 0 && sscanf(v.buf, "%d.%d", &major, &minor) == 2) {
			found = xstrfmt("%s/python%d.%d", home.buf, major, minor);
			if (!fs_exists(found)) {
				free(found);
				found = NULL;
			}
		}
		if (!found)
			found = xstrfmt("%s/python3", home.buf);
	}
	strbuf_release(&v);
	strbuf_release(&home);
	free(path);
	return found;
}
