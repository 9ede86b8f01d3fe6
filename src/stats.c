// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - counters per enclave and for the whole module.
 *
 * Every event is counted twice: in the enclave that caused it and in the
 * module-wide set, so the module total survives the enclave.
 */
#include <linux/atomic.h>

#include "stats.h"

static struct sgx2_stats sgx2_global_stats;

/**
 * sgx2_stats_add() - count an event in an enclave and module-wide
 * @encl_stats:	the enclave's counters, or NULL for a module-wide event
 * @i:		which counter
 * @n:		amount (negative for gauges going down)
 */
void sgx2_stats_add(struct sgx2_stats *encl_stats, enum sgx2_stat i, s64 n)
{
	if (encl_stats)
		atomic64_add(n, &encl_stats->value[i]);
	atomic64_add(n, &sgx2_global_stats.value[i]);
}

/**
 * sgx2_stats_read() - copy counters into the user API structure
 * @stats:	counters to read
 * @out:	receives SGX2_STAT_NR values and @out->nr
 *
 * Each counter is read atomically; the set as a whole is not a snapshot.
 */
void sgx2_stats_read(const struct sgx2_stats *stats,
		     struct sgx2_enclave_stats *out)
{
	int i;

	for (i = 0; i < SGX2_STAT_NR; i++)
		out->value[i] = atomic64_read(&stats->value[i]);
	out->nr = SGX2_STAT_NR;
}

/**
 * sgx2_stats_global() - the module-wide counters
 *
 * Return: a pointer valid for the lifetime of the module.
 */
const struct sgx2_stats *sgx2_stats_global(void)
{
	return &sgx2_global_stats;
}
