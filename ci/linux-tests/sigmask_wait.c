/* ppoll, pselect6, epoll_pwait and epoll_pwait2 wait under their signal
 * mask argument, one call per argument: a blocked signal already pending, or
 * arriving during the wait, that the mask lets through interrupts it (EINTR)
 * and its handler runs, after which the old mask is back; a ready descriptor
 * wins over such a signal, which stays pending; with a zero timeout poll and
 * select still report the signal (EINTR), epoll reports 0; a signal the mask
 * blocks waits until the old mask is back; a bad sigset size is EINVAL.
 * Compared with Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif

static const char *kind;
static int fds[2], ep;
static char order[16];
static volatile int order_len;

static void on_usr1(int sig) {
    (void)sig;
    order[order_len++] = '1';
}

static void on_alrm(int sig) {
    (void)sig;
    order[order_len++] = 'A';
    raise(SIGUSR1); /* blocked while this handler runs if the mask blocks it */
}

/* Waits for fds[0] to be readable under `mask`, for `ms` milliseconds. */
static int wait_one(int ms, const sigset_t *mask) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    if (!strcmp(kind, "ppoll")) {
        struct pollfd p = {fds[0], POLLIN, 0};
        return ppoll(&p, 1, &ts, mask);
    }
    if (!strcmp(kind, "pselect")) {
        fd_set r;
        FD_ZERO(&r);
        FD_SET(fds[0], &r);
        return pselect(fds[0] + 1, &r, NULL, NULL, &ts, mask);
    }
    struct epoll_event e;
    if (!strcmp(kind, "epoll_pwait")) return epoll_pwait(ep, &e, 1, ms, mask);
    return (int)syscall(SYS_epoll_pwait2, ep, &e, 1, &ts, mask, 8);
}

static void report(const char *what, int r) {
    sigset_t now, pending;
    sigprocmask(SIG_BLOCK, NULL, &now);
    sigpending(&pending);
    order[order_len] = 0;
    printf("%s %s: %d (%s) handlers \"%s\" blocked USR1 %d ALRM %d pending USR1 %d\n", kind,
           what, r, r < 0 ? strerror(errno) : "-", order, sigismember(&now, SIGUSR1),
           sigismember(&now, SIGALRM), sigismember(&pending, SIGUSR1));
    order_len = 0;
}

static void take_usr1(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    int sig;
    sigwait(&set, &sig);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    kind = argc > 1 ? argv[1] : "ppoll";
    pipe(fds);
    ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN};
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &e);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = on_alrm;
    sigaction(SIGALRM, &sa, NULL);
    sigset_t blocked, none, only_usr1;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGUSR1);
    sigaddset(&blocked, SIGALRM);
    sigemptyset(&none);
    sigemptyset(&only_usr1);
    sigaddset(&only_usr1, SIGUSR1);
    sigprocmask(SIG_SETMASK, &blocked, NULL);

    raise(SIGUSR1);
    report("pending before", wait_one(2000, &none));

    struct itimerval soon = {{0, 0}, {0, 30000}};
    setitimer(ITIMER_REAL, &soon, NULL);
    report("arriving during", wait_one(5000, &none));
    /* The ALRM handler raised USR1 under the wait's empty mask: taken at once. */

    write(fds[1], "x", 1);
    raise(SIGUSR1);
    report("ready and pending", wait_one(2000, &none));
    take_usr1();
    char c;
    read(fds[0], &c, 1);

    raise(SIGUSR1);
    report("zero timeout", wait_one(0, &none));
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGUSR1)) take_usr1();

    /* Normally nothing blocked; the wait's mask blocks USR1, which the ALRM
     * handler raises: it runs once the old mask is back. */
    sigprocmask(SIG_SETMASK, &none, NULL);
    setitimer(ITIMER_REAL, &soon, NULL);
    report("mask blocks", wait_one(5000, &only_usr1));

    struct pollfd p = {fds[0], POLLIN, 0};
    struct timespec zero = {0, 0};
    long r = !strcmp(kind, "ppoll") ? syscall(SYS_ppoll, &p, 1, &zero, &none, 16)
             : !strcmp(kind, "pselect") ? -2
             : !strcmp(kind, "epoll_pwait") ? syscall(SYS_epoll_pwait, ep, &e, 1, 0, &none, 4)
                                            : syscall(SYS_epoll_pwait2, ep, &e, 1, &zero, &none, 16);
    if (r != -2) report("bad sigsetsize", (int)r);
    return 0;
}
