/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hw_symbols.h - the in-kernel SGX core as the hw backend reaches it: the
 * EPC allocator and section table (not exported; found through kallsyms
 * and checked against the kernel's BTF at load time, see hw_symbols.c).
 */
#ifndef SGX2_HW_SYMBOLS_H
#define SGX2_HW_SYMBOLS_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/*
 * The kernel's struct sgx_epc_page (arch/x86/kernel/cpu/sgx/sgx.h), as far
 * as this module reads it: hw's struct sgx2_epc_page *is* the kernel's page
 * descriptor, never a copy.  Only @section is read; the rest (flags,
 * poison, owner, list) belongs to the kernel.  Size and @section are
 * checked against the running kernel's BTF before any page is used.
 */
struct sgx2_epc_page {
	u32 section;		/* index into sgx_epc_sections[] */
	u32 kernel_only[7];
};

/*
 * The kernel's struct sgx_epc_section (5.13+): one entry of
 * sgx_epc_sections[].  Size and the three fields read are BTF-checked.
 */
struct sgx2_hw_epc_section {
	unsigned long phys_addr;
	void *virt_addr;
	struct sgx2_epc_page *pages;
	void *kernel_only;	/* node */
};

static_assert(sizeof(struct sgx2_epc_page) == 32);
static_assert(offsetof(struct sgx2_epc_page, section) == 0);
static_assert(sizeof(struct sgx2_hw_epc_section) == 32);

/**
 * struct sgx2_hw_core - the in-kernel SGX core's EPC section table
 * @sections:	sgx_epc_sections[]
 * @nr_sections: sgx_nr_epc_sections, how many of them the core set up
 * @slots:	entries @sections has room for (from the symbol's size)
 */
struct sgx2_hw_core {
	struct sgx2_hw_epc_section *sections;
	const int *nr_sections;
	unsigned int slots;
};

int sgx2_hw_bind(struct sgx2_hw_core *core, const char **why);
void sgx2_hw_unbind(void);
unsigned long sgx2_hw_symbol(const char *name, const char **why);
struct sgx2_epc_page *sgx2_hw_alloc_epc_page(void *owner);
void sgx2_hw_free_epc_page(struct sgx2_epc_page *page);

#endif /* SGX2_HW_SYMBOLS_H */
