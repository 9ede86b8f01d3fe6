#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Demo plan (make demo): load sgx2_edmm with the sim backend in a fresh
# Debian guest, show what it registered, run the dynamic-memory enclave
# demo (tests/guest/demo.c) with per_page and per_range tracking, show the
# module-wide counters, unload.  With sgx2_demo_backend=hw on the kernel
# command line (make demo BACKEND=hw, on the emulated SGX2 CPU) the same
# with backend=hw.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

MOD=/lib/sgx2_edmm.ko
NAME=sgx2_edmm
P=/sys/module/$NAME/parameters

backend=sim
if grep -qw 'sgx2_demo_backend=hw' /proc/cmdline; then
	backend=hw
fi

kmsg_new >/dev/null
if [ "$backend" = hw ]; then
	tap_diag "guest: Linux $(uname -r), $(nproc) vCPUs, the emulated SGX2 CPU (QEMU TCG): real ENCLS and ENCLU"
	if ! grep -qw sgx2 /proc/cpuinfo && ! grep -qw sgx /proc/cpuinfo; then
		tap_not_ok "the guest CPU has SGX"
	fi
else
	tap_diag "guest: Linux $(uname -r), $(nproc) vCPUs, no SGX in the CPU: using the software SGX2 model"
fi

tap_check "insmod $MOD backend=$backend" insmod "$MOD" "backend=$backend"
kmsg_new | grep "$NAME:" | grep -v -e 'taints kernel' -e 'verification failed' | tap_diag

if [ -c /dev/$NAME ]; then
	tap_ok "/dev/$NAME registered"
	stat -c '%A uid %u gid %g, char %t:%T %n' /dev/$NAME | tap_diag
else
	tap_not_ok "/dev/$NAME registered"
fi

for p in backend batch_policy fault_around; do
	tap_diag "parameter $p = $(cat "$P/$p")"
done

if echo chunk:16 >"$P/batch_policy"; then
	tap_ok "batch_policy can be changed at run time"
else
	tap_not_ok "batch_policy can be changed at run time"
fi
tap_diag "parameter batch_policy = $(cat "$P/batch_policy")"
echo per_range >"$P/batch_policy"

if [ -x /bin/demo ]; then
	tap_run "dynamic-memory enclave demo" /bin/demo /lib/test_encl.elf
else
	tap_not_ok "/bin/demo is in the initramfs"
fi
tap_diag "module-wide counters (/sys/class/misc/$NAME/stats):"
{ tr '\n' ' ' </sys/class/misc/$NAME/stats; echo; } | fold -w 72 -s | tap_diag

tap_check "rmmod $NAME" rmmod "$NAME"
tap_kmsg_clean "kernel log has no WARNING:/BUG: lines"
tap_done
