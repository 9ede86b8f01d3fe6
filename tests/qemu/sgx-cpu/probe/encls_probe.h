/* SPDX-License-Identifier: GPL-2.0 */
/*
 * encls_probe.h - the interface of encls_probe.ko, the emulated CPU's
 * ring-0 test probe (see encls_probe.c), shared with tests/guest/emu_test.
 * Test code only: never installed, never part of the module's ABI.
 */
#ifndef ENCLS_PROBE_H
#define ENCLS_PROBE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define ENCLS_PROBE_DEV		"/dev/encls_probe"
#define ENCLS_PROBE_RESULTS	16
#define ENCLS_PROBE_NOT_RUN	(-1)	/* a result of a step not taken */

/**
 * enum encls_probe_op - what one ENCLS_PROBE_RUN does to an enclave
 * @ENCLS_PROBE_ETRACK:	ETRACK.  result[0]: its code.
 * @ENCLS_PROBE_IPI:	an IPI to every other CPU, waiting for each to take
 *			it: the AEX that completes a tracking cycle for an
 *			enclave thread running there.  No result.
 * @ENCLS_PROBE_ETRACK_TWICE: ETRACK, ETRACK again at once, then the IPI
 *			round, then ETRACK a third time.  result[0..2].
 * @ENCLS_PROBE_EMODPR:	EMODPR of the page at @addr with SECINFO @secinfo.
 *			result[0].
 * @ENCLS_PROBE_EREMOVE: EREMOVE of the page at @addr.  result[0].  (A
 *			page it removes is gone from under the driver: meant
 *			for a page the leaf must refuse.)
 * @ENCLS_PROBE_EWB_REPLAY: the page at @addr (no thread may be inside)
 *			is written back and loaded again twice, and ELDU is
 *			given a replayed and a corrupted copy in between;
 *			result[i] is the code of step i of enum
 *			encls_probe_replay_step.  The sequence stops at the
 *			first step that goes wrong (ENCLS_PROBE_NOT_RUN
 *			after it); when none does, the page ends loaded
 *			from its last good copy.
 */
enum encls_probe_op {
	ENCLS_PROBE_ETRACK = 1,
	ENCLS_PROBE_IPI,
	ENCLS_PROBE_ETRACK_TWICE,
	ENCLS_PROBE_EMODPR,
	ENCLS_PROBE_EWB_REPLAY,
	ENCLS_PROBE_EREMOVE,
};

/*
 * The steps of ENCLS_PROBE_EWB_REPLAY, in order.  Sealed copy 1 is
 * written to VA slot 0 and loaded back (which clears the slot); copy 2 is
 * written to slot 1.  The steps named _REPLAY and _CORRUPT must fail.
 */
enum encls_probe_replay_step {
	ENCLS_REPLAY_EPA,		/* the VA page */
	ENCLS_REPLAY_EBLOCK_1,
	ENCLS_REPLAY_ETRACK_1,
	ENCLS_REPLAY_EWB_1,		/* copy 1, slot 0 */
	ENCLS_REPLAY_ELDU_1,		/* copy 1, slot 0: loaded */
	ENCLS_REPLAY_EBLOCK_2,
	ENCLS_REPLAY_ETRACK_2,
	ENCLS_REPLAY_EWB_2,		/* copy 2, slot 1 */
	ENCLS_REPLAY_ELDU_REPLAY_SLOT1,	/* copy 1 against slot 1 */
	ENCLS_REPLAY_ELDU_REPLAY_SLOT0,	/* copy 1 against its cleared slot */
	ENCLS_REPLAY_ELDU_CORRUPT,	/* copy 2, one byte flipped, slot 1 */
	ENCLS_REPLAY_ELDU_2,		/* copy 2, slot 1: loaded */
	ENCLS_REPLAY_EREMOVE_VA,	/* the VA page, done with */
	ENCLS_REPLAY_STEPS
};

/**
 * struct encls_probe_run - argument of ENCLS_PROBE_RUN
 * @fd:		an open /dev/sgx_enclave file with an initialized enclave
 * @op:		enum encls_probe_op
 * @addr:	enclave page (EMODPR, EWB_REPLAY, EREMOVE)
 * @secinfo:	SECINFO flags (EMODPR)
 * @nr:		OUT: entries of @result filled in
 * @result:	OUT: the leaves' codes: 0, an SGX error code, or
 *		0x40000000 | vector for a leaf that faulted
 */
struct encls_probe_run {
	__s32 fd;
	__u32 op;
	__u64 addr;
	__u64 secinfo;
	__u32 nr;
	__s32 result[ENCLS_PROBE_RESULTS];
};

#define ENCLS_PROBE_RUN	_IOWR('P', 0x01, struct encls_probe_run)

#endif /* ENCLS_PROBE_H */
