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
 *   do.  Small N are repeated (runs_for()) and each figure is the median
 *   of its runs, with the spread (max - min) of the runs beside it; large
 *   N are one run averaged over N pages.
 * - A derived figure is printed only when it stands out of the noise
 *   (else "noise"): the EAUG part of a fault path, a difference, only
 *   when it is positive and larger than the sum of the spreads of the
 *   three times it is computed from; the per_page/per_range ratio only
 *   when the ranges of the two times' runs do not overlap.  With one run
 *   the spread is not known ("runs 1" on the line).
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

/* Runs per size: repeat what is fast and noisy, not what is slow. */
#define MAX_RUNS	5
static int runs_for(unsigned long n)
{
	return n <= 16 ? 5 : n <= 4096 ? 3 : 1;
}

/* Median, minimum and maximum of some runs' times. */
struct runs {
	double med, lo, hi;
	int n;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static struct runs summarize(const double *v, int n)
{
	double sorted[MAX_RUNS];
	struct runs r = { 0, 0, 0, n };

	if (n <= 0)
		return r;
	memcpy(sorted, v, n * sizeof(*v));
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	r.lo = sorted[0];
	r.hi = sorted[n - 1];
	r.med = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	return r;
}

static double spread(const struct runs *r)
{
	return r->hi - r->lo;
}

enum { OP_RESTRICT, OP_TRIM, OP_REMOVE, NOPS };
static const char *const op_names[NOPS] = { "restrict", "trim", "remove" };

struct cell {
	struct runs ns;
	uint64_t etrack, ipi;
	bool ok;
};

static struct cell res[NOPS][NSIZES][NPOL];
static int tap_n, tap_failed;
static int nsizes_run;	/* sizes[0 .. nsizes_run - 1] were run (MAX_PAGES) */

static void tap(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A verdict on a size that MAX_PAGES left out. */
static void tap_not_run(const char *what)
{
	printf("ok %d - bench: %s # SKIP not run (MAX_PAGES)\n", ++tap_n, what);
}

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

/*
 * Time one range ioctl, run @run of the cell: its time goes to @ns[run];
 * the tracking counters must be the same in every run.
 */
static void timed(struct tenc *t, unsigned long cmd, void *arg,
		  struct cell *c, double *ns, int run)
{
	uint64_t e0 = encl_stat(t, SGX2_STAT_ETRACK);
	uint64_t i0 = encl_stat(t, SGX2_STAT_IPI_ROUNDS);
	double t0 = now_ns();
	uint64_t etrack, ipi;
	bool ok;

	ok = !ioc(t, cmd, arg);
	ns[run] = now_ns() - t0;
	etrack = encl_stat(t, SGX2_STAT_ETRACK) - e0;
	ipi = encl_stat(t, SGX2_STAT_IPI_ROUNDS) - i0;
	if (!run) {
		c->ok = ok;
		c->etrack = etrack;
		c->ipi = ipi;
	} else if (!ok || etrack != c->etrack || ipi != c->ipi) {
		c->ok = false;
	}
}

/* ---- SGX2 range operations per policy ------------------------------------ */

/* One run of the three range operations under policy @p, on @n pages. */
static bool range_run(struct tenc *t, int si, int p, int run,
		      double ns[NOPS][NPOL][MAX_RUNS])
{
	unsigned long n = sizes[si];
	struct sgx2_enclave_restrict_permissions rp = {
		.offset = off_of(t, t->heap), .length = n * PAGE,
		.permissions = SGX2_SECINFO_R,
	};
	struct sgx2_enclave_modify_types mt = {
		.offset = off_of(t, t->heap), .length = n * PAGE,
		.page_type = SGX2_PAGE_TYPE_TRIM,
	};
	struct sgx2_enclave_remove_pages rm = {
		.offset = off_of(t, t->heap), .length = n * PAGE,
	};

	if (!add_pages(t, t->heap, n)) {
		tap(false, "adding %lu pages", n);
		return false;
	}
	ioc_set_policy(t, policies[p].policy, policies[p].chunk);

	timed(t, SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &rp,
	      &res[OP_RESTRICT][si][p], ns[OP_RESTRICT][p], run);
	timed(t, SGX2_IOC_ENCLAVE_MODIFY_TYPES, &mt,
	      &res[OP_TRIM][si][p], ns[OP_TRIM][p], run);
	if (!eaccept_range(t, 0, t->heap, n, SI_TRIMMED)) {
		tap(false, "EACCEPT of %lu trimmed pages", n);
		return false;
	}
	timed(t, SGX2_IOC_ENCLAVE_REMOVE_PAGES, &rm,
	      &res[OP_REMOVE][si][p], ns[OP_REMOVE][p], run);
	return true;
}

static void bench_ranges(int si)
{
	unsigned long n = sizes[si];
	double ns[NOPS][NPOL][MAX_RUNS];
	int runs = runs_for(n), run;
	struct spinner sp;
	struct tenc t;
	int o, p;
	bool ok = true;

	if (!tenc_setup_dyn(&t, n, true)) {
		tap(false, "setup for %lu pages: %s", n, fail_msg);
		tenc_teardown(&t);
		return;
	}
	spin_start(&sp, &t);

	/* The policies take turns within each run, so drift hits all. */
	for (run = 0; ok && run < runs; run++)
		for (p = 0; ok && p < NPOL; p++)
			ok = range_run(&t, si, p, run, ns);
	if (!ok)
		run--;	/* the failed run does not count */

	for (o = 0; o < NOPS; o++)
		for (p = 0; p < NPOL; p++) {
			res[o][si][p].ns = summarize(ns[o][p], run);
			res[o][si][p].ok &= ok;
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
	struct runs ns;		/* whole path */
	struct runs eaug_ns;	/* the EAUG part (see the method) */
	bool eaug_noise;	/* eaug_ns is within the noise of its inputs */
	uint64_t faults;	/* EAUG faults (user-kernel fault round trips) */
	uint64_t ioctls;	/* AUGMENT_PAGES calls */
	bool ok;
};

static struct add_cell adds[NADD][NSIZES];
static double slab_per_page = -1;

/*
 * One run: a new enclave, each path adding @n pages to its own region.
 * Fills @ns (whole path) and @aug_ns (the AUGMENT_PAGES ioctl alone).
 */
static bool add_run(int si, int run, double ns[NADD][MAX_RUNS],
		    double *aug_ns)
{
	unsigned long n = sizes[si];
	struct add_cell *c;
	struct spinner sp;
	struct tenc t;
	static const int order[NADD] = { ADD_AUGMENT, ADD_FAULT };
	uint64_t faults, base;
	double t0, t1;
	long s0, s1;
	bool ok, all = true;
	int a, i;

	if (!tenc_setup_dyn(&t, NADD * n, true)) {
		tap(false, "setup for %lu pages: %s", n, fail_msg);
		tenc_teardown(&t);
		return false;
	}
	spin_start(&sp, &t);

	for (i = 0; i < NADD; i++) {
		a = order[i];
		c = &adds[a][si];
		base = heap_page(&t, i * n);
		ioc_set_policy(&t, SGX2_POLICY_PER_RANGE, 0);
		faults = encl_stat(&t, SGX2_STAT_EAUG_FAULTS);
		ok = true;
		t0 = now_ns();
		if (a == ADD_AUGMENT) {
			struct sgx2_enclave_augment_pages ap = {
				.offset = off_of(&t, base), .length = n * PAGE,
			};

			s0 = slab_kb();
			ok = !ioc(&t, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap);
			t1 = now_ns();
			s1 = slab_kb();
			aug_ns[run] = t1 - t0;
			if (si == NSIZES - 1 && s0 >= 0 && s1 >= 0)
				slab_per_page = (s1 - s0) * 1024.0 / n;
		}
		ok &= eaccept_range(&t, 0, base, n, SI_PENDING_RW);
		ns[a][run] = now_ns() - t0;
		faults = encl_stat(&t, SGX2_STAT_EAUG_FAULTS) - faults;
		/* Counters must not change from run to run. */
		if (!run) {
			c->faults = faults;
			c->ioctls = a == ADD_AUGMENT;
		} else if (faults != c->faults) {
			ok = false;
		}
		all &= ok;
	}

	spin_stop(&sp);
	tenc_teardown(&t);
	return all;
}

static void bench_adds(int si)
{
	double ns[NADD][MAX_RUNS], aug_ns[MAX_RUNS], eaug[MAX_RUNS];
	int runs = runs_for(sizes[si]), run, a, r;
	struct runs aug, aug_path;
	bool ok = true;

	for (run = 0; ok && run < runs; run++)
		ok = add_run(si, run, ns, aug_ns);
	if (!ok)
		run--;	/* the failed run does not count */

	aug = summarize(aug_ns, run);
	aug_path = summarize(ns[ADD_AUGMENT], run);
	for (a = 0; a < NADD; a++) {
		adds[a][si].ok = ok;
		adds[a][si].ns = summarize(ns[a], run);
	}
	adds[ADD_AUGMENT][si].eaug_ns = aug;

	/*
	 * EAUG work of the fault paths: the whole path minus the EACCEPT-only
	 * time of the AUGMENT run (its whole path minus its ioctl), per run.
	 * Below the sum of the spreads of those three times it is noise.
	 */
	for (a = ADD_FAULT; a < ADD_AUGMENT; a++) {
		struct add_cell *c = &adds[a][si];

		for (r = 0; r < run; r++)
			eaug[r] = ns[a][r] - (ns[ADD_AUGMENT][r] - aug_ns[r]);
		c->eaug_ns = summarize(eaug, run);
		c->eaug_noise = c->eaug_ns.med <= 0 ||
			(run > 1 && c->eaug_ns.med <= spread(&c->ns) +
			 spread(&aug_path) + spread(&aug));
	}
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

/* Is the ratio of the medians of @x and @y within their noise? */
static bool ratio_noise(const struct runs *x, const struct runs *y)
{
	if (x->med <= 0 || y->med <= 0)
		return true;
	return x->n > 1 && y->n > 1 && x->lo <= y->hi && y->lo <= x->hi;
}

static void report(void)
{
	int o, s, p, a;

	printf("# bench: SGX2 range operations (time per page: median of the runs; ETRACKs and IPI rounds per call; spread: (max - min) / median per policy)\n");
	printf("# bench: %-9s %6s | %-28s | %-28s | %-28s | per_page/per_range | runs, spread\n",
	       "op", "pages", "per_page", "chunk:16", "per_range");
	for (o = 0; o < NOPS; o++) {
		for (s = 0; s < nsizes_run; s++) {
			struct runs *pp = &res[o][s][0].ns;
			struct runs *pr = &res[o][s][2].ns;

			printf("# bench: %-9s %6lu", op_names[o], sizes[s]);
			for (p = 0; p < NPOL; p++) {
				struct cell *c = &res[o][s][p];

				printf(" | %9.1f us %6llu %6llu%s",
				       c->ns.med / 1e3 / sizes[s],
				       (unsigned long long)c->etrack,
				       (unsigned long long)c->ipi,
				       c->ok ? " " : "!");
			}
			if (ratio_noise(pp, pr))
				printf(" | %7s", "noise");
			else
				printf(" | %6.1fx", pp->med / pr->med);
			printf(" | runs %d", pp->n);
			for (p = 0; p < NPOL && pp->n > 1; p++) {
				struct runs *r = &res[o][s][p].ns;

				printf("%s%.0f%%", p ? "/" : ", ",
				       r->med > 0 ? 100 * spread(r) / r->med : 0);
			}
			putchar('\n');
		}
	}

	printf("# bench: adding pages (time per page: median of the runs; EAUG part per page; EAUG faults; AUGMENT ioctls; runs, spread of the whole path per page)\n");
	for (a = 0; a < NADD; a++)
		for (s = 0; s < nsizes_run; s++) {
			struct add_cell *c = &adds[a][s];

			printf("# bench: %-24s %6lu | %9.1f us | EAUG ",
			       add_names[a], sizes[s], c->ns.med / 1e3 / sizes[s]);
			if (c->eaug_noise)
				printf("%12s", "noise");
			else
				printf("%9.1f us", c->eaug_ns.med / 1e3 / sizes[s]);
			printf(" | faults %6llu | ioctls %llu | runs %d",
			       (unsigned long long)c->faults,
			       (unsigned long long)c->ioctls, c->ns.n);
			if (c->ns.n > 1)
				printf(", spread %.1f us",
				       spread(&c->ns) / 1e3 / sizes[s]);
			printf("%s\n", c->ok ? "" : " !");
		}
	printf("# bench: fault-around %d, EACCEPT order (time per page; EAUG faults and enclave entries per page; fault-around pages; waste)\n",
	       FA_PAGES);
	for (a = 0; a < NFA; a++)
		for (s = 0; s < nsizes_run; s++) {
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
	if (nsizes_run == NSIZES)
		printf("# bench: driver memory per enclave page: %.1f bytes (slab growth over %lu pages)\n",
		       slab_per_page, sizes[NSIZES - 1]);
}

static void verdicts(void)
{
	int s, p, o, a;
	double r;

	/* ETRACK/IPI counts: per_page N, chunk:16 ceil(N/16), per_range 1. */
	for (o = OP_RESTRICT; o <= OP_TRIM; o++)
		for (s = 0; s < nsizes_run; s++) {
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

	if (nsizes_run <= 3) {
		tap_not_run("RESTRICT of 4096 pages: per_range vs per_page");
		tap_not_run("adding 4096 pages: AUGMENT_PAGES vs EAUG faults");
	} else {
		r = ratio_noise(&res[OP_RESTRICT][3][0].ns,
				&res[OP_RESTRICT][3][2].ns) ? 0 :
		    res[OP_RESTRICT][3][0].ns.med / res[OP_RESTRICT][3][2].ns.med;
		tap(r >= 10, "RESTRICT of 4096 pages: per_range %.1fx faster than per_page (target >= 10x)", r);

		/* A fault path's EAUG part within the noise: no ratio (0). */
		r = adds[ADD_FAULT][3].eaug_noise ||
		    adds[ADD_AUGMENT][3].eaug_ns.med <= 0 ? 0 :
		    adds[ADD_FAULT][3].eaug_ns.med / adds[ADD_AUGMENT][3].eaug_ns.med;
		tap(r >= 5 && adds[ADD_FAULT][3].faults == sizes[3] &&
		    adds[ADD_AUGMENT][3].faults == 0,
		    "adding 4096 pages: AUGMENT_PAGES 1 ioctl vs %llu EAUG faults; EAUG work %.1fx cheaper per page (target >= 5x)",
		    (unsigned long long)adds[ADD_FAULT][3].faults, r);
	}

	/* Either order: about one EAUG fault per window of FA_PAGES. */
	for (a = 0; a < NFA; a++)
		if (nsizes_run <= 3)
			tap_not_run(a == FA_UP ?
				    "fault-around of 4096 pages, ascending" :
				    "fault-around of 4096 pages, descending");
		else
			tap(fas[a][3].ok && fas[a][3].faults <= sizes[3] / 8,
		    "fault-around %d, %s EACCEPT of 4096 pages: %llu EAUG faults (target <= %lu), waste %llu pages",
		    FA_PAGES, fa_names[a], (unsigned long long)fas[a][3].faults,
		    sizes[3] / 8, (unsigned long long)fas[a][3].waste);

	if (nsizes_run < (int)NSIZES) {
		tap_not_run("driver tracking memory over 16384 pages");
		return;
	}
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
		fprintf(stderr, "progress: %lu pages done\n", sizes[s]);
	}
	nsizes_run = s;
	report();
	verdicts();
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
