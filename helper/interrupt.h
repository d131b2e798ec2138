/*
 * interrupt: SIGINT, SIGTERM and SIGHUP end a run cleanly.
 *
 * The handler only records the signal and passes it on, as SIGINT, to the
 * child the helper is waiting for (pip), so that the child ends too, after
 * its own clean-up. Work in progress
 * then fails at its next check, through the usual error paths that remove
 * what the run made, and the command exits by the same signal.
 */
#ifndef PYVENV_INTERRUPT_H
#define PYVENV_INTERRUPT_H

#include <sys/types.h>

/* Installs the handlers (the command's main does, once). */
void interrupt_install(void);

/* The signal that came, or 0. */
int interrupt_pending(void);

/* The child to pass a signal on to while the helper waits for it; 0 for
 * none. */
void interrupt_set_child(pid_t pid);

/* When a signal came: says so and ends the process by that signal, with
 * its default action. Returns otherwise. */
void interrupt_exit(void);

#endif
