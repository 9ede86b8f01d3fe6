// SPDX-License-Identifier: GPL-2.0
/*
 * check_uapi.c - the UAPI header against the mainline ABI table
 * (sgx2-reference.md section 1) and, field by field, against the
 * distribution's <asm/sgx.h> where that header has the SGX2 ioctls.
 */
#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/sgx2_edmm.h>

#if __has_include(<asm/sgx.h>)
#include <asm/sgx.h>
#endif

struct ioctl_row {
	const char *name;
	unsigned long cmd;
	unsigned long expect;
};

/* Encodings copied from the reference table, not computed. */
static const struct ioctl_row ioctl_table[] = {
	{ "ENCLAVE_CREATE", SGX2_IOC_ENCLAVE_CREATE, 0x4008A400 },
	{ "ENCLAVE_ADD_PAGES", SGX2_IOC_ENCLAVE_ADD_PAGES, 0xC030A401 },
	{ "ENCLAVE_INIT", SGX2_IOC_ENCLAVE_INIT, 0x4008A402 },
	{ "ENCLAVE_PROVISION", SGX2_IOC_ENCLAVE_PROVISION, 0x4008A403 },
	{ "ENCLAVE_RESTRICT_PERMISSIONS", SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, 0xC028A405 },
	{ "ENCLAVE_MODIFY_TYPES", SGX2_IOC_ENCLAVE_MODIFY_TYPES, 0xC028A406 },
	{ "ENCLAVE_REMOVE_PAGES", SGX2_IOC_ENCLAVE_REMOVE_PAGES, 0xC018A407 },
	{ "ENCLAVE_AUGMENT_PAGES", SGX2_IOC_ENCLAVE_AUGMENT_PAGES, 0xC018A409 },
};

START_TEST(test_ioctl_encoding)
{
	const struct ioctl_row *r = &ioctl_table[_i];

	ck_assert_msg(r->cmd == r->expect, "%s: 0x%lx != 0x%lx",
		      r->name, r->cmd, r->expect);
}
END_TEST

START_TEST(test_extensions_above_0x80)
{
	const unsigned long ext[] = {
		SGX2_IOC_ENCLAVE_STATS, SGX2_IOC_ENCLAVE_SET_POLICY,
		SGX2_IOC_ENCLAVE_GET_POLICY, SGX2_IOC_SIM_ENCLU,
	};

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		ck_assert_uint_eq(_IOC_TYPE(ext[i]), 0xA4);
		ck_assert_uint_ge(_IOC_NR(ext[i]), 0x80);
		for (size_t j = 0; j < i; j++)
			ck_assert_uint_ne(_IOC_NR(ext[i]), _IOC_NR(ext[j]));
	}
}
END_TEST

struct field_row {
	const char *name;
	size_t got;
	size_t expect;
};

#define OFF(s, f, e) { #s "." #f, offsetof(struct s, f), e }
#define SZ(s, e) { "sizeof " #s, sizeof(struct s), e }

static const struct field_row layout_table[] = {
	SZ(sgx2_enclave_create, 8),
	OFF(sgx2_enclave_create, src, 0),
	SZ(sgx2_enclave_add_pages, 48),
	OFF(sgx2_enclave_add_pages, src, 0),
	OFF(sgx2_enclave_add_pages, offset, 8),
	OFF(sgx2_enclave_add_pages, length, 16),
	OFF(sgx2_enclave_add_pages, secinfo, 24),
	OFF(sgx2_enclave_add_pages, flags, 32),
	OFF(sgx2_enclave_add_pages, count, 40),
	SZ(sgx2_enclave_init, 8),
	OFF(sgx2_enclave_init, sigstruct, 0),
	SZ(sgx2_enclave_provision, 8),
	OFF(sgx2_enclave_provision, fd, 0),
	SZ(sgx2_enclave_restrict_permissions, 40),
	OFF(sgx2_enclave_restrict_permissions, offset, 0),
	OFF(sgx2_enclave_restrict_permissions, length, 8),
	OFF(sgx2_enclave_restrict_permissions, permissions, 16),
	OFF(sgx2_enclave_restrict_permissions, result, 24),
	OFF(sgx2_enclave_restrict_permissions, count, 32),
	SZ(sgx2_enclave_modify_types, 40),
	OFF(sgx2_enclave_modify_types, offset, 0),
	OFF(sgx2_enclave_modify_types, length, 8),
	OFF(sgx2_enclave_modify_types, page_type, 16),
	OFF(sgx2_enclave_modify_types, result, 24),
	OFF(sgx2_enclave_modify_types, count, 32),
	SZ(sgx2_enclave_remove_pages, 24),
	OFF(sgx2_enclave_remove_pages, offset, 0),
	OFF(sgx2_enclave_remove_pages, length, 8),
	OFF(sgx2_enclave_remove_pages, count, 16),
	SZ(sgx2_enclave_augment_pages, 24),
	OFF(sgx2_enclave_augment_pages, offset, 0),
	OFF(sgx2_enclave_augment_pages, length, 8),
	OFF(sgx2_enclave_augment_pages, count, 16),
	SZ(sgx2_enclave_run, 256),
	OFF(sgx2_enclave_run, tcs, 0),
	OFF(sgx2_enclave_run, function, 8),
	OFF(sgx2_enclave_run, exception_vector, 12),
	OFF(sgx2_enclave_run, exception_error_code, 14),
	OFF(sgx2_enclave_run, exception_addr, 16),
	OFF(sgx2_enclave_run, user_handler, 24),
	OFF(sgx2_enclave_run, user_data, 32),
	OFF(sgx2_enclave_run, reserved, 40),
	/* extensions: fixed 8-byte multiples, no implicit padding */
	SZ(sgx2_enclave_stats, 16 + 8 * SGX2_STAT_MAX),
	SZ(sgx2_enclave_policy, 32),
	SZ(sgx2_sim_enclu, 208),
	OFF(sgx2_sim_enclu, gpr, 16),
	OFF(sgx2_sim_enclu, rip, 144),
	OFF(sgx2_sim_enclu, rflags, 152),
	OFF(sgx2_sim_enclu, exception_vector, 160),
	OFF(sgx2_sim_enclu, exception_addr, 168),
};

START_TEST(test_layout)
{
	const struct field_row *r = &layout_table[_i];

	ck_assert_msg(r->got == r->expect, "%s: %zu != %zu",
		      r->name, r->got, r->expect);
}
END_TEST

START_TEST(test_constants)
{
	ck_assert_uint_eq(SGX2_PAGE_MEASURE, 1);
	ck_assert_uint_eq(SGX2_SECINFO_PENDING, 0x08);
	ck_assert_uint_eq(SGX2_SECINFO_MODIFIED, 0x10);
	ck_assert_uint_eq(SGX2_SECINFO_PR, 0x20);
	ck_assert_uint_eq(SGX2_SECINFO_TCS, 0x100);
	ck_assert_uint_eq(SGX2_SECINFO_TRIM, 0x400);
	ck_assert_uint_eq(SGX2_SECINFO_RESERVED_MASK & 0xFFFF, 0x00C0);
	ck_assert_uint_eq(SGX2_EPC_PAGE_CONFLICT, 7);
	ck_assert_uint_eq(SGX2_NOT_TRACKED, 11);
	ck_assert_uint_eq(SGX2_CHILD_PRESENT, 13);
	ck_assert_uint_eq(SGX2_ENCLAVE_ACT, 14);
	ck_assert_uint_eq(SGX2_PREV_TRK_INCMPL, 17);
	ck_assert_uint_eq(SGX2_PAGE_ATTRIBUTES_MISMATCH, 19);
	ck_assert_uint_eq(SGX2_PAGE_NOT_MODIFIABLE, 20);
	ck_assert_uint_eq(SGX2_UNMASKED_EVENT, 128);
	ck_assert_uint_eq(SGX2_ETRACK, 0x0C);
	ck_assert_uint_eq(SGX2_EAUG, 0x0D);
	ck_assert_uint_eq(SGX2_EMODPR, 0x0E);
	ck_assert_uint_eq(SGX2_EMODT, 0x0F);
	ck_assert_uint_eq(SGX2_EACCEPT, 0x05);
	ck_assert_uint_eq(SGX2_EMODPE, 0x06);
	ck_assert_uint_eq(SGX2_EACCEPTCOPY, 0x07);
	/* Counters are appended: an index keeps its meaning. */
	ck_assert_uint_eq(SGX2_STAT_IOCTL_NS, 22);
	ck_assert_uint_eq(SGX2_STAT_FAULT_AROUND_PAGES, 23);
	ck_assert_uint_eq(SGX2_STAT_FAULT_AROUND_WASTE, 24);
	ck_assert_uint_le(SGX2_STAT_NR, SGX2_STAT_MAX);
}
END_TEST

#ifdef SGX_IOC_ENCLAVE_REMOVE_PAGES
/* The distribution's mainline header, where it has the SGX2 ioctls. */
#define SAME(a, b) ck_assert_uint_eq((unsigned long)(a), (unsigned long)(b))
#define SAME_FIELD(s, f) do { \
	SAME(offsetof(struct sgx2_##s, f), offsetof(struct sgx_##s, f)); \
	SAME(sizeof(((struct sgx2_##s *)0)->f), sizeof(((struct sgx_##s *)0)->f)); \
} while (0)

START_TEST(test_against_asm_sgx_h)
{
	SAME(SGX2_IOC_ENCLAVE_CREATE, SGX_IOC_ENCLAVE_CREATE);
	SAME(SGX2_IOC_ENCLAVE_ADD_PAGES, SGX_IOC_ENCLAVE_ADD_PAGES);
	SAME(SGX2_IOC_ENCLAVE_INIT, SGX_IOC_ENCLAVE_INIT);
	SAME(SGX2_IOC_ENCLAVE_PROVISION, SGX_IOC_ENCLAVE_PROVISION);
	SAME(SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, SGX_IOC_ENCLAVE_RESTRICT_PERMISSIONS);
	SAME(SGX2_IOC_ENCLAVE_MODIFY_TYPES, SGX_IOC_ENCLAVE_MODIFY_TYPES);
	SAME(SGX2_IOC_ENCLAVE_REMOVE_PAGES, SGX_IOC_ENCLAVE_REMOVE_PAGES);
	SAME(SGX2_PAGE_MEASURE, SGX_PAGE_MEASURE);
	SAME_FIELD(enclave_add_pages, src);
	SAME_FIELD(enclave_add_pages, offset);
	SAME_FIELD(enclave_add_pages, length);
	SAME_FIELD(enclave_add_pages, secinfo);
	SAME_FIELD(enclave_add_pages, flags);
	SAME_FIELD(enclave_add_pages, count);
	SAME_FIELD(enclave_restrict_permissions, permissions);
	SAME_FIELD(enclave_restrict_permissions, result);
	SAME_FIELD(enclave_restrict_permissions, count);
	SAME_FIELD(enclave_modify_types, page_type);
	SAME_FIELD(enclave_modify_types, result);
	SAME_FIELD(enclave_modify_types, count);
	SAME_FIELD(enclave_remove_pages, count);
	SAME_FIELD(enclave_run, tcs);
	SAME_FIELD(enclave_run, function);
	SAME_FIELD(enclave_run, exception_vector);
	SAME_FIELD(enclave_run, exception_error_code);
	SAME_FIELD(enclave_run, exception_addr);
	SAME_FIELD(enclave_run, user_handler);
	SAME_FIELD(enclave_run, user_data);
	SAME_FIELD(enclave_run, reserved);
	SAME(sizeof(struct sgx2_enclave_run), sizeof(struct sgx_enclave_run));
}
END_TEST
#endif

Suite *uapi_suite(void)
{
	Suite *s = suite_create("uapi");
	TCase *tc = tcase_create("abi");

	tcase_add_loop_test(tc, test_ioctl_encoding, 0,
			    sizeof(ioctl_table) / sizeof(ioctl_table[0]));
	tcase_add_loop_test(tc, test_layout, 0,
			    sizeof(layout_table) / sizeof(layout_table[0]));
	tcase_add_test(tc, test_extensions_above_0x80);
	tcase_add_test(tc, test_constants);
#ifdef SGX_IOC_ENCLAVE_REMOVE_PAGES
	tcase_add_test(tc, test_against_asm_sgx_h);
#endif
	suite_add_tcase(s, tc);
	return s;
}
