// SPDX-License-Identifier: GPL-2.0
/*
 * host_driver.c - userspace stand-in for the sim backend (host_driver.h).
 *
 * Differences from the module that a test may notice: a #PF of enclave
 * code on an unbacked ELRANGE page is answered by EAUGing the page and
 * playing the AEX against the now PENDING page at once, where the kernel
 * would EAUG, let the AEP ERESUME, and see the access fault again (one
 * AEX and ERESUME fewer in the statistics); EAUG-on-fault for an
 * EACCEPT-family leaf (-EAGAIN from sgx2_sim_request()) likewise happens
 * without the AEX/ERESUME around it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "host_driver.h"
#include "sim_request.h"

#define HD_PAGE		4096ULL

static void hd_lock(struct hd *hd)
{
	while (__atomic_exchange_n(&hd->lock, 1, __ATOMIC_ACQUIRE))
		sched_yield();
}

static void hd_unlock(struct hd *hd)
{
	__atomic_store_n(&hd->lock, 0, __ATOMIC_RELEASE);
}

static void *hd_page_va(void *ctx, u32 idx)
{
	struct hd *hd = ctx;

	if (!idx)
		return hd->secs_page;
	return hd->alias + (size_t)(idx - 1) * HD_PAGE;
}

static int hd_lookup(void *ctx, const struct sgx2_sim_encl *encl, u64 la,
		     u32 *idx)
{
	struct hd *hd = ctx;
	u64 page;

	if (encl != &hd->encl || la < hd->base || la - hd->base >= hd->size)
		return -ENOENT;
	page = (la - hd->base) / HD_PAGE;
	if (!hd->present[page])
		return -ENOENT;
	*idx = (u32)page + 1;
	return 0;
}

static const struct sgx2_sim_ops hd_ops = {
	.page_va = hd_page_va,
	.lookup = hd_lookup,
};

/* What the EPCM lets enclave code do with page @i, as a PROT_* value. */
static int hd_epcm_prot(const struct hd *hd, uint32_t i)
{
	const struct sgx2_sim_epcm *e = &hd->epcm[i + 1];
	u16 unsettled = SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED |
			SGX2_SIM_EPCM_BLOCKED;
	int prot = PROT_NONE;

	if (!hd->present[i] || !(e->flags & SGX2_SIM_EPCM_VALID) ||
	    (e->flags & unsettled) || e->pt != SGX2_PAGE_TYPE_REG)
		return PROT_NONE;
	if (e->flags & SGX2_SIM_EPCM_R)
		prot |= PROT_READ;
	if (e->flags & SGX2_SIM_EPCM_W)
		prot |= PROT_WRITE;
	if (e->flags & SGX2_SIM_EPCM_X)
		prot |= PROT_EXEC;
	return prot;
}

/* Mirror the EPCM into the protections of the linear mapping. */
static int hd_sync(struct hd *hd)
{
	uint32_t i;
	int prot, ret = 0;

	for (i = 0; i < hd->nr_pages; i++) {
		prot = hd_epcm_prot(hd, i);
		if (prot == hd->prot[i])
			continue;
		if (mprotect((void *)(uintptr_t)(hd->base + i * HD_PAGE),
			     HD_PAGE, prot))
			ret = -errno;
		else
			hd->prot[i] = prot;
	}
	return ret;
}

static struct sgx2_sim_lp *hd_lp_locked(struct hd *hd)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	struct hd_lp *free_slot = NULL;
	unsigned int i;

	for (i = 0; i < HD_MAX_LPS; i++) {
		if (hd->lps[i].tid == tid)
			return &hd->lps[i].lp;
		if (!hd->lps[i].tid && !free_slot)
			free_slot = &hd->lps[i];
	}
	if (!free_slot)
		return NULL;
	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->tid = tid;
	return &free_slot->lp;
}

struct sgx2_sim_lp *hd_lp(struct hd *hd)
{
	struct sgx2_sim_lp *lp;

	hd_lock(hd);
	lp = hd_lp_locked(hd);
	hd_unlock(hd);
	return lp;
}

static bool hd_page_of(const struct hd *hd, uint64_t addr, uint32_t *page)
{
	if (addr < hd->base || addr - hd->base >= hd->size)
		return false;
	*page = (uint32_t)((addr - hd->base) / HD_PAGE);
	return true;
}

struct sgx2_sim_epcm *hd_epcm(struct hd *hd, uint64_t addr)
{
	uint32_t page;

	if (!hd_page_of(hd, addr, &page) || !hd->present[page])
		return NULL;
	return &hd->epcm[page + 1];
}

static int hd_eaug_locked(struct hd *hd, uint64_t addr)
{
	struct sgx2_sim_pageinfo pi = { .linaddr = addr & ~(HD_PAGE - 1) };
	uint32_t page;
	int ret;

	if (!hd_page_of(hd, addr, &page))
		return -EINVAL;
	if (hd->present[page])
		return -EEXIST;
	ret = sgx2_sim_eaug(&hd->epc, &hd->encl, &pi, page + 1, &hd->fault);
	if (!ret)
		hd->present[page] = true;
	hd_sync(hd);
	return ret;
}

int hd_eaug(struct hd *hd, uint64_t addr)
{
	int ret;

	hd_lock(hd);
	ret = hd_eaug_locked(hd, addr);
	hd_unlock(hd);
	return ret;
}

/* EMODPR or EMODT of the page at @addr with SECINFO.FLAGS @flags. */
static int hd_emod(struct hd *hd, uint64_t addr, uint64_t flags, bool emodt)
{
	uint32_t page;
	int ret;

	hd_lock(hd);
	if (!hd_page_of(hd, addr, &page) || !hd->present[page]) {
		hd_unlock(hd);
		return -ENOENT;
	}
	memset(hd->secinfo, 0, 64);
	memcpy(hd->secinfo, &flags, sizeof(flags));
	if (emodt)
		ret = sgx2_sim_emodt(&hd->epc, &hd->encl, hd->secinfo, page + 1,
				     &hd->fault);
	else
		ret = sgx2_sim_emodpr(&hd->epc, &hd->encl, hd->secinfo, page + 1,
				      &hd->fault);
	hd_sync(hd);
	hd_unlock(hd);
	return ret;
}

int hd_emodpr(struct hd *hd, uint64_t addr, uint64_t perms)
{
	return hd_emod(hd, addr, perms, false);
}

int hd_emodt(struct hd *hd, uint64_t addr, uint64_t page_type)
{
	return hd_emod(hd, addr, page_type << SGX2_SECINFO_PAGE_TYPE_SHIFT,
		       true);
}

int hd_etrack_locked(struct hd *hd)
{
	return sgx2_sim_etrack(&hd->epc, &hd->encl, &hd->fault);
}

int hd_etrack(struct hd *hd)
{
	int ret;

	hd_lock(hd);
	ret = hd_etrack_locked(hd);
	hd_unlock(hd);
	return ret;
}

int hd_eremove(struct hd *hd, uint64_t addr)
{
	uint32_t page;
	int ret;

	hd_lock(hd);
	if (!hd_page_of(hd, addr, &page) || !hd->present[page]) {
		hd_unlock(hd);
		return -ENOENT;
	}
	ret = sgx2_sim_eremove(&hd->epc, &hd->encl, page + 1, &hd->fault);
	if (!ret) {
		hd->present[page] = false;
		memset(hd->alias + page * HD_PAGE, 0, HD_PAGE);
	}
	hd_sync(hd);
	hd_unlock(hd);
	return ret;
}

void hd_ipi_locked(struct hd *hd)
{
	unsigned int i;

	for (i = 0; i < HD_MAX_LPS; i++)
		if (hd->lps[i].tid)
			sgx2_sim_lp_interrupt(&hd->encl, &hd->lps[i].lp);
}

void hd_ipi(struct hd *hd)
{
	hd_lock(hd);
	hd_ipi_locked(hd);
	hd_unlock(hd);
}

void hd_set_hook(struct hd *hd, hd_hook_fn hook, void *data)
{
	hd_lock(hd);
	hd->hook = hook;
	hd->hook_data = data;
	hd_unlock(hd);
}

int hd_transport(void *ctx, struct sgx2_sim_enclu *req)
{
	struct hd *hd = ctx;
	struct sgx2_sim_lp *lp;
	uint32_t page;
	u64 addr = 0;
	int ret, tries;

	hd_lock(hd);
	hd->requests++;
	if (hd->hook)
		hd->hook(hd, req, hd->hook_data);
	lp = hd_lp_locked(hd);
	if (!lp) {
		hd_unlock(hd);
		return -ENOMEM;
	}
	/* The kernel's fault handler: EAUG where ELRANGE has no page. */
	if (req->leaf == SGX2_SIM_AEX &&
	    req->exception_vector == SGX2_SIM_VECTOR_PF &&
	    hd_page_of(hd, req->exception_addr, &page) && !hd->present[page] &&
	    !hd_eaug_locked(hd, req->exception_addr))
		hd->eaug_faults++;
	for (tries = 0;; tries++) {
		ret = sgx2_sim_request(&hd->epc, &hd->encl, lp, req, &addr);
		if (ret != -EAGAIN || tries == 3)
			break;
		if (hd_eaug_locked(hd, addr)) {
			ret = -EFAULT;	/* the kernel would send SIGBUS */
			break;
		}
		hd->eaug_faults++;
	}
	hd_sync(hd);
	hd_unlock(hd);
	return ret;
}

uint64_t hd_tcs(const struct hd *hd, unsigned int i)
{
	return hd->base + (uint64_t)i * HD_PAGE;
}

uint64_t hd_sym(const struct hd *hd, const char *name)
{
	uint64_t off = 0;

	if (encl_symbol(&hd->e, name, &off))
		return 0;
	return hd->base + off;
}

/* ---- loading ------------------------------------------------------------ */

static int hd_fail(struct hd *hd, int ret, const char *what, int outcome)
{
	snprintf(hd->error, sizeof(hd->error), "%s: %d (model outcome %#x)",
		 what, ret, outcome);
	return ret;
}

/* PROT_NONE linear mapping of the memfd at a size-aligned base. */
static int hd_map(struct hd *hd)
{
	uint8_t *p, *base;

	p = mmap(NULL, 2 * hd->size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	base = (uint8_t *)(((uintptr_t)p + hd->size - 1) & ~(hd->size - 1));
	if (base > p)
		munmap(p, base - p);
	munmap(base + hd->size, p + hd->size - base);
	if (mmap(base, hd->size, PROT_NONE, MAP_SHARED | MAP_FIXED, hd->memfd,
		 0) == MAP_FAILED) {
		int ret = -errno;

		munmap(base, hd->size);
		return ret;
	}
	hd->base = (uintptr_t)base;
	return 0;
}

static int hd_ecreate(struct hd *hd)
{
	struct sgx2_sim_pageinfo pi = { 0 };
	struct encl_secs *secs;
	int ret;

	secs = aligned_alloc(HD_PAGE, HD_PAGE);
	if (!secs)
		return -ENOMEM;
	memset(secs, 0, sizeof(*secs));
	secs->size = hd->size;
	secs->base = hd->base;
	secs->ssa_frame_size = hd->e.ssa_frame_size;
	secs->attributes = hd->e.attributes;
	secs->xfrm = hd->e.xfrm;
	memset(hd->secinfo, 0, 64);		/* PT_SECS */
	pi.srcpge = secs;
	pi.secinfo = hd->secinfo;
	ret = sgx2_sim_ecreate(&hd->epc, &hd->encl, &pi, 0, &hd->fault);
	free(secs);
	return ret;
}

static int hd_add(struct hd *hd)
{
	unsigned int s;
	uint64_t off;
	u32 chunk;
	int ret;

	for (s = 0; s < hd->e.nr_segments; s++) {
		const struct encl_segment *seg = &hd->e.seg[s];

		for (off = seg->offset; off < seg->offset + seg->size;
		     off += HD_PAGE) {
			struct sgx2_sim_pageinfo pi = {
				.linaddr = hd->base + off,
				.srcpge = hd->e.image + off,
				.secinfo = hd->secinfo,
			};
			u32 idx = (u32)(off / HD_PAGE) + 1;

			memset(hd->secinfo, 0, 64);
			memcpy(hd->secinfo, &seg->secinfo_flags, 8);
			ret = sgx2_sim_eadd(&hd->epc, &hd->encl, &pi, idx,
					    &hd->fault);
			if (ret)
				return ret;
			hd->present[idx - 1] = true;
			for (chunk = 0; seg->measure && chunk < HD_PAGE;
			     chunk += 256) {
				ret = sgx2_sim_eextend(&hd->epc, &hd->encl, idx,
						       chunk, &hd->fault);
				if (ret)
					return ret;
			}
		}
	}
	return 0;
}

static int hd_einit(struct hd *hd)
{
	uint8_t *sig = aligned_alloc(HD_PAGE, HD_PAGE);
	uint8_t *token = aligned_alloc(512, 512);
	int ret = -ENOMEM;

	if (sig && token) {
		memset(sig, 0, HD_PAGE);
		memset(token, 0, 512);
		memcpy(sig, &hd->e.sigstruct, sizeof(hd->e.sigstruct));
		ret = sgx2_sim_einit(&hd->epc, &hd->encl, sig, token, NULL,
				     &hd->fault);
	}
	free(sig);
	free(token);
	return ret;
}

int hd_create(struct hd *hd, const char *elf_path, size_t heap)
{
	int ret;

	memset(hd, 0, sizeof(*hd));
	hd->memfd = -1;
	ret = encl_build(elf_path, heap, &hd->e);
	if (ret) {
		snprintf(hd->error, sizeof(hd->error), "encl_build: %s",
			 hd->e.error);
		return ret;
	}
	hd->size = hd->e.size;
	hd->nr_pages = (uint32_t)(hd->size / HD_PAGE);
	hd->epcm = calloc(hd->nr_pages + 1, sizeof(*hd->epcm));
	hd->present = calloc(hd->nr_pages, sizeof(*hd->present));
	hd->prot = calloc(hd->nr_pages, sizeof(*hd->prot));
	hd->secs_page = aligned_alloc(HD_PAGE, HD_PAGE);
	hd->secinfo = aligned_alloc(64, 64);
	if (!hd->epcm || !hd->present || !hd->prot || !hd->secs_page ||
	    !hd->secinfo) {
		ret = hd_fail(hd, -ENOMEM, "allocation", 0);
		goto err;
	}
	hd->memfd = memfd_create("sgx2-sim-epc", MFD_CLOEXEC);
	if (hd->memfd < 0 || ftruncate(hd->memfd, (off_t)hd->size)) {
		ret = hd_fail(hd, -errno, "memfd", 0);
		goto err;
	}
	hd->alias = mmap(NULL, hd->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 hd->memfd, 0);
	if (hd->alias == MAP_FAILED) {
		hd->alias = NULL;
		ret = hd_fail(hd, -errno, "mmap of the EPC view", 0);
		goto err;
	}
	ret = hd_map(hd);
	if (ret) {
		hd_fail(hd, ret, "mmap of ELRANGE", 0);
		goto err;
	}
	sgx2_sim_epc_init(&hd->epc, hd->epcm, hd->nr_pages + 1, &hd_ops, hd);

	ret = hd_ecreate(hd);
	if (ret) {
		hd_fail(hd, -EIO, "ECREATE", ret);
		goto err;
	}
	ret = hd_add(hd);
	if (ret) {
		hd_fail(hd, -EIO, "EADD/EEXTEND", ret);
		goto err;
	}
	ret = hd_einit(hd);
	if (ret) {
		hd_fail(hd, -EPERM, "EINIT", ret);
		goto err;
	}
	ret = hd_sync(hd);
	if (ret) {
		hd_fail(hd, ret, "mprotect", 0);
		goto err;
	}
	return 0;
err:
	hd_destroy(hd);
	return ret < 0 ? ret : -EIO;
}

void hd_destroy(struct hd *hd)
{
	if (hd->base)
		munmap((void *)(uintptr_t)hd->base, hd->size);
	if (hd->alias)
		munmap(hd->alias, hd->size);
	if (hd->memfd >= 0)
		close(hd->memfd);
	free(hd->epcm);
	free(hd->present);
	free(hd->prot);
	free(hd->secs_page);
	free(hd->secinfo);
	encl_free(&hd->e);
	hd->base = 0;
	hd->alias = NULL;
	hd->memfd = -1;
	hd->epcm = NULL;
	hd->present = NULL;
	hd->prot = NULL;
	hd->secs_page = NULL;
	hd->secinfo = NULL;
}
