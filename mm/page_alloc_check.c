// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy allocator's consistency checker.  It trusts nothing it reads:
 * list walks are bounded by the counters (a cycle or a lost entry shows up
 * as a count mismatch, never as a hang), and every page is checked against
 * the zone span and pfn_valid() before its struct page is believed.
 */
#include <linux/gfp.h>
#include <linux/mmdebug.h>
#include <linux/report.h>

#include "internal.h"

static bool bad(struct zone *zone, const struct page *page, const char *what,
		unsigned long a, unsigned long b)
{
	report_begin(REPORT_INCONSISTENT,
		     "BUG: buddy allocator inconsistent: node %d zone %s: %s",
		     zone->zone_pgdat->node_id, zone->name, what);
	report_line("values: %#lx %#lx", a, b);
	if (page && page_in_mem_map(page))
		report_page(page);
	report_end();
	return false;
}

static bool free_block_ok(struct zone *zone, const struct page *page,
			  unsigned int order)
{
	unsigned long pfn, buddy_pfn;

	if (!page_in_mem_map(page))
		return bad(zone, NULL, "free list entry is not a struct page",
			   order, 0);
	pfn = page_to_pfn(page);
	if (!zone_spans_pfn(zone, pfn) || !zone_spans_pfn(zone, pfn + (1UL << order) - 1))
		return bad(zone, page, "free block outside the zone", pfn, order);
	if (!pfn_valid(pfn) || !pfn_valid(pfn + (1UL << order) - 1))
		return bad(zone, page, "free block is not RAM", pfn, order);
	if (!IS_ALIGNED(pfn, 1UL << order))
		return bad(zone, page, "free block misaligned", pfn, order);
	if (!PageBuddy(page) || page->order != order)
		return bad(zone, page, "free block head not PG_buddy of its order",
			   pfn, order);
	if (page_ref_count(page) != 0 || PageReserved(page))
		return bad(zone, page, "free block referenced or reserved", pfn,
			   (unsigned long)page_ref_count(page));
	buddy_pfn = pfn ^ (1UL << order);
	if (order < MAX_PAGE_ORDER && zone_spans_pfn(zone, buddy_pfn) &&
	    PageBuddy(pfn_to_page(buddy_pfn)) &&
	    pfn_to_page(buddy_pfn)->order == order)
		return bad(zone, page, "free buddies left unmerged", pfn, buddy_pfn);
	return true;
}

static bool free_area_ok(struct zone *zone, unsigned int order,
			 unsigned long *pages)
{
	struct free_area *area = &zone->free_area[order];
	struct list_head *pos = area->free_list.next;
	unsigned long n = 0;
	bool ok = true;

	while (pos != &area->free_list && n <= area->nr_free) {
		if (!pos)
			return bad(zone, NULL, "free list broken", order, n);
		ok &= free_block_ok(zone, list_entry(pos, struct page, lru), order);
		n++;
		pos = pos->next;
	}
	*pages += n << order;	/* what is really there: no cascade of reports */
	if (n != area->nr_free)
		return bad(zone, NULL, "free list length differs from nr_free",
			   n, area->nr_free);
	return ok;
}

/* One per-CPU list: whole free blocks of its order; adds their pages to *@pages. */
static bool pcp_list_ok(struct zone *zone, unsigned int cpu, int pindex,
			long limit, long *pages)
{
	struct list_head *list = &zone->pcp[cpu].lists[pindex];
	unsigned int order = pindex_to_order(pindex);
	struct list_head *pos = list->next;
	bool ok = true;

	while (pos != list && *pages <= limit) {
		const struct page *page;
		unsigned long pfn;

		if (!pos)
			return bad(zone, NULL, "per-CPU list broken", cpu, order);
		page = list_entry(pos, struct page, lru);
		if (!page_in_mem_map(page))
			return bad(zone, NULL, "per-CPU list entry is not a struct page",
				   cpu, order);
		pfn = page_to_pfn(page);
		if (!zone_spans_pfn(zone, pfn) || !IS_ALIGNED(pfn, 1UL << order) ||
		    PageBuddy(page) || page_ref_count(page) != 0)
			ok = bad(zone, page, "bad block on a per-CPU list", cpu, pfn);
		*pages += 1L << order;
		pos = pos->next;
	}
	return ok;
}

static bool pcp_ok(struct zone *zone, unsigned int cpu)
{
	struct per_cpu_pages *pcp = &zone->pcp[cpu];
	long pages = 0;
	bool ok = true;

	for (int pindex = 0; pindex < NR_PCP_LISTS; pindex++)
		ok &= pcp_list_ok(zone, cpu, pindex, pcp->count, &pages);
	if (pages != pcp->count)
		return bad(zone, NULL, "per-CPU lists hold other than count pages",
			   (unsigned long)pages, (unsigned long)pcp->count);
	return ok;
}

bool zone_is_valid(struct zone *zone)
{
	unsigned long pages = 0, deferred = 0;
	bool ok = true;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		ok &= free_area_ok(zone, o, &pages);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		ok &= pcp_ok(zone, cpu);
	for (unsigned int i = zone->deferred_next; i < zone->nr_deferred; i++)
		deferred += zone->deferred[i].end - zone->deferred[i].start;
	if (deferred != zone->deferred_pages)
		ok = bad(zone, NULL, "deferred ranges differ from deferred_pages",
			 deferred, zone->deferred_pages);
	if (pages + zone->deferred_pages != zone->free_pages)
		ok = bad(zone, NULL, "free lists plus deferred differ from free_pages",
			 pages + zone->deferred_pages, zone->free_pages);
	if (zone->free_pages > zone->managed_pages)
		ok = bad(zone, NULL, "more free pages than managed pages",
			 zone->free_pages, zone->managed_pages);
	return ok;
}

bool page_alloc_is_valid(void)
{
	struct zone *zone;
	bool ok = true;

	for_each_zone(zone)
		ok &= zone_is_valid(zone);
	return ok;
}
