/* Attributes: stat/lstat/fstat/fstatat/statx (mode, type, nlink, size, uid,
 * gid, blocks>0 only: no inode numbers, times or directory sizes, which
 * depend on the file system), chmod family, chown family, utimensat with
 * fixed times (read back: deterministic), access/faccessat/faccessat2 (as
 * root), umask, chdir/fchdir/getcwd (printed relative to the scratch
 * directory) and statfs/fstatfs (only what every file system agrees on). */
#include "fs_common.h"

#include <sys/statfs.h>
#include <time.h>

#ifndef SYS_statx
#define SYS_statx 332
#endif
#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif
#ifndef AT_EACCESS
#define AT_EACCESS 0x200
#endif
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

/* struct statx from the kernel ABI (not every libc declares it). */
struct kstatx_timestamp {
    long long tv_sec;
    unsigned tv_nsec;
    int reserved;
};
struct kstatx {
    unsigned stx_mask, stx_blksize;
    unsigned long long stx_attributes;
    unsigned stx_nlink, stx_uid, stx_gid;
    unsigned short stx_mode, pad1;
    unsigned long long stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct kstatx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    unsigned stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    unsigned long long spare[14];
};
#define STATX_BASIC_STATS_ 0x7ffu

static char cwdbuf[4096];

static const char *type_name(unsigned mode)
{
    return S_ISREG(mode) ? "reg" : S_ISDIR(mode) ? "dir" : S_ISLNK(mode) ? "lnk"
         : S_ISCHR(mode) ? "chr" : S_ISFIFO(mode) ? "fifo" : "other";
}

static void print_stat(const char *what, int r, const struct stat *st)
{
    if (r != 0) {
        printf("%s: -1 %s\n", what, errno_name(errno));
        return;
    }
    printf("%s: %s mode %04o nlink %lu uid %u gid %u", what, type_name(st->st_mode),
           st->st_mode & 07777, (unsigned long)st->st_nlink, st->st_uid, st->st_gid);
    /* A directory's size and blocks depend on the file system. */
    if (!S_ISDIR(st->st_mode))
        printf(" size %lld blocks>0 %s", (long long)st->st_size, st->st_blocks > 0 ? "true" : "false");
    printf("\n");
}

static void do_stat(const char *name)
{
    struct stat st;
    char what[128];
    snprintf(what, sizeof what, "stat %s", name);
    print_stat(what, stat(name, &st), &st);
}

static void do_lstat(const char *name)
{
    struct stat st;
    char what[128];
    snprintf(what, sizeof what, "lstat %s", name);
    print_stat(what, lstat(name, &st), &st);
}

static void do_statx(const char *what, int dirfd, const char *name, int flags, unsigned mask)
{
    struct kstatx sx;
    memset(&sx, 0xa5, sizeof sx);
    long r = syscall(SYS_statx, dirfd, name, flags, mask, &sx);
    if (r != 0) {
        printf("%s: -1 %s\n", what, errno_name(errno));
        return;
    }
    printf("%s: basic mask %s %s mode %04o nlink %u uid %u gid %u", what,
           (sx.stx_mask & STATX_BASIC_STATS_) == STATX_BASIC_STATS_ ? "full" : "partial",
           type_name(sx.stx_mode), sx.stx_mode & 07777, sx.stx_nlink, sx.stx_uid, sx.stx_gid);
    if (!S_ISDIR(sx.stx_mode))
        printf(" size %llu blocks>0 %s", sx.stx_size, sx.stx_blocks > 0 ? "true" : "false");
    printf("\n");
}

static void mode_of(const char *name)
{
    struct stat st;
    if (lstat(name, &st) != 0)
        printf("  %s: -1 %s\n", name, errno_name(errno));
    else
        printf("  %s: %s %04o\n", name, type_name(st.st_mode), st.st_mode & 07777);
}

static void owner_of(const char *name, int follow)
{
    struct stat st;
    int r = follow ? stat(name, &st) : lstat(name, &st);
    if (r != 0)
        printf("  %s: -1 %s\n", name, errno_name(errno));
    else
        printf("  %s: uid %u gid %u mode %04o\n", name, st.st_uid, st.st_gid, st.st_mode & 07777);
}

static void times_of(const char *name, int follow)
{
    struct stat st;
    int r = follow ? stat(name, &st) : lstat(name, &st);
    if (r != 0) {
        printf("  %s: -1 %s\n", name, errno_name(errno));
        return;
    }
    printf("  %s: atime %lld.%09ld mtime %lld.%09ld\n", name, (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

/* getcwd (the system call: libcs differ on errors) relative to the scratch. */
static void cwd(void)
{
    long r = syscall(SYS_getcwd, cwdbuf, sizeof cwdbuf);
    if (r < 0) {
        printf("getcwd: -1 %s\n", errno_name(errno));
        return;
    }
    size_t len = strlen(fs_scratch);
    if (strncmp(cwdbuf, fs_scratch, len) == 0)
        printf("getcwd: $SCRATCH%s (returned length %s)\n", cwdbuf + len,
               r == (long)strlen(cwdbuf) + 1 ? "with NUL" : "other");
    else
        printf("getcwd: %s\n", cwdbuf);
}

static void put(const char *name, const char *text)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        die(name);
    close(fd);
}

int main(void)
{
    fs_setup();
    struct stat st, st2;
    umask(022);
    printf("running as root: %s\n", getuid() == 0 && geteuid() == 0 ? "true" : "false");

    printf("== stat family\n");
    put("f", "hello");
    put("empty", "");
    mkdir("d", 0755);
    mkdir("d/sub", 0700);
    symlink("f", "lf");
    symlink("nowhere", "dangling");
    link("f", "f2");
    do_stat("f");
    do_stat("empty");
    do_stat("d");
    do_stat("d/sub");
    do_stat("lf");
    do_lstat("lf");
    do_lstat("dangling");
    do_stat("dangling");
    do_stat("missing");
    do_stat("f/x");
    do_stat("");
    stat("f", &st);
    stat("f2", &st2);
    printf("hard links share the inode: %s, same device as the dir: ", st.st_ino == st2.st_ino ? "true" : "false");
    stat(".", &st2);
    printf("%s\n", st.st_dev == st2.st_dev ? "true" : "false");
    int fd = open("f", O_RDONLY);
    print_stat("fstat f", fstat(fd, &st), &st);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    print_stat("fstatat d sub", fstatat(dfd, "sub", &st, 0), &st);
    print_stat("fstatat lf AT_SYMLINK_NOFOLLOW", fstatat(AT_FDCWD, "lf", &st, AT_SYMLINK_NOFOLLOW), &st);
    print_stat("fstatat fd \"\" AT_EMPTY_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH), &st);
    print_stat("fstatat fd \"\" no flag", fstatat(fd, "", &st, 0), &st);
    print_stat("fstatat bad flags", fstatat(AT_FDCWD, "f", &st, 0x1), &st);
    print_stat("fstat bad fd", fstat(77, &st), &st);
    do_statx("statx f", AT_FDCWD, "f", 0, STATX_BASIC_STATS_);
    do_statx("statx lf", AT_FDCWD, "lf", 0, STATX_BASIC_STATS_);
    do_statx("statx lf AT_SYMLINK_NOFOLLOW", AT_FDCWD, "lf", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS_);
    do_statx("statx d sub", dfd, "sub", 0, STATX_BASIC_STATS_);
    do_statx("statx fd AT_EMPTY_PATH", fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS_);
    do_statx("statx missing", AT_FDCWD, "missing", 0, STATX_BASIC_STATS_);
    do_statx("statx reserved mask bit", AT_FDCWD, "f", 0, 0x80000000u);
    do_statx("statx bad flags", AT_FDCWD, "f", 0x1, STATX_BASIC_STATS_);
    close(fd);

    printf("== chmod family\n");
    show("chmod f 0600", chmod("f", 0600));
    mode_of("f");
    fd = open("f", O_RDONLY);
    show("fchmod f 0640", fchmod(fd, 0640));
    mode_of("f");
    close(fd);
    show("fchmodat d sub 0751", fchmodat(dfd, "sub", 0751, 0));
    mode_of("d/sub");
    show("chmod lf 0604 (follows the link)", chmod("lf", 0604));
    mode_of("f");
    mode_of("lf");
    show("chmod f 07777", chmod("f", 07777));
    mode_of("f");
    show("chmod f 0170644 (type bits ignored)", chmod("f", 0170644));
    mode_of("f");
    show("chmod d 01777", chmod("d", 01777));
    mode_of("d");
    chmod("d", 0755);
    show_err("chmod missing", chmod("missing", 0644));
    show_err("chmod dangling", chmod("dangling", 0644));
    show_err("fchmod bad fd", fchmod(66, 0644));

    printf("== chown family\n");
    owner_of("f", 1);
    show("chown f 1000 2000", chown("f", 1000, 2000));
    owner_of("f", 1);
    show("chown f -1 -1 (no change)", chown("f", -1, -1));
    owner_of("f", 1);
    show("chown f -1 0 (group only)", chown("f", -1, 0));
    owner_of("f", 1);
    fd = open("f", O_RDONLY);
    show("fchown f 0 0", fchown(fd, 0, 0));
    owner_of("f", 1);
    close(fd);
    show("lchown lf 1000 1000", lchown("lf", 1000, 1000));
    owner_of("lf", 0);
    owner_of("f", 1);
    show("lchown lf 0 0", lchown("lf", 0, 0));
    owner_of("lf", 0);
    show("chown lf 3 3 (follows)", chown("lf", 3, 3));
    owner_of("f", 1);
    owner_of("lf", 0);
    show("chmod f 06755", chmod("f", 06755));
    show("chown f 0 0 (clears set-id bits)", chown("f", 0, 0));
    owner_of("f", 1);
    show("fchownat d sub 0 0", fchownat(dfd, "sub", 0, 0, 0));
    owner_of("d/sub", 1);
    show_err("chown missing", chown("missing", 0, 0));
    show_err("fchown bad fd", fchown(66, 0, 0));

    printf("== utimensat\n");
    struct timespec ts[2] = {{1000000000, 123456789}, {1500000000, 987654321}};
    show("utimensat f fixed", utimensat(AT_FDCWD, "f", ts, 0));
    times_of("f", 1);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {1234567890, 5}};
    show("utimensat f atime UTIME_OMIT", utimensat(AT_FDCWD, "f", omit, 0));
    times_of("f", 1);
    struct timespec omit2[2] = {{1111111111, 0}, {0, UTIME_OMIT}};
    fd = open("f", O_RDONLY);
    show("futimens f mtime UTIME_OMIT", futimens(fd, omit2));
    times_of("f", 1);
    struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    time_t before = time(NULL);
    show("futimens UTIME_NOW", futimens(fd, now));
    fstat(fd, &st);
    printf("  times now: %s\n", st.st_atim.tv_sec >= before - 1 && st.st_mtim.tv_sec >= before - 1 &&
                                        st.st_mtim.tv_sec <= time(NULL) + 1 ? "true" : "false");
    close(fd);
    struct timespec lts[2] = {{200000000, 0}, {300000000, 0}};
    show("utimensat lf AT_SYMLINK_NOFOLLOW", utimensat(AT_FDCWD, "lf", lts, AT_SYMLINK_NOFOLLOW));
    times_of("lf", 0);
    show("utimensat d sub fixed", utimensat(dfd, "sub", lts, 0));
    times_of("d/sub", 1);
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    show_err("utimensat nsec out of range", utimensat(AT_FDCWD, "f", bad, 0));
    show_err("utimensat missing", utimensat(AT_FDCWD, "missing", ts, 0));
    show_err("utimensat bad flags", utimensat(AT_FDCWD, "f", ts, 0x1));

    printf("== access, faccessat, faccessat2 (root)\n");
    put("none", "");
    chmod("none", 0);
    put("exe", "");
    chmod("exe", 0744);
    chmod("f", 0644);
    show("access f F_OK", access("f", F_OK));
    show_err("access missing F_OK", access("missing", F_OK));
    show("access none R_OK|W_OK (root)", access("none", R_OK | W_OK));
    show_err("access none X_OK", access("none", X_OK));
    show_err("access f X_OK", access("f", X_OK));
    show("access exe X_OK", access("exe", X_OK));
    chmod("d/sub", 0);
    show("access d/sub X_OK (dir, root)", access("d/sub", X_OK));
    chmod("d/sub", 0755);
    show_err("access f bad mode", access("f", 0x10));
    show_err("access f/x", access("f/x", F_OK));
    show_err("access dangling", access("dangling", F_OK));
    show("faccessat d sub W_OK", syscall(SYS_faccessat, dfd, "sub", W_OK));
    show("faccessat2 dangling AT_SYMLINK_NOFOLLOW",
         syscall(SYS_faccessat2, AT_FDCWD, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
    show("faccessat2 exe X_OK AT_EACCESS", syscall(SYS_faccessat2, AT_FDCWD, "exe", X_OK, AT_EACCESS));
    show_err("faccessat2 f X_OK AT_EACCESS", syscall(SYS_faccessat2, AT_FDCWD, "f", X_OK, AT_EACCESS));
    show_err("faccessat2 bad flags", syscall(SYS_faccessat2, AT_FDCWD, "f", F_OK, 0x1));
    fd = open("f", O_RDONLY);
    show("faccessat2 fd \"\" AT_EMPTY_PATH", syscall(SYS_faccessat2, fd, "", R_OK, AT_EMPTY_PATH));
    close(fd);

    printf("== umask\n");
    printf("umask 027 returned %04o\n", (unsigned)umask(027));
    fd = creat("u1", 0666);
    close(fd);
    mode_of("u1");
    mkdir("u2", 0777);
    mode_of("u2");
    fd = open("u3", O_WRONLY | O_CREAT, 0777);
    close(fd);
    mode_of("u3");
    symlink("u1", "u4");
    mode_of("u4");
    show("chmod u1 0666 (umask does not apply)", chmod("u1", 0666));
    mode_of("u1");
    printf("umask 0 returned %04o\n", (unsigned)umask(0));
    fd = creat("u5", 0666);
    close(fd);
    mode_of("u5");
    mkdir("u6", 01777);
    mode_of("u6");
    printf("umask 022 returned %04o\n", (unsigned)umask(022));

    printf("== chdir, fchdir, getcwd\n");
    cwd();
    mkdir("a", 0755);
    mkdir("a/b", 0755);
    symlink("a/b", "lb");
    show("chdir a/b", chdir("a/b"));
    cwd();
    int bfd = open(".", O_RDONLY | O_DIRECTORY);
    show("chdir ..", chdir(".."));
    cwd();
    show("chdir ../lb (through a symlink)", chdir("../lb"));
    cwd();
    show("chdir ../..", chdir("../.."));
    cwd();
    show("fchdir to a/b", fchdir(bfd));
    cwd();
    show("chdir ////", chdir("////"));
    cwd();
    show("chdir scratch", chdir(fs_scratch));
    cwd();
    show_err("chdir f (a file)", chdir("f"));
    show_err("chdir missing", chdir("missing"));
    fd = open("f", O_RDONLY);
    show_err("fchdir on a file", fchdir(fd));
    close(fd);
    show_err("fchdir bad fd", fchdir(88));
    show_err("getcwd buffer of 2", syscall(SYS_getcwd, cwdbuf, 2));
    show("fchdir to a/b", fchdir(bfd));
    show("rmdir the cwd", rmdir("../b"));
    cwd();
    show_err("open x O_CREAT in the removed cwd", open("x", O_WRONLY | O_CREAT, 0644));
    show("chdir scratch", chdir(fs_scratch));
    close(bfd);
    cwd();

    printf("== statfs, fstatfs\n");
    struct statfs sf;
    int r = statfs(".", &sf);
    printf("statfs .: %s bsize>0 %s namelen %ld\n", r == 0 ? "ok" : errno_name(errno),
           sf.f_bsize > 0 ? "true" : "false", (long)sf.f_namelen);
    fd = open("f", O_RDONLY);
    struct statfs sf2;
    r = fstatfs(fd, &sf2);
    printf("fstatfs f: %s same type as . %s\n", r == 0 ? "ok" : errno_name(errno),
           sf2.f_type == sf.f_type ? "true" : "false");
    close(fd);
    show_err("statfs missing", statfs("missing", &sf));
    show_err("fstatfs bad fd", fstatfs(55, &sf));

    close(dfd);
    fs_teardown();
    return 0;
}
