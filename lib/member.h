/*
 * member: the one rule for the names of archive members that are
 * extracted, templates' and wheels' alike.
 */
#ifndef PYVENV_MEMBER_H
#define PYVENV_MEMBER_H

/* Zip archives (wheels): a backslash is a separator elsewhere: refused. */
#define MEMBER_NO_BACKSLASH 1

/*
 * Whether name can be written below a destination: not empty, relative,
 * shorter than PATH_MAX, no empty, "." or ".." part (one trailing '/', a
 * directory's, is allowed). Returns 1 or 0.
 */
int member_name_safe(const char *name, int flags);

#endif
