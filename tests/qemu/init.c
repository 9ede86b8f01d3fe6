// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the sgx2-edmm QEMU test guest.
 *
 * Mounts the pseudo file systems, runs "/bin/busybox sh /plan.sh" with its
 * output on the verdict channel (/dev/ttyS1), checks kmemleak when the
 * kernel has it, writes the final success/failure marker and reboots (QEMU
 * runs with -no-reboot, so that ends the run).
 *
 * Build: gcc -static -Os -o init init.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define VERDICT_TTY	"/dev/ttyS1"
#define PLAN		"/plan.sh"
#define BUSYBOX		"/bin/busybox"
#define KMEMLEAK	"/sys/kernel/debug/kmemleak"
#define MARKER		"sgx2-edmm-guest:"

/* kmemleak only reports objects older than 5 s; give fresh ones time. */
#define KMEMLEAK_WAIT	6

static int verdict_fd = -1;

/* Diagnostics go to the console (ttyS0), which the host keeps as a log. */
static void con(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("init: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Write a formatted line to the verdict channel (or the console). */
static void verdict(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if (len > (int)sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	buf[len++] = '\n';

	if (verdict_fd >= 0) {
		const char *p = buf;

		while (len > 0) {
			ssize_t n = write(verdict_fd, p, len);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			p += n;
			len -= n;
		}
	} else {
		fwrite(buf, 1, len, stderr);
	}
}

static void do_mount(const char *src, const char *dir, const char *type,
		     unsigned long flags, int required)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, flags, NULL) && errno != EBUSY) {
		if (required || errno != ENODEV)
			con("mount %s on %s: %s", type, dir, strerror(errno));
	}
}

static void setup_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	setvbuf(stdout, NULL, _IOLBF, 0);
	setvbuf(stderr, NULL, _IONBF, 0);
}

static int open_verdict(void)
{
	struct termios tio;
	int fd;

	fd = open(VERDICT_TTY, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		con("open %s: %s (verdicts go to the console)",
		    VERDICT_TTY, strerror(errno));
		return -1;
	}
	/* Raw output: no \n -> \r\n translation, no flow control. */
	if (!tcgetattr(fd, &tio)) {
		cfmakeraw(&tio);
		cfsetspeed(&tio, B115200);
		tcsetattr(fd, TCSANOW, &tio);
	}
	return fd;
}

/* Fork and exec argv with stdout/stderr on out_fd (if >= 0); return status. */
static int run(char *const argv[], int out_fd)
{
	int status;
	pid_t pid, w;

	pid = fork();
	if (pid < 0) {
		con("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			if (null != STDIN_FILENO)
				close(null);
		}
		if (out_fd >= 0) {
			dup2(out_fd, STDOUT_FILENO);
			dup2(out_fd, STDERR_FILENO);
			if (out_fd > STDERR_FILENO)
				close(out_fd);
		}
		setsid();
		execv(argv[0], argv);
		fprintf(stderr, "init: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}

	/* As PID 1 we also inherit orphans: reap them until ours is done. */
	for (;;) {
		w = wait(&status);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			con("wait: %s", strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/*
 * The harness boots with loglevel=4 to keep the boot quiet; raise the
 * console level to 5 for the plan so that WARN splats ("WARNING: ... at
 * file:line", KERN_WARNING) reach the console log.  Any other level was
 * chosen on purpose (--append loglevel=N) and is left alone.
 */
static void raise_console_loglevel(void)
{
	char buf[64];
	ssize_t n;
	int fd;

	fd = open("/proc/sys/kernel/printk", O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	if (atoi(buf) == 4)
		write_str("/proc/sys/kernel/printk", "5");
}

/*
 * Returns 1 if kmemleak reported leaks, 0 if not (or if it is unavailable).
 */
static int check_kmemleak(void)
{
	char line[512];
	int leaks = 0;
	FILE *f;
	int ret;

	if (access(KMEMLEAK, F_OK)) {
		verdict("# kmemleak not available");
		return 0;
	}

	ret = write_str(KMEMLEAK, "scan");
	if (ret) {
		/* e.g. EPERM/EBUSY when kmemleak disabled itself at boot */
		verdict("# kmemleak not usable: %s", strerror(-ret));
		return 0;
	}
	sleep(KMEMLEAK_WAIT);
	write_str(KMEMLEAK, "scan");

	f = fopen(KMEMLEAK, "r");
	if (!f) {
		verdict("# kmemleak not readable: %s", strerror(errno));
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!leaks)
			verdict("not ok - kmemleak");
		leaks = 1;
		verdict("# %s", line);
	}
	fclose(f);
	if (!leaks)
		verdict("ok - kmemleak: no leaks");
	return leaks;
}

static void finish(void)
{
	if (verdict_fd >= 0) {
		tcdrain(verdict_fd);
		fsync(verdict_fd);
	}
	tcdrain(STDOUT_FILENO);
	sync();
	reboot(RB_AUTOBOOT);
	/* Not reached unless reboot failed; PID 1 must not exit. */
	con("reboot: %s", strerror(errno));
	for (;;)
		pause();
}

int main(void)
{
	char *install[] = { BUSYBOX, "--install", "-s", "/bin", NULL };
	char *plan[] = { BUSYBOX, "sh", PLAN, NULL };
	int plan_status, leaks;

	do_mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, 1);
	do_mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, 1);
	do_mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, 1);
	setup_console();
	do_mount("debugfs", "/sys/kernel/debug", "debugfs", 0, 0);
	do_mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, 0);
	do_mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, 1);
	mkdir("/dev/pts", 0755);
	do_mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, 0);
	symlink("/proc/self/fd", "/dev/fd");

	setenv("PATH", "/bin:/sbin:/usr/bin:/usr/sbin", 1);
	setenv("HOME", "/", 1);
	setenv("TERM", "dumb", 1);
	setenv("TMPDIR", "/tmp", 1);

	if (run(install, -1))
		con("busybox --install failed");

	verdict_fd = open_verdict();
	raise_console_loglevel();

	con("running %s", PLAN);
	plan_status = run(plan, verdict_fd);
	con("%s exited with status %d", PLAN, plan_status);

	leaks = check_kmemleak();

	if (plan_status == 0 && !leaks)
		verdict(MARKER " success");
	else if (plan_status == 0)
		verdict(MARKER " failure (kmemleak reported leaks)");
	else if (!leaks)
		verdict(MARKER " failure (plan exit status %d)", plan_status);
	else
		verdict(MARKER " failure (plan exit status %d, kmemleak reported leaks)",
			plan_status);

	finish();
	return 0;
}
