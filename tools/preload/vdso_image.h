/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vdso_image.h - a minimal ELF image that exports functions the way the
 * vDSO does, for getauxval(AT_SYSINFO_EHDR) to hand out (pure: no mm, no
 * locking, no asm).
 *
 * The image is what parsers of the vDSO read: an ELF header, a PT_LOAD
 * at virtual address 0 and a PT_DYNAMIC, whose DT_SYMTAB, DT_STRTAB and
 * DT_HASH are offsets from the image's start (as the vDSO's, linked at
 * 0).  Each symbol is a global STT_FUNC whose value is its address minus
 * the image's address, so that "image + st_value" is the function
 * wherever the image lives.
 */
#ifndef SGX2_VDSO_IMAGE_H
#define SGX2_VDSO_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct vdso_image_sym {
	const char *name;
	uintptr_t addr;
};

/* Bytes an image of these @n symbols takes. */
size_t vdso_image_size(const struct vdso_image_sym *syms, size_t n);

/*
 * Write the image of @syms into @buf (@len bytes, 8-byte aligned, to be
 * used at that very address).  Return: 0, or -EINVAL when @len is short,
 * a name is empty or a symbol count does not fit.
 */
int vdso_image_build(void *buf, size_t len, const struct vdso_image_sym *syms,
		     size_t n);

/*
 * The SysV ELF hash of @name (the one DT_HASH uses); exported for the
 * unit tests.
 */
uint32_t vdso_image_elf_hash(const char *name);

#endif /* SGX2_VDSO_IMAGE_H */
