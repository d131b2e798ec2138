/*
 * embed: lookup in the table generated from templates/.
 */
#include "embed.h"

#include <assert.h>
#include <string.h>

const struct embedded_file *embed_find(const char *name)
{
	const struct embedded_file *f;

	assert(name);
	for (f = embedded_files; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}
