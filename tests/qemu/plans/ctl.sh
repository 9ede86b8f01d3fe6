#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# sgx2-edmmctl plan: the tool against the real module (backend=sim; the
# guest CPU has no SGX).  Needs /sbin/sgx2-edmmctl, /opt/kmod/depmod (kmod's)
# and /lib/sgx2_edmm.ko.  The module is installed under /lib/modules and
# indexed with depmod, so that the tool finds it by name through libkmod,
# as on an installed system; modprobe.d options are checked to apply.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

CTL=/sbin/sgx2-edmmctl
NAME=sgx2_edmm
PARAMS=/sys/module/$NAME/parameters
REL=$(uname -r)
EXTRA=/lib/modules/$REL/extra
# kmod's depmod, apart from busybox's (which writes no .bin indexes)
DEPMOD=/opt/kmod/depmod

tap_diag "kernel $REL, $(nproc) cpus"
for f in "$CTL" "$DEPMOD" /lib/sgx2_edmm.ko; do
	if [ ! -e "$f" ]; then
		tap_not_ok "$f is in the initramfs"
		tap_done
	fi
done
kmsg_new >/dev/null

# ctl WANT DESC ARGS...: run the tool, its output kept in /tmp/ctl.out
# (shown as comments); ok when its exit status is WANT.
ctl() {
	_want=$1
	_desc=$2
	shift 2
	"$CTL" "$@" >/tmp/ctl.out 2>&1
	_st=$?
	tap_diag </tmp/ctl.out
	if [ "$_st" -eq "$_want" ]; then
		tap_ok "sgx2-edmmctl $*: $_desc (exit $_st)"
	else
		tap_not_ok "sgx2-edmmctl $*: $_desc (exit $_st, expected $_want)"
	fi
}

# has TEXT DESC: ok when the last output holds TEXT.
has() {
	if grep -qF -- "$1" /tmp/ctl.out; then
		tap_ok "$2"
	else
		tap_not_ok "$2 (no '$1' in the output)"
	fi
}

param_is() {
	_v=$(cat "$PARAMS/$1" 2>/dev/null)
	tap_result "$([ "$_v" = "$2" ]; echo $?)" "parameter $1 is '$2' (read '$_v')"
}

# Not installed yet: load finds no module for this kernel.
mkdir -p "$EXTRA"
"$DEPMOD" -a 2>/dev/null
ctl 5 "no module for this kernel" load
has "no $NAME module for kernel $REL" "... and says so, naming the kernel"

cp /lib/sgx2_edmm.ko "$EXTRA/"
tap_check "depmod -a (kmod's)" "$DEPMOD" -a

ctl 2 "usage error" frobnicate
ctl 2 "a policy the module would refuse" load --policy=chunk:0
ctl 0 "help" --help
has "policy set P" "... lists the commands"
ctl 3 "status before load" status
has "$NAME not loaded" "... says the module is not loaded"
has "SGX no" "... and that the CPU has no SGX (CPUID)"
ctl 3 "stats before load" stats
ctl 3 "unload before load" unload

# backend=hw cannot run without SGX: the module refuses, the tool says why.
ctl 1 "backend=hw refused without SGX" load --backend=hw
has "no backend can run here" "... and says why"
tap_result "$([ ! -d "/sys/module/$NAME" ]; echo $?)" "... and nothing is loaded"

# modprobe.d's options apply, the command line's on top.
mkdir -p /etc/modprobe.d
echo "options $NAME backend=sim fault_around=8 batch_policy=per_page" \
	>/etc/modprobe.d/sgx2-edmm.conf
ctl 0 "load with modprobe.d options and --policy" load --policy=chunk:64
has "backend sim" "... reports the backend the module chose"
param_is fault_around 8
param_is batch_policy chunk:64
tap_result "$([ -c /dev/sgx2_edmm ]; echo $?)" "/dev/sgx2_edmm exists"
ctl 6 "load when loaded" load
has "already loaded" "... says so"

ctl 0 "status" status
has "backend sim" "status names the backend"
has "fault_around = 8" "status lists the parameters"
has "0 pages in use" "status counts the EPC pages in use"

# One enclave built, entered and closed: the counters move.
/bin/enclave_test /lib/test_encl.elf nop_both_tcs >/tmp/encl.out 2>&1 ||
	tap_diag </tmp/encl.out
ctl 0 "stats" stats
has "epc_pages            0" "stats: no EPC page held once the enclave is closed"
if grep -Eq '^ecreate +1$' /tmp/ctl.out; then
	tap_ok "stats: ecreate counted the one enclave"
else
	tap_not_ok "stats: ecreate counted the one enclave"
fi
ctl 0 "stats as JSON" stats --json
if head -n1 /tmp/ctl.out | grep -qx '{' && tail -n1 /tmp/ctl.out | grep -qx '}' &&
	grep -Eq '^  "epc_pages": 0,$' /tmp/ctl.out; then
	tap_ok "stats --json: one object, a member per counter"
else
	tap_not_ok "stats --json: one object, a member per counter"
fi

ctl 0 "policy" policy
has "chunk:64" "policy shows the loaded policy"
ctl 0 "policy set" policy set per_range
param_is batch_policy per_range
ctl 0 "policy get" policy get
has "per_range" "policy get shows the new policy"
ctl 2 "policy set of a bad policy" policy set chunk:65537
param_is batch_policy per_range

# Not root: refused with the permission exit code.
grep -q '^nobody:' /etc/passwd 2>/dev/null ||
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
grep -q '^nogroup:' /etc/group 2>/dev/null || echo 'nogroup:x:65534:' >>/etc/group
su -s /bin/sh nobody -c "$CTL policy set per_page" >/tmp/ctl.out 2>&1
st=$?
tap_diag </tmp/ctl.out
tap_result "$([ "$st" -eq 4 ]; echo $?)" "policy set as nobody: permission denied (exit $st, expected 4)"
param_is batch_policy per_range

# An open enclave file pins the module.
exec 3</dev/sgx2_edmm
ctl 1 "unload with /dev/sgx2_edmm open" unload
has "in use" "... says the module is in use"
exec 3<&-
ctl 0 "unload" unload
tap_result "$([ ! -d "/sys/module/$NAME" ]; echo $?)" "the module is gone"
ctl 3 "stats after unload" stats

rm -f /etc/modprobe.d/sgx2-edmm.conf
tap_kmsg_clean "no WARN, BUG or Oops in the kernel log"
tap_done
