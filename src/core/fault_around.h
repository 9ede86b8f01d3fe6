/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fault_around.h - the fault-around window: direction of a stream of EAUG
 * faults and the size of the next window (pure; rules in fault_around.c).
 */
#ifndef SGX2_FAULT_AROUND_H
#define SGX2_FAULT_AROUND_H

#include "../pure.h"

/* The first window of a stream, in pages (capped by the maximum). */
#define SGX2_FA_INIT_PAGES	4

/**
 * struct sgx2_fa - fault-around state of one enclave (a page-number stream)
 * @last:	page number of the last EAUG fault seen
 * @next:	page number where the next fault of the stream lands if the
 *		enclave goes on sequentially: just past the last window
 * @window:	pages in the last window; 0 when there is no stream
 * @dir:	+1 (ascending), -1 (descending) or 0 (no stream yet)
 * @valid:	@last holds a fault
 *
 * All zero is the initial state.  Page numbers are linear addresses
 * shifted right by the page shift.
 */
struct sgx2_fa {
	u64 last;
	u64 next;
	u32 window;
	s32 dir;
	bool valid;
};

/**
 * struct sgx2_fa_plan - the pages to EAUG after one fault
 * @first:	the first page, next to the faulting one
 * @step:	+1 or -1: the pages are @first, @first + @step, ...
 * @pages:	how many; 0 for none
 */
struct sgx2_fa_plan {
	u64 first;
	s32 step;
	u32 pages;
};

void sgx2_fa_fault(struct sgx2_fa *fa, u64 page, u32 max, u64 lo, u64 hi,
		   struct sgx2_fa_plan *plan);
void sgx2_fa_done(struct sgx2_fa *fa, const struct sgx2_fa_plan *plan,
		  u32 covered);

#endif /* SGX2_FAULT_AROUND_H */
