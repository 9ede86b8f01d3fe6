/* SPDX-License-Identifier: GPL-2.0 */
/*
 * leaves.h - the ENCLS leaves as shared code calls them: each call is
 * counted in the enclave's and the module's statistics, then handed to the
 * backend.  The enclave lock is held.
 */
#ifndef SGX2_LEAVES_H
#define SGX2_LEAVES_H

#include "encl.h"

/* True when a leaf's return value says it faulted (vs an SGX code). */
static inline bool sgx2_leaf_faulted(int ret)
{
	return ret > 0 && (ret & SGX2_ENCLS_FAULT_FLAG);
}

static inline int sgx2_ecreate(struct sgx2_encl *encl, struct sgx2_epc_page *secs,
			       const void *contents)
{
	sgx2_stats_add(&encl->stats, SGX2_STAT_ECREATE, 1);
	return sgx2_backend->ecreate(secs, contents);
}

static inline int sgx2_eadd(struct sgx2_encl *encl, struct sgx2_epc_page *page,
			    unsigned long addr, const void *src,
			    const struct sgx2_secinfo *secinfo)
{
	sgx2_stats_add(&encl->stats, SGX2_STAT_EADD, 1);
	return sgx2_backend->eadd(encl->secs, page, addr, src, secinfo);
}

static inline int sgx2_eextend(struct sgx2_encl *encl,
			       struct sgx2_epc_page *page, unsigned int offset)
{
	sgx2_stats_add(&encl->stats, SGX2_STAT_EEXTEND, 1);
	return sgx2_backend->eextend(encl->secs, page, offset);
}

static inline int sgx2_einit(struct sgx2_encl *encl, const void *sigstruct,
			     const void *token, const u64 *lepubkeyhash)
{
	sgx2_stats_add(&encl->stats, SGX2_STAT_EINIT, 1);
	return sgx2_backend->einit(encl->secs, sigstruct, token, lepubkeyhash);
}

/* EREMOVE of a child page, or of the SECS itself (@page == encl->secs). */
static inline int sgx2_eremove(struct sgx2_encl *encl,
			       struct sgx2_epc_page *page)
{
	sgx2_stats_add(&encl->stats, SGX2_STAT_EREMOVE, 1);
	return sgx2_backend->eremove(page == encl->secs ? NULL : encl->secs,
				     page);
}

static inline int sgx2_etrack(struct sgx2_encl *encl)
{
	sgx2_stats_add(&encl->stats, SGX2_STAT_ETRACK, 1);
	return sgx2_backend->etrack(encl->secs);
}

static inline int sgx2_eaug(struct sgx2_encl *encl, struct sgx2_epc_page *page,
			    unsigned long addr)
{
	sgx2_stats_add(&encl->stats, SGX2_STAT_EAUG, 1);
	return sgx2_backend->eaug(encl->secs, page, addr);
}

static inline int sgx2_emodpr(struct sgx2_encl *encl, struct sgx2_epc_page *page,
			      const struct sgx2_secinfo *secinfo)
{
	sgx2_stats_add(&encl->stats, SGX2_STAT_EMODPR, 1);
	return sgx2_backend->emodpr(encl->secs, page, secinfo);
}

static inline int sgx2_emodt(struct sgx2_encl *encl, struct sgx2_epc_page *page,
			     const struct sgx2_secinfo *secinfo)
{
	sgx2_stats_add(&encl->stats, SGX2_STAT_EMODT, 1);
	return sgx2_backend->emodt(encl->secs, page, secinfo);
}

/* The debug leaves: no statistics counter (the UAPI has none for them). */
static inline int sgx2_edbgrd(struct sgx2_encl *encl, struct sgx2_epc_page *page,
			      unsigned int offset, u64 *data)
{
	return sgx2_backend->edbgrd(encl->secs, page, offset, data);
}

static inline int sgx2_edbgwr(struct sgx2_encl *encl, struct sgx2_epc_page *page,
			      unsigned int offset, u64 data)
{
	return sgx2_backend->edbgwr(encl->secs, page, offset, data);
}

#endif /* SGX2_LEAVES_H */
