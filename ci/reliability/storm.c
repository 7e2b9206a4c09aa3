/* A random-syscall storm in the spirit of trinity (issue 10). Run ONLY inside
 * the system (`cargo xtask reliability`), never natively: it calls random
 * system calls with random and boundary arguments.
 *
 *   storm SEED CALLS [CHILDREN]
 *
 * CHILDREN worker processes (default 4) each run batches of calls drawn from
 * a generator seeded with (SEED, worker, batch); a batch is one process (a
 * worker forks one per batch), so a call that kills or wedges its caller ends
 * only its batch. Each batch runs as an unprivileged user in a scratch
 * directory, with alarm(); the parent also kills a batch that outlives its
 * deadline (SIGKILL cannot be blocked or ignored). Left out: calls that end or
 * replace the caller or reach other processes (exit, execve, fork/clone,
 * kill, reboot, ...) and calls that would only wait (pause, sigsuspend).
 *
 * The last lines are "storm: seed S, N calls in B batches (K killed by a
 * signal, T timed out)" and "storm: done". A server or kernel panic ends the
 * run before them; the seed reproduces it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCH 500

static uint64_t rng;
static uint64_t next(void)
{
    /* xorshift64* */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dull;
}

static int excluded(long nr)
{
    switch (nr) {
    case SYS_exit: case SYS_exit_group: case SYS_execve: case SYS_execveat:
    case SYS_fork: case SYS_vfork: case SYS_clone: case 435 /* clone3 */:
    case SYS_kill: case SYS_tkill: case SYS_tgkill: case SYS_rt_sigqueueinfo:
    case SYS_rt_tgsigqueueinfo: case 424 /* pidfd_send_signal */:
    case SYS_reboot: case SYS_pause: case SYS_rt_sigsuspend: case SYS_rt_sigreturn:
    case SYS_setuid: case SYS_setgid: case SYS_setreuid: case SYS_setregid:
    case SYS_setresuid: case SYS_setresgid: case SYS_setsid: case SYS_setpgid:
    case SYS_vhangup: case SYS_ptrace: case SYS_kexec_load: case SYS_delete_module:
    case SYS_init_module: case SYS_swapoff: case SYS_swapon: case SYS_acct:
        return 1;
    }
    return 0;
}

static char *scratch_page; /* a page of the batch's own, readable and writable */

static long argument(void)
{
    static const long boundary[] = {
        0, 1, 2, 3, 4, 7, 8, 16, 64, 255, 256, 4095, 4096, 4097, 65536, 1 << 20,
        0x7fffffff, (long)0x80000000, 0xffffffff, -1, -2, -4096, (long)0x8000000000000000ull,
        0x7fffffffffffffffl, 0x00007ffffffff000l, (long)0xffff800000000000ull,
        (long)0xffffa00000000000ull, (long)0xffffffff80000000ull, 0x1000, 0x400000,
    };
    switch (next() % 8) {
    case 0: case 1: return boundary[next() % (sizeof boundary / sizeof boundary[0])];
    case 2: return (long)(scratch_page + (next() % 4096));
    case 3: return (long)scratch_page;
    case 4: return (long)(next() % 64); /* small: descriptors, signals, flags */
    case 5: return (long)(1ul << (next() % 64));
    case 6: return (long)"/tmp/storm/file";
    default: return (long)next();
    }
}

static void batch(uint64_t seed)
{
    rng = seed | 1;
    alarm(5);
    /* Random writes and ioctls reach /dev/null, not the console. */
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (null > 2)
        close(null);
    scratch_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (scratch_page == MAP_FAILED)
        _exit(100);
    for (int i = 0; i < BATCH; i++) {
        long nr = (long)(next() % 460);
        if (excluded(nr))
            continue;
        long a[6];
        for (int j = 0; j < 6; j++)
            a[j] = argument();
        syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    _exit(0);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 3) {
        fprintf(stderr, "usage: storm SEED CALLS [CHILDREN]\n");
        return 2;
    }
    uint64_t seed = strtoull(argv[1], NULL, 0);
    long calls = atol(argv[2]);
    int children = argc > 3 ? atoi(argv[3]) : 4;
    long batches = (calls + BATCH - 1) / BATCH;
    printf("storm: seed %llu, %ld calls, %d workers\n", (unsigned long long)seed, calls, children);
    mkdir("/tmp/storm", 0777);
    chmod("/tmp/storm", 0777);
    long started = 0, killed = 0, timed_out = 0, finished = 0;
    pid_t running[64] = {0};
    time_t deadline[64] = {0};
    while (finished < batches) {
        for (int w = 0; w < children && w < 64; w++) {
            if (running[w] || started >= batches)
                continue;
            uint64_t batch_seed = seed * 0x9e3779b97f4a7c15ull + (uint64_t)started;
            started++;
            fflush(stdout);
            pid_t pid = fork();
            if (pid < 0) {
                started--;
                break;
            }
            if (pid == 0) {
                setpgid(0, 0);
                if (chdir("/tmp/storm") || setgid(65534) || setuid(65534))
                    _exit(101);
                batch(batch_seed);
            }
            running[w] = pid;
            deadline[w] = time(NULL) + 10;
        }
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid <= 0) {
            time_t now = time(NULL);
            for (int w = 0; w < children; w++) {
                if (running[w] && now > deadline[w]) {
                    kill(running[w], SIGKILL);
                    timed_out++;
                    deadline[w] = now + 1000;
                }
            }
            usleep(10000);
            continue;
        }
        for (int w = 0; w < children; w++)
            if (running[w] == pid)
                running[w] = 0;
        if (WIFSIGNALED(status))
            killed++;
        finished++;
    }
    printf("storm: seed %llu, %ld calls in %ld batches (%ld killed by a signal, %ld timed out)\n",
           (unsigned long long)seed, batches * BATCH, batches, killed, timed_out);
    printf("storm: done\n");
    return 0;
}
