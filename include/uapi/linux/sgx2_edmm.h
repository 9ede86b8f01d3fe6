/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sgx2_edmm.h - user API of the sgx2_edmm module (/dev/sgx2_edmm).
 *
 * Part 1 is the mainline SGX enclave ioctl ABI (arch/x86/include/uapi/asm/sgx.h,
 * Linux 6.0+) reproduced byte for byte: same magic, numbers, directions and
 * struct layouts, so a runtime that already speaks mainline only changes the
 * device path.  The names carry an SGX2_/sgx2_ prefix so that this header can
 * be included next to <asm/sgx.h> without clashing.
 *
 * Part 2 is the AUGMENT_PAGES ioctl of the 2022 RFC (never merged), nr 0x09.
 *
 * Part 3 holds this module's own extensions, all at nr >= 0x80.
 *
 * Part 4 names the architectural constants (SECINFO bits, page types, ENCLS
 * and ENCLU leaves, SGX return codes) that the module, its tests and its
 * tools share.
 *
 * Only <linux/types.h> and <linux/ioctl.h> are needed.
 */
#ifndef _UAPI_LINUX_SGX2_EDMM_H
#define _UAPI_LINUX_SGX2_EDMM_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* Version of the extension ABI (part 3); bumped on any change there. */
#define SGX2_EDMM_API_VERSION		1

#define SGX2_EDMM_DEVICE_NAME		"sgx2_edmm"
#define SGX2_EDMM_DEVICE_PATH		"/dev/sgx2_edmm"

#define SGX2_MAGIC			0xA4
#define SGX2_PAGE_SIZE			4096

/* ---------------------------------------------------------------------------
 * Part 1: the mainline ioctl ABI
 * ---------------------------------------------------------------------------
 */

/**
 * enum sgx2_page_flags - flags of SGX2_IOC_ENCLAVE_ADD_PAGES
 * @SGX2_PAGE_MEASURE:	EEXTEND the added page into MRENCLAVE
 */
enum sgx2_page_flags {
	SGX2_PAGE_MEASURE	= 0x01,
};

/**
 * struct sgx2_enclave_create - SGX2_IOC_ENCLAVE_CREATE
 * @src:	user address of a 4 KiB page holding the SECS
 */
struct sgx2_enclave_create {
	__u64	src;
};

/**
 * struct sgx2_enclave_add_pages - SGX2_IOC_ENCLAVE_ADD_PAGES
 * @src:	user address of the source pages (page aligned)
 * @offset:	offset of the first page from the enclave base
 * @length:	bytes to add (non-zero multiple of the page size)
 * @secinfo:	user address of a 64-byte SECINFO for every page
 * @flags:	enum sgx2_page_flags
 * @count:	OUT: bytes added (ignored on input, as in mainline)
 */
struct sgx2_enclave_add_pages {
	__u64	src;
	__u64	offset;
	__u64	length;
	__u64	secinfo;
	__u64	flags;
	__u64	count;
};

/**
 * struct sgx2_enclave_init - SGX2_IOC_ENCLAVE_INIT
 * @sigstruct:	user address of the 1808-byte SIGSTRUCT
 */
struct sgx2_enclave_init {
	__u64	sigstruct;
};

/**
 * struct sgx2_enclave_provision - SGX2_IOC_ENCLAVE_PROVISION
 * @fd:		file descriptor of /dev/sgx_provision
 */
struct sgx2_enclave_provision {
	__u64	fd;
};

/**
 * struct sgx2_enclave_restrict_permissions - SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS
 * @offset:	offset of the first page from the enclave base
 * @length:	bytes (non-zero multiple of the page size)
 * @permissions: new EPCM permissions (SGX2_SECINFO_R/W/X; W needs R)
 * @result:	OUT: raw SGX return code of EMODPR on the failing page
 * @count:	OUT: bytes completed before the failing page
 */
struct sgx2_enclave_restrict_permissions {
	__u64	offset;
	__u64	length;
	__u64	permissions;
	__u64	result;
	__u64	count;
};

/**
 * struct sgx2_enclave_modify_types - SGX2_IOC_ENCLAVE_MODIFY_TYPES
 * @offset:	offset of the first page from the enclave base
 * @length:	bytes (non-zero multiple of the page size)
 * @page_type:	new page type: SGX2_PAGE_TYPE_TCS or SGX2_PAGE_TYPE_TRIM
 * @result:	OUT: raw SGX return code of EMODT on the failing page
 * @count:	OUT: bytes completed before the failing page
 */
struct sgx2_enclave_modify_types {
	__u64	offset;
	__u64	length;
	__u64	page_type;
	__u64	result;
	__u64	count;
};

/**
 * struct sgx2_enclave_remove_pages - SGX2_IOC_ENCLAVE_REMOVE_PAGES
 * @offset:	offset of the first page from the enclave base
 * @length:	bytes (non-zero multiple of the page size)
 * @count:	OUT: bytes removed
 */
struct sgx2_enclave_remove_pages {
	__u64	offset;
	__u64	length;
	__u64	count;
};

#define SGX2_IOC_ENCLAVE_CREATE \
	_IOW(SGX2_MAGIC, 0x00, struct sgx2_enclave_create)
#define SGX2_IOC_ENCLAVE_ADD_PAGES \
	_IOWR(SGX2_MAGIC, 0x01, struct sgx2_enclave_add_pages)
#define SGX2_IOC_ENCLAVE_INIT \
	_IOW(SGX2_MAGIC, 0x02, struct sgx2_enclave_init)
#define SGX2_IOC_ENCLAVE_PROVISION \
	_IOW(SGX2_MAGIC, 0x03, struct sgx2_enclave_provision)
/* nr 0x04 is SGX_IOC_VEPC_REMOVE_ALL on /dev/sgx_vepc; not used here. */
#define SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS \
	_IOWR(SGX2_MAGIC, 0x05, struct sgx2_enclave_restrict_permissions)
#define SGX2_IOC_ENCLAVE_MODIFY_TYPES \
	_IOWR(SGX2_MAGIC, 0x06, struct sgx2_enclave_modify_types)
#define SGX2_IOC_ENCLAVE_REMOVE_PAGES \
	_IOWR(SGX2_MAGIC, 0x07, struct sgx2_enclave_remove_pages)

/**
 * struct sgx2_enclave_run - control block of the enclave entry function
 * @tcs:		user address of the TCS to enter through
 * @function:		OUT: ENCLU leaf that ended the entry (EEXIT, or ERESUME/
 *			EENTER when an exception is reported)
 * @exception_vector:	OUT: vector of the exception, if any
 * @exception_error_code: OUT: error code of the exception (#PF: bit 15 = SGX)
 * @exception_addr:	OUT: faulting address (#PF)
 * @user_handler:	optional handler called on exit and on exceptions
 * @user_data:		opaque to the entry function
 * @reserved:		must be zero
 *
 * Layout of mainline's struct sgx_enclave_run (256 bytes), used by
 * __vdso_sgx_enter_enclave and by the sim backend's userspace runtime.
 */
struct sgx2_enclave_run {
	__u64	tcs;
	__u32	function;
	__u16	exception_vector;
	__u16	exception_error_code;
	__u64	exception_addr;
	__u64	user_handler;
	__u64	user_data;
	__u8	reserved[216];
};

/* ---------------------------------------------------------------------------
 * Part 2: AUGMENT_PAGES (layout of the 2022 RFC)
 * ---------------------------------------------------------------------------
 */

/**
 * struct sgx2_enclave_augment_pages - SGX2_IOC_ENCLAVE_AUGMENT_PAGES
 * @offset:	offset of the first page from the enclave base
 * @length:	bytes (non-zero multiple of the page size)
 * @count:	OUT: bytes augmented (EAUGed, PENDING) before the call stopped
 *
 * EAUGs every page of the range; no PTE is installed, the enclave EACCEPTs
 * the pages and the first access maps them.
 */
struct sgx2_enclave_augment_pages {
	__u64	offset;
	__u64	length;
	__u64	count;
};

#define SGX2_IOC_ENCLAVE_AUGMENT_PAGES \
	_IOWR(SGX2_MAGIC, 0x09, struct sgx2_enclave_augment_pages)

/* ---------------------------------------------------------------------------
 * Part 3: sgx2_edmm extensions (nr >= 0x80)
 * ---------------------------------------------------------------------------
 */

/*
 * enum sgx2_stat - index into sgx2_enclave_stats.value[]
 *
 * New counters are only ever appended; an index keeps its meaning forever.
 */
enum sgx2_stat {
	SGX2_STAT_EPC_PAGES,		/* EPC pages held now (gauge) */
	SGX2_STAT_ECREATE,
	SGX2_STAT_EADD,
	SGX2_STAT_EEXTEND,
	SGX2_STAT_EINIT,
	SGX2_STAT_EREMOVE,
	SGX2_STAT_ETRACK,
	SGX2_STAT_EAUG,
	SGX2_STAT_EMODPR,
	SGX2_STAT_EMODT,
	SGX2_STAT_EENTER,
	SGX2_STAT_ERESUME,
	SGX2_STAT_EEXIT,
	SGX2_STAT_EACCEPT,
	SGX2_STAT_EACCEPTCOPY,
	SGX2_STAT_EMODPE,
	SGX2_STAT_AEX,
	SGX2_STAT_IPI_ROUNDS,		/* IPI rounds after ETRACK */
	SGX2_STAT_FAULTS,		/* page faults on enclave mappings */
	SGX2_STAT_EAUG_FAULTS,		/* faults that EAUGed a page */
	SGX2_STAT_PTE_ZAPS,		/* PTE zaps (each: every mapping) */
	SGX2_STAT_PAGES_PROCESSED,	/* pages completed by SGX2 ioctls */
	SGX2_STAT_IOCTL_NS,		/* nanoseconds spent in SGX2 ioctls */
	SGX2_STAT_FAULT_AROUND_PAGES,	/* pages EAUGed by fault-around */
	SGX2_STAT_FAULT_AROUND_WASTE,	/* of those, freed never touched */
	SGX2_STAT_NR,
};

#define SGX2_STAT_MAX			64

/* sgx2_enclave_stats.flags: read the module-wide counters. */
#define SGX2_STATS_GLOBAL		0x1ULL

/**
 * struct sgx2_enclave_stats - SGX2_IOC_ENCLAVE_STATS
 * @flags:	IN: 0 for this enclave, SGX2_STATS_GLOBAL for the module
 * @nr:		OUT: number of valid entries in @value (SGX2_STAT_NR of the
 *		running module); must be 0 on input
 * @value:	OUT: counters indexed by enum sgx2_stat; must be 0 on input
 */
struct sgx2_enclave_stats {
	__u64	flags;
	__u64	nr;
	__u64	value[SGX2_STAT_MAX];
};

#define SGX2_IOC_ENCLAVE_STATS \
	_IOWR(SGX2_MAGIC, 0x80, struct sgx2_enclave_stats)

/**
 * enum sgx2_batch_policy - how EMODPR/EMODT/EREMOVE ranges are tracked
 * @SGX2_POLICY_DEFAULT:	the module parameter's policy (SET only)
 * @SGX2_POLICY_PER_PAGE:	mainline: one ETRACK and IPI round per page
 * @SGX2_POLICY_CHUNK:		one ETRACK and IPI round per @chunk pages
 * @SGX2_POLICY_PER_RANGE:	one ETRACK and IPI round per range (the
 *				enclave lock is still dropped between chunks)
 */
enum sgx2_batch_policy {
	SGX2_POLICY_DEFAULT	= 0,
	SGX2_POLICY_PER_PAGE	= 1,
	SGX2_POLICY_CHUNK	= 2,
	SGX2_POLICY_PER_RANGE	= 3,
};

/**
 * struct sgx2_enclave_policy - SGX2_IOC_ENCLAVE_SET_POLICY / GET_POLICY
 * @policy:		enum sgx2_batch_policy
 * @chunk:		pages per ETRACK for SGX2_POLICY_CHUNK, else 0
 * @fault_around:	largest fault-around window: pages EAUGed after a
 *			faulting EAUG of a sequential fault stream, in its
 *			direction (0 = off)
 * @flags:		reserved, must be 0
 * @reserved:		must be 0
 */
struct sgx2_enclave_policy {
	__u32	policy;
	__u32	chunk;
	__u32	fault_around;
	__u32	flags;
	__u64	reserved[2];
};

#define SGX2_IOC_ENCLAVE_SET_POLICY \
	_IOW(SGX2_MAGIC, 0x81, struct sgx2_enclave_policy)
#define SGX2_IOC_ENCLAVE_GET_POLICY \
	_IOR(SGX2_MAGIC, 0x82, struct sgx2_enclave_policy)

/* sgx2_sim_enclu.leaf: not an ENCLU leaf, an exception inside the enclave */
#define SGX2_SIM_AEX			0x100

/* sgx2_sim_enclu.gpr[] indices: the order of the SSA's GPRSGX area */
enum sgx2_sim_gpr {
	SGX2_GPR_RAX, SGX2_GPR_RCX, SGX2_GPR_RDX, SGX2_GPR_RBX,
	SGX2_GPR_RSP, SGX2_GPR_RBP, SGX2_GPR_RSI, SGX2_GPR_RDI,
	SGX2_GPR_R8, SGX2_GPR_R9, SGX2_GPR_R10, SGX2_GPR_R11,
	SGX2_GPR_R12, SGX2_GPR_R13, SGX2_GPR_R14, SGX2_GPR_R15,
	SGX2_GPR_NR,
};

/**
 * struct sgx2_sim_enclu - SGX2_IOC_SIM_ENCLU (sim backend only)
 * @leaf:	IN: the ENCLU leaf (EAX at the ENCLU instruction), or
 *		SGX2_SIM_AEX for an exception taken by enclave code
 * @flags:	OUT: SGX2_SIM_ENCLU_* bits; must be 0 on input
 * @gpr:	IN/OUT: general-purpose registers, enum sgx2_sim_gpr order
 * @rip:	IN: address of the ENCLU instruction, or of the faulting
 *		instruction for SGX2_SIM_AEX; OUT: where to resume
 * @rflags:	IN/OUT: RFLAGS (ENCLU leaves report errors in ZF)
 * @exception_vector: SGX2_SIM_AEX: IN, the vector of the host exception;
 *		a leaf: OUT when SGX2_SIM_ENCLU_EXCEPTION is set; else 0 on input
 * @exception_error_code: likewise, the #PF error code (bit 15 = SGX on
 *		output)
 * @exception_addr: likewise, the faulting linear address
 * @reserved:	must be 0
 *
 * Under the sim backend enclave code runs natively in user mode; each ENCLU
 * raises #UD, and the runtime's SIGILL handler forwards the registers here.
 * The module executes the leaf against its EPCM model for the calling
 * thread (one simulated logical processor per thread) and returns the
 * registers to resume with.  When enclave code takes an exception (an
 * EPCM-enforced page fault, #UD on a non-ENCLU instruction, ...) the
 * runtime reports it with SGX2_SIM_AEX: the module performs the AEX (state
 * saved to the SSA, synthetic state at the AEP) and returns the exception
 * as the enclave would have reported it.  A leaf that faults inside the
 * enclave is handled the same way.  SGX2_SIM_ENCLU_EXCEPTION says an
 * exception is reported; @rip is then the AEP (the LP left the enclave) or
 * unchanged (EENTER/ERESUME faulted from outside).
 *
 * Errors: ENODEV on the hw backend; EINVAL for a bad @leaf or non-zero
 * input fields that must be 0; EFAULT for a bad pointer; EPERM for an
 * ENCLU other than EENTER/ERESUME from a thread that is not inside.
 */
struct sgx2_sim_enclu {
	__u64	leaf;
	__u64	flags;
	__u64	gpr[SGX2_GPR_NR];
	__u64	rip;
	__u64	rflags;
	__u32	exception_vector;
	__u32	exception_error_code;
	__u64	exception_addr;
	__u64	reserved[4];
};

/* sgx2_sim_enclu.flags */
#define SGX2_SIM_ENCLU_EXCEPTION	0x1ULL	/* an exception is reported */

#define SGX2_IOC_SIM_ENCLU \
	_IOWR(SGX2_MAGIC, 0x90, struct sgx2_sim_enclu)

/* ---------------------------------------------------------------------------
 * Part 4: architectural constants (Intel SDM Vol. 3D)
 * ---------------------------------------------------------------------------
 */

/* SECINFO.FLAGS */
#define SGX2_SECINFO_R			0x01ULL
#define SGX2_SECINFO_W			0x02ULL
#define SGX2_SECINFO_X			0x04ULL
#define SGX2_SECINFO_PENDING		0x08ULL
#define SGX2_SECINFO_MODIFIED		0x10ULL
#define SGX2_SECINFO_PR			0x20ULL
#define SGX2_SECINFO_PERMISSION_MASK	0x07ULL
#define SGX2_SECINFO_PAGE_TYPE_SHIFT	8
#define SGX2_SECINFO_PAGE_TYPE_MASK	0xFF00ULL
#define SGX2_SECINFO_RESERVED_MASK	(~(SGX2_SECINFO_PERMISSION_MASK | \
					   SGX2_SECINFO_PENDING | \
					   SGX2_SECINFO_MODIFIED | \
					   SGX2_SECINFO_PR | \
					   SGX2_SECINFO_PAGE_TYPE_MASK))

/*
 * enum sgx2_page_type - EPCM page types (SECINFO.FLAGS bits 15:8)
 */
enum sgx2_page_type {
	SGX2_PAGE_TYPE_SECS	= 0x00,
	SGX2_PAGE_TYPE_TCS	= 0x01,
	SGX2_PAGE_TYPE_REG	= 0x02,
	SGX2_PAGE_TYPE_VA	= 0x03,
	SGX2_PAGE_TYPE_TRIM	= 0x04,
};

#define SGX2_SECINFO_SECS	((__u64)SGX2_PAGE_TYPE_SECS << 8)
#define SGX2_SECINFO_TCS	((__u64)SGX2_PAGE_TYPE_TCS << 8)
#define SGX2_SECINFO_REG	((__u64)SGX2_PAGE_TYPE_REG << 8)
#define SGX2_SECINFO_VA		((__u64)SGX2_PAGE_TYPE_VA << 8)
#define SGX2_SECINFO_TRIM	((__u64)SGX2_PAGE_TYPE_TRIM << 8)

/*
 * enum sgx2_encls_leaf - ENCLS leaf numbers (EAX)
 */
enum sgx2_encls_leaf {
	SGX2_ECREATE	= 0x00,
	SGX2_EADD	= 0x01,
	SGX2_EINIT	= 0x02,
	SGX2_EREMOVE	= 0x03,
	SGX2_EDGBRD	= 0x04,
	SGX2_EDGBWR	= 0x05,
	SGX2_EEXTEND	= 0x06,
	SGX2_ELDU	= 0x08,
	SGX2_EBLOCK	= 0x09,
	SGX2_EPA	= 0x0A,
	SGX2_EWB	= 0x0B,
	SGX2_ETRACK	= 0x0C,
	SGX2_EAUG	= 0x0D,
	SGX2_EMODPR	= 0x0E,
	SGX2_EMODT	= 0x0F,
};

/*
 * enum sgx2_enclu_leaf - ENCLU leaf numbers (EAX)
 */
enum sgx2_enclu_leaf {
	SGX2_EREPORT	 = 0x00,
	SGX2_EGETKEY	 = 0x01,
	SGX2_EENTER	 = 0x02,
	SGX2_ERESUME	 = 0x03,
	SGX2_EEXIT	 = 0x04,
	SGX2_EACCEPT	 = 0x05,
	SGX2_EMODPE	 = 0x06,
	SGX2_EACCEPTCOPY = 0x07,
};

/*
 * enum sgx2_return_code - SGX return codes (RAX with ZF=1)
 */
enum sgx2_return_code {
	SGX2_SUCCESS			= 0,
	SGX2_INVALID_SIG_STRUCT		= 1,
	SGX2_INVALID_ATTRIBUTE		= 2,
	SGX2_INVALID_MEASUREMENT	= 4,
	SGX2_EPC_PAGE_CONFLICT		= 7,
	SGX2_INVALID_SIGNATURE		= 8,
	SGX2_NOT_TRACKED		= 11,
	SGX2_CHILD_PRESENT		= 13,
	SGX2_ENCLAVE_ACT		= 14,
	SGX2_INVALID_EINITTOKEN		= 16,
	SGX2_PREV_TRK_INCMPL		= 17,
	SGX2_PG_IS_SECS			= 18,
	SGX2_PAGE_ATTRIBUTES_MISMATCH	= 19,
	SGX2_PAGE_NOT_MODIFIABLE	= 20,
	SGX2_PAGE_NOT_DEBUGGABLE	= 21,
	SGX2_UNMASKED_EVENT		= 128,
};

/* #PF error code bit set for EPCM-induced faults */
#define SGX2_PF_SGX			0x8000

#endif /* _UAPI_LINUX_SGX2_EDMM_H */
