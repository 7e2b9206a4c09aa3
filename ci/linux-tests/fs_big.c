/* A 64 MiB file in /tmp: written in 1 MiB chunks of a pattern, read back
 * (in reads that do not line up with the chunks) and checked, spot-checked
 * with pread across chunk boundaries, hashed; then removed, and the memory it
 * took must come back.
 *
 * The memory check: MemFree from /proc/meminfo after unlinking must be at
 * least MemFree before writing minus 4 MiB. This only means something when
 * the file lived in memory, i.e. when /tmp is a tmpfs (statfs f_type ==
 * TMPFS_MAGIC), as it is in the system. Natively /tmp may be on a disk file
 * system (it is on the host this test was written on), where MemFree moves
 * with the page cache and with everything else running; there the
 * comparison is not made and the same line is printed, so the transcript is
 * the same. No MemFree number is ever printed. (Checked natively with a tmpfs
 * mounted on /tmp in a private mount namespace: the line reads the same.) */
#include "fs_common.h"

#include <sys/statfs.h>
#include <time.h>

#define CHUNK (1 << 20)
#define CHUNKS 64
#define TMPFS_MAGIC_ 0x01021994

static unsigned char pattern_byte(unsigned chunk, unsigned offset)
{
    unsigned x = chunk * 2654435761u ^ offset * 40503u;
    x ^= x >> 13;
    x *= 0x5bd1e995u;
    x ^= x >> 15;
    return (unsigned char)x;
}

static long long mem_free_kb(void)
{
    char buf[8192];
    int fd = open("/proc/meminfo", O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    char *line = strstr(buf, "MemFree:");
    long long kb = -1;
    if (line)
        sscanf(line + 8, " %lld", &kb);
    return kb;
}

int main(void)
{
    fs_setup();
    unsigned char *buf = malloc(CHUNK + 4096);
    if (!buf)
        die("malloc");
    struct statfs sf;
    int on_tmpfs = statfs(".", &sf) == 0 && sf.f_type == TMPFS_MAGIC_;
    long long free_before = mem_free_kb();
    printf("MemFree readable: %s\n", free_before > 0 ? "true" : "false");

    int fd = open("big", O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        die("open big");
    int short_writes = 0;
    for (unsigned c = 0; c < CHUNKS; c++) {
        for (unsigned i = 0; i < CHUNK; i++)
            buf[i] = pattern_byte(c, i);
        ssize_t done = 0;
        while (done < CHUNK) {
            ssize_t n = write(fd, buf + done, CHUNK - done);
            if (n <= 0) {
                printf("write chunk %u: -1 %s\n", c, errno_name(errno));
                return 1;
            }
            if (n < CHUNK - done)
                short_writes++;
            done += n;
        }
    }
    struct stat st;
    fstat(fd, &st);
    printf("wrote %d chunks of %d bytes: size %lld\n", CHUNKS, CHUNK, (long long)st.st_size);
    printf("blocks cover the size: %s\n", (long long)st.st_blocks * 512 >= (long long)st.st_size ? "true" : "false");
    show("close", close(fd));

    fd = open("big", O_RDONLY);
    if (fd < 0)
        die("open big for reading");
    /* Reads of 1 MiB + 1000 bytes, so that they straddle chunk boundaries. */
    long long pos = 0, bad = -1;
    unsigned long long hash = 0xcbf29ce484222325ull;
    for (;;) {
        ssize_t n = read(fd, buf, CHUNK + 1000);
        if (n < 0) {
            printf("read at %lld: -1 %s\n", pos, errno_name(errno));
            return 1;
        }
        if (n == 0)
            break;
        for (ssize_t i = 0; i < n; i++) {
            long long at = pos + i;
            if (bad < 0 && buf[i] != pattern_byte(at / CHUNK, at % CHUNK))
                bad = at;
            hash = (hash ^ buf[i]) * 0x100000001b3ull;
        }
        pos += n;
    }
    printf("read back %lld bytes, first mismatch %lld, fnv1a64 %016llx\n", pos, bad, hash);
    long long spots[] = {0, CHUNK - 3, 17LL * CHUNK - 1, 40LL * CHUNK + 12345, 64LL * CHUNK - 8};
    for (unsigned s = 0; s < sizeof spots / sizeof spots[0]; s++) {
        unsigned char b[8];
        ssize_t n = pread(fd, b, 8, spots[s]);
        int ok = n == 8;
        for (int i = 0; i < n; i++) {
            long long at = spots[s] + i;
            ok &= b[i] == pattern_byte(at / CHUNK, at % CHUNK);
        }
        printf("pread 8 at %lld: %zd matches %s\n", spots[s], n, ok ? "true" : "false");
    }
    show("pread at EOF", pread(fd, buf, 8, 64LL * CHUNK));
    show("lseek SEEK_END", lseek(fd, 0, SEEK_END));
    close(fd);
    printf("short writes: %s\n", short_writes ? "some" : "none");

    show("unlink big", unlink("big"));
    /* Linux folds its per-CPU free page counts into MemFree lazily (about
     * once a second), so the comparison is retried for up to 3 s. */
    int came_back = 1;
    if (on_tmpfs) {
        for (int tries = 0; tries < 30; tries++) {
            came_back = mem_free_kb() >= free_before - 4096;
            if (came_back)
                break;
            struct timespec ts = {0, 100000000};
            nanosleep(&ts, NULL);
        }
    }
    printf("memory came back after unlink: %s\n", came_back ? "true" : "false");
    free(buf);
    fs_teardown();
    return 0;
}
