/*
 * remote: lookups, downloads and uploads of the remote template cache, and
 * its records (remote.h).
 */
#include "remote.h"

#include "download.h"
#include "fsutil.h"
#include "hash.h"
#include "inputs.h"
#include "interrupt.h"
#include "msg.h"
#include "sign.h"
#include "template.h"
#include "version.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_LEN (INPUTS_HEX_LEN - 1)
#define RECORD_MAGIC "pyvenv-remote-cache 1\n"

/* --- the spec ----------------------------------------------------------- */

/* Reads a whole number from lo to hi: 0, or -1. */
static int parse_number(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Whether s may be echoed in a message: a short word, never a piece of
 * a URL's user info cut at a '|'. */
static int echoable(const char *s, size_t n)
{
	if (n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return 0;
	return 1;
}

static int parse_attribute(struct remote *r, const char *attr, struct strbuf *why)
{
	const char *eq = strchr(attr, '=');
	const char *value = eq ? eq + 1 : "";
	const size_t nlen = eq ? (size_t)(eq - attr) : strlen(attr);
	long n;

#define IS(name) (nlen == strlen(name) && !strncmp(attr, name, nlen))
	if (!echoable(attr, nlen) || !echoable(value, strlen(value))) {
		strbuf_addstr(why, "an attribute after '|' is not name=value of letters, digits, '.', '_' or '-' "
				   "(a '|' inside the URL must be written %7C)");
		return -1;
	}
	if (IS("layout") && !strcmp(value, "flat")) {
		r->layout = REMOTE_FLAT;
	} else if (IS("layout") && !strcmp(value, "bazel")) {
		r->layout = REMOTE_BAZEL;
	} else if (IS("layout")) {
		strbuf_addf(why, "layout must be flat or bazel, not '%s'", value);
		return -1;
	} else if (IS("connect-timeout") || IS("stall-timeout") || IS("timeout")) {
		if (parse_number(value, 1, 86400, &n)) {
			strbuf_addf(why, "%.*s must be a number of seconds from 1 to 86400, not '%s'", (int)nlen, attr, value);
			return -1;
		}
		*(IS("timeout") ? &r->http.timeout : IS("stall-timeout") ? &r->http.stall_timeout
								    : &r->http.connect_timeout) = n;
	} else if (IS("retries")) {
		if (parse_number(value, 0, 10, &n)) {
			strbuf_addf(why, "retries must be a number from 0 to 10, not '%s'", value);
			return -1;
		}
		r->http.retries = (int)n;
	} else {
		strbuf_addf(why, "unknown attribute '%.*s' (known: layout, connect-timeout, stall-timeout, timeout, retries)",
			    (int)nlen, attr);
		return -1;
	}
#undef IS
	return 0;
}

int remote_parse(const char *spec, struct remote *r, struct strbuf *why)
{
	const char *bar = strchr(spec, '|');
	const char *token = getenv("PYVENV_REMOTE_CACHE_TOKEN");
	size_t len = bar ? (size_t)(bar - spec) : strlen(spec);
	struct http_config defaults = HTTP_CONFIG_INIT;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	r->http = defaults;
	while (len && spec[len - 1] == '/')
		len--;
	r->base = xstrndup(spec, len);
	if (!http_url_valid(r->base, why))
		ret = -1;
	while (!ret && bar) {
		const char *next = strchr(bar + 1, '|');
		char *attr = next ? xstrndup(bar + 1, (size_t)(next - bar - 1)) : xstrdup(bar + 1);

		ret = parse_attribute(r, attr, why);
		free(attr);
		bar = next;
	}
	if (ret) {
		remote_release(r);
		return -1;
	}
	if (token && *token)
		r->http.bearer = xstrdup(token);
	{
		struct strbuf shown = STRBUF_INIT;

		http_redact(&shown, r->base);
		r->shown = strbuf_detach(&shown);
	}
	return 0;
}

void remote_release(struct remote *r)
{
	free(r->base);
	free(r->shown);
	if (r->http.bearer) {
		memset((char *)r->http.bearer, 0, strlen(r->http.bearer));
		free((char *)r->http.bearer);
	}
	memset(r, 0, sizeof(*r));
}

int remote_write_from_env(struct strbuf *why)
{
	static const char *const yes[] = { "1", "true", "yes", "on" }, *const no[] = { "", "0", "false", "no", "off" };
	const char *v = getenv("PYVENV_REMOTE_CACHE_WRITE");

	if (!v)
		return 0;
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(v, yes[i]))
			return 1;
	for (size_t i = 0; i < 5; i++)
		if (!strcmp(v, no[i]))
			return 0;
	strbuf_addf(why, "PYVENV_REMOTE_CACHE_WRITE must be 1 or 0 (true/false, yes/no, on/off), not '%s'", v);
	return -1;
}

static char *record_url(const struct remote *r, const char *key)
{
	return r->layout == REMOTE_BAZEL ? xstrfmt("%s/ac/%s", r->base, key) : xstrfmt("%s/%s.record", r->base, key);
}

static char *archive_url(const struct remote *r, const unsigned char digest[HASH_LEN])
{
	struct strbuf hex = STRBUF_INIT;
	char *url;

	hash_hex(&hex, digest, HASH_LEN);
	url = r->layout == REMOTE_BAZEL ? xstrfmt("%s/cas/%s", r->base, hex.buf)
					: xstrfmt("%s/%s.tar.zst", r->base, hex.buf);
	strbuf_release(&hex);
	return url;
}

/* --- records ------------------------------------------------------------ */

struct record {
	char key[KEY_LEN + 1];
	unsigned char digest[HASH_LEN];
	long long size;
	int has_archive;
	int signed_by_key;
	unsigned char signer[SIGN_KEY_LEN];
	unsigned char signature[SIGN_SIG_LEN];
	size_t signed_len; /* the bytes the signature covers */
};

/* Writes the record of e for key, signed with key if not NULL. */
static void record_write(struct strbuf *out, const char *key, const struct tcache_entry *e, off_t size,
			 const struct pyinfo *py, const struct sign_key *sk)
{
	strbuf_addstr(out, RECORD_MAGIC);
	strbuf_addf(out, "key %s\n", key);
	strbuf_addstr(out, "archive ");
	hash_hex(out, e->digest, HASH_LEN);
	strbuf_addf(out, " %lld\n", (long long)size);
	strbuf_addstr(out, "made-by pyvenv " PYVENV_VERSION "\n");
	strbuf_addf(out, "python %s %s\n", py->implementation, py->version);
	if (sk) {
		unsigned char sig[SIGN_SIG_LEN];

		strbuf_addstr(out, "signed-by ");
		hash_hex(out, sk->pub, SIGN_KEY_LEN);
		strbuf_addch(out, '\n');
		sign_message(sk, out->buf, out->len, sig);
		strbuf_addstr(out, "signature ");
		hash_hex(out, sig, SIGN_SIG_LEN);
		strbuf_addch(out, '\n');
	}
}

/* Reads "<name> <2*len hex>" (then the end of the line, or a space). */
static int field_hex(const char *line, const char *name, unsigned char *out, size_t len, const char **rest)
{
	const size_t n = strlen(name);

	if (strncmp(line, name, n) || line[n] != ' ' || strnlen(line + n + 1, 2 * len) < 2 * len ||
	    hash_unhex(line + n + 1, out, len))
		return -1;
	*rest = line + n + 1 + 2 * len;
	return 0;
}

/* Parses a record: 0, or -1 with why set. Lines it does not know are
 * skipped (for later versions); none may follow the signature. */
static int record_parse(const struct strbuf *text, struct record *rec, struct strbuf *why)
{
	const char *p = text->buf, *end = text->buf + text->len;

	memset(rec, 0, sizeof(*rec));
	if (memchr(text->buf, 0, text->len) || text->len < strlen(RECORD_MAGIC) ||
	    memcmp(text->buf, RECORD_MAGIC, strlen(RECORD_MAGIC)) || end[-1] != '\n') {
		strbuf_addstr(why, "its record is not one pyvenv wrote");
		return -1;
	}
	for (p += strlen(RECORD_MAGIC); p < end; p = strchr(p, '\n') + 1) {
		const char *rest;

		if (rec->signed_len) {
			strbuf_addstr(why, "its record has lines after its signature");
			return -1;
		}
		if (!strncmp(p, "key ", 4)) {
			const size_t n = strcspn(p + 4, "\n");

			if (n != KEY_LEN) {
				strbuf_addstr(why, "its record's key is malformed");
				return -1;
			}
			memcpy(rec->key, p + 4, n);
		} else if (!strncmp(p, "archive ", 8)) {
			char *num_end;

			if (field_hex(p, "archive", rec->digest, HASH_LEN, &rest) || *rest != ' ' ||
			    (errno = 0, rec->size = strtoll(rest + 1, &num_end, 10), errno) || *num_end != '\n' ||
			    rec->size <= 0) {
				strbuf_addstr(why, "its record's archive line is malformed");
				return -1;
			}
			rec->has_archive = 1;
		} else if (!strncmp(p, "signed-by ", 10)) {
			if (field_hex(p, "signed-by", rec->signer, SIGN_KEY_LEN, &rest) || *rest != '\n') {
				strbuf_addstr(why, "its record's signed-by line is malformed");
				return -1;
			}
			rec->signed_by_key = 1;
		} else if (!strncmp(p, "signature ", 10)) {
			if (!rec->signed_by_key || field_hex(p, "signature", rec->signature, SIGN_SIG_LEN, &rest) ||
			    *rest != '\n') {
				strbuf_addstr(why, "its record's signature is malformed");
				return -1;
			}
			rec->signed_len = (size_t)(p - text->buf);
		}
	}
	if (!rec->key[0] || !rec->has_archive) {
		strbuf_addstr(why, "its record lacks the key or the archive");
		return -1;
	}
	return 0;
}

/* Whether the record may be used for key: 0, or -1 with why set. */
static int record_check(const struct strbuf *text, const struct record *rec, const char *key,
			const struct sign_keys *trusted, struct strbuf *why)
{
	if (strcmp(rec->key, key)) {
		strbuf_addstr(why, "its record is for another key");
		return -1;
	}
	if (rec->size > REMOTE_ARCHIVE_MAX) {
		strbuf_addf(why, "its archive would be larger than %lld GiB", (long long)(REMOTE_ARCHIVE_MAX >> 30));
		return -1;
	}
	if (!trusted)
		return 0;
	if (!rec->signed_len) {
		strbuf_addstr(why, "it is not signed, and PYVENV_REMOTE_CACHE_TRUSTED_KEYS asks for a signature");
		return -1;
	}
	if (!sign_keys_has(trusted, rec->signer)) {
		strbuf_addstr(why, "it is signed by a key that is not in PYVENV_REMOTE_CACHE_TRUSTED_KEYS");
		return -1;
	}
	if (!sign_verify(rec->signer, text->buf, rec->signed_len, rec->signature)) {
		strbuf_addstr(why, "its signature is not valid");
		return -1;
	}
	return 0;
}

/* --- fetching ----------------------------------------------------------- */

/* Downloads the archive rec names into a new temporary file beside e's
 * archive and checks its size and digest: the file's path, or NULL (why). */
static char *download(const struct remote *r, const struct tcache_entry *e, const struct record *rec,
		      struct strbuf *why)
{
	char *url = archive_url(r, rec->digest), *tmpl = xstrfmt("%s.pyvenv-tmp-XXXXXX", e->archive), *tmp;
	unsigned char digest[HASH_LEN];
	off_t got;
	int bad = 0;

	tmp = download_temp(&r->http, url, tmpl, (off_t)rec->size, &got, digest, why);
	if (tmp && (bad = got != (off_t)rec->size))
		strbuf_addf(why, "its archive has %lld bytes, and its record says %lld", (long long)got, rec->size);
	else if (tmp && (bad = memcmp(digest, rec->digest, HASH_LEN) != 0))
		strbuf_addstr(why, "its archive's SHA-256 is not the one its record says");
	if (bad) {
		unlink(tmp);
		free(tmp);
		tmp = NULL;
	}
	free(tmpl);
	free(url);
	return tmp;
}

/* The template's metadata must be for py, as a local one is checked. */
static int check_meta(const char *file, const struct pyinfo *py, struct strbuf *why)
{
	struct template_meta meta;
	int ret;

	memset(&meta, 0, sizeof(meta));
	msg_mute();
	ret = template_read_meta(file, &meta) || template_check_python(&meta, py, file) ? -1 : 0;
	msg_unmute();
	if (ret)
		strbuf_addstr(why, "its archive is no template for this interpreter (its metadata is "
				   "unreadable or names another interpreter)");
	template_meta_release(&meta);
	return ret;
}

/* Loads the trusted keys, if asked for: 0, 1 none asked, -1 (why). */
static int load_trusted(const struct remote *r, struct sign_keys *keys, struct strbuf *why)
{
	if (!r->trusted_keys)
		return 1;
	if (sign_load_trusted(r->trusted_keys, keys, why)) {
		strbuf_insertstr(why, 0, "the trusted keys cannot be used: ");
		return -1;
	}
	return 0;
}

int remote_fetch(const struct remote *r, struct tcache_entry *e, const char *key, const struct pyinfo *py)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	struct sign_keys trusted = { NULL, 0 };
	struct record rec;
	char *url = record_url(r, key), *tmp = NULL;
	int got, have_keys, ret = 0;

	verbose("looking up the template in the remote cache %s", r->shown);
	have_keys = load_trusted(r, &trusted, &why);
	if (have_keys < 0)
		goto warn;
	got = http_get_buf(&r->http, url, &text, REMOTE_RECORD_MAX, &why);
	if (got == HTTP_MISSING) {
		verbose("the remote cache has no template for these inputs");
		goto out;
	}
	if (got != HTTP_OK)
		goto warn;
	if (record_parse(&text, &rec, &why) || record_check(&text, &rec, key, have_keys ? NULL : &trusted, &why)) {
		strbuf_insertstr(&why, 0, "refusing its entry: ");
		goto warn;
	}
	if (!(tmp = download(r, e, &rec, &why)))
		goto warn;
	if (check_meta(tmp, py, &why)) {
		strbuf_insertstr(&why, 0, "refusing its entry: ");
		goto warn;
	}
	if (tcache_adopt(e, tmp, rec.digest, r->shown)) {
		strbuf_addstr(&why, "cannot put its template into the local cache");
		goto warn;
	}
	verbose("downloaded the template from the remote cache (%lld bytes)", rec.size);
	ret = 1;
	goto out;
warn:
	if (!interrupt_pending())
		warning("the remote cache %s was not used: %s; building locally", r->shown, why.buf);
out:
	if (tmp && !ret)
		unlink(tmp);
	free(tmp);
	free(url);
	sign_keys_release(&trusted);
	strbuf_release(&text);
	strbuf_release(&why);
	return ret;
}

/* --- storing ------------------------------------------------------------ */

void remote_store(const struct remote *r, const struct tcache_entry *e, const char *key, const struct pyinfo *py)
{
	struct strbuf why = STRBUF_INIT, record = STRBUF_INIT;
	struct sign_key sk;
	char *aurl = archive_url(r, e->digest), *rurl = record_url(r, key);
	struct stat st;
	int fd = -1, sign = r->signing_key != NULL;

	if (sign && sign_load_private(r->signing_key, &sk, &why)) {
		strbuf_insertstr(&why, 0, "the signing key cannot be used: ");
		goto warn;
	}
	if ((fd = open(e->archive, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st)) {
		strbuf_addf(&why, "cannot read '%s': %s", e->archive, strerror(errno));
		goto warn;
	}
	/* The archive first: a record is never there without it. */
	if (http_put_fd(&r->http, aurl, fd, st.st_size, &why) != HTTP_OK)
		goto warn;
	record_write(&record, key, e, st.st_size, py, sign ? &sk : NULL);
	if (http_put_buf(&r->http, rurl, record.buf, record.len, &why) != HTTP_OK)
		goto warn;
	verbose("stored the template in the remote cache %s%s", r->shown, sign ? " (signed)" : "");
	goto out;
warn:
	if (!interrupt_pending())
		warning("the template could not be stored in the remote cache %s: %s (the environment is complete)",
			r->shown, why.buf);
out:
	if (fd >= 0)
		close(fd);
	memset(&sk, 0, sizeof(sk));
	strbuf_release(&record);
	strbuf_release(&why);
	free(aurl);
	free(rurl);
}
