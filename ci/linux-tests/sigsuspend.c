/* sigsuspend as shells wait for children (mksh, bash): SIGCHLD blocked around
 * fork, the child's exit left pending, then sigsuspend with SIGCHLD unblocked
 * must run the handler at once and fail with EINTR, the blocked mask back
 * afterwards; also a sigsuspend that waits for the signal, and a pending
 * signal with a default action of ignore, which must not wake it. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t chld_count, usr1_count;
static volatile int mask_in_handler_has_usr1;

static void on_chld(int signo) {
    (void)signo;
    chld_count++;
}

static void on_usr1(int signo) {
    (void)signo;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    mask_in_handler_has_usr1 = sigismember(&now, SIGUSR1);
    usr1_count++;
}

static void nap(void) {
    struct timespec t = {0, 100000000};
    nanosleep(&t, NULL);
}

static void report(const char *what, int result, int error) {
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("%s: %d %s, chld %d usr1 %d, CHLD blocked after: %d\n", what, result,
           error == EINTR ? "EINTR" : "other", (int)chld_count, (int)usr1_count,
           sigismember(&now, SIGCHLD));
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_handler = on_chld;
    sigaction(SIGCHLD, &sa, NULL);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);

    sigset_t chld, empty;
    sigemptyset(&empty);
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);

    /* 1. The child exits while SIGCHLD is blocked: pending, taken by sigsuspend. */
    sigprocmask(SIG_BLOCK, &chld, NULL);
    pid_t child = fork();
    if (child == 0)
        _exit(3);
    int status;
    sigset_t pending;
    do {
        nap();
        sigpending(&pending);
    } while (!sigismember(&pending, SIGCHLD));
    int r = sigsuspend(&empty);
    report("pending before sigsuspend", r, errno);
    waitpid(child, &status, 0);
    printf("child status %d\n", WEXITSTATUS(status));

    /* 2. sigsuspend waits; the child's exit wakes it. */
    child = fork();
    if (child == 0) {
        nap();
        _exit(4);
    }
    r = sigsuspend(&empty);
    report("woken by the child", r, errno);
    waitpid(child, &status, 0);
    printf("child status %d\n", WEXITSTATUS(status));

    /* 3. A pending, blocked signal that sigsuspend's mask keeps blocked does
     * not wake it; one the mask lets through does, and the handler runs with
     * its own signal blocked. */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    raise(SIGUSR1);
    child = fork();
    if (child == 0) {
        nap();
        _exit(5);
    }
    r = sigsuspend(&usr1); /* USR1 stays blocked: woken by SIGCHLD */
    report("USR1 kept blocked", r, errno);
    waitpid(child, &status, 0);
    r = sigsuspend(&chld); /* USR1 let through */
    report("USR1 let through", r, errno);
    printf("USR1 blocked in its handler: %d\n", mask_in_handler_has_usr1);
    sigpending(&pending);
    printf("pending after: CHLD %d USR1 %d\n", sigismember(&pending, SIGCHLD),
           sigismember(&pending, SIGUSR1));
    return 0;
}
