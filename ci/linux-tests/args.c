/* Prints argc, argv[1..], a few environment variables and the environ count.
 * Exits with status argc. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>

extern char **environ;

static void print_env(const char *name)
{
    const char *v = getenv(name);
    if (v)
        printf("%s=%s\n", name, v);
    else
        printf("%s unset\n", name);
}

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    print_env("HOME");
    print_env("PATH");
    print_env("TERM");
    int n = 0;
    for (char **e = environ; e && *e; e++)
        n++;
    printf("environ count=%d\n", n);
    return argc;
}
