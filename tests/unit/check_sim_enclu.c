// SPDX-License-Identifier: GPL-2.0
/*
 * check_sim_enclu.c - the ENCLU leaves of the SGX2 model and AEX, one test
 * per check.  Tests named *_before_* give operands that fail two checks at
 * once and expect the one the SDM makes first.
 */
#include "check_sim_harness.h"

#define RW	(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W)
#define RWP	(RW | SGX2_SECINFO_PENDING)
#define UNMAPPED	(H_BASE + 0x20000)

static void put(u8 *p, u32 off, u32 len, u64 v)
{
	for (; len; len--, v >>= 8)
		*(p++ + off) = (u8)v;
}

static u64 get(const u8 *p, u32 off, u32 len)
{
	u64 v = 0;

	while (len--)
		v = (v << 8) | p[off + len];
	return v;
}

static u8 *tcs_va(u64 off)
{
	return h_va(h_idx(off));
}

/* The GPRSGX area of SSA frame @frame of TCS1 (SSAFRAMESIZE 1). */
static u8 *gpr_va(u32 frame)
{
	return h_va(h_idx(H_SSA1 + frame * 0x1000ULL)) + 4096 -
	       SGX2_SIM_SSA_GPR_SIZE;
}

/* ---- EENTER ------------------------------------------------------------- */

START_TEST(eenter_ok)
{
	u8 *gpr;

	h_init();
	H->regs.rsp = 0x7ffd0000;
	H->regs.rbp = 0x7ffd0100;
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_assert_uint_eq(H->regs.rax, 0);
	ck_assert_uint_eq(H->regs.rcx, H_RIP + 3);
	ck_assert_uint_eq(H->regs.rip, H_BASE + H_CODE);
	ck_assert(H->lp.inside);
	ck_assert_uint_eq(H->lp.tcs, h_idx(H_TCS1));
	ck_assert_uint_eq(H->lp.secs, H->encl.secs);
	ck_assert_uint_eq(H->lp.tcs_la, H_BASE + H_TCS1);
	ck_assert_uint_eq(H->lp.aep, H_AEP);
	ck_assert_uint_eq(H->lp.gpr_la, H_BASE + H_SSA1 + 4096 - 184);
	ck_assert(h_e(H_TCS1)->flags & SGX2_SIM_EPCM_BUSY);
	ck_assert_uint_eq(H->encl.lps_inside, 1);
	gpr = gpr_va(0);
	ck_assert_uint_eq(get(gpr, 144, 8), 0x7ffd0000);
	ck_assert_uint_eq(get(gpr, 152, 8), 0x7ffd0100);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EENTER], 1);
}
END_TEST

START_TEST(eenter_inside_before_unmapped)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_gp(h_enter(&H->lp, UNMAPPED - H_BASE));
}
END_TEST

START_TEST(eenter_misaligned_before_unmapped)
{
	h_init();
	ck_gp(h_enter(&H->lp, UNMAPPED - H_BASE + 8));
	ck_assert(!H->lp.inside);
}
END_TEST

START_TEST(eenter_unmapped_before_aep)
{
	h_init();
	H->regs.rbx = UNMAPPED;
	H->regs.rcx = H_NONCANON;
	ck_pf(sgx2_sim_eenter(&H->epc, &H->encl, &H->lp, &H->regs, &H->f),
	      UNMAPPED, EC_U_NONE_R);
}
END_TEST

START_TEST(eenter_aep_before_tcs_invalid)
{
	h_init();
	h_e(H_TCS1)->flags &= ~SGX2_SIM_EPCM_VALID;
	H->regs.rbx = H_BASE + H_TCS1;
	H->regs.rcx = H_NONCANON;
	ck_gp(sgx2_sim_eenter(&H->epc, &H->encl, &H->lp, &H->regs, &H->f));
}
END_TEST

START_TEST(eenter_tcs_invalid)
{
	h_init();
	h_e(H_TCS1)->flags &= ~SGX2_SIM_EPCM_VALID;
	ck_pf(h_enter(&H->lp, H_TCS1), H_BASE + H_TCS1, EC_U_EPCM_R);
}
END_TEST

START_TEST(eenter_tcs_blocked)
{
	h_init();
	h_e(H_TCS1)->flags |= SGX2_SIM_EPCM_BLOCKED;
	ck_pf(h_enter(&H->lp, H_TCS1), H_BASE + H_TCS1, EC_U_EPCM_R);
}
END_TEST

START_TEST(eenter_not_tcs)
{
	h_init();
	ck_pf(h_enter(&H->lp, H_DATA), H_BASE + H_DATA, EC_U_EPCM_R);
}
END_TEST

START_TEST(eenter_tcs_address_mismatch)
{
	h_init();
	h_map(&H->encl, UNMAPPED, h_idx(H_TCS1));
	ck_pf(h_enter(&H->lp, UNMAPPED - H_BASE), UNMAPPED, EC_U_EPCM_R);
}
END_TEST

START_TEST(eenter_tcs_modified)
{
	h_init();
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TCS));
	ck_pf(h_enter(&H->lp, H_DATA), H_BASE + H_DATA, EC_U_EPCM_R);
}
END_TEST

START_TEST(eenter_tcs_epcm_before_ossa)
{
	h_init();
	put(tcs_va(H_TCS1), SGX2_SIM_TCS_OSSA, 8, 0x1800);
	h_e(H_TCS1)->flags |= SGX2_SIM_EPCM_BLOCKED;
	ck_pf(h_enter(&H->lp, H_TCS1), H_BASE + H_TCS1, EC_U_EPCM_R);
}
END_TEST

START_TEST(eenter_tcs_fields)
{
	static const struct { u32 off; u64 val; } bad[] = {
		{ SGX2_SIM_TCS_OSSA, 0x1800 },
		{ SGX2_SIM_TCS_OFSBASE, 0x10 },
		{ SGX2_SIM_TCS_OGSBASE, 0x800 },
		/* FS base = BASEADDR + OFSBASE lands at 2^47 */
		{ SGX2_SIM_TCS_OFSBASE, 0x800000000000ULL - H_BASE },
		{ SGX2_SIM_TCS_OGSBASE, 0x800000000000ULL - H_BASE },
		{ SGX2_SIM_TCS_FLAGS, 2 },
		{ SGX2_SIM_TCS_FLAGS, BIT_ULL(63) },
		{ SGX2_SIM_TCS_CSSA, 2 },	/* = NSSA */
	};

	h_init();
	put(tcs_va(H_TCS1), bad[_i].off, bad[_i].off == SGX2_SIM_TCS_CSSA ? 4 : 8,
	    bad[_i].val);
	ck_gp(h_enter(&H->lp, H_TCS1));
	ck_assert(!H->lp.inside);
	ck_assert_uint_eq(H->encl.lps_inside, 0);
	ck_assert(!(h_e(H_TCS1)->flags & SGX2_SIM_EPCM_BUSY));
}
END_TEST

START_TEST(eenter_dbgoptin_ok)
{
	h_init();
	put(tcs_va(H_TCS1), SGX2_SIM_TCS_FLAGS, 8, SGX2_SIM_TCS_DBGOPTIN);
	ck_ok(h_enter(&H->lp, H_TCS1));
}
END_TEST

START_TEST(eenter_not_initialized)
{
	h_build();
	ck_gp(h_enter(&H->lp, H_TCS1));
}
END_TEST

START_TEST(eenter_not_64bit)
{
	h_init();
	H->encl.attributes &= ~SGX2_SIM_ATTR_MODE64BIT;
	ck_gp(h_enter(&H->lp, H_TCS1));
}
END_TEST

START_TEST(eenter_cssa_before_ssa)
{
	h_init();
	put(tcs_va(H_TCS1), SGX2_SIM_TCS_CSSA, 4, 2);
	h_unmap(&H->encl, H_BASE + H_SSA1 + 0x1000);
	h_unmap(&H->encl, H_BASE + H_SSA1);
	ck_gp(h_enter(&H->lp, H_TCS1));
}
END_TEST

START_TEST(eenter_ssa_unmapped)
{
	h_init();
	h_unmap(&H->encl, H_BASE + H_SSA1);
	ck_pf(h_enter(&H->lp, H_TCS1), H_BASE + H_SSA1, EC_U_NONE_W);
}
END_TEST

START_TEST(eenter_ssa_frame_follows_cssa)
{
	h_init();
	h_unmap(&H->encl, H_BASE + H_SSA1 + 0x1000);
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_aex(&H->lp));
	/* CSSA is 1 now: the second frame is the current one. */
	ck_pf(h_enter(&H->lp, H_TCS1), H_BASE + H_SSA1 + 0x1000, EC_U_NONE_W);
}
END_TEST

START_TEST(eenter_ssa_read_only)
{
	h_init();
	ck_ok(h_emodpr(H_SSA1, SGX2_SECINFO_R));
	ck_pf(h_enter(&H->lp, H_TCS1), H_BASE + H_SSA1, EC_U_EPCM_W);
}
END_TEST

START_TEST(eenter_ssa_pending)
{
	h_init();
	ck_ok(h_eremove(H_SSA1));
	ck_ok(h_eaug(H_SSA1));
	ck_pf(h_enter(&H->lp, H_TCS1), H_BASE + H_SSA1, EC_U_EPCM_W);
}
END_TEST

START_TEST(eenter_ssa_trimmed)
{
	h_init();
	ck_ok(h_emodt(H_SSA1, SGX2_SECINFO_TRIM));
	ck_pf(h_enter(&H->lp, H_TCS1), H_BASE + H_SSA1, EC_U_EPCM_W);
}
END_TEST

START_TEST(eenter_gpr_page)
{
	const u64 gpr = H_BASE + 0x3000 - SGX2_SIM_SSA_GPR_SIZE;

	/*
	 * SSAFRAMESIZE 2: the XSAVE area is in the frame's first page, the
	 * GPRSGX area at the end of its second page, which _i == 0 leaves out.
	 */
	h_secs(H->src, H_BASE, H_SIZE, 2, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_ok(h_ecreate_encl(&H->encl, H->src, NULL));
	h_tcs(H->src, 0x1000, 1, H_CODE);
	ck_ok(h_eadd(H_TCS1, SGX2_SECINFO_TCS, H->src));
	ck_ok(h_eadd(0x1000, RW, NULL));
	if (_i)
		ck_ok(h_eadd(0x2000, RW, NULL));
	h_sig(&H->encl);
	ck_ok(h_einit());
	if (!_i) {
		ck_pf(h_enter(&H->lp, H_TCS1), gpr, EC_U_NONE_W);
		return;
	}
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_assert_uint_eq(H->lp.gpr_la, gpr);
}
END_TEST

START_TEST(eenter_ssa_before_oentry)
{
	h_init();
	put(tcs_va(H_TCS1), SGX2_SIM_TCS_OENTRY, 8, 0x800000000000ULL - H_BASE);
	h_unmap(&H->encl, H_BASE + H_SSA1);
	ck_pf(h_enter(&H->lp, H_TCS1), H_BASE + H_SSA1, EC_U_NONE_W);
}
END_TEST

START_TEST(eenter_oentry_not_canonical)
{
	h_init();
	put(tcs_va(H_TCS1), SGX2_SIM_TCS_OENTRY, 8, 0x800000000000ULL - H_BASE);
	ck_gp(h_enter(&H->lp, H_TCS1));
}
END_TEST

START_TEST(eenter_busy)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_gp(h_enter(&H->lp2, H_TCS1));
	ck_assert(!H->lp2.inside);
	ck_assert_uint_eq(H->encl.lps_inside, 1);
	ck_ok(h_enter(&H->lp2, H_TCS2));
	ck_assert_uint_eq(H->encl.lps_inside, 2);
}
END_TEST

START_TEST(eenter_tcs_type_before_busy)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS2));
	/* EMODT does not look at TCS.STATE: the TCS is busy and PT_TRIM. */
	ck_ok(h_emodt(H_TCS2, SGX2_SECINFO_TRIM));
	ck_assert(h_e(H_TCS2)->flags & SGX2_SIM_EPCM_BUSY);
	ck_pf(h_enter(&H->lp2, H_TCS2), H_BASE + H_TCS2, EC_U_EPCM_R);
}
END_TEST

START_TEST(eenter_ssa_before_busy)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_emodpr(H_SSA1, SGX2_SECINFO_R));
	ck_pf(h_enter(&H->lp2, H_TCS1), H_BASE + H_SSA1, EC_U_EPCM_W);
}
END_TEST

START_TEST(eenter_tcs_epcm_before_foreign)
{
	h_init();
	h_build_encl2();
	/* encl2's page at +0x2000 becomes a TCS, not yet accepted. */
	ck_ok(sgx2_sim_emodt(&H->epc, &H->encl2, h_si_host(SGX2_SECINFO_TCS),
			     H->encl2.secs + 3, &H->f));
	h_map(&H->encl, H_BASE + H_SIZE + 0x2000, H->encl2.secs + 3);
	ck_pf(h_enter(&H->lp, H_SIZE + 0x2000), H_BASE + H_SIZE + 0x2000,
	      EC_U_EPCM_R);
}
END_TEST

START_TEST(eenter_foreign_tcs)
{
	h_init();
	h_build_encl2();
	h_map(&H->encl, H_BASE + H_SIZE, H->encl2.secs + 1);
	ck_code(h_enter(&H->lp, H_SIZE), -EINVAL);
	ck_assert(!H->lp.inside);
}
END_TEST

/* ---- ERESUME ------------------------------------------------------------ */

static int eresume(struct sgx2_sim_lp *lp, u64 tcs_off,
		   struct sgx2_sim_ssa_gpr *out)
{
	H->regs.rax = SGX2_ERESUME;
	H->regs.rbx = H_BASE + tcs_off;
	H->regs.rcx = H_AEP;
	H->regs.rip = H_RIP;
	return sgx2_sim_eresume(&H->epc, &H->encl, lp, &H->regs, out, &H->f);
}

/* Pretend an AEX happened on TCS1: CSSA 1, frame 0 holds a saved state. */
static void fake_aex(u64 rip)
{
	u8 *gpr = gpr_va(0);

	put(tcs_va(H_TCS1), SGX2_SIM_TCS_CSSA, 4, 1);
	memset(gpr, 0, 184);
	put(gpr, 136, 8, rip);
}

START_TEST(eresume_ok)
{
	struct sgx2_sim_ssa_gpr in = { .rip = H_BASE + H_CODE + 0x10 }, out;
	u32 i;

	for (i = 0; i < 16; i++)
		in.gpr[i] = 100 + i;
	in.fsbase = H_BASE + 0x7000;
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(sgx2_sim_aex(&H->epc, &H->encl, &H->lp, &in, &H->regs));
	ck_assert_uint_eq(get(tcs_va(H_TCS1), SGX2_SIM_TCS_CSSA, 4), 1);
	ck_ok(eresume(&H->lp, H_TCS1, &out));
	ck_assert_uint_eq(get(tcs_va(H_TCS1), SGX2_SIM_TCS_CSSA, 4), 0);
	ck_assert(H->lp.inside);
	ck_assert_uint_eq(H->encl.lps_inside, 1);
	ck_assert(h_e(H_TCS1)->flags & SGX2_SIM_EPCM_BUSY);
	ck_assert_uint_eq(H->regs.rip, H_BASE + H_CODE + 0x10);
	ck_assert_uint_eq(H->regs.rax, 100);
	ck_assert_uint_eq(H->regs.rcx, 101);
	ck_assert_uint_eq(H->regs.rdx, 102);
	ck_assert_uint_eq(H->regs.rbx, 103);
	ck_assert_uint_eq(H->regs.rsp, 104);
	ck_assert_uint_eq(H->regs.rbp, 105);
	ck_assert_uint_eq(out.gpr[15], 115);
	ck_assert_uint_eq(out.fsbase, H_BASE + 0x7000);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_ERESUME], 1);
}
END_TEST

START_TEST(eresume_inside)
{
	h_init();
	fake_aex(H_BASE + H_CODE);
	ck_ok(h_enter(&H->lp, H_TCS2));
	ck_gp(eresume(&H->lp, H_TCS1, NULL));
}
END_TEST

START_TEST(eresume_misaligned_before_unmapped)
{
	h_init();
	ck_gp(eresume(&H->lp, UNMAPPED - H_BASE + 0x100, NULL));
}
END_TEST

START_TEST(eresume_unmapped)
{
	h_init();
	ck_pf(eresume(&H->lp, UNMAPPED - H_BASE, NULL), UNMAPPED, EC_U_NONE_R);
}
END_TEST

START_TEST(eresume_aep_before_tcs_invalid)
{
	h_init();
	fake_aex(H_BASE + H_CODE);
	h_e(H_TCS1)->flags &= ~SGX2_SIM_EPCM_VALID;
	H->regs.rbx = H_BASE + H_TCS1;
	H->regs.rcx = H_NONCANON;
	ck_gp(sgx2_sim_eresume(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			       &H->f));
}
END_TEST

START_TEST(eresume_tcs_epcm)
{
	h_init();
	fake_aex(H_BASE + H_CODE);
	switch (_i) {
	case 0:
		h_e(H_TCS1)->flags &= ~SGX2_SIM_EPCM_VALID;
		break;
	case 1:
		h_e(H_TCS1)->flags |= SGX2_SIM_EPCM_BLOCKED;
		break;
	case 2:
		h_e(H_TCS1)->flags |= SGX2_SIM_EPCM_MODIFIED;
		break;
	case 3:
		h_e(H_TCS1)->pt = SGX2_PAGE_TYPE_REG;
		break;
	}
	ck_pf(eresume(&H->lp, H_TCS1, NULL), H_BASE + H_TCS1, EC_U_EPCM_R);
}
END_TEST

START_TEST(eresume_tcs_fields)
{
	static const struct { u32 off; u64 val; } bad[] = {
		{ SGX2_SIM_TCS_OSSA, 0x1008 },
		{ SGX2_SIM_TCS_OFSBASE, 0x10 },
		{ SGX2_SIM_TCS_OGSBASE, 0x100 },
		{ SGX2_SIM_TCS_FLAGS, 4 },
	};

	h_init();
	fake_aex(H_BASE + H_CODE);
	put(tcs_va(H_TCS1), bad[_i].off, 8, bad[_i].val);
	ck_gp(eresume(&H->lp, H_TCS1, NULL));
}
END_TEST

START_TEST(eresume_not_initialized)
{
	h_build();
	fake_aex(H_BASE + H_CODE);
	ck_gp(eresume(&H->lp, H_TCS1, NULL));
}
END_TEST

START_TEST(eresume_not_64bit)
{
	h_init();
	fake_aex(H_BASE + H_CODE);
	H->encl.attributes &= ~SGX2_SIM_ATTR_MODE64BIT;
	ck_gp(eresume(&H->lp, H_TCS1, NULL));
}
END_TEST

START_TEST(eresume_cssa_zero_before_ssa)
{
	h_init();
	h_unmap(&H->encl, H_BASE + H_SSA1);
	ck_gp(eresume(&H->lp, H_TCS1, NULL));
}
END_TEST

START_TEST(eresume_ssa_unmapped)
{
	h_init();
	fake_aex(H_BASE + H_CODE);
	h_unmap(&H->encl, H_BASE + H_SSA1);
	ck_pf(eresume(&H->lp, H_TCS1, NULL), H_BASE + H_SSA1, EC_U_NONE_W);
}
END_TEST

START_TEST(eresume_rip_not_canonical)
{
	h_init();
	fake_aex(H_NONCANON);
	ck_gp(eresume(&H->lp, H_TCS1, NULL));
	ck_assert_uint_eq(get(tcs_va(H_TCS1), SGX2_SIM_TCS_CSSA, 4), 1);
}
END_TEST

START_TEST(eresume_fsbase_not_canonical)
{
	h_init();
	fake_aex(H_BASE + H_CODE);
	put(gpr_va(0), 168 + (_i ? 8 : 0), 8, H_NONCANON);
	ck_gp(eresume(&H->lp, H_TCS1, NULL));
}
END_TEST

START_TEST(eresume_busy)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_aex(&H->lp));
	/* Re-enter on the next SSA frame (an exception handler). */
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_assert_uint_eq(H->regs.rax, 1);
	ck_gp(eresume(&H->lp2, H_TCS1, NULL));
	ck_assert(!H->lp2.inside);
}
END_TEST

START_TEST(eresume_ssa_before_busy)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_aex(&H->lp));
	ck_ok(h_enter(&H->lp, H_TCS1));
	/* lp2 would resume on frame 0, which is no longer writable. */
	ck_ok(h_emodpr(H_SSA1, SGX2_SECINFO_R));
	ck_pf(eresume(&H->lp2, H_TCS1, NULL), H_BASE + H_SSA1, EC_U_EPCM_W);
}
END_TEST

/* ---- EEXIT -------------------------------------------------------------- */

START_TEST(eexit_ok)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	H->regs.rbx = 0x401000;
	ck_ok(sgx2_sim_eexit(&H->epc, &H->encl, &H->lp, &H->regs, &H->f));
	ck_assert_uint_eq(H->regs.rip, 0x401000);
	ck_assert_uint_eq(H->regs.rcx, H_AEP);
	ck_assert(!H->lp.inside);
	ck_assert_uint_eq(H->encl.lps_inside, 0);
	ck_assert(!(h_e(H_TCS1)->flags & SGX2_SIM_EPCM_BUSY));
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EEXIT], 1);
}
END_TEST

START_TEST(eexit_outside)
{
	h_init();
	ck_gp(h_exit(&H->lp));
}
END_TEST

START_TEST(eexit_outside_before_target)
{
	h_init();
	H->regs.rbx = H_NONCANON;
	ck_gp(sgx2_sim_eexit(&H->epc, &H->encl, &H->lp, &H->regs, &H->f));
	ck_assert_uint_eq(H->encl.lps_inside, 0);
}
END_TEST

START_TEST(eexit_target_not_canonical)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	H->regs.rbx = H_NONCANON;
	ck_gp(sgx2_sim_eexit(&H->epc, &H->encl, &H->lp, &H->regs, &H->f));
	ck_assert(H->lp.inside);
	ck_assert_uint_eq(H->encl.lps_inside, 1);
}
END_TEST

START_TEST(eexit_target_inside_elrange)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	H->regs.rbx = H_BASE + H_CODE;
	ck_ok(sgx2_sim_eexit(&H->epc, &H->encl, &H->lp, &H->regs, &H->f));
	ck_assert_uint_eq(H->regs.rip, H_BASE + H_CODE);
}
END_TEST

START_TEST(eexit_other_enclave)
{
	h_init();
	h_build_encl2();
	H->regs.rbx = H->encl2.base;
	H->regs.rcx = H_AEP;
	ck_ok(sgx2_sim_eenter(&H->epc, &H->encl2, &H->lp, &H->regs, &H->f));
	ck_code(h_exit(&H->lp), -EINVAL);
	ck_assert(H->lp.inside);
}
END_TEST

/* ---- EACCEPT ------------------------------------------------------------ */

static int eaccept_la(u64 si, u64 page)
{
	return sgx2_sim_eaccept(&H->epc, &H->encl, &H->lp, si, page, &H->f);
}

/* Initialized enclave, EAUG at H_DYN, the thread inside through TCS1. */
static void accept_setup(void)
{
	h_init();
	ck_ok(h_eaug(H_DYN));
	ck_ok(h_enter(&H->lp, H_TCS1));
}

START_TEST(eaccept_pending_ok)
{
	accept_setup();
	ck_ok(h_eaccept(&H->lp, RWP, H_DYN));
	ck_assert_uint_eq(h_e(H_DYN)->flags, SGX2_SIM_EPCM_VALID |
			  SGX2_SIM_EPCM_R | SGX2_SIM_EPCM_W);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EACCEPT], 1);
}
END_TEST

START_TEST(eaccept_outside)
{
	h_init();
	ck_ok(h_eaug(H_DYN));
	ck_gp(h_eaccept(&H->lp, RWP, H_DYN));
	ck_assert(h_e(H_DYN)->flags & SGX2_SIM_EPCM_PENDING);
}
END_TEST

START_TEST(eaccept_secinfo_misaligned)
{
	accept_setup();
	ck_gp(eaccept_la(h_si_encl(RWP) + 8, H_BASE + H_DYN));
}
END_TEST

START_TEST(eaccept_secinfo_elrange_before_unmapped)
{
	accept_setup();
	ck_gp(eaccept_la(H_BASE + H_SIZE, H_BASE + H_DYN));
	ck_gp(eaccept_la(H_BASE - 64, H_BASE + H_DYN));
}
END_TEST

START_TEST(eaccept_secinfo_unmapped_before_page_misaligned)
{
	accept_setup();
	ck_pf(eaccept_la(UNMAPPED + 64, H_BASE + H_DYN + 8), UNMAPPED + 64,
	      EC_U_NONE_R);
}
END_TEST

START_TEST(eaccept_secinfo_page)
{
	u64 si;

	accept_setup();
	ck_ok(h_eaug(H_DYN + 0x1000));
	switch (_i) {
	case 0:	/* in a TCS */
		si = H_BASE + H_TCS2 + 64;
		break;
	case 1:	/* in a pending page */
		si = H_BASE + H_DYN + 0x1000;
		break;
	case 2:	/* in a page that is not readable */
		ck_ok(h_emodpr(H_DATA, 0));
		si = H_BASE + H_DATA;
		break;
	case 3:	/* in a page mapped at the wrong address */
		h_map(&H->encl, UNMAPPED, h_idx(H_SI));
		si = UNMAPPED + 128;
		break;
	default:	/* in a blocked page */
		h_e(H_SI)->flags |= SGX2_SIM_EPCM_BLOCKED;
		si = h_si_encl(RWP);
		break;
	}
	ck_pf(eaccept_la(si, H_BASE + H_DYN), si, EC_U_EPCM_R);
}
END_TEST

START_TEST(eaccept_secinfo_page_before_reserved)
{
	u8 *p;

	accept_setup();
	ck_ok(h_eaug(H_DYN + 0x1000));
	p = h_va(h_idx(H_DYN + 0x1000));
	put(p, 0, 8, RWP | BIT_ULL(20));
	ck_pf(eaccept_la(H_BASE + H_DYN + 0x1000, H_BASE + H_DYN),
	      H_BASE + H_DYN + 0x1000, EC_U_EPCM_R);
}
END_TEST

START_TEST(eaccept_secinfo_reserved_before_page_unmapped)
{
	u64 si;

	accept_setup();
	si = h_si_encl(RWP);
	h_va(h_idx(H_SI))[si - H_BASE - H_SI + 48] = 1;
	ck_gp(eaccept_la(si, UNMAPPED));
	ck_gp(h_eaccept(&H->lp, RWP | BIT_ULL(7), H_DYN));
}
END_TEST

START_TEST(eaccept_page_misaligned)
{
	accept_setup();
	ck_gp(eaccept_la(h_si_encl(RWP), H_BASE + H_DYN + 0x10));
}
END_TEST

START_TEST(eaccept_page_elrange_before_unmapped)
{
	accept_setup();
	ck_gp(eaccept_la(h_si_encl(RWP), H_BASE + H_SIZE));
}
END_TEST

START_TEST(eaccept_page_unmapped)
{
	accept_setup();
	/* The selftests see error code 0x4 here on a kernel without EAUG. */
	ck_pf(eaccept_la(h_si_encl(RWP), UNMAPPED), UNMAPPED, 0x4);
}
END_TEST

START_TEST(eaccept_page_unmapped_before_illegal)
{
	accept_setup();
	ck_pf(eaccept_la(h_si_encl(RW), UNMAPPED), UNMAPPED, 0x4);
}
END_TEST

START_TEST(eaccept_illegal_request)
{
	static const u64 bad[] = {
		RW,
		RWP | SGX2_SECINFO_MODIFIED,
		RW | SGX2_SECINFO_PR | SGX2_SECINFO_MODIFIED,
		SGX2_SECINFO_TRIM,
		SGX2_SECINFO_TRIM | SGX2_SECINFO_MODIFIED | SGX2_SECINFO_PENDING,
		SGX2_SECINFO_TCS | SGX2_SECINFO_MODIFIED | SGX2_SECINFO_PR,
		SGX2_SECINFO_VA | SGX2_SECINFO_MODIFIED,
		SGX2_SECINFO_SECS | SGX2_SECINFO_MODIFIED,
	};

	accept_setup();
	ck_gp(h_eaccept(&H->lp, bad[_i], H_DYN));
}
END_TEST

START_TEST(eaccept_illegal_before_page_invalid)
{
	accept_setup();
	h_map(&H->encl, UNMAPPED, h_page());
	ck_gp(eaccept_la(h_si_encl(SGX2_SECINFO_TRIM), UNMAPPED));
}
END_TEST

START_TEST(eaccept_page_epcm)
{
	u64 la = H_BASE + H_DYN;

	accept_setup();
	switch (_i) {
	case 0:
		la = UNMAPPED;
		h_map(&H->encl, la, h_page());
		break;
	case 1:
		h_e(H_DYN)->flags |= SGX2_SIM_EPCM_BLOCKED;
		break;
	default:
		h_build_encl2();
		la = UNMAPPED;
		h_map(&H->encl, la, H->encl2.secs + 3);
		break;
	}
	ck_pf(eaccept_la(h_si_encl(RWP), la), la, EC_U_EPCM_R);
}
END_TEST

START_TEST(eaccept_page_epcm_before_mismatch)
{
	accept_setup();
	h_map(&H->encl, UNMAPPED, h_page());
	ck_pf(eaccept_la(h_si_encl(SGX2_SECINFO_REG | SGX2_SECINFO_PENDING),
			 UNMAPPED), UNMAPPED, EC_U_EPCM_R);
}
END_TEST

START_TEST(eaccept_mismatch)
{
	accept_setup();
	switch (_i) {
	case 0:	/* permissions */
		ck_code(h_eaccept(&H->lp, RWP & ~SGX2_SECINFO_W, H_DYN),
			SGX2_PAGE_ATTRIBUTES_MISMATCH);
		break;
	case 1:	/* PENDING */
		ck_code(h_eaccept(&H->lp, RW | SGX2_SECINFO_PR, H_DYN),
			SGX2_PAGE_ATTRIBUTES_MISMATCH);
		break;
	case 2:	/* page type */
		ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
		ck_code(h_eaccept(&H->lp, SGX2_SECINFO_TCS |
				  SGX2_SECINFO_MODIFIED, H_DATA),
			SGX2_PAGE_ATTRIBUTES_MISMATCH);
		break;
	default:	/* ENCLAVEADDRESS */
		h_map(&H->encl, UNMAPPED, h_idx(H_DYN));
		ck_code(h_eaccept(&H->lp, RWP, UNMAPPED - H_BASE),
			SGX2_PAGE_ATTRIBUTES_MISMATCH);
		break;
	}
}
END_TEST

START_TEST(eaccept_mismatch_before_not_tracked)
{
	accept_setup();
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_code(h_eaccept(&H->lp, RW | SGX2_SECINFO_PR, H_DATA),
		SGX2_PAGE_ATTRIBUTES_MISMATCH);
}
END_TEST

START_TEST(eaccept_not_tracked)
{
	accept_setup();
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_code(h_eaccept(&H->lp, SGX2_SECINFO_REG | SGX2_SECINFO_R |
			  SGX2_SECINFO_PR, H_DATA), SGX2_NOT_TRACKED);
	ck_assert(h_e(H_DATA)->flags & SGX2_SIM_EPCM_PR);
}
END_TEST

START_TEST(eaccept_pr_not_compared)
{
	accept_setup();
	ck_ok(h_eaccept(&H->lp, RW | SGX2_SECINFO_PR, H_DATA));
	ck_assert_uint_eq(h_e(H_DATA)->flags, SGX2_SIM_EPCM_VALID |
			  SGX2_SIM_EPCM_R | SGX2_SIM_EPCM_W);
}
END_TEST

/* H_DATA becomes a TCS (tracked), TCS fields from @setup, thread inside. */
static void tcs_accept_setup(u32 off, u32 len, u64 val)
{
	u8 *p;

	h_init();
	p = h_va(h_idx(H_DATA));
	h_tcs(p, H_DATA2, 1, H_CODE);
	if (len)
		put(p, off, len, val);
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TCS));
	ck_ok(h_etrack());
	ck_ok(h_enter(&H->lp, H_TCS1));
}

START_TEST(eaccept_tcs_ok)
{
	tcs_accept_setup(0, 0, 0);
	ck_ok(h_eaccept(&H->lp, SGX2_SECINFO_TCS | SGX2_SECINFO_MODIFIED,
			H_DATA));
	ck_assert_uint_eq(h_e(H_DATA)->flags, SGX2_SIM_EPCM_VALID);
	/* The new TCS can be entered; its SSA is H_DATA2. */
	ck_ok(h_enter(&H->lp2, H_DATA));
	ck_assert_uint_eq(H->lp2.gpr_la, H_BASE + H_DATA2 + 4096 - 184);
}
END_TEST

START_TEST(eaccept_not_tracked_before_tcs_fields)
{
	h_init();
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TCS));
	ck_ok(h_enter(&H->lp, H_TCS1));
	/* NSSA 0: the TCS field check would fail too. */
	ck_code(h_eaccept(&H->lp, SGX2_SECINFO_TCS | SGX2_SECINFO_MODIFIED,
			  H_DATA), SGX2_NOT_TRACKED);
}
END_TEST

START_TEST(eaccept_tcs_fields)
{
	static const struct { u32 off, len; u64 val; } bad[] = {
		{ SGX2_SIM_TCS_RESERVED, 1, 1 },
		{ 4095, 1, 1 },
		{ SGX2_SIM_TCS_FLAGS, 8, SGX2_SIM_TCS_DBGOPTIN },
		{ SGX2_SIM_TCS_CSSA, 4, 1 },		/* = NSSA */
		{ SGX2_SIM_TCS_NSSA, 4, 0 },
		{ SGX2_SIM_TCS_AEP, 8, 0x1000 },
		{ SGX2_SIM_TCS_STATE, 8, 1 },
	};

	tcs_accept_setup(bad[_i].off, bad[_i].len, bad[_i].val);
	ck_gp(h_eaccept(&H->lp, SGX2_SECINFO_TCS | SGX2_SECINFO_MODIFIED,
			H_DATA));
	ck_assert(h_e(H_DATA)->flags & SGX2_SIM_EPCM_MODIFIED);
}
END_TEST

START_TEST(eaccept_tcs_fields_only_for_tcs)
{
	u8 *p;

	h_init();
	p = h_va(h_idx(H_DATA));
	memset(p, 0xff, 4096);		/* nonsense as a TCS */
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
	ck_ok(h_etrack());
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_eaccept(&H->lp, SGX2_SECINFO_TRIM | SGX2_SECINFO_MODIFIED,
			H_DATA));
}
END_TEST

START_TEST(eaccept_other_enclave)
{
	h_init();
	h_build_encl2();
	H->regs.rbx = H->encl2.base;
	H->regs.rcx = H_AEP;
	ck_ok(sgx2_sim_eenter(&H->epc, &H->encl2, &H->lp, &H->regs, &H->f));
	ck_code(h_eaccept(&H->lp, RWP, H_DATA), -EINVAL);
}
END_TEST

/* ---- EACCEPTCOPY -------------------------------------------------------- */

#define RX	(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_X)

static int eacceptcopy(u64 si, u64 dst, u64 src)
{
	return sgx2_sim_eacceptcopy(&H->epc, &H->encl, &H->lp, si, dst, src,
				    &H->f);
}

static int copy_std(u64 flags)
{
	return eacceptcopy(h_si_encl(flags), H_BASE + H_DYN, H_BASE + H_CODE);
}

START_TEST(eacceptcopy_ok)
{
	accept_setup();
	ck_ok(copy_std(RX));
	ck_assert_uint_eq(h_e(H_DYN)->flags, SGX2_SIM_EPCM_VALID |
			  SGX2_SIM_EPCM_R | SGX2_SIM_EPCM_X);
	ck_assert_int_eq(memcmp(h_va(h_idx(H_DYN)), h_va(h_idx(H_CODE)), 4096),
			 0);
	ck_assert_uint_eq(h_va(h_idx(H_DYN))[100], 0x90);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EACCEPTCOPY], 1);
}
END_TEST

START_TEST(eacceptcopy_outside)
{
	h_init();
	ck_ok(h_eaug(H_DYN));
	ck_gp(copy_std(RX));
}
END_TEST

START_TEST(eacceptcopy_misaligned)
{
	accept_setup();
	ck_gp(eacceptcopy(h_si_encl(RX) + 32, H_BASE + H_DYN, H_BASE + H_CODE));
	ck_gp(eacceptcopy(h_si_encl(RX), H_BASE + H_DYN + 64, H_BASE + H_CODE));
	ck_gp(eacceptcopy(h_si_encl(RX), H_BASE + H_DYN, H_BASE + H_CODE + 64));
}
END_TEST

START_TEST(eacceptcopy_elrange_before_unmapped)
{
	accept_setup();
	ck_gp(eacceptcopy(H_BASE + H_SIZE, H_BASE + H_DYN, H_BASE + H_CODE));
	ck_gp(eacceptcopy(h_si_encl(RX), H_BASE + H_SIZE, H_BASE + H_CODE));
	ck_gp(eacceptcopy(h_si_encl(RX), H_BASE + H_DYN, H_BASE - 4096));
}
END_TEST

START_TEST(eacceptcopy_unmapped)
{
	accept_setup();
	ck_pf(eacceptcopy(UNMAPPED, H_BASE + H_DYN, H_BASE + H_CODE), UNMAPPED,
	      EC_U_NONE_R);
	ck_pf(eacceptcopy(h_si_encl(RX), UNMAPPED, H_BASE + H_CODE), UNMAPPED,
	      EC_U_NONE_W);
	ck_pf(eacceptcopy(h_si_encl(RX), H_BASE + H_DYN, UNMAPPED), UNMAPPED,
	      EC_U_NONE_R);
}
END_TEST

START_TEST(eacceptcopy_secinfo_unmapped_before_dst_unmapped)
{
	accept_setup();
	ck_pf(eacceptcopy(UNMAPPED + 64, UNMAPPED, H_BASE + H_CODE),
	      UNMAPPED + 64, EC_U_NONE_R);
}
END_TEST

START_TEST(eacceptcopy_dst_unmapped_before_src_unmapped)
{
	accept_setup();
	ck_pf(eacceptcopy(h_si_encl(RX), UNMAPPED, UNMAPPED + 0x1000),
	      UNMAPPED, EC_U_NONE_W);
}
END_TEST

START_TEST(eacceptcopy_src_unmapped_before_secinfo_page)
{
	accept_setup();
	ck_pf(eacceptcopy(H_BASE + H_TCS2, H_BASE + H_DYN, UNMAPPED), UNMAPPED,
	      EC_U_NONE_R);
}
END_TEST

START_TEST(eacceptcopy_secinfo_page)
{
	accept_setup();
	ck_pf(eacceptcopy(H_BASE + H_TCS2, H_BASE + H_DYN, H_BASE + H_CODE),
	      H_BASE + H_TCS2, EC_U_EPCM_R);
	ck_pf(eacceptcopy(H_BASE + H_DYN + 64, H_BASE + H_DYN, H_BASE + H_CODE),
	      H_BASE + H_DYN + 64, EC_U_EPCM_R);
}
END_TEST

START_TEST(eacceptcopy_secinfo)
{
	static const u64 bad[] = {
		RX | BIT_ULL(33),			/* reserved */
		SGX2_SECINFO_REG | SGX2_SECINFO_W,	/* W without R */
		SGX2_SECINFO_TCS | SGX2_SECINFO_R,	/* not PT_REG */
	};

	accept_setup();
	ck_gp(copy_std(bad[_i]));
}
END_TEST

START_TEST(eacceptcopy_secinfo_before_src)
{
	accept_setup();
	ck_gp(eacceptcopy(h_si_encl(SGX2_SECINFO_TRIM), H_BASE + H_DYN,
			  H_BASE + H_TCS2));
}
END_TEST

START_TEST(eacceptcopy_src)
{
	u64 src = H_BASE + H_DATA;

	accept_setup();
	switch (_i) {
	case 0:	/* pending */
		ck_ok(h_eaug(H_DYN + 0x1000));
		src = H_BASE + H_DYN + 0x1000;
		break;
	case 1:	/* not readable */
		ck_ok(h_emodpr(H_DATA, 0));
		break;
	case 2:	/* a TCS */
		src = H_BASE + H_TCS2;
		break;
	case 3:	/* modified */
		ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
		break;
	default:	/* mapped at the wrong address */
		src = UNMAPPED;
		h_map(&H->encl, src, h_idx(H_DATA));
		break;
	}
	ck_pf(eacceptcopy(h_si_encl(RX), H_BASE + H_DYN, src), src,
	      EC_U_EPCM_R);
}
END_TEST

START_TEST(eacceptcopy_src_before_dst)
{
	accept_setup();
	ck_pf(eacceptcopy(h_si_encl(RX), H_BASE + H_DATA2, H_BASE + H_TCS2),
	      H_BASE + H_TCS2, EC_U_EPCM_R);
}
END_TEST

START_TEST(eacceptcopy_dst)
{
	u64 dst = H_BASE + H_DYN;

	accept_setup();
	switch (_i) {
	case 0:	/* not pending */
		dst = H_BASE + H_DATA2;
		break;
	case 1:	/* not VALID: a code, not a fault */
		dst = UNMAPPED;
		h_map(&H->encl, dst, h_page());
		break;
	case 2:	/* permissions no longer as EAUG set them (white-box) */
		ck_ok(h_eaccept(&H->lp, RWP, H_DYN));
		ck_ok(h_eaug(H_DYN + 0x1000));
		dst = H_BASE + H_DYN + 0x1000;
		h_e(H_DYN + 0x1000)->flags |= SGX2_SIM_EPCM_X;
		break;
	case 3:	/* mapped at the wrong address */
		dst = UNMAPPED;
		h_map(&H->encl, dst, h_idx(H_DYN));
		break;
	default:	/* another enclave's page */
		h_build_encl2();
		dst = UNMAPPED;
		h_map(&H->encl, dst, H->encl2.secs + 3);
		break;
	}
	ck_code(eacceptcopy(h_si_encl(RX), dst, H_BASE + H_CODE),
		SGX2_PAGE_ATTRIBUTES_MISMATCH);
}
END_TEST

/* ---- EMODPE ------------------------------------------------------------- */

static int emodpe(u64 si, u64 page)
{
	return sgx2_sim_emodpe(&H->epc, &H->encl, &H->lp, si, page, &H->f);
}

START_TEST(emodpe_ok)
{
	accept_setup();
	ck_ok(emodpe(h_si_encl(SGX2_SECINFO_X), H_BASE + H_DATA));
	ck_assert_uint_eq(h_e(H_DATA)->flags, SGX2_SIM_EPCM_VALID |
			  SGX2_SIM_EPCM_RWX);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EMODPE], 1);
}
END_TEST

START_TEST(emodpe_restricted_page_ok)
{
	accept_setup();
	ck_ok(h_emodpr(H_DATA, 0));
	/* PR does not stop EMODPE; R and W come back. */
	ck_ok(emodpe(h_si_encl(SGX2_SECINFO_R | SGX2_SECINFO_W),
		     H_BASE + H_DATA));
	ck_assert_uint_eq(h_e(H_DATA)->flags & SGX2_SIM_EPCM_RWX,
			  SGX2_SIM_EPCM_R | SGX2_SIM_EPCM_W);
}
END_TEST

START_TEST(emodpe_outside)
{
	h_init();
	ck_gp(emodpe(h_si_encl(SGX2_SECINFO_X), H_BASE + H_DATA));
}
END_TEST

START_TEST(emodpe_misaligned)
{
	accept_setup();
	ck_gp(emodpe(h_si_encl(SGX2_SECINFO_X) + 4, H_BASE + H_DATA));
	ck_gp(emodpe(h_si_encl(SGX2_SECINFO_X), H_BASE + H_DATA + 0x40));
}
END_TEST

START_TEST(emodpe_elrange_before_unmapped)
{
	accept_setup();
	ck_gp(emodpe(H_BASE + H_SIZE, H_BASE + H_DATA));
	ck_gp(emodpe(h_si_encl(SGX2_SECINFO_X), H_BASE + H_SIZE));
}
END_TEST

START_TEST(emodpe_unmapped)
{
	accept_setup();
	ck_pf(emodpe(UNMAPPED, H_BASE + H_DATA), UNMAPPED, EC_U_NONE_R);
	ck_pf(emodpe(h_si_encl(SGX2_SECINFO_X), UNMAPPED), UNMAPPED,
	      EC_U_NONE_R);
}
END_TEST

START_TEST(emodpe_secinfo_unmapped_before_page_unmapped)
{
	accept_setup();
	ck_pf(emodpe(UNMAPPED + 128, UNMAPPED + 0x1000), UNMAPPED + 128,
	      EC_U_NONE_R);
}
END_TEST

START_TEST(emodpe_page_unmapped_before_secinfo_page)
{
	accept_setup();
	ck_pf(emodpe(H_BASE + H_TCS2, UNMAPPED), UNMAPPED, EC_U_NONE_R);
}
END_TEST

START_TEST(emodpe_secinfo_page)
{
	accept_setup();
	ck_pf(emodpe(H_BASE + H_TCS2 + 64, H_BASE + H_DATA),
	      H_BASE + H_TCS2 + 64, EC_U_EPCM_R);
}
END_TEST

START_TEST(emodpe_reserved_before_target)
{
	accept_setup();
	ck_gp(emodpe(h_si_encl(SGX2_SECINFO_X | BIT_ULL(50)), H_BASE + H_DYN));
}
END_TEST

START_TEST(emodpe_target)
{
	u64 la = H_BASE + H_DATA;

	accept_setup();
	switch (_i) {
	case 0:	/* pending */
		la = H_BASE + H_DYN;
		break;
	case 1:	/* modified */
		ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
		break;
	case 2:	/* a TCS */
		la = H_BASE + H_TCS2;
		break;
	case 3:	/* blocked */
		h_e(H_DATA)->flags |= SGX2_SIM_EPCM_BLOCKED;
		break;
	case 4:	/* invalid */
		la = UNMAPPED;
		h_map(&H->encl, la, h_page());
		break;
	case 5:	/* mapped at the wrong address */
		la = UNMAPPED;
		h_map(&H->encl, la, h_idx(H_DATA));
		break;
	default:	/* another enclave's page */
		h_build_encl2();
		la = UNMAPPED;
		h_map(&H->encl, la, H->encl2.secs + 3);
		break;
	}
	ck_pf(emodpe(h_si_encl(SGX2_SECINFO_X), la), la, EC_U_EPCM_R);
}
END_TEST

START_TEST(emodpe_w_without_r)
{
	accept_setup();
	ck_ok(h_emodpr(H_DATA, 0));
	ck_gp(emodpe(h_si_encl(SGX2_SECINFO_W), H_BASE + H_DATA));
	ck_assert_uint_eq(h_e(H_DATA)->flags & SGX2_SIM_EPCM_RWX, 0);
	/* W without R is fine when the page is readable already. */
	ck_ok(emodpe(h_si_encl(SGX2_SECINFO_R), H_BASE + H_DATA));
	ck_ok(emodpe(h_si_encl(SGX2_SECINFO_W), H_BASE + H_DATA));
}
END_TEST

START_TEST(emodpe_address_before_w_without_r)
{
	accept_setup();
	ck_ok(h_emodpr(H_DATA, 0));
	h_map(&H->encl, UNMAPPED, h_idx(H_DATA));
	ck_pf(emodpe(h_si_encl(SGX2_SECINFO_W), UNMAPPED), UNMAPPED,
	      EC_U_EPCM_R);
}
END_TEST

START_TEST(emodpe_target_before_w_without_r)
{
	accept_setup();
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));	/* R = W = X = 0 */
	ck_pf(emodpe(h_si_encl(SGX2_SECINFO_W), H_BASE + H_DATA),
	      H_BASE + H_DATA, EC_U_EPCM_R);
}
END_TEST

/* ---- AEX ---------------------------------------------------------------- */

START_TEST(aex_ok)
{
	struct sgx2_sim_ssa_gpr in = { .rip = H_BASE + H_CODE + 8 };
	u8 *gpr;

	in.gpr[0] = 0xaaaa;
	in.ursp = 0xbad;
	in.exitinfo = 0x80000e0e;
	h_init();
	H->regs.rsp = 0x7ffd0000;
	H->regs.rbp = 0x7ffd0100;
	ck_ok(h_enter(&H->lp, H_TCS1));
	memset(&H->regs, 0, sizeof(H->regs));
	ck_ok(sgx2_sim_aex(&H->epc, &H->encl, &H->lp, &in, &H->regs));
	ck_assert_uint_eq(H->regs.rax, SGX2_ERESUME);
	ck_assert_uint_eq(H->regs.rbx, H_BASE + H_TCS1);
	ck_assert_uint_eq(H->regs.rcx, H_AEP);
	ck_assert_uint_eq(H->regs.rip, H_AEP);
	ck_assert_uint_eq(H->regs.rsp, 0x7ffd0000);
	ck_assert_uint_eq(H->regs.rbp, 0x7ffd0100);
	ck_assert_uint_eq(get(tcs_va(H_TCS1), SGX2_SIM_TCS_CSSA, 4), 1);
	gpr = gpr_va(0);
	ck_assert_uint_eq(get(gpr, 0, 8), 0xaaaa);
	ck_assert_uint_eq(get(gpr, 136, 8), H_BASE + H_CODE + 8);
	ck_assert_uint_eq(get(gpr, 144, 8), 0x7ffd0000);	/* URSP kept */
	ck_assert_uint_eq(get(gpr, 160, 4), 0x80000e0e);
	ck_assert(!H->lp.inside);
	ck_assert_uint_eq(H->encl.lps_inside, 0);
	ck_assert(!(h_e(H_TCS1)->flags & SGX2_SIM_EPCM_BUSY));
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_AEX], 1);
}
END_TEST

START_TEST(aex_without_state)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_aex(&H->lp));
	ck_assert_uint_eq(get(tcs_va(H_TCS1), SGX2_SIM_TCS_CSSA, 4), 1);
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_aex(&H->lp));
	ck_assert_uint_eq(get(tcs_va(H_TCS1), SGX2_SIM_TCS_CSSA, 4), 2);
	/* Both frames used: CSSA = NSSA, EENTER refuses. */
	ck_gp(h_enter(&H->lp, H_TCS1));
}
END_TEST

START_TEST(aex_not_inside)
{
	h_init();
	ck_code(h_aex(&H->lp), -EINVAL);
	h_build_encl2();
	H->regs.rbx = H->encl2.base;
	H->regs.rcx = H_AEP;
	ck_ok(sgx2_sim_eenter(&H->epc, &H->encl2, &H->lp, &H->regs, &H->f));
	ck_code(h_aex(&H->lp), -EINVAL);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_AEX], 0);
}
END_TEST

/*
 * AEX writes the SSA page resolved at entry (CR_GPR_PA): an EPCM permission
 * restricted since, as by EMODPR before its ETRACK, does not stop it.
 */
START_TEST(aex_ssa_restricted_since_entry)
{
	struct sgx2_sim_ssa_gpr in = { .rip = 0x1234 };

	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_emodpr(H_SSA1, SGX2_SECINFO_R));
	ck_ok(sgx2_sim_aex(&H->epc, &H->encl, &H->lp, &in, &H->regs));
	ck_assert_uint_eq(get(gpr_va(0), 136, 8), 0x1234);
	ck_assert_uint_eq(get(tcs_va(H_TCS1), SGX2_SIM_TCS_CSSA, 4), 1);
	ck_assert_uint_eq(H->encl.lps_inside, 0);
}
END_TEST

/*
 * The reclaimer's order: the kernel unmaps the SSA page and EBLOCKs it
 * while the thread is inside, then the ETRACK's IPI makes the AEX.  The
 * state still goes to the page resolved at entry, and RSP/RBP come back
 * from its URSP/URBP (a page walk at AEX time finds nothing).
 */
START_TEST(aex_ssa_unmapped_and_blocked)
{
	struct sgx2_sim_ssa_gpr in = { .rip = 0x5678 };
	u32 idx;

	h_init();
	H->regs.rsp = 0x7ffd0000;
	H->regs.rbp = 0x7ffd0100;
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(sgx2_sim_lp_ssa_page(&H->epc, &H->lp, true, &idx));
	ck_assert_uint_eq(idx, h_idx(H_SSA1));
	h_unmap(&H->encl, H_BASE + H_SSA1);
	ck_ok(sgx2_sim_eblock(&H->epc, &H->encl, idx, &H->f));
	memset(&H->regs, 0, sizeof(H->regs));
	ck_ok(sgx2_sim_aex(&H->epc, &H->encl, &H->lp, &in, &H->regs));
	ck_assert_uint_eq(get(h_va(idx) + 4096 - SGX2_SIM_SSA_GPR_SIZE, 136, 8),
			  0x5678);
	ck_assert_uint_eq(H->regs.rsp, 0x7ffd0000);
	ck_assert_uint_eq(H->regs.rbp, 0x7ffd0100);
	ck_assert_uint_eq(get(tcs_va(H_TCS1), SGX2_SIM_TCS_CSSA, 4), 1);
	ck_code(sgx2_sim_lp_ssa_page(&H->epc, &H->lp, true, &idx), -ENOENT);
}
END_TEST

START_TEST(aex_trimmed_tcs)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS2));
	/* EMODT does not look at TCS.STATE (ambiguity 16). */
	ck_ok(h_emodt(H_TCS2, SGX2_SECINFO_TRIM));
	ck_ok(h_aex(&H->lp));
	ck_assert(!(h_e(H_TCS2)->flags & SGX2_SIM_EPCM_BUSY));
	ck_assert_uint_eq(H->encl.lps_inside, 0);
	ck_ok(h_etrack());
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_eaccept(&H->lp, SGX2_SECINFO_TRIM | SGX2_SECINFO_MODIFIED,
			H_TCS2));
	ck_ok(h_eremove(H_TCS2));
}
END_TEST

/* ---- the ENCLU dispatcher ----------------------------------------------- */

START_TEST(enclu_eaccept_sets_rax_and_rip)
{
	accept_setup();
	H->regs = (struct sgx2_sim_regs){
		.rax = 0xffffffff00000000ULL | SGX2_EACCEPT,
		.rbx = h_si_encl(RW),		/* illegal request */
		.rcx = H_BASE + H_DYN,
		.rip = H_RIP,
	};
	ck_code(sgx2_sim_enclu(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			       &H->f), SGX2_SIM_GP);
	ck_assert_uint_eq(H->regs.rip, H_RIP);
	H->regs.rbx = h_si_encl(RW | SGX2_SECINFO_PR);
	ck_code(sgx2_sim_enclu(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			       &H->f), SGX2_PAGE_ATTRIBUTES_MISMATCH);
	ck_assert_uint_eq(H->regs.rax, SGX2_PAGE_ATTRIBUTES_MISMATCH);
	ck_assert_uint_eq(H->regs.rip, H_RIP + 3);
	H->regs.rax = SGX2_EACCEPT;
	H->regs.rbx = h_si_encl(RWP);
	ck_ok(sgx2_sim_enclu(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			     &H->f));
	ck_assert_uint_eq(H->regs.rax, 0);
	ck_assert_uint_eq(H->regs.rip, H_RIP + 6);
}
END_TEST

START_TEST(enclu_enter_exit)
{
	h_init();
	H->regs = (struct sgx2_sim_regs){
		.rax = SGX2_EENTER, .rbx = H_BASE + H_TCS2, .rcx = H_AEP,
		.rip = H_RIP,
	};
	ck_ok(sgx2_sim_enclu(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			     &H->f));
	ck_assert_uint_eq(H->regs.rip, H_BASE + H_CODE);
	H->regs.rax = SGX2_EMODPE;
	H->regs.rbx = h_si_encl(SGX2_SECINFO_X);
	H->regs.rcx = H_BASE + H_DATA;
	ck_ok(sgx2_sim_enclu(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			     &H->f));
	ck_assert_uint_eq(H->regs.rip, H_BASE + H_CODE + 3);
	H->regs.rax = SGX2_EEXIT;
	H->regs.rbx = H_RIP + 3;
	ck_ok(sgx2_sim_enclu(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			     &H->f));
	ck_assert_uint_eq(H->regs.rip, H_RIP + 3);
	ck_assert(!H->lp.inside);
}
END_TEST

START_TEST(enclu_unknown_leaves)
{
	h_init();
	H->regs.rax = 8;
	ck_gp(sgx2_sim_enclu(&H->epc, &H->encl, &H->lp, &H->regs, NULL, &H->f));
	/* EREPORT and EGETKEY need the emulator secret. */
	H->regs.rax = SGX2_EREPORT;
	ck_code(sgx2_sim_enclu(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			       &H->f), -EINVAL);
}
END_TEST

Suite *sim_enclu_suite(void)
{
	Suite *s = h_suite("sim_enclu");
	TCase *tc;

	tc = h_tcase(s, "eenter");
	tcase_add_test(tc, eenter_ok);
	tcase_add_test(tc, eenter_inside_before_unmapped);
	tcase_add_test(tc, eenter_misaligned_before_unmapped);
	tcase_add_test(tc, eenter_unmapped_before_aep);
	tcase_add_test(tc, eenter_aep_before_tcs_invalid);
	tcase_add_test(tc, eenter_tcs_invalid);
	tcase_add_test(tc, eenter_tcs_blocked);
	tcase_add_test(tc, eenter_not_tcs);
	tcase_add_test(tc, eenter_tcs_address_mismatch);
	tcase_add_test(tc, eenter_tcs_modified);
	tcase_add_test(tc, eenter_tcs_epcm_before_ossa);
	tcase_add_loop_test(tc, eenter_tcs_fields, 0, 8);
	tcase_add_test(tc, eenter_dbgoptin_ok);
	tcase_add_test(tc, eenter_not_initialized);
	tcase_add_test(tc, eenter_not_64bit);
	tcase_add_test(tc, eenter_cssa_before_ssa);
	tcase_add_test(tc, eenter_ssa_unmapped);
	tcase_add_test(tc, eenter_ssa_frame_follows_cssa);
	tcase_add_test(tc, eenter_ssa_read_only);
	tcase_add_test(tc, eenter_ssa_pending);
	tcase_add_test(tc, eenter_ssa_trimmed);
	tcase_add_loop_test(tc, eenter_gpr_page, 0, 2);
	tcase_add_test(tc, eenter_ssa_before_oentry);
	tcase_add_test(tc, eenter_oentry_not_canonical);
	tcase_add_test(tc, eenter_busy);
	tcase_add_test(tc, eenter_tcs_type_before_busy);
	tcase_add_test(tc, eenter_ssa_before_busy);
	tcase_add_test(tc, eenter_tcs_epcm_before_foreign);
	tcase_add_test(tc, eenter_foreign_tcs);

	tc = h_tcase(s, "eresume");
	tcase_add_test(tc, eresume_ok);
	tcase_add_test(tc, eresume_inside);
	tcase_add_test(tc, eresume_misaligned_before_unmapped);
	tcase_add_test(tc, eresume_unmapped);
	tcase_add_test(tc, eresume_aep_before_tcs_invalid);
	tcase_add_loop_test(tc, eresume_tcs_epcm, 0, 4);
	tcase_add_loop_test(tc, eresume_tcs_fields, 0, 4);
	tcase_add_test(tc, eresume_not_initialized);
	tcase_add_test(tc, eresume_not_64bit);
	tcase_add_test(tc, eresume_cssa_zero_before_ssa);
	tcase_add_test(tc, eresume_ssa_unmapped);
	tcase_add_test(tc, eresume_rip_not_canonical);
	tcase_add_loop_test(tc, eresume_fsbase_not_canonical, 0, 2);
	tcase_add_test(tc, eresume_busy);
	tcase_add_test(tc, eresume_ssa_before_busy);

	tc = h_tcase(s, "eexit");
	tcase_add_test(tc, eexit_ok);
	tcase_add_test(tc, eexit_outside);
	tcase_add_test(tc, eexit_outside_before_target);
	tcase_add_test(tc, eexit_target_not_canonical);
	tcase_add_test(tc, eexit_target_inside_elrange);
	tcase_add_test(tc, eexit_other_enclave);

	tc = h_tcase(s, "eaccept");
	tcase_add_test(tc, eaccept_pending_ok);
	tcase_add_test(tc, eaccept_outside);
	tcase_add_test(tc, eaccept_secinfo_misaligned);
	tcase_add_test(tc, eaccept_secinfo_elrange_before_unmapped);
	tcase_add_test(tc, eaccept_secinfo_unmapped_before_page_misaligned);
	tcase_add_loop_test(tc, eaccept_secinfo_page, 0, 5);
	tcase_add_test(tc, eaccept_secinfo_page_before_reserved);
	tcase_add_test(tc, eaccept_secinfo_reserved_before_page_unmapped);
	tcase_add_test(tc, eaccept_page_misaligned);
	tcase_add_test(tc, eaccept_page_elrange_before_unmapped);
	tcase_add_test(tc, eaccept_page_unmapped);
	tcase_add_test(tc, eaccept_page_unmapped_before_illegal);
	tcase_add_loop_test(tc, eaccept_illegal_request, 0, 8);
	tcase_add_test(tc, eaccept_illegal_before_page_invalid);
	tcase_add_loop_test(tc, eaccept_page_epcm, 0, 3);
	tcase_add_test(tc, eaccept_page_epcm_before_mismatch);
	tcase_add_loop_test(tc, eaccept_mismatch, 0, 4);
	tcase_add_test(tc, eaccept_mismatch_before_not_tracked);
	tcase_add_test(tc, eaccept_not_tracked);
	tcase_add_test(tc, eaccept_pr_not_compared);
	tcase_add_test(tc, eaccept_tcs_ok);
	tcase_add_test(tc, eaccept_not_tracked_before_tcs_fields);
	tcase_add_loop_test(tc, eaccept_tcs_fields, 0, 7);
	tcase_add_test(tc, eaccept_tcs_fields_only_for_tcs);
	tcase_add_test(tc, eaccept_other_enclave);

	tc = h_tcase(s, "eacceptcopy");
	tcase_add_test(tc, eacceptcopy_ok);
	tcase_add_test(tc, eacceptcopy_outside);
	tcase_add_test(tc, eacceptcopy_misaligned);
	tcase_add_test(tc, eacceptcopy_elrange_before_unmapped);
	tcase_add_test(tc, eacceptcopy_unmapped);
	tcase_add_test(tc, eacceptcopy_secinfo_unmapped_before_dst_unmapped);
	tcase_add_test(tc, eacceptcopy_dst_unmapped_before_src_unmapped);
	tcase_add_test(tc, eacceptcopy_src_unmapped_before_secinfo_page);
	tcase_add_test(tc, eacceptcopy_secinfo_page);
	tcase_add_loop_test(tc, eacceptcopy_secinfo, 0, 3);
	tcase_add_test(tc, eacceptcopy_secinfo_before_src);
	tcase_add_loop_test(tc, eacceptcopy_src, 0, 5);
	tcase_add_test(tc, eacceptcopy_src_before_dst);
	tcase_add_loop_test(tc, eacceptcopy_dst, 0, 5);

	tc = h_tcase(s, "emodpe");
	tcase_add_test(tc, emodpe_ok);
	tcase_add_test(tc, emodpe_restricted_page_ok);
	tcase_add_test(tc, emodpe_outside);
	tcase_add_test(tc, emodpe_misaligned);
	tcase_add_test(tc, emodpe_elrange_before_unmapped);
	tcase_add_test(tc, emodpe_unmapped);
	tcase_add_test(tc, emodpe_secinfo_unmapped_before_page_unmapped);
	tcase_add_test(tc, emodpe_page_unmapped_before_secinfo_page);
	tcase_add_test(tc, emodpe_secinfo_page);
	tcase_add_test(tc, emodpe_reserved_before_target);
	tcase_add_loop_test(tc, emodpe_target, 0, 7);
	tcase_add_test(tc, emodpe_w_without_r);
	tcase_add_test(tc, emodpe_address_before_w_without_r);
	tcase_add_test(tc, emodpe_target_before_w_without_r);

	tc = h_tcase(s, "aex");
	tcase_add_test(tc, aex_ok);
	tcase_add_test(tc, aex_without_state);
	tcase_add_test(tc, aex_not_inside);
	tcase_add_test(tc, aex_ssa_restricted_since_entry);
	tcase_add_test(tc, aex_ssa_unmapped_and_blocked);
	tcase_add_test(tc, aex_trimmed_tcs);

	tc = h_tcase(s, "enclu");
	tcase_add_test(tc, enclu_eaccept_sets_rax_and_rip);
	tcase_add_test(tc, enclu_enter_exit);
	tcase_add_test(tc, enclu_unknown_leaves);
	return s;
}
