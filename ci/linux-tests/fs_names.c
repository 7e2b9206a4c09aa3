/* Names: mkdir/mkdirat, rmdir, unlink/unlinkat, rename/renameat2
 * (RENAME_NOREPLACE, RENAME_EXCHANGE), link/linkat and link counts,
 * symlink/readlink/readlinkat, symlink loops, ENAMETOOLONG, getdents64 (names
 * sorted before printing) and a file unlinked while open. */
#include "fs_common.h"

#ifndef SYS_renameat2
#define SYS_renameat2 316
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE 2
#endif

static void put(const char *name, const char *text)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        die(name);
    close(fd);
}

static void cat(const char *name)
{
    char buf[128];
    int fd = open(name, O_RDONLY);
    if (fd < 0) {
        printf("  %s: open -1 %s\n", name, errno_name(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    printf("  %s contains \"%s\"\n", name, buf);
}

static void nlink(const char *name)
{
    struct stat st;
    if (lstat(name, &st) != 0)
        printf("  lstat %s: -1 %s\n", name, errno_name(errno));
    else
        printf("  %s: nlink %lu %s\n", name, (unsigned long)st.st_nlink,
               S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "symlink" : "file");
}

static void rdlink(const char *name)
{
    char buf[256];
    ssize_t n = readlink(name, buf, sizeof buf);
    if (n < 0)
        printf("readlink %s: -1 %s\n", name, errno_name(errno));
    else
        printf("readlink %s: %zd \"%.*s\"\n", name, n, (int)n, buf);
}

struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists a directory with getdents64 through a small buffer (several calls),
 * sorts the names (the order is the file system's) and prints name/type. */
static void list(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        printf("open %s: -1 %s\n", dir, errno_name(errno));
        return;
    }
    static char *names[256];
    int count = 0, calls = 0;
    char buf[96];
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n < 0) {
            printf("getdents64: -1 %s\n", errno_name(errno));
            break;
        }
        if (n == 0)
            break;
        calls++;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            const char *t = d->d_type == DT_REG ? "reg" : d->d_type == DT_DIR ? "dir"
                          : d->d_type == DT_LNK ? "lnk" : "other";
            char *entry = malloc(strlen(d->d_name) + 8);
            sprintf(entry, "%s(%s)", d->d_name, t);
            if (count < 256)
                names[count++] = entry;
            off += d->d_reclen;
        }
    }
    close(fd);
    qsort(names, count, sizeof names[0], cmp);
    printf("getdents64 %s: %d entries, more than one call: %s\n ", dir, count,
           calls > 1 ? "true" : "false");
    for (int i = 0; i < count; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    fs_setup();
    struct stat st;
    char buf[512];

    printf("== mkdir, mkdirat\n");
    show("mkdir d", mkdir("d", 0755));
    show_err("mkdir d again", mkdir("d", 0755));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    show("mkdirat d sub", mkdirat(dfd, "sub", 0755));
    show_err("mkdirat d sub again", mkdirat(dfd, "sub", 0755));
    show("mkdir e/ (trailing slash)", mkdir("e/", 0755));
    show_err("mkdir missing/x", mkdir("missing/x", 0755));
    put("file", "data");
    show_err("mkdir file/x", mkdir("file/x", 0755));
    show_err("mkdir file (exists as a file)", mkdir("file", 0755));
    show_err("mkdir .", mkdir(".", 0755));
    nlink("d");
    show("mkdir d/sub2", mkdir("d/sub2", 0755));
    nlink("d");
    nlink("d/sub");

    printf("== rmdir\n");
    show_err("rmdir d (not empty)", rmdir("d"));
    show_err("rmdir file", rmdir("file"));
    show_err("rmdir .", rmdir("."));
    show_err("rmdir d/sub/.", rmdir("d/sub/."));
    show_err("rmdir missing", rmdir("missing"));
    show("rmdir d/sub2/ (trailing slash)", rmdir("d/sub2/"));
    nlink("d");
    show("rmdir e", rmdir("e"));

    printf("== unlink, unlinkat\n");
    show_err("unlink d (a directory)", unlink("d"));
    show_err("unlinkat d/sub 0", unlinkat(AT_FDCWD, "d/sub", 0));
    show("unlinkat d sub AT_REMOVEDIR", unlinkat(dfd, "sub", AT_REMOVEDIR));
    show_err("unlinkat file AT_REMOVEDIR", unlinkat(AT_FDCWD, "file", AT_REMOVEDIR));
    show_err("unlinkat bad flags", unlinkat(AT_FDCWD, "file", 0x1));
    show_err("unlink missing", unlink("missing"));
    show_err("unlink file/ (trailing slash)", unlink("file/"));
    put("d/gone", "x");
    show("unlinkat d gone", unlinkat(dfd, "gone", 0));
    show_err("stat d/gone", stat("d/gone", &st));

    printf("== rename, renameat2\n");
    put("r1", "one");
    put("r2", "two");
    show("rename r1 r3 (new name)", rename("r1", "r3"));
    show_err("stat r1", stat("r1", &st));
    show("rename r3 r2 (replaces)", rename("r3", "r2"));
    cat("r2");
    show("rename r2 r2 (same)", rename("r2", "r2"));
    show_err("rename missing x", rename("missing", "x"));
    show_err("rename r2 d (file over dir)", rename("r2", "d"));
    mkdir("dd", 0755);
    show_err("rename dd r2 (dir over file)", rename("dd", "r2"));
    put("d/inside", "in");
    mkdir("empty", 0755);
    show_err("rename dd d (over non-empty dir)", rename("dd", "d"));
    show("rename dd empty (over empty dir)", rename("dd", "empty"));
    show_err("stat dd", stat("dd", &st));
    mkdir("d/child", 0755);
    show_err("rename d d/child/x (into own subdir)", rename("d", "d/child/x"));
    show_err("rename d d/child (onto own subdir)", rename("d", "d/child"));
    show_err("rename . x", rename(".", "x"));
    show("renameat d/child -> empty/moved", renameat(dfd, "child", AT_FDCWD, "empty/moved"));
    nlink("d");
    nlink("empty");
    put("n1", "first");
    put("n2", "second");
    show_err("renameat2 NOREPLACE onto existing",
             syscall(SYS_renameat2, AT_FDCWD, "n1", AT_FDCWD, "n2", RENAME_NOREPLACE));
    show("renameat2 NOREPLACE to new name",
         syscall(SYS_renameat2, AT_FDCWD, "n1", AT_FDCWD, "n3", RENAME_NOREPLACE));
    show("renameat2 EXCHANGE n2 n3", syscall(SYS_renameat2, AT_FDCWD, "n2", AT_FDCWD, "n3", RENAME_EXCHANGE));
    cat("n2");
    cat("n3");
    show("renameat2 EXCHANGE file and dir",
         syscall(SYS_renameat2, AT_FDCWD, "n2", AT_FDCWD, "empty", RENAME_EXCHANGE));
    nlink("n2");
    nlink("empty");
    cat("empty");
    show_err("renameat2 EXCHANGE with missing",
             syscall(SYS_renameat2, AT_FDCWD, "n3", AT_FDCWD, "nothere", RENAME_EXCHANGE));
    show_err("renameat2 NOREPLACE|EXCHANGE",
             syscall(SYS_renameat2, AT_FDCWD, "n3", AT_FDCWD, "empty", RENAME_NOREPLACE | RENAME_EXCHANGE));
    show_err("renameat2 bad flags", syscall(SYS_renameat2, AT_FDCWD, "n3", AT_FDCWD, "x", 0x100));

    printf("== link, linkat\n");
    put("l", "linked");
    nlink("l");
    show("link l l2", link("l", "l2"));
    nlink("l");
    nlink("l2");
    show("linkat l d/l3", linkat(AT_FDCWD, "l", dfd, "l3", 0));
    nlink("l");
    show_err("link l l2 (exists)", link("l", "l2"));
    show_err("link d dlink (directory)", link("d", "dlink"));
    show_err("link missing x", link("missing", "x"));
    show("unlink l", unlink("l"));
    nlink("l2");
    cat("d/l3");
    show("symlink l2 sl", symlink("l2", "sl"));
    show("linkat sl hl-nofollow 0", linkat(AT_FDCWD, "sl", AT_FDCWD, "hl-nofollow", 0));
    show("linkat sl hl-follow AT_SYMLINK_FOLLOW",
         linkat(AT_FDCWD, "sl", AT_FDCWD, "hl-follow", AT_SYMLINK_FOLLOW));
    nlink("hl-nofollow");
    nlink("hl-follow");
    nlink("sl");
    show_err("linkat bad flags", linkat(AT_FDCWD, "l2", AT_FDCWD, "x", 0x1));

    printf("== symlink, readlink, readlinkat\n");
    show("symlink target s", symlink("target", "s"));
    rdlink("s");
    show_err("symlink again", symlink("other", "s"));
    show_err("stat s (dangling)", stat("s", &st));
    show_ok("lstat s", lstat("s", &st));
    printf("lstat s: S_ISLNK %s size %lld\n", S_ISLNK(st.st_mode) ? "true" : "false",
           (long long)st.st_size);
    put("target", "now there");
    cat("s");
    show("readlink into 3 bytes", readlink("s", buf, 3));
    printf("  truncated: \"%.3s\"\n", buf);
    rdlink("target");
    rdlink("missing");
    show("symlink d sd", symlink("d", "sd"));
    cat("sd/inside");
    show_ok("stat sd/", stat("sd/", &st));
    printf("sd/ is a dir: %s\n", S_ISDIR(st.st_mode) ? "true" : "false");
    show("symlink ../target d/up", symlink("../target", "d/up"));
    ssize_t n = readlinkat(dfd, "up", buf, sizeof buf);
    printf("readlinkat d up: %zd \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
    cat("d/up");
    show_err("readlinkat d inside (a file)", readlinkat(dfd, "inside", buf, sizeof buf));
    /* The system call itself: musl's readlink() hides a zero size. */
    show_err("readlink empty buffer", syscall(SYS_readlink, "s", buf, 0));
    show_err("symlink empty target", symlink("", "empty-target"));
    show("symlink /tmp abs", symlink("/tmp", "abs"));
    rdlink("abs");

    printf("== symlink loops\n");
    symlink("loop2", "loop1");
    symlink("loop1", "loop2");
    symlink("self", "self");
    show_err("open loop1", open("loop1", O_RDONLY));
    show_err("stat loop1", stat("loop1", &st));
    show_ok("lstat loop1", lstat("loop1", &st));
    show_err("open self/x", open("self/x", O_RDONLY));
    show_err("open loop1 O_CREAT", open("loop1", O_RDWR | O_CREAT, 0644));
    show_err("mkdir self/x", mkdir("self/x", 0755));
    /* A chain of 40 symlinks resolves, 41 do not (Linux's MAXSYMLINKS). */
    mkdir("chain", 0755);
    put("chain/c0", "end of chain");
    for (int i = 1; i <= 41; i++) {
        char from[32], to[32];
        snprintf(to, sizeof to, "c%d", i - 1);
        snprintf(from, sizeof from, "chain/c%d", i);
        symlink(to, from);
    }
    cat("chain/c40");
    show_err("open chain/c41", open("chain/c41", O_RDONLY));

    printf("== ENAMETOOLONG\n");
    char name[301];
    memset(name, 'n', 300);
    name[300] = 0;
    show_err("open 300-char name O_CREAT", open(name, O_WRONLY | O_CREAT, 0644));
    show_err("mkdir 300-char name", mkdir(name, 0755));
    show_err("stat 300-char name", stat(name, &st));
    show_err("symlink to 300-char name", symlink("x", name));
    name[255] = 0;
    int fd = show_ok("open 255-char name O_CREAT", open(name, O_WRONLY | O_CREAT, 0644));
    close(fd);
    show("unlink 255-char name", unlink(name));
    static char longpath[5000];
    for (int i = 0; i < 4999; i++)
        longpath[i] = i % 2 ? '/' : 'a';
    longpath[4999] = 0;
    show_err("stat 5000-char path", stat(longpath, &st));

    printf("== getdents64\n");
    mkdir("ls", 0755);
    for (int i = 0; i < 12; i++) {
        char p[64];
        snprintf(p, sizeof p, "ls/file-%02d-with-a-longer-name", 11 - i);
        put(p, "");
    }
    mkdir("ls/subdir", 0755);
    symlink("file-00-with-a-longer-name", "ls/link");
    list("ls");
    list("d");
    fd = open("file", O_RDONLY);
    show_err("getdents64 on a file", syscall(SYS_getdents64, fd, buf, sizeof buf));
    close(fd);
    fd = open("ls", O_RDONLY | O_DIRECTORY);
    show_err("getdents64 buffer too small", syscall(SYS_getdents64, fd, buf, 8));
    close(fd);
    show_err("getdents64 bad fd", syscall(SYS_getdents64, 99, buf, sizeof buf));

    printf("== unlink while open\n");
    put("open-file", "still readable");
    fd = open("open-file", O_RDWR);
    show("unlink open-file", unlink("open-file"));
    show_err("stat open-file", stat("open-file", &st));
    fstat(fd, &st);
    printf("fstat: nlink %lu size %lld\n", (unsigned long)st.st_nlink, (long long)st.st_size);
    n = read(fd, buf, sizeof buf);
    printf("read: %zd \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
    show("write more", write(fd, "!", 1));
    n = pread(fd, buf, sizeof buf, 0);
    printf("pread: %zd \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
    put("open-file", "new");
    cat("open-file");
    close(fd);
    list(".");

    close(dfd);
    fs_teardown();
    return 0;
}
