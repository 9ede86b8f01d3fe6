// SPDX-License-Identifier: GPL-2.0
/*
 * check_budget.c - the EPC budget parameter: parsing, pages, formatting.
 */
#include <check.h>
#include "budget_spec.h"

struct parse_row {
	const char *in;
	int ret;
	u64 value;
	bool percent;
};

static const struct parse_row parse_table[] = {
	{ "1", 0, 1, false },
	{ "4096", 0, 4096, false },
	{ "4096\n", 0, 4096, false },
	{ "75%", 0, 75, true },
	{ "75%\n", 0, 75, true },
	{ "1%", 0, 1, true },
	{ "100%", 0, 100, true },
	{ "007", 0, 7, false },
	{ "1099511627776", 0, 1ULL << 40, false },
	{ "1099511627777", -EINVAL, 0, false },
	{ "99999999999999999999999", -EINVAL, 0, false },
	{ "0", -EINVAL, 0, false },
	{ "0%", -EINVAL, 0, false },
	{ "000", -EINVAL, 0, false },
	{ "101%", -EINVAL, 0, false },
	{ "1000%", -EINVAL, 0, false },
	{ "", -EINVAL, 0, false },
	{ "\n", -EINVAL, 0, false },
	{ "%", -EINVAL, 0, false },
	{ "%\n", -EINVAL, 0, false },
	{ "-1", -EINVAL, 0, false },
	{ "+1", -EINVAL, 0, false },
	{ "0x10", -EINVAL, 0, false },
	{ " 16", -EINVAL, 0, false },
	{ "16 ", -EINVAL, 0, false },
	{ "16 %", -EINVAL, 0, false },
	{ "50%%", -EINVAL, 0, false },
	{ "%50", -EINVAL, 0, false },
	{ "16\n\n", -EINVAL, 0, false },
	{ "16x", -EINVAL, 0, false },
	{ "1.5%", -EINVAL, 0, false },
};

START_TEST(test_parse)
{
	const struct parse_row *r = &parse_table[_i];
	struct sgx2_budget_spec spec = { .value = 0xdead, .percent = true };
	int ret = sgx2_budget_parse(r->in, &spec);

	ck_assert_msg(ret == r->ret, "'%s': %d != %d", r->in, ret, r->ret);
	if (ret) {
		/* a refused string leaves the budget untouched */
		ck_assert_uint_eq(spec.value, 0xdead);
		ck_assert(spec.percent);
	} else {
		ck_assert_uint_eq(spec.value, r->value);
		ck_assert_int_eq(spec.percent, r->percent);
	}
}
END_TEST

START_TEST(test_format_round_trip)
{
	const struct parse_row *r = &parse_table[_i];
	struct sgx2_budget_spec p = { 0 }, q = { 0 };
	char buf[SGX2_BUDGET_STR_MAX];
	int len;

	if (r->ret)
		return;
	ck_assert_int_eq(sgx2_budget_parse(r->in, &p), 0);
	len = sgx2_budget_format(&p, buf, sizeof(buf));
	ck_assert_int_eq(len, (int)strlen(buf));
	ck_assert_int_eq(sgx2_budget_parse(buf, &q), 0);
	ck_assert_uint_eq(p.value, q.value);
	ck_assert_int_eq(p.percent, q.percent);
}
END_TEST

START_TEST(test_format)
{
	struct sgx2_budget_spec spec = { .value = 4096 };
	char buf[SGX2_BUDGET_STR_MAX];

	ck_assert_int_eq(sgx2_budget_format(&spec, buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "4096");
	spec.value = 75;
	spec.percent = true;
	ck_assert_int_eq(sgx2_budget_format(&spec, buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "75%");
	spec.value = 1ULL << 40;
	spec.percent = false;
	ck_assert_int_eq(sgx2_budget_format(&spec, buf, sizeof(buf)), 13);
	ck_assert_str_eq(buf, "1099511627776");
}
END_TEST

START_TEST(test_format_truncates)
{
	struct sgx2_budget_spec spec = { .value = 100, .percent = true };
	char buf[4];

	ck_assert_int_eq(sgx2_budget_format(&spec, buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "100");
	ck_assert_int_eq(sgx2_budget_format(&spec, buf, 1), 4);
	ck_assert_str_eq(buf, "");
	buf[0] = 'x';
	ck_assert_int_eq(sgx2_budget_format(&spec, buf, 0), 4);
	ck_assert_int_eq(buf[0], 'x');
}
END_TEST

struct pages_row {
	u64 value;
	bool percent;
	u64 epc;
	int ret;
	u64 pages;
};

static const struct pages_row pages_table[] = {
	{ 75, true, 32768, 0, 24576 },
	{ 100, true, 32768, 0, 32768 },
	{ 1, true, 32768, 0, 327 },		/* rounds down */
	{ 1, true, 256, 0, 2 },
	{ 1, true, 99, -EINVAL, 0 },		/* no page at all */
	{ 99, true, 1, -EINVAL, 0 },
	{ 100, true, 1, 0, 1 },
	{ 33, true, 1000, 0, 330 },
	/* no overflow on the largest EPC a page count can name */
	{ 100, true, 1ULL << 40, 0, 1ULL << 40 },
	{ 75, true, (1ULL << 40) + 99, 0, 824633720906ULL },	/* exact floor */
	{ 16, false, 32768, 0, 16 },
	{ 32768, false, 32768, 0, 32768 },
	{ 32769, false, 32768, -EINVAL, 0 },	/* above the EPC */
	{ 1, false, 0, -EINVAL, 0 },
	{ 100, true, 0, -EINVAL, 0 },
};

START_TEST(test_pages)
{
	const struct pages_row *r = &pages_table[_i];
	struct sgx2_budget_spec spec = { .value = r->value,
					 .percent = r->percent };
	u64 pages = 0xdead;
	int ret = sgx2_budget_pages(&spec, r->epc, &pages);

	ck_assert_msg(ret == r->ret, "row %d: %d != %d", _i, ret, r->ret);
	ck_assert_uint_eq(pages, r->ret ? 0xdead : r->pages);
}
END_TEST

#define N(t) (sizeof(t) / sizeof((t)[0]))

Suite *budget_suite(void)
{
	Suite *s = suite_create("budget");
	TCase *tc = tcase_create("budget");

	tcase_add_loop_test(tc, test_parse, 0, N(parse_table));
	tcase_add_loop_test(tc, test_format_round_trip, 0, N(parse_table));
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_format_truncates);
	tcase_add_loop_test(tc, test_pages, 0, N(pages_table));
	suite_add_tcase(s, tc);
	return s;
}
