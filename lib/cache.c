/*
 * cache: locating the cache directory.
 */
#include "cache.h"

#include "fsutil.h"
#include "msg.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

void cache_warn_unwritable(const char *dir, int err)
{
	if (msg_once("cache unwritable"))
		warning("cannot write to the cache '%s' (%s); working without it", dir, strerror(err));
}

static const char *nonempty_env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

char *cache_dir_resolve(const char *given)
{
	const char *v;

	if (given && *given)
		return fs_abspath(given);
	if ((v = nonempty_env("PYVENV_CACHE_DIR")))
		return fs_abspath(v);
	if ((v = nonempty_env("XDG_CACHE_HOME")) && v[0] == '/')
		return fs_join(v, "pyvenv");
	if ((v = nonempty_env("HOME")))
		return xstrfmt("%s/.cache/pyvenv", v);
	return NULL;
}
