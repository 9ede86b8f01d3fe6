// SPDX-License-Identifier: GPL-2.0
/*
 * sgx2_runtime.c - the C half of the userspace entry path (see
 * sgx2_runtime.h): backend choice, the vDSO look-up, and under the sim
 * backend the signal handlers that stand in for the CPU's ENCLU and AEX.
 *
 * How the sim handlers play the hardware
 * --------------------------------------
 * SIGILL at an ENCLU (0f 01 d7): the registers of the ucontext become a
 * struct sgx2_sim_enclu (leaf = EAX) and go to the transport.  The
 * registers that come back are written into the ucontext, so returning
 * from the handler resumes where the module says: the enclave entry point,
 * the instruction after the ENCLU, or the AEP.
 *
 * The bytes at RIP are read with SIGSEGV and SIGBUS unblocked and a fault
 * caught: another thread may have made the page unreadable (mprotect,
 * munmap, or an EPCM change that zapped the PTEs) since the CPU fetched
 * the instruction, and a fault with the signal blocked would kill the
 * process.  Inside an enclave, an unreadable RIP is reported as hardware
 * would have seen the fetch: an AEX with #PF at RIP, the error code of
 * the read with the I/D (fetch) bit added, sent as an SGX2_SIM_AEX
 * request.  Outside, the SIGILL goes to the previous handler.
 *
 * SIGSEGV, SIGBUS, SIGFPE, and SIGILL at any other instruction, raised by
 * the CPU (si_code > 0) while this thread is inside an enclave: enclave
 * code took an exception.  Vector = the trap number of the sigcontext,
 * error code = its err field, address = si_addr for #PF, sent as an
 * SGX2_SIM_AEX request; the answer is the AEX state at the AEP.
 *
 * Whenever the answer reports an exception (SGX2_SIM_ENCLU_EXCEPTION) and
 * the thread is to resume at the AEP of sgx2_sim_enter_enclave, the
 * handler does what the kernel's vDSO exception fix-up does for
 * __vdso_sgx_enter_enclave: RIP = sgx2_sim_enter_exception, RDI = vector,
 * RSI = error code, RDX = address.  With any other AEP the exception is
 * delivered as the signal it maps to (#PF/#GP -> SIGSEGV, #UD -> SIGILL,
 * #DE/#MF/#XM -> SIGFPE, #AC -> SIGBUS, else SIGSEGV) with the AEX state
 * in the ucontext, to the handler installed before the runtime's, as the
 * kernel would deliver it on hardware.
 *
 * Anything else - a signal sent by a process, one raised outside an
 * enclave, one raised by the runtime itself while handling another -
 * goes to the previous handler: SIG_DFL (and SIG_IGN, which the kernel
 * overrides for faults) is re-established and the signal taken again, so
 * the process dies as it would have without the runtime.
 *
 * A transport failure (errno from the ioctl, say EPERM) cannot be turned
 * into CPU behaviour.  For EENTER/ERESUME at sgx2_sim_enter_enclave's
 * ENCLU it is reported as #UD, which is what __vdso_sgx_enter_enclave
 * reports on a CPU without SGX; elsewhere the SIGILL goes to the previous
 * handler.  sgx2_runtime_last_error() keeps the errno.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "sgx2_runtime.h"

#define RT_ALTSTACK_SIZE	(256 * 1024)
#define RT_ALTSTACK_MIN		(64 * 1024)
#define RT_PAGE_SIZE		4096

#define RT_VEC_DE		0
#define RT_VEC_UD		6
#define RT_VEC_GP		13
#define RT_VEC_PF		14
#define RT_VEC_MF		16
#define RT_VEC_AC		17
#define RT_VEC_XM		19

/* #PF error code bits. */
#define RT_PF_USER		0x4
#define RT_PF_FETCH		0x10

/* Labels of sgx2_sim_enter.S. */
extern const char sgx2_sim_enter_aep[];
extern const char sgx2_sim_enter_exception[];

enum rt_backend { RT_NONE, RT_SIM, RT_HW };

/* Per-thread state; initial-exec so that signal handlers may touch it. */
struct rt_thread {
	bool inside;			/* entered and not exited */
	bool busy;			/* in a handler of the runtime */
	bool own_stack;			/* the altstack is the runtime's */
	bool probing;			/* rt_read_insn() is reading */
	uint32_t probe_error_code;	/* #PF error code of its fault */
	sigjmp_buf probe_env;		/* where its fault returns to */
	int fd_plus1;			/* sgx2_runtime_use_fd() + 1, or 0 */
	int cur_fd;			/* fd of the enclave entered */
	int last_error;
	struct sgx2_enclave_run *run;	/* run struct of the current entry */
	void *altstack;
	size_t altstack_size;
};

static __thread struct rt_thread rt_tls __attribute__((tls_model("initial-exec")));

static enum rt_backend rt_backend = RT_NONE;
static int rt_default_fd = -1;
static sgx2_transport_fn rt_transport;
static void *rt_transport_ctx;
static bool rt_handlers_installed;
static struct sigaction rt_prev[NSIG];

static const int rt_signals[] = { SIGILL, SIGSEGV, SIGBUS, SIGFPE };

/* enum sgx2_sim_gpr -> REG_* of the ucontext. */
static const int rt_greg[SGX2_GPR_NR] = {
	[SGX2_GPR_RAX] = REG_RAX, [SGX2_GPR_RCX] = REG_RCX,
	[SGX2_GPR_RDX] = REG_RDX, [SGX2_GPR_RBX] = REG_RBX,
	[SGX2_GPR_RSP] = REG_RSP, [SGX2_GPR_RBP] = REG_RBP,
	[SGX2_GPR_RSI] = REG_RSI, [SGX2_GPR_RDI] = REG_RDI,
	[SGX2_GPR_R8] = REG_R8, [SGX2_GPR_R9] = REG_R9,
	[SGX2_GPR_R10] = REG_R10, [SGX2_GPR_R11] = REG_R11,
	[SGX2_GPR_R12] = REG_R12, [SGX2_GPR_R13] = REG_R13,
	[SGX2_GPR_R14] = REG_R14, [SGX2_GPR_R15] = REG_R15,
};

/* ---- vDSO --------------------------------------------------------------- */

/* Number of symbols of a DT_GNU_HASH table: one past the highest index. */
static uint32_t rt_gnu_hash_nsyms(const uint32_t *gh)
{
	uint32_t nbuckets = gh[0], symoffset = gh[1], bloom = gh[2];
	const uint32_t *buckets = gh + 4 + bloom * (sizeof(uint64_t) / 4);
	const uint32_t *chain = buckets + nbuckets;
	uint32_t i, last = 0;

	for (i = 0; i < nbuckets; i++)
		if (buckets[i] > last)
			last = buckets[i];
	if (last < symoffset)
		return symoffset;
	while (!(chain[last - symoffset] & 1))
		last++;
	return last + 1;
}

bool sgx2_runtime_elf_funcs(const void *image, sgx2_elf_func_fn fn, void *ctx)
{
	const Elf64_Ehdr *eh = image;
	const uint32_t *hash = NULL, *gnu_hash = NULL;
	const Elf64_Sym *symtab = NULL;
	const Elf64_Dyn *dyn = NULL;
	const char *strtab = NULL;
	uintptr_t bias = 0;
	bool have_load = false;
	uint32_t nsyms, i;

	if (!eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64)
		return false;
	for (i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)eh +
			eh->e_phoff + (size_t)i * eh->e_phentsize);

		if (ph->p_type == PT_LOAD && !have_load) {
			bias = (uintptr_t)eh + ph->p_offset - ph->p_vaddr;
			have_load = true;
		} else if (ph->p_type == PT_DYNAMIC) {
			dyn = (const Elf64_Dyn *)((const char *)eh + ph->p_offset);
		}
	}
	if (!have_load || !dyn)
		return false;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		const void *p = (const void *)(bias + dyn->d_un.d_ptr);

		switch (dyn->d_tag) {
		case DT_SYMTAB:
			symtab = p;
			break;
		case DT_STRTAB:
			strtab = p;
			break;
		case DT_HASH:
			hash = p;
			break;
		case DT_GNU_HASH:
			gnu_hash = p;
			break;
		}
	}
	if (!symtab || !strtab || (!hash && !gnu_hash))
		return false;
	nsyms = hash ? hash[1] : rt_gnu_hash_nsyms(gnu_hash);
	for (i = 0; i < nsyms; i++) {
		const Elf64_Sym *s = &symtab[i];

		if (s->st_shndx == SHN_UNDEF || !s->st_name ||
		    ELF64_ST_TYPE(s->st_info) != STT_FUNC)
			continue;
		if (fn(strtab + s->st_name, (void *)(bias + s->st_value), ctx))
			return true;
	}
	return false;
}

struct rt_sym_lookup {
	const char *name;
	void *addr;
};

static bool rt_sym_match(const char *name, void *addr, void *ctx)
{
	struct rt_sym_lookup *l = ctx;

	if (strcmp(name, l->name))
		return false;
	l->addr = addr;
	return true;
}

void *sgx2_runtime_vdso_sym(const char *name)
{
	struct rt_sym_lookup l = { name, NULL };

	sgx2_runtime_elf_funcs((const void *)getauxval(AT_SYSINFO_EHDR),
			       rt_sym_match, &l);
	return l.addr;
}

/* ---- per-thread set-up -------------------------------------------------- */

/*
 * Give the thread an alternate signal stack.  Called from a signal handler,
 * @uc is the interrupted context: sigreturn restores the altstack recorded
 * there, so the new one is recorded there too.
 */
static int rt_thread_init(ucontext_t *uc)
{
	stack_t cur, ss;
	void *p;

	if (rt_tls.altstack)
		return 0;
	if (sigaltstack(NULL, &cur))
		return -errno;
	if (!(cur.ss_flags & SS_DISABLE) && cur.ss_size >= RT_ALTSTACK_MIN)
		return 0;	/* the thread's own one will do */
	if (cur.ss_flags & SS_ONSTACK)
		return -EBUSY;
	/* A guard page below the stack. */
	p = mmap(NULL, RT_ALTSTACK_SIZE + RT_PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	if (mprotect(p, RT_PAGE_SIZE, PROT_NONE)) {
		int err = -errno;

		munmap(p, RT_ALTSTACK_SIZE + RT_PAGE_SIZE);
		return err;
	}
	ss.ss_sp = (char *)p + RT_PAGE_SIZE;
	ss.ss_size = RT_ALTSTACK_SIZE;
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL)) {
		int err = -errno;

		munmap(p, RT_ALTSTACK_SIZE + RT_PAGE_SIZE);
		return err;
	}
	if (uc)
		uc->uc_stack = ss;
	rt_tls.altstack = p;
	rt_tls.altstack_size = RT_ALTSTACK_SIZE + RT_PAGE_SIZE;
	rt_tls.own_stack = true;
	return 0;
}

int sgx2_runtime_thread_init(void)
{
	return rt_thread_init(NULL);
}

void sgx2_runtime_thread_fini(void)
{
	stack_t ss = { .ss_flags = SS_DISABLE };

	if (!rt_tls.own_stack)
		return;
	if (sigaltstack(&ss, NULL))
		return;		/* running on it */
	munmap(rt_tls.altstack, rt_tls.altstack_size);
	rt_tls.altstack = NULL;
	rt_tls.own_stack = false;
}

int sgx2_runtime_use_fd(int enclave_fd)
{
	rt_tls.fd_plus1 = enclave_fd + 1;
	return 0;
}

bool sgx2_runtime_inside(struct sgx2_enclave_run **run)
{
	if (run)
		*run = rt_tls.inside ? rt_tls.run : NULL;
	return rt_tls.inside;
}

int sgx2_runtime_last_error(void)
{
	return rt_tls.last_error;
}

const char *sgx2_runtime_backend(void)
{
	switch (rt_backend) {
	case RT_SIM:
		return "sim";
	case RT_HW:
		return "hw";
	default:
		return "none";
	}
}

void sgx2_runtime_set_transport(sgx2_transport_fn fn, void *ctx)
{
	rt_transport = fn;
	rt_transport_ctx = ctx;
}

/* ---- the handlers ------------------------------------------------------- */

static int rt_send(int fd, struct sgx2_sim_enclu *req)
{
	int ret;

	if (rt_transport)
		return rt_transport(rt_transport_ctx, req);
	do {
		ret = ioctl(fd, SGX2_IOC_SIM_ENCLU, req);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/*
 * Hand @sig to the handler installed before ours, or die of it as by
 * default.  Async-signal-safe.
 */
static void rt_chain(int sig, siginfo_t *si, void *uc)
{
	const struct sigaction *old = &rt_prev[sig];

	rt_tls.busy = false;	/* the handler may not return */
	if (old->sa_handler == SIG_IGN && si->si_code <= 0)
		return;		/* sent, and ignored */
	if (old->sa_handler == SIG_DFL || old->sa_handler == SIG_IGN) {
		struct sigaction dfl;

		/*
		 * The kernel does not let faults be ignored either.  Sent
		 * again, the signal is pending until this handler returns,
		 * then kills the process as it would have without us.
		 */
		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigemptyset(&dfl.sa_mask);
		sigaction(sig, &dfl, NULL);
		raise(sig);
		return;
	}
	if (old->sa_flags & SA_SIGINFO)
		old->sa_sigaction(sig, si, uc);
	else
		old->sa_handler(sig);
}

static int rt_signal_of(unsigned int vector)
{
	switch (vector) {
	case RT_VEC_UD:
		return SIGILL;
	case RT_VEC_DE:
	case RT_VEC_MF:
	case RT_VEC_XM:
		return SIGFPE;
	case RT_VEC_AC:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

/* The vDSO fix-up, or a signal at a foreign AEP (see the top). */
static void rt_report(ucontext_t *uc, const struct sgx2_sim_enclu *req)
{
	greg_t *g = uc->uc_mcontext.gregs;
	siginfo_t si;
	int sig;

	if ((uintptr_t)g[REG_RIP] == (uintptr_t)sgx2_sim_enter_aep) {
		g[REG_RIP] = (greg_t)(uintptr_t)sgx2_sim_enter_exception;
		g[REG_RDI] = req->exception_vector;
		g[REG_RSI] = req->exception_error_code;
		g[REG_RDX] = (greg_t)req->exception_addr;
		return;
	}
	sig = rt_signal_of(req->exception_vector);
	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = sig == SIGSEGV ? SEGV_ACCERR : 1;
	si.si_addr = (void *)(uintptr_t)req->exception_addr;
	g[REG_TRAPNO] = req->exception_vector;
	g[REG_ERR] = req->exception_error_code;
	g[REG_CR2] = (greg_t)req->exception_addr;
	rt_chain(sig, &si, uc);
}

static void rt_regs_in(struct sgx2_sim_enclu *req, const greg_t *g)
{
	int i;

	for (i = 0; i < SGX2_GPR_NR; i++)
		req->gpr[i] = (uint64_t)g[rt_greg[i]];
	req->rip = (uint64_t)g[REG_RIP];
	req->rflags = (uint64_t)g[REG_EFL];
}

static void rt_regs_out(greg_t *g, const struct sgx2_sim_enclu *req)
{
	int i;

	for (i = 0; i < SGX2_GPR_NR; i++)
		g[rt_greg[i]] = (greg_t)req->gpr[i];
	g[REG_RIP] = (greg_t)req->rip;
	g[REG_EFL] = (greg_t)req->rflags;
}

static int rt_fd(void)
{
	if (rt_tls.inside)
		return rt_tls.cur_fd;
	return rt_tls.fd_plus1 ? rt_tls.fd_plus1 - 1 : rt_default_fd;
}

/* ENCLU at the RIP of @uc. */
static void rt_enclu(int sig, siginfo_t *si, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	struct sgx2_sim_enclu req;
	bool was_inside = rt_tls.inside;
	int fd = rt_fd();
	uint32_t leaf = (uint32_t)g[REG_RAX];
	int ret;

	memset(&req, 0, sizeof(req));
	req.leaf = leaf;
	rt_regs_in(&req, g);
	ret = rt_send(fd, &req);
	if (ret) {
		rt_tls.last_error = -ret;
		if (!was_inside && (uintptr_t)g[REG_RIP] ==
		    (uintptr_t)sgx2_sim_enter_aep) {
			memset(&req, 0, sizeof(req));
			req.exception_vector = RT_VEC_UD;
			rt_report(uc, &req);
			return;
		}
		rt_chain(sig, si, uc);
		return;
	}

	if (req.flags & SGX2_SIM_ENCLU_EXCEPTION) {
		rt_tls.inside = false;	/* an AEX, or still outside */
	} else if (leaf == SGX2_EENTER || leaf == SGX2_ERESUME) {
		rt_tls.inside = true;
		rt_tls.cur_fd = fd;
		/* The run struct, if this is sgx2_sim_enter_enclave's ENCLU. */
		rt_tls.run = NULL;
		if ((uintptr_t)g[REG_RIP] == (uintptr_t)sgx2_sim_enter_aep)
			rt_tls.run = *(struct sgx2_enclave_run **)
				(uintptr_t)(g[REG_RBP] + 16);
	} else if (leaf == SGX2_EEXIT) {
		rt_tls.inside = false;
	}
	rt_regs_out(g, &req);
	if (req.flags & SGX2_SIM_ENCLU_EXCEPTION)
		rt_report(uc, &req);
}

/* An exception of enclave code (@vector, @error_code, @addr): AEX. */
static void rt_aex(int sig, siginfo_t *si, ucontext_t *uc, uint32_t vector,
		   uint32_t error_code, uint64_t addr)
{
	greg_t *g = uc->uc_mcontext.gregs;
	struct sgx2_sim_enclu req;
	int ret;

	memset(&req, 0, sizeof(req));
	req.leaf = SGX2_SIM_AEX;
	rt_regs_in(&req, g);
	req.exception_vector = vector;
	req.exception_error_code = error_code;
	if (vector == RT_VEC_PF)
		req.exception_addr = addr;
	ret = rt_send(rt_tls.cur_fd, &req);
	if (ret) {
		rt_tls.last_error = -ret;
		rt_chain(sig, si, uc);
		return;
	}
	rt_tls.inside = false;
	rt_regs_out(g, &req);
	rt_report(uc, &req);
}

/* A CPU exception of enclave code, as the sigcontext describes it. */
static void rt_exception(int sig, siginfo_t *si, ucontext_t *uc)
{
	const greg_t *g = uc->uc_mcontext.gregs;

	rt_aex(sig, si, uc, (uint32_t)g[REG_TRAPNO], (uint32_t)g[REG_ERR],
	       (uint64_t)(uintptr_t)si->si_addr);
}

/*
 * Copy @n bytes at @addr to @buf, in a handler (SIGSEGV and SIGBUS are
 * blocked): they are unblocked for the copy, and a fault of it comes back
 * here through rt_handler() and siglongjmp(), which restores the mask.
 * Return: 0, or -EFAULT with the fault's error code in *@error_code.
 */
static int rt_read_insn(uintptr_t addr, uint8_t *buf, size_t n,
			uint32_t *error_code)
{
	const volatile uint8_t *p = (const volatile uint8_t *)addr;
	sigset_t faults, old;
	size_t i;

	sigemptyset(&faults);
	sigaddset(&faults, SIGSEGV);
	sigaddset(&faults, SIGBUS);
	if (sigsetjmp(rt_tls.probe_env, 1)) {
		rt_tls.probing = false;
		*error_code = rt_tls.probe_error_code;
		return -EFAULT;
	}
	rt_tls.probing = true;
	sigprocmask(SIG_UNBLOCK, &faults, &old);
	for (i = 0; i < n; i++)
		buf[i] = p[i];
	sigprocmask(SIG_SETMASK, &old, NULL);
	rt_tls.probing = false;
	return 0;
}

/* A fault of rt_read_insn(): back to it. */
static void rt_probe_fault(ucontext_t *uc)
{
	rt_tls.probe_error_code = (uint32_t)uc->uc_mcontext.gregs[REG_ERR];
	siglongjmp(rt_tls.probe_env, 1);
}

/* SIGILL: an ENCLU, another instruction, or RIP no longer readable. */
static void rt_sigill(int sig, siginfo_t *si, ucontext_t *uc)
{
	uintptr_t rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	uint32_t error_code;
	uint8_t insn[3];

	if (rt_read_insn(rip, insn, sizeof(insn), &error_code)) {
		/* The fetch, had it come now, would have faulted. */
		if (rt_tls.inside)
			rt_aex(sig, si, uc, RT_VEC_PF,
			       error_code | RT_PF_USER | RT_PF_FETCH, rip);
		else
			rt_chain(sig, si, uc);
	} else if (insn[0] == 0x0f && insn[1] == 0x01 && insn[2] == 0xd7) {
		rt_enclu(sig, si, uc);
	} else if (rt_tls.inside) {
		rt_exception(sig, si, uc);
	} else {
		rt_chain(sig, si, uc);
	}
}

static void rt_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	int saved_errno = errno;

	if (rt_tls.probing && si->si_code > 0 &&
	    (sig == SIGSEGV || sig == SIGBUS))
		rt_probe_fault(uc);
	if (si->si_code <= 0 || rt_tls.busy) {
		rt_chain(sig, si, ctx);
		goto out;
	}
	rt_tls.busy = true;
	/* The first entry of a thread: from now on, signals use the altstack. */
	if (!rt_tls.inside && !rt_tls.altstack)
		rt_thread_init(uc);
	if (sig == SIGILL)
		rt_sigill(sig, si, uc);
	else if (rt_tls.inside)
		rt_exception(sig, si, uc);
	else
		rt_chain(sig, si, ctx);
	rt_tls.busy = false;
out:
	errno = saved_errno;
}

static int rt_install(void)
{
	struct sigaction sa;
	size_t i;

	if (rt_handlers_installed)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = rt_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(rt_signals) / sizeof(rt_signals[0]); i++)
		sigaddset(&sa.sa_mask, rt_signals[i]);
	for (i = 0; i < sizeof(rt_signals) / sizeof(rt_signals[0]); i++) {
		if (sigaction(rt_signals[i], &sa, &rt_prev[rt_signals[i]])) {
			int err = -errno;

			while (i--)
				sigaction(rt_signals[i], &rt_prev[rt_signals[i]],
					  NULL);
			return err;
		}
	}
	rt_handlers_installed = true;
	return 0;
}

/* ---- init --------------------------------------------------------------- */

/* Does @fd speak SGX2_IOC_SIM_ENCLU?  1 sim, 0 not, -errno unusable fd. */
static int rt_probe_sim(int fd)
{
	struct sgx2_sim_enclu req;

	memset(&req, 0, sizeof(req));
	req.leaf = ~0ULL;	/* invalid: the sim backend says EINVAL */
	if (!ioctl(fd, SGX2_IOC_SIM_ENCLU, &req))
		return 1;
	switch (errno) {
	case ENODEV:
	case ENOTTY:
		return 0;
	case EBADF:
	case EFAULT:
		return -errno;
	default:
		return 1;
	}
}

int sgx2_runtime_init(int enclave_fd, sgx2_enter_fn *out)
{
	void *vdso;
	int ret;

	if (!rt_transport) {
		ret = rt_probe_sim(enclave_fd);
		if (ret < 0)
			return ret;
		if (!ret) {
			vdso = sgx2_runtime_vdso_sym("__vdso_sgx_enter_enclave");
			if (!vdso)
				return -ENODEV;
			*out = (sgx2_enter_fn)vdso;
			rt_backend = RT_HW;
			return 0;
		}
	}
	ret = rt_install();
	if (ret)
		return ret;
	ret = sgx2_runtime_thread_init();
	if (ret)
		return ret;
	rt_default_fd = enclave_fd;
	rt_tls.fd_plus1 = enclave_fd + 1;
	rt_backend = RT_SIM;
	*out = sgx2_sim_enter_enclave;
	return 0;
}
