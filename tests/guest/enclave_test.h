/* SPDX-License-Identifier: GPL-2.0 */
/*
 * enclave_test.h - fixture, helpers and test declarations shared by the
 * files of enclave_test (enclave_test.c: runner and fixture; enclave_sgx1.c:
 * lifecycle, mappings, entry path and ENCLU leaves; enclave_sgx2.c: the
 * SGX2 page operations).
 */
#ifndef SGX2_ENCLAVE_TEST_H
#define SGX2_ENCLAVE_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/sgx2_edmm.h>

#include "encl_builder.h"
#include "encl_ops.h"
#include "sgx2_runtime.h"

#define PAGE		4096UL
#define HEAP_PAGES	64

/* SECINFO.FLAGS the tests EACCEPT with. */
#define SI_PENDING_RW	(SGX2_SECINFO_R | SGX2_SECINFO_W | SGX2_SECINFO_REG | \
			 SGX2_SECINFO_PENDING)
#define SI_RESTRICTED_R	(SGX2_SECINFO_R | SGX2_SECINFO_PR | SGX2_SECINFO_REG)
#define SI_TRIMMED	(SGX2_SECINFO_TRIM | SGX2_SECINFO_MODIFIED)
#define SI_NEW_TCS	(SGX2_SECINFO_TCS | SGX2_SECINFO_MODIFIED)

/* For printing a u64 with %llu or %#llx. */
#define U(x)	((unsigned long long)(x))

/* #PF error codes of EPCM faults: P | U | SGX, and W for a write. */
#define PF_SGX		0x8000
#define PF_EPCM_READ	0x8005
#define PF_EPCM_WRITE	0x8007

/* eaccept() and friends: the entry itself did not end in EEXIT. */
#define ENCLU_NO_EXIT	(~1ULL)

extern const char *elf_path;
extern char fail_msg[1024];
extern char skip_msg[256];

/**
 * struct tenc - a test enclave
 * @fd:		its /dev/sgx2_edmm file
 * @e:		the built and created enclave
 * @enter:	the entry function (vDSO or sim runtime)
 * @run:	run struct of enter()/resume()
 * @heap:	absolute address of the first page after the image: the
 *		dynamic region, mapped RW by tenc_setup()
 * @heap_size:	bytes of the dynamic region (up to the end of ELRANGE)
 */
struct tenc {
	int fd;
	struct encl e;
	sgx2_enter_fn enter;
	struct sgx2_enclave_run run;
	uint64_t heap;
	size_t heap_size;
};

/* Fail the current test with a message (returns false from the caller). */
#define CHECK(cond, fmt, ...) do {					\
	if (!(cond)) {							\
		snprintf(fail_msg, sizeof(fail_msg), "line %d: %s: " fmt, \
			 __LINE__, #cond, ##__VA_ARGS__);		\
		return false;						\
	}								\
} while (0)

/* End the current test as skipped (TAP "# SKIP"). */
#define SKIP(fmt, ...) do {						\
	snprintf(skip_msg, sizeof(skip_msg), fmt, ##__VA_ARGS__);	\
	return true;							\
} while (0)

/*
 * A fault-injection test on hw, where there is none: it checks that the
 * module refuses to arm sim_inject, says so, and ends there.
 */
#define SIM_INJECT_ONLY() do {						\
	if (!is_sim()) {						\
		CHECK(inject_refused(), "hw: arming sim_inject was not "\
		      "refused with EOPNOTSUPP");			\
		printf("# hw: fault injection is a sim feature; "	\
		       "sim_inject refused (EOPNOTSUPP)\n");		\
		return true;						\
	}								\
} while (0)

/* Propagate the failure of a helper that set fail_msg itself. */
#define TRY(expr) do {							\
	if (!(expr))							\
		return false;						\
} while (0)

/* ---- fixture (enclave_test.c) ------------------------------------------- */

/* @attributes: SECS.ATTRIBUTES bits added to the image's (DEBUG). */
bool tenc_setup_attr(struct tenc *t, size_t dyn_pages, bool map_dyn,
		     uint64_t attributes);
bool tenc_setup_dyn(struct tenc *t, size_t dyn_pages, bool map_dyn);
bool tenc_setup_reserve_on_fd(struct tenc *t, size_t dyn_pages);
bool tenc_setup(struct tenc *t);
void tenc_teardown(struct tenc *t);
bool is_sim(void);

static inline uint64_t tcs_addr(const struct tenc *t, int i)
{
	return t->e.base + (uint64_t)i * PAGE;
}

static inline uint64_t off_of(const struct tenc *t, uint64_t addr)
{
	return addr - t->e.base;
}

/* Page @i of the dynamic region. */
static inline uint64_t heap_page(const struct tenc *t, unsigned long i)
{
	return t->heap + i * PAGE;
}

uint64_t symbol_addr(const struct tenc *t, const char *name);
/* The second page of encl_buffer: static RW data the enclave never uses. */
uint64_t spare_data_page(const struct tenc *t);
uint64_t code_page(const struct tenc *t);

/* ---- entering ----------------------------------------------------------- */

/* call_enclave.S: @fn(rdi, rsi, rdx, function, r8, r9, run), registers kept */
int call_enclave(unsigned long rdi, unsigned long rsi, unsigned long rdx,
		 unsigned int function, unsigned long r8, unsigned long r9,
		 struct sgx2_enclave_run *run, sgx2_enter_fn fn);

int enter_tcs(struct tenc *t, struct sgx2_enclave_run *run, uint64_t tcs,
	      void *op);
int enter_run(struct tenc *t, struct sgx2_enclave_run *run, int tcs, void *op);
int enter(struct tenc *t, int tcs, void *op);
int resume_run(struct tenc *t, struct sgx2_enclave_run *run);
int resume(struct tenc *t);
bool exited_run(const struct sgx2_enclave_run *run, int ret);
bool exited(const struct tenc *t, int ret);
/* The entry ended in an exception #PF @code at @addr (and set fail_msg). */
bool expect_pf(const struct sgx2_enclave_run *run, int ret, unsigned int code,
	       uint64_t addr, int line);
#define EXPECT_PF(run, ret, code, addr) \
	TRY(expect_pf(run, ret, code, addr, __LINE__))

bool enter_ok(struct tenc *t, struct sgx2_enclave_run *run, int tcs, void *op,
	      int line);
#define ENTER_OK(t, tcs, op)	TRY(enter_ok(t, &(t)->run, tcs, op, __LINE__))

bool put_addr(struct tenc *t, int tcs, uint64_t addr, uint64_t v);
bool get_addr(struct tenc *t, int tcs, uint64_t addr, uint64_t *v);
bool nop(struct tenc *t, int tcs);
/* RAX of EACCEPT / EACCEPTCOPY, or ENCLU_NO_EXIT. */
uint64_t eaccept(struct tenc *t, int tcs, uint64_t addr, uint64_t flags);
uint64_t eacceptcopy(struct tenc *t, int tcs, uint64_t dst, uint64_t src,
		     uint64_t flags);
bool emodpe(struct tenc *t, int tcs, uint64_t addr, uint64_t flags);
/* EACCEPT every page of [@addr, @addr + @pages pages) with @flags: all 0. */
bool eaccept_range(struct tenc *t, int tcs, uint64_t addr, unsigned long pages,
		   uint64_t flags);

/* ---- ioctls: 0 or -errno, OUT fields returned ---------------------------- */

int xioctl(int fd, unsigned long cmd, void *arg);
int ioc_restrict(struct tenc *t, uint64_t off, uint64_t len, uint64_t perm,
		 uint64_t *result, uint64_t *count);
int ioc_modt(struct tenc *t, uint64_t off, uint64_t len, uint64_t type,
	     uint64_t *result, uint64_t *count);
int ioc_remove(struct tenc *t, uint64_t off, uint64_t len, uint64_t *count);
int ioc_augment(struct tenc *t, uint64_t off, uint64_t len, uint64_t *count);
int ioc_set_policy(struct tenc *t, uint32_t policy, uint32_t chunk);

/* ---- statistics --------------------------------------------------------- */

struct stsnap {
	uint64_t v[SGX2_STAT_MAX];
};

bool snap_fd(int fd, bool global, struct stsnap *s);
bool snap(const struct tenc *t, struct stsnap *s);
long global_epc_pages(void);
uint64_t encl_stat(const struct tenc *t, enum sgx2_stat i);
bool param_read(const char *name, char *buf, size_t len);
long param_long(const char *name);
int param_write(const char *name, const char *text);
long sim_epc_pages(void);
long module_epc_pages(void);
long cpuid_epc_pages(void);

/* ---- files (enclave_extras.c) ------------------------------------------- */

#define SYS_PARAM	"/sys/module/sgx2_edmm/parameters/"
#define TRACE_DIR	"/sys/kernel/debug/tracing/"

/* Write @text to @path (sysfs, tracefs). */
bool write_file(const char *path, const char *text);
/* Arm the sim's fault injection (sim_inject syntax); "off" disarms it. */
bool inject(const char *spec);
bool inject_refused(void);

/* ---- table tests -------------------------------------------------------- */

/*
 * A table test prints one TAP line per row through row(); the runner then
 * prints nothing for the test itself.  Returns @ok.
 */
bool row(bool ok, const char *test, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- the tests ---------------------------------------------------------- */

/* enclave_sgx1.c */
bool t_nop_both_tcs(struct tenc *t);
bool t_buffer(struct tenc *t);
bool t_clobbered_vdso(struct tenc *t);
bool t_clobbered_vdso_and_user_function(struct tenc *t);
bool t_user_handler_exception(struct tenc *t);
bool t_user_handler_return(struct tenc *t);
bool t_pte_permissions(struct tenc *t);
bool t_create_errors(struct tenc *t);
bool t_add_pages_errors(struct tenc *t);
bool t_init_errors(struct tenc *t);
bool t_init_wrong_mrenclave(struct tenc *t);
bool t_provision_errors(struct tenc *t);
bool t_mmap_rules(struct tenc *t);
bool t_fork(struct tenc *t);
bool t_two_enclaves(struct tenc *t);
bool t_enclu_eenter_eexit(struct tenc *t);
bool t_enclu_eresume(struct tenc *t);
bool t_enclu_eaccept(struct tenc *t);
bool t_enclu_eacceptcopy(struct tenc *t);
bool t_enclu_emodpe(struct tenc *t);

/* enclave_sgx2.c */
bool t_tcs_permissions(struct tenc *t);
bool t_epcm_permissions(struct tenc *t);
bool t_augment(struct tenc *t);
bool t_augment_via_eaccept(struct tenc *t);
bool t_tcs_create(struct tenc *t);
bool t_remove_added_page_no_eaccept(struct tenc *t);
bool t_remove_added_page_invalid_access(struct tenc *t);
bool t_remove_added_page_invalid_access_after_eaccept(struct tenc *t);
bool t_remove_untouched_page(struct tenc *t);
bool t_sgx2_ioctl_errors(struct tenc *t);
bool t_sgx2_partial_copy_back(struct tenc *t);
bool t_modify_types_tcs_needs_write(struct tenc *t);
bool t_augment_pages(struct tenc *t);
bool t_augment_pages_eacceptcopy(struct tenc *t);
bool t_augment_pages_overlap(struct tenc *t);
bool t_augment_pages_exhaustion(struct tenc *t);
bool t_policy_per_page(struct tenc *t);
bool t_policy_chunk16(struct tenc *t);
bool t_policy_per_range(struct tenc *t);
bool t_trim_remove_heap(struct tenc *t);
bool t_concurrent_restrict_trim(struct tenc *t);
#ifdef ENCL_OP_SPIN
bool t_concurrent_spinning_inside(struct tenc *t);
#endif

/* enclave_extras.c */
bool t_fault_around(struct tenc *t);
bool t_fault_around_descending(struct tenc *t);
bool t_fault_around_random(struct tenc *t);
bool t_fault_around_waste(struct tenc *t);
bool t_willneed_madvise(struct tenc *t);
bool t_willneed_fadvise(struct tenc *t);
bool t_inject_etrack(struct tenc *t);
bool t_inject_conflict_mid_range(struct tenc *t);
bool t_inject_eaug_willneed(struct tenc *t);
bool t_trace_batches(struct tenc *t);
bool t_sysfs_stats(struct tenc *t);

/* enclave_review.c */
bool t_mremap_refused(struct tenc *t);
bool t_fork_child_after_remove(struct tenc *t);
bool t_modify_types_retry_trim(struct tenc *t);
bool t_modify_types_retry_tcs(struct tenc *t);
bool t_willneed_sdk_reservation(struct tenc *t);
bool t_zap_before_track(struct tenc *t);
bool t_first_write_faults(struct tenc *t);
bool t_added_ahead_faults(struct tenc *t);
/* enclave_budget.c */
bool t_budget_param(struct tenc *t);
bool t_budget_full(struct tenc *t);
/* enclave_debug.c */
bool t_debug_proc_mem(struct tenc *t);
bool t_debug_proc_mem_refusals(struct tenc *t);
bool t_nondebug_proc_mem(struct tenc *t);

#endif /* SGX2_ENCLAVE_TEST_H */
