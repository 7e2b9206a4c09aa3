/* Creates and joins N threads one after another (argv[1], default 10000)
 * and checks that the system's free memory is back to its figures from
 * before: /proc/meminfo's MemFree (the server's memory) and KernelHeapFree
 * and KernelMemFree (the microkernel's heap: thread objects and kernel
 * stacks; its own free frames: UTCBs, page tables). Run inside the system
 * only: on Linux MemFree moves with every page cache and slab change, and the
 * kernel lines are ours. Exit 0 when all are back. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The figures compared, in kB (-1 if missing). */
struct memory {
    long free, kernel_heap_free, kernel_free;
};

static struct memory memory(void) {
    struct memory m = {-1, -1, -1};
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    if (!f) return m;
    while (fgets(line, sizeof line, f)) {
        sscanf(line, "MemFree: %ld kB", &m.free);
        sscanf(line, "KernelHeapFree: %ld kB", &m.kernel_heap_free);
        sscanf(line, "KernelMemFree: %ld kB", &m.kernel_free);
    }
    fclose(f);
    return m;
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
    if (churn(100) != 0 || memory().free < 0 || churn(100) != 0) return 2;
    struct memory before = memory();
    if (churn(n) != 0) return 2;
    struct memory after = memory();
    printf("created and joined %d threads; MemFree %ld kB before, %ld kB after; KernelHeapFree "
           "%ld kB before, %ld kB after; KernelMemFree %ld kB before, %ld kB after\n",
           n, before.free, after.free, before.kernel_heap_free, after.kernel_heap_free,
           before.kernel_free, after.kernel_free);
    if (before.free < 0 || before.kernel_heap_free < 0 || before.kernel_free < 0 ||
        after.free != before.free || after.kernel_heap_free != before.kernel_heap_free ||
        after.kernel_free != before.kernel_free) {
        printf("memory not returned: MemFree %ld kB, KernelHeapFree %ld kB, KernelMemFree %ld kB\n",
               before.free - after.free, before.kernel_heap_free - after.kernel_heap_free,
               before.kernel_free - after.kernel_free);
        return 1;
    }
    printf("no memory lost\n");
    return 0;
}
