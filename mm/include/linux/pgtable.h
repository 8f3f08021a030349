/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-table entries and the five-level walk, written once for every arch.
 *
 * The walk is pgd -> p4d -> pud -> pmd -> pte.  A level the arch lacks has
 * PTRS_PER_x == 1 and is folded into its parent, as Linux's
 * pgtable-nop4d.h, -nopud.h and -nopmd.h fold it: x_offset() of a folded
 * level returns the parent entry itself, and the parent's x_none() is
 * always false, so the "is it populated" question is asked once, at the
 * lowest level that really exists.  Every test below is on compile-time
 * constants; the compiler removes the folded branches.
 *
 * Entries hold physical addresses; tables live in simulated RAM, in lowmem,
 * and are reached through the direct map.
 */
#ifndef _LINUX_PGTABLE_H
#define _LINUX_PGTABLE_H

#include <linux/gfp_types.h>
#include <linux/mm.h>

typedef struct { pteval_t pgd; } pgd_t;
typedef struct { pteval_t p4d; } p4d_t;
typedef struct { pteval_t pud; } pud_t;
typedef struct { pteval_t pmd; } pmd_t;
typedef struct { pteval_t pte; } pte_t;

#define pgd_val(x)	((x).pgd)
#define p4d_val(x)	((x).p4d)
#define pud_val(x)	((x).pud)
#define pmd_val(x)	((x).pmd)
#define pte_val(x)	((x).pte)
#define __pgd(v)	((pgd_t){ (pteval_t)(v) })
#define __p4d(v)	((p4d_t){ (pteval_t)(v) })
#define __pud(v)	((pud_t){ (pteval_t)(v) })
#define __pmd(v)	((pmd_t){ (pteval_t)(v) })
#define __pte(v)	((pte_t){ (pteval_t)(v) })

#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)
#define P4D_SIZE	(1UL << P4D_SHIFT)
#define PUD_SIZE	(1UL << PUD_SHIFT)
#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PGDIR_MASK	(~(PGDIR_SIZE - 1))
#define P4D_MASK	(~(P4D_SIZE - 1))
#define PUD_MASK	(~(PUD_SIZE - 1))
#define PMD_MASK	(~(PMD_SIZE - 1))

/* Entry bits that a kernel table entry pointing at a lower table carries. */
#define _KERNPG_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

#define P4D_FOLDED	(PTRS_PER_P4D == 1)
#define PUD_FOLDED	(PTRS_PER_PUD == 1)
#define PMD_FOLDED	(PTRS_PER_PMD == 1)

static inline unsigned long pgd_index(unsigned long va)
{
	return (va >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1);
}

static inline unsigned long p4d_index(unsigned long va)
{
	return (va >> P4D_SHIFT) & (PTRS_PER_P4D - 1);
}

static inline unsigned long pud_index(unsigned long va)
{
	return (va >> PUD_SHIFT) & (PTRS_PER_PUD - 1);
}

static inline unsigned long pmd_index(unsigned long va)
{
	return (va >> PMD_SHIFT) & (PTRS_PER_PMD - 1);
}

static inline unsigned long pte_index(unsigned long va)
{
	return (va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1);
}

/* The table an entry points to, as a host pointer through the direct map. */
static inline void *entry_table(pteval_t v)
{
	return __va((phys_addr_t)(v & PTE_PFN_MASK));
}

static inline bool entry_none(pteval_t v)
{
	return v == 0;
}

static inline bool entry_present(pteval_t v)
{
	return v & _PAGE_PRESENT;
}

/* ---- pgd: p4d below it may be folded ---- */

static inline bool pgd_none(pgd_t pgd)
{
	return !P4D_FOLDED && entry_none(pgd_val(pgd));
}

static inline bool pgd_present(pgd_t pgd)
{
	return P4D_FOLDED || entry_present(pgd_val(pgd));
}

static inline p4d_t *p4d_offset(pgd_t *pgd, unsigned long va)
{
	if (P4D_FOLDED)
		return (p4d_t *)pgd;
	return (p4d_t *)entry_table(pgd_val(*pgd)) + p4d_index(va);
}

/* ---- p4d: pud below it may be folded ---- */

static inline bool p4d_none(p4d_t p4d)
{
	return !PUD_FOLDED && entry_none(p4d_val(p4d));
}

static inline bool p4d_present(p4d_t p4d)
{
	return PUD_FOLDED || entry_present(p4d_val(p4d));
}

static inline pud_t *pud_offset(p4d_t *p4d, unsigned long va)
{
	if (PUD_FOLDED)
		return (pud_t *)p4d;
	return (pud_t *)entry_table(p4d_val(*p4d)) + pud_index(va);
}

/* ---- pud: pmd below it may be folded; may be a 1 GiB leaf ---- */

static inline bool pud_none(pud_t pud)
{
	return !PMD_FOLDED && entry_none(pud_val(pud));
}

static inline bool pud_present(pud_t pud)
{
	return PMD_FOLDED || entry_present(pud_val(pud));
}

static inline bool pud_leaf(pud_t pud)
{
	return ARCH_PUD_LEAF && !PMD_FOLDED &&
	       (pud_val(pud) & (_PAGE_PRESENT | _PAGE_PSE)) ==
			(_PAGE_PRESENT | _PAGE_PSE);
}

static inline pmd_t *pmd_offset(pud_t *pud, unsigned long va)
{
	if (PMD_FOLDED)
		return (pmd_t *)pud;
	return (pmd_t *)entry_table(pud_val(*pud)) + pmd_index(va);
}

/* ---- pmd: the pte level always exists; may be a 2 or 4 MiB leaf ---- */

static inline bool pmd_none(pmd_t pmd)
{
	return entry_none(pmd_val(pmd));
}

static inline bool pmd_present(pmd_t pmd)
{
	return entry_present(pmd_val(pmd));
}

static inline bool pmd_leaf(pmd_t pmd)
{
	return ARCH_PMD_LEAF &&
	       (pmd_val(pmd) & (_PAGE_PRESENT | _PAGE_PSE)) ==
			(_PAGE_PRESENT | _PAGE_PSE);
}

static inline pte_t *pte_offset_kernel(pmd_t *pmd, unsigned long va)
{
	return (pte_t *)entry_table(pmd_val(*pmd)) + pte_index(va);
}

/* ---- pte ---- */

static inline bool pte_none(pte_t pte)
{
	return entry_none(pte_val(pte));
}

static inline bool pte_present(pte_t pte)
{
	return entry_present(pte_val(pte));
}

static inline unsigned long pte_pfn(pte_t pte)
{
	return (unsigned long)((pte_val(pte) & PTE_PFN_MASK) >> PAGE_SHIFT);
}

static inline pte_t pfn_pte(unsigned long pfn, pteval_t prot)
{
	return __pte(((pteval_t)pfn << PAGE_SHIFT) | prot);
}

static inline unsigned long pmd_pfn(pmd_t pmd)
{
	return (unsigned long)((pmd_val(pmd) & PTE_PFN_MASK) >> PAGE_SHIFT);
}

static inline unsigned long pud_pfn(pud_t pud)
{
	return (unsigned long)((pud_val(pud) & PTE_PFN_MASK) >> PAGE_SHIFT);
}

static inline void set_pte(pte_t *ptep, pte_t pte)	{ *ptep = pte; }
static inline void set_pmd(pmd_t *pmdp, pmd_t pmd)	{ *pmdp = pmd; }
static inline void set_pud(pud_t *pudp, pud_t pud)	{ *pudp = pud; }
static inline void set_p4d(p4d_t *p4dp, p4d_t p4d)	{ *p4dp = p4d; }
static inline void set_pgd(pgd_t *pgdp, pgd_t pgd)	{ *pgdp = pgd; }
static inline void pte_clear(pte_t *ptep)		{ ptep->pte = 0; }

/* The kernel's own pgd entry for @va. */
static inline pgd_t *pgd_offset_k(unsigned long va)
{
	return (pgd_t *)__va(machine.swapper_pg_dir) + pgd_index(va);
}

/* Levels at which lookup_address() finds a mapping. */
enum pg_level {
	PG_LEVEL_NONE,
	PG_LEVEL_PTE,		/* 4 KiB */
	PG_LEVEL_PMD,		/* 2 MiB (x86-64) or 4 MiB (i386) */
	PG_LEVEL_PUD,		/* 1 GiB */
};

/**
 * lookup_address() - find the entry that maps kernel arch VA @va.
 * @level: set to the level of the returned entry.
 *
 * Return: the leaf entry (a pte_t * even for a pmd or pud leaf, as Linux
 * does), or NULL with *@level == PG_LEVEL_NONE when some level on the way
 * is empty.  The returned entry may itself be not present.
 */
pte_t *lookup_address(unsigned long va, enum pg_level *level);

/**
 * kernel_va_to_pfn() - the pfn kernel arch VA @va is mapped to.
 * Return: the pfn, or -1UL if @va is not mapped.
 */
unsigned long kernel_va_to_pfn(unsigned long va);

/**
 * map_kernel_page() - map kernel arch VA @va to @pfn with 4 KiB granularity.
 * @gfp: how to allocate any missing page-table page (from the buddy
 *       allocator, marked PG_table).
 *
 * Return: 0, -EEXIST if @va is already mapped (by a pte or a large page),
 * or -ENOMEM if a page-table page could not be had; on failure the page
 * tables are exactly as they were.
 */
int map_kernel_page(unsigned long va, unsigned long pfn, pteval_t prot,
		    gfp_t gfp);

/**
 * unmap_kernel_page() - clear the pte of kernel arch VA @va.
 * Page-table pages stay, as Linux keeps kernel page tables.
 * Return: the pfn that was mapped, or -1UL if nothing was.
 */
unsigned long unmap_kernel_page(unsigned long va);

/**
 * map_kernel_range() - map @nr pages at kernel arch VA @va, 4 KiB each.
 * @pages: the pages, in address order; they need not be contiguous.
 * @gfp: how to allocate missing page-table pages.
 *
 * Context: process context (may allocate).
 * Return: 0, -EEXIST if some page of the range is already mapped, or
 * -ENOMEM if a page-table page could not be had.  On failure nothing of
 * the range is mapped and every page-table page this call created is
 * freed: the tables are exactly as they were.
 */
int map_kernel_range(unsigned long va, struct page *const *pages,
		     unsigned long nr, pteval_t prot, gfp_t gfp);

/**
 * unmap_kernel_range() - clear the ptes of @nr pages from kernel arch VA @va.
 * Pages not mapped are skipped; page-table pages stay.
 */
void unmap_kernel_range(unsigned long va, unsigned long nr);

/**
 * user_pte_lookup() - the pte of user arch VA @va below the pgd at @pgd.
 * Return: the pte (possibly not present), or NULL if no pte table covers
 * @va yet.
 */
pte_t *user_pte_lookup(phys_addr_t pgd, unsigned long va);

/**
 * map_user_page() - map user arch VA @va to @pfn below the pgd at @pgd.
 * Missing tables are allocated with @gfp and entered with PAGE_TABLE
 * (user-accessible) bits.
 * Return: 0, -EEXIST if @va is mapped, or -ENOMEM with the tables as they
 * were.
 */
int map_user_page(phys_addr_t pgd, unsigned long va, unsigned long pfn,
		  pteval_t prot, gfp_t gfp);

/**
 * free_user_tables() - free the empty page-table pages covering part of
 * [@start, @end) below the pgd at @pgd (Linux's free_pgtables()).
 * Leaves are not touched: zap them first.  Tables that still hold an
 * entry stay.
 */
void free_user_tables(phys_addr_t pgd, unsigned long start, unsigned long end);

/**
 * count_present_ptes() - present leaf entries mapping part of
 * [@start, @end) below the pgd at @pgd, found by walking every table.
 */
unsigned long count_present_ptes(phys_addr_t pgd, unsigned long start,
				 unsigned long end);

/**
 * zap_user_range() - clear every present leaf mapping part of
 * [@start, @end) below the pgd at @pgd and free the page it maps (one
 * reference, order 0).  Empty tables are skipped, never scanned.
 * Return: how many leaves were cleared.
 */
unsigned long zap_user_range(phys_addr_t pgd, unsigned long start,
			     unsigned long end);

#endif /* _LINUX_PGTABLE_H */
