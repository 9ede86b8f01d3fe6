// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - SGX2 dynamic memory measured: the range operations under each
 * batching policy, and the ways of adding pages, on the backend loaded
 * (hw on the emulated SGX CPU, or sim); and the report that puts the runs
 * of both backends side by side.
 *
 *   bench ENCLAVE.elf [MAX_PAGES]  measure on the module loaded: data lines
 *                                  ("# bench-data: ...") and this run's
 *                                  report (tables and TAP verdicts)
 *   bench --report FILE...         one report of the data lines found in
 *                                  FILEs (the guest logs of one run per
 *                                  backend, in any order)
 *   bench --plot DIR FILE...       the same data as gnuplot tables in DIR
 *                                  (tests/bench/plots.gp draws them)
 *
 * Method, and which figures are TCG artefacts: tests/bench/README.md.  In
 * short:
 * - Range operations: one enclave per size N with a second thread spinning
 *   inside it on TCS 1, pinned to another vCPU (the measuring thread is on
 *   vCPU 0), so every tracking IPI interrupts an enclave thread; on the
 *   emulated CPU that is a real AEX, counted by the spinning thread itself
 *   (ENCL_OP_SPIN_AEX).  RESTRICT_PERMISSIONS, MODIFY_TYPES(TRIM) and
 *   REMOVE_PAGES over N pages for per_page, chunk:16, per_range and
 *   "untracked" (per_range in a bench build with bench_track=0: the same
 *   loop with no ETRACK and no IPI round, the limit of batching), taking
 *   turns within each run.  Timed around the ioctl; ETRACKs and IPI
 *   rounds from the enclave's counters.  per_page is not run above
 *   PER_PAGE_MAX pages.
 * - Adding N pages, each way in a new enclave: EACCEPT with EAUG on #PF,
 *   fault-around 16 EACCEPTing upwards and downwards, MADV_WILLNEED then
 *   EACCEPT, AUGMENT_PAGES then EACCEPT.  The EACCEPTs are one loop inside
 *   the enclave (ENCL_OP_EACCEPT_RANGE, one entry), as a runtime runs it.
 *   The floor is the EACCEPT loop alone on pages already added: the second
 *   part of the AUGMENT_PAGES way, timed on its own.  Then one write to
 *   each page (ENCL_OP_WRITE_RANGE): the faults of the first write.
 * - Kernel entries: system calls made (ioctl, madvise), page faults of the
 *   thread (ru_minflt, RUSAGE_THREAD; the module's own count beside it),
 *   and under the sim three per ENCLU (#UD, the SIM_ENCLU ioctl,
 *   rt_sigreturn).  On hw the run struct of the vDSO sees no AEX of a
 *   fault the kernel resolved (its AEP is an ERESUME), so an EAUG fault
 *   is counted as the fault it is: one AEX, one kernel entry, one ERESUME.
 * - Each time is the median of the runs, with their spread; ratios are of
 *   medians of the same run.  Runs: runs_for(), runs_cheap(), runs_add().
 *   Before anything is timed, a warm-up adds and removes the largest size.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "enclave_test.h"

#define DATA_TAG	"# bench-data: "

/* GPRSGX: the last 184 bytes of an SSA frame; RIP at 136 (SDM Vol. 3D). */
#define GPRSGX_SIZE	184
#define GPRSGX_RIP	136

static const unsigned long rsizes[] = { 1, 16, 256, 4096, 16384 };
#define NRS	(sizeof(rsizes) / sizeof(rsizes[0]))
static const unsigned long asizes[] = { 256, 4096, 16384 };
#define NAS	(sizeof(asizes) / sizeof(asizes[0]))
/* The size the targets of the issue name. */
#define TARGET_N	4096

enum { POL_PER_PAGE, POL_CHUNK, POL_PER_RANGE, POL_UNTRACKED, NPOL };
static const struct {
	const char *name;
	uint32_t policy, chunk;
} policies[NPOL] = {
	{ "per_page", SGX2_POLICY_PER_PAGE, 0 },
	{ "chunk:16", SGX2_POLICY_CHUNK, 16 },
	{ "per_range", SGX2_POLICY_PER_RANGE, 0 },
	{ "untracked", SGX2_POLICY_PER_RANGE, 0 },
};

enum { OP_RESTRICT, OP_TRIM, OP_REMOVE, NOPS };
static const char *const op_names[NOPS] = { "restrict", "trim", "remove" };

enum { ADD_FAULT, ADD_FA_UP, ADD_FA_DOWN, ADD_WILLNEED, ADD_AUGMENT, NADD };
static const char *const add_keys[NADD] = {
	"fault", "fa_up", "fa_down", "willneed", "augment",
};
static const char *const add_names[NADD] = {
	"EACCEPT, EAUG on #PF",
	"fault-around 16, ascending",
	"fault-around 16, descending",
	"MADV_WILLNEED + EACCEPT",
	"AUGMENT_PAGES + EACCEPT",
};
/* add_names without '#', which gnuplot reads as a comment. */
static const char *const add_plot_names[NADD] = {
	"EAUG on fault",
	"fault-around 16, up",
	"fault-around 16, down",
	"MADV_WILLNEED",
	"AUGMENT_PAGES",
};
#define FA_PAGES	16

/*
 * Runs per cell: what is cheap and noisy is repeated more.  per_page and
 * chunk:16 are slow (N or N/16 IPI rounds); per_range and untracked, the
 * pair a target compares, and the ways of adding pages are not.
 */
#define MAX_RUNS	11
static int runs_for(unsigned long n)
{
	return n <= 16 ? 5 : n <= 4096 ? 3 : 1;
}

static int runs_cheap(unsigned long n)
{
	return n <= 16 ? 7 : n <= 4096 ? 11 : 5;
}

/*
 * per_page above this size is not run: N IPI rounds per call, each a few
 * milliseconds under TCG (16384 pages: about 90 s per call and backend);
 * its cost per page is the 4096-page row's.
 */
#define PER_PAGE_MAX	4096

static int runs_add(unsigned long n)
{
	return n <= 4096 ? 7 : 3;
}

/* Median, minimum and maximum of some runs' times (ns). */
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

/* One range operation under one policy at one size. */
struct rcell {
	struct runs ns;
	uint64_t etrack, ipi;	/* per call (the same in every run) */
	uint64_t aex, cal, loc;	/* summed over the runs: spinner's vCPU */
	uint64_t ipi_all;	/* IPI rounds summed over the runs */
	bool ok, have;
};

/* One way of adding pages at one size. */
struct acell {
	struct runs ns;		/* whole path */
	struct runs prep;	/* the ioctl or madvise before the EACCEPTs */
	struct runs acc;	/* the EACCEPT loop */
	/* run 0: whole path, then the EACCEPT loop alone, then first write */
	uint64_t minflt, faults, eaug_faults, syscalls, enclu;
	uint64_t acc_minflt, acc_faults, acc_enclu;
	uint64_t fw_minflt, fw_faults, fw_enclu;
	uint64_t fa_pages, waste;
	bool ok, have;
};

struct result {
	char backend[8];
	char kernel[80];
	char cpu[16];		/* "sgx" when the CPU has SGX, else "no-sgx" */
	int ncpu;
	int pinned;		/* spinner on another vCPU than the caller */
	int bench_build;	/* the module has bench_track */
	long epc_pages, budget_pages;
	double slab_per_page;	/* driver memory per enclave page, bytes */
	struct rcell r[NOPS][NRS][NPOL];
	struct acell a[NADD][NAS];
	bool have;
};

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

static void tap_skip(const char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	printf("ok %d - bench: ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
}

/* ========================================================================
 * Measuring (in the guest)
 * ======================================================================== */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static bool pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return !sched_setaffinity(0, sizeof(set), &set);
}

static long minflt_thread(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return 0;
	return ru.ru_minflt + ru.ru_majflt;
}

/* Interrupts of one /proc/interrupts line (e.g. "CAL") on @cpu. */
static uint64_t irq_count(const char *label, int cpu)
{
	FILE *f = fopen("/proc/interrupts", "r");
	char line[4096], *p, *end;
	size_t len = strlen(label);
	uint64_t v = 0;
	int i;

	while (f && fgets(line, sizeof(line), f)) {
		p = line + strspn(line, " ");
		if (strncmp(p, label, len) || p[len] != ':')
			continue;
		p += len + 1;
		for (i = 0; i <= cpu; i++) {
			v = strtoull(p, &end, 10);
			if (end == p) {
				v = 0;
				break;
			}
			p = end;
		}
		break;
	}
	if (f)
		fclose(f);
	return v;
}

static bool param_exists(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), SYS_PARAM "%s", name);
	return !access(path, F_OK);
}

/* Without stdio: no allocation, no fault of the caller's own. */
static long slab_kb(void)
{
	static char buf[8192];
	int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
	ssize_t len;
	char *p;

	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	p = strstr(buf, "\nSlab:");
	return p ? strtol(p + 7, NULL, 10) : -1;
}

static bool cpu_has_sgx(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[4096];
	bool sgx = false;

	while (f && !sgx && fgets(line, sizeof(line), f))
		sgx = !strncmp(line, "flags", 5) && strstr(line, " sgx ");
	if (f)
		fclose(f);
	return sgx;
}

static int ioc(struct tenc *t, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(t->fd, cmd, arg);
	} while (ret && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

/* The enclave's ENCLU count under the sim (0 on hw: the CPU runs them). */
static uint64_t enclu_count(const struct stsnap *s)
{
	return s->v[SGX2_STAT_EENTER] + s->v[SGX2_STAT_ERESUME] +
	       s->v[SGX2_STAT_EEXIT] + s->v[SGX2_STAT_EACCEPT] +
	       s->v[SGX2_STAT_EACCEPTCOPY] + s->v[SGX2_STAT_EMODPE] +
	       s->v[SGX2_STAT_AEX];
}

/* What a thread's kernel entries and faults were at one moment. */
struct probe {
	struct stsnap st;
	long minflt;
};

static void probe(const struct tenc *t, struct probe *p)
{
	memset(&p->st, 0, sizeof(p->st));
	snap(t, &p->st);
	p->minflt = minflt_thread();
}

static uint64_t d_stat(const struct probe *a, const struct probe *b,
		       enum sgx2_stat i)
{
	return b->st.v[i] - a->st.v[i];
}

/* EACCEPT @n pages from @addr, @step bytes apart, in one entry. */
static bool accept_loop(struct tenc *t, uint64_t addr, unsigned long n,
			int64_t step, uint64_t flags)
{
	struct encl_op_eaccept_range op = {
		{ ENCL_OP_EACCEPT_RANGE }, .addr = addr, .pages = n,
		.step = step, .flags = flags, .ret = ~0ULL,
	};

	if (!exited(t, enter(t, 0, &op)) || op.ret || op.done != n) {
		snprintf(fail_msg, sizeof(fail_msg),
			 "EACCEPT loop at %#llx: %llu of %lu pages, code %#llx, function %u vector %u addr %#llx",
			 (unsigned long long)addr, (unsigned long long)op.done,
			 n, (unsigned long long)op.ret, t->run.function,
			 t->run.exception_vector,
			 (unsigned long long)t->run.exception_addr);
		return false;
	}
	return true;
}

static bool write_loop(struct tenc *t, uint64_t addr, unsigned long n)
{
	struct encl_op_write_range op = {
		{ ENCL_OP_WRITE_RANGE }, .addr = addr, .pages = n,
		.value = 0x5ec5ec,
	};

	return exited(t, enter(t, 0, &op));
}

/* ---- the thread inside the enclave --------------------------------------- */

struct spinner {
	struct tenc *t;
	pthread_t thread;
	volatile uint64_t stop;
	struct encl_op_spin_aex op;
	int cpu;		/* pinned there, or -1 */
};

static void *spin_main(void *arg)
{
	struct spinner *s = arg;
	struct sgx2_enclave_run run;

	if (s->cpu >= 0 && !pin_to(s->cpu))
		s->cpu = -1;
	sgx2_runtime_thread_init();
	sgx2_runtime_use_fd(s->t->fd);
	s->op.header.type = ENCL_OP_SPIN_AEX;
	s->op.stop_addr = (uint64_t)(uintptr_t)&s->stop;
	while (!s->stop) {
		memset(&run, 0, sizeof(run));
		run.tcs = tcs_addr(s->t, 1);
		call_enclave((unsigned long)&s->op, 0, 0, SGX2_EENTER, 0, 0,
			     &run, s->t->enter);
	}
	sgx2_runtime_thread_fini();
	return NULL;
}

static void spin_start(struct spinner *s, struct tenc *t, int cpu)
{
	memset(&s->op, 0, sizeof(s->op));
	s->t = t;
	s->stop = 0;
	s->cpu = cpu;
	/* TCS 1's SSA frame is the second page of encl_ssa (NSSA 1). */
	s->op.rip_addr = symbol_addr(t, ENCL_SYM_SSA) + 2 * PAGE -
			 GPRSGX_SIZE + GPRSGX_RIP;
	pthread_create(&s->thread, NULL, spin_main, s);
	usleep(50000);	/* let it get inside */
}

static uint64_t spin_aex(struct spinner *s)
{
	return __atomic_load_n(&s->op.aex, __ATOMIC_RELAXED);
}

static void spin_stop(struct spinner *s)
{
	s->stop = 1;
	pthread_join(s->thread, NULL);
}

/* ---- SGX2 range operations per policy ------------------------------------ */

static struct result me;
static bool untracked_ok;	/* a bench build: bench_track exists */

/* Time one range ioctl, run @run of cell @c: its time goes to @ns[run]. */
static void timed(struct tenc *t, struct spinner *sp, unsigned long cmd,
		  void *arg, struct rcell *c, double *ns, int run)
{
	uint64_t e0 = encl_stat(t, SGX2_STAT_ETRACK);
	uint64_t i0 = encl_stat(t, SGX2_STAT_IPI_ROUNDS);
	int cpu = sp->cpu >= 0 ? sp->cpu : 1;
	uint64_t cal0 = irq_count("CAL", cpu), loc0 = irq_count("LOC", cpu);
	uint64_t a0 = spin_aex(sp), etrack, ipi;
	double t0 = now_ns();
	bool ok;

	ok = !ioc(t, cmd, arg);
	ns[run] = now_ns() - t0;
	c->aex += spin_aex(sp) - a0;
	c->cal += irq_count("CAL", cpu) - cal0;
	c->loc += irq_count("LOC", cpu) - loc0;
	etrack = encl_stat(t, SGX2_STAT_ETRACK) - e0;
	ipi = encl_stat(t, SGX2_STAT_IPI_ROUNDS) - i0;
	c->ipi_all += ipi;
	if (!run) {
		c->ok = ok;
		c->etrack = etrack;
		c->ipi = ipi;
	} else if (!ok || etrack != c->etrack || ipi != c->ipi) {
		c->ok = false;
	}
}

static bool add_pages(struct tenc *t, uint64_t addr, unsigned long n)
{
	struct sgx2_enclave_augment_pages ap = {
		.offset = off_of(t, addr), .length = n * PAGE,
	};

	return !ioc(t, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap) &&
	       accept_loop(t, addr, n, PAGE, SI_PENDING_RW);
}

/* One run of the three range operations under policy @p, on @n pages. */
static bool range_run(struct tenc *t, struct spinner *sp, int si, int p,
		      int run, double ns[NOPS][NPOL][MAX_RUNS])
{
	unsigned long n = rsizes[si];
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
	bool untracked = p == POL_UNTRACKED;
	int err;

	if (!add_pages(t, t->heap, n)) {
		tap(false, "adding %lu pages: %s", n, fail_msg);
		return false;
	}
	ioc_set_policy(t, policies[p].policy, policies[p].chunk);

	if (untracked && (err = param_write("bench_track", "0"))) {
		tap(false, "bench_track=0: %s", strerror(-err));
		return false;
	}
	timed(t, sp, SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &rp,
	      &me.r[OP_RESTRICT][si][p], ns[OP_RESTRICT][p], run);
	timed(t, sp, SGX2_IOC_ENCLAVE_MODIFY_TYPES, &mt,
	      &me.r[OP_TRIM][si][p], ns[OP_TRIM][p], run);
	if (untracked) {
		/* Track the trimmed pages now, so that they can be accepted. */
		struct sgx2_enclave_modify_types again = {
			.offset = mt.offset, .length = mt.length,
			.page_type = mt.page_type,
		};
		int ret;

		if ((err = param_write("bench_track", "1"))) {
			tap(false, "bench_track=1: %s", strerror(-err));
			return false;
		}
		ret = ioc(t, SGX2_IOC_ENCLAVE_MODIFY_TYPES, &again);
		if (ret) {
			tap(false, "tracking %lu untracked TRIM pages: %s", n,
			    strerror(-ret));
			return false;
		}
	}
	if (!accept_loop(t, t->heap, n, PAGE, SI_TRIMMED)) {
		tap(false, "EACCEPT of %lu trimmed pages: %s", n, fail_msg);
		return false;
	}
	timed(t, sp, SGX2_IOC_ENCLAVE_REMOVE_PAGES, &rm,
	      &me.r[OP_REMOVE][si][p], ns[OP_REMOVE][p], run);
	return true;
}

static void bench_ranges(int si)
{
	unsigned long n = rsizes[si];
	double ns[NOPS][NPOL][MAX_RUNS];
	int runs = runs_for(n), run, o, p, npol, done[NPOL] = { 0 };
	struct spinner sp;
	struct tenc t;
	bool ok = true;

	if (!tenc_setup_dyn(&t, n, true)) {
		tap(false, "setup for %lu pages: %s", n, fail_msg);
		tenc_teardown(&t);
		return;
	}
	spin_start(&sp, &t, me.ncpu > 1 ? 1 : -1);
	me.pinned = sp.cpu >= 0;

	/*
	 * The policies take turns within each run, so drift hits all; the
	 * cheap ones have more runs (runs_cheap()) after the slow ones'.
	 */
	npol = untracked_ok ? NPOL : POL_UNTRACKED;
	for (run = 0; ok && run < runs_cheap(n); run++)
		for (p = 0; ok && p < npol; p++) {
			if ((p < POL_PER_RANGE && run >= runs) ||
			    (p == POL_PER_PAGE && n > PER_PAGE_MAX))
				continue;
			ok = range_run(&t, &sp, si, p, run, ns);
			if (ok)
				done[p]++;
		}
	param_write("bench_track", "1");

	for (o = 0; o < NOPS; o++)
		for (p = 0; p < npol; p++) {
			if (!done[p])
				continue;
			me.r[o][si][p].ns = summarize(ns[o][p], done[p]);
			me.r[o][si][p].ok &= ok;
			me.r[o][si][p].have = true;
		}

	spin_stop(&sp);
	tenc_teardown(&t);
}

/* ---- adding pages -------------------------------------------------------- */

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

/* One run of way @a at size @si, in a new enclave. */
static bool add_run(int a, int si, int run, double *ns, double *prep,
		    double *acc)
{
	struct acell *c = &me.a[a][si];
	unsigned long n = asizes[si];
	struct sgx2_enclave_policy pol = {
		.policy = SGX2_POLICY_PER_RANGE,
		.fault_around = a == ADD_FA_UP || a == ADD_FA_DOWN ? FA_PAGES : 0,
	};
	struct probe p0, p1, p2, p3;
	uint64_t first = 0, w0 = 0, w1 = 0, syscalls = 0;
	int64_t step = PAGE;
	double t0, t1, t2, t3;
	long s0 = -1, s1 = -1;
	struct tenc t;
	bool ok;

	if (!tenc_setup_dyn(&t, n, true)) {
		tap(false, "setup for %lu pages: %s", n, fail_msg);
		tenc_teardown(&t);
		return false;
	}
	ok = !ioc(&t, SGX2_IOC_ENCLAVE_SET_POLICY, &pol);
	if (a == ADD_FA_DOWN) {
		first = heap_page(&t, n - 1);
		step = -(int64_t)PAGE;
	} else {
		first = t.heap;
	}
	ok &= nop(&t, 0);	/* warm the entry path up */

	/* Counters and the slab are read outside the two timed parts. */
	if (a == ADD_AUGMENT)
		s0 = slab_kb();
	probe(&t, &p0);
	t0 = now_ns();
	if (a == ADD_WILLNEED) {
		ok &= !madvise((void *)t.heap, n * PAGE, MADV_WILLNEED);
		syscalls = 1;
	} else if (a == ADD_AUGMENT) {
		struct sgx2_enclave_augment_pages ap = {
			.offset = off_of(&t, t.heap), .length = n * PAGE,
		};

		ok &= !ioc(&t, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap);
		syscalls = 1;
	}
	t1 = now_ns();
	probe(&t, &p1);
	t2 = now_ns();
	ok = ok && accept_loop(&t, first, n, step, SI_PENDING_RW);
	t3 = now_ns();
	probe(&t, &p2);
	if (a == ADD_AUGMENT)
		s1 = slab_kb();
	prep[run] = t1 - t0;
	acc[run] = t3 - t2;
	ns[run] = prep[run] + acc[run];
	ok = ok && write_loop(&t, t.heap, n);
	probe(&t, &p3);
	if (!ok)
		printf("# %s, %lu pages, run %d: %s\n", add_names[a], n, run,
		       fail_msg);

	if (!run) {
		c->minflt = p2.minflt - p0.minflt;
		c->faults = d_stat(&p0, &p2, SGX2_STAT_FAULTS);
		c->eaug_faults = d_stat(&p0, &p2, SGX2_STAT_EAUG_FAULTS);
		c->syscalls = syscalls;
		c->enclu = enclu_count(&p2.st) - enclu_count(&p0.st);
		c->acc_minflt = p2.minflt - p1.minflt;
		c->acc_faults = d_stat(&p1, &p2, SGX2_STAT_FAULTS);
		c->acc_enclu = enclu_count(&p2.st) - enclu_count(&p1.st);
		c->fw_minflt = p3.minflt - p2.minflt;
		c->fw_faults = d_stat(&p2, &p3, SGX2_STAT_FAULTS);
		c->fw_enclu = enclu_count(&p3.st) - enclu_count(&p2.st);
		c->fa_pages = p3.st.v[SGX2_STAT_FAULT_AROUND_PAGES];
		c->ok = ok;
	} else if (d_stat(&p0, &p2, SGX2_STAT_EAUG_FAULTS) != c->eaug_faults) {
		ok = false;
	}
	if (a == ADD_AUGMENT && si == NAS - 1 && s0 >= 0 && s1 >= 0)
		me.slab_per_page = (s1 - s0) * 1024.0 / n;

	ok &= global_waste(&w0);
	tenc_teardown(&t);
	ok &= global_waste(&w1);
	if (!run)
		c->waste = w1 - w0;
	if (!ok)
		c->ok = false;
	return ok;
}

static void bench_adds(int si)
{
	double ns[NADD][MAX_RUNS], prep[NADD][MAX_RUNS], acc[NADD][MAX_RUNS];
	int runs = runs_add(asizes[si]), run, a, done[NADD] = { 0 };

	/* The ways take turns within each run, so drift hits all. */
	for (run = 0; run < runs; run++)
		for (a = 0; a < NADD; a++)
			if (done[a] == run &&
			    add_run(a, si, run, ns[a], prep[a], acc[a]))
				done[a]++;
	for (a = 0; a < NADD; a++) {
		struct acell *c = &me.a[a][si];

		c->ns = summarize(ns[a], done[a]);
		c->prep = summarize(prep[a], done[a]);
		c->acc = summarize(acc[a], done[a]);
		c->ok &= done[a] == runs;
		c->have = true;
	}
}

/*
 * Before anything is timed: add, accept and remove as many pages as the
 * largest size will use, so that the first runs do not pay for what only
 * happens once (the emulator's first touch of the EPC's host memory, the
 * slab caches, the entry path).
 */
static void warm_up(unsigned long max)
{
	unsigned long n = 0;
	unsigned int s;
	struct tenc t;

	for (s = 0; s < NRS && rsizes[s] <= max; s++)
		n = rsizes[s];
	if (!n || !tenc_setup_dyn(&t, n, true)) {
		tenc_teardown(&t);
		return;
	}
	if (!add_pages(&t, t.heap, n) || !write_loop(&t, t.heap, n))
		printf("# warm-up: %s\n", fail_msg);
	tenc_teardown(&t);
}

/* ---- data lines ---------------------------------------------------------- */

static void print_runs(const struct runs *r)
{
	printf(" %d %.0f %.0f %.0f", r->n, r->med, r->lo, r->hi);
}

static void print_data(const struct result *r)
{
	const char *tag = DATA_TAG;
	unsigned int s;
	int o, p, a;

	printf("%sI backend %s\n", tag, r->backend);
	printf("%sI kernel %s\n", tag, r->kernel);
	printf("%sI cpu %s\n", tag, r->cpu);
	printf("%sI ncpu %d\n", tag, r->ncpu);
	printf("%sI pinned %d\n", tag, r->pinned);
	printf("%sI bench_build %d\n", tag, r->bench_build);
	printf("%sI epc_pages %ld\n", tag, r->epc_pages);
	printf("%sI budget_pages %ld\n", tag, r->budget_pages);
	printf("%sI slab_per_page %.2f\n", tag, r->slab_per_page);
	for (o = 0; o < NOPS; o++)
		for (s = 0; s < NRS; s++)
			for (p = 0; p < NPOL; p++) {
				const struct rcell *c = &r->r[o][s][p];

				if (!c->have)
					continue;
				printf("%sR %s %lu %s", tag, op_names[o],
				       rsizes[s], policies[p].name);
				print_runs(&c->ns);
				printf(" %llu %llu %llu %llu %llu %llu %d\n",
				       (unsigned long long)c->etrack,
				       (unsigned long long)c->ipi,
				       (unsigned long long)c->ipi_all,
				       (unsigned long long)c->aex,
				       (unsigned long long)c->cal,
				       (unsigned long long)c->loc, c->ok);
			}
	for (a = 0; a < NADD; a++)
		for (s = 0; s < NAS; s++) {
			const struct acell *c = &r->a[a][s];

			if (!c->have)
				continue;
			printf("%sA %s %lu", tag, add_keys[a], asizes[s]);
			print_runs(&c->ns);
			print_runs(&c->prep);
			print_runs(&c->acc);
			printf(" %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %d\n",
			       (unsigned long long)c->minflt,
			       (unsigned long long)c->faults,
			       (unsigned long long)c->eaug_faults,
			       (unsigned long long)c->syscalls,
			       (unsigned long long)c->enclu,
			       (unsigned long long)c->acc_minflt,
			       (unsigned long long)c->acc_faults,
			       (unsigned long long)c->acc_enclu,
			       (unsigned long long)c->fw_minflt,
			       (unsigned long long)c->fw_faults,
			       (unsigned long long)c->fw_enclu,
			       (unsigned long long)c->fa_pages,
			       (unsigned long long)c->waste, c->ok);
		}
}

/* ========================================================================
 * Reading data lines back
 * ======================================================================== */

static int index_of(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static int size_index(const unsigned long *sizes, int n, unsigned long v)
{
	int i;

	for (i = 0; i < n; i++)
		if (sizes[i] == v)
			return i;
	return -1;
}

static int scan_runs(const char *p, struct runs *r, int *used)
{
	return sscanf(p, " %d %lf %lf %lf%n", &r->n, &r->med, &r->lo, &r->hi,
		      used) == 4;
}

static void parse_line(struct result *r, const char *l)
{
	char k1[32], k2[32], k3[32];
	unsigned long long v[16];
	unsigned long size;
	int used, u, ok, i;

	if (sscanf(l, "I %31s %n", k1, &used) == 1) {
		const char *val = l + used;

		if (!strcmp(k1, "backend"))
			sscanf(val, "%7s", r->backend);
		else if (!strcmp(k1, "kernel"))
			sscanf(val, "%79s", r->kernel);
		else if (!strcmp(k1, "cpu"))
			sscanf(val, "%15s", r->cpu);
		else if (!strcmp(k1, "ncpu"))
			r->ncpu = atoi(val);
		else if (!strcmp(k1, "pinned"))
			r->pinned = atoi(val);
		else if (!strcmp(k1, "bench_build"))
			r->bench_build = atoi(val);
		else if (!strcmp(k1, "epc_pages"))
			r->epc_pages = atol(val);
		else if (!strcmp(k1, "budget_pages"))
			r->budget_pages = atol(val);
		else if (!strcmp(k1, "slab_per_page"))
			r->slab_per_page = atof(val);
		r->have = true;
		return;
	}
	if (sscanf(l, "R %31s %lu %31s%n", k1, &size, k2, &used) == 3) {
		const char *pn[NPOL];
		struct rcell c = { 0 };
		int o, s, p;

		for (i = 0; i < NPOL; i++)
			pn[i] = policies[i].name;
		o = index_of(op_names, NOPS, k1);
		s = size_index(rsizes, NRS, size);
		p = index_of(pn, NPOL, k2);
		if (o < 0 || s < 0 || p < 0 || !scan_runs(l + used, &c.ns, &u))
			return;
		used += u;
		if (sscanf(l + used, " %llu %llu %llu %llu %llu %llu %d",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &ok) != 7)
			return;
		c.etrack = v[0];
		c.ipi = v[1];
		c.ipi_all = v[2];
		c.aex = v[3];
		c.cal = v[4];
		c.loc = v[5];
		c.ok = ok;
		c.have = true;
		r->r[o][s][p] = c;
		return;
	}
	if (sscanf(l, "A %31s %lu%n", k3, &size, &used) == 2) {
		struct acell c = { 0 };
		int a, s;

		a = index_of(add_keys, NADD, k3);
		s = size_index(asizes, NAS, size);
		if (a < 0 || s < 0 || !scan_runs(l + used, &c.ns, &u))
			return;
		used += u;
		if (!scan_runs(l + used, &c.prep, &u))
			return;
		used += u;
		if (!scan_runs(l + used, &c.acc, &u))
			return;
		used += u;
		if (sscanf(l + used,
			   " %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %d",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
			   &v[7], &v[8], &v[9], &v[10], &v[11], &v[12],
			   &ok) != 14)
			return;
		c.minflt = v[0];
		c.faults = v[1];
		c.eaug_faults = v[2];
		c.syscalls = v[3];
		c.enclu = v[4];
		c.acc_minflt = v[5];
		c.acc_faults = v[6];
		c.acc_enclu = v[7];
		c.fw_minflt = v[8];
		c.fw_faults = v[9];
		c.fw_enclu = v[10];
		c.fa_pages = v[11];
		c.waste = v[12];
		c.ok = ok;
		c.have = true;
		r->a[a][s] = c;
	}
}

/* Every data line of @path; a file may hold the runs of several backends. */
static int read_data(const char *path, struct result *res, int max)
{
	FILE *f = fopen(path, "r");
	char line[1024], *p;
	struct result *cur = NULL;
	int n = 0, i;

	if (!f) {
		fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char backend[8];

		p = strstr(line, DATA_TAG);
		if (!p)
			continue;
		p += strlen(DATA_TAG);
		if (sscanf(p, "I backend %7s", backend) == 1) {
			cur = NULL;
			for (i = 0; i < n; i++)
				if (!strcmp(res[i].backend, backend))
					cur = &res[i];
			if (!cur && n < max) {
				cur = &res[n++];
				memset(cur, 0, sizeof(*cur));
			}
		}
		if (cur)
			parse_line(cur, p);
	}
	fclose(f);
	return n;
}

/* ========================================================================
 * The report
 * ======================================================================== */

/* The results, hw first. */
static struct result *cols[2];
static int ncols;

static double per_page(double ns, unsigned long n)
{
	return ns / 1e3 / n;
}

/* Kernel entries of way @c per page (see the method): whole path. */
static double entries(const struct acell *c, unsigned long n)
{
	return (c->syscalls + c->minflt + 3.0 * c->enclu) / n;
}

static double acc_entries(const struct acell *c, unsigned long n)
{
	return (c->acc_minflt + 3.0 * c->acc_enclu) / n;
}

static void print_ratio(double x, double y)
{
	if (x > 0 && y > 0)
		printf(" %.2fx |", x / y);
	else
		printf(" - |");
}

/* Do the runs of two times overlap (a ratio of them is within the noise)? */
static bool overlap(const struct runs *x, const struct runs *y)
{
	return x->n > 1 && y->n > 1 && x->lo <= y->hi && y->lo <= x->hi;
}

/*
 * A table's head: "| @first | N |", then for each column of results the
 * @heads (NULL-terminated), each after the backend's name, and the
 * separator row.
 */
static void table_head(const char *first, const char *const *heads)
{
	int i, h;

	printf("| %s | N |", first);
	for (i = 0; i < ncols; i++)
		for (h = 0; heads[h]; h++)
			printf(" %s %s |", cols[i]->backend, heads[h]);
	printf("\n|---|---|");
	for (i = 0; i < ncols; i++)
		for (h = 0; heads[h]; h++)
			printf("---|");
	putchar('\n');
}

static void report_adds(void)
{
	unsigned int s;
	int a, i;

	printf("\n### Adding pages: time and kernel entries per page\n\n");
	printf("Whole path, EAUG to EACCEPT: median (min-max) of the runs.  Entries: system calls + page faults (ru_minflt) + 3 per sim ENCLU.  x floor: median time over the floor's, same run and backend.\n\n");
	table_head("way", (const char *const[]){ "us/page", "entries/page",
						 "x floor", NULL });
	for (s = 0; s < NAS; s++) {
		for (a = 0; a <= NADD; a++) {
			printf("| %s | %lu |", a < NADD ? add_names[a] :
			       "floor: EACCEPT alone, pages added", asizes[s]);
			for (i = 0; i < ncols; i++) {
				const struct acell *c, *aug;
				const struct runs *rr;
				double t, fl;

				aug = &cols[i]->a[ADD_AUGMENT][s];
				c = a < NADD ? &cols[i]->a[a][s] : aug;
				if (!c->have) {
					printf(" - | - | - |");
					continue;
				}
				rr = a < NADD ? &c->ns : &aug->acc;
				t = rr->med;
				fl = aug->acc.med;
				printf(" %.1f (%.1f-%.1f)%s | %.3f |",
				       per_page(t, asizes[s]),
				       per_page(rr->lo, asizes[s]),
				       per_page(rr->hi, asizes[s]),
				       c->ok ? "" : " (!)",
				       a < NADD ? entries(c, asizes[s]) :
				       acc_entries(aug, asizes[s]));
				print_ratio(t, fl);
			}
			putchar('\n');
		}
	}

	printf("\n### Adding pages: faults and kernel entries per page, from EAUG to the first write\n\n");
	printf("EAUG faults, then all faults (kernel's ru_minflt / module's count) of adding, EACCEPTing and writing each page once; mainline's figure for EAUG on #PF is one fault.\n\n");
	table_head("way", (const char *const[]){ "EAUG faults", "faults/page",
						 "entries/page", NULL });
	for (s = 0; s < NAS; s++) {
		for (a = 0; a < NADD; a++) {
			printf("| %s | %lu |", add_names[a], asizes[s]);
			for (i = 0; i < ncols; i++) {
				const struct acell *c = &cols[i]->a[a][s];
				unsigned long n = asizes[s];

				if (!c->have) {
					printf(" - | - | - |");
					continue;
				}
				printf(" %llu | %.3f / %.3f | %.3f |",
				       (unsigned long long)c->eaug_faults,
				       (double)(c->minflt + c->fw_minflt) / n,
				       (double)(c->faults + c->fw_faults) / n,
				       (c->syscalls + c->minflt + c->fw_minflt +
					3.0 * (c->enclu + c->fw_enclu)) / n);
			}
			putchar('\n');
		}
	}

	printf("\n### Fault-around %d: pages added by fault-around, and waste (never touched)\n\n",
	       FA_PAGES);
	table_head("way", (const char *const[]){ "fault-around pages", "waste",
						 NULL });
	for (a = ADD_FA_UP; a <= ADD_FA_DOWN; a++)
		for (s = 0; s < NAS; s++) {
			printf("| %s | %lu |", add_names[a], asizes[s]);
			for (i = 0; i < ncols; i++) {
				const struct acell *c = &cols[i]->a[a][s];

				if (c->have)
					printf(" %llu | %llu |",
					       (unsigned long long)c->fa_pages,
					       (unsigned long long)c->waste);
				else
					printf(" - | - |");
			}
			putchar('\n');
		}
}

static void report_ranges_of(const struct result *r)
{
	unsigned int s;
	int o, p;

	printf("\n### Range operations, %s backend: time per page [ETRACKs = IPI rounds per call]\n\n",
	       r->backend);
	printf("Median of the runs; runs and spread ((max - min) / median) per policy in the last column.\n\n");
	printf("| op | N | per_page | chunk:16 | per_range | untracked | per_page / per_range | per_range / untracked | runs, spread |\n");
	printf("|---|---|---|---|---|---|---|---|---|\n");
	for (o = 0; o < NOPS; o++)
		for (s = 0; s < NRS; s++) {
			const struct rcell *pp = &r->r[o][s][POL_PER_PAGE];
			const struct rcell *pr = &r->r[o][s][POL_PER_RANGE];
			const struct rcell *un = &r->r[o][s][POL_UNTRACKED];

			if (!pr->have)
				continue;
			printf("| %s | %lu |", op_names[o], rsizes[s]);
			for (p = 0; p < NPOL; p++) {
				const struct rcell *c = &r->r[o][s][p];

				if (!c->have) {
					printf(" - |");
					continue;
				}
				printf(" %.1f us [%llu%s%llu]%s |",
				       per_page(c->ns.med, rsizes[s]),
				       (unsigned long long)c->etrack,
				       c->etrack == c->ipi ? "=" : "/",
				       (unsigned long long)c->ipi,
				       c->ok ? "" : " (!)");
			}
			if (!pp->have)
				printf(" - |");
			else if (overlap(&pp->ns, &pr->ns))
				printf(" noise |");
			else
				print_ratio(pp->ns.med, pr->ns.med);
			if (un->have)
				print_ratio(pr->ns.med, un->ns.med);
			else
				printf(" - |");
			for (p = 0; p < NPOL; p++) {
				const struct runs *q = &r->r[o][s][p].ns;

				if (r->r[o][s][p].have)
					printf("%s%d", p ? "/" : " ", q->n);
				else
					printf("%s-", p ? "/" : " ");
			}
			for (p = 0; p < NPOL; p++) {
				const struct runs *q = &r->r[o][s][p].ns;

				if (r->r[o][s][p].have)
					printf("%s%.0f%%", p ? "/" : ", ",
					       q->med > 0 ?
					       100 * (q->hi - q->lo) / q->med : 0);
				else
					printf("%s-", p ? "/" : ", ");
			}
			printf(" |\n");
		}
}

static void report_ranges(void)
{
	unsigned int s;
	int i, o, p;

	for (i = 0; i < ncols; i++)
		report_ranges_of(cols[i]);

	if (ncols > 1) {
		printf("\n### Range operations: the ratios side by side\n\n");
		table_head("op", (const char *const[]){ "per_page / per_range",
							"per_range / untracked",
							NULL });
		for (o = OP_RESTRICT; o <= OP_TRIM; o++)
			for (s = 0; s < NRS; s++) {
				printf("| %s | %lu |", op_names[o], rsizes[s]);
				for (i = 0; i < ncols; i++) {
					const struct rcell *pp, *pr, *un;

					pp = &cols[i]->r[o][s][POL_PER_PAGE];
					pr = &cols[i]->r[o][s][POL_PER_RANGE];
					un = &cols[i]->r[o][s][POL_UNTRACKED];
					if (pp->have && pr->have)
						print_ratio(pp->ns.med, pr->ns.med);
					else
						printf(" - |");
					if (pr->have && un->have)
						print_ratio(pr->ns.med, un->ns.med);
					else
						printf(" - |");
				}
				putchar('\n');
			}
	}

	printf("\n### One tracking cycle against the loop it covers\n\n");
	printf("Cycle: per_range minus untracked at N = 1 (one ETRACK and one IPI round); page: the untracked loop per page at the largest N; break-even: the N at which per_range is within 1.2x of untracked (cycle / (0.2 x page)).\n\n");
	printf("| backend | op | cycle | page | cycle / page | break-even N |\n");
	printf("|---|---|---|---|---|---|\n");
	for (i = 0; i < ncols; i++)
		for (o = OP_RESTRICT; o <= OP_TRIM; o++) {
			const struct rcell *pr1 = &cols[i]->r[o][0][POL_PER_RANGE];
			const struct rcell *un1 = &cols[i]->r[o][0][POL_UNTRACKED];
			const struct rcell *unl = NULL;
			double cyc, pg;
			int big = 0;

			for (s = 0; s < NRS; s++)
				if (cols[i]->r[o][s][POL_UNTRACKED].have) {
					unl = &cols[i]->r[o][s][POL_UNTRACKED];
					big = s;
				}
			if (!pr1->have || !un1->have || !unl)
				continue;
			cyc = pr1->ns.med - un1->ns.med;
			pg = unl->ns.med / rsizes[big];
			printf("| %s | %s | %.0f us | %.2f us | %.0f | %.0f |\n",
			       cols[i]->backend, op_names[o], cyc / 1e3,
			       pg / 1e3, cyc / pg, cyc / (0.2 * pg));
		}

	printf("\n### The spinning thread: IPI rounds against the AEXs it counted, all runs of a cell\n\n");
	printf("CAL, LOC: function-call IPIs and timer interrupts received by the spinner's vCPU (/proc/interrupts; CAL also counts TLB shootdowns).\n\n");
	printf("| backend | op | N | policy | IPI rounds | CAL | LOC | AEXs counted |\n");
	printf("|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < ncols; i++)
		for (o = OP_RESTRICT; o <= OP_TRIM; o++)
			for (s = 0; s < NRS; s++) {
				if (rsizes[s] != 256 && rsizes[s] != TARGET_N)
					continue;
				for (p = 0; p < NPOL; p++) {
					const struct rcell *c = &cols[i]->r[o][s][p];

					if (!c->have)
						continue;
					printf("| %s | %s | %lu | %s | %llu | %llu | %llu | %llu |\n",
					       cols[i]->backend, op_names[o],
					       rsizes[s], policies[p].name,
					       (unsigned long long)c->ipi_all,
					       (unsigned long long)c->cal,
					       (unsigned long long)c->loc,
					       (unsigned long long)c->aex);
				}
			}
}

static struct result *backend(const char *name)
{
	int i;

	for (i = 0; i < ncols; i++)
		if (!strcmp(cols[i]->backend, name))
			return cols[i];
	return NULL;
}

static void verdicts(void)
{
	struct result *hw = backend("hw"), *r;
	unsigned int s;
	int i, o, p, t;
	double x;

	/* Tracking counts, every backend and size. */
	for (i = 0; i < ncols; i++)
		for (o = OP_RESTRICT; o <= OP_TRIM; o++)
			for (s = 0; s < NRS; s++) {
				unsigned long n = rsizes[s];
				uint64_t want[NPOL] = { n, (n + 15) / 16, 1, 0 };
				bool ok = true, have = false;
				char got[NPOL][24];

				r = cols[i];
				for (p = 0; p < NPOL; p++) {
					const struct rcell *c = &r->r[o][s][p];

					snprintf(got[p], sizeof(got[p]), c->have ?
						 "%llu" : "-",
						 (unsigned long long)c->etrack);
					if (!c->have)
						continue;
					have = true;
					ok &= c->ok && c->etrack == want[p] &&
					      c->ipi == want[p];
				}
				if (!have)
					continue;
				tap(ok, "%s: %s of %lu pages: ETRACK = IPI rounds %s/%s/%s/%s (per_page/chunk:16/per_range/untracked), expected %llu/%llu/%llu/%llu",
				    r->backend, op_names[o], n,
				    got[0], got[1], got[2], got[3],
				    (unsigned long long)want[0],
				    (unsigned long long)want[1],
				    (unsigned long long)want[2],
				    (unsigned long long)want[3]);
			}

	if (!hw) {
		tap_skip("no hw run", "the targets are judged on hw");
		return;
	}
	s = size_index(asizes, NAS, TARGET_N);
	if (!hw->a[ADD_FAULT][s].have || !hw->a[ADD_AUGMENT][s].have) {
		tap_skip("not run (MAX_PAGES)", "hw: adding %d pages", TARGET_N);
	} else {
		const struct acell *f = &hw->a[ADD_FAULT][s];
		const struct acell *g = &hw->a[ADD_AUGMENT][s];

		x = f->ns.med / g->ns.med;
		tap(f->ok && g->ok && x >= 5,
		    "hw: adding %d pages: AUGMENT_PAGES + EACCEPT %.2fx faster per page than EACCEPT with EAUG on #PF (%.1f vs %.1f us; target >= 5x)",
		    TARGET_N, x, per_page(g->ns.med, TARGET_N),
		    per_page(f->ns.med, TARGET_N));
		x = g->ns.med / g->acc.med;
		tap(g->ok && x <= 1.2,
		    "hw: adding %d pages: AUGMENT_PAGES + EACCEPT at %.2fx the floor, EACCEPT alone on pages added (%.1f vs %.1f us; target <= 1.2x)",
		    TARGET_N, x, per_page(g->ns.med, TARGET_N),
		    per_page(g->acc.med, TARGET_N));
		tap(g->acc_minflt == 0 && g->acc_faults == 0,
		    "hw: EACCEPT of %d pages added by AUGMENT_PAGES took %llu faults (module: %llu), expected 0",
		    TARGET_N, (unsigned long long)g->acc_minflt,
		    (unsigned long long)g->acc_faults);
		tap(f->ok && f->eaug_faults == TARGET_N &&
		    f->faults + f->fw_faults == TARGET_N,
		    "hw: EAUG on #PF, %d pages to their first write: %llu faults (module: %llu), mainline's figure %d (one per page)",
		    TARGET_N, (unsigned long long)(f->minflt + f->fw_minflt),
		    (unsigned long long)(f->faults + f->fw_faults), TARGET_N);
		for (t = ADD_FA_UP; t <= ADD_FA_DOWN; t++) {
			const struct acell *c = &hw->a[t][s];

			tap(c->ok && c->eaug_faults <= TARGET_N / 8,
			    "hw: %s, EACCEPT of %d pages: %llu EAUG faults (target <= %d), waste %llu pages",
			    add_names[t], TARGET_N,
			    (unsigned long long)c->eaug_faults, TARGET_N / 8,
			    (unsigned long long)c->waste);
		}
	}

	for (o = OP_RESTRICT; o <= OP_TRIM; o++)
		for (s = 0; s < NRS; s++) {
			const struct rcell *pr = &hw->r[o][s][POL_PER_RANGE];
			const struct rcell *un = &hw->r[o][s][POL_UNTRACKED];

			if (rsizes[s] < 256)
				continue;
			if (!pr->have) {
				tap_skip("not run (MAX_PAGES)",
					 "hw: %s of %lu pages, per_range against untracked",
					 op_names[o], rsizes[s]);
				continue;
			}
			if (!un->have) {
				tap_skip("not a bench build (no bench_track)",
					 "hw: %s of %lu pages, per_range against untracked",
					 op_names[o], rsizes[s]);
				continue;
			}
			x = pr->ns.med / un->ns.med;
			tap(pr->ok && un->ok && x <= 1.2,
			    "hw: %s of %lu pages: per_range at %.2fx the same loop untracked (%.2f vs %.2f us per page; target <= 1.2x)",
			    op_names[o], rsizes[s], x,
			    per_page(pr->ns.med, rsizes[s]),
			    per_page(un->ns.med, rsizes[s]));
		}

	s = size_index(rsizes, NRS, TARGET_N);
	if (!hw->r[OP_RESTRICT][s][POL_PER_PAGE].have) {
		tap_skip("not run (MAX_PAGES)", "hw: RESTRICT of %d pages",
			 TARGET_N);
	} else {
		const struct rcell *pp = &hw->r[OP_RESTRICT][s][POL_PER_PAGE];
		const struct rcell *pr = &hw->r[OP_RESTRICT][s][POL_PER_RANGE];

		x = overlap(&pp->ns, &pr->ns) ? 0 : pp->ns.med / pr->ns.med;
		tap(x >= 10, "hw: RESTRICT of %d pages: per_range %.1fx faster than per_page (target >= 10x)",
		    TARGET_N, x);
		/*
		 * Every round must find the spinner out of the enclave.  Its
		 * count is a lower bound: two AEXs between two of its reads of
		 * the SSA count as one.
		 */
		tap(hw->pinned && pp->aex * 10 >= pp->ipi_all * 9,
		    "hw: the spinning thread counted %llu AEXs over %llu IPI rounds of per_page RESTRICT (target >= 0.9 per round; CAL %llu, LOC %llu on its vCPU)",
		    (unsigned long long)pp->aex,
		    (unsigned long long)pp->ipi_all,
		    (unsigned long long)pp->cal, (unsigned long long)pp->loc);
	}

	if (hw->slab_per_page <= 0)
		tap_skip("not run (MAX_PAGES)", "driver memory per enclave page");
	else
		tap(hw->slab_per_page <= 48,
		    "hw: driver tracking memory %.1f bytes per enclave page (target <= 48)",
		    hw->slab_per_page);
}

static void report(void)
{
	int i;

	printf("\n## sgx2-edmm bench\n\n");
	for (i = 0; i < ncols; i++)
		printf("- %s: Linux %s, %d vCPUs, CPU %s, %ld EPC pages, budget %ld, %s build, spinner %s\n",
		       cols[i]->backend, cols[i]->kernel, cols[i]->ncpu,
		       cols[i]->cpu, cols[i]->epc_pages, cols[i]->budget_pages,
		       cols[i]->bench_build ? "bench" : "normal",
		       cols[i]->pinned ? "pinned to vCPU 1" : "not pinned");
	report_adds();
	report_ranges();
	printf("\nDriver memory per enclave page (slab growth over AUGMENT_PAGES of %lu pages):",
	       asizes[NAS - 1]);
	for (i = 0; i < ncols; i++)
		printf(" %s %.1f bytes;", cols[i]->backend,
		       cols[i]->slab_per_page);
	printf("\n\n");
	verdicts();
	printf("1..%d\n", tap_n);
}

/*
 * The figures the SVGs show (tests/bench/plots.gp), as gnuplot tables in
 * @dir, medians in us per page, "NaN" where a cell was not run:
 *   ranges-BACKEND-OP.dat  N, then one column per policy
 *   adding-BACKEND.dat     N, then one column per way (the floor last)
 */
static FILE *plot_file(const char *dir, const char *fmt, const char *a,
		       const char *b)
{
	char name[64], path[4096];
	FILE *f;

	snprintf(name, sizeof(name), fmt, a, b);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "bench: %s: %s\n", path, strerror(errno));
	return f;
}

static void plot_cell(FILE *f, bool have, double ns, unsigned long n)
{
	if (have)
		fprintf(f, " %.4f", per_page(ns, n));
	else
		fprintf(f, " NaN");
}

static int plot(const char *dir)
{
	unsigned int s;
	int i, o, p, a;
	FILE *f;

	for (i = 0; i < ncols; i++) {
		const struct result *r = cols[i];

		for (o = 0; o < NOPS; o++) {
			f = plot_file(dir, "ranges-%s-%s.dat", r->backend, op_names[o]);
			if (!f)
				return 2;
			fprintf(f, "# %s backend, %s: us per page (median)\nN", r->backend,
				op_names[o]);
			for (p = 0; p < NPOL; p++)
				fprintf(f, " %s", policies[p].name);
			fputc('\n', f);
			for (s = 0; s < NRS; s++) {
				fprintf(f, "%lu", rsizes[s]);
				for (p = 0; p < NPOL; p++)
					plot_cell(f, r->r[o][s][p].have,
						  r->r[o][s][p].ns.med, rsizes[s]);
				fputc('\n', f);
			}
			fclose(f);
		}

		f = plot_file(dir, "adding-%s%s.dat", r->backend, "");
		if (!f)
			return 2;
		fprintf(f, "# %s backend: adding pages, us per page (median)\nN", r->backend);
		for (a = 0; a <= NADD; a++)
			fprintf(f, " \"%s\"", a < NADD ? add_plot_names[a] : "EACCEPT alone (floor)");
		fputc('\n', f);
		for (s = 0; s < NAS; s++) {
			if (!r->a[ADD_AUGMENT][s].have)
				continue;	/* a size this run did not reach */
			fprintf(f, "%lu", asizes[s]);
			for (a = 0; a <= NADD; a++) {
				const struct acell *c = &r->a[a < NADD ? a : ADD_AUGMENT][s];

				plot_cell(f, c->have, a < NADD ? c->ns.med : c->acc.med,
					  asizes[s]);
			}
			fputc('\n', f);
		}
		fclose(f);
	}
	return 0;
}

static void set_cols(struct result *res, int n)
{
	int i;

	ncols = 0;
	for (i = 0; i < n && ncols < 2; i++)
		if (!strcmp(res[i].backend, "hw"))
			cols[ncols++] = &res[i];
	for (i = 0; i < n && ncols < 2; i++)
		if (strcmp(res[i].backend, "hw"))
			cols[ncols++] = &res[i];
}

static int main_report(int argc, char **argv, const char *plot_dir)
{
	static struct result res[4];
	int i, n = 0, got;

	for (i = 0; i < argc; i++) {
		got = read_data(argv[i], res + n, 4 - n);
		if (got < 0)
			return 2;
		n += got;
	}
	if (!n) {
		fprintf(stderr, "bench: no data lines in the files given\n");
		return 2;
	}
	set_cols(res, n);
	if (plot_dir)
		return plot(plot_dir);
	report();
	return tap_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long max = ~0UL;
	struct utsname u;
	unsigned int s;

	if (argc >= 2 && !strcmp(argv[1], "--report"))
		return main_report(argc - 2, argv + 2, NULL);
	if (argc >= 3 && !strcmp(argv[1], "--plot"))
		return main_report(argc - 3, argv + 3, argv[2]);
	if (argc < 2) {
		fprintf(stderr, "usage: %s ENCLAVE.elf [MAX_PAGES]\n"
			"       %s --report FILE...\n"
			"       %s --plot DIR FILE...\n", argv[0], argv[0], argv[0]);
		return 2;
	}
	if (argc > 2)
		max = strtoul(argv[2], NULL, 0);
	elf_path = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* The backend the runtime will use, from a first enclave. */
	{
		struct tenc t;

		if (!tenc_setup_dyn(&t, 1, true)) {
			printf("Bail out! setup: %s\n", fail_msg);
			return 1;
		}
		snprintf(me.backend, sizeof(me.backend), "%s",
			 sgx2_runtime_backend());
		tenc_teardown(&t);
	}
	uname(&u);
	snprintf(me.kernel, sizeof(me.kernel), "%s", u.release);
	snprintf(me.cpu, sizeof(me.cpu), "%s", cpu_has_sgx() ? "sgx" : "no-sgx");
	me.ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	me.epc_pages = param_long("epc_total_pages");
	me.budget_pages = param_long("epc_budget_pages");
	untracked_ok = param_exists("bench_track");
	me.bench_build = untracked_ok;
	me.have = true;
	if (me.ncpu > 1)
		pin_to(0);

	warm_up(max);
	for (s = 0; s < NAS && asizes[s] <= max; s++) {
		bench_adds(s);
		fprintf(stderr, "progress: adding %lu pages done\n", asizes[s]);
	}
	for (s = 0; s < NRS && rsizes[s] <= max; s++) {
		bench_ranges(s);
		fprintf(stderr, "progress: ranges of %lu pages done\n", rsizes[s]);
	}

	print_data(&me);
	cols[0] = &me;
	ncols = 1;
	report();
	return tap_failed ? 1 : 0;
}
