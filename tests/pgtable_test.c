// SPDX-License-Identifier: GPL-2.0
/*
 * Page tables read back raw, entry by entry, from simulated RAM, and the
 * bits compared with the Intel SDM layout written out as literals here, so
 * that a wrong constant in arch/ cannot agree with itself.
 */
#include <errno.h>

#include <linux/fault-inject.h>
#include <linux/mm.h>
#include <linux/pgtable.h>

#include "common.h"

#define MiB	(1ULL << 20)
#define GiB	(1ULL << 30)

/* P|RW|A|D for table entries; |G for leaves; |PSE for large leaves. */
#define TABLE		0x063ULL
#define LEAF_4K		0x163ULL
#define LEAF_LARGE	0x1E3ULL
#define NX		(1ULL << 63)

static u64 raw_entry(phys_addr_t table, unsigned long index)
{
	u64 v = 0;

	ASSERT_EQ(ram_read(table + index * sizeof(pteval_t), &v, sizeof(pteval_t)), 0);
	return v;
}

static phys_addr_t table_of(u64 entry)
{
	return entry & (sizeof(pteval_t) == 8 ? 0x000FFFFFFFFFF000ULL : 0xFFFFF000ULL);
}

static void i386_direct_map(void)
{
	phys_addr_t pgd = machine.swapper_pg_dir, pte;
	u64 e;

	boot_pc(1024, 1, 1);
	pgd = machine.swapper_pg_dir;
	/* 0xC0000000 >> 22: the first 4 MiB holds the 640K-1M hole: ptes. */
	e = raw_entry(pgd, 768);
	ASSERT_EQ(e & 0xFFF, TABLE);
	pte = table_of(e);
	ASSERT_TRUE(PageReserved(pfn_to_page(PHYS_PFN(pte))));
	ASSERT_EQ(raw_entry(pte, 1), 0x1000 | LEAF_4K);
	ASSERT_EQ(raw_entry(pte, 159), 0x9F000 | LEAF_4K);
	ASSERT_EQ(raw_entry(pte, 160), 0);		/* legacy hole */
	ASSERT_EQ(raw_entry(pte, 255), 0);
	ASSERT_EQ(raw_entry(pte, 256), 0x100000 | LEAF_4K);
	/* Then 4 MiB PSE pages up to 896 MiB, and nothing above. */
	ASSERT_EQ(raw_entry(pgd, 769), 0x400000 | LEAF_LARGE);
	ASSERT_EQ(raw_entry(pgd, 768 + 223), 0x37C00000 | LEAF_LARGE);
	ASSERT_EQ(raw_entry(pgd, 768 + 224), 0);
	ASSERT_EQ(raw_entry(pgd, 0), 0);		/* no user mappings */
	ASSERT_EQ(kernel_va_to_pfn(0xC0000000UL + 900 * 4096), 900);
	ASSERT_EQ(kernel_va_to_pfn(0xC0000000UL + 5 * MiB + 4096), (5 * MiB + 4096) >> 12);
	ASSERT_EQ(kernel_va_to_pfn(0xF8000000UL), -1UL);
}

static void x86_64_direct_map(void)
{
	phys_addr_t pgd, pud, pmd, pte;
	u64 e;

	boot_pc(4096, 1, 1);
	pgd = machine.swapper_pg_dir;
	/* 0xffff888000000000: pgd index 273; p4d is folded into it. */
	e = raw_entry(pgd, 273);
	ASSERT_EQ(e & ~0x000FFFFFFFFFF000ULL, TABLE);
	pud = table_of(e);
	/* GiB 1..3 are whole: 1 GiB pages. GiB 0 has the hole: a pmd table. */
	ASSERT_EQ(raw_entry(pud, 1), (1 * GiB) | LEAF_LARGE | NX);
	ASSERT_EQ(raw_entry(pud, 3), (3 * GiB) | LEAF_LARGE | NX);
	ASSERT_EQ(raw_entry(pud, 4), 0);
	e = raw_entry(pud, 0);
	ASSERT_EQ(e & 0xFFF, TABLE);
	pmd = table_of(e);
	ASSERT_EQ(raw_entry(pmd, 1), (2 * MiB) | LEAF_LARGE | NX);
	ASSERT_EQ(raw_entry(pmd, 511), (1022 * MiB) | LEAF_LARGE | NX);
	pte = table_of(raw_entry(pmd, 0));
	ASSERT_EQ(raw_entry(pte, 1), 0x1000 | LEAF_4K | NX);
	ASSERT_EQ(raw_entry(pte, 160), 0);
	ASSERT_EQ(raw_entry(pte, 256), 0x100000 | LEAF_4K | NX);
	ASSERT_EQ(raw_entry(pgd, 0), 0);
	ASSERT_EQ(kernel_va_to_pfn(PAGE_OFFSET + 2 * GiB + 12345 * 4096UL),
		  (2 * GiB >> 12) + 12345);
}

static void direct_map(void)
{
	if (sizeof(pteval_t) == 4)
		i386_direct_map();
	else
		x86_64_direct_map();
}

/* map_kernel_page() builds missing levels from PG_table pages. */
static void map_and_unmap(void)
{
	const unsigned long va = VMALLOC_START + 7 * PAGE_SIZE;
	const unsigned int levels = sizeof(pteval_t) == 4 ? 1 : 3;
	struct buddy_snapshot snap;
	unsigned long before;
	struct page *data;
	enum pg_level level;
	pte_t *pte;

	boot_pc(256, 1, 1);
	data = alloc_pages(GFP_KERNEL, 0);
	buddy_snapshot(&snap);
	before = nr_free_pages();
	ASSERT_EQ(map_kernel_page(va, page_to_pfn(data), PAGE_KERNEL, GFP_KERNEL), 0);
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), before - levels);

	pte = lookup_address(va, &level);
	ASSERT_NOT_NULL(pte);
	ASSERT_EQ(level, PG_LEVEL_PTE);
	ASSERT_EQ((u64)pte_val(*pte), ((u64)page_to_pfn(data) << 12) | LEAF_4K |
		  (sizeof(pteval_t) == 8 ? NX : 0));
	ASSERT_EQ(kernel_va_to_pfn(va + 123), page_to_pfn(data));
	ASSERT_EQ(kernel_va_to_pfn(va + PAGE_SIZE), -1UL);
	/* The page-table page holding that pte really is in RAM at its pfn. */
	ASSERT_EQ(raw_entry(__pa(pte) & PAGE_MASK, pte_index(va)), (u64)pte_val(*pte));

	ASSERT_EQ(map_kernel_page(va, 5, PAGE_KERNEL, GFP_KERNEL), -EEXIST);
	ASSERT_EQ(map_kernel_page(PAGE_OFFSET + 64 * MiB, 5, PAGE_KERNEL, GFP_KERNEL),
		  -EEXIST);

	ASSERT_EQ(unmap_kernel_page(va), page_to_pfn(data));
	ASSERT_EQ(pte_val(*pte), 0);
	ASSERT_EQ(kernel_va_to_pfn(va), -1UL);
	ASSERT_EQ(unmap_kernel_page(va), -1UL);
	/* Kernel page tables stay once made, as in Linux. */
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), before - levels);
	ASSERT_TRUE(page_alloc_is_valid());
	(void)snap;
}

/* A failure at any level leaves the page tables and the allocator as they were. */
static void map_unwinds_on_failure(void)
{
	const unsigned int levels = sizeof(pteval_t) == 4 ? 1 : 3;
	/* A fresh pgd slot on x86-64 (needs pud, pmd, pte), a fresh pmd on i386. */
	const unsigned long va = VMALLOC_START + 64 * PUD_SIZE + 3 * PAGE_SIZE;
	struct buddy_snapshot snap;
	enum pg_level level;

	boot_pc(256, 1, 1);
	buddy_snapshot(&snap);
	/* fail_pgtable_alloc: the n-th table of the walk fails, once. */
	fail_pgtable_alloc.probability = 100;
	fail_pgtable_alloc.verbose = 0;
	for (unsigned int n = 1; n <= levels; n++) {
		fail_pgtable_alloc.interval = n;
		fail_pgtable_alloc.count = 0;
		fail_pgtable_alloc.times = 1;
		ASSERT_EQ(map_kernel_page(va, 100, PAGE_KERNEL, GFP_KERNEL), -ENOMEM);
		ASSERT_EQ(fail_pgtable_alloc.times, 0);
		ASSERT_NULL(lookup_address(va, &level));
		ASSERT_EQ(level, PG_LEVEL_NONE);
		assert_free_pages_restored(&snap);
	}
	ASSERT_EQ(fail_pgtable_alloc.injected, levels);
	fail_pgtable_alloc.interval = levels + 1;
	fail_pgtable_alloc.count = 0;
	fail_pgtable_alloc.times = 1;
	ASSERT_EQ(map_kernel_page(va, 100, PAGE_KERNEL, GFP_KERNEL), 0);
	ASSERT_EQ(fail_pgtable_alloc.times, 1);
	ASSERT_EQ(kernel_va_to_pfn(va), 100);
}

/* Run pgtable_is_valid(), which must fail, and return everything it printed. */
static const char *check_fails(char *buf, size_t size)
{
	FILE *out = fmemopen(buf, size, "w");

	ASSERT_NOT_NULL(out);
	report_set_output(out);
	ASSERT_TRUE(!pgtable_is_valid());
	report_set_output(NULL);
	fclose(out);
	return buf;
}

/* pgtable_is_valid() against broken tables: each damage found, then undone. */
static void checker_finds_damage(void)
{
	const unsigned long va = VMALLOC_START + 11 * PMD_SIZE;
	struct page *data, *stray;
	char buf[4096];
	pteval_t saved;
	pmd_t *pmd;

	boot_pc(256, 1, 1);
	ASSERT_TRUE(pgtable_is_valid());
	data = alloc_pages(GFP_KERNEL, 0);
	ASSERT_EQ(map_kernel_page(va, page_to_pfn(data), PAGE_KERNEL, GFP_KERNEL), 0);
	ASSERT_TRUE(pgtable_is_valid());
	/* The entry pointing at the new pte table (a pgd entry on i386). */
	pmd = pmd_offset(pud_offset(p4d_offset(pgd_offset_k(va), va), va), va);
	saved = pmd_val(*pmd);

	/* Not present, yet not empty: and the pte table is linked nowhere now. */
	pmd->pmd = saved & ~(pteval_t)_PAGE_PRESENT;
	check_fails(buf, sizeof(buf));
	ASSERT_TRUE(strstr(buf, "non-present entry in a kernel table") != NULL);
	ASSERT_TRUE(strstr(buf, "PG_table pages, ") != NULL);
	/* Pointing at a page that is no page table. */
	stray = alloc_pages(GFP_KERNEL, 0);
	pmd->pmd = (pteval_t)PFN_PHYS(page_to_pfn(stray)) | _KERNPG_TABLE;
	check_fails(buf, sizeof(buf));
	ASSERT_TRUE(strstr(buf, "points at a page that is not a page table") != NULL);
	/* Pointing outside RAM. */
	pmd->pmd = (pteval_t)PFN_PHYS(machine.max_pfn + 5) | _KERNPG_TABLE;
	check_fails(buf, sizeof(buf));
	ASSERT_TRUE(strstr(buf, "points outside lowmem RAM") != NULL);
	/* A PG_table page linked nowhere. */
	pmd->pmd = saved;
	ASSERT_TRUE(pgtable_is_valid());
	__SetPageTable(stray);
	check_fails(buf, sizeof(buf));
	ASSERT_TRUE(strstr(buf, "PG_table pages, ") != NULL);
	ASSERT_TRUE(strstr(buf, "leaked (linked nowhere) or linked twice") != NULL);
	__ClearPageTable(stray);
	ASSERT_TRUE(pgtable_is_valid());
	__free_pages(stray, 0);
	unmap_kernel_page(va);
	__free_pages(data, 0);
}

TEST_MAIN("pgtable",
	TEST_CASE(direct_map),
	TEST_CASE(map_and_unmap),
	TEST_CASE(map_unwinds_on_failure),
	TEST_CASE(checker_finds_damage))
