// SPDX-License-Identifier: GPL-2.0
/*
 * Page tables: the generic walk, populate and map, written once for the
 * five-level layout and folded per arch by <linux/pgtable.h>.
 *
 * Page-table pages come from memblock while the direct map is built at boot
 * (reserved for good), and from the buddy allocator afterwards (PG_table).
 * A walk that has to allocate remembers what it allocated, so a failure part
 * way gives it all back and leaves the tables as they were; a range
 * operation (map_kernel_range()) remembers across all its walks, so a
 * failure at page k of n undoes pages 0..k-1 and every table it created.
 *
 * Kernel tables, once made, stay (as in Linux): unmapping clears ptes only.
 * A process's tables hang below its own pgd, whose kernel half is a copy of
 * swapper_pg_dir's; they carry _PAGE_USER and are freed at munmap and exit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/fault-inject.h>
#include <linux/gfp.h>
#include <linux/mm_bugs.h>
#include <linux/pgtable.h>
#include <linux/report.h>

#include "internal.h"

/*
 * Where new page-table pages come from, and what one walk (or one range
 * of walks) has taken: the entries pointing at the new tables, in the
 * order they were filled, so that undoing them in reverse frees children
 * before their parents.  Host memory: bookkeeping, not simulated RAM.
 */
struct pt_alloc {
	bool		boot;		/* memblock instead of the buddy allocator */
	gfp_t		gfp;
	pteval_t	table_prot;	/* _KERNPG_TABLE, or PAGE_TABLE for user */
	unsigned int	nr_new;
	unsigned int	cap;
	pteval_t	**slot;
	pteval_t	*inline_slot[4];
};

#define PT_ALLOC_INIT(pa, g, prot) do {				\
	memset((pa), 0, sizeof(*(pa)));				\
	(pa)->gfp = (g);					\
	(pa)->table_prot = (prot);				\
	(pa)->slot = (pa)->inline_slot;				\
	(pa)->cap = ARRAY_SIZE((pa)->inline_slot);		\
} while (0)

static void pt_alloc_release(struct pt_alloc *pa)
{
	if (pa->slot != pa->inline_slot)
		free(pa->slot);
	pa->slot = pa->inline_slot;
	pa->cap = ARRAY_SIZE(pa->inline_slot);
}

static bool pt_alloc_reserve(struct pt_alloc *pa)
{
	/* Taken before pt_alloc_release(), which resets cap to the inline size. */
	unsigned int cap = 2 * pa->cap;
	pteval_t **slot;

	if (pa->nr_new < pa->cap)
		return true;
	slot = malloc(cap * sizeof(*slot));
	if (!slot)
		return false;
	memcpy(slot, pa->slot, pa->nr_new * sizeof(*slot));
	pt_alloc_release(pa);
	pa->slot = slot;
	pa->cap = cap;
	return true;
}

/*
 * Put a new, zeroed table under *@slot.  Success is a bool, not a physical
 * address: the buddy allocator may hand out pfn 0.
 */
static bool pt_alloc_table(struct pt_alloc *pa, pteval_t *slot)
{
	phys_addr_t phys;

	if (!pa->boot && should_fail_pgtable_alloc(pa->gfp))
		return false;
	if (!pt_alloc_reserve(pa))
		return false;
	if (pa->boot) {
		phys = memblock_alloc_page();	/* never pfn 0: 0 is failure */
		if (!phys)
			return false;
	} else {
		struct page *page = alloc_pages(pa->gfp | __GFP_ZERO, 0);

		if (!page)
			return false;
		__SetPageTable(page);
		phys = PFN_PHYS(page_to_pfn(page));
	}
	*slot = (pteval_t)(phys | pa->table_prot);
	pa->slot[pa->nr_new++] = slot;
	return true;
}

/* Undo a failed walk: clear the new entries and free the new tables. */
static void pt_alloc_unwind(struct pt_alloc *pa)
{
	while (pa->nr_new) {
		pteval_t *slot = pa->slot[--pa->nr_new];
		struct page *page = pfn_to_page(PHYS_PFN(*slot & PTE_PFN_MASK));

		*slot = 0;
		if (mm_bug_on(MM_BUG_PT_LEAK))
			continue;
		__ClearPageTable(page);
		__free_pages(page, 0);
	}
}

/*
 * Walk from the pgd entry @pgd of @va to its pud, creating missing tables
 * on the way.  A folded level reports itself as populated, so only real
 * levels ever allocate.
 */
static pud_t *pud_alloc(pgd_t *pgd, unsigned long va, struct pt_alloc *pa)
{
	p4d_t *p4d;

	if (pgd_none(*pgd) && !pt_alloc_table(pa, &pgd->pgd))
		return NULL;
	p4d = p4d_offset(pgd, va);
	if (p4d_none(*p4d) && !pt_alloc_table(pa, &p4d->p4d))
		return NULL;
	return pud_offset(p4d, va);
}

static pmd_t *pmd_alloc(pgd_t *pgd, unsigned long va, struct pt_alloc *pa)
{
	pud_t *pud = pud_alloc(pgd, va, pa);

	if (!pud || pud_leaf(*pud))
		return NULL;
	if (pud_none(*pud) && !pt_alloc_table(pa, &pud->pud))
		return NULL;
	return pmd_offset(pud, va);
}

static pte_t *pte_alloc(pgd_t *pgd, unsigned long va, struct pt_alloc *pa)
{
	pmd_t *pmd = pmd_alloc(pgd, va, pa);

	if (!pmd || pmd_leaf(*pmd))
		return NULL;
	if (pmd_none(*pmd) && !pt_alloc_table(pa, &pmd->pmd))
		return NULL;
	return pte_offset_kernel(pmd, va);
}

/* lookup_address() below an arbitrary pgd entry. */
static pte_t *lookup_address_in(pgd_t *pgd, unsigned long va,
				enum pg_level *level)
{
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

pte_t *lookup_address(unsigned long va, enum pg_level *level)
{
	return lookup_address_in(pgd_offset_k(va), va, level);
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
	struct pt_alloc pa;
	enum pg_level level;
	pte_t *pte = lookup_address(va, &level);

	if (pte && pte_present(*pte))
		return -EEXIST;
	PT_ALLOC_INIT(&pa, gfp, _KERNPG_TABLE);
	pte = pte_alloc(pgd_offset_k(va), va, &pa);
	if (!pte) {
		pt_alloc_unwind(&pa);
		return -ENOMEM;
	}
	set_pte(pte, pfn_pte(pfn, prot));
	return 0;
}

int map_kernel_range(unsigned long va, struct page *const *pages,
		     unsigned long nr, pteval_t prot, gfp_t gfp)
{
	struct pt_alloc pa;
	unsigned long i;
	int err = 0;

	PT_ALLOC_INIT(&pa, gfp, _KERNPG_TABLE);
	for (i = 0; i < nr; i++) {
		unsigned long addr = va + (i << PAGE_SHIFT);
		enum pg_level level;
		pte_t *pte = lookup_address(addr, &level);

		if (pte && pte_present(*pte)) {
			err = -EEXIST;
			break;
		}
		pte = pte_alloc(pgd_offset_k(addr), addr, &pa);
		if (!pte) {
			err = -ENOMEM;
			break;
		}
		set_pte(pte, pfn_pte(page_to_pfn(pages[i]) + (i && mm_bug_on(MM_BUG_WRONG_PFN)),
				     prot));
	}
	if (err) {
		unmap_kernel_range(va, i);
		pt_alloc_unwind(&pa);
	}
	pt_alloc_release(&pa);
	return err;
}

void unmap_kernel_range(unsigned long va, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		unmap_kernel_page(va + (i << PAGE_SHIFT));
}

int kernel_tables_populate_boot(unsigned long start, unsigned long end)
{
	struct pt_alloc pa;

	PT_ALLOC_INIT(&pa, 0, _KERNPG_TABLE);
	pa.boot = true;
	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		if (!pte_alloc(pgd_offset_k(va), va, &pa))
			return -ENOMEM;
		pa.nr_new = 0;	/* boot tables are never unwound */
	}
	return 0;
}

/* ---- a process's page tables ------------------------------------------ */

pte_t *user_pte_lookup(phys_addr_t pgd, unsigned long va)
{
	enum pg_level level;
	pte_t *pte = lookup_address_in((pgd_t *)__va(pgd) + pgd_index(va), va,
				       &level);

	return level == PG_LEVEL_PTE ? pte : NULL;
}

int map_user_page(phys_addr_t pgd, unsigned long va, unsigned long pfn,
		  pteval_t prot, gfp_t gfp)
{
	pte_t *pte = user_pte_lookup(pgd, va);
	struct pt_alloc pa;

	if (pte && pte_present(*pte))
		return -EEXIST;
	PT_ALLOC_INIT(&pa, gfp, PAGE_TABLE);
	pte = pte_alloc((pgd_t *)__va(pgd) + pgd_index(va), va, &pa);
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

/* The levels that exist, top down, by shift: pgd ... pte. */
static unsigned int real_levels(unsigned int shift[5])
{
	unsigned int n = 0;

	shift[n++] = PGDIR_SHIFT;
	if (!P4D_FOLDED)
		shift[n++] = P4D_SHIFT;
	if (!PUD_FOLDED)
		shift[n++] = PUD_SHIFT;
	if (!PMD_FOLDED)
		shift[n++] = PMD_SHIFT;
	shift[n++] = PAGE_SHIFT;
	return n;
}

static bool table_empty(const pteval_t *table)
{
	for (unsigned long i = 0; i < PAGE_SIZE / sizeof(pteval_t); i++)
		if (table[i])
			return false;
	return true;
}

/*
 * Free every table below @table (a table of level @l) that covers part of
 * [@va, @last] and holds no entry once its own children are dealt with.
 */
static void free_empty_below(pteval_t *table, unsigned int l,
			     const unsigned int *shift, unsigned int nr_levels,
			     unsigned long va, unsigned long last)
{
	const unsigned long size = 1UL << shift[l];
	const unsigned long mask = (PAGE_SIZE / sizeof(pteval_t)) - 1;

	if (l + 1 == nr_levels)
		return;
	for (;;) {
		unsigned long next = (va | (size - 1)) + 1;
		pteval_t *slot = &table[(va >> shift[l]) & mask];

		if (*slot && !(*slot & _PAGE_PSE)) {
			pteval_t *child = entry_table(*slot);

			free_empty_below(child, l + 1, shift, nr_levels, va,
					 min(last, next - 1));
			if (table_empty(child)) {
				struct page *page = pfn_to_page(PHYS_PFN(*slot & PTE_PFN_MASK));

				*slot = 0;
				__ClearPageTable(page);
				__free_pages(page, 0);
			}
		}
		if (next - 1 >= last)
			break;
		va = next;
	}
}

/*
 * Present leaves mapping part of [@va, @last] below @table (of level @l);
 * with @zap, each one's page is freed and its entry cleared.
 */
static unsigned long count_present_below(pteval_t *table, unsigned int l,
					 const unsigned int *shift,
					 unsigned int nr_levels,
					 unsigned long va, unsigned long last,
					 bool zap)
{
	const unsigned long size = 1UL << shift[l];
	const unsigned long mask = (PAGE_SIZE / sizeof(pteval_t)) - 1;
	unsigned long n = 0;

	for (;;) {
		unsigned long next = (va | (size - 1)) + 1;
		pteval_t *slot = &table[(va >> shift[l]) & mask];
		pteval_t e = *slot;

		if (!(e & _PAGE_PRESENT)) {
			/* nothing mapped below */
		} else if (l + 1 == nr_levels || (e & _PAGE_PSE)) {
			n++;
			if (zap) {
				*slot = 0;
				__free_pages(pfn_to_page(PHYS_PFN(e & PTE_PFN_MASK)), 0);
			}
		} else {
			n += count_present_below(entry_table(e), l + 1, shift,
						 nr_levels, va, min(last, next - 1),
						 zap);
		}
		if (next - 1 >= last)
			break;
		va = next;
	}
	return n;
}

unsigned long count_present_ptes(phys_addr_t pgd, unsigned long start,
				 unsigned long end)
{
	unsigned int shift[5];
	unsigned int n = real_levels(shift);

	if (start >= end)
		return 0;
	return count_present_below(__va(pgd), 0, shift, n, start, end - 1, false);
}

unsigned long zap_user_range(phys_addr_t pgd, unsigned long start,
			     unsigned long end)
{
	unsigned int shift[5];
	unsigned int n = real_levels(shift);

	if (start >= end)
		return 0;
	return count_present_below(__va(pgd), 0, shift, n, start, end - 1, true);
}

void free_user_tables(phys_addr_t pgd, unsigned long start, unsigned long end)
{
	unsigned int shift[5];
	unsigned int n = real_levels(shift);

	if (start >= end)
		return;
	free_empty_below(__va(pgd), 0, shift, n, start, end - 1);
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
			pud_t *pud = pud_alloc(pgd_offset_k(va), va, pa);

			if (!pud)
				return -ENOMEM;
			set_pud(pud, __pud(phys | PAGE_KERNEL_LARGE));
			step = PUD_SIZE;
		} else if (ARCH_PMD_LEAF && fits(phys, end, PMD_SIZE)) {
			pmd_t *pmd = pmd_alloc(pgd_offset_k(va), va, pa);

			if (!pmd)
				return -ENOMEM;
			set_pmd(pmd, __pmd(phys | PAGE_KERNEL_LARGE));
			step = PMD_SIZE;
		} else {
			pte_t *pte = pte_alloc(pgd_offset_k(va), va, pa);

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
	struct pt_alloc pa;

	PT_ALLOC_INIT(&pa, 0, _KERNPG_TABLE);
	pa.boot = true;
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
