/* SPDX-License-Identifier: GPL-2.0 */
/*
 * encl.h - the enclave object: one per open() of /dev/sgx2_edmm.
 */
#ifndef SGX2_ENCL_H
#define SGX2_ENCL_H

#include <linux/kref.h>
#include <linux/mutex.h>

#include "pure.h"
#include "stats.h"

/**
 * enum sgx2_encl_flags - bit numbers in sgx2_encl.flags
 * @SGX2_ENCL_IOCTL:		an enclave ioctl is in flight (-EBUSY to others)
 * @SGX2_ENCL_CREATED:		ECREATE succeeded
 * @SGX2_ENCL_INITIALIZED:	EINIT succeeded
 */
enum sgx2_encl_flags {
	SGX2_ENCL_IOCTL,
	SGX2_ENCL_CREATED,
	SGX2_ENCL_INITIALIZED,
};

/**
 * struct sgx2_encl - an enclave
 * @flags:	enum sgx2_encl_flags bits
 * @refcount:	the file holds one reference; mappings will hold more
 * @lock:	protects the enclave's pages and @policy.  Lock order:
 *		mmap_lock, then @lock; PTEs are never zapped under @lock.
 * @policy:	batching policy of this enclave (never SGX2_POLICY_DEFAULT)
 * @stats:	this enclave's counters
 */
struct sgx2_encl {
	unsigned long flags;
	struct kref refcount;
	struct mutex lock;	/* see the lock order above */
	struct sgx2_enclave_policy policy;
	struct sgx2_stats stats;
};

struct sgx2_encl *sgx2_encl_alloc(void);
void sgx2_encl_put(struct sgx2_encl *encl);

#endif /* SGX2_ENCL_H */
