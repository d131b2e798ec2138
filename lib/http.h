/*
 * http: the one way the library talks to a server (libcurl). Every request
 * goes through here, so that every one has the same rules:
 *
 *   - http and https only, also after a redirect (at most 5, never from
 *     https to http); TLS verified with curl's CA settings, or the bundle
 *     $CURL_CA_BUNDLE / $SSL_CERT_FILE and directory $SSL_CERT_DIR name;
 *     proxies from the usual variables (http_proxy, https_proxy, no_proxy);
 *   - a connect timeout, a stall timeout (no byte for that long) and a
 *     total one per request;
 *   - connection errors and 5xx answers retried a bounded number of times,
 *     waiting 0.25 s, then twice as long each time;
 *   - every body read bounded in size;
 *   - credentials from the URL's user info, from ~/.netrc (or $NETRC), or
 *     a bearer token; never sent to another host on a redirect, and never
 *     in any text this module makes: http_redact() is the only way a URL
 *     is shown, and error texts have any secret scrubbed.
 *   - cancelled (pyvenv_cancel()) at the next byte.
 */
#ifndef PYVENV_HTTP_H
#define PYVENV_HTTP_H

#include "strbuf.h"

#include <sys/types.h>

struct http_config {
	long connect_timeout; /* seconds */
	long stall_timeout;   /* seconds without a byte */
	long timeout;         /* seconds for a whole request */
	int retries;          /* after the first attempt */
	const char *bearer;   /* a token for "Authorization: Bearer", or NULL */
	long long *received;  /* if not NULL, every body byte read is added
	                         here (atomically: for progress lines) */
};

#define HTTP_CONNECT_TIMEOUT 10
#define HTTP_STALL_TIMEOUT 30
#define HTTP_TIMEOUT 600
#define HTTP_RETRIES 2
#define HTTP_CONFIG_INIT { HTTP_CONNECT_TIMEOUT, HTTP_STALL_TIMEOUT, HTTP_TIMEOUT, HTTP_RETRIES, NULL, NULL }

/* What a request came to: HTTP_OK (2xx), HTTP_MISSING (404 or 410: not
 * there, said by the server) or HTTP_FAILED (why says what, redacted). */
enum { HTTP_OK = 0, HTTP_MISSING = 1, HTTP_FAILED = -1 };

/* GETs url into fd (from its start, which is truncated first), at most max
 * bytes; *got (if not NULL) receives the length. */
int http_get_fd(const struct http_config *c, const char *url, int fd, off_t max, off_t *got,
		struct strbuf *why);
/* GETs url into out (reset first), at most max bytes. */
int http_get_buf(const struct http_config *c, const char *url, struct strbuf *out, size_t max,
		 struct strbuf *why);
/* What came with a page (http_get_page). */
struct http_answer {
	char *content_type; /* as sent, or NULL */
	char *url;          /* the URL that answered, after redirects: for
	                       resolving relative links; never to be shown */
};

/* GETs url into out as http_get_buf() does, asking for accept (an Accept
 * header, or NULL), and says what came in *answer (release it). */
int http_get_page(const struct http_config *c, const char *url, const char *accept, struct strbuf *out,
		  size_t max, struct http_answer *answer, struct strbuf *why);
void http_answer_release(struct http_answer *answer);

/* PUTs the size bytes of fd from its start, or len bytes of data. */
int http_put_fd(const struct http_config *c, const char *url, int fd, off_t size, struct strbuf *why);
int http_put_buf(const struct http_config *c, const char *url, const void *data, size_t len,
		 struct strbuf *why);

/* Appends url as it may be shown: no user info ("***@" for it), no query
 * ("?***"), no fragment. */
void http_redact(struct strbuf *out, const char *url);

/* Whether url is one http_* takes (http:// or https:// with a host); else
 * why says what is wrong. */
int http_url_valid(const char *url, struct strbuf *why);

/* The version of libcurl in use, for `pyvenv info`. */
const char *http_library_version(void);

#endif
