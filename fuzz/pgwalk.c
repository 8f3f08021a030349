// SPDX-License-Identifier: GPL-2.0
/*
 * The walk is table-driven: the five levels, of which the ones with a
 * single entry are folded into the level above (as the hardware never sees
 * them), and a level may hold a leaf if it or a level folded into it can.
 */
#include <linux/machine.h>
#include <linux/mm.h>

#include "fuzz/compiler.h"
#include "fuzz/pgwalk.h"

struct pw_level {
	unsigned int	shift;
	unsigned int	ptrs;
	bool		leaf;	/* may an entry here map memory directly? */
};

/* Deepest last; [4] is the pte level, whose entries always map a page. */
static const struct pw_level all_levels[5] = {
	{ PGDIR_SHIFT,	PTRS_PER_PGD,	false },
	{ P4D_SHIFT,	PTRS_PER_P4D,	false },
	{ PUD_SHIFT,	PTRS_PER_PUD,	ARCH_PUD_LEAF },
	{ PMD_SHIFT,	PTRS_PER_PMD,	ARCH_PMD_LEAF },
	{ PAGE_SHIFT,	PTRS_PER_PTE,	true },
};

/* The levels the hardware walks, top first; returns how many. */
static unsigned int real_levels(struct pw_level out[5])
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < 5; i++) {
		if (i == 0 || all_levels[i].ptrs > 1)
			out[n++] = all_levels[i];
		else if (all_levels[i].leaf)
			out[n - 1].leaf = true;	/* folded into its parent */
	}
	return n;
}

static bool read_entry(phys_addr_t table, unsigned long idx, pteval_t *e)
{
	return ram_read(table + idx * sizeof(pteval_t), e, sizeof(*e)) == 0;
}

static bool is_leaf(const struct pw_level *l, bool last, pteval_t e)
{
	return last || (l->leaf && (e & _PAGE_PSE));
}

struct walk {
	struct pw_level	lv[5];
	unsigned int	nr;
	unsigned long	max_pfn;
	unsigned long	*pfns;
	unsigned long	max;
	unsigned long	found;
	bool		stopped;
};

__no_sanitize_coverage
static void walk_table(struct walk *w, phys_addr_t table, unsigned int level)
{
	pteval_t entries[PAGE_SIZE / sizeof(pteval_t)];
	unsigned long pfn = PHYS_PFN(table);

	if (w->stopped)
		return;
	if (w->found >= w->max || pfn >= w->max_pfn ||
	    ram_read(table, entries, PAGE_SIZE)) {
		w->stopped = true;
		return;
	}
	w->pfns[w->found++] = pfn;
	if (level + 1 >= w->nr)
		return;
	for (unsigned int i = 0; i < w->lv[level].ptrs; i++) {
		pteval_t e = entries[i];

		if (!(e & _PAGE_PRESENT) || is_leaf(&w->lv[level], false, e))
			continue;
		walk_table(w, (phys_addr_t)(e & PTE_PFN_MASK), level + 1);
	}
}

long pgwalk_tables(phys_addr_t root, unsigned long max_pfn, unsigned long *pfns,
		   unsigned long max)
{
	struct walk w = { .max_pfn = max_pfn, .pfns = pfns, .max = max };

	w.nr = real_levels(w.lv);
	walk_table(&w, root, 0);
	return w.stopped ? -1 : (long)w.found;
}

__no_sanitize_coverage
bool pgwalk_translate(phys_addr_t root, unsigned long va, unsigned long *pfn)
{
	struct pw_level lv[5];
	unsigned int nr = real_levels(lv);
	phys_addr_t table = root;

	for (unsigned int i = 0; i < nr; i++) {
		unsigned long idx = (va >> lv[i].shift) & (lv[i].ptrs - 1);
		pteval_t e;

		if (!read_entry(table, idx, &e) || !(e & _PAGE_PRESENT))
			return false;
		if (is_leaf(&lv[i], i + 1 == nr, e)) {
			*pfn = (unsigned long)((e & PTE_PFN_MASK) >> PAGE_SHIFT) +
			       ((va & ((1UL << lv[i].shift) - 1)) >> PAGE_SHIFT);
			return true;
		}
		table = (phys_addr_t)(e & PTE_PFN_MASK);
	}
	return false;
}

struct user_walk {
	struct pw_level	lv[5];
	unsigned int	nr;
	unsigned long	max_pfn;
	struct pgwalk_user *out;
	bool		stopped;
};

__no_sanitize_coverage
static void walk_user_table(struct user_walk *w, phys_addr_t table,
			    unsigned int level, unsigned long base)
{
	pteval_t entries[PAGE_SIZE / sizeof(pteval_t)];
	struct pgwalk_user *o = w->out;
	unsigned long pfn = PHYS_PFN(table);

	if (w->stopped)
		return;
	if (o->nr_tables >= PGWALK_USER_MAX || pfn >= w->max_pfn ||
	    ram_read(table, entries, PAGE_SIZE)) {
		w->stopped = true;
		return;
	}
	o->tables[o->nr_tables++] = pfn;
	for (unsigned int i = 0; i < w->lv[level].ptrs; i++) {
		unsigned long va = base + ((unsigned long)i << w->lv[level].shift);
		pteval_t e = entries[i];

		/* The pgd's kernel half is the kernel's, shared by every mm. */
		if (level == 0 && va >= TASK_SIZE)
			break;
		if (!(e & _PAGE_PRESENT))
			continue;
		if (is_leaf(&w->lv[level], level + 1 == w->nr, e)) {
			if (o->nr_leaves >= PGWALK_USER_MAX) {
				w->stopped = true;
				return;
			}
			o->leaf_va[o->nr_leaves] = va;
			o->leaf_pfn[o->nr_leaves] = (unsigned long)((e & PTE_PFN_MASK) >> PAGE_SHIFT);
			o->leaf_raw[o->nr_leaves++] = (u64)e;
			continue;
		}
		walk_user_table(w, (phys_addr_t)(e & PTE_PFN_MASK), level + 1, va);
	}
}

bool pgwalk_user(phys_addr_t root, unsigned long max_pfn, struct pgwalk_user *out)
{
	struct user_walk w = { .max_pfn = max_pfn, .out = out };

	out->nr_tables = out->nr_leaves = 0;
	w.nr = real_levels(w.lv);
	walk_user_table(&w, root, 0, 0);
	return !w.stopped;
}
