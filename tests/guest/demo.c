// SPDX-License-Identifier: GPL-2.0
/*
 * demo.c - the product in one run (make demo): an enclave grows its heap
 * with AUGMENT_PAGES and with page faults, restricts a range, trims it and
 * removes it; once under mainline's per_page tracking and once under
 * per_range, with the counters side by side.
 *
 * Usage: demo ENCLAVE.elf [PAGES]
 * Output: "# " lines (the story and the table), then TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "enclave_test.h"

enum { S_AUGMENT, S_FAULT, S_RESTRICT, S_TRIM, S_REMOVE, NSTEPS };
static const char *const step_names[NSTEPS] = {
	"grow: AUGMENT_PAGES + EACCEPT", "grow: EACCEPT, EAUG on fault",
	"RESTRICT_PERMISSIONS to R", "MODIFY_TYPES to TRIM + EACCEPT",
	"REMOVE_PAGES",
};
static const enum sgx2_stat shown[] = {
	SGX2_STAT_EAUG, SGX2_STAT_EAUG_FAULTS, SGX2_STAT_EMODPR,
	SGX2_STAT_EMODT, SGX2_STAT_EREMOVE, SGX2_STAT_ETRACK,
	SGX2_STAT_IPI_ROUNDS,
};
static const char *const shown_names[] = {
	"EAUG", "faults", "EMODPR", "EMODT", "EREMOVE", "ETRACK", "IPIs",
};
#define NSHOWN	(sizeof(shown) / sizeof(shown[0]))

struct run {
	uint64_t delta[NSTEPS][NSHOWN];
	double ms[NSTEPS];
	bool ok[NSTEPS];
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int ioc(struct tenc *t, unsigned long cmd, void *arg)
{
	return ioctl(t->fd, cmd, arg) ? -errno : 0;
}

static bool run_policy(uint32_t policy, unsigned long half, struct run *r)
{
	unsigned long n = 2 * half;
	uint64_t before[NSHOWN];
	struct tenc t;
	double t0;
	size_t i;
	int s;

	if (!tenc_setup_dyn(&t, n, true)) {
		printf("# setup failed: %s\n", fail_msg);
		tenc_teardown(&t);
		return false;
	}
	ioc_set_policy(&t, policy, 0);

	for (s = 0; s < NSTEPS; s++) {
		struct sgx2_enclave_augment_pages ap = {
			.offset = off_of(&t, t.heap), .length = half * PAGE,
		};
		struct sgx2_enclave_restrict_permissions rp = {
			.offset = off_of(&t, t.heap), .length = n * PAGE,
			.permissions = SGX2_SECINFO_R,
		};
		struct sgx2_enclave_modify_types mt = {
			.offset = off_of(&t, t.heap), .length = n * PAGE,
			.page_type = SGX2_PAGE_TYPE_TRIM,
		};
		struct sgx2_enclave_remove_pages rm = {
			.offset = off_of(&t, t.heap), .length = n * PAGE,
		};

		for (i = 0; i < NSHOWN; i++)
			before[i] = encl_stat(&t, shown[i]);
		t0 = now_ms();
		switch (s) {
		case S_AUGMENT:
			r->ok[s] = !ioc(&t, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap) &&
				   eaccept_range(&t, 0, t.heap, half, SI_PENDING_RW);
			break;
		case S_FAULT:
			r->ok[s] = eaccept_range(&t, 0, heap_page(&t, half), half,
						 SI_PENDING_RW);
			break;
		case S_RESTRICT:
			r->ok[s] = !ioc(&t, SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &rp) &&
				   eaccept_range(&t, 0, t.heap, n, SI_RESTRICTED_R);
			break;
		case S_TRIM:
			r->ok[s] = !ioc(&t, SGX2_IOC_ENCLAVE_MODIFY_TYPES, &mt) &&
				   eaccept_range(&t, 0, t.heap, n, SI_TRIMMED);
			break;
		case S_REMOVE:
			r->ok[s] = !ioc(&t, SGX2_IOC_ENCLAVE_REMOVE_PAGES, &rm) &&
				   rm.count == n * PAGE;
			break;
		}
		r->ms[s] = now_ms() - t0;
		for (i = 0; i < NSHOWN; i++)
			r->delta[s][i] = encl_stat(&t, shown[i]) - before[i];
	}
	tenc_teardown(&t);
	return true;
}

static void print_run(const char *name, const struct run *r)
{
	size_t i;
	int s;

	printf("# %-34s", name);
	for (i = 0; i < NSHOWN; i++)
		printf(" %8s", shown_names[i]);
	printf(" %9s\n", "ms");
	for (s = 0; s < NSTEPS; s++) {
		printf("#   %-32s", step_names[s]);
		for (i = 0; i < NSHOWN; i++)
			printf(" %8llu", (unsigned long long)r->delta[s][i]);
		printf(" %9.1f%s\n", r->ms[s], r->ok[s] ? "" : "  FAILED");
	}
}

int main(int argc, char **argv)
{
	unsigned long half = argc > 2 ? strtoul(argv[2], NULL, 0) : 256;
	struct run pp = { 0 }, pr = { 0 };
	bool ok;
	int s;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ENCLAVE.elf [PAGES]\n", argv[0]);
		return 2;
	}
	elf_path = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);

	printf("# An enclave grows its heap by %lu pages with AUGMENT_PAGES and %lu\n"
	       "# more by EACCEPT on unbacked pages (EAUG on fault), restricts all %lu\n"
	       "# to read-only, trims them and removes them: first with mainline's\n"
	       "# per_page tracking, then with per_range.  Counters are the enclave's.\n#\n",
	       half, half, 2 * half);

	ok = run_policy(SGX2_POLICY_PER_PAGE, half, &pp) &&
	     run_policy(SGX2_POLICY_PER_RANGE, half, &pr);
	print_run("per_page (mainline)", &pp);
	print_run("per_range", &pr);
	printf("#\n# RESTRICT: %llu ETRACKs and %llu IPI rounds per_page, %llu and %llu per_range.\n",
	       (unsigned long long)pp.delta[S_RESTRICT][5],
	       (unsigned long long)pp.delta[S_RESTRICT][6],
	       (unsigned long long)pr.delta[S_RESTRICT][5],
	       (unsigned long long)pr.delta[S_RESTRICT][6]);

	for (s = 0; s < NSTEPS; s++)
		ok &= pp.ok[s] && pr.ok[s];
	printf("%sok 1 - demo: every step succeeded under both policies\n",
	       ok ? "" : "not ");
	ok &= pr.delta[S_RESTRICT][5] == 1 && pp.delta[S_RESTRICT][5] == 2 * half;
	printf("%sok 2 - demo: per_range tracked the range with one ETRACK, per_page with one per page\n",
	       pr.delta[S_RESTRICT][5] == 1 &&
	       pp.delta[S_RESTRICT][5] == 2 * half ? "" : "not ");
	printf("1..2\n");
	return ok ? 0 : 1;
}
