// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>

#include "fuzz/machines.h"

#define K	(1ULL << 10)
#define M	(1ULL << 20)
#define G	(1ULL << 30)

/* The PC layout: 640 KiB of base memory, the legacy hole, RAM from 1 MiB. */
#define PC(sz)	{ { 0, 640 * K }, { 1 * M, (sz) } }

/*
 * Order is the byte form: appending is fine, reordering changes what old
 * byte inputs mean (text seeds are unaffected).
 */
const struct machine_tmpl machine_tmpls[NR_MACHINE_TMPLS] = {
	/* One zone, one node: small enough to exhaust in a few ops. */
	{ "pc", "4M", 1, 2, PC(4 * M) },
	{ "pc", "64M", 4, 2, PC(64 * M) },
	{ "pc", "256M", 4, 2, PC(256 * M) },
	/* i386: 128 MiB of highmem above 896 MiB. */
	{ "pc", "1G", 4, 2, PC(1 * G) },
	/* i386: mostly highmem; x86-64: DMA32 up to its very end. */
	{ "pc", "4G", 4, 2, PC(4 * G) },
	/* Holes inside ZONE_DMA and between DMA and the zone above. */
	{ "holes", "96M", 4, 4,
	  { { 0, 640 * K }, { 1 * M, 8 * M }, { 12 * M, 20 * M }, { 40 * M, 96 * M } } },
	/* RAM around i386's 896 MiB lowmem limit, with holes on both sides. */
	{ "holes", "1G", 4, 4,
	  { { 0, 640 * K }, { 1 * M, 512 * M }, { 600 * M, 900 * M }, { 1000 * M, 1 * G } } },
	/* The PCI hole below 4 GiB. */
	{ "pci-hole", "4G", 4, 3,
	  { { 0, 640 * K }, { 1 * M, 2 * G }, { 3 * G, 4 * G } } },
};

const char *const slab_debug_choices[NR_SLAB_DEBUG_CHOICES] = { NULL, "F", "FZPU" };

const unsigned long min_free_choices[NR_MIN_FREE_CHOICES] = {
	0, 128, 1024, 16384,
};

unsigned long mt_max_pfn(const struct machine_tmpl *t)
{
	return (unsigned long)(t->ram[t->nr_ranges - 1].end >> PAGE_SHIFT);
}

bool mt_pfn_is_ram(const struct machine_tmpl *t, unsigned long pfn)
{
	for (unsigned int i = 0; i < t->nr_ranges; i++)
		if (pfn >= t->ram[i].start >> PAGE_SHIFT &&
		    pfn < t->ram[i].end >> PAGE_SHIFT)
			return true;
	return false;
}

/* The holes of @t as pfn ranges, in order; returns their number. */
static unsigned int mt_holes(const struct machine_tmpl *t,
			     unsigned long start[], unsigned long end[])
{
	unsigned long prev = 0;
	unsigned int n = 0;

	for (unsigned int i = 0; i < t->nr_ranges; i++) {
		unsigned long s = (unsigned long)(t->ram[i].start >> PAGE_SHIFT);

		if (s > prev) {
			start[n] = prev;
			end[n++] = s;
		}
		prev = (unsigned long)(t->ram[i].end >> PAGE_SHIFT);
	}
	start[n] = prev;
	end[n++] = prev + MT_BEYOND_PFNS;
	return n;
}

unsigned long mt_nr_bad_pfns(const struct machine_tmpl *t)
{
	unsigned long start[MT_MAX_RANGES + 1], end[MT_MAX_RANGES + 1], n = 0;
	unsigned int nr = mt_holes(t, start, end);

	for (unsigned int i = 0; i < nr; i++)
		n += end[i] - start[i];
	return n;
}

unsigned long mt_bad_pfn(const struct machine_tmpl *t, unsigned long idx)
{
	unsigned long start[MT_MAX_RANGES + 1], end[MT_MAX_RANGES + 1];
	unsigned int nr = mt_holes(t, start, end);

	for (unsigned int i = 0; i < nr; i++) {
		if (idx < end[i] - start[i])
			return start[i] + idx;
		idx -= end[i] - start[i];
	}
	return end[nr - 1] - 1;
}

long mt_bad_pfn_index(const struct machine_tmpl *t, unsigned long pfn)
{
	unsigned long start[MT_MAX_RANGES + 1], end[MT_MAX_RANGES + 1];
	unsigned int nr = mt_holes(t, start, end);
	long idx = 0;

	for (unsigned int i = 0; i < nr; i++) {
		if (pfn >= start[i] && pfn < end[i])
			return idx + (long)(pfn - start[i]);
		idx += (long)(end[i] - start[i]);
	}
	return -1;
}
