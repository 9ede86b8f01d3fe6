// SPDX-License-Identifier: GPL-2.0
/*
 * budget_spec.c - the EPC budget as a value: "N" pages or "P%" of the EPC,
 * what makes sense, and how many pages it allows on a given EPC.
 *
 * Pure: compiled into the module and into the Check tests.
 */
#include "budget_spec.h"

/**
 * sgx2_budget_parse() - parse the module parameter's spelling of a budget
 * @s:		"N" (pages, 1 to SGX2_BUDGET_PAGES_MAX) or "P%" (percent of
 *		the EPC, 1 to 100), decimal digits only; one trailing newline,
 *		as sysfs writes bring, is ignored
 * @spec:	filled in on success, untouched otherwise
 *
 * A budget of 0 pages or 0% is refused: it would refuse every enclave,
 * SECS included (unload the module instead).  Whether a page count fits
 * the EPC is sgx2_budget_pages()'s question: the EPC size may not be known
 * yet when the parameter is parsed at load time.
 *
 * Return: 0, or -EINVAL for anything else (empty, signs, spaces, another
 * base, 0, above the bounds).
 */
int sgx2_budget_parse(const char *s, struct sgx2_budget_spec *spec)
{
	size_t n = strlen(s), i;
	bool percent = false;
	u64 v = 0;

	if (n && s[n - 1] == '\n')
		n--;
	if (n && s[n - 1] == '%') {
		percent = true;
		n--;
	}
	if (!n)
		return -EINVAL;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (u64)(s[i] - '0');
		if (v > SGX2_BUDGET_PAGES_MAX)
			return -EINVAL;
	}
	if (!v || (percent && v > 100))
		return -EINVAL;

	spec->value = v;
	spec->percent = percent;
	return 0;
}

/**
 * sgx2_budget_pages() - the pages a budget allows on an EPC
 * @spec:	a budget from sgx2_budget_parse()
 * @epc_pages:	pages in the EPC
 * @pages:	receives the budget in pages (a percentage rounds down)
 *
 * Return:
 * * 0 - @pages is between 1 and @epc_pages
 * * -EINVAL - a page count above @epc_pages (it could never be reached:
 *   say 100% for "all of it"), or a percentage too small to allow one page
 */
int sgx2_budget_pages(const struct sgx2_budget_spec *spec, u64 epc_pages,
		      u64 *pages)
{
	u64 p;

	if (spec->percent)
		p = epc_pages / 100 * spec->value +
		    epc_pages % 100 * spec->value / 100;
	else
		p = spec->value;

	if (!p || p > epc_pages)
		return -EINVAL;
	*pages = p;
	return 0;
}

/**
 * sgx2_budget_format() - spell a budget the way sgx2_budget_parse() reads it
 * @spec:	a budget from sgx2_budget_parse()
 * @buf:	output buffer, always NUL-terminated when @len > 0
 * @len:	its size
 *
 * Return: the length of the full string, like snprintf().
 */
int sgx2_budget_format(const struct sgx2_budget_spec *spec, char *buf,
		       size_t len)
{
	char digits[SGX2_BUDGET_STR_MAX];
	size_t at = 0;
	u64 v = spec->value;
	int i = 0;

	do {
		digits[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);

	while (i > 0) {
		if (at + 1 < len)
			buf[at] = digits[i - 1];
		at++;
		i--;
	}
	if (spec->percent) {
		if (at + 1 < len)
			buf[at] = '%';
		at++;
	}
	if (len)
		buf[at < len ? at : len - 1] = '\0';
	return (int)at;
}
