// SPDX-License-Identifier: GPL-2.0
/*
 * The balloon: free blocks taken straight off a zone's free lists and kept
 * on a list of our own (page->lru of the block head), largest blocks first,
 * so that holding back gigabytes costs a few hundred list entries.  Blocks
 * are allocated pages as far as the buddy allocator knows (_refcount 1,
 * page->order), and go back through __free_pages() in reverse order.
 */
#include <linux/balloon.h>
#include <linux/gfp.h>
#include <linux/report.h>

#include "internal.h"

static struct list_head balloon_list = LIST_HEAD_INIT(balloon_list);
static unsigned long balloon_nr;

void balloon_exit(void)
{
	INIT_LIST_HEAD(&balloon_list);
	balloon_nr = 0;
}

unsigned long balloon_pages(void)
{
	return balloon_nr;
}

unsigned long balloon_inflate(struct zone *zone, unsigned long nr_pages)
{
	unsigned long taken = 0;

	if (!zone || !populated_zone(zone)) {
		report_begin(REPORT_BAD_ARG, "BUG: balloon_inflate of %s zone",
			     zone ? "an empty" : "a NULL");
		report_end();
		return 0;
	}
	drain_all_pages(zone);
	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		while (nr_pages - taken >= (1UL << order)) {
			struct page *page = rmqueue_no_watermarks(zone, (unsigned int)order);

			if (!page)
				break;
			list_add(&page->lru, &balloon_list);
			taken += 1UL << order;
		}
	}
	balloon_nr += taken;
	return taken;
}

unsigned long balloon_leave(struct zone *zone, unsigned long left)
{
	if (!zone || !populated_zone(zone))
		return balloon_inflate(zone, 0);
	drain_all_pages(zone);
	if (zone->free_pages <= left)
		return 0;
	return balloon_inflate(zone, zone->free_pages - left);
}

unsigned long balloon_deflate(unsigned long nr_pages)
{
	unsigned long given = 0;

	while (given < nr_pages && !list_empty(&balloon_list)) {
		struct page *page = list_first_entry(&balloon_list, struct page, lru);
		unsigned int order = page->order;

		list_del(&page->lru);
		INIT_LIST_HEAD(&page->lru);
		__free_pages(page, order);
		given += 1UL << order;
	}
	balloon_nr -= given;
	return given;
}

void zone_set_watermark_boost(struct zone *zone, unsigned long pages)
{
	if (!zone) {
		report_begin(REPORT_BAD_ARG, "BUG: zone_set_watermark_boost of a NULL zone");
		report_end();
		return;
	}
	zone->watermark_boost = pages;
}
