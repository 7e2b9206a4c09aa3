/* The vDSO every Linux process gets (AT_SYSINFO_EHDR): the entry points
 * Linux's x86-64 vDSO exports, each doing the real system call (the server
 * answers it like any other). libcs that find a vDSO call these instead of
 * `syscall`; dietlibc needs one (it has no fallback for gettimeofday).
 * The server's build script (`build.rs`) assembles and links it with the
 * host's cc and ld. */
    .text
    .globl __vdso_clock_gettime, __vdso_gettimeofday, __vdso_time
    .globl __vdso_getcpu, __vdso_clock_getres
    .weak clock_gettime, gettimeofday, time, getcpu, clock_getres
    .type __vdso_clock_gettime, @function
    .type __vdso_gettimeofday, @function
    .type __vdso_time, @function
    .type __vdso_getcpu, @function
    .type __vdso_clock_getres, @function
    .type clock_gettime, @function
    .type gettimeofday, @function
    .type time, @function
    .type getcpu, @function
    .type clock_getres, @function

__vdso_clock_gettime:
clock_gettime:
    mov $228, %eax
    syscall
    ret
    .size __vdso_clock_gettime, . - __vdso_clock_gettime

__vdso_gettimeofday:
gettimeofday:
    mov $96, %eax
    syscall
    ret
    .size __vdso_gettimeofday, . - __vdso_gettimeofday

__vdso_time:
time:
    mov $201, %eax
    syscall
    ret
    .size __vdso_time, . - __vdso_time

__vdso_getcpu:
getcpu:
    mov $309, %eax
    syscall
    ret
    .size __vdso_getcpu, . - __vdso_getcpu

__vdso_clock_getres:
clock_getres:
    mov $229, %eax
    syscall
    ret
    .size __vdso_clock_getres, . - __vdso_clock_getres
