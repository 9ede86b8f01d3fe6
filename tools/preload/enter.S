/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enter.S - the preload library's __vdso_sgx_enter_enclave: pick the fd
 * of the enclave @run's TCS belongs to (sgx2_preload_select()), then go
 * on as the sim backend's entry function, sgx2_sim_enter_enclave, with
 * every argument register and the stack as the caller left them.
 */
	.text
	.globl	sgx2_preload_enter
	.type	sgx2_preload_enter, @function
sgx2_preload_enter:
	.cfi_startproc
	push	%rdi
	.cfi_adjust_cfa_offset 8
	push	%rsi
	.cfi_adjust_cfa_offset 8
	push	%rdx
	.cfi_adjust_cfa_offset 8
	push	%rcx
	.cfi_adjust_cfa_offset 8
	push	%r8
	.cfi_adjust_cfa_offset 8
	push	%r9
	.cfi_adjust_cfa_offset 8
	sub	$8, %rsp		/* 16-byte aligned at the call */
	.cfi_adjust_cfa_offset 8
	mov	64(%rsp), %rdi		/* @run: the 7th argument */
	call	sgx2_preload_select
	add	$8, %rsp
	.cfi_adjust_cfa_offset -8
	pop	%r9
	.cfi_adjust_cfa_offset -8
	pop	%r8
	.cfi_adjust_cfa_offset -8
	pop	%rcx
	.cfi_adjust_cfa_offset -8
	pop	%rdx
	.cfi_adjust_cfa_offset -8
	pop	%rsi
	.cfi_adjust_cfa_offset -8
	pop	%rdi
	.cfi_adjust_cfa_offset -8
	jmp	sgx2_sim_enter_enclave
	.cfi_endproc
	.size	sgx2_preload_enter, .-sgx2_preload_enter

	.section .note.GNU-stack, "", @progbits
