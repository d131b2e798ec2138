/*
 * lock: advisory locks (flock), each held on one descriptor: exclusive, or
 * shared among readers of a lock file.
 *
 * flock(2) locks belong to the open file description, so closing another
 * descriptor of the same file (as POSIX fcntl locks would) cannot drop
 * them, and the kernel releases them when the process dies, even by
 * SIGKILL. Two kinds:
 *
 *   - a lock file, made for the lock (mode 0600, so no other user can open
 *     it and hold it; never opened through a symbolic link). Its holder
 *     removes it before letting go, so a run that ends leaves nothing
 *     behind; a waiter then granted the lock on the removed file sees that
 *     the path no longer names it and starts over.
 *   - a directory, locked on a descriptor of the directory itself.
 *
 * A run that has to wait says so after LOCK_NOTICE_MS, naming the lock and,
 * where /proc/locks tells, the process that holds it.
 */
#ifndef PYVENV_LOCK_H
#define PYVENV_LOCK_H

#define LOCK_NOTICE_MS 1500

/*
 * Locks the lock file at path (creating it), waiting for another holder;
 * what says what is locked, for the waiting message. Returns the
 * descriptor for lock_file_release(), or -1 (reported).
 */
int lock_file(const char *path, const char *what);
/* As lock_file(), shared with other shared holders (readers): it waits
 * only for an exclusive holder. */
int lock_file_shared(const char *path, const char *what);

/* Lets go of the lock, removing the lock file when no other run holds it
 * (the last shared holder removes it). fd < 0 does nothing. */
void lock_file_release(int fd, const char *path);

/*
 * As lock_file() without waiting: the descriptor, LOCK_BUSY when another
 * holds it, or -1 (reported).
 */
#define LOCK_BUSY (-2)
int lock_file_try(const char *path);

/*
 * Opens the directory at path (not through a symbolic link) and locks it,
 * waiting for another holder. Returns the descriptor (lock_release() lets
 * go), or -1 (reported; errno kept, ENOENT when it is not there).
 */
int lock_dir(const char *path, const char *what);

/* As lock_dir() without waiting: the descriptor, LOCK_BUSY, or -1 (not
 * reported). */
int lock_dir_try(const char *path);

/* Locks the directory open at fd without waiting: 0, or LOCK_BUSY. */
int lock_fd_try(int fd);

/* Lets go of a lock (closes fd). fd < 0 does nothing. */
void lock_release(int fd);

#endif
