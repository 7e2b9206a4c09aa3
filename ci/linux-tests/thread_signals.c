/* Pending signals per thread, one case per argument: a signal sent with
 * tgkill to a thread that blocks it pends on that thread only (another
 * thread's sigpending, sigtimedwait and unblocking do not see it), while
 * kill's pends for the process; sigtimedwait takes the thread's own first;
 * SIGPIPE pends on the writing thread; a signalfd reads the reader's own and
 * the process's; pending signals of both kinds survive execve, also from a
 * non-leader thread (whose own become the new leader's). Compared with Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char *self_path;
static pid_t main_tid;
static atomic_int sent, done, handled_in_worker;
static pthread_t worker;

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }
static int tgkill_(pid_t tid, int sig) { return (int)syscall(SYS_tgkill, getpid(), tid, sig); }

static void on_signal(int sig) {
    (void)sig;
    if (pthread_equal(pthread_self(), worker)) atomic_store(&handled_in_worker, 1);
}

static void wait_for(atomic_int *flag) {
    while (!atomic_load(flag)) usleep(1000);
}

static void show_pending(const char *who) {
    sigset_t p;
    sigpending(&p);
    printf("%s: pending USR1 %d USR2 %d PIPE %d HUP %d\n", who, sigismember(&p, SIGUSR1),
           sigismember(&p, SIGUSR2), sigismember(&p, SIGPIPE), sigismember(&p, SIGHUP));
}

/* Takes what sigtimedwait gives for `a` and `b` without waiting, until EAGAIN. */
static void drain(const char *who, int a, int b) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, a);
    if (b) sigaddset(&set, b);
    struct timespec zero = {0, 0};
    for (;;) {
        siginfo_t info;
        int sig = sigtimedwait(&set, &info, &zero);
        if (sig < 0) {
            printf("%s: sigtimedwait: %s\n", who, strerror(errno));
            return;
        }
        printf("%s: sigtimedwait took %d code %d\n", who, sig, info.si_code);
    }
}

static void block(int a, int b, int c) {
    sigset_t set;
    sigemptyset(&set);
    if (a) sigaddset(&set, a);
    if (b) sigaddset(&set, b);
    if (c) sigaddset(&set, c);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void unblock(int sig) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* Case "tgkill": main's SIGUSR2 (tgkill) is main's; SIGUSR1 (kill) the process's. */
static void *tgkill_worker(void *arg) {
    (void)arg;
    wait_for(&sent);
    show_pending("worker");
    drain("worker", SIGUSR2, 0);
    unblock(SIGUSR2);
    usleep(20000);
    printf("worker: handled main's SIGUSR2 %d\n", atomic_load(&handled_in_worker));
    return NULL;
}

/* Case "sigpipe": this thread does not block SIGPIPE (default action: die). */
static void *idle_worker(void *arg) {
    (void)arg;
    wait_for(&done);
    return NULL;
}

/* Case "signalfd": reads its own SIGUSR1 through the shared signalfd. */
static int sfd;
static void *signalfd_worker(void *arg) {
    (void)arg;
    wait_for(&sent);
    struct signalfd_siginfo s;
    ssize_t n = read(sfd, &s, sizeof s);
    printf("worker: read %zd signo %u code %d\n", n, n > 0 ? s.ssi_signo : 0,
           n > 0 ? s.ssi_code : 0);
    n = read(sfd, &s, sizeof s);
    printf("worker: read again %zd (%s)\n", n, n < 0 ? strerror(errno) : "data");
    atomic_store(&done, 1);
    return NULL;
}

/* Case "exec-from-thread": this thread's SIGUSR2 goes with it through execve. */
static void *exec_worker(void *arg) {
    (void)arg;
    tgkill_(gettid_(), SIGUSR2);
    execl(self_path, self_path, "after-exec", (char *)NULL);
    printf("execl failed: %s\n", strerror(errno));
    return NULL;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    self_path = argv[0];
    main_tid = gettid_();
    const char *mode = argc > 1 ? argv[1] : "";
    signal(SIGUSR1, on_signal);
    signal(SIGUSR2, on_signal);
    if (!strcmp(mode, "tgkill")) {
        block(SIGUSR1, SIGUSR2, 0);
        pthread_create(&worker, NULL, tgkill_worker, NULL);
        tgkill_(main_tid, SIGUSR2);
        kill(getpid(), SIGUSR1);
        atomic_store(&sent, 1);
        pthread_join(worker, NULL);
        show_pending("main");
        drain("main", SIGUSR1, SIGUSR2);
        return 0;
    } else if (!strcmp(mode, "sigpipe")) {
        pthread_create(&worker, NULL, idle_worker, NULL);
        block(SIGPIPE, 0, 0);
        int fds[2];
        pipe(fds);
        close(fds[0]);
        ssize_t n = write(fds[1], "x", 1);
        printf("main: write %zd (%s)\n", n, n < 0 ? strerror(errno) : "written");
        usleep(20000);
        show_pending("main");
        drain("main", SIGPIPE, 0);
        atomic_store(&done, 1);
        pthread_join(worker, NULL);
        printf("main: the process lives\n");
        return 0;
    } else if (!strcmp(mode, "signalfd")) {
        block(SIGUSR1, 0, 0);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGUSR1);
        sfd = signalfd(-1, &set, SFD_NONBLOCK);
        pthread_create(&worker, NULL, signalfd_worker, NULL);
        /* pthread_kill is tgkill to the worker. */
        pthread_kill(worker, SIGUSR1);
        struct pollfd p = {sfd, POLLIN, 0};
        printf("main: poll %d revents %d\n", poll(&p, 1, 0), p.revents);
        struct signalfd_siginfo s;
        ssize_t n = read(sfd, &s, sizeof s);
        printf("main: read %zd (%s)\n", n, n < 0 ? strerror(errno) : "data");
        atomic_store(&sent, 1);
        wait_for(&done);
        pthread_join(worker, NULL);
        kill(getpid(), SIGUSR1);
        printf("main: poll %d revents %d\n", poll(&p, 1, 0), p.revents);
        n = read(sfd, &s, sizeof s);
        printf("main: read %zd signo %u code %d\n", n, n > 0 ? s.ssi_signo : 0,
               n > 0 ? s.ssi_code : 0);
        return 0;
    } else if (!strcmp(mode, "exec")) {
        block(SIGUSR1, SIGUSR2, 0);
        tgkill_(main_tid, SIGUSR2);
        kill(getpid(), SIGUSR1);
        show_pending("before exec");
        execl(self_path, self_path, "after-exec", (char *)NULL);
        printf("execl failed: %s\n", strerror(errno));
        return 1;
    } else if (!strcmp(mode, "exec-from-thread")) {
        block(SIGUSR1, SIGUSR2, SIGHUP);
        tgkill_(main_tid, SIGHUP); /* main's own: lost with main */
        kill(getpid(), SIGUSR1);
        pthread_create(&worker, NULL, exec_worker, NULL);
        for (;;) pause();
    } else if (!strcmp(mode, "after-exec")) {
        show_pending("after exec");
        drain("after exec", SIGUSR1, SIGUSR2);
        drain("after exec", SIGHUP, 0);
        return 5;
    }
    return 1;
}
