// SPDX-License-Identifier: GPL-2.0
/*
 * driver.c - the misc device /dev/sgx2_edmm and its file operations.
 *
 * Each open() is one enclave; the file holds the enclave's first reference.
 * fops.owner pins the module while any enclave file is open, so the module
 * cannot be unloaded under an enclave.
 */
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/fadvise.h>
#include <linux/mman.h>
#include <linux/module.h>

#include "sgx2_edmm.h"
#include "encl.h"
#include "stats.h"

static int sgx2_open(struct inode *inode, struct file *file)
{
	struct sgx2_encl *encl = sgx2_encl_alloc();

	if (!encl)
		return -ENOMEM;

	sgx2_encl_attach_file(encl, file);
	file->private_data = encl;
	return 0;
}

static int sgx2_release(struct inode *inode, struct file *file)
{
	sgx2_encl_put(file->private_data);
	return 0;
}

/* See sgx2_encl_mmap(). */
static int sgx2_mmap(struct file *file, struct vm_area_struct *vma)
{
	return sgx2_encl_mmap(file->private_data, vma);
}

/*
 * POSIX_FADV_WILLNEED (and MADV_WILLNEED, which reaches here through the
 * mapping's file offset): EAUG the range ahead of use.  The file offset of
 * an enclave page is its linear address (encl.h).  Other advice means
 * nothing for enclave memory and is accepted and ignored.
 */
static int sgx2_fadvise(struct file *file, loff_t offset, loff_t len,
			int advice)
{
	if (advice != POSIX_FADV_WILLNEED)
		return 0;
	return sgx2_encl_willneed(file->private_data, offset, len);
}

/* Only shared mappings: a private copy of enclave memory means nothing. */
static unsigned long sgx2_get_unmapped_area(struct file *file,
					    unsigned long addr,
					    unsigned long len,
					    unsigned long pgoff,
					    unsigned long flags)
{
	if ((flags & MAP_TYPE) == MAP_PRIVATE)
		return -EINVAL;

	if (flags & MAP_FIXED)
		return addr;

	return sgx2_mm_get_unmapped_area(file, addr, len, pgoff, flags);
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
	.mmap		= sgx2_mmap,
	.fadvise	= sgx2_fadvise,
	.get_unmapped_area = sgx2_get_unmapped_area,
	.llseek		= noop_llseek,
};

/* /sys/class/misc/sgx2_edmm/stats: the module-wide counters, by name. */
static ssize_t stats_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sgx2_stats_show(sgx2_stats_global(), buf);
}
static DEVICE_ATTR_RO(stats);

/*
 * /sys/class/misc/sgx2_edmm/backend: the backend chosen at load, "hw" or
 * "sim" (the backend parameter may say "auto").
 */
static ssize_t backend_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", sgx2_backend->name);
}
static DEVICE_ATTR_RO(backend);

static struct attribute *sgx2_attrs[] = {
	&dev_attr_stats.attr,
	&dev_attr_backend.attr,
	NULL,
};
ATTRIBUTE_GROUPS(sgx2);

static struct miscdevice sgx2_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= SGX2_EDMM_DEVICE_NAME,
	.fops	= &sgx2_fops,
	/* packaging/udev widens this to group sgx, 0660 */
	.mode	= 0600,
	.groups	= sgx2_groups,
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
