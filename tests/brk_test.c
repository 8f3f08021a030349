// SPDX-License-Identifier: GPL-2.0
/*
 * A simulated process: brk() growing, shrinking and refusing, VMA merge
 * and split, demand paging (into highmem on i386) with raw user ptes,
 * segmentation faults reported instead of crashing, and teardown that
 * gives back every page and page-table page.
 */
#include <errno.h>
#include <string.h>

#include <linux/highmem.h>
#include <linux/fault-inject.h>
#include <linux/mm.h>
#include <linux/mmdebug.h>
#include <linux/pgtable.h>

#include "common.h"

#define HEAP	0x08100000UL		/* where a small program's heap starts */
#define P(n)	((unsigned long)(n) * PAGE_SIZE)

/* P|RW|U|A|D for a writable user leaf; P|U|A for a read-only one. */
#define RAW_USER_RW	0x067ULL
#define RAW_USER_RO	0x025ULL

#define ASSERT_MM_VALID(mm) do {					\
	if (!mm_is_valid(mm))						\
		test_fail(__FILE__, __LINE__, "mm_is_valid():\n%s",	\
			  report_last());				\
} while (0)

#define EXPECT_SEGV(needle, stmt) do {					\
	unsigned long _before = report_count(REPORT_SEGV);		\
									\
	ASSERT_EQ(stmt, -EFAULT);					\
	ASSERT_EQ(report_count(REPORT_SEGV), _before + 1);		\
	ASSERT_REPORT_HAS(needle);					\
} while (0)

static void boot(void)
{
	boot_pc(sizeof(pteval_t) == 4 ? 1024 : 256, 1, 1);
}

static struct mm_struct *new_mm(unsigned long heap)
{
	struct mm_struct *mm = mm_alloc();

	ASSERT_NOT_NULL(mm);
	mm->start_brk = mm->brk = heap;
	return mm;
}

static u64 user_leaf(unsigned long pfn, u64 bits)
{
	return ((u64)pfn << 12) | bits | (sizeof(pteval_t) == 8 ? RAW_NX : 0);
}

static void brk_grows_and_shrinks(void)
{
	struct buddy_snapshot snap;
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	char buf[8];

	boot();
	buddy_snapshot(&snap);
	mm = new_mm(HEAP);
	ASSERT_EQ(sys_brk(mm, 0), HEAP);		/* the query idiom */
	ASSERT_NULL(find_vma(mm, 0));

	ASSERT_EQ(sys_brk(mm, HEAP + 10000), HEAP + 10000);
	vma = find_vma(mm, HEAP);
	ASSERT_NOT_NULL(vma);
	ASSERT_EQ(vma->vm_start, HEAP);
	ASSERT_EQ(vma->vm_end, HEAP + P(3));		/* page-granular */
	ASSERT_EQ(vma->vm_flags, VM_READ | VM_WRITE);
	ASSERT_EQ(mm->rss, 0);				/* nothing touched yet */

	ASSERT_EQ(user_write(mm, HEAP + 9999, "x", 1), 0);
	ASSERT_EQ(user_write(mm, HEAP + P(3) - 1, "y", 1), 0);	/* past brk, same page */
	ASSERT_EQ(mm->rss, 1);
	EXPECT_SEGV("segfault at 0x8103000 error 6", user_write(mm, HEAP + P(3), "z", 1));
	ASSERT_REPORT_HAS("no VMA maps it");
	ASSERT_EQ(mm->nr_segv, 1);
	ASSERT_MM_VALID(mm);

	/* Growing again extends the same VMA. */
	ASSERT_EQ(sys_brk(mm, HEAP + P(8)), HEAP + P(8));
	ASSERT_EQ(mm->map_count, 1);
	ASSERT_EQ(find_vma(mm, HEAP)->vm_end, HEAP + P(8));
	ASSERT_EQ(user_write(mm, HEAP + P(7), "w", 1), 0);

	/* Shrinking unmaps and frees the pages above the new break. */
	ASSERT_EQ(sys_brk(mm, HEAP + 100), HEAP + 100);
	ASSERT_EQ(find_vma(mm, HEAP)->vm_end, HEAP + P(1));
	ASSERT_EQ(mm->rss, 0);
	EXPECT_SEGV("error 4", user_read(mm, HEAP + 9999, buf, 1));
	/* A first read faults in a zeroed page. */
	ASSERT_EQ(user_read(mm, HEAP + 50, buf, 8), 0);
	ASSERT_EQ(buf[0] | buf[7], 0);
	ASSERT_EQ(mm->rss, 1);
	ASSERT_MM_VALID(mm);

	ASSERT_EQ(sys_brk(mm, HEAP), HEAP);
	ASSERT_EQ(mm->map_count, 0);
	ASSERT_EQ(mm->rss, 0);
	ASSERT_EQ(sys_brk(mm, HEAP - 1), HEAP);	/* below start_brk */
	mmput(mm);
	assert_free_pages_restored(&snap);
}

/* Refusals return the old break and change nothing. */
static void brk_refuses_collision_and_limits(void)
{
	struct mm_struct *mm;

	boot();
	mm = new_mm(HEAP);
	ASSERT_EQ(vm_brk_flags(mm, HEAP + P(16), P(4), VM_READ), 0);
	ASSERT_EQ(sys_brk(mm, HEAP + P(2)), HEAP + P(2));
	/* One page must stay between the heap and the next mapping. */
	ASSERT_EQ(sys_brk(mm, HEAP + P(15)), HEAP + P(15));
	ASSERT_EQ(sys_brk(mm, HEAP + P(15) + 1), HEAP + P(15));
	ASSERT_EQ(sys_brk(mm, HEAP + P(40)), HEAP + P(15));
	ASSERT_EQ(find_vma(mm, HEAP)->vm_end, HEAP + P(15));
	ASSERT_EQ(mm->map_count, 2);

	/* RLIMIT_DATA. */
	ASSERT_EQ(sys_brk(mm, HEAP + P(4)), HEAP + P(4));
	mm->rlimit_data = P(8);
	ASSERT_EQ(sys_brk(mm, HEAP + P(8) + 1), HEAP + P(4));
	ASSERT_EQ(sys_brk(mm, HEAP + P(8)), HEAP + P(8));
	ASSERT_MM_VALID(mm);

	/* The read-only mapping faults on a write, not on a read. */
	EXPECT_SEGV("not writable", user_write(mm, HEAP + P(17), "r", 1));
	ASSERT_EQ(user_read(mm, HEAP + P(17), &(char){ 0 }, 1), 0);
	ASSERT_EQ(raw_leaf_entry(mm->pgd, HEAP + P(17)) & 0xFFF, RAW_USER_RO);
	EXPECT_SEGV("error 7", user_write(mm, HEAP + P(17), "r", 1));
	mmput(mm);

	/* The top of the user half. */
	mm = new_mm(TASK_SIZE - P(2));
	ASSERT_EQ(sys_brk(mm, TASK_SIZE + 1), TASK_SIZE - P(2));
	ASSERT_EQ(sys_brk(mm, TASK_SIZE), TASK_SIZE);
	ASSERT_EQ(user_write(mm, TASK_SIZE - 1, "t", 1), 0);
	EXPECT_SEGV("segfault at", user_write(mm, TASK_SIZE - 1, "tt", 2));
	ASSERT_EQ(vm_brk_flags(mm, TASK_SIZE, P(1), VM_READ), -EINVAL);
	ASSERT_EQ(vm_brk_flags(mm, HEAP + 1, P(1), VM_READ), -EINVAL);
	mmput(mm);
}

/* Compatible neighbours merge; an unmap in the middle splits. */
static void vmas_merge_and_split(void)
{
	struct mm_struct *mm;

	boot();
	mm = new_mm(HEAP);
	ASSERT_EQ(vm_brk_flags(mm, P(100), P(2), VM_READ | VM_WRITE), 0);
	ASSERT_EQ(vm_brk_flags(mm, P(104), P(2), VM_READ | VM_WRITE), 0);
	ASSERT_EQ(mm->map_count, 2);
	ASSERT_EQ(vm_brk_flags(mm, P(102), P(2), VM_READ | VM_WRITE), 0);
	ASSERT_EQ(mm->map_count, 1);			/* bridged */
	ASSERT_EQ(find_vma(mm, 0)->vm_end, P(106));
	ASSERT_EQ(vm_brk_flags(mm, P(106), P(1), VM_READ), 0);
	ASSERT_EQ(mm->map_count, 2);			/* other flags */
	for (unsigned long i = 100; i < 106; i++)
		ASSERT_EQ(user_write(mm, P(i), &i, sizeof(i)), 0);
	ASSERT_EQ(do_munmap(mm, P(102), P(2)), 0);
	ASSERT_EQ(mm->map_count, 3);
	ASSERT_EQ(find_vma(mm, P(101))->vm_end, P(102));
	ASSERT_EQ(find_vma(mm, P(102))->vm_start, P(104));
	ASSERT_EQ(mm->rss, 4);
	ASSERT_EQ(raw_leaf_entry(mm->pgd, P(102)), 0);
	ASSERT_EQ(do_munmap(mm, P(102) + 1, P(1)), -EINVAL);
	/* Mapping over a mapping replaces it (MAP_FIXED semantics). */
	ASSERT_EQ(vm_brk_flags(mm, P(105), P(2), VM_READ | VM_WRITE), 0);
	ASSERT_EQ(find_vma(mm, P(104))->vm_end, P(107));
	ASSERT_EQ(mm->rss, 3);				/* page 105 went */
	ASSERT_MM_VALID(mm);
	mmput(mm);
}

/*
 * The first touch maps a zeroed GFP_HIGHUSER page with user bits: highmem
 * on i386, zeroed through kmap_local even if it held data, and every slot
 * given back.
 */
static void demand_paging(void)
{
	const unsigned int n = 8;
	struct page *dirty[8];
	struct mm_struct *mm;
	char junk[PAGE_SIZE], buf[PAGE_SIZE];

	boot();
	mm = new_mm(HEAP);
	ASSERT_EQ(sys_brk(mm, HEAP + P(n)), HEAP + P(n));
	/* Leave dirty highmem pages on the per-CPU list for the faults. */
	memset(junk, 0xEE, sizeof(junk));
	for (unsigned int i = 0; i < n; i++) {
		dirty[i] = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
		ASSERT_EQ(ram_write(PFN_PHYS(page_to_pfn(dirty[i])), junk, PAGE_SIZE), 0);
	}
	for (unsigned int i = 0; i < n; i++)
		__free_pages(dirty[i], 0);

	for (unsigned int i = 0; i < n; i++) {
		unsigned long va = HEAP + P(i);
		u64 e;

		ASSERT_EQ(raw_leaf_entry(mm->pgd, va), 0);
		ASSERT_EQ(user_read(mm, va, buf, PAGE_SIZE), 0);
		for (unsigned long b = 0; b < PAGE_SIZE; b++)
			if (buf[b])
				ASSERT_EQ(buf[b], 0);
		e = raw_leaf_entry(mm->pgd, va);
		ASSERT_EQ(e & ~0x000FFFFFFFFFF000ULL & ~RAW_NX, RAW_USER_RW);
		ASSERT_EQ(e, user_leaf(RAW_PFN(e), RAW_USER_RW));
		ASSERT_EQ(PageHighMem(pfn_to_page(RAW_PFN(e))), ARCH_HAS_HIGHMEM);
		/* Kernel mappings never carry the user bit. */
		ASSERT_EQ(raw_leaf_entry(machine.swapper_pg_dir, va), 0);

		ASSERT_EQ(user_write(mm, va + 10, "demand", 6), 0);
		ASSERT_EQ(ram_read(PFN_PHYS(RAW_PFN(e)) + 10, buf, 6), 0);
		ASSERT_TRUE(memcmp(buf, "demand", 6) == 0);
	}
	ASSERT_EQ(mm->rss, n);
	/* A write across a page boundary lands in two pages. */
	ASSERT_EQ(user_write(mm, HEAP + P(1) - 3, "abcdef", 6), 0);
	ASSERT_EQ(user_read(mm, HEAP + P(1) - 3, buf, 6), 0);
	ASSERT_TRUE(memcmp(buf, "abcdef", 6) == 0);
	ASSERT_EQ(nr_pkmap_mapped(), 0);
	ASSERT_EQ(report_total(), 0);
	ASSERT_MM_VALID(mm);
	/* The process's tables are accounted for, and missed if unlinked. */
	ASSERT_TRUE(pgtable_is_valid());
	{
		pteval_t *pgd = __va(mm->pgd), saved = pgd[pgd_index(HEAP)];

		pgd[pgd_index(HEAP)] = 0;
		ASSERT_TRUE(!pgtable_is_valid());
		ASSERT_REPORT_HAS("linked nowhere");
		pgd[pgd_index(HEAP)] = saved;
	}
	ASSERT_TRUE(pgtable_is_valid());
	mmput(mm);
	ASSERT_TRUE(pgtable_is_valid());
}

/* exit gives back every page and every page-table page, pgd included. */
static void teardown_frees_everything(void)
{
	const unsigned long far = sizeof(pteval_t) == 4 ? 0xB0000000UL : 0x7f0000000000UL;
	struct buddy_snapshot snap;
	struct mm_struct *mm;
	unsigned long before;

	boot();
	buddy_snapshot(&snap);
	before = nr_free_pages();
	mm = new_mm(HEAP);
	ASSERT_EQ(sys_brk(mm, HEAP + P(1500)), HEAP + P(1500));
	for (unsigned long i = 0; i < 1500; i += 3)
		ASSERT_EQ(user_write(mm, HEAP + P(i), &i, sizeof(i)), 0);
	ASSERT_EQ(vm_brk_flags(mm, far, P(3), VM_READ | VM_WRITE), 0);
	ASSERT_EQ(user_write(mm, far + P(2), "far", 3), 0);
	ASSERT_EQ(mm->rss, 501);
	drain_all_pages(NULL);
	/* More than the data pages went: the pgd and the tables. */
	ASSERT_TRUE(before - nr_free_pages() > 501);
	ASSERT_MM_VALID(mm);
	ASSERT_TRUE(pgtable_is_valid());
	/* Even a page mapped outside every VMA goes, with its tables. */
	ASSERT_EQ(map_user_page(mm->pgd, far + P(1024), page_to_pfn(alloc_pages(GFP_HIGHUSER, 0)),
				0x25, GFP_KERNEL), 0);
	mmput(mm);
	assert_free_pages_restored(&snap);
}

/*
 * A page-table page that cannot be had makes the access fail with
 * -ENOMEM, the new page given back; shrinking brk frees the tables the
 * heap no longer needs.
 */
static void fault_unwinds_and_brk_frees_tables(void)
{
	const unsigned int tables = sizeof(pteval_t) == 4 ? 1 : 3;
	struct buddy_snapshot snap, empty;
	struct mm_struct *mm;

	boot();
	mm = new_mm(HEAP);
	buddy_snapshot(&empty);
	ASSERT_EQ(sys_brk(mm, HEAP + P(1)), HEAP + P(1));
	buddy_snapshot(&snap);
	for (unsigned int n = 1; n <= tables; n++) {
		fail_nth_pgtable(n);
		ASSERT_EQ(user_write(mm, HEAP, "x", 1), -ENOMEM);
		ASSERT_EQ(mm->rss, 0);
		ASSERT_EQ(raw_leaf_entry(mm->pgd, HEAP), 0);
		assert_free_pages_restored(&snap);
	}
	fail_nth_pgtable(0);
	ASSERT_EQ(user_write(mm, HEAP, "x", 1), 0);
	ASSERT_MM_VALID(mm);
	ASSERT_EQ(sys_brk(mm, HEAP), HEAP);
	/* The heap's page and its tables are gone; only the pgd remains. */
	assert_free_pages_restored(&empty);
	mmput(mm);
}

/* The checker catches a user pte outside every VMA, and a wrong rss. */
static void checker_catches_stray_pte(void)
{
	struct mm_struct *mm;
	struct page *page;

	boot();
	mm = new_mm(HEAP);
	page = alloc_pages(GFP_HIGHUSER, 0);
	ASSERT_EQ(map_user_page(mm->pgd, P(7), page_to_pfn(page), 0x25, GFP_KERNEL), 0);
	ASSERT_TRUE(!mm_is_valid(mm));
	ASSERT_REPORT_HAS("present user ptes outside every VMA");
	ASSERT_EQ(vm_brk_flags(mm, P(8), P(1), VM_READ), 0);
	ASSERT_EQ(user_read(mm, P(8), &(char){ 0 }, 1), 0);
	mm->rss++;
	ASSERT_EQ(report_count(REPORT_INCONSISTENT), 1);
	ASSERT_TRUE(!mm_is_valid(mm));
	/* rss now counts the stray page too; munmap takes it away. */
	ASSERT_EQ(do_munmap(mm, P(7), P(1)), 0);
	ASSERT_MM_VALID(mm);
	mmput(mm);
}

TEST_MAIN("brk",
	TEST_CASE(brk_grows_and_shrinks),
	TEST_CASE(brk_refuses_collision_and_limits),
	TEST_CASE(vmas_merge_and_split),
	TEST_CASE(demand_paging),
	TEST_CASE(teardown_frees_everything),
	TEST_CASE(fault_unwinds_and_brk_frees_tables),
	TEST_CASE(checker_catches_stray_pte))
