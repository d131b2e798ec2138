/*
 * hash: thin wrappers over OpenSSL's EVP SHA-256.
 */
#include "hash.h"

#include <assert.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hash_ctx {
	EVP_MD_CTX *md;
};

struct hash_ctx *hash_new(void)
{
	struct hash_ctx *ctx = xmalloc(sizeof(*ctx));

	ctx->md = EVP_MD_CTX_new();
	if (!ctx->md || !EVP_DigestInit_ex(ctx->md, EVP_sha256(), NULL)) {
		fputs("pyvenv: fatal: cannot initialise SHA-256\n", stderr);
		abort();
	}
	return ctx;
}

void hash_update(struct hash_ctx *ctx, const void *data, size_t len)
{
	assert(ctx);
	EVP_DigestUpdate(ctx->md, data, len);
}

void hash_update_str(struct hash_ctx *ctx, const char *s)
{
	hash_update(ctx, s ? s : "", strlen(s ? s : "") + 1);
}

void hash_final(struct hash_ctx *ctx, unsigned char out[HASH_LEN])
{
	unsigned int n = HASH_LEN;

	EVP_DigestFinal_ex(ctx->md, out, &n);
	EVP_MD_CTX_free(ctx->md);
	free(ctx);
}

void hash_buffer(const void *data, size_t len, unsigned char out[HASH_LEN])
{
	struct hash_ctx *ctx = hash_new();

	hash_update(ctx, data, len);
	hash_final(ctx, out);
}

void hash_record_digest(struct strbuf *out, const unsigned char digest[HASH_LEN])
{
	unsigned char b64[4 * ((HASH_LEN + 2) / 3) + 1];
	int n = EVP_EncodeBlock(b64, digest, HASH_LEN);

	strbuf_addstr(out, "sha256=");
	for (int i = 0; i < n; i++) {
		if (b64[i] == '=')
			break;
		strbuf_addch(out, b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i]);
	}
}

void hash_hex(struct strbuf *out, const unsigned char *digest, size_t len)
{
	for (size_t i = 0; i < len; i++)
		strbuf_addf(out, "%02x", digest[i]);
}
