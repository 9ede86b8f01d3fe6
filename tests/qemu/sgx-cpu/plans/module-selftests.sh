#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# module selftests plan: mainline's SGX selftests (tests/qemu/sgx-cpu/
# selftests.sh builds them unmodified) run against the module's device,
# /dev/sgx2_edmm, with backend=hw on the emulated SGX2 CPU.  Needs
# /lib/sgx2_edmm.ko, /sgx/test_sgx and /sgx/test_encl.elf.
#
# test_sgx opens the fixed path /dev/sgx_enclave.  For its run that node is
# replaced by a character device node of the same name with the module's
# misc device number (/sys/class/misc/sgx2_edmm/dev), made with mknod, and
# afterwards by the in-kernel driver's own number again
# (/sys/class/misc/sgx_enclave/dev).  mknod rather than a symlink: the test
# then opens and stats a character device at exactly the path it names,
# /proc/self/maps names its mappings /dev/sgx_enclave as the test's own
# diagnostics expect, and which driver the node reaches is a major:minor
# that the plan checks against sysfs before and after.  That the enclaves
# really were the module's is checked too: its ECREATE counter grows by at
# least one per test that ran.
#
# Expected failures, marked "# TODO" (counted apart, neither a pass nor
# silently skipped): enclave.unclobbered_vdso_oversubscribed and
# enclave.unclobbered_vdso_oversubscribed_remove, when they fail the way a
# module without EPC reclaim makes them fail: their enclave's heap is the
# whole EPC, the module's pages are never reclaimed and its enclaves hold
# at most epc_budget pages (75% of the EPC by default), so the test's
# SGX_IOC_ENCLAVE_ADD_PAGES answers ENOMEM (sgx_selftests_tally in lib.sh).
# Any other failure of those two, and any failure of any other test, fails
# the plan.  After test_sgx the module must hold no EPC page (epc_pages 0).

# shellcheck source=SCRIPTDIR/../../plans/lib.sh
. /lib.sh

STATS=/sys/class/misc/sgx2_edmm/stats
PARAMS=/sys/module/sgx2_edmm/parameters

tap_diag "kernel $(uname -r), $(nproc) cpus"
if [ ! -f /lib/sgx2_edmm.ko ] || [ ! -x /sgx/test_sgx ] ||
	[ ! -f /sgx/test_encl.elf ]; then
	tap_not_ok "/lib/sgx2_edmm.ko, /sgx/test_sgx and /sgx/test_encl.elf are in the initramfs"
	tap_done
fi
for f in /sys/devices/system/node/node*/x86/sgx_total_bytes; do
	[ -r "$f" ] && tap_diag "$f: $(cat "$f")"
done
kmsg_new >/dev/null

# node_dev PATH: "major:minor" of a device node, in decimal as sysfs has it.
node_dev() {
	# shellcheck disable=SC2046 # two words, major and minor in hex
	set -- $(stat -c '%t %T' "$1" 2>/dev/null) || return 1
	[ $# -eq 2 ] && printf '%d:%d\n' "0x$1" "0x$2"
}

# stat_of NAME: the module-wide counter NAME.
stat_of() {
	sed -n "s/^$1 //p" "$STATS"
}

tap_check "insmod sgx2_edmm.ko backend=hw" insmod /lib/sgx2_edmm.ko backend=hw
if ! module_loaded sgx2_edmm; then
	kmsg_new | tap_diag
	tap_done
fi
backend=$(cat "$PARAMS/backend")
budget=$(cat "$PARAMS/epc_budget_pages")
total=$(cat "$PARAMS/epc_total_pages")
tap_result "$([ "$backend" = hw ]; echo $?)" \
	"the module runs on the hw backend (backend=$backend; EPC budget $budget of $total pages)"

kdev=$(cat /sys/class/misc/sgx_enclave/dev)
mdev=$(cat /sys/class/misc/sgx2_edmm/dev)
tap_result "$([ "$(node_dev /dev/sgx_enclave)" = "$kdev" ]; echo $?)" \
	"/dev/sgx_enclave is the in-kernel driver's ($kdev) before the swap"
rm -f /dev/sgx_enclave
mknod -m 0600 /dev/sgx_enclave c "${mdev%:*}" "${mdev#*:}"
if [ "$(node_dev /dev/sgx_enclave)" != "$mdev" ]; then
	tap_not_ok "/dev/sgx_enclave made with the module's number $mdev"
	tap_done
fi
tap_ok "/dev/sgx_enclave made with the module's number $mdev (mknod)"

# test_sgx prints TAP itself; the host renumbers its ok/not ok lines.
ecreate0=$(stat_of ecreate)
cd /sgx || exit 1
start=$(cut -d. -f1 /proc/uptime)
out=/tmp/test_sgx.out
./test_sgx >"$out" 2>&1
rc=$?
secs=$(($(cut -d. -f1 /proc/uptime) - start))
cd / || exit 1
ecreate1=$(stat_of ecreate)
held=$(stat_of epc_pages)

rm -f /dev/sgx_enclave
mknod -m 0600 /dev/sgx_enclave c "${kdev%:*}" "${kdev#*:}"
tap_result "$([ "$(node_dev /dev/sgx_enclave)" = "$kdev" ]; echo $?)" \
	"/dev/sgx_enclave restored to the in-kernel driver's number $kdev"

sgx_selftests_tally "$out"
tap_diag "test_sgx exited with $rc after ${secs}s"
sgx_selftests_verdicts "$out" "$ecreate0" "$ecreate1" "$held"
tap_done
