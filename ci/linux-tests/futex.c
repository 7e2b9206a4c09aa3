/* futex(2) directly: WAIT (value mismatch, timeouts), WAKE counts,
 * REQUEUE, CMP_REQUEUE, WAKE_OP, WAIT_BITSET / WAKE_BITSET on both clocks,
 * private and shared, EINTR on a signal, bad arguments, and the robust list
 * (a mutex whose owner thread died: EOWNERDEAD). Compared with Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* From <linux/futex.h> (musl-gcc has no kernel headers). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_OP_PRIVATE (FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY 0xffffffff
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_NE 1
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP(op, oparg, cmp, cmparg) \
    ((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))

static long futex(atomic_int *word, int op, int val, const struct timespec *ts, atomic_int *word2,
                  int val3) {
    return syscall(SYS_futex, word, op, val, ts, word2, val3);
}

static const char *err(long r) {
    if (r >= 0) return "ok";
    switch (errno) {
    case EAGAIN: return "EAGAIN";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EINTR: return "EINTR";
    case EINVAL: return "EINVAL";
    case EFAULT: return "EFAULT";
    case ENOSYS: return "ENOSYS";
    default: return strerror(errno);
    }
}

static atomic_int word, word2, started, woken;

struct waiter {
    atomic_int *on;
    int op;
    int bitset;
};

static void *wait_thread(void *arg) {
    struct waiter *w = arg;
    atomic_fetch_add(&started, 1);
    long r = futex(w->on, w->op, 0, NULL, NULL, w->bitset);
    if (r == 0) atomic_fetch_add(&woken, 1);
    return (void *)r;
}

/* How many threads wait on `on` now: FUTEX_REQUEUE from a word onto itself
 * wakes none and leaves every waiter in place, returning how many there are.
 * (No sleep of a guessed length: on a loaded host a thread may take long to
 * reach its wait, natively as in the system.) */
static long parked_on(atomic_int *on) {
    return futex(on, FUTEX_REQUEUE_PRIVATE, 0, (void *)(long)INT_MAX, on, 0);
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits (up to 20 s) until `count` reaches `n`: `count()` is polled. */
#define UNTIL(condition)                                             \
    do {                                                             \
        long give_up_ = now_ms() + 20000;                            \
        while (!(condition) && now_ms() < give_up_) usleep(1000);    \
    } while (0)

/* Waiters parked on the distinct words of w[0..n]. */
static long parked_total(struct waiter *w, int n) {
    long total = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < i; j++) seen |= w[j].on == w[i].on;
        if (!seen) total += parked_on(w[i].on);
    }
    return total;
}

/* Starts n waiters and returns when all of them wait in the kernel. */
static void start_waiters(pthread_t *t, struct waiter *w, int n) {
    atomic_store(&started, 0);
    for (int i = 0; i < n; i++) pthread_create(&t[i], NULL, wait_thread, &w[i]);
    UNTIL(parked_total(w, n) == n);
}

static void join_all(pthread_t *t, int n) {
    for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
}

static void simple(void) {
    atomic_store(&word, 1);
    printf("WAIT on a changed value: %s\n", err(futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0)));
    struct timespec ts = {0, 20 * 1000 * 1000};
    atomic_store(&word, 0);
    printf("WAIT 20ms relative: %s\n", err(futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0)));
    printf("WAIT shared 20ms: %s\n", err(futex(&word, FUTEX_WAIT, 0, &ts, NULL, 0)));
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += 20 * 1000 * 1000;
    if (abs.tv_nsec >= 1000000000) abs.tv_sec++, abs.tv_nsec -= 1000000000;
    printf("WAIT_BITSET monotonic absolute: %s\n",
           err(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY)));
    clock_gettime(CLOCK_REALTIME, &abs);
    abs.tv_nsec += 20 * 1000 * 1000;
    if (abs.tv_nsec >= 1000000000) abs.tv_sec++, abs.tv_nsec -= 1000000000;
    printf("WAIT_BITSET realtime absolute: %s\n",
           err(futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL,
                     FUTEX_BITSET_MATCH_ANY)));
    struct timespec past = {1, 0};
    printf("WAIT_BITSET deadline in the past: %s\n",
           err(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &past, NULL, FUTEX_BITSET_MATCH_ANY)));
    struct timespec bad = {0, 1000000000};
    printf("WAIT with tv_nsec = 1e9: %s\n", err(futex(&word, FUTEX_WAIT_PRIVATE, 0, &bad, NULL, 0)));
    printf("WAIT on an unaligned word: %s\n",
           err(futex((atomic_int *)((char *)&word + 1), FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0)));
    printf("WAIT at a bad address: %s\n",
           err(futex((atomic_int *)8, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0)));
    printf("WAIT_BITSET with bitset 0: %s\n",
           err(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, NULL, 0)));
    printf("WAKE with no waiters: %ld\n", futex(&word, FUTEX_WAKE_PRIVATE, 5, NULL, NULL, 0));
    printf("CLOCK_REALTIME with WAKE: %s\n",
           err(futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0)));
    printf("unknown op 99: %s\n", err(futex(&word, 99, 0, NULL, NULL, 0)));
}

static void wake_counts(void) {
    pthread_t t[5];
    struct waiter w[5];
    for (int i = 0; i < 5; i++) w[i] = (struct waiter){&word, FUTEX_WAIT_PRIVATE, 0};
    atomic_store(&word, 0);
    atomic_store(&woken, 0);
    start_waiters(t, w, 5);
    printf("WAKE 2 of 5: %ld\n", futex(&word, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0));
    UNTIL(atomic_load(&woken) >= 2);
    printf("woken so far: %d, still waiting: %ld\n", atomic_load(&woken), parked_on(&word));
    printf("WAKE INT_MAX: %ld\n", futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0));
    join_all(t, 5);
    printf("woken: %d\n", atomic_load(&woken));
}

static void requeue(void) {
    pthread_t t[4];
    struct waiter w[4];
    for (int i = 0; i < 4; i++) w[i] = (struct waiter){&word, FUTEX_WAIT_PRIVATE, 0};
    atomic_store(&word, 0);
    atomic_store(&woken, 0);
    start_waiters(t, w, 4);
    printf("CMP_REQUEUE with a stale value: %s\n",
           err(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)2L, &word2, 7)));
    printf("CMP_REQUEUE wake 1, move 2: %ld\n",
           futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)2L, &word2, 0));
    printf("WAKE the old word: %ld\n", futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0));
    printf("WAKE the new word: %ld\n", futex(&word2, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0));
    join_all(t, 4);
    printf("woken: %d\n", atomic_load(&woken));

    for (int i = 0; i < 2; i++) w[i] = (struct waiter){&word, FUTEX_WAIT_PRIVATE, 0};
    atomic_store(&woken, 0);
    start_waiters(t, w, 2);
    printf("REQUEUE wake 0, move all: %ld\n",
           futex(&word, FUTEX_REQUEUE_PRIVATE, 0, (void *)(long)INT_MAX, &word2, 0));
    printf("WAKE the new word: %ld\n", futex(&word2, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0));
    join_all(t, 2);
    printf("woken: %d\n", atomic_load(&woken));
}

static void wake_op(void) {
    pthread_t t[2];
    struct waiter w[2] = {{&word, FUTEX_WAIT_PRIVATE, 0}, {&word2, FUTEX_WAIT_PRIVATE, 0}};
    atomic_store(&word, 0);
    atomic_store(&word2, 0);
    atomic_store(&woken, 0);
    start_waiters(t, w, 2);
    /* *word2 += 5 (it was 0); wake 1 on word; and on word2 if old == 0. */
    int op = FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 0);
    printf("WAKE_OP: %ld\n", futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word2, op));
    join_all(t, 2);
    printf("word2 now %d, woken %d\n", atomic_load(&word2), atomic_load(&woken));
    op = FUTEX_OP(FUTEX_OP_OR, 0x10, FUTEX_OP_CMP_GT, 100);
    printf("WAKE_OP no waiters, failing comparison: %ld, word2 %d\n",
           futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word2, op), atomic_load(&word2));
    op = FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_NE, 0);
    futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word2, op);
    printf("WAKE_OP set 1<<4: word2 %d\n", atomic_load(&word2));
}

static void bitsets(void) {
    pthread_t t[2];
    struct waiter w[2] = {{&word, FUTEX_WAIT_BITSET_PRIVATE, 0x1},
                          {&word, FUTEX_WAIT_BITSET_PRIVATE, 0x2}};
    atomic_store(&word, 0);
    atomic_store(&woken, 0);
    start_waiters(t, w, 2);
    printf("WAKE_BITSET 0x2: %ld\n", futex(&word, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 2));
    printf("WAKE_BITSET 0x4: %ld\n", futex(&word, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 4));
    printf("WAKE (any bits): %ld\n", futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0));
    join_all(t, 2);
}

static void on_usr1(int sig) { (void)sig; }

static void *interrupted(void *arg) {
    (void)arg;
    atomic_store(&started, 1);
    long r = futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    return (void *)(long)(r == -1 ? errno : 0);
}

static void eintr(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1; /* no SA_RESTART */
    sigaction(SIGUSR1, &sa, NULL);
    atomic_store(&word, 0);
    atomic_store(&started, 0);
    pthread_t t;
    pthread_create(&t, NULL, interrupted, NULL);
    UNTIL(parked_on(&word) == 1);
    pthread_kill(t, SIGUSR1);
    void *r;
    pthread_join(t, &r);
    printf("WAIT interrupted by a handled signal: %s\n", (long)r == EINTR ? "EINTR" : "other");
}

static pthread_mutex_t robust;
static void *lock_and_die(void *arg) {
    (void)arg;
    pthread_mutex_lock(&robust);
    return NULL; /* ends holding it */
}

static void robust_list(void) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &attr);
    pthread_t t;
    pthread_create(&t, NULL, lock_and_die, NULL);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(&robust);
    printf("robust mutex of a dead owner: %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : strerror(r));
    if (r == EOWNERDEAD) {
        pthread_mutex_consistent(&robust);
        pthread_mutex_unlock(&robust);
        printf("made consistent; relock: %d\n", pthread_mutex_lock(&robust));
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    simple();
    wake_counts();
    requeue();
    wake_op();
    bitsets();
    eintr();
    robust_list();
    return 0;
}
