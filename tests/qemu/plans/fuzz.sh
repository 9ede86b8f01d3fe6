#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Fuzz plan: tests/fuzz (/bin/fuzz) against the module with backend=sim,
# then the invariants: the fuzzer ran; no WARN, BUG or lockup
# (panic_on_warn is on, so a WARN ends the guest without a closing line);
# every EPC page is back once its processes are gone; rmmod succeeds; the
# kernel log is clean (and kmemleak, on a kernel that has it: lib.sh).
# "sgx2_fuzz=SEED,SECONDS,OPS" on the kernel command line sets the run
# (default 1,60,20000); 2 processes of 4 threads each.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

NAME=sgx2_edmm
arg=$(sed -n 's/.*sgx2_fuzz=\([0-9,]*\).*/\1/p' /proc/cmdline)
seed=$(echo "${arg:-1}," | cut -d, -f1)
secs=$(echo "${arg},," | cut -d, -f2)
ops=$(echo "${arg},,," | cut -d, -f3)
seed=${seed:-1} secs=${secs:-60} ops=${ops:-20000}

tap_diag "kernel $(uname -r), $(nproc) cpus; seed $seed, $secs s, $ops operations"
if [ ! -x /bin/fuzz ] || [ ! -f /lib/sgx2_edmm.ko ]; then
	tap_not_ok "/bin/fuzz and /lib/sgx2_edmm.ko are in the initramfs"
	tap_done
fi
echo 1 >/proc/sys/kernel/panic_on_warn
kmsg_new >/dev/null

# A small simulated EPC, so that the fuzzer also runs it out.
tap_check "insmod $NAME backend=sim sim_epc_mb=8" \
	insmod /lib/sgx2_edmm.ko backend=sim sim_epc_mb=8
start=$(cut -d. -f1 /proc/uptime)
/bin/fuzz -s "$seed" -t "$secs" -n "$ops" -p 2 -j 4 /lib/test_encl.elf >/tmp/fuzz.out 2>&1
st=$?
tap_diag </tmp/fuzz.out
tap_result "$st" "fuzz -s $seed -t $secs -n $ops -p 2 -j 4 ran to its end in $(($(cut -d. -f1 /proc/uptime) - start)) s (exit $st)"

pages=$(sed -n 's/^epc_pages //p' /sys/class/misc/$NAME/stats)
tap_result "$([ "$pages" = 0 ]; echo $?)" "every EPC page back after the fuzzer's processes are gone (epc_pages $pages)"
tap_check "rmmod $NAME" rmmod "$NAME"
tap_kmsg_clean "no WARN, BUG or Oops in the kernel log"
tap_done
