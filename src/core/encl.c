// SPDX-License-Identifier: GPL-2.0
/*
 * encl.c - the enclave: its pages, the mms that map it, its VMAs, page
 * faults (with EAUG on fault), tracking, and teardown.
 *
 * Lock order: see encl.h.
 */
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/personality.h>
#include <linux/slab.h>

#include "sgx2_edmm.h"
#include "budget.h"
#include "encl.h"
#include "leaves.h"
#include "trace.h"

#define SGX2_VM_ACCESS	(VM_READ | VM_WRITE | VM_EXEC)

/**
 * sgx2_encl_alloc() - allocate an empty enclave (no SECS yet)
 *
 * The enclave starts with the module's default batching policy.
 *
 * Return: the enclave with one reference, or NULL when out of memory.
 */
struct sgx2_encl *sgx2_encl_alloc(void)
{
	struct sgx2_encl *encl = kzalloc(sizeof(*encl), GFP_KERNEL);

	if (!encl)
		return NULL;

	kref_init(&encl->refcount);
	mutex_init(&encl->lock);
	xa_init(&encl->page_array);
	address_space_init_once(&encl->mapping);
	spin_lock_init(&encl->mm_lock);
	INIT_LIST_HEAD(&encl->mm_list);
	sgx2_default_policy(&encl->policy);
	return encl;
}

/**
 * sgx2_encl_attach_file() - make @encl's address_space the file's mapping
 * @encl:	the enclave of @file
 * @file:	the file just opened on /dev/sgx2_edmm
 *
 * Every open of the device shares one inode, so the inode's mapping would
 * put every enclave's VMAs in one i_mmap tree.  Each enclave gets its own:
 * zapping an enclave page by file offset then reaches exactly the VMAs of
 * that enclave, wherever they are (moved, forked, not recorded in
 * @encl->mm_list).  Called from open(), before any mapping exists.
 */
void sgx2_encl_attach_file(struct sgx2_encl *encl, struct file *file)
{
	encl->mapping.host = file_inode(file);
	file->f_mapping = &encl->mapping;
}

/**
 * sgx2_encl_alloc_epc() - take an EPC page for an enclave
 * @encl:	the enclave the page will belong to
 *
 * The page is charged to the module's EPC budget (budget.c) first: a
 * budget reached is a full EPC.
 *
 * Return: the page, ERR_PTR(-EBUSY) when the EPC is full or the budget
 * reached, or ERR_PTR(-ENOMEM).
 */
struct sgx2_epc_page *sgx2_encl_alloc_epc(struct sgx2_encl *encl)
{
	struct sgx2_epc_page *page;

	if (!sgx2_epc_charge(&encl->stats))
		return ERR_PTR(-EBUSY);

	page = sgx2_backend->epc_alloc(encl);
	if (IS_ERR(page))
		sgx2_epc_uncharge(&encl->stats);
	return page;
}

/**
 * sgx2_encl_free_epc() - EREMOVE an EPC page if needed and free it
 * @encl:	its enclave; the enclave lock is held when @valid
 * @page:	the page
 * @valid:	the page may be VALID in the EPCM: EREMOVE it first
 *
 * A page whose EREMOVE fails is still VALID and must not be reused: it is
 * leaked, with a message, rather than freed.  (The caller made sure no
 * thread is inside the enclave, so this does not happen.)
 */
void sgx2_encl_free_epc(struct sgx2_encl *encl, struct sgx2_epc_page *page,
			bool valid)
{
	if (valid) {
		int ret = sgx2_eremove(encl, page);

		if (ret) {
			pr_err_ratelimited("EREMOVE failed (%#x): leaking one EPC page\n",
					   ret);
			return;
		}
	}
	sgx2_backend->epc_free(page);
	sgx2_epc_uncharge(&encl->stats);
}

/*
 * Is @entry, marked as added by fault-around and never mapped by a fault,
 * still PENDING, i.e. never accepted?  EMODPR is the probe (as for
 * REMOVE_PAGES): it answers SGX_PAGE_NOT_MODIFIABLE on a PENDING page and
 * restricts nothing with RWX on an accepted one.  On hardware fault-around
 * maps its pages itself, so only the EPCM knows.  Lock held.
 */
static bool sgx2_page_never_accepted(struct sgx2_encl *encl,
				     struct sgx2_encl_page *entry)
{
	struct sgx2_secinfo secinfo = { .flags = SGX2_SECINFO_PERMISSION_MASK };

	return (entry->desc & SGX2_PAGE_FA_UNTOUCHED) && entry->epc_page &&
	       sgx2_emodpr(encl, entry->epc_page, &secinfo) ==
	       SGX2_PAGE_NOT_MODIFIABLE;
}

/*
 * Tear down an enclave: no file and no VMA refers to it any more, so no
 * thread can run in it and no ioctl can race.  Children first, SECS last.
 */
static void sgx2_encl_release(struct kref *ref)
{
	struct sgx2_encl *encl = container_of(ref, struct sgx2_encl, refcount);
	struct sgx2_encl_page *entry;
	unsigned long index, waste = 0;

	mutex_lock(&encl->lock);
	if (encl->secs && sgx2_backend->encl_release)
		sgx2_backend->encl_release(encl->secs);

	xa_for_each(&encl->page_array, index, entry) {
		if (sgx2_page_never_accepted(encl, entry))
			waste++;
		if (entry->epc_page)
			sgx2_encl_free_epc(encl, entry->epc_page, true);
		xa_erase(&encl->page_array, index);
		kfree(entry);
		if (need_resched()) {
			mutex_unlock(&encl->lock);
			cond_resched();
			mutex_lock(&encl->lock);
		}
	}
	xa_destroy(&encl->page_array);
	/*
	 * Fault-around pages the enclave never accepted.  Only teardown can
	 * free them: REMOVE_PAGES takes accepted TRIM pages, and EMODT to
	 * TRIM refuses a PENDING page.
	 */
	sgx2_stats_add(&encl->stats, SGX2_STAT_FAULT_AROUND_WASTE, waste);

	if (encl->secs) {
		sgx2_encl_free_epc(encl, encl->secs, true);
		encl->secs = NULL;
	}
	mutex_unlock(&encl->lock);

	mutex_destroy(&encl->lock);
	kfree(encl);
}

/**
 * sgx2_encl_put() - drop a reference; the last one frees the enclave
 * @encl:	the enclave
 */
void sgx2_encl_put(struct sgx2_encl *encl)
{
	kref_put(&encl->refcount, sgx2_encl_release);
}

/**
 * sgx2_encl_page_alloc() - allocate the driver's record of an enclave page
 * @addr:	enclave linear address (page aligned)
 * @max_prot:	vetted maximum protection (VM_READ, VM_WRITE, VM_EXEC)
 * @type:	page type (enum sgx2_page_type)
 *
 * Return: the record, with no EPC page yet, or ERR_PTR(-ENOMEM).
 */
struct sgx2_encl_page *sgx2_encl_page_alloc(unsigned long addr,
					    unsigned long max_prot,
					    unsigned int type)
{
	struct sgx2_encl_page *entry = kzalloc(sizeof(*entry), GFP_KERNEL);

	if (!entry)
		return ERR_PTR(-ENOMEM);

	entry->desc = (addr & PAGE_MASK) | (max_prot & SGX2_PAGE_PROT_MASK);
	sgx2_page_set_type(entry, type);
	return entry;
}

/* ---- mms that map the enclave ----------------------------------------- */

/*
 * Count one more VMA of @mm mapping the enclave.  Called from mmap and from
 * vm_ops->open (fork, VMA split), with the mmap_lock of @mm held.  Returns
 * 0 or -ENOMEM.
 */
static int sgx2_encl_mm_add(struct sgx2_encl *encl, struct mm_struct *mm)
{
	struct sgx2_encl_mm *new = NULL, *e;

	for (;;) {
		spin_lock(&encl->mm_lock);
		list_for_each_entry(e, &encl->mm_list, list) {
			if (e->mm == mm) {
				e->vmas++;
				spin_unlock(&encl->mm_lock);
				kfree(new);
				return 0;
			}
		}
		if (new) {
			new->mm = mm;
			new->vmas = 1;
			list_add_tail(&new->list, &encl->mm_list);
			spin_unlock(&encl->mm_lock);
			return 0;
		}
		spin_unlock(&encl->mm_lock);

		new = kzalloc(sizeof(*new), GFP_KERNEL);
		if (!new)
			return -ENOMEM;
	}
}

static void sgx2_encl_mm_drop(struct sgx2_encl *encl, struct mm_struct *mm)
{
	struct sgx2_encl_mm *e, *gone = NULL;

	spin_lock(&encl->mm_lock);
	list_for_each_entry(e, &encl->mm_list, list) {
		if (e->mm == mm) {
			if (!--e->vmas) {
				list_del(&e->list);
				gone = e;
			}
			break;
		}
	}
	spin_unlock(&encl->mm_lock);
	kfree(gone);
}

/**
 * sgx2_encl_cpumask() - CPUs that may be running enclave code
 * @encl:	the enclave
 * @mask:	receives the union of mm_cpumask() of every mm mapping it
 *
 * Computed after ETRACK: a CPU that starts running the enclave later does
 * not need the IPI (it enters after the tracking cycle began).
 */
void sgx2_encl_cpumask(struct sgx2_encl *encl, struct cpumask *mask)
{
	struct sgx2_encl_mm *e;

	if (test_bit(SGX2_ENCL_MM_UNTRACKED, &encl->flags)) {
		cpumask_copy(mask, cpu_online_mask);
		return;
	}
	cpumask_clear(mask);
	spin_lock(&encl->mm_lock);
	list_for_each_entry(e, &encl->mm_list, list)
		cpumask_or(mask, mask, mm_cpumask(e->mm));
	spin_unlock(&encl->mm_lock);
}

/**
 * sgx2_encl_zap() - remove every user PTE of the enclave pages [@start, @end)
 * @encl:	the enclave; its lock must NOT be held
 * @start:	first enclave linear address (page aligned)
 * @end:	end address (page aligned)
 *
 * By file offset, not by virtual address: the file offset of an enclave
 * page is its linear address (see encl.h), and @encl->mapping's i_mmap tree
 * holds every VMA of every mm that maps the enclave, including those of a
 * child whose mm could not be recorded and any mapping that is not at the
 * enclave address.  No user mapping survives, so a page freed after this
 * (REMOVE_PAGES) is mapped by nobody.  One call for the whole range; a
 * fork racing with it is covered by the order of the i_mmap walk (the
 * child's VMA comes after its parent's).
 */
void sgx2_encl_zap(struct sgx2_encl *encl, unsigned long start,
		   unsigned long end)
{
	if (end <= start)
		return;
	unmap_mapping_range(&encl->mapping, start, end - start, 1);
	trace_sgx2_zap(start, (end - start) >> PAGE_SHIFT);
	sgx2_stats_add(&encl->stats, SGX2_STAT_PTE_ZAPS, 1);
}

/* ---- tracking ---------------------------------------------------------- */

/* Nothing to do on the other CPU: the interrupt is what makes it exit. */
static void sgx2_ipi_cb(void *info)
{
}

/**
 * sgx2_encl_kick() - make every logical processor leave the enclave
 * @encl:	the enclave, lock held
 *
 * One IPI round to every CPU that may be running the enclave.  After an
 * ETRACK it completes the tracking cycle; on its own it completes a cycle
 * left open.
 */
void sgx2_encl_kick(struct sgx2_encl *encl)
{
	cpumask_var_t mask;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL)) {
		/* No memory for a mask: every online CPU gets the IPI. */
		on_each_cpu(sgx2_ipi_cb, NULL, true);
	} else {
		sgx2_encl_cpumask(encl, mask);
		on_each_cpu_mask(mask, sgx2_ipi_cb, NULL, true);
		free_cpumask_var(mask);
	}
	sgx2_stats_add(&encl->stats, SGX2_STAT_IPI_ROUNDS, 1);

	if (sgx2_backend->ipi_done)
		sgx2_backend->ipi_done(encl->secs);
}

/**
 * sgx2_encl_track() - ETRACK and one IPI round
 * @encl:	the enclave, lock held
 *
 * After ETRACK, every logical processor that was inside the enclave must
 * leave it before the tracking cycle completes.  The IPI forces the exit
 * (AEX) of those still running; the cpumask is computed after ETRACK so
 * that it covers every CPU that could have been inside when ETRACK ran.
 * on_each_cpu_mask() with wait=true returns when every CPU has taken the
 * IPI, i.e. when the cycle is complete.  The SECS is always resident: the
 * driver never evicts it.
 *
 * Return: 0, or the positive SGX code / fault of ETRACK (nothing was sent).
 */
int sgx2_encl_track(struct sgx2_encl *encl)
{
	int ret = sgx2_etrack(encl);

	if (ret)
		return ret;
	sgx2_encl_kick(encl);
	return 0;
}

/* ---- mapping ------------------------------------------------------------ */

/**
 * sgx2_encl_may_map() - may [@start, @end) be mapped with @vm_flags?
 * @encl:	the enclave
 * @start:	start of the mapping
 * @end:	its end
 * @vm_flags:	the VMA flags asked for
 *
 * No page in the range may have a vetted maximum protection below what the
 * VMA asks for (pages not yet added impose nothing: they will be added with
 * the protection they allow).  After EINIT the range must lie inside
 * ELRANGE.  Tasks with READ_IMPLIES_EXEC are refused: their VMA permissions
 * would not match the enclave's.
 *
 * Return: 0, or -EACCES.
 */
int sgx2_encl_may_map(struct sgx2_encl *encl, unsigned long start,
		      unsigned long end, unsigned long vm_flags)
{
	unsigned long prot = vm_flags & SGX2_VM_ACCESS;
	struct sgx2_encl_page *entry;
	unsigned long count = 0;
	int ret = 0;
	XA_STATE(xas, &encl->page_array, PFN_DOWN(start));

	if (test_bit(SGX2_ENCL_INITIALIZED, &encl->flags) &&
	    (start < encl->base || end > encl->base + encl->size))
		return -EACCES;

	if (current->personality & READ_IMPLIES_EXEC)
		return -EACCES;

	mutex_lock(&encl->lock);
	xas_lock(&xas);
	xas_for_each(&xas, entry, PFN_DOWN(end - 1)) {
		if (prot & ~sgx2_page_max_prot(entry)) {
			ret = -EACCES;
			break;
		}
		if (!(++count % XA_CHECK_SCHED)) {
			xas_pause(&xas);
			xas_unlock(&xas);
			mutex_unlock(&encl->lock);
			cond_resched();
			mutex_lock(&encl->lock);
			xas_lock(&xas);
		}
	}
	xas_unlock(&xas);
	mutex_unlock(&encl->lock);
	return ret;
}

/**
 * sgx2_encl_eaug_locked() - EAUG a page, enclave lock held
 * @encl:	an initialized enclave
 * @addr:	page-aligned enclave linear address inside ELRANGE
 *
 * Return: 0; -EEXIST when a page is already there; -EBUSY when the EPC is
 * full; -ENOMEM; -EFAULT when EAUG itself failed.
 */
int sgx2_encl_eaug_locked(struct sgx2_encl *encl, unsigned long addr)
{
	struct sgx2_encl_page *entry;
	struct sgx2_epc_page *epc;
	int ret;

	/*
	 * Dynamically added pages are vetted RWX: the enclave decides their
	 * permissions with EACCEPT, EACCEPTCOPY and EMODPE.
	 */
	entry = sgx2_encl_page_alloc(addr, SGX2_VM_ACCESS, SGX2_PAGE_TYPE_REG);
	if (IS_ERR(entry))
		return PTR_ERR(entry);

	ret = xa_insert(&encl->page_array, PFN_DOWN(addr), entry, GFP_KERNEL);
	if (ret) {
		kfree(entry);
		return ret == -EBUSY ? -EEXIST : ret;
	}

	epc = sgx2_encl_alloc_epc(encl);
	if (IS_ERR(epc)) {
		ret = PTR_ERR(epc);
		goto err_erase;
	}

	ret = sgx2_eaug(encl, epc, addr);
	if (ret) {
		pr_debug("EAUG at %#lx failed: %#x\n", addr, ret);
		sgx2_encl_free_epc(encl, epc, false);
		ret = -EFAULT;
		goto err_erase;
	}
	entry->epc_page = epc;
	return 0;

err_erase:
	xa_erase(&encl->page_array, PFN_DOWN(addr));
	kfree(entry);
	return ret;
}

static void sgx2_encl_fault_around(struct sgx2_encl *encl,
				   struct vm_area_struct *vma,
				   unsigned long addr);
static int sgx2_encl_eaug(struct sgx2_encl *encl, unsigned long addr);

/**
 * sgx2_encl_eaug_fault() - EAUG on a page fault, with fault-around
 * @encl:	the enclave, lock not held
 * @vma:	the enclave VMA the fault is in
 * @addr:	enclave linear address of the fault
 *
 * The #PF path of mainline, shared by the VMA fault handler and the sim's
 * ENCLU path (an EACCEPT on a page that is not there).
 *
 * Return: 0; -EEXIST when a page is already there; -EINVAL when the enclave
 * is not initialized, the backend has no SGX2 or @addr is outside ELRANGE;
 * -EBUSY when the EPC is full; -ENOMEM; -EFAULT when EAUG failed.
 */
int sgx2_encl_eaug_fault(struct sgx2_encl *encl, struct vm_area_struct *vma,
			 unsigned long addr)
{
	int ret = sgx2_encl_eaug(encl, addr);

	if (!ret) {
		sgx2_stats_add(&encl->stats, SGX2_STAT_EAUG_FAULTS, 1);
		sgx2_encl_fault_around(encl, vma, addr & PAGE_MASK);
	}
	return ret;
}

/* EAUG a page of an initialized enclave; lock not held. */
static int sgx2_encl_eaug(struct sgx2_encl *encl, unsigned long addr)
{
	int ret;

	if (!(sgx2_backend->caps & SGX2_CAP_SGX2) ||
	    !test_bit(SGX2_ENCL_INITIALIZED, &encl->flags) ||
	    addr < encl->base || addr >= encl->base + encl->size)
		return -EINVAL;

	mutex_lock(&encl->lock);
	ret = sgx2_encl_eaug_locked(encl, addr & PAGE_MASK);
	mutex_unlock(&encl->lock);
	return ret;
}

/*
 * Fault-around: after a faulting EAUG at @addr, EAUG the pages the fault
 * stream will want next, so that a runtime which EACCEPTs page by page, in
 * ascending or descending order, takes one fault per window.  The
 * direction and the window (growing while the faults stay sequential, none
 * after a random one) are decided in fault_around.c; the window is
 * bounded by the VMA, ELRANGE and the policy's fault_around (0: off), and
 * a failed EAUG (a full EPC) ends it.  On hardware each page is mapped in
 * @vma at once, so that the enclave's EACCEPTs take no fault at all (the
 * CPU checks the EPCM; a PENDING page is only reachable by EACCEPT).  The
 * sim maps nothing: a PENDING page allows no access, and the first access
 * after EACCEPT maps it.  The pages added are marked for the waste count.
 */
static void sgx2_encl_fault_around(struct sgx2_encl *encl,
				   struct vm_area_struct *vma,
				   unsigned long addr)
{
	unsigned long lo, hi, a;
	struct sgx2_encl_page *entry;
	struct sgx2_fa_plan plan;
	u32 max, k, added = 0;
	int ret;

	/* Off (the default): no lock round; the stream state is left as is. */
	max = READ_ONCE(encl->policy.fault_around);
	if (!max)
		return;
	lo = max_t(unsigned long, vma->vm_start, encl->base);
	hi = min_t(unsigned long, vma->vm_end, encl->base + encl->size);

	mutex_lock(&encl->lock);
	sgx2_fa_fault(&encl->fa, PFN_DOWN(addr), max, PFN_DOWN(lo),
		      PFN_DOWN(hi), &plan);
	for (k = 0; k < plan.pages; k++) {
		a = (unsigned long)(plan.first + (s64)plan.step * k) << PAGE_SHIFT;
		ret = sgx2_encl_eaug_locked(encl, a);
		if (ret == -EEXIST)
			continue;
		if (ret)
			break;
		entry = xa_load(&encl->page_array, PFN_DOWN(a));
		entry->desc |= SGX2_PAGE_FA_UNTOUCHED;
		added++;
		if (!(sgx2_backend->caps & SGX2_CAP_PTE_MIRRORS_EPCM))
			vmf_insert_pfn(vma, a,
				       sgx2_backend->epc_pfn(entry->epc_page));
	}
	sgx2_fa_done(&encl->fa, &plan, k);
	mutex_unlock(&encl->lock);

	if (added)
		sgx2_stats_add(&encl->stats, SGX2_STAT_FAULT_AROUND_PAGES, added);
}

/**
 * sgx2_encl_lock_break() - give the enclave lock and the CPU away in a walk
 * @encl:	the enclave, lock held
 * @steps:	the walk's step counter, counted up here
 *
 * Every SGX2_LOCK_PAGES steps of a walk under the enclave lock, drop the
 * lock, cond_resched() and take it again, so that the lock is never held
 * for long.  The caller must be able to go on from there: anything it read
 * under the lock before is read again.
 */
void sgx2_encl_lock_break(struct sgx2_encl *encl, unsigned long *steps)
{
	if (++*steps % SGX2_LOCK_PAGES)
		return;
	mutex_unlock(&encl->lock);
	cond_resched();
	mutex_lock(&encl->lock);
}

/**
 * sgx2_encl_map_added() - map pages added ahead of use in the caller's mm
 * @encl:	the enclave, lock not held
 * @start:	first enclave linear address (page aligned)
 * @end:	end address (page aligned)
 *
 * AUGMENT_PAGES and WILLNEED EAUG pages before the enclave asks for them.
 * On hardware EACCEPT needs a PTE: without one, every page would still
 * cost the kernel entry they exist to save (AEX, #PF, ERESUME), only
 * without the EAUG.  So, as the EAUG fault and fault-around do, the regular
 * pages of [@start, @end) that are present are mapped in the readable
 * enclave VMAs of current->mm; another mm maps a page on its first access.  The
 * sim maps nothing: a PENDING page allows no access there, and its EACCEPT
 * needs no PTE.  Lock order as in the fault path: mmap_lock, then the
 * enclave lock, held for at most SGX2_LOCK_PAGES pages at a time.
 */
void sgx2_encl_map_added(struct sgx2_encl *encl, unsigned long start,
			 unsigned long end)
{
	struct mm_struct *mm = current->mm;
	struct sgx2_encl_page *entry;
	struct vm_area_struct *vma;
	unsigned long a = start, stop, n = 0;

	if (!mm || end <= start ||
	    (sgx2_backend->caps & SGX2_CAP_PTE_MIRRORS_EPCM))
		return;

	mmap_read_lock(mm);
	while (a < end) {
		vma = find_vma(mm, a);
		if (!vma || vma->vm_start >= end)
			break;
		a = max(a, vma->vm_start);
		stop = min(end, vma->vm_end);
		if (!sgx2_encl_owns_vma(encl, vma) ||
		    !(vma->vm_flags & VM_READ)) {
			a = stop;
			continue;
		}
		mutex_lock(&encl->lock);
		for (; a < stop; a += PAGE_SIZE) {
			sgx2_encl_lock_break(encl, &n);
			entry = xa_load(&encl->page_array, PFN_DOWN(a));
			if (!entry || !entry->epc_page ||
			    (entry->desc & SGX2_PAGE_BUSY) ||
			    sgx2_page_type(entry) != SGX2_PAGE_TYPE_REG ||
			    ((vma->vm_flags & SGX2_VM_ACCESS) &
			     ~sgx2_page_max_prot(entry)))
				continue;
			vmf_insert_pfn(vma, a,
				       sgx2_backend->epc_pfn(entry->epc_page));
		}
		mutex_unlock(&encl->lock);
	}
	mmap_read_unlock(mm);
}

/**
 * sgx2_encl_willneed() - EAUG an enclave range ahead of use
 * @encl:	the enclave
 * @offset:	file offset, which is the enclave linear address (see encl.h)
 * @len:	bytes; 0 means to the end of ELRANGE
 *
 * The fadvise(POSIX_FADV_WILLNEED) and madvise(MADV_WILLNEED) path: pages
 * already present are skipped; a full EPC, a lack of memory or an EAUG
 * that fails ends the work early with success (advice, not a promise: the
 * page that was not added is EAUGed on its first fault, or that fault
 * reports the failure).  A range running past ELRANGE is cut at its end.
 * On hardware the pages are mapped in the caller's mappings of the range
 * (sgx2_encl_map_added()).
 *
 * Return: 0; -EINVAL when the enclave is not initialized, the backend has
 * no SGX2, or @offset is not inside ELRANGE; -EINTR on a signal.
 */
int sgx2_encl_willneed(struct sgx2_encl *encl, loff_t offset, loff_t len)
{
	unsigned long start, end, a;
	int ret;

	if (!(sgx2_backend->caps & SGX2_CAP_SGX2) ||
	    !test_bit(SGX2_ENCL_INITIALIZED, &encl->flags) ||
	    offset < 0 || len < 0 || (u64)offset < encl->base ||
	    (u64)offset - encl->base >= encl->size)
		return -EINVAL;
	offset -= encl->base;
	if (!len || len > encl->size - offset)
		len = encl->size - offset;

	start = (encl->base + offset) & PAGE_MASK;
	end = PAGE_ALIGN(encl->base + offset + len);

	mutex_lock(&encl->lock);
	for (a = start; a < end; a += PAGE_SIZE) {
		if (a != start &&
		    !(((a - start) >> PAGE_SHIFT) & (SGX2_LOCK_PAGES - 1))) {
			mutex_unlock(&encl->lock);
			cond_resched();
			if (signal_pending(current))
				return -EINTR;
			mutex_lock(&encl->lock);
		}
		ret = sgx2_encl_eaug_locked(encl, a);
		if (ret && ret != -EEXIST)
			break;
	}
	mutex_unlock(&encl->lock);
	sgx2_encl_map_added(encl, start, a);
	return 0;
}

/*
 * What a PTE of @vma may grant for @entry: the VMA's access bits, narrowed
 * to the EPCM's where the module enforces the EPCM through PTEs (sim).
 */
static unsigned long sgx2_pte_access(struct sgx2_encl *encl,
				     struct vm_area_struct *vma,
				     struct sgx2_encl_page *entry)
{
	unsigned long access = vma->vm_flags & SGX2_VM_ACCESS;

	if (sgx2_backend->caps & SGX2_CAP_PTE_MIRRORS_EPCM)
		access &= sgx2_backend->epcm_access(encl->secs, entry->epc_page);
	return access;
}

static vm_fault_t sgx2_vma_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct sgx2_encl *encl = vma->vm_private_data;
	unsigned long addr = vmf->address & PAGE_MASK;
	struct sgx2_encl_page *entry;
	unsigned long access;
	vm_fault_t ret;
	int err;

	/*
	 * vm_ops->open could not record this mm (out of memory), or the VMA
	 * is not where it was mapped (its file offset is its address).
	 */
	if (unlikely(!encl || vmf->pgoff != PFN_DOWN(addr)))
		return VM_FAULT_SIGBUS;

	sgx2_stats_add(&encl->stats, SGX2_STAT_FAULTS, 1);

	/*
	 * No page: on an initialized enclave with SGX2, EAUG one (mainline's
	 * EAUG on #PF) and map it at once, as mainline does, so the enclave's
	 * EACCEPT does not fault again.  The sim maps nothing while the page
	 * is PENDING (the EPCM allows no access).  No direct reclaim here: a
	 * full EPC is a SIGBUS, as in mainline.
	 */
	if (!xa_load(&encl->page_array, PFN_DOWN(addr))) {
		err = sgx2_encl_eaug_fault(encl, vma, addr);
		if (err && err != -EEXIST)
			return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	}

	mutex_lock(&encl->lock);
	entry = xa_load(&encl->page_array, PFN_DOWN(addr));
	if (!entry || !entry->epc_page || (entry->desc & SGX2_PAGE_BUSY)) {
		/* Being added or removed: refault. */
		mutex_unlock(&encl->lock);
		return VM_FAULT_NOPAGE;
	}

	/* The VMA may not exceed the page's vetted maximum protection. */
	if ((vma->vm_flags & SGX2_VM_ACCESS) & ~sgx2_page_max_prot(entry)) {
		mutex_unlock(&encl->lock);
		return VM_FAULT_SIGBUS;
	}

	access = sgx2_pte_access(encl, vma, entry);
	if (!(access & VM_READ) ||
	    ((vmf->flags & FAULT_FLAG_WRITE) && !(access & VM_WRITE))) {
		/* An EPCM violation: the enclave sees #PF (sim). */
		mutex_unlock(&encl->lock);
		return VM_FAULT_SIGSEGV;
	}

	sgx2_page_touch(entry);
	/*
	 * hw: the VMA's protection, as mainline.  sim: the protection is
	 * spelled out, narrowed to the EPCM; it cannot come from vm_page_prot,
	 * which pfn_mkwrite makes read-only (write notification), or a page
	 * the EPCM lets the enclave write would fault again on its first
	 * write.
	 */
	if (!(sgx2_backend->caps & SGX2_CAP_PTE_MIRRORS_EPCM))
		ret = vmf_insert_pfn(vma, addr,
				     sgx2_backend->epc_pfn(entry->epc_page));
	else
		ret = vmf_insert_pfn_prot(vma, addr,
					  sgx2_backend->epc_pfn(entry->epc_page),
					  vm_get_page_prot((vma->vm_flags & ~SGX2_VM_ACCESS) |
							   access));
	mutex_unlock(&encl->lock);

	return ret == VM_FAULT_NOPAGE ? VM_FAULT_NOPAGE : VM_FAULT_SIGBUS;
}

/*
 * Sim only: a write to a PTE the fault path made read-only because the
 * EPCM forbade writes.  Without this hook the core would simply make the
 * PTE writable.  If the EPCM allows the write now (EMODPE), it may.
 */
static vm_fault_t sgx2_vma_pfn_mkwrite(struct vm_fault *vmf)
{
	struct sgx2_encl *encl = vmf->vma->vm_private_data;
	struct sgx2_encl_page *entry;
	vm_fault_t ret = 0;

	if (unlikely(!encl))
		return VM_FAULT_SIGBUS;

	sgx2_stats_add(&encl->stats, SGX2_STAT_FAULTS, 1);
	mutex_lock(&encl->lock);
	entry = xa_load(&encl->page_array, PFN_DOWN(vmf->address));
	if (!entry || !entry->epc_page || (entry->desc & SGX2_PAGE_BUSY))
		ret = VM_FAULT_NOPAGE;
	else if (!(sgx2_pte_access(encl, vmf->vma, entry) & VM_WRITE))
		ret = VM_FAULT_SIGSEGV;
	mutex_unlock(&encl->lock);
	return ret;
}

static void sgx2_vma_open(struct vm_area_struct *vma)
{
	struct sgx2_encl *encl = vma->vm_private_data;

	/*
	 * Fork or split.  If the mm cannot be recorded, its faults SIGBUS,
	 * zaps still reach it (they walk the file's mappings) and tracking
	 * IPIs go to every CPU, since this mm's CPUs are unknown.
	 */
	if (encl && sgx2_encl_mm_add(encl, vma->vm_mm)) {
		set_bit(SGX2_ENCL_MM_UNTRACKED, &encl->flags);
		vma->vm_private_data = NULL;
	}
}

static void sgx2_vma_close(struct vm_area_struct *vma)
{
	struct sgx2_encl *encl = vma->vm_private_data;

	if (encl)
		sgx2_encl_mm_drop(encl, vma->vm_mm);
}

static int sgx2_vma_mprotect(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end, unsigned long newflags)
{
	struct sgx2_encl *encl = vma->vm_private_data;

	if (!encl)
		return -EACCES;
	return sgx2_encl_may_map(encl, start, end, newflags);
}

/*
 * An enclave page lives at one linear address: a mapping that moves would
 * map it elsewhere (hardware refuses such accesses; the sim's zaps follow
 * file offsets and would still find it, but faults would not).  Refusing
 * makes the core move the page tables back and fail mremap().
 */
static int sgx2_vma_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

/* hw: the CPU checks the EPCM; PTEs are as writable as the VMA. */
static const struct vm_operations_struct sgx2_vm_ops = {
	.open		= sgx2_vma_open,
	.close		= sgx2_vma_close,
	.fault		= sgx2_vma_fault,
	.mprotect	= sgx2_vma_mprotect,
	.mremap		= sgx2_vma_mremap,
	.access		= sgx2_vma_access,
};

/* sim (SGX2_CAP_PTE_MIRRORS_EPCM): writes to read-only PTEs are checked. */
static const struct vm_operations_struct sgx2_vm_ops_mirror = {
	.open		= sgx2_vma_open,
	.close		= sgx2_vma_close,
	.fault		= sgx2_vma_fault,
	.pfn_mkwrite	= sgx2_vma_pfn_mkwrite,
	.mprotect	= sgx2_vma_mprotect,
	.mremap		= sgx2_vma_mremap,
	.access		= sgx2_vma_access,
};

/**
 * sgx2_encl_owns_vma() - is @vma a mapping of @encl?
 * @encl:	the enclave
 * @vma:	any VMA
 *
 * Return: true when @vma maps @encl and its mm is recorded.
 */
bool sgx2_encl_owns_vma(struct sgx2_encl *encl, struct vm_area_struct *vma)
{
	return (vma->vm_ops == &sgx2_vm_ops ||
		vma->vm_ops == &sgx2_vm_ops_mirror) &&
	       vma->vm_private_data == encl;
}

/**
 * sgx2_encl_mmap() - set up a new mapping of the enclave
 * @encl:	the enclave of the mapped file
 * @vma:	the new VMA; mmap_lock held for writing
 *
 * Mainline's mapping rules: the range may not exceed the vetted maximum
 * protection of any page in it (and after EINIT must lie inside ELRANGE);
 * the VMA is PFN-mapped, never expanded, never dumped.  Its file offset
 * becomes its address (see encl.h), whatever offset mmap() was given and
 * whether or not the enclave exists yet.
 *
 * Return: 0, -EACCES or -ENOMEM.
 */
int sgx2_encl_mmap(struct sgx2_encl *encl, struct vm_area_struct *vma)
{
	int ret;

	ret = sgx2_encl_may_map(encl, vma->vm_start, vma->vm_end, vma->vm_flags);
	if (ret)
		return ret;

	ret = sgx2_encl_mm_add(encl, vma->vm_mm);
	if (ret)
		return ret;

	vma->vm_pgoff = PFN_DOWN(vma->vm_start);
	vma->vm_ops = sgx2_backend->caps & SGX2_CAP_PTE_MIRRORS_EPCM ?
		      &sgx2_vm_ops_mirror : &sgx2_vm_ops;
	sgx2_vm_flags_set(vma, VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP | VM_IO);
	vma->vm_private_data = encl;
	return 0;
}
