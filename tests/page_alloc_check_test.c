// SPDX-License-Identifier: GPL-2.0
/*
 * zone_is_valid() fed broken allocators: every kind of damage it claims to
 * find is made by hand here and must be reported; undone, it must pass.
 */
#include <linux/mm.h>

#include "common.h"

static struct zone *busy_zone(struct page **page)
{
	boot_pc(64, 1, 1);
	*page = alloc_pages(GFP_KERNEL, 4);	/* free blocks of orders 4..9 */
	ASSERT_NOT_NULL(*page);
	ASSERT_TRUE(page_alloc_is_valid());
	return page_zone(*page);
}

#define EXPECT_DAMAGE_FOUND(needle) do {				\
	unsigned long _n = report_count(REPORT_INCONSISTENT);		\
									\
	ASSERT_TRUE(!page_alloc_is_valid());				\
	ASSERT_TRUE(report_count(REPORT_INCONSISTENT) > _n);		\
	ASSERT_REPORT_HAS(needle);					\
} while (0)

static struct page *first_free(struct zone *zone, int order)
{
	return list_first_entry(&zone->free_area[order].free_list, struct page, lru);
}

static void counter_drift(void)
{
	struct page *page;
	struct zone *zone = busy_zone(&page);

	zone->free_pages++;
	EXPECT_DAMAGE_FOUND("free lists plus deferred differ from free_pages");
	zone->free_pages--;
	zone->free_area[5].nr_free++;
	EXPECT_DAMAGE_FOUND("free list length differs from nr_free");
	zone->free_area[5].nr_free--;
	ASSERT_TRUE(page_alloc_is_valid());
}

static void free_block_marks(void)
{
	struct page *page;
	struct zone *zone = busy_zone(&page);
	struct page *block = first_free(zone, 6);

	__ClearPageBuddy(block);
	EXPECT_DAMAGE_FOUND("free block head not PG_buddy of its order");
	__SetPageBuddy(block);
	block->order = 7;
	EXPECT_DAMAGE_FOUND("not PG_buddy of its order");
	block->order = 6;
	block->_refcount = 1;
	EXPECT_DAMAGE_FOUND("free block referenced or reserved");
	block->_refcount = 0;
	ASSERT_TRUE(page_alloc_is_valid());
}

/* Two free buddies of one order must have been merged. */
static void unmerged_buddies(void)
{
	struct page *page;
	struct zone *zone = busy_zone(&page);
	struct page *block = first_free(zone, 9);

	/* Split the order-9 block by hand into two free order-8 halves. */
	list_del(&block->lru);
	zone->free_area[9].nr_free--;
	for (int half = 0; half < 2; half++) {
		struct page *p = block + half * 256;

		p->flags = BIT(PG_buddy);
		p->order = 8;
		list_add(&p->lru, &zone->free_area[8].free_list);
		zone->free_area[8].nr_free++;
	}
	EXPECT_DAMAGE_FOUND("free buddies left unmerged");
}

static void misaligned_and_foreign(void)
{
	struct page *page;
	struct zone *zone = busy_zone(&page);
	struct page *block = first_free(zone, 4);

	/* Move the order-4 block's head one page up: misaligned. */
	list_del(&block->lru);
	block->flags = 0;
	block[1].flags = BIT(PG_buddy);
	block[1].order = 4;
	list_add(&block[1].lru, &zone->free_area[4].free_list);
	EXPECT_DAMAGE_FOUND("free block misaligned");
}

static void per_cpu_damage(void)
{
	struct page *page;
	struct zone *zone = busy_zone(&page);
	struct page *p0 = alloc_pages(GFP_KERNEL, 0);
	struct per_cpu_pages *pcp = &zone->pcp[0];

	ASSERT_TRUE(page_zone(p0) == zone);
	__free_pages(p0, 0);
	pcp->count++;
	EXPECT_DAMAGE_FOUND("per-CPU lists hold other than count pages");
	pcp->count--;
	p0->_refcount = 1;	/* a page on a per-CPU list in use */
	EXPECT_DAMAGE_FOUND("bad block on a per-CPU list");
	p0->_refcount = 0;
	ASSERT_TRUE(page_alloc_is_valid());
}

TEST_MAIN("page_alloc_check",
	TEST_CASE(counter_drift),
	TEST_CASE(free_block_marks),
	TEST_CASE(unmerged_buddies),
	TEST_CASE(misaligned_and_foreign),
	TEST_CASE(per_cpu_damage))
