// SPDX-License-Identifier: GPL-2.0
/*
 * enclave_extras.c - tests of what mainline does not have: fault-around,
 * WILLNEED (madvise and fadvise), the sim's fault injection through the
 * SGX2 operations, the batch tracepoint and the sysfs statistics.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "enclave_test.h"

static bool set_fault_around(struct tenc *t, uint32_t pages)
{
	struct sgx2_enclave_policy p = {
		.policy = SGX2_POLICY_PER_RANGE, .fault_around = pages,
	};

	return !ioctl(t->fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p);
}

/* EACCEPT @n pages, page first + i * step for i = 0 .. n - 1. */
static bool eaccept_walk(struct tenc *t, long first, long step, unsigned long n)
{
	unsigned long i;
	long p;

	for (i = 0; i < n; i++) {
		p = first + (long)i * step;
		CHECK(eaccept(t, 0, heap_page(t, p), SI_PENDING_RW) == 0,
		      "EACCEPT of heap page %ld", p);
	}
	return true;
}

/* EAUG faults and EAUGs since @f0 and @e0 are @faults and @eaugs. */
static bool expect_adds(struct tenc *t, uint64_t f0, uint64_t e0,
			uint64_t faults, uint64_t eaugs, const char *what)
{
	uint64_t f = encl_stat(t, SGX2_STAT_EAUG_FAULTS) - f0;
	uint64_t e = encl_stat(t, SGX2_STAT_EAUG) - e0;

	CHECK(f == faults && e == eaugs,
	      "%s: %llu EAUG faults and %llu EAUGs, expected %llu and %llu",
	      what, (unsigned long long)f, (unsigned long long)e,
	      (unsigned long long)faults, (unsigned long long)eaugs);
	return true;
}

/*
 * Fault-around follows a sequential stream of EAUG faults (the rules are
 * at the top of src/core/fault_around.c): the first fault of a stream adds only
 * its own page, an adjacent second one sets the direction and opens a
 * window of 4 pages, and each fault just past the window doubles it, up to
 * the policy's fault_around (16 here).  Ascending, as Gramine commits
 * memory: faults at pages 0, 1 (+2..5), 6 (+7..14) and 15 (+16..31).
 */
bool t_fault_around(struct tenc *t)
{
	uint64_t f0, e0;

	CHECK(set_fault_around(t, 16), "SET_POLICY: %s", strerror(errno));
	f0 = encl_stat(t, SGX2_STAT_EAUG_FAULTS);
	e0 = encl_stat(t, SGX2_STAT_EAUG);
	TRY(eaccept_walk(t, 0, 1, 32));
	TRY(expect_adds(t, f0, e0, 4, 32, "ascending over 32 pages"));
	/* The next fault is just past the window: 16 more pages (33..48). */
	TRY(eaccept_walk(t, 32, 1, 1));
	TRY(expect_adds(t, f0, e0, 5, 49, "the fault past the window"));
	TRY(eaccept_walk(t, 33, 1, 16));
	TRY(expect_adds(t, f0, e0, 5, 49, "accepting that window"));
	return true;
}

/*
 * Descending, as the Intel SGX SDK commits a region that grows up: faults
 * at pages 47, 46 (+45..42), 41 (+40..33), 32 (+31..16) and 15 (+14..0,
 * the window stops at the start of the VMA).  Without direction detection
 * it is one fault per page.
 */
bool t_fault_around_descending(struct tenc *t)
{
	uint64_t f0, e0;

	CHECK(set_fault_around(t, 16), "SET_POLICY: %s", strerror(errno));
	f0 = encl_stat(t, SGX2_STAT_EAUG_FAULTS);
	e0 = encl_stat(t, SGX2_STAT_EAUG);
	TRY(eaccept_walk(t, 47, -1, 48));
	TRY(expect_adds(t, f0, e0, 5, 48, "descending over 48 pages"));
	return true;
}

/*
 * A non-sequential fault ends the stream: after an ascending run has grown
 * the window to its maximum, 32 pages accepted in an order where no fault
 * is next to the previous one (stride 7 modulo 32) take one fault each
 * and add nothing around them.
 */
bool t_fault_around_random(struct tenc *t)
{
	uint64_t f0, e0;
	unsigned long j;
	long p;

	CHECK(set_fault_around(t, 16), "SET_POLICY: %s", strerror(errno));
	TRY(eaccept_walk(t, 0, 1, 32));
	f0 = encl_stat(t, SGX2_STAT_EAUG_FAULTS);
	e0 = encl_stat(t, SGX2_STAT_EAUG);
	for (j = 0; j < 32; j++) {
		p = 32 + (long)((j * 7 + 5) % 32);
		TRY(eaccept_walk(t, p, 1, 1));
	}
	TRY(expect_adds(t, f0, e0, 32, 32, "32 pages in stride-7 order"));
	return true;
}

/* Module-wide counter @i: it outlives the enclaves. */
static bool global_stat(enum sgx2_stat i, uint64_t *v)
{
	int fd = open(SGX2_EDMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	struct stsnap g;
	bool ok;

	CHECK(fd >= 0, "open: %s", strerror(errno));
	ok = snap_fd(fd, true, &g);
	close(fd);
	CHECK(ok, "global STATS: %s", strerror(errno));
	*v = g.v[i];
	return true;
}

/*
 * Waste: pages fault-around added that the enclave never touched, counted
 * when they are freed, at teardown.  Ascending over 16 pages: windows
 * 2..5, 7..14 and 16..31, 28 pages; the enclave accepts 2..14 by EACCEPT
 * and page 16 by EACCEPTCOPY, so 17..31 are waste.
 */
bool t_fault_around_waste(struct tenc *t)
{
	uint64_t w0, w1, r;

	CHECK(set_fault_around(t, 16), "SET_POLICY: %s", strerror(errno));
	TRY(eaccept_walk(t, 0, 1, 16));
	r = eacceptcopy(t, 0, heap_page(t, 16), heap_page(t, 0),
			SGX2_SECINFO_R | SGX2_SECINFO_W | SGX2_SECINFO_REG);
	CHECK(r == 0, "EACCEPTCOPY into page 16: %#llx", (unsigned long long)r);
	CHECK(encl_stat(t, SGX2_STAT_FAULT_AROUND_PAGES) == 28,
	      "%llu fault-around pages, expected 28",
	      (unsigned long long)encl_stat(t, SGX2_STAT_FAULT_AROUND_PAGES));
	CHECK(encl_stat(t, SGX2_STAT_FAULT_AROUND_WASTE) == 0,
	      "waste counted before a page was freed");
	TRY(global_stat(SGX2_STAT_FAULT_AROUND_WASTE, &w0));
	tenc_teardown(t);
	TRY(global_stat(SGX2_STAT_FAULT_AROUND_WASTE, &w1));
	CHECK(w1 - w0 == 15, "teardown counted %llu wasted pages, expected 15",
	      (unsigned long long)(w1 - w0));
	return true;
}

/* madvise(MADV_WILLNEED) on the mapping EAUGs the range ahead of use. */
bool t_willneed_madvise(struct tenc *t)
{
	uint64_t eaugs = encl_stat(t, SGX2_STAT_EAUG);
	uint64_t faults = encl_stat(t, SGX2_STAT_EAUG_FAULTS);

	CHECK(!madvise((void *)heap_page(t, 4), 16 * PAGE, MADV_WILLNEED),
	      "madvise: %s", strerror(errno));
	CHECK(encl_stat(t, SGX2_STAT_EAUG) - eaugs == 16,
	      "madvise EAUGed %llu pages, expected 16",
	      (unsigned long long)(encl_stat(t, SGX2_STAT_EAUG) - eaugs));
	TRY(eaccept_range(t, 0, heap_page(t, 4), 16, SI_PENDING_RW));
	CHECK(encl_stat(t, SGX2_STAT_EAUG_FAULTS) == faults,
	      "accepting WILLNEED pages faulted");
	/* Again: every page is there, nothing is added. */
	CHECK(!madvise((void *)heap_page(t, 4), 16 * PAGE, MADV_WILLNEED),
	      "second madvise: %s", strerror(errno));
	CHECK(encl_stat(t, SGX2_STAT_EAUG) - eaugs == 16, "pages added twice");
	return true;
}

/*
 * posix_fadvise(POSIX_FADV_WILLNEED) on the fd: the file offset of an
 * enclave page is its linear address.
 */
bool t_willneed_fadvise(struct tenc *t)
{
	uint64_t eaugs = encl_stat(t, SGX2_STAT_EAUG);
	unsigned long n;
	int fd, ret;

	ret = posix_fadvise(t->fd, (off_t)heap_page(t, 2), 8 * PAGE,
			    POSIX_FADV_WILLNEED);
	CHECK(ret == 0, "posix_fadvise: %s", strerror(ret));
	CHECK(encl_stat(t, SGX2_STAT_EAUG) - eaugs == 8,
	      "fadvise EAUGed %llu pages, expected 8",
	      (unsigned long long)(encl_stat(t, SGX2_STAT_EAUG) - eaugs));
	TRY(eaccept_range(t, 0, heap_page(t, 2), 8, SI_PENDING_RW));

	/*
	 * The heap runs to the end of ELRANGE.  A length past that end is
	 * cut there, and length 0 means "to the end", as for a file: from
	 * page 10 that is more than SGX2_LOCK_PAGES pages, so the walk also
	 * gives up the enclave lock on the way.
	 */
	n = t->heap_size / PAGE;
	CHECK(n > 10 + 64 + 3, "heap of %lu pages, too small", n);
	eaugs = encl_stat(t, SGX2_STAT_EAUG);
	ret = posix_fadvise(t->fd, (off_t)heap_page(t, n - 3), 100 * PAGE,
			    POSIX_FADV_WILLNEED);
	CHECK(ret == 0, "posix_fadvise past the end: %s", strerror(ret));
	CHECK(encl_stat(t, SGX2_STAT_EAUG) - eaugs == 3,
	      "fadvise of 100 pages from 3 before the end EAUGed %llu, expected 3",
	      (unsigned long long)(encl_stat(t, SGX2_STAT_EAUG) - eaugs));
	ret = posix_fadvise(t->fd, (off_t)heap_page(t, 10), 0,
			    POSIX_FADV_WILLNEED);
	CHECK(ret == 0, "posix_fadvise length 0: %s", strerror(ret));
	CHECK(encl_stat(t, SGX2_STAT_EAUG) - eaugs == n - 10,
	      "fadvise length 0 from heap page 10 of %lu EAUGed %llu, expected %lu",
	      n, (unsigned long long)(encl_stat(t, SGX2_STAT_EAUG) - eaugs),
	      n - 10);

	ret = posix_fadvise(t->fd, (off_t)(t->e.base + t->e.size), PAGE,
			    POSIX_FADV_WILLNEED);
	CHECK(ret == EINVAL, "offset beyond ELRANGE: %d", ret);
	/* An offset inside ELRANGE, as the old contract had it: refused. */
	ret = posix_fadvise(t->fd, (off_t)off_of(t, heap_page(t, 2)), PAGE,
			    POSIX_FADV_WILLNEED);
	CHECK(ret == EINVAL, "ELRANGE offset %#llx taken as an address: %d",
	      (unsigned long long)off_of(t, heap_page(t, 2)), ret);

	/* Not initialized: refused. */
	fd = open(SGX2_EDMM_DEVICE_PATH, O_RDWR);
	CHECK(fd >= 0, "open");
	ret = posix_fadvise(fd, 0, PAGE, POSIX_FADV_WILLNEED);
	close(fd);
	CHECK(ret == EINVAL, "fresh enclave: %d", ret);
	return true;
}

bool inject(const char *spec)
{
	return write_file(SYS_PARAM "sim_inject", spec);
}

/* hw has no fault injection: arming sim_inject must fail, EOPNOTSUPP. */
bool inject_refused(void)
{
	static const char spec[] = "etrack:17:1";
	int fd = open(SYS_PARAM "sim_inject", O_WRONLY | O_TRUNC), err;
	ssize_t n;

	if (fd < 0)
		return false;
	n = write(fd, spec, strlen(spec));
	err = errno;
	close(fd);
	return n < 0 && err == EOPNOTSUPP;
}

/*
 * Every ETRACK fails: RESTRICT modifies pages it cannot track, so it says
 * EAGAIN with count 0; the enclave cannot accept them (NOT_TRACKED).  With
 * injection off, repeating the call completes and they are accepted.
 */
bool t_inject_etrack(struct tenc *t)
{
	uint64_t count = 1, result = 1;
	bool ok;
	int ret;

	SIM_INJECT_ONLY();
	TRY(eaccept_range(t, 0, heap_page(t, 0), 8, SI_PENDING_RW));
	CHECK(!ioc_set_policy(t, SGX2_POLICY_PER_RANGE, 0), "SET_POLICY");

	CHECK(inject("etrack:17:1"), "cannot arm sim_inject");
	ret = ioc_restrict(t, off_of(t, heap_page(t, 0)), 8 * PAGE,
			   SGX2_SECINFO_R, &result, &count);
	ok = inject("off");
	CHECK(ok, "cannot disarm sim_inject");
	CHECK(ret == -EAGAIN && count == 0 && result == 0,
	      "ret %d count %llu result %llu, expected -EAGAIN 0 0", ret,
	      (unsigned long long)count, (unsigned long long)result);
	CHECK(eaccept(t, 0, heap_page(t, 0), SI_RESTRICTED_R) == SGX2_NOT_TRACKED,
	      "EACCEPT of an untracked page did not say NOT_TRACKED");

	ret = ioc_restrict(t, off_of(t, heap_page(t, 0)), 8 * PAGE,
			   SGX2_SECINFO_R, &result, &count);
	CHECK(ret == 0 && count == 8 * PAGE, "retry: ret %d count %llu", ret,
	      (unsigned long long)count);
	TRY(eaccept_range(t, 0, heap_page(t, 0), 8, SI_RESTRICTED_R));
	return true;
}

/*
 * WILLNEED is advice: an EAUG that fails (the third, by injection) ends it
 * early with success, like a full EPC; the pages before it were added, the
 * rest are not.  Advice again without injection completes the range.
 */
bool t_inject_eaug_willneed(struct tenc *t)
{
	uint64_t eaugs;
	bool ok;
	int ret;

	SIM_INJECT_ONLY();
	eaugs = encl_stat(t, SGX2_STAT_EAUG);
	CHECK(inject("eaug:pf:3"), "cannot arm sim_inject");
	ret = posix_fadvise(t->fd, (off_t)heap_page(t, 0),
			    8 * PAGE, POSIX_FADV_WILLNEED);
	ok = inject("off");
	CHECK(ok, "cannot disarm sim_inject");
	CHECK(ret == 0, "posix_fadvise with a failing EAUG: %s", strerror(ret));
	CHECK(encl_stat(t, SGX2_STAT_EAUG) - eaugs == 3,
	      "%llu EAUGs, expected 3 (two added, the third failed)",
	      (unsigned long long)(encl_stat(t, SGX2_STAT_EAUG) - eaugs));

	ret = posix_fadvise(t->fd, (off_t)heap_page(t, 0),
			    8 * PAGE, POSIX_FADV_WILLNEED);
	CHECK(ret == 0, "posix_fadvise: %s", strerror(ret));
	CHECK(encl_stat(t, SGX2_STAT_EAUG) - eaugs == 9,
	      "%llu EAUGs, expected 9 (the 6 missing pages added)",
	      (unsigned long long)(encl_stat(t, SGX2_STAT_EAUG) - eaugs));
	TRY(eaccept_range(t, 0, heap_page(t, 0), 8, SI_PENDING_RW));
	return true;
}

/*
 * EMODPR conflicts on the 5th page: pages 1-4 are done and tracked (count
 * 4 pages, result EPC_PAGE_CONFLICT); a retry from count completes.
 */
bool t_inject_conflict_mid_range(struct tenc *t)
{
	uint64_t count = 1, result = 1, etrack;
	bool ok;
	int ret;

	SIM_INJECT_ONLY();
	TRY(eaccept_range(t, 0, heap_page(t, 0), 8, SI_PENDING_RW));
	CHECK(!ioc_set_policy(t, SGX2_POLICY_PER_RANGE, 0), "SET_POLICY");

	etrack = encl_stat(t, SGX2_STAT_ETRACK);
	CHECK(inject("emodpr:7:5"), "cannot arm sim_inject");
	ret = ioc_restrict(t, off_of(t, heap_page(t, 0)), 8 * PAGE,
			   SGX2_SECINFO_R, &result, &count);
	ok = inject("off");
	CHECK(ok, "cannot disarm sim_inject");
	CHECK(ret == -EFAULT && count == 4 * PAGE &&
	      result == SGX2_EPC_PAGE_CONFLICT,
	      "ret %d count %llu result %llu", ret,
	      (unsigned long long)count, (unsigned long long)result);
	CHECK(encl_stat(t, SGX2_STAT_ETRACK) - etrack == 1,
	      "the 4 done pages were not tracked by one ETRACK");
	TRY(eaccept_range(t, 0, heap_page(t, 0), 4, SI_RESTRICTED_R));

	ret = ioc_restrict(t, off_of(t, heap_page(t, 4)), 4 * PAGE,
			   SGX2_SECINFO_R, &result, &count);
	CHECK(ret == 0 && count == 4 * PAGE, "retry: ret %d count %llu", ret,
	      (unsigned long long)count);
	TRY(eaccept_range(t, 0, heap_page(t, 4), 4, SI_RESTRICTED_R));
	return true;
}

static long count_lines(const char *path, const char *needle)
{
	char line[512];
	long n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

/* One sgx2_batch event per ETRACK batch: chunk:16 over 32 pages = 2. */
bool t_trace_batches(struct tenc *t)
{
	uint64_t count = 0, result = 0;
	long n;
	int ret;

	if (access(TRACE_DIR "events/sgx2_edmm/sgx2_batch/enable", W_OK))
		SKIP("no tracefs under " TRACE_DIR);
	TRY(eaccept_range(t, 0, heap_page(t, 0), 32, SI_PENDING_RW));
	CHECK(!ioc_set_policy(t, SGX2_POLICY_CHUNK, 16), "SET_POLICY");
	CHECK(write_file(TRACE_DIR "trace", "") &&
	      write_file(TRACE_DIR "events/sgx2_edmm/sgx2_batch/enable", "1"),
	      "cannot enable the tracepoint");
	ret = ioc_restrict(t, off_of(t, heap_page(t, 0)), 32 * PAGE,
			   SGX2_SECINFO_R, &result, &count);
	write_file(TRACE_DIR "events/sgx2_edmm/sgx2_batch/enable", "0");
	n = count_lines(TRACE_DIR "trace", "op=restrict");
	CHECK(ret == 0 && count == 32 * PAGE, "RESTRICT: %d", ret);
	CHECK(n == 2, "%ld restrict batch events, expected 2", n);
	CHECK(count_lines(TRACE_DIR "trace", "pages=16 ret=0") == 2,
	      "events do not say 16 pages each");
	return true;
}

/* /sys/class/misc/sgx2_edmm/stats agrees with the statistics ioctl. */
bool t_sysfs_stats(struct tenc *t)
{
	struct stsnap g;
	char line[128], name[64];
	unsigned long long v;
	int seen = 0;
	FILE *f;

	TRY(nop(t, 0));
	f = fopen("/sys/class/misc/sgx2_edmm/stats", "r");
	CHECK(f, "cannot open the sysfs stats: %s", strerror(errno));
	TRY(snap_fd(t->fd, true, &g));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %llu", name, &v) != 2)
			continue;
		seen++;
		if (!strcmp(name, "ecreate"))
			CHECK(v == g.v[SGX2_STAT_ECREATE], "ecreate %llu", v);
		if (!strcmp(name, "eenter") && is_sim())
			CHECK(v == g.v[SGX2_STAT_EENTER], "eenter %llu", v);
	}
	fclose(f);
	CHECK(seen == SGX2_STAT_NR, "%d counters in sysfs, expected %d", seen,
	      SGX2_STAT_NR);
	return true;
}
