/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - minimal TAP output for the guest test programs.
 */
#ifndef SGX2_TAP_H
#define SGX2_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void tap_result(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void tap_result(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", ok ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		tap_failed++;
}

/*
 * tap_errno(ret, want, ...): the call failed (-1) with exactly errno @want.
 * @ret is evaluated once, before errno is read.
 */
#define tap_errno(ret, want, fmt, ...) do {				\
	long __r = (long)(ret);	/* may be the call itself: run it once */ \
	int __e = errno;						\
	int __ok = __r == -1 && __e == (want);				\
	tap_result(__ok, fmt " -> %s", ##__VA_ARGS__, #want);		\
	if (!__ok)							\
		printf("# got ret=%ld errno=%d (%s)\n", __r,		\
		       __r == -1 ? __e : 0,				\
		       __r == -1 ? strerror(__e) : "no error");		\
} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

#endif /* SGX2_TAP_H */
