#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Smoke plan: load sgx2_edmm with each backend and unload it again.
#
# Without SGX in the guest CPU (always the case under QEMU TCG) backend=auto
# and backend=hw must refuse to load and say why in the kernel log;
# backend=sim must load, create /dev/sgx2_edmm and unload cleanly.  If
# /bin/probe was put into the initramfs it runs while the module is loaded.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

MOD=/lib/sgx2_edmm.ko
NAME=sgx2_edmm
DEV=/dev/sgx2_edmm

tap_diag "kernel $(uname -r), $(nproc) cpus"

if [ ! -f "$MOD" ]; then
	tap_not_ok "$MOD is in the initramfs"
	tap_done
fi

if grep -qw sgx /proc/cpuinfo; then
	have_sgx=1
	tap_diag "guest CPU has SGX"
else
	have_sgx=0
	tap_diag "guest CPU has no SGX"
fi

show() {
	if [ -n "$1" ]; then
		printf '%s\n' "$1" | tap_diag
	fi
}

# The kernel's boot messages go to $KMSG_LOG only.
kmsg_new >/dev/null

for backend in auto hw sim; do
	if [ "$backend" = sim ] || [ "$have_sgx" = 1 ]; then
		expect=load
	else
		expect=fail
	fi

	if insmod "$MOD" "backend=$backend" >/tmp/insmod.out 2>&1; then
		loaded=1
	else
		loaded=0
	fi
	tap_diag </tmp/insmod.out
	msgs=$(module_msgs)
	show "$msgs"

	if [ "$expect" = fail ]; then
		if [ "$loaded" = 1 ]; then
			tap_not_ok "insmod backend=$backend refused without SGX (it loaded)"
			rmmod "$NAME" || true
			kmsg_new >/dev/null
		elif [ -z "$msgs" ]; then
			tap_not_ok "insmod backend=$backend refused without SGX (no $NAME: message)"
		elif ! grep -q 'No such device' /tmp/insmod.out; then
			tap_not_ok "insmod backend=$backend refused without SGX (not ENODEV)"
		elif [ "$backend" = auto ] &&
			! printf '%s\n' "$msgs" | grep -q 'load with backend=sim'; then
			tap_not_ok "insmod backend=auto refused without SGX (message does not name backend=sim)"
		else
			tap_ok "insmod backend=$backend refused without SGX: ENODEV and one reason"
		fi
		continue
	fi

	tap_result $((1 - loaded)) "insmod backend=$backend"
	[ "$loaded" = 1 ] || continue

	if [ -c "$DEV" ]; then
		tap_ok "$DEV exists (backend=$backend)"
	else
		tap_not_ok "$DEV exists (backend=$backend)"
	fi

	if [ -x /bin/probe ]; then
		tap_run "probe (backend=$backend)" /bin/probe
	fi
	if [ -x /bin/enclave_test ]; then
		tap_run "enclave_test (backend=$backend)" \
			/bin/enclave_test /lib/test_encl.elf
	fi

	tap_check "rmmod $NAME (backend=$backend)" rmmod "$NAME"
	if module_loaded "$NAME"; then
		tap_not_ok "$NAME gone from /proc/modules"
	fi
	if [ -e "$DEV" ]; then
		tap_not_ok "$DEV removed after rmmod"
	fi
	msgs=$(module_msgs)
	show "$msgs"
done

# A backend value the module does not know is refused with EINVAL.
if insmod "$MOD" backend=bogus >/tmp/insmod.out 2>&1; then
	tap_not_ok "insmod backend=bogus refused (it loaded)"
	rmmod "$NAME" || true
elif grep -q 'Invalid argument' /tmp/insmod.out &&
	module_msgs | grep -q 'unknown backend=bogus'; then
	tap_ok "insmod backend=bogus refused: EINVAL and a message"
else
	tap_not_ok "insmod backend=bogus refused: EINVAL and a message"
	tap_diag </tmp/insmod.out
fi

# epc_budget given at load: what cannot fit the EPC (128 MiB: 32768
# pages) is refused with EINVAL, the read-only parameters cannot be given,
# a percentage is resolved to pages.
P=/sys/module/$NAME/parameters
kmsg_new >/dev/null
for arg in epc_budget=0 epc_budget=0% epc_budget=101% epc_budget=32769 \
	epc_budget=12x epc_budget_pages=5 epc_total_pages=5; do
	if insmod "$MOD" backend=sim sim_epc_mb=128 "$arg" >/tmp/insmod.out 2>&1; then
		tap_not_ok "insmod backend=sim $arg refused (it loaded)"
		rmmod "$NAME" || true
		continue
	fi
	case $arg in
	epc_budget=*) want='Invalid argument' ;;
	*) want='Operation not permitted' ;;
	esac
	if grep -q "$want" /tmp/insmod.out; then
		tap_ok "insmod backend=sim $arg refused: $want"
	else
		tap_not_ok "insmod backend=sim $arg refused: $want"
		tap_diag </tmp/insmod.out
	fi
done
if module_msgs | grep -q 'epc_budget=32769 does not fit an EPC of 32768 pages'; then
	tap_ok "epc_budget=32769: the refusal says the EPC has 32768 pages"
else
	tap_not_ok "epc_budget=32769: the refusal says the EPC has 32768 pages"
fi
if insmod "$MOD" backend=sim sim_epc_mb=128 epc_budget=50% >/tmp/insmod.out 2>&1; then
	budget=$(cat "$P/epc_budget")
	pages=$(cat "$P/epc_budget_pages")
	total=$(cat "$P/epc_total_pages")
	if [ "$budget/$pages/$total" = 50%/16384/32768 ]; then
		tap_ok "epc_budget=50%: 16384 of 32768 pages"
	else
		tap_not_ok "epc_budget=50%: 16384 of 32768 pages (got $budget/$pages/$total)"
	fi
	rmmod "$NAME" || tap_not_ok "rmmod after epc_budget=50%"
else
	tap_not_ok "insmod backend=sim epc_budget=50%"
	tap_diag </tmp/insmod.out
fi

tap_kmsg_clean "kernel log has no WARNING:/BUG: lines"
tap_done
