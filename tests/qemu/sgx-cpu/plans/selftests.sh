#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# selftests plan: mainline's SGX selftests (tests/qemu/sgx-cpu/selftests.sh
# builds them unmodified), run against the in-kernel driver on the
# emulated SGX2 CPU.  Needs /sgx/test_sgx and /sgx/test_encl.elf.

# shellcheck source=SCRIPTDIR/../../plans/lib.sh
. /lib.sh

tap_diag "kernel $(uname -r), $(nproc) cpus"
if [ ! -x /sgx/test_sgx ] || [ ! -f /sgx/test_encl.elf ]; then
	tap_not_ok "/sgx/test_sgx and /sgx/test_encl.elf are in the initramfs"
	tap_done
fi
for f in /sys/devices/system/node/node*/x86/sgx_total_bytes; do
	[ -r "$f" ] && tap_diag "$f: $(cat "$f")"
done

# test_sgx prints TAP itself; the host renumbers its ok/not ok lines.
cd /sgx || exit 1
start=$(cut -d. -f1 /proc/uptime)
./test_sgx 2>&1
rc=$?
tap_diag "test_sgx exited with $rc after $(($(cut -d. -f1 /proc/uptime) - start))s"
exit "$rc"
