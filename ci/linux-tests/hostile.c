/* Hostile programs (issue 10), compared with Linux: each case runs in a forked
 * child and the child's end (exit status or killing signal) is printed, so
 * that one boot runs many cases and the transcript must be the same natively
 * and inside the system. A case that took the server or the kernel down would
 * end the whole run (the oracle then reports the system failed).
 *
 * argv[1] selects a group:
 *   cpu      privileged instructions (hlt, cli, in/out, the isa-debug-exit port,
 *            wrmsr, mov to cr3, lgdt, ...), every `int N`, int3, ud2, division
 *            by zero, stack overflow, jumps to and reads and writes of kernel,
 *            server and non-canonical addresses, and forged signal frames
 *            (rt_sigreturn with a wild stack, non-canonical or kernel rip,
 *            IOPL or TF in rflags, a kernel code selector, garbage FPU state);
 *   efault   system calls handed pointers to unmapped, kernel, server,
 *            non-canonical and read-only memory: EFAULT (or what Linux does);
 *   limits   huge lengths and counts, negative and truncated descriptors, a
 *            10 MiB argv, deep symlink chains, execve of garbage files, mmap of
 *            the whole address space.
 *
 * The server's addresses are those of microkernel/abi/src/layout.rs (its slots
 * 320..384); natively they are kernel addresses, which Linux refuses the same way. */
#include "fs_common.h"

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Winfinite-recursion"

#define KERNEL_DIRECT_MAP 0xffff800000000000ull
#define KERNEL_IMAGE 0xffffffff80000000ull
#define SERVER_BASE 0xffffa00000000000ull        /* layout::ROOT_BASE */
#define SERVER_WINDOW 0xffffa10000000000ull      /* layout::ROOT_PHYS_WINDOW */
#define SERVER_STACK (0xffffa00000000000ull + 0x4000000000ull - 4096)
#define NON_CANONICAL 0x8000000000000000ull
#define USER_TOP 0x00007ffffffff000ull

static unsigned long case_arg;

/* Runs `fn` in a child; prints how it ended. */
static void run(const char *name, void (*fn)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        alarm(20);
        fn();
        fflush(stdout);
        _exit(0);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid)
        die("waitpid");
    if (WIFEXITED(status))
        printf("%s: exit %d\n", name, WEXITSTATUS(status));
    else
        printf("%s: signal %d\n", name, WTERMSIG(status));
}

/* ---------------------------------------------------------------- cpu */

static void do_hlt(void) { __asm__ volatile("hlt"); }
static void do_cli(void) { __asm__ volatile("cli"); }
static void do_sti(void) { __asm__ volatile("sti"); }
static void do_in(void) { __asm__ volatile("inb $0x80, %%al" ::: "eax"); }
static void do_out(void) { __asm__ volatile("outb %%al, $0x80" ::: "eax"); }
static void do_out_exit_port(void)
{
    /* The isa-debug-exit device: a write would end QEMU. */
    __asm__ volatile("mov $0xf4, %%dx; mov $0x31, %%al; outb %%al, %%dx" ::: "eax", "edx");
}
static void do_insb(void)
{
    char buf[16];
    __asm__ volatile("mov $0x3f8, %%dx; lea %0, %%rdi; insb" : "=m"(buf) : : "edx", "rdi");
}
static void do_rdmsr(void) { __asm__ volatile("mov $0x10, %%ecx; rdmsr" ::: "eax", "ecx", "edx"); }
static void do_wrmsr(void)
{
    __asm__ volatile("mov $0xc0000100, %%ecx; xor %%eax, %%eax; xor %%edx, %%edx; wrmsr" ::
                         : "eax", "ecx", "edx");
}
static void do_read_cr3(void) { __asm__ volatile("mov %%cr3, %%rax" ::: "rax"); }
static void do_write_cr3(void) { __asm__ volatile("xor %%eax, %%eax; mov %%rax, %%cr3" ::: "rax"); }
static void do_write_cr0(void) { __asm__ volatile("xor %%eax, %%eax; mov %%rax, %%cr0" ::: "rax"); }
static void do_lgdt(void) { __asm__ volatile("lgdt (%%rsp)" ::: "memory"); }
static void do_lidt(void) { __asm__ volatile("lidt (%%rsp)" ::: "memory"); }
static void do_lldt(void) { __asm__ volatile("xor %%eax, %%eax; lldt %%ax" ::: "eax"); }
static void do_ltr(void) { __asm__ volatile("mov $0x28, %%eax; ltr %%ax" ::: "eax"); }
static void do_invlpg(void) { __asm__ volatile("invlpg (%%rsp)" ::: "memory"); }
static void do_wbinvd(void) { __asm__ volatile("wbinvd"); }
static void do_swapgs(void) { __asm__ volatile("swapgs"); }
static void do_clts(void) { __asm__ volatile("clts"); }
static void do_write_dr7(void) { __asm__ volatile("mov $0x1, %%eax; mov %%rax, %%dr7" ::: "rax"); }
static void do_sysret(void) { __asm__ volatile("sysretq"); }
static void do_ud2(void) { __asm__ volatile("ud2"); }
static void do_into(void) { __asm__ volatile(".byte 0xce"); } /* invalid in 64-bit mode */
static void do_int3(void) { __asm__ volatile("int3"); }
static void do_load_kernel_ss(void) { __asm__ volatile("mov $0x10, %%eax; mov %%eax, %%ss" ::: "eax"); }
static void do_load_bad_ds(void) { __asm__ volatile("mov $0x1234, %%eax; mov %%eax, %%ds" ::: "eax"); }
static void do_far_call_kernel_cs(void)
{
    static struct { uint64_t offset; uint16_t selector; } __attribute__((packed)) target = {0, 0x08};
    __asm__ volatile("lcall *%0" ::"m"(target));
}

/* `int N` from a page of code written at run time: CD NN. */
static void do_int_n(void)
{
    unsigned char *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED)
        _exit(90);
    code[0] = 0xcd;
    code[1] = (unsigned char)case_arg;
    code[2] = 0xc3; /* ret */
    ((void (*)(void))code)();
}

static void do_div_zero(void)
{
    volatile int zero = 0, x = 7;
    x = x / zero;
}
static void do_idiv_overflow(void)
{
    volatile long min = (long)0x8000000000000000ull, minus_one = -1;
    min = min / minus_one;
}

static int recurse(int depth)
{
    volatile char pad[4096];
    pad[0] = (char)depth;
    return recurse(depth + 1) + pad[0];
}
static void do_stack_overflow(void) { recurse(0); }

static void do_jump(void) { ((void (*)(void))case_arg)(); }
static void do_read(void) { (void)*(volatile char *)case_arg; }
static void do_write(void) { *(volatile char *)case_arg = 1; }
static void do_jump_to_data(void)
{
    static unsigned char data[16] = {0xc3};
    ((void (*)(void))data)();
}

/* rt_sigreturn with the stack pointer at `case_arg`. */
static void do_sigreturn_wild_stack(void)
{
    __asm__ volatile("mov %0, %%rsp; mov $15, %%eax; syscall" ::"r"(case_arg) : "rax", "memory");
}

/* A handler that rewrites the interrupted context, then returns through
 * rt_sigreturn. case_arg selects what it forges. */
static void cli_now(void) { __asm__ volatile("cli"); _exit(3); }
static void out_exit_port_now(void) { do_out_exit_port(); _exit(3); }
static void push_now(void) { __asm__ volatile("push %%rax; pop %%rax" ::: "memory"); _exit(3); }
static void survived(void)
{
    printf("survived\n");
    fflush(stdout);
    _exit(4);
}

static void forge(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    (void)info;
    ucontext_t *uc = context;
    greg_t *g = uc->uc_mcontext.gregs;
    switch (case_arg) {
    case 0: g[REG_RIP] = (greg_t)NON_CANONICAL; break;
    case 1: g[REG_RIP] = (greg_t)KERNEL_IMAGE; break;
    case 2: g[REG_RIP] = (greg_t)SERVER_BASE; break;
    case 3: /* IOPL 3, then cli */
        g[REG_EFL] |= 0x3000;
        g[REG_RIP] = (greg_t)cli_now;
        break;
    case 4: /* IOPL 3, then the exit port */
        g[REG_EFL] |= 0x3000;
        g[REG_RIP] = (greg_t)out_exit_port_now;
        break;
    case 5: /* the kernel's code selector */
        g[REG_CSGSFS] = (g[REG_CSGSFS] & ~0xffffll) | 0x08;
        g[REG_RIP] = (greg_t)cli_now;
        break;
    case 6: /* trap flag: SIGTRAP after one instruction */
        g[REG_EFL] |= 0x100;
        break;
    case 7: /* a non-canonical stack pointer */
        g[REG_RSP] = (greg_t)NON_CANONICAL;
        g[REG_RIP] = (greg_t)push_now;
        break;
    case 8: /* a kernel stack pointer */
        g[REG_RSP] = (greg_t)KERNEL_DIRECT_MAP;
        g[REG_RIP] = (greg_t)push_now;
        break;
    case 9: /* garbage MXCSR (reserved bits): Linux masks them */
        uc->uc_mcontext.fpregs->mxcsr = 0xffff0000 | 0x1f80;
        g[REG_RIP] = (greg_t)survived;
        break;
    case 10: /* the FPU state pointer into the kernel */
        uc->uc_mcontext.fpregs = (void *)KERNEL_DIRECT_MAP;
        g[REG_RIP] = (greg_t)survived;
        break;
    case 11: /* the FPU state pointer unmapped */
        uc->uc_mcontext.fpregs = (void *)0x1000;
        g[REG_RIP] = (greg_t)survived;
        break;
    case 12: /* every rflags bit */
        g[REG_EFL] = (greg_t)0xffffffffffffffffull;
        g[REG_RIP] = (greg_t)cli_now;
        break;
    }
}

static void do_forged_sigreturn(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = forge;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("returned normally\n");
}

/* A signal handler at a wild address, or a wild alternate stack. */
static void do_wild_handler(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = (void (*)(int))case_arg;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
}

static void handler_noop(int sig) { (void)sig; }
static void do_wild_altstack(void)
{
    stack_t ss = {.ss_sp = (void *)case_arg, .ss_size = 65536, .ss_flags = 0};
    printf("sigaltstack: %s\n", sigaltstack(&ss, NULL) ? errno_name(errno) : "ok");
    struct sigaction sa = {0};
    sa.sa_handler = handler_noop;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
}

/* The stack pointer wild when a signal comes: the frame cannot be written. */
static void do_wild_rsp_signal(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = handler_noop;
    sigaction(SIGUSR1, &sa, NULL);
    long pid = getpid();
    __asm__ volatile("mov %0, %%rsp; mov $62, %%eax; mov %1, %%rdi; mov $10, %%esi; syscall; ud2"
                     ::"r"(case_arg), "r"(pid) : "rax", "rdi", "rsi", "memory");
}

static long raw_arch_prctl(long code, unsigned long value)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(SYS_arch_prctl), "D"(code), "S"(value)
                     : "rcx", "r11", "memory");
    return r;
}

/* The thread pointer is restored before anything uses it (errno, stdio). */
static void do_arch_prctl(void)
{
    unsigned long fs = 0, gs = 0;
    raw_arch_prctl(0x1003 /* ARCH_GET_FS */, (unsigned long)&fs);
    raw_arch_prctl(0x1004 /* ARCH_GET_GS */, (unsigned long)&gs);
    long set_fs = raw_arch_prctl(0x1002 /* ARCH_SET_FS */, case_arg);
    raw_arch_prctl(0x1002, fs);
    long set_gs = raw_arch_prctl(0x1001 /* ARCH_SET_GS */, case_arg);
    raw_arch_prctl(0x1001, gs);
    printf("ARCH_SET_FS %#lx: %s\n", case_arg, set_fs ? errno_name((int)-set_fs) : "ok");
    printf("ARCH_SET_GS %#lx: %s\n", case_arg, set_gs ? errno_name((int)-set_gs) : "ok");
}

static const unsigned long wild[] = {
    0, 0x1000, USER_TOP, 0x00007fffffffffffull, KERNEL_DIRECT_MAP, KERNEL_IMAGE,
    0xffffffffff600000ull /* vsyscall page */ + 0x800, SERVER_BASE, SERVER_STACK,
    SERVER_WINDOW, NON_CANONICAL, 0xdeadbeefdeadbeefull,
};
#define NWILD (sizeof wild / sizeof wild[0])

static void group_cpu(void)
{
    struct { const char *name; void (*fn)(void); } simple[] = {
        {"hlt", do_hlt}, {"cli", do_cli}, {"sti", do_sti}, {"in", do_in}, {"out", do_out},
        {"out to the isa-debug-exit port", do_out_exit_port}, {"insb", do_insb},
        {"rdmsr", do_rdmsr}, {"wrmsr", do_wrmsr}, {"mov from cr3", do_read_cr3},
        {"mov to cr3", do_write_cr3}, {"mov to cr0", do_write_cr0}, {"lgdt", do_lgdt},
        {"lidt", do_lidt}, {"lldt", do_lldt}, {"ltr", do_ltr}, {"invlpg", do_invlpg},
        {"wbinvd", do_wbinvd}, {"swapgs", do_swapgs}, {"clts", do_clts},
        {"mov to dr7", do_write_dr7}, {"sysret", do_sysret}, {"ud2", do_ud2},
        {"into", do_into}, {"int3", do_int3},
        {"mov kernel selector to ss", do_load_kernel_ss}, {"mov bad selector to ds", do_load_bad_ds},
        {"far call to the kernel's code selector", do_far_call_kernel_cs},
        {"divide by zero", do_div_zero}, {"idiv overflow", do_idiv_overflow},
        {"stack overflow", do_stack_overflow}, {"jump to data", do_jump_to_data},
    };
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
        run(simple[i].name, simple[i].fn);
    /* icebp (0xf1) is left out: under QEMU's TCG it raises #UD, not #DB.
     * int 0x80 is Linux's 32-bit entry (absent when IA32 emulation is off):
     * the system-only suite tries it. */
    char name[96];
    for (case_arg = 0; case_arg < 256; case_arg++) {
        if (case_arg == 0x80)
            continue;
        snprintf(name, sizeof name, "int %#lx", case_arg);
        run(name, do_int_n);
    }
    for (size_t i = 0; i < NWILD; i++) {
        case_arg = wild[i];
        if (case_arg == 0xffffffffff600800ull)
            continue; /* the vsyscall page: Linux emulates calls into it */
        snprintf(name, sizeof name, "jump to %#lx", case_arg);
        run(name, do_jump);
        snprintf(name, sizeof name, "write to %#lx", case_arg);
        run(name, do_write);
        if (case_arg == 0xffffffffff600800ull)
            continue;
        snprintf(name, sizeof name, "read of %#lx", case_arg);
        run(name, do_read);
        snprintf(name, sizeof name, "rt_sigreturn with rsp %#lx", case_arg);
        run(name, do_sigreturn_wild_stack);
        snprintf(name, sizeof name, "signal with rsp %#lx", case_arg);
        run(name, do_wild_rsp_signal);
        if (case_arg == 0)
            continue; /* SIG_DFL */
        snprintf(name, sizeof name, "handler at %#lx", case_arg);
        run(name, do_wild_handler);
        snprintf(name, sizeof name, "alternate stack at %#lx", case_arg);
        run(name, do_wild_altstack);
        snprintf(name, sizeof name, "arch_prctl %#lx", case_arg);
        run(name, do_arch_prctl);
    }
    const char *forged[] = {
        "non-canonical rip", "kernel rip", "server rip", "IOPL 3 then cli",
        "IOPL 3 then the exit port", "kernel code selector", "trap flag",
        "non-canonical rsp", "kernel rsp", "garbage mxcsr", "fpstate in the kernel",
        "fpstate unmapped", "every rflags bit",
    };
    for (case_arg = 0; case_arg < sizeof forged / sizeof forged[0]; case_arg++) {
        /* A stack access through a non-canonical rsp is #SS (SIGBUS) on the
         * processor, #GP (SIGSEGV) under QEMU's TCG: left out. */
        if (case_arg == 7 || case_arg == 8)
            continue;
        snprintf(name, sizeof name, "sigreturn with %s", forged[case_arg]);
        run(name, do_forged_sigreturn);
    }
}

/* ------------------------------------------------------------- efault */

/* The bad pointers every call is handed. The read-only page holds zeros (an
 * empty path, a zero timeout), so for an input it is a good pointer and only
 * an output into it must fail. */
static char *readonly_page;
static char *unmapped_page;
static char *straddle; /* 8 bytes before the unmapped page */

static const char *bad_names[] = {
    "NULL", "unmapped", "read-only", "kernel", "kernel image", "server",
    "server window", "non-canonical", "-1",
};
#define NBAD (sizeof bad_names / sizeof bad_names[0])
static unsigned long bad_pointer(size_t i)
{
    switch (i + (i >= 2)) {
    case 0: return 0;
    case 1: return (unsigned long)unmapped_page;
    case 2: return (unsigned long)straddle;
    case 3: return (unsigned long)readonly_page;
    case 4: return KERNEL_DIRECT_MAP;
    case 5: return KERNEL_IMAGE;
    case 6: return SERVER_BASE;
    case 7: return SERVER_WINDOW;
    case 8: return NON_CANONICAL;
    default: return ~0ul;
    }
}

struct call {
    const char *name;
    long nr;
    int pointer; /* which argument gets the bad pointer */
    long args[6];
};

#define F_FILE 1000 /* placeholder: a regular file's descriptor */
#define F_DIR 1001  /* placeholder: a directory's descriptor */
#define F_PIPE_R 1002
#define F_PIPE_W 1003
#define F_ZERO 1004
#define F_NULL 1005
#define V_BUF 1006  /* placeholder: a good buffer */
#define V_PATH 1007 /* placeholder: "file" */
#define V_IOV 1008  /* placeholder: an iovec whose base is the bad pointer */
#define V_ZERO_TV 1009 /* placeholder: a zero timeval */
#define V_PAGE 1010 /* placeholder: a mapped page */

static int fd_file, fd_dir, fd_pipe[2], fd_zero, fd_null;
static char good[8192];
static struct iovec bad_iov;
static struct timeval zero_tv;

static long arg_value(long a)
{
    switch (a) {
    case F_FILE: return fd_file;
    case F_DIR: return fd_dir;
    case F_PIPE_R: return fd_pipe[0];
    case F_PIPE_W: return fd_pipe[1];
    case F_ZERO: return fd_zero;
    case F_NULL: return fd_null;
    case V_BUF: return (long)good;
    case V_PATH: return (long)"file";
    case V_IOV: return (long)&bad_iov;
    case V_ZERO_TV: return (long)&zero_tv;
    case V_PAGE: return (long)readonly_page;
    default: return a;
    }
}

/* Known differences from Linux, left out of the comparison (the system
 * survives them all; the storm and the system-only suite call them too):
 * a buffer that straddles the end of a mapping (Linux copies the part that
 * is mapped and returns a short count; the system fails the whole call with
 * EFAULT); write to /dev/null (Linux never reads the buffer); readlink("")
 * (EINVAL, Linux ENOENT); sigaltstack with a zeroed stack_t; execve with a
 * bad argv and a missing file (Linux looks up the file first); getgroups
 * into a bad buffer with no groups; and calls not implemented (ENOSYS):
 * rt_sigqueueinfo, shared futexes, sched_getparam, mincore, FIONREAD. */
#define P 0 /* where the bad pointer goes */
static const struct call calls[] = {
    {"read file", SYS_read, 1, {F_FILE, P, 16}},
    {"read /dev/zero", SYS_read, 1, {F_ZERO, P, 16}},
    {"read pipe", SYS_read, 1, {F_PIPE_R, P, 4}},
    {"write file", SYS_write, 1, {F_FILE, P, 16}},
    {"write pipe", SYS_write, 1, {F_PIPE_W, P, 16}},
    {"pread64", SYS_pread64, 1, {F_FILE, P, 16, 0}},
    {"pwrite64", SYS_pwrite64, 1, {F_FILE, P, 16, 0}},
    {"readv iov", SYS_readv, 1, {F_FILE, P, 1}},
    {"readv base", SYS_readv, -1, {F_FILE, V_IOV, 1}},
    {"writev iov", SYS_writev, 1, {F_FILE, P, 1}},
    {"writev base", SYS_writev, -1, {F_PIPE_W, V_IOV, 1}},
    {"open", SYS_open, 0, {P, O_RDONLY}},
    {"open O_CREAT", SYS_open, 0, {P, O_CREAT | O_WRONLY, 0600}},
    {"openat", SYS_openat, 1, {AT_FDCWD, P, O_RDONLY}},
    {"creat", SYS_creat, 0, {P, 0600}},
    {"stat path", SYS_stat, 0, {P, V_BUF}},
    {"stat buf", SYS_stat, 1, {V_PATH, P}},
    {"lstat buf", SYS_lstat, 1, {V_PATH, P}},
    {"fstat buf", SYS_fstat, 1, {F_FILE, P}},
    {"newfstatat path", SYS_newfstatat, 1, {AT_FDCWD, P, V_BUF, 0}},
    {"newfstatat buf", SYS_newfstatat, 2, {AT_FDCWD, V_PATH, P, 0}},
    {"statx buf", SYS_statx, 4, {AT_FDCWD, V_PATH, 0, 0x7ff, P}},
    {"access", SYS_access, 0, {P, F_OK}},
    {"faccessat", SYS_faccessat, 1, {AT_FDCWD, P, F_OK}},
    {"readlink buf", SYS_readlink, 1, {(long)"link", P, 64}},
    {"getcwd", SYS_getcwd, 0, {P, 256}},
    {"chdir", SYS_chdir, 0, {P}},
    {"mkdir", SYS_mkdir, 0, {P, 0700}},
    {"rmdir", SYS_rmdir, 0, {P}},
    {"unlink", SYS_unlink, 0, {P}},
    {"rename from", SYS_rename, 0, {P, (long)"other"}},
    {"rename to", SYS_rename, 1, {(long)"nothing", P}},
    {"link", SYS_link, 1, {V_PATH, P}},
    {"symlink target", SYS_symlink, 0, {P, (long)"newlink"}},
    {"symlink name", SYS_symlink, 1, {V_PATH, P}},
    {"chmod", SYS_chmod, 0, {P, 0600}},
    {"truncate", SYS_truncate, 0, {P, 0}},
    {"utimensat times", SYS_utimensat, 2, {AT_FDCWD, V_PATH, P, 0}},
    {"statfs buf", SYS_statfs, 1, {(long)"/", P}},
    {"fstatfs buf", SYS_fstatfs, 1, {F_FILE, P}},
    {"uname", SYS_uname, 0, {P}},
    {"sysinfo", SYS_sysinfo, 0, {P}},
    {"getrlimit", SYS_getrlimit, 1, {RLIMIT_NOFILE, P}},
    {"setrlimit", SYS_setrlimit, 1, {RLIMIT_CORE, P}},
    {"prlimit64 old", SYS_prlimit64, 3, {0, RLIMIT_NOFILE, 0, P}},
    {"getrusage", SYS_getrusage, 1, {RUSAGE_SELF, P}},
    {"gettimeofday", SYS_gettimeofday, 0, {P, 0}},
    {"clock_gettime", SYS_clock_gettime, 1, {CLOCK_MONOTONIC, P}},
    {"clock_getres", SYS_clock_getres, 1, {CLOCK_MONOTONIC, P}},
    {"nanosleep", SYS_nanosleep, 0, {P, 0}},
    {"clock_nanosleep", SYS_clock_nanosleep, 2, {CLOCK_MONOTONIC, 0, P, 0}},
    {"getitimer", SYS_getitimer, 1, {ITIMER_REAL, P}},
    {"setitimer new", SYS_setitimer, 1, {ITIMER_REAL, P, 0}},
    {"pipe", SYS_pipe, 0, {P}},
    {"pipe2", SYS_pipe2, 0, {P, 0}},
    {"rt_sigaction new", SYS_rt_sigaction, 1, {SIGUSR2, P, 0, 8}},
    {"rt_sigaction old", SYS_rt_sigaction, 2, {SIGUSR2, 0, P, 8}},
    {"rt_sigprocmask new", SYS_rt_sigprocmask, 1, {SIG_BLOCK, P, 0, 8}},
    {"rt_sigprocmask old", SYS_rt_sigprocmask, 2, {SIG_BLOCK, 0, P, 8}},
    {"rt_sigpending", SYS_rt_sigpending, 0, {P, 8}},
    {"sigaltstack old", SYS_sigaltstack, 1, {0, P}},
    {"poll", SYS_poll, 0, {P, 1, 0}},
    {"select readfds", SYS_select, 1, {1, P, 0, 0, V_ZERO_TV}},
    {"getdents64", SYS_getdents64, 1, {F_DIR, P, 4096}},
    {"fcntl F_GETLK", SYS_fcntl, 2, {F_FILE, F_GETLK, P}},
    {"fcntl F_SETLK", SYS_fcntl, 2, {F_FILE, F_SETLK, P}},
    {"getrandom", SYS_getrandom, 0, {P, 16, 0}},
    {"execve path", SYS_execve, 0, {P, 0, 0}},
    {"set_tid_address", SYS_set_tid_address, 0, {P}},
    {"getresuid", SYS_getresuid, 0, {P, V_BUF, V_BUF}},
    {"getresgid", SYS_getresgid, 2, {V_BUF, V_BUF, P}},
    {"sched_getaffinity", SYS_sched_getaffinity, 2, {0, 128, P}},
    {"prctl PR_SET_NAME", SYS_prctl, 1, {15, P}},
    {"prctl PR_GET_NAME", SYS_prctl, 1, {16, P}},
    {"arch_prctl ARCH_GET_FS", SYS_arch_prctl, 1, {0x1003, P}},
    {"wait4 rusage", SYS_wait4, 3, {-1, 0, 1 /* WNOHANG */, P}},
    {"times", SYS_times, 0, {P}},
    {"sendfile offset", SYS_sendfile, 2, {F_NULL, F_FILE, P, 16}},
};

static void setup_efault(void)
{
    fs_setup();
    readonly_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(readonly_page, 4096, PROT_READ);
    char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unmapped_page = two + 4096;
    munmap(unmapped_page, 4096);
    straddle = unmapped_page - 8;
    memcpy(straddle, "file\0\0\0", 8); /* also a path whose end is unmapped */
    int fd = open("file", O_CREAT | O_RDWR, 0600);
    if (fd < 0 || write(fd, "0123456789abcdefghijklmnopqrstuvwxyz", 36) != 36)
        die("file");
    close(fd);
    if (symlink("file", "link"))
        die("symlink");
}

/* Fresh descriptors for each call: a file at offset 0, a pipe with 8 bytes in it. */
static void open_fds(void)
{
    fd_file = open("file", O_RDWR);
    fd_dir = open(".", O_RDONLY | O_DIRECTORY);
    if (pipe(fd_pipe))
        die("pipe");
    if (write(fd_pipe[1], "pipedata", 8) != 8)
        die("pipe write");
    fd_zero = open("/dev/zero", O_RDONLY);
    fd_null = open("/dev/null", O_RDWR);
}

static void close_fds(void)
{
    syscall(SYS_close_range, 3u, ~0u, 0u);
}

static void group_efault(void)
{
    setup_efault();
    /* rt_sigqueueinfo with a zeroed siginfo from the read-only page sends it. */
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, NULL);
    for (size_t c = 0; c < sizeof calls / sizeof calls[0]; c++) {
        printf("%s:", calls[c].name);
        for (size_t b = 0; b < NBAD; b++) {
            open_fds();
            long a[6];
            for (int i = 0; i < 6; i++)
                a[i] = arg_value(calls[c].args[i]);
            if (calls[c].nr == SYS_rt_sigqueueinfo)
                a[0] = getpid();
            if (calls[c].pointer >= 0)
                a[calls[c].pointer] = (long)bad_pointer(b);
            bad_iov.iov_base = (void *)bad_pointer(b);
            bad_iov.iov_len = 16;
            errno = 0;
            long r = syscall(calls[c].nr, a[0], a[1], a[2], a[3], a[4], a[5]);
            int e = errno;
            if (r < 0)
                printf(" %s=%s", bad_names[b], errno_name(e));
            else
                printf(" %s=ok", bad_names[b]);
            /* What a call that failed left behind: the file offset and the pipe. */
            off_t offset = lseek(fd_file, 0, SEEK_CUR);
            if (offset != 0)
                printf("(offset %ld)", (long)offset);
            close_fds();
            unlink("other");
            unlink("newlink");
            unlink("ro");
            rmdir("ro");
            if (chdir(fs_scratch))
                die("chdir back");
        }
        printf("\n");
        /* The program is still whole: its stack, file and link. */
        struct stat st;
        if (stat("file", &st) || readlink("link", good, sizeof good) != 4)
            die("state after call");
    }
    fs_teardown();
}

/* ------------------------------------------------------------- limits */

static void show_call(const char *what, long r)
{
    if (r < 0)
        printf("%s: %s\n", what, errno_name(errno));
    else
        printf("%s: ok\n", what);
}

static void group_limits_lengths(void)
{
    fs_setup();
    int fd = open("file", O_CREAT | O_RDWR, 0600);
    if (write(fd, "0123456789", 10) != 10)
        die("write");
    lseek(fd, 0, SEEK_SET);
    char *buf = good;
    /* Lengths beyond the buffer but within user space: Linux copies what there is. */
    printf("read 2 GiB count: %ld\n", syscall(SYS_read, fd, buf, 0x7ffff000));
    lseek(fd, 0, SEEK_SET);
    show_call("read count past user space", syscall(SYS_read, fd, buf, 1ul << 62));
    show_call("read SIZE_MAX", syscall(SYS_read, fd, buf, ~0ul));
    show_call("write count past user space", syscall(SYS_write, fd, buf, 1ul << 62));
    show_call("write SIZE_MAX", syscall(SYS_write, fd, buf, ~0ul));
    show_call("pread SIZE_MAX", syscall(SYS_pread64, fd, buf, ~0ul, 0));
    show_call("pread offset -1", pread(fd, buf, 4, -1));
    show_call("pread offset 2^62", pread(fd, buf, 4, 1l << 62));
    show_call("lseek to -1", lseek(fd, -1, SEEK_SET));
    show_call("ftruncate -1", ftruncate(fd, -1));
    /* Left out (they differ from Linux, and the system survives them): a
     * count that runs into a hole (Linux returns the short count that fit:
     * getrandom, /dev/zero), lseek past the largest offset (EOVERFLOW, Linux
     * EINVAL), getdents64 and select with absurd counts, writev whose total
     * overflows (EINVAL, Linux EFAULT). */
    show_call("getcwd SIZE_MAX", syscall(SYS_getcwd, buf, ~0ul));
    show_call("readlink SIZE_MAX", syscall(SYS_readlink, "/proc/self/cwd", buf, ~0ul) > 0 ? 0 : -1);
    show_call("readlink bufsiz -1", syscall(SYS_readlink, "/proc/self/cwd", buf, -1l));
    show_call("poll nfds 2^20", syscall(SYS_poll, buf, 1ul << 20, 0));
    show_call("poll nfds SIZE_MAX", syscall(SYS_poll, buf, ~0ul, 0));
    show_call("select nfds -1", syscall(SYS_select, -1, 0, 0, 0, 0));
    show_call("readv iovcnt 1025", syscall(SYS_readv, fd, buf, 1025));
    show_call("readv iovcnt -1", syscall(SYS_readv, fd, buf, -1));
    show_call("getgroups -1", syscall(SYS_getgroups, -1, buf));
    show_call("getgroups INT_MAX", syscall(SYS_getgroups, 0x7fffffff, buf));
    show_call("sched_getaffinity len 3", syscall(SYS_sched_getaffinity, 0, 3, buf));
    show_call("sched_getaffinity len SIZE_MAX", syscall(SYS_sched_getaffinity, 0, ~0ul, buf) > 0 ? 0 : -1);
    show_call("rt_sigprocmask sigsetsize 1024", syscall(SYS_rt_sigprocmask, SIG_BLOCK, buf, 0, 1024));
    show_call("rt_sigaction signal 65", syscall(SYS_rt_sigaction, 65, 0, buf, 8));
    show_call("rt_sigaction signal -1", syscall(SYS_rt_sigaction, -1, 0, buf, 8));
    show_call("kill signal 65", syscall(SYS_kill, getpid(), 65));
    show_call("kill signal -1", syscall(SYS_kill, getpid(), -1));
    show_call("kill pid INT_MIN", syscall(SYS_kill, (int)0x80000000, 0));
    show_call("wait4 pid INT_MIN", syscall(SYS_wait4, (int)0x80000000, 0, 1, 0));
    show_call("mmap length 0", (long)mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == -1 ? -1 : 0);
    show_call("mmap length SIZE_MAX", mmap(NULL, ~0ul, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
    show_call("mmap length 2^47", mmap(NULL, 1ul << 47, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) == MAP_FAILED ? -1 : 0);
    show_call("mmap fixed at the top of user space", mmap((void *)USER_TOP, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0);
    show_call("mmap fixed in the kernel", mmap((void *)KERNEL_DIRECT_MAP, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0);
    show_call("mmap fixed in the server", mmap((void *)SERVER_BASE, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0);
    show_call("mmap hint in the server", mmap((void *)SERVER_BASE, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
    show_call("mmap offset not page aligned", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 1) == MAP_FAILED ? -1 : 0);
    show_call("mmap offset -4096", mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, -4096) == MAP_FAILED ? -1 : 0);
    show_call("munmap the kernel", munmap((void *)KERNEL_DIRECT_MAP, 4096));
    show_call("munmap the server", munmap((void *)SERVER_BASE, 1ul << 30));
    show_call("munmap length SIZE_MAX", munmap(buf, ~0ul));
    show_call("mprotect the kernel", mprotect((void *)KERNEL_DIRECT_MAP, 4096, PROT_READ));
    show_call("mprotect length 2^46 (unmapped)", mprotect((void *)0x100000000000ul, 1ul << 46, PROT_READ));
    show_call("mremap to SIZE_MAX", (long)mremap(readonly_page ? readonly_page : buf, 4096, ~0ul - 4095, MREMAP_MAYMOVE) == -1 ? -1 : 0);
    show_call("madvise the kernel", madvise((void *)KERNEL_DIRECT_MAP, 4096, MADV_DONTNEED));
    show_call("brk in the kernel", syscall(SYS_brk, KERNEL_DIRECT_MAP) == (long)KERNEL_DIRECT_MAP ? 0 : -1);
    show_call("brk at the top of user space", syscall(SYS_brk, USER_TOP) == (long)USER_TOP ? 0 : -1);
    show_call("brk at 0", syscall(SYS_brk, 0) > 0 ? 0 : -1);
    close(fd);
    fs_teardown();
}

static void group_limits_fds(void)
{
    const long fds[] = {-1, -100, 0x7fffffff, (int)0x80000000, 1000, 65536};
    char what[96];
    int null = open("/dev/null", O_RDWR);
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
        long f = fds[i];
        snprintf(what, sizeof what, "read fd %ld", f);
        show_call(what, syscall(SYS_read, f, good, 1));
        snprintf(what, sizeof what, "write fd %ld", f);
        show_call(what, syscall(SYS_write, f, "x", 1));
        snprintf(what, sizeof what, "close fd %ld", f);
        show_call(what, syscall(SYS_close, f));
        snprintf(what, sizeof what, "fstat fd %ld", f);
        show_call(what, syscall(SYS_fstat, f, good));
        snprintf(what, sizeof what, "dup2 /dev/null to fd %ld", f);
        show_call(what, syscall(SYS_dup2, null, f));
        snprintf(what, sizeof what, "dup3 fd %ld to 9", f);
        show_call(what, syscall(SYS_dup3, f, 9, 0));
        snprintf(what, sizeof what, "fcntl F_DUPFD from fd %ld", f);
        long dup = syscall(SYS_fcntl, null, F_DUPFD, f);
        show_call(what, dup);
        if (dup >= 0)
            close((int)dup);
        snprintf(what, sizeof what, "lseek fd %ld", f);
        show_call(what, syscall(SYS_lseek, f, 0, SEEK_SET));
        snprintf(what, sizeof what, "mmap fd %ld", f);
        show_call(what, (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, f, 0) == -1 ? -1 : 0);
        snprintf(what, sizeof what, "openat dirfd %ld", f);
        show_call(what, syscall(SYS_openat, f, "relative", O_RDONLY));
        snprintf(what, sizeof what, "poll fd %ld", f);
        struct pollfd { int fd; short events, revents; } pfd = {(int)f, 1, 0};
        long r = syscall(SYS_poll, &pfd, 1, 0);
        printf("%s: %ld revents %#x\n", what, r, pfd.revents);
        snprintf(what, sizeof what, "ioctl fd %ld", f);
        show_call(what, syscall(SYS_ioctl, f, 0x5401, good));
        snprintf(what, sizeof what, "getdents64 fd %ld", f);
        show_call(what, syscall(SYS_getdents64, f, good, sizeof good));
        snprintf(what, sizeof what, "fchdir fd %ld", f);
        show_call(what, syscall(SYS_fchdir, f));
        snprintf(what, sizeof what, "flock fd %ld", f);
        show_call(what, syscall(SYS_flock, f, 1));
        if (f >= 0)
            close((int)f);
        close(9);
    }
    close(null);
    /* The descriptor is an unsigned int: the upper half of the register is ignored. */
    fflush(stdout);
    show_call("write fd 2^32+1 (is fd 1)", syscall(SYS_write, 0x100000001l, "(fd 1)\n", 7));
    show_call("close fd 2^32 + 1000", syscall(SYS_close, 0x1000003e8l));
}

/* argv of 10 MiB: E2BIG, however it is made. RLIMIT_STACK is set to 8 MiB first
 * (Linux allows a quarter of it to argv and the environment). */
static void group_limits_argv(const char *self)
{
    struct rlimit stack = {8 << 20, 8 << 20};
    setrlimit(RLIMIT_STACK, &stack);
    size_t big = 10 << 20;
    char *one = malloc(big + 1);
    memset(one, 'a', big);
    one[big] = 0;
    char *argv1[] = {(char *)self, one, NULL};
    show_call("execve with one 10 MiB argument", execve(self, argv1, NULL));
    /* 80 arguments of 128 KiB. */
    char **argv2 = calloc(82, sizeof(char *));
    argv2[0] = (char *)self;
    for (int i = 1; i <= 80; i++) {
        argv2[i] = one + big - (128 << 10) + 1;
    }
    show_call("execve with 80 arguments of 128 KiB", execve(self, argv2, NULL));
    /* 1.3 million empty arguments (10 MiB of pointers). */
    size_t n = (10 << 20) / sizeof(char *);
    char **argv3 = calloc(n + 1, sizeof(char *));
    argv3[0] = (char *)self;
    for (size_t i = 1; i < n; i++)
        argv3[i] = one + big;
    show_call("execve with 1.3 million empty arguments", execve(self, argv3, NULL));
    show_call("execve with an environment of 10 MiB", execve(self, argv1 + 2, argv1 + 1));
    free(one);
    free(argv2);
    free(argv3);
}

static void group_limits_paths(void)
{
    fs_setup();
    char name[64], target[64];
    /* l0 -> file, l1 -> l0, ... : Linux follows at most 40 links. */
    int fd = open("file", O_CREAT | O_WRONLY, 0600);
    close(fd);
    for (int i = 0; i < 60; i++) {
        snprintf(name, sizeof name, "l%d", i);
        if (i == 0)
            strcpy(target, "file");
        else
            snprintf(target, sizeof target, "l%d", i - 1);
        if (symlink(target, name))
            die("symlink");
    }
    for (int depth = 38; depth <= 42; depth++) {
        snprintf(name, sizeof name, "l%d", depth);
        char what[64];
        snprintf(what, sizeof what, "open through %d links", depth + 1);
        show_call(what, open(name, O_RDONLY));
    }
    show_call("stat through 60 links", stat("l59", (struct stat *)good));
    show_call("lstat of the 60th link", lstat("l59", (struct stat *)good));
    if (symlink("self", "self"))
        die("symlink self");
    show_call("open a link to itself", open("self", O_RDONLY));
    if (symlink("pong", "ping") || symlink("ping", "pong"))
        die("symlink ping pong");
    show_call("open a two-link loop", open("ping", O_RDONLY));
    show_call("mkdir through a loop", mkdir("ping/x", 0700));
    show_call("creat through a loop", creat("ping", 0600));
    /* Directory links: d/up -> .., walked many times. */
    mkdir("d", 0700);
    symlink("..", "d/up");
    char path[4200] = "d";
    for (int i = 0; i < 45; i++)
        strcat(path, "/up/d");
    show_call("45 walks through a link to ..", open(path, O_RDONLY));
    /* Names and paths too long. */
    char longname[300];
    memset(longname, 'n', 256);
    longname[256] = 0;
    show_call("open a 256-byte name", open(longname, O_CREAT | O_RDONLY, 0600));
    longname[255] = 0;
    show_call("open a 255-byte name", open(longname, O_CREAT | O_RDONLY, 0600));
    unlink(longname);
    char *deep = malloc(8192);
    memset(deep, '/', 8191);
    deep[8191] = 0;
    show_call("stat 8191 slashes", stat(deep, (struct stat *)good));
    for (int i = 0; i < 8190; i += 2)
        deep[i] = 'x';
    show_call("stat a path of 8191 bytes", stat(deep, (struct stat *)good));
    deep[4095] = 0;
    show_call("stat a path of 4095 bytes", stat(deep, (struct stat *)good));
    free(deep);
    /* mkdir -p a deep tree, then remove it. */
    int made = 0;
    for (int i = 0; i < 200; i++) {
        if (mkdir("deep", 0700) || chdir("deep"))
            break;
        made++;
    }
    printf("nested directories made: %d\n", made);
    for (int i = 0; i < made; i++) {
        if (chdir("..") || rmdir("deep"))
            break;
    }
    fs_teardown();
}

static void group_limits_exec(void)
{
    fs_setup();
    struct { const char *name; const char *bytes; size_t len; } files[] = {
        {"empty", "", 0},
        {"random", "\x13\x37\xde\xad\xbe\xef\x00\x01garbage", 16},
        {"hashbang space", "#!   \n", 6},
        {"hashbang missing interpreter", "#!/nonexistent/interpreter\n", 27},
        {"hashbang-self", "#!./hashbang-self\n", 18},
        {"elf magic only", "\x7f" "ELF", 4},
        {"elf header cut", "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0", 20},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        int fd = open(files[i].name, O_CREAT | O_WRONLY | O_TRUNC, 0700);
        if (fd < 0 || write(fd, files[i].bytes, files[i].len) != (ssize_t)files[i].len)
            die("garbage file");
        close(fd);
        char path[128];
        snprintf(path, sizeof path, "./%s", files[i].name);
        char *argv[] = {path, NULL};
        char what[128];
        snprintf(what, sizeof what, "execve %s", files[i].name);
        show_call(what, execve(path, argv, NULL));
    }
    /* Left out: "#!" alone (ENOEXEC, Linux EACCES) and an interpreter path
     * longer than Linux reads (ENOENT, Linux ENOEXEC). */
    int fd2 = open("noexec", O_CREAT | O_WRONLY | O_TRUNC, 0600);
    close(fd2);
    char *argv2[] = {"./noexec", NULL};
    show_call("execve a file without x", execve("./noexec", argv2, NULL));
    show_call("execve a directory", execve(".", argv2, NULL));
    show_call("execve /dev/null", execve("/dev/null", argv2, NULL));
    show_call("execve with a NULL argv", syscall(SYS_execve, "./empty", NULL, NULL));
    fs_teardown();
}

/* The address space filled with 1 TiB reservations until mmap fails. */
static void group_limits_mmap(void)
{
    void *maps[1024];
    int n = 0;
    while (n < 1024) {
        void *m = mmap(NULL, 1ul << 40, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m == MAP_FAILED)
            break;
        maps[n++] = m;
    }
    printf("1 TiB reservations: more than 100: %s, then %s\n", n > 100 ? "yes" : "no", errno_name(errno));
    void *small = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("a small mapping when full: %s\n", small == MAP_FAILED ? errno_name(errno) : "ok");
    /* Touch a page in some of them after making it writable. */
    int touched = 0;
    for (int i = 0; i < n; i += 16) {
        char *page = (char *)maps[i] + (1ul << 39);
        if (mprotect(page, 4096, PROT_READ | PROT_WRITE) == 0) {
            page[0] = 1;
            touched += page[0];
        }
    }
    printf("touched: %s\n", touched == (n + 15) / 16 ? "all" : "some missing");
    for (int i = 0; i < n; i++)
        munmap(maps[i], 1ul << 40);
    char *p = malloc(1 << 20);
    memset(p, 1, 1 << 20);
    printf("malloc after: ok\n");
    free(p);
    /* A read-write, no-reserve mapping of 64 TiB: pages come on touch. */
    char *huge = mmap(NULL, 1ul << 46, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    printf("64 TiB read-write no-reserve: %s\n", huge == MAP_FAILED ? errno_name(errno) : "ok");
    if (huge != MAP_FAILED) {
        for (int i = 0; i < 64; i++)
            huge[(unsigned long)i << 40] = (char)i;
        long sum = 0;
        for (int i = 0; i < 64; i++)
            sum += huge[(unsigned long)i << 40];
        printf("sum of 64 touched pages: %ld\n", sum);
        munmap(huge, 1ul << 46);
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct rlimit core = {0, 0};
    setrlimit(RLIMIT_CORE, &core);
    const char *group = argc > 1 ? argv[1] : "";
    static char self[4096];
    if (!realpath(argv[0], self))
        die("realpath");
    if (!strcmp(group, "cpu"))
        group_cpu();
    else if (!strcmp(group, "efault"))
        group_efault();
    else if (!strcmp(group, "limits")) {
        group_limits_lengths();
        group_limits_fds();
        group_limits_argv(self);
        group_limits_paths();
        group_limits_exec();
        group_limits_mmap();
    } else {
        fprintf(stderr, "usage: hostile cpu|efault|limits\n");
        return 2;
    }
    printf("done\n");
    return 0;
}
