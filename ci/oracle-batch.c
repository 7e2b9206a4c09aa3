/* The oracle tier's runner inside the system (xtask/src/oracle.rs): one boot
 * runs many cases, one after another, as pid 1.
 *
 *   oracle-batch PROGRAM ARGS... --oracle-next-- PROGRAM ARGS... ...
 *
 * Each case runs as a child, as natively it runs as a child of xtask: its
 * standard input an empty pipe (natively an empty pipe too), standard output
 * and error the console's two lines. When it has ended, whatever it left
 * behind is killed (kill(-1, SIGKILL) spares only pid 1) and reaped, and an
 * end marker with the case's number and status (the exit code, or 128 plus
 * the signal, as xtask computes natively) goes to stdout and to stderr, so the
 * host can cut both streams into cases. A case that brings the system down
 * leaves the markers of the cases before it; xtask runs the rest alone. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define NEXT "--oracle-next--"

static void marker(int fd, int number, int status) {
    char text[64];
    int n = snprintf(text, sizeof text, "\x1e<oracle-batch end %d status %d>\x1e", number, status);
    const char *p = text;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= w;
    }
}

static int run(char **argv) {
    int input[2];
    if (pipe(input) != 0) {
        perror("oracle-batch: pipe");
        return 125;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("oracle-batch: fork");
        return 125;
    }
    if (child == 0) {
        close(input[1]);
        dup2(input[0], 0);
        close(input[0]);
        execv(argv[0], argv);
        fprintf(stderr, "oracle-batch: cannot execute %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(input[0]);
    close(input[1]);
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("oracle-batch: waitpid");
            return 125;
        }
    }
    /* What the case left running (background jobs, daemons) ends with it. */
    kill(-1, SIGKILL);
    while (wait(NULL) > 0 || errno == EINTR) {
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

int main(int argc, char **argv) {
    int number = 0;
    int start = 1;
    for (int i = 1; i <= argc; i++) {
        if (i < argc && strcmp(argv[i], NEXT) != 0)
            continue;
        argv[i] = NULL; /* argv[argc] is NULL already */
        if (i > start) {
            int status = run(&argv[start]);
            marker(1, number, status);
            marker(2, number, status);
        }
        number++;
        start = i + 1;
    }
    return 0;
}
