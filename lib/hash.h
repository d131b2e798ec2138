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
/*
 * The other digests a RECORD or a --hash may name, by hashlib's names:
 * sha224, sha256, sha384, sha512, sha3_224, sha3_256, sha3_384, sha3_512.
 */
#define HASH_MAX_LEN 64
struct hash_algo;
/* The algorithm named by the len bytes at name, or NULL. */
const struct hash_algo *hash_algo_find(const char *name, size_t len);
/* Its name, as hashlib spells it. */
const char *hash_algo_name(const struct hash_algo *a);
/* Its digests' length, at most HASH_MAX_LEN: what out receives below. */
size_t hash_algo_len(const struct hash_algo *a);
void hash_algo_buffer(const struct hash_algo *a, const void *data, size_t len, unsigned char *out);
/* The digest of what is left to read from fd: 0, or -1 with errno set. */
int hash_algo_fd(const struct hash_algo *a, int fd, unsigned char *out);
/* Its lowercase hex, of all fd holds (read from its start), into hex
 * (reset first): 0, or -1 with errno set. */
int hash_algo_fd_hex(const struct hash_algo *a, int fd, struct strbuf *hex);
/* Appends "<name>=<urlsafe base64 without padding>" of digest. */
void hash_algo_record_digest(struct strbuf *out, const struct hash_algo *a, const unsigned char *digest);

/* Appends lowercase hex. */
void hash_hex(struct strbuf *out, const unsigned char *digest, size_t len);
/* Reads the 2 * len hex digits at s (either case) into out: 0, or -1 when
 * one of them is not a hex digit (s shorter than that stops at its NUL). */
int hash_unhex(const char *s, unsigned char *out, size_t len);

#endif
