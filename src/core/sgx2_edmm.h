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

/* The backend chosen at load time; never changes while the module lives. */
extern const struct sgx2_backend *sgx2_backend;

void sgx2_default_policy(struct sgx2_enclave_policy *p);

int sgx2_driver_init(void);
void sgx2_driver_exit(void);

long sgx2_ioctl(struct file *filep, unsigned int cmd, unsigned long arg);

#endif /* SGX2_EDMM_H */
