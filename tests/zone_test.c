// SPDX-License-Identifier: GPL-2.0
/* Zone constraints and fallback, watermarks and reserves, per-CPU lists. */
#include <errno.h>

#include <linux/mm.h>

#include "common.h"

#define MiB	(1ULL << 20)
#define GiB	(1ULL << 30)
#define ZONE_ABOVE_DMA	(ARCH_HAS_ZONE_DMA32 ? ZONE_DMA32 : ZONE_NORMAL)

static struct zone *zone_of(int nid, int idx)
{
	return &NODE_DATA(nid)->node_zones[idx];
}

/* Every page honours the zone its GFP mask allows. */
static void zone_constraints(void)
{
	boot_pc(ARCH_HAS_HIGHMEM ? 2048 : 6144, 1, 1);
	for (int i = 0; i < 2000; i++) {
		struct page *dma = alloc_pages(GFP_DMA, 0);
		struct page *dma32 = alloc_pages(GFP_DMA32, 0);
		struct page *low = alloc_pages(GFP_KERNEL, 0);

		ASSERT_TRUE(dma && dma32 && low);
		ASSERT_TRUE(page_to_pfn(dma) < MAX_DMA_PFN);
		if (ARCH_HAS_ZONE_DMA32)
			ASSERT_TRUE(page_to_pfn(dma32) < MAX_DMA32_PFN);
		ASSERT_TRUE(page_to_pfn(dma32) < machine.max_low_pfn);
		ASSERT_TRUE(!PageHighMem(low));
		ASSERT_TRUE(page_address(low) != NULL);
	}
	/* The first choice is the highest zone allowed. */
	{
		struct page *user = alloc_pages(GFP_HIGHUSER, 0);
		struct page *kern = alloc_pages(GFP_KERNEL, 0);

		ASSERT_EQ(zone_idx(page_zone(user)),
			  ARCH_HAS_HIGHMEM ? ZONE_HIGHMEM : ZONE_NORMAL);
		ASSERT_EQ(zone_idx(page_zone(kern)), ZONE_NORMAL);
		if (ARCH_HAS_HIGHMEM)
			ASSERT_NULL(page_address(user));
	}
}

/*
 * With a small top zone, allocations fill it first and then fall back to
 * each lower zone in turn, never upwards.
 */
static void fallback_goes_down(void)
{
	/* 8 MiB above the last boundary: HIGHMEM on i386, NORMAL on x86-64. */
	const u64 top = ARCH_HAS_HIGHMEM ? 896 * MiB : 4 * GiB;
	const u64 ram[] = { 0, top + 8 * MiB };
	const gfp_t gfp = ARCH_HAS_HIGHMEM ? GFP_HIGHUSER : GFP_KERNEL;
	int prev = MAX_NR_ZONES, seen_below = 0;

	boot_ram(ram, 1, 1, 1, 0);
	while (seen_below < 64) {
		struct page *page = alloc_pages(gfp, 0);
		int z;

		ASSERT_NOT_NULL(page);
		z = zone_idx(page_zone(page));
		ASSERT_LE(z, prev);
		if (z < prev && prev != MAX_NR_ZONES)
			ASSERT_EQ(z, ZONE_ABOVE_DMA);	/* the next populated zone */
		if (z == ZONE_ABOVE_DMA)
			seen_below++;
		prev = z;
	}
	/* The top zone was drained down to its low watermark, not below. */
	{
		struct zone *t = zone_of(0, ARCH_HAS_HIGHMEM ? ZONE_HIGHMEM : ZONE_NORMAL);

		ASSERT_LE(t->free_pages, low_wmark_pages(t) + 1);
		ASSERT_TRUE(t->free_pages + (unsigned long)t->pcp[0].count >=
			    low_wmark_pages(t));
	}
}

/* Linux's formulas: sqrt(16 * lowmem KiB), split by managed size, 1/4 steps. */
static void watermarks_computed_as_linux(void)
{
	unsigned long lowmem = 0, mins = 0, expect;
	struct zone *zone;

	boot_pc(1024, 1, 1);
	for_each_populated_zone(zone)
		if (!is_highmem(zone))
			lowmem += zone->managed_pages;
	expect = 0;
	while ((expect + 1) * (expect + 1) <= lowmem * 4 * 16)
		expect++;
	ASSERT_EQ(machine.min_free_kbytes, expect);
	for_each_populated_zone(zone) {
		unsigned long min = min_wmark_pages(zone);
		unsigned long step = low_wmark_pages(zone) - min;

		if (is_highmem(zone)) {
			ASSERT_TRUE(min >= 32 && min <= 128);
		} else {
			mins += min;
			ASSERT_TRUE(step >= min / 4);
		}
		ASSERT_EQ(high_wmark_pages(zone) - min, 2 * step);
	}
	/* The lowmem minima add up to min_free_kbytes, less rounding. */
	ASSERT_LE(mins, expect / 4);
	ASSERT_TRUE(mins + 3 >= expect / 4);
}

/* Order 4: the smallest order no per-CPU list caches, so floors are exact. */
#define ORDER	4

static unsigned int drain_zone(struct zone *zone, gfp_t gfp,
			       struct page **pages, unsigned int n,
			       unsigned int max)
{
	struct page *page;

	while (n < max && (page = alloc_pages(gfp | __GFP_NOWARN, ORDER))) {
		ASSERT_TRUE(page_zone(page) == zone);
		pages[n++] = page;
	}
	return n;
}

/*
 * One zone with min = 1024 pages.  Each class of caller stops at its own
 * floor: NOWAIT and KERNEL at min, __GFP_HIGH at min/2, ATOMIC at 3/8 of
 * min, __GFP_MEMALLOC at nothing.  Order-4 requests avoid per-CPU lists,
 * so each floor is met within one block: free - 15 <= floor < free + 1.
 */
static void reserves_by_caller(void)
{
	const u64 ram[] = { 16 * MiB, 48 * MiB };
	static struct page *pages[8192];
	struct buddy_snapshot snap;
	struct zone *zone;
	unsigned int n = 0;

	boot_ram(ram, 1, 1, 1, 4096);
	zone = zone_of(0, ZONE_ABOVE_DMA);
	ASSERT_EQ(min_wmark_pages(zone), 1024);
	buddy_snapshot(&snap);

	n = drain_zone(zone, GFP_NOWAIT, pages, n, ARRAY_SIZE(pages));
	ASSERT_TRUE(zone->free_pages >= 1024 && zone->free_pages <= 1024 + 15);
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, ORDER));

	n = drain_zone(zone, GFP_KERNEL | __GFP_HIGH, pages, n, ARRAY_SIZE(pages));
	ASSERT_TRUE(zone->free_pages >= 512 && zone->free_pages <= 512 + 15);

	n = drain_zone(zone, GFP_ATOMIC, pages, n, ARRAY_SIZE(pages));
	ASSERT_TRUE(zone->free_pages >= 384 && zone->free_pages <= 384 + 15);
	ASSERT_NULL(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, ORDER));
	/* __GFP_NOMEMALLOC takes the reserves away again. */
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOMEMALLOC |
				__GFP_NOWARN | __GFP_NORETRY, ORDER));

	n = drain_zone(zone, GFP_KERNEL | __GFP_MEMALLOC, pages, n,
			      ARRAY_SIZE(pages));
	ASSERT_LE(zone->free_pages, 15);
	ASSERT_TRUE(page_alloc_is_valid());
	while (n)
		__free_pages(pages[--n], ORDER);
	assert_free_pages_restored(&snap);
}

/*
 * lowmem_reserve: a request that could use a higher zone may not take
 * ZONE_DMA below min + (pages above it)/256; a GFP_DMA request may.
 */
static void lowmem_reserve_protects_dma(void)
{
	static struct page *pages[16384];
	struct zone *dma, *above;
	unsigned int n = 0;
	unsigned long reserve;
	struct page *page;

	boot_pc(64, 1, 1);
	dma = zone_of(0, ZONE_DMA);
	above = zone_of(0, ZONE_ABOVE_DMA);
	reserve = above->managed_pages / 256;
	ASSERT_EQ(dma->lowmem_reserve[ZONE_NORMAL], (long)reserve);
	ASSERT_EQ(dma->lowmem_reserve[ZONE_DMA], 0);

	while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, ORDER)))
		pages[n++] = page;
	ASSERT_TRUE(dma->free_pages >= min_wmark_pages(dma) + reserve &&
		    dma->free_pages <= min_wmark_pages(dma) + reserve + 15);
	page = alloc_pages(GFP_DMA | __GFP_NOWARN, ORDER);
	ASSERT_NOT_NULL(page);
	pages[n++] = page;
	while (n)
		__free_pages(pages[--n], ORDER);
	ASSERT_TRUE(page_alloc_is_valid());
}

/* Order-0 pages move through per-CPU lists in batches, per CPU. */
static void per_cpu_lists(void)
{
	static struct page *pages[1024];
	struct per_cpu_pages *pcp0, *pcp1;
	struct zone *zone;
	unsigned long free_before;
	int batch, high, n;

	boot_pc(1024, 1, 2);
	zone = zone_of(0, ZONE_ABOVE_DMA);
	pcp0 = &zone->pcp[0];
	pcp1 = &zone->pcp[1];
	batch = pcp0->batch;
	high = pcp0->high;
	/*
	 * Linux's zone_batchsize() for ~1008 MiB: min(managed >> 10, 256) / 4
	 * = 55..63, then rounddown_pow_of_two(b + b / 2) - 1 = 63.
	 */
	ASSERT_EQ(batch, 63);
	/*
	 * Linux 6.x's zone_highsize(): the low watermark split between the
	 * node's two CPUs, at least four batches; CPU 1 the same.
	 */
	ASSERT_EQ(high, (int)max(low_wmark_pages(zone) / 2, 4UL * 63));
	ASSERT_TRUE(high > 4 * batch);
	ASSERT_EQ(pcp1->high, high);

	free_before = zone->free_pages;
	pages[0] = alloc_pages(GFP_KERNEL, 0);
	ASSERT_TRUE(page_zone(pages[0]) == zone);
	ASSERT_EQ(pcp0->count, batch - 1);
	ASSERT_EQ(zone->free_pages, free_before - (unsigned long)batch);
	__free_pages(pages[0], 0);
	ASSERT_EQ(pcp0->count, batch);
	ASSERT_EQ(zone->free_pages, free_before - (unsigned long)batch);

	/*
	 * n = high rounded up to whole batches, plus one: the list's batch
	 * pages, then refills of a batch each, leaving batch - 1 on CPU 0's
	 * list.
	 */
	n = (high + batch - 1) / batch * batch + 1;
	ASSERT_TRUE(n <= (int)ARRAY_SIZE(pages));
	for (int i = 0; i < n; i++)
		pages[i] = alloc_pages(GFP_KERNEL, 0);
	ASSERT_EQ(pcp0->count, batch - 1);

	/* Frees on CPU 1 land on CPU 1's list; at high, a batch goes back. */
	ASSERT_EQ(machine_set_cpu(1), 0);
	for (int i = 0; i < high - 1; i++)
		__free_pages(pages[i], 0);
	ASSERT_EQ(pcp1->count, high - 1);
	ASSERT_EQ(pcp0->count, batch - 1);
	__free_pages(pages[high - 1], 0);
	ASSERT_EQ(pcp1->count, high - batch);

	drain_local_pages(zone);
	ASSERT_EQ(pcp1->count, 0);
	ASSERT_EQ(pcp0->count, batch - 1);
	for (int i = high; i < n; i++)
		__free_pages(pages[i], 0);
	ASSERT_EQ(pcp1->count, n - high);
	drain_all_pages(NULL);
	ASSERT_EQ(pcp0->count, 0);
	ASSERT_EQ(pcp1->count, 0);
	ASSERT_EQ(smp_processor_id(), 1);	/* draining does not move us */
	ASSERT_EQ(zone->free_pages, free_before);
	ASSERT_EQ(machine_set_cpu(2), -EINVAL);
	ASSERT_EQ(smp_processor_id(), 1);
	ASSERT_TRUE(page_alloc_is_valid());
}

/* Orders 1..3 and pageblock_order are cached per CPU too; others are not. */
static void per_cpu_high_orders(void)
{
	struct per_cpu_pages *pcp;
	struct zone *zone;
	unsigned long nr_free3, nr_free9;
	struct page *page;
	int refill, cached;
	bool fits;

	boot_pc(1024, 1, 1);
	zone = zone_of(0, ZONE_ABOVE_DMA);
	pcp = &zone->pcp[0];
	refill = pcp->batch >> 3 > 2 ? pcp->batch >> 3 : 2;	/* nr_pcp_alloc() */

	page = alloc_pages(GFP_KERNEL, 3);
	ASSERT_TRUE(page_zone(page) == zone);
	ASSERT_EQ(pcp->count, (refill - 1) * 8);
	nr_free3 = zone->free_area[3].nr_free;
	__free_pages(page, 3);
	ASSERT_EQ(pcp->count, refill * 8);
	ASSERT_EQ(zone->free_area[3].nr_free, nr_free3);	/* not merged yet */

	/*
	 * A pageblock refill brings two.  high is the low watermark (one
	 * CPU): on x86-64 it has room for both 2 MiB blocks, so the one freed
	 * stays cached and the next comes from the list; i386's 4 MiB blocks
	 * pass it, and the free sends one back.
	 */
	page = alloc_pages(GFP_KERNEL, pageblock_order);
	ASSERT_EQ(pcp->count, refill * 8 + (1 << pageblock_order));
	ASSERT_EQ(pcp->high, (int)low_wmark_pages(zone));
	fits = pcp->count + (1 << pageblock_order) < pcp->high;
	ASSERT_TRUE(fits || pageblock_order > 9);
	__free_pages(page, pageblock_order);
	cached = refill * 8 + (fits ? 2 : 1) * (1 << pageblock_order);
	ASSERT_EQ(pcp->count, cached);
	nr_free9 = zone->free_area[pageblock_order].nr_free;
	page = alloc_pages(GFP_KERNEL, pageblock_order);	/* from the list */
	ASSERT_EQ(pcp->count, cached - (1 << pageblock_order));
	ASSERT_EQ(zone->free_area[pageblock_order].nr_free, nr_free9);
	__free_pages(page, pageblock_order);
	ASSERT_EQ(pcp->count, cached);

	page = alloc_pages(GFP_KERNEL, 5);			/* never cached */
	ASSERT_EQ(pcp->count, cached);
	__free_pages(page, 5);
	ASSERT_EQ(pcp->count, cached);

	drain_local_pages(NULL);
	ASSERT_EQ(pcp->count, 0);
	ASSERT_EQ(zone->free_pages, zone->managed_pages);
	ASSERT_TRUE(page_alloc_is_valid());
}

TEST_MAIN("zone",
	TEST_CASE(zone_constraints),
	TEST_CASE(fallback_goes_down),
	TEST_CASE(watermarks_computed_as_linux),
	TEST_CASE(reserves_by_caller),
	TEST_CASE(lowmem_reserve_protects_dma),
	TEST_CASE(per_cpu_lists),
	TEST_CASE(per_cpu_high_orders))
