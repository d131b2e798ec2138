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
 * than PEP440_MAX_RELEASE release parts, a local label too long or a
 * number past LLONG_MAX). */
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

/* --- one specifier, as packaging's Specifier ------------------------------ */

enum pep440_op {
	PEP440_OP_COMPATIBLE,    /* ~= */
	PEP440_OP_EQUAL,         /* == */
	PEP440_OP_NOT_EQUAL,     /* != */
	PEP440_OP_LESS_EQUAL,    /* <= */
	PEP440_OP_GREATER_EQUAL, /* >= */
	PEP440_OP_LESS,          /* < */
	PEP440_OP_GREATER,       /* > */
	PEP440_OP_ARBITRARY,     /* === */
};

struct pep440_specifier {
	enum pep440_op op;
	const char *text;  /* the version as written (stripped), inside the parsed text */
	size_t len;        /* of text, which is not NUL-terminated */
	int wildcard;      /* "==1.0.*" or "!=1.0.*": version holds "1.0" */
	int has_version;   /* version is set: always, but for === of a text that is not PEP 440 */
	struct pep440_version version;
};

/*
 * Parses the len bytes at text as Specifier(text) does (whitespace around
 * it and after the operator allowed). Returns 0 with spec filled (its text
 * points into text, which must outlive spec), or -1 with why (when not
 * NULL) appended to for text that is not a specifier.
 */
int pep440_specifier_parse(const char *text, size_t len, struct pep440_specifier *spec,
			   struct strbuf *why);

/* Specifier.prereleases left None: whether spec names a pre-release (an
 * inclusive operator, ==, >=, <=, ~= or ===, of a pre-release version). */
int pep440_specifier_prereleases(const struct pep440_specifier *spec);

/* Specifier.contains(v, prereleases): 1 or 0; prereleases 1, 0 or -1 (None). */
int pep440_specifier_contains(const struct pep440_specifier *spec, const struct pep440_version *v,
			      int prereleases);

#endif
