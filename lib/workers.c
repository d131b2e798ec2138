/*
 * workers: n independent jobs on a few threads.
 */
#include "workers.h"

#include "interrupt.h"
#include "msg.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_THREADS 16

size_t workers_count(size_t jobs)
{
	const char *env = getenv("PYVENV_THREADS");
	long n = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;

	if (env && *env) {
		char *end;
		const long v = strtol(env, &end, 10);

		if (*end || v < 1 || v > MAX_THREADS) {
			if (msg_once("PYVENV_THREADS"))
				warning("PYVENV_THREADS is '%s', not a number from 1 to %d: using %ld", env,
					MAX_THREADS, n);
		} else {
			n = v;
		}
	}
	return jobs < (size_t)n ? (jobs ? jobs : 1) : (size_t)n;
}

struct pool {
	pthread_mutex_t lock;
	int (*job)(void *arg, size_t i);
	void *arg;
	struct msg_queue *queue;
	size_t n, next;
	int failed;
};

static void *worker(void *data)
{
	struct pool *p = data;

	msg_queue_enter(p->queue);
	for (;;) {
		size_t i = 0;
		int take, rc;

		pthread_mutex_lock(&p->lock);
		take = !p->failed && p->next < p->n && !interrupt_pending();
		if (take)
			i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (!take)
			break;
		rc = p->job(p->arg, i);
		if (rc) {
			pthread_mutex_lock(&p->lock);
			p->failed = 1;
			pthread_mutex_unlock(&p->lock);
		}
	}
	msg_queue_leave(p->queue);
	return NULL;
}

int workers_run(size_t n, size_t nthreads, int (*job)(void *arg, size_t i), void (*tick)(void *arg),
		void *arg)
{
	struct pool p = { .lock = PTHREAD_MUTEX_INITIALIZER, .job = job, .arg = arg, .n = n };
	pthread_t threads[MAX_THREADS];
	size_t started = 0;

	if (!n)
		return 0;
	if (nthreads > MAX_THREADS)
		nthreads = MAX_THREADS;
	p.queue = msg_queue_new();
	while (started < nthreads && !pthread_create(&threads[started], NULL, worker, &p))
		started++;
	if (!started) {
		msg_queue_free(p.queue);
		return error("cannot start a thread to write the files");
	}
	while (msg_queue_forward(p.queue, 100) < started)
		if (tick)
			tick(arg);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	msg_queue_free(p.queue);
	pthread_mutex_destroy(&p.lock);
	return p.failed || interrupt_pending() ? -1 : 0;
}
