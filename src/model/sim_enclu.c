// SPDX-License-Identifier: GPL-2.0
/*
 * sim_enclu.c - the ENCLU leaves of the SGX2 model (EENTER, ERESUME, EEXIT,
 * EACCEPT, EACCEPTCOPY, EMODPE) and the asynchronous enclave exit (AEX).
 *
 * Operands are enclave linear addresses, resolved with sgx2_sim_ops.lookup.
 * Each function lists its checks in the order of the leaf's SDM pseudocode,
 * preceded by ENCLU's own mode checks; see sim_model.c for the model's
 * conventions and the SDM ambiguities.
 * Pure: compiled into the module and into the Check tests.
 */
#include "sim_priv.h"

/* #PF error codes of ENCLU operands: user access, read or write. */
#define SIM_PF_U_R	SGX2_SIM_PF_U
#define SIM_PF_U_W	(SGX2_SIM_PF_U | SGX2_SIM_PF_W)

static bool sim_in_elrange(const struct sgx2_sim_encl *encl, u64 la)
{
	return la >= encl->base && la - encl->base < encl->size;
}

/* The EPC page mapped at @la (any offset), or false: nothing mapped. */
static bool sim_resolve(struct sgx2_sim_epc *epc,
			const struct sgx2_sim_encl *encl, u64 la, u32 *idx)
{
	return !epc->ops->lookup(epc->ctx, encl, la & SGX2_SIM_PAGE_MASK, idx) &&
	       *idx < epc->nr_pages;
}

/* An ENCLU that needs enclave mode, issued by a thread of another enclave. */
static bool sim_wrong_encl(const struct sgx2_sim_encl *encl,
			   const struct sgx2_sim_lp *lp)
{
	return lp->inside && lp->secs != encl->secs;
}

/*
 * The checks EACCEPT, EACCEPTCOPY and EMODPE make on the page holding their
 * SECINFO: a readable, settled PT_REG page of this enclave at that address
 * (ambiguity 2: the page address is compared).
 */
static bool sim_secinfo_page_ok(const struct sgx2_sim_epcm *e,
				const struct sgx2_sim_encl *encl, u64 la)
{
	u16 need = SGX2_SIM_EPCM_VALID | SGX2_SIM_EPCM_R;
	u16 bad = SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED |
		  SGX2_SIM_EPCM_BLOCKED;

	return (e->flags & need) == need && !(e->flags & bad) &&
	       e->pt == SGX2_PAGE_TYPE_REG && e->secs == encl->secs &&
	       e->enclave_address == (la & SGX2_SIM_PAGE_MASK);
}

/* One page of the SSA frame or the GPRSGX page: a settled RW PT_REG page. */
static int sim_check_ssa_page(struct sgx2_sim_epc *epc,
			      const struct sgx2_sim_encl *encl, u64 la,
			      u32 *idx, struct sgx2_sim_fault *f)
{
	const struct sgx2_sim_epcm *e;

	if (!sim_resolve(epc, encl, la, idx))
		return sim_pf(f, la, SIM_PF_U_W);
	e = sim_epcm(epc, *idx);
	if (!sim_valid(e) || (e->flags & SGX2_SIM_EPCM_BLOCKED) ||
	    (e->flags & (SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED)))
		return sim_pf(f, la, SIM_PF_EPCM | SIM_PF_U_W);
	if (e->enclave_address != (la & SGX2_SIM_PAGE_MASK) ||
	    e->pt != SGX2_PAGE_TYPE_REG || e->secs != encl->secs ||
	    !(e->flags & SGX2_SIM_EPCM_R) || !(e->flags & SGX2_SIM_EPCM_W))
		return sim_pf(f, la, SIM_PF_EPCM | SIM_PF_U_W);
	return 0;
}

/* An SSA frame EENTER or ERESUME checked, and the EPC pages it uses. */
struct sim_frame {
	u64 ssa_la;	/* the frame, its XSAVE area first */
	u32 ssa_epc;
	u64 gpr_la;	/* its GPRSGX area */
	u32 gpr_epc;
};

/*
 * The SSA frame at @ssa: the pages of its XSAVE area (ambiguity 11), then
 * the page of its GPRSGX area.  @fr gets the addresses and the EPC pages
 * that AEX will write (CR_XSAVE_PAGE_0 and CR_GPR_PA).
 */
static int sim_check_ssa_frame(struct sgx2_sim_epc *epc,
			       const struct sgx2_sim_encl *encl, u64 ssa,
			       struct sim_frame *fr, struct sgx2_sim_fault *f)
{
	u64 xsize = sgx2_sim_xsave_size(encl->xfrm);
	u64 pages = (xsize + SGX2_SIM_PAGE_SIZE - 1) >> 12;
	u64 i;
	u32 idx;
	int ret;

	for (i = 0; i < pages; i++) {
		ret = sim_check_ssa_page(epc, encl, ssa + (i << 12), &idx, f);
		if (ret)
			return ret;
		if (!i)
			fr->ssa_epc = idx;
	}
	fr->ssa_la = ssa;
	fr->gpr_la = ssa + (u64)encl->ssaframesize * SGX2_SIM_PAGE_SIZE -
		     SGX2_SIM_SSA_GPR_SIZE;
	return sim_check_ssa_page(epc, encl, fr->gpr_la, &fr->gpr_epc, f);
}

/* The TCS checks EENTER and ERESUME share, after the EPCM ones. */
static int sim_check_tcs_fields(const u8 *tcs, struct sgx2_sim_fault *f)
{
	u64 ofs = sim_get64(tcs, SGX2_SIM_TCS_OFSBASE);
	u64 ogs = sim_get64(tcs, SGX2_SIM_TCS_OGSBASE);

	if (!sim_aligned(sim_get64(tcs, SGX2_SIM_TCS_OSSA), SGX2_SIM_PAGE_SIZE))
		return sim_gp(f);
	if (!sim_aligned(ofs, SGX2_SIM_PAGE_SIZE) ||
	    !sim_aligned(ogs, SGX2_SIM_PAGE_SIZE))
		return sim_gp(f);
	return 0;
}

/* The enclave checks EENTER and ERESUME share: flags, INIT, mode. */
static int sim_check_entry_encl(const struct sgx2_sim_encl *encl,
				const u8 *tcs, struct sgx2_sim_fault *f)
{
	if (sim_get64(tcs, SGX2_SIM_TCS_FLAGS) & ~SGX2_SIM_TCS_DBGOPTIN)
		return sim_gp(f);
	if (!(encl->flags & SGX2_SIM_ENCL_INIT))
		return sim_gp(f);
	/* Ambiguity 22: the logical processor is in 64-bit mode. */
	if (!(encl->attributes & SGX2_SIM_ATTR_MODE64BIT))
		return sim_gp(f);
	return 0;
}

/* Common tail of EENTER and ERESUME: the thread is now inside. */
static void sim_lp_enter(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
			 struct sgx2_sim_lp *lp, u32 tcs, u64 tcs_la, u64 aep,
			 const struct sim_frame *fr)
{
	sim_epcm(epc, tcs)->flags |= SGX2_SIM_EPCM_BUSY;
	lp->inside = true;
	lp->tcs = tcs;
	lp->secs = encl->secs;
	lp->tcs_la = tcs_la;
	lp->aep = aep;
	lp->gpr_la = fr->gpr_la;
	lp->gpr_epc = fr->gpr_epc;
	lp->ssa_la = fr->ssa_la;
	lp->ssa_epc = fr->ssa_epc;
	lp->entry_epoch = encl->etrack_epoch;
	encl->lps_inside++;
}

/*
 * The TCS entry the thread entered through, if it is still a VALID page of
 * the enclave at the same address (ambiguity 16), else NULL.
 */
static struct sgx2_sim_epcm *sim_lp_tcs(struct sgx2_sim_epc *epc,
					const struct sgx2_sim_lp *lp)
{
	struct sgx2_sim_epcm *e;

	if (lp->tcs >= epc->nr_pages)
		return NULL;
	e = sim_epcm(epc, lp->tcs);
	if (!sim_valid(e) || e->secs != lp->secs ||
	    e->enclave_address != lp->tcs_la)
		return NULL;
	return e;
}

/*
 * The thread leaves (EEXIT or AEX).  If it entered before the open tracking
 * cycle's ETRACK, the cycle waits for one thread less.
 */
static void sim_lp_leave(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
			 struct sgx2_sim_lp *lp)
{
	struct sgx2_sim_epcm *tcs = sim_lp_tcs(epc, lp);

	if (tcs)
		tcs->flags &= ~SGX2_SIM_EPCM_BUSY;
	encl->lps_inside--;
	if (encl->trk_outstanding && lp->entry_epoch < encl->etrack_epoch)
		encl->trk_outstanding--;
	memset(lp, 0, sizeof(*lp));
}

/*
 * The TCS at @la for EENTER/ERESUME: aligned, mapped, AEP canonical.  The
 * EPCM checks follow in each leaf's own order.
 */
static int sim_entry_tcs(struct sgx2_sim_epc *epc,
			 const struct sgx2_sim_encl *encl, u64 la, u64 aep,
			 u32 *idx, struct sgx2_sim_fault *f)
{
	if (!sim_aligned(la, SGX2_SIM_PAGE_SIZE))
		return sim_gp(f);
	if (!sim_resolve(epc, encl, la, idx))
		return sim_pf(f, la, SIM_PF_U_R);
	if (!sim_canonical(aep))
		return sim_gp(f);
	return 0;
}

/**
 * sgx2_sim_eenter() - ENCLU[EENTER]: enter the enclave through a TCS
 * @epc:	the EPC
 * @encl:	the enclave
 * @lp:		the entering thread, outside any enclave
 * @regs:	in: RBX the TCS, RCX the AEP, RIP the ENCLU, RSP/RBP saved to
 *		the SSA; out on success: RAX = TCS.CSSA, RCX = the address
 *		after ENCLU, RIP = BASEADDR + TCS.OENTRY
 * @f:		fault details (may be NULL)
 *
 * Return: 0, SGX2_SIM_GP (thread inside an enclave, misaligned TCS or TCS
 * field, non-canonical AEP, FS/GS base or entry point, reserved TCS.FLAGS,
 * enclave not initialized or not 64-bit, CSSA >= NSSA, TCS busy),
 * SGX2_SIM_PF (TCS not mapped or not a settled TCS, current SSA frame not
 * settled RW PT_REG pages), an injected outcome, or -EINVAL when the TCS
 * found belongs to another enclave.
 */
int sgx2_sim_eenter(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    struct sgx2_sim_lp *lp, struct sgx2_sim_regs *regs,
		    struct sgx2_sim_fault *f)
{
	u64 tcs_la = regs->rbx;
	struct sgx2_sim_epcm *e;
	struct sim_frame fr;
	u64 ossa, target;
	u32 idx, cssa, nssa;
	u8 *tcs, *gva;
	int ret;

	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EENTER, f);
	if (ret)
		return ret;
	if (lp->inside)
		return sim_gp(f);

	ret = sim_entry_tcs(epc, encl, tcs_la, regs->rcx, &idx, f);
	if (ret)
		return ret;
	e = sim_epcm(epc, idx);
	if (!sim_valid(e))
		return sim_pf(f, tcs_la, SIM_PF_EPCM | SIM_PF_U_R);
	if (e->flags & SGX2_SIM_EPCM_BLOCKED)
		return sim_pf(f, tcs_la, SIM_PF_EPCM | SIM_PF_U_R);
	if (e->enclave_address != tcs_la || e->pt != SGX2_PAGE_TYPE_TCS)
		return sim_pf(f, tcs_la, SIM_PF_EPCM | SIM_PF_U_R);
	if (e->flags & (SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED))
		return sim_pf(f, tcs_la, SIM_PF_EPCM | SIM_PF_U_R);
	if (e->secs != encl->secs)
		return -EINVAL;

	tcs = sim_page(epc, idx);
	ret = sim_check_tcs_fields(tcs, f);
	if (ret)
		return ret;
	if (!sim_canonical(sim_get64(tcs, SGX2_SIM_TCS_OFSBASE) + encl->base) ||
	    !sim_canonical(sim_get64(tcs, SGX2_SIM_TCS_OGSBASE) + encl->base))
		return sim_gp(f);
	ret = sim_check_entry_encl(encl, tcs, f);
	if (ret)
		return ret;
	cssa = sim_get32(tcs, SGX2_SIM_TCS_CSSA);
	nssa = sim_get32(tcs, SGX2_SIM_TCS_NSSA);
	if (cssa >= nssa)
		return sim_gp(f);
	ossa = sim_get64(tcs, SGX2_SIM_TCS_OSSA);
	ret = sim_check_ssa_frame(epc, encl, encl->base + ossa +
				  (u64)encl->ssaframesize * cssa * SGX2_SIM_PAGE_SIZE,
				  &fr, f);
	if (ret)
		return ret;
	target = encl->base + sim_get64(tcs, SGX2_SIM_TCS_OENTRY);
	if (!sim_canonical(target))
		return sim_gp(f);
	if (e->flags & SGX2_SIM_EPCM_BUSY)
		return sim_gp(f);

	sim_lp_enter(epc, encl, lp, idx, tcs_la, regs->rcx, &fr);
	/* Save the outside RSP and RBP in the SSA frame's GPRSGX area. */
	gva = sim_page(epc, fr.gpr_epc) + (fr.gpr_la & ~SGX2_SIM_PAGE_MASK);
	sim_put(gva, offsetof(struct sgx2_sim_ssa_gpr, ursp), 8, regs->rsp);
	sim_put(gva, offsetof(struct sgx2_sim_ssa_gpr, urbp), 8, regs->rbp);
	regs->rax = cssa;
	regs->rcx = regs->rip + 3;
	regs->rip = target;
	return 0;
}

/* ERESUME's checks from the TCS fields on; returns the target RIP too. */
static int sim_eresume_check(struct sgx2_sim_epc *epc,
			     const struct sgx2_sim_encl *encl, const u8 *tcs,
			     struct sim_frame *fr, u64 *target,
			     struct sgx2_sim_fault *f)
{
	u32 cssa = sim_get32(tcs, SGX2_SIM_TCS_CSSA);
	u64 ssa;
	u8 *gva;
	int ret;

	ret = sim_check_tcs_fields(tcs, f);
	if (ret)
		return ret;
	ret = sim_check_entry_encl(encl, tcs, f);
	if (ret)
		return ret;
	if (!cssa)
		return sim_gp(f);
	ssa = encl->base + sim_get64(tcs, SGX2_SIM_TCS_OSSA) +
	      (u64)encl->ssaframesize * (cssa - 1) * SGX2_SIM_PAGE_SIZE;
	ret = sim_check_ssa_frame(epc, encl, ssa, fr, f);
	if (ret)
		return ret;
	gva = sim_page(epc, fr->gpr_epc) + (fr->gpr_la & ~SGX2_SIM_PAGE_MASK);
	*target = sim_get64(gva, offsetof(struct sgx2_sim_ssa_gpr, rip));
	if (!sim_canonical(*target))
		return sim_gp(f);
	if (!sim_canonical(sim_get64(gva, offsetof(struct sgx2_sim_ssa_gpr, fsbase))) ||
	    !sim_canonical(sim_get64(gva, offsetof(struct sgx2_sim_ssa_gpr, gsbase))))
		return sim_gp(f);
	return 0;
}

/**
 * sgx2_sim_eresume() - ENCLU[ERESUME]: re-enter after an AEX
 * @epc:	the EPC
 * @encl:	the enclave
 * @lp:		the entering thread, outside any enclave
 * @regs:	in: RBX the TCS, RCX the AEP; out on success: RAX, RCX,
 *		RDX, RBX, RSP, RBP and RIP from the SSA frame's GPRSGX area
 * @gpr:	if not NULL, receives the whole GPRSGX area
 * @f:		fault details (may be NULL)
 *
 * Pops the SSA frame that the last AEX pushed (TCS.CSSA - 1).
 *
 * Return: 0, SGX2_SIM_GP (as EENTER, plus CSSA = 0 and a non-canonical
 * saved RIP, FS or GS base), SGX2_SIM_PF (as EENTER, for the frame at
 * CSSA - 1), an injected outcome, or -EINVAL when the TCS found belongs to
 * another enclave.
 */
int sgx2_sim_eresume(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     struct sgx2_sim_lp *lp, struct sgx2_sim_regs *regs,
		     struct sgx2_sim_ssa_gpr *gpr, struct sgx2_sim_fault *f)
{
	u64 tcs_la = regs->rbx, aep = regs->rcx;
	struct sgx2_sim_ssa_gpr saved;
	struct sgx2_sim_epcm *e;
	struct sim_frame fr;
	u64 target;
	u32 idx;
	u8 *tcs;
	int ret;

	ret = sim_leaf_begin(epc, encl, SGX2_STAT_ERESUME, f);
	if (ret)
		return ret;
	if (lp->inside)
		return sim_gp(f);

	ret = sim_entry_tcs(epc, encl, tcs_la, aep, &idx, f);
	if (ret)
		return ret;
	e = sim_epcm(epc, idx);
	/* Unlike EENTER, PENDING/MODIFIED come before address and type. */
	if (!sim_valid(e))
		return sim_pf(f, tcs_la, SIM_PF_EPCM | SIM_PF_U_R);
	if (e->flags & SGX2_SIM_EPCM_BLOCKED)
		return sim_pf(f, tcs_la, SIM_PF_EPCM | SIM_PF_U_R);
	if (e->flags & (SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED))
		return sim_pf(f, tcs_la, SIM_PF_EPCM | SIM_PF_U_R);
	if (e->enclave_address != tcs_la || e->pt != SGX2_PAGE_TYPE_TCS)
		return sim_pf(f, tcs_la, SIM_PF_EPCM | SIM_PF_U_R);
	if (e->secs != encl->secs)
		return -EINVAL;

	tcs = sim_page(epc, idx);
	ret = sim_eresume_check(epc, encl, tcs, &fr, &target, f);
	if (ret)
		return ret;
	if (e->flags & SGX2_SIM_EPCM_BUSY)
		return sim_gp(f);

	sim_put(tcs, SGX2_SIM_TCS_CSSA, 4, sim_get32(tcs, SGX2_SIM_TCS_CSSA) - 1);
	sim_lp_enter(epc, encl, lp, idx, tcs_la, aep, &fr);
	memcpy(&saved, sim_page(epc, fr.gpr_epc) +
	       (fr.gpr_la & ~SGX2_SIM_PAGE_MASK), sizeof(saved));
	regs->rax = saved.gpr[0];
	regs->rcx = saved.gpr[1];
	regs->rdx = saved.gpr[2];
	regs->rbx = saved.gpr[3];
	regs->rsp = saved.gpr[4];
	regs->rbp = saved.gpr[5];
	regs->rip = target;
	if (gpr)
		*gpr = saved;
	return 0;
}

/**
 * sgx2_sim_eexit() - ENCLU[EEXIT]: leave the enclave
 * @epc:	the EPC
 * @encl:	the enclave the thread is in
 * @lp:		the thread
 * @regs:	in: RBX the target; out on success: RIP = RBX, RCX = AEP
 * @f:		fault details (may be NULL)
 *
 * A target inside ELRANGE is allowed (ambiguity 17).
 *
 * Return: 0, SGX2_SIM_GP (thread not inside, target not canonical), an
 * injected outcome, or -EINVAL when the thread is in another enclave.
 */
int sgx2_sim_eexit(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		   struct sgx2_sim_lp *lp, struct sgx2_sim_regs *regs,
		   struct sgx2_sim_fault *f)
{
	u64 aep = lp->aep;
	int ret;

	if (sim_wrong_encl(encl, lp))
		return -EINVAL;
	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EEXIT, f);
	if (ret)
		return ret;
	if (!lp->inside)
		return sim_gp(f);
	if (!sim_canonical(regs->rbx))
		return sim_gp(f);

	sim_lp_leave(epc, encl, lp);
	regs->rip = regs->rbx;
	regs->rcx = aep;
	return 0;
}

/* EACCEPT: is the combination of PT, PENDING, MODIFIED and PR legal? */
static bool sim_eaccept_request_ok(u64 sflags)
{
	u8 pt = sim_secinfo_pt(sflags);
	bool pr = sflags & SGX2_SECINFO_PR;
	bool pending = sflags & SGX2_SECINFO_PENDING;
	bool modified = sflags & SGX2_SECINFO_MODIFIED;

	if (pt == SGX2_PAGE_TYPE_REG)
		return (pr || pending) && !modified;
	if (pt == SGX2_PAGE_TYPE_TCS || pt == SGX2_PAGE_TYPE_TRIM)
		return !pr && !pending && modified;
	return false;
}

/* EACCEPT of a TCS: the new TCS must be ready to be entered. */
static int sim_eaccept_tcs(const struct sgx2_sim_encl *encl, const u8 *tcs,
			   struct sgx2_sim_fault *f)
{
	if (!sim_zero(tcs, SGX2_SIM_TCS_RESERVED,
		      SGX2_SIM_PAGE_SIZE - SGX2_SIM_TCS_RESERVED))
		return sim_gp(f);
	/* Ambiguity 3: these apply to the TCS case only. */
	if ((sim_get64(tcs, SGX2_SIM_TCS_FLAGS) & SGX2_SIM_TCS_DBGOPTIN) ||
	    sim_get32(tcs, SGX2_SIM_TCS_CSSA) >= sim_get32(tcs, SGX2_SIM_TCS_NSSA) ||
	    sim_get64(tcs, SGX2_SIM_TCS_AEP) || sim_get64(tcs, SGX2_SIM_TCS_STATE))
		return sim_gp(f);
	if (!(encl->attributes & SGX2_SIM_ATTR_MODE64BIT) &&
	    ((sim_get32(tcs, SGX2_SIM_TCS_FSLIMIT) & 0xfff) != 0xfff ||
	     (sim_get32(tcs, SGX2_SIM_TCS_GSLIMIT) & 0xfff) != 0xfff))
		return sim_gp(f);
	return 0;
}

/*
 * The SECINFO operand of EACCEPT, EACCEPTCOPY, EMODPE at @la, whose page
 * @idx is resolved: its page must pass the EPCM checks (#PF), then its
 * reserved fields must be clear (#GP).  Returns its contents in @si.
 */
static int sim_read_secinfo(struct sgx2_sim_epc *epc,
			    const struct sgx2_sim_encl *encl, u64 la, u32 idx,
			    const u8 **si, struct sgx2_sim_fault *f)
{
	if (!sim_secinfo_page_ok(sim_epcm(epc, idx), encl, la))
		return sim_pf(f, la, SIM_PF_EPCM | SIM_PF_U_R);
	*si = sim_page(epc, idx) + (la & ~SGX2_SIM_PAGE_MASK);
	if (!sim_secinfo_reserved_ok(*si))
		return sim_gp(f);
	return 0;
}

/**
 * sgx2_sim_eaccept() - ENCLU[EACCEPT]: confirm a change made by EAUG,
 *			EMODPR or EMODT
 * @epc:	the EPC
 * @encl:	the enclave the thread is in
 * @lp:		the thread
 * @secinfo:	linear address of the expected attributes (RBX)
 * @page:	linear address of the page (RCX)
 * @f:		fault details (may be NULL)
 *
 * Clears PENDING, MODIFIED and PR when the SECINFO matches the EPCM and,
 * for EMODPR/EMODT changes, tracking has completed.
 *
 * Return: 0, SGX2_PAGE_ATTRIBUTES_MISMATCH, SGX2_NOT_TRACKED, SGX2_SIM_GP
 * (thread not inside, misalignment, operand outside ELRANGE, SECINFO
 * reserved bits, illegal request, bad TCS), SGX2_SIM_PF (operand not
 * mapped, SECINFO page or target failing its EPCM checks), an injected
 * outcome, or -EINVAL when the thread is in another enclave.
 */
int sgx2_sim_eaccept(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     struct sgx2_sim_lp *lp, u64 secinfo, u64 page,
		     struct sgx2_sim_fault *f)
{
	struct sgx2_sim_epcm *e;
	const u8 *si;
	u32 sidx, idx;
	u64 sflags;
	u8 pt;
	int ret;

	if (sim_wrong_encl(encl, lp))
		return -EINVAL;
	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EACCEPT, f);
	if (ret)
		return ret;
	if (!lp->inside)
		return sim_gp(f);

	if (!sim_aligned(secinfo, 64))
		return sim_gp(f);
	if (!sim_in_elrange(encl, secinfo))
		return sim_gp(f);
	if (!sim_resolve(epc, encl, secinfo, &sidx))
		return sim_pf(f, secinfo, SIM_PF_U_R);
	ret = sim_read_secinfo(epc, encl, secinfo, sidx, &si, f);
	if (ret)
		return ret;
	sflags = sim_get64(si, 0);
	pt = sim_secinfo_pt(sflags);
	if (!sim_aligned(page, SGX2_SIM_PAGE_SIZE))
		return sim_gp(f);
	if (!sim_in_elrange(encl, page))
		return sim_gp(f);
	if (!sim_resolve(epc, encl, page, &idx))
		return sim_pf(f, page, SIM_PF_U_R);
	if (!sim_eaccept_request_ok(sflags))
		return sim_gp(f);
	e = sim_epcm(epc, idx);
	if (!sim_valid(e) || (e->flags & SGX2_SIM_EPCM_BLOCKED) ||
	    (e->pt != SGX2_PAGE_TYPE_REG && e->pt != SGX2_PAGE_TYPE_TCS &&
	     e->pt != SGX2_PAGE_TYPE_TRIM) || e->secs != encl->secs)
		return sim_pf(f, page, SIM_PF_EPCM | SIM_PF_U_R);
	/* PR is not compared: SECINFO.PR only makes the request legal. */
	if (e->enclave_address != page || e->pt != pt ||
	    (e->flags & SIM_ATTR_MASK) != (sflags & SIM_ATTR_MASK))
		return SGX2_PAGE_ATTRIBUTES_MISMATCH;
	/* Ambiguity 9: EAUG'd (PENDING) pages need no tracking. */
	if (!(e->flags & SGX2_SIM_EPCM_PENDING) &&
	    !sgx2_sim_page_tracked(encl, e))
		return SGX2_NOT_TRACKED;
	if (pt == SGX2_PAGE_TYPE_TCS) {
		ret = sim_eaccept_tcs(encl, sim_page(epc, idx), f);
		if (ret)
			return ret;
	}

	e->flags &= ~(SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED |
		      SGX2_SIM_EPCM_PR);
	return 0;
}

/* EACCEPTCOPY's checks of its source and destination pages. */
static int sim_eacceptcopy_pages(const struct sgx2_sim_encl *encl,
				 const struct sgx2_sim_epcm *d, u64 dst,
				 const struct sgx2_sim_epcm *s, u64 src,
				 struct sgx2_sim_fault *f)
{
	u16 settled = SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED |
		      SGX2_SIM_EPCM_BLOCKED;

	/* Ambiguity 4: the source's R, the destination's BLOCKED. */
	if (!sim_valid(s) || !(s->flags & SGX2_SIM_EPCM_R) ||
	    (s->flags & settled) || s->pt != SGX2_PAGE_TYPE_REG ||
	    s->secs != encl->secs || s->enclave_address != src)
		return sim_pf(f, src, SIM_PF_EPCM | SIM_PF_U_R);
	if (!sim_valid(d) || !(d->flags & SGX2_SIM_EPCM_PENDING) ||
	    (d->flags & (SGX2_SIM_EPCM_MODIFIED | SGX2_SIM_EPCM_BLOCKED)) ||
	    d->pt != SGX2_PAGE_TYPE_REG || d->secs != encl->secs)
		return SGX2_PAGE_ATTRIBUTES_MISMATCH;
	/* Re-check: still exactly as EAUG left it, at this address. */
	if ((d->flags & SGX2_SIM_EPCM_RWX) !=
	    (SGX2_SIM_EPCM_R | SGX2_SIM_EPCM_W) || d->enclave_address != dst)
		return SGX2_PAGE_ATTRIBUTES_MISMATCH;
	return 0;
}

/**
 * sgx2_sim_eacceptcopy() - ENCLU[EACCEPTCOPY]: fill a pending page and
 *			    accept it with the given permissions
 * @epc:	the EPC
 * @encl:	the enclave the thread is in
 * @lp:		the thread
 * @secinfo:	linear address of the SECINFO with the new permissions (RBX)
 * @dst:	linear address of the pending page (RCX)
 * @src:	linear address of the page to copy (RDX)
 * @f:		fault details (may be NULL)
 *
 * Copies 4 KiB, sets R/W/X from SECINFO and clears PENDING: the only way a
 * dynamically added page becomes executable.
 *
 * Return: 0, SGX2_PAGE_ATTRIBUTES_MISMATCH (destination not as EAUG left
 * it), SGX2_SIM_GP (thread not inside, misalignment, operand outside
 * ELRANGE, bad SECINFO), SGX2_SIM_PF (operand not mapped, SECINFO page or
 * source failing its EPCM checks), an injected outcome, or -EINVAL when
 * the thread is in another enclave.
 */
int sgx2_sim_eacceptcopy(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
			 struct sgx2_sim_lp *lp, u64 secinfo, u64 dst, u64 src,
			 struct sgx2_sim_fault *f)
{
	u32 sidx, didx, ridx;
	struct sgx2_sim_epcm *d;
	const u8 *si;
	u64 sflags;
	int ret;

	if (sim_wrong_encl(encl, lp))
		return -EINVAL;
	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EACCEPTCOPY, f);
	if (ret)
		return ret;
	if (!lp->inside)
		return sim_gp(f);

	if (!sim_aligned(secinfo, 64))
		return sim_gp(f);
	if (!sim_aligned(dst, SGX2_SIM_PAGE_SIZE) ||
	    !sim_aligned(src, SGX2_SIM_PAGE_SIZE))
		return sim_gp(f);
	if (!sim_in_elrange(encl, secinfo) || !sim_in_elrange(encl, dst) ||
	    !sim_in_elrange(encl, src))
		return sim_gp(f);
	if (!sim_resolve(epc, encl, secinfo, &sidx))
		return sim_pf(f, secinfo, SIM_PF_U_R);
	if (!sim_resolve(epc, encl, dst, &didx))
		return sim_pf(f, dst, SIM_PF_U_W);
	if (!sim_resolve(epc, encl, src, &ridx))
		return sim_pf(f, src, SIM_PF_U_R);
	ret = sim_read_secinfo(epc, encl, secinfo, sidx, &si, f);
	if (ret)
		return ret;
	sflags = sim_get64(si, 0);
	if (((sflags & SGX2_SECINFO_W) && !(sflags & SGX2_SECINFO_R)) ||
	    sim_secinfo_pt(sflags) != SGX2_PAGE_TYPE_REG)
		return sim_gp(f);
	d = sim_epcm(epc, didx);
	ret = sim_eacceptcopy_pages(encl, d, dst, sim_epcm(epc, ridx), src, f);
	if (ret)
		return ret;

	memcpy(sim_page(epc, didx), sim_page(epc, ridx), SGX2_SIM_PAGE_SIZE);
	d->flags &= ~(SGX2_SIM_EPCM_RWX | SGX2_SIM_EPCM_PENDING);
	d->flags |= sflags & SGX2_SIM_EPCM_RWX;
	return 0;
}

/**
 * sgx2_sim_emodpe() - ENCLU[EMODPE]: extend a page's EPCM permissions
 * @epc:	the EPC
 * @encl:	the enclave the thread is in
 * @lp:		the thread
 * @secinfo:	linear address of the SECINFO whose R/W/X bits are added (RBX)
 * @page:	linear address of the page (RCX)
 * @f:		fault details (may be NULL)
 *
 * Needs no tracking: extending permissions cannot leave a stale TLB entry
 * that grants more than the EPCM.
 *
 * Return: 0, SGX2_SIM_GP (thread not inside, misalignment, operand outside
 * ELRANGE, SECINFO reserved bits, W without R on an unreadable page),
 * SGX2_SIM_PF (operand not mapped, SECINFO page or target failing its EPCM
 * checks), an injected outcome, or -EINVAL when the thread is in another
 * enclave.
 */
int sgx2_sim_emodpe(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    struct sgx2_sim_lp *lp, u64 secinfo, u64 page,
		    struct sgx2_sim_fault *f)
{
	u16 bad = SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED |
		  SGX2_SIM_EPCM_BLOCKED;
	struct sgx2_sim_epcm *e;
	const u8 *si;
	u32 sidx, idx;
	u64 sflags;
	int ret;

	if (sim_wrong_encl(encl, lp))
		return -EINVAL;
	ret = sim_leaf_begin(epc, encl, SGX2_STAT_EMODPE, f);
	if (ret)
		return ret;
	if (!lp->inside)
		return sim_gp(f);

	if (!sim_aligned(secinfo, 64))
		return sim_gp(f);
	if (!sim_aligned(page, SGX2_SIM_PAGE_SIZE))
		return sim_gp(f);
	if (!sim_in_elrange(encl, secinfo) || !sim_in_elrange(encl, page))
		return sim_gp(f);
	if (!sim_resolve(epc, encl, secinfo, &sidx))
		return sim_pf(f, secinfo, SIM_PF_U_R);
	if (!sim_resolve(epc, encl, page, &idx))
		return sim_pf(f, page, SIM_PF_U_R);
	ret = sim_read_secinfo(epc, encl, secinfo, sidx, &si, f);
	if (ret)
		return ret;
	sflags = sim_get64(si, 0);
	e = sim_epcm(epc, idx);
	if (!sim_valid(e) || (e->flags & bad) || e->pt != SGX2_PAGE_TYPE_REG ||
	    e->secs != encl->secs)
		return sim_pf(f, page, SIM_PF_EPCM | SIM_PF_U_R);
	if (e->enclave_address != page)
		return sim_pf(f, page, SIM_PF_EPCM | SIM_PF_U_R);
	if (!(e->flags & SGX2_SIM_EPCM_R) && !(sflags & SGX2_SECINFO_R) &&
	    (sflags & SGX2_SECINFO_W))
		return sim_gp(f);

	e->flags |= sflags & SGX2_SIM_EPCM_RWX;
	return 0;
}

/* ---- EREPORT and EGETKEY ----------------------------------------------- */

/*
 * Keys are SHA-256(secret || "EGETKEY\0" || derivation data), first 16
 * bytes; the derivation data starts with KEYNAME.  The REPORT MAC is
 * SHA-256(report key || REPORT[0..384)), first 16 bytes (the SDM's AES
 * CMAC is not modelled).  CPUSVN is 0; the KEYID that EREPORT puts in a
 * REPORT is derived from the secret, so it is fixed per boot.
 */
#define SIM_DERIV_MAX	256

struct sim_deriv {
	u8 buf[SIM_DERIV_MAX];
	u32 len;
};

static void sim_deriv_put(struct sim_deriv *d, const void *p, u32 len)
{
	if (d->len + len <= SIM_DERIV_MAX) {
		if (p)
			memcpy(d->buf + d->len, p, len);
		else
			memset(d->buf + d->len, 0, len);
	}
	d->len += len;
}

static void sim_derive(const struct sgx2_sim_secret *secret,
		       const struct sim_deriv *d, u8 key[16])
{
	struct sgx2_sim_sha256 h;
	u8 digest[32];

	sgx2_sim_sha256_init(&h);
	sgx2_sim_sha256_update(&h, secret->key, sizeof(secret->key));
	sgx2_sim_sha256_update(&h, "EGETKEY", 8);
	sgx2_sim_sha256_update(&h, d->buf, d->len);
	sgx2_sim_sha256_final(&h, digest);
	memcpy(key, digest, 16);
}

/* The REPORT key of the enclave these identity fields describe. */
static void sim_report_key(const struct sgx2_sim_secret *secret,
			   const u8 *mrenclave, const u8 *attributes,
			   const u8 *miscselect, const u8 *configid,
			   const u8 *configsvn, const u8 *keyid, u8 key[16])
{
	struct sim_deriv d = { .len = 0 };
	u8 name[2] = { SGX2_SIM_KEY_REPORT, 0 };

	sim_deriv_put(&d, name, 2);
	sim_deriv_put(&d, mrenclave, 32);
	sim_deriv_put(&d, attributes, 16);
	sim_deriv_put(&d, miscselect, 4);
	sim_deriv_put(&d, configid, 64);
	sim_deriv_put(&d, configsvn, 2);
	sim_deriv_put(&d, keyid, 32);
	sim_deriv_put(&d, NULL, 16);		/* CPUSVN */
	sim_derive(secret, &d, key);
}

static void sim_report_keyid(const struct sgx2_sim_secret *secret,
			     u8 keyid[32])
{
	struct sgx2_sim_sha256 h;

	sgx2_sim_sha256_init(&h);
	sgx2_sim_sha256_update(&h, secret->key, sizeof(secret->key));
	sgx2_sim_sha256_update(&h, "KEYID\0\0", 8);
	sgx2_sim_sha256_final(&h, keyid);
}

/*
 * An enclave-memory operand of EREPORT/EGETKEY at @la (@len bytes, aligned
 * so that they stay in one page): a settled PT_REG page of this enclave at
 * that address, readable, and writable when @write.
 */
static int sim_encl_buf(struct sgx2_sim_epc *epc,
			const struct sgx2_sim_encl *encl, u64 la, bool write,
			u8 **p, struct sgx2_sim_fault *f)
{
	u16 bad = SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED |
		  SGX2_SIM_EPCM_BLOCKED;
	u32 ec = write ? SIM_PF_U_W : SIM_PF_U_R;
	struct sgx2_sim_epcm *e;
	u32 idx;

	if (!sim_resolve(epc, encl, la, &idx))
		return sim_pf(f, la, ec);
	e = sim_epcm(epc, idx);
	if (!sim_valid(e) || (e->flags & bad) || e->pt != SGX2_PAGE_TYPE_REG ||
	    e->secs != encl->secs ||
	    e->enclave_address != (la & SGX2_SIM_PAGE_MASK) ||
	    !(e->flags & SGX2_SIM_EPCM_R) ||
	    (write && !(e->flags & SGX2_SIM_EPCM_W)))
		return sim_pf(f, la, SIM_PF_EPCM | ec);
	*p = sim_page(epc, idx) + (la & ~SGX2_SIM_PAGE_MASK);
	return 0;
}

/**
 * sgx2_sim_ereport() - ENCLU[EREPORT]: a REPORT for another enclave
 * @epc:	the EPC (with a secret)
 * @encl:	the enclave the thread is in
 * @lp:		the thread
 * @targetinfo:	linear address of the TARGETINFO (RBX)
 * @reportdata:	linear address of the 64-byte REPORTDATA (RCX)
 * @out:	linear address of the REPORT to write (RDX)
 * @f:		fault details (may be NULL)
 *
 * The REPORT carries this enclave's identity from its SECS (MRENCLAVE,
 * MRSIGNER, ATTRIBUTES and XFRM, MISCSELECT, ISVPRODID, ISVSVN, CONFIGID,
 * CONFIGSVN), CPUSVN 0, REPORTDATA, KEYID, and a MAC with the target's
 * REPORT key, which the target gets from EGETKEY.  Not counted in the
 * statistics.
 *
 * Return: 0, SGX2_SIM_GP (thread not inside, misalignment, an operand
 * outside ELRANGE), SGX2_SIM_PF (an operand not mapped or failing its EPCM
 * checks: readable, and writable for @out), or -EINVAL (the thread is in
 * another enclave, no secret).
 */
int sgx2_sim_ereport(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     struct sgx2_sim_lp *lp, u64 targetinfo, u64 reportdata,
		     u64 out, struct sgx2_sim_fault *f)
{
	u8 report[SGX2_SIM_REPORT_SIZE], key[16], digest[32];
	struct sgx2_sim_sha256 h;
	u8 *ti, *rd, *dst, *secs;
	int ret;

	if (sim_wrong_encl(encl, lp) || !epc->secret)
		return -EINVAL;
	if (!lp->inside)
		return sim_gp(f);
	if (!sim_aligned(targetinfo, 512) || !sim_aligned(reportdata, 128) ||
	    !sim_aligned(out, 512))
		return sim_gp(f);
	if (!sim_in_elrange(encl, targetinfo) ||
	    !sim_in_elrange(encl, reportdata) || !sim_in_elrange(encl, out))
		return sim_gp(f);
	ret = sim_encl_buf(epc, encl, targetinfo, false, &ti, f);
	if (!ret)
		ret = sim_encl_buf(epc, encl, reportdata, false, &rd, f);
	if (!ret)
		ret = sim_encl_buf(epc, encl, out, true, &dst, f);
	if (ret)
		return ret;

	secs = sim_page(epc, encl->secs);
	memset(report, 0, sizeof(report));
	memcpy(report + SGX2_SIM_REPORT_MISCSELECT,
	       secs + SGX2_SIM_SECS_MISCSELECT, 4);
	memcpy(report + SGX2_SIM_REPORT_ATTRIBUTES,
	       secs + SGX2_SIM_SECS_ATTRIBUTES, 16);
	memcpy(report + SGX2_SIM_REPORT_MRENCLAVE,
	       secs + SGX2_SIM_SECS_MRENCLAVE, 32);
	memcpy(report + SGX2_SIM_REPORT_MRSIGNER,
	       secs + SGX2_SIM_SECS_MRSIGNER, 32);
	memcpy(report + SGX2_SIM_REPORT_CONFIGID,
	       secs + SGX2_SIM_SECS_CONFIGID, 64);
	memcpy(report + SGX2_SIM_REPORT_ISVPRODID,
	       secs + SGX2_SIM_SECS_ISVPRODID, 2);
	memcpy(report + SGX2_SIM_REPORT_ISVSVN, secs + SGX2_SIM_SECS_ISVSVN, 2);
	memcpy(report + SGX2_SIM_REPORT_CONFIGSVN,
	       secs + SGX2_SIM_SECS_CONFIGSVN, 2);
	memcpy(report + SGX2_SIM_REPORT_DATA, rd, 64);
	sim_report_keyid(epc->secret, report + SGX2_SIM_REPORT_KEYID);

	sim_report_key(epc->secret, ti + SGX2_SIM_TI_MEASUREMENT,
		       ti + SGX2_SIM_TI_ATTRIBUTES, ti + SGX2_SIM_TI_MISCSELECT,
		       ti + SGX2_SIM_TI_CONFIGID, ti + SGX2_SIM_TI_CONFIGSVN,
		       report + SGX2_SIM_REPORT_KEYID, key);
	sgx2_sim_sha256_init(&h);
	sgx2_sim_sha256_update(&h, key, sizeof(key));
	sgx2_sim_sha256_update(&h, report, SGX2_SIM_REPORT_BODY);
	sgx2_sim_sha256_final(&h, digest);
	memcpy(report + SGX2_SIM_REPORT_MAC, digest, 16);
	memcpy(dst, report, sizeof(report));
	return 0;
}

/* Is the requested 16-byte CPUSVN @a above the model's, which is 0? */
static bool sim_cpusvn_above(const u8 *a)
{
	return !sim_zero(a, 0, 16);
}

/**
 * sgx2_sim_egetkey() - ENCLU[EGETKEY]: a 128-bit key for this enclave
 * @epc:	the EPC (with a secret)
 * @encl:	the enclave the thread is in
 * @lp:		the thread
 * @keyrequest:	linear address of the KEYREQUEST (RBX)
 * @out:	linear address of the 16-byte key to write (RCX)
 * @f:		fault details (may be NULL)
 *
 * REPORT_KEY: the key EREPORT MACs REPORTs for this enclave with (this
 * enclave's MRENCLAVE, ATTRIBUTES, MISCSELECT, CONFIGID, CONFIGSVN and the
 * request's KEYID).  SEAL_KEY: bound to MRENCLAVE and/or MRSIGNER as
 * KEYPOLICY asks, ISVPRODID, the requested ISVSVN, CPUSVN and CONFIGSVN,
 * ATTRIBUTES and MISCSELECT under the request's masks and KEYID.
 * PROVISION_KEY and PROVISION_SEAL_KEY need ATTRIBUTES.PROVISIONKEY,
 * EINITTOKEN_KEY needs ATTRIBUTES.EINITTOKEN_KEY; they are bound to
 * MRSIGNER, ISVPRODID and the SVNs.  Not counted in the statistics.
 *
 * Return: 0, SGX2_SIM_INVALID_KEYNAME, SGX2_INVALID_ATTRIBUTE,
 * SGX2_SIM_INVALID_CPUSVN, SGX2_SIM_INVALID_ISVSVN (with RAX, ZF=1),
 * SGX2_SIM_GP (thread not inside, misalignment, operand outside ELRANGE,
 * reserved KEYREQUEST bits), SGX2_SIM_PF (an operand not mapped or
 * failing its EPCM checks), or -EINVAL (thread in another enclave, no
 * secret).
 */
int sgx2_sim_egetkey(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     struct sgx2_sim_lp *lp, u64 keyrequest, u64 out,
		     struct sgx2_sim_fault *f)
{
	struct sim_deriv d = { .len = 0 };
	u8 *kr, *dst, *secs, attr[16], misc[4], key[16];
	u32 name, policy, i;
	int ret;

	if (sim_wrong_encl(encl, lp) || !epc->secret)
		return -EINVAL;
	if (!lp->inside)
		return sim_gp(f);
	if (!sim_aligned(keyrequest, 512) || !sim_aligned(out, 16))
		return sim_gp(f);
	if (!sim_in_elrange(encl, keyrequest) || !sim_in_elrange(encl, out))
		return sim_gp(f);
	ret = sim_encl_buf(epc, encl, keyrequest, false, &kr, f);
	if (!ret)
		ret = sim_encl_buf(epc, encl, out, true, &dst, f);
	if (ret)
		return ret;
	name = (u32)sim_get(kr, SGX2_SIM_KR_KEYNAME, 2);
	policy = (u32)sim_get(kr, SGX2_SIM_KR_KEYPOLICY, 2);
	if ((policy & ~(SGX2_SIM_KEYPOLICY_MRENCLAVE |
			SGX2_SIM_KEYPOLICY_MRSIGNER)) ||
	    !sim_zero(kr, SGX2_SIM_KR_RESERVED,
		      SGX2_SIM_KR_SIZE - SGX2_SIM_KR_RESERVED))
		return sim_gp(f);

	secs = sim_page(epc, encl->secs);
	sim_deriv_put(&d, kr + SGX2_SIM_KR_KEYNAME, 2);
	if (name == SGX2_SIM_KEY_REPORT) {
		sim_report_key(epc->secret, secs + SGX2_SIM_SECS_MRENCLAVE,
			       secs + SGX2_SIM_SECS_ATTRIBUTES,
			       secs + SGX2_SIM_SECS_MISCSELECT,
			       secs + SGX2_SIM_SECS_CONFIGID,
			       secs + SGX2_SIM_SECS_CONFIGSVN,
			       kr + SGX2_SIM_KR_KEYID, key);
		memcpy(dst, key, sizeof(key));
		return 0;
	}
	if (name > SGX2_SIM_KEY_SEAL)
		return SGX2_SIM_INVALID_KEYNAME;
	if ((name == SGX2_SIM_KEY_PROVISION ||
	     name == SGX2_SIM_KEY_PROVISION_SEAL) &&
	    !(encl->attributes & SGX2_SIM_ATTR_PROVISIONKEY))
		return SGX2_INVALID_ATTRIBUTE;
	if (name == SGX2_SIM_KEY_EINITTOKEN &&
	    !(encl->attributes & SGX2_SIM_ATTR_EINITTOKEN_KEY))
		return SGX2_INVALID_ATTRIBUTE;
	if (sim_cpusvn_above(kr + SGX2_SIM_KR_CPUSVN))
		return SGX2_SIM_INVALID_CPUSVN;
	if (sim_get(kr, SGX2_SIM_KR_ISVSVN, 2) >
	    sim_get(secs, SGX2_SIM_SECS_ISVSVN, 2))
		return SGX2_SIM_INVALID_ISVSVN;
	if (sim_get(kr, SGX2_SIM_KR_CONFIGSVN, 2) >
	    sim_get(secs, SGX2_SIM_SECS_CONFIGSVN, 2))
		return SGX2_SIM_INVALID_ISVSVN;

	/* ATTRIBUTES under the mask; INIT and DEBUG always count. */
	for (i = 0; i < 16; i++)
		attr[i] = secs[SGX2_SIM_SECS_ATTRIBUTES + i] &
			  kr[SGX2_SIM_KR_ATTRIBUTEMASK + i];
	attr[0] |= secs[SGX2_SIM_SECS_ATTRIBUTES] &
		   (SGX2_SIM_ATTR_INIT | SGX2_SIM_ATTR_DEBUG);
	for (i = 0; i < 4; i++)
		misc[i] = secs[SGX2_SIM_SECS_MISCSELECT + i] &
			  kr[SGX2_SIM_KR_MISCMASK + i];
	sim_deriv_put(&d, kr + SGX2_SIM_KR_KEYPOLICY, 2);
	sim_deriv_put(&d, name == SGX2_SIM_KEY_SEAL &&
		      (policy & SGX2_SIM_KEYPOLICY_MRENCLAVE) ?
		      secs + SGX2_SIM_SECS_MRENCLAVE : NULL, 32);
	sim_deriv_put(&d, name != SGX2_SIM_KEY_SEAL ||
		      (policy & SGX2_SIM_KEYPOLICY_MRSIGNER) ?
		      secs + SGX2_SIM_SECS_MRSIGNER : NULL, 32);
	sim_deriv_put(&d, secs + SGX2_SIM_SECS_ISVPRODID, 2);
	sim_deriv_put(&d, kr + SGX2_SIM_KR_ISVSVN, 2);
	sim_deriv_put(&d, kr + SGX2_SIM_KR_CONFIGSVN, 2);
	sim_deriv_put(&d, kr + SGX2_SIM_KR_CPUSVN, 16);
	sim_deriv_put(&d, attr, 16);
	sim_deriv_put(&d, misc, 4);
	sim_deriv_put(&d, name == SGX2_SIM_KEY_EINITTOKEN ? NULL :
		      kr + SGX2_SIM_KR_KEYID, 32);
	sim_derive(epc->secret, &d, key);
	memcpy(dst, key, sizeof(key));
	return 0;
}

/**
 * sgx2_sim_enclu() - run the ENCLU leaf named by RAX
 * @epc:	the EPC
 * @encl:	the enclave the leaf concerns
 * @lp:		the thread executing ENCLU
 * @regs:	registers at the ENCLU (RIP: its address); updated as the
 *		leaf leaves them when it does not fault
 * @gpr:	ERESUME only: receives the GPRSGX area (may be NULL)
 * @f:		fault details (may be NULL)
 *
 * EACCEPT and EACCEPTCOPY put their return code in RAX; the leaves that do
 * not transfer control advance RIP past the 3-byte ENCLU.
 *
 * Return: the leaf's outcome, or SGX2_SIM_GP for an undefined leaf.
 * EGETKEY, like EACCEPT, puts its return code in RAX.
 */
int sgx2_sim_enclu(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		   struct sgx2_sim_lp *lp, struct sgx2_sim_regs *regs,
		   struct sgx2_sim_ssa_gpr *gpr, struct sgx2_sim_fault *f)
{
	int ret;

	switch (regs->rax & 0xffffffff) {
	case SGX2_EENTER:
		return sgx2_sim_eenter(epc, encl, lp, regs, f);
	case SGX2_ERESUME:
		return sgx2_sim_eresume(epc, encl, lp, regs, gpr, f);
	case SGX2_EEXIT:
		return sgx2_sim_eexit(epc, encl, lp, regs, f);
	case SGX2_EACCEPT:
		ret = sgx2_sim_eaccept(epc, encl, lp, regs->rbx, regs->rcx, f);
		break;
	case SGX2_EACCEPTCOPY:
		ret = sgx2_sim_eacceptcopy(epc, encl, lp, regs->rbx, regs->rcx,
					   regs->rdx, f);
		break;
	case SGX2_EMODPE:
		ret = sgx2_sim_emodpe(epc, encl, lp, regs->rbx, regs->rcx, f);
		if (!ret)
			regs->rip += 3;
		return ret;
	case SGX2_EREPORT:
		ret = sgx2_sim_ereport(epc, encl, lp, regs->rbx, regs->rcx,
				       regs->rdx, f);
		break;
	case SGX2_EGETKEY:
		ret = sgx2_sim_egetkey(epc, encl, lp, regs->rbx, regs->rcx, f);
		break;
	default:
		return sim_gp(f);
	}
	if (ret < 0 || sgx2_sim_faulted(ret))
		return ret;
	regs->rax = ret;
	regs->rip += 3;
	return ret;
}

/**
 * sgx2_sim_lp_ssa_page() - an EPC page of the SSA frame a thread runs on
 * @epc:	the EPC
 * @lp:		the thread, inside an enclave
 * @gpr:	true: the page of the GPRSGX area (CR_GPR_PA); false: the
 *		frame's first page, where its XSAVE area starts
 *		(CR_XSAVE_PAGE_0)
 * @idx:	out: that page's EPC index
 *
 * These are the pages EENTER or ERESUME checked and resolved: an AEX saves
 * state there whatever the page tables map by then (the kernel unmaps and
 * EBLOCKs pages before the ETRACK whose IPIs cause the AEX), and whatever
 * the EPCM's permissions or BLOCKED bit say.  Only a page that is no
 * longer a VALID page of the enclave at that address is refused
 * (ambiguity 16).
 *
 * Return: 0, or -ENOENT (not inside, or the page is no longer the frame).
 */
int sgx2_sim_lp_ssa_page(const struct sgx2_sim_epc *epc,
			 const struct sgx2_sim_lp *lp, bool gpr, u32 *idx)
{
	u64 la = gpr ? lp->gpr_la : lp->ssa_la;
	u32 i = gpr ? lp->gpr_epc : lp->ssa_epc;
	const struct sgx2_sim_epcm *e;

	if (!lp->inside || i >= epc->nr_pages)
		return -ENOENT;
	e = &epc->epcm[i];
	if (!sim_valid(e) || e->secs != lp->secs ||
	    e->enclave_address != (la & SGX2_SIM_PAGE_MASK))
		return -ENOENT;
	*idx = i;
	return 0;
}

/**
 * sgx2_sim_aex() - asynchronous enclave exit of a thread
 * @epc:	the EPC
 * @encl:	the enclave the thread is in
 * @lp:		the thread (an interrupt, an exception or a tracking IPI
 *		reached it while inside)
 * @gpr:	the interrupted state to save in the current SSA frame's
 *		GPRSGX area (URSP and URBP are kept), or NULL
 * @regs:	out: the synthetic state AEX leaves: RAX = ERESUME, RBX = the
 *		TCS, RCX = RIP = the AEP, RSP/RBP from the SSA's URSP/URBP
 *
 * Pushes an SSA frame (TCS.CSSA + 1) and leaves the enclave, which counts
 * for tracking like EEXIT.  AEX is an event, not an instruction: it cannot
 * fail and is never hit by fault injection.
 *
 * Return: 0, or -EINVAL when @lp is not inside @encl.
 */
int sgx2_sim_aex(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		 struct sgx2_sim_lp *lp, const struct sgx2_sim_ssa_gpr *gpr,
		 struct sgx2_sim_regs *regs)
{
	struct sgx2_sim_epcm *tcs = sim_lp_tcs(epc, lp);
	u64 ursp, urbp;
	u8 *va;
	u32 idx;

	if (!lp->inside || lp->secs != encl->secs)
		return -EINVAL;
	encl->stats[SGX2_STAT_AEX]++;

	regs->rax = SGX2_ERESUME;
	regs->rbx = lp->tcs_la;
	regs->rcx = lp->aep;
	regs->rip = lp->aep;
	/*
	 * The page resolved at entry (CR_GPR_PA), not a walk now: the kernel
	 * may have unmapped and EBLOCKed it since.  Ambiguity 16: save only
	 * into a page that is still the enclave's at that address.
	 */
	if (!sgx2_sim_lp_ssa_page(epc, lp, true, &idx)) {
		va = sim_page(epc, idx) + (lp->gpr_la & ~SGX2_SIM_PAGE_MASK);
		ursp = sim_get64(va, offsetof(struct sgx2_sim_ssa_gpr, ursp));
		urbp = sim_get64(va, offsetof(struct sgx2_sim_ssa_gpr, urbp));
		if (gpr) {
			memcpy(va, gpr, sizeof(*gpr));
			sim_put(va, offsetof(struct sgx2_sim_ssa_gpr, ursp), 8, ursp);
			sim_put(va, offsetof(struct sgx2_sim_ssa_gpr, urbp), 8, urbp);
		}
		regs->rsp = ursp;
		regs->rbp = urbp;
	}
	if (tcs) {
		va = sim_page(epc, lp->tcs);
		sim_put(va, SGX2_SIM_TCS_CSSA, 4,
			sim_get32(va, SGX2_SIM_TCS_CSSA) + 1);
	}
	sim_lp_leave(epc, encl, lp);
	return 0;
}
