/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sim_priv.h - helpers shared by the files of the SGX2 model (pure), not
 * part of its interface.
 */
#ifndef SGX2_SIM_PRIV_H
#define SGX2_SIM_PRIV_H

#include "sim_model.h"

/* SECINFO attribute bits that EACCEPT compares with the EPCM. */
#define SIM_ATTR_MASK	(SGX2_SIM_EPCM_RWX | SGX2_SIM_EPCM_PENDING | \
			 SGX2_SIM_EPCM_MODIFIED)

/* #PF error code of an operand that is an EPC page failing an EPCM check. */
#define SIM_PF_EPCM	(SGX2_SIM_PF_P | SGX2_PF_SGX)

/* SECINFO.FLAGS page type. */
static inline u8 sim_secinfo_pt(u64 flags)
{
	return (u8)((flags & SGX2_SECINFO_PAGE_TYPE_MASK) >>
		    SGX2_SECINFO_PAGE_TYPE_SHIFT);
}

/* Architectural structures are little-endian; read them byte by byte. */
static inline u64 sim_get(const void *base, u32 off, u32 len)
{
	const u8 *p = (const u8 *)base + off;
	u64 v = 0;

	while (len--)
		v = (v << 8) | p[len];
	return v;
}

static inline u64 sim_get64(const void *base, u32 off)
{
	return sim_get(base, off, 8);
}

static inline u32 sim_get32(const void *base, u32 off)
{
	return (u32)sim_get(base, off, 4);
}

static inline void sim_put(void *base, u32 off, u32 len, u64 v)
{
	u8 *p = (u8 *)base + off;

	for (; len; len--, v >>= 8)
		*p++ = (u8)v;
}

/* True when @len bytes at @off of @base are all zero. */
static inline bool sim_zero(const void *base, u32 off, u32 len)
{
	const u8 *p = (const u8 *)base + off;

	while (len--)
		if (*p++)
			return false;
	return true;
}

static inline bool sim_aligned(u64 v, u64 align)
{
	return !(v & (align - 1));
}

static inline bool sim_ptr_aligned(const void *p, u64 align)
{
	return sim_aligned((u64)(unsigned long)p, align);
}

/* 48-bit canonical (4-level paging; LA57 is not modelled). */
static inline bool sim_canonical(u64 la)
{
	u64 top = la >> SGX2_SIM_USER_VA_BITS;

	return top == 0 || top == 0x1ffff;
}

static inline int sim_gp(struct sgx2_sim_fault *f)
{
	if (f) {
		f->vector = SGX2_SIM_VECTOR_GP;
		f->error_code = 0;
		f->addr = 0;
	}
	return SGX2_SIM_GP;
}

static inline int sim_pf(struct sgx2_sim_fault *f, u64 addr, u32 error_code)
{
	if (f) {
		f->vector = SGX2_SIM_VECTOR_PF;
		f->error_code = error_code;
		f->addr = addr;
	}
	return SGX2_SIM_PF;
}

static inline struct sgx2_sim_epcm *sim_epcm(struct sgx2_sim_epc *epc, u32 i)
{
	return &epc->epcm[i];
}

static inline u8 *sim_page(struct sgx2_sim_epc *epc, u32 i)
{
	return epc->ops->page_va(epc->ctx, i);
}

static inline bool sim_valid(const struct sgx2_sim_epcm *e)
{
	return e->flags & SGX2_SIM_EPCM_VALID;
}

/* PAGEINFO.SECS resolves to a VALID PT_SECS entry that is this enclave's. */
static inline bool sim_secs_ok(struct sgx2_sim_epc *epc,
			       const struct sgx2_sim_encl *encl)
{
	const struct sgx2_sim_epcm *e;

	if (!(encl->flags & SGX2_SIM_ENCL_CREATED) || encl->secs >= epc->nr_pages)
		return false;
	e = sim_epcm(epc, encl->secs);
	return sim_valid(e) && e->pt == SGX2_PAGE_TYPE_SECS && e->secs == encl->secs;
}

/* Reserved bits of SECINFO.FLAGS and the 56 reserved bytes are all zero. */
static inline bool sim_secinfo_reserved_ok(const void *secinfo)
{
	return !(sim_get(secinfo, 0, 8) & SGX2_SECINFO_RESERVED_MASK) &&
	       sim_zero(secinfo, 8, 56);
}

int sgx2_sim_inject_draw(struct sgx2_sim_epc *epc, struct sgx2_sim_fault *f);

/*
 * Every leaf starts here: count it, then let fault injection pre-empt it.
 * Returns 0 to go on, or the injected outcome.
 */
static inline int sim_leaf_begin(struct sgx2_sim_epc *epc,
				 struct sgx2_sim_encl *encl,
				 enum sgx2_stat stat, struct sgx2_sim_fault *f)
{
	encl->stats[stat]++;
	if (epc->inject.leaf_mask & BIT_ULL(stat))
		return sgx2_sim_inject_draw(epc, f);
	return 0;
}

/* Extend the running MRENCLAVE by @len bytes (a multiple of 64). */
static inline void sim_measure(struct sgx2_sim_encl *encl, const void *data,
			       u32 len)
{
	sgx2_sim_sha256_update(&encl->mrenclave, data, len);
	encl->mr_updates += len / 64;
}

u64 sgx2_sim_xsave_size(u64 xfrm);
bool sgx2_sim_xfrm_legal(u64 xfrm);

#endif /* SGX2_SIM_PRIV_H */
