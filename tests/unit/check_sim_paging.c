// SPDX-License-Identifier: GPL-2.0
/*
 * check_sim_paging.c - the paging leaves of the SGX2 model: EPA, EBLOCK,
 * EWB, ELDU and ELDB, one test per check, and round trips: a page sealed
 * by EWB comes back by ELDU, and a replayed, corrupted or misdirected one
 * does not.
 */
#include <stdlib.h>
#include "check_sim_harness.h"

static struct sgx2_sim_secret secret = { .key = "check_sim_paging secret" };

/* Sealed page and PCMD buffers, and the VA page. */
static u8 *out, *pcmd;
static u32 va;

static void p_setup(void)
{
	h_setup();
	out = aligned_alloc(4096, 4096);
	pcmd = aligned_alloc(128, 128);
	ck_assert(out && pcmd);
	secret.eids = 0;
	H->epc.secret = &secret;
	h_init();
	va = h_page();
	ck_ok(sgx2_sim_epa(&H->epc, SGX2_PAGE_TYPE_VA, va, &H->f));
}

static void p_teardown(void)
{
	free(out);
	free(pcmd);
	h_teardown();
}

static int eblock(u64 off)
{
	return sgx2_sim_eblock(&H->epc, &H->encl, h_idx(off), &H->f);
}

static int ewb_idx(u32 page, u32 slot)
{
	return sgx2_sim_ewb(&H->epc, &H->encl, page, va, slot, out, pcmd,
			    &H->f);
}

static int ewb(u64 off, u32 slot)
{
	return ewb_idx(h_idx(off), slot);
}

/* EBLOCK, ETRACK, EWB of the page at @off into @slot. */
static void evict(u64 off, u32 slot)
{
	ck_ok(eblock(off));
	ck_ok(h_etrack());
	ck_ok(ewb(off, slot));
}

static int eld(u32 page, u64 la, u32 slot, bool blocked)
{
	struct sgx2_sim_pageinfo pi = {
		.linaddr = la, .srcpge = out, .secinfo = pcmd,
	};

	return sgx2_sim_eld(&H->epc, &H->encl, &pi, page, va, slot, blocked,
			    &H->f);
}

static u64 slot_of(u32 slot)
{
	u64 v;

	memcpy(&v, h_va(va) + slot, 8);
	return v;
}

/* ---- EPA ----------------------------------------------------------------- */

START_TEST(epa_ok)
{
	ck_assert(H->epcm[va].flags & SGX2_SIM_EPCM_VALID);
	ck_assert_uint_eq(H->epcm[va].pt, SGX2_PAGE_TYPE_VA);
	for (u32 i = 0; i < 4096; i += 8)
		ck_assert_uint_eq(slot_of(i), 0);
}
END_TEST

START_TEST(epa_not_pt_va)
{
	ck_gp(sgx2_sim_epa(&H->epc, SGX2_PAGE_TYPE_REG, h_page(), &H->f));
}
END_TEST

START_TEST(epa_valid_page)
{
	ck_pf(sgx2_sim_epa(&H->epc, SGX2_PAGE_TYPE_VA, va, &H->f), va,
	      EC_EPCM_W);
}
END_TEST

START_TEST(epa_outside_epc)
{
	ck_pf(sgx2_sim_epa(&H->epc, SGX2_PAGE_TYPE_VA, H_NPAGES, &H->f),
	      H_NPAGES, EC_NONE_W);
}
END_TEST

/* EREMOVE takes a VA page with an enclave struct naming it as SECS. */
START_TEST(eremove_va)
{
	struct sgx2_sim_encl none = { .secs = va };

	ck_ok(sgx2_sim_eremove(&H->epc, &none, va, &H->f));
	ck_assert(!(H->epcm[va].flags & SGX2_SIM_EPCM_VALID));
}
END_TEST

/* ---- EBLOCK -------------------------------------------------------------- */

START_TEST(eblock_ok)
{
	ck_ok(eblock(H_DATA));
	ck_assert(h_e(H_DATA)->flags & SGX2_SIM_EPCM_BLOCKED);
	ck_assert_uint_eq(h_e(H_DATA)->mod_epoch, H->encl.etrack_epoch);
}
END_TEST

START_TEST(eblock_twice)
{
	ck_ok(eblock(H_DATA));
	ck_code(eblock(H_DATA), SGX2_SIM_BLKSTATE);
	ck_assert(sgx2_sim_ret_sets_cf(SGX2_EBLOCK, SGX2_SIM_BLKSTATE));
}
END_TEST

START_TEST(eblock_invalid)
{
	ck_code(sgx2_sim_eblock(&H->epc, NULL, h_page(), &H->f),
		SGX2_SIM_PG_INVLD);
	ck_assert(!sgx2_sim_ret_sets_cf(SGX2_EBLOCK, SGX2_SIM_PG_INVLD));
}
END_TEST

START_TEST(eblock_secs)
{
	ck_code(sgx2_sim_eblock(&H->epc, NULL, H->encl.secs, &H->f),
		SGX2_PG_IS_SECS);
}
END_TEST

START_TEST(eblock_va)
{
	ck_code(sgx2_sim_eblock(&H->epc, NULL, va, &H->f),
		SGX2_SIM_NOTBLOCKABLE);
}
END_TEST

START_TEST(eblock_tcs)
{
	ck_ok(eblock(H_TCS2));
}
END_TEST

START_TEST(eblock_outside_epc)
{
	ck_pf(sgx2_sim_eblock(&H->epc, &H->encl, H_NPAGES, &H->f), H_NPAGES,
	      EC_NONE_W);
}
END_TEST

START_TEST(eblock_misuse)
{
	ck_code(sgx2_sim_eblock(&H->epc, NULL, h_idx(H_DATA), &H->f),
		-EINVAL);
	ck_assert(!(h_e(H_DATA)->flags & SGX2_SIM_EPCM_BLOCKED));
}
END_TEST

/* ---- EWB ----------------------------------------------------------------- */

START_TEST(ewb_ok)
{
	u32 page = h_idx(H_DATA);
	u64 children = H->encl.children;
	u64 flags;

	memset(h_va(page), 0x5a, 4096);
	evict(H_DATA, 16);
	ck_assert(!(H->epcm[page].flags & SGX2_SIM_EPCM_VALID));
	ck_assert_uint_eq(H->encl.children, children - 1);
	ck_assert_uint_eq(slot_of(16), 1);
	memcpy(&flags, pcmd, 8);
	ck_assert_uint_eq(flags, SGX2_SECINFO_REG | SGX2_SECINFO_R |
				 SGX2_SECINFO_W);
	ck_assert_uint_eq(*(u64 *)(pcmd + SGX2_SIM_PCMD_ENCLAVEID),
			  H->encl.eid);
	ck_assert_uint_ne(H->encl.eid, 0);
	/* Sealed: the contents do not appear in clear. */
	ck_assert(memcmp(out, h_va(page), 64) != 0);
	ck_assert_uint_ne(out[0], 0x5a);
}
END_TEST

START_TEST(ewb_not_blocked)
{
	ck_code(ewb(H_DATA, 0), SGX2_SIM_PAGE_NOT_BLOCKED);
	ck_assert(h_e(H_DATA)->flags & SGX2_SIM_EPCM_VALID);
	ck_assert_uint_eq(slot_of(0), 0);
}
END_TEST

START_TEST(ewb_not_tracked)
{
	ck_ok(eblock(H_DATA));
	ck_code(ewb(H_DATA, 0), SGX2_NOT_TRACKED);
	ck_assert_uint_eq(slot_of(0), 0);
}
END_TEST

/* ETRACK before EBLOCK does not track the block. */
START_TEST(ewb_etrack_before_eblock)
{
	ck_ok(h_etrack());
	ck_ok(eblock(H_DATA));
	ck_code(ewb(H_DATA, 0), SGX2_NOT_TRACKED);
}
END_TEST

/* A thread that entered before the ETRACK keeps the cycle open. */
START_TEST(ewb_tracking_open)
{
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(eblock(H_DATA));
	ck_ok(h_etrack());
	ck_code(ewb(H_DATA, 0), SGX2_NOT_TRACKED);
	ck_ok(h_exit(&H->lp));
	ck_ok(ewb(H_DATA, 0));
}
END_TEST

START_TEST(ewb_slot_occupied)
{
	u32 page = h_idx(H_DATA);

	evict(H_DATA2, 8);
	ck_ok(eblock(H_DATA));
	ck_ok(h_etrack());
	ck_code(ewb(H_DATA, 8), SGX2_SIM_VA_SLOT_OCCUPIED);
	ck_assert(sgx2_sim_ret_sets_cf(SGX2_EWB, SGX2_SIM_VA_SLOT_OCCUPIED));
	/* A warning: the page is evicted, the slot has the new version. */
	ck_assert(!(H->epcm[page].flags & SGX2_SIM_EPCM_VALID));
	ck_assert_uint_eq(slot_of(8), 2);
}
END_TEST

START_TEST(ewb_secs_child_present)
{
	ck_code(ewb_idx(H->encl.secs, 0), SGX2_CHILD_PRESENT);
}
END_TEST

START_TEST(ewb_va_not_va)
{
	ck_ok(eblock(H_DATA));
	ck_ok(h_etrack());
	ck_pf(sgx2_sim_ewb(&H->epc, &H->encl, h_idx(H_DATA), h_idx(H_DATA2),
			   0, out, pcmd, &H->f), h_idx(H_DATA2), EC_EPCM_W);
}
END_TEST

START_TEST(ewb_invalid_page)
{
	u32 page = h_page();

	ck_pf(ewb_idx(page, 0), page, EC_EPCM_W);
}
END_TEST

START_TEST(ewb_invalid_before_va)
{
	u32 page = h_page();

	ck_pf(sgx2_sim_ewb(&H->epc, &H->encl, page, h_idx(H_DATA), 0, out,
			   pcmd, &H->f), page, EC_EPCM_W);
}
END_TEST

START_TEST(ewb_same_page)
{
	ck_gp(sgx2_sim_ewb(&H->epc, &H->encl, va, va, 0, out, pcmd, &H->f));
}
END_TEST

START_TEST(ewb_va_page)
{
	u32 va2 = h_page();

	ck_ok(sgx2_sim_epa(&H->epc, SGX2_PAGE_TYPE_VA, va2, &H->f));
	ck_gp(ewb_idx(va2, 0));
}
END_TEST

START_TEST(ewb_misuse)
{
	evict(H_DATA, 0);
	ck_code(ewb(H_DATA2, 4), -EINVAL);	/* misaligned slot */
	H->epc.secret = NULL;
	ck_code(ewb(H_DATA2, 8), -EINVAL);
}
END_TEST

/* ---- ELDU / ELDB ------------------------------------------------------- */

START_TEST(eldu_round_trip)
{
	u32 page = h_idx(H_DATA), dst = h_page();
	u64 children;
	u8 want[4096];

	memset(h_va(page), 0x3c, 4096);
	memcpy(want, h_va(page), 4096);
	evict(H_DATA, 24);
	children = H->encl.children;
	ck_ok(eld(dst, H_BASE + H_DATA, 24, false));
	ck_assert_int_eq(memcmp(h_va(dst), want, 4096), 0);
	ck_assert(H->epcm[dst].flags & SGX2_SIM_EPCM_VALID);
	ck_assert(!(H->epcm[dst].flags & SGX2_SIM_EPCM_BLOCKED));
	ck_assert_uint_eq(H->epcm[dst].flags & SGX2_SIM_EPCM_RWX,
			  SGX2_SIM_EPCM_R | SGX2_SIM_EPCM_W);
	ck_assert_uint_eq(H->epcm[dst].pt, SGX2_PAGE_TYPE_REG);
	ck_assert_uint_eq(H->epcm[dst].enclave_address, H_BASE + H_DATA);
	ck_assert_uint_eq(H->epcm[dst].secs, H->encl.secs);
	ck_assert_uint_eq(H->encl.children, children + 1);
	ck_assert_uint_eq(slot_of(24), 0);
}
END_TEST

START_TEST(eldb_blocked)
{
	u32 dst = h_page();

	evict(H_DATA, 0);
	ck_ok(eld(dst, H_BASE + H_DATA, 0, true));
	ck_assert(H->epcm[dst].flags & SGX2_SIM_EPCM_BLOCKED);
	/* Evicting it again needs another ETRACK. */
	ck_code(ewb_idx(dst, 0), SGX2_NOT_TRACKED);
	ck_ok(h_etrack());
	ck_ok(ewb_idx(dst, 0));
}
END_TEST

/* The old copy of a page evicted twice is refused. */
START_TEST(eldu_replay)
{
	u8 old[4096], oldpcmd[128];
	u32 dst = h_page(), dst2 = h_page();

	evict(H_DATA, 0);
	memcpy(old, out, 4096);
	memcpy(oldpcmd, pcmd, 128);
	ck_ok(eld(dst, H_BASE + H_DATA, 0, false));
	ck_ok(sgx2_sim_eblock(&H->epc, &H->encl, dst, &H->f));
	ck_ok(h_etrack());
	ck_ok(ewb_idx(dst, 0));
	memcpy(out, old, 4096);
	memcpy(pcmd, oldpcmd, 128);
	ck_code(eld(dst2, H_BASE + H_DATA, 0, false),
		SGX2_SIM_MAC_COMPARE_FAIL);
	ck_assert(!(H->epcm[dst2].flags & SGX2_SIM_EPCM_VALID));
	ck_assert_uint_eq(slot_of(0), 2);
}
END_TEST

/* Loading twice: the first ELDU cleared the slot. */
START_TEST(eldu_twice)
{
	evict(H_DATA, 0);
	ck_ok(eld(h_page(), H_BASE + H_DATA, 0, false));
	ck_code(eld(h_page(), H_BASE + H_DATA, 0, false),
		SGX2_SIM_MAC_COMPARE_FAIL);
}
END_TEST

START_TEST(eldu_corrupt_contents)
{
	evict(H_DATA, 0);
	out[100] ^= 1;
	ck_code(eld(h_page(), H_BASE + H_DATA, 0, false),
		SGX2_SIM_MAC_COMPARE_FAIL);
	ck_assert_uint_ne(slot_of(0), 0);
}
END_TEST

START_TEST(eldu_corrupt_pcmd)
{
	evict(H_DATA, 0);
	pcmd[0] |= SGX2_SECINFO_X;	/* gain execute */
	ck_code(eld(h_page(), H_BASE + H_DATA, 0, false),
		SGX2_SIM_MAC_COMPARE_FAIL);
}
END_TEST

START_TEST(eldu_wrong_linaddr)
{
	evict(H_DATA, 0);
	ck_code(eld(h_page(), H_BASE + H_DATA2, 0, false),
		SGX2_SIM_MAC_COMPARE_FAIL);
}
END_TEST

START_TEST(eldu_wrong_slot)
{
	evict(H_DATA, 0);
	evict(H_DATA2, 8);
	ck_code(eld(h_page(), H_BASE + H_DATA, 8, false),
		SGX2_SIM_MAC_COMPARE_FAIL);
}
END_TEST

START_TEST(eldu_other_enclave)
{
	struct sgx2_sim_pageinfo pi;

	h_build_encl2();
	evict(H_DATA, 0);
	pi = (struct sgx2_sim_pageinfo) {
		.linaddr = H_BASE + H_DATA, .srcpge = out, .secinfo = pcmd,
	};
	ck_code(sgx2_sim_eld(&H->epc, &H->encl2, &pi, h_page(), va, 0, false,
			     &H->f), SGX2_SIM_MAC_COMPARE_FAIL);
}
END_TEST

START_TEST(eldu_valid_page)
{
	u32 page = h_idx(H_DATA2);

	evict(H_DATA, 0);
	ck_pf(eld(page, H_BASE + H_DATA, 0, false), page, EC_EPCM_W);
}
END_TEST

START_TEST(eldu_va_not_va)
{
	struct sgx2_sim_pageinfo pi = {
		.linaddr = H_BASE + H_DATA, .srcpge = out, .secinfo = pcmd,
	};
	u32 page = h_idx(H_DATA2);

	evict(H_DATA, 0);
	ck_pf(sgx2_sim_eld(&H->epc, &H->encl, &pi, h_page(), page, 0, false,
			   &H->f), page, EC_EPCM_W);
}
END_TEST

START_TEST(eldu_pcmd_reserved)
{
	evict(H_DATA, 0);
	pcmd[40] = 1;
	ck_gp(eld(h_page(), H_BASE + H_DATA, 0, false));
}
END_TEST

START_TEST(eldu_pcmd_va_type)
{
	evict(H_DATA, 0);
	pcmd[1] = SGX2_PAGE_TYPE_VA;
	ck_gp(eld(h_page(), H_BASE + H_DATA, 0, false));
}
END_TEST

START_TEST(eldu_misaligned_linaddr)
{
	evict(H_DATA, 0);
	ck_gp(eld(h_page(), H_BASE + H_DATA + 8, 0, false));
}
END_TEST

/* Every child out, then the SECS, then all back in. */
START_TEST(secs_round_trip)
{
	static const u64 offs[] = {
		H_TCS1, H_SSA1, H_SSA1 + 0x1000, H_CODE, H_TCS2, H_SSA2,
		H_SI, H_DATA, H_DATA2,
	};
	u8 sealed[9][4096], pc[9][128], secs_out[4096], secs_pcmd[128];
	u8 want_secs[4096];
	u32 i, secs = H->encl.secs, nsecs;
	u64 eid = H->encl.eid;

	for (i = 0; i < 9; i++)
		ck_ok(eblock(offs[i]));
	ck_ok(h_etrack());
	for (i = 0; i < 9; i++) {
		u32 p = h_idx(offs[i]);

		ck_ok(ewb_idx(p, 8 * i));
		memcpy(sealed[i], out, 4096);
		memcpy(pc[i], pcmd, 128);
		h_unmap(&H->encl, H_BASE + offs[i]);
	}
	ck_assert_uint_eq(H->encl.children, 0);
	memcpy(want_secs, h_va(secs), 4096);
	ck_ok(ewb_idx(secs, 0x800));
	ck_assert_uint_eq(*(u64 *)(pcmd + SGX2_SIM_PCMD_ENCLAVEID), 0);
	ck_assert(H->encl.flags & SGX2_SIM_ENCL_EVICTED);
	ck_assert(!(H->encl.flags & SGX2_SIM_ENCL_CREATED));
	memcpy(secs_out, out, 4096);
	memcpy(secs_pcmd, pcmd, 128);

	/* A child cannot come back before its SECS. */
	memcpy(out, sealed[0], 4096);
	memcpy(pcmd, pc[0], 128);
	ck_gp(eld(h_page(), H_BASE + offs[0], 0, false));
	/* A SECS PCMD must not name a LINADDR. */
	memcpy(out, secs_out, 4096);
	memcpy(pcmd, secs_pcmd, 128);
	nsecs = h_page();
	ck_gp(eld(nsecs, H_BASE, 0x800, false));
	ck_ok(eld(nsecs, 0, 0x800, false));
	ck_assert_uint_eq(H->encl.secs, nsecs);
	ck_assert_uint_eq(H->encl.eid, eid);
	ck_assert(H->encl.flags & SGX2_SIM_ENCL_CREATED);
	ck_assert_int_eq(memcmp(h_va(nsecs), want_secs, 4096), 0);
	ck_assert_uint_eq(H->epcm[nsecs].pt, SGX2_PAGE_TYPE_SECS);
	ck_assert_uint_eq(H->epcm[nsecs].secs, nsecs);

	for (i = 0; i < 9; i++) {
		u32 p = h_page();

		memcpy(out, sealed[i], 4096);
		memcpy(pcmd, pc[i], 128);
		ck_ok(eld(p, H_BASE + offs[i], 8 * i, false));
		ck_assert_uint_eq(H->epcm[p].secs, nsecs);
		h_map(&H->encl, H_BASE + offs[i], p);
	}
	ck_assert_uint_eq(H->encl.children, 9);
	/* The enclave runs again. */
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_exit(&H->lp));
}
END_TEST

/* A SECS PCMD loaded with an enclave that is not evicted. */
START_TEST(secs_pcmd_live_enclave)
{
	u32 secs2;

	h_secs(H->src, H_BASE + H_SIZE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_ok(h_ecreate_encl(&H->encl2, H->src, &secs2));
	ck_ok(sgx2_sim_ewb(&H->epc, &H->encl2, secs2, va, 0, out, pcmd,
			   &H->f));
	ck_gp(eld(h_page(), 0, 0, false));
}
END_TEST

START_TEST(ecreate_eids)
{
	ck_assert_uint_eq(H->encl.eid, 1);
	h_build_encl2();
	ck_assert_uint_eq(H->encl2.eid, 2);
}
END_TEST

Suite *sim_paging_suite(void)
{
	Suite *s = suite_create("sim_paging");
	TCase *tc = tcase_create("paging");

	tcase_add_checked_fixture(tc, p_setup, p_teardown);
	suite_add_tcase(s, tc);
	tcase_add_test(tc, epa_ok);
	tcase_add_test(tc, epa_not_pt_va);
	tcase_add_test(tc, epa_valid_page);
	tcase_add_test(tc, epa_outside_epc);
	tcase_add_test(tc, eremove_va);
	tcase_add_test(tc, eblock_ok);
	tcase_add_test(tc, eblock_twice);
	tcase_add_test(tc, eblock_invalid);
	tcase_add_test(tc, eblock_secs);
	tcase_add_test(tc, eblock_va);
	tcase_add_test(tc, eblock_tcs);
	tcase_add_test(tc, eblock_outside_epc);
	tcase_add_test(tc, eblock_misuse);
	tcase_add_test(tc, ewb_ok);
	tcase_add_test(tc, ewb_not_blocked);
	tcase_add_test(tc, ewb_not_tracked);
	tcase_add_test(tc, ewb_etrack_before_eblock);
	tcase_add_test(tc, ewb_tracking_open);
	tcase_add_test(tc, ewb_slot_occupied);
	tcase_add_test(tc, ewb_secs_child_present);
	tcase_add_test(tc, ewb_va_not_va);
	tcase_add_test(tc, ewb_invalid_page);
	tcase_add_test(tc, ewb_invalid_before_va);
	tcase_add_test(tc, ewb_same_page);
	tcase_add_test(tc, ewb_va_page);
	tcase_add_test(tc, ewb_misuse);
	tcase_add_test(tc, eldu_round_trip);
	tcase_add_test(tc, eldb_blocked);
	tcase_add_test(tc, eldu_replay);
	tcase_add_test(tc, eldu_twice);
	tcase_add_test(tc, eldu_corrupt_contents);
	tcase_add_test(tc, eldu_corrupt_pcmd);
	tcase_add_test(tc, eldu_wrong_linaddr);
	tcase_add_test(tc, eldu_wrong_slot);
	tcase_add_test(tc, eldu_other_enclave);
	tcase_add_test(tc, eldu_valid_page);
	tcase_add_test(tc, eldu_va_not_va);
	tcase_add_test(tc, eldu_pcmd_reserved);
	tcase_add_test(tc, eldu_pcmd_va_type);
	tcase_add_test(tc, eldu_misaligned_linaddr);
	tcase_add_test(tc, secs_round_trip);
	tcase_add_test(tc, secs_pcmd_live_enclave);
	tcase_add_test(tc, ecreate_eids);
	return s;
}
