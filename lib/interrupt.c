/*
 * interrupt: the cancel flag and the children to pass it on to. Everything
 * here may be called from a signal handler.
 */
#include "interrupt.h"
#include "pyvenv.h"

#include <signal.h>
#include <stdatomic.h>

#define CHILDREN 64

static volatile sig_atomic_t pending;
static atomic_int children[CHILDREN];

int interrupt_pending(void)
{
	return pending;
}

int interrupt_add_child(pid_t pid)
{
	for (int i = 0; i < CHILDREN; i++) {
		int none = 0;

		if (atomic_compare_exchange_strong(&children[i], &none, (int)pid))
			return i;
	}
	return -1;
}

void interrupt_remove_child(int slot)
{
	if (slot >= 0 && slot < CHILDREN)
		atomic_store(&children[slot], 0);
}

void pyvenv_cancel(int sig, int tell_children)
{
	if (!pending)
		pending = sig ? sig : SIGINT;
	if (!tell_children)
		return;
	for (int i = 0; i < CHILDREN; i++) {
		const int pid = atomic_load(&children[i]);

		if (pid > 0)
			kill(pid, SIGINT);
	}
}

int pyvenv_cancelled(void)
{
	return pending;
}
