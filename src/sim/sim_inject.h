/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sim_inject.h - the sim backend's fault-injection setting, as text (pure).
 */
#ifndef SGX2_SIM_INJECT_H
#define SGX2_SIM_INJECT_H

#include "../pure.h"

/* Longest setting accepted, with its NUL. */
#define SGX2_SIM_INJECT_STR_MAX		128

/**
 * struct sgx2_sim_inject_spec - a parsed sim_inject setting
 * @leaf_mask:	BIT_ULL(enum sgx2_stat) of the leaves to hit; 0 = off
 * @outcome:	SGX return code, or SGX2_SIM_FAULT | vector
 * @every:	hit every Nth call (0: not periodically)
 * @threshold:	hit with probability @threshold / 2^32
 * @seed:	PRNG seed
 */
struct sgx2_sim_inject_spec {
	u64 leaf_mask;
	int outcome;
	u32 every;
	u32 threshold;
	u64 seed;
};

int sgx2_sim_inject_parse(const char *s, struct sgx2_sim_inject_spec *spec);

#endif /* SGX2_SIM_INJECT_H */
