/*
 * workers: n independent jobs on a few threads, for the writers that gain
 * from them (native installs, --link-mode copy). The calling thread passes
 * the workers' messages on (msg.h's queue) and may say progress meanwhile.
 */
#ifndef PYVENV_WORKERS_H
#define PYVENV_WORKERS_H

#include <stddef.h>

/*
 * How many threads write files: PYVENV_THREADS (1 to 16; another value is
 * warned about once and ignored), else two where there are two processors
 * or more, else one; never more than jobs.
 */
size_t workers_count(size_t jobs);

/*
 * Runs job(arg, i) for every i below n on nthreads threads, taking the i
 * in order. After a job fails (returns non-zero, reported) or an interrupt,
 * no new job starts. While the jobs run, tick(arg) is called on the calling
 * thread about ten times a second (tick may be NULL). 0, or -1 when a job
 * failed, the run was interrupted, or no thread could start (reported).
 */
int workers_run(size_t n, size_t nthreads, int (*job)(void *arg, size_t i), void (*tick)(void *arg),
		void *arg);

#endif
