// SPDX-License-Identifier: GPL-2.0
/*
 * enclave_test.c - the test enclave on /dev/sgx2_edmm, kselftest style.
 *
 * Every test builds a fresh enclave from the ELF named on the command line
 * (tests/enclave/test_encl.elf, signed at build time) and enters it through
 * one entry function: __vdso_sgx_enter_enclave on hardware, the sim
 * runtime's otherwise (tests/runtime).  The test code is the same on both.
 *
 * Usage: enclave_test ENCLAVE.elf [TEST-NAME-PREFIX...]
 * Output: TAP, one line per test, with "# " diagnostics.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sgx2_edmm.h>

#include "encl_builder.h"
#include "encl_ops.h"
#include "sgx2_runtime.h"

#define PAGE		4096UL
#define HEAP_PAGES	64

static const char *elf_path;

/* call_enclave.S: @fn(rdi, rsi, rdx, function, r8, r9, run), registers kept */
int call_enclave(unsigned long rdi, unsigned long rsi, unsigned long rdx,
		 unsigned int function, unsigned long r8, unsigned long r9,
		 struct sgx2_enclave_run *run, sgx2_enter_fn fn);

/* ---- fixture ------------------------------------------------------------ */

struct tenc {
	int fd;
	struct encl e;
	sgx2_enter_fn enter;
	struct sgx2_enclave_run run;
	uint64_t heap;		/* absolute address of the heap */
	size_t heap_size;
};

static char fail_msg[512];

#define CHECK(cond, fmt, ...) do {					\
	if (!(cond)) {							\
		snprintf(fail_msg, sizeof(fail_msg), "line %d: %s: " fmt, \
			 __LINE__, #cond, ##__VA_ARGS__);		\
		return false;						\
	}								\
} while (0)

static int global_stat(enum sgx2_stat i)
{
	struct sgx2_enclave_stats st = { .flags = SGX2_STATS_GLOBAL };
	int fd = open(SGX2_EDMM_DEVICE_PATH, O_RDWR);
	long v = -1;

	if (fd >= 0 && !ioctl(fd, SGX2_IOC_ENCLAVE_STATS, &st))
		v = (long)st.value[i];
	if (fd >= 0)
		close(fd);
	return (int)v;
}

static uint64_t encl_stat(struct tenc *t, enum sgx2_stat i)
{
	struct sgx2_enclave_stats st = { 0 };

	if (ioctl(t->fd, SGX2_IOC_ENCLAVE_STATS, &st))
		return ~0ULL;
	return st.value[i];
}

/*
 * Build, create, add, init.  ELRANGE gets @dyn_pages free pages after the
 * image, mapped RW when @map_dyn: that is where dynamic pages come by EAUG
 * (t->heap, t->heap_size).
 */
static bool tenc_setup_dyn(struct tenc *t, size_t dyn_pages, bool map_dyn)
{
	uint64_t image;
	int ret;

	memset(t, 0, sizeof(*t));
	t->fd = open(SGX2_EDMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	CHECK(t->fd >= 0, "open: %s", strerror(errno));

	/* Learn the image size first, then ask for room behind it. */
	ret = encl_build(elf_path, 0, &t->e);
	CHECK(ret == 0, "encl_build: %d %s", ret, t->e.error);
	image = t->e.image_size;
	encl_free(&t->e);
	ret = encl_build_sized(elf_path, 0, image + dyn_pages * PAGE, &t->e);
	CHECK(ret == 0, "encl_build_sized: %d %s", ret, t->e.error);
	ret = encl_create_on(t->fd, &t->e);
	CHECK(ret == 0, "encl_create_on: %d %s", ret, t->e.error);

	ret = sgx2_runtime_init(t->fd, &t->enter);
	CHECK(ret == 0, "sgx2_runtime_init: %d", ret);
	sgx2_runtime_use_fd(t->fd);

	t->heap = t->e.base + image;
	t->heap_size = t->e.size - image;
	if (map_dyn && t->heap_size) {
		void *p = mmap((void *)t->heap, t->heap_size,
			       PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_FIXED, t->fd, 0);
		CHECK(p == (void *)t->heap, "mmap heap: %s", strerror(errno));
	}
	return true;
}

static bool tenc_setup(struct tenc *t)
{
	return tenc_setup_dyn(t, HEAP_PAGES, true);
}

static void tenc_teardown(struct tenc *t)
{
	if (t->e.base)
		munmap((void *)t->e.base, t->e.size);
	encl_free(&t->e);
	memset(&t->e, 0, sizeof(t->e));
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

static uint64_t tcs_addr(struct tenc *t, int i)
{
	return t->e.base + (uint64_t)i * PAGE;
}

/* Enter through TCS @tcs with @op; 0 when the enclave EEXITed normally. */
static int enter(struct tenc *t, int tcs, void *op)
{
	memset(&t->run, 0, sizeof(t->run));
	t->run.tcs = tcs_addr(t, tcs);
	return call_enclave((unsigned long)op, 0, 0, SGX2_EENTER, 0, 0, &t->run,
			    t->enter);
}

static int resume(struct tenc *t)
{
	t->run.exception_vector = 0;
	t->run.exception_error_code = 0;
	t->run.exception_addr = 0;
	return call_enclave(0, 0, 0, SGX2_ERESUME, 0, 0, &t->run, t->enter);
}

static bool exited(struct tenc *t, int ret)
{
	return ret == 0 && t->run.function == SGX2_EEXIT &&
	       !t->run.exception_vector;
}

#define ENTER_OK(t, tcs, op) do {					\
	int __r = enter(t, tcs, op);					\
	CHECK(exited(t, __r), "enter: ret %d function %u vector %u "	\
	      "error %#x addr %#llx", __r, (t)->run.function,		\
	      (t)->run.exception_vector, (t)->run.exception_error_code, \
	      (unsigned long long)(t)->run.exception_addr);		\
} while (0)

static bool put_addr(struct tenc *t, int tcs, uint64_t addr, uint64_t v)
{
	struct encl_op_put_to_addr op = {
		{ ENCL_OP_PUT_TO_ADDRESS }, .value = v, .addr = addr,
	};

	ENTER_OK(t, tcs, &op);
	return true;
}

static bool get_addr(struct tenc *t, int tcs, uint64_t addr, uint64_t *v)
{
	struct encl_op_get_from_addr op = {
		{ ENCL_OP_GET_FROM_ADDRESS }, .addr = addr,
	};

	ENTER_OK(t, tcs, &op);
	*v = op.value;
	return true;
}

static uint64_t eaccept(struct tenc *t, int tcs, uint64_t addr, uint64_t flags)
{
	struct encl_op_eaccept op = {
		{ ENCL_OP_EACCEPT }, .epc_addr = addr, .flags = flags,
		.ret = ~0ULL,
	};

	if (!exited(t, enter(t, tcs, &op)))
		return ~1ULL;
	return op.ret;
}

/* ---- SGX1 lifecycle -------------------------------------------------------- */

static bool t_nop_both_tcs(struct tenc *t)
{
	struct encl_op_header nop = { ENCL_OP_NOP };

	ENTER_OK(t, 0, &nop);
	ENTER_OK(t, 1, &nop);
	return true;
}

static bool t_buffer(struct tenc *t)
{
	struct encl_op_put_to_buf put = {
		{ ENCL_OP_PUT_TO_BUFFER }, 0x1234567890abcdefULL,
	};
	struct encl_op_get_from_buf get = { { ENCL_OP_GET_FROM_BUFFER }, 0 };

	ENTER_OK(t, 0, &put);
	ENTER_OK(t, 1, &get);
	CHECK(get.value == put.value, "got %#llx",
	      (unsigned long long)get.value);
	return true;
}

/*
 * A test gets a fresh enclave (setup) unless it sets up its own; the runner
 * tears it down whatever happened.
 */
struct test {
	const char *name;
	bool (*fn)(struct tenc *t);
	bool own_setup;
};

/* EACCEPT on a page that does not exist yet: EAUG on fault, transparently. */
static bool t_augment_via_eaccept(struct tenc *t)
{
	uint64_t page = t->heap, v = 0;
	uint64_t r;

	r = eaccept(t, 0, page, SGX2_SECINFO_R | SGX2_SECINFO_W |
		    SGX2_SECINFO_REG | SGX2_SECINFO_PENDING);
	CHECK(r == 0, "EACCEPT returned %#llx", (unsigned long long)r);
	if (!put_addr(t, 0, page, 0xfeedface) || !get_addr(t, 1, page, &v))
		return false;
	CHECK(v == 0xfeedface, "read back %#llx", (unsigned long long)v);
	return true;
}

static uint64_t buffer_addr(struct tenc *t)
{
	uint64_t off = 0;

	if (encl_symbol(&t->e, ENCL_SYM_BUFFER, &off))
		return 0;
	return t->e.base + off;
}

/*
 * A write to a page whose PTE is read-only (mprotect) exits with #PF,
 * error code P|W|U; after restoring the protection, ERESUME completes it.
 */
static bool t_pte_permissions(struct tenc *t)
{
	uint64_t page = buffer_addr(t) & ~(PAGE - 1), v = 0;
	struct encl_op_put_to_addr op = {
		{ ENCL_OP_PUT_TO_ADDRESS }, .value = 0xabcd, .addr = page,
	};
	uint64_t eenter = encl_stat(t, SGX2_STAT_EENTER);
	int ret;

	CHECK(page, "no buffer symbol");
	/* Mapped first: the PTE is present when it becomes read-only. */
	if (!put_addr(t, 0, page, 1))
		return false;
	CHECK(!mprotect((void *)page, PAGE, PROT_READ), "mprotect: %s",
	      strerror(errno));
	ret = enter(t, 0, &op);
	CHECK(ret == 0 && t->run.function == SGX2_ERESUME &&
	      t->run.exception_vector == 14 &&
	      t->run.exception_error_code == 0x7 &&
	      t->run.exception_addr == page,
	      "ret %d function %u vector %u error %#x addr %#llx", ret,
	      t->run.function, t->run.exception_vector,
	      t->run.exception_error_code,
	      (unsigned long long)t->run.exception_addr);
	CHECK(!mprotect((void *)page, PAGE, PROT_READ | PROT_WRITE),
	      "mprotect back: %s", strerror(errno));
	ret = resume(t);
	CHECK(exited(t, ret), "ERESUME: ret %d function %u vector %u", ret,
	      t->run.function, t->run.exception_vector);
	if (!get_addr(t, 1, page, &v))
		return false;
	CHECK(v == 0xabcd, "read back %#llx", (unsigned long long)v);
	if (!strcmp(sgx2_runtime_backend(), "sim"))
		CHECK(encl_stat(t, SGX2_STAT_EENTER) >= eenter + 2,
		      "EENTER counter did not move");
	return true;
}

#define TEST(n, f)	{ .name = n, .fn = f }

static const struct test tests[] = {
	TEST("nop_both_tcs", t_nop_both_tcs),
	TEST("unclobbered_vdso_buffer", t_buffer),
	TEST("pte_permissions", t_pte_permissions),
	TEST("augment_via_eaccept", t_augment_via_eaccept),
};

static bool selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc <= 2)
		return true;
	for (i = 2; i < argc; i++)
		if (!strncmp(name, argv[i], strlen(argv[i])))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	int n = 0, failed = 0, epc_start;
	struct tenc t;
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ENCLAVE.elf [TEST...]\n", argv[0]);
		return 2;
	}
	elf_path = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);

	epc_start = global_stat(SGX2_STAT_EPC_PAGES);
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		bool ok;

		if (!selected(tests[i].name, argc, argv))
			continue;
		fail_msg[0] = '\0';
		memset(&t, 0, sizeof(t));
		t.fd = -1;
		ok = (tests[i].own_setup || tenc_setup(&t)) && tests[i].fn(&t);
		tenc_teardown(&t);
		printf("%sok %d - enclave: %s\n", ok ? "" : "not ", ++n,
		       tests[i].name);
		if (!ok) {
			printf("# %s\n", fail_msg);
			failed++;
		}
	}
	/* Every test tore its enclave down: every EPC page came back. */
	printf("%sok %d - enclave: EPC page count back to %d (now %d)\n",
	       global_stat(SGX2_STAT_EPC_PAGES) == epc_start ? "" : "not ",
	       ++n, epc_start, global_stat(SGX2_STAT_EPC_PAGES));
	if (global_stat(SGX2_STAT_EPC_PAGES) != epc_start)
		failed++;
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
