#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# boot plan for the emulated SGX2 CPU (run.sh --sgx-epc SIZE): the
# unmodified in-kernel SGX driver must find SGX1, SGX2 and launch control,
# one EPC section, sanitize every EPC page (ksgxd EREMOVEs each one; a
# failure is a WARN, which panic_on_warn turns into a failed run) and
# create its device nodes.

# shellcheck source=SCRIPTDIR/../../plans/lib.sh
. /lib.sh

tap_diag "kernel $(uname -r), $(nproc) cpus"

flags=$(grep -m1 '^flags' /proc/cpuinfo)
for f in sgx sgx_lc; do
	case " ${flags#*:} " in
	*" $f "*) tap_ok "/proc/cpuinfo has $f" ;;
	*) tap_not_ok "/proc/cpuinfo has $f" ;;
	esac
done
grep -m1 -E '^(vendor_id|model name)' /proc/cpuinfo | tap_diag

dmesg | grep -iE 'sgx' | tap_diag
if dmesg | grep -qE 'sgx: EPC section 0x[0-9a-f]+-0x[0-9a-f]+'; then
	tap_ok "dmesg: sgx: EPC section"
else
	tap_not_ok "dmesg: sgx: EPC section"
fi

for d in sgx_enclave sgx_provision sgx_vepc; do
	if [ -c "/dev/$d" ]; then
		tap_ok "/dev/$d exists"
	else
		tap_not_ok "/dev/$d exists"
	fi
done

# ksgxd sanitizes the EPC in the background: give it time, then check the
# kernel log (a WARN would already have panicked the guest).
sleep 3
if dmesg | grep -qE 'WARNING:|BUG:|Oops'; then
	dmesg | grep -A20 -E 'WARNING:|BUG:|Oops' | tap_diag
	tap_not_ok "no WARN, BUG or Oops in the kernel log"
else
	tap_ok "no WARN, BUG or Oops in the kernel log"
fi
for f in /sys/devices/system/node/node*/x86/sgx_total_bytes; do
	[ -r "$f" ] && tap_diag "$f: $(cat "$f")"
done

tap_done
