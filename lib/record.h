/*
 * record: the rows of a wheel's RECORD file (PEP 376/PEP 627), a CSV file
 * of `path,hash,size` as Python's csv module writes it: fields may be
 * quoted with '"', a quote inside doubled; rows end with "\n" or "\r\n".
 */
#ifndef PYVENV_RECORD_H
#define PYVENV_RECORD_H

#include "hash.h"
#include "strbuf.h"

#include <stddef.h>

struct record_row {
	struct strbuf path; /* relative to site-packages, '/' separated */
	struct strbuf hash; /* "sha256=<urlsafe base64>", or empty */
	struct strbuf size; /* decimal, or empty */
};

#define RECORD_ROW_INIT { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT }

void record_row_release(struct record_row *row);

/*
 * Reads the row at *pos (within [*pos, end)) into row and moves *pos past
 * it. Returns 1 for a row, 0 at the end, -1 for a malformed row (an
 * unterminated quote, a NUL byte, fewer or more than three fields); *pos
 * then points past it, so a caller may report it and go on.
 */
int record_next(const char **pos, const char *end, struct record_row *row);

/* Appends the row path,hash,size and "\n", each field as csv writes it. */
void record_add_row(struct strbuf *out, const char *path, const char *hash, const char *size);

/* A file whose row a rewrite replaces: its path as RECORD names it (owned
 * by the caller), its new digest and size. */
struct record_update {
	char *path;
	unsigned char digest[HASH_LEN];
	size_t size;
};

/*
 * Appends the RECORD text in/len to out, with the hash and size of every
 * row that names one of the n files of u replaced by that file's (the path
 * written as csv writes it, the line end kept). Every other byte, malformed
 * rows included, is copied as it was. Returns how many rows were replaced.
 */
size_t record_rewrite(struct strbuf *out, const char *in, size_t len, const struct record_update *u,
		      size_t n);

#endif
