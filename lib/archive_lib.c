/*
 * archive_lib: dlopen() of libarchive by the soname it was built against
 * (PYVENV_LIBARCHIVE_SONAME, from the build), and dlsym() of each function.
 */
#define PYVENV_ARCHIVE_LIB_IMPL
#include "archive_lib.h"

#include "msg.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

#ifndef PYVENV_LIBARCHIVE_SONAME
#define PYVENV_LIBARCHIVE_SONAME "libarchive.so.13"
#endif

static struct pv_archive_api api;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;           /* 1 loaded, -1 failed */
static char failure[512];    /* why, for every caller to report */

static void load(void)
{
	void *h = dlopen(PYVENV_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);

	loaded = -1;
	if (!h) {
		snprintf(failure, sizeof(failure), "cannot load %s: %s", PYVENV_LIBARCHIVE_SONAME, dlerror());
		return;
	}
#define X(f)                                                                               \
	*(void **)&api.f = dlsym(h, #f);                                                   \
	if (!api.f) {                                                                      \
		snprintf(failure, sizeof(failure), "%s has no %s: a libarchive older than 3.3?", \
			 PYVENV_LIBARCHIVE_SONAME, #f);                                    \
		return;                                                                    \
	}
	PV_ARCHIVE_FUNCTIONS(X)
#undef X
	/* h stays open: the functions are used until the process ends. */
	loaded = 1;
}

int archive_lib_load(void)
{
	pthread_once(&once, load);
	if (loaded > 0)
		return 0;
	error("%s", failure);
	hint("install libarchive (Debian: apt-get install libarchive13)");
	return -1;
}

const struct pv_archive_api *archive_lib(void)
{
	if (loaded <= 0)
		abort(); /* a module used libarchive before archive_lib_load() */
	return &api;
}
