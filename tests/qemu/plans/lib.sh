# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Helpers for guest plans.  mkinitramfs.sh installs this file as /lib.sh;
# a plan (run by busybox sh as /plan.sh) starts with ". /lib.sh".
#
# Output is TAP without numbers ("ok - desc", "not ok - desc", "# note");
# the host renumbers it.  End the plan with tap_done, whose exit status is
# 0 iff nothing failed.

TAP_PASS=0
TAP_FAIL=0
KMSG_LOG=/tmp/kmsg.log
_TAP_TMP=/tmp/.tap.$$

tap_ok() {
	echo "ok - $*"
	TAP_PASS=$((TAP_PASS + 1))
}

tap_not_ok() {
	echo "not ok - $*"
	TAP_FAIL=$((TAP_FAIL + 1))
}

# tap_skip DESC [REASON]
tap_skip() {
	echo "ok - $1 # SKIP${2:+ $2}"
	TAP_PASS=$((TAP_PASS + 1))
}

# tap_skip_required DESC REASON: a skip, except in a CI run (run.sh puts
# sgx2_ci=1 on the kernel command line when CI=true), where what the check
# needs must be there: then a failure.
tap_skip_required() {
	if grep -qw 'sgx2_ci=1' /proc/cmdline; then
		tap_not_ok "$1 (skipped: $2; required when CI=true)"
	else
		tap_skip "$1" "$2"
	fi
}

# tap_result STATUS DESC: ok if STATUS is 0.
tap_result() {
	_st=$1
	shift
	if [ "$_st" -eq 0 ]; then
		tap_ok "$@"
	else
		tap_not_ok "$@"
	fi
}

# tap_diag [TEXT...]: print TEXT, or stdin when no TEXT, as "# " comments.
tap_diag() {
	if [ $# -gt 0 ]; then
		printf '%s\n' "$*" | sed 's/^/# /'
	else
		sed 's/^/# /'
	fi
}

# _tap_exec CMD...: run CMD, its output shown as comments; returns its status.
_tap_exec() {
	{
		"$@"
		echo $? >"$_TAP_TMP.rc"
	} 2>&1 | sed 's/^/# /'
	_rc=$(cat "$_TAP_TMP.rc" 2>/dev/null || echo 255)
	rm -f "$_TAP_TMP.rc"
	return "$_rc"
}

# tap_check DESC CMD...: ok if CMD succeeds.
tap_check() {
	_desc=$1
	shift
	if _tap_exec "$@"; then
		tap_ok "$_desc"
	else
		tap_not_ok "$_desc (status $_rc)"
	fi
}

# tap_check_fails DESC CMD...: ok if CMD fails.
tap_check_fails() {
	_desc=$1
	shift
	if _tap_exec "$@"; then
		tap_not_ok "$_desc (unexpectedly succeeded)"
	else
		tap_ok "$_desc"
	fi
}

# tap_run DESC PROG [ARGS...]: run a program that prints its own TAP.
# Its lines are passed through as they come (the host counts them); its
# failures count towards this plan's result, and a non-zero exit status is
# reported as one more failure.
tap_run() {
	_desc=$1
	shift
	{
		"$@"
		echo $? >"$_TAP_TMP.rc"
	} 2>&1 | tee "$_TAP_TMP.out"
	_rc=$(cat "$_TAP_TMP.rc" 2>/dev/null || echo 255)
	_bad=$(grep -E '^not ok([[:space:]]|$)' "$_TAP_TMP.out" |
		grep -cviE '#[[:space:]]*(skip|todo)')
	_all=$(grep -cE '^(not )?ok([[:space:]]|$)' "$_TAP_TMP.out")
	rm -f "$_TAP_TMP.rc" "$_TAP_TMP.out"
	TAP_PASS=$((TAP_PASS + _all - _bad))
	TAP_FAIL=$((TAP_FAIL + _bad))
	if [ "$_rc" -ne 0 ]; then
		tap_not_ok "$_desc exited with status $_rc"
	elif [ "$_all" -eq 0 ]; then
		tap_not_ok "$_desc printed no test results"
	fi
}

# kmsg_new: print the kernel messages logged since the previous call (or
# boot) and clear the ring buffer; everything is also kept in $KMSG_LOG.
kmsg_new() {
	dmesg -c >"$_TAP_TMP.kmsg" 2>/dev/null || dmesg >"$_TAP_TMP.kmsg"
	cat "$_TAP_TMP.kmsg" >>"$KMSG_LOG"
	cat "$_TAP_TMP.kmsg"
	rm -f "$_TAP_TMP.kmsg"
}

# kmsg_all: every kernel message since boot (as far as the ring kept them).
kmsg_all() {
	kmsg_new >/dev/null
	cat "$KMSG_LOG"
}

# tap_kmsg_clean DESC: ok if the kernel log has no warnings, BUGs or oopses.
tap_kmsg_clean() {
	_hits=$(kmsg_all | grep -E 'WARNING:|BUG:|Oops|Call Trace:' || true)
	if [ -z "$_hits" ]; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
		printf '%s\n' "$_hits" | tap_diag
	fi
}

# module_msgs: sgx2_edmm's kernel messages since the last kmsg_new,
# without the kernel's notes on out-of-tree and unsigned modules.
module_msgs() {
	kmsg_new | grep "sgx2_edmm:" |
		grep -v -e 'taints kernel' -e 'module verification failed' || true
}

# has DESC PATTERN: ok if the messages in the plan's $msgs match the
# extended regex.
has() {
	# shellcheck disable=SC2154 # $msgs is the calling plan's
	if printf '%s\n' "$msgs" | grep -qE "$2"; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
	fi
}

# module_loaded NAME: true if NAME is in /proc/modules.
module_loaded() {
	grep -q "^$1 " /proc/modules
}

# sgx_selftests_tally OUT: count the results of mainline's SGX selftests
# (test_sgx's TAP in OUT), run against the loaded module, towards this
# plan's, and print them.  The two EPC-oversubscription tests are
# expected to fail, marked "# TODO" with the reason, when, and only when,
# their own output says ADD_PAGES ran into ENOMEM (an enclave's heap the
# size of the EPC, on a module that does not reclaim); a test's output
# runs from its "#  RUN" line to its "ok"/"not ok" line.  Any other
# failure, and any skipped test, counts as one.  A "# Totals:" line must
# be there.
SGX_OVERSUB="enclave.unclobbered_vdso_oversubscribed enclave.unclobbered_vdso_oversubscribed_remove"
sgx_selftests_tally() {
	_out=$1
	_p=/sys/module/sgx2_edmm/parameters
	_why="the module has no EPC reclaim: its enclaves hold at most epc_budget ($(cat "$_p/epc_budget_pages") of $(cat "$_p/epc_total_pages") pages here) and this test's heap is the whole EPC, so ADD_PAGES answers ENOMEM"
	awk -v expect=" $SGX_OVERSUB " -v why="$_why" \
		-v msg="SGX_IOC_ENCLAVE_ADD_PAGES failed: Cannot allocate memory" '
	/^#  RUN / { enomem = 0 }
	index($0, msg) { enomem = 1 }
	/^not ok [0-9]+ / && index(expect, " " $4 " ") && NF == 4 && enomem {
		print $0 " # TODO " why
		next
	}
	{ print }
	' "$_out" >"$_out.marked"
	cat "$_out.marked"
	if ! grep -q '^# Totals: ' "$_out"; then
		tap_not_ok "test_sgx printed its '# Totals:' line"
	fi
	# A TODO line is not a failure (as tap_run counts); a skipped test is
	# (these tests skip only when the CPU, or what emulates it, lacks SGX2).
	_all=$(grep -cE '^(not )?ok ' "$_out.marked")
	_bad=$(grep -E '^(not ok |ok .* # [Ss][Kk][Ii][Pp])' "$_out.marked" | grep -cv ' # TODO ')
	TAP_PASS=$((TAP_PASS + _all - _bad))
	TAP_FAIL=$((TAP_FAIL + _bad))
	for _t in $SGX_OVERSUB; do
		if grep -q "^ok [0-9]* $_t\$" "$_out"; then
			tap_diag "$_t passed: the module held an enclave of the EPC's size (does it reclaim now?)"
		fi
	done
}

# sgx_selftests_verdicts OUT ECREATE0 ECREATE1 HELD: after test_sgx (TAP
# in OUT) ran against the module: its ECREATE count went from ECREATE0 to
# ECREATE1, at least one per test, and it held HELD EPC pages, which must
# be 0; then rmmod, and a clean kernel log.
sgx_selftests_verdicts() {
	_runs=$(grep -c '^#  RUN ' "$1")
	tap_result "$([ $(($3 - $2)) -ge "$_runs" ] && [ "$_runs" -gt 0 ]; echo $?)" \
		"test_sgx's enclaves were the module's: its ECREATE count grew by $(($3 - $2)) over $_runs tests"
	tap_result "$([ "$4" = 0 ]; echo $?)" \
		"after test_sgx the module holds no EPC page (epc_pages $4)"
	tap_check "rmmod sgx2_edmm" rmmod sgx2_edmm
	tap_kmsg_clean "no WARN, BUG or Oops in the kernel log"
}

# gcov_dump: with sgx2_gcov=1 on the command line (run.sh --gcov-out),
# send every .gcda under /sys/kernel/debug/gcov to the third serial port:
# "=== PATH", PATH's bytes in base64, and "=== END" last.  The files of
# an unloaded module are still there (gcov_persist).
gcov_dump() {
	grep -qw sgx2_gcov=1 /proc/cmdline || return 0
	{
		find /sys/kernel/debug/gcov -name '*.gcda' 2>/dev/null |
			while read -r _f; do
				echo "=== ${_f#/sys/kernel/debug/gcov}"
				base64 <"$_f"
			done
		echo "=== END"
	} >/dev/ttyS2
}

# tap_done: summary comment; exit 0 iff nothing failed.
tap_done() {
	gcov_dump
	tap_diag "plan: $TAP_PASS passed, $TAP_FAIL failed"
	[ "$TAP_FAIL" -eq 0 ] && exit 0
	exit 1
}
