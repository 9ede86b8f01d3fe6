// SPDX-License-Identifier: GPL-2.0
/*
 * enclave_review.c - regression tests for the review findings: no user
 * mapping outlives the page it maps (mremap, fork), MODIFY_TYPES retried
 * from its progress, WILLNEED on a mapping made before ECREATE, PTEs zapped
 * before the tracking cycle completes, and faults per dynamically added
 * page (added on a fault, or ahead of use).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enclave_test.h"

#define MARK	0x5ec5ec0ffeeULL

/*
 * Read the qword at @addr from a child process once @go is readable.
 * Returns 1 when the read faulted (SIGSEGV or SIGBUS), 0 with *@v set when
 * it succeeded, -1 when the child could not run.
 */
static int child_read(uint64_t addr, int go, uint64_t *v)
{
	int pfd[2], status;
	pid_t pid;
	char c;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		uint64_t x;

		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		close(pfd[0]);
		if (go >= 0 && read(go, &c, 1) != 1)
			_exit(3);
		x = *(volatile uint64_t *)addr;
		_exit(write(pfd[1], &x, sizeof(x)) == sizeof(x) ? 0 : 2);
	}
	close(pfd[1]);
	if (go >= 0)
		close(go);
	if (read(pfd[0], v, sizeof(*v)) != sizeof(*v))
		*v = 0;
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status) &&
	    (WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGBUS))
		return 1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

/* Trim @pages pages from @addr, accept the trim, remove them. */
static bool trim_accept_remove(struct tenc *t, uint64_t addr,
			       unsigned long pages)
{
	uint64_t count = 0, result = 0;
	int ret;

	ret = ioc_modt(t, off_of(t, addr), pages * PAGE, SGX2_PAGE_TYPE_TRIM,
		       &result, &count);
	CHECK(ret == 0, "MODIFY_TYPES(TRIM): %d result %llu", ret,
	      (unsigned long long)result);
	TRY(eaccept_range(t, 0, addr, pages, SI_TRIMMED));
	ret = ioc_remove(t, off_of(t, addr), pages * PAGE, &count);
	CHECK(ret == 0 && count == pages * PAGE, "REMOVE_PAGES: %d count %llu",
	      ret, (unsigned long long)count);
	return true;
}

/*
 * An enclave mapping cannot move: mremap() fails with EINVAL and leaves the
 * page where it was.  Before, the move succeeded, the zaps of REMOVE_PAGES
 * covered only the enclave address, and the moved mapping went on mapping
 * the freed page (the sim's page went back to the page allocator).
 */
bool t_mremap_refused(struct tenc *t)
{
	uint64_t page = heap_page(t, 0), v = 0;
	void *x, *p;
	int r;

	x = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(x != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(eaccept(t, 0, page, SI_PENDING_RW) == 0, "EACCEPT");
	TRY(put_addr(t, 0, page, MARK));

	p = mremap((void *)page, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, x);
	if (p == MAP_FAILED) {
		CHECK(errno == EINVAL, "mremap: %s, expected EINVAL",
		      strerror(errno));
		munmap(x, PAGE);
		TRY(get_addr(t, 0, page, &v));
		CHECK(v == MARK, "the page reads %#llx after the refused move",
		      (unsigned long long)v);
		return true;
	}

	/* It moved: show what the moved mapping sees once the page is gone. */
	CHECK(mmap((void *)page, PAGE, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_FIXED, t->fd, 0) == (void *)page,
	      "mapping the hole again: %s", strerror(errno));
	TRY(trim_accept_remove(t, page, 1));
	r = child_read((uint64_t)p, -1, &v);
	CHECK(r == 1, "mremap moved an enclave mapping; after REMOVE_PAGES the "
	      "moved mapping %s (first qword %#llx)",
	      r ? "could not be probed" : "still maps the freed page",
	      (unsigned long long)v);
	CHECK(false, "mremap moved an enclave mapping");
	return false;
}

/*
 * A forked child keeps the PTEs fork copied; once the parent removes the
 * page, the child's mapping must be gone too: its read faults into the
 * module.  sim: the fault finds no page it may map (SIGSEGV).  hw: the
 * fault EAUGs a fresh page (EAUG on #PF, as mainline) and the read,
 * outside enclave mode, sees the abort page's all-ones; a read through a
 * stale PTE would see the same, so there the proof is the fault and the
 * EAUG it did, counted in the enclave's stats.
 */
bool t_fork_child_after_remove(struct tenc *t)
{
	uint64_t page = heap_page(t, 0), v = 0;
	struct stsnap a, b;
	int go[2], r;

	CHECK(eaccept(t, 0, page, SI_PENDING_RW) == 0, "EACCEPT");
	TRY(put_addr(t, 0, page, MARK));
	CHECK(!pipe(go), "pipe: %s", strerror(errno));

	/* The child reads when the parent has removed the page. */
	if (!fork()) {
		close(go[1]);
		r = child_read(page, go[0], &v);
		_exit(r == 1 ? 0 : r == 0 && v == MARK ? 1 :
		      r == 0 && v == ~0ULL ? 3 : 2);
	}
	close(go[0]);
	if (!trim_accept_remove(t, page, 1) || !snap(t, &a)) {
		close(go[1]);
		wait(NULL);
		return false;
	}
	CHECK(write(go[1], "g", 1) == 1, "write: %s", strerror(errno));
	close(go[1]);
	CHECK(wait(&r) > 0, "wait: %s", strerror(errno));
	CHECK(snap(t, &b), "STATS");
	CHECK(WIFEXITED(r) && WEXITSTATUS(r) != 1,
	      "the child read the removed page through its copied PTE");
	if (is_sim()) {
		CHECK(WIFEXITED(r) && WEXITSTATUS(r) == 0,
		      "the child's read of the removed page did not fault "
		      "(status %#x)", r);
		return true;
	}
	CHECK(WIFEXITED(r) && WEXITSTATUS(r) == 3,
	      "hw: the child's read did not see the abort page (status %#x)",
	      r);
	CHECK(b.v[SGX2_STAT_FAULTS] > a.v[SGX2_STAT_FAULTS] &&
	      b.v[SGX2_STAT_EAUG] == a.v[SGX2_STAT_EAUG] + 1,
	      "hw: the child's read took %llu faults and %llu EAUGs, want a "
	      "fault and one EAUG (none: it read through a stale PTE)",
	      U(b.v[SGX2_STAT_FAULTS] - a.v[SGX2_STAT_FAULTS]),
	      U(b.v[SGX2_STAT_EAUG] - a.v[SGX2_STAT_EAUG]));
	return true;
}

/*
 * ETRACK fails on the first call, which answers EAGAIN with count 0; the
 * retry from count must succeed although the pages already have the new
 * type (EMODT would refuse TRIM -> TRIM and TCS -> TCS).  A third call on
 * pages already of that type succeeds too.
 */
static bool modify_types_retry(struct tenc *t, uint64_t type,
			       uint64_t accept_flags)
{
	uint64_t off = off_of(t, heap_page(t, 0)), count = 1, result = 1;
	bool ok;
	int ret;

	SIM_INJECT_ONLY();
	TRY(eaccept_range(t, 0, heap_page(t, 0), 8, SI_PENDING_RW));
	CHECK(!ioc_set_policy(t, SGX2_POLICY_PER_RANGE, 0), "SET_POLICY");

	CHECK(inject("etrack:17:1"), "cannot arm sim_inject");
	ret = ioc_modt(t, off, 8 * PAGE, type, &result, &count);
	ok = inject("off");
	CHECK(ok, "cannot disarm sim_inject");
	CHECK(ret == -EAGAIN && count == 0,
	      "first call: ret %d count %llu, expected -EAGAIN 0", ret,
	      (unsigned long long)count);

	ret = ioc_modt(t, off + count, 8 * PAGE - count, type, &result, &count);
	CHECK(ret == 0 && count == 8 * PAGE,
	      "retry from count: ret %d (%s) count %llu result %llu", ret,
	      strerror(-ret), (unsigned long long)count,
	      (unsigned long long)result);
	ret = ioc_modt(t, off, 8 * PAGE, type, &result, &count);
	CHECK(ret == 0 && count == 8 * PAGE, "third call: ret %d count %llu",
	      ret, (unsigned long long)count);
	if (accept_flags)
		TRY(eaccept_range(t, 0, heap_page(t, 0), 8, accept_flags));
	return true;
}

bool t_modify_types_retry_trim(struct tenc *t)
{
	return modify_types_retry(t, SGX2_PAGE_TYPE_TRIM, SI_TRIMMED);
}

/* Not accepted: EACCEPT checks the contents of a new TCS (t_tcs_create). */
bool t_modify_types_retry_tcs(struct tenc *t)
{
	return modify_types_retry(t, SGX2_PAGE_TYPE_TCS, 0);
}

/*
 * ELRANGE reserved by a mapping of the enclave fd made before ECREATE and
 * trimmed to the aligned base (Intel's SGX SDK): MADV_WILLNEED on the part
 * that stayed mapped adds exactly the pages advised, which the enclave
 * then accepts without a fault.  Before, the mapping's file offset was its
 * offset in the reservation, and the advice added other pages or none.
 */
bool t_willneed_sdk_reservation(struct tenc *t)
{
	uint64_t eaugs, faults;

	TRY(tenc_setup_reserve_on_fd(t, HEAP_PAGES));
	CHECK(!mprotect((void *)t->heap, t->heap_size, PROT_READ | PROT_WRITE),
	      "mprotect of the reserved heap: %s", strerror(errno));
	eaugs = encl_stat(t, SGX2_STAT_EAUG);
	faults = encl_stat(t, SGX2_STAT_EAUG_FAULTS);
	CHECK(!madvise((void *)heap_page(t, 4), 16 * PAGE, MADV_WILLNEED),
	      "madvise: %s", strerror(errno));
	CHECK(encl_stat(t, SGX2_STAT_EAUG) - eaugs == 16,
	      "madvise EAUGed %llu pages, expected 16",
	      (unsigned long long)(encl_stat(t, SGX2_STAT_EAUG) - eaugs));
	TRY(eaccept_range(t, 0, heap_page(t, 4), 16, SI_PENDING_RW));
	CHECK(encl_stat(t, SGX2_STAT_EAUG_FAULTS) == faults,
	      "%llu of the advised pages were not there when accepted",
	      (unsigned long long)(encl_stat(t, SGX2_STAT_EAUG_FAULTS) - faults));
	return true;
}

/* Whether every page of [@addr, @addr + @pages pages) is set in @zapped. */
static bool covered(const bool *zapped, uint64_t heap, unsigned long n,
		    unsigned long long addr, unsigned long pages)
{
	unsigned long i, first;

	if (addr < heap || (addr - heap) / PAGE + pages > n)
		return false;
	first = (addr - heap) / PAGE;
	for (i = first; i < first + pages; i++)
		if (!zapped[i])
			return false;
	return true;
}

/*
 * Replay the trace: every page of each batch event of @op must have been
 * zapped (sgx2_zap) before the event, i.e. before its tracking cycle
 * completed.  @n pages from t->heap.
 */
static bool zaps_precede_batches(struct tenc *t, const char *op,
				 unsigned long n, int *batches)
{
	unsigned long long addr;
	unsigned long pages, i, first;
	bool zapped[64] = { false };
	char line[512], *p;
	FILE *f;

	*batches = 0;
	f = fopen(TRACE_DIR "trace", "r");
	CHECK(f, "trace: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		p = strstr(line, "sgx2_zap: ");
		if (p && sscanf(p, "sgx2_zap: addr=%llx pages=%lu", &addr,
				&pages) == 2) {
			for (i = 0; i < pages; i++) {
				if (addr + i * PAGE < t->heap)
					continue;
				first = (addr + i * PAGE - t->heap) / PAGE;
				if (first < n)
					zapped[first] = true;
			}
			continue;
		}
		p = strstr(line, op);
		if (!p || sscanf(p + strlen(op), " addr=%llx pages=%lu", &addr,
				 &pages) != 2)
			continue;
		++*batches;
		if (!covered(zapped, t->heap, n, addr, pages)) {
			fclose(f);
			CHECK(false, "batch %d (addr %#llx, %lu pages) was tracked "
			      "before its PTEs were zapped", *batches, addr, pages);
		}
	}
	fclose(f);
	return true;
}

/*
 * PTEs that may grant more than the new EPCM are zapped before the tracking
 * cycle completes; otherwise a thread that EACCEPTs the new state in the
 * window writes through the old PTE (sim).  The trace shows the order.
 * MODIFY_TYPES(TCS) zaps on both backends; RESTRICT only in the sim.
 */
bool t_zap_before_track(struct tenc *t)
{
	const char *ev = TRACE_DIR "events/sgx2_edmm/";
	uint64_t count = 0, result = 0;
	int ret, batches;
	char path[256];

	if (access(TRACE_DIR "events/sgx2_edmm/sgx2_batch/enable", W_OK))
		SKIP("no tracefs under " TRACE_DIR);
	snprintf(path, sizeof(path), "%ssgx2_zap/enable", ev);
	CHECK(!access(path, W_OK), "no sgx2_zap tracepoint");
	TRY(eaccept_range(t, 0, heap_page(t, 0), 64, SI_PENDING_RW));
	/* A page mapped writable: something for the zaps to take away. */
	TRY(put_addr(t, 0, heap_page(t, 0), MARK));
	CHECK(!ioc_set_policy(t, SGX2_POLICY_CHUNK, 16), "SET_POLICY");

	CHECK(write_file(TRACE_DIR "trace", "") && write_file(path, "1") &&
	      write_file(TRACE_DIR "events/sgx2_edmm/sgx2_batch/enable", "1"),
	      "cannot enable the tracepoints");
	ret = ioc_modt(t, off_of(t, heap_page(t, 0)), 32 * PAGE,
		       SGX2_PAGE_TYPE_TCS, &result, &count);
	if (!ret && is_sim())
		ret = ioc_restrict(t, off_of(t, heap_page(t, 32)), 32 * PAGE,
				   SGX2_SECINFO_R, &result, &count);
	write_file(TRACE_DIR "events/sgx2_edmm/sgx2_batch/enable", "0");
	write_file(path, "0");
	CHECK(ret == 0 && count == 32 * PAGE, "ioctl: %d count %llu", ret,
	      (unsigned long long)count);

	TRY(zaps_precede_batches(t, "op=modify_types", 64, &batches));
	CHECK(batches == 2, "%d MODIFY_TYPES batches, expected 2", batches);
	if (is_sim()) {
		TRY(zaps_precede_batches(t, "op=restrict", 64, &batches));
		CHECK(batches == 2, "%d RESTRICT batches, expected 2", batches);
	}
	return true;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/*
 * EACCEPT @page and write it once; @kernel and @module receive the faults
 * that took, as the kernel counts them (ru_minflt) and as the module does.
 */
static bool accept_write_faults(struct tenc *t, uint64_t page, long *kernel,
				uint64_t *module)
{
	uint64_t st = encl_stat(t, SGX2_STAT_FAULTS);
	long f = minflt();

	CHECK(eaccept(t, 0, page, SI_PENDING_RW) == 0, "EACCEPT");
	TRY(put_addr(t, 0, page, MARK));
	*kernel = minflt() - f;
	*module = encl_stat(t, SGX2_STAT_FAULTS) - st;
	return true;
}

/*
 * Faults per dynamically added page, from its EACCEPT through its first
 * write: one.  Hardware: the EAUG fault of EACCEPT maps the page.  Sim:
 * EACCEPT is a system call; the first write maps the page writable.  Before,
 * every PTE came up read-only (pfn_mkwrite write notification), so the
 * first write took a second fault, and the EAUG fault mapped nothing.
 * Counted by the kernel (ru_minflt) and by the module (faults).
 */
bool t_first_write_faults(struct tenc *t)
{
	uint64_t warm = heap_page(t, 0), a = heap_page(t, 1), b = heap_page(t, 2);
	uint64_t v, st;
	long f, base;

	/* Warm up the entry path; measure what a mapped page costs. */
	CHECK(eaccept(t, 0, warm, SI_PENDING_RW) == 0, "EACCEPT");
	TRY(put_addr(t, 0, warm, 1));
	TRY(get_addr(t, 0, warm, &v));
	f = minflt();
	TRY(put_addr(t, 0, warm, 2));
	TRY(get_addr(t, 0, warm, &v));
	base = minflt() - f;
	CHECK(base == 0, "%ld faults entering for a page already mapped", base);

	TRY(accept_write_faults(t, a, &f, &st));
	CHECK(f == 1 && st == 1,
	      "EACCEPT and first write: %ld faults (module: %llu), expected 1",
	      f, (unsigned long long)st);

	/* Read first, then write: the read maps the page writable. */
	CHECK(eaccept(t, 0, b, SI_PENDING_RW) == 0, "EACCEPT");
	st = encl_stat(t, SGX2_STAT_FAULTS);
	f = minflt();
	TRY(get_addr(t, 0, b, &v));
	TRY(put_addr(t, 0, b, MARK));
	f = minflt() - f;
	st = encl_stat(t, SGX2_STAT_FAULTS) - st;
	CHECK(f <= 1 && st <= 1,
	      "read then write: %ld faults (module: %llu), expected at most 1",
	      f, (unsigned long long)st);
	return true;
}

/*
 * Pages added ahead of use (AUGMENT_PAGES, MADV_WILLNEED), then EACCEPTed
 * and written: no fault on hardware, where both map the pages in the
 * caller's mapping (EACCEPT needs a PTE); before, each EACCEPT took a fault
 * that only mapped the page.  Sim: EACCEPT needs no PTE, the first write
 * maps the page (one fault).
 */
bool t_added_ahead_faults(struct tenc *t)
{
	long want = is_sim() ? 1 : 0, f;
	uint64_t a = heap_page(t, 0), b = heap_page(t, 1), st;

	TRY(nop(t, 0));		/* warm up the entry path */
	CHECK(ioc_augment(t, off_of(t, a), PAGE, NULL) == 0, "AUGMENT_PAGES");
	TRY(accept_write_faults(t, a, &f, &st));
	CHECK(f == want && (long)st == want,
	      "AUGMENT_PAGES, EACCEPT, first write: %ld faults (module: %llu), expected %ld",
	      f, (unsigned long long)st, want);

	CHECK(!madvise((void *)b, PAGE, MADV_WILLNEED), "madvise: %s",
	      strerror(errno));
	TRY(accept_write_faults(t, b, &f, &st));
	CHECK(f == want && (long)st == want,
	      "MADV_WILLNEED, EACCEPT, first write: %ld faults (module: %llu), expected %ld",
	      f, (unsigned long long)st, want);
	return true;
}
