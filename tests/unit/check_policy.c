// SPDX-License-Identifier: GPL-2.0
/*
 * check_policy.c - batching policy parsing, validation and chunk sizes.
 */
#include <check.h>
#include "policy.h"

struct parse_row {
	const char *in;
	int ret;
	u32 policy;
	u32 chunk;
};

static const struct parse_row parse_table[] = {
	{ "per_page", 0, SGX2_POLICY_PER_PAGE, 0 },
	{ "per_range", 0, SGX2_POLICY_PER_RANGE, 0 },
	{ "per_range\n", 0, SGX2_POLICY_PER_RANGE, 0 },
	{ "chunk:1", 0, SGX2_POLICY_CHUNK, 1 },
	{ "chunk:16", 0, SGX2_POLICY_CHUNK, 16 },
	{ "chunk:65536", 0, SGX2_POLICY_CHUNK, 65536 },
	{ "chunk:65537", -EINVAL, 0, 0 },
	{ "chunk:0", -EINVAL, 0, 0 },
	{ "chunk:", -EINVAL, 0, 0 },
	{ "chunk:-1", -EINVAL, 0, 0 },
	{ "chunk:12x", -EINVAL, 0, 0 },
	{ "chunk:99999999999999999999", -EINVAL, 0, 0 },
	{ "per_pag", -EINVAL, 0, 0 },
	{ "per_page ", -EINVAL, 0, 0 },
	{ "", -EINVAL, 0, 0 },
	{ "chunk:0000000000000000000000000000000016", -EINVAL, 0, 0 },
};

START_TEST(test_parse)
{
	const struct parse_row *r = &parse_table[_i];
	struct sgx2_enclave_policy p = { .policy = 0xdead, .chunk = 0xbeef,
					 .fault_around = 7 };
	int ret = sgx2_policy_parse(r->in, &p);

	ck_assert_msg(ret == r->ret, "'%s': %d != %d", r->in, ret, r->ret);
	if (ret) {
		/* a refused string leaves the policy untouched */
		ck_assert_uint_eq(p.policy, 0xdead);
		ck_assert_uint_eq(p.chunk, 0xbeef);
	} else {
		ck_assert_uint_eq(p.policy, r->policy);
		ck_assert_uint_eq(p.chunk, r->chunk);
		ck_assert_int_eq(sgx2_policy_validate(&p, false), 0);
	}
	ck_assert_uint_eq(p.fault_around, 7);
}
END_TEST

START_TEST(test_format_round_trip)
{
	const struct parse_row *r = &parse_table[_i];
	struct sgx2_enclave_policy p = { 0 }, q = { 0 };
	char buf[SGX2_POLICY_STR_MAX];

	if (r->ret)
		return;
	ck_assert_int_eq(sgx2_policy_parse(r->in, &p), 0);
	ck_assert_int_gt(sgx2_policy_format(&p, buf, sizeof(buf)), 0);
	ck_assert_int_eq(sgx2_policy_parse(buf, &q), 0);
	ck_assert_uint_eq(p.policy, q.policy);
	ck_assert_uint_eq(p.chunk, q.chunk);
}
END_TEST

START_TEST(test_format_truncates)
{
	struct sgx2_enclave_policy p = { .policy = SGX2_POLICY_CHUNK,
					 .chunk = 4096 };
	char buf[8];

	ck_assert_int_eq(sgx2_policy_format(&p, buf, sizeof(buf)), 10);
	ck_assert_str_eq(buf, "chunk:4");
	p.policy = SGX2_POLICY_DEFAULT;
	ck_assert_int_eq(sgx2_policy_format(&p, buf, sizeof(buf)), -EINVAL);
}
END_TEST

struct validate_row {
	struct sgx2_enclave_policy p;
	bool allow_default;
	int ret;
};

static const struct validate_row validate_table[] = {
	{ { .policy = SGX2_POLICY_PER_PAGE }, false, 0 },
	{ { .policy = SGX2_POLICY_PER_RANGE, .fault_around = 256 }, false, 0 },
	{ { .policy = SGX2_POLICY_PER_RANGE, .fault_around = 257 }, false, -EINVAL },
	{ { .policy = SGX2_POLICY_CHUNK, .chunk = 16 }, false, 0 },
	{ { .policy = SGX2_POLICY_CHUNK }, false, -EINVAL },
	{ { .policy = SGX2_POLICY_CHUNK, .chunk = 65537 }, false, -EINVAL },
	{ { .policy = SGX2_POLICY_PER_PAGE, .chunk = 16 }, false, -EINVAL },
	{ { .policy = SGX2_POLICY_PER_RANGE, .chunk = 1 }, false, -EINVAL },
	{ { .policy = SGX2_POLICY_DEFAULT }, false, -EINVAL },
	{ { .policy = SGX2_POLICY_DEFAULT }, true, 0 },
	{ { .policy = SGX2_POLICY_DEFAULT, .chunk = 4 }, true, -EINVAL },
	{ { .policy = 4 }, true, -EINVAL },
	{ { .policy = 0xffffffff }, true, -EINVAL },
	{ { .policy = SGX2_POLICY_PER_PAGE, .flags = 1 }, false, -EINVAL },
	{ { .policy = SGX2_POLICY_PER_PAGE, .reserved = { 1, 0 } }, false, -EINVAL },
	{ { .policy = SGX2_POLICY_PER_PAGE, .reserved = { 0, 1 } }, false, -EINVAL },
};

START_TEST(test_validate)
{
	const struct validate_row *r = &validate_table[_i];

	ck_assert_int_eq(sgx2_policy_validate(&r->p, r->allow_default), r->ret);
}
END_TEST

START_TEST(test_chunk_pages)
{
	struct sgx2_enclave_policy p = { .policy = SGX2_POLICY_PER_PAGE };

	ck_assert_uint_eq(sgx2_policy_chunk_pages(&p, 4096), 1);
	p.policy = SGX2_POLICY_PER_RANGE;
	ck_assert_uint_eq(sgx2_policy_chunk_pages(&p, 4096), 4096);
	ck_assert_uint_eq(sgx2_policy_chunk_pages(&p, 1), 1);
	p.policy = SGX2_POLICY_CHUNK;
	p.chunk = 16;
	ck_assert_uint_eq(sgx2_policy_chunk_pages(&p, 4096), 16);
	ck_assert_uint_eq(sgx2_policy_chunk_pages(&p, 5), 5);
}
END_TEST

#define N(t) (sizeof(t) / sizeof((t)[0]))

Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy");

	tcase_add_loop_test(tc, test_parse, 0, N(parse_table));
	tcase_add_loop_test(tc, test_format_round_trip, 0, N(parse_table));
	tcase_add_test(tc, test_format_truncates);
	tcase_add_loop_test(tc, test_validate, 0, N(validate_table));
	tcase_add_test(tc, test_chunk_pages);
	suite_add_tcase(s, tc);
	return s;
}
