// SPDX-License-Identifier: GPL-2.0
/*
 * enclave_debug.c - the memory of a DEBUG enclave through /proc/self/mem,
 * which reaches the enclave VMA's access callback (EDBGRD/EDBGWR) as
 * ptrace and gdb do; a production enclave's memory stays unreadable.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enclave_test.h"

#define V1	0x1122334455667788ULL
#define V2	0x99aabbccddeeff00ULL

/* TCS.OENTRY, and an offset beyond the TCS fields (SGX_TCS_LIMIT). */
#define TCS_FLAGS	8
#define TCS_OENTRY	32
#define TCS_BEYOND	0x100

static int open_mem(void)
{
	return open("/proc/self/mem", O_RDWR | O_CLOEXEC);
}

/* pread/pwrite of /proc/self/mem: bytes done, or -errno. */
static ssize_t mem_read(int fd, uint64_t addr, void *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len, (off_t)addr);

	return n < 0 ? -errno : n;
}

static ssize_t mem_write(int fd, uint64_t addr, const void *buf, size_t len)
{
	ssize_t n = pwrite(fd, buf, len, (off_t)addr);

	return n < 0 ? -errno : n;
}

static bool setup_debug(struct tenc *t)
{
	return tenc_setup_attr(t, HEAP_PAGES, true, ENCL_ATTR_DEBUG);
}

/*
 * What the enclave wrote is read back, whole and in unaligned pieces; what
 * is written, whole or in part of a quadword, the enclave then reads.
 */
bool t_debug_proc_mem(struct tenc *t)
{
	uint64_t a, v, want;
	uint8_t b[16];
	uint8_t *page;
	int fd;
	bool ok;

	TRY(setup_debug(t));
	a = spare_data_page(t);
	CHECK(a, "no spare data page");
	TRY(put_addr(t, 0, a, V1));

	fd = open_mem();
	CHECK(fd >= 0, "open /proc/self/mem: %s", strerror(errno));
	v = 0;
	ok = mem_read(fd, a, &v, 8) == 8 && v == V1;
	memset(b, 0, sizeof(b));
	ok = ok && mem_read(fd, a + 5, b, 3) == 3 &&
	     !memcmp(b, (const uint8_t *)&(uint64_t){ V1 } + 5, 3);
	page = malloc(PAGE);
	ok = ok && page && mem_read(fd, a, page, PAGE) == PAGE &&
	     !memcmp(page, &(uint64_t){ V1 }, 8);
	free(page);
	CHECK(ok, "reads of what the enclave wrote: got %#llx",
	      (unsigned long long)v);

	/* A whole quadword, then two bytes inside another one. */
	v = V2;
	CHECK(mem_write(fd, a + 8, &v, 8) == 8, "write of 8 bytes");
	b[0] = 0xee;
	b[1] = 0xdd;
	CHECK(mem_write(fd, a + 3, b, 2) == 2, "write of 2 bytes");
	close(fd);

	TRY(get_addr(t, 0, a + 8, &v));
	CHECK(v == V2, "the enclave read %#llx, expected %#llx",
	      (unsigned long long)v, (unsigned long long)V2);
	want = (V1 & ~0xffff000000ULL) | 0xddee000000ULL;
	TRY(get_addr(t, 1, a, &v));
	CHECK(v == want, "the enclave read %#llx, expected %#llx",
	      (unsigned long long)v, (unsigned long long)want);
	return true;
}

/*
 * What EDBGRD/EDBGWR refuse, and pages that are not there, end the access
 * with an error: a TCS beyond its fields or other than its FLAGS, a page
 * not yet added (no EAUG for a debugger), a PENDING page.
 */
bool t_debug_proc_mem_refusals(struct tenc *t)
{
	uint64_t tcs, v, entry, eaugs;
	ssize_t n;
	int fd, ret;

	TRY(setup_debug(t));
	tcs = tcs_addr(t, 0);
	entry = symbol_addr(t, ENCL_SYM_ENTRY);
	CHECK(entry, "no entry symbol");
	fd = open_mem();
	CHECK(fd >= 0, "open /proc/self/mem: %s", strerror(errno));

	n = mem_read(fd, tcs + TCS_OENTRY, &v, 8);
	CHECK(n == 8 && v == entry - t->e.base,
	      "TCS.OENTRY: %zd bytes, %#llx", n, (unsigned long long)v);
	n = mem_read(fd, tcs + TCS_BEYOND, &v, 8);
	CHECK(n == -EIO, "read beyond the TCS fields: %zd", n);
	n = mem_read(fd, tcs + TCS_FLAGS, &v, 8);
	CHECK(n == 8, "TCS.FLAGS: %zd", n);
	n = mem_write(fd, tcs + TCS_FLAGS, &v, 8);
	CHECK(n == 8, "TCS.FLAGS written back: %zd", n);
	v = 0;
	n = mem_write(fd, tcs + TCS_OENTRY, &v, 8);
	CHECK(n == -EIO, "write of TCS.OENTRY: %zd", n);
	TRY(nop(t, 0));		/* the entry point is intact */

	eaugs = encl_stat(t, SGX2_STAT_EAUG);
	n = mem_read(fd, heap_page(t, 0), &v, 8);
	CHECK(n == -EIO, "read of a page not added: %zd", n);
	CHECK(encl_stat(t, SGX2_STAT_EAUG) == eaugs, "the read EAUGed");

	ret = posix_fadvise(t->fd, (off_t)heap_page(t, 1), PAGE,
			    POSIX_FADV_WILLNEED);
	CHECK(ret == 0, "posix_fadvise: %s", strerror(ret));
	n = mem_read(fd, heap_page(t, 1), &v, 8);
	CHECK(n == -EIO, "read of a PENDING page: %zd", n);
	CHECK(eaccept(t, 0, heap_page(t, 1), SI_PENDING_RW) == 0, "EACCEPT");
	v = 1;
	n = mem_read(fd, heap_page(t, 1), &v, 8);
	CHECK(n == 8 && v == 0, "read of the accepted page: %zd, %#llx", n,
	      (unsigned long long)v);
	close(fd);
	return true;
}

/* A production enclave: neither read nor written through /proc/self/mem. */
bool t_nondebug_proc_mem(struct tenc *t)
{
	uint64_t a = spare_data_page(t), v = V2;
	ssize_t r, w;
	int fd;

	CHECK(a, "no spare data page");
	TRY(put_addr(t, 0, a, V1));
	fd = open_mem();
	CHECK(fd >= 0, "open /proc/self/mem: %s", strerror(errno));
	r = mem_read(fd, a, &v, 8);
	w = mem_write(fd, a, &v, 8);
	close(fd);
	CHECK(r < 0 && w < 0, "read %zd, write %zd", r, w);
	TRY(get_addr(t, 0, a, &v));
	CHECK(v == V1, "the enclave read %#llx", (unsigned long long)v);
	return true;
}
