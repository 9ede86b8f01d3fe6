#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# build-module.sh RELEASE [OUT]: build sgx2_edmm.ko with W=1 against the
# headers of RELEASE, out of tree in build/RELEASE/, failing on any
# compiler warning.  Prints the path of the module; with OUT, the module is
# copied there before the build directory is released to other builds.
# With KERNEL_TREE=DIR the module is built against that built kernel tree
# (whose release must be RELEASE) instead of /lib/modules/RELEASE/build.
# With SGX2_BENCH=1 it is a bench build (src/Kbuild: bench_track).
# With SGX2_GCOV=1 it is a coverage build, in build/RELEASE-gcov/ (kept
# there with its .gcno files until the next coverage build; src/Kbuild).
# build-module.sh --probe RELEASE [OUT] builds encls_probe.ko instead, the
# emulated CPU's ring-0 test probe (tests/qemu/sgx-cpu/probe/), the same way.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

probe=
if [ "${1:-}" = --probe ]; then
	probe=1
	shift
fi
rel=$1
dest=${2:-}
kdir=/lib/modules/$rel/build
if [ -n "${KERNEL_TREE:-}" ]; then
	kdir=$KERNEL_TREE
	tree_rel=$(cat "$kdir/include/config/kernel.release" 2>/dev/null) || tree_rel=
	[ "$tree_rel" = "$rel" ] || {
		echo "build-module: KERNEL_TREE=$kdir is release '$tree_rel', not '$rel'" >&2
		exit 1
	}
fi
out=$TOP/build/$rel${probe:+-probe}${SGX2_GCOV:+-gcov}
[ -d "$kdir" ] || { echo "build-module: no headers at $kdir" >&2; exit 1; }

# One build per release at a time (parallel test runs share build/).
mkdir -p "$TOP/build"
exec 8>"$TOP/build/.$rel${SGX2_GCOV:+-gcov}.lock"
flock 8

rm -rf "$out"
mkdir -p "$out"
if [ -n "$probe" ]; then
	# The probe's folder is the kbuild folder; src/ and include/ beside
	# its files, as its Kbuild expects.
	cp -r "$TOP/tests/qemu/sgx-cpu/probe" "$out/"
	cp -r "$TOP/src" "$TOP/include" "$out/probe/"
	mdir=$out/probe ko=encls_probe.ko
else
	cp -r "$TOP/src" "$TOP/include" "$TOP/VERSION" "$out/"
	mdir=$out/src ko=sgx2_edmm.ko
fi
find "$mdir" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete

if ! make -C "$kdir" M="$mdir" W=1 ${SGX2_BENCH:+SGX2_BENCH=1} \
	${SGX2_GCOV:+SGX2_GCOV=1} modules \
	>"$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	echo "build-module: build failed for $rel" >&2
	exit 1
fi
if grep -E 'warning:|error:' "$out/build.log" >&2; then
	echo "build-module: W=1 warnings for $rel (see $out/build.log)" >&2
	exit 1
fi
if [ -n "$dest" ]; then
	cp "$mdir/$ko" "$dest"
	echo "$dest"
else
	echo "$mdir/$ko"
fi
