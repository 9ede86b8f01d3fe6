// SPDX-License-Identifier: GPL-2.0
/*
 * hw_btf.c - a minimal reader of the kernel's BTF (see hw_btf.h).
 *
 * The format (Documentation/bpf/btf.rst): a header, a type section and a
 * string section.  Types are numbered from 1 in the order they appear;
 * each is a 12-byte record (name offset, info word, size or type id)
 * followed by kind-specific data whose length depends on the kind and on
 * the record's vlen.  Everything is validated before use: a blob this
 * reader does not understand (an unknown kind, an offset out of range)
 * is refused, never guessed at.
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "hw_btf.h"

#define SGX2_BTF_MAGIC		0xeB9F
#define SGX2_BTF_VERSION	1
#define SGX2_BTF_MAX_SIZE	(64 << 20)
#define SGX2_BTF_MAX_CHAIN	32	/* typedef/qualifier hops */

#define SGX2_BTF_NONE \
	"the running kernel has no readable BTF (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF), so the layout of its EPC structures cannot be checked"
#define SGX2_BTF_BAD \
	"the kernel's BTF (/sys/kernel/btf/vmlinux) has a format this module does not understand"

struct sgx2_btf_header {
	u16 magic;
	u8 version;
	u8 flags;
	u32 hdr_len;
	u32 type_off;
	u32 type_len;
	u32 str_off;
	u32 str_len;
};

struct sgx2_btf_type {
	u32 name_off;
	u32 info;		/* vlen 15:0, kind 28:24, kind_flag 31 */
	u32 size_type;		/* size, or the id of the type referred to */
};

struct sgx2_btf_member {
	u32 name_off;
	u32 type;
	u32 offset;		/* bits; with kind_flag: bitfield size 31:24 */
};

struct sgx2_btf_param {
	u32 name_off;
	u32 type;
};

static u32 btf_kind(const struct sgx2_btf_type *t)
{
	return (t->info >> 24) & 0x1f;
}

static u32 btf_vlen(const struct sgx2_btf_type *t)
{
	return t->info & 0xffff;
}

static bool btf_kflag(const struct sgx2_btf_type *t)
{
	return t->info >> 31;
}

/* Bytes of kind-specific data after the record; -1 for an unknown kind. */
static long btf_extra(const struct sgx2_btf_type *t)
{
	u32 vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case SGX2_BTF_INT:
	case SGX2_BTF_VAR:
	case SGX2_BTF_DECL_TAG:
		return 4;
	case SGX2_BTF_PTR:
	case SGX2_BTF_FWD:
	case SGX2_BTF_TYPEDEF:
	case SGX2_BTF_VOLATILE:
	case SGX2_BTF_CONST:
	case SGX2_BTF_RESTRICT:
	case SGX2_BTF_FUNC:
	case SGX2_BTF_FLOAT:
	case SGX2_BTF_TYPE_TAG:
		return 0;
	case SGX2_BTF_ARRAY:
		return 12;
	case SGX2_BTF_STRUCT:
	case SGX2_BTF_UNION:
	case SGX2_BTF_DATASEC:
	case SGX2_BTF_ENUM64:
		return 12L * vlen;
	case SGX2_BTF_ENUM:
	case SGX2_BTF_FUNC_PROTO:
		return 8L * vlen;
	default:
		return -1;
	}
}

/* One pass over the type section: count (@offset NULL) or index types. */
static int btf_walk(const u8 *types, u32 len, u32 *offset, u32 *nr)
{
	u32 pos = 0, n = 0;

	while (pos < len) {
		const struct sgx2_btf_type *t = (const void *)(types + pos);
		long extra;

		if (len - pos < sizeof(*t))
			return -EINVAL;
		extra = btf_extra(t);
		if (extra < 0 || len - pos - sizeof(*t) < extra)
			return -EINVAL;
		if (n == U32_MAX - 1)
			return -EINVAL;
		n++;
		if (offset)
			offset[n] = pos;
		pos += sizeof(*t) + extra;
	}
	*nr = n;
	return 0;
}

/*
 * Read the whole file at @path into a vmalloc'ed buffer.  A plain read:
 * kernel_read_file() would ask LSMs about a READING_UNKNOWN read, which
 * some (IPE) WARN about.  Sysfs returns at most a page per read.
 */
static ssize_t btf_read(const char *path, void **data)
{
	struct file *file;
	loff_t size, pos = 0;
	ssize_t n = 0;
	void *buf;

	file = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	size = i_size_read(file_inode(file));
	if (size <= 0 || size > SGX2_BTF_MAX_SIZE) {
		filp_close(file, NULL);
		return -EFBIG;
	}
	buf = vmalloc(size);
	if (!buf) {
		filp_close(file, NULL);
		return -ENOMEM;
	}
	while (pos < size) {
		n = kernel_read(file, buf + pos, size - pos, &pos);
		if (n <= 0)
			break;
		cond_resched();
	}
	filp_close(file, NULL);
	if (pos != size) {
		vfree(buf);
		return n < 0 ? n : -EIO;
	}
	*data = buf;
	return size;
}

/**
 * sgx2_btf_load() - read and index a BTF blob
 * @btf:	receives the blob; free it with sgx2_btf_free()
 * @path:	file to read, normally /sys/kernel/btf/vmlinux
 * @why:	on failure, a static sentence saying why
 *
 * Return: 0, or a negative errno with @why set.
 */
int sgx2_btf_load(struct sgx2_btf *btf, const char *path, const char **why)
{
	const struct sgx2_btf_header *h;
	void *data = NULL;
	u64 types_at, strs_at;
	u32 nr;
	ssize_t len;
	int ret;

	memset(btf, 0, sizeof(*btf));
	len = btf_read(path, &data);
	if (len < 0) {
		*why = len == -ENOMEM ? "no memory to read the kernel's BTF" :
		       SGX2_BTF_NONE;
		return len;
	}
	btf->data = data;

	*why = SGX2_BTF_BAD;
	h = data;
	if (len < (ssize_t)sizeof(*h) || h->magic != SGX2_BTF_MAGIC ||
	    h->version != SGX2_BTF_VERSION || h->hdr_len < sizeof(*h) ||
	    h->hdr_len > len)
		goto bad;
	types_at = (u64)h->hdr_len + h->type_off;
	strs_at = (u64)h->hdr_len + h->str_off;
	if (types_at % 4 || types_at > len || h->type_len > len - types_at ||
	    strs_at > len || !h->str_len || h->str_len > len - strs_at)
		goto bad;

	btf->types = data + types_at;
	btf->strings = data + strs_at;
	btf->str_len = h->str_len;
	if (btf->strings[btf->str_len - 1] != '\0')
		goto bad;

	if (btf_walk(btf->types, h->type_len, NULL, &nr))
		goto bad;
	btf->offset = kvmalloc_array(nr + 1, sizeof(u32), GFP_KERNEL);
	if (!btf->offset) {
		*why = "no memory to index the kernel's BTF";
		ret = -ENOMEM;
		goto err;
	}
	btf_walk(btf->types, h->type_len, btf->offset, &nr);
	btf->nr_types = nr;
	return 0;

bad:
	ret = -EINVAL;
err:
	sgx2_btf_free(btf);
	return ret;
}

/**
 * sgx2_btf_free() - release what sgx2_btf_load() took
 * @btf:	the blob (may be empty)
 */
void sgx2_btf_free(struct sgx2_btf *btf)
{
	kvfree(btf->offset);
	vfree(btf->data);
	memset(btf, 0, sizeof(*btf));
}

static const struct sgx2_btf_type *btf_type(const struct sgx2_btf *btf, u32 id)
{
	if (!id || id > btf->nr_types)
		return NULL;
	return (const void *)(btf->types + btf->offset[id]);
}

static const char *btf_str(const struct sgx2_btf *btf, u32 off)
{
	return off < btf->str_len ? btf->strings + off : "";
}

/* The type @id stands for, past typedefs and qualifiers; 0 is void. */
static u32 btf_resolve(const struct sgx2_btf *btf, u32 id)
{
	const struct sgx2_btf_type *t;
	int hops;

	for (hops = 0; hops < SGX2_BTF_MAX_CHAIN; hops++) {
		t = btf_type(btf, id);
		if (!t)
			return id;
		switch (btf_kind(t)) {
		case SGX2_BTF_TYPEDEF:
		case SGX2_BTF_VOLATILE:
		case SGX2_BTF_CONST:
		case SGX2_BTF_RESTRICT:
		case SGX2_BTF_TYPE_TAG:
			id = t->size_type;
			break;
		default:
			return id;
		}
	}
	return U32_MAX;		/* a loop: matches nothing */
}

static bool btf_matches(const struct sgx2_btf *btf, u32 id,
			const struct sgx2_btf_want *want)
{
	const struct sgx2_btf_type *t, *to;
	u32 enc;

	id = btf_resolve(btf, id);
	if (want->kind == SGX2_BTF_VOID)
		return id == 0;
	t = btf_type(btf, id);
	if (!t || btf_kind(t) != want->kind)
		return false;

	switch (want->kind) {
	case SGX2_BTF_INT:
		/* The word after the record: bit offset 23:16, bits 7:0. */
		enc = *(const u32 *)(t + 1);
		return t->size_type == want->size &&
		       ((enc >> 16) & 0xff) == 0 && (enc & 0xff) == 8 * want->size;
	case SGX2_BTF_PTR:
		if (!want->pointee)
			return true;
		to = btf_type(btf, btf_resolve(btf, t->size_type));
		return to && btf_kind(to) == SGX2_BTF_STRUCT &&
		       !strcmp(btf_str(btf, to->name_off), want->pointee);
	default:
		return false;
	}
}

/* Next type id after @id of kind @kind named @name, or 0. */
static u32 btf_next(const struct sgx2_btf *btf, u32 id, u32 kind,
		    const char *name)
{
	const struct sgx2_btf_type *t;

	for (id++; id <= btf->nr_types; id++) {
		t = btf_type(btf, id);
		if (btf_kind(t) == kind && !strcmp(btf_str(btf, t->name_off), name))
			return id;
	}
	return 0;
}

/**
 * sgx2_btf_check_size() - check the size of a struct
 * @btf:	the kernel's BTF
 * @name:	struct tag
 * @size:	expected sizeof, bytes
 *
 * Every definition of struct @name in @btf must have this size.
 *
 * Return: 0 if so, -ENOENT if @btf has no struct @name, -EINVAL if a
 * definition differs.
 */
int sgx2_btf_check_size(const struct sgx2_btf *btf, const char *name, u32 size)
{
	u32 id = 0;
	int ret = -ENOENT;

	while ((id = btf_next(btf, id, SGX2_BTF_STRUCT, name))) {
		if (btf_type(btf, id)->size_type != size)
			return -EINVAL;
		ret = 0;
	}
	return ret;
}

/*
 * The one member @member of struct definition @t: its bit offset and type
 * id.  Return: 1 if found, 0 if @t has none, -EINVAL if it has several or
 * it is a bit-field.
 */
static int btf_member(const struct sgx2_btf *btf, const struct sgx2_btf_type *t,
		      const char *member, u32 *bits, u32 *type)
{
	const struct sgx2_btf_member *m = (const void *)(t + 1);
	u32 i, found = 0;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		if (strcmp(btf_str(btf, m->name_off), member))
			continue;
		*bits = m->offset;
		if (btf_kflag(t)) {
			if (*bits >> 24)		/* a bit-field */
				return -EINVAL;
			*bits &= 0xffffff;
		}
		*type = m->type;
		found++;
	}
	return found > 1 ? -EINVAL : found;
}

/**
 * sgx2_btf_check_member() - check one member of a struct
 * @btf:	the kernel's BTF
 * @name:	struct tag
 * @member:	member name
 * @offset:	expected offsetof, bytes
 * @want:	expected type
 *
 * Every definition of struct @name in @btf must have exactly one member
 * @member, not a bit-field, at @offset, of type @want.
 *
 * Return: 0 if so, -ENOENT if @btf has no struct @name, -EINVAL if a
 * definition differs.
 */
int sgx2_btf_check_member(const struct sgx2_btf *btf, const char *name,
			  const char *member, u32 offset,
			  const struct sgx2_btf_want *want)
{
	u32 id = 0, bits, type;
	int ret = -ENOENT;

	while ((id = btf_next(btf, id, SGX2_BTF_STRUCT, name))) {
		if (btf_member(btf, btf_type(btf, id), member, &bits, &type) != 1 ||
		    bits != 8 * offset || !btf_matches(btf, type, want))
			return -EINVAL;
		ret = 0;
	}
	return ret;
}

/**
 * sgx2_btf_member_offset() - find where a member of a struct is
 * @btf:	the kernel's BTF
 * @name:	struct tag
 * @member:	member name
 * @offset:	receives offsetof(struct @name, @member), bytes
 *
 * For a caller that adapts to the running kernel's layout rather than
 * checking it against its own.
 *
 * Return: 0 if every definition of struct @name in @btf has exactly one
 * member @member, not a bit-field, byte-aligned, all at the same offset;
 * -ENOENT if @btf has no struct @name, -EINVAL otherwise.
 */
int sgx2_btf_member_offset(const struct sgx2_btf *btf, const char *name,
			   const char *member, u32 *offset)
{
	u32 id = 0, bits, type, first = U32_MAX;

	while ((id = btf_next(btf, id, SGX2_BTF_STRUCT, name))) {
		if (btf_member(btf, btf_type(btf, id), member, &bits, &type) != 1 ||
		    bits % 8 || (first != U32_MAX && bits != first))
			return -EINVAL;
		first = bits;
	}
	if (first == U32_MAX)
		return -ENOENT;
	*offset = first / 8;
	return 0;
}

/**
 * sgx2_btf_check_func() - check the prototype of a function
 * @btf:	the kernel's BTF
 * @name:	function name
 * @ret:	expected return type
 * @params:	expected parameter types
 * @nr_params:	number of parameters
 *
 * Return: 0 if every function @name in @btf has this prototype, -ENOENT if
 * @btf has none, -EINVAL if one differs.
 */
int sgx2_btf_check_func(const struct sgx2_btf *btf, const char *name,
			const struct sgx2_btf_want *ret,
			const struct sgx2_btf_want *params, u32 nr_params)
{
	const struct sgx2_btf_param *p;
	const struct sgx2_btf_type *proto;
	u32 id = 0, i;
	int err = -ENOENT;

	while ((id = btf_next(btf, id, SGX2_BTF_FUNC, name))) {
		proto = btf_type(btf, btf_type(btf, id)->size_type);
		if (!proto || btf_kind(proto) != SGX2_BTF_FUNC_PROTO ||
		    btf_vlen(proto) != nr_params ||
		    !btf_matches(btf, proto->size_type, ret))
			return -EINVAL;
		p = (const void *)(proto + 1);
		for (i = 0; i < nr_params; i++, p++)
			if (!btf_matches(btf, p->type, &params[i]))
				return -EINVAL;
		err = 0;
	}
	return err;
}
