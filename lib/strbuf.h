/*
 * strbuf: a growable, always NUL-terminated byte buffer (after git's).
 *
 * Invariant: buf is never NULL and buf[len] == '\0'. A strbuf that was never
 * grown points at a shared empty string, so STRBUF_INIT needs no allocation
 * and strbuf_release() on it is a no-op. Allocation failure aborts: there is
 * no sensible recovery for a command-line helper out of memory.
 */
#ifndef PYVENV_STRBUF_H
#define PYVENV_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb);
/* Frees the buffer and leaves sb as STRBUF_INIT. */
void strbuf_release(struct strbuf *sb);
/* Returns the buffer (caller frees) and leaves sb as STRBUF_INIT. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
/* Inserts s at pos (at most the length). */
void strbuf_insertstr(struct strbuf *sb, size_t pos, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/* Appends the whole file; returns 0, or -1 with errno set (nothing reported). */
int strbuf_read_file(struct strbuf *sb, const char *path);
/* Appends everything readable from fd until EOF; 0 or -1 with errno. */
int strbuf_read_fd(struct strbuf *sb, int fd);
/* As strbuf_read_fd() / strbuf_read_file(), but more than max bytes is an
 * error: -1 with errno EFBIG (what was read past max is dropped). */
int strbuf_read_fd_max(struct strbuf *sb, int fd, size_t max);
int strbuf_read_file_max(struct strbuf *sb, const char *path, size_t max);

/* xmalloc-style helpers that abort on failure. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grows the array x, of alloc elements, to hold at least nr (as git's). */
#define ALLOC_GROW(x, nr, alloc)                                              \
	do {                                                                  \
		if ((nr) > (alloc)) {                                         \
			(alloc) = (alloc) < 8 ? 8 : (alloc);                  \
			while ((alloc) < (nr))                                \
				(alloc) *= 2;                                 \
			(x) = xrealloc((x), (alloc) * sizeof(*(x)));          \
		}                                                             \
	} while (0)

/* Returns a newly allocated printf-formatted string. */
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
