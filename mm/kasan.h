/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/kasan.h - KASAN, played by the host's AddressSanitizer.
 *
 * Under --config=asan the slab allocator marks what no caller may touch
 * (free objects, red zones, free pointers and owner records, slab padding)
 * through ASan's manual poisoning interface, so that a host access to it is
 * a real ASan report ("use-after-poison") with a stack.  Everywhere else
 * these are empty inline twins and cost nothing.
 *
 * The allocator's own reads and writes of poisoned metadata go through
 * __no_sanitize_address accessors (the free pointer) or between
 * kasan_unpoison() and kasan_poison() (the debug code, whose memset and
 * memcmp ASan intercepts).
 */
#ifndef _MM_KASAN_H
#define _MM_KASAN_H

#include <stddef.h>

/* gcc defines __SANITIZE_ADDRESS__; clang-14 only answers __has_feature. */
#if defined(__SANITIZE_ADDRESS__)
#define MMFUZZ_KASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MMFUZZ_KASAN	1
#endif
#endif
#ifndef MMFUZZ_KASAN
#define MMFUZZ_KASAN	0
#endif

#if MMFUZZ_KASAN
#include <sanitizer/asan_interface.h>

/*
 * For the few accessors that read poisoned metadata.  Not always_inline:
 * compilers do not inline across differing sanitizer attributes.
 */
#define __no_sanitize_address	__attribute__((no_sanitize_address))

/* Make [@p, @p + @size) unaddressable for the host. */
static inline void kasan_poison(const void *p, size_t size)
{
	__asan_poison_memory_region(p, size);
}

/* Make [@p, @p + @size) addressable again. */
static inline void kasan_unpoison(const void *p, size_t size)
{
	__asan_unpoison_memory_region(p, size);
}
#else
#define __no_sanitize_address

static inline void kasan_poison(const void *p, size_t size)
{
}

static inline void kasan_unpoison(const void *p, size_t size)
{
}
#endif

#endif /* _MM_KASAN_H */
