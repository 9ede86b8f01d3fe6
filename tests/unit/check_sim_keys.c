// SPDX-License-Identifier: GPL-2.0
/*
 * check_sim_keys.c - EREPORT and EGETKEY in the SGX2 model: two enclaves
 * attest to each other locally (a REPORT MACed with the target's REPORT
 * key, which the target gets from EGETKEY), and the checks of each leaf.
 */
#include "check_sim_harness.h"

static struct sgx2_sim_secret secret = { .key = "check_sim_keys secret" };

#define B2		(H_BASE + H_SIZE)	/* enclave 2 */
#define B2_DATA		(B2 + 0x2000)
#define RW		(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W)

static void k_setup(void)
{
	h_setup();
	H->epc.secret = &secret;
	h_init();
	h_build_encl2();
}

/* The host view of enclave memory at @la of @encl. */
static u8 *mem(const struct sgx2_sim_encl *encl, u64 la)
{
	u32 idx;

	ck_ok(H->epc.ops->lookup(H, encl, la & SGX2_SIM_PAGE_MASK, &idx));
	return h_va(idx) + (la & ~SGX2_SIM_PAGE_MASK);
}

static void enter2(void)
{
	struct sgx2_sim_regs r = {
		.rax = SGX2_EENTER, .rbx = B2, .rcx = H_AEP, .rip = H_RIP,
	};

	ck_ok(sgx2_sim_eenter(&H->epc, &H->encl2, &H->lp2, &r, &H->f));
}

/* Enclave 2's TARGETINFO, at @la of enclave 1. */
static void targetinfo2(u64 la)
{
	u8 *ti = mem(&H->encl, la), *secs = h_va(H->encl2.secs);

	memset(ti, 0, SGX2_SIM_TI_SIZE);
	memcpy(ti + SGX2_SIM_TI_MEASUREMENT, secs + SGX2_SIM_SECS_MRENCLAVE, 32);
	memcpy(ti + SGX2_SIM_TI_ATTRIBUTES, secs + SGX2_SIM_SECS_ATTRIBUTES, 16);
	memcpy(ti + SGX2_SIM_TI_MISCSELECT, secs + SGX2_SIM_SECS_MISCSELECT, 4);
}

static int ereport(u64 ti, u64 rd, u64 out)
{
	return sgx2_sim_ereport(&H->epc, &H->encl, &H->lp, ti, rd, out, &H->f);
}

/* Enclave 1 (inside) reports to enclave 2; the REPORT at H_DATA2. */
static void report_1_to_2(void)
{
	ck_ok(h_enter(&H->lp, H_TCS1));
	targetinfo2(H_BASE + H_DATA);
	memset(mem(&H->encl, H_BASE + H_DATA + 0x200), 0x42, 64);
	ck_ok(ereport(H_BASE + H_DATA, H_BASE + H_DATA + 0x200,
		      H_BASE + H_DATA2));
}

/* A KEYREQUEST at @la of @encl. */
static u8 *keyrequest(const struct sgx2_sim_encl *encl, u64 la, u16 name)
{
	u8 *kr = mem(encl, la);

	memset(kr, 0, SGX2_SIM_KR_SIZE);
	memcpy(kr + SGX2_SIM_KR_KEYNAME, &name, 2);
	return kr;
}

static int egetkey(const struct sgx2_sim_encl *encl, struct sgx2_sim_lp *lp,
		   u64 kr, u64 out)
{
	return sgx2_sim_egetkey(&H->epc, (struct sgx2_sim_encl *)encl, lp, kr,
				out, &H->f);
}

static bool mac_ok(const u8 *report, const u8 *key)
{
	struct sgx2_sim_sha256 h;
	u8 d[32];

	sgx2_sim_sha256_init(&h);
	sgx2_sim_sha256_update(&h, key, 16);
	sgx2_sim_sha256_update(&h, report, SGX2_SIM_REPORT_BODY);
	sgx2_sim_sha256_final(&h, d);
	return !memcmp(d, report + SGX2_SIM_REPORT_MAC, 16);
}

START_TEST(local_attestation)
{
	u8 *report, *kr, *secs1 = h_va(H->encl.secs);
	u8 rep[SGX2_SIM_REPORT_SIZE];

	report_1_to_2();
	report = mem(&H->encl, H_BASE + H_DATA2);
	ck_assert_int_eq(memcmp(report + SGX2_SIM_REPORT_MRENCLAVE,
				secs1 + SGX2_SIM_SECS_MRENCLAVE, 32), 0);
	ck_assert_int_eq(memcmp(report + SGX2_SIM_REPORT_MRSIGNER,
				secs1 + SGX2_SIM_SECS_MRSIGNER, 32), 0);
	ck_assert_uint_eq(report[SGX2_SIM_REPORT_ISVSVN], 0x78);
	ck_assert_uint_eq(report[SGX2_SIM_REPORT_ATTRIBUTES] &
			  SGX2_SIM_ATTR_INIT, SGX2_SIM_ATTR_INIT);
	ck_assert_uint_eq(report[SGX2_SIM_REPORT_DATA + 63], 0x42);
	memcpy(rep, report, sizeof(rep));
	ck_ok(h_exit(&H->lp));

	/* Enclave 2 checks it with its REPORT key. */
	enter2();
	kr = keyrequest(&H->encl2, B2_DATA, SGX2_SIM_KEY_REPORT);
	memcpy(kr + SGX2_SIM_KR_KEYID, rep + SGX2_SIM_REPORT_KEYID, 32);
	ck_ok(egetkey(&H->encl2, &H->lp2, B2_DATA, B2_DATA + 0x200));
	ck_assert(mac_ok(rep, mem(&H->encl2, B2_DATA + 0x200)));

	/* A changed REPORT fails. */
	rep[SGX2_SIM_REPORT_DATA] ^= 1;
	ck_assert(!mac_ok(rep, mem(&H->encl2, B2_DATA + 0x200)));
}
END_TEST

/* A REPORT for enclave 2 does not verify with enclave 1's REPORT key. */
START_TEST(report_key_is_the_targets)
{
	u8 rep[SGX2_SIM_REPORT_SIZE], *kr;

	report_1_to_2();
	memcpy(rep, mem(&H->encl, H_BASE + H_DATA2), sizeof(rep));
	kr = keyrequest(&H->encl, H_BASE + H_DATA, SGX2_SIM_KEY_REPORT);
	memcpy(kr + SGX2_SIM_KR_KEYID, rep + SGX2_SIM_REPORT_KEYID, 32);
	ck_ok(egetkey(&H->encl, &H->lp, H_BASE + H_DATA,
		      H_BASE + H_DATA + 0x200));
	ck_assert(!mac_ok(rep, mem(&H->encl, H_BASE + H_DATA + 0x200)));
}
END_TEST

/* Another secret (another boot) gives other keys. */
START_TEST(report_key_depends_on_secret)
{
	u8 k1[16];

	ck_ok(h_enter(&H->lp, H_TCS1));
	keyrequest(&H->encl, H_BASE + H_DATA, SGX2_SIM_KEY_REPORT);
	ck_ok(egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2));
	memcpy(k1, mem(&H->encl, H_BASE + H_DATA2), 16);
	secret.key[0] ^= 1;
	ck_ok(egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2));
	secret.key[0] ^= 1;
	ck_assert(memcmp(k1, mem(&H->encl, H_BASE + H_DATA2), 16) != 0);
}
END_TEST

START_TEST(ereport_not_inside)
{
	ck_gp(ereport(H_BASE + H_DATA, H_BASE + H_DATA + 0x200,
		      H_BASE + H_DATA2));
}
END_TEST

START_TEST(ereport_misaligned)
{
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_gp(ereport(H_BASE + H_DATA + 0x100, H_BASE + H_DATA + 0x200,
		      H_BASE + H_DATA2));
	ck_gp(ereport(H_BASE + H_DATA, H_BASE + H_DATA + 0x240,
		      H_BASE + H_DATA2));
	ck_gp(ereport(H_BASE + H_DATA, H_BASE + H_DATA + 0x200,
		      H_BASE + H_DATA2 + 0x100));
}
END_TEST

START_TEST(ereport_outside_elrange)
{
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_gp(ereport(H_BASE + H_DATA, H_BASE + H_DATA + 0x200, B2_DATA));
}
END_TEST

START_TEST(ereport_out_not_writable)
{
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_pf(ereport(H_BASE + H_DATA, H_BASE + H_DATA + 0x200,
		      H_BASE + H_CODE), H_BASE + H_CODE, EC_U_EPCM_W);
}
END_TEST

START_TEST(ereport_unmapped)
{
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_pf(ereport(H_BASE + H_DYN, H_BASE + H_DATA + 0x200,
		      H_BASE + H_DATA2), H_BASE + H_DYN, EC_U_NONE_R);
}
END_TEST

START_TEST(ereport_via_enclu)
{
	ck_ok(h_enter(&H->lp, H_TCS1));
	targetinfo2(H_BASE + H_DATA);
	H->regs = (struct sgx2_sim_regs) {
		.rax = SGX2_EREPORT, .rbx = H_BASE + H_DATA,
		.rcx = H_BASE + H_DATA + 0x200, .rdx = H_BASE + H_DATA2,
		.rip = H_RIP,
	};
	ck_ok(sgx2_sim_enclu(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			     &H->f));
	ck_assert_uint_eq(H->regs.rip, H_RIP + 3);
	ck_assert_uint_eq(H->regs.rax, 0);
}
END_TEST

START_TEST(ereport_no_secret)
{
	ck_ok(h_enter(&H->lp, H_TCS1));
	H->epc.secret = NULL;
	ck_code(ereport(H_BASE + H_DATA, H_BASE + H_DATA + 0x200,
			H_BASE + H_DATA2), -EINVAL);
}
END_TEST

static int getkey1(u16 name, u8 **kr)
{
	*kr = keyrequest(&H->encl, H_BASE + H_DATA, name);
	return egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2);
}

START_TEST(egetkey_bad_keyname)
{
	u8 *kr;

	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_code(getkey1(5, &kr), SGX2_SIM_INVALID_KEYNAME);
}
END_TEST

START_TEST(egetkey_provision_needs_attribute)
{
	u8 *kr;

	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_code(getkey1(SGX2_SIM_KEY_PROVISION, &kr), SGX2_INVALID_ATTRIBUTE);
	ck_code(getkey1(SGX2_SIM_KEY_PROVISION_SEAL, &kr),
		SGX2_INVALID_ATTRIBUTE);
	ck_code(getkey1(SGX2_SIM_KEY_EINITTOKEN, &kr), SGX2_INVALID_ATTRIBUTE);
}
END_TEST

START_TEST(egetkey_isvsvn_above)
{
	u8 *kr = keyrequest(&H->encl, H_BASE + H_DATA, SGX2_SIM_KEY_SEAL);
	u16 svn = 0x5679;

	ck_ok(h_enter(&H->lp, H_TCS1));
	memcpy(kr + SGX2_SIM_KR_ISVSVN, &svn, 2);
	ck_code(egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2),
		SGX2_SIM_INVALID_ISVSVN);
	svn = 0x5678;
	memcpy(kr + SGX2_SIM_KR_ISVSVN, &svn, 2);
	ck_ok(egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2));
}
END_TEST

START_TEST(egetkey_cpusvn_above)
{
	u8 *kr = keyrequest(&H->encl, H_BASE + H_DATA, SGX2_SIM_KEY_SEAL);

	ck_ok(h_enter(&H->lp, H_TCS1));
	kr[SGX2_SIM_KR_CPUSVN + 3] = 1;
	ck_code(egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2),
		SGX2_SIM_INVALID_CPUSVN);
}
END_TEST

START_TEST(egetkey_reserved)
{
	u8 *kr = keyrequest(&H->encl, H_BASE + H_DATA, SGX2_SIM_KEY_SEAL);

	ck_ok(h_enter(&H->lp, H_TCS1));
	kr[SGX2_SIM_KR_RESERVED + 10] = 1;
	ck_gp(egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2));
	kr[SGX2_SIM_KR_RESERVED + 10] = 0;
	kr[SGX2_SIM_KR_KEYPOLICY] = 0x80;
	ck_gp(egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2));
}
END_TEST

START_TEST(egetkey_misaligned)
{
	ck_ok(h_enter(&H->lp, H_TCS1));
	keyrequest(&H->encl, H_BASE + H_DATA, SGX2_SIM_KEY_SEAL);
	ck_gp(egetkey(&H->encl, &H->lp, H_BASE + H_DATA + 0x100,
		      H_BASE + H_DATA2));
	ck_gp(egetkey(&H->encl, &H->lp, H_BASE + H_DATA,
		      H_BASE + H_DATA2 + 8));
}
END_TEST

START_TEST(egetkey_not_inside)
{
	keyrequest(&H->encl, H_BASE + H_DATA, SGX2_SIM_KEY_SEAL);
	ck_gp(egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2));
}
END_TEST

/* The same signer and product: one MRSIGNER seal key for both enclaves. */
START_TEST(egetkey_seal_policy)
{
	u8 *kr, k1s[16], k1e[16], k2s[16], k2e[16];

	ck_ok(h_enter(&H->lp, H_TCS1));
	kr = keyrequest(&H->encl, H_BASE + H_DATA, SGX2_SIM_KEY_SEAL);
	kr[SGX2_SIM_KR_KEYPOLICY] = SGX2_SIM_KEYPOLICY_MRSIGNER;
	ck_ok(egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2));
	memcpy(k1s, mem(&H->encl, H_BASE + H_DATA2), 16);
	kr[SGX2_SIM_KR_KEYPOLICY] = SGX2_SIM_KEYPOLICY_MRENCLAVE;
	ck_ok(egetkey(&H->encl, &H->lp, H_BASE + H_DATA, H_BASE + H_DATA2));
	memcpy(k1e, mem(&H->encl, H_BASE + H_DATA2), 16);

	enter2();
	kr = keyrequest(&H->encl2, B2_DATA, SGX2_SIM_KEY_SEAL);
	kr[SGX2_SIM_KR_KEYPOLICY] = SGX2_SIM_KEYPOLICY_MRSIGNER;
	ck_ok(egetkey(&H->encl2, &H->lp2, B2_DATA, B2_DATA + 0x200));
	memcpy(k2s, mem(&H->encl2, B2_DATA + 0x200), 16);
	kr[SGX2_SIM_KR_KEYPOLICY] = SGX2_SIM_KEYPOLICY_MRENCLAVE;
	ck_ok(egetkey(&H->encl2, &H->lp2, B2_DATA, B2_DATA + 0x200));
	memcpy(k2e, mem(&H->encl2, B2_DATA + 0x200), 16);

	ck_assert_int_eq(memcmp(k1s, k2s, 16), 0);
	ck_assert(memcmp(k1e, k2e, 16) != 0);
	ck_assert(memcmp(k1s, k1e, 16) != 0);
}
END_TEST

START_TEST(egetkey_via_enclu)
{
	ck_ok(h_enter(&H->lp, H_TCS1));
	keyrequest(&H->encl, H_BASE + H_DATA, 7);
	H->regs = (struct sgx2_sim_regs) {
		.rax = SGX2_EGETKEY, .rbx = H_BASE + H_DATA,
		.rcx = H_BASE + H_DATA2, .rip = H_RIP,
	};
	ck_code(sgx2_sim_enclu(&H->epc, &H->encl, &H->lp, &H->regs, NULL,
			       &H->f), SGX2_SIM_INVALID_KEYNAME);
	ck_assert_uint_eq(H->regs.rax, SGX2_SIM_INVALID_KEYNAME);
	ck_assert_uint_eq(H->regs.rip, H_RIP + 3);
}
END_TEST

Suite *sim_keys_suite(void)
{
	Suite *s = suite_create("sim_keys");
	TCase *tc = tcase_create("keys");

	tcase_add_checked_fixture(tc, k_setup, h_teardown);
	suite_add_tcase(s, tc);
	tcase_add_test(tc, local_attestation);
	tcase_add_test(tc, report_key_is_the_targets);
	tcase_add_test(tc, report_key_depends_on_secret);
	tcase_add_test(tc, ereport_not_inside);
	tcase_add_test(tc, ereport_misaligned);
	tcase_add_test(tc, ereport_outside_elrange);
	tcase_add_test(tc, ereport_out_not_writable);
	tcase_add_test(tc, ereport_unmapped);
	tcase_add_test(tc, ereport_via_enclu);
	tcase_add_test(tc, ereport_no_secret);
	tcase_add_test(tc, egetkey_bad_keyname);
	tcase_add_test(tc, egetkey_provision_needs_attribute);
	tcase_add_test(tc, egetkey_isvsvn_above);
	tcase_add_test(tc, egetkey_cpusvn_above);
	tcase_add_test(tc, egetkey_reserved);
	tcase_add_test(tc, egetkey_misaligned);
	tcase_add_test(tc, egetkey_not_inside);
	tcase_add_test(tc, egetkey_seal_policy);
	tcase_add_test(tc, egetkey_via_enclu);
	return s;
}
