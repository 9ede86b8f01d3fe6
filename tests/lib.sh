# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the host-side test scripts (sourced, not run).
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=$(cat "$TOP/VERSION")
export TOP VERSION

# TAP lines; the aggregate counts them (tests/check.sh).
tap_ok()   { echo "ok - $*"; }
tap_fail() { echo "not ok - $*"; }
tap_skip() { echo "ok - $* # SKIP"; }
tap_diag() { sed 's/^/# /'; }

# run_as_root CMD...: apt-get and dkms need root; use sudo when not root.
run_as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# kernel_release SERIES-OR-RELEASE: the release string, headers installed.
kernel_release() {
	"$TOP/tests/qemu/kernel.sh" "$1"
}
