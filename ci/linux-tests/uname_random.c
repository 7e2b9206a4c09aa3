/* uname() fields that are machine-independent, and getrandom(). */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/utsname.h>

int main(void)
{
    struct utsname u;
    if (uname(&u) != 0) {
        puts("uname FAILED");
        return 1;
    }
    printf("sysname=%s\n", u.sysname);
    printf("machine=%s\n", u.machine);
    printf("release starts with digit: %s\n",
           (u.release[0] >= '0' && u.release[0] <= '9') ? "true" : "false");

    unsigned char buf[32] = {0};
    ssize_t n = getrandom(buf, sizeof buf, 0);
    printf("getrandom returned 32: %s\n", n == 32 ? "true" : "false");
    int nonzero = 0;
    for (size_t i = 0; i < sizeof buf; i++)
        nonzero |= buf[i] != 0;
    printf("getrandom not all zero: %s\n", nonzero ? "true" : "false");

    unsigned char buf2[32] = {0};
    ssize_t n2 = getrandom(buf2, sizeof buf2, GRND_NONBLOCK);
    int differs = 0;
    for (size_t i = 0; i < sizeof buf; i++)
        differs |= buf[i] != buf2[i];
    printf("second getrandom differs: %s\n", (n2 == 32 && differs) ? "true" : "false");
    return 0;
}
