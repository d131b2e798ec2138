/*
 * hash: SHA-256 and base64url from nettle, the crypto library libarchive
 * already loads, so hashing adds no library to the helper's start-up.
 */
#include "hash.h"

#include "msg.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/base64.h>
#include <nettle/nettle-meta.h>
#include <nettle/sha3.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct hash_ctx {
	struct sha256_ctx sha;
};

struct hash_ctx *hash_new(void)
{
	struct hash_ctx *ctx = xmalloc(sizeof(*ctx));

	sha256_init(&ctx->sha);
	return ctx;
}

void hash_update(struct hash_ctx *ctx, const void *data, size_t len)
{
	assert(ctx);
	sha256_update(&ctx->sha, len, data);
}

void hash_update_str(struct hash_ctx *ctx, const char *s)
{
	hash_update(ctx, s ? s : "", strlen(s ? s : "") + 1);
}

void hash_final(struct hash_ctx *ctx, unsigned char out[HASH_LEN])
{
	sha256_digest(&ctx->sha, HASH_LEN, out);
	free(ctx);
}

void hash_buffer(const void *data, size_t len, unsigned char out[HASH_LEN])
{
	struct hash_ctx ctx;

	sha256_init(&ctx.sha);
	sha256_update(&ctx.sha, len, data);
	sha256_digest(&ctx.sha, HASH_LEN, out);
}

/* Appends "name=<urlsafe base64 without padding>". */
static void record_digest(struct strbuf *out, const char *name, const unsigned char *digest, size_t len)
{
	char b64[BASE64_ENCODE_LENGTH(HASH_MAX_LEN) + BASE64_ENCODE_FINAL_LENGTH];
	struct base64_encode_ctx ctx;
	size_t n;

	assert(len <= HASH_MAX_LEN);
	base64url_encode_init(&ctx);
	n = base64_encode_update(&ctx, b64, len, digest);
	n += base64_encode_final(&ctx, b64 + n);
	while (n && b64[n - 1] == '=')
		n--;
	strbuf_addf(out, "%s=", name);
	strbuf_add(out, b64, n);
}

void hash_record_digest(struct strbuf *out, const unsigned char digest[HASH_LEN])
{
	record_digest(out, "sha256", digest, HASH_LEN);
}

/* --- the other algorithms, through nettle's table ------------------------- */

struct hash_algo {
	const char *name; /* hashlib's */
	const struct nettle_hash *h;
};

static const struct hash_algo algos[] = {
	{ "sha224", &nettle_sha224 },     { "sha256", &nettle_sha256 },     { "sha384", &nettle_sha384 },
	{ "sha512", &nettle_sha512 },     { "sha3_224", &nettle_sha3_224 }, { "sha3_256", &nettle_sha3_256 },
	{ "sha3_384", &nettle_sha3_384 }, { "sha3_512", &nettle_sha3_512 },
};

const struct hash_algo *hash_algo_find(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(algos) / sizeof(*algos); i++)
		if (strlen(algos[i].name) == len && !memcmp(algos[i].name, name, len))
			return &algos[i];
	return NULL;
}

const char *hash_algo_name(const struct hash_algo *a)
{
	return a->name;
}

size_t hash_algo_len(const struct hash_algo *a)
{
	return a->h->digest_size;
}

void hash_algo_buffer(const struct hash_algo *a, const void *data, size_t len, unsigned char *out)
{
	void *ctx = xmalloc(a->h->context_size);

	a->h->init(ctx);
	a->h->update(ctx, len, data);
	a->h->digest(ctx, a->h->digest_size, out);
	free(ctx);
}

int hash_algo_fd(const struct hash_algo *a, int fd, unsigned char *out)
{
	void *ctx = xmalloc(a->h->context_size);
	char buf[64 * 1024];
	ssize_t n;

	a->h->init(ctx);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(ctx);
			return -1;
		}
		a->h->update(ctx, (size_t)n, (const uint8_t *)buf);
	}
	a->h->digest(ctx, a->h->digest_size, out);
	free(ctx);
	return 0;
}

int hash_algo_fd_hex(const struct hash_algo *a, int fd, struct strbuf *hex)
{
	unsigned char digest[HASH_MAX_LEN];

	if (lseek(fd, 0, SEEK_SET) < 0 || hash_algo_fd(a, fd, digest))
		return -1;
	strbuf_reset(hex);
	hash_hex(hex, digest, hash_algo_len(a));
	return 0;
}

void hash_algo_record_digest(struct strbuf *out, const struct hash_algo *a, const unsigned char *digest)
{
	record_digest(out, a->name, digest, a->h->digest_size);
}

void hash_hex(struct strbuf *out, const unsigned char *digest, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	strbuf_grow(out, 2 * len);
	for (size_t i = 0; i < len; i++) {
		strbuf_addch(out, hex[digest[i] >> 4]);
		strbuf_addch(out, hex[digest[i] & 15]);
	}
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int hash_unhex(const char *s, unsigned char *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		const int hi = hex_value(s[2 * i]), lo = hi < 0 ? -1 : hex_value(s[2 * i + 1]);

		if (lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int hash_fd(int fd, unsigned char out[HASH_LEN])
{
	return hash_algo_fd(hash_algo_find("sha256", 6), fd, out);
}

int hash_file(const char *path, unsigned char out[HASH_LEN])
{
	const int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return error_errno("cannot open '%s'", path);
	ret = hash_fd(fd, out);
	if (ret)
		error_errno("cannot read '%s'", path);
	close(fd);
	return ret;
}
