/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pure.h - the only header a "pure" source file may include besides the UAPI.
 *
 * Pure files (EPCM model, range validation, batch planning) hold logic with
 * no mm, no locking and no asm.  They are compiled into the module and, with
 * the same text, into the Check unit tests in userspace.  This header maps
 * the few type-level facilities they use onto the kernel or onto libc.
 */
#ifndef SGX2_PURE_H
#define SGX2_PURE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/bits.h>
#include <linux/kernel.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <errno.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

#ifndef BIT
#define BIT(n)		(1UL << (n))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef BIT_ULL
#define BIT_ULL(n)	(1ULL << (n))
#endif
#endif /* __KERNEL__ */

#include "../include/uapi/linux/sgx2_edmm.h"

#endif /* SGX2_PURE_H */
