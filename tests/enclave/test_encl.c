// SPDX-License-Identifier: GPL-2.0
/*
 * test_encl.c - op dispatcher of the test enclave.
 *
 * Freestanding: no libc, no TLS, no FS/GS use (under the sim backend the
 * enclave runs on the host's FS), general registers only.  Every address is
 * formed RIP-relative so the linked image needs no relocation.
 */
#include <stddef.h>
#include <stdint.h>
#include <linux/sgx2_edmm.h>
#include "encl_ops.h"

#pragma GCC visibility push(hidden)

_Static_assert(ENCL_ENCLU_EEXIT == SGX2_EEXIT, "EEXIT leaf");
_Static_assert(ENCL_PAGE_SIZE == SGX2_PAGE_SIZE, "page size");

/* Defined in test_encl_bootstrap.S. */
extern struct encl_tcs encl_tcs[ENCL_NR_TCS];
extern char encl_dyn_entry[];

void encl_body(void *op);

/*
 * Two pages, first in the data segment (see test_encl.lds) so the host can
 * change the permissions of the second page, which the enclave never uses.
 * Initialised so it lands in .data, not .bss.
 */
uint8_t encl_buffer[ENCL_BUFFER_SIZE]
	__attribute__((section(".data.encl_buffer"), aligned(ENCL_PAGE_SIZE))) = { 1 };

/*
 * The compiler may emit calls to these for struct copies and loops; the
 * Makefile turns off the loop-to-call transformation so that these two
 * cannot call themselves.
 */
void *memcpy(void *dest, const void *src, size_t n)
{
	uint8_t *d = dest;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
	return dest;
}

void *memset(void *dest, int c, size_t n)
{
	uint8_t *d = dest;

	while (n--)
		*d++ = (uint8_t)c;
	return dest;
}

/* Offset of @p from the enclave base (the first TCS is at offset 0). */
static uint64_t encl_offset_of(const void *p)
{
	return (uint64_t)(uintptr_t)p - (uint64_t)(uintptr_t)&encl_tcs[0];
}

/*
 * ENCLU with the three register operands used by EACCEPT, EMODPE,
 * EACCEPTCOPY, EREPORT and EGETKEY; returns RAX.  RBX/RCX/RDX are listed as outputs because the
 * instruction may change them (nothing documents that it keeps them).
 */
static uint64_t enclu(uint64_t leaf, uint64_t rbx, uint64_t rcx, uint64_t rdx)
{
	uint64_t rax = leaf;

	asm volatile(".byte 0x0f, 0x01, 0xd7"
		     : "+a" (rax), "+b" (rbx), "+c" (rcx), "+d" (rdx)
		     :
		     : "memory", "cc");
	return rax;
}

static void op_put_to_buf(struct encl_op_put_to_buf *op)
{
	memcpy(encl_buffer, &op->value, sizeof(op->value));
}

static void op_get_from_buf(struct encl_op_get_from_buf *op)
{
	memcpy(&op->value, encl_buffer, sizeof(op->value));
}

static void op_put_to_addr(struct encl_op_put_to_addr *op)
{
	memcpy((void *)(uintptr_t)op->addr, &op->value, sizeof(op->value));
}

static void op_get_from_addr(struct encl_op_get_from_addr *op)
{
	memcpy(&op->value, (const void *)(uintptr_t)op->addr, sizeof(op->value));
}

static void op_eaccept(struct encl_op_eaccept *op)
{
	struct encl_secinfo secinfo = { .flags = op->flags };

	op->ret = enclu(SGX2_EACCEPT, (uintptr_t)&secinfo, op->epc_addr, 0);
}

static void op_emodpe(struct encl_op_emodpe *op)
{
	struct encl_secinfo secinfo = { .flags = op->flags };

	enclu(SGX2_EMODPE, (uintptr_t)&secinfo, op->epc_addr, 0);
}

static void op_eacceptcopy(struct encl_op_eacceptcopy *op)
{
	struct encl_secinfo secinfo = { .flags = op->flags };

	op->ret = enclu(SGX2_EACCEPTCOPY, (uintptr_t)&secinfo, op->epc_addr,
			op->src_addr);
}

static void op_spin(struct encl_op_spin *op)
{
	const volatile uint64_t *stop = (const volatile uint64_t *)op->stop_addr;
	uint64_t n = 0;

	while (!*stop)
		n++;
	op->iterations = n;
}

/*
 * EREPORT's operands must be in the enclave and aligned (TARGETINFO and
 * REPORT to 512 bytes, REPORTDATA to 128): copies on this thread's stack.
 * The REPORT buffer starts as the host's, so that a REPORT EREPORT did not
 * write reads back unchanged.  Not inlined: the stack realignment and the
 * 1.5 KiB frame stay out of the other ops' frames.
 */
static __attribute__((noinline)) void op_ereport(struct encl_op_ereport *op)
{
	struct encl_targetinfo ti __attribute__((aligned(512)));
	uint8_t rd[ENCL_REPORT_DATA_SIZE] __attribute__((aligned(128)));
	struct encl_report report __attribute__((aligned(512)));

	memcpy(&ti, &op->targetinfo, sizeof(ti));
	memcpy(rd, op->report_data, sizeof(rd));
	memcpy(&report, &op->report, sizeof(report));
	enclu(SGX2_EREPORT, (uintptr_t)&ti, (uintptr_t)rd, (uintptr_t)&report);
	memcpy(&op->report, &report, sizeof(report));
}

/* EGETKEY likewise: KEYREQUEST 512-byte and the key 16-byte aligned. */
static __attribute__((noinline)) void op_egetkey(struct encl_op_egetkey *op)
{
	struct encl_keyrequest kr __attribute__((aligned(512)));
	uint8_t key[ENCL_KEY_SIZE] __attribute__((aligned(16)));

	memcpy(&kr, &op->keyrequest, sizeof(kr));
	memcpy(key, op->key, sizeof(key));
	op->ret = enclu(SGX2_EGETKEY, (uintptr_t)&kr, (uintptr_t)key, 0);
	memcpy(op->key, key, sizeof(key));
}

static void op_spin_aex(struct encl_op_spin_aex *op)
{
	const volatile uint64_t *stop = (const volatile uint64_t *)op->stop_addr;
	volatile uint64_t *rip = (volatile uint64_t *)op->rip_addr;
	uint64_t n = 0, aex = 0;

	*rip = 0;
	op->aex = 0;
	while (!*stop) {
		n++;
		if (*rip) {
			*rip = 0;
			op->aex = ++aex;
		}
	}
	op->iterations = n;
}

static void op_spin_flags(struct encl_op_spin_aex *op)
{
	volatile uint64_t *rip = (volatile uint64_t *)op->rip_addr;

	*rip = 0;
	/* XOR sets ZF, STC CF, STD DF; MOV and JRCXZ leave them alone. */
	asm volatile("xor %%eax, %%eax\n\t"
		     "stc\n\t"
		     "std\n\t"
		     "1: mov (%[rip]), %%rcx\n\t"
		     "jrcxz 1b\n\t"
		     "cld"
		     : : [rip] "r"(rip) : "rax", "rcx", "cc", "memory");
	op->aex = 1;
}

static void op_eaccept_range(struct encl_op_eaccept_range *op)
{
	struct encl_secinfo secinfo = { .flags = op->flags };
	uint64_t addr = op->addr, i, ret = 0;

	for (i = 0; i < op->pages; i++, addr += op->step) {
		ret = enclu(SGX2_EACCEPT, (uintptr_t)&secinfo, addr, 0);
		if (ret)
			break;
	}
	op->ret = ret;
	op->done = i;
}

static void op_write_range(struct encl_op_write_range *op)
{
	uint64_t i;

	for (i = 0; i < op->pages; i++)
		*(volatile uint64_t *)(uintptr_t)(op->addr + i * ENCL_PAGE_SIZE) =
			op->value;
}

static void op_init_tcs_page(struct encl_op_init_tcs_page *op)
{
	uint64_t entry = op->entry;

	if (!entry)
		entry = encl_offset_of(encl_dyn_entry);

	encl_tcs_init((struct encl_tcs *)(uintptr_t)op->tcs_page, op->ssa, entry);
}

void encl_body(void *op)
{
	struct encl_op_header *hdr = op;

	switch (hdr->type) {
	case ENCL_OP_PUT_TO_BUFFER:
		op_put_to_buf(op);
		break;
	case ENCL_OP_GET_FROM_BUFFER:
		op_get_from_buf(op);
		break;
	case ENCL_OP_PUT_TO_ADDRESS:
		op_put_to_addr(op);
		break;
	case ENCL_OP_GET_FROM_ADDRESS:
		op_get_from_addr(op);
		break;
	case ENCL_OP_NOP:
		break;
	case ENCL_OP_EACCEPT:
		op_eaccept(op);
		break;
	case ENCL_OP_EMODPE:
		op_emodpe(op);
		break;
	case ENCL_OP_INIT_TCS_PAGE:
		op_init_tcs_page(op);
		break;
	case ENCL_OP_SPIN:
		op_spin((struct encl_op_spin *)hdr);
		break;
	case ENCL_OP_EACCEPTCOPY:
		op_eacceptcopy(op);
		break;
	case ENCL_OP_EREPORT:
		op_ereport(op);
		break;
	case ENCL_OP_EGETKEY:
		op_egetkey(op);
		break;
	case ENCL_OP_SPIN_AEX:
		op_spin_aex(op);
		break;
	case ENCL_OP_EACCEPT_RANGE:
		op_eaccept_range(op);
		break;
	case ENCL_OP_WRITE_RANGE:
		op_write_range(op);
		break;
	case ENCL_OP_SPIN_FLAGS:
		op_spin_flags(op);
		break;
	default:
		break;
	}
}

#pragma GCC visibility pop
