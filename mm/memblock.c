// SPDX-License-Identifier: GPL-2.0
/*
 * memblock: the allocator that exists before the buddy allocator does.
 *
 * Only the boot page tables need it.  Like Linux's memblock it allocates
 * top-down, here from the top of lowmem (page tables must be in the direct
 * map), and what it hands out is reserved for good: PG_reserved, not
 * managed, never freed.
 */
#include <string.h>

#include <linux/mm.h>

#include "internal.h"

static struct {
	int		ram_idx;	/* RAM range being consumed */
	unsigned long	next;		/* next pfn to hand out, counting down */
	struct pfn_range reserved[E820_MAX_ENTRIES];
	unsigned int	nr_reserved;
} mb;

void memblock_init(void)
{
	memset(&mb, 0, sizeof(mb));
	mb.ram_idx = (int)machine.nr_ram - 1;
	while (mb.ram_idx >= 0 &&
	       machine.ram[mb.ram_idx].start >= machine.max_low_pfn)
		mb.ram_idx--;
	if (mb.ram_idx >= 0)
		mb.next = min(machine.ram[mb.ram_idx].end, machine.max_low_pfn);
}

static void memblock_reserve_pfn(unsigned long pfn)
{
	struct pfn_range *r;

	if (mb.nr_reserved && mb.reserved[mb.nr_reserved - 1].start == pfn + 1) {
		mb.reserved[mb.nr_reserved - 1].start = pfn;
	} else {
		r = &mb.reserved[mb.nr_reserved++];
		r->start = pfn;
		r->end = pfn + 1;
	}
	ram_mark_pages_dirty(pfn, 1);
	__SetPageReserved(pfn_to_page(pfn));
	set_page_count(pfn_to_page(pfn), 1);
}

phys_addr_t memblock_alloc_page(void)
{
	unsigned long pfn;

	while (mb.ram_idx >= 0 && mb.next == machine.ram[mb.ram_idx].start) {
		if (--mb.ram_idx >= 0)
			mb.next = machine.ram[mb.ram_idx].end;
	}
	/*
	 * pfn 0 is never handed out, so that 0 can mean failure (Linux keeps
	 * the first page reserved on x86 too).  One reserved range per RAM
	 * range: the array cannot overflow.
	 */
	if (mb.ram_idx < 0 || mb.next <= 1)
		return 0;
	pfn = --mb.next;
	memblock_reserve_pfn(pfn);
	ram_mark_dirty(pfn, 1);
	memset(__va(PFN_PHYS(pfn)), 0, PAGE_SIZE);
	return PFN_PHYS(pfn);
}

const struct pfn_range *memblock_reserved(unsigned int *nr)
{
	*nr = mb.nr_reserved;
	return mb.reserved;
}

unsigned long memblock_reserved_in(unsigned long start, unsigned long end)
{
	return pfn_ranges_overlap(mb.reserved, mb.nr_reserved, start, end);
}
