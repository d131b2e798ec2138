/*
 * inputs: one digest of everything that decides what `create` makes, so a
 * build system can ask "is this environment still what these inputs give?"
 * by content rather than by file times (and, later, key a template cache).
 */
#ifndef PYVENV_INPUTS_H
#define PYVENV_INPUTS_H

#include "hash.h"
#include "probe.h"
#include "options.h"

/* Lowercase hex of the digest, with its NUL. */
#define INPUTS_HEX_LEN (2 * HASH_LEN + 1)

/* For the template cache: only what the template's contents depend on. */
#define INPUTS_CACHE_KEY 1

/* Requirement files larger than this are refused (a clear error, not an
 * exhausted memory: `-r /dev/zero`). */
#define INPUTS_MAX_REQUIREMENTS (16 << 20)

/*
 * Computes the digest for creating env_dir from py with opts: this helper's
 * version and binary, the interpreter's identity, every option, the current
 * directory (relative paths and `--prompt .` depend on it), the contents of
 * the requirement files and of the files they nest, the contents of every
 * local file and directory that a requirement (or --package) names, as pip
 * resolves it (wheels and sdists by hash; directories by their files,
 * version control, compiled files, environments and build trees aside), the
 * listing of local --find-links directories (names, sizes, times), the
 * ${VAR} variables requirement files use, and pip's PIP_* environment.
 * Returns 0, or -1 (reported) when a requirement file cannot be read, is
 * not a regular file, or is larger than INPUTS_MAX_REQUIREMENTS.
 *
 * With INPUTS_CACHE_KEY in flags, the key of the environment's template:
 * without what seeding applies anew (the destination, the current directory,
 * the prompt, the build paths, the requirement files' names) and with this
 * helper's version rather than its binary, so that environments anywhere
 * with the same contents share one template.
 *
 * When report is not NULL (INPUTS_REPORT_INIT, or released), it gets the
 * reason an environment with these inputs must not come from or go into the
 * template cache (a local directory, which pip builds anew; an editable
 * requirement, which links to its project; a requirement file that cannot
 * be read as pip reads it), left empty when it may, and the absolute paths
 * of the files and directories read (for a build system's depfile).
 */
struct inputs_report {
	struct strbuf why_uncacheable;
	char **deps;
	size_t ndeps, alloc;
};

#define INPUTS_REPORT_INIT { STRBUF_INIT, NULL, 0, 0 }

int inputs_digest(const char *env_dir, const struct pyinfo *py, const struct venv_opts *opts,
		  int flags, char hex[INPUTS_HEX_LEN], struct inputs_report *report);
void inputs_report_release(struct inputs_report *report);

/*
 * The local directories pip would search for --find-links: from the
 * --pip-arg list (--find-links=D, --find-links D, -f D, -fD) and from
 * $PIP_FIND_LINKS; URLs other than file:// are skipped. Calls fn for each.
 */
void inputs_find_links(const struct string_list *pip_args, void (*fn)(const char *dir, void *data),
		       void *data);

#endif
