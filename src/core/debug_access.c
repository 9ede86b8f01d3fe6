// SPDX-License-Identifier: GPL-2.0
/*
 * debug_access.c - ptrace, gdb and /proc/pid/mem on the memory of DEBUG
 * enclaves, through EDBGRD and EDBGWR.
 *
 * An enclave mapping is VM_IO | VM_PFNMAP: access_remote_vm() cannot pin
 * its pages and asks vm_ops->access instead.  As in mainline, the access
 * goes through the debug leaves, which work on naturally aligned
 * quadwords: a read takes the quadwords covering the range, a write of
 * part of a quadword reads it first and writes it back whole.  The EPCM
 * permissions do not apply (a debugger may write to code); what the
 * leaves refuse - a TCS beyond its fields (reads) or other than its FLAGS
 * (writes), a page that is PENDING or MODIFIED - ends the access, as does
 * a page that is not there (no EAUG on behalf of a debugger).  A
 * production enclave's memory is never readable: -EFAULT, without a leaf.
 */
#include <linux/mm.h>
#include <linux/sched/signal.h>

#include "sgx2_edmm.h"
#include "encl.h"
#include "leaves.h"

#define SGX2_DBG_QUAD	sizeof(u64)

/*
 * Copy up to the end of the page at @addr, enclave lock held.  Return: the
 * bytes done, or -errno when none could be.
 */
static int sgx2_debug_page(struct sgx2_encl *encl, unsigned long addr,
			   u8 *buf, int len, bool write)
{
	struct sgx2_encl_page *entry;
	unsigned long quad;
	unsigned int off, cnt;
	int done = 0, ret = 0;
	u64 data;

	entry = xa_load(&encl->page_array, PFN_DOWN(addr));
	if (!encl->secs || !entry || !entry->epc_page ||
	    (entry->desc & SGX2_PAGE_BUSY))
		return -EFAULT;

	len = min_t(unsigned long, len, PAGE_SIZE - offset_in_page(addr));
	while (done < len) {
		quad = ALIGN_DOWN(addr + done, SGX2_DBG_QUAD);
		off = addr + done - quad;
		cnt = min_t(unsigned int, SGX2_DBG_QUAD - off, len - done);

		ret = sgx2_edbgrd(encl, entry->epc_page,
				  offset_in_page(quad), &data);
		if (!ret && write) {
			memcpy((u8 *)&data + off, buf + done, cnt);
			ret = sgx2_edbgwr(encl, entry->epc_page,
					  offset_in_page(quad), data);
		} else if (!ret) {
			memcpy(buf + done, (u8 *)&data + off, cnt);
		}
		if (ret) {
			pr_debug("EDBG%s at %#lx failed: %#x\n",
				 write ? "WR" : "RD", quad, ret);
			break;
		}
		done += cnt;
	}
	return done ? done : -EIO;
}

/**
 * sgx2_vma_access() - vm_ops->access of an enclave mapping
 * @vma:	the enclave VMA @addr is in
 * @addr:	first byte
 * @buf:	kernel buffer to read into or write from
 * @len:	bytes asked for
 * @write:	write @buf to the enclave instead of reading
 *
 * Reads or writes the memory of a DEBUG enclave with EDBGRD/EDBGWR, for
 * access_remote_vm() (ptrace's PEEK/POKE, /proc/pid/mem, gdb).  The access
 * stops at the end of @vma, at a page that is not there and at the first
 * quadword the leaves refuse.  Takes the enclave lock, one page at a time;
 * mmap_lock of the mm of @vma is held.
 *
 * Return: the bytes read or written (fewer than @len when the access
 * stopped early, or a fatal signal is pending); -EFAULT for an enclave
 * that is not DEBUG or a first page that is not there; -EIO when the
 * leaves refused the first quadword.
 */
int sgx2_vma_access(struct vm_area_struct *vma, unsigned long addr, void *buf,
		    int len, int write)
{
	struct sgx2_encl *encl = vma->vm_private_data;
	int done = 0, ret = 0;

	/* No enclave (vm_ops->open failed), or a production one. */
	if (!encl || !test_bit(SGX2_ENCL_DEBUG, &encl->flags))
		return -EFAULT;
	if (len <= 0 || addr >= vma->vm_end)
		return 0;
	len = min_t(unsigned long, len, vma->vm_end - addr);

	while (done < len) {
		if (done && fatal_signal_pending(current))
			break;
		mutex_lock(&encl->lock);
		ret = sgx2_debug_page(encl, addr + done, (u8 *)buf + done,
				      len - done, write);
		mutex_unlock(&encl->lock);
		if (ret <= 0)
			break;
		done += ret;
		cond_resched();
	}
	return done ? done : ret;
}
