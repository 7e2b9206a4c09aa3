/* Thread-group semantics, one case per argument: the leader ending before
 * the others, exit_group from a thread, fork and execve from a thread, a
 * process-directed signal taken by the thread that does not block it, a
 * fault in a thread ending the whole process. Compared with Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char *self_path;
static pid_t main_pid;

static void *finish_later(void *arg) {
    (void)arg;
    usleep(20000);
    printf("worker: still running after the leader's pthread_exit, pid same %d\n",
           getpid() == main_pid);
    exit(3);
}

static void *exit_group_from_thread(void *arg) {
    (void)arg;
    usleep(10000);
    printf("worker: calling exit(4) while main waits in pthread_join\n");
    exit(4);
}

static void *fork_from_thread(void *arg) {
    (void)arg;
    pid_t child = fork();
    if (child == 0) {
        /* The child has one thread: this one, as its main thread. */
        printf("child: tid is pid %d\n", (pid_t)syscall(SYS_gettid) == getpid());
        _exit(9);
    }
    int status;
    waitpid(child, &status, 0);
    printf("thread: forked child exited %d\n", WEXITSTATUS(status));
    return NULL;
}

static void *exec_from_thread(void *arg) {
    (void)arg;
    char pid_text[32];
    snprintf(pid_text, sizeof pid_text, "%d", main_pid);
    execl(self_path, self_path, "after-exec", pid_text, (char *)NULL);
    printf("execl failed: %s\n", strerror(errno));
    return NULL;
}

static atomic_int handled_in_worker, handled_in_main;
static pthread_t worker;
static void on_usr1(int sig) {
    (void)sig;
    if (pthread_equal(pthread_self(), worker)) atomic_store(&handled_in_worker, 1);
    else atomic_store(&handled_in_main, 1);
}

static void *unblocked_worker(void *arg) {
    (void)arg;
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    while (!atomic_load(&handled_in_worker)) usleep(1000);
    return NULL;
}

static volatile long bad_address = 16;
static void *crash(void *arg) {
    (void)arg;
    usleep(10000);
    *(volatile int *)bad_address = 1;
    return NULL;
}

static void *sleep_forever(void *arg) {
    (void)arg;
    for (;;) pause();
    return NULL;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    self_path = argv[0];
    main_pid = getpid();
    const char *mode = argc > 1 ? argv[1] : "";
    pthread_t t;
    if (!strcmp(mode, "leader-exits")) {
        pthread_create(&t, NULL, finish_later, NULL);
        printf("main: pthread_exit\n");
        pthread_exit(NULL);
    } else if (!strcmp(mode, "exit-from-thread")) {
        pthread_create(&t, NULL, exit_group_from_thread, NULL);
        pthread_create(&t, NULL, sleep_forever, NULL);
        pthread_join(t, NULL);
        printf("not reached\n");
    } else if (!strcmp(mode, "fork-from-thread")) {
        pthread_create(&t, NULL, fork_from_thread, NULL);
        pthread_join(t, NULL);
        return 0;
    } else if (!strcmp(mode, "exec-from-thread")) {
        pthread_create(&t, NULL, sleep_forever, NULL);
        pthread_create(&t, NULL, exec_from_thread, NULL);
        pthread_join(t, NULL);
        printf("not reached\n");
    } else if (!strcmp(mode, "after-exec")) {
        printf("after exec: pid kept %d, tid is pid %d\n", getpid() == atoi(argv[2]),
               (pid_t)syscall(SYS_gettid) == getpid());
        return 5;
    } else if (!strcmp(mode, "process-signal")) {
        sigset_t usr1;
        sigemptyset(&usr1);
        sigaddset(&usr1, SIGUSR1);
        signal(SIGUSR1, on_usr1);
        pthread_sigmask(SIG_BLOCK, &usr1, NULL);
        pthread_create(&worker, NULL, unblocked_worker, NULL);
        usleep(10000);
        kill(getpid(), SIGUSR1);
        pthread_join(worker, NULL);
        printf("kill(getpid()): taken by the worker %d, by the blocking main %d\n",
               atomic_load(&handled_in_worker), atomic_load(&handled_in_main));
        return 0;
    } else if (!strcmp(mode, "crash-in-thread")) {
        pthread_create(&t, NULL, sleep_forever, NULL);
        pthread_create(&t, NULL, crash, NULL);
        pause();
    }
    return 1;
}
