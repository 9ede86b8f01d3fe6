// SPDX-License-Identifier: GPL-2.0
/*
 * policy.c - the batching policy as a value: what user space may ask for,
 * how the module parameter spells it, and how many pages one ETRACK covers.
 *
 * Pure: compiled into the module and into the Check tests.
 */
#include "policy.h"

/**
 * sgx2_policy_validate() - check every field of a policy
 * @p:			the policy, as copied from user space
 * @allow_default:	accept SGX2_POLICY_DEFAULT (SET_POLICY: "use the
 *			module parameter")
 *
 * Return:
 * * 0 - the policy is well formed
 * * -EINVAL - unknown policy, chunk set for a policy other than chunk:N,
 *   chunk out of [1, SGX2_POLICY_CHUNK_MAX], fault_around above
 *   SGX2_FAULT_AROUND_MAX, or a non-zero flags or reserved field
 */
int sgx2_policy_validate(const struct sgx2_enclave_policy *p, bool allow_default)
{
	if (p->flags || p->reserved[0] || p->reserved[1])
		return -EINVAL;

	switch (p->policy) {
	case SGX2_POLICY_DEFAULT:
		if (!allow_default || p->chunk)
			return -EINVAL;
		break;
	case SGX2_POLICY_PER_PAGE:
	case SGX2_POLICY_PER_RANGE:
		if (p->chunk)
			return -EINVAL;
		break;
	case SGX2_POLICY_CHUNK:
		if (!p->chunk || p->chunk > SGX2_POLICY_CHUNK_MAX)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}

	if (p->fault_around > SGX2_FAULT_AROUND_MAX)
		return -EINVAL;

	return 0;
}

static int parse_u32(const char *s, u32 *out)
{
	u64 v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (u64)(*s - '0');
		if (v > 0xffffffffULL)
			return -ERANGE;
	}
	*out = (u32)v;
	return 0;
}

static bool str_eq(const char *a, const char *b)
{
	return !strcmp(a, b);
}

/**
 * sgx2_policy_parse() - parse the module parameter's spelling of a policy
 * @s:	"per_page", "per_range" or "chunk:N" (a trailing newline, as sysfs
 *	writes bring, is ignored)
 * @p:	filled with the policy; fault_around is left untouched
 *
 * Return:
 * * 0 - parsed and valid
 * * -EINVAL - unknown name, malformed or out-of-range N
 */
int sgx2_policy_parse(const char *s, struct sgx2_enclave_policy *p)
{
	char buf[SGX2_POLICY_STR_MAX];
	size_t n = strlen(s);
	u32 chunk;

	if (n && s[n - 1] == '\n')
		n--;
	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';

	if (str_eq(buf, "per_page")) {
		p->policy = SGX2_POLICY_PER_PAGE;
		p->chunk = 0;
	} else if (str_eq(buf, "per_range")) {
		p->policy = SGX2_POLICY_PER_RANGE;
		p->chunk = 0;
	} else if (!strncmp(buf, "chunk:", 6)) {
		if (parse_u32(buf + 6, &chunk) || !chunk ||
		    chunk > SGX2_POLICY_CHUNK_MAX)
			return -EINVAL;
		p->policy = SGX2_POLICY_CHUNK;
		p->chunk = chunk;
	} else {
		return -EINVAL;
	}
	return 0;
}

static size_t put_str(char *buf, size_t len, size_t at, const char *s)
{
	while (*s) {
		if (at + 1 < len)
			buf[at] = *s;
		at++;
		s++;
	}
	return at;
}

/**
 * sgx2_policy_format() - spell a policy the way sgx2_policy_parse() reads it
 * @p:		a valid policy other than SGX2_POLICY_DEFAULT
 * @buf:	output buffer, always NUL-terminated when @len > 0
 * @len:	its size
 *
 * Return: the length of the full string (like snprintf), or -EINVAL for a
 * policy that has no spelling.
 */
int sgx2_policy_format(const struct sgx2_enclave_policy *p, char *buf, size_t len)
{
	char digits[11];
	size_t at = 0;
	int i = 0;
	u32 v;

	switch (p->policy) {
	case SGX2_POLICY_PER_PAGE:
		at = put_str(buf, len, 0, "per_page");
		break;
	case SGX2_POLICY_PER_RANGE:
		at = put_str(buf, len, 0, "per_range");
		break;
	case SGX2_POLICY_CHUNK:
		at = put_str(buf, len, 0, "chunk:");
		v = p->chunk;
		do {
			digits[i++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		while (i > 0) {
			char c[2] = { digits[--i], '\0' };

			at = put_str(buf, len, at, c);
		}
		break;
	default:
		return -EINVAL;
	}

	if (len)
		buf[at < len ? at : len - 1] = '\0';
	return (int)at;
}

/**
 * sgx2_policy_chunk_pages() - pages covered by one ETRACK under a policy
 * @p:			a valid policy other than SGX2_POLICY_DEFAULT
 * @range_pages:	pages in the range being processed (>= 1)
 *
 * Return: 1 for per_page, min(N, @range_pages) for chunk:N and
 * @range_pages for per_range.
 */
u32 sgx2_policy_chunk_pages(const struct sgx2_enclave_policy *p, u32 range_pages)
{
	switch (p->policy) {
	case SGX2_POLICY_CHUNK:
		return p->chunk < range_pages ? p->chunk : range_pages;
	case SGX2_POLICY_PER_RANGE:
		return range_pages;
	default:
		return 1;
	}
}
