// SPDX-License-Identifier: GPL-2.0
/*
 * budget.c - the EPC budget: the most EPC pages all of the module's
 * enclaves may hold together.
 *
 * Why a budget: the module's EPC pages are never reclaimable.  On hardware
 * the in-kernel reclaimer exists, but it only swaps pages its own driver
 * marked reclaimable; the module has no EWB/ELDU path and never marks
 * one.  Unbounded, the module's enclaves could take the whole EPC: the
 * in-kernel driver's enclaves could then only swap against each other
 * until nothing is left to reclaim, and a VM could not get vEPC (never
 * reclaimed either).
 *
 * The parameter epc_budget is "N" pages or "P%" of the EPC (a percentage
 * is resolved to pages, rounding down, once the EPC size is known).  The
 * default comes from the backend (@budget_pct): 75% on hw, which leaves a
 * quarter of the EPC to the in-kernel driver (whose enclaves can run in
 * little EPC: it reclaims) and to vEPC, while the module - loaded because
 * its enclaves need EDMM - gets most of it; 100% on sim, whose EPC is the
 * module's alone (sim_epc_mb already sizes it).  Refused, at load and at
 * run time, with EINVAL: anything sgx2_budget_parse() refuses (0 and 0%
 * among them: no enclave could even get its SECS), a page count above the
 * EPC, a percentage that allows no page.  A load with a budget that does
 * not fit the EPC fails with one pr_err line.
 *
 * Lowering the budget below the pages held is accepted, like a cgroup's
 * misc.max: nothing is taken back (the module cannot reclaim), and every
 * allocation fails until the enclaves free enough pages to get under it.
 *
 * The pages held are the module-wide epc_pages gauge of stats.c.  A page
 * is charged before the backend is asked for it, with a compare-and-
 * exchange that never takes the gauge above the budget (no overshoot, not
 * even transiently, whatever runs concurrently), and uncharged when the
 * backend has none or the page is freed (sgx2_encl_free_epc(), every free
 * path).  A page whose EREMOVE fails is leaked and stays charged: it still
 * takes EPC.  A budget reached is a full EPC: sgx2_encl_alloc_epc()
 * returns -EBUSY either way, so each path answers as for a full EPC:
 * EAUG on a fault is SIGBUS (an EACCEPT of a missing page sees #PF),
 * AUGMENT_PAGES is ENOMEM with the count of the pages that fit, WILLNEED
 * stops there and returns 0, CREATE and ADD_PAGES are ENOMEM (mainline's
 * errno when it has nothing to reclaim).
 *
 * Tools show the pages in use against the budget: epc_pages in
 * /sys/class/misc/sgx2_edmm/stats, and the read-only parameters
 * epc_budget_pages and epc_total_pages.
 */
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sysfs.h>

#include "sgx2_edmm.h"
#include "budget.h"
#include "budget_spec.h"

static DEFINE_MUTEX(sgx2_budget_lock);
/* As written; value 0 until set or until the backend's default is taken. */
static struct sgx2_budget_spec sgx2_budget;
/* Pages in the EPC; 0 until the backend is probed (then @sgx2_budget fits). */
static u64 sgx2_budget_epc;
/* The budget in force, in pages; read without the lock by every charge. */
static unsigned long sgx2_budget_max;

static int epc_budget_set(const char *val, const struct kernel_param *kp)
{
	struct sgx2_budget_spec spec;
	char buf[SGX2_BUDGET_STR_MAX];
	u64 pages = 0;
	int ret;

	ret = sgx2_budget_parse(val, &spec);
	if (ret)
		return ret;

	mutex_lock(&sgx2_budget_lock);
	/* At load time the EPC size is not known yet: sgx2_budget_init(). */
	if (sgx2_budget_epc)
		ret = sgx2_budget_pages(&spec, sgx2_budget_epc, &pages);
	if (!ret) {
		sgx2_budget = spec;
		if (sgx2_budget_epc)
			WRITE_ONCE(sgx2_budget_max, pages);
	}
	mutex_unlock(&sgx2_budget_lock);

	if (!ret && pages) {
		sgx2_budget_format(&spec, buf, sizeof(buf));
		pr_info("EPC budget %s: %llu of %llu pages\n", buf, pages,
			sgx2_budget_epc);
	}
	return ret;
}

static int epc_budget_get(char *buf, const struct kernel_param *kp)
{
	char text[SGX2_BUDGET_STR_MAX];

	mutex_lock(&sgx2_budget_lock);
	sgx2_budget_format(&sgx2_budget, text, sizeof(text));
	mutex_unlock(&sgx2_budget_lock);
	return sysfs_emit(buf, "%s\n", text);
}

static const struct kernel_param_ops epc_budget_ops = {
	.set = epc_budget_set,
	.get = epc_budget_get,
};
module_param_cb(epc_budget, &epc_budget_ops, NULL, 0644);
MODULE_PARM_DESC(epc_budget,
		 "most EPC pages the module's enclaves hold together: N pages or P% of the EPC (default 75% on hw, 100% on sim)");

/* The read-only parameters report; they cannot be set, not even at load. */
static int sgx2_budget_read_only(const char *val, const struct kernel_param *kp)
{
	return -EPERM;
}

static int epc_budget_pages_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%lu\n", READ_ONCE(sgx2_budget_max));
}

static const struct kernel_param_ops epc_budget_pages_ops = {
	.set = sgx2_budget_read_only,
	.get = epc_budget_pages_get,
};
module_param_cb(epc_budget_pages, &epc_budget_pages_ops, NULL, 0444);
MODULE_PARM_DESC(epc_budget_pages,
		 "the EPC budget in force, in pages (read-only; set epc_budget)");

static int epc_total_pages_get(char *buf, const struct kernel_param *kp)
{
	u64 pages;

	mutex_lock(&sgx2_budget_lock);
	pages = sgx2_budget_epc;
	mutex_unlock(&sgx2_budget_lock);
	return sysfs_emit(buf, "%llu\n", pages);
}

static const struct kernel_param_ops epc_total_pages_ops = {
	.set = sgx2_budget_read_only,
	.get = epc_total_pages_get,
};
module_param_cb(epc_total_pages, &epc_total_pages_ops, NULL, 0444);
MODULE_PARM_DESC(epc_total_pages, "pages in the backend's EPC (read-only)");

/**
 * sgx2_budget_init() - put the EPC budget in force, once the backend is up
 *
 * Takes the EPC size from the backend, and the backend's default when
 * epc_budget was not given.
 *
 * Return: 0, or -EINVAL (with one pr_err line) when the budget given at
 * load does not fit the EPC.
 */
int sgx2_budget_init(void)
{
	char buf[SGX2_BUDGET_STR_MAX];
	u64 epc = sgx2_backend->epc_pages();
	u64 pages = 0;
	int ret;

	mutex_lock(&sgx2_budget_lock);
	if (!sgx2_budget.value) {
		sgx2_budget.value = sgx2_backend->budget_pct;
		sgx2_budget.percent = true;
	}
	ret = sgx2_budget_pages(&sgx2_budget, epc, &pages);
	if (!ret) {
		sgx2_budget_epc = epc;
		WRITE_ONCE(sgx2_budget_max, pages);
	}
	sgx2_budget_format(&sgx2_budget, buf, sizeof(buf));
	mutex_unlock(&sgx2_budget_lock);

	if (ret) {
		pr_err("epc_budget=%s does not fit an EPC of %llu pages: give 1 to %llu pages, or a percentage\n",
		       buf, epc, epc);
		return ret;
	}
	pr_info("EPC budget %s: %llu of %llu pages\n", buf, pages, epc);
	return 0;
}

/**
 * sgx2_epc_charge() - count one more EPC page against the budget
 * @encl_stats:	the counters of the enclave the page is for
 *
 * Call before taking the page from the backend; sgx2_epc_uncharge() when
 * the backend has none, or when the page is freed.
 *
 * Return: true when the page is charged; false, with nothing charged, when
 * the module holds as many pages as the budget allows (or more, after the
 * budget was lowered).
 */
bool sgx2_epc_charge(struct sgx2_stats *encl_stats)
{
	return sgx2_stats_inc_below(encl_stats, SGX2_STAT_EPC_PAGES,
				    READ_ONCE(sgx2_budget_max));
}

/**
 * sgx2_epc_uncharge() - count one EPC page less
 * @encl_stats:	the counters of the enclave the page was charged to
 */
void sgx2_epc_uncharge(struct sgx2_stats *encl_stats)
{
	sgx2_stats_add(encl_stats, SGX2_STAT_EPC_PAGES, -1);
}
