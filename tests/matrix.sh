#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# matrix.sh: build the module with W=1 against every installed kernel
# headers tree, and against the trees in $SGX2_MATRIX_TREES.  An installed
# tree without CONFIG_X86_SGX (e.g. 5.10) is reported as skipped, not
# failed; having built against no tree at all is a required skip (a failure
# when CI=true, see tests/lib.sh), and so is a tree named in
# $SGX2_MATRIX_TREES without CONFIG_X86_SGX.
# Prints TAP lines; exits non-zero on any failure.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

mkdir -p "$TOP/build"
fail=0
built=0
for kb in /lib/modules/*/build; do
	[ -e "$kb/Makefile" ] || continue
	rel=$(basename "$(dirname "$kb")")
	if ! grep -qE '^CONFIG_X86_SGX=y' "$kb/.config" 2>/dev/null; then
		tap_skip_optional "matrix: $rel has no CONFIG_X86_SGX"
		continue
	fi
	built=$((built + 1))
	if "$TOP/tests/build-module.sh" "$rel" >/dev/null 2>"$TOP/build/matrix-$rel.err"; then
		tap_ok "matrix: W=1 build, no warnings, $rel"
	else
		tap_fail "matrix: W=1 build, no warnings, $rel"
		tap_diag <"$TOP/build/matrix-$rel.err"
		fail=1
	fi
done

# Prepared kernel trees outside /lib/modules, e.g. a pre-6.0 source tree
# with in-tree SGX1 only after `make modules_prepare` (kept outside the
# repository): SGX2_MATRIX_TREES="/path/to/linux-5.15 ...".  Built the way
# build-module.sh builds; without a Module.symvers, modpost cannot check
# symbols (its WARNINGs are not compiler warnings and are not counted).
for kb in ${SGX2_MATRIX_TREES:-}; do
	if ! grep -qE '^CONFIG_X86_SGX=y' "$kb/.config" 2>/dev/null; then
		tap_skip "matrix: $kb has no CONFIG_X86_SGX" || fail=1
		continue
	fi
	rel=$(make -s -C "$kb" kernelrelease 2>/dev/null) || rel=unknown
	out=$TOP/build/tree-$rel-$(basename "$kb")
	rm -rf "$out"
	mkdir -p "$out"
	cp -r "$TOP/src" "$TOP/include" "$TOP/VERSION" "$out/"
	find "$out/src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete
	built=$((built + 1))
	if make -C "$kb" M="$out/src" W=1 modules >"$out/build.log" 2>&1 &&
		! grep -qE 'warning:|error:' "$out/build.log"; then
		tap_ok "matrix: W=1 build, no warnings, $rel ($kb)"
	else
		tap_fail "matrix: W=1 build, no warnings, $rel ($kb)"
		grep -E 'warning:|error:' "$out/build.log" | tap_diag
		fail=1
	fi
done

((built)) || tap_skip "matrix: no kernel headers tree with CONFIG_X86_SGX installed" ||
	fail=1
exit $fail
