// SPDX-License-Identifier: GPL-2.0
/*
 * params.c - the module parameters new enclaves take their policy from
 * (batch_policy, fault_around), read through sgx2_default_policy(); in a
 * bench build also bench_track.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>

#include "sgx2_edmm.h"
#include "policy.h"

/* Policy new enclaves start with; writable at run time for experiments. */
static DEFINE_SPINLOCK(sgx2_policy_lock);
static struct sgx2_enclave_policy sgx2_policy = {
	.policy = SGX2_POLICY_PER_RANGE,
};

static int batch_policy_set(const char *val, const struct kernel_param *kp)
{
	struct sgx2_enclave_policy p;
	int ret;

	ret = sgx2_policy_parse(val, &p);
	if (ret)
		return ret;

	spin_lock(&sgx2_policy_lock);
	sgx2_policy.policy = p.policy;
	sgx2_policy.chunk = p.chunk;
	spin_unlock(&sgx2_policy_lock);
	return 0;
}

static int batch_policy_get(char *buf, const struct kernel_param *kp)
{
	struct sgx2_enclave_policy p;
	int len;

	sgx2_default_policy(&p);
	len = sgx2_policy_format(&p, buf, SGX2_POLICY_STR_MAX);
	if (len < 0)
		return len;
	buf[len++] = '\n';
	buf[len] = '\0';
	return len;
}

static const struct kernel_param_ops batch_policy_ops = {
	.set = batch_policy_set,
	.get = batch_policy_get,
};
module_param_cb(batch_policy, &batch_policy_ops, NULL, 0644);
MODULE_PARM_DESC(batch_policy,
		 "ETRACK batching of new enclaves: per_page, chunk:N or per_range (default)");

static int fault_around_set(const char *val, const struct kernel_param *kp)
{
	unsigned int pages;
	int ret;

	ret = kstrtouint(val, 0, &pages);
	if (ret)
		return ret;
	if (pages > SGX2_FAULT_AROUND_MAX)
		return -EINVAL;

	spin_lock(&sgx2_policy_lock);
	sgx2_policy.fault_around = pages;
	spin_unlock(&sgx2_policy_lock);
	return 0;
}

static int fault_around_get(char *buf, const struct kernel_param *kp)
{
	struct sgx2_enclave_policy p;

	sgx2_default_policy(&p);
	return sysfs_emit(buf, "%u\n", p.fault_around);
}

static const struct kernel_param_ops fault_around_ops = {
	.set = fault_around_set,
	.get = fault_around_get,
};
module_param_cb(fault_around, &fault_around_ops, NULL, 0644);
MODULE_PARM_DESC(fault_around,
		 "largest fault-around window in new enclaves, pages (0-256, default 0 = off)");

#ifdef SGX2_BENCH
/*
 * Bench builds only (SGX2_BENCH=1, see Kbuild): 0 makes every tracking
 * batch of RESTRICT_PERMISSIONS and MODIFY_TYPES skip its ETRACK and IPI
 * round, so that the benchmark can time the same loop without tracking.
 * The pages stay untracked: EACCEPT refuses them until an operation with
 * tracking covers them.
 */
bool sgx2_bench_track = true;
module_param_named(bench_track, sgx2_bench_track, bool, 0644);
MODULE_PARM_DESC(bench_track,
		 "bench build only: 0 = no ETRACK and IPI round in SGX2 range operations (pages stay untracked)");
#endif

/**
 * sgx2_default_policy() - the policy new enclaves start with
 * @p:	receives the module parameters batch_policy and fault_around
 */
void sgx2_default_policy(struct sgx2_enclave_policy *p)
{
	spin_lock(&sgx2_policy_lock);
	*p = sgx2_policy;
	spin_unlock(&sgx2_policy_lock);
}
