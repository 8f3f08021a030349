// SPDX-License-Identifier: GPL-2.0
/*
 * A process's address space: mm_struct, its VMAs, brk(), and teardown.
 *
 * VMAs live on mm->mmap sorted by address (Linux keeps a maple tree; the
 * list is enough for the handful a simulated task has).  Invariants,
 * checked by mm_is_valid(): every VMA is page-aligned, non-empty, below
 * TASK_SIZE; VMAs do not overlap; two that touch differ in vm_flags (a new
 * mapping merges into a compatible neighbour instead of sitting beside
 * it); every present user pte lies inside a VMA, and mm->rss counts them.
 *
 * The pgd's kernel half is copied from swapper_pg_dir when the mm is made,
 * as Linux's pgd_alloc() does: on x86-64 every kernel pgd entry already
 * exists then; on i386 a kernel pgd entry made later (vmalloc) is not
 * copied, which Linux fixes at fault time (vmalloc_fault) and which does
 * not matter here because kernel addresses are walked from swapper_pg_dir.
 *
 * mm_struct and VMAs come from host memory (calloc), not simulated RAM;
 * page tables and user pages are simulated RAM from the buddy allocator.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/pgtable.h>
#include <linux/report.h>

#include "internal.h"

#define VM_DATA_DEFAULT_FLAGS	(VM_READ | VM_WRITE)

/* Every live mm of the machine (Linux x86's pgd_list). */
static struct list_head mm_list = LIST_HEAD_INIT(mm_list);

struct list_head *mm_list_head(void)
{
	return &mm_list;
}

static struct vm_area_struct *vma_next(struct mm_struct *mm,
				       struct vm_area_struct *vma)
{
	if (vma->vm_list.next == &mm->mmap)
		return NULL;
	return list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

/* The last VMA ending at or below @addr, or NULL. */
static struct vm_area_struct *find_vma_prev(struct mm_struct *mm,
					    unsigned long addr)
{
	struct vm_area_struct *vma, *prev = NULL;

	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (vma->vm_end > addr)
			break;
		prev = vma;
	}
	return prev;
}

static void vma_remove(struct mm_struct *mm, struct vm_area_struct *vma)
{
	list_del(&vma->vm_list);
	mm->map_count--;
	free(vma);
}

/* [start, end) must be page-aligned, non-empty and in the user half. */
static bool user_range_ok(unsigned long start, unsigned long len)
{
	return IS_ALIGNED(start, PAGE_SIZE) && len && len <= TASK_SIZE &&
	       start <= TASK_SIZE - len;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *vma, *next, *split = NULL;
	unsigned long end;

	len = PAGE_ALIGN(len);
	if (!user_range_ok(start, len))
		return -EINVAL;
	end = start + len;

	/* A VMA reaching past both edges is cut in two: get the half first. */
	vma = find_vma(mm, start);
	if (vma && vma->vm_start < start && vma->vm_end > end) {
		split = calloc(1, sizeof(*split));
		if (!split)
			return -ENOMEM;
		*split = *vma;
		split->vm_start = end;
		list_add(&split->vm_list, &vma->vm_list);
		mm->map_count++;
		vma->vm_end = start;
	}
	for (; vma && vma->vm_start < end; vma = next) {
		next = vma_next(mm, vma);
		if (vma->vm_start < start)
			vma->vm_end = start;
		else if (vma->vm_end > end)
			vma->vm_start = end;
		else
			vma_remove(mm, vma);
	}
	zap_page_range(mm, start, end);
	free_user_tables(mm->pgd, start, end);
	return 0;
}

/*
 * Map [addr, addr + len) with @flags where nothing is mapped, merging
 * with a compatible neighbour on either side (Linux's do_brk_flags and
 * vma_merge).
 */
static int do_brk_flags(struct mm_struct *mm, unsigned long addr,
			unsigned long len, unsigned long flags)
{
	struct vm_area_struct *prev = find_vma_prev(mm, addr);
	struct vm_area_struct *next = find_vma(mm, addr);
	unsigned long end = addr + len;
	struct vm_area_struct *vma;

	if (next && next->vm_start < end)
		return -EEXIST;
	if (prev && prev->vm_end == addr && prev->vm_flags == flags) {
		prev->vm_end = end;
		if (next && next->vm_start == end && next->vm_flags == flags) {
			prev->vm_end = next->vm_end;
			vma_remove(mm, next);
		}
		return 0;
	}
	if (next && next->vm_start == end && next->vm_flags == flags) {
		next->vm_start = addr;
		return 0;
	}
	vma = calloc(1, sizeof(*vma));
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->vm_mm = mm;
	/* Before next, or at the tail: the list stays sorted. */
	list_add_tail(&vma->vm_list, next ? &next->vm_list : &mm->mmap);
	mm->map_count++;
	return 0;
}

int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long flags)
{
	int err;

	len = PAGE_ALIGN(len);
	if (!user_range_ok(addr, len) || (flags & ~(VM_READ | VM_WRITE | VM_EXEC)))
		return -EINVAL;
	err = do_munmap(mm, addr, len);
	return err ?: do_brk_flags(mm, addr, len, flags);
}

unsigned long sys_brk(struct mm_struct *mm, unsigned long brk)
{
	unsigned long origbrk = mm->brk, newbrk, oldbrk;
	struct vm_area_struct *next;

	if (brk < mm->start_brk || brk > TASK_SIZE)
		return origbrk;
	/* check_data_rlimit(), with no separate data segment. */
	if (mm->rlimit_data != ~0UL && brk - mm->start_brk > mm->rlimit_data)
		return origbrk;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (oldbrk == newbrk) {
		mm->brk = brk;
		return brk;
	}
	/* Shrinking is always allowed. */
	if (brk <= mm->brk) {
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			return origbrk;
		mm->brk = brk;
		return brk;
	}
	/* Growing must leave a page between the heap and the next mapping. */
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > next->vm_start)
		return origbrk;
	if (newbrk > TASK_SIZE ||
	    do_brk_flags(mm, oldbrk, newbrk - oldbrk, VM_DATA_DEFAULT_FLAGS))
		return origbrk;
	mm->brk = brk;
	return brk;
}

/* ---- mm_struct ------------------------------------------------------------ */

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = calloc(1, sizeof(*mm));
	struct page *page;
	pgd_t *pgd;

	if (!mm)
		return NULL;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page) {
		free(mm);
		return NULL;
	}
	__SetPageTable(page);
	mm->pgd = PFN_PHYS(page_to_pfn(page));
	pgd = __va(mm->pgd);
	/* The kernel half is the kernel's: share its tables (clone_pgd_range). */
	for (unsigned long i = pgd_index(PAGE_OFFSET); i < PTRS_PER_PGD; i++)
		pgd[i] = *((pgd_t *)__va(machine.swapper_pg_dir) + i);
	INIT_LIST_HEAD(&mm->mmap);
	list_add_tail(&mm->mmlist, &mm_list);
	mm->rlimit_data = ~0UL;
	return mm;
}

void mmput(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *next;
	struct page *pgd;

	if (!mm)
		return;
	list_for_each_entry_safe(vma, next, &mm->mmap, vm_list)
		vma_remove(mm, vma);
	/* The whole user half, not just the VMAs: nothing may be left. */
	zap_page_range(mm, 0, TASK_SIZE);
	free_user_tables(mm->pgd, 0, TASK_SIZE);
	pgd = pfn_to_page(PHYS_PFN(mm->pgd));
	__ClearPageTable(pgd);
	__free_pages(pgd, 0);
	list_del(&mm->mmlist);
	free(mm);
}

void mm_exit(void)
{
	struct mm_struct *mm, *next;

	/* Host metadata only: the RAM they used goes with the machine. */
	list_for_each_entry_safe(mm, next, &mm_list, mmlist) {
		struct vm_area_struct *vma, *vnext;

		list_for_each_entry_safe(vma, vnext, &mm->mmap, vm_list)
			free(vma);
		free(mm);
	}
	INIT_LIST_HEAD(&mm_list);
}

/* ---- consistency ------------------------------------------------------------ */

static bool mm_bad(const struct vm_area_struct *vma, const char *what,
		   unsigned long a, unsigned long b)
{
	report_begin(REPORT_INCONSISTENT, "BUG: mm inconsistent: %s", what);
	if (vma)
		report_line("VMA %#lx-%#lx flags %#lx", vma->vm_start, vma->vm_end,
			    vma->vm_flags);
	report_line("values: %#lx %#lx", a, b);
	report_end();
	return false;
}

bool mm_is_valid(struct mm_struct *mm)
{
	const struct vm_area_struct *vma, *prev = NULL;
	unsigned long in_vmas = 0, all;
	int count = 0;

	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (!IS_ALIGNED(vma->vm_start | vma->vm_end, PAGE_SIZE) ||
		    vma->vm_start >= vma->vm_end || vma->vm_end > TASK_SIZE)
			return mm_bad(vma, "VMA misaligned, empty or past TASK_SIZE",
				      vma->vm_start, vma->vm_end);
		if (prev && prev->vm_end > vma->vm_start)
			return mm_bad(vma, "VMAs unsorted or overlapping",
				      prev->vm_end, vma->vm_start);
		if (prev && prev->vm_end == vma->vm_start &&
		    prev->vm_flags == vma->vm_flags)
			return mm_bad(vma, "compatible neighbours not merged",
				      prev->vm_start, prev->vm_end);
		if (vma->vm_mm != mm)
			return mm_bad(vma, "VMA of another mm", 0, 0);
		in_vmas += count_present_ptes(mm->pgd, vma->vm_start, vma->vm_end);
		prev = vma;
		count++;
	}
	if (count != mm->map_count)
		return mm_bad(NULL, "map_count wrong", (unsigned long)count,
			      (unsigned long)mm->map_count);
	all = count_present_ptes(mm->pgd, 0, TASK_SIZE);
	if (all != in_vmas)
		return mm_bad(NULL, "present user ptes outside every VMA", all,
			      in_vmas);
	if (all != mm->rss)
		return mm_bad(NULL, "rss does not count the present ptes", all,
			      mm->rss);
	return true;
}
