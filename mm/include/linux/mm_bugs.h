/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Deliberate bugs, for proving that the fuzzing oracle catches each class
 * of bug it exists to catch (fuzz/bugs_test.c).
 *
 * //mm:mm_bugs_<arch> is mm/ compiled with CONFIG_MMFUZZ_BUGS=1: each hook
 * below is then one line at the place the bug would be, active only while
 * mm_bug names it.  Every other build has CONFIG_MMFUZZ_BUGS 0, and
 * mm_bug_on() is a constant false the compiler removes with its branch:
 * production code carries no trace of the hooks.
 */
#ifndef _LINUX_MM_BUGS_H
#define _LINUX_MM_BUGS_H

#include <linux/types.h>

#ifndef CONFIG_MMFUZZ_BUGS
#define CONFIG_MMFUZZ_BUGS 0
#endif

enum mm_bug {
	MM_BUG_NONE,
	MM_BUG_LEAK,		/* __free_pages() keeps the block */
	MM_BUG_DOUBLE_FREE,	/* the double-free check lets it through */
	MM_BUG_OVERLAP,		/* a per-CPU list hands its head out twice */
	MM_BUG_WRONG_ZONE,	/* GFP_DMA may be served from ZONE_NORMAL */
	MM_BUG_NO_ZERO,		/* __GFP_ZERO ignored by the page allocator */
	MM_BUG_SCRIBBLE,	/* a slab free writes into its neighbour */
	MM_BUG_STALE_PTE,	/* vfree() leaves the area's ptes */
	MM_BUG_WRONG_PFN,	/* vmalloc maps page i > 0 to the next frame */
	MM_BUG_PT_LEAK,		/* a failed walk unlinks a new table, keeps it */
	MM_BUG_UNWIND_LEAK,	/* vmalloc keeps the pages of a failed area */
	MM_BUG_NO_MIGHT_SLEEP,	/* the page allocator skips might_alloc() */
	NR_MM_BUGS
};

/* The bug in force; MM_BUG_NONE (the correct allocator) unless a test says. */
extern enum mm_bug mm_bug;

/* Is @bug in force?  Always false outside the CONFIG_MMFUZZ_BUGS build. */
static inline bool mm_bug_on(enum mm_bug bug)
{
	return IS_ENABLED(CONFIG_MMFUZZ_BUGS) && mm_bug == bug;
}

#endif /* _LINUX_MM_BUGS_H */
