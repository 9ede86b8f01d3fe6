// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl.c - the enclave ioctls of /dev/sgx2_edmm.
 *
 * Every handler has one shape: readiness check, copy_from_user, validation
 * of every field (reserved and OUT fields must be zero, except the
 * ADD_PAGES count, which mainline ignores on input), worker,
 * copy_to_user.  Errno order follows mainline where mainline defines it
 * (arch/x86/kernel/cpu/sgx/ioctl.c), because runtimes probe it.
 */
#include <asm/processor.h>
#include <asm/sgx.h>
#include <crypto/sha2.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "sgx2_edmm.h"
#include "encl.h"
#include "leaves.h"
#include "modify.h"
#include "policy.h"
#include "stats.h"
#include "validate.h"

/* SECS.ATTRIBUTES bits the driver itself looks at (SDM 34.7). */
#define SGX2_ATTR_DEBUG			BIT_ULL(1)
#define SGX2_ATTR_PROVISIONKEY		BIT_ULL(4)
#define SGX2_ATTR_EINITTOKENKEY		BIT_ULL(5)
/* Attributes an enclave needs no permission for (mainline's UNPRIV mask). */
#define SGX2_ATTR_UNPRIV_MASK		(SGX2_ATTR_DEBUG | SGX2_ATTR_MODE64BIT | \
					 BIT_ULL(7) /* KSS */ | \
					 BIT_ULL(10) /* AEXNOTIFY */)

/* EINIT retries on SGX_UNMASKED_EVENT, as mainline: spin, then sleep. */
#define SGX2_EINIT_SPIN_COUNT		20
#define SGX2_EINIT_SLEEP_COUNT		50
#define SGX2_EINIT_SLEEP_MS		20

#define SGX2_SIGSTRUCT_SIZE		1808
#define SGX2_SIGSTRUCT_VENDOR		16	/* u32 */
#define SGX2_SIGSTRUCT_MODULUS		128	/* 384 bytes */
#define SGX2_SIGSTRUCT_MISCSELECT	900	/* u32, then MISCMASK */
#define SGX2_SIGSTRUCT_ATTRIBUTES	928	/* u64 attrs, u64 xfrm, then masks */
#define SGX2_SIGSTRUCT_ATTRIBUTEMASK	944

/*
 * Bytes of the XSAVE area (standard format) for the features in @xfrm, from
 * CPUID leaf 0xD: the legacy area and header, and every extended component.
 */
static u32 sgx2_xsave_size(u64 xfrm)
{
	u32 size = 512 + 64, eax, ebx, ecx, edx;
	int i;

	for (i = 2; i < 63; i++) {
		if (!(xfrm & BIT_ULL(i)))
			continue;
		cpuid_count(0xd, i, &eax, &ebx, &ecx, &edx);
		if (eax && ebx + eax > size)
			size = ebx + eax;
	}
	return size;
}

/*
 * The errno of a failed sgx2_encl_alloc_epc() for CREATE and ADD_PAGES: a
 * full EPC (or budget) is ENOMEM, as from mainline's allocator when it has
 * nothing to reclaim.
 */
static int sgx2_epc_errno(struct sgx2_epc_page *epc)
{
	return PTR_ERR(epc) == -EBUSY ? -ENOMEM : PTR_ERR(epc);
}

/**
 * sgx2_ioc_enclave_create() - handler for SGX2_IOC_ENCLAVE_CREATE
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_create
 *
 * Validates the SECS against what the backend supports (mainline's
 * sgx_validate_secs() checks and order) and runs ECREATE.
 *
 * Return:
 * * 0 - the enclave is created
 * * -EINVAL - already created, or an invalid SECS
 * * -EFAULT - @arg or the SECS cannot be read
 * * -ENOMEM - out of memory, the EPC is full or the EPC budget reached
 * * -EIO - ECREATE failed
 */
static long sgx2_ioc_enclave_create(struct sgx2_encl *encl, void __user *arg)
{
	struct sgx2_enclave_create create_arg;
	struct sgx2_secs_limits lim;
	struct sgx2_epc_page *epc;
	struct sgx2_secs *secs;
	long ret;

	if (test_bit(SGX2_ENCL_CREATED, &encl->flags))
		return -EINVAL;

	if (copy_from_user(&create_arg, arg, sizeof(create_arg)))
		return -EFAULT;

	secs = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!secs)
		return -ENOMEM;

	if (copy_from_user(secs, u64_to_user_ptr(create_arg.src), PAGE_SIZE)) {
		ret = -EFAULT;
		goto out;
	}

	sgx2_backend->limits(&lim);
	if (sgx2_validate_secs(secs, &lim, sgx2_xsave_size(secs->xfrm))) {
		ret = -EINVAL;
		goto out;
	}

	epc = sgx2_encl_alloc_epc(encl);
	if (IS_ERR(epc)) {
		ret = sgx2_epc_errno(epc);
		goto out;
	}

	mutex_lock(&encl->lock);
	ret = sgx2_ecreate(encl, epc, secs);
	if (ret) {
		mutex_unlock(&encl->lock);
		sgx2_encl_free_epc(encl, epc, false);
		pr_debug("ECREATE failed: %#lx\n", ret);
		ret = ret < 0 ? ret : -EIO;
		goto out;
	}
	encl->secs = epc;
	encl->base = secs->base;
	encl->size = secs->size;
	encl->attributes = secs->attributes;
	if (secs->attributes & SGX2_ATTR_DEBUG)
		set_bit(SGX2_ENCL_DEBUG, &encl->flags);
	set_bit(SGX2_ENCL_CREATED, &encl->flags);
	mutex_unlock(&encl->lock);
	ret = 0;
out:
	kfree(secs);
	return ret;
}

/*
 * EADD one page from @src (a kernel copy) and, if asked, EEXTEND it.  The
 * page is inserted before EADD so that running out of memory cannot leave
 * a measured page the driver does not know of.
 */
static int sgx2_encl_add_page(struct sgx2_encl *encl, unsigned long offset,
			      const void *src, const struct sgx2_secinfo *secinfo,
			      u64 flags)
{
	unsigned int type = (secinfo->flags & SGX2_SECINFO_PAGE_TYPE_MASK) >>
			    SGX2_SECINFO_PAGE_TYPE_SHIFT;
	unsigned long prot = secinfo->flags & SGX2_SECINFO_PERMISSION_MASK;
	unsigned long addr = encl->base + offset;
	struct sgx2_encl_page *entry;
	struct sgx2_epc_page *epc;
	unsigned int off;
	int ret;

	/*
	 * A TCS has no EPCM permissions, but the VMA that holds it is RW (the
	 * CPU reaches it): vet it RW, as mainline does.
	 */
	if (type == SGX2_PAGE_TYPE_TCS)
		prot = VM_READ | VM_WRITE;

	entry = sgx2_encl_page_alloc(addr, prot, type);
	if (IS_ERR(entry))
		return PTR_ERR(entry);

	epc = sgx2_encl_alloc_epc(encl);
	if (IS_ERR(epc)) {
		kfree(entry);
		return sgx2_epc_errno(epc);
	}

	mutex_lock(&encl->lock);
	ret = xa_insert(&encl->page_array, PFN_DOWN(addr), entry, GFP_KERNEL);
	if (ret)	/* -EBUSY: already added, as mainline */
		goto err_unlock;

	ret = sgx2_eadd(encl, epc, addr, src, secinfo);
	if (ret) {
		pr_debug("EADD at %#lx failed: %#x\n", addr, ret);
		ret = ret < 0 ? ret : -EIO;
		goto err_erase;
	}
	entry->epc_page = epc;

	if (flags & SGX2_PAGE_MEASURE) {
		for (off = 0; off < PAGE_SIZE; off += 256) {
			ret = sgx2_eextend(encl, epc, off);
			if (ret) {
				pr_debug("EEXTEND at %#lx failed: %#x\n",
					 addr + off, ret);
				ret = ret < 0 ? ret : -EIO;
				entry->epc_page = NULL;
				xa_erase(&encl->page_array, PFN_DOWN(addr));
				sgx2_encl_free_epc(encl, epc, true);
				mutex_unlock(&encl->lock);
				kfree(entry);
				return ret;
			}
		}
	}
	mutex_unlock(&encl->lock);
	return 0;

err_erase:
	xa_erase(&encl->page_array, PFN_DOWN(addr));
err_unlock:
	mutex_unlock(&encl->lock);
	sgx2_encl_free_epc(encl, epc, false);
	kfree(entry);
	return ret;
}

/* Mainline refuses source pages from noexec mappings. */
static int sgx2_check_src(unsigned long src)
{
	struct vm_area_struct *vma;
	int ret = 0;

	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, src);
	if (!vma || vma->vm_start > src)
		ret = -EFAULT;
	else if (!(vma->vm_flags & VM_MAYEXEC))
		ret = -EACCES;
	mmap_read_unlock(current->mm);
	return ret;
}

/**
 * sgx2_ioc_enclave_add_pages() - handler for SGX2_IOC_ENCLAVE_ADD_PAGES
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_add_pages
 *
 * Adds @arg->length bytes from @arg->src at @arg->offset, each page with
 * the same SECINFO, measured when SGX2_PAGE_MEASURE is set.  @arg->count
 * reports the bytes added, also when the call fails part way.
 *
 * Return:
 * * 0 - every page was added
 * * -EINVAL - not created, already initialized, or an invalid field or
 *   SECINFO
 * * -EFAULT - @arg, the SECINFO or a source page cannot be read
 * * -EACCES - a source page is in a noexec mapping
 * * -EBUSY - a page is already there
 * * -ENOMEM - out of memory, the EPC is full or the EPC budget reached
 * * -ERESTARTSYS - a signal arrived before the first page
 * * -EIO - EADD or EEXTEND failed
 */
static long sgx2_ioc_enclave_add_pages(struct sgx2_encl *encl, void __user *arg)
{
	struct sgx2_enclave_add_pages add_arg;
	struct sgx2_secinfo *secinfo;
	unsigned long c;
	long ret = 0;
	void *buf;

	if (!test_bit(SGX2_ENCL_CREATED, &encl->flags) ||
	    test_bit(SGX2_ENCL_INITIALIZED, &encl->flags))
		return -EINVAL;

	if (copy_from_user(&add_arg, arg, sizeof(add_arg)))
		return -EFAULT;

	if (sgx2_validate_add_pages(&add_arg, encl->size))
		return -EINVAL;

	/* One page: the copy of the source, then the SECINFO (64-aligned). */
	buf = (void *)__get_free_pages(GFP_KERNEL, 1);
	if (!buf)
		return -ENOMEM;
	secinfo = buf + PAGE_SIZE;

	if (copy_from_user(secinfo, u64_to_user_ptr(add_arg.secinfo),
			   sizeof(*secinfo))) {
		ret = -EFAULT;
		goto out;
	}
	if (sgx2_validate_secinfo((const struct sgx2_secinfo_raw *)secinfo)) {
		ret = -EINVAL;
		goto out;
	}

	for (c = 0; c < add_arg.length; c += PAGE_SIZE) {
		if (signal_pending(current)) {
			if (!c)
				ret = -ERESTARTSYS;
			break;
		}
		cond_resched();

		ret = sgx2_check_src(add_arg.src + c);
		if (ret)
			break;
		if (copy_from_user(buf, u64_to_user_ptr(add_arg.src + c),
				   PAGE_SIZE)) {
			ret = -EFAULT;
			break;
		}
		ret = sgx2_encl_add_page(encl, add_arg.offset + c, buf, secinfo,
					 add_arg.flags);
		if (ret)
			break;
	}

	add_arg.count = c;
	if (copy_to_user(arg, &add_arg, sizeof(add_arg)))
		ret = -EFAULT;
out:
	free_pages((unsigned long)buf, 1);
	return ret;
}

/* EINIT, retried on SGX_UNMASKED_EVENT as mainline does. Lock held. */
static int sgx2_encl_einit(struct sgx2_encl *encl, const void *sigstruct,
			   const void *token, const u64 *mrsigner)
{
	int i, j, ret = SGX2_UNMASKED_EVENT;

	for (i = 0; i < SGX2_EINIT_SLEEP_COUNT; i++) {
		for (j = 0; j < SGX2_EINIT_SPIN_COUNT; j++) {
			ret = sgx2_einit(encl, sigstruct, token, mrsigner);
			if (ret != SGX2_UNMASKED_EVENT)
				return ret;
		}
		msleep_interruptible(SGX2_EINIT_SLEEP_MS);
		if (signal_pending(current))
			return -ERESTARTSYS;
	}
	return ret;
}

/**
 * sgx2_ioc_enclave_init() - handler for SGX2_IOC_ENCLAVE_INIT
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_init
 *
 * Checks the SIGSTRUCT as mainline does and runs EINIT.  An EINIT that
 * returns an SGX error (a wrong MRENCLAVE, a bad signature) is logged with
 * its code and refused with -EPERM, as mainline refuses a bad SIGSTRUCT.
 *
 * Return:
 * * 0 - the enclave is initialized
 * * -EINVAL - not created, already initialized, SIGSTRUCT.VENDOR not 0 or
 *   0x8086, or attributes, MISCSELECT or XFRM the platform cannot enforce
 * * -EACCES - the enclave asks for attributes it was not allowed
 *   (PROVISIONKEY without SGX2_IOC_ENCLAVE_PROVISION)
 * * -EFAULT - @arg or the SIGSTRUCT cannot be read
 * * -ENOMEM - out of memory
 * * -EPERM - EINIT returned an SGX error
 * * -ERESTARTSYS - a signal interrupted the EINIT retries
 * * -EIO - EINIT faulted
 */
static long sgx2_ioc_enclave_init(struct sgx2_encl *encl, void __user *arg)
{
	struct sgx2_enclave_init init_arg;
	struct sgx2_secs_limits lim;
	u64 mrsigner[4], attr, attr_mask, xfrm, xfrm_mask;
	u32 misc, misc_mask, vendor;
	void *sigstruct, *token;
	long ret;

	if (!test_bit(SGX2_ENCL_CREATED, &encl->flags) ||
	    test_bit(SGX2_ENCL_INITIALIZED, &encl->flags))
		return -EINVAL;

	if (copy_from_user(&init_arg, arg, sizeof(init_arg)))
		return -EFAULT;

	/* SIGSTRUCT page aligned, EINITTOKEN 512-byte aligned behind it. */
	sigstruct = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!sigstruct)
		return -ENOMEM;
	token = sigstruct + PAGE_SIZE / 2;

	if (copy_from_user(sigstruct, u64_to_user_ptr(init_arg.sigstruct),
			   SGX2_SIGSTRUCT_SIZE)) {
		ret = -EFAULT;
		goto out;
	}

	/* The CPU only knows these two legacy vendor values. */
	memcpy(&vendor, sigstruct + SGX2_SIGSTRUCT_VENDOR, sizeof(vendor));
	if (vendor != 0x0000 && vendor != 0x8086) {
		ret = -EINVAL;
		goto out;
	}

	/* Deny attributes that have not been explicitly allowed. */
	attr_mask = SGX2_ATTR_UNPRIV_MASK;
	if (test_bit(SGX2_ENCL_PROVISION, &encl->flags))
		attr_mask |= SGX2_ATTR_PROVISIONKEY;
	if (encl->attributes & ~attr_mask) {
		ret = -EACCES;
		goto out;
	}

	/* What SIGSTRUCT enforces must be something the platform has. */
	sgx2_backend->limits(&lim);
	memcpy(&misc, sigstruct + SGX2_SIGSTRUCT_MISCSELECT, 4);
	memcpy(&misc_mask, sigstruct + SGX2_SIGSTRUCT_MISCSELECT + 4, 4);
	memcpy(&attr, sigstruct + SGX2_SIGSTRUCT_ATTRIBUTES, 8);
	memcpy(&xfrm, sigstruct + SGX2_SIGSTRUCT_ATTRIBUTES + 8, 8);
	memcpy(&attr_mask, sigstruct + SGX2_SIGSTRUCT_ATTRIBUTEMASK, 8);
	memcpy(&xfrm_mask, sigstruct + SGX2_SIGSTRUCT_ATTRIBUTEMASK + 8, 8);
	if ((attr & attr_mask & lim.attributes_reserved_mask) ||
	    (misc & misc_mask & lim.misc_reserved_mask) ||
	    (xfrm & xfrm_mask & lim.xfrm_reserved_mask)) {
		ret = -EINVAL;
		goto out;
	}

	/* MRSIGNER: what launch control must hold for this signer. */
	sha256(sigstruct + SGX2_SIGSTRUCT_MODULUS, 384, (u8 *)mrsigner);

	mutex_lock(&encl->lock);
	ret = sgx2_encl_einit(encl, sigstruct, token, mrsigner);
	if (ret < 0) {
		/* -ERESTARTSYS or a driver error */
	} else if (sgx2_leaf_faulted(ret)) {
		pr_err_ratelimited("EINIT faulted: vector %ld\n",
				   ret & ~(long)SGX2_ENCLS_FAULT_FLAG);
		ret = -EIO;
	} else if (ret) {
		pr_info_ratelimited("EINIT refused the enclave: SGX error %ld\n",
				    ret);
		ret = -EPERM;
	} else {
		set_bit(SGX2_ENCL_INITIALIZED, &encl->flags);
	}
	mutex_unlock(&encl->lock);
out:
	kfree(sigstruct);
	return ret;
}

/**
 * sgx2_ioc_enclave_provision() - handler for SGX2_IOC_ENCLAVE_PROVISION
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_provision
 *
 * Allows the PROVISIONKEY attribute when @arg->fd is an open file of the
 * in-kernel driver's /dev/sgx_provision, checked by the kernel's exported
 * sgx_set_attribute() - on both backends: the sim has no provisioning
 * device of its own, so without SGX hardware (no /dev/sgx_provision) the
 * call is always refused.
 *
 * Return:
 * * 0 - PROVISIONKEY is allowed for this enclave
 * * -EFAULT - @arg cannot be read
 * * -EINVAL - @arg->fd is not a file of /dev/sgx_provision
 */
static long sgx2_ioc_enclave_provision(struct sgx2_encl *encl, void __user *arg)
{
	struct sgx2_enclave_provision params;
	unsigned long allowed = 0;
	int ret;

	if (copy_from_user(&params, arg, sizeof(params)))
		return -EFAULT;
	if (params.fd > INT_MAX)
		return -EINVAL;

	ret = sgx_set_attribute(&allowed, params.fd);
	if (ret)
		return ret;
	if (allowed & SGX2_ATTR_PROVISIONKEY)
		set_bit(SGX2_ENCL_PROVISION, &encl->flags);
	return 0;
}

/**
 * sgx2_ioc_sim_enclu() - handler for SGX2_IOC_SIM_ENCLU
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_sim_enclu
 *
 * Runs an ENCLU leaf (or the AEX of an exception) of the calling thread
 * against the sim backend's model; see the UAPI header.  Not serialized
 * with the other ioctls: enclave threads keep running while the enclave is
 * being modified.
 *
 * Return:
 * * 0 - @arg holds the registers to resume with
 * * -ENODEV - the backend is not the sim
 * * -EFAULT - @arg cannot be read or written
 * * -EINVAL - a bad leaf or a non-zero input field that must be zero, or
 *   no enclave has been created
 * * -ENOMEM - out of memory
 */
static long sgx2_ioc_sim_enclu(struct sgx2_encl *encl, void __user *arg)
{
	struct sgx2_sim_enclu req;
	long ret;

	if (!sgx2_backend->sim_enclu)
		return -ENODEV;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;

	ret = sgx2_backend->sim_enclu(encl, &req);
	if (ret)
		return ret;

	if (copy_to_user(arg, &req, sizeof(req)))
		return -EFAULT;
	return 0;
}

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

/* Time spent in an SGX2 ioctl, counted per enclave and module-wide. */
static void sgx2_ioc_account(struct sgx2_encl *encl, u64 start_ns)
{
	sgx2_stats_add(&encl->stats, SGX2_STAT_IOCTL_NS,
		       ktime_get_ns() - start_ns);
}

/**
 * sgx2_ioc_enclave_restrict_permissions() - handler for
 *					      SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_restrict_permissions
 *
 * EMODPR every page of the range to @arg->permissions, tracked as the
 * enclave's batching policy says (see modify.c).  The struct is copied back
 * also on failure: @arg->count holds the bytes done, @arg->result the SGX
 * code of a failing EMODPR.
 *
 * Return:
 * * 0 - done
 * * -ENODEV - the backend has no SGX2
 * * -EINVAL - not initialized; a bad range, permission bits beyond RWX,
 *   W without R, non-zero result or count; a page that is not regular
 * * -EFAULT - @arg cannot be read or written, a page is missing, or EMODPR
 *   failed (see @arg->result)
 * * -EAGAIN - tracking could not complete; repeat from @arg->count
 * * -EINTR - interrupted by a signal; repeat from @arg->count
 */
static long sgx2_ioc_enclave_restrict_permissions(struct sgx2_encl *encl,
						  void __user *arg)
{
	struct sgx2_enclave_restrict_permissions params;
	u64 start = ktime_get_ns();
	long ret;

	ret = sgx2_ioc_sgx2_ready(encl);
	if (ret)
		return ret;

	if (copy_from_user(&params, arg, sizeof(params)))
		return -EFAULT;

	if (sgx2_validate_restrict(&params, encl->size))
		return -EINVAL;

	ret = sgx2_encl_restrict_permissions(encl, &params);
	sgx2_ioc_account(encl, start);

	if (copy_to_user(arg, &params, sizeof(params)))
		return -EFAULT;
	return ret;
}

/**
 * sgx2_ioc_enclave_modify_types() - handler for SGX2_IOC_ENCLAVE_MODIFY_TYPES
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_modify_types
 *
 * EMODT every page of the range to @arg->page_type (TCS or TRIM), tracked
 * as the enclave's batching policy says.  Copied back also on failure.
 *
 * Return:
 * * 0 - done
 * * -ENODEV - the backend has no SGX2
 * * -EINVAL - not initialized; a bad range, page type bits beyond the
 *   field, non-zero result or count; a type other than TCS or TRIM; a page
 *   that cannot change to it
 * * -EPERM - REG -> TCS of a page whose vetted protection lacks RW
 * * -EFAULT - @arg cannot be read or written, a page is missing, or EMODT
 *   failed (see @arg->result)
 * * -EAGAIN - tracking could not complete; repeat from @arg->count
 * * -EINTR - interrupted by a signal; repeat from @arg->count
 */
static long sgx2_ioc_enclave_modify_types(struct sgx2_encl *encl,
					  void __user *arg)
{
	struct sgx2_enclave_modify_types params;
	u64 start = ktime_get_ns();
	long ret;

	ret = sgx2_ioc_sgx2_ready(encl);
	if (ret)
		return ret;

	if (copy_from_user(&params, arg, sizeof(params)))
		return -EFAULT;

	if (sgx2_validate_modify_types(&params, encl->size))
		return -EINVAL;

	ret = sgx2_encl_modify_types(encl, &params);
	sgx2_ioc_account(encl, start);

	if (copy_to_user(arg, &params, sizeof(params)))
		return -EFAULT;
	return ret;
}

/**
 * sgx2_ioc_enclave_remove_pages() - handler for SGX2_IOC_ENCLAVE_REMOVE_PAGES
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_remove_pages
 *
 * EREMOVE every page of the range; each must be a TRIM page whose trimming
 * the enclave has EACCEPTed.  Copied back also on failure.
 *
 * Return:
 * * 0 - done
 * * -ENODEV - the backend has no SGX2
 * * -EINVAL - not initialized; a bad range or a non-zero count
 * * -EFAULT - @arg cannot be read or written, or a page is missing
 * * -EPERM - a page is not TRIM, or not yet EACCEPTed
 * * -EIO - EREMOVE failed
 * * -EINTR - interrupted by a signal; repeat from @arg->count
 */
static long sgx2_ioc_enclave_remove_pages(struct sgx2_encl *encl,
					  void __user *arg)
{
	struct sgx2_enclave_remove_pages params;
	u64 start = ktime_get_ns();
	long ret;

	ret = sgx2_ioc_sgx2_ready(encl);
	if (ret)
		return ret;

	if (copy_from_user(&params, arg, sizeof(params)))
		return -EFAULT;

	if (sgx2_validate_remove_pages(&params, encl->size))
		return -EINVAL;

	ret = sgx2_encl_remove_pages(encl, &params);
	sgx2_ioc_account(encl, start);

	if (copy_to_user(arg, &params, sizeof(params)))
		return -EFAULT;
	return ret;
}

/**
 * sgx2_ioc_enclave_augment_pages() - handler for SGX2_IOC_ENCLAVE_AUGMENT_PAGES
 * @encl:	the enclave
 * @arg:	user pointer to struct sgx2_enclave_augment_pages
 *
 * EAUG every page of the range in one call; on hardware the pages are
 * mapped in the caller's mappings of the range.  Copied back also on
 * failure, with the bytes added in @arg->count.
 *
 * Return:
 * * 0 - done
 * * -ENODEV - the backend has no SGX2
 * * -EINVAL - not initialized; a bad range or a non-zero count
 * * -EFAULT - @arg cannot be read or written, or EAUG failed
 * * -EEXIST - a page of the range is already present
 * * -ENOMEM - the EPC is full, or out of memory
 * * -EINTR - interrupted by a signal; repeat from @arg->count
 */
static long sgx2_ioc_enclave_augment_pages(struct sgx2_encl *encl,
					   void __user *arg)
{
	struct sgx2_enclave_augment_pages params;
	u64 start = ktime_get_ns();
	long ret;

	ret = sgx2_ioc_sgx2_ready(encl);
	if (ret)
		return ret;

	if (copy_from_user(&params, arg, sizeof(params)))
		return -EFAULT;

	if (sgx2_validate_augment_pages(&params, encl->size))
		return -EINVAL;

	ret = sgx2_encl_augment_pages(encl, &params);
	sgx2_ioc_account(encl, start);

	if (copy_to_user(arg, &params, sizeof(params)))
		return -EFAULT;
	return ret;
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
	case SGX2_IOC_SIM_ENCLU:
		return sgx2_ioc_sim_enclu(encl, uarg);
	case SGX2_IOC_ENCLAVE_STATS:
		return sgx2_ioc_enclave_stats(encl, uarg);
	case SGX2_IOC_ENCLAVE_GET_POLICY:
		return sgx2_ioc_enclave_get_policy(encl, uarg);
	}

	if (test_and_set_bit(SGX2_ENCL_IOCTL, &encl->flags))
		return -EBUSY;

	switch (cmd) {
	case SGX2_IOC_ENCLAVE_CREATE:
		ret = sgx2_ioc_enclave_create(encl, uarg);
		break;
	case SGX2_IOC_ENCLAVE_ADD_PAGES:
		ret = sgx2_ioc_enclave_add_pages(encl, uarg);
		break;
	case SGX2_IOC_ENCLAVE_INIT:
		ret = sgx2_ioc_enclave_init(encl, uarg);
		break;
	case SGX2_IOC_ENCLAVE_PROVISION:
		ret = sgx2_ioc_enclave_provision(encl, uarg);
		break;
	case SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS:
		ret = sgx2_ioc_enclave_restrict_permissions(encl, uarg);
		break;
	case SGX2_IOC_ENCLAVE_MODIFY_TYPES:
		ret = sgx2_ioc_enclave_modify_types(encl, uarg);
		break;
	case SGX2_IOC_ENCLAVE_REMOVE_PAGES:
		ret = sgx2_ioc_enclave_remove_pages(encl, uarg);
		break;
	case SGX2_IOC_ENCLAVE_AUGMENT_PAGES:
		ret = sgx2_ioc_enclave_augment_pages(encl, uarg);
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
