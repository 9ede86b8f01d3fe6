/* SPDX-License-Identifier: GPL-2.0 */
/*
 * host_driver.h - a userspace stand-in for the sgx2_edmm module's sim
 * backend, for running the test enclave without the module.
 *
 * It builds the enclave with encl_build(), keeps the SGX2 model's EPC and
 * runs ECREATE, EADD, EEXTEND and EINIT through it (EINIT compares the
 * model's MRENCLAVE with the builder's SIGSTRUCT), and plays the parts of
 * the kernel the runtime relies on:
 *
 *   - memory: the contents of enclave page i live in a memfd, mapped twice:
 *     at the enclave's linear address (base + i pages), where enclave code
 *     runs natively, with the protection its EPCM entry allows (PROT_NONE
 *     for TCS, PENDING, MODIFIED, trimmed and absent pages), and once more
 *     read-write for the model's page_va().  The SECS page lives apart;
 *   - SGX2_IOC_SIM_ENCLU: hd_transport() serves sgx2_runtime's requests
 *     with sgx2_sim_request(), EAUGing on -EAGAIN and, for #PF in ELRANGE
 *     where no page is, before the AEX (the kernel's EAUG-on-fault), and
 *     re-applies the protections afterwards;
 *   - the SGX2 ioctls, reduced to their leaves on one page: hd_eaug(),
 *     hd_emodpr(), hd_emodt(), hd_etrack(), hd_eremove(), and the tracking
 *     IPI hd_ipi() (sgx2_sim_lp_interrupt() on every thread inside).
 *
 * One simulated logical processor per thread (up to HD_MAX_LPS).  Driver
 * calls and requests are serialized by a spinlock; driver calls must not
 * be made from the thread's own signal handlers.
 */
#ifndef SGX2_HOST_DRIVER_H
#define SGX2_HOST_DRIVER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "encl_builder.h"
#include "sim_model.h"

#define HD_MAX_LPS	16

struct hd;

/*
 * Called by hd_transport() with the lock held, before a request is played:
 * lets a test do what another CPU would do meanwhile (hd_*_locked()).
 */
typedef void (*hd_hook_fn)(struct hd *hd, struct sgx2_sim_enclu *req,
			   void *data);

struct hd_lp {
	pid_t tid;
	struct sgx2_sim_lp lp;
};

struct hd {
	struct encl e;			/* the built enclave (image, symbols) */
	uint64_t base;			/* ELRANGE */
	uint64_t size;
	uint32_t nr_pages;		/* enclave pages; EPC index = page + 1 */
	int memfd;
	uint8_t *alias;			/* read-write view of the pages */
	uint8_t *secs_page;
	struct sgx2_sim_epc epc;
	struct sgx2_sim_epcm *epcm;	/* nr_pages + 1 entries, 0 = SECS */
	struct sgx2_sim_encl encl;
	struct sgx2_sim_fault fault;	/* of the last failing driver leaf */
	bool *present;			/* an EPC page is mapped at page i */
	int *prot;			/* protection of page i now */
	struct hd_lp lps[HD_MAX_LPS];
	uint8_t *secinfo;		/* 64-byte aligned scratch */
	int lock;
	hd_hook_fn hook;
	void *hook_data;
	unsigned long requests;		/* served by hd_transport() */
	unsigned long eaug_faults;	/* EAUGs done for the runtime */
	char error[320];
};

/*
 * Build @elf_path with @heap bytes of heap and load it.  Return: 0, or a
 * negative errno with @hd->error set.
 */
int hd_create(struct hd *hd, const char *elf_path, size_t heap);
void hd_destroy(struct hd *hd);

/* sgx2_transport_fn: plug in with sgx2_runtime_set_transport(hd_transport, hd). */
int hd_transport(void *ctx, struct sgx2_sim_enclu *req);

void hd_set_hook(struct hd *hd, hd_hook_fn hook, void *data);

/* Linear address of static TCS @i, and of ELF symbol @name. */
uint64_t hd_tcs(const struct hd *hd, unsigned int i);
uint64_t hd_sym(const struct hd *hd, const char *name);

/* The EPCM entry of the page at @addr, or NULL when none is mapped. */
struct sgx2_sim_epcm *hd_epcm(struct hd *hd, uint64_t addr);

/*
 * Leaves on the page at @addr.  Return: the model's outcome (0, an SGX
 * code, SGX2_SIM_FAULT | vector with @hd->fault filled) or -errno.  The
 * _locked variants are for hooks.
 */
int hd_eaug(struct hd *hd, uint64_t addr);
int hd_emodpr(struct hd *hd, uint64_t addr, uint64_t perms);
int hd_emodt(struct hd *hd, uint64_t addr, uint64_t page_type);
int hd_etrack(struct hd *hd);
int hd_eremove(struct hd *hd, uint64_t addr);
void hd_ipi(struct hd *hd);
int hd_etrack_locked(struct hd *hd);
void hd_ipi_locked(struct hd *hd);

/* The logical processor of the calling thread. */
struct sgx2_sim_lp *hd_lp(struct hd *hd);

#endif /* SGX2_HOST_DRIVER_H */
