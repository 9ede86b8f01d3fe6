// SPDX-License-Identifier: GPL-2.0
/*
 * sim_model.c - the software SGX2 model: EPC set-up, tracking, fault
 * injection and the XSAVE arithmetic shared by the leaves.  The ENCLS
 * leaves live in sim_encls.c, the ENCLU leaves and AEX in sim_enclu.c.
 *
 * Pure: compiled into the module and into the Check tests.
 *
 * Authority
 * ---------
 * Each leaf follows the "Operation" pseudocode of its page in the Intel SDM
 * Vol. 3D (the May 2018 text of chapter 40, "SGX Instruction References"):
 * every check the model can evaluate is made in the order the page lists
 * it, with the outcome the page gives (#GP(0), #PF, or an error code in RAX).
 * Checks on state the model does not have (segment registers, CR4, XCR0,
 * paging, VMX) are left out; checks on concurrency between leaves cannot
 * fail because callers serialize, and are reachable only through fault
 * injection (struct sgx2_sim_inject).
 *
 * Tracking (ETRACK) in O(1)
 * -------------------------
 * Hardware tracks, per enclave, which logical processors (LPs) entered
 * before an ETRACK and may still hold stale TLB entries for pages whose
 * EPCM attributes EMODPR/EMODT changed; EACCEPT refuses such a page
 * (SGX_NOT_TRACKED) until an ETRACK issued after the change has seen all
 * of those LPs leave.  The model keeps three counters per enclave:
 *
 *   etrack_epoch	ETRACKs executed, i.e. the number of the latest one;
 *   lps_inside		LPs inside now;
 *   trk_outstanding	LPs that entered before the latest ETRACK and have
 *			not left yet (the cycle is open while non-zero).
 *
 * ETRACK with the cycle open returns SGX_PREV_TRK_INCMPL; otherwise it
 * bumps the epoch and sets trk_outstanding = lps_inside (everyone inside
 * entered before it).  An LP records the epoch at entry (EENTER/ERESUME);
 * when it leaves (EEXIT, AEX) with the cycle open and an entry epoch below
 * the current one, trk_outstanding drops.  LPs that enter after the ETRACK
 * carry its epoch and so never delay it.  This is exact because a new
 * ETRACK needs the previous cycle complete: when a cycle opens, every LP
 * inside entered in the previous epoch.
 *
 * EMODPR/EMODT stamp the page with the current epoch s.  The page is
 * tracked once an ETRACK numbered s + 1 or later has completed, i.e. when
 * the latest completed epoch (etrack_epoch, or etrack_epoch - 1 while the
 * cycle is open) exceeds s.  So one ETRACK covers any number of pages
 * modified before it, and a page modified after it is not covered.  No
 * page is ever scanned.
 *
 * SDM ambiguities and how the model resolves them
 * -----------------------------------------------
 *  1. EREMOVE: the "already unused" test (VALID = 0, or PT_TRIM with
 *     MODIFIED = 0) jumps to DONE before the block that would clear VALID
 *     for an accepted PT_TRIM page, so read literally such a page could
 *     never be freed.  The model clears VALID (and the child count), as
 *     the second block intends.
 *  2. EACCEPT checks the SECINFO's page with ENCLAVEADDRESS compared to
 *     "DS:RBX & FFFH" and EACCEPTCOPY with an unmasked DS:RBX; EMODPE
 *     masks with ~FFFH.  The model compares with the page address
 *     (RBX & ~FFFH) in all three.
 *  3. EACCEPT: the TCS field checks (DBGOPTIN, CSSA >= NSSA, AEP, STATE,
 *     and the FS/GS limits of a 32-bit enclave) are printed after the
 *     "IF PT_TCS" block ends.  They are meaningless for PT_REG/PT_TRIM
 *     pages; the model applies them to TCS accepts only.
 *  4. EACCEPTCOPY: the source check reads EPCM(DS:RCX).R and the
 *     destination check reads EPCM(DS:RDX).BLOCKED - swapped operands.
 *     The model reads the source's R and the destination's BLOCKED.
 *  5. EEXTEND: "IF (DS:RBX does resolve to an EPC page) THEN #PF" lacks a
 *     "not"; the model faults when the SECS does not resolve.
 *  6. EINIT and EEXTEND list "#GP if the enclave is already initialized"
 *     under Exceptions but have no such test in the pseudocode.  The model
 *     raises it where the pseudocode examines the SECS's initialized state:
 *     EINIT after the ISVFAMILYID check, EEXTEND after the SECS match.
 *  7. ECREATE: "IF (!(CPUID.(12H,0):EBX & MISCSELECT)) #GP" would fault for
 *     MISCSELECT = 0, which every enclave may use.  The model faults when
 *     MISCSELECT has a bit outside the supported set (EXINFO only).
 *  8. ETRACK: the concurrency table says SGX_EPC_PAGE_CONFLICT against a
 *     concurrent ETRACK, the pseudocode #GP(0).  The model follows the
 *     pseudocode (reachable only by injection).
 *  9. "Tracking not correct" (EACCEPT) is not defined on the leaf page.
 *     The model: tracking is checked only for pages with PR or MODIFIED
 *     set (an EMODPR/EMODT in progress), with the epoch rule above; never
 *     for PENDING pages (EAUG needs no ETRACK), and an EACCEPT that only
 *     confirms unchanged attributes (PR = 0 page, SECINFO.PR = 1) passes.
 * 10. The leaf pages do not give the error code of the #PF they raise on
 *     operands.  The model reports P = 0 when nothing is mapped at the
 *     operand (the lookup fails, or an EPC index is out of range) and
 *     P = 1 with the SGX bit (15) when the operand is an EPC page that
 *     fails an EPCM check (an SGX-induced fault, Vol. 3A 4.7); W is set
 *     for operands the leaf writes and U for ENCLU leaves.  An EACCEPT on
 *     an unmapped page thus reports 0x4, as the mainline selftests see.
 * 11. EENTER/ERESUME check the SSA pages "FOR EACH TMP_SSA_PAGE = TMP_SSA
 *     to TMP_SSA + TMP_XSIZE"; the model checks the pages covering
 *     [TMP_SSA, TMP_SSA + TMP_XSIZE - 1], then the GPRSGX page.  XSAVE
 *     sizes are the standard-format ones for components 0-7, 9, 17 and
 *     18; an XFRM naming anything else, or a combination XSETBV refuses,
 *     is "illegal" for ECREATE.
 * 12. EINIT does not verify the RSA signature of SIGSTRUCT: the sim has no
 *     reason to, and the measurement check (ENCLAVEHASH = MRENCLAVE) is
 *     what keeps loaders honest.  Launch control is Flexible Launch
 *     Control: the IA32_SGXLEPUBKEYHASH value is an argument, NULL meaning
 *     "set to the signer's hash" (what mainline writes before EINIT).  An
 *     EINITTOKEN with VALID = 1 cannot be checked (no launch key) and gets
 *     SGX_INVALID_EINITTOKEN.  SGX_UNMASKED_EVENT comes only from injection.
 * 13. SIGSTRUCT "reserved space" is, in the 2018 layout, bytes 44-127,
 *     908-911, 992-1007 and 1028-1039; later editions give 908/909 to CET.
 *     TCS reserved space starts at offset 72 (later: OCETSSA, PREVSSP) and
 *     TCS.FLAGS defines only DBGOPTIN (later: AEXNOTIFY); ATTRIBUTES bits
 *     beyond SGX2_SIM_ATTR_SUPPORTED (AEXNOTIFY included) are refused, as
 *     is ATTRIBUTES.INIT, which no CPU reports as settable.
 * 14. EAUG in 2018 requires PAGEINFO.SECINFO = 0; later editions accept a
 *     SECINFO for CET shadow-stack pages, which the model does not have.
 * 15. EMODPR's SECINFO check covers reserved bits and W without R only;
 *     the PT/PENDING/MODIFIED/PR bits it does not use are ignored.
 * 16. EMODT does not look at TCS.STATE, so a TCS in use can become PT_TRIM,
 *     be accepted and even be removed while its LP is inside; the SDM says
 *     nothing of that LP.  The model keeps it inside.  On EEXIT/AEX it
 *     clears BUSY and updates CSSA only if the entry is still a VALID page
 *     of the enclave at the TCS address.  AEX saves state into the SSA
 *     pages resolved at entry (CR_GPR_PA, CR_XSAVE_PAGE_0), not through
 *     the page tables of the moment, and ignores their permissions and
 *     BLOCKED bit since; it skips the save only when such a page is no
 *     longer a VALID page of the enclave at that address.
 * 17. EEXIT to a target inside ELRANGE is allowed: the SDM says the leaf
 *     completes and the next fetch, outside enclave mode, reads a fixed
 *     pattern.  Only a non-canonical target raises #GP.
 * 18. EREMOVE's "other threads active using SECS" is read as "any LP is
 *     inside the enclave" (SGX_ENCLAVE_ACT), whatever page is removed.
 * 19. EINIT writes MRENCLAVE, MRSIGNER, ISVPRODID, ISVSVN and
 *     ATTRIBUTES.INIT to the SECS page; ISVEXTPRODID, ISVFAMILYID and the
 *     padding it also commits have no SECS offset in the layout table and
 *     are not stored.
 * 20. ENCLS operands: pages are EPC indices, so the 4 KiB alignment of
 *     EPC-page operands cannot fail and is not modelled, nor is the 32-byte
 *     alignment of PAGEINFO (the model's own struct); host buffers keep
 *     theirs (SECINFO 64, SRCPGE 4096, SIGSTRUCT 4096, EINITTOKEN 512).
 *     PAGEINFO.SECS is the enclave argument.  A page of another enclave is
 *     a caller bug (-EINVAL), except in EEXTEND where the SDM defines it
 *     (#GP, "RBX points to an SECS page which is not the SECS of the data
 *     chunk").
 * 21. ECREATE and EADD copy the source page before their last checks, so a
 *     late #GP leaves the copy in a page that stays invalid; kept as is.
 * 22. The LP always runs in 64-bit mode: an enclave with MODE64BIT = 0
 *     fails EENTER/ERESUME at the mode check (#GP), and canonical means
 *     48-bit canonical.
 * 23. EDBGRD/EDBGWR: the SDM names SGX_TCS_LIMIT without giving its value;
 *     the model takes 72, the end of the TCS fields it has (ambiguity 13).
 *     The SGX_PAGE_NOT_DEBUGGABLE check (PENDING or MODIFIED) of later
 *     editions comes after the page-type check and before the TCS offset
 *     check.  PT_VA is not modelled (no EPA), so EDBGRD of a VA slot is
 *     not either.  The two leaves have no statistics counter, and so are
 *     not subject to injection.
 */
#include "sim_priv.h"

/**
 * sgx2_sim_epc_init() - set up a view of the simulated EPC
 * @epc:	the view to initialize
 * @epcm:	the EPCM array, @nr_pages entries, zeroed here (all pages free)
 * @nr_pages:	number of EPC pages
 * @ops:	callbacks to reach page contents and resolve linear addresses
 * @ctx:	passed to @ops
 *
 * To share one EPCM between several views, initialize the first view and
 * copy it (or set the fields) for the others.  Fault injection starts off.
 */
void sgx2_sim_epc_init(struct sgx2_sim_epc *epc, struct sgx2_sim_epcm *epcm,
		       u32 nr_pages, const struct sgx2_sim_ops *ops, void *ctx)
{
	memset(epc, 0, sizeof(*epc));
	memset(epcm, 0, sizeof(*epcm) * (size_t)nr_pages);
	epc->epcm = epcm;
	epc->nr_pages = nr_pages;
	epc->ops = ops;
	epc->ctx = ctx;
}

/**
 * sgx2_sim_inject_set() - arm (or, with @leaf_mask 0, disarm) injection
 * @epc:	the EPC view whose leaves are hit
 * @leaf_mask:	BIT_ULL(SGX2_STAT_<leaf>) for each leaf that may be hit
 * @outcome:	the SGX return code or SGX2_SIM_FAULT | vector to return
 * @error_code:	#PF error code reported with an injected #PF
 * @every:	hit every Nth call of a masked leaf (0: not periodically)
 * @threshold:	hit a call with probability @threshold / 2^32 (0: never)
 * @seed:	PRNG seed for @threshold (0 picks a fixed non-zero seed)
 *
 * Calls are counted over all leaves in @leaf_mask together; the counters
 * restart here.
 */
void sgx2_sim_inject_set(struct sgx2_sim_epc *epc, u64 leaf_mask, int outcome,
			 u32 error_code, u32 every, u32 threshold, u64 seed)
{
	struct sgx2_sim_inject *in = &epc->inject;

	in->outcome = outcome;
	in->error_code = error_code;
	in->every = every;
	in->countdown = every;
	in->threshold = threshold;
	in->prng = seed ? seed : 0x9e3779b97f4a7c15ULL;
	in->hits = 0;
	in->leaf_mask = (outcome > 0) ? leaf_mask : 0;
}

/* xorshift64*: small, deterministic, good enough to spread hits. */
static u32 sim_prng_next(u64 *state)
{
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (u32)((x * 0x2545f4914f6cdd1dULL) >> 32);
}

/**
 * sgx2_sim_inject_draw() - decide whether this call of a masked leaf is hit
 * @epc:	the EPC view
 * @f:		fault details, filled when the injected outcome is a fault
 *
 * Return: 0 to run the leaf, or the injected outcome.
 */
int sgx2_sim_inject_draw(struct sgx2_sim_epc *epc, struct sgx2_sim_fault *f)
{
	struct sgx2_sim_inject *in = &epc->inject;
	bool hit = false;

	if (in->every) {
		if (!in->countdown || in->countdown > in->every)
			in->countdown = in->every;
		if (!--in->countdown) {
			in->countdown = in->every;
			hit = true;
		}
	}
	if (in->threshold) {
		if (!in->prng)
			in->prng = 0x9e3779b97f4a7c15ULL;
		if (sim_prng_next(&in->prng) < in->threshold)
			hit = true;
	}
	if (!hit)
		return 0;

	in->hits++;
	if (in->outcome & SGX2_SIM_FAULT) {
		if (SGX2_SIM_TRAPNR(in->outcome) == SGX2_SIM_VECTOR_PF)
			return sim_pf(f, 0, in->error_code);
		if (f) {
			f->vector = SGX2_SIM_TRAPNR(in->outcome);
			f->error_code = 0;
			f->addr = 0;
		}
	}
	return in->outcome;
}

/**
 * sgx2_sim_tracking_open() - is a tracking cycle still waiting for LPs?
 * @encl:	the enclave
 *
 * Return: true while some logical processor that entered before the latest
 * ETRACK is still inside (a new ETRACK would get SGX_PREV_TRK_INCMPL).
 */
bool sgx2_sim_tracking_open(const struct sgx2_sim_encl *encl)
{
	return encl->trk_outstanding != 0;
}

/**
 * sgx2_sim_page_tracked() - would EACCEPT find this page's change tracked?
 * @encl:	the enclave owning the page
 * @e:		the page's EPCM entry
 *
 * Return: true when no EMODPR/EMODT is in progress on the page, or when an
 * ETRACK executed after the last one has completed.
 */
bool sgx2_sim_page_tracked(const struct sgx2_sim_encl *encl,
			   const struct sgx2_sim_epcm *e)
{
	u64 done = encl->etrack_epoch - (sgx2_sim_tracking_open(encl) ? 1 : 0);

	if (!(e->flags & (SGX2_SIM_EPCM_PR | SGX2_SIM_EPCM_MODIFIED)))
		return true;
	return done > e->mod_epoch;
}

/*
 * Standard-format XSAVE layout of the state components the model knows:
 * offset + size of each, by XCR0 bit.  Components 0 and 1 live in the
 * 512-byte legacy area, followed by the 64-byte XSAVE header.
 */
#define SIM_XSAVE_NR	9

static const struct {
	u8 bit;
	u16 end;
} sim_xsave_end[SIM_XSAVE_NR] = {
	{ 2, 576 + 256 },	/* AVX */
	{ 3, 960 + 64 },	/* MPX BNDREGS */
	{ 4, 1024 + 64 },	/* MPX BNDCSR */
	{ 5, 1088 + 64 },	/* AVX-512 opmask */
	{ 6, 1152 + 512 },	/* AVX-512 ZMM_Hi256 */
	{ 7, 1664 + 1024 },	/* AVX-512 Hi16_ZMM */
	{ 9, 2688 + 8 },	/* PKRU */
	{ 17, 2752 + 64 },	/* AMX TILECFG */
	{ 18, 2816 + 8192 },	/* AMX TILEDATA */
};

#define SIM_XFRM_KNOWN	(0x3ULL | BIT_ULL(2) | BIT_ULL(3) | BIT_ULL(4) | \
			 BIT_ULL(5) | BIT_ULL(6) | BIT_ULL(7) | BIT_ULL(9) | \
			 BIT_ULL(17) | BIT_ULL(18))

/**
 * sgx2_sim_xsave_size() - bytes XSAVE needs for the components in @xfrm
 * @xfrm:	SECS.ATTRIBUTES.XFRM
 *
 * Return: the size of the standard-format XSAVE area (at least 576).
 */
u64 sgx2_sim_xsave_size(u64 xfrm)
{
	u64 size = 576;
	u32 i;

	for (i = 0; i < SIM_XSAVE_NR; i++)
		if ((xfrm & BIT_ULL(sim_xsave_end[i].bit)) &&
		    sim_xsave_end[i].end > size)
			size = sim_xsave_end[i].end;
	return size;
}

/**
 * sgx2_sim_cpuid_sgx() - what CPUID leaf 12H reports on the model's CPU
 * @subleaf:	ECX: 0 (capabilities), 1 (SECS attributes), 2 (the EPC
 *		section); any other is an invalid EPC section
 * @epc_base:	the EPC section's base address (page aligned)
 * @epc_size:	its size in bytes (page aligned; 0: no section)
 * @regs:	receives EAX, EBX, ECX and EDX
 *
 * Subleaf 0: SGX1 and SGX2, the MISCSELECT and maximum enclave sizes the
 * model implements; subleaf 1: the SECS.ATTRIBUTES and XFRM bits ECREATE
 * lets software set; subleaf 2: one EPC section of type 1.  This is what
 * user space is shown when CPUID is emulated for it (the preload library,
 * tools/preload), so that it learns the model's CPU, not the host's.
 */
void sgx2_sim_cpuid_sgx(u32 subleaf, u64 epc_base, u64 epc_size, u32 regs[4])
{
	regs[0] = 0;
	regs[1] = 0;
	regs[2] = 0;
	regs[3] = 0;
	switch (subleaf) {
	case 0:
		regs[0] = BIT(0) | BIT(1);		/* SGX1, SGX2 */
		regs[1] = SGX2_SIM_MISC_EXINFO;
		regs[3] = SGX2_SIM_MAX_ENCL_SIZE_32 |
			  SGX2_SIM_MAX_ENCL_SIZE_64 << 8;
		break;
	case 1:
		regs[0] = (u32)SGX2_SIM_ATTR_SUPPORTED;
		regs[1] = (u32)(SGX2_SIM_ATTR_SUPPORTED >> 32);
		regs[2] = (u32)SIM_XFRM_KNOWN;
		regs[3] = (u32)(SIM_XFRM_KNOWN >> 32);
		break;
	case 2:
		if (!epc_size)
			break;
		regs[0] = 1 | ((u32)epc_base & 0xfffff000);
		regs[1] = (u32)(epc_base >> 32) & 0xfffff;
		regs[2] = 1 | ((u32)epc_size & 0xfffff000);
		regs[3] = (u32)(epc_size >> 32) & 0xfffff;
		break;
	}
}

/**
 * sgx2_sim_xfrm_legal() - would XSETBV accept @xfrm on the model's CPU?
 * @xfrm:	SECS.ATTRIBUTES.XFRM (bits 0 and 1 are checked by ECREATE)
 *
 * Return: false for unknown components, AVX without SSE, MPX or AMX halves
 * set alone, or AVX-512 components not all set together with AVX.
 */
bool sgx2_sim_xfrm_legal(u64 xfrm)
{
	u64 avx512 = BIT_ULL(5) | BIT_ULL(6) | BIT_ULL(7);
	u64 mpx = BIT_ULL(3) | BIT_ULL(4);
	u64 amx = BIT_ULL(17) | BIT_ULL(18);

	if (xfrm & ~SIM_XFRM_KNOWN)
		return false;
	if ((xfrm & BIT_ULL(2)) && !(xfrm & BIT_ULL(1)))
		return false;
	if ((xfrm & mpx) && (xfrm & mpx) != mpx)
		return false;
	if ((xfrm & amx) && (xfrm & amx) != amx)
		return false;
	if (xfrm & avx512)
		return (xfrm & avx512) == avx512 && (xfrm & BIT_ULL(2));
	return true;
}
