#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# build-module.sh RELEASE [OUT]: build sgx2_edmm.ko with W=1 against the
# headers of RELEASE, out of tree in build/RELEASE/, failing on any
# compiler warning.  Prints the path of the module; with OUT, the module is
# copied there before the build directory is released to other builds.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

rel=$1
dest=${2:-}
kdir=/lib/modules/$rel/build
out=$TOP/build/$rel
[ -d "$kdir" ] || { echo "build-module: no headers at $kdir" >&2; exit 1; }

# One build per release at a time (parallel test runs share build/).
mkdir -p "$TOP/build"
exec 8>"$TOP/build/.$rel.lock"
flock 8

rm -rf "$out"
mkdir -p "$out"
cp -r "$TOP/src" "$TOP/include" "$TOP/VERSION" "$out/"
rm -f "$out"/src/*.o "$out"/src/*.ko "$out"/src/.*.cmd

if ! make -C "$kdir" M="$out/src" W=1 modules >"$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	echo "build-module: build failed for $rel" >&2
	exit 1
fi
if grep -E 'warning:|error:' "$out/build.log" >&2; then
	echo "build-module: W=1 warnings for $rel (see $out/build.log)" >&2
	exit 1
fi
if [ -n "$dest" ]; then
	cp "$out/src/sgx2_edmm.ko" "$dest"
	echo "$dest"
else
	echo "$out/src/sgx2_edmm.ko"
fi
