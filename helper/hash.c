/*
 * hash: SHA-256 and base64url from nettle, the crypto library libarchive
 * already loads, so hashing adds no library to the helper's start-up.
 */
#include "hash.h"

#include <assert.h>
#include <nettle/base64.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

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

void hash_record_digest(struct strbuf *out, const unsigned char digest[HASH_LEN])
{
	char b64[BASE64_ENCODE_LENGTH(HASH_LEN) + BASE64_ENCODE_FINAL_LENGTH];
	struct base64_encode_ctx ctx;
	size_t n;

	base64url_encode_init(&ctx);
	n = base64_encode_update(&ctx, b64, HASH_LEN, digest);
	n += base64_encode_final(&ctx, b64 + n);
	while (n && b64[n - 1] == '=')
		n--;
	strbuf_addstr(out, "sha256=");
	strbuf_add(out, b64, n);
}

void hash_hex(struct strbuf *out, const unsigned char *digest, size_t len)
{
	for (size_t i = 0; i < len; i++)
		strbuf_addf(out, "%02x", digest[i]);
}
