/* Priority-inheritance futexes: FUTEX_LOCK_PI, LOCK_PI2, TRYLOCK_PI and
 * UNLOCK_PI by hand (the word holds the owner's tid; EDEADLK, EAGAIN, EPERM,
 * ESRCH, ETIMEDOUT; a waiter gets the lock handed over), then pthread
 * mutexes with PTHREAD_PRIO_INHERIT under contention, and a robust PI mutex
 * whose owner dies (EOWNERDEAD), with and without a waiter. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* (musl-gcc has no kernel headers.) */
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_LOCK_PI2 13
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_TID_MASK 0x3fffffffu

static _Atomic unsigned int word;

static long futex(int op, const struct timespec *ts) {
    return syscall(SYS_futex, &word, op, 0, ts, NULL, 0);
}

static const char *err(long r) {
    if (r == 0) return "0";
    switch (errno) {
    case EDEADLK: return "EDEADLK";
    case EAGAIN: return "EAGAIN";
    case EPERM: return "EPERM";
    case ESRCH: return "ESRCH";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EINVAL: return "EINVAL";
    case ENOSYS: return "ENOSYS";
    default: return strerror(errno);
    }
}

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

static atomic_int step;
static pid_t other_tid;

/* The second thread: tries, waits for the lock, releases it. */
static void *second(void *arg) {
    (void)arg;
    other_tid = gettid_();
    printf("second: TRYLOCK_PI of a held lock: %s\n", err(futex(FUTEX_TRYLOCK_PI, NULL)));
    printf("second: UNLOCK_PI of a lock it does not own: %s\n", err(futex(FUTEX_UNLOCK_PI, NULL)));
    struct timespec soon;
    clock_gettime(CLOCK_MONOTONIC, &soon);
    soon.tv_nsec += 20000000;
    if (soon.tv_nsec >= 1000000000) soon.tv_sec++, soon.tv_nsec -= 1000000000;
    printf("second: LOCK_PI2 with a deadline 20 ms on: %s\n", err(futex(FUTEX_LOCK_PI2, &soon)));
    atomic_store(&step, 1);
    long r = futex(FUTEX_LOCK_PI, NULL); /* waits for the hand-over */
    unsigned int seen = word;
    printf("second: LOCK_PI after waiting: %s, owner is me %d, waiters bit %d\n", err(r),
           (seen & FUTEX_TID_MASK) == (unsigned)other_tid, (seen & FUTEX_WAITERS) != 0);
    r = futex(FUTEX_UNLOCK_PI, NULL);
    printf("second: UNLOCK_PI: %s, word now %u\n", err(r), word);
    return NULL;
}

static pthread_mutex_t pi_mutex;
static long counter;

static void *increment(void *arg) {
    (void)arg;
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&pi_mutex);
        counter++;
        pthread_mutex_unlock(&pi_mutex);
    }
    return NULL;
}

static pthread_mutex_t robust;
static atomic_int robust_held;
static void *lock_and_die(void *arg) {
    (void)arg;
    pthread_mutex_lock(&robust);
    atomic_store(&robust_held, 1);
    usleep(arg ? 50000 : 0);
    return NULL; /* ends holding it */
}

static void robust_case(int with_waiter) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT);
    pthread_mutex_init(&robust, &attr);
    atomic_store(&robust_held, 0);
    pthread_t t;
    pthread_create(&t, NULL, lock_and_die, with_waiter ? (void *)1 : NULL);
    if (with_waiter) {
        while (!atomic_load(&robust_held)) usleep(1000);
    } else {
        pthread_join(t, NULL);
    }
    int r = pthread_mutex_lock(&robust); /* with a waiter: blocks until the owner dies */
    printf("robust PI mutex of a dead owner%s: %s\n", with_waiter ? " (waiting)" : "",
           r == EOWNERDEAD ? "EOWNERDEAD" : r == 0 ? "0" : strerror(r));
    if (r == EOWNERDEAD) pthread_mutex_consistent(&robust);
    printf("  unlock: %d\n", pthread_mutex_unlock(&robust));
    if (with_waiter) pthread_join(t, NULL);
    pthread_mutex_destroy(&robust);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    pid_t me = gettid_();
    long r = futex(FUTEX_LOCK_PI, NULL);
    printf("LOCK_PI of a free word: %s, owner is me %d\n", err(r), word == (unsigned)me);
    printf("LOCK_PI again: %s\n", err(futex(FUTEX_LOCK_PI, NULL)));
    r = futex(FUTEX_UNLOCK_PI, NULL);
    printf("UNLOCK_PI: %s, word now %u\n", err(r), word);
    printf("UNLOCK_PI of a free word: %s\n", err(futex(FUTEX_UNLOCK_PI, NULL)));
    word = 0x3ffffff0; /* no such thread */
    printf("LOCK_PI of a word owned by no thread: %s\n", err(futex(FUTEX_LOCK_PI, NULL)));
    word = 0;
    struct timespec past = {1, 0};
    futex(FUTEX_LOCK_PI, NULL);
    pthread_t t;
    pthread_create(&t, NULL, second, NULL);
    while (!atomic_load(&step)) usleep(1000);
    /* The second thread now waits in LOCK_PI: the waiters bit appears. */
    long give_up = 20000;
    while (!(word & FUTEX_WAITERS) && give_up--) usleep(1000);
    printf("main: waiters bit set by the waiting thread %d\n", (word & FUTEX_WAITERS) != 0);
    printf("main: TRYLOCK_PI of its own lock: %s\n", err(futex(FUTEX_TRYLOCK_PI, NULL)));
    printf("main: LOCK_PI with a deadline in the past, own lock: %s\n",
           err(futex(FUTEX_LOCK_PI, &past)));
    r = futex(FUTEX_UNLOCK_PI, NULL);
    int saved = errno;
    pthread_join(t, NULL); /* (the second thread's lines first) */
    errno = saved;
    printf("main: UNLOCK_PI hands over: %s\n", err(r));
    word = 0x3ffffff0;
    printf("LOCK_PI with a realtime deadline in the past, held: %s\n",
           err(syscall(SYS_futex, &word, FUTEX_LOCK_PI, 0, &past, NULL, 0)));

    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT);
    pthread_mutex_init(&pi_mutex, &attr);
    pthread_t workers[4];
    for (int i = 0; i < 4; i++) pthread_create(&workers[i], NULL, increment, NULL);
    for (int i = 0; i < 4; i++) pthread_join(workers[i], NULL);
    printf("PTHREAD_PRIO_INHERIT mutex, 4 threads x 2000: %ld\n", counter);

    robust_case(0);
    robust_case(1);
    return 0;
}
