// SPDX-License-Identifier: GPL-2.0
/*
 * Whole-machine bodies: what every fuzz input pays before and after its
 * program runs (DESIGN.md, decision 3), and the machine the allocator
 * benchmarks run on.
 */
#include <linux/gfp.h>
#include <linux/machine.h>

#include "bench.h"

/*
 * The machine allocator benchmarks run on: big enough that 1,000 pages or
 * an order-9 block never get near a watermark, one node and one CPU like a
 * typical fuzz input.
 */
#define BENCH_MACHINE_MIB	256

static int boot_pc(unsigned long mib)
{
	struct e820_entry map[3];
	struct machine_desc desc = { .map = map, .nr_nodes = 1, .nr_cpus = 1 };

	desc.nr_map = e820_pc_layout(map, (u64)mib << 20);
	return machine_boot(&desc) ? -1 : 0;
}

int bench_boot_cycle(unsigned long mib, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		if (boot_pc(mib))
			return -1;
		machine_teardown();
	}
	return 0;
}

/* One block of every order, all live at once, then all freed. */
static int alloc_each_order(void)
{
	struct page *block[NR_PAGE_ORDERS];
	int err = 0;

	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		block[order] = alloc_pages(GFP_KERNEL, order);
		if (!block[order])
			err = -1;
		else
			bench_touch(page_address(block[order]), order);
	}
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++)
		if (block[order])
			__free_pages(block[order], order);
	return err;
}

int bench_boot_alloc_cycle(unsigned long mib, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		int err;

		if (boot_pc(mib))
			return -1;
		err = alloc_each_order();
		machine_teardown();
		if (err)
			return -1;
	}
	return 0;
}

int bench_machine_up(const struct bench *b)
{
	return boot_pc(BENCH_MACHINE_MIB);
}

void bench_machine_down(const struct bench *b)
{
	machine_teardown();
}
