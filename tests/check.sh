#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check.sh SERIES...: everything `make check` runs, in order of cost:
#   unit tests (Check); the test kernels resolved by tests/qemu/kernel.sh,
#   which installs their headers (kernel-doc and the build matrix need
#   them, so this comes first); style, W=1 build matrix, the DKMS path on
#   each test kernel, then each test kernel booted in QEMU running the
#   guest tests with the DKMS-built module.
# Every step prints TAP lines; the aggregate is in build/check.tap and the
# last line is "N passed, N failed, N skipped".  Exits non-zero on any
# failure.  With CI=true a skipped required step is a failure (tests/lib.sh).
# $CHECK_STEPS restricts the run to some of the steps unit, kernels, style,
# matrix, dkms and guest (default: all of them), e.g.
#   CHECK_STEPS="kernels style matrix" tests/check.sh 6.1 6.12
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
	out=$(mktemp)
	echo "# --- $name" | tee -a "$tap"
	"$@" | tee "$out"
	rc=${PIPESTATUS[0]}
	cat "$out" >>"$tap"
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
wanted guest && for k in "${kernels[@]}"; do
	rel=$(kernel_release "$k")
	ko=$TOP/build/$rel/dkms/sgx2_edmm.ko
	if [ -f "$ko" ]; then
		step "guest $k (DKMS-built module)" env MODULE="$ko" \
			"$TOP/tests/vm-test.sh" smoke "$k"
		step "guest $k hw refusal (DKMS-built module)" env MODULE="$ko" \
			"$TOP/tests/vm-test.sh" hw "$k"
	else
		step "guest $k" "$TOP/tests/vm-test.sh" smoke "$k"
		step "guest $k hw refusal" "$TOP/tests/vm-test.sh" hw "$k"
	fi
done

# Skips are counted apart: "ok - ... # SKIP" is not a pass.
skipped=$(grep -ciE '^ok.*#[[:space:]]*skip' "$tap")
passed=$(($(grep -cE '^ok' "$tap") - skipped))
failed=$(grep -cE '^not ok' "$tap")
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
