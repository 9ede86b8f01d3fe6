#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# bench.sh [KERNEL]: the benchmark (make bench), one run on KERNEL (a series
# such as 6.1 or 6.12, default 6.1).  A run is two guests, back to back,
# with the same kernel, the same module (a bench build: SGX2_BENCH=1) and
# the same bench binary (tests/bench/bench.c, plan tests/qemu/plans/bench.sh):
#
#   hw   the emulated SGX1+SGX2 CPU (tests/qemu/sgx-cpu/), backend=hw,
#        EPC $BENCH_EPC (128M: 16384 pages fit in the 75% budget);
#   sim  QEMU's stock CPU, backend=sim with a 128 MiB simulated EPC;
#
# both with 2 vCPUs and 1 GiB under single-threaded TCG.  Then
# `bench --report` reads both guests' data lines and writes the tables,
# side by side, and the verdicts to build/bench.txt, and `bench --plot`
# the same figures as gnuplot tables (build/bench-plot/), which
# tests/bench/plots.gp draws as build/bench-ranges.svg (time per page
# against pages, log-log, a line per policy) and build/bench-adding.svg
# (the ways of adding pages side by side).  Logs: build/bench-hw.log,
# build/bench-sim.log.
#
# BENCH_MAX_PAGES=N: the sizes up to N pages only (256: a few minutes).
# BENCH_BACKENDS: the guests to run (default "hw sim").
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
. "$(dirname "$0")/../lib.sh"

kernel=${1:-6.1}
rel=$(kernel_release "$kernel")
epc=${BENCH_EPC:-128M}
max=${BENCH_MAX_PAGES:-}
backends=${BENCH_BACKENDS:-hw sim}

mkdir -p "$TOP/build"
module=$(mktemp "$TOP/build/sgx2_edmm-bench.XXXXXX.ko")
trap 'rm -f "$module"' EXIT
SGX2_BENCH=1 "$TOP/tests/build-module.sh" "$rel" "$module" >/dev/null

status=0
logs=()
start=$SECONDS
for b in $backends; do
	log=$TOP/build/bench-$b.log
	args="--mem 1G --smp 2 --timeout 2400 --name bench-$b"
	args+=" --append sgx2_bench=$b${max:+,$max}"
	[ "$b" != hw ] || args+=" --sgx-epc $epc"
	MODULE=$module RUN_ARGS=$args "$TOP/tests/vm-test.sh" bench "$kernel" |
		tee "$log" || status=1
	# The guest's run, not tee's, decides (PIPESTATUS is gone after ||).
	grep -q '^[0-9]* passed, 0 failed$' "$log" || status=1
	logs+=("$log")
done
echo "# bench.sh: guests ran $((SECONDS - start)) s in all" | tee -a "$log"

report=$TOP/build/bench.txt
{
	echo "Command: make bench KERNEL=$kernel${max:+ BENCH_MAX_PAGES=$max} (backends: $backends; hw EPC $epc)"
	"$TOP/build/guest/bench" --report "${logs[@]}" || status=1
} >"$report"
echo "# bench.sh: report written to ${report#"$TOP"/}"
cat "$report"

plots=$TOP/build/bench-plot
rm -rf "$plots"
mkdir -p "$plots"
ran=""
for log in "${logs[@]}"; do
	ran+=" $(basename "$log" .log | sed 's/^bench-//')"
done
if "$TOP/build/guest/bench" --plot "$plots" "${logs[@]}" &&
	gnuplot -e "dir='$plots'; backends='${ran# }'" "$TOP/tests/bench/plots.gp"; then
	mv "$plots"/*.svg "$TOP/build/"
	echo "# bench.sh: plots written to build/bench-ranges.svg and build/bench-adding.svg"
else
	echo "# bench.sh: drawing the plots failed" >&2
	status=1
fi
exit "$status"
