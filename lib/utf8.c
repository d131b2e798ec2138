/*
 * utf8: validation and decoding by the table of well-formed sequences
 * (Unicode 15, table 3-7).
 */
#include "utf8.h"

/*
 * The length of the sequence a lead byte c starts, and the range its
 * second byte must be in; 0 for a byte that starts nothing.
 */
static size_t utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef) {
		if (c == 0xe0)
			*lo = 0xa0;
		else if (c == 0xed)
			*hi = 0x9f;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (c == 0xf0)
			*lo = 0x90;
		else if (c == 0xf4)
			*hi = 0x8f;
		return 4;
	}
	return 0;
}

size_t utf8_step(const unsigned char *s, size_t len, int *ok)
{
	unsigned char lo, hi;
	const size_t n = utf8_lead(s[0], &lo, &hi);
	size_t k;

	*ok = 0;
	if (!n)
		return 1;
	for (k = 1; k < n; k++) {
		if (k >= len || s[k] < lo || s[k] > hi)
			return k;
		lo = 0x80;
		hi = 0xbf;
	}
	*ok = 1;
	return n;
}

size_t utf8_decode(const unsigned char *s, size_t len, unsigned *cp)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	int ok;
	const size_t n = utf8_step(s, len, &ok);

	if (!ok)
		return 0;
	*cp = s[0] & lead_mask[n];
	for (size_t k = 1; k < n; k++)
		*cp = (*cp << 6) | (s[k] & 0x3fu);
	return n;
}

int utf8_check(const char *s, size_t len, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		int ok;
		const size_t n = utf8_step(u + i, len - i, &ok);

		if (!ok) {
			if (bad)
				*bad = i;
			return -1;
		}
		i += n;
	}
	return 0;
}
