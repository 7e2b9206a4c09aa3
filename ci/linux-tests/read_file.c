/* Reads /bin/busybox with read(), checks lseek/pread/fstat/stat. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH "/bin/busybox"

int main(void)
{
    int fd = open(PATH, O_RDONLY);
    if (fd < 0) {
        printf("open %s FAILED: %s\n", PATH, strerror(errno));
        return 1;
    }
    static unsigned char buf[4096];
    unsigned char first17[17];
    uint64_t hash = 0xcbf29ce484222325ull;
    long long size = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            printf("read FAILED: %s\n", strerror(errno));
            return 1;
        }
        if (n == 0)
            break;
        for (ssize_t i = 0; i < n; i++) {
            if (size + i < 17)
                first17[size + i] = buf[i];
            hash ^= buf[i];
            hash *= 0x100000001b3ull;
        }
        size += n;
    }
    printf("size=%lld\n", size);
    printf("fnv1a64=%016llx\n", (unsigned long long)hash);
    /* ELF magic, so the output is host-independent beyond size/hash */
    printf("elf magic: %s\n", (size >= 4 && memcmp(first17, "\177ELF", 4) == 0) ? "true" : "false");

    off_t pos = lseek(fd, 0, SEEK_CUR);
    printf("lseek cur at end: %s\n", pos == size ? "true" : "false");
    pos = lseek(fd, 0, SEEK_SET);
    printf("lseek set 0 returned %lld\n", (long long)pos);
    unsigned char one;
    ssize_t r = read(fd, &one, 1);
    printf("read after lseek ok: %s\n", (r == 1 && one == 0x7f) ? "true" : "false");

    unsigned char pb[16];
    ssize_t pn = pread(fd, pb, sizeof pb, 1);
    printf("pread returned %zd, matches: %s\n", pn,
           (pn == 16 && size >= 17 && memcmp(pb, first17 + 1, 16) == 0) ? "true" : "false");
    printf("pread bytes:");
    for (ssize_t i = 0; i < pn; i++)
        printf(" %02x", pb[i]);
    printf("\n");
    /* pread must not move the file offset */
    printf("offset after pread: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));

    struct stat st;
    if (fstat(fd, &st) != 0) {
        printf("fstat FAILED: %s\n", strerror(errno));
        return 1;
    }
    printf("fstat size matches: %s\n", (long long)st.st_size == size ? "true" : "false");
    printf("regular file: %s\n", S_ISREG(st.st_mode) ? "true" : "false");
    close(fd);

    errno = 0;
    int sr = stat("/definitely/not/here", &st);
    printf("stat missing returned %d, ENOENT: %s\n", sr, errno == ENOENT ? "true" : "false");
    return 0;
}
