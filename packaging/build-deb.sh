#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# build-deb.sh: build the Debian packages (sgx2-edmm-dkms, sgx2-edmm-tools)
# from the working tree, as `make deb` does.  The tree's tracked files are
# staged in build/deb/sgx2-edmm-VERSION/ with packaging/debian/ as debian/
# and a changelog made from VERSION; dpkg-buildpackage -b builds them
# there, and lintian checks the result.  Prints the paths of the .debs.
# Needs debhelper, dh-dkms, libkmod-dev, pkgconf and lintian
# (tests/deps.sh installs them).
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
version=$(cat "$TOP/VERSION")
out=$TOP/build/deb
stage=$out/sgx2-edmm-$version

rm -rf "$out"
mkdir -p "$stage"
# What git tracks (a clean copy), else the whole tree without build/.
if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$TOP" ls-files -z | (cd "$TOP" && xargs -0 cp --parents -t "$stage")
else
	tar -C "$TOP" --exclude=./build --exclude=./.cache -cf - . | tar -C "$stage" -xf -
fi
cp -r "$TOP/packaging/debian" "$stage/debian"
# The date of the last commit (or now), so that a rebuild of one commit
# is the same package.
date=$(git -C "$TOP" log -1 --format=%aD 2>/dev/null || date -R)
cat >"$stage/debian/changelog" <<CHANGELOG
sgx2-edmm ($version) unstable; urgency=medium

  * Release $version; see README.md.

 -- sgx2-edmm developers <sgx2-edmm@lists.invalid>  $date
CHANGELOG

(cd "$stage" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 || {
	tail -40 "$out/build.log" >&2
	echo "build-deb: dpkg-buildpackage failed (log: $out/build.log)" >&2
	exit 1
}
changes=$(ls "$out"/sgx2-edmm_"$version"_*.changes)
# Errors and warnings fail; an override needs its reason in
# packaging/debian/*.lintian-overrides.
if ! lintian --fail-on error,warning "$changes" >"$out/lintian.log" 2>&1; then
	cat "$out/lintian.log" >&2
	echo "build-deb: lintian found errors or warnings" >&2
	exit 1
fi
ls "$out"/*.deb
