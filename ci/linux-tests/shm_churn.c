/* N rounds (argv[1], default 300) of: map 16 KiB of shared anonymous memory,
 * touch it, fork a child that writes every page, wait, check, unmap; half the
 * rounds unmap in the parent before the child has ended (the child's mapping
 * keeps the memory). Then /proc/meminfo's MemFree must be back to its figure
 * from before: the objects' pages are freed once nobody maps them. Run
 * inside the system only (Linux's MemFree moves with everything else). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static long mem_free(void) {
    long kb = -1;
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f))
        sscanf(line, "MemFree: %ld kB", &kb);
    if (f)
        fclose(f);
    return kb;
}

static int round_trip(int i) {
    int *m = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return -1;
    m[0] = i;
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    pid_t child = fork();
    if (child == 0) {
        close(pipefd[1]);
        for (int page = 0; page < 4; page++)
            m[page * 1024 + 1] = i + page;
        char byte;
        (void)!read(pipefd[0], &byte, 1); /* until the parent lets go */
        _exit(0);
    }
    close(pipefd[0]);
    int early = i & 1;
    if (early) /* the parent lets go of its mapping first */
        munmap(m, 16384);
    close(pipefd[1]);
    int status;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    if (!early) {
        for (int page = 0; page < 4; page++)
            if (m[page * 1024 + 1] != i + page)
                return -1;
        munmap(m, 16384);
    }
    return 0;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 300;
    /* Warm up: the server's tables, and the libc's memory for reading
     * /proc/meminfo (its first fopen grows the heap by a page). */
    for (int i = 0; i < 10; i++)
        if (round_trip(i) != 0 || mem_free() < 0)
            return 2;
    long before = mem_free();
    for (int i = 0; i < n; i++)
        if (round_trip(i) != 0) {
            printf("round %d failed\n", i);
            return 2;
        }
    long after = mem_free();
    printf("%d rounds of shared memory; MemFree %ld kB before, %ld kB after\n", n, before, after);
    return before > 0 && after == before ? 0 : 1;
}
