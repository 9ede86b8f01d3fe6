/* SPDX-License-Identifier: GPL-2.0 */
/*
 * modify.h - the SGX2 page operations on ranges (modify.c).
 */
#ifndef SGX2_MODIFY_H
#define SGX2_MODIFY_H

#include "encl.h"

/* Most pages handled per hold of the enclave lock (a power of two). */
#define SGX2_LOCK_CHUNK		SGX2_LOCK_PAGES

int sgx2_encl_restrict_permissions(struct sgx2_encl *encl,
				   struct sgx2_enclave_restrict_permissions *p);
int sgx2_encl_modify_types(struct sgx2_encl *encl,
			   struct sgx2_enclave_modify_types *p);
int sgx2_encl_remove_pages(struct sgx2_encl *encl,
			   struct sgx2_enclave_remove_pages *p);
int sgx2_encl_augment_pages(struct sgx2_encl *encl,
			    struct sgx2_enclave_augment_pages *p);

#endif /* SGX2_MODIFY_H */
