// SPDX-License-Identifier: GPL-2.0
/*
 * modify.c - the SGX2 page operations on ranges, with batched tracking.
 *
 * RESTRICT_PERMISSIONS (EMODPR) and MODIFY_TYPES (EMODT) change the EPCM of
 * each page of a range; a change is complete once a tracking cycle (ETRACK,
 * then an IPI round that makes every logical processor that was inside the
 * enclave leave it) has covered it.  Mainline runs one ETRACK and one IPI
 * round per page.  Here the batching policy of the enclave (policy.c)
 * decides how many modified pages one ETRACK covers: 1 (per_page, mainline's
 * algorithm), N (chunk:N) or the whole range (per_range).  One ETRACK
 * covers every page modified before it, and none modified after it.
 *
 * Independently of the policy, the enclave lock is held for at most
 * SGX2_LOCK_CHUNK pages at a time: between lock chunks the loop zaps PTEs
 * (outside the lock, as lock order demands), checks for signals and
 * reschedules.  Pages modified but not yet tracked while the lock is
 * dropped are only reachable by the fault path, which maps them with the
 * EPCM's current permissions; no other ioctl can run (SGX2_ENCL_IOCTL).
 *
 * The questions batching raises, and the answers:
 *
 * - Partial failure: the page operation on page k fails.  Pages before k
 *   are modified; the loop tracks them before returning, so @count (bytes)
 *   is k pages: everything before @count is complete, and @result holds
 *   the SGX code of page k.
 * - ETRACK fails (it is retried once after an IPI round, as mainline
 *   does): the modified but untracked pages are marked SGX2_XA_UNTRACKED in
 *   the page array, @count stops before them and the call fails with
 *   -EAGAIN.  The next operation that reaches a marked page completes a
 *   tracking cycle first (covering every marked page) or fails with
 *   -EAGAIN again.  Repeating a call is safe: EMODPR to the permissions a
 *   page already has succeeds again, and a page that already has the type
 *   MODIFY_TYPES asks for is counted as done without EMODT (which would
 *   refuse TRIM to TRIM and TCS to TCS); both are tracked again.
 * - PTEs that may grant more than the new EPCM state (sim) are zapped
 *   before the tracking cycle that covers the page completes: from then on
 *   the enclave may EACCEPT the new state, and a stale writable PTE would
 *   let it write a page the EPCM says is read-only.
 * - The SECS is always resident: the driver never evicts it.
 * - Teardown needs no tracking: when the enclave is released no thread can
 *   be inside it, so no stale TLB entry can use an old permission.
 *
 * REMOVE_PAGES needs no tracking (EREMOVE of an accepted TRIM page is
 * always allowed) and is batched per lock chunk: probe every page, zap the
 * chunk's PTEs in one pass over every mapping, EREMOVE them.  AUGMENT_PAGES EAUGs a range,
 * a lock chunk at a time, then (hw) maps it in the caller's mappings.
 */
#include <asm/trapnr.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "sgx2_edmm.h"
#include "encl.h"
#include "leaves.h"
#include "modify.h"
#include "policy.h"
#include "validate.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/* ETRACK + IPI round, retried once after an extra IPI round. Lock held. */
static int sgx2_track(struct sgx2_encl *encl)
{
	int ret = sgx2_encl_track(encl);

	if (ret) {
		pr_debug("ETRACK returned %#x; kicking CPUs and retrying\n", ret);
		sgx2_encl_kick(encl);
		ret = sgx2_encl_track(encl);
	}
	return ret;
}

/*
 * The two walks below give the CPU away as they go (sgx2_encl_lock_break()).
 * Only the page-array marks are walked this way, and only the ioctl that
 * owns SGX2_ENCL_IOCTL touches them, so dropping the lock in the middle of
 * the walk is safe.
 */

/*
 * A tracking cycle that covers every page left untracked by an earlier
 * call (and every page modified so far).  Lock held (dropped and retaken
 * while the marks are cleared).
 */
static int sgx2_track_marked(struct sgx2_encl *encl)
{
	struct sgx2_encl_page *entry;
	unsigned long index, steps = 0;
	int ret = sgx2_track(encl);

	if (ret)
		return ret;
	xa_for_each_marked(&encl->page_array, index, entry, SGX2_XA_UNTRACKED) {
		xa_clear_mark(&encl->page_array, index, SGX2_XA_UNTRACKED);
		sgx2_encl_lock_break(encl, &steps);
	}
	return 0;
}

/* Mark @pages pages from @start untracked.  Lock held (dropped and retaken). */
static void sgx2_mark_untracked(struct sgx2_encl *encl, unsigned long start,
				unsigned long pages)
{
	unsigned long i, steps = 0;

	for (i = 0; i < pages; i++) {
		xa_set_mark(&encl->page_array, PFN_DOWN(start) + i,
			    SGX2_XA_UNTRACKED);
		sgx2_encl_lock_break(encl, &steps);
	}
}

/*
 * Zap the PTEs of pages [*@zapped, @upto) of the range from @start, with
 * the enclave lock dropped around it (lock order).  Called before a
 * tracking cycle that covers those pages completes: once it has, another
 * thread may EACCEPT the new EPCM state, and no PTE may still grant the
 * old one (sim).  A fault meanwhile maps the page with the EPCM as it is.
 */
static void sgx2_zap_pending(struct sgx2_encl *encl, unsigned long start,
			     unsigned long *zapped, unsigned long upto)
{
	if (upto <= *zapped)
		return;
	mutex_unlock(&encl->lock);
	sgx2_encl_zap(encl, start + (*zapped << PAGE_SHIFT),
		      start + (upto << PAGE_SHIFT));
	*zapped = upto;
	mutex_lock(&encl->lock);
}

/**
 * struct sgx2_modify_op - one kind of EPCM modification
 * @page:	modify one page, enclave lock held; return 0, or -errno and
 *		possibly an SGX code in *@result
 * @zap:	whether PTEs of modified pages must go (they may grant what
 *		the EPCM no longer does)
 * @trace_op:	SGX2_BATCH_* for the tracepoint
 */
struct sgx2_modify_op {
	int (*page)(struct sgx2_encl *encl, struct sgx2_encl_page *entry,
		    const void *arg, u64 *result);
	bool (*zap)(const void *arg);
	unsigned int trace_op;
};

/*
 * Track the @pending pages modified from @first on; one traced batch.  A
 * bench build can skip the tracking (bench_track=0, params.c): the pages
 * then stay untracked.
 */
static int sgx2_track_batch(struct sgx2_encl *encl,
			    const struct sgx2_modify_op *op,
			    unsigned long first, unsigned long pending)
{
	int ret = sgx2_bench_untracked() ? 0 : sgx2_track(encl);

	trace_sgx2_batch(op->trace_op, first, pending, ret);
	return ret;
}

/*
 * Apply @op to the pages of [@start, @start + @len).  Returns 0 or -errno;
 * *@done is the number of bytes, from @start, whose change is complete.
 */
static int sgx2_modify_range(struct sgx2_encl *encl, unsigned long start,
			     unsigned long len, const struct sgx2_modify_op *op,
			     const void *arg, u64 *result, unsigned long *done)
{
	unsigned long npages = len >> PAGE_SHIFT, i, addr;
	unsigned long tracked = 0, pending = 0, zapped = 0;
	bool zap = op->zap(arg);
	struct sgx2_encl_page *entry;
	u32 track_chunk;
	int ret = 0;

	mutex_lock(&encl->lock);
	track_chunk = sgx2_policy_chunk_pages(&encl->policy,
					      min_t(unsigned long, npages, U32_MAX));

	for (i = 0; i < npages; i++) {
		addr = start + (i << PAGE_SHIFT);

		if (i && !(i % SGX2_LOCK_CHUNK)) {
			if (zap)
				sgx2_zap_pending(encl, start, &zapped, i);
			mutex_unlock(&encl->lock);
			cond_resched();
			mutex_lock(&encl->lock);
			if (signal_pending(current)) {
				ret = -EINTR;
				break;
			}
		}

		entry = xa_load(&encl->page_array, PFN_DOWN(addr));
		if (!entry || !entry->epc_page) {
			ret = -EFAULT;
			break;
		}

		/* Left untracked by an earlier call: complete that first. */
		if (xa_get_mark(&encl->page_array, PFN_DOWN(addr),
				SGX2_XA_UNTRACKED)) {
			if (zap)
				sgx2_zap_pending(encl, start, &zapped, i);
			if (sgx2_track_marked(encl)) {
				ret = -EAGAIN;
				break;
			}
			tracked += pending;
			pending = 0;
		}

		ret = op->page(encl, entry, arg, result);
		if (ret)
			break;

		if (++pending == track_chunk) {
			if (zap)
				sgx2_zap_pending(encl, start, &zapped, i + 1);
			if (sgx2_track_batch(encl, op, start + (tracked << PAGE_SHIFT),
					     pending)) {
				ret = -EAGAIN;
				break;
			}
			tracked += pending;
			pending = 0;
		}
	}

	/* What was modified before a failure or a signal is tracked now. */
	if (pending) {
		if (zap)
			sgx2_zap_pending(encl, start, &zapped,
					 min(i + 1, npages));
		if (sgx2_track_batch(encl, op, start + (tracked << PAGE_SHIFT),
				     pending)) {
			sgx2_mark_untracked(encl, start + (tracked << PAGE_SHIFT),
					    pending);
			*result = 0;
			ret = -EAGAIN;
		} else {
			tracked += pending;
		}
	}
	mutex_unlock(&encl->lock);

	if (zap && i > zapped)
		sgx2_encl_zap(encl, start + (zapped << PAGE_SHIFT),
			      start + (min(i + 1, npages) << PAGE_SHIFT));

	*done = tracked << PAGE_SHIFT;
	sgx2_stats_add(&encl->stats, SGX2_STAT_PAGES_PROCESSED, tracked);
	return ret;
}

/* ---- RESTRICT_PERMISSIONS ------------------------------------------------ */

static int sgx2_restrict_page(struct sgx2_encl *encl,
			      struct sgx2_encl_page *entry, const void *arg,
			      u64 *result)
{
	const struct sgx2_secinfo *secinfo = arg;
	int ret;

	/* EMODPR would #PF on anything but a regular page. */
	if (sgx2_page_type(entry) != SGX2_PAGE_TYPE_REG)
		return -EINVAL;

	ret = sgx2_emodpr(encl, entry->epc_page, secinfo);
	if (sgx2_leaf_faulted(ret)) {
		pr_err_ratelimited("EMODPR faulted: vector %d\n",
				   ret & ~SGX2_ENCLS_FAULT_FLAG);
		return -EFAULT;
	}
	if (ret) {
		*result = ret < 0 ? 0 : ret;
		return -EFAULT;
	}
	return 0;
}

static bool sgx2_restrict_zap(const void *arg)
{
	/* Hardware enforces the EPCM itself; the sim through PTEs. */
	return sgx2_backend->caps & SGX2_CAP_PTE_MIRRORS_EPCM;
}

static const struct sgx2_modify_op sgx2_restrict_op = {
	.page		= sgx2_restrict_page,
	.zap		= sgx2_restrict_zap,
	.trace_op	= SGX2_BATCH_RESTRICT,
};

/**
 * sgx2_encl_restrict_permissions() - EMODPR a range with batched tracking
 * @encl:	an initialized enclave; no other ioctl of it is in flight
 * @p:		validated arguments; @p->result and @p->count are set
 *
 * Return:
 * * 0 - every page is restricted and tracked
 * * -EFAULT - a page is missing, or EMODPR failed (@p->result holds the
 *   SGX code, e.g. SGX_PAGE_NOT_MODIFIABLE for a PENDING page)
 * * -EINVAL - a page is not a regular page (e.g. a TCS)
 * * -EAGAIN - tracking could not complete; repeat from @p->count
 * * -EINTR - a signal arrived; repeat from @p->count
 */
int sgx2_encl_restrict_permissions(struct sgx2_encl *encl,
				   struct sgx2_enclave_restrict_permissions *p)
{
	struct sgx2_secinfo secinfo = {
		.flags = p->permissions & SGX2_SECINFO_PERMISSION_MASK,
	};
	unsigned long done = 0;
	int ret;

	ret = sgx2_modify_range(encl, encl->base + p->offset, p->length,
				&sgx2_restrict_op, &secinfo, &p->result, &done);
	p->count = done;
	return ret;
}

/* ---- MODIFY_TYPES -------------------------------------------------------- */

static int sgx2_modt_page(struct sgx2_encl *encl, struct sgx2_encl_page *entry,
			  const void *arg, u64 *result)
{
	const struct sgx2_secinfo *secinfo = arg;
	unsigned int to = (secinfo->flags & SGX2_SECINFO_PAGE_TYPE_MASK) >>
			  SGX2_SECINFO_PAGE_TYPE_SHIFT;
	unsigned long old_desc = entry->desc;
	int ret;

	/*
	 * Already of that type: a repeated call (after EAGAIN or EINTR) is
	 * done for this page.  EMODT itself would refuse it (#PF for TRIM to
	 * TRIM), and the call would fail where it must succeed.  A page whose
	 * tracking is still owed is marked and tracked by the caller.
	 */
	if (sgx2_page_type(entry) == to)
		return 0;

	/* REG -> TCS, REG -> TRIM and TCS -> TRIM only (SDM, mainline). */
	if (!sgx2_modt_transition_ok(sgx2_page_type(entry), to))
		return -EINVAL;

	/*
	 * A TCS is never readable or writable from inside the enclave and
	 * cannot become regular again: its vetted protection becomes RW, which
	 * it must already have had.
	 */
	if (to == SGX2_PAGE_TYPE_TCS) {
		if (~sgx2_page_max_prot(entry) & (VM_READ | VM_WRITE))
			return -EPERM;
		entry->desc = (entry->desc & ~SGX2_PAGE_PROT_MASK) |
			      VM_READ | VM_WRITE;
	}

	ret = sgx2_emodt(encl, entry->epc_page, secinfo);
	if (ret) {
		entry->desc = old_desc;
		if (sgx2_leaf_faulted(ret)) {
			pr_err_ratelimited("EMODT faulted: vector %d\n",
					   ret & ~SGX2_ENCLS_FAULT_FLAG);
			return -EFAULT;
		}
		*result = ret < 0 ? 0 : ret;
		return -EFAULT;
	}

	/* EMODT cannot be undone: the driver follows the EPCM at once. */
	sgx2_page_set_type(entry, to);
	return 0;
}

static bool sgx2_modt_zap(const void *arg)
{
	const struct sgx2_secinfo *secinfo = arg;

	/* TCS pages are never left mapped (mainline); EPCM-mirroring PTEs
	 * must go for any new type, which takes every permission away.
	 */
	return (sgx2_backend->caps & SGX2_CAP_PTE_MIRRORS_EPCM) ||
	       (secinfo->flags & SGX2_SECINFO_PAGE_TYPE_MASK) == SGX2_SECINFO_TCS;
}

static const struct sgx2_modify_op sgx2_modt_op = {
	.page		= sgx2_modt_page,
	.zap		= sgx2_modt_zap,
	.trace_op	= SGX2_BATCH_MODIFY_TYPES,
};

/**
 * sgx2_encl_modify_types() - EMODT a range with batched tracking
 * @encl:	an initialized enclave; no other ioctl of it is in flight
 * @p:		validated arguments; @p->result and @p->count are set
 *
 * Return:
 * * 0 - every page has the new type and is tracked
 * * -EINVAL - the new type is not TCS or TRIM, or a page cannot change to
 *   it (only REG -> TCS, REG -> TRIM, TCS -> TRIM)
 * * -EPERM - REG -> TCS of a page whose vetted protection lacks RW
 * * -EFAULT - a page is missing, or EMODT failed (@p->result holds the SGX
 *   code)
 * * -EAGAIN - tracking could not complete; repeat from @p->count
 * * -EINTR - a signal arrived; repeat from @p->count
 */
int sgx2_encl_modify_types(struct sgx2_encl *encl,
			   struct sgx2_enclave_modify_types *p)
{
	struct sgx2_secinfo secinfo = {
		.flags = (p->page_type & SGX2_PAGE_TYPE_FIELD_MASK) <<
			 SGX2_SECINFO_PAGE_TYPE_SHIFT,
	};
	unsigned long done = 0;
	int ret;

	if (!sgx2_modt_target_ok(p->page_type))
		return -EINVAL;

	ret = sgx2_modify_range(encl, encl->base + p->offset, p->length,
				&sgx2_modt_op, &secinfo, &p->result, &done);
	p->count = done;
	return ret;
}

/* ---- REMOVE_PAGES -------------------------------------------------------- */

/*
 * May @entry be removed?  Only an accepted TRIM page: EMODPR is the probe,
 * as in mainline - on an unaccepted TRIM page it returns
 * SGX_PAGE_NOT_MODIFIABLE, on an accepted one it faults with #PF.
 */
static int sgx2_remove_probe(struct sgx2_encl *encl,
			     struct sgx2_encl_page *entry)
{
	struct sgx2_secinfo secinfo = { .flags = SGX2_SECINFO_PERMISSION_MASK };
	int ret;

	if (sgx2_page_type(entry) != SGX2_PAGE_TYPE_TRIM)
		return -EPERM;

	ret = sgx2_emodpr(encl, entry->epc_page, &secinfo);
	if (!sgx2_leaf_faulted(ret) ||
	    (ret & ~SGX2_ENCLS_FAULT_FLAG) != X86_TRAP_PF)
		return -EPERM;
	return 0;
}

/**
 * sgx2_encl_remove_pages() - EREMOVE a range of accepted TRIM pages
 * @encl:	an initialized enclave; no other ioctl of it is in flight
 * @p:		validated arguments; @p->count is set
 *
 * Return:
 * * 0 - every page is removed
 * * -EFAULT - a page is missing
 * * -EPERM - a page is not TRIM, or its trimming was not yet EACCEPTed
 * * -EIO - EREMOVE failed (the page stays)
 * * -EINTR - a signal arrived; repeat from @p->count
 */
int sgx2_encl_remove_pages(struct sgx2_encl *encl,
			   struct sgx2_enclave_remove_pages *p)
{
	unsigned long start = encl->base + p->offset;
	unsigned long npages = p->length >> PAGE_SHIFT;
	unsigned long removed = 0, n, i, addr;
	struct sgx2_encl_page *entry;
	int ret = 0, err;

	while (removed < npages && !ret) {
		unsigned long chunk = min_t(unsigned long, npages - removed,
					    SGX2_LOCK_CHUNK);
		unsigned long first = start + (removed << PAGE_SHIFT);

		/* 1. Probe the chunk; claim the pages that may go. */
		mutex_lock(&encl->lock);
		for (n = 0; n < chunk; n++) {
			addr = first + (n << PAGE_SHIFT);
			entry = xa_load(&encl->page_array, PFN_DOWN(addr));
			if (!entry || !entry->epc_page) {
				ret = -EFAULT;
				break;
			}
			ret = sgx2_remove_probe(encl, entry);
			if (ret)
				break;
			entry->desc |= SGX2_PAGE_BUSY;
		}
		mutex_unlock(&encl->lock);

		/* 2. One zap of the claimed pages (every mapping), outside the lock. */
		if (n)
			sgx2_encl_zap(encl, first, first + (n << PAGE_SHIFT));

		/* 3. EREMOVE them. */
		mutex_lock(&encl->lock);
		for (i = 0; i < n; i++) {
			addr = first + (i << PAGE_SHIFT);
			entry = xa_load(&encl->page_array, PFN_DOWN(addr));
			err = sgx2_eremove(encl, entry->epc_page);
			if (err) {
				pr_err_ratelimited("EREMOVE of a trimmed page failed: %#x\n",
						   err);
				for (; i < n; i++) {
					entry = xa_load(&encl->page_array,
							PFN_DOWN(first + (i << PAGE_SHIFT)));
					entry->desc &= ~SGX2_PAGE_BUSY;
				}
				ret = -EIO;
				break;
			}
			sgx2_encl_free_epc(encl, entry->epc_page, false);
			xa_erase(&encl->page_array, PFN_DOWN(addr));
			kfree(entry);
			removed++;
		}
		mutex_unlock(&encl->lock);
		if (n)
			trace_sgx2_batch(SGX2_BATCH_REMOVE, first, n, ret);

		if (!ret && removed < npages) {
			cond_resched();
			if (signal_pending(current))
				ret = -EINTR;
		}
	}

	p->count = removed << PAGE_SHIFT;
	sgx2_stats_add(&encl->stats, SGX2_STAT_PAGES_PROCESSED, removed);
	return ret;
}

/* ---- AUGMENT_PAGES ------------------------------------------------------- */

/**
 * sgx2_encl_augment_pages() - EAUG a range
 * @encl:	an initialized enclave; no other ioctl of it is in flight
 * @p:		validated arguments; @p->count is set
 *
 * The pages are PENDING until the enclave EACCEPTs (or EACCEPTCOPYs) them.
 * On hardware the pages added are mapped in the caller's mappings of the
 * range, so that the enclave's EACCEPTs take no fault; the sim maps
 * nothing (its first access after EACCEPT maps the page).
 *
 * Return:
 * * 0 - every page was added
 * * -EEXIST - a page of the range is already there
 * * -ENOMEM - the EPC is full, or out of memory
 * * -EFAULT - EAUG failed
 * * -EINTR - a signal arrived; repeat from @p->count
 */
int sgx2_encl_augment_pages(struct sgx2_encl *encl,
			    struct sgx2_enclave_augment_pages *p)
{
	unsigned long start = encl->base + p->offset;
	unsigned long npages = p->length >> PAGE_SHIFT, i;
	int ret = 0;

	mutex_lock(&encl->lock);
	for (i = 0; i < npages; i++) {
		if (i && !(i % SGX2_LOCK_CHUNK)) {
			mutex_unlock(&encl->lock);
			trace_sgx2_batch(SGX2_BATCH_AUGMENT,
					 start + ((i - SGX2_LOCK_CHUNK) << PAGE_SHIFT),
					 SGX2_LOCK_CHUNK, 0);
			cond_resched();
			mutex_lock(&encl->lock);
			if (signal_pending(current)) {
				ret = -EINTR;
				break;
			}
		}
		ret = sgx2_encl_eaug_locked(encl, start + (i << PAGE_SHIFT));
		if (ret) {
			if (ret == -EBUSY)	/* the EPC is full */
				ret = -ENOMEM;
			break;
		}
	}
	mutex_unlock(&encl->lock);
	sgx2_encl_map_added(encl, start, start + (i << PAGE_SHIFT));

	p->count = i << PAGE_SHIFT;
	sgx2_stats_add(&encl->stats, SGX2_STAT_PAGES_PROCESSED, i);
	return ret;
}
