// SPDX-License-Identifier: GPL-2.0
/*
 * backend_sim.c - the sim backend: a software SGX2 that follows the SDM.
 *
 * EPC pages are ordinary kernel pages, at most sim_epc_mb MiB of them; an
 * empty pool behaves like a full EPC.  The EPCM and the leaves are the pure
 * model of sim_model.h.  Enclave code runs natively in user mode: the
 * module enforces EPCM permissions through the PTEs it installs
 * (SGX2_CAP_PTE_MIRRORS_EPCM), and each ENCLU reaches sim_enclu() through
 * SGX2_IOC_SIM_ENCLU from the runtime's SIGILL handler.
 *
 * Logical processors: each thread that enters an enclave is one simulated
 * logical processor (struct sgx2_sim_thread), kept only while it is inside.
 * Interrupts that make real logical processors leave (AEX) are not visible
 * here, with one exception that matters for tracking: after a tracking IPI
 * round every thread inside has been interrupted or was not running at all
 * (and then left at its last interrupt), so sim_ipi_done() records an
 * interrupt - an AEX immediately followed by ERESUME - for each of them.
 */
#include <asm/processor.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>

#include "../core/sgx2_edmm.h"
#include "../core/encl.h"
#include "../model/sim_model.h"
#include "sim_inject.h"
#include "sim_request.h"
#include "../core/validate.h"

static unsigned int sim_epc_mb = 128;
module_param(sim_epc_mb, uint, 0444);
MODULE_PARM_DESC(sim_epc_mb, "simulated EPC size in MiB (sim backend; 1-4096, default 128)");

#define SGX2_SIM_EPC_MB_MAX	4096

/*
 * Fault injection (tests): which leaves fail, how and how often; see
 * sim_inject.c for the syntax.  Each enclave picks a new setting up at its
 * next leaf, with fresh counters.
 */
static DEFINE_SPINLOCK(sim_inject_lock);
static struct sgx2_sim_inject_spec sim_inject_spec;
static char sim_inject_text[SGX2_SIM_INJECT_STR_MAX] = "off";
static atomic_t sim_inject_gen = ATOMIC_INIT(0);

static int sim_inject_set(const char *val, const struct kernel_param *kp)
{
	struct sgx2_sim_inject_spec spec;
	int ret = sgx2_sim_inject_parse(val, &spec);

	if (ret)
		return ret;
	/* Loaded on hw: nothing would fail as asked, so say so. */
	if (spec.leaf_mask && READ_ONCE(sgx2_backend) &&
	    READ_ONCE(sgx2_backend) != &sgx2_sim_backend)
		return -EOPNOTSUPP;
	spin_lock(&sim_inject_lock);
	sim_inject_spec = spec;
	strscpy(sim_inject_text, val, sizeof(sim_inject_text));
	strim(sim_inject_text);
	atomic_inc(&sim_inject_gen);
	spin_unlock(&sim_inject_lock);
	if (spec.leaf_mask)
		pr_info("sim fault injection armed: %s\n", sim_inject_text);
	return 0;
}

static int sim_inject_get(char *buf, const struct kernel_param *kp)
{
	int len;

	spin_lock(&sim_inject_lock);
	len = sysfs_emit(buf, "%s\n", sim_inject_text);
	spin_unlock(&sim_inject_lock);
	return len;
}

static const struct kernel_param_ops sim_inject_ops = {
	.set = sim_inject_set,
	.get = sim_inject_get,
};
module_param_cb(sim_inject, &sim_inject_ops, NULL, 0644);
MODULE_PARM_DESC(sim_inject,
		 "sim fault injection: off, or LEAF[+LEAF]:OUTCOME:EVERY[:PERCENT[:SEED]] (sim backend only: EOPNOTSUPP on hw)");
#define SGX2_SIM_NO_PAGE	U32_MAX

/* The sim's EPC page. */
struct sgx2_epc_page {
	struct page *page;
	struct sgx2_encl *owner;
	struct sgx2_sim_secs *secs_state;	/* SECS pages only */
	u32 index;
	u32 next_free;
};

/* A thread inside an enclave: one simulated logical processor. */
struct sgx2_sim_thread {
	struct list_head list;
	struct pid *pid;
	struct sgx2_sim_lp lp;
};

/* What the model keeps for one enclave, hung off its SECS page. */
struct sgx2_sim_secs {
	struct sgx2_sim_encl model;
	struct sgx2_sim_epc epc;
	struct list_head threads;
	int inject_gen;
};

static struct {
	spinlock_t lock;		/* protects free_head, nr_free */
	struct sgx2_epc_page *pages;
	struct sgx2_sim_epcm *epcm;
	struct sgx2_sim_epc view;	/* copied into each enclave's state */
	u32 nr;
	u32 free_head;
	u32 nr_free;
} sim;

/* ---- model callbacks ---------------------------------------------------- */

static void *sim_page_va(void *ctx, u32 epc)
{
	return page_address(sim.pages[epc].page);
}

/* Enclave lock held: the model only runs under it. */
static int sim_lookup(void *ctx, const struct sgx2_sim_encl *model, u64 linaddr,
		      u32 *epc)
{
	struct sgx2_encl *encl = ctx;
	struct sgx2_encl_page *entry;

	entry = xa_load(&encl->page_array, PFN_DOWN(linaddr));
	if (!entry || !entry->epc_page)
		return -ENOENT;
	*epc = entry->epc_page->index;
	return 0;
}

static const struct sgx2_sim_ops sim_model_ops = {
	.page_va	= sim_page_va,
	.lookup		= sim_lookup,
};

/* A negative model result is a driver bug: report it as #GP, loudly. */
static int sim_ret(int ret)
{
	if (ret < 0) {
		pr_err_ratelimited("sim model refused a leaf: %d\n", ret);
		return SGX2_ENCLS_FAULT_FLAG | SGX2_SIM_VECTOR_GP;
	}
	return ret;
}

/* The model state of an enclave, with the current injection setting. */
static struct sgx2_sim_secs *sim_state(struct sgx2_epc_page *secs)
{
	struct sgx2_sim_secs *s = secs->secs_state;
	struct sgx2_sim_inject_spec spec;
	int gen = atomic_read(&sim_inject_gen);

	if (s && s->inject_gen != gen) {
		spin_lock(&sim_inject_lock);
		spec = sim_inject_spec;
		gen = atomic_read(&sim_inject_gen);
		spin_unlock(&sim_inject_lock);
		sgx2_sim_inject_set(&s->epc, spec.leaf_mask, spec.outcome,
				    SGX2_SIM_PF_P, spec.every, spec.threshold,
				    spec.seed);
		s->inject_gen = gen;
	}
	return s;
}

/* ---- the EPC ------------------------------------------------------------ */

static struct sgx2_epc_page *sim_alloc_page(void *owner)
{
	struct sgx2_epc_page *epc;
	struct page *page;
	u32 i;

	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return ERR_PTR(-ENOMEM);

	spin_lock(&sim.lock);
	i = sim.free_head;
	if (i == SGX2_SIM_NO_PAGE) {
		spin_unlock(&sim.lock);
		__free_page(page);
		return ERR_PTR(-EBUSY);
	}
	sim.free_head = sim.pages[i].next_free;
	sim.nr_free--;
	spin_unlock(&sim.lock);

	epc = &sim.pages[i];
	epc->page = page;
	epc->owner = owner;
	epc->secs_state = NULL;
	return epc;
}

/* Pages are zeroed on free: nothing of an enclave outlives its pages. */
static void sim_free_page(struct sgx2_epc_page *epc)
{
	clear_highpage(epc->page);
	__free_page(epc->page);
	epc->page = NULL;
	epc->owner = NULL;

	spin_lock(&sim.lock);
	epc->next_free = sim.free_head;
	sim.free_head = epc->index;
	sim.nr_free++;
	spin_unlock(&sim.lock);
}

static unsigned long sim_page_pfn(struct sgx2_epc_page *epc)
{
	return page_to_pfn(epc->page);
}

static u64 sim_epc_pages(void)
{
	return sim.nr;
}

/* ---- ENCLS -------------------------------------------------------------- */

static int sim_ecreate(struct sgx2_epc_page *secs, const void *contents)
{
	/* ECREATE's SECINFO: all zero, i.e. PT_SECS and no permissions. */
	static const struct sgx2_secinfo secs_secinfo;
	struct sgx2_sim_pageinfo pi = {
		.srcpge = contents, .secinfo = &secs_secinfo,
	};
	struct sgx2_sim_secs *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	INIT_LIST_HEAD(&s->threads);
	s->inject_gen = -1;
	/* A view of the one shared EPCM, with this enclave's lookup context. */
	s->epc = sim.view;
	s->epc.ctx = secs->owner;

	secs->secs_state = s;
	sim_state(secs);	/* the injection setting in force */
	ret = sgx2_sim_ecreate(&s->epc, &s->model, &pi, secs->index, NULL);
	if (ret) {
		secs->secs_state = NULL;
		kfree(s);
		return sim_ret(ret);
	}
	return 0;
}

static int sim_eadd(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		    u64 addr, const void *src, const struct sgx2_secinfo *secinfo)
{
	struct sgx2_sim_pageinfo pi = {
		.linaddr = addr, .srcpge = src, .secinfo = secinfo,
	};
	struct sgx2_sim_secs *s = sim_state(secs);

	return sim_ret(sgx2_sim_eadd(&s->epc, &s->model, &pi, page->index, NULL));
}

static int sim_eextend(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		       unsigned int offset)
{
	struct sgx2_sim_secs *s = sim_state(secs);

	return sim_ret(sgx2_sim_eextend(&s->epc, &s->model, page->index, offset,
					NULL));
}

static int sim_einit(struct sgx2_epc_page *secs, const void *sigstruct,
		     const void *token, const u64 *lepubkeyhash)
{
	struct sgx2_sim_secs *s = sim_state(secs);

	return sim_ret(sgx2_sim_einit(&s->epc, &s->model, sigstruct, token,
				      (const u8 *)lepubkeyhash, NULL));
}

static int sim_eremove(struct sgx2_epc_page *secs, struct sgx2_epc_page *page)
{
	struct sgx2_sim_secs *s = sim_state(secs ? secs : page);
	int ret;

	if (!s)		/* a SECS whose ECREATE failed: never VALID */
		return 0;
	ret = sgx2_sim_eremove(&s->epc, &s->model, page->index, NULL);
	if (!ret && !secs) {
		page->secs_state = NULL;
		kfree(s);
	}
	return sim_ret(ret);
}

static int sim_etrack(struct sgx2_epc_page *secs)
{
	struct sgx2_sim_secs *s = sim_state(secs);

	return sim_ret(sgx2_sim_etrack(&s->epc, &s->model, NULL));
}

static int sim_eaug(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		    u64 addr)
{
	struct sgx2_sim_pageinfo pi = { .linaddr = addr };
	struct sgx2_sim_secs *s = sim_state(secs);

	return sim_ret(sgx2_sim_eaug(&s->epc, &s->model, &pi, page->index, NULL));
}

static int sim_emodpr(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		      const struct sgx2_secinfo *secinfo)
{
	struct sgx2_sim_secs *s = sim_state(secs);

	return sim_ret(sgx2_sim_emodpr(&s->epc, &s->model, secinfo, page->index,
				       NULL));
}

static int sim_emodt(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		     const struct sgx2_secinfo *secinfo)
{
	struct sgx2_sim_secs *s = sim_state(secs);

	return sim_ret(sgx2_sim_emodt(&s->epc, &s->model, secinfo, page->index,
				      NULL));
}

static int sim_edbgrd(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		      unsigned int offset, u64 *data)
{
	struct sgx2_sim_secs *s = sim_state(secs);

	return sim_ret(sgx2_sim_edbgrd(&s->epc, &s->model, page->index, offset,
				       data, NULL));
}

static int sim_edbgwr(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
		      unsigned int offset, u64 data)
{
	struct sgx2_sim_secs *s = sim_state(secs);

	return sim_ret(sgx2_sim_edbgwr(&s->epc, &s->model, page->index, offset,
				       data, NULL));
}

/* What the EPCM lets enclave code do with @page, as VM_* bits. */
static unsigned long sim_epcm_access(struct sgx2_epc_page *secs,
				     struct sgx2_epc_page *page)
{
	const struct sgx2_sim_epcm *e = &sim.epcm[page->index];
	unsigned long access = 0;

	if (!(e->flags & SGX2_SIM_EPCM_VALID) || e->pt != SGX2_PAGE_TYPE_REG ||
	    (e->flags & (SGX2_SIM_EPCM_PENDING | SGX2_SIM_EPCM_MODIFIED |
			 SGX2_SIM_EPCM_BLOCKED)))
		return 0;
	if (e->flags & SGX2_SIM_EPCM_R)
		access |= VM_READ;
	if (e->flags & SGX2_SIM_EPCM_W)
		access |= VM_WRITE;
	if (e->flags & SGX2_SIM_EPCM_X)
		access |= VM_EXEC;
	return access;
}

/* ---- logical processors ------------------------------------------------- */

static void sim_thread_free(struct sgx2_sim_thread *t)
{
	list_del(&t->list);
	put_pid(t->pid);
	kfree(t);
}

/*
 * A thread that died inside the enclave left it at its last interrupt, as
 * on hardware: AEX (its SSA content is irrelevant now) and forget it.
 */
static void sim_threads_prune(struct sgx2_sim_secs *s, bool all)
{
	struct sgx2_sim_ssa_gpr gpr = {};
	struct sgx2_sim_thread *t, *tmp;
	struct sgx2_sim_regs regs;
	bool dead;

	list_for_each_entry_safe(t, tmp, &s->threads, list) {
		rcu_read_lock();
		dead = !pid_task(t->pid, PIDTYPE_PID);
		rcu_read_unlock();
		if (!all && !dead)
			continue;
		if (t->lp.inside) {
			memset(&regs, 0, sizeof(regs));
			sgx2_sim_aex(&s->epc, &s->model, &t->lp, &gpr, &regs);
		}
		sim_thread_free(t);
	}
}

static struct sgx2_sim_thread *sim_thread_get(struct sgx2_sim_secs *s)
{
	struct pid *pid = task_pid(current);
	struct sgx2_sim_thread *t;

	list_for_each_entry(t, &s->threads, list)
		if (t->pid == pid)
			return t;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->pid = get_pid(pid);
	list_add(&t->list, &s->threads);
	return t;
}

static void sim_ipi_done(struct sgx2_epc_page *secs)
{
	struct sgx2_sim_secs *s = sim_state(secs);
	struct sgx2_sim_thread *t;

	sim_threads_prune(s, false);
	list_for_each_entry(t, &s->threads, list)
		if (t->lp.inside)
			sgx2_sim_lp_interrupt(&s->model, &t->lp);
}

static void sim_encl_release(struct sgx2_epc_page *secs)
{
	if (sim_state(secs))
		sim_threads_prune(sim_state(secs), true);
}

/* ---- ENCLU -------------------------------------------------------------- */

/* EAUG at @addr as the fault path would for the calling thread's access. */
static int sim_eaug_fault(struct sgx2_encl *encl, unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int ret = -EFAULT;

	if (!mm)
		return -EFAULT;
	mmap_read_lock(mm);
	vma = vma_lookup(mm, addr);
	if (vma && sgx2_encl_owns_vma(encl, vma))
		ret = sgx2_encl_eaug_fault(encl, vma, addr & PAGE_MASK);
	mmap_read_unlock(mm);
	return ret == -EEXIST ? 0 : ret;
}

static const u8 sim_enclu_stat[] = {
	[SGX2_EENTER]		= SGX2_STAT_EENTER,
	[SGX2_ERESUME]		= SGX2_STAT_ERESUME,
	[SGX2_EEXIT]		= SGX2_STAT_EEXIT,
	[SGX2_EACCEPT]		= SGX2_STAT_EACCEPT,
	[SGX2_EMODPE]		= SGX2_STAT_EMODPE,
	[SGX2_EACCEPTCOPY]	= SGX2_STAT_EACCEPTCOPY,
};

static void sim_count(struct sgx2_encl *encl, const struct sgx2_sim_enclu *req)
{
	if (req->leaf == SGX2_SIM_AEX)
		sgx2_stats_add(&encl->stats, SGX2_STAT_AEX, 1);
	else if (req->leaf < ARRAY_SIZE(sim_enclu_stat) &&
		 sim_enclu_stat[req->leaf])
		sgx2_stats_add(&encl->stats, sim_enclu_stat[req->leaf], 1);
}

/*
 * An EACCEPT or EACCEPTCOPY ran on the page at @rcx (whatever its result):
 * the enclave touched it.  On hardware the same access faults in the
 * mapping first, which is where the fault handler marks it; the sim runs
 * the leaf without a mapping.  Enclave lock held.
 */
static void sim_touch(struct sgx2_encl *encl, u64 leaf, u64 rcx,
		      const struct sgx2_sim_enclu *req)
{
	struct sgx2_encl_page *entry;

	if ((leaf != SGX2_EACCEPT && leaf != SGX2_EACCEPTCOPY) ||
	    (req->flags & SGX2_SIM_ENCLU_EXCEPTION))
		return;
	entry = xa_load(&encl->page_array, PFN_DOWN(rcx));
	if (entry)
		sgx2_page_touch(entry);
}

/*
 * SGX2_IOC_SIM_ENCLU.  An EACCEPT, EACCEPTCOPY or EMODPE on an address with
 * no page is, on hardware, a #PF in the page walk that the kernel serves
 * by EAUG; here the model asks for it (-EAGAIN) and the leaf is retried.
 * If the EAUG cannot be done, the enclave takes the #PF (AEX).
 */
static long sim_enclu(struct sgx2_encl *encl, struct sgx2_sim_enclu *req)
{
	u64 leaf = req->leaf, rcx = req->gpr[SGX2_GPR_RCX];
	struct sgx2_sim_thread *t;
	struct sgx2_sim_secs *s;
	u64 eaug_addr = 0;
	int tries, ret;

	for (tries = 0; ; tries++) {
		mutex_lock(&encl->lock);
		if (!encl->secs || !sim_state(encl->secs)) {
			mutex_unlock(&encl->lock);
			return -EINVAL;
		}
		s = sim_state(encl->secs);
		sim_threads_prune(s, false);
		t = sim_thread_get(s);
		if (!t) {
			mutex_unlock(&encl->lock);
			return -ENOMEM;
		}
		ret = sgx2_sim_request(&s->epc, &s->model, &t->lp, req, &eaug_addr);
		if (ret != -EAGAIN)
			sim_count(encl, req);
		if (!ret)
			sim_touch(encl, leaf, rcx, req);
		if (!t->lp.inside)
			sim_thread_free(t);
		mutex_unlock(&encl->lock);

		if (ret != -EAGAIN)
			break;
		if (tries < 2 && !sim_eaug_fault(encl, eaug_addr))
			continue;

		/* No page can be added there: the enclave sees the #PF. */
		req->leaf = SGX2_SIM_AEX;
		req->exception_vector = SGX2_SIM_VECTOR_PF;
		req->exception_error_code = SGX2_SIM_PF_U | SGX2_SIM_PF_W;
		req->exception_addr = eaug_addr;
	}

	/* EMODPE may have widened the EPCM: drop the narrower PTE. */
	if (!ret && req->leaf == SGX2_EMODPE &&
	    !(req->flags & SGX2_SIM_ENCLU_EXCEPTION)) {
		unsigned long addr = req->gpr[SGX2_GPR_RCX] & PAGE_MASK;

		sgx2_encl_zap(encl, addr, addr + PAGE_SIZE);
	}
	return ret;
}

/* ---- limits, probe ------------------------------------------------------ */

/* Enclave code runs natively: only XSAVE features of this CPU. */
static void sim_limits(struct sgx2_secs_limits *lim)
{
	u32 eax, ebx, ecx, edx;

	cpuid_count(0xd, 0, &eax, &ebx, &ecx, &edx);
	lim->misc_reserved_mask = ~(u32)SGX2_SIM_MISC_EXINFO;
	lim->attributes_reserved_mask = ~(u64)SGX2_SIM_ATTR_SUPPORTED;
	lim->xfrm_reserved_mask = ~(eax | ((u64)edx << 32));
	lim->max_size_64 = 1ULL << SGX2_SIM_MAX_ENCL_SIZE_64;
	lim->max_size_32 = 1ULL << SGX2_SIM_MAX_ENCL_SIZE_32;
	lim->user_va_end_64 = BIT_ULL(SGX2_SIM_USER_VA_BITS);
}

static int sgx2_sim_probe(const char **why)
{
	u32 i;

	if (!sim_epc_mb || sim_epc_mb > SGX2_SIM_EPC_MB_MAX) {
		*why = "sim_epc_mb must be between 1 and 4096";
		return -ENODEV;
	}

	sim.nr = sim_epc_mb << (20 - PAGE_SHIFT);
	sim.pages = vcalloc(sim.nr, sizeof(*sim.pages));
	sim.epcm = vcalloc(sim.nr, sizeof(*sim.epcm));
	if (!sim.pages || !sim.epcm) {
		vfree(sim.pages);
		vfree(sim.epcm);
		*why = "no memory for the simulated EPCM";
		return -ENODEV;
	}

	spin_lock_init(&sim.lock);
	/* Once: this zeroes the EPCM (every page free). */
	sgx2_sim_epc_init(&sim.view, sim.epcm, sim.nr, &sim_model_ops, NULL);
	for (i = 0; i < sim.nr; i++) {
		sim.pages[i].index = i;
		sim.pages[i].next_free = i + 1 < sim.nr ? i + 1 : SGX2_SIM_NO_PAGE;
	}
	sim.free_head = 0;
	sim.nr_free = sim.nr;
	return 0;
}

/* Every enclave is gone (the module cannot unload under an open file). */
static void sgx2_sim_remove(void)
{
	vfree(sim.pages);
	vfree(sim.epcm);
}

const struct sgx2_backend sgx2_sim_backend = {
	.name		= "sim",
	.probe		= sgx2_sim_probe,
	.remove		= sgx2_sim_remove,
	.caps		= SGX2_CAP_SGX2 | SGX2_CAP_PTE_MIRRORS_EPCM,
	.limits		= sim_limits,
	.epc_alloc	= sim_alloc_page,
	.epc_free	= sim_free_page,
	.epc_pfn	= sim_page_pfn,
	.epc_pages	= sim_epc_pages,
	/* The simulated EPC is the module's alone: nothing to leave to others. */
	.budget_pct	= 100,
	.ecreate	= sim_ecreate,
	.eadd		= sim_eadd,
	.eextend	= sim_eextend,
	.einit		= sim_einit,
	.eremove	= sim_eremove,
	.etrack		= sim_etrack,
	.eaug		= sim_eaug,
	.emodpr		= sim_emodpr,
	.emodt		= sim_emodt,
	.edbgrd		= sim_edbgrd,
	.edbgwr		= sim_edbgwr,
	.ipi_done	= sim_ipi_done,
	.epcm_access	= sim_epcm_access,
	.encl_release	= sim_encl_release,
	.sim_enclu	= sim_enclu,
};
