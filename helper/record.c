/*
 * record: RECORD rows.
 */
#include "record.h"

#include <string.h>

void record_row_release(struct record_row *row)
{
	strbuf_release(&row->path);
	strbuf_release(&row->hash);
	strbuf_release(&row->size);
}

int record_next(const char **pos, const char *end, struct record_row *row)
{
	struct strbuf *fields[3] = { &row->path, &row->hash, &row->size };
	const char *p = *pos;
	size_t nfield = 0;
	int bad = 0;

	strbuf_reset(&row->path);
	strbuf_reset(&row->hash);
	strbuf_reset(&row->size);
	/* Blank lines are not rows (csv.reader skips them). */
	while (p < end && (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')))
		p += *p == '\r' ? 2 : 1;
	if (p >= end) {
		*pos = end;
		return 0;
	}
	for (;;) {
		struct strbuf *f = nfield < 3 ? fields[nfield] : NULL;

		nfield++;
		if (p < end && *p == '"') {
			/* A quoted field: up to the lone closing quote. */
			for (p++;; p++) {
				if (p >= end) {
					*pos = end;
					return -1;
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						p++;
					} else {
						p++;
						break;
					}
				}
				if (!*p)
					bad = 1;
				if (f)
					strbuf_addch(f, *p);
			}
		}
		/* The unquoted field, or what follows a closing quote. */
		while (p < end && *p != ',' && *p != '\n' && !(*p == '\r' && p + 1 < end && p[1] == '\n')) {
			if (!*p)
				bad = 1;
			if (f)
				strbuf_addch(f, *p);
			p++;
		}
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		break;
	}
	if (p < end && *p == '\r')
		p++;
	if (p < end && *p == '\n')
		p++;
	*pos = p;
	return bad || nfield != 3 ? -1 : 1;
}
