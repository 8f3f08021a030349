/* SPDX-License-Identifier: GPL-2.0 */
/* Fixed-width types and the small helpers every mm/ file uses. */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

/* A simulated physical address; always 64 bits wide, whatever the arch. */
typedef u64 phys_addr_t;

/* CONFIG_DEBUG_VM: internal consistency checks; --config=opt turns it off. */
#ifndef CONFIG_DEBUG_VM
#define CONFIG_DEBUG_VM 1
#endif
#define IS_ENABLED(option)	(option)

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define noinline		__attribute__((noinline))
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __must_check		__attribute__((warn_unused_result))
/* glibc's <sys/cdefs.h> has the same one. */
#ifndef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#endif

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define BIT(n)			(1UL << (n))
#define ALIGN(x, a)		(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

/* Each argument evaluated once, as the kernel's: arguments may be costly. */
#define __PASTE2(a, b)		a##b
#define __PASTE(a, b)		__PASTE2(a, b)
#define __UNIQUE_ID(prefix)	__PASTE(__PASTE(__uid_, prefix), __COUNTER__)
#define __cmp_once(op, x, y, ux, uy) ({					\
	__typeof__(x) ux = (x);						\
	__typeof__(y) uy = (y);						\
	ux op uy ? ux : uy; })
#define min(x, y)	__cmp_once(<, x, y, __UNIQUE_ID(x_), __UNIQUE_ID(y_))
#define max(x, y)	__cmp_once(>, x, y, __UNIQUE_ID(x_), __UNIQUE_ID(y_))
#define clamp(v, lo, hi)	min(max(v, lo), hi)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define SZ_1K			0x400UL
#define SZ_1M			0x100000UL
#define SZ_1G			0x40000000UL

/* Largest k with 2^k <= n, for n > 0. */
static inline unsigned int ilog2(unsigned long n)
{
	return 63 - __builtin_clzl(n);
}

#endif /* _LINUX_TYPES_H */
