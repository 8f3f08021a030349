// SPDX-License-Identifier: GPL-2.0
/*
 * The kmalloc family: size classes for every size 0 .. 8 MiB, alignment,
 * zeroing, krealloc, overflow, DMA caches, nodes and GFP fix-ups.  Every
 * case ends with everything freed and the buddy counters as after boot.
 */
#include <stdint.h>

#include <linux/mm.h>
#include <linux/slab.h>

#include "common.h"

#define MiB	(1UL << 20)

/* The class Linux gives @size: what ksize() must say. */
static size_t expected_class(size_t size)
{
	static const size_t small[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
					1024, 2048, 4096, 8192 };

	if (size == 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(small); i++)
		if (size <= small[i])
			return small[i];
	if (size <= KMALLOC_MAX_SIZE)
		return PAGE_SIZE << get_order(size);
	return 0;
}

static void back_to_boot(const struct buddy_snapshot *snap)
{
	kmem_cache_shrink_all();
	ASSERT_TRUE(slab_is_valid());
	assert_free_pages_restored(snap);
}

static void zero_size(void)
{
	boot_pc(64, 1, 1);
	ASSERT_TRUE(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	ASSERT_TRUE(kzalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	ASSERT_TRUE(kcalloc(0, 8, GFP_KERNEL) == ZERO_SIZE_PTR);
	ASSERT_EQ(ksize(ZERO_SIZE_PTR), 0);
	ASSERT_EQ(ksize(NULL), 0);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	ASSERT_EQ(report_total(), 0);
}

/* One real allocation of @size: NULL, ZERO_SIZE_PTR or the right class. */
static void alloc_and_check(size_t size)
{
	size_t want = expected_class(size);
	void *p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);

	if (size == 0) {
		ASSERT_TRUE(p == ZERO_SIZE_PTR);
	} else if (size > KMALLOC_MAX_SIZE) {
		ASSERT_NULL(p);
	} else {
		ASSERT_NOT_NULL(p);
		if (ksize(p) != want)
			test_fail(__FILE__, __LINE__, "ksize(kmalloc(%zu)) = %zu, want %zu",
				  size, ksize(p), want);
		*(volatile char *)p = 1;
		((volatile char *)p)[size - 1] = 2;
	}
	kfree(p);
}

/*
 * Every size 0 .. 8 MiB: its class, and a real allocation of every size up
 * to 32 KiB and of every size within 2 bytes of a page multiple beyond
 * (the only places a large kmalloc's order can change).
 */
static void class_of_every_size(void)
{
	struct buddy_snapshot snap;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	for (size_t size = 0; size <= 8 * MiB; size++) {
		if (size <= KMALLOC_MAX_SIZE)
			ASSERT_EQ(kmalloc_size_roundup(size), expected_class(size));
		else
			ASSERT_EQ(kmalloc_size_roundup(size), size);
	}
	for (size_t size = 0; size <= 4 * KMALLOC_MAX_CACHE_SIZE; size++)
		alloc_and_check(size);
	for (size_t size = 4 * KMALLOC_MAX_CACHE_SIZE; size <= 8 * MiB; size += PAGE_SIZE)
		for (size_t d = size - 2; d <= size + 2; d++)
			alloc_and_check(d);
	ASSERT_EQ(report_total(), 0);
	/* Without __GFP_NOWARN, too large is a warning from the page allocator. */
	ASSERT_NULL(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 1);
	ASSERT_REPORT_HAS("above MAX_PAGE_ORDER");
	ASSERT_NULL(kmalloc(SIZE_MAX, GFP_KERNEL | __GFP_NOWARN));
	back_to_boot(&snap);
}

static void large_kmalloc_is_pages(void)
{
	struct buddy_snapshot snap;
	unsigned long before;
	struct page *page;
	char *p;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	before = nr_free_pages();
	p = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	ASSERT_TRUE(IS_ALIGNED((unsigned long)p, PAGE_SIZE));
	page = virt_to_page(p);
	ASSERT_TRUE(PageLargeKmalloc(page));
	ASSERT_EQ(page->order, 2);
	ASSERT_EQ(ksize(p), 4 * PAGE_SIZE);
	drain_all_pages(NULL);
	ASSERT_EQ(before - nr_free_pages(), 4);
	/* The page allocator will not take it back behind kfree's back. */
	__free_pages(page, 2);
	ASSERT_EQ(report_count(REPORT_OWNED_FREE), 1);
	ASSERT_REPORT_HAS("freeing large-kmalloc page");
	kfree(p);
	ASSERT_TRUE(!PageLargeKmalloc(page));
	p = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(virt_to_page(p)->order, MAX_PAGE_ORDER);
	kfree(p);
	back_to_boot(&snap);
}

static bool aligned_as_promised(const void *p, size_t size)
{
	unsigned long a = (unsigned long)p;

	if (!IS_ALIGNED(a, ARCH_KMALLOC_MINALIGN))
		return false;
	if ((size & (size - 1)) == 0 && size <= PAGE_SIZE)
		return IS_ALIGNED(a, size);
	return true;
}

static void alignment_with(const char *slab_debug)
{
	static const size_t sizes[] = { 1, 8, 13, 16, 24, 32, 48, 64, 72, 96, 128,
					160, 192, 256, 300, 512, 1024, 2048, 4096,
					6000, 8192 };
	struct buddy_snapshot snap;
	void *p[50];

	boot_pc_debug(64, 1, 1, slab_debug);
	buddy_snapshot(&snap);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t class = expected_class(sizes[i]);

		for (int j = 0; j < 50; j++) {
			p[j] = kmalloc(sizes[i], GFP_KERNEL);
			ASSERT_NOT_NULL(p[j]);
			if (!aligned_as_promised(p[j], class))
				test_fail(__FILE__, __LINE__,
					  "kmalloc(%zu) at VA %#lx breaks alignment",
					  sizes[i], host_to_kva(p[j]));
		}
		for (int j = 0; j < 50; j++)
			kfree(p[j]);
	}
	ASSERT_EQ(report_total(), 0);
	back_to_boot(&snap);
}

static void alignment(void)
{
	alignment_with(NULL);
}

static void alignment_with_red_zones(void)
{
	alignment_with("FZPU");
}

static bool all_bytes(const void *p, u8 v, size_t n)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != v)
			return false;
	return true;
}

static void zeroing(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	for (size_t size = 1; size <= 3 * KMALLOC_MAX_CACHE_SIZE; size += 37) {
		u8 *p = kmalloc(size, GFP_KERNEL);

		ASSERT_NOT_NULL(p);
		memset(p, 0xff, ksize(p));
		kfree(p);
		p = kzalloc(size, GFP_KERNEL);
		ASSERT_NOT_NULL(p);
		ASSERT_TRUE(all_bytes(p, 0, ksize(p)));
		kfree(p);
	}
	{
		u32 *a = kcalloc(100, sizeof(u32), GFP_KERNEL);

		ASSERT_NOT_NULL(a);
		ASSERT_TRUE(all_bytes(a, 0, 100 * sizeof(u32)));
		kfree(a);
	}
	s = kmem_cache_create("zeroed", 40, 0, 0, NULL);
	ASSERT_NOT_NULL(s);
	for (int i = 0; i < 200; i++) {
		u8 *p = kmem_cache_alloc(s, GFP_KERNEL);

		memset(p, 0xee, 40);
		kmem_cache_free(s, p);
		p = kmem_cache_zalloc(s, GFP_KERNEL);
		ASSERT_TRUE(all_bytes(p, 0, 40));
		kmem_cache_free(s, p);
	}
	kmem_cache_destroy(s);
	ASSERT_EQ(report_total(), 0);
	back_to_boot(&snap);
}

static void fill(u8 *p, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (u8)(seed + i * 7);
}

static bool filled(const u8 *p, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (u8)(seed + i * 7))
			return false;
	return true;
}

static void krealloc_semantics(void)
{
	static const size_t steps[] = { 9, 16, 17, 100, 192, 193, 4000, 8192,
					8193, 20000, 300000 };
	struct buddy_snapshot snap;
	size_t valid = 8;
	u8 *p, *q;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	p = krealloc(NULL, 8, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(ksize(p), 8);
	fill(p, 8, 3);
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		size_t ks = ksize(p);

		q = krealloc(p, steps[i], GFP_KERNEL);
		ASSERT_NOT_NULL(q);
		if (steps[i] <= ks)
			ASSERT_TRUE(q == p);	/* in place while ksize allows */
		else
			ASSERT_TRUE(ksize(q) == expected_class(steps[i]));
		ASSERT_TRUE(filled(q, valid, 3));
		fill(q, steps[i], 3);
		valid = steps[i];
		p = q;
	}
	/* Shrinking stays in place; too large fails and leaves p alone. */
	q = krealloc(p, 10, GFP_KERNEL);
	ASSERT_TRUE(q == p);
	ASSERT_NULL(krealloc(p, 8 * MiB, GFP_KERNEL | __GFP_NOWARN));
	ASSERT_TRUE(filled(p, 10, 3));
	kfree(p);
	/* __GFP_ZERO on a move: the new tail is zero. */
	p = kmalloc(32, GFP_KERNEL);
	fill(p, 32, 9);
	q = krealloc(p, 500, GFP_KERNEL | __GFP_ZERO);
	ASSERT_TRUE(filled(q, 32, 9));
	ASSERT_TRUE(all_bytes(q + 32, 0, 500 - 32));
	/* krealloc(p, 0) frees and returns ZERO_SIZE_PTR. */
	ASSERT_TRUE(krealloc(q, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	ASSERT_TRUE(krealloc(ZERO_SIZE_PTR, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	q = krealloc(ZERO_SIZE_PTR, 40, GFP_KERNEL);
	ASSERT_EQ(ksize(q), 64);
	kfree(q);
	ASSERT_EQ(report_total(), 0);
	/* Large kmallocs move and shrink the same way. */
	p = krealloc(NULL, 300000, GFP_KERNEL);
	fill(p, 300000, 5);
	q = krealloc(p, 200000, GFP_KERNEL);
	ASSERT_TRUE(q == p);
	q = krealloc(p, 600000, GFP_KERNEL);
	ASSERT_TRUE(filled(q, 200000, 5));
	q = krealloc(q, 100, GFP_KERNEL);
	ASSERT_TRUE(filled(q, 100, 5));
	kfree(q);
	back_to_boot(&snap);
}

static void overflow(void)
{
	struct buddy_snapshot snap;
	void *p;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	ASSERT_NULL(kmalloc_array(SIZE_MAX / 2 + 1, 2, GFP_KERNEL));
	ASSERT_NULL(kmalloc_array(2, SIZE_MAX / 2 + 1, GFP_KERNEL));
	ASSERT_NULL(kcalloc(SIZE_MAX / 16 + 1, 16, GFP_KERNEL));
	ASSERT_NULL(kmalloc_array_node(1UL << 40, 1UL << 40, GFP_KERNEL, 0));
	p = kmalloc(16, GFP_KERNEL);
	ASSERT_NULL(krealloc_array(p, SIZE_MAX / 4, 8, GFP_KERNEL));
	ASSERT_EQ(ksize(p), 16);
	kfree(p);
	/* Overflow is a NULL, not a warning. */
	ASSERT_EQ(report_total(), 0);
	p = kmalloc_array(1000, 8, GFP_KERNEL);
	ASSERT_EQ(ksize(p), 8192);
	kfree(p);
	back_to_boot(&snap);
}

static void dma_caches(void)
{
	struct buddy_snapshot snap;
	void *d[100], *n;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	for (int i = 0; i < 100; i++) {
		d[i] = kmalloc(64 + i, GFP_KERNEL | GFP_DMA);
		ASSERT_NOT_NULL(d[i]);
		ASSERT_EQ(zone_idx(page_zone(virt_to_page(d[i]))), ZONE_DMA);
	}
	n = kmalloc(64, GFP_KERNEL);
	ASSERT_TRUE(zone_idx(page_zone(virt_to_page(n))) != ZONE_DMA);
	/* A large DMA kmalloc comes from ZONE_DMA too. */
	d[0] = krealloc(d[0], 3 * PAGE_SIZE, GFP_KERNEL | GFP_DMA);
	ASSERT_EQ(zone_idx(page_zone(virt_to_page(d[0]))), ZONE_DMA);
	for (int i = 0; i < 100; i++)
		kfree(d[i]);
	kfree(n);
	ASSERT_EQ(report_total(), 0);
	back_to_boot(&snap);
}

/* kmalloc has no highmem or DMA32 caches: Linux's "Unexpected gfp". */
static void gfp_fixups(void)
{
	struct buddy_snapshot snap;
	void *p, *q;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	p = kmalloc(100, GFP_KERNEL | __GFP_HIGHMEM);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 1);
	ASSERT_REPORT_HAS("Unexpected gfp");
	ASSERT_REPORT_HAS("Fixing up to gfp");
	q = kmalloc(5 * PAGE_SIZE, GFP_KERNEL | __GFP_DMA32);
	ASSERT_NOT_NULL(q);
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 2);
	kfree(p);
	kfree(q);
	back_to_boot(&snap);
}

/*
 * One call, one warning, even when the node asked for cannot give a slab
 * and the allocation falls back to any node: on i386 the upper node of a
 * 4 GiB machine is all highmem (found by the fuzzer's kvmalloc_node op).
 */
static void gfp_fixup_once_across_nodes(void)
{
	struct buddy_snapshot snap;
	void *p;

	boot_pc(4096, 2, 1);
	buddy_snapshot(&snap);
	p = kmalloc_node(100, GFP_KERNEL | __GFP_HIGHMEM, 1);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 1);
	ASSERT_REPORT_HAS("Unexpected gfp");
	kfree(p);
	back_to_boot(&snap);
}

static void nodes(void)
{
	struct buddy_snapshot snap;
	void *p[200];

	boot_pc(256, 2, 2);
	buddy_snapshot(&snap);
	for (int i = 0; i < 200; i++) {
		int nid = i & 1;

		p[i] = kmalloc_node(i < 100 ? 128 : 3 * PAGE_SIZE, GFP_KERNEL, nid);
		ASSERT_NOT_NULL(p[i]);
		ASSERT_EQ(page_to_nid(virt_to_page(p[i])), nid);
	}
	kfree(p[0]);
	p[0] = kzalloc_node(50, GFP_KERNEL, 1);
	ASSERT_EQ(page_to_nid(virt_to_page(p[0])), 1);
	ASSERT_NULL(kmalloc_node(64, GFP_KERNEL, 5));
	ASSERT_REPORT_HAS("node 5 is not online");
	for (int i = 0; i < 200; i++)
		kfree(p[i]);
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 1);
	back_to_boot(&snap);
}

static void before_boot(void)
{
	ASSERT_NULL(kmalloc(64, GFP_KERNEL));
	ASSERT_REPORT_HAS("no machine is booted");
	ASSERT_NULL(kmalloc(64 * 1024, GFP_KERNEL));
	ASSERT_NULL(kmem_cache_create("early", 32, 0, 0, NULL));
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 3);
	ASSERT_EQ(kmalloc_size_roundup(100), 128);
}

static unsigned long all_slab_pages(void)
{
	unsigned long n = 0;
	struct zone *zone;

	for_each_zone(zone)
		n += zone->slab_pages;
	return n;
}

/* zone->slab_pages counts slab and large-kmalloc pages, and only those. */
static void slab_pages_counted(void)
{
	unsigned long base;
	void *small, *large;

	boot_pc(64, 1, 1);
	kmem_cache_shrink_all();
	base = all_slab_pages();
	large = kmalloc(5 * PAGE_SIZE, GFP_KERNEL);	/* an order-3 block */
	ASSERT_EQ(all_slab_pages(), base + 8);
	small = kmalloc(24, GFP_KERNEL);
	ASSERT_TRUE(all_slab_pages() > base + 8);
	kfree(large);
	kfree(small);
	kmem_cache_shrink_all();
	ASSERT_EQ(all_slab_pages(), base);
}

TEST_MAIN("slab_kmalloc",
	TEST_CASE(slab_pages_counted),
	TEST_CASE(zero_size),
	TEST_CASE(class_of_every_size),
	TEST_CASE(large_kmalloc_is_pages),
	TEST_CASE(alignment),
	TEST_CASE(alignment_with_red_zones),
	TEST_CASE(zeroing),
	TEST_CASE(krealloc_semantics),
	TEST_CASE(overflow),
	TEST_CASE(dma_caches),
	TEST_CASE(gfp_fixups),
	TEST_CASE(gfp_fixup_once_across_nodes),
	TEST_CASE(nodes),
	TEST_CASE(before_boot))
