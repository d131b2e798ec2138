/*
 * wheelname: what a wheel's file name says (PEP 427, as pip's Wheel class
 * reads it) and project names as PEP 503 compares them.
 */
#ifndef PYVENV_WHEELNAME_H
#define PYVENV_WHEELNAME_H

#include <stddef.h>

struct wheelname {
	char *name;      /* as in the file name, '_' turned into '-' (pip's Wheel.name) */
	char *canonical; /* PEP 503: lowercase, runs of -_. one '-' */
	char *version;   /* '_' turned into '-' */
	char *build;     /* the build tag, or NULL */
	long build_num;  /* its leading number (pip sorts by (number, rest)) */
	char **tags;     /* "py3-none-any", every combination of the compressed sets */
	size_t ntags;
};

#define WHEELNAME_INIT { NULL, NULL, NULL, NULL, 0, NULL, 0 }

/* Parses the base name of path ("pkg-1.0-py3-none-any.whl"); 0, or -1
 * (nothing reported) for a name that is not a wheel's. */
int wheelname_parse(const char *path, struct wheelname *out);
void wheelname_release(struct wheelname *w);

/* The PEP 503 form of a project name (caller frees). */
char *wheelname_canonical(const char *name);
/* Whether a and b name the same project. */
int wheelname_same_project(const char *a, const char *b);

/* The best (lowest) index in the interpreter's supported tags (most
 * preferred first) of any of the wheel's tags, or -1 when it supports none. */
long wheelname_rank(const struct wheelname *w, const char *const *supported, size_t nsupported);

#endif
