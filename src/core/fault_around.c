// SPDX-License-Identifier: GPL-2.0
/*
 * fault_around.c - which pages to EAUG after an EAUG fault: the direction
 * of the fault stream and a window that grows while the stream stays
 * sequential, like the page cache's readahead.
 *
 * Pure: compiled into the module and into the Check tests.  The caller
 * holds the enclave lock.
 *
 * Runtimes commit memory by EACCEPTing page after page: Gramine in
 * ascending address order, the Intel SGX SDK in descending order for
 * regions that grow up.  Each EACCEPT of a page that is not there is an
 * EAUG fault; fault-around EAUGs the pages the stream will want next, so
 * that they need no fault of their own.
 *
 * Rules, for a fault at page P (page numbers: linear address >> PAGE_SHIFT),
 * with L the previous fault, D its stream's direction (+1 or -1, or none),
 * W its window size and N the page just past its window in direction D
 * (where the stream's next fault lands once the window is used up):
 *
 *  1. Sequential: a stream exists and P == N or P == L + D.  The window
 *     doubles: W = min(2 * W, max).
 *  2. Adjacent: otherwise, when P == L + 1 or P == L - 1 (the first two
 *     faults of a stream, or a stream turning round).  A stream starts in
 *     the direction D = P - L with W = min(SGX2_FA_INIT_PAGES, max).
 *  3. Anything else (the first fault, or a random access) ends the stream:
 *     no window, and P is remembered for rule 2.
 *
 * The window is the W pages next to P in direction D: P + 1 .. P + W, or
 * P - 1 down to P - W, nearest first, clipped to [lo, hi) (the caller's
 * bounds: the VMA and ELRANGE).  The caller reports how many of them it
 * went through (a full EPC ends the window early); N is the first page it
 * did not reach.  max == 0 disables fault-around and forgets the stream
 * (the driver does not even call in then: the stream is kept as it was).
 * One stream per enclave is followed: interleaved streams look random and
 * get no window, which costs faults, never extra pages.
 */
#include "fault_around.h"

/* @p moved @n pages in direction @dir. */
static u64 fa_move(u64 p, s32 dir, u64 n)
{
	return dir > 0 ? p + n : p - n;
}

/**
 * sgx2_fa_fault() - account an EAUG fault and plan the fault-around window
 * @fa:		the enclave's state
 * @page:	page number of the fault, in [@lo, @hi)
 * @max:	the policy's fault_around (0: off)
 * @lo:		first page the window may use
 * @hi:		page past the last one the window may use
 * @plan:	receives the pages to EAUG (@plan->pages is 0 for none)
 *
 * The caller EAUGs the planned pages in order, then calls sgx2_fa_done().
 */
void sgx2_fa_fault(struct sgx2_fa *fa, u64 page, u32 max, u64 lo, u64 hi,
		   struct sgx2_fa_plan *plan)
{
	u64 avail;

	plan->first = page;
	plan->step = 0;
	plan->pages = 0;

	if (!max) {
		memset(fa, 0, sizeof(*fa));
		return;
	}

	if (fa->valid && fa->dir &&
	    (page == fa->next || page == fa_move(fa->last, fa->dir, 1))) {
		fa->window = fa->window > max / 2 ? max : fa->window * 2;
	} else if (fa->valid && (page == fa->last + 1 ||
				 (fa->last && page == fa->last - 1))) {
		fa->dir = page > fa->last ? 1 : -1;
		fa->window = max < SGX2_FA_INIT_PAGES ? max : SGX2_FA_INIT_PAGES;
	} else {
		fa->dir = 0;
		fa->window = 0;
	}
	fa->last = page;
	fa->valid = true;
	if (!fa->dir)
		return;

	if (fa->dir > 0)
		avail = hi > page + 1 ? hi - (page + 1) : 0;
	else
		avail = page > lo ? page - lo : 0;

	plan->step = fa->dir;
	plan->first = fa_move(page, fa->dir, 1);
	plan->pages = avail < fa->window ? (u32)avail : fa->window;
	sgx2_fa_done(fa, plan, plan->pages);
}

/**
 * sgx2_fa_done() - how far the caller got through a plan
 * @fa:		the enclave's state
 * @plan:	the plan sgx2_fa_fault() made
 * @covered:	pages of @plan gone through, added or already present (less
 *		than @plan->pages when an EAUG failed, e.g. a full EPC)
 *
 * The stream's next fault is expected at the first page not reached.
 */
void sgx2_fa_done(struct sgx2_fa *fa, const struct sgx2_fa_plan *plan,
		  u32 covered)
{
	if (!plan->step)
		return;
	if (covered > plan->pages)
		covered = plan->pages;
	fa->next = fa_move(plan->first, plan->step, covered);
}
