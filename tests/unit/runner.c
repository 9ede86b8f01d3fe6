// SPDX-License-Identifier: GPL-2.0
/*
 * runner.c - runs every Check suite listed in suites.h.
 *
 * CK_RUN_SUITE / CK_RUN_CASE pick a subset; CK_TAP_LOG_FILE_NAME writes TAP.
 * The last line printed is Check's "N%: Checks: N, Failures: N, Errors: N".
 */
#include <check.h>
#include <stdlib.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

#define SUITE(name) srunner_add_suite(sr, name##_suite());
#include "suites.h"
#undef SUITE

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
