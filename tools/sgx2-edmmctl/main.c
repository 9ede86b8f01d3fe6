// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - sgx2-edmmctl: load, unload and inspect the sgx2_edmm module.
 *
 * Loading goes through libkmod's kmod_module_probe_insert_module(), as
 * modprobe does, so modprobe.d(5) options, install commands and
 * dependencies apply; the command line's options are added on top.  The
 * rest reads and writes the module's sysfs files:
 *
 *   /sys/module/sgx2_edmm/version and parameters/
 *   /sys/class/misc/sgx2_edmm/stats, backend
 *
 * Parsing and formatting are ctl.c's (pure, unit-tested).
 */
#include <cpuid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libkmod.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ctl.h"

#ifndef SGX2_EDMMCTL_VERSION
#define SGX2_EDMMCTL_VERSION "unknown"
#endif

#define SYS_MODULE	"/sys/module/" CTL_MODULE
#define SYS_PARAMS	SYS_MODULE "/parameters"
#define SYS_DEVICE	"/sys/class/misc/sgx2_edmm"
#define MAX_STATS	64

static const char *prog = "sgx2-edmmctl";

static __attribute__((format(printf, 1, 2))) void say(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The contents of @path, one trailing newline dropped; -errno on failure. */
static int read_text(const char *path, char *buf, size_t len, bool keep_nl)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	if (!keep_nl && n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

static int write_text(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd, err;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	err = errno;
	if (close(fd) && n >= 0)
		return -errno;
	if (n < 0)
		return -err;
	return (size_t)n == len ? 0 : -EIO;
}

static bool module_loaded(void)
{
	return !access(SYS_MODULE "/parameters", F_OK) ||
	       !access(SYS_DEVICE, F_OK);
}

static int not_loaded(void)
{
	say("the %s module is not loaded (sgx2-edmmctl load)", CTL_MODULE);
	return CTL_EXIT_NOT_LOADED;
}

static struct kmod_ctx *kmod_open(void)
{
	struct kmod_ctx *ctx = kmod_new(NULL, NULL);

	if (!ctx)
		say("cannot set up libkmod");
	else
		kmod_load_resources(ctx);	/* optional: faster lookups */
	return ctx;
}

static int load_failed(int err, const char *options)
{
	struct utsname u;

	uname(&u);
	switch (err) {
	case EEXIST:
		say("%s is already loaded; unload it first to load it with other options",
		    CTL_MODULE);
		break;
	case EPERM:
	case EACCES:
		say("permission denied: loading a module needs root (CAP_SYS_MODULE)");
		break;
	case ENOENT:
		say("no %s module for kernel %s: is the sgx2-edmm DKMS package built for it? (dkms status)",
		    CTL_MODULE, u.release);
		break;
	case ENODEV:
		say("%s refused to load: no backend can run here (backend=hw needs an SGX2 CPU and the in-kernel SGX driver); the kernel log says why (dmesg | grep %s)",
		    CTL_MODULE, CTL_MODULE);
		break;
	case EINVAL:
		say("%s refused its parameters '%s' (with modprobe.d's): dmesg | grep %s",
		    CTL_MODULE, options, CTL_MODULE);
		break;
	default:
		say("loading %s failed: %s; dmesg | grep %s", CTL_MODULE,
		    strerror(err), CTL_MODULE);
	}
	return ctl_exit_for_errno(err, CTL_LOAD);
}

static int cmd_load(const struct ctl_cmd *cmd)
{
	struct kmod_list *list = NULL;
	struct kmod_module *mod;
	struct kmod_ctx *ctx;
	char options[512], version[64] = "?", backend[16] = "?";
	int ret;

	if (ctl_load_options(cmd, options, sizeof(options))) {
		say("options too long");
		return CTL_EXIT_USAGE;
	}
	if (module_loaded())
		return load_failed(EEXIST, options);
	ctx = kmod_open();
	if (!ctx)
		return CTL_EXIT_FAILED;
	ret = kmod_module_new_from_lookup(ctx, CTL_MODULE, &list);
	if (ret < 0 || !list) {
		kmod_unref(ctx);
		return load_failed(ret < 0 ? -ret : ENOENT, options);
	}
	mod = kmod_module_get_module(list);
	kmod_module_unref_list(list);
	ret = kmod_module_probe_insert_module(mod, KMOD_PROBE_FAIL_ON_LOADED,
					      options[0] ? options : NULL,
					      NULL, NULL, NULL);
	kmod_module_unref(mod);
	kmod_unref(ctx);
	if (ret < 0)
		return load_failed(-ret, options);
	if (ret > 0) {		/* blacklisted, or an install command refused */
		say("%s was not loaded: modprobe.d blacklists it or its install command failed",
		    CTL_MODULE);
		return CTL_EXIT_FAILED;
	}
	read_text(SYS_MODULE "/version", version, sizeof(version), false);
	read_text(SYS_DEVICE "/backend", backend, sizeof(backend), false);
	printf("%s loaded: version %s, backend %s\n", CTL_MODULE, version, backend);
	return CTL_EXIT_OK;
}

static int cmd_unload(void)
{
	struct kmod_module *mod;
	struct kmod_ctx *ctx;
	int ret;

	if (!module_loaded())
		return not_loaded();
	ctx = kmod_open();
	if (!ctx)
		return CTL_EXIT_FAILED;
	ret = kmod_module_new_from_name(ctx, CTL_MODULE, &mod);
	if (!ret) {
		ret = kmod_module_remove_module(mod, 0);
		kmod_module_unref(mod);
	}
	kmod_unref(ctx);
	if (!ret) {
		printf("%s unloaded\n", CTL_MODULE);
		return CTL_EXIT_OK;
	}
	if (ret == -EBUSY || ret == -EAGAIN)
		say("%s is in use: close the enclaves on /dev/sgx2_edmm first (fuser -v /dev/sgx2_edmm)",
		    CTL_MODULE);
	else if (ret == -EPERM || ret == -EACCES)
		say("permission denied: unloading a module needs root (CAP_SYS_MODULE)");
	else
		say("unloading %s failed: %s", CTL_MODULE, strerror(-ret));
	return ctl_exit_for_errno(-ret, CTL_UNLOAD);
}

static int read_stats(struct ctl_stat *stats)
{
	char text[4096];
	int n;

	n = read_text(SYS_DEVICE "/stats", text, sizeof(text), true);
	if (n < 0)
		return n;
	return ctl_stats_parse(text, stats, MAX_STATS);
}

static int filter_params(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static void print_cpu(void)
{
	uint32_t max = 0, l7[4] = { 0 }, l12[4] = { 0 }, b, c, d;
	struct ctl_cpu cpu;

	__cpuid(0, max, b, c, d);
	if (max >= 7)
		__cpuid_count(7, 0, l7[0], l7[1], l7[2], l7[3]);
	if (max >= 0x12)
		__cpuid_count(0x12, 0, l12[0], l12[1], l12[2], l12[3]);
	ctl_cpu_decode(max, l7, l12, &cpu);
	printf("cpu:            SGX %s, SGX1 %s, SGX2 %s, launch control %s",
	       cpu.sgx ? "yes" : "no", cpu.sgx1 ? "yes" : "no",
	       cpu.sgx2 ? "yes" : "no", cpu.sgx_lc ? "yes" : "no");
	if (cpu.max_enclave_size_64)
		printf(", enclaves up to 2^%u bytes", cpu.max_enclave_size_64);
	putchar('\n');
}

static int cmd_status(void)
{
	char version[64] = "?", backend[16] = "?", path[512], value[256];
	struct ctl_stat stats[MAX_STATS];
	struct dirent **names;
	long long used, budget, total;
	int i, n, err;

	print_cpu();
	printf("in-kernel SGX:  %s\n", !access("/dev/sgx_enclave", F_OK) ?
	       "/dev/sgx_enclave present" : "no /dev/sgx_enclave");
	if (!module_loaded()) {
		printf("module:         %s not loaded\n", CTL_MODULE);
		return CTL_EXIT_NOT_LOADED;
	}
	read_text(SYS_MODULE "/version", version, sizeof(version), false);
	read_text(SYS_DEVICE "/backend", backend, sizeof(backend), false);
	printf("module:         %s loaded, version %s, backend %s\n", CTL_MODULE,
	       version, backend);

	n = scandir(SYS_PARAMS, &names, filter_params, alphasort);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), SYS_PARAMS "/%s", names[i]->d_name);
		err = read_text(path, value, sizeof(value), false);
		if (err)
			snprintf(value, sizeof(value), "(unreadable: %s)",
				 strerror(-err));
		printf("parameter:      %s = %s\n", names[i]->d_name, value);
		free(names[i]);
	}
	if (n >= 0)
		free(names);

	n = read_stats(stats);
	if (n < 0) {
		printf("EPC:            (no counters: %s)\n", strerror(-n));
		return CTL_EXIT_OK;
	}
	used = ctl_stat_value(stats, n, "epc_pages");
	budget = total = -1;
	if (!read_text(SYS_PARAMS "/epc_budget_pages", value, sizeof(value), false))
		budget = atoll(value);
	if (!read_text(SYS_PARAMS "/epc_total_pages", value, sizeof(value), false))
		total = atoll(value);
	printf("EPC:            %lld pages in use, budget %lld of %lld pages\n",
	       used, budget, total);
	return CTL_EXIT_OK;
}

static int cmd_stats(const struct ctl_cmd *cmd)
{
	struct ctl_stat stats[MAX_STATS];
	int n;

	if (!module_loaded())
		return not_loaded();
	n = read_stats(stats);
	if (n < 0) {
		say("cannot read %s/stats: %s", SYS_DEVICE,
		    n == -EINVAL ? "malformed" : strerror(-n));
		return ctl_exit_for_errno(-n, CTL_STATS);
	}
	ctl_stats_print(stdout, stats, n, cmd->json);
	return CTL_EXIT_OK;
}

static int cmd_policy(const struct ctl_cmd *cmd)
{
	char value[64];
	int ret;

	if (!module_loaded())
		return not_loaded();
	if (cmd->sub == CTL_POLICY_GET) {
		ret = read_text(SYS_PARAMS "/batch_policy", value, sizeof(value),
				false);
		if (!ret)
			printf("%s\n", value);
	} else {
		ret = write_text(SYS_PARAMS "/batch_policy", cmd->policy);
		if (!ret)
			printf("batch_policy = %s (new enclaves)\n", cmd->policy);
	}
	if (!ret)
		return CTL_EXIT_OK;
	if (ret == -EPERM || ret == -EACCES)
		say("permission denied: setting the policy needs root");
	else
		say("%s batch_policy: %s", cmd->sub == CTL_POLICY_GET ? "reading" :
		    "setting", strerror(-ret));
	return ctl_exit_for_errno(-ret, cmd->sub);
}

int main(int argc, char **argv)
{
	struct ctl_cmd cmd;
	char err[256];

	if (ctl_parse(argc, argv, &cmd, err, sizeof(err))) {
		say("%s", err);
		return CTL_EXIT_USAGE;
	}
	switch (cmd.sub) {
	case CTL_HELP:
		ctl_usage(stdout);
		return CTL_EXIT_OK;
	case CTL_VERSION:
		printf("sgx2-edmmctl %s\n", SGX2_EDMMCTL_VERSION);
		return CTL_EXIT_OK;
	case CTL_LOAD:
		return cmd_load(&cmd);
	case CTL_UNLOAD:
		return cmd_unload();
	case CTL_STATUS:
		return cmd_status();
	case CTL_STATS:
		return cmd_stats(&cmd);
	case CTL_POLICY_GET:
	case CTL_POLICY_SET:
		return cmd_policy(&cmd);
	}
	return CTL_EXIT_USAGE;
}
