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

#endif /* SGX2_COMPAT_H */
