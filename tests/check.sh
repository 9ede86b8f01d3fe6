#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check.sh SERIES...: everything `make check` runs, in order of cost:
#   unit tests (Check); the test kernels resolved by tests/qemu/kernel.sh,
#   which installs their headers (kernel-doc and the build matrix need
#   them, so this comes first); style, W=1 build matrix, the DKMS path on
#   each test kernel, the deb and rpm packages (built, linted, the debs
#   installed and purged), then each test kernel booted in QEMU running the
#   guest tests (and sgx2-edmmctl, mainline's SGX selftests through the
#   preload library on backend=sim, and a short fuzz run) with the
#   DKMS-built module; last, the emulated SGX1+SGX2
#   CPU (tests/qemu/sgx-cpu): build it (a cache hit when nothing changed),
#   then on each test kernel the boot plan, mainline's SGX selftests from
#   the linux-source package of the same series, and the emulator tests;
#   then the module on it with backend=hw: the guest suite, the same
#   selftests against /dev/sgx2_edmm, and the in-kernel driver and the
#   module on one EPC.
# Every step prints TAP lines; the aggregate is in build/check.tap and the
# last line is "N passed, N failed, N skipped, N expected failures (TODO)".
# Exits non-zero on any failure.  With CI=true a skipped required step is a
# failure (tests/lib.sh).
# $CHECK_STEPS restricts the run to some of the steps unit, kernels, style,
# matrix, dkms, packages, guest, fuzz (the short fuzz run in a guest),
# emu (the emulated CPU with the in-kernel driver),
# emu-hw (the guest suite on the module, backend=hw), emu-module (the
# selftests against the module) and emu-coexist (both drivers on one EPC)
# (default: all of them), e.g.
#   CHECK_STEPS="kernels style matrix" tests/check.sh 6.1 6.12
#   CHECK_STEPS="emu-hw emu-module emu-coexist" tests/check.sh 6.1 6.12
# $SGX_EPC (16M) is the emulated CPU's EPC size ($SGX_EPC_HW, 8M,8M: two
# sections, for the backend=hw suite); $SGX_TIMEOUT (900) the seconds a
# guest on it may run; $SGX_QEMU a QEMU binary to use instead of building
# one (e.g. a deliberately broken build).  A "not ok ... # TODO" line (an
# expected failure, with its reason) is counted apart, neither passed nor
# failed.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)
mkdir -p "$TOP/build"
tap=$TOP/build/check.tap
: >"$tap"

step() {	# step NAME CMD...: run CMD, keep its TAP lines, note its status
	local name=$1 out rc
	shift
	local t0=$SECONDS
	out=$(mktemp)
	echo "# --- $name" | tee -a "$tap"
	"$@" | tee "$out"
	rc=${PIPESTATUS[0]}
	cat "$out" >>"$tap"
	echo "# $name: $((SECONDS - t0)) s" | tee -a "$tap"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$out"; then
		echo "not ok - $name exited with status $rc" | tee -a "$tap"
	fi
	rm -f "$out"
}

unit() {	# pure files, enclave builder, entry runtime: Check, as TAP
	local rc=0 dir
	for dir in unit enclave runtime; do
		rm -f "$TOP/build/$dir.tap"
		CK_TAP_LOG_FILE_NAME=$TOP/build/$dir.tap \
			make -s -C "$TOP/tests/$dir" "$([ $dir = unit ] && echo run || echo check)" >&2 || rc=1
		grep -E '^(not )?ok' "$TOP/build/$dir.tap" 2>/dev/null
	done
	return $rc
}

kernels_step() {	# each test kernel's release, headers installed
	local k rel rc=0
	for k in "${kernels[@]}"; do
		if rel=$(kernel_release "$k") &&
			[ -e "/lib/modules/$rel/build/Makefile" ]; then
			tap_ok "kernel $k: $rel, headers in /lib/modules/$rel/build"
		else
			tap_fail "kernel $k: tests/qemu/kernel.sh $k"
			rc=1
		fi
	done
	return $rc
}

wanted() {	# wanted STEP: is STEP in $CHECK_STEPS (default: all)?
	[ -z "${CHECK_STEPS:-}" ] || [[ " $CHECK_STEPS " == *" $1 "* ]]
}

wanted unit && step "unit tests (Check)" unit
wanted kernels && step "test kernels and their headers" kernels_step
wanted style && step "style" "$TOP/tests/style.sh"
wanted matrix && step "build matrix" "$TOP/tests/matrix.sh"
wanted dkms && step "dkms" "$TOP/tests/dkms/dkms-test.sh" "${kernels[@]}"
wanted packages && step "packages" "$TOP/tests/packaging/pkg-test.sh" "${kernels[@]}"
# sgx2-edmmctl in a guest, against the module (plan ctl): the tool, and
# kmod's depmod to index the module as an installed system has it.
# Steps guest and fuzz: each test kernel in QEMU with the DKMS-built
# module (a fresh W=1 build when the dkms step did not run).
for k in "${kernels[@]}"; do
	{ wanted guest || wanted fuzz; } || break
	rel=$(kernel_release "$k")
	ko=$TOP/build/$rel/dkms/sgx2_edmm.ko
	with=" (DKMS-built module)"
	if [ ! -f "$ko" ]; then
		ko=""
		with=""
	fi
	if wanted guest; then
		step "guest $k$with" env MODULE="$ko" "$TOP/tests/vm-test.sh" smoke "$k"
		step "guest $k hw refusal$with" env MODULE="$ko" \
			"$TOP/tests/vm-test.sh" hw "$k"
		step "guest $k sgx2-edmmctl$with" ctl_guest "$k" "$ko"
		step "guest $k mainline SGX selftests through the preload library, backend=sim$with" \
			preload_guest "$k" "$ko"
	fi
	wanted fuzz && step "guest $k fuzz, seed 1, 60 s$with" \
		env MODULE="$ko" RUN_ARGS="--append sgx2_fuzz=1,60,20000 --timeout 400" \
		"$TOP/tests/vm-test.sh" fuzz "$k"
done

# The emulated SGX CPU.  emu_build leaves the binary's path in $emu_bin_file
# (step runs its command in a pipeline, so not in a variable).
SGX_EPC=${SGX_EPC:-16M}
# backend=hw: the same EPC in two sections, so that the module's
# multi-section paths run too.
SGX_EPC_HW=${SGX_EPC_HW:-8M,8M}
SGX_TIMEOUT=${SGX_TIMEOUT:-900}
emu_bin_file=$TOP/build/sgx-qemu.path
emu_build() {
	local t0=$SECONDS bin
	rm -f "$emu_bin_file"
	if [ -n "${SGX_QEMU:-}" ]; then	# a binary of one's own, as for run.sh
		if [ -x "$SGX_QEMU" ]; then
			echo "$SGX_QEMU" >"$emu_bin_file"
			tap_ok "emulated SGX CPU: \$SGX_QEMU=$SGX_QEMU"
		else
			tap_fail "emulated SGX CPU: \$SGX_QEMU=$SGX_QEMU is not executable"
			return 1
		fi
		return
	fi
	if [ "$(id -u)" -ne 0 ]; then
		tap_skip "emulated SGX CPU: build (tests/qemu/sgx-cpu/build.sh needs root)"
		return
	fi
	if bin=$("$TOP/tests/qemu/sgx-cpu/build.sh"); then
		echo "$bin" >"$emu_bin_file"
		tap_ok "emulated SGX CPU: ${bin##*/} ($((SECONDS - t0)) s)"
	else
		tap_fail "emulated SGX CPU: tests/qemu/sgx-cpu/build.sh"
		return 1
	fi
}
emu_run() {	# emu_run SERIES PLAN [run.sh options]: one guest on the emulated CPU
	local k=$1 plan=$2
	shift 2
	# --name: logs of their own (.cache/logs/check-sgx-PLAN-REL.*), apart
	# from a by-hand run of the same plan.
	SGX_QEMU=$(cat "$emu_bin_file") "$TOP/tests/qemu/run.sh" --kernel "$k" \
		--sgx-epc "$SGX_EPC" --mem 1G --timeout "$SGX_TIMEOUT" \
		--name "check-sgx-$plan" \
		--plan "$TOP/tests/qemu/sgx-cpu/plans/$plan.sh" "$@"
}
emu_selftests() {	# emu_selftests SERIES: the selftests of linux-source-SERIES
	local k=$1 st
	if ! st=$("$TOP/tests/qemu/sgx-cpu/selftests.sh" "$k"); then
		tap_fail "SGX selftests from linux-source-$k: tests/qemu/sgx-cpu/selftests.sh $k"
		return 1
	fi
	echo "# selftests: ${st##*/}"
	emu_run "$k" selftests --file "$st/test_sgx:/sgx/test_sgx" \
		--file "$st/test_encl.elf:/sgx/test_encl.elf"
}
emu_tests() {	# emu_tests SERIES: tests/guest/emu_test, the emulator's own tests
	local k=$1 o=$TOP/build/guest-emu probe
	if ! make -s -C "$TOP/tests/guest" O="$o" "$o/emu_test" >&2; then
		tap_fail "emulator tests: make -C tests/guest emu_test"
		return 1
	fi
	probe=$o/encls_probe-$k.ko
	if ! "$TOP/tests/build-module.sh" --probe "$(kernel_release "$k")" \
		"$probe" >/dev/null; then
		tap_fail "emulator tests: tests/build-module.sh --probe $k"
		return 1
	fi
	emu_run "$k" emu --file "$o/emu_test:/sgx/emu_test" \
		--file "$o/test_encl.elf:/sgx/test_encl.elf" \
		--file "$o/test_encl.pem:/sgx/test_encl.pem" \
		--file "$probe:/sgx/encls_probe.ko"
}
# The module the backend=hw steps of one kernel load: $emu_ko, built once
# per kernel by emu_module below; empty when that build failed.
emu_ko=
emu_have_module() {	# emu_have_module SERIES: a failure line when there is none
	[ -n "$emu_ko" ] && return 0
	tap_fail "the module for $1: tests/build-module.sh"
	return 1
}
emu_suite_hw() {	# emu_suite_hw SERIES: the guest suite on backend=hw
	local k=$1 rel qlog ipi other rc=0
	emu_have_module "$k" || return 1
	rel=$(kernel_release "$k")
	# The sim's smoke plan runs the same binaries; vm-test.sh puts them in
	# the initramfs.  The emulator traces every AEX with its vector
	# (sgx_aex) into the QEMU log.
	MODULE=$emu_ko SGX_QEMU=$(cat "$emu_bin_file") SGX_TRACE=sgx_aex \
		RUN_ARGS="--sgx-epc $SGX_EPC_HW --mem 1G --smp 2 --timeout $SGX_TIMEOUT" \
		"$TOP/tests/vm-test.sh" "$TOP/tests/qemu/sgx-cpu/plans/suite-hw.sh" \
		"$k" || rc=$?
	# Real IPIs (CALL_FUNCTION 0xfc, CALL_FUNCTION_SINGLE 0xfb: the
	# module's tracking rounds and TLB shootdowns) interrupting enclave
	# threads: each is an AEX on this CPU.
	qlog=$TOP/.cache/logs/suite-hw-$rel.qemu.log
	ipi=$(grep -cE 'sgx_aex vector (251|252) ' "$qlog" || true)
	other=$(grep -c 'sgx_aex vector' "$qlog" || true)
	if [ "$ipi" -gt 0 ]; then
		tap_ok "hw: real IPIs caused real AEXs: $ipi AEXs on IPI vectors 0xfb/0xfc, $other AEXs in all"
	else
		tap_fail "hw: real IPIs caused real AEXs: none on IPI vectors 0xfb/0xfc ($other AEXs in all; $qlog)"
	fi
	return $rc
}
# The module on the emulated CPU, backend=hw.  emu_module SERIES builds it
# (W=1) into a file of its own, whose path it prints: other runs may
# rebuild build/REL meanwhile.  Built once per kernel, for the three
# backend=hw steps ($emu_ko).
emu_module() {
	local rel ko
	rel=$(kernel_release "$1") || return 1
	ko=$(mktemp "$TOP/build/sgx2_edmm.XXXXXX.ko") || return 1
	if ! "$TOP/tests/build-module.sh" "$rel" "$ko" >/dev/null; then
		rm -f "$ko"
		return 1
	fi
	echo "$ko"
}
emu_module_selftests() {	# emu_module_selftests SERIES: the selftests against /dev/sgx2_edmm
	local k=$1 st
	if ! st=$("$TOP/tests/qemu/sgx-cpu/selftests.sh" "$k"); then
		tap_fail "SGX selftests from linux-source-$k: tests/qemu/sgx-cpu/selftests.sh $k"
		return 1
	fi
	emu_have_module "$k" || return 1
	echo "# selftests: ${st##*/}"
	emu_run "$k" module-selftests --file "$emu_ko:/lib/sgx2_edmm.ko" \
		--file "$st/test_sgx:/sgx/test_sgx" \
		--file "$st/test_encl.elf:/sgx/test_encl.elf"
}
emu_coexist() {	# emu_coexist SERIES: tests/guest/coexist_test, both drivers on one EPC
	local k=$1 o=$TOP/build/guest-emu
	if ! make -s -C "$TOP/tests/guest" O="$o" "$o/coexist_test" >&2; then
		tap_fail "coexistence tests: make -C tests/guest coexist_test"
		return 1
	fi
	emu_have_module "$k" || return 1
	emu_run "$k" coexist --file "$emu_ko:/lib/sgx2_edmm.ko" \
		--file "$o/coexist_test:/sgx/coexist_test" \
		--file "$o/test_encl.elf:/sgx/test_encl.elf" \
		--file "$o/test_encl.pem:/sgx/test_encl.pem"
}
emu_wanted() { wanted emu || wanted emu-hw || wanted emu-module || wanted emu-coexist; }
emu_wanted && step "emulated SGX CPU: build" emu_build
emu_wanted && for k in "${kernels[@]}"; do
	if [ ! -s "$emu_bin_file" ]; then
		tap_skip "emulated SGX CPU on $k (no emulator binary)" | tee -a "$tap"
		continue
	fi
	if wanted emu; then
		step "emulated SGX CPU $k ($SGX_EPC EPC): boot" emu_run "$k" boot
		step "emulated SGX CPU $k ($SGX_EPC EPC): SGX selftests" emu_selftests "$k"
		step "emulated SGX CPU $k ($SGX_EPC EPC): emulator tests" emu_tests "$k"
	fi
	emu_ko=
	if wanted emu-hw || wanted emu-module || wanted emu-coexist; then
		emu_ko=$(emu_module "$k") || emu_ko=
	fi
	wanted emu-hw &&
		step "emulated SGX CPU $k ($SGX_EPC_HW EPC): guest suite on backend=hw" \
			emu_suite_hw "$k"
	wanted emu-module && step "emulated SGX CPU $k ($SGX_EPC EPC): SGX selftests against the module (backend=hw)" \
		emu_module_selftests "$k"
	wanted emu-coexist && step "emulated SGX CPU $k ($SGX_EPC EPC): in-kernel driver and module (backend=hw) on one EPC" \
		emu_coexist "$k"
	[ -z "$emu_ko" ] || rm -f "$emu_ko"
done
# Skips and TODOs are counted apart: "ok - ... # SKIP" is not a pass and
# "not ok - ... # TODO" (an expected failure) is not a failure.
skipped=$(grep -ciE '^ok.*#[[:space:]]*skip' "$tap")
passed=$(($(grep -cE '^ok' "$tap") - skipped))
todo=$(grep -ciE '^not ok.*#[[:space:]]*todo' "$tap")
failed=$(($(grep -cE '^not ok' "$tap") - todo))
# A CI log is often read from its tail: repeat each failure there, under
# its step, with the diagnostic lines just before it (up to 4, the notes
# of tests that explain first) and after it (up to 12).
if [ "$failed" -gt 0 ]; then
	echo "# === the $failed failures again, each with its step and diagnostics"
	awk '/^# --- /		{ step = $0; shown = 0; nb = 0; next }
	     /^not ok/ && !/#[[:space:]]*[Tt][Oo][Dd][Oo]/ {
			if (!shown) print step; shown = 1
			for (i = (nb > 4 ? nb - 4 : 0); i < nb; i++)
				print before[i % 4]
			print; tail = 12; nb = 0; next }
	     /^#/ && tail > 0	{ print; tail--; next }
	     /^#/		{ before[nb++ % 4] = $0; next }
				{ tail = 0; nb = 0 }' "$tap"
fi
echo "$passed passed, $failed failed, $skipped skipped, $todo expected failures (TODO)"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
