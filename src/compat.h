/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - every kernel-version difference the module copes with, and the
 * supported bounds.  Force-included into every file by Kbuild.
 */
#ifndef SGX2_COMPAT_H
#define SGX2_COMPAT_H

#include <linux/version.h>

/* In-kernel SGX (and its EPC allocator) first shipped in 5.11. */
#if KERNEL_VERSION(5, 11, 0) > LINUX_VERSION_CODE
#error "sgx2_edmm needs Linux 5.11 or later (CONFIG_X86_SGX)"
#endif

#ifndef CONFIG_X86_64
#error "sgx2_edmm is x86-64 only"
#endif

/*
 * The SGX2_HAVE_* macros come from feature probes in Kbuild (a grep of the
 * target kernel's headers), not from version numbers: distributions
 * backport.  The helpers below are only usable where their headers are
 * included, hence the macros.
 */

/* vm_flags_set(): 6.3+ made vma->vm_flags read-only. */
#ifdef SGX2_HAVE_VM_FLAGS_SET
#define sgx2_vm_flags_set(vma, flags)	vm_flags_set(vma, flags)
#else
#define sgx2_vm_flags_set(vma, flags)	((vma)->vm_flags |= (flags))
#endif

/* mm_get_unmapped_area(): 6.10+ removed mm->get_unmapped_area. */
#ifdef SGX2_HAVE_MM_GET_UNMAPPED_AREA
#define sgx2_mm_get_unmapped_area(file, addr, len, pgoff, flags) \
	mm_get_unmapped_area(current->mm, file, addr, len, pgoff, flags)
#else
#define sgx2_mm_get_unmapped_area(file, addr, len, pgoff, flags) \
	current->mm->get_unmapped_area(file, addr, len, pgoff, flags)
#endif

#endif /* SGX2_COMPAT_H */
