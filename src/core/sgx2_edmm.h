/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sgx2_edmm.h - module-wide declarations shared by the non-pure files.
 */
#ifndef SGX2_EDMM_H
#define SGX2_EDMM_H

#include <linux/fs.h>
#include <linux/types.h>

#include "../pure.h"
#include "backend.h"

/* backend.c: the backend chosen at load time; never changes after. */
extern const struct sgx2_backend *sgx2_backend;
int sgx2_select_backend(void);

/* params.c: the module parameters batch_policy and fault_around. */
void sgx2_default_policy(struct sgx2_enclave_policy *p);

/* params.c, bench builds only: is tracking switched off (bench_track=0)? */
#ifdef SGX2_BENCH
extern bool sgx2_bench_track;
static inline bool sgx2_bench_untracked(void)
{
	return !READ_ONCE(sgx2_bench_track);
}
#else
static inline bool sgx2_bench_untracked(void)
{
	return false;
}
#endif

/* driver.c, ioctl.c */
int sgx2_driver_init(void);
void sgx2_driver_exit(void);

long sgx2_ioctl(struct file *filep, unsigned int cmd, unsigned long arg);

#endif /* SGX2_EDMM_H */
