/* Shared anonymous memory (mmap MAP_SHARED | MAP_ANONYMOUS) between a
 * parent and its forked children: writes are seen both ways, private memory
 * stays private, pages first touched after the fork are shared too, and
 * process-shared mutexes, condition variables and semaphores in it work
 * (futexes keyed by the memory, not by the process). Deterministic output. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
    pthread_mutex_t mutex;
    pthread_cond_t cond;
    int stage;
    sem_t sem;
    long counter;
};

static void *map_shared(size_t len) {
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    return p;
}

static int wait_child(pid_t child) {
    int status;
    if (waitpid(child, &status, 0) != child)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The permissions and name of the /proc/self/maps line of `address`. */
static void show_mapping(const char *what, void *address) {
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[512];
    while (maps && fgets(line, sizeof line, maps)) {
        unsigned long start, end;
        char perms[8];
        int name_at = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &start, &end, perms, &name_at) < 3)
            continue;
        if ((unsigned long)address >= start && (unsigned long)address < end) {
            line[strcspn(line, "\n")] = 0;
            printf("%s: %s %s\n", what, perms, name_at ? line + name_at : "");
        }
    }
    if (maps)
        fclose(maps);
}

int main(void) {
    int *shared = map_shared(4096);
    int *private = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    shared[0] = 1;
    private[0] = 1;
    pid_t child = fork();
    if (child == 0) {
        printf("child sees shared %d, private %d\n", shared[0], private[0]);
        fflush(stdout);
        shared[0] = 42;
        private[0] = 42;
        _exit(0);
    }
    wait_child(child);
    printf("after the child wrote: shared %d, private %d\n", shared[0], private[0]);
    show_mapping("shared mapping", shared);

    /* Pages nobody touched before the fork, several of them, both ways. */
    int *late = map_shared(4 * 4096);
    child = fork();
    if (child == 0) {
        for (int i = 0; i < 4; i++)
            late[i * 1024] = 10 + i;
        while (late[3 * 1024 + 1] != 99) /* the parent's answer */
            usleep(1000);
        _exit(late[3 * 1024 + 1] == 99 ? 0 : 1);
    }
    while (late[3 * 1024] != 13)
        usleep(1000);
    late[3 * 1024 + 1] = 99;
    int status = wait_child(child);
    printf("child status %d; pages written by the child: %d %d %d %d\n", status, late[0],
           late[1024], late[2048], late[3072]);

    /* Process-shared mutex and condition variable: a handshake. */
    struct shared *s = map_shared(sizeof *s);
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&s->mutex, &ma);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_cond_init(&s->cond, &ca);
    sem_init(&s->sem, 1, 0);
    child = fork();
    if (child == 0) {
        alarm(20); /* a lost wake-up ends the test instead of hanging it */
        pthread_mutex_lock(&s->mutex);
        while (s->stage != 1)
            pthread_cond_wait(&s->cond, &s->mutex);
        s->stage = 2;
        pthread_cond_signal(&s->cond);
        pthread_mutex_unlock(&s->mutex);
        /* Then a semaphore the parent posts twice. */
        sem_wait(&s->sem);
        sem_wait(&s->sem);
        /* And a mutex-protected counter both increment. */
        for (int i = 0; i < 2000; i++) {
            pthread_mutex_lock(&s->mutex);
            s->counter++;
            pthread_mutex_unlock(&s->mutex);
        }
        _exit(0);
    }
    usleep(20000); /* most likely the child now waits on the condition */
    pthread_mutex_lock(&s->mutex);
    s->stage = 1;
    pthread_cond_signal(&s->cond);
    while (s->stage != 2)
        pthread_cond_wait(&s->cond, &s->mutex);
    pthread_mutex_unlock(&s->mutex);
    printf("condition variable handshake: stage %d\n", s->stage);
    usleep(20000);
    sem_post(&s->sem);
    sem_post(&s->sem);
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&s->mutex);
        s->counter++;
        pthread_mutex_unlock(&s->mutex);
    }
    status = wait_child(child);
    printf("child status %d; counter %ld\n", status, s->counter);

    /* Unmapped in the parent after the children ended: a new mapping works. */
    munmap(shared, 4096);
    munmap(late, 4 * 4096);
    int *again = map_shared(4096);
    child = fork();
    if (child == 0) {
        again[0] = 7;
        _exit(0);
    }
    status = wait_child(child);
    printf("child status %d; a new mapping after munmap: %d\n", status, again[0]);

    /* /dev/zero: private maps are anonymous memory, shared ones shared. */
    int zero = open("/dev/zero", O_RDWR);
    int *zp = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, zero, 0);
    int *zs = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, zero, 0);
    if (zp == MAP_FAILED || zs == MAP_FAILED) {
        perror("mmap /dev/zero");
        return 1;
    }
    printf("/dev/zero mappings start zeroed: %d %d\n", zp[5], zs[5]);
    child = fork();
    if (child == 0) {
        zp[0] = 5;
        zs[0] = 6;
        _exit(0);
    }
    status = wait_child(child);
    printf("child status %d; /dev/zero private %d, shared %d\n", status, zp[0], zs[0]);
    show_mapping("/dev/zero private mapping", zp);
    int wronly = open("/dev/zero", O_WRONLY);
    void *refused = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wronly, 0);
    printf("mmap of /dev/zero open write-only: %s\n",
           refused == MAP_FAILED ? (errno == EACCES ? "EACCES" : "other error") : "mapped");
    int rdonly = open("/dev/zero", O_RDONLY);
    refused = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rdonly, 0);
    printf("shared writable mmap of /dev/zero open read-only: %s\n",
           refused == MAP_FAILED ? (errno == EACCES ? "EACCES" : "other error") : "mapped");
    return 0;
}
