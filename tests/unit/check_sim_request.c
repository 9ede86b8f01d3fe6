// SPDX-License-Identifier: GPL-2.0
/*
 * check_sim_request.c - sgx2_sim_request() (SGX2_IOC_SIM_ENCLU on the
 * model) and sgx2_sim_lp_interrupt(), on the standard enclave of
 * check_sim_harness.h.
 */
#include "check_sim_harness.h"
#include "sim_request.h"

#define RIP_IN		(H_BASE + H_CODE + 0x40)	/* an ENCLU inside */
#define USER_RSP	0x7ffff0001000ULL
#define USER_RBP	0x7ffff0002000ULL
#define RW_PENDING	(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W | \
			 SGX2_SECINFO_PENDING)
#define R_PR		(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_PR)
#define ZF		0x40ULL
#define RFLAGS_IN	0x2d7ULL	/* CF PF AF ZF SF TF IF: all arithmetic set */

static struct sgx2_sim_enclu req;
static u64 eaug;

static void req_reset(u64 leaf)
{
	u32 i;

	memset(&req, 0, sizeof(req));
	req.leaf = leaf;
	for (i = 0; i < SGX2_GPR_NR; i++)
		req.gpr[i] = 0x1000 + i;	/* recognisable */
	req.gpr[SGX2_GPR_RAX] = leaf;
	req.rflags = RFLAGS_IN;
	eaug = ~0ULL;
}

static int run(void)
{
	return sgx2_sim_request(&H->epc, &H->encl, &H->lp, &req, &eaug);
}

/* EENTER through @tcs at H_RIP with the user stack USER_RSP/USER_RBP. */
static void enter(u64 tcs)
{
	req_reset(SGX2_EENTER);
	req.gpr[SGX2_GPR_RBX] = H_BASE + tcs;
	req.gpr[SGX2_GPR_RCX] = H_AEP;
	req.gpr[SGX2_GPR_RSP] = USER_RSP;
	req.gpr[SGX2_GPR_RBP] = USER_RBP;
	req.rip = H_RIP;
	ck_ok(run());
	ck_assert_uint_eq(req.flags, 0);
	ck_assert(H->lp.inside);
}

/* An ENCLU leaf with RBX/RCX/RDX operands, from inside at RIP_IN. */
static int leaf(u64 leaf, u64 rbx, u64 rcx, u64 rdx)
{
	req_reset(leaf);
	req.gpr[SGX2_GPR_RBX] = rbx;
	req.gpr[SGX2_GPR_RCX] = rcx;
	req.gpr[SGX2_GPR_RDX] = rdx;
	req.rip = RIP_IN;
	return run();
}

static u32 cssa(u64 tcs)
{
	u32 v;

	memcpy(&v, h_va(h_idx(tcs)) + SGX2_SIM_TCS_CSSA, 4);
	return v;
}

/* GPRSGX of SSA frame @frame of TCS1 (one page per frame). */
static struct sgx2_sim_ssa_gpr *ssa1(u32 frame)
{
	return (struct sgx2_sim_ssa_gpr *)(h_va(h_idx(H_SSA1 + frame * 0x1000)) +
					   4096 - SGX2_SIM_SSA_GPR_SIZE);
}

/* The state an AEX leaves, and the exception it reports. */
static void ck_aex(u32 vector, u32 error_code, u64 addr)
{
	u32 i;

	ck_assert_uint_eq(req.flags, SGX2_SIM_ENCLU_EXCEPTION);
	ck_assert_uint_eq(req.exception_vector, vector);
	ck_assert_uint_eq(req.exception_error_code, error_code);
	ck_assert_uint_eq(req.exception_addr, addr);
	ck_assert_uint_eq(req.rip, H_AEP);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], SGX2_ERESUME);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RBX], H_BASE + H_TCS1);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RCX], H_AEP);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RSP], USER_RSP);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RBP], USER_RBP);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RDX], 0);
	for (i = SGX2_GPR_RSI; i < SGX2_GPR_NR; i++)
		ck_assert_uint_eq(req.gpr[i], 0);
	ck_assert_uint_eq(req.rflags, RFLAGS_IN & ~0x8d5ULL);
	ck_assert(!H->lp.inside);
	ck_assert_uint_eq(cssa(H_TCS1), 1);
}

/* ---- validation -------------------------------------------------------- */

START_TEST(invalid_requests)
{
	static const u64 bad_leaves[] = {
		SGX2_EREPORT, SGX2_EGETKEY, 8, 0xff, SGX2_SIM_AEX + 1,
		(1ULL << 32) | SGX2_EENTER, ~0ULL,
	};
	u32 i;

	h_init();
	for (i = 0; i < sizeof(bad_leaves) / sizeof(bad_leaves[0]); i++) {
		req_reset(bad_leaves[i]);
		ck_assert_int_eq(run(), -EINVAL);
	}
	req_reset(SGX2_EENTER);
	req.flags = SGX2_SIM_ENCLU_EXCEPTION;
	ck_assert_int_eq(run(), -EINVAL);
	for (i = 0; i < 4; i++) {
		req_reset(SGX2_EENTER);
		req.reserved[i] = 1;
		ck_assert_int_eq(run(), -EINVAL);
	}
	req_reset(SGX2_EENTER);
	req.exception_vector = 14;
	ck_assert_int_eq(run(), -EINVAL);
	req_reset(SGX2_EACCEPT);
	req.exception_error_code = 4;
	ck_assert_int_eq(run(), -EINVAL);
	req_reset(SGX2_EEXIT);
	req.exception_addr = H_BASE;
	ck_assert_int_eq(run(), -EINVAL);
	req_reset(SGX2_SIM_AEX);
	req.exception_vector = 32;
	ck_assert_int_eq(run(), -EINVAL);
	req_reset(SGX2_SIM_AEX);
	req.flags = 1;
	req.exception_vector = 14;
	ck_assert_int_eq(run(), -EINVAL);
	/* Nothing ran. */
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EENTER], 0);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_AEX], 0);
	ck_assert(!H->lp.inside);
}
END_TEST

START_TEST(outside_thread)
{
	static const u64 leaves[] = {
		SGX2_EEXIT, SGX2_EACCEPT, SGX2_EACCEPTCOPY, SGX2_EMODPE,
		SGX2_SIM_AEX,
	};
	u32 i;

	h_init();
	for (i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		req_reset(leaves[i]);
		ck_assert_int_eq(run(), -EPERM);
	}
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EEXIT], 0);
}
END_TEST

/* ---- entry and exit ---------------------------------------------------- */

START_TEST(eenter_eexit_round_trip)
{
	u32 i;

	h_init();
	enter(H_TCS1);
	ck_assert_uint_eq(req.rip, H_BASE + H_CODE);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], 0);		/* CSSA */
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RCX], H_RIP + 3);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RBX], H_BASE + H_TCS1);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RSP], USER_RSP);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RDI], 0x1000 + SGX2_GPR_RDI);
	ck_assert_uint_eq(req.rflags, RFLAGS_IN);
	ck_assert_uint_eq(ssa1(0)->ursp, USER_RSP);
	ck_assert_uint_eq(ssa1(0)->urbp, USER_RBP);

	req_reset(SGX2_EEXIT);
	req.gpr[SGX2_GPR_RBX] = H_RIP + 3;
	req.rip = RIP_IN;
	ck_ok(run());
	ck_assert_uint_eq(req.flags, 0);
	ck_assert_uint_eq(req.rip, H_RIP + 3);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RCX], H_AEP);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], SGX2_EEXIT);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RBX], H_RIP + 3);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RDX], 0x1000 + SGX2_GPR_RDX);
	for (i = SGX2_GPR_RSP; i < SGX2_GPR_NR; i++)
		ck_assert_uint_eq(req.gpr[i], 0x1000 + i);
	ck_assert(!H->lp.inside);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EENTER], 1);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EEXIT], 1);
}
END_TEST

/* EENTER faulting from outside: registers untouched, still outside. */
START_TEST(eenter_fault_outside)
{
	h_init();
	req_reset(SGX2_EENTER);
	req.gpr[SGX2_GPR_RBX] = H_BASE + H_DATA;	/* not a TCS */
	req.gpr[SGX2_GPR_RCX] = H_AEP;
	req.rip = H_RIP;
	ck_ok(run());
	ck_assert_uint_eq(req.flags, SGX2_SIM_ENCLU_EXCEPTION);
	ck_assert_uint_eq(req.exception_vector, 14);
	ck_assert_uint_eq(req.exception_error_code, EC_U_EPCM_R);
	ck_assert_uint_eq(req.exception_addr, H_BASE + H_DATA);
	ck_assert_uint_eq(req.rip, H_RIP);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], SGX2_EENTER);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RBX], H_BASE + H_DATA);
	ck_assert_uint_eq(req.rflags, RFLAGS_IN);
	ck_assert(!H->lp.inside);

	/* ERESUME with CSSA = 0: #GP, address 0. */
	req_reset(SGX2_ERESUME);
	req.gpr[SGX2_GPR_RBX] = H_BASE + H_TCS1;
	req.gpr[SGX2_GPR_RCX] = H_AEP;
	req.rip = H_RIP;
	ck_ok(run());
	ck_assert_uint_eq(req.flags, SGX2_SIM_ENCLU_EXCEPTION);
	ck_assert_uint_eq(req.exception_vector, 13);
	ck_assert_uint_eq(req.exception_addr, 0);
	ck_assert_uint_eq(req.rip, H_RIP);
}
END_TEST

/* ---- SGX2 leaves ------------------------------------------------------- */

START_TEST(eaccept_zf_rax)
{
	h_init();
	ck_ok(h_eaug(H_DYN));
	enter(H_TCS1);
	ck_ok(leaf(SGX2_EACCEPT, h_si_encl(RW_PENDING), H_BASE + H_DYN, 0));
	ck_assert_uint_eq(req.flags, 0);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], 0);
	ck_assert_uint_eq(req.rflags & 0x8d5, 0);
	ck_assert_uint_eq(req.rflags, RFLAGS_IN & ~0x8d5ULL);
	ck_assert_uint_eq(req.rip, RIP_IN + 3);
	ck_assert_uint_eq(h_e(H_DYN)->flags & SGX2_SIM_EPCM_PENDING, 0);

	/* Again: no longer PENDING, so the SECINFO does not match. */
	ck_ok(leaf(SGX2_EACCEPT, h_si_encl(RW_PENDING), H_BASE + H_DYN, 0));
	ck_assert_uint_eq(req.flags, 0);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], SGX2_PAGE_ATTRIBUTES_MISMATCH);
	ck_assert_uint_eq(req.rflags, (RFLAGS_IN & ~0x8d5ULL) | ZF);
	ck_assert_uint_eq(req.rip, RIP_IN + 3);
	ck_assert(H->lp.inside);
}
END_TEST

START_TEST(emodpe_and_eacceptcopy)
{
	const u64 rx = SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_X;

	h_init();
	ck_ok(h_eaug(H_DYN));
	enter(H_TCS1);
	memset(h_va(h_idx(H_DATA)), 0x5a, 4096);
	ck_ok(leaf(SGX2_EACCEPTCOPY, h_si_encl(rx), H_BASE + H_DYN,
		   H_BASE + H_DATA));
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], 0);
	ck_assert_uint_eq(req.rflags & ZF, 0);
	ck_assert_uint_eq(h_e(H_DYN)->flags, SGX2_SIM_EPCM_VALID |
			  SGX2_SIM_EPCM_R | SGX2_SIM_EPCM_X);
	ck_assert_uint_eq(h_va(h_idx(H_DYN))[100], 0x5a);

	ck_ok(leaf(SGX2_EMODPE, h_si_encl(SGX2_SECINFO_W), H_BASE + H_DYN, 0));
	ck_assert_uint_eq(req.flags, 0);
	ck_assert_uint_eq(req.rip, RIP_IN + 3);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], SGX2_EMODPE);	/* untouched */
	ck_assert_uint_eq(req.rflags, RFLAGS_IN);
	ck_assert(h_e(H_DYN)->flags & SGX2_SIM_EPCM_W);
}
END_TEST

/* A leaf faulting inside is an AEX taken at the ENCLU. */
START_TEST(leaf_fault_inside_is_aex)
{
	u64 si;

	h_init();
	enter(H_TCS1);
	si = h_si_encl(RW_PENDING);
	ck_ok(leaf(SGX2_EACCEPT, si + 8, H_BASE + H_DATA, 0));	/* misaligned */
	ck_aex(13, 0, 0);
	ck_assert_uint_eq(ssa1(0)->rip, RIP_IN);
	ck_assert_uint_eq(ssa1(0)->gpr[SGX2_GPR_RBX], si + 8);
	ck_assert_uint_eq(ssa1(0)->gpr[SGX2_GPR_RAX], SGX2_EACCEPT);
	ck_assert_uint_eq(ssa1(0)->exitinfo, 0);	/* #GP needs EXINFO */
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_AEX], 1);

	/* ERESUME: back at the ENCLU with every register as it was. */
	req_reset(SGX2_ERESUME);
	req.gpr[SGX2_GPR_RBX] = H_BASE + H_TCS1;
	req.gpr[SGX2_GPR_RCX] = H_AEP;
	req.rip = H_AEP;
	req.rflags = 0x202;
	ck_ok(run());
	ck_assert_uint_eq(req.flags, 0);
	ck_assert_uint_eq(req.rip, RIP_IN);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], SGX2_EACCEPT);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RBX], si + 8);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RCX], H_BASE + H_DATA);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_R15], 0x1000 + SGX2_GPR_R15);
	ck_assert_uint_eq(req.rflags, RFLAGS_IN);
	ck_assert(H->lp.inside);
	ck_assert_uint_eq(cssa(H_TCS1), 0);

	/* An EPCM #PF on the SECINFO operand: the address loses bits 11:0. */
	ck_ok(leaf(SGX2_EACCEPT, H_BASE + H_TCS2 + 0x40, H_BASE + H_DATA, 0));
	ck_aex(14, EC_U_EPCM_R, H_BASE + H_TCS2);
}
END_TEST

/* ---- exceptions taken by enclave code (SGX2_SIM_AEX) ------------------- */

static void host_exception(u32 vector, u32 error_code, u64 addr)
{
	req_reset(SGX2_SIM_AEX);
	req.gpr[SGX2_GPR_RAX] = 0xaaaa;
	req.rip = RIP_IN + 0x10;
	req.exception_vector = vector;
	req.exception_error_code = error_code;
	req.exception_addr = addr;
	ck_ok(run());
}

START_TEST(aex_read_of_trimmed_page)
{
	h_init();
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
	enter(H_TCS1);
	host_exception(14, SGX2_SIM_PF_U, H_BASE + H_DATA + 0x123);
	ck_aex(14, 0x8005, H_BASE + H_DATA);
	ck_assert_uint_eq(ssa1(0)->rip, RIP_IN + 0x10);
	ck_assert_uint_eq(ssa1(0)->gpr[SGX2_GPR_RAX], 0xaaaa);
	ck_assert_uint_eq(ssa1(0)->gpr[SGX2_GPR_R12], 0x1000 + SGX2_GPR_R12);
	ck_assert_uint_eq(ssa1(0)->rflags, RFLAGS_IN);
	ck_assert_uint_eq(ssa1(0)->ursp, USER_RSP);
	ck_assert_uint_eq(ssa1(0)->fsbase, H_BASE);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_AEX], 1);
}
END_TEST

START_TEST(aex_write_to_restricted_page)
{
	h_init();
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	enter(H_TCS1);
	host_exception(14, SGX2_SIM_PF_P | SGX2_SIM_PF_U | SGX2_SIM_PF_W,
		       H_BASE + H_DATA + 8);
	ck_aex(14, 0x8007, H_BASE + H_DATA);
}
END_TEST

START_TEST(aex_write_to_pending_page)
{
	h_init();
	ck_ok(h_eaug(H_DYN));
	enter(H_TCS1);
	/* PROT_NONE mapping: the host sees "not present, write". */
	host_exception(14, SGX2_SIM_PF_U | SGX2_SIM_PF_W, H_BASE + H_DYN);
	ck_aex(14, 0x8007, H_BASE + H_DYN);
}
END_TEST

START_TEST(aex_fetch_from_data_page)
{
	h_init();
	enter(H_TCS1);
	host_exception(14, SGX2_SIM_PF_P | SGX2_SIM_PF_U | SGX2_SIM_PF_ID,
		       H_BASE + H_DATA + 0x10);
	ck_aex(14, 0x8015, H_BASE + H_DATA);
}
END_TEST

/* ERESUME through TCS1 after an AEX. */
static void resume(void)
{
	req_reset(SGX2_ERESUME);
	req.gpr[SGX2_GPR_RBX] = H_BASE + H_TCS1;
	req.gpr[SGX2_GPR_RCX] = H_AEP;
	req.rip = H_AEP;
	ck_ok(run());
	ck_assert_uint_eq(req.flags, 0);
	ck_assert(H->lp.inside);
}

/* EPCM allows the access, or the address is not an EPC page: as is. */
START_TEST(aex_passes_host_faults_through)
{
	h_init();
	enter(H_TCS1);
	/* RW page: the fault came from paging, not from the EPCM. */
	host_exception(14, SGX2_SIM_PF_U | SGX2_SIM_PF_W, H_BASE + H_DATA + 8);
	ck_aex(14, 0x6, H_BASE + H_DATA);
	resume();
	/* In ELRANGE, nothing mapped. */
	host_exception(14, SGX2_SIM_PF_U, H_BASE + H_DYN + 0x20);
	ck_aex(14, 0x4, H_BASE + H_DYN);
	resume();
	/* Outside ELRANGE. */
	host_exception(14, SGX2_SIM_PF_U | SGX2_SIM_PF_W, 0x1008);
	ck_aex(14, 0x6, 0x1000);
	resume();
	/* #UD: vector and error code as given, address 0, EXITINFO valid. */
	host_exception(6, 0, RIP_IN);
	ck_aex(6, 0, 0);
	ck_assert_uint_eq(ssa1(0)->exitinfo, 0x80000306);
	resume();
	/* #BP is a software exception. */
	host_exception(3, 0, 0);
	ck_aex(3, 0, 0);
	ck_assert_uint_eq(ssa1(0)->exitinfo, 0x80000603);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_AEX], 5);
}
END_TEST

START_TEST(aex_exinfo)
{
	u8 *frame;
	u64 maddr;
	u32 errcd;

	/* An enclave with MISCSELECT.EXINFO: #PF is reported in the SSA. */
	h_secs(H->src, H_BASE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	H->src[SGX2_SIM_SECS_MISCSELECT] = SGX2_SIM_MISC_EXINFO;
	ck_ok(h_ecreate_encl(&H->encl, H->src, NULL));
	h_tcs(H->src, H_SSA1, 2, H_CODE);
	ck_ok(h_eadd(H_TCS1, SGX2_SECINFO_TCS, H->src));
	ck_ok(h_eadd(H_SSA1, SGX2_SECINFO_REG | SGX2_SECINFO_R |
		     SGX2_SECINFO_W, NULL));
	ck_ok(h_eadd(H_SSA1 + 0x1000, SGX2_SECINFO_REG | SGX2_SECINFO_R |
		     SGX2_SECINFO_W, NULL));
	ck_ok(h_eadd(H_DATA, SGX2_SECINFO_REG | SGX2_SECINFO_R, NULL));
	h_sig(&H->encl);
	ck_ok(h_einit());
	enter(H_TCS1);
	host_exception(14, SGX2_SIM_PF_P | SGX2_SIM_PF_U | SGX2_SIM_PF_W,
		       H_BASE + H_DATA + 0x18);
	ck_aex(14, 0x8007, H_BASE + H_DATA);
	ck_assert_uint_eq(ssa1(0)->exitinfo, 0x8000030e);
	frame = (u8 *)ssa1(0);
	memcpy(&maddr, frame - 16, 8);
	memcpy(&errcd, frame - 8, 4);
	ck_assert_uint_eq(maddr, H_BASE + H_DATA + 0x18);
	ck_assert_uint_eq(errcd, 0x8007);
}
END_TEST

/* ---- EAUG on fault ----------------------------------------------------- */

START_TEST(eaccept_unbacked_asks_for_eaug)
{
	u64 si;

	h_init();
	enter(H_TCS1);
	si = h_si_encl(RW_PENDING);
	ck_assert_int_eq(leaf(SGX2_EACCEPT, si, H_BASE + H_DYN, 0), -EAGAIN);
	ck_assert_uint_eq(eaug, H_BASE + H_DYN);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EACCEPT], 0);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_AEX], 0);
	ck_assert(H->lp.inside);
	ck_assert_uint_eq(req.rip, RIP_IN);

	ck_ok(h_eaug(H_DYN));
	ck_ok(run());
	ck_assert_uint_eq(req.flags, 0);
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], 0);
	ck_assert_uint_eq(req.rip, RIP_IN + 3);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EACCEPT], 1);
}
END_TEST

START_TEST(eacceptcopy_emodpe_unbacked)
{
	const u64 rw = SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W;

	h_init();
	ck_ok(h_eaug(H_DYN));
	enter(H_TCS1);
	/* Unbacked source. */
	ck_assert_int_eq(leaf(SGX2_EACCEPTCOPY, h_si_encl(rw), H_BASE + H_DYN,
			      H_BASE + H_DYN + 0x3000), -EAGAIN);
	ck_assert_uint_eq(eaug, H_BASE + H_DYN + 0x3000);
	/* Unbacked destination. */
	ck_assert_int_eq(leaf(SGX2_EACCEPTCOPY, h_si_encl(rw),
			      H_BASE + H_DYN + 0x2000, H_BASE + H_DATA),
			 -EAGAIN);
	ck_assert_uint_eq(eaug, H_BASE + H_DYN + 0x2000);
	ck_assert_int_eq(leaf(SGX2_EMODPE, h_si_encl(SGX2_SECINFO_X),
			      H_BASE + H_DYN + 0x1000, 0), -EAGAIN);
	ck_assert_uint_eq(eaug, H_BASE + H_DYN + 0x1000);
	/* Earlier checks still win: a misaligned target is #GP, no EAUG. */
	ck_ok(leaf(SGX2_EMODPE, h_si_encl(SGX2_SECINFO_X),
		   H_BASE + H_DYN + 0x1008, 0));
	ck_aex(13, 0, 0);
	ck_assert_uint_eq(eaug, ~0ULL);
}
END_TEST

/* Outside ELRANGE there is nothing to EAUG: #GP as the model says. */
START_TEST(eaccept_outside_elrange)
{
	h_init();
	enter(H_TCS1);
	ck_ok(leaf(SGX2_EACCEPT, h_si_encl(RW_PENDING), H_BASE + H_SIZE, 0));
	ck_aex(13, 0, 0);
}
END_TEST

/* ---- tracking ---------------------------------------------------------- */

START_TEST(lp_interrupt_completes_tracking)
{
	h_init();
	enter(H_TCS1);
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_ok(leaf(SGX2_EACCEPT, h_si_encl(R_PR), H_BASE + H_DATA, 0));
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], SGX2_NOT_TRACKED);
	ck_assert(req.rflags & ZF);

	ck_ok(h_etrack());
	ck_assert(sgx2_sim_tracking_open(&H->encl));
	ck_ok(leaf(SGX2_EACCEPT, h_si_encl(R_PR), H_BASE + H_DATA, 0));
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], SGX2_NOT_TRACKED);

	sgx2_sim_lp_interrupt(&H->encl, &H->lp);
	ck_assert(!sgx2_sim_tracking_open(&H->encl));
	ck_assert(H->lp.inside);
	ck_assert_uint_eq(H->encl.lps_inside, 1);
	ck_assert_uint_eq(cssa(H_TCS1), 0);
	ck_assert(h_e(H_TCS1)->flags & SGX2_SIM_EPCM_BUSY);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_AEX], 1);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_ERESUME], 1);

	ck_ok(leaf(SGX2_EACCEPT, h_si_encl(R_PR), H_BASE + H_DATA, 0));
	ck_assert_uint_eq(req.gpr[SGX2_GPR_RAX], 0);
	ck_assert_uint_eq(req.rflags & ZF, 0);

	/* A second interrupt changes nothing for tracking. */
	sgx2_sim_lp_interrupt(&H->encl, &H->lp);
	ck_assert(!sgx2_sim_tracking_open(&H->encl));
	ck_assert_uint_eq(H->encl.trk_outstanding, 0);

	/* And a thread outside is not affected at all. */
	req_reset(SGX2_EEXIT);
	req.gpr[SGX2_GPR_RBX] = H_RIP + 3;
	req.rip = RIP_IN;
	ck_ok(run());
	sgx2_sim_lp_interrupt(&H->encl, &H->lp);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_AEX], 2);
	ck_assert(!H->lp.inside);
}
END_TEST

/* Only threads that entered before the ETRACK held the cycle open. */
START_TEST(lp_interrupt_late_entrant)
{
	h_init();
	ck_ok(h_enter(&H->lp2, H_TCS2));
	ck_ok(h_etrack());
	enter(H_TCS1);			/* after the ETRACK */
	sgx2_sim_lp_interrupt(&H->encl, &H->lp);
	ck_assert(sgx2_sim_tracking_open(&H->encl));
	sgx2_sim_lp_interrupt(&H->encl, &H->lp2);
	ck_assert(!sgx2_sim_tracking_open(&H->encl));
}
END_TEST

Suite *sim_request_suite(void)
{
	Suite *s = h_suite("sim_request");
	TCase *tc = h_tcase(s, "validate");

	tcase_add_test(tc, invalid_requests);
	tcase_add_test(tc, outside_thread);
	tc = h_tcase(s, "leaves");
	tcase_add_test(tc, eenter_eexit_round_trip);
	tcase_add_test(tc, eenter_fault_outside);
	tcase_add_test(tc, eaccept_zf_rax);
	tcase_add_test(tc, emodpe_and_eacceptcopy);
	tcase_add_test(tc, leaf_fault_inside_is_aex);
	tc = h_tcase(s, "aex");
	tcase_add_test(tc, aex_read_of_trimmed_page);
	tcase_add_test(tc, aex_write_to_restricted_page);
	tcase_add_test(tc, aex_write_to_pending_page);
	tcase_add_test(tc, aex_fetch_from_data_page);
	tcase_add_test(tc, aex_passes_host_faults_through);
	tcase_add_test(tc, aex_exinfo);
	tc = h_tcase(s, "eaug");
	tcase_add_test(tc, eaccept_unbacked_asks_for_eaug);
	tcase_add_test(tc, eacceptcopy_emodpe_unbacked);
	tcase_add_test(tc, eaccept_outside_elrange);
	tc = h_tcase(s, "interrupt");
	tcase_add_test(tc, lp_interrupt_completes_tracking);
	tcase_add_test(tc, lp_interrupt_late_entrant);
	return s;
}
