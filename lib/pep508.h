/*
 * pep508: requirement strings and environment markers as pip 23.2 parses
 * them, that is, as its vendored packaging 21.3 does: a pyparsing grammar
 * (ordered choice, no backtracking between alternatives, ASCII whitespace
 * skipped between tokens), PEP 440 and "legacy" version specifiers, URL
 * checks after the parse. The result is only what the caller needs; markers
 * are checked, not evaluated.
 */
#ifndef PYVENV_PEP508_H
#define PYVENV_PEP508_H

#include "strbuf.h"

struct pep508 {
	char *name;       /* as written */
	char *url;        /* after '@', or NULL */
	char *specifier;  /* as SpecifierSet gets it ("==1.0,>=0.9"), or NULL for none */
	char *marker;     /* the marker text, or NULL */
};

#define PEP508_INIT { NULL, NULL, NULL, NULL }

/*
 * Parses text as packaging's Requirement(text). Returns 0 with out filled,
 * or -1 with why appended to (out left empty, nothing reported).
 */
int pep508_parse(const char *text, struct pep508 *out, struct strbuf *why);
/* Checks text as packaging's Marker(text); 0, or -1 with why appended to. */
int pep508_check_marker(const char *text, struct strbuf *why);
void pep508_release(struct pep508 *r);

#endif
