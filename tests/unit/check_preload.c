// SPDX-License-Identifier: GPL-2.0
/*
 * check_preload.c - the preload library's pure parts (tools/preload): the
 * vDSO image it hands out, the paths it redirects, and the CPUID leaf 12H
 * it answers from the model (sgx2_sim_cpuid_sgx()).
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "pure.h"
#include "sim_model.h"
#include "vdso_image.h"

/*
 * Look @name up the way mainline's SGX selftests do (main.c): PT_DYNAMIC
 * by p_offset, the DT_ pointers as offsets from the image, then the
 * DT_HASH bucket of the name's ELF hash and its chain.
 */
static const Elf64_Sym *lookup(const void *img, const char *name)
{
	const Elf64_Ehdr *eh = img;
	const Elf64_Phdr *ph = (const void *)((const char *)img + eh->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	const Elf64_Word *hash = NULL;
	const Elf64_Sym *sym = NULL;
	const char *str = NULL;
	Elf64_Word i;
	int k;

	for (k = 0; k < eh->e_phnum; k++)
		if (ph[k].p_type == PT_DYNAMIC)
			dyn = (const void *)((const char *)img + ph[k].p_offset);
	ck_assert_ptr_nonnull(dyn);
	for (; dyn->d_tag != DT_NULL; dyn++) {
		const void *p = (const char *)img + dyn->d_un.d_ptr;

		if (dyn->d_tag == DT_HASH)
			hash = p;
		else if (dyn->d_tag == DT_SYMTAB)
			sym = p;
		else if (dyn->d_tag == DT_STRTAB)
			str = p;
	}
	ck_assert(hash && sym && str);
	for (i = hash[2 + vdso_image_elf_hash(name) % hash[0]]; i != STN_UNDEF;
	     i = hash[2 + hash[0] + i])
		if (!strcmp(str + sym[i].st_name, name))
			return &sym[i];
	return NULL;
}

static void *image_of(const struct vdso_image_sym *syms, size_t n)
{
	size_t len = vdso_image_size(syms, n);
	void *img = aligned_alloc(8, (len + 7) & ~(size_t)7);

	ck_assert_ptr_nonnull(img);
	ck_assert_int_eq(vdso_image_build(img, len, syms, n), 0);
	return img;
}

START_TEST(test_elf_hash)
{
	/* The System V ABI's hash: a value published for "printf". */
	ck_assert_uint_eq(vdso_image_elf_hash("printf"), 0x077905a6);
	ck_assert_uint_eq(vdso_image_elf_hash(""), 0);
}
END_TEST

START_TEST(test_image_lookup)
{
	static char here;
	const struct vdso_image_sym syms[] = {
		{ "__vdso_clock_gettime", 0x1000 },
		{ "__vdso_sgx_enter_enclave", (uintptr_t)&here },
		{ "__vdso_getcpu", UINTPTR_MAX - 0xfff },
		{ "__vdso_time", 0x7fff00001234 },
	};
	const size_t n = sizeof(syms) / sizeof(syms[0]);
	void *img = image_of(syms, n);
	const Elf64_Ehdr *eh = img;
	size_t i;

	ck_assert(!memcmp(eh->e_ident, ELFMAG, SELFMAG));
	ck_assert_uint_eq(eh->e_ident[EI_CLASS], ELFCLASS64);
	ck_assert_uint_eq(eh->e_type, ET_DYN);
	ck_assert_uint_eq(eh->e_machine, EM_X86_64);
	for (i = 0; i < n; i++) {
		const Elf64_Sym *s = lookup(img, syms[i].name);

		ck_assert_msg(s, "%s not found", syms[i].name);
		/* "image + st_value" is the function, wherever it is. */
		ck_assert_uint_eq((uintptr_t)img + s->st_value, syms[i].addr);
		ck_assert_uint_eq(ELF64_ST_TYPE(s->st_info), STT_FUNC);
		ck_assert_uint_eq(ELF64_ST_BIND(s->st_info), STB_GLOBAL);
		ck_assert_uint_ne(s->st_shndx, SHN_UNDEF);
	}
	ck_assert_ptr_null(lookup(img, "__vdso_gettimeofday"));
	ck_assert_ptr_null(lookup(img, "__vdso_sgx_enter_enclav"));
	free(img);
}
END_TEST

/* Every symbol, one to many, lands in its bucket's chain exactly once. */
START_TEST(test_image_many)
{
	struct vdso_image_sym syms[40] = { { NULL, 0 } };
	char names[40][16];
	size_t n = (size_t)_i + 1, i;
	void *img;

	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "fn_%zu", i * 7919);
		syms[i].name = names[i];
		syms[i].addr = 0x400000 + i * 16;
	}
	img = image_of(syms, n);
	for (i = 0; i < n; i++) {
		const Elf64_Sym *s = lookup(img, syms[i].name);

		ck_assert_msg(s, "%s of %zu not found", syms[i].name, n);
		ck_assert_uint_eq((uintptr_t)img + s->st_value, syms[i].addr);
	}
	free(img);
}
END_TEST

START_TEST(test_image_refused)
{
	const struct vdso_image_sym ok[] = { { "f", 1 } };
	const struct vdso_image_sym empty[] = { { "f", 1 }, { "", 2 } };
	const struct vdso_image_sym null[] = { { NULL, 2 } };
	size_t len = vdso_image_size(ok, 1);
	uint64_t buf[64];

	ck_assert_uint_le(len, sizeof(buf));
	ck_assert_int_eq(vdso_image_build(buf, len - 1, ok, 1), -EINVAL);
	ck_assert_int_eq(vdso_image_build(buf, len, ok, 0), -EINVAL);
	ck_assert_int_eq(vdso_image_build(buf, sizeof(buf), empty, 2), -EINVAL);
	ck_assert_int_eq(vdso_image_build(buf, sizeof(buf), null, 1), -EINVAL);
	ck_assert_int_eq(vdso_image_build(buf, len, ok, 1), 0);
}
END_TEST

START_TEST(test_paths)
{
	ck_assert(preload_path_redirected("/dev/sgx_enclave", NULL));
	ck_assert(preload_path_redirected("/dev/sgx_enclave", ""));
	ck_assert(!preload_path_redirected("/dev/sgx_enclave2", NULL));
	ck_assert(!preload_path_redirected("/dev/sgx_enclav", NULL));
	ck_assert(!preload_path_redirected("dev/sgx_enclave", NULL));
	ck_assert(!preload_path_redirected("/dev/sgx/enclave", NULL));
	ck_assert(!preload_path_redirected(NULL, NULL));
	ck_assert(preload_path_redirected("/dev/sgx/enclave",
					  "/dev/sgx/enclave:/opt/e"));
	ck_assert(preload_path_redirected("/opt/e", "/dev/sgx/enclave:/opt/e"));
	ck_assert(!preload_path_redirected("/dev/sgx_enclave",
					   "/dev/sgx/enclave:/opt/e"));
	ck_assert(!preload_path_redirected("/opt", "/dev/sgx/enclave:/opt/e"));
	ck_assert(!preload_path_redirected("/dev/sgx", "/dev/sgx/enclave"));

	ck_assert(preload_paths_valid(NULL));
	ck_assert(preload_paths_valid(""));
	ck_assert(preload_paths_valid("/a"));
	ck_assert(preload_paths_valid("/a:/b/c"));
	ck_assert(!preload_paths_valid("a"));
	ck_assert(!preload_paths_valid("/a:b"));
	ck_assert(!preload_paths_valid("/a::/b"));
	ck_assert(!preload_paths_valid(":/a"));
	ck_assert(!preload_paths_valid("/a:"));
}
END_TEST

/* The selftests' sgx_calc_section_metric(), on the low and high words. */
static uint64_t section_metric(uint32_t low, uint32_t high)
{
	return (low & 0xfffff000) + ((uint64_t)(high & 0xfffff) << 32);
}

START_TEST(test_cpuid_sgx)
{
	uint32_t r[4];

	sgx2_sim_cpuid_sgx(0, 0, 0, r);
	ck_assert_uint_eq(r[0] & 3, 3);			/* SGX1, SGX2 */
	ck_assert_uint_eq(r[1], SGX2_SIM_MISC_EXINFO);
	ck_assert_uint_eq(r[3] & 0xff, SGX2_SIM_MAX_ENCL_SIZE_32);
	ck_assert_uint_eq((r[3] >> 8) & 0xff, SGX2_SIM_MAX_ENCL_SIZE_64);

	sgx2_sim_cpuid_sgx(1, 0, 0, r);
	ck_assert_uint_eq(r[0] | (uint64_t)r[1] << 32, SGX2_SIM_ATTR_SUPPORTED);
	ck_assert(!(r[0] & SGX2_SIM_ATTR_INIT));	/* not settable */
	ck_assert_uint_eq(r[2] & 3, 3);			/* x87, SSE */

	/* One section of type 1, base and size as the selftests read them. */
	sgx2_sim_cpuid_sgx(2, 0x80000000ULL, 16ULL << 20, r);
	ck_assert_uint_eq(r[0] & 0xf, 1);
	ck_assert_uint_eq(r[2] & 0xf, 1);
	ck_assert_uint_eq(section_metric(r[0], r[1]), 0x80000000ULL);
	ck_assert_uint_eq(section_metric(r[2], r[3]), 16ULL << 20);
	sgx2_sim_cpuid_sgx(2, 0x1234567000ULL, 0x234567000ULL, r);
	ck_assert_uint_eq(section_metric(r[0], r[1]), 0x1234567000ULL);
	ck_assert_uint_eq(section_metric(r[2], r[3]), 0x234567000ULL);

	/* No second section; no section at all without an EPC. */
	sgx2_sim_cpuid_sgx(3, 0x80000000ULL, 16ULL << 20, r);
	ck_assert_uint_eq(r[0] | r[1] | r[2] | r[3], 0);
	sgx2_sim_cpuid_sgx(2, 0x80000000ULL, 0, r);
	ck_assert_uint_eq(r[0] & 0xf, 0);
}
END_TEST

Suite *preload_suite(void)
{
	Suite *s = suite_create("preload");
	TCase *tc = tcase_create("preload");

	tcase_add_test(tc, test_elf_hash);
	tcase_add_test(tc, test_image_lookup);
	tcase_add_loop_test(tc, test_image_many, 0, 40);
	tcase_add_test(tc, test_image_refused);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_cpuid_sgx);
	suite_add_tcase(s, tc);
	return s;
}
