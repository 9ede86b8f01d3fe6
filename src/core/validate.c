// SPDX-License-Identifier: GPL-2.0
/*
 * validate.c - checks of the ioctl arguments, run after copy_from_user().
 *
 * Pure: compiled into the module and into the Check tests.
 *
 * Every check that fails yields -EINVAL, so user space cannot tell which
 * one fired; the order still matters to us because it is what mainline
 * (arch/x86/kernel/cpu/sgx/ioctl.c) does, and the tests pin it through
 * the enum sgx2_vcheck that each sgx2_check_*() returns.  The readiness
 * checks (ENODEV without SGX2, EINVAL before EINIT, EBUSY while another
 * ioctl runs) come before the copy and live in the ioctl code.
 *
 * Where we are stricter than mainline (unknown ADD_PAGES flags), the
 * extra check comes after all of mainline's checks of the same struct, so
 * whatever mainline refuses there we refuse from the same check.  The
 * ADD_PAGES count is not checked: mainline ignores it on input and
 * overwrites it, and mainline's own selftests leave it uninitialized.
 */
#include "validate.h"

#define VPAGE_SHIFT	12
#define VPAGE_SIZE	BIT_ULL(VPAGE_SHIFT)
#define VPAGE_MASK	(VPAGE_SIZE - 1)

static const char * const vcheck_names[SGX2_VC_NR] = {
	[SGX2_VC_OK]			= "ok",
	[SGX2_VC_OFFSET_ALIGN]		= "offset not page aligned",
	[SGX2_VC_LENGTH]		= "length zero or not page aligned",
	[SGX2_VC_WRAP]			= "offset + length overflows",
	[SGX2_VC_OUTSIDE]		= "range beyond the enclave",
	[SGX2_VC_SECS_SIZE]		= "SECS size",
	[SGX2_VC_SECS_BASE]		= "SECS base not aligned to size",
	[SGX2_VC_SECS_MISC]		= "SECS miscselect reserved bits",
	[SGX2_VC_SECS_ATTR]		= "SECS attributes reserved bits",
	[SGX2_VC_SECS_XFRM_RSVD]	= "SECS xfrm reserved bits",
	[SGX2_VC_SECS_SIZE_MAX]		= "SECS size at or above maximum",
	[SGX2_VC_SECS_XFRM]		= "SECS xfrm FP/SSE/BND",
	[SGX2_VC_SECS_SSA_ZERO]		= "SECS ssa_frame_size zero",
	[SGX2_VC_SECS_SSA_SMALL]	= "SECS ssa_frame_size too small",
	[SGX2_VC_SECS_RESERVED]		= "SECS reserved bytes",
	[SGX2_VC_SECS_ELRANGE]		= "SECS ELRANGE not canonical user space",
	[SGX2_VC_SECINFO_TYPE]		= "SECINFO page type",
	[SGX2_VC_SECINFO_W_NO_R]	= "SECINFO W without R",
	[SGX2_VC_SECINFO_TCS_PERM]	= "SECINFO TCS with permissions",
	[SGX2_VC_SECINFO_FLAGS]		= "SECINFO reserved flags",
	[SGX2_VC_SECINFO_RESERVED]	= "SECINFO reserved bytes",
	[SGX2_VC_SRC_ALIGN]		= "src not page aligned",
	[SGX2_VC_FLAGS]			= "unknown flags",
	[SGX2_VC_PERM]			= "permissions beyond RWX",
	[SGX2_VC_W_NO_R]		= "permissions W without R",
	[SGX2_VC_PAGE_TYPE]		= "page type beyond 8 bits",
	[SGX2_VC_OUT]			= "OUT field non-zero",
};

/**
 * sgx2_vcheck_name() - a short description of a check, for debug messages
 * @check:	a value returned by one of the sgx2_check_*() functions
 *
 * Return:
 * * a constant string naming @check
 * * NULL - @check is not a check (SGX2_VC_NR or beyond)
 */
const char *sgx2_vcheck_name(enum sgx2_vcheck check)
{
	if ((unsigned int)check >= SGX2_VC_NR)
		return NULL;
	return vcheck_names[check];
}

static int vcheck_errno(enum sgx2_vcheck check)
{
	return check == SGX2_VC_OK ? 0 : -EINVAL;
}

static bool is_pow2_u64(u64 x)
{
	return x && !(x & (x - 1));
}

static bool bytes_zero(const u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

/**
 * sgx2_ssa_frame_pages() - pages one SSA frame needs
 * @miscselect:	SECS.MISCSELECT
 * @xsave_size:	bytes of the XSAVE area (non-compacted format) for
 *		SECS.XFRM: the largest CPUID(0xD, i).EBX + EAX over the
 *		features i in XFRM, legacy area and header included
 *
 * The frame holds, from its start, the XSAVE area, then the MISC area
 * (EXINFO, 16 bytes, when MISCSELECT bit 0 is set) and at its end GPRSGX
 * (184 bytes).  This is what the SGX driver's sgx_calc_ssa_frame_size()
 * computed before merging: at least one page, and no other MISC area.
 *
 * Return: the SSA frame size in pages, at least 1.
 */
u32 sgx2_ssa_frame_pages(u32 miscselect, u32 xsave_size)
{
	u64 bytes = (u64)xsave_size + SGX2_SSA_GPRSGX_SIZE;

	if (miscselect & SGX2_MISC_EXINFO)
		bytes += SGX2_SSA_MISC_EXINFO_SIZE;

	return (u32)((bytes + VPAGE_MASK) >> VPAGE_SHIFT);
}

static bool xfrm_legal(u64 xfrm)
{
	bool bndregs = xfrm & SGX2_XFRM_BNDREGS;
	bool bndcsr = xfrm & SGX2_XFRM_BNDCSR;

	if (!(xfrm & SGX2_XFRM_FP) || !(xfrm & SGX2_XFRM_SSE))
		return false;
	return bndregs == bndcsr;
}

/*
 * ELRANGE [base, base + size) lies in the linear addresses the enclave can
 * use: for a 64-bit enclave the user half of the canonical address space
 * (ECREATE itself only #GPs on a non-canonical BASEADDR; a kernel-half
 * ELRANGE could never be mapped), for a 32-bit one below 4 GiB (ECREATE
 * #GPs on a BASEADDR with any of bits 63:32 set).  No overflow: the base
 * is compared before the subtraction.
 */
static bool elrange_legal(const struct sgx2_secs *secs,
			  const struct sgx2_secs_limits *lim)
{
	u64 end = (secs->attributes & SGX2_ATTR_MODE64BIT) ?
		  lim->user_va_end_64 : BIT_ULL(32);

	return secs->base < end && secs->size <= end - secs->base;
}

/**
 * sgx2_check_secs() - find the first check a SECS fails, for ECREATE
 * @secs:	the SECS page as copied from user space
 * @lim:	what this platform allows
 * @xsave_size:	bytes of the XSAVE area for @secs->xfrm, as for
 *		sgx2_ssa_frame_pages()
 *
 * Checks in the order of sgx_validate_secs() of the SGX driver series
 * (dropped before the merge; merged mainline only tests that the size is
 * a power of two and leaves the rest to ECREATE's #GP): size, base
 * alignment, reserved MISCSELECT/ATTRIBUTES/XFRM bits, size maximum for
 * the enclave's mode (SIZE >= 2^MaxEnclaveSize, as ECREATE's pseudocode
 * has it: that series compared with '>'), XFRM consistency, SSA frame size
 * (non-zero, then large enough), reserved bytes 1 to 4; then ours, last:
 * ELRANGE in canonical user space (below 4 GiB for a 32-bit enclave).
 *
 * Return: SGX2_VC_OK, or the SGX2_VC_SECS_* check that failed first.
 */
enum sgx2_vcheck sgx2_check_secs(const struct sgx2_secs *secs,
				 const struct sgx2_secs_limits *lim,
				 u32 xsave_size)
{
	u64 max_size = (secs->attributes & SGX2_ATTR_MODE64BIT) ?
		       lim->max_size_64 : lim->max_size_32;

	if (secs->size < 2 * VPAGE_SIZE || !is_pow2_u64(secs->size))
		return SGX2_VC_SECS_SIZE;
	if (secs->base & (secs->size - 1))
		return SGX2_VC_SECS_BASE;
	if (secs->miscselect & lim->misc_reserved_mask)
		return SGX2_VC_SECS_MISC;
	if (secs->attributes & lim->attributes_reserved_mask)
		return SGX2_VC_SECS_ATTR;
	if (secs->xfrm & lim->xfrm_reserved_mask)
		return SGX2_VC_SECS_XFRM_RSVD;
	if (secs->size >= max_size)
		return SGX2_VC_SECS_SIZE_MAX;
	if (!xfrm_legal(secs->xfrm))
		return SGX2_VC_SECS_XFRM;
	if (!secs->ssa_frame_size)
		return SGX2_VC_SECS_SSA_ZERO;
	if (secs->ssa_frame_size <
	    sgx2_ssa_frame_pages(secs->miscselect, xsave_size))
		return SGX2_VC_SECS_SSA_SMALL;
	if (!bytes_zero(secs->reserved1, sizeof(secs->reserved1)) ||
	    !bytes_zero(secs->reserved2, sizeof(secs->reserved2)) ||
	    !bytes_zero(secs->reserved3, sizeof(secs->reserved3)) ||
	    !bytes_zero(secs->reserved4, sizeof(secs->reserved4)))
		return SGX2_VC_SECS_RESERVED;
	if (!elrange_legal(secs, lim))
		return SGX2_VC_SECS_ELRANGE;
	return SGX2_VC_OK;
}

/**
 * sgx2_validate_secs() - check a SECS before ECREATE
 * @secs:	the SECS page as copied from user space
 * @lim:	what this platform allows
 * @xsave_size:	bytes of the XSAVE area for @secs->xfrm
 *
 * See sgx2_check_secs() for the checks and their order.
 *
 * Return:
 * * 0 - the SECS may be given to ECREATE
 * * -EINVAL - a check failed
 */
int sgx2_validate_secs(const struct sgx2_secs *secs,
		       const struct sgx2_secs_limits *lim, u32 xsave_size)
{
	return vcheck_errno(sgx2_check_secs(secs, lim, xsave_size));
}

/**
 * sgx2_check_secinfo() - find the first check an EADD SECINFO fails
 * @s:	the SECINFO as copied from user space
 *
 * Mirrors mainline sgx_validate_secinfo(): page type REG or TCS; W only
 * with R; no permission bit on a TCS (the CPU would clear them, and the
 * measurement would not match); no flag bit outside the permissions and
 * the page type, so PENDING, MODIFIED and PR are refused at EADD; reserved
 * bytes zero.
 *
 * Return: SGX2_VC_OK, or the SGX2_VC_SECINFO_* check that failed first.
 */
enum sgx2_vcheck sgx2_check_secinfo(const struct sgx2_secinfo_raw *s)
{
	u64 perm = s->flags & SGX2_SECINFO_PERMISSION_MASK;
	u64 type = s->flags & SGX2_SECINFO_PAGE_TYPE_MASK;

	if (type != SGX2_SECINFO_REG && type != SGX2_SECINFO_TCS)
		return SGX2_VC_SECINFO_TYPE;
	if ((perm & SGX2_SECINFO_W) && !(perm & SGX2_SECINFO_R))
		return SGX2_VC_SECINFO_W_NO_R;
	if (type == SGX2_SECINFO_TCS && perm)
		return SGX2_VC_SECINFO_TCS_PERM;
	if (s->flags & ~(SGX2_SECINFO_PERMISSION_MASK |
			 SGX2_SECINFO_PAGE_TYPE_MASK))
		return SGX2_VC_SECINFO_FLAGS;
	if (!bytes_zero(s->reserved, sizeof(s->reserved)))
		return SGX2_VC_SECINFO_RESERVED;
	return SGX2_VC_OK;
}

/**
 * sgx2_validate_secinfo() - check the SECINFO of ADD_PAGES
 * @s:	the SECINFO as copied from user space
 *
 * See sgx2_check_secinfo() for the checks and their order.
 *
 * Return:
 * * 0 - the SECINFO may be given to EADD
 * * -EINVAL - a check failed
 */
int sgx2_validate_secinfo(const struct sgx2_secinfo_raw *s)
{
	return vcheck_errno(sgx2_check_secinfo(s));
}

/**
 * sgx2_check_range() - find the first check an offset/length pair fails
 * @encl_size:	the enclave size (SECS.SIZE) in bytes
 * @offset:	offset of the first page from the enclave base
 * @length:	bytes in the range
 *
 * Mirrors mainline sgx_validate_offset_length(): offset page aligned;
 * length non-zero and page aligned; offset + length does not wrap; the
 * last page of the range starts below @encl_size.
 *
 * Return: SGX2_VC_OK, SGX2_VC_OFFSET_ALIGN, SGX2_VC_LENGTH, SGX2_VC_WRAP
 * or SGX2_VC_OUTSIDE.
 */
enum sgx2_vcheck sgx2_check_range(u64 encl_size, u64 offset, u64 length)
{
	if (offset & VPAGE_MASK)
		return SGX2_VC_OFFSET_ALIGN;
	if (!length || (length & VPAGE_MASK))
		return SGX2_VC_LENGTH;
	if (offset + length < offset)
		return SGX2_VC_WRAP;
	if (offset + length - VPAGE_SIZE >= encl_size)
		return SGX2_VC_OUTSIDE;
	return SGX2_VC_OK;
}

/**
 * sgx2_validate_range() - check that a range of pages lies in the enclave
 * @encl_size:	the enclave size (SECS.SIZE) in bytes
 * @offset:	offset of the first page from the enclave base
 * @length:	bytes in the range
 *
 * See sgx2_check_range() for the checks and their order.
 *
 * Return:
 * * 0 - the range is well formed and inside the enclave
 * * -EINVAL - a check failed
 */
int sgx2_validate_range(u64 encl_size, u64 offset, u64 length)
{
	return vcheck_errno(sgx2_check_range(encl_size, offset, length));
}

/**
 * sgx2_check_add_pages() - find the first check an ADD_PAGES struct fails
 * @arg:	the ioctl argument as copied from user space
 * @encl_size:	the enclave size in bytes
 *
 * Mirrors the checks mainline sgx_ioc_enclave_add_pages() makes before it
 * copies the SECINFO: @arg->src page aligned, then the range.  Then ours,
 * which mainline does not make: flags only SGX2_PAGE_MEASURE.  It comes
 * last so that every struct mainline refuses is refused by the same check
 * here.  The OUT field count is not checked, as in mainline, which only
 * writes it: a mainline caller may leave it uninitialized (the SGX
 * selftests' encl_ioc_add_pages() does).  The SECINFO itself is checked
 * by sgx2_validate_secinfo() after the ioctl has copied it, as in
 * mainline.
 *
 * Return: SGX2_VC_OK, SGX2_VC_SRC_ALIGN, a sgx2_check_range() result or
 * SGX2_VC_FLAGS.
 */
enum sgx2_vcheck
sgx2_check_add_pages(const struct sgx2_enclave_add_pages *arg, u64 encl_size)
{
	enum sgx2_vcheck ret;

	if (arg->src & VPAGE_MASK)
		return SGX2_VC_SRC_ALIGN;
	ret = sgx2_check_range(encl_size, arg->offset, arg->length);
	if (ret)
		return ret;
	if (arg->flags & ~(u64)SGX2_PAGE_MEASURE)
		return SGX2_VC_FLAGS;
	return SGX2_VC_OK;
}

/**
 * sgx2_validate_add_pages() - check the SGX2_IOC_ENCLAVE_ADD_PAGES argument
 * @arg:	the ioctl argument as copied from user space
 * @encl_size:	the enclave size in bytes
 *
 * See sgx2_check_add_pages() for the checks and their order.
 *
 * Return:
 * * 0 - the argument is well formed
 * * -EINVAL - a check failed
 */
int sgx2_validate_add_pages(const struct sgx2_enclave_add_pages *arg,
			    u64 encl_size)
{
	return vcheck_errno(sgx2_check_add_pages(arg, encl_size));
}

/**
 * sgx2_check_restrict() - find the first check a RESTRICT_PERMISSIONS
 *	struct fails
 * @arg:	the ioctl argument as copied from user space
 * @encl_size:	the enclave size in bytes
 *
 * Mirrors mainline sgx_ioc_enclave_restrict_permissions(): the range
 * first, then permissions within RWX, then W only with R, then the OUT
 * fields result and count zero.  Whether each page is a REG page is
 * checked per page under the enclave lock, not here.
 *
 * Return: SGX2_VC_OK, a sgx2_check_range() result, SGX2_VC_PERM,
 * SGX2_VC_W_NO_R or SGX2_VC_OUT.
 */
enum sgx2_vcheck
sgx2_check_restrict(const struct sgx2_enclave_restrict_permissions *arg,
		    u64 encl_size)
{
	enum sgx2_vcheck ret;

	ret = sgx2_check_range(encl_size, arg->offset, arg->length);
	if (ret)
		return ret;
	if (arg->permissions & ~SGX2_SECINFO_PERMISSION_MASK)
		return SGX2_VC_PERM;
	if ((arg->permissions & SGX2_SECINFO_W) &&
	    !(arg->permissions & SGX2_SECINFO_R))
		return SGX2_VC_W_NO_R;
	if (arg->result || arg->count)
		return SGX2_VC_OUT;
	return SGX2_VC_OK;
}

/**
 * sgx2_validate_restrict() - check the RESTRICT_PERMISSIONS argument
 * @arg:	the ioctl argument as copied from user space
 * @encl_size:	the enclave size in bytes
 *
 * See sgx2_check_restrict() for the checks and their order.
 *
 * Return:
 * * 0 - the argument is well formed
 * * -EINVAL - a check failed
 */
int sgx2_validate_restrict(const struct sgx2_enclave_restrict_permissions *arg,
			   u64 encl_size)
{
	return vcheck_errno(sgx2_check_restrict(arg, encl_size));
}

/**
 * sgx2_check_modify_types() - find the first check a MODIFY_TYPES struct
 *	fails
 * @arg:	the ioctl argument as copied from user space
 * @encl_size:	the enclave size in bytes
 *
 * Mirrors mainline sgx_ioc_enclave_modify_types(): the range first, then
 * a page type no wider than 8 bits, then the OUT fields result and count
 * zero.  That the new type is TCS or TRIM is not checked here: mainline
 * checks it afterwards, in sgx_enclave_modify_types(), whose failure still
 * copies the struct back to user space; the ioctl code does the same with
 * sgx2_modt_target_ok(), and checks each page with
 * sgx2_modt_transition_ok().
 *
 * Return: SGX2_VC_OK, a sgx2_check_range() result, SGX2_VC_PAGE_TYPE or
 * SGX2_VC_OUT.
 */
enum sgx2_vcheck
sgx2_check_modify_types(const struct sgx2_enclave_modify_types *arg,
			u64 encl_size)
{
	enum sgx2_vcheck ret;

	ret = sgx2_check_range(encl_size, arg->offset, arg->length);
	if (ret)
		return ret;
	if (arg->page_type & ~SGX2_PAGE_TYPE_FIELD_MASK)
		return SGX2_VC_PAGE_TYPE;
	if (arg->result || arg->count)
		return SGX2_VC_OUT;
	return SGX2_VC_OK;
}

/**
 * sgx2_validate_modify_types() - check the MODIFY_TYPES argument
 * @arg:	the ioctl argument as copied from user space
 * @encl_size:	the enclave size in bytes
 *
 * See sgx2_check_modify_types() for the checks and their order.
 *
 * Return:
 * * 0 - the argument is well formed
 * * -EINVAL - a check failed
 */
int sgx2_validate_modify_types(const struct sgx2_enclave_modify_types *arg,
			       u64 encl_size)
{
	return vcheck_errno(sgx2_check_modify_types(arg, encl_size));
}

/**
 * sgx2_modt_target_ok() - may EMODT set this page type at all
 * @page_type:	the new page type (enum sgx2_page_type)
 *
 * Return: true for SGX2_PAGE_TYPE_TCS and SGX2_PAGE_TYPE_TRIM, else false.
 */
bool sgx2_modt_target_ok(u64 page_type)
{
	return page_type == SGX2_PAGE_TYPE_TCS ||
	       page_type == SGX2_PAGE_TYPE_TRIM;
}

/**
 * sgx2_modt_transition_ok() - may EMODT change a page from one type to
 *	another
 * @from:	the page's current type (enum sgx2_page_type)
 * @to:		the new type
 *
 * REG pages may become TCS or TRIM, TCS pages only TRIM (the SDM's EMODT,
 * and mainline's per-page check).
 *
 * Return: true if the change is allowed, else false.
 */
bool sgx2_modt_transition_ok(u64 from, u64 to)
{
	if (!sgx2_modt_target_ok(to))
		return false;
	return from == SGX2_PAGE_TYPE_REG ||
	       (from == SGX2_PAGE_TYPE_TCS && to == SGX2_PAGE_TYPE_TRIM);
}

/*
 * The {offset, length, count} ioctls (REMOVE_PAGES, AUGMENT_PAGES): the
 * range first, then the OUT field count must be zero.
 */
static enum sgx2_vcheck check_range_then_count(u64 encl_size, u64 offset,
					       u64 length, u64 count)
{
	enum sgx2_vcheck ret = sgx2_check_range(encl_size, offset, length);

	if (ret)
		return ret;
	if (count)
		return SGX2_VC_OUT;
	return SGX2_VC_OK;
}

/**
 * sgx2_check_remove_pages() - find the first check a REMOVE_PAGES struct
 *	fails
 * @arg:	the ioctl argument as copied from user space
 * @encl_size:	the enclave size in bytes
 *
 * Mirrors mainline sgx_ioc_enclave_remove_pages(): the range, then the OUT
 * field count zero.
 *
 * Return: SGX2_VC_OK, a sgx2_check_range() result or SGX2_VC_OUT.
 */
enum sgx2_vcheck
sgx2_check_remove_pages(const struct sgx2_enclave_remove_pages *arg,
			u64 encl_size)
{
	return check_range_then_count(encl_size, arg->offset, arg->length,
				      arg->count);
}

/**
 * sgx2_validate_remove_pages() - check the REMOVE_PAGES argument
 * @arg:	the ioctl argument as copied from user space
 * @encl_size:	the enclave size in bytes
 *
 * See sgx2_check_remove_pages() for the checks and their order.
 *
 * Return:
 * * 0 - the argument is well formed
 * * -EINVAL - a check failed
 */
int sgx2_validate_remove_pages(const struct sgx2_enclave_remove_pages *arg,
			       u64 encl_size)
{
	return vcheck_errno(sgx2_check_remove_pages(arg, encl_size));
}

/**
 * sgx2_check_augment_pages() - find the first check an AUGMENT_PAGES
 *	struct fails
 * @arg:	the ioctl argument as copied from user space
 * @encl_size:	the enclave size in bytes
 *
 * The 2022 RFC checked only the range; we also want the OUT field count
 * zero, after the range as in REMOVE_PAGES.
 *
 * Return: SGX2_VC_OK, a sgx2_check_range() result or SGX2_VC_OUT.
 */
enum sgx2_vcheck
sgx2_check_augment_pages(const struct sgx2_enclave_augment_pages *arg,
			 u64 encl_size)
{
	return check_range_then_count(encl_size, arg->offset, arg->length,
				      arg->count);
}

/**
 * sgx2_validate_augment_pages() - check the AUGMENT_PAGES argument
 * @arg:	the ioctl argument as copied from user space
 * @encl_size:	the enclave size in bytes
 *
 * See sgx2_check_augment_pages() for the checks and their order.
 *
 * Return:
 * * 0 - the argument is well formed
 * * -EINVAL - a check failed
 */
int sgx2_validate_augment_pages(const struct sgx2_enclave_augment_pages *arg,
				u64 encl_size)
{
	return vcheck_errno(sgx2_check_augment_pages(arg, encl_size));
}
