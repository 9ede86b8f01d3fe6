// SPDX-License-Identifier: GPL-2.0
/*
 * check_sim_inject_parse.c - the sim_inject module parameter's syntax.
 */
#include <check.h>
#include "sim_inject.h"
#include "sim_model.h"

struct row {
	const char *in;
	int ret;
	u64 mask;
	int outcome;
	u32 every;
	u32 threshold;
	u64 seed;
};

#define B(s) BIT_ULL(SGX2_STAT_##s)

static const struct row rows[] = {
	{ "off", 0, 0, 0, 0, 0, 0 },
	{ "off\n", 0, 0, 0, 0, 0, 0 },
	{ "etrack:17:2", 0, B(ETRACK), 17, 2, 0, 0 },
	{ "emodpr+emodt:7:5", 0, B(EMODPR) | B(EMODT), 7, 5, 0, 0 },
	{ "eaug:pf:0:100:42", 0, B(EAUG), SGX2_SIM_PF, 0, 0xffffffffU, 42 },
	{ "eaccept:gp:1:50", 0, B(EACCEPT), SGX2_SIM_GP, 1, 0x80000000U, 0 },
	{ "eacceptcopy+emodpe:20:3", 0, B(EACCEPTCOPY) | B(EMODPE), 20, 3, 0, 0 },
	{ "etrack:17", -EINVAL, 0, 0, 0, 0, 0 },		/* EVERY missing */
	{ "etrack:17:2:101", -EINVAL, 0, 0, 0, 0, 0 },		/* percent > 100 */
	{ "etrack:0:2", -EINVAL, 0, 0, 0, 0, 0 },		/* 0 is success, not an outcome */
	{ "etrack:256:2", -EINVAL, 0, 0, 0, 0, 0 },
	{ "etrak:17:2", -EINVAL, 0, 0, 0, 0, 0 },		/* unknown leaf */
	{ "etrack+:17:2", -EINVAL, 0, 0, 0, 0, 0 },
	{ "etrack:17:2:1:1:1", -EINVAL, 0, 0, 0, 0, 0 },	/* extra field */
	{ "etrack:x:2", -EINVAL, 0, 0, 0, 0, 0 },
	{ "etrack:17:-1", -EINVAL, 0, 0, 0, 0, 0 },
	{ "etrack:17:4294967296", -EINVAL, 0, 0, 0, 0, 0 },	/* EVERY above u32 */
	{ "", -EINVAL, 0, 0, 0, 0, 0 },
	{ ":17:2", -EINVAL, 0, 0, 0, 0, 0 },
};

START_TEST(test_parse)
{
	const struct row *r = &rows[_i];
	struct sgx2_sim_inject_spec s = { .leaf_mask = 0xdead, .every = 99 };
	int ret = sgx2_sim_inject_parse(r->in, &s);

	ck_assert_msg(ret == r->ret, "'%s': %d != %d", r->in, ret, r->ret);
	if (ret) {
		ck_assert_uint_eq(s.leaf_mask, 0xdead);	/* untouched */
		ck_assert_uint_eq(s.every, 99);
		return;
	}
	ck_assert_uint_eq(s.leaf_mask, r->mask);
	ck_assert_int_eq(s.outcome, r->outcome);
	ck_assert_uint_eq(s.every, r->every);
	ck_assert_uint_eq(s.threshold, r->threshold);
	ck_assert_uint_eq(s.seed, r->seed);
}
END_TEST

Suite *sim_inject_parse_suite(void)
{
	Suite *s = suite_create("sim_inject_parse");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_parse, 0, sizeof(rows) / sizeof(rows[0]));
	suite_add_tcase(s, tc);
	return s;
}
