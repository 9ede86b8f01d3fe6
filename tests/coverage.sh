#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# coverage.sh [SERIES]: line coverage of every src/ file, from the guest
# suites on the debug kernel merged with the Check unit tests (`make
# coverage`; SERIES 6.1 by default).
#
#   1. the debug kernel (tests/qemu/debug-kernel.sh: CONFIG_GCOV_KERNEL),
#      built or taken from its cache;
#   2. the module built against it with SGX2_GCOV=1 (src/Kbuild), in
#      build/<rel>-gcov/, where its .gcno files stay;
#   3. one guest per plan, each with run.sh --gcov-out: the smoke suite
#      (sim), hw refusal, sgx2-edmmctl, mainline's selftests through the
#      preload library, the fuzzer (seed 1, 60 s), and the fuzzer under
#      failslab/fail_page_alloc; with SGX_COVERAGE_EMU=1 also the guest
#      suite on the emulated SGX2 CPU with backend=hw (slow under KASAN);
#      each guest's counts become one lcov tracefile;
#   4. the unit tests built with --coverage (tests/unit EXTRA_CFLAGS);
#   5. all merged (lcov -a), paths mapped back to src/.
#
# $SGX_COVERAGE_TIMEOUT (2400) is each guest's time limit in seconds.
# Out: build/coverage/coverage.info, table.txt (lines per file, per folder,
# and for the shared code: core/ and model/, what is not a backend),
# uncovered.txt (each file's uncovered line ranges) and html/.  Each
# guest's own TAP verdict counts too: the script fails if a plan fails.
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

series=${1:-6.1}
out=$TOP/build/coverage
fail=0

apt_install_missing lcov || { echo "coverage: apt-get install lcov failed" >&2; exit 1; }
tree=$("$TOP/tests/qemu/debug-kernel.sh" "$series") || {
	echo "coverage: no debug kernel (tests/qemu/debug-kernel.sh $series)" >&2
	exit 1
}
export KERNEL_TREE=$tree
rel=$(cat "$tree/include/config/kernel.release")
rm -rf "$out"
mkdir -p "$out/raw" "$out/info"
ko=$out/sgx2_edmm.ko
SGX2_GCOV=1 "$TOP/tests/build-module.sh" "$rel" "$ko" >/dev/null || exit 1
bdir=$TOP/build/$rel-gcov/src
echo "# coverage: module built in $bdir"

# guest NAME CMD...: run CMD (a guest) with its counts sent to raw/NAME,
# then turn them into info/NAME.info.
guest() {
	local name=$1 raw=$out/raw/$1 t0=$SECONDS
	shift
	echo "# --- coverage: $name"
	# KASAN, lockdep and gcov together make a guest several times slower
	# than on a stock kernel: a longer limit than the plans' own.
	if ! RUN_EXTRA="--gcov-out $raw --timeout ${SGX_COVERAGE_TIMEOUT:-2400}" "$@"; then
		echo "not ok - coverage: guest $name failed"
		fail=1
	fi
	echo "# coverage: $name: $((SECONDS - t0)) s"
	[ -d "$raw$bdir" ] || return 0
	# lcov wants each .gcno beside its .gcda.
	(cd "$bdir" && find . -name '*.gcno' -exec cp --parents {} "$raw$bdir" \;)
	lcov -q --capture --directory "$raw$bdir" --base-directory "$bdir" \
		--output-file "$out/info/$name.info" 2>>"$out/lcov.log" ||
		{ echo "not ok - coverage: lcov --capture for $name"; fail=1; }
}

guest smoke env MODULE="$ko" "$TOP/tests/vm-test.sh" smoke "$series"
guest hw env MODULE="$ko" "$TOP/tests/vm-test.sh" hw "$series"
guest ctl ctl_guest "$series" "$ko"
guest preload preload_guest "$series" "$ko"
guest fuzz env MODULE="$ko" RUN_ARGS="--append sgx2_fuzz=1,60,20000" \
	"$TOP/tests/vm-test.sh" fuzz "$series"
guest faultinject env MODULE="$ko" "$TOP/tests/vm-test.sh" faultinject "$series"
if [ "${SGX_COVERAGE_EMU:-}" = 1 ]; then
	if qemu=$("$TOP/tests/qemu/sgx-cpu/build.sh"); then
		guest emu-hw env MODULE="$ko" SGX_QEMU="$qemu" \
			RUN_ARGS="--sgx-epc 8M,8M --mem 1G" \
			"$TOP/tests/vm-test.sh" "$TOP/tests/qemu/sgx-cpu/plans/suite-hw.sh" "$series"
	else
		echo "not ok - coverage: the emulated CPU (tests/qemu/sgx-cpu/build.sh)"
		fail=1
	fi
fi

# The unit tests, built with --coverage in their own folder.
echo "# --- coverage: unit tests"
make -s -C "$TOP/tests/unit" clean
if ! make -s -C "$TOP/tests/unit" EXTRA_CFLAGS=--coverage run >"$out/unit.log" 2>&1; then
	echo "not ok - coverage: unit tests (see $out/unit.log)"
	fail=1
fi
tail -n 1 "$out/unit.log" | tap_diag
lcov -q --capture --directory "$TOP/tests/unit" --output-file "$out/info/unit-all.info" \
	2>>"$out/lcov.log" &&
	lcov -q --extract "$out/info/unit-all.info" "$TOP/src/*" \
		--output-file "$out/info/unit.info" 2>>"$out/lcov.log"
rm -f "$out/info/unit-all.info"
make -s -C "$TOP/tests/unit" clean

# Merge, with the module's build copy of src/ mapped back to src/.
args=()
for f in "$out"/info/*.info; do
	sed -i "s|^SF:$bdir/|SF:$TOP/src/|" "$f"
	args+=(-a "$f")
done
if ! lcov -q "${args[@]}" --output-file "$out/coverage.info" 2>>"$out/lcov.log"; then
	echo "not ok - coverage: lcov -a (see $out/lcov.log)"
	exit 1
fi
genhtml -q --output-directory "$out/html" "$out/coverage.info" >>"$out/lcov.log" 2>&1

# table.txt: lines hit/found per file, per folder, and the shared code
# (plain awk: no gawk needed).
awk -v top="$TOP/src/" '
/^SF:/ { f = substr($0, 4); sub(top, "", f); next }
/^LF:/ { lf[f] = substr($0, 4) }
/^LH:/ { lh[f] = substr($0, 4) }
END { for (f in lf) if (f ~ /^(core|model|sim|hw)\//) print f, lf[f], lh[f] }
' "$out/coverage.info" | sort | awk '
function row(name, l, h) { printf "%-28s %7d %7d %6.1f%%\n", name, l, h, l ? 100 * h / l : 0 }
BEGIN { printf "%-28s %7s %7s %7s\n", "file", "lines", "hit", "%" }
{
	row($1, $2, $3)
	d = $1; sub(/\/.*/, "", d)
	if (!(d in l)) dirs[++nd] = d
	l[d] += $2; h[d] += $3
	if (d == "core" || d == "model") { sl += $2; sh += $3 }
}
END {
	print ""
	for (i = 1; i <= nd; i++) row(dirs[i] "/", l[dirs[i]], h[dirs[i]])
	row("shared (core/ + model/)", sl, sh)
}' >"$out/table.txt"
# uncovered.txt: per file, the ranges of instrumented lines never run.
awk -v top="$TOP/src/" '
function flush() { if (a) printf " %s", (a == b ? a : a "-" b); a = 0 }
/^SF:/ { f = substr($0, 4); sub(top, "", f); printf "%s:", f; a = 0; next }
/^DA:/ {
	split(substr($0, 4), v, ",")
	if (v[2] == 0) { if (a && v[1] <= b + 3) b = v[1]; else { flush(); a = b = v[1] } }
	next
}
/^end_of_record/ { flush(); print "" }
' "$out/coverage.info" >"$out/uncovered.txt"
tap_diag <"$out/table.txt"
echo "# coverage: $out/table.txt, $out/uncovered.txt, $out/html/index.html"
exit $fail
