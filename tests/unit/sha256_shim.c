// SPDX-License-Identifier: GPL-2.0
/*
 * sha256_shim.c - sgx2_sim_sha256_*() for the unit tests, on OpenSSL.
 *
 * The module implements the same three functions with <crypto/sha2.h>; the
 * model itself contains no cryptography.  SHA256_CTX is plain data, as the
 * model requires (EINIT finalizes a copy of the running state).
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include "sim_model.h"

_Static_assert(sizeof(SHA256_CTX) <= sizeof(struct sgx2_sim_sha256),
	       "struct sgx2_sim_sha256 too small for SHA256_CTX");
_Static_assert(_Alignof(SHA256_CTX) <= _Alignof(struct sgx2_sim_sha256),
	       "struct sgx2_sim_sha256 under-aligned for SHA256_CTX");

void sgx2_sim_sha256_init(struct sgx2_sim_sha256 *s)
{
	SHA256_Init((SHA256_CTX *)s);
}

void sgx2_sim_sha256_update(struct sgx2_sim_sha256 *s, const void *data, size_t len)
{
	SHA256_Update((SHA256_CTX *)s, data, len);
}

void sgx2_sim_sha256_final(struct sgx2_sim_sha256 *s, u8 digest[32])
{
	SHA256_Final(digest, (SHA256_CTX *)s);
}
