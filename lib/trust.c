/*
 * trust: the ownership and mode checks of cache parts.
 *
 * trust_dir() walks the path as the kernel resolves it, one component at a
 * time: "." is skipped, ".." goes to the parent of the (physical) directory
 * reached so far, and a symbolic link is replaced by its target, so every
 * directory the kernel would pass through is checked, none more.
 */
#include "trust.h"

#include "msg.h"

#include <errno.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_LINKS 40

/* A directory on the way: owned by root or us, and only writable by
 * others when sticky. */
static int check_ancestor(const char *path, const struct stat *st, struct strbuf *why)
{
	if (!S_ISDIR(st->st_mode)) {
		strbuf_addf(why, "'%s' is not a directory", path);
		errno = ENOTDIR;
		return -1;
	}
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		strbuf_addf(why, "'%s' belongs to another user (uid %ju)", path, (uintmax_t)st->st_uid);
		return -1;
	}
	if ((st->st_mode & 022) && !(st->st_mode & S_ISVTX)) {
		strbuf_addf(why, "'%s' is writable by %s (mode %04o)", path,
			    st->st_mode & 002 ? "others" : "its group", (unsigned)(st->st_mode & 07777));
		return -1;
	}
	return 0;
}

int trust_entry(const char *path, const struct stat *st, mode_t type, struct strbuf *why)
{
	if ((st->st_mode & S_IFMT) != type) {
		strbuf_addf(why, "'%s' is %s", path, S_ISLNK(st->st_mode) ? "a symbolic link"
			    : type == S_IFDIR ? "not a directory" : "not a regular file");
		return -1;
	}
	if (st->st_uid != geteuid()) {
		strbuf_addf(why, "'%s' belongs to another user (uid %ju)", path, (uintmax_t)st->st_uid);
		return -1;
	}
	if (st->st_mode & 022) {
		strbuf_addf(why, "'%s' is writable by %s (mode %04o)", path,
			    st->st_mode & 002 ? "others" : "its group", (unsigned)(st->st_mode & 07777));
		return -1;
	}
	return 0;
}

/* Moves the first component of *rest (past any slashes) into comp. */
static void next_component(const char **rest, struct strbuf *comp)
{
	const char *p = *rest + strspn(*rest, "/");
	const size_t n = strcspn(p, "/");

	strbuf_reset(comp);
	strbuf_add(comp, p, n);
	*rest = p + n;
}

static int last_component(const char *rest)
{
	return !rest[strspn(rest, "/")];
}

/* Replaces the text still to walk by target + what followed the link. */
static int follow(struct strbuf *todo, const char *rest, const char *link, struct strbuf *cur,
		  struct strbuf *why)
{
	char target[PATH_MAX];
	const ssize_t n = readlink(link, target, sizeof(target) - 1);
	struct strbuf next = STRBUF_INIT;

	if (n < 0) {
		strbuf_addf(why, "cannot read the link '%s': %s", link, strerror(errno));
		return -1;
	}
	target[n] = '\0';
	if (target[0] == '/')
		strbuf_setlen(cur, 0);
	strbuf_addf(&next, "%s%s", target, rest);
	strbuf_release(todo);
	*todo = next;
	return 0;
}

static void to_parent(struct strbuf *cur)
{
	char *slash = strrchr(cur->buf, '/');

	strbuf_setlen(cur, slash ? (size_t)(slash - cur->buf) : 0);
}

int trust_dir(const char *dir, struct strbuf *why)
{
	struct strbuf todo = STRBUF_INIT, cur = STRBUF_INIT, comp = STRBUF_INIT;
	const char *rest;
	struct stat st;
	int links = 0, ret = -1, err = EPERM; /* errno on failure: EPERM, unless a call failed */

	if (dir[0] != '/') {
		char *cwd = getcwd(NULL, 0);

		if (!cwd) {
			strbuf_addf(why, "cannot determine the current directory: %s", strerror(errno));
			return -1;
		}
		strbuf_addf(&todo, "%s/", cwd);
		free(cwd);
	}
	strbuf_addstr(&todo, dir);
	if (lstat("/", &st) || check_ancestor("/", &st, why))
		goto out;
	rest = todo.buf;
	for (;;) {
		int last;

		next_component(&rest, &comp);
		if (!comp.len)
			break;
		if (!strcmp(comp.buf, "."))
			continue;
		if (!strcmp(comp.buf, "..")) {
			to_parent(&cur);
			continue;
		}
		last = last_component(rest);
		strbuf_addf(&cur, "/%s", comp.buf);
		if (lstat(cur.buf, &st)) {
			err = errno;
			strbuf_addf(why, "cannot examine '%s': %s", cur.buf, strerror(err));
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			if (st.st_uid != 0 && st.st_uid != geteuid()) {
				strbuf_addf(why, "'%s' is a symbolic link of another user (uid %ju)", cur.buf,
					    (uintmax_t)st.st_uid);
				goto out;
			}
			if (++links > MAX_LINKS) {
				strbuf_addf(why, "too many symbolic links in '%s'", dir);
				err = ELOOP;
				goto out;
			}
			{
				char *link = xstrdup(cur.buf);
				int r;

				to_parent(&cur);
				r = follow(&todo, rest, link, &cur, why);
				free(link);
				if (r) {
					err = errno;
					goto out;
				}
			}
			rest = todo.buf;
			continue;
		}
		if (last ? trust_entry(cur.buf, &st, S_IFDIR, why) : check_ancestor(cur.buf, &st, why))
			goto out;
	}
	ret = 0;
out:
	strbuf_release(&todo);
	strbuf_release(&cur);
	strbuf_release(&comp);
	/* Callers tell "not there" (ENOENT) from "not to be trusted" by it,
	 * whatever a library call before left in errno. */
	if (ret)
		errno = err;
	return ret;
}

void trust_warn(const char *what, const char *path, const char *why)
{
	if (!msg_once(path))
		return;
	/* "'<path>' is ..." about the part itself reads "it is ...". */
	if (why[0] == '\'' && !strncmp(why + 1, path, strlen(path)) && !strncmp(why + 1 + strlen(path), "' ", 2))
		warning("ignoring %s '%s': it %s", what, path, why + strlen(path) + 3);
	else
		warning("ignoring %s '%s': %s", what, path, why);
}
