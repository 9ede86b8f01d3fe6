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
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#ifndef BIT
#define BIT(n)		(1UL << (n))
#endif
#ifndef BIT_ULL
#define BIT_ULL(n)	(1ULL << (n))
#endif
#endif /* __KERNEL__ */

#include "../include/uapi/linux/sgx2_edmm.h"

#endif /* SGX2_PURE_H */
