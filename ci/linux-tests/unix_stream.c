/* AF_UNIX stream sockets (unix(7)), compared with Linux: socketpair, bind /
 * listen / accept4 / connect on a path and in the abstract namespace, names,
 * shutdown, end of file, EPIPE, poll readiness, non-blocking calls, a client
 * in a child process, SO_PEERCRED / SO_TYPE / SO_RCVBUF. Prints no pids,
 * inode numbers or scratch paths (see fs_common.h). Exit status 0. */
#include "fs_common.h"
#include "until_sleeping.h"
#include <poll.h>
#include <stddef.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

/* An abstract name unique to this run (the host's namespace is shared). */
static socklen_t abstract_addr(struct sockaddr_un *a, const char *tag)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    int n = snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "oracle-%s-%d", tag, (int)getpid());
    return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

static void show_poll(const char *what, int fd, short events)
{
    struct pollfd p = { fd, events, 0 };
    int r = poll(&p, 1, 0);
    printf("%s: poll %d revents%s%s%s%s%s\n", what, r, p.revents & POLLIN ? " IN" : "",
           p.revents & POLLOUT ? " OUT" : "", p.revents & POLLHUP ? " HUP" : "",
           p.revents & POLLERR ? " ERR" : "", p.revents & POLLRDHUP ? " RDHUP" : "");
}

static void pair_tests(void)
{
    int sv[2];
    show_ok("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    show_poll("pair empty", sv[0], POLLIN | POLLOUT | POLLRDHUP);
    show("write a", write(sv[0], "hello", 5));
    show("send a", send(sv[0], " world", 6, 0));
    show_poll("pair data", sv[1], POLLIN | POLLOUT | POLLRDHUP);
    int queued = -1;
    show_ok("FIONREAD", ioctl(sv[1], FIONREAD, &queued));
    printf("queued %d\n", queued);
    struct stat st;
    fstat(sv[0], &st);
    printf("fstat S_ISSOCK %d\n", S_ISSOCK(st.st_mode));
    char link[64] = { 0 }, proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", sv[0]);
    readlink(proc, link, sizeof link - 1);
    printf("fd link is a socket %d\n", strncmp(link, "socket:[", 8) == 0);
    char buf[64] = { 0 };
    show("recv peek", recv(sv[1], buf, 4, MSG_PEEK));
    printf("peeked '%.4s'\n", buf);
    show("read b", read(sv[1], buf, sizeof buf));
    printf("got '%.11s'\n", buf);
    show_err("recv dontwait empty", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    show_ok("shutdown wr", shutdown(sv[0], SHUT_WR));
    show_poll("after peer shut wr", sv[1], POLLIN | POLLOUT | POLLRDHUP);
    show("read eof", read(sv[1], buf, sizeof buf));
    show_err("send after shut wr", send(sv[0], "x", 1, MSG_NOSIGNAL));
    show("reverse direction", write(sv[1], "back", 4));
    show("read reverse", read(sv[0], buf, sizeof buf));
    close(sv[1]);
    show_poll("peer closed", sv[0], POLLIN | POLLOUT | POLLRDHUP);
    show("read after close", read(sv[0], buf, sizeof buf));
    show_err("send to closed", send(sv[0], "x", 1, MSG_NOSIGNAL));
    signal(SIGPIPE, SIG_IGN);
    show_err("write to closed (SIGPIPE ignored)", write(sv[0], "x", 1));
    signal(SIGPIPE, SIG_DFL);
    close(sv[0]);

    /* Unread data at close resets the peer. */
    show_ok("socketpair 2", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    show("fd cloexec", fcntl(sv[0], F_GETFD));
    show("write", write(sv[0], "abc", 3));
    close(sv[1]);
    show_poll("reset", sv[0], POLLIN | POLLOUT);
    show_err("read reset", read(sv[0], buf, sizeof buf));
    show("read after reset", read(sv[0], buf, sizeof buf));
    close(sv[0]);

    int type = 0;
    socklen_t len = sizeof type;
    show_ok("socketpair nonblock", socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
    show("F_GETFL nonblock", (fcntl(sv[0], F_GETFL) & O_NONBLOCK) != 0);
    show_err("read nonblock", read(sv[0], buf, sizeof buf));
    show_ok("getsockopt SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len));
    printf("type %d len %d\n", type, (int)len);
    int size = 4096;
    show_ok("setsockopt SO_RCVBUF", setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof size));
    len = sizeof size;
    show_ok("getsockopt SO_RCVBUF", getsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &size, &len));
    printf("rcvbuf %d\n", size);
    struct ucred cred;
    len = sizeof cred;
    show_ok("SO_PEERCRED", getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &len));
    printf("peercred len %d pid is me %d uid is me %d gid is me %d\n", (int)len, cred.pid == getpid(),
           cred.uid == geteuid(), cred.gid == getegid());
    struct sockaddr_un a;
    len = sizeof a;
    show_ok("getsockname unnamed", getsockname(sv[0], (struct sockaddr *)&a, &len));
    printf("len %d family %d\n", (int)len, a.sun_family);
    len = sizeof a;
    show_ok("getpeername unnamed", getpeername(sv[0], (struct sockaddr *)&a, &len));
    printf("len %d\n", (int)len);
    /* Fill the pair until EAGAIN: writable no more. */
    char big[4096];
    memset(big, 'z', sizeof big);
    long total = 0;
    for (;;) {
        ssize_t n = write(sv[0], big, sizeof big);
        if (n < 0) {
            printf("fill stops: %s (more than 16 KiB: %d)\n", errno_name(errno), total > 16384);
            break;
        }
        total += n;
    }
    show_poll("full", sv[0], POLLOUT);
    close(sv[0]);
    close(sv[1]);

    show_err("socket bogus type", socket(AF_UNIX, 77, 0));
    show_err("socket bad protocol", socket(AF_UNIX, SOCK_STREAM, 5));
    show_err("socketpair bad flags", socketpair(AF_UNIX, SOCK_STREAM | 0x10000, 0, sv));
    show_err("shutdown non-socket", shutdown(1, SHUT_RD));
    show_err("recv non-socket", recv(1, buf, 1, 0));
}

static void server_tests(int abstract)
{
    const char *tag = abstract ? "abstract" : "path";
    printf("--- %s\n", tag);
    struct sockaddr_un addr, got;
    socklen_t alen = abstract ? abstract_addr(&addr, "stream") : path_addr(&addr, "sock");
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    show_ok("socket", l);
    show_poll("fresh socket", l, POLLIN | POLLOUT);
    show_err("listen unbound", listen(l, 5));
    show_ok("bind", bind(l, (struct sockaddr *)&addr, alen));
    show_err("bind again", bind(l, (struct sockaddr *)&addr, alen));
    if (!abstract) {
        struct stat st;
        show_ok("stat", stat("sock", &st));
        printf("S_ISSOCK %d mode %o\n", S_ISSOCK(st.st_mode), st.st_mode & 0777 & ~0022);
    }
    int other = socket(AF_UNIX, SOCK_STREAM, 0);
    show_err("bind taken", bind(other, (struct sockaddr *)&addr, alen));
    show_err("connect before listen", connect(other, (struct sockaddr *)&addr, alen));
    show_ok("listen", listen(l, 5));
    show_poll("listening, none waiting", l, POLLIN | POLLOUT);
    socklen_t glen = sizeof got;
    show_ok("getsockname", getsockname(l, (struct sockaddr *)&got, &glen));
    printf("name len ok %d same %d\n", glen == alen, memcmp(&got, &addr, alen) == 0);
    int flags = fcntl(l, F_GETFL);
    fcntl(l, F_SETFL, flags | O_NONBLOCK);
    show_err("accept none", accept(l, NULL, NULL));
    fcntl(l, F_SETFL, flags);

    show_ok("connect", connect(other, (struct sockaddr *)&addr, alen));
    show_err("connect again", connect(other, (struct sockaddr *)&addr, alen));
    show_poll("listening, one waiting", l, POLLIN);
    show("send before accept", send(other, "early", 5, 0));
    glen = sizeof got;
    memset(&got, 0xff, sizeof got);
    int s = accept4(l, (struct sockaddr *)&got, &glen, SOCK_CLOEXEC);
    show_ok("accept4", s);
    printf("peer address len %d family %d\n", (int)glen, got.sun_family);
    show("accepted cloexec", fcntl(s, F_GETFD));
    char buf[64] = { 0 };
    show("recv early", recv(s, buf, sizeof buf, 0));
    printf("got '%.5s'\n", buf);
    glen = sizeof got;
    show_ok("getpeername client", getpeername(other, (struct sockaddr *)&got, &glen));
    printf("peer name is the server's %d\n", glen == alen && memcmp(&got, &addr, alen) == 0);
    glen = sizeof got;
    show_ok("getsockname accepted", getsockname(s, (struct sockaddr *)&got, &glen));
    printf("accepted name is the server's %d\n", glen == alen && memcmp(&got, &addr, alen) == 0);
    struct ucred cred;
    socklen_t clen = sizeof cred;
    show_ok("SO_PEERCRED accepted", getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &clen));
    printf("peer pid is me %d\n", cred.pid == getpid());
    int acc = -1;
    clen = sizeof acc;
    getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &acc, &clen);
    printf("SO_ACCEPTCONN listener %d\n", acc);
    close(s);
    close(other);

    /* A client in a child process. */
    pid_t child = fork();
    if (child == 0) {
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&addr, alen) != 0)
            _exit(10);
        struct ucred cr;
        socklen_t crl = sizeof cr;
        getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &crl);
        char msg[64];
        int n = snprintf(msg, sizeof msg, "child: server pid is my parent %d", cr.pid == getppid());
        write(c, msg, n);
        shutdown(c, SHUT_WR);
        char reply[16] = { 0 };
        read(c, reply, sizeof reply);
        _exit(reply[0] == 'o' ? 0 : 11);
    }
    s = accept(l, NULL, NULL);
    show_ok("accept child", s);
    clen = sizeof cred;
    getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &clen);
    printf("peer is the child %d\n", cred.pid == child);
    memset(buf, 0, sizeof buf);
    /* The child's message, read until it is whole. */
    size_t have = 0;
    while (have < sizeof buf - 1) {
        ssize_t n = read(s, buf + have, sizeof buf - 1 - have);
        if (n <= 0)
            break;
        have += n;
    }
    printf("%s\n", buf);
    write(s, "ok", 2);
    int status;
    waitpid(child, &status, 0);
    printf("child status %d\n", WEXITSTATUS(status));
    show("read after child exit", read(s, buf, sizeof buf));
    close(s);
    close(l);
    if (!abstract) {
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        show_err("connect to dead listener", connect(c, (struct sockaddr *)&addr, alen));
        l = socket(AF_UNIX, SOCK_STREAM, 0);
        show_err("bind over stale path", bind(l, (struct sockaddr *)&addr, alen));
        show_ok("unlink", unlink("sock"));
        show_ok("bind after unlink", bind(l, (struct sockaddr *)&addr, alen));
        close(l);
        show_ok("unlink again", unlink("sock"));
        show_err("connect missing path", connect(c, (struct sockaddr *)&addr, alen));
        int fd = open("plain", O_CREAT | O_WRONLY, 0644);
        close(fd);
        alen = path_addr(&addr, "plain");
        show_err("connect to a plain file", connect(c, (struct sockaddr *)&addr, alen));
        close(c);
    } else {
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        show_err("connect to closed abstract", connect(c, (struct sockaddr *)&addr, alen));
        l = socket(AF_UNIX, SOCK_STREAM, 0);
        show_ok("abstract name free again", bind(l, (struct sockaddr *)&addr, alen));
        close(l);
        int d = socket(AF_UNIX, SOCK_DGRAM, 0);
        bind(d, (struct sockaddr *)&addr, alen);
        show_err("connect stream to dgram", connect(c, (struct sockaddr *)&addr, alen));
        close(d);
        close(c);
    }
}

static void on_usr1(int sig)
{
    (void)sig;
}

/* A blocking receive interrupted by a handled signal: restarted with
 * SA_RESTART, EINTR without. */
static void restart_test(int restart)
{
    struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = restart ? SA_RESTART : 0 };
    sigaction(SIGUSR1, &sa, NULL);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        usleep(50000);
        until_sleeping(parent);
        kill(parent, SIGUSR1);
        usleep(50000);
        write(sv[1], "after", 5);
        _exit(0);
    }
    char buf[8] = { 0 };
    long r = recv(sv[0], buf, sizeof buf, 0);
    if (r < 0)
        printf("recv with%s SA_RESTART: %s\n", restart ? "" : "out", errno_name(errno));
    else
        printf("recv with%s SA_RESTART: %ld '%s'\n", restart ? "" : "out", r, buf);
    waitpid(child, NULL, 0);
    close(sv[0]);
    close(sv[1]);
    signal(SIGUSR1, SIG_DFL);
}

static long ms_since(struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* SO_RCVTIMEO: a receive gives up with EAGAIN after the timeout, even when
 * other things happen meanwhile. */
static void timeout_test(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct timeval tv = { 0, 80000 };
    show_ok("SO_RCVTIMEO", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    struct timeval back;
    socklen_t len = sizeof back;
    getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &back, &len);
    printf("timeout back: %ld s %ld us len %d\n", (long)back.tv_sec, (long)back.tv_usec, (int)len);
    tv.tv_usec = 1000000;
    show_err("SO_RCVTIMEO bad usec", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    char buf[8];
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    show_err("recv times out", recv(sv[0], buf, sizeof buf, 0));
    printf("waited at least 70ms: %d\n", ms_since(&t0) >= 70);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    show_err("read times out", read(sv[0], buf, sizeof buf));
    printf("waited at least 70ms: %d\n", ms_since(&t0) >= 70);
    write(sv[1], "in time", 7);
    show("recv with data", recv(sv[0], buf, sizeof buf, 0));
    close(sv[0]);
    close(sv[1]);
}

int main(void)
{
    fs_setup();
    pair_tests();
    server_tests(0);
    server_tests(1);
    restart_test(1);
    restart_test(0);
    timeout_test();
    /* Autobind: binding the family alone gives an abstract name. */
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    show_ok("autobind", bind(s, (struct sockaddr *)&a, sizeof(sa_family_t)));
    socklen_t len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    printf("autobind len %d abstract %d\n", (int)len, a.sun_path[0] == 0);
    close(s);
    fs_teardown();
    return 0;
}
