/* pylock: stub, being written. */
#include "pylock.h"

#include <string.h>

int pylock_is_lock_name(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return !strcmp(base, "pylock.toml");
}

int pylock_parse(const char *text, size_t len, const char *name, struct pylock *out, struct strbuf *why)
{
	(void)text;
	(void)len;
	(void)out;
	strbuf_addf(why, "%s: lock files are not read yet", name);
	return -1;
}

void pylock_release(struct pylock *lock)
{
	(void)lock;
}
