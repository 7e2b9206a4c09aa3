/* Writes "bye\n" to stdout (buffered, flushed by exit) and "err\n" to stderr,
 * then exits with the status given in argv[1]. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int status = argc > 1 ? atoi(argv[1]) : 0;
    printf("bye\n");
    fputs("err\n", stderr);
    exit(status);
}
