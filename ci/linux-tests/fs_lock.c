/* File locks: flock (shared, exclusive, LOCK_NB across two open file
 * descriptions, inheritance through dup and fork, a blocked LOCK_EX woken by
 * LOCK_UN), fcntl record locks with a forked child (F_GETLK reporting the
 * parent's lock and pid, printed as "parent"; range splitting; F_SETLKW
 * waiting; the lock lost when any descriptor of the file is closed) and open
 * file description locks (F_OFD_SETLK/F_OFD_GETLK).
 * Only the parent prints: children report through a pipe, so the transcript
 * does not depend on scheduling. */
#include "fs_common.h"

#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>

#ifndef F_OFD_GETLK
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#endif

static int report[2], go[2];
static pid_t parent_pid, child_pid;

static void child_say(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (write(report[1], line, n) != n)
        _exit(9);
}

/* Prints what the child reported, up to a line "END\n". */
static void relay(void)
{
    static char pending[4096];
    static size_t have;
    for (;;) {
        char *nl;
        while ((nl = memchr(pending, '\n', have)) != NULL) {
            size_t len = nl - pending + 1;
            int end = len == 4 && memcmp(pending, "END", 3) == 0;
            if (!end)
                printf("  child: %.*s", (int)len, pending);
            memmove(pending, pending + len, have - len);
            have -= len;
            if (end)
                return;
        }
        ssize_t n = read(report[0], pending + have, sizeof pending - have);
        if (n <= 0) {
            printf("  child: (report closed)\n");
            return;
        }
        have += n;
    }
}

static const char *lock_type(int t)
{
    return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?";
}

static const char *who(pid_t pid)
{
    return pid == parent_pid ? "parent" : pid == child_pid && pid != 0 ? "child"
         : pid == -1 ? "-1 (OFD)" : pid == 0 ? "0" : "other";
}

static struct flock range(short type, off_t start, off_t len)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = start;
    fl.l_len = len;
    return fl;
}

/* F_GETLK (or F_OFD_GETLK) on [start, start+len) for a write lock; the
 * description of the answer goes into out. */
static void getlk(int fd, int cmd, off_t start, off_t len, char *out, size_t size)
{
    struct flock fl = range(F_WRLCK, start, len);
    if (fcntl(fd, cmd, &fl) != 0) {
        snprintf(out, size, "-1 %s", errno_name(errno));
        return;
    }
    if (fl.l_type == F_UNLCK)
        snprintf(out, size, "F_UNLCK");
    else
        snprintf(out, size, "%s start %lld len %lld pid %s", lock_type(fl.l_type),
                 (long long)fl.l_start, (long long)fl.l_len, who(fl.l_pid));
}

static void sleep_ms(int ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

static int wait_child(void)
{
    int status = 0;
    waitpid(child_pid, &status, 0);
    child_pid = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static pid_t start_child(void)
{
    fflush(stdout);
    child_pid = fork();
    if (child_pid < 0)
        die("fork");
    return child_pid;
}

static long setlk(int fd, int cmd, short type, off_t start, off_t len)
{
    struct flock fl = range(type, start, len);
    return fcntl(fd, cmd, &fl);
}

int main(void)
{
    fs_setup();
    parent_pid = getpid();
    if (pipe(report) != 0 || pipe(go) != 0)
        die("pipe");
    char text[160];
    int fd = open("f", O_RDWR | O_CREAT, 0644);
    if (write(fd, "0123456789", 10) != 10)
        die("write");

    printf("== flock\n");
    int fd1 = open("f", O_RDWR), fd2 = open("f", O_RDWR);
    show("flock fd1 LOCK_SH", flock(fd1, LOCK_SH));
    show("flock fd2 LOCK_SH|LOCK_NB", flock(fd2, LOCK_SH | LOCK_NB));
    show_err("flock fd2 LOCK_EX|LOCK_NB (fd1 shares)", flock(fd2, LOCK_EX | LOCK_NB));
    printf("EWOULDBLOCK is EAGAIN: %s\n", EWOULDBLOCK == EAGAIN ? "true" : "false");
    show("flock fd1 LOCK_UN", flock(fd1, LOCK_UN));
    show("flock fd2 LOCK_EX|LOCK_NB (upgrade)", flock(fd2, LOCK_EX | LOCK_NB));
    show_err("flock fd1 LOCK_SH|LOCK_NB", flock(fd1, LOCK_SH | LOCK_NB));
    show("flock fd2 LOCK_EX again", flock(fd2, LOCK_EX | LOCK_NB));
    int fd3 = dup(fd2);
    show("flock dup of fd2 LOCK_EX|LOCK_NB (same description)", flock(fd3, LOCK_EX | LOCK_NB));
    close(fd2);
    show_err("after closing fd2, fd1 LOCK_EX|LOCK_NB (dup still holds)", flock(fd1, LOCK_EX | LOCK_NB));
    if (start_child() == 0) {
        int other = open("f", O_RDWR);
        child_say("inherited descriptor LOCK_EX|LOCK_NB: %s\n",
                  flock(fd3, LOCK_EX | LOCK_NB) == 0 ? "ok" : errno_name(errno));
        child_say("own open LOCK_SH|LOCK_NB: %s\n",
                  flock(other, LOCK_SH | LOCK_NB) == 0 ? "ok" : errno_name(errno));
        child_say("END\n");
        _exit(0);
    }
    relay();
    printf("child status %d\n", wait_child());
    close(fd3);
    show("after closing the dup, fd1 LOCK_EX|LOCK_NB", flock(fd1, LOCK_EX | LOCK_NB));
    show_err("flock bad operation", flock(fd1, 77));
    show_err("flock bad fd", flock(99, LOCK_SH));
    /* A blocked LOCK_EX in the child is granted when the parent unlocks. */
    if (start_child() == 0) {
        int other = open("f", O_RDWR);
        child_say("LOCK_EX|LOCK_NB: %s\n", flock(other, LOCK_EX | LOCK_NB) == 0 ? "ok" : errno_name(errno));
        child_say("END\n");
        int r = flock(other, LOCK_EX);
        child_say("blocking LOCK_EX returned %d\n", r);
        child_say("END\n");
        _exit(0);
    }
    relay();
    sleep_ms(50);
    printf("parent: LOCK_UN\n");
    flock(fd1, LOCK_UN);
    relay();
    printf("child status %d\n", wait_child());
    show("fd1 LOCK_SH|LOCK_NB after the child exited", flock(fd1, LOCK_SH | LOCK_NB));
    close(fd1);

    printf("== fcntl record locks\n");
    show("F_SETLK F_WRLCK 0..10", setlk(fd, F_SETLK, F_WRLCK, 0, 10));
    getlk(fd, F_GETLK, 0, 10, text, sizeof text);
    printf("parent F_GETLK 0..10 (own lock does not conflict): %s\n", text);
    if (start_child() == 0) {
        getlk(fd, F_GETLK, 0, 10, text, sizeof text);
        child_say("F_GETLK 0..10: %s\n", text);
        getlk(fd, F_GETLK, 5, 100, text, sizeof text);
        child_say("F_GETLK 5..105: %s\n", text);
        getlk(fd, F_GETLK, 20, 10, text, sizeof text);
        child_say("F_GETLK 20..30: %s\n", text);
        child_say("F_SETLK F_RDLCK 5..6: %s\n",
                  setlk(fd, F_SETLK, F_RDLCK, 5, 1) == 0 ? "ok" : errno_name(errno));
        child_say("F_SETLK F_WRLCK 10..20: %s\n",
                  setlk(fd, F_SETLK, F_WRLCK, 10, 10) == 0 ? "ok" : errno_name(errno));
        child_say("END\n");
        int r = setlk(fd, F_SETLKW, F_WRLCK, 0, 1);
        child_say("F_SETLKW F_WRLCK 0..1 returned %d\n", r);
        getlk(fd, F_GETLK, 0, 0, text, sizeof text);
        child_say("F_GETLK whole file after: %s\n", text);
        child_say("END\n");
        /* Holds its locks until the parent has looked. */
        char c;
        if (read(go[0], &c, 1) != 1)
            _exit(8);
        _exit(0);
    }
    relay();
    getlk(fd, F_GETLK, 10, 10, text, sizeof text);
    printf("parent F_GETLK 10..20: %s\n", text);
    sleep_ms(50);
    printf("parent: F_UNLCK 0..10\n");
    setlk(fd, F_SETLK, F_UNLCK, 0, 10);
    relay();
    getlk(fd, F_GETLK, 0, 5, text, sizeof text);
    printf("parent F_GETLK 0..5: %s\n", text);
    getlk(fd, F_GETLK, 1, 5, text, sizeof text);
    printf("parent F_GETLK 1..6: %s\n", text);
    if (write(go[1], "x", 1) != 1)
        die("write");
    printf("child status %d\n", wait_child());
    getlk(fd, F_GETLK, 0, 0, text, sizeof text);
    printf("parent F_GETLK after the child exited: %s\n", text);

    printf("== splitting and merging ranges\n");
    show("F_SETLK F_WRLCK 0..100", setlk(fd, F_SETLK, F_WRLCK, 0, 100));
    show("F_SETLK F_UNLCK 40..60", setlk(fd, F_SETLK, F_UNLCK, 40, 20));
    show("F_SETLK F_RDLCK 80..to EOF and beyond", setlk(fd, F_SETLK, F_RDLCK, 80, 0));
    if (start_child() == 0) {
        getlk(fd, F_GETLK, 45, 1, text, sizeof text);
        child_say("F_GETLK 45: %s\n", text);
        getlk(fd, F_GETLK, 30, 1, text, sizeof text);
        child_say("F_GETLK 30: %s\n", text);
        getlk(fd, F_GETLK, 70, 1, text, sizeof text);
        child_say("F_GETLK 70: %s\n", text);
        getlk(fd, F_GETLK, 1000, 1, text, sizeof text);
        child_say("F_GETLK 1000: %s\n", text);
        child_say("F_SETLK F_RDLCK 90..91 (shares a read lock): %s\n",
                  setlk(fd, F_SETLK, F_RDLCK, 90, 1) == 0 ? "ok" : errno_name(errno));
        child_say("END\n");
        _exit(0);
    }
    relay();
    printf("child status %d\n", wait_child());
    /* Closing any descriptor of the file drops the process's record locks. */
    int again = open("f", O_RDONLY);
    close(again);
    if (start_child() == 0) {
        getlk(fd, F_GETLK, 0, 0, text, sizeof text);
        child_say("after the parent closed another descriptor, F_GETLK: %s\n", text);
        child_say("END\n");
        _exit(0);
    }
    relay();
    printf("child status %d\n", wait_child());
    int ro = open("f", O_RDONLY);
    show_err("F_SETLK F_WRLCK on a read-only descriptor", setlk(ro, F_SETLK, F_WRLCK, 0, 1));
    show("F_SETLK F_RDLCK on a read-only descriptor", setlk(ro, F_SETLK, F_RDLCK, 0, 1));
    show_err("F_SETLK bad type", setlk(fd, F_SETLK, 42, 0, 1));
    struct flock bad = range(F_WRLCK, -5, 1);
    show_err("F_SETLK negative start", fcntl(fd, F_SETLK, &bad));
    bad = range(F_WRLCK, 0, 1);
    bad.l_whence = 7;
    show_err("F_SETLK bad whence", fcntl(fd, F_SETLK, &bad));
    struct flock fromcur = range(F_WRLCK, -2, 2);
    lseek(fd, 5, SEEK_SET);
    fromcur.l_whence = SEEK_CUR;
    show("F_SETLK SEEK_CUR -2 len 2", fcntl(fd, F_SETLK, &fromcur));
    if (start_child() == 0) {
        getlk(fd, F_GETLK, 2, 8, text, sizeof text);
        child_say("F_GETLK 2..10: %s\n", text);
        getlk(fd, F_GETLK, 0, 2, text, sizeof text);
        child_say("F_GETLK 0..2: %s\n", text);
        child_say("END\n");
        _exit(0);
    }
    relay();
    printf("child status %d\n", wait_child());
    setlk(fd, F_SETLK, F_UNLCK, 0, 0);
    close(ro);

    printf("== open file description locks\n");
    int o1 = open("f", O_RDWR), o2 = open("f", O_RDWR);
    show("F_OFD_SETLK o1 F_WRLCK 0..10", setlk(o1, F_OFD_SETLK, F_WRLCK, 0, 10));
    show_err("F_OFD_SETLK o2 F_WRLCK 5..6 (same process, other description)",
             setlk(o2, F_OFD_SETLK, F_WRLCK, 5, 1));
    getlk(o2, F_OFD_GETLK, 0, 0, text, sizeof text);
    printf("F_OFD_GETLK o2: %s\n", text);
    getlk(o1, F_OFD_GETLK, 0, 0, text, sizeof text);
    printf("F_OFD_GETLK o1 (own description): %s\n", text);
    getlk(o2, F_GETLK, 0, 0, text, sizeof text);
    printf("F_GETLK (classic) o2: %s\n", text);
    show_err("F_SETLK (classic) o2 F_RDLCK 0..1", setlk(o2, F_SETLK, F_RDLCK, 0, 1));
    struct flock withpid = range(F_WRLCK, 20, 1);
    withpid.l_pid = getpid();
    show_err("F_OFD_SETLK with l_pid set", fcntl(o2, F_OFD_SETLK, &withpid));
    int o1dup = dup(o1);
    show("F_OFD_SETLK dup of o1 F_RDLCK 0..5 (same description)", setlk(o1dup, F_OFD_SETLK, F_RDLCK, 0, 5));
    close(o1dup);
    getlk(o2, F_OFD_GETLK, 0, 1, text, sizeof text);
    printf("after closing the dup, F_OFD_GETLK o2 0..1: %s\n", text);
    getlk(o2, F_OFD_GETLK, 7, 1, text, sizeof text);
    printf("after closing the dup, F_OFD_GETLK o2 7..8: %s\n", text);
    if (start_child() == 0) {
        child_say("F_OFD_SETLK inherited o1 F_WRLCK 0..10: %s\n",
                  setlk(o1, F_OFD_SETLK, F_WRLCK, 0, 10) == 0 ? "ok" : errno_name(errno));
        child_say("F_OFD_SETLK inherited o2 F_WRLCK 0..10: %s\n",
                  setlk(o2, F_OFD_SETLK, F_WRLCK, 0, 10) == 0 ? "ok" : errno_name(errno));
        child_say("END\n");
        close(o1); /* else its description, and so the lock, stays open */
        int r = setlk(o2, F_OFD_SETLKW, F_WRLCK, 0, 10);
        child_say("F_OFD_SETLKW o2 returned %d\n", r);
        child_say("END\n");
        _exit(0);
    }
    relay();
    sleep_ms(50);
    printf("parent: closing o1 (the child closed its copy: the description, and its lock, go away)\n");
    close(o1);
    relay();
    printf("child status %d\n", wait_child());
    getlk(o2, F_OFD_GETLK, 0, 0, text, sizeof text);
    printf("F_OFD_GETLK o2 at the end: %s\n", text);
    close(o2);
    close(fd);

    fs_teardown();
    return 0;
}
