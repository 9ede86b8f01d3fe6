// SPDX-License-Identifier: GPL-2.0
/*
 * check_runtime.c - the runtime (libsgx2_runtime.a) running the test
 * enclave natively against the SGX2 model, without the kernel module:
 * host_driver.c stands in for the module's sim backend and is plugged in
 * as the runtime's transport.
 *
 * Every test runs in its own process (Check's fork mode) with a fresh
 * enclave: the signal handlers the runtime installs stay in that process.
 * ENCL_ELF names the enclave (default ../enclave/test_encl.elf).
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "host_driver.h"
#include "sgx2_runtime.h"

#define PG		4096ULL
#define HEAP_PAGES	8
#define MAGIC		0x0123456789abcdefULL
#define MAGIC2		0xfeedfacecafebeefULL

#define REG_RW		(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_W)
#define RW_PENDING	(REG_RW | SGX2_SECINFO_PENDING)
#define R_PR		(SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_PR)
#define TRIM_MODIFIED	(SGX2_SECINFO_TRIM | SGX2_SECINFO_MODIFIED)

/* The layout the entry functions rely on (see sgx2_sim_enter.S). */
_Static_assert(offsetof(struct sgx2_enclave_run, tcs) == 0, "run.tcs");
_Static_assert(offsetof(struct sgx2_enclave_run, function) == 8, "run.function");
_Static_assert(offsetof(struct sgx2_enclave_run, exception_vector) == 12, "vector");
_Static_assert(offsetof(struct sgx2_enclave_run, exception_error_code) == 14, "ec");
_Static_assert(offsetof(struct sgx2_enclave_run, exception_addr) == 16, "addr");
_Static_assert(offsetof(struct sgx2_enclave_run, user_handler) == 24, "handler");
_Static_assert(offsetof(struct sgx2_enclave_run, reserved) == 40, "reserved");
_Static_assert(sizeof(struct sgx2_enclave_run) == 256, "run size");

/* check_call.S */
int check_call(unsigned long rdi, unsigned long rsi, unsigned long rdx,
	       unsigned int function, unsigned long r8, unsigned long r9,
	       struct sgx2_enclave_run *run);
sgx2_enter_fn check_call_fn;
unsigned long check_call_in[4];
unsigned long check_call_out[7];

static struct hd HD;
static sgx2_enter_fn enter;
static struct sgx2_enclave_run run;

static const char *elf_path(void)
{
	const char *p = getenv("ENCL_ELF");

	return p && *p ? p : "../enclave/test_encl.elf";
}

static void setup(void)
{
	int ret = hd_create(&HD, elf_path(), HEAP_PAGES * PG);

	ck_assert_msg(ret == 0, "hd_create: %d (%s)", ret, HD.error);
	sgx2_runtime_set_transport(hd_transport, &HD);
	ck_assert_int_eq(sgx2_runtime_init(-1, &enter), 0);
	ck_assert_str_eq(sgx2_runtime_backend(), "sim");
	ck_assert_ptr_eq((void *)enter, (void *)sgx2_sim_enter_enclave);
	check_call_fn = enter;
	memset(&run, 0, sizeof(run));
}

static void teardown(void)
{
	hd_destroy(&HD);
}

/* Addresses: heap page @i (added RW), free page @i (in ELRANGE, no page). */
static uint64_t heap(unsigned int i)
{
	return HD.base + HD.e.heap_offset + i * PG;
}

static uint64_t unbacked(unsigned int i)
{
	uint64_t a = HD.base + HD.e.image_size + i * PG;

	ck_assert_uint_lt(a, HD.base + HD.size);
	ck_assert_ptr_null(hd_epcm(&HD, a));
	return a;
}

/*
 * Enter through TCS @tcs with RDI = @op; run's outputs are cleared first.
 *
 * The test enclave keeps the caller's RSP and RBP on its own stack at
 * EENTER and returns to them at EEXIT, as mainline's selftest enclave
 * does.  An ERESUME must therefore come from the same stack depth as the
 * EENTER it resumes: call ecall() and eresume() (both this one function)
 * directly from the test body, never from a helper of different depth.
 */
static __attribute__((noinline)) int encl_call(void *op, unsigned int function,
					       unsigned int tcs)
{
	run.tcs = hd_tcs(&HD, tcs);
	run.function = 0;
	run.exception_vector = 0;
	run.exception_error_code = 0;
	run.exception_addr = 0;
	return check_call((unsigned long)op, 0, 0, function, 0, 0, &run);
}

#define ecall(op, tcs)	encl_call((op), SGX2_EENTER, (tcs))
#define eresume(tcs)	encl_call(NULL, SGX2_ERESUME, (tcs))

static void ck_eexit(int ret)
{
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(run.function, SGX2_EEXIT);
	ck_assert_uint_eq(run.exception_vector, 0);
	ck_assert(!sgx2_runtime_inside(NULL));
}

static void ck_exception(int ret, unsigned int function, unsigned int vector,
			 unsigned int error_code, uint64_t addr)
{
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(run.function, function);
	ck_assert_uint_eq(run.exception_vector, vector);
	ck_assert_uint_eq(run.exception_error_code, error_code);
	ck_assert_uint_eq(run.exception_addr, addr);
	ck_assert(!sgx2_runtime_inside(NULL));
}

static void put_addr(uint64_t addr, uint64_t value, unsigned int tcs, int *ret)
{
	struct encl_op_put_to_addr op = {
		{ ENCL_OP_PUT_TO_ADDRESS }, value, addr
	};

	*ret = ecall(&op, tcs);
}

static uint64_t get_addr(uint64_t addr, unsigned int tcs)
{
	struct encl_op_get_from_addr op = {
		{ ENCL_OP_GET_FROM_ADDRESS }, 0, addr
	};

	ck_eexit(ecall(&op, tcs));
	return op.value;
}

static uint64_t eaccept(uint64_t addr, uint64_t flags, unsigned int tcs)
{
	struct encl_op_eaccept op = {
		{ ENCL_OP_EACCEPT }, addr, flags, ~0ULL
	};

	ck_eexit(ecall(&op, tcs));
	return op.ret;
}

static u64 encl_stat(enum sgx2_stat s)
{
	return HD.encl.stats[s];
}

/* ---- loading, entry and exit ------------------------------------------- */

START_TEST(loaded_as_measured)
{
	struct sgx2_sim_epcm *e;

	/* EINIT passed: the model's MRENCLAVE is the builder's. */
	ck_assert(HD.encl.flags & SGX2_SIM_ENCL_INIT);
	ck_assert_mem_eq(HD.secs_page + SGX2_SIM_SECS_MRENCLAVE, HD.e.mrenclave,
			 32);
	e = hd_epcm(&HD, hd_tcs(&HD, 1));
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->pt, SGX2_PAGE_TYPE_TCS);
	ck_assert_int_eq(HD.prot[0], PROT_NONE);
	e = hd_epcm(&HD, hd_sym(&HD, ENCL_SYM_ENTRY));
	ck_assert_uint_eq(e->flags & SGX2_SIM_EPCM_RWX,
			  SGX2_SIM_EPCM_R | SGX2_SIM_EPCM_X);
	ck_assert_int_eq(HD.prot[(hd_sym(&HD, ENCL_SYM_ENTRY) - HD.base) / PG],
			 PROT_READ | PROT_EXEC);
	ck_assert_int_eq(HD.prot[(heap(0) - HD.base) / PG],
			 PROT_READ | PROT_WRITE);
	ck_assert_uint_eq(HD.base % HD.size, 0);
}
END_TEST

START_TEST(nop_and_eexit)
{
	struct encl_op_header nop = { ENCL_OP_NOP };
	struct sgx2_enclave_run *r;

	check_call_in[0] = 0x1212121212121212UL;
	check_call_in[1] = 0x1313131313131313UL;
	check_call_in[2] = 0x1414141414141414UL;
	check_call_in[3] = 0x1515151515151515UL;
	ck_eexit(ecall(&nop, 0));
	/* EEXIT path: RSP, RBP and (the enclave keeping them) R12-R15. */
	ck_assert_uint_eq(check_call_out[0], check_call_in[0]);
	ck_assert_uint_eq(check_call_out[3], check_call_in[3]);
	ck_assert_uint_eq(check_call_out[4], check_call_out[6]);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_EENTER), 1);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_EEXIT), 1);
	ck_assert_uint_eq(HD.requests, 2);
	ck_assert(!sgx2_runtime_inside(&r));
	ck_assert_ptr_null(r);
	ck_assert_int_eq(sgx2_runtime_last_error(), 0);

	/* Straight from C, as the unclobbered vDSO selftest does. */
	run.function = 0;
	ck_assert_int_eq(enter((unsigned long)&nop, 0, 0, SGX2_EENTER, 0, 0,
			       &run), 0);
	ck_assert_uint_eq(run.function, SGX2_EEXIT);
}
END_TEST

START_TEST(bad_input)
{
	static const unsigned int bad[] = {
		0, 1, SGX2_EEXIT, SGX2_EACCEPT, 0x100, ~0U,
	};
	unsigned int i;

	run.tcs = hd_tcs(&HD, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_int_eq(check_call(0, 0, 0, bad[i], 0, 0, &run),
				 -EINVAL);
	run.reserved[215] = 1;
	ck_assert_int_eq(check_call(0, 0, 0, SGX2_EENTER, 0, 0, &run), -EINVAL);
	run.reserved[215] = 0;
	run.reserved[0] = 1;
	ck_assert_int_eq(check_call(0, 0, 0, SGX2_EENTER, 0, 0, &run), -EINVAL);
	ck_assert_uint_eq(HD.requests, 0);
	ck_assert_uint_eq(run.function, 0);
}
END_TEST

START_TEST(put_get_both_tcs)
{
	struct encl_op_put_to_buf put = { { ENCL_OP_PUT_TO_BUFFER }, MAGIC };
	struct encl_op_get_from_buf get = { { ENCL_OP_GET_FROM_BUFFER }, 0 };
	uint64_t in_encl;

	ck_eexit(ecall(&put, 0));
	ck_eexit(ecall(&get, 1));
	ck_assert_uint_eq(get.value, MAGIC);
	memcpy(&in_encl, (void *)(uintptr_t)hd_sym(&HD, ENCL_SYM_BUFFER), 8);
	ck_assert_uint_eq(in_encl, MAGIC);

	put.value = MAGIC2;
	ck_eexit(ecall(&put, 1));
	get.value = 0;
	ck_eexit(ecall(&get, 0));
	ck_assert_uint_eq(get.value, MAGIC2);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_EENTER), 4);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_AEX), 0);
}
END_TEST

/* EENTER itself faults: reported with function = EENTER, full address. */
START_TEST(entry_faults_from_outside)
{
	struct encl_op_header nop = { ENCL_OP_NOP };

	run.tcs = heap(0) + 0;		/* a REG page, not a TCS */
	run.function = 0;
	ck_exception(check_call((unsigned long)&nop, 0, 0, SGX2_EENTER, 0, 0,
				&run), SGX2_EENTER, 14, 0x8005, heap(0));
	/* ERESUME of a TCS with CSSA = 0: #GP. */
	ck_exception(eresume(0), SGX2_ERESUME, 13, 0, 0);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_AEX), 0);
	/* Nothing broken: the enclave still runs. */
	ck_eexit(ecall(&nop, 0));
}
END_TEST

/* ---- exceptions inside, and ERESUME ------------------------------------ */

/* Read of a trimmed page: #PF 0x8005; fix it up, ERESUME completes. */
START_TEST(trimmed_page_then_eresume)
{
	struct encl_op_get_from_addr get = {
		{ ENCL_OP_GET_FROM_ADDRESS }, MAGIC, heap(1) + 0x18
	};
	int ret;

	put_addr(heap(1) + 0x18, MAGIC2, 1, &ret);
	ck_eexit(ret);
	ck_assert_int_eq(hd_emodt(&HD, heap(1), SGX2_PAGE_TYPE_TRIM), 0);
	ck_assert_int_eq(HD.prot[(heap(1) - HD.base) / PG], PROT_NONE);

	check_call_in[0] = 0x1212121212121212UL;
	ck_exception(ecall(&get, 0), SGX2_ERESUME, 14, 0x8005, heap(1));
	ck_assert_uint_eq(check_call_out[0], 0);	/* AEX synthetic state */
	ck_assert_uint_eq(check_call_out[4], check_call_out[6]);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_AEX), 1);
	ck_assert_uint_eq(get.value, MAGIC);		/* not reached */

	/* TCS 0 holds the AEX frame (NSSA 1); fix up from TCS 1. */
	ck_assert_int_eq(hd_etrack(&HD), 0);
	ck_assert_uint_eq(eaccept(heap(1), TRIM_MODIFIED, 1), 0);
	ck_assert_int_eq(hd_eremove(&HD, heap(1)), 0);
	ck_assert_int_eq(hd_eaug(&HD, heap(1)), 0);
	ck_assert_uint_eq(eaccept(heap(1), RW_PENDING, 1), 0);

	/* The GET runs again from the faulting instruction. */
	ck_eexit(eresume(0));
	ck_assert_uint_eq(get.value, 0);		/* a fresh page */
	ck_assert_uint_eq(encl_stat(SGX2_STAT_ERESUME), 1);
}
END_TEST

/* The epcm_permissions selftest: write to a restricted page is 0x8007. */
START_TEST(restricted_page_then_eresume)
{
	struct encl_op_emodpe emodpe = {
		{ ENCL_OP_EMODPE }, heap(2), SGX2_SECINFO_W
	};
	struct encl_op_put_to_addr put = {
		{ ENCL_OP_PUT_TO_ADDRESS }, MAGIC, heap(2) + 8
	};

	ck_assert_int_eq(hd_emodpr(&HD, heap(2), SGX2_SECINFO_R), 0);
	ck_assert_int_eq(hd_etrack(&HD), 0);
	ck_assert_uint_eq(eaccept(heap(2), R_PR, 1), 0);
	ck_assert_int_eq(HD.prot[(heap(2) - HD.base) / PG], PROT_READ);
	ck_assert_uint_eq(get_addr(heap(2), 1), 0);

	ck_exception(ecall(&put, 0), SGX2_ERESUME, 14, 0x8007, heap(2));

	/* EMODPE from the other TCS restores W; then ERESUME. */
	ck_eexit(ecall(&emodpe, 1));
	ck_assert(hd_epcm(&HD, heap(2))->flags & SGX2_SIM_EPCM_W);
	ck_eexit(eresume(0));
	ck_assert_uint_eq(get_addr(heap(2) + 8, 0), MAGIC);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_EMODPE), 1);
}
END_TEST

/* The augment selftest: a write to an unbacked page EAUGs it, 0x8007. */
START_TEST(augment_on_write)
{
	uint64_t a = unbacked(0);
	struct encl_op_put_to_addr put = {
		{ ENCL_OP_PUT_TO_ADDRESS }, MAGIC, a + 0x20
	};

	ck_exception(ecall(&put, 0), SGX2_ERESUME, 14, 0x8007, a);
	ck_assert_uint_eq(HD.eaug_faults, 1);
	ck_assert(hd_epcm(&HD, a)->flags & SGX2_SIM_EPCM_PENDING);

	ck_assert_uint_eq(eaccept(a, RW_PENDING, 1), 0);
	ck_eexit(eresume(0));
	ck_assert_uint_eq(get_addr(a + 0x20, 1), MAGIC);
}
END_TEST

/* Exceptions that are not EPCM faults pass through as the CPU made them. */
START_TEST(other_exceptions)
{
	int ret;

	/* Non-canonical: #GP(0), no address. */
	put_addr(0x8000000000000000ULL, MAGIC, 0, &ret);
	ck_exception(ret, SGX2_ERESUME, 13, 0, 0);
	/* Unmapped, outside ELRANGE: a plain user-mode read #PF. */
	ck_assert_uint_eq(get_addr(heap(0), 1), 0);	/* TCS 1 still fine */
	{
		struct encl_op_get_from_addr get = {
			{ ENCL_OP_GET_FROM_ADDRESS }, 0, 0x18
		};

		ck_exception(ecall(&get, 1), SGX2_ERESUME, 14, 0x4, 0);
	}
	ck_assert_uint_eq(encl_stat(SGX2_STAT_AEX), 2);
}
END_TEST

/*
 * The page at RIP becomes unreadable between the CPU's fetch and the
 * runtime's SIGILL handler (another thread's mprotect): the handler must
 * not fault with SIGSEGV blocked, which kills the process, but report the
 * fetch as hardware would have taken it: an AEX with #PF (U | I/D) at
 * RIP.  Made deterministic with a transport that, when EENTER has been
 * answered, revokes the entry page and queues a CPU-like SIGILL
 * (si_code ILL_ILLOPN) to the thread: it is taken at the entry point,
 * before any enclave instruction runs.
 */
static uint64_t revoked_page;

static int revoking_transport(void *ctx, struct sgx2_sim_enclu *req)
{
	uint64_t leaf = req->leaf;
	siginfo_t si;
	int ret;

	ret = hd_transport(ctx, req);
	if (ret || leaf != SGX2_EENTER || revoked_page ||
	    (req->flags & SGX2_SIM_ENCLU_EXCEPTION))
		return ret;
	revoked_page = req->rip & ~(PG - 1);
	if (mprotect((void *)(uintptr_t)revoked_page, PG, PROT_NONE))
		return -errno;
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGILL;
	si.si_code = ILL_ILLOPN;
	si.si_addr = (void *)(uintptr_t)req->rip;
	if (syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid),
		    SIGILL, &si))
		return -errno;
	return 0;
}

START_TEST(sigill_at_unreadable_rip)
{
	struct encl_op_put_to_buf put = { { ENCL_OP_PUT_TO_BUFFER }, MAGIC };
	struct encl_op_get_from_buf get = { { ENCL_OP_GET_FROM_BUFFER }, 0 };
	unsigned int page;

	sgx2_runtime_set_transport(revoking_transport, &HD);
	ck_assert_int_eq(ecall(&put, 0), 0);
	ck_assert_uint_ne(revoked_page, 0);
	ck_assert_uint_eq(run.function, SGX2_ERESUME);
	ck_assert_uint_eq(run.exception_vector, 14);
	ck_assert_uint_eq(run.exception_error_code & ~1U, 0x14);
	ck_assert_uint_eq(run.exception_addr, revoked_page);
	ck_assert(!sgx2_runtime_inside(NULL));
	ck_assert_uint_eq(encl_stat(SGX2_STAT_AEX), 1);

	/* Readable again: ERESUME runs the PUT from its entry point. */
	page = (unsigned int)((revoked_page - HD.base) / PG);
	ck_assert_int_eq(mprotect((void *)(uintptr_t)revoked_page, PG,
				  HD.prot[page]), 0);
	ck_eexit(eresume(0));
	ck_eexit(ecall(&get, 1));
	ck_assert_uint_eq(get.value, MAGIC);
}
END_TEST

/* ---- SGX2 leaves from the enclave -------------------------------------- */

START_TEST(eaccept_of_eaug_page)
{
	uint64_t a = unbacked(1);
	int ret;

	ck_assert_int_eq(hd_eaug(&HD, a), 0);
	ck_assert_int_eq(HD.prot[(a - HD.base) / PG], PROT_NONE);
	ck_assert_uint_eq(eaccept(a, RW_PENDING, 0), 0);
	ck_assert_int_eq(HD.prot[(a - HD.base) / PG], PROT_READ | PROT_WRITE);
	put_addr(a, MAGIC, 1, &ret);
	ck_eexit(ret);
	ck_assert_uint_eq(get_addr(a, 0), MAGIC);
	/* A second EACCEPT: SGX_PAGE_ATTRIBUTES_MISMATCH in the op's ret. */
	ck_assert_uint_eq(eaccept(a, RW_PENDING, 0),
			  SGX2_PAGE_ATTRIBUTES_MISMATCH);
}
END_TEST

/* The augment_via_eaccept selftest: EACCEPT on nothing EAUGs it. */
START_TEST(eaccept_unbacked_augments)
{
	uint64_t a = unbacked(2);
	int ret;

	ck_assert_uint_eq(eaccept(a, RW_PENDING, 0), 0);
	ck_assert_uint_eq(HD.eaug_faults, 1);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_EACCEPT), 1);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_AEX), 0);
	put_addr(a + 0xff8, MAGIC2, 0, &ret);
	ck_eexit(ret);
	ck_assert_uint_eq(get_addr(a + 0xff8, 1), MAGIC2);
}
END_TEST

START_TEST(emodpe_extends)
{
	struct encl_op_emodpe op = { { ENCL_OP_EMODPE }, heap(3), SGX2_SECINFO_X };

	ck_eexit(ecall(&op, 0));
	ck_assert_uint_eq(hd_epcm(&HD, heap(3))->flags & SGX2_SIM_EPCM_RWX,
			  SGX2_SIM_EPCM_RWX);
	ck_assert_int_eq(HD.prot[(heap(3) - HD.base) / PG],
			 PROT_READ | PROT_WRITE | PROT_EXEC);

	/* EMODPE of a TCS page faults (#PF, EPCM): an AEX at the ENCLU. */
	op.epc_addr = hd_tcs(&HD, 1);
	op.flags = SGX2_SECINFO_R;
	ck_exception(ecall(&op, 0), SGX2_ERESUME, 14, 0x8005, hd_tcs(&HD, 1));
}
END_TEST

START_TEST(eacceptcopy_fills_pending_page)
{
	struct encl_op_eacceptcopy op = { .header = { ENCL_OP_EACCEPTCOPY } };
	uint64_t dst = unbacked(3);
	uint64_t value;
	int ret;

	put_addr(heap(4) + 0x100, MAGIC, 0, &ret);
	ck_eexit(ret);
	ck_assert_int_eq(hd_eaug(&HD, dst), 0);
	op.epc_addr = dst;
	op.src_addr = heap(4);
	op.flags = SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_X;
	op.ret = ~0ULL;
	ck_eexit(ecall(&op, 1));
	ck_assert_uint_eq(op.ret, 0);
	ck_assert_uint_eq(hd_epcm(&HD, dst)->flags,
			  SGX2_SIM_EPCM_VALID | SGX2_SIM_EPCM_R | SGX2_SIM_EPCM_X);
	ck_assert_int_eq(HD.prot[(dst - HD.base) / PG], PROT_READ | PROT_EXEC);
	memcpy(&value, (void *)(uintptr_t)(dst + 0x100), 8);
	ck_assert_uint_eq(value, MAGIC);

	/* Not PENDING any more: the op's ret carries the SGX error. */
	op.ret = ~0ULL;
	ck_eexit(ecall(&op, 1));
	ck_assert_uint_eq(op.ret, SGX2_PAGE_ATTRIBUTES_MISMATCH);
}
END_TEST

/* ---- tracking ---------------------------------------------------------- */

struct track_hook {
	uint64_t leaf;		/* act before this leaf's request */
	bool etrack, ipi;
	int etrack_ret;
	bool open_after_etrack;
	unsigned int fired;
};

/* What another CPU does while this thread is inside: ETRACK, IPI. */
static void track_hook(struct hd *hd, struct sgx2_sim_enclu *req, void *data)
{
	struct track_hook *t = data;

	if (req->leaf != t->leaf || t->fired++)
		return;
	if (t->etrack) {
		t->etrack_ret = hd_etrack_locked(hd);
		t->open_after_etrack = sgx2_sim_tracking_open(&hd->encl);
	}
	if (t->ipi)
		hd_ipi_locked(hd);
}

START_TEST(eaccept_not_tracked)
{
	struct track_hook t = { .leaf = SGX2_EACCEPT, .etrack = true };

	/* EMODPR and no ETRACK at all. */
	ck_assert_int_eq(hd_emodpr(&HD, heap(5), SGX2_SECINFO_R), 0);
	ck_assert_uint_eq(eaccept(heap(5), R_PR, 0), SGX2_NOT_TRACKED);

	/* ETRACK while the thread is inside: it entered before, so the
	 * cycle stays open and EACCEPT still says NOT_TRACKED ... */
	hd_set_hook(&HD, track_hook, &t);
	ck_assert_uint_eq(eaccept(heap(5), R_PR, 0), SGX2_NOT_TRACKED);
	ck_assert_uint_eq(t.fired, 1);
	ck_assert_int_eq(t.etrack_ret, 0);
	ck_assert(t.open_after_etrack);
	/* ... until the thread left (EEXIT completed the cycle). */
	ck_assert(!sgx2_sim_tracking_open(&HD.encl));
	hd_set_hook(&HD, NULL, NULL);
	ck_assert_uint_eq(eaccept(heap(5), R_PR, 0), 0);
}
END_TEST

START_TEST(eaccept_after_etrack_and_ipi)
{
	struct track_hook t = {
		.leaf = SGX2_EACCEPT, .etrack = true, .ipi = true
	};
	unsigned long before;

	ck_assert_int_eq(hd_emodpr(&HD, heap(5), SGX2_SECINFO_R), 0);
	hd_set_hook(&HD, track_hook, &t);
	before = encl_stat(SGX2_STAT_AEX);
	/* ETRACK, then the IPI bounces the thread: tracked, accepted. */
	ck_assert_uint_eq(eaccept(heap(5), R_PR, 0), 0);
	ck_assert(t.open_after_etrack);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_AEX), before + 1);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_ERESUME), 1);
	ck_assert_uint_eq(hd_epcm(&HD, heap(5))->flags,
			  SGX2_SIM_EPCM_VALID | SGX2_SIM_EPCM_R);
	/* The interrupted thread went on normally and exited. */
	ck_assert_uint_eq(HD.encl.lps_inside, 0);
}
END_TEST

/* ---- a TCS made at run time (the tcs_create selftest) ------------------ */

/* Offset of the UD2 after the bootstrap's EEXIT (ENCLU; UD2). */
static uint64_t ud2_offset(void)
{
	uint64_t entry = hd_sym(&HD, ENCL_SYM_ENTRY) - HD.base;
	const uint8_t *p = HD.e.image;
	uint64_t off;

	for (off = entry; off + 5 <= entry + PG; off++)
		if (!memcmp(p + off, "\x0f\x01\xd7\x0f\x0b", 5))
			return off + 3;
	ck_abort_msg("no ENCLU; UD2 in the bootstrap");
	return 0;
}

/*
 * Turn the unbacked page @tcs into a TCS with OENTRY @entry (0: the
 * dynamic entry, whose stack is the page below @tcs) and SSA page @ssa,
 * all EAUGed through EACCEPT from TCS 0.
 */
static void make_tcs(uint64_t tcs, uint64_t ssa, uint64_t entry)
{
	struct encl_op_init_tcs_page init = {
		{ ENCL_OP_INIT_TCS_PAGE }, tcs, ssa - HD.base, entry
	};

	ck_assert_uint_eq(eaccept(tcs, RW_PENDING, 0), 0);
	ck_assert_uint_eq(eaccept(ssa, RW_PENDING, 0), 0);
	ck_eexit(ecall(&init, 0));
	ck_assert_int_eq(hd_emodt(&HD, tcs, SGX2_PAGE_TYPE_TCS), 0);
	ck_assert_int_eq(hd_etrack(&HD), 0);
	ck_assert_uint_eq(eaccept(tcs, SGX2_SECINFO_TCS | SGX2_SECINFO_MODIFIED,
				  0), 0);
	ck_assert_uint_eq(hd_epcm(&HD, tcs)->pt, SGX2_PAGE_TYPE_TCS);
	ck_assert_int_eq(HD.prot[(tcs - HD.base) / PG], PROT_NONE);
}

START_TEST(dynamic_tcs)
{
	struct encl_op_put_to_buf put = { { ENCL_OP_PUT_TO_BUFFER }, MAGIC };
	struct encl_op_get_from_buf get = { { ENCL_OP_GET_FROM_BUFFER }, 0 };
	struct encl_op_header nop = { ENCL_OP_NOP };
	uint64_t stack = unbacked(5), tcs = unbacked(6), ssa = unbacked(7);
	uint64_t bad = unbacked(8), bad_ssa = unbacked(9);

	/* The dynamic entry's stack: the page below the TCS. */
	ck_assert_uint_eq(eaccept(stack, RW_PENDING, 0), 0);
	make_tcs(tcs, ssa, 0);
	run.tcs = tcs;
	run.function = 0;
	ck_assert_int_eq(check_call((unsigned long)&put, 0, 0, SGX2_EENTER, 0,
				    0, &run), 0);
	ck_assert_uint_eq(run.function, SGX2_EEXIT);
	ck_eexit(ecall(&get, 1));
	ck_assert_uint_eq(get.value, MAGIC);

	/* A TCS whose entry point is a UD2: #UD inside, vector 6. */
	make_tcs(bad, bad_ssa, ud2_offset());
	run.tcs = bad;
	run.function = 0;
	ck_assert_int_eq(check_call((unsigned long)&nop, 0, 0, SGX2_EENTER, 0,
				    0, &run), 0);
	ck_exception(0, SGX2_ERESUME, 6, 0, 0);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_AEX), 1);

	/* Trim the first one, accept, remove (no thread uses it). */
	ck_assert_int_eq(hd_emodt(&HD, tcs, SGX2_PAGE_TYPE_TRIM), 0);
	ck_assert_int_eq(hd_etrack(&HD), 0);
	ck_assert_uint_eq(eaccept(tcs, TRIM_MODIFIED, 1), 0);
	ck_assert_int_eq(hd_eremove(&HD, tcs), 0);
	ck_assert_ptr_null(hd_epcm(&HD, tcs));
}
END_TEST

/* ---- user handler ------------------------------------------------------ */

struct handler_log {
	unsigned int calls;
	long rdi[4], rsi[4], rdx[4], ursp[4], r8[4], r9[4];
	uint32_t function[4];
	struct sgx2_enclave_run *run[4];
	int result[4];
};

static struct handler_log hlog;

static int user_handler(long rdi, long rsi, long rdx, long ursp, long r8,
			long r9, struct sgx2_enclave_run *r)
{
	unsigned int i = hlog.calls++;

	ck_assert_uint_lt(i, 4);
	hlog.rdi[i] = rdi;
	hlog.rsi[i] = rsi;
	hlog.rdx[i] = rdx;
	hlog.ursp[i] = ursp;
	hlog.r8[i] = r8;
	hlog.r9[i] = r9;
	hlog.run[i] = r;
	hlog.function[i] = r->function;
	/* The ABI: a 16-byte aligned stack at the call. */
	ck_assert_uint_eq(((uintptr_t)__builtin_frame_address(0) + 16) % 16, 0);
	return hlog.result[i];
}

START_TEST(user_handler_on_exit)
{
	struct encl_op_header nop = { ENCL_OP_NOP };

	memset(&hlog, 0, sizeof(hlog));
	hlog.result[0] = -42;
	run.user_handler = (uintptr_t)user_handler;
	run.user_data = 0x5555;
	ck_assert_int_eq(ecall(&nop, 0), -42);
	ck_assert_uint_eq(hlog.calls, 1);
	ck_assert_ptr_eq(hlog.run[0], &run);
	ck_assert_uint_eq(hlog.function[0], SGX2_EEXIT);
	/* The test enclave clears the volatile registers before EEXIT. */
	ck_assert_int_eq(hlog.rdi[0], 0);
	ck_assert_int_eq(hlog.rsi[0], 0);
	ck_assert_int_eq(hlog.r8[0], 0);
	ck_assert_int_eq(hlog.r9[0], 0);
	/* URSP: the caller's RSP, as the enclave restored it. */
	ck_assert_uint_eq(hlog.ursp[0], check_call_out[6] - 24);
	ck_assert_uint_eq(run.user_data, 0x5555);

	/* A positive result that is not EENTER/ERESUME: -EINVAL. */
	memset(&hlog, 0, sizeof(hlog));
	hlog.result[0] = SGX2_EEXIT;
	ck_assert_int_eq(ecall(&nop, 0), -EINVAL);
	ck_assert_uint_eq(hlog.calls, 1);
}
END_TEST

/* On an exception, the handler fixes the page and asks for ERESUME. */
static int fixing_handler(long rdi, long rsi, long rdx, long ursp, long r8,
			  long r9, struct sgx2_enclave_run *r)
{
	int ret = user_handler(rdi, rsi, rdx, ursp, r8, r9, r);
	struct sgx2_enclave_run inner;
	struct encl_op_eaccept op = {
		{ ENCL_OP_EACCEPT }, (uint64_t)rdx, RW_PENDING, ~0ULL
	};

	if (r->function != SGX2_ERESUME)
		return ret;
	/* A nested entry through the other TCS, without a handler. */
	memset(&inner, 0, sizeof(inner));
	inner.tcs = hd_tcs(&HD, 1);
	ck_assert_int_eq(enter((unsigned long)&op, 0, 0, SGX2_EENTER, 0, 0,
			       &inner), 0);
	ck_assert_uint_eq(inner.function, SGX2_EEXIT);
	ck_assert_uint_eq(op.ret, 0);
	return SGX2_ERESUME;
}

START_TEST(user_handler_resumes)
{
	uint64_t a = unbacked(4);
	int ret;

	memset(&hlog, 0, sizeof(hlog));
	run.user_handler = (uintptr_t)fixing_handler;
	put_addr(a + 0x40, MAGIC, 0, &ret);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(hlog.calls, 2);
	ck_assert_uint_eq(hlog.function[0], SGX2_ERESUME);
	ck_assert_int_eq(hlog.rdi[0], 14);
	ck_assert_int_eq(hlog.rsi[0], 0x8007);
	ck_assert_int_eq(hlog.rdx[0], (long)a);
	ck_assert_int_eq(hlog.r8[0], 0);		/* AEX synthetic zero */
	ck_assert_uint_eq(hlog.function[1], SGX2_EEXIT);
	ck_assert_uint_eq(run.function, SGX2_EEXIT);
	run.user_handler = 0;
	ck_assert_uint_eq(get_addr(a + 0x40, 1), MAGIC);
}
END_TEST

/* ---- threads ----------------------------------------------------------- */

struct worker {
	unsigned int tcs;
	uint64_t addr;
	int failures;
	bool altstack;
};

static void *worker(void *arg)
{
	struct worker *w = arg;
	stack_t off = { .ss_flags = SS_DISABLE }, old, ss;
	struct sgx2_enclave_run r;
	unsigned int i;

	/* Start without an alternate stack (a sanitizer may give one). */
	if (sigaltstack(&off, &old))
		w->failures++;
	for (i = 0; i < 300; i++) {
		struct encl_op_put_to_addr put = {
			{ ENCL_OP_PUT_TO_ADDRESS }, MAGIC ^ i ^ w->tcs, w->addr
		};
		struct encl_op_get_from_addr get = {
			{ ENCL_OP_GET_FROM_ADDRESS }, 0, w->addr
		};

		memset(&r, 0, sizeof(r));
		r.tcs = hd_tcs(&HD, w->tcs);
		if (enter((unsigned long)&put, 0, 0, SGX2_EENTER, 0, 0, &r) ||
		    r.function != SGX2_EEXIT)
			w->failures++;
		if (enter((unsigned long)&get, 0, 0, SGX2_EENTER, 0, 0, &r) ||
		    r.function != SGX2_EEXIT || get.value != put.value)
			w->failures++;
	}
	/* The first entry gave this thread the runtime's signal stack. */
	w->altstack = !sigaltstack(NULL, &ss) && !(ss.ss_flags & SS_DISABLE) &&
		      ss.ss_size >= 64 * 1024;
	sgx2_runtime_thread_fini();
	if (sigaltstack(NULL, &ss) || !(ss.ss_flags & SS_DISABLE))
		w->failures++;
	if (!(old.ss_flags & SS_DISABLE) && sigaltstack(&old, NULL))
		w->failures++;
	return NULL;
}

START_TEST(two_threads)
{
	struct worker w[2] = {
		{ .tcs = 0, .addr = heap(6) }, { .tcs = 1, .addr = heap(7) },
	};
	pthread_t t[2];
	unsigned int i;

	for (i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, worker, &w[i]), 0);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
		ck_assert_int_eq(w[i].failures, 0);
		ck_assert(w[i].altstack);
	}
	ck_assert_uint_eq(encl_stat(SGX2_STAT_EENTER), 1200);
	ck_assert_uint_eq(encl_stat(SGX2_STAT_EEXIT), 1200);
	ck_assert_uint_eq(HD.encl.lps_inside, 0);
}
END_TEST

/* ---- outside the enclave, and the hardware path ------------------------ */

static sigjmp_buf jump;
static volatile sig_atomic_t own_handler_calls;

static void own_segv(int sig)
{
	(void)sig;
	own_handler_calls++;
	siglongjmp(jump, 1);
}

/* A fault outside any enclave reaches the handler installed before. */
START_TEST(outside_fault_chains)
{
	struct encl_op_header nop = { ENCL_OP_NOP };
	struct sigaction sa;
	struct hd hd;
	sgx2_enter_fn fn;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = own_segv;
	ck_assert_int_eq(sigaction(SIGSEGV, &sa, NULL), 0);
	ck_assert_int_eq(hd_create(&hd, elf_path(), PG), 0);
	sgx2_runtime_set_transport(hd_transport, &hd);
	ck_assert_int_eq(sgx2_runtime_init(-1, &fn), 0);

	if (!sigsetjmp(jump, 1))
		*(volatile int *)(uintptr_t)8 = 1;
	ck_assert_int_eq(own_handler_calls, 1);

	/* The runtime still works after the jump out of the chain. */
	memset(&run, 0, sizeof(run));
	run.tcs = hd_tcs(&hd, 0);
	check_call_fn = fn;
	ck_assert_int_eq(check_call((unsigned long)&nop, 0, 0, SGX2_EENTER, 0,
				    0, &run), 0);
	ck_assert_uint_eq(run.function, SGX2_EEXIT);
	hd_destroy(&hd);
}
END_TEST

/* With no handler before the runtime's, the fault kills as by default. */
START_TEST(outside_fault_kills)
{
	struct hd hd;
	sgx2_enter_fn fn;

	signal(SIGSEGV, SIG_DFL);	/* whatever a sanitizer put there */
	ck_assert_int_eq(hd_create(&hd, elf_path(), PG), 0);
	sgx2_runtime_set_transport(hd_transport, &hd);
	ck_assert_int_eq(sgx2_runtime_init(-1, &fn), 0);
	*(volatile int *)(uintptr_t)8 = 1;
	hd_destroy(&hd);
}
END_TEST

/* No transport, an fd that is no sim device: the vDSO or nothing. */
START_TEST(hardware_path)
{
	struct timespec a, b;
	int (*gettime)(clockid_t, struct timespec *);
	void *vdso_enter;
	sgx2_enter_fn fn = NULL;
	int fd, ret;

	gettime = (int (*)(clockid_t, struct timespec *))
		sgx2_runtime_vdso_sym("__vdso_clock_gettime");
	ck_assert_ptr_nonnull((void *)gettime);
	ck_assert_int_eq(gettime(CLOCK_MONOTONIC, &a), 0);
	ck_assert_int_eq(clock_gettime(CLOCK_MONOTONIC, &b), 0);
	ck_assert(b.tv_sec >= a.tv_sec);
	ck_assert_ptr_null(sgx2_runtime_vdso_sym("no_such_symbol"));

	sgx2_runtime_set_transport(NULL, NULL);
	ck_assert_int_eq(sgx2_runtime_init(-1, &fn), -EBADF);
	fd = open("/dev/null", O_RDWR);
	ck_assert_int_ge(fd, 0);
	vdso_enter = sgx2_runtime_vdso_sym("__vdso_sgx_enter_enclave");
	ret = sgx2_runtime_init(fd, &fn);
	if (vdso_enter) {
		ck_assert_int_eq(ret, 0);
		ck_assert_str_eq(sgx2_runtime_backend(), "hw");
		ck_assert_ptr_eq((void *)fn, vdso_enter);
	} else {
		ck_assert_int_eq(ret, -ENODEV);
		ck_assert_str_eq(sgx2_runtime_backend(), "none");
	}
	close(fd);
}
END_TEST

static Suite *runtime_suite(void)
{
	Suite *s = suite_create("runtime");
	TCase *tc;

	tc = tcase_create("entry");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, loaded_as_measured);
	tcase_add_test(tc, nop_and_eexit);
	tcase_add_test(tc, bad_input);
	tcase_add_test(tc, put_get_both_tcs);
	tcase_add_test(tc, entry_faults_from_outside);
	suite_add_tcase(s, tc);

	tc = tcase_create("exceptions");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, trimmed_page_then_eresume);
	tcase_add_test(tc, restricted_page_then_eresume);
	tcase_add_test(tc, augment_on_write);
	tcase_add_test(tc, other_exceptions);
	tcase_add_test(tc, sigill_at_unreadable_rip);
	suite_add_tcase(s, tc);

	tc = tcase_create("sgx2_leaves");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, eaccept_of_eaug_page);
	tcase_add_test(tc, eaccept_unbacked_augments);
	tcase_add_test(tc, emodpe_extends);
	tcase_add_test(tc, eacceptcopy_fills_pending_page);
	tcase_add_test(tc, eaccept_not_tracked);
	tcase_add_test(tc, eaccept_after_etrack_and_ipi);
	tcase_add_test(tc, dynamic_tcs);
	suite_add_tcase(s, tc);

	tc = tcase_create("user_handler");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, user_handler_on_exit);
	tcase_add_test(tc, user_handler_resumes);
	suite_add_tcase(s, tc);

	tc = tcase_create("threads");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, two_threads);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("outside");
	tcase_add_test(tc, outside_fault_chains);
	tcase_add_test_raise_signal(tc, outside_fault_kills, SIGSEGV);
	tcase_add_test(tc, hardware_path);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(runtime_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
