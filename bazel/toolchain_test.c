/*
 * Fails to compile, or fails at run time, unless the Bazel config built it
 * with what .bazelrc promises: gnu11; gcc by default; clang with
 * AddressSanitizer and UndefinedBehaviorSanitizer under --config=asan;
 * CONFIG_DEBUG_VM=0 under --config=opt.
 */
#include <stdio.h>

#ifndef __has_feature
#define __has_feature(x) 0	/* gcc-12 lacks it */
#endif

#if !defined(__STDC_VERSION__) || __STDC_VERSION__ != 201112L || defined(__STRICT_ANSI__)
#error "C code must build as -std=gnu11 (.bazelrc --conlyopt)"
#endif

#ifdef MMFUZZ_EXPECT_ASAN
#ifndef __clang__
#error "--config=asan must build with clang: CC autoconfiguration did not switch"
#endif
#if !__has_feature(address_sanitizer) || !__has_feature(undefined_behavior_sanitizer)
#error "--config=asan must build with -fsanitize=address,undefined"
#endif
#else
#if defined(__clang__) || !defined(__GNUC__)
#error "the default config must build with gcc: CC autoconfiguration did not switch back"
#endif
#endif

#if defined(NDEBUG) && (!defined(CONFIG_DEBUG_VM) || CONFIG_DEBUG_VM != 0)
#error "--config=opt must pass CONFIG_DEBUG_VM=0"
#endif

int main(void)
{
#ifdef __clang__
	const char *cc = "clang " __clang_version__;
#else
	const char *cc = "gcc " __VERSION__;
#endif
	printf("toolchain_test: %s, C %ld, asan %d, ubsan %d\n", cc,
	       (long)__STDC_VERSION__, __has_feature(address_sanitizer),
	       __has_feature(undefined_behavior_sanitizer));
	return 0;
}
