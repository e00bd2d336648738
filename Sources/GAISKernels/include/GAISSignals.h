#ifndef GAIS_SIGNALS_H
#define GAIS_SIGNALS_H

#include <stddef.h>

// Temporary output files and the interrupt handler that removes them, and the guard that
// turns a mapped input shrinking underneath into an error instead of SIGBUS. Everything the
// signal handlers touch is a fixed C array of lock-free atomics: no allocation, no locks, only
// async-signal-safe calls (unlink, mmap, _exit).

/// Temporaries registered at once (a slot per open temporary file).
#define GAIS_TEMP_SLOTS 64
/// Longest temporary path, terminator included.
#define GAIS_TEMP_PATH_MAX 4096

/// Creates a temporary file from `template_path` (ending in "XXXXXX", as for mkstemp) with
/// mode 0600. The path is registered in a slot before the file exists (the name is made in
/// the slot itself, with INT/TERM/HUP blocked on this thread and a handler on another thread
/// waiting for the creation to finish), so an interrupt at any moment removes it.
/// Returns the descriptor and sets *slot and `path_out` (capacity GAIS_TEMP_PATH_MAX), or
/// returns -1 with errno set (ENAMETOOLONG, EMFILE when every slot is taken, mkstemp's errors).
int gais_temp_create(const char *template_path, int *slot, char *path_out);

/// Renames the slot's temporary file to `destination` and releases the slot, with signals
/// blocked on this thread. Returns 0, or -1 with errno set (the slot stays registered).
int gais_temp_commit(int slot, const char *destination);

/// Removes the slot's temporary file and releases the slot.
void gais_temp_discard(int slot);

/// Turns O_DIRECT on (on != 0) or off for an open descriptor. Returns 0, or -1 with errno set
/// (EINVAL where the file system has no direct I/O). Here because O_DIRECT is a GNU extension
/// that Swift's Glibc module does not export.
int gais_set_direct_io(int fd, int on);

/// Temporaries currently registered (for tests).
int gais_temp_registered_count(void);

/// Installs the handler of SIGINT, SIGTERM and SIGHUP: it removes every registered temporary
/// and exits with 128 + the signal number (130, 143, 129). Unblocks the three signals on the
/// calling thread (call it on the main thread before starting others).
void gais_install_interrupt_handler(void);

/// Registers a read-only file mapping [start, start + length). Once any part of it can no
/// longer be read (the file shrank), the SIGBUS handler maps zero pages over the rest of the
/// range and marks it faulted instead of letting the process die. Returns the guard's slot,
/// or -1 when every slot is taken (the caller should then not map the file).
int gais_guard_mapping(const void *start, size_t length);

/// 1 when the guarded mapping faulted (its file shrank underneath), else 0.
int gais_mapping_faulted(int slot);

/// Releases the guard (before the mapping is unmapped).
void gais_unguard_mapping(int slot);

#endif
