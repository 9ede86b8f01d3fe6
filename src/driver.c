// SPDX-License-Identifier: GPL-2.0
/*
 * driver.c - the misc device /dev/sgx2_edmm and its file operations.
 *
 * Each open() is one enclave; the file holds the enclave's first reference.
 * fops.owner pins the module while any enclave file is open, so the module
 * cannot be unloaded under an enclave.
 */
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "sgx2_edmm.h"
#include "encl.h"

static int sgx2_open(struct inode *inode, struct file *file)
{
	struct sgx2_encl *encl = sgx2_encl_alloc();

	if (!encl)
		return -ENOMEM;

	file->private_data = encl;
	return 0;
}

static int sgx2_release(struct inode *inode, struct file *file)
{
	sgx2_encl_put(file->private_data);
	return 0;
}

#ifdef CONFIG_COMPAT
/* Every ioctl struct is made of __u64 fields: no translation needed. */
static long sgx2_compat_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	return sgx2_ioctl(file, cmd, arg);
}
#endif

static const struct file_operations sgx2_fops = {
	.owner		= THIS_MODULE,
	.open		= sgx2_open,
	.release	= sgx2_release,
	.unlocked_ioctl	= sgx2_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl	= sgx2_compat_ioctl,
#endif
	.llseek		= noop_llseek,
};

static struct miscdevice sgx2_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= SGX2_EDMM_DEVICE_NAME,
	.fops	= &sgx2_fops,
	/* packaging/udev widens this to group sgx, 0660 */
	.mode	= 0600,
};

/**
 * sgx2_driver_init() - register /dev/sgx2_edmm
 *
 * Return: 0, or the error of misc_register().
 */
int sgx2_driver_init(void)
{
	return misc_register(&sgx2_miscdev);
}

/**
 * sgx2_driver_exit() - unregister /dev/sgx2_edmm
 */
void sgx2_driver_exit(void)
{
	misc_deregister(&sgx2_miscdev);
}
