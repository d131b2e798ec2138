/*
 * utf8: the one UTF-8 decoder, strict as Python's: no surrogates, no
 * overlong forms, nothing past U+10FFFF.
 */
#ifndef PYVENV_UTF8_H
#define PYVENV_UTF8_H

#include <stddef.h>

/*
 * How many bytes of the sequence at [s, s + len) (len >= 1) to take: its
 * full length when it is valid (*ok set), else the maximal invalid subpart,
 * at least 1 (*ok cleared), as Python's "replace" error handler counts.
 */
size_t utf8_step(const unsigned char *s, size_t len, int *ok);

/*
 * Decodes the sequence at [s, s + len) into *cp. Returns its length, or 0
 * when it is not valid.
 */
size_t utf8_decode(const unsigned char *s, size_t len, unsigned *cp);

/*
 * Returns 0 if [s, s + len) is valid UTF-8, else -1 with *bad (may be
 * NULL) set to the offset of the first invalid byte.
 */
int utf8_check(const char *s, size_t len, size_t *bad);

#endif
