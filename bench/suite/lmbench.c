/*
 * lmbench.c: an lmbench-style microbenchmark suite in one static program.
 *
 * Written for this project in the spirit of lmbench (McVoy and Staelin, USENIX 1996): each test
 * times one operation that an operating system makes cheap or dear (a system call, a pipe round
 * trip, a fork, a page fault) and reports nanoseconds per operation. The same static binary runs
 * on the host, as the init of a Linux guest and on our system, and the runner (bench/src)
 * compares the figures: percent of native = Linux guest time / our time.
 *
 * Build:  musl-gcc -static -O2 -o lmbench lmbench.c   (or gcc -static -O2)
 * Usage:  lmbench [--quick] [--list] [TEST...]
 *   --quick  far fewer iterations, so that the whole suite takes a few seconds natively
 *   --list   print the test names, one a line, and exit
 *   TEST     run only the named tests (default: all, in table order)
 *
 * Output, one line each, machine-readable (parsed by bench/src/lib.rs):
 *   suite lmbench v1
 *   bench <name> <median_ns_per_op> <iterations> ok [key=value...] [per_op counter=value...]
 *   bench <name> 0 0 unsupported <reason>   a needed system call failed with ENOSYS
 *   bench <name> 0 0 error <reason>         anything else went wrong
 *   done
 * <iterations> is the number of timed operations in all batches together. Each test runs one
 * untimed warm-up batch, then BATCHES timed batches; the figure is the median over the batches
 * of (batch time / operations in the batch), timed with CLOCK_MONOTONIC. Bandwidth tests add
 * MB/s=<median bandwidth> (10^6 bytes per second). On our system, where
 * /proc/microkernel/counters exists, "per_op" follows with each microkernel event counter's
 * increase over the timed sections divided by the timed operations (global counters: the events
 * of a test's child processes and of the server count too).
 *
 * Scratch files go to /tmp, or to the current directory where /tmp is not writable.
 * The argument --exit-at-once makes the program exit 0 at once (for the fork_exec test).
 *
 * As PID 1 (the init of a Linux guest booted from an initramfs holding this program and
 * /bin/sh), it first makes the files it needs: devtmpfs on /dev, proc on /proc, a /tmp, and
 * /dev/console as standard input, output and error if the kernel could not open one; at the end
 * it syncs and powers the machine off. Every step may fail (our system need not offer mount or
 * reboot): a failure is ignored, and a test that then lacks a file reports an error line.
 * Arguments reach init from the kernel command line after "--".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCHES 11
#define PAGE 4096
#define FILE_SIZE (1024 * 1024)
#define CHUNK (64 * 1024)
#define SORT_LEN 4096

/* Why a test failed: the errno of the call that failed and what it was. */
static int fail_errno;
static const char *fail_what;

static int fail(const char *what)
{
	fail_errno = errno ? errno : EIO;
	fail_what = what;
	return -1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Microkernel event counters (our system only): /proc/microkernel/counters holds lines
 * "name value" (kernel_calls, cr3_writes, ipc_fast, ...), global and monotonic. Where the file
 * exists, timer_start and timer_stop read it just outside each timed section, and run_test prints
 * the events per operation after the word per_op. Where it does not (Linux), nothing changes.
 * Reading the file (and the clock, on our system) is itself a few events: measured once
 * (calibrate_counters) and subtracted.
 */
#define MAX_COUNTERS 16
#define COUNTERS_FILE "/proc/microkernel/counters"

static int counter_count; /* 0: no counters file */
static char counter_names[MAX_COUNTERS][32];
static uint64_t counters_before[MAX_COUNTERS];
static double counter_overhead[MAX_COUNTERS]; /* events of one read, per timed section */
static double counter_sum[MAX_COUNTERS];      /* events in the timed sections since reset */
static double counter_delta[MAX_COUNTERS];    /* events in the last timed section */
static int counters_on;                       /* accumulate into counter_sum */

/* Reads the counters into values (in the order of the first read); the count, or 0. */
static int read_counters(uint64_t *values)
{
	static char text[2048];
	int fd = open(COUNTERS_FILE, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t len = read(fd, text, sizeof text - 1);
	close(fd);
	if (len <= 0)
		return 0;
	text[len] = 0;
	int count = 0;
	char *line = text;
	while (*line && count < MAX_COUNTERS) {
		char *end = strchr(line, '\n');
		if (end)
			*end = 0;
		char name[32];
		unsigned long long value;
		if (sscanf(line, "%31s %llu", name, &value) == 2) {
			if (counter_count == 0)
				strcpy(counter_names[count], name);
			if (strcmp(counter_names[count], name) != 0)
				return 0; /* the file changed shape: stop counting */
			values[count++] = value;
		}
		if (!end)
			break;
		line = end + 1;
	}
	return count;
}

static uint64_t timer_start(void)
{
	if (counter_count)
		read_counters(counters_before);
	return now_ns();
}

static uint64_t timer_stop(uint64_t start)
{
	uint64_t elapsed = now_ns() - start;
	uint64_t after[MAX_COUNTERS];
	if (counter_count && read_counters(after) == counter_count) {
		for (int i = 0; i < counter_count; i++) {
			counter_delta[i] = (double)(after[i] - counters_before[i]);
			if (counters_on)
				counter_sum[i] += counter_delta[i] - counter_overhead[i];
		}
	}
	return elapsed;
}

/*
 * Finds the counters file and what an empty timed section counts (the least of 5): the reads
 * of the file and, where clock_gettime is a system call rather than the vDSO's, the clock.
 */
static void calibrate_counters(void)
{
	uint64_t first[MAX_COUNTERS];
	counter_count = read_counters(first);
	counters_on = 0;
	for (int round = 0; round < 5 && counter_count; round++) {
		timer_stop(timer_start());
		for (int i = 0; i < counter_count; i++) {
			if (round == 0 || counter_delta[i] < counter_overhead[i])
				counter_overhead[i] = counter_delta[i];
		}
	}
}

static volatile uint64_t sink; /* keeps results alive so the compiler cannot drop work */
static char scratch_dir[256] = "/tmp";
static char scratch_file[300]; /* a FILE_SIZE file, made on first use */
static char self_path[4096];
static char chunk_buf[CHUNK];

/* ---- helpers ---- */

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = read(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EPIPE;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int reap(pid_t pid, const char *what)
{
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return fail(what);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = ECHILD;
		return fail(what);
	}
	return 0;
}

/* Picks /tmp, or the current directory if /tmp cannot hold a file. */
static void choose_scratch_dir(void)
{
	char probe[300];
	snprintf(probe, sizeof probe, "/tmp/lmbench-probe.%d", (int)getpid());
	int fd = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0600);
	if (fd >= 0) {
		close(fd);
		unlink(probe);
		return;
	}
	strcpy(scratch_dir, ".");
}

static int need_scratch_file(void)
{
	if (scratch_file[0])
		return 0;
	char path[sizeof scratch_file];
	snprintf(path, sizeof path, "%s/lmbench-file.%d", scratch_dir, (int)getpid());
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	if (fd < 0)
		return fail("open scratch file");
	for (size_t i = 0; i < CHUNK; i++)
		chunk_buf[i] = (char)(i * 31 + 7);
	for (int i = 0; i < FILE_SIZE / CHUNK; i++) {
		if (write_all(fd, chunk_buf, CHUNK) < 0) {
			int saved = errno;
			close(fd);
			unlink(path);
			errno = saved;
			return fail("write scratch file");
		}
	}
	close(fd);
	strcpy(scratch_file, path);
	return 0;
}

/* Finds this program for fork_exec: /proc/self/exe, argv[0], or argv[0] on $PATH. */
static void find_self(const char *argv0)
{
	ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
	if (n > 0) {
		self_path[n] = 0;
		if (access(self_path, X_OK) == 0)
			return;
	}
	self_path[0] = 0;
	if (!argv0)
		return;
	if (strchr(argv0, '/')) {
		snprintf(self_path, sizeof self_path, "%s", argv0);
		return;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin";
	while (*path) {
		size_t len = strcspn(path, ":");
		snprintf(self_path, sizeof self_path, "%.*s/%s", (int)len, path, argv0);
		if (access(self_path, X_OK) == 0)
			return;
		path += len;
		if (*path == ':')
			path++;
	}
	self_path[0] = 0;
}

/* As PID 1: mount what the tests read, and get a console if the kernel gave none. */
static void init_setup(void)
{
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/tmp", 01777);
	if (fcntl(1, F_GETFD) < 0) {
		int fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			for (int target = 0; target <= 2; target++) {
				if (fd != target)
					dup2(fd, target);
			}
			if (fd > 2)
				close(fd);
		}
	}
}

/* As PID 1: exiting would panic the kernel; power off instead (where reboot is offered). */
static void init_finish(void)
{
	sync();
	reboot(RB_POWER_OFF);
}

/* ---- the tests: each times `iters` operations into *ns, or returns -1 after fail() ---- */

static int t_null_syscall(long iters, uint64_t *ns)
{
	errno = 0;
	if (syscall(SYS_getppid) < 0)
		return fail("getppid");
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++)
		syscall(SYS_getppid);
	*ns = timer_stop(start);
	return 0;
}

static int one_byte_io(long iters, uint64_t *ns, const char *path, int flags, int do_write)
{
	int fd = open(path, flags);
	if (fd < 0)
		return fail(path);
	char byte = 0;
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		ssize_t n = do_write ? write(fd, &byte, 1) : read(fd, &byte, 1);
		if (n != 1) {
			close(fd);
			return fail(do_write ? "write" : "read");
		}
	}
	*ns = timer_stop(start);
	close(fd);
	return 0;
}

static int t_read_devzero(long iters, uint64_t *ns)
{
	return one_byte_io(iters, ns, "/dev/zero", O_RDONLY, 0);
}

static int t_write_devnull(long iters, uint64_t *ns)
{
	return one_byte_io(iters, ns, "/dev/null", O_WRONLY, 1);
}

static int t_stat(long iters, uint64_t *ns)
{
	if (need_scratch_file() < 0)
		return -1;
	struct stat st;
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		if (stat(scratch_file, &st) < 0)
			return fail("stat");
	}
	*ns = timer_stop(start);
	sink += (uint64_t)st.st_size;
	return 0;
}

static int t_fstat(long iters, uint64_t *ns)
{
	if (need_scratch_file() < 0)
		return -1;
	int fd = open(scratch_file, O_RDONLY);
	if (fd < 0)
		return fail("open");
	struct stat st;
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		if (fstat(fd, &st) < 0) {
			close(fd);
			return fail("fstat");
		}
	}
	*ns = timer_stop(start);
	close(fd);
	sink += (uint64_t)st.st_size;
	return 0;
}

static int t_open_close(long iters, uint64_t *ns)
{
	if (need_scratch_file() < 0)
		return -1;
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		int fd = open(scratch_file, O_RDONLY);
		if (fd < 0)
			return fail("open");
		if (close(fd) < 0)
			return fail("close");
	}
	*ns = timer_stop(start);
	return 0;
}

/* Closes a and, if it is another descriptor, b. */
static void close_pair(int a, int b)
{
	close(a);
	if (b != a)
		close(b);
}

/*
 * A child that echoes one-byte messages from `in` to `out`; the parent times `iters` round trips
 * (after one untimed). Used with two pipes (pipe_latency, context_switch) and with a socketpair
 * (unix_latency).
 */
static int ping_pong(long iters, uint64_t *ns, int parent_in, int parent_out, int child_in,
		     int child_out)
{
	pid_t pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		close_pair(parent_in, parent_out);
		char byte;
		for (long i = 0; i <= iters; i++) {
			if (read_all(child_in, &byte, 1) < 0 || write_all(child_out, &byte, 1) < 0)
				_exit(1);
		}
		_exit(0);
	}
	close_pair(child_in, child_out);
	char byte = 'x';
	int rc = 0;
	/* One untimed round trip, so that the child's start-up is not timed. */
	if (write_all(parent_out, &byte, 1) < 0 || read_all(parent_in, &byte, 1) < 0)
		rc = fail("pipe round trip");
	uint64_t start = timer_start();
	for (long i = 0; rc == 0 && i < iters; i++) {
		if (write_all(parent_out, &byte, 1) < 0 || read_all(parent_in, &byte, 1) < 0) {
			rc = fail("pipe round trip");
			break;
		}
	}
	*ns = timer_stop(start);
	close_pair(parent_in, parent_out);
	if (reap(pid, "child") < 0)
		rc = -1;
	return rc;
}

static int pipe_ping_pong(long iters, uint64_t *ns)
{
	int to_child[2], to_parent[2];
	if (pipe(to_child) < 0)
		return fail("pipe");
	if (pipe(to_parent) < 0) {
		close(to_child[0]);
		close(to_child[1]);
		return fail("pipe");
	}
	return ping_pong(iters, ns, to_parent[0], to_child[1], to_child[0], to_parent[1]);
}

static int t_pipe_latency(long iters, uint64_t *ns)
{
	return pipe_ping_pong(iters, ns);
}

/* lmbench's lat_ctx with two processes and no working set: a token passed through pipes; each
 * round trip is two context switches. The pipe overhead is not subtracted. */
static int t_context_switch(long iters, uint64_t *ns)
{
	long round_trips = (iters + 1) / 2;
	uint64_t elapsed;
	if (pipe_ping_pong(round_trips, &elapsed) < 0)
		return -1;
	*ns = elapsed * (uint64_t)iters / (uint64_t)(round_trips * 2);
	return 0;
}

static int t_unix_latency(long iters, uint64_t *ns)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return fail("socketpair");
	/* The parent talks on sv[0], the child on sv[1]. */
	return ping_pong(iters, ns, sv[0], sv[0], sv[1], sv[1]);
}

static int t_pipe_bandwidth(long iters, uint64_t *ns)
{
	int fds[2];
	if (pipe(fds) < 0)
		return fail("pipe");
	pid_t pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		close(fds[0]);
		for (long i = 0; i < iters; i++) {
			if (write_all(fds[1], chunk_buf, CHUNK) < 0)
				_exit(1);
		}
		_exit(0);
	}
	close(fds[1]);
	int rc = 0;
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		if (read_all(fds[0], chunk_buf, CHUNK) < 0) {
			rc = fail("read pipe");
			break;
		}
	}
	*ns = timer_stop(start);
	close(fds[0]);
	if (reap(pid, "writer") < 0)
		rc = -1;
	return rc;
}

static int t_fork_exit(long iters, uint64_t *ns)
{
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		pid_t pid = fork();
		if (pid < 0)
			return fail("fork");
		if (pid == 0)
			_exit(0);
		if (reap(pid, "wait4") < 0)
			return -1;
	}
	*ns = timer_stop(start);
	return 0;
}

/* fork, execve(path, argv), wait; the child exits 126 if execve fails with ENOSYS. */
static int fork_exec_wait(long iters, uint64_t *ns, const char *path, char *const argv[])
{
	char *const envp[] = { "PATH=/bin:/usr/bin", NULL };
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		pid_t pid = fork();
		if (pid < 0)
			return fail("fork");
		if (pid == 0) {
			execve(path, argv, envp);
			_exit(errno == ENOSYS ? 126 : 127);
		}
		int status;
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR)
				return fail("wait4");
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 126) {
			errno = ENOSYS;
			return fail("execve");
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			errno = WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ENOENT : ECHILD;
			return fail(path);
		}
	}
	*ns = timer_stop(start);
	return 0;
}

static int t_fork_exec(long iters, uint64_t *ns)
{
	if (!self_path[0]) {
		errno = ENOENT;
		return fail("cannot find own executable");
	}
	char *const argv[] = { self_path, "--exit-at-once", NULL };
	return fork_exec_wait(iters, ns, self_path, argv);
}

static int t_fork_sh(long iters, uint64_t *ns)
{
	char *const argv[] = { "sh", "-c", "true", NULL };
	return fork_exec_wait(iters, ns, "/bin/sh", argv);
}

static int t_mmap_touch_1m(long iters, uint64_t *ns)
{
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		char *p = mmap(NULL, FILE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (p == MAP_FAILED)
			return fail("mmap");
		for (size_t off = 0; off < FILE_SIZE; off += PAGE)
			p[off] = 1;
		if (munmap(p, FILE_SIZE) < 0)
			return fail("munmap");
	}
	*ns = timer_stop(start);
	return 0;
}

/* One operation is the first touch of one anonymous page; mmap and munmap are not timed. */
static int t_page_fault(long iters, uint64_t *ns)
{
	size_t len = (size_t)iters * PAGE;
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);
	if (p == MAP_FAILED)
		return fail("mmap");
	uint64_t start = timer_start();
	for (size_t off = 0; off < len; off += PAGE)
		p[off] = 1;
	*ns = timer_stop(start);
	if (munmap((void *)p, len) < 0)
		return fail("munmap");
	return 0;
}

static uint64_t sum_words(const uint64_t *words, size_t count)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < count; i++)
		sum += words[i];
	return sum;
}

/* One operation: mmap the 1 MiB file (MAP_PRIVATE, read only), read all of it, munmap. */
static int t_mmap_file_read(long iters, uint64_t *ns)
{
	if (need_scratch_file() < 0)
		return -1;
	int fd = open(scratch_file, O_RDONLY);
	if (fd < 0)
		return fail("open");
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		void *p = mmap(NULL, FILE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			close(fd);
			return fail("mmap");
		}
		sink += sum_words(p, FILE_SIZE / sizeof(uint64_t));
		munmap(p, FILE_SIZE);
	}
	*ns = timer_stop(start);
	close(fd);
	return 0;
}

/* One operation: read the 1 MiB file (in the page cache) in 64 KiB reads. */
static int t_file_read_bandwidth(long iters, uint64_t *ns)
{
	if (need_scratch_file() < 0)
		return -1;
	int fd = open(scratch_file, O_RDONLY);
	if (fd < 0)
		return fail("open");
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		if (lseek(fd, 0, SEEK_SET) < 0) {
			close(fd);
			return fail("lseek");
		}
		for (int c = 0; c < FILE_SIZE / CHUNK; c++) {
			if (read_all(fd, chunk_buf, CHUNK) < 0) {
				close(fd);
				return fail("read");
			}
		}
	}
	*ns = timer_stop(start);
	close(fd);
	return 0;
}

static volatile sig_atomic_t signals_seen;

static void on_signal(int sig)
{
	(void)sig;
	signals_seen++;
}

static int t_sigaction(long iters, uint64_t *ns)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		if (sigaction(SIGUSR1, &sa, NULL) < 0)
			return fail("sigaction");
	}
	*ns = timer_stop(start);
	return 0;
}

static int t_signal_delivery(long iters, uint64_t *ns)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) < 0)
		return fail("sigaction");
	signals_seen = 0;
	pid_t self = getpid();
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		if (kill(self, SIGUSR1) < 0)
			return fail("kill");
	}
	*ns = timer_stop(start);
	if (signals_seen != iters) {
		errno = EINTR;
		return fail("signal count differs from kill count");
	}
	return 0;
}

/* CPU-bound control, no system calls: heapsort of 4096 pseudo-random words. */
static uint32_t sort_buf[SORT_LEN];

static void sift_down(uint32_t *a, size_t root, size_t len)
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= len)
			return;
		if (child + 1 < len && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		uint32_t t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static int t_cpu_sort(long iters, uint64_t *ns)
{
	uint32_t x = 2463534242u;
	uint64_t start = timer_start();
	for (long i = 0; i < iters; i++) {
		for (size_t k = 0; k < SORT_LEN; k++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			sort_buf[k] = x;
		}
		for (size_t k = SORT_LEN / 2; k-- > 0;)
			sift_down(sort_buf, k, SORT_LEN);
		for (size_t end = SORT_LEN; end-- > 1;) {
			uint32_t t = sort_buf[0];
			sort_buf[0] = sort_buf[end];
			sort_buf[end] = t;
			sift_down(sort_buf, 0, end);
		}
		sink += sort_buf[SORT_LEN / 2];
	}
	*ns = timer_stop(start);
	for (size_t k = 1; k < SORT_LEN; k++) {
		if (sort_buf[k - 1] > sort_buf[k]) {
			errno = EINVAL;
			return fail("heapsort is broken");
		}
	}
	return 0;
}

/* ---- the table and the harness ---- */

struct test {
	const char *name;
	int (*run)(long iters, uint64_t *ns);
	long iters;	  /* operations per batch */
	long quick_iters; /* operations per batch with --quick */
	long bytes;	  /* bytes per operation, for MB/s; 0 for none */
};

static const struct test tests[] = {
	{ "null_syscall", t_null_syscall, 100000, 2000, 0 },
	{ "read_devzero", t_read_devzero, 50000, 1000, 0 },
	{ "write_devnull", t_write_devnull, 50000, 1000, 0 },
	{ "stat", t_stat, 20000, 500, 0 },
	{ "fstat", t_fstat, 50000, 1000, 0 },
	{ "open_close", t_open_close, 20000, 500, 0 },
	{ "pipe_latency", t_pipe_latency, 5000, 100, 0 },
	{ "pipe_bandwidth", t_pipe_bandwidth, 500, 20, CHUNK },
	{ "unix_latency", t_unix_latency, 5000, 100, 0 },
	{ "fork_exit", t_fork_exit, 200, 5, 0 },
	{ "fork_exec", t_fork_exec, 100, 3, 0 },
	{ "fork_sh", t_fork_sh, 50, 2, 0 },
	{ "context_switch", t_context_switch, 10000, 200, 0 },
	{ "mmap_touch_1m", t_mmap_touch_1m, 100, 4, 0 },
	{ "page_fault", t_page_fault, 4096, 256, 0 },
	{ "mmap_file_read", t_mmap_file_read, 50, 3, FILE_SIZE },
	{ "sigaction", t_sigaction, 50000, 1000, 0 },
	{ "signal_delivery", t_signal_delivery, 20000, 500, 0 },
	{ "file_read_bandwidth", t_file_read_bandwidth, 100, 4, FILE_SIZE },
	{ "cpu_sort", t_cpu_sort, 20, 2, 0 },
};

#define NTESTS (sizeof tests / sizeof tests[0])

static const char *errno_name(int e)
{
	switch (e) {
	case ENOSYS: return "ENOSYS";
	case ENOENT: return "ENOENT";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case ENOMEM: return "ENOMEM";
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case EAGAIN: return "EAGAIN";
	case EBADF: return "EBADF";
	case EINTR: return "EINTR";
	case EPIPE: return "EPIPE";
	case ECHILD: return "ECHILD";
	case EROFS: return "EROFS";
	case ENOSPC: return "ENOSPC";
	case EMFILE: return "EMFILE";
	case EIO: return "EIO";
	default: return NULL;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void run_test(const struct test *t, int quick)
{
	long iters = quick ? t->quick_iters : t->iters;
	int batches = quick ? 5 : MAX_BATCHES;
	double per_op[MAX_BATCHES];
	uint64_t ns = 0;

	fflush(stdout);
	fail_errno = 0;
	fail_what = "";
	/* Warm-up: caches, page cache, first-touch of the test's own code and data. */
	counters_on = 0;
	int rc = t->run(iters / 4 > 0 ? iters / 4 : 1, &ns);
	for (int i = 0; i < counter_count; i++)
		counter_sum[i] = 0;
	counters_on = 1;
	for (int b = 0; rc == 0 && b < batches; b++) {
		rc = t->run(iters, &ns);
		per_op[b] = (double)ns / (double)iters;
	}
	if (rc != 0) {
		const char *kind = fail_errno == ENOSYS ? "unsupported" : "error";
		const char *name = errno_name(fail_errno);
		if (name)
			printf("bench %s 0 0 %s %s %s\n", t->name, kind, name, fail_what);
		else
			printf("bench %s 0 0 %s errno=%d %s\n", t->name, kind, fail_errno, fail_what);
		fflush(stdout);
		return;
	}
	qsort(per_op, (size_t)batches, sizeof per_op[0], cmp_double);
	double median = per_op[batches / 2];
	if (median <= 0)
		median = 0.001; /* below the clock's resolution; still a positive figure */
	printf("bench %s %.1f %ld ok", t->name, median, iters * batches);
	if (t->bytes)
		printf(" MB/s=%.1f", (double)t->bytes / median * 1e3);
	if (counter_count) {
		printf(" per_op");
		for (int i = 0; i < counter_count; i++) {
			double per_op_events = counter_sum[i] / (double)(iters * batches);
			printf(" %s=%.3g", counter_names[i], per_op_events > 0 ? per_op_events : 0.0);
		}
	}
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--exit-at-once") == 0)
		_exit(0);

	int quick = 0;
	int selected[NTESTS] = { 0 };
	int any_selected = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			quick = 1;
			continue;
		}
		if (strcmp(argv[i], "--list") == 0) {
			for (size_t k = 0; k < NTESTS; k++)
				printf("%s\n", tests[k].name);
			return 0;
		}
		size_t k = 0;
		while (k < NTESTS && strcmp(argv[i], tests[k].name) != 0)
			k++;
		if (k == NTESTS) {
			fprintf(stderr, "lmbench: unknown test %s (try --list)\n", argv[i]);
			return 2;
		}
		selected[k] = 1;
		any_selected = 1;
	}

	int is_init = getpid() == 1;
	if (is_init)
		init_setup();
	find_self(argc > 0 ? argv[0] : NULL);
	choose_scratch_dir();
	for (size_t i = 0; i < CHUNK; i++)
		chunk_buf[i] = (char)i;

	calibrate_counters();
	printf("suite lmbench v1\n");
	for (size_t k = 0; k < NTESTS; k++) {
		if (!any_selected || selected[k])
			run_test(&tests[k], quick);
	}
	if (scratch_file[0])
		unlink(scratch_file);
	printf("done\n");
	fflush(stdout);
	if (is_init)
		init_finish();
	return 0;
}
