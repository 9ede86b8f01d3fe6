#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# build-rpm.sh: build the RPM packages (sgx2-edmm-dkms, noarch, and
# sgx2-edmm-tools) from the working tree, as `make rpm` does, with Debian's
# rpmbuild: a tarball of the tree's tracked files, then rpmbuild -bb in
# build/rpm/ (--nodeps: Debian has no rpm database of the build
# dependencies; they are Debian packages, tests/deps.sh), then rpmlint
# over the spec and the packages.  Prints the paths of the .rpms.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
version=$(cat "$TOP/VERSION")
out=$TOP/build/rpm
name=sgx2-edmm-$version

rm -rf "$out"
mkdir -p "$out/SOURCES" "$out/stage/$name"
if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$TOP" ls-files -z | (cd "$TOP" && xargs -0 cp --parents -t "$out/stage/$name")
else
	tar -C "$TOP" --exclude=./build --exclude=./.cache -cf - . | tar -C "$out/stage/$name" -xf -
fi
tar -C "$out/stage" --owner=0 --group=0 -czf "$out/SOURCES/$name.tar.gz" "$name"

spec=$TOP/packaging/rpm/sgx2-edmm.spec
# brp-compress (man page compression) under bash: Debian's rpm runs it
# with /bin/sh, dash, where its `read -d` fails.  The packager is this
# build's, not the spec's.
if ! rpmbuild -bb --nodeps --define "_topdir $out" --define "sgx2_version $version" \
	--define "__brp_compress bash %{_rpmconfigdir}/brp-compress %{?_prefix}" \
	--define "packager sgx2-edmm developers <sgx2-edmm@lists.invalid>" \
	"$spec" >"$out/build.log" 2>&1; then
	tail -40 "$out/build.log" >&2
	echo "build-rpm: rpmbuild failed (log: $out/build.log)" >&2
	exit 1
fi
mapfile -t rpms < <(find "$out/RPMS" -name '*.rpm' | sort)
# Errors and warnings fail; a filter needs its reason in
# packaging/rpm/rpmlint.toml.
# (rpmlint's own status counts only errors.)
if ! rpmlint -c "$TOP/packaging/rpm/rpmlint.toml" "$spec" "${rpms[@]}" \
	>"$out/rpmlint.log" 2>&1 || grep -qE ': [EW]: ' "$out/rpmlint.log"; then
	cat "$out/rpmlint.log" >&2
	echo "build-rpm: rpmlint found errors or warnings" >&2
	exit 1
fi
printf '%s\n' "${rpms[@]}"
