/* read/write/pread/pwrite/readv/writev/preadv/pwritev, lseek (holes read as
 * zeros, EINVAL, ESPIPE), truncate/ftruncate, fallocate mode 0,
 * fsync/fdatasync/sync, sendfile and copy_file_range. */
#include "fs_common.h"

#include <sys/sendfile.h>
#include <sys/uio.h>

#ifndef SYS_copy_file_range
#define SYS_copy_file_range 326
#endif

/* Prints a file's size and content (non-printing bytes as \0 or \xNN). */
static void dump(const char *name)
{
    unsigned char buf[512];
    int fd = open(name, O_RDONLY);
    if (fd < 0) {
        printf("  %s: open -1 %s\n", name, errno_name(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf);
    struct stat st;
    fstat(fd, &st);
    close(fd);
    printf("  %s size %lld: \"", name, (long long)st.st_size);
    int zeros = 0;
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] == 0) {
            zeros++;
            continue;
        }
        if (zeros)
            printf("\\0*%d", zeros);
        zeros = 0;
        if (buf[i] >= 32 && buf[i] < 127)
            putchar(buf[i]);
        else
            printf("\\x%02x", buf[i]);
    }
    if (zeros)
        printf("\\0*%d", zeros);
    printf("\"\n");
}

static void put(const char *name, const char *text)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        die(name);
    close(fd);
}

static long offset(int fd)
{
    return (long)lseek(fd, 0, SEEK_CUR);
}

static void print_buf(const char *what, const char *buf, ssize_t n)
{
    printf("%s: %zd \"%.*s\"\n", what, n, n > 0 ? (int)n : 0, buf);
}

int main(void)
{
    fs_setup();
    char buf[256];
    struct stat st;

    printf("== read, write, pread, pwrite\n");
    int fd = open("f", O_RDWR | O_CREAT, 0644);
    show("write hello world", write(fd, "hello world", 11));
    show("write 0 bytes", write(fd, "", 0));
    printf("offset: %ld\n", offset(fd));
    show("read at EOF", read(fd, buf, sizeof buf));
    ssize_t n = pread(fd, buf, 5, 6);
    print_buf("pread 5 at 6", buf, n);
    printf("offset after pread: %ld\n", offset(fd));
    show("pwrite HELLO at 0", pwrite(fd, "HELLO", 5, 0));
    printf("offset after pwrite: %ld\n", offset(fd));
    show("pread past EOF", pread(fd, buf, 10, 100));
    show_err("pread negative offset", pread(fd, buf, 1, -1));
    show_err("pwrite negative offset", pwrite(fd, "x", 1, -5));
    show("lseek 0", lseek(fd, 0, SEEK_SET));
    n = read(fd, buf, 4);
    print_buf("read 4", buf, n);
    n = read(fd, buf, sizeof buf);
    print_buf("read rest", buf, n);
    show("read 0 bytes", read(fd, buf, 0));
    close(fd);
    dump("f");

    printf("== pwrite on an O_APPEND descriptor appends (Linux)\n");
    fd = open("f", O_WRONLY | O_APPEND);
    show("pwrite ! at 0", pwrite(fd, "!", 1, 0));
    printf("offset: %ld\n", offset(fd));
    close(fd);
    dump("f");

    printf("== writev, readv, pwritev, preadv\n");
    fd = open("v", O_RDWR | O_CREAT | O_TRUNC, 0644);
    struct iovec wv[3] = {{"ab", 2}, {"", 0}, {"cdefg", 5}};
    show("writev 2+0+5", writev(fd, wv, 3));
    struct iovec pw[2] = {{"XY", 2}, {"Z", 1}};
    show("pwritev XY+Z at 1", pwritev(fd, pw, 2, 1));
    printf("offset: %ld\n", offset(fd));
    lseek(fd, 0, SEEK_SET);
    char a[2], b[3], c[100];
    struct iovec rv[3] = {{a, 2}, {b, 3}, {c, sizeof c}};
    n = readv(fd, rv, 3);
    printf("readv: %zd \"%.2s\" \"%.3s\" \"%.*s\"\n", n, a, b, n > 5 ? (int)(n - 5) : 0, c);
    char p1[3], p2[3];
    struct iovec pr[2] = {{p1, 3}, {p2, 3}};
    n = preadv(fd, pr, 2, 2);
    printf("preadv at 2: %zd \"%.3s\" \"%.*s\"\n", n, p1, n > 3 ? (int)(n - 3) : 0, p2);
    printf("offset after preadv: %ld\n", offset(fd));
    show_err("readv negative count", syscall(SYS_readv, fd, rv, -1));
    close(fd);
    dump("v");

    printf("== lseek and holes\n");
    fd = open("h", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "start", 5);
    show("lseek SEEK_SET 100 (beyond EOF)", lseek(fd, 100, SEEK_SET));
    fstat(fd, &st);
    printf("size before write: %lld\n", (long long)st.st_size);
    show("write end", write(fd, "end", 3));
    fstat(fd, &st);
    printf("size after write: %lld\n", (long long)st.st_size);
    show("lseek SEEK_CUR -6", lseek(fd, -6, SEEK_CUR));
    show("lseek SEEK_END -3", lseek(fd, -3, SEEK_END));
    show("lseek SEEK_END +10", lseek(fd, 10, SEEK_END));
    show("read beyond EOF", read(fd, buf, 10));
    show_err("lseek SEEK_SET -1", lseek(fd, -1, SEEK_SET));
    show_err("lseek SEEK_CUR -1000", lseek(fd, -1000, SEEK_CUR));
    show_err("lseek SEEK_END -1000", lseek(fd, -1000, SEEK_END));
    show_err("lseek whence 99", lseek(fd, 0, 99));
    printf("offset still: %ld\n", offset(fd));
    pread(fd, buf, 103, 0);
    int all_zero = 1;
    for (int i = 5; i < 100; i++)
        all_zero &= buf[i] == 0;
    printf("hole 5..100 reads zeros: %s\n", all_zero ? "true" : "false");
    close(fd);
    dump("h");
    int pipefd[2];
    pipe(pipefd);
    show_err("lseek on a pipe", lseek(pipefd[0], 0, SEEK_CUR));
    show_err("pread on a pipe", pread(pipefd[0], buf, 1, 0));
    show_err("fsync on a pipe", fsync(pipefd[1]));
    close(pipefd[0]);
    close(pipefd[1]);
    fd = open(".", O_RDONLY | O_DIRECTORY);
    show("lseek on a directory SEEK_SET 0", lseek(fd, 0, SEEK_SET));
    close(fd);

    printf("== truncate, ftruncate\n");
    put("t", "0123456789");
    show("truncate 20 (grow)", truncate("t", 20));
    dump("t");
    show("truncate 4 (shrink)", truncate("t", 4));
    dump("t");
    fd = open("t", O_RDWR);
    lseek(fd, 0, SEEK_END);
    show("ftruncate 2", ftruncate(fd, 2));
    printf("offset after ftruncate: %ld\n", offset(fd));
    show("write Z at old offset", write(fd, "Z", 1));
    dump("t");
    show("ftruncate 0", ftruncate(fd, 0));
    show("ftruncate 8 (grow)", ftruncate(fd, 8));
    show_err("ftruncate -1", ftruncate(fd, -1));
    close(fd);
    dump("t");
    fd = open("t", O_RDONLY);
    show_err("ftruncate read-only descriptor", ftruncate(fd, 1));
    close(fd);
    show_err("truncate -1", truncate("t", -1));
    show_err("truncate a directory", truncate(".", 0));
    show_err("truncate missing", truncate("missing", 0));
    mkdir("d", 0755);
    fd = open("d", O_RDONLY | O_DIRECTORY);
    show_err("ftruncate a directory", ftruncate(fd, 0));
    close(fd);

    printf("== fallocate mode 0\n");
    fd = open("fa", O_RDWR | O_CREAT | O_TRUNC, 0644);
    write(fd, "abc", 3);
    show("fallocate 0..8192", syscall(SYS_fallocate, fd, 0, 0L, 8192L));
    fstat(fd, &st);
    printf("size %lld blocks>0 %s offset %ld\n", (long long)st.st_size,
           st.st_blocks > 0 ? "true" : "false", offset(fd));
    show("fallocate 100..200 (inside)", syscall(SYS_fallocate, fd, 0, 100L, 100L));
    fstat(fd, &st);
    printf("size %lld\n", (long long)st.st_size);
    n = pread(fd, buf, sizeof buf, 0);
    all_zero = 1;
    for (ssize_t i = 3; i < n; i++)
        all_zero &= buf[i] == 0;
    printf("content: %.3s then zeros %s\n", buf, all_zero ? "true" : "false");
    show_err("fallocate len 0", syscall(SYS_fallocate, fd, 0, 0L, 0L));
    show_err("fallocate negative offset", syscall(SYS_fallocate, fd, 0, -1L, 10L));
    close(fd);
    fd = open("fa", O_RDONLY);
    show_err("fallocate read-only descriptor", syscall(SYS_fallocate, fd, 0, 0L, 10L));
    close(fd);

    printf("== fsync, fdatasync, sync\n");
    fd = open("fa", O_RDWR);
    show("fsync", fsync(fd));
    show("fdatasync", fdatasync(fd));
    close(fd);
    sync();
    printf("sync: returned\n");
    fd = open(".", O_RDONLY | O_DIRECTORY);
    show("fsync a directory", fsync(fd));
    close(fd);
    show_err("fsync bad fd", fsync(99));

    printf("== sendfile\n");
    put("src", "The quick brown fox jumps over the lazy dog");
    int in = open("src", O_RDONLY);
    int out = open("dst", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    off_t off = 4;
    show("sendfile 5 from offset 4", sendfile(out, in, &off, 5));
    printf("offset variable %lld, in offset %ld, out offset %ld\n", (long long)off, offset(in),
           offset(out));
    show("sendfile 4 from file offset", sendfile(out, in, NULL, 4));
    printf("in offset %ld, out offset %ld\n", offset(in), offset(out));
    lseek(in, 40, SEEK_SET);
    show("sendfile 100 near EOF", sendfile(out, in, NULL, 100));
    show("sendfile at EOF", sendfile(out, in, NULL, 100));
    close(out);
    dump("dst");
    pipe(pipefd);
    off = 10;
    show("sendfile to a pipe", sendfile(pipefd[1], in, &off, 9));
    n = read(pipefd[0], buf, sizeof buf);
    print_buf("read from pipe", buf, n);
    int wo = open("dst", O_WRONLY);
    show_err("sendfile from write-only", sendfile(pipefd[1], wo, NULL, 1));
    close(wo);
    close(pipefd[0]);
    close(pipefd[1]);
    close(in);

    printf("== copy_file_range\n");
    in = open("src", O_RDONLY);
    out = open("cfr", O_RDWR | O_CREAT | O_TRUNC, 0644);
    loff_t ioff = 16, ooff = 0;
    show("copy_file_range 3 from 16 to 0",
         syscall(SYS_copy_file_range, in, &ioff, out, &ooff, 3L, 0u));
    printf("offset variables %lld %lld, file offsets %ld %ld\n", (long long)ioff, (long long)ooff,
           offset(in), offset(out));
    lseek(in, 4, SEEK_SET);
    lseek(out, 3, SEEK_SET);
    show("copy_file_range 6 using file offsets",
         syscall(SYS_copy_file_range, in, NULL, out, NULL, 6L, 0u));
    printf("file offsets %ld %ld\n", offset(in), offset(out));
    ioff = 1000;
    show("copy_file_range from past EOF", syscall(SYS_copy_file_range, in, &ioff, out, NULL, 5L, 0u));
    show_err("copy_file_range flags 1", syscall(SYS_copy_file_range, in, NULL, out, NULL, 1L, 1u));
    ioff = 0;
    ooff = 2;
    show_err("copy_file_range overlapping same file",
             syscall(SYS_copy_file_range, out, &ioff, out, &ooff, 4L, 0u));
    show_err("copy_file_range to read-only", syscall(SYS_copy_file_range, out, NULL, in, NULL, 1L, 0u));
    close(in);
    close(out);
    dump("cfr");

    fs_teardown();
    return 0;
}
