/* Exercises malloc/realloc/free (brk and mmap paths) with content checks. */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FNV_INIT 0xcbf29ce484222325ull

static uint32_t rng_state = 12345u;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 16) & 0x7fff;
}

static uint64_t sum_bytes(const unsigned char *p, size_t n, uint64_t acc)
{
    /* FNV-1a 64 */
    for (size_t i = 0; i < n; i++) {
        acc ^= p[i];
        acc *= 0x100000001b3ull;
    }
    return acc;
}

#define SMALL_COUNT 10000
#define LIVE 512

static int small_test(void)
{
    unsigned char *live[LIVE] = {0};
    size_t sizes[LIVE] = {0};
    uint64_t csum = FNV_INIT;
    for (int i = 0; i < SMALL_COUNT; i++) {
        int slot = (int)(rng() % LIVE);
        if (live[slot]) {
            /* verify the pattern before freeing */
            for (size_t j = 0; j < sizes[slot]; j++) {
                if (live[slot][j] != (unsigned char)(slot + j)) {
                    printf("small: corruption at slot %d\n", slot);
                    return 1;
                }
            }
            csum = sum_bytes(live[slot], sizes[slot], csum);
            free(live[slot]);
        }
        size_t sz = 1 + rng() % 256;
        unsigned char *p = malloc(sz);
        if (!p) {
            printf("small: malloc failed\n");
            return 1;
        }
        for (size_t j = 0; j < sz; j++)
            p[j] = (unsigned char)(slot + j);
        live[slot] = p;
        sizes[slot] = sz;
    }
    for (int s = 0; s < LIVE; s++) {
        if (live[s]) {
            csum = sum_bytes(live[s], sizes[s], csum);
            free(live[s]);
        }
    }
    printf("small checksum=%016llx\n", (unsigned long long)csum);
    return 0;
}

static int large_test(size_t sz, const char *name)
{
    unsigned char *p = malloc(sz);
    if (!p) {
        printf("%s: malloc failed\n", name);
        return 1;
    }
    for (size_t i = 0; i < sz; i++)
        p[i] = (unsigned char)(i * 7 + (i >> 12));
    uint64_t csum = sum_bytes(p, sz, FNV_INIT);
    free(p);

    /* calloc must return zeroed memory */
    unsigned char *z = calloc(sz, 1);
    if (!z) {
        printf("%s: calloc failed\n", name);
        return 1;
    }
    for (size_t i = 0; i < sz; i += 4096) {
        if (z[i] != 0 || z[sz - 1 - i] != 0) {
            printf("%s: calloc not zeroed\n", name);
            return 1;
        }
    }
    free(z);
    printf("%s checksum=%016llx\n", name, (unsigned long long)csum);
    return 0;
}

static int realloc_test(void)
{
    size_t sz = 1;
    unsigned char *p = malloc(sz);
    if (!p) {
        printf("realloc: malloc failed\n");
        return 1;
    }
    p[0] = 0xa5;
    int steps = 0;
    while (sz < 8u * 1024 * 1024) {
        size_t nsz = sz * 2;
        unsigned char *q = realloc(p, nsz);
        if (!q) {
            printf("realloc: failed at %zu\n", nsz);
            free(p);
            return 1;
        }
        p = q;
        for (size_t i = 0; i < sz; i++) {
            unsigned char want = (i == 0) ? 0xa5 : (unsigned char)(i ^ (i >> 8));
            if (p[i] != want) {
                printf("realloc: contents lost at size %zu offset %zu\n", nsz, i);
                free(p);
                return 1;
            }
        }
        for (size_t i = (sz == 1 ? 1 : sz); i < nsz; i++)
            p[i] = (unsigned char)(i ^ (i >> 8));
        sz = nsz;
        steps++;
    }
    uint64_t csum = sum_bytes(p, sz, FNV_INIT);
    free(p);
    printf("realloc steps=%d size=%zu checksum=%016llx\n", steps, sz, (unsigned long long)csum);
    return 0;
}

int main(void)
{
    if (small_test())
        return 1;
    if (large_test(1u << 20, "1MiB"))
        return 1;
    if (large_test(16u << 20, "16MiB"))
        return 1;
    if (realloc_test())
        return 1;
    printf("ok\n");
    return 0;
}
