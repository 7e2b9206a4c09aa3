/* signalfd: blocked signals read as struct signalfd_siginfo (kill, sigqueue
 * with a value, SIGCHLD with the child's status), poll and epoll readiness,
 * O_NONBLOCK, changing the mask, bad arguments. Compared with Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const struct signalfd_siginfo *s) {
    printf("  signo %u code %d from self %d", s->ssi_signo, s->ssi_code,
           s->ssi_pid == (unsigned)getpid());
    if (s->ssi_signo == SIGCHLD) printf(" status %d", s->ssi_status);
    if (s->ssi_code == SI_QUEUE) printf(" int %d", s->ssi_int);
    printf("\n");
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd: %s\n", fd >= 0 ? "ok" : strerror(errno));

    struct signalfd_siginfo info[4];
    printf("read with nothing pending: %s\n",
           read(fd, info, sizeof info) < 0 && errno == EAGAIN ? "EAGAIN" : "?");
    printf("read into 100 bytes: %s\n", read(fd, info, 100) < 0 && errno == EINVAL ? "EINVAL" : "?");
    struct pollfd p = {fd, POLLIN, 0};
    printf("poll before: %d\n", poll(&p, 1, 0));

    kill(getpid(), SIGUSR1);
    union sigval v = {.sival_int = 42};
    sigqueue(getpid(), SIGUSR2, v);
    int ready = poll(&p, 1, 0);
    printf("poll after: %d revents %#x\n", ready, p.revents);
    int epfd = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7}, out;
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    ready = epoll_wait(epfd, &out, 1, 0);
    printf("epoll: %d ready, data %u\n", ready, out.data.u32);
    ssize_t n = read(fd, info, sizeof info);
    printf("read: %zd bytes\n", n);
    for (int i = 0; i < n / (ssize_t)sizeof info[0]; i++) show(&info[i]);
    printf("epoll after reading: %d ready\n", epoll_wait(epfd, &out, 1, 0));

    pid_t child = fork();
    if (child == 0) _exit(7);
    /* Blocking read: wait for SIGCHLD through a blocking descriptor. */
    int blocking = signalfd(-1, &set, 0);
    n = read(blocking, info, sizeof info[0]);
    printf("blocking read: %zd bytes\n", n);
    show(&info[0]);
    waitpid(child, NULL, 0);

    sigset_t only1;
    sigemptyset(&only1);
    sigaddset(&only1, SIGUSR1);
    printf("new mask on the same fd: %d\n", signalfd(fd, &only1, 0) == fd);
    kill(getpid(), SIGUSR2);
    printf("SIGUSR2 outside the mask: read %s\n",
           read(fd, info, sizeof info) < 0 && errno == EAGAIN ? "EAGAIN" : "?");
    sigset_t pending;
    sigpending(&pending);
    printf("SIGUSR2 still pending: %d\n", sigismember(&pending, SIGUSR2));

    printf("bad sizemask: %s\n",
           syscall(SYS_signalfd4, -1, &set, 4, 0) < 0 && errno == EINVAL ? "EINVAL" : "?");
    printf("bad flags: %s\n",
           syscall(SYS_signalfd4, -1, &set, 8, 1) < 0 && errno == EINVAL ? "EINVAL" : "?");
    printf("on a pipe: %s\n", signalfd(epfd, &set, 0) < 0 && errno == EINVAL ? "EINVAL" : "?");
    printf("on a closed fd: %s\n", signalfd(99, &set, 0) < 0 && errno == EBADF ? "EBADF" : "?");
    return 0;
}
