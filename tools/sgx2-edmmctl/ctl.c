// SPDX-License-Identifier: GPL-2.0
/*
 * ctl.c - the pure half of sgx2-edmmctl (see ctl.h).
 *
 * Policies and budgets are checked by the module's own parsers
 * (src/core/policy.c, src/core/budget_spec.c, compiled in), so the tool
 * refuses exactly what the module would.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget_spec.h"
#include "policy.h"
#include "ctl.h"

static const char ctl_usage_text[] =
"Usage: sgx2-edmmctl COMMAND [OPTIONS]\n"
"\n"
"Manage the sgx2_edmm kernel module (SGX2 dynamic enclave memory).\n"
"\n"
"Commands:\n"
"  load [--backend=auto|hw|sim] [--policy=P] [--fault-around=N]\n"
"       [--epc-budget=SPEC]\n"
"                  load the module through libkmod, with the options of\n"
"                  modprobe.d(5) and these on top\n"
"  unload          unload the module (fails while enclaves are open)\n"
"  status          module, version, backend, parameters, the CPU's SGX\n"
"                  support, the in-kernel driver, EPC pages in use\n"
"  stats [--json]  the module-wide counters\n"
"  policy [get]    the batching policy of new enclaves\n"
"  policy set P    set it: per_page, per_range or chunk:N (1-65536)\n"
"\n"
"Options:\n"
"  -h, --help      this text\n"
"  --version       the tool's version\n"
"\n"
"Exit status: 0 success, 1 the kernel refused, 2 usage error, 3 module\n"
"not loaded, 4 permission denied, 5 no module for this kernel, 6 already\n"
"loaded.  See sgx2-edmmctl(8).\n";

/**
 * ctl_usage() - print the help text
 * @out:	where
 */
void ctl_usage(FILE *out)
{
	fputs(ctl_usage_text, out);
}

static __attribute__((format(printf, 3, 4)))
int ctl_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return CTL_EXIT_USAGE;
}

/*
 * "--name=value" or "--name value": the value of option @name at argv[*i]
 * (advancing *i past a separate value), or NULL if argv[*i] is not
 * @name.  *@missing is set when @name has no value.
 */
static const char *ctl_opt(int argc, char *const argv[], int *i,
			   const char *name, bool *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

static bool ctl_is_help(const char *a)
{
	return !strcmp(a, "-h") || !strcmp(a, "--help");
}

static int ctl_parse_load(int argc, char *const argv[], int i,
			  struct ctl_cmd *cmd, char *err, size_t errlen)
{
	struct sgx2_enclave_policy p;
	struct sgx2_budget_spec b;
	const char *v;
	char *end;

	for (; i < argc; i++) {
		bool missing = false;

		if ((v = ctl_opt(argc, argv, &i, "--backend", &missing))) {
			if (strcmp(v, "auto") && strcmp(v, "hw") && strcmp(v, "sim"))
				return ctl_fail(err, errlen,
						"--backend=%s: use auto, hw or sim", v);
			cmd->backend = v;
		} else if ((v = ctl_opt(argc, argv, &i, "--policy", &missing))) {
			if (sgx2_policy_parse(v, &p) || strchr(v, '\n'))
				return ctl_fail(err, errlen,
						"--policy=%s: use per_page, per_range or chunk:N (N 1-%u)",
						v, SGX2_POLICY_CHUNK_MAX);
			cmd->policy = v;
		} else if ((v = ctl_opt(argc, argv, &i, "--fault-around", &missing))) {
			errno = 0;
			cmd->fault_around = strtol(v, &end, 10);
			if (errno || end == v || *end || cmd->fault_around < 0 ||
			    cmd->fault_around > SGX2_FAULT_AROUND_MAX)
				return ctl_fail(err, errlen,
						"--fault-around=%s: a page count, 0-%u",
						v, SGX2_FAULT_AROUND_MAX);
		} else if ((v = ctl_opt(argc, argv, &i, "--epc-budget", &missing))) {
			if (sgx2_budget_parse(v, &b) || strchr(v, '\n'))
				return ctl_fail(err, errlen,
						"--epc-budget=%s: pages (N) or a percentage of the EPC (P%%)",
						v);
			cmd->epc_budget = v;
		} else if (missing) {
			return ctl_fail(err, errlen, "%s needs a value", argv[i]);
		} else {
			return ctl_fail(err, errlen, "load: unknown option '%s'",
					argv[i]);
		}
	}
	return 0;
}

/**
 * ctl_parse() - parse a command line
 * @argc:	argument count, the program name included
 * @argv:	the arguments
 * @cmd:	filled in
 * @err:	receives a message on a usage error
 * @errlen:	its size
 *
 * "-h"/"--help" anywhere asks for the help text (CTL_HELP).
 *
 * Return: 0, or CTL_EXIT_USAGE with @err set.
 */
int ctl_parse(int argc, char *const argv[], struct ctl_cmd *cmd, char *err,
	      size_t errlen)
{
	const char *sub;
	int i;

	memset(cmd, 0, sizeof(*cmd));
	cmd->fault_around = -1;
	if (errlen)
		err[0] = '\0';
	for (i = 1; i < argc; i++) {
		if (ctl_is_help(argv[i])) {
			cmd->sub = CTL_HELP;
			return 0;
		}
	}
	if (argc < 2)
		return ctl_fail(err, errlen, "no command (try --help)");

	sub = argv[1];
	if (!strcmp(sub, "--version")) {
		cmd->sub = CTL_VERSION;
		if (argc > 2)
			return ctl_fail(err, errlen, "--version takes no arguments");
		return 0;
	}
	if (!strcmp(sub, "load")) {
		cmd->sub = CTL_LOAD;
		return ctl_parse_load(argc, argv, 2, cmd, err, errlen);
	}
	if (!strcmp(sub, "unload") || !strcmp(sub, "status")) {
		cmd->sub = sub[0] == 'u' ? CTL_UNLOAD : CTL_STATUS;
		if (argc > 2)
			return ctl_fail(err, errlen, "%s: unexpected argument '%s'",
					sub, argv[2]);
		return 0;
	}
	if (!strcmp(sub, "stats")) {
		cmd->sub = CTL_STATS;
		for (i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--json"))
				return ctl_fail(err, errlen,
						"stats: unknown option '%s'", argv[i]);
			cmd->json = true;
		}
		return 0;
	}
	if (!strcmp(sub, "policy")) {
		struct sgx2_enclave_policy p;

		cmd->sub = CTL_POLICY_GET;
		if (argc == 2 || (argc == 3 && !strcmp(argv[2], "get")))
			return 0;
		if (strcmp(argv[2], "set"))
			return ctl_fail(err, errlen, "policy: use 'get' or 'set P'");
		if (argc != 4)
			return ctl_fail(err, errlen,
					"policy set: one policy: per_page, per_range or chunk:N");
		if (sgx2_policy_parse(argv[3], &p) || strchr(argv[3], '\n'))
			return ctl_fail(err, errlen,
					"policy set %s: use per_page, per_range or chunk:N (N 1-%u)",
					argv[3], SGX2_POLICY_CHUNK_MAX);
		cmd->sub = CTL_POLICY_SET;
		cmd->policy = argv[3];
		return 0;
	}
	return ctl_fail(err, errlen, "unknown command '%s' (try --help)", sub);
}

static int ctl_append(char *buf, size_t len, size_t *used, const char *name,
		      const char *value)
{
	int n = snprintf(buf + *used, len - *used, "%s%s=%s",
			 *used ? " " : "", name, value);

	if (n < 0 || (size_t)n >= len - *used)
		return -ENOSPC;
	*used += n;
	return 0;
}

/**
 * ctl_load_options() - the module options a load command line asks for
 * @cmd:	a parsed CTL_LOAD command
 * @buf:	receives "name=value ..." (empty when none was given), in the
 *		module's parameter names
 * @len:	its size
 *
 * Return: 0, or -ENOSPC when @buf is too small.
 */
int ctl_load_options(const struct ctl_cmd *cmd, char *buf, size_t len)
{
	char fa[24];
	size_t used = 0;
	int ret = 0;

	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	if (cmd->backend)
		ret = ctl_append(buf, len, &used, "backend", cmd->backend);
	if (!ret && cmd->policy)
		ret = ctl_append(buf, len, &used, "batch_policy", cmd->policy);
	if (!ret && cmd->fault_around >= 0) {
		snprintf(fa, sizeof(fa), "%ld", cmd->fault_around);
		ret = ctl_append(buf, len, &used, "fault_around", fa);
	}
	if (!ret && cmd->epc_budget)
		ret = ctl_append(buf, len, &used, "epc_budget", cmd->epc_budget);
	return ret;
}

/**
 * ctl_exit_for_errno() - the exit status for a failed operation
 * @err:	the positive errno it failed with
 * @sub:	the subcommand
 *
 * Return: an enum ctl_exit.
 */
int ctl_exit_for_errno(int err, enum ctl_sub sub)
{
	switch (err) {
	case EPERM:
	case EACCES:
		return CTL_EXIT_PERM;
	case ENOENT:
		return sub == CTL_LOAD ? CTL_EXIT_NOT_FOUND : CTL_EXIT_NOT_LOADED;
	case EEXIST:
		return sub == CTL_LOAD ? CTL_EXIT_LOADED : CTL_EXIT_FAILED;
	default:
		return CTL_EXIT_FAILED;
	}
}

static bool ctl_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/**
 * ctl_stats_parse() - parse the module's stats file
 * @text:	its contents: lines "name value", name [a-z0-9_], value a
 *		decimal integer
 * @stats:	receives the counters, in order
 * @max:	room in @stats
 *
 * Return: the number of counters, -EINVAL for a malformed line, -E2BIG
 * for more than @max.
 */
int ctl_stats_parse(const char *text, struct ctl_stat *stats, int max)
{
	const char *p = text;
	int n = 0;

	while (*p) {
		size_t len = 0;
		long long v;
		char *end;

		while (ctl_name_char(p[len]))
			len++;
		if (!len || len >= sizeof(stats->name) || p[len] != ' ')
			return -EINVAL;
		if (n == max)
			return -E2BIG;
		memcpy(stats[n].name, p, len);
		stats[n].name[len] = '\0';
		p += len + 1;
		if (!(*p == '-' || (*p >= '0' && *p <= '9')))
			return -EINVAL;
		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno || end == p || *end != '\n')
			return -EINVAL;
		stats[n++].value = v;
		p = end + 1;
	}
	return n;
}

/**
 * ctl_stats_print() - print counters
 * @out:	where
 * @stats:	the counters
 * @n:		how many
 * @json:	one JSON object (name: value) instead of aligned text
 */
void ctl_stats_print(FILE *out, const struct ctl_stat *stats, int n, bool json)
{
	int i;

	if (json)
		fputs("{", out);
	for (i = 0; i < n; i++) {
		if (json)
			fprintf(out, "%s\n  \"%s\": %lld", i ? "," : "",
				stats[i].name, stats[i].value);
		else
			fprintf(out, "%-20s %lld\n", stats[i].name, stats[i].value);
	}
	if (json)
		fputs(n ? "\n}\n" : "}\n", out);
}

/**
 * ctl_stat_value() - one counter by name
 * @stats:	the counters
 * @n:		how many
 * @name:	the counter
 *
 * Return: its value, or -1 when there is none of that name.
 */
long long ctl_stat_value(const struct ctl_stat *stats, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(stats[i].name, name))
			return stats[i].value;
	return -1;
}

/**
 * ctl_cpu_decode() - the CPU's SGX support from CPUID
 * @max_leaf:	CPUID.0:EAX
 * @leaf7:	EAX, EBX, ECX, EDX of CPUID.(EAX=7,ECX=0)
 * @leaf12:	EAX, EBX, ECX, EDX of CPUID.(EAX=0x12,ECX=0)
 * @cpu:	filled in; leaves above @max_leaf, and leaf 0x12 without the
 *		SGX bit, count as absent
 */
void ctl_cpu_decode(uint32_t max_leaf, const uint32_t leaf7[4],
		    const uint32_t leaf12[4], struct ctl_cpu *cpu)
{
	memset(cpu, 0, sizeof(*cpu));
	if (max_leaf < 7)
		return;
	cpu->sgx = leaf7[1] & (1u << 2);
	cpu->sgx_lc = leaf7[2] & (1u << 30);
	if (!cpu->sgx || max_leaf < 0x12)
		return;
	cpu->sgx1 = leaf12[0] & 1;
	cpu->sgx2 = leaf12[0] & 2;
	cpu->max_enclave_size_64 = (leaf12[3] >> 8) & 0xff;
}
