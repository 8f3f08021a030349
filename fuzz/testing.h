/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz/'s tests use tests/common.h's harness (named cases, run_tests(),
 * run_in_child(), test_rand()), under the CHECK_* names they were written
 * with, plus two string checks of their own.
 */
#ifndef _FUZZ_TESTING_H
#define _FUZZ_TESTING_H

#include "tests/common.h"

/* The fuzz tests' names for tests/common.h's harness. */
#define TEST(fn)		TEST_CASE(fn)
#define CHECK(x)		ASSERT_TRUE(x)
#define CHECK_EQ(a, b)		ASSERT_EQ(a, b)

#define CHECK_STREQ(a, b) do {						\
	const char *_a = (a), *_b = (b);				\
	if (strcmp(_a, _b))						\
		test_fail(__FILE__, __LINE__, "%s == %s:\n%s\n---- vs ----\n%s", \
			  #a, #b, _a, _b);				\
} while (0)

#define CHECK_HAS(s, needle) do {					\
	const char *_s = (s);						\
	if (!strstr(_s, needle))					\
		test_fail(__FILE__, __LINE__, "expected \"%s\" in:\n%s",	\
			  needle, _s);					\
} while (0)

#endif /* _FUZZ_TESTING_H */
