/* SPDX-License-Identifier: GPL-2.0 */
/*
 * backend.h - the narrow interface between shared code and a backend.
 *
 * Everything above this line (ioctls, locking, batching, faults, mm
 * tracking) is shared.  A backend provides EPC pages and the ENCLS leaves:
 *
 *   hw  - the in-kernel SGX allocator and real ENCLS (backend_hw.c)
 *   sim - a software SGX2 model that follows the SDM (backend_sim.c)
 *
 * Leaf functions return 0, a positive SGX return code (enum
 * sgx2_return_code), or SGX2_ENCLS_FAULT_FLAG | vector when the leaf
 * faulted, like mainline's encls_*() helpers.
 */
#ifndef SGX2_BACKEND_H
#define SGX2_BACKEND_H

#include <linux/types.h>

#define SGX2_ENCLS_FAULT_FLAG		0x40000000

/* Backend capability bits (sgx2_backend.caps). */
#define SGX2_CAP_SGX2			BIT(0)	/* EAUG, EMODPR, EMODT */
#define SGX2_CAP_SIM_ENCLU		BIT(1)	/* SGX2_IOC_SIM_ENCLU */

/* An EPC page as the backend hands it out; opaque to shared code. */
struct sgx2_epc_page;

/* PAGEINFO operand of ECREATE/EADD/EAUG (SDM 38.11), 32-byte aligned. */
struct sgx2_pageinfo {
	u64 addr;	/* enclave linear address (0 for ECREATE) */
	u64 contents;	/* kernel address of the source page, or 0 */
	u64 metadata;	/* kernel address of SECINFO (ECREATE: 0) */
	u64 secs;	/* kernel address of the SECS page (ECREATE: 0) */
} __aligned(32);

/* SECINFO operand (SDM 38.11), 64-byte aligned. */
struct sgx2_secinfo {
	u64 flags;
	u8 reserved[56];
} __aligned(64);

/**
 * struct sgx2_backend - operations of one backend
 * @name:	"hw" or "sim", as the module parameter spells it
 * @probe:	decide whether the backend can run here; on failure return
 *		-ENODEV and point @why at a static sentence saying why
 * @remove:	undo @probe (called at module exit)
 * @caps:	SGX2_CAP_* bits, valid after a successful @probe
 * @alloc_page:	take an EPC page owned by @owner; ERR_PTR(-EBUSY) when the
 *		EPC is full; never marked reclaimable by the in-kernel core
 * @free_page:	return a page that is no longer VALID in the EPCM
 * @page_addr:	kernel virtual address of a page (ENCLS operands)
 * @page_pfn:	page frame number to map into user space
 * @ecreate:	ENCLS[ECREATE]
 * @eadd:	ENCLS[EADD]
 * @eextend:	ENCLS[EEXTEND] of the 256 bytes at @addr (kernel address)
 * @einit:	ENCLS[EINIT]
 * @eremove:	ENCLS[EREMOVE]
 * @etrack:	ENCLS[ETRACK] on the SECS
 * @eaug:	ENCLS[EAUG]
 * @emodpr:	ENCLS[EMODPR]
 * @emodt:	ENCLS[EMODT]
 * @ipi:	called on each CPU reached by a tracking IPI round, in IPI
 *		context, with the SECS page of the enclave being tracked;
 *		hardware needs nothing (the interrupt itself causes the AEX),
 *		the sim records the AEX of a simulated thread running there
 */
struct sgx2_backend {
	const char *name;
	int (*probe)(const char **why);
	void (*remove)(void);
	unsigned long caps;

	struct sgx2_epc_page *(*alloc_page)(void *owner, bool reclaim);
	void (*free_page)(struct sgx2_epc_page *page);
	void *(*page_addr)(struct sgx2_epc_page *page);
	unsigned long (*page_pfn)(struct sgx2_epc_page *page);

	int (*ecreate)(struct sgx2_pageinfo *pginfo, void *secs);
	int (*eadd)(struct sgx2_pageinfo *pginfo, void *addr);
	int (*eextend)(void *secs, void *addr);
	int (*einit)(void *sigstruct, void *token, void *secs, u64 *lepubkeyhash);
	int (*eremove)(void *addr);
	int (*etrack)(void *secs);
	int (*eaug)(struct sgx2_pageinfo *pginfo, void *addr);
	int (*emodpr)(struct sgx2_secinfo *secinfo, void *addr);
	int (*emodt)(struct sgx2_secinfo *secinfo, void *addr);

	void (*ipi)(void *secs);
};

extern const struct sgx2_backend sgx2_hw_backend;
extern const struct sgx2_backend sgx2_sim_backend;

#endif /* SGX2_BACKEND_H */
