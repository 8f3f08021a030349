// SPDX-License-Identifier: GPL-2.0
/*
 * Sizes: get_order(), kmalloc_size_roundup(), the overflow-safe helpers of
 * <linux/overflow.h>, overflow at every entry point that takes a count,
 * alloc_pages_exact()/free_pages_exact() and their misuse, vmalloc_32()
 * and vmalloc_user().
 */
#include <limits.h>
#include <stdint.h>

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "common.h"

#define MiB	(1UL << 20)

static void get_order_matches_linux(void)
{
	ASSERT_EQ(get_order(1), 0);
	ASSERT_EQ(get_order(PAGE_SIZE), 0);
	ASSERT_EQ(get_order(PAGE_SIZE + 1), 1);
	ASSERT_EQ(get_order(2 * PAGE_SIZE), 1);
	ASSERT_EQ(get_order(3 * PAGE_SIZE), 2);
	ASSERT_EQ(get_order(4 * MiB), MAX_PAGE_ORDER);
	ASSERT_EQ(get_order(4 * MiB + 1), MAX_PAGE_ORDER + 1);
	/* Linux's get_order(0): size - 1 wraps, BITS_PER_LONG - PAGE_SHIFT. */
	ASSERT_EQ(get_order(0), 64 - PAGE_SHIFT);
	ASSERT_EQ(get_order(ULONG_MAX), 64 - PAGE_SHIFT);
	ASSERT_EQ(get_order(1UL << 63), 63 - PAGE_SHIFT);
}

static void size_roundup(void)
{
	static const size_t sizes[] = { 1, 8, 9, 64, 65, 96, 97, 192, 193, 1000,
					4096, 4097, 8192, 8193, 100000, 4 * MiB };

	boot_pc(64, 1, 1);
	ASSERT_EQ(kmalloc_size_roundup(0), 0);
	ASSERT_EQ(kmalloc_size_roundup(1), 8);
	ASSERT_EQ(kmalloc_size_roundup(65), 96);
	ASSERT_EQ(kmalloc_size_roundup(8193), 4 * PAGE_SIZE);
	ASSERT_EQ(kmalloc_size_roundup(KMALLOC_MAX_SIZE), KMALLOC_MAX_SIZE);
	/* Above KMALLOC_MAX_SIZE kmalloc fails; the size comes back as is. */
	ASSERT_EQ(kmalloc_size_roundup(KMALLOC_MAX_SIZE + 1), KMALLOC_MAX_SIZE + 1);
	ASSERT_EQ(kmalloc_size_roundup(SIZE_MAX), SIZE_MAX);
	/* What ksize() of the real allocation says, for every class. */
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		void *p = kmalloc(sizes[i], GFP_KERNEL);

		ASSERT_NOT_NULL(p);
		ASSERT_EQ(kmalloc_size_roundup(sizes[i]), ksize(p));
		kfree(p);
	}
}

struct flex {
	u64	header;
	u32	count;
	u32	items[];
};

static void overflow_helpers(void)
{
	size_t d;
	struct flex *f = NULL;

	ASSERT_EQ(size_mul(3, 5), 15);
	ASSERT_EQ(size_mul(SIZE_MAX / 2 + 1, 2), SIZE_MAX);
	ASSERT_EQ(size_add(SIZE_MAX - 1, 1), SIZE_MAX);
	ASSERT_EQ(size_add(SIZE_MAX - 1, 2), SIZE_MAX);
	ASSERT_EQ(size_add(7, 8), 15);
	ASSERT_EQ(size_sub(8, 7), 1);
	ASSERT_EQ(size_sub(7, 8), SIZE_MAX);
	/* A saturated size stays saturated, even minus something. */
	ASSERT_EQ(size_sub(SIZE_MAX, 1), SIZE_MAX);
	ASSERT_EQ(size_sub(10, SIZE_MAX), SIZE_MAX);
	ASSERT_EQ(array_size(1000, 1000), 1000000);
	ASSERT_EQ(array_size(SIZE_MAX, 2), SIZE_MAX);
	ASSERT_EQ(array3_size(10, 20, 30), 6000);
	ASSERT_EQ(array3_size(1UL << 32, 1UL << 32, 1), SIZE_MAX);
	ASSERT_EQ(array3_size(1, 1UL << 32, 1UL << 32), SIZE_MAX);
	ASSERT_EQ(flex_array_size(f, items, 10), 40);
	ASSERT_EQ(struct_size(f, items, 10), sizeof(*f) + 40);
	ASSERT_EQ(struct_size(f, items, SIZE_MAX / 2), SIZE_MAX);
	ASSERT_EQ(struct_size(f, items, SIZE_MAX / 4 - 1), SIZE_MAX);
	ASSERT_EQ(struct_size_t(struct flex, items, 1), sizeof(struct flex) + 4);
	ASSERT_TRUE(check_mul_overflow((size_t)1 << 40, (size_t)1 << 30, &d));
	ASSERT_TRUE(!check_mul_overflow((size_t)1 << 20, (size_t)1 << 30, &d));
	ASSERT_EQ(d, 1UL << 50);
	ASSERT_TRUE(check_add_overflow(SIZE_MAX, (size_t)1, &d));
	ASSERT_EQ(d, 0);	/* the wrapped sum, as the builtin stores it */
	ASSERT_TRUE(!check_add_overflow((size_t)1, (size_t)2, &d));
}

/*
 * Every entry point that takes a count: a product that wraps to a small
 * number (SIZE_MAX/2 + 2 times 2 is 2) must fail, never return 2 bytes.
 * No warning either: Linux returns NULL before any allocator runs.
 */
static void overflow_at_every_entry_point(void)
{
	const size_t n = SIZE_MAX / 2 + 2, size = 2;	/* wraps to 2 */
	struct buddy_snapshot snap;
	void *p;

	boot_pc(64, 1, 1);
	p = kmalloc(16, GFP_KERNEL);
	memset(p, 0x3c, 16);
	buddy_snapshot(&snap);
	ASSERT_NULL(kmalloc_array(n, size, GFP_KERNEL));
	ASSERT_NULL(kmalloc_array_node(n, size, GFP_KERNEL, 0));
	ASSERT_NULL(kcalloc(n, size, GFP_KERNEL));
	ASSERT_NULL(krealloc_array(p, n, size, GFP_KERNEL));
	ASSERT_NULL(kvmalloc_array(n, size, GFP_KERNEL));
	ASSERT_NULL(kvcalloc(n, size, GFP_KERNEL));
	ASSERT_NULL(vmalloc_array(n, size));
	ASSERT_NULL(vcalloc(n, size));
	ASSERT_EQ(report_total(), 0);
	assert_free_pages_restored(&snap);
	/* krealloc_array failed: @p is untouched and still live. */
	ASSERT_EQ(ksize(p), 16);
	ASSERT_EQ(((unsigned char *)p)[15], 0x3c);
	kfree(p);

	/* The same counts without overflow work. */
	p = kcalloc(4, 4, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	kfree(p);
	p = vcalloc(3, PAGE_SIZE);
	ASSERT_NOT_NULL(p);
	vfree(p);
}

/*
 * A saturated size (SIZE_MAX) handed to the allocators fails as any huge
 * size does: with Linux's warnings, silenced by __GFP_NOWARN where Linux
 * silences them.
 */
static void saturated_sizes_fail(void)
{
	struct flex *f = NULL;
	size_t huge = struct_size(f, items, SIZE_MAX / 2);

	boot_pc(64, 1, 1);
	ASSERT_EQ(huge, SIZE_MAX);
	/* kmalloc: the page allocator's order warning. */
	EXPECT_REFUSED(REPORT_BAD_ARG, "above MAX_PAGE_ORDER",
		       ASSERT_NULL(kmalloc(huge, GFP_KERNEL)));
	ASSERT_NULL(kmalloc(huge, GFP_KERNEL | __GFP_NOWARN));
	ASSERT_NULL(kzalloc(array_size(SIZE_MAX, 8), GFP_KERNEL | __GFP_NOWARN));
	/* kvmalloc: kmalloc is tried quietly, then Linux's INT_MAX warning. */
	EXPECT_REFUSED(REPORT_BAD_ARG, "above INT_MAX",
		       ASSERT_NULL(kvmalloc(huge, GFP_KERNEL)));
	ASSERT_NULL(kvmalloc(huge, GFP_KERNEL | __GFP_NOWARN));
	ASSERT_EQ(report_total(), 2);
}

static void exact_pages(void)
{
	struct buddy_snapshot snap;
	unsigned long free_before;
	struct page *page;
	char *p;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	drain_all_pages(NULL);
	free_before = nr_free_pages();
	/* 5 pages from an order-3 block: the 3 surplus pages are free again. */
	p = alloc_pages_exact(5 * PAGE_SIZE - 100, GFP_KERNEL | __GFP_ZERO);
	ASSERT_NOT_NULL(p);
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), free_before - 5);
	page = virt_to_page(p);
	ASSERT_EQ(page_to_pfn(page) & 7, 0);	/* it was an order-3 block */
	for (int i = 0; i < 5; i++) {
		ASSERT_EQ(page_ref_count(page + i), 1);
		ASSERT_EQ(page[i].order, 0);
	}
	for (int i = 5; i < 8; i++)
		ASSERT_EQ(page_ref_count(page + i), 0);
	for (int i = 0; i < 5 * (int)PAGE_SIZE; i++)
		ASSERT_EQ(p[i], 0);
	ASSERT_TRUE(zone_is_valid(page_zone(page)));

	/* Misuse: the whole range is refused, not the first pages freed. */
	EXPECT_REFUSED(REPORT_DOUBLE_FREE, "double free",
		       free_pages_exact(p, 6 * PAGE_SIZE));
	EXPECT_REFUSED(REPORT_BAD_PFN, "unaligned",
		       free_pages_exact(p + 1, PAGE_SIZE));
	free_pages_exact(p, 5 * PAGE_SIZE - 100);
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), free_before);
	EXPECT_REFUSED(REPORT_DOUBLE_FREE, "double free",
		       free_pages_exact(p, PAGE_SIZE));

	/* A block that was not split: its head has order 2. */
	page = alloc_pages(GFP_KERNEL, 2);
	EXPECT_REFUSED(REPORT_BAD_ORDER, "allocated with order 2",
		       free_pages_exact(page_address(page), 4 * PAGE_SIZE));
	__free_pages(page, 2);

	/* An exact power of two leaves no surplus. */
	p = alloc_pages_exact(4 * PAGE_SIZE, GFP_KERNEL);
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), free_before - 4);
	free_pages_exact(p, 4 * PAGE_SIZE);
	free_pages_exact(NULL, PAGE_SIZE);
	assert_free_pages_restored(&snap);
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 0);
}

static void exact_pages_bad_flags_and_sizes(void)
{
	void *p;

	boot_pc(ARCH_HAS_HIGHMEM ? 1024 : 64, 1, 1);
	/* __GFP_HIGHMEM: warned and masked, the pages have an address. */
	EXPECT_REFUSED(REPORT_BAD_ARG, "alloc_pages_exact with __GFP_COMP or __GFP_HIGHMEM",
		       p = alloc_pages_exact(PAGE_SIZE, GFP_KERNEL | __GFP_HIGHMEM);
		       ASSERT_NOT_NULL(p); free_pages_exact(p, PAGE_SIZE));
	EXPECT_REFUSED(REPORT_BAD_ARG, "order 52 above MAX_PAGE_ORDER",
		       ASSERT_NULL(alloc_pages_exact(0, GFP_KERNEL)));
	EXPECT_REFUSED(REPORT_BAD_ARG, "order 11 above MAX_PAGE_ORDER",
		       ASSERT_NULL(alloc_pages_exact(4 * MiB + 1, GFP_KERNEL)));
	p = alloc_pages_exact(4 * MiB, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	free_pages_exact(p, 4 * MiB);
}

static void split_page_rules(void)
{
	struct page *page;

	boot_pc(64, 1, 1);
	page = alloc_pages(GFP_KERNEL, 1);
	EXPECT_REFUSED(REPORT_BAD_ARG, "split_page", split_page(page, 2));
	split_page(page, 1);
	__free_pages(page + 1, 0);
	__free_pages(page, 0);
	ASSERT_EQ(report_total(), 1);
}

/* vmalloc_32: never a page above 4 GiB, never highmem. */
static void vmalloc_32_pages(void)
{
	const unsigned long size = 64 * PAGE_SIZE;
	char *p;

	boot_pc(ARCH_HAS_HIGHMEM ? 1024 : 8192, 1, 1);
	p = vmalloc_32(size);
	ASSERT_NOT_NULL(p);
	for (unsigned long off = 0; off < size; off += PAGE_SIZE) {
		unsigned long pfn = vmalloc_to_pfn(p + off);

		ASSERT_TRUE(pfn < machine.max_low_pfn);
		ASSERT_TRUE(ARCH_HAS_ZONE_DMA32 ? pfn < (4UL << 30) >> PAGE_SHIFT :
			    !PageHighMem(pfn_to_page(pfn)));
	}
	vfree(p);
	/* Plain vmalloc has no such promise: on these machines it goes high. */
	p = vmalloc(size);
	ASSERT_TRUE(vmalloc_to_pfn(p) >= (ARCH_HAS_ZONE_DMA32 ? MAX_DMA32_PFN :
					  machine.max_low_pfn));
	vfree(p);
	ASSERT_EQ(report_total(), 0);
}

static void vmalloc_user_is_zeroed_and_usermap(void)
{
	unsigned char *p;

	boot_pc(64, 1, 1);
	p = vmalloc(3 * PAGE_SIZE);
	memset(p, 0xee, 3 * PAGE_SIZE);
	ASSERT_EQ(find_vm_area(p)->flags & VM_USERMAP, 0);
	vfree(p);
	p = vmalloc_user(3 * PAGE_SIZE);
	ASSERT_NOT_NULL(p);
	ASSERT_TRUE(find_vm_area(p)->flags & VM_USERMAP);
	ASSERT_TRUE(find_vm_area(p)->flags & VM_ALLOC);
	for (unsigned long i = 0; i < 3 * PAGE_SIZE; i++)
		ASSERT_EQ(p[i], 0);
	ASSERT_TRUE(vmalloc_is_valid());
	vfree(p);
	ASSERT_NULL(find_vm_area(p));
}

TEST_MAIN("alloc_size",
	TEST_CASE(get_order_matches_linux),
	TEST_CASE(size_roundup),
	TEST_CASE(overflow_helpers),
	TEST_CASE(overflow_at_every_entry_point),
	TEST_CASE(saturated_sizes_fail),
	TEST_CASE(exact_pages),
	TEST_CASE(exact_pages_bad_flags_and_sizes),
	TEST_CASE(split_page_rules),
	TEST_CASE(vmalloc_32_pages),
	TEST_CASE(vmalloc_user_is_zeroed_and_usermap))
