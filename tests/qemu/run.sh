#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh --kernel SERIES --plan PLAN.sh [--file SRC[:DEST]]... [--smp N]
#        [--mem SIZE] [--timeout SECONDS] [--append "EXTRA CMDLINE"]
#        [--name NAME] [--sgx-epc SIZE] [--gcov-out DIR]
#
# Boot one QEMU (TCG) guest with a Debian kernel of SERIES (see
# kernel.sh --list) and an initramfs running PLAN.sh, then print the
# guest's verdicts as one TAP stream on stdout.  The last line is
# "N passed, M failed"; the exit status is non-zero if anything failed or
# the guest did not finish (panic, WARN, oops, lockup or timeout).
# With KERNEL_TREE=DIR in the environment the kernel built in DIR is booted
# instead (kernel.sh; --kernel is then ignored).
#
# --sgx-epc SIZE boots on the emulated SGX2 CPU instead of the host's QEMU:
# tests/qemu/sgx-cpu/build.sh builds (or finds in its cache) a patched
# qemu-system-x86_64, and the guest gets an Intel "max" CPU with SGX1,
# SGX2 and launch control, and one EPC section of SIZE (e.g. 64M; "8M,8M":
# two sections).
# $SGX_QEMU overrides the binary (e.g. a development build tree's).
#
# --gcov-out DIR (a kernel with CONFIG_GCOV_KERNEL and a module built with
# SGX2_GCOV=1): the guest gets sgx2_gcov=1 and a third serial port; when
# the plan is done it sends every .gcda under /sys/kernel/debug/gcov there
# (plans/lib.sh, gcov_dump), and they are written to DIR/<the path the
# guest gave>, i.e. DIR/<the module's build dir>/<object>.gcda.
# $SGX_TRACE, a comma-separated list of the emulator's trace events (e.g.
# sgx_aex; see patches/0006), writes them to the QEMU log.
#
# Logs: <top>/.cache/logs/<name>-<rel>.console.log (ttyS0, kernel console)
#       <top>/.cache/logs/<name>-<rel>.verdict     (ttyS1, plan output)
#       <top>/.cache/logs/<name>-<rel>.qemu.log    (QEMU's own messages)

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
cache="$top/.cache"

MARKER='sgx2-edmm-guest:'
CONSOLE_TAIL=60
KEY_LINES='WARNING:|BUG:|Oops|Kernel panic|general protection|RIP: 0010|INFO: task|watchdog: '

# Kernel parameters; every one is known to both 6.1 and 6.12 (see the
# README in this directory for what was checked).
CMDLINE="console=ttyS0 panic=-1 oops=panic panic_on_warn=1 softlockup_panic=1"
CMDLINE+=" hung_task_panic=1 sysctl.kernel.hung_task_timeout_secs=60"
CMDLINE+=" nmi_watchdog=panic loglevel=4 quiet"
# For the plans (tap_skip_required in plans/lib.sh): a CI run.
[ "${CI:-}" != true ] || CMDLINE+=" sgx2_ci=1"

log() { printf 'run.sh: %s\n' "$*" >&2; }

usage() {
	cat >&2 <<EOF
usage: ${0##*/} --kernel SERIES --plan PLAN.sh [--file SRC[:DEST]]...
       [--smp N] [--mem SIZE] [--timeout SECONDS] [--append "EXTRA CMDLINE"]
       [--name NAME] [--sgx-epc SIZE] [--gcov-out DIR]
SERIES: $("$here/kernel.sh" --list) (KERNEL_TREE=DIR: the kernel built in DIR)
EOF
	exit 2
}

series=
plan=
files=()
smp=2
mem=512M
tmo=600
append=
name=
sgx_epc=
gcov_out=

while [ $# -gt 0 ]; do
	case "$1" in
	--kernel | --plan | --file | --smp | --mem | --timeout | --append | --name | \
		--sgx-epc | --gcov-out)
		[ $# -ge 2 ] || usage
		case "$1" in
		--kernel) series=$2 ;;
		--plan) plan=$2 ;;
		--file) files+=(--file "$2") ;;
		--smp) smp=$2 ;;
		--mem) mem=$2 ;;
		--timeout) tmo=$2 ;;
		--append) append=$2 ;;
		--name) name=$2 ;;
		--sgx-epc) sgx_epc=$2 ;;
		--gcov-out) gcov_out=$2 ;;
		esac
		shift 2
		;;
	-h | --help)
		usage
		;;
	*)
		log "unknown argument '$1'"
		usage
		;;
	esac
done

if [ -z "$series" ] || [ -z "$plan" ]; then
	usage
fi
[ -f "$plan" ] || { log "plan '$plan' not found"; exit 2; }
[[ "$smp" =~ ^[1-9][0-9]*$ ]] || { log "bad --smp '$smp'"; exit 2; }
[[ "$tmo" =~ ^[1-9][0-9]*$ ]] || { log "bad --timeout '$tmo'"; exit 2; }
if [ -z "$name" ]; then
	name=${plan##*/}
	name=${name%.sh}
fi
[[ "$name" =~ ^[A-Za-z0-9._+-]+$ ]] || { log "bad --name '$name'"; exit 2; }
if [ -n "$sgx_epc" ] && ! [[ "$sgx_epc" =~ ^[1-9][0-9]*[MG](,[1-9][0-9]*[MG])*$ ]]; then
	log "bad --sgx-epc '$sgx_epc' (e.g. 64M, or 8M,8M for two sections)"
	exit 2
fi

# TAP output state.
ntests=0
npass=0
nfail=0

# emit RESULT COUNT DESC: print a renumbered test line.  RESULT is the TAP
# word ("ok" or "not ok"); COUNT is pass or fail (a "not ok ... # TODO"
# line keeps its words but does not count as a failure).
emit() {
	ntests=$((ntests + 1))
	if [ "$2" = pass ]; then
		npass=$((npass + 1))
	else
		nfail=$((nfail + 1))
	fi
	echo "$1 $ntests - $3"
}

# fail DESC: a harness-level failure.
fail() {
	emit "not ok" fail "$1"
}

finish() {
	echo "1..$ntests"
	echo "$npass passed, $nfail failed"
	if [ "$nfail" -ne 0 ]; then
		exit 1
	fi
	exit 0
}

# Print a file's last lines as TAP comments.
tail_as_comments() {
	[ -s "$1" ] || return 0
	echo "# ---- last $CONSOLE_TAIL lines of ${1#"$top"/} ----"
	tail -n "$CONSOLE_TAIL" "$1" | tr -d '\r' | sed 's/^/# /'
}

# The lines that say what went wrong often scroll out of the tail.
key_lines_as_comments() {
	local hits

	[ -s "$1" ] || return 0
	hits=$(tr -d '\r' <"$1" | grep -E "$KEY_LINES" | head -n 20) || true
	[ -n "$hits" ] || return 0
	echo "# ---- key lines of ${1#"$top"/} ----"
	printf '%s\n' "$hits" | sed 's/^/# /'
}

echo "TAP version 13"

if ! rel=$("$here/kernel.sh" "$series"); then
	fail "[$series] prepare kernel (tests/qemu/kernel.sh $series failed)"
	finish
fi

logs="$cache/logs"
mkdir -p "$logs" "$cache/initramfs"
base="$name-$rel"
console="$logs/$base.console.log"
verdict="$logs/$base.verdict"
qemu_log="$logs/$base.qemu.log"
initrd="$cache/initramfs/$base.cpio.gz"
kernel="$cache/kernels/$rel/vmlinuz"
rm -f "$console" "$verdict" "$qemu_log"

# A KASAN kernel that can use 5-level paging boots with no5lvl.  QEMU's
# "max" CPU has LA57, so such a kernel runs with 5-level paging, where
# KASAN's idea of which addresses have shadow depends on
# pgtable_l5_enabled(), i.e. on boot_cpu_data's LA57 bit.  identify_cpu()
# zeroes those bits and reads CPUID again with interrupts on: a timer
# interrupt in that window takes its irq_desc lock at a direct-map address
# KASAN then calls wild, and panics (seen in 1 boot of 4 of the 6.1 debug
# kernel, before init).  With 4-level paging the bit does not matter.
kconfig="$cache/kernels/$rel/config"
if grep -qx 'CONFIG_KASAN=y' "$kconfig" 2>/dev/null &&
	grep -qx 'CONFIG_X86_5LEVEL=y' "$kconfig"; then
	CMDLINE+=" no5lvl"
fi

if ! "$here/mkinitramfs.sh" -o "$initrd" --plan "$plan" ${files[@]+"${files[@]}"}; then
	fail "[$rel] build initramfs"
	finish
fi

# The chardev path is parsed by QEMU's option parser: commas need doubling.
verdict_opt=${verdict//,/,,}
console_opt=${console//,/,,}

# The QEMU binary, the CPU and the machine.
qemu_bin="qemu-system-x86_64"
cpu=max
machine=()
if [ -n "$sgx_epc" ]; then
	# $SGX_QEMU: a binary of one's own (a development tree), else the
	# cached build of the series.
	if [ -n "${SGX_QEMU:-}" ]; then
		qemu_bin=$SGX_QEMU
	elif ! qemu_bin=$("$here/sgx-cpu/build.sh"); then
		fail "[$rel] build the SGX QEMU (tests/qemu/sgx-cpu/build.sh failed)"
		finish
	fi
	# Linux enables SGX on Intel CPUs only (feat_ctl); firmware locks
	# IA32_FEATURE_CONTROL with SGX and SGX_LC enabled.  VMX is only
	# advertised (VMXON is #UD): Linux offers /dev/sgx_vepc only with it.
	# The build has no option ROMs: SeaBIOS and linuxboot come from the
	# installed packages.
	cpu=max,vendor=GenuineIntel,+vmx,+sgx,+sgxlc,+sgx1,+sgx2,+sgx-exinfo
	# One NUMA node for RAM, so that the SRAT places the EPC section on
	# node 0 (without it Linux warns "[Firmware Bug]: Unable to map EPC
	# section to online node").
	# One EPC section per comma-separated size.
	IFS=, read -ra epc_sizes <<<"$sgx_epc"
	mopt=q35
	epc_objs=()
	for i in "${!epc_sizes[@]}"; do
		mopt+=",sgx-epc.$i.memdev=epc$i,sgx-epc.$i.node=0"
		epc_objs+=(-object "memory-backend-epc,id=epc$i,size=${epc_sizes[$i]}")
	done
	machine=(-M "$mopt" "${epc_objs[@]}"
		-object "memory-backend-ram,id=ram0,size=$mem"
		-numa "node,nodeid=0,memdev=ram0"
		-L /usr/share/seabios -L /usr/share/qemu)
	IFS=, read -ra events <<<"${SGX_TRACE:-}"
	for ev in ${events[@]+"${events[@]}"}; do
		machine+=(-trace "enable=$ev")
	done
fi

qemu=(
	"$qemu_bin"
	# One host thread for all vCPUs: with multi-threaded TCG a vCPU can
	# run a stale int3 after another vCPU finished text_poke_bp(), which
	# oopses Debian 6.12 at boot ("Oops: int3" in sched_clock_cpu).  The
	# vCPUs still run concurrently from the guest's point of view (IPIs,
	# preemption), only interleaved on the host.
	-accel "tcg,thread=single" -cpu "$cpu" -m "$mem" -smp "$smp"
	${machine[@]+"${machine[@]}"}
	-nographic -no-reboot -monitor none -nic none
	-kernel "$kernel" -initrd "$initrd"
	-chardev "file,path=$console_opt,id=console"
	-serial chardev:console
	-chardev "file,path=$verdict_opt,id=verdict"
	-serial chardev:verdict
)
gcov_raw=$logs/$base.gcov
rm -f "$gcov_raw"
if [ -n "$gcov_out" ]; then
	qemu+=(-chardev "file,path=${gcov_raw//,/,,},id=gcov" -serial chardev:gcov)
	append="${append:+$append }sgx2_gcov=1"
fi
qemu+=(-append "$CMDLINE${append:+ $append}")

log "booting $rel with plan ${plan##*/} (timeout ${tmo}s)"
start=$SECONDS
status=0
timeout -k 10 "$tmo" "${qemu[@]}" </dev/null >"$qemu_log" 2>&1 || status=$?
log "guest ran for $((SECONDS - start))s, qemu exit status $status"

finished=0
guest_failure=
if [ -f "$verdict" ]; then
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line//$'\r'/}
		case "$line" in
		"$MARKER success")
			finished=1
			continue
			;;
		"$MARKER "*)
			finished=1
			guest_failure=${line#"$MARKER "}
			echo "# guest: $guest_failure"
			continue
			;;
		esac

		if [[ "$line" =~ ^(not\ )?ok([[:space:]]|$) ]]; then
			if [ -n "${BASH_REMATCH[1]}" ]; then
				word="not ok"
				count=fail
			else
				word=ok
				count=pass
			fi
			desc=${line#not ok}
			desc=${desc#ok}
			# Drop the program's own number and the dash after it.
			[[ "$desc" =~ ^[[:space:]]*[0-9]*[[:space:]]*(-[[:space:]]*)?(.*)$ ]]
			desc=${BASH_REMATCH[2]}
			shopt -s nocasematch
			if [[ "$desc" =~ \#[[:space:]]*(skip|todo) ]]; then
				count=pass
			fi
			shopt -u nocasematch
			emit "$word" "$count" "[$rel]${desc:+ $desc}"
		elif [[ "$line" =~ ^Bail\ out! ]]; then
			fail "[$rel] $line"
		elif [[ "$line" =~ ^[[:space:]]*1\.\.[0-9]+ ]] ||
			[[ "$line" =~ ^TAP\ version ]] || [ -z "$line" ]; then
			continue
		elif [[ "$line" =~ ^# ]]; then
			echo "$line"
		else
			echo "# $line"
		fi
	done <"$verdict"
fi

if [ "$finished" -eq 0 ]; then
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		echo "# qemu killed after the ${tmo}s timeout"
	else
		echo "# qemu exit status $status"
	fi
	fail "[$rel] guest did not finish (panic, WARN, oops, lockup or timeout)"
	key_lines_as_comments "$console"
	tail_as_comments "$console"
	if [ -s "$qemu_log" ]; then
		echo "# ---- ${qemu_log#"$top"/} ----"
		tr -d '\r' <"$qemu_log" | tail -n 20 | sed 's/^/# /'
	fi
elif [ -n "$guest_failure" ] && [ "$nfail" -eq 0 ]; then
	fail "[$rel] guest reported $guest_failure"
elif [ "$ntests" -eq 0 ]; then
	fail "[$rel] plan ${plan##*/} reported no test results"
fi

# The coverage counts: "=== PATH" then PATH's bytes in base64, per file,
# then "=== END".
if [ -n "$gcov_out" ]; then
	ngcda=0
	if [ -s "$gcov_raw" ] && tr -d '\r' <"$gcov_raw" | grep -qx '=== END'; then
		mkdir -p "$gcov_out"
		split=$(mktemp -d)
		tr -d '\r' <"$gcov_raw" | awk -v dir="$split" '
		/^=== END$/ { exit }
		/^=== \// { n++; print substr($0, 5) > (dir "/" n ".path"); next }
		n { print > (dir "/" n ".b64") }
		'
		for p in "$split"/*.path; do
			[ -e "$p" ] || continue
			f=$gcov_out/$(cat "$p")
			mkdir -p "$(dirname "$f")"
			base64 -d <"${p%.path}.b64" >"$f" && ngcda=$((ngcda + 1))
		done
		rm -rf "$split"
	fi
	if [ "$ngcda" -gt 0 ]; then
		echo "# gcov: $ngcda .gcda files from the guest in $gcov_out"
	else
		fail "[$rel] the guest sent no coverage counts (--gcov-out; is the kernel built with CONFIG_GCOV_KERNEL and the module with SGX2_GCOV=1?)"
	fi
fi

finish
