// SPDX-License-Identifier: GPL-2.0
/*
 * encls_probe.c - ring-0 tests of the emulated SGX CPU.
 *
 * Some SDM behaviours the emulator must get right are out of user space's
 * reach with the in-kernel driver, because the kernel runs the ring-0 half
 * of them in one go: it follows every ETRACK with the IPI round that
 * completes the cycle, and it owns the VA pages and sealed copies of EWB.
 * This test-only module lets tests/guest/emu_test run those halves one
 * leaf at a time on an enclave the in-kernel driver built and the test
 * enters through the vDSO:
 *
 *  - EMODPR, ETRACK and the IPI round as separate steps, so that an
 *    EACCEPT can land before the cycle completes (SGX_NOT_TRACKED);
 *  - ETRACK twice with a thread inside (SGX_PREV_TRK_INCMPL);
 *  - EREMOVE of a regular page with a thread inside (SGX_ENCLAVE_ACT),
 *    which the kernel never attempts;
 *  - EWB and ELDU of one page with a replayed and a corrupted sealed copy
 *    (SGX_MAC_COMPARE_FAIL).
 *
 * It reaches the driver's enclave through the /dev/sgx_enclave file the
 * test passes (recognised by its file operations, sgx_encl_fops, found
 * through kallsyms): struct sgx_encl is the file's private data, and the offsets
 * of the few members used (lock, page_array, secs, and epc_page of struct
 * sgx_encl_page) come from the running kernel's BTF.  The EPC section
 * table and the allocator (for the VA page) are bound as the module's hw
 * backend binds them (src/hw/hw_symbols.c, compiled in), and the leaves
 * are the module's own wrappers (src/hw/encls.h).
 *
 * Every step runs under the enclave's lock, so the driver (its ioctls and
 * its reclaimer) never sees a page in between.  Never load this on a
 * machine that matters: it is a test instrument.
 */
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "src/hw/encls.h"
#include "src/hw/hw_btf.h"
#include "src/hw/hw_symbols.h"
#include "encls_probe.h"

#define PROBE_PCMD_SIZE		128

static struct sgx2_hw_core probe_core;

/* The in-kernel driver's file operations of an open /dev/sgx_enclave. */
static const struct file_operations *probe_encl_fops;

/* Offsets into the in-kernel driver's structures, from BTF at load. */
static u32 off_encl_lock, off_encl_page_array, off_encl_secs;
static u32 off_page_epc_page;

/* The in-kernel driver's enclave behind one /dev/sgx_enclave file. */
struct probe_encl {
	struct file *file;
	void *encl;		/* struct sgx_encl */
	struct mutex *lock;
	void *secs;		/* EPC address of the SECS */
};

static void *probe_epc_addr(struct sgx2_epc_page *page)
{
	struct sgx2_hw_epc_section *s;

	if (!page || page->section >= READ_ONCE(*probe_core.nr_sections))
		return NULL;
	s = &probe_core.sections[page->section];
	return s->virt_addr + (page - s->pages) * PAGE_SIZE;
}

/* EPC address of the page behind a struct sgx_encl_page, or NULL. */
static void *probe_encl_page_epc(void *encl_page)
{
	return probe_epc_addr(*(struct sgx2_epc_page **)(encl_page +
							off_page_epc_page));
}

static int probe_get(struct probe_encl *pe, int fd)
{
	pe->file = fget(fd);
	if (!pe->file)
		return -EBADF;
	/* Only a file of the in-kernel driver's enclave device will do. */
	if (pe->file->f_op != probe_encl_fops || !pe->file->private_data) {
		fput(pe->file);
		return -EINVAL;
	}
	pe->encl = pe->file->private_data;
	pe->lock = pe->encl + off_encl_lock;
	mutex_lock(pe->lock);
	pe->secs = probe_encl_page_epc(pe->encl + off_encl_secs);
	if (!pe->secs) {
		mutex_unlock(pe->lock);
		fput(pe->file);
		return -ENXIO;		/* no SECS: not created yet */
	}
	return 0;
}

static void probe_put(struct probe_encl *pe)
{
	mutex_unlock(pe->lock);
	fput(pe->file);
}

static void probe_nothing(void *unused)
{
}

/* Every other CPU takes an interrupt: an AEX for an enclave thread there. */
static void probe_ipi(void)
{
	smp_call_function(probe_nothing, NULL, 1);
}

/* EPC address of the enclave's page at @addr, loaded; NULL if none. */
static void *probe_page(struct probe_encl *pe, u64 addr)
{
	struct xarray *pages = pe->encl + off_encl_page_array;
	void *encl_page;

	if (!PAGE_ALIGNED(addr))
		return NULL;
	encl_page = xa_load(pages, PFN_DOWN(addr));
	return encl_page ? probe_encl_page_epc(encl_page) : NULL;
}

static int probe_eldu(struct probe_encl *pe, u64 addr, void *contents,
		      void *pcmd, void *epc, void *slot)
{
	struct sgx2_pageinfo pi = {
		.addr = addr,
		.contents = (unsigned long)contents,
		.metadata = (unsigned long)pcmd,
		.secs = (unsigned long)pe->secs,
	};

	return sgx2_encls_eldu(&pi, epc, slot);
}

static int probe_ewb(void *contents, void *pcmd, void *epc, void *slot)
{
	struct sgx2_pageinfo pi = {
		.contents = (unsigned long)contents,
		.metadata = (unsigned long)pcmd,
	};

	return sgx2_encls_ewb(&pi, epc, slot);
}

/*
 * ENCLS_PROBE_EWB_REPLAY (encls_probe.h).  The sequence stops at the first
 * step that goes wrong, leaving the later results ENCLS_PROBE_NOT_RUN.
 */
static int probe_replay(struct probe_encl *pe, u64 addr, s32 *r)
{
	struct sgx2_epc_page *va_page = NULL;
	void *epc, *va, *copy[3] = { NULL }, *pcmd1, *pcmd2;
	int ret = 0, i;

	epc = probe_page(pe, addr);
	if (!epc)
		return -ENOENT;
	for (i = 0; i < ENCLS_REPLAY_STEPS; i++)
		r[i] = ENCLS_PROBE_NOT_RUN;

	for (i = 0; i < 3; i++)
		copy[i] = (void *)__get_free_page(GFP_KERNEL);
	pcmd1 = (void *)__get_free_page(GFP_KERNEL);
	if (!copy[0] || !copy[1] || !copy[2] || !pcmd1) {
		ret = -ENOMEM;
		goto out;
	}
	pcmd2 = pcmd1 + PROBE_PCMD_SIZE;
	va_page = sgx2_hw_alloc_epc_page(pe);
	if (IS_ERR(va_page)) {
		ret = PTR_ERR(va_page);
		goto out;
	}
	va = probe_epc_addr(va_page);

	r[ENCLS_REPLAY_EPA] = sgx2_encls_epa(va);
	if (r[ENCLS_REPLAY_EPA])
		goto free_va;

	r[ENCLS_REPLAY_EBLOCK_1] = sgx2_encls_eblock(epc);
	r[ENCLS_REPLAY_ETRACK_1] = sgx2_encls_etrack(pe->secs);
	r[ENCLS_REPLAY_EWB_1] = probe_ewb(copy[0], pcmd1, epc, va);
	if (r[ENCLS_REPLAY_EWB_1])
		goto remove_va;
	r[ENCLS_REPLAY_ELDU_1] = probe_eldu(pe, addr, copy[0], pcmd1, epc, va);
	if (r[ENCLS_REPLAY_ELDU_1])
		goto remove_va;

	r[ENCLS_REPLAY_EBLOCK_2] = sgx2_encls_eblock(epc);
	r[ENCLS_REPLAY_ETRACK_2] = sgx2_encls_etrack(pe->secs);
	r[ENCLS_REPLAY_EWB_2] = probe_ewb(copy[1], pcmd2, epc, va + 8);
	if (r[ENCLS_REPLAY_EWB_2])
		goto remove_va;
	r[ENCLS_REPLAY_ELDU_REPLAY_SLOT1] =
		probe_eldu(pe, addr, copy[0], pcmd1, epc, va + 8);
	r[ENCLS_REPLAY_ELDU_REPLAY_SLOT0] =
		probe_eldu(pe, addr, copy[0], pcmd1, epc, va);
	memcpy(copy[2], copy[1], PAGE_SIZE);
	((u8 *)copy[2])[PAGE_SIZE / 2] ^= 1;
	r[ENCLS_REPLAY_ELDU_CORRUPT] =
		probe_eldu(pe, addr, copy[2], pcmd2, epc, va + 8);
	/* A bad copy that loaded is in the page now: load nothing over it. */
	if (!r[ENCLS_REPLAY_ELDU_REPLAY_SLOT1] ||
	    !r[ENCLS_REPLAY_ELDU_REPLAY_SLOT0] || !r[ENCLS_REPLAY_ELDU_CORRUPT])
		goto remove_va;
	r[ENCLS_REPLAY_ELDU_2] = probe_eldu(pe, addr, copy[1], pcmd2, epc,
					    va + 8);

remove_va:
	r[ENCLS_REPLAY_EREMOVE_VA] = sgx2_encls_eremove(va);
	if (r[ENCLS_REPLAY_EREMOVE_VA]) {
		/* Still a VA page: leak it rather than hand it out. */
		pr_err("EREMOVE of the VA page failed (%#x): leaking it\n",
		       r[ENCLS_REPLAY_EREMOVE_VA]);
		goto out;
	}
free_va:
	sgx2_hw_free_epc_page(va_page);
out:
	for (i = 0; i < 3; i++)
		free_page((unsigned long)copy[i]);
	free_page((unsigned long)pcmd1);
	return ret;
}

/**
 * probe_ioctl() - ENCLS_PROBE_RUN: one operation on an enclave
 * @filp:	the probe's device file
 * @cmd:	ENCLS_PROBE_RUN
 * @arg:	user address of a struct encls_probe_run
 *
 * Return: 0 with @nr and @result filled in; -EFAULT, -ENOTTY, -EINVAL for
 * a bad argument, -EBADF/-EINVAL for a descriptor that is not
 * /dev/sgx_enclave, -ENXIO before ECREATE, -ENOENT for an address with no
 * loaded page, -ENOMEM.
 */
static long probe_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct encls_probe_run run;
	struct sgx2_secinfo si = { 0 };
	struct probe_encl pe;
	void *epc;
	int ret;

	if (cmd != ENCLS_PROBE_RUN)
		return -ENOTTY;
	if (copy_from_user(&run, (void __user *)arg, sizeof(run)))
		return -EFAULT;
	if (run.nr || memchr_inv(run.result, 0, sizeof(run.result)))
		return -EINVAL;
	/* @addr only for the ops on a page, @secinfo only for EMODPR. */
	if ((run.addr && run.op != ENCLS_PROBE_EMODPR &&
	     run.op != ENCLS_PROBE_EREMOVE && run.op != ENCLS_PROBE_EWB_REPLAY) ||
	    (run.secinfo && run.op != ENCLS_PROBE_EMODPR))
		return -EINVAL;
	ret = probe_get(&pe, run.fd);
	if (ret)
		return ret;

	switch (run.op) {
	case ENCLS_PROBE_ETRACK:
		run.result[run.nr++] = sgx2_encls_etrack(pe.secs);
		break;
	case ENCLS_PROBE_IPI:
		probe_ipi();
		break;
	case ENCLS_PROBE_ETRACK_TWICE:
		run.result[run.nr++] = sgx2_encls_etrack(pe.secs);
		run.result[run.nr++] = sgx2_encls_etrack(pe.secs);
		probe_ipi();
		run.result[run.nr++] = sgx2_encls_etrack(pe.secs);
		break;
	case ENCLS_PROBE_EMODPR:
	case ENCLS_PROBE_EREMOVE:
		epc = probe_page(&pe, run.addr);
		if (!epc) {
			ret = -ENOENT;
			break;
		}
		si.flags = run.secinfo;
		run.result[run.nr++] = run.op == ENCLS_PROBE_EMODPR ?
				       sgx2_encls_emodpr(&si, epc) :
				       sgx2_encls_eremove(epc);
		break;
	case ENCLS_PROBE_EWB_REPLAY:
		ret = probe_replay(&pe, run.addr, run.result);
		run.nr = ENCLS_REPLAY_STEPS;
		break;
	default:
		ret = -EINVAL;
	}
	probe_put(&pe);
	if (!ret && copy_to_user((void __user *)arg, &run, sizeof(run)))
		ret = -EFAULT;
	return ret;
}

static const struct file_operations probe_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = probe_ioctl,
};

static struct miscdevice probe_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "encls_probe",
	.fops = &probe_fops,
	.mode = 0600,
};

static int probe_offsets(void)
{
	static const struct {
		const char *type, *member;
		u32 *offset;
	} want[] = {
		{ "sgx_encl", "lock", &off_encl_lock },
		{ "sgx_encl", "page_array", &off_encl_page_array },
		{ "sgx_encl", "secs", &off_encl_secs },
		{ "sgx_encl_page", "epc_page", &off_page_epc_page },
	};
	const char *why = NULL;
	struct sgx2_btf btf;
	unsigned int i;
	int ret;

	ret = sgx2_btf_load(&btf, "/sys/kernel/btf/vmlinux", &why);
	if (ret) {
		pr_err("no BTF: %s\n", why ? why : "?");
		return ret;
	}
	for (i = 0; i < ARRAY_SIZE(want) && !ret; i++) {
		ret = sgx2_btf_member_offset(&btf, want[i].type, want[i].member,
					     want[i].offset);
		if (ret)
			pr_err("BTF: no single struct %s.%s (%d)\n",
			       want[i].type, want[i].member, ret);
	}
	sgx2_btf_free(&btf);
	if (!ret)
		pr_info("struct sgx_encl: lock +%u, page_array +%u, secs +%u; struct sgx_encl_page: epc_page +%u\n",
			off_encl_lock, off_encl_page_array, off_encl_secs,
			off_page_epc_page);
	return ret;
}

static int __init probe_init(void)
{
	const char *why = NULL;
	int ret;

	ret = probe_offsets();
	if (ret)
		return ret;
	ret = sgx2_hw_bind(&probe_core, &why);
	if (ret) {
		pr_err("cannot bind the EPC allocator: %s\n", why ? why : "?");
		return ret;
	}
	probe_encl_fops = (void *)sgx2_hw_symbol("sgx_encl_fops", &why);
	if (!probe_encl_fops) {
		pr_err("%s\n", why);
		sgx2_hw_unbind();
		return -ENODEV;
	}
	ret = misc_register(&probe_dev);
	if (ret)
		sgx2_hw_unbind();
	return ret;
}

static void __exit probe_exit(void)
{
	misc_deregister(&probe_dev);
	sgx2_hw_unbind();
}

module_init(probe_init);
module_exit(probe_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Ring-0 tests of the emulated SGX CPU (test instrument)");
