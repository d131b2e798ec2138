/*
 * pep440: versions and version specifiers as pip's vendored packaging
 * (24.x, as bundled with pip 24; 21.3's answers for valid PEP 440 input
 * are the same) parses and compares them. Only PEP 440 versions: a
 * "legacy" version is invalid here (callers then leave the work to pip).
 */
#ifndef PYVENV_PEP440_H
#define PYVENV_PEP440_H

#include "strbuf.h"

#include <stddef.h>

#define PEP440_MAX_RELEASE 32

struct pep440_version {
	long long epoch;
	long long release[PEP440_MAX_RELEASE];
	size_t nrelease;
	int pre_kind;        /* 0 none, 'a', 'b', 'c' (rc) */
	long long pre;
	int has_post;
	long long post;
	int has_dev;
	long long dev;
	char local[128];     /* normalised local label ("ubuntu.1"), "" for none */
};

/* Parses text (surrounding whitespace allowed, as packaging allows) into v.
 * Returns 0, or -1 for text that is not a PEP 440 version (or has more
 * than PEP440_MAX_RELEASE release parts or a local label too long). */
int pep440_parse(const char *text, struct pep440_version *v);

/* packaging's ordering: <0, 0, >0. */
int pep440_cmp(const struct pep440_version *a, const struct pep440_version *b);

/* A pre-release or development release (Version.is_prerelease). */
int pep440_is_prerelease(const struct pep440_version *v);

/* str(Version(text)): the normal form ("1.0.0a1" for "1.0.0-alpha1"),
 * appended to out. */
void pep440_format(struct strbuf *out, const struct pep440_version *v);

/*
 * SpecifierSet(specifier).contains(version, prereleases=prereleases):
 * specifier is a comma-separated list ("==1.0,>=0.9", "" for any; each of
 * ~=, ==, !=, <=, >=, <, >, ===, with ".*" where PEP 440 allows it),
 * version a version's text. prereleases: 1 true, 0 false, -1 None (the
 * specifier's own rule). Returns 1 when it contains the version, 0 when
 * not, -1 (why appended) when the specifier is invalid. A version that is
 * not PEP 440 is contained only by "===" of the same text.
 */
int pep440_contains(const char *specifier, const char *version, int prereleases, struct strbuf *why);

#endif
