/*
 * pyindex: a package index's project pages, by the simple repository API:
 * JSON (PEP 691, asked for by content negotiation) or HTML (PEP 503), with
 * each file's URL (resolved against the page), its hashes (the JSON
 * "hashes", or the URL's #sha256= fragment), resolved as pip resolves
 * them (urljoin), data-requires-python and
 * yanked status (PEP 592).
 */
#ifndef PYVENV_PYINDEX_H
#define PYVENV_PYINDEX_H

#include "http.h"
#include "strbuf.h"

#include <stddef.h>

struct index_file {
	char *filename;
	char *url;             /* absolute, without its fragment */
	char *sha256;          /* lowercase hex, or NULL when the index gives none */
	char *requires_python; /* or NULL */
	int yanked;
};

struct index_page {
	struct index_file *v;
	size_t n;
};

/* The Accept header pyvenv sends for a project page. */
#define PYINDEX_ACCEPT \
	"application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"
/* The largest project page read. */
#define PYINDEX_PAGE_MAX (32 << 20)

/*
 * Reads the page of the project canonical (PEP 503 normalised) from the
 * index at index_url: HTTP_OK with *page filled, HTTP_MISSING (the index
 * does not have it) or HTTP_FAILED (why says what, redacted).
 */
int pyindex_fetch(const struct http_config *c, const char *index_url, const char *canonical,
		  struct index_page *page, struct strbuf *why);

/* Parses a page's text, with base the URL it came from: 0, or -1 (why). */
int pyindex_parse_json(const char *text, const char *base, struct index_page *page, struct strbuf *why);
int pyindex_parse_html(const char *text, const char *base, struct index_page *page, struct strbuf *why);
void pyindex_page_release(struct index_page *page);

#endif
