// SPDX-License-Identifier: GPL-2.0
/*
 * backend_hw.c - the hardware backend: real ENCLS, in-kernel EPC allocator.
 *
 * This is the only code that needs an SGX2 CPU.  Its probe refuses cleanly
 * on any machine it cannot serve; before anything else it checks, with a
 * harmless ENCLS, that the module's exception fixup catches a faulting
 * leaf (on a CPU without SGX, the #UD every ENCLS raises).
 *
 * EPC pages come from the kernel's allocator (hw_symbols.c) with this
 * module's enclave as owner and are never marked reclaimable; shared code
 * EREMOVEs them before handing them back, and sgx_free_epc_page() does not
 * EREMOVE again (5.13+).  A page's addresses come from the kernel's EPC
 * section table, as the kernel computes them itself: the section is
 * page->section, the index within it page - section->pages.
 *
 * Not yet run on SGX hardware: every path that needs SGX is reviewed
 * against the SDM and mainline only.
 */
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/trapnr.h>
#include <linux/bits.h>
#include <linux/mm.h>
#include <linux/namei.h>
#include <linux/preempt.h>

#include "../core/sgx2_edmm.h"
#include "encls.h"
#include "hw_symbols.h"
#include "../core/validate.h"

#define SGX2_HW_CPUID			0x12
#define SGX2_HW_CPUID_EPC		2	/* first EPC section sub-leaf */
#define SGX2_HW_CPUID_EPC_SECTION	1
#define SGX2_HW_LEPUBKEYHASH_MSRS	4	/* IA32_SGXLEPUBKEYHASH0-3 */
#define SGX2_HW_CORE_DEV		"/sys/class/misc/sgx_provision"

/* SECS.ATTRIBUTES this module lets through when the CPU allows them. */
#define SGX2_HW_ATTR_KNOWN	(BIT_ULL(1) |	/* DEBUG */		\
				 BIT_ULL(2) |	/* MODE64BIT */		\
				 BIT_ULL(4) |	/* PROVISIONKEY */	\
				 BIT_ULL(5) |	/* EINITTOKEN_KEY */	\
				 BIT_ULL(7))	/* KSS */
/* SECS.XFRM without XSAVE: x87 and SSE only. */
#define SGX2_HW_XFRM_LEGACY	(SGX2_XFRM_FP | SGX2_XFRM_SSE)

#define SGX2_HW_WHY_NO_LC \
	"the launch control MSRs (IA32_SGXLEPUBKEYHASH0-3) are not writable: the firmware locked them, so EINIT cannot accept our enclaves' signers"

static struct sgx2_hw_core sgx2_hw;
static bool sgx2_hw_bound;
/* Pages in the EPC sections the in-kernel core set up (CPUID leaf 0x12). */
static u64 sgx2_hw_nr_pages;

/* ---- EPC addresses ----------------------------------------------------- */

static const struct sgx2_hw_epc_section *
sgx2_hw_section(const struct sgx2_epc_page *page)
{
	return &sgx2_hw.sections[page->section];
}

static void *sgx2_hw_va(const struct sgx2_epc_page *page)
{
	const struct sgx2_hw_epc_section *s = sgx2_hw_section(page);

	return s->virt_addr + (page - s->pages) * PAGE_SIZE;
}

static unsigned long sgx2_hw_pfn(struct sgx2_epc_page *page)
{
	const struct sgx2_hw_epc_section *s = sgx2_hw_section(page);

	return PFN_DOWN(s->phys_addr) + (page - s->pages);
}

static struct sgx2_epc_page *sgx2_hw_alloc(void *owner)
{
	return sgx2_hw_alloc_epc_page(owner);
}

static void sgx2_hw_free(struct sgx2_epc_page *page)
{
	sgx2_hw_free_epc_page(page);
}

static u64 sgx2_hw_epc_pages(void)
{
	return sgx2_hw_nr_pages;
}

/* ---- ENCLS ------------------------------------------------------------- */

static int sgx2_hw_ecreate(struct sgx2_epc_page *secs, const void *contents)
{
	struct sgx2_secinfo secinfo = {};	/* type SECS, no permissions */
	struct sgx2_pageinfo pi = {
		.contents = (unsigned long)contents,
		.metadata = (unsigned long)&secinfo,
	};

	return sgx2_encls_ecreate(&pi, sgx2_hw_va(secs));
}

static int sgx2_hw_eadd(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
			u64 addr, const void *src,
			const struct sgx2_secinfo *secinfo)
{
	struct sgx2_pageinfo pi = {
		.addr = addr,
		.contents = (unsigned long)src,
		.metadata = (unsigned long)secinfo,
		.secs = (unsigned long)sgx2_hw_va(secs),
	};

	return sgx2_encls_eadd(&pi, sgx2_hw_va(page));
}

static int sgx2_hw_eextend(struct sgx2_epc_page *secs,
			   struct sgx2_epc_page *page, unsigned int offset)
{
	return sgx2_encls_eextend(sgx2_hw_va(secs), sgx2_hw_va(page) + offset);
}

/*
 * Launch control: EINIT checks the enclave's signer against the
 * IA32_SGXLEPUBKEYHASH MSRs of the logical processor that executes it, so
 * they are written, and EINIT run, without preemption in between.  The
 * probe made sure the MSRs are writable (X86_FEATURE_SGX_LC).
 */
static int sgx2_hw_einit(struct sgx2_epc_page *secs, const void *sigstruct,
			 const void *token, const u64 *lepubkeyhash)
{
	int i, ret = 0;

	preempt_disable();
	for (i = 0; i < SGX2_HW_LEPUBKEYHASH_MSRS && !ret; i++)
		ret = wrmsrl_safe(MSR_IA32_SGXLEPUBKEYHASH0 + i,
				  lepubkeyhash[i]);
	if (ret)
		ret = SGX2_ENCLS_FAULT_FLAG | X86_TRAP_GP;
	else
		ret = sgx2_encls_einit(sigstruct, sgx2_hw_va(secs), token);
	preempt_enable();
	if (!ret)
		pr_info_once("EINIT: first enclave initialized, IA32_SGXLEPUBKEYHASH0-3 written with its signer's hash %016llx...\n",
			     lepubkeyhash[0]);
	return ret;
}

static int sgx2_hw_eremove(struct sgx2_epc_page *secs,
			   struct sgx2_epc_page *page)
{
	return sgx2_encls_eremove(sgx2_hw_va(page));
}

static int sgx2_hw_etrack(struct sgx2_epc_page *secs)
{
	return sgx2_encls_etrack(sgx2_hw_va(secs));
}

static int sgx2_hw_eaug(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
			u64 addr)
{
	struct sgx2_pageinfo pi = {
		.addr = addr,
		.secs = (unsigned long)sgx2_hw_va(secs),
	};

	return sgx2_encls_eaug(&pi, sgx2_hw_va(page));
}

static int sgx2_hw_emodpr(struct sgx2_epc_page *secs,
			  struct sgx2_epc_page *page,
			  const struct sgx2_secinfo *secinfo)
{
	return sgx2_encls_emodpr(secinfo, sgx2_hw_va(page));
}

static int sgx2_hw_emodt(struct sgx2_epc_page *secs, struct sgx2_epc_page *page,
			 const struct sgx2_secinfo *secinfo)
{
	return sgx2_encls_emodt(secinfo, sgx2_hw_va(page));
}

static int sgx2_hw_edbgrd(struct sgx2_epc_page *secs,
			  struct sgx2_epc_page *page, unsigned int offset,
			  u64 *data)
{
	return sgx2_encls_edbgrd(sgx2_hw_va(page) + offset, data);
}

static int sgx2_hw_edbgwr(struct sgx2_epc_page *secs,
			  struct sgx2_epc_page *page, unsigned int offset,
			  u64 data)
{
	return sgx2_encls_edbgwr(sgx2_hw_va(page) + offset, data);
}

/* ---- limits ------------------------------------------------------------ */

/* What ECREATE accepts on this CPU (CPUID leaf 0x12), as mainline reads it. */
static void sgx2_hw_limits(struct sgx2_secs_limits *lim)
{
	u32 eax, ebx, ecx, edx;

	cpuid_count(SGX2_HW_CPUID, 0, &eax, &ebx, &ecx, &edx);
	/* The SSA frame sizing knows the EXINFO MISC area only. */
	lim->misc_reserved_mask = ~(ebx & SGX2_MISC_EXINFO);
	lim->max_size_64 = 1ULL << ((edx >> 8) & 0xff);
	lim->max_size_32 = 1ULL << (edx & 0xff);
	/* User space: below 2^47, or 2^56 with 5-level paging (LA57). */
	lim->user_va_end_64 = BIT_ULL(__VIRTUAL_MASK_SHIFT);

	cpuid_count(SGX2_HW_CPUID, 1, &eax, &ebx, &ecx, &edx);
	lim->attributes_reserved_mask =
		~((eax | (u64)ebx << 32) & SGX2_HW_ATTR_KNOWN);
	if (boot_cpu_has(X86_FEATURE_OSXSAVE))
		lim->xfrm_reserved_mask = ~(ecx | (u64)edx << 32);
	else
		lim->xfrm_reserved_mask = ~SGX2_HW_XFRM_LEGACY;
}

/* ---- probe ------------------------------------------------------------- */

/* Refuse, @reason (a static sentence) going to the caller's one pr_err. */
static int sgx2_hw_refuse(const char **why, const char *reason)
{
	*why = reason;
	return -ENODEV;
}

/* Operand of the self-test: a kernel address that is not page aligned. */
static const u8 sgx2_hw_selftest_operand[8] __aligned(8);

/*
 * Run ETRACK, through the wrapper the driver uses, on a misaligned
 * address, and expect a fault caught by the module's exception fixup:
 *  - #UD when ENCLS is unavailable (no SGX, or SGX disabled);
 *  - #GP(0) when it is available: alignment is ETRACK's first operand
 *    check, made before the operand is accessed, so nothing is read or
 *    written and no page fault is possible.
 * An address in the kernel half keeps this true even if a CPU checked
 * something else first: it is never a user address, which would oops on
 * SMAP-enabled CPUs whatever the exception table says.
 */
static int sgx2_hw_selftest(const char **why)
{
	int ret = sgx2_encls_etrack(&sgx2_hw_selftest_operand[1]);
	const char *caught;

	/* #UD only where the kernel does not use SGX: else ENCLS is broken. */
	if (ret == (SGX2_ENCLS_FAULT_FLAG | X86_TRAP_UD) &&
	    !boot_cpu_has(X86_FEATURE_SGX))
		caught = "#UD";
	else if (ret == (SGX2_ENCLS_FAULT_FLAG | X86_TRAP_GP))
		caught = "#GP";
	else
		caught = NULL;

	if (!caught) {
		pr_info("ENCLS fixup self-test: unexpected result %#x\n", ret);
		return sgx2_hw_refuse(why, "the ENCLS exception fixup self-test failed");
	}
	pr_info("ENCLS fixup self-test: %s caught (ETRACK on a misaligned operand; ENCLS %s)\n",
		caught, boot_cpu_has(X86_FEATURE_SGX) ? "enabled" :
		"not enabled by the kernel");
	return 0;
}

/*
 * The in-kernel SGX core is active when its init succeeded, and then its
 * section table has an entry for each EPC section CPUID enumerates.  A
 * failed sgx_init() leaves the table filled but its memory freed; it
 * registers /dev/sgx_provision before the drivers and removes it on
 * failure, so that device says whether init succeeded.
 */
static int sgx2_hw_check_core(const char **why)
{
	int nr = READ_ONCE(*sgx2_hw.nr_sections);
	u32 eax, ebx, ecx, edx;
	u64 base, size, pages = 0;
	struct path path;
	int i;

	if (kern_path(SGX2_HW_CORE_DEV, LOOKUP_FOLLOW, &path))
		return sgx2_hw_refuse(why,
				      "the in-kernel SGX core is inactive (no /sys/class/misc/sgx_provision: its initialization failed)");
	path_put(&path);

	if (nr <= 0)
		return sgx2_hw_refuse(why,
				      "the in-kernel SGX core is inactive (it set up no EPC section; see its sgx: messages at boot)");
	if (nr > sgx2_hw.slots)
		return sgx2_hw_refuse(why,
				      "the kernel counts more EPC sections than sgx_epc_sections[] holds");
	for (i = 0; i < nr; i++) {
		const struct sgx2_hw_epc_section *s = &sgx2_hw.sections[i];

		cpuid_count(SGX2_HW_CPUID, SGX2_HW_CPUID_EPC + i,
			    &eax, &ebx, &ecx, &edx);
		base = (eax & GENMASK(31, 12)) |
		       (u64)(ebx & GENMASK(19, 0)) << 32;
		if ((eax & GENMASK(3, 0)) != SGX2_HW_CPUID_EPC_SECTION ||
		    s->phys_addr != base || !s->virt_addr || !s->pages)
			return sgx2_hw_refuse(why,
					      "the kernel's EPC section table does not match CPUID leaf 0x12");
		size = (ecx & GENMASK(31, 12)) |
		       (u64)(edx & GENMASK(19, 0)) << 32;
		pages += size >> PAGE_SHIFT;
		pr_info("EPC section %d: physical %#llx-%#llx, %llu pages (the kernel's table matches CPUID leaf 0x12)\n",
			i, base, base + size - 1, size >> PAGE_SHIFT);
	}
	sgx2_hw_nr_pages = pages;
	return 0;
}

/* Why this CPU cannot run the backend, or NULL. */
static const char *sgx2_hw_cpu_unusable(void)
{
	if (!boot_cpu_has(X86_FEATURE_SGX))
		return "the CPU has no SGX, or the kernel or firmware disabled it";
	if (!boot_cpu_has(X86_FEATURE_SGX2))
		return "the CPU has SGX1 but not SGX2";
	if (!boot_cpu_has(X86_FEATURE_SGX_LC))
		return SGX2_HW_WHY_NO_LC;
	return NULL;
}

/*
 * The self-test runs first, on every CPU.  The binding (symbols, BTF, IBT
 * report) is done even when the CPU cannot be used, so that its checks
 * run and are reported everywhere; the CPU's reason takes precedence in
 * the refusal.
 */
static int sgx2_hw_probe(const char **why)
{
	const char *cpu_why, *bind_why = NULL;
	int ret;

	if (sgx2_hw_selftest(why))
		return -ENODEV;

	if (SGX2_HW_KERNEL_TOO_OLD)
		return sgx2_hw_refuse(why,
				      "kernels before 5.13 have another EPC allocator (sgx_free_epc_page() EREMOVEs)");

	/* Reads and checks only: nothing of the SGX core is called. */
	ret = sgx2_hw_bind(&sgx2_hw, &bind_why);

	cpu_why = sgx2_hw_cpu_unusable();
	if (cpu_why) {
		if (ret)
			pr_info("the in-kernel SGX core could not be used either: %s\n",
				bind_why);
		else
			sgx2_hw_unbind();
		return sgx2_hw_refuse(why, cpu_why);
	}
	if (ret)
		return sgx2_hw_refuse(why, bind_why);

	ret = sgx2_hw_check_core(why);
	if (ret) {
		sgx2_hw_unbind();
		return ret;
	}
	sgx2_hw_bound = true;
	return 0;
}

static void sgx2_hw_remove(void)
{
	if (sgx2_hw_bound)
		sgx2_hw_unbind();
	sgx2_hw_bound = false;
}

const struct sgx2_backend sgx2_hw_backend = {
	.name		= "hw",
	.probe		= sgx2_hw_probe,
	.remove		= sgx2_hw_remove,
	.caps		= SGX2_CAP_SGX2,
	.limits		= sgx2_hw_limits,
	.epc_alloc	= sgx2_hw_alloc,
	.epc_free	= sgx2_hw_free,
	.epc_pfn	= sgx2_hw_pfn,
	.epc_pages	= sgx2_hw_epc_pages,
	/*
	 * A quarter of the EPC is left to the in-kernel driver's enclaves
	 * (which reclaim, so they run in little EPC) and to vEPC.
	 */
	.budget_pct	= 75,
	.ecreate	= sgx2_hw_ecreate,
	.eadd		= sgx2_hw_eadd,
	.eextend	= sgx2_hw_eextend,
	.einit		= sgx2_hw_einit,
	.eremove	= sgx2_hw_eremove,
	.etrack		= sgx2_hw_etrack,
	.eaug		= sgx2_hw_eaug,
	.emodpr		= sgx2_hw_emodpr,
	.emodt		= sgx2_hw_emodt,
	.edbgrd		= sgx2_hw_edbgrd,
	.edbgwr		= sgx2_hw_edbgwr,
};
