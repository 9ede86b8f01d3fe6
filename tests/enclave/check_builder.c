// SPDX-License-Identifier: GPL-2.0
/*
 * check_builder.c - Check tests of the enclave builder and of test_encl.elf.
 *
 * Reference values are recomputed here independently of encl_builder.c:
 * program headers are read again with <elf.h>, MRENCLAVE is hashed in one
 * go over a buffer laid out byte by byte, and the signature is checked with
 * a raw RSA public operation against a hand-built PKCS#1 v1.5 block.
 *
 * ENCL_ELF names the enclave (default: test_encl.elf in the current dir).
 */
#define _GNU_SOURCE
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <ucontext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "encl_builder.h"

#define PG	ENCL_PAGE_SIZE

static const char *elf_path(void)
{
	const char *p = getenv("ENCL_ELF");

	return p && *p ? p : "test_encl.elf";
}

static uint8_t *slurp(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	FILE *f = fopen(path, "rb");

	ck_assert_msg(f, "cannot open %s", path);
	ck_assert_int_eq(fstat(fileno(f), &st), 0);
	buf = malloc(st.st_size);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, st.st_size, f), (size_t)st.st_size);
	fclose(f);
	*len = st.st_size;
	return buf;
}

static void build_ok(struct encl *e, size_t heap)
{
	int ret = encl_build(elf_path(), heap, e);

	ck_assert_msg(ret == 0, "encl_build: %d (%s)", ret, e->error);
}

static uint64_t sym(const struct encl *e, const char *name)
{
	uint64_t off = 0;

	ck_assert_msg(encl_symbol(e, name, &off) == 0, "no symbol %s", name);
	return off;
}

/* ---- sizes and flags -------------------------------------------------------- */

static const struct { uint64_t in, out; } secs_sizes[] = {
	{ 0, 2 * PG }, { 1, 2 * PG }, { 2 * PG, 2 * PG }, { 2 * PG + 1, 4 * PG },
	{ 5 * PG, 8 * PG }, { 8 * PG, 8 * PG }, { 9 * PG, 16 * PG },
	{ (1ULL << 30) + PG, 1ULL << 31 },
};

START_TEST(test_secs_size)
{
	ck_assert_uint_eq(encl_secs_size(secs_sizes[_i].in), secs_sizes[_i].out);
}
END_TEST

static const struct { uint32_t p_flags; uint64_t secinfo; } pflag_map[] = {
	{ PF_R, 0x201 }, { PF_R | PF_W, 0x203 }, { PF_R | PF_X, 0x205 },
	{ PF_R | PF_W | PF_X, 0x207 }, { 0, 0x200 },
};

START_TEST(test_secinfo_flags)
{
	ck_assert_uint_eq(encl_secinfo_flags(pflag_map[_i].p_flags),
			  pflag_map[_i].secinfo);
}
END_TEST

/* ---- ELF layout ------------------------------------------------------------- */

struct ref_seg {
	uint64_t vaddr, memsz, filesz, offset;
	uint32_t flags;
};

/* Independent read of the PT_LOAD headers. */
static unsigned int ref_segments(const uint8_t *elf, struct ref_seg *out,
				 uint64_t *entry)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)elf;
	unsigned int n = 0;

	*entry = eh->e_entry;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = (const Elf64_Phdr *)(elf + eh->e_phoff) + i;

		ck_assert_uint_ne(p->p_type, PT_INTERP);
		if (p->p_type != PT_LOAD)
			continue;
		out[n].vaddr = p->p_vaddr;
		out[n].memsz = p->p_memsz;
		out[n].filesz = p->p_filesz;
		out[n].offset = p->p_offset;
		out[n].flags = p->p_flags;
		n++;
	}
	return n;
}

START_TEST(test_elf_segments)
{
	struct ref_seg ref[8];
	struct encl e;
	uint64_t entry, last_end;
	uint8_t *elf;
	size_t len;
	unsigned int n;

	elf = slurp(elf_path(), &len);
	n = ref_segments(elf, ref, &entry);
	build_ok(&e, 3 * PG);

	/* tcs, text, data + heap */
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(e.nr_segments, n + 1);
	ck_assert_uint_eq(e.nr_tcs, ENCL_NR_TCS);

	/* TCS pages 0 and 1, added as PT_TCS with R/W/X clear, mapped RW. */
	ck_assert_uint_eq(e.seg[0].offset, 0);
	ck_assert_uint_eq(e.seg[0].size, 2 * PG);
	ck_assert_uint_eq(e.seg[0].secinfo_flags, SGX2_SECINFO_TCS);
	ck_assert_int_eq(e.seg[0].prot, PROT_READ | PROT_WRITE);
	ck_assert(e.seg[0].measure);
	ck_assert_uint_eq(sym(&e, ENCL_SYM_TCS), 0);

	for (unsigned int i = 1; i < n; i++) {
		ck_assert_uint_eq(e.seg[i].offset, ref[i].vaddr);
		ck_assert_uint_eq(e.seg[i].size, (ref[i].memsz + PG - 1) & ~(uint64_t)(PG - 1));
		ck_assert(e.seg[i].measure);
	}
	ck_assert_uint_eq(ref[1].flags, PF_R | PF_X);
	ck_assert_uint_eq(e.seg[1].secinfo_flags, 0x205);
	ck_assert_int_eq(e.seg[1].prot, PROT_READ | PROT_EXEC);
	ck_assert_uint_eq(ref[2].flags, PF_R | PF_W);
	ck_assert_uint_eq(e.seg[2].secinfo_flags, 0x203);
	ck_assert_int_eq(e.seg[2].prot, PROT_READ | PROT_WRITE);

	/* Heap: right after the image, RW, not measured. */
	last_end = e.seg[n - 1].offset + e.seg[n - 1].size;
	ck_assert_uint_eq(e.heap_offset, last_end);
	ck_assert_uint_eq(e.heap_size, 3 * PG);
	ck_assert_uint_eq(e.seg[n].offset, last_end);
	ck_assert_uint_eq(e.seg[n].size, 3 * PG);
	ck_assert_uint_eq(e.seg[n].secinfo_flags, 0x203);
	ck_assert(!e.seg[n].measure);
	ck_assert_uint_eq(e.image_size, last_end + 3 * PG);
	ck_assert_uint_eq(e.size, encl_secs_size(e.image_size));
	ck_assert_uint_eq(e.size & (e.size - 1), 0);

	/* Entry point: encl_entry, inside the text segment. */
	ck_assert_uint_eq(e.entry, entry);
	ck_assert_uint_eq(e.entry, sym(&e, ENCL_SYM_ENTRY));
	ck_assert_uint_ge(e.entry, e.seg[1].offset);
	ck_assert_uint_lt(e.entry, e.seg[1].offset + e.seg[1].size);
	ck_assert_uint_ge(sym(&e, ENCL_SYM_DYN_ENTRY), e.seg[1].offset);
	ck_assert_uint_lt(sym(&e, ENCL_SYM_DYN_ENTRY), e.seg[1].offset + e.seg[1].size);

	/* encl_buffer opens the data segment; SSA and stacks lie inside it. */
	ck_assert_uint_eq(sym(&e, ENCL_SYM_BUFFER), e.seg[2].offset);
	ck_assert_uint_eq(sym(&e, ENCL_SYM_SSA) % PG, 0);
	ck_assert_uint_ge(sym(&e, ENCL_SYM_SSA), e.seg[2].offset + ENCL_BUFFER_SIZE);
	ck_assert_uint_le(sym(&e, ENCL_SYM_STACKS) + ENCL_NR_TCS * ENCL_STACK_SIZE,
			  e.seg[2].offset + e.seg[2].size);
	ck_assert_uint_ge(sym(&e, ENCL_SYM_STACKS),
			  sym(&e, ENCL_SYM_SSA) + ENCL_NR_TCS * ENCL_NSSA * PG);

	ck_assert_int_eq(e.fd, -1);
	ck_assert_uint_eq(e.base, 0);
	encl_free(&e);
	free(elf);
}
END_TEST

START_TEST(test_image_contents)
{
	struct ref_seg ref[8];
	struct encl e;
	uint64_t entry;
	uint8_t *elf;
	size_t len;
	unsigned int n;

	elf = slurp(elf_path(), &len);
	n = ref_segments(elf, ref, &entry);
	build_ok(&e, PG);

	/* Non-TCS segments: file bytes, then zeros up to the page end. */
	for (unsigned int i = 1; i < n; i++) {
		uint64_t end = (ref[i].vaddr + ref[i].memsz + PG - 1) & ~(uint64_t)(PG - 1);

		ck_assert_mem_eq(e.image + ref[i].vaddr, elf + ref[i].offset, ref[i].filesz);
		for (uint64_t off = ref[i].vaddr + ref[i].filesz; off < end; off++)
			ck_assert_uint_eq(e.image[off], 0);
	}
	for (uint64_t off = e.heap_offset; off < e.image_size; off++)
		ck_assert_uint_eq(e.image[off], 0);
	encl_free(&e);
	free(elf);
}
END_TEST

START_TEST(test_tcs_pages)
{
	struct encl e;
	uint64_t ssa;

	build_ok(&e, 0);
	ssa = sym(&e, ENCL_SYM_SSA);
	for (unsigned int i = 0; i < ENCL_NR_TCS; i++) {
		const uint8_t *p = e.image + i * PG;
		uint64_t v64;
		uint32_t v32;

		/* Read by raw SDM offsets, not through struct encl_tcs. */
		memcpy(&v64, p + 0, 8);
		ck_assert_uint_eq(v64, 0);			/* STATE */
		memcpy(&v64, p + 8, 8);
		ck_assert_uint_eq(v64, 0);			/* FLAGS */
		memcpy(&v64, p + 16, 8);
		ck_assert_uint_eq(v64, ssa + i * ENCL_NSSA * PG); /* OSSA */
		memcpy(&v32, p + 24, 4);
		ck_assert_uint_eq(v32, 0);			/* CSSA */
		memcpy(&v32, p + 28, 4);
		ck_assert_uint_eq(v32, ENCL_NSSA);		/* NSSA */
		memcpy(&v64, p + 32, 8);
		ck_assert_uint_eq(v64, e.entry);		/* OENTRY */
		memcpy(&v64, p + 40, 8);
		ck_assert_uint_eq(v64, 0);			/* AEP */
		memcpy(&v64, p + 48, 8);
		ck_assert_uint_eq(v64, 0);			/* OFSBASE */
		memcpy(&v64, p + 56, 8);
		ck_assert_uint_eq(v64, 0);			/* OGSBASE */
		memcpy(&v32, p + 64, 4);
		ck_assert_uint_eq(v32, 0xFFFFFFFF);		/* FSLIMIT */
		memcpy(&v32, p + 68, 4);
		ck_assert_uint_eq(v32, 0xFFFFFFFF);		/* GSLIMIT */
		for (unsigned int b = 72; b < PG; b++)
			ck_assert_uint_eq(p[b], 0);
	}
	encl_free(&e);
}
END_TEST

START_TEST(test_tcs_init_matches)
{
	static struct encl_tcs tcs;
	struct encl e;

	build_ok(&e, 0);
	/* What ENCL_OP_INIT_TCS_PAGE writes equals what the builder wrote. */
	memset(&tcs, 0xAA, sizeof(tcs));
	encl_tcs_init(&tcs, sym(&e, ENCL_SYM_SSA) + PG, e.entry);
	ck_assert_mem_eq(&tcs, e.image + PG, PG);
	encl_free(&e);
}
END_TEST

START_TEST(test_page_secinfo)
{
	struct ref_seg ref[8];
	struct encl e;
	uint64_t entry;
	uint8_t *elf;
	size_t len;
	unsigned int n, pages = 0;

	elf = slurp(elf_path(), &len);
	n = ref_segments(elf, ref, &entry);
	build_ok(&e, 2 * PG);

	for (uint64_t off = 0; off < e.size; off += PG) {
		uint64_t want = 0, got = 0;
		bool in = false, want_measured = true, measured = false;
		int ret;

		if (off < ENCL_NR_TCS * PG) {
			want = 0x100;
			in = true;
		}
		for (unsigned int i = 1; i < n && !in; i++) {
			if (off >= ref[i].vaddr && off < ref[i].vaddr + ref[i].memsz) {
				want = 0x200 | ((ref[i].flags & PF_R) ? 1 : 0) |
				       ((ref[i].flags & PF_W) ? 2 : 0) |
				       ((ref[i].flags & PF_X) ? 4 : 0);
				in = true;
			}
		}
		if (!in && off >= e.heap_offset && off < e.heap_offset + 2 * PG) {
			want = 0x203;
			want_measured = false;
			in = true;
		}

		ret = encl_page_info(&e, off, &got, &measured);
		if (!in) {
			ck_assert_int_eq(ret, -ENOENT);
			continue;
		}
		ck_assert_msg(ret == 0, "page 0x%llx not added", (unsigned long long)off);
		ck_assert_uint_eq(got, want);
		ck_assert_int_eq(measured, want_measured);
		pages++;
	}
	ck_assert_uint_eq((uint64_t)pages * PG, e.image_size);
	encl_free(&e);
	free(elf);
}
END_TEST

/* ---- MRENCLAVE -------------------------------------------------------------- */

struct ref_page {
	uint64_t offset, flags;
	bool measure;
};

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = v >> (8 * i);
}

/*
 * The whole measured stream in one buffer, every field at its SDM byte
 * offset, hashed with one SHA256() call.
 */
static void ref_mrenclave(const uint8_t *image, uint64_t size, uint32_t ssa,
			  const struct ref_page *pages, unsigned int nr,
			  uint8_t out[32])
{
	size_t len = 64, pos = 0;
	uint8_t *buf;

	for (unsigned int i = 0; i < nr; i++)
		len += 64 + (pages[i].measure ? 16 * (64 + 256) : 0);
	buf = calloc(1, len);
	ck_assert_ptr_nonnull(buf);

	memcpy(buf, "ECREATE", 7);		/* byte 7 stays 0 */
	buf[8] = ssa & 0xff;
	buf[9] = (ssa >> 8) & 0xff;
	buf[10] = (ssa >> 16) & 0xff;
	buf[11] = ssa >> 24;
	put64(buf + 12, size);
	pos = 64;

	for (unsigned int i = 0; i < nr; i++) {
		memcpy(buf + pos, "EADD", 4);
		put64(buf + pos + 8, pages[i].offset);
		put64(buf + pos + 16, pages[i].flags);	/* SECINFO bytes 0..47 */
		pos += 64;
		if (!pages[i].measure)
			continue;
		for (unsigned int c = 0; c < 16; c++) {
			memcpy(buf + pos, "EEXTEND", 7);
			put64(buf + pos + 8, pages[i].offset + c * 256);
			memcpy(buf + pos + 64, image + pages[i].offset + c * 256, 256);
			pos += 64 + 256;
		}
	}
	ck_assert_uint_eq(pos, len);
	SHA256(buf, len, out);
	free(buf);
}

/* A three-page hand-made enclave: TCS, RX code, unmeasured RW page. */
static uint8_t *synthetic(struct encl *e)
{
	uint8_t *img = aligned_alloc(PG, 3 * PG);

	ck_assert_ptr_nonnull(img);
	for (unsigned int i = 0; i < 3 * PG; i++)
		img[i] = (uint8_t)(i * 7 + (i >> 8) * 13 + 1);

	memset(e, 0, sizeof(*e));
	e->fd = -1;
	e->image = img;
	e->image_size = 3 * PG;
	e->size = encl_secs_size(3 * PG);
	e->ssa_frame_size = 1;
	e->nr_segments = 3;
	e->seg[0] = (struct encl_segment){ 0, PG, 0x100, 0, true };
	e->seg[1] = (struct encl_segment){ PG, PG, 0x205, 0, true };
	e->seg[2] = (struct encl_segment){ 2 * PG, PG, 0x203, 0, false };
	return img;
}

static const struct ref_page synthetic_pages[] = {
	{ 0, 0x100, true }, { PG, 0x205, true }, { 2 * PG, 0x203, false },
};

START_TEST(test_mrenclave_synthetic)
{
	uint8_t got[32], want[32];
	struct encl e;
	uint8_t *img = synthetic(&e);

	ck_assert_uint_eq(e.size, 4 * PG);
	ck_assert_int_eq(encl_measure(&e, got), 0);
	ref_mrenclave(img, e.size, 1, synthetic_pages, 3, want);
	ck_assert_mem_eq(got, want, 32);
	free(img);
}
END_TEST

START_TEST(test_mrenclave_sensitivity)
{
	uint8_t base[32], got[32];
	struct encl e;
	uint8_t *img = synthetic(&e);

	ck_assert_int_eq(encl_measure(&e, base), 0);

	img[2 * PG + 5] ^= 1;			/* unmeasured page: no change */
	ck_assert_int_eq(encl_measure(&e, got), 0);
	ck_assert_mem_eq(got, base, 32);

	img[PG + 4095] ^= 1;			/* measured page: change */
	ck_assert_int_eq(encl_measure(&e, got), 0);
	ck_assert_mem_ne(got, base, 32);
	img[PG + 4095] ^= 1;

	e.seg[1].secinfo_flags = 0x207;		/* SECINFO is measured */
	ck_assert_int_eq(encl_measure(&e, got), 0);
	ck_assert_mem_ne(got, base, 32);
	e.seg[1].secinfo_flags = 0x205;

	e.size = 8 * PG;			/* SECS.SIZE is measured */
	ck_assert_int_eq(encl_measure(&e, got), 0);
	ck_assert_mem_ne(got, base, 32);
	e.size = 4 * PG;

	e.ssa_frame_size = 2;			/* and SSAFRAMESIZE */
	ck_assert_int_eq(encl_measure(&e, got), 0);
	ck_assert_mem_ne(got, base, 32);
	free(img);
}
END_TEST

START_TEST(test_mrenclave_built)
{
	struct ref_page pages[256];
	uint8_t want[32];
	unsigned int nr = 0;
	struct encl e;

	build_ok(&e, 2 * PG);
	for (uint64_t off = 0; off < e.size; off += PG) {
		uint64_t flags;
		bool measured;

		if (encl_page_info(&e, off, &flags, &measured))
			continue;
		ck_assert_uint_lt(nr, 256);
		pages[nr++] = (struct ref_page){ off, flags, measured };
	}
	ref_mrenclave(e.image, e.size, 1, pages, nr, want);
	ck_assert_mem_eq(e.mrenclave, want, 32);
	ck_assert_mem_eq(e.sigstruct.enclave_hash, want, 32);
	encl_free(&e);
}
END_TEST

START_TEST(test_mrenclave_heap_independent)
{
	struct encl a, b;

	/* Heap pages are EADDed, not EEXTENDed: only their count matters. */
	build_ok(&a, PG);
	build_ok(&b, PG);
	ck_assert_mem_eq(a.mrenclave, b.mrenclave, 32);
	encl_free(&b);
	build_ok(&b, 2 * PG);
	ck_assert_mem_ne(a.mrenclave, b.mrenclave, 32);
	encl_free(&a);
	encl_free(&b);
}
END_TEST

/* ---- SIGSTRUCT -------------------------------------------------------------- */

static const struct { size_t off, want; const char *name; } ss_offsets[] = {
#define OFF(f, w) { __builtin_offsetof(struct encl_sigstruct, f), w, #f }
	OFF(header, 0), OFF(vendor, 16), OFF(date, 20), OFF(header2, 24),
	OFF(swdefined, 40), OFF(modulus, 128), OFF(exponent, 512),
	OFF(signature, 516), OFF(miscselect, 900), OFF(miscmask, 904),
	OFF(isv_family_id, 912), OFF(attributes, 928), OFF(xfrm, 936),
	OFF(attributes_mask, 944), OFF(xfrm_mask, 952), OFF(enclave_hash, 960),
	OFF(isv_ext_prod_id, 1008), OFF(isv_prod_id, 1024), OFF(isv_svn, 1026),
	OFF(q1, 1040), OFF(q2, 1424),
#undef OFF
};

START_TEST(test_sigstruct_offsets)
{
	ck_assert_msg(ss_offsets[_i].off == ss_offsets[_i].want, "%s at %zu, not %zu",
		      ss_offsets[_i].name, ss_offsets[_i].off, ss_offsets[_i].want);
	ck_assert_uint_eq(sizeof(struct encl_sigstruct), 1808);
	ck_assert_uint_eq(sizeof(struct encl_secs), 4096);
}
END_TEST

START_TEST(test_sigstruct_fields)
{
	static const uint8_t h1[16] = { 6, 0, 0, 0, 0xE1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 };
	static const uint8_t h2[16] = { 1, 1, 0, 0, 0x60, 0, 0, 0, 0x60, 0, 0, 0, 1, 0, 0, 0 };
	struct encl e;
	const uint8_t *p;
	uint32_t v32;
	uint64_t v64;

	build_ok(&e, 0);
	p = (const uint8_t *)&e.sigstruct;
	ck_assert_mem_eq(p + 0, h1, 16);
	ck_assert_mem_eq(p + 24, h2, 16);
	memcpy(&v32, p + 512, 4);
	ck_assert_uint_eq(v32, 3);			/* EXPONENT */
	memcpy(&v32, p + 20, 4);
	ck_assert_uint_eq(v32 >> 16, 0x2025);		/* DATE, BCD year */
	memcpy(&v64, p + 928, 8);
	ck_assert_uint_eq(v64, ENCL_ATTR_MODE64BIT);	/* ATTRIBUTES.FLAGS */
	memcpy(&v64, p + 936, 8);
	ck_assert_uint_eq(v64, 3);			/* ATTRIBUTES.XFRM */
	ck_assert_mem_eq(p + 960, e.mrenclave, 32);	/* ENCLAVEHASH */
	for (unsigned int i = 44; i < 128; i++)	/* reserved */
		ck_assert_uint_eq(p[i], 0);
	for (unsigned int i = 1028; i < 1040; i++)
		ck_assert_uint_eq(p[i], 0);
	/* Modulus is little endian: its top byte (last) has the high bit set. */
	ck_assert_uint_ge(p[128 + 383], 0x80);
	encl_free(&e);
}
END_TEST

/* s^3 mod n == EMSA-PKCS1-v1_5(SHA-256(bytes 0..127 || 900..1027))? */
static bool signature_valid(const struct encl_sigstruct *ss)
{
	static const uint8_t digest_info[19] = {
		0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
		0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
	};
	const uint8_t *p = (const uint8_t *)ss;
	uint8_t msg[256], want[384], got[384];
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *n, *s, *e3, *m;
	bool ok;

	memcpy(msg, p, 128);
	memcpy(msg + 128, p + 900, 128);
	memset(want, 0xFF, sizeof(want));
	want[0] = 0x00;
	want[1] = 0x01;
	want[384 - 32 - 19 - 1] = 0x00;
	memcpy(want + 384 - 32 - 19, digest_info, 19);
	SHA256(msg, sizeof(msg), want + 384 - 32);

	n = BN_lebin2bn(p + 128, 384, NULL);
	s = BN_lebin2bn(p + 516, 384, NULL);
	e3 = BN_new();
	m = BN_new();
	ck_assert(ctx && n && s && e3 && m);
	ck_assert(BN_set_word(e3, 3));
	ck_assert(BN_mod_exp(m, s, e3, n, ctx));
	ck_assert_int_eq(BN_bn2binpad(m, got, sizeof(got)), 384);
	ok = BN_num_bits(n) == 3072 && BN_cmp(s, n) < 0 &&
	     !memcmp(got, want, sizeof(want));

	BN_free(m);
	BN_free(e3);
	BN_free(s);
	BN_free(n);
	BN_CTX_free(ctx);
	return ok;
}

static void check_signature(const struct encl_sigstruct *ss)
{
	ck_assert_msg(signature_valid(ss), "SIGSTRUCT signature does not verify");
}

/* Q1 = floor(S^2 / M), Q2 = floor((S^3 - Q1*S*M) / M), checked by bounds. */
static void check_q1q2(const struct encl_sigstruct *ss)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *n = BN_lebin2bn(ss->modulus, 384, NULL);
	BIGNUM *s = BN_lebin2bn(ss->signature, 384, NULL);
	BIGNUM *q1 = BN_lebin2bn(ss->q1, 384, NULL);
	BIGNUM *q2 = BN_lebin2bn(ss->q2, 384, NULL);
	BIGNUM *s2 = BN_new(), *s3 = BN_new(), *t = BN_new(), *lo = BN_new();
	BIGNUM *hi = BN_new(), *rem = BN_new();

	ck_assert(ctx && n && s && q1 && q2 && s2 && s3 && t && lo && hi && rem);
	ck_assert(BN_sqr(s2, s, ctx));
	ck_assert(BN_mul(s3, s2, s, ctx));

	/* q1*n <= s^2 < (q1+1)*n */
	ck_assert(BN_mul(lo, q1, n, ctx));
	ck_assert(BN_add(hi, lo, n));
	ck_assert_int_le(BN_cmp(lo, s2), 0);
	ck_assert_int_lt(BN_cmp(s2, hi), 0);

	/* rem = s^3 - q1*s*n;  q2*n <= rem < (q2+1)*n */
	ck_assert(BN_mul(t, q1, s, ctx));
	ck_assert(BN_mul(t, t, n, ctx));
	ck_assert(BN_sub(rem, s3, t));
	ck_assert(!BN_is_negative(rem));
	ck_assert(BN_mul(lo, q2, n, ctx));
	ck_assert(BN_add(hi, lo, n));
	ck_assert_int_le(BN_cmp(lo, rem), 0);
	ck_assert_int_lt(BN_cmp(rem, hi), 0);

	BN_free(rem);
	BN_free(hi);
	BN_free(lo);
	BN_free(t);
	BN_free(s3);
	BN_free(s2);
	BN_free(q2);
	BN_free(q1);
	BN_free(s);
	BN_free(n);
	BN_CTX_free(ctx);
}

START_TEST(test_sigstruct_signature)
{
	struct encl e;

	build_ok(&e, 0);
	check_signature(&e.sigstruct);
	encl_free(&e);
}
END_TEST

START_TEST(test_sigstruct_q1q2)
{
	struct encl e;

	build_ok(&e, 0);
	check_q1q2(&e.sigstruct);
	encl_free(&e);
}
END_TEST

START_TEST(test_signed_ranges)
{
	static const size_t signed_bytes[] = { 0, 20, 100, 127, 900, 928, 960, 991, 1027 };
	static const size_t unsigned_bytes[] = { 1028, 1039 };
	struct encl e;
	uint8_t *p;

	build_ok(&e, 0);
	p = (uint8_t *)&e.sigstruct;
	check_signature(&e.sigstruct);

	/* Any change in the two signed ranges breaks the signature... */
	for (unsigned int i = 0; i < sizeof(signed_bytes) / sizeof(signed_bytes[0]); i++) {
		p[signed_bytes[i]] ^= 0x10;
		ck_assert_msg(!signature_valid(&e.sigstruct), "byte %zu not signed",
			      signed_bytes[i]);
		p[signed_bytes[i]] ^= 0x10;
	}
	/* ...and bytes outside them (not MODULUS/SIGNATURE) are not signed. */
	for (unsigned int i = 0; i < sizeof(unsigned_bytes) / sizeof(unsigned_bytes[0]); i++) {
		p[unsigned_bytes[i]] ^= 0x10;
		ck_assert(signature_valid(&e.sigstruct));
		p[unsigned_bytes[i]] ^= 0x10;
	}
	ck_assert_int_eq(encl_sign(&e, NULL), -EINVAL);
	encl_free(&e);
}
END_TEST

START_TEST(test_generated_key)
{
	EVP_PKEY *key = encl_key_generate();
	BIGNUM *ex = NULL;
	struct encl e;
	uint8_t *elf;
	size_t len;
	int ret;

	ck_assert_ptr_nonnull(key);
	ck_assert_int_eq(EVP_PKEY_get_bits(key), 3072);
	ck_assert(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &ex));
	ck_assert(BN_is_word(ex, 3));
	BN_free(ex);

	elf = slurp(elf_path(), &len);
	ret = encl_build_mem(elf, len, 0, key, &e);
	ck_assert_msg(ret == 0, "%s", e.error);
	check_signature(&e.sigstruct);
	check_q1q2(&e.sigstruct);
	encl_free(&e);
	EVP_PKEY_free(key);
	free(elf);
}
END_TEST

START_TEST(test_wrong_key_refused)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
	EVP_PKEY *key = NULL;
	struct encl e;
	uint8_t *elf;
	size_t len;

	/* RSA-2048 with the default exponent 65537: EINIT would refuse it. */
	ck_assert(ctx && EVP_PKEY_keygen_init(ctx) > 0);
	ck_assert(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) > 0);
	ck_assert(EVP_PKEY_keygen(ctx, &key) > 0);
	elf = slurp(elf_path(), &len);
	ck_assert_int_eq(encl_build_mem(elf, len, 0, key, &e), -EINVAL);
	ck_assert_ptr_null(e.image);
	EVP_PKEY_free(key);
	EVP_PKEY_CTX_free(ctx);
	free(elf);
}
END_TEST

/* ---- rejected ELFs ------------------------------------------------------------ */

enum elf_damage {
	DMG_TRUNCATED, DMG_MAGIC, DMG_CLASS32, DMG_INTERP, DMG_TLS,
	DMG_WRITE_ONLY, DMG_TCS_FLAGS, DMG_ENTRY, DMG_UNALIGNED, DMG_FILESZ,
	DMG_NR,
};

static Elf64_Phdr *nth_load(uint8_t *elf, unsigned int k)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)elf;

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *p = (Elf64_Phdr *)(elf + eh->e_phoff) + i;

		if (p->p_type == PT_LOAD && !k--)
			return p;
	}
	ck_abort_msg("no PT_LOAD %u", k);
	return NULL;
}

START_TEST(test_elf_rejected)
{
	Elf64_Ehdr *eh;
	struct encl e;
	uint8_t *elf;
	size_t len;
	int ret;

	elf = slurp(elf_path(), &len);
	eh = (Elf64_Ehdr *)elf;
	switch (_i) {
	case DMG_TRUNCATED:
		len = 40;
		break;
	case DMG_MAGIC:
		elf[1] = 'X';
		break;
	case DMG_CLASS32:
		elf[EI_CLASS] = ELFCLASS32;
		break;
	case DMG_INTERP:
		nth_load(elf, 0)->p_type = PT_INTERP;
		break;
	case DMG_TLS:
		nth_load(elf, 2)->p_type = PT_TLS;
		break;
	case DMG_WRITE_ONLY:
		nth_load(elf, 2)->p_flags = PF_W;
		break;
	case DMG_TCS_FLAGS:
		nth_load(elf, 0)->p_flags = PF_R | PF_W | PF_X;
		break;
	case DMG_ENTRY:
		eh->e_entry = nth_load(elf, 2)->p_vaddr;
		break;
	case DMG_UNALIGNED:
		nth_load(elf, 1)->p_vaddr += 16;
		break;
	case DMG_FILESZ:
		nth_load(elf, 1)->p_filesz = len;
		break;
	}
	ret = encl_build_mem(elf, len, 0, NULL, &e);
	ck_assert_msg(ret == -ENOEXEC, "damage %d: ret %d", _i, ret);
	ck_assert_msg(e.error[0], "no error message");
	ck_assert_ptr_null(e.image);
	ck_assert_ptr_null(e.elf);
	free(elf);
}
END_TEST

START_TEST(test_missing_file)
{
	struct encl e;

	ck_assert_int_eq(encl_build("does-not-exist.elf", 0, &e), -ENOENT);
	ck_assert_ptr_null(e.image);
	ck_assert(e.error[0]);
}
END_TEST

/* ---- loading (no module needed: the ioctls must fail cleanly) ------------------ */

START_TEST(test_create_on_non_enclave_fd)
{
	struct encl e;
	int fd;

	build_ok(&e, PG);
	fd = open("/dev/null", O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(encl_create_on(fd, &e), -ENOTTY);
	ck_assert_uint_eq(e.base, 0);
	ck_assert_int_eq(e.fd, -1);
	ck_assert_msg(strstr(e.error, "ENCLAVE_CREATE"), "%s", e.error);
	close(fd);
	encl_free(&e);
}
END_TEST

START_TEST(test_create_needs_build)
{
	struct encl e;

	memset(&e, 0, sizeof(e));
	e.fd = -1;
	ck_assert_int_eq(encl_create_on(0, &e), -EINVAL);
}
END_TEST

/* ---- running the enclave natively (a minimal ENCLU emulation) ------------------
 *
 * The enclave code is executed on this CPU the way the sim backend runs it:
 * every ENCLU raises SIGILL and the handler below plays the leaf.  EENTER
 * jumps to base + TCS.OENTRY with RBX = TCS and RCX = the return address,
 * EEXIT jumps to RBX; EACCEPT, EMODPE and EACCEPTCOPY only record their
 * operands.  This checks the bootstrap (stacks, saved registers, exit path)
 * and the ops' register use, not SGX semantics.
 */

struct sim_regs {
	uint64_t rsp, rbp, r12, r13, r14, r15, rsp_before;
};

struct sim_regs sim_exit_regs;
uint64_t sim_enter(uint64_t tcs, void *op);

#define SIM_RBP	0xbbbbbbbbbbbbbbb0ULL
#define SIM_R12	0x1212121212121212ULL
#define SIM_R13	0x1313131313131313ULL
#define SIM_R14	0x1414141414141414ULL
#define SIM_R15	0x1515151515151515ULL

/* Enter through @tcs with RDI = @op; record RSP, RBP, R12-R15 after EEXIT. */
asm(".pushsection .text\n"
    ".globl sim_enter\n"
    ".type sim_enter, @function\n"
    "sim_enter:\n"
    "	push %rbp\n"
    "	push %rbx\n"
    "	push %r12\n"
    "	push %r13\n"
    "	push %r14\n"
    "	push %r15\n"
    "	mov %rsp, sim_exit_regs+48(%rip)\n"
    "	movabs $0xbbbbbbbbbbbbbbb0, %rbp\n"
    "	movabs $0x1212121212121212, %r12\n"
    "	movabs $0x1313131313131313, %r13\n"
    "	movabs $0x1414141414141414, %r14\n"
    "	movabs $0x1515151515151515, %r15\n"
    "	mov %rdi, %rbx\n"
    "	mov %rsi, %rdi\n"
    "	mov $2, %eax\n"
    "	.byte 0x0f, 0x01, 0xd7\n"
    "	mov %rsp, sim_exit_regs+0(%rip)\n"
    "	mov %rbp, sim_exit_regs+8(%rip)\n"
    "	mov %r12, sim_exit_regs+16(%rip)\n"
    "	mov %r13, sim_exit_regs+24(%rip)\n"
    "	mov %r14, sim_exit_regs+32(%rip)\n"
    "	mov %r15, sim_exit_regs+40(%rip)\n"
    "	mov sim_exit_regs+48(%rip), %rsp\n"
    "	pop %r15\n"
    "	pop %r14\n"
    "	pop %r13\n"
    "	pop %r12\n"
    "	pop %rbx\n"
    "	pop %rbp\n"
    "	ret\n"
    ".size sim_enter, . - sim_enter\n"
    ".popsection\n");

static struct {
	uint8_t *base;
	uint64_t size;
	unsigned int eenters, eexits;
	uint64_t leaf, rbx, rcx, rdx, rsp, secinfo_flags;
	uint64_t ret;		/* RAX given back by EACCEPT/EACCEPTCOPY */
	bool secinfo_aligned;
} sim;

static void sim_sigill(int sig, siginfo_t *info, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	const uint8_t *rip = (const uint8_t *)g[REG_RIP];
	uint64_t rbx = g[REG_RBX];

	(void)sig;
	(void)info;
	if (rip[0] != 0x0f || rip[1] != 0x01 || rip[2] != 0xd7)
		abort();

	switch (g[REG_RAX]) {
	case SGX2_EENTER: {
		uint64_t oentry;

		memcpy(&oentry, (const void *)(rbx + 32), 8);
		sim.eenters++;
		g[REG_RCX] = (greg_t)(rip + 3);
		g[REG_RAX] = 0;				/* CSSA */
		g[REG_RIP] = (greg_t)(sim.base + oentry);
		return;
	}
	case SGX2_EEXIT:
		sim.eexits++;
		g[REG_RIP] = rbx;
		g[REG_RCX] = 0;
		return;
	case SGX2_EACCEPT:
	case SGX2_EMODPE:
	case SGX2_EACCEPTCOPY:
		sim.leaf = g[REG_RAX];
		sim.rbx = rbx;
		sim.rcx = g[REG_RCX];
		sim.rdx = g[REG_RDX];
		sim.rsp = g[REG_RSP];
		sim.secinfo_aligned = rbx % 64 == 0;
		memcpy(&sim.secinfo_flags, (const void *)rbx, 8);
		if (g[REG_RAX] != SGX2_EMODPE)
			g[REG_RAX] = sim.ret;
		g[REG_RIP] = (greg_t)(rip + 3);
		return;
	default:
		abort();
	}
}

/* Map the built image RWX at a fresh address and catch SIGILL on an altstack. */
static void sim_setup(struct encl *e, size_t heap)
{
	static uint8_t altstack[64 * 1024];
	struct sigaction sa;
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	void *p;

	build_ok(e, heap);
	p = mmap(NULL, e->size, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	memcpy(p, e->image, e->image_size);
	memset(&sim, 0, sizeof(sim));
	sim.base = p;
	sim.size = e->size;

	/* The enclave stacks are a few pages: never deliver signals on them. */
	ck_assert_int_eq(sigaltstack(&ss, NULL), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sim_sigill;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	ck_assert_int_eq(sigaction(SIGILL, &sa, NULL), 0);
}

static void sim_call(uint64_t tcs, void *op)
{
	unsigned int exits = sim.eexits;

	memset(&sim_exit_regs, 0, offsetof(struct sim_regs, rsp_before));
	sim_enter(tcs, op);
	ck_assert_uint_eq(sim.eexits, exits + 1);
	/* EEXIT landed back with the caller's RSP, RBP and R12-R15. */
	ck_assert_uint_eq(sim_exit_regs.rsp, sim_exit_regs.rsp_before);
	ck_assert_uint_eq(sim_exit_regs.rbp, SIM_RBP);
	ck_assert_uint_eq(sim_exit_regs.r12, SIM_R12);
	ck_assert_uint_eq(sim_exit_regs.r13, SIM_R13);
	ck_assert_uint_eq(sim_exit_regs.r14, SIM_R14);
	ck_assert_uint_eq(sim_exit_regs.r15, SIM_R15);
}

static uint64_t sim_tcs(unsigned int i)
{
	return (uint64_t)(uintptr_t)sim.base + i * PG;
}

START_TEST(test_run_buffer)
{
	struct encl_op_put_to_buf put = { { ENCL_OP_PUT_TO_BUFFER }, 0x0123456789abcdefULL };
	struct encl_op_get_from_buf get = { { ENCL_OP_GET_FROM_BUFFER }, 0 };
	struct encl_op_header nop = { ENCL_OP_NOP }, bogus = { 0xdead };
	struct encl e;

	sim_setup(&e, 0);
	sim_call(sim_tcs(0), &put);
	sim_call(sim_tcs(1), &get);		/* shared buffer, other TCS */
	ck_assert_uint_eq(get.value, 0x0123456789abcdefULL);
	ck_assert_mem_eq(sim.base + sym(&e, ENCL_SYM_BUFFER), &put.value, 8);
	sim_call(sim_tcs(0), &nop);
	sim_call(sim_tcs(1), &bogus);		/* unknown op: ignored */
	ck_assert_uint_eq(sim.eenters, 4);
	encl_free(&e);
}
END_TEST

START_TEST(test_run_addr)
{
	struct encl_op_put_to_addr put = { { ENCL_OP_PUT_TO_ADDRESS }, 0xfeedfacecafebeefULL, 0 };
	struct encl_op_get_from_addr get = { { ENCL_OP_GET_FROM_ADDRESS }, 0, 0 };
	struct encl e;

	sim_setup(&e, 2 * PG);
	put.addr = (uintptr_t)sim.base + e.heap_offset + PG + 8;
	sim_call(sim_tcs(0), &put);
	get.addr = put.addr;
	sim_call(sim_tcs(1), &get);
	ck_assert_uint_eq(get.value, 0xfeedfacecafebeefULL);
	ck_assert_mem_eq(sim.base + e.heap_offset + PG + 8, &put.value, 8);
	encl_free(&e);
}
END_TEST

/* Each static TCS runs on its own stack inside encl_stacks. */
START_TEST(test_run_stacks)
{
	struct encl_op_eaccept op = { { ENCL_OP_EACCEPT }, 0x1000, 0x203, 0 };
	uint64_t stacks;
	struct encl e;

	sim_setup(&e, 0);
	stacks = (uintptr_t)sim.base + sym(&e, ENCL_SYM_STACKS);
	for (unsigned int i = 0; i < ENCL_NR_TCS; i++) {
		sim_call(sim_tcs(i), &op);
		ck_assert_uint_ge(sim.rsp, stacks + i * ENCL_STACK_SIZE);
		ck_assert_uint_lt(sim.rsp, stacks + (i + 1) * ENCL_STACK_SIZE);
	}
	encl_free(&e);
}
END_TEST

START_TEST(test_run_eaccept)
{
	struct encl_op_eaccept op = { { ENCL_OP_EACCEPT }, 0, 0x20b, ~0ULL };
	struct encl e;

	sim_setup(&e, PG);
	op.epc_addr = (uintptr_t)sim.base + e.heap_offset;
	sim.ret = SGX2_PAGE_ATTRIBUTES_MISMATCH;
	sim_call(sim_tcs(0), &op);
	ck_assert_uint_eq(sim.leaf, SGX2_EACCEPT);
	ck_assert(sim.secinfo_aligned);
	ck_assert_uint_eq(sim.secinfo_flags, 0x20b);
	ck_assert_uint_eq(sim.rcx, op.epc_addr);
	ck_assert_uint_eq(op.ret, SGX2_PAGE_ATTRIBUTES_MISMATCH);

	sim.ret = 0;
	sim_call(sim_tcs(1), &op);
	ck_assert_uint_eq(op.ret, 0);
	encl_free(&e);
}
END_TEST

START_TEST(test_run_emodpe)
{
	struct encl_op_emodpe op = { { ENCL_OP_EMODPE }, 0, 0x204 };
	struct encl e;

	sim_setup(&e, PG);
	op.epc_addr = (uintptr_t)sim.base + e.heap_offset;
	sim_call(sim_tcs(1), &op);
	ck_assert_uint_eq(sim.leaf, SGX2_EMODPE);
	ck_assert(sim.secinfo_aligned);
	ck_assert_uint_eq(sim.secinfo_flags, 0x204);
	ck_assert_uint_eq(sim.rcx, op.epc_addr);
	encl_free(&e);
}
END_TEST

START_TEST(test_run_eacceptcopy)
{
	struct encl_op_eacceptcopy op = { { ENCL_OP_EACCEPTCOPY }, 0, 0, 0x205, ~0ULL };
	struct encl e;

	sim_setup(&e, 2 * PG);
	op.epc_addr = (uintptr_t)sim.base + e.heap_offset;
	op.src_addr = op.epc_addr + PG;
	sim.ret = 0;
	sim_call(sim_tcs(0), &op);
	ck_assert_uint_eq(sim.leaf, SGX2_EACCEPTCOPY);
	ck_assert(sim.secinfo_aligned);
	ck_assert_uint_eq(sim.secinfo_flags, 0x205);
	ck_assert_uint_eq(sim.rcx, op.epc_addr);
	ck_assert_uint_eq(sim.rdx, op.src_addr);
	ck_assert_uint_eq(op.ret, 0);
	encl_free(&e);
}
END_TEST

/*
 * INIT_TCS_PAGE writes the builder's TCS; entering through it runs on the
 * page below it (the encl_dyn_entry convention).
 */
START_TEST(test_run_init_tcs)
{
	struct encl_op_init_tcs_page init = { { ENCL_OP_INIT_TCS_PAGE }, 0, 0, 0 };
	struct encl_op_eaccept op = { { ENCL_OP_EACCEPT }, 0x1000, 0x203, 0 };
	static struct encl_tcs want;
	uint64_t tcs, ssa;
	struct encl e;

	sim_setup(&e, 3 * PG);
	/* heap: [stack][SSA][TCS] */
	ssa = e.heap_offset + PG;
	tcs = (uintptr_t)sim.base + e.heap_offset + 2 * PG;
	init.tcs_page = tcs;
	init.ssa = ssa;
	memset((void *)(uintptr_t)tcs, 0x5a, PG);
	sim_call(sim_tcs(0), &init);
	encl_tcs_init(&want, ssa, sym(&e, ENCL_SYM_DYN_ENTRY));
	ck_assert_mem_eq((void *)(uintptr_t)tcs, &want, PG);

	sim_call(tcs, &op);
	ck_assert_uint_ge(sim.rsp, tcs - PG);
	ck_assert_uint_lt(sim.rsp, tcs);

	/* An explicit entry is taken as given. */
	init.entry = e.entry;
	sim_call(sim_tcs(1), &init);
	encl_tcs_init(&want, ssa, e.entry);
	ck_assert_mem_eq((void *)(uintptr_t)tcs, &want, PG);
	encl_free(&e);
}
END_TEST

/* encl_entry through a TCS that is not page 0 or 1: exits without running. */
START_TEST(test_run_foreign_tcs)
{
	struct encl_op_put_to_buf put = { { ENCL_OP_PUT_TO_BUFFER }, 0x77 };
	struct encl_op_get_from_buf get = { { ENCL_OP_GET_FROM_BUFFER }, 0 };
	uint64_t tcs;
	struct encl e;

	sim_setup(&e, PG);
	tcs = (uintptr_t)sim.base + e.heap_offset;
	encl_tcs_init((struct encl_tcs *)(uintptr_t)tcs, 0, e.entry);
	sim_call(tcs, &put);
	sim_call(sim_tcs(0), &get);
	ck_assert_uint_ne(get.value, 0x77);
	encl_free(&e);
}
END_TEST

static Suite *builder_suite(void)
{
	Suite *s = suite_create("encl_builder");
	TCase *tc;

	tc = tcase_create("layout");
	tcase_add_loop_test(tc, test_secs_size, 0,
			    sizeof(secs_sizes) / sizeof(secs_sizes[0]));
	tcase_add_loop_test(tc, test_secinfo_flags, 0,
			    sizeof(pflag_map) / sizeof(pflag_map[0]));
	tcase_add_test(tc, test_elf_segments);
	tcase_add_test(tc, test_image_contents);
	tcase_add_test(tc, test_tcs_pages);
	tcase_add_test(tc, test_tcs_init_matches);
	tcase_add_test(tc, test_page_secinfo);
	tcase_add_loop_test(tc, test_elf_rejected, 0, DMG_NR);
	tcase_add_test(tc, test_missing_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("mrenclave");
	tcase_add_test(tc, test_mrenclave_synthetic);
	tcase_add_test(tc, test_mrenclave_sensitivity);
	tcase_add_test(tc, test_mrenclave_built);
	tcase_add_test(tc, test_mrenclave_heap_independent);
	suite_add_tcase(s, tc);

	tc = tcase_create("sigstruct");
	tcase_set_timeout(tc, 120);	/* key generation under ASan */
	tcase_add_loop_test(tc, test_sigstruct_offsets, 0,
			    sizeof(ss_offsets) / sizeof(ss_offsets[0]));
	tcase_add_test(tc, test_sigstruct_fields);
	tcase_add_test(tc, test_sigstruct_signature);
	tcase_add_test(tc, test_sigstruct_q1q2);
	tcase_add_test(tc, test_signed_ranges);
	tcase_add_test(tc, test_generated_key);
	tcase_add_test(tc, test_wrong_key_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("run");
	tcase_add_test(tc, test_run_buffer);
	tcase_add_test(tc, test_run_addr);
	tcase_add_test(tc, test_run_stacks);
	tcase_add_test(tc, test_run_eaccept);
	tcase_add_test(tc, test_run_emodpe);
	tcase_add_test(tc, test_run_eacceptcopy);
	tcase_add_test(tc, test_run_init_tcs);
	tcase_add_test(tc, test_run_foreign_tcs);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_test(tc, test_create_on_non_enclave_fd);
	tcase_add_test(tc, test_create_needs_build);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(builder_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
