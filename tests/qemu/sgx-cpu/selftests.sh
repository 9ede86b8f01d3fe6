#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests.sh [SERIES]
#
# Build mainline's SGX selftests (tools/testing/selftests/sgx), unmodified,
# from Debian's linux-source-SERIES package (SERIES: 6.1, the default, or
# 6.12; bookworm has linux-source-6.12 in bookworm-security, the same
# version as the linux-image-6.12 test kernel): test_sgx and test_encl.elf,
# with the package's own Makefile.  Cached per package name and version in
# <top>/.cache/qemu-sgx/selftests-<version>/ (the version alone names the
# series: 6.1.192-3, 6.12.117-1~deb12u1).
#
# stdout: the directory holding test_sgx and test_encl.elf.  Everything
# else goes to stderr.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../../.." && pwd)
# shellcheck source=../../lib.sh
. "$top/tests/lib.sh"
work="$top/.cache/qemu-sgx"

series=${1:-6.1}
case "$series" in
[0-9]*.[0-9]*) ;;
*)
	echo "usage: ${0##*/} [SERIES]  (6.1, 6.12)" >&2
	exit 2
	;;
esac
SRC_PACKAGE=linux-source-$series
DEPS=(gcc make libssl-dev xz-utils "$SRC_PACKAGE")
# What the selftests' Makefile and sources reach outside their directory.
PARTS=(tools/include tools/testing/selftests/lib.mk
	tools/testing/selftests/kselftest.h
	tools/testing/selftests/kselftest_harness.h
	tools/testing/selftests/x86 tools/testing/selftests/sgx
	tools/scripts scripts/subarch.include
	arch/x86/include/asm/sgx.h arch/x86/include/asm/enclu.h
	arch/x86/include/uapi/asm/sgx.h)

log() { printf 'selftests.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

apt_install_missing "${DEPS[@]}" ||
	die "apt-get install failed (is there a $SRC_PACKAGE package? apt-cache policy $SRC_PACKAGE)"

version=$(dpkg-query -W -f='${Version}' "$SRC_PACKAGE")
tarball=$(dpkg -L "$SRC_PACKAGE" | grep -m1 -E '/linux-source-[0-9.]+\.tar\.xz$') ||
	die "$SRC_PACKAGE has no source tarball"
out="$work/selftests-$version"
if [ -x "$out/test_sgx" ] && [ -f "$out/test_encl.elf" ]; then
	echo "$out"
	exit 0
fi

src="$work/selftests-src-$version"
rm -rf "$src" "$out"
mkdir -p "$src" "$out"
base=$(basename "$tarball" .tar.xz)
log "extracting the selftests from $tarball"
tar -xJf "$tarball" -C "$src" --strip-components=1 \
	"${PARTS[@]/#/$base/}" >&2 || die "tar failed"
log "building test_sgx and test_encl.elf"
make -C "$src/tools/testing/selftests/sgx" OUTPUT="$out" >&2 ||
	die "the selftests did not build"
if [ ! -x "$out/test_sgx" ] || [ ! -f "$out/test_encl.elf" ]; then
	die "the selftests' build made no test_sgx/test_encl.elf"
fi
echo "$out"
