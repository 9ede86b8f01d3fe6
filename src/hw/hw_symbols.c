// SPDX-License-Identifier: GPL-2.0
/*
 * hw_symbols.c - binding the hw backend to the in-kernel SGX core.
 *
 * The EPC allocator (sgx_alloc_epc_page(), sgx_free_epc_page()) and the
 * section table (sgx_epc_sections[], sgx_nr_epc_sections) are not
 * exported.  They are found at load time with kallsyms_lookup_name(),
 * itself not exported since 5.7, whose address a kprobe reveals.  Before
 * anything found this way is used:
 *
 *  - the running kernel's BTF must describe struct sgx_epc_page, struct
 *    sgx_epc_section and the three functions exactly as this module
 *    declares them (hw_symbols.h); no BTF or any difference refuses;
 *  - each address must map back, through sprint_symbol(), to the start of
 *    the symbol asked for, in the core kernel; the section table's
 *    symbol size bounds the number of sections.
 *
 * Calling non-exported functions safely under kernel IBT
 * -------------------------------------------------------
 * With CONFIG_X86_KERNEL_IBT=y an indirect CALL or JMP must land on an
 * ENDBR64 instruction, or an IBT-enforcing CPU raises #CP.  At boot the
 * kernel "seals" every function whose address is never taken, replacing
 * its ENDBR64 with a 4-byte NOP (66 0f 1f 00); kallsyms_lookup_name() and
 * the SGX allocator functions are among them.  A plain function pointer
 * call (call *%reg, or a retpoline/`jmp *%reg` thunk) to such a function
 * therefore crashes, and a NOTRACK prefix does not help: Linux does not
 * enable it.
 *
 * This module never branches indirectly to a resolved address.  Each
 * target has a static call (DEFINE_STATIC_CALL): a trampoline in this
 * module's text whose only instruction is a direct JMP rel32, and call
 * sites that are direct CALLs to the trampoline (or, where objtool
 * recorded them, direct CALLs patched to the target itself).  Binding a
 * target is static_call_update(), which has the kernel's text poking
 * machinery (text_poke_bp) rewrite those direct branches to the resolved
 * address - the same mechanism KVM uses to bind its module's static calls
 * to vendor functions.  Direct near branches are not tracked by IBT, so
 * neither ENDBR64 nor a sealed NOP at the target matters, and no IBT or
 * CET state is touched.  The rel32 always reaches: every target is core
 * kernel text (checked below), and x86-64 modules are placed within 2 GiB
 * of it - the module's own calls to exported functions are rel32 as well,
 * and the loader refuses a module whose relocations do not fit.  Targets
 * are entered at their symbol address, where the (possibly sealed) ENDBR64
 * executes as a NOP.
 *
 * The kprobe's address is the function plus 4 on IBT kernels (kprobes skip
 * the ENDBR64 or its sealed NOP), so the entry of kallsyms_lookup_name()
 * is taken 4 bytes before it when those 4 bytes are one of the two; the
 * choice is then confirmed by having kallsyms_lookup_name() look itself
 * up through the bound static call.  The bytes found at each entry are
 * reported at load time.
 */
#include <linux/err.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/static_call.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#ifdef CONFIG_X86_KERNEL_IBT
#include <asm/ibt.h>
#endif

#include "hw_btf.h"
#include "hw_symbols.h"

#define SGX2_BTF_PATH		"/sys/kernel/btf/vmlinux"
#define SGX2_SEALED_ENDBR	0x001f0f66	/* 66 0f 1f 00, little-endian */
#define SGX2_WHY_LEN		200
#define SGX2_HW_WHY_LAYOUT \
	"the running kernel's struct %s differs from this module's (BTF: %s)"

/* ---- static calls: the only way this module calls resolved code --------- */

/* What the static calls do while unbound. */
static unsigned long sgx2_kln_unbound(const char *name)
{
	return 0;
}

static struct sgx2_epc_page *sgx2_alloc_unbound(void *owner, bool reclaim)
{
	return ERR_PTR(-ENODEV);
}

static void sgx2_free_unbound(struct sgx2_epc_page *page)
{
}

DEFINE_STATIC_CALL(sgx2_kln, sgx2_kln_unbound);
DEFINE_STATIC_CALL(sgx2_alloc, sgx2_alloc_unbound);
DEFINE_STATIC_CALL(sgx2_free, sgx2_free_unbound);

/**
 * sgx2_hw_alloc_epc_page() - take a page from the kernel's EPC allocator
 * @owner:	stored in the kernel's page descriptor; never NULL
 *
 * Calls sgx_alloc_epc_page(@owner, false): no reclaim, so it neither
 * sleeps nor needs the caller to be free of mmap locks.  The page is not
 * marked reclaimable, so the kernel's reclaimer never sees it.
 *
 * Return: the page, or ERR_PTR(-EBUSY) when the EPC has no free page.
 */
struct sgx2_epc_page *sgx2_hw_alloc_epc_page(void *owner)
{
	struct sgx2_epc_page *page = static_call(sgx2_alloc)(owner, false);

	/* -ENOMEM: no free page and nothing the kernel could reclaim. */
	if (IS_ERR(page) && PTR_ERR(page) == -ENOMEM)
		return ERR_PTR(-EBUSY);
	return page;
}

/**
 * sgx2_hw_free_epc_page() - give a page back to the kernel's EPC allocator
 * @page:	a page from sgx2_hw_alloc_epc_page() that is not VALID in the
 *		EPCM any more (sgx_free_epc_page() does not EREMOVE since 5.13)
 */
void sgx2_hw_free_epc_page(struct sgx2_epc_page *page)
{
	static_call(sgx2_free)(page);
}

/* ---- finding symbols --------------------------------------------------- */

static char sgx2_hw_why[SGX2_WHY_LEN];

static int sgx2_hw_fail(const char **why, const char *reason)
{
	*why = reason;
	return -ENODEV;
}

/* A reason with details, for *why: the probe runs once, at load time. */
static __printf(1, 2) const char *sgx2_hw_reason(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(sgx2_hw_why, sizeof(sgx2_hw_why), fmt, args);
	va_end(args);
	return sgx2_hw_why;
}

static u32 sgx2_hw_first_bytes(unsigned long addr)
{
	u32 insn = 0;

	if (copy_from_kernel_nofault(&insn, (void *)addr, sizeof(insn)))
		return 0;
	return insn;
}

/* ENDBR64/32 or its sealed NOP: a function entry of an IBT kernel. */
static bool sgx2_hw_is_endbr(u32 insn)
{
#ifdef CONFIG_X86_KERNEL_IBT
	return is_endbr(insn);
#else
	return false;
#endif
}

static const char *sgx2_hw_entry_kind(u32 insn)
{
	if (!IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		return "no IBT";
	if (insn == SGX2_SEALED_ENDBR)
		return "sealed";
	if (sgx2_hw_is_endbr(insn))
		return "ENDBR64";
	return "no ENDBR";
}

/* The entry of kallsyms_lookup_name(), from a kprobe placed on it. */
static int sgx2_hw_find_kln(unsigned long *entry, const char **why)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	unsigned long addr;
	int ret;

	ret = register_kprobe(&kp);
	if (ret)
		return sgx2_hw_fail(why,
				    "kallsyms_lookup_name cannot be found: register_kprobe() on it failed (CONFIG_KPROBES?)");
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);

	/*
	 * IBT kernels: kprobes moved past the (sealed) ENDBR64, and every C
	 * function starts with one.  Anything else is not understood.
	 */
	if (IS_ENABLED(CONFIG_X86_KERNEL_IBT) &&
	    sgx2_hw_is_endbr(sgx2_hw_first_bytes(addr - 4)))
		addr -= 4;
	else if (IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		return sgx2_hw_fail(why,
				    "kallsyms_lookup_name does not start with ENDBR64 or its sealed NOP on this IBT kernel");
	*entry = addr;
	return 0;
}

/*
 * Resolve @name through kallsyms_lookup_name() and check that the address
 * is the start of that very symbol in the core kernel; @size receives the
 * symbol's extent (up to the next symbol).
 */
static int sgx2_hw_lookup(const char *name, unsigned long *addr,
			  unsigned long *size, const char **why)
{
	size_t len = strlen(name);
	char *buf;
	int ret = -ENODEV;

	*addr = static_call(sgx2_kln)(name);
	if (!*addr) {
		*why = sgx2_hw_reason("the kernel has no symbol %s (%s)", name,
				      "in-kernel SGX driver too old or too new, or CONFIG_KALLSYMS_ALL off");
		return -ENODEV;
	}

	buf = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!buf) {
		*why = "no memory";
		return -ENOMEM;
	}
	sprint_symbol(buf, *addr);
	/* "name+0x0/0xsize": the symbol's start, and no " [module]". */
	if (strncmp(buf, name, len) || strncmp(buf + len, "+0x0/", 5) ||
	    kstrtoul(buf + len + 5, 16, size) || !*size)
		*why = sgx2_hw_reason("kallsyms resolves %s to something else (%s)",
				      name, buf);
	else
		ret = 0;
	kfree(buf);
	return ret;
}

/* ---- the layout checks ------------------------------------------------- */

static const struct sgx2_btf_want sgx2_want_void = { .kind = SGX2_BTF_VOID };
static const struct sgx2_btf_want sgx2_want_ptr = { .kind = SGX2_BTF_PTR };

static const struct sgx2_btf_want sgx2_want_page_ptr = {
	.kind = SGX2_BTF_PTR, .pointee = "sgx_epc_page",
};

static const struct sgx2_btf_want sgx2_want_u32 = {
	.kind = SGX2_BTF_INT, .size = sizeof(u32),
};

static const struct sgx2_btf_want sgx2_want_ulong = {
	.kind = SGX2_BTF_INT, .size = sizeof(unsigned long),
};

/* Struct sizes and members this module relies on (hw_symbols.h). */
static const struct {
	const char *type;
	const char *member;		/* NULL: check sizeof(type) */
	u32 value;			/* offset or size, bytes */
	const struct sgx2_btf_want *want;
} sgx2_hw_layout[] = {
	{ "sgx_epc_page", NULL, sizeof(struct sgx2_epc_page) },
	{ "sgx_epc_page", "section", offsetof(struct sgx2_epc_page, section),
	  &sgx2_want_u32 },
	{ "sgx_epc_section", NULL, sizeof(struct sgx2_hw_epc_section) },
	{ "sgx_epc_section", "phys_addr",
	  offsetof(struct sgx2_hw_epc_section, phys_addr), &sgx2_want_ulong },
	{ "sgx_epc_section", "virt_addr",
	  offsetof(struct sgx2_hw_epc_section, virt_addr), &sgx2_want_ptr },
	{ "sgx_epc_section", "pages",
	  offsetof(struct sgx2_hw_epc_section, pages), &sgx2_want_page_ptr },
};

static const struct sgx2_btf_want sgx2_kln_params[] = {
	{ .kind = SGX2_BTF_PTR },				/* name */
};

static const struct sgx2_btf_want sgx2_alloc_params[] = {
	{ .kind = SGX2_BTF_PTR },				/* owner */
	{ .kind = SGX2_BTF_INT, .size = sizeof(bool) },		/* reclaim */
};

static const struct sgx2_btf_want sgx2_free_params[] = {
	{ .kind = SGX2_BTF_PTR, .pointee = "sgx_epc_page" },	/* page */
};

/* Prototypes of the functions called through the static calls. */
static const struct {
	const char *name;
	const struct sgx2_btf_want *ret;
	const struct sgx2_btf_want *params;
	u32 nr_params;
} sgx2_hw_funcs[] = {
	{ "kallsyms_lookup_name", &sgx2_want_ulong, sgx2_kln_params,
	  ARRAY_SIZE(sgx2_kln_params) },
	{ "sgx_alloc_epc_page", &sgx2_want_page_ptr, sgx2_alloc_params,
	  ARRAY_SIZE(sgx2_alloc_params) },
	{ "sgx_free_epc_page", &sgx2_want_void, sgx2_free_params,
	  ARRAY_SIZE(sgx2_free_params) },
};

static int sgx2_hw_check_btf(const char **why)
{
	struct sgx2_btf btf;
	unsigned int i;
	int ret;

	ret = sgx2_btf_load(&btf, SGX2_BTF_PATH, why);
	if (ret)
		return -ENODEV;

	for (i = 0; i < ARRAY_SIZE(sgx2_hw_layout); i++) {
		const char *type = sgx2_hw_layout[i].type;
		const char *member = sgx2_hw_layout[i].member;

		if (member)
			ret = sgx2_btf_check_member(&btf, type, member,
						    sgx2_hw_layout[i].value,
						    sgx2_hw_layout[i].want);
		else
			ret = sgx2_btf_check_size(&btf, type,
						  sgx2_hw_layout[i].value);
		if (ret) {
			*why = sgx2_hw_reason(SGX2_HW_WHY_LAYOUT, type,
					      member ?: "size");
			goto out;
		}
	}
	for (i = 0; i < ARRAY_SIZE(sgx2_hw_funcs); i++) {
		ret = sgx2_btf_check_func(&btf, sgx2_hw_funcs[i].name,
					  sgx2_hw_funcs[i].ret,
					  sgx2_hw_funcs[i].params,
					  sgx2_hw_funcs[i].nr_params);
		if (ret) {
			*why = sgx2_hw_reason("the running kernel's %s() %s (BTF)",
					      sgx2_hw_funcs[i].name,
					      ret == -ENOENT ? "is missing" :
					      "has another prototype than this module was written for");
			goto out;
		}
	}
	pr_info("BTF: %u checks of the sizes and members of struct sgx_epc_page and struct sgx_epc_section, and %u function prototypes, match this module\n",
		(unsigned int)ARRAY_SIZE(sgx2_hw_layout),
		(unsigned int)ARRAY_SIZE(sgx2_hw_funcs));
out:
	sgx2_btf_free(&btf);
	return ret ? -ENODEV : 0;
}

/* ---- binding ----------------------------------------------------------- */

static void sgx2_hw_report_ibt(unsigned long kln, unsigned long alloc,
			       unsigned long free)
{
	u32 k = sgx2_hw_first_bytes(kln);
	u32 a = sgx2_hw_first_bytes(alloc);
	u32 f = sgx2_hw_first_bytes(free);
	bool enforced = false;

#ifdef X86_FEATURE_IBT
	enforced = cpu_feature_enabled(X86_FEATURE_IBT);
#endif
	pr_info("IBT: kernel X86_KERNEL_IBT=%s, enforced by this CPU: %s; entry bytes: kallsyms_lookup_name %4phN (%s), sgx_alloc_epc_page %4phN (%s), sgx_free_epc_page %4phN (%s)\n",
		IS_ENABLED(CONFIG_X86_KERNEL_IBT) ? "y" : "n",
		enforced ? "yes" : "no", &k, sgx2_hw_entry_kind(k),
		&a, sgx2_hw_entry_kind(a), &f, sgx2_hw_entry_kind(f));
}

/**
 * sgx2_hw_bind() - find and check the in-kernel SGX core, bind static calls
 * @core:	receives the EPC section table
 * @why:	on failure, a sentence saying why
 *
 * Nothing in the SGX core is called here: the only resolved function
 * called is kallsyms_lookup_name().  Logs the IBT state of the targets
 * and the call path that will be used.
 *
 * Return: 0, or -ENODEV (-ENOMEM) with @why set; on failure nothing stays
 * bound.
 */
int sgx2_hw_bind(struct sgx2_hw_core *core, const char **why)
{
	unsigned long kln, alloc, free, sections, nr, size;
	int ret;

	memset(core, 0, sizeof(*core));

	/* Layouts and prototypes first: nothing is called before this. */
	ret = sgx2_hw_check_btf(why);
	if (ret)
		return ret;

	ret = sgx2_hw_find_kln(&kln, why);
	if (ret)
		return ret;
	pr_info("kallsyms_lookup_name found through a kprobe at %pS\n",
		(void *)kln);
	static_call_update(sgx2_kln, (void *)kln);
	ret = sgx2_hw_lookup("kallsyms_lookup_name", &alloc, &size, why);
	if (!ret && alloc != kln) {
		*why = "kallsyms_lookup_name, found through a kprobe, does not find itself";
		ret = -ENODEV;
	}
	if (!ret)
		ret = sgx2_hw_lookup("sgx_alloc_epc_page", &alloc, &size, why);
	if (!ret)
		ret = sgx2_hw_lookup("sgx_free_epc_page", &free, &size, why);
	if (!ret)
		ret = sgx2_hw_lookup("sgx_nr_epc_sections", &nr, &size, why);
	if (!ret && size < sizeof(int)) {
		*why = "sgx_nr_epc_sections is smaller than an int";
		ret = -ENODEV;
	}
	if (!ret)
		ret = sgx2_hw_lookup("sgx_epc_sections", &sections, &size, why);
	if (!ret && size < sizeof(struct sgx2_hw_epc_section)) {
		*why = "sgx_epc_sections is smaller than one section";
		ret = -ENODEV;
	}
	if (ret)
		goto err;

	sgx2_hw_report_ibt(kln, alloc, free);
	static_call_update(sgx2_alloc, (void *)alloc);
	static_call_update(sgx2_free, (void *)free);
	if (static_call_query(sgx2_kln) != (void *)kln ||
	    static_call_query(sgx2_alloc) != (void *)alloc ||
	    static_call_query(sgx2_free) != (void *)free) {
		*why = "a static call did not take its new target";
		ret = -ENODEV;
		goto err;
	}
	pr_info("call path: direct jumps from static-call trampolines to %pS, %pS, %pS (kallsyms_lookup_name called that way and found itself)\n",
		(void *)kln, (void *)alloc, (void *)free);

	core->sections = (struct sgx2_hw_epc_section *)sections;
	core->nr_sections = (const int *)nr;
	core->slots = size / sizeof(struct sgx2_hw_epc_section);
	return 0;

err:
	sgx2_hw_unbind();
	return ret;
}

/**
 * sgx2_hw_symbol() - find a symbol of the core kernel
 * @name:	the symbol
 * @why:	receives the reason when there is none
 *
 * The same lookup and check as the allocator's: the address must be the
 * start of @name in the core kernel.  Only after sgx2_hw_bind() succeeded.
 * The module needs nothing more; the emulated CPU's ring-0 probe uses it
 * to recognise the in-kernel driver's files.
 *
 * Return: the symbol's address, or 0 with @why set.
 */
unsigned long sgx2_hw_symbol(const char *name, const char **why)
{
	unsigned long addr, size;

	return sgx2_hw_lookup(name, &addr, &size, why) ? 0 : addr;
}

/**
 * sgx2_hw_unbind() - point the static calls back at their unbound stubs
 */
void sgx2_hw_unbind(void)
{
	static_call_update(sgx2_kln, sgx2_kln_unbound);
	static_call_update(sgx2_alloc, sgx2_alloc_unbound);
	static_call_update(sgx2_free, sgx2_free_unbound);
}
