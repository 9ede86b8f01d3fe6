// SPDX-License-Identifier: GPL-2.0
/*
 * check_sim_track.c - ETRACK tracking cycles in the SGX2 model: what one
 * ETRACK covers, who may delay it, and how EACCEPT and EREMOVE see it.
 */
#include "check_sim_harness.h"

#define R_PR	(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_PR)
#define TRIM_M	(SGX2_SECINFO_TRIM | SGX2_SECINFO_MODIFIED)

/* Re-enter @lp after an AEX, as the IPI of a tracking round forces. */
static void bounce(struct sgx2_sim_lp *lp)
{
	u64 tcs = lp->tcs_la - H_BASE;

	ck_ok(h_aex(lp));
	H->regs.rax = SGX2_ERESUME;
	H->regs.rbx = H_BASE + tcs;
	H->regs.rcx = H_AEP;
	ck_ok(sgx2_sim_eresume(&H->epc, &H->encl, lp, &H->regs, NULL, &H->f));
}

START_TEST(accept_before_cycle_completes)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_ok(h_etrack());
	ck_assert(sgx2_sim_tracking_open(&H->encl));
	/* The accepting thread itself entered before the ETRACK. */
	ck_code(h_eaccept(&H->lp, R_PR, H_DATA), SGX2_NOT_TRACKED);
	bounce(&H->lp);
	ck_assert(!sgx2_sim_tracking_open(&H->encl));
	ck_ok(h_eaccept(&H->lp, R_PR, H_DATA));
	ck_assert_uint_eq(h_e(H_DATA)->flags, SGX2_SIM_EPCM_VALID |
			  SGX2_SIM_EPCM_R);
}
END_TEST

START_TEST(accept_needs_an_etrack)
{
	h_init();
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_code(h_eaccept(&H->lp, R_PR, H_DATA), SGX2_NOT_TRACKED);
	ck_ok(h_exit(&H->lp));
	ck_ok(h_etrack());	/* nobody inside: completes at once */
	ck_assert(!sgx2_sim_tracking_open(&H->encl));
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_eaccept(&H->lp, R_PR, H_DATA));
}
END_TEST

START_TEST(one_etrack_covers_many)
{
	static const u64 pages[] = { H_DATA, H_DATA2, H_SSA2 };
	u32 i;

	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	for (i = 0; i < 3; i++)
		ck_ok(h_emodpr(pages[i], SGX2_SECINFO_R));
	ck_ok(h_emodt(H_CODE, SGX2_SECINFO_TRIM));
	ck_ok(h_etrack());
	bounce(&H->lp);
	for (i = 0; i < 3; i++)
		ck_ok(h_eaccept(&H->lp, R_PR, pages[i]));
	ck_ok(h_eaccept(&H->lp, TRIM_M, H_CODE));
	ck_assert_uint_eq(H->encl.etrack_epoch, 1);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_ETRACK], 1);
}
END_TEST

START_TEST(modification_after_etrack_not_covered)
{
	h_init();
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_ok(h_etrack());
	ck_ok(h_emodpr(H_DATA2, SGX2_SECINFO_R));
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_eaccept(&H->lp, R_PR, H_DATA));
	ck_code(h_eaccept(&H->lp, R_PR, H_DATA2), SGX2_NOT_TRACKED);
	ck_ok(h_exit(&H->lp));
	ck_ok(h_etrack());
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_eaccept(&H->lp, R_PR, H_DATA2));
}
END_TEST

START_TEST(modification_during_open_cycle_not_covered)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_ok(h_etrack());
	ck_ok(h_emodpr(H_DATA2, SGX2_SECINFO_R));	/* cycle still open */
	bounce(&H->lp);
	ck_ok(h_eaccept(&H->lp, R_PR, H_DATA));
	ck_code(h_eaccept(&H->lp, R_PR, H_DATA2), SGX2_NOT_TRACKED);
}
END_TEST

START_TEST(second_etrack_before_completion)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_enter(&H->lp2, H_TCS2));
	ck_ok(h_etrack());
	ck_code(h_etrack(), SGX2_PREV_TRK_INCMPL);
	ck_ok(h_exit(&H->lp));
	/* One of the two threads is still inside. */
	ck_code(h_etrack(), SGX2_PREV_TRK_INCMPL);
	ck_ok(h_aex(&H->lp2));
	ck_ok(h_etrack());
	ck_assert_uint_eq(H->encl.etrack_epoch, 2);
}
END_TEST

START_TEST(late_entry_does_not_block)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_ok(h_etrack());
	ck_ok(h_enter(&H->lp2, H_TCS2));	/* after the ETRACK */
	ck_assert(sgx2_sim_tracking_open(&H->encl));
	ck_ok(h_exit(&H->lp));
	ck_assert(!sgx2_sim_tracking_open(&H->encl));
	ck_assert_uint_eq(H->encl.lps_inside, 1);
	/* lp2, still inside, may accept; a new ETRACK may start. */
	ck_ok(h_eaccept(&H->lp2, R_PR, H_DATA));
	ck_ok(h_etrack());
	ck_assert(sgx2_sim_tracking_open(&H->encl));
	ck_ok(h_exit(&H->lp2));
	ck_assert(!sgx2_sim_tracking_open(&H->encl));
	ck_assert_uint_eq(H->encl.trk_outstanding, 0);
}
END_TEST

START_TEST(late_leaver_does_not_count)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_enter(&H->lp2, H_TCS2));
	ck_ok(h_etrack());
	ck_ok(h_exit(&H->lp));
	/* lp enters again after the ETRACK; its exit must not complete it. */
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_exit(&H->lp));
	ck_assert(sgx2_sim_tracking_open(&H->encl));
	ck_assert_uint_eq(H->encl.trk_outstanding, 1);
	ck_ok(h_exit(&H->lp2));
	ck_assert(!sgx2_sim_tracking_open(&H->encl));
}
END_TEST

START_TEST(pending_pages_need_no_tracking)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_etrack());			/* open, and stays open */
	ck_ok(h_eaug(H_DYN));
	ck_ok(h_eaccept(&H->lp, SGX2_SECINFO_REG | SGX2_SECINFO_R |
			SGX2_SECINFO_W | SGX2_SECINFO_PENDING, H_DYN));
	ck_assert(sgx2_sim_tracking_open(&H->encl));
}
END_TEST

START_TEST(eremove_thread_inside)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_code(h_eremove(H_DATA2), SGX2_ENCLAVE_ACT);
	ck_ok(h_aex(&H->lp));
	ck_ok(h_eremove(H_DATA2));
}
END_TEST

START_TEST(trim_flow)
{
	/* The order REMOVE_PAGES relies on: EMODT, ETRACK, EACCEPT, EREMOVE. */
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_emodt(H_DATA2, SGX2_SECINFO_TRIM));
	/* Not accepted yet: EMODPR says not modifiable (-> EPERM). */
	ck_code(h_emodpr(H_DATA2, SGX2_SECINFO_R), SGX2_PAGE_NOT_MODIFIABLE);
	ck_code(h_eremove(H_DATA2), SGX2_ENCLAVE_ACT);
	ck_ok(h_etrack());
	bounce(&H->lp);
	ck_ok(h_eaccept(&H->lp, TRIM_M, H_DATA2));
	/* Accepted: EMODPR faults with #PF. */
	ck_pf(h_emodpr(H_DATA2, SGX2_SECINFO_R), h_idx(H_DATA2), EC_EPCM_W);
	ck_ok(h_eremove(H_DATA2));
	ck_assert_uint_eq(H->encl.children, 8);
}
END_TEST

START_TEST(tracking_survives_eremove_of_modified_page)
{
	h_init();
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_ok(h_eremove(H_DATA));
	/* A new page at the same place is EAUGed: nothing to track. */
	ck_ok(h_eaug(H_DATA));
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_eaccept(&H->lp, SGX2_SECINFO_REG | SGX2_SECINFO_R |
			SGX2_SECINFO_W | SGX2_SECINFO_PENDING, H_DATA));
}
END_TEST

START_TEST(page_tracked_query)
{
	h_init();
	ck_assert(sgx2_sim_page_tracked(&H->encl, h_e(H_DATA)));
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_assert(!sgx2_sim_page_tracked(&H->encl, h_e(H_DATA)));
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_etrack());
	ck_assert(!sgx2_sim_page_tracked(&H->encl, h_e(H_DATA)));
	ck_ok(h_exit(&H->lp));
	ck_assert(sgx2_sim_page_tracked(&H->encl, h_e(H_DATA)));
}
END_TEST

Suite *sim_track_suite(void)
{
	Suite *s = h_suite("sim_track");
	TCase *tc = h_tcase(s, "tracking");

	tcase_add_test(tc, accept_before_cycle_completes);
	tcase_add_test(tc, accept_needs_an_etrack);
	tcase_add_test(tc, one_etrack_covers_many);
	tcase_add_test(tc, modification_after_etrack_not_covered);
	tcase_add_test(tc, modification_during_open_cycle_not_covered);
	tcase_add_test(tc, second_etrack_before_completion);
	tcase_add_test(tc, late_entry_does_not_block);
	tcase_add_test(tc, late_leaver_does_not_count);
	tcase_add_test(tc, pending_pages_need_no_tracking);
	tcase_add_test(tc, eremove_thread_inside);
	tcase_add_test(tc, trim_flow);
	tcase_add_test(tc, tracking_survives_eremove_of_modified_page);
	tcase_add_test(tc, page_tracked_query);
	return s;
}
