// SPDX-License-Identifier: GPL-2.0
/*
 * encl.c - enclave object lifetime.
 */
#include <linux/slab.h>

#include "sgx2_edmm.h"
#include "encl.h"

/**
 * sgx2_encl_alloc() - allocate an empty enclave (no SECS yet)
 *
 * The enclave starts with the module's default batching policy.
 *
 * Return: the enclave with one reference, or NULL when out of memory.
 */
struct sgx2_encl *sgx2_encl_alloc(void)
{
	struct sgx2_encl *encl = kzalloc(sizeof(*encl), GFP_KERNEL);

	if (!encl)
		return NULL;

	kref_init(&encl->refcount);
	mutex_init(&encl->lock);
	sgx2_default_policy(&encl->policy);
	return encl;
}

static void sgx2_encl_release(struct kref *ref)
{
	struct sgx2_encl *encl = container_of(ref, struct sgx2_encl, refcount);

	mutex_destroy(&encl->lock);
	kfree(encl);
}

/**
 * sgx2_encl_put() - drop a reference; the last one frees the enclave
 * @encl:	the enclave
 */
void sgx2_encl_put(struct sgx2_encl *encl)
{
	kref_put(&encl->refcount, sgx2_encl_release);
}
