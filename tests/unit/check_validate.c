// SPDX-License-Identifier: GPL-2.0
/*
 * check_validate.c - ioctl argument validation: every check, its order
 * (rows that break two checks at once name the one that must fire first),
 * and the boundaries.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include "validate.h"

#define PG		4096ULL
#define MIB		BIT_ULL(20)
#define U64_MAX_	(~0ULL)
#define BASE64		0x7f0000000000ULL	/* aligned to 2^40 */
#define A64		SGX2_ATTR_MODE64BIT
#define XFRM_MIN	(SGX2_XFRM_FP | SGX2_XFRM_SSE)
#define ENCL		(16 * PG)		/* enclave size of the ioctl rows */
#define SRC		0x10000ULL

#define N(t) (sizeof(t) / sizeof((t)[0]))

static const char *vn(enum sgx2_vcheck c)
{
	const char *s = sgx2_vcheck_name(c);

	return s ? s : "(not a check)";
}

/* Both forms of a validator must agree: any failed check is -EINVAL. */
static void check_pair(const char *name, enum sgx2_vcheck got,
		       enum sgx2_vcheck want, int errno_got)
{
	ck_assert_msg(got == want, "%s: got '%s', want '%s'", name, vn(got),
		      vn(want));
	ck_assert_msg(errno_got == (want ? -EINVAL : 0), "%s: errno %d", name,
		      errno_got);
}

/* ---- range ------------------------------------------------------------ */

struct range_row {
	const char *name;
	u64 encl_size;
	u64 offset;
	u64 length;
	enum sgx2_vcheck want;
};

static const struct range_row range_table[] = {
	{ "first page", ENCL, 0, PG, SGX2_VC_OK },
	{ "whole enclave", ENCL, 0, ENCL, SGX2_VC_OK },
	{ "last page, ends exactly at the end", ENCL, ENCL - PG, PG, SGX2_VC_OK },
	{ "ends one page past the end", ENCL, ENCL - PG, 2 * PG,
	  SGX2_VC_OUTSIDE },
	{ "starts at the end", ENCL, ENCL, PG, SGX2_VC_OUTSIDE },
	{ "whole enclave plus a page", ENCL, 0, ENCL + PG, SGX2_VC_OUTSIDE },
	{ "enclave of size 0", 0, 0, PG, SGX2_VC_OUTSIDE },
	{ "offset 2^63", ENCL, 1ULL << 63, PG, SGX2_VC_OUTSIDE },
	{ "ends at 2^64 - page, no wrap", ENCL, U64_MAX_ - 2 * PG + 1, PG,
	  SGX2_VC_OUTSIDE },
	{ "2^63 enclave, its last page", 1ULL << 63, (1ULL << 63) - PG, PG,
	  SGX2_VC_OK },
	{ "offset off by one byte", ENCL, 1, PG, SGX2_VC_OFFSET_ALIGN },
	{ "offset off by half a page", ENCL, PG / 2, PG, SGX2_VC_OFFSET_ALIGN },
	{ "length 0", ENCL, PG, 0, SGX2_VC_LENGTH },
	{ "length one byte", ENCL, PG, 1, SGX2_VC_LENGTH },
	{ "length a page and a byte", ENCL, 0, PG + 1, SGX2_VC_LENGTH },
	{ "sum wraps to 0", ENCL, U64_MAX_ - PG + 1, PG, SGX2_VC_WRAP },
	/* the wrapped end is inside the enclave: only the wrap check stops it */
	{ "sum wraps to one page", ENCL, U64_MAX_ - PG + 1, 2 * PG,
	  SGX2_VC_WRAP },
	{ "length 2^64 - page", ENCL, PG, U64_MAX_ - PG + 1, SGX2_VC_WRAP },
	/* two checks broken at once: the first in mainline's order fires */
	{ "offset unaligned + length 0", ENCL, 1, 0, SGX2_VC_OFFSET_ALIGN },
	{ "offset unaligned + outside", ENCL, ENCL + 1, PG,
	  SGX2_VC_OFFSET_ALIGN },
	{ "length unaligned + wraps", ENCL, U64_MAX_ - PG + 1, PG + 1,
	  SGX2_VC_LENGTH },
	{ "length 0 + offset outside", ENCL, ENCL, 0, SGX2_VC_LENGTH },
	{ "wraps + wrapped end outside", ENCL, U64_MAX_ - PG + 1, 0x20000,
	  SGX2_VC_WRAP },
	{ "all zero (probe)", ENCL, 0, 0, SGX2_VC_LENGTH },
};

START_TEST(test_range)
{
	const struct range_row *r = &range_table[_i];
	enum sgx2_vcheck got = sgx2_check_range(r->encl_size, r->offset,
						r->length);

	check_pair(r->name, got, r->want,
		   sgx2_validate_range(r->encl_size, r->offset, r->length));
}
END_TEST

/* ---- SSA frame size --------------------------------------------------- */

struct ssa_row {
	u32 miscselect;
	u32 xsave_size;
	u32 pages;
};

static const struct ssa_row ssa_table[] = {
	{ 0, 0, 1 },
	{ SGX2_MISC_EXINFO, 0, 1 },
	{ 0, 576, 1 },				/* legacy area + header */
	{ 0, 4096 - 184, 1 },			/* GPRSGX fills the page */
	{ 0, 4096 - 184 + 1, 2 },
	{ SGX2_MISC_EXINFO, 4096 - 184 - 16, 1 },
	{ SGX2_MISC_EXINFO, 4096 - 184 - 16 + 1, 2 },
	{ 0xfffffffe, 4096 - 184, 1 },	/* only EXINFO has an area */
	{ 0, 8192 - 184, 2 },
	{ 0, 8192 - 184 + 1, 3 },
	{ SGX2_MISC_EXINFO, 8192 - 200, 2 },
	{ SGX2_MISC_EXINFO, 8192 - 200 + 1, 3 },
	{ 0, 2696, 1 },				/* AVX-512 XCR0 0xe7 */
	{ 0, 0xffffffff, 0x100001 },		/* no u32 overflow */
	{ SGX2_MISC_EXINFO, 0xffffffff, 0x100001 },
};

START_TEST(test_ssa_frame_pages)
{
	const struct ssa_row *r = &ssa_table[_i];

	ck_assert_uint_eq(sgx2_ssa_frame_pages(r->miscselect, r->xsave_size),
			  r->pages);
}
END_TEST

/* ---- SECS ------------------------------------------------------------- */

static const struct sgx2_secs_limits limits = {
	.misc_reserved_mask = ~(u32)SGX2_MISC_EXINFO,
	.attributes_reserved_mask = BIT_ULL(3) | BIT_ULL(6) | ~0xffULL,
	.xfrm_reserved_mask = ~0x2ffULL,	/* x87..AVX-512, PKRU */
	.max_size_64 = 1ULL << 36,
	.max_size_32 = 1ULL << 31,
	.user_va_end_64 = 1ULL << 47,
};

struct secs_row {
	const char *name;
	u64 size;
	u64 base;
	u32 ssa;
	u32 misc;
	u64 attr;
	u64 xfrm;
	int poke;		/* byte offset set to 0xff, or -1 */
	u32 xsave;
	enum sgx2_vcheck want;
};

#define OK_SECS(name, poke) \
	{ name, MIB, BASE64, 1, 0, A64, XFRM_MIN, poke, 576, SGX2_VC_OK }
#define RSVD(name, poke) \
	{ name, MIB, BASE64, 1, 0, A64, XFRM_MIN, poke, 576, \
	  SGX2_VC_SECS_RESERVED }

static const struct secs_row secs_table[] = {
	OK_SECS("valid 1 MiB", -1),
	{ "size 2 pages", 2 * PG, BASE64, 1, 0, A64, XFRM_MIN, -1, 576,
	  SGX2_VC_OK },
	{ "size 0", 0, BASE64, 1, 0, A64, XFRM_MIN, -1, 576, SGX2_VC_SECS_SIZE },
	{ "size 1 page", PG, BASE64, 1, 0, A64, XFRM_MIN, -1, 576,
	  SGX2_VC_SECS_SIZE },
	{ "size 3 pages", 3 * PG, 0, 1, 0, A64, XFRM_MIN, -1, 576,
	  SGX2_VC_SECS_SIZE },
	{ "size 1 MiB + 1 page", MIB + PG, 0, 1, 0, A64, XFRM_MIN, -1, 576,
	  SGX2_VC_SECS_SIZE },
	{ "size 2^63 - 1 page", (1ULL << 63) - PG, 0, 1, 0, A64,
	  XFRM_MIN, -1, 576, SGX2_VC_SECS_SIZE },
	{ "base misaligned by one page", MIB, BASE64 + PG, 1, 0, A64, XFRM_MIN,
	  -1, 576, SGX2_VC_SECS_BASE },
	{ "2-page size, base misaligned by one page", 2 * PG, BASE64 + PG, 1,
	  0, A64, XFRM_MIN, -1, 576, SGX2_VC_SECS_BASE },
	{ "base misaligned by half the size", MIB, BASE64 + MIB / 2, 1, 0, A64,
	  XFRM_MIN, -1, 576, SGX2_VC_SECS_BASE },
	{ "base 0", MIB, 0, 1, 0, A64, XFRM_MIN, -1, 576, SGX2_VC_OK },
	{ "misc EXINFO", MIB, BASE64, 1, SGX2_MISC_EXINFO, A64, XFRM_MIN, -1,
	  576, SGX2_VC_OK },
	{ "misc bit 1", MIB, BASE64, 1, 2, A64, XFRM_MIN, -1, 576,
	  SGX2_VC_SECS_MISC },
	{ "misc bit 31", MIB, BASE64, 1, 1U << 31, A64, XFRM_MIN, -1, 576,
	  SGX2_VC_SECS_MISC },
	{ "attr DEBUG", MIB, BASE64, 1, 0, A64 | BIT_ULL(1), XFRM_MIN, -1, 576,
	  SGX2_VC_OK },
	{ "attr bit 3", MIB, BASE64, 1, 0, A64 | BIT_ULL(3), XFRM_MIN, -1, 576,
	  SGX2_VC_SECS_ATTR },
	{ "attr bit 63", MIB, BASE64, 1, 0, A64 | BIT_ULL(63), XFRM_MIN, -1,
	  576, SGX2_VC_SECS_ATTR },
	{ "xfrm bit 8", MIB, BASE64, 1, 0, A64, XFRM_MIN | BIT_ULL(8), -1, 576,
	  SGX2_VC_SECS_XFRM_RSVD },
	{ "xfrm bit 63", MIB, BASE64, 1, 0, A64, XFRM_MIN | BIT_ULL(63), -1,
	  576, SGX2_VC_SECS_XFRM_RSVD },
	/* ECREATE #GPs on SIZE >= 2^MaxEnclaveSize: the maximum is out. */
	{ "64-bit, size half the maximum", 1ULL << 35, BASE64, 1, 0, A64,
	  XFRM_MIN, -1, 576, SGX2_VC_OK },
	{ "64-bit, size at the maximum", 1ULL << 36, BASE64, 1, 0, A64,
	  XFRM_MIN, -1, 576, SGX2_VC_SECS_SIZE_MAX },
	{ "64-bit, size above the maximum", 1ULL << 37, 0, 1, 0, A64, XFRM_MIN,
	  -1, 576, SGX2_VC_SECS_SIZE_MAX },
	{ "32-bit, size half the maximum", 1ULL << 30, 0, 1, 0, 0, XFRM_MIN, -1,
	  576, SGX2_VC_OK },
	{ "32-bit, size at the maximum", 1ULL << 31, 0, 1, 0, 0, XFRM_MIN, -1,
	  576, SGX2_VC_SECS_SIZE_MAX },
	{ "32-bit, size above the maximum", 1ULL << 32, 0, 1, 0, 0, XFRM_MIN,
	  -1, 576, SGX2_VC_SECS_SIZE_MAX },
	{ "64-bit, same size", 1ULL << 32, 0, 1, 0, A64, XFRM_MIN, -1, 576,
	  SGX2_VC_OK },
	{ "xfrm without FP", MIB, BASE64, 1, 0, A64, SGX2_XFRM_SSE, -1, 576,
	  SGX2_VC_SECS_XFRM },
	{ "xfrm without SSE", MIB, BASE64, 1, 0, A64, SGX2_XFRM_FP, -1, 576,
	  SGX2_VC_SECS_XFRM },
	{ "xfrm BNDREGS only", MIB, BASE64, 1, 0, A64,
	  XFRM_MIN | SGX2_XFRM_BNDREGS, -1, 576, SGX2_VC_SECS_XFRM },
	{ "xfrm BNDCSR only", MIB, BASE64, 1, 0, A64,
	  XFRM_MIN | SGX2_XFRM_BNDCSR, -1, 576, SGX2_VC_SECS_XFRM },
	{ "xfrm both BND", MIB, BASE64, 1, 0, A64,
	  XFRM_MIN | SGX2_XFRM_BNDREGS | SGX2_XFRM_BNDCSR, -1, 1088,
	  SGX2_VC_OK },
	{ "ssa 0", MIB, BASE64, 0, 0, A64, XFRM_MIN, -1, 576,
	  SGX2_VC_SECS_SSA_ZERO },
	{ "ssa 1, xsave needs 2", MIB, BASE64, 1, 0, A64, 0xe7, -1, 4096,
	  SGX2_VC_SECS_SSA_SMALL },
	{ "ssa 2, xsave needs 2", MIB, BASE64, 2, 0, A64, 0xe7, -1, 4096,
	  SGX2_VC_OK },
	{ "ssa 1, full page without EXINFO", MIB, BASE64, 1, 0, A64, XFRM_MIN,
	  -1, 4096 - 184, SGX2_VC_OK },
	{ "ssa 1, EXINFO spills to a 2nd page", MIB, BASE64, 1,
	  SGX2_MISC_EXINFO, A64, XFRM_MIN, -1, 4096 - 184, SGX2_VC_SECS_SSA_SMALL },
	{ "ssa 2, EXINFO", MIB, BASE64, 2, SGX2_MISC_EXINFO, A64, XFRM_MIN, -1,
	  4096 - 184, SGX2_VC_OK },
	RSVD("reserved1 first byte", 24),
	RSVD("reserved1 last byte", 47),
	RSVD("reserved2 first byte", 96),
	RSVD("reserved2 last byte", 127),
	RSVD("reserved3 first byte", 160),
	RSVD("reserved3 last byte", 191),
	RSVD("reserved4 first byte", 262),
	RSVD("reserved4 last byte", 4095),
	/* ELRANGE: canonical user space (64-bit), below 4 GiB (32-bit) */
	{ "base 2^63, not canonical", MIB, 1ULL << 63, 1, 0, A64, XFRM_MIN,
	  -1, 576, SGX2_VC_SECS_ELRANGE },
	{ "base 2^47, first non-canonical", MIB, 1ULL << 47, 1, 0, A64,
	  XFRM_MIN, -1, 576, SGX2_VC_SECS_ELRANGE },
	{ "base in the kernel half, canonical", MIB, 0xffff800000000000ULL, 1,
	  0, A64, XFRM_MIN, -1, 576, SGX2_VC_SECS_ELRANGE },
	{ "last MiB of the address space, base + size wraps", MIB, 0 - MIB,
	  1, 0, A64, XFRM_MIN, -1, 576, SGX2_VC_SECS_ELRANGE },
	{ "ELRANGE ends at 2^47", MIB, (1ULL << 47) - MIB, 1, 0, A64,
	  XFRM_MIN, -1, 576, SGX2_VC_OK },
	{ "largest 64-bit size, ends at 2^47", 1ULL << 35,
	  (1ULL << 47) - (1ULL << 35), 1, 0, A64, XFRM_MIN, -1, 576,
	  SGX2_VC_OK },
	{ "32-bit, ELRANGE ends at 4 GiB", MIB, (1ULL << 32) - MIB, 1, 0, 0,
	  XFRM_MIN, -1, 576, SGX2_VC_OK },
	{ "32-bit, base 4 GiB", MIB, 1ULL << 32, 1, 0, 0, XFRM_MIN, -1, 576,
	  SGX2_VC_SECS_ELRANGE },
	{ "32-bit, base of a 64-bit enclave", MIB, BASE64, 1, 0, 0, XFRM_MIN,
	  -1, 576, SGX2_VC_SECS_ELRANGE },
	/* fields next to the reserved areas are not reserved */
	OK_SECS("isv_prod_id first byte", 256),
	OK_SECS("mrenclave first byte", 64),
	OK_SECS("mrenclave last byte", 95),
	OK_SECS("mrsigner first byte", 128),
	OK_SECS("mrsigner last byte", 159),
	OK_SECS("config_id first byte", 192),
	OK_SECS("config_svn last byte", 261),
	/* two checks broken at once: the first in mainline's order fires */
	{ "size not 2^n + base misaligned", 3 * PG, PG, 1, 0, A64, XFRM_MIN,
	  -1, 576, SGX2_VC_SECS_SIZE },
	{ "size 1 page + base misaligned", PG, 0x800, 1, 0, A64, XFRM_MIN, -1,
	  576, SGX2_VC_SECS_SIZE },
	{ "size 1 page + reserved byte", PG, BASE64, 1, 0, A64, XFRM_MIN, 24,
	  576, SGX2_VC_SECS_SIZE },
	{ "base misaligned + misc reserved", MIB, BASE64 + PG, 1, 2, A64,
	  XFRM_MIN, -1, 576, SGX2_VC_SECS_BASE },
	{ "base misaligned + no FP", MIB, BASE64 + PG, 1, 0, A64,
	  SGX2_XFRM_SSE, -1, 576, SGX2_VC_SECS_BASE },
	{ "misc + attr reserved", MIB, BASE64, 1, 2, A64 | BIT_ULL(3),
	  XFRM_MIN, -1, 576, SGX2_VC_SECS_MISC },
	{ "attr + xfrm reserved", MIB, BASE64, 1, 0, A64 | BIT_ULL(3),
	  XFRM_MIN | BIT_ULL(8), -1, 576, SGX2_VC_SECS_ATTR },
	{ "misc reserved + size above max", 1ULL << 37, 0, 1, 2, A64,
	  XFRM_MIN, -1, 576, SGX2_VC_SECS_MISC },
	{ "xfrm reserved + size above max", 1ULL << 37, 0, 1, 0, A64,
	  XFRM_MIN | BIT_ULL(8), -1, 576, SGX2_VC_SECS_XFRM_RSVD },
	{ "size above max + no FP", 1ULL << 37, 0, 1, 0, A64, SGX2_XFRM_SSE,
	  -1, 576, SGX2_VC_SECS_SIZE_MAX },
	{ "no SSE + ssa 0", MIB, BASE64, 0, 0, A64, SGX2_XFRM_FP, -1, 576,
	  SGX2_VC_SECS_XFRM },
	{ "ssa 0 + xsave needs 2", MIB, BASE64, 0, 0, A64, 0xe7, -1, 4096,
	  SGX2_VC_SECS_SSA_ZERO },
	{ "ssa too small + reserved4", MIB, BASE64, 1, 0, A64, 0xe7, 4095,
	  4096, SGX2_VC_SECS_SSA_SMALL },
	{ "BNDREGS only + reserved1", MIB, BASE64, 1, 0, A64,
	  XFRM_MIN | SGX2_XFRM_BNDREGS, 24, 576, SGX2_VC_SECS_XFRM },
	/* ELRANGE is ours: it comes after every check of the series */
	{ "base misaligned + not canonical", MIB, (1ULL << 63) + PG, 1, 0,
	  A64, XFRM_MIN, -1, 576, SGX2_VC_SECS_BASE },
	{ "size above max + kernel half", 1ULL << 37, 0xffff800000000000ULL, 1,
	  0, A64, XFRM_MIN, -1, 576, SGX2_VC_SECS_SIZE_MAX },
	{ "reserved4 + not canonical", MIB, 1ULL << 63, 1, 0, A64, XFRM_MIN,
	  4095, 576, SGX2_VC_SECS_RESERVED },
};

START_TEST(test_secs)
{
	const struct secs_row *r = &secs_table[_i];
	struct sgx2_secs secs;
	enum sgx2_vcheck got;

	memset(&secs, 0, sizeof(secs));
	secs.size = r->size;
	secs.base = r->base;
	secs.ssa_frame_size = r->ssa;
	secs.miscselect = r->misc;
	secs.attributes = r->attr;
	secs.xfrm = r->xfrm;
	if (r->poke >= 0)
		((u8 *)&secs)[r->poke] = 0xff;

	got = sgx2_check_secs(&secs, &limits, r->xsave);
	check_pair(r->name, got, r->want,
		   sgx2_validate_secs(&secs, &limits, r->xsave));
}
END_TEST

/*
 * With 5-level paging, user space ends at 2^56: ELRANGE may lie above
 * 2^47.  (The SIZE maximum is raised too, to reach that end.)
 */
START_TEST(test_secs_la57)
{
	struct sgx2_secs_limits la57 = limits;
	struct sgx2_secs secs;
	static const struct {
		u64 size, base;
		enum sgx2_vcheck want;
	} rows[] = {
		{ MIB, 1ULL << 47, SGX2_VC_OK },
		{ MIB, (1ULL << 56) - MIB, SGX2_VC_OK },
		{ 1ULL << 55, 1ULL << 55, SGX2_VC_OK },
		{ MIB, 1ULL << 56, SGX2_VC_SECS_ELRANGE },
		{ MIB, 0xff00000000000000ULL, SGX2_VC_SECS_ELRANGE },
	};
	char name[32];
	size_t i;

	la57.user_va_end_64 = 1ULL << 56;
	la57.max_size_64 = 1ULL << 56;
	for (i = 0; i < N(rows); i++) {
		memset(&secs, 0, sizeof(secs));
		secs.size = rows[i].size;
		secs.base = rows[i].base;
		secs.ssa_frame_size = 1;
		secs.attributes = A64;
		secs.xfrm = XFRM_MIN;
		snprintf(name, sizeof(name), "la57 row %zu", i);
		check_pair(name, sgx2_check_secs(&secs, &la57, 576),
			   rows[i].want, sgx2_validate_secs(&secs, &la57, 576));
	}
}
END_TEST

/* ---- SECINFO ---------------------------------------------------------- */

struct secinfo_row {
	const char *name;
	u64 flags;
	int poke;		/* reserved byte set to 1, or -1 */
	enum sgx2_vcheck want;
};

#define R	SGX2_SECINFO_R
#define W	SGX2_SECINFO_W
#define X	SGX2_SECINFO_X
#define REG	SGX2_SECINFO_REG
#define TCS	SGX2_SECINFO_TCS

static const struct secinfo_row secinfo_table[] = {
	{ "REG R", REG | R, -1, SGX2_VC_OK },
	{ "REG RW", REG | R | W, -1, SGX2_VC_OK },
	{ "REG RX", REG | R | X, -1, SGX2_VC_OK },
	{ "REG RWX", REG | R | W | X, -1, SGX2_VC_OK },
	{ "REG X", REG | X, -1, SGX2_VC_OK },
	{ "REG no permissions", REG, -1, SGX2_VC_OK },
	{ "TCS", TCS, -1, SGX2_VC_OK },
	{ "SECS", SGX2_SECINFO_SECS | R, -1, SGX2_VC_SECINFO_TYPE },
	{ "VA", SGX2_SECINFO_VA | R, -1, SGX2_VC_SECINFO_TYPE },
	{ "TRIM", SGX2_SECINFO_TRIM | R, -1, SGX2_VC_SECINFO_TYPE },
	{ "type 0xff", 0xff00 | R, -1, SGX2_VC_SECINFO_TYPE },
	{ "REG W", REG | W, -1, SGX2_VC_SECINFO_W_NO_R },
	{ "REG WX", REG | W | X, -1, SGX2_VC_SECINFO_W_NO_R },
	{ "TCS R", TCS | R, -1, SGX2_VC_SECINFO_TCS_PERM },
	{ "TCS X", TCS | X, -1, SGX2_VC_SECINFO_TCS_PERM },
	{ "TCS RW", TCS | R | W, -1, SGX2_VC_SECINFO_TCS_PERM },
	{ "REG R PENDING", REG | R | SGX2_SECINFO_PENDING, -1,
	  SGX2_VC_SECINFO_FLAGS },
	{ "REG R MODIFIED", REG | R | SGX2_SECINFO_MODIFIED, -1,
	  SGX2_VC_SECINFO_FLAGS },
	{ "REG R PR", REG | R | SGX2_SECINFO_PR, -1, SGX2_VC_SECINFO_FLAGS },
	{ "REG R bit 6", REG | R | BIT_ULL(6), -1, SGX2_VC_SECINFO_FLAGS },
	{ "REG R bit 16", REG | R | BIT_ULL(16), -1, SGX2_VC_SECINFO_FLAGS },
	{ "REG R bit 63", REG | R | BIT_ULL(63), -1, SGX2_VC_SECINFO_FLAGS },
	{ "TCS bit 16", TCS | BIT_ULL(16), -1, SGX2_VC_SECINFO_FLAGS },
	{ "reserved byte 0", REG | R, 0, SGX2_VC_SECINFO_RESERVED },
	{ "reserved byte 55", REG | R, 55, SGX2_VC_SECINFO_RESERVED },
	/* two checks broken at once: the first in mainline's order fires */
	{ "TRIM + W without R", SGX2_SECINFO_TRIM | W, -1,
	  SGX2_VC_SECINFO_TYPE },
	{ "VA + reserved byte", SGX2_SECINFO_VA, 3, SGX2_VC_SECINFO_TYPE },
	{ "TCS W: W without R before TCS", TCS | W, -1, SGX2_VC_SECINFO_W_NO_R },
	{ "REG W + PENDING", REG | W | SGX2_SECINFO_PENDING, -1,
	  SGX2_VC_SECINFO_W_NO_R },
	{ "TCS R + PR", TCS | R | SGX2_SECINFO_PR, -1,
	  SGX2_VC_SECINFO_TCS_PERM },
	{ "TCS X + reserved byte", TCS | X, 7, SGX2_VC_SECINFO_TCS_PERM },
	{ "REG R MODIFIED + reserved byte", REG | R | SGX2_SECINFO_MODIFIED,
	  9, SGX2_VC_SECINFO_FLAGS },
};

START_TEST(test_secinfo)
{
	const struct secinfo_row *r = &secinfo_table[_i];
	struct sgx2_secinfo_raw s;
	enum sgx2_vcheck got;

	memset(&s, 0, sizeof(s));
	s.flags = r->flags;
	if (r->poke >= 0)
		s.reserved[r->poke] = 1;

	got = sgx2_check_secinfo(&s);
	check_pair(r->name, got, r->want, sgx2_validate_secinfo(&s));
}
END_TEST

/* ---- ADD_PAGES -------------------------------------------------------- */

struct add_row {
	const char *name;
	struct sgx2_enclave_add_pages arg;
	enum sgx2_vcheck want;
};

static const struct add_row add_table[] = {
	{ "one page", { SRC, 0, PG, 0, 0, 0 }, SGX2_VC_OK },
	{ "measured", { SRC, 0, PG, 0, SGX2_PAGE_MEASURE, 0 }, SGX2_VC_OK },
	{ "last page", { SRC, ENCL - PG, PG, 0, 0, 0 }, SGX2_VC_OK },
	{ "secinfo pointer not checked here", { SRC, 0, PG, 1, 0, 0 },
	  SGX2_VC_OK },
	{ "src off by one byte", { SRC + 1, 0, PG, 0, 0, 0 },
	  SGX2_VC_SRC_ALIGN },
	{ "src off by half a page", { SRC + PG / 2, 0, PG, 0, 0, 0 },
	  SGX2_VC_SRC_ALIGN },
	{ "offset unaligned", { SRC, 8, PG, 0, 0, 0 }, SGX2_VC_OFFSET_ALIGN },
	{ "length 0", { SRC, 0, 0, 0, 0, 0 }, SGX2_VC_LENGTH },
	{ "one page past the end", { SRC, ENCL - PG, 2 * PG, 0, 0, 0 },
	  SGX2_VC_OUTSIDE },
	{ "wraps", { SRC, U64_MAX_ - PG + 1, 2 * PG, 0, 0, 0 }, SGX2_VC_WRAP },
	{ "flags bit 1", { SRC, 0, PG, 0, 2, 0 }, SGX2_VC_FLAGS },
	{ "flags bit 63", { SRC, 0, PG, 0, SGX2_PAGE_MEASURE | BIT_ULL(63), 0 },
	  SGX2_VC_FLAGS },
	/* count is OUT only: ignored on input, as mainline does */
	{ "count non-zero", { SRC, 0, PG, 0, 0, PG }, SGX2_VC_OK },
	{ "count 1", { SRC, 0, PG, 0, SGX2_PAGE_MEASURE, 1 }, SGX2_VC_OK },
	{ "count garbage", { SRC, 0, PG, 0, 0, 0xdeadbeefcafef00dULL },
	  SGX2_VC_OK },
	/* two checks broken at once: the first in mainline's order fires */
	{ "src unaligned + offset unaligned", { SRC + 1, 1, PG, 0, 0, 0 },
	  SGX2_VC_SRC_ALIGN },
	{ "src unaligned + outside", { SRC + 1, ENCL, PG, 0, 0, 0 },
	  SGX2_VC_SRC_ALIGN },
	{ "src unaligned + flags", { SRC + 1, 0, PG, 0, 2, 0 },
	  SGX2_VC_SRC_ALIGN },
	{ "outside + flags", { SRC, ENCL, PG, 0, 2, 0 }, SGX2_VC_OUTSIDE },
	{ "length 0 + count", { SRC, 0, 0, 0, 0, PG }, SGX2_VC_LENGTH },
	{ "wraps + flags", { SRC, U64_MAX_ - PG + 1, PG, 0, 4, 0 },
	  SGX2_VC_WRAP },
	{ "flags + count", { SRC, 0, PG, 0, 2, PG }, SGX2_VC_FLAGS },
	{ "src unaligned + count", { SRC + 1, 0, PG, 0, 0, PG },
	  SGX2_VC_SRC_ALIGN },
};

START_TEST(test_add_pages)
{
	const struct add_row *r = &add_table[_i];
	enum sgx2_vcheck got = sgx2_check_add_pages(&r->arg, ENCL);

	check_pair(r->name, got, r->want,
		   sgx2_validate_add_pages(&r->arg, ENCL));
}
END_TEST

/* ---- RESTRICT_PERMISSIONS --------------------------------------------- */

struct restrict_row {
	const char *name;
	struct sgx2_enclave_restrict_permissions arg;
	enum sgx2_vcheck want;
};

static const struct restrict_row restrict_table[] = {
	{ "R", { 0, PG, R, 0, 0 }, SGX2_VC_OK },
	{ "RW", { 0, PG, R | W, 0, 0 }, SGX2_VC_OK },
	{ "RX", { 0, PG, R | X, 0, 0 }, SGX2_VC_OK },
	{ "RWX, whole enclave", { 0, ENCL, R | W | X, 0, 0 }, SGX2_VC_OK },
	{ "none", { 0, PG, 0, 0, 0 }, SGX2_VC_OK },
	{ "X", { 0, PG, X, 0, 0 }, SGX2_VC_OK },
	{ "all zero (probe)", { 0, 0, 0, 0, 0 }, SGX2_VC_LENGTH },
	{ "one page past the end", { ENCL - PG, 2 * PG, R, 0, 0 },
	  SGX2_VC_OUTSIDE },
	{ "permission bit 3", { 0, PG, R | BIT_ULL(3), 0, 0 }, SGX2_VC_PERM },
	{ "permission bit 8", { 0, PG, R | BIT_ULL(8), 0, 0 }, SGX2_VC_PERM },
	{ "W", { 0, PG, W, 0, 0 }, SGX2_VC_W_NO_R },
	{ "WX", { 0, PG, W | X, 0, 0 }, SGX2_VC_W_NO_R },
	{ "result non-zero", { 0, PG, R, 1, 0 }, SGX2_VC_OUT },
	{ "count non-zero", { 0, PG, R, 0, PG }, SGX2_VC_OUT },
	/* two checks broken at once: the first in mainline's order fires */
	{ "outside + permission bit 3", { ENCL, PG, BIT_ULL(3), 0, 0 },
	  SGX2_VC_OUTSIDE },
	{ "length 0 + W", { 0, 0, W, 0, 0 }, SGX2_VC_LENGTH },
	{ "offset unaligned + result", { 1, PG, R, 1, 0 },
	  SGX2_VC_OFFSET_ALIGN },
	{ "permission bit 3 + W", { 0, PG, W | BIT_ULL(3), 0, 0 },
	  SGX2_VC_PERM },
	{ "permission bit 3 + count", { 0, PG, R | BIT_ULL(3), 0, PG },
	  SGX2_VC_PERM },
	{ "W + result", { 0, PG, W, 11, 0 }, SGX2_VC_W_NO_R },
	{ "wraps + count", { U64_MAX_ - PG + 1, 2 * PG, R, 0, PG },
	  SGX2_VC_WRAP },
};

START_TEST(test_restrict)
{
	const struct restrict_row *r = &restrict_table[_i];
	enum sgx2_vcheck got = sgx2_check_restrict(&r->arg, ENCL);

	check_pair(r->name, got, r->want,
		   sgx2_validate_restrict(&r->arg, ENCL));
}
END_TEST

/* ---- MODIFY_TYPES ----------------------------------------------------- */

struct modt_row {
	const char *name;
	struct sgx2_enclave_modify_types arg;
	enum sgx2_vcheck want;
};

static const struct modt_row modt_table[] = {
	{ "TCS", { 0, PG, SGX2_PAGE_TYPE_TCS, 0, 0 }, SGX2_VC_OK },
	{ "TRIM, whole enclave", { 0, ENCL, SGX2_PAGE_TYPE_TRIM, 0, 0 },
	  SGX2_VC_OK },
	/* the target type is checked later (sgx2_modt_target_ok) */
	{ "REG passes the up-front checks", { 0, PG, SGX2_PAGE_TYPE_REG, 0, 0 },
	  SGX2_VC_OK },
	{ "0xff passes the up-front checks", { 0, PG, 0xff, 0, 0 },
	  SGX2_VC_OK },
	{ "all zero (probe)", { 0, 0, 0, 0, 0 }, SGX2_VC_LENGTH },
	{ "one page past the end", { ENCL - PG, 2 * PG, SGX2_PAGE_TYPE_TRIM,
	  0, 0 }, SGX2_VC_OUTSIDE },
	{ "type 0x100", { 0, PG, 0x100, 0, 0 }, SGX2_VC_PAGE_TYPE },
	{ "type TRIM | bit 63", { 0, PG, SGX2_PAGE_TYPE_TRIM | BIT_ULL(63),
	  0, 0 }, SGX2_VC_PAGE_TYPE },
	{ "result non-zero", { 0, PG, SGX2_PAGE_TYPE_TRIM, 1, 0 },
	  SGX2_VC_OUT },
	{ "count non-zero", { 0, PG, SGX2_PAGE_TYPE_TRIM, 0, PG },
	  SGX2_VC_OUT },
	/* two checks broken at once: the first in mainline's order fires */
	{ "outside + type 0x100", { ENCL, PG, 0x100, 0, 0 }, SGX2_VC_OUTSIDE },
	{ "length 0 + count", { 0, 0, SGX2_PAGE_TYPE_TRIM, 0, PG },
	  SGX2_VC_LENGTH },
	{ "type 0x104 + result", { 0, PG, 0x104, 1, 0 }, SGX2_VC_PAGE_TYPE },
	{ "offset unaligned + type 0x100", { 2, PG, 0x100, 0, 0 },
	  SGX2_VC_OFFSET_ALIGN },
};

START_TEST(test_modify_types)
{
	const struct modt_row *r = &modt_table[_i];
	enum sgx2_vcheck got = sgx2_check_modify_types(&r->arg, ENCL);

	check_pair(r->name, got, r->want,
		   sgx2_validate_modify_types(&r->arg, ENCL));
}
END_TEST

struct modt_type_row {
	u64 from;		/* current type; ignored by the target test */
	u64 to;
	bool target_ok;
	bool transition_ok;
};

static const struct modt_type_row modt_type_table[] = {
	{ SGX2_PAGE_TYPE_REG, SGX2_PAGE_TYPE_TCS, true, true },
	{ SGX2_PAGE_TYPE_REG, SGX2_PAGE_TYPE_TRIM, true, true },
	{ SGX2_PAGE_TYPE_TCS, SGX2_PAGE_TYPE_TRIM, true, true },
	{ SGX2_PAGE_TYPE_TCS, SGX2_PAGE_TYPE_TCS, true, false },
	{ SGX2_PAGE_TYPE_TRIM, SGX2_PAGE_TYPE_TRIM, true, false },
	{ SGX2_PAGE_TYPE_TRIM, SGX2_PAGE_TYPE_TCS, true, false },
	{ SGX2_PAGE_TYPE_SECS, SGX2_PAGE_TYPE_TRIM, true, false },
	{ SGX2_PAGE_TYPE_VA, SGX2_PAGE_TYPE_TRIM, true, false },
	{ SGX2_PAGE_TYPE_REG, SGX2_PAGE_TYPE_REG, false, false },
	{ SGX2_PAGE_TYPE_TCS, SGX2_PAGE_TYPE_REG, false, false },
	{ SGX2_PAGE_TYPE_REG, SGX2_PAGE_TYPE_SECS, false, false },
	{ SGX2_PAGE_TYPE_REG, SGX2_PAGE_TYPE_VA, false, false },
	{ SGX2_PAGE_TYPE_REG, 5, false, false },
	{ SGX2_PAGE_TYPE_REG, 0xff, false, false },
	{ SGX2_PAGE_TYPE_REG, 0x101, false, false },
	{ SGX2_PAGE_TYPE_REG, 0x104, false, false },
};

START_TEST(test_modt_types)
{
	const struct modt_type_row *r = &modt_type_table[_i];

	ck_assert_msg(sgx2_modt_target_ok(r->to) == r->target_ok,
		      "target %#llx", (unsigned long long)r->to);
	ck_assert_msg(sgx2_modt_transition_ok(r->from, r->to) ==
		      r->transition_ok, "%#llx -> %#llx",
		      (unsigned long long)r->from, (unsigned long long)r->to);
}
END_TEST

/* ---- REMOVE_PAGES and AUGMENT_PAGES (same layout) --------------------- */

struct count_row {
	const char *name;
	u64 offset;
	u64 length;
	u64 count;
	enum sgx2_vcheck want;
};

static const struct count_row count_table[] = {
	{ "one page", 0, PG, 0, SGX2_VC_OK },
	{ "whole enclave", 0, ENCL, 0, SGX2_VC_OK },
	{ "last page", ENCL - PG, PG, 0, SGX2_VC_OK },
	{ "all zero (probe)", 0, 0, 0, SGX2_VC_LENGTH },
	{ "one page past the end", ENCL - PG, 2 * PG, 0, SGX2_VC_OUTSIDE },
	{ "offset unaligned", 4, PG, 0, SGX2_VC_OFFSET_ALIGN },
	{ "wraps", U64_MAX_ - PG + 1, PG, 0, SGX2_VC_WRAP },
	{ "count non-zero", 0, PG, PG, SGX2_VC_OUT },
	{ "count 1", 0, PG, 1, SGX2_VC_OUT },
	/* two checks broken at once: the first in mainline's order fires */
	{ "outside + count", ENCL, PG, PG, SGX2_VC_OUTSIDE },
	{ "length 0 + count", 0, 0, PG, SGX2_VC_LENGTH },
	{ "wraps + count", U64_MAX_ - PG + 1, 2 * PG, 1, SGX2_VC_WRAP },
};

START_TEST(test_remove_pages)
{
	const struct count_row *r = &count_table[_i];
	struct sgx2_enclave_remove_pages arg = {
		.offset = r->offset, .length = r->length, .count = r->count,
	};
	enum sgx2_vcheck got = sgx2_check_remove_pages(&arg, ENCL);

	check_pair(r->name, got, r->want,
		   sgx2_validate_remove_pages(&arg, ENCL));
}
END_TEST

START_TEST(test_augment_pages)
{
	const struct count_row *r = &count_table[_i];
	struct sgx2_enclave_augment_pages arg = {
		.offset = r->offset, .length = r->length, .count = r->count,
	};
	enum sgx2_vcheck got = sgx2_check_augment_pages(&arg, ENCL);

	check_pair(r->name, got, r->want,
		   sgx2_validate_augment_pages(&arg, ENCL));
}
END_TEST

/* ---- names ------------------------------------------------------------ */

START_TEST(test_vcheck_names)
{
	const char *name = sgx2_vcheck_name((enum sgx2_vcheck)_i);
	int j;

	ck_assert_msg(name && *name, "check %d has no name", _i);
	for (j = 0; j < _i; j++)
		ck_assert_msg(strcmp(name, sgx2_vcheck_name((enum sgx2_vcheck)j)),
			      "checks %d and %d share a name", j, _i);
}
END_TEST

START_TEST(test_vcheck_name_range)
{
	ck_assert_ptr_null(sgx2_vcheck_name(SGX2_VC_NR));
	ck_assert_ptr_null(sgx2_vcheck_name((enum sgx2_vcheck)(SGX2_VC_NR + 7)));
	ck_assert_str_eq(sgx2_vcheck_name(SGX2_VC_OK), "ok");
}
END_TEST

Suite *validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("validate");

	tcase_add_loop_test(tc, test_range, 0, N(range_table));
	tcase_add_loop_test(tc, test_ssa_frame_pages, 0, N(ssa_table));
	tcase_add_loop_test(tc, test_secs, 0, N(secs_table));
	tcase_add_test(tc, test_secs_la57);
	tcase_add_loop_test(tc, test_secinfo, 0, N(secinfo_table));
	tcase_add_loop_test(tc, test_add_pages, 0, N(add_table));
	tcase_add_loop_test(tc, test_restrict, 0, N(restrict_table));
	tcase_add_loop_test(tc, test_modify_types, 0, N(modt_table));
	tcase_add_loop_test(tc, test_modt_types, 0, N(modt_type_table));
	tcase_add_loop_test(tc, test_remove_pages, 0, N(count_table));
	tcase_add_loop_test(tc, test_augment_pages, 0, N(count_table));
	tcase_add_loop_test(tc, test_vcheck_names, 0, SGX2_VC_NR);
	tcase_add_test(tc, test_vcheck_name_range);
	suite_add_tcase(s, tc);
	return s;
}
