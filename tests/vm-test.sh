#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# vm-test.sh PLAN KERNEL: boot KERNEL (a series such as 6.1 or 6.12, or a
# release string) in QEMU with the module and the guest test programs, and
# run tests/qemu/plans/PLAN.sh inside.  The module is $MODULE when set (the
# DKMS-built one, from tests/check.sh), else a fresh W=1 build.
# $RUN_ARGS is passed on to tests/qemu/run.sh (e.g. "--mem 1G"), and
# $RUN_EXTRA after it (for callers that set RUN_ARGS themselves, e.g.
# "--gcov-out DIR" from tests/coverage.sh).
# KERNEL_TREE=DIR boots the kernel built in DIR instead, with the module
# built against DIR (KERNEL is then ignored; see tests/qemu/README.md).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

plan=$1
kernel=$2
rel=$(kernel_release "$kernel")
module=${MODULE:-}
if [ -z "$module" ]; then
	# A private copy: other runs may rebuild build/$rel meanwhile.
	mkdir -p "$TOP/build"
	module=$(mktemp "$TOP/build/sgx2_edmm.XXXXXX.ko")
	trap 'rm -f "$module"' EXIT
	"$TOP/tests/build-module.sh" "$rel" "$module" >/dev/null
fi

make -s -C "$TOP/tests/guest" O="$TOP/build/guest" >&2

files=(--file "$module:/lib/sgx2_edmm.ko")
for f in "$TOP"/build/guest/*; do
	case $f in
	*.elf | *.pem) files+=(--file "$f:/lib/$(basename "$f")") ;;
	*) files+=(--file "$f:/bin/$(basename "$f")") ;;
	esac
done

# shellcheck disable=SC2086 # RUN_ARGS and RUN_EXTRA are lists of options
"$TOP/tests/qemu/run.sh" ${RUN_ARGS:-} ${RUN_EXTRA:-} --kernel "$kernel" \
	--name "$(basename "$plan" .sh)" \
	--plan "$(if [ -f "$plan" ]; then echo "$plan"; else echo "$TOP/tests/qemu/plans/$plan.sh"; fi)" "${files[@]}"
