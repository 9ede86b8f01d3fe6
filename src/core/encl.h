/* SPDX-License-Identifier: GPL-2.0 */
/*
 * encl.h - the enclave object: one per open() of /dev/sgx2_edmm.
 *
 * Lock order (outermost first):
 *
 *   mmap_lock of an mm  ->  sgx2_encl.lock  ->  sgx2_encl.mm_lock (spinlock)
 *
 * PTEs are never zapped under sgx2_encl.lock.  Zapping walks the enclave's
 * own address_space (sgx2_encl.mapping: its i_mmap_rwsem, then page table
 * locks), so it reaches every VMA that maps an enclave page, in any mm and
 * at any address, without mmap_lock.
 *
 * Mappings: the file offset of a mapping is its virtual address
 * (vm_pgoff == vm_start >> PAGE_SHIFT, set at mmap and kept by the core
 * through splits and fork), so the file offset of an enclave page is its
 * enclave linear address, whenever and however the range was mapped.
 * Moving a mapping (mremap) is refused.
 */
#ifndef SGX2_ENCL_H
#define SGX2_ENCL_H

#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>

#include "sgx2_edmm.h"
#include "fault_around.h"
#include "stats.h"

/**
 * enum sgx2_encl_flags - bit numbers in sgx2_encl.flags
 * @SGX2_ENCL_IOCTL:		an enclave ioctl is in flight (-EBUSY to others)
 * @SGX2_ENCL_CREATED:		ECREATE succeeded
 * @SGX2_ENCL_INITIALIZED:	EINIT succeeded
 * @SGX2_ENCL_DEBUG:		SECS.ATTRIBUTES.DEBUG
 * @SGX2_ENCL_PROVISION:	PROVISIONKEY allowed (SGX2_IOC_ENCLAVE_PROVISION)
 * @SGX2_ENCL_MM_UNTRACKED:	an mm maps the enclave but could not be recorded
 *				(out of memory in vm_ops->open): tracking IPIs
 *				go to every online CPU from then on
 */
enum sgx2_encl_flags {
	SGX2_ENCL_IOCTL,
	SGX2_ENCL_CREATED,
	SGX2_ENCL_INITIALIZED,
	SGX2_ENCL_DEBUG,
	SGX2_ENCL_PROVISION,
	SGX2_ENCL_MM_UNTRACKED,
};

/*
 * sgx2_encl_page.desc: the page's enclave linear address in the high bits,
 * and in the low bits the vetted maximum protection (VM_READ, VM_WRITE and
 * VM_EXEC share their values with the SECINFO R, W, X bits), the page type
 * the driver believes the EPCM holds, and state bits.
 */
#define SGX2_PAGE_PROT_MASK		0x7UL		/* VM_READ|VM_WRITE|VM_EXEC */
#define SGX2_PAGE_TYPE_SHIFT		3
#define SGX2_PAGE_TYPE_MASK		(0x7UL << SGX2_PAGE_TYPE_SHIFT)
/* Most pages handled per hold of the enclave lock by range operations. */
#define SGX2_LOCK_PAGES			64

/* Claimed by an operation that dropped the lock (REMOVE_PAGES). */
#define SGX2_PAGE_BUSY			BIT(6)
/*
 * Added by fault-around and not touched by the enclave since: no fault has
 * mapped it (hardware: EACCEPT itself needs the mapping) and, under the
 * sim, which runs EACCEPT without one, no EACCEPT or EACCEPTCOPY has
 * named it.  Such a page freed at teardown counts as fault-around waste.
 */
#define SGX2_PAGE_FA_UNTOUCHED		BIT(7)

/*
 * Page array mark: EMODPR/EMODT done, and the tracking cycle that was to
 * cover it failed (see modify.c).
 */
#define SGX2_XA_UNTRACKED		XA_MARK_0

/**
 * struct sgx2_encl_page - one enclave page the driver knows of
 * @desc:	address and SGX2_PAGE_* bits, see above
 * @epc_page:	the EPC page holding it; NULL while it is being added
 *
 * 16 bytes: the per-page memory of the driver stays small for enclaves of
 * millions of pages.
 */
struct sgx2_encl_page {
	unsigned long desc;
	struct sgx2_epc_page *epc_page;
};

static inline unsigned long sgx2_page_addr(const struct sgx2_encl_page *p)
{
	return p->desc & PAGE_MASK;
}

static inline unsigned long sgx2_page_max_prot(const struct sgx2_encl_page *p)
{
	return p->desc & SGX2_PAGE_PROT_MASK;
}

static inline unsigned int sgx2_page_type(const struct sgx2_encl_page *p)
{
	return (p->desc & SGX2_PAGE_TYPE_MASK) >> SGX2_PAGE_TYPE_SHIFT;
}

static inline void sgx2_page_set_type(struct sgx2_encl_page *p,
				      unsigned int type)
{
	p->desc = (p->desc & ~SGX2_PAGE_TYPE_MASK) |
		  ((unsigned long)type << SGX2_PAGE_TYPE_SHIFT);
}

/* The enclave touched @p: it is no longer fault-around waste. */
static inline void sgx2_page_touch(struct sgx2_encl_page *p)
{
	p->desc &= ~SGX2_PAGE_FA_UNTOUCHED;
}

/**
 * struct sgx2_encl_mm - an mm that maps the enclave (for tracking IPIs)
 * @mm:		the mm; valid while @vmas > 0 (its VMAs are closed before
 *		the mm is torn down)
 * @list:	in sgx2_encl.mm_list
 * @vmas:	number of VMAs of @mm that map the enclave
 */
struct sgx2_encl_mm {
	struct mm_struct *mm;
	struct list_head list;
	unsigned long vmas;
};

/**
 * struct sgx2_encl - an enclave
 * @flags:	enum sgx2_encl_flags bits
 * @refcount:	the file holds one reference
 * @lock:	protects the pages, the EPC state of the enclave and @policy;
 *		every ENCLS leaf on the enclave runs under it
 * @page_array:	struct sgx2_encl_page by PFN_DOWN(linear address)
 * @secs:	the SECS page, once created
 * @base:	SECS.BASEADDR
 * @size:	SECS.SIZE
 * @attributes:	SECS.ATTRIBUTES
 * @mapping:	the address_space of the enclave's file (file->f_mapping):
 *		its i_mmap tree holds every VMA mapping the enclave
 * @mm_lock:	protects @mm_list
 * @mm_list:	struct sgx2_encl_mm of every mm that maps the enclave
 * @policy:	batching policy (never SGX2_POLICY_DEFAULT)
 * @fa:		fault-around stream state (fault_around.c), under @lock
 * @stats:	this enclave's counters
 */
struct sgx2_encl {
	unsigned long flags;
	struct kref refcount;
	struct mutex lock;	/* see the lock order above */
	struct xarray page_array;
	struct sgx2_epc_page *secs;
	u64 base;
	u64 size;
	u64 attributes;
	struct address_space mapping;
	spinlock_t mm_lock;	/* see the lock order above */
	struct list_head mm_list;
	struct sgx2_enclave_policy policy;
	struct sgx2_fa fa;
	struct sgx2_stats stats;
};

struct sgx2_encl *sgx2_encl_alloc(void);
void sgx2_encl_attach_file(struct sgx2_encl *encl, struct file *file);
void sgx2_encl_put(struct sgx2_encl *encl);

struct sgx2_encl_page *sgx2_encl_page_alloc(unsigned long addr,
					    unsigned long max_prot,
					    unsigned int type);
struct sgx2_epc_page *sgx2_encl_alloc_epc(struct sgx2_encl *encl);
void sgx2_encl_free_epc(struct sgx2_encl *encl, struct sgx2_epc_page *page,
			bool valid);

int sgx2_encl_may_map(struct sgx2_encl *encl, unsigned long start,
		      unsigned long end, unsigned long vm_flags);
int sgx2_encl_mmap(struct sgx2_encl *encl, struct vm_area_struct *vma);
bool sgx2_encl_owns_vma(struct sgx2_encl *encl, struct vm_area_struct *vma);
void sgx2_encl_cpumask(struct sgx2_encl *encl, struct cpumask *mask);
void sgx2_encl_zap(struct sgx2_encl *encl, unsigned long start,
		   unsigned long end);
int sgx2_encl_eaug_fault(struct sgx2_encl *encl, struct vm_area_struct *vma,
			 unsigned long addr);
int sgx2_encl_eaug_locked(struct sgx2_encl *encl, unsigned long addr);
int sgx2_encl_willneed(struct sgx2_encl *encl, loff_t offset, loff_t len);
void sgx2_encl_lock_break(struct sgx2_encl *encl, unsigned long *steps);
void sgx2_encl_map_added(struct sgx2_encl *encl, unsigned long start,
			 unsigned long end);
int sgx2_encl_track(struct sgx2_encl *encl);
void sgx2_encl_kick(struct sgx2_encl *encl);

/* debug_access.c */
int sgx2_vma_access(struct vm_area_struct *vma, unsigned long addr, void *buf,
		    int len, int write);

#endif /* SGX2_ENCL_H */
