/* SPDX-License-Identifier: GPL-2.0 */
/*
 * backend.h - the narrow interface between shared code and a backend.
 *
 * Everything above this line (ioctls, locking, batching, faults, mm
 * tracking) is shared.  A backend provides EPC pages and the ENCLS leaves:
 *
 *   hw  - the in-kernel SGX allocator and real ENCLS (hw/backend_hw.c)
 *   sim - a software SGX2 model that follows the SDM (sim/backend_sim.c)
 *
 * Leaf functions return 0, a positive SGX return code (enum
 * sgx2_return_code), or SGX2_ENCLS_FAULT_FLAG | vector when the leaf
 * faulted, like mainline's encls_*() helpers.
 */
#ifndef SGX2_BACKEND_H
#define SGX2_BACKEND_H

#include <linux/types.h>

struct sgx2_secs_limits;

#define SGX2_ENCLS_FAULT_FLAG		0x40000000

/* Backend capability bits (sgx2_backend.caps). */
#define SGX2_CAP_SGX2			BIT(0)	/* EAUG, EMODPR, EMODT */
/*
 * EPCM permissions are enforced by the PTEs the module installs (sim): a
 * PTE never grants more than the EPCM, and an EPCM change zaps PTEs.  On
 * hardware the CPU checks the EPCM itself.
 */
#define SGX2_CAP_PTE_MIRRORS_EPCM	BIT(1)

/* An EPC page as the backend hands it out; opaque to shared code. */
struct sgx2_epc_page;
struct sgx2_encl;
struct sgx2_sim_enclu;

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
 * @limits:	SECS attributes, XFRM and MISCSELECT the backend supports
 * @epc_alloc:	take a free EPC page; ERR_PTR(-EBUSY) when the EPC is full.
 *		May sleep.  Never marked reclaimable by the in-kernel core.
 * @epc_free:	return a page that is no longer VALID in the EPCM
 * @epc_pfn:	page frame number to map into user space
 * @epc_pages:	pages in the EPC, valid after a successful @probe
 * @budget_pct:	default of the module parameter epc_budget, in percent of
 *		the EPC (see budget.c)
 * @ecreate:	ENCLS[ECREATE] of @secs from a kernel copy of the SECS
 * @eadd:	ENCLS[EADD] of @page at enclave address @addr, contents @src
 * @eextend:	ENCLS[EEXTEND] of the 256 bytes at @offset in @page
 * @einit:	ENCLS[EINIT]
 * @eremove:	ENCLS[EREMOVE] of @page (@secs: its enclave, or NULL when
 *		@page is the SECS itself)
 * @etrack:	ENCLS[ETRACK] on the SECS
 * @eaug:	ENCLS[EAUG] of @page at enclave address @addr
 * @emodpr:	ENCLS[EMODPR]
 * @emodt:	ENCLS[EMODT]
 * @edbgrd:	ENCLS[EDBGRD] of the quadword at @offset (8-byte aligned)
 *		in @page of a DEBUG enclave, into *@data
 * @edbgwr:	ENCLS[EDBGWR] of @data to the quadword at @offset
 *		(8-byte aligned) in @page of a DEBUG enclave
 * @ipi_done:	called after a tracking IPI round (sgx2_encl_kick()),
 *		enclave lock held; hardware needs nothing (the interrupt
 *		itself makes the logical processors inside the enclave exit)
 * @epcm_access: SGX2_CAP_PTE_MIRRORS_EPCM only: which of VM_READ,
 *		VM_WRITE and VM_EXEC the EPCM allows on @page now (0 when the
 *		page is PENDING, MODIFIED, trimmed or invalid); enclave lock
 *		held
 * @encl_release: called before an enclave's pages are removed, enclave
 *		lock held: no thread of it can be inside any more
 * @sim_enclu:	SGX2_IOC_SIM_ENCLU for @encl; NULL on hardware
 *
 * Leaves return 0, a positive SGX return code (enum sgx2_return_code), or
 * SGX2_ENCLS_FAULT_FLAG | vector when the leaf faulted; the enclave lock
 * of the enclave they act on is held.
 */
struct sgx2_backend {
	const char *name;
	int (*probe)(const char **why);
	void (*remove)(void);
	unsigned long caps;
	void (*limits)(struct sgx2_secs_limits *lim);

	struct sgx2_epc_page *(*epc_alloc)(void *owner);
	void (*epc_free)(struct sgx2_epc_page *page);
	unsigned long (*epc_pfn)(struct sgx2_epc_page *page);
	u64 (*epc_pages)(void);
	unsigned int budget_pct;

	int (*ecreate)(struct sgx2_epc_page *secs, const void *secs_contents);
	int (*eadd)(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		    u64 addr, const void *src, const struct sgx2_secinfo *secinfo);
	int (*eextend)(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		       unsigned int offset);
	int (*einit)(struct sgx2_epc_page *secs, const void *sigstruct,
		     const void *token, const u64 *lepubkeyhash);
	int (*eremove)(struct sgx2_epc_page *secs, struct sgx2_epc_page *page);
	int (*etrack)(struct sgx2_epc_page *secs);
	int (*eaug)(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		    u64 addr);
	int (*emodpr)(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		      const struct sgx2_secinfo *secinfo);
	int (*emodt)(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		     const struct sgx2_secinfo *secinfo);
	int (*edbgrd)(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		      unsigned int offset, u64 *data);
	int (*edbgwr)(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		      unsigned int offset, u64 data);

	void (*ipi_done)(struct sgx2_epc_page *secs);
	unsigned long (*epcm_access)(struct sgx2_epc_page *secs,
				     struct sgx2_epc_page *page);
	void (*encl_release)(struct sgx2_epc_page *secs);
	long (*sim_enclu)(struct sgx2_encl *encl, struct sgx2_sim_enclu *req);
};

extern const struct sgx2_backend sgx2_hw_backend;
extern const struct sgx2_backend sgx2_sim_backend;

#endif /* SGX2_BACKEND_H */
