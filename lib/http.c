/*
 * http: GET and PUT through libcurl with the rules http.h gives.
 */
#include "http.h"

#include "fsutil.h"
#include "interrupt.h"
#include "version.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static CURLcode init_result;

static void global_init(void)
{
	init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

const char *http_library_version(void)
{
	return curl_version_info(CURLVERSION_NOW)->version;
}

/* Where the authority of url starts ("host" in "http://host/x"), or NULL. */
static const char *authority(const char *url)
{
	const char *p = strstr(url, "://");

	return p ? p + 3 : NULL;
}

/* The length of the authority at a (up to the path, query or fragment). */
static size_t authority_len(const char *a)
{
	return strcspn(a, "/?#");
}

/* The user info in the authority a, as its length (0: none). */
static size_t userinfo_len(const char *a)
{
	const size_t len = authority_len(a);
	size_t at = 0;

	for (size_t i = 0; i < len; i++)
		if (a[i] == '@')
			at = i + 1;
	return at;
}

void http_redact(struct strbuf *out, const char *url)
{
	const char *a = authority(url);
	size_t ui;

	if (!a) {
		strbuf_addstr(out, "(not a URL)");
		return;
	}
	strbuf_add(out, url, (size_t)(a - url));
	ui = userinfo_len(a);
	if (ui)
		strbuf_addstr(out, "***@");
	a += ui;
	strbuf_add(out, a, strcspn(a, "?#"));
	if (a[strcspn(a, "?#")] == '?')
		strbuf_addstr(out, "?***");
}

int http_url_valid(const char *url, struct strbuf *why)
{
	const char *a = authority(url);

	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
		strbuf_addstr(why, "only http:// and https:// URLs are supported");
		return 0;
	}
	if (authority_len(a) == userinfo_len(a)) {
		strbuf_addstr(why, "the URL names no host");
		return 0;
	}
	for (const char *p = url; *p; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			strbuf_addstr(why, "the URL holds a space or a control character");
			return 0;
		}
	}
	return 1;
}

/* One request's state, across its attempts. */
struct xfer {
	int fd;               /* GET into this file, or */
	struct strbuf *buf;   /* into this buffer */
	off_t max, got;
	int too_big, write_errno;
	int in_fd;            /* PUT from this file, or */
	const char *data;     /* from these bytes */
	off_t size, sent;
	int read_errno;
	const char *accept;   /* an Accept header, or NULL */
	struct http_answer *answer;
	long long *received;  /* http_config's */
};

static size_t on_write(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	const size_t len = size * n;

	if ((off_t)len > x->max - x->got) {
		x->too_big = 1;
		return 0;
	}
	if (x->buf) {
		strbuf_add(x->buf, p, len);
	} else if (fs_write_all(x->fd, p, len)) {
		x->write_errno = errno;
		return 0;
	}
	x->got += (off_t)len;
	if (x->received)
		__atomic_add_fetch(x->received, (long long)len, __ATOMIC_RELAXED);
	return len;
}

static size_t on_read(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t want = size * n;
	const off_t left = x->size - x->sent;

	if ((off_t)want > left)
		want = (size_t)left;
	if (!want)
		return 0;
	if (x->data) {
		memcpy(p, x->data + x->sent, want);
	} else {
		ssize_t r = pread(x->in_fd, p, want, x->sent);

		if (r <= 0) {
			x->read_errno = r < 0 ? errno : EIO; /* EIO: the file shrank */
			return CURL_READFUNC_ABORT;
		}
		want = (size_t)r;
	}
	x->sent += (off_t)want;
	return want;
}

static int on_seek(void *arg, curl_off_t offset, int origin)
{
	struct xfer *x = arg;

	if (origin != SEEK_SET || offset < 0 || offset > x->size)
		return CURL_SEEKFUNC_FAIL;
	x->sent = (off_t)offset;
	return CURL_SEEKFUNC_OK;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)arg, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return interrupt_pending() ? 1 : 0;
}

/* Replaces each occurrence of secret (if long enough to mean anything) in
 * sb from offset from with "***". */
static void scrub(struct strbuf *sb, size_t from, const char *secret, size_t len)
{
	struct strbuf out = STRBUF_INIT;
	const char *p, *start;

	if (len < 3 || sb->len <= from)
		return;
	start = sb->buf + from;
	strbuf_add(&out, sb->buf, from);
	while ((p = memmem(start, (size_t)(sb->buf + sb->len - start), secret, len))) {
		strbuf_add(&out, start, (size_t)(p - start));
		strbuf_addstr(&out, "***");
		start = p + len;
	}
	strbuf_add(&out, start, (size_t)(sb->buf + sb->len - start));
	strbuf_setlen(sb, 0);
	strbuf_add(sb, out.buf, out.len);
	strbuf_release(&out);
}

/* Is the result of one attempt worth another? */
static int transient(CURLcode rc, long status)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return 1;
	case CURLE_HTTP_RETURNED_ERROR:
		return status >= 500 || status == 429;
	default:
		return 0;
	}
}

/* Waits ms milliseconds, or less when cancelled. */
static void backoff(long ms)
{
	while (ms > 0 && !interrupt_pending()) {
		struct timespec ts = { 0, 50 * 1000000L };

		nanosleep(&ts, NULL);
		ms -= 50;
	}
}

static void set_options(CURL *h, const struct http_config *c, const char *url, struct xfer *x, char *errbuf,
			struct curl_slist *headers)
{
	const char *ca = getenv("CURL_CA_BUNDLE"), *netrc = getenv("NETRC");

	if (!ca || !*ca)
		ca = getenv("SSL_CERT_FILE");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "pyvenv/" PYVENV_VERSION);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, strncmp(url, "https:", 6) ? "http,https" : "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->connect_timeout);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, c->stall_timeout);
	curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (netrc && *netrc)
		curl_easy_setopt(h, CURLOPT_NETRC_FILE, netrc);
	if (ca && *ca)
		curl_easy_setopt(h, CURLOPT_CAINFO, ca);
	if (getenv("SSL_CERT_DIR") && *getenv("SSL_CERT_DIR"))
		curl_easy_setopt(h, CURLOPT_CAPATH, getenv("SSL_CERT_DIR"));
	if (c->bearer && *c->bearer) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, c->bearer);
	}
	if (headers)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	if (x->buf || x->fd >= 0) {
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
		curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max);
	}
	if (x->data || x->in_fd >= 0) {
		curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(h, CURLOPT_READDATA, x);
		curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, on_seek);
		curl_easy_setopt(h, CURLOPT_SEEKDATA, x);
		curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)x->size);
	}
}

/* Says why one attempt failed. */
static void explain(struct strbuf *why, CURLcode rc, long status, const struct xfer *x, const char *errbuf)
{
	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		strbuf_addf(why, "the answer is larger than %lld bytes", (long long)x->max);
	else if (x->write_errno)
		strbuf_addf(why, "cannot write what came: %s", strerror(x->write_errno));
	else if (x->read_errno)
		strbuf_addf(why, "cannot read what to send: %s", strerror(x->read_errno));
	else if (rc == CURLE_ABORTED_BY_CALLBACK)
		strbuf_addstr(why, "cancelled");
	else if (rc == CURLE_UNSUPPORTED_PROTOCOL)
		strbuf_addstr(why, "the server redirected to a URL pyvenv does not follow (only http and https, "
				   "never from https to http)");
	else if (rc == CURLE_HTTP_RETURNED_ERROR || (rc == CURLE_OK && status))
		strbuf_addf(why, "the server answered %ld", status);
	else if (*errbuf)
		strbuf_addstr(why, errbuf);
	else
		strbuf_addstr(why, curl_easy_strerror(rc));
}

/* Runs one request with its retries: HTTP_OK, HTTP_MISSING or HTTP_FAILED. */
static int perform(const struct http_config *c, const char *method, const char *url, struct xfer *x,
		   struct strbuf *why)
{
	char errbuf[CURL_ERROR_SIZE];
	const char *a = authority(url);
	const size_t why_from = why->len;
	CURLcode rc = CURLE_OK;
	long status = 0, wait = 250;
	int ret = HTTP_FAILED;
	struct curl_slist *headers = NULL;
	CURL *h;

	pthread_once(&init_once, global_init);
	if (init_result != CURLE_OK) {
		strbuf_addf(why, "cannot set up libcurl: %s", curl_easy_strerror(init_result));
		return HTTP_FAILED;
	}
	if (!(h = curl_easy_init())) {
		strbuf_addstr(why, "cannot set up libcurl");
		return HTTP_FAILED;
	}
	if (x->accept) {
		char *line = xstrfmt("Accept: %s", x->accept);

		headers = curl_slist_append(NULL, line);
		free(line);
	}
	x->received = c->received;
	for (int attempt = 0;; attempt++) {
		errbuf[0] = 0;
		x->got = x->sent = 0;
		x->too_big = x->write_errno = x->read_errno = 0;
		if (x->buf)
			strbuf_reset(x->buf);
		if (x->fd >= 0 && (ftruncate(x->fd, 0) || lseek(x->fd, 0, SEEK_SET) < 0)) {
			x->write_errno = errno;
			break;
		}
		curl_easy_reset(h);
		set_options(h, c, url, x, errbuf, headers);
		rc = curl_easy_perform(h);
		status = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		if (rc == CURLE_OK && status >= 200 && status < 300) {
			ret = HTTP_OK;
			if (x->answer) {
				const char *type = NULL, *where = NULL;

				curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
				curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &where);
				x->answer->content_type = type ? xstrdup(type) : NULL;
				x->answer->url = xstrdup(where ? where : url);
			}
			break;
		}
		if (rc == CURLE_HTTP_RETURNED_ERROR && (status == 404 || status == 410)) {
			ret = HTTP_MISSING;
			break;
		}
		if (attempt >= c->retries || !transient(rc, status) || interrupt_pending())
			break;
		backoff(wait);
		wait *= 2;
	}
	curl_easy_cleanup(h);
	curl_slist_free_all(headers);
	if (ret == HTTP_OK)
		return ret;
	strbuf_addf(why, "%s ", method);
	http_redact(why, url);
	strbuf_addstr(why, ": ");
	if (ret == HTTP_MISSING)
		strbuf_addf(why, "not there (the server answered %ld)", status);
	else
		explain(why, rc, status, x, errbuf);
	/* Nothing curl said may hold a credential: the user info, nor its
	 * password alone. */
	if (a && userinfo_len(a) > 1) {
		const size_t ui = userinfo_len(a) - 1;
		const char *colon = memchr(a, ':', ui);

		scrub(why, why_from, a, ui);
		if (colon)
			scrub(why, why_from, colon + 1, (size_t)(a + ui - colon - 1));
	}
	if (c->bearer)
		scrub(why, why_from, c->bearer, strlen(c->bearer));
	return ret;
}

int http_get_fd(const struct http_config *c, const char *url, int fd, off_t max, off_t *got,
		struct strbuf *why)
{
	struct xfer x = { .fd = fd, .max = max, .in_fd = -1 };
	int ret = perform(c, "GET", url, &x, why);

	if (got)
		*got = x.got;
	return ret;
}

int http_get_buf(const struct http_config *c, const char *url, struct strbuf *out, size_t max,
		 struct strbuf *why)
{
	struct xfer x = { .fd = -1, .buf = out, .max = (off_t)max, .in_fd = -1 };

	return perform(c, "GET", url, &x, why);
}

int http_get_page(const struct http_config *c, const char *url, const char *accept, struct strbuf *out,
		  size_t max, struct http_answer *answer, struct strbuf *why)
{
	struct xfer x = { .fd = -1, .buf = out, .max = (off_t)max, .in_fd = -1, .accept = accept, .answer = answer };

	memset(answer, 0, sizeof(*answer));
	return perform(c, "GET", url, &x, why);
}

void http_answer_release(struct http_answer *answer)
{
	free(answer->content_type);
	free(answer->url);
	memset(answer, 0, sizeof(*answer));
}

int http_put_fd(const struct http_config *c, const char *url, int fd, off_t size, struct strbuf *why)
{
	struct xfer x = { .fd = -1, .in_fd = fd, .size = size };

	return perform(c, "PUT", url, &x, why) == HTTP_OK ? HTTP_OK : HTTP_FAILED;
}

int http_put_buf(const struct http_config *c, const char *url, const void *data, size_t len,
		 struct strbuf *why)
{
	struct xfer x = { .fd = -1, .in_fd = -1, .data = data, .size = (off_t)len };

	return perform(c, "PUT", url, &x, why) == HTTP_OK ? HTTP_OK : HTTP_FAILED;
}
