/* What the simulator's cpsrvd-like host runs as the live page during the benchmark: it runs
 * the real plugin (or, for `?anchor=c` / `?anchor=php`, the C hello-world CGI or php-cgi with
 * the 12-item list page) as its child with the same arguments, environment, stdin and stdout, and appends
 * the child's wall time, user and system CPU and peak RSS (wait4) to the stats file.
 * Built on the spot by scripts/bench.sh with the paths as -D definitions. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* cpsrvd fails a live page that never connects to its LiveAPI socket; the anchors are not
 * live pages, so the wrapper connects for them (outside the measured child). */
static void touch_liveapi(void) {
    const char *path = getenv("CPANEL_CONNECT_SOCKET");
    if (!path) return;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strncpy(a.sun_path, path, sizeof a.sun_path - 1);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0) close(fd);
}

int main(int argc, char **argv) {
    (void)argc;
    /* The simulator also runs the plugin as the admin CLI and as root's helper: not measured. */
    if (!getenv("GATEWAY_INTERFACE")) {
        execv(PLUGIN, argv);
        _exit(127);
    }
    const char *q = getenv("QUERY_STRING");
    const char *prog = PLUGIN, *label = "plugin";
    if (q && strstr(q, "anchor=c")) {
        prog = HELLO;
        label = "c";
        touch_liveapi();
    } else if (q && strstr(q, "anchor=php")) {
        prog = PHP_CGI;
        label = "php";
        setenv("SCRIPT_FILENAME", PHP_PAGE, 1);
        setenv("REDIRECT_STATUS", "200", 1);
        touch_liveapi();
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = fork();
    if (pid == 0) {
        argv[0] = (char *)prog;
        execv(prog, argv);
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    wait4(pid, &st, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double wall = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
    FILE *f = fopen(STATS, "a");
    if (f) {
        fprintf(f, "%s %.0f %ld %ld %ld\n", label, wall, ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec,
                ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec, ru.ru_maxrss);
        fclose(f);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
