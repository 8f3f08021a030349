// SPDX-License-Identifier: GPL-2.0
/* Split and merge, exhaustion, zeroing, and a seeded random workload. */
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

#include "common.h"

#define MiB	(1ULL << 20)

/* One zone, 16 MiB at 16 MiB, almost no watermark: every page usable. */
static void boot_small(void)
{
	const u64 ram[] = { 16 * MiB, 32 * MiB };

	boot_ram(ram, 1, 1, 1, 1);
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Free @n blocks of @order in one of several orders. */
static void free_in_order(struct page **blocks, unsigned int n,
			  unsigned int order, int how, u64 *seed)
{
	for (unsigned int k = 0; k < n; k++) {
		unsigned int i = k;

		if (how == 1)
			i = n - 1 - k;		/* descending */
		else if (how == 2)
			i = (2 * k < n) ? 2 * k : 2 * (k - n / 2) + 1; /* evens, odds */
		if (how == 3) {			/* seeded shuffle */
			unsigned int j = k + (unsigned int)(test_rand(seed) % (n - k));
			struct page *t = blocks[k];

			blocks[k] = blocks[j];
			blocks[j] = t;
		}
		__free_pages(blocks[i], order);
	}
}

/*
 * For every order: carving one max-order block into blocks of that order
 * tiles it exactly, and freeing them in any order merges it back whole.
 */
static void split_and_merge_every_order(void)
{
	static struct page *blocks[MAX_ORDER_NR_PAGES];
	static unsigned long pfns[MAX_ORDER_NR_PAGES];
	u64 seed = 42;

	boot_small();
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		for (int how = 0; how < 4; how++) {
			unsigned int n = 1U << (MAX_PAGE_ORDER - order);
			unsigned long base;
			struct page *head;

			for (unsigned int i = 0; i < n; i++) {
				blocks[i] = alloc_pages(GFP_KERNEL, order);
				ASSERT_NOT_NULL(blocks[i]);
				pfns[i] = page_to_pfn(blocks[i]);
				ASSERT_TRUE(IS_ALIGNED(pfns[i], 1UL << order));
			}
			qsort(pfns, n, sizeof(pfns[0]), cmp_ulong);
			base = pfns[0];
			ASSERT_TRUE(IS_ALIGNED(base, MAX_ORDER_NR_PAGES));
			for (unsigned int i = 0; i < n; i++)
				ASSERT_EQ(pfns[i], base + ((unsigned long)i << order));

			free_in_order(blocks, n, order, how, &seed);
			drain_all_pages(NULL);
			head = pfn_to_page(base);
			ASSERT_TRUE(PageBuddy(head));
			ASSERT_EQ(head->order, MAX_PAGE_ORDER);
			ASSERT_TRUE(page_alloc_is_valid());
		}
	}
}

/*
 * Splitting leaves exactly one free block of each order in between (order 4:
 * the smallest order no per-CPU list caches).
 */
static void split_leaves_one_block_per_order(void)
{
	struct zone *zone;
	struct page *page;

	boot_small();
	page = alloc_pages(GFP_KERNEL, 4);
	ASSERT_NOT_NULL(page);
	zone = page_zone(page);
	for (int o = 0; o < 4; o++)
		ASSERT_EQ(zone->free_area[o].nr_free, 0);
	for (int o = 4; o < MAX_PAGE_ORDER; o++)
		ASSERT_EQ(zone->free_area[o].nr_free, 1);
	__free_pages(page, 4);
	for (int o = 0; o < MAX_PAGE_ORDER; o++)
		ASSERT_EQ(zone->free_area[o].nr_free, 0);
	ASSERT_EQ(zone->free_area[MAX_PAGE_ORDER].nr_free, 1);
}

/* Exhaustion gives NULL, warns once per failure, and loses nothing. */
static void exhaustion_returns_null(void)
{
	static struct page *pages[8192];
	struct buddy_snapshot snap;
	unsigned int n = 0;
	unsigned long fails;

	boot_small();
	buddy_snapshot(&snap);
	while (n < ARRAY_SIZE(pages) &&
	       (pages[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 1)))
		n++;
	/* 2048 order-1 blocks minus boot page tables and the watermark. */
	ASSERT_TRUE(n > 2000 && n < 2048);
	fails = report_count(REPORT_ALLOC_FAIL);
	ASSERT_NULL(alloc_pages(GFP_KERNEL, 1));
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), fails + 1);
	ASSERT_REPORT_HAS("order:1, mode:0xcc0(GFP_KERNEL)");
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER));
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), fails + 1);
	ASSERT_TRUE(page_alloc_is_valid());
	while (n)
		__free_pages(pages[--n], 1);
	assert_free_pages_restored(&snap);
}

/* Order above MAX_PAGE_ORDER and contradictory zones are refused. */
static void bad_requests_refused(void)
{
	boot_small();
	ASSERT_NULL(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 1);
	ASSERT_REPORT_HAS("above MAX_PAGE_ORDER");
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 99));
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 1);
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_DMA | __GFP_HIGHMEM, 0));
	ASSERT_REPORT_HAS("contradictory zone modifiers");
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_DMA | __GFP_DMA32, 0));
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_DMA32 | __GFP_HIGHMEM, 0));
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 4);
	ASSERT_TRUE(page_alloc_is_valid());
}

static bool range_is_zero(phys_addr_t phys, size_t len)
{
	static unsigned char buf[PAGE_SIZE];

	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		if (ram_read(phys + off, buf, PAGE_SIZE))
			return false;
		for (size_t i = 0; i < PAGE_SIZE; i++)
			if (buf[i])
				return false;
	}
	return true;
}

static void dirty(phys_addr_t phys, size_t len)
{
	static unsigned char buf[PAGE_SIZE];

	memset(buf, 0x5a, sizeof(buf));
	for (size_t off = 0; off < len; off += PAGE_SIZE)
		ASSERT_EQ(ram_write(phys + off, buf, PAGE_SIZE), 0);
}

/* Allocate with @gfp until the block at @phys comes back; free the rest. */
static struct page *realloc_block(gfp_t gfp, unsigned int order, phys_addr_t phys)
{
	static struct page *other[4096];
	struct page *found = NULL;
	unsigned int n = 0;

	while (!found && n < ARRAY_SIZE(other)) {
		struct page *page = alloc_pages(gfp, order);

		ASSERT_NOT_NULL(page);
		if (PFN_PHYS(page_to_pfn(page)) == phys)
			found = page;
		else
			other[n++] = page;
	}
	while (n)
		__free_pages(other[--n], order);
	return found;
}

/* __GFP_ZERO zeroes the whole block, lowmem and highmem alike. */
static void gfp_zero_zeroes(void)
{
	const gfp_t masks[] = { GFP_KERNEL, GFP_HIGHUSER };

	boot_pc(1024, 1, 1);
	for (size_t m = 0; m < ARRAY_SIZE(masks); m++) {
		for (unsigned int order = 0; order <= 3; order += 3) {
			struct page *page = alloc_pages(masks[m], order);
			phys_addr_t phys = PFN_PHYS(page_to_pfn(page));

			ASSERT_NOT_NULL(page);
			dirty(phys, PAGE_SIZE << order);
			__free_pages(page, order);
			page = realloc_block(masks[m] | __GFP_ZERO, order, phys);
			ASSERT_NOT_NULL(page);
			ASSERT_TRUE(range_is_zero(phys, PAGE_SIZE << order));
			__free_pages(page, order);
		}
	}
	{
		unsigned long addr = get_zeroed_page(GFP_KERNEL);

		ASSERT_TRUE(addr != 0);
		ASSERT_TRUE(range_is_zero(__pa((void *)addr), PAGE_SIZE));
		free_page(addr);
	}
}

/* __get_free_pages never returns highmem: the pages need an address. */
static void get_free_pages_has_address(void)
{
	boot_pc(2048, 1, 1);
	for (int i = 0; i < 64; i++) {
		unsigned long addr = __get_free_pages(GFP_HIGHUSER, 2);

		ASSERT_TRUE(addr != 0);
		ASSERT_TRUE(IS_ALIGNED(addr, 4 * PAGE_SIZE));
		ASSERT_TRUE(virt_addr_valid((void *)addr));
		/* The memory is real: write all of it. */
		memset((void *)addr, 0xab, 4 * PAGE_SIZE);
		ASSERT_LE(PHYS_PFN(__pa((void *)addr)), machine.max_low_pfn - 4);
	}
	free_pages(0, 3);	/* no-op, no report */
	ASSERT_EQ(report_total(), 0);
}

/*
 * A seeded random workload: every step keeps the checker happy, no two
 * live blocks overlap, and freeing everything restores every counter.
 */
static void random_workload(void)
{
	static const gfp_t masks[] = {
		GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_DMA, GFP_DMA32,
		GFP_HIGHUSER, GFP_KERNEL | __GFP_ZERO, GFP_NOIO,
	};
	static struct { struct page *page; unsigned int order; } live[512];
	static unsigned char owner[(1024 * MiB) >> 12];
	struct buddy_snapshot snap;
	unsigned int n = 0;
	u64 seed = 7;

	boot_pc(1024, 2, 4);
	buddy_snapshot(&snap);
	for (int step = 0; step < 4000; step++) {
		u64 r = test_rand(&seed);

		ASSERT_EQ(machine_set_cpu((unsigned int)(r >> 40) % 4), 0);
		if (n < ARRAY_SIZE(live) && (r % 3 || n == 0)) {
			unsigned int order = (unsigned int)(r >> 8) % 6;
			gfp_t gfp = masks[(r >> 16) % ARRAY_SIZE(masks)] | __GFP_NOWARN;
			struct page *page = alloc_pages_node((int)((r >> 24) % 2), gfp, order);
			unsigned long pfn;

			if (!page)
				continue;
			pfn = page_to_pfn(page);
			for (unsigned long p = pfn; p < pfn + (1UL << order); p++) {
				ASSERT_EQ(owner[p], 0);
				owner[p] = 1;
			}
			live[n].page = page;
			live[n++].order = order;
		} else {
			unsigned int i = (unsigned int)(r >> 32) % n;
			unsigned long pfn = page_to_pfn(live[i].page);

			for (unsigned long p = pfn; p < pfn + (1UL << live[i].order); p++)
				owner[p] = 0;
			__free_pages(live[i].page, live[i].order);
			live[i] = live[--n];
		}
		if (step % 64 == 0)
			ASSERT_TRUE(page_alloc_is_valid());
	}
	while (n) {
		n--;
		__free_pages(live[n].page, live[n].order);
	}
	assert_free_pages_restored(&snap);
	ASSERT_EQ(report_total(), 0);
}

TEST_MAIN("buddy",
	TEST_CASE(split_and_merge_every_order),
	TEST_CASE(split_leaves_one_block_per_order),
	TEST_CASE(exhaustion_returns_null),
	TEST_CASE(bad_requests_refused),
	TEST_CASE(gfp_zero_zeroes),
	TEST_CASE(get_free_pages_has_address),
	TEST_CASE(random_workload))
