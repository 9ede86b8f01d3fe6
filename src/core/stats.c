// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - counters per enclave and for the whole module.
 *
 * Every event is counted twice: in the enclave that caused it and in the
 * module-wide set, so the module total survives the enclave.
 */
#include <linux/atomic.h>
#include <linux/sysfs.h>

#include "stats.h"

static const char * const sgx2_stat_names[SGX2_STAT_NR] = {
	[SGX2_STAT_EPC_PAGES]		= "epc_pages",
	[SGX2_STAT_ECREATE]		= "ecreate",
	[SGX2_STAT_EADD]		= "eadd",
	[SGX2_STAT_EEXTEND]		= "eextend",
	[SGX2_STAT_EINIT]		= "einit",
	[SGX2_STAT_EREMOVE]		= "eremove",
	[SGX2_STAT_ETRACK]		= "etrack",
	[SGX2_STAT_EAUG]		= "eaug",
	[SGX2_STAT_EMODPR]		= "emodpr",
	[SGX2_STAT_EMODT]		= "emodt",
	[SGX2_STAT_EENTER]		= "eenter",
	[SGX2_STAT_ERESUME]		= "eresume",
	[SGX2_STAT_EEXIT]		= "eexit",
	[SGX2_STAT_EACCEPT]		= "eaccept",
	[SGX2_STAT_EACCEPTCOPY]		= "eacceptcopy",
	[SGX2_STAT_EMODPE]		= "emodpe",
	[SGX2_STAT_AEX]			= "aex",
	[SGX2_STAT_IPI_ROUNDS]		= "ipi_rounds",
	[SGX2_STAT_FAULTS]		= "faults",
	[SGX2_STAT_EAUG_FAULTS]		= "eaug_faults",
	[SGX2_STAT_PTE_ZAPS]		= "pte_zaps",
	[SGX2_STAT_PAGES_PROCESSED]	= "pages_processed",
	[SGX2_STAT_IOCTL_NS]		= "ioctl_ns",
	[SGX2_STAT_FAULT_AROUND_PAGES]	= "fault_around_pages",
	[SGX2_STAT_FAULT_AROUND_WASTE]	= "fault_around_waste",
};

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
 * sgx2_stats_inc_below() - count one more of a gauge unless it is at a limit
 * @encl_stats:	the enclave's counters, or NULL for a module-wide event
 * @i:		which counter
 * @limit:	the module-wide value the gauge may not exceed
 *
 * The module-wide value goes up by compare-and-exchange, never above
 * @limit, not even for a moment, however many callers race.
 *
 * Return: true when counted; false, with nothing counted, when the
 * module-wide value is @limit or more.
 */
bool sgx2_stats_inc_below(struct sgx2_stats *encl_stats, enum sgx2_stat i,
			  s64 limit)
{
	atomic64_t *v = &sgx2_global_stats.value[i];
	s64 old = atomic64_read(v);

	do {
		if (old >= limit)
			return false;
	} while (!atomic64_try_cmpxchg(v, &old, old + 1));

	if (encl_stats)
		atomic64_inc(&encl_stats->value[i]);
	return true;
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

/**
 * sgx2_stats_show() - the counters as "name value" lines, for sysfs
 * @stats:	counters to show
 * @buf:	a sysfs page
 *
 * Return: the number of bytes written.
 */
int sgx2_stats_show(const struct sgx2_stats *stats, char *buf)
{
	int i, len = 0;

	for (i = 0; i < SGX2_STAT_NR; i++)
		len += sysfs_emit_at(buf, len, "%s %lld\n", sgx2_stat_names[i],
				     (long long)atomic64_read(&stats->value[i]));
	return len;
}
