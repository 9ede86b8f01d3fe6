/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check_call.S - call an entry function (sgx2_enter_fn) from C safely.
 *
 * The entry function keeps RBX, RBP and RSP, but R12-R15 only when the
 * enclave exits with EEXIT: after an AEX they hold the synthetic zeros,
 * exactly as with __vdso_sgx_enter_enclave on hardware.  check_call()
 * saves and restores every callee-saved register around the call, loads
 * R12-R15 with check_call_in[] before it and stores what the call left in
 * them, and RSP and RBP, to check_call_out[] after it.
 *
 *   int check_call(rdi, rsi, rdx, function, r8, r9, run)
 *
 * calls check_call_fn with the same arguments.
 */

	.text
	.globl	check_call
	.type	check_call, @function
check_call:
	.cfi_startproc
	push	%rbp
	.cfi_def_cfa_offset	16
	.cfi_offset		%rbp, -16
	mov	%rsp, %rbp
	.cfi_def_cfa_register	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	/* Five pushes after RBP: RSP is 8 mod 16; the run argument fixes it. */
	pushq	16(%rbp)
	mov	check_call_in+0(%rip), %r12
	mov	check_call_in+8(%rip), %r13
	mov	check_call_in+16(%rip), %r14
	mov	check_call_in+24(%rip), %r15
	lea	-48(%rbp), %rbx			/* RSP expected after the call */
	mov	%rbx, check_call_out+48(%rip)
	call	*check_call_fn(%rip)
	mov	%r12, check_call_out+0(%rip)
	mov	%r13, check_call_out+8(%rip)
	mov	%r14, check_call_out+16(%rip)
	mov	%r15, check_call_out+24(%rip)
	mov	%rsp, check_call_out+32(%rip)
	mov	%rbp, check_call_out+40(%rip)
	lea	-40(%rbp), %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	.cfi_def_cfa		%rsp, 8
	ret
	.cfi_endproc
	.size	check_call, . - check_call

	.section .note.GNU-stack, "", @progbits
