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

# Guest runs that need more than vm-test.sh gives (check.sh's guest step,
# tests/coverage.sh).  ctl_guest SERIES [MODULE]: sgx2-edmmctl in a guest.
ctl_guest() {	# ctl_guest SERIES [MODULE]
	local o=$TOP/build/tools kmod
	mkdir -p "$o"
	if ! make -s -C "$TOP/tools/sgx2-edmmctl" O="$o" CFLAGS="-O2 -g -Werror" >&2; then
		tap_fail "sgx2-edmmctl: make -C tools/sgx2-edmmctl"
		return 1
	fi
	kmod=$(command -v kmod) || { tap_fail "sgx2-edmmctl: kmod not installed"; return 1; }
	MODULE=${2:-} RUN_ARGS="--file $o/sgx2-edmmctl:/sbin/sgx2-edmmctl --file $kmod:/opt/kmod/depmod" \
		"$TOP/tests/vm-test.sh" ctl "$1"
}
preload_guest() {	# preload_guest SERIES [MODULE]: test_sgx under the preload, sim
	local o=$TOP/build/preload st sites
	mkdir -p "$o"
	if ! make -s -C "$TOP/tools/preload" O="$o" CFLAGS="-O2 -g -Werror" >&2; then
		tap_fail "preload: make -C tools/preload"
		return 1
	fi
	if ! st=$("$TOP/tests/qemu/sgx-cpu/selftests.sh" "$1"); then
		tap_fail "SGX selftests from linux-source-$1: tests/qemu/sgx-cpu/selftests.sh $1"
		return 1
	fi
	# The CPUID instructions in test_sgx, by objdump: the library must
	# patch exactly these.
	sites=$o/cpuid-sites-$1
	objdump -d "$st/test_sgx" | grep -cwE 'cpuid' >"$sites"
	echo "# selftests: ${st##*/}; objdump finds $(cat "$sites") CPUID instructions in test_sgx"
	MODULE=${2:-} RUN_ARGS="--file $o/libsgx2-edmm-preload.so:/lib/libsgx2-edmm-preload.so
		--file $st/test_sgx:/sgx/test_sgx --file $st/test_encl.elf:/sgx/test_encl.elf
		--file $sites:/sgx/cpuid-sites" "$TOP/tests/vm-test.sh" preload "$1"
}
