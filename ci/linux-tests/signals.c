/* Signal delivery: handlers with siginfo, the register and FPU state restored
 * by rt_sigreturn, faults (SIGSEGV with si_addr, SIGFPE), blocking and
 * delivery on unblock, SA_RESETHAND. Output must match Linux exactly. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t seen_signo, seen_code, order;
static volatile int usr2_order;
static sigjmp_buf jump;
static volatile uintptr_t fault_address;
static volatile int fault_code;

static void on_usr1(int signo, siginfo_t *info, void *context) {
    (void)context;
    seen_signo = signo;
    seen_code = info->si_code;
    /* Clobber floating-point registers: the interrupted code must not notice. */
    volatile double a = 3.25, b = 7.5;
    volatile double c = a * b + 1.0;
    (void)c;
}

static void on_usr2(int signo) {
    (void)signo;
    usr2_order = ++order;
}

static void on_fault(int signo, siginfo_t *info, void *context) {
    (void)context;
    seen_signo = signo;
    fault_address = (uintptr_t)info->si_addr;
    fault_code = info->si_code;
    siglongjmp(jump, 1);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);

    volatile double x = 1.5;
    raise(SIGUSR1);
    printf("usr1: signo=%d code=%d x*3=%.2f\n", (int)seen_signo, (int)seen_code, x * 3);

    /* Blocked, then delivered when unblocked. */
    signal(SIGUSR2, on_usr2);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR2);
    int before = ++order;
    sigprocmask(SIG_SETMASK, &old, NULL);
    int after = ++order;
    printf("usr2: blocked-raise=%d delivered=%d unblocked=%d\n", before, usr2_order, after);
    sigset_t pending;
    sigpending(&pending);
    printf("usr2 pending after delivery: %d\n", sigismember(&pending, SIGUSR2));

    /* SIGSEGV with si_addr. */
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    if (sigsetjmp(jump, 1) == 0) {
        *(volatile int *)0x1000 = 1;
        printf("no fault?\n");
    } else {
        printf("segv: signo=%d addr=%#lx code=%d\n", (int)seen_signo, (unsigned long)fault_address, fault_code);
    }
    if (sigsetjmp(jump, 1) == 0) {
        volatile int zero = 0;
        volatile int r = 10 / zero;
        (void)r;
        printf("no fpe?\n");
    } else {
        printf("fpe: signo=%d code=%d\n", (int)seen_signo, fault_code);
    }

    /* SA_RESETHAND: the second SIGUSR1 takes the default action. */
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    printf("resethand: handler now default=%d\n", now.sa_handler == SIG_DFL);
    fflush(stdout);
    raise(SIGUSR1);
    printf("not reached\n");
    return 0;
}
