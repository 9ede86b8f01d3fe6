#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Benchmark plan (tests/bench/bench.sh, make bench): load the module with
# the backend that "sgx2_bench=BACKEND[,MAX]" on the kernel command line
# names (hw needs the emulated SGX CPU; sim when there is none) and run
# tests/bench/bench.c, up to MAX pages when given (a short run).  The sim
# gets an EPC of 128 MiB, as the emulated CPU in make bench.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

kmsg_new >/dev/null
backend=$(sed -n 's/.*sgx2_bench=\([a-z]*\).*/\1/p' /proc/cmdline)
backend=${backend:-sim}
max=$(sed -n 's/.*sgx2_bench=[a-z]*,\([0-9]*\).*/\1/p' /proc/cmdline)
tap_diag "guest: Linux $(uname -r), $(nproc) vCPUs, backend $backend"
case $backend in
hw) args="backend=hw" ;;
*) args="backend=sim sim_epc_mb=128" ;;
esac
# shellcheck disable=SC2086 # $args is a list of parameters
tap_check "insmod $args" insmod /lib/sgx2_edmm.ko $args
if [ -x /bin/bench ]; then
	# shellcheck disable=SC2086 # $max is empty or a number
	tap_run "bench ($backend)" /bin/bench /lib/test_encl.elf $max
else
	tap_not_ok "/bin/bench is in the initramfs"
fi
tap_check "rmmod sgx2_edmm" rmmod sgx2_edmm
tap_kmsg_clean "kernel log has no WARNING:/BUG: lines (no soft lockup)"
tap_done
