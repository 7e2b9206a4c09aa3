/* /dev and /proc: /dev/null, /dev/zero, /dev/full, /dev/urandom, /dev/random
 * (behaviour, S_ISCHR, major/minor, mode), /dev/fd and /dev/std* links,
 * /proc/self/fd, /proc/self/exe, /proc/self/cmdline (= argv), /proc/self/stat,
 * /proc/self/status, /proc/meminfo, /proc/mounts, /proc/self.
 * Nothing host-specific is printed: what a descriptor of the standard streams
 * points at (a pipe natively, the console in the system) is not looked at. */
#include "fs_common.h"

#include <sys/statfs.h>
#include <sys/sysmacros.h>

static void put(const char *name, const char *text)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        die(name);
    close(fd);
}

static void device(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("stat %s: -1 %s\n", path, errno_name(errno));
        return;
    }
    printf("stat %s: S_ISCHR %s major %u minor %u mode %04o\n", path, S_ISCHR(st.st_mode) ? "true" : "false",
           major(st.st_rdev), minor(st.st_rdev), st.st_mode & 07777);
}

static int all_zero(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return 0;
    return 1;
}

/* Reads a whole (proc) file: sizes are unknown, so read until 0. */
static size_t slurp(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("open %s: -1 %s\n", path, errno_name(errno));
        buf[0] = 0;
        return 0;
    }
    size_t have = 0;
    for (;;) {
        ssize_t n = read(fd, buf + have, size - 1 - have);
        if (n <= 0)
            break;
        have += n;
    }
    close(fd);
    buf[have] = 0;
    return have;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static const char *tf(int b)
{
    return b ? "true" : "false";
}

static char big[1 << 16];

int main(int argc, char **argv)
{
    fs_setup();
    unsigned char buf[4096];
    char link[4096];
    struct stat st;

    printf("== /dev/null\n");
    int fd = show("open /dev/null O_RDWR", open("/dev/null", O_RDWR));
    show("read", read(fd, buf, sizeof buf));
    show("write 5", write(fd, "hello", 5));
    show("lseek 100", lseek(fd, 100, SEEK_SET));
    show("read after lseek", read(fd, buf, sizeof buf));
    close(fd);
    fd = open("/dev/null", O_WRONLY | O_TRUNC | O_CREAT, 0644);
    show("write with O_TRUNC|O_CREAT (existing device)", write(fd, "x", 1));
    close(fd);

    printf("== /dev/zero\n");
    fd = show("open /dev/zero O_RDWR", open("/dev/zero", O_RDWR));
    memset(buf, 0xee, sizeof buf);
    ssize_t n = read(fd, buf, 1000);
    printf("read 1000: %zd all zero %s\n", n, tf(n == 1000 && all_zero(buf, 1000)));
    show("write 5", write(fd, "hello", 5));
    memset(buf, 0xee, sizeof buf);
    n = pread(fd, buf, 64, 12345);
    printf("pread 64: %zd all zero %s\n", n, tf(n == 64 && all_zero(buf, 64)));
    close(fd);

    printf("== /dev/full\n");
    fd = show("open /dev/full O_RDWR", open("/dev/full", O_RDWR));
    show_err("write 5", write(fd, "hello", 5));
    show("write 0", write(fd, "", 0));
    memset(buf, 0xee, sizeof buf);
    n = read(fd, buf, 300);
    printf("read 300: %zd all zero %s\n", n, tf(n == 300 && all_zero(buf, 300)));
    close(fd);

    printf("== /dev/urandom, /dev/random\n");
    fd = show("open /dev/urandom O_RDWR", open("/dev/urandom", O_RDWR));
    unsigned char r1[256], r2[256];
    n = read(fd, r1, sizeof r1);
    ssize_t n2 = read(fd, r2, sizeof r2);
    printf("read 256 twice: %zd %zd, differ %s, not all zero %s\n", n, n2, tf(memcmp(r1, r2, 256) != 0),
           tf(!all_zero(r1, 256)));
    n = read(fd, big, sizeof big);
    printf("read 65536: %zd\n", n);
    show("read 0", read(fd, buf, 0));
    show("write 3 (mixes in entropy)", write(fd, "abc", 3));
    close(fd);
    fd = show("open /dev/random", open("/dev/random", O_RDONLY));
    show("read 32", read(fd, buf, 32));
    close(fd);

    printf("== device nodes\n");
    device("/dev/null");
    device("/dev/zero");
    device("/dev/full");
    device("/dev/random");
    device("/dev/urandom");
    show_err("open /dev/nonexistent", open("/dev/nonexistent", O_RDONLY));
    stat("/dev", &st);
    printf("/dev is a directory: %s\n", tf(S_ISDIR(st.st_mode)));

    printf("== /dev/fd, /dev/stdin, /dev/stdout, /dev/stderr\n");
    n = readlink("/dev/fd", link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    printf("readlink /dev/fd starts with /proc/self/fd: %s\n", tf(strncmp(link, "/proc/self/fd", 13) == 0));
    const char *std[3] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
    for (int i = 0; i < 3; i++) {
        n = readlink(std[i], link, sizeof link - 1);
        link[n > 0 ? n : 0] = 0;
        printf("readlink %s: %s\n", std[i], n > 0 ? link : errno_name(errno));
    }
    put("data", "through /dev/fd");
    fd = open("data", O_RDONLY);
    lseek(fd, 8, SEEK_SET);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fd);
    printf("opened data as descriptor %d\n", fd);
    int fd2 = show("open /dev/fd/3", open(path, O_RDONLY));
    n = read(fd2, buf, sizeof buf);
    printf("read through it (a new description, offset 0): %zd \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
    printf("original offset still: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    close(fd2);
    show_ok("stat /dev/fd/3", stat(path, &st));
    printf("  regular %s size %lld\n", tf(S_ISREG(st.st_mode)), (long long)st.st_size);
    show_err("open /dev/fd/9 (not open)", open("/dev/fd/9", O_RDONLY));

    printf("== /proc/self/fd\n");
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        die("opendir /proc/self/fd");
    int fds[64], count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        int v = atoi(e->d_name);
        if (v != dirfd(d) && count < 64)
            fds[count++] = v;
    }
    closedir(d);
    qsort(fds, count, sizeof fds[0], cmp_int);
    printf("open descriptors (without the listing's own):");
    for (int i = 0; i < count; i++)
        printf(" %d", fds[i]);
    printf("\n");
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    n = readlink(path, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    size_t len = strlen(fs_scratch);
    printf("readlink /proc/self/fd/3: %s%s\n", strncmp(link, fs_scratch, len) == 0 ? "$SCRATCH" : "",
           strncmp(link, fs_scratch, len) == 0 ? link + len : link);
    lstat(path, &st);
    printf("/proc/self/fd/3 is a symlink: %s\n", tf(S_ISLNK(st.st_mode)));
    unlink("data");
    n = readlink(path, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    printf("after unlink: ends with \" (deleted)\": %s\n",
           tf(n > 10 && strcmp(link + n - 10, " (deleted)") == 0));
    close(fd);
    show_err("readlink /proc/self/fd/3 after close", readlink(path, link, sizeof link));

    printf("== /proc/self/exe, /proc/self, /proc/self/cmdline\n");
    n = readlink("/proc/self/exe", link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    printf("readlink /proc/self/exe: non-empty %s absolute %s\n", tf(n > 0), tf(link[0] == '/'));
    struct stat exe, arg0;
    int same = stat("/proc/self/exe", &exe) == 0 && stat(argv[0], &arg0) == 0 && exe.st_size == arg0.st_size;
    printf("/proc/self/exe has argv[0]'s size: %s\n", tf(same));
    n = readlink("/proc/self", link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    printf("readlink /proc/self is the pid: %s\n", tf(n > 0 && atoi(link) == getpid()));
    n = slurp("/proc/self/cmdline", big, sizeof big);
    size_t expect = 0;
    int match = 1;
    for (int i = 0; i < argc; i++) {
        size_t l = strlen(argv[i]) + 1;
        match &= expect + l <= (size_t)n && memcmp(big + expect, argv[i], l) == 0;
        expect += l;
    }
    printf("/proc/self/cmdline equals argv (argc %d): %s\n", argc, tf(match && expect == (size_t)n));
    for (int i = 1; i < argc; i++)
        printf("  argv[%d] = %s\n", i, argv[i]);

    printf("== /proc/self/stat, /proc/self/status\n");
    slurp("/proc/self/stat", big, sizeof big);
    int pid = 0, ppid = 0;
    char comm[64] = "", state = '?';
    char *close_paren = strrchr(big, ')');
    int fields = sscanf(big, "%d (%63[^)]", &pid, comm);
    if (close_paren)
        fields += sscanf(close_paren + 1, " %c %d", &state, &ppid);
    printf("fields parsed %d, pid is getpid() %s, comm (%s), state %c, ppid is getppid() %s\n", fields,
           tf(pid == getpid()), comm, state, tf(ppid == getppid()));
    slurp("/proc/self/status", big, sizeof big);
    char *name = strstr(big, "Name:");
    char *pidline = strstr(big, "\nPid:");
    printf("status Name: %s\n", name && sscanf(name, "Name: %63s", comm) == 1 ? comm : "(missing)");
    printf("status Pid is getpid(): %s\n", tf(pidline && atoi(pidline + 5) == getpid()));

    printf("== /proc/meminfo\n");
    slurp("/proc/meminfo", big, sizeof big);
    const char *keys[3] = {"MemTotal:", "MemFree:", "MemAvailable:"};
    for (int i = 0; i < 3; i++) {
        char *line = strstr(big, keys[i]);
        long long kb = 0;
        char unit[8] = "";
        int ok = line && (line == big || line[-1] == '\n') &&
                 sscanf(line + strlen(keys[i]), " %lld %7s", &kb, unit) == 2;
        printf("%s line %s, positive %s, unit kB %s\n", keys[i], tf(ok), tf(kb > 0), tf(!strcmp(unit, "kB")));
    }

    printf("== /proc/mounts\n");
    n = slurp("/proc/mounts", big, sizeof big);
    int lines = 0, well_formed = 1, root = 0;
    for (char *line = big; line < big + n && *line;) {
        char *end = strchr(line, '\n');
        if (!end)
            end = big + n;
        *end = 0;
        char dev[256], dir[256], type[64], opts[1024];
        int freq, pass;
        int f = sscanf(line, "%255s %255s %63s %1023s %d %d", dev, dir, type, opts, &freq, &pass);
        well_formed &= f == 6;
        root |= f >= 2 && !strcmp(dir, "/");
        lines++;
        line = end + 1;
    }
    printf("/proc/mounts: lines>0 %s, six fields each %s, has / %s\n", tf(lines > 0), tf(well_formed), tf(root));
    struct statfs sf;
    show_ok("statfs /proc", statfs("/proc", &sf));
    printf("  /proc is PROC_SUPER_MAGIC: %s\n", tf(sf.f_type == 0x9fa0));
    stat("/proc/self/fd", &st);
    printf("/proc/self/fd is a directory: %s\n", tf(S_ISDIR(st.st_mode)));
    show_err("open /proc/self/nonexistent", open("/proc/self/nonexistent", O_RDONLY));
    show_err("create a file in /proc", open("/proc/newfile", O_WRONLY | O_CREAT, 0644));

    fs_teardown();
    return 0;
}
