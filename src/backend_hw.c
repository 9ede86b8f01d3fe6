// SPDX-License-Identifier: GPL-2.0
/*
 * backend_hw.c - the hardware backend: real ENCLS, in-kernel EPC allocator.
 *
 * This is the only code that needs an SGX2 CPU.  Its probe refuses cleanly
 * on any machine it cannot serve.
 */
#include <asm/cpufeature.h>

#include "sgx2_edmm.h"

static int sgx2_hw_probe(const char **why)
{
	if (!boot_cpu_has(X86_FEATURE_SGX)) {
		*why = "the CPU has no SGX, or the kernel or firmware disabled it";
		return -ENODEV;
	}
	if (!boot_cpu_has(X86_FEATURE_SGX2)) {
		*why = "the CPU has SGX1 but not SGX2";
		return -ENODEV;
	}
	/* EPC allocator binding and ENCLS wrappers are not in this version. */
	*why = "this version of the module has no hardware backend yet";
	return -ENODEV;
}

static void sgx2_hw_remove(void)
{
}

const struct sgx2_backend sgx2_hw_backend = {
	.name	= "hw",
	.probe	= sgx2_hw_probe,
	.remove	= sgx2_hw_remove,
};
