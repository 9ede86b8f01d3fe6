# SPDX-License-Identifier: GPL-2.0
# plots.gp: the benchmark's tables as SVG (gnuplot 5).  bench.sh runs
#   gnuplot -e "dir='DIR'; backends='hw sim'" tests/bench/plots.gp
# on the tables `bench --plot DIR` wrote, and it draws
#   DIR/bench-ranges.svg  time per page against pages, log-log, one line
#                         per policy; a row per backend, a column per op
#   DIR/bench-adding.svg  the ways of adding pages side by side, per size;
#                         a panel per backend
# Every time is a median of one run; under TCG the absolute times are
# emulation artefacts (tests/bench/README.md): compare within a panel.

if (!exists("dir")) dir = "build"
if (!exists("backends")) backends = "hw sim"
nb = words(backends)
ops = "restrict trim remove"

set terminal svg size 1200, 420 * nb dynamic noenhanced font "sans,11"
set output dir . "/bench-ranges.svg"
set datafile missing "NaN"
set key outside bottom center horizontal
set logscale xy
set grid
set multiplot layout nb, 3 title "Range operations with a thread spinning inside: time per page, by batching policy (median of the runs)"
do for [b = 1:nb] {
	do for [o = 1:3] {
		f = sprintf("%s/ranges-%s-%s.dat", dir, word(backends, b), word(ops, o))
		set title sprintf("%s, %s", word(ops, o), word(backends, b))
		set xlabel "pages per call"
		set ylabel "us per page"
		plot for [c = 2:5] f using 1:c with linespoints lw 2 pt 7 title columnheader(c)
	}
}
unset multiplot

set terminal svg size 1200, 460 * nb dynamic noenhanced font "sans,11"
set output dir . "/bench-adding.svg"
unset logscale x
set logscale y
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key outside right top vertical
set multiplot layout nb, 1 title "Adding pages: time per page, EAUG to EACCEPT, the ways side by side (median of the runs)"
do for [b = 1:nb] {
	f = sprintf("%s/adding-%s.dat", dir, word(backends, b))
	set title word(backends, b)
	set xlabel "pages added"
	set ylabel "us per page"
	plot for [c = 2:7] f using c:xtic(1) title columnheader(c)
}
unset multiplot
