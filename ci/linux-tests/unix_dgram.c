/* AF_UNIX datagram and seqpacket sockets and ancillary data (unix(7)),
 * compared with Linux: message boundaries, MSG_TRUNC, sender addresses,
 * connected datagram sockets, SCM_RIGHTS (descriptors that work in the
 * receiver, truncation with MSG_CTRUNC), SCM_CREDENTIALS with SO_PASSCRED.
 * Exit status 0. */
#include "fs_common.h"
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static void dgram_tests(void)
{
    printf("--- datagrams\n");
    int sv[2];
    show_ok("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    show("send one", send(sv[0], "one", 3, 0));
    show("send two", send(sv[0], "second", 6, 0));
    show("send empty", send(sv[0], "", 0, 0));
    char buf[64] = { 0 };
    show("recv one (big buffer)", recv(sv[1], buf, sizeof buf, 0));
    show("recv two truncated", recv(sv[1], buf, 3, 0));
    printf("got '%.3s'\n", buf);
    show("recv empty datagram", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    show_err("recv none", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    send(sv[0], "truncate me", 11, 0);
    show("MSG_TRUNC gives the real length", recv(sv[1], buf, 4, MSG_TRUNC));
    struct pollfd p = { sv[1], POLLIN | POLLOUT, 0 };
    int r = poll(&p, 1, 0);
    printf("poll idle: %d revents %#x\n", r, p.revents);
    close(sv[0]);
    p.revents = 0;
    r = poll(&p, 1, 0);
    printf("poll peer closed: %d revents %#x\n", r, p.revents);
    show_err("send to closed peer", send(sv[1], "x", 1, MSG_NOSIGNAL));
    close(sv[1]);

    /* Named sockets: sendto / recvfrom with addresses. */
    struct sockaddr_un a1, a2, from;
    socklen_t l1 = path_addr(&a1, "d1"), l2 = path_addr(&a2, "d2");
    int s1 = socket(AF_UNIX, SOCK_DGRAM, 0), s2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    int anon = socket(AF_UNIX, SOCK_DGRAM, 0);
    show_ok("bind d1", bind(s1, (struct sockaddr *)&a1, l1));
    show_ok("bind d2", bind(s2, (struct sockaddr *)&a2, l2));
    show_err("send unconnected", send(s1, "x", 1, 0));
    show("sendto d2", sendto(s1, "from d1", 7, 0, (struct sockaddr *)&a2, l2));
    show("sendto d2 from unnamed", sendto(anon, "anon", 4, 0, (struct sockaddr *)&a2, l2));
    socklen_t fl = sizeof from;
    memset(&from, 0, sizeof from);
    show("recvfrom", recvfrom(s2, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    printf("from len %d path '%s'\n", (int)fl, from.sun_path);
    fl = sizeof from;
    show("recvfrom unnamed", recvfrom(s2, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    printf("from len %d\n", (int)fl);
    struct sockaddr_un none;
    socklen_t nl = path_addr(&none, "nobody");
    show_err("sendto missing path", sendto(s1, "x", 1, 0, (struct sockaddr *)&none, nl));
    show_ok("connect d1 to d2", connect(s1, (struct sockaddr *)&a2, l2));
    show("send connected", send(s1, "conn", 4, 0));
    show_ok("connect d2 to d1", connect(s2, (struct sockaddr *)&a1, l1));
    show_err("a third socket may not send to a connected one", sendto(anon, "x", 1, 0, (struct sockaddr *)&a2, l2));
    fl = sizeof from;
    show_ok("getpeername", getpeername(s1, (struct sockaddr *)&from, &fl));
    printf("peer '%s'\n", from.sun_path);
    show("recv", recv(s2, buf, sizeof buf, 0));
    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    show_err("stream connect to dgram path", connect(st, (struct sockaddr *)&a1, l1));
    close(st);
    char big[300000];
    memset(big, 1, sizeof big);
    show_err("datagram too big", send(s1, big, sizeof big, 0));
    close(s1);
    close(s2);
    close(anon);
    unlink("d1");
    unlink("d2");

    printf("--- seqpacket\n");
    show_ok("socketpair seqpacket", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
    send(sv[0], "abc", 3, 0);
    send(sv[0], "defg", 4, 0);
    show("recv record 1", recv(sv[1], buf, sizeof buf, 0));
    show("recv record 2 truncated", recv(sv[1], buf, 2, 0));
    close(sv[0]);
    show("recv after close", recv(sv[1], buf, sizeof buf, 0));
    close(sv[1]);
}

/* Sends `fds` with one byte of data. */
static long send_fds(int sock, const int *fds, int n)
{
    char data = 'F';
    struct iovec iov = { &data, 1 };
    char control[CMSG_SPACE(sizeof(int) * 8)];
    memset(control, 0, sizeof control);
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                        .msg_controllen = CMSG_SPACE(sizeof(int) * n) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * n);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
    return sendmsg(sock, &m, 0);
}

/* The descriptors the last recv_show received. */
static int received[8];

/* Receives one message; prints its bytes, flags and control messages;
 * returns the first descriptor received (or -1). */
static int recv_show(const char *what, int sock, size_t control_room, int flags)
{
    char data[16] = { 0 };
    struct iovec iov = { data, sizeof data - 1 };
    char control[256];
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                        .msg_controllen = control_room };
    long n = recvmsg(sock, &m, flags);
    if (n < 0) {
        printf("%s: -1 %s\n", what, errno_name(errno));
        return -1;
    }
    printf("%s: %ld '%s' flags%s%s controllen %d\n", what, n, data, m.msg_flags & MSG_CTRUNC ? " CTRUNC" : "",
           m.msg_flags & MSG_TRUNC ? " TRUNC" : "", (int)m.msg_controllen);
    int first = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            printf("  SCM_RIGHTS len %d: %d descriptors\n", (int)c->cmsg_len, count);
            memcpy(received, CMSG_DATA(c), sizeof(int) * (count < 8 ? count : 8));
            first = received[0];
        } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
            struct ucred u;
            memcpy(&u, CMSG_DATA(c), sizeof u);
            printf("  SCM_CREDENTIALS len %d: pid is the sender %d uid ok %d gid ok %d\n", (int)c->cmsg_len,
                   u.pid == getpid() || u.pid == getppid(), u.uid == getuid(), u.gid == getgid());
        } else {
            printf("  cmsg level %d type %d\n", c->cmsg_level, c->cmsg_type);
        }
    }
    return first;
}

static void rights_tests(void)
{
    printf("--- SCM_RIGHTS\n");
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int fd = open("passed", O_CREAT | O_RDWR | O_TRUNC, 0600);
    write(fd, "file contents", 13);
    int pfd[2];
    pipe(pfd);
    int fds[2] = { fd, pfd[1] };
    show("sendmsg 2 fds", send_fds(sv[0], fds, 2));
    close(fd);
    close(pfd[1]);
    int got = recv_show("recvmsg", sv[1], 256, MSG_CMSG_CLOEXEC);
    if (got >= 0) {
        char buf[32] = { 0 };
        show("pread through the passed descriptor", pread(got, buf, sizeof buf, 0));
        printf("'%s' cloexec %d\n", buf, fcntl(got, F_GETFD));
        int pipe_end = received[1];
        show("write through the passed pipe end", write(pipe_end, "p", 1));
        show("read it from the kept end", read(pfd[0], buf, 1));
        close(got);
        close(pipe_end);
    }
    show("read eof: the passed pipe end was the last writer", read(pfd[0], (char[4]){ 0 }, 4));
    close(pfd[0]);

    /* Room for one descriptor only: the second is dropped, MSG_CTRUNC. */
    int three[3] = { 0, 1, 2 };
    send_fds(sv[0], three, 3);
    got = recv_show("recvmsg small control", sv[1], CMSG_SPACE(sizeof(int)), 0);
    if (got >= 0)
        close(got);
    send_fds(sv[0], three, 1);
    recv_show("recvmsg no control room", sv[1], 0, 0);
    /* A read stops after the bytes that carried descriptors. */
    send(sv[0], "ab", 2, 0);
    send_fds(sv[0], three, 1);
    send(sv[0], "cd", 2, 0);
    got = recv_show("recvmsg across segments", sv[1], 256, 0);
    if (got >= 0)
        close(got);
    recv_show("recvmsg rest", sv[1], 256, 0);
    int bad = 99;
    show_err("sendmsg bad fd", send_fds(sv[0], &bad, 1));
    /* Passing a socket end over itself, then using it. */
    show("send a socket", send_fds(sv[0], &sv[0], 1));
    got = recv_show("recv the socket", sv[1], 256, 0);
    if (got >= 0) {
        show("write through the received socket", write(got, "self", 4));
        close(got);
    }
    recv_show("read what it wrote", sv[1], 256, 0);
    close(sv[0]);
    close(sv[1]);

    /* Across fork: the child sends a descriptor it opened. */
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    pid_t child = fork();
    if (child == 0) {
        int f = open("child-file", O_CREAT | O_RDWR | O_TRUNC, 0600);
        write(f, "from the child", 14);
        send_fds(sv[1], &f, 1);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    got = recv_show("recvmsg from child", sv[0], 256, 0);
    if (got >= 0) {
        char buf[32] = { 0 };
        pread(got, buf, sizeof buf, 0);
        printf("'%s'\n", buf);
        close(got);
    }
    close(sv[0]);
    close(sv[1]);
}

static void cred_tests(void)
{
    printf("--- SCM_CREDENTIALS\n");
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    send(sv[0], "no creds", 8, 0);
    recv_show("without SO_PASSCRED", sv[1], 256, 0);
    int on = 1;
    show_ok("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
    int v = 0;
    socklen_t len = sizeof v;
    getsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &v, &len);
    printf("passcred %d\n", v);
    send(sv[0], "implicit", 8, 0);
    recv_show("implicit credentials", sv[1], 256, 0);
    char data = 'C';
    struct iovec iov = { &data, 1 };
    char control[CMSG_SPACE(sizeof(struct ucred))];
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof(struct ucred));
    struct ucred u = { getpid(), getuid(), getgid() };
    memcpy(CMSG_DATA(c), &u, sizeof u);
    show("sendmsg explicit credentials", sendmsg(sv[0], &m, 0));
    recv_show("explicit credentials", sv[1], 256, 0);
    recv_show("credentials, control too small", sv[1], 8, MSG_DONTWAIT);
    pid_t child = fork();
    if (child == 0) {
        send(sv[0], "child", 5, 0);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    recv_show("credentials of a child", sv[1], 256, 0);
    close(sv[0]);
    close(sv[1]);
}

int main(void)
{
    fs_setup();
    dgram_tests();
    rights_tests();
    cred_tests();
    fs_teardown();
    return 0;
}
