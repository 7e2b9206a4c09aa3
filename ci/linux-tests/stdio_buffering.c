/* Mixes stdio buffering modes; stdout and stderr are compared separately.
 * stdout is switched to full buffering with a 16-byte buffer first (setvbuf
 * must precede any other operation on the stream), so every later write
 * exercises partial-buffer flushing. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>

static char buf[16];

int main(void)
{
    if (setvbuf(stdout, buf, _IOFBF, sizeof buf) != 0) {
        fputs("setvbuf failed\n", stderr);
        return 1;
    }
    printf("partial line without newline");
    fputs("stderr line 1\n", stderr);
    fflush(stdout);
    printf(" ... completed\n");
    puts("puts line");
    fputs("stderr no newline", stderr);
    fputs(" then newline\n", stderr);
    fflush(stdout);
    fflush(stdout); /* flushing an empty buffer is a no-op */

    for (int i = 0; i < 100; i++) {
        printf("line %03d: %s\n", i, (i % 3 == 0) ? "fizz" : "a somewhat longer line than the buffer");
        if (i % 25 == 0)
            fprintf(stderr, "stderr at %d\n", i);
    }
    putchar('x');
    putchar('\n');
    fwrite("fwrite of exactly sixteen bytes\n", 1, 32, stdout);
    printf("%s", "no trailing newline; exit flushes this");
    return 0;
}
