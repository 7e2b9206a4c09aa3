/* Writes "before\n" then dereferences a null pointer: expected status 139. */
#define _POSIX_C_SOURCE 200809L

#include <unistd.h>

int main(void)
{
    static const char msg[] = "before\n";
    if (write(1, msg, sizeof msg - 1) < 0)
        return 1;
    volatile int *p = (volatile int *)0;
    *p = 42;
    return 0;
}
