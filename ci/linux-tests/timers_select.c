/* alarm, setitimer(ITIMER_REAL) with SIGALRM handlers, pause, select and
 * pselect over pipes, times(), getrusage (its `int who` given zero-extended,
 * as klibc passes RUSAGE_CHILDREN). Output must match Linux exactly. */
#define _DEFAULT_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;

static void on_alarm(int signo) {
    (void)signo;
    ticks++;
}

int main(void) {
    /* alarm: the previous alarm's remaining seconds. */
    unsigned first = alarm(5);
    unsigned left = alarm(0);
    printf("alarm: first=%u left=%u\n", first, left);

    /* A periodic ITIMER_REAL and pause(). */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 20000}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    while (ticks < 3) {
        pause();
    }
    struct itimerval now;
    getitimer(ITIMER_REAL, &now);
    printf("itimer: ticks>=3 %d, interval %ld us, armed %d\n", ticks >= 3, (long)now.it_interval.tv_usec,
           now.it_value.tv_sec > 0 || now.it_value.tv_usec > 0);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    getitimer(ITIMER_REAL, &now);
    printf("itimer off: %d\n", now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0);

    /* select over a pipe: writable at once, readable after a write. */
    int fds[2];
    if (pipe(fds) != 0) {
        perror("pipe");
        return 1;
    }
    fd_set r, w;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(fds[0], &r);
    FD_SET(fds[1], &w);
    struct timeval zero = {0, 0};
    int n = select(fds[1] + 1, &r, &w, NULL, &zero);
    printf("select empty pipe: %d readable=%d writable=%d\n", n, FD_ISSET(fds[0], &r) != 0, FD_ISSET(fds[1], &w) != 0);
    if (write(fds[1], "x", 1) != 1) {
        perror("write");
        return 1;
    }
    FD_ZERO(&r);
    FD_SET(fds[0], &r);
    struct timespec ts = {1, 0};
    n = pselect(fds[0] + 1, &r, NULL, NULL, &ts, NULL);
    printf("pselect after write: %d readable=%d\n", n, FD_ISSET(fds[0], &r) != 0);
    close(fds[1]);
    char c;
    ssize_t got = read(fds[0], &c, 1);
    ssize_t eof = read(fds[0], &c, 1);
    printf("read: %zd, then eof: %zd\n", got, eof);
    /* A timeout with nothing ready. */
    FD_ZERO(&r);
    int again[2];
    if (pipe(again) != 0) {
        return 1;
    }
    FD_SET(again[0], &r);
    struct timeval short_wait = {0, 30000};
    n = select(again[0] + 1, &r, NULL, NULL, &short_wait);
    printf("select timeout: %d\n", n);

    struct tms t;
    printf("times: %d\n", times(&t) != (clock_t)-1);

    struct rusage usage;
    printf("getrusage children: %d\n", getrusage(RUSAGE_CHILDREN, &usage));
    long zero_extended = (long)(unsigned int)RUSAGE_CHILDREN;
    printf("getrusage zero-extended who: %ld\n", syscall(SYS_getrusage, zero_extended, &usage));
    printf("getrusage bad who: %ld\n", syscall(SYS_getrusage, 7L, &usage));
    return 0;
}
