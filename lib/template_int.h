/*
 * template_int: what the template modules (template.c, template_pack.c,
 * template_extract.c) share, not for other modules.
 */
#ifndef PYVENV_TEMPLATE_INT_H
#define PYVENV_TEMPLATE_INT_H

#include "msg.h"

struct archive;


/*
 * Reports what failed in a: "<what>: <libarchive's message>", and the
 * system's reason with its hint when libarchive has one its message does
 * not say ("Write failed: No space left on device"). Returns -1.
 */
int template_archive_failed(struct archive *a, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
