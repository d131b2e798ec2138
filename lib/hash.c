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
	static const char hex[] = "0123456789abcdef";

	strbuf_grow(out, 2 * len);
	for (size_t i = 0; i < len; i++) {
		strbuf_addch(out, hex[digest[i] >> 4]);
		strbuf_addch(out, hex[digest[i] & 15]);
	}
}

int hash_fd(int fd, unsigned char out[HASH_LEN])
{
	struct sha256_ctx sha;
	char buf[64 * 1024];
	ssize_t n;

	sha256_init(&sha);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		sha256_update(&sha, (size_t)n, (const uint8_t *)buf);
	}
	sha256_digest(&sha, HASH_LEN, out);
	return 0;
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
