// SPDX-License-Identifier: GPL-2.0
/*
 * The page tables' consistency checker.  It reads raw entries from the top
 * (swapper_pg_dir, then the user half of every live mm's pgd) down to the
 * pte level, trusting no entry until
 * its target is known to be a lowmem RAM page, and then accounts for every
 * PG_table page of the machine: each must be linked exactly once, so a
 * table leaked by a failed walk (allocated, linked nowhere) or linked
 * twice shows up as a count mismatch.
 */
#include <linux/mmdebug.h>
#include <linux/pgtable.h>
#include <linux/report.h>

#include "internal.h"

/* The levels that exist: folded ones (PTRS_PER_x == 1) are skipped. */
static const struct {
	unsigned int	ptrs;
	const char	*name;
} pt_levels[] = {
	{ PTRS_PER_PGD, "pgd" }, { PTRS_PER_P4D, "p4d" },
	{ PTRS_PER_PUD, "pud" }, { PTRS_PER_PMD, "pmd" },
	{ PTRS_PER_PTE, "pte" },
};

#define PT_LAST_LEVEL	((int)ARRAY_SIZE(pt_levels) - 1)

static bool pt_bad(const char *what, unsigned int level, unsigned long index,
		   u64 entry)
{
	report_begin(REPORT_INCONSISTENT,
		     "BUG: kernel page tables inconsistent: %s", what);
	report_line("%s entry %lu: %#llx", pt_levels[level].name, index,
		    (unsigned long long)entry);
	report_end();
	return false;
}

static int next_level(int level)
{
	do
		level++;
	while (level < PT_LAST_LEVEL && pt_levels[level].ptrs == 1);
	return level;
}

/* Walk entries [0, @limit) of @table, a table of @level. */
static bool walk_entries(phys_addr_t table, int level, unsigned long limit,
			 unsigned long *tables);

static bool walk_table(phys_addr_t table, int level, unsigned long *tables)
{
	return walk_entries(table, level, pt_levels[level].ptrs, tables);
}

static bool walk_entries(phys_addr_t table, int level, unsigned long limit,
			 unsigned long *tables)
{
	const pteval_t *entries = __va(table);
	bool ok = true;

	if (level == PT_LAST_LEVEL)
		return true;
	for (unsigned long i = 0; i < limit; i++) {
		pteval_t e = entries[i];
		unsigned long pfn = (unsigned long)((e & PTE_PFN_MASK) >> PAGE_SHIFT);
		const struct page *page;

		if (entry_none(e))
			continue;
		if (!entry_present(e)) {
			ok = pt_bad("non-present entry in a kernel table", level, i, e);
			continue;
		}
		if (e & _PAGE_PSE)
			continue;	/* a large leaf */
		if (pfn >= machine.max_low_pfn || !pfn_valid(pfn)) {
			ok = pt_bad("table entry points outside lowmem RAM", level, i, e);
			continue;
		}
		page = pfn_to_page(pfn);
		if (!PageReserved(page) &&
		    !(PageTable(page) && page_ref_count(page) == 1)) {
			ok = pt_bad("table entry points at a page that is not a page table",
				    level, i, e);
			continue;
		}
		if (PageTable(page))
			(*tables)++;
		ok &= walk_table(PFN_PHYS(pfn), next_level(level), tables);
	}
	return ok;
}

bool pgtable_is_valid(void)
{
	unsigned long linked = 0, marked;
	struct mm_struct *mm;
	bool ok;

	if (!machine.booted)
		return true;
	ok = walk_table(machine.swapper_pg_dir, 0, &linked);
	/*
	 * Each process's pgd and the tables of its user half; the kernel
	 * half of its pgd shares swapper_pg_dir's tables, counted above.
	 */
	list_for_each_entry(mm, mm_list_head(), mmlist) {
		const struct page *pgd = pfn_to_page(PHYS_PFN(mm->pgd));

		if (!PageTable(pgd) || page_ref_count(pgd) != 1)
			ok = pt_bad("an mm's pgd is not a page table", 0, 0, mm->pgd);
		else
			linked++;
		ok &= walk_entries(mm->pgd, 0, pgd_index(PAGE_OFFSET), &linked);
	}
	marked = nr_pgtable_pages();
	if (linked != marked) {
		report_begin(REPORT_INCONSISTENT,
			     "BUG: kernel page tables inconsistent: %lu PG_table pages, %lu linked",
			     marked, linked);
		report_line("a page-table page is leaked (linked nowhere) or linked twice");
		report_end();
		ok = false;
	}
	return ok;
}

unsigned long nr_pgtable_pages(void)
{
	unsigned long n = 0;

	for (unsigned int r = 0; r < machine.nr_ram; r++) {
		unsigned long end = min(machine.ram[r].end, machine.max_low_pfn);

		for (unsigned long pfn = machine.ram[r].start; pfn < end; pfn++)
			n += PageTable(pfn_to_page(pfn));
	}
	return n;
}
