/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An independent page-table walker (DESIGN.md, decision 4).
 *
 * It reads raw entries out of simulated RAM with ram_read() and interprets
 * them by the arch's bit layout alone (<asm/pgtable_types.h>, the level
 * shifts and sizes of <asm/pgtable.h>): none of mm/'s walk helpers, so a
 * bug in those cannot hide itself.
 */
#ifndef _FUZZ_PGWALK_H
#define _FUZZ_PGWALK_H

#include <linux/types.h>

/**
 * pgwalk_tables() - every page-table page reachable from the table at @root.
 * @pfns: filled with up to @max pfns, in walk order (@root's first).
 *
 * A table at or above @max_pfn, or more tables than @max (a cycle looks
 * like that), ends the walk.  Whether each table is RAM is the caller's to
 * check, against its own map.
 * Return: the number of tables found, or -1 if the walk had to stop.
 */
long pgwalk_tables(phys_addr_t root, unsigned long max_pfn, unsigned long *pfns,
		   unsigned long max);

/**
 * pgwalk_translate() - the pfn arch VA @va maps to under @root.
 * Return: true with *@pfn set, or false if @va is not mapped.
 */
bool pgwalk_translate(phys_addr_t root, unsigned long va, unsigned long *pfn);

/* What pgwalk_user() found: at most this many tables, and leaves. */
#define PGWALK_USER_MAX	128

struct pgwalk_user {
	unsigned long	tables[PGWALK_USER_MAX];	/* pfns, the pgd's first */
	unsigned long	nr_tables;
	unsigned long	leaf_va[PGWALK_USER_MAX];	/* user VA of each mapping */
	unsigned long	leaf_pfn[PGWALK_USER_MAX];
	u64		leaf_raw[PGWALK_USER_MAX];	/* the raw entry */
	unsigned long	nr_leaves;
};

/**
 * pgwalk_user() - the user half of a process's page tables under pgd @root:
 * every table (the pgd included, none of the kernel half's) and every
 * present leaf, in address order.
 * Return: true, or false if the walk had to stop (a table at or above
 * @max_pfn, more than PGWALK_USER_MAX of either).
 */
bool pgwalk_user(phys_addr_t root, unsigned long max_pfn, struct pgwalk_user *out);

#endif /* _FUZZ_PGWALK_H */
