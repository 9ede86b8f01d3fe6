/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sim_model.h - a software model of the SGX1/SGX2 leaf functions the module
 * uses (Intel SDM Vol. 3D), for the sim backend and the unit tests (pure).
 *
 * The model owns no memory and no locks.  The caller allocates:
 *
 *   - the EPCM, an array of struct sgx2_sim_epcm indexed by EPC page number
 *     (a page's identity is that u32 index);
 *   - the page contents, 4 KiB per EPC page, reached through
 *     sgx2_sim_ops.page_va();
 *   - one struct sgx2_sim_encl per enclave (the SECS state hardware keeps
 *     out of software's sight) and one struct sgx2_sim_lp per simulated
 *     logical processor (thread) that may run enclave code.
 *
 * ENCLS leaves name pages by EPC index and the enclave by its struct;
 * ENCLU leaves take enclave linear addresses, resolved with
 * sgx2_sim_ops.lookup().  Every leaf returns:
 *
 *   0				success
 *   enum sgx2_return_code	an SGX error code (RAX with ZF=1), > 0
 *   SGX2_SIM_FAULT | vector	the leaf faulted (#GP or #PF); details in
 *				the optional struct sgx2_sim_fault
 *   -errno			misuse of the model by its caller (a page of
 *				another enclave passed with this one, an ENCLU
 *				from a thread that is not in this enclave): no
 *				hardware outcome exists; nothing changes but,
 *				at most, the leaf's execution counter
 *
 * SGX2_SIM_FAULT has mainline's ENCLS_FAULT_FLAG value, so sim outcomes can
 * be handed on unchanged where hardware outcomes are expected.
 *
 * Callers serialize the leaves of one enclave (the sim backend holds the
 * enclave lock).  Different enclaves may run leaves concurrently as long as
 * each struct sgx2_sim_epc is used by one of them at a time: several of
 * them may share one EPCM array, since a leaf only touches the entries of
 * its own enclave and of the free page it is given.
 */
#ifndef SGX2_SIM_MODEL_H
#define SGX2_SIM_MODEL_H

#include "../pure.h"

#define SGX2_SIM_PAGE_SIZE		4096ULL
#define SGX2_SIM_PAGE_MASK		(~(SGX2_SIM_PAGE_SIZE - 1))

/* ---- outcomes ---------------------------------------------------------- */

#define SGX2_SIM_FAULT			0x40000000
#define SGX2_SIM_VECTOR_GP		13
#define SGX2_SIM_VECTOR_PF		14
#define SGX2_SIM_GP			(SGX2_SIM_FAULT | SGX2_SIM_VECTOR_GP)
#define SGX2_SIM_PF			(SGX2_SIM_FAULT | SGX2_SIM_VECTOR_PF)
#define SGX2_SIM_TRAPNR(ret)		((ret) & ~SGX2_SIM_FAULT)

/* True when a leaf's return value says it faulted. */
static inline bool sgx2_sim_faulted(int ret)
{
	return ret > 0 && (ret & SGX2_SIM_FAULT);
}

/* #PF error code bits (SDM Vol. 3A 4.7); SGX2_PF_SGX is in the UAPI. */
#define SGX2_SIM_PF_P			0x1
#define SGX2_SIM_PF_W			0x2
#define SGX2_SIM_PF_U			0x4

/**
 * struct sgx2_sim_fault - details of a faulting leaf
 * @vector:	SGX2_SIM_VECTOR_GP or SGX2_SIM_VECTOR_PF
 * @error_code:	#PF error code (0 for #GP)
 * @addr:	#PF: the faulting operand - a linear address for ENCLU
 *		leaves, an EPC index for ENCLS leaves; 0 for #GP
 */
struct sgx2_sim_fault {
	u32 vector;
	u32 error_code;
	u64 addr;
};

/* ---- architectural layouts (SDM Vol. 3D chapter 34/38) ----------------- */

/* SECS */
#define SGX2_SIM_SECS_SIZE		0
#define SGX2_SIM_SECS_BASEADDR		8
#define SGX2_SIM_SECS_SSAFRAMESIZE	16
#define SGX2_SIM_SECS_MISCSELECT	20
#define SGX2_SIM_SECS_ATTRIBUTES	48
#define SGX2_SIM_SECS_XFRM		56
#define SGX2_SIM_SECS_MRENCLAVE		64
#define SGX2_SIM_SECS_MRSIGNER		128
#define SGX2_SIM_SECS_CONFIGID		192
#define SGX2_SIM_SECS_ISVPRODID		256
#define SGX2_SIM_SECS_ISVSVN		258
#define SGX2_SIM_SECS_CONFIGSVN		260

/* SECS.ATTRIBUTES (low 64 bits) */
#define SGX2_SIM_ATTR_INIT		BIT_ULL(0)
#define SGX2_SIM_ATTR_DEBUG		BIT_ULL(1)
#define SGX2_SIM_ATTR_MODE64BIT		BIT_ULL(2)
#define SGX2_SIM_ATTR_PROVISIONKEY	BIT_ULL(4)
#define SGX2_SIM_ATTR_EINITTOKEN_KEY	BIT_ULL(5)
#define SGX2_SIM_ATTR_KSS		BIT_ULL(7)
/* What the model's CPUID.(12H,1):EAX reports as settable at ECREATE. */
#define SGX2_SIM_ATTR_SUPPORTED		(SGX2_SIM_ATTR_DEBUG | \
					 SGX2_SIM_ATTR_MODE64BIT | \
					 SGX2_SIM_ATTR_PROVISIONKEY | \
					 SGX2_SIM_ATTR_EINITTOKEN_KEY | \
					 SGX2_SIM_ATTR_KSS)
/* MISCSELECT bits the model supports (CPUID.(12H,0):EBX): EXINFO. */
#define SGX2_SIM_MISC_EXINFO		BIT(0)
/* CPUID.(12H,0):EDX: MaxEnclaveSize_Not64 and MaxEnclaveSize_64 (log2). */
#define SGX2_SIM_MAX_ENCL_SIZE_32	31
#define SGX2_SIM_MAX_ENCL_SIZE_64	47
/*
 * Linear addresses are 48-bit canonical (4-level paging, ambiguity 22):
 * user space is below 2^47.
 */
#define SGX2_SIM_USER_VA_BITS		47

/* TCS */
#define SGX2_SIM_TCS_STATE		0
#define SGX2_SIM_TCS_FLAGS		8
#define SGX2_SIM_TCS_OSSA		16
#define SGX2_SIM_TCS_CSSA		24
#define SGX2_SIM_TCS_NSSA		28
#define SGX2_SIM_TCS_OENTRY		32
#define SGX2_SIM_TCS_AEP		40
#define SGX2_SIM_TCS_OFSBASE		48
#define SGX2_SIM_TCS_OGSBASE		56
#define SGX2_SIM_TCS_FSLIMIT		64
#define SGX2_SIM_TCS_GSLIMIT		68
#define SGX2_SIM_TCS_RESERVED		72
#define SGX2_SIM_TCS_DBGOPTIN		BIT_ULL(0)

/* SIGSTRUCT (1808 bytes) */
#define SGX2_SIM_SIGSTRUCT_SIZE		1808
#define SGX2_SIM_SIG_HEADER		0
#define SGX2_SIM_SIG_VENDOR		16
#define SGX2_SIM_SIG_HEADER2		24
#define SGX2_SIM_SIG_MODULUS		128
#define SGX2_SIM_SIG_MODULUS_SIZE	384
#define SGX2_SIM_SIG_EXPONENT		512
#define SGX2_SIM_SIG_MISCSELECT		900
#define SGX2_SIM_SIG_MISCMASK		904
#define SGX2_SIM_SIG_ISVFAMILYID	912
#define SGX2_SIM_SIG_ATTRIBUTES		928
#define SGX2_SIM_SIG_ATTRIBUTEMASK	944
#define SGX2_SIM_SIG_ENCLAVEHASH	960
#define SGX2_SIM_SIG_ISVPRODID		1024
#define SGX2_SIM_SIG_ISVSVN		1026

/*
 * PCMD (128 bytes): SECINFO, ENCLAVEID, reserved, MAC.  The model's MAC is
 * 16 bytes, as on hardware.
 */
#define SGX2_SIM_PCMD_SIZE		128
#define SGX2_SIM_PCMD_SECINFO		0
#define SGX2_SIM_PCMD_ENCLAVEID		64
#define SGX2_SIM_PCMD_MAC		112
#define SGX2_SIM_PCMD_MAC_SIZE		16
/* A VA page holds 512 8-byte version slots. */
#define SGX2_SIM_VA_SLOT_SIZE		8

/*
 * SGX return codes of the paging leaves (SDM Vol. 3D 40.1.3) that the UAPI
 * does not name.  EBLOCK reports SGX2_SIM_BLKSTATE, SGX2_SIM_NOTBLOCKABLE
 * and SGX2_PG_IS_SECS, and EWB SGX2_SIM_VA_SLOT_OCCUPIED, with CF=1 rather
 * than ZF=1: see sgx2_sim_ret_sets_cf().
 */
#define SGX2_SIM_BLKSTATE		3
#define SGX2_SIM_NOTBLOCKABLE		5
#define SGX2_SIM_PG_INVLD		6
#define SGX2_SIM_MAC_COMPARE_FAIL	9
#define SGX2_SIM_PAGE_NOT_BLOCKED	10
#define SGX2_SIM_VA_SLOT_OCCUPIED	12

/*
 * True when ENCLS leaf @leaf reports return code @ret with RFLAGS.CF=1 and
 * ZF=0 (a warning or a state report), not with ZF=1 (an error).
 */
static inline bool sgx2_sim_ret_sets_cf(u32 leaf, int ret)
{
	if (leaf == SGX2_EBLOCK)
		return ret == SGX2_SIM_BLKSTATE || ret == SGX2_SIM_NOTBLOCKABLE ||
		       ret == SGX2_PG_IS_SECS;
	return leaf == SGX2_EWB && ret == SGX2_SIM_VA_SLOT_OCCUPIED;
}

/* REPORT (432 bytes, 512-byte aligned) */
#define SGX2_SIM_REPORT_SIZE		432
#define SGX2_SIM_REPORT_CPUSVN		0
#define SGX2_SIM_REPORT_MISCSELECT	16
#define SGX2_SIM_REPORT_ATTRIBUTES	48
#define SGX2_SIM_REPORT_MRENCLAVE	64
#define SGX2_SIM_REPORT_MRSIGNER	128
#define SGX2_SIM_REPORT_CONFIGID	192
#define SGX2_SIM_REPORT_ISVPRODID	256
#define SGX2_SIM_REPORT_ISVSVN		258
#define SGX2_SIM_REPORT_CONFIGSVN	260
#define SGX2_SIM_REPORT_DATA		320
#define SGX2_SIM_REPORT_KEYID		384
#define SGX2_SIM_REPORT_MAC		416
/* The MAC covers the REPORT up to KEYID. */
#define SGX2_SIM_REPORT_BODY		384

/* TARGETINFO (512 bytes, 512-byte aligned) */
#define SGX2_SIM_TI_SIZE		512
#define SGX2_SIM_TI_MEASUREMENT		0
#define SGX2_SIM_TI_ATTRIBUTES		32
#define SGX2_SIM_TI_CONFIGSVN		50
#define SGX2_SIM_TI_MISCSELECT		52
#define SGX2_SIM_TI_CONFIGID		64

/* KEYREQUEST (512 bytes, 512-byte aligned) */
#define SGX2_SIM_KR_SIZE		512
#define SGX2_SIM_KR_KEYNAME		0
#define SGX2_SIM_KR_KEYPOLICY		2
#define SGX2_SIM_KR_ISVSVN		4
#define SGX2_SIM_KR_CPUSVN		8
#define SGX2_SIM_KR_ATTRIBUTEMASK	24
#define SGX2_SIM_KR_KEYID		40
#define SGX2_SIM_KR_MISCMASK		72
#define SGX2_SIM_KR_CONFIGSVN		76
#define SGX2_SIM_KR_RESERVED		78
/* KEYNAME */
#define SGX2_SIM_KEY_EINITTOKEN		0
#define SGX2_SIM_KEY_PROVISION		1
#define SGX2_SIM_KEY_PROVISION_SEAL	2
#define SGX2_SIM_KEY_REPORT		3
#define SGX2_SIM_KEY_SEAL		4
/* KEYPOLICY: MRENCLAVE, MRSIGNER (the KSS bits are not modelled) */
#define SGX2_SIM_KEYPOLICY_MRENCLAVE	BIT(0)
#define SGX2_SIM_KEYPOLICY_MRSIGNER	BIT(1)
/* EGETKEY return codes the UAPI does not name */
#define SGX2_SIM_INVALID_CPUSVN		32
#define SGX2_SIM_INVALID_ISVSVN		64
#define SGX2_SIM_INVALID_KEYNAME	256

/* EINITTOKEN: 304 bytes, 512-byte aligned; VALID is bit 0 of the first u32. */
#define SGX2_SIM_TOKEN_VALID		0

/**
 * struct sgx2_sim_ssa_gpr - GPRSGX, the last 184 bytes of an SSA frame
 * @gpr:	RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8..R15, in that order
 * @rflags:	RFLAGS
 * @rip:	RIP
 * @ursp:	RSP outside the enclave, saved by EENTER
 * @urbp:	RBP outside the enclave, saved by EENTER
 * @exitinfo:	EXITINFO
 * @reserved:	reserved
 * @fsbase:	FS base
 * @gsbase:	GS base
 */
struct sgx2_sim_ssa_gpr {
	u64 gpr[16];
	u64 rflags;
	u64 rip;
	u64 ursp;
	u64 urbp;
	u32 exitinfo;
	u32 reserved;
	u64 fsbase;
	u64 gsbase;
};

#define SGX2_SIM_SSA_GPR_SIZE		184

/* ---- the EPCM ---------------------------------------------------------- */

/*
 * EPCM flag bits.  R, W, X, PENDING, MODIFIED and PR sit where SECINFO.FLAGS
 * has them, so that SECINFO and EPCM attributes compare with one mask.
 */
#define SGX2_SIM_EPCM_R			BIT(0)
#define SGX2_SIM_EPCM_W			BIT(1)
#define SGX2_SIM_EPCM_X			BIT(2)
#define SGX2_SIM_EPCM_PENDING		BIT(3)
#define SGX2_SIM_EPCM_MODIFIED		BIT(4)
#define SGX2_SIM_EPCM_PR		BIT(5)
#define SGX2_SIM_EPCM_VALID		BIT(6)
#define SGX2_SIM_EPCM_BLOCKED		BIT(7)
/* TCS.STATE = ACTIVE: a logical processor is inside through this TCS. */
#define SGX2_SIM_EPCM_BUSY		BIT(8)
#define SGX2_SIM_EPCM_RWX		(SGX2_SIM_EPCM_R | SGX2_SIM_EPCM_W | \
					 SGX2_SIM_EPCM_X)

/**
 * struct sgx2_sim_epcm - one EPCM entry (24 bytes)
 * @enclave_address:	ENCLAVEADDRESS, the page's linear address (0: SECS)
 * @mod_epoch:		the enclave's ETRACK count when EMODPR or EMODT last
 *			changed the page; EACCEPT needs an ETRACK numbered
 *			above it to have completed (see sim_model.c)
 * @secs:		ENCLAVESECS, the EPC index of the owning SECS (a SECS
 *			entry holds its own index)
 * @flags:		SGX2_SIM_EPCM_* bits
 * @pt:			page type, enum sgx2_page_type
 * @reserved:		zero
 */
struct sgx2_sim_epcm {
	u64 enclave_address;
	u64 mod_epoch;
	u32 secs;
	u16 flags;
	u8 pt;
	u8 reserved;
};

/* ---- SHA-256, provided by the caller (the model implements no crypto) -- */

/**
 * struct sgx2_sim_sha256 - opaque SHA-256 state
 * @opaque:	room for the implementation's context; it must be plain
 *		data (EINIT finalizes a copy so that a failed EINIT can be
 *		retried, as on hardware)
 */
struct sgx2_sim_sha256 {
	u64 opaque[16];
};

void sgx2_sim_sha256_init(struct sgx2_sim_sha256 *s);
void sgx2_sim_sha256_update(struct sgx2_sim_sha256 *s, const void *data, size_t len);
void sgx2_sim_sha256_final(struct sgx2_sim_sha256 *s, u8 digest[32]);

/* ---- enclaves and logical processors ----------------------------------- */

#define SGX2_SIM_ENCL_CREATED		BIT(0)
#define SGX2_SIM_ENCL_INIT		BIT(1)
/* EWB wrote the SECS out; ELDU/ELDB of it brings CREATED back. */
#define SGX2_SIM_ENCL_EVICTED		BIT(2)

/**
 * struct sgx2_sim_secret - the emulator's secret, supplied by the host
 * @key:	32 secret bytes (a per-boot random value, or a fixed one for
 *		reproducible runs): EWB/ELDU seal and MAC evicted pages, and
 *		EREPORT/EGETKEY derive their keys, from it
 * @eids:	enclave IDs handed out so far; ECREATE gives the next one
 *
 * Shared by every view of one EPC.  ECREATE changes @eids: hosts that run
 * leaves of different enclaves concurrently serialize ECREATE.
 */
struct sgx2_sim_secret {
	u8 key[32];
	u64 eids;
};

/**
 * struct sgx2_sim_encl - the state of one enclave that the SECS holds
 *			  beyond software's reach
 * @base:		SECS.BASEADDR
 * @size:		SECS.SIZE
 * @attributes:		SECS.ATTRIBUTES, low 64 bits
 * @xfrm:		SECS.ATTRIBUTES.XFRM
 * @ssaframesize:	SECS.SSAFRAMESIZE, in pages
 * @miscselect:		SECS.MISCSELECT
 * @secs:		EPC index of the SECS page
 * @flags:		SGX2_SIM_ENCL_CREATED (ECREATE done, SECS not yet
 *			removed), SGX2_SIM_ENCL_INIT (EINIT done),
 *			SGX2_SIM_ENCL_EVICTED (the SECS is evicted)
 * @eid:		SECS.EID, from struct sgx2_sim_secret at ECREATE (0
 *			when the EPC has no secret)
 * @versions:		versions EWB has handed out for this enclave's pages;
 *			the next eviction's version is one more (never 0)
 * @children:		VALID EPC pages of the enclave besides the SECS
 * @lps_inside:		logical processors inside the enclave now
 * @trk_outstanding:	of those, how many entered before the latest
 *			ETRACK; the tracking cycle is open while non-zero
 * @etrack_epoch:	ETRACKs executed successfully so far
 * @mr_updates:		MRENCLAVE update counter (64-byte blocks hashed)
 * @mrenclave:		the running MRENCLAVE hash
 * @stats:		per-leaf execution counters, indexed by enum sgx2_stat
 *			(ECREATE..EMODPE and AEX; other slots stay 0); every
 *			execution counts, whatever its outcome
 *
 * Zero it before ECREATE; the model keeps it afterwards.
 */
struct sgx2_sim_encl {
	u64 base;
	u64 size;
	u64 attributes;
	u64 xfrm;
	u32 ssaframesize;
	u32 miscselect;
	u32 secs;
	u32 flags;
	u64 eid;
	u64 versions;
	u64 children;
	u32 lps_inside;
	u32 trk_outstanding;
	u64 etrack_epoch;
	u64 mr_updates;
	struct sgx2_sim_sha256 mrenclave;
	u64 stats[SGX2_STAT_NR];
};

/**
 * struct sgx2_sim_lp - the enclave-related registers of one logical
 *			processor (a simulated thread); zero when outside
 * @inside:		CR_ENCLAVE_MODE
 * @tcs:		EPC index of the TCS entered through (CR_TCS_PA)
 * @secs:		EPC index of the enclave's SECS (CR_ACTIVE_SECS)
 * @tcs_la:		linear address of that TCS (CR_TCS_LA)
 * @aep:		asynchronous exit pointer given to EENTER/ERESUME
 * @gpr_la:		linear address of the GPRSGX area of the current
 *			SSA frame, where AEX saves state
 * @gpr_epc:		EPC index of the page holding it, resolved at entry
 *			(CR_GPR_PA): AEX writes there whatever the page
 *			tables map by then
 * @ssa_la:		linear address of the current SSA frame (its XSAVE
 *			area)
 * @ssa_epc:		EPC index of that frame's first page, resolved at
 *			entry (CR_XSAVE_PAGE_0)
 * @entry_epoch:	the enclave's ETRACK count at entry: the thread
 *			blocks completion of every ETRACK numbered above it
 */
struct sgx2_sim_lp {
	bool inside;
	u32 tcs;
	u32 secs;
	u64 tcs_la;
	u64 aep;
	u64 gpr_la;
	u32 gpr_epc;
	u64 ssa_la;
	u32 ssa_epc;
	u64 entry_epoch;
};

/**
 * struct sgx2_sim_regs - registers an ENCLU leaf reads or writes
 * @rax:	leaf in, SGX return code or leaf output out
 * @rbx:	leaf operand
 * @rcx:	leaf operand
 * @rdx:	leaf operand
 * @rsp:	RSP (EENTER saves it to the SSA, AEX restores it)
 * @rbp:	RBP (likewise)
 * @rip:	in: address of the ENCLU instruction; out: where to go on
 */
struct sgx2_sim_regs {
	u64 rax;
	u64 rbx;
	u64 rcx;
	u64 rdx;
	u64 rsp;
	u64 rbp;
	u64 rip;
};

/* ---- the EPC ----------------------------------------------------------- */

/**
 * struct sgx2_sim_pageinfo - PAGEINFO of ECREATE, EADD and EAUG
 * @linaddr:	enclave linear address of the page (ECREATE: 0)
 * @srcpge:	source page contents (EAUG: NULL)
 * @secinfo:	64-byte SECINFO (EAUG: NULL)
 *
 * PAGEINFO.SECS is the struct sgx2_sim_encl passed alongside.
 */
struct sgx2_sim_pageinfo {
	u64 linaddr;
	const void *srcpge;
	const void *secinfo;
};

/**
 * struct sgx2_sim_ops - how the model reaches memory the caller owns
 * @page_va:	the 4 KiB contents of EPC page @epc
 * @lookup:	the EPC page mapped at the page-aligned enclave linear
 *		address @linaddr of @encl: store its index in @epc and
 *		return 0, or return -ENOENT when nothing is mapped there
 */
struct sgx2_sim_ops {
	void *(*page_va)(void *ctx, u32 epc);
	int (*lookup)(void *ctx, const struct sgx2_sim_encl *encl, u64 linaddr,
		      u32 *epc);
};

/**
 * struct sgx2_sim_inject - fault injection, for tests of the callers
 * @leaf_mask:	BIT_ULL(enum sgx2_stat) of the leaves that may be hit;
 *		0 disables injection (one test per leaf call)
 * @outcome:	what a hit leaf returns: an SGX return code or
 *		SGX2_SIM_FAULT | vector
 * @error_code:	#PF error code reported with an injected #PF
 * @every:	hit every Nth call of a leaf in @leaf_mask (0: never)
 * @threshold:	also hit a call when the PRNG's next 32-bit draw is below
 *		this (probability @threshold / 2^32; 0: never)
 * @countdown:	calls left until the next @every hit
 * @prng:	xorshift64* state; must be non-zero when @threshold is set
 * @hits:	number of injected outcomes so far
 *
 * A hit pre-empts every check of the leaf and changes no state: it stands
 * for a transient condition outside the model (another agent holding the
 * page or the SECS, an unmasked event, an incomplete tracking cycle).
 * Set it with sgx2_sim_inject_set().
 */
struct sgx2_sim_inject {
	u64 leaf_mask;
	int outcome;
	u32 error_code;
	u32 every;
	u32 threshold;
	u32 countdown;
	u64 prng;
	u64 hits;
};

/**
 * struct sgx2_sim_epc - one view of the simulated EPC
 * @epcm:	the EPCM, @nr_pages entries
 * @nr_pages:	number of EPC pages
 * @ops:	memory callbacks
 * @ctx:	passed to @ops
 * @inject:	fault injection state
 * @secret:	the emulator's secret, or NULL: EWB, ELDU, ELDB, EREPORT
 *		and EGETKEY need one (-EINVAL without)
 */
struct sgx2_sim_epc {
	struct sgx2_sim_epcm *epcm;
	u32 nr_pages;
	const struct sgx2_sim_ops *ops;
	void *ctx;
	struct sgx2_sim_inject inject;
	struct sgx2_sim_secret *secret;
};

void sgx2_sim_cpuid_sgx(u32 subleaf, u64 epc_base, u64 epc_size, u32 regs[4]);
void sgx2_sim_epc_init(struct sgx2_sim_epc *epc, struct sgx2_sim_epcm *epcm,
		       u32 nr_pages, const struct sgx2_sim_ops *ops, void *ctx);
void sgx2_sim_inject_set(struct sgx2_sim_epc *epc, u64 leaf_mask, int outcome,
			 u32 error_code, u32 every, u32 threshold, u64 seed);
bool sgx2_sim_tracking_open(const struct sgx2_sim_encl *encl);
bool sgx2_sim_page_tracked(const struct sgx2_sim_encl *encl,
			   const struct sgx2_sim_epcm *e);

/* ENCLS */
int sgx2_sim_ecreate(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     const struct sgx2_sim_pageinfo *pi, u32 secs,
		     struct sgx2_sim_fault *f);
int sgx2_sim_eadd(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		  const struct sgx2_sim_pageinfo *pi, u32 page,
		  struct sgx2_sim_fault *f);
int sgx2_sim_eextend(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     u32 page, u32 offset, struct sgx2_sim_fault *f);
int sgx2_sim_einit(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		   const void *sigstruct, const void *token,
		   const u8 *lepubkeyhash, struct sgx2_sim_fault *f);
int sgx2_sim_eremove(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     u32 page, struct sgx2_sim_fault *f);
int sgx2_sim_etrack(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    struct sgx2_sim_fault *f);
int sgx2_sim_eaug(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		  const struct sgx2_sim_pageinfo *pi, u32 page,
		  struct sgx2_sim_fault *f);
int sgx2_sim_emodpr(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    const void *secinfo, u32 page, struct sgx2_sim_fault *f);
int sgx2_sim_emodt(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		   const void *secinfo, u32 page, struct sgx2_sim_fault *f);
int sgx2_sim_edbgrd(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    u32 page, u32 offset, u64 *data, struct sgx2_sim_fault *f);
int sgx2_sim_edbgwr(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    u32 page, u32 offset, u64 data, struct sgx2_sim_fault *f);
int sgx2_sim_epa(struct sgx2_sim_epc *epc, u64 pt, u32 page,
		 struct sgx2_sim_fault *f);
int sgx2_sim_eblock(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    u32 page, struct sgx2_sim_fault *f);
int sgx2_sim_ewb(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		 u32 page, u32 va, u32 slot, void *contents, void *pcmd,
		 struct sgx2_sim_fault *f);
int sgx2_sim_eld(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		 const struct sgx2_sim_pageinfo *pi, u32 page, u32 va, u32 slot,
		 bool blocked, struct sgx2_sim_fault *f);

/* ENCLU, and the asynchronous exit */
int sgx2_sim_eenter(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    struct sgx2_sim_lp *lp, struct sgx2_sim_regs *regs,
		    struct sgx2_sim_fault *f);
int sgx2_sim_eresume(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     struct sgx2_sim_lp *lp, struct sgx2_sim_regs *regs,
		     struct sgx2_sim_ssa_gpr *gpr, struct sgx2_sim_fault *f);
int sgx2_sim_eexit(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		   struct sgx2_sim_lp *lp, struct sgx2_sim_regs *regs,
		   struct sgx2_sim_fault *f);
int sgx2_sim_eaccept(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     struct sgx2_sim_lp *lp, u64 secinfo, u64 page,
		     struct sgx2_sim_fault *f);
int sgx2_sim_eacceptcopy(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
			 struct sgx2_sim_lp *lp, u64 secinfo, u64 dst, u64 src,
			 struct sgx2_sim_fault *f);
int sgx2_sim_emodpe(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		    struct sgx2_sim_lp *lp, u64 secinfo, u64 page,
		    struct sgx2_sim_fault *f);
int sgx2_sim_ereport(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     struct sgx2_sim_lp *lp, u64 targetinfo, u64 reportdata,
		     u64 out, struct sgx2_sim_fault *f);
int sgx2_sim_egetkey(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		     struct sgx2_sim_lp *lp, u64 keyrequest, u64 out,
		     struct sgx2_sim_fault *f);
int sgx2_sim_enclu(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		   struct sgx2_sim_lp *lp, struct sgx2_sim_regs *regs,
		   struct sgx2_sim_ssa_gpr *gpr, struct sgx2_sim_fault *f);
int sgx2_sim_lp_ssa_page(const struct sgx2_sim_epc *epc,
			 const struct sgx2_sim_lp *lp, bool gpr, u32 *idx);
int sgx2_sim_aex(struct sgx2_sim_epc *epc, struct sgx2_sim_encl *encl,
		 struct sgx2_sim_lp *lp, const struct sgx2_sim_ssa_gpr *gpr,
		 struct sgx2_sim_regs *regs);

#endif /* SGX2_SIM_MODEL_H */
