/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check_sim_harness.h - fixture for the tests of the SGX2 model: a small
 * EPC, a linear-address map, and a standard enclave to start from.
 *
 * Every test gets a fresh struct h_env from h_setup() (a checked fixture,
 * run in the test's own process): no state is shared between tests.
 *
 * Standard enclave (h_build/h_init), BASEADDR H_BASE, SIZE 1 MiB,
 * SSAFRAMESIZE 1, 64-bit, XFRM 3:
 *
 *   +0x0000 TCS1  OSSA 0x1000, NSSA 2, OENTRY 0x3000
 *   +0x1000 SSA1 frame 0 (RW)     +0x2000 SSA1 frame 1 (RW)
 *   +0x3000 code (RX, EEXTENDed)
 *   +0x4000 TCS2  OSSA 0x5000, NSSA 1, OENTRY 0x3000
 *   +0x5000 SSA2 frame 0 (RW)
 *   +0x6000 SECINFO page (R): ENCLU SECINFO operands live here
 *   +0x7000 data (RW)             +0x8000 data (RW)
 *   +0x10000 and up: free for EAUG
 */
#ifndef CHECK_SIM_HARNESS_H
#define CHECK_SIM_HARNESS_H

#include <check.h>
#include "sim_model.h"

#define H_NPAGES	64
#define H_BASE		0x40000000ULL
#define H_SIZE		0x100000ULL

#define H_TCS1		0x0000ULL
#define H_SSA1		0x1000ULL
#define H_CODE		0x3000ULL
#define H_TCS2		0x4000ULL
#define H_SSA2		0x5000ULL
#define H_SI		0x6000ULL
#define H_DATA		0x7000ULL
#define H_DATA2		0x8000ULL
#define H_DYN		0x10000ULL

#define H_AEP		0x7f0000001000ULL
#define H_RIP		0x7f0000002000ULL	/* address of "ENCLU" */
#define H_NONCANON	0x0000800000000000ULL

/* Page contents before any leaf writes them: shows what a leaf zeroed. */
#define H_POISON	0xa5

struct h_map {
	const struct sgx2_sim_encl *encl;
	u64 la;
	u32 idx;
	bool used;
};

struct h_env {
	struct sgx2_sim_epc epc;
	struct sgx2_sim_epcm epcm[H_NPAGES];
	u8 *mem;
	struct sgx2_sim_encl encl;
	struct sgx2_sim_encl encl2;
	struct sgx2_sim_lp lp;
	struct sgx2_sim_lp lp2;
	struct sgx2_sim_regs regs;
	struct sgx2_sim_fault f;
	u64 attr;		/* more SECS.ATTRIBUTES for h_ecreate() */
	struct h_map map[2 * H_NPAGES];
	u32 next;
	u32 si_slot;
	u8 *src;
	u8 *si;
	u8 *sig;
	u8 *token;
};

extern struct h_env *H;

void h_setup(void);
void h_teardown(void);
Suite *h_suite(const char *name);
TCase *h_tcase(Suite *s, const char *name);

u32 h_page(void);
u8 *h_va(u32 idx);
void h_map(const struct sgx2_sim_encl *encl, u64 la, u32 idx);
void h_unmap(const struct sgx2_sim_encl *encl, u64 la);
u32 h_idx(u64 off);
struct sgx2_sim_epcm *h_e(u64 off);

void h_secs(u8 *page, u64 base, u64 size, u32 ssa, u64 attr, u64 xfrm);
int h_ecreate_encl(struct sgx2_sim_encl *encl, const u8 *secs, u32 *idx);
int h_ecreate(void);
void h_tcs(u8 *page, u64 ossa, u32 nssa, u64 oentry);
int h_eadd_encl(struct sgx2_sim_encl *encl, u64 off, u64 flags,
		const void *contents, u32 *idx);
int h_eadd(u64 off, u64 flags, const void *contents);
void h_build(void);
void h_sig(const struct sgx2_sim_encl *encl);
int h_einit(void);
void h_init(void);
void h_build_encl2(void);

const void *h_si_host(u64 flags);
u64 h_si_encl(u64 flags);

int h_enter(struct sgx2_sim_lp *lp, u64 tcs_off);
int h_exit(struct sgx2_sim_lp *lp);
int h_aex(struct sgx2_sim_lp *lp);
int h_eaug(u64 off);
int h_eaccept(struct sgx2_sim_lp *lp, u64 flags, u64 off);
int h_emodpr(u64 off, u64 perms);
int h_emodt(u64 off, u64 pt);
int h_etrack(void);
int h_eremove(u64 off);

#define ck_ok(r)	ck_assert_int_eq((r), 0)
#define ck_code(r, c)	ck_assert_int_eq((r), (c))
#define ck_gp(r)	do {						\
		ck_assert_int_eq((r), SGX2_SIM_GP);			\
		ck_assert_uint_eq(H->f.vector, SGX2_SIM_VECTOR_GP);	\
	} while (0)
#define ck_pf(r, a, ec)	do {						\
		ck_assert_int_eq((r), SGX2_SIM_PF);			\
		ck_assert_uint_eq(H->f.vector, SGX2_SIM_VECTOR_PF);	\
		ck_assert_uint_eq(H->f.addr, (a));			\
		ck_assert_uint_eq(H->f.error_code, (ec));		\
	} while (0)

/* #PF error codes the model reports (see sim_model.c, ambiguity 10). */
#define EC_EPCM_W	(SGX2_SIM_PF_P | SGX2_SIM_PF_W | SGX2_PF_SGX)
#define EC_EPCM_R	(SGX2_SIM_PF_P | SGX2_PF_SGX)
#define EC_NONE_W	SGX2_SIM_PF_W
#define EC_U_EPCM_R	(SGX2_SIM_PF_P | SGX2_SIM_PF_U | SGX2_PF_SGX)
#define EC_U_EPCM_W	(EC_U_EPCM_R | SGX2_SIM_PF_W)
#define EC_U_NONE_R	SGX2_SIM_PF_U
#define EC_U_NONE_W	(SGX2_SIM_PF_U | SGX2_SIM_PF_W)

#endif /* CHECK_SIM_HARNESS_H */
