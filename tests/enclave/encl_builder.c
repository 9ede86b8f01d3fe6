// SPDX-License-Identifier: GPL-2.0
/*
 * encl_builder.c - lay out, measure, sign and load the test enclave.
 *
 * The architectural facts used here come from the Intel SDM, Vol. 3D,
 * chapters "Enclave Data Structures" (SECS, TCS, SECINFO, SIGSTRUCT) and
 * "Intel SGX Instruction References" (the Operation sections of ECREATE,
 * EADD, EEXTEND and EINIT).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "encl_builder.h"

#define PAGE_SIZE		ENCL_PAGE_SIZE
#define PAGE_MASK		(~(uint64_t)(PAGE_SIZE - 1))
#define PAGE_ROUND_UP(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* Largest ELF and heap accepted: keeps every size computation far from overflow. */
#define ENCL_MAX_ELF_SIZE	(64ULL << 20)
#define ENCL_MAX_BYTES		(1ULL << 40)

/* Zero-progress retries of ADD_PAGES on EINTR/EAGAIN before giving up. */
#define ENCL_ADD_RETRIES	1000

/* SIGSTRUCT.DATE: fixed, so that builds are reproducible (BCD yyyymmdd). */
#define ENCL_SIGSTRUCT_DATE	0x20250101

__attribute__((format(printf, 2, 3)))
static void encl_err(struct encl *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->error, sizeof(e->error), fmt, ap);
	va_end(ap);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint64_t encl_secs_size(uint64_t bytes)
{
	uint64_t size = 2 * PAGE_SIZE;

	while (size < bytes && size < (1ULL << 63))
		size <<= 1;
	return size;
}

uint64_t encl_secinfo_flags(uint32_t p_flags)
{
	uint64_t flags = SGX2_SECINFO_REG;

	if (p_flags & PF_R)
		flags |= SGX2_SECINFO_R;
	if (p_flags & PF_W)
		flags |= SGX2_SECINFO_W;
	if (p_flags & PF_X)
		flags |= SGX2_SECINFO_X;
	return flags;
}

static int secinfo_prot(uint64_t flags)
{
	int prot = 0;

	if ((flags & SGX2_SECINFO_PAGE_TYPE_MASK) == SGX2_SECINFO_TCS)
		return PROT_READ | PROT_WRITE;	/* what mainline maps a TCS with */
	if (flags & SGX2_SECINFO_R)
		prot |= PROT_READ;
	if (flags & SGX2_SECINFO_W)
		prot |= PROT_WRITE;
	if (flags & SGX2_SECINFO_X)
		prot |= PROT_EXEC;
	return prot;
}

/* ---- ELF ------------------------------------------------------------------ */

static bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static const Elf64_Phdr *elf_phdrs(const struct encl *e)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)e->elf;

	return (const Elf64_Phdr *)(e->elf + eh->e_phoff);
}

/* Header checks; after this e_phoff/e_phnum and e_shoff/e_shnum are in bounds. */
static int elf_check_header(struct encl *e)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)e->elf;

	if (e->elf_size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG)) {
		encl_err(e, "not an ELF file");
		return -ENOEXEC;
	}
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_machine != EM_X86_64) {
		encl_err(e, "not a little-endian x86-64 ELF64");
		return -ENOEXEC;
	}
	if (eh->e_type != ET_DYN && eh->e_type != ET_EXEC) {
		encl_err(e, "ELF type %u is not an executable", eh->e_type);
		return -ENOEXEC;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || !eh->e_phnum ||
	    !range_ok(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr),
		      e->elf_size) || eh->e_phoff % 8) {
		encl_err(e, "bad program header table");
		return -ENOEXEC;
	}
	if (eh->e_shnum &&
	    (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff % 8 ||
	     !range_ok(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr),
		       e->elf_size))) {
		encl_err(e, "bad section header table");
		return -ENOEXEC;
	}
	return 0;
}

/*
 * The image is measured exactly as linked, so it must not ask for a loader:
 * no interpreter, no TLS, and no dynamic relocations.
 */
static int elf_check_no_loader(struct encl *e)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)e->elf;
	const Elf64_Phdr *ph = elf_phdrs(e);

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		switch (ph[i].p_type) {
		case PT_INTERP:
			encl_err(e, "ELF has an interpreter (PT_INTERP)");
			return -ENOEXEC;
		case PT_TLS:
			encl_err(e, "ELF uses TLS (PT_TLS)");
			return -ENOEXEC;
		case PT_DYNAMIC: {
			const Elf64_Dyn *d;
			uint64_t n;

			if (!range_ok(ph[i].p_offset, ph[i].p_filesz, e->elf_size)) {
				encl_err(e, "PT_DYNAMIC out of the file");
				return -ENOEXEC;
			}
			d = (const Elf64_Dyn *)(e->elf + ph[i].p_offset);
			n = ph[i].p_filesz / sizeof(*d);
			for (uint64_t j = 0; j < n && d[j].d_tag != DT_NULL; j++) {
				if ((d[j].d_tag == DT_RELASZ || d[j].d_tag == DT_RELSZ ||
				     d[j].d_tag == DT_RELRSZ) && d[j].d_un.d_val) {
					encl_err(e, "ELF needs load-time relocations");
					return -ENOEXEC;
				}
			}
			break;
		}
		default:
			break;
		}
	}
	return 0;
}

/* Turn the PT_LOAD headers into segments; the first one holds the TCSes. */
static int elf_load_segments(struct encl *e, uint64_t *image_end)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)e->elf;
	const Elf64_Phdr *ph = elf_phdrs(e);
	uint64_t end = 0;
	bool entry_ok = false;

	e->nr_segments = 0;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];
		struct encl_segment *seg;

		if (p->p_type != PT_LOAD)
			continue;

		if (e->nr_segments == ENCL_MAX_SEGMENTS - 1) {	/* one is for the heap */
			encl_err(e, "too many PT_LOAD segments");
			return -ENOEXEC;
		}
		if (p->p_vaddr % PAGE_SIZE || p->p_offset % PAGE_SIZE) {
			encl_err(e, "segment %u is not page aligned", i);
			return -ENOEXEC;
		}
		if (p->p_filesz > p->p_memsz || !p->p_memsz ||
		    !range_ok(p->p_offset, p->p_filesz, e->elf_size) ||
		    p->p_vaddr > ENCL_MAX_BYTES || p->p_memsz > ENCL_MAX_BYTES) {
			encl_err(e, "segment %u has bad sizes", i);
			return -ENOEXEC;
		}
		if (p->p_vaddr < end) {
			encl_err(e, "segment %u overlaps or is out of order", i);
			return -ENOEXEC;
		}
		if (p->p_flags & ~(uint32_t)(PF_R | PF_W | PF_X)) {
			encl_err(e, "segment %u has flags 0x%x", i, p->p_flags);
			return -ENOEXEC;
		}
		/* SECINFO with W but not R is refused by EADD (#GP). */
		if ((p->p_flags & PF_W) && !(p->p_flags & PF_R)) {
			encl_err(e, "segment %u is writable but not readable", i);
			return -ENOEXEC;
		}

		seg = &e->seg[e->nr_segments];
		seg->offset = p->p_vaddr;
		seg->size = PAGE_ROUND_UP(p->p_memsz);
		seg->measure = true;

		if (e->nr_segments == 0) {
			if (p->p_vaddr != 0 || p->p_flags != (PF_R | PF_W) ||
			    seg->size != ENCL_NR_TCS * PAGE_SIZE ||
			    p->p_filesz != seg->size) {
				encl_err(e, "first segment must be the %d RW TCS pages at 0",
					 ENCL_NR_TCS);
				return -ENOEXEC;
			}
			/* EADD of a TCS: PT_TCS, R/W/X zero. */
			seg->secinfo_flags = SGX2_SECINFO_TCS;
			e->nr_tcs = ENCL_NR_TCS;
		} else {
			seg->secinfo_flags = encl_secinfo_flags(p->p_flags);
		}
		seg->prot = secinfo_prot(seg->secinfo_flags);

		if ((p->p_flags & PF_X) && eh->e_entry >= p->p_vaddr &&
		    eh->e_entry < p->p_vaddr + p->p_memsz)
			entry_ok = true;

		end = seg->offset + seg->size;
		e->nr_segments++;
	}

	if (!e->nr_segments) {
		encl_err(e, "no PT_LOAD segment");
		return -ENOEXEC;
	}
	if (!entry_ok) {
		encl_err(e, "entry point 0x%llx is not in an executable segment",
			 (unsigned long long)eh->e_entry);
		return -ENOEXEC;
	}
	e->entry = eh->e_entry;
	*image_end = end;
	return 0;
}

int encl_symbol(const struct encl *e, const char *name, uint64_t *offset)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;

	if (!e->elf || e->elf_size < sizeof(*eh))
		return -ENOENT;
	eh = (const Elf64_Ehdr *)e->elf;
	if (!eh->e_shnum)
		return -ENOENT;
	sh = (const Elf64_Shdr *)(e->elf + eh->e_shoff);	/* checked at build */

	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *strtab;
		const Elf64_Sym *sym;
		const char *str;
		uint64_t n;

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_entsize != sizeof(*sym) ||
		    sh[i].sh_link >= eh->e_shnum || sh[i].sh_offset % 8 ||
		    !range_ok(sh[i].sh_offset, sh[i].sh_size, e->elf_size))
			continue;
		strtab = &sh[sh[i].sh_link];
		if (!range_ok(strtab->sh_offset, strtab->sh_size, e->elf_size))
			continue;

		sym = (const Elf64_Sym *)(e->elf + sh[i].sh_offset);
		str = (const char *)(e->elf + strtab->sh_offset);
		n = sh[i].sh_size / sizeof(*sym);
		for (uint64_t j = 0; j < n; j++) {
			uint64_t len;

			if (sym[j].st_name >= strtab->sh_size ||
			    sym[j].st_shndx == SHN_UNDEF)
				continue;
			len = strnlen(str + sym[j].st_name,
				      strtab->sh_size - sym[j].st_name);
			if (len == strtab->sh_size - sym[j].st_name)
				continue;	/* not terminated */
			if (!strcmp(str + sym[j].st_name, name)) {
				*offset = sym[j].st_value;
				return 0;
			}
		}
	}
	return -ENOENT;
}

/* Static TCS i: SSA frames at encl_ssa + i * NSSA frames, entry at e_entry. */
static int encl_fill_tcs(struct encl *e)
{
	uint64_t ssa, frame = (uint64_t)ENCL_NSSA * e->ssa_frame_size * PAGE_SIZE;
	uint64_t flags;
	bool measured;

	if (encl_symbol(e, ENCL_SYM_SSA, &ssa)) {
		encl_err(e, "ELF has no symbol %s", ENCL_SYM_SSA);
		return -ENOEXEC;
	}
	for (unsigned int i = 0; i < e->nr_tcs; i++) {
		uint64_t ossa = ssa + i * frame;

		/* Every SSA page must be a writable REG page of the image. */
		for (uint64_t off = ossa; off < ossa + frame; off += PAGE_SIZE) {
			if (off % PAGE_SIZE || off >= e->heap_offset ||
			    encl_page_info(e, off, &flags, &measured) ||
			    (flags & (SGX2_SECINFO_PAGE_TYPE_MASK | SGX2_SECINFO_W)) !=
			    (SGX2_SECINFO_REG | SGX2_SECINFO_W)) {
				encl_err(e, "SSA of TCS %u at 0x%llx is not writable REG pages",
					 i, (unsigned long long)ossa);
				return -ENOEXEC;
			}
		}
		encl_tcs_init((struct encl_tcs *)(e->image + i * PAGE_SIZE), ossa,
			      e->entry);
	}
	return 0;
}

int encl_page_info(const struct encl *e, uint64_t offset,
		   uint64_t *secinfo_flags, bool *measured)
{
	for (unsigned int i = 0; i < e->nr_segments; i++) {
		const struct encl_segment *seg = &e->seg[i];

		if (offset >= seg->offset && offset - seg->offset < seg->size) {
			*secinfo_flags = seg->secinfo_flags;
			*measured = seg->measure;
			return 0;
		}
	}
	return -ENOENT;
}

/* ---- measurement ------------------------------------------------------------ */

/*
 * MRENCLAVE is SHA-256 over 64-byte records (SDM Vol. 3D, Operation sections):
 *
 * ECREATE:  bytes 0-7 "ECREATE\0" (0045544145524345H), 8-11 SECS.SSAFRAMESIZE,
 *           12-19 SECS.SIZE, 20-63 zero (TMP_ENCLS bits 64..95 / 96..159).
 * EADD:     bytes 0-7 "EADD\0\0\0\0" (0000000044444145H), 8-15 the page's
 *           offset from SECS.BASEADDR, 16-63 the first 48 bytes of SECINFO.
 * EEXTEND:  bytes 0-7 "EEXTEND\0" (00444E4554584545H), 8-15 the offset of
 *           the 256-byte chunk from SECS.BASEADDR, 16-63 zero; then the
 *           chunk's 256 bytes as four more 64-byte blocks.  A page is
 *           measured as 16 such chunks in ascending order.
 *
 * EINIT finalises the hash.  The order of records is the order the module
 * adds pages: segment by segment, and per page EADD then its EEXTENDs.
 */
static int mr_update(EVP_MD_CTX *ctx, const void *p, size_t len)
{
	return EVP_DigestUpdate(ctx, p, len) ? 0 : -EIO;
}

static int mr_ecreate(EVP_MD_CTX *ctx, uint32_t ssa_frame_size, uint64_t size)
{
	uint8_t rec[64] = { 0 };

	memcpy(rec, "ECREATE", 8);
	put_le32(rec + 8, ssa_frame_size);
	put_le64(rec + 12, size);
	return mr_update(ctx, rec, sizeof(rec));
}

static int mr_eadd(EVP_MD_CTX *ctx, uint64_t offset, uint64_t secinfo_flags)
{
	uint8_t rec[64] = { 0 };
	struct encl_secinfo secinfo = { .flags = secinfo_flags };

	memcpy(rec, "EADD\0\0\0", 8);
	put_le64(rec + 8, offset);
	memcpy(rec + 16, &secinfo, 48);
	return mr_update(ctx, rec, sizeof(rec));
}

static int mr_eextend(EVP_MD_CTX *ctx, uint64_t offset, const uint8_t *page)
{
	for (unsigned int chunk = 0; chunk < PAGE_SIZE; chunk += 256) {
		uint8_t rec[64] = { 0 };
		int ret;

		memcpy(rec, "EEXTEND", 8);
		put_le64(rec + 8, offset + chunk);
		ret = mr_update(ctx, rec, sizeof(rec));
		if (!ret)
			ret = mr_update(ctx, page + chunk, 256);
		if (ret)
			return ret;
	}
	return 0;
}

int encl_measure(const struct encl *e, uint8_t mrenclave[32])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ret;

	if (!ctx)
		return -ENOMEM;
	ret = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) ? 0 : -EIO;
	if (!ret)
		ret = mr_ecreate(ctx, e->ssa_frame_size, e->size);

	for (unsigned int i = 0; !ret && i < e->nr_segments; i++) {
		const struct encl_segment *seg = &e->seg[i];

		for (uint64_t off = seg->offset; !ret && off < seg->offset + seg->size;
		     off += PAGE_SIZE) {
			ret = mr_eadd(ctx, off, seg->secinfo_flags);
			if (!ret && seg->measure)
				ret = mr_eextend(ctx, off, e->image + off);
		}
	}

	if (!ret && (!EVP_DigestFinal_ex(ctx, mrenclave, &len) || len != 32))
		ret = -EIO;
	EVP_MD_CTX_free(ctx);
	return ret;
}

/* ---- SIGSTRUCT -------------------------------------------------------------- */

/* HEADER and HEADER2 constants (SDM Vol. 3D, SIGSTRUCT table), in byte order. */
static const uint8_t sigstruct_header[16] = {
	0x06, 0x00, 0x00, 0x00, 0xE1, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const uint8_t sigstruct_header2[16] = {
	0x01, 0x01, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
};

/* Big-endian bignum -> fixed-size little-endian field. */
static int bn_to_le(const BIGNUM *bn, uint8_t *out, size_t len)
{
	return BN_bn2lebinpad(bn, out, (int)len) == (int)len ? 0 : -EIO;
}

/*
 * Q1 = floor(S^2 / M) and Q2 = floor((S^3 - Q1 * S * M) / M) (SDM Vol. 3D,
 * SIGSTRUCT).  S^3 - Q1*S*M = S * (S^2 mod M), so Q2 = floor(S * R / M)
 * with R the remainder of the first division.
 */
static int sigstruct_q1q2(struct encl_sigstruct *ss, const BIGNUM *s,
			  const BIGNUM *m)
{
	BN_CTX *bctx = BN_CTX_new();
	BIGNUM *t = BN_new(), *q1 = BN_new(), *r = BN_new(), *q2 = BN_new();
	int ret = -EIO;

	if (!bctx || !t || !q1 || !r || !q2) {
		ret = -ENOMEM;
		goto out;
	}
	if (!BN_sqr(t, s, bctx) || !BN_div(q1, r, t, m, bctx) ||
	    !BN_mul(t, s, r, bctx) || !BN_div(q2, NULL, t, m, bctx))
		goto out;
	if (bn_to_le(q1, ss->q1, sizeof(ss->q1)) || bn_to_le(q2, ss->q2, sizeof(ss->q2)))
		goto out;
	ret = 0;
out:
	BN_free(q2);
	BN_free(r);
	BN_free(q1);
	BN_free(t);
	BN_CTX_free(bctx);
	return ret;
}

static void sigstruct_signed_bytes(const struct encl_sigstruct *ss, uint8_t out[256])
{
	const uint8_t *p = (const uint8_t *)ss;

	memcpy(out, p + ENCL_SIGSTRUCT_SIGNED1_OFF, ENCL_SIGSTRUCT_SIGNED1_LEN);
	memcpy(out + ENCL_SIGSTRUCT_SIGNED1_LEN, p + ENCL_SIGSTRUCT_SIGNED2_OFF,
	       ENCL_SIGSTRUCT_SIGNED2_LEN);
}

int encl_sign(struct encl *e, EVP_PKEY *key)
{
	struct encl_sigstruct *ss = &e->sigstruct;
	uint8_t payload[256], digest[SHA256_DIGEST_LENGTH], sig[ENCL_MODULUS_SIZE];
	BIGNUM *n = NULL, *exp = NULL, *s = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	size_t siglen = sizeof(sig);
	int ret = -EINVAL;

	if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &exp) ||
	    BN_num_bits(n) != 8 * ENCL_MODULUS_SIZE || !BN_is_word(exp, 3)) {
		encl_err(e, "signing key is not RSA-3072 with exponent 3");
		goto out;
	}

	memset(ss, 0, sizeof(*ss));
	memcpy(ss->header, sigstruct_header, sizeof(ss->header));
	ss->vendor = 0;
	ss->date = ENCL_SIGSTRUCT_DATE;
	memcpy(ss->header2, sigstruct_header2, sizeof(ss->header2));
	ss->exponent = 3;
	ss->miscselect = 0;
	ss->miscmask = 0;
	/* Masks of zero: EINIT then accepts any SECS attributes (DEBUG or not). */
	ss->attributes = e->attributes;
	ss->xfrm = e->xfrm;
	ss->attributes_mask = 0;
	ss->xfrm_mask = 0;
	memcpy(ss->enclave_hash, e->mrenclave, sizeof(ss->enclave_hash));
	ss->isv_prod_id = 0;
	ss->isv_svn = 0;

	ret = -EIO;
	if (bn_to_le(n, ss->modulus, sizeof(ss->modulus)))
		goto out;

	/* RSASSA-PKCS1-v1_5 with SHA-256 over the two signed ranges. */
	sigstruct_signed_bytes(ss, payload);
	SHA256(payload, sizeof(payload), digest);
	pctx = EVP_PKEY_CTX_new(key, NULL);
	if (!pctx || EVP_PKEY_sign_init(pctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_signature_md(pctx, EVP_sha256()) <= 0 ||
	    EVP_PKEY_sign(pctx, sig, &siglen, digest, sizeof(digest)) <= 0 ||
	    siglen != sizeof(sig)) {
		encl_err(e, "RSA signing failed");
		goto out;
	}

	s = BN_bin2bn(sig, (int)siglen, NULL);
	if (!s || bn_to_le(s, ss->signature, sizeof(ss->signature)))
		goto out;
	ret = sigstruct_q1q2(ss, s, n);
	if (ret)
		encl_err(e, "Q1/Q2 computation failed");
out:
	EVP_PKEY_CTX_free(pctx);
	BN_free(s);
	BN_free(exp);
	BN_free(n);
	return ret;
}

EVP_PKEY *encl_key_load(const char *pem_path)
{
	EVP_PKEY *key;
	FILE *f = fopen(pem_path, "r");

	if (!f)
		return NULL;
	key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	return key;
}

EVP_PKEY *encl_key_generate(void)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
	EVP_PKEY *key = NULL;
	BIGNUM *e = BN_new();

	if (!ctx || !e || !BN_set_word(e, 3) || EVP_PKEY_keygen_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 8 * ENCL_MODULUS_SIZE) <= 0 ||
	    EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e) <= 0 ||
	    EVP_PKEY_keygen(ctx, &key) <= 0)
		key = NULL;
	BN_free(e);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

/* The process-wide fallback key, generated on first use. */
static EVP_PKEY *encl_default_key(void)
{
	static EVP_PKEY *key;

	if (!key)
		key = encl_key_generate();
	return key;
}

/* ---- build ------------------------------------------------------------------ */

void encl_free(struct encl *e)
{
	if (e->base)
		munmap((void *)(uintptr_t)e->base, e->size);
	if (e->image)
		munmap(e->image, e->image_size);
	free(e->elf);
	e->base = 0;
	e->image = NULL;
	e->elf = NULL;
	e->fd = -1;
}

int encl_build_mem(const void *elf, size_t elf_size, size_t heap_size,
		   EVP_PKEY *key, struct encl *out)
{
	return encl_build_mem_sized(elf, elf_size, heap_size, 0, key, out);
}

int encl_build_mem_sized(const void *elf, size_t elf_size, size_t heap_size,
			 uint64_t min_size, EVP_PKEY *key, struct encl *out)
{
	const Elf64_Ehdr *eh;
	uint64_t image_end, heap;
	int ret;

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	out->ssa_frame_size = ENCL_SSA_FRAME_PAGES;
	out->attributes = ENCL_ATTR_MODE64BIT;
	out->xfrm = ENCL_XFRM_DEFAULT;

	if (!elf || elf_size > ENCL_MAX_ELF_SIZE || heap_size > ENCL_MAX_BYTES) {
		encl_err(out, "ELF or heap too large");
		return -EINVAL;
	}
	out->elf = malloc(elf_size ? elf_size : 1);
	if (!out->elf) {
		encl_err(out, "out of memory");
		return -ENOMEM;
	}
	memcpy(out->elf, elf, elf_size);
	out->elf_size = elf_size;

	ret = elf_check_header(out);
	if (!ret)
		ret = elf_check_no_loader(out);
	if (!ret)
		ret = elf_load_segments(out, &image_end);
	if (ret)
		goto err;

	heap = PAGE_ROUND_UP((uint64_t)heap_size);
	out->heap_offset = image_end;
	out->heap_size = heap;
	out->image_size = image_end + heap;
	out->size = encl_secs_size(out->image_size);
	if (min_size > ENCL_MAX_BYTES) {
		encl_err(out, "ELRANGE too large");
		ret = -EINVAL;
		goto err;
	}
	if (encl_secs_size(min_size) > out->size)
		out->size = encl_secs_size(min_size);
	if (heap) {
		struct encl_segment *seg = &out->seg[out->nr_segments++];

		seg->offset = image_end;
		seg->size = heap;
		seg->secinfo_flags = SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W;
		seg->prot = PROT_READ | PROT_WRITE;
		seg->measure = false;
	}

	/* Anonymous memory: page aligned and zero, so a big heap costs nothing. */
	out->image = mmap(NULL, out->image_size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (out->image == MAP_FAILED) {
		out->image = NULL;
		encl_err(out, "cannot allocate %zu bytes of image", out->image_size);
		ret = -ENOMEM;
		goto err;
	}

	eh = (const Elf64_Ehdr *)out->elf;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &elf_phdrs(out)[i];

		if (p->p_type == PT_LOAD && p->p_filesz)
			memcpy(out->image + p->p_vaddr, out->elf + p->p_offset,
			       p->p_filesz);
	}

	ret = encl_fill_tcs(out);
	if (ret)
		goto err;

	ret = encl_measure(out, out->mrenclave);
	if (ret) {
		encl_err(out, "MRENCLAVE computation failed");
		goto err;
	}

	if (!key)
		key = encl_default_key();
	if (!key) {
		encl_err(out, "cannot generate a signing key");
		ret = -EIO;
		goto err;
	}
	ret = encl_sign(out, key);
	if (ret)
		goto err;
	return 0;

err:
	{
		char msg[sizeof(out->error)];

		memcpy(msg, out->error, sizeof(msg));
		encl_free(out);
		memcpy(out->error, msg, sizeof(msg));
	}
	return ret;
}

static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;
	size_t done = 0;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > ENCL_MAX_ELF_SIZE) {
		ret = -EINVAL;
		goto out;
	}
	*buf = malloc(st.st_size ? st.st_size : 1);
	if (!*buf) {
		ret = -ENOMEM;
		goto out;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, *buf + done, st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : -EIO;
			free(*buf);
			*buf = NULL;
			goto out;
		}
		done += n;
	}
	*len = done;
out:
	close(fd);
	return ret;
}

/* "dir/name.elf" -> "dir/name.pem"; other names get ".pem" appended. */
static char *sibling_key_path(const char *elf_path)
{
	size_t len = strlen(elf_path);
	char *p = malloc(len + 5);

	if (!p)
		return NULL;
	memcpy(p, elf_path, len + 1);
	if (len > 4 && !strcmp(p + len - 4, ".elf"))
		len -= 4;
	memcpy(p + len, ".pem", 5);
	return p;
}

int encl_build(const char *elf_path, size_t heap_size, struct encl *out)
{
	return encl_build_sized(elf_path, heap_size, 0, out);
}

int encl_build_sized(const char *elf_path, size_t heap_size, uint64_t min_size,
		     struct encl *out)
{
	const char *env = getenv("ENCL_SIGN_KEY");
	EVP_PKEY *key = NULL;
	uint8_t *buf = NULL;
	size_t len = 0;
	int ret;

	ret = read_file(elf_path, &buf, &len);
	if (ret) {
		memset(out, 0, sizeof(*out));
		out->fd = -1;
		encl_err(out, "cannot read %s: %s", elf_path, strerror(-ret));
		return ret;
	}

	if (env && *env) {
		key = encl_key_load(env);
		if (!key) {
			free(buf);
			memset(out, 0, sizeof(*out));
			out->fd = -1;
			encl_err(out, "cannot load ENCL_SIGN_KEY=%s", env);
			return -EINVAL;
		}
	} else {
		char *pem = sibling_key_path(elf_path);

		if (pem && !access(pem, R_OK))
			key = encl_key_load(pem);	/* unreadable: fall back */
		free(pem);
	}

	ret = encl_build_mem_sized(buf, len, heap_size, min_size, key, out);
	EVP_PKEY_free(key);
	free(buf);
	return ret;
}

/* ---- loading through the module ------------------------------------------------- */

static int ioctl_retry(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret == -1 && errno == EINTR);
	return ret;
}

/* Reserve 2 * size and keep the size-aligned part: ELRANGE must be naturally aligned. */
static int encl_reserve(int fd, struct encl *e)
{
	uint64_t area, base;
	void *p;

	if (e->reserve_on_fd)
		p = mmap(NULL, 2 * e->size, PROT_NONE, MAP_SHARED, fd, 0);
	else
		p = mmap(NULL, 2 * e->size, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		encl_err(e, "reserving %llu bytes: %s",
			 (unsigned long long)(2 * e->size), strerror(errno));
		return -ENOMEM;
	}
	area = (uintptr_t)p;
	base = (area + e->size - 1) & ~(e->size - 1);
	if (base > area)
		munmap(p, base - area);
	if (area + 2 * e->size > base + e->size)
		munmap((void *)(uintptr_t)(base + e->size),
		       area + 2 * e->size - (base + e->size));
	e->base = base;
	return 0;
}

static int encl_add_segment(int fd, struct encl *e, const struct encl_segment *seg)
{
	struct encl_secinfo *secinfo;
	unsigned int retries = 0;
	uint64_t done = 0;
	int ret = 0;

	secinfo = aligned_alloc(sizeof(*secinfo), sizeof(*secinfo));
	if (!secinfo)
		return -ENOMEM;
	memset(secinfo, 0, sizeof(*secinfo));
	secinfo->flags = seg->secinfo_flags;

	while (done < seg->size) {
		struct sgx2_enclave_add_pages ioc = {
			.src = (uintptr_t)(e->image + seg->offset + done),
			.offset = seg->offset + done,
			.length = seg->size - done,
			.secinfo = (uintptr_t)secinfo,
			.flags = seg->measure ? SGX2_PAGE_MEASURE : 0,
			.count = 0,
		};
		int rc = ioctl(fd, SGX2_IOC_ENCLAVE_ADD_PAGES, &ioc);
		int err = errno;

		if (ioc.count > ioc.length || ioc.count % PAGE_SIZE) {
			encl_err(e, "ADD_PAGES reported count %llu of %llu",
				 (unsigned long long)ioc.count,
				 (unsigned long long)ioc.length);
			ret = -EIO;
			break;
		}
		done += ioc.count;
		if (ioc.count)
			retries = 0;

		if (rc == 0) {
			if (!ioc.count) {
				encl_err(e, "ADD_PAGES made no progress at 0x%llx",
					 (unsigned long long)ioc.offset);
				ret = -EIO;
				break;
			}
			continue;	/* partial: go on from where it stopped */
		}
		if ((err == EINTR || err == EAGAIN) && ++retries < ENCL_ADD_RETRIES)
			continue;
		encl_err(e, "ADD_PAGES at 0x%llx: %s",
			 (unsigned long long)ioc.offset, strerror(err));
		ret = -err;
		break;
	}
	free(secinfo);
	return ret;
}

int encl_create_on(int fd, struct encl *e)
{
	struct sgx2_enclave_create create;
	struct sgx2_enclave_init init;
	struct encl_secs *secs;
	int ret, rc;

	if (!e->image || e->base) {
		encl_err(e, "enclave not built, or already created");
		return -EINVAL;
	}

	ret = encl_reserve(fd, e);
	if (ret)
		return ret;

	secs = aligned_alloc(PAGE_SIZE, sizeof(*secs));
	if (!secs) {
		ret = -ENOMEM;
		goto err;
	}
	memset(secs, 0, sizeof(*secs));
	secs->size = e->size;
	secs->base = e->base;
	secs->ssa_frame_size = e->ssa_frame_size;
	secs->attributes = e->attributes;
	secs->xfrm = e->xfrm;

	create.src = (uintptr_t)secs;
	rc = ioctl_retry(fd, SGX2_IOC_ENCLAVE_CREATE, &create);
	free(secs);
	if (rc) {
		ret = -errno;
		encl_err(e, "ENCLAVE_CREATE: %s", strerror(errno));
		goto err;
	}

	/* Pages before mappings: a mapping may not exceed its pages' permissions. */
	for (unsigned int i = 0; i < e->nr_segments; i++) {
		ret = encl_add_segment(fd, e, &e->seg[i]);
		if (ret)
			goto err;
	}

	init.sigstruct = (uintptr_t)&e->sigstruct;
	rc = ioctl_retry(fd, SGX2_IOC_ENCLAVE_INIT, &init);
	if (rc) {
		/* Older drivers returned the positive SGX code; mainline -EPERM. */
		ret = rc > 0 ? -EPERM : -errno;
		if (rc > 0)
			encl_err(e, "ENCLAVE_INIT: SGX error %d", rc);
		else
			encl_err(e, "ENCLAVE_INIT: %s", strerror(errno));
		goto err;
	}

	for (unsigned int i = 0; i < e->nr_segments; i++) {
		const struct encl_segment *seg = &e->seg[i];
		void *want = (void *)(uintptr_t)(e->base + seg->offset);
		void *p = mmap(want, seg->size, seg->prot, MAP_SHARED | MAP_FIXED,
			       fd, 0);

		if (p == MAP_FAILED) {
			ret = -errno;
			encl_err(e, "mmap of segment %u at 0x%llx: %s", i,
				 (unsigned long long)seg->offset, strerror(errno));
			goto err;
		}
	}

	e->fd = fd;
	return 0;

err:
	munmap((void *)(uintptr_t)e->base, e->size);
	e->base = 0;
	return ret;
}
