/*
 * pyurl: Python 3.12's urllib.parse.urlsplit()/urlunsplit()/urljoin() and
 * pip's URL helpers (is_url, get_url_scheme, url_to_path), as pip applies
 * them to requirement text. UTF-8 text in, strings the caller frees out.
 */
#ifndef PYVENV_PYURL_H
#define PYVENV_PYURL_H

struct pyurl {
	char *scheme;   /* lowercased, "" when there is none */
	char *netloc;
	char *path;
	char *query;
	char *fragment;
};

#define PYURL_INIT { NULL, NULL, NULL, NULL, NULL }

/*
 * urlsplit(url): leading C0 controls and spaces dropped, tabs and line ends
 * removed, then split. Returns 0, or -1 with *why set (a static message,
 * nothing reported) where Python raises ValueError: unbalanced brackets in
 * the netloc, or a bracketed host that is not an IPv6 or IPvFuture address.
 * Fills all five parts either way, so pyurl_release() is always right.
 */
int pyurl_split(const char *url, struct pyurl *out, const char **why);
void pyurl_release(struct pyurl *u);
/* urlunsplit() of the parts; caller frees. */
char *pyurl_unsplit(const struct pyurl *u);
/*
 * urljoin(base, url): url resolved against base for the schemes Python
 * resolves (http, https, file, ...), with its handling of "." and "..", or
 * a copy of url where Python returns it as it is. Returns 0 with *out set
 * (caller frees), or -1 with *why set where pyurl_split() fails on either.
 * Semicolon parameters are taken as part of the path.
 */
int pyurl_join(const char *base, const char *url, char **out, const char **why);

/* pip's get_url_scheme(): what precedes the first ':', lowercased, or NULL
 * when there is no ':'; caller frees. */
char *pyurl_scheme(const char *text);
/* pip's is_url(): the scheme is http, https, file, ftp or a VCS scheme. */
int pyurl_is_url(const char *text);
/* Is scheme (lowercased) one of the VCS schemes (git+https, hg+ssh, ...)? */
int pyurl_is_vcs_scheme(const char *scheme);

/*
 * pip's url_to_path(): the percent-decoded path of a "file:" URL, which must
 * start with "file:" (pip asserts it) and name no host but "localhost".
 * Returns the path (may be relative, may be empty; caller frees), or NULL
 * with *why set.
 */
char *pyurl_to_path(const char *url, const char **why);

#endif
