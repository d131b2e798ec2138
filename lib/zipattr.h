/*
 * zipattr: the external attributes of a zip's members, read from its
 * central directory. pip decides a wheel member's executable bit from them
 * (the upper 16 bits, whatever system made the zip); libarchive reports
 * them only for zips made on Unix, and gives a regular file a type its
 * attributes do not have.
 */
#ifndef PYVENV_ZIPATTR_H
#define PYVENV_ZIPATTR_H

#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

struct zipattrs {
	struct zipattr {
		char *name;    /* as the central directory spells it */
		uint32_t attr; /* its external file attributes */
	} *v;
	size_t n;
};

#define ZIPATTRS_INIT { NULL, 0 }

/*
 * Reads the central directory of the zip open on fd (zip64 too, and data
 * before the zip, as Python's zipfile takes it): 0, or -1 with why set to
 * what is wrong with it (nothing reported). Names holding a NUL byte are
 * left out.
 */
int zipattrs_read(int fd, struct zipattrs *out, struct strbuf *why);
/* The entry of name, or NULL (one of them if a name is there twice). */
const struct zipattr *zipattrs_find(const struct zipattrs *z, const char *name);
void zipattrs_release(struct zipattrs *z);

/* pip's rule: a mode in the upper bits that is a regular file with an
 * execute bit. */
int zipattr_executable(uint32_t attr);

#endif
