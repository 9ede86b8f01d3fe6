#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# emulator tests plan: tests/guest/emu_test (SDM behaviours the selftests
# do not reach) against the in-kernel driver on the emulated SGX2 CPU,
# entering the project's test enclave through the vDSO.  Needs
# /sgx/emu_test, /sgx/test_encl.elf, /sgx/test_encl.pem and
# /sgx/encls_probe.ko (the ring-0 probe, tests/qemu/sgx-cpu/probe/).  "# TODO"
# lines are behaviours the emulator does not model yet (counted apart).

# shellcheck source=SCRIPTDIR/../../plans/lib.sh
. /lib.sh

tap_diag "kernel $(uname -r), $(nproc) cpus"
if [ ! -x /sgx/emu_test ] || [ ! -f /sgx/test_encl.elf ]; then
	tap_not_ok "/sgx/emu_test and /sgx/test_encl.elf are in the initramfs"
	tap_done
fi
kmsg_new >/dev/null
if out=$(insmod /sgx/encls_probe.ko 2>&1); then
	tap_ok "insmod encls_probe.ko: $(kmsg_new | grep -m1 'struct sgx_encl:' | sed 's/^.*encls_probe: //')"
else
	tap_not_ok "insmod encls_probe.ko: $out"
	kmsg_new | tap_diag
fi
start=$(cut -d. -f1 /proc/uptime)
tap_run "emu_test" /sgx/emu_test /sgx/test_encl.elf
tap_diag "emu_test ran $(($(cut -d. -f1 /proc/uptime) - start))s"
rmmod encls_probe || tap_not_ok "rmmod encls_probe"
tap_kmsg_clean "no WARN, BUG or Oops in the kernel log"
tap_done
