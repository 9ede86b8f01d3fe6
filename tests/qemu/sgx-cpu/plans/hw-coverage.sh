#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# hw coverage plan (a tool, not part of make check): which of the module's
# functions run with backend=hw on the emulated SGX2 CPU, from insmod to
# rmmod, with /bin/probe and the whole /bin/enclave_test in between.
#
# The function tracer, in a trace instance of its own (the suite's tests
# use the top-level buffer), is filtered to the module before it is loaded
# (":mod:" filters wait for the module).  The function list and the
# module's symbol addresses are taken while it is loaded: after rmmod the
# trace holds bare addresses.  Prints one "# not run: NAME" line per
# function never entered.  Static inline functions are not listed (they
# have no entry of their own); a function the compiler also inlined into
# its callers in the same file (validate.c's sgx2_check_*, for example)
# shows as not run even when its inlined copies ran.  Run with
#   SGX_QEMU=... RUN_ARGS="--sgx-epc 8M,8M --mem 1G" \
#	tests/vm-test.sh tests/qemu/sgx-cpu/plans/hw-coverage.sh 6.1

# shellcheck source=SCRIPTDIR/../../plans/lib.sh
. /lib.sh

NAME=sgx2_edmm
TOP_T=/sys/kernel/tracing
mount -t tracefs nodev "$TOP_T" 2>/dev/null
if [ ! -w "$TOP_T/set_ftrace_filter" ]; then
	tap_not_ok "the function tracer (tracefs at $TOP_T)"
	tap_done
fi
T=$TOP_T/instances/coverage
mkdir "$T" || { tap_not_ok "a trace instance"; tap_done; }
echo 65536 >"$T/buffer_size_kb"
echo nooverwrite >"$T/trace_options"
echo ":mod:$NAME" >"$T/set_ftrace_filter"
echo function >"$T/current_tracer"
echo 1 >"$T/tracing_on"

tap_check "insmod backend=hw" insmod /lib/$NAME.ko backend=hw
grep "\[$NAME\]" "$TOP_T/available_filter_functions" | cut -d' ' -f1 |
	sort -u >/tmp/all
grep "\[$NAME\]" /proc/kallsyms | cut -d' ' -f1,3 >/tmp/syms
/bin/probe >/dev/null 2>&1
tap_check "enclave_test (backend=hw)" sh -c \
	'/bin/enclave_test /lib/test_encl.elf >/tmp/et.out 2>&1'
tap_check "rmmod" rmmod $NAME
echo 0 >"$T/tracing_on"

# FUNCTION <-CALLER: the function is a name, or an address once unloaded.
awk '/<-/ { for (i = 2; i <= NF; i++) if ($i ~ /^<-/) print $(i - 1) }' \
	"$T/trace" | sort -u >/tmp/seen
awk 'FILENAME == "/tmp/syms" { name["0x" $1] = $2; next }
     { print ($1 in name) ? name[$1] : $1 }' /tmp/syms /tmp/seen |
	sort -u >/tmp/hit
echo "$(wc -l </tmp/hit) of $(wc -l </tmp/all) functions entered" | tap_diag
awk 'NR == FNR { hit[$1] = 1; next } !($1 in hit) { print "not run: " $1 }' \
	/tmp/hit /tmp/all | tap_diag
if [ -s /tmp/hit ]; then
	tap_ok "coverage listed"
else
	tap_not_ok "coverage listed (the trace is empty)"
fi
tap_done
