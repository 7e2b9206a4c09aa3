/* Thread-local storage (initialised, zero-initialised, array) and errno. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static _Thread_local int tls_init = 42;
static _Thread_local long tls_zero;
static _Thread_local int tls_array[16] = {1, 2, 3, 4};
_Thread_local char tls_str[32] = "thread-local string";

/* noinline so the compiler cannot constant-fold the TLS accesses away */
__attribute__((noinline)) static int *array_ptr(void)
{
    return tls_array;
}

int main(void)
{
    printf("tls_init=%d\n", tls_init);
    printf("tls_zero=%ld\n", tls_zero);
    printf("tls_array:");
    for (int i = 0; i < 16; i++)
        printf(" %d", tls_array[i]);
    printf("\n");
    printf("tls_str=%s\n", tls_str);

    tls_init += 100;
    tls_zero = -7;
    int *a = array_ptr();
    for (int i = 0; i < 16; i++)
        a[i] = i * i;
    strcat(tls_str, "!");

    int sum = 0;
    for (int i = 0; i < 16; i++)
        sum += tls_array[i];
    printf("after: tls_init=%d tls_zero=%ld sum=%d str=%s\n", tls_init, tls_zero, sum, tls_str);

    errno = 0;
    int fd = open("/nonexistent/definitely/missing", O_RDONLY);
    int saved = errno;
    printf("open returned %d\n", fd);
    printf("errno is ENOENT: %s\n", saved == ENOENT ? "yes" : "no");
    printf("strerror: %s\n", strerror(saved));
    errno = 0;
    printf("errno reset: %d\n", errno);
    if (fd >= 0)
        close(fd);
    return 0;
}
