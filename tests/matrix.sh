#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# matrix.sh: build the module with W=1 against every installed kernel
# headers tree.  A tree without CONFIG_X86_SGX (e.g. 5.10) is reported as
# skipped, not failed.  Prints TAP lines; exits non-zero on any failure.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

mkdir -p "$TOP/build"
fail=0
found=0
for kb in /lib/modules/*/build; do
	[ -e "$kb/Makefile" ] || continue
	rel=$(basename "$(dirname "$kb")")
	found=1
	if ! grep -qE '^CONFIG_X86_SGX=y' "$kb/.config" 2>/dev/null; then
		tap_skip "matrix: $rel has no CONFIG_X86_SGX"
		continue
	fi
	if "$TOP/tests/build-module.sh" "$rel" >/dev/null 2>"$TOP/build/matrix-$rel.err"; then
		tap_ok "matrix: W=1 build, no warnings, $rel"
	else
		tap_fail "matrix: W=1 build, no warnings, $rel"
		tap_diag <"$TOP/build/matrix-$rel.err"
		fail=1
	fi
done
((found)) || tap_skip "matrix: no kernel headers installed"
exit $fail
