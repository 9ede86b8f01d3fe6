/* SPDX-License-Identifier: GPL-2.0 */
/*
 * budget_spec.h - the EPC budget as the module parameter spells it:
 * parsing, resolving to pages, formatting (pure).
 */
#ifndef SGX2_BUDGET_SPEC_H
#define SGX2_BUDGET_SPEC_H

#include "../pure.h"

/* Largest page count the parameter accepts (an EPC of 4 PiB). */
#define SGX2_BUDGET_PAGES_MAX		BIT_ULL(40)
/* Longest string sgx2_budget_format() writes, with its NUL. */
#define SGX2_BUDGET_STR_MAX		24

/**
 * struct sgx2_budget_spec - an EPC budget as written
 * @value:	pages (1 to SGX2_BUDGET_PAGES_MAX), or percent (1 to 100) of
 *		the EPC when @percent
 * @percent:	@value is a percentage
 */
struct sgx2_budget_spec {
	u64 value;
	bool percent;
};

int sgx2_budget_parse(const char *s, struct sgx2_budget_spec *spec);
int sgx2_budget_pages(const struct sgx2_budget_spec *spec, u64 epc_pages,
		      u64 *pages);
int sgx2_budget_format(const struct sgx2_budget_spec *spec, char *buf,
		       size_t len);

#endif /* SGX2_BUDGET_SPEC_H */
