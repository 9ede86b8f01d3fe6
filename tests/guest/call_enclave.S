/* SPDX-License-Identifier: GPL-2.0 */
/*
 * call_enclave.S - call an enclave entry function from C.
 *
 * __vdso_sgx_enter_enclave (and the sim runtime's stand-in) keep RBX, RBP
 * and RSP, but not R12-R15 across an exception exit: after an AEX they hold
 * the synthetic state.  This wrapper saves every callee-saved register.
 *
 *   int call_enclave(rdi, rsi, rdx, function, r8, r9, run, enter_fn)
 */
	.text
	.globl	call_enclave
	.type	call_enclave, @function
call_enclave:
	push	%rbp
	mov	%rsp, %rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	pushq	16(%rbp)		/* run: the callee's 7th argument */
	call	*24(%rbp)		/* enter_fn */
	lea	-40(%rbp), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.size	call_enclave, . - call_enclave

	.section .note.GNU-stack, "", @progbits
