/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny test harness for fuzz/'s tests: named cases, CHECK_* macros that
 * stop the case and say where, a seeded PRNG, and a way to run code that
 * must abort() in a child process and read what it printed.
 *
 * The runner ends with "N passed, N failed" and exits non-zero on failure.
 */
#ifndef _FUZZ_TESTING_H
#define _FUZZ_TESTING_H

#include <stdio.h>
#include <string.h>

#include <linux/mm.h>

struct test_case {
	const char	*name;
	void		(*fn)(void);
};

#define TEST(fn)	{ #fn, fn }

int run_test_cases(const char *suite, const struct test_case *cases, size_t n);

#define TEST_MAIN(suite, ...)						\
int main(void)								\
{									\
	static const struct test_case cases[] = { __VA_ARGS__ };	\
	return run_test_cases(suite, cases, ARRAY_SIZE(cases));	\
}

void test_fail(const char *file, int line, const char *fmt, ...) __printf(3, 4);

#define CHECK(x) do {							\
	if (!(x))							\
		test_fail(__FILE__, __LINE__, "expected: %s", #x);	\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b)							\
		test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld",	\
			  #a, #b, _a, _b);				\
} while (0)

#define CHECK_STREQ(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (strcmp(_a, _b))						\
		test_fail(__FILE__, __LINE__, "%s == %s:\n%s\n---- vs ----\n%s", \
			  #a, #b, _a, _b);				\
} while (0)

/* @s contains @needle. */
#define CHECK_HAS(s, needle) do {					\
	const char *_s = (s);						\
	if (!strstr(_s, needle))					\
		test_fail(__FILE__, __LINE__, "expected \"%s\" in:\n%s",	\
			  needle, _s);					\
} while (0)

/* xorshift64*: the same sequence everywhere for the same seed. */
u64 test_rand(u64 *state);

/**
 * run_in_child() - run @fn(@arg) in a forked child with stderr captured.
 * @out: receives up to @size - 1 bytes of what the child wrote to stderr.
 * Return: the child's wait status.
 */
int run_in_child(void (*fn)(void *arg), void *arg, char *out, size_t size);

#endif /* _FUZZ_TESTING_H */
