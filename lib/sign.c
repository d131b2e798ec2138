/*
 * sign: ed25519 key files, signatures and key generation.
 */
#include "sign.h"

#include "fsutil.h"
#include "hash.h"
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/eddsa.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads "<tag> <64 hex>" at the start of line into key; 0 or -1. */
static int parse_key_line(const char *line, const char *tag, unsigned char key[SIGN_KEY_LEN])
{
	const size_t tlen = strlen(tag);
	const char *hex = line + tlen + 1;

	if (strncmp(line, tag, tlen) || line[tlen] != ' ' || strlen(hex) < 2 * SIGN_KEY_LEN ||
	    hash_unhex(hex, key, SIGN_KEY_LEN))
		return -1;
	hex += 2 * SIGN_KEY_LEN;
	return *hex == 0 || *hex == '\n' || *hex == ' ' || *hex == '\t' ? 0 : -1;
}

/* Reads a small key file through an fd checked by check: 0 or -1 (why). */
static int read_key_file(const char *path, struct strbuf *out, int private, struct strbuf *why)
{
	struct stat st;
	char *dir = fs_dirname(path);
	int fd = -1, ret = -1;

	if (trust_dir(dir, why))
		goto out;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 || fstat(fd, &st)) {
		strbuf_addf(why, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		strbuf_addf(why, "'%s' is not a regular file", path);
	} else if (private && (st.st_uid != geteuid() || st.st_mode & 077)) {
		strbuf_addf(why, "'%s' must be yours and readable only by you (mode %04o)", path,
			    (unsigned)(st.st_mode & 07777));
	} else if (!private && ((st.st_uid != 0 && st.st_uid != geteuid()) || st.st_mode & 022)) {
		strbuf_addf(why, "'%s' could have been written by another user: it must be yours or root's, "
			    "and writable by nobody else", path);
	} else if (strbuf_read_fd_max(out, fd, 1 << 20) < 0) {
		strbuf_addf(why, "cannot read '%s': %s", path, errno == EFBIG ? "larger than 1 MiB" : strerror(errno));
	} else {
		ret = 0;
	}
out:
	if (fd >= 0)
		close(fd);
	free(dir);
	return ret;
}

int sign_load_private(const char *path, struct sign_key *key, struct strbuf *why)
{
	struct strbuf text = STRBUF_INIT;
	int ret = read_key_file(path, &text, 1, why);

	if (!ret && parse_key_line(text.buf, SIGN_PRIVATE_TAG, key->secret)) {
		strbuf_addf(why, "'%s' is not a private key made by `pyvenv cache keygen`", path);
		ret = -1;
	}
	if (!ret)
		ed25519_sha512_public_key(key->pub, key->secret);
	memset(text.buf, 0, text.len);
	strbuf_release(&text);
	return ret;
}

int sign_load_trusted(const char *path, struct sign_keys *keys, struct strbuf *why)
{
	struct strbuf text = STRBUF_INIT;
	size_t lineno = 0;
	int ret = read_key_file(path, &text, 0, why);

	memset(keys, 0, sizeof(*keys));
	for (char *line = text.buf, *next; !ret && line && *line; line = next) {
		unsigned char pub[SIGN_KEY_LEN];

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		lineno++;
		line += strspn(line, " \t\r");
		if (!*line || *line == '#')
			continue;
		if (parse_key_line(line, SIGN_PUBLIC_TAG, pub)) {
			strbuf_addf(why, "'%s', line %zu: not a public key made by `pyvenv cache keygen`", path, lineno);
			ret = -1;
			break;
		}
		keys->pub = xrealloc(keys->pub, (keys->n + 1) * sizeof(*keys->pub));
		memcpy(keys->pub[keys->n++], pub, SIGN_KEY_LEN);
	}
	if (!ret && !keys->n) {
		strbuf_addf(why, "'%s' holds no public key", path);
		ret = -1;
	}
	if (ret)
		sign_keys_release(keys);
	strbuf_release(&text);
	return ret;
}

void sign_keys_release(struct sign_keys *keys)
{
	free(keys->pub);
	memset(keys, 0, sizeof(*keys));
}

int sign_keys_has(const struct sign_keys *keys, const unsigned char pub[SIGN_KEY_LEN])
{
	for (size_t i = 0; i < keys->n; i++)
		if (!memcmp(keys->pub[i], pub, SIGN_KEY_LEN))
			return 1;
	return 0;
}

void sign_message(const struct sign_key *key, const void *msg, size_t len, unsigned char sig[SIGN_SIG_LEN])
{
	ed25519_sha512_sign(key->pub, key->secret, len, msg, sig);
}

int sign_verify(const unsigned char pub[SIGN_KEY_LEN], const void *msg, size_t len,
		const unsigned char sig[SIGN_SIG_LEN])
{
	return ed25519_sha512_verify(pub, len, msg, sig) ? 1 : 0;
}

/* Writes text to a new file path (O_EXCL) with mode: 0, or -1 (why). */
static int write_new(const char *path, const struct strbuf *text, mode_t mode, struct strbuf *why)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);

	if (fd < 0) {
		strbuf_addf(why, "cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fchmod(fd, mode) || fs_write_all(fd, text->buf, text->len) || fsync(fd) || close(fd)) {
		strbuf_addf(why, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return 0;
}

int sign_keygen(const char *path, struct strbuf *why)
{
	struct sign_key key;
	struct strbuf priv = STRBUF_INIT, pub = STRBUF_INIT;
	char *pubpath = xstrfmt("%s.pub", path);
	int ret = -1;

	if (getrandom(key.secret, sizeof(key.secret), 0) != (ssize_t)sizeof(key.secret)) {
		strbuf_addf(why, "cannot get random bytes: %s", strerror(errno));
		goto out;
	}
	ed25519_sha512_public_key(key.pub, key.secret);
	strbuf_addstr(&priv, SIGN_PRIVATE_TAG " ");
	hash_hex(&priv, key.secret, SIGN_KEY_LEN);
	strbuf_addch(&priv, '\n');
	strbuf_addstr(&pub, SIGN_PUBLIC_TAG " ");
	hash_hex(&pub, key.pub, SIGN_KEY_LEN);
	strbuf_addch(&pub, '\n');
	if (!access(pubpath, F_OK) || errno != ENOENT) {
		strbuf_addf(why, "'%s' exists already", pubpath);
		goto out;
	}
	if (write_new(path, &priv, 0600, why))
		goto out;
	if (write_new(pubpath, &pub, 0644, why)) {
		unlink(path);
		goto out;
	}
	ret = 0;
out:
	memset(&key, 0, sizeof(key));
	memset(priv.buf, 0, priv.len);
	strbuf_release(&priv);
	strbuf_release(&pub);
	free(pubpath);
	return ret;
}
