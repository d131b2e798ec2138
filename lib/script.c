/*
 * script: shebangs, /bin/sh trampolines and console scripts.
 */
#include "script.h"

#include "embed.h"
#include "msg.h"

#include <assert.h>
#include <ctype.h>
#include <string.h>

static const char trampoline_start[] = "#!/bin/sh\n'''exec' ";
static const char trampoline_end[] = " \"$0\" \"$@\"\n' '''\n";
static const char exec_args[] = " \"$0\" \"$@\"";
static const char close_line[] = "\n' '''\n";
#define CLOSE_LEN (sizeof(close_line) - 1)

/* Quotes for sh with single quotes. A quote becomes '"'"' and a backslash
 * '"\\"', so that, read as Python source inside the trampoline's ''' string,
 * there is never a run of three quotes and every backslash is the valid
 * escape \\. */
static void sh_quote_for_trampoline(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addstr(out, "'\"'\"'");
		else if (*s == '\\')
			strbuf_addstr(out, "'\"\\\\\"'");
		else
			strbuf_addch(out, *s);
	}
	strbuf_addch(out, '\'');
}

/* The kernel takes "#!path" up to a blank; Python reads the line as a
 * comment, which a carriage return or other control character would end. */
static int plain_shebang_ok(const char *python)
{
	if (strlen(python) + 3 > SCRIPT_MAX_SHEBANG) /* "#!" path "\n" */
		return 0;
	for (const unsigned char *p = (const unsigned char *)python; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return 0;
	return 1;
}

void script_header(struct strbuf *out, const char *python)
{
	assert(python && python[0] == '/');
	if (plain_shebang_ok(python)) {
		strbuf_addf(out, "#!%s\n", python);
		return;
	}
	strbuf_addstr(out, trampoline_start);
	sh_quote_for_trampoline(out, python);
	strbuf_addstr(out, trampoline_end);
}

/* Reads one sh word at *p (quoted with '' or "" or bare, in pieces) up to a
 * blank or end of line, unquoting as sh does; returns 0 or -1 when malformed.
 * For the helper's own trampoline, whose pieces are '...', "'" and "\\". */
static int parse_sh_word(const char **p, const char *end, struct strbuf *word)
{
	const char *s = *p;

	while (s < end && *s != ' ' && *s != '\t' && *s != '\n') {
		if (*s == '\'') {
			const char *close = memchr(s + 1, '\'', (size_t)(end - s - 1));

			if (!close)
				return -1;
			strbuf_add(word, s + 1, (size_t)(close - s - 1));
			s = close + 1;
		} else if (*s == '"') {
			for (s++; s < end && *s != '"'; s++) {
				if (*s == '\\' && s + 1 < end && strchr("\\\"$`", s[1]))
					s++;
				strbuf_addch(word, *s);
			}
			if (s >= end)
				return -1;
			s++;
		} else {
			if (*s == '\\' && s + 1 < end)
				s++;
			strbuf_addch(word, *s++);
		}
	}
	*p = s;
	return 0;
}

/* Just past the first "\n' '''\n" (a trampoline's end) in [p, end), or NULL. */
static const char *trampoline_close(const char *p, const char *end)
{
	const char *close = memmem(p, (size_t)(end - p), close_line, CLOSE_LEN);

	return close ? close + CLOSE_LEN : NULL;
}

/* The helper's form: the path as one sh word (single-quoted pieces), then
 * "$0" "$@", or other arguments up to the end. Sets *stop past the end. */
static int parse_own_trampoline(const char *p, const char *end, struct strbuf *python, const char **stop)
{
	const size_t tlen = sizeof(trampoline_end) - 1;

	if (parse_sh_word(&p, end, python))
		return -1;
	if ((size_t)(end - p) >= tlen && !memcmp(p, trampoline_end, tlen))
		*stop = p + tlen;
	else
		*stop = trampoline_close(p, end);
	return *stop ? 0 : -1;
}

/*
 * pip's form (distlib's ScriptMaker): the path as it is, nothing escaped, in
 * double quotes when it has a space and bare otherwise, then maybe other
 * arguments, then "$0" "$@" and the end. A bare path ends at its first
 * space; a quoted one at the last '"' before a space. Sets *stop past the end.
 */
static int parse_pip_trampoline(const char *p, const char *end, struct strbuf *python, const char **stop)
{
	const size_t alen = sizeof(exec_args) - 1;
	const char *close = trampoline_close(p, end), *args, *path_end;

	if (!close || (size_t)(close - p) < CLOSE_LEN + alen)
		return -1;
	args = close - CLOSE_LEN - alen;
	if (memcmp(args, exec_args, alen))
		return -1;
	if (*p == '"') {
		p++;
		path_end = memrchr(p, '"', (size_t)(args - p));
		if (path_end && path_end[1] != ' ')
			return -1;
	} else {
		path_end = memchr(p, ' ', (size_t)(args - p) + 1); /* args[0] is a space */
	}
	if (!path_end)
		return -1;
	strbuf_add(python, p, (size_t)(path_end - p));
	*stop = close;
	return 0;
}

/* The trampoline whose path starts at p: the helper's or pip's. */
static int parse_trampoline(const char *data, const char *p, const char *end, struct strbuf *python,
			    size_t *header_len)
{
	const size_t before = python->len;
	const char *stop = NULL;
	int r = -1;

	if (p < end && *p == '\'')
		r = parse_own_trampoline(p, end, python, &stop);
	else if (p < end)
		r = parse_pip_trampoline(p, end, python, &stop);
	if (r || python->len == before || memchr(python->buf + before, '\0', python->len - before)) {
		strbuf_setlen(python, before);
		return -1;
	}
	*header_len = (size_t)(stop - data);
	return 0;
}

/* A "#!/path" line, with no argument. */
static int parse_shebang(const char *data, size_t len, struct strbuf *python, size_t *header_len)
{
	const char *nl = memchr(data, '\n', len);
	const char *stop;

	if (!nl)
		return -1;
	/* The kernel splits the interpreter from one argument at a blank. */
	for (stop = data + 2; stop < nl && *stop != ' ' && *stop != '\t'; stop++)
		;
	if (stop != nl || memchr(data, '\0', (size_t)(nl - data)))
		return -1; /* an argument, or a NUL: not a line we wrote or can move */
	strbuf_add(python, data + 2, (size_t)(nl - data - 2));
	*header_len = (size_t)(nl - data) + 1;
	return 0;
}

int script_parse_header(const char *data, size_t len, struct strbuf *python, size_t *header_len)
{
	const size_t start_len = sizeof(trampoline_start) - 1;

	assert((data || !len) && python && header_len);
	if (len >= start_len && !memcmp(data, trampoline_start, start_len))
		return parse_trampoline(data, data + start_len, data + len, python, header_len);
	if (len > 2 && data[0] == '#' && data[1] == '!' && data[2] == '/')
		return parse_shebang(data, len, python, header_len);
	return -1;
}

/*
 * pip's plain "#!" line, written whatever the path holds: distlib counts
 * only a space as a blank (a tab stays on the line), and pip gives a
 * "#!python" script of a wheel's .data/scripts "#!" and the interpreter.
 * Where the line is "#!" old_prefix "/..." with no blank after old_prefix,
 * it is one path, blanks in old_prefix and all.
 */
static int parse_prefixed_shebang(const char *data, size_t len, const char *old_prefix, struct strbuf *python,
				  size_t *header_len)
{
	const size_t olen = strlen(old_prefix);
	const char *nl = memchr(data, '\n', len);
	size_t line;

	if (!nl)
		return -1;
	line = (size_t)(nl - data);
	if (line < 3 + olen || memcmp(data, "#!", 2) || memcmp(data + 2, old_prefix, olen) || data[2 + olen] != '/')
		return -1;
	if (strcspn(data + 2 + olen, " \t\n") != line - 2 - olen) /* a blank or a NUL */
		return -1;
	strbuf_add(python, data + 2, line - 2);
	*header_len = line + 1;
	return 0;
}

int script_relocate(struct strbuf *out, const char *data, size_t len, const char *old_prefix,
		    const char *new_prefix)
{
	struct strbuf python = STRBUF_INIT, moved = STRBUF_INIT;
	const size_t olen = strlen(old_prefix);
	size_t header;
	int ret = 0;

	assert(old_prefix[0] == '/' && new_prefix[0] == '/');
	if ((script_parse_header(data, len, &python, &header) == 0 ||
	     parse_prefixed_shebang(data, len, old_prefix, &python, &header) == 0) &&
	    !strncmp(python.buf, old_prefix, olen) && python.buf[olen] == '/') {
		strbuf_addf(&moved, "%s%s", new_prefix, python.buf + olen);
		script_header(out, moved.buf);
		strbuf_add(out, data + header, len - header);
		ret = 1;
	}
	strbuf_release(&python);
	strbuf_release(&moved);
	return ret;
}

static int is_dotted_name(const char *s, size_t len)
{
	int start = 1;

	if (!len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		const unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (start)
				return 0;
			start = 1;
		} else if (isalpha(c) || c == '_' || (!start && isdigit(c)) || c >= 0x80) {
			start = 0;
		} else {
			return 0;
		}
	}
	return !start;
}

static void substitute(struct strbuf *out, const char *tmpl, const char *const *keys,
		       const char *const *values, size_t n)
{
	while (*tmpl) {
		size_t i;

		for (i = 0; i < n; i++) {
			size_t klen = strlen(keys[i]);

			if (!strncmp(tmpl, keys[i], klen)) {
				strbuf_addstr(out, values[i]);
				tmpl += klen;
				break;
			}
		}
		if (i == n)
			strbuf_addch(out, *tmpl++);
	}
}

int script_console(struct strbuf *out, const char *python, const char *entry_point)
{
	const struct embedded_file *tmpl = embed_find("console_script.py");
	const char *colon = strchr(entry_point, ':');
	const char *attr, *attr_end, *dot;
	struct strbuf module = STRBUF_INIT, import = STRBUF_INIT, call = STRBUF_INIT;
	static const char *const keys[] = { "@MODULE@", "@IMPORT_NAME@", "@CALL@" };
	const char *values[3];
	size_t mlen;

	assert(tmpl);
	if (!colon)
		return error("entry point '%s' is not of the form 'module:function'", entry_point);
	for (mlen = (size_t)(colon - entry_point); mlen && isspace((unsigned char)entry_point[mlen - 1]); mlen--)
		;
	for (attr = colon + 1; isspace((unsigned char)*attr); attr++)
		;
	attr_end = attr + strcspn(attr, " \t[");
	if (!is_dotted_name(entry_point, mlen) || !is_dotted_name(attr, (size_t)(attr_end - attr)))
		return error("entry point '%s' is not of the form 'module:function'", entry_point);
	strbuf_add(&module, entry_point, mlen);
	dot = memchr(attr, '.', (size_t)(attr_end - attr));
	strbuf_add(&import, attr, (size_t)((dot ? dot : attr_end) - attr));
	strbuf_add(&call, attr, (size_t)(attr_end - attr));
	values[0] = module.buf;
	values[1] = import.buf;
	values[2] = call.buf;
	script_header(out, python);
	substitute(out, tmpl->data, keys, values, 3);
	strbuf_release(&module);
	strbuf_release(&import);
	strbuf_release(&call);
	return 0;
}
