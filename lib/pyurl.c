/*
 * pyurl: urllib.parse as pip uses it on requirement text (Python 3.12).
 *
 * One difference, deliberate: Python also refuses a non-ASCII netloc whose
 * NFKC normalization brings in one of "/?#@:"; that needs Unicode tables
 * this helper does not carry, so such a netloc is taken as it is.
 */
#include "pyurl.h"

#include "pystr.h"
#include "strbuf.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const vcs_schemes[] = {
	"bzr+http", "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp", "bzr+file",
	"git+http", "git+https", "git+ssh", "git+git", "git+file",
	"hg+file", "hg+http", "hg+https", "hg+ssh", "hg+static-http",
	"svn+ssh", "svn+http", "svn+https", "svn+svn", "svn+file",
};

static const char *const uses_netloc[] = {
	"", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https",
	"shttp", "snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh",
	"sftp", "nfs", "git", "git+ssh", "ws", "wss", "itms-services",
};

static const char *const uses_relative[] = {
	"", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms",
	"prospero", "rtsp", "rtsps", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss",
};

#define IN_LIST(s, list) in_list((s), (list), sizeof(list) / sizeof(*(list)))

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

int pyurl_is_vcs_scheme(const char *scheme)
{
	return IN_LIST(scheme, vcs_schemes);
}

char *pyurl_scheme(const char *text)
{
	const char *colon = strchr(text, ':');
	char *s;

	if (!colon)
		return NULL;
	s = xstrndup(text, (size_t)(colon - text));
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

int pyurl_is_url(const char *text)
{
	char *scheme = pyurl_scheme(text);
	int yes = scheme && (!strcmp(scheme, "http") || !strcmp(scheme, "https") ||
			     !strcmp(scheme, "file") || !strcmp(scheme, "ftp") ||
			     pyurl_is_vcs_scheme(scheme));

	free(scheme);
	return yes;
}

/* The url with leading C0 controls and spaces dropped, tabs and line ends removed. */
static char *clean(const char *url)
{
	struct strbuf sb = STRBUF_INIT;

	while (*url && (unsigned char)*url <= ' ')
		url++;
	for (; *url; url++)
		if (*url != '\t' && *url != '\r' && *url != '\n')
			strbuf_addch(&sb, *url);
	return strbuf_detach(&sb);
}

/* The length of a scheme at the start of url, with its ':' following, or 0. */
static size_t scheme_len(const char *url)
{
	size_t n = 0;

	if (!isalpha((unsigned char)url[0]))
		return 0;
	while (isalnum((unsigned char)url[n]) || url[n] == '+' || url[n] == '-' || url[n] == '.')
		n++;
	return url[n] == ':' ? n : 0;
}

static int ipv6_host(const char *host)
{
	const char *pct = strchr(host, '%');
	char *addr = pct ? xstrndup(host, (size_t)(pct - host)) : xstrdup(host);
	unsigned char buf[16];
	int ok = inet_pton(AF_INET6, addr, buf) == 1;

	if (pct && (!pct[1] || strchr(pct + 1, '%')))
		ok = 0;
	free(addr);
	return ok;
}

static int ipvfuture_host(const char *host)
{
	size_t n = 1;

	while (isxdigit((unsigned char)host[n]))
		n++;
	return n > 1 && host[n] == '.' && host[n + 1];
}

static int check_netloc(const char *netloc, const char **why)
{
	const char *open = strchr(netloc, '['), *close = strchr(netloc, ']');
	char *host;
	int ok;

	if (!open && !close)
		return 0;
	if (!open || !close) {
		*why = "invalid IPv6 URL";
		return -1;
	}
	/* netloc.partition('[')[2].partition(']')[0] */
	close = strchr(open + 1, ']');
	host = close ? xstrndup(open + 1, (size_t)(close - open - 1)) : xstrdup(open + 1);
	ok = host[0] == 'v' ? ipvfuture_host(host) : ipv6_host(host);
	free(host);
	if (!ok) {
		*why = "invalid bracketed host in URL";
		return -1;
	}
	return 0;
}

int pyurl_split(const char *url, struct pyurl *out, const char **why)
{
	char *s = clean(url), *rest = s, *hash, *query;
	const size_t n = scheme_len(s);

	out->scheme = xstrndup(s, n);
	for (char *p = out->scheme; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	rest += n ? n + 1 : 0;
	if (rest[0] == '/' && rest[1] == '/') {
		const size_t len = strcspn(rest + 2, "/?#");

		out->netloc = xstrndup(rest + 2, len);
		rest += 2 + len;
	} else {
		out->netloc = xstrdup("");
	}
	hash = strchr(rest, '#');
	out->fragment = xstrdup(hash ? hash + 1 : "");
	if (hash)
		*hash = '\0';
	query = strchr(rest, '?');
	out->query = xstrdup(query ? query + 1 : "");
	if (query)
		*query = '\0';
	out->path = xstrdup(rest);
	free(s);
	return check_netloc(out->netloc, why);
}

void pyurl_release(struct pyurl *u)
{
	free(u->scheme);
	free(u->netloc);
	free(u->path);
	free(u->query);
	free(u->fragment);
	*u = (struct pyurl)PYURL_INIT;
}

char *pyurl_unsplit(const struct pyurl *u)
{
	struct strbuf sb = STRBUF_INIT;
	const char *path = u->path;

	if (u->netloc[0] || (u->scheme[0] && IN_LIST(u->scheme, uses_netloc) && strncmp(path, "//", 2))) {
		strbuf_addf(&sb, "//%s", u->netloc);
		if (path[0] && path[0] != '/')
			strbuf_addch(&sb, '/');
	}
	strbuf_addstr(&sb, path);
	if (u->scheme[0]) {
		char *tail = strbuf_detach(&sb);

		strbuf_addf(&sb, "%s:%s", u->scheme, tail);
		free(tail);
	}
	if (u->query[0])
		strbuf_addf(&sb, "?%s", u->query);
	if (u->fragment[0])
		strbuf_addf(&sb, "#%s", u->fragment);
	return strbuf_detach(&sb);
}

/* The segments of path split at '/', as Python's str.split('/'). */
static size_t split_segments(const char *path, char ***v, size_t *alloc, size_t n)
{
	for (const char *p = path;; p++) {
		const size_t len = strcspn(p, "/");

		if (n == *alloc) {
			*alloc = *alloc ? 2 * *alloc : 16;
			*v = xrealloc(*v, *alloc * sizeof(**v));
		}
		(*v)[n++] = xstrndup(p, len);
		p += len;
		if (!*p)
			return n;
	}
}

/* urljoin()'s resolution of path against bpath, "." and ".." applied. */
static char *resolve_path(const char *bpath, const char *path)
{
	char **seg = NULL;
	size_t alloc = 0, n = 0, out = 0;
	struct strbuf sb = STRBUF_INIT;
	int trailing;

	if (path[0] != '/') {
		n = split_segments(bpath, &seg, &alloc, 0);
		if (seg[n - 1][0])
			free(seg[--n]);
	}
	n = split_segments(path, &seg, &alloc, n);
	/* Empty segments are dropped but for the first and the last. */
	for (size_t i = 0; i < n; i++) {
		if (i && i + 1 < n && !seg[i][0] && path[0] != '/') {
			free(seg[i]);
			continue;
		}
		seg[out++] = seg[i];
	}
	n = out;
	trailing = !strcmp(seg[n - 1], ".") || !strcmp(seg[n - 1], "..");
	out = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(seg[i], "..")) {
			if (out)
				free(seg[--out]);
			free(seg[i]);
		} else if (!strcmp(seg[i], ".")) {
			free(seg[i]);
		} else {
			seg[out++] = seg[i];
		}
	}
	for (size_t i = 0; i < out; i++) {
		strbuf_addf(&sb, "%s%s", i ? "/" : "", seg[i]);
		free(seg[i]);
	}
	if (trailing)
		strbuf_addch(&sb, '/');
	free(seg);
	if (!sb.len)
		strbuf_addch(&sb, '/');
	return strbuf_detach(&sb);
}

int pyurl_join(const char *base, const char *url, char **out, const char **why)
{
	struct pyurl b = PYURL_INIT, u = PYURL_INIT;
	int ret = -1;

	*out = NULL;
	if (!base[0] || !url[0]) {
		*out = xstrdup(base[0] ? base : url);
		return 0;
	}
	if (pyurl_split(base, &b, why) || pyurl_split(url, &u, why))
		goto done;
	ret = 0;
	if (!u.scheme[0]) {
		free(u.scheme);
		u.scheme = xstrdup(b.scheme);
	}
	if (strcmp(u.scheme, b.scheme) || !IN_LIST(u.scheme, uses_relative)) {
		*out = xstrdup(url);
		goto done;
	}
	if (IN_LIST(u.scheme, uses_netloc) && !u.netloc[0]) {
		free(u.netloc);
		u.netloc = xstrdup(b.netloc);
	} else if (IN_LIST(u.scheme, uses_netloc)) {
		*out = pyurl_unsplit(&u);
		goto done;
	}
	if (!u.path[0]) {
		free(u.path);
		u.path = xstrdup(b.path);
		if (!u.query[0]) {
			free(u.query);
			u.query = xstrdup(b.query);
		}
	} else {
		char *resolved = resolve_path(b.path, u.path);

		free(u.path);
		u.path = resolved;
	}
	*out = pyurl_unsplit(&u);
done:
	pyurl_release(&b);
	pyurl_release(&u);
	return ret;
}

char *pyurl_to_path(const char *url, const char **why)
{
	struct pyurl u = PYURL_INIT;
	struct strbuf sb = STRBUF_INIT;

	if (strncmp(url, "file:", 5)) {
		*why = "a file URL must start with 'file:' in lowercase";
		return NULL;
	}
	if (pyurl_split(url, &u, why))
		goto fail;
	if (u.netloc[0] && strcmp(u.netloc, "localhost")) {
		*why = "non-local file URLs are not supported";
		goto fail;
	}
	pystr_unquote(&sb, u.path);
	pyurl_release(&u);
	return strbuf_detach(&sb);
fail:
	pyurl_release(&u);
	return NULL;
}
