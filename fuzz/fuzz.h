/*
 * fuzz: what the fuzz targets share.
 *
 * Each target defines libFuzzer's LLVMFuzzerTestOneInput(). Built with
 * PYVENV_FUZZ (clang), libFuzzer drives it; built without, replay.c's main
 * runs it once on each file it is given, so the normal build replays the
 * corpus and the regression inputs.
 *
 * FUZZ_CHECK states an invariant of the code under test: when it does not
 * hold, the target prints it and aborts, which libFuzzer reports as a crash
 * (NDEBUG or not). Messages of the helper are muted unless
 * PYVENV_FUZZ_VERBOSE is set, so that fuzzing is not spent printing.
 */
#ifndef PYVENV_FUZZ_H
#define PYVENV_FUZZ_H

#include "msg.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))

static inline __attribute__((noreturn)) void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
	abort();
}

/* Mutes the helper's messages, once, unless PYVENV_FUZZ_VERBOSE is set. */
static inline void fuzz_quiet(void)
{
	static int done;

	if (!done && !getenv("PYVENV_FUZZ_VERBOSE"))
		msg_mute();
	done = 1;
}

#endif
