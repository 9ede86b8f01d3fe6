// SPDX-License-Identifier: GPL-2.0
/*
 * sim_encls.c - the ENCLS leaves of the SGX2 model: ECREATE, EADD,
 * EEXTEND, EINIT, EREMOVE, ETRACK, EAUG, EMODPR, EMODT, EDBGRD, EDBGWR,
 * and the paging leaves EPA, EBLOCK, EWB, ELDU and ELDB.
 *
 * Each function lists its checks in the order of the leaf's SDM pseudocode;
 * see sim_model.c for the model's conventions and the SDM ambiguities.
 * Pure: compiled into the module and into the Check tests.
 */
#include "sim_priv.h"

/* #PF on an EPC-index operand that is out of range: nothing there. */
static int sim_pf_range(struct sgx2_sim_fault *f, u32 page, bool write)
{
	return sim_pf(f, page, write ? SGX2_SIM_PF_W : 0);
}

/* #PF on an EPC-index operand whose EPCM entry fails a check. */
static int sim_pf_epcm(struct sgx2_sim_fault *f, u32 page, bool write)
{
	return sim_pf(f, page, SIM_PF_EPCM | (write ? SGX2_SIM_PF_W : 0));
}

/*
 * A VALID page that another enclave owns was passed with @encl: the caller
 * mixed up its enclaves; no hardware outcome corresponds.
 */
static bool sim_foreign(struct sgx2_sim_epc *epc,
			const struct sgx2_sim_encl *encl, u32 page)
{
	const struct sgx2_sim_epcm *e;

	if (page >= epc->nr_pages)
		return false;
	e = sim_epcm(epc, page);
	return sim_valid(e) && e->secs != encl->secs;
}

static bool sim_in_elrange(const struct sgx2_sim_encl *encl, u64 la)
{
	return la >= encl->base && la - encl->base < encl->size;
}

/* SECS fields ECREATE validates once the source is in the EPC page. */
static int sim_ecreate_check_secs(const u8 *secs, struct sgx2_sim_fault *f)
{
	u64 size = sim_get64(secs, SGX2_SIM_SECS_SIZE);
	u64 base = sim_get64(secs, SGX2_SIM_SECS_BASEADDR);
	u32 ssa = sim_get32(secs, SGX2_SIM_SECS_SSAFRAMESIZE);
	u32 misc = sim_get32(secs, SGX2_SIM_SECS_MISCSELECT);
	u64 attr = sim_get64(secs, SGX2_SIM_SECS_ATTRIBUTES);
	u64 xfrm = sim_get64(secs, SGX2_SIM_SECS_XFRM);
	bool mode64 = attr & SGX2_SIM_ATTR_MODE64BIT;
	u64 xsize;

	if ((xfrm & 0x3) != 0x3)
		return sim_gp(f);
	if (!sgx2_sim_xfrm_legal(xfrm))
		return sim_gp(f);
	/* Ambiguity 7: a bit outside the supported MISCSELECT set. */
	if (misc & ~SGX2_SIM_MISC_EXINFO)
		return sim_gp(f);
	/* XSAVE area + GPRSGX + MISC region (EXINFO: 16 bytes). */
	xsize = sgx2_sim_xsave_size(xfrm) + SGX2_SIM_SSA_GPR_SIZE +
		((misc & SGX2_SIM_MISC_EXINFO) ? 16 : 0);
	if ((u64)ssa * SGX2_SIM_PAGE_SIZE < xsize)
		return sim_gp(f);
	if (mode64 && !sim_canonical(base))
		return sim_gp(f);
	if (!mode64 && (base & 0xffffffff00000000ULL))
		return sim_gp(f);
	if (!mode64 && size >= BIT_ULL(SGX2_SIM_MAX_ENCL_SIZE_32))
		return sim_gp(f);
	if (mode64 && size >= BIT_ULL(SGX2_SIM_MAX_ENCL_SIZE_64))
		return sim_gp(f);
	/* At least two pages, and a power of two ... */
	if (size < 8192 || (size & (size - 1)))
		return sim_gp(f);
	/* ... that the base is aligned on. */
	if (base & (size - 1))
		return sim_gp(f);
	if (attr & ~SGX2_SIM_ATTR_SUPPORTED)
		return sim_gp(f);
	if (!sim_zero(secs, 24, 24) || !sim_zero(secs, 96, 32) ||
	    !sim_zero(secs, 160, 32) || !sim_zero(secs, 262, 4096 - 262))
		return sim_gp(f);
	/* CONFIGID and CONFIGSVN belong to Key Separation and Sharing. */
	if ((!sim_zero(secs, SGX2_SIM_SECS_CONFIGID, 64) ||
	     sim_get(secs, SGX2_SIM_SECS_CONFIGSVN, 2)) &&
	    !(attr & SGX2_SIM_ATTR_KSS))
		return sim_gp(f);
	return 0;
}

/**
 * sgx2_sim_ecreate() - ENCLS[ECREATE]: make @secs the SECS of a new enclave
 * @epc:	the EPC
 * @encl:	zeroed enclave state, filled on success
 * @pi:		PAGEINFO: @pi->srcpge the SECS to copy, @pi->secinfo with
 *		PT_SECS, @pi->linaddr 0
 * @secs:	EPC index of the page that becomes the SECS
 * @f:		fault details (may be NULL)
 *
 * On success the enclave is created but not initialized, MRENCLAVE has its
 * ECREATE record, and the SECS entry is VALID.
 *
 * Return: 0, SGX2_SIM_GP (misaligned or bad SECINFO, bad SECS field),
 * SGX2_SIM_PF (@secs outside the EPC or already VALID, NULL buffer), an
 * injected outcome, or -EINVAL when @encl already describes an enclave.
 */
int sgx2_sim_ecreate(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     const struct sgx2_sim_pageinfo *pi, u32 secs,
		     struct sgx2_sim_fault *f)
{
	u8 rec[64] = "ECREATE";
	u64 size, ssa;
	u8 *page;
	int ret;

	if (encl->flags & (SGX2_SIM_ENCL_CREATED | SGX2_SIM_ENCL_EVICTED))
		return -EINVAL;
	ret = sim_leaf_begin(epc, encl, SGX2_STAT_ECREATE, f);
	if (ret)
		return ret;

	if (secs >= epc->nr_pages)
		return sim_pf_range(f, secs, true);
	if (!sim_ptr_aligned(pi->srcpge, SGX2_SIM_PAGE_SIZE) ||
	    !sim_ptr_aligned(pi->secinfo, 64))
		return sim_gp(f);
	/* PAGEINFO.LINADDR (and PAGEINFO.SECS, implicit here) must be 0. */
	if (pi->linaddr)
		return sim_gp(f);
	if (!pi->secinfo)
		return sim_pf(f, 0, 0);
	if (!sim_secinfo_reserved_ok(pi->secinfo) ||
	    sim_secinfo_pt(sim_get64(pi->secinfo, 0)) != SGX2_PAGE_TYPE_SECS)
		return sim_gp(f);
	if (sim_valid(sim_epcm(epc, secs)))
		return sim_pf_epcm(f, secs, true);

	/* The source is copied before its fields are checked (ambiguity 21). */
	if (!pi->srcpge)
		return sim_pf(f, 0, 0);
	page = sim_page(epc, secs);
	memcpy(page, pi->srcpge, SGX2_SIM_PAGE_SIZE);
	ret = sim_ecreate_check_secs(page, f);
	if (ret)
		return ret;

	size = sim_get64(page, SGX2_SIM_SECS_SIZE);
	ssa = sim_get32(page, SGX2_SIM_SECS_SSAFRAMESIZE);
	encl->size = size;
	encl->base = sim_get64(page, SGX2_SIM_SECS_BASEADDR);
	encl->attributes = sim_get64(page, SGX2_SIM_SECS_ATTRIBUTES);
	encl->xfrm = sim_get64(page, SGX2_SIM_SECS_XFRM);
	encl->ssaframesize = (u32)ssa;
	encl->miscselect = sim_get32(page, SGX2_SIM_SECS_MISCSELECT);
	encl->secs = secs;
	encl->children = 0;
	encl->lps_inside = 0;
	encl->trk_outstanding = 0;
	encl->etrack_epoch = 0;
	encl->mr_updates = 0;
	encl->flags = SGX2_SIM_ENCL_CREATED;
	encl->eid = epc->secret ? ++epc->secret->eids : 0;
	encl->versions = 0;

	memset(page + SGX2_SIM_SECS_MRENCLAVE, 0, 32);
	sim_put(page, SGX2_SIM_SECS_ISVSVN, 2, 0);
	sim_put(page, SGX2_SIM_SECS_ISVPRODID, 2, 0);

	/* "ECREATE\0", SSAFRAMESIZE (4 bytes), SIZE (8 bytes), zeros. */
	sim_put(rec, 8, 4, ssa);
	sim_put(rec, 12, 8, size);
	sgx2_sim_sha256_init(&encl->mrenclave);
	sim_measure(encl, rec, sizeof(rec));

	*sim_epcm(epc, secs) = (struct sgx2_sim_epcm) {
		.secs = secs,
		.pt = SGX2_PAGE_TYPE_SECS,
		.flags = SGX2_SIM_EPCM_VALID,
	};
	return 0;
}

/* EADD's checks on the copied TCS or on a PT_REG SECINFO. */
static int sim_eadd_check_type(const struct sgx2_sim_encl *encl, u8 pt,
			       u64 sflags, const u8 *page,
			       struct sgx2_sim_fault *f)
{
	if (pt == SGX2_PAGE_TYPE_TCS) {
		if (!sim_zero(page, SGX2_SIM_TCS_RESERVED,
			      SGX2_SIM_PAGE_SIZE - SGX2_SIM_TCS_RESERVED))
			return sim_gp(f);
		if (!(encl->attributes & SGX2_SIM_ATTR_MODE64BIT) &&
		    ((sim_get32(page, SGX2_SIM_TCS_FSLIMIT) & 0xfff) != 0xfff ||
		     (sim_get32(page, SGX2_SIM_TCS_GSLIMIT) & 0xfff) != 0xfff))
			return sim_gp(f);
	} else if ((sflags & SGX2_SECINFO_W) && !(sflags & SGX2_SECINFO_R)) {
		return sim_gp(f);
	}
	return 0;
}

/**
 * sgx2_sim_eadd() - ENCLS[EADD]: add a page to an uninitialized enclave
 * @epc:	the EPC
 * @encl:	the enclave (PAGEINFO.SECS)
 * @pi:		PAGEINFO: linear address, source contents, SECINFO (PT_REG
 *		or PT_TCS)
 * @page:	EPC index of the free page to fill
 * @f:		fault details (may be NULL)
 *
 * Copies the source, sets the EPCM entry from SECINFO (a TCS gets no
 * permissions and its DBGOPTIN, CSSA, AEP and STATE cleared) and extends
 * MRENCLAVE with "EADD", the page's offset and the first 48 SECINFO bytes.
 *
 * Return: 0, SGX2_SIM_GP (misalignment, bad SECINFO, TCS reserved bytes,
 * W without R, address outside ELRANGE, enclave initialized), SGX2_SIM_PF
 * (@page outside the EPC or VALID, SECS not valid, NULL buffer), or an
 * injected outcome.
 */
int sgx2_sim_eadd(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		  const struct sgx2_sim_pageinfo *pi, u32 page,
		  struct sgx2_sim_fault *f)
{
	u8 rec[64] = "EADD";
	struct sgx2_sim_epcm *e;
	u64 sflags;
	u8 *va;
	u8 pt;
	int ret;

	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EADD, f);
	if (ret)
		return ret;

	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, true);
	if (!sim_ptr_aligned(pi->srcpge, SGX2_SIM_PAGE_SIZE) ||
	    !sim_ptr_aligned(pi->secinfo, 64) ||
	    !sim_aligned(pi->linaddr, SGX2_SIM_PAGE_SIZE))
		return sim_gp(f);
	if (encl->secs >= epc->nr_pages)
		return sim_pf_range(f, encl->secs, true);
	if (!pi->secinfo)
		return sim_pf(f, 0, 0);
	sflags = sim_get64(pi->secinfo, 0);
	pt = sim_secinfo_pt(sflags);
	if (!sim_secinfo_reserved_ok(pi->secinfo) ||
	    (pt != SGX2_PAGE_TYPE_REG && pt != SGX2_PAGE_TYPE_TCS))
		return sim_gp(f);
	e = sim_epcm(epc, page);
	if (sim_valid(e))
		return sim_pf_epcm(f, page, true);
	if (!sim_secs_ok(epc, encl))
		return sim_pf_epcm(f, encl->secs, true);

	if (!pi->srcpge)
		return sim_pf(f, 0, 0);
	va = sim_page(epc, page);
	memcpy(va, pi->srcpge, SGX2_SIM_PAGE_SIZE);
	ret = sim_eadd_check_type(encl, pt, sflags, va, f);
	if (ret)
		return ret;
	if (!sim_in_elrange(encl, pi->linaddr))
		return sim_gp(f);
	if (encl->flags & SGX2_SIM_ENCL_INIT)
		return sim_gp(f);

	/* The measured SECINFO is the scratch copy, TCS permissions cleared. */
	memcpy(rec + 16, pi->secinfo, 48);
	if (pt == SGX2_PAGE_TYPE_TCS) {
		sflags &= ~SGX2_SECINFO_PERMISSION_MASK;
		sim_put(rec, 16, 8, sflags);
		sim_put(va, SGX2_SIM_TCS_FLAGS, 8,
			sim_get64(va, SGX2_SIM_TCS_FLAGS) & ~SGX2_SIM_TCS_DBGOPTIN);
		sim_put(va, SGX2_SIM_TCS_CSSA, 4, 0);
		sim_put(va, SGX2_SIM_TCS_AEP, 8, 0);
		sim_put(va, SGX2_SIM_TCS_STATE, 8, 0);
	}
	sim_put(rec, 8, 8, pi->linaddr - encl->base);
	sim_measure(encl, rec, sizeof(rec));

	*e = (struct sgx2_sim_epcm) {
		.enclave_address = pi->linaddr,
		.secs = encl->secs,
		.pt = pt,
		.flags = SGX2_SIM_EPCM_VALID | (sflags & SGX2_SIM_EPCM_RWX),
	};
	encl->children++;
	return 0;
}

/**
 * sgx2_sim_eextend() - ENCLS[EEXTEND]: measure 256 bytes of an added page
 * @epc:	the EPC
 * @encl:	the enclave (RBX, the SECS)
 * @page:	EPC index of the page
 * @offset:	offset of the chunk in the page, a multiple of 256
 * @f:		fault details (may be NULL)
 *
 * Extends MRENCLAVE with "EEXTEND" and the chunk's enclave offset, then the
 * 256 bytes.
 *
 * Return: 0, SGX2_SIM_GP (@offset misaligned, page of another enclave,
 * enclave initialized), SGX2_SIM_PF (SECS or @page outside the EPC, @page
 * invalid or neither PT_REG nor PT_TCS), or an injected outcome.
 */
int sgx2_sim_eextend(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     u32 page, u32 offset, struct sgx2_sim_fault *f)
{
	u8 rec[64] = "EEXTEND";
	struct sgx2_sim_epcm *e;
	int ret;

	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EEXTEND, f);
	if (ret)
		return ret;

	/* Ambiguity 5: the SECS must resolve within the EPC. */
	if (encl->secs >= epc->nr_pages)
		return sim_pf_range(f, encl->secs, false);
	if (!sim_aligned(offset, 256) || offset >= SGX2_SIM_PAGE_SIZE)
		return sim_gp(f);
	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, false);
	e = sim_epcm(epc, page);
	if (!sim_valid(e))
		return sim_pf_epcm(f, page, false);
	if (e->pt != SGX2_PAGE_TYPE_REG && e->pt != SGX2_PAGE_TYPE_TCS)
		return sim_pf_epcm(f, page, false);
	/* RBX is not the SECS of the data chunk. */
	if (e->secs != encl->secs || !sim_secs_ok(epc, encl))
		return sim_gp(f);
	/* Ambiguity 6: listed under Exceptions only. */
	if (encl->flags & SGX2_SIM_ENCL_INIT)
		return sim_gp(f);

	sim_put(rec, 8, 8, e->enclave_address - encl->base + offset);
	sim_measure(encl, rec, sizeof(rec));
	sim_measure(encl, sim_page(epc, page) + offset, 256);
	return 0;
}

/* SIGSTRUCT.HEADER and HEADER2 as the SDM spells them, byte by byte. */
static const u8 sim_sig_header[16] = {
	0x06, 0x00, 0x00, 0x00, 0xe1, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static const u8 sim_sig_header2[16] = {
	0x01, 0x01, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};

static bool sim_sigstruct_ok(const u8 *sig)
{
	u32 vendor = sim_get32(sig, SGX2_SIM_SIG_VENDOR);

	return !memcmp(sig + SGX2_SIM_SIG_HEADER, sim_sig_header, 16) &&
	       (vendor == 0 || vendor == 0x8086) &&
	       !memcmp(sig + SGX2_SIM_SIG_HEADER2, sim_sig_header2, 16) &&
	       sim_get32(sig, SGX2_SIM_SIG_EXPONENT) == 3 &&
	       /* ambiguity 13: the 2018 reserved ranges */
	       sim_zero(sig, 44, 84) && sim_zero(sig, 908, 4) &&
	       sim_zero(sig, 992, 16) && sim_zero(sig, 1028, 12);
}

/* EINIT's ATTRIBUTES and MISCSELECT checks against SIGSTRUCT's masks. */
static bool sim_einit_attributes_ok(const struct sgx2_sim_encl *encl,
				    const u8 *sig)
{
	u64 mask = sim_get64(sig, SGX2_SIM_SIG_ATTRIBUTEMASK);
	u64 xmask = sim_get64(sig, SGX2_SIM_SIG_ATTRIBUTEMASK + 8);
	u32 mmask = sim_get32(sig, SGX2_SIM_SIG_MISCMASK);

	if ((encl->attributes & mask) !=
	    (sim_get64(sig, SGX2_SIM_SIG_ATTRIBUTES) & mask) ||
	    (encl->xfrm & xmask) !=
	    (sim_get64(sig, SGX2_SIM_SIG_ATTRIBUTES + 8) & xmask))
		return false;
	return (encl->miscselect & mmask) ==
	       (sim_get32(sig, SGX2_SIM_SIG_MISCSELECT) & mmask);
}

/**
 * sgx2_sim_einit() - ENCLS[EINIT]: check the measurement, initialize
 * @epc:		the EPC
 * @encl:		the enclave (RCX, the SECS)
 * @sigstruct:		the 1808-byte SIGSTRUCT, 4 KiB aligned
 * @token:		the EINITTOKEN, 512-byte aligned
 * @lepubkeyhash:	IA32_SGXLEPUBKEYHASH0-3 (32 bytes), or NULL when they
 *			hold the signer's hash (Flexible Launch Control)
 * @f:			fault details (may be NULL)
 *
 * The RSA signature is not verified (see ambiguity 12 in sim_model.c): the
 * model checks the SIGSTRUCT header, the measurement (ENCLAVEHASH must be
 * the finalized MRENCLAVE), the attribute and MISCSELECT masks and launch
 * control, then writes MRENCLAVE, MRSIGNER (SHA-256 of the modulus),
 * ISVPRODID and ISVSVN into the SECS and marks the enclave initialized.
 *
 * Return: 0, SGX2_INVALID_SIG_STRUCT, SGX2_INVALID_MEASUREMENT,
 * SGX2_INVALID_ATTRIBUTE, SGX2_INVALID_EINITTOKEN, SGX2_SIM_GP (misaligned
 * operand, enclave already initialized), SGX2_SIM_PF (SECS not a valid
 * SECS, NULL buffer), or an injected outcome.
 */
int sgx2_sim_einit(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		   const void *sigstruct, const void *token,
		   const u8 *lepubkeyhash, struct sgx2_sim_fault *f)
{
	struct sgx2_sim_sha256 tmp;
	u8 mrenclave[32];
	u8 mrsigner[32];
	const u8 *sig = sigstruct;
	u8 *secs;
	int ret;

	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EINIT, f);
	if (ret)
		return ret;

	if (!sim_ptr_aligned(sigstruct, SGX2_SIM_PAGE_SIZE))
		return sim_gp(f);
	if (!sim_ptr_aligned(token, 512))
		return sim_gp(f);
	if (encl->secs >= epc->nr_pages)
		return sim_pf_range(f, encl->secs, true);
	if (!sig || !token)
		return sim_pf(f, 0, 0);
	if (!sim_sigstruct_ok(sig))
		return SGX2_INVALID_SIG_STRUCT;
	/* (event window and RSA verification: not modelled) */
	if (!sim_secs_ok(epc, encl))
		return sim_pf_epcm(f, encl->secs, true);
	if (!sim_zero(sig, SGX2_SIM_SIG_ISVFAMILYID, 16) &&
	    !(encl->attributes & SGX2_SIM_ATTR_KSS))
		return SGX2_INVALID_SIG_STRUCT;
	/* Ambiguity 6: listed under Exceptions only. */
	if (encl->flags & SGX2_SIM_ENCL_INIT)
		return sim_gp(f);

	/* Finalize a copy: a failed EINIT leaves MRENCLAVE open. */
	tmp = encl->mrenclave;
	sgx2_sim_sha256_final(&tmp, mrenclave);
	if (memcmp(mrenclave, sig + SGX2_SIM_SIG_ENCLAVEHASH, 32))
		return SGX2_INVALID_MEASUREMENT;

	sgx2_sim_sha256_init(&tmp);
	sgx2_sim_sha256_update(&tmp, sig + SGX2_SIM_SIG_MODULUS,
			       SGX2_SIM_SIG_MODULUS_SIZE);
	sgx2_sim_sha256_final(&tmp, mrsigner);
	if ((encl->attributes & SGX2_SIM_ATTR_EINITTOKEN_KEY) && lepubkeyhash &&
	    memcmp(mrsigner, lepubkeyhash, 32))
		return SGX2_INVALID_ATTRIBUTE;
	if (!sim_einit_attributes_ok(encl, sig))
		return SGX2_INVALID_ATTRIBUTE;
	if (sim_get32(token, SGX2_SIM_TOKEN_VALID) & 1)
		return SGX2_INVALID_EINITTOKEN;	/* no launch key to check it */
	if (lepubkeyhash && memcmp(mrsigner, lepubkeyhash, 32))
		return SGX2_INVALID_EINITTOKEN;

	secs = sim_page(epc, encl->secs);
	memcpy(secs + SGX2_SIM_SECS_MRENCLAVE, mrenclave, 32);
	memcpy(secs + SGX2_SIM_SECS_MRSIGNER, mrsigner, 32);
	memcpy(secs + SGX2_SIM_SECS_ISVPRODID, sig + SGX2_SIM_SIG_ISVPRODID, 2);
	memcpy(secs + SGX2_SIM_SECS_ISVSVN, sig + SGX2_SIM_SIG_ISVSVN, 2);
	sim_put(secs, SGX2_SIM_SECS_ATTRIBUTES, 8,
		encl->attributes | SGX2_SIM_ATTR_INIT);
	encl->flags |= SGX2_SIM_ENCL_INIT;
	return 0;
}

/**
 * sgx2_sim_eremove() - ENCLS[EREMOVE]: take a page out of the EPCM
 * @epc:	the EPC
 * @encl:	the enclave the page belongs to (or whose SECS it is)
 * @page:	EPC index of the page
 * @f:		fault details (may be NULL)
 *
 * An invalid page and an accepted PT_TRIM page are removed whatever runs
 * in the enclave (ambiguity 1); the SECS only without children; any other
 * page only while no logical processor is inside.
 *
 * Return: 0, SGX2_CHILD_PRESENT, SGX2_ENCLAVE_ACT, SGX2_SIM_PF (@page
 * outside the EPC), an injected outcome, or -EINVAL when @page is a VALID
 * page of another enclave.
 */
int sgx2_sim_eremove(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     u32 page, struct sgx2_sim_fault *f)
{
	struct sgx2_sim_epcm *e;
	int ret;

	if (sim_foreign(epc, encl, page))
		return -EINVAL;
	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EREMOVE, f);
	if (ret)
		return ret;

	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, true);
	e = sim_epcm(epc, page);
	if (!sim_valid(e))
		return 0;
	if (e->pt == SGX2_PAGE_TYPE_TRIM && !(e->flags & SGX2_SIM_EPCM_MODIFIED))
		goto remove_child;
	if (e->pt == SGX2_PAGE_TYPE_SECS) {
		if (encl->children)
			return SGX2_CHILD_PRESENT;
		e->flags &= ~SGX2_SIM_EPCM_VALID;
		encl->flags &= ~(SGX2_SIM_ENCL_CREATED | SGX2_SIM_ENCL_INIT);
		return 0;
	}
	/* Ambiguity 18: any logical processor inside the enclave. */
	if (encl->lps_inside)
		return SGX2_ENCLAVE_ACT;

remove_child:
	e->flags &= ~SGX2_SIM_EPCM_VALID;
	encl->children--;
	return 0;
}

/**
 * sgx2_sim_etrack() - ENCLS[ETRACK]: start a tracking cycle
 * @epc:	the EPC
 * @encl:	the enclave (RCX, the SECS)
 * @f:		fault details (may be NULL)
 *
 * The cycle completes when every logical processor inside now has left
 * (EEXIT or AEX); see sim_model.c.
 *
 * Return: 0, SGX2_PREV_TRK_INCMPL (the previous cycle is still open),
 * SGX2_SIM_PF (SECS outside the EPC, invalid or not a SECS), or an
 * injected outcome.
 */
int sgx2_sim_etrack(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    struct sgx2_sim_fault *f)
{
	int ret;

	ret = sim_leaf_begin(epc, encl, SGX2_STAT_ETRACK, f);
	if (ret)
		return ret;

	if (encl->secs >= epc->nr_pages)
		return sim_pf_range(f, encl->secs, true);
	if (!sim_secs_ok(epc, encl))
		return sim_pf_epcm(f, encl->secs, true);
	if (sgx2_sim_tracking_open(encl))
		return SGX2_PREV_TRK_INCMPL;

	encl->etrack_epoch++;
	encl->trk_outstanding = encl->lps_inside;
	return 0;
}

/**
 * sgx2_sim_eaug() - ENCLS[EAUG]: add a pending page to an initialized enclave
 * @epc:	the EPC
 * @encl:	the enclave (PAGEINFO.SECS)
 * @pi:		PAGEINFO: @pi->linaddr; @pi->srcpge and @pi->secinfo NULL
 * @page:	EPC index of the free page to use
 * @f:		fault details (may be NULL)
 *
 * The page is zeroed and becomes PT_REG, RW, PENDING: the enclave must
 * EACCEPT (or EACCEPTCOPY) it before use.  No ETRACK is needed.
 *
 * Return: 0, SGX2_SIM_GP (misaligned address, source or SECINFO given,
 * enclave not initialized, address outside ELRANGE), SGX2_SIM_PF (@page
 * outside the EPC or VALID, SECS not valid), or an injected outcome.
 */
int sgx2_sim_eaug(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		  const struct sgx2_sim_pageinfo *pi, u32 page,
		  struct sgx2_sim_fault *f)
{
	struct sgx2_sim_epcm *e;
	int ret;

	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EAUG, f);
	if (ret)
		return ret;

	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, true);
	if (!sim_aligned(pi->linaddr, SGX2_SIM_PAGE_SIZE))
		return sim_gp(f);
	if (pi->srcpge || pi->secinfo)
		return sim_gp(f);
	if (encl->secs >= epc->nr_pages)
		return sim_pf_range(f, encl->secs, true);
	e = sim_epcm(epc, page);
	if (sim_valid(e))
		return sim_pf_epcm(f, page, true);
	if (!sim_secs_ok(epc, encl))
		return sim_pf_epcm(f, encl->secs, true);
	if (!(encl->flags & SGX2_SIM_ENCL_INIT))
		return sim_gp(f);
	if (!sim_in_elrange(encl, pi->linaddr))
		return sim_gp(f);

	memset(sim_page(epc, page), 0, SGX2_SIM_PAGE_SIZE);
	*e = (struct sgx2_sim_epcm) {
		.enclave_address = pi->linaddr,
		.secs = encl->secs,
		.pt = SGX2_PAGE_TYPE_REG,
		.flags = SGX2_SIM_EPCM_VALID | SGX2_SIM_EPCM_R |
			 SGX2_SIM_EPCM_W | SGX2_SIM_EPCM_PENDING,
	};
	encl->children++;
	return 0;
}

/**
 * sgx2_sim_emodpr() - ENCLS[EMODPR]: restrict a page's EPCM permissions
 * @epc:	the EPC
 * @encl:	the enclave owning the page
 * @secinfo:	64-byte SECINFO whose R/W/X bits mask the permissions
 * @page:	EPC index of the page
 * @f:		fault details (may be NULL)
 *
 * Sets PR (even when nothing is restricted) and stamps the page with the
 * current ETRACK epoch: EACCEPT needs a later ETRACK to have completed.
 *
 * Return: 0, SGX2_PAGE_NOT_MODIFIABLE (PENDING or MODIFIED), SGX2_SIM_GP
 * (misaligned or bad SECINFO, W without R, enclave not initialized),
 * SGX2_SIM_PF (@page outside the EPC, invalid, not PT_REG - e.g. accepted
 * PT_TRIM), an injected outcome (e.g. SGX2_EPC_PAGE_CONFLICT), or -EINVAL
 * when @page is a VALID page of another enclave.
 */
int sgx2_sim_emodpr(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    const void *secinfo, u32 page, struct sgx2_sim_fault *f)
{
	struct sgx2_sim_epcm *e;
	u64 sflags;
	int ret;

	if (sim_foreign(epc, encl, page))
		return -EINVAL;
	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EMODPR, f);
	if (ret)
		return ret;

	if (!sim_ptr_aligned(secinfo, 64))
		return sim_gp(f);
	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, true);
	if (!secinfo)
		return sim_pf(f, 0, 0);
	sflags = sim_get64(secinfo, 0);
	if (!sim_secinfo_reserved_ok(secinfo) ||
	    ((sflags & SGX2_SECINFO_W) && !(sflags & SGX2_SECINFO_R)))
		return sim_gp(f);
	e = sim_epcm(epc, page);
	if (!sim_valid(e))
		return sim_pf_epcm(f, page, true);
	if (e->flags & (SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED))
		return SGX2_PAGE_NOT_MODIFIABLE;
	if (e->pt != SGX2_PAGE_TYPE_REG)
		return sim_pf_epcm(f, page, true);
	if (!(encl->flags & SGX2_SIM_ENCL_INIT))
		return sim_gp(f);

	e->flags |= SGX2_SIM_EPCM_PR;
	e->flags &= ~(SGX2_SIM_EPCM_RWX & ~(u16)(sflags & SGX2_SIM_EPCM_RWX));
	e->mod_epoch = encl->etrack_epoch;
	return 0;
}

/**
 * sgx2_sim_emodt() - ENCLS[EMODT]: change a page's type to TCS or TRIM
 * @epc:	the EPC
 * @encl:	the enclave owning the page
 * @secinfo:	64-byte SECINFO with the new page type
 * @page:	EPC index of the page
 * @f:		fault details (may be NULL)
 *
 * Sets MODIFIED, clears PR and all permissions, and stamps the page with
 * the current ETRACK epoch.  PT_REG may become PT_TCS or PT_TRIM, PT_TCS
 * only PT_TRIM.
 *
 * Return: 0, SGX2_PAGE_NOT_MODIFIABLE (PENDING or MODIFIED), SGX2_SIM_GP
 * (misaligned or bad SECINFO, new type neither TCS nor TRIM, enclave not
 * initialized), SGX2_SIM_PF (@page outside the EPC, invalid, or of a type
 * that cannot change so), an injected outcome, or -EINVAL when @page is a
 * VALID page of another enclave.
 */
int sgx2_sim_emodt(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		   const void *secinfo, u32 page, struct sgx2_sim_fault *f)
{
	struct sgx2_sim_epcm *e;
	u8 pt;
	int ret;

	if (sim_foreign(epc, encl, page))
		return -EINVAL;
	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EMODT, f);
	if (ret)
		return ret;

	if (!sim_ptr_aligned(secinfo, 64))
		return sim_gp(f);
	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, true);
	if (!secinfo)
		return sim_pf(f, 0, 0);
	pt = sim_secinfo_pt(sim_get64(secinfo, 0));
	if (!sim_secinfo_reserved_ok(secinfo) ||
	    (pt != SGX2_PAGE_TYPE_TCS && pt != SGX2_PAGE_TYPE_TRIM))
		return sim_gp(f);
	e = sim_epcm(epc, page);
	if (!sim_valid(e))
		return sim_pf_epcm(f, page, true);
	if (!(e->pt == SGX2_PAGE_TYPE_REG ||
	      (e->pt == SGX2_PAGE_TYPE_TCS && pt == SGX2_PAGE_TYPE_TRIM)))
		return sim_pf_epcm(f, page, true);
	if (e->flags & (SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED))
		return SGX2_PAGE_NOT_MODIFIABLE;
	if (!(encl->flags & SGX2_SIM_ENCL_INIT))
		return sim_gp(f);

	e->flags &= ~(SGX2_SIM_EPCM_PR | SGX2_SIM_EPCM_RWX);
	e->flags |= SGX2_SIM_EPCM_MODIFIED;
	e->pt = pt;
	e->mod_epoch = encl->etrack_epoch;
	return 0;
}

/* SGX_TCS_LIMIT (ambiguity 23): the end of the TCS fields. */
#define SIM_TCS_LIMIT	SGX2_SIM_TCS_RESERVED

/*
 * The checks EDBGRD and EDBGWR share, in their pseudocode's order, up to
 * the TCS offset check; @write selects EDBGWR's (only the FLAGS quadword
 * of a TCS) and the W bit of a #PF.  Return: 0 to go on, or the outcome.
 */
static int sim_dbg_check(struct sgx2_sim_epc *epc,
			 const struct sgx2_sim_encl *encl, u32 page,
			 u32 offset, bool write, struct sgx2_sim_fault *f)
{
	const struct sgx2_sim_epcm *e;

	if (offset >= SGX2_SIM_PAGE_SIZE || sim_foreign(epc, encl, page))
		return -EINVAL;
	if (!sim_aligned(offset, 8))
		return sim_gp(f);
	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, write);
	e = sim_epcm(epc, page);
	if (!sim_valid(e))
		return sim_pf_epcm(f, page, write);
	if (e->pt != SGX2_PAGE_TYPE_REG && e->pt != SGX2_PAGE_TYPE_TCS)
		return sim_pf_epcm(f, page, write);
	if (e->flags & (SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED))
		return SGX2_PAGE_NOT_DEBUGGABLE;
	if (e->pt == SGX2_PAGE_TYPE_TCS &&
	    (write ? offset != SGX2_SIM_TCS_FLAGS : offset >= SIM_TCS_LIMIT))
		return sim_gp(f);
	if (!(encl->attributes & SGX2_SIM_ATTR_DEBUG))
		return sim_gp(f);
	return 0;
}

/**
 * sgx2_sim_edbgrd() - ENCLS[EDBGRD]: read a quadword of a debug enclave
 * @epc:	the EPC
 * @encl:	the enclave owning the page
 * @page:	EPC index of the page
 * @offset:	byte offset of the quadword in the page (RCX & FFFH)
 * @data:	receives the quadword (RBX) on success
 * @f:		fault details (may be NULL)
 *
 * The EPCM permissions are ignored; a TCS can be read up to SGX_TCS_LIMIT.
 * Not counted in the enclave's statistics (ambiguity 23).
 *
 * Return: 0, SGX2_PAGE_NOT_DEBUGGABLE (PENDING or MODIFIED), SGX2_SIM_GP
 * (@offset not 8-byte aligned, beyond SGX_TCS_LIMIT in a TCS, enclave not
 * DEBUG), SGX2_SIM_PF (@page outside the EPC, invalid, neither PT_REG nor
 * PT_TCS), or -EINVAL when @offset is not inside a page or @page is a
 * VALID page of another enclave.
 */
int sgx2_sim_edbgrd(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    u32 page, u32 offset, u64 *data, struct sgx2_sim_fault *f)
{
	int ret = sim_dbg_check(epc, encl, page, offset, false, f);

	if (ret)
		return ret;
	*data = sim_get64(sim_page(epc, page), offset);
	return 0;
}

/**
 * sgx2_sim_edbgwr() - ENCLS[EDBGWR]: write a quadword of a debug enclave
 * @epc:	the EPC
 * @encl:	the enclave owning the page
 * @page:	EPC index of the page
 * @offset:	byte offset of the quadword in the page (RCX & FFFH)
 * @data:	the quadword to write (RBX)
 * @f:		fault details (may be NULL)
 *
 * The EPCM permissions are ignored; of a TCS only FLAGS can be written.
 * Not counted in the enclave's statistics (ambiguity 23).
 *
 * Return: 0, SGX2_PAGE_NOT_DEBUGGABLE (PENDING or MODIFIED), SGX2_SIM_GP
 * (@offset not 8-byte aligned, not TCS.FLAGS in a TCS, enclave not
 * DEBUG), SGX2_SIM_PF (@page outside the EPC, invalid, neither PT_REG nor
 * PT_TCS), or -EINVAL when @offset is not inside a page or @page is a
 * VALID page of another enclave.
 */
int sgx2_sim_edbgwr(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    u32 page, u32 offset, u64 data, struct sgx2_sim_fault *f)
{
	int ret = sim_dbg_check(epc, encl, page, offset, true, f);

	if (ret)
		return ret;
	sim_put(sim_page(epc, page), offset, 8, data);
	return 0;
}

/* ---- paging: EPA, EBLOCK, EWB, ELDU, ELDB ----------------------------- */

/*
 * Evicted pages are sealed with keys derived from the host's secret
 * (struct sgx2_sim_secret) by SHA-256, the only primitive the model has:
 *
 *   header	= version (8) || LINADDR (8) || EID (8), little-endian
 *   keystream	= SHA-256(key || "EWB-ENC\0" || header || block index (8)),
 *		  one 32-byte block per 32 bytes of the page
 *   MAC	= SHA-256(key || "EWB-MAC\0" || header || PCMD[0..112) ||
 *		  sealed contents), first 16 bytes
 *
 * The version is per enclave and never 0; EWB stores it in the VA slot and
 * ELDU reads it back from there, so a page written out earlier (a replay),
 * a page of another enclave or address, a changed PCMD or changed contents
 * all fail the MAC compare.  The SDM's AES-GCM is not modelled: the seal
 * keeps the contents from the host's eyes and detects tampering, nothing
 * more is claimed for it.
 */
#define SIM_PCMD_ATTRS	(SGX2_SIM_EPCM_RWX | SGX2_SIM_EPCM_PENDING | \
			 SGX2_SIM_EPCM_MODIFIED | SGX2_SIM_EPCM_PR)

static void sim_seal_begin(const struct sgx2_sim_secret *secret,
			   struct sgx2_sim_sha256 *h, const char tag[8],
			   const u8 header[24])
{
	sgx2_sim_sha256_init(h);
	sgx2_sim_sha256_update(h, secret->key, sizeof(secret->key));
	sgx2_sim_sha256_update(h, tag, 8);
	sgx2_sim_sha256_update(h, header, 24);
}

/* @out = @in XOR the keystream of @header (encrypts and decrypts). */
static void sim_seal_xor(const struct sgx2_sim_secret *secret,
			 const u8 header[24], const u8 *in, u8 *out)
{
	struct sgx2_sim_sha256 h;
	u8 ks[32], ctr[8];
	u32 i, j;

	for (i = 0; i < SGX2_SIM_PAGE_SIZE / 32; i++) {
		sim_seal_begin(secret, &h, "EWB-ENC", header);
		sim_put(ctr, 0, 8, i);
		sgx2_sim_sha256_update(&h, ctr, sizeof(ctr));
		sgx2_sim_sha256_final(&h, ks);
		for (j = 0; j < 32; j++)
			out[i * 32 + j] = in[i * 32 + j] ^ ks[j];
	}
}

static void sim_seal_mac(const struct sgx2_sim_secret *secret,
			 const u8 header[24], const u8 *pcmd,
			 const u8 *sealed, u8 mac[SGX2_SIM_PCMD_MAC_SIZE])
{
	struct sgx2_sim_sha256 h;
	u8 digest[32];

	sim_seal_begin(secret, &h, "EWB-MAC", header);
	sgx2_sim_sha256_update(&h, pcmd, SGX2_SIM_PCMD_MAC);
	sgx2_sim_sha256_update(&h, sealed, SGX2_SIM_PAGE_SIZE);
	sgx2_sim_sha256_final(&h, digest);
	memcpy(mac, digest, SGX2_SIM_PCMD_MAC_SIZE);
}

static void sim_seal_header(u8 header[24], u64 version, u64 linaddr, u64 eid)
{
	sim_put(header, 0, 8, version);
	sim_put(header, 8, 8, linaddr);
	sim_put(header, 16, 8, eid);
}

/* A page type EBLOCK, EWB and ELDU treat as an enclave's child page. */
static bool sim_pt_child(u8 pt)
{
	return pt == SGX2_PAGE_TYPE_REG || pt == SGX2_PAGE_TYPE_TCS ||
	       pt == SGX2_PAGE_TYPE_TRIM;
}

/* Has an ETRACK executed after the page was blocked completed? */
static bool sim_block_tracked(const struct sgx2_sim_encl *encl,
			      const struct sgx2_sim_epcm *e)
{
	u64 done = encl->etrack_epoch - (sgx2_sim_tracking_open(encl) ? 1 : 0);

	return done > e->mod_epoch;
}

/* The VA page operand of EWB/ELDU: a VALID PT_VA page. */
static bool sim_va_ok(struct sgx2_sim_epc *epc, u32 va)
{
	const struct sgx2_sim_epcm *v = sim_epcm(epc, va);

	return sim_valid(v) && v->pt == SGX2_PAGE_TYPE_VA;
}

/**
 * sgx2_sim_epa() - ENCLS[EPA]: make a free EPC page a version array
 * @epc:	the EPC
 * @pt:		RBX, which must be PT_VA
 * @page:	EPC index of the page (RCX)
 * @f:		fault details (may be NULL)
 *
 * A VA page belongs to no enclave: its EPCM entry names itself as its
 * SECS (EREMOVE takes it with any struct sgx2_sim_encl whose @secs is the
 * page).  Not counted in any enclave's statistics.
 *
 * Return: 0, SGX2_SIM_GP (@pt is not PT_VA), SGX2_SIM_PF (@page outside
 * the EPC or VALID).
 */
int sgx2_sim_epa(struct sgx2_sim_epc *epc, u64 pt, u32 page,
		 struct sgx2_sim_fault *f)
{
	if (pt != SGX2_PAGE_TYPE_VA)
		return sim_gp(f);
	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, true);
	if (sim_valid(sim_epcm(epc, page)))
		return sim_pf_epcm(f, page, true);
	memset(sim_page(epc, page), 0, SGX2_SIM_PAGE_SIZE);
	*sim_epcm(epc, page) = (struct sgx2_sim_epcm) {
		.secs = page,
		.pt = SGX2_PAGE_TYPE_VA,
		.flags = SGX2_SIM_EPCM_VALID,
	};
	return 0;
}

/**
 * sgx2_sim_eblock() - ENCLS[EBLOCK]: block a page for eviction
 * @epc:	the EPC
 * @encl:	the enclave owning the page; may be NULL when the page is
 *		invalid, a SECS or a VA page (the checks before ownership)
 * @page:	EPC index of the page (RCX)
 * @f:		fault details (may be NULL)
 *
 * Records the enclave's ETRACK count: EWB needs an ETRACK executed after
 * this one to have completed.  Not counted in the enclave's statistics.
 *
 * Return: 0, SGX2_SIM_PG_INVLD (ZF=1), SGX2_PG_IS_SECS,
 * SGX2_SIM_NOTBLOCKABLE (a VA page), SGX2_SIM_BLKSTATE (already blocked)
 * (these three with CF=1), SGX2_SIM_PF (@page outside the EPC), or -EINVAL
 * when @encl is NULL or does not own the page.
 */
int sgx2_sim_eblock(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    u32 page, struct sgx2_sim_fault *f)
{
	struct sgx2_sim_epcm *e;

	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, true);
	e = sim_epcm(epc, page);
	if (!sim_valid(e))
		return SGX2_SIM_PG_INVLD;
	if (!sim_pt_child(e->pt))
		return e->pt == SGX2_PAGE_TYPE_SECS ? SGX2_PG_IS_SECS :
						       SGX2_SIM_NOTBLOCKABLE;
	if (!encl || sim_foreign(epc, encl, page))
		return -EINVAL;
	if (e->flags & SGX2_SIM_EPCM_BLOCKED)
		return SGX2_SIM_BLKSTATE;
	e->flags |= SGX2_SIM_EPCM_BLOCKED;
	e->mod_epoch = encl->etrack_epoch;
	return 0;
}

/**
 * sgx2_sim_ewb() - ENCLS[EWB]: evict a page, sealed, to regular memory
 * @epc:	the EPC (with a secret)
 * @encl:	the enclave owning the page, or whose SECS it is
 * @page:	EPC index of the page (RCX)
 * @va:		EPC index of the VA page (RDX & ~FFFH)
 * @slot:	byte offset of the version slot in @va (RDX & FFFH)
 * @contents:	receives the sealed 4 KiB (PAGEINFO.SRCPGE)
 * @pcmd:	receives the 128-byte PCMD (PAGEINFO.PCMD)
 * @f:		fault details (may be NULL)
 *
 * A child page must be BLOCKED, with an ETRACK executed after EBLOCK
 * completed; a SECS must have no children.  The PCMD gets the page's
 * SECINFO (type and EPCM attributes), ENCLAVEID (SECS.EID; 0 for a SECS)
 * and the MAC; the slot gets the version.  An occupied slot is a warning:
 * the page is evicted and the old version overwritten.  Evicting a SECS
 * leaves @encl SGX2_SIM_ENCL_EVICTED: the caller keeps it for ELDU.
 * Evicting a VA page is not modelled.  Not counted in the statistics.
 *
 * Return: 0, SGX2_SIM_VA_SLOT_OCCUPIED (CF=1, evicted), and with nothing
 * changed: SGX2_SIM_PAGE_NOT_BLOCKED, SGX2_NOT_TRACKED, SGX2_CHILD_PRESENT,
 * SGX2_SIM_GP (@page and @va the same page; @page a VA page),
 * SGX2_SIM_PF (@page outside the EPC or invalid; @va outside the EPC or not
 * a VA page), or -EINVAL (no secret, bad @slot, NULL buffer, @encl not the
 * page's enclave).
 */
int sgx2_sim_ewb(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		 u32 page, u32 va, u32 slot, void *contents, void *pcmd,
		 struct sgx2_sim_fault *f)
{
	struct sgx2_sim_epcm *e;
	u8 header[24];
	u8 *vslot, *out = pcmd;
	u64 version, flags;
	bool occupied;

	if (!epc->secret || !contents || !pcmd ||
	    slot >= SGX2_SIM_PAGE_SIZE || !sim_aligned(slot, SGX2_SIM_VA_SLOT_SIZE))
		return -EINVAL;
	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, true);
	if (va >= epc->nr_pages)
		return sim_pf_range(f, va, true);
	if (page == va)
		return sim_gp(f);
	e = sim_epcm(epc, page);
	if (!sim_valid(e))
		return sim_pf_epcm(f, page, true);
	if (!sim_va_ok(epc, va))
		return sim_pf_epcm(f, va, true);
	if (e->pt == SGX2_PAGE_TYPE_VA)
		return sim_gp(f);
	if (sim_foreign(epc, encl, page) || !sim_secs_ok(epc, encl))
		return -EINVAL;

	if (sim_pt_child(e->pt)) {
		if (!(e->flags & SGX2_SIM_EPCM_BLOCKED))
			return SGX2_SIM_PAGE_NOT_BLOCKED;
		if (!sim_block_tracked(encl, e))
			return SGX2_NOT_TRACKED;
	} else if (encl->children) {
		return SGX2_CHILD_PRESENT;
	}

	version = ++encl->versions;
	memset(out, 0, SGX2_SIM_PCMD_SIZE);
	flags = ((u64)e->pt << SGX2_SECINFO_PAGE_TYPE_SHIFT) |
		(e->flags & SIM_PCMD_ATTRS);
	sim_put(out, SGX2_SIM_PCMD_SECINFO, 8, flags);
	if (e->pt != SGX2_PAGE_TYPE_SECS)
		sim_put(out, SGX2_SIM_PCMD_ENCLAVEID, 8, encl->eid);
	sim_seal_header(header, version, e->enclave_address, encl->eid);
	sim_seal_xor(epc->secret, header, sim_page(epc, page), contents);
	sim_seal_mac(epc->secret, header, out, contents,
		     out + SGX2_SIM_PCMD_MAC);

	vslot = sim_page(epc, va) + slot;
	occupied = sim_get64(vslot, 0) != 0;
	sim_put(vslot, 0, 8, version);

	if (e->pt == SGX2_PAGE_TYPE_SECS) {
		encl->flags &= ~SGX2_SIM_ENCL_CREATED;
		encl->flags |= SGX2_SIM_ENCL_EVICTED;
	} else {
		encl->children--;
	}
	memset(e, 0, sizeof(*e));
	return occupied ? SGX2_SIM_VA_SLOT_OCCUPIED : 0;
}

/**
 * sgx2_sim_eld() - ENCLS[ELDU] and ENCLS[ELDB]: load an evicted page back
 * @epc:	the EPC (with a secret)
 * @encl:	the enclave (PAGEINFO.SECS); for a SECS (PAGEINFO.SECS 0) the
 *		SGX2_SIM_ENCL_EVICTED enclave the caller kept since EWB
 * @pi:		PAGEINFO: @linaddr, @srcpge (the sealed contents) and
 *		@secinfo (the PCMD)
 * @page:	EPC index of the free page to load into (RCX)
 * @va:		EPC index of the VA page (RDX & ~FFFH)
 * @slot:	byte offset of the version slot in @va (RDX & FFFH)
 * @blocked:	ELDB: the page comes back BLOCKED (not a SECS)
 * @f:		fault details (may be NULL)
 *
 * The MAC is computed over the version now in the slot: a page evicted
 * earlier (replayed), of another enclave or address, or with its contents
 * or PCMD changed, fails with SGX2_SIM_MAC_COMPARE_FAIL and nothing
 * changes.  On success the slot is cleared.  Not counted in the statistics.
 *
 * Return: 0, SGX2_SIM_MAC_COMPARE_FAIL, SGX2_SIM_GP (misaligned buffers or
 * LINADDR; SECINFO reserved bits or a type other than REG, TCS, TRIM and
 * SECS; a SECS PCMD with an enclave not evicted, a child PCMD with an
 * evicted one; @page and @va the same), SGX2_SIM_PF (@page outside the EPC
 * or VALID; @va outside the EPC or not a VA page; the enclave's SECS not
 * in the EPC, reported on @encl->secs), or -EINVAL (no secret, bad @slot,
 * NULL buffer).
 */
int sgx2_sim_eld(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		 const struct sgx2_sim_pageinfo *pi, u32 page, u32 va, u32 slot,
		 bool blocked, struct sgx2_sim_fault *f)
{
	const u8 *pcmd = pi->secinfo;
	struct sgx2_sim_epcm *e;
	u8 header[24], mac[SGX2_SIM_PCMD_MAC_SIZE], diff = 0;
	u64 version, flags, linaddr;
	u8 *vslot, pt;
	u32 i;

	if (!epc->secret || !pi->srcpge || !pcmd ||
	    slot >= SGX2_SIM_PAGE_SIZE || !sim_aligned(slot, SGX2_SIM_VA_SLOT_SIZE))
		return -EINVAL;
	if (!sim_ptr_aligned(pi->srcpge, SGX2_SIM_PAGE_SIZE) ||
	    !sim_ptr_aligned(pcmd, SGX2_SIM_PCMD_SIZE))
		return sim_gp(f);
	if (page >= epc->nr_pages)
		return sim_pf_range(f, page, true);
	if (va >= epc->nr_pages)
		return sim_pf_range(f, va, true);
	if (page == va)
		return sim_gp(f);
	e = sim_epcm(epc, page);
	if (sim_valid(e))
		return sim_pf_epcm(f, page, true);
	if (!sim_va_ok(epc, va))
		return sim_pf_epcm(f, va, true);

	flags = sim_get64(pcmd, SGX2_SIM_PCMD_SECINFO);
	pt = sim_secinfo_pt(flags);
	if (!sim_secinfo_reserved_ok(pcmd))
		return sim_gp(f);
	if (pt == SGX2_PAGE_TYPE_SECS) {
		if (!(encl->flags & SGX2_SIM_ENCL_EVICTED) || pi->linaddr)
			return sim_gp(f);
		linaddr = 0;
	} else if (sim_pt_child(pt)) {
		if (encl->flags & SGX2_SIM_ENCL_EVICTED)
			return sim_gp(f);
		if (!sim_aligned(pi->linaddr, SGX2_SIM_PAGE_SIZE))
			return sim_gp(f);
		if (!sim_secs_ok(epc, encl))
			return sim_pf_epcm(f, encl->secs, false);
		linaddr = pi->linaddr;
	} else {
		return sim_gp(f);
	}

	vslot = sim_page(epc, va) + slot;
	version = sim_get64(vslot, 0);
	sim_seal_header(header, version, linaddr, encl->eid);
	sim_seal_mac(epc->secret, header, pcmd, pi->srcpge, mac);
	for (i = 0; i < SGX2_SIM_PCMD_MAC_SIZE; i++)
		diff |= mac[i] ^ pcmd[SGX2_SIM_PCMD_MAC + i];
	if (diff || !version)
		return SGX2_SIM_MAC_COMPARE_FAIL;

	sim_seal_xor(epc->secret, header, pi->srcpge, sim_page(epc, page));
	sim_put(vslot, 0, 8, 0);
	if (pt == SGX2_PAGE_TYPE_SECS) {
		*e = (struct sgx2_sim_epcm) {
			.secs = page,
			.pt = SGX2_PAGE_TYPE_SECS,
			.flags = SGX2_SIM_EPCM_VALID,
		};
		encl->secs = page;
		encl->flags &= ~SGX2_SIM_ENCL_EVICTED;
		encl->flags |= SGX2_SIM_ENCL_CREATED;
		return 0;
	}
	*e = (struct sgx2_sim_epcm) {
		.enclave_address = linaddr,
		/* ELDB: EWB needs a new ETRACK; changes were tracked by EWB. */
		.mod_epoch = blocked ? encl->etrack_epoch : 0,
		.secs = encl->secs,
		.pt = pt,
		.flags = (u16)(SGX2_SIM_EPCM_VALID | (flags & SIM_PCMD_ATTRS) |
			       (blocked ? SGX2_SIM_EPCM_BLOCKED : 0)),
	};
	encl->children++;
	return 0;
}
