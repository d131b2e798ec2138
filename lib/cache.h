/*
 * cache: where the helper keeps what it can reuse (interpreter probes now,
 * environment templates later).
 */
#ifndef PYVENV_CACHE_H
#define PYVENV_CACHE_H

/*
 * The cache directory: --cache-dir if given, else $PYVENV_CACHE_DIR, else
 * $XDG_CACHE_HOME/pyvenv, else $HOME/.cache/pyvenv; NULL when none can be
 * found (no HOME). Caller frees.
 */
char *cache_dir_resolve(const char *given);

/*
 * Says that dir (in the cache) cannot be written, for the reason err, and
 * that the run goes on without the cache: once per process, whichever part
 * of the cache finds it first.
 */
void cache_warn_unwritable(const char *dir, int err);

#endif
