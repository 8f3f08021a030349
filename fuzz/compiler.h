/* SPDX-License-Identifier: GPL-2.0 */
/* Compiler attributes the harness needs beyond <linux/types.h>'s. */
#ifndef _FUZZ_COMPILER_H
#define _FUZZ_COMPILER_H

/*
 * __no_sanitize_coverage: not instrumented for coverage-guided fuzzing.
 * For the oracle's loops that run after every op (shadow, contents,
 * counters): their branches say nothing about the allocator, cost most of
 * an execution under -fsanitize=fuzzer, and would make the engine keep
 * inputs for the oracle's sake.  Linux has the same macro.
 */
#ifdef __clang__
#define __no_sanitize_coverage	__attribute__((no_sanitize("coverage")))
#else
#define __no_sanitize_coverage	__attribute__((no_sanitize_coverage))
#endif

#endif /* _FUZZ_COMPILER_H */
