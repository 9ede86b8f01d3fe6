/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - counters per enclave and for the whole module.
 */
#ifndef SGX2_STATS_H
#define SGX2_STATS_H

#include <linux/atomic.h>

#include "../pure.h"

struct sgx2_stats {
	atomic64_t value[SGX2_STAT_NR];
};

void sgx2_stats_add(struct sgx2_stats *encl_stats, enum sgx2_stat i, s64 n);
bool sgx2_stats_inc_below(struct sgx2_stats *encl_stats, enum sgx2_stat i,
			  s64 limit);
void sgx2_stats_read(const struct sgx2_stats *stats,
		     struct sgx2_enclave_stats *out);
const struct sgx2_stats *sgx2_stats_global(void);
int sgx2_stats_show(const struct sgx2_stats *stats, char *buf);

#endif /* SGX2_STATS_H */
