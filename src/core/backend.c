// SPDX-License-Identifier: GPL-2.0
/*
 * backend.c - the backend module parameter and the backend chosen at load.
 *
 * backend=auto picks hw when the CPU has SGX2 and the in-kernel EPC
 * allocator is usable; otherwise the load fails with one pr_err line that
 * says why and how to load the software model instead.
 *
 * Shared code reaches the backend only through sgx2_backend (backend.h);
 * it knows the two ops tables by their extern declarations alone.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "sgx2_edmm.h"

static char *backend = "auto";
module_param(backend, charp, 0444);
MODULE_PARM_DESC(backend, "auto (default), hw or sim");

const struct sgx2_backend *sgx2_backend;

/**
 * sgx2_select_backend() - probe the backend the module parameter names
 *
 * Return: 0 with sgx2_backend set, -EINVAL for an unknown name, -ENODEV
 * when the backend cannot run here (one pr_err line says why).
 */
int __init sgx2_select_backend(void)
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
