#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Fault-injection plan, for the debug kernel (tests/qemu/debug-kernel.sh:
# CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_DEBUG_FS):
# the fuzzer (/bin/fuzz -I -F: no sim injection; each process marks
# itself make-it-fail once set up, and its threads and children inherit
# it) runs with failslab, then with fail_page_alloc, failing 1 allocation
# in 10 of those processes only (task-filter).  After each run: the
# fuzzer ran operations, at least 10 allocations were failed (the "times"
# budget went down), every EPC page is back, the module unloads, and the kernel
# log has no WARN, BUG, Oops or lockdep splat; kmemleak is scanned at the
# end (lib.sh).  A failed allocation must end in an error the fuzzer sees,
# nothing else.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

NAME=sgx2_edmm
DBG=/sys/kernel/debug
TIMES=100000

tap_diag "kernel $(uname -r), $(nproc) cpus"
# /init mounts debugfs; busybox here has no mountpoint applet.
grep -q " $DBG debugfs " /proc/mounts || mount -t debugfs none "$DBG"
for f in failslab fail_page_alloc; do
	if [ ! -d "$DBG/$f" ]; then
		tap_not_ok "$DBG/$f exists (a kernel with CONFIG_FAULT_INJECTION_DEBUG_FS and CONFIG_${f#fail}...)"
		tap_done
	fi
done
echo 1 >/proc/sys/kernel/panic_on_warn
kmsg_new >/dev/null

inject_run() {	# inject_run ATTR SECONDS
	_attr=$1
	_d=$DBG/$_attr
	tap_check "insmod $NAME backend=sim sim_epc_mb=8" \
		insmod /lib/sgx2_edmm.ko backend=sim sim_epc_mb=8 || return
	echo 10 >"$_d/probability"
	echo 1 >"$_d/interval"
	echo "$TIMES" >"$_d/times"
	echo 0 >"$_d/space"
	echo 0 >"$_d/verbose"
	echo Y >"$_d/task-filter"
	[ -f "$_d/ignore-gfp-wait" ] && echo N >"$_d/ignore-gfp-wait"
	[ -f "$_d/ignore-gfp-highmem" ] && echo N >"$_d/ignore-gfp-highmem"
	# Only the fuzzer's processes, once each has set up (fuzz -F).
	/bin/fuzz -I -F -s 7 -t "$2" -n 20000 -p 2 -j 4 /lib/test_encl.elf \
		>/tmp/fuzz.out 2>&1
	_st=$?
	_left=$(cat "$_d/times")
	echo 0 >"$_d/probability"
	tap_diag </tmp/fuzz.out
	_ops=$(sed -n 's/.*, \([0-9]*\) in all;.*/\1/p' /tmp/fuzz.out | awk '{ n += $1 } END { print n + 0 }')
	# Processes may die of what was injected; the fuzzer must have run,
	# and the kernel survived it.
	tap_result "$([ "$_ops" -gt 0 ]; echo $?)" \
		"$_attr: the fuzzer ran $_ops operations under injection for $2 s (exit $_st)"
	tap_result "$([ $((TIMES - _left)) -ge 10 ]; echo $?)" \
		"$_attr: allocations were failed ($((TIMES - _left)) injected, at least 10 expected)"
	_pages=$(sed -n 's/^epc_pages //p' /sys/class/misc/$NAME/stats)
	tap_result "$([ "$_pages" = 0 ]; echo $?)" "$_attr: every EPC page back (epc_pages $_pages)"
	tap_check "$_attr: rmmod $NAME" rmmod "$NAME"
}

inject_run failslab 30
inject_run fail_page_alloc 30
tap_kmsg_clean "no WARN, BUG, Oops or lockdep report in the kernel log"
tap_done
