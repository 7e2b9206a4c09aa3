/* Shared helpers of the fs_*.c tests (Linux-as-oracle tier, issue 6).
 *
 * Every test prints a transcript that must be byte-identical natively (host
 * /tmp, whatever its file system) and inside the system (tmpfs), for musl
 * static, glibc static and glibc static-pie builds. So: errno is printed as
 * its NAME from the table below (never strerror, whose text differs between
 * libcs), and nothing host-specific (inode numbers, times, pids, absolute
 * scratch paths, directory sizes, block counts) is printed.
 *
 * fs_setup() closes every inherited descriptor above 2 (so that descriptor
 * numbers are the same whatever the parent leaked), makes stdout line
 * buffered (the same natively, where it is a pipe, and in the system, where it
 * is the console), creates a scratch directory with mkdtemp("/tmp/fsXXXXXX")
 * and enters it; fs_teardown() removes it and everything left in it. */
#ifndef FS_COMMON_H
#define FS_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

static const char *errno_name(int e)
{
    switch (e) {
    case 0: return "OK";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case ETXTBSY: return "ETXTBSY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EMLINK: return "EMLINK";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case EDOM: return "EDOM";
    case EDEADLK: return "EDEADLK";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOLCK: return "ENOLCK";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case ENODATA: return "ENODATA";
    case EOVERFLOW: return "EOVERFLOW";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EDQUOT: return "EDQUOT";
    case ESTALE: return "ESTALE";
    case ENOTSOCK: return "ENOTSOCK";
    case EDESTADDRREQ: return "EDESTADDRREQ";
    case EMSGSIZE: return "EMSGSIZE";
    case EPROTOTYPE: return "EPROTOTYPE";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EADDRINUSE: return "EADDRINUSE";
    case ECONNRESET: return "ECONNRESET";
    case ENOBUFS: return "ENOBUFS";
    case EISCONN: return "EISCONN";
    case ENOTCONN: return "ENOTCONN";
    case ECONNREFUSED: return "ECONNREFUSED";
    default: return "E?";
    }
}

/* "what: result" for a call returning -1 and setting errno on failure. */
__attribute__((unused)) static long show(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, errno_name(errno));
    else
        printf("%s: %ld\n", what, r);
    return r;
}

/* "what: ok" or "what: -1 ENAME" (for calls whose value is not interesting,
 * e.g. a descriptor number that would just be noise). */
__attribute__((unused)) static long show_ok(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, errno_name(errno));
    else
        printf("%s: ok\n", what);
    return r;
}

/* Always an error expected: prints only the errno name (or "succeeded"). */
__attribute__((unused)) static void show_err(const char *what, long r)
{
    if (r < 0)
        printf("%s: %s\n", what, errno_name(errno));
    else
        printf("%s: succeeded (%ld)\n", what, r);
}

static void die(const char *what)
{
    printf("FATAL %s: %s\n", what, errno_name(errno));
    fflush(stdout);
    exit(1);
}

static char fs_scratch[64];

static void fs_remove_tree(int dirfd)
{
    DIR *d = fdopendir(dirfd);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (unlinkat(dirfd, e->d_name, 0) == 0)
            continue;
        /* A directory (EISDIR): make it searchable and writable, empty it. */
        fchmodat(dirfd, e->d_name, 0700, 0);
        int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub >= 0)
            fs_remove_tree(sub);
        unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
        rewinddir(d);
    }
    closedir(d);
}

static void fs_setup(void)
{
    syscall(SYS_close_range, 3u, ~0u, 0u);
    setvbuf(stdout, NULL, _IOLBF, 0);
    strcpy(fs_scratch, "/tmp/fsXXXXXX");
    if (!mkdtemp(fs_scratch))
        die("mkdtemp");
    if (chdir(fs_scratch) != 0)
        die("chdir scratch");
}

/* Removes the scratch directory; prints whether it is gone. */
static void fs_teardown(void)
{
    if (chdir("/") != 0)
        die("chdir /");
    int fd = open(fs_scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0)
        fs_remove_tree(fd);
    int r = rmdir(fs_scratch);
    struct stat st;
    int gone = r == 0 && stat(fs_scratch, &st) != 0 && errno == ENOENT;
    printf("scratch removed: %s\n", gone ? "true" : "false");
}

#endif
