/* A fork bomb bounded by RLIMIT_NPROC (issue 7): as an ordinary user (root is exempt
 * from the limit, on Linux and here), with RLIMIT_NPROC at 12, a process forks
 * children that wait on a pipe until fork fails; it must fail with EAGAIN
 * after 11 (the caller counts), the limit must read back, raising the hard
 * limit must be EPERM, and everything is reaped afterwards. Also
 * RLIMIT_NOFILE: descriptors stop at the soft limit with EMFILE. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *name(int e)
{
    switch (e) {
    case EAGAIN: return "EAGAIN";
    case EPERM: return "EPERM";
    case EMFILE: return "EMFILE";
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    default: return "other";
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    /* A user id of its own per build (argv[0] differs), so that builds run
     * side by side on the host do not count against each other's limit. */
    unsigned uid = 1000;
    for (const char *c = argv[0]; *c; c++)
        uid = uid * 31 + (unsigned char)*c;
    uid = 10000 + uid % 50000;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int fd = 3; fd < 256; fd++)
        close(fd);
    struct rlimit nofile = {8, 8};
    printf("setrlimit NOFILE 8: %d\n", setrlimit(RLIMIT_NOFILE, &nofile));
    int opened = 0, fd;
    while ((fd = open("/dev/null", O_RDONLY)) >= 0)
        opened++;
    printf("opened %d more, then %s\n", opened, name(errno));
    for (int i = 3; i < 8; i++)
        close(i);
    printf("dup2 to 8: %s\n", dup2(0, 8) < 0 ? name(errno) : "ok");

    struct rlimit nproc = {12, 12};
    printf("setrlimit NPROC 12: %d\n", setrlimit(RLIMIT_NPROC, &nproc));
    struct rlimit inverted = {13, 12};
    printf("soft above hard: %s\n", setrlimit(RLIMIT_NPROC, &inverted) < 0 ? name(errno) : "ok");
    if (setgid(uid) || setuid(uid)) {
        perror("dropping root");
        return 1;
    }
    struct rlimit higher = {12, 100};
    printf("raise hard as a user: %s\n", setrlimit(RLIMIT_NPROC, &higher) < 0 ? name(errno) : "ok");
    struct rlimit now;
    getrlimit(RLIMIT_NPROC, &now);
    printf("NPROC now %llu %llu\n", (unsigned long long)now.rlim_cur, (unsigned long long)now.rlim_max);

    int gate[2];
    pipe(gate);
    int children = 0;
    pid_t pids[64];
    for (;;) {
        pid_t child = fork();
        if (child == 0) {
            char byte;
            close(gate[1]);
            read(gate[0], &byte, 1); /* until the parent closes the gate */
            _exit(0);
        }
        if (child < 0) {
            printf("forked %d, then %s\n", children, name(errno));
            break;
        }
        pids[children++] = child;
        if (children == 64) {
            printf("no limit after 64 children\n");
            break;
        }
    }
    close(gate[1]);
    int reaped = 0;
    for (int i = 0; i < children; i++)
        if (waitpid(pids[i], NULL, 0) == pids[i])
            reaped++;
    printf("reaped %d\n", reaped);
    pid_t again = fork();
    if (again == 0)
        _exit(7);
    int status = 0;
    waitpid(again, &status, 0);
    printf("fork after the bomb: exit %d\n", WEXITSTATUS(status));
    return 0;
}
