/* SPDX-License-Identifier: GPL-2.0 */
/*
 * policy.h - batching policy: parsing, validation, formatting (pure).
 */
#ifndef SGX2_POLICY_H
#define SGX2_POLICY_H

#include "../pure.h"

/* Largest chunk:N; bounds the pages covered by one ETRACK. */
#define SGX2_POLICY_CHUNK_MAX		65536
/* Largest fault_around a policy may set, in pages. */
#define SGX2_FAULT_AROUND_MAX		256
/* Longest string sgx2_policy_format() writes, with its NUL. */
#define SGX2_POLICY_STR_MAX		32

int sgx2_policy_validate(const struct sgx2_enclave_policy *p, bool allow_default);
int sgx2_policy_parse(const char *s, struct sgx2_enclave_policy *p);
int sgx2_policy_format(const struct sgx2_enclave_policy *p, char *buf, size_t len);
u32 sgx2_policy_chunk_pages(const struct sgx2_enclave_policy *p, u32 range_pages);

#endif /* SGX2_POLICY_H */
