#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# check.sh SERIES...: everything `make check` runs, in order of cost:
#   unit tests (Check), style, W=1 build matrix, the DKMS path on each test
#   kernel, then each test kernel booted in QEMU running the guest tests
#   with the DKMS-built module.
# Every step prints TAP lines; the aggregate is in build/check.tap and the
# last line is "N passed, N failed".  Exits non-zero on any failure.
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

step "unit tests (Check)" unit
step "style" "$TOP/tests/style.sh"
step "build matrix" "$TOP/tests/matrix.sh"
step "dkms" "$TOP/tests/dkms/dkms-test.sh" "${kernels[@]}"
for k in "${kernels[@]}"; do
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

passed=$(grep -cE '^ok' "$tap")
failed=$(grep -cE '^not ok' "$tap")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
