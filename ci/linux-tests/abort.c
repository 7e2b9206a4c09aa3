/* Writes "aborting\n" then calls abort(): expected status 134. */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    static const char msg[] = "aborting\n";
    if (write(1, msg, sizeof msg - 1) < 0)
        return 1;
    abort();
}
