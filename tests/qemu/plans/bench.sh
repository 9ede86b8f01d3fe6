#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Benchmark plan (make bench): the sim backend with room for three copies
# of the largest range, and tests/bench/bench.c.  "sgx2_bench_max=N" on the
# kernel command line (make bench BENCH_MAX_PAGES=N) stops after the sizes
# up to N pages: a short run.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

kmsg_new >/dev/null
tap_diag "guest: Linux $(uname -r), $(nproc) vCPUs"
tap_check "insmod backend=sim sim_epc_mb=256" \
	insmod /lib/sgx2_edmm.ko backend=sim sim_epc_mb=256
max=$(sed -n 's/.*sgx2_bench_max=\([0-9]*\).*/\1/p' /proc/cmdline)
if [ -x /bin/bench ]; then
	# shellcheck disable=SC2086 # $max is empty or a number
	tap_run "bench" /bin/bench /lib/test_encl.elf $max
else
	tap_not_ok "/bin/bench is in the initramfs"
fi
tap_check "rmmod sgx2_edmm" rmmod sgx2_edmm
tap_kmsg_clean "kernel log has no WARNING:/BUG: lines (no soft lockup)"
tap_done
