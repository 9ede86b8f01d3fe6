// SPDX-License-Identifier: GPL-2.0
/*
 * sim_request.c - one SGX2_IOC_SIM_ENCLU request played against the SGX2
 * model: register translation, AEX synthesis, EAUG-on-fault hand-off and
 * the exception the enclave sees.
 *
 * Pure: compiled into the module and into the Check tests.  The caller
 * holds the enclave lock and has copied the request in.
 *
 * Semantics chosen where the SDM, the vDSO or the UAPI leave room
 * ---------------------------------------------------------------
 *  1. The leaf is req->leaf (EAX at the ENCLU); gpr[RAX] only matters as
 *     the value saved to the SSA when the leaf ends in an AEX.
 *  2. A leaf other than EENTER/ERESUME, and SGX2_SIM_AEX, from a thread
 *     that is not inside an enclave: -EPERM (no hardware outcome: the
 *     runtime and the module disagree on where the thread is).
 *  3. Completion: EENTER writes RAX (CSSA), RCX (return address) and RIP;
 *     ERESUME all sixteen GPRs, RIP and RFLAGS from the SSA frame; EEXIT
 *     RCX (AEP) and RIP; EACCEPT and EACCEPTCOPY RAX (0 or the SGX code)
 *     and RFLAGS (ZF = error, CF/PF/AF/SF/OF cleared); EMODPE only RIP.
 *     Everything else is left as it was.  RFLAGS.TF is not touched on
 *     entry: the runtime cannot single-step the enclave anyway.
 *  4. A leaf that faults inside the enclave is an AEX taken with the
 *     registers at the ENCLU (RIP = its address); a leaf that faults from
 *     outside (EENTER/ERESUME) reports the exception with every register
 *     unchanged and the thread still outside.
 *  5. AEX synthetic state (SDM Vol. 3D, "Synthetic State on Asynchronous
 *     Enclave Exit"): RAX = ERESUME, RBX = TCS, RCX = RIP = AEP, RSP/RBP
 *     from the SSA's URSP/URBP, RDX, RSI, RDI and R8-R15 zero, RFLAGS with
 *     CF, PF, AF, ZF, SF, OF and RF cleared.  x87/SSE/XSAVE state is not
 *     part of a request and is neither saved nor synthesized.
 *  6. A #PF taken in enclave mode reports its address with bits 11:0
 *     cleared (the SDM clears them in CR2); other vectors report address 0
 *     (what the vDSO gets for them).
 *  7. The exception the enclave sees for a host #PF: an EPCM-induced fault
 *     (P | U | the host's W and I/D bits | SGX) when the address is in
 *     ELRANGE, an EPC page is mapped there and its EPCM entry forbids the
 *     access (not VALID, PENDING, MODIFIED, BLOCKED, not PT_REG, another
 *     enclave's or another address's page, or R/W/X missing for a read,
 *     write (W) or fetch (I/D)); otherwise the host's error code as is.
 *     Other vectors pass through with their error code.
 *  8. SSA contents saved by an AEX: GPRs, RIP and RFLAGS as the runtime
 *     gave them; FSBASE/GSBASE = BASEADDR + TCS.OFSBASE/OGSBASE (what
 *     EENTER would have loaded; the sim thread keeps the host's FS/GS);
 *     EXITINFO valid for #DE, #DB, #BP (software exception type), #BR,
 *     #UD, #MF, #AC and #XM, and for #GP and #PF when MISCSELECT.EXINFO
 *     is set, in which case the EXINFO region under GPRSGX also receives
 *     MADDR (full address) and ERRCD.
 *  9. EAUG-on-fault: EACCEPT, EACCEPTCOPY and EMODPE are run, and when the
 *     model answers with a #PF whose error code says "not present"
 *     (nothing mapped at the operand, sim_model.c ambiguity 10) for an
 *     operand inside ELRANGE, the request returns -EAGAIN with that page
 *     in *eaug_addr.  Whichever operand the leaf walks first is reported,
 *     SECINFO included, so checks that come earlier (alignment, ELRANGE)
 *     still win, as on hardware.  The leaf's execution counter and the
 *     fault-injection state are restored: the model is left exactly as it
 *     was, and the retry counts once.  (On hardware the fault is an AEX
 *     and ERESUME around the kernel's EAUG; a caller wanting that effect
 *     on tracking can call sgx2_sim_lp_interrupt().)
 * 10. Validation (-EINVAL): flags and reserved must be 0; exception_*
 *     must be 0 unless leaf is SGX2_SIM_AEX, whose vector must be < 32;
 *     the leaf must be EENTER, ERESUME, EEXIT, EACCEPT, EACCEPTCOPY,
 *     EMODPE or SGX2_SIM_AEX (EREPORT/EGETKEY need the emulator secret,
 *     which the sim backend does not supply).
 *
 * Outcomes the model produces only by fault injection (an SGX code from
 * EENTER, say) complete the instruction: RAX = code, ZF = 1, RIP past it.
 */
#include "sim_request.h"

#define SREQ_ENCLU_LEN		3

/* RFLAGS bits (SDM Vol. 1 3.4.3). */
#define SREQ_RFLAGS_CF		BIT_ULL(0)
#define SREQ_RFLAGS_PF		BIT_ULL(2)
#define SREQ_RFLAGS_AF		BIT_ULL(4)
#define SREQ_RFLAGS_ZF		BIT_ULL(6)
#define SREQ_RFLAGS_SF		BIT_ULL(7)
#define SREQ_RFLAGS_OF		BIT_ULL(11)
#define SREQ_RFLAGS_RF		BIT_ULL(16)
#define SREQ_RFLAGS_ARITH	(SREQ_RFLAGS_CF | SREQ_RFLAGS_PF | \
				 SREQ_RFLAGS_AF | SREQ_RFLAGS_ZF | \
				 SREQ_RFLAGS_SF | SREQ_RFLAGS_OF)

/* EXITINFO (SDM Vol. 3D, SSA GPRSGX): vector, exit type, valid. */
#define SREQ_EXITINFO_VALID	BIT(31)
#define SREQ_EXIT_TYPE_HW	3
#define SREQ_EXIT_TYPE_SW	6
#define SREQ_EXINFO_SIZE	16

#define SREQ_NR_VECTORS		32

static bool sreq_in_elrange(const struct sgx2_sim_encl *encl, u64 la)
{
	return la >= encl->base && la - encl->base < encl->size;
}

static u64 sreq_get64(const u8 *p)
{
	u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void sreq_put(u8 *p, u32 len, u64 v)
{
	for (; len; len--, v >>= 8)
		*p++ = (u8)v;
}

/* The EPCM entry of the page mapped at @la, or NULL when none is. */
static struct sgx2_sim_epcm *sreq_epcm(struct sgx2_sim_epc *epc,
				       const struct sgx2_sim_encl *encl,
				       u64 la, u32 *idx)
{
	if (epc->ops->lookup(epc->ctx, encl, la & SGX2_SIM_PAGE_MASK, idx) ||
	    *idx >= epc->nr_pages)
		return NULL;
	return &epc->epcm[*idx];
}

/* A settled PT_REG page of @encl at @la granting every bit of @need. */
static bool sreq_page_allows(const struct sgx2_sim_epcm *e,
			     const struct sgx2_sim_encl *encl, u64 la, u16 need)
{
	u16 unsettled = SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED |
			SGX2_SIM_EPCM_BLOCKED;

	return (e->flags & SGX2_SIM_EPCM_VALID) && !(e->flags & unsettled) &&
	       e->pt == SGX2_PAGE_TYPE_REG && e->secs == encl->secs &&
	       e->enclave_address == (la & SGX2_SIM_PAGE_MASK) &&
	       (e->flags & need) == need;
}

/* Semantics 7: the #PF error code the enclave sees for a host #PF. */
static u32 sreq_pf_error_code(struct sgx2_sim_epc *epc,
			      const struct sgx2_sim_encl *encl, u64 addr,
			      u32 host)
{
	const struct sgx2_sim_epcm *e;
	u16 need;
	u32 idx;

	if (!sreq_in_elrange(encl, addr))
		return host;
	e = sreq_epcm(epc, encl, addr, &idx);
	if (!e)
		return host;
	if (host & SGX2_SIM_PF_ID)
		need = SGX2_SIM_EPCM_X;
	else if (host & SGX2_SIM_PF_W)
		need = SGX2_SIM_EPCM_W;
	else
		need = SGX2_SIM_EPCM_R;
	if (sreq_page_allows(e, encl, addr, need))
		return host;
	return SGX2_SIM_PF_P | SGX2_SIM_PF_U | SGX2_PF_SGX |
	       (host & (SGX2_SIM_PF_W | SGX2_SIM_PF_ID));
}

/* Semantics 8: EXITINFO for an exception with @vector. */
static u32 sreq_exitinfo(const struct sgx2_sim_encl *encl, u32 vector)
{
	u32 type = SREQ_EXIT_TYPE_HW;

	switch (vector) {
	case 0: case 1: case 5: case 6: case 16: case 17: case 19:
		break;
	case 3:
		type = SREQ_EXIT_TYPE_SW;
		break;
	case SGX2_SIM_VECTOR_GP:
	case SGX2_SIM_VECTOR_PF:
		if (!(encl->miscselect & SGX2_SIM_MISC_EXINFO))
			return 0;
		break;
	default:
		return 0;
	}
	return SREQ_EXITINFO_VALID | type << 8 | vector;
}

/*
 * The EXINFO region (MADDR, ERRCD) directly below the GPRSGX area the AEX
 * is about to fill, written only where the model will save state (a
 * settled RW PT_REG page of the enclave).
 */
static void sreq_write_exinfo(struct sgx2_sim_epc *epc,
			      const struct sgx2_sim_encl *encl,
			      const struct sgx2_sim_lp *lp, u64 maddr, u32 errcd)
{
	u64 la = lp->gpr_la - SREQ_EXINFO_SIZE;
	const struct sgx2_sim_epcm *e;
	u8 *p;
	u32 idx;

	if ((la & SGX2_SIM_PAGE_MASK) != (lp->gpr_la & SGX2_SIM_PAGE_MASK))
		return;
	e = sreq_epcm(epc, encl, la, &idx);
	if (!e || !sreq_page_allows(e, encl, la, SGX2_SIM_EPCM_R |
				    SGX2_SIM_EPCM_W))
		return;
	p = (u8 *)epc->ops->page_va(epc->ctx, idx) + (la & ~SGX2_SIM_PAGE_MASK);
	sreq_put(p, 8, maddr);
	sreq_put(p + 8, 4, errcd);
	sreq_put(p + 12, 4, 0);
}

/* FSBASE/GSBASE the thread had inside: BASEADDR + TCS.OFSBASE/OGSBASE. */
static void sreq_segment_bases(struct sgx2_sim_epc *epc,
			       const struct sgx2_sim_encl *encl,
			       const struct sgx2_sim_lp *lp,
			       struct sgx2_sim_ssa_gpr *gpr)
{
	const u8 *tcs;

	if (lp->tcs >= epc->nr_pages)
		return;
	tcs = epc->ops->page_va(epc->ctx, lp->tcs);
	gpr->fsbase = encl->base + sreq_get64(tcs + SGX2_SIM_TCS_OFSBASE);
	gpr->gsbase = encl->base + sreq_get64(tcs + SGX2_SIM_TCS_OGSBASE);
}

/*
 * The thread inside takes exception @vector at @rip with the registers of
 * @req: save them to the SSA, leave with the synthetic state, report the
 * exception.  @addr and @error_code are already as the enclave sees them.
 */
static int sreq_aex(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    struct sgx2_sim_lp *lp, struct sgx2_sim_enclu *req,
		    u64 rip, u32 vector, u32 error_code, u64 addr, u64 maddr)
{
	struct sgx2_sim_regs regs = { 0 };
	struct sgx2_sim_ssa_gpr gpr;
	int ret, i;

	memset(&gpr, 0, sizeof(gpr));
	for (i = 0; i < SGX2_GPR_NR; i++)
		gpr.gpr[i] = req->gpr[i];
	gpr.rflags = req->rflags;
	gpr.rip = rip;
	gpr.exitinfo = sreq_exitinfo(encl, vector);
	sreq_segment_bases(epc, encl, lp, &gpr);
	if ((encl->miscselect & SGX2_SIM_MISC_EXINFO) &&
	    (vector == SGX2_SIM_VECTOR_PF || vector == SGX2_SIM_VECTOR_GP))
		sreq_write_exinfo(epc, encl, lp, maddr, error_code);

	ret = sgx2_sim_aex(epc, encl, lp, &gpr, &regs);
	if (ret)
		return ret;

	for (i = 0; i < SGX2_GPR_NR; i++)
		req->gpr[i] = 0;
	req->gpr[SGX2_GPR_RAX] = regs.rax;
	req->gpr[SGX2_GPR_RBX] = regs.rbx;
	req->gpr[SGX2_GPR_RCX] = regs.rcx;
	req->gpr[SGX2_GPR_RSP] = regs.rsp;
	req->gpr[SGX2_GPR_RBP] = regs.rbp;
	req->rip = regs.rip;
	req->rflags &= ~(SREQ_RFLAGS_ARITH | SREQ_RFLAGS_RF);
	req->flags = SGX2_SIM_ENCLU_EXCEPTION;
	req->exception_vector = vector;
	req->exception_error_code = error_code;
	req->exception_addr = addr;
	return 0;
}

/* The address an exception reports outside the enclave (semantics 6). */
static u64 sreq_report_addr(u32 vector, u64 addr, bool inside)
{
	if (vector != SGX2_SIM_VECTOR_PF)
		return 0;
	return inside ? addr & SGX2_SIM_PAGE_MASK : addr;
}

static int sreq_validate(const struct sgx2_sim_enclu *req)
{
	if (req->flags || req->reserved[0] || req->reserved[1] ||
	    req->reserved[2] || req->reserved[3])
		return -EINVAL;

	switch (req->leaf) {
	case SGX2_EENTER:
	case SGX2_ERESUME:
	case SGX2_EEXIT:
	case SGX2_EACCEPT:
	case SGX2_EACCEPTCOPY:
	case SGX2_EMODPE:
		if (req->exception_vector || req->exception_error_code ||
		    req->exception_addr)
			return -EINVAL;
		return 0;
	case SGX2_SIM_AEX:
		return req->exception_vector < SREQ_NR_VECTORS ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

/* SGX2_SIM_AEX: the thread inside took a host exception. */
static int sreq_host_exception(struct sgx2_sim_epc *epc,
			       struct sgx2_sim_encl *encl,
			       struct sgx2_sim_lp *lp,
			       struct sgx2_sim_enclu *req)
{
	u32 vector = req->exception_vector;
	u32 error_code = req->exception_error_code;
	u64 addr = req->exception_addr;

	if (!lp->inside)
		return -EPERM;
	if (lp->secs != encl->secs)
		return -EINVAL;
	if (vector == SGX2_SIM_VECTOR_PF)
		error_code = sreq_pf_error_code(epc, encl, addr, error_code);
	req->exception_vector = 0;
	req->exception_error_code = 0;
	req->exception_addr = 0;
	return sreq_aex(epc, encl, lp, req, req->rip, vector, error_code,
			sreq_report_addr(vector, addr, true),
			vector == SGX2_SIM_VECTOR_PF ? addr : 0);
}

static enum sgx2_stat sreq_stat(u64 leaf)
{
	switch (leaf) {
	case SGX2_EACCEPT:
		return SGX2_STAT_EACCEPT;
	case SGX2_EACCEPTCOPY:
		return SGX2_STAT_EACCEPTCOPY;
	default:
		return SGX2_STAT_EMODPE;
	}
}

/*
 * Semantics 9: did an SGX2 leaf stop at an operand in ELRANGE that has no
 * EPC page?  Nothing-mapped #PFs carry no P bit (sim_model.c, ambiguity 10).
 */
static bool sreq_unbacked(struct sgx2_sim_epc *epc,
			  const struct sgx2_sim_encl *encl, u64 leaf,
			  const struct sgx2_sim_fault *f)
{
	u32 idx;

	if (leaf != SGX2_EACCEPT && leaf != SGX2_EACCEPTCOPY &&
	    leaf != SGX2_EMODPE)
		return false;
	if (f->vector != SGX2_SIM_VECTOR_PF || (f->error_code & SGX2_SIM_PF_P))
		return false;
	if (!sreq_in_elrange(encl, f->addr))
		return false;
	return !!epc->ops->lookup(epc->ctx, encl, f->addr & SGX2_SIM_PAGE_MASK,
				  &idx);
}

/* Write back what a completed leaf leaves in the registers (semantics 3). */
static void sreq_complete(struct sgx2_sim_enclu *req, int ret,
			  const struct sgx2_sim_regs *regs,
			  const struct sgx2_sim_ssa_gpr *saved)
{
	int i;

	if (ret > 0) {
		req->gpr[SGX2_GPR_RAX] = ret;
		req->rip += SREQ_ENCLU_LEN;
		req->rflags &= ~SREQ_RFLAGS_ARITH;
		req->rflags |= SREQ_RFLAGS_ZF;
		return;
	}

	switch (req->leaf) {
	case SGX2_EENTER:
		req->gpr[SGX2_GPR_RAX] = regs->rax;
		req->gpr[SGX2_GPR_RCX] = regs->rcx;
		break;
	case SGX2_ERESUME:
		for (i = 0; i < SGX2_GPR_NR; i++)
			req->gpr[i] = saved->gpr[i];
		req->rflags = saved->rflags;
		break;
	case SGX2_EEXIT:
		req->gpr[SGX2_GPR_RCX] = regs->rcx;
		break;
	case SGX2_EACCEPT:
	case SGX2_EACCEPTCOPY:
		req->gpr[SGX2_GPR_RAX] = 0;
		req->rflags &= ~SREQ_RFLAGS_ARITH;
		break;
	default:
		break;
	}
	req->rip = regs->rip;
}

/**
 * sgx2_sim_request() - execute one SGX2_IOC_SIM_ENCLU request
 * @epc:	the EPC of @encl
 * @encl:	the enclave the calling thread uses
 * @lp:		the calling thread's logical processor
 * @req:	the request, copied in; on 0 it holds the registers to resume
 *		with, and SGX2_SIM_ENCLU_EXCEPTION in @req->flags with the
 *		exception fields when an exception is reported
 * @eaug_addr:	on -EAGAIN, the page of ELRANGE to EAUG before retrying
 *
 * Runs the ENCLU leaf in @req->leaf, or for SGX2_SIM_AEX the asynchronous
 * exit caused by the host exception in @req->exception_*.  A leaf that
 * faults inside the enclave exits it (AEX), one that faults from outside
 * leaves the registers alone; either way the exception is reported.  The
 * semantics chosen where the SDM leaves room are listed at the top of
 * sim_request.c.
 *
 * Return: 0 (@req updated); -EINVAL for an invalid request or a thread in
 * another enclave; -EPERM for a leaf other than EENTER/ERESUME, or an
 * SGX2_SIM_AEX, from a thread that is not inside; -EAGAIN with
 * *@eaug_addr set when EACCEPT, EACCEPTCOPY or EMODPE needs the page at
 * *@eaug_addr, in ELRANGE, to be EAUGed first (nothing changed; call
 * again afterwards).
 */
int sgx2_sim_request(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     struct sgx2_sim_lp *lp, struct sgx2_sim_enclu *req,
		     u64 *eaug_addr)
{
	struct sgx2_sim_ssa_gpr saved;
	struct sgx2_sim_inject inject;
	struct sgx2_sim_fault f = { 0 };
	struct sgx2_sim_regs regs;
	bool inside = lp->inside;
	enum sgx2_stat stat;
	u64 count;
	int ret;

	ret = sreq_validate(req);
	if (ret)
		return ret;
	if (req->leaf == SGX2_SIM_AEX)
		return sreq_host_exception(epc, encl, lp, req);
	if (!inside && req->leaf != SGX2_EENTER && req->leaf != SGX2_ERESUME)
		return -EPERM;

	regs.rax = req->leaf;
	regs.rbx = req->gpr[SGX2_GPR_RBX];
	regs.rcx = req->gpr[SGX2_GPR_RCX];
	regs.rdx = req->gpr[SGX2_GPR_RDX];
	regs.rsp = req->gpr[SGX2_GPR_RSP];
	regs.rbp = req->gpr[SGX2_GPR_RBP];
	regs.rip = req->rip;
	memset(&saved, 0, sizeof(saved));
	stat = sreq_stat(req->leaf);
	count = encl->stats[stat];
	inject = epc->inject;

	ret = sgx2_sim_enclu(epc, encl, lp, &regs, &saved, &f);
	if (ret < 0)
		return ret;
	if (!sgx2_sim_faulted(ret)) {
		sreq_complete(req, ret, &regs, &saved);
		return 0;
	}

	if (inside && sreq_unbacked(epc, encl, req->leaf, &f)) {
		encl->stats[stat] = count;
		epc->inject = inject;
		*eaug_addr = f.addr & SGX2_SIM_PAGE_MASK;
		return -EAGAIN;
	}
	if (inside)
		return sreq_aex(epc, encl, lp, req, req->rip, f.vector,
				f.error_code,
				sreq_report_addr(f.vector, f.addr, true),
				f.addr);

	req->flags = SGX2_SIM_ENCLU_EXCEPTION;
	req->exception_vector = f.vector;
	req->exception_error_code = f.error_code;
	req->exception_addr = sreq_report_addr(f.vector, f.addr, false);
	return 0;
}

/**
 * sgx2_sim_lp_interrupt() - an interrupt reaches a thread inside @encl,
 *			     whose AEP immediately ERESUMEs
 * @encl:	the enclave
 * @lp:		the thread (nothing happens unless it is inside @encl)
 *
 * What a tracking IPI does: for tracking the thread leaves and enters
 * again, so it no longer holds up the open ETRACK cycle, and one AEX and
 * one ERESUME are counted.  Its SSA frame, CSSA and registers stay as they
 * are, because the sim thread keeps running natively.
 *
 * This is the model's EEXIT/AEX bookkeeping (sim_lp_leave: the cycle
 * waits for one thread less if this one entered before the latest ETRACK)
 * followed by its EENTER/ERESUME bookkeeping (sim_lp_enter: the entry
 * epoch becomes the current ETRACK count); the inside count, the TCS's
 * BUSY bit and the LP's other registers would be undone by the re-entry
 * and are not touched.
 */
void sgx2_sim_lp_interrupt(struct sgx2_sim_encl *encl, struct sgx2_sim_lp *lp)
{
	if (!lp->inside || lp->secs != encl->secs)
		return;
	if (encl->trk_outstanding && lp->entry_epoch < encl->etrack_epoch)
		encl->trk_outstanding--;
	lp->entry_epoch = encl->etrack_epoch;
	encl->stats[SGX2_STAT_AEX]++;
	encl->stats[SGX2_STAT_ERESUME]++;
}
