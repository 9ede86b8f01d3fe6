// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module parameters, backend selection, load and unload.
 *
 * backend=auto picks hw when the CPU has SGX2 and the in-kernel EPC
 * allocator is usable; otherwise the load fails with one pr_err line that
 * says why and how to load the software model instead.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/spinlock.h>

#include "sgx2_edmm.h"
#include "budget.h"
#include "policy.h"

static char *backend = "auto";
module_param(backend, charp, 0444);
MODULE_PARM_DESC(backend, "auto (default), hw or sim");

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

const struct sgx2_backend *sgx2_backend;

static int __init sgx2_select_backend(void)
{
	const struct sgx2_backend *b;
	const char *why = "unknown reason";
	bool is_auto = !strcmp(backend, "auto");

	if (is_auto || !strcmp(backend, "hw")) {
		b = &sgx2_hw_backend;
	} else if (!strcmp(backend, "sim")) {
		b = &sgx2_sim_backend;
	} else {
		pr_err("unknown backend=%s; use auto, hw or sim\n", backend);
		return -EINVAL;
	}

	if (b->probe(&why)) {
		if (is_auto)
			pr_err("no usable SGX2 hardware (%s); load with backend=sim for the software SGX2 model\n",
			       why);
		else
			pr_err("backend=%s unavailable: %s\n", b->name, why);
		return -ENODEV;
	}

	sgx2_backend = b;
	return 0;
}

static int __init sgx2_init(void)
{
	int ret;

	ret = sgx2_select_backend();
	if (ret)
		return ret;

	ret = sgx2_budget_init();
	if (ret)
		goto err_backend;

	ret = sgx2_driver_init();
	if (ret) {
		pr_err("cannot register /dev/%s: %d\n", SGX2_EDMM_DEVICE_NAME, ret);
		goto err_backend;
	}

	pr_info("version %s, backend %s\n", SGX2_EDMM_VERSION, sgx2_backend->name);
	return 0;

err_backend:
	sgx2_backend->remove();
	return ret;
}

static void __exit sgx2_exit(void)
{
	sgx2_driver_exit();
	sgx2_backend->remove();
}

module_init(sgx2_init);
module_exit(sgx2_exit);

MODULE_DESCRIPTION("SGX2 enclave dynamic memory management (EAUG, EMODPR, EMODT, EREMOVE) with batched tracking");
MODULE_LICENSE("GPL");
MODULE_VERSION(SGX2_EDMM_VERSION);
