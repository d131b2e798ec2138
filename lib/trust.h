/*
 * trust: what the helper may believe of files that other users could have
 * written.
 *
 * The cache holds files that the helper links into environments and
 * interpreter paths it makes environments run, so a part of it is used only
 * when no other user can have changed it (the rule of ssh's StrictModes):
 *
 *   - every directory on the way from / to it is owned by root or by the
 *     current user and is not writable by group or others, unless it has
 *     the sticky bit (as /tmp), where only an entry's owner can rename or
 *     remove it; a symbolic link on the way is followed only when it is
 *     owned by root or the current user;
 *   - the part itself (a directory or a file) is owned by the current user
 *     and is not writable by group or others.
 *
 * Nothing here prints: a failed check says why in the strbuf it is given.
 */
#ifndef PYVENV_TRUST_H
#define PYVENV_TRUST_H

#include "strbuf.h"

#include <sys/stat.h>

/*
 * 0 when dir is a directory the rule above trusts; else -1, with why set
 * to the reason ("'/srv/cache' is writable by others (mode 0777)"), errno
 * kept from a failed lstat (ENOENT when dir does not exist).
 */
int trust_dir(const char *dir, struct strbuf *why);

/*
 * 0 when st, the lstat() or fstat() of path (which stands in a trusted
 * directory), is a file or directory (of the type asked: S_IFREG or
 * S_IFDIR) owned by the current user and not writable by group or others;
 * else -1 with why set. A symbolic link is never trusted.
 */
int trust_entry(const char *path, const struct stat *st, mode_t type, struct strbuf *why);

/*
 * Prints "ignoring ..." for an untrusted cache part, once per path per
 * process: what names the part ("the cached template"), why says why.
 */
void trust_warn(const char *what, const char *path, const char *why);

#endif
