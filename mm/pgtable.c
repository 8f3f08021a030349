// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel page tables: the generic walk, populate and map, written once for
 * the five-level layout and folded per arch by <linux/pgtable.h>.
 *
 * Page-table pages come from memblock while the direct map is built at boot
 * (reserved for good), and from the buddy allocator afterwards (PG_table).
 * A walk that has to allocate remembers what it allocated, so a failure part
 * way gives it all back and leaves the tables as they were.
 */
#include <errno.h>

#include <linux/fault-inject.h>
#include <linux/gfp.h>
#include <linux/pgtable.h>
#include <linux/report.h>

#include "internal.h"

/* Where new page-table pages come from, and what one walk has taken. */
struct pt_alloc {
	bool		boot;		/* memblock instead of the buddy allocator */
	gfp_t		gfp;
	unsigned int	nr_new;
	pteval_t	*slot[4];	/* entries pointing at the new tables */
};

static phys_addr_t pt_alloc_table(struct pt_alloc *pa, pteval_t *slot)
{
	phys_addr_t phys;

	if (!pa->boot && should_fail_pgtable_alloc(pa->gfp))
		return 0;
	if (pa->boot) {
		phys = memblock_alloc_page();
	} else {
		struct page *page = alloc_pages(pa->gfp | __GFP_ZERO, 0);

		if (!page)
			return 0;
		__SetPageTable(page);
		phys = PFN_PHYS(page_to_pfn(page));
	}
	if (phys) {
		*slot = (pteval_t)(phys | _KERNPG_TABLE);
		pa->slot[pa->nr_new++] = slot;
	}
	return phys;
}

/* Undo a failed walk: clear the new entries and free the new tables. */
static void pt_alloc_unwind(struct pt_alloc *pa)
{
	while (pa->nr_new) {
		pteval_t *slot = pa->slot[--pa->nr_new];
		struct page *page = pfn_to_page(PHYS_PFN(*slot & PTE_PFN_MASK));

		*slot = 0;
		__ClearPageTable(page);
		__free_pages(page, 0);
	}
}

/*
 * Walk to the pud of @va, creating missing tables above it.  A folded level
 * reports itself as populated, so only real levels ever allocate.
 */
static pud_t *pud_alloc_k(unsigned long va, struct pt_alloc *pa)
{
	pgd_t *pgd = pgd_offset_k(va);
	p4d_t *p4d;

	if (pgd_none(*pgd) && !pt_alloc_table(pa, &pgd->pgd))
		return NULL;
	p4d = p4d_offset(pgd, va);
	if (p4d_none(*p4d) && !pt_alloc_table(pa, &p4d->p4d))
		return NULL;
	return pud_offset(p4d, va);
}

static pmd_t *pmd_alloc_k(unsigned long va, struct pt_alloc *pa)
{
	pud_t *pud = pud_alloc_k(va, pa);

	if (!pud || pud_leaf(*pud))
		return NULL;
	if (pud_none(*pud) && !pt_alloc_table(pa, &pud->pud))
		return NULL;
	return pmd_offset(pud, va);
}

static pte_t *pte_alloc_k(unsigned long va, struct pt_alloc *pa)
{
	pmd_t *pmd = pmd_alloc_k(va, pa);

	if (!pmd || pmd_leaf(*pmd))
		return NULL;
	if (pmd_none(*pmd) && !pt_alloc_table(pa, &pmd->pmd))
		return NULL;
	return pte_offset_kernel(pmd, va);
}

pte_t *lookup_address(unsigned long va, enum pg_level *level)
{
	pgd_t *pgd = pgd_offset_k(va);
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	*level = PG_LEVEL_NONE;
	if (pgd_none(*pgd) || !pgd_present(*pgd))
		return NULL;
	p4d = p4d_offset(pgd, va);
	if (p4d_none(*p4d) || !p4d_present(*p4d))
		return NULL;
	pud = pud_offset(p4d, va);
	if (pud_none(*pud) || !pud_present(*pud))
		return NULL;
	if (pud_leaf(*pud)) {
		*level = PG_LEVEL_PUD;
		return (pte_t *)pud;
	}
	pmd = pmd_offset(pud, va);
	if (pmd_none(*pmd) || !pmd_present(*pmd))
		return NULL;
	if (pmd_leaf(*pmd)) {
		*level = PG_LEVEL_PMD;
		return (pte_t *)pmd;
	}
	*level = PG_LEVEL_PTE;
	return pte_offset_kernel(pmd, va);
}

unsigned long kernel_va_to_pfn(unsigned long va)
{
	static const unsigned int shift[] = {
		[PG_LEVEL_PTE] = PAGE_SHIFT,
		[PG_LEVEL_PMD] = PMD_SHIFT,
		[PG_LEVEL_PUD] = PUD_SHIFT,
	};
	enum pg_level level;
	pte_t *pte = lookup_address(va, &level);
	unsigned long in_leaf;

	if (!pte || !pte_present(*pte))
		return -1UL;
	in_leaf = (va & ((1UL << shift[level]) - 1)) >> PAGE_SHIFT;
	return pte_pfn(*pte) + in_leaf;
}

int map_kernel_page(unsigned long va, unsigned long pfn, pteval_t prot,
		    gfp_t gfp)
{
	struct pt_alloc pa = { .gfp = gfp };
	enum pg_level level;
	pte_t *pte = lookup_address(va, &level);

	if (pte && pte_present(*pte))
		return -EEXIST;
	pte = pte_alloc_k(va, &pa);
	if (!pte) {
		pt_alloc_unwind(&pa);
		return -ENOMEM;
	}
	set_pte(pte, pfn_pte(pfn, prot));
	return 0;
}

unsigned long unmap_kernel_page(unsigned long va)
{
	enum pg_level level;
	pte_t *pte = lookup_address(va, &level);
	unsigned long pfn;

	if (!pte || level != PG_LEVEL_PTE || !pte_present(*pte))
		return -1UL;
	pfn = pte_pfn(*pte);
	pte_clear(pte);
	return pfn;
}

/* ---- the direct map at boot ----------------------------------------- */

static bool fits(phys_addr_t phys, phys_addr_t end, unsigned long size)
{
	return IS_ALIGNED(phys, size) && phys + size <= end;
}

/* Map [phys, end) at PAGE_OFFSET + phys with the largest leaves that fit. */
static int map_direct_range(phys_addr_t phys, phys_addr_t end,
			    struct pt_alloc *pa)
{
	while (phys < end) {
		unsigned long va = PAGE_OFFSET + (unsigned long)phys;
		unsigned long step;

		if (ARCH_PUD_LEAF && fits(phys, end, PUD_SIZE)) {
			pud_t *pud = pud_alloc_k(va, pa);

			if (!pud)
				return -ENOMEM;
			set_pud(pud, __pud(phys | PAGE_KERNEL_LARGE));
			step = PUD_SIZE;
		} else if (ARCH_PMD_LEAF && fits(phys, end, PMD_SIZE)) {
			pmd_t *pmd = pmd_alloc_k(va, pa);

			if (!pmd)
				return -ENOMEM;
			set_pmd(pmd, __pmd(phys | PAGE_KERNEL_LARGE));
			step = PMD_SIZE;
		} else {
			pte_t *pte = pte_alloc_k(va, pa);

			if (!pte)
				return -ENOMEM;
			set_pte(pte, pfn_pte(PHYS_PFN(phys), PAGE_KERNEL));
			step = PAGE_SIZE;
		}
		pa->nr_new = 0;	/* boot tables are never unwound */
		phys += step;
	}
	return 0;
}

int init_direct_map(void)
{
	struct pt_alloc pa = { .boot = true };

	machine.swapper_pg_dir = memblock_alloc_page();
	if (!machine.swapper_pg_dir)
		goto no_room;
	for (unsigned int i = 0; i < machine.nr_ram; i++) {
		unsigned long start = machine.ram[i].start;
		unsigned long end = min(machine.ram[i].end, machine.max_low_pfn);

		if (start < end &&
		    map_direct_range(PFN_PHYS(start), PFN_PHYS(end), &pa))
			goto no_room;
	}
	return 0;
no_room:
	report_begin(REPORT_BAD_BOOT,
		     "BUG: bad boot map: lowmem too small for the boot page tables");
	report_end();
	return -EINVAL;
}
