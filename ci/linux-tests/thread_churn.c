/* Creates and joins N threads one after another (argv[1], default 10000)
 * and checks that the system's free memory (/proc/meminfo MemFree) is back
 * to its figure from before. Run inside the system only: on Linux MemFree
 * moves with every page cache and slab change. Exit 0 when it is back. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long mem_free_kb(void) {
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    long kb = -1;
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemFree: %ld kB", &kb) == 1) break;
    fclose(f);
    return kb;
}

static void *work(void *arg) {
    /* Touch some of the stack and return something to join. */
    volatile char buffer[2048];
    memset((char *)buffer, (int)(long)arg, sizeof buffer);
    return (void *)((long)arg + buffer[100]);
}

static int churn(int n) {
    for (int i = 0; i < n; i++) {
        pthread_t t;
        void *r;
        if (pthread_create(&t, NULL, work, (void *)(long)(i & 0x3f)) != 0) {
            printf("pthread_create failed at %d\n", i);
            return -1;
        }
        pthread_join(t, &r);
        if ((long)r != 2 * (i & 0x3f)) {
            printf("thread %d returned %ld\n", i, (long)r);
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    /* Warm up: the libc's caches (also those of reading /proc/meminfo) and
     * the server's tables reach their size. */
    if (churn(100) != 0 || mem_free_kb() < 0 || churn(100) != 0) return 2;
    long before = mem_free_kb();
    if (churn(n) != 0) return 2;
    long after = mem_free_kb();
    printf("created and joined %d threads; MemFree %ld kB before, %ld kB after\n", n, before,
           after);
    if (before < 0 || after != before) {
        printf("memory not returned: %ld kB\n", before - after);
        return 1;
    }
    printf("no memory lost\n");
    return 0;
}
