// SPDX-License-Identifier: GPL-2.0
/*
 * check_sim_inject.c - fault injection and per-leaf counters of the SGX2
 * model.
 */
#include "check_sim_harness.h"

#define RW	(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W)

static int eaug_at(u32 n)
{
	return h_eaug(H_DYN + n * 0x1000ULL);
}

START_TEST(every_nth_call)
{
	u32 i;

	h_init();
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EAUG),
			    SGX2_EPC_PAGE_CONFLICT, 0, 3, 0, 0);
	for (i = 1; i <= 9; i++) {
		u32 page = H->next;
		int ret = eaug_at(i);

		if (i % 3) {
			ck_ok(ret);
			continue;
		}
		ck_code(ret, SGX2_EPC_PAGE_CONFLICT);
		/* A hit changes nothing but the counters. */
		ck_assert(!(H->epcm[page].flags & SGX2_SIM_EPCM_VALID));
		ck_assert_uint_eq(h_va(page)[0], H_POISON);
	}
	ck_assert_uint_eq(H->epc.inject.hits, 3);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EAUG], 9);
	ck_assert_uint_eq(H->encl.children, 9 + 6);
}
END_TEST

START_TEST(only_masked_leaves)
{
	h_init();
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EMODPR),
			    SGX2_EPC_PAGE_CONFLICT, 0, 1, 0, 0);
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
	ck_ok(h_etrack());
	ck_code(h_emodpr(H_DATA2, SGX2_SECINFO_R), SGX2_EPC_PAGE_CONFLICT);
	ck_assert_uint_eq(h_e(H_DATA2)->flags & SGX2_SIM_EPCM_PR, 0);
}
END_TEST

START_TEST(mask_counts_calls_together)
{
	h_init();
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EMODPR) |
			    BIT_ULL(SGX2_STAT_EMODT), SGX2_EPC_PAGE_CONFLICT,
			    0, 2, 0, 0);
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_code(h_emodt(H_DATA2, SGX2_SECINFO_TRIM), SGX2_EPC_PAGE_CONFLICT);
	ck_ok(h_emodt(H_DATA2, SGX2_SECINFO_TRIM));
	ck_code(h_emodpr(H_SSA2, SGX2_SECINFO_R), SGX2_EPC_PAGE_CONFLICT);
}
END_TEST

START_TEST(injected_prev_trk_incmpl)
{
	h_init();
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_ETRACK),
			    SGX2_PREV_TRK_INCMPL, 0, 2, 0, 0);
	ck_ok(h_etrack());
	ck_code(h_etrack(), SGX2_PREV_TRK_INCMPL);
	ck_assert_uint_eq(H->encl.etrack_epoch, 1);
	ck_ok(h_etrack());
	ck_assert_uint_eq(H->encl.etrack_epoch, 2);
}
END_TEST

START_TEST(injected_faults)
{
	h_init();
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EREMOVE), SGX2_SIM_PF,
			    0x8005, 1, 0, 0);
	ck_pf(h_eremove(H_DATA), 0, 0x8005);
	ck_assert(h_e(H_DATA)->flags & SGX2_SIM_EPCM_VALID);
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EREMOVE), SGX2_SIM_GP,
			    0x8005, 1, 0, 0);
	ck_gp(h_eremove(H_DATA));
	ck_assert_uint_eq(H->f.error_code, 0);
}
END_TEST

START_TEST(injected_enclu)
{
	h_init();
	ck_ok(h_eaug(H_DYN));
	ck_ok(h_enter(&H->lp, H_TCS1));
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EACCEPT), SGX2_SIM_GP,
			    0, 1, 0, 0);
	ck_gp(h_eaccept(&H->lp, RW | SGX2_SECINFO_PENDING, H_DYN));
	ck_assert(h_e(H_DYN)->flags & SGX2_SIM_EPCM_PENDING);
	sgx2_sim_inject_set(&H->epc, 0, 0, 0, 0, 0, 0);
	ck_ok(h_eaccept(&H->lp, RW | SGX2_SECINFO_PENDING, H_DYN));
}
END_TEST

/* A hit comes before every check of the leaf, ENCLU's mode checks too. */
START_TEST(hit_preempts_every_check)
{
	h_init();
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EEXIT) |
			    BIT_ULL(SGX2_STAT_EACCEPT) |
			    BIT_ULL(SGX2_STAT_ERESUME) |
			    BIT_ULL(SGX2_STAT_EENTER), SGX2_SIM_PF, 0x8007, 1,
			    0, 0);
	ck_pf(h_exit(&H->lp), 0, 0x8007);		/* not inside: #GP */
	ck_pf(h_eaccept(&H->lp, 0, H_DATA), 0, 0x8007);
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EACCEPTCOPY) |
			    BIT_ULL(SGX2_STAT_EMODPE), SGX2_SIM_PF, 0x8007, 1,
			    0, 0);
	ck_pf(sgx2_sim_eacceptcopy(&H->epc, &H->encl, &H->lp, 0, 0, 0, &H->f),
	      0, 0x8007);
	ck_pf(sgx2_sim_emodpe(&H->epc, &H->encl, &H->lp, 0, 0, &H->f), 0,
	      0x8007);
	sgx2_sim_inject_set(&H->epc, 0, 0, 0, 0, 0, 0);
	ck_ok(h_enter(&H->lp, H_TCS1));
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EENTER) |
			    BIT_ULL(SGX2_STAT_ERESUME), SGX2_SIM_PF, 0x8005, 1,
			    0, 0);
	ck_pf(h_enter(&H->lp, H_TCS2), 0, 0x8005);	/* inside: #GP */
	H->regs.rbx = H_BASE + H_TCS2;
	ck_pf(sgx2_sim_eresume(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			       &H->f), 0, 0x8005);
	ck_assert_uint_eq(H->epc.inject.hits, 2);
}
END_TEST

START_TEST(aex_never_hit)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	sgx2_sim_inject_set(&H->epc, ~0ULL, SGX2_SIM_GP, 0, 1, 0, 0);
	ck_ok(h_aex(&H->lp));
	ck_assert(!H->lp.inside);
	ck_assert_uint_eq(H->epc.inject.hits, 0);
}
END_TEST

START_TEST(disabled)
{
	u32 i;

	h_init();
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EAUG), 0, 0, 1,
			    0xffffffff, 1);
	ck_assert_uint_eq(H->epc.inject.leaf_mask, 0);
	for (i = 0; i < 8; i++)
		ck_ok(eaug_at(i));
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_EAUG),
			    SGX2_EPC_PAGE_CONFLICT, 0, 0, 0, 1);
	for (; i < 16; i++)
		ck_ok(eaug_at(i));
	ck_assert_uint_eq(H->epc.inject.hits, 0);
}
END_TEST

/* Outcomes of 256 ETRACKs with probability 1/4 and @seed, as a bitmap. */
static void draw(u64 seed, u64 map[4])
{
	u32 i;
	int ret;

	h_init();
	sgx2_sim_inject_set(&H->epc, BIT_ULL(SGX2_STAT_ETRACK),
			    SGX2_PREV_TRK_INCMPL, 0, 0, 0x40000000, seed);
	memset(map, 0, 4 * sizeof(u64));
	for (i = 0; i < 256; i++) {
		ret = h_etrack();
		ck_assert(ret == 0 || ret == SGX2_PREV_TRK_INCMPL);
		if (ret)
			map[i / 64] |= BIT_ULL(i % 64);
	}
}

START_TEST(probability_is_seeded)
{
	u64 a[4], b[4], c[4];
	u32 i, n = 0;

	draw(42, a);
	for (i = 0; i < 4; i++)
		n += __builtin_popcountll(a[i]);
	ck_assert_uint_eq(H->epc.inject.hits, n);
	/* About a quarter of 256. */
	ck_assert_uint_ge(n, 40);
	ck_assert_uint_le(n, 90);
	h_teardown();
	h_setup();
	draw(42, b);
	ck_assert_int_eq(memcmp(a, b, sizeof(a)), 0);
	h_teardown();
	h_setup();
	draw(43, c);
	ck_assert_int_ne(memcmp(a, c, sizeof(a)), 0);
}
END_TEST

START_TEST(counters)
{
	h_init();
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_ECREATE], 1);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EADD], 9);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EEXTEND], 16);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EINIT], 1);
	ck_gp(h_eaug(H_SIZE));		/* failed leaves count too */
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EAUG], 1);
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_aex(&H->lp));
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EENTER], 1);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_AEX], 1);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EPC_PAGES], 0);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_IPI_ROUNDS], 0);
}
END_TEST

START_TEST(layouts)
{
	ck_assert_uint_eq(sizeof(struct sgx2_sim_epcm), 24);
	ck_assert_uint_eq(sizeof(struct sgx2_sim_ssa_gpr), SGX2_SIM_SSA_GPR_SIZE);
	ck_assert_uint_eq(offsetof(struct sgx2_sim_ssa_gpr, rip), 136);
	ck_assert_uint_eq(offsetof(struct sgx2_sim_ssa_gpr, exitinfo), 160);
	ck_assert_uint_eq(offsetof(struct sgx2_sim_ssa_gpr, gsbase), 176);
	ck_assert_uint_ge(sizeof(struct sgx2_sim_sha256), 112);
	ck_assert_uint_eq(_Alignof(struct sgx2_sim_sha256), 8);
}
END_TEST

Suite *sim_inject_suite(void)
{
	Suite *s = h_suite("sim_inject");
	TCase *tc = h_tcase(s, "inject");

	tcase_add_test(tc, every_nth_call);
	tcase_add_test(tc, only_masked_leaves);
	tcase_add_test(tc, mask_counts_calls_together);
	tcase_add_test(tc, injected_prev_trk_incmpl);
	tcase_add_test(tc, injected_faults);
	tcase_add_test(tc, injected_enclu);
	tcase_add_test(tc, hit_preempts_every_check);
	tcase_add_test(tc, aex_never_hit);
	tcase_add_test(tc, disabled);
	tcase_add_test(tc, probability_is_seeded);
	tcase_add_test(tc, counters);
	tcase_add_test(tc, layouts);
	return s;
}
