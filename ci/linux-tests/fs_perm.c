/* Credentials and permissions (issue 6, "a process that calls setuid to
 * non-root is refused what Linux refuses"): as root, make files and
 * directories with restrictive modes; then a child drops to uid/gid 1000 and
 * tries to read, write, create, remove, chmod, chown and regain root, and
 * prints each result (errno names). The id calls' rules (setuid, setreuid,
 * setresuid, setgroups) are exercised on the way. */
#include "fs_common.h"

#include <grp.h>
#include <sys/wait.h>

static void result(const char *what, long r)
{
    if (r < 0)
        printf("%s: %s\n", what, errno_name(errno));
    else
        printf("%s: ok\n", what);
}

static void ids(const char *when)
{
    uid_t r, e, s;
    gid_t gr, ge, gs;
    getresuid(&r, &e, &s);
    getresgid(&gr, &ge, &gs);
    printf("%s: uid %u %u %u gid %u %u %u\n", when, r, e, s, gr, ge, gs);
}

static int try_open(const char *path, int flags)
{
    int fd = open(path, flags, 0644);
    if (fd >= 0)
        close(fd);
    return fd < 0 ? -1 : 0;
}

static void unprivileged(void)
{
    ids("child before");
    result("setgroups to none", setgroups(0, NULL));
    result("setresgid 1000 1000 1000", setresgid(1000, 1000, 1000));
    result("setreuid -1 1000 (keeps saved 0)", setreuid(-1, 1000));
    ids("after setreuid");
    result("seteuid 0 again (saved is 0)", seteuid(0));
    ids("after seteuid 0");
    result("setuid 1000 (as root: all three)", setuid(1000));
    ids("after setuid");
    result("setuid 0", setuid(0));
    result("setresuid -1 0 -1", setresuid(-1, 0, -1));
    result("setgroups as 1000", setgroups(0, NULL));
    printf("getgroups count: %d\n", getgroups(0, NULL));

    result("read secret (0600 root)", try_open("secret", O_RDONLY));
    result("read public (0644 root)", try_open("public", O_RDONLY));
    result("write public", try_open("public", O_WRONLY));
    result("create in closed (0755 root)", try_open("closed/new", O_CREAT | O_WRONLY));
    result("create in open (0777 root)", try_open("open/mine", O_CREAT | O_WRONLY));
    result("list closed", access("closed", R_OK | X_OK));
    result("enter locked (0700 root)", chdir("locked"));
    result("stat inside locked", access("locked/inner", F_OK));
    result("unlink public (dir 0755 root)", unlink("public"));
    result("unlink in open (dir 0777): root's file", unlink("open/roots"));
    result("unlink in sticky (1777): root's file", unlink("sticky/roots"));
    result("create in sticky", try_open("sticky/mine", O_CREAT | O_WRONLY));
    result("unlink own in sticky", unlink("sticky/mine"));
    result("chmod public", chmod("public", 0666));
    result("chmod own", chmod("open/mine", 0600));
    result("chown own to 0", chown("open/mine", 0, 0));
    result("chown own to self", chown("open/mine", 1000, 1000));
    result("utimensat public (explicit)", utimensat(AT_FDCWD, "public", (struct timespec[]){{1, 0}, {1, 0}}, 0));
    result("utimensat public (now)", utimensat(AT_FDCWD, "public", NULL, 0));
    result("access public W_OK", access("public", W_OK));
    result("access secret R_OK", access("secret", R_OK));
    result("mkdir in closed", mkdir("closed/d", 0755));
    result("rename public into open", rename("public", "open/public"));
    result("mount", syscall(SYS_mount, "none", "open", "tmpfs", 0, NULL));
    struct stat st;
    if (stat("open/mine", &st) == 0)
        printf("own file: uid %u gid %u mode %o\n", st.st_uid, st.st_gid, st.st_mode & 07777);
    unlink("open/mine");
}

int main(void)
{
    fs_setup();
    umask(022);
    chmod(".", 0755); /* mkdtemp made it 0700: let uid 1000 in */
    int fd = open("secret", O_CREAT | O_WRONLY, 0600);
    write(fd, "s\n", 2);
    close(fd);
    fd = open("public", O_CREAT | O_WRONLY, 0644);
    write(fd, "p\n", 2);
    close(fd);
    mkdir("closed", 0755);
    mkdir("open", 0777);
    chmod("open", 0777);
    mkdir("locked", 0700);
    mkdir("locked/inner", 0755);
    mkdir("sticky", 01777);
    chmod("sticky", 01777);
    close(open("open/roots", O_CREAT | O_WRONLY, 0644));
    close(open("sticky/roots", O_CREAT | O_WRONLY, 0666));
    ids("parent");
    pid_t child = fork();
    if (child == 0) {
        unprivileged();
        fflush(stdout);
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    printf("child exit %d\n", WEXITSTATUS(status));
    ids("parent after");
    fs_teardown();
    return 0;
}
