/*
 * fsutil: file-system helpers shared by every module.
 *
 * Functions that can fail report through error()/error_errno() and return -1,
 * except the predicates (fs_exists...), which only answer.
 */
#ifndef PYVENV_FSUTIL_H
#define PYVENV_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Absolute, lexically normalized path (no symlinks resolved), as Python's
 * os.path.abspath(); caller frees. NULL (reported) if the cwd is unknown. */
char *fs_abspath(const char *path);
/* a + "/" + b; caller frees. */
char *fs_join(const char *a, const char *b);
/* Last component / everything before it (as os.path.basename/dirname of a
 * normalized absolute path); caller frees. */
char *fs_basename(const char *path);
char *fs_dirname(const char *path);

/* The relative path from directory base to path, both absolute and
 * normalized ("../../../bin/pip"); caller frees. */
char *fs_relpath(const char *path, const char *base);

/* 1 if something (even a dangling symlink) is at path, else 0. */
int fs_exists(const char *path);
/* 1 if path is a directory (following symlinks), else 0. */
int fs_is_dir(const char *path);
/* 1 if the directory is empty, 0 if not, -1 (reported) on error. */
int fs_dir_is_empty(const char *path);

/* mkdir -p; existing directories are fine. */
int fs_mkdir_p(const char *path, mode_t mode);
/* Writes all len bytes to fd, going on after short writes. Returns 0, or -1
 * with errno set (nothing reported). */
int fs_write_all(int fd, const void *data, size_t len);
/*
 * A name for something made beside a file called name (a temporary file, a
 * lock): prefix + name + suffix, with name cut short (at a UTF-8 character
 * boundary, then "~" and 8 hex digits of a hash of the whole name) where
 * the whole would not fit in NAME_MAX bytes, so that every name the file
 * system takes gets its sibling. suffix may end in "XXXXXX" for mkstemp().
 * Caller frees.
 */
char *fs_sibling_name(const char *prefix, const char *name, const char *suffix);
/* The same beside path: its directory joined with that name. Caller frees. */
char *fs_sibling_path(const char *path, const char *prefix, const char *suffix);
/*
 * mkdtemp() with a mode (the umask applies, as for mkdir): template ends in
 * "XXXXXX". Returns the new directory's path (caller frees), or NULL with
 * errno set (nothing reported).
 */
char *fs_mkdtemp(const char *template, mode_t mode);
/* Creates or truncates path with exactly data; a symbolic link at path is
 * replaced by the file, not followed. */
int fs_write_file(const char *path, const void *data, size_t len, mode_t mode);
/* Writes data to a temporary file beside path, then renames it over path,
 * so readers see the old or the new content, never a part. */
int fs_replace_file(const char *path, const void *data, size_t len, mode_t mode);
/* Copies a regular file's content and permission bits to dst (replacing). */
int fs_copy_file(const char *src, const char *dst);
/* Creates a symlink, replacing whatever non-directory is at linkpath. */
int fs_symlink(const char *target, const char *linkpath);
/* rm -rf; a missing path is fine. */
int fs_remove_tree(const char *path);
/* Removes each entry of dir for which match(name, path, arg) is true (a
 * missing dir has none): 0, or -1 (reported) when one cannot be removed
 * (the others still are). */
int fs_unlink_matching(const char *dir, int (*match)(const char *name, const char *path, void *arg), void *arg);

#endif
