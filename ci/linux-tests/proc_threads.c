/* /proc and threads: task/ lists every thread, thread-self names the calling
 * thread, a non-leader thread is found at /proc/TID (its group's directory)
 * but not listed in /proc, and status counts the threads. Booleans only. */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t started, done;
static pid_t second_tid;

static void *second(void *arg) {
    (void)arg;
    second_tid = syscall(SYS_gettid);
    char link[64], expected[64];
    ssize_t n = readlink("/proc/thread-self", link, sizeof link - 1);
    link[n < 0 ? 0 : n] = 0;
    snprintf(expected, sizeof expected, "%d/task/%d", getpid(), second_tid);
    printf("thread-self in the second thread names it: %d\n", strcmp(link, expected) == 0);
    pthread_barrier_wait(&started);
    pthread_barrier_wait(&done);
    return NULL;
}

static int listed(const char *dir, pid_t id) {
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d)))
        found |= atoi(e->d_name) == id;
    closedir(d);
    return found;
}

/* The value of field `key` in a /proc status file, or -1. */
static long status_field(const char *path, const char *key) {
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[256];
    long value = -1;
    size_t k = strlen(key);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, k) && line[k] == ':')
            value = atol(line + k + 1);
    fclose(f);
    return value;
}

int main(void) {
    pthread_barrier_init(&started, NULL, 2);
    pthread_barrier_init(&done, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, second, NULL);
    pthread_barrier_wait(&started);
    pid_t pid = getpid();
    char path[64];
    printf("task lists the leader: %d\n", listed("/proc/self/task", pid) == 1);
    printf("task lists the second thread: %d\n", listed("/proc/self/task", second_tid) == 1);
    printf("/proc lists the leader: %d\n", listed("/proc", pid) == 1);
    printf("/proc lists the second thread: %d\n", listed("/proc", second_tid) == 1);
    snprintf(path, sizeof path, "/proc/%d", second_tid);
    printf("/proc/TID exists: %d\n", access(path, F_OK) == 0);
    snprintf(path, sizeof path, "/proc/%d/status", second_tid);
    printf("/proc/TID/status has the group's Tgid: %d\n", status_field(path, "Tgid") == pid);
    snprintf(path, sizeof path, "/proc/%d/task/%d", pid, second_tid);
    printf("/proc/PID/task/TID exists: %d\n", access(path, F_OK) == 0);
    printf("Threads: %ld\n", status_field("/proc/self/status", "Threads"));
    pthread_barrier_wait(&done);
    pthread_join(t, NULL);
    printf("after the join, task lists the second thread: %d\n", listed("/proc/self/task", second_tid) == 1);
    printf("Threads: %ld\n", status_field("/proc/self/status", "Threads"));
    return 0;
}
