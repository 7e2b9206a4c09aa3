/* Pipe writes (pipe(7), issue 7): a blocking write of 1 MiB returns 1 MiB
 * once a slow reader has taken it all; writes of PIPE_BUF bytes from two
 * writers never interleave; O_NONBLOCK writes are partial or EAGAIN; a
 * signal ends a blocked write with the count written so far, or EINTR if
 * none; the last reader's close gives EPIPE and SIGPIPE. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG (1 << 20)

static volatile int alarms, pipes;
static void on_alarm(int s) { (void)s; alarms++; }
static void on_pipe(int s) { (void)s; pipes++; }

static void arm(long ms) {
    struct itimerval t = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &t, NULL);
}

static ssize_t read_full(int fd, char *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0)
            return got ? (ssize_t)got : r;
        got += r;
    }
    return got;
}

int main(void) {
    static char data[BIG];
    unsigned long sum = 0;
    for (int i = 0; i < BIG; i++) {
        data[i] = (char)(i * 7 + i / 4096);
        sum += (unsigned char)data[i];
    }

    /* 1. One blocking write of 1 MiB, read in 1000-byte pieces. */
    int p[2];
    pipe(p);
    pid_t reader = fork();
    if (reader == 0) {
        close(p[1]);
        char buf[1000];
        unsigned long got = 0, rsum = 0;
        ssize_t n;
        while ((n = read(p[0], buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < n; i++)
                rsum += (unsigned char)buf[i];
            got += n;
        }
        printf("reader: %lu bytes, sum matches %d\n", got, rsum == sum);
        fflush(stdout);
        _exit(0);
    }
    close(p[0]);
    ssize_t w = write(p[1], data, BIG);
    printf("write of 1 MiB returned %zd\n", w);
    fflush(stdout);
    close(p[1]);
    waitpid(reader, NULL, 0);

    /* 2. Two writers of 4096-byte records: each record arrives whole. */
    pipe(p);
    for (int k = 0; k < 2; k++) {
        if (fork() == 0) {
            close(p[0]);
            char rec[4096];
            memset(rec, 'a' + k, sizeof rec);
            for (int i = 0; i < 64; i++)
                write(p[1], rec, sizeof rec);
            _exit(0);
        }
    }
    close(p[1]);
    char rec[4096];
    int records = 0, intact = 1, counts[2] = {0, 0};
    while (read_full(p[0], rec, sizeof rec) == (ssize_t)sizeof rec) {
        records++;
        for (int i = 1; i < 4096; i++)
            if (rec[i] != rec[0])
                intact = 0;
        if (rec[0] == 'a' || rec[0] == 'b')
            counts[rec[0] - 'a']++;
    }
    close(p[0]);
    while (wait(NULL) > 0) {
    }
    printf("records %d intact %d per writer %d %d\n", records, intact, counts[0], counts[1]);

    /* 3. O_NONBLOCK: partial, then EAGAIN; atomic writes need the room. */
    pipe2(p, O_NONBLOCK);
    w = write(p[1], data, 100000);
    printf("nonblocking 100000: %zd\n", w);
    w = write(p[1], data, 1);
    printf("full: %zd %s\n", w, errno == EAGAIN ? "EAGAIN" : strerror(errno));
    static char sink[BIG];
    printf("drained %zd\n", read(p[0], sink, sizeof sink));
    w = write(p[1], data, 4096);
    printf("nonblocking 4096 to empty: %zd\n", w);
    printf("read back %zd\n", read(p[0], sink, 10000));
    w = read(p[0], sink, 10000);
    printf("nonblocking read of empty: %zd %s\n", w, errno == EAGAIN ? "EAGAIN" : strerror(errno));
    close(p[0]);
    close(p[1]);

    /* 4. A signal ends a blocked write: the count so far, or EINTR. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    pipe(p);
    arm(300);
    w = write(p[1], data, 200000);
    printf("interrupted after some: %zd (alarms %d)\n", w, alarms);
    arm(300);
    w = write(p[1], data, 10);
    printf("interrupted before any: %zd %s (alarms %d)\n", w, errno == EINTR ? "EINTR" : strerror(errno),
           alarms);

    /* 5. The reader closes while a big write waits: the count so far, then EPIPE. */
    sa.sa_handler = on_pipe;
    sigaction(SIGPIPE, &sa, NULL);
    printf("drained %zd\n", read_full(p[0], sink, 65536));
    reader = fork();
    if (reader == 0) {
        close(p[1]);
        usleep(200000);
        _exit(0);
    }
    close(p[0]);
    w = write(p[1], data, 200000);
    printf("reader gone during write: %zd, SIGPIPE %d\n", w, pipes);
    waitpid(reader, NULL, 0);
    w = write(p[1], data, 10);
    printf("after: %zd %s, SIGPIPE %d\n", w, errno == EPIPE ? "EPIPE" : strerror(errno), pipes);
    return 0;
}
