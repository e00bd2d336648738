// Temporary-file registry, interrupt handler and mapping guard (see GAISSignals.h).
#define _GNU_SOURCE
#include "GAISSignals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <pthread.h>

// MARK: - Temporary files

int gais_set_direct_io(int fd, int on) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, on ? (flags | O_DIRECT) : (flags & ~O_DIRECT));
}

enum { SLOT_FREE = 0, SLOT_FILLING = 1, SLOT_ACTIVE = 2 };

static char temp_paths[GAIS_TEMP_SLOTS][GAIS_TEMP_PATH_MAX];
static _Atomic int temp_state[GAIS_TEMP_SLOTS];
/// Threads inside mkstemp (the handler waits for them, so a file it creates is registered).
static _Atomic int temp_creating;
/// Set by the handler first: creators that see it never create a file.
static _Atomic int temp_exiting;

static void block_interrupts(sigset_t *old) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void restore_interrupts(const sigset_t *old) {
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

int gais_temp_create(const char *template_path, int *slot, char *path_out) {
    size_t length = strlen(template_path);
    if (length + 1 > GAIS_TEMP_PATH_MAX) { errno = ENAMETOOLONG; return -1; }
    sigset_t old;
    block_interrupts(&old);
    int k = -1;
    for (int i = 0; i < GAIS_TEMP_SLOTS; i++) {
        int expected = SLOT_FREE;
        if (atomic_compare_exchange_strong(&temp_state[i], &expected, SLOT_FILLING)) { k = i; break; }
    }
    if (k < 0) { restore_interrupts(&old); errno = EMFILE; return -1; }
    memcpy(temp_paths[k], template_path, length + 1);
    // Dekker-style handshake with the handler (sequentially consistent atomics): either the
    // handler sees this creation in progress and waits for it, or this thread sees the handler
    // running and creates nothing.
    atomic_fetch_add(&temp_creating, 1);
    if (atomic_load(&temp_exiting)) {
        atomic_fetch_sub(&temp_creating, 1);
        for (;;) pause();   // the handler, on another thread, is about to _exit
    }
    int fd = mkstemp(temp_paths[k]);
    int saved = errno;
    if (fd >= 0) {
        memcpy(path_out, temp_paths[k], length + 1);
        atomic_store(&temp_state[k], SLOT_ACTIVE);
        *slot = k;
    } else {
        atomic_store(&temp_state[k], SLOT_FREE);
    }
    atomic_fetch_sub(&temp_creating, 1);
    restore_interrupts(&old);
    errno = saved;
    return fd;
}

int gais_temp_commit(int slot, const char *destination) {
    if (slot < 0 || slot >= GAIS_TEMP_SLOTS) { errno = EINVAL; return -1; }
    sigset_t old;
    block_interrupts(&old);
    int result = rename(temp_paths[slot], destination);
    int saved = errno;
    if (result == 0) atomic_store(&temp_state[slot], SLOT_FREE);
    restore_interrupts(&old);
    errno = saved;
    return result;
}

void gais_temp_discard(int slot) {
    if (slot < 0 || slot >= GAIS_TEMP_SLOTS) return;
    sigset_t old;
    block_interrupts(&old);
    unlink(temp_paths[slot]);
    atomic_store(&temp_state[slot], SLOT_FREE);
    restore_interrupts(&old);
}

int gais_temp_registered_count(void) {
    int n = 0;
    for (int i = 0; i < GAIS_TEMP_SLOTS; i++) n += atomic_load(&temp_state[i]) == SLOT_ACTIVE;
    return n;
}

static void on_interrupt(int signal_number) {
    atomic_store(&temp_exiting, 1);
    // mkstemp takes microseconds; the bound only guards against a creator stopped by a debugger.
    for (long spin = 0; atomic_load(&temp_creating) != 0 && spin < 400000000L; spin++) {}
    for (int i = 0; i < GAIS_TEMP_SLOTS; i++) {
        if (atomic_load(&temp_state[i]) == SLOT_ACTIVE) unlink(temp_paths[i]);
    }
    _exit(128 + signal_number);
}

void gais_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    sigaddset(&action.sa_mask, SIGHUP);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    // A parent may hand its blocked mask down (threads of a dispatch pool block signals, and
    // the processes they spawn inherit that): the handler must be reachable. Called on the main
    // thread first thing, so every thread started later inherits the unblocked mask.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

// MARK: - Mapping guard

#define GAIS_MAP_SLOTS 64

static _Atomic uintptr_t map_start[GAIS_MAP_SLOTS];
static _Atomic uintptr_t map_end[GAIS_MAP_SLOTS];   // 0: slot free
static _Atomic int map_taken[GAIS_MAP_SLOTS];
static _Atomic int map_faulted[GAIS_MAP_SLOTS];
static uintptr_t page_size;
static struct sigaction previous_bus;
static pthread_once_t bus_once = PTHREAD_ONCE_INIT;

static void on_bus_error(int signal_number, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < GAIS_MAP_SLOTS; i++) {
        uintptr_t start = atomic_load(&map_start[i]), end = atomic_load(&map_end[i]);
        if (end != 0 && address >= start && address < end) {
            uintptr_t page = address & ~(page_size - 1);
            if (page < start) page = start;   // start is page-aligned (mmap's result)
            // Zero pages over the unreadable rest: the faulting read is retried and sees 0.
            void *zero = mmap((void *)page, end - page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (zero != MAP_FAILED) {
                atomic_store(&map_faulted[i], 1);
                return;
            }
        }
    }
    // Not ours: behave as before this handler was installed.
    if (previous_bus.sa_flags & SA_SIGINFO) {
        if (previous_bus.sa_sigaction) { previous_bus.sa_sigaction(signal_number, info, context); return; }
    } else if (previous_bus.sa_handler != SIG_DFL && previous_bus.sa_handler != SIG_IGN && previous_bus.sa_handler) {
        previous_bus.sa_handler(signal_number);
        return;
    }
    signal(SIGBUS, SIG_DFL);   // returning re-executes the access, which now kills the process
}

static void install_bus_handler(void) {
    page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previous_bus);
}

int gais_guard_mapping(const void *start, size_t length) {
    pthread_once(&bus_once, install_bus_handler);
    for (int i = 0; i < GAIS_MAP_SLOTS; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&map_taken[i], &expected, 1)) {
            atomic_store(&map_faulted[i], 0);
            atomic_store(&map_start[i], (uintptr_t)start);
            atomic_store(&map_end[i], (uintptr_t)start + length);
            return i;
        }
    }
    return -1;
}

int gais_mapping_faulted(int slot) {
    if (slot < 0 || slot >= GAIS_MAP_SLOTS) return 0;
    return atomic_load(&map_faulted[slot]);
}

void gais_unguard_mapping(int slot) {
    if (slot < 0 || slot >= GAIS_MAP_SLOTS) return;
    atomic_store(&map_end[slot], 0);
    atomic_store(&map_start[slot], 0);
    atomic_store(&map_taken[slot], 0);
}
