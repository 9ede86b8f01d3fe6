// SPDX-License-Identifier: GPL-2.0
/*
 * cpuid_emul.c - CPUID for programs that ask the CPU directly, under the
 * sim backend (SGX2_EDMM_PRELOAD_CPUID=1).
 *
 * Runtimes and the kernel's selftests learn about SGX from CPUID leaf 12H
 * with the CPUID instruction itself, which no library call can intercept,
 * and the CPUs the sim backend runs on (QEMU's TCG among them) have no
 * CPUID faulting (arch_prctl(ARCH_SET_CPUID) answers ENODEV).  So each
 * CPUID (0f a2) in the executable segments of the main program is
 * replaced by UD2 (0f 0b), and a SIGILL handler answers it:
 *
 *   - leaf 12H from the SGX2 model (sgx2_sim_cpuid_sgx()), with the
 *     module's EPC as its one section;
 *   - leaf 7: the host's, with SGX (EBX bit 2) and SGX_LC (ECX bit 30);
 *   - leaf 0: the host's, with the maximum leaf at least 12H;
 *   - any other leaf: the host's.
 *
 * The scan is of bytes, not instructions: a 0f a2 pair inside another
 * instruction would be patched too.  That is why it is opt-in; the guest
 * test checks the count against objdump's for the selftests binary.
 * Shared libraries are not patched (their CPUID is the host's).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "preload.h"
#include "pure.h"
#include "sim_model.h"

#define MAX_SITES	64
#define PAGE_SIZE_EMUL	4096UL
/* Where the emulated EPC section says it lives (any page-aligned value). */
#define EMUL_EPC_BASE	0x80000000ULL

static uintptr_t sites[MAX_SITES];
static unsigned int nr_sites;
static uint64_t epc_size;
static struct sigaction prev_sigill;

static void emulate(uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
	if (leaf == 0x12) {
		sgx2_sim_cpuid_sgx(subleaf, EMUL_EPC_BASE, epc_size, r);
		return;
	}
	__cpuid_count(leaf, subleaf, r[0], r[1], r[2], r[3]);
	if (leaf == 0 && r[0] < 0x12)
		r[0] = 0x12;
	if (leaf == 7 && subleaf == 0) {
		r[1] |= 1u << 2;	/* SGX */
		r[2] |= 1u << 30;	/* SGX_LC */
	}
}

static bool is_site(uintptr_t ip)
{
	unsigned int i;

	for (i = 0; i < nr_sites; i++)
		if (sites[i] == ip)
			return true;
	return false;
}

static void on_sigill(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	greg_t *g = uc->uc_mcontext.gregs;
	uint32_t r[4];

	if (is_site((uintptr_t)g[REG_RIP])) {
		emulate((uint32_t)g[REG_RAX], (uint32_t)g[REG_RCX], r);
		g[REG_RAX] = r[0];
		g[REG_RBX] = r[1];
		g[REG_RCX] = r[2];
		g[REG_RDX] = r[3];
		g[REG_RIP] += 2;
		return;
	}
	/* Not ours: whoever had SIGILL before, or the default (death). */
	if (prev_sigill.sa_flags & SA_SIGINFO) {
		prev_sigill.sa_sigaction(sig, si, ucv);
	} else if (prev_sigill.sa_handler != SIG_DFL &&
		   prev_sigill.sa_handler != SIG_IGN) {
		prev_sigill.sa_handler(sig);
	} else {
		/* Returning re-runs the instruction, which now kills us. */
		signal(SIGILL, SIG_DFL);
	}
}

static int patch_segment(uintptr_t start, size_t len, int prot)
{
	uintptr_t page = start & ~(uintptr_t)(PAGE_SIZE_EMUL - 1);
	size_t span = start + len - page;
	uint8_t *p = (uint8_t *)start;
	size_t i;
	int found = 0;

	for (i = 0; i + 1 < len; i++)
		if (p[i] == 0x0f && p[i + 1] == 0xa2)
			found++;
	if (!found)
		return 0;
	if (nr_sites + found > MAX_SITES)
		return -E2BIG;
	if (mprotect((void *)page, span, prot | PROT_WRITE))
		return -errno;
	for (i = 0; i + 1 < len; i++)
		if (p[i] == 0x0f && p[i + 1] == 0xa2) {
			p[i + 1] = 0x0b;	/* 0f 0b: UD2 */
			sites[nr_sites++] = start + i;
		}
	__builtin___clear_cache((char *)start, (char *)start + len);
	if (mprotect((void *)page, span, prot))
		return -errno;
	return found;
}

static int patch_main(struct dl_phdr_info *info, size_t size, void *data)
{
	int *ret = data;
	int i, n;

	(void)size;
	/* The first object is the main program. */
	for (i = 0; i < info->dlpi_phnum && *ret >= 0; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		int prot = PROT_EXEC;

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		if (ph->p_flags & PF_R)
			prot |= PROT_READ;
		n = patch_segment(info->dlpi_addr + ph->p_vaddr, ph->p_memsz, prot);
		*ret = n < 0 ? n : *ret + n;
	}
	return 1;	/* stop after the main program */
}

int preload_cpuid_install(uint64_t epc_bytes)
{
	struct sigaction sa;
	int ret = 0;

	epc_size = epc_bytes;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigill;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGILL, &sa, &prev_sigill))
		return -errno;
	dl_iterate_phdr(patch_main, &ret);
	return ret;
}
