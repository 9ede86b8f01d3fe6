// SPDX-License-Identifier: GPL-2.0
/*
 * emu_test.c - TAP tests of the emulated SGX2 CPU (tests/qemu/sgx-cpu) for
 * SDM behaviours that mainline's selftests do not reach.  Runs in a guest
 * on that CPU against the in-kernel driver (/dev/sgx_enclave), with the
 * project's test enclave (test_encl.elf, built by encl_builder) entered
 * through the real vDSO (__vdso_sgx_enter_enclave, tests/runtime's hw
 * path).
 *
 *   emu_test [ELF]     (default: test_encl.elf beside the program)
 *
 * What a user program cannot reach with the in-kernel driver is said in
 * the plan (tests/qemu/sgx-cpu/plans/emu.sh) and printed as "# " notes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/sgx2_edmm.h>
#include <openssl/sha.h>

#include "../qemu/sgx-cpu/probe/encls_probe.h"
#include "encl_builder.h"
#include "encl_ops.h"
#include "sgx2_runtime.h"
#include "tap.h"

#define SGX_DEV		"/dev/sgx_enclave"
#define PAGE		4096ULL
#define PF_SGX		0x8000
#define GPRSGX_SIZE	184
/* GPRSGX offsets (SDM Vol. 3D, Table 35-9). */
#define GPR_RSP		32
#define GPR_RFLAGS	128
#define GPR_RIP		136
#define GPR_URSP	144
#define GPR_EXITINFO	160

int call_enclave(unsigned long rdi, unsigned long rsi, unsigned long rdx,
		 unsigned int function, unsigned long r8, unsigned long r9,
		 struct sgx2_enclave_run *run, sgx2_enter_fn fn);

static const char *elf_path;
/* The test group running now, for the watchdog. */
static const char *volatile current = "set-up";
#define WATCHDOG_S	120
static volatile unsigned int watchdog_s;

/*
 * A leaf that never completes (e.g. an EPCM fault the kernel does not
 * recognise, retried for ever) is a named failure, not a guest timeout.
 */
static void watchdog(int sig)
{
	char msg[256];
	int n;

	(void)sig;
	n = snprintf(msg, sizeof(msg),
		     "not ok %d - %s: no answer within %d s (a hung leaf or fault loop)\n",
		     tap_n + 1, current, watchdog_s);
	if (n > 0 && write(1, msg, n) < 0)
		_exit(2);
	_exit(1);
}

static void group_s(const char *name, unsigned int seconds)
{
	current = name;
	watchdog_s = seconds;
	alarm(seconds);
}

static void group(const char *name)
{
	group_s(name, WATCHDOG_S);
}
static sgx2_enter_fn enter_fn;

struct fx {
	struct encl e;
	int fd;
	uint64_t buf;		/* encl_buffer: two RW pages */
	uint64_t ssa;		/* encl_ssa: TCS i's frame at ssa + i pages */
};

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* A fixture whose SECS.ATTRIBUTES also has @attr (e.g. DEBUG). */
static bool fx_setup_attr(struct fx *f, size_t heap, uint64_t attr)
{
	uint64_t off;
	int ret;

	memset(f, 0, sizeof(*f));
	f->fd = open(SGX_DEV, O_RDWR | O_CLOEXEC);
	if (f->fd < 0) {
		note("open %s: %s", SGX_DEV, strerror(errno));
		return false;
	}
	ret = encl_build(elf_path, heap, &f->e);
	if (ret) {
		note("encl_build: %d %s", ret, f->e.error);
		return false;
	}
	/* SIGSTRUCT.ATTRIBUTEMASK is 0: EINIT takes any SECS attributes. */
	f->e.attributes |= attr;
	ret = encl_create_on(f->fd, &f->e);
	if (ret) {
		note("encl_create_on: %d %s", ret, f->e.error);
		return false;
	}
	if (encl_symbol(&f->e, ENCL_SYM_BUFFER, &off))
		return false;
	f->buf = f->e.base + off;
	if (encl_symbol(&f->e, ENCL_SYM_SSA, &off))
		return false;
	f->ssa = f->e.base + off;
	if (!enter_fn) {
		ret = sgx2_runtime_init(f->fd, &enter_fn);
		if (ret) {
			note("sgx2_runtime_init: %d", ret);
			return false;
		}
	}
	return true;
}

static bool fx_setup(struct fx *f, size_t heap)
{
	return fx_setup_attr(f, heap, 0);
}

static void fx_free(struct fx *f)
{
	encl_free(&f->e);
	if (f->fd >= 0)
		close(f->fd);
}

static int ecall_leaf(struct fx *f, int tcs, void *op,
		      struct sgx2_enclave_run *run, unsigned int leaf)
{
	memset(run, 0, sizeof(*run));
	run->tcs = encl_tcs_addr(&f->e, tcs);
	return call_enclave((unsigned long)op, 0, 0, leaf, 0, 0, run, enter_fn);
}

static int ecall(struct fx *f, int tcs, void *op, struct sgx2_enclave_run *run)
{
	return ecall_leaf(f, tcs, op, run, SGX2_EENTER);
}

/*
 * An exception exit leaves that TCS with CSSA = NSSA = 1: it can only be
 * ERESUMEd.  The helpers take the TCS; the tests fix things up on TCS 1.
 */
/*
 * @leaf ERESUME resumes an op this function entered with EENTER: the
 * enclave's EEXIT returns to the stack of that entry, so the resume must be
 * made at the same depth, through the same (not inlined) frames.
 */
static __attribute__((noinline)) bool
put_leaf(struct fx *f, int tcs, uint64_t addr, uint64_t v,
	 struct sgx2_enclave_run *run, unsigned int leaf)
{
	struct encl_op_put_to_addr op = {
		{ ENCL_OP_PUT_TO_ADDRESS }, v, addr
	};

	return ecall_leaf(f, tcs, &op, run, leaf) == 0 &&
	       run->function == SGX2_EEXIT;
}

static bool put_on(struct fx *f, int tcs, uint64_t addr, uint64_t v,
		   struct sgx2_enclave_run *run)
{
	return put_leaf(f, tcs, addr, v, run, SGX2_EENTER);
}

static bool get_on(struct fx *f, int tcs, uint64_t addr, uint64_t *v,
		   struct sgx2_enclave_run *run)
{
	struct encl_op_get_from_addr op = {
		{ ENCL_OP_GET_FROM_ADDRESS }, 0, addr
	};

	if (ecall(f, tcs, &op, run) || run->function != SGX2_EEXIT)
		return false;
	*v = op.value;
	return true;
}

#define put(f, a, v, r)	put_on(f, 0, a, v, r)
#define get(f, a, v, r)	get_on(f, 0, a, v, r)

static uint64_t eaccept_on(struct fx *f, int tcs, uint64_t addr, uint64_t flags,
			   struct sgx2_enclave_run *run)
{
	struct encl_op_eaccept op = {
		{ ENCL_OP_EACCEPT }, addr, flags, ~0ULL
	};

	if (ecall(f, tcs, &op, run) || run->function != SGX2_EEXIT)
		return ~0ULL;
	return op.ret;
}

static void run_diag(const char *what, const struct sgx2_enclave_run *r)
{
	note("%s: function %u vector %u error code %#x address %#llx", what,
	     r->function, r->exception_vector, r->exception_error_code,
	     (unsigned long long)r->exception_addr);
}

/* ---- the vDSO path ------------------------------------------------------ */

static void t_vdso(struct fx *f)
{
	struct sgx2_enclave_run run;
	uint64_t v = 0;
	bool ok;

	tap_result(!strcmp(sgx2_runtime_backend(), "hw"),
		   "entry through the vDSO's __vdso_sgx_enter_enclave (backend %s)",
		   sgx2_runtime_backend());
	ok = put(f, f->buf, 0x5afe5afe12345678ULL, &run) &&
	     get(f, f->buf, &v, &run) && v == 0x5afe5afe12345678ULL;
	tap_result(ok, "EENTER/EEXIT: a value written in the enclave reads back");
}

/* ---- EPCM #PF with bit 15 ----------------------------------------------- */

static void t_epcm_pf(struct fx *f)
{
	struct sgx2_enclave_run run;
	uint64_t page = f->buf + PAGE;
	struct sgx2_enclave_restrict_permissions rp = {
		.offset = page - f->e.base, .length = PAGE,
		.permissions = SGX2_SECINFO_R,
	};
	struct encl_op_emodpe pe = {
		{ ENCL_OP_EMODPE }, page, SGX2_SECINFO_R | SGX2_SECINFO_W
	};
	uint64_t v = 0;
	int ret;

	ret = ioctl(f->fd, SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &rp);
	tap_result(ret == 0 && rp.result == 0 && rp.count == PAGE,
		   "RESTRICT_PERMISSIONS to R (EMODPR, ETRACK, IPIs) on a data page");
	put_leaf(f, 0, page, 1, &run, SGX2_EENTER);
	tap_result(run.function == SGX2_ERESUME && run.exception_vector == 14 &&
		   (run.exception_error_code & PF_SGX) &&
		   (run.exception_addr & ~(PAGE - 1)) == page,
		   "an enclave write to the EPCM-read-only page: #PF with error code bit 15 (SGX) at the page");
	run_diag("write after EMODPR", &run);
	tap_result(eaccept_on(f, 1, page, SGX2_SECINFO_R | SGX2_SECINFO_REG |
			      SGX2_SECINFO_PR, &run) == 0,
		   "EACCEPT(R, PR) of the restricted page (TCS 1) after the ioctl's tracking round");
	ecall(f, 1, &pe, &run);
	tap_result(run.function == SGX2_EEXIT,
		   "EMODPE(R, W) of the page from inside (TCS 1)");
	tap_result(put_leaf(f, 0, page, 1, &run, SGX2_ERESUME),
		   "ERESUME of TCS 0: the faulting write completes, then EEXIT");
	tap_result(get(f, page, &v, &run) && v == 1,
		   "the page holds the value of the resumed write");
}

/* ---- AEX on a timer interrupt, SSA checked ----------------------------- */

struct stopper {
	volatile uint64_t stop;
	unsigned int ms;
};

static void *stop_later(void *arg)
{
	struct stopper *s = arg;
	struct timespec ts = { s->ms / 1000, (s->ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
	s->stop = 1;
	return NULL;
}

static void t_aex_timer(struct fx *f)
{
	uint64_t gpr = f->ssa + PAGE - GPRSGX_SIZE;	/* TCS 0's frame */
	struct encl_op_spin op = { { ENCL_OP_SPIN }, 0, 0 };
	struct stopper s = { 0, 300 };
	struct sgx2_enclave_run run;
	uint64_t rip = 0, rsp = 0, rfl = 0, ursp = 0, exitinfo = ~0ULL;
	uint64_t end = f->e.base + f->e.size;
	pthread_t th;
	bool ok;

	/*
	 * TCS 0's frame is cleared and read through TCS 1: an AEX during a
	 * call on TCS 0 would overwrite the very frame being read (at its
	 * first instruction, RSP is still the untrusted stack).
	 */
	ok = put_on(f, 1, gpr + GPR_RIP, 0, &run) &&
	     put_on(f, 1, gpr + GPR_RSP, 0, &run) &&
	     put_on(f, 1, gpr + GPR_URSP, 0, &run);
	tap_result(ok, "the SSA's GPRSGX.RIP/RSP/URSP cleared from inside the enclave");
	op.stop_addr = (uint64_t)(uintptr_t)&s.stop;
	pthread_create(&th, NULL, stop_later, &s);
	ecall(f, 0, &op, &run);
	pthread_join(th, NULL);
	tap_result(run.function == SGX2_EEXIT && op.iterations > 0,
		   "a 300 ms spin in the enclave ends with EEXIT (%llu iterations)",
		   (unsigned long long)op.iterations);
	ok = get_on(f, 1, gpr + GPR_RIP, &rip, &run) &&
	     get_on(f, 1, gpr + GPR_RSP, &rsp, &run) &&
	     get_on(f, 1, gpr + GPR_RFLAGS, &rfl, &run) &&
	     get_on(f, 1, gpr + GPR_URSP, &ursp, &run) &&
	     get_on(f, 1, gpr + GPR_EXITINFO, &exitinfo, &run);
	note("SSA GPRSGX: RIP %#llx RSP %#llx RFLAGS %#llx URSP %#llx EXITINFO %#llx (ELRANGE %#llx-%#llx)",
	     (unsigned long long)rip, (unsigned long long)rsp,
	     (unsigned long long)rfl, (unsigned long long)ursp,
	     (unsigned long long)exitinfo, (unsigned long long)f->e.base,
	     (unsigned long long)end);
	tap_result(ok && rip >= f->e.base && rip < end,
		   "AEX on the timer interrupt: GPRSGX.RIP is in the enclave's code");
	tap_result(ok && rsp >= f->e.base && rsp < end,
		   "GPRSGX.RSP is the enclave stack");
	tap_result(ok && (rfl & 2) && !(rfl & ~0x3f7fd7ULL),
		   "GPRSGX.RFLAGS: bit 1 set, no reserved bit");
	tap_result(ok && ursp && (ursp < f->e.base || ursp >= end),
		   "GPRSGX.URSP is the untrusted stack of the EENTER");
	tap_result(ok && !(exitinfo & (1ULL << 31)),
		   "EXITINFO.VALID clear: an interrupt, not an exception");
}

/*
 * ERESUME restores the flags an AEX saved, and they do not outlive the
 * enclave: the emulator once loaded the arithmetic flags and DF into
 * QEMU's env->eflags as well, where they stayed, ORed into every RFLAGS
 * computed afterwards (PUSHF, and the frame of every interrupt, so a
 * compare and its branch on either side of an interrupt disagreed).
 */
static void t_aex_flags(struct fx *f)
{
	const uint64_t cf = 0x1, zf = 0x40, df = 0x400;
	uint64_t gpr = f->ssa + PAGE - GPRSGX_SIZE;	/* TCS 0's frame */
	struct encl_op_spin_aex op = { { ENCL_OP_SPIN_FLAGS }, 0, gpr + GPR_RIP,
				       0, 0 };
	struct sgx2_enclave_run run;
	uint64_t saved = 0, after;
	bool ok;

	ecall(f, 0, &op, &run);
	/* At once, before another AEX: CLD, then a CMP of 2 with 1 (no CF, ZF). */
	asm volatile("cld\n\t"
		     "cmp %1, %2\n\t"
		     "pushfq\n\t"
		     "popq %0"
		     : "=r"(after) : "r"(1ULL), "r"(2ULL) : "cc");
	/* Read through TCS 1, as in t_aex_timer(). */
	ok = run.function == SGX2_EEXIT && op.aex == 1 &&
	     get_on(f, 1, gpr + GPR_RFLAGS, &saved, &run);
	tap_result(ok && (saved & (cf | zf | df)) == (cf | zf | df),
		   "AEX while CF, ZF and DF are set: GPRSGX.RFLAGS holds them (%#llx)",
		   (unsigned long long)saved);
	tap_result(!(after & (cf | zf | df)),
		   "after ERESUME restored them and the enclave left, PUSHF shows only what the code set: CF, ZF and DF clear (RFLAGS %#llx)",
		   (unsigned long long)after);
}

/* ---- EREMOVE with a thread inside -------------------------------------- */

struct spinner {
	struct fx *f;
	struct encl_op_spin op;
	struct sgx2_enclave_run run;
	volatile uint64_t stop;
	volatile int entering;
	int ret;
	struct timespec t0, t1;
};

static long spin_ms(const struct spinner *s)
{
	return (s->t1.tv_sec - s->t0.tv_sec) * 1000 +
	       (s->t1.tv_nsec - s->t0.tv_nsec) / 1000000;
}

struct probe2 {
	struct fx *f;
	int tcs;
	bool ok;
	uint64_t v;
	struct sgx2_enclave_run run;
};

static void *probe_thread(void *arg)
{
	struct probe2 *p = arg;

	p->ok = put_on(p->f, p->tcs, p->f->buf, 0x77, &p->run) &&
		get_on(p->f, p->tcs, p->f->buf, &p->v, &p->run);
	return NULL;
}

static void t_second_thread(struct fx *f)
{
	struct probe2 p = { .f = f };
	pthread_t th;
	int tcs;

	for (tcs = 0; tcs < 2; tcs++) {
		p.tcs = tcs;
		p.v = 0;
		pthread_create(&th, NULL, probe_thread, &p);
		pthread_join(th, NULL);
		tap_result(p.ok && p.v == 0x77,
			   "a second thread: PUT/GET_FROM_ADDRESS on TCS %d (read %#llx)",
			   tcs, (unsigned long long)p.v);
		if (!p.ok)
			run_diag("second thread", &p.run);
	}
}

static void *spin_tcs1(void *arg)
{
	struct spinner *s = arg;

	s->op.header.type = ENCL_OP_SPIN;
	s->op.stop_addr = (uint64_t)(uintptr_t)&s->stop;
	s->entering = 1;
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	s->ret = ecall(s->f, 1, &s->op, &s->run);
	clock_gettime(CLOCK_MONOTONIC, &s->t1);
	return NULL;
}

static void t_eremove_inside(struct fx *f)
{
	uint64_t page = f->e.base + f->e.heap_offset;
	struct sgx2_enclave_modify_types mt = {
		.offset = page - f->e.base, .length = PAGE,
		.page_type = SGX2_PAGE_TYPE_TRIM,
	};
	struct sgx2_enclave_remove_pages rm = {
		.offset = page - f->e.base, .length = PAGE,
	};
	struct spinner s = { .f = f };
	struct sgx2_enclave_run run;
	struct timespec ts = { 0, 300000000L };
	pthread_t th;
	uint64_t v;
	int ret;

	/* The same spin on TCS 1 from a second thread, nothing else going on. */
	pthread_create(&th, NULL, spin_tcs1, &s);
	while (!s.entering)
		sched_yield();
	nanosleep(&ts, NULL);
	s.stop = 1;
	pthread_join(th, NULL);
	tap_result(s.ret == 0 && s.run.function == SGX2_EEXIT && s.op.iterations > 0,
		   "a second thread spins 300 ms on TCS 1 and leaves with EEXIT (%llu iterations, %ld ms inside)",
		   (unsigned long long)s.op.iterations, spin_ms(&s));
	memset(&s, 0, sizeof(s));
	s.f = f;

	ret = ioctl(f->fd, SGX2_IOC_ENCLAVE_MODIFY_TYPES, &mt);
	tap_result(ret == 0 && mt.result == 0 && mt.count == PAGE,
		   "MODIFY_TYPES to TRIM (EMODT, ETRACK, IPIs) on a heap page");
	ret = ioctl(f->fd, SGX2_IOC_ENCLAVE_REMOVE_PAGES, &rm);
	tap_errno(ret, EPERM, "REMOVE_PAGES of the trimmed page before EACCEPT");
	tap_result(eaccept_on(f, 0, page, SGX2_SECINFO_TRIM | SGX2_SECINFO_MODIFIED,
			      &run) == 0, "EACCEPT(TRIM, MODIFIED)");

	/* Give the thread time to be inside once it is about to enter. */
	pthread_create(&th, NULL, spin_tcs1, &s);
	while (!s.entering)
		sched_yield();
	nanosleep(&ts, NULL);
	memset(&rm, 0, sizeof(rm));
	rm.offset = page - f->e.base;
	rm.length = PAGE;
	ret = ioctl(f->fd, SGX2_IOC_ENCLAVE_REMOVE_PAGES, &rm);
	tap_result(ret == 0 && rm.count == PAGE,
		   "REMOVE_PAGES (EREMOVE of the accepted TRIM page) while another thread spins inside: removed (ret %d errno %d)",
		   ret, ret ? errno : 0);
	s.stop = 1;
	pthread_join(th, NULL);
	tap_result(s.ret == 0 && s.run.function == SGX2_EEXIT && s.op.iterations > 0,
		   "the thread inside kept running and left with EEXIT (%llu iterations, %ld ms inside)",
		   (unsigned long long)s.op.iterations, spin_ms(&s));
	if (s.ret || s.run.function != SGX2_EEXIT) {
		note("spinner: ret %d", s.ret);
		run_diag("spinner", &s.run);
	}
	/*
	 * The address is EAUGed again on the enclave's fault: PENDING.  On
	 * TCS 1, which the fault leaves for ERESUME only.
	 */
	tap_result(!get_on(f, 1, page, &v, &run) && run.exception_vector == 14 &&
		   (run.exception_error_code & PF_SGX),
		   "the removed page is gone: a read faults (#PF, bit 15: a new PENDING page)");
	run_diag("read of the removed page", &run);
	tap_result(put(f, f->buf, 7, &run) && get(f, f->buf, &v, &run) && v == 7,
		   "the enclave still works");
}

/* ---- the abort page ----------------------------------------------------- */

static void t_abort_page(struct fx *f)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)f->buf;
	struct sgx2_enclave_run run;
	uint64_t seen, v = 0;

	put(f, f->buf, 0x0123456789abcdefULL, &run);
	seen = *p;
	note("read of the enclave buffer outside enclave mode: %#llx",
	     (unsigned long long)seen);
	tap_result(seen == ~0ULL,
		   "a read of EPC outside enclave mode returns all-ones");
	*p = 0x5555555555555555ULL;
	get(f, f->buf, &v, &run);
	tap_result(v == 0x0123456789abcdefULL,
		   "a write to EPC outside enclave mode is dropped");
}

/* ---- ring 0, one leaf at a time: encls_probe.ko ------------------------- */

/*
 * The kernel runs ETRACK and the IPI round, and EWB and ELDU, in one go;
 * the probe (tests/qemu/sgx-cpu/probe/) runs them one leaf at a time on
 * this fixture's enclave, under the driver's enclave lock.
 */
static int probe_fd = -1;

/* ELDU's SGX return code for a copy whose MAC or version does not match. */
#define SGX_MAC_COMPARE_FAIL	9

static bool probe_run(struct fx *f, uint32_t op, uint64_t addr,
		      uint64_t secinfo, struct encls_probe_run *run)
{
	memset(run, 0, sizeof(*run));
	run->fd = f->fd;
	run->op = op;
	run->addr = addr;
	run->secinfo = secinfo;
	if (!ioctl(probe_fd, ENCLS_PROBE_RUN, run))
		return true;
	note("ENCLS_PROBE_RUN op %u: %s", op, strerror(errno));
	return false;
}

/* The first result of a one-leaf op, or -2 when the ioctl failed. */
static int probe_leaf(struct fx *f, uint32_t op, uint64_t addr,
		      uint64_t secinfo)
{
	struct encls_probe_run run;

	return probe_run(f, op, addr, secinfo, &run) && run.nr ? run.result[0] : -2;
}

/* Pin the calling thread to @cpu, or to every CPU when @cpu is -1. */
static bool pin_to(int cpu)
{
	cpu_set_t set;
	int i;

	CPU_ZERO(&set);
	for (i = 0; i < CPU_SETSIZE; i++)
		if (i == cpu || cpu < 0)
			CPU_SET(i, &set);
	return !sched_setaffinity(0, sizeof(set), &set);
}

static void *spin_tcs1_cpu1(void *arg)
{
	if (!pin_to(1))
		note("cannot pin the spinner to CPU 1: %s", strerror(errno));
	return spin_tcs1(arg);
}

/* A thread spinning inside on TCS 1, on CPU 1 (the caller is on CPU 0). */
static void spinner_start(struct spinner *s, struct fx *f, pthread_t *th)
{
	struct timespec ts = { 0, 300000000L };

	memset(s, 0, sizeof(*s));
	s->f = f;
	pthread_create(th, NULL, spin_tcs1_cpu1, s);
	while (!s->entering)
		sched_yield();
	nanosleep(&ts, NULL);
}

static bool spinner_stop(struct spinner *s, pthread_t th)
{
	s->stop = 1;
	pthread_join(th, NULL);
	if (!s->ret && s->run.function == SGX2_EEXIT && s->op.iterations)
		return true;
	note("spinner: ret %d, %llu iterations", s->ret,
	     (unsigned long long)s->op.iterations);
	run_diag("spinner", &s->run);
	return false;
}

#define PROBE_TRIES	3

/*
 * ETRACK, then ETRACK again at once: with no thread inside the first
 * cycle is complete at once; with one inside on the other CPU it is not
 * (SGX_PREV_TRK_INCMPL) until that CPU has taken an interrupt (its AEX).
 * A timer interrupt there between the two ETRACKs would also complete it,
 * so the case with a thread inside has PROBE_TRIES tries.
 */
static void t_probe_etrack_twice(struct fx *f)
{
	struct encls_probe_run run;
	struct spinner s;
	pthread_t th;
	bool ok = false, spun = true;
	int i;

	ok = probe_run(f, ENCLS_PROBE_ETRACK_TWICE, 0, 0, &run) && run.nr == 3;
	tap_result(ok && !run.result[0] && !run.result[1] && !run.result[2],
		   "no thread inside: ETRACK, ETRACK at once: %d %d, and after the IPI round %d (0 0 0 expected)",
		   run.result[0], run.result[1], run.result[2]);

	for (i = 0, ok = false; i < PROBE_TRIES && !ok; i++) {
		spinner_start(&s, f, &th);
		ok = probe_run(f, ENCLS_PROBE_ETRACK_TWICE, 0, 0, &run) &&
		     run.nr == 3 && !run.result[0] &&
		     run.result[1] == SGX2_PREV_TRK_INCMPL && !run.result[2];
		spun &= spinner_stop(&s, th);
		if (!ok)
			note("try %d: ETRACK %d, ETRACK %d, IPI round, ETRACK %d",
			     i + 1, run.result[0], run.result[1], run.result[2]);
	}
	tap_result(ok, "a thread inside on the other CPU: ETRACK, then ETRACK before its cycle completes gives SGX_PREV_TRK_INCMPL (%d), and once the IPI round has made that thread exit, ETRACK succeeds (%d) (try %d)",
		   run.result[1], run.result[2], i);
	tap_result(spun, "the thread inside kept running through the IPIs and left with EEXIT");
}

/*
 * EMODPR, then EACCEPT on the other thread's enclave before any ETRACK,
 * after an ETRACK with a thread still inside since, and after the IPI
 * round: SGX_NOT_TRACKED, SGX_NOT_TRACKED, success.  As above, a timer
 * interrupt on the spinner's CPU can complete the cycle early; each try
 * takes the next heap page.
 */
static void t_probe_not_tracked(struct fx *f)
{
	const uint64_t accept = SGX2_SECINFO_REG | SGX2_SECINFO_R | SGX2_SECINFO_PR;
	struct sgx2_enclave_run run;
	uint64_t r_none = ~0ULL, r_etrack = ~0ULL, r_ipi = ~0ULL, page;
	int emodpr = -2, etrack = -2, i;
	struct spinner s;
	bool ok = false, spun = true;
	pthread_t th;

	for (i = 0; i < PROBE_TRIES; i++) {
		page = f->e.base + f->e.heap_offset + i * PAGE;
		spinner_start(&s, f, &th);
		emodpr = probe_leaf(f, ENCLS_PROBE_EMODPR, page, SGX2_SECINFO_R);
		r_none = eaccept_on(f, 0, page, accept, &run);
		etrack = probe_leaf(f, ENCLS_PROBE_ETRACK, 0, 0);
		r_etrack = eaccept_on(f, 0, page, accept, &run);
		probe_leaf(f, ENCLS_PROBE_IPI, 0, 0);
		r_ipi = eaccept_on(f, 0, page, accept, &run);
		spun &= spinner_stop(&s, th);
		ok = !emodpr && r_none == SGX2_NOT_TRACKED && !etrack &&
		     r_etrack == SGX2_NOT_TRACKED && !r_ipi;
		if (ok)
			break;
		note("try %d: EMODPR %d, EACCEPT %#llx, ETRACK %d, EACCEPT %#llx, IPI round, EACCEPT %#llx",
		     i + 1, emodpr, (unsigned long long)r_none, etrack,
		     (unsigned long long)r_etrack, (unsigned long long)r_ipi);
		run_diag("last EACCEPT", &run);
	}
	tap_result(ok, "EMODPR(R) of a heap page, then EACCEPT(R, PR): before ETRACK %#llx, after ETRACK with a thread inside on the other CPU %#llx (SGX_NOT_TRACKED, 11, both), after the IPI round %#llx (try %d)",
		   (unsigned long long)r_none, (unsigned long long)r_etrack,
		   (unsigned long long)r_ipi, i < PROBE_TRIES ? i + 1 : i);
	tap_result(spun, "the thread inside kept running through the IPIs and left with EEXIT");
}

/*
 * EREMOVE of a regular page while a thread is inside: SGX_ENCLAVE_ACT,
 * and the page keeps its contents.  (The kernel EREMOVEs only accepted
 * TRIM pages while the enclave runs; t_eremove_inside has that case.)
 */
static void t_probe_eremove_active(struct fx *f)
{
	uint64_t page = f->e.base + f->e.heap_offset + 3 * PAGE, v = 0;
	struct sgx2_enclave_run run;
	struct spinner s;
	pthread_t th;
	bool spun;
	int r;

	if (!put(f, page, 0x5a5a5a5a5a5a5a5aULL, &run))
		run_diag("write to heap page 3", &run);
	spinner_start(&s, f, &th);
	r = probe_leaf(f, ENCLS_PROBE_EREMOVE, page, 0);
	spun = spinner_stop(&s, th);
	tap_result(r == SGX2_ENCLAVE_ACT,
		   "EREMOVE of a regular page with a thread inside on the other CPU: %d (SGX_ENCLAVE_ACT, 14, expected)",
		   r);
	spun = spun && get(f, page, &v, &run);
	tap_result(spun && v == 0x5a5a5a5a5a5a5a5aULL,
		   "the thread inside left with EEXIT, and the page keeps its contents (%#llx)",
		   (unsigned long long)v);
}

static const char *const replay_step[ENCLS_REPLAY_STEPS] = {
	[ENCLS_REPLAY_EPA] = "EPA",
	[ENCLS_REPLAY_EBLOCK_1] = "EBLOCK",
	[ENCLS_REPLAY_ETRACK_1] = "ETRACK",
	[ENCLS_REPLAY_EWB_1] = "EWB to slot 0",
	[ENCLS_REPLAY_ELDU_1] = "ELDU from slot 0",
	[ENCLS_REPLAY_EBLOCK_2] = "EBLOCK",
	[ENCLS_REPLAY_ETRACK_2] = "ETRACK",
	[ENCLS_REPLAY_EWB_2] = "EWB to slot 1",
	[ENCLS_REPLAY_ELDU_REPLAY_SLOT1] = "ELDU of the first copy with slot 1",
	[ENCLS_REPLAY_ELDU_REPLAY_SLOT0] = "ELDU of the first copy with its used slot 0",
	[ENCLS_REPLAY_ELDU_CORRUPT] = "ELDU of the second copy, one byte flipped",
	[ENCLS_REPLAY_ELDU_2] = "ELDU of the second copy with slot 1",
	[ENCLS_REPLAY_EREMOVE_VA] = "EREMOVE of the VA page",
};

/* EWB and ELDU of one page of the buffer, with replayed and corrupted copies. */
static void t_probe_replay(struct fx *f)
{
	struct encls_probe_run run;
	struct sgx2_enclave_run er;
	uint64_t v0 = 0, v1 = 0, end = f->buf + PAGE - 8;
	int i, want;
	bool ok;

	ok = put(f, f->buf, 0x1122334455667788ULL, &er) &&
	     put(f, end, 0x8877665544332211ULL, &er);
	ok = ok && probe_run(f, ENCLS_PROBE_EWB_REPLAY, f->buf, 0, &run) &&
	     run.nr == ENCLS_REPLAY_STEPS;
	for (i = 0; ok && i < ENCLS_REPLAY_STEPS; i++) {
		want = i == ENCLS_REPLAY_ELDU_REPLAY_SLOT1 ||
		       i == ENCLS_REPLAY_ELDU_REPLAY_SLOT0 ||
		       i == ENCLS_REPLAY_ELDU_CORRUPT ? SGX_MAC_COMPARE_FAIL : 0;
		tap_result(run.result[i] == want, "EWB/ELDU step %d, %s: %d (%d expected%s)",
			   i, replay_step[i], run.result[i], want,
			   want ? ": SGX_MAC_COMPARE_FAIL" : "");
	}
	if (!ok)
		tap_result(0, "EWB/ELDU with replayed and corrupted copies through the probe");
	ok = get(f, f->buf, &v0, &er) && get(f, end, &v1, &er);
	tap_result(ok && v0 == 0x1122334455667788ULL && v1 == 0x8877665544332211ULL,
		   "the page, written back and loaded twice, reads as it was written (%#llx, %#llx)",
		   (unsigned long long)v0, (unsigned long long)v1);
}

static void t_probe(void)
{
	struct encls_probe_run bad = { .op = ENCLS_PROBE_ETRACK };
	struct fx f;

	probe_fd = open(ENCLS_PROBE_DEV, O_RDWR | O_CLOEXEC);
	if (probe_fd < 0) {
		tap_result(0, "%s (the plan loads encls_probe.ko): %s",
			   ENCLS_PROBE_DEV, strerror(errno));
		return;
	}
	if (!fx_setup(&f, 4 * PAGE)) {
		tap_result(0, "a second enclave for the probe");
		goto out;
	}
	bad.fd = probe_fd;
	tap_errno(ioctl(probe_fd, ENCLS_PROBE_RUN, &bad), EINVAL,
		  "the probe refuses a file that is not /dev/sgx_enclave (its own)");
	if (!pin_to(0))
		note("cannot pin to CPU 0: %s", strerror(errno));
	t_probe_etrack_twice(&f);
	t_probe_not_tracked(&f);
	t_probe_eremove_active(&f);
	t_probe_replay(&f);
	pin_to(-1);
	fx_free(&f);
out:
	close(probe_fd);
}

/* ---- EREPORT and EGETKEY ------------------------------------------------ */

/* EGETKEY's SGX return codes (SDM Vol. 3D 40.1.3) the UAPI does not name. */
#define SGX_INVALID_CPUSVN	32
#define SGX_INVALID_ISVSVN	64
#define SGX_INVALID_KEYNAME	256
#define ATTR_PROVISIONKEY	0x10ULL
#define ATTR_EINITTOKEN_KEY	0x20ULL
/* What an output holds before the leaf, so that an unwritten one shows. */
#define UNWRITTEN		0xa5

/*
 * EREPORT in @f on TCS @tcs: a REPORT for the enclave @ti describes, with
 * REPORTDATA @rd.  False unless the enclave left with EEXIT.
 */
static bool ereport_on(struct fx *f, int tcs, const struct encl_targetinfo *ti,
		       const uint8_t rd[ENCL_REPORT_DATA_SIZE],
		       struct encl_report *out, struct sgx2_enclave_run *run)
{
	struct encl_op_ereport op;

	memset(&op, 0, sizeof(op));
	op.header.type = ENCL_OP_EREPORT;
	op.targetinfo = *ti;
	memcpy(op.report_data, rd, sizeof(op.report_data));
	memset(&op.report, UNWRITTEN, sizeof(op.report));
	if (ecall(f, tcs, &op, run) || run->function != SGX2_EEXIT)
		return false;
	*out = op.report;
	return true;
}

/*
 * EGETKEY in @f on TCS @tcs: RAX (0 or an SGX error code), the key in
 * @key (UNWRITTEN bytes when EGETKEY wrote none); ~0 unless the enclave
 * left with EEXIT (a fault: see @run).
 */
static uint64_t egetkey_on(struct fx *f, int tcs,
			   const struct encl_keyrequest *kr,
			   uint8_t key[ENCL_KEY_SIZE], struct sgx2_enclave_run *run)
{
	struct encl_op_egetkey op;

	memset(&op, 0, sizeof(op));
	op.header.type = ENCL_OP_EGETKEY;
	op.keyrequest = *kr;
	memset(op.key, UNWRITTEN, sizeof(op.key));
	op.ret = ~0ULL;
	memset(key, UNWRITTEN, ENCL_KEY_SIZE);
	if (ecall(f, tcs, &op, run) || run->function != SGX2_EEXIT)
		return ~0ULL;
	memcpy(key, op.key, ENCL_KEY_SIZE);
	return op.ret;
}

static bool all_bytes(const void *p, uint8_t c, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++ != c)
			return false;
	return true;
}

static bool same(const void *a, const void *b, size_t n)
{
	return !memcmp(a, b, n);
}

/* The first @n bytes of @p in hex, for the notes (n <= 32). */
static const char *hex(const void *p, size_t n)
{
	static char buf[2][65];
	static int which;
	char *s = buf[which ^= 1];
	size_t i;

	for (i = 0; i < n && i < 32; i++)
		sprintf(s + 2 * i, "%02x", ((const uint8_t *)p)[i]);
	return s;
}

/*
 * The emulator's REPORT MAC, recomputed here (with OpenSSL, not linked
 * from the model): the first 16 bytes of SHA-256(REPORT key ||
 * REPORT[0..384)), the model's stand-in for the SDM's AES-CMAC
 * (src/model/sim_enclu.c, sgx2_sim_ereport()).
 */
static bool report_mac_ok(const struct encl_report *r,
			  const uint8_t key[ENCL_KEY_SIZE])
{
	uint8_t buf[ENCL_KEY_SIZE + ENCL_REPORT_BODY_SIZE];
	uint8_t md[SHA256_DIGEST_LENGTH];

	memcpy(buf, key, ENCL_KEY_SIZE);
	memcpy(buf + ENCL_KEY_SIZE, r, ENCL_REPORT_BODY_SIZE);
	SHA256(buf, sizeof(buf), md);
	return same(md, r->mac, sizeof(r->mac));
}

/* The TARGETINFO of the enclave that made @r (its identity from its REPORT). */
static void targetinfo_of(const struct encl_report *r, struct encl_targetinfo *ti)
{
	memset(ti, 0, sizeof(*ti));
	memcpy(ti->measurement, r->mrenclave, sizeof(ti->measurement));
	ti->attributes = r->attributes;
	ti->xfrm = r->xfrm;
	ti->miscselect = r->miscselect;
	ti->config_svn = r->config_svn;
	memcpy(ti->config_id, r->config_id, sizeof(ti->config_id));
}

/* A KEYREQUEST for @name with @policy; masks all ones, KEYID @keyid. */
static void keyrequest(struct encl_keyrequest *kr, uint16_t name,
		       uint16_t policy, uint8_t keyid)
{
	memset(kr, 0, sizeof(*kr));
	kr->key_name = name;
	kr->key_policy = policy;
	kr->attribute_mask = ~0ULL;
	kr->misc_mask = ~0U;
	memset(kr->key_id, keyid, sizeof(kr->key_id));
}

/*
 * A (4 heap pages), B (8 heap pages, DEBUG) and C (8 heap pages): other
 * heap sizes give A another MRENCLAVE (EADD measures each page's offset);
 * DEBUG is not measured, so B and C share theirs and differ in ATTRIBUTES
 * only.  One signing key: one MRSIGNER.
 */
struct kx {
	struct fx a, b, c;
	struct encl_report ra, rb, rc;	/* their own REPORTs (TARGETINFO 0) */
};

static void t_ereport_identity(struct kx *k)
{
	struct fx *fx[3] = { &k->a, &k->b, &k->c };
	struct encl_report *rx[3] = { &k->ra, &k->rb, &k->rc };
	uint64_t want_attr[3] = {
		k->a.e.attributes, k->b.e.attributes, k->c.e.attributes
	};
	uint8_t rd[3][ENCL_REPORT_DATA_SIZE], md[SHA256_DIGEST_LENGTH];
	struct encl_targetinfo ti0;
	struct sgx2_enclave_run run;
	bool ok = true, mre = true, mrs = true, attr = true, data = true;
	bool isv = true;
	int i, j;

	memset(&ti0, 0, sizeof(ti0));
	for (i = 0; i < 3; i++) {
		for (j = 0; j < ENCL_REPORT_DATA_SIZE; j++)
			rd[i][j] = (uint8_t)(0x40 * i + j * 7 + 1);
		if (!ereport_on(fx[i], 0, &ti0, rd[i], rx[i], &run)) {
			run_diag("EREPORT", &run);
			ok = false;
			memset(rx[i], UNWRITTEN, sizeof(*rx[i]));
		}
		ok = ok && !all_bytes(rx[i], UNWRITTEN, sizeof(*rx[i]));
	}
	tap_result(ok, "EREPORT in A, B and C (in-enclave TARGETINFO, REPORTDATA and REPORT): EEXIT, a REPORT written");
	for (i = 0; i < 3; i++) {
		const struct encl *e = &fx[i]->e;
		const struct encl_report *r = rx[i];

		mre &= same(r->mrenclave, e->sigstruct.enclave_hash, 32) &&
		       same(r->mrenclave, e->mrenclave, 32);
		SHA256(e->sigstruct.modulus, sizeof(e->sigstruct.modulus), md);
		mrs &= same(r->mrsigner, md, 32);
		attr &= r->attributes == (want_attr[i] | ENCL_ATTR_INIT) &&
			r->xfrm == e->xfrm;
		data &= same(r->report_data, rd[i], ENCL_REPORT_DATA_SIZE);
		isv &= r->isv_prod_id == e->sigstruct.isv_prod_id &&
		       r->isv_svn == e->sigstruct.isv_svn &&
		       r->miscselect == e->sigstruct.miscselect;
	}
	note("A: MRENCLAVE %s MRSIGNER %s", hex(k->ra.mrenclave, 32),
	     hex(k->ra.mrsigner, 32));
	note("B: MRENCLAVE %s, C: MRENCLAVE %s", hex(k->rb.mrenclave, 32),
	     hex(k->rc.mrenclave, 32));
	note("ATTRIBUTES A %#llx B %#llx C %#llx, XFRM %#llx, KEYID %s...",
	     (unsigned long long)k->ra.attributes,
	     (unsigned long long)k->rb.attributes,
	     (unsigned long long)k->rc.attributes,
	     (unsigned long long)k->ra.xfrm, hex(k->ra.key_id, 8));
	tap_result(ok && mre,
		   "REPORT.MRENCLAVE of each is its SIGSTRUCT's ENCLAVEHASH (the builder's measurement)");
	tap_result(ok && !same(k->ra.mrenclave, k->rb.mrenclave, 32) &&
		   same(k->rb.mrenclave, k->rc.mrenclave, 32),
		   "A's MRENCLAVE differs from B's; B and C (one image, DEBUG not measured) share theirs");
	tap_result(ok && mrs, "REPORT.MRSIGNER is SHA-256 of the SIGSTRUCT's MODULUS");
	tap_result(ok && attr && (k->rb.attributes & ENCL_ATTR_DEBUG) &&
		   !(k->rc.attributes & ENCL_ATTR_DEBUG),
		   "REPORT.ATTRIBUTES is SECS.ATTRIBUTES with INIT set (A %#llx, B %#llx with DEBUG), XFRM SECS.XFRM",
		   (unsigned long long)k->ra.attributes,
		   (unsigned long long)k->rb.attributes);
	tap_result(ok && data, "REPORT.REPORTDATA is the REPORTDATA given (a different one for each)");
	tap_result(ok && isv,
		   "REPORT.ISVPRODID, ISVSVN and MISCSELECT are the SIGSTRUCT's (%u, %u, %#x)",
		   k->ra.isv_prod_id, k->ra.isv_svn, k->ra.miscselect);
	tap_result(ok && same(k->ra.key_id, k->rb.key_id, 32) &&
		   same(k->ra.key_id, k->rc.key_id, 32) &&
		   !all_bytes(k->ra.key_id, UNWRITTEN, 32),
		   "REPORT.KEYID is the same in the three REPORTs (the CPU's, per boot)");
}

/* A attests to B: A's REPORT for B, checked with B's REPORT key. */
static void t_local_attestation(struct kx *k)
{
	static const uint8_t rd[ENCL_REPORT_DATA_SIZE] = "A to B, nonce 0123456789";
	struct encl_report rab, rba, r_nodebug, flip;
	struct encl_targetinfo ti_b, ti_a, ti;
	uint8_t kb[ENCL_KEY_SIZE], ka[ENCL_KEY_SIZE], kc[ENCL_KEY_SIZE];
	uint8_t kb2[ENCL_KEY_SIZE];
	struct encl_keyrequest kr;
	struct sgx2_enclave_run run;
	unsigned int bit, rejected = 0;
	uint64_t rb_ret, ra_ret;
	bool ok;

	targetinfo_of(&k->rb, &ti_b);
	ok = ereport_on(&k->a, 0, &ti_b, rd, &rab, &run);
	tap_result(ok && same(rab.mrenclave, k->ra.mrenclave, 32) &&
		   same(rab.report_data, rd, sizeof(rd)),
		   "A: EREPORT with a TARGETINFO describing B (B's MRENCLAVE, ATTRIBUTES, XFRM, MISCSELECT from B's REPORT): A's identity, the REPORTDATA");
	if (!ok)
		run_diag("EREPORT for B", &run);

	keyrequest(&kr, ENCL_KEY_REPORT, 0, 0);
	memcpy(kr.key_id, rab.key_id, sizeof(kr.key_id));
	rb_ret = egetkey_on(&k->b, 0, &kr, kb, &run);
	tap_result(rb_ret == 0 && !all_bytes(kb, UNWRITTEN, sizeof(kb)),
		   "B: EGETKEY(REPORT_KEY, the REPORT's KEYID): RAX 0 and a key (RAX %#llx)",
		   (unsigned long long)rb_ret);
	tap_result(rb_ret == 0 && report_mac_ok(&rab, kb),
		   "A's REPORT.MAC verifies with B's REPORT key (SHA-256(key || body), the model's stand-in for AES-CMAC, recomputed by the test)");
	ra_ret = egetkey_on(&k->a, 0, &kr, ka, &run);
	tap_result(ra_ret == 0 && rb_ret == 0 && report_mac_ok(&rab, kb) &&
		   !same(ka, kb, sizeof(ka)) && !report_mac_ok(&rab, ka),
		   "A's own REPORT key does not verify it: the MAC is bound to the target");

	for (bit = 0; bit < ENCL_REPORT_BODY_SIZE * 8; bit++) {
		flip = rab;
		((uint8_t *)&flip)[bit / 8] ^= 1 << (bit % 8);
		rejected += !report_mac_ok(&flip, kb);
	}
	tap_result(rb_ret == 0 && report_mac_ok(&rab, kb) &&
		   rejected == ENCL_REPORT_BODY_SIZE * 8,
		   "flipping any one bit of the REPORT body fails verification with B's key (%u of %u flips rejected)",
		   rejected, ENCL_REPORT_BODY_SIZE * 8);

	memset(kr.key_id, 0x5a, sizeof(kr.key_id));
	ok = egetkey_on(&k->b, 0, &kr, kb2, &run) == 0;
	tap_result(ok && rb_ret == 0 && report_mac_ok(&rab, kb) &&
		   !same(kb2, kb, sizeof(kb)) && !report_mac_ok(&rab, kb2),
		   "B's REPORT key for another KEYID does not verify it");

	/* The other way round. */
	targetinfo_of(&k->ra, &ti_a);
	ok = ereport_on(&k->b, 1, &ti_a, rd, &rba, &run);
	tap_result(ok && ra_ret == 0 && same(rba.key_id, rab.key_id, 32) &&
		   same(rba.mrenclave, k->rb.mrenclave, 32) &&
		   report_mac_ok(&rba, ka) && !report_mac_ok(&rba, kb),
		   "B (TCS 1) reports to A: verifies with A's REPORT key, not with B's");

	/* B's MRENCLAVE without B's DEBUG: that is C. */
	ti = ti_b;
	ti.attributes &= ~ENCL_ATTR_DEBUG;
	ok = ereport_on(&k->a, 0, &ti, rd, &r_nodebug, &run);
	memcpy(kr.key_id, r_nodebug.key_id, sizeof(kr.key_id));
	ok = ok && egetkey_on(&k->c, 0, &kr, kc, &run) == 0;
	tap_result(ok && rb_ret == 0 && report_mac_ok(&r_nodebug, kc) &&
		   !report_mac_ok(&r_nodebug, kb),
		   "a TARGETINFO with B's MRENCLAVE but no DEBUG: verifies with C's REPORT key, not B's (the target's ATTRIBUTES count)");
}

static void t_seal_keys(struct kx *k)
{
	uint8_t k1[ENCL_KEY_SIZE], k2[ENCL_KEY_SIZE], k3[ENCL_KEY_SIZE];
	uint8_t kc[ENCL_KEY_SIZE], sa[ENCL_KEY_SIZE], sb[ENCL_KEY_SIZE];
	uint8_t sc[ENCL_KEY_SIZE];
	struct encl_keyrequest kr;
	struct sgx2_enclave_run run;
	uint64_t r1, r2, r3;
	bool ok;

	keyrequest(&kr, ENCL_KEY_SEAL, ENCL_KEYPOLICY_MRENCLAVE, 0x11);
	r1 = egetkey_on(&k->a, 0, &kr, k1, &run);
	r2 = egetkey_on(&k->a, 1, &kr, k2, &run);
	tap_result(r1 == 0 && r2 == 0 && !all_bytes(k1, UNWRITTEN, sizeof(k1)) &&
		   same(k1, k2, sizeof(k1)),
		   "A: EGETKEY(SEAL_KEY, MRENCLAVE policy) twice (TCS 0, TCS 1): RAX 0, the same key (%s)",
		   hex(k1, 16));
	kr.key_id[31] ^= 1;
	r3 = egetkey_on(&k->a, 0, &kr, k3, &run);
	tap_result(r1 == 0 && r3 == 0 && !all_bytes(k3, UNWRITTEN, sizeof(k3)) &&
		   !same(k1, k3, sizeof(k1)),
		   "the same request with one KEYID bit flipped: another key");
	kr.key_id[31] ^= 1;

	ok = egetkey_on(&k->c, 0, &kr, kc, &run) == 0;
	tap_result(r1 == 0 && ok && !same(k1, kc, sizeof(k1)),
		   "MRENCLAVE policy: C (other MRENCLAVE, same signer) gets another SEAL key");
	keyrequest(&kr, ENCL_KEY_SEAL, ENCL_KEYPOLICY_MRSIGNER, 0x11);
	ok = egetkey_on(&k->a, 0, &kr, sa, &run) == 0 &&
	     egetkey_on(&k->c, 0, &kr, sc, &run) == 0 &&
	     egetkey_on(&k->b, 0, &kr, sb, &run) == 0;
	tap_result(ok && same(sa, sc, sizeof(sa)) && !same(sa, k1, sizeof(sa)),
		   "MRSIGNER policy: A and C (one signer, other MRENCLAVEs) get the same SEAL key");
	tap_result(ok && !same(sb, sc, sizeof(sb)),
		   "MRSIGNER policy: B (DEBUG) and C get different SEAL keys (DEBUG always counts)");
}

/*
 * The error returns, then the two #GPs (last: a fault leaves its TCS
 * with CSSA = NSSA, to be ERESUMEd only).
 */
static void t_egetkey_errors(struct kx *k)
{
	struct encl_keyrequest kr;
	struct sgx2_enclave_run run;
	uint8_t key[ENCL_KEY_SIZE];
	uint64_t r;

	keyrequest(&kr, ENCL_KEY_SEAL + 1, 0, 0);
	r = egetkey_on(&k->a, 0, &kr, key, &run);
	tap_result(r == SGX_INVALID_KEYNAME && all_bytes(key, UNWRITTEN, sizeof(key)),
		   "EGETKEY with KEYNAME 5: SGX_INVALID_KEYNAME, no key written (RAX %#llx)",
		   (unsigned long long)r);
	keyrequest(&kr, ENCL_KEY_SEAL, ENCL_KEYPOLICY_MRENCLAVE, 0);
	kr.isv_svn = 1;
	r = egetkey_on(&k->a, 0, &kr, key, &run);
	tap_result(r == SGX_INVALID_ISVSVN && all_bytes(key, UNWRITTEN, sizeof(key)),
		   "SEAL_KEY for ISVSVN 1, above the enclave's 0: SGX_INVALID_ISVSVN (RAX %#llx)",
		   (unsigned long long)r);
	keyrequest(&kr, ENCL_KEY_SEAL, ENCL_KEYPOLICY_MRENCLAVE, 0);
	memset(kr.cpu_svn, 0xff, sizeof(kr.cpu_svn));
	r = egetkey_on(&k->a, 0, &kr, key, &run);
	tap_result(r == SGX_INVALID_CPUSVN && all_bytes(key, UNWRITTEN, sizeof(key)),
		   "SEAL_KEY for CPUSVN ff..ff, beyond the CPU's: SGX_INVALID_CPUSVN (RAX %#llx)",
		   (unsigned long long)r);
	keyrequest(&kr, ENCL_KEY_PROVISION, 0, 0);
	r = egetkey_on(&k->a, 0, &kr, key, &run);
	tap_result(r == SGX2_INVALID_ATTRIBUTE && !(k->ra.attributes & ATTR_PROVISIONKEY),
		   "PROVISION_KEY without ATTRIBUTES.PROVISIONKEY: SGX_INVALID_ATTRIBUTE (RAX %#llx)",
		   (unsigned long long)r);
	keyrequest(&kr, ENCL_KEY_EINITTOKEN, 0, 0);
	r = egetkey_on(&k->a, 0, &kr, key, &run);
	tap_result(r == SGX2_INVALID_ATTRIBUTE && !(k->ra.attributes & ATTR_EINITTOKEN_KEY),
		   "EINITTOKEN_KEY without ATTRIBUTES.EINITTOKEN_KEY: SGX_INVALID_ATTRIBUTE (RAX %#llx)",
		   (unsigned long long)r);

	keyrequest(&kr, ENCL_KEY_SEAL, ENCL_KEYPOLICY_MRENCLAVE, 0);
	kr.reserved2[0] = 1;
	r = egetkey_on(&k->a, 1, &kr, key, &run);
	tap_result(r == ~0ULL && run.function == SGX2_ERESUME &&
		   run.exception_vector == 13,
		   "a KEYREQUEST with a reserved bit set (byte 78): #GP, an exception exit (vector %u)",
		   run.exception_vector);
	keyrequest(&kr, ENCL_KEY_SEAL, ENCL_KEYPOLICY_MRENCLAVE | 0x4, 0);
	r = egetkey_on(&k->c, 1, &kr, key, &run);
	tap_result(r == ~0ULL && run.function == SGX2_ERESUME &&
		   run.exception_vector == 13,
		   "a KEYPOLICY reserved bit (bit 2, a KSS bit, on a non-KSS enclave): #GP (vector %u)",
		   run.exception_vector);
}

static void t_keys(void)
{
	struct kx *k = calloc(1, sizeof(*k));
	bool ok;

	if (!k) {
		tap_result(0, "EREPORT/EGETKEY: out of memory");
		return;
	}
	ok = fx_setup(&k->a, 4 * PAGE) &&
	     fx_setup_attr(&k->b, 8 * PAGE, ENCL_ATTR_DEBUG) &&
	     fx_setup(&k->c, 8 * PAGE);
	tap_result(ok, "three enclaves for EREPORT/EGETKEY: A (4 heap pages), B (8, DEBUG), C (8)");
	if (ok) {
		t_ereport_identity(k);
		t_local_attestation(k);
		t_seal_keys(k);
		t_egetkey_errors(k);
	}
	fx_free(&k->a);
	fx_free(&k->b);
	fx_free(&k->c);
	free(k);
}

/* ---- EWB/ELDU round trips ------------------------------------------------ */

static uint64_t epc_bytes(void)
{
	unsigned long long n = 0, total = 0;
	char path[96];
	FILE *fp;
	int i;

	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/node/node%d/x86/sgx_total_bytes", i);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		if (fscanf(fp, "%llu", &n) == 1)
			total += n;
		fclose(fp);
	}
	return total;
}

static void t_ewb_eldu(void)
{
	uint64_t epc = epc_bytes(), heap = epc + epc / 4, i, n, v, bad = 0;
	struct sgx2_enclave_run run;
	struct timespec t0, t1;
	bool ok = true;
	struct fx f;

	if (!epc) {
		tap_result(0, "EWB/ELDU: sgx_total_bytes not found");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!fx_setup(&f, heap)) {
		tap_result(0, "an enclave with %llu KiB of heap on a %llu KiB EPC",
			   (unsigned long long)heap >> 10,
			   (unsigned long long)epc >> 10);
		fx_free(&f);
		return;
	}
	tap_result(1, "an enclave with %llu KiB of heap on a %llu KiB EPC (EADD through the reclaimer)",
		   (unsigned long long)heap >> 10, (unsigned long long)epc >> 10);
	n = f.e.heap_size / PAGE;
	for (i = 0; i < n && ok; i++)
		ok = put(&f, f.e.base + f.e.heap_offset + i * PAGE + (i % 511) * 8,
			 i * 0x9e3779b97f4a7c15ULL, &run);
	/*
	 * The reclaimer unmaps and EBLOCKs pages, then its ETRACK's IPIs
	 * make the AEXs: when it picks an SSA page of the thread inside, the
	 * AEX must still save to it (the emulator once walked the page tables
	 * at AEX time, lost the state, and a later fault came back as a plain
	 * #PF on 6.12).
	 */
	tap_result(ok, "each of the %llu heap pages written from inside (EWB/ELDU as they come back)",
		   (unsigned long long)n);
	if (!ok) {
		note("page %llu of %llu", (unsigned long long)i - 1,
		     (unsigned long long)n);
		run_diag("write", &run);
	}
	for (i = 0; i < n && ok; i++) {
		ok = get(&f, f.e.base + f.e.heap_offset + i * PAGE + (i % 511) * 8,
			 &v, &run);
		if (!ok) {
			note("read of page %llu failed", (unsigned long long)i);
			run_diag("read", &run);
		}
		if (ok && v != i * 0x9e3779b97f4a7c15ULL && bad++ < 5)
			note("page %llu: read %#llx", (unsigned long long)i,
			     (unsigned long long)v);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	tap_result(ok && !bad,
		   "each page read back with its value after eviction and reload (%llu wrong, %ld s)",
		   (unsigned long long)bad, (long)(t1.tv_sec - t0.tv_sec));
	/* The untouched end of each page stayed zero across EWB/ELDU. */
	ok = get(&f, f.e.base + f.e.heap_offset + PAGE - 8, &v, &run) && v == 0;
	tap_result(ok, "an unwritten word of the first heap page is still zero");
	fx_free(&f);
}

int main(int argc, char **argv)
{
	static char def[4096];
	struct fx f;

	if (argc > 1) {
		elf_path = argv[1];
	} else {
		ssize_t n = readlink("/proc/self/exe", def, sizeof(def) - 32);

		if (n < 0)
			n = 0;
		def[n] = 0;
		strcpy(strrchr(def, '/') ? strrchr(def, '/') + 1 : def,
		       "test_encl.elf");
		elf_path = def;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (!fx_setup(&f, 4 * PAGE)) {
		tap_result(0, "the test enclave on %s", SGX_DEV);
		return tap_done();
	}
	tap_result(1, "the test enclave built, EINITed and mapped on %s", SGX_DEV);
	signal(SIGALRM, watchdog);
	group("vDSO entry");
	t_vdso(&f);
	group("EPCM #PF with bit 15");
	t_epcm_pf(&f);
	group("AEX on a timer interrupt");
	t_aex_timer(&f);
	t_aex_flags(&f);
	group("a second thread");
	t_second_thread(&f);
	group("EREMOVE with a thread inside");
	t_eremove_inside(&f);
	group("abort page");
	t_abort_page(&f);
	fx_free(&f);
	group("ring 0, one leaf at a time (encls_probe.ko)");
	t_probe();
	group("EREPORT and EGETKEY");
	t_keys();
	group_s("EWB/ELDU round trips", 600);
	t_ewb_eldu();
	alarm(0);

	return tap_done();
}
