/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - every kernel-version difference the module copes with, and the
 * supported bounds.  Force-included into every file by Kbuild.
 */
#ifndef SGX2_COMPAT_H
#define SGX2_COMPAT_H

#include <linux/version.h>

/*
 * The oldest kernel supported is 5.15 (also in dkms.conf and the README's
 * "Kernels"): it is the oldest tree the module is built against (W=1) and
 * booted with.  Before it the code would need more than this file has:
 * vma_lookup() is 5.14+, sgx_set_attribute() and <asm/sgx.h> are 5.13+;
 * 5.13 and 5.14 (not long-term, end of life) are not built.
 */
#if KERNEL_VERSION(5, 15, 0) > LINUX_VERSION_CODE
#error "sgx2_edmm needs Linux 5.15 or later"
#endif

/* The in-kernel SGX driver: its EPC allocator and sgx_set_attribute(). */
#ifndef CONFIG_X86_SGX
#error "sgx2_edmm needs a kernel built with CONFIG_X86_SGX"
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

/*
 * vcalloc(): 5.18+, also in later 5.15.y stable releases (5.15.135 has it),
 * not in 5.15.0.  The fallback is mainline's definition; array_size()
 * saturates on overflow, so vzalloc() then fails.
 */
#ifndef SGX2_HAVE_VCALLOC
#define vcalloc(n, size)	vzalloc(array_size(n, size))
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
 * version test; the hw backend refuses such kernels.  Below the 5.15 floor
 * above, so never true today; kept as the hw backend's own guard.
 */
#define SGX2_HW_KERNEL_TOO_OLD	(KERNEL_VERSION(5, 13, 0) > LINUX_VERSION_CODE)

#endif /* SGX2_COMPAT_H */
