#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh [--force]
#
# Build qemu-system-x86_64 with an emulated SGX1+SGX2 CPU for TCG guests:
# Debian's qemu source package (fetched by name with apt-get source, version
# discovered from the .dsc apt would fetch), the project's SGX2 model copied
# from src/ at build time, and the patch series in patches/ applied in order.
#
# The binary is cached in <top>/.cache/qemu-sgx/bin/ under a key made of the
# source version and a hash of the configure arguments, the series and the
# model files, so a second run with nothing changed only prints the path.
# A rebuild compiles through ccache (.cache/qemu-sgx/ccache), so files a
# change of the series does not touch come from the cache.
#
# stdout: the path of the binary only.  Everything else goes to stderr.
# --force: rebuild even on a cache hit.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../../.." && pwd)
# shellcheck source=../../lib.sh
. "$top/tests/lib.sh"
work="$top/.cache/qemu-sgx"

SRC_PACKAGE=qemu
SOURCES_FILE=/etc/apt/sources.list.d/sgx2-edmm-qemu-src.sources
BUILD_DEPS=(meson ninja-build gcc make pkg-config python3 ccache
	libglib2.0-dev libpixman-1-dev libfdt-dev dpkg-dev patch)
CONFIGURE_ARGS=(--target-list=x86_64-softmmu --disable-docs --disable-tools
	--without-default-features --enable-tcg --enable-fdt=system)
JOBS=2

# The project's pure SGX2 model, copied verbatim into the QEMU tree (under
# target/i386/tcg/sgx-model/, keeping the src/ and include/ layout that
# pure.h's relative include expects).  Never forked: edit them in
# src/model/.
MODEL_FILES=(src/pure.h src/model/sim_model.h src/model/sim_priv.h
	src/model/sim_model.c src/model/sim_encls.c src/model/sim_enclu.c
	include/uapi/linux/sgx2_edmm.h)
MODEL_DEST=target/i386/tcg/sgx-model

log() { printf 'build.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

force=0
case "${1:-}" in
"") ;;
--force) force=1 ;;
*)
	echo "usage: ${0##*/} [--force]" >&2
	exit 2
	;;
esac

[ "$(id -u)" -eq 0 ] || die "run as root (apt-get)"

# --- the source package: make sure apt knows deb-src, discover the version

write_sources() {
	cat >"$SOURCES_FILE" <<'EOF'
# Added by sgx2-edmm tests/qemu/sgx-cpu/build.sh so that "apt-get source
# qemu" works.  Harmless to keep; delete it to drop the deb-src indexes.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

# Print the .dsc file name apt-get source would fetch (empty if none: apt
# answers 100, "You must put some 'deb-src' URIs", until the deb-src
# indexes have been fetched, which is no error here).
candidate_dsc() {
	{ apt-get source --print-uris "$SRC_PACKAGE" 2>/dev/null || true; } |
		awk '$2 ~ /\.dsc$/ { print $2; exit }'
}

if [ ! -f "$SOURCES_FILE" ]; then
	log "adding deb-src entries ($SOURCES_FILE)"
	write_sources
fi
dsc=$(candidate_dsc)
if [ -z "$dsc" ]; then
	log "apt-get update (deb-src indexes)"
	apt-get update -q >&2 || die "apt-get update failed"
	dsc=$(candidate_dsc)
fi
[ -n "$dsc" ] || die "apt-get source knows no '$SRC_PACKAGE' package"
# qemu_1:7.2+dfsg-7+deb12u18 is spelt qemu_7.2+dfsg-7+deb12u18.dsc (no epoch).
[[ "$dsc" =~ ^${SRC_PACKAGE}_(.+)\.dsc$ ]] || die "unexpected .dsc name '$dsc'"
version=${BASH_REMATCH[1]}
log "source package: $SRC_PACKAGE $version"

# --- the cache key

mapfile -t patches < <(find "$here/patches" -maxdepth 1 -name '[0-9]*.patch' | LC_ALL=C sort)
key_input() {
	local f

	echo "version $version"
	echo "configure ${CONFIGURE_ARGS[*]}"
	for f in "${patches[@]}"; do
		echo "patch ${f##*/} $(sha256sum "$f" | cut -d' ' -f1)"
	done
	for f in "${MODEL_FILES[@]}"; do
		echo "model $f $(sha256sum "$top/$f" | cut -d' ' -f1)"
	done
}
hash=$(key_input | sha256sum | cut -c1-16)
key="$version-$hash"
bin="$work/bin/qemu-system-x86_64-$key"

if [ -x "$bin" ] && [ "$force" -eq 0 ]; then
	log "cache hit: $key"
	echo "$bin"
	exit 0
fi
log "cache miss: building $key (${#patches[@]} patches)"

# --- build dependencies, by package name

apt_install_missing "${BUILD_DEPS[@]}" || die "apt-get install failed"

# --- fetch and unpack the exact version discovered above

mkdir -p "$work/dl" "$work/bin"
if [ ! -f "$work/dl/$dsc" ]; then
	log "apt-get source --download-only $SRC_PACKAGE"
	(cd "$work/dl" && apt-get source -q --download-only "$SRC_PACKAGE") >&2 ||
		die "apt-get source failed"
fi
[ -f "$work/dl/$dsc" ] || die "apt-get source did not fetch $dsc"

# One fixed tree path, so that ccache hits for every file a change of the
# series does not touch.
tree="$work/tree"
rm -rf "$tree"
dpkg-source -q -x "$work/dl/$dsc" "$tree" >&2 || die "dpkg-source -x failed"
chlog_version=$(cd "$tree" && dpkg-parsechangelog -S Version)
[ "${chlog_version#*:}" = "$version" ] ||
	die "unpacked $chlog_version, expected $version"

log "copying the model into $MODEL_DEST"
for f in "${MODEL_FILES[@]}"; do
	install -D -m 0644 "$top/$f" "$tree/$MODEL_DEST/$f"
done

for p in "${patches[@]}"; do
	log "applying ${p##*/}"
	if ! patch -d "$tree" -p1 --batch --forward --fuzz=0 \
		--no-backup-if-mismatch -r - <"$p" >&2; then
		die "patch ${p##*/} does not apply to $SRC_PACKAGE $version"
	fi
done

# --- configure and build the one target

# QEMU's configure hands meson an explicit compiler, so meson does not add
# ccache by itself: give configure a wrapper.
export CCACHE_DIR="$work/ccache" CCACHE_BASEDIR="$tree"
cc_wrapper="$work/ccache-cc"
printf '#!/bin/sh\nexec ccache cc "$@"\n' >"$cc_wrapper"
chmod +x "$cc_wrapper"
mkdir -p "$tree/build"
log "configure"
start=$SECONDS
(cd "$tree/build" && ../configure --cc="$cc_wrapper" "${CONFIGURE_ARGS[@]}") \
	>"$work/configure.log" 2>&1 ||
	{ tail -n 30 "$work/configure.log" >&2; die "configure failed (log: $work/configure.log)"; }
log "ninja -j$JOBS qemu-system-x86_64 (log: $work/ninja.log)"
ninja -C "$tree/build" -j"$JOBS" qemu-system-x86_64 >"$work/ninja.log" 2>&1 ||
	{ tail -n 40 "$work/ninja.log" >&2; die "build failed (log: $work/ninja.log)"; }
log "built in $((SECONDS - start))s"

install -m 0755 "$tree/build/qemu-system-x86_64" "$bin.tmp"
mv -f "$bin.tmp" "$bin"
echo "$bin"
