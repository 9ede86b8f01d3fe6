// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module load and unload: wires the backend (backend.c), the EPC
 * budget (budget.c) and the character device (driver.c) together.  It
 * defines nothing the rest of the module uses.
 */
#include <linux/module.h>

#include "sgx2_edmm.h"
#include "budget.h"

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
#ifdef SGX2_BENCH
	pr_notice("bench build: bench_track=0 turns tracking off\n");
#endif
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
