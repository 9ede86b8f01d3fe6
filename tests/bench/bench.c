// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - what batching buys: SGX2 range operations per policy, and the
 * three ways of adding pages, measured side by side in one guest run.
 *
 * Method (README "Benchmark"):
 * - One enclave per size N; a second thread sits inside it on TCS 1
 *   (ENCL_OP_SPIN) the whole time, so every tracking IPI has a logical
 *   processor to interrupt, as with a busy multi-threaded enclave.
 * - RESTRICT_PERMISSIONS, MODIFY_TYPES(TRIM) and REMOVE_PAGES over N
 *   pages, for per_page (mainline's algorithm), chunk:16 and per_range, on
 *   the same enclave in the same run.  Timed with CLOCK_MONOTONIC around
 *   the ioctl; ETRACKs and IPI rounds from the enclave's counters.
 * - Adding N pages: EACCEPT on unbacked pages (EAUG on fault, mainline's
 *   path) and AUGMENT_PAGES followed by EACCEPT.  Under the sim every EACCEPT is itself a kernel round trip
 *   (the SIGILL runtime), so the EAUG work is also reported on its own:
 *   the fault path's time minus the EACCEPT-only time of the AUGMENT run,
 *   against the AUGMENT_PAGES ioctl alone.
 * - Fault-around 16, EACCEPTing N pages in ascending (Gramine) and in
 *   descending (Intel SGX SDK) order, each in an enclave of its own:
 *   EAUG faults and enclave entries per page, time per page, pages added
 *   by fault-around and those of them never touched (waste, counted at
 *   teardown, read from the module-wide counter).
 * - The driver's memory per enclave page: the growth of the kernel's slab
 *   (/proc/meminfo Slab) across AUGMENT_PAGES of the largest N, divided by
 *   N (page records and page-array nodes; the EPC pages themselves and the
 *   simulated EPCM are not driver memory).
 * - Absolute times under QEMU TCG mean little; ratios from the same run
 *   do.  Each figure is one measurement (large N average over N pages).
 *
 * Output: "# bench: " lines (the table) and TAP lines for the targets of
 * the issue, so `make bench` can keep the table and show the verdicts.
 * Usage: bench ENCLAVE.elf [MAX_PAGES]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "enclave_test.h"

static const unsigned long sizes[] = { 1, 16, 256, 4096, 16384 };
#define NSIZES	(sizeof(sizes) / sizeof(sizes[0]))

static const struct {
	const char *name;
	uint32_t policy, chunk;
} policies[] = {
	{ "per_page", SGX2_POLICY_PER_PAGE, 0 },
	{ "chunk:16", SGX2_POLICY_CHUNK, 16 },
	{ "per_range", SGX2_POLICY_PER_RANGE, 0 },
};
#define NPOL	3

enum { OP_RESTRICT, OP_TRIM, OP_REMOVE, NOPS };
static const char *const op_names[NOPS] = { "restrict", "trim", "remove" };

struct cell {
	double ns;
	uint64_t etrack, ipi;
	bool ok;
};

static struct cell res[NOPS][NSIZES][NPOL];
static int tap_n, tap_failed;

static void tap(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - bench: ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		tap_failed++;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ---- the thread inside the enclave --------------------------------------- */

struct spinner {
	struct tenc *t;
	pthread_t thread;
	volatile uint64_t stop;
	uint64_t entries;
};

static void *spin_main(void *arg)
{
	struct spinner *s = arg;
	struct encl_op_spin op = {
		{ ENCL_OP_SPIN }, .stop_addr = (uint64_t)&s->stop,
	};
	struct sgx2_enclave_run run;

	sgx2_runtime_thread_init();
	sgx2_runtime_use_fd(s->t->fd);
	while (!s->stop) {
		memset(&run, 0, sizeof(run));
		run.tcs = tcs_addr(s->t, 1);
		call_enclave((unsigned long)&op, 0, 0, SGX2_EENTER, 0, 0, &run,
			     s->t->enter);
		s->entries++;
	}
	sgx2_runtime_thread_fini();
	return NULL;
}

static void spin_start(struct spinner *s, struct tenc *t)
{
	s->t = t;
	s->stop = 0;
	s->entries = 0;
	pthread_create(&s->thread, NULL, spin_main, s);
	usleep(20000);	/* let it get inside */
}

static void spin_stop(struct spinner *s)
{
	s->stop = 1;
	pthread_join(s->thread, NULL);
}

/* ---- helpers ------------------------------------------------------------- */

static int ioc(struct tenc *t, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(t->fd, cmd, arg);
	} while (ret && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

static bool add_pages(struct tenc *t, uint64_t addr, unsigned long n)
{
	struct sgx2_enclave_augment_pages ap = {
		.offset = off_of(t, addr), .length = n * PAGE,
	};

	return !ioc(t, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap) &&
	       eaccept_range(t, 0, addr, n, SI_PENDING_RW);
}

static long slab_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long kb = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* Time one range ioctl; fill the cell with time and tracking counters. */
static void timed(struct tenc *t, unsigned long cmd, void *arg,
		  struct cell *c)
{
	uint64_t e0 = encl_stat(t, SGX2_STAT_ETRACK);
	uint64_t i0 = encl_stat(t, SGX2_STAT_IPI_ROUNDS);
	double t0 = now_ns();

	c->ok = !ioc(t, cmd, arg);
	c->ns = now_ns() - t0;
	c->etrack = encl_stat(t, SGX2_STAT_ETRACK) - e0;
	c->ipi = encl_stat(t, SGX2_STAT_IPI_ROUNDS) - i0;
}

/* ---- SGX2 range operations per policy ------------------------------------ */

static void bench_ranges(int si)
{
	unsigned long n = sizes[si];
	struct spinner sp;
	struct tenc t;
	int p;

	if (!tenc_setup_dyn(&t, n, true)) {
		tap(false, "setup for %lu pages: %s", n, fail_msg);
		tenc_teardown(&t);
		return;
	}
	spin_start(&sp, &t);

	for (p = 0; p < NPOL; p++) {
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

		if (!add_pages(&t, t.heap, n)) {
			tap(false, "adding %lu pages", n);
			break;
		}
		ioc_set_policy(&t, policies[p].policy, policies[p].chunk);

		timed(&t, SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &rp,
		      &res[OP_RESTRICT][si][p]);
		timed(&t, SGX2_IOC_ENCLAVE_MODIFY_TYPES, &mt,
		      &res[OP_TRIM][si][p]);
		if (!eaccept_range(&t, 0, t.heap, n, SI_TRIMMED)) {
			tap(false, "EACCEPT of %lu trimmed pages", n);
			break;
		}
		timed(&t, SGX2_IOC_ENCLAVE_REMOVE_PAGES, &rm,
		      &res[OP_REMOVE][si][p]);
	}

	spin_stop(&sp);
	tenc_teardown(&t);
}

/* ---- adding pages ------------------------------------------------------- */

enum { ADD_FAULT, ADD_AUGMENT, NADD };
static const char *const add_names[NADD] = {
	"fault+EACCEPT", "AUGMENT+EACCEPT",
};

struct add_cell {
	double ns;		/* whole path */
	double eaug_ns;		/* the EAUG part (see the method) */
	uint64_t faults;	/* EAUG faults (user-kernel fault round trips) */
	uint64_t ioctls;	/* AUGMENT_PAGES calls */
	bool ok;
};

static struct add_cell adds[NADD][NSIZES];
static double slab_per_page = -1;

static void bench_adds(int si)
{
	unsigned long n = sizes[si];
	struct add_cell *c;
	struct spinner sp;
	struct tenc t;
	static const int order[NADD] = { ADD_AUGMENT, ADD_FAULT };
	uint64_t f0, base;
	double t0, t1;
	long s0, s1;
	int a, i;

	if (!tenc_setup_dyn(&t, NADD * n, true)) {
		tap(false, "setup for %lu pages: %s", n, fail_msg);
		tenc_teardown(&t);
		return;
	}
	spin_start(&sp, &t);

	for (i = 0; i < NADD; i++) {
		a = order[i];
		c = &adds[a][si];
		base = heap_page(&t, i * n);
		ioc_set_policy(&t, SGX2_POLICY_PER_RANGE, 0);
		f0 = encl_stat(&t, SGX2_STAT_EAUG_FAULTS);
		t0 = now_ns();
		if (a == ADD_AUGMENT) {
			struct sgx2_enclave_augment_pages ap = {
				.offset = off_of(&t, base), .length = n * PAGE,
			};

			s0 = slab_kb();
			c->ok = !ioc(&t, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap);
			t1 = now_ns();
			s1 = slab_kb();
			c->ioctls = 1;
			c->eaug_ns = t1 - t0;
			if (si == NSIZES - 1 && s0 >= 0 && s1 >= 0)
				slab_per_page = (s1 - s0) * 1024.0 / n;
		}
		c->ok = eaccept_range(&t, 0, base, n, SI_PENDING_RW) &&
			(a != ADD_AUGMENT || c->ok);
		c->ns = now_ns() - t0;
		c->faults = encl_stat(&t, SGX2_STAT_EAUG_FAULTS) - f0;
	}
	/* EAUG work of the fault path: total minus EACCEPT-only time. */
	adds[ADD_FAULT][si].eaug_ns = adds[ADD_FAULT][si].ns -
		(adds[ADD_AUGMENT][si].ns - adds[ADD_AUGMENT][si].eaug_ns);

	spin_stop(&sp);
	tenc_teardown(&t);
}

/* ---- fault-around in both orders ----------------------------------------- */

#define FA_PAGES	16

enum { FA_UP, FA_DOWN, NFA };
static const char *const fa_names[NFA] = { "ascending", "descending" };

struct fa_cell {
	double ns;		/* EACCEPT of the N pages, faults included */
	uint64_t faults;	/* EAUG faults */
	uint64_t entries;	/* enclave entries (EENTER) */
	uint64_t around;	/* pages added by fault-around */
	uint64_t waste;		/* of those, never touched (at teardown) */
	bool ok;
};

static struct fa_cell fas[NFA][NSIZES];

static bool global_waste(uint64_t *v)
{
	int fd = open(SGX2_EDMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	struct stsnap g;
	bool ok;

	if (fd < 0)
		return false;
	ok = snap_fd(fd, true, &g);
	close(fd);
	if (ok)
		*v = g.v[SGX2_STAT_FAULT_AROUND_WASTE];
	return ok;
}

static void bench_fault_around(int si, int dir)
{
	struct sgx2_enclave_policy pol = {
		.policy = SGX2_POLICY_PER_RANGE, .fault_around = FA_PAGES,
	};
	struct fa_cell *c = &fas[dir][si];
	unsigned long n = sizes[si], i;
	uint64_t f0, e0, w0 = 0, w1 = 0;
	struct spinner sp;
	struct tenc t;
	double t0;
	bool ok;

	if (!tenc_setup_dyn(&t, n, true)) {
		tap(false, "setup for %lu pages: %s", n, fail_msg);
		tenc_teardown(&t);
		return;
	}
	spin_start(&sp, &t);
	ok = !ioc(&t, SGX2_IOC_ENCLAVE_SET_POLICY, &pol);
	f0 = encl_stat(&t, SGX2_STAT_EAUG_FAULTS);
	e0 = encl_stat(&t, SGX2_STAT_EENTER);
	t0 = now_ns();
	for (i = 0; i < n && ok; i++)
		ok = eaccept(&t, 0, heap_page(&t, dir == FA_UP ? i : n - 1 - i),
			     SI_PENDING_RW) == 0;
	c->ns = now_ns() - t0;
	c->faults = encl_stat(&t, SGX2_STAT_EAUG_FAULTS) - f0;
	c->entries = encl_stat(&t, SGX2_STAT_EENTER) - e0;
	c->around = encl_stat(&t, SGX2_STAT_FAULT_AROUND_PAGES);
	spin_stop(&sp);
	ok &= global_waste(&w0);
	tenc_teardown(&t);
	ok &= global_waste(&w1);
	c->waste = w1 - w0;
	c->ok = ok;
}

/* ---- report -------------------------------------------------------------- */

static void report(void)
{
	int o, s, p, a;

	printf("# bench: SGX2 range operations (time per page, ETRACKs and IPI rounds per call)\n");
	printf("# bench: %-9s %6s | %-28s | %-28s | %-28s | per_page/per_range\n",
	       "op", "pages", "per_page", "chunk:16", "per_range");
	for (o = 0; o < NOPS; o++) {
		for (s = 0; s < (int)NSIZES; s++) {
			printf("# bench: %-9s %6lu", op_names[o], sizes[s]);
			for (p = 0; p < NPOL; p++) {
				struct cell *c = &res[o][s][p];

				printf(" | %9.1f us %6llu %6llu%s",
				       c->ns / 1e3 / sizes[s],
				       (unsigned long long)c->etrack,
				       (unsigned long long)c->ipi,
				       c->ok ? " " : "!");
			}
			printf(" | %6.1fx\n", res[o][s][2].ns > 0 ?
			       res[o][s][0].ns / res[o][s][2].ns : 0);
		}
	}

	printf("# bench: adding pages (time per page; EAUG part per page; EAUG faults; AUGMENT ioctls)\n");
	for (a = 0; a < NADD; a++)
		for (s = 0; s < (int)NSIZES; s++) {
			struct add_cell *c = &adds[a][s];

			printf("# bench: %-24s %6lu | %9.1f us | EAUG %9.1f us | faults %6llu | ioctls %llu%s\n",
			       add_names[a], sizes[s], c->ns / 1e3 / sizes[s],
			       c->eaug_ns / 1e3 / sizes[s],
			       (unsigned long long)c->faults,
			       (unsigned long long)c->ioctls, c->ok ? "" : " !");
		}
	printf("# bench: fault-around %d, EACCEPT order (time per page; EAUG faults and enclave entries per page; fault-around pages; waste)\n",
	       FA_PAGES);
	for (a = 0; a < NFA; a++)
		for (s = 0; s < (int)NSIZES; s++) {
			struct fa_cell *c = &fas[a][s];

			printf("# bench: %-10s %6lu | %9.1f us | faults %6.3f | entries %6.3f | fault-around %6llu | waste %4llu (%5.1f%%)%s\n",
			       fa_names[a], sizes[s], c->ns / 1e3 / sizes[s],
			       (double)c->faults / sizes[s],
			       (double)c->entries / sizes[s],
			       (unsigned long long)c->around,
			       (unsigned long long)c->waste,
			       c->around ? 100.0 * c->waste / c->around : 0.0,
			       c->ok ? "" : " !");
		}
	printf("# bench: driver memory per enclave page: %.1f bytes (slab growth over %lu pages)\n",
	       slab_per_page, sizes[NSIZES - 1]);
}

static void verdicts(void)
{
	int s, p, o, a;
	double r;

	/* ETRACK/IPI counts: per_page N, chunk:16 ceil(N/16), per_range 1. */
	for (o = OP_RESTRICT; o <= OP_TRIM; o++)
		for (s = 0; s < (int)NSIZES; s++) {
			unsigned long n = sizes[s];
			uint64_t want[NPOL] = { n, (n + 15) / 16, 1 };
			bool ok = true;

			for (p = 0; p < NPOL; p++)
				ok &= res[o][s][p].ok &&
				      res[o][s][p].etrack == want[p] &&
				      res[o][s][p].ipi == want[p];
			tap(ok, "%s of %lu pages: ETRACK+IPI rounds %llu/%llu/%llu (per_page/chunk:16/per_range), expected %llu/%llu/%llu",
			    op_names[o], n,
			    (unsigned long long)res[o][s][0].etrack,
			    (unsigned long long)res[o][s][1].etrack,
			    (unsigned long long)res[o][s][2].etrack,
			    (unsigned long long)want[0],
			    (unsigned long long)want[1],
			    (unsigned long long)want[2]);
		}

	r = res[OP_RESTRICT][3][2].ns > 0 ?
	    res[OP_RESTRICT][3][0].ns / res[OP_RESTRICT][3][2].ns : 0;
	tap(r >= 10, "RESTRICT of 4096 pages: per_range %.1fx faster than per_page (target >= 10x)", r);

	r = adds[ADD_AUGMENT][3].eaug_ns > 0 ?
	    adds[ADD_FAULT][3].eaug_ns / adds[ADD_AUGMENT][3].eaug_ns : 0;
	tap(r >= 5 && adds[ADD_FAULT][3].faults == sizes[3] &&
	    adds[ADD_AUGMENT][3].faults == 0,
	    "adding 4096 pages: AUGMENT_PAGES 1 ioctl vs %llu EAUG faults; EAUG work %.1fx cheaper per page (target >= 5x)",
	    (unsigned long long)adds[ADD_FAULT][3].faults, r);

	/* Either order: about one EAUG fault per window of FA_PAGES. */
	for (a = 0; a < NFA; a++)
		tap(fas[a][3].ok && fas[a][3].faults <= sizes[3] / 8,
		    "fault-around %d, %s EACCEPT of 4096 pages: %llu EAUG faults (target <= %lu), waste %llu pages",
		    FA_PAGES, fa_names[a], (unsigned long long)fas[a][3].faults,
		    sizes[3] / 8, (unsigned long long)fas[a][3].waste);

	tap(slab_per_page >= 0 && slab_per_page <= 48,
	    "driver tracking memory %.1f bytes per enclave page (target <= 48)",
	    slab_per_page);
}

int main(int argc, char **argv)
{
	unsigned long max = argc > 2 ? strtoul(argv[2], NULL, 0) : ~0UL;
	int s;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ENCLAVE.elf [MAX_PAGES]\n", argv[0]);
		return 2;
	}
	elf_path = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (s = 0; s < (int)NSIZES && sizes[s] <= max; s++) {
		bench_ranges(s);
		bench_adds(s);
		bench_fault_around(s, FA_UP);
		bench_fault_around(s, FA_DOWN);
		fprintf(stderr, "bench: %lu pages done\n", sizes[s]);
	}
	report();
	verdicts();
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
