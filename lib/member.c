/*
 * member: names of archive members, checked by one rule.
 */
#include "member.h"

#include <limits.h>
#include <string.h>

int member_name_safe(const char *name, int flags)
{
	const char *p = name;

	if (!*name || *name == '/' || strlen(name) >= PATH_MAX)
		return 0;
	if ((flags & MEMBER_NO_BACKSLASH) && strchr(name, '\\'))
		return 0;
	while (*p) {
		const char *slash = strchrnul(p, '/');
		const size_t len = (size_t)(slash - p);

		if (!len || (len == 1 && *p == '.') || (len == 2 && !strncmp(p, "..", 2)))
			return 0;
		p = *slash ? slash + 1 : slash;
	}
	return 1;
}
