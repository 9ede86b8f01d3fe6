// SPDX-License-Identifier: GPL-2.0
/*
 * check_edmmctl.c - sgx2-edmmctl's pure half (tools/sgx2-edmmctl/ctl.c):
 * command lines, module options, exit codes, the stats file, output
 * formats and the CPUID bits.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include "ctl.h"

#define MAX_ARGS 8

struct parse_row {
	const char *argv[MAX_ARGS];	/* after the program name, NULL-ended */
	int ret;
	enum ctl_sub sub;
	const char *backend, *policy, *epc_budget;
	long fault_around;
	bool json;
	const char *err;		/* a substring of the message */
};

static const struct parse_row parse_table[] = {
	{ { NULL }, CTL_EXIT_USAGE, .err = "no command" },
	{ { "--help" }, 0, CTL_HELP, .fault_around = -1 },
	{ { "-h" }, 0, CTL_HELP, .fault_around = -1 },
	{ { "load", "--bogus", "--help" }, 0, CTL_HELP, .fault_around = -1 },
	{ { "--version" }, 0, CTL_VERSION, .fault_around = -1 },
	{ { "--version", "x" }, CTL_EXIT_USAGE, .err = "no arguments" },
	{ { "load" }, 0, CTL_LOAD, .fault_around = -1 },
	{ { "load", "--backend=hw", "--policy=chunk:16", "--fault-around=8",
	    "--epc-budget=50%" },
	  0, CTL_LOAD, .backend = "hw", .policy = "chunk:16",
	  .epc_budget = "50%", .fault_around = 8 },
	{ { "load", "--backend", "sim", "--policy", "per_page",
	    "--fault-around", "0" },
	  0, CTL_LOAD, .backend = "sim", .policy = "per_page",
	  .fault_around = 0 },
	{ { "load", "--backend=auto" }, 0, CTL_LOAD, .backend = "auto",
	  .fault_around = -1 },
	{ { "load", "--backend=kvm" }, CTL_EXIT_USAGE, .err = "auto, hw or sim" },
	{ { "load", "--backend" }, CTL_EXIT_USAGE, .err = "needs a value" },
	{ { "load", "--backends=hw" }, CTL_EXIT_USAGE, .err = "unknown option" },
	{ { "load", "--policy=chunk:0" }, CTL_EXIT_USAGE, .err = "chunk:N" },
	{ { "load", "--policy=chunk:65537" }, CTL_EXIT_USAGE, .err = "chunk:N" },
	{ { "load", "--policy=per_range\n" }, CTL_EXIT_USAGE, .err = "chunk:N" },
	{ { "load", "--fault-around=257" }, CTL_EXIT_USAGE, .err = "0-256" },
	{ { "load", "--fault-around=-1" }, CTL_EXIT_USAGE, .err = "0-256" },
	{ { "load", "--fault-around=8x" }, CTL_EXIT_USAGE, .err = "0-256" },
	{ { "load", "--fault-around=" }, CTL_EXIT_USAGE, .err = "0-256" },
	{ { "load", "--fault-around=256" }, 0, CTL_LOAD, .fault_around = 256 },
	{ { "load", "--epc-budget=0" }, CTL_EXIT_USAGE, .err = "P%" },
	{ { "load", "--epc-budget=101%" }, CTL_EXIT_USAGE, .err = "P%" },
	{ { "load", "--epc-budget=4096" }, 0, CTL_LOAD, .epc_budget = "4096",
	  .fault_around = -1 },
	{ { "load", "hw" }, CTL_EXIT_USAGE, .err = "unknown option 'hw'" },
	{ { "unload" }, 0, CTL_UNLOAD, .fault_around = -1 },
	{ { "unload", "now" }, CTL_EXIT_USAGE, .err = "unexpected argument" },
	{ { "status" }, 0, CTL_STATUS, .fault_around = -1 },
	{ { "status", "--json" }, CTL_EXIT_USAGE, .err = "unexpected argument" },
	{ { "stats" }, 0, CTL_STATS, .fault_around = -1 },
	{ { "stats", "--json" }, 0, CTL_STATS, .fault_around = -1, .json = true },
	{ { "stats", "--xml" }, CTL_EXIT_USAGE, .err = "unknown option" },
	{ { "policy" }, 0, CTL_POLICY_GET, .fault_around = -1 },
	{ { "policy", "get" }, 0, CTL_POLICY_GET, .fault_around = -1 },
	{ { "policy", "get", "x" }, CTL_EXIT_USAGE, .err = "'get' or 'set P'" },
	{ { "policy", "set", "chunk:64" }, 0, CTL_POLICY_SET,
	  .policy = "chunk:64", .fault_around = -1 },
	{ { "policy", "set" }, CTL_EXIT_USAGE, .err = "one policy" },
	{ { "policy", "set", "per_page", "x" }, CTL_EXIT_USAGE, .err = "one policy" },
	{ { "policy", "set", "fast" }, CTL_EXIT_USAGE, .err = "chunk:N" },
	{ { "policy", "show" }, CTL_EXIT_USAGE, .err = "'get' or 'set P'" },
	{ { "frobnicate" }, CTL_EXIT_USAGE, .err = "unknown command 'frobnicate'" },
};

static bool str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

START_TEST(test_parse)
{
	const struct parse_row *r = &parse_table[_i];
	char *argv[MAX_ARGS + 1] = { "sgx2-edmmctl" };
	struct ctl_cmd cmd;
	char err[256];
	int argc = 1, ret;

	while (argc <= MAX_ARGS && r->argv[argc - 1]) {
		argv[argc] = (char *)r->argv[argc - 1];
		argc++;
	}
	ret = ctl_parse(argc, argv, &cmd, err, sizeof(err));
	ck_assert_int_eq(ret, r->ret);
	if (ret) {
		ck_assert_msg(strstr(err, r->err), "row %d: message '%s' lacks '%s'",
			      _i, err, r->err);
		return;
	}
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(cmd.sub, r->sub);
	ck_assert_msg(str_same(cmd.backend, r->backend), "row %d: backend", _i);
	ck_assert_msg(str_same(cmd.policy, r->policy), "row %d: policy", _i);
	ck_assert_msg(str_same(cmd.epc_budget, r->epc_budget), "row %d: budget", _i);
	ck_assert_int_eq(cmd.fault_around, r->fault_around);
	ck_assert_int_eq(cmd.json, r->json);
}
END_TEST

START_TEST(test_load_options)
{
	struct ctl_cmd cmd = { .sub = CTL_LOAD, .fault_around = -1 };
	char buf[128];

	ck_assert_int_eq(ctl_load_options(&cmd, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");

	cmd.fault_around = 0;
	ck_assert_int_eq(ctl_load_options(&cmd, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "fault_around=0");

	cmd.backend = "hw";
	cmd.policy = "chunk:16";
	cmd.fault_around = 256;
	cmd.epc_budget = "75%";
	ck_assert_int_eq(ctl_load_options(&cmd, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "backend=hw batch_policy=chunk:16 fault_around=256 epc_budget=75%");

	/* Too small: an error, never a truncated option. */
	ck_assert_int_eq(ctl_load_options(&cmd, buf, 20), -ENOSPC);
	ck_assert_int_eq(ctl_load_options(&cmd, buf, 0), -ENOSPC);
	ck_assert_int_eq(ctl_load_options(&cmd, buf, 11), -ENOSPC);
	cmd.policy = NULL;
	cmd.fault_around = -1;
	cmd.epc_budget = NULL;
	ck_assert_int_eq(ctl_load_options(&cmd, buf, 11), 0);
	ck_assert_str_eq(buf, "backend=hw");
}
END_TEST

START_TEST(test_exit_codes)
{
	ck_assert_int_eq(ctl_exit_for_errno(EPERM, CTL_LOAD), CTL_EXIT_PERM);
	ck_assert_int_eq(ctl_exit_for_errno(EACCES, CTL_POLICY_SET), CTL_EXIT_PERM);
	ck_assert_int_eq(ctl_exit_for_errno(ENOENT, CTL_LOAD), CTL_EXIT_NOT_FOUND);
	ck_assert_int_eq(ctl_exit_for_errno(ENOENT, CTL_STATS), CTL_EXIT_NOT_LOADED);
	ck_assert_int_eq(ctl_exit_for_errno(EEXIST, CTL_LOAD), CTL_EXIT_LOADED);
	ck_assert_int_eq(ctl_exit_for_errno(EEXIST, CTL_UNLOAD), CTL_EXIT_FAILED);
	ck_assert_int_eq(ctl_exit_for_errno(ENODEV, CTL_LOAD), CTL_EXIT_FAILED);
	ck_assert_int_eq(ctl_exit_for_errno(EBUSY, CTL_UNLOAD), CTL_EXIT_FAILED);
	ck_assert_int_eq(ctl_exit_for_errno(EINVAL, CTL_POLICY_SET), CTL_EXIT_FAILED);
	/* The documented numbers (sgx2-edmmctl(8)) never move. */
	ck_assert_int_eq(CTL_EXIT_OK, 0);
	ck_assert_int_eq(CTL_EXIT_FAILED, 1);
	ck_assert_int_eq(CTL_EXIT_USAGE, 2);
	ck_assert_int_eq(CTL_EXIT_NOT_LOADED, 3);
	ck_assert_int_eq(CTL_EXIT_PERM, 4);
	ck_assert_int_eq(CTL_EXIT_NOT_FOUND, 5);
	ck_assert_int_eq(CTL_EXIT_LOADED, 6);
}
END_TEST

START_TEST(test_stats_parse)
{
	struct ctl_stat s[4];

	ck_assert_int_eq(ctl_stats_parse("", s, 4), 0);
	ck_assert_int_eq(ctl_stats_parse("epc_pages 12\neaug 0\nioctl_ns -3\n",
					 s, 4), 3);
	ck_assert_str_eq(s[0].name, "epc_pages");
	ck_assert_int_eq(s[0].value, 12);
	ck_assert_str_eq(s[2].name, "ioctl_ns");
	ck_assert_int_eq(s[2].value, -3);
	ck_assert_int_eq(ctl_stat_value(s, 3, "eaug"), 0);
	ck_assert_int_eq(ctl_stat_value(s, 3, "ioctl_ns"), -3);
	ck_assert_int_eq(ctl_stat_value(s, 3, "nope"), -1);
	ck_assert_int_eq(ctl_stats_parse("a 9223372036854775807\n", s, 4), 1);
	ck_assert_int_eq(s[0].value, 9223372036854775807LL);

	ck_assert_int_eq(ctl_stats_parse("a 1\nb 2\nc 3\n", s, 2), -E2BIG);
	ck_assert_int_eq(ctl_stats_parse("a 1", s, 4), -EINVAL);	/* no \n */
	ck_assert_int_eq(ctl_stats_parse("a  1\n", s, 4), -EINVAL);
	ck_assert_int_eq(ctl_stats_parse("A 1\n", s, 4), -EINVAL);
	ck_assert_int_eq(ctl_stats_parse(" 1\n", s, 4), -EINVAL);
	ck_assert_int_eq(ctl_stats_parse("a\n", s, 4), -EINVAL);
	ck_assert_int_eq(ctl_stats_parse("a x\n", s, 4), -EINVAL);
	ck_assert_int_eq(ctl_stats_parse("a 1x\n", s, 4), -EINVAL);
	ck_assert_int_eq(ctl_stats_parse("a +1\n", s, 4), -EINVAL);
	ck_assert_int_eq(ctl_stats_parse("a 99999999999999999999\n", s, 4),
			 -EINVAL);
	ck_assert_int_eq(ctl_stats_parse("a\"b 1\n", s, 4), -EINVAL);
	ck_assert_int_eq(ctl_stats_parse(
		"abcdefghijabcdefghijabcdefghijab 1\n", s, 4), -EINVAL);
	ck_assert_int_eq(ctl_stats_parse(
		"abcdefghijabcdefghijabcdefghija 1\n", s, 4), 1);
}
END_TEST

static char *print_to_string(const struct ctl_stat *s, int n, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ctl_stats_print(f, s, n, json);
	fclose(f);
	return buf;
}

START_TEST(test_stats_print)
{
	const struct ctl_stat s[] = { { "epc_pages", 3 }, { "ioctl_ns", -1 } };
	char *out;

	out = print_to_string(s, 2, false);
	ck_assert_str_eq(out, "epc_pages            3\nioctl_ns             -1\n");
	free(out);
	out = print_to_string(s, 2, true);
	ck_assert_str_eq(out, "{\n  \"epc_pages\": 3,\n  \"ioctl_ns\": -1\n}\n");
	free(out);
	out = print_to_string(s, 0, true);
	ck_assert_str_eq(out, "{}\n");
	free(out);
	out = print_to_string(s, 0, false);
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

START_TEST(test_cpu_decode)
{
	/* leaf 7: EBX bit 2 SGX, ECX bit 30 SGX_LC; leaf 0x12: EAX bits 0-1, EDX[15:8] */
	const uint32_t l7_sgx_lc[4] = { 0, 1u << 2, 1u << 30, 0 };
	const uint32_t l7_none[4] = { 0, ~(1u << 2), ~(1u << 30), 0 };
	const uint32_t l12_both[4] = { 3, 0, 0, 0x2400 };
	const uint32_t l12_sgx1[4] = { 1, 0, 0, 0x2400 };
	struct ctl_cpu c;

	ctl_cpu_decode(0x1f, l7_sgx_lc, l12_both, &c);
	ck_assert(c.sgx && c.sgx_lc && c.sgx1 && c.sgx2);
	ck_assert_uint_eq(c.max_enclave_size_64, 36);
	ctl_cpu_decode(0x1f, l7_sgx_lc, l12_sgx1, &c);
	ck_assert(c.sgx && c.sgx1 && !c.sgx2);
	/* No SGX bit: leaf 0x12 means nothing. */
	ctl_cpu_decode(0x1f, l7_none, l12_both, &c);
	ck_assert(!c.sgx && !c.sgx_lc && !c.sgx1 && !c.sgx2);
	ck_assert_uint_eq(c.max_enclave_size_64, 0);
	/* Leaves beyond the maximum are not there. */
	ctl_cpu_decode(0x11, l7_sgx_lc, l12_both, &c);
	ck_assert(c.sgx && c.sgx_lc && !c.sgx1 && !c.sgx2);
	ctl_cpu_decode(6, l7_sgx_lc, l12_both, &c);
	ck_assert(!c.sgx && !c.sgx_lc);
}
END_TEST

Suite *edmmctl_suite(void)
{
	Suite *s = suite_create("edmmctl");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_parse, 0,
			    sizeof(parse_table) / sizeof(parse_table[0]));
	tcase_add_test(tc, test_load_options);
	tcase_add_test(tc, test_exit_codes);
	tcase_add_test(tc, test_stats_parse);
	tcase_add_test(tc, test_stats_print);
	tcase_add_test(tc, test_cpu_decode);
	suite_add_tcase(s, tc);
	return s;
}
