// SPDX-License-Identifier: GPL-2.0
/*
 * Every kind of bad free is reported once, with its own report type and a
 * first line that says what happened, and is refused: the allocator is
 * exactly as it was and keeps working.
 */
#include <string.h>

#include <linux/mm.h>
#include <linux/pgtable.h>

#include "common.h"

#define MiB	(1ULL << 20)

static void double_free(void)
{
	struct page *p0, *p3;

	boot_pc(64, 1, 1);
	p0 = alloc_pages(GFP_KERNEL, 0);
	p3 = alloc_pages(GFP_KERNEL, 3);
	__free_pages(p0, 0);
	__free_pages(p3, 3);
	/* p0 sits on a per-CPU list, p3 on a free list: both are caught. */
	EXPECT_REFUSED(REPORT_DOUBLE_FREE, "double free of pfn", __free_pages(p0, 0));
	EXPECT_REFUSED(REPORT_DOUBLE_FREE, "page already free", __free_pages(p3, 3));
	drain_all_pages(NULL);
	EXPECT_REFUSED(REPORT_DOUBLE_FREE, "double free", __free_pages(p0, 0));
	ASSERT_NOT_NULL(alloc_pages(GFP_KERNEL, 3));
}

static void wrong_order(void)
{
	struct page *page;

	boot_pc(64, 1, 1);
	page = alloc_pages(GFP_KERNEL, 2);
	EXPECT_REFUSED(REPORT_BAD_ORDER, "with order 1, allocated with order 2",
		       __free_pages(page, 1));
	EXPECT_REFUSED(REPORT_BAD_ORDER, "with order 3", __free_pages(page, 3));
	/* Still allocated: the right free works. */
	__free_pages(page, 2);
	ASSERT_EQ(report_count(REPORT_BAD_ORDER), 2);
}

static void tail_page(void)
{
	struct page *page;

	boot_pc(64, 1, 1);
	page = alloc_pages(GFP_KERNEL, 4);
	EXPECT_REFUSED(REPORT_TAIL_FREE, "freeing tail page", __free_pages(page + 5, 0));
	EXPECT_REFUSED(REPORT_TAIL_FREE, "of the block at pfn",
		       __free_pages(page + 8, 3));
	__free_pages(page, 4);
}

static void not_ram(void)
{
	const u64 ram[] = { 0, 8 * MiB, 12 * MiB, 32 * MiB };
	struct page foreign;
	int on_stack;

	boot_ram(ram, 2, 1, 1, 0);
	EXPECT_REFUSED(REPORT_BAD_PFN, "is not RAM",
		       __free_pages(pfn_to_page(10 * MiB / PAGE_SIZE), 0));
	memset(&foreign, 0, sizeof(foreign));
	foreign._refcount = 1;
	EXPECT_REFUSED(REPORT_BAD_PFN, "not a struct page of this machine",
		       __free_pages(&foreign, 0));
	EXPECT_REFUSED(REPORT_BAD_PFN, "not a struct page",
		       __free_pages(pfn_to_page(machine.max_pfn + 3), 0));
	EXPECT_REFUSED(REPORT_BAD_ARG, "a NULL page", __free_pages(NULL, 0));
	EXPECT_REFUSED(REPORT_BAD_PFN, "non-direct-map",
		       free_pages((unsigned long)&on_stack, 0));
	ASSERT_REPORT_HAS("lies in no kernel window");
	EXPECT_REFUSED(REPORT_BAD_PFN, "an unaligned",
		       free_pages((unsigned long)__va(4 * MiB + 8), 0));
}

/* Boot page tables are reserved; runtime ones are PG_table. */
static void kernel_owned_pages(void)
{
	unsigned long va = VMALLOC_START + 5 * PAGE_SIZE;
	struct page *data, *pgd_page;
	enum pg_level level;

	boot_pc(64, 1, 1);
	pgd_page = pfn_to_page(PHYS_PFN(machine.swapper_pg_dir));
	EXPECT_REFUSED(REPORT_RESERVED_FREE, "freeing reserved page",
		       __free_pages(pgd_page, 0));

	data = alloc_pages(GFP_KERNEL, 0);
	ASSERT_EQ(map_kernel_page(va, page_to_pfn(data), PAGE_KERNEL, GFP_KERNEL), 0);
	ASSERT_NOT_NULL(lookup_address(va, &level));
	ASSERT_EQ(level, PG_LEVEL_PTE);
	{
		pmd_t *pmd = pmd_offset(pud_offset(p4d_offset(pgd_offset_k(va), va), va), va);
		struct page *pt = pfn_to_page(pmd_pfn(*pmd));

		ASSERT_TRUE(PageTable(pt));
		EXPECT_REFUSED(REPORT_OWNED_FREE, "freeing page-table page",
			       __free_pages(pt, 0));
		ASSERT_EQ(kernel_va_to_pfn(va), page_to_pfn(data));
	}
}

static void get_page_refcount(void)
{
	struct page *page;
	struct buddy_snapshot snap;

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	page = alloc_pages(GFP_KERNEL, 1);
	get_page(page);
	__free_pages(page, 1);
	ASSERT_EQ(page_ref_count(page), 1);
	__free_pages(page, 1);
	assert_free_pages_restored(&snap);
	EXPECT_REFUSED(REPORT_BAD_ARG, "get_page of a page that is not allocated",
		       get_page(page));
	ASSERT_EQ(report_total(), 1);
}

/* CONFIG_DEBUG_VM: a block whose tail page is in use is not taken back. */
static void corrupted_block_refused(void)
{
	struct page *page;

	if (!IS_ENABLED(CONFIG_DEBUG_VM))
		return;
	boot_pc(64, 1, 1);
	page = alloc_pages(GFP_KERNEL, 2);
	page[3]._refcount = 1;		/* as if someone else owned it */
	EXPECT_REFUSED(REPORT_INCONSISTENT, "page 3 of the order-2 block",
		       __free_pages(page, 2));
	page[3]._refcount = 0;
	__free_pages(page, 2);
	ASSERT_EQ(report_total(), 1);
}

TEST_MAIN("bad_free",
	TEST_CASE(double_free),
	TEST_CASE(wrong_order),
	TEST_CASE(tail_page),
	TEST_CASE(not_ram),
	TEST_CASE(kernel_owned_pages),
	TEST_CASE(get_page_refcount),
	TEST_CASE(corrupted_block_refused))
