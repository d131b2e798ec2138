/*
 * pep508: requirement strings and environment markers as pip 23.2 parses
 * them, that is, as its vendored packaging 21.3 does: a pyparsing grammar
 * (ordered choice, no backtracking between alternatives, ASCII whitespace
 * skipped between tokens), PEP 440 and "legacy" version specifiers, URL
 * checks after the parse. The result is only what the caller needs. Markers
 * are checked with that grammar and evaluated as packaging 24 evaluates
 * them (pep508_marker_eval()).
 */
#ifndef PYVENV_PEP508_H
#define PYVENV_PEP508_H

#include "strbuf.h"

struct pep508 {
	char *name;       /* as written */
	char *url;        /* after '@', or NULL */
	char *specifier;  /* as SpecifierSet gets it ("==1.0,>=0.9"), or NULL for none */
	char *marker;     /* the marker text, or NULL */
	char **extras;    /* the names inside "[...]", as written and in order */
	size_t nextras;
};

#define PEP508_INIT { NULL, NULL, NULL, NULL, NULL, 0 }

/*
 * Parses text as packaging's Requirement(text). Returns 0 with out filled,
 * or -1 with why appended to (out left empty, nothing reported).
 */
int pep508_parse(const char *text, struct pep508 *out, struct strbuf *why);
/* Checks text as packaging's Marker(text); 0, or -1 with why appended to. */
int pep508_check_marker(const char *text, struct strbuf *why);
void pep508_release(struct pep508 *r);

/* The values of the marker variables for one interpreter (PEP 508's
 * environment markers; the probe reports them). A NULL one is "". */
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
 * 0 (false), or -1 with why appended when the marker is invalid or cannot
 * be evaluated where packaging raises: a version comparison whose left side
 * is not a version (platform_release >= "5" with "6.1.0-18-amd64"), ~= or
 * === between strings, a string on the left with a string on the right that
 * names no variable. The old dotted names (os.name, ...) and
 * python_implementation are their PEP 508 variables. Strings are taken as
 * written (packaging 24 decodes Python escapes in them).
 */
int pep508_marker_eval(const char *marker, const struct pep508_env *env, const char *extra,
		       struct strbuf *why);

#endif
