/*
 * relocate: moves an environment from one prefix to another (seeding from
 * a template, and the scripts pip wrote while it was being built).
 */
#ifndef PYVENV_RELOCATE_H
#define PYVENV_RELOCATE_H

#include "probe.h"
#include "strbuf.h"

#include <stddef.h>

/*
 * Moves the environment at root from old_prefix to new_prefix: the scripts
 * in its bin directory (as relocate_scripts), and every occurrence of
 * old_prefix in the files listed (relative to root), keeping their modes
 * and modification times and updating their RECORD rows. Returns 0 or -1
 * (reported).
 */
int relocate_tree(const char *root, const struct pyinfo *py, const char *old_prefix,
		  const char *new_prefix, char *const *files, size_t nfiles);

/*
 * Appends data/len to out with every occurrence of old_prefix (not empty)
 * replaced by new_prefix; returns how many were replaced.
 */
size_t relocate_replace_prefix(struct strbuf *out, const char *data, size_t len, const char *old_prefix,
			       const char *new_prefix);

/*
 * Rewrites the interpreter of every script in bin_dir that runs an
 * interpreter under old_prefix so that it runs the same path under
 * new_prefix, and updates those scripts' sizes and hashes in the RECORD
 * files under site_packages. Returns 0 or -1 (reported).
 */
int relocate_scripts(const char *bin_dir, const char *site_packages, const char *old_prefix,
		     const char *new_prefix);

#endif
