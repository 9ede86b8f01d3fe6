// SPDX-License-Identifier: GPL-2.0
/*
 * check_sim_encls.c - the ENCLS leaves of the SGX2 model, one test per
 * check.  Tests named *_before_* give an operand that fails two checks at
 * once and expect the one the SDM makes first, so that swapping the two
 * checks in the model fails the test.
 */
#include "check_sim_harness.h"

#define RW	(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W)
#define MAGIC_DBG	0x0123456789abcdefULL

static void put64(u8 *p, u32 off, u64 v)
{
	memcpy(p + off, &v, 8);
}

static u64 get64(const u8 *p, u32 off)
{
	u64 v;

	memcpy(&v, p + off, 8);
	return v;
}

/* ---- ECREATE ---------------------------------------------------------- */

static int ecreate_src(u32 page, const void *src, const void *secinfo,
		       u64 linaddr)
{
	struct sgx2_sim_pageinfo pi = {
		.linaddr = linaddr, .srcpge = src, .secinfo = secinfo,
	};

	return sgx2_sim_ecreate(&H->epc, &H->encl, &pi, page, &H->f);
}

/* A standard SECS in H->src with one field changed, then ECREATE. */
static int ecreate_field(u32 off, u64 v, u32 len)
{
	h_secs(H->src, H_BASE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	memcpy(H->src + off, &v, len);
	return ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), 0);
}

START_TEST(ecreate_ok)
{
	u32 secs = H->next;
	struct sgx2_sim_epcm *e = &H->epcm[secs];

	ck_ok(h_ecreate());
	ck_assert(e->flags & SGX2_SIM_EPCM_VALID);
	ck_assert_uint_eq(e->pt, SGX2_PAGE_TYPE_SECS);
	ck_assert_uint_eq(e->flags & SGX2_SIM_EPCM_RWX, 0);
	ck_assert_uint_eq(H->encl.secs, secs);
	ck_assert_uint_eq(H->encl.base, H_BASE);
	ck_assert_uint_eq(H->encl.size, H_SIZE);
	ck_assert_uint_eq(H->encl.ssaframesize, 1);
	ck_assert_uint_eq(H->encl.flags, SGX2_SIM_ENCL_CREATED);
	ck_assert_uint_eq(H->encl.mr_updates, 1);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_ECREATE], 1);
	ck_assert_int_eq(memcmp(h_va(secs), H->src, 64), 0);
}
END_TEST

START_TEST(ecreate_page_outside_epc)
{
	ck_pf(ecreate_src(H_NPAGES, H->src, h_si_host(SGX2_SECINFO_SECS), 0),
	      H_NPAGES, EC_NONE_W);
}
END_TEST

START_TEST(ecreate_page_outside_epc_before_misaligned_src)
{
	ck_pf(ecreate_src(H_NPAGES, H->src + 64, h_si_host(SGX2_SECINFO_SECS), 0),
	      H_NPAGES, EC_NONE_W);
}
END_TEST

START_TEST(ecreate_misaligned_src)
{
	ck_gp(ecreate_src(h_page(), H->src + 64, h_si_host(SGX2_SECINFO_SECS), 0));
}
END_TEST

START_TEST(ecreate_misaligned_secinfo)
{
	ck_gp(ecreate_src(h_page(), H->src, H->si + 8, 0));
}
END_TEST

START_TEST(ecreate_linaddr_nonzero)
{
	h_secs(H->src, H_BASE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_gp(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), H_BASE));
}
END_TEST

START_TEST(ecreate_secinfo_not_secs)
{
	h_secs(H->src, H_BASE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_gp(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_REG), 0));
}
END_TEST

START_TEST(ecreate_secinfo_reserved)
{
	h_secs(H->src, H_BASE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	h_si_host(SGX2_SECINFO_SECS);
	H->si[40] = 1;
	ck_gp(ecreate_src(h_page(), H->src, H->si, 0));
}
END_TEST

START_TEST(ecreate_secinfo_before_valid)
{
	u32 page;

	ck_ok(h_ecreate());
	page = H->encl.secs;
	memset(&H->encl, 0, sizeof(H->encl));
	ck_gp(ecreate_src(page, H->src, h_si_host(SGX2_SECINFO_TCS), 0));
}
END_TEST

START_TEST(ecreate_valid_page)
{
	u32 page;

	ck_ok(h_ecreate());
	page = H->encl.secs;
	memset(&H->encl, 0, sizeof(H->encl));
	h_secs(H->src, H_BASE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_pf(ecreate_src(page, H->src, h_si_host(SGX2_SECINFO_SECS), 0),
	      page, EC_EPCM_W);
}
END_TEST

START_TEST(ecreate_valid_before_secs_fields)
{
	u32 page;

	ck_ok(h_ecreate());
	page = H->encl.secs;
	memset(&H->encl, 0, sizeof(H->encl));
	h_secs(H->src, H_BASE, 4096 * 3, 1, SGX2_SIM_ATTR_MODE64BIT, 1);
	ck_pf(ecreate_src(page, H->src, h_si_host(SGX2_SECINFO_SECS), 0),
	      page, EC_EPCM_W);
}
END_TEST

START_TEST(ecreate_xfrm_without_sse)
{
	ck_gp(ecreate_field(SGX2_SIM_SECS_XFRM, 1, 8));
}
END_TEST

START_TEST(ecreate_xfrm_illegal)
{
	/* AVX-512 opmask alone (and bit 8, never an XCR0 bit). */
	ck_gp(ecreate_field(SGX2_SIM_SECS_XFRM, 0x3 | BIT_ULL(5), 8));
	memset(&H->encl, 0, sizeof(H->encl));
	ck_gp(ecreate_field(SGX2_SIM_SECS_XFRM, 0x3 | BIT_ULL(8), 8));
}
END_TEST

START_TEST(ecreate_xfrm_legal_avx512)
{
	ck_ok(ecreate_field(SGX2_SIM_SECS_XFRM, 0xe7, 8));
	ck_assert_uint_eq(H->encl.xfrm, 0xe7);
}
END_TEST

START_TEST(ecreate_miscselect_unsupported)
{
	ck_gp(ecreate_field(SGX2_SIM_SECS_MISCSELECT, 2, 4));
}
END_TEST

START_TEST(ecreate_miscselect_exinfo)
{
	ck_ok(ecreate_field(SGX2_SIM_SECS_MISCSELECT, 1, 4));
	ck_assert_uint_eq(H->encl.miscselect, 1);
}
END_TEST

START_TEST(ecreate_ssaframesize_too_small)
{
	ck_gp(ecreate_field(SGX2_SIM_SECS_SSAFRAMESIZE, 0, 4));
}
END_TEST

START_TEST(ecreate_ssaframesize_for_xfrm)
{
	/* AMX needs 11008 + 184 bytes: two pages are too few. */
	h_secs(H->src, H_BASE, H_SIZE, 2, SGX2_SIM_ATTR_MODE64BIT,
	       0x3 | BIT_ULL(17) | BIT_ULL(18));
	ck_gp(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), 0));
	h_secs(H->src, H_BASE, H_SIZE, 3, SGX2_SIM_ATTR_MODE64BIT,
	       0x3 | BIT_ULL(17) | BIT_ULL(18));
	ck_ok(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), 0));
}
END_TEST

START_TEST(ecreate_base_not_canonical)
{
	h_secs(H->src, H_NONCANON, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_gp(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), 0));
}
END_TEST

START_TEST(ecreate_base_above_4g_32bit)
{
	h_secs(H->src, 0x100000000ULL, H_SIZE, 1, 0, 3);
	ck_gp(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), 0));
	h_secs(H->src, H_BASE, H_SIZE, 1, 0, 3);
	ck_ok(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), 0));
}
END_TEST

START_TEST(ecreate_size_too_big)
{
	h_secs(H->src, 0, BIT_ULL(31), 1, 0, 3);
	ck_gp(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), 0));
	h_secs(H->src, 0, BIT_ULL(47), 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_gp(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), 0));
	h_secs(H->src, 0, BIT_ULL(46), 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_ok(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), 0));
}
END_TEST

START_TEST(ecreate_size_too_small)
{
	ck_gp(ecreate_field(SGX2_SIM_SECS_SIZE, 4096, 8));
}
END_TEST

START_TEST(ecreate_size_not_pow2)
{
	ck_gp(ecreate_field(SGX2_SIM_SECS_SIZE, 3 * 4096, 8));
}
END_TEST

START_TEST(ecreate_base_misaligned)
{
	ck_gp(ecreate_field(SGX2_SIM_SECS_BASEADDR, H_BASE + H_SIZE / 2, 8));
}
END_TEST

START_TEST(ecreate_attributes_unsupported)
{
	ck_gp(ecreate_field(SGX2_SIM_SECS_ATTRIBUTES,
			    SGX2_SIM_ATTR_MODE64BIT | SGX2_SIM_ATTR_INIT, 8));
	memset(&H->encl, 0, sizeof(H->encl));
	ck_gp(ecreate_field(SGX2_SIM_SECS_ATTRIBUTES,
			    SGX2_SIM_ATTR_MODE64BIT | BIT_ULL(3), 8));
}
END_TEST

START_TEST(ecreate_reserved_nonzero)
{
	static const u32 off[] = { 24, 47, 96, 127, 160, 191, 262, 4095 };

	ck_gp(ecreate_field(off[_i], 1, 1));
}
END_TEST

START_TEST(ecreate_configid_needs_kss)
{
	ck_gp(ecreate_field(SGX2_SIM_SECS_CONFIGID + 5, 1, 1));
	memset(&H->encl, 0, sizeof(H->encl));
	ck_gp(ecreate_field(SGX2_SIM_SECS_CONFIGSVN, 1, 2));
	memset(&H->encl, 0, sizeof(H->encl));
	h_secs(H->src, H_BASE, H_SIZE, 1,
	       SGX2_SIM_ATTR_MODE64BIT | SGX2_SIM_ATTR_KSS, 3);
	H->src[SGX2_SIM_SECS_CONFIGID] = 1;
	ck_ok(ecreate_src(h_page(), H->src, h_si_host(SGX2_SECINFO_SECS), 0));
}
END_TEST

/* A NULL host buffer faults like an unmapped one: #PF at 0, not present. */
START_TEST(ecreate_null_buffers)
{
	h_secs(H->src, H_BASE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_pf(ecreate_src(h_page(), H->src, NULL, 0), 0, 0);
	ck_pf(ecreate_src(h_page(), NULL, h_si_host(SGX2_SECINFO_SECS), 0), 0, 0);
}
END_TEST

START_TEST(ecreate_linaddr_before_null_secinfo)
{
	ck_gp(ecreate_src(h_page(), H->src, NULL, H_BASE));
}
END_TEST

START_TEST(ecreate_valid_before_null_src)
{
	u32 page;

	ck_ok(h_ecreate());
	page = H->encl.secs;
	memset(&H->encl, 0, sizeof(H->encl));
	ck_pf(ecreate_src(page, NULL, h_si_host(SGX2_SECINFO_SECS), 0), page,
	      EC_EPCM_W);
}
END_TEST

START_TEST(ecreate_encl_in_use)
{
	ck_ok(h_ecreate());
	ck_code(h_ecreate(), -EINVAL);
}
END_TEST

START_TEST(ecreate_failure_leaves_page_invalid)
{
	u32 page = H->next;

	ck_gp(ecreate_field(SGX2_SIM_SECS_SIZE, 4096, 8));
	ck_assert(!(H->epcm[page].flags & SGX2_SIM_EPCM_VALID));
	ck_assert_uint_eq(H->encl.flags, 0);
}
END_TEST

/* ---- EADD --------------------------------------------------------------- */

static int eadd_pi(u32 page, const void *src, const void *secinfo, u64 la)
{
	struct sgx2_sim_pageinfo pi = {
		.linaddr = la, .srcpge = src, .secinfo = secinfo,
	};

	return sgx2_sim_eadd(&H->epc, &H->encl, &pi, page, &H->f);
}

START_TEST(eadd_reg_ok)
{
	u32 page = H->next + 1;
	struct sgx2_sim_epcm *e = &H->epcm[page];

	ck_ok(h_ecreate());
	memset(H->src, 0x42, 4096);
	ck_ok(h_eadd(H_DATA, SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_X,
		     H->src));
	ck_assert_uint_eq(e->flags, SGX2_SIM_EPCM_VALID | SGX2_SIM_EPCM_R |
			  SGX2_SIM_EPCM_X);
	ck_assert_uint_eq(e->pt, SGX2_PAGE_TYPE_REG);
	ck_assert_uint_eq(e->enclave_address, H_BASE + H_DATA);
	ck_assert_uint_eq(e->secs, H->encl.secs);
	ck_assert_int_eq(memcmp(h_va(page), H->src, 4096), 0);
	ck_assert_uint_eq(H->encl.children, 1);
	ck_assert_uint_eq(H->encl.mr_updates, 2);
}
END_TEST

START_TEST(eadd_tcs_ok)
{
	u8 *tcs;

	ck_ok(h_ecreate());
	h_tcs(H->src, H_SSA1, 1, H_CODE);
	put64(H->src, SGX2_SIM_TCS_FLAGS, SGX2_SIM_TCS_DBGOPTIN);
	put64(H->src, SGX2_SIM_TCS_STATE, 7);
	put64(H->src, SGX2_SIM_TCS_AEP, 0x1234);
	memcpy(H->src + SGX2_SIM_TCS_CSSA, "\x05\0\0\0", 4);
	ck_ok(h_eadd(H_TCS1, SGX2_SECINFO_TCS | SGX2_SECINFO_R, H->src));
	ck_assert_uint_eq(h_e(H_TCS1)->pt, SGX2_PAGE_TYPE_TCS);
	ck_assert_uint_eq(h_e(H_TCS1)->flags, SGX2_SIM_EPCM_VALID);
	tcs = h_va(h_idx(H_TCS1));
	ck_assert_uint_eq(get64(tcs, SGX2_SIM_TCS_FLAGS), 0);
	ck_assert_uint_eq(get64(tcs, SGX2_SIM_TCS_STATE), 0);
	ck_assert_uint_eq(get64(tcs, SGX2_SIM_TCS_AEP), 0);
	ck_assert_uint_eq(tcs[SGX2_SIM_TCS_CSSA], 0);
	ck_assert_uint_eq(get64(tcs, SGX2_SIM_TCS_OSSA), H_SSA1);
}
END_TEST

START_TEST(eadd_page_outside_epc)
{
	ck_ok(h_ecreate());
	ck_pf(eadd_pi(H_NPAGES, H->src, h_si_host(RW), H_BASE), H_NPAGES,
	      EC_NONE_W);
}
END_TEST

START_TEST(eadd_page_outside_epc_before_misaligned)
{
	ck_ok(h_ecreate());
	ck_pf(eadd_pi(H_NPAGES, H->src, h_si_host(RW), H_BASE + 1), H_NPAGES,
	      EC_NONE_W);
}
END_TEST

START_TEST(eadd_misaligned)
{
	ck_ok(h_ecreate());
	ck_gp(eadd_pi(h_page(), H->src + 8, h_si_host(RW), H_BASE));
	ck_gp(eadd_pi(h_page(), H->src, H->si + 32, H_BASE));
	ck_gp(eadd_pi(h_page(), H->src, h_si_host(RW), H_BASE + 8));
}
END_TEST

START_TEST(eadd_misaligned_before_secs_outside_epc)
{
	ck_ok(h_ecreate());
	H->encl.secs = H_NPAGES + 5;
	ck_gp(eadd_pi(h_page(), H->src, h_si_host(RW), H_BASE + 8));
}
END_TEST

START_TEST(eadd_secs_outside_epc)
{
	ck_ok(h_ecreate());
	H->encl.secs = H_NPAGES + 5;
	ck_pf(eadd_pi(h_page(), H->src, h_si_host(RW), H_BASE), H_NPAGES + 5,
	      EC_NONE_W);
}
END_TEST

START_TEST(eadd_secs_outside_epc_before_secinfo)
{
	ck_ok(h_ecreate());
	H->encl.secs = H_NPAGES + 5;
	ck_pf(eadd_pi(h_page(), H->src, h_si_host(SGX2_SECINFO_VA), H_BASE),
	      H_NPAGES + 5, EC_NONE_W);
}
END_TEST

START_TEST(eadd_null_buffers)
{
	ck_ok(h_ecreate());
	ck_pf(eadd_pi(h_page(), H->src, NULL, H_BASE), 0, 0);
	ck_pf(eadd_pi(h_page(), NULL, h_si_host(RW), H_BASE), 0, 0);
}
END_TEST

START_TEST(eadd_secs_outside_epc_before_null_secinfo)
{
	ck_ok(h_ecreate());
	H->encl.secs = H_NPAGES + 5;
	ck_pf(eadd_pi(h_page(), H->src, NULL, H_BASE), H_NPAGES + 5, EC_NONE_W);
}
END_TEST

START_TEST(eadd_secs_invalid_before_null_src)
{
	ck_ok(h_ecreate());
	H->epcm[H->encl.secs].flags &= ~SGX2_SIM_EPCM_VALID;
	ck_pf(eadd_pi(h_page(), NULL, h_si_host(RW), H_BASE), H->encl.secs,
	      EC_EPCM_W);
}
END_TEST

START_TEST(eadd_secinfo_bad_type)
{
	static const u64 pt[] = {
		SGX2_SECINFO_SECS, SGX2_SECINFO_VA, SGX2_SECINFO_TRIM,
		0x3f00ULL,
	};

	ck_ok(h_ecreate());
	ck_gp(eadd_pi(h_page(), H->src, h_si_host(pt[_i] | SGX2_SECINFO_R),
		      H_BASE));
}
END_TEST

START_TEST(eadd_secinfo_reserved)
{
	ck_ok(h_ecreate());
	ck_gp(eadd_pi(h_page(), H->src, h_si_host(RW | BIT_ULL(6)), H_BASE));
	h_si_host(RW);
	H->si[63] = 0x80;
	ck_gp(eadd_pi(h_page(), H->src, H->si, H_BASE));
}
END_TEST

START_TEST(eadd_secinfo_before_valid)
{
	u32 page;

	ck_ok(h_ecreate());
	ck_ok(h_eadd(H_DATA, RW, NULL));
	page = h_idx(H_DATA);
	ck_gp(eadd_pi(page, H->src, h_si_host(SGX2_SECINFO_VA), H_BASE));
}
END_TEST

START_TEST(eadd_page_valid)
{
	u32 page;

	ck_ok(h_ecreate());
	ck_ok(h_eadd(H_DATA, RW, NULL));
	page = h_idx(H_DATA);
	ck_pf(eadd_pi(page, H->src, h_si_host(RW), H_BASE), page, EC_EPCM_W);
}
END_TEST

START_TEST(eadd_page_valid_before_secs_invalid)
{
	u32 page;

	ck_ok(h_ecreate());
	ck_ok(h_eadd(H_DATA, RW, NULL));
	page = h_idx(H_DATA);
	H->epcm[H->encl.secs].flags &= ~SGX2_SIM_EPCM_VALID;
	ck_pf(eadd_pi(page, H->src, h_si_host(RW), H_BASE), page, EC_EPCM_W);
}
END_TEST

START_TEST(eadd_secs_invalid)
{
	ck_ok(h_ecreate());
	H->epcm[H->encl.secs].flags &= ~SGX2_SIM_EPCM_VALID;
	ck_pf(eadd_pi(h_page(), H->src, h_si_host(RW), H_BASE), H->encl.secs,
	      EC_EPCM_W);
}
END_TEST

START_TEST(eadd_secs_not_secs)
{
	ck_ok(h_ecreate());
	H->epcm[H->encl.secs].pt = SGX2_PAGE_TYPE_REG;
	ck_pf(eadd_pi(h_page(), H->src, h_si_host(RW), H_BASE), H->encl.secs,
	      EC_EPCM_W);
}
END_TEST

START_TEST(eadd_secs_invalid_before_tcs_reserved)
{
	ck_ok(h_ecreate());
	H->epcm[H->encl.secs].flags &= ~SGX2_SIM_EPCM_VALID;
	h_tcs(H->src, H_SSA1, 1, 0);
	H->src[100] = 1;
	ck_pf(eadd_pi(h_page(), H->src, h_si_host(SGX2_SECINFO_TCS), H_BASE),
	      H->encl.secs, EC_EPCM_W);
}
END_TEST

START_TEST(eadd_tcs_reserved)
{
	ck_ok(h_ecreate());
	h_tcs(H->src, H_SSA1, 1, 0);
	H->src[4095] = 1;
	ck_gp(h_eadd(H_TCS1, SGX2_SECINFO_TCS, H->src));
	h_tcs(H->src, H_SSA1, 1, 0);
	H->src[SGX2_SIM_TCS_RESERVED] = 1;
	ck_gp(h_eadd(H_TCS1, SGX2_SECINFO_TCS, H->src));
}
END_TEST

START_TEST(eadd_tcs_fslimit_32bit)
{
	h_secs(H->src, H_BASE, H_SIZE, 1, 0, 3);
	ck_ok(h_ecreate_encl(&H->encl, H->src, NULL));
	h_tcs(H->src, H_SSA1, 1, 0);
	ck_gp(h_eadd(H_TCS1, SGX2_SECINFO_TCS, H->src));
	h_tcs(H->src, H_SSA1, 1, 0);
	memcpy(H->src + SGX2_SIM_TCS_FSLIMIT, "\xff\x0f\0\0\xff\x0f\0\0", 8);
	ck_ok(h_eadd(H_TCS1, SGX2_SECINFO_TCS, H->src));
}
END_TEST

START_TEST(eadd_w_without_r)
{
	ck_ok(h_ecreate());
	ck_gp(h_eadd(H_DATA, SGX2_SECINFO_REG | SGX2_SECINFO_W, NULL));
}
END_TEST

START_TEST(eadd_outside_elrange)
{
	ck_ok(h_ecreate());
	ck_gp(eadd_pi(h_page(), H->src, h_si_host(RW), H_BASE - 4096));
	ck_gp(eadd_pi(h_page(), H->src, h_si_host(RW), H_BASE + H_SIZE));
	ck_ok(eadd_pi(h_page(), H->src, h_si_host(RW), H_BASE + H_SIZE - 4096));
}
END_TEST

START_TEST(eadd_initialized)
{
	h_init();
	ck_gp(h_eadd(H_DYN, RW, NULL));
}
END_TEST

START_TEST(eadd_page_valid_before_initialized)
{
	u32 page;

	h_init();
	page = h_idx(H_DATA);
	ck_pf(eadd_pi(page, H->src, h_si_host(RW), H_BASE + H_DYN), page,
	      EC_EPCM_W);
}
END_TEST

/* ---- EEXTEND ------------------------------------------------------------ */

static int eextend(u32 page, u32 off)
{
	return sgx2_sim_eextend(&H->epc, &H->encl, page, off, &H->f);
}

START_TEST(eextend_ok)
{
	u64 n;

	ck_ok(h_ecreate());
	ck_ok(h_eadd(H_DATA, RW, NULL));
	n = H->encl.mr_updates;
	ck_ok(eextend(h_idx(H_DATA), 3840));
	ck_assert_uint_eq(H->encl.mr_updates, n + 5);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EEXTEND], 1);
}
END_TEST

START_TEST(eextend_secs_outside_epc_before_misaligned)
{
	ck_ok(h_ecreate());
	ck_ok(h_eadd(H_DATA, RW, NULL));
	H->encl.secs = H_NPAGES;
	ck_pf(eextend(h_idx(H_DATA), 128), H_NPAGES, 0);
}
END_TEST

START_TEST(eextend_misaligned)
{
	ck_ok(h_ecreate());
	ck_ok(h_eadd(H_DATA, RW, NULL));
	ck_gp(eextend(h_idx(H_DATA), 128));
	ck_gp(eextend(h_idx(H_DATA), 4096));
}
END_TEST

START_TEST(eextend_misaligned_before_page_outside_epc)
{
	ck_ok(h_ecreate());
	ck_gp(eextend(H_NPAGES, 128));
}
END_TEST

START_TEST(eextend_page_outside_epc)
{
	ck_ok(h_ecreate());
	ck_pf(eextend(H_NPAGES, 0), H_NPAGES, 0);
}
END_TEST

START_TEST(eextend_page_invalid)
{
	ck_ok(h_ecreate());
	ck_pf(eextend(h_page(), 0), H->next - 1, EC_EPCM_R);
}
END_TEST

START_TEST(eextend_page_secs)
{
	ck_ok(h_ecreate());
	ck_pf(eextend(H->encl.secs, 0), H->encl.secs, EC_EPCM_R);
}
END_TEST

START_TEST(eextend_tcs_ok)
{
	ck_ok(h_ecreate());
	h_tcs(H->src, H_SSA1, 1, 0);
	ck_ok(h_eadd(H_TCS1, SGX2_SECINFO_TCS, H->src));
	ck_ok(eextend(h_idx(H_TCS1), 0));
}
END_TEST

START_TEST(eextend_other_enclave)
{
	u32 page;

	ck_ok(h_ecreate());
	h_secs(H->src, H_BASE + H_SIZE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_ok(h_ecreate_encl(&H->encl2, H->src, NULL));
	ck_ok(h_eadd_encl(&H->encl2, 0, RW, NULL, &page));
	ck_gp(eextend(page, 0));
}
END_TEST

START_TEST(eextend_page_type_before_other_enclave)
{
	ck_ok(h_ecreate());
	h_secs(H->src, H_BASE + H_SIZE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_ok(h_ecreate_encl(&H->encl2, H->src, NULL));
	ck_pf(eextend(H->encl2.secs, 0), H->encl2.secs, EC_EPCM_R);
}
END_TEST

START_TEST(eextend_initialized)
{
	h_init();
	ck_gp(eextend(h_idx(H_DATA), 0));
}
END_TEST

START_TEST(eextend_page_invalid_before_initialized)
{
	h_init();
	ck_pf(eextend(h_page(), 0), H->next - 1, EC_EPCM_R);
}
END_TEST

/* ---- EINIT -------------------------------------------------------------- */

static int einit_with(const void *sig, const void *token, const u8 *hash)
{
	return sgx2_sim_einit(&H->epc, &H->encl, sig, token, hash, &H->f);
}

START_TEST(einit_ok)
{
	const u8 *secs;
	u8 mr[32];

	h_build();
	h_sig(&H->encl);
	ck_ok(h_einit());
	ck_assert(H->encl.flags & SGX2_SIM_ENCL_INIT);
	secs = h_va(H->encl.secs);
	memcpy(mr, H->sig + SGX2_SIM_SIG_ENCLAVEHASH, 32);
	ck_assert_int_eq(memcmp(secs + SGX2_SIM_SECS_MRENCLAVE, mr, 32), 0);
	ck_assert_uint_eq(secs[SGX2_SIM_SECS_ISVPRODID], 0x34);
	ck_assert_uint_eq(secs[SGX2_SIM_SECS_ISVSVN + 1], 0x56);
	ck_assert_uint_eq(get64(secs, SGX2_SIM_SECS_ATTRIBUTES),
			  SGX2_SIM_ATTR_MODE64BIT | SGX2_SIM_ATTR_INIT);
}
END_TEST

START_TEST(einit_misaligned_sigstruct)
{
	h_build();
	h_sig(&H->encl);
	ck_gp(einit_with(H->sig + 64, H->token, NULL));
}
END_TEST

START_TEST(einit_misaligned_token)
{
	h_build();
	h_sig(&H->encl);
	ck_gp(einit_with(H->sig, H->token + 256, NULL));
}
END_TEST

START_TEST(einit_misaligned_before_secs_outside_epc)
{
	h_build();
	h_sig(&H->encl);
	H->encl.secs = H_NPAGES;
	ck_gp(einit_with(H->sig, H->token + 8, NULL));
}
END_TEST

START_TEST(einit_secs_outside_epc_before_header)
{
	h_build();
	h_sig(&H->encl);
	H->sig[0] = 0;
	H->encl.secs = H_NPAGES;
	ck_pf(einit_with(H->sig, H->token, NULL), H_NPAGES, EC_NONE_W);
}
END_TEST

START_TEST(einit_null_buffers)
{
	h_build();
	h_sig(&H->encl);
	ck_pf(einit_with(NULL, H->token, NULL), 0, 0);
	ck_pf(einit_with(H->sig, NULL, NULL), 0, 0);
}
END_TEST

START_TEST(einit_secs_outside_epc_before_null)
{
	h_build();
	H->encl.secs = H_NPAGES;
	ck_pf(einit_with(NULL, H->token, NULL), H_NPAGES, EC_NONE_W);
}
END_TEST

START_TEST(einit_bad_sigstruct)
{
	static const struct { u32 off; u8 val; } bad[] = {
		{ 0, 0x07 }, { 15, 1 },			/* HEADER */
		{ 16, 0x87 },				/* VENDOR */
		{ 24, 0 }, { 39, 1 },			/* HEADER2 */
		{ 512, 0x11 },				/* EXPONENT */
		{ 44, 1 }, { 127, 1 }, { 908, 1 }, { 911, 1 },
		{ 992, 1 }, { 1007, 1 }, { 1028, 1 }, { 1039, 1 },
	};

	h_build();
	h_sig(&H->encl);
	H->sig[bad[_i].off] = bad[_i].val;
	ck_code(h_einit(), SGX2_INVALID_SIG_STRUCT);
	ck_assert(!(H->encl.flags & SGX2_SIM_ENCL_INIT));
}
END_TEST

START_TEST(einit_vendor_zero_ok)
{
	h_build();
	h_sig(&H->encl);
	memset(H->sig + SGX2_SIM_SIG_VENDOR, 0, 4);
	ck_ok(h_einit());
}
END_TEST

START_TEST(einit_header_before_secs_invalid)
{
	h_build();
	h_sig(&H->encl);
	H->sig[4] = 0;
	H->epcm[H->encl.secs].flags &= ~SGX2_SIM_EPCM_VALID;
	ck_code(h_einit(), SGX2_INVALID_SIG_STRUCT);
}
END_TEST

START_TEST(einit_secs_invalid)
{
	h_build();
	h_sig(&H->encl);
	H->epcm[H->encl.secs].flags &= ~SGX2_SIM_EPCM_VALID;
	ck_pf(h_einit(), H->encl.secs, EC_EPCM_W);
}
END_TEST

START_TEST(einit_secs_invalid_before_familyid)
{
	h_build();
	h_sig(&H->encl);
	H->sig[SGX2_SIM_SIG_ISVFAMILYID] = 1;
	H->epcm[H->encl.secs].pt = SGX2_PAGE_TYPE_REG;
	ck_pf(h_einit(), H->encl.secs, EC_EPCM_W);
}
END_TEST

START_TEST(einit_familyid_needs_kss)
{
	h_build();
	h_sig(&H->encl);
	H->sig[SGX2_SIM_SIG_ISVFAMILYID + 3] = 1;
	ck_code(h_einit(), SGX2_INVALID_SIG_STRUCT);
}
END_TEST

START_TEST(einit_familyid_before_initialized)
{
	h_init();
	H->sig[SGX2_SIM_SIG_ISVFAMILYID + 3] = 1;
	ck_code(h_einit(), SGX2_INVALID_SIG_STRUCT);
}
END_TEST

START_TEST(einit_initialized)
{
	h_init();
	ck_gp(h_einit());
}
END_TEST

START_TEST(einit_initialized_before_measurement)
{
	h_init();
	H->sig[SGX2_SIM_SIG_ENCLAVEHASH] ^= 1;
	ck_gp(h_einit());
}
END_TEST

START_TEST(einit_measurement_mismatch)
{
	h_build();
	h_sig(&H->encl);
	H->sig[SGX2_SIM_SIG_ENCLAVEHASH + 31] ^= 0x80;
	ck_code(h_einit(), SGX2_INVALID_MEASUREMENT);
	ck_assert(!(H->encl.flags & SGX2_SIM_ENCL_INIT));
}
END_TEST

START_TEST(einit_measurement_before_attributes)
{
	h_build();
	h_sig(&H->encl);
	H->sig[SGX2_SIM_SIG_ENCLAVEHASH] ^= 1;
	H->sig[SGX2_SIM_SIG_ATTRIBUTEMASK] = 0xff;
	ck_code(h_einit(), SGX2_INVALID_MEASUREMENT);
}
END_TEST

START_TEST(einit_retry_after_failure)
{
	h_build();
	h_sig(&H->encl);
	H->sig[SGX2_SIM_SIG_ENCLAVEHASH] ^= 1;
	ck_code(h_einit(), SGX2_INVALID_MEASUREMENT);
	H->sig[SGX2_SIM_SIG_ENCLAVEHASH] ^= 1;
	ck_ok(h_einit());
}
END_TEST

START_TEST(einit_controlled_attribute_needs_le_key)
{
	u8 hash[32] = { 1 };

	h_secs(H->src, H_BASE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT |
	       SGX2_SIM_ATTR_EINITTOKEN_KEY, 3);
	ck_ok(h_ecreate_encl(&H->encl, H->src, NULL));
	h_sig(&H->encl);
	ck_code(einit_with(H->sig, H->token, hash), SGX2_INVALID_ATTRIBUTE);
	ck_ok(einit_with(H->sig, H->token, NULL));
}
END_TEST

START_TEST(einit_attribute_mask)
{
	h_build();
	h_sig(&H->encl);
	/* SIGSTRUCT requires DEBUG; the enclave is not a debug enclave. */
	put64(H->sig, SGX2_SIM_SIG_ATTRIBUTES, SGX2_SIM_ATTR_DEBUG);
	put64(H->sig, SGX2_SIM_SIG_ATTRIBUTEMASK, SGX2_SIM_ATTR_DEBUG);
	ck_code(h_einit(), SGX2_INVALID_ATTRIBUTE);
	/* Bits outside the mask do not matter. */
	put64(H->sig, SGX2_SIM_SIG_ATTRIBUTEMASK, SGX2_SIM_ATTR_KSS);
	ck_ok(h_einit());
}
END_TEST

START_TEST(einit_xfrm_mask)
{
	h_build();
	h_sig(&H->encl);
	put64(H->sig, SGX2_SIM_SIG_ATTRIBUTES + 8, 7);
	put64(H->sig, SGX2_SIM_SIG_ATTRIBUTEMASK + 8, 7);
	ck_code(h_einit(), SGX2_INVALID_ATTRIBUTE);
	put64(H->sig, SGX2_SIM_SIG_ATTRIBUTES + 8, 3);
	ck_ok(h_einit());
}
END_TEST

START_TEST(einit_miscselect_mask)
{
	h_build();
	h_sig(&H->encl);
	memcpy(H->sig + SGX2_SIM_SIG_MISCSELECT, "\x01\0\0\0\x01\0\0\0", 8);
	ck_code(h_einit(), SGX2_INVALID_ATTRIBUTE);
}
END_TEST

START_TEST(einit_attributes_before_token)
{
	h_build();
	h_sig(&H->encl);
	memcpy(H->sig + SGX2_SIM_SIG_MISCSELECT, "\x01\0\0\0\x01\0\0\0", 8);
	H->token[0] = 1;
	ck_code(h_einit(), SGX2_INVALID_ATTRIBUTE);
}
END_TEST

START_TEST(einit_token_valid_unsupported)
{
	h_build();
	h_sig(&H->encl);
	H->token[0] = 1;
	ck_code(h_einit(), SGX2_INVALID_EINITTOKEN);
}
END_TEST

START_TEST(einit_lepubkeyhash)
{
	struct sgx2_sim_sha256 s;
	u8 hash[32];

	h_build();
	h_sig(&H->encl);
	sgx2_sim_sha256_init(&s);
	sgx2_sim_sha256_update(&s, H->sig + SGX2_SIM_SIG_MODULUS, 384);
	sgx2_sim_sha256_final(&s, hash);
	hash[0] ^= 1;
	ck_code(einit_with(H->sig, H->token, hash), SGX2_INVALID_EINITTOKEN);
	hash[0] ^= 1;
	ck_ok(einit_with(H->sig, H->token, hash));
	ck_assert_int_eq(memcmp(h_va(H->encl.secs) + SGX2_SIM_SECS_MRSIGNER,
				hash, 32), 0);
}
END_TEST

/* ---- EREMOVE ------------------------------------------------------------ */

START_TEST(eremove_page_outside_epc)
{
	h_init();
	ck_pf(sgx2_sim_eremove(&H->epc, &H->encl, H_NPAGES, &H->f), H_NPAGES,
	      EC_NONE_W);
}
END_TEST

START_TEST(eremove_invalid_page)
{
	h_init();
	ck_ok(sgx2_sim_eremove(&H->epc, &H->encl, h_page(), &H->f));
	ck_assert_uint_eq(H->encl.children, 9);
}
END_TEST

START_TEST(eremove_reg_ok)
{
	struct sgx2_sim_epcm *e;

	h_init();
	e = h_e(H_DATA);
	ck_ok(h_eremove(H_DATA));
	ck_assert(!(e->flags & SGX2_SIM_EPCM_VALID));
	ck_assert_uint_eq(H->encl.children, 8);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EREMOVE], 1);
}
END_TEST

START_TEST(eremove_thread_inside)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_code(h_eremove(H_DATA), SGX2_ENCLAVE_ACT);
	ck_assert(h_e(H_DATA)->flags & SGX2_SIM_EPCM_VALID);
	ck_ok(h_exit(&H->lp));
	ck_ok(h_eremove(H_DATA));
}
END_TEST

START_TEST(eremove_accepted_trim_before_thread_inside)
{
	h_init();
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
	ck_ok(h_etrack());
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_eaccept(&H->lp, SGX2_SECINFO_TRIM | SGX2_SECINFO_MODIFIED,
			H_DATA));
	ck_ok(h_eremove(H_DATA));
	ck_assert(!(h_e(H_DATA)->flags & SGX2_SIM_EPCM_VALID));
	ck_assert_uint_eq(H->encl.children, 8);
}
END_TEST

START_TEST(eremove_unaccepted_trim_thread_inside)
{
	h_init();
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_code(h_eremove(H_DATA), SGX2_ENCLAVE_ACT);
}
END_TEST

START_TEST(eremove_secs_child_present)
{
	h_init();
	ck_code(sgx2_sim_eremove(&H->epc, &H->encl, H->encl.secs, &H->f),
		SGX2_CHILD_PRESENT);
}
END_TEST

START_TEST(eremove_secs_child_present_before_thread_inside)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_code(sgx2_sim_eremove(&H->epc, &H->encl, H->encl.secs, &H->f),
		SGX2_CHILD_PRESENT);
}
END_TEST

START_TEST(eremove_secs_last)
{
	u32 secs;

	ck_ok(h_ecreate());
	ck_ok(h_eadd(H_DATA, RW, NULL));
	ck_ok(h_eremove(H_DATA));
	secs = H->encl.secs;
	ck_ok(sgx2_sim_eremove(&H->epc, &H->encl, secs, &H->f));
	ck_assert(!(H->epcm[secs].flags & SGX2_SIM_EPCM_VALID));
	ck_assert_uint_eq(H->encl.flags, 0);
	/* The SECS is gone: ETRACK on it faults. */
	ck_pf(h_etrack(), secs, EC_EPCM_W);
}
END_TEST

START_TEST(eremove_foreign_page)
{
	h_init();
	h_build_encl2();
	ck_code(sgx2_sim_eremove(&H->epc, &H->encl, H->encl2.secs + 1, &H->f),
		-EINVAL);
	ck_assert_uint_eq(H->encl.stats[SGX2_STAT_EREMOVE], 0);
}
END_TEST

/* ---- ETRACK ------------------------------------------------------------- */

START_TEST(etrack_ok)
{
	h_init();
	ck_ok(h_etrack());
	ck_assert_uint_eq(H->encl.etrack_epoch, 1);
	ck_assert(!sgx2_sim_tracking_open(&H->encl));
	ck_ok(h_etrack());
	ck_assert_uint_eq(H->encl.etrack_epoch, 2);
}
END_TEST

START_TEST(etrack_secs_outside_epc)
{
	h_init();
	H->encl.secs = H_NPAGES;
	ck_pf(h_etrack(), H_NPAGES, EC_NONE_W);
}
END_TEST

START_TEST(etrack_secs_invalid)
{
	h_init();
	H->epcm[H->encl.secs].flags &= ~SGX2_SIM_EPCM_VALID;
	ck_pf(h_etrack(), H->encl.secs, EC_EPCM_W);
}
END_TEST

START_TEST(etrack_secs_not_secs)
{
	h_init();
	H->encl.secs = h_idx(H_DATA);
	ck_pf(h_etrack(), h_idx(H_DATA), EC_EPCM_W);
}
END_TEST

START_TEST(etrack_secs_invalid_before_prev_incomplete)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_etrack());
	H->epcm[H->encl.secs].flags &= ~SGX2_SIM_EPCM_VALID;
	ck_pf(h_etrack(), H->encl.secs, EC_EPCM_W);
}
END_TEST

START_TEST(etrack_prev_incomplete)
{
	h_init();
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_etrack());
	ck_code(h_etrack(), SGX2_PREV_TRK_INCMPL);
	ck_assert_uint_eq(H->encl.etrack_epoch, 1);
}
END_TEST

/* ---- EAUG --------------------------------------------------------------- */

static int eaug_pi(u32 page, u64 la, const void *src, const void *si)
{
	struct sgx2_sim_pageinfo pi = {
		.linaddr = la, .srcpge = src, .secinfo = si,
	};

	return sgx2_sim_eaug(&H->epc, &H->encl, &pi, page, &H->f);
}

START_TEST(eaug_ok)
{
	u32 page = H->next + 10;	/* h_init takes ten pages */
	const u8 zero[4096] = { 0 };
	struct sgx2_sim_epcm *e = &H->epcm[page];

	h_init();
	ck_assert_uint_eq(h_va(page)[0], H_POISON);
	ck_ok(h_eaug(H_DYN));
	ck_assert_uint_eq(h_idx(H_DYN), page);
	ck_assert_uint_eq(e->flags, SGX2_SIM_EPCM_VALID | SGX2_SIM_EPCM_R |
			  SGX2_SIM_EPCM_W | SGX2_SIM_EPCM_PENDING);
	ck_assert_uint_eq(e->pt, SGX2_PAGE_TYPE_REG);
	ck_assert_uint_eq(e->enclave_address, H_BASE + H_DYN);
	ck_assert_int_eq(memcmp(h_va(page), zero, 4096), 0);
	ck_assert_uint_eq(H->encl.children, 10);
}
END_TEST

START_TEST(eaug_page_outside_epc_before_misaligned)
{
	h_init();
	ck_pf(eaug_pi(H_NPAGES, H_BASE + H_DYN + 1, NULL, NULL), H_NPAGES,
	      EC_NONE_W);
}
END_TEST

START_TEST(eaug_misaligned)
{
	h_init();
	ck_gp(eaug_pi(h_page(), H_BASE + H_DYN + 0x800, NULL, NULL));
}
END_TEST

START_TEST(eaug_srcpge_or_secinfo)
{
	h_init();
	ck_gp(eaug_pi(h_page(), H_BASE + H_DYN, H->src, NULL));
	ck_gp(eaug_pi(h_page(), H_BASE + H_DYN, NULL, h_si_host(RW)));
}
END_TEST

START_TEST(eaug_secinfo_before_secs_outside_epc)
{
	h_init();
	H->encl.secs = H_NPAGES;
	ck_gp(eaug_pi(h_page(), H_BASE + H_DYN, NULL, h_si_host(RW)));
}
END_TEST

START_TEST(eaug_secs_outside_epc_before_page_valid)
{
	h_init();
	H->encl.secs = H_NPAGES;
	ck_pf(eaug_pi(h_idx(H_DATA), H_BASE + H_DYN, NULL, NULL), H_NPAGES,
	      EC_NONE_W);
}
END_TEST

START_TEST(eaug_page_valid_before_secs_invalid)
{
	h_init();
	H->epcm[H->encl.secs].flags &= ~SGX2_SIM_EPCM_VALID;
	ck_pf(eaug_pi(h_idx(H_DATA), H_BASE + H_DYN, NULL, NULL),
	      h_idx(H_DATA), EC_EPCM_W);
}
END_TEST

START_TEST(eaug_secs_invalid_before_not_initialized)
{
	h_build();
	H->epcm[H->encl.secs].flags &= ~SGX2_SIM_EPCM_VALID;
	ck_pf(eaug_pi(h_page(), H_BASE + H_DYN, NULL, NULL), H->encl.secs,
	      EC_EPCM_W);
}
END_TEST

START_TEST(eaug_not_initialized)
{
	h_build();
	ck_gp(h_eaug(H_DYN));
}
END_TEST

START_TEST(eaug_outside_elrange)
{
	h_init();
	ck_gp(eaug_pi(h_page(), H_BASE + H_SIZE, NULL, NULL));
	ck_gp(eaug_pi(h_page(), H_BASE - 4096, NULL, NULL));
}
END_TEST

/* ---- EMODPR ------------------------------------------------------------- */

static int emodpr(const void *si, u32 page)
{
	return sgx2_sim_emodpr(&H->epc, &H->encl, si, page, &H->f);
}

START_TEST(emodpr_ok)
{
	struct sgx2_sim_epcm *e;

	h_init();
	ck_ok(h_etrack());
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	e = h_e(H_DATA);
	ck_assert_uint_eq(e->flags, SGX2_SIM_EPCM_VALID | SGX2_SIM_EPCM_R |
			  SGX2_SIM_EPCM_PR);
	ck_assert_uint_eq(e->mod_epoch, 1);
}
END_TEST

START_TEST(emodpr_mask_only_restricts)
{
	struct sgx2_sim_epcm *e;

	h_init();
	ck_ok(h_emodpr(H_CODE, SGX2_SECINFO_R | SGX2_SECINFO_W |
		       SGX2_SECINFO_X));
	e = h_e(H_CODE);
	/* No W appears, PR is set although nothing was restricted. */
	ck_assert_uint_eq(e->flags, SGX2_SIM_EPCM_VALID | SGX2_SIM_EPCM_R |
			  SGX2_SIM_EPCM_X | SGX2_SIM_EPCM_PR);
}
END_TEST

START_TEST(emodpr_misaligned_before_page_outside_epc)
{
	h_init();
	ck_gp(emodpr(H->si + 16, H_NPAGES));
}
END_TEST

START_TEST(emodpr_page_outside_epc_before_secinfo)
{
	h_init();
	ck_pf(emodpr(h_si_host(SGX2_SECINFO_W), H_NPAGES), H_NPAGES, EC_NONE_W);
}
END_TEST

START_TEST(emodpr_null_secinfo)
{
	h_init();
	ck_pf(emodpr(NULL, h_idx(H_DATA)), 0, 0);
	ck_pf(emodpr(NULL, H_NPAGES), H_NPAGES, EC_NONE_W);
}
END_TEST

START_TEST(emodpr_secinfo_reserved_before_invalid)
{
	h_init();
	ck_gp(emodpr(h_si_host(SGX2_SECINFO_R | BIT_ULL(16)), h_page()));
}
END_TEST

START_TEST(emodpr_w_without_r)
{
	h_init();
	ck_gp(emodpr(h_si_host(SGX2_SECINFO_W), h_idx(H_DATA)));
}
END_TEST

START_TEST(emodpr_page_invalid)
{
	u32 page;

	h_init();
	page = h_page();
	ck_pf(emodpr(h_si_host(SGX2_SECINFO_R), page), page, EC_EPCM_W);
}
END_TEST

START_TEST(emodpr_page_invalid_before_pending)
{
	u32 page;

	h_init();
	ck_ok(h_eaug(H_DYN));
	page = h_idx(H_DYN);
	ck_ok(h_eremove(H_DYN));	/* clears VALID, PENDING stays */
	ck_assert(H->epcm[page].flags & SGX2_SIM_EPCM_PENDING);
	ck_pf(emodpr(h_si_host(SGX2_SECINFO_R), page), page, EC_EPCM_W);
}
END_TEST

START_TEST(emodpr_pending)
{
	h_init();
	ck_ok(h_eaug(H_DYN));
	ck_code(h_emodpr(H_DYN, SGX2_SECINFO_R), SGX2_PAGE_NOT_MODIFIABLE);
}
END_TEST

START_TEST(emodpr_modified_before_page_type)
{
	h_init();
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
	ck_code(h_emodpr(H_DATA, SGX2_SECINFO_R), SGX2_PAGE_NOT_MODIFIABLE);
}
END_TEST

START_TEST(emodpr_page_type)
{
	h_init();
	ck_pf(h_emodpr(H_TCS1, SGX2_SECINFO_R), h_idx(H_TCS1), EC_EPCM_W);
}
END_TEST

START_TEST(emodpr_accepted_trim)
{
	h_init();
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
	ck_ok(h_etrack());
	ck_ok(h_enter(&H->lp, H_TCS1));
	ck_ok(h_eaccept(&H->lp, SGX2_SECINFO_TRIM | SGX2_SECINFO_MODIFIED,
			H_DATA));
	ck_pf(h_emodpr(H_DATA, SGX2_SECINFO_R), h_idx(H_DATA), EC_EPCM_W);
}
END_TEST

START_TEST(emodpr_page_type_before_not_initialized)
{
	h_build();
	ck_pf(h_emodpr(H_TCS1, SGX2_SECINFO_R), h_idx(H_TCS1), EC_EPCM_W);
}
END_TEST

START_TEST(emodpr_not_initialized)
{
	h_build();
	ck_gp(h_emodpr(H_DATA, SGX2_SECINFO_R));
}
END_TEST

START_TEST(emodpr_foreign_page)
{
	h_init();
	h_build_encl2();
	ck_code(emodpr(h_si_host(SGX2_SECINFO_R), H->encl2.secs + 3), -EINVAL);
}
END_TEST

/* ---- EMODT -------------------------------------------------------------- */

static int emodt(const void *si, u32 page)
{
	return sgx2_sim_emodt(&H->epc, &H->encl, si, page, &H->f);
}

START_TEST(emodt_ok)
{
	struct sgx2_sim_epcm *e;

	h_init();
	ck_ok(h_etrack());
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TCS));
	e = h_e(H_DATA);
	ck_assert_uint_eq(e->flags, SGX2_SIM_EPCM_VALID | SGX2_SIM_EPCM_MODIFIED);
	ck_assert_uint_eq(e->pt, SGX2_PAGE_TYPE_TCS);
	ck_assert_uint_eq(e->mod_epoch, 1);
	ck_ok(h_emodt(H_TCS2, SGX2_SECINFO_TRIM));
	ck_assert_uint_eq(h_e(H_TCS2)->pt, SGX2_PAGE_TYPE_TRIM);
}
END_TEST

START_TEST(emodt_misaligned_before_page_outside_epc)
{
	h_init();
	ck_gp(emodt(H->si + 1, H_NPAGES));
}
END_TEST

START_TEST(emodt_page_outside_epc_before_secinfo)
{
	h_init();
	ck_pf(emodt(h_si_host(SGX2_SECINFO_REG), H_NPAGES), H_NPAGES, EC_NONE_W);
}
END_TEST

START_TEST(emodt_secinfo_bad_type_before_invalid)
{
	static const u64 pt[] = {
		SGX2_SECINFO_REG, SGX2_SECINFO_SECS, SGX2_SECINFO_VA, 0x500,
	};

	h_init();
	ck_gp(emodt(h_si_host(pt[_i]), h_page()));
}
END_TEST

START_TEST(emodt_null_secinfo)
{
	h_init();
	ck_pf(emodt(NULL, h_idx(H_DATA)), 0, 0);
	ck_pf(emodt(NULL, H_NPAGES), H_NPAGES, EC_NONE_W);
}
END_TEST

START_TEST(emodt_secinfo_reserved)
{
	h_init();
	ck_gp(emodt(h_si_host(SGX2_SECINFO_TRIM | BIT_ULL(40)), h_idx(H_DATA)));
}
END_TEST

START_TEST(emodt_page_invalid)
{
	u32 page;

	h_init();
	page = h_page();
	ck_pf(emodt(h_si_host(SGX2_SECINFO_TRIM), page), page, EC_EPCM_W);
}
END_TEST

START_TEST(emodt_page_type)
{
	h_init();
	/* TCS may only become TRIM; SECS never changes type. */
	ck_pf(h_emodt(H_TCS1, SGX2_SECINFO_TCS), h_idx(H_TCS1), EC_EPCM_W);
	ck_pf(emodt(h_si_host(SGX2_SECINFO_TRIM), H->encl.secs), H->encl.secs,
	      EC_EPCM_W);
}
END_TEST

START_TEST(emodt_page_type_before_modified)
{
	h_init();
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
	ck_pf(h_emodt(H_DATA, SGX2_SECINFO_TRIM), h_idx(H_DATA), EC_EPCM_W);
}
END_TEST

START_TEST(emodt_modified)
{
	h_init();
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TCS));
	ck_code(h_emodt(H_DATA, SGX2_SECINFO_TRIM), SGX2_PAGE_NOT_MODIFIABLE);
}
END_TEST

START_TEST(emodt_pending)
{
	h_init();
	ck_ok(h_eaug(H_DYN));
	ck_code(h_emodt(H_DYN, SGX2_SECINFO_TRIM), SGX2_PAGE_NOT_MODIFIABLE);
}
END_TEST

START_TEST(emodt_page_type_before_not_initialized)
{
	h_build();
	ck_pf(h_emodt(H_TCS1, SGX2_SECINFO_TCS), h_idx(H_TCS1), EC_EPCM_W);
}
END_TEST

START_TEST(emodt_not_initialized)
{
	h_build();
	ck_gp(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
}
END_TEST

START_TEST(emodt_foreign_page)
{
	h_init();
	h_build_encl2();
	ck_code(emodt(h_si_host(SGX2_SECINFO_TRIM), H->encl2.secs + 3),
		-EINVAL);
}
END_TEST

/* ---- EDBGRD, EDBGWR --------------------------------------------------- */

static int edbgrd(u64 off, u32 offset, u64 *v)
{
	return sgx2_sim_edbgrd(&H->epc, &H->encl, h_idx(off), offset, v, &H->f);
}

static int edbgwr(u64 off, u32 offset, u64 v)
{
	return sgx2_sim_edbgwr(&H->epc, &H->encl, h_idx(off), offset, v, &H->f);
}

/* An initialized enclave, DEBUG when @debug. */
static void dbg_init(bool debug)
{
	H->attr = debug ? SGX2_SIM_ATTR_DEBUG : 0;
	h_init();
	ck_assert_uint_eq(!!(H->encl.attributes & SGX2_SIM_ATTR_DEBUG), debug);
}

START_TEST(edbgrd_ok)
{
	u64 stats[SGX2_STAT_NR], v = 0;

	dbg_init(true);
	put64(h_va(h_idx(H_DATA)), 0x18, MAGIC_DBG);
	memcpy(stats, H->encl.stats, sizeof(stats));
	ck_ok(edbgrd(H_DATA, 0x18, &v));
	ck_assert_uint_eq(v, MAGIC_DBG);
	/* EPCM permissions do not matter: R-only, RX. */
	ck_ok(edbgrd(H_SI, 0, &v));
	ck_ok(edbgrd(H_CODE, 0xff8, &v));
	ck_assert_uint_eq(v, 0x9090909090909090ULL);
	ck_assert_int_eq(memcmp(stats, H->encl.stats, sizeof(stats)), 0);
}
END_TEST

START_TEST(edbgwr_ok)
{
	dbg_init(true);
	ck_ok(edbgwr(H_DATA, 0x20, MAGIC_DBG));
	ck_assert_uint_eq(get64(h_va(h_idx(H_DATA)), 0x20), MAGIC_DBG);
	/* Not writable in the EPCM: written all the same. */
	ck_ok(edbgwr(H_CODE, 0, MAGIC_DBG));
	ck_assert_uint_eq(get64(h_va(h_idx(H_CODE)), 0), MAGIC_DBG);
}
END_TEST

START_TEST(edbg_misaligned)
{
	u64 v;

	dbg_init(true);
	ck_gp(edbgrd(H_DATA, 4, &v));
	ck_gp(edbgwr(H_DATA, 0x11, 0));
}
END_TEST

START_TEST(edbg_misaligned_before_page_outside_epc)
{
	u64 v;

	dbg_init(true);
	ck_gp(sgx2_sim_edbgrd(&H->epc, &H->encl, H_NPAGES, 4, &v, &H->f));
	ck_gp(sgx2_sim_edbgwr(&H->epc, &H->encl, H_NPAGES, 4, 0, &H->f));
}
END_TEST

START_TEST(edbg_page_outside_epc)
{
	u64 v;

	dbg_init(true);
	ck_pf(sgx2_sim_edbgrd(&H->epc, &H->encl, H_NPAGES, 0, &v, &H->f),
	      H_NPAGES, 0);
	ck_pf(sgx2_sim_edbgwr(&H->epc, &H->encl, H_NPAGES, 0, 0, &H->f),
	      H_NPAGES, EC_NONE_W);
}
END_TEST

START_TEST(edbg_page_invalid)
{
	u32 page;
	u64 v;

	dbg_init(true);
	page = h_page();
	ck_pf(sgx2_sim_edbgrd(&H->epc, &H->encl, page, 0, &v, &H->f), page,
	      EC_EPCM_R);
	ck_pf(sgx2_sim_edbgwr(&H->epc, &H->encl, page, 0, 0, &H->f), page,
	      EC_EPCM_W);
}
END_TEST

START_TEST(edbg_secs)
{
	u32 secs;
	u64 v;

	dbg_init(true);
	secs = H->encl.secs;
	ck_pf(sgx2_sim_edbgrd(&H->epc, &H->encl, secs, 0, &v, &H->f), secs,
	      EC_EPCM_R);
	ck_pf(sgx2_sim_edbgwr(&H->epc, &H->encl, secs, 0, 0, &H->f), secs,
	      EC_EPCM_W);
}
END_TEST

/* A trimmed page is MODIFIED too: its type is checked first. */
START_TEST(edbg_page_type_before_modified)
{
	u64 v;

	dbg_init(true);
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TRIM));
	ck_pf(edbgrd(H_DATA, 0, &v), h_idx(H_DATA), EC_EPCM_R);
	ck_pf(edbgwr(H_DATA, 0, 0), h_idx(H_DATA), EC_EPCM_W);
}
END_TEST

START_TEST(edbg_pending)
{
	u64 v = 7;

	dbg_init(true);
	ck_ok(h_eaug(H_DYN));
	ck_code(edbgrd(H_DYN, 0, &v), SGX2_PAGE_NOT_DEBUGGABLE);
	ck_assert_uint_eq(v, 7);
	ck_code(edbgwr(H_DYN, 0, 1), SGX2_PAGE_NOT_DEBUGGABLE);
}
END_TEST

/* A new TCS, MODIFIED until accepted, at an offset no TCS allows. */
START_TEST(edbg_modified_before_tcs_offset)
{
	u64 v;

	dbg_init(true);
	ck_ok(h_etrack());
	ck_ok(h_emodpr(H_DATA, SGX2_SECINFO_R));
	ck_ok(h_emodt(H_DATA, SGX2_SECINFO_TCS));
	ck_code(edbgrd(H_DATA, 0x100, &v), SGX2_PAGE_NOT_DEBUGGABLE);
	ck_code(edbgwr(H_DATA, 0x100, 0), SGX2_PAGE_NOT_DEBUGGABLE);
}
END_TEST

START_TEST(edbgrd_tcs)
{
	u64 v;

	dbg_init(true);
	ck_ok(edbgrd(H_TCS1, SGX2_SIM_TCS_OENTRY, &v));
	ck_assert_uint_eq(v, H_CODE);
	ck_ok(edbgrd(H_TCS1, SGX2_SIM_TCS_RESERVED - 8, &v));
	ck_gp(edbgrd(H_TCS1, SGX2_SIM_TCS_RESERVED, &v));
	ck_gp(edbgrd(H_TCS1, 0xff8, &v));
}
END_TEST

START_TEST(edbgwr_tcs_flags_only)
{
	dbg_init(true);
	ck_ok(edbgwr(H_TCS1, SGX2_SIM_TCS_FLAGS, SGX2_SIM_TCS_DBGOPTIN));
	ck_assert_uint_eq(get64(h_va(h_idx(H_TCS1)), SGX2_SIM_TCS_FLAGS),
			  SGX2_SIM_TCS_DBGOPTIN);
	ck_gp(edbgwr(H_TCS1, SGX2_SIM_TCS_STATE, 1));
	ck_gp(edbgwr(H_TCS1, SGX2_SIM_TCS_OENTRY, 0));
	ck_assert_uint_eq(get64(h_va(h_idx(H_TCS1)), SGX2_SIM_TCS_OENTRY),
			  H_CODE);
}
END_TEST

START_TEST(edbg_not_debug)
{
	u64 v = 7;

	dbg_init(false);
	ck_gp(edbgrd(H_DATA, 0, &v));
	ck_assert_uint_eq(v, 7);
	ck_gp(edbgwr(H_DATA, 0, MAGIC_DBG));
	ck_assert_uint_ne(get64(h_va(h_idx(H_DATA)), 0), MAGIC_DBG);
	ck_gp(edbgrd(H_TCS1, SGX2_SIM_TCS_FLAGS, &v));
}
END_TEST

START_TEST(edbg_page_invalid_before_not_debug)
{
	u32 page;
	u64 v;

	dbg_init(false);
	page = h_page();
	ck_pf(sgx2_sim_edbgrd(&H->epc, &H->encl, page, 0, &v, &H->f), page,
	      EC_EPCM_R);
}
END_TEST

START_TEST(edbg_pending_before_not_debug)
{
	u64 v;

	dbg_init(false);
	ck_ok(h_eaug(H_DYN));
	ck_code(edbgrd(H_DYN, 0, &v), SGX2_PAGE_NOT_DEBUGGABLE);
}
END_TEST

/* Model misuse: an offset beyond the page, a page of another enclave. */
START_TEST(edbg_misuse)
{
	u64 v;

	dbg_init(true);
	h_build_encl2();
	ck_code(edbgrd(H_DATA, 4096, &v), -EINVAL);
	ck_code(edbgwr(H_DATA, 4096, 0), -EINVAL);
	ck_code(sgx2_sim_edbgrd(&H->epc, &H->encl, H->encl2.secs + 1, 0, &v,
				&H->f), -EINVAL);
}
END_TEST

Suite *sim_encls_suite(void)
{
	Suite *s = h_suite("sim_encls");
	TCase *tc;

	tc = h_tcase(s, "ecreate");
	tcase_add_test(tc, ecreate_ok);
	tcase_add_test(tc, ecreate_page_outside_epc);
	tcase_add_test(tc, ecreate_page_outside_epc_before_misaligned_src);
	tcase_add_test(tc, ecreate_misaligned_src);
	tcase_add_test(tc, ecreate_misaligned_secinfo);
	tcase_add_test(tc, ecreate_linaddr_nonzero);
	tcase_add_test(tc, ecreate_secinfo_not_secs);
	tcase_add_test(tc, ecreate_secinfo_reserved);
	tcase_add_test(tc, ecreate_secinfo_before_valid);
	tcase_add_test(tc, ecreate_valid_page);
	tcase_add_test(tc, ecreate_valid_before_secs_fields);
	tcase_add_test(tc, ecreate_xfrm_without_sse);
	tcase_add_test(tc, ecreate_xfrm_illegal);
	tcase_add_test(tc, ecreate_xfrm_legal_avx512);
	tcase_add_test(tc, ecreate_miscselect_unsupported);
	tcase_add_test(tc, ecreate_miscselect_exinfo);
	tcase_add_test(tc, ecreate_ssaframesize_too_small);
	tcase_add_test(tc, ecreate_ssaframesize_for_xfrm);
	tcase_add_test(tc, ecreate_base_not_canonical);
	tcase_add_test(tc, ecreate_base_above_4g_32bit);
	tcase_add_test(tc, ecreate_size_too_big);
	tcase_add_test(tc, ecreate_size_too_small);
	tcase_add_test(tc, ecreate_size_not_pow2);
	tcase_add_test(tc, ecreate_base_misaligned);
	tcase_add_test(tc, ecreate_attributes_unsupported);
	tcase_add_loop_test(tc, ecreate_reserved_nonzero, 0, 8);
	tcase_add_test(tc, ecreate_configid_needs_kss);
	tcase_add_test(tc, ecreate_null_buffers);
	tcase_add_test(tc, ecreate_linaddr_before_null_secinfo);
	tcase_add_test(tc, ecreate_valid_before_null_src);
	tcase_add_test(tc, ecreate_encl_in_use);
	tcase_add_test(tc, ecreate_failure_leaves_page_invalid);

	tc = h_tcase(s, "eadd");
	tcase_add_test(tc, eadd_reg_ok);
	tcase_add_test(tc, eadd_tcs_ok);
	tcase_add_test(tc, eadd_page_outside_epc);
	tcase_add_test(tc, eadd_page_outside_epc_before_misaligned);
	tcase_add_test(tc, eadd_misaligned);
	tcase_add_test(tc, eadd_misaligned_before_secs_outside_epc);
	tcase_add_test(tc, eadd_secs_outside_epc);
	tcase_add_test(tc, eadd_secs_outside_epc_before_secinfo);
	tcase_add_test(tc, eadd_null_buffers);
	tcase_add_test(tc, eadd_secs_outside_epc_before_null_secinfo);
	tcase_add_test(tc, eadd_secs_invalid_before_null_src);
	tcase_add_loop_test(tc, eadd_secinfo_bad_type, 0, 4);
	tcase_add_test(tc, eadd_secinfo_reserved);
	tcase_add_test(tc, eadd_secinfo_before_valid);
	tcase_add_test(tc, eadd_page_valid);
	tcase_add_test(tc, eadd_page_valid_before_secs_invalid);
	tcase_add_test(tc, eadd_secs_invalid);
	tcase_add_test(tc, eadd_secs_not_secs);
	tcase_add_test(tc, eadd_secs_invalid_before_tcs_reserved);
	tcase_add_test(tc, eadd_tcs_reserved);
	tcase_add_test(tc, eadd_tcs_fslimit_32bit);
	tcase_add_test(tc, eadd_w_without_r);
	tcase_add_test(tc, eadd_outside_elrange);
	tcase_add_test(tc, eadd_initialized);
	tcase_add_test(tc, eadd_page_valid_before_initialized);

	tc = h_tcase(s, "eextend");
	tcase_add_test(tc, eextend_ok);
	tcase_add_test(tc, eextend_secs_outside_epc_before_misaligned);
	tcase_add_test(tc, eextend_misaligned);
	tcase_add_test(tc, eextend_misaligned_before_page_outside_epc);
	tcase_add_test(tc, eextend_page_outside_epc);
	tcase_add_test(tc, eextend_page_invalid);
	tcase_add_test(tc, eextend_page_secs);
	tcase_add_test(tc, eextend_tcs_ok);
	tcase_add_test(tc, eextend_other_enclave);
	tcase_add_test(tc, eextend_page_type_before_other_enclave);
	tcase_add_test(tc, eextend_initialized);
	tcase_add_test(tc, eextend_page_invalid_before_initialized);

	tc = h_tcase(s, "einit");
	tcase_add_test(tc, einit_ok);
	tcase_add_test(tc, einit_misaligned_sigstruct);
	tcase_add_test(tc, einit_misaligned_token);
	tcase_add_test(tc, einit_misaligned_before_secs_outside_epc);
	tcase_add_test(tc, einit_secs_outside_epc_before_header);
	tcase_add_test(tc, einit_null_buffers);
	tcase_add_test(tc, einit_secs_outside_epc_before_null);
	tcase_add_loop_test(tc, einit_bad_sigstruct, 0, 14);
	tcase_add_test(tc, einit_vendor_zero_ok);
	tcase_add_test(tc, einit_header_before_secs_invalid);
	tcase_add_test(tc, einit_secs_invalid);
	tcase_add_test(tc, einit_secs_invalid_before_familyid);
	tcase_add_test(tc, einit_familyid_needs_kss);
	tcase_add_test(tc, einit_familyid_before_initialized);
	tcase_add_test(tc, einit_initialized);
	tcase_add_test(tc, einit_initialized_before_measurement);
	tcase_add_test(tc, einit_measurement_mismatch);
	tcase_add_test(tc, einit_measurement_before_attributes);
	tcase_add_test(tc, einit_retry_after_failure);
	tcase_add_test(tc, einit_controlled_attribute_needs_le_key);
	tcase_add_test(tc, einit_attribute_mask);
	tcase_add_test(tc, einit_xfrm_mask);
	tcase_add_test(tc, einit_miscselect_mask);
	tcase_add_test(tc, einit_attributes_before_token);
	tcase_add_test(tc, einit_token_valid_unsupported);
	tcase_add_test(tc, einit_lepubkeyhash);

	tc = h_tcase(s, "eremove");
	tcase_add_test(tc, eremove_page_outside_epc);
	tcase_add_test(tc, eremove_invalid_page);
	tcase_add_test(tc, eremove_reg_ok);
	tcase_add_test(tc, eremove_thread_inside);
	tcase_add_test(tc, eremove_accepted_trim_before_thread_inside);
	tcase_add_test(tc, eremove_unaccepted_trim_thread_inside);
	tcase_add_test(tc, eremove_secs_child_present);
	tcase_add_test(tc, eremove_secs_child_present_before_thread_inside);
	tcase_add_test(tc, eremove_secs_last);
	tcase_add_test(tc, eremove_foreign_page);

	tc = h_tcase(s, "etrack");
	tcase_add_test(tc, etrack_ok);
	tcase_add_test(tc, etrack_secs_outside_epc);
	tcase_add_test(tc, etrack_secs_invalid);
	tcase_add_test(tc, etrack_secs_not_secs);
	tcase_add_test(tc, etrack_secs_invalid_before_prev_incomplete);
	tcase_add_test(tc, etrack_prev_incomplete);

	tc = h_tcase(s, "eaug");
	tcase_add_test(tc, eaug_ok);
	tcase_add_test(tc, eaug_page_outside_epc_before_misaligned);
	tcase_add_test(tc, eaug_misaligned);
	tcase_add_test(tc, eaug_srcpge_or_secinfo);
	tcase_add_test(tc, eaug_secinfo_before_secs_outside_epc);
	tcase_add_test(tc, eaug_secs_outside_epc_before_page_valid);
	tcase_add_test(tc, eaug_page_valid_before_secs_invalid);
	tcase_add_test(tc, eaug_secs_invalid_before_not_initialized);
	tcase_add_test(tc, eaug_not_initialized);
	tcase_add_test(tc, eaug_outside_elrange);

	tc = h_tcase(s, "emodpr");
	tcase_add_test(tc, emodpr_ok);
	tcase_add_test(tc, emodpr_mask_only_restricts);
	tcase_add_test(tc, emodpr_misaligned_before_page_outside_epc);
	tcase_add_test(tc, emodpr_page_outside_epc_before_secinfo);
	tcase_add_test(tc, emodpr_null_secinfo);
	tcase_add_test(tc, emodpr_secinfo_reserved_before_invalid);
	tcase_add_test(tc, emodpr_w_without_r);
	tcase_add_test(tc, emodpr_page_invalid);
	tcase_add_test(tc, emodpr_page_invalid_before_pending);
	tcase_add_test(tc, emodpr_pending);
	tcase_add_test(tc, emodpr_modified_before_page_type);
	tcase_add_test(tc, emodpr_page_type);
	tcase_add_test(tc, emodpr_accepted_trim);
	tcase_add_test(tc, emodpr_page_type_before_not_initialized);
	tcase_add_test(tc, emodpr_not_initialized);
	tcase_add_test(tc, emodpr_foreign_page);

	tc = h_tcase(s, "emodt");
	tcase_add_test(tc, emodt_ok);
	tcase_add_test(tc, emodt_misaligned_before_page_outside_epc);
	tcase_add_test(tc, emodt_page_outside_epc_before_secinfo);
	tcase_add_loop_test(tc, emodt_secinfo_bad_type_before_invalid, 0, 4);
	tcase_add_test(tc, emodt_null_secinfo);
	tcase_add_test(tc, emodt_secinfo_reserved);
	tcase_add_test(tc, emodt_page_invalid);
	tcase_add_test(tc, emodt_page_type);
	tcase_add_test(tc, emodt_page_type_before_modified);
	tcase_add_test(tc, emodt_modified);
	tcase_add_test(tc, emodt_pending);
	tcase_add_test(tc, emodt_page_type_before_not_initialized);
	tcase_add_test(tc, emodt_not_initialized);
	tcase_add_test(tc, emodt_foreign_page);

	tc = h_tcase(s, "edbg");
	tcase_add_test(tc, edbgrd_ok);
	tcase_add_test(tc, edbgwr_ok);
	tcase_add_test(tc, edbg_misaligned);
	tcase_add_test(tc, edbg_misaligned_before_page_outside_epc);
	tcase_add_test(tc, edbg_page_outside_epc);
	tcase_add_test(tc, edbg_page_invalid);
	tcase_add_test(tc, edbg_secs);
	tcase_add_test(tc, edbg_page_type_before_modified);
	tcase_add_test(tc, edbg_pending);
	tcase_add_test(tc, edbg_modified_before_tcs_offset);
	tcase_add_test(tc, edbgrd_tcs);
	tcase_add_test(tc, edbgwr_tcs_flags_only);
	tcase_add_test(tc, edbg_not_debug);
	tcase_add_test(tc, edbg_page_invalid_before_not_debug);
	tcase_add_test(tc, edbg_pending_before_not_debug);
	tcase_add_test(tc, edbg_misuse);
	return s;
}
