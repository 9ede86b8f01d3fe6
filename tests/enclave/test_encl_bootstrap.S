/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry and exit path of the test enclave.
 *
 * EENTER (hardware, or the sim runtime on SIGILL) arrives at TCS.OENTRY with
 *	RAX = CSSA, RBX = address of the TCS, RCX = address after EENTER,
 * and every other GPR as the untrusted caller left it (RDI = op pointer).
 * RSP and RBP still point at the untrusted stack.  EEXIT (leaf 4) jumps to
 * RBX and changes neither RSP nor RBP, and __vdso_sgx_enter_enclave finds
 * its run struct through RBP and unwinds with `leave` after EEXIT, so both
 * must hold the caller's values again at EEXIT.  R12-R15 are callee-saved
 * in the C code and never touched here.
 *
 * Nothing here may need a load-time relocation: the image is measured as it
 * is linked (at address 0), so all addresses are formed RIP-relative.
 */

#include "encl_ops.h"

	.macro ENCLU
	.byte	0x0f, 0x01, 0xd7
	.endm

/*
 * The static TCS pages.  Zero here: the builder fills OSSA, NSSA, OENTRY,
 * OFSBASE/OGSBASE and FSLIMIT/GSLIMIT before the image is measured.
 */
	.section .tcs, "aw"
	.balign	ENCL_PAGE_SIZE
	.globl	encl_tcs
	.type	encl_tcs, @object
encl_tcs:
	.zero	ENCL_NR_TCS * ENCL_PAGE_SIZE
	.size	encl_tcs, . - encl_tcs

	.section .text.encl_entry, "ax"

/* Entry of the static TCSes: each one gets its own stack in encl_stacks. */
	.globl	encl_entry
	.type	encl_entry, @function
encl_entry:
	/* TCS index = (TCS address - enclave base) / page size. */
	lea	encl_tcs(%rip), %rax
	mov	%rbx, %r11
	sub	%rax, %r11
	shr	$ENCL_PAGE_SHIFT, %r11
	cmp	$ENCL_NR_TCS, %r11
	jae	.Lbad_tcs

	/* Top of this TCS's stack: encl_stacks + (index + 1) * stack size. */
	inc	%r11
	shl	$ENCL_STACK_SHIFT, %r11
	lea	encl_stacks(%rip), %rax
	add	%r11, %rax
	jmp	.Lcommon
	.size	encl_entry, . - encl_entry

/*
 * Entry of a TCS created at run time (ENCL_OP_INIT_TCS_PAGE): its stack is
 * the memory directly below the TCS page, so the stack top is the TCS itself.
 */
	.globl	encl_dyn_entry
	.type	encl_dyn_entry, @function
encl_dyn_entry:
	mov	%rbx, %rax

.Lcommon:
	/* Switch to the enclave stack and keep what EEXIT needs on it. */
	xchg	%rsp, %rax
	push	%rax			/* untrusted RSP */
	push	%rbp			/* untrusted RBP */
	push	%rcx			/* EEXIT target: address after EENTER */
	push	%rbx			/* TCS; also keeps RSP 16-byte aligned */

	xor	%ebp, %ebp		/* end of the enclave's frame chain */
	cld				/* the C ABI wants DF = 0 */
	call	encl_body		/* RDI = op pointer, as passed in */

	add	$8, %rsp		/* drop the TCS */
	pop	%rbx			/* EEXIT target */
	pop	%rbp
	pop	%rsp			/* back on the untrusted stack */
	jmp	.Lexit

.Lbad_tcs:
	/* Not a static TCS: there is no stack for it; leave without running. */
	mov	%rcx, %rbx

.Lexit:
	/* Leave nothing of the enclave's state in the volatile registers. */
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	add	%rdx, %rdx		/* flags: CF=OF=SF=AF=0, ZF=PF=1 */

	mov	$ENCL_ENCLU_EEXIT, %eax
	ENCLU
	ud2				/* EEXIT does not return */
	.size	encl_dyn_entry, . - encl_dyn_entry

/* SSA frames of the static TCSes: TCS i uses ENCL_NSSA frames from page i. */
	.section .encl_ssa, "aw", @nobits
	.balign	ENCL_PAGE_SIZE
	.globl	encl_ssa
	.type	encl_ssa, @object
encl_ssa:
	.zero	ENCL_NR_TCS * ENCL_NSSA * ENCL_SSA_FRAME_PAGES * ENCL_PAGE_SIZE
	.size	encl_ssa, . - encl_ssa

/* Stacks of the static TCSes, ENCL_STACK_SIZE each, TCS 0 lowest. */
	.section .encl_stack, "aw", @nobits
	.balign	ENCL_PAGE_SIZE
	.globl	encl_stacks
	.type	encl_stacks, @object
encl_stacks:
	.zero	ENCL_NR_TCS * ENCL_STACK_SIZE
	.size	encl_stacks, . - encl_stacks

	.section .note.GNU-stack, "", @progbits
