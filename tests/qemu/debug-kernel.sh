#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# debug-kernel.sh [SERIES]: build a debug kernel from Debian's
# linux-source-SERIES package (6.1, the default, or 6.12):
# x86_64_defconfig plus tests/qemu/debug.config (KASAN, UBSAN, KFENCE,
# lockdep, DEBUG_ATOMIC_SLEEP, DEBUG_LIST, DEBUG_OBJECTS, SLUB debug,
# kmemleak, GCOV_KERNEL, failslab and fail_page_alloc, on top of what the
# guests need: SGX, kprobes, BTF, tracing).  The tree is built in
# .cache/debug-kernel/<source version>-<hash of the fragment>/ (bzImage
# and modules, so that out-of-tree modules build against it) and reused
# while the source version and the fragment are unchanged.  Prints the tree's
# path, which is a KERNEL_TREE (tests/qemu/README.md):
#
#   KERNEL_TREE=$(tests/qemu/debug-kernel.sh) tests/vm-test.sh smoke 6.1
#
# The build time is kept in the tree's build-time file.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

series=${1:-6.1}
here=$TOP/tests/qemu
fragment=$here/debug.config
pkg=linux-source-$series
log() { printf 'debug-kernel.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

apt_install_missing "$pkg" gcc make bc bison flex libelf-dev libssl-dev \
	dwarves xz-utils >&2 || die "apt-get install failed"
version=$(dpkg-query -W -f='${Version}' "$pkg")
tarball=$(dpkg -L "$pkg" | grep -m1 -E '/linux-source-[0-9.]+\.tar\.xz$') ||
	die "$pkg has no source tarball"
hash=$(sha256sum <"$fragment" | cut -c1-16)
tree=$TOP/.cache/debug-kernel/$version-$hash
if [ -f "$tree/arch/x86/boot/bzImage" ] && [ -f "$tree/Module.symvers" ]; then
	echo "$tree"
	exit 0
fi

rm -rf "$tree"
mkdir -p "$tree"
log "extracting $tarball"
tar -xJf "$tarball" -C "$tree" --strip-components=1
start=$SECONDS
make -s -C "$tree" x86_64_defconfig >&2
"$tree/scripts/kconfig/merge_config.sh" -m -O "$tree" "$tree/.config" "$fragment" >&2
make -s -C "$tree" olddefconfig >&2
# Every option of the fragment must have survived olddefconfig (a missing
# dependency drops one silently).
absent=$(grep -E '^(CONFIG_[A-Z0-9_]+=.*|# CONFIG_[A-Z0-9_]+ is not set)$' "$fragment" |
	while read -r line; do
		grep -qxF "$line" "$tree/.config" || echo "$line"
	done)
[ -z "$absent" ] || die "the .config lacks: $absent"
log "building bzImage and modules with -j$(nproc) (log: $tree/build.log)"
if ! make -C "$tree" -j"$(nproc)" bzImage modules >"$tree/build.log" 2>&1; then
	tail -30 "$tree/build.log" >&2
	die "the kernel did not build"
fi
echo "$((SECONDS - start)) s on $(nproc) CPUs, $(date -u +%F)" >"$tree/build-time"
log "built in $(cat "$tree/build-time")"
echo "$tree"
