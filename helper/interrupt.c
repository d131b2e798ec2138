/*
 * interrupt: signal handlers that record, pass on and let the run unwind.
 */
#include "interrupt.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t pending;
static volatile pid_t child;

static void on_signal(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	if (!pending)
		pending = sig;
	/* A signal from the terminal reached the child already (same process
	 * group); one sent to the helper alone is passed on, as SIGINT, which
	 * Python turns into KeyboardInterrupt: pip then removes its temporary
	 * files on the way out (SIGTERM or SIGHUP would end it at once). */
	if (child > 0 && info && info->si_code <= 0)
		kill(child, SIGINT);
}

void interrupt_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: waits return EINTR */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		struct sigaction old;

		/* A signal ignored by whoever started us stays ignored (nohup). */
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

int interrupt_pending(void)
{
	return pending;
}

void interrupt_set_child(pid_t pid)
{
	child = pid;
}

void interrupt_exit(void)
{
	const int sig = pending;
	char line[96];
	int n;

	if (!sig)
		return;
	n = snprintf(line, sizeof(line), "pyvenv: interrupted by %s; what this run made is removed\n",
		     sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "a signal");
	if (n > 0 && write(STDERR_FILENO, line, (size_t)n) < 0)
		n = 0;
	signal(sig, SIG_DFL);
	raise(sig);
}
