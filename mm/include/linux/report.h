/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reports: the one way mm/ tells anyone that something is wrong.
 *
 * A report is a kernel-style block of text whose first line names the
 * problem ("BUG: Bad page state: double free ...").  It names arch VAs,
 * pfns, orders, zones, CPUs and the harness's op index, never a host
 * address, so the same input prints the same report everywhere.
 * Every report is counted by type; tests and the harness check the counts
 * and the text of the last report.
 */
#ifndef _LINUX_REPORT_H
#define _LINUX_REPORT_H

#include <stdio.h>
#include <linux/types.h>

enum report_type {
	REPORT_BAD_BOOT,		/* the machine description is refused */
	REPORT_BAD_ARG,			/* an API called with an impossible argument */
	REPORT_DOUBLE_FREE,		/* page already free */
	REPORT_BAD_ORDER,		/* freed with another order than allocated */
	REPORT_TAIL_FREE,		/* freeing a page inside an allocated block */
	REPORT_BAD_PFN,			/* not a RAM page, or not a struct page */
	REPORT_RESERVED_FREE,		/* freeing a reserved page */
	REPORT_OWNED_FREE,		/* freeing a page-table or slab page */
	REPORT_ALLOC_FAIL,		/* warning: page allocation failure */
	REPORT_INCONSISTENT,		/* a consistency checker found damage */
	REPORT_SLEEP_IN_ATOMIC,		/* might_sleep() in atomic context */
	REPORT_BAD_CONTEXT,		/* unbalanced or impossible context change */
	REPORT_OOM,			/* out of memory, nothing left to reclaim */
	REPORT_FAULT_INJECTED,		/* fault injection forced a failure (not a bug) */
	REPORT_BAD_VFREE,		/* vfree/vunmap of what is no such area */
	REPORT_BAD_KMAP,		/* kmap/kunmap misuse or no free slot */
	REPORT_SEGV,			/* a simulated task's bad user access */
	REPORT_SLAB_BAD_FREE,		/* kfree/kmem_cache_free of a bad pointer */
	REPORT_SLAB_CORRUPT,		/* red zone, poison or free pointer damaged */
	REPORT_SLAB_LEAK,		/* kmem_cache_destroy with live objects */
	REPORT_BAD_SCOPE,		/* memalloc_*_restore() not matching its save */
	/* Hardened usercopy (mm/usercopy.c): the copy is refused. */
	REPORT_USERCOPY_SLAB,		/* outside one object or its usercopy window */
	REPORT_USERCOPY_FREE,		/* a free slab object or a free page */
	REPORT_USERCOPY_PAGE_TABLE,	/* a page-table page */
	REPORT_USERCOPY_VMALLOC_GUARD,	/* reaches a vmalloc area's guard page */
	REPORT_USERCOPY_VMALLOC_NO_AREA, /* vmalloc space that no area holds */
	REPORT_USERCOPY_SPAN,		/* spans pages that are not one allocation */
	REPORT_USERCOPY_BOGUS,		/* NULL, or a copy above INT_MAX */
	REPORT_DMA_BAD_FREE,		/* dma_free_coherent/dma_pool_free mismatch */
	REPORT_DMA_POOL_BUSY,		/* dma_pool_destroy with blocks in use */
	NR_REPORT_TYPES
};

/**
 * report_begin() - start a report of @type whose first line is @fmt.
 * Further lines are added with report_line() before report_end().
 * Context: not nested; a report_begin() while one is open ends it first.
 */
void report_begin(enum report_type type, const char *fmt, ...) __printf(2, 3);
void report_line(const char *fmt, ...) __printf(1, 2);
void report_end(void);

/* How many reports of @type since the counters were last reset. */
unsigned long report_count(enum report_type type);
unsigned long report_total(void);
void report_reset(void);

/* The full text of the last finished report, "" if none. */
const char *report_last(void);

/*
 * Where reports go besides the counters: stderr by default, nowhere with
 * report_set_output(NULL) (fuzzing with expected misuse).
 */
void report_set_output(FILE *out);

const char *report_type_name(enum report_type type);

/**
 * panic() - "Kernel panic - not syncing: ...": report, then abort().
 * For what Linux panics on (SLAB_PANIC caches that cannot be created).
 */
void panic(const char *fmt, ...) __printf(1, 2) __attribute__((noreturn));

#endif /* _LINUX_REPORT_H */
