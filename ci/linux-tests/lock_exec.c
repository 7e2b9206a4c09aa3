/* POSIX record locks across execve: a descriptor closed by close-on-exec
 * releases the process's locks on its file (as any close does); one kept
 * open keeps them, since the process is the same. Another process looks with
 * F_GETLK after the exec. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *type_name(short type) {
    return type == F_UNLCK ? "unlocked" : type == F_WRLCK ? "write-locked" : type == F_RDLCK ? "read-locked" : "?";
}

static void lock_whole(int fd) {
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        perror("F_SETLK");
        exit(1);
    }
}

/* Seen from this process (not the holder): the lock on the whole file. */
static const char *seen(const char *path) {
    int fd = open(path, O_RDWR);
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fd < 0 || fcntl(fd, F_GETLK, &fl) != 0) {
        perror("F_GETLK");
        exit(1);
    }
    close(fd);
    return type_name(fl.l_type);
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "after-exec") == 0) {
        /* The new image: tell the parent, wait to be told to end. */
        int report = atoi(argv[2]);
        char byte = 'x';
        if (write(report, &byte, 1) != 1)
            return 1;
        pause();
        return 0;
    }
    char cloexec_path[] = "/tmp/lock-exec-cloexec-XXXXXX";
    char kept_path[] = "/tmp/lock-exec-kept-XXXXXX";
    int a = mkstemp(cloexec_path), b = mkstemp(kept_path);
    if (a < 0 || b < 0) {
        perror("mkstemp");
        return 1;
    }
    close(a);
    close(b);
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return 1;
    pid_t child = fork();
    if (child == 0) {
        close(pipefd[0]);
        int closed_at_exec = open(cloexec_path, O_RDWR | O_CLOEXEC);
        int kept = open(kept_path, O_RDWR);
        lock_whole(closed_at_exec);
        lock_whole(kept);
        char report[16];
        snprintf(report, sizeof report, "%d", pipefd[1]);
        execl("/proc/self/exe", argv[0], "after-exec", report, (char *)NULL);
        perror("execl");
        _exit(1);
    }
    close(pipefd[1]);
    char byte;
    if (read(pipefd[0], &byte, 1) != 1) {
        printf("child did not reach the new image\n");
        return 1;
    }
    printf("after exec, file of the close-on-exec descriptor: %s\n", seen(cloexec_path));
    printf("after exec, file of the kept descriptor: %s\n", seen(kept_path));
    kill(child, SIGTERM);
    int status;
    waitpid(child, &status, 0);
    printf("child ended by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    printf("after the child's end: %s, %s\n", seen(cloexec_path), seen(kept_path));
    unlink(cloexec_path);
    unlink(kept_path);
    return 0;
}
