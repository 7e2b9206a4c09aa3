/* Small scheduling and memory calls (issue 9): sched_setaffinity and
 * sched_getaffinity, sched_yield, getcpu, membarrier, madvise, prctl's
 * PR_SET_NAME/PR_GET_NAME, the mlock family; results and errno values as
 * Linux gives them. After sched_setaffinity({0}) the process runs on CPU 0
 * on any machine, so the output does not depend on the CPU count. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(long r) {
    if (r >= 0)
        return "ok";
    switch (errno) {
    case EINVAL: return "EINVAL";
    case ENOMEM: return "ENOMEM";
    case EPERM: return "EPERM";
    case EFAULT: return "EFAULT";
    case ESRCH: return "ESRCH";
    default: return strerror(errno);
    }
}

#define SHOW(what, call)                                   \
    do {                                                   \
        long r_ = (long)(call);                            \
        printf("%s: %ld %s\n", what, r_, err(r_));         \
    } while (0)

int main(void) {
    /* Affinity. */
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    SHOW("setaffinity {0}", sched_setaffinity(0, sizeof set, &set));
    CPU_ZERO(&set);
    SHOW("getaffinity", sched_getaffinity(0, sizeof set, &set));
    printf("count %d cpu0 %d\n", (int)CPU_COUNT(&set), (int)CPU_ISSET(0, &set));
    CPU_ZERO(&set);
    SHOW("setaffinity {}", sched_setaffinity(0, sizeof set, &set));
    CPU_SET(1000, &set);
    SHOW("setaffinity {1000}", sched_setaffinity(0, sizeof set, &set));
    SHOW("setaffinity bad pointer", syscall(SYS_sched_setaffinity, 0, 8, (void *)8));
    SHOW("setaffinity pid -1", syscall(SYS_sched_setaffinity, -1, 8, &set));
    SHOW("getaffinity len 4", syscall(SYS_sched_getaffinity, 0, 4, &set));
    SHOW("getaffinity len 12", syscall(SYS_sched_getaffinity, 0, 12, &set));
    /* The raw call returns the kernel's mask size (it depends on the machine). */
    long size = syscall(SYS_sched_getaffinity, 0, 128, &set);
    printf("raw getaffinity len 128: positive multiple of 8 %d, cpu0 %d\n", size > 0 && size % 8 == 0,
           (int)CPU_ISSET(0, &set));
    SHOW("sched_yield", sched_yield());

    /* getcpu. */
    unsigned cpu = 99, node = 99;
    SHOW("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
    printf("cpu %u node %u\n", cpu, node);
    SHOW("getcpu NULLs", syscall(SYS_getcpu, NULL, NULL, NULL));
    SHOW("sched_getcpu", sched_getcpu());

    /* membarrier. */
    SHOW("membarrier QUERY", syscall(SYS_membarrier, 0, 0, 0));
    SHOW("membarrier PRIVATE_EXPEDITED unregistered", syscall(SYS_membarrier, 8, 0, 0));
    SHOW("membarrier REGISTER_PRIVATE_EXPEDITED", syscall(SYS_membarrier, 16, 0, 0));
    SHOW("membarrier PRIVATE_EXPEDITED", syscall(SYS_membarrier, 8, 0, 0));
    SHOW("membarrier GLOBAL", syscall(SYS_membarrier, 1, 0, 0));
    SHOW("membarrier REGISTER_GLOBAL_EXPEDITED", syscall(SYS_membarrier, 4, 0, 0));
    SHOW("membarrier GLOBAL_EXPEDITED", syscall(SYS_membarrier, 2, 0, 0));
    SHOW("membarrier SYNC_CORE unregistered", syscall(SYS_membarrier, 32, 0, 0));
    SHOW("membarrier RSEQ unregistered", syscall(SYS_membarrier, 128, 0, 0));
    SHOW("membarrier GET_REGISTRATIONS", syscall(SYS_membarrier, 512, 0, 0));
    SHOW("membarrier flags 1", syscall(SYS_membarrier, 0, 1, 0));
    SHOW("membarrier cmd 3", syscall(SYS_membarrier, 3, 0, 0));
    SHOW("membarrier cmd 1024", syscall(SYS_membarrier, 1024, 0, 0));
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        SHOW("child GET_REGISTRATIONS", syscall(SYS_membarrier, 512, 0, 0));
        fflush(stdout);
        _exit(0);
    }
    waitpid(child, NULL, 0);

    /* madvise: MADV_DONTNEED zeroes private anonymous pages. */
    long page = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(m, 'x', 4 * page);
    SHOW("madvise DONTNEED", madvise(m + page, 2 * page, MADV_DONTNEED));
    printf("after DONTNEED: %d %d %d %d\n", m[0], m[page], m[2 * page + 5], m[3 * page]);
    SHOW("madvise WILLNEED", madvise(m, 4 * page, MADV_WILLNEED));
    SHOW("madvise SEQUENTIAL", madvise(m, 4 * page, MADV_SEQUENTIAL));
    SHOW("madvise RANDOM", madvise(m, 4 * page, MADV_RANDOM));
    SHOW("madvise NORMAL", madvise(m, 4 * page, MADV_NORMAL));
    SHOW("madvise FREE", madvise(m, page, MADV_FREE));
    m[0] = 'y';
    printf("written after FREE: %c\n", m[0]);
    SHOW("madvise unaligned", madvise(m + 1, page, MADV_DONTNEED));
    SHOW("madvise bad advice", madvise(m, page, 1000));
    munmap(m + 2 * page, page);
    SHOW("madvise over a hole", madvise(m, 4 * page, MADV_WILLNEED));
    SHOW("madvise DONTNEED over a hole", madvise(m, 4 * page, MADV_DONTNEED));
    SHOW("madvise len 0", madvise(m, 0, MADV_DONTNEED));

    /* mlock family. */
    SHOW("mlock", mlock(m, page));
    SHOW("mlock unaligned", mlock(m + 10, 100));
    SHOW("munlock", munlock(m, page));
    SHOW("mlock over a hole", mlock(m, 4 * page));
    SHOW("mlock len 0", mlock(m, 0));
    SHOW("mlock2 ONFAULT", syscall(SYS_mlock2, m, page, 1));
    SHOW("mlock2 bad flags", syscall(SYS_mlock2, m, page, 2));
    SHOW("munlock over a hole", munlock(m, 4 * page));
    SHOW("mlockall CURRENT|FUTURE", mlockall(MCL_CURRENT | MCL_FUTURE));
    SHOW("munlockall", munlockall());
    SHOW("mlockall 0", mlockall(0));
    SHOW("mlockall ONFAULT alone", mlockall(MCL_ONFAULT));
    SHOW("mlockall 8", mlockall(8));
    SHOW("mlockall CURRENT|ONFAULT", mlockall(MCL_CURRENT | MCL_ONFAULT));
    munlockall();

    /* prctl names. */
    char name[32] = {0};
    SHOW("PR_SET_NAME", prctl(PR_SET_NAME, "a-very-long-thread-name", 0, 0, 0));
    SHOW("PR_GET_NAME", prctl(PR_GET_NAME, name, 0, 0, 0));
    printf("name \"%s\"\n", name);
    return 0;
}
