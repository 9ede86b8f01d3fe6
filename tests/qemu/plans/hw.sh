#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# hw plan: the hardware backend's load path on a CPU without SGX.
#
# backend=hw and backend=auto must, in this order:
#  - run the ENCLS exception-fixup self-test: the #UD of an ENCLS is
#    caught by the module's exception table ("ENCLS fixup self-test: #UD
#    caught"), no oops;
#  - bind to the in-kernel SGX core without calling into it: kallsyms
#    through a kprobe, layouts checked against the kernel's BTF, the IBT
#    state of the resolved functions reported ("IBT: ..."), and the
#    static-call path set up ("call path: ...");
#  - refuse with ENODEV and one error line saying the CPU has no SGX;
#  - leave no kprobe and no module behind.
# backend=hw twice, so a second bind after an unbind is covered too.  With
# /bin/hw_refuse (tests/guest/hw_refuse.c), damaged copies of the kernel's
# BTF must each be refused with their own reason.  Then backend=sim must
# still load and unload, and the kernel log must have no WARNING/BUG/Oops.

# shellcheck source=SCRIPTDIR/lib.sh
. /lib.sh

MOD=/lib/sgx2_edmm.ko
NAME=sgx2_edmm
KPROBES=/sys/kernel/debug/kprobes/list

tap_diag "kernel $(uname -r), $(nproc) cpus"

if [ ! -f "$MOD" ]; then
	tap_not_ok "$MOD is in the initramfs"
	tap_done
fi
if grep -qw sgx /proc/cpuinfo; then
	tap_diag "guest CPU has SGX: this plan is for CPUs without it"
	tap_skip "hw refusal without SGX" "the guest CPU has SGX"
	tap_done
fi

# Debian's configurations (see the environment notes): 6.12 has kernel
# IBT, 6.1 does not.  Other kernels: whatever the module reports.
case "$(uname -r)" in
6.12.*) ibt=y ;;
6.1.*) ibt=n ;;
*) ibt=any ;;
esac

kmsg_new >/dev/null

for backend in hw auto hw; do
	if insmod "$MOD" "backend=$backend" >/tmp/insmod.out 2>&1; then
		tap_not_ok "insmod backend=$backend refused without SGX (it loaded)"
		rmmod "$NAME" || true
		kmsg_new >/dev/null
		continue
	fi
	msgs=$(module_msgs)
	tap_diag </tmp/insmod.out
	printf '%s\n' "$msgs" | tap_diag

	if grep -q 'No such device' /tmp/insmod.out; then
		tap_ok "backend=$backend: insmod fails with ENODEV"
	else
		tap_not_ok "backend=$backend: insmod fails with ENODEV"
	fi
	has "backend=$backend: ENCLS fixup self-test caught the #UD" \
		'ENCLS fixup self-test: #UD caught'

	case $ibt in
	y) entry='[0-9a-f]{8} \((sealed|ENDBR64)\)' ;;
	n) entry='[0-9a-f]{8} \(no IBT\)' ;;
	*) entry='[0-9a-f]{8} \([^)]*\)' ;;
	esac
	has "backend=$backend: IBT report (X86_KERNEL_IBT=$ibt) for the three resolved functions" \
		"IBT: kernel X86_KERNEL_IBT=[yn].*kallsyms_lookup_name $entry, sgx_alloc_epc_page $entry, sgx_free_epc_page $entry"
	if [ "$ibt" != any ]; then
		has "backend=$backend: the module sees X86_KERNEL_IBT=$ibt" \
			"IBT: kernel X86_KERNEL_IBT=$ibt,"
	fi
	has "backend=$backend: calls bound through static calls, kallsyms_lookup_name checked" \
		'call path: direct jumps from static-call trampolines to kallsyms_lookup_name\+0x0/[^,]*, sgx_alloc_epc_page\+0x0/[^,]*, sgx_free_epc_page\+0x0/'

	case $backend in
	hw) refusal='backend=hw unavailable: the CPU has no SGX' ;;
	*) refusal='no usable SGX2 hardware \(the CPU has no SGX.*load with backend=sim' ;;
	esac
	has "backend=$backend: refused because the CPU has no SGX" "$refusal"
	# One refusal line per load attempt (busybox insmod retries a failed
	# finit_module() with init_module(), so there may be two attempts).
	n=$(printf '%s\n' "$msgs" | grep -cE 'unavailable:|no usable SGX2' || true)
	tries=$(printf '%s\n' "$msgs" | grep -c 'ENCLS fixup self-test' || true)
	if [ "$n" -ge 1 ] && [ "$n" = "$tries" ]; then
		tap_ok "backend=$backend: one refusal line per load attempt ($n)"
	else
		tap_not_ok "backend=$backend: one refusal line per load attempt ($n refusals, $tries attempts)"
	fi
	# Nothing else may be reported as a binding problem here.
	if printf '%s\n' "$msgs" | grep -q 'could not be used either'; then
		tap_not_ok "backend=$backend: binding to the in-kernel SGX core succeeded"
	else
		tap_ok "backend=$backend: binding to the in-kernel SGX core succeeded"
	fi

	if module_loaded "$NAME"; then
		tap_not_ok "backend=$backend: $NAME not in /proc/modules"
	else
		tap_ok "backend=$backend: $NAME not in /proc/modules"
	fi
	if [ -r "$KPROBES" ]; then
		if grep -q kallsyms_lookup_name "$KPROBES"; then
			tap_not_ok "backend=$backend: no kprobe left behind"
			tap_diag <"$KPROBES"
		else
			tap_ok "backend=$backend: no kprobe left behind"
		fi
	fi
done

# Layouts the module was not written for, through damaged copies of the
# kernel's BTF (from /bin/hw_refuse) bind-mounted over the real one: each
# is refused with its own reason, before anything is bound or called.
BTF=/sys/kernel/btf/vmlinux
refuse_with() {	# refuse_with MODE SOURCE EXPECTED
	if ! mount -o bind "$2" "$BTF"; then
		tap_not_ok "bad BTF ($1): bind mount over $BTF"
		return
	fi
	insmod "$MOD" backend=hw >/tmp/insmod.out 2>&1 && rmmod "$NAME"
	umount "$BTF"
	msgs=$(module_msgs)
	printf '%s\n' "$msgs" | tap_diag
	if grep -q 'No such device' /tmp/insmod.out &&
		printf '%s\n' "$msgs" | grep -q "could not be used either: .*$3" &&
		! printf '%s\n' "$msgs" | grep -qE 'IBT:|call path:'; then
		tap_ok "bad BTF ($1): refused, \"$3\", nothing bound"
	else
		tap_not_ok "bad BTF ($1): refused, \"$3\", nothing bound"
	fi
}

if [ -x /bin/hw_refuse ] && [ -r "$BTF" ]; then
	refuse_with none /dev/null 'has no readable BTF'
	for mode in garbage truncated size member proto missing; do
		case $mode in
		garbage | truncated) want='format this module does not understand' ;;
		size) want='struct sgx_epc_page differs .*BTF: size' ;;
		member) want='struct sgx_epc_section differs .*BTF: pages' ;;
		proto) want='sgx_free_epc_page() has another prototype' ;;
		missing) want='sgx_alloc_epc_page() is missing' ;;
		esac
		if /bin/hw_refuse "$mode" "/tmp/btf.$mode"; then
			refuse_with "$mode" "/tmp/btf.$mode" "$want"
		else
			tap_not_ok "bad BTF ($mode): hw_refuse made the copy"
		fi
		rm -f "/tmp/btf.$mode"
	done
	# The real BTF is back: binding works again.
	insmod "$MOD" backend=hw >/dev/null 2>&1 && rmmod "$NAME"
	if module_msgs | grep -q 'call path:'; then
		tap_ok "real BTF restored: binding works again"
	else
		tap_not_ok "real BTF restored: binding works again"
	fi
else
	tap_skip_required "bad BTF layouts refused" "no /bin/hw_refuse or no $BTF"
fi

tap_check "insmod backend=sim after the refusals" insmod "$MOD" backend=sim
tap_check "rmmod $NAME (backend=sim)" rmmod "$NAME"
kmsg_new >/dev/null

tap_kmsg_clean "kernel log has no WARNING:/BUG:/Oops lines"
tap_done
