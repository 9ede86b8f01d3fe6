// SPDX-License-Identifier: GPL-2.0
/*
 * enclave_sgx2.c - SGX2 tests of enclave_test: the mainline selftests'
 * EDMM behaviours (RESTRICT_PERMISSIONS, MODIFY_TYPES, REMOVE_PAGES, EAUG
 * on fault) and ours (AUGMENT_PAGES, errno and copy-back tables, batching
 * policies, a pass over most of the EPC, concurrency).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "enclave_test.h"


/* Expect 0 from an SGX2 ioctl with result 0 and @count bytes done. */
#define IOC_OK(expr, result, count, want) do {				\
	int __r = (expr);						\
	CHECK(__r == 0 && (result) == 0 && (count) == (want),		\
	      "ret %d (%s) result %llu count %llu, want count %llu",	\
	      __r, __r ? strerror(-__r) : "ok", U(result), U(count),	\
	      U(want));							\
} while (0)

/* ---- mainline selftests ------------------------------------------------- */

/* RESTRICT_PERMISSIONS on a TCS: EINVAL, result 0, count 0. */
bool t_tcs_permissions(struct tenc *t)
{
	uint64_t result = 1, count = 1;
	struct stsnap a, b;
	int ret;

	CHECK(snap(t, &a), "STATS");
	ret = ioc_restrict(t, 0, PAGE, SGX2_SECINFO_R, &result, &count);
	CHECK(ret == -EINVAL && result == 0 && count == 0,
	      "TCS 0: ret %d result %llu count %llu", ret, U(result), U(count));
	ret = ioc_restrict(t, 0, 2 * PAGE, 0, &result, &count);
	CHECK(ret == -EINVAL && result == 0 && count == 0,
	      "both TCS to none: ret %d result %llu count %llu", ret, U(result),
	      U(count));
	CHECK(snap(t, &b), "STATS");
	CHECK(b.v[SGX2_STAT_EMODPR] == a.v[SGX2_STAT_EMODPR],
	      "EMODPR ran %llu times", U(b.v[SGX2_STAT_EMODPR] - a.v[SGX2_STAT_EMODPR]));
	TRY(nop(t, 0));
	TRY(nop(t, 1));
	return true;
}

/*
 * Restrict a data page to R; the enclave EACCEPTs it; its write faults
 * with #PF 0x8007; EMODPE (through the other TCS) gives W back; ERESUME
 * completes the write.
 */
bool t_epcm_permissions(struct tenc *t)
{
	uint64_t page = spare_data_page(t), result = 1, count = 0, v = 0, r;
	struct encl_op_put_to_addr op = {
		{ ENCL_OP_PUT_TO_ADDRESS }, .value = 0xbeef, .addr = page,
	};
	struct sgx2_enclave_run run0;
	int ret;

	TRY(put_addr(t, 0, page, 0x1111));
	IOC_OK(ioc_restrict(t, off_of(t, page), PAGE, SGX2_SECINFO_R, &result,
			    &count), result, count, PAGE);
	r = eaccept(t, 0, page, SI_RESTRICTED_R);
	CHECK(r == 0, "EACCEPT(R|PR|REG): %#llx", U(r));
	TRY(get_addr(t, 1, page, &v));
	CHECK(v == 0x1111, "read of the restricted page: %#llx", U(v));

	ret = enter_run(t, &run0, 0, &op);
	EXPECT_PF(&run0, ret, PF_EPCM_WRITE, page);
	TRY(emodpe(t, 1, page, SGX2_SECINFO_R | SGX2_SECINFO_W));
	ret = resume_run(t, &run0);
	CHECK(exited_run(&run0, ret), "ERESUME: ret %d function %u vector %u "
	      "error %#x", ret, run0.function, run0.exception_vector,
	      run0.exception_error_code);
	TRY(get_addr(t, 1, page, &v));
	CHECK(v == 0xbeef, "the resumed write did not land: %#llx", U(v));
	return true;
}

/*
 * A write to an unbacked page of the dynamic region: the kernel EAUGs it,
 * the enclave sees #PF 0x8007 (the page is PENDING); EACCEPT through the
 * other TCS; ERESUME completes the write.
 */
bool t_augment(struct tenc *t)
{
	uint64_t page = heap_page(t, 0), v = 0, r;
	struct encl_op_put_to_addr op = {
		{ ENCL_OP_PUT_TO_ADDRESS }, .value = 0xa0a0, .addr = page,
	};
	struct sgx2_enclave_run run0;
	int ret;

	ret = enter_run(t, &run0, 0, &op);
	EXPECT_PF(&run0, ret, PF_EPCM_WRITE, page);
	r = eaccept(t, 1, page, SI_PENDING_RW);
	CHECK(r == 0, "EACCEPT(PENDING): %#llx", U(r));
	ret = resume_run(t, &run0);
	CHECK(exited_run(&run0, ret), "ERESUME: ret %d function %u vector %u "
	      "error %#x", ret, run0.function, run0.exception_vector,
	      run0.exception_error_code);
	TRY(get_addr(t, 1, page, &v));
	CHECK(v == 0xa0a0, "read back %#llx", U(v));
	return true;
}

/* EACCEPT on a page that does not exist yet: EAUG on fault, transparently. */
bool t_augment_via_eaccept(struct tenc *t)
{
	uint64_t page = heap_page(t, 0), v = 0, r;

	r = eaccept(t, 0, page, SI_PENDING_RW);
	CHECK(r == 0, "EACCEPT returned %#llx", U(r));
	TRY(put_addr(t, 0, page, 0xfeedface));
	TRY(get_addr(t, 1, page, &v));
	CHECK(v == 0xfeedface, "read back %#llx", U(v));
	return true;
}

/*
 * A TCS made at run time.  The test enclave's dynamic entry takes its stack
 * from the page below the TCS, so the three pages are stack, TCS, SSA.
 */
bool t_tcs_create(struct tenc *t)
{
	uint64_t stack = heap_page(t, 0), tcs = heap_page(t, 1);
	uint64_t ssa = heap_page(t, 2), result = 1, count = 0, v = 0, r;
	struct encl_op_init_tcs_page init = {
		{ ENCL_OP_INIT_TCS_PAGE }, .tcs_page = tcs,
		.ssa = off_of(t, ssa), .entry = 0,
	};
	struct encl_op_header nop_op = { ENCL_OP_NOP };
	struct encl_op_put_to_buf put = { { ENCL_OP_PUT_TO_BUFFER }, 0x7c5 };
	struct encl_op_get_from_addr get = {
		{ ENCL_OP_GET_FROM_ADDRESS }, .addr = heap_page(t, 5),
	};
	struct stsnap a, b;
	int ret;

	CHECK(snap(t, &a), "STATS");
	TRY(eaccept_range(t, 0, stack, 3, SI_PENDING_RW));
	ENTER_OK(t, 0, &init);
	IOC_OK(ioc_modt(t, off_of(t, tcs), PAGE, SGX2_PAGE_TYPE_TCS, &result,
			&count), result, count, PAGE);
	r = eaccept(t, 0, tcs, SI_NEW_TCS);
	CHECK(r == 0, "EACCEPT(TCS|MODIFIED): %#llx", U(r));

	/* Run through the new TCS. */
	ret = enter_tcs(t, &t->run, tcs, &nop_op);
	CHECK(exited(t, ret), "NOP through the new TCS: ret %d function %u "
	      "vector %u error %#x addr %#llx", ret, t->run.function,
	      t->run.exception_vector, t->run.exception_error_code,
	      U(t->run.exception_addr));
	ret = enter_tcs(t, &t->run, tcs, &put);
	CHECK(exited(t, ret), "PUT_TO_BUFFER through the new TCS: ret %d", ret);
	CHECK(eaccept(t, 1, heap_page(t, 5), SI_PENDING_RW) == 0, "EACCEPT");
	TRY(put_addr(t, 1, heap_page(t, 5), 0x5a5a));
	ret = enter_tcs(t, &t->run, tcs, &get);
	CHECK(exited(t, ret) && get.value == 0x5a5a,
	      "GET_FROM_ADDRESS through the new TCS: ret %d value %#llx", ret,
	      U(get.value));
	{
		struct encl_op_get_from_buf gb = { { ENCL_OP_GET_FROM_BUFFER }, 0 };

		ENTER_OK(t, 0, &gb);
		CHECK(gb.value == 0x7c5, "buffer holds %#llx", U(gb.value));
	}

	/* Trim all three, accept, remove. */
	IOC_OK(ioc_modt(t, off_of(t, stack), 3 * PAGE, SGX2_PAGE_TYPE_TRIM,
			&result, &count), result, count, 3 * PAGE);
	TRY(eaccept_range(t, 0, stack, 3, SI_TRIMMED));
	IOC_OK(ioc_remove(t, off_of(t, stack), 3 * PAGE, &count), 0, count,
	       3 * PAGE);
	/*
	 * hw: EENTER's access to the TCS address faults into the kernel
	 * first (no PTE), which EAUGs a page there (EAUG on #PF, as
	 * mainline); EENTER then finds a PENDING regular page, not a TCS: an
	 * EPCM #PF (bit 15) for the vDSO to report.  sim: its runtime checks
	 * the EPCM without a fault, so no page is added.
	 */
	ret = enter_tcs(t, &t->run, tcs, &nop_op);
	CHECK(ret == 0 && t->run.exception_vector == 14,
	      "entering the removed TCS: ret %d function %u vector %u", ret,
	      t->run.function, t->run.exception_vector);
	CHECK(is_sim() || (t->run.exception_error_code & PF_SGX),
	      "hw: entering the removed TCS: error code %#x, want the EPCM "
	      "bit (EAUG on #PF put a regular page there)",
	      t->run.exception_error_code);

	/* The address range can be EAUGed again. */
	r = eaccept(t, 0, stack, SI_PENDING_RW);
	CHECK(r == 0, "EACCEPT(PENDING) of the removed page: %#llx", U(r));
	TRY(put_addr(t, 0, stack, 0x99));
	TRY(get_addr(t, 1, stack, &v));
	CHECK(v == 0x99, "read back %#llx", U(v));
	CHECK(snap(t, &b), "STATS");
	/* stack again, plus heap page 5, plus on hw the page at the TCS */
	CHECK(b.v[SGX2_STAT_EPC_PAGES] == a.v[SGX2_STAT_EPC_PAGES] +
	      (is_sim() ? 2 : 3), "EPC pages %llu -> %llu, want +%d",
	      U(a.v[SGX2_STAT_EPC_PAGES]), U(b.v[SGX2_STAT_EPC_PAGES]),
	      is_sim() ? 2 : 3);
	return true;
}

/* Trim a static data page; REMOVE without EACCEPT: EPERM, count 0. */
bool t_remove_added_page_no_eaccept(struct tenc *t)
{
	uint64_t page = spare_data_page(t), result = 1, count = 1;
	struct stsnap a, b;
	int ret;

	TRY(put_addr(t, 0, page, 1));
	IOC_OK(ioc_modt(t, off_of(t, page), PAGE, SGX2_PAGE_TYPE_TRIM, &result,
			&count), result, count, PAGE);
	CHECK(snap(t, &a), "STATS");
	ret = ioc_remove(t, off_of(t, page), PAGE, &count);
	CHECK(ret == -EPERM && count == 0, "REMOVE: ret %d count %llu", ret,
	      U(count));
	CHECK(snap(t, &b), "STATS");
	CHECK(b.v[SGX2_STAT_EPC_PAGES] == a.v[SGX2_STAT_EPC_PAGES],
	      "EPC pages %llu -> %llu", U(a.v[SGX2_STAT_EPC_PAGES]),
	      U(b.v[SGX2_STAT_EPC_PAGES]));
	return true;
}

/* Trim a data page; reading it from the enclave: #PF 0x8005. */
static bool trimmed_read_faults(struct tenc *t, bool accept)
{
	uint64_t page = spare_data_page(t), result = 1, count = 0, v = 0, r;
	struct encl_op_get_from_addr get = {
		{ ENCL_OP_GET_FROM_ADDRESS }, .addr = page,
	};
	int ret;

	TRY(put_addr(t, 0, page, 0x600d));
	TRY(get_addr(t, 1, page, &v));
	CHECK(v == 0x600d, "before: %#llx", U(v));
	IOC_OK(ioc_modt(t, off_of(t, page), PAGE, SGX2_PAGE_TYPE_TRIM, &result,
			&count), result, count, PAGE);
	if (accept) {
		r = eaccept(t, 0, page, SI_TRIMMED);
		CHECK(r == 0, "EACCEPT(TRIM|MODIFIED): %#llx", U(r));
	}
	ret = enter(t, 0, &get);
	EXPECT_PF(&t->run, ret, PF_EPCM_READ, page);
	return true;
}

bool t_remove_added_page_invalid_access(struct tenc *t)
{
	return trimmed_read_faults(t, false);
}

bool t_remove_added_page_invalid_access_after_eaccept(struct tenc *t)
{
	return trimmed_read_faults(t, true);
}

/* A dynamic page EAUGed and EACCEPTed, never touched: TRIM, EACCEPT, REMOVE. */
bool t_remove_untouched_page(struct tenc *t)
{
	uint64_t page = heap_page(t, 0), result = 1, count = 0, r;
	struct stsnap a, b;

	CHECK(snap(t, &a), "STATS");
	r = eaccept(t, 0, page, SI_PENDING_RW);
	CHECK(r == 0, "EACCEPT(PENDING): %#llx", U(r));
	IOC_OK(ioc_modt(t, off_of(t, page), PAGE, SGX2_PAGE_TYPE_TRIM, &result,
			&count), result, count, PAGE);
	r = eaccept(t, 0, page, SI_TRIMMED);
	CHECK(r == 0, "EACCEPT(TRIM|MODIFIED): %#llx", U(r));
	IOC_OK(ioc_remove(t, off_of(t, page), PAGE, &count), 0, count, PAGE);
	CHECK(snap(t, &b), "STATS");
	CHECK(b.v[SGX2_STAT_EPC_PAGES] == a.v[SGX2_STAT_EPC_PAGES],
	      "EPC pages %llu -> %llu", U(a.v[SGX2_STAT_EPC_PAGES]),
	      U(b.v[SGX2_STAT_EPC_PAGES]));
	return true;
}

/* ---- errno and copy-back tables ----------------------------------------- */

enum sop { OP_RESTRICT, OP_MODT, OP_REMOVE, OP_AUGMENT };

static const char *const sop_name[] = {
	[OP_RESTRICT] = "RESTRICT", [OP_MODT] = "MODIFY_TYPES",
	[OP_REMOVE] = "REMOVE", [OP_AUGMENT] = "AUGMENT",
};

/* One SGX2 ioctl's fields; arg = permissions or page type. */
struct sreq {
	uint64_t off, len, arg, result, count;
};

static int do_sop(struct tenc *t, enum sop op, struct sreq *r)
{
	int ret = -EINVAL;

	switch (op) {
	case OP_RESTRICT: {
		struct sgx2_enclave_restrict_permissions p = {
			r->off, r->len, r->arg, r->result, r->count,
		};

		ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &p);
		r->arg = p.permissions;
		r->result = p.result;
		r->count = p.count;
		r->off = p.offset;
		r->len = p.length;
		break;
	}
	case OP_MODT: {
		struct sgx2_enclave_modify_types p = {
			r->off, r->len, r->arg, r->result, r->count,
		};

		ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_MODIFY_TYPES, &p);
		r->arg = p.page_type;
		r->result = p.result;
		r->count = p.count;
		r->off = p.offset;
		r->len = p.length;
		break;
	}
	case OP_REMOVE: {
		struct sgx2_enclave_remove_pages p = { r->off, r->len, r->count };

		ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_REMOVE_PAGES, &p);
		r->count = p.count;
		r->off = p.offset;
		r->len = p.length;
		break;
	}
	case OP_AUGMENT: {
		struct sgx2_enclave_augment_pages p = { r->off, r->len, r->count };

		ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &p);
		r->count = p.count;
		r->off = p.offset;
		r->len = p.length;
		break;
	}
	}
	return ret;
}

/* Counters that move when an SGX2 ioctl does anything at all. */
static const enum sgx2_stat work_stats[] = {
	SGX2_STAT_EPC_PAGES, SGX2_STAT_EREMOVE, SGX2_STAT_ETRACK,
	SGX2_STAT_EAUG, SGX2_STAT_EMODPR, SGX2_STAT_EMODT,
	SGX2_STAT_IPI_ROUNDS, SGX2_STAT_PTE_ZAPS, SGX2_STAT_PAGES_PROCESSED,
};

static bool nothing_done(const struct stsnap *a, const struct stsnap *b)
{
	size_t i;

	for (i = 0; i < sizeof(work_stats) / sizeof(work_stats[0]); i++) {
		if (a->v[work_stats[i]] != b->v[work_stats[i]]) {
			snprintf(fail_msg, sizeof(fail_msg),
				 "counter %d moved %llu -> %llu", work_stats[i],
				 U(a->v[work_stats[i]]), U(b->v[work_stats[i]]));
			return false;
		}
	}
	return true;
}

/*
 * @op with @in fails with EINVAL before doing anything; the struct the
 * caller sees afterwards has @in's fields, except result and count, which
 * are 0 after a failure found by the worker (@copied_back) and untouched
 * after a failed validation.
 */
static bool sgx2_refused(struct tenc *t, enum sop op, struct sreq in,
			 bool copied_back)
{
	struct sreq r = in;
	struct stsnap a, b;
	int ret;

	CHECK(snap(t, &a), "STATS");
	ret = do_sop(t, op, &r);
	CHECK(snap(t, &b), "STATS");
	CHECK(ret == -EINVAL, "got %d (%s)", ret, strerror(-ret));
	TRY(nothing_done(&a, &b));
	CHECK(r.off == in.off && r.len == in.len && r.arg == in.arg,
	      "IN fields changed");
	if (copied_back)
		CHECK(r.result == 0 && r.count == 0, "result %llu count %llu",
		      U(r.result), U(r.count));
	else
		CHECK(r.result == in.result && r.count == in.count,
		      "result %llu count %llu", U(r.result), U(r.count));
	return true;
}

bool t_sgx2_ioctl_errors(struct tenc *t)
{
	const char *n = "sgx2_ioctl_errors";
	uint64_t size = t->e.size, result = 0, count = 0;
	uint64_t data = off_of(t, spare_data_page(t));
	uint64_t trimmed = off_of(t, heap_page(t, 0));
	uint64_t absent = off_of(t, heap_page(t, 8));
	bool ok = true;
	int op;

	/* A page each op could act on if it let a bad request through. */
	CHECK(eaccept(t, 0, heap_page(t, 0), SI_PENDING_RW) == 0, "EACCEPT");
	IOC_OK(ioc_modt(t, trimmed, PAGE, SGX2_PAGE_TYPE_TRIM, &result, &count),
	       result, count, PAGE);
	CHECK(eaccept(t, 0, heap_page(t, 0), SI_TRIMMED) == 0, "EACCEPT TRIM");

	for (op = OP_RESTRICT; op <= OP_AUGMENT; op++) {
		uint64_t base = op == OP_REMOVE ? trimmed :
				op == OP_AUGMENT ? absent : data;
		uint64_t arg = op == OP_RESTRICT ? SGX2_SECINFO_R :
			       op == OP_MODT ? SGX2_PAGE_TYPE_TRIM : 0;
		const char *nm = sop_name[op];
		struct sreq g = { base, PAGE, arg, 0, 0 }, r;

		r = g;
		r.off += 0x100;
		ok &= row(sgx2_refused(t, op, r, false), n,
			  "%s offset not page aligned -> EINVAL", nm);
		r = g;
		r.len = 0;
		ok &= row(sgx2_refused(t, op, r, false), n,
			  "%s length 0 -> EINVAL", nm);
		r = g;
		r.len = PAGE + 8;
		ok &= row(sgx2_refused(t, op, r, false), n,
			  "%s length not page aligned -> EINVAL", nm);
		r = g;
		r.len = ~(PAGE - 1);
		ok &= row(sgx2_refused(t, op, r, false), n,
			  "%s offset + length wraps -> EINVAL", nm);
		r = g;
		r.off = size;
		ok &= row(sgx2_refused(t, op, r, false), n,
			  "%s offset = enclave size -> EINVAL", nm);
		r = g;
		r.off = size - PAGE;
		r.len = 2 * PAGE;
		ok &= row(sgx2_refused(t, op, r, false), n,
			  "%s range ends beyond the enclave -> EINVAL", nm);
		r = g;
		r.count = PAGE;
		ok &= row(sgx2_refused(t, op, r, false), n,
			  "%s count non-zero -> EINVAL", nm);
		if (op == OP_RESTRICT || op == OP_MODT) {
			r = g;
			r.result = 1;
			ok &= row(sgx2_refused(t, op, r, false), n,
				  "%s result non-zero -> EINVAL", nm);
		}
	}

	{
		struct sreq g = { data, PAGE, 0, 0, 0 }, r;

		r = g;
		r.arg = 0x8;
		ok &= row(sgx2_refused(t, OP_RESTRICT, r, false), n,
			  "RESTRICT permissions 0x8 (beyond RWX) -> EINVAL");
		r.arg = 0x7 | SGX2_SECINFO_PENDING;
		ok &= row(sgx2_refused(t, OP_RESTRICT, r, false), n,
			  "RESTRICT permissions RWX|PENDING -> EINVAL");
		r.arg = SGX2_SECINFO_W;
		ok &= row(sgx2_refused(t, OP_RESTRICT, r, false), n,
			  "RESTRICT permissions W without R -> EINVAL");
		r.arg = SGX2_SECINFO_W | SGX2_SECINFO_X;
		ok &= row(sgx2_refused(t, OP_RESTRICT, r, false), n,
			  "RESTRICT permissions WX without R -> EINVAL");
		r.arg = 0x100 | SGX2_PAGE_TYPE_TRIM;
		ok &= row(sgx2_refused(t, OP_MODT, r, false), n,
			  "MODIFY_TYPES page_type 0x104 (beyond 8 bits) -> EINVAL");
		r.arg = SGX2_PAGE_TYPE_REG;
		ok &= row(sgx2_refused(t, OP_MODT, r, true), n,
			  "MODIFY_TYPES page_type REG -> EINVAL, count 0");
		r.arg = SGX2_PAGE_TYPE_SECS;
		ok &= row(sgx2_refused(t, OP_MODT, r, true), n,
			  "MODIFY_TYPES page_type SECS -> EINVAL, count 0");
		r.arg = SGX2_PAGE_TYPE_VA;
		ok &= row(sgx2_refused(t, OP_MODT, r, true), n,
			  "MODIFY_TYPES page_type VA -> EINVAL, count 0");
		r.arg = 0x42;
		ok &= row(sgx2_refused(t, OP_MODT, r, true), n,
			  "MODIFY_TYPES page_type 0x42 -> EINVAL, count 0");
	}
	{
		bool rok;

		count = 0;
		rok = ioc_remove(t, trimmed, PAGE, &count) == 0 && count == PAGE;
		if (!rok)
			snprintf(fail_msg, sizeof(fail_msg), "count %llu", U(count));
		ok &= row(rok, n, "the trimmed page survived every refused "
			  "call: REMOVE -> 0, count 4096");
	}
	TRY(nop(t, 0));
	return ok;
}

/* RESTRICT of [accepted page, PENDING page]: EFAULT, result 20, count 4096. */
static bool row_restrict_pending(struct tenc *t)
{
	uint64_t a = heap_page(t, 0), result = 0, count = 0, r, cnt;
	int ret;

	r = eaccept(t, 0, a, SI_PENDING_RW);
	CHECK(r == 0, "EACCEPT: %#llx", U(r));
	ret = ioc_augment(t, off_of(t, a) + PAGE, PAGE, &cnt);
	CHECK(ret == 0 && cnt == PAGE, "AUGMENT: %d", ret);
	ret = ioc_restrict(t, off_of(t, a), 2 * PAGE, SGX2_SECINFO_R, &result,
			   &count);
	CHECK(ret == -EFAULT && result == SGX2_PAGE_NOT_MODIFIABLE &&
	      count == PAGE, "ret %d result %llu count %llu", ret, U(result),
	      U(count));
	/* What count covers is complete: tracked, EACCEPT succeeds. */
	r = eaccept(t, 0, a, SI_RESTRICTED_R);
	CHECK(r == 0, "EACCEPT(R|PR) of the restricted page: %#llx", U(r));
	return true;
}

/* RESTRICT of [accepted page, nothing]: EFAULT, result 0, count 4096. */
static bool row_restrict_missing(struct tenc *t)
{
	uint64_t a = heap_page(t, 4), result = 1, count = 0, r;
	int ret;

	r = eaccept(t, 0, a, SI_PENDING_RW);
	CHECK(r == 0, "EACCEPT: %#llx", U(r));
	ret = ioc_restrict(t, off_of(t, a), 2 * PAGE, SGX2_SECINFO_R, &result,
			   &count);
	CHECK(ret == -EFAULT && result == 0 && count == PAGE,
	      "ret %d result %llu count %llu", ret, U(result), U(count));
	r = eaccept(t, 0, a, SI_RESTRICTED_R);
	CHECK(r == 0, "EACCEPT(R|PR) of the restricted page: %#llx", U(r));
	return true;
}

/* MODIFY_TYPES TRIM of [accepted, PENDING]: EFAULT, result 20, count 4096. */
static bool row_modt_pending(struct tenc *t)
{
	uint64_t a = heap_page(t, 8), result = 0, count = 0, r, cnt;
	int ret;

	r = eaccept(t, 0, a, SI_PENDING_RW);
	CHECK(r == 0, "EACCEPT: %#llx", U(r));
	ret = ioc_augment(t, off_of(t, a) + PAGE, PAGE, &cnt);
	CHECK(ret == 0 && cnt == PAGE, "AUGMENT: %d", ret);
	ret = ioc_modt(t, off_of(t, a), 2 * PAGE, SGX2_PAGE_TYPE_TRIM, &result,
		       &count);
	CHECK(ret == -EFAULT && result == SGX2_PAGE_NOT_MODIFIABLE &&
	      count == PAGE, "ret %d result %llu count %llu", ret, U(result),
	      U(count));
	r = eaccept(t, 0, a, SI_TRIMMED);
	CHECK(r == 0, "EACCEPT(TRIM) of the trimmed page: %#llx", U(r));
	return true;
}

/* REMOVE of [trimmed and accepted, regular]: EPERM, count 4096. */
static bool row_remove_regular(struct tenc *t)
{
	uint64_t a = heap_page(t, 12), result = 1, count = 0;
	struct stsnap s0, s1;
	int ret;

	TRY(eaccept_range(t, 0, a, 2, SI_PENDING_RW));
	IOC_OK(ioc_modt(t, off_of(t, a), PAGE, SGX2_PAGE_TYPE_TRIM, &result,
			&count), result, count, PAGE);
	CHECK(eaccept(t, 0, a, SI_TRIMMED) == 0, "EACCEPT(TRIM)");
	CHECK(snap(t, &s0), "STATS");
	ret = ioc_remove(t, off_of(t, a), 2 * PAGE, &count);
	CHECK(snap(t, &s1), "STATS");
	CHECK(ret == -EPERM && count == PAGE, "ret %d count %llu", ret,
	      U(count));
	CHECK(s1.v[SGX2_STAT_EPC_PAGES] + 1 == s0.v[SGX2_STAT_EPC_PAGES],
	      "EPC pages %llu -> %llu, want -1", U(s0.v[SGX2_STAT_EPC_PAGES]),
	      U(s1.v[SGX2_STAT_EPC_PAGES]));
	TRY(put_addr(t, 0, a + PAGE, 3));	/* the regular page is fine */
	return true;
}

/* REMOVE of a trimmed page whose trim was not accepted, second in range. */
static bool row_remove_unaccepted(struct tenc *t)
{
	uint64_t a = heap_page(t, 16), result = 1, count = 0;
	int ret;

	TRY(eaccept_range(t, 0, a, 2, SI_PENDING_RW));
	IOC_OK(ioc_modt(t, off_of(t, a), 2 * PAGE, SGX2_PAGE_TYPE_TRIM, &result,
			&count), result, count, 2 * PAGE);
	CHECK(eaccept(t, 0, a, SI_TRIMMED) == 0, "EACCEPT(TRIM)");
	ret = ioc_remove(t, off_of(t, a), 2 * PAGE, &count);
	CHECK(ret == -EPERM && count == PAGE, "ret %d count %llu", ret,
	      U(count));
	CHECK(eaccept(t, 0, a + PAGE, SI_TRIMMED) == 0, "EACCEPT(TRIM)");
	IOC_OK(ioc_remove(t, off_of(t, a) + PAGE, PAGE, &count), 0, count, PAGE);
	return true;
}

bool t_sgx2_partial_copy_back(struct tenc *t)
{
	const char *n = "sgx2_partial_copy_back";
	bool ok = true;

	ok &= row(row_restrict_pending(t), n,
		  "RESTRICT [accepted, PENDING] -> EFAULT, result 20, count 4096");
	ok &= row(row_restrict_missing(t), n,
		  "RESTRICT [accepted, no page] -> EFAULT, result 0, count 4096");
	ok &= row(row_modt_pending(t), n,
		  "MODIFY_TYPES TRIM [accepted, PENDING] -> EFAULT, result 20, "
		  "count 4096");
	ok &= row(row_remove_regular(t), n,
		  "REMOVE [accepted TRIM, REG] -> EPERM, count 4096");
	ok &= row(row_remove_unaccepted(t), n,
		  "REMOVE [accepted TRIM, unaccepted TRIM] -> EPERM, count 4096");
	return ok;
}

/* REG -> TCS of the code page (vetted R-X, no W): EPERM, nothing done. */
bool t_modify_types_tcs_needs_write(struct tenc *t)
{
	uint64_t result = 1, count = 1;
	struct stsnap a, b;
	int ret;

	CHECK(snap(t, &a), "STATS");
	ret = ioc_modt(t, off_of(t, code_page(t)), PAGE, SGX2_PAGE_TYPE_TCS,
		       &result, &count);
	CHECK(snap(t, &b), "STATS");
	CHECK(ret == -EPERM && result == 0 && count == 0,
	      "ret %d result %llu count %llu", ret, U(result), U(count));
	CHECK(b.v[SGX2_STAT_EMODT] == a.v[SGX2_STAT_EMODT], "EMODT ran");
	TRY(nop(t, 0));		/* the code page is still code */
	return true;
}

/* ---- AUGMENT_PAGES ------------------------------------------------------ */

bool t_augment_pages(struct tenc *t)
{
	const unsigned long n = 16;
	uint64_t first = heap_page(t, 4), count = 0, v = 0;
	struct stsnap a, b, c;
	int ret;

	CHECK(snap(t, &a), "STATS");
	IOC_OK(ioc_augment(t, off_of(t, first), n * PAGE, &count), 0, count,
	       n * PAGE);
	CHECK(snap(t, &b), "STATS");
	CHECK(b.v[SGX2_STAT_EAUG] - a.v[SGX2_STAT_EAUG] == n &&
	      b.v[SGX2_STAT_EPC_PAGES] - a.v[SGX2_STAT_EPC_PAGES] == n &&
	      b.v[SGX2_STAT_EAUG_FAULTS] == a.v[SGX2_STAT_EAUG_FAULTS],
	      "EAUG +%llu, EPC pages +%llu, EAUG faults +%llu",
	      U(b.v[SGX2_STAT_EAUG] - a.v[SGX2_STAT_EAUG]),
	      U(b.v[SGX2_STAT_EPC_PAGES] - a.v[SGX2_STAT_EPC_PAGES]),
	      U(b.v[SGX2_STAT_EAUG_FAULTS] - a.v[SGX2_STAT_EAUG_FAULTS]));
	TRY(eaccept_range(t, 0, first, n, SI_PENDING_RW));
	TRY(put_addr(t, 0, first, 0x11));
	TRY(put_addr(t, 1, first + (n - 1) * PAGE, 0x22));
	TRY(get_addr(t, 1, first, &v));
	CHECK(v == 0x11, "first page %#llx", U(v));
	TRY(get_addr(t, 0, first + (n - 1) * PAGE, &v));
	CHECK(v == 0x22, "last page %#llx", U(v));
	CHECK(snap(t, &c), "STATS");
	CHECK(c.v[SGX2_STAT_EAUG] == b.v[SGX2_STAT_EAUG] &&
	      c.v[SGX2_STAT_EPC_PAGES] == b.v[SGX2_STAT_EPC_PAGES],
	      "EACCEPT and the accesses added pages");
	/* All there already: EEXIST at once. */
	ret = ioc_augment(t, off_of(t, first), n * PAGE, &count);
	CHECK(ret == -EEXIST && count == 0, "again: %d count %llu", ret,
	      U(count));
	return true;
}

/*
 * EACCEPTCOPY into augmented pages: the copy of a data page, with the
 * permissions asked for.  Into a page accepted already: mismatch (19).
 */
bool t_augment_pages_eacceptcopy(struct tenc *t)
{
	struct encl_op_put_to_buf put = {
		{ ENCL_OP_PUT_TO_BUFFER }, 0xc0c0c0c0deULL,
	};
	uint64_t buf = symbol_addr(t, ENCL_SYM_BUFFER);
	uint64_t ro = heap_page(t, 0), rw = heap_page(t, 1), count = 0, v = 0, r;
	struct encl_op_put_to_addr write_ro = {
		{ ENCL_OP_PUT_TO_ADDRESS }, .value = 1, .addr = ro,
	};
	int ret;

	CHECK(buf, "no buffer symbol");
	IOC_OK(ioc_augment(t, off_of(t, ro), 2 * PAGE, &count), 0, count,
	       2 * PAGE);
	ENTER_OK(t, 0, &put);
	r = eacceptcopy(t, 0, ro, buf, SGX2_SECINFO_R | SGX2_SECINFO_REG);
	CHECK(r == 0, "EACCEPTCOPY(R): %#llx", U(r));
	r = eacceptcopy(t, 1, rw, buf, SGX2_SECINFO_R | SGX2_SECINFO_W |
			SGX2_SECINFO_REG);
	CHECK(r == 0, "EACCEPTCOPY(RW): %#llx", U(r));
	TRY(get_addr(t, 0, ro, &v));
	CHECK(v == put.value, "R copy holds %#llx", U(v));
	TRY(get_addr(t, 1, rw, &v));
	CHECK(v == put.value, "RW copy holds %#llx", U(v));
	TRY(put_addr(t, 1, rw, 0x5));
	TRY(get_addr(t, 0, rw, &v));
	CHECK(v == 0x5, "RW copy after a write: %#llx", U(v));
	r = eacceptcopy(t, 0, rw, buf, SGX2_SECINFO_R | SGX2_SECINFO_W |
			SGX2_SECINFO_REG);
	CHECK(r == SGX2_PAGE_ATTRIBUTES_MISMATCH,
	      "EACCEPTCOPY into an accepted page: %#llx", U(r));
	/* Last: this leaves TCS 0 with its SSA frame in use. */
	ret = enter(t, 0, &write_ro);
	EXPECT_PF(&t->run, ret, PF_EPCM_WRITE, ro);
	return true;
}

/* A range overlapping a present page: EEXIST, count = the pages before it. */
bool t_augment_pages_overlap(struct tenc *t)
{
	uint64_t first = heap_page(t, 0), count = 0;
	struct stsnap a, b;
	int ret;

	IOC_OK(ioc_augment(t, off_of(t, first) + 2 * PAGE, PAGE, &count), 0,
	       count, PAGE);
	CHECK(snap(t, &a), "STATS");
	ret = ioc_augment(t, off_of(t, first), 4 * PAGE, &count);
	CHECK(ret == -EEXIST && count == 2 * PAGE, "ret %d count %llu", ret,
	      U(count));
	CHECK(snap(t, &b), "STATS");
	CHECK(b.v[SGX2_STAT_EPC_PAGES] - a.v[SGX2_STAT_EPC_PAGES] == 2,
	      "EPC pages +%llu, want +2",
	      U(b.v[SGX2_STAT_EPC_PAGES] - a.v[SGX2_STAT_EPC_PAGES]));
	/* The two before it are there and PENDING. */
	TRY(eaccept_range(t, 0, first, 3, SI_PENDING_RW));
	/* Go on after the present page. */
	IOC_OK(ioc_augment(t, off_of(t, first) + 3 * PAGE, PAGE, &count), 0,
	       count, PAGE);
	TRY(eaccept_range(t, 1, first + 3 * PAGE, 1, SI_PENDING_RW));
	return true;
}

/*
 * Fill the EPC the module may use (its budget: the sim's whole EPC, or 75%
 * of the CPU's on hw): the enclave augments all but a few free pages far
 * up in its ELRANGE (never touched), then more than are left at its heap's
 * start: ENOMEM, count = the pages that fit.  Removing those (TRIM,
 * EACCEPT, REMOVE) gives them back; teardown gives back the rest.
 */
bool t_augment_pages_exhaustion(struct tenc *t)
{
	const long left = 24, ask = left + 8, gap = 64;
	long total = module_epc_pages(), start = global_epc_pages(), free_pages;
	uint64_t first, count = 0, result = 1, r;
	int ret;

	CHECK(total > 0, "epc_budget_pages: %ld", total);
	CHECK(start >= 0, "global STATS");
	free_pages = total - start;
	if (free_pages > 65536)
		SKIP("%ld free EPC pages: too many to fill in this guest",
		     free_pages);
	CHECK(free_pages > 2 * ask + gap, "only %ld free EPC pages", free_pages);
	TRY(tenc_setup_dyn(t, (size_t)(free_pages + gap), true));
	first = t->heap;

	free_pages = total - global_epc_pages();
	ret = ioc_augment(t, off_of(t, first) + gap * PAGE,
			  (uint64_t)(free_pages - left) * PAGE, &count);
	CHECK(ret == 0 && count == (uint64_t)(free_pages - left) * PAGE,
	      "filling: AUGMENT of %ld pages: %d count %llu", free_pages - left,
	      ret, U(count));
	CHECK(total - global_epc_pages() == left, "%ld pages free, want %ld",
	      total - global_epc_pages(), left);

	ret = ioc_augment(t, off_of(t, first), ask * PAGE, &count);
	CHECK(ret == -ENOMEM && count == (uint64_t)left * PAGE,
	      "AUGMENT of %ld pages with %ld free: %d count %llu, want ENOMEM "
	      "count %ld", ask, left, ret, U(count), left * PAGE);
	CHECK(global_epc_pages() == total, "EPC not full: %ld of %ld",
	      global_epc_pages(), total);

	/* Nothing more: a fault cannot EAUG either (EACCEPT is then a #PF). */
	r = eaccept(t, 0, first + left * PAGE, SI_PENDING_RW);
	CHECK(r == ENCLU_NO_EXIT && t->run.exception_vector == 14,
	      "EACCEPT of an unbacked page with a full EPC: %#llx vector %u",
	      U(r), t->run.exception_vector);
	/* That left TCS 0 after an AEX: TCS 1 from now on. */
	TRY(eaccept_range(t, 1, first, left, SI_PENDING_RW));
	IOC_OK(ioc_modt(t, off_of(t, first), left * PAGE, SGX2_PAGE_TYPE_TRIM,
			&result, &count), result, count, left * PAGE);
	TRY(eaccept_range(t, 1, first, left, SI_TRIMMED));
	IOC_OK(ioc_remove(t, off_of(t, first), left * PAGE, &count), 0, count,
	       left * PAGE);
	CHECK(total - global_epc_pages() == left,
	      "after REMOVE %ld pages free, want %ld", total - global_epc_pages(),
	      left);
	/* And they can be had again. */
	IOC_OK(ioc_augment(t, off_of(t, first), left * PAGE, &count), 0, count,
	       left * PAGE);
	return true;
}

/* ---- batching policies ------------------------------------------------- */

/*
 * 64 dynamic pages restricted to R under a policy: the ETRACK and IPI
 * rounds it promises, EACCEPT never sees NOT_TRACKED, and every page ends
 * up the same: a write faults with 0x8007 (then EMODPE and ERESUME).
 */
static bool policy_test(struct tenc *t, uint32_t policy, uint32_t chunk,
			uint64_t tracks)
{
	const unsigned long n = 64;
	uint64_t first = heap_page(t, 0), result = 1, count = 0, v, r;
	struct sgx2_enclave_run run0;
	struct stsnap a, b;
	unsigned long i;
	int ret;

	IOC_OK(ioc_augment(t, off_of(t, first), n * PAGE, &count), 0, count,
	       n * PAGE);
	TRY(eaccept_range(t, 0, first, n, SI_PENDING_RW));
	ret = ioc_set_policy(t, policy, chunk);
	CHECK(ret == 0, "SET_POLICY: %d", ret);

	CHECK(snap(t, &a), "STATS");
	IOC_OK(ioc_restrict(t, off_of(t, first), n * PAGE, SGX2_SECINFO_R,
			    &result, &count), result, count, n * PAGE);
	CHECK(snap(t, &b), "STATS");
	CHECK(b.v[SGX2_STAT_ETRACK] - a.v[SGX2_STAT_ETRACK] == tracks &&
	      b.v[SGX2_STAT_IPI_ROUNDS] - a.v[SGX2_STAT_IPI_ROUNDS] == tracks &&
	      b.v[SGX2_STAT_EMODPR] - a.v[SGX2_STAT_EMODPR] == n,
	      "ETRACK +%llu, IPI rounds +%llu, EMODPR +%llu; want %llu, %llu, "
	      "%lu", U(b.v[SGX2_STAT_ETRACK] - a.v[SGX2_STAT_ETRACK]),
	      U(b.v[SGX2_STAT_IPI_ROUNDS] - a.v[SGX2_STAT_IPI_ROUNDS]),
	      U(b.v[SGX2_STAT_EMODPR] - a.v[SGX2_STAT_EMODPR]), U(tracks),
	      U(tracks), n);

	for (i = 0; i < n; i++) {
		r = eaccept(t, 0, first + i * PAGE, SI_RESTRICTED_R);
		CHECK(r == 0, "EACCEPT(R|PR) of page %lu: %#llx%s", i, U(r),
		      r == SGX2_NOT_TRACKED ? " (NOT_TRACKED)" : "");
	}
	TRY(get_addr(t, 1, first, &v));
	TRY(get_addr(t, 1, first + (n - 1) * PAGE, &v));
	for (i = 0; i < n; i++) {
		uint64_t page = first + i * PAGE;
		struct encl_op_put_to_addr op = {
			{ ENCL_OP_PUT_TO_ADDRESS }, .value = i + 1, .addr = page,
		};

		ret = enter_run(t, &run0, 0, &op);
		EXPECT_PF(&run0, ret, PF_EPCM_WRITE, page);
		TRY(emodpe(t, 1, page, SGX2_SECINFO_R | SGX2_SECINFO_W));
		ret = resume_run(t, &run0);
		CHECK(exited_run(&run0, ret), "ERESUME after page %lu: ret %d "
		      "vector %u", i, ret, run0.exception_vector);
	}
	TRY(get_addr(t, 1, first + 7 * PAGE, &v));
	CHECK(v == 8, "page 7 holds %#llx", U(v));
	return true;
}

bool t_policy_per_page(struct tenc *t)
{
	return policy_test(t, SGX2_POLICY_PER_PAGE, 0, 64);
}

bool t_policy_chunk16(struct tenc *t)
{
	return policy_test(t, SGX2_POLICY_CHUNK, 16, 4);
}

bool t_policy_per_range(struct tenc *t)
{
	return policy_test(t, SGX2_POLICY_PER_RANGE, 0, 1);
}

/* ---- a pass over most of the EPC ---------------------------------------- */

/*
 * Percent of the sim's EPC the pass covers: 50 by default, which keeps the
 * pass (two EACCEPTs, i.e. two enclave entries, per page) near 30 s under
 * TCG on a loaded host; 75% took 29-72 s.  ENCLAVE_TEST_HEAP_PERCENT
 * (1-90) overrides it.
 */
#define HEAP_PERCENT_DEFAULT	50

static long heap_percent(void)
{
	const char *env = getenv("ENCLAVE_TEST_HEAP_PERCENT");
	long p = env ? strtol(env, NULL, 10) : 0;

	return p >= 1 && p <= 90 ? p : HEAP_PERCENT_DEFAULT;
}

/*
 * AUGMENT a heap of most of the EPC, EACCEPT every page, TRIM the whole
 * range in one call (per_range: one ETRACK), EACCEPT every page, REMOVE it
 * in one call; the EPC page count is back where it was.
 */
bool t_trim_remove_heap(struct tenc *t)
{
	long total = module_epc_pages(), start = global_epc_pages(), pages;
	long percent = heap_percent();
	uint64_t first, count = 0, result = 1;
	struct stsnap a, b;

	CHECK(total > 0, "epc_budget_pages: %ld", total);
	pages = total * percent / 100;
	CHECK(start >= 0 && total - start > pages + 64,
	      "%ld of %ld EPC pages free, need %ld", total - start, total, pages);
	TRY(tenc_setup_dyn(t, (size_t)pages, true));
	first = t->heap;
	CHECK(ioc_set_policy(t, SGX2_POLICY_PER_RANGE, 0) == 0, "SET_POLICY");

	IOC_OK(ioc_augment(t, off_of(t, first), pages * PAGE, &count), 0,
	       count, pages * PAGE);
	TRY(eaccept_range(t, 0, first, pages, SI_PENDING_RW));
	CHECK(snap(t, &a), "STATS");
	IOC_OK(ioc_modt(t, off_of(t, first), pages * PAGE, SGX2_PAGE_TYPE_TRIM,
			&result, &count), result, count, pages * PAGE);
	CHECK(snap(t, &b), "STATS");
	CHECK(b.v[SGX2_STAT_ETRACK] - a.v[SGX2_STAT_ETRACK] == 1 &&
	      b.v[SGX2_STAT_EMODT] - a.v[SGX2_STAT_EMODT] == (uint64_t)pages,
	      "ETRACK +%llu (want 1), EMODT +%llu",
	      U(b.v[SGX2_STAT_ETRACK] - a.v[SGX2_STAT_ETRACK]),
	      U(b.v[SGX2_STAT_EMODT] - a.v[SGX2_STAT_EMODT]));
	TRY(eaccept_range(t, 0, first, pages, SI_TRIMMED));
	IOC_OK(ioc_remove(t, off_of(t, first), pages * PAGE, &count), 0, count,
	       pages * PAGE);
	CHECK(global_epc_pages() + 0 == start + (long)encl_stat(t, SGX2_STAT_EPC_PAGES),
	      "EPC pages: %ld at the start, %ld now with the enclave's %llu",
	      start, global_epc_pages(), U(encl_stat(t, SGX2_STAT_EPC_PAGES)));
	CHECK(encl_stat(t, SGX2_STAT_EPC_PAGES) == t->e.image_size / PAGE + 1,
	      "the enclave holds %llu pages, its image is %zu",
	      U(encl_stat(t, SGX2_STAT_EPC_PAGES)), t->e.image_size / PAGE);
	printf("# trim_remove_heap: %ld pages (%ld%% of the EPC)\n", pages,
	       percent);
	return true;
}

/* ---- concurrency -------------------------------------------------------- */

struct spinner {
	struct tenc *t;
	int tcs;
	uint64_t addr;
	volatile long iters;
	volatile int stop;
	char err[256];
	pthread_t th;
};

static void *spin(void *arg)
{
	struct spinner *s = arg;
	struct sgx2_enclave_run run;
	long i;

	sgx2_runtime_use_fd(s->t->fd);
	for (i = 1; !s->stop; i++) {
		struct encl_op_put_to_addr put = {
			{ ENCL_OP_PUT_TO_ADDRESS }, .value = (uint64_t)i,
			.addr = s->addr,
		};
		struct encl_op_get_from_addr get = {
			{ ENCL_OP_GET_FROM_ADDRESS }, .addr = s->addr,
		};
		int ret = enter_run(s->t, &run, s->tcs, &put);

		if (exited_run(&run, ret))
			ret = enter_run(s->t, &run, s->tcs, &get);
		if (!exited_run(&run, ret) || get.value != (uint64_t)i) {
			snprintf(s->err, sizeof(s->err),
				 "TCS %d iteration %ld: ret %d function %u vector "
				 "%u error %#x addr %#llx value %#llx", s->tcs, i,
				 ret, run.function, run.exception_vector,
				 run.exception_error_code,
				 U(run.exception_addr), U(get.value));
			break;
		}
		__atomic_store_n(&s->iters, i, __ATOMIC_RELEASE);
	}
	sgx2_runtime_thread_fini();
	return NULL;
}

/* Every spinner gets further than it was, within 10 s. */
static bool progress(struct spinner *s, int n, const char *after)
{
	long from[2];
	int i, ms;

	for (i = 0; i < n; i++)
		from[i] = __atomic_load_n(&s[i].iters, __ATOMIC_ACQUIRE);
	for (ms = 0; ms < 10000; ms++) {
		bool all = true;

		for (i = 0; i < n; i++) {
			if (s[i].err[0]) {
				snprintf(fail_msg, sizeof(fail_msg), "%s", s[i].err);
				return false;
			}
			if (__atomic_load_n(&s[i].iters, __ATOMIC_ACQUIRE) <=
			    from[i] + 1)
				all = false;
		}
		if (all)
			return true;
		usleep(1000);
	}
	for (i = 0; i < n; i++)
		if (s[i].iters <= from[i] + 1)
			snprintf(fail_msg, sizeof(fail_msg),
				 "thread on TCS %d stuck at iteration %ld for 10 s "
				 "after %s", s[i].tcs, s[i].iters, after);
	return false;
}

/*
 * Two threads keep entering the enclave (one per TCS) while this one
 * restricts and trims four ranges of 16 pages under per_page (an ETRACK
 * and IPI round per page): they keep making progress, nothing hangs, and
 * the IPI rounds are counted.
 */
bool t_concurrent_restrict_trim(struct tenc *t)
{
	const unsigned long ranges = 4, per = 16;
	uint64_t first = heap_page(t, 0), result = 1, count = 0;
	struct spinner s[2];
	struct stsnap a, b;
	unsigned long k;
	bool ok = true;
	int i, ret;

	IOC_OK(ioc_augment(t, off_of(t, first), ranges * per * PAGE, &count),
	       0, count, ranges * per * PAGE);
	TRY(eaccept_range(t, 0, first, ranges * per, SI_PENDING_RW));
	CHECK(eaccept(t, 0, heap_page(t, 100), SI_PENDING_RW) == 0, "EACCEPT");
	CHECK(ioc_set_policy(t, SGX2_POLICY_PER_PAGE, 0) == 0, "SET_POLICY");

	memset(s, 0, sizeof(s));
	for (i = 0; i < 2; i++) {
		s[i].t = t;
		s[i].tcs = i;
		s[i].addr = i ? heap_page(t, 100) : symbol_addr(t, ENCL_SYM_BUFFER);
		CHECK(!pthread_create(&s[i].th, NULL, spin, &s[i]),
		      "pthread_create");
	}
	ok = progress(s, 2, "the start");
	CHECK(snap(t, &a), "STATS");
	for (k = 0; ok && k < ranges; k++) {
		uint64_t off = off_of(t, first) + k * per * PAGE;

		ret = ioc_restrict(t, off, per * PAGE, SGX2_SECINFO_R, &result,
				   &count);
		if (ret || result || count != per * PAGE) {
			snprintf(fail_msg, sizeof(fail_msg), "RESTRICT range %lu: "
				 "%d result %llu count %llu", k, ret, U(result),
				 U(count));
			ok = false;
			break;
		}
		ok = progress(s, 2, "RESTRICT");
		if (!ok)
			break;
		ret = ioc_modt(t, off, per * PAGE, SGX2_PAGE_TYPE_TRIM, &result,
			       &count);
		if (ret || result || count != per * PAGE) {
			snprintf(fail_msg, sizeof(fail_msg), "TRIM range %lu: "
				 "%d result %llu count %llu", k, ret, U(result),
				 U(count));
			ok = false;
			break;
		}
		ok = progress(s, 2, "MODIFY_TYPES");
	}
	for (i = 0; i < 2; i++)
		s[i].stop = 1;
	for (i = 0; i < 2; i++)
		pthread_join(s[i].th, NULL);
	if (!ok)
		return false;
	for (i = 0; i < 2; i++)
		CHECK(!s[i].err[0], "%s", s[i].err);
	CHECK(snap(t, &b), "STATS");
	CHECK(b.v[SGX2_STAT_IPI_ROUNDS] - a.v[SGX2_STAT_IPI_ROUNDS] >=
	      2 * ranges * per, "IPI rounds +%llu, want >= %lu",
	      U(b.v[SGX2_STAT_IPI_ROUNDS] - a.v[SGX2_STAT_IPI_ROUNDS]),
	      2 * ranges * per);
	printf("# concurrent_restrict_trim: %ld and %ld iterations, %llu IPI "
	       "rounds\n", s[0].iters, s[1].iters,
	       U(b.v[SGX2_STAT_IPI_ROUNDS] - a.v[SGX2_STAT_IPI_ROUNDS]));

	/* Afterwards, everything trimmed is accepted and removed. */
	TRY(eaccept_range(t, 0, first, ranges * per, SI_TRIMMED));
	IOC_OK(ioc_remove(t, off_of(t, first), ranges * per * PAGE, &count), 0,
	       count, ranges * per * PAGE);
	return true;
}

#ifdef ENCL_OP_SPIN
struct inside {
	struct tenc *t;
	int tcs;
	volatile uint64_t *stop;
	struct encl_op_spin op;
	struct sgx2_enclave_run run;
	int ret;
	volatile int done;
	pthread_t th;
};

static void *stay_inside(void *arg)
{
	struct inside *in = arg;

	sgx2_runtime_use_fd(in->t->fd);
	in->op.header.type = ENCL_OP_SPIN;
	in->op.stop_addr = (uint64_t)(uintptr_t)in->stop;
	in->ret = enter_run(in->t, &in->run, in->tcs, &in->op);
	__atomic_store_n(&in->done, 1, __ATOMIC_RELEASE);
	sgx2_runtime_thread_fini();
	return NULL;
}

/*
 * Two threads stay inside the enclave (ENCL_OP_SPIN) while this one
 * restricts one range and trims another: the ioctls complete with the
 * threads still inside (their ETRACK cycles were completed by the IPI
 * rounds), and afterwards EACCEPT finds every change tracked.
 */
bool t_concurrent_spinning_inside(struct tenc *t)
{
	const unsigned long per = 16;
	uint64_t a = heap_page(t, 0), b = heap_page(t, per), result = 1;
	uint64_t count = 0;
	static volatile uint64_t stop;
	struct inside in[2];
	struct stsnap s0, s1;
	bool ok = true;
	int i, ms;

	IOC_OK(ioc_augment(t, off_of(t, a), 2 * per * PAGE, &count), 0, count,
	       2 * per * PAGE);
	TRY(eaccept_range(t, 0, a, 2 * per, SI_PENDING_RW));
	CHECK(snap(t, &s0), "STATS");

	stop = 0;
	memset(in, 0, sizeof(in));
	for (i = 0; i < 2; i++) {
		in[i].t = t;
		in[i].tcs = i;
		in[i].stop = &stop;
		CHECK(!pthread_create(&in[i].th, NULL, stay_inside, &in[i]),
		      "pthread_create");
	}
	/* Both inside: two more EENTERs (sim), or just a while (hardware). */
	for (ms = 0; ms < 10000; ms++) {
		if (!snap(t, &s1))
			break;
		if (!is_sim() ? ms >= 200 :
		    s1.v[SGX2_STAT_EENTER] - s0.v[SGX2_STAT_EENTER] >= 2)
			break;
		usleep(1000);
	}
	if (in[0].done || in[1].done || ms >= 10000) {
		snprintf(fail_msg, sizeof(fail_msg), "threads not inside after "
			 "%d ms: done %d %d", ms, in[0].done, in[1].done);
		ok = false;
	}

	/*
	 * Let both run inside for a while first: with more threads than
	 * vCPUs, one may otherwise sit entered but unscheduled throughout.
	 */
	usleep(50000);
	if (ok) {
		int r1, r2;

		if (!snap(t, &s0))
			ok = false;
		r1 = ioc_restrict(t, off_of(t, a), per * PAGE, SGX2_SECINFO_R,
				  &result, &count);
		if (r1 || result || count != per * PAGE) {
			snprintf(fail_msg, sizeof(fail_msg), "RESTRICT: %d result "
				 "%llu count %llu", r1, U(result), U(count));
			ok = false;
		}
		r2 = ok ? ioc_modt(t, off_of(t, b), per * PAGE,
				   SGX2_PAGE_TYPE_TRIM, &result, &count) : 0;
		if (ok && (r2 || result || count != per * PAGE)) {
			snprintf(fail_msg, sizeof(fail_msg), "TRIM: %d result "
				 "%llu count %llu", r2, U(result), U(count));
			ok = false;
		}
		if (ok && (in[0].done || in[1].done)) {
			snprintf(fail_msg, sizeof(fail_msg), "a thread left the "
				 "enclave during the ioctls: done %d %d",
				 in[0].done, in[1].done);
			ok = false;
		}
		if (ok && snap(t, &s1) &&
		    (s1.v[SGX2_STAT_ETRACK] - s0.v[SGX2_STAT_ETRACK] < 2 ||
		     s1.v[SGX2_STAT_IPI_ROUNDS] - s0.v[SGX2_STAT_IPI_ROUNDS] < 2)) {
			snprintf(fail_msg, sizeof(fail_msg), "ETRACK +%llu, IPI "
				 "rounds +%llu, want >= 2 each",
				 U(s1.v[SGX2_STAT_ETRACK] - s0.v[SGX2_STAT_ETRACK]),
				 U(s1.v[SGX2_STAT_IPI_ROUNDS] -
				   s0.v[SGX2_STAT_IPI_ROUNDS]));
			ok = false;
		}
	}
	usleep(50000);
	stop = 1;
	for (i = 0; i < 2; i++)
		pthread_join(in[i].th, NULL);
	if (!ok)
		return false;
	for (i = 0; i < 2; i++)
		CHECK(exited_run(&in[i].run, in[i].ret) && in[i].op.iterations,
		      "thread on TCS %d: ret %d function %u vector %u, %llu "
		      "iterations", i, in[i].ret, in[i].run.function,
		      in[i].run.exception_vector, U(in[i].op.iterations));
	for (i = 0; i < (int)per; i++) {
		uint64_t r = eaccept(t, 0, a + i * PAGE, SI_RESTRICTED_R);

		CHECK(r == 0, "EACCEPT(R|PR) of page %d: %#llx%s", i, U(r),
		      r == SGX2_NOT_TRACKED ? " (NOT_TRACKED)" : "");
	}
	TRY(eaccept_range(t, 1, b, per, SI_TRIMMED));
	IOC_OK(ioc_remove(t, off_of(t, b), per * PAGE, &count), 0, count,
	       per * PAGE);
	printf("# concurrent_spinning_inside: %llu and %llu iterations inside\n",
	       U(in[0].op.iterations), U(in[1].op.iterations));
	return true;
}
#endif /* ENCL_OP_SPIN */
