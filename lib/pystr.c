/*
 * pystr: Python's str.isspace(), str.splitlines(), str.strip(), UTF-8
 * decoding, urllib.parse.unquote() and posixpath on UTF-8 bytes.
 */
#include "pystr.h"

#include "utf8.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What str.isspace() holds beyond ASCII, UTF-8 encoded. */
static const char *const wide_spaces[] = {
	"\xc2\x85", "\xc2\xa0", "\xe1\x9a\x80", "\xe2\x80\x80", "\xe2\x80\x81", "\xe2\x80\x82",
	"\xe2\x80\x83", "\xe2\x80\x84", "\xe2\x80\x85", "\xe2\x80\x86", "\xe2\x80\x87",
	"\xe2\x80\x88", "\xe2\x80\x89", "\xe2\x80\x8a", "\xe2\x80\xa8", "\xe2\x80\xa9",
	"\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80",
};

/* What str.splitlines() breaks at beyond ASCII. */
static const char *const wide_breaks[] = { "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9" };

static size_t match_any(const char *const *set, size_t n, const char *s, const char *e, int at_end)
{
	for (size_t i = 0; i < n; i++) {
		const size_t len = strlen(set[i]);

		if ((size_t)(e - s) >= len && !memcmp(at_end ? e - len : s, set[i], len))
			return len;
	}
	return 0;
}

static int ascii_space(unsigned char c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
}

size_t pystr_space_at(const char *s, const char *e)
{
	if (s >= e)
		return 0;
	if (ascii_space((unsigned char)*s))
		return 1;
	return match_any(wide_spaces, sizeof(wide_spaces) / sizeof(*wide_spaces), s, e, 0);
}

size_t pystr_space_before(const char *b, const char *e)
{
	if (e <= b)
		return 0;
	if (ascii_space((unsigned char)e[-1]))
		return 1;
	return match_any(wide_spaces, sizeof(wide_spaces) / sizeof(*wide_spaces), b, e, 1);
}

size_t pystr_break_at(const char *s, const char *e)
{
	const unsigned char c = s < e ? (unsigned char)*s : 0;

	if (s >= e)
		return 0;
	if (c == '\r')
		return s + 1 < e && s[1] == '\n' ? 2 : 1;
	if (c == '\n' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e))
		return 1;
	return match_any(wide_breaks, sizeof(wide_breaks) / sizeof(*wide_breaks), s, e, 0);
}

size_t pystr_char_len(const char *s, const char *e)
{
	size_t n = 1;

	while (s + n < e && ((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

void pystr_strip(const char **b, const char **e)
{
	size_t n;

	while ((n = pystr_space_at(*b, *e)))
		*b += n;
	while ((n = pystr_space_before(*b, *e)))
		*e -= n;
}

/* bytes.decode("utf-8", "replace"). */
static void decode_replace(struct strbuf *out, const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		int ok;
		const size_t n = utf8_step(s + i, len - i, &ok);

		if (ok)
			strbuf_add(out, s + i, n);
		else
			strbuf_addstr(out, "\xef\xbf\xbd");
		i += n;
	}
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* unquote_to_bytes() of the ASCII run [s, e), then decoded. */
static void unquote_run(struct strbuf *out, const char *s, const char *e)
{
	struct strbuf bytes = STRBUF_INIT;

	while (s < e) {
		if (*s == '%' && e - s >= 3 && hex_value(s[1]) >= 0 && hex_value(s[2]) >= 0) {
			strbuf_addch(&bytes, hex_value(s[1]) * 16 + hex_value(s[2]));
			s += 3;
		} else {
			strbuf_addch(&bytes, *s++);
		}
	}
	decode_replace(out, (const unsigned char *)bytes.buf, bytes.len);
	strbuf_release(&bytes);
}

void pystr_unquote(struct strbuf *out, const char *s)
{
	while (*s) {
		const char *run = s;

		while (*s && !((unsigned char)*s & 0x80))
			s++;
		unquote_run(out, run, s);
		run = s;
		while (*s && ((unsigned char)*s & 0x80))
			s++;
		strbuf_add(out, run, (size_t)(s - run));
	}
}

/* Where the last component of out starts (out holds `initial` slashes, then
 * components joined by slashes). */
static size_t last_component(const struct strbuf *out, size_t initial)
{
	const char *slash = strrchr(out->buf + initial, '/');

	return slash ? (size_t)(slash + 1 - out->buf) : initial;
}

char *pystr_normpath(const char *path)
{
	struct strbuf out = STRBUF_INIT;
	size_t initial = 0, ncomps = 0;

	if (path[0] == '/')
		initial = path[1] == '/' && path[2] != '/' ? 2 : 1;
	strbuf_add(&out, "//", initial);
	for (const char *p = path; *p; p += *p == '/') {
		const size_t n = strcspn(p, "/");
		const int dotdot = n == 2 && p[0] == '.' && p[1] == '.';
		const char *comp = p;

		p += n;
		if (!n || (n == 1 && *comp == '.'))
			continue;
		if (dotdot && ncomps && strcmp(out.buf + last_component(&out, initial), "..")) {
			const size_t last = last_component(&out, initial);

			strbuf_setlen(&out, last > initial ? last - 1 : initial);
			ncomps--;
		} else if (!dotdot || ncomps || !initial) {
			if (ncomps++)
				strbuf_addch(&out, '/');
			strbuf_add(&out, comp, n);
		}
	}
	if (!out.len)
		strbuf_addch(&out, '.');
	return strbuf_detach(&out);
}

char *pystr_abspath(const char *path, const char *cwd)
{
	char *joined, *norm;

	assert(cwd[0] == '/');
	if (path[0] == '/')
		return pystr_normpath(path);
	joined = pystr_join(cwd, path);
	norm = pystr_normpath(joined);
	free(joined);
	return norm;
}

char *pystr_join(const char *a, const char *b)
{
	const size_t la = strlen(a);

	if (b[0] == '/')
		return xstrdup(b);
	if (!la || a[la - 1] == '/')
		return xstrfmt("%s%s", a, b);
	return xstrfmt("%s/%s", a, b);
}

char *pystr_dirname(const char *path)
{
	size_t head = pystr_basename(path), n = head;

	while (n && path[n - 1] == '/')
		n--;
	/* A head of only slashes is kept as it is. */
	return xstrndup(path, n ? n : head);
}

size_t pystr_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash + 1 - path) : 0;
}

static size_t posix_splitext(const char *path, size_t len)
{
	size_t sep = 0, dot = len;

	for (size_t i = 0; i < len; i++) {
		if (path[i] == '/')
			sep = i + 1, dot = len;
		else if (path[i] == '.')
			dot = i;
	}
	/* Leading dots of the last component do not start an extension. */
	for (size_t i = sep; i < dot; i++)
		if (path[i] != '.')
			return dot;
	return len;
}

size_t pystr_splitext(const char *path)
{
	const size_t len = strlen(path), ext = posix_splitext(path, len);

	if (ext >= 4 && !strncasecmp(path + ext - 4, ".tar", 4))
		return ext - 4;
	return ext;
}
