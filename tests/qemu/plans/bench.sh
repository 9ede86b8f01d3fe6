#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Benchmark plan (make bench): the sim backend with room for three copies
# of the largest range, and tests/bench/bench.c.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

kmsg_new >/dev/null
tap_diag "guest: Linux $(uname -r), $(nproc) vCPUs"
tap_check "insmod backend=sim sim_epc_mb=256" \
	insmod /lib/sgx2_edmm.ko backend=sim sim_epc_mb=256
if [ -x /bin/bench ]; then
	tap_run "bench" /bin/bench /lib/test_encl.elf
else
	tap_not_ok "/bin/bench is in the initramfs"
fi
tap_check "rmmod sgx2_edmm" rmmod sgx2_edmm
tap_kmsg_clean "kernel log has no WARNING:/BUG: lines (no soft lockup)"
tap_done
