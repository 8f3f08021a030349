/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny test harness: named cases, ASSERT_* macros that stop the case and
 * say where, and machine helpers.  Every case boots its own machine; the
 * runner tears it down after the case whatever happened.
 *
 * The runner ends with the line "N passed, N failed" and exits non-zero if
 * anything failed.
 */
#ifndef _TESTS_COMMON_H
#define _TESTS_COMMON_H

#include <stdio.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/machine.h>
#include <linux/mmdebug.h>
#include <linux/report.h>

struct test_case {
	const char	*name;
	void		(*fn)(void);
};

#define TEST_CASE(fn)	{ #fn, fn }

int run_tests(const char *suite, const struct test_case *cases, size_t n);

#define TEST_MAIN(suite, ...)						\
int main(void)								\
{									\
	static const struct test_case cases[] = { __VA_ARGS__ };	\
	return run_tests(suite, cases, ARRAY_SIZE(cases));		\
}

void __printf(3, 4) test_fail(const char *file, int line, const char *fmt, ...);

#define ASSERT_TRUE(x) do {						\
	if (!(x))							\
		test_fail(__FILE__, __LINE__, "expected true: %s", #x);	\
} while (0)

#define ASSERT_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b)							\
		test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld",	\
			  #a, #b, _a, _b);				\
} while (0)

#define ASSERT_NE(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a == _b)							\
		test_fail(__FILE__, __LINE__, "%s != %s: both %lld",	\
			  #a, #b, _a);					\
} while (0)

#define ASSERT_LE(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a > _b)							\
		test_fail(__FILE__, __LINE__, "%s <= %s: %lld > %lld",	\
			  #a, #b, _a, _b);				\
} while (0)

#define ASSERT_NULL(p)		ASSERT_TRUE((p) == NULL)
#define ASSERT_NOT_NULL(p)	ASSERT_TRUE((p) != NULL)

/* The last report's first line must contain @needle. */
#define ASSERT_REPORT_HAS(needle) do {					\
	if (!strstr(report_last(), needle))				\
		test_fail(__FILE__, __LINE__,				\
			  "last report lacks \"%s\":\n%s", needle,	\
			  report_last());				\
} while (0)

/*
 * Snapshot, do the bad thing (@stmt), expect exactly one report, of @type,
 * whose text has @needle, and the buddy allocator exactly as it was.
 */
#define EXPECT_REFUSED(type, needle, stmt) do {				\
	struct buddy_snapshot _s;					\
	unsigned long _before = report_count(type);			\
	unsigned long _total = report_total();				\
									\
	buddy_snapshot(&_s);						\
	stmt;								\
	ASSERT_EQ(report_count(type), _before + 1);			\
	ASSERT_EQ(report_total(), _total + 1);				\
	ASSERT_REPORT_HAS(needle);					\
	assert_free_pages_restored(&_s);				\
} while (0)

/* Boot a PC of @mib MiB; fails the case if boot fails. */
void boot_pc(unsigned long mib, unsigned int nodes, unsigned int cpus);
/* boot_pc() with a slab_debug option string (NULL: off). */
void boot_pc_debug(unsigned long mib, unsigned int nodes, unsigned int cpus,
		   const char *slab_debug);
/* Boot from explicit RAM ranges in bytes: {start, end, start, end, ...}. */
void boot_ram(const u64 *ranges, unsigned int nr_ranges, unsigned int nodes,
	      unsigned int cpus, unsigned long min_free_kbytes);

/* Allocator state that must come back after everything is freed. */
struct buddy_snapshot {
	unsigned long	free_pages[MAX_NUMNODES][MAX_NR_ZONES];
	unsigned long	nr_free[MAX_NUMNODES][MAX_NR_ZONES][NR_PAGE_ORDERS];
};

void buddy_snapshot(struct buddy_snapshot *snap);
/* Drain per-CPU lists, then compare free pages per zone with @snap. */
void assert_free_pages_restored(const struct buddy_snapshot *snap);

/*
 * The leaf entry that maps @va below the pgd at @pgd, read raw from RAM by
 * the Intel SDM layout written out as literals (two levels of 1024 32-bit
 * entries on i386, four of 512 64-bit ones on x86-64), independent of the
 * walker in mm/.  0 if some level on the way is empty; large leaves are
 * returned as they are.
 */
u64 raw_leaf_entry(phys_addr_t pgd, unsigned long va);

/* Entry bits as literals: P|RW|A|D|G for a kernel 4 KiB leaf, NX on x86-64. */
#define RAW_LEAF_4K	0x163ULL
#define RAW_NX		(1ULL << 63)
#define RAW_PFN(e)	(((e) & 0x000FFFFFFFFFF000ULL) >> 12)

/*
 * Does reading the byte at @p kill a forked child with SIGSEGV?  The
 * parent's state is untouched whatever happens.
 */
bool host_access_faults(const volatile void *p);

/* fail_pgtable_alloc: the @n-th page-table page from now on fails, once (0: off). */
void fail_nth_pgtable(unsigned int n);

/* A tiny deterministic PRNG (xorshift64*), for seeded repeatable tests. */
u64 test_rand(u64 *state);

/*
 * Run @fn(@arg) in a forked child with its stderr captured into @out (at
 * most @size - 1 bytes, NUL-terminated).  Return: the waitpid() status.
 */
int run_in_child(void (*fn)(void *arg), void *arg, char *out, size_t size);

/*
 * A digest of what a program can observe of the booted machine: every
 * struct page, every frame of RAM, the zone counters.  Host pointers differ
 * between processes, so a word that points into mem_map or a kernel window
 * counts as its pfn or arch VA, and other host pointers as "a pointer".
 * Linear in RAM: for tests on small machines.
 */
u64 machine_digest(void);

#endif /* _TESTS_COMMON_H */
