// SPDX-License-Identifier: GPL-2.0
/*
 * enclave_test.c - the test enclave on /dev/sgx2_edmm, kselftest style:
 * the runner.  The fixture is tenc.c; the tests are in enclave_sgx1.c (lifecycle,
 * mappings, entry path, ENCLU leaves), enclave_sgx2.c (SGX2 page
 * operations), enclave_extras.c and enclave_debug.c (debug access).
 *
 * Every test builds a fresh enclave from the ELF named on the command line
 * (tests/enclave/test_encl.elf, signed at build time) and enters it through
 * one entry function: __vdso_sgx_enter_enclave on hardware, the sim
 * runtime's otherwise (tests/runtime).  The test code is the same on both;
 * checks of the sim's ENCLU counters are skipped on hardware.
 *
 * Usage: enclave_test ENCLAVE.elf [TEST-NAME-PREFIX...]
 * Environment: ENCLAVE_TEST_HEAP_PERCENT (trim_remove_heap's share of the
 * sim's EPC, default 50).
 * Output: TAP, one line per test (per row for table tests), with "# "
 * diagnostics.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "enclave_test.h"

static int tap_n, tap_failed;

/* ---- runner ------------------------------------------------------------- */

bool row(bool ok, const char *test, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - enclave: %s: ", ok ? "" : "not ", ++tap_n, test);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok) {
		printf("# %s\n", fail_msg[0] ? fail_msg : "(no message)");
		tap_failed++;
	}
	fail_msg[0] = '\0';
	fflush(stdout);
	return ok;
}

/*
 * A test gets a fresh enclave (setup) unless it sets up its own; the runner
 * tears it down whatever happened.  A table test prints its own lines.
 * @todo marks a test that fails because of a known module bug.
 */
struct test {
	const char *name;
	bool (*fn)(struct tenc *t);
	bool own_setup;
	bool table;
	const char *todo;
};

#define TEST(n, f)	{ .name = n, .fn = f }
#define TABLE(n, f)	{ .name = n, .fn = f, .table = true }
#define OWN(n, f)	{ .name = n, .fn = f, .own_setup = true }
#define OWN_TABLE(n, f)	{ .name = n, .fn = f, .own_setup = true, .table = true }

static const struct test tests[] = {
	/* SGX1: entry path (mainline selftests) */
	TEST("nop_both_tcs", t_nop_both_tcs),
	TEST("unclobbered_vdso_buffer", t_buffer),
	TEST("clobbered_vdso", t_clobbered_vdso),
	TEST("clobbered_vdso_and_user_function",
	     t_clobbered_vdso_and_user_function),
	TEST("user_handler_exception", t_user_handler_exception),
	TABLE("user_handler_return", t_user_handler_return),
	TEST("pte_permissions", t_pte_permissions),
	/* SGX1: lifecycle errno */
	OWN_TABLE("create_errors", t_create_errors),
	TABLE("add_pages_errors", t_add_pages_errors),
	TABLE("init_errors", t_init_errors),
	OWN("init_wrong_mrenclave", t_init_wrong_mrenclave),
	TABLE("provision_errors", t_provision_errors),
	TABLE("mmap_rules", t_mmap_rules),
	TEST("fork", t_fork),
	TEST("two_enclaves", t_two_enclaves),
	/* ENCLU leaves through the runtime, with the module's counters */
	TEST("enclu_eenter_eexit", t_enclu_eenter_eexit),
	TEST("enclu_eresume", t_enclu_eresume),
	TEST("enclu_eaccept", t_enclu_eaccept),
	TEST("enclu_eacceptcopy", t_enclu_eacceptcopy),
	TEST("enclu_emodpe", t_enclu_emodpe),
	/* SGX2 (mainline selftests) */
	TEST("tcs_permissions", t_tcs_permissions),
	TEST("epcm_permissions", t_epcm_permissions),
	TEST("augment", t_augment),
	TEST("augment_via_eaccept", t_augment_via_eaccept),
	TEST("tcs_create", t_tcs_create),
	TEST("remove_added_page_no_eaccept", t_remove_added_page_no_eaccept),
	TEST("remove_added_page_invalid_access",
	     t_remove_added_page_invalid_access),
	TEST("remove_added_page_invalid_access_after_eaccept",
	     t_remove_added_page_invalid_access_after_eaccept),
	TEST("remove_untouched_page", t_remove_untouched_page),
	/* SGX2: ours */
	TABLE("sgx2_ioctl_errors", t_sgx2_ioctl_errors),
	TABLE("sgx2_partial_copy_back", t_sgx2_partial_copy_back),
	TEST("modify_types_tcs_needs_write", t_modify_types_tcs_needs_write),
	TEST("augment_pages", t_augment_pages),
	TEST("augment_pages_eacceptcopy", t_augment_pages_eacceptcopy),
	TEST("augment_pages_overlap", t_augment_pages_overlap),
	OWN("augment_pages_exhaustion", t_augment_pages_exhaustion),
	TEST("policy_per_page", t_policy_per_page),
	TEST("policy_chunk16", t_policy_chunk16),
	TEST("policy_per_range", t_policy_per_range),
	OWN("trim_remove_heap", t_trim_remove_heap),
	TEST("concurrent_restrict_trim", t_concurrent_restrict_trim),
#ifdef ENCL_OP_SPIN
	TEST("concurrent_spinning_inside", t_concurrent_spinning_inside),
	TEST("fault_around", t_fault_around),
	TEST("fault_around_descending", t_fault_around_descending),
	TEST("fault_around_random", t_fault_around_random),
	TEST("fault_around_waste", t_fault_around_waste),
	TEST("willneed_madvise", t_willneed_madvise),
	TEST("willneed_fadvise", t_willneed_fadvise),
	TEST("inject_etrack", t_inject_etrack),
	TEST("inject_conflict_mid_range", t_inject_conflict_mid_range),
	TEST("inject_eaug_willneed", t_inject_eaug_willneed),
	TEST("trace_batches", t_trace_batches),
	TEST("sysfs_stats", t_sysfs_stats),
	/* review findings */
	TEST("mremap_refused", t_mremap_refused),
	TEST("fork_child_after_remove", t_fork_child_after_remove),
	TEST("modify_types_retry_trim", t_modify_types_retry_trim),
	TEST("modify_types_retry_tcs", t_modify_types_retry_tcs),
	OWN("willneed_sdk_reservation", t_willneed_sdk_reservation),
	TEST("zap_before_track", t_zap_before_track),
	TEST("first_write_faults", t_first_write_faults),
	TEST("added_ahead_faults", t_added_ahead_faults),
#endif
	OWN_TABLE("budget_param", t_budget_param),
	OWN_TABLE("budget_full", t_budget_full),
	/* DEBUG enclaves through /proc/self/mem (EDBGRD/EDBGWR) */
	OWN("debug_proc_mem", t_debug_proc_mem),
	OWN("debug_proc_mem_refusals", t_debug_proc_mem_refusals),
	TEST("nondebug_proc_mem", t_nondebug_proc_mem),
};

static bool selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc <= 2)
		return true;
	for (i = 2; i < argc; i++)
		if (!strncmp(name, argv[i], strlen(argv[i])))
			return true;
	return false;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long epc_start, epc_end;
	struct tenc t;
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ENCLAVE.elf [TEST...]\n", argv[0]);
		return 2;
	}
	elf_path = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);

	epc_start = global_epc_pages();
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		const struct test *ts = &tests[i];
		int before = tap_n;
		double t0;
		bool ok;

		if (!selected(ts->name, argc, argv))
			continue;
		fail_msg[0] = '\0';
		skip_msg[0] = '\0';
		memset(&t, 0, sizeof(t));
		t.fd = -1;
		t0 = now_s();
		ok = (ts->own_setup || tenc_setup(&t)) && ts->fn(&t);
		tenc_teardown(&t);
		if (ts->table && tap_n > before) {
			printf("# %s: %.1f s\n", ts->name, now_s() - t0);
			continue;
		}
		printf("%sok %d - enclave: %s", ok ? "" : "not ", ++tap_n,
		       ts->name);
		if (ts->todo)
			printf(" # TODO %s", ts->todo);
		else if (ok && skip_msg[0])
			printf(" # SKIP %s", skip_msg);
		putchar('\n');
		if (!ok) {
			printf("# %s\n", fail_msg[0] ? fail_msg : "(no message)");
			if (!ts->todo)
				tap_failed++;
		}
		printf("# %s: %.1f s\n", ts->name, now_s() - t0);
	}
	/* Every test tore its enclave down: every EPC page came back. */
	epc_end = global_epc_pages();
	printf("%sok %d - enclave: EPC page count back to %ld (now %ld)\n",
	       epc_end == epc_start ? "" : "not ", ++tap_n, epc_start, epc_end);
	if (epc_end != epc_start)
		tap_failed++;
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
