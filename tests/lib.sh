# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the host-side test scripts (sourced, not run).
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=$(cat "$TOP/VERSION")
export TOP VERSION

# TAP lines; the aggregate counts them (tests/check.sh).
tap_ok()   { echo "ok - $*"; }
tap_fail() { echo "not ok - $*"; }
tap_diag() { sed 's/^/# /'; }

# Skips.  A step that CI requires but could not run on this machine calls
# tap_skip: outside CI it is a skip, but with CI=true it is a failure, so
# that a run on a machine missing something (headers, a tool) cannot pass
# while leaving a required step out.  Its status is non-zero when it
# printed a failure:
#	tap_skip "style: kernel-doc (no kernel headers installed)" || fail=1
# tap_skip_optional is for what a correct CI machine may legitimately have
# or lack (a headers tree of a kernel built without CONFIG_X86_SGX): always
# a skip.  Which skips are which: tests/qemu/README.md.
ci_mode() { [ "${CI:-}" = true ]; }
tap_skip() {
	if ci_mode; then
		echo "not ok - $* (skipped, but required when CI=true)"
		return 1
	fi
	echo "ok - $* # SKIP"
}
tap_skip_optional() { echo "ok - $* # SKIP"; }

# run_as_root CMD...: apt-get and dkms need root; use sudo when not root.
run_as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# apt_install_missing [--update] PKG...: apt-get install those of the
# packages that are not installed (nothing, and no network, when all are);
# --update runs apt-get update first.  Progress goes to stderr.
apt_install_missing() {
	local update=0 p missing=()

	if [ "${1:-}" = --update ]; then
		update=1
		shift
	fi
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed$' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -gt 0 ] || return 0
	echo "${0##*/}: installing ${missing[*]}" >&2
	if [ "$update" -eq 1 ]; then
		DEBIAN_FRONTEND=noninteractive run_as_root apt-get update -q >&2 || return
	fi
	DEBIAN_FRONTEND=noninteractive run_as_root apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >&2
}

# kernel_release SERIES-OR-RELEASE: the release string, headers installed.
kernel_release() {
	"$TOP/tests/qemu/kernel.sh" "$1"
}
