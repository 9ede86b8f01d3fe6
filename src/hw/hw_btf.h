/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hw_btf.h - just enough of a BTF reader to check, at load time, that the
 * running kernel's structures and functions the hw backend relies on are
 * laid out as this module was written for.  The BTF comes from
 * /sys/kernel/btf/vmlinux (CONFIG_DEBUG_INFO_BTF); the kernel's own BTF
 * API is not exported to modules.
 */
#ifndef SGX2_HW_BTF_H
#define SGX2_HW_BTF_H

#include <linux/types.h>

/* BTF kinds (include/uapi/linux/btf.h; older headers lack the newer ones). */
enum sgx2_btf_kind {
	SGX2_BTF_VOID		= 0,
	SGX2_BTF_INT		= 1,
	SGX2_BTF_PTR		= 2,
	SGX2_BTF_ARRAY		= 3,
	SGX2_BTF_STRUCT		= 4,
	SGX2_BTF_UNION		= 5,
	SGX2_BTF_ENUM		= 6,
	SGX2_BTF_FWD		= 7,
	SGX2_BTF_TYPEDEF	= 8,
	SGX2_BTF_VOLATILE	= 9,
	SGX2_BTF_CONST		= 10,
	SGX2_BTF_RESTRICT	= 11,
	SGX2_BTF_FUNC		= 12,
	SGX2_BTF_FUNC_PROTO	= 13,
	SGX2_BTF_VAR		= 14,
	SGX2_BTF_DATASEC	= 15,
	SGX2_BTF_FLOAT		= 16,
	SGX2_BTF_DECL_TAG	= 17,
	SGX2_BTF_TYPE_TAG	= 18,
	SGX2_BTF_ENUM64		= 19,
};

/**
 * struct sgx2_btf - a loaded BTF blob
 * @data:	the whole blob (vmalloc'ed)
 * @types:	its type section
 * @strings:	its string section (NUL-terminated)
 * @str_len:	bytes in @strings
 * @nr_types:	type ids are 1..@nr_types (0 is void)
 * @offset:	@offset[id] is where type @id starts in @types
 */
struct sgx2_btf {
	void *data;
	const u8 *types;
	const char *strings;
	u32 str_len;
	u32 nr_types;
	u32 *offset;
};

/**
 * struct sgx2_btf_want - the type a check expects
 * @kind:	SGX2_BTF_VOID, SGX2_BTF_INT or SGX2_BTF_PTR (after typedefs
 *		and qualifiers)
 * @size:	SGX2_BTF_INT: its size in bytes (no bit-field)
 * @pointee:	SGX2_BTF_PTR: name of the struct pointed to, NULL for any
 */
struct sgx2_btf_want {
	u8 kind;
	u8 size;
	const char *pointee;
};

int sgx2_btf_load(struct sgx2_btf *btf, const char *path, const char **why);
void sgx2_btf_free(struct sgx2_btf *btf);
int sgx2_btf_check_size(const struct sgx2_btf *btf, const char *name,
			u32 size);
int sgx2_btf_check_member(const struct sgx2_btf *btf, const char *name,
			  const char *member, u32 offset,
			  const struct sgx2_btf_want *want);
int sgx2_btf_member_offset(const struct sgx2_btf *btf, const char *name,
			   const char *member, u32 *offset);
int sgx2_btf_check_func(const struct sgx2_btf *btf, const char *name,
			const struct sgx2_btf_want *ret,
			const struct sgx2_btf_want *params, u32 nr_params);

#endif /* SGX2_HW_BTF_H */
