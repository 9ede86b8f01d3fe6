// SPDX-License-Identifier: GPL-2.0
/*
 * check_fault_around.c - the fault-around window: direction detection,
 * growth while sequential, reset on random access, bounds.
 */
#include <check.h>
#include "fault_around.h"

#define NP	256

/*
 * A region of NP pages and the driver's side of fault-around: a fault on
 * a missing page adds it and then the planned pages that are missing, as
 * sgx2_encl_fault_around() does.  @epc_left, when >= 0, is how many more
 * pages fit (a full EPC ends the window).
 */
struct region {
	bool present[NP];
	struct sgx2_fa fa;
	struct sgx2_fa_plan plan;
	u64 lo, hi;
	u32 max;
	unsigned int faults, around;
	int epc_left;
};

static void region_init(struct region *r, u32 max, u64 lo, u64 hi)
{
	memset(r, 0, sizeof(*r));
	r->max = max;
	r->lo = lo;
	r->hi = hi;
	r->epc_left = -1;
}

static bool take_epc(struct region *r)
{
	if (!r->epc_left)
		return false;
	if (r->epc_left > 0)
		r->epc_left--;
	return true;
}

/* The enclave touches page @p (EACCEPT); a missing page faults. */
static void touch(struct region *r, u64 p)
{
	u32 k;

	ck_assert_uint_lt(p, NP);
	if (r->present[p])
		return;
	ck_assert(take_epc(r));
	r->present[p] = true;
	r->faults++;
	sgx2_fa_fault(&r->fa, p, r->max, r->lo, r->hi, &r->plan);
	for (k = 0; k < r->plan.pages; k++) {
		u64 q = r->plan.first + (s64)r->plan.step * k;

		/* Only pages next to the fault, inside the bounds. */
		ck_assert_uint_ge(q, r->lo);
		ck_assert_uint_lt(q, r->hi);
		ck_assert_uint_ne(q, p);
		if (r->present[q])
			continue;
		if (!take_epc(r))
			break;
		r->present[q] = true;
		r->around++;
	}
	sgx2_fa_done(&r->fa, &r->plan, k);
	ck_assert_uint_le(r->plan.pages, r->max);
}

static void walk(struct region *r, long first, long step, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		touch(r, (u64)(first + (long)i * step));
}

START_TEST(test_disabled)
{
	struct region r;

	region_init(&r, 0, 0, NP);
	walk(&r, 0, 1, 64);
	ck_assert_uint_eq(r.faults, 64);
	ck_assert_uint_eq(r.around, 0);
	ck_assert(!r.fa.valid);
}
END_TEST

/* The first fault has no direction: no window. */
START_TEST(test_first_fault)
{
	struct region r;

	region_init(&r, 16, 0, NP);
	touch(&r, 100);
	ck_assert_uint_eq(r.plan.pages, 0);
	ck_assert_uint_eq(r.around, 0);
	ck_assert_int_eq(r.fa.dir, 0);
}
END_TEST

/* Ascending: windows of 4, 8, 16, 16 after faults at 0, 1, 6, 15, 32. */
START_TEST(test_ascending)
{
	static const u64 faults[] = { 0, 1, 6, 15, 32, 49 };
	static const u32 windows[] = { 0, 4, 8, 16, 16, 16 };
	struct region r;
	unsigned int i;

	region_init(&r, 16, 0, NP);
	for (i = 0; i < 6; i++) {
		u64 from = i ? faults[i - 1] + 1 : 0;

		walk(&r, (long)from, 1, (unsigned int)(faults[i] - from + 1));
		ck_assert_uint_eq(r.faults, i + 1);
		ck_assert_uint_eq(r.fa.last, faults[i]);
		ck_assert_uint_eq(r.plan.pages, windows[i]);
		ck_assert_int_eq(r.plan.step, i ? 1 : 0);
	}
	ck_assert_uint_eq(r.fa.next, 66);
	ck_assert_uint_eq(r.around, 4 + 8 + 16 + 16 + 16);
}
END_TEST

/* Descending (Intel SDK): 48 pages in 5 faults, nothing below page 0. */
START_TEST(test_descending)
{
	struct region r;

	region_init(&r, 16, 0, NP);
	walk(&r, 47, -1, 48);
	ck_assert_uint_eq(r.faults, 5);
	ck_assert_uint_eq(r.around, 43);
	ck_assert_int_eq(r.fa.dir, -1);
	ck_assert_uint_eq(r.fa.window, 16);
	/* The last window was clipped at page 0: 15 pages, 14 down to 0. */
	ck_assert_uint_eq(r.fa.last, 15);
	ck_assert_uint_eq(r.plan.pages, 15);
	ck_assert_uint_eq(r.plan.first, 14);
}
END_TEST

/* Long streams cost about pages / max faults either way. */
START_TEST(test_long_streams)
{
	struct region up, down;

	region_init(&up, 16, 0, NP);
	region_init(&down, 16, 0, NP);
	walk(&up, 0, 1, NP);
	walk(&down, NP - 1, -1, NP);
	ck_assert_uint_le(up.faults, 3 + NP / 17 + 1);
	ck_assert_uint_le(down.faults, 3 + NP / 17 + 1);
	ck_assert_uint_eq(up.faults + up.around, NP);
	ck_assert_uint_eq(down.faults + down.around, NP);
}
END_TEST

/* After a grown stream, faults never next to each other add nothing. */
START_TEST(test_random_resets)
{
	struct region r;
	unsigned int j, f0, a0;

	region_init(&r, 16, 0, NP);
	walk(&r, 0, 1, 32);
	ck_assert_uint_eq(r.fa.window, 16);
	f0 = r.faults;
	a0 = r.around;
	for (j = 0; j < 32; j++)
		touch(&r, 32 + (j * 7 + 5) % 32);
	ck_assert_uint_eq(r.faults - f0, 32);
	ck_assert_uint_eq(r.around, a0);
	ck_assert_int_eq(r.fa.dir, 0);
	ck_assert_uint_eq(r.fa.window, 0);

	/* Sequential again: a stream starts over with the first window. */
	touch(&r, 100);
	touch(&r, 101);
	ck_assert_uint_eq(r.plan.pages, SGX2_FA_INIT_PAGES);
}
END_TEST

/* A stream that turns round starts over in the new direction. */
START_TEST(test_reversal)
{
	struct region r;

	region_init(&r, 16, 0, NP);
	walk(&r, 100, 1, 12);		/* faults 100, 101, 106 */
	ck_assert_uint_eq(r.fa.window, 8);
	touch(&r, 99);			/* adjacent to 100, not to 106 */
	ck_assert_int_eq(r.fa.dir, 0);
	touch(&r, 98);			/* adjacent to 99, descending */
	ck_assert_int_eq(r.fa.dir, -1);
	ck_assert_uint_eq(r.plan.pages, SGX2_FA_INIT_PAGES);
	ck_assert_uint_eq(r.plan.first, 97);
	ck_assert_uint_eq(r.fa.next, 93);
}
END_TEST

/* Adjacent to the last fault in the stream's direction also grows it. */
START_TEST(test_adjacent_grows)
{
	struct sgx2_fa fa = { 0 };
	struct sgx2_fa_plan plan;

	sgx2_fa_fault(&fa, 10, 64, 0, NP, &plan);
	sgx2_fa_fault(&fa, 11, 64, 0, NP, &plan);
	ck_assert_uint_eq(plan.pages, 4);
	/* The window was not added (say, removed since): 12 faults. */
	sgx2_fa_fault(&fa, 12, 64, 0, NP, &plan);
	ck_assert_uint_eq(plan.pages, 8);
	ck_assert_uint_eq(plan.first, 13);
}
END_TEST

/* The window never exceeds max, also when max is below the first one. */
START_TEST(test_small_max)
{
	struct region r;
	u32 max;

	for (max = 1; max <= 3; max++) {
		region_init(&r, max, 0, NP);
		walk(&r, 0, 1, 40);
		ck_assert_uint_eq(r.fa.window, max);
		/* The last window may go past page 39, by at most max. */
		ck_assert_uint_ge(r.faults + r.around, 40);
		ck_assert_uint_le(r.faults + r.around, 40 + max);
	}
}
END_TEST

/* Lowering max mid-stream clamps the next window. */
START_TEST(test_max_lowered)
{
	struct region r;

	region_init(&r, 64, 0, NP);
	walk(&r, 0, 1, 40);		/* faults 0, 1, 6, 15, 32: window 32 */
	ck_assert_uint_eq(r.fa.window, 32);
	r.max = 8;
	walk(&r, 40, 1, 30);
	ck_assert_uint_eq(r.fa.window, 8);
	ck_assert_uint_eq(r.plan.pages, 8);
}
END_TEST

/* Windows stop at the bounds; no underflow below page 0. */
START_TEST(test_bounds)
{
	struct sgx2_fa fa = { 0 };
	struct sgx2_fa_plan plan;

	sgx2_fa_fault(&fa, 60, 16, 50, 64, &plan);
	sgx2_fa_fault(&fa, 61, 16, 50, 64, &plan);
	ck_assert_uint_eq(plan.pages, 2);		/* 62, 63 */
	ck_assert_uint_eq(fa.next, 64);

	memset(&fa, 0, sizeof(fa));
	sgx2_fa_fault(&fa, 52, 16, 50, 64, &plan);
	sgx2_fa_fault(&fa, 51, 16, 50, 64, &plan);
	ck_assert_int_eq(plan.step, -1);
	ck_assert_uint_eq(plan.first, 50);
	ck_assert_uint_eq(plan.pages, 1);		/* 50 */

	memset(&fa, 0, sizeof(fa));
	sgx2_fa_fault(&fa, 1, 16, 0, 64, &plan);
	sgx2_fa_fault(&fa, 0, 16, 0, 64, &plan);
	ck_assert_int_eq(fa.dir, -1);
	ck_assert_uint_eq(plan.pages, 0);
	/* Page 0 has no page below it: a later fault at "0 - 1" is not one. */
	memset(&fa, 0, sizeof(fa));
	sgx2_fa_fault(&fa, 0, 16, 0, 64, &plan);
	sgx2_fa_fault(&fa, ~0ULL, 16, 0, 64, &plan);
	ck_assert_int_eq(fa.dir, 0);
}
END_TEST

/* A full EPC ends the window; the stream goes on from where it stopped. */
START_TEST(test_epc_full)
{
	struct region r;

	region_init(&r, 16, 0, NP);
	walk(&r, 0, 1, 2);		/* window 2..5 */
	r.epc_left = 3;
	touch(&r, 6);			/* window of 8 from 7: room for 2 */
	ck_assert_uint_eq(r.plan.pages, 8);
	ck_assert_uint_eq(r.fa.next, 9);
	ck_assert(!r.present[9]);
	r.epc_left = -1;
	touch(&r, 9);			/* where it stopped: sequential */
	ck_assert_uint_eq(r.fa.window, 16);
	ck_assert_uint_eq(r.plan.first, 10);
}
END_TEST

/* Pseudo-random faults: every plan stays next to the fault and bounded. */
START_TEST(test_random_plans)
{
	struct sgx2_fa fa = { 0 };
	struct sgx2_fa_plan plan;
	u64 x = 0x9e3779b97f4a7c15ULL, page = 500, lo, hi;
	u32 max;
	int i;

	for (i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (x % 4) {
		case 0:
			page = x % 1000;
			break;
		case 1:
			page = fa.next;
			break;
		default:
			page += (x & 8) ? 1 : -1;
			break;
		}
		if (page > 1000000)	/* next of a window at page 0, say */
			page = x % 1000;
		max = (u32)(x >> 20) % 300;
		lo = page > 40 ? page - (x >> 40) % 40 : 0;
		hi = page + 1 + (x >> 50) % 40;
		sgx2_fa_fault(&fa, page, max, lo, hi, &plan);
		ck_assert_uint_le(plan.pages, max);
		ck_assert_uint_le(fa.window, max);
		if (!plan.pages)
			continue;
		ck_assert(plan.step == 1 || plan.step == -1);
		ck_assert_uint_eq(plan.first, page + (s64)plan.step);
		if (plan.step > 0)
			ck_assert_uint_le(plan.first + plan.pages, hi);
		else
			ck_assert_uint_ge(plan.first + 1 - plan.pages, lo);
		sgx2_fa_done(&fa, &plan, (u32)(x >> 30) % (plan.pages + 1));
	}
}
END_TEST

Suite *fault_around_suite(void)
{
	Suite *s = suite_create("fault_around");
	TCase *tc = tcase_create("fault_around");

	tcase_add_test(tc, test_disabled);
	tcase_add_test(tc, test_first_fault);
	tcase_add_test(tc, test_ascending);
	tcase_add_test(tc, test_descending);
	tcase_add_test(tc, test_long_streams);
	tcase_add_test(tc, test_random_resets);
	tcase_add_test(tc, test_reversal);
	tcase_add_test(tc, test_adjacent_grows);
	tcase_add_test(tc, test_small_max);
	tcase_add_test(tc, test_max_lowered);
	tcase_add_test(tc, test_bounds);
	tcase_add_test(tc, test_epc_full);
	tcase_add_test(tc, test_random_plans);
	suite_add_tcase(s, tc);
	return s;
}
