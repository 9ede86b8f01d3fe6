/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sgx2_runtime.h - userspace entry path for enclaves of /dev/sgx2_edmm, on
 * SGX hardware and under the module's sim backend (libsgx2_runtime.a).
 *
 * sgx2_runtime_init() hands out a function with exactly the calling
 * convention and struct semantics of mainline's __vdso_sgx_enter_enclave:
 *
 *   ret = enter(rdi, rsi, rdx, function, r8, r9, &run);
 *
 *   - @function is EENTER or ERESUME, run.tcs the TCS to use, and
 *     run.reserved all zero; anything else returns -EINVAL at once;
 *   - RDI, RSI, RDX, R8, R9 reach the enclave as passed; RAX, RBX and RCX
 *     carry the leaf, the TCS and the AEP;
 *   - a normal exit (EEXIT to the instruction after the ENCLU) sets
 *     run.function = EEXIT; an exception in the enclave, or in EENTER or
 *     ERESUME themselves, sets run.function to the leaf in EAX at that
 *     point (ERESUME after an AEX, the entering leaf when the entry
 *     faulted) and fills exception_vector, exception_error_code and
 *     exception_addr;
 *   - without run.user_handler the function returns 0 in both cases;
 *     with one it calls
 *       handler(rdi, rsi, rdx, ursp, r8, r9, &run)
 *     with the registers the enclave left (for an exception: RDI = vector,
 *     RSI = error code, RDX = address), ursp = RSP at the exit, on a
 *     16-byte aligned stack with DF clear; a result <= 0 is returned, a
 *     positive one is the next function (EENTER/ERESUME) to run with.
 *
 * The function is not a C ABI function in general: RBX, RBP and RSP are
 * preserved by it, R12-R15 only if the enclave preserves them (the test
 * enclave does), and the enclave may change the caller's stack below RSP.
 *
 * Under the sim backend, enclave code runs natively: every ENCLU raises
 * SIGILL, and the runtime's handler forwards it to the module
 * (SGX2_IOC_SIM_ENCLU) or to a transport installed with
 * sgx2_runtime_set_transport().  Exceptions (SIGSEGV, SIGBUS, SIGFPE, a
 * SIGILL that is not an ENCLU) taken while the thread is inside the
 * enclave become SGX2_SIM_AEX requests; the same signals outside the
 * enclave go to the handler installed before, or kill the process as by
 * default.  Handlers run on a per-thread alternate signal stack (enclave
 * stacks are small): sgx2_runtime_init() sets one up for its thread, and
 * any other thread gets one at its first entry.
 */
#ifndef SGX2_RUNTIME_H
#define SGX2_RUNTIME_H

#include <stdbool.h>
#include <linux/sgx2_edmm.h>

#ifdef __cplusplus
extern "C" {
#endif

/* __vdso_sgx_enter_enclave's type (vdso_sgx_enter_enclave_t in mainline). */
typedef int (*sgx2_enter_fn)(unsigned long rdi, unsigned long rsi,
			     unsigned long rdx, unsigned int function,
			     unsigned long r8, unsigned long r9,
			     struct sgx2_enclave_run *run);

/* run.user_handler's type (sgx_enclave_user_handler_t in mainline). */
typedef int (*sgx2_user_handler_fn)(long rdi, long rsi, long rdx, long ursp,
				    long r8, long r9,
				    struct sgx2_enclave_run *run);

/*
 * Transport of SGX2_IOC_SIM_ENCLU requests: fill @req's outputs and return
 * 0, or return a negative errno (the ioctl's).
 */
typedef int (*sgx2_transport_fn)(void *ctx, struct sgx2_sim_enclu *req);

/**
 * sgx2_runtime_init() - pick the entry function for enclaves of @enclave_fd
 * @enclave_fd:	an open /dev/sgx2_edmm (or mainline enclave) fd; ignored
 *		when a transport is installed
 * @out:	receives the entry function
 *
 * With a transport installed, or when SGX2_IOC_SIM_ENCLU on @enclave_fd
 * answers anything but ENODEV/ENOTTY, this is the sim backend: the signal
 * handlers are installed (once per process), the calling thread gets its
 * alternate signal stack, @enclave_fd becomes the default fd for
 * SGX2_IOC_SIM_ENCLU, and *@out = sgx2_sim_enter_enclave.  Otherwise it is
 * hardware: *@out = __vdso_sgx_enter_enclave from the vDSO.
 *
 * Return: 0; -ENODEV on hardware when the vDSO has no
 * __vdso_sgx_enter_enclave; -EBADF (or the probe's errno) for a bad fd;
 * -ENOMEM or -errno when the handlers or the signal stack cannot be set up.
 */
int sgx2_runtime_init(int enclave_fd, sgx2_enter_fn *out);

/* "sim" or "hw" after a successful sgx2_runtime_init(), else "none". */
const char *sgx2_runtime_backend(void);

/*
 * Route SGX2_IOC_SIM_ENCLU requests to @fn(@ctx, req) instead of ioctl()
 * (NULL restores the ioctl).  Process-wide; set it before
 * sgx2_runtime_init() and not while a thread is inside an enclave.  @fn
 * runs in a signal handler on the alternate stack.
 */
void sgx2_runtime_set_transport(sgx2_transport_fn fn, void *ctx);

/*
 * Use @enclave_fd for this thread's SGX2_IOC_SIM_ENCLU requests (a process
 * with several enclaves: one fd per enclave).  Returns 0.
 */
int sgx2_runtime_use_fd(int enclave_fd);

/*
 * Set up the calling thread's alternate signal stack now (the sim entry
 * function does it on the first entry of a thread anyway); keeps an
 * existing one of at least 64 KiB.  sgx2_runtime_thread_fini() releases
 * the runtime's stack before the thread exits.  Return: 0 or -errno.
 */
int sgx2_runtime_thread_init(void);
void sgx2_runtime_thread_fini(void);

/*
 * Sim backend: is the calling thread inside an enclave now, and through
 * which run struct did it enter (if @run is not NULL)?
 */
bool sgx2_runtime_inside(struct sgx2_enclave_run **run);

/*
 * errno of the last failed transport call on this thread (0: none).  A
 * failed EENTER/ERESUME of the sim entry function is reported as #UD, as
 * on a CPU without SGX.
 */
int sgx2_runtime_last_error(void);

/* The address of dynamic symbol @name in the vDSO, or NULL. */
void *sgx2_runtime_vdso_sym(const char *name);

/*
 * For each defined function of the ELF image at @image, laid out as the
 * vDSO is (PT_DYNAMIC with DT_SYMTAB, DT_STRTAB and DT_HASH or
 * DT_GNU_HASH), call @fn(name, address, @ctx) until it returns true.
 * Return: true if @fn stopped the walk; false at its end, or for an image
 * that is not such an ELF (NULL included).
 */
typedef bool (*sgx2_elf_func_fn)(const char *name, void *addr, void *ctx);
bool sgx2_runtime_elf_funcs(const void *image, sgx2_elf_func_fn fn, void *ctx);

/* The sim backend's entry function (sgx2_sim_enter.S). */
int sgx2_sim_enter_enclave(unsigned long rdi, unsigned long rsi,
			   unsigned long rdx, unsigned int function,
			   unsigned long r8, unsigned long r9,
			   struct sgx2_enclave_run *run);

#ifdef __cplusplus
}
#endif

#endif /* SGX2_RUNTIME_H */
