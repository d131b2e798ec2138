/*
 * hash: SHA-256 (nettle) and the encodings wheels and caches use.
 */
#ifndef PYVENV_HASH_H
#define PYVENV_HASH_H

#include "strbuf.h"

#include <stddef.h>
#include <sys/types.h>

#define HASH_LEN 32

struct hash_ctx;

/* Incremental hashing; hash_new never fails (aborts on OOM). */
struct hash_ctx *hash_new(void);
void hash_update(struct hash_ctx *ctx, const void *data, size_t len);
/* Adds s and its terminating NUL, so "ab","c" and "a","bc" differ. */
void hash_update_str(struct hash_ctx *ctx, const char *s);
/* Writes the digest and frees ctx. */
void hash_final(struct hash_ctx *ctx, unsigned char out[HASH_LEN]);

void hash_buffer(const void *data, size_t len, unsigned char out[HASH_LEN]);

/* SHA-256 of what is left to read from fd, streamed: 0, or -1 with errno
 * set (nothing reported). */
int hash_fd(int fd, unsigned char out[HASH_LEN]);
/* SHA-256 of a whole file, streamed: 0, or -1 (reported). */
int hash_file(const char *path, unsigned char out[HASH_LEN]);

/* Appends "sha256=<urlsafe base64 without padding>", the RECORD form. */
void hash_record_digest(struct strbuf *out, const unsigned char digest[HASH_LEN]);
/* Appends lowercase hex. */
void hash_hex(struct strbuf *out, const unsigned char *digest, size_t len);

#endif
