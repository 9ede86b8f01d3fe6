// SPDX-License-Identifier: GPL-2.0
/*
 * sim_sha256.c - the SHA-256 the EPCM model measures enclaves with,
 * backed by the kernel's crypto library (the model implements no crypto;
 * the unit tests back it with OpenSSL instead).
 */
#include <linux/build_bug.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <crypto/sha2.h>

#include "../model/sim_model.h"

static_assert(sizeof(struct sha256_state) <= sizeof(struct sgx2_sim_sha256));
static_assert(__alignof__(struct sha256_state) <= __alignof__(struct sgx2_sim_sha256));

static struct sha256_state *sgx2_sha256_state(struct sgx2_sim_sha256 *s)
{
	return (struct sha256_state *)s->opaque;
}

/**
 * sgx2_sim_sha256_init() - start a measurement
 * @s:	state to initialize
 */
void sgx2_sim_sha256_init(struct sgx2_sim_sha256 *s)
{
	sha256_init(sgx2_sha256_state(s));
}

/**
 * sgx2_sim_sha256_update() - hash more bytes
 * @s:		state
 * @data:	bytes to hash
 * @len:	their number (a 64-byte record or a 256-byte chunk in practice)
 */
void sgx2_sim_sha256_update(struct sgx2_sim_sha256 *s, const void *data,
			    size_t len)
{
	const u8 *p = data;

	while (len) {
		unsigned int n = min_t(size_t, len, SZ_1G);

		sha256_update(sgx2_sha256_state(s), p, n);
		p += n;
		len -= n;
	}
}

/**
 * sgx2_sim_sha256_final() - finish a measurement
 * @s:		state (consumed)
 * @digest:	receives the 32-byte digest
 */
void sgx2_sim_sha256_final(struct sgx2_sim_sha256 *s, u8 digest[32])
{
	sha256_final(sgx2_sha256_state(s), digest);
}
