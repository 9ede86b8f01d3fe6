#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# preload plan: mainline's SGX selftests (tests/qemu/sgx-cpu/selftests.sh
# builds them unmodified from linux-source) on a CPU without SGX, against
# the module's sim backend, through libsgx2-edmm-preload.so alone:
#
#   LD_PRELOAD=/lib/libsgx2-edmm-preload.so SGX2_EDMM_PRELOAD_CPUID=1 ./test_sgx
#
# The guest has no /dev/sgx_enclave: the library opens /dev/sgx2_edmm for
# it, hands test_sgx a vDSO image whose __vdso_sgx_enter_enclave enters
# through the sim backend, and answers its CPUID leaf 12H from the SGX2
# model.  Needs /lib/sgx2_edmm.ko, /lib/libsgx2-edmm-preload.so,
# /sgx/test_sgx, /sgx/test_encl.elf and /sgx/cpuid-sites (the number of
# CPUID instructions objdump finds in test_sgx: the library must patch
# exactly that many).
#
# Expected failures, marked "# TODO": the two EPC-oversubscription tests,
# when ADD_PAGES answers ENOMEM (the module does not reclaim; see
# sgx_selftests_tally in lib.sh).  Any other failure fails the plan.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

STATS=/sys/class/misc/sgx2_edmm/stats
LIB=/lib/libsgx2-edmm-preload.so

tap_diag "kernel $(uname -r), $(nproc) cpus"
for f in /lib/sgx2_edmm.ko "$LIB" /sgx/test_sgx /sgx/test_encl.elf /sgx/cpuid-sites; do
	if [ ! -e "$f" ]; then
		tap_not_ok "$f is in the initramfs"
		tap_done
	fi
done
tap_result "$([ ! -e /dev/sgx_enclave ] && ! grep -qw sgx /proc/cpuinfo; echo $?)" \
	"a CPU without SGX and no /dev/sgx_enclave: only the preload can serve test_sgx"
kmsg_new >/dev/null

tap_check "insmod sgx2_edmm.ko backend=sim sim_epc_mb=16" \
	insmod /lib/sgx2_edmm.ko backend=sim sim_epc_mb=16
if ! module_loaded sgx2_edmm; then
	kmsg_new | tap_diag
	tap_done
fi

ecreate0=$(sed -n 's/^ecreate //p' "$STATS")
cd /sgx || exit 1
start=$(cut -d. -f1 /proc/uptime)
all=/tmp/test_sgx.all
LD_PRELOAD=$LIB SGX2_EDMM_PRELOAD_CPUID=1 SGX2_EDMM_PRELOAD_DEBUG=1 \
	./test_sgx >"$all" 2>&1
rc=$?
secs=$(($(cut -d. -f1 /proc/uptime) - start))
cd / || exit 1
ecreate1=$(sed -n 's/^ecreate //p' "$STATS")
held=$(sed -n 's/^epc_pages //p' "$STATS")

# The library's debug lines apart from the tests' output.
out=/tmp/test_sgx.out
grep -v '^sgx2-edmm-preload: ' "$all" >"$out"
grep '^sgx2-edmm-preload: ' "$all" >/tmp/preload.err
# What it said it did: each kind of line once, with its count.
sed -e 's/fd [0-9]*/fd N/' -e 's/0x[0-9a-f]*/ADDR/g' /tmp/preload.err |
	sort | uniq -c | sed 's/^ *//' | tap_diag
want=$(cat /sgx/cpuid-sites)
got=$(sed -n 's/.*CPUID emulation: \([0-9]*\) CPUID instructions patched.*/\1/p' \
	/tmp/preload.err | head -1)
tap_result "$([ -n "$got" ] && [ "$got" = "$want" ]; echo $?)" \
	"the library patched ${got:-no} CPUID instructions in test_sgx, as many as objdump finds ($want)"
tap_result "$(grep -q 'open(/dev/sgx_enclave): /dev/sgx2_edmm, fd [0-9]' /tmp/preload.err; echo $?)" \
	"test_sgx's open of /dev/sgx_enclave reached /dev/sgx2_edmm"
tap_result "$(grep -q 'vDSO image at .* __vdso_sgx_enter_enclave = ' /tmp/preload.err; echo $?)" \
	"test_sgx was handed the library's vDSO image"

sgx_selftests_tally "$out"
tap_diag "test_sgx exited with $rc after ${secs}s"
sgx_selftests_verdicts "$out" "$ecreate0" "$ecreate1" "$held"
tap_done
