/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machines a program can boot: a few fixed shapes, picked by the
 * program header.  A fixed menu rather than a fuzzed e820 map, because the
 * interesting boundaries (16 MiB, 896 MiB, 4 GiB, holes across zone limits,
 * a machine small enough to run out) are few and known, and a random map
 * would mostly be refused at boot.
 *
 * Every template boots on every architecture (i386 caps RAM at 4 GiB), and
 * its RAM ranges are the oracle's own record of what is RAM: the model never
 * asks the allocator which pfns exist.
 */
#ifndef _FUZZ_MACHINES_H
#define _FUZZ_MACHINES_H

#include <linux/types.h>

#define MT_MAX_RANGES	4

/* A RAM range in bytes, [start, end). */
struct mt_range {
	u64		start;
	u64		end;
};

struct machine_tmpl {
	const char	*kind;		/* "pc", "holes", "pci-hole" */
	const char	*size;		/* "64M": with @kind, the text name */
	unsigned int	max_nodes;	/* most nodes its RAM splits into */
	unsigned int	nr_ranges;
	struct mt_range	ram[MT_MAX_RANGES];	/* sorted, disjoint */
};

#define NR_MACHINE_TMPLS	8

extern const struct machine_tmpl machine_tmpls[NR_MACHINE_TMPLS];

/* min_free_kbytes choices; 0 is Linux's default formula. */
#define NR_MIN_FREE_CHOICES	4
extern const unsigned long min_free_choices[NR_MIN_FREE_CHOICES];

/* The slab_debug= boot options a header picks: none, "F", "FZPU". */
#define NR_SLAB_DEBUG_CHOICES	3
extern const char *const slab_debug_choices[NR_SLAB_DEBUG_CHOICES];

/* First pfn after the template's RAM (its max_pfn). */
unsigned long mt_max_pfn(const struct machine_tmpl *t);

/* Is @pfn RAM in @t? */
bool mt_pfn_is_ram(const struct machine_tmpl *t, unsigned long pfn);

/*
 * Pfns that are not RAM and that a free may name: every hole below max_pfn,
 * then MT_BEYOND_PFNS pfns from max_pfn on.  mt_bad_pfn(@t, i) is the i-th,
 * for 0 <= i < mt_nr_bad_pfns(@t); mt_bad_pfn_index() is its inverse, -1 for
 * a pfn that is RAM or too far beyond.
 */
#define MT_BEYOND_PFNS	1024
unsigned long mt_nr_bad_pfns(const struct machine_tmpl *t);
unsigned long mt_bad_pfn(const struct machine_tmpl *t, unsigned long i);
long mt_bad_pfn_index(const struct machine_tmpl *t, unsigned long pfn);

#endif /* _FUZZ_MACHINES_H */
