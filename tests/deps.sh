#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install, with apt-get, every package the build, the tests and the demo
# need.  Idempotent: does nothing (and needs no network) when all are there.
# The kernel images and headers are fetched by tests/qemu/kernel.sh.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

PKGS=(
	make gcc libc6-dev pkg-config        # build
	check libssl-dev libkmod-dev openssl # unit tests, enclave signer, tool
	binutils                             # test enclave (static-pie)
	dkms kmod dpkg-dev xz-utils zstd     # DKMS path
	debhelper dh-dkms lintian man-db     # make deb, its test
	rpm rpmlint file                     # make rpm, its test
	qemu-system-x86 busybox-static cpio  # guest tests
	shellcheck                           # style
	gnuplot-nox                          # make bench: the SVGs
)

apt_install_missing --update "${PKGS[@]}"
