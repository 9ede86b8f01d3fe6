#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh SERIES | --list
#
# Make a Debian kernel of the given series bootable by QEMU without
# installing it: discover the current release string from the metapackage,
# install the matching headers (needed to build modules against it),
# download the image .deb into <top>/.cache/debs/ and unpack vmlinuz and
# config into <top>/.cache/kernels/<rel>/.
#
# With KERNEL_TREE=DIR (a kernel tree you configured and built yourself,
# with arch/x86/boot/bzImage and include/config/kernel.release), the tree
# is used instead of a Debian kernel and SERIES is ignored: its bzImage and
# .config are copied into <top>/.cache/kernels/<rel>/ and nothing is
# installed; modules are built against DIR itself (tests/build-module.sh).
#
# stdout: the release string only.  Everything else goes to stderr.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
cache="$top/.cache"

SERIES_LIST="6.1 6.12"

log() { printf 'kernel.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
	cat >&2 <<EOF
usage: ${0##*/} SERIES     prepare a kernel; prints its release string
       ${0##*/} RELEASE    the same for an exact release (e.g. 6.1.0-56-amd64)
       ${0##*/} --list     print the supported series
SERIES is one of: $SERIES_LIST
KERNEL_TREE=DIR: use the kernel built in DIR instead (SERIES is ignored)
EOF
	exit 2
}

# tree_kernel DIR: a kernel built in DIR, copied where run.sh boots it.
tree_kernel() {
	local tree=$1 rel kdir tmp

	[ -s "$tree/arch/x86/boot/bzImage" ] ||
		die "KERNEL_TREE=$tree has no arch/x86/boot/bzImage (build it first)"
	if [ ! -s "$tree/include/config/kernel.release" ] || [ ! -s "$tree/.config" ]; then
		die "KERNEL_TREE=$tree is not a configured, built kernel tree"
	fi
	rel=$(cat "$tree/include/config/kernel.release")
	[[ "$rel" =~ ^[A-Za-z0-9._+-]+$ ]] || die "odd kernel release '$rel' in $tree"
	kdir="$cache/kernels/$rel"
	# Copied every time: the tree may have been rebuilt since.
	mkdir -p "$cache/kernels"
	tmp=$(mktemp -d "$cache/kernels/.tree.XXXXXX")
	cp "$tree/arch/x86/boot/bzImage" "$tmp/vmlinuz"
	cp "$tree/.config" "$tmp/config"
	rm -rf "$kdir"
	mv "$tmp" "$kdir"
	log "KERNEL_TREE=$tree: release $rel (series argument ignored)"
	echo "$rel"
}

[ $# -eq 1 ] || usage
case "$1" in
--list)
	echo "$SERIES_LIST"
	exit 0
	;;
-h | --help)
	usage
	;;
esac
if [ -n "${KERNEL_TREE:-}" ]; then
	tree_kernel "$KERNEL_TREE"
	exit 0
fi
case "$1" in
6.1)
	meta_image=linux-image-amd64
	;;
6.12)
	meta_image=linux-image-6.12-amd64
	;;
[0-9]*.[0-9]*-amd64)
	# An exact release string (make vm-test KERNELRELEASE=...).
	meta_image=
	;;
*)
	log "unknown series '$1'"
	usage
	;;
esac
series=$1

# Everything apt prints is a diagnostic: keep stdout for the release string.
apt_get() {
	DEBIAN_FRONTEND=noninteractive apt-get -q \
		-o DPkg::Lock::Timeout=600 "$@" >&2
}

need_root() {
	[ "$(id -u)" -eq 0 ] || die "$* needs root (run as root or do it by hand)"
}

# Candidate version of a package, empty if apt knows no candidate.
candidate() {
	apt-cache policy "$1" 2>/dev/null |
		awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }'
}

# Release string from the metapackage's "Depends: linux-image-<rel>".
release_of() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)$/\1/p' |
		sort -V | tail -n 1
}

security_source_known() {
	grep -rqsE '^[^#]*(bookworm-security|bookworm/updates)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/
}

add_security_source() {
	local f=/etc/apt/sources.list.d/sgx2-edmm-bookworm-security.sources

	need_root "adding $f"
	log "adding apt source $f"
	cat >"$f" <<EOF
Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

# 1. Release string; if apt knows no candidate for the metapackage, fix the
#    sources (6.12 lives in bookworm-security) and update once.
if [ -z "$meta_image" ]; then
	rel=$series
elif ! rel=$(release_of "$meta_image") || [ -z "$rel" ]; then
	rel=
fi
if [ -z "$rel" ]; then
	[ -z "$(candidate "$meta_image")" ] ||
		die "cannot find the release string in 'apt-cache depends $meta_image'"
	need_root "apt-get update"
	if [ "$series" = 6.12 ] && ! security_source_known; then
		add_security_source
	fi
	log "no candidate for $meta_image; running apt-get update"
	apt_get update
	rel=$(release_of "$meta_image")
	[ -n "$rel" ] ||
		die "apt has no candidate for $meta_image even after apt-get update"
fi
log "series $series: release $rel"

# 2. Headers, so that modules can be built against this release.
if [ ! -e "/lib/modules/$rel/build/Makefile" ]; then
	need_root "installing linux-headers-$rel"
	log "installing linux-headers-$rel"
	apt_get install -y --no-install-recommends "linux-headers-$rel"
	[ -e "/lib/modules/$rel/build/Makefile" ] ||
		die "/lib/modules/$rel/build is still missing"
fi

# 3. The image .deb (downloaded, never installed) and its kernel.
kdir="$cache/kernels/$rel"
if [ -s "$kdir/vmlinuz" ] && [ -s "$kdir/config" ]; then
	echo "$rel"
	exit 0
fi

mkdir -p "$cache/debs" "$cache/kernels"

# Serialise concurrent runs that want the same release.
exec 9>"$cache/kernels/.$rel.lock"
flock 9

if [ ! -s "$kdir/vmlinuz" ] || [ ! -s "$kdir/config" ]; then
	pkg="linux-image-$rel"
	ver=$(candidate "$pkg")
	[ -n "$ver" ] || die "apt has no candidate for $pkg"
	# apt-get download's file name: epoch colon escaped as %3a.
	debname="${pkg}_${ver//:/%3a}_amd64.deb"
	deb="$cache/debs/$debname"
	if [ ! -s "$deb" ]; then
		if [ -s "/var/cache/apt/archives/$debname" ]; then
			# apt's own cache already has it (e.g. installed before).
			log "copying /var/cache/apt/archives/$debname"
			cp "/var/cache/apt/archives/$debname" "$deb.part"
			mv "$deb.part" "$deb"
		else
			log "downloading $pkg $ver"
			(cd "$cache/debs" &&
				apt_get -o APT::Sandbox::User=root download "$pkg=$ver")
		fi
		[ -s "$deb" ] || die "download of $pkg $ver did not produce $debname"
	fi

	log "extracting /boot/vmlinuz-$rel and /boot/config-$rel from ${deb##*/}"
	tmp=$(mktemp -d "$cache/kernels/.extract.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	dpkg-deb -x "$deb" "$tmp/root"
	[ -s "$tmp/root/boot/vmlinuz-$rel" ] || die "${deb##*/} has no /boot/vmlinuz-$rel"
	[ -s "$tmp/root/boot/config-$rel" ] || die "${deb##*/} has no /boot/config-$rel"

	mkdir -p "$tmp/out"
	mv "$tmp/root/boot/vmlinuz-$rel" "$tmp/out/vmlinuz"
	mv "$tmp/root/boot/config-$rel" "$tmp/out/config"
	ln -s vmlinuz "$tmp/out/vmlinuz-$rel"
	ln -s config "$tmp/out/config-$rel"
	rm -rf "$kdir"
	mv "$tmp/out" "$kdir"
fi

echo "$rel"
