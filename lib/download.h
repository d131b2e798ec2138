/*
 * download: files from an index (or a URL) into the download cache, a
 * content-addressed directory under the cache:
 *
 *   <cache>/downloads/<sha256>/<file name>
 *
 * written under a temporary name beside it and renamed into place once
 * its SHA-256 is known (and, when the index gave one, checked), so that a
 * second cold create with the same set downloads nothing. A file found
 * there is hashed again before it is used. Several files are downloaded
 * at once (DOWNLOAD_PARALLEL).
 */
#ifndef PYVENV_DOWNLOAD_H
#define PYVENV_DOWNLOAD_H

#include "hash.h"
#include "http.h"

#include <sys/types.h>
#include <time.h>

#define DOWNLOAD_PARALLEL 4
/* The largest file downloaded. */
#define DOWNLOAD_MAX ((off_t)4 << 30)

struct download {
	const char *url;       /* absolute */
	const char *filename;  /* what the file is called (a wheel's name) */
	const char *sha256;    /* the digest the index gives (hex), or NULL */
	const char *what;      /* for messages: "alpha 1.0" */
	char *path;            /* set: the file */
	off_t bytes;           /* set: bytes downloaded (0 when found in the cache) */
};

/*
 * Fetches every download into dir (the download cache, made if needed and
 * trusted as the cache's parts are; or a private temporary directory the
 * caller removes). Returns 0, or -1 (reported: the first failure, its URL
 * redacted); files already in place stay.
 */
int download_all(const struct http_config *c, const char *dir, struct download *v, size_t n);

/*
 * GETs url into a new file made from tmpl (mkstemp()'s XXXXXX; mode 0644),
 * at most max bytes, written to disk: its path (caller frees, and removes
 * the file unless it keeps it), with *got its size and digest its SHA-256;
 * or NULL with why set and nothing left. For the download cache and the
 * remote template cache alike.
 */
char *download_temp(const struct http_config *c, const char *url, const char *tmpl, off_t max, off_t *got,
		    unsigned char digest[HASH_LEN], struct strbuf *why);

/* The download cache of cache_dir (caller frees). */
char *download_dir(const char *cache_dir);

/* A file of the download cache. */
struct download_entry {
	char *path;
	long long size;     /* bytes on disk */
	time_t last_used;   /* its modification time, renewed on each use */
};

/* The files of the download cache of cache_dir (none when it is not
 * there), least recently used first. */
struct download_entry *download_list(const char *cache_dir, size_t *n);
void download_list_free(struct download_entry *v, size_t n);
/* Removes a file and, when it is left empty, its directory: 0, or -1
 * (reported). */
int download_remove(const struct download_entry *e);
/* Removes what killed runs left (temporary files a day old): 0 or -1. */
int download_sweep(const char *cache_dir);

#endif
