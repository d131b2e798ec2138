/*
 * embed: the files of templates/, compiled into the helper at build time
 * (see cmake/PyVenvEmbed.cmake), so the helper needs nothing installed
 * beside it.
 */
#ifndef PYVENV_EMBED_H
#define PYVENV_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const char *data; /* NUL-terminated */
	size_t size;      /* without the NUL */
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The embedded file called name; NULL when there is none. */
const struct embedded_file *embed_find(const char *name);

#endif
