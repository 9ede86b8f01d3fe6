// SPDX-License-Identifier: GPL-2.0
/*
 * check_sim_measure.c - MRENCLAVE in the SGX2 model: the 64-byte ECREATE,
 * EADD and EEXTEND records, checked against a known answer and against an
 * independent computation with OpenSSL, and EINIT's use of it.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include "check_sim_harness.h"

#define RW	(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W)
#define RX	(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_X)

/*
 * ECREATE (SSAFRAMESIZE 1, SIZE 1 MiB), EADD at 0x1000 with SECINFO
 * REG|R|W, EEXTEND of its first 256 bytes (0, 1, ..., 255), computed
 * outside this code base (Python's hashlib).
 */
static const u8 kat_mrenclave[32] = {
	0x7c, 0x0e, 0x1a, 0xad, 0x96, 0xf8, 0x28, 0xfc,
	0xbb, 0xbc, 0xc8, 0x15, 0xb0, 0x16, 0xa4, 0x20,
	0x0b, 0xa9, 0x8d, 0x05, 0x67, 0xdb, 0x8a, 0xee,
	0x6b, 0xdc, 0x1d, 0x2f, 0xd0, 0x8a, 0x5c, 0x32,
};

static void rec_ecreate(SHA256_CTX *c, u32 ssa, u64 size)
{
	u8 r[64] = "ECREATE";

	memcpy(r + 8, &ssa, 4);
	memcpy(r + 12, &size, 8);
	SHA256_Update(c, r, 64);
}

static void rec_eadd(SHA256_CTX *c, u64 off, u64 flags)
{
	u8 r[64] = "EADD";

	memcpy(r + 8, &off, 8);
	memcpy(r + 16, &flags, 8);
	SHA256_Update(c, r, 64);
}

static void rec_eextend(SHA256_CTX *c, u64 off, const u8 *data)
{
	u8 r[64] = "EEXTEND";

	memcpy(r + 8, &off, 8);
	SHA256_Update(c, r, 64);
	SHA256_Update(c, data, 256);
}

static void build_kat(void)
{
	u32 i;

	ck_ok(h_ecreate());
	for (i = 0; i < 256; i++)
		H->src[i] = (u8)i;
	ck_ok(h_eadd(0x1000, RW, H->src));
	ck_ok(sgx2_sim_eextend(&H->epc, &H->encl, h_idx(0x1000), 0, &H->f));
}

START_TEST(known_answer)
{
	build_kat();
	memset(H->sig, 0, 4096);
	h_sig(&H->encl);
	ck_assert_int_eq(memcmp(H->sig + SGX2_SIM_SIG_ENCLAVEHASH,
				kat_mrenclave, 32), 0);
	ck_assert_uint_eq(H->encl.mr_updates, 1 + 1 + 1 + 4);
}
END_TEST

START_TEST(einit_matching_hash_initializes)
{
	build_kat();
	h_sig(&H->encl);
	memcpy(H->sig + SGX2_SIM_SIG_ENCLAVEHASH, kat_mrenclave, 32);
	ck_ok(h_einit());
	ck_assert(H->encl.flags & SGX2_SIM_ENCL_INIT);
	ck_assert_int_eq(memcmp(h_va(H->encl.secs) + SGX2_SIM_SECS_MRENCLAVE,
				kat_mrenclave, 32), 0);
}
END_TEST

START_TEST(einit_mismatch_is_invalid_measurement)
{
	build_kat();
	h_sig(&H->encl);
	memcpy(H->sig + SGX2_SIM_SIG_ENCLAVEHASH, kat_mrenclave, 32);
	H->sig[SGX2_SIM_SIG_ENCLAVEHASH + _i * 31] ^= 0x01;
	ck_code(h_einit(), SGX2_INVALID_MEASUREMENT);
	ck_assert(!(H->encl.flags & SGX2_SIM_ENCL_INIT));
}
END_TEST

/* The standard enclave of the harness, measured independently. */
START_TEST(standard_enclave_independent)
{
	SHA256_CTX c;
	u8 code[4096], mr[32];
	u32 i;

	memset(code, 0x90, sizeof(code));
	SHA256_Init(&c);
	rec_ecreate(&c, 1, H_SIZE);
	rec_eadd(&c, H_TCS1, SGX2_SECINFO_TCS);
	rec_eadd(&c, H_SSA1, RW);
	rec_eadd(&c, H_SSA1 + 0x1000, RW);
	rec_eadd(&c, H_CODE, RX);
	for (i = 0; i < 4096; i += 256)
		rec_eextend(&c, H_CODE + i, code + i);
	rec_eadd(&c, H_TCS2, SGX2_SECINFO_TCS);
	rec_eadd(&c, H_SSA2, RW);
	rec_eadd(&c, H_SI, SGX2_SECINFO_REG | SGX2_SECINFO_R);
	rec_eadd(&c, H_DATA, RW);
	rec_eadd(&c, H_DATA2, RW);
	SHA256_Final(mr, &c);

	h_build();
	h_sig(&H->encl);
	memcpy(H->sig + SGX2_SIM_SIG_ENCLAVEHASH, mr, 32);
	ck_ok(h_einit());
}
END_TEST

START_TEST(tcs_measured_without_permissions)
{
	SHA256_CTX c;
	u8 mr[32];

	SHA256_Init(&c);
	rec_ecreate(&c, 1, H_SIZE);
	rec_eadd(&c, 0, SGX2_SECINFO_TCS);
	SHA256_Final(mr, &c);

	ck_ok(h_ecreate());
	h_tcs(H->src, 0x1000, 1, 0);
	ck_ok(h_eadd(0, SGX2_SECINFO_TCS | SGX2_SECINFO_R | SGX2_SECINFO_W,
		     H->src));
	h_sig(&H->encl);
	ck_assert_int_eq(memcmp(H->sig + SGX2_SIM_SIG_ENCLAVEHASH, mr, 32), 0);
}
END_TEST

START_TEST(eextend_offset_within_page)
{
	SHA256_CTX c;
	u8 data[4096], mr[32];

	memset(data, 0x5a, sizeof(data));
	SHA256_Init(&c);
	rec_ecreate(&c, 1, H_SIZE);
	rec_eadd(&c, 0x3000, RX);
	rec_eextend(&c, 0x3000 + 0xf00, data);
	SHA256_Final(mr, &c);

	ck_ok(h_ecreate());
	ck_ok(h_eadd(0x3000, RX, data));
	ck_ok(sgx2_sim_eextend(&H->epc, &H->encl, h_idx(0x3000), 0xf00, &H->f));
	h_sig(&H->encl);
	ck_assert_int_eq(memcmp(H->sig + SGX2_SIM_SIG_ENCLAVEHASH, mr, 32), 0);
}
END_TEST

START_TEST(order_of_eadds_matters)
{
	u8 a[32];

	ck_ok(h_ecreate());
	ck_ok(h_eadd(0x1000, RW, NULL));
	ck_ok(h_eadd(0x2000, RW, NULL));
	h_sig(&H->encl);
	memcpy(a, H->sig + SGX2_SIM_SIG_ENCLAVEHASH, 32);

	memset(&H->encl, 0, sizeof(H->encl));
	ck_ok(h_ecreate());
	ck_ok(h_eadd(0x2000, RW, NULL));
	ck_ok(h_eadd(0x1000, RW, NULL));
	h_sig(&H->encl);
	ck_assert_int_ne(memcmp(a, H->sig + SGX2_SIM_SIG_ENCLAVEHASH, 32), 0);
}
END_TEST

START_TEST(failed_leaves_do_not_measure)
{
	u64 n;

	ck_ok(h_ecreate());
	n = H->encl.mr_updates;
	ck_gp(h_eadd(H_SIZE, RW, NULL));		/* outside ELRANGE */
	ck_gp(sgx2_sim_eextend(&H->epc, &H->encl, H->encl.secs + 1, 64, &H->f));
	ck_assert_uint_eq(H->encl.mr_updates, n);
}
END_TEST

Suite *sim_measure_suite(void)
{
	Suite *s = h_suite("sim_measure");
	TCase *tc = h_tcase(s, "mrenclave");

	tcase_add_test(tc, known_answer);
	tcase_add_test(tc, einit_matching_hash_initializes);
	tcase_add_loop_test(tc, einit_mismatch_is_invalid_measurement, 0, 2);
	tcase_add_test(tc, standard_enclave_independent);
	tcase_add_test(tc, tcs_measured_without_permissions);
	tcase_add_test(tc, eextend_offset_within_page);
	tcase_add_test(tc, order_of_eadds_matters);
	tcase_add_test(tc, failed_leaves_do_not_measure);
	return s;
}
