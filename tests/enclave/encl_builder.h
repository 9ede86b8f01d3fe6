/* SPDX-License-Identifier: GPL-2.0 */
/*
 * encl_builder.h - host-side builder of the test enclave.
 *
 * encl_build() turns the enclave ELF into an image ready to be added page by
 * page: it lays out the segments, fills the static TCS pages, computes
 * MRENCLAVE in software and produces a signed SIGSTRUCT.  encl_create_on()
 * then replays the mainline loading sequence (CREATE, ADD_PAGES, INIT, mmap)
 * on an open /dev/sgx2_edmm file descriptor.
 *
 * Not thread safe (the generated signing key is cached process-wide).
 */
#ifndef SGX2_TESTS_ENCL_BUILDER_H
#define SGX2_TESTS_ENCL_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>
#include <linux/sgx2_edmm.h>
#include "encl_ops.h"

/* SECS.ATTRIBUTES.FLAGS bits (SDM Vol. 3D, "ATTRIBUTES"). */
#define ENCL_ATTR_INIT		0x01ULL
#define ENCL_ATTR_DEBUG		0x02ULL
#define ENCL_ATTR_MODE64BIT	0x04ULL

/* XFRM of the test enclave: x87 | SSE. */
#define ENCL_XFRM_DEFAULT	0x03ULL

#define ENCL_MODULUS_SIZE	384	/* RSA-3072 */
#define ENCL_SIGSTRUCT_SIZE	1808
#define ENCL_MAX_SEGMENTS	16

/*
 * SECS (SDM Vol. 3D, "SGX Enclave Control Structure"): the 4 KiB page given
 * to SGX2_IOC_ENCLAVE_CREATE.  Only the fields software provides are named.
 */
struct encl_secs {
	uint64_t size;			/*   0 */
	uint64_t base;			/*   8 */
	uint32_t ssa_frame_size;	/*  16, in pages */
	uint32_t miscselect;		/*  20 */
	uint8_t reserved1[24];		/*  24 */
	uint64_t attributes;		/*  48 */
	uint64_t xfrm;			/*  56 */
	uint8_t mrenclave[32];		/*  64, set by the CPU */
	uint8_t reserved2[32];		/*  96 */
	uint8_t mrsigner[32];		/* 128, set by the CPU */
	uint8_t reserved3[32];		/* 160 */
	uint8_t config_id[64];		/* 192 */
	uint16_t isv_prod_id;		/* 256 */
	uint16_t isv_svn;		/* 258 */
	uint16_t config_svn;		/* 260 */
	uint8_t reserved4[3834];	/* 262 */
};

/*
 * SIGSTRUCT (SDM Vol. 3D, "Enclave Signature Structure").  Multi-byte
 * integers, including MODULUS, SIGNATURE, Q1 and Q2, are little endian.
 * The signature covers bytes 0..127 followed by bytes 900..1027.
 */
struct encl_sigstruct {
	uint8_t header[16];		/*    0 */
	uint32_t vendor;		/*   16: 0 or 0x8086 */
	uint32_t date;			/*   20: BCD yyyymmdd */
	uint8_t header2[16];		/*   24 */
	uint32_t swdefined;		/*   40 */
	uint8_t reserved1[84];		/*   44 */
	uint8_t modulus[ENCL_MODULUS_SIZE];	/*  128 */
	uint32_t exponent;		/*  512: 3 */
	uint8_t signature[ENCL_MODULUS_SIZE];	/*  516 */
	uint32_t miscselect;		/*  900 */
	uint32_t miscmask;		/*  904 */
	uint8_t reserved2[4];		/*  908: CET attributes on newer CPUs */
	uint8_t isv_family_id[16];	/*  912 */
	uint64_t attributes;		/*  928 */
	uint64_t xfrm;			/*  936 */
	uint64_t attributes_mask;	/*  944 */
	uint64_t xfrm_mask;		/*  952 */
	uint8_t enclave_hash[32];	/*  960: MRENCLAVE */
	uint8_t reserved3[16];		/*  992 */
	uint8_t isv_ext_prod_id[16];	/* 1008 */
	uint16_t isv_prod_id;		/* 1024 */
	uint16_t isv_svn;		/* 1026 */
	uint8_t reserved4[12];		/* 1028 */
	uint8_t q1[ENCL_MODULUS_SIZE];	/* 1040 */
	uint8_t q2[ENCL_MODULUS_SIZE];	/* 1424 */
};

/* The two signed ranges of a SIGSTRUCT. */
#define ENCL_SIGSTRUCT_SIGNED1_OFF	0
#define ENCL_SIGSTRUCT_SIGNED1_LEN	128
#define ENCL_SIGSTRUCT_SIGNED2_OFF	900
#define ENCL_SIGSTRUCT_SIGNED2_LEN	128

_Static_assert(sizeof(struct encl_secs) == 4096, "SECS is one page");
_Static_assert(__builtin_offsetof(struct encl_secs, attributes) == 48, "SECS.ATTRIBUTES");
_Static_assert(__builtin_offsetof(struct encl_secs, isv_prod_id) == 256, "SECS.ISVPRODID");
_Static_assert(sizeof(struct encl_sigstruct) == ENCL_SIGSTRUCT_SIZE, "SIGSTRUCT size");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, vendor) == 16, "VENDOR");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, date) == 20, "DATE");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, header2) == 24, "HEADER2");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, swdefined) == 40, "SWDEFINED");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, modulus) == 128, "MODULUS");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, exponent) == 512, "EXPONENT");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, signature) == 516, "SIGNATURE");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, miscselect) == 900, "MISCSELECT");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, miscmask) == 904, "MISCMASK");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, attributes) == 928, "ATTRIBUTES");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, attributes_mask) == 944, "ATTRIBUTEMASK");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, enclave_hash) == 960, "ENCLAVEHASH");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, isv_prod_id) == 1024, "ISVPRODID");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, isv_svn) == 1026, "ISVSVN");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, q1) == 1040, "Q1");
_Static_assert(__builtin_offsetof(struct encl_sigstruct, q2) == 1424, "Q2");

/**
 * struct encl_segment - a run of pages added with one ADD_PAGES call
 * @offset:		offset from the enclave base (page aligned)
 * @size:		bytes (page multiple)
 * @secinfo_flags:	SECINFO.FLAGS of every page (PT and R/W/X)
 * @prot:		PROT_* of the mapping made after EINIT
 * @measure:		EEXTEND the pages (SGX2_PAGE_MEASURE)
 */
struct encl_segment {
	uint64_t offset;
	uint64_t size;
	uint64_t secinfo_flags;
	int prot;
	bool measure;
};

/**
 * struct encl - a built (and possibly created) enclave
 * @image:		page-aligned contents, @image_size bytes, offset 0 = base
 * @image_size:		ELF pages plus heap (page multiple, <= @size)
 * @heap_offset:	first heap page (end of the ELF image)
 * @heap_size:		heap bytes (page multiple, 0 if none)
 * @size:		SECS.SIZE: power of two >= @image_size, >= 2 pages
 * @ssa_frame_size:	SECS.SSAFRAMESIZE (pages)
 * @attributes:		SECS.ATTRIBUTES.FLAGS (MODE64BIT; callers may add
 *			DEBUG before encl_create_on(): ATTRIBUTEMASK is 0)
 * @xfrm:		SECS.ATTRIBUTES.XFRM
 * @entry:		ELF entry point = OENTRY of the static TCSes
 * @nr_tcs:		static TCS pages (pages 0 .. @nr_tcs - 1)
 * @nr_segments:	valid entries of @seg, in adding order
 * @seg:		segments; the heap, if any, is the last one
 * @mrenclave:		MRENCLAVE computed by encl_measure()
 * @sigstruct:		signed SIGSTRUCT
 * @elf, @elf_size:	copy of the ELF file (for symbol look-ups)
 * @fd:			enclave fd after encl_create_on(), else -1 (not owned)
 * @base:		enclave base after encl_create_on(), else 0
 * @error:		what went wrong in the last failing call
 */
struct encl {
	uint8_t *image;
	size_t image_size;
	uint64_t heap_offset;
	uint64_t heap_size;
	uint64_t size;
	uint32_t ssa_frame_size;
	uint64_t attributes;
	uint64_t xfrm;
	uint64_t entry;
	unsigned int nr_tcs;
	unsigned int nr_segments;
	struct encl_segment seg[ENCL_MAX_SEGMENTS];
	uint8_t mrenclave[32];
	struct encl_sigstruct sigstruct;
	uint8_t *elf;
	size_t elf_size;
	int fd;
	uint64_t base;
	bool reserve_on_fd;
	char error[256];
};

/**
 * encl_build() - load, lay out, measure and sign the enclave in @elf_path
 * @elf_path:	the enclave ELF (test_encl.elf)
 * @heap_size:	bytes of unmeasured RW heap after the image (rounded up to
 *		a page)
 * @out:	filled in; release with encl_free()
 *
 * The signing key is, in order: the PEM file named by the environment
 * variable ENCL_SIGN_KEY; the PEM file beside the ELF with its ".elf" suffix
 * replaced by ".pem" (the Makefile makes test_encl.pem with `openssl genrsa
 * -3 3072`); else a key generated once per process.
 *
 * Return: 0, or a negative errno (-ENOEXEC for an unusable ELF) with
 * @out->error set.  On failure @out holds nothing to free.
 */
int encl_build(const char *elf_path, size_t heap_size, struct encl *out);

/**
 * encl_build_mem() - encl_build() on an ELF already in memory
 * @key:	RSA-3072 key with exponent 3, or NULL for the generated one
 */
int encl_build_mem(const void *elf, size_t elf_size, size_t heap_size,
		   EVP_PKEY *key, struct encl *out);

/**
 * encl_build_sized() - encl_build() with an ELRANGE of at least @min_size
 * @min_size:	lower bound of SECS.SIZE (rounded up to a power of two);
 *		what ELRANGE holds beyond the image and heap is free for
 *		dynamic pages (EAUG)
 */
int encl_build_sized(const char *elf_path, size_t heap_size, uint64_t min_size,
		     struct encl *out);

/** encl_build_mem_sized() - encl_build_mem() with a minimum ELRANGE size */
int encl_build_mem_sized(const void *elf, size_t elf_size, size_t heap_size,
			 uint64_t min_size, EVP_PKEY *key, struct encl *out);

/**
 * encl_create_on() - create, add, initialise and map @e on an enclave fd
 * @fd:	open /dev/sgx2_edmm (one enclave per open)
 * @e:	built by encl_build()
 *
 * Reserves 2 * size bytes PROT_NONE (anonymous memory, or, when
 * @e->reserve_on_fd is set, a MAP_SHARED mapping of @fd made before
 * ECREATE, as Intel's SGX SDK does), trims them to a size-aligned base,
 * SGX2_IOC_ENCLAVE_CREATE, SGX2_IOC_ENCLAVE_ADD_PAGES per segment (resuming
 * after partial progress, retrying EINTR/EAGAIN), SGX2_IOC_ENCLAVE_INIT,
 * then maps each segment MAP_SHARED | MAP_FIXED with its permissions.
 *
 * Only the segments are mapped: the rest of [base, base + size) stays
 * reserved PROT_NONE anonymous memory; map a part of it from @fd with
 * MAP_SHARED | MAP_FIXED to use it (pages there are EAUGed on fault).
 *
 * Return: 0 with @e->base and @e->fd set, or a negative errno (-EPERM also
 * when EINIT returned an SGX error code) with @e->error set and the
 * reservation released.  The fd is not closed.
 */
int encl_create_on(int fd, struct encl *e);

/* encl_free() - unmap the enclave (if created) and free the image. */
void encl_free(struct encl *e);

/* encl_secs_size() - SECS.SIZE for @bytes: smallest power of two, >= 2 pages. */
uint64_t encl_secs_size(uint64_t bytes);

/*
 * encl_secinfo_flags() - SECINFO.FLAGS of a REG page from ELF p_flags
 * (PF_R/PF_W/PF_X -> R/W/X).
 */
uint64_t encl_secinfo_flags(uint32_t p_flags);

/**
 * encl_page_info() - how the page at @offset is added
 * Return: 0 with *@secinfo_flags and *@measured set; -ENOENT if the page is
 * not added at all (a hole, or beyond the image).
 */
int encl_page_info(const struct encl *e, uint64_t offset,
		   uint64_t *secinfo_flags, bool *measured);

/**
 * encl_symbol() - offset from the enclave base of ELF symbol @name
 * Return: 0, or -ENOENT.
 */
int encl_symbol(const struct encl *e, const char *name, uint64_t *offset);

/*
 * encl_tcs_addr() - address of static TCS @i (valid after encl_create_on()).
 */
static inline uint64_t encl_tcs_addr(const struct encl *e, unsigned int i)
{
	return e->base + (uint64_t)i * ENCL_PAGE_SIZE;
}

/**
 * encl_measure() - MRENCLAVE of @e as ECREATE, EADD and EEXTEND would make it
 * @e:		needs @image, @size, @ssa_frame_size and the segments
 * @mrenclave:	out, 32 bytes
 * Return: 0, or -ENOMEM/-EIO from OpenSSL.
 */
int encl_measure(const struct encl *e, uint8_t mrenclave[32]);

/**
 * encl_sign() - fill and sign @e->sigstruct for @e->mrenclave
 * @key:	RSA-3072, exponent 3
 * Return: 0, -EINVAL for an unsuitable key, or -EIO from OpenSSL.
 */
int encl_sign(struct encl *e, EVP_PKEY *key);

/* encl_key_load() - read a PEM private key; NULL on failure. Free with EVP_PKEY_free(). */
EVP_PKEY *encl_key_load(const char *pem_path);

/* encl_key_generate() - new RSA-3072 exponent-3 key; NULL on failure. */
EVP_PKEY *encl_key_generate(void);

#endif /* SGX2_TESTS_ENCL_BUILDER_H */
