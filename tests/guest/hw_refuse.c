// SPDX-License-Identifier: GPL-2.0
/*
 * hw_refuse.c - make a damaged copy of the running kernel's BTF, so that
 * the hw plan can bind-mount it over /sys/kernel/btf/vmlinux and check
 * that the hw backend refuses, with the right reason, every layout it was
 * not written for.
 *
 *   hw_refuse MODE OUT
 *
 * MODE	what is changed in the copy written to OUT
 * garbage	the header's magic
 * truncated	the type section ends inside a type record
 * size		sizeof(struct sgx_epc_page) + 8
 * member	offsetof(struct sgx_epc_section, pages) + 8
 * proto	sgx_free_epc_page() returns an int, not void
 * missing	sgx_alloc_epc_page() loses its name
 *
 * Exit status 0 when OUT was written; it prints nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BTF_PATH	"/sys/kernel/btf/vmlinux"
#define BTF_MAX		(64 << 20)

struct btf_hdr {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
};

struct btf_type {
	uint32_t name_off, info, size_type;
};

struct btf_member {
	uint32_t name_off, type, offset;
};

enum { INT = 1, STRUCT = 4, FUNC = 12, FUNC_PROTO = 13 };

static unsigned char *blob;
static struct btf_hdr *hdr;
static uint32_t *offset;	/* offset[id] in the type section */
static uint32_t nr_types;

static void die(const char *what)
{
	fprintf(stderr, "hw_refuse: %s\n", what);
	exit(2);
}

static unsigned int kind(const struct btf_type *t)
{
	return (t->info >> 24) & 0x1f;
}

static unsigned int vlen(const struct btf_type *t)
{
	return t->info & 0xffff;
}

static long extra(const struct btf_type *t)
{
	static const signed char fixed[] = {
		[1] = 4, [2] = 0, [3] = 12, [7] = 0, [8] = 0, [9] = 0,
		[10] = 0, [11] = 0, [12] = 0, [14] = 4, [16] = 0, [17] = 4,
		[18] = 0,
	};
	static const signed char per_member[] = {
		[4] = 12, [5] = 12, [6] = 8, [13] = 8, [15] = 12, [19] = 12,
	};
	unsigned int k = kind(t);

	if (k < sizeof(per_member) && per_member[k])
		return (long)per_member[k] * vlen(t);
	if (k == 0 || k >= sizeof(fixed))
		die("unknown BTF kind");
	return fixed[k];
}

static struct btf_type *type(uint32_t id)
{
	return (void *)(blob + hdr->hdr_len + hdr->type_off + offset[id]);
}

static const char *str(uint32_t off)
{
	return (const char *)blob + hdr->hdr_len + hdr->str_off + off;
}

static uint32_t find(unsigned int k, const char *name)
{
	uint32_t id;

	for (id = 1; id <= nr_types; id++)
		if (kind(type(id)) == k && !strcmp(str(type(id)->name_off), name))
			return id;
	die("type not found");
	return 0;
}

static struct btf_member *member(uint32_t id, const char *name)
{
	struct btf_member *m = (void *)(type(id) + 1);
	unsigned int i;

	for (i = 0; i < vlen(type(id)); i++, m++)
		if (!strcmp(str(m->name_off), name))
			return m;
	die("member not found");
	return NULL;
}

static size_t load(void)
{
	int fd = open(BTF_PATH, O_RDONLY);
	size_t len = 0;
	ssize_t n;
	uint32_t pos;

	if (fd < 0)
		die("cannot open " BTF_PATH);
	blob = malloc(BTF_MAX);
	if (!blob)
		die("out of memory");
	while ((n = read(fd, blob + len, BTF_MAX - len)) > 0)
		len += n;
	close(fd);
	if (n < 0 || len < sizeof(*hdr))
		die("cannot read " BTF_PATH);

	hdr = (void *)blob;
	offset = calloc(len / sizeof(struct btf_type) + 2, sizeof(*offset));
	if (!offset)
		die("out of memory");
	for (pos = 0; pos < hdr->type_len; ) {
		offset[++nr_types] = pos;
		pos += sizeof(struct btf_type) + extra(type(nr_types));
	}
	return len;
}

int main(int argc, char **argv)
{
	const char *mode;
	size_t len;
	int fd;

	if (argc != 3)
		die("usage: hw_refuse garbage|truncated|size|member|proto|missing OUT");
	mode = argv[1];
	len = load();

	if (!strcmp(mode, "garbage")) {
		hdr->magic ^= 0xffff;
	} else if (!strcmp(mode, "truncated")) {
		hdr->type_len -= 2;
	} else if (!strcmp(mode, "size")) {
		type(find(STRUCT, "sgx_epc_page"))->size_type += 8;
	} else if (!strcmp(mode, "member")) {
		member(find(STRUCT, "sgx_epc_section"), "pages")->offset += 64;
	} else if (!strcmp(mode, "proto")) {
		uint32_t proto = type(find(FUNC, "sgx_free_epc_page"))->size_type;
		uint32_t id;

		for (id = 1; id <= nr_types; id++)
			if (kind(type(id)) == INT && !strcmp(str(type(id)->name_off), "int"))
				break;
		if (id > nr_types || kind(type(proto)) != FUNC_PROTO)
			die("no int or no prototype");
		type(proto)->size_type = id;
	} else if (!strcmp(mode, "missing")) {
		type(find(FUNC, "sgx_alloc_epc_page"))->name_off = 0;
	} else {
		die("unknown mode");
	}

	fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, blob, len) != (ssize_t)len || close(fd))
		die("cannot write the copy");
	return 0;
}
