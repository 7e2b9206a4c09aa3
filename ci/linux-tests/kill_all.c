/* kill(-1, sig) signals every process but init and the caller (Linux's
 * kill_something_info): children die, the caller lives on, and with no one
 * left to signal the answer is ESRCH. Run in the system only: natively it
 * would signal every process of the host. Exit status 0 when all holds. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int bad = 0;
    pid_t children[3];
    for (int i = 0; i < 3; i++) {
        children[i] = fork();
        if (children[i] == 0) {
            for (;;)
                pause();
        }
    }
    if (kill(-1, SIGTERM) != 0) {
        printf("kill(-1, SIGTERM): %m\n");
        bad = 1;
    }
    for (int i = 0; i < 3; i++) {
        int status;
        if (waitpid(children[i], &status, 0) != children[i] || !WIFSIGNALED(status) ||
            WTERMSIG(status) != SIGTERM) {
            printf("child %d: not ended by SIGTERM (status %#x)\n", i, status);
            bad = 1;
        }
    }
    errno = 0;
    if (kill(-1, 0) != -1 || errno != ESRCH) {
        printf("kill(-1, 0) with no one to signal: %m, not ESRCH\n");
        bad = 1;
    }
    printf("kill(-1): %s\n", bad ? "wrong" : "ok");
    return bad;
}
