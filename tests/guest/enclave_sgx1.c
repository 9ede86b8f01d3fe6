// SPDX-License-Identifier: GPL-2.0
/*
 * enclave_sgx1.c - SGX1 tests of enclave_test: the entry path (both TCS,
 * direct calls, the user handler, PTE faults), the errno of every lifecycle
 * ioctl with malformed fields (tables), the mapping rules, fork, and the
 * ENCLU leaves round-tripping through the runtime with the module's
 * counters.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enclave_test.h"

/* ---- entry through both TCS, buffer ------------------------------------ */

bool t_nop_both_tcs(struct tenc *t)
{
	TRY(nop(t, 0));
	TRY(nop(t, 1));
	return true;
}

bool t_buffer(struct tenc *t)
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
 * The entry function called directly from C, as mainline's "clobbered"
 * tests do: legal because the test enclave keeps R12-R15 and the function
 * keeps RBX, RBP and RSP (no exception is taken here).
 */
bool t_clobbered_vdso(struct tenc *t)
{
	struct encl_op_put_to_buf put = {
		{ ENCL_OP_PUT_TO_BUFFER }, 0x0123456789abcdefULL,
	};
	struct encl_op_get_from_buf get = { { ENCL_OP_GET_FROM_BUFFER }, 0 };
	struct sgx2_enclave_run run;
	int ret;

	memset(&run, 0, sizeof(run));
	run.tcs = tcs_addr(t, 0);
	run.user_data = 0xdeadbeef;
	ret = t->enter((unsigned long)&put, 0, 0, SGX2_EENTER, 0, 0, &run);
	CHECK(exited_run(&run, ret), "put: ret %d function %u vector %u", ret,
	      run.function, run.exception_vector);
	CHECK(run.user_data == 0xdeadbeef, "user_data changed: %#llx",
	      (unsigned long long)run.user_data);

	memset(&run, 0, sizeof(run));
	run.tcs = tcs_addr(t, 1);
	ret = t->enter((unsigned long)&get, 0, 0, SGX2_EENTER, 0, 0, &run);
	CHECK(exited_run(&run, ret), "get: ret %d function %u vector %u", ret,
	      run.function, run.exception_vector);
	CHECK(get.value == put.value, "got %#llx", (unsigned long long)get.value);
	return true;
}

/* What the user handler saw, call by call. */
struct hcall {
	long rdi, rsi, rdx, ursp, r8, r9;
	long frame;			/* the handler's own frame address */
	struct sgx2_enclave_run *run;
	uint32_t function;
	uint16_t vector, error_code;
	uint64_t addr;
};

static struct {
	int calls;
	struct hcall call[4];
	int ret_eexit[4];		/* what to return on the n-th EEXIT call */
	int ret_exception[4];		/* ... on the n-th exception call */
	int n_eexit, n_exception;
	uint64_t fix_page;		/* make it RW again on an exception */
} hs;

static int test_handler(long rdi, long rsi, long rdx, long ursp, long r8,
			long r9, struct sgx2_enclave_run *run)
{
	int i = hs.calls++;

	if (i < 4) {
		struct hcall *c = &hs.call[i];

		c->rdi = rdi;
		c->rsi = rsi;
		c->rdx = rdx;
		c->ursp = ursp;
		c->r8 = r8;
		c->r9 = r9;
		c->frame = (long)__builtin_frame_address(0);
		c->run = run;
		c->function = run->function;
		c->vector = run->exception_vector;
		c->error_code = run->exception_error_code;
		c->addr = run->exception_addr;
	}
	if (i >= 8)
		return -1000;	/* never loop forever */
	run->user_data = 0;
	if (run->function == SGX2_EEXIT)
		return hs.ret_eexit[hs.n_eexit++ & 3];
	if (hs.fix_page)
		mprotect((void *)hs.fix_page, PAGE, PROT_READ | PROT_WRITE);
	return hs.ret_exception[hs.n_exception++ & 3];
}

static void handler_reset(void)
{
	memset(&hs, 0, sizeof(hs));
}

/* The handler ran on the caller's stack, below RSP of the exit. */
static bool ursp_plausible(const struct hcall *c)
{
	return c->ursp > c->frame && c->ursp - c->frame < 65536;
}

/* mainline's clobbered_vdso_and_user_function, with the arguments checked */
bool t_clobbered_vdso_and_user_function(struct tenc *t)
{
	struct encl_op_put_to_buf put = {
		{ ENCL_OP_PUT_TO_BUFFER }, 0x5555aaaa5555aaaaULL,
	};
	struct encl_op_get_from_buf get = { { ENCL_OP_GET_FROM_BUFFER }, 0 };
	struct sgx2_enclave_run run;
	const struct hcall *c = &hs.call[0];
	int ret;

	handler_reset();
	memset(&run, 0, sizeof(run));
	run.tcs = tcs_addr(t, 0);
	run.user_handler = (uint64_t)(uintptr_t)test_handler;
	run.user_data = 0xdeadbeef;
	ret = t->enter((unsigned long)&put, 0, 0, SGX2_EENTER, 0, 0, &run);
	CHECK(ret == 0, "ret %d", ret);
	CHECK(hs.calls == 1, "handler called %d times", hs.calls);
	CHECK(run.function == SGX2_EEXIT && c->function == SGX2_EEXIT,
	      "function %u (handler saw %u)", run.function, c->function);
	CHECK(run.user_data == 0, "user_data %#llx: handler's write lost",
	      (unsigned long long)run.user_data);
	CHECK(c->run == &run, "handler got run %p, not %p", (void *)c->run,
	      (void *)&run);
	/* The enclave clears the volatile registers before EEXIT. */
	CHECK(!c->rdi && !c->rsi && !c->rdx && !c->r8 && !c->r9,
	      "registers at EEXIT: rdi %#lx rsi %#lx rdx %#lx r8 %#lx r9 %#lx",
	      c->rdi, c->rsi, c->rdx, c->r8, c->r9);
	CHECK(ursp_plausible(c), "ursp %#lx, handler frame %#lx", c->ursp,
	      c->frame);

	/* Same again through the other TCS. */
	handler_reset();
	memset(&run, 0, sizeof(run));
	run.tcs = tcs_addr(t, 1);
	run.user_handler = (uint64_t)(uintptr_t)test_handler;
	ret = t->enter((unsigned long)&get, 0, 0, SGX2_EENTER, 0, 0, &run);
	CHECK(ret == 0 && hs.calls == 1 && run.function == SGX2_EEXIT,
	      "ret %d calls %d function %u", ret, hs.calls, run.function);
	CHECK(get.value == put.value, "got %#llx", (unsigned long long)get.value);
	return true;
}

/*
 * An exception with a user handler: the handler gets vector, error code
 * and address in RDI, RSI, RDX, fixes the cause and returns ERESUME; the
 * enclave completes, EEXITs, and the handler's 0 is the result.
 */
bool t_user_handler_exception(struct tenc *t)
{
	uint64_t page = spare_data_page(t), v = 0;
	struct encl_op_put_to_addr op = {
		{ ENCL_OP_PUT_TO_ADDRESS }, .value = 0x77, .addr = page,
	};
	struct sgx2_enclave_run run;
	int ret;

	CHECK(page, "no buffer symbol");
	TRY(put_addr(t, 0, page, 1));	/* PTE present before mprotect */
	CHECK(!mprotect((void *)page, PAGE, PROT_READ), "mprotect: %s",
	      strerror(errno));

	handler_reset();
	hs.fix_page = page;
	hs.ret_exception[0] = SGX2_ERESUME;
	memset(&run, 0, sizeof(run));
	run.tcs = tcs_addr(t, 0);
	run.user_handler = (uint64_t)(uintptr_t)test_handler;
	ret = call_enclave((unsigned long)&op, 0, 0, SGX2_EENTER, 0, 0, &run,
			   t->enter);
	CHECK(ret == 0, "ret %d (calls %d)", ret, hs.calls);
	CHECK(hs.calls == 2, "handler called %d times", hs.calls);
	CHECK(hs.call[0].function == SGX2_ERESUME &&
	      hs.call[0].rdi == 14 && hs.call[0].rsi == 0x7 &&
	      (uint64_t)hs.call[0].rdx == page &&
	      hs.call[0].vector == 14 && hs.call[0].error_code == 0x7 &&
	      hs.call[0].addr == page,
	      "exception call: function %u rdi %ld rsi %#lx rdx %#lx run: "
	      "vector %u error %#x addr %#llx", hs.call[0].function,
	      hs.call[0].rdi, hs.call[0].rsi, hs.call[0].rdx,
	      hs.call[0].vector, hs.call[0].error_code,
	      (unsigned long long)hs.call[0].addr);
	CHECK(ursp_plausible(&hs.call[0]), "ursp %#lx, handler frame %#lx",
	      hs.call[0].ursp, hs.call[0].frame);
	CHECK(hs.call[1].function == SGX2_EEXIT && run.function == SGX2_EEXIT,
	      "second call function %u, run.function %u", hs.call[1].function,
	      run.function);
	TRY(get_addr(t, 1, page, &v));
	CHECK(v == 0x77, "the resumed write did not land: %#llx",
	      (unsigned long long)v);
	return true;
}

static bool row_handler_negative(struct tenc *t)
{
	struct encl_op_header nop_op = { ENCL_OP_NOP };
	struct sgx2_enclave_run run;
	int ret;

	handler_reset();
	hs.ret_eexit[0] = -12345;
	memset(&run, 0, sizeof(run));
	run.tcs = tcs_addr(t, 0);
	run.user_handler = (uint64_t)(uintptr_t)test_handler;
	ret = call_enclave((unsigned long)&nop_op, 0, 0, SGX2_EENTER, 0, 0,
			   &run, t->enter);
	CHECK(ret == -12345 && hs.calls == 1, "ret %d calls %d", ret, hs.calls);
	return true;
}

/* A positive result is the next leaf: ERESUME with nothing to resume. */
static bool row_handler_eresume(struct tenc *t)
{
	struct encl_op_header nop_op = { ENCL_OP_NOP };
	struct sgx2_enclave_run run;
	int ret;

	handler_reset();
	hs.ret_eexit[0] = SGX2_ERESUME;
	hs.ret_exception[0] = -7;
	memset(&run, 0, sizeof(run));
	run.tcs = tcs_addr(t, 0);
	run.user_handler = (uint64_t)(uintptr_t)test_handler;
	ret = call_enclave((unsigned long)&nop_op, 0, 0, SGX2_EENTER, 0, 0,
			   &run, t->enter);
	CHECK(ret == -7 && hs.calls == 2, "ret %d calls %d", ret, hs.calls);
	/* ERESUME with CSSA = 0 is #GP, reported as an exception of ERESUME. */
	CHECK(hs.call[1].function == SGX2_ERESUME && hs.call[1].rdi == 13 &&
	      hs.call[1].vector == 13,
	      "second call: function %u rdi %ld vector %u", hs.call[1].function,
	      hs.call[1].rdi, hs.call[1].vector);
	TRY(nop(t, 0));		/* the TCS is still usable */
	return true;
}

static bool row_handler_bad_leaf(struct tenc *t)
{
	struct encl_op_header nop_op = { ENCL_OP_NOP };
	struct sgx2_enclave_run run;
	int ret;

	handler_reset();
	hs.ret_eexit[0] = 99;
	memset(&run, 0, sizeof(run));
	run.tcs = tcs_addr(t, 0);
	run.user_handler = (uint64_t)(uintptr_t)test_handler;
	ret = call_enclave((unsigned long)&nop_op, 0, 0, SGX2_EENTER, 0, 0,
			   &run, t->enter);
	CHECK(ret == -EINVAL && hs.calls == 1, "ret %d calls %d", ret,
	      hs.calls);
	return true;
}

static bool row_bad_function(struct tenc *t)
{
	struct encl_op_header nop_op = { ENCL_OP_NOP };
	struct sgx2_enclave_run run;
	int ret;

	memset(&run, 0, sizeof(run));
	run.tcs = tcs_addr(t, 0);
	ret = call_enclave((unsigned long)&nop_op, 0, 0, SGX2_EEXIT, 0, 0,
			   &run, t->enter);
	CHECK(ret == -EINVAL, "ret %d", ret);
	return true;
}

static bool row_reserved_set(struct tenc *t)
{
	struct encl_op_header nop_op = { ENCL_OP_NOP };
	struct sgx2_enclave_run run;
	int ret;

	memset(&run, 0, sizeof(run));
	run.tcs = tcs_addr(t, 0);
	run.reserved[215] = 1;
	ret = call_enclave((unsigned long)&nop_op, 0, 0, SGX2_EENTER, 0, 0,
			   &run, t->enter);
	CHECK(ret == -EINVAL, "ret %d", ret);
	return true;
}

bool t_user_handler_return(struct tenc *t)
{
	const char *n = "user_handler_return";
	bool ok = true;

	ok &= row(row_handler_negative(t), n, "result <= 0 is returned");
	ok &= row(row_handler_eresume(t), n,
		  "result > 0 is the next leaf (ERESUME -> #GP reported)");
	ok &= row(row_handler_bad_leaf(t), n, "result 99 -> -EINVAL");
	ok &= row(row_bad_function(t), n, "function EEXIT -> -EINVAL");
	ok &= row(row_reserved_set(t), n, "run.reserved set -> -EINVAL");
	return ok;
}

/*
 * A write to a page whose PTE is read-only (mprotect) exits with #PF,
 * error code P|W|U; after restoring the protection, ERESUME completes it.
 */
bool t_pte_permissions(struct tenc *t)
{
	uint64_t page = spare_data_page(t) - PAGE, v = 0;
	struct encl_op_put_to_addr op = {
		{ ENCL_OP_PUT_TO_ADDRESS }, .value = 0xabcd, .addr = page,
	};
	int ret;

	CHECK(page != (uint64_t)-PAGE, "no buffer symbol");
	/* Mapped first: the PTE is present when it becomes read-only. */
	TRY(put_addr(t, 0, page, 1));
	CHECK(!mprotect((void *)page, PAGE, PROT_READ), "mprotect: %s",
	      strerror(errno));
	ret = enter(t, 0, &op);
	EXPECT_PF(&t->run, ret, 0x7, page);
	CHECK(!mprotect((void *)page, PAGE, PROT_READ | PROT_WRITE),
	      "mprotect back: %s", strerror(errno));
	ret = resume(t);
	CHECK(exited(t, ret), "ERESUME: ret %d function %u vector %u", ret,
	      t->run.function, t->run.exception_vector);
	TRY(get_addr(t, 1, page, &v));
	CHECK(v == 0xabcd, "read back %#llx", (unsigned long long)v);
	return true;
}

/* ---- lifecycle ioctls --------------------------------------------------- */

#define TEST_BASE	(1ULL << 32)
#define TEST_SIZE	0x10000ULL

static struct encl_secs *secs_new(uint64_t base, uint64_t size)
{
	struct encl_secs *s = aligned_alloc(PAGE, sizeof(*s));

	if (!s)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->base = base;
	s->size = size;
	s->ssa_frame_size = 1;
	s->attributes = ENCL_ATTR_MODE64BIT;
	s->xfrm = ENCL_XFRM_DEFAULT;
	return s;
}

static int open_dev(void)
{
	return open(SGX2_EDMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);
}

static int create(int fd, const void *secs)
{
	struct sgx2_enclave_create c = { .src = (uint64_t)(uintptr_t)secs };

	return xioctl(fd, SGX2_IOC_ENCLAVE_CREATE, &c);
}

/* CREATE with @bad fails with @want, then a good SECS works on that fd. */
static bool create_refused(const struct encl_secs *bad, int want)
{
	struct encl_secs *good = secs_new(TEST_BASE, TEST_SIZE);
	long epc = global_epc_pages();
	int fd = open_dev(), ret, ret2;

	CHECK(good && fd >= 0, "setup: %s", strerror(errno));
	ret = create(fd, bad);
	ret2 = global_epc_pages() == epc ? create(fd, good) : -1000;
	close(fd);
	free(good);
	CHECK(ret == -want, "got %d (%s)", ret, strerror(-ret));
	CHECK(ret2 == 0, "a good CREATE after the refused one: %d (-1000: an "
	      "EPC page leaked)", ret2);
	return true;
}

static bool row_create_twice(void)
{
	struct encl_secs *s = secs_new(TEST_BASE, TEST_SIZE);
	int fd = open_dev(), r1, r2;

	CHECK(s && fd >= 0, "setup");
	r1 = create(fd, s);
	r2 = create(fd, s);
	close(fd);
	free(s);
	CHECK(r1 == 0 && r2 == -EINVAL, "first %d, second %d", r1, r2);
	return true;
}

enum secs_bad {
	SB_NOT_POW2, SB_BASE_MISALIGNED, SB_ONE_PAGE, SB_RESERVED1,
	SB_RESERVED4, SB_SSA_ZERO, SB_ATTR_RESERVED, SB_XFRM_NO_SSE,
	SB_MISC_RESERVED, SB_BASE_NONCANONICAL, SB_BASE_KERNEL_HALF,
	SB_32BIT_ABOVE_4G, SB_SIZE_AT_MAX,
};

/* log2 of the size a 64-bit enclave must stay below (CPUID.(12H,0)). */
static unsigned int max_encl_size_bits_64(void)
{
	unsigned int a, b, c, d;

	if (is_sim() || !__get_cpuid_count(0x12, 0, &a, &b, &c, &d))
		return 47;	/* the sim's MaxEnclaveSize_64 */
	return (d >> 8) & 0xff;
}

static bool row_create_bad(enum secs_bad what)
{
	struct encl_secs *s = secs_new(TEST_BASE, TEST_SIZE);
	bool ok;

	CHECK(s, "no memory");
	switch (what) {
	case SB_NOT_POW2:
		s->size = 3 * TEST_SIZE;
		s->base = 0;
		break;
	case SB_BASE_MISALIGNED:
		s->base += PAGE;
		break;
	case SB_ONE_PAGE:
		s->size = PAGE;
		break;
	case SB_RESERVED1:
		s->reserved1[0] = 1;
		break;
	case SB_RESERVED4:
		s->reserved4[sizeof(s->reserved4) - 1] = 1;
		break;
	case SB_SSA_ZERO:
		s->ssa_frame_size = 0;
		break;
	case SB_ATTR_RESERVED:
		s->attributes |= 1ULL << 63;
		break;
	case SB_XFRM_NO_SSE:
		s->xfrm = 1;
		break;
	case SB_MISC_RESERVED:
		s->miscselect = 1U << 31;
		break;
	case SB_BASE_NONCANONICAL:
		s->base = 1ULL << 63;
		break;
	case SB_BASE_KERNEL_HALF:
		s->base = 0xffff800000000000ULL;
		break;
	case SB_32BIT_ABOVE_4G:
		s->attributes &= ~ENCL_ATTR_MODE64BIT;
		break;
	case SB_SIZE_AT_MAX:
		s->size = 1ULL << max_encl_size_bits_64();
		s->base = 0;
		break;
	}
	ok = create_refused(s, EINVAL);
	free(s);
	return ok;
}

static bool row_create_bad_src(void)
{
	struct encl_secs *s;
	int fd = open_dev(), ret;
	void *half;

	CHECK(fd >= 0, "open");
	/* A SECS whose second half is not mapped. */
	half = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(half != MAP_FAILED, "mmap");
	munmap((char *)half + PAGE, PAGE);
	s = (struct encl_secs *)((char *)half + PAGE / 2);
	ret = create(fd, s);
	munmap(half, PAGE);
	CHECK(ret == -EFAULT, "SECS half unmapped: %d", ret);
	ret = create(fd, (void *)16);
	CHECK(ret == -EFAULT, "SECS at 16: %d", ret);
	ret = xioctl(fd, SGX2_IOC_ENCLAVE_CREATE, NULL);
	close(fd);
	CHECK(ret == -EFAULT, "arg NULL: %d", ret);
	return true;
}

bool t_create_errors(struct tenc *t)
{
	const char *n = "create_errors";
	bool ok = true;

	(void)t;
	ok &= row(row_create_twice(), n, "CREATE twice -> EINVAL");
	ok &= row(row_create_bad(SB_NOT_POW2), n,
		  "size not a power of two -> EINVAL");
	ok &= row(row_create_bad(SB_BASE_MISALIGNED), n,
		  "base not aligned to size -> EINVAL");
	ok &= row(row_create_bad(SB_ONE_PAGE), n, "size one page -> EINVAL");
	ok &= row(row_create_bad(SB_RESERVED1), n,
		  "reserved byte (offset 24) set -> EINVAL");
	ok &= row(row_create_bad(SB_RESERVED4), n,
		  "reserved byte (offset 4095) set -> EINVAL");
	ok &= row(row_create_bad(SB_SSA_ZERO), n, "ssa_frame_size 0 -> EINVAL");
	ok &= row(row_create_bad(SB_ATTR_RESERVED), n,
		  "reserved attribute bit 63 -> EINVAL");
	ok &= row(row_create_bad(SB_XFRM_NO_SSE), n, "xfrm without SSE -> EINVAL");
	ok &= row(row_create_bad(SB_MISC_RESERVED), n,
		  "reserved miscselect bit -> EINVAL");
	ok &= row(row_create_bad(SB_BASE_NONCANONICAL), n,
		  "base 2^63, not canonical -> EINVAL");
	ok &= row(row_create_bad(SB_BASE_KERNEL_HALF), n,
		  "base in the kernel half -> EINVAL");
	ok &= row(row_create_bad(SB_32BIT_ABOVE_4G), n,
		  "32-bit enclave at 4 GiB -> EINVAL");
	ok &= row(row_create_bad(SB_SIZE_AT_MAX), n,
		  "size 2^MaxEnclaveSize_64 -> EINVAL");
	ok &= row(row_create_bad_src(), n,
		  "unreadable SECS or argument -> EFAULT");
	return ok;
}

/* An enclave created from a hand-made SECS, not initialized. */
struct created {
	int fd;
	void *src;		/* 2 pages: RW, then PROT_NONE */
	struct encl_secinfo *si;
};

static bool created_new(struct created *c)
{
	struct encl_secs *s = secs_new(TEST_BASE, TEST_SIZE);
	int ret;

	memset(c, 0, sizeof(*c));
	c->fd = open_dev();
	c->src = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	c->si = aligned_alloc(64, sizeof(*c->si));
	CHECK(s && c->fd >= 0 && c->src != MAP_FAILED && c->si, "setup: %s",
	      strerror(errno));
	CHECK(!mprotect((char *)c->src + PAGE, PAGE, PROT_NONE), "mprotect");
	memset(c->src, 0x5a, PAGE);
	memset(c->si, 0, sizeof(*c->si));
	c->si->flags = SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W;
	ret = create(c->fd, s);
	free(s);
	CHECK(ret == 0, "CREATE: %d", ret);
	return true;
}

static void created_free(struct created *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->src && c->src != MAP_FAILED)
		munmap(c->src, 2 * PAGE);
	free(c->si);
}

static struct sgx2_enclave_add_pages add_arg(const struct created *c,
					     uint64_t off)
{
	struct sgx2_enclave_add_pages a = {
		.src = (uint64_t)(uintptr_t)c->src, .offset = off,
		.length = PAGE, .secinfo = (uint64_t)(uintptr_t)c->si,
		.flags = SGX2_PAGE_MEASURE,
	};

	return a;
}

enum add_bad {
	AB_OFFSET_MISALIGNED, AB_LENGTH_ZERO, AB_LENGTH_MISALIGNED,
	AB_OFFSET_BEYOND, AB_RANGE_BEYOND, AB_WRAP, AB_SRC_MISALIGNED,
	AB_SRC_NOEXEC, AB_FLAGS, AB_SI_RESERVED_BYTE, AB_SI_PENDING, AB_SI_W_NO_R,
	AB_SI_TCS_PERM, AB_SI_TRIM, AB_SI_SECS, AB_SI_VA, AB_SI_BAD_PTR,
	AB_ARG_NULL,
};

/*
 * A page of a file on a tmpfs mounted noexec (and detached at once): its
 * mapping has no VM_MAYEXEC, which mainline refuses as an ADD_PAGES
 * source.  MAP_FAILED with errno set on failure.
 */
static void *noexec_page(void)
{
	char dir[] = "/tmp/sgx2-noexec.XXXXXX", path[sizeof(dir) + 4];
	void *p = MAP_FAILED;
	int fd, err;

	if (!mkdtemp(dir))
		return MAP_FAILED;
	if (mount("tmpfs", dir, "tmpfs", MS_NOEXEC, "size=64k")) {
		err = errno;
		rmdir(dir);
		errno = err;
		return MAP_FAILED;
	}
	snprintf(path, sizeof(path), "%s/src", dir);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd >= 0) {
		if (!ftruncate(fd, PAGE))
			p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
		close(fd);
	}
	err = errno;
	umount2(dir, MNT_DETACH);
	rmdir(dir);
	errno = err;
	return p;
}

/* ADD_PAGES with one field broken fails with @want; nothing is added. */
static bool row_add_bad(enum add_bad what, int want)
{
	struct sgx2_enclave_add_pages a;
	struct encl_secinfo *si2 = aligned_alloc(64, sizeof(*si2));
	void *nx = MAP_FAILED;
	struct created c;
	long epc, epc_after;
	int ret;

	CHECK(si2, "no memory");
	if (what == AB_SRC_NOEXEC) {
		nx = noexec_page();
		if (nx == MAP_FAILED) {
			free(si2);
			CHECK(false, "a page on a noexec tmpfs: %s",
			      strerror(errno));
		}
	}
	if (!created_new(&c)) {
		created_free(&c);
		free(si2);
		if (nx != MAP_FAILED)
			munmap(nx, PAGE);
		return false;
	}
	a = add_arg(&c, PAGE);
	*si2 = *c.si;
	switch (what) {
	case AB_OFFSET_MISALIGNED:
		a.offset += 0x100;
		break;
	case AB_LENGTH_ZERO:
		a.length = 0;
		break;
	case AB_LENGTH_MISALIGNED:
		a.length = PAGE / 2;
		break;
	case AB_OFFSET_BEYOND:
		a.offset = TEST_SIZE;
		break;
	case AB_RANGE_BEYOND:
		a.offset = TEST_SIZE - PAGE;
		a.length = 2 * PAGE;
		break;
	case AB_WRAP:
		a.length = -PAGE;
		break;
	case AB_SRC_MISALIGNED:
		a.src += 8;
		break;
	case AB_SRC_NOEXEC:
		a.src = (uint64_t)(uintptr_t)nx;
		break;
	case AB_FLAGS:
		a.flags |= 0x2;
		break;
	case AB_SI_RESERVED_BYTE:
		si2->reserved[55] = 1;
		break;
	case AB_SI_PENDING:
		si2->flags |= SGX2_SECINFO_PENDING;
		break;
	case AB_SI_W_NO_R:
		si2->flags = SGX2_SECINFO_REG | SGX2_SECINFO_W;
		break;
	case AB_SI_TCS_PERM:
		si2->flags = SGX2_SECINFO_TCS | SGX2_SECINFO_R;
		break;
	case AB_SI_TRIM:
		si2->flags = SGX2_SECINFO_TRIM;
		break;
	case AB_SI_SECS:
		si2->flags = SGX2_SECINFO_SECS | SGX2_SECINFO_R;
		break;
	case AB_SI_VA:
		si2->flags = SGX2_SECINFO_VA;
		break;
	case AB_SI_BAD_PTR:
		a.secinfo = 64;
		break;
	case AB_ARG_NULL:
		break;
	}
	if (what != AB_SI_BAD_PTR)
		a.secinfo = (uint64_t)(uintptr_t)si2;
	epc = global_epc_pages();
	ret = xioctl(c.fd, SGX2_IOC_ENCLAVE_ADD_PAGES,
		     what == AB_ARG_NULL ? NULL : &a);
	epc_after = global_epc_pages();
	created_free(&c);
	free(si2);
	if (nx != MAP_FAILED)
		munmap(nx, PAGE);
	CHECK(ret == -want, "got %d (%s)", ret, strerror(-ret));
	CHECK(epc_after == epc, "EPC pages %ld -> %ld", epc, epc_after);
	CHECK(what == AB_ARG_NULL || a.count == 0,
	      "count %llu", (unsigned long long)a.count);
	return true;
}

static bool row_add_before_create(void)
{
	struct encl_secinfo *si = aligned_alloc(64, sizeof(*si));
	void *src = aligned_alloc(PAGE, PAGE);
	struct sgx2_enclave_add_pages a = {
		.src = (uint64_t)(uintptr_t)src, .length = PAGE,
		.secinfo = (uint64_t)(uintptr_t)si,
	};
	int fd = open_dev(), ret;

	CHECK(si && src && fd >= 0, "setup");
	memset(si, 0, sizeof(*si));
	si->flags = SGX2_SECINFO_REG | SGX2_SECINFO_R;
	ret = xioctl(fd, SGX2_IOC_ENCLAVE_ADD_PAGES, &a);
	close(fd);
	free(si);
	free(src);
	CHECK(ret == -EINVAL, "got %d", ret);
	return true;
}

static bool row_add_after_init(struct tenc *t)
{
	struct encl_secinfo *si = aligned_alloc(64, sizeof(*si));
	struct sgx2_enclave_add_pages a = {
		.src = (uint64_t)(uintptr_t)t->e.image,
		.offset = off_of(t, t->heap), .length = PAGE,
		.secinfo = (uint64_t)(uintptr_t)si,
	};
	int ret;

	CHECK(si, "no memory");
	memset(si, 0, sizeof(*si));
	si->flags = SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W;
	ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_ADD_PAGES, &a);
	free(si);
	CHECK(ret == -EINVAL, "got %d", ret);
	return true;
}

/*
 * Two pages whose second source page is unreadable: EFAULT, count = one
 * page, and that page is there (adding it again is EBUSY).
 */
static bool row_add_partial(void)
{
	struct sgx2_enclave_add_pages a;
	struct created c;
	long epc;
	int ret;

	if (!created_new(&c)) {
		created_free(&c);
		return false;
	}
	a = add_arg(&c, 2 * PAGE);
	a.length = 2 * PAGE;
	epc = global_epc_pages();
	ret = xioctl(c.fd, SGX2_IOC_ENCLAVE_ADD_PAGES, &a);
	if (ret != -EFAULT || a.count != PAGE) {
		created_free(&c);
		CHECK(false, "got %d count %llu, want EFAULT count 4096", ret,
		      (unsigned long long)a.count);
	}
	if (global_epc_pages() != epc + 1) {
		created_free(&c);
		CHECK(false, "EPC pages %ld -> %ld, want +1", epc,
		      global_epc_pages());
	}
	a = add_arg(&c, 2 * PAGE);
	ret = xioctl(c.fd, SGX2_IOC_ENCLAVE_ADD_PAGES, &a);
	if (ret != -EBUSY || a.count != 0) {
		created_free(&c);
		CHECK(false, "adding the page again: %d count %llu, want EBUSY",
		      ret, (unsigned long long)a.count);
	}
	a = add_arg(&c, 3 * PAGE);
	ret = xioctl(c.fd, SGX2_IOC_ENCLAVE_ADD_PAGES, &a);
	created_free(&c);
	CHECK(ret == 0 && a.count == PAGE, "a good ADD_PAGES after: %d count %llu",
	      ret, (unsigned long long)a.count);
	return true;
}

/*
 * count is OUT only: as mainline, its input value is ignored (mainline's
 * selftests leave it uninitialized), the page is added and count says so.
 */
static bool row_add_count_ignored(void)
{
	struct sgx2_enclave_add_pages a;
	struct created c;
	long epc;
	int ret;

	if (!created_new(&c)) {
		created_free(&c);
		return false;
	}
	a = add_arg(&c, 0);
	a.count = 0xdeadbeefcafef00dULL;
	epc = global_epc_pages();
	ret = xioctl(c.fd, SGX2_IOC_ENCLAVE_ADD_PAGES, &a);
	if (global_epc_pages() != epc + 1) {
		created_free(&c);
		CHECK(false, "EPC pages %ld -> %ld, want +1", epc,
		      global_epc_pages());
	}
	created_free(&c);
	CHECK(ret == 0 && a.count == PAGE, "got %d count %llu, want 0 count 4096",
	      ret, (unsigned long long)a.count);
	return true;
}

bool t_add_pages_errors(struct tenc *t)
{
	const char *n = "add_pages_errors";
	static const struct {
		enum add_bad what;
		int want;
		const char *desc;
	} rows[] = {
		{ AB_OFFSET_MISALIGNED, EINVAL, "offset not page aligned" },
		{ AB_LENGTH_ZERO, EINVAL, "length 0" },
		{ AB_LENGTH_MISALIGNED, EINVAL, "length not page aligned" },
		{ AB_OFFSET_BEYOND, EINVAL, "offset = enclave size" },
		{ AB_RANGE_BEYOND, EINVAL, "range ends beyond the enclave" },
		{ AB_WRAP, EINVAL, "offset + length wraps" },
		{ AB_SRC_MISALIGNED, EINVAL, "src not page aligned" },
		{ AB_SRC_NOEXEC, EACCES, "src mapped from a noexec mount" },
		{ AB_FLAGS, EINVAL, "unknown flag 0x2" },
		{ AB_SI_RESERVED_BYTE, EINVAL, "SECINFO reserved byte set" },
		{ AB_SI_PENDING, EINVAL, "SECINFO PENDING flag" },
		{ AB_SI_W_NO_R, EINVAL, "SECINFO W without R" },
		{ AB_SI_TCS_PERM, EINVAL, "SECINFO TCS with R" },
		{ AB_SI_TRIM, EINVAL, "SECINFO PT_TRIM" },
		{ AB_SI_SECS, EINVAL, "SECINFO PT_SECS" },
		{ AB_SI_VA, EINVAL, "SECINFO PT_VA" },
		{ AB_SI_BAD_PTR, EFAULT, "SECINFO pointer unmapped" },
		{ AB_ARG_NULL, EFAULT, "argument pointer NULL" },
	};
	bool ok = true;
	size_t i;

	ok &= row(row_add_before_create(), n, "before CREATE -> EINVAL");
	ok &= row(row_add_after_init(t), n, "after INIT -> EINVAL");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		ok &= row(row_add_bad(rows[i].what, rows[i].want), n,
			  "%s -> %s", rows[i].desc,
			  rows[i].want == EINVAL ? "EINVAL" :
			  rows[i].want == EACCES ? "EACCES" : "EFAULT");
	ok &= row(row_add_count_ignored(), n,
		  "count non-zero on input -> ignored, as mainline: added, count 4096");
	ok &= row(row_add_partial(), n,
		  "second source page unreadable -> EFAULT, count 4096; "
		  "again -> EBUSY");
	return ok;
}

/*
 * The loading sequence by hand (the builder's encl_create_on() does it
 * all at once): reserve, CREATE, ADD_PAGES, then INIT and map separately.
 */
struct manual {
	int fd;
	struct encl e;
	bool mapped;
};

static bool man_new(struct manual *m, uint64_t extra_attributes)
{
	struct encl_secs *s;
	uint64_t area, base;
	void *p;
	unsigned int i;
	int ret;

	memset(m, 0, sizeof(*m));
	m->fd = open_dev();
	CHECK(m->fd >= 0, "open: %s", strerror(errno));
	ret = encl_build(elf_path, 0, &m->e);
	CHECK(ret == 0, "encl_build: %d %s", ret, m->e.error);

	p = mmap(NULL, 2 * m->e.size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	CHECK(p != MAP_FAILED, "reserve: %s", strerror(errno));
	area = (uintptr_t)p;
	base = (area + m->e.size - 1) & ~(m->e.size - 1);
	if (base > area)
		munmap(p, base - area);
	if (area + 2 * m->e.size > base + m->e.size)
		munmap((void *)(uintptr_t)(base + m->e.size),
		       area + 2 * m->e.size - (base + m->e.size));
	m->e.base = base;

	s = secs_new(base, m->e.size);
	CHECK(s, "no memory");
	s->ssa_frame_size = m->e.ssa_frame_size;
	s->attributes = m->e.attributes | extra_attributes;
	s->xfrm = m->e.xfrm;
	ret = create(m->fd, s);
	free(s);
	CHECK(ret == 0, "CREATE: %d", ret);

	for (i = 0; i < m->e.nr_segments; i++) {
		const struct encl_segment *seg = &m->e.seg[i];
		struct encl_secinfo *si = aligned_alloc(64, sizeof(*si));
		struct sgx2_enclave_add_pages a = {
			.src = (uint64_t)(uintptr_t)(m->e.image + seg->offset),
			.offset = seg->offset, .length = seg->size,
			.secinfo = (uint64_t)(uintptr_t)si,
			.flags = seg->measure ? SGX2_PAGE_MEASURE : 0,
		};

		CHECK(si, "no memory");
		memset(si, 0, sizeof(*si));
		si->flags = seg->secinfo_flags;
		ret = xioctl(m->fd, SGX2_IOC_ENCLAVE_ADD_PAGES, &a);
		free(si);
		CHECK(ret == 0 && a.count == seg->size,
		      "ADD_PAGES of segment %u: %d count %llu", i, ret,
		      (unsigned long long)a.count);
	}
	return true;
}

static int man_init(struct manual *m, const struct encl_sigstruct *ss)
{
	struct sgx2_enclave_init init = {
		.sigstruct = (uint64_t)(uintptr_t)ss,
	};

	return xioctl(m->fd, SGX2_IOC_ENCLAVE_INIT, &init);
}

/* Map the segments and enter the enclave once (NOP through TCS 0). */
static bool man_map_and_enter(struct manual *m)
{
	struct tenc t;
	unsigned int i;
	int ret;

	for (i = 0; i < m->e.nr_segments; i++) {
		const struct encl_segment *seg = &m->e.seg[i];
		void *want = (void *)(uintptr_t)(m->e.base + seg->offset);

		CHECK(mmap(want, seg->size, seg->prot, MAP_SHARED | MAP_FIXED,
			   m->fd, 0) == want, "mmap segment %u: %s", i,
		      strerror(errno));
	}
	memset(&t, 0, sizeof(t));
	t.fd = m->fd;
	t.e = m->e;
	ret = sgx2_runtime_init(m->fd, &t.enter);
	CHECK(ret == 0, "sgx2_runtime_init: %d", ret);
	sgx2_runtime_use_fd(m->fd);
	return nop(&t, 0);
}

static void man_free(struct manual *m)
{
	encl_free(&m->e);	/* unmaps [base, base + size) */
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}

/* INIT refused with @want for @bad, then accepted with the good SIGSTRUCT. */
static bool init_refused_then_ok(const struct encl_sigstruct *bad, int want,
				 uint64_t extra_attributes, bool retry)
{
	struct manual m;
	bool ok;
	int ret;

	if (!man_new(&m, extra_attributes)) {
		man_free(&m);
		return false;
	}
	ret = man_init(&m, bad ? bad : &m.e.sigstruct);
	if (ret != -want) {
		man_free(&m);
		CHECK(false, "INIT: %d (%s), want -%d", ret, strerror(-ret),
		      want);
	}
	if (!retry) {
		man_free(&m);
		return true;
	}
	ret = man_init(&m, &m.e.sigstruct);
	ok = ret == 0 && man_map_and_enter(&m);
	man_free(&m);
	CHECK(ret == 0, "INIT with the good SIGSTRUCT afterwards: %d %s", ret,
	      strerror(-ret));
	return ok;	/* else man_map_and_enter() said why */
}

static bool row_init_vendor(void)
{
	struct encl_sigstruct *ss = malloc(sizeof(*ss));
	struct encl e;
	bool ok;
	int ret;

	CHECK(ss, "no memory");
	ret = encl_build(elf_path, 0, &e);
	CHECK(ret == 0, "encl_build: %d %s", ret, e.error);
	*ss = e.sigstruct;
	encl_free(&e);
	ss->vendor = 0x1234;
	ok = init_refused_then_ok(ss, EINVAL, 0, true);
	free(ss);
	return ok;
}

/* SIGSTRUCT asks to enforce an attribute bit the platform does not have. */
static bool row_init_sig_attributes(void)
{
	struct encl_sigstruct *ss = malloc(sizeof(*ss));
	struct encl e;
	bool ok;
	int ret;

	CHECK(ss, "no memory");
	ret = encl_build(elf_path, 0, &e);
	CHECK(ret == 0, "encl_build: %d %s", ret, e.error);
	*ss = e.sigstruct;
	encl_free(&e);
	ss->attributes |= 1ULL << 62;
	ss->attributes_mask |= 1ULL << 62;
	ok = init_refused_then_ok(ss, EINVAL, 0, true);
	free(ss);
	return ok;
}

/* PROVISIONKEY in SECS.ATTRIBUTES without PROVISION. */
static bool row_init_provisionkey(void)
{
	return init_refused_then_ok(NULL, EACCES, 0x10, false);
}

static bool row_init_twice(struct tenc *t)
{
	struct sgx2_enclave_init init = {
		.sigstruct = (uint64_t)(uintptr_t)&t->e.sigstruct,
	};
	int ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_INIT, &init);

	CHECK(ret == -EINVAL, "got %d", ret);
	TRY(nop(t, 0));
	return true;
}

static bool row_init_before_create(struct tenc *t)
{
	struct sgx2_enclave_init init = {
		.sigstruct = (uint64_t)(uintptr_t)&t->e.sigstruct,
	};
	int fd = open_dev(), ret;

	CHECK(fd >= 0, "open");
	ret = xioctl(fd, SGX2_IOC_ENCLAVE_INIT, &init);
	close(fd);
	CHECK(ret == -EINVAL, "got %d", ret);
	return true;
}

static bool row_init_bad_ptr(void)
{
	struct sgx2_enclave_init init = { .sigstruct = 64 };
	struct created c;
	int r1, r2;

	if (!created_new(&c)) {
		created_free(&c);
		return false;
	}
	r1 = xioctl(c.fd, SGX2_IOC_ENCLAVE_INIT, &init);
	r2 = xioctl(c.fd, SGX2_IOC_ENCLAVE_INIT, NULL);
	created_free(&c);
	CHECK(r1 == -EFAULT && r2 == -EFAULT, "SIGSTRUCT at 64: %d, arg NULL: %d",
	      r1, r2);
	return true;
}

bool t_init_errors(struct tenc *t)
{
	const char *n = "init_errors";
	bool ok = true;

	ok &= row(row_init_twice(t), n, "INIT twice -> EINVAL");
	ok &= row(row_init_before_create(t), n, "INIT before CREATE -> EINVAL");
	ok &= row(row_init_bad_ptr(), n,
		  "unreadable SIGSTRUCT or argument -> EFAULT");
	ok &= row(row_init_vendor(), n,
		  "SIGSTRUCT VENDOR 0x1234 -> EINVAL; the good one then works");
	ok &= row(row_init_sig_attributes(), n,
		  "SIGSTRUCT enforces a reserved attribute -> EINVAL; the good "
		  "one then works");
	ok &= row(row_init_provisionkey(), n,
		  "PROVISIONKEY without PROVISION -> EACCES");
	/* The rows above entered other enclaves: back to this one. */
	sgx2_runtime_init(t->fd, &t->enter);
	sgx2_runtime_use_fd(t->fd);
	return ok;
}

/* Occurrences of @needle in the kernel log. */
static int klog_count(const char *needle)
{
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf, *p;
	int len, n = 0;

	if (size <= 0)
		return -1;
	buf = malloc((size_t)size + 1);
	if (!buf)
		return -1;
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (len < 0) {
		free(buf);
		return -1;
	}
	buf[len] = '\0';
	for (p = buf; (p = strstr(p, needle)); p++)
		n++;
	free(buf);
	return n;
}

/*
 * A SIGSTRUCT whose ENCLAVEHASH is not the enclave's MRENCLAVE: EINIT says
 * SGX_INVALID_MEASUREMENT (4), INIT fails with EPERM and the code is
 * logged, as mainline refuses a bad SIGSTRUCT.  The SIGSTRUCT is re-signed
 * when the key is at hand, so that only the measurement is wrong on
 * hardware too.  INIT with the right SIGSTRUCT then works.
 */
bool t_init_wrong_mrenclave(struct tenc *t)
{
	static const char msg[] = "EINIT refused the enclave: SGX error 4";
	struct encl_sigstruct *bad = malloc(sizeof(*bad));
	struct encl_sigstruct good;
	char pem[4096];
	EVP_PKEY *key;
	struct manual m;
	int before, after, ret;
	size_t len = strlen(elf_path);
	bool resigned = false, ok;

	(void)t;
	CHECK(bad, "no memory");
	if (!man_new(&m, 0)) {
		man_free(&m);
		free(bad);
		return false;
	}
	good = m.e.sigstruct;
	*bad = good;
	if (len > 4 && len < sizeof(pem) && !strcmp(elf_path + len - 4, ".elf")) {
		memcpy(pem, elf_path, len - 4);
		strcpy(pem + len - 4, ".pem");
		key = encl_key_load(pem);
		if (key) {
			m.e.mrenclave[5] ^= 0x40;
			resigned = !encl_sign(&m.e, key);
			m.e.mrenclave[5] ^= 0x40;
			EVP_PKEY_free(key);
			*bad = m.e.sigstruct;
			m.e.sigstruct = good;
		}
	}
	if (!resigned) {
		*bad = good;
		bad->enclave_hash[5] ^= 0x40;
	}
	ok = !memcmp(bad->enclave_hash, m.e.mrenclave, 32) ? false : true;

	before = klog_count(msg);
	ret = man_init(&m, bad);
	after = klog_count(msg);
	free(bad);
	if (!ok || ret != -EPERM || before < 0 || after != before + 1) {
		man_free(&m);
		CHECK(false, "hash differs %d, re-signed %d: INIT %d (want -EPERM), "
		      "\"%s\" in the log %d -> %d times", ok, resigned, ret, msg,
		      before, after);
	}
	ret = man_init(&m, &good);
	ok = ret == 0 && man_map_and_enter(&m);
	man_free(&m);
	CHECK(ret == 0, "INIT with the right SIGSTRUCT afterwards: %d %s", ret,
	      strerror(-ret));
	return ok;	/* else man_map_and_enter() said why */
}

static bool provision_refused(struct tenc *t, uint64_t fd, int want)
{
	struct sgx2_enclave_provision p = { .fd = fd };
	int ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_PROVISION, &p);

	CHECK(ret == -want, "got %d (%s)", ret, strerror(-ret));
	return true;
}

static bool row_provision_null(struct tenc *t)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	bool ok;

	CHECK(fd >= 0, "open /dev/null: %s", strerror(errno));
	ok = provision_refused(t, (uint64_t)fd, EINVAL);
	close(fd);
	return ok;
}

static bool row_provision_bad_arg(struct tenc *t)
{
	int ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_PROVISION, NULL);

	CHECK(ret == -EFAULT, "got %d", ret);
	return true;
}

bool t_provision_errors(struct tenc *t)
{
	const char *n = "provision_errors";
	bool ok = true;

	ok &= row(row_provision_null(t), n, "fd of /dev/null -> EINVAL");
	ok &= row(provision_refused(t, (uint64_t)t->fd, EINVAL), n,
		  "fd of the enclave itself -> EINVAL");
	ok &= row(provision_refused(t, 1000, EINVAL), n,
		  "fd not open -> EINVAL");
	ok &= row(provision_refused(t, ~0ULL, EINVAL), n,
		  "fd 2^64-1 -> EINVAL");
	ok &= row(row_provision_bad_arg(t), n, "argument pointer NULL -> EFAULT");
	return ok;
}

/* ---- mappings ----------------------------------------------------------- */

static bool row_map_private(struct tenc *t)
{
	uint64_t data = spare_data_page(t);
	void *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, t->fd, 0);
	int err = errno;
	void *q;

	if (p != MAP_FAILED)
		munmap(p, PAGE);
	CHECK(p == MAP_FAILED && err == EINVAL, "mmap: %p %s", p, strerror(err));
	q = mmap((void *)data, PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_FIXED, t->fd, 0);
	err = errno;
	CHECK(q == MAP_FAILED && err == EINVAL, "mmap MAP_FIXED: %p %s", q,
	      strerror(err));
	/* The refused MAP_FIXED left the old mapping alone. */
	TRY(put_addr(t, 0, data, 1));
	return true;
}

/*
 * MAP_FIXED of @addr with @prot is refused with EACCES; the page is then
 * mapped again with @restore and the enclave still runs.
 */
static bool map_refused(struct tenc *t, uint64_t addr, int prot, int restore)
{
	void *p = mmap((void *)addr, PAGE, prot, MAP_SHARED | MAP_FIXED,
		       t->fd, 0);
	int err = errno;

	CHECK(mmap((void *)addr, PAGE, restore, MAP_SHARED | MAP_FIXED, t->fd,
		   0) == (void *)addr, "mapping it again: %s", strerror(errno));
	CHECK(p == MAP_FAILED && err == EACCES, "mmap: %p %s", p, strerror(err));
	TRY(nop(t, 0));
	return true;
}

static bool mprotect_refused(struct tenc *t, uint64_t addr, int prot)
{
	int ret = mprotect((void *)addr, PAGE, prot);
	int err = errno;

	CHECK(ret == -1 && err == EACCES, "mprotect: %d %s", ret,
	      ret ? strerror(err) : "succeeded");
	TRY(nop(t, 0));
	return true;
}

static bool row_outside_elrange(struct tenc *t)
{
	void *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, t->fd, 0);
	int err = errno;

	if (p != MAP_FAILED)
		munmap(p, PAGE);
	CHECK(p == MAP_FAILED && err == EACCES, "mmap: %p %s", p, strerror(err));
	return true;
}

static bool row_mprotect_allowed(struct tenc *t)
{
	uint64_t page = spare_data_page(t);

	CHECK(!mprotect((void *)page, PAGE, PROT_READ), "to R: %s",
	      strerror(errno));
	CHECK(!mprotect((void *)page, PAGE, PROT_READ | PROT_WRITE),
	      "back to RW: %s", strerror(errno));
	return true;
}

/*
 * READ_IMPLIES_EXEC (in a child, which does not outlive the row): a
 * read-only mapping of the code page is refused, which without the
 * personality it is not.
 */
static bool row_read_implies_exec(struct tenc *t)
{
	uint64_t code = code_page(t);
	int status = -1;
	pid_t pid;

	pid = fork();
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		void *p;

		if (mmap((void *)code, PAGE, PROT_READ, MAP_SHARED | MAP_FIXED,
			 t->fd, 0) != (void *)code)
			_exit(100);
		if (personality(PER_LINUX | READ_IMPLIES_EXEC) == -1)
			_exit(101);
		p = mmap((void *)code, PAGE, PROT_READ, MAP_SHARED | MAP_FIXED,
			 t->fd, 0);
		if (p != MAP_FAILED)
			_exit(102);
		_exit(errno == EACCES ? 0 : errno < 100 ? errno : 99);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child status %#x (exit 100: the control mapping failed, 102: "
	      "the mapping succeeded, else errno)", status);
	return true;
}

bool t_mmap_rules(struct tenc *t)
{
	const char *n = "mmap_rules";
	uint64_t code = code_page(t), data = spare_data_page(t);
	bool ok = true;

	ok &= row(row_map_private(t), n, "MAP_PRIVATE -> EINVAL");
	ok &= row(map_refused(t, code, PROT_READ | PROT_WRITE,
			      PROT_READ | PROT_EXEC), n,
		  "code page mapped RW -> EACCES");
	ok &= row(map_refused(t, data, PROT_READ | PROT_WRITE | PROT_EXEC,
			      PROT_READ | PROT_WRITE), n,
		  "data page mapped RWX -> EACCES");
	ok &= row(mprotect_refused(t, code, PROT_READ | PROT_WRITE |
				   PROT_EXEC), n,
		  "mprotect code page RWX -> EACCES");
	ok &= row(mprotect_refused(t, data, PROT_READ | PROT_WRITE |
				   PROT_EXEC), n,
		  "mprotect data page RWX -> EACCES");
	ok &= row(row_mprotect_allowed(t), n,
		  "mprotect data page R, then RW again -> 0");
	ok &= row(row_outside_elrange(t), n,
		  "mmap outside ELRANGE after INIT -> EACCES");
	ok &= row(row_read_implies_exec(t), n,
		  "READ_IMPLIES_EXEC then mmap -> EACCES");
	return ok;
}

/* ---- fork --------------------------------------------------------------- */

/*
 * The child enters the enclave through the inherited fd and mapping (NOP
 * through TCS 0, then a write of the buffer through TCS 1) and exits 0; the
 * parent reads what the child wrote.
 */
bool t_fork(struct tenc *t)
{
	struct encl_op_get_from_buf get = { { ENCL_OP_GET_FROM_BUFFER }, 0 };
	int status = -1;
	pid_t pid;

	TRY(nop(t, 0));
	pid = fork();
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (!pid) {
		struct encl_op_put_to_buf put = {
			{ ENCL_OP_PUT_TO_BUFFER }, 0xc0ffee,
		};
		struct encl_op_header nop_op = { ENCL_OP_NOP };
		int ret = enter(t, 0, &nop_op);

		if (!exited(t, ret))
			_exit(1);
		ret = enter(t, 1, &put);
		_exit(exited(t, ret) ? 0 : 2);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child status %#x", status);
	ENTER_OK(t, 1, &get);
	CHECK(get.value == 0xc0ffee, "parent read %#llx",
	      (unsigned long long)get.value);
	return true;
}

/* ---- two enclaves ------------------------------------------------------- */

/*
 * A second enclave, created while the first one lives: both keep working
 * (each open() of the device is one enclave; a process may hold several).
 */
bool t_two_enclaves(struct tenc *t)
{
	struct encl_op_put_to_buf put = { { ENCL_OP_PUT_TO_BUFFER }, 0x1 };
	struct encl_op_get_from_buf get = { { ENCL_OP_GET_FROM_BUFFER }, 0 };
	sgx2_enter_fn t_enter = t->enter;
	struct tenc u;
	bool ok = false;

	put.value = 0xaaaa;
	ENTER_OK(t, 0, &put);
	memset(&u, 0, sizeof(u));
	u.fd = -1;
	if (!tenc_setup(&u))
		goto out;
	put.value = 0xbbbb;
	if (!enter_ok(&u, &u.run, 0, &put, __LINE__) ||
	    !enter_ok(&u, &u.run, 1, &get, __LINE__))
		goto out;
	if (get.value != 0xbbbb) {
		snprintf(fail_msg, sizeof(fail_msg), "second enclave read %#llx",
			 (unsigned long long)get.value);
		goto out;
	}
	/* Back to the first one. */
	sgx2_runtime_use_fd(t->fd);
	t->enter = t_enter;
	get.value = 0;
	if (!enter_ok(t, &t->run, 1, &get, __LINE__)) {
		int n = strlen(fail_msg);

		snprintf(fail_msg + n, sizeof(fail_msg) - n,
			 " (the first enclave, after the second was created)");
		goto out;
	}
	if (get.value != 0xaaaa) {
		snprintf(fail_msg, sizeof(fail_msg), "first enclave read %#llx",
			 (unsigned long long)get.value);
		goto out;
	}
	ok = true;
out:
	tenc_teardown(&u);
	sgx2_runtime_use_fd(t->fd);
	return ok;
}

/* ---- ENCLU leaves and the module's counters ----------------------------- */

struct enclu_delta {
	long eenter, eresume, eexit, eaccept, eacceptcopy, emodpe, aex;
};

static bool enclu_deltas(const struct tenc *t, const struct stsnap *a,
			 const struct enclu_delta *want, int line)
{
	static const struct {
		enum sgx2_stat i;
		const char *name;
		size_t off;
	} f[] = {
		{ SGX2_STAT_EENTER, "EENTER", offsetof(struct enclu_delta, eenter) },
		{ SGX2_STAT_ERESUME, "ERESUME", offsetof(struct enclu_delta, eresume) },
		{ SGX2_STAT_EEXIT, "EEXIT", offsetof(struct enclu_delta, eexit) },
		{ SGX2_STAT_EACCEPT, "EACCEPT", offsetof(struct enclu_delta, eaccept) },
		{ SGX2_STAT_EACCEPTCOPY, "EACCEPTCOPY",
		  offsetof(struct enclu_delta, eacceptcopy) },
		{ SGX2_STAT_EMODPE, "EMODPE", offsetof(struct enclu_delta, emodpe) },
		{ SGX2_STAT_AEX, "AEX", offsetof(struct enclu_delta, aex) },
	};
	struct stsnap b;
	size_t i;
	int n = 0;

	if (!is_sim())
		return true;	/* hardware: the CPU counts nothing for us */
	if (!snap(t, &b)) {
		snprintf(fail_msg, sizeof(fail_msg), "line %d: STATS: %s", line,
			 strerror(errno));
		return false;
	}
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		long got = (long)(b.v[f[i].i] - a->v[f[i].i]);
		long w = *(const long *)((const char *)want + f[i].off);

		if (got != w)
			n += snprintf(fail_msg + n, sizeof(fail_msg) - n,
				      "%sline %d: %s moved by %ld, want %ld",
				      n ? "; " : "", line, f[i].name, got, w);
		if (n >= (int)sizeof(fail_msg))
			break;
	}
	return n == 0;
}

#define ENCLU_DELTAS(t, a, ...) do {					\
	struct enclu_delta __w = { __VA_ARGS__ };			\
	TRY(enclu_deltas(t, a, &__w, __LINE__));			\
} while (0)

bool t_enclu_eenter_eexit(struct tenc *t)
{
	struct stsnap a;

	CHECK(snap(t, &a), "STATS: %s", strerror(errno));
	TRY(nop(t, 0));
	TRY(nop(t, 1));
	TRY(t_buffer(t));
	ENCLU_DELTAS(t, &a, .eenter = 4, .eexit = 4);
	return true;
}

bool t_enclu_eresume(struct tenc *t)
{
	uint64_t page = spare_data_page(t), v = 0;
	struct encl_op_put_to_addr op = {
		{ ENCL_OP_PUT_TO_ADDRESS }, .value = 0x3333, .addr = page,
	};
	struct stsnap a;
	int ret;

	TRY(put_addr(t, 0, page, 1));
	CHECK(!mprotect((void *)page, PAGE, PROT_READ), "mprotect: %s",
	      strerror(errno));
	CHECK(snap(t, &a), "STATS: %s", strerror(errno));
	ret = enter(t, 0, &op);
	EXPECT_PF(&t->run, ret, 0x7, page);
	ENCLU_DELTAS(t, &a, .eenter = 1, .aex = 1);
	CHECK(!mprotect((void *)page, PAGE, PROT_READ | PROT_WRITE),
	      "mprotect: %s", strerror(errno));
	ret = resume(t);
	CHECK(exited(t, ret), "ERESUME: ret %d function %u vector %u", ret,
	      t->run.function, t->run.exception_vector);
	ENCLU_DELTAS(t, &a, .eenter = 1, .aex = 1, .eresume = 1, .eexit = 1);
	TRY(get_addr(t, 1, page, &v));
	CHECK(v == 0x3333, "read back %#llx", (unsigned long long)v);
	return true;
}

bool t_enclu_eaccept(struct tenc *t)
{
	uint64_t page = heap_page(t, 3), r;
	struct stsnap a;

	CHECK(snap(t, &a), "STATS: %s", strerror(errno));
	r = eaccept(t, 0, page, SI_PENDING_RW);
	CHECK(r == 0, "EACCEPT of an unbacked page: %#llx", (unsigned long long)r);
	ENCLU_DELTAS(t, &a, .eenter = 1, .eexit = 1, .eaccept = 1);
	if (is_sim()) {
		struct stsnap b;

		CHECK(snap(t, &b), "STATS");
		CHECK(b.v[SGX2_STAT_EAUG] - a.v[SGX2_STAT_EAUG] >= 1 &&
		      b.v[SGX2_STAT_EAUG_FAULTS] - a.v[SGX2_STAT_EAUG_FAULTS] >= 1,
		      "EAUG moved by %llu, EAUG faults by %llu",
		      (unsigned long long)(b.v[SGX2_STAT_EAUG] - a.v[SGX2_STAT_EAUG]),
		      (unsigned long long)(b.v[SGX2_STAT_EAUG_FAULTS] -
					   a.v[SGX2_STAT_EAUG_FAULTS]));
	}
	/* Accepted already: PENDING no longer matches. */
	r = eaccept(t, 1, page, SI_PENDING_RW);
	CHECK(r == SGX2_PAGE_ATTRIBUTES_MISMATCH, "second EACCEPT: %#llx",
	      (unsigned long long)r);
	ENCLU_DELTAS(t, &a, .eenter = 2, .eexit = 2, .eaccept = 2);
	return true;
}

bool t_enclu_eacceptcopy(struct tenc *t)
{
	struct encl_op_put_to_buf put = {
		{ ENCL_OP_PUT_TO_BUFFER }, 0x1122334455667788ULL,
	};
	uint64_t page = heap_page(t, 1), buf = symbol_addr(t, ENCL_SYM_BUFFER);
	uint64_t count = 0, r, v = 0;
	struct stsnap a;
	int ret;

	CHECK(buf, "no buffer symbol");
	ret = ioc_augment(t, off_of(t, page), PAGE, &count);
	CHECK(ret == 0 && count == PAGE, "AUGMENT_PAGES: %d count %llu", ret,
	      (unsigned long long)count);
	CHECK(snap(t, &a), "STATS: %s", strerror(errno));
	ENTER_OK(t, 0, &put);
	r = eacceptcopy(t, 1, page, buf, SGX2_SECINFO_R | SGX2_SECINFO_W |
			SGX2_SECINFO_REG);
	CHECK(r == 0, "EACCEPTCOPY: %#llx", (unsigned long long)r);
	TRY(get_addr(t, 0, page, &v));
	CHECK(v == put.value, "copied page holds %#llx", (unsigned long long)v);
	ENCLU_DELTAS(t, &a, .eenter = 3, .eexit = 3, .eacceptcopy = 1);
	return true;
}

bool t_enclu_emodpe(struct tenc *t)
{
	uint64_t page = spare_data_page(t), result = 1, count = 0, v = 0, r;
	struct stsnap a;
	int ret;

	ret = ioc_restrict(t, off_of(t, page), PAGE, SGX2_SECINFO_R, &result,
			   &count);
	CHECK(ret == 0 && result == 0 && count == PAGE,
	      "RESTRICT: %d result %llu count %llu", ret,
	      (unsigned long long)result, (unsigned long long)count);
	CHECK(snap(t, &a), "STATS: %s", strerror(errno));
	r = eaccept(t, 0, page, SI_RESTRICTED_R);
	CHECK(r == 0, "EACCEPT: %#llx", (unsigned long long)r);
	TRY(emodpe(t, 1, page, SGX2_SECINFO_R | SGX2_SECINFO_W));
	TRY(put_addr(t, 0, page, 0x4444));
	TRY(get_addr(t, 1, page, &v));
	CHECK(v == 0x4444, "read back %#llx", (unsigned long long)v);
	ENCLU_DELTAS(t, &a, .eenter = 4, .eexit = 4, .eaccept = 1, .emodpe = 1);
	return true;
}
