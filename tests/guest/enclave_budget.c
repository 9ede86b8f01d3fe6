// SPDX-License-Identifier: GPL-2.0
/*
 * enclave_budget.c - the module's EPC budget (module parameter epc_budget):
 * the values the parameter refuses, and a budget reached answering like a
 * full EPC on every path that takes EPC pages: EAUG on a fault (SIGBUS, or
 * #PF to the enclave), AUGMENT_PAGES (ENOMEM with the count that fit),
 * WILLNEED (stops early, returns 0), CREATE and ADD_PAGES (ENOMEM).
 *
 * The tests change the parameter and put the value they found back,
 * whatever happened.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "enclave_test.h"

static int budget_pages(long pages)
{
	char text[32];

	snprintf(text, sizeof(text), "%ld", pages);
	return param_write("epc_budget", text);
}

/* ---- the parameter ------------------------------------------------------ */

/* @text is refused with EINVAL, and nothing changes. */
static bool refused(const char *text, const char *before, long before_pages)
{
	char now[64];
	int ret = param_write("epc_budget", text);

	CHECK(ret == -EINVAL, "writing '%s': %d, want EINVAL", text, ret);
	CHECK(param_read("epc_budget", now, sizeof(now)) && !strcmp(now, before),
	      "epc_budget is '%s' after a refused write, was '%s'", now, before);
	CHECK(param_long("epc_budget_pages") == before_pages,
	      "epc_budget_pages %ld after a refused write, was %ld",
	      param_long("epc_budget_pages"), before_pages);
	return true;
}

/* @text is taken, reads back as @text and allows @pages. */
static bool accepted(const char *text, long pages)
{
	char now[64];
	int ret = param_write("epc_budget", text);

	CHECK(ret == 0, "writing '%s': %d", text, ret);
	CHECK(param_read("epc_budget", now, sizeof(now)) && !strcmp(now, text),
	      "epc_budget reads '%s' after '%s'", now, text);
	CHECK(param_long("epc_budget_pages") == pages,
	      "'%s': epc_budget_pages %ld, want %ld", text,
	      param_long("epc_budget_pages"), pages);
	return true;
}

static bool read_only(const char *name)
{
	long before = param_long(name);
	int ret = param_write(name, "1");

	CHECK(ret < 0, "writing 1 to %s succeeded", name);
	CHECK(param_long(name) == before, "%s changed: %ld -> %ld", name, before,
	      param_long(name));
	return true;
}

static bool budget_param_rows(long total, const char *saved, long saved_pages)
{
	static const char * const bad[] = {
		"0", "0%", "000", "101%", "-1", "+1", "12x", "0x10", " 5",
		"5 %", "%", "50%%", "1.5%",
	};
	const char *n = "budget_param";
	char text[32];
	bool ok = true;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok &= row(refused(bad[i], saved, saved_pages), n,
			  "'%s' -> EINVAL, unchanged", bad[i]);
	snprintf(text, sizeof(text), "%ld", total + 1);
	ok &= row(refused(text, saved, saved_pages), n,
		  "%s pages, one more than the EPC -> EINVAL, unchanged", text);
	ok &= row(read_only("epc_budget_pages"), n,
		  "epc_budget_pages is read-only");
	ok &= row(read_only("epc_total_pages"), n,
		  "epc_total_pages is read-only");

	ok &= row(accepted("7", 7), n, "'7' -> 7 pages");
	ok &= row(accepted("50%", total / 2), n, "'50%%' -> %ld pages",
		  total / 2);
	ok &= row(accepted("1%", total / 100), n, "'1%%' -> %ld pages",
		  total / 100);
	snprintf(text, sizeof(text), "%ld", total);
	ok &= row(accepted(text, total), n, "'%s' (the whole EPC) -> %ld pages",
		  text, total);
	ok &= row(accepted("100%", total), n, "'100%%' -> %ld pages", total);
	return ok;
}

/*
 * The three parameters read back; loaded without epc_budget, the default
 * is 100% of the EPC on the sim and 75% of the CPU's on hw.  Then refused
 * and accepted values.
 */
bool t_budget_param(struct tenc *t)
{
	const char *n = "budget_param";
	long total, pages;
	char saved[64];
	bool ok;

	(void)t;
	ok = param_read("epc_budget", saved, sizeof(saved));
	total = param_long("epc_total_pages");
	pages = param_long("epc_budget_pages");
	if (!row(ok && total > 0 && pages > 0 && pages <= total, n,
		 "epc_budget '%s': %ld of %ld pages", ok ? saved : "(missing)",
		 pages, total))
		return false;
	if (is_sim())
		ok &= row(total == sim_epc_pages() && !strcmp(saved, "100%") &&
			  pages == total, n,
			  "sim: EPC %ld pages (sim_epc_mb), default budget 100%%",
			  sim_epc_pages());
	else
		ok &= row(total == cpuid_epc_pages() &&
			  !strcmp(saved, "75%") && pages == total * 3 / 4, n,
			  "hw: EPC %ld pages (CPUID leaf 0x12), default budget "
			  "75%%", cpuid_epc_pages());

	ok &= budget_param_rows(total, saved, pages);

	if (param_write("epc_budget", saved) ||
	    param_long("epc_budget_pages") != pages)
		ok &= row(false, n, "epc_budget '%s' put back", saved);
	return ok;
}

/* ---- a budget reached is a full EPC --------------------------------------- */

static sigjmp_buf sigbus_jmp;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(sigbus_jmp, 1);
}

/* Read @addr from outside the enclave: did it raise SIGBUS? */
static bool read_sigbus(uint64_t addr)
{
	struct sigaction sa = { .sa_handler = on_sigbus }, old;
	volatile bool bus = false;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(sigbus_jmp, 1))
		bus = true;
	else
		(void)*(volatile uint8_t *)(uintptr_t)addr;
	sigaction(SIGBUS, &old, NULL);
	return bus;
}

/* An enclave created from a hand-made SECS, not initialized; -errno. */
static int create_fd(int *fdp)
{
	struct encl_secs *s = aligned_alloc(PAGE, sizeof(*s));
	struct sgx2_enclave_create c = { 0 };
	int fd, ret;

	*fdp = -1;
	if (!s)
		return -ENOMEM;
	memset(s, 0, sizeof(*s));
	s->base = 1ULL << 32;
	s->size = 0x10000;
	s->ssa_frame_size = 1;
	s->attributes = ENCL_ATTR_MODE64BIT;
	s->xfrm = ENCL_XFRM_DEFAULT;
	fd = open(SGX2_EDMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		free(s);
		return -errno;
	}
	c.src = (uint64_t)(uintptr_t)s;
	ret = xioctl(fd, SGX2_IOC_ENCLAVE_CREATE, &c);
	free(s);
	*fdp = fd;
	return ret;
}

/* ADD_PAGES of @pages measured RW pages at offset 0 of @fd; -errno. */
static int add_pages(int fd, unsigned long pages, uint64_t *count)
{
	struct encl_secinfo *si = aligned_alloc(64, sizeof(*si));
	struct sgx2_enclave_add_pages a = { 0 };
	void *src;
	int ret;

	src = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!si || src == MAP_FAILED) {
		free(si);
		return -ENOMEM;
	}
	memset(si, 0, sizeof(*si));
	si->flags = SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W;
	a.src = (uint64_t)(uintptr_t)src;
	a.length = pages * PAGE;
	a.secinfo = (uint64_t)(uintptr_t)si;
	a.flags = SGX2_PAGE_MEASURE;
	ret = xioctl(fd, SGX2_IOC_ENCLAVE_ADD_PAGES, &a);
	*count = a.count;
	munmap(src, pages * PAGE);
	free(si);
	return ret;
}

/* Budget: the pages held now plus @extra. */
static bool room(long extra)
{
	long held = global_epc_pages();
	int ret = budget_pages(held + extra);

	CHECK(held >= 0 && ret == 0, "budget of %ld + %ld pages: %d", held,
	      extra, ret);
	return true;
}

static bool full_augment(struct tenc *t)
{
	uint64_t count = ~0ULL;
	long budget;
	int ret;

	TRY(room(8));
	budget = param_long("epc_budget_pages");
	ret = ioc_augment(t, off_of(t, heap_page(t, 0)), 12 * PAGE, &count);
	CHECK(ret == -ENOMEM && count == 8 * PAGE,
	      "AUGMENT of 12 pages with 8 left: %d count %llu", ret, U(count));
	CHECK(global_epc_pages() == budget, "%ld pages held, budget %ld",
	      global_epc_pages(), budget);
	ret = ioc_augment(t, off_of(t, heap_page(t, 12)), PAGE, &count);
	CHECK(ret == -ENOMEM && count == 0, "AUGMENT at the budget: %d count %llu",
	      ret, U(count));
	return true;
}

static bool full_fault_sigbus(struct tenc *t)
{
	uint64_t eaugs = encl_stat(t, SGX2_STAT_EAUG);

	CHECK(read_sigbus(heap_page(t, 20)),
	      "a read of a missing page at the budget did not raise SIGBUS");
	CHECK(encl_stat(t, SGX2_STAT_EAUG) == eaugs, "a page was EAUGed");
	return true;
}

static bool full_fault_eaccept(struct tenc *t)
{
	uint64_t r = eaccept(t, 0, heap_page(t, 21), SI_PENDING_RW);

	CHECK(r == ENCLU_NO_EXIT && t->run.exception_vector == 14,
	      "EACCEPT of a missing page at the budget: %#llx vector %u", U(r),
	      t->run.exception_vector);
	return true;
}

static bool full_willneed(struct tenc *t)
{
	uint64_t eaugs = encl_stat(t, SGX2_STAT_EAUG);
	int ret;

	TRY(room(3));
	CHECK(!madvise((void *)heap_page(t, 24), 8 * PAGE, MADV_WILLNEED),
	      "madvise: %s", strerror(errno));
	CHECK(encl_stat(t, SGX2_STAT_EAUG) - eaugs == 3,
	      "madvise of 8 pages with 3 left EAUGed %llu",
	      U(encl_stat(t, SGX2_STAT_EAUG) - eaugs));

	TRY(room(2));
	ret = posix_fadvise(t->fd, (off_t)heap_page(t, 32), 8 * PAGE,
			    POSIX_FADV_WILLNEED);
	CHECK(ret == 0, "posix_fadvise: %s", strerror(ret));
	CHECK(encl_stat(t, SGX2_STAT_EAUG) - eaugs == 5,
	      "fadvise of 8 pages with 2 left EAUGed %llu",
	      U(encl_stat(t, SGX2_STAT_EAUG) - eaugs - 3));
	return true;
}

static bool full_create(void)
{
	long held = global_epc_pages();
	int fd, ret;

	TRY(room(0));
	ret = create_fd(&fd);
	if (fd >= 0)
		close(fd);
	CHECK(ret == -ENOMEM, "CREATE at the budget: %d, want ENOMEM", ret);
	CHECK(global_epc_pages() == held, "pages held %ld -> %ld", held,
	      global_epc_pages());
	return true;
}

/* The SECS and 2 pages fit; *@fd keeps them for the next row. */
static bool full_add_pages(int *fd)
{
	uint64_t count = ~0ULL;
	int ret;

	TRY(room(3));
	ret = create_fd(fd);
	CHECK(ret == 0, "CREATE: %d", ret);
	ret = add_pages(*fd, 4, &count);
	CHECK(ret == -ENOMEM && count == 2 * PAGE,
	      "ADD_PAGES of 4 pages with 2 left: %d count %llu", ret, U(count));
	return true;
}

/*
 * Below the pages held: accepted, nothing taken back, and no page until
 * enough are freed - by closing an enclave (3 pages) and by REMOVE_PAGES
 * (2 more, to one page under the budget).
 */
static bool full_lowered(struct tenc *t, int *fd)
{
	long held = global_epc_pages();
	uint64_t count = ~0ULL, result = 1;
	int ret;

	ret = budget_pages(held - 4);
	CHECK(ret == 0, "budget 4 pages below the %ld held: %d", held, ret);
	CHECK(param_long("epc_budget_pages") == held - 4, "epc_budget_pages %ld",
	      param_long("epc_budget_pages"));
	CHECK(global_epc_pages() == held, "pages held %ld -> %ld", held,
	      global_epc_pages());

	close(*fd);
	*fd = -1;
	CHECK(global_epc_pages() == held - 3, "closing freed %ld pages, want 3",
	      held - global_epc_pages());
	ret = ioc_augment(t, off_of(t, heap_page(t, 40)), PAGE, &count);
	CHECK(ret == -ENOMEM && count == 0, "AUGMENT over the budget: %d", ret);

	/* Pages 0 and 1 (AUGMENTed, PENDING) go; TCS 1 after the #PF. */
	TRY(eaccept_range(t, 1, heap_page(t, 0), 2, SI_PENDING_RW));
	ret = ioc_modt(t, off_of(t, heap_page(t, 0)), 2 * PAGE,
		       SGX2_PAGE_TYPE_TRIM, &result, &count);
	CHECK(ret == 0 && count == 2 * PAGE, "TRIM: %d count %llu", ret,
	      U(count));
	TRY(eaccept_range(t, 1, heap_page(t, 0), 2, SI_TRIMMED));
	ret = ioc_remove(t, off_of(t, heap_page(t, 0)), 2 * PAGE, &count);
	CHECK(ret == 0 && count == 2 * PAGE, "REMOVE: %d count %llu", ret,
	      U(count));
	CHECK(global_epc_pages() == held - 5, "%ld pages held, want %ld",
	      global_epc_pages(), held - 5);

	ret = ioc_augment(t, off_of(t, heap_page(t, 40)), 2 * PAGE, &count);
	CHECK(ret == -ENOMEM && count == PAGE,
	      "AUGMENT of 2 pages with 1 left: %d count %llu", ret, U(count));
	return true;
}

struct racer {
	struct tenc t;
	uint64_t count;
	int ret;
	pthread_barrier_t *go;
};

static void *race(void *arg)
{
	struct racer *r = arg;

	pthread_barrier_wait(r->go);
	r->ret = ioc_augment(&r->t, off_of(&r->t, heap_page(&r->t, 0)),
			     32 * PAGE, &r->count);
	return NULL;
}

/*
 * Four enclaves AUGMENT at once with 40 pages left: exactly 40 go.  They
 * are set up under the budget the test found (@saved).
 */
static bool full_concurrent(const char *saved)
{
	enum { N = 4 };
	struct racer r[N];
	pthread_barrier_t go;
	pthread_t th[N];
	uint64_t sum = 0;
	bool ok = true;
	long budget;
	int i, fail = -1;

	memset(r, 0, sizeof(r));
	for (i = 0; i < N; i++)
		r[i].t.fd = -1;
	ok = !param_write("epc_budget", saved);
	if (!ok)
		snprintf(fail_msg, sizeof(fail_msg), "epc_budget '%s' refused",
			 saved);
	for (i = 0; i < N && ok; i++)
		ok = tenc_setup_dyn(&r[i].t, 32, false);
	if (ok)
		ok = room(40);
	budget = param_long("epc_budget_pages");
	pthread_barrier_init(&go, NULL, N);
	for (i = 0; i < N && ok; i++) {
		r[i].go = &go;
		ok = !pthread_create(&th[i], NULL, race, &r[i]);
	}
	if (ok) {
		for (i = 0; i < N; i++) {
			pthread_join(th[i], NULL);
			sum += r[i].count;
			if (r[i].ret && r[i].ret != -ENOMEM)
				fail = i;
		}
		ok = sum == 40 * PAGE && fail < 0 &&
		     global_epc_pages() == budget;
		if (!ok)
			snprintf(fail_msg, sizeof(fail_msg),
				 "%llu pages went (want 40), %ld held (budget %ld), enclave %d: %d",
				 U(sum / PAGE), global_epc_pages(), budget, fail,
				 fail < 0 ? 0 : r[fail].ret);
	}
	pthread_barrier_destroy(&go);
	for (i = 0; i < N; i++)
		tenc_teardown(&r[i].t);
	return ok;
}

static bool budget_full_rows(struct tenc *t, const char *saved)
{
	const char *n = "budget_full";
	bool ok = true;
	int fd = -1;

	ok &= row(full_augment(t), n,
		  "AUGMENT_PAGES of 12 pages with 8 left -> ENOMEM, count 8 pages");
	ok &= row(full_fault_sigbus(t), n,
		  "a fault on a missing page at the budget -> SIGBUS");
	ok &= row(full_fault_eaccept(t), n,
		  "EACCEPT of a missing page at the budget -> #PF in the enclave");
	ok &= row(full_willneed(t), n,
		  "madvise/fadvise WILLNEED of 8 pages with 3/2 left -> 0, 3/2 pages added");
	ok &= row(full_create(), n, "CREATE at the budget -> ENOMEM");
	ok &= row(full_add_pages(&fd), n,
		  "ADD_PAGES of 4 pages with 2 left -> ENOMEM, count 2 pages");
	ok &= row(full_lowered(t, &fd), n,
		  "budget below the pages held: taken, nothing until close and REMOVE_PAGES free enough");
	if (fd >= 0)
		close(fd);
	ok &= row(full_concurrent(saved), n,
		  "4 enclaves AUGMENT 32 pages each at once with 40 left -> 40 go");
	return ok;
}

/* A budget just above the pages held, path by path. */
bool t_budget_full(struct tenc *t)
{
	const char *n = "budget_full";
	char saved[64];
	bool ok;

	if (!row(param_read("epc_budget", saved, sizeof(saved)), n,
		 "epc_budget readable"))
		return false;
	if (!row(tenc_setup_dyn(t, 64, true), n, "enclave set up"))
		return false;
	ok = budget_full_rows(t, saved);
	if (param_write("epc_budget", saved))
		ok &= row(false, n, "epc_budget '%s' put back", saved);
	return ok;
}
