#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# coexistence plan: the in-kernel SGX driver and the module (backend=hw) on
# one EPC of the emulated SGX2 CPU (tests/guest/coexist_test.c says what
# each phase checks and how it fails when the module leaks EPC pages or
# ignores its budget).  Needs /lib/sgx2_edmm.ko, /sgx/coexist_test and
# /sgx/test_encl.elf (and test_encl.pem beside it).
#
#   both    an enclave on each device, used concurrently: EAUG, EACCEPT,
#           TRIM and REMOVE on both while both live
#   whole   then, with the module's budget raised to 100% at run time: the
#           in-kernel driver fills the EPC but a margin without reclaiming,
#           and one module enclave gets every EPC page
#   budget  the module reloaded with epc_budget=25%: at its budget (until
#           ENOMEM), an in-kernel enclave still EAUGs the rest of the EPC
#           but a margin, without reclaiming

# shellcheck source=SCRIPTDIR/../../plans/lib.sh
. /lib.sh

PARAMS=/sys/module/sgx2_edmm/parameters

tap_diag "kernel $(uname -r), $(nproc) cpus"
if [ ! -f /lib/sgx2_edmm.ko ] || [ ! -x /sgx/coexist_test ] ||
	[ ! -f /sgx/test_encl.elf ]; then
	tap_not_ok "/lib/sgx2_edmm.ko, /sgx/coexist_test and /sgx/test_encl.elf are in the initramfs"
	tap_done
fi
for f in /sys/devices/system/node/node*/x86/sgx_total_bytes; do
	[ -r "$f" ] && tap_diag "$f: $(cat "$f")"
done
kmsg_new >/dev/null
start=$(cut -d. -f1 /proc/uptime)

# set_budget SPEC: write the module's epc_budget (run by tap_check).
set_budget() {
	# shellcheck disable=SC2317 # reached through tap_check
	echo "$1" >"$PARAMS/epc_budget"
}

tap_check "insmod sgx2_edmm.ko backend=hw" insmod /lib/sgx2_edmm.ko backend=hw
if ! module_loaded sgx2_edmm; then
	kmsg_new | tap_diag
	tap_done
fi
tap_diag "EPC budget $(cat "$PARAMS/epc_budget") = $(cat "$PARAMS/epc_budget_pages") of $(cat "$PARAMS/epc_total_pages") pages"
tap_run "coexist_test both" /sgx/coexist_test both
tap_check "epc_budget raised to 100% at run time" set_budget 100%
tap_run "coexist_test whole" /sgx/coexist_test whole
tap_check "rmmod sgx2_edmm" rmmod sgx2_edmm

tap_check "insmod sgx2_edmm.ko backend=hw epc_budget=25%" \
	insmod /lib/sgx2_edmm.ko backend=hw epc_budget=25%
if module_loaded sgx2_edmm; then
	tap_run "coexist_test budget" /sgx/coexist_test budget
	tap_check "rmmod sgx2_edmm" rmmod sgx2_edmm
fi
tap_diag "the three phases ran $(($(cut -d. -f1 /proc/uptime) - start))s"
tap_kmsg_clean "no WARN, BUG or Oops in the kernel log"
tap_done
