/*
 * sign: ed25519 keys and signatures (nettle's hogweed) for the entries of
 * the remote cache.
 *
 * A private key file holds one line, "pyvenv-ed25519-private <64 hex>",
 * and must be the user's own, readable by nobody else (the rule of ssh's
 * private keys). A public key is a line "pyvenv-ed25519 <64 hex> [comment]";
 * a file of trusted keys holds such lines (blank lines and '#' comments
 * allowed) and is believed only when no other user could have written it
 * (owned by root or the user, not writable by group or others, in
 * directories trust.h trusts).
 */
#ifndef PYVENV_SIGN_H
#define PYVENV_SIGN_H

#include "strbuf.h"

#include <stddef.h>

#define SIGN_KEY_LEN 32
#define SIGN_SIG_LEN 64
#define SIGN_PUBLIC_TAG "pyvenv-ed25519"
#define SIGN_PRIVATE_TAG "pyvenv-ed25519-private"

struct sign_key {
	unsigned char secret[SIGN_KEY_LEN], pub[SIGN_KEY_LEN];
};

struct sign_keys {
	unsigned char (*pub)[SIGN_KEY_LEN];
	size_t n;
};

/* Loads a private key file: 0, or -1 with why set. */
int sign_load_private(const char *path, struct sign_key *key, struct strbuf *why);
/* Loads a file of trusted public keys (at least one): 0, or -1 with why set. */
int sign_load_trusted(const char *path, struct sign_keys *keys, struct strbuf *why);
void sign_keys_release(struct sign_keys *keys);
/* Whether pub is one of keys. */
int sign_keys_has(const struct sign_keys *keys, const unsigned char pub[SIGN_KEY_LEN]);

void sign_message(const struct sign_key *key, const void *msg, size_t len, unsigned char sig[SIGN_SIG_LEN]);
/* 1 when sig is pub's signature of msg, else 0. */
int sign_verify(const unsigned char pub[SIGN_KEY_LEN], const void *msg, size_t len,
		const unsigned char sig[SIGN_SIG_LEN]);

/* Writes a new key pair: path (the private key, made new, mode 0600) and
 * path.pub. Neither may exist. 0, or -1 with why set (nothing left). */
int sign_keygen(const char *path, struct strbuf *why);

#endif
