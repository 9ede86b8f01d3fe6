/* SPDX-License-Identifier: GPL-2.0 */
/*
 * encl_ops.h - contract between the test enclave (test_encl.elf) and the
 * host code that drives it.
 *
 * The host enters the enclave with RDI pointing at one of the op structs
 * below (in untrusted memory); the enclave reads the header's type, does the
 * operation and writes any result back into the same struct before EEXIT.
 *
 * The numbering of ops 0..7 and the layout of their structs follow the
 * mainline SGX selftest enclave, so tests ported from there keep working.
 *
 * This header is included by freestanding enclave code, by host code and by
 * assembly: only fixed-width integer types, no libc, and everything that is
 * not a plain #define is hidden from the assembler.
 */
#ifndef SGX2_TESTS_ENCL_OPS_H
#define SGX2_TESTS_ENCL_OPS_H

/* ---- enclave layout (shared with test_encl_bootstrap.S and the builder) --- */

#define ENCL_PAGE_SIZE		4096
#define ENCL_PAGE_SHIFT		12

/* Static TCS pages: pages 0 .. ENCL_NR_TCS-1 of the image. */
#define ENCL_NR_TCS		2

/* SSA frames per TCS (TCS.NSSA) and pages per frame (SECS.SSAFRAMESIZE). */
#define ENCL_NSSA		1
#define ENCL_SSA_FRAME_PAGES	1

/* Per-TCS stack of a static TCS: a power of two so the bootstrap can shift. */
#define ENCL_STACK_SHIFT	13
#define ENCL_STACK_SIZE		(1 << ENCL_STACK_SHIFT)

/* In-enclave buffer: page aligned, first in the data segment, two pages. */
#define ENCL_BUFFER_SIZE	8192

/* TCS.FSLIMIT / TCS.GSLIMIT (only used in 32-bit mode; all ones as usual). */
#define ENCL_TCS_SEG_LIMIT	0xFFFFFFFF

/*
 * ELF symbols the builder and tests look up.  OENTRY of a static TCS is the
 * ELF entry point (ENCL_SYM_ENTRY); a TCS made at run time with
 * ENCL_OP_INIT_TCS_PAGE enters at ENCL_SYM_DYN_ENTRY, whose stack is the
 * memory directly below that TCS page.
 */
#define ENCL_SYM_TCS		"encl_tcs"
#define ENCL_SYM_ENTRY		"encl_entry"
#define ENCL_SYM_DYN_ENTRY	"encl_dyn_entry"
#define ENCL_SYM_SSA		"encl_ssa"
#define ENCL_SYM_STACKS		"encl_stacks"
#define ENCL_SYM_BUFFER		"encl_buffer"

/* ENCLU leaf of EEXIT, for the assembly (C code uses enum sgx2_enclu_leaf). */
#define ENCL_ENCLU_EEXIT	4

/* ---- operations ---------------------------------------------------------- */

#define ENCL_OP_PUT_TO_BUFFER		0
#define ENCL_OP_GET_FROM_BUFFER		1
#define ENCL_OP_PUT_TO_ADDRESS		2
#define ENCL_OP_GET_FROM_ADDRESS	3
#define ENCL_OP_NOP			4
#define ENCL_OP_EACCEPT			5
#define ENCL_OP_EMODPE			6
#define ENCL_OP_INIT_TCS_PAGE		7
#define ENCL_OP_EACCEPTCOPY		8
#define ENCL_OP_SPIN			9
#define ENCL_OP_EREPORT			10
#define ENCL_OP_EGETKEY			11
#define ENCL_OP_SPIN_AEX		12
#define ENCL_OP_EACCEPT_RANGE		13
#define ENCL_OP_WRITE_RANGE		14
#define ENCL_OP_SPIN_FLAGS		15
#define ENCL_OP_MAX			16

/* KEYREQUEST.KEYNAME and KEYREQUEST.KEYPOLICY (SDM Vol. 3D, "KEYREQUEST"). */
#define ENCL_KEY_EINITTOKEN		0
#define ENCL_KEY_PROVISION		1
#define ENCL_KEY_PROVISION_SEAL		2
#define ENCL_KEY_REPORT			3
#define ENCL_KEY_SEAL			4
#define ENCL_KEYPOLICY_MRENCLAVE	0x0001
#define ENCL_KEYPOLICY_MRSIGNER		0x0002

#ifndef __ASSEMBLER__

#include <stdint.h>

/* Every op starts with this header.  Unknown types are ignored. */
struct encl_op_header {
	uint64_t type;
};

/* Copy @value into the first 8 bytes of the in-enclave buffer. */
struct encl_op_put_to_buf {
	struct encl_op_header header;
	uint64_t value;
};

/* Copy the first 8 bytes of the in-enclave buffer into @value. */
struct encl_op_get_from_buf {
	struct encl_op_header header;
	uint64_t value;
};

/* Write @value to the 8 bytes at enclave address @addr (absolute). */
struct encl_op_put_to_addr {
	struct encl_op_header header;
	uint64_t value;
	uint64_t addr;
};

/* Read the 8 bytes at enclave address @addr (absolute) into @value. */
struct encl_op_get_from_addr {
	struct encl_op_header header;
	uint64_t value;
	uint64_t addr;
};

/*
 * EACCEPT the page at @epc_addr (absolute) with a SECINFO whose FLAGS are
 * @flags; @ret receives RAX after ENCLU (0 or an SGX error code).
 */
struct encl_op_eaccept {
	struct encl_op_header header;
	uint64_t epc_addr;
	uint64_t flags;
	uint64_t ret;
};

/*
 * EMODPE the page at @epc_addr (absolute) with SECINFO.FLAGS = @flags.
 * EMODPE has no error code: failures are faults (reported by the entry path).
 */
struct encl_op_emodpe {
	struct encl_op_header header;
	uint64_t epc_addr;
	uint64_t flags;
};

/*
 * Write a TCS into the REG page at @tcs_page (absolute address), so that the
 * host can then turn it into a TCS with MODIFY_TYPES and EACCEPT it.
 * @ssa and @entry are offsets from the enclave base (what TCS.OSSA and
 * TCS.OENTRY hold); @entry == 0 selects ENCL_SYM_DYN_ENTRY.  The other fields
 * are those the builder gives the static TCSes (NSSA, FS/GS base and limit).
 */
struct encl_op_init_tcs_page {
	struct encl_op_header header;
	uint64_t tcs_page;
	uint64_t ssa;
	uint64_t entry;
};

/*
 * EACCEPTCOPY: copy the page at @src_addr into the pending page at
 * @epc_addr (both absolute) and give it the permissions of @flags; @ret
 * receives RAX after ENCLU.
 */
struct encl_op_eacceptcopy {
	struct encl_op_header header;
	uint64_t epc_addr;
	uint64_t src_addr;
	uint64_t flags;
	uint64_t ret;
};

/*
 * Stay inside the enclave, counting loop iterations in @iterations, until
 * the 8 bytes at @stop_addr (untrusted memory, readable on hardware and in
 * the sim) become non-zero.  For benchmarks and concurrency tests: a
 * thread that is inside when the kernel tracks and sends IPIs.
 */
struct encl_op_spin {
	struct encl_op_header header;
	uint64_t stop_addr;
	uint64_t iterations;
};

/*
 * TARGETINFO (SDM Vol. 3D, "Target Info"): 512 bytes; EREPORT wants it
 * 512-byte aligned in the enclave.  Describes the enclave a REPORT is for.
 */
struct encl_targetinfo {
	uint8_t measurement[32];	/*   0: the target's MRENCLAVE */
	uint64_t attributes;		/*  32 */
	uint64_t xfrm;			/*  40 */
	uint8_t reserved1[2];		/*  48: CET attributes on newer CPUs */
	uint16_t config_svn;		/*  50 */
	uint32_t miscselect;		/*  52 */
	uint8_t reserved2[8];		/*  56 */
	uint8_t config_id[64];		/*  64 */
	uint8_t reserved3[384];		/* 128 */
};

/*
 * REPORT (SDM Vol. 3D, "Report"): 432 bytes; EREPORT writes it 512-byte
 * aligned in the enclave.  The MAC covers the body, bytes 0..383.
 */
struct encl_report {
	uint8_t cpu_svn[16];		/*   0 */
	uint32_t miscselect;		/*  16 */
	uint8_t reserved1[12];		/*  20: CET attributes on newer CPUs */
	uint8_t isv_ext_prod_id[16];	/*  32 */
	uint64_t attributes;		/*  48 */
	uint64_t xfrm;			/*  56 */
	uint8_t mrenclave[32];		/*  64 */
	uint8_t reserved2[32];		/*  96 */
	uint8_t mrsigner[32];		/* 128 */
	uint8_t reserved3[32];		/* 160 */
	uint8_t config_id[64];		/* 192 */
	uint16_t isv_prod_id;		/* 256 */
	uint16_t isv_svn;		/* 258 */
	uint16_t config_svn;		/* 260 */
	uint8_t reserved4[42];		/* 262 */
	uint8_t isv_family_id[16];	/* 304 */
	uint8_t report_data[64];	/* 320 */
	uint8_t key_id[32];		/* 384 */
	uint8_t mac[16];		/* 416 */
};

#define ENCL_REPORT_BODY_SIZE	384

/*
 * KEYREQUEST (SDM Vol. 3D, "Key Request"): 512 bytes; EGETKEY wants it
 * 512-byte aligned in the enclave, and the 16-byte key 16-byte aligned.
 */
struct encl_keyrequest {
	uint16_t key_name;		/*   0: ENCL_KEY_* */
	uint16_t key_policy;		/*   2: ENCL_KEYPOLICY_* */
	uint16_t isv_svn;		/*   4 */
	uint16_t reserved1;		/*   6 */
	uint8_t cpu_svn[16];		/*   8 */
	uint64_t attribute_mask;	/*  24 */
	uint64_t xfrm_mask;		/*  32 */
	uint8_t key_id[32];		/*  40 */
	uint32_t misc_mask;		/*  72 */
	uint16_t config_svn;		/*  76 */
	uint8_t reserved2[434];		/*  78 */
};

#define ENCL_KEY_SIZE		16
#define ENCL_REPORT_DATA_SIZE	64

/*
 * ENCLU[EREPORT]: the enclave copies @targetinfo and @report_data into
 * aligned buffers of its own (EREPORT's operands must be in the enclave),
 * copies @report there too, runs EREPORT and copies the REPORT back into
 * @report.  A REPORT EREPORT did not write thus reads back as the host left
 * it.  EREPORT has no error code: failures are faults.
 */
struct encl_op_ereport {
	struct encl_op_header header;
	struct encl_targetinfo targetinfo;
	uint8_t report_data[ENCL_REPORT_DATA_SIZE];
	struct encl_report report;
};

/*
 * ENCLU[EGETKEY]: the same for @keyrequest and @key; @ret receives RAX
 * (0 or an SGX error code), @key the key (left as the host wrote it when
 * EGETKEY wrote none).
 */
struct encl_op_egetkey {
	struct encl_op_header header;
	struct encl_keyrequest keyrequest;
	uint8_t key[ENCL_KEY_SIZE];
	uint64_t ret;
};

/*
 * ENCL_OP_SPIN that also counts the AEXs it sees: @rip_addr is the
 * GPRSGX.RIP field of this thread's SSA frame (absolute), which every AEX
 * overwrites with the interrupted RIP.  The enclave zeroes it, then, while
 * spinning, counts each time it finds it non-zero and zeroes it again; the
 * count is stored to @aex as it grows, so the host can read it while the
 * thread is inside.  Under the sim no AEX writes the SSA (an interrupt is
 * not an AEX there), so @aex stays 0.
 */
struct encl_op_spin_aex {
	struct encl_op_header header;
	uint64_t stop_addr;
	uint64_t rip_addr;
	uint64_t iterations;
	uint64_t aex;
};

/*
 * ENCL_OP_SPIN_FLAGS takes struct encl_op_spin_aex: with CF, ZF and DF set
 * it spins until the first AEX writes @rip_addr (GPRSGX.RIP), so that AEX
 * saves those flags and ERESUME restores them; then it clears DF and sets
 * @aex to 1.  @stop_addr and @iterations are not used.  Only for a CPU
 * that performs AEXs (under the sim it would spin for ever).
 */

/*
 * EACCEPT @pages pages with SECINFO.FLAGS = @flags, the first at
 * @addr (absolute), each next one @step bytes further (a page, or minus a
 * page for a descending walk), in one entry: the loop a runtime runs
 * inside the enclave.  Stops at the first page whose EACCEPT returns
 * non-zero: @ret is that code (0 when every page was accepted), @done the
 * pages accepted.
 */
struct encl_op_eaccept_range {
	struct encl_op_header header;
	uint64_t addr;
	uint64_t pages;
	int64_t step;
	uint64_t flags;
	uint64_t ret;
	uint64_t done;
};

/*
 * Write @value to the first 8 bytes of each of @pages pages from @addr
 * (absolute), in ascending order, in one entry.
 */
struct encl_op_write_range {
	struct encl_op_header header;
	uint64_t addr;
	uint64_t pages;
	uint64_t value;
};

/* SECINFO (SDM Vol. 3D, "Security Information"): 64 bytes, 64-byte aligned. */
struct encl_secinfo {
	uint64_t flags;
	uint8_t reserved[56];
} __attribute__((aligned(64)));

/*
 * TCS (SDM Vol. 3D, "Thread Control Structure"): one 4 KiB page.  OSSA and
 * OENTRY are offsets from the enclave base; OFSBASE/OGSBASE are added to the
 * base and must be page aligned.  STATE, CSSA and AEP are owned by the CPU
 * and must be zero when the page is added.
 */
struct encl_tcs {
	uint64_t state;
	uint64_t flags;
	uint64_t ossa;
	uint32_t cssa;
	uint32_t nssa;
	uint64_t oentry;
	uint64_t aep;
	uint64_t ofsbase;
	uint64_t ogsbase;
	uint32_t fslimit;
	uint32_t gslimit;
	uint8_t reserved[4024];
};

_Static_assert(sizeof(struct encl_secinfo) == 64, "SECINFO is 64 bytes");
_Static_assert(sizeof(struct encl_tcs) == ENCL_PAGE_SIZE, "TCS is one page");
_Static_assert(__builtin_offsetof(struct encl_tcs, ossa) == 16, "TCS.OSSA");
_Static_assert(__builtin_offsetof(struct encl_tcs, nssa) == 28, "TCS.NSSA");
_Static_assert(__builtin_offsetof(struct encl_tcs, oentry) == 32, "TCS.OENTRY");
_Static_assert(__builtin_offsetof(struct encl_tcs, ofsbase) == 48, "TCS.OFSBASE");
_Static_assert(__builtin_offsetof(struct encl_tcs, fslimit) == 64, "TCS.FSLIMIT");
_Static_assert(__builtin_offsetof(struct encl_tcs, reserved) == 72, "TCS reserved");
_Static_assert(sizeof(struct encl_targetinfo) == 512, "TARGETINFO is 512 bytes");
_Static_assert(__builtin_offsetof(struct encl_targetinfo, attributes) == 32, "TI.ATTRIBUTES");
_Static_assert(__builtin_offsetof(struct encl_targetinfo, config_svn) == 50, "TI.CONFIGSVN");
_Static_assert(__builtin_offsetof(struct encl_targetinfo, miscselect) == 52, "TI.MISCSELECT");
_Static_assert(__builtin_offsetof(struct encl_targetinfo, config_id) == 64, "TI.CONFIGID");
_Static_assert(sizeof(struct encl_report) == 432, "REPORT is 432 bytes");
_Static_assert(__builtin_offsetof(struct encl_report, miscselect) == 16, "REPORT.MISCSELECT");
_Static_assert(__builtin_offsetof(struct encl_report, attributes) == 48, "REPORT.ATTRIBUTES");
_Static_assert(__builtin_offsetof(struct encl_report, mrenclave) == 64, "REPORT.MRENCLAVE");
_Static_assert(__builtin_offsetof(struct encl_report, mrsigner) == 128, "REPORT.MRSIGNER");
_Static_assert(__builtin_offsetof(struct encl_report, isv_prod_id) == 256, "REPORT.ISVPRODID");
_Static_assert(__builtin_offsetof(struct encl_report, isv_family_id) == 304, "REPORT.ISVFAMILYID");
_Static_assert(__builtin_offsetof(struct encl_report, report_data) == 320, "REPORT.REPORTDATA");
_Static_assert(__builtin_offsetof(struct encl_report, key_id) == ENCL_REPORT_BODY_SIZE,
	       "REPORT.KEYID");
_Static_assert(__builtin_offsetof(struct encl_report, mac) == 416, "REPORT.MAC");
_Static_assert(sizeof(struct encl_keyrequest) == 512, "KEYREQUEST is 512 bytes");
_Static_assert(__builtin_offsetof(struct encl_keyrequest, cpu_svn) == 8, "KR.CPUSVN");
_Static_assert(__builtin_offsetof(struct encl_keyrequest, attribute_mask) == 24, "KR.ATTRMASK");
_Static_assert(__builtin_offsetof(struct encl_keyrequest, key_id) == 40, "KR.KEYID");
_Static_assert(__builtin_offsetof(struct encl_keyrequest, misc_mask) == 72, "KR.MISCMASK");
_Static_assert(__builtin_offsetof(struct encl_keyrequest, config_svn) == 76, "KR.CONFIGSVN");
_Static_assert(__builtin_offsetof(struct encl_keyrequest, reserved2) == 78, "KR reserved");

/*
 * Fill @tcs the way every TCS of the test enclave looks: one SSA frame at
 * @ossa, entry at @oentry, FS/GS based at the enclave base.  Used by the
 * builder for the static TCSes and by the enclave for ENCL_OP_INIT_TCS_PAGE,
 * so both produce identical pages.  A plain loop, not memset(): the enclave
 * has no libc.
 */
static inline void encl_tcs_init(struct encl_tcs *tcs, uint64_t ossa,
				 uint64_t oentry)
{
	uint8_t *p = (uint8_t *)tcs;
	unsigned int i;

	for (i = 0; i < sizeof(*tcs); i++)
		p[i] = 0;

	tcs->ossa = ossa;
	tcs->nssa = ENCL_NSSA;
	tcs->oentry = oentry;
	tcs->ofsbase = 0;
	tcs->ogsbase = 0;
	tcs->fslimit = ENCL_TCS_SEG_LIMIT;
	tcs->gslimit = ENCL_TCS_SEG_LIMIT;
}

#endif /* !__ASSEMBLER__ */

#endif /* SGX2_TESTS_ENCL_OPS_H */
