/* SPDX-License-Identifier: GPL-2.0 */
/*
 * encls.h - ENCLS for the hw backend: every inline asm of the module.
 *
 * Each wrapper executes one ENCLS leaf on EPC addresses the caller
 * computed (kernel virtual addresses of EPC pages and of operand
 * structures), and returns like the leaf functions of backend.h:
 *
 *   0				the leaf succeeded
 *   > 0			the SGX error code the leaf left in EAX
 *				(only leaves that report one)
 *   SGX2_ENCLS_FAULT_FLAG | vec	the leaf raised exception vector @vec
 *				(#GP, #PF, or #UD where SGX is off)
 *
 * A faulting ENCLS resumes at the exception table's target, a landing pad
 * after the success path, with EAX holding the vector.  Kernels since
 * 5.16 have the extable type EX_TYPE_FAULT_SGX, which already sets
 * SGX2_ENCLS_FAULT_FLAG; older ones (_ASM_EXTABLE_FAULT) store the bare
 * vector.  The landing pad ORs the flag in, which is a no-op for the newer
 * type, so the same code serves both (SGX2_ENCLS_EXTABLE in compat.h picks
 * the entry type).
 *
 * Alignment the SDM requires of the operands: EPC pages 4 KiB, PAGEINFO
 * 32 bytes, SECINFO 64 bytes, SIGSTRUCT 4 KiB, EINITTOKEN 512 bytes.
 */
#ifndef SGX2_ENCLS_H
#define SGX2_ENCLS_H

#include <linux/stringify.h>
#include <linux/types.h>
#include <asm/asm.h>
#ifdef SGX2_HAVE_EX_TYPE_FAULT_SGX
#include <asm/extable_fixup_types.h>
#endif
#include <linux/sgx2_edmm.h>

#include "../core/backend.h"

/**
 * struct sgx2_pageinfo - PAGEINFO operand of ECREATE, EADD and EAUG
 * @addr:	enclave linear address (ECREATE: 0)
 * @contents:	source page (EADD), SECS contents (ECREATE), 0 (EAUG)
 * @metadata:	SECINFO address (ECREATE, EADD), 0 (EAUG)
 * @secs:	EPC address of the enclave's SECS (ECREATE: 0)
 */
struct sgx2_pageinfo {
	u64 addr;
	u64 contents;
	u64 metadata;
	u64 secs;
} __aligned(32);

/*
 * ENCLS (0f 01 cf), leaves that report an SGX error code in EAX.  A fault
 * lands on the orl.
 */
#define __sgx2_encls_ret(leaf, inputs...)				\
({									\
	int __ret;							\
	asm volatile("1:	.byte 0x0f, 0x01, 0xcf\n"		\
		     "	jmp 3f\n"					\
		     "2:	orl $" __stringify(SGX2_ENCLS_FAULT_FLAG)	\
		     ", %%eax\n"					\
		     "3:\n"						\
		     SGX2_ENCLS_EXTABLE(1b, 2b)				\
		     : "=a" (__ret)					\
		     : "a" (leaf), inputs				\
		     : "memory", "cc");					\
	__ret;								\
})

/*
 * ENCLS, leaves that either succeed (EAX is then cleared here) or fault.
 */
#define __sgx2_encls(leaf, inputs...)					\
({									\
	int __ret;							\
	asm volatile("1:	.byte 0x0f, 0x01, 0xcf\n"		\
		     "	xorl %%eax, %%eax\n"				\
		     "	jmp 3f\n"					\
		     "2:	orl $" __stringify(SGX2_ENCLS_FAULT_FLAG)	\
		     ", %%eax\n"					\
		     "3:\n"						\
		     SGX2_ENCLS_EXTABLE(1b, 2b)				\
		     : "=a" (__ret)					\
		     : "a" (leaf), inputs				\
		     : "memory", "cc");					\
	__ret;								\
})

/* ECREATE: RBX = PAGEINFO (SECS contents, SECINFO), RCX = EPC page for the SECS. */
static inline int sgx2_encls_ecreate(struct sgx2_pageinfo *pi, void *secs)
{
	return __sgx2_encls(SGX2_ECREATE, "b" (pi), "c" (secs));
}

/* EADD: RBX = PAGEINFO (address, source, SECINFO, SECS), RCX = target EPC page. */
static inline int sgx2_encls_eadd(struct sgx2_pageinfo *pi, void *epc)
{
	return __sgx2_encls(SGX2_EADD, "b" (pi), "c" (epc));
}

/* EEXTEND: RBX = SECS, RCX = 256-byte chunk of an EPC page to measure. */
static inline int sgx2_encls_eextend(void *secs, void *chunk)
{
	return __sgx2_encls(SGX2_EEXTEND, "b" (secs), "c" (chunk));
}

/* EINIT: RBX = SIGSTRUCT, RCX = SECS, RDX = EINITTOKEN; error code in EAX. */
static inline int sgx2_encls_einit(const void *sigstruct, void *secs,
				   const void *token)
{
	return __sgx2_encls_ret(SGX2_EINIT, "b" (sigstruct), "c" (secs),
				"d" (token));
}

/* EREMOVE: RCX = EPC page to make invalid; error code in EAX. */
static inline int sgx2_encls_eremove(void *epc)
{
	return __sgx2_encls_ret(SGX2_EREMOVE, "c" (epc));
}

/* ETRACK: RCX = SECS whose tracking epoch starts; error code in EAX. */
static inline int sgx2_encls_etrack(const void *secs)
{
	return __sgx2_encls_ret(SGX2_ETRACK, "c" (secs));
}

/* EAUG: RBX = PAGEINFO (address, SECS), RCX = EPC page to add as PENDING. */
static inline int sgx2_encls_eaug(struct sgx2_pageinfo *pi, void *epc)
{
	return __sgx2_encls(SGX2_EAUG, "b" (pi), "c" (epc));
}

/* EMODPR: RBX = SECINFO (new permissions), RCX = EPC page; error code in EAX. */
static inline int sgx2_encls_emodpr(const struct sgx2_secinfo *si, void *epc)
{
	return __sgx2_encls_ret(SGX2_EMODPR, "b" (si), "c" (epc));
}

/* EMODT: RBX = SECINFO (new page type), RCX = EPC page; error code in EAX. */
static inline int sgx2_encls_emodt(const struct sgx2_secinfo *si, void *epc)
{
	return __sgx2_encls_ret(SGX2_EMODT, "b" (si), "c" (epc));
}

/*
 * The paging leaves.  The module does not page yet (EPC oversubscription
 * through its own EWB/ELDU is the seam these leave); today only the
 * emulated CPU's ring-0 probe (tests/qemu/sgx-cpu/probe/) calls them.
 * For EWB, PAGEINFO.addr and .secs are 0, .contents receives the sealed
 * page and .metadata the PCMD (128 bytes, 128-byte aligned); for ELDU they
 * are the page's address, the sealed page, the PCMD and the SECS.
 */

/* EPA: RBX = PT_VA, RCX = EPC page to make a Version Array. */
static inline int sgx2_encls_epa(void *epc)
{
	return __sgx2_encls(SGX2_EPA, "b" ((u64)SGX2_PAGE_TYPE_VA), "c" (epc));
}

/* EBLOCK: RCX = EPC page to block; error or state code in EAX. */
static inline int sgx2_encls_eblock(void *epc)
{
	return __sgx2_encls_ret(SGX2_EBLOCK, "c" (epc));
}

/* EWB: RBX = PAGEINFO, RCX = blocked EPC page, RDX = VA slot; code in EAX. */
static inline int sgx2_encls_ewb(struct sgx2_pageinfo *pi, void *epc,
				 void *va_slot)
{
	return __sgx2_encls_ret(SGX2_EWB, "b" (pi), "c" (epc), "d" (va_slot));
}

/* ELDU: RBX = PAGEINFO, RCX = free EPC page, RDX = VA slot; code in EAX. */
static inline int sgx2_encls_eldu(struct sgx2_pageinfo *pi, void *epc,
				  void *va_slot)
{
	return __sgx2_encls_ret(SGX2_ELDU, "b" (pi), "c" (epc), "d" (va_slot));
}

/*
 * EDBGRD: RCX = 8-byte aligned EPC address of a DEBUG enclave's page; the
 * quadword comes back in RBX; error code in EAX.  *@data is written only
 * when the leaf succeeded.
 */
static inline int sgx2_encls_edbgrd(const void *addr, u64 *data)
{
	u64 rbx;
	int ret;

	asm volatile("1:	.byte 0x0f, 0x01, 0xcf\n"
		     "	jmp 3f\n"
		     "2:	orl $" __stringify(SGX2_ENCLS_FAULT_FLAG) ", %%eax\n"
		     "3:\n"
		     SGX2_ENCLS_EXTABLE(1b, 2b)
		     : "=a" (ret), "=b" (rbx)
		     : "a" (SGX2_EDGBRD), "c" (addr)
		     : "memory", "cc");
	if (!ret)
		*data = rbx;
	return ret;
}

/* EDBGWR: RBX = quadword, RCX = 8-byte aligned EPC address; error code in EAX. */
static inline int sgx2_encls_edbgwr(void *addr, u64 data)
{
	return __sgx2_encls_ret(SGX2_EDGBWR, "b" (data), "c" (addr));
}

#endif /* SGX2_ENCLS_H */
