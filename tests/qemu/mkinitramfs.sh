#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh -o OUT.cpio.gz --plan PLAN.sh [--file SRC[:DEST]]...
#
# Build the gzip'd newc initramfs of a test guest:
#   /init          static PID 1 built from tests/qemu/init.c (cached)
#   /bin/busybox   the host's busybox-static
#   /plan.sh       PLAN.sh, run by init with "busybox sh"
#   /lib.sh        tests/qemu/plans/lib.sh (TAP helpers for plans)
#   DEST           each --file SRC; DEST defaults to /bin/<name> for
#                  executables and /lib/<name> for anything else.
# Dynamically linked executables get their shared libraries copied too.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
cache="$top/.cache"
BUSYBOX=/bin/busybox

log() { printf 'mkinitramfs.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
	echo "usage: ${0##*/} -o OUT.cpio.gz --plan PLAN.sh [--file SRC[:DEST]]..." >&2
	exit 2
}

out=
plan=
files=()
while [ $# -gt 0 ]; do
	case "$1" in
	-o | --output)
		[ $# -ge 2 ] || usage
		out=$2
		shift 2
		;;
	--plan)
		[ $# -ge 2 ] || usage
		plan=$2
		shift 2
		;;
	--file)
		[ $# -ge 2 ] || usage
		files+=("$2")
		shift 2
		;;
	-h | --help)
		usage
		;;
	*)
		log "unknown argument '$1'"
		usage
		;;
	esac
done
if [ -z "$out" ] || [ -z "$plan" ]; then
	usage
fi
[ -f "$plan" ] || die "plan '$plan' not found"

for tool in gcc cpio gzip; do
	command -v "$tool" >/dev/null || die "'$tool' not found"
done
[ -x "$BUSYBOX" ] || die "$BUSYBOX missing (apt-get install busybox-static)"

# True if the ELF file $1 asks for a dynamic loader.
is_dynamic_elf() {
	[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] || return 1
	LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'Requesting program interpreter'
}

if is_dynamic_elf "$BUSYBOX"; then
	die "$BUSYBOX is dynamically linked (apt-get install busybox-static)"
fi

# /init, cached by the content of init.c.
mkdir -p "$cache/init"
sum=$(sha256sum "$here/init.c" | cut -c1-16)
init_bin="$cache/init/init-$sum"
if [ ! -x "$init_bin" ]; then
	log "compiling init.c"
	tmp_bin=$(mktemp "$cache/init/.init.XXXXXX")
	gcc -static -Os -s -Wall -Wextra -o "$tmp_bin" "$here/init.c"
	mv -f "$tmp_bin" "$init_bin"
	find "$cache/init" -maxdepth 1 -name 'init-*' ! -name "init-$sum" -delete
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/sgx2-edmm-initramfs.XXXXXX")
tmp_out=
trap 'rm -rf "$stage" ${tmp_out:+"$tmp_out"}' EXIT

mkdir -p "$stage"/{bin,sbin,dev,proc,sys/kernel/debug,tmp,lib,root,etc}
chmod 1777 "$stage/tmp"
install -m 0755 "$init_bin" "$stage/init"
install -m 0755 "$BUSYBOX" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
install -m 0755 "$plan" "$stage/plan.sh"
install -m 0644 "$here/plans/lib.sh" "$stage/lib.sh"

# Device nodes the kernel wants before init mounts devtmpfs.
if [ "$(id -u)" -eq 0 ]; then
	mknod -m 0600 "$stage/dev/console" c 5 1
	mknod -m 0666 "$stage/dev/null" c 1 3
fi

# Copy the shared libraries (and loader) of a dynamic executable.
add_libs() {
	local lib

	while read -r lib; do
		[ -n "$lib" ] || continue
		[ -e "$stage$lib" ] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done < <(ldd "$1" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p')
}

for spec in "${files[@]}"; do
	src=${spec%%:*}
	if [ "$src" = "$spec" ]; then
		dest=
	else
		dest=${spec#*:}
	fi
	[ -f "$src" ] || die "--file '$src' not found"
	if [ -z "$dest" ]; then
		if [ -x "$src" ]; then
			dest=/bin/${src##*/}
		else
			dest=/lib/${src##*/}
		fi
	fi
	case "$dest" in
	/*) ;;
	*) dest=/$dest ;;
	esac
	mkdir -p "$stage$(dirname "$dest")"
	cp -L "$src" "$stage$dest"
	if [ -x "$src" ]; then
		chmod 0755 "$stage$dest"
	else
		chmod 0644 "$stage$dest"
	fi
	if is_dynamic_elf "$src"; then
		log "$src is dynamically linked; adding its libraries"
		add_libs "$src"
	fi
done

mkdir -p "$(dirname "$out")"
tmp_out=$(mktemp "$(dirname "$out")/.initramfs.XXXXXX")
(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 >"$tmp_out"
chmod 0644 "$tmp_out"
mv -f "$tmp_out" "$out"
