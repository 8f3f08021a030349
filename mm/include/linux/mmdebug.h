/* SPDX-License-Identifier: GPL-2.0 */
/* Consistency checkers and debug formatting for the page allocator. */
#ifndef _LINUX_MMDEBUG_H
#define _LINUX_MMDEBUG_H

#include <linux/gfp_types.h>
#include <linux/mm_types.h>
#include <linux/types.h>

struct zone;

/**
 * zone_is_valid() - check every free list, per-CPU list and counter of @zone.
 *
 * Free blocks must be naturally aligned RAM inside the zone, marked
 * PG_buddy with their order, unreferenced and fully merged; per-CPU pages
 * unreferenced and not PG_buddy; list lengths equal to their counters;
 * free_pages equal to the free blocks plus the deferred pages.
 * Cost: linear in the number of free blocks.
 * Return: true, or false after one REPORT_INCONSISTENT report per problem.
 */
bool zone_is_valid(struct zone *zone);

/* zone_is_valid() on every zone. */
bool page_alloc_is_valid(void);

/**
 * pgtable_is_valid() - check the kernel page tables, and the user half of
 * every live mm's pgd, against the page flags.
 *
 * Every non-empty entry above the pte level must be present and either a
 * large leaf or point at a lowmem RAM page that is reserved (boot tables)
 * or PG_table with one reference; every PG_table page of lowmem must be
 * linked exactly once.  Cost: the tables plus one look at each lowmem
 * struct page.
 * Return: true, or false after one REPORT_INCONSISTENT report per problem.
 */
bool pgtable_is_valid(void);

/* Run-time page-table pages (PG_table) in the machine now. */
unsigned long nr_pgtable_pages(void);

/**
 * format_gfp() - "GFP_KERNEL|__GFP_ZERO" for @gfp, into @buf.
 * Named combinations are matched first, largest first; bits without a name
 * are printed as one hex number.  Return: @buf.
 */
char *format_gfp(gfp_t gfp, char *buf, size_t size);

/* Add a "page: pfn:... refcount:... order:... flags:..." line to the report. */
void report_page(const struct page *page);

#endif /* _LINUX_MMDEBUG_H */
