/* sendmmsg and recvmmsg on AF_UNIX datagram and stream socket pairs: counts,
 * msg_len of each message, MSG_DONTWAIT and MSG_WAITFORONE, vlen 0, bad
 * pointers. Deterministic output. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const char *name(int e) {
    return e == EAGAIN ? "EAGAIN" : e == EFAULT ? "EFAULT" : e == EBADF ? "EBADF" : e == ENOTSOCK ? "ENOTSOCK" : strerror(e);
}

static void show(const char *what, int r) {
    if (r < 0)
        printf("%s: -1 %s\n", what, name(errno));
    else
        printf("%s: %d\n", what, r);
}

int main(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    const char *texts[5] = {"one", "two two", "three three three", "", "five"};
    struct mmsghdr out[5];
    struct iovec out_iov[5];
    memset(out, 0, sizeof out);
    for (int i = 0; i < 5; i++) {
        out_iov[i].iov_base = (void *)texts[i];
        out_iov[i].iov_len = strlen(texts[i]);
        out[i].msg_hdr.msg_iov = &out_iov[i];
        out[i].msg_hdr.msg_iovlen = 1;
    }
    show("sendmmsg 5 datagrams", sendmmsg(sv[0], out, 5, 0));
    for (int i = 0; i < 5; i++)
        printf("  msg_len[%d] = %u\n", i, out[i].msg_len);

    char buffers[8][32];
    struct iovec in_iov[8];
    struct mmsghdr in[8];
    memset(in, 0, sizeof in);
    for (int i = 0; i < 8; i++) {
        in_iov[i].iov_base = buffers[i];
        in_iov[i].iov_len = sizeof buffers[i];
        in[i].msg_hdr.msg_iov = &in_iov[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    show("recvmmsg vlen 3 (blocking, 5 queued)", recvmmsg(sv[1], in, 3, 0, NULL));
    for (int i = 0; i < 3; i++)
        printf("  [%d] %u bytes '%.*s'\n", i, in[i].msg_len, (int)in[i].msg_len, buffers[i]);
    show("recvmmsg vlen 8 MSG_WAITFORONE (2 queued)", recvmmsg(sv[1], in, 8, MSG_WAITFORONE, NULL));
    for (int i = 0; i < 2; i++)
        printf("  [%d] %u bytes '%.*s'\n", i, in[i].msg_len, (int)in[i].msg_len, buffers[i]);
    show("recvmmsg MSG_DONTWAIT, none queued", recvmmsg(sv[1], in, 8, MSG_DONTWAIT, NULL));
    show("sendmmsg vlen 0", sendmmsg(sv[0], out, 0, 0));
    /* Bad pointers through the system call itself: musl's wrappers read
     * them first, in user space. */
    show("sendmmsg of a bad vector", syscall(SYS_sendmmsg, sv[0], 8L, 2, 0));
    show("recvmmsg with a bad timeout pointer", syscall(SYS_recvmmsg, sv[1], in, 8, MSG_DONTWAIT, 8L));
    show("sendmmsg on a bad descriptor", sendmmsg(99, out, 1, 0));
    show("recvmmsg on a pipe", ({
             int p[2];
             pipe(p);
             recvmmsg(p[0], in, 1, MSG_DONTWAIT, NULL);
         }));
    /* Two good messages, then one whose buffer is bad: the count so far. */
    out_iov[2].iov_base = (void *)8;
    out_iov[2].iov_len = 4;
    show("sendmmsg with a bad third buffer", sendmmsg(sv[0], out, 3, 0));
    show("  queued after it", recvmmsg(sv[1], in, 8, MSG_DONTWAIT, NULL));

    /* A stream pair: the messages' bytes run together. */
    int st[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, st);
    out_iov[2].iov_base = (void *)texts[2];
    out_iov[2].iov_len = strlen(texts[2]);
    show("sendmmsg 3 on a stream", sendmmsg(st[0], out, 3, 0));
    char all[64] = {0};
    ssize_t n = read(st[1], all, sizeof all);
    printf("  read %zd bytes '%s'\n", n, all);
    return 0;
}
