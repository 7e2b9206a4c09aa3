/* until_sleeping(pid): waits (up to 20 s) until process `pid` sleeps, as
 * /proc/PID/stat says. A test that signals a process blocked in a call waits
 * for this rather than for a fixed pause, which a loaded host may outlast
 * before the process reached its call. */
#ifndef UNTIL_SLEEPING_H
#define UNTIL_SLEEPING_H

#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static inline void until_sleeping(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (int i = 0; i < 20000; i++) {
        char text[512] = { 0 };
        FILE *f = fopen(path, "r");
        if (!f)
            return;
        size_t n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        char *end = n ? strrchr(text, ')') : NULL;
        if (end && end[1] == ' ' && end[2] == 'S')
            return;
        usleep(1000);
    }
}

#endif
