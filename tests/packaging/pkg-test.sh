#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# pkg-test.sh SERIES...: the packages a user installs.
#
# Builds the Debian packages (packaging/build-deb.sh: lintian must be
# clean) and the RPMs (packaging/build-rpm.sh: rpmlint must be clean).
# Installs the .debs on this machine with apt-get: DKMS must build and
# install the module for each test kernel (SERIES, headers installed by
# tests/qemu/kernel.sh), and skip with a message a kernel outside
# dkms.conf's range (a stand-in /lib/modules/5.10.0-0-sgx2-edmm-test with
# an include/ tree, removed afterwards).  Then purges them: no file of
# theirs, no DKMS tree, no module, no udev rule may remain.  Last, the
# RPMs' contents and scripts (rpm -qlp, rpm -qp --scripts).  Prints TAP
# lines; needs root.
set -uo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

name=sgx2-edmm
fake=/lib/modules/5.10.0-0-sgx2-edmm-test
log=$TOP/build/pkg-test.log
fail=0
mkdir -p "$TOP/build"
: >"$log"

ok() {		# ok COND-STATUS DESC: one TAP line
	if [ "$1" -eq 0 ]; then
		tap_ok "packages: $2"
	else
		tap_fail "packages: $2"
		fail=1
	fi
}
has() {		# has FILE PATTERN: FILE has a line matching PATTERN
	grep -qE -- "$2" "$1"
}

cleanup() {
	rm -rf "$fake"
	if dpkg -s "$name-dkms" >/dev/null 2>&1 || dpkg -s "$name-tools" >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get purge -y "$name-dkms" "$name-tools" >>"$log" 2>&1
	fi
}
trap cleanup EXIT

if [ "$(id -u)" -ne 0 ]; then
	tap_skip "packages: installing packages needs root"
	exit $?
fi
rels=()
for k in "$@"; do
	rels+=("$(kernel_release "$k")") || { tap_fail "packages: kernel $k"; exit 1; }
done

# ---- build ---------------------------------------------------------------
if debs=$("$TOP/packaging/build-deb.sh" 2>>"$log"); then
	tap_ok "packages: make deb: $(echo "$debs" | xargs -n1 basename | tr '\n' ' ')"
	tap_ok "packages: lintian --fail-on error,warning: clean"
	tap_diag <"$TOP/build/deb/lintian.log"
else
	tap_fail "packages: make deb, lintian clean (see $log)"
	tail -20 "$log" | tap_diag
	exit 1
fi
if rpms=$("$TOP/packaging/build-rpm.sh" 2>>"$log"); then
	tap_ok "packages: make rpm: $(echo "$rpms" | xargs -n1 basename | tr '\n' ' ')"
	tap_ok "packages: rpmlint: $(grep -Eo '[0-9]+ errors, [0-9]+ warnings' "$TOP/build/rpm/rpmlint.log")"
else
	tap_fail "packages: make rpm, rpmlint clean (see $log)"
	tail -20 "$log" | tap_diag
	exit 1
fi
dkms_deb=$(echo "$debs" | grep "/$name-dkms_")
tools_deb=$(echo "$debs" | grep "/$name-tools_")
dkms_rpm=$(echo "$rpms" | grep "/$name-dkms-")
tools_rpm=$(echo "$rpms" | grep "/$name-tools-")

# ---- install -------------------------------------------------------------
# Nothing of ours may be installed already (tests/dkms removes its own).
cleanup
if [ -e "/var/lib/dkms/$name" ] || [ -e "/usr/src/$name-$VERSION" ]; then
	tap_fail "packages: a $name DKMS tree or source is already on this machine"
	exit 1
fi
mkdir -p "$fake/build/include"
out=$TOP/build/pkg-install.log
DEBIAN_FRONTEND=noninteractive apt-get install -y "$dkms_deb" "$tools_deb" 2>&1 |
	tr -d '\r' >"$out"
ok "${PIPESTATUS[0]}" "apt-get install of both .debs"
sed -n '/Building for/,/dkms status/p' "$out" | tap_diag
for rel in "${rels[@]}"; do
	st=$(dkms status -m "$name" -v "$VERSION" -k "$rel" 2>/dev/null)
	ok "$([[ $st == *": installed"* ]]; echo $?)" "dkms status, $rel: $st"
	ko=$(find "/lib/modules/$rel/updates/dkms" -name 'sgx2_edmm.ko*' 2>/dev/null | head -n1)
	ok "$([ -n "$ko" ] && [ "$(modinfo -F version "$ko")" = "$VERSION" ]; echo $?)" \
		"module installed for $rel, version $VERSION (${ko:-none})"
done
# common.postinst: "Building initial module for K", dkms' reason, "Skipped."
skip=$(awk -v k="Building initial module for ${fake##*/}" \
	'$0 == k { on = 1; next } on && /^Building/ { exit } on' "$out")
ok "$(grep -q 'BUILD_EXCLUSIVE' <<<"$skip" && grep -qx 'Skipped.' <<<"$skip"; echo $?)" \
	"a kernel outside dkms.conf's range (${fake##*/}) is skipped with a message, not failed"
st=$(dkms status -m "$name" -k "${fake##*/}" 2>/dev/null)
ok "$([[ $st != *installed* && $st != *built* ]]; echo $?)" \
	"... and has no module (dkms status: ${st:-nothing})"
ok "$([ "$(sgx2-edmmctl --version)" = "sgx2-edmmctl $VERSION" ]; echo $?)" \
	"sgx2-edmmctl --version: $(sgx2-edmmctl --version 2>&1)"
for f in /usr/lib/udev/rules.d/60-sgx2-edmm.rules /usr/share/man/man8/sgx2-edmmctl.8.gz \
	/usr/share/man/man7/libsgx2-edmm-preload.so.7.gz \
	/usr/include/linux/sgx2_edmm.h /usr/share/sgx2-edmm/udev/61-sgx2-edmm-psw.rules \
	"/usr/src/$name-$VERSION/dkms.conf"; do
	ok "$([ -f "$f" ]; echo $?)" "installed: $f"
done
ok "$(man -w sgx2-edmmctl >/dev/null 2>&1 || [ ! -x /usr/bin/man ]; echo $?)" "man -w sgx2-edmmctl"
preload=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/$name/libsgx2-edmm-preload.so
out=$(LD_PRELOAD=$preload /bin/true 2>&1)
ok "$([ -f "$preload" ] && [ -z "$out" ]; echo $?)" \
	"installed: $preload, and ld.so preloads it silently${out:+: $out}"

# ---- purge ---------------------------------------------------------------
files=$(mktemp)
dpkg -L "$name-dkms" "$name-tools" | while read -r f; do
	[ -f "$f" ] && echo "$f"
done >"$files"
rm -rf "$fake"
DEBIAN_FRONTEND=noninteractive apt-get purge -y "$name-dkms" "$name-tools" >>"$log" 2>&1
ok $? "apt-get purge of both packages"
left=$(while read -r f; do [ -e "$f" ] && echo "$f"; done <"$files")
ok "$([ -z "$left" ]; echo $?)" "purge leaves none of the packages' $(wc -l <"$files") files${left:+: $left}"
rm -f "$files"
left=$(ls -d "/usr/src/$name-"* "/var/lib/dkms/$name" 2>/dev/null
	find /lib/modules -name 'sgx2_edmm.ko*' 2>/dev/null
	ls /usr/lib/udev/rules.d/*sgx2* /etc/udev/rules.d/*sgx2* 2>/dev/null)
ok "$([ -z "$left" ]; echo $?)" "purge leaves no DKMS tree, source, module or udev rule${left:+: $left}"
ok "$(! dpkg -l "$name-dkms" "$name-tools" 2>/dev/null | grep -qE '^(ii|rc)'; echo $?)" \
	"dpkg knows neither package any more (no config files kept)"

# ---- the RPMs ------------------------------------------------------------
ql=$(mktemp)
rpm -qlp "$dkms_rpm" >"$ql" 2>>"$log"
ok "$([ "$(rpm -qp --qf '%{ARCH}' "$dkms_rpm" 2>/dev/null)" = noarch ]; echo $?)" "rpm: $name-dkms is noarch"
ok "$(has "$ql" "^/usr/src/$name-$VERSION/dkms.conf$" && has "$ql" "^/usr/src/$name-$VERSION/src/Kbuild$" &&
	has "$ql" "^/usr/src/$name-$VERSION/VERSION$"; echo $?)" \
	"rpm -qlp $name-dkms: the module's source under /usr/src/$name-$VERSION ($(wc -l <"$ql") files)"
rpm -qp --scripts "$dkms_rpm" >"$ql" 2>>"$log"
ok "$(has "$ql" '^postinstall' && has "$ql" "dkms add -m $name -v $VERSION" &&
	has "$ql" "dkms install -m $name -v $VERSION -k" && has "$ql" '77\)' &&
	has "$ql" '^preuninstall' && has "$ql" "dkms remove -m $name -v $VERSION --all"; echo $?)" \
	"rpm -qp --scripts $name-dkms: dkms add and install per kernel (77: skipped), dkms remove before erase"
rpm -qlp "$tools_rpm" >"$ql" 2>>"$log"
ok "$(has "$ql" '^/usr/sbin/sgx2-edmmctl$' && has "$ql" '^/usr/share/man/man8/sgx2-edmmctl.8' &&
	has "$ql" '^/usr/lib/udev/rules.d/60-sgx2-edmm.rules$' &&
	has "$ql" '^/usr/share/sgx2-edmm/udev/61-sgx2-edmm-psw.rules$' &&
	has "$ql" '^/usr/include/linux/sgx2_edmm.h$' &&
	has "$ql" '^/usr/lib64/sgx2-edmm/libsgx2-edmm-preload.so$' &&
	has "$ql" '^/usr/share/man/man7/libsgx2-edmm-preload.so.7'; echo $?)" \
	"rpm -qlp $name-tools: the tool, the library, their man pages, both udev rules, the UAPI header"
rm -f "$ql"
exit $fail
