// SPDX-License-Identifier: GPL-2.0
/*
 * sim_inject.c - parse the sim backend's fault-injection setting (pure).
 *
 * The module parameter sim_inject takes:
 *
 *   off
 *   LEAF[+LEAF...]:OUTCOME:EVERY[:PERCENT[:SEED]]
 *
 * LEAF is an ENCLS or ENCLU leaf name in lower case (etrack, emodpr, ...);
 * OUTCOME an SGX return code in decimal (7 = EPC_PAGE_CONFLICT, 17 =
 * PREV_TRK_INCMPL, ...) or "gp" / "pf" for a fault; EVERY makes every Nth
 * call of those leaves fail (0: not periodically); PERCENT (0-100) adds a
 * seeded random chance per call.  Examples: "etrack:17:2",
 * "emodpr+emodt:7:5", "eaug:pf:0:10:42".
 */
#include "sim_inject.h"
#include "../model/sim_model.h"

static const struct {
	const char *name;
	enum sgx2_stat stat;
} sim_inject_leaves[] = {
	{ "ecreate", SGX2_STAT_ECREATE },	{ "eadd", SGX2_STAT_EADD },
	{ "eextend", SGX2_STAT_EEXTEND },	{ "einit", SGX2_STAT_EINIT },
	{ "eremove", SGX2_STAT_EREMOVE },	{ "etrack", SGX2_STAT_ETRACK },
	{ "eaug", SGX2_STAT_EAUG },		{ "emodpr", SGX2_STAT_EMODPR },
	{ "emodt", SGX2_STAT_EMODT },		{ "eenter", SGX2_STAT_EENTER },
	{ "eresume", SGX2_STAT_ERESUME },	{ "eexit", SGX2_STAT_EEXIT },
	{ "eaccept", SGX2_STAT_EACCEPT },
	{ "eacceptcopy", SGX2_STAT_EACCEPTCOPY },
	{ "emodpe", SGX2_STAT_EMODPE },
};

/* Decimal in [0, max] from s[0..n); -EINVAL otherwise. */
static int sim_parse_num(const char *s, size_t n, u64 max, u64 *out)
{
	u64 v = 0;
	size_t i;

	if (!n || n > 20)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		if (v > (max - (u64)(s[i] - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (u64)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static bool sim_word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && !memcmp(s, word, n);
}

static int sim_parse_leaves(const char *s, size_t n, u64 *mask)
{
	size_t i, start = 0, k;

	*mask = 0;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '+')
			continue;
		for (k = 0; k < ARRAY_SIZE(sim_inject_leaves); k++)
			if (sim_word_is(s + start, i - start,
					sim_inject_leaves[k].name))
				break;
		if (k == ARRAY_SIZE(sim_inject_leaves))
			return -EINVAL;
		*mask |= BIT_ULL(sim_inject_leaves[k].stat);
		start = i + 1;
	}
	return 0;
}

static int sim_parse_outcome(const char *s, size_t n, int *outcome)
{
	u64 v;

	if (sim_word_is(s, n, "gp")) {
		*outcome = SGX2_SIM_GP;
		return 0;
	}
	if (sim_word_is(s, n, "pf")) {
		*outcome = SGX2_SIM_PF;
		return 0;
	}
	if (sim_parse_num(s, n, 255, &v) || !v)
		return -EINVAL;
	*outcome = (int)v;
	return 0;
}

/**
 * sgx2_sim_inject_parse() - parse a sim_inject setting
 * @s:		the text (a trailing newline is ignored)
 * @spec:	receives the setting; untouched on error
 *
 * Return: 0, or -EINVAL for anything malformed: an unknown leaf, an
 * outcome that is neither an SGX code (1-255) nor gp/pf, a number out of
 * range (PERCENT above 100), missing or extra fields.
 */
int sgx2_sim_inject_parse(const char *s, struct sgx2_sim_inject_spec *spec)
{
	struct sgx2_sim_inject_spec out = { 0 };
	size_t len = strlen(s), start = 0, i;
	const char *field[5];
	size_t flen[5];
	int nf = 0;
	u64 v;

	if (len && s[len - 1] == '\n')
		len--;
	if (!len || len >= SGX2_SIM_INJECT_STR_MAX)
		return -EINVAL;
	if (sim_word_is(s, len, "off")) {
		*spec = out;
		return 0;
	}

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != ':')
			continue;
		if (nf == 5)
			return -EINVAL;
		field[nf] = s + start;
		flen[nf++] = i - start;
		start = i + 1;
	}
	if (nf < 3)
		return -EINVAL;

	if (sim_parse_leaves(field[0], flen[0], &out.leaf_mask) ||
	    sim_parse_outcome(field[1], flen[1], &out.outcome) ||
	    sim_parse_num(field[2], flen[2], 0xffffffffULL, &v))
		return -EINVAL;
	out.every = (u32)v;

	if (nf > 3) {
		if (sim_parse_num(field[3], flen[3], 100, &v))
			return -EINVAL;
		/* v percent of 2^32, saturating at 100% */
		out.threshold = v >= 100 ? 0xffffffffU :
			(u32)((v << 32) / 100);
	}
	if (nf > 4 && sim_parse_num(field[4], flen[4], ~0ULL, &out.seed))
		return -EINVAL;

	*spec = out;
	return 0;
}
