#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Demo plan (make demo): load sgx2_edmm with the sim backend in a fresh
# Debian guest, show what it registered, run the probe program, unload.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

MOD=/lib/sgx2_edmm.ko
NAME=sgx2_edmm
P=/sys/module/$NAME/parameters

kmsg_new >/dev/null
tap_diag "guest: Linux $(uname -r), $(nproc) vCPUs, no SGX in the CPU: using the software SGX2 model"

tap_check "insmod $MOD backend=sim" insmod "$MOD" backend=sim
kmsg_new | grep "$NAME:" | grep -v -e 'taints kernel' -e 'verification failed' | tap_diag

if [ -c /dev/$NAME ]; then
	tap_ok "/dev/$NAME registered"
	stat -c '%A %U:%G %t:%T %n' /dev/$NAME | tap_diag
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

[ -x /bin/probe ] && tap_run "probe" /bin/probe

tap_check "rmmod $NAME" rmmod "$NAME"
tap_kmsg_clean "kernel log has no WARNING:/BUG: lines"
tap_done
