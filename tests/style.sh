#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# style.sh: checkpatch.pl (from Debian's linux-source-6.1 tarball) and
# kernel-doc -Wall over every kernel source file (the module's, all of
# src/; the UAPI header; the emulated CPU's ring-0 probe), the include rules
# of src/Kbuild, and shellcheck over the scripts.  Prints TAP lines.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

cache=$TOP/.cache/checkpatch
fail=0

# checkpatch.pl and its data files, extracted once from the source tarball.
if [ ! -x "$cache/scripts/checkpatch.pl" ]; then
	tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)
	if [ -z "$tarball" ]; then
		DEBIAN_FRONTEND=noninteractive run_as_root apt-get install -y -q \
			--no-install-recommends linux-source-6.1 >&2
		tarball=/usr/src/linux-source-6.1.tar.xz
	fi
	mkdir -p "$cache"
	tar -xJf "$tarball" -C "$cache" --strip-components=1 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
fi

# Every C file and header under src/, in every folder.
mapfile -t kernel_files < <(find "$TOP/src" -name '*.[ch]' | sort)
kernel_files+=("$TOP/include/uapi/linux/sgx2_edmm.h")
# the emulated CPU's ring-0 probe, a kernel module too
kernel_files+=("$TOP"/tests/qemu/sgx-cpu/probe/*.[ch])

log=$(mktemp)
if "$cache/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,LINUX_VERSION_CODE \
	-f "${kernel_files[@]}" >"$log" 2>&1; then
	tap_ok "style: checkpatch.pl --strict clean (${#kernel_files[@]} files)"
else
	tap_fail "style: checkpatch.pl --strict"
	grep -v '^total:' "$log" | tap_diag
	fail=1
fi

# Any installed kernel-doc; one that knows -Wall (6.9+) when there is one.
kdoc=
kdoc_flags=(-none)
for k in /lib/modules/*/build/scripts/kernel-doc; do
	[ -e "$k" ] || continue
	[ -n "$kdoc" ] || kdoc=$k
	if grep -q -- '-Wall' "$k"; then
		kdoc=$k
		kdoc_flags=(-none -Wall)
	fi
done
if [ -z "$kdoc" ]; then
	tap_skip "style: kernel-doc (no kernel headers installed)" || fail=1
elif perl "$kdoc" "${kdoc_flags[@]}" "${kernel_files[@]}" >"$log" 2>&1 &&
	! grep -q . "$log"; then
	tap_ok "style: kernel-doc ${kdoc_flags[*]} clean"
else
	tap_fail "style: kernel-doc"
	tap_diag <"$log"
	fail=1
fi

# The include rules at the top of src/Kbuild: a folder reaches another only
# by a relative include, and only down the line model <- sim -> core <- hw.
includes_outside() {	# includes_outside FOLDER ALLOWED: other folders' headers it may not include
	grep -Hn '^#include "\.\./' "$TOP/src/$1"/*.[ch] |
		grep -vE "#include \"\.\./(pure\.h|($2)/[a-z0-9_]+\.h)\"\$" || true
}
bad=$(includes_outside core '' && includes_outside model '' &&
	includes_outside sim 'core|model' && includes_outside hw core)
if [ -z "$bad" ]; then
	tap_ok "style: src/ include rules (model, core: none; sim: core, model; hw: core)"
else
	tap_fail "style: src/ include rules (see src/Kbuild)"
	tap_diag <<<"$bad"
	fail=1
fi

mapfile -t scripts < <(cd "$TOP" && git ls-files '*.sh' .ci/run | sed "s|^|$TOP/|")
if ((${#scripts[@]})) && shellcheck -x --source-path=SCRIPTDIR "${scripts[@]}" >"$log" 2>&1; then
	tap_ok "style: shellcheck clean (${#scripts[@]} scripts)"
else
	tap_fail "style: shellcheck"
	tap_diag <"$log"
	fail=1
fi

rm -f "$log"
exit $fail
