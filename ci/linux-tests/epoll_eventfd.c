/* epoll (level- and edge-triggered, one-shot, nested) over pipes, socket
 * pairs, eventfd and timerfd; eventfd2 and timerfd_* themselves; compared
 * with Linux. Timer counts that depend on speed are printed as comparisons.
 * Exit status 0. */
#include "fs_common.h"
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif

static const char *names[16];

static void show_events(const char *what, int ep, int maxevents, int timeout)
{
    struct epoll_event ev[8];
    int n = epoll_wait(ep, ev, maxevents, timeout);
    if (n < 0) {
        printf("%s: -1 %s\n", what, errno_name(errno));
        return;
    }
    /* Sorted by tag: the order of the ready list is Linux's own business. */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && ev[j].data.u32 < ev[j - 1].data.u32; j--) {
            struct epoll_event t = ev[j];
            ev[j] = ev[j - 1];
            ev[j - 1] = t;
        }
    printf("%s: %d", what, n);
    for (int i = 0; i < n; i++) {
        uint32_t e = ev[i].events;
        printf(" [%s%s%s%s%s%s]", names[ev[i].data.u32], e & EPOLLIN ? " IN" : "", e & EPOLLOUT ? " OUT" : "",
               e & EPOLLHUP ? " HUP" : "", e & EPOLLERR ? " ERR" : "", e & EPOLLRDHUP ? " RDHUP" : "");
    }
    printf("\n");
}

static int add(int ep, int fd, uint32_t events, int tag, const char *name)
{
    names[tag] = name;
    struct epoll_event ev = { .events = events, .data.u32 = tag };
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static long ms_since(struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void eventfd_tests(void)
{
    printf("--- eventfd\n");
    int e = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
    show_ok("eventfd", e);
    uint64_t v = 0;
    show("read", read(e, &v, 8));
    printf("value %llu\n", (unsigned long long)v);
    show_err("read empty", read(e, &v, 8));
    show_err("read short", read(e, &v, 4));
    v = 5;
    show("write 5", write(e, &v, 8));
    v = 2;
    show("write 2", write(e, &v, 8));
    show_err("write short", write(e, &v, 2));
    v = UINT64_MAX;
    show_err("write max", write(e, &v, 8));
    read(e, &v, 8);
    printf("sum %llu\n", (unsigned long long)v);
    v = UINT64_MAX - 1;
    show("write to the limit", write(e, &v, 8));
    v = 1;
    show_err("write past the limit", write(e, &v, 8));
    struct pollfd p = { e, POLLIN | POLLOUT, 0 };
    int r = poll(&p, 1, 0);
    printf("poll full: %d revents %#x\n", r, p.revents);
    read(e, &v, 8);
    p.revents = 0;
    r = poll(&p, 1, 0);
    printf("poll empty: %d revents %#x\n", r, p.revents);
    close(e);
    e = eventfd(2, EFD_SEMAPHORE);
    show("semaphore read", read(e, &v, 8));
    printf("value %llu\n", (unsigned long long)v);
    show("semaphore read", read(e, &v, 8));
    printf("value %llu\n", (unsigned long long)v);
    /* A blocking read, ended by a child's write. */
    pid_t child = fork();
    if (child == 0) {
        usleep(50000);
        uint64_t one = 42;
        write(e, &one, 8);
        _exit(0);
    }
    show("blocking read", read(e, &v, 8));
    printf("value %llu\n", (unsigned long long)v);
    waitpid(child, NULL, 0);
    close(e);
    show_err("eventfd bad flags", eventfd(0, 0x10));
}

static void epoll_tests(void)
{
    printf("--- epoll\n");
    int ep = epoll_create1(EPOLL_CLOEXEC);
    show_ok("epoll_create1", ep);
    show("cloexec", fcntl(ep, F_GETFD));
    show_err("epoll_create 0", epoll_create(0));
    show_err("epoll_create1 bad flags", epoll_create1(1));
    int pfd[2], sv[2];
    pipe(pfd);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int e = eventfd(0, EFD_NONBLOCK);
    show_ok("add pipe read end", add(ep, pfd[0], EPOLLIN, 0, "pipe-r"));
    show_ok("add pipe write end", add(ep, pfd[1], EPOLLOUT, 1, "pipe-w"));
    show_ok("add socket", add(ep, sv[0], EPOLLIN | EPOLLRDHUP, 2, "sock"));
    show_ok("add eventfd", add(ep, e, EPOLLIN, 3, "eventfd"));
    show_err("add again", add(ep, e, EPOLLIN, 3, "eventfd"));
    show_err("add itself", add(ep, ep, EPOLLIN, 4, "self"));
    int file = open("file", O_CREAT | O_RDWR, 0600);
    show_err("add regular file", add(ep, file, EPOLLIN, 5, "file"));
    show_err("add bad fd", add(ep, 99, EPOLLIN, 5, "bad"));
    show_err("ctl on non-epoll", add(file, e, EPOLLIN, 5, "x"));
    struct epoll_event ev = { .events = EPOLLIN };
    show_err("mod missing", epoll_ctl(ep, EPOLL_CTL_MOD, file, &ev));
    show_err("del missing", epoll_ctl(ep, EPOLL_CTL_DEL, sv[1], NULL));
    show_err("bad op", epoll_ctl(ep, 99, e, &ev));
    show_events("only the pipe is writable", ep, 8, 0);
    int fds[3] = { ep, e, pfd[0] };
    for (int i = 0; i < 3; i++) {
        char link[64] = { 0 }, proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fds[i]);
        readlink(proc, link, sizeof link - 1);
        /* Without the inode number a pipe's link carries. */
        char *w = link;
        for (char *r = link; *r; r++)
            if (*r < '0' || *r > '9')
                *w++ = *r;
        *w = 0;
        printf("fd link: %s\n", link);
    }
    show_err("maxevents 0", epoll_wait(ep, &ev, 0, 0));
    show_err("wait on non-epoll", epoll_wait(file, &ev, 1, 0));
    write(pfd[1], "abc", 3);
    int queued = -1;
    show_ok("FIONREAD pipe", ioctl(pfd[0], FIONREAD, &queued));
    printf("queued %d\n", queued);
    uint64_t one = 1;
    write(e, &one, 8);
    write(sv[1], "x", 1);
    show_events("level: all ready", ep, 8, 0);
    show_events("level: still ready", ep, 8, 0);
    /* Two waits of two events take turns: together they see all four. */
    struct epoll_event two[4];
    int n1 = epoll_wait(ep, two, 2, 0);
    int n2 = epoll_wait(ep, two + 2, 2, 0);
    unsigned seen = 0;
    for (int i = 0; i < 4; i++)
        seen |= 1u << two[i].data.u32;
    printf("maxevents 2 twice: %d %d, all four seen %d\n", n1, n2, seen == 0xf);
    char buf[16];
    read(pfd[0], buf, sizeof buf);
    read(e, &one, 8);
    read(sv[0], buf, sizeof buf);
    show_events("drained", ep, 8, 0);
    close(sv[1]);
    show_events("socket peer closed", ep, 8, 0);
    show_ok("del socket", epoll_ctl(ep, EPOLL_CTL_DEL, sv[0], NULL));
    show_ok("del pipe write end", epoll_ctl(ep, EPOLL_CTL_DEL, pfd[1], NULL));
    close(pfd[1]);
    show_events("pipe writer gone", ep, 8, 0);
    close(pfd[0]);
    show_events("closed pipe leaves the set", ep, 8, 0);

    printf("--- edge-triggered\n");
    pipe(pfd);
    show_ok("add ET", add(ep, pfd[0], EPOLLIN | EPOLLET, 6, "pipe-et"));
    show_events("empty", ep, 8, 0);
    write(pfd[1], "0123456789", 10);
    show_events("after write", ep, 8, 0);
    show_events("no new data", ep, 8, 0);
    read(pfd[0], buf, 4);
    show_events("after partial read", ep, 8, 0);
    write(pfd[1], "x", 1);
    show_events("after second write", ep, 8, 0);
    show_ok("mod to LT", epoll_ctl(ep, EPOLL_CTL_MOD, pfd[0], &(struct epoll_event){ .events = EPOLLIN, .data.u32 = 6 }));
    show_events("level again", ep, 8, 0);
    show_events("level again 2", ep, 8, 0);
    read(pfd[0], buf, sizeof buf);

    printf("--- one-shot\n");
    show_ok("mod one-shot", epoll_ctl(ep, EPOLL_CTL_MOD, pfd[0], &(struct epoll_event){ .events = EPOLLIN | EPOLLONESHOT, .data.u32 = 6 }));
    write(pfd[1], "y", 1);
    show_events("fires", ep, 8, 0);
    show_events("disabled", ep, 8, 0);
    write(pfd[1], "z", 1);
    show_events("still disabled", ep, 8, 0);
    show_ok("re-arm", epoll_ctl(ep, EPOLL_CTL_MOD, pfd[0], &(struct epoll_event){ .events = EPOLLIN | EPOLLONESHOT, .data.u32 = 6 }));
    show_events("fires again", ep, 8, 0);
    read(pfd[0], buf, sizeof buf);

    printf("--- nested and blocking\n");
    int outer = epoll_create1(0);
    show_ok("add inner epoll", add(outer, ep, EPOLLIN, 7, "inner"));
    show_err("loop", add(ep, outer, EPOLLIN, 8, "outer"));
    show_events("inner idle", outer, 8, 0);
    show_ok("mod LT", epoll_ctl(ep, EPOLL_CTL_MOD, pfd[0], &(struct epoll_event){ .events = EPOLLIN, .data.u32 = 6 }));
    write(pfd[1], "w", 1);
    show_events("inner ready", outer, 8, 0);
    struct pollfd p = { ep, POLLIN, 0 };
    int pr = poll(&p, 1, 0);
    printf("poll on epoll: %d revents %#x\n", pr, p.revents);
    read(pfd[0], buf, sizeof buf);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    show_events("timeout 50ms", ep, 8, 50);
    printf("waited at least 50ms: %d\n", ms_since(&t0) >= 50);
    struct timespec ts = { 0, 30000000 };
    long r = syscall(SYS_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8);
    printf("epoll_pwait2 30ms: %ld\n", r);
    pid_t child = fork();
    if (child == 0) {
        usleep(50000);
        write(pfd[1], "late", 4);
        _exit(0);
    }
    show_events("blocking wait", ep, 8, -1);
    show_events("epoll_pwait", ep, 8, 0);
    waitpid(child, NULL, 0);
    close(outer);
    close(ep);
    close(pfd[0]);
    close(pfd[1]);
    close(sv[0]);
    close(e);
    close(file);
}

static void timerfd_tests(void)
{
    printf("--- timerfd\n");
    int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    show_ok("timerfd_create", t);
    show_err("bad clock", timerfd_create(99, 0));
    show_err("bad flags", timerfd_create(CLOCK_MONOTONIC, 0x10));
    struct itimerspec its = { 0 }, old;
    show_ok("gettime disarmed", timerfd_gettime(t, &old));
    printf("disarmed %ld %ld\n", (long)old.it_value.tv_sec, (long)old.it_value.tv_nsec);
    its.it_value.tv_nsec = 60000000;
    show_ok("settime 60ms", timerfd_settime(t, 0, &its, NULL));
    timerfd_gettime(t, &old);
    printf("remaining in (0, 60ms]: %d\n", old.it_value.tv_sec == 0 && old.it_value.tv_nsec > 0 && old.it_value.tv_nsec <= 60000000);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t n = 0;
    show("blocking read", read(t, &n, 8));
    printf("expirations %llu, waited >= 50ms: %d\n", (unsigned long long)n, ms_since(&t0) >= 50);
    int flags = fcntl(t, F_GETFL);
    fcntl(t, F_SETFL, flags | O_NONBLOCK);
    show_err("read again", read(t, &n, 8));
    show_err("read short", read(t, &n, 4));
    show_err("write", write(t, &n, 8));
    /* Periodic, through epoll. */
    its.it_value.tv_nsec = 20000000;
    its.it_interval.tv_nsec = 20000000;
    timerfd_settime(t, 0, &its, &old);
    printf("old value disarmed %d\n", old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);
    int ep = epoll_create1(0);
    add(ep, t, EPOLLIN, 9, "timer");
    show_events("before expiry", ep, 8, 0);
    show_events("wait for expiry", ep, 8, -1);
    usleep(70000);
    read(t, &n, 8);
    printf("periodic expirations >= 3: %d\n", n >= 3);
    timerfd_gettime(t, &old);
    printf("interval %ld ns\n", (long)old.it_interval.tv_nsec);
    /* Absolute, on the realtime clock, already past. */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int rt = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
    its = (struct itimerspec){ .it_value = { now.tv_sec - 1, 0 } };
    show_ok("settime absolute past", timerfd_settime(rt, TFD_TIMER_ABSTIME, &its, NULL));
    show("read past", read(rt, &n, 8));
    printf("expirations %llu\n", (unsigned long long)n);
    its.it_value.tv_nsec = 1000000000;
    show_err("settime bad nsec", timerfd_settime(rt, 0, &its, NULL));
    show_err("settime bad flags", timerfd_settime(rt, 8, &its, NULL));
    show_err("settime on eventfd", timerfd_settime(eventfd(0, 0), 0, &its, NULL));
    its = (struct itimerspec){ 0 };
    show_ok("disarm", timerfd_settime(t, 0, &its, NULL));
    show_events("disarmed", ep, 8, 0);
    close(ep);
    close(rt);
    close(t);
}

int main(void)
{
    fs_setup();
    eventfd_tests();
    epoll_tests();
    timerfd_tests();
    fs_teardown();
    return 0;
}
