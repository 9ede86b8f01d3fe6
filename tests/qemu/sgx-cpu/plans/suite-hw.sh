#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# hw suite plan: backend=hw on the emulated SGX2 CPU, with the same guest
# binaries as the sim's smoke plan (tests/vm-test.sh puts them in
# /bin and /lib).
#
#  - backend=auto picks hw on this CPU;
#  - the load log shows each binding working: the ENCLS exception fixups
#    (the self-test's #GP), the kernel's BTF layouts, kallsyms through a
#    kprobe, the static-call trampolines into the in-kernel allocator and
#    each EPC section matched against CPUID (make check boots two);
#  - backend=hw runs /bin/probe and the whole /bin/enclave_test, entering
#    enclaves through the real vDSO; the first EINIT writes the
#    launch-control MSRs;
#  - rmmod leaves no module, no device and no kprobe behind, the kernel
#    log has no WARNING/BUG/Oops, and every EPC page the module took is
#    back (its global epc_pages gauge is 0 before rmmod).

# shellcheck source=SCRIPTDIR/../../plans/lib.sh
. /lib.sh

MOD=/lib/sgx2_edmm.ko
NAME=sgx2_edmm
DEV=/dev/sgx2_edmm
KPROBES=/sys/kernel/debug/kprobes/list

tap_diag "kernel $(uname -r), $(nproc) cpus"
if [ ! -f "$MOD" ] || [ ! -x /bin/enclave_test ]; then
	tap_not_ok "$MOD and /bin/enclave_test are in the initramfs"
	tap_done
fi
if grep -qw sgx /proc/cpuinfo; then
	tap_ok "the guest CPU has SGX (/proc/cpuinfo)"
else
	tap_not_ok "the guest CPU has SGX (/proc/cpuinfo)"
	tap_done
fi

# unload BACKEND: rmmod, and nothing of the module left behind.
unload() {
	tap_check "backend=$1: rmmod $NAME" rmmod "$NAME"
	if module_loaded "$NAME" || [ -e "$DEV" ]; then
		tap_not_ok "backend=$1: $NAME and $DEV gone after rmmod"
	fi
	if [ -r "$KPROBES" ] && grep -q kallsyms_lookup_name "$KPROBES"; then
		tap_not_ok "backend=$1: no kprobe left behind"
	fi
}

kmsg_new >/dev/null

# backend=auto: the choice and the binding, nothing run.
if ! insmod "$MOD" backend=auto >/tmp/insmod.out 2>&1; then
	tap_diag </tmp/insmod.out
	module_msgs | tap_diag
	tap_not_ok "insmod backend=auto"
	tap_done
fi
msgs=$(module_msgs)
printf '%s\n' "$msgs" | tap_diag
has "backend=auto picks hw on the emulated SGX2 CPU" 'version .*, backend hw$'
has "ENCLS exception fixup: the self-test's #GP is caught, ENCLS enabled" \
	'ENCLS fixup self-test: #GP caught \(.*ENCLS enabled\)'
has "BTF: the in-kernel EPC structures and prototypes match" \
	'BTF: [0-9]+ checks of the sizes and members of struct sgx_epc_page and struct sgx_epc_section, and [0-9]+ function prototypes, match'
has "kallsyms_lookup_name found through a kprobe" \
	'kallsyms_lookup_name found through a kprobe at kallsyms_lookup_name\+0x0/'
has "static-call trampolines bound to the in-kernel allocator" \
	'call path: direct jumps from static-call trampolines to kallsyms_lookup_name\+0x0/[^,]*, sgx_alloc_epc_page\+0x0/[^,]*, sgx_free_epc_page\+0x0/'
# Every section the kernel set up (its "sgx: EPC section" lines).
theirs=$(grep -c 'sgx: EPC section' "$KMSG_LOG" || true)
ours=$(printf '%s\n' "$msgs" |
	grep -cE 'EPC section [0-9]+: physical 0x[0-9a-f]+-0x[0-9a-f]+, [1-9][0-9]* pages \(the kernel.s table matches CPUID leaf 0x12\)' ||
	true)
if [ "$theirs" -ge 1 ] && [ "$ours" = "$theirs" ]; then
	tap_ok "each of the kernel's $theirs EPC sections matched against CPUID leaf 0x12"
else
	tap_not_ok "each of the kernel's EPC sections matched against CPUID leaf 0x12 (kernel $theirs, module $ours)"
fi
unload auto

# backend=hw: the whole suite.
if ! insmod "$MOD" backend=hw >/tmp/insmod.out 2>&1; then
	tap_diag </tmp/insmod.out
	module_msgs | tap_diag
	tap_not_ok "insmod backend=hw"
	tap_done
fi
tap_ok "insmod backend=hw"
module_msgs >/dev/null
if [ -x /bin/probe ]; then
	tap_run "probe (backend=hw)" /bin/probe
fi
tap_run "enclave_test (backend=hw)" /bin/enclave_test /lib/test_encl.elf
msgs=$(module_msgs)
has "EINIT wrote the launch-control MSRs (IA32_SGXLEPUBKEYHASH0-3)" \
	'EINIT: first enclave initialized, IA32_SGXLEPUBKEYHASH0-3 written'
held=$(sed -n 's/^epc_pages *//p' "/sys/class/misc/$NAME/stats" 2>/dev/null)
if [ "$held" = 0 ]; then
	tap_ok "backend=hw: every EPC page given back (epc_pages 0)"
else
	tap_not_ok "backend=hw: every EPC page given back (epc_pages '${held:-?}')"
fi
unload hw

tap_kmsg_clean "kernel log has no WARNING:/BUG:/Oops lines"
tap_done
