/* Job control: SIGSTOP and SIGCONT on a child, seen by waitpid (WUNTRACED,
 * WCONTINUED) and waitid (WSTOPPED, WCONTINUED, WNOWAIT); SIGCHLD for each
 * stop and continue unless SA_NOCLDSTOP; a stopped child does not run (it
 * does not read a byte written to it); raise(SIGSTOP); SIGTSTP stopping a
 * child in its own process group; SIGKILL ending a stopped child. Also
 * tcgetattr on a pipe: ENOTTY. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t sigchld_count;

static void on_sigchld(int signo) {
    (void)signo;
    sigchld_count++;
}

static void handle_sigchld(int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigchld;
    sa.sa_flags = SA_RESTART | flags;
    sigaction(SIGCHLD, &sa, NULL);
}

static void describe(const char *what, int status) {
    if (WIFSTOPPED(status)) {
        printf("%s: stopped by %s\n", what, WSTOPSIG(status) == SIGSTOP ? "SIGSTOP" : "SIGTSTP");
    } else if (WIFCONTINUED(status)) {
        printf("%s: continued\n", what);
    } else if (WIFEXITED(status)) {
        printf("%s: exited %d\n", what, WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
        printf("%s: killed by %d\n", what, WTERMSIG(status));
    } else {
        printf("%s: status %#x\n", what, status);
    }
}

static void nap(void) {
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

/* The child echoes one byte from `in` to `out`, waits for a second byte,
 * then exits 7. (Linux sends the SIGCHLD of a continue when the child next
 * runs, so the parent looks at it only after the child's echo.) */
static void stop_and_continue(void) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) {
        _exit(1);
    }
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        char c;
        if (read(in[0], &c, 1) != 1 || write(out[1], &c, 1) != 1 || read(in[0], &c, 1) != 1) {
            _exit(1);
        }
        _exit(7);
    }
    int status = 0;
    sigchld_count = 0;
    kill(child, SIGSTOP);
    pid_t got = waitpid(child, &status, WUNTRACED);
    describe(got == child ? "waitpid WUNTRACED" : "waitpid: wrong pid", status);
    printf("SIGCHLD after stop: %d\n", (int)sigchld_count);
    got = waitpid(child, &status, WNOHANG | WUNTRACED);
    printf("stop reported once: %d\n", (int)got);

    /* Stopped: the byte stays in the pipe. */
    if (write(in[1], "x", 1) != 1) {
        _exit(1);
    }
    nap();
    struct pollfd fd = {out[0], POLLIN, 0};
    printf("stopped child ran: %d\n", poll(&fd, 1, 0));

    kill(child, SIGCONT);
    char c = 0;
    ssize_t n = read(out[0], &c, 1);
    printf("child echoed: %zd %c\n", n, c);
    got = waitpid(child, &status, WCONTINUED);
    describe(got == child ? "waitpid WCONTINUED" : "waitpid: wrong pid", status);
    printf("SIGCHLD after continue: %d\n", (int)sigchld_count);
    if (write(in[1], "y", 1) != 1) {
        _exit(1);
    }
    got = waitpid(child, &status, 0);
    describe(got == child ? "waitpid" : "waitpid: wrong pid", status);
    close(in[0]);
    close(in[1]);
    close(out[0]);
    close(out[1]);
}

static void with_waitid(void) {
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        for (;;) {
            pause();
        }
    }
    siginfo_t info;
    kill(child, SIGSTOP);
    memset(&info, 0, sizeof info);
    waitid(P_PID, child, &info, WSTOPPED | WNOWAIT);
    printf("waitid WNOWAIT: code %s status %d\n",
           info.si_code == CLD_STOPPED ? "CLD_STOPPED" : "?", info.si_status);
    memset(&info, 0, sizeof info);
    waitid(P_PID, child, &info, WSTOPPED);
    printf("waitid WSTOPPED: code %s status %d pid ok %d\n",
           info.si_code == CLD_STOPPED ? "CLD_STOPPED" : "?", info.si_status,
           info.si_pid == child);
    kill(child, SIGCONT);
    memset(&info, 0, sizeof info);
    waitid(P_PID, child, &info, WCONTINUED);
    printf("waitid WCONTINUED: code %s status %d\n",
           info.si_code == CLD_CONTINUED ? "CLD_CONTINUED" : "?", info.si_status);
    /* A stopped child dies of SIGKILL. */
    kill(child, SIGSTOP);
    memset(&info, 0, sizeof info);
    waitid(P_PID, child, &info, WSTOPPED);
    kill(child, SIGKILL);
    memset(&info, 0, sizeof info);
    waitid(P_PID, child, &info, WEXITED);
    printf("waitid WEXITED: code %s status %d\n",
           info.si_code == CLD_KILLED ? "CLD_KILLED" : "?", info.si_status);
}

static void self_stop(void) {
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        raise(SIGSTOP);
        _exit(3);
    }
    int status = 0;
    waitpid(child, &status, WUNTRACED);
    describe("raise(SIGSTOP)", status);
    kill(child, SIGCONT);
    waitpid(child, &status, 0);
    describe("after SIGCONT", status);
}

static void terminal_stop(void) {
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        setpgid(0, 0);
        for (;;) {
            pause();
        }
    }
    setpgid(child, child);
    int status = 0;
    kill(child, SIGTSTP);
    waitpid(child, &status, WUNTRACED);
    describe("SIGTSTP", status);
    kill(-child, SIGCONT);
    waitpid(child, &status, WCONTINUED);
    describe("killpg SIGCONT", status);
    kill(child, SIGTERM);
    waitpid(child, &status, 0);
    describe("SIGTERM", status);
}

static void no_cldstop(void) {
    handle_sigchld(SA_NOCLDSTOP);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        for (;;) {
            pause();
        }
    }
    sigchld_count = 0;
    int status = 0;
    kill(child, SIGSTOP);
    waitpid(child, &status, WUNTRACED);
    kill(child, SIGCONT);
    waitpid(child, &status, WCONTINUED);
    printf("SA_NOCLDSTOP: SIGCHLD %d\n", (int)sigchld_count);
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    describe("SA_NOCLDSTOP child", status);
    printf("SIGCHLD after exit: %d\n", (int)sigchld_count);
}

int main(void) {
    handle_sigchld(0);
    stop_and_continue();
    with_waitid();
    self_stop();
    terminal_stop();
    no_cldstop();

    int fds[2];
    struct termios t;
    if (pipe(fds) != 0) {
        return 1;
    }
    errno = 0;
    int r = tcgetattr(fds[0], &t);
    printf("tcgetattr(pipe): %d %s\n", r, errno == ENOTTY ? "ENOTTY" : strerror(errno));
    printf("isatty(pipe): %d\n", isatty(fds[1]));
    return 0;
}
