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

/* The values of the marker variables for one interpreter (PEP 508's
 * environment markers; the probe reports them). */
struct pep508_env {
	const char *os_name, *sys_platform, *platform_machine, *platform_python_implementation,
		*platform_release, *platform_system, *platform_version, *python_version,
		*python_full_version, *implementation_name, *implementation_version;
};

/*
 * Evaluates the marker text for env, as pip's vendored packaging (24.x)
 * does: a comparison of versions where both sides make a specifier
 * (python_version >= "3.8" is Specifier(">=3.8").contains("3.11",
 * prereleases=True)), else of strings (==, !=, in, not in; <, <=, >, >=
 * lexicographically); `extra` compared by its normalised name with extra
 * (NULL or "" for none, as packaging's {"extra": ""}). Returns 1 (true),
 * 0 (false), or -1 with why appended when the marker is invalid.
 */
int pep508_marker_eval(const char *marker, const struct pep508_env *env, const char *extra,
		       struct strbuf *why);

#endif
