// SPDX-License-Identifier: GPL-2.0
/*
 * preload.c - libsgx2-edmm-preload.so: unmodified enclave runtimes on
 * /dev/sgx2_edmm, through LD_PRELOAD.
 *
 *  - open, openat and their 64-bit and fortified forms: a path in
 *    SGX2_EDMM_PRELOAD_PATHS (colon-separated absolute paths; default
 *    /dev/sgx_enclave) opens /dev/sgx2_edmm instead; stat, lstat,
 *    fstatat, statx (and glibc's older __xstat forms), access and
 *    faccessat see /dev/sgx2_edmm there too, so a runtime that checks the
 *    node before it opens it finds one;
 *  - ioctl: SGX_IOC_ENCLAVE_CREATE on such an fd is passed on, and on
 *    success the enclave's ELRANGE (from its SECS) is remembered with it;
 *  - with the module's sim backend (/sys/class/misc/sgx2_edmm/backend),
 *    enclave entry: the first redirected open installs the runtime's ENCLU
 *    trap (sgx2_runtime_init()), and getauxval(AT_SYSINFO_EHDR) returns an
 *    image of the vDSO's functions plus a __vdso_sgx_enter_enclave of ours
 *    (sgx2_preload_enter, enter.S), which finds the enclave by the TCS
 *    address and enters it through the sim backend;
 *  - with SGX2_EDMM_PRELOAD_CPUID=1 and the sim backend, CPUID emulation
 *    (cpuid_emul.c).
 *
 * On backend=hw only the redirection is done: the CPU and the real vDSO
 * serve the rest.  SGX2_EDMM_PRELOAD_DEBUG=1 says what is done.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "paths.h"
#include "preload.h"
#include "sgx2_runtime.h"
#include "vdso_image.h"

#define EXPORT		__attribute__((visibility("default")))
#define BACKEND_ATTR	"/sys/class/misc/sgx2_edmm/backend"
#define EPC_PAGES_PARAM	"/sys/module/sgx2_edmm/parameters/epc_total_pages"
#define MAX_ENCLAVES	64
#define MAX_VDSO_SYMS	32
#define ENTER_SYM	"__vdso_sgx_enter_enclave"

static const char *redirect_list;
static bool debug;

void preload_log(bool always, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	int n;

	if (!always && !debug)
		return;
	n = snprintf(msg, sizeof(msg), "sgx2-edmm-preload: ");
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	n = strlen(msg);
	if (n < (int)sizeof(msg) - 1)
		msg[n++] = '\n';
	if (write(2, msg, n) < 0)
		return;
}

static ssize_t read_small(const char *path, char *buf, size_t len)
{
	int fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

bool preload_backend_is_sim(void)
{
	char buf[16];

	return read_small(BACKEND_ATTR, buf, sizeof(buf)) > 0 &&
	       !strcmp(buf, "sim\n");
}

uint64_t preload_epc_pages(void)
{
	char buf[32];

	if (read_small(EPC_PAGES_PARAM, buf, sizeof(buf)) <= 0)
		return 0;
	return strtoull(buf, NULL, 10);
}

/* ---- enclaves: redirected fds and their ELRANGE -------------------------- */

struct enclave {
	int fd;			/* -1: free */
	uint64_t base, size;	/* 0, 0 until ENCLAVE_CREATE succeeded */
	unsigned long seq;	/* newer wins when ranges overlap */
};

static struct enclave enclaves[MAX_ENCLAVES];
static unsigned long enclave_seq;
static pthread_mutex_t enclaves_lock = PTHREAD_MUTEX_INITIALIZER;

static struct enclave *enclave_of_fd(int fd)
{
	int i;

	for (i = 0; i < MAX_ENCLAVES; i++)
		if (enclaves[i].fd == fd)
			return &enclaves[i];
	return NULL;
}

static void enclave_opened(int fd)
{
	struct enclave *e, *oldest = NULL;
	sgx2_enter_fn fn;
	int i, ret;

	pthread_mutex_lock(&enclaves_lock);
	e = enclave_of_fd(fd);	/* a number reused after close() */
	for (i = 0; !e && i < MAX_ENCLAVES; i++)
		if (enclaves[i].fd < 0)
			e = &enclaves[i];
		else if (!oldest || enclaves[i].seq < oldest->seq)
			oldest = &enclaves[i];
	if (!e)
		e = oldest;	/* 64 enclaves open: forget the oldest */
	e->fd = fd;
	e->base = 0;
	e->size = 0;
	e->seq = ++enclave_seq;
	pthread_mutex_unlock(&enclaves_lock);

	if (!preload_backend_is_sim())
		return;
	/* The ENCLU trap (once per process) and the default fd. */
	ret = sgx2_runtime_init(fd, &fn);
	if (ret)
		preload_log(true, "sim entry set-up on fd %d failed: %s", fd,
			    strerror(-ret));
}

void sgx2_preload_select(const struct sgx2_enclave_run *run)
{
	const struct enclave *best = NULL;
	int i;

	if (!run)
		return;
	pthread_mutex_lock(&enclaves_lock);
	for (i = 0; i < MAX_ENCLAVES; i++) {
		const struct enclave *e = &enclaves[i];

		if (e->fd >= 0 && e->size && run->tcs >= e->base &&
		    run->tcs - e->base < e->size && (!best || e->seq > best->seq))
			best = e;
	}
	if (best)
		sgx2_runtime_use_fd(best->fd);
	pthread_mutex_unlock(&enclaves_lock);
}

/* ---- open ---------------------------------------------------------------- */

/* The device for a redirected path, else @path itself. */
static const char *target(const char *path)
{
	return preload_path_redirected(path, redirect_list) ?
	       SGX2_EDMM_DEVICE_PATH : path;
}

static int do_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	const char *to = target(path);
	int fd;

	fd = syscall(SYS_openat, dirfd, to, flags, mode);
	if (to != path) {
		preload_log(false, "open(%s): %s, fd %d", path,
			    SGX2_EDMM_DEVICE_PATH, fd);
		if (fd >= 0)
			enclave_opened(fd);
	}
	return fd;
}

static bool wants_mode(int flags)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

#define MODE_ARG(flags, last)						\
	({								\
		mode_t m = 0;						\
		if (wants_mode(flags)) {				\
			va_list ap;					\
			va_start(ap, last);				\
			m = va_arg(ap, mode_t);				\
			va_end(ap);					\
		}							\
		m;							\
	})

EXPORT int open(const char *path, int flags, ...)
{
	return do_openat(AT_FDCWD, path, flags, MODE_ARG(flags, flags));
}

EXPORT int open64(const char *path, int flags, ...)
{
	return do_openat(AT_FDCWD, path, flags | O_LARGEFILE,
			 MODE_ARG(flags, flags));
}

EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	return do_openat(dirfd, path, flags, MODE_ARG(flags, flags));
}

EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
	return do_openat(dirfd, path, flags | O_LARGEFILE,
			 MODE_ARG(flags, flags));
}

/* The _FORTIFY_SOURCE forms (no mode: O_CREAT goes to open()). */
EXPORT int __open_2(const char *path, int flags);
EXPORT int __open64_2(const char *path, int flags);
EXPORT int __openat_2(int dirfd, const char *path, int flags);
EXPORT int __openat64_2(int dirfd, const char *path, int flags);

int __open_2(const char *path, int flags)
{
	return do_openat(AT_FDCWD, path, flags, 0);
}

int __open64_2(const char *path, int flags)
{
	return do_openat(AT_FDCWD, path, flags | O_LARGEFILE, 0);
}

int __openat_2(int dirfd, const char *path, int flags)
{
	return do_openat(dirfd, path, flags, 0);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	return do_openat(dirfd, path, flags | O_LARGEFILE, 0);
}

/* ---- stat and access: the redirected path as the device ------------------ */

/* x86-64: glibc's struct stat is the kernel's, for newfstatat. */
static int do_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return syscall(SYS_newfstatat, dirfd, target(path), st, flags);
}

EXPORT int stat(const char *path, struct stat *st)
{
	return do_fstatat(AT_FDCWD, path, st, 0);
}

EXPORT int stat64(const char *path, struct stat64 *st)
{
	return do_fstatat(AT_FDCWD, path, (struct stat *)st, 0);
}

EXPORT int lstat(const char *path, struct stat *st)
{
	return do_fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

EXPORT int lstat64(const char *path, struct stat64 *st)
{
	return do_fstatat(AT_FDCWD, path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}

EXPORT int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return do_fstatat(dirfd, path, st, flags);
}

EXPORT int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	return do_fstatat(dirfd, path, (struct stat *)st, flags);
}

/* glibc before 2.33 called these from the inline stat()s. */
EXPORT int __xstat(int ver, const char *path, struct stat *st);
EXPORT int __xstat64(int ver, const char *path, struct stat64 *st);
EXPORT int __lxstat(int ver, const char *path, struct stat *st);
EXPORT int __lxstat64(int ver, const char *path, struct stat64 *st);
EXPORT int __fxstatat(int ver, int dirfd, const char *path, struct stat *st,
		      int flags);
EXPORT int __fxstatat64(int ver, int dirfd, const char *path,
			struct stat64 *st, int flags);

int __xstat(int ver, const char *path, struct stat *st)
{
	(void)ver;
	return do_fstatat(AT_FDCWD, path, st, 0);
}

int __xstat64(int ver, const char *path, struct stat64 *st)
{
	(void)ver;
	return do_fstatat(AT_FDCWD, path, (struct stat *)st, 0);
}

int __lxstat(int ver, const char *path, struct stat *st)
{
	(void)ver;
	return do_fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int __lxstat64(int ver, const char *path, struct stat64 *st)
{
	(void)ver;
	return do_fstatat(AT_FDCWD, path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}

int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags)
{
	(void)ver;
	return do_fstatat(dirfd, path, st, flags);
}

int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st,
		 int flags)
{
	(void)ver;
	return do_fstatat(dirfd, path, (struct stat *)st, flags);
}

EXPORT int statx(int dirfd, const char *path, int flags, unsigned int mask,
		 struct statx *stx)
{
	return syscall(SYS_statx, dirfd, target(path), flags, mask, stx);
}

EXPORT int access(const char *path, int mode)
{
	return syscall(SYS_faccessat, AT_FDCWD, target(path), mode);
}

EXPORT int faccessat(int dirfd, const char *path, int mode, int flags)
{
	/* faccessat2 has the flags; plain faccessat has none. */
	if (flags)
		return syscall(SYS_faccessat2, dirfd, target(path), mode, flags);
	return syscall(SYS_faccessat, dirfd, target(path), mode);
}

/* ---- ioctl: learn each enclave's ELRANGE ---------------------------------- */

EXPORT int ioctl(int fd, unsigned long request, ...)
{
	struct enclave *e;
	va_list ap;
	void *arg;
	long ret;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	ret = syscall(SYS_ioctl, fd, request, arg);
	if (ret || request != SGX2_IOC_ENCLAVE_CREATE)
		return ret;
	pthread_mutex_lock(&enclaves_lock);
	e = enclave_of_fd(fd);
	if (e) {
		/* It succeeded: src is a SECS; SIZE at 0, BASEADDR at 8. */
		const uint64_t *secs = (const uint64_t *)(uintptr_t)
			((const struct sgx2_enclave_create *)arg)->src;

		e->size = secs[0];
		e->base = secs[1];
		preload_log(false, "fd %d: enclave at %#llx, %#llx bytes", fd,
			    (unsigned long long)e->base,
			    (unsigned long long)e->size);
	}
	pthread_mutex_unlock(&enclaves_lock);
	return 0;
}

/* ---- getauxval: the vDSO image ------------------------------------------- */

static void *image;
static pthread_once_t image_once = PTHREAD_ONCE_INIT;
static unsigned long (*real_getauxval)(unsigned long);

/* Collects the real vDSO's functions (but its __vdso_sgx_enter_enclave). */
struct vdso_collect {
	struct vdso_image_sym *syms;
	size_t n, max;
};

static bool vdso_collect_one(const char *name, void *addr, void *ctx)
{
	struct vdso_collect *c = ctx;

	if (!strcmp(name, ENTER_SYM))
		return false;
	c->syms[c->n].name = name;
	c->syms[c->n].addr = (uintptr_t)addr;
	return ++c->n == c->max;
}

static void build_image(void)
{
	struct vdso_image_sym syms[MAX_VDSO_SYMS];
	struct vdso_collect c = { syms, 0, MAX_VDSO_SYMS - 1 };
	size_t n, len;
	void *p;
	int ret;

	sgx2_runtime_elf_funcs((const void *)real_getauxval(AT_SYSINFO_EHDR),
			       vdso_collect_one, &c);
	n = c.n;
	syms[n].name = ENTER_SYM;
	syms[n].addr = (uintptr_t)sgx2_preload_enter;
	n++;
	len = vdso_image_size(syms, n);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED) {
		preload_log(true, "no memory for the vDSO image");
		return;
	}
	ret = vdso_image_build(p, len, syms, n);
	if (ret || mprotect(p, len, PROT_READ)) {
		preload_log(true, "cannot build the vDSO image (%d)", ret);
		munmap(p, len);
		return;
	}
	preload_log(false, "vDSO image at %p: %zu functions, %s = %p", p, n,
		    ENTER_SYM, (void *)sgx2_preload_enter);
	image = p;
}

EXPORT unsigned long getauxval(unsigned long type)
{
	if (!real_getauxval)
		real_getauxval = (unsigned long (*)(unsigned long))
			dlsym(RTLD_NEXT, "getauxval");
	if (!real_getauxval)
		return 0;
	if (type == AT_SYSINFO_EHDR && preload_backend_is_sim()) {
		pthread_once(&image_once, build_image);
		if (image)
			return (unsigned long)image;
	}
	return real_getauxval(type);
}

/* ---- set-up -------------------------------------------------------------- */

__attribute__((constructor)) static void preload_init(void)
{
	const char *cpuid = getenv("SGX2_EDMM_PRELOAD_CPUID");
	const char *dbg = getenv("SGX2_EDMM_PRELOAD_DEBUG");
	int i, n;

	for (i = 0; i < MAX_ENCLAVES; i++)
		enclaves[i].fd = -1;
	debug = dbg && *dbg && strcmp(dbg, "0");
	redirect_list = getenv("SGX2_EDMM_PRELOAD_PATHS");
	if (!preload_paths_valid(redirect_list)) {
		preload_log(true, "SGX2_EDMM_PRELOAD_PATHS=%s is not a list of absolute paths: redirecting %s only",
			    redirect_list, PRELOAD_DEFAULT_PATHS);
		redirect_list = NULL;
	}
	if (!cpuid || strcmp(cpuid, "1"))
		return;
	if (!preload_backend_is_sim()) {
		preload_log(true, "SGX2_EDMM_PRELOAD_CPUID=1 needs the module loaded with backend=sim: CPUID left alone");
		return;
	}
	n = preload_cpuid_install(preload_epc_pages() * 4096);
	if (n < 0)
		preload_log(true, "CPUID emulation failed: %s", strerror(-n));
	else
		preload_log(false, "CPUID emulation: %d CPUID instructions patched in the main program", n);
}
