// SPDX-License-Identifier: GPL-2.0
/*
 * vdso_image.c - build the vDSO-like image of vdso_image.h.
 *
 * Layout: Elf64_Ehdr, two Elf64_Phdr (PT_LOAD over the whole image,
 * PT_DYNAMIC), the dynamic section (DT_HASH, DT_SYMTAB, DT_STRTAB,
 * DT_STRSZ, DT_SYMENT, DT_NULL), the hash table (nbucket = n, nchain =
 * n + 1), the symbol table (entry 0 is the null symbol) and the string
 * table.
 */
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "vdso_image.h"

#define NR_DYN		6
#define NR_PHDR		2

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

struct layout {
	size_t dyn, hash, sym, str, strsz, end;
};

static void lay_out(const struct vdso_image_sym *syms, size_t n,
		    struct layout *l)
{
	size_t i;

	l->dyn = sizeof(Elf64_Ehdr) + NR_PHDR * sizeof(Elf64_Phdr);
	l->hash = l->dyn + NR_DYN * sizeof(Elf64_Dyn);
	/* nbucket, nchain, n buckets, n + 1 chain entries */
	l->sym = align8(l->hash + (2 + n + n + 1) * sizeof(Elf64_Word));
	l->str = l->sym + (n + 1) * sizeof(Elf64_Sym);
	l->strsz = 1;
	for (i = 0; i < n; i++)
		l->strsz += strlen(syms[i].name) + 1;
	l->end = align8(l->str + l->strsz);
}

uint32_t vdso_image_elf_hash(const char *name)
{
	uint32_t h = 0, g;

	while (*name) {
		h = (h << 4) + (unsigned char)*name++;
		g = h & 0xf0000000;
		if (g)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

size_t vdso_image_size(const struct vdso_image_sym *syms, size_t n)
{
	struct layout l;

	lay_out(syms, n, &l);
	return l.end;
}

int vdso_image_build(void *buf, size_t len, const struct vdso_image_sym *syms,
		     size_t n)
{
	unsigned char *img = buf;
	Elf64_Ehdr *eh = buf;
	Elf64_Phdr *ph;
	Elf64_Dyn *dyn;
	Elf64_Word *hash, *bucket, *chain;
	Elf64_Sym *sym;
	char *str;
	struct layout l;
	size_t i, off;

	if (!n || n > 0xfffff)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!syms[i].name || !syms[i].name[0])
			return -EINVAL;
	lay_out(syms, n, &l);
	if (len < l.end)
		return -EINVAL;
	memset(img, 0, l.end);

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_DYN;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = NR_PHDR;

	ph = (Elf64_Phdr *)(img + eh->e_phoff);
	ph[0].p_type = PT_LOAD;
	ph[0].p_flags = PF_R | PF_X;
	ph[0].p_filesz = l.end;
	ph[0].p_memsz = l.end;
	ph[0].p_align = 8;
	ph[1].p_type = PT_DYNAMIC;
	ph[1].p_flags = PF_R;
	ph[1].p_offset = l.dyn;
	ph[1].p_vaddr = l.dyn;
	ph[1].p_paddr = l.dyn;
	ph[1].p_filesz = NR_DYN * sizeof(Elf64_Dyn);
	ph[1].p_memsz = ph[1].p_filesz;
	ph[1].p_align = 8;

	dyn = (Elf64_Dyn *)(img + l.dyn);
	dyn[0].d_tag = DT_HASH;
	dyn[0].d_un.d_ptr = l.hash;
	dyn[1].d_tag = DT_SYMTAB;
	dyn[1].d_un.d_ptr = l.sym;
	dyn[2].d_tag = DT_STRTAB;
	dyn[2].d_un.d_ptr = l.str;
	dyn[3].d_tag = DT_STRSZ;
	dyn[3].d_un.d_val = l.strsz;
	dyn[4].d_tag = DT_SYMENT;
	dyn[4].d_un.d_val = sizeof(Elf64_Sym);
	dyn[5].d_tag = DT_NULL;

	hash = (Elf64_Word *)(img + l.hash);
	hash[0] = n;		/* nbucket */
	hash[1] = n + 1;	/* nchain = symbols, the null one included */
	bucket = hash + 2;
	chain = bucket + n;

	sym = (Elf64_Sym *)(img + l.sym);
	str = (char *)img + l.str;
	off = 1;
	for (i = 0; i < n; i++) {
		Elf64_Sym *s = &sym[i + 1];
		uint32_t b = vdso_image_elf_hash(syms[i].name) % n;

		s->st_name = off;
		s->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
		s->st_other = STV_DEFAULT;
		s->st_shndx = 1;	/* defined (any section but UNDEF) */
		s->st_value = syms[i].addr - (uintptr_t)buf;
		strcpy(str + off, syms[i].name);
		off += strlen(syms[i].name) + 1;
		/* Push onto bucket b's chain. */
		chain[i + 1] = bucket[b];
		bucket[b] = i + 1;
	}
	return 0;
}
