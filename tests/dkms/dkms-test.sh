#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# dkms-test.sh SERIES...: prove the DKMS path on each test kernel.
#
# Stages the source as /usr/src/sgx2-edmm-VERSION, then dkms add, and for
# each kernel dkms build and install, checks the installed module and its
# version, and keeps a copy in build/RELEASE/dkms/sgx2_edmm.ko (the guest
# tests load that very file).  Finally dkms remove --all, and checks that
# nothing is left behind.  Prints TAP lines; exits non-zero on failure.
# Needs root.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

name=sgx2-edmm
src=/usr/src/$name-$VERSION
fail=0
check() {	# check DESCRIPTION CMD...: one TAP line for CMD's success
	local desc=$1 log
	shift
	log=$(mktemp)
	if "$@" >"$log" 2>&1; then
		tap_ok "dkms: $desc"
	else
		tap_fail "dkms: $desc"
		tap_diag <"$log"
		fail=1
	fi
	rm -f "$log"
}

rels=()
for k in "$@"; do
	rels+=("$(kernel_release "$k")")
done

if dkms status -m "$name" -v "$VERSION" 2>/dev/null | grep -q .; then
	tap_skip "dkms: $name/$VERSION is already registered on this machine; not touching it" ||
		exit 1
	exit 0
fi

run_as_root rm -rf "$src"
run_as_root mkdir -p "$src"
run_as_root cp -r "$TOP/dkms.conf" "$TOP/VERSION" "$TOP/LICENSE" \
	"$TOP/src" "$TOP/include" "$src/"
run_as_root find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete

check "add $name/$VERSION (version read from VERSION)" \
	run_as_root dkms add -m "$name" -v "$VERSION"

for rel in "${rels[@]}"; do
	check "build -k $rel" run_as_root dkms build -m "$name" -v "$VERSION" -k "$rel"
	check "install -k $rel" run_as_root dkms install -m "$name" -v "$VERSION" -k "$rel"

	ko=$(find "/lib/modules/$rel/updates/dkms" -name 'sgx2_edmm.ko*' 2>/dev/null | head -n 1)
	check "module installed under /lib/modules/$rel/updates/dkms" test -n "$ko"
	[ -n "$ko" ] || continue
	check "modinfo version is $VERSION on $rel" \
		bash -c "[ \"\$(modinfo -F version '$ko')\" = '$VERSION' ]"

	out=$TOP/build/$rel/dkms
	mkdir -p "$out"
	case $ko in
	*.xz)  xz -dc "$ko" >"$out/sgx2_edmm.ko" ;;
	*.zst) zstd -qdc "$ko" >"$out/sgx2_edmm.ko" ;;
	*.gz)  gzip -dc "$ko" >"$out/sgx2_edmm.ko" ;;
	*)     cp "$ko" "$out/sgx2_edmm.ko" ;;
	esac
done

check "remove --all" run_as_root dkms remove -m "$name" -v "$VERSION" --all
run_as_root rm -rf "$src"

# shellcheck disable=SC2317 # called through check()
leftover() {
	local rel
	[ ! -e "/var/lib/dkms/$name" ] || { echo "/var/lib/dkms/$name exists"; return 1; }
	for rel in "${rels[@]}"; do
		if find "/lib/modules/$rel" -name 'sgx2_edmm.ko*' | grep .; then
			return 1
		fi
		if modinfo -k "$rel" sgx2_edmm >/dev/null 2>&1; then
			echo "modinfo -k $rel still finds sgx2_edmm"
			return 1
		fi
	done
}
check "remove leaves nothing behind (dkms tree, module files, depmod)" leftover

exit $fail
