/* POSIX threads: creation and joining, mutexes, condition variables,
 * barriers, rwlocks, thread-local storage, detached threads, pthread_kill,
 * pthread_cancel, thread ids, and 64 threads incrementing shared counters.
 * Output is deterministic; compared with Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            printf("FAILED line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
            exit(1);                                                        \
        }                                                                   \
    } while (0)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static atomic_long atomic_counter;

static void *add(void *arg) {
    long n = (long)arg;
    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        atomic_fetch_add(&atomic_counter, 1);
        if (i % 100 == 0) sched_yield();
    }
    return (void *)(n * 2);
}

static void counters(void) {
    enum { N = 64, EACH = 1000 };
    pthread_t t[N];
    for (long i = 0; i < N; i++) CHECK(pthread_create(&t[i], NULL, add, (void *)(long)EACH) == 0);
    long sum = 0;
    for (int i = 0; i < N; i++) {
        void *ret;
        CHECK(pthread_join(t[i], &ret) == 0);
        sum += (long)ret;
    }
    printf("counters: mutex %ld atomic %ld returns %ld\n", counter, (long)atomic_counter, sum);
}

/* Condition variable: a producer hands items to consumers through a queue. */
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t nonfull = PTHREAD_COND_INITIALIZER;
static int queue[4], head, count, produced_done;
static long consumed_sum;

static void *consumer(void *arg) {
    (void)arg;
    long mine = 0;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (count == 0 && !produced_done) pthread_cond_wait(&nonempty, &lock);
        if (count == 0 && produced_done) {
            pthread_mutex_unlock(&lock);
            break;
        }
        int item = queue[head];
        head = (head + 1) % 4;
        count--;
        consumed_sum += item;
        mine++;
        pthread_cond_signal(&nonfull);
        pthread_mutex_unlock(&lock);
    }
    return (void *)mine;
}

static void condvars(void) {
    pthread_t c[3];
    for (int i = 0; i < 3; i++) CHECK(pthread_create(&c[i], NULL, consumer, NULL) == 0);
    for (int item = 1; item <= 2000; item++) {
        pthread_mutex_lock(&lock);
        while (count == 4) pthread_cond_wait(&nonfull, &lock);
        queue[(head + count) % 4] = item;
        count++;
        pthread_cond_signal(&nonempty);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    produced_done = 1;
    pthread_cond_broadcast(&nonempty);
    pthread_mutex_unlock(&lock);
    long total = 0;
    for (int i = 0; i < 3; i++) {
        void *n;
        pthread_join(c[i], &n);
        total += (long)n;
    }
    printf("condvar: consumed %ld items, sum %ld\n", total, consumed_sum);

    /* A timed wait that times out. */
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 50 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&lock);
    int r = pthread_cond_timedwait(&nonempty, &lock, &deadline);
    pthread_mutex_unlock(&lock);
    printf("condvar: timedwait -> %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : strerror(r));
}

static pthread_barrier_t barrier;
static atomic_int phase_arrivals[3];

static void *barrier_worker(void *arg) {
    (void)arg;
    int serial = 0;
    for (int phase = 0; phase < 3; phase++) {
        atomic_fetch_add(&phase_arrivals[phase], 1);
        if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) serial++;
        /* Everyone arrived before anyone passed. */
        if (atomic_load(&phase_arrivals[phase]) != 5) return (void *)-1L;
    }
    return (void *)(long)serial;
}

static void barriers(void) {
    pthread_t t[5];
    CHECK(pthread_barrier_init(&barrier, NULL, 5) == 0);
    for (int i = 0; i < 5; i++) CHECK(pthread_create(&t[i], NULL, barrier_worker, NULL) == 0);
    long serials = 0, bad = 0;
    for (int i = 0; i < 5; i++) {
        void *r;
        pthread_join(t[i], &r);
        if ((long)r < 0) bad++;
        else serials += (long)r;
    }
    printf("barrier: 3 phases, %ld serial threads, %ld early passes\n", serials, bad);
    pthread_barrier_destroy(&barrier);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long table[16];

static void *rw_worker(void *arg) {
    long id = (long)arg, inconsistent = 0;
    for (int i = 0; i < 300; i++) {
        if (i % 10 == id % 10) {
            pthread_rwlock_wrlock(&rw);
            for (int j = 0; j < 16; j++) table[j]++;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            for (int j = 1; j < 16; j++)
                if (table[j] != table[0]) inconsistent++;
            pthread_rwlock_unlock(&rw);
        }
    }
    return (void *)inconsistent;
}

static void rwlocks(void) {
    pthread_t t[8];
    for (long i = 0; i < 8; i++) CHECK(pthread_create(&t[i], NULL, rw_worker, (void *)i) == 0);
    long bad = 0;
    for (int i = 0; i < 8; i++) {
        void *r;
        pthread_join(t[i], &r);
        bad += (long)r;
    }
    printf("rwlock: table[0] = %ld, inconsistent reads %ld\n", table[0], bad);
}

static __thread long tls_value = 7;
static __thread char tls_buffer[64];

static void *tls_worker(void *arg) {
    long id = (long)arg;
    long before = tls_value;
    tls_value = id * 100;
    snprintf(tls_buffer, sizeof tls_buffer, "thread %ld", id);
    usleep(1000);
    return (void *)(long)(before == 7 && tls_value == id * 100 &&
                          strcmp(tls_buffer, "thread") > 0);
}

static void thread_locals(void) {
    pthread_t t[6];
    tls_value = 1;
    for (long i = 0; i < 6; i++) CHECK(pthread_create(&t[i], NULL, tls_worker, (void *)i) == 0);
    long good = 0;
    for (int i = 0; i < 6; i++) {
        void *r;
        pthread_join(t[i], &r);
        good += (long)r;
    }
    printf("tls: %ld of 6 threads saw their own copy; main still %ld\n", good, tls_value);
}

static sem_t detached_done;
static void *detached(void *arg) {
    (void)arg;
    sem_post(&detached_done);
    return NULL;
}

static void detached_threads(void) {
    sem_init(&detached_done, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < 10; i++) {
        pthread_t t;
        CHECK(pthread_create(&t, &attr, detached, NULL) == 0);
    }
    for (int i = 0; i < 10; i++) sem_wait(&detached_done);
    printf("detached: 10 threads ran\n");
}

static atomic_int usr1_thread_ok;
static pthread_t signalled;
static void on_usr1(int sig) {
    (void)sig;
    if (pthread_equal(pthread_self(), signalled)) atomic_store(&usr1_thread_ok, 1);
}

static atomic_int ready;
static void *wait_for_signal(void *arg) {
    (void)arg;
    atomic_store(&ready, 1);
    while (!atomic_load(&usr1_thread_ok)) usleep(1000);
    return NULL;
}

static void *sleeper(void *arg) {
    (void)arg;
    for (;;) sleep(10);
    return NULL;
}

static void signals_and_cancel(void) {
    signal(SIGUSR1, on_usr1);
    CHECK(pthread_create(&signalled, NULL, wait_for_signal, NULL) == 0);
    while (!atomic_load(&ready)) usleep(1000);
    CHECK(pthread_kill(signalled, SIGUSR1) == 0);
    pthread_join(signalled, NULL);
    printf("pthread_kill: handler ran in the target thread: %d\n", atomic_load(&usr1_thread_ok));

    pthread_t t;
    CHECK(pthread_create(&t, NULL, sleeper, NULL) == 0);
    usleep(10000);
    CHECK(pthread_cancel(t) == 0);
    void *r;
    CHECK(pthread_join(t, &r) == 0);
    printf("pthread_cancel: joined, canceled %d\n", r == PTHREAD_CANCELED);
}

static pid_t worker_tid;
static void *report_ids(void *arg) {
    (void)arg;
    worker_tid = (pid_t)syscall(SYS_gettid);
    return (void *)(long)getpid();
}

static void ids(void) {
    pthread_t t;
    void *pid;
    CHECK(pthread_create(&t, NULL, report_ids, NULL) == 0);
    pthread_join(t, &pid);
    printf("ids: getpid same in thread %d, tid differs %d, main tid is pid %d\n",
           (pid_t)(long)pid == getpid(), worker_tid != getpid(),
           (pid_t)syscall(SYS_gettid) == getpid());
}

static void *exit_in_thread(void *arg) {
    (void)arg;
    pthread_exit((void *)42L);
}

static void thread_exit(void) {
    pthread_t t;
    void *r;
    CHECK(pthread_create(&t, NULL, exit_in_thread, NULL) == 0);
    pthread_join(t, &r);
    printf("pthread_exit: value %ld\n", (long)r);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    ids();
    counters();
    condvars();
    barriers();
    rwlocks();
    thread_locals();
    detached_threads();
    thread_exit();
    signals_and_cancel();
    printf("done\n");
    return 0;
}
