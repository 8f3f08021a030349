// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware memory map, checked and reduced to sorted RAM pfn ranges.
 *
 * Linux's sanitize_e820_table() resolves overlaps in favour of the more
 * restrictive type.  A simulated machine's map is written by a person or a
 * fuzzer, so an overlap here is a mistake in the description and is refused.
 */
#include <errno.h>
#include <stdlib.h>

#include <linux/mm.h>
#include <linux/report.h>

#include "internal.h"

static int bad_map(const char *why, unsigned int i, const struct e820_entry *e)
{
	report_begin(REPORT_BAD_BOOT, "BUG: bad boot map: %s", why);
	if (e)
		report_line("e820 entry %u: [mem %#018llx-%#018llx] type %d", i,
			    (unsigned long long)e->addr,
			    (unsigned long long)(e->addr + e->size - 1), e->type);
	report_end();
	return -EINVAL;
}

static int cmp_entry_addr(const void *a, const void *b)
{
	const struct e820_entry *x = *(const struct e820_entry * const *)a;
	const struct e820_entry *y = *(const struct e820_entry * const *)b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int check_entry(unsigned int i, const struct e820_entry *e)
{
	const u64 limit = min((u64)MACHINE_MAX_PHYS, 1ULL << MAX_PHYSMEM_BITS);

	if (e->type != E820_TYPE_RAM && e->type != E820_TYPE_RESERVED)
		return bad_map("unknown entry type", i, e);
	if (e->size == 0)
		return bad_map("empty entry", i, e);
	if (e->addr + e->size < e->addr || e->addr + e->size > limit)
		return bad_map(MAX_PHYSMEM_BITS == 32 ?
			       "entry beyond 4 GiB (i386 without PAE)" :
			       "entry beyond the largest machine (64 GiB)", i, e);
	return 0;
}

int e820_to_ram_ranges(const struct machine_desc *desc)
{
	const struct e820_entry *sorted[E820_MAX_ENTRIES];
	unsigned int i, nr = 0;

	if (!desc || !desc->map || desc->nr_map == 0)
		return bad_map("no e820 map", 0, NULL);
	if (desc->nr_map > E820_MAX_ENTRIES)
		return bad_map("more than E820_MAX_ENTRIES entries", 0, NULL);

	for (i = 0; i < desc->nr_map; i++) {
		int err = check_entry(i, &desc->map[i]);

		if (err)
			return err;
		sorted[i] = &desc->map[i];
	}
	qsort(sorted, desc->nr_map, sizeof(sorted[0]), cmp_entry_addr);
	for (i = 1; i < desc->nr_map; i++) {
		if (sorted[i]->addr < sorted[i - 1]->addr + sorted[i - 1]->size)
			return bad_map("entries overlap",
				       (unsigned int)(sorted[i] - desc->map),
				       sorted[i]);
	}

	/* Whole pages only; touching RAM entries become one range. */
	for (i = 0; i < desc->nr_map; i++) {
		const struct e820_entry *e = sorted[i];
		unsigned long start = PFN_UP(e->addr);
		unsigned long end = PFN_DOWN(e->addr + e->size);

		if (e->type != E820_TYPE_RAM || start >= end)
			continue;
		if (nr && machine.ram[nr - 1].end == start) {
			machine.ram[nr - 1].end = end;
			continue;
		}
		machine.ram[nr].start = start;
		machine.ram[nr].end = end;
		nr++;
	}
	if (!nr)
		return bad_map("no RAM", 0, NULL);
	machine.nr_ram = nr;
	machine.max_pfn = machine.ram[nr - 1].end;
	return 0;
}

bool pfn_valid(unsigned long pfn)
{
	unsigned int lo = 0, hi = machine.nr_ram;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (pfn < machine.ram[mid].start)
			hi = mid;
		else if (pfn >= machine.ram[mid].end)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

unsigned long ram_pages_in(unsigned long start, unsigned long end)
{
	return pfn_ranges_overlap(machine.ram, machine.nr_ram, start, end);
}

unsigned int e820_pc_layout(struct e820_entry *map, u64 ram_bytes)
{
	const u64 low = 640 * SZ_1K, legacy_end = SZ_1M;

	if (ram_bytes <= low) {
		map[0] = (struct e820_entry){ 0, ram_bytes, E820_TYPE_RAM };
		return 1;
	}
	map[0] = (struct e820_entry){ 0, low, E820_TYPE_RAM };
	map[1] = (struct e820_entry){ low, legacy_end - low, E820_TYPE_RESERVED };
	if (ram_bytes <= legacy_end)
		return 2;
	map[2] = (struct e820_entry){ legacy_end, ram_bytes - legacy_end,
				      E820_TYPE_RAM };
	return 3;
}
