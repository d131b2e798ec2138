/*
 * interrupt: how a caller's signal handler stops the calls in progress
 * (pyvenv_cancel() in pyvenv.h).
 *
 * The flag is process-wide by nature: a signal is. Work in progress fails
 * at its next check, through the usual error paths that remove what the run
 * made; each child the library waits for (pip) is sent SIGINT, so that it
 * ends too, after its own clean-up.
 */
#ifndef PYVENV_INTERRUPT_H
#define PYVENV_INTERRUPT_H

#include <sys/types.h>

/* The signal that came, or 0. */
int interrupt_pending(void);

/* A child to pass a signal on to while a thread waits for it: added before
 * the wait, removed after. Returns its slot, or -1 when every slot is taken
 * (the child is then not told). */
int interrupt_add_child(pid_t pid);
void interrupt_remove_child(int slot);

#endif
