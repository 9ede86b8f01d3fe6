// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl.c - the enclave ioctls of /dev/sgx2_edmm.
 *
 * Every handler has one shape: readiness check, copy_from_user, validation
 * of every field (reserved and OUT fields must be zero), worker,
 * copy_to_user.  Errno order follows mainline where mainline defines it
 * (arch/x86/kernel/cpu/sgx/ioctl.c), because runtimes probe it.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "sgx2_edmm.h"
#include "encl.h"
#include "policy.h"
#include "stats.h"

/*
 * Mainline's readiness check of the SGX2 ioctls, before anything is copied
 * from user space: no SGX2 -> ENODEV, enclave not initialized -> EINVAL.
 * Intel PSW, Gramine and Enarx probe EDMM support through exactly this on a
 * fresh fd.
 */
static int sgx2_ioc_sgx2_ready(struct sgx2_encl *encl)
{
	if (!(sgx2_backend->caps & SGX2_CAP_SGX2))
		return -ENODEV;

	if (!test_bit(SGX2_ENCL_INITIALIZED, &encl->flags))
		return -EINVAL;

	return 0;
}

/**
 * sgx2_ioc_enclave_sgx2() - SGX2_IOC_ENCLAVE_{RESTRICT_PERMISSIONS,
 *			     MODIFY_TYPES,REMOVE_PAGES,AUGMENT_PAGES}
 * @encl:	the enclave
 *
 * The SGX1 lifecycle ioctls that make an enclave initialized are not part
 * of this version, so no enclave can pass the readiness check yet and the
 * check is the whole answer.
 *
 * Return:
 * * -ENODEV - the backend has no SGX2
 * * -EINVAL - the enclave is not initialized
 */
static long sgx2_ioc_enclave_sgx2(struct sgx2_encl *encl)
{
	int ret = sgx2_ioc_sgx2_ready(encl);

	return ret ? ret : -EINVAL;
}

/**
 * sgx2_ioc_enclave_stats() - handler for SGX2_IOC_ENCLAVE_STATS
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_stats
 *
 * Reads the enclave's counters, or the module's with SGX2_STATS_GLOBAL.
 * May run while another ioctl of the same enclave is in flight.
 *
 * Return:
 * * 0 - @arg->value[0 .. @arg->nr - 1] hold the counters
 * * -EFAULT - @arg cannot be read or written
 * * -EINVAL - an unknown flag, or a non-zero OUT field
 * * -ENOMEM - out of memory
 */
static long sgx2_ioc_enclave_stats(struct sgx2_encl *encl, void __user *arg)
{
	struct sgx2_enclave_stats *st;
	long ret = 0;
	int i;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;

	if (copy_from_user(st, arg, sizeof(*st))) {
		ret = -EFAULT;
		goto out;
	}

	if ((st->flags & ~SGX2_STATS_GLOBAL) || st->nr) {
		ret = -EINVAL;
		goto out;
	}
	for (i = 0; i < SGX2_STAT_MAX; i++) {
		if (st->value[i]) {
			ret = -EINVAL;
			goto out;
		}
	}

	sgx2_stats_read(st->flags & SGX2_STATS_GLOBAL ? sgx2_stats_global() :
			&encl->stats, st);

	if (copy_to_user(arg, st, sizeof(*st)))
		ret = -EFAULT;
out:
	kfree(st);
	return ret;
}

/**
 * sgx2_ioc_enclave_set_policy() - handler for SGX2_IOC_ENCLAVE_SET_POLICY
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_policy
 *
 * SGX2_POLICY_DEFAULT takes the policy of the module parameter
 * batch_policy at the time of the call; fault_around is taken as given.
 *
 * Return:
 * * 0 - the policy applies to the enclave's next operations
 * * -EFAULT - @arg cannot be read
 * * -EINVAL - see sgx2_policy_validate()
 */
static long sgx2_ioc_enclave_set_policy(struct sgx2_encl *encl,
					void __user *arg)
{
	struct sgx2_enclave_policy p;
	int ret;

	if (copy_from_user(&p, arg, sizeof(p)))
		return -EFAULT;

	ret = sgx2_policy_validate(&p, true);
	if (ret)
		return ret;

	if (p.policy == SGX2_POLICY_DEFAULT) {
		struct sgx2_enclave_policy def;

		sgx2_default_policy(&def);
		p.policy = def.policy;
		p.chunk = def.chunk;
	}

	mutex_lock(&encl->lock);
	encl->policy = p;
	mutex_unlock(&encl->lock);
	return 0;
}

/**
 * sgx2_ioc_enclave_get_policy() - handler for SGX2_IOC_ENCLAVE_GET_POLICY
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_policy
 *
 * Return:
 * * 0 - @arg holds the policy in force
 * * -EFAULT - @arg cannot be written
 */
static long sgx2_ioc_enclave_get_policy(struct sgx2_encl *encl,
					void __user *arg)
{
	struct sgx2_enclave_policy p;

	mutex_lock(&encl->lock);
	p = encl->policy;
	mutex_unlock(&encl->lock);

	if (copy_to_user(arg, &p, sizeof(p)))
		return -EFAULT;
	return 0;
}

/**
 * sgx2_ioctl() - dispatch an ioctl on an enclave file
 * @filep:	the file of /dev/sgx2_edmm (one enclave)
 * @cmd:	ioctl number
 * @arg:	user argument
 *
 * Read-only extension ioctls run at any time.  The others are serialized
 * per enclave as in mainline: a second one while one is in flight fails
 * with -EBUSY before the command is even looked at.
 *
 * Return: the handler's result; -EBUSY as above; -ENOIOCTLCMD (ENOTTY in
 * user space) for an unknown command.
 */
long sgx2_ioctl(struct file *filep, unsigned int cmd, unsigned long arg)
{
	struct sgx2_encl *encl = filep->private_data;
	void __user *uarg = (void __user *)arg;
	long ret;

	switch (cmd) {
	case SGX2_IOC_ENCLAVE_STATS:
		return sgx2_ioc_enclave_stats(encl, uarg);
	case SGX2_IOC_ENCLAVE_GET_POLICY:
		return sgx2_ioc_enclave_get_policy(encl, uarg);
	}

	if (test_and_set_bit(SGX2_ENCL_IOCTL, &encl->flags))
		return -EBUSY;

	switch (cmd) {
	case SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS:
	case SGX2_IOC_ENCLAVE_MODIFY_TYPES:
	case SGX2_IOC_ENCLAVE_REMOVE_PAGES:
	case SGX2_IOC_ENCLAVE_AUGMENT_PAGES:
		ret = sgx2_ioc_enclave_sgx2(encl);
		break;
	case SGX2_IOC_ENCLAVE_SET_POLICY:
		ret = sgx2_ioc_enclave_set_policy(encl, uarg);
		break;
	default:
		ret = -ENOIOCTLCMD;
		break;
	}

	clear_bit(SGX2_ENCL_IOCTL, &encl->flags);
	return ret;
}
