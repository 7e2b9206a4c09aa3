/* Queued signals and their siginfo (issue 7): si_code, si_pid, si_uid and
 * si_value as SA_SIGINFO handlers and sigwaitinfo/sigtimedwait see them
 * (SI_USER from kill, SI_TKILL from raise, SI_QUEUE from sigqueue, CLD_* for
 * SIGCHLD); standard signals pending once, real-time signals queued in
 * order and taken lowest-numbered first; sigtimedwait's timeout (EAGAIN),
 * EINTR from a handled signal outside its set, and argument errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "until_sleeping.h"

static volatile int seen_code, seen_pid, seen_uid, seen_value, seen_status, seen_signo;
static int order[16];
static volatile int order_count;

static void on_info(int signo, siginfo_t *info, void *context) {
    (void)context;
    seen_signo = signo;
    seen_code = info->si_code;
    seen_pid = info->si_pid;
    seen_uid = info->si_uid;
    seen_value = info->si_value.sival_int;
    seen_status = info->si_status;
    if (order_count < 16)
        order[order_count++] = info->si_value.sival_int;
}

static volatile int usr2_calls;

static void on_usr2(int signo) {
    (void)signo;
    usr2_calls++;
}

static const char *code_name(int code) {
    switch (code) {
    case SI_USER: return "SI_USER";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TKILL: return "SI_TKILL";
    case SI_KERNEL: return "SI_KERNEL";
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    default: return "other";
    }
}

static const char *sig_name(int signo) {
    static char buf[32];
    if (signo == SIGUSR1) return "USR1";
    if (signo == SIGUSR2) return "USR2";
    if (signo == SIGCHLD) return "CHLD";
    if (signo >= SIGRTMIN && signo <= SIGRTMAX) {
        snprintf(buf, sizeof buf, "RTMIN+%d", signo - SIGRTMIN);
        return buf;
    }
    snprintf(buf, sizeof buf, "%d", signo);
    return buf;
}

static const char *err_name(int e) {
    switch (e) {
    case EAGAIN: return "EAGAIN";
    case EINTR: return "EINTR";
    case EINVAL: return "EINVAL";
    case EPERM: return "EPERM";
    case ESRCH: return "ESRCH";
    case EFAULT: return "EFAULT";
    default: return strerror(e);
    }
}

static void nap(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&t, NULL);
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void install(int signo, int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO | flags;
    sigaction(signo, &sa, NULL);
}

int main(void) {
    pid_t me = getpid();
    uid_t uid = getuid();
    install(SIGUSR1, 0);
    install(SIGRTMIN, 0);
    install(SIGCHLD, 0);

    /* 1. kill, raise (tgkill), sigqueue to oneself, with a handler. */
    kill(me, SIGUSR1);
    printf("kill: %s pid ok %d uid ok %d\n", code_name(seen_code), seen_pid == me, seen_uid == (int)uid);
    raise(SIGUSR1);
    printf("raise: %s pid ok %d\n", code_name(seen_code), seen_pid == me);
    union sigval v = {.sival_int = 42};
    sigqueue(me, SIGUSR1, v);
    printf("sigqueue: %s value %d pid ok %d\n", code_name(seen_code), seen_value, seen_pid == me);

    /* 2. Blocked: standard signals pending once, real-time ones queued. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGRTMIN);
    sigaddset(&set, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    for (int i = 1; i <= 3; i++) {
        v.sival_int = i;
        sigqueue(me, SIGRTMIN + 1, v);
    }
    for (int i = 10; i <= 11; i++) {
        v.sival_int = i;
        sigqueue(me, SIGRTMIN, v);
    }
    v.sival_int = 7;
    sigqueue(me, SIGUSR1, v);
    v.sival_int = 8;
    sigqueue(me, SIGUSR1, v);
    sigset_t pending;
    sigpending(&pending);
    printf("pending: USR1 %d RTMIN %d RTMIN+1 %d USR2 %d\n", sigismember(&pending, SIGUSR1),
           sigismember(&pending, SIGRTMIN), sigismember(&pending, SIGRTMIN + 1),
           sigismember(&pending, SIGUSR2));
    struct timespec zero = {0, 0};
    for (;;) {
        siginfo_t info;
        int r = sigtimedwait(&set, &info, &zero);
        if (r < 0) {
            printf("sigtimedwait: -1 %s\n", err_name(errno));
            break;
        }
        printf("took %s %s value %d\n", sig_name(r), code_name(info.si_code), info.si_value.sival_int);
    }

    /* 3. Queued real-time instances run their handler in order on unblock. */
    for (int i = 1; i <= 3; i++) {
        v.sival_int = 100 + i;
        sigqueue(me, SIGRTMIN, v);
    }
    order_count = 0;
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    sigprocmask(SIG_UNBLOCK, &rt, NULL);
    printf("handler order:");
    for (int i = 0; i < order_count; i++)
        printf(" %d", order[i]);
    printf("\n");
    sigprocmask(SIG_BLOCK, &rt, NULL);

    /* 4. The timeout: EAGAIN after about the time asked. */
    struct timespec short_wait = {0, 150000000};
    long before = now_ms();
    int r = sigtimedwait(&set, NULL, &short_wait);
    long waited = now_ms() - before;
    printf("timeout: %d %s, waited enough %d\n", r, err_name(errno), waited >= 140);

    /* 5. A child's sigqueue wakes sigwaitinfo. */
    pid_t child = fork();
    if (child == 0) {
        nap(50);
        union sigval cv = {.sival_int = 77};
        sigqueue(getppid(), SIGRTMIN, cv);
        _exit(0);
    }
    siginfo_t info;
    r = sigwaitinfo(&set, &info);
    printf("from child: %s %s value %d pid ok %d\n", sig_name(r), code_name(info.si_code),
           info.si_value.sival_int, info.si_pid == child);
    r = waitpid(child, NULL, 0);
    printf("waitpid: %d\n", r == child);
    printf("SIGCHLD handler: %s status %d pid ok %d\n", code_name(seen_code), seen_status,
           seen_pid == child);

    /* 6. A handled signal outside the set interrupts the wait (EINTR). */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &sa, NULL);
    child = fork();
    if (child == 0) {
        nap(50);
        until_sleeping(getppid());
        kill(getppid(), SIGUSR2);
        _exit(0);
    }
    struct timespec long_wait = {5, 0};
    /* musl's sigtimedwait retries on EINTR: the call itself. */
    r = syscall(SYS_rt_sigtimedwait, &set, NULL, &long_wait, 8);
    printf("interrupted: %d %s, handler ran %d\n", r, err_name(errno), usr2_calls);
    waitpid(child, NULL, 0);

    /* 7. SIGCHLD taken by sigwaitinfo: exit status and death by signal. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    child = fork();
    if (child == 0)
        _exit(5);
    r = sigwaitinfo(&chld, &info);
    printf("child exit: %s %s status %d pid ok %d uid ok %d\n", sig_name(r), code_name(info.si_code),
           info.si_status, info.si_pid == child, info.si_uid == uid);
    waitpid(child, NULL, 0);
    child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    nap(30);
    kill(child, SIGKILL);
    r = sigwaitinfo(&chld, &info);
    printf("child killed: %s %s status %d\n", sig_name(r), code_name(info.si_code), info.si_status);
    waitpid(child, NULL, 0);

    /* 8. Errors. */
    siginfo_t forged;
    memset(&forged, 0, sizeof forged);
    forged.si_code = SI_USER;
    child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    r = syscall(SYS_rt_sigqueueinfo, child, SIGUSR1, &forged);
    printf("forged SI_USER to another: %d %s\n", r, err_name(errno));
    forged.si_code = SI_QUEUE;
    r = syscall(SYS_rt_sigqueueinfo, child, 0, &forged);
    printf("signal 0: %d\n", r);
    r = syscall(SYS_rt_sigqueueinfo, child, 65, &forged);
    printf("signal 65: %d %s\n", r, err_name(errno));
    r = syscall(SYS_rt_sigqueueinfo, child, SIGUSR1, (void *)8);
    printf("bad info: %d %s\n", r, err_name(errno));
    r = syscall(SYS_rt_tgsigqueueinfo, child, child + 1, SIGUSR1, &forged);
    printf("tgsigqueueinfo wrong tid: %d %s\n", r, err_name(errno));
    r = syscall(SYS_rt_tgsigqueueinfo, 0, child, SIGUSR1, &forged);
    printf("tgsigqueueinfo tgid 0: %d %s\n", r, err_name(errno));
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    struct timespec bad = {0, 2000000000};
    r = sigtimedwait(&set, NULL, &bad);
    printf("bad timeout: %d %s\n", r, err_name(errno));
    r = syscall(SYS_rt_sigtimedwait, &set, NULL, &zero, 4);
    printf("bad sigsetsize: %d %s\n", r, err_name(errno));
    r = syscall(SYS_rt_sigtimedwait, (void *)8, NULL, &zero, 8);
    printf("bad set: %d %s\n", r, err_name(errno));
    return 0;
}
