// SPDX-License-Identifier: GPL-2.0
/*
 * tenc.c - the guest programs' enclave fixture: build, create and enter the
 * test enclave, call the ioctls, read the counters (enclave_test.h).  Used
 * by enclave_test, the demo and the benchmark.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "enclave_test.h"

const char *elf_path;
char fail_msg[1024];
char skip_msg[256];

/* ---- fixture ------------------------------------------------------------ */

bool is_sim(void)
{
	return !strcmp(sgx2_runtime_backend(), "sim");
}

/*
 * Build, create, add, init.  ELRANGE gets @dyn_pages free pages after the
 * image, mapped RW when @map_dyn: that is where dynamic pages come by EAUG
 * (t->heap, t->heap_size).
 */
static bool tenc_setup_how(struct tenc *t, size_t dyn_pages, bool map_dyn,
			   bool reserve_on_fd, uint64_t attributes)
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
	t->e.reserve_on_fd = reserve_on_fd;
	t->e.attributes |= attributes;
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

bool tenc_setup_dyn(struct tenc *t, size_t dyn_pages, bool map_dyn)
{
	return tenc_setup_how(t, dyn_pages, map_dyn, false, 0);
}

/* A fixture whose SECS has @attributes too (e.g. DEBUG). */
bool tenc_setup_attr(struct tenc *t, size_t dyn_pages, bool map_dyn,
		     uint64_t attributes)
{
	return tenc_setup_how(t, dyn_pages, map_dyn, false, attributes);
}

/*
 * Intel's SGX SDK way: ELRANGE is reserved by a PROT_NONE mapping of the
 * enclave fd made before ECREATE and trimmed to the aligned base; the
 * dynamic region stays that mapping (t->heap is not mapped again).
 */
bool tenc_setup_reserve_on_fd(struct tenc *t, size_t dyn_pages)
{
	return tenc_setup_how(t, dyn_pages, false, true, 0);
}

bool tenc_setup(struct tenc *t)
{
	return tenc_setup_dyn(t, HEAP_PAGES, true);
}

void tenc_teardown(struct tenc *t)
{
	if (t->e.base)
		munmap((void *)t->e.base, t->e.size);
	encl_free(&t->e);
	memset(&t->e, 0, sizeof(t->e));
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

uint64_t symbol_addr(const struct tenc *t, const char *name)
{
	uint64_t off = 0;

	if (encl_symbol(&t->e, name, &off))
		return 0;
	return t->e.base + off;
}

uint64_t spare_data_page(const struct tenc *t)
{
	uint64_t buf = symbol_addr(t, ENCL_SYM_BUFFER);

	return buf ? (buf & ~(PAGE - 1)) + PAGE : 0;
}

uint64_t code_page(const struct tenc *t)
{
	uint64_t entry = symbol_addr(t, ENCL_SYM_ENTRY);

	return entry ? entry & ~(PAGE - 1) : 0;
}

/* ---- entering ----------------------------------------------------------- */

int enter_tcs(struct tenc *t, struct sgx2_enclave_run *run, uint64_t tcs,
	      void *op)
{
	memset(run, 0, sizeof(*run));
	run->tcs = tcs;
	return call_enclave((unsigned long)op, 0, 0, SGX2_EENTER, 0, 0, run,
			    t->enter);
}

int enter_run(struct tenc *t, struct sgx2_enclave_run *run, int tcs, void *op)
{
	return enter_tcs(t, run, tcs_addr(t, tcs), op);
}

int enter(struct tenc *t, int tcs, void *op)
{
	return enter_run(t, &t->run, tcs, op);
}

int resume_run(struct tenc *t, struct sgx2_enclave_run *run)
{
	run->exception_vector = 0;
	run->exception_error_code = 0;
	run->exception_addr = 0;
	return call_enclave(0, 0, 0, SGX2_ERESUME, 0, 0, run, t->enter);
}

int resume(struct tenc *t)
{
	return resume_run(t, &t->run);
}

bool exited_run(const struct sgx2_enclave_run *run, int ret)
{
	return ret == 0 && run->function == SGX2_EEXIT && !run->exception_vector;
}

bool exited(const struct tenc *t, int ret)
{
	return exited_run(&t->run, ret);
}

bool expect_pf(const struct sgx2_enclave_run *run, int ret, unsigned int code,
	       uint64_t addr, int line)
{
	if (ret == 0 && run->function == SGX2_ERESUME &&
	    run->exception_vector == 14 &&
	    run->exception_error_code == code && run->exception_addr == addr)
		return true;
	snprintf(fail_msg, sizeof(fail_msg),
		 "line %d: want #PF %#x at %#llx, got ret %d function %u "
		 "vector %u error %#x addr %#llx", line, code,
		 (unsigned long long)addr, ret, run->function,
		 run->exception_vector, run->exception_error_code,
		 (unsigned long long)run->exception_addr);
	return false;
}

bool enter_ok(struct tenc *t, struct sgx2_enclave_run *run, int tcs, void *op,
	      int line)
{
	int ret = enter_run(t, run, tcs, op);

	if (exited_run(run, ret))
		return true;
	snprintf(fail_msg, sizeof(fail_msg),
		 "line %d: enter TCS %d op %llu: ret %d function %u vector %u "
		 "error %#x addr %#llx", line, tcs,
		 (unsigned long long)((struct encl_op_header *)op)->type, ret,
		 run->function, run->exception_vector,
		 run->exception_error_code,
		 (unsigned long long)run->exception_addr);
	return false;
}

bool put_addr(struct tenc *t, int tcs, uint64_t addr, uint64_t v)
{
	struct encl_op_put_to_addr op = {
		{ ENCL_OP_PUT_TO_ADDRESS }, .value = v, .addr = addr,
	};

	ENTER_OK(t, tcs, &op);
	return true;
}

bool get_addr(struct tenc *t, int tcs, uint64_t addr, uint64_t *v)
{
	struct encl_op_get_from_addr op = {
		{ ENCL_OP_GET_FROM_ADDRESS }, .addr = addr,
	};

	ENTER_OK(t, tcs, &op);
	*v = op.value;
	return true;
}

bool nop(struct tenc *t, int tcs)
{
	struct encl_op_header op = { ENCL_OP_NOP };

	ENTER_OK(t, tcs, &op);
	return true;
}

uint64_t eaccept(struct tenc *t, int tcs, uint64_t addr, uint64_t flags)
{
	struct encl_op_eaccept op = {
		{ ENCL_OP_EACCEPT }, .epc_addr = addr, .flags = flags,
		.ret = ~0ULL,
	};

	if (!exited(t, enter(t, tcs, &op)))
		return ENCLU_NO_EXIT;
	return op.ret;
}

uint64_t eacceptcopy(struct tenc *t, int tcs, uint64_t dst, uint64_t src,
		     uint64_t flags)
{
	struct encl_op_eacceptcopy op = {
		{ ENCL_OP_EACCEPTCOPY }, .epc_addr = dst, .src_addr = src,
		.flags = flags, .ret = ~0ULL,
	};

	if (!exited(t, enter(t, tcs, &op)))
		return ENCLU_NO_EXIT;
	return op.ret;
}

bool emodpe(struct tenc *t, int tcs, uint64_t addr, uint64_t flags)
{
	struct encl_op_emodpe op = {
		{ ENCL_OP_EMODPE }, .epc_addr = addr, .flags = flags,
	};

	ENTER_OK(t, tcs, &op);
	return true;
}

bool eaccept_range(struct tenc *t, int tcs, uint64_t addr, unsigned long pages,
		   uint64_t flags)
{
	unsigned long i;
	uint64_t r;

	for (i = 0; i < pages; i++) {
		r = eaccept(t, tcs, addr + i * PAGE, flags);
		CHECK(r == 0, "EACCEPT(%#llx) of page %lu (%#llx) returned %#llx "
		      "(run: function %u vector %u error %#x addr %#llx)",
		      (unsigned long long)flags, i,
		      (unsigned long long)(addr + i * PAGE),
		      (unsigned long long)r, t->run.function,
		      t->run.exception_vector, t->run.exception_error_code,
		      (unsigned long long)t->run.exception_addr);
	}
	return true;
}

/* ---- ioctls ------------------------------------------------------------- */

int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

int ioc_restrict(struct tenc *t, uint64_t off, uint64_t len, uint64_t perm,
		 uint64_t *result, uint64_t *count)
{
	struct sgx2_enclave_restrict_permissions p = {
		.offset = off, .length = len, .permissions = perm,
	};
	int ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_RESTRICT_PERMISSIONS, &p);

	if (result)
		*result = p.result;
	if (count)
		*count = p.count;
	return ret;
}

int ioc_modt(struct tenc *t, uint64_t off, uint64_t len, uint64_t type,
	     uint64_t *result, uint64_t *count)
{
	struct sgx2_enclave_modify_types p = {
		.offset = off, .length = len, .page_type = type,
	};
	int ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_MODIFY_TYPES, &p);

	if (result)
		*result = p.result;
	if (count)
		*count = p.count;
	return ret;
}

int ioc_remove(struct tenc *t, uint64_t off, uint64_t len, uint64_t *count)
{
	struct sgx2_enclave_remove_pages p = { .offset = off, .length = len };
	int ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_REMOVE_PAGES, &p);

	if (count)
		*count = p.count;
	return ret;
}

int ioc_augment(struct tenc *t, uint64_t off, uint64_t len, uint64_t *count)
{
	struct sgx2_enclave_augment_pages p = { .offset = off, .length = len };
	int ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_AUGMENT_PAGES, &p);

	if (count)
		*count = p.count;
	return ret;
}

int ioc_set_policy(struct tenc *t, uint32_t policy, uint32_t chunk)
{
	struct sgx2_enclave_policy p;
	int ret = xioctl(t->fd, SGX2_IOC_ENCLAVE_GET_POLICY, &p);

	if (ret)
		return ret;
	p.policy = policy;
	p.chunk = chunk;
	return xioctl(t->fd, SGX2_IOC_ENCLAVE_SET_POLICY, &p);
}

/* ---- statistics --------------------------------------------------------- */

bool snap_fd(int fd, bool global, struct stsnap *s)
{
	struct sgx2_enclave_stats st;

	memset(&st, 0, sizeof(st));
	st.flags = global ? SGX2_STATS_GLOBAL : 0;
	if (ioctl(fd, SGX2_IOC_ENCLAVE_STATS, &st))
		return false;
	memcpy(s->v, st.value, sizeof(s->v));
	return true;
}

bool snap(const struct tenc *t, struct stsnap *s)
{
	return snap_fd(t->fd, false, s);
}

long global_epc_pages(void)
{
	int fd = open(SGX2_EDMM_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	struct stsnap s;
	long v = -1;

	if (fd >= 0 && snap_fd(fd, true, &s))
		v = (long)s.v[SGX2_STAT_EPC_PAGES];
	if (fd >= 0)
		close(fd);
	return v;
}

uint64_t encl_stat(const struct tenc *t, enum sgx2_stat i)
{
	struct stsnap s;

	if (!snap(t, &s))
		return ~0ULL;
	return s.v[i];
}

/* Open the module parameter @name with @flags: the fd, or -1 (errno). */
static int param_open(const char *name, int flags)
{
	char path[128];

	snprintf(path, sizeof(path), SYS_PARAM "%s", name);
	return open(path, flags | O_CLOEXEC);
}

/* A module parameter's text without its newline; false when unreadable. */
bool param_read(const char *name, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = param_open(name, O_RDONLY);
	if (fd < 0)
		return false;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

/* A module parameter that is a number, or -1. */
long param_long(const char *name)
{
	char buf[64], *end;
	long v;

	if (!param_read(name, buf, sizeof(buf)))
		return -1;
	v = strtol(buf, &end, 10);
	return *end || end == buf ? -1 : v;
}

/* Write a module parameter: 0, or -errno of the open or the write. */
/* Write @text to @path (a sysfs or tracefs file): all of it, or false. */
bool write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text);
}

int param_write(const char *name, const char *text)
{
	ssize_t n;
	int fd;

	fd = param_open(name, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? (int)n : 0;
}

/*
 * The most EPC pages the module's enclaves may hold together (the
 * epc_budget_pages parameter: the whole sim EPC by default on sim, 75% of
 * the EPC on hw), or -1.
 */
long module_epc_pages(void)
{
	long pages = param_long("epc_budget_pages");

	return pages > 0 ? pages : -1;
}

/*
 * Pages of EPC the CPU reports: the sum of CPUID.(EAX=12H, ECX>=2) EPC
 * sections (SDM vol. 3D, 36.7.2), an oracle independent of the module.
 * 0 without SGX.
 */
long cpuid_epc_pages(void)
{
	unsigned int a, b, c, d, i;
	long pages = 0;

	for (i = 2; i < 2 + 8; i++) {
		if (!__get_cpuid_count(0x12, i, &a, &b, &c, &d) ||
		    (a & 0xf) != 1)
			break;
		pages += (long)((((uint64_t)(d & 0xfffff) << 32) |
				 (c & 0xfffff000)) >> 12);
	}
	return pages;
}

/* Pages of the sim's EPC (sim_epc_mb), or -1. */
long sim_epc_pages(void)
{
	long mb = param_long("sim_epc_mb");

	return mb > 0 ? mb << (20 - 12) : -1;
}
