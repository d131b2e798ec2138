/*
 * lock: exclusive advisory locks on a lock file, held on one descriptor.
 *
 * flock(2) locks belong to the open file description, so closing any other
 * descriptor of the same file (as POSIX fcntl locks would) cannot drop them,
 * and the kernel releases them when the process dies, even by SIGKILL.
 */
#ifndef PYVENV_LOCK_H
#define PYVENV_LOCK_H

/*
 * Opens (creating) path and takes an exclusive lock on it, waiting for
 * another holder with a message when it has to wait. Returns the descriptor
 * to pass to lock_release(), or -1 (reported).
 */
int lock_acquire(const char *path, const char *what);
void lock_release(int fd);

#endif
