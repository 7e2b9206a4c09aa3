/* /proc/stat, /proc/uptime and sysinfo(2): their shape and how their figures
 * agree with one another and with /proc/meminfo. Booleans only (the figures
 * themselves differ from run to run). */
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <time.h>

int main(void) {
    FILE *f = fopen("/proc/stat", "r");
    char line[4096];
    unsigned long long cpu[10] = {0}, intr = 0, ctxt = 0, btime = 0, processes = 0;
    int cpu_fields = 0, cpu0 = 0, running = -1;
    while (f && fgets(line, sizeof line, f)) {
        if (!strncmp(line, "cpu ", 4))
            cpu_fields = sscanf(line + 4, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &cpu[0],
                                &cpu[1], &cpu[2], &cpu[3], &cpu[4], &cpu[5], &cpu[6], &cpu[7], &cpu[8],
                                &cpu[9]);
        cpu0 |= !strncmp(line, "cpu0 ", 5);
        sscanf(line, "intr %llu", &intr);
        sscanf(line, "ctxt %llu", &ctxt);
        sscanf(line, "btime %llu", &btime);
        sscanf(line, "processes %llu", &processes);
        sscanf(line, "procs_running %d", &running);
    }
    printf("/proc/stat: cpu line with 10 fields %d, cpu0 line %d\n", cpu_fields == 10, cpu0);
    printf("interrupts %d, context switches %d, processes %d, running %d\n", intr > 0, ctxt > 0,
           processes > 0, running >= 1);
    double up = 0, idle = -1;
    FILE *u = fopen("/proc/uptime", "r");
    if (u && fscanf(u, "%lf %lf", &up, &idle) != 2)
        up = 0;
    time_t now = time(NULL);
    printf("/proc/uptime: up > 0 %d, idle >= 0 %d\n", up > 0, idle >= 0);
    long long boot = (long long)now - (long long)up;
    printf("btime agrees with the clock and the uptime: %d\n",
           (long long)btime >= boot - 5 && (long long)btime <= boot + 5);

    struct sysinfo si;
    int r = sysinfo(&si);
    unsigned long long total_kb = 0, free_kb = 0;
    FILE *m = fopen("/proc/meminfo", "r");
    while (m && fgets(line, sizeof line, m)) {
        sscanf(line, "MemTotal: %llu kB", &total_kb);
        sscanf(line, "MemFree: %llu kB", &free_kb);
    }
    unsigned long long unit = si.mem_unit ? si.mem_unit : 1;
    printf("sysinfo: %d, totalram is MemTotal %d, freeram at most totalram %d, procs > 0 %d, "
           "uptime agrees %d\n",
           r, si.totalram * unit / 1024 == total_kb, si.freeram <= si.totalram, si.procs > 0,
           (long)si.uptime >= (long)up - 2 && (long)si.uptime <= (long)up + 2);
    return 0;
}
