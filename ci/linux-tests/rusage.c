/* CPU time accounting (issue 7): getrusage(RUSAGE_SELF/RUSAGE_CHILDREN),
 * times() and wait4's rusage after a child burns 300 ms of CPU.
 * Only booleans are printed (the times differ from run to run): each figure
 * must be nonzero where CPU was spent and no more than the time that passed. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static long ms(struct timeval t) { return t.tv_sec * 1000 + t.tv_usec / 1000; }

static volatile unsigned long sink;

/* Burns CPU until the process has used `cpu_ms` of user time (or 30 s
 * passed: a loaded host may give it little of the processor). */
static void burn(long cpu_ms) {
    struct rusage start, now;
    getrusage(RUSAGE_SELF, &start);
    long give_up = now_ms() + 30000;
    do {
        for (int i = 0; i < 200000; i++)
            sink += i;
        getrusage(RUSAGE_SELF, &now);
    } while (ms(now.ru_utime) - ms(start.ru_utime) < cpu_ms && now_ms() < give_up);
}

/* Maps and touches `mib` MiB of fresh memory, without huge pages. */
static void touch_mib(long mib) {
    size_t len = mib << 20;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return;
    madvise(p, len, MADV_NOHUGEPAGE);
    for (size_t i = 0; i < len; i += 4096)
        p[i] = 1;
}

int main(void) {
    long hz = sysconf(_SC_CLK_TCK);
    struct rusage self0, children0;
    getrusage(RUSAGE_SELF, &self0);
    getrusage(RUSAGE_CHILDREN, &children0);
    printf("children before any: zero %d\n", ms(children0.ru_utime) == 0 && ms(children0.ru_stime) == 0);

    long start = now_ms();
    pid_t child = fork();
    if (child == 0) {
        burn(300);
        _exit(0);
    }
    int status;
    struct rusage from_wait;
    pid_t r = wait4(child, &status, 0, &from_wait);
    long elapsed = now_ms() - start;
    printf("wait4: ok %d\n", r == child && WIFEXITED(status));
    long wait_user = ms(from_wait.ru_utime);
    printf("wait4 rusage: user > 0 %d, plausible %d\n", wait_user > 0,
           wait_user + ms(from_wait.ru_stime) <= elapsed + 20);

    struct rusage children;
    getrusage(RUSAGE_CHILDREN, &children);
    long child_user = ms(children.ru_utime);
    printf("RUSAGE_CHILDREN: user > 0 %d, at least the burn %d, plausible %d, same as wait4 %d\n",
           child_user > 0, child_user >= 300, child_user + ms(children.ru_stime) <= elapsed + 20,
           child_user == wait_user);

    struct tms t;
    clock_t ticks = times(&t);
    printf("times: returns ticks %d, cutime > 0 %d, cutime plausible %d\n", ticks != (clock_t)-1,
           t.tms_cutime > 0, t.tms_cutime * 1000 / hz <= elapsed + 20);

    /* The parent itself: burn, then its own user time grows. */
    long before = now_ms();
    burn(100);
    long burned = now_ms() - before;
    struct rusage self1;
    getrusage(RUSAGE_SELF, &self1);
    long grew = ms(self1.ru_utime) - ms(self0.ru_utime);
    printf("RUSAGE_SELF: grew at least the burn %d, plausible %d\n", grew >= 100, grew <= burned + 20);
    struct tms t2;
    times(&t2);
    long self_user = ms(self1.ru_utime);
    printf("times: utime agrees with getrusage %d, cutime unchanged %d\n",
           labs(t2.tms_utime * 1000 / hz - self_user) <= 30, t2.tms_cutime == t.tms_cutime);
    /* Faults and the resident set: touching 32 MiB (no huge pages) takes a
     * minor fault a page and grows ru_maxrss by as much. */
    struct rusage r0, r1;
    getrusage(RUSAGE_SELF, &r0);
    touch_mib(32);
    getrusage(RUSAGE_SELF, &r1);
    /* (Linux's resident-set counters are approximate: margins of 2 MiB.) */
    /* (ru_majflt is not shown: natively a page of the program read from the
     * disk is one, which depends on the host's page cache.) */
    printf("RUSAGE_SELF after touching 32 MiB: minflt grew by a page's worth %d, maxrss at least "
           "that %d\n",
           r1.ru_minflt - r0.ru_minflt >= 8000, r1.ru_maxrss >= 30 * 1024);
    /* A child that touches 48 MiB: its figures come back through wait4 and
     * RUSAGE_CHILDREN (maxrss: the largest child's). */
    child = fork();
    if (child == 0) {
        touch_mib(48);
        _exit(0);
    }
    wait4(child, &status, 0, &from_wait);
    getrusage(RUSAGE_CHILDREN, &children);
    printf("child that touched 48 MiB: wait4 maxrss %d minflt %d, RUSAGE_CHILDREN maxrss %d "
           "minflt %d\n",
           from_wait.ru_maxrss >= 46 * 1024, from_wait.ru_minflt >= 12000,
           children.ru_maxrss >= 46 * 1024, children.ru_minflt >= 12000);
    /* Sleeping is a voluntary switch. */
    getrusage(RUSAGE_SELF, &r0);
    struct timespec nap = {0, 10000000};
    nanosleep(&nap, NULL);
    getrusage(RUSAGE_SELF, &r1);
    printf("nanosleep: nvcsw grew %d; maxrss below 1 GiB %d\n", r1.ru_nvcsw > r0.ru_nvcsw,
           r1.ru_maxrss < 1024 * 1024);
    /* /proc/self/stat's utime (field 14, clock ticks) agrees with getrusage. */
    FILE *stat_file = fopen("/proc/self/stat", "r");
    char stat_text[1024] = {0};
    if (stat_file) {
        (void)!fread(stat_text, 1, sizeof stat_text - 1, stat_file);
        fclose(stat_file);
    }
    getrusage(RUSAGE_SELF, &self1);
    char *after_comm = strrchr(stat_text, ')');
    unsigned long long stat_utime = 0;
    if (after_comm)
        sscanf(after_comm + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu", &stat_utime);
    printf("/proc/self/stat utime agrees with getrusage %d\n",
           labs((long)(stat_utime * 1000 / hz) - ms(self1.ru_utime)) <= 30);
    int bad = getrusage(42, &self1);
    printf("getrusage(42): %d %s\n", bad, errno == EINVAL ? "EINVAL" : "other");
    return 0;
}
