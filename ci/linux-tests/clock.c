/* clock_gettime monotonicity, realtime sanity and nanosleep duration. */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <time.h>

static int64_t ns(const struct timespec *t)
{
    return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

int main(void)
{
    int status = 0;
    int mono_ok = 1;
    for (int i = 0; i < 1000; i++) {
        struct timespec a, b;
        if (clock_gettime(CLOCK_MONOTONIC, &a) != 0 || clock_gettime(CLOCK_MONOTONIC, &b) != 0) {
            mono_ok = 0;
            break;
        }
        if (ns(&b) < ns(&a) || a.tv_nsec < 0 || a.tv_nsec >= 1000000000) {
            mono_ok = 0;
            break;
        }
    }
    puts(mono_ok ? "monotonic ok" : "monotonic FAILED");
    status |= !mono_ok;

    struct timespec rt;
    /* 2020-01-01T00:00:00Z */
    int rt_ok = clock_gettime(CLOCK_REALTIME, &rt) == 0 && rt.tv_sec > 1577836800;
    puts(rt_ok ? "realtime ok" : "realtime FAILED");
    status |= !rt_ok;

    struct timespec before, after, req = {0, 10 * 1000 * 1000};
    int sleep_ok = clock_gettime(CLOCK_MONOTONIC, &before) == 0 && nanosleep(&req, NULL) == 0 &&
                   clock_gettime(CLOCK_MONOTONIC, &after) == 0 &&
                   ns(&after) - ns(&before) >= 10 * 1000 * 1000;
    puts(sleep_ok ? "sleep ok" : "sleep FAILED");
    status |= !sleep_ok;
    return status;
}
