// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - random and hostile input to /dev/sgx2_edmm, from several
 * processes and threads at once.  Seeded and bounded:
 *
 *   fuzz [-s SEED] [-n OPS] [-t SECONDS] [-p PROCS] [-j THREADS] [-I] [-F]
 *        ENCLAVE.elf
 *
 * -I: no fault injection (sim_inject).
 * -F: after its set-up, each process marks itself for the kernel's fault
 *     injection (/proc/self/make-it-fail; its threads and children
 *     inherit it): failslab and fail_page_alloc with task-filter then
 *     fail allocations of the fuzzer's operations only.
 *
 * Each process builds one shared enclave; each thread also owns one, which
 * it alone enters and may tear down and build again.  A thread's actions,
 * drawn from its own PRNG (SEED, process and thread number):
 *
 *  - an ioctl: the module's numbers (sometimes with the size or direction
 *    bits flipped) or a random one, on a random file (an enclave's, a fresh
 *    one, one closed meanwhile), with random bytes, NULL, an unmapped
 *    page, a read-only page or a kernel address as the argument;
 *  - a range operation (AUGMENT_PAGES, RESTRICT_PERMISSIONS, MODIFY_TYPES,
 *    REMOVE_PAGES) on the shared or its own enclave, mostly page-aligned
 *    and inside ELRANGE, sometimes not;
 *  - an entry into its own enclave: EACCEPT of a random page with random
 *    flags, or a write and read back;
 *  - mm: mprotect, mmap again over itself (MAP_FIXED), mremap away and
 *    back (holding space_lock), madvise
 *    (WILLNEED, DONTNEED), posix_fadvise, over random ranges of an enclave;
 *  - a native read or write of a random enclave address, its SIGSEGV or
 *    SIGBUS caught;
 *  - fork: the child runs a few of the above on what it inherited, then
 *    exits;
 *  - dup and close of a file; SET_POLICY with random arguments; thread 0
 *    of process 0 also arms sim_inject (the sim's fault injection) at
 *    random, and disarms it at the end.
 *
 *  - the review's mremap bug as an oracle (act_moved()): a page's mapping
 *    moved away, the page removed, a read through the moved mapping must
 *    fault.
 *
 * Apart from that oracle the fuzzer checks nothing the kernel may
 * legitimately refuse: the other verdicts are the plan's
 * (tests/qemu/plans/fuzz.sh): no WARN, BUG or lockup, every EPC page
 * back, rmmod succeeds.  It prints one line per process and a total of
 * operations, and exits non-zero on a stale read or when it could not
 * set up.  A failing seed reproduces: the same SEED, OPS, PROCS and THREADS
 * draw the same actions (their interleaving is the scheduler's).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "enclave_test.h"

#define MAX_THREADS	8
#define DYN_PAGES	32
#define INJECT_PARAM	"/sys/module/sgx2_edmm/parameters/sim_inject"

enum action {
	A_IOCTL, A_RANGE, A_ENTER, A_MM, A_TOUCH, A_FORK, A_FILE, A_POLICY,
	A_REBUILD, A_INJECT, A_MOVED, NR_ACTIONS
};

static const char *const action_names[NR_ACTIONS] = {
	"ioctl", "range", "enter", "mm", "touch", "fork", "file", "policy",
	"rebuild", "inject", "moved",
};

/* Relative weights of the actions. */
static const unsigned int weight[NR_ACTIONS] = {
	[A_IOCTL] = 30, [A_RANGE] = 25, [A_ENTER] = 15, [A_MM] = 12,
	[A_TOUCH] = 8, [A_FORK] = 2, [A_FILE] = 4, [A_POLICY] = 2,
	[A_REBUILD] = 1, [A_INJECT] = 1, [A_MOVED] = 2,
};

static const unsigned long ioctls[] = {
	SGX2_IOC_ENCLAVE_CREATE, SGX2_IOC_ENCLAVE_ADD_PAGES,
	SGX2_IOC_ENCLAVE_INIT, SGX2_IOC_ENCLAVE_PROVISION,
	SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, SGX2_IOC_ENCLAVE_MODIFY_TYPES,
	SGX2_IOC_ENCLAVE_REMOVE_PAGES, SGX2_IOC_ENCLAVE_AUGMENT_PAGES,
	SGX2_IOC_ENCLAVE_STATS, SGX2_IOC_ENCLAVE_SET_POLICY,
	SGX2_IOC_ENCLAVE_GET_POLICY, SGX2_IOC_SIM_ENCLU,
};
#define NR_IOCTLS	(sizeof(ioctls) / sizeof(ioctls[0]))

static unsigned long long seed = 1, max_ops = 20000;
static bool no_inject, make_it_fail;
static unsigned int seconds = 60, nprocs = 2, nthreads = 4;
static time_t deadline;
static struct tenc shared;
static uint8_t *ro_page, *hole_page;
static atomic_ullong done[NR_ACTIONS];
static atomic_int stale;		/* reads of removed pages: the one verdict */
static bool in_child;			/* a fork()ed child: one thread, no locks */

/*
 * The address-space lock.  An mm action that may leave a hole in ELRANGE
 * for a moment (an mmap the module refuses after the kernel unmapped, a
 * mapping moved away and back) holds it exclusively until the hole is
 * filled again.  Everything of ours that takes address space without
 * MAP_FIXED (building and tearing down an enclave: its image buffer, its
 * ELRANGE reservation, OpenSSL's allocations) holds it shared.  Without
 * it, another thread's image buffer could land in such a hole, and the
 * next MAP_FIXED there, or the enclave's teardown, would unmap it under
 * that thread: the fuzzer would crash, not the kernel.
 */
static pthread_rwlock_t space_lock = PTHREAD_RWLOCK_INITIALIZER;

static void space_take(bool exclusive)
{
	if (in_child)
		return;
	if (exclusive)
		pthread_rwlock_wrlock(&space_lock);
	else
		pthread_rwlock_rdlock(&space_lock);
}

static void space_give(void)
{
	if (!in_child)
		pthread_rwlock_unlock(&space_lock);
}

struct worker {
	int id;
	uint64_t rng;
	struct tenc own;
	bool have_own;
	sigjmp_buf jb;
	volatile int guarded;
};

static __thread struct worker *self;

/* xorshift64*: a thread's own stream. */
static uint64_t rnd(struct worker *w)
{
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 0x2545F4914F6CDD1DULL;
}

static uint64_t below(struct worker *w, uint64_t n)
{
	return n ? rnd(w) % n : 0;
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	const ucontext_t *u = uc;
	char msg[160];
	int n;

	if (self && self->guarded)
		siglongjmp(self->jb, sig);
	/* Dying: say where, for the plan's log (then the default action). */
	n = snprintf(msg, sizeof(msg),
		     "# fuzz: worker %d: signal %d, code %d, address %p, ip %#llx\n",
		     self ? self->id : -1, sig, si->si_code, si->si_addr,
		     (unsigned long long)u->uc_mcontext.gregs[REG_RIP]);
	if (write(1, msg, n) < 0)
		n = 0;
	signal(sig, SIG_DFL);
	raise(sig);
}

/* An enclave to act on: the thread's own (if it has one) or the shared. */
static struct tenc *pick(struct worker *w)
{
	return w->have_own && below(w, 2) ? &w->own : &shared;
}

static void *random_arg(struct worker *w, uint8_t *buf, size_t len)
{
	size_t i;

	switch (below(w, 8)) {
	case 0:
		return NULL;
	case 1:
		return hole_page;
	case 2:
		return ro_page;
	case 3:
		return (void *)0xffffffff81000000UL;
	case 4:
		return (void *)(uintptr_t)(rnd(w) | 1);
	default:
		for (i = 0; i < len; i++)
			buf[i] = (uint8_t)rnd(w);
		/* Sometimes plausible: small page-aligned values in the fields. */
		if (below(w, 2))
			for (i = 0; i + 8 <= len; i += 8)
				*(uint64_t *)(buf + i) = below(w, 64) * PAGE;
		return buf;
	}
}

static void act_ioctl(struct worker *w)
{
	static const int dirs[] = { 0, 1, 2, 3 };
	uint8_t buf[256] __attribute__((aligned(64)));
	unsigned long cmd;
	int fd, own = -1;

	if (below(w, 8) == 0) {
		own = open(SGX2_EDMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		fd = own;
	} else {
		fd = pick(w)->fd;
	}
	switch (below(w, 4)) {
	case 0:
		cmd = (unsigned long)rnd(w) & 0xffffffffUL;
		break;
	case 1:	/* a known number with another size or direction */
		cmd = ioctls[below(w, NR_IOCTLS)];
		cmd = (cmd & ~(0x3fffUL << 16)) | ((below(w, 300) & 0x3fff) << 16);
		cmd = (cmd & ~(3UL << 30)) | ((unsigned long)dirs[below(w, 4)] << 30);
		break;
	default:
		cmd = ioctls[below(w, NR_IOCTLS)];
	}
	ioctl(fd, cmd, random_arg(w, buf, sizeof(buf)));
	if (own >= 0)
		close(own);
}

static void act_range(struct worker *w)
{
	struct tenc *t = pick(w);
	uint64_t off, len, count, result, size = t->e.size;

	off = below(w, 8) ? below(w, size / PAGE) * PAGE : rnd(w);
	len = below(w, 8) ? (1 + below(w, 16)) * PAGE : rnd(w) & 0xffffff;
	switch (below(w, 4)) {
	case 0:
		ioc_augment(t, off, len, &count);
		break;
	case 1:
		ioc_restrict(t, off, len, below(w, 8), &result, &count);
		break;
	case 2:
		ioc_modt(t, off, len, below(w, 2) ? SGX2_PAGE_TYPE_TRIM :
			 below(w, 8), &result, &count);
		break;
	default:
		ioc_remove(t, off, len, &count);
	}
}

static void act_enter(struct worker *w)
{
	struct tenc *t = &w->own;
	uint64_t addr, v;

	if (!w->have_own)
		return;
	addr = t->heap + below(w, t->heap_size / PAGE) * PAGE;
	switch (below(w, 3)) {
	case 0:
		eaccept(t, 0, addr, below(w, 2) ? SI_PENDING_RW : rnd(w) & 0x7ff);
		break;
	case 1:
		if (put_addr(t, 0, addr + 8 * below(w, 512), rnd(w)))
			get_addr(t, 0, addr, &v);
		break;
	default:
		nop(t, 1);
	}
}

/*
 * Fill a hole in ELRANGE (space_lock held exclusively), page by page: a
 * call that failed may have unmapped only part of the range, or nothing
 * (a page still mapped is EEXIST, and is left alone).  ENOMEM is tried
 * again: under the kernel's fault injection (-F) this mmap fails too.
 */
static void plug(uint64_t start, uint64_t len)
{
	uint64_t a;
	int tries;
	void *p;

	for (a = start; a < start + len; a += PAGE) {
		tries = 0;
		do {
			p = mmap((void *)a, PAGE, PROT_NONE, MAP_PRIVATE |
				 MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		} while (p == MAP_FAILED && errno == ENOMEM && ++tries < 32);
		if (p == (void *)a || (p == MAP_FAILED && errno == EEXIST))
			continue;
		printf("# fuzz: cannot fill the hole at %#llx in ELRANGE: %s\n",
		       (unsigned long long)a,
		       p == MAP_FAILED ? strerror(errno) : "mapped elsewhere");
		if (p != MAP_FAILED)
			munmap(p, PAGE);
	}
}

static void act_mm(struct worker *w)
{
	struct tenc *t = pick(w);
	uint64_t base = t->e.base, size = t->e.size;
	uint64_t start = base + below(w, size / PAGE) * PAGE;
	uint64_t len = (1 + below(w, 8)) * PAGE;
	void *p;

	if (start + len > base + size)
		len = base + size - start;
	switch (below(w, 6)) {
	case 0:
		mprotect((void *)start, len, below(w, 8));
		break;
	/* Never leave a hole in ELRANGE for long: see space_lock. */
	case 1:	/* map the file range again over itself: unmap and map at once */
		/* (An enclave page's file offset is its linear address.) */
		space_take(true);
		if (mmap((void *)start, len, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, t->fd, start) == MAP_FAILED)
			/* The kernel unmapped, then refused: plug the hole. */
			plug(start, len);
		space_give();
		break;
	case 2:	/* move it away, then back */
		space_take(true);
		p = mremap((void *)start, len, len, MREMAP_MAYMOVE);
		if (p != MAP_FAILED && p != (void *)start &&
		    mremap(p, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
			   (void *)start) == MAP_FAILED) {
			munmap(p, len);
			plug(start, len);
		}
		space_give();
		break;
	case 3:
		madvise((void *)start, len, MADV_WILLNEED);
		break;
	case 4:
		madvise((void *)start, len, MADV_DONTNEED);
		break;
	default:
		posix_fadvise(t->fd, start - base, len, POSIX_FADV_WILLNEED);
	}
}

static void act_touch(struct worker *w)
{
	struct tenc *t = pick(w);
	volatile uint64_t *p;

	p = (volatile uint64_t *)(uintptr_t)(t->e.base +
					     (below(w, t->e.size) & ~7ULL));
	w->guarded = 1;
	if (!sigsetjmp(w->jb, 1)) {
		if (below(w, 2))
			(void)*p;
		else
			*p = rnd(w);
	}
	w->guarded = 0;
}

/*
 * The review's mremap bug, as an oracle: write a tag into a page of the
 * own enclave, move its mapping away, trim and remove the page, then read
 * through the moved mapping.  The module refuses the move; if it ever
 * allows one, the read must fault or find anything but the tag (a stale
 * PTE to a freed page).
 */
static void act_moved(struct worker *w)
{
	struct tenc *t = &w->own;
	uint64_t page, tag, count, result;
	volatile uint64_t *q;
	void *dst, *moved;

	if (!w->have_own)
		return;
	page = t->heap + below(w, t->heap_size / PAGE) * PAGE;
	tag = 0x5eed000000000000ULL | (rnd(w) & 0xffffffffffffULL);
	ioc_augment(t, off_of(t, page), PAGE, &count);
	eaccept(t, 0, page, SI_PENDING_RW);
	if (!put_addr(t, 0, page, tag))
		return;
	space_take(true);
	dst = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	moved = dst == MAP_FAILED ? MAP_FAILED :
		mremap((void *)page, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	if (moved != MAP_FAILED)
		plug(page, PAGE);
	else if (dst != MAP_FAILED)
		munmap(dst, PAGE);
	space_give();
	if (moved == MAP_FAILED)
		return;
	ioc_modt(t, off_of(t, page), PAGE, SGX2_PAGE_TYPE_TRIM, &result, &count);
	eaccept(t, 0, page, SI_TRIMMED);
	if (ioc_remove(t, off_of(t, page), PAGE, &count) == 0 && count == PAGE) {
		q = moved;
		w->guarded = 1;
		if (!sigsetjmp(w->jb, 1)) {
			uint64_t v = *q;

			atomic_fetch_add(&stale, 1);
			printf("# fuzz: STALE: a read through a mapping moved from %#llx did not fault after REMOVE_PAGES (it read %#llx%s)\n",
			       (unsigned long long)page, (unsigned long long)v,
			       v == tag ? ", the page's old contents" : "");
		}
		w->guarded = 0;
	}
	munmap(moved, PAGE);
}

static void run_actions(struct worker *w, int n, bool child);

static void act_fork(struct worker *w)
{
	pid_t pid = fork();

	if (pid == 0) {
		in_child = true;
		run_actions(w, 20, true);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static void act_file(struct worker *w)
{
	int fd = dup(pick(w)->fd);

	if (fd >= 0 && below(w, 2))
		ioctl(fd, SGX2_IOC_ENCLAVE_STATS, NULL);
	if (fd >= 0)
		close(fd);
}

static void act_policy(struct worker *w)
{
	ioc_set_policy(pick(w), below(w, 5), below(w, 4) ? below(w, 64) :
		       (uint32_t)rnd(w));
}

/* Build (or tear down) an enclave: holding space_lock shared. */
static bool build(struct tenc *t)
{
	bool ok;

	space_take(false);
	ok = tenc_setup_dyn(t, DYN_PAGES, true);
	space_give();
	return ok;
}

static void teardown(struct tenc *t)
{
	space_take(false);
	tenc_teardown(t);
	space_give();
}

static void act_rebuild(struct worker *w)
{
	if (w->have_own)
		teardown(&w->own);
	w->have_own = build(&w->own);
}

static void act_inject(struct worker *w)
{
	/*
	 * Not EREMOVE: a page whose EREMOVE fails is still VALID, so the
	 * module leaks it on purpose (with a message, as mainline does), and
	 * the plan's count of EPC pages could not come back to zero.
	 */
	static const char *const leaves[] = { "eaug", "emodpr", "emodt",
					      "etrack", "eaccept" };
	char spec[64];

	if (w->id != 0 || no_inject)
		return;
	if (below(w, 2))
		snprintf(spec, sizeof(spec), "off");
	else
		snprintf(spec, sizeof(spec), "%s:%u:%u",
			 leaves[below(w, sizeof(leaves) / sizeof(leaves[0]))],
			 (unsigned int)below(w, 64), 1 + (unsigned int)below(w, 8));
	write_file(INJECT_PARAM, spec);	/* refused on hw, or a bad spec: no matter */
}

static void run_actions(struct worker *w, int n, bool child)
{
	unsigned int total = 0, r, a;
	int i;

	for (a = 0; a < NR_ACTIONS; a++)
		total += weight[a];
	for (i = 0; n < 0 || i < n; i++) {
		if (time(NULL) >= deadline)
			break;
		r = below(w, total);
		for (a = 0; r >= weight[a]; a++)
			r -= weight[a];
		/* A child stays off what would outlive it or hold others up. */
		if (child && (a == A_FORK || a == A_REBUILD || a == A_INJECT ||
			      a == A_ENTER || a == A_MOVED))
			continue;
		switch (a) {
		case A_IOCTL:
			act_ioctl(w);
			break;
		case A_RANGE:
			act_range(w);
			break;
		case A_ENTER:
			act_enter(w);
			break;
		case A_MM:
			act_mm(w);
			break;
		case A_TOUCH:
			act_touch(w);
			break;
		case A_FORK:
			act_fork(w);
			break;
		case A_FILE:
			act_file(w);
			break;
		case A_POLICY:
			act_policy(w);
			break;
		case A_REBUILD:
			act_rebuild(w);
			break;
		case A_MOVED:
			act_moved(w);
			break;
		default:
			act_inject(w);
		}
		if (!child)
			atomic_fetch_add(&done[a], 1);
	}
}

static void *thread_main(void *arg)
{
	struct worker *w = arg;

	self = w;
	w->have_own = build(&w->own);
	run_actions(w, (int)(max_ops / nthreads), false);
	if (w->id == 0)
		write_file(INJECT_PARAM, "off");
	if (w->have_own)
		teardown(&w->own);
	return NULL;
}

static int process_main(unsigned int proc)
{
	struct worker w[MAX_THREADS];
	pthread_t th[MAX_THREADS];
	bool started[MAX_THREADS];
	unsigned long long sum = 0;
	unsigned int i;
	int a;

	/* The other process may hold the EPC for a while: try a few times. */
	for (i = 0; !tenc_setup_dyn(&shared, DYN_PAGES, true); i++) {
		if (i == 10) {
			printf("# fuzz: process %u: setup: %s\n", proc, fail_msg);
			return 1;
		}
		usleep(200000);
	}
	if (make_it_fail) {
		int fd = open("/proc/self/make-it-fail", O_WRONLY | O_CLOEXEC);

		if (fd < 0 || write(fd, "1", 1) != 1) {
			printf("# fuzz: process %u: /proc/self/make-it-fail: %s\n",
			       proc, strerror(errno));
			return 1;
		}
		close(fd);
	}
	memset(w, 0, sizeof(w));
	for (i = 0; i < nthreads; i++) {
		w[i].id = proc * nthreads + i;
		w[i].rng = (seed + 1) * 0x9E3779B97F4A7C15ULL ^ (w[i].id + 1) * 0xBF58476D1CE4E5B9ULL;
		/* (Under fault injection a thread may not be created.) */
		started[i] = !pthread_create(&th[i], NULL, thread_main, &w[i]);
	}
	for (i = 0; i < nthreads; i++)
		if (started[i])
			pthread_join(th[i], NULL);
	tenc_teardown(&shared);
	printf("# fuzz: process %u:", proc);
	for (a = 0; a < NR_ACTIONS; a++) {
		printf(" %s %llu", action_names[a], (unsigned long long)done[a]);
		sum += done[a];
	}
	printf(", %llu in all; %d stale reads of removed pages\n", sum,
	       atomic_load(&stale));
	fflush(stdout);
	return atomic_load(&stale) ? 3 : 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO | SA_NODEFER };
	unsigned int p;
	int opt, status, bad = 0, killed = 0;
	pid_t pid;

	while ((opt = getopt(argc, argv, "s:n:t:p:j:IF")) != -1) {
		switch (opt) {
		case 'I':
			no_inject = true;
			break;
		case 'F':
			make_it_fail = true;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			max_ops = strtoull(optarg, NULL, 0);
			break;
		case 't':
			seconds = strtoul(optarg, NULL, 0);
			break;
		case 'p':
			nprocs = strtoul(optarg, NULL, 0);
			break;
		case 'j':
			nthreads = strtoul(optarg, NULL, 0);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1 || !nprocs || !nthreads || nthreads > MAX_THREADS)
		goto usage;
	elf_path = argv[optind];
	setvbuf(stdout, NULL, _IOLBF, 0);
	deadline = time(NULL) + seconds;

	ro_page = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	hole_page = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro_page == MAP_FAILED || hole_page == MAP_FAILED)
		return 1;
	munmap(hole_page, PAGE);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	printf("# fuzz: seed %llu, %llu operations, %u s, %u processes of %u threads\n",
	       seed, max_ops, seconds, nprocs, nthreads);
	for (p = 0; p < nprocs; p++) {
		pid = fork();
		if (pid == 0)
			_exit(process_main(p));
		if (pid < 0)
			return 1;
	}
	/*
	 * A process killed by a signal is a failure: the fuzzer lost its
	 * coverage (it was one: threads clobbering each other's mappings
	 * with MAP_FIXED).  Except with -F, where the kernel's fault
	 * injection may fail any allocation of the process, libc's too.  A
	 * stale read (3) or a failed set-up (1) is a failure.
	 */
	while ((pid = wait(&status)) > 0) {
		if (WIFEXITED(status) && !WEXITSTATUS(status))
			continue;
		if (WIFSIGNALED(status)) {
			killed++;
			printf("# fuzz: process %d killed by signal %d\n", (int)pid,
			       WTERMSIG(status));
			continue;
		}
		bad++;
		printf("# fuzz: process %d exited with %d (%s)\n", (int)pid,
		       WEXITSTATUS(status), WEXITSTATUS(status) == 3 ?
		       "a stale read" : "set-up failed");
	}
	if (!make_it_fail)
		bad += killed;
	printf("# fuzz: %u processes done, %d killed by a signal, %d failed\n",
	       nprocs, killed, bad);
	return bad ? 1 : 0;
usage:
	fprintf(stderr, "usage: %s [-s SEED] [-n OPS] [-t SECONDS] [-p PROCS] [-j THREADS(1-%d)] [-I] [-F] ENCLAVE.elf\n",
		argv[0], MAX_THREADS);
	return 2;
}
