// SPDX-License-Identifier: GPL-2.0
/*
 * coexist_test.c - the in-kernel SGX driver and the module (backend=hw)
 * on one EPC.  Runs in a guest on the emulated SGX2 CPU (tests/qemu/
 * sgx-cpu/plans/coexist.sh), with the project's test enclave on both
 * /dev/sgx_enclave and /dev/sgx2_edmm, entered through the vDSO.
 *
 *   coexist_test [-e ELF] [-l PAGES] both|whole|budget
 *
 * both:   one enclave on each device, alive together; two threads, one
 *         per enclave, concurrently EAUG (on the module: by fault and by
 *         AUGMENT_PAGES), EACCEPT, write, read back, TRIM (MODIFY_TYPES,
 *         EACCEPT, REMOVE_PAGES); then both enclaves are checked from one
 *         thread, and after both close the module holds no EPC page.
 * whole:  after "both", the EPC is whole again.  (1) An in-kernel enclave
 *         EAUGs and EACCEPTs all of the EPC but a margin, and the in-kernel
 *         driver never reclaims while doing so: kprobes on its own
 *         sgx_reclaim_pages() and sgx_encl_ewb() count no hit.  A module
 *         that leaked more than about the margin would leave the in-kernel
 *         driver short, so ksgxd would evict (ksgxd reclaims below 64
 *         free pages).  (2) Then one module enclave takes every EPC page
 *         (needs epc_budget=100%): its own page count must be the EPC's
 *         size exactly, which any leaked page, charged or not, prevents.
 *         (3) The control of (1): with the module holding all of the EPC
 *         but the margin, an in-kernel enclave that EAUGs twice the margin
 *         makes the kprobes count reclaim, so their silence in (1) means
 *         something.
 * budget: the module at its budget (load with a small epc_budget):
 *         AUGMENT_PAGES until ENOMEM leaves the module holding exactly
 *         epc_budget_pages; while it holds them, an in-kernel enclave EAUGs
 *         and EACCEPTs all the rest of the EPC but a margin, again without
 *         any reclaim.  A module that ignored its budget would hold more
 *         (the first check) and the in-kernel enclave would have to evict
 *         its own pages or fail.
 *
 * -l PAGES (whole, by hand only): a module enclave keeps PAGES pages
 * through the whole phase, a stand-in for leaked pages, to see both of
 * its checks fail.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/sgx2_edmm.h>

#include "encl_builder.h"
#include "encl_ops.h"
#include "sgx2_runtime.h"
#include "tap.h"

#define KERNEL_DEV	"/dev/sgx_enclave"
#define PAGE		4096ULL
#define PF_SGX		0x8000
#define SI_PENDING_RW	(SGX2_SECINFO_R | SGX2_SECINFO_W | SGX2_SECINFO_REG | \
			 SGX2_SECINFO_PENDING)
#define SI_TRIMMED	(SGX2_SECINFO_TRIM | SGX2_SECINFO_MODIFIED)
#define PARAMS		"/sys/module/sgx2_edmm/parameters/"
#define STATS		"/sys/class/misc/sgx2_edmm/stats"

/*
 * Free pages left to the in-kernel driver when a fill ends: twice its high
 * watermark (SGX_NR_HIGH_PAGES, 64: ksgxd reclaims while fewer are free;
 * it is woken below SGX_NR_LOW_PAGES, 32).
 */
#define MARGIN		128
/* Slots of a VA page (SGX_VA_SLOT_COUNT): one VA page per 512 pages. */
#define VA_SLOTS	512

/* "both": chunks of pages per round, rounds per enclave. */
#define CHUNK		16
#define ROUNDS		8

int call_enclave(unsigned long rdi, unsigned long rsi, unsigned long rdx,
		 unsigned int function, unsigned long r8, unsigned long r9,
		 struct sgx2_enclave_run *run, sgx2_enter_fn fn);

static const char *elf_path;
static sgx2_enter_fn enter_fn;

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* ---- an enclave on either device ---------------------------------------- */

/**
 * struct side - the test enclave on one device
 * @fd:		its device file
 * @e:		the enclave
 * @added:	pages added before EINIT (SECS not included)
 * @dyn:	first page after the image: the dynamic region, mapped RW
 * @dyn_pages:	pages of the dynamic region (to the end of ELRANGE)
 */
struct side {
	int fd;
	struct encl e;
	uint64_t added;
	uint64_t dyn;
	uint64_t dyn_pages;
};

static void side_close(struct side *s)
{
	encl_free(&s->e);
	memset(&s->e, 0, sizeof(s->e));
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/*
 * The test enclave on @dev with room for at least @dyn_pages EAUG pages;
 * on failure @why says what failed and nothing is left open.
 */
static bool side_open(struct side *s, const char *dev, uint64_t dyn_pages,
		      char *why, size_t len)
{
	uint64_t image;
	unsigned int i;
	void *p;
	int ret;

	memset(s, 0, sizeof(*s));
	s->fd = open(dev, O_RDWR | O_CLOEXEC);
	if (s->fd < 0) {
		snprintf(why, len, "open %s: %s", dev, strerror(errno));
		return false;
	}
	ret = encl_build(elf_path, 0, &s->e);
	if (ret) {
		snprintf(why, len, "encl_build: %d %.200s", ret, s->e.error);
		goto fail;
	}
	image = s->e.image_size;
	encl_free(&s->e);
	ret = encl_build_sized(elf_path, 0, image + dyn_pages * PAGE, &s->e);
	if (ret) {
		snprintf(why, len, "encl_build_sized: %d %.200s", ret, s->e.error);
		memset(&s->e, 0, sizeof(s->e));
		goto fail;
	}
	ret = encl_create_on(s->fd, &s->e);
	if (ret) {
		snprintf(why, len, "encl_create_on %s: %d %.200s", dev, ret,
			 s->e.error);
		goto fail;
	}
	for (i = 0; i < s->e.nr_segments; i++)
		s->added += s->e.seg[i].size / PAGE;
	s->dyn = s->e.base + image;
	s->dyn_pages = (s->e.size - image) / PAGE;
	p = mmap((void *)(uintptr_t)s->dyn, s->dyn_pages * PAGE,
		 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, s->fd, 0);
	if (p != (void *)(uintptr_t)s->dyn) {
		snprintf(why, len, "mmap of the dynamic region: %s",
			 strerror(errno));
		goto fail;
	}
	if (!enter_fn) {
		ret = sgx2_runtime_init(s->fd, &enter_fn);
		if (ret) {
			snprintf(why, len, "sgx2_runtime_init: %d", ret);
			goto fail;
		}
	}
	return true;
fail:
	side_close(s);
	return false;
}

static uint64_t dyn_page(const struct side *s, uint64_t i)
{
	return s->dyn + i * PAGE;
}

static int ecall(struct side *s, void *op, struct sgx2_enclave_run *run)
{
	memset(run, 0, sizeof(*run));
	run->tcs = encl_tcs_addr(&s->e, 0);
	return call_enclave((unsigned long)op, 0, 0, SGX2_EENTER, 0, 0, run,
			    enter_fn);
}

static bool exited(int ret, const struct sgx2_enclave_run *run)
{
	return ret == 0 && run->function == SGX2_EEXIT && !run->exception_vector;
}

static void run_text(const struct sgx2_enclave_run *r, char *buf, size_t len)
{
	snprintf(buf, len, "function %u vector %u error code %#x address %#llx",
		 r->function, r->exception_vector, r->exception_error_code,
		 (unsigned long long)r->exception_addr);
}

/* EACCEPT @addr with @flags: RAX of EACCEPT, or ~0 if there was no EEXIT. */
static uint64_t eaccept(struct side *s, uint64_t addr, uint64_t flags,
			struct sgx2_enclave_run *run)
{
	struct encl_op_eaccept op = {
		{ ENCL_OP_EACCEPT }, addr, flags, ~0ULL
	};

	if (!exited(ecall(s, &op, run), run))
		return ~0ULL;
	return op.ret;
}

static bool put(struct side *s, uint64_t addr, uint64_t v,
		struct sgx2_enclave_run *run)
{
	struct encl_op_put_to_addr op = { { ENCL_OP_PUT_TO_ADDRESS }, v, addr };

	return exited(ecall(s, &op, run), run);
}

static bool get(struct side *s, uint64_t addr, uint64_t *v,
		struct sgx2_enclave_run *run)
{
	struct encl_op_get_from_addr op = { { ENCL_OP_GET_FROM_ADDRESS }, 0, addr };

	if (!exited(ecall(s, &op, run), run))
		return false;
	*v = op.value;
	return true;
}

static int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

/* ---- numbers from sysfs -------------------------------------------------- */

static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static bool write_text(const char *path, const char *text, bool append)
{
	int fd = open(path, O_WRONLY | (append ? O_APPEND : O_TRUNC));
	ssize_t n;

	if (fd < 0)
		return false;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text);
}

/* Pages of the EPC, from the in-kernel driver's sysfs (all nodes). */
static long epc_pages_total(void)
{
	long total = 0, n;
	char path[96];
	int i;

	for (i = 0; i < 64; i++) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%d/x86/sgx_total_bytes",
			 i);
		n = read_long(path);
		if (n > 0)
			total += n;
	}
	return total / (long)PAGE;
}

/* The module's counter @name from its sysfs stats, or -1. */
static long module_stat(const char *name)
{
	FILE *f = fopen(STATS, "r");
	char key[64];
	long v, found = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", key, &v) == 2)
		if (!strcmp(key, name))
			found = v;
	fclose(f);
	return found;
}

/* EPC pages one module enclave holds (its own counter), or -1. */
static long encl_epc_pages(const struct side *s)
{
	struct sgx2_enclave_stats st;

	memset(&st, 0, sizeof(st));
	if (ioctl(s->fd, SGX2_IOC_ENCLAVE_STATS, &st))
		return -1;
	return (long)st.value[SGX2_STAT_EPC_PAGES];
}

/* ---- kprobes on the in-kernel driver's reclaimer -------------------------- */

static const char *tracefs;
static const struct {
	const char *event;
	const char *symbol;
} probes[] = {
	{ "sgx2cx_reclaim", "sgx_reclaim_pages" },	/* each reclaim pass */
	{ "sgx2cx_ewb", "sgx_encl_ewb" },		/* each page evicted */
};

#define NR_PROBES	(sizeof(probes) / sizeof(probes[0]))

static void probes_remove(void)
{
	char path[160], text[96];
	size_t i;

	for (i = 0; tracefs && i < NR_PROBES; i++) {
		snprintf(path, sizeof(path), "%s/events/kprobes/%s/enable",
			 tracefs, probes[i].event);
		write_text(path, "0", false);
		snprintf(path, sizeof(path), "%s/kprobe_events", tracefs);
		snprintf(text, sizeof(text), "-:kprobes/%s\n", probes[i].event);
		write_text(path, text, true);
	}
}

static bool probes_add(void)
{
	static const char * const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[160], text[128];
	size_t i;

	for (i = 0; !tracefs && i < 2; i++) {
		snprintf(path, sizeof(path), "%s/kprobe_events", dirs[i]);
		if (!access(path, W_OK))
			tracefs = dirs[i];
	}
	if (!tracefs) {
		note("no kprobe_events under /sys/kernel/tracing or /sys/kernel/debug/tracing");
		return false;
	}
	probes_remove();
	for (i = 0; i < NR_PROBES; i++) {
		snprintf(path, sizeof(path), "%s/kprobe_events", tracefs);
		snprintf(text, sizeof(text), "p:kprobes/%s %s\n",
			 probes[i].event, probes[i].symbol);
		if (!write_text(path, text, true)) {
			note("kprobe on %s: %s", probes[i].symbol,
			     strerror(errno));
			return false;
		}
		snprintf(path, sizeof(path), "%s/events/kprobes/%s/enable",
			 tracefs, probes[i].event);
		if (!write_text(path, "1", false)) {
			note("enabling the kprobe on %s: %s", probes[i].symbol,
			     strerror(errno));
			return false;
		}
	}
	return true;
}

/* Hits of the kprobe @event, or -1. */
static long probe_hits(const char *event)
{
	char path[160], name[128];
	unsigned long hits, missed;
	long found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/kprobe_profile", tracefs);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%127s %lu %lu", name, &hits, &missed) == 3)
		if (!strcmp(name, event))
			found = (long)hits;
	fclose(f);
	return found;
}

struct reclaim_count {
	long passes;	/* sgx_reclaim_pages() */
	long ewb;	/* sgx_encl_ewb() */
};

static void reclaim_now(struct reclaim_count *c)
{
	c->passes = probe_hits(probes[0].event);
	c->ewb = probe_hits(probes[1].event);
}

/* ---- fills ------------------------------------------------------------------ */

/*
 * EACCEPT @n pages of @s's dynamic region from the first: on the in-kernel
 * driver each EACCEPT faults and the driver EAUGs the page (its fault path
 * allocates without reclaim and retries while ksgxd reclaims).
 */
static bool fill_by_eaccept(struct side *s, uint64_t n, char *why, size_t len)
{
	struct sgx2_enclave_run run;
	char rt[128];
	uint64_t i, r;

	for (i = 0; i < n; i++) {
		r = eaccept(s, dyn_page(s, i), SI_PENDING_RW, &run);
		if (r) {
			run_text(&run, rt, sizeof(rt));
			snprintf(why, len, "EACCEPT of page %llu of %llu: %#llx (%s)",
				 (unsigned long long)i, (unsigned long long)n,
				 (unsigned long long)r, rt);
			return false;
		}
	}
	return true;
}

/* The first and the last of @n accepted pages hold what is written there. */
static bool ends_work(struct side *s, uint64_t n)
{
	struct sgx2_enclave_run run;
	uint64_t a = dyn_page(s, 0), b = dyn_page(s, n - 1), va = 0, vb = 0;

	return put(s, a, 0xa11a11a1ULL, &run) && put(s, b, 0xb22b22b2ULL, &run) &&
	       get(s, a, &va, &run) && get(s, b, &vb, &run) &&
	       va == 0xa11a11a1ULL && vb == 0xb22b22b2ULL;
}

/*
 * Pages an in-kernel enclave may EAUG, @others pages being held by
 * others, leaving MARGIN free: its SECS, image and VA pages counted.
 */
static long kernel_fill_pages(long total, long others, const struct side *probe)
{
	long added = (long)probe->added;

	return total - others - 1 - added - (total + VA_SLOTS - 1) / VA_SLOTS -
	       MARGIN;
}

/* ---- both: two enclaves, two threads -------------------------------------- */

struct worker {
	struct side *s;
	bool augment;		/* module: AUGMENT_PAGES on even rounds */
	uint64_t tag;
	uint64_t val[CHUNK * ROUNDS];	/* expected values, 0 = removed */
	unsigned long eaug_ioctl, eaug_fault, removed, checked;
	bool ok;
	char why[256];
};

static uint64_t value_of(const struct worker *w, uint64_t page, int round)
{
	return w->tag ^ (page << 16) ^ ((uint64_t)round << 8) ^ 0x5a;
}

/* The worker stops: @w->why says why, @w->ok stays false. */
static void *wfail(struct worker *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void *wfail(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->why, sizeof(w->why), fmt, ap);
	va_end(ap);
	return NULL;
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	struct side *s = w->s;
	struct sgx2_enclave_run run;
	uint64_t off, len, p, v, r;
	char rt[128];
	int round;
	int ret;

	for (round = 0; round < ROUNDS; round++) {
		uint64_t first = (uint64_t)round * CHUNK;

		off = dyn_page(s, first) - s->e.base;
		len = CHUNK * PAGE;
		if (w->augment && !(round & 1)) {
			struct sgx2_enclave_augment_pages ap = {
				.offset = off, .length = len,
			};

			ret = xioctl(s->fd, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap);
			if (ret || ap.count != len)
				return wfail(w, "round %d: AUGMENT_PAGES: %d count %llu",
					     round, ret, (unsigned long long)ap.count);
			w->eaug_ioctl += CHUNK;
		} else {
			w->eaug_fault += CHUNK;
		}
		for (p = first; p < first + CHUNK; p++) {
			r = eaccept(s, dyn_page(s, p), SI_PENDING_RW, &run);
			if (r) {
				run_text(&run, rt, sizeof(rt));
				return wfail(w, "round %d: EACCEPT of page %llu: %#llx (%s)",
					     round, (unsigned long long)p,
					     (unsigned long long)r, rt);
			}
			if (!put(s, dyn_page(s, p) + (p % 509) * 8,
				 value_of(w, p, round), &run))
				return wfail(w, "round %d: write to page %llu",
					     round, (unsigned long long)p);
			w->val[p] = value_of(w, p, round);
		}
		/* Everything this enclave still has holds its value. */
		for (p = 0; p < first + CHUNK; p++) {
			if (!w->val[p])
				continue;
			if (!get(s, dyn_page(s, p) + (p % 509) * 8, &v, &run) ||
			    v != w->val[p])
				return wfail(w, "round %d: page %llu reads %#llx, want %#llx",
					     round, (unsigned long long)p,
					     (unsigned long long)v,
					     (unsigned long long)w->val[p]);
			w->checked++;
		}
		if (!(round & 1))
			continue;
		/* Trim and remove the chunk of the round before. */
		first -= CHUNK;
		off = dyn_page(s, first) - s->e.base;
		{
			struct sgx2_enclave_modify_types mt = {
				.offset = off, .length = len,
				.page_type = SGX2_PAGE_TYPE_TRIM,
			};
			struct sgx2_enclave_remove_pages rm = {
				.offset = off, .length = len,
			};

			ret = xioctl(s->fd, SGX2_IOC_ENCLAVE_MODIFY_TYPES, &mt);
			if (ret || mt.result || mt.count != len)
				return wfail(w, "round %d: MODIFY_TYPES(TRIM): %d result %#llx count %llu",
					     round, ret, (unsigned long long)mt.result,
					     (unsigned long long)mt.count);
			for (p = first; p < first + CHUNK; p++) {
				r = eaccept(s, dyn_page(s, p), SI_TRIMMED, &run);
				if (r)
					return wfail(w, "round %d: EACCEPT(TRIM) of page %llu: %#llx",
						     round, (unsigned long long)p,
						     (unsigned long long)r);
			}
			ret = xioctl(s->fd, SGX2_IOC_ENCLAVE_REMOVE_PAGES, &rm);
			if (ret || rm.count != len)
				return wfail(w, "round %d: REMOVE_PAGES: %d count %llu",
					     round, ret, (unsigned long long)rm.count);
		}
		for (p = first; p < first + CHUNK; p++)
			w->val[p] = 0;
		w->removed += CHUNK;
	}
	w->ok = true;
	return NULL;
}

/* From this thread: every live page of @w's enclave holds its value. */
static bool recheck(struct worker *w, char *why, size_t len)
{
	struct sgx2_enclave_run run;
	uint64_t p, v = 0;

	for (p = 0; p < CHUNK * ROUNDS; p++) {
		if (!w->val[p])
			continue;
		if (!get(w->s, dyn_page(w->s, p) + (p % 509) * 8, &v, &run) ||
		    v != w->val[p]) {
			snprintf(why, len, "page %llu reads %#llx, want %#llx",
				 (unsigned long long)p, (unsigned long long)v,
				 (unsigned long long)w->val[p]);
			return false;
		}
	}
	return true;
}

/* A removed page is gone: reading it faults on a new PENDING page. */
static bool removed_faults(struct side *s, uint64_t page, char *why, size_t len)
{
	struct sgx2_enclave_run run;
	uint64_t v;

	if (!get(s, dyn_page(s, page), &v, &run) &&
	    run.exception_vector == 14 && (run.exception_error_code & PF_SGX))
		return true;
	run_text(&run, why, len);
	return false;
}

static void phase_both(void)
{
	struct side k, m;
	struct worker wk = { 0 }, wm = { 0 };
	pthread_t tk, tm;
	char why[256];
	long held, want;
	bool ok;

	ok = side_open(&k, KERNEL_DEV, CHUNK * ROUNDS, why, sizeof(why));
	tap_result(ok, "the test enclave built, EINITed and mapped on %s", KERNEL_DEV);
	if (!ok) {
		note("%s", why);
		return;
	}
	ok = side_open(&m, SGX2_EDMM_DEVICE_PATH, CHUNK * ROUNDS, why,
		       sizeof(why));
	tap_result(ok, "the test enclave built, EINITed and mapped on %s",
		   SGX2_EDMM_DEVICE_PATH);
	if (!ok) {
		note("%s", why);
		side_close(&k);
		return;
	}
	tap_result(!strcmp(sgx2_runtime_backend(), "hw"),
		   "both are entered through the vDSO (runtime backend %s)",
		   sgx2_runtime_backend());

	wk.s = &k;
	wk.tag = 0x6b00000000000000ULL;
	wm.s = &m;
	wm.tag = 0x6d00000000000000ULL;
	wm.augment = true;
	pthread_create(&tk, NULL, worker_run, &wk);
	pthread_create(&tm, NULL, worker_run, &wm);
	pthread_join(tk, NULL);
	pthread_join(tm, NULL);
	tap_result(wk.ok,
		   "in-kernel enclave, concurrently with the module's: %lu pages EAUGed by fault and EACCEPTed, %lu trimmed and removed, %lu reads checked",
		   wk.eaug_fault, wk.removed, wk.checked);
	if (!wk.ok)
		note("in-kernel: %s", wk.why);
	tap_result(wm.ok,
		   "module enclave, concurrently with the in-kernel one: %lu pages EAUGed by AUGMENT_PAGES and %lu by fault, EACCEPTed, %lu trimmed and removed, %lu reads checked",
		   wm.eaug_ioctl, wm.eaug_fault, wm.removed, wm.checked);
	if (!wm.ok)
		note("module: %s", wm.why);

	ok = recheck(&wk, why, sizeof(why));
	tap_result(ok, "afterwards, from one thread: every page the in-kernel enclave kept holds its value");
	if (!ok)
		note("%s", why);
	ok = recheck(&wm, why, sizeof(why));
	tap_result(ok, "afterwards, from one thread: every page the module enclave kept holds its value");
	if (!ok)
		note("%s", why);
	ok = removed_faults(&k, 0, why, sizeof(why));
	tap_result(ok, "a page the in-kernel enclave removed faults again (#PF, SGX bit)");
	if (!ok)
		note("%s", why);

	/* The module's own count: SECS, image, kept dynamic pages. */
	want = 1 + (long)m.added + (long)(wm.eaug_ioctl + wm.eaug_fault - wm.removed);
	held = encl_epc_pages(&m);
	tap_result(held == want && module_stat("epc_pages") == want,
		   "the module enclave holds %ld EPC pages (module-wide %ld), want %ld: SECS, %llu added, %lu dynamic",
		   held, module_stat("epc_pages"), want,
		   (unsigned long long)m.added,
		   wm.eaug_ioctl + wm.eaug_fault - wm.removed);
	ok = removed_faults(&m, 0, why, sizeof(why));
	tap_result(ok, "a page the module enclave removed faults again (#PF, SGX bit)");
	if (!ok)
		note("%s", why);

	side_close(&k);
	side_close(&m);
	held = module_stat("epc_pages");
	tap_result(held == 0, "both closed: the module holds no EPC page (epc_pages %ld)",
		   held);
}

/* ---- whole: the EPC is whole again ------------------------------------------ */

/* (1) The in-kernel driver takes all of the EPC but the margin. */
static void whole_kernel_fill(long total)
{
	struct reclaim_count c0, c1;
	char why[256];
	struct side k;
	bool ok;
	long n;

	reclaim_now(&c0);
	ok = side_open(&k, KERNEL_DEV, total, why, sizeof(why));
	if (!ok) {
		tap_result(0, "an in-kernel enclave with an ELRANGE of the EPC's size");
		note("%s", why);
		return;
	}
	n = kernel_fill_pages(total, 0, &k);
	ok = fill_by_eaccept(&k, n, why, sizeof(why));
	tap_result(ok, "an in-kernel enclave EAUGs and EACCEPTs %ld pages: the EPC (%ld) but SECS, %llu added, VA pages and %d free",
		   n, total, (unsigned long long)k.added, MARGIN);
	if (!ok)
		note("%s", why);
	sleep(1);	/* ksgxd, if it was woken, has run */
	reclaim_now(&c1);
	tap_result(c0.passes >= 0 && c0.ewb >= 0 && c1.passes == c0.passes &&
		   c1.ewb == c0.ewb,
		   "... without any reclaim by the in-kernel driver: %ld reclaim passes, %ld pages evicted",
		   c1.passes - c0.passes, c1.ewb - c0.ewb);
	tap_result(ok && ends_work(&k, n),
		   "its first and last dynamic pages hold what the enclave writes");
	side_close(&k);
}

/* (2) One module enclave takes every page (the budget is the whole EPC). */
static void whole_module_all(long total)
{
	struct sgx2_enclave_augment_pages ap = { 0 };
	char why[256];
	long held, want;
	struct side m;
	bool ok;
	int ret;

	if (!side_open(&m, SGX2_EDMM_DEVICE_PATH, total, why,
		       sizeof(why))) {
		tap_result(0, "a module enclave with an ELRANGE above the EPC's size");
		note("%s", why);
		return;
	}
	ap.offset = m.dyn - m.e.base;
	ap.length = m.dyn_pages * PAGE;
	ret = xioctl(m.fd, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap);
	want = total - 1 - (long)m.added;
	held = encl_epc_pages(&m);
	tap_result(ret == -ENOMEM && (long)(ap.count / PAGE) == want &&
		   held == total,
		   "one module enclave gets every EPC page: AUGMENT_PAGES of %llu pages adds %llu (want %ld) and returns %d (want -ENOMEM); the enclave holds %ld of %ld",
		   (unsigned long long)m.dyn_pages,
		   (unsigned long long)(ap.count / PAGE), want, ret, held,
		   total);
	ok = fill_by_eaccept(&m, 2, why, sizeof(why)) && ends_work(&m, 2);
	tap_result(ok, "the module enclave EACCEPTs and uses its pages");
	if (!ok)
		note("%s", why);
	side_close(&m);
}

/*
 * (3) The control: the kprobes do see reclaim when there is some.  The
 * module keeps all of the EPC but MARGIN pages and an in-kernel enclave
 * EAUGs twice as many: ksgxd must evict the in-kernel enclave's own pages.
 * Only the counts are checked; the enclave's progress is a note.
 */
static void whole_control(long total)
{
	struct sgx2_enclave_augment_pages ap = { 0 };
	struct reclaim_count c0, c1;
	struct side k, m;
	char why[256];
	bool ok;
	int ret;

	if (!side_open(&m, SGX2_EDMM_DEVICE_PATH, total, why,
		       sizeof(why))) {
		tap_result(0, "control: a module enclave with an ELRANGE above the EPC's size");
		note("%s", why);
		return;
	}
	ap.offset = m.dyn - m.e.base;
	ap.length = (total - MARGIN - 1 - m.added) * PAGE;
	ret = xioctl(m.fd, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap);
	reclaim_now(&c0);
	ok = !ret && side_open(&k, KERNEL_DEV, 2 * MARGIN, why,
			       sizeof(why));
	if (ok) {
		if (fill_by_eaccept(&k, 2 * MARGIN, why, sizeof(why)))
			note("control: the in-kernel enclave EACCEPTed its %d pages",
			     2 * MARGIN);
		else
			note("control: %s", why);
		sleep(1);
	} else {
		note("control: AUGMENT_PAGES %d count %llu; %s", ret,
		     (unsigned long long)ap.count, ret ? "" : why);
	}
	reclaim_now(&c1);
	tap_result(ok && c1.passes > c0.passes && c1.ewb > c0.ewb,
		   "control: with the module holding all but %d pages, an in-kernel enclave EAUGing %d makes the kprobes count reclaim (%ld passes, %ld pages evicted)",
		   MARGIN, 2 * MARGIN, c1.passes - c0.passes, c1.ewb - c0.ewb);
	if (ok)
		side_close(&k);
	side_close(&m);
}

static void phase_whole(long leak)
{
	long total = epc_pages_total(), held, budget;
	struct side hold = { .fd = -1 };
	char why[256];
	bool ok;

	tap_result(total > 0 && total == read_long(PARAMS "epc_total_pages"),
		   "the EPC has %ld pages (in-kernel sysfs), the module sees %ld",
		   total, read_long(PARAMS "epc_total_pages"));
	held = module_stat("epc_pages");
	tap_result(held == 0, "the module holds no EPC page (epc_pages %ld)", held);
	budget = read_long(PARAMS "epc_budget_pages");
	tap_result(budget == total,
		   "the module's budget is the whole EPC (epc_budget_pages %ld of %ld)",
		   budget, total);
	if (total <= 0 || budget != total) {
		note("load the module with epc_budget=100%% (or write it) for this phase");
		return;
	}
	if (leak > 0) {
		struct sgx2_enclave_augment_pages ap = { 0 };

		note("-l %ld: a module enclave keeps %ld pages through this phase, as leaked pages would",
		     leak, leak);
		if (!side_open(&hold, SGX2_EDMM_DEVICE_PATH, leak, why,
			       sizeof(why))) {
			note("%s", why);
		} else {
			ap.offset = hold.dyn - hold.e.base;
			ap.length = leak * PAGE;
			xioctl(hold.fd, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap);
		}
	}
	ok = probes_add();
	tap_result(ok, "kprobes on the in-kernel driver's sgx_reclaim_pages() and sgx_encl_ewb()");
	if (ok) {
		whole_kernel_fill(total);
		whole_module_all(total);
		whole_control(total);
	}
	probes_remove();
	if (hold.fd >= 0)
		side_close(&hold);
	held = module_stat("epc_pages");
	tap_result(held == 0, "closed: the module holds no EPC page (epc_pages %ld)",
		   held);
}

/* ---- budget: the module at its budget ---------------------------------------- */

static void phase_budget(void)
{
	long total = epc_pages_total(), budget, n, held, want;
	struct reclaim_count c0, c1;
	struct sgx2_enclave_augment_pages ap = { 0 };
	struct side k, m;
	char why[256];
	bool ok;
	int ret;

	budget = read_long(PARAMS "epc_budget_pages");
	tap_result(budget > 0 && budget < total / 2,
		   "the module's budget is small: %ld of %ld EPC pages",
		   budget, total);
	if (budget <= 0 || budget >= total / 2)
		return;
	if (!side_open(&m, SGX2_EDMM_DEVICE_PATH, budget, why,
		       sizeof(why))) {
		tap_result(0, "a module enclave with an ELRANGE above its budget");
		note("%s", why);
		return;
	}
	ap.offset = m.dyn - m.e.base;
	ap.length = m.dyn_pages * PAGE;
	ret = xioctl(m.fd, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap);
	want = budget - 1 - (long)m.added;
	held = module_stat("epc_pages");
	tap_result(ret == -ENOMEM && (long)(ap.count / PAGE) == want &&
		   held == budget,
		   "AUGMENT_PAGES of %llu pages stops at the budget: adds %llu (want %ld) and returns %d (want -ENOMEM); the module holds %ld of its %ld",
		   (unsigned long long)m.dyn_pages,
		   (unsigned long long)(ap.count / PAGE), want, ret, held,
		   budget);
	ok = fill_by_eaccept(&m, 4, why, sizeof(why)) && ends_work(&m, 4);
	tap_result(ok, "the module enclave EACCEPTs and uses its pages");
	if (!ok)
		note("%s", why);

	ok = probes_add();
	tap_result(ok, "kprobes on the in-kernel driver's sgx_reclaim_pages() and sgx_encl_ewb()");
	if (!ok) {
		side_close(&m);
		return;
	}
	reclaim_now(&c0);
	ok = side_open(&k, KERNEL_DEV, total - budget, why,
		       sizeof(why));
	tap_result(ok, "while the module is at its budget, an in-kernel enclave is built (ECREATE, EADD, EINIT)");
	if (!ok) {
		note("%s", why);
		probes_remove();
		side_close(&m);
		return;
	}
	n = kernel_fill_pages(total, budget, &k);
	ok = fill_by_eaccept(&k, n, why, sizeof(why));
	tap_result(ok, "... and EAUGs and EACCEPTs %ld pages: all the module leaves but SECS, %llu added, VA pages and %d free",
		   n, (unsigned long long)k.added, MARGIN);
	if (!ok)
		note("%s", why);
	sleep(1);
	reclaim_now(&c1);
	tap_result(c0.passes >= 0 && c0.ewb >= 0 && c1.passes == c0.passes &&
		   c1.ewb == c0.ewb,
		   "... without any reclaim by the in-kernel driver: %ld reclaim passes, %ld pages evicted",
		   c1.passes - c0.passes, c1.ewb - c0.ewb);
	probes_remove();
	tap_result(ok && ends_work(&k, n) && ends_work(&m, 4),
		   "both enclaves, alive together, hold what they write");
	memset(&ap, 0, sizeof(ap));
	ap.offset = dyn_page(&m, m.dyn_pages - 1) - m.e.base;
	ap.length = PAGE;
	ret = xioctl(m.fd, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &ap);
	tap_result(ret == -ENOMEM && module_stat("epc_pages") == budget,
		   "the module still gets no page beyond its budget (AUGMENT_PAGES of one more page: %d, want -ENOMEM; epc_pages %ld)",
		   ret, module_stat("epc_pages"));
	side_close(&k);
	side_close(&m);
	held = module_stat("epc_pages");
	tap_result(held == 0, "both closed: the module holds no EPC page (epc_pages %ld)",
		   held);
}

int main(int argc, char **argv)
{
	static char def[4096];
	long leak = 0;
	int opt;

	while ((opt = getopt(argc, argv, "e:l:")) != -1) {
		switch (opt) {
		case 'e':
			elf_path = optarg;
			break;
		case 'l':
			leak = atol(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1)
		goto usage;
	if (!elf_path) {
		ssize_t n = readlink("/proc/self/exe", def, sizeof(def) - 32);

		if (n < 0)
			n = 0;
		def[n] = 0;
		strcpy(strrchr(def, '/') ? strrchr(def, '/') + 1 : def,
		       "test_encl.elf");
		elf_path = def;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[optind], "both"))
		phase_both();
	else if (!strcmp(argv[optind], "whole"))
		phase_whole(leak);
	else if (!strcmp(argv[optind], "budget"))
		phase_budget();
	else
		goto usage;
	return tap_done();
usage:
	fprintf(stderr, "usage: %s [-e ELF] [-l PAGES] both|whole|budget\n",
		argv[0]);
	return 2;
}
