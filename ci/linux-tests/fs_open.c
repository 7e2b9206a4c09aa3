/* open/openat/creat flags, close/close_range, EBADF, dup/dup2/dup3, fcntl
 * descriptor and status flags, and a forked child sharing the file offset.
 * Descriptor numbers are printed: fs_setup() closes everything above 2, so
 * they are the lowest free ones, the same natively and in the system. */
#include "fs_common.h"

#include <sys/wait.h>

#ifndef O_PATH
#define O_PATH 010000000
#endif
#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC 4u
#endif
#ifndef SYS_dup3
#define SYS_dup3 292
#endif

static void put(const char *name, const char *text)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        die(name);
    close(fd);
}

/* Prints the whole content of a file, read through a new descriptor. */
static void cat(const char *name)
{
    char buf[256];
    int fd = open(name, O_RDONLY);
    if (fd < 0) {
        printf("  %s: open -1 %s\n", name, errno_name(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0) {
        printf("  %s: read -1 %s\n", name, errno_name(errno));
        return;
    }
    buf[n] = 0;
    printf("  %s contains \"%s\" (%zd bytes)\n", name, buf, n);
}

static void flags(const char *what, int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) {
        printf("%s F_GETFL: -1 %s\n", what, errno_name(errno));
        return;
    }
    const char *acc = (fl & O_ACCMODE) == O_RDONLY ? "O_RDONLY"
                      : (fl & O_ACCMODE) == O_WRONLY ? "O_WRONLY"
                      : (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" : "O_ACCMODE?";
    printf("%s F_GETFL: %s%s%s (O_LARGEFILE %s)\n", what, acc, fl & O_APPEND ? "|O_APPEND" : "",
           fl & O_NONBLOCK ? "|O_NONBLOCK" : "", (fl & 0100000) ? "set" : "clear");
}

static long offset(int fd)
{
    return (long)lseek(fd, 0, SEEK_CUR);
}

int main(void)
{
    fs_setup();
    struct stat st;
    char buf[64];

    printf("== create, exclusive, truncate\n");
    int fd = show("open a O_WRONLY|O_CREAT 0644", open("a", O_WRONLY | O_CREAT, 0644));
    show("write hello", write(fd, "hello", 5));
    show("close", close(fd));
    show("close again", close(fd));
    show_err("open a O_CREAT|O_EXCL", open("a", O_WRONLY | O_CREAT | O_EXCL, 0644));
    fd = show("open a O_CREAT (exists, no O_EXCL)", open("a", O_RDONLY | O_CREAT, 0644));
    show("read 64", read(fd, buf, sizeof buf));
    close(fd);
    fd = show("openat AT_FDCWD a O_RDWR|O_TRUNC", openat(AT_FDCWD, "a", O_RDWR | O_TRUNC));
    fstat(fd, &st);
    printf("size after O_TRUNC: %lld\n", (long long)st.st_size);
    close(fd);
    fd = show("creat b", creat("b", 0644));
    show("write xyz", write(fd, "xyz", 3));
    flags("creat descriptor", fd);
    show_err("read from creat (write-only)", read(fd, buf, 1));
    close(fd);
    fd = show("creat b again", creat("b", 0644));
    fstat(fd, &st);
    printf("size after second creat: %lld\n", (long long)st.st_size);
    close(fd);

    printf("== openat with a directory descriptor\n");
    show("mkdir d", mkdir("d", 0755));
    int dfd = show("open d O_DIRECTORY", open("d", O_RDONLY | O_DIRECTORY));
    fd = show("openat d x O_CREAT", openat(dfd, "x", O_WRONLY | O_CREAT, 0600));
    show("write", write(fd, "in d", 4));
    close(fd);
    cat("d/x");
    show_err("openat bad dirfd 101", openat(STDOUT_FILENO + 100, "y", O_RDONLY));
    int afd = open("a", O_RDONLY);
    show_err("openat(file fd, relative)", openat(afd, "y", O_RDONLY));
    fd = show("openat(file fd, absolute /tmp)", openat(afd, "/tmp", O_RDONLY | O_DIRECTORY));
    close(fd);
    close(afd);
    close(dfd);

    printf("== O_APPEND\n");
    put("c", "123");
    fd = show("open c O_WRONLY|O_APPEND", open("c", O_WRONLY | O_APPEND));
    printf("offset after open: %ld\n", offset(fd));
    show("write 45", write(fd, "45", 2));
    printf("offset after append: %ld\n", offset(fd));
    show("lseek 0", lseek(fd, 0, SEEK_SET));
    show("write 67", write(fd, "67", 2));
    printf("offset after second append: %ld\n", offset(fd));
    close(fd);
    cat("c");

    printf("== O_DIRECTORY, O_NOFOLLOW, EISDIR, ENOENT\n");
    show_err("open a O_DIRECTORY", open("a", O_RDONLY | O_DIRECTORY));
    show("symlink a -> la", symlink("a", "la"));
    show_err("open la O_NOFOLLOW", open("la", O_RDONLY | O_NOFOLLOW));
    fd = show("open la (follows)", open("la", O_RDONLY));
    close(fd);
    show_err("open . O_WRONLY", open(".", O_WRONLY));
    show_err("open . O_RDWR", open(".", O_RDWR));
    show_err("open d O_WRONLY|O_CREAT", open("d", O_WRONLY | O_CREAT, 0644));
    fd = show("open . O_RDONLY", open(".", O_RDONLY));
    show_err("read on a directory", read(fd, buf, sizeof buf));
    show_err("write on a directory", write(fd, "x", 1));
    close(fd);
    show_err("open missing", open("missing", O_RDONLY));
    show_err("open missing/x O_CREAT", open("missing/x", O_WRONLY | O_CREAT, 0644));
    show_err("open a/x (a is a file)", open("a/x", O_RDONLY));
    show_err("open a/ (trailing slash)", open("a/", O_RDONLY));
    show_err("open new/ O_CREAT (trailing slash)", open("new/", O_WRONLY | O_CREAT, 0644));
    show_err("open empty path", open("", O_RDONLY));

    printf("== O_PATH\n");
    put("p", "path");
    fd = show("open p O_PATH", open("p", O_PATH));
    show_err("read O_PATH", read(fd, buf, sizeof buf));
    show_err("write O_PATH", write(fd, "x", 1));
    show_ok("fstat O_PATH", fstat(fd, &st));
    printf("O_PATH fstat: regular %s size %lld\n", S_ISREG(st.st_mode) ? "true" : "false",
           (long long)st.st_size);
    close(fd);
    fd = show("open la O_PATH|O_NOFOLLOW", open("la", O_PATH | O_NOFOLLOW));
    fstat(fd, &st);
    printf("O_PATH|O_NOFOLLOW on symlink: S_ISLNK %s\n", S_ISLNK(st.st_mode) ? "true" : "false");
    close(fd);

    printf("== O_TMPFILE\n");
    show_err("O_TMPFILE without write access", open(".", O_TMPFILE | O_RDONLY, 0600));
    fd = show("open . O_TMPFILE|O_RDWR", open(".", O_TMPFILE | O_RDWR, 0600));
    if (fd >= 0) {
        show("write", write(fd, "anon", 4));
        fstat(fd, &st);
        printf("O_TMPFILE nlink %lu size %lld regular %s\n", (unsigned long)st.st_nlink,
               (long long)st.st_size, S_ISREG(st.st_mode) ? "true" : "false");
        show_ok("linkat AT_EMPTY_PATH -> t", linkat(fd, "", AT_FDCWD, "t", AT_EMPTY_PATH));
        fstat(fd, &st);
        printf("nlink after linkat: %lu\n", (unsigned long)st.st_nlink);
        close(fd);
        cat("t");
    }
    show_err("O_TMPFILE on a file", open("a", O_TMPFILE | O_RDWR, 0600));

    printf("== EBADF\n");
    show_err("read 999", read(999, buf, 1));
    show_err("write -1", write(-1, "x", 1));
    show_err("fstat 1000", fstat(1000, &st));
    show_err("lseek 77", lseek(77, 0, SEEK_SET));
    show_err("close 55", close(55));
    show_err("dup 99", dup(99));
    show_err("dup2 99 5", dup2(99, 5));
    show_err("fcntl 99 F_GETFD", fcntl(99, F_GETFD));
    fd = open("a", O_RDONLY);
    show_err("write on O_RDONLY", write(fd, "x", 1));
    close(fd);

    printf("== close_range\n");
    int r1 = open("a", O_RDONLY), r2 = open("a", O_RDONLY), r3 = open("a", O_RDONLY);
    printf("three descriptors: %d %d %d\n", r1, r2, r3);
    show("close_range CLOEXEC r2..r3", syscall(SYS_close_range, r2, r3, CLOSE_RANGE_CLOEXEC));
    printf("F_GETFD r1 %d r2 %d r3 %d\n", fcntl(r1, F_GETFD), fcntl(r2, F_GETFD), fcntl(r3, F_GETFD));
    show("close_range r1..~0", syscall(SYS_close_range, r1, ~0u, 0));
    show_err("F_GETFD r1", fcntl(r1, F_GETFD));
    show_err("F_GETFD r3", fcntl(r3, F_GETFD));
    show_err("close_range hi < lo", syscall(SYS_close_range, 10, 5, 0));
    show("close_range of nothing open", syscall(SYS_close_range, 50, 60, 0));

    printf("== dup, dup2, dup3 share the offset\n");
    put("s", "0123456789");
    fd = show("open s O_RDWR", open("s", O_RDWR));
    int fd2 = show("dup", dup(fd));
    show("read 3 through fd", read(fd, buf, 3));
    printf("offset fd %ld fd2 %ld\n", offset(fd), offset(fd2));
    show("dup2 -> 10", dup2(fd, 10));
    show("lseek 10 to 7", lseek(10, 7, SEEK_SET));
    printf("offset fd %ld fd2 %ld fd10 %ld\n", offset(fd), offset(fd2), offset(10));
    show("dup2 fd fd (same)", dup2(fd, fd));
    show_err("dup3 fd fd", syscall(SYS_dup3, fd, fd, 0));
    show("dup3 -> 11 O_CLOEXEC", syscall(SYS_dup3, fd, 11, O_CLOEXEC));
    printf("F_GETFD 11: %d\n", fcntl(11, F_GETFD));
    show_err("dup3 bad flags", syscall(SYS_dup3, fd, 12, 0x1));
    show("dup2 11 -> 12", dup2(11, 12));
    printf("F_GETFD 12 (dup2 clears FD_CLOEXEC): %d\n", fcntl(12, F_GETFD));
    show("dup2 onto open fd2", dup2(12, fd2));
    show("read 2 through fd2", read(fd2, buf, 2));
    buf[2] = 0;
    printf("read \"%s\", offset fd %ld\n", buf, offset(fd));
    close(10);
    close(11);
    close(12);
    close(fd2);

    printf("== fcntl\n");
    show("F_DUPFD 20", fcntl(fd, F_DUPFD, 20));
    show("F_DUPFD 20 again", fcntl(fd, F_DUPFD, 20));
    show("F_DUPFD_CLOEXEC 20", fcntl(fd, F_DUPFD_CLOEXEC, 20));
    printf("F_GETFD 20 %d 21 %d 22 %d\n", fcntl(20, F_GETFD), fcntl(21, F_GETFD), fcntl(22, F_GETFD));
    show_err("F_DUPFD -1", fcntl(fd, F_DUPFD, -1));
    show("F_SETFD 20 FD_CLOEXEC", fcntl(20, F_SETFD, FD_CLOEXEC));
    printf("F_GETFD 20 %d, original %d\n", fcntl(20, F_GETFD), fcntl(fd, F_GETFD));
    show("F_SETFD 22 0", fcntl(22, F_SETFD, 0));
    printf("F_GETFD 22 %d\n", fcntl(22, F_GETFD));
    close(20);
    close(21);
    close(22);
    flags("O_RDWR descriptor", fd);
    show("F_SETFL O_APPEND|O_NONBLOCK", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
    flags("after F_SETFL", fd);
    show("F_SETFL O_WRONLY (access mode ignored)", fcntl(fd, F_SETFL, O_WRONLY));
    flags("after F_SETFL O_WRONLY", fd);
    int cfd = show("open a O_RDONLY|O_CLOEXEC", open("a", O_RDONLY | O_CLOEXEC));
    printf("F_GETFD: %d\n", fcntl(cfd, F_GETFD));
    flags("O_CLOEXEC is not a status flag", cfd);
    close(cfd);
    show_err("fcntl bad command", fcntl(fd, 9999));
    close(fd);

    printf("== fork shares the offset\n");
    put("f", "");
    fd = show("open f O_RDWR", open("f", O_RDWR));
    show("write parent1", write(fd, "parent1", 7));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        /* The child prints nothing: its result goes through the status. */
        int ok = write(fd, "child", 5) == 5 && lseek(fd, 0, SEEK_CUR) == 12;
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    printf("parent offset after child write: %ld\n", offset(fd));
    show("write parent2", write(fd, "parent2", 7));
    close(fd);
    cat("f");

    fs_teardown();
    return 0;
}
