#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# selftests plan: mainline's SGX selftests (tests/qemu/sgx-cpu/selftests.sh
# builds them unmodified), run against the in-kernel driver on the
# emulated SGX2 CPU.  Needs /sgx/test_sgx and /sgx/test_encl.elf.
#
# One expected failure, marked "# TODO" (counted apart, not as a pass and
# not silently skipped): enclave.unclobbered_vdso_oversubscribed_remove.
# SGX_IOC_ENCLAVE_REMOVE_PAGES returns EAGAIN when a page it reaches is
# being reclaimed by ksgxd, or is evicted and the EPC has no free page to
# ELDU it into without reclaim (arch/x86/kernel/cpu/sgx/ioctl.c,
# "PTR_ERR(entry) == -EBUSY ? -EAGAIN"); the test issues the ioctl once and
# does not retry.  Haitao Huang's "selftests/sgx: Retry the ioctl()s
# returned with EAGAIN" (linux-kselftest, Aug-Sep 2022) retries; it is in
# neither linux-source-6.1 (6.1.192) nor linux-source-6.12 (6.12.117),
# whose main.c has the same test without a retry.  Every other test must
# pass, and the plan fails if any other test does not.

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
KNOWN_RACE=enclave.unclobbered_vdso_oversubscribed_remove
KNOWN_WHY="known test race: REMOVE_PAGES returns EAGAIN while ksgxd reclaims and this version of the test does not retry; retry posted upstream as 'selftests/sgx: Retry the ioctl()s returned with EAGAIN' (Haitao Huang, 2022), not in this package"
cd /sgx || exit 1
start=$(cut -d. -f1 /proc/uptime)
out=/tmp/test_sgx.out
./test_sgx >"$out" 2>&1
rc=$?
# busybox sed: mark the known race, keep every other line as it is.
sed "s|^not ok \([0-9]*\) $KNOWN_RACE\$|not ok \1 $KNOWN_RACE # TODO $KNOWN_WHY|" "$out"
tap_diag "test_sgx exited with $rc after $(($(cut -d. -f1 /proc/uptime) - start))s"
# The verdict: no "not ok" but the known race, and a summary line.
if ! grep -q '^# Totals: ' "$out"; then
	echo "not ok - test_sgx printed its '# Totals:' line"
	exit 1
fi
if grep '^not ok ' "$out" | grep -qv " $KNOWN_RACE\$"; then
	exit 1
fi
exit 0
