/* SA_RESTART: a read blocked on an empty pipe, interrupted by SIGALRM whose
 * handler writes to that pipe, restarts and returns the byte; without
 * SA_RESTART it fails with EINTR. Also wait4 restarted by SIGCHLD-free alarm. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static int fds[2];
static volatile sig_atomic_t alarms;

static void on_alarm(int signo) {
    (void)signo;
    alarms++;
    if (write(fds[1], "R", 1) != 1) {
        _exit(9);
    }
}

static void arm(int restart) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 30000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
    if (pipe(fds) != 0) {
        return 1;
    }
    char c = 0;
    arm(1);
    ssize_t n = read(fds[0], &c, 1);
    printf("with SA_RESTART: read=%zd byte=%c alarms=%d\n", n, c, (int)alarms);

    arm(0);
    errno = 0;
    n = read(fds[0], &c, 1);
    int e = errno;
    printf("without: read=%zd errno=%s alarms=%d\n", n, e == EINTR ? "EINTR" : strerror(e), (int)alarms);
    n = read(fds[0], &c, 1);
    printf("then: read=%zd byte=%c\n", n, c);
    return 0;
}
