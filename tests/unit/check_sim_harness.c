// SPDX-License-Identifier: GPL-2.0
/*
 * check_sim_harness.c - the fixture shared by the check_sim_*.c suites
 * (see check_sim_harness.h).  It defines no suite of its own.
 */
#include <stdlib.h>
#include "check_sim_harness.h"

struct h_env *H;

static void *h_page_va(void *ctx, u32 idx)
{
	struct h_env *env = ctx;

	ck_assert_uint_lt(idx, H_NPAGES);
	return env->mem + (size_t)idx * SGX2_SIM_PAGE_SIZE;
}

static int h_lookup(void *ctx, const struct sgx2_sim_encl *encl, u64 la,
		    u32 *idx)
{
	struct h_env *env = ctx;
	u32 i;

	ck_assert_uint_eq(la & ~SGX2_SIM_PAGE_MASK, 0);
	for (i = 0; i < 2 * H_NPAGES; i++) {
		if (env->map[i].used && env->map[i].encl == encl &&
		    env->map[i].la == la) {
			*idx = env->map[i].idx;
			return 0;
		}
	}
	return -ENOENT;
}

static const struct sgx2_sim_ops h_ops = {
	.page_va = h_page_va,
	.lookup = h_lookup,
};

void h_setup(void)
{
	H = calloc(1, sizeof(*H));
	ck_assert_ptr_nonnull(H);
	H->mem = aligned_alloc(4096, H_NPAGES * 4096);
	H->src = aligned_alloc(4096, 4096);
	H->si = aligned_alloc(64, 64);
	H->sig = aligned_alloc(4096, 4096);
	H->token = aligned_alloc(512, 512);
	ck_assert(H->mem && H->src && H->si && H->sig && H->token);
	memset(H->mem, H_POISON, H_NPAGES * 4096);
	memset(H->src, 0, 4096);
	memset(H->sig, 0, 4096);
	memset(H->token, 0, 512);
	sgx2_sim_epc_init(&H->epc, H->epcm, H_NPAGES, &h_ops, H);
	/* EPC index 0 stays unused: a stray 0 never hits a real page. */
	H->next = 1;
	H->regs.rip = H_RIP;
}

void h_teardown(void)
{
	free(H->mem);
	free(H->src);
	free(H->si);
	free(H->sig);
	free(H->token);
	free(H);
	H = NULL;
}

Suite *h_suite(const char *name)
{
	return suite_create(name);
}

TCase *h_tcase(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, h_setup, h_teardown);
	suite_add_tcase(s, tc);
	return tc;
}

u32 h_page(void)
{
	ck_assert_uint_lt(H->next, H_NPAGES);
	return H->next++;
}

u8 *h_va(u32 idx)
{
	return h_page_va(H, idx);
}

void h_map(const struct sgx2_sim_encl *encl, u64 la, u32 idx)
{
	u32 i;

	h_unmap(encl, la);
	for (i = 0; i < 2 * H_NPAGES; i++) {
		if (!H->map[i].used) {
			H->map[i] = (struct h_map){ encl, la, idx, true };
			return;
		}
	}
	ck_abort_msg("linear map full");
}

void h_unmap(const struct sgx2_sim_encl *encl, u64 la)
{
	u32 i;

	for (i = 0; i < 2 * H_NPAGES; i++)
		if (H->map[i].used && H->map[i].encl == encl &&
		    H->map[i].la == la)
			H->map[i].used = false;
}

u32 h_idx(u64 off)
{
	u32 idx;

	ck_assert_int_eq(h_lookup(H, &H->encl, H_BASE + off, &idx), 0);
	return idx;
}

struct sgx2_sim_epcm *h_e(u64 off)
{
	return &H->epcm[h_idx(off)];
}

static void h_put(u8 *p, u32 off, u32 len, u64 v)
{
	for (; len; len--, v >>= 8)
		p[off++] = (u8)v;
}

void h_secs(u8 *page, u64 base, u64 size, u32 ssa, u64 attr, u64 xfrm)
{
	memset(page, 0, 4096);
	h_put(page, SGX2_SIM_SECS_SIZE, 8, size);
	h_put(page, SGX2_SIM_SECS_BASEADDR, 8, base);
	h_put(page, SGX2_SIM_SECS_SSAFRAMESIZE, 4, ssa);
	h_put(page, SGX2_SIM_SECS_ATTRIBUTES, 8, attr);
	h_put(page, SGX2_SIM_SECS_XFRM, 8, xfrm);
}

int h_ecreate_encl(struct sgx2_sim_encl *encl, const u8 *secs, u32 *idx)
{
	struct sgx2_sim_pageinfo pi = {
		.srcpge = secs,
		.secinfo = h_si_host(SGX2_SECINFO_SECS),
	};
	u32 page = h_page();

	if (idx)
		*idx = page;
	return sgx2_sim_ecreate(&H->epc, encl, &pi, page, &H->f);
}

int h_ecreate(void)
{
	h_secs(H->src, H_BASE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT | H->attr, 3);
	return h_ecreate_encl(&H->encl, H->src, NULL);
}

void h_tcs(u8 *page, u64 ossa, u32 nssa, u64 oentry)
{
	memset(page, 0, 4096);
	h_put(page, SGX2_SIM_TCS_OSSA, 8, ossa);
	h_put(page, SGX2_SIM_TCS_NSSA, 4, nssa);
	h_put(page, SGX2_SIM_TCS_OENTRY, 8, oentry);
}

int h_eadd_encl(struct sgx2_sim_encl *encl, u64 off, u64 flags,
		const void *contents, u32 *idx)
{
	struct sgx2_sim_pageinfo pi = {
		.linaddr = encl->base + off,
		.srcpge = H->src,
		.secinfo = h_si_host(flags),
	};
	u32 page = h_page();
	int ret;

	if (contents != H->src) {
		if (contents)
			memcpy(H->src, contents, 4096);
		else
			memset(H->src, 0, 4096);
	}
	ret = sgx2_sim_eadd(&H->epc, encl, &pi, page, &H->f);
	if (!ret)
		h_map(encl, encl->base + off, page);
	if (idx)
		*idx = page;
	return ret;
}

int h_eadd(u64 off, u64 flags, const void *contents)
{
	return h_eadd_encl(&H->encl, off, flags, contents, NULL);
}

void h_build(void)
{
	const u64 rw = SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W;
	u32 i;

	ck_ok(h_ecreate());
	h_tcs(H->src, H_SSA1, 2, H_CODE);
	ck_ok(h_eadd(H_TCS1, SGX2_SECINFO_TCS, H->src));
	ck_ok(h_eadd(H_SSA1, rw, NULL));
	ck_ok(h_eadd(H_SSA1 + 0x1000, rw, NULL));
	memset(H->src, 0x90, 4096);
	ck_ok(h_eadd(H_CODE, SGX2_SECINFO_REG | SGX2_SECINFO_R |
		     SGX2_SECINFO_X, H->src));
	for (i = 0; i < 4096; i += 256)
		ck_ok(sgx2_sim_eextend(&H->epc, &H->encl, h_idx(H_CODE), i,
				       &H->f));
	h_tcs(H->src, H_SSA2, 1, H_CODE);
	ck_ok(h_eadd(H_TCS2, SGX2_SECINFO_TCS, H->src));
	ck_ok(h_eadd(H_SSA2, rw, NULL));
	ck_ok(h_eadd(H_SI, SGX2_SECINFO_REG | SGX2_SECINFO_R, NULL));
	ck_ok(h_eadd(H_DATA, rw, NULL));
	ck_ok(h_eadd(H_DATA2, rw, NULL));
}

static const u8 h_header[16] = {
	0x06, 0x00, 0x00, 0x00, 0xe1, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static const u8 h_header2[16] = {
	0x01, 0x01, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};

void h_sig(const struct sgx2_sim_encl *encl)
{
	struct sgx2_sim_sha256 tmp = encl->mrenclave;
	u32 i;

	memset(H->sig, 0, 4096);
	memcpy(H->sig + SGX2_SIM_SIG_HEADER, h_header, 16);
	h_put(H->sig, SGX2_SIM_SIG_VENDOR, 4, 0x8086);
	memcpy(H->sig + SGX2_SIM_SIG_HEADER2, h_header2, 16);
	for (i = 0; i < SGX2_SIM_SIG_MODULUS_SIZE; i++)
		H->sig[SGX2_SIM_SIG_MODULUS + i] = (u8)(i * 7 + 1);
	h_put(H->sig, SGX2_SIM_SIG_EXPONENT, 4, 3);
	h_put(H->sig, SGX2_SIM_SIG_ISVPRODID, 2, 0x1234);
	h_put(H->sig, SGX2_SIM_SIG_ISVSVN, 2, 0x5678);
	sgx2_sim_sha256_final(&tmp, H->sig + SGX2_SIM_SIG_ENCLAVEHASH);
}

int h_einit(void)
{
	return sgx2_sim_einit(&H->epc, &H->encl, H->sig, H->token, NULL,
			      &H->f);
}

void h_init(void)
{
	h_build();
	h_sig(&H->encl);
	ck_ok(h_einit());
}

/* A second, initialized enclave: one TCS, one SSA, one data page. */
void h_build_encl2(void)
{
	const u64 rw = SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W;

	h_secs(H->src, H_BASE + H_SIZE, H_SIZE, 1, SGX2_SIM_ATTR_MODE64BIT, 3);
	ck_ok(h_ecreate_encl(&H->encl2, H->src, NULL));
	h_tcs(H->src, 0x1000, 1, 0x2000);
	ck_ok(h_eadd_encl(&H->encl2, 0, SGX2_SECINFO_TCS, H->src, NULL));
	ck_ok(h_eadd_encl(&H->encl2, 0x1000, rw, NULL, NULL));
	ck_ok(h_eadd_encl(&H->encl2, 0x2000, rw, NULL, NULL));
	h_sig(&H->encl2);
	ck_ok(sgx2_sim_einit(&H->epc, &H->encl2, H->sig, H->token, NULL,
			     &H->f));
}

const void *h_si_host(u64 flags)
{
	memset(H->si, 0, 64);
	h_put(H->si, 0, 8, flags);
	return H->si;
}

u64 h_si_encl(u64 flags)
{
	u32 slot = H->si_slot++ % 64;
	u8 *p = h_va(h_idx(H_SI)) + slot * 64;

	memset(p, 0, 64);
	h_put(p, 0, 8, flags);
	return H_BASE + H_SI + slot * 64;
}

int h_enter(struct sgx2_sim_lp *lp, u64 tcs_off)
{
	H->regs.rax = SGX2_EENTER;
	H->regs.rbx = H_BASE + tcs_off;
	H->regs.rcx = H_AEP;
	H->regs.rip = H_RIP;
	return sgx2_sim_eenter(&H->epc, &H->encl, lp, &H->regs, &H->f);
}

int h_exit(struct sgx2_sim_lp *lp)
{
	H->regs.rbx = H_RIP + 3;
	return sgx2_sim_eexit(&H->epc, &H->encl, lp, &H->regs, &H->f);
}

int h_aex(struct sgx2_sim_lp *lp)
{
	return sgx2_sim_aex(&H->epc, &H->encl, lp, NULL, &H->regs);
}

int h_eaug(u64 off)
{
	struct sgx2_sim_pageinfo pi = { .linaddr = H_BASE + off };
	u32 page = h_page();
	int ret;

	ret = sgx2_sim_eaug(&H->epc, &H->encl, &pi, page, &H->f);
	if (!ret)
		h_map(&H->encl, H_BASE + off, page);
	return ret;
}

int h_eaccept(struct sgx2_sim_lp *lp, u64 flags, u64 off)
{
	return sgx2_sim_eaccept(&H->epc, &H->encl, lp, h_si_encl(flags),
				H_BASE + off, &H->f);
}

int h_emodpr(u64 off, u64 perms)
{
	return sgx2_sim_emodpr(&H->epc, &H->encl, h_si_host(perms), h_idx(off),
			       &H->f);
}

int h_emodt(u64 off, u64 pt)
{
	return sgx2_sim_emodt(&H->epc, &H->encl, h_si_host(pt), h_idx(off),
			      &H->f);
}

int h_etrack(void)
{
	return sgx2_sim_etrack(&H->epc, &H->encl, &H->f);
}

int h_eremove(u64 off)
{
	return sgx2_sim_eremove(&H->epc, &H->encl, h_idx(off), &H->f);
}
