/*
 * pyindex: project pages of a simple repository (PEP 503 HTML, PEP 691
 * JSON), read into the files they list.
 */
#include "pyindex.h"

#include "pyurl.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void pyindex_page_release(struct index_page *page)
{
	for (size_t i = 0; i < page->n; i++) {
		free(page->v[i].filename);
		free(page->v[i].url);
		free(page->v[i].sha256);
		free(page->v[i].requires_python);
	}
	free(page->v);
	memset(page, 0, sizeof(*page));
}

/* The n bytes of a hex digest at s, lowercased (hashes compare as text). */
static char *digest_copy(const char *s, size_t n)
{
	char *d = xstrndup(s, n);

	for (char *c = d; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return d;
}

/* Splits url's fragment off into a file's url and sha256. */
static void set_url(struct index_file *f, const char *base, const char *href)
{
	const char *why;
	char *url, *frag;

	if (pyurl_join(base, href, &url, &why))
		url = xstrdup(href); /* then not a URL http_* takes */
	frag = strchr(url, '#');

	if (frag) {
		*frag++ = '\0';
		for (char *p = frag; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
			if (!strncmp(p, "sha256=", 7) && !f->sha256) {
				const size_t n = strcspn(p + 7, "&");
				size_t i = 0;

				while (i < n && isxdigit((unsigned char)p[7 + i]))
					i++;
				if (i == 64 && n == 64)
					f->sha256 = digest_copy(p + 7, 64);
			}
		}
	}
	f->url = url;
}

static struct index_file *add_file(struct index_page *page)
{
	struct index_file *f;

	page->v = xrealloc(page->v, (page->n + 1) * sizeof(*page->v));
	f = &page->v[page->n++];
	memset(f, 0, sizeof(*f));
	return f;
}

/* --- JSON (PEP 691) ------------------------------------------------------ */

int pyindex_parse_json(const char *text, const char *base, struct index_page *page, struct strbuf *why)
{
	json_error_t err;
	json_t *root = json_loads(text, 0, &err);
	const json_t *files = json_object_get(root, "files");
	const char *api = json_string_value(json_object_get(json_object_get(root, "meta"), "api-version"));

	memset(page, 0, sizeof(*page));
	if (!root || !json_is_array(files)) {
		strbuf_addf(why, "the project page is not simple-repository JSON: %s", root ? "no files list" : err.text);
		json_decref(root);
		return -1;
	}
	if (api && strncmp(api, "1.", 2)) {
		strbuf_addf(why, "the project page is of API version %s; pyvenv reads version 1", api);
		json_decref(root);
		return -1;
	}
	for (size_t i = 0; i < json_array_size(files); i++) {
		const json_t *o = json_array_get(files, i), *yanked = json_object_get(o, "yanked");
		const char *name = json_string_value(json_object_get(o, "filename"));
		const char *url = json_string_value(json_object_get(o, "url"));
		const char *sha = json_string_value(json_object_get(json_object_get(o, "hashes"), "sha256"));
		const char *rp = json_string_value(json_object_get(o, "requires-python"));
		struct index_file *f;

		if (!name || !url || strchr(name, '/'))
			continue; /* no file pip would take either */
		f = add_file(page);
		f->filename = xstrdup(name);
		set_url(f, base, url);
		if (sha && strlen(sha) == 64) {
			free(f->sha256);
			f->sha256 = digest_copy(sha, 64);
		}
		f->requires_python = rp ? xstrdup(rp) : NULL;
		f->yanked = json_is_true(yanked) || json_is_string(yanked);
	}
	json_decref(root);
	return 0;
}

/* --- HTML (PEP 503) ------------------------------------------------------ */

/* Appends the len bytes at s with HTML's character references replaced. */
static void add_unescaped(struct strbuf *out, const char *s, size_t len)
{
	static const struct { const char *name; char c; } named[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' }, { "apos;", '\'' },
	};
	const char *end = s + len;

	while (s < end) {
		int done = 0;

		if (*s == '&' && s + 1 < end && s[1] == '#') {
			const int hex = s + 2 < end && (s[2] == 'x' || s[2] == 'X');
			char *stop;
			unsigned long v = strtoul(s + 2 + hex, &stop, hex ? 16 : 10);

			if (stop > s + 2 + hex && stop < end && *stop == ';' && v > 0 && v < 0x80) {
				strbuf_addch(out, (int)v);
				s = stop + 1;
				done = 1;
			}
		} else if (*s == '&') {
			for (size_t i = 0; i < sizeof(named) / sizeof(*named) && !done; i++) {
				const size_t n = strlen(named[i].name);

				if ((size_t)(end - s - 1) >= n && !strncmp(s + 1, named[i].name, n)) {
					strbuf_addch(out, named[i].c);
					s += 1 + n;
					done = 1;
				}
			}
		}
		if (!done)
			strbuf_addch(out, *s++);
	}
}

/* Finds "<tag" (any case) followed by a blank, '/' or '>' from p: its
 * start, or NULL. */
static const char *find_tag(const char *p, const char *tag)
{
	const size_t n = strlen(tag);

	for (; (p = strchr(p, '<')); p++)
		if (!strncasecmp(p + 1, tag, n) && (isspace((unsigned char)p[1 + n]) || p[1 + n] == '>' || p[1 + n] == '/'))
			return p;
	return NULL;
}

struct attrs {
	struct strbuf href, requires_python;
	int has_href, yanked;
};

/* Reads the attributes of the tag at p ("<a ...>") up to its '>': the
 * end of the tag, or NULL when it does not end. */
static const char *read_attrs(const char *p, struct attrs *a)
{
	p += strcspn(p, " \t\r\n>");
	for (;;) {
		const char *name, *value;
		size_t nlen, vlen;

		p += strspn(p, " \t\r\n/");
		if (!*p)
			return NULL;
		if (*p == '>')
			return p + 1;
		name = p;
		nlen = strcspn(p, " \t\r\n=>");
		p += nlen;
		p += strspn(p, " \t\r\n");
		value = "";
		vlen = 0;
		if (*p == '=') {
			p++;
			p += strspn(p, " \t\r\n");
			if (*p == '"' || *p == '\'') {
				const char *close = strchr(p + 1, *p);

				if (!close)
					return NULL;
				value = p + 1;
				vlen = (size_t)(close - value);
				p = close + 1;
			} else {
				value = p;
				vlen = strcspn(p, " \t\r\n>");
				p += vlen;
			}
		}
		if (nlen == 4 && !strncasecmp(name, "href", 4)) {
			strbuf_reset(&a->href);
			add_unescaped(&a->href, value, vlen);
			a->has_href = 1;
		} else if (nlen == 20 && !strncasecmp(name, "data-requires-python", 20)) {
			strbuf_reset(&a->requires_python);
			add_unescaped(&a->requires_python, value, vlen);
		} else if (nlen == 11 && !strncasecmp(name, "data-yanked", 11)) {
			a->yanked = 1;
		}
	}
}

int pyindex_parse_html(const char *text, const char *base_url, struct index_page *page, struct strbuf *why)
{
	struct attrs a = { STRBUF_INIT, STRBUF_INIT, 0, 0 };
	struct strbuf name = STRBUF_INIT;
	char *base = xstrdup(base_url);
	const char *p = find_tag(text, "base"), *tag;

	(void)why;
	memset(page, 0, sizeof(*page));
	/* <base href> sets what links are relative to */
	if (p && read_attrs(p, &a) && a.has_href) {
		const char *bad;
		char *b;

		if (!pyurl_join(base, a.href.buf, &b, &bad)) {
			free(base);
			base = b;
		}
	}
	for (p = text; (tag = find_tag(p, "a")); ) {
		const char *body, *close;
		struct index_file *f;

		strbuf_reset(&a.requires_python);
		a.has_href = a.yanked = 0;
		if (!(body = read_attrs(tag, &a)))
			break;
		close = body;
		while ((close = strchr(close, '<')) && strncasecmp(close, "</a", 3))
			close++;
		if (!close)
			break;
		p = close + 3;
		strbuf_reset(&name);
		add_unescaped(&name, body, (size_t)(close - body));
		while (name.len && isspace((unsigned char)name.buf[name.len - 1]))
			strbuf_setlen(&name, name.len - 1);
		if (!a.has_href || !name.len)
			continue;
		f = add_file(page);
		f->filename = xstrdup(name.buf + strspn(name.buf, " \t\r\n"));
		set_url(f, base, a.href.buf);
		f->requires_python = a.requires_python.len ? xstrdup(a.requires_python.buf) : NULL;
		f->yanked = a.yanked;
	}
	strbuf_release(&a.href);
	strbuf_release(&a.requires_python);
	strbuf_release(&name);
	free(base);
	return 0;
}

/* --- fetching ------------------------------------------------------------ */

int pyindex_fetch(const struct http_config *c, const char *index_url, const char *canonical,
		  struct index_page *page, struct strbuf *why)
{
	struct strbuf text = STRBUF_INIT;
	struct http_answer ans;
	size_t len = strlen(index_url);
	char *url;
	int ret;

	while (len && index_url[len - 1] == '/')
		len--;
	url = xstrfmt("%.*s/%s/", (int)len, index_url, canonical);
	memset(page, 0, sizeof(*page));
	ret = http_get_page(c, url, PYINDEX_ACCEPT, &text, PYINDEX_PAGE_MAX, &ans, why);
	if (ret == HTTP_OK) {
		const char *type = ans.content_type ? ans.content_type : "";
		const int json = !strncasecmp(type, "application/vnd.pypi.simple.v1+json", 35) ||
				 (!*type && text.len && text.buf[strspn(text.buf, " \t\r\n")] == '{');

		if (memchr(text.buf, '\0', text.len)) {
			strbuf_addstr(why, "the project page holds a NUL byte");
			ret = HTTP_FAILED;
		} else if (json ? pyindex_parse_json(text.buf, ans.url, page, why)
				: pyindex_parse_html(text.buf, ans.url, page, why)) {
			ret = HTTP_FAILED;
		}
		http_answer_release(&ans);
	}
	strbuf_release(&text);
	free(url);
	return ret;
}
