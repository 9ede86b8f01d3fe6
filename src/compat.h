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

/* ---- hw backend (backend_hw.c, encls.h, hw_*.c) ------------------------- */

/*
 * ENCLS exception-table entry: a fault at label @insn resumes at label
 * @fixup with the vector in %eax.  EX_TYPE_FAULT_SGX (5.16+, probed in
 * Kbuild) also sets SGX2_ENCLS_FAULT_FLAG; _ASM_EXTABLE_FAULT (older
 * kernels) stores the bare vector and encls.h ORs the flag in.
 */
#ifdef SGX2_HAVE_EX_TYPE_FAULT_SGX
#define SGX2_ENCLS_EXTABLE(insn, fixup) \
	_ASM_EXTABLE_TYPE(insn, fixup, EX_TYPE_FAULT_SGX)
#else
#define SGX2_ENCLS_EXTABLE(insn, fixup)	_ASM_EXTABLE_FAULT(insn, fixup)
#endif

/*
 * Before 5.13 sgx_free_epc_page() EREMOVEd the page itself (and WARNed on
 * failure) and struct sgx_epc_section had another layout.  Nothing in the
 * headers shows this (the SGX core's own header is not shipped), hence a
 * version test; the hw backend refuses such kernels.
 */
#define SGX2_HW_KERNEL_TOO_OLD	(KERNEL_VERSION(5, 13, 0) > LINUX_VERSION_CODE)

#endif /* SGX2_COMPAT_H */
