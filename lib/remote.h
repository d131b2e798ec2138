/*
 * remote: the remote template cache, an HTTP object store (GET, HEAD, PUT;
 * nothing else, so nginx's WebDAV PUT, bazel-remote, ccache's and Gradle's
 * HTTP caches and object stores behind an HTTP front all serve) looked up
 * after the local cache and before building.
 *
 * An entry is two objects: the template archive, named by its SHA-256, and
 * a small record, named by the key, that says which archive (digest, size)
 * the key has, who made it and, when signed, with which key. Layouts:
 *
 *   flat   URL/<key>.record        URL/<sha256>.tar.zst
 *   bazel  URL/ac/<key>            URL/cas/<sha256>   (bazel-remote's HTTP
 *                                  API; start it with --disable_http_ac_validation)
 *
 * A writer sends the archive first and the record last, so a reader never
 * finds a record without its archive; writers racing on a key each leave a
 * whole entry (archives are content-addressed), the last record winning.
 *
 * Spec: "URL[|attribute=value]...", as ccache's remote storage takes it:
 *   layout=flat|bazel, connect-timeout=S, stall-timeout=S, timeout=S,
 *   retries=N (0 to 10).
 *
 * Nothing here fails a build: every fault is one warning (every URL
 * redacted) and the caller builds as if there were no remote cache.
 */
#ifndef PYVENV_REMOTE_H
#define PYVENV_REMOTE_H

#include "http.h"
#include "probe.h"
#include "strbuf.h"
#include "tcache.h"

enum remote_layout { REMOTE_FLAT, REMOTE_BAZEL };

struct remote {
	char *base;                 /* the URL, without attributes or a trailing '/' */
	char *shown;                /* base, redacted: what messages name */
	enum remote_layout layout;
	struct http_config http;
	int write;                  /* store new templates there */
	const char *signing_key;    /* a private key file: sign what is stored */
	const char *trusted_keys;   /* a public keys file: use only entries they signed */
};

/* The largest record and archive a reader takes. */
#define REMOTE_RECORD_MAX (64 << 10)
#define REMOTE_ARCHIVE_MAX ((off_t)16 << 30)

/* Parses spec into r (release with remote_release()): 0, or -1 with why
 * set (nothing kept). */
int remote_parse(const char *spec, struct remote *r, struct strbuf *why);
void remote_release(struct remote *r);

/* $PYVENV_REMOTE_CACHE_WRITE as a flag: 1 (1, true, yes, on), 0 (unset,
 * empty, 0, false, no, off), or -1 with why set. */
int remote_write_from_env(struct strbuf *why);

/*
 * Looks key up on the remote cache and, on a hit, puts the entry into e
 * (the local entry, not present, its lock held alone): downloaded to a
 * temporary file, checked against the record's size and digest, and its
 * metadata against py, then published in the local cache as a local entry
 * is. 1 on a hit (e present), 0 on a miss or a fault (warned).
 */
int remote_fetch(const struct remote *r, struct tcache_entry *e, const char *key, const struct pyinfo *py);

/* Stores e (present, as key) on the remote cache: archive, then record.
 * A failure is warned. */
void remote_store(const struct remote *r, const struct tcache_entry *e, const char *key, const struct pyinfo *py);

#endif
