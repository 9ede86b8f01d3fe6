/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sgx2_sim_enter.S - sgx2_sim_enter_enclave(), the sim backend's stand-in
 * for __vdso_sgx_enter_enclave, with the same calling convention and the
 * same handling of struct sgx2_enclave_run (see sgx2_runtime.h).
 *
 *   int sgx2_sim_enter_enclave(rdi, rsi, rdx, function (ecx), r8, r9, run)
 *
 * RDI, RSI, RDX, R8 and R9 are handed to the enclave untouched; the
 * seventh argument, run, is on the stack, 16(%rbp) once the frame is set
 * up.  RBP anchors the frame: EENTER saves RSP and RBP in the SSA, the
 * enclave (or the AEX, from the SSA) brings them back before control
 * returns here, and everything after the ENCLU finds run through RBP.
 *
 * Under the sim backend the ENCLU raises SIGILL.  The runtime's handler
 * (sgx2_runtime.c) executes the leaf and resumes:
 *   - in the enclave, for a successful EENTER/ERESUME;
 *   - after the ENCLU, where the enclave's EEXIT lands (RBX = RCX of
 *     EENTER = the address after the ENCLU);
 *   - at sgx2_sim_enter_exception with RDI = vector, RSI = error code,
 *     RDX = address and EAX = the leaf in effect, when an exception is
 *     reported (an AEX, whose AEP is this ENCLU, or a faulting entry) -
 *     what the kernel's vDSO exception fix-up does on hardware.
 */

/* struct sgx2_enclave_run (checked against the C layout in check_runtime.c) */
#define RUN_TCS			0
#define RUN_FUNCTION		8
#define RUN_VECTOR		12
#define RUN_ERROR_CODE		14
#define RUN_ADDR		16
#define RUN_USER_HANDLER	24
#define RUN_RESERVED		40
#define RUN_SIZE		256

/* The run argument, relative to RBP. */
#define FRAME_RUN		16

#define LEAF_EENTER		2
#define LEAF_ERESUME		3
#define LEAF_EEXIT		4

#define ERR_EINVAL		22

	.text
	.globl	sgx2_sim_enter_enclave
	.type	sgx2_sim_enter_enclave, @function
	.p2align 4
sgx2_sim_enter_enclave:
	.cfi_startproc
	push	%rbp
	.cfi_def_cfa_offset	16
	.cfi_offset		%rbp, -16
	mov	%rsp, %rbp
	.cfi_def_cfa_register	%rbp
	push	%rbx
	.cfi_offset		%rbx, -24

	mov	%ecx, %eax

.Lcheck_and_enter:
	/* Only EENTER and ERESUME may be asked for. */
	cmp	$LEAF_EENTER, %eax
	jb	.Lbad_input
	cmp	$LEAF_ERESUME, %eax
	ja	.Lbad_input

	/* run->reserved must be all zero. */
	mov	FRAME_RUN(%rbp), %rcx
	lea	RUN_RESERVED(%rcx), %rbx
	add	$RUN_SIZE, %rcx
1:	cmpq	$0, (%rbx)
	jne	.Lbad_input
	add	$8, %rbx
	cmp	%rcx, %rbx
	jb	1b

	/* RBX = TCS, RCX = AEP: the ENCLU below serves as both. */
	mov	FRAME_RUN(%rbp), %rcx
	mov	RUN_TCS(%rcx), %rbx
	lea	sgx2_sim_enter_aep(%rip), %rcx

	.globl	sgx2_sim_enter_aep
sgx2_sim_enter_aep:
	.byte	0x0f, 0x01, 0xd7	/* ENCLU */

	/* The enclave exited with EEXIT to here. */
	mov	FRAME_RUN(%rbp), %rbx
	movl	$LEAF_EEXIT, RUN_FUNCTION(%rbx)

.Lexited:
	/* RBX = run.  A user handler decides what happens next. */
	cmpq	$0, RUN_USER_HANDLER(%rbx)
	jne	.Lcall_user_handler
	xor	%eax, %eax

.Lreturn:
	/* Restore from the frame, whatever the enclave left in RSP. */
	mov	-8(%rbp), %rbx
	leave
	.cfi_remember_state
	.cfi_def_cfa		%rsp, 8
	ret
	.cfi_restore_state

.Lbad_input:
	mov	$-ERR_EINVAL, %eax
	jmp	.Lreturn

	/* The runtime's SIGILL/SIGSEGV handler resumes here (see the top). */
	.globl	sgx2_sim_enter_exception
sgx2_sim_enter_exception:
	mov	FRAME_RUN(%rbp), %rbx
	mov	%eax, RUN_FUNCTION(%rbx)
	mov	%di, RUN_VECTOR(%rbx)
	mov	%si, RUN_ERROR_CODE(%rbx)
	mov	%rdx, RUN_ADDR(%rbx)
	jmp	.Lexited

.Lcall_user_handler:
	/*
	 * handler(rdi, rsi, rdx, ursp, r8, r9, run): RDI, RSI, RDX, R8, R9
	 * as the exit left them, RCX = RSP at the exit, run on the stack.
	 * RSP is realigned to 16 for the call; its low bits are kept in
	 * RBX, which the handler preserves.
	 */
	mov	%rbx, %rax
	mov	%rsp, %rcx
	mov	%rsp, %rbx
	and	$0xf, %rbx
	and	$-16, %rsp
	sub	$8, %rsp		/* keeps RSP 16-aligned at the call */
	push	%rax			/* seventh argument: run */
	cld
	mov	RUN_USER_HANDLER(%rax), %rax
	lfence
	call	*%rax
	lea	16(%rsp, %rbx), %rsp

	/* <= 0: that is the result; > 0: the leaf to enter with next. */
	test	%eax, %eax
	jle	.Lreturn
	jmp	.Lcheck_and_enter
	.cfi_endproc
	.size	sgx2_sim_enter_enclave, . - sgx2_sim_enter_enclave

	.section .note.GNU-stack, "", @progbits
