/*
 * pyrepr: repr() of a Python str, from its UTF-8 encoding.
 */
#include "pyrepr.h"

#include "utf8.h"

#include <assert.h>
#include <string.h>

/* Code points str.isprintable() rejects, for the blocks a prompt may use. */
static int is_printable(unsigned cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0xad)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) ||
	    (cp >= 0x205f && cp <= 0x206f) || cp == 0x3000 || cp == 0xfeff ||
	    cp == 0x1680 || (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0xe000 && cp <= 0xf8ff))
		return 0;
	return 1;
}

static void add_escape(struct strbuf *out, unsigned cp)
{
	if (cp == '\t')
		strbuf_addstr(out, "\\t");
	else if (cp == '\n')
		strbuf_addstr(out, "\\n");
	else if (cp == '\r')
		strbuf_addstr(out, "\\r");
	else if (cp <= 0xff)
		strbuf_addf(out, "\\x%02x", cp);
	else if (cp <= 0xffff)
		strbuf_addf(out, "\\u%04x", cp);
	else
		strbuf_addf(out, "\\U%08x", cp);
}

void pyrepr_str(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	const char quote = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';

	assert(s);
	strbuf_addch(out, quote);
	while (*p) {
		unsigned cp;
		size_t n = utf8_decode(p, (size_t)(end - p), &cp);

		if (!n) {
			/* Python would hold this as a lone surrogate: '\udcNN'. */
			strbuf_addf(out, "\\udc%02x", *p);
			p++;
			continue;
		}
		if (cp == (unsigned char)quote || cp == '\\') {
			strbuf_addch(out, '\\');
			strbuf_addch(out, (int)cp);
		} else if (!is_printable(cp)) {
			add_escape(out, cp);
		} else {
			strbuf_add(out, p, n);
		}
		p += n;
	}
	strbuf_addch(out, quote);
}
