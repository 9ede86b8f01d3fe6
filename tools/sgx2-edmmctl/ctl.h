/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctl.h - the pure half of sgx2-edmmctl: command-line parsing, the
 * module's counters and options, the CPU's SGX bits, and the output
 * formats.  No system calls: the Check tests (tests/unit/check_edmmctl.c)
 * compile ctl.c as it is.
 */
#ifndef SGX2_EDMMCTL_CTL_H
#define SGX2_EDMMCTL_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CTL_MODULE	"sgx2_edmm"

/*
 * Exit codes (sgx2-edmmctl(8), EXIT STATUS).  Each names what a sysadmin
 * does next.
 */
enum ctl_exit {
	CTL_EXIT_OK		= 0,
	CTL_EXIT_FAILED		= 1,	/* the kernel refused; see the message and dmesg */
	CTL_EXIT_USAGE		= 2,	/* bad command line */
	CTL_EXIT_NOT_LOADED	= 3,	/* the module is not loaded */
	CTL_EXIT_PERM		= 4,	/* needs root (or CAP_SYS_MODULE) */
	CTL_EXIT_NOT_FOUND	= 5,	/* no module built for this kernel */
	CTL_EXIT_LOADED		= 6,	/* load: the module is already loaded */
};

enum ctl_sub {
	CTL_HELP,
	CTL_VERSION,
	CTL_LOAD,
	CTL_UNLOAD,
	CTL_STATUS,
	CTL_STATS,
	CTL_POLICY_GET,
	CTL_POLICY_SET,
};

/**
 * struct ctl_cmd - a parsed command line
 * @sub:		the subcommand
 * @backend:		load: --backend (NULL: modprobe.d's or the default)
 * @policy:		load: --policy; policy set: the policy
 * @epc_budget:		load: --epc-budget
 * @fault_around:	load: --fault-around, or -1
 * @json:		stats: --json
 */
struct ctl_cmd {
	enum ctl_sub sub;
	const char *backend;
	const char *policy;
	const char *epc_budget;
	long fault_around;
	bool json;
};

int ctl_parse(int argc, char *const argv[], struct ctl_cmd *cmd, char *err,
	      size_t errlen);
int ctl_load_options(const struct ctl_cmd *cmd, char *buf, size_t len);
int ctl_exit_for_errno(int err, enum ctl_sub sub);

/**
 * struct ctl_stat - one counter of /sys/class/misc/sgx2_edmm/stats
 * @name:	its name
 * @value:	its value
 */
struct ctl_stat {
	char name[32];
	long long value;
};

int ctl_stats_parse(const char *text, struct ctl_stat *stats, int max);
void ctl_stats_print(FILE *out, const struct ctl_stat *stats, int n,
		     bool json);
long long ctl_stat_value(const struct ctl_stat *stats, int n,
			 const char *name);

/**
 * struct ctl_cpu - the CPU's SGX support, from CPUID
 * @sgx:		CPUID.(EAX=7,ECX=0):EBX[2]
 * @sgx_lc:		CPUID.(EAX=7,ECX=0):ECX[30], launch control
 * @sgx1:		CPUID.(EAX=0x12,ECX=0):EAX[0]
 * @sgx2:		CPUID.(EAX=0x12,ECX=0):EAX[1]
 * @max_enclave_size_64: log2 of the largest 64-bit enclave, EDX[15:8]
 */
struct ctl_cpu {
	bool sgx, sgx_lc, sgx1, sgx2;
	unsigned int max_enclave_size_64;
};

void ctl_cpu_decode(uint32_t max_leaf, const uint32_t leaf7[4],
		    const uint32_t leaf12[4], struct ctl_cpu *cpu);
void ctl_usage(FILE *out);

#endif /* SGX2_EDMMCTL_CTL_H */
