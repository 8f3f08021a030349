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

#endif /* _FUZZ_PGWALK_H */
