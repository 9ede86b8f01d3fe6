/* SPDX-License-Identifier: GPL-2.0 */
/*
 * preload.h - shared between the parts of libsgx2-edmm-preload.so.
 */
#ifndef SGX2_PRELOAD_H
#define SGX2_PRELOAD_H

#include <stdbool.h>
#include <stdint.h>

struct sgx2_enclave_run;

/* Messages to stderr: errors always, the rest with SGX2_EDMM_PRELOAD_DEBUG=1. */
void preload_log(bool always, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Is the loaded module's backend "sim" (/sys/class/misc/sgx2_edmm/backend)? */
bool preload_backend_is_sim(void);

/* Pages in the module's EPC (its epc_total_pages parameter), or 0. */
uint64_t preload_epc_pages(void);

/*
 * CPUID emulation (cpuid_emul.c): replace each CPUID instruction in the
 * main program's code by UD2 and answer it from a SIGILL handler, leaf 12H
 * from the SGX2 model.  Return: the number of sites patched, or -errno.
 */
int preload_cpuid_install(uint64_t epc_bytes);

/*
 * Called by sgx2_preload_enter (enter.S) before it jumps to the sim entry
 * function: make the thread's SGX2_IOC_SIM_ENCLU requests go to the fd of
 * the enclave that holds @run->tcs.
 */
void sgx2_preload_select(const struct sgx2_enclave_run *run);

/* __vdso_sgx_enter_enclave as the preload exports it (enter.S). */
int sgx2_preload_enter(unsigned long rdi, unsigned long rsi, unsigned long rdx,
		       unsigned int function, unsigned long r8, unsigned long r9,
		       struct sgx2_enclave_run *run);

#endif /* SGX2_PRELOAD_H */
