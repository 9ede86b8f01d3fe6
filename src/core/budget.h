/* SPDX-License-Identifier: GPL-2.0 */
/*
 * budget.h - the most EPC pages the module's enclaves may hold together.
 */
#ifndef SGX2_BUDGET_H
#define SGX2_BUDGET_H

#include "stats.h"

int sgx2_budget_init(void);
bool sgx2_epc_charge(struct sgx2_stats *encl_stats);
void sgx2_epc_uncharge(struct sgx2_stats *encl_stats);

#endif /* SGX2_BUDGET_H */
