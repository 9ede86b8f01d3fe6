/* SPDX-License-Identifier: GPL-2.0 */
/*
 * validate.h - argument validation of the enclave ioctls (pure).
 *
 * Every validator exists twice: sgx2_check_*() names the first check that
 * failed (enum sgx2_vcheck, for tests and debug messages) and
 * sgx2_validate_*() turns that into the errno the ioctl returns.  The
 * checks run in mainline's order; see validate.c for the mainline function
 * each one mirrors.
 */
#ifndef SGX2_VALIDATE_H
#define SGX2_VALIDATE_H

#include "../pure.h"

/*
 * A compile-time check for both builds (pure.h offers neither
 * <linux/build_bug.h> nor <assert.h>): when @cond is false the declared
 * array has a negative size and the compiler stops.  Nothing is defined.
 */
#define SGX2_LAYOUT_CHECK(name, cond)	extern char name[(cond) ? 1 : -1]

/* The validators count in 4 KiB pages (shift 12). */
SGX2_LAYOUT_CHECK(sgx2_page_size_is_4k, SGX2_PAGE_SIZE == 4096);

/* SECS.MISCSELECT: report #PF/#GP details in the SSA frame's MISC area. */
#define SGX2_MISC_EXINFO		BIT(0)
/* SECS.ATTRIBUTES: a 64-bit enclave. */
#define SGX2_ATTR_MODE64BIT		BIT_ULL(2)
/* SECS.XFRM: the XSAVE features every enclave needs, and the MPX pair. */
#define SGX2_XFRM_FP			BIT_ULL(0)
#define SGX2_XFRM_SSE			BIT_ULL(1)
#define SGX2_XFRM_BNDREGS		BIT_ULL(3)
#define SGX2_XFRM_BNDCSR		BIT_ULL(4)

/* Bytes of the SSA frame's GPRSGX area and of its MISC.EXINFO area. */
#define SGX2_SSA_GPRSGX_SIZE		184
#define SGX2_SSA_MISC_EXINFO_SIZE	16

/* The page type field the MODIFY_TYPES ioctl takes (8 bits wide). */
#define SGX2_PAGE_TYPE_FIELD_MASK	0xFFULL

/**
 * struct sgx2_secs - SGX Enclave Control Structure, as ECREATE reads it
 * @size:		ELRANGE size in bytes (a power of two, >= 2 pages)
 * @base:		ELRANGE base address, aligned to @size
 * @ssa_frame_size:	SSA frame size in pages
 * @miscselect:		MISC areas saved in each SSA frame
 * @reserved1:		must be zero
 * @attributes:		enclave attributes (DEBUG, MODE64BIT, ...)
 * @xfrm:		XSAVE feature request mask
 * @mrenclave:		measurement, written by the CPU
 * @reserved2:		must be zero
 * @mrsigner:		signer's key hash, written by the CPU
 * @reserved3:		must be zero
 * @config_id:		KSS configuration identity
 * @isv_prod_id:	KSS product id
 * @isv_svn:		KSS security version
 * @config_svn:		KSS configuration security version
 * @reserved4:		must be zero
 *
 * Field offsets are those of Intel SDM Vol. 3D, table "Layout of SGX
 * Enclave Control Structure"; the checks below pin them.
 */
struct sgx2_secs {
	u64 size;
	u64 base;
	u32 ssa_frame_size;
	u32 miscselect;
	u8 reserved1[24];
	u64 attributes;
	u64 xfrm;
	u8 mrenclave[32];
	u8 reserved2[32];
	u8 mrsigner[32];
	u8 reserved3[32];
	u8 config_id[64];
	u16 isv_prod_id;
	u16 isv_svn;
	u16 config_svn;
	u8 reserved4[3834];
};

#define SGX2_SECS_AT(field, off) \
	SGX2_LAYOUT_CHECK(sgx2_secs_##field##_at_##off, \
			  offsetof(struct sgx2_secs, field) == (off))
SGX2_SECS_AT(size, 0);
SGX2_SECS_AT(base, 8);
SGX2_SECS_AT(ssa_frame_size, 16);
SGX2_SECS_AT(miscselect, 20);
SGX2_SECS_AT(reserved1, 24);
SGX2_SECS_AT(attributes, 48);
SGX2_SECS_AT(xfrm, 56);
SGX2_SECS_AT(mrenclave, 64);
SGX2_SECS_AT(reserved2, 96);
SGX2_SECS_AT(mrsigner, 128);
SGX2_SECS_AT(reserved3, 160);
SGX2_SECS_AT(config_id, 192);
SGX2_SECS_AT(isv_prod_id, 256);
SGX2_SECS_AT(isv_svn, 258);
SGX2_SECS_AT(config_svn, 260);
SGX2_SECS_AT(reserved4, 262);
SGX2_LAYOUT_CHECK(sgx2_secs_is_one_page, sizeof(struct sgx2_secs) == 4096);
#undef SGX2_SECS_AT

/**
 * struct sgx2_secs_limits - what the platform lets an enclave ask for
 * @attributes_reserved_mask:	SECS.ATTRIBUTES bits that must be clear
 * @xfrm_reserved_mask:		SECS.XFRM bits that must be clear
 * @max_size_64:		2^MaxEnclaveSize_64: the SECS.SIZE of a 64-bit
 *				enclave must be below it (ECREATE's
 *				pseudocode, despite CPUID's "maximum size")
 * @max_size_32:		2^MaxEnclaveSize_Not64, the same for a 32-bit
 *				enclave
 * @user_va_end_64:		end of the user half of the canonical linear
 *				address space: a 64-bit ELRANGE must end at or
 *				below it (2^47 with 4-level paging, 2^56 with
 *				5-level paging)
 * @misc_reserved_mask:		SECS.MISCSELECT bits that must be clear
 *
 * Filled once from CPUID leaf 0x12 (and XCR0) and the paging mode by the
 * backend.
 */
struct sgx2_secs_limits {
	u64 attributes_reserved_mask;
	u64 xfrm_reserved_mask;
	u64 max_size_64;
	u64 max_size_32;
	u64 user_va_end_64;
	u32 misc_reserved_mask;
};

/**
 * struct sgx2_secinfo_raw - a SECINFO as copied from user space
 * @flags:	permissions (bits 2:0), PENDING/MODIFIED/PR (bits 5:3) and
 *		page type (bits 15:8)
 * @reserved:	must be zero
 *
 * Same 64 bytes as the backend's struct sgx2_secinfo, without its 64-byte
 * alignment (which only the ENCLS leaves need).
 */
struct sgx2_secinfo_raw {
	u64 flags;
	u8 reserved[56];
};

SGX2_LAYOUT_CHECK(sgx2_secinfo_raw_is_64_bytes,
		  sizeof(struct sgx2_secinfo_raw) == 64);

/**
 * enum sgx2_vcheck - the check a validator failed on
 * @SGX2_VC_OK:			all checks passed
 * @SGX2_VC_OFFSET_ALIGN:	offset not page aligned
 * @SGX2_VC_LENGTH:		length zero or not page aligned
 * @SGX2_VC_WRAP:		offset + length overflows 64 bits
 * @SGX2_VC_OUTSIDE:		the range ends beyond the enclave size
 * @SGX2_VC_SECS_SIZE:		SECS.SIZE below 2 pages or not a power of two
 * @SGX2_VC_SECS_BASE:		SECS.BASEADDR not aligned to SECS.SIZE
 * @SGX2_VC_SECS_MISC:		reserved SECS.MISCSELECT bit set
 * @SGX2_VC_SECS_ATTR:		reserved SECS.ATTRIBUTES bit set
 * @SGX2_VC_SECS_XFRM_RSVD:	reserved SECS.XFRM bit set
 * @SGX2_VC_SECS_SIZE_MAX:	SECS.SIZE at or above the 64-bit or 32-bit
 *				maximum (ECREATE: SIZE >= 2^MaxEnclaveSize)
 * @SGX2_VC_SECS_XFRM:		SECS.XFRM lacks FP or SSE, or has only one of
 *				BNDREGS and BNDCSR
 * @SGX2_VC_SECS_SSA_ZERO:	SECS.SSAFRAMESIZE is zero
 * @SGX2_VC_SECS_SSA_SMALL:	SECS.SSAFRAMESIZE below what XFRM and
 *				MISCSELECT need
 * @SGX2_VC_SECS_RESERVED:	a reserved SECS byte is non-zero
 * @SGX2_VC_SECS_ELRANGE:	ELRANGE not in the user half of the canonical
 *				address space (64-bit) or not below 4 GiB
 *				(32-bit)
 * @SGX2_VC_SECINFO_TYPE:	SECINFO page type neither REG nor TCS
 * @SGX2_VC_SECINFO_W_NO_R:	SECINFO has W without R
 * @SGX2_VC_SECINFO_TCS_PERM:	SECINFO of a TCS has a permission bit
 * @SGX2_VC_SECINFO_FLAGS:	reserved SECINFO flag bit set (PENDING,
 *				MODIFIED and PR included)
 * @SGX2_VC_SECINFO_RESERVED:	a reserved SECINFO byte is non-zero
 * @SGX2_VC_SRC_ALIGN:		ADD_PAGES source not page aligned
 * @SGX2_VC_FLAGS:		ADD_PAGES flags beyond SGX2_PAGE_MEASURE
 * @SGX2_VC_PERM:		RESTRICT permissions beyond RWX
 * @SGX2_VC_W_NO_R:		RESTRICT permissions have W without R
 * @SGX2_VC_PAGE_TYPE:		MODIFY_TYPES page type wider than 8 bits
 * @SGX2_VC_OUT:		an OUT field (result, count) non-zero on input
 * @SGX2_VC_NR:			number of checks, not a check
 */
enum sgx2_vcheck {
	SGX2_VC_OK = 0,
	SGX2_VC_OFFSET_ALIGN,
	SGX2_VC_LENGTH,
	SGX2_VC_WRAP,
	SGX2_VC_OUTSIDE,
	SGX2_VC_SECS_SIZE,
	SGX2_VC_SECS_BASE,
	SGX2_VC_SECS_MISC,
	SGX2_VC_SECS_ATTR,
	SGX2_VC_SECS_XFRM_RSVD,
	SGX2_VC_SECS_SIZE_MAX,
	SGX2_VC_SECS_XFRM,
	SGX2_VC_SECS_SSA_ZERO,
	SGX2_VC_SECS_SSA_SMALL,
	SGX2_VC_SECS_RESERVED,
	SGX2_VC_SECS_ELRANGE,
	SGX2_VC_SECINFO_TYPE,
	SGX2_VC_SECINFO_W_NO_R,
	SGX2_VC_SECINFO_TCS_PERM,
	SGX2_VC_SECINFO_FLAGS,
	SGX2_VC_SECINFO_RESERVED,
	SGX2_VC_SRC_ALIGN,
	SGX2_VC_FLAGS,
	SGX2_VC_PERM,
	SGX2_VC_W_NO_R,
	SGX2_VC_PAGE_TYPE,
	SGX2_VC_OUT,
	SGX2_VC_NR,
};

const char *sgx2_vcheck_name(enum sgx2_vcheck check);

u32 sgx2_ssa_frame_pages(u32 miscselect, u32 xsave_size);

enum sgx2_vcheck sgx2_check_secs(const struct sgx2_secs *secs,
				 const struct sgx2_secs_limits *lim,
				 u32 xsave_size);
int sgx2_validate_secs(const struct sgx2_secs *secs,
		       const struct sgx2_secs_limits *lim, u32 xsave_size);

enum sgx2_vcheck sgx2_check_secinfo(const struct sgx2_secinfo_raw *s);
int sgx2_validate_secinfo(const struct sgx2_secinfo_raw *s);

enum sgx2_vcheck sgx2_check_range(u64 encl_size, u64 offset, u64 length);
int sgx2_validate_range(u64 encl_size, u64 offset, u64 length);

enum sgx2_vcheck
sgx2_check_add_pages(const struct sgx2_enclave_add_pages *arg, u64 encl_size);
int sgx2_validate_add_pages(const struct sgx2_enclave_add_pages *arg,
			    u64 encl_size);

enum sgx2_vcheck
sgx2_check_restrict(const struct sgx2_enclave_restrict_permissions *arg,
		    u64 encl_size);
int sgx2_validate_restrict(const struct sgx2_enclave_restrict_permissions *arg,
			   u64 encl_size);

enum sgx2_vcheck
sgx2_check_modify_types(const struct sgx2_enclave_modify_types *arg,
			u64 encl_size);
int sgx2_validate_modify_types(const struct sgx2_enclave_modify_types *arg,
			       u64 encl_size);
bool sgx2_modt_target_ok(u64 page_type);
bool sgx2_modt_transition_ok(u64 from, u64 to);

enum sgx2_vcheck
sgx2_check_remove_pages(const struct sgx2_enclave_remove_pages *arg,
			u64 encl_size);
int sgx2_validate_remove_pages(const struct sgx2_enclave_remove_pages *arg,
			       u64 encl_size);

enum sgx2_vcheck
sgx2_check_augment_pages(const struct sgx2_enclave_augment_pages *arg,
			 u64 encl_size);
int sgx2_validate_augment_pages(const struct sgx2_enclave_augment_pages *arg,
				u64 encl_size);

#endif /* SGX2_VALIDATE_H */
