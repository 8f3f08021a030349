// SPDX-License-Identifier: GPL-2.0
/*
 * Buddy allocator bodies, run on the machine bench_machine_up() booted.
 * Each block gets one byte written through its direct-map address, as the
 * glibc side does, so both sides pay for touching the memory they got.
 */
#include <linux/gfp.h>

#include "bench.h"

int bench_page_pair(unsigned long order, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, (unsigned int)order);

		if (!page)
			return -1;
		bench_touch(page_address(page), i);
		__free_pages(page, (unsigned int)order);
	}
	return 0;
}

int bench_page_batch(unsigned long order, unsigned long iters)
{
	const unsigned int *free_order = bench_free_order();
	struct page *pages[BENCH_BATCH];

	for (unsigned long it = 0; it < iters; it++) {
		for (unsigned int i = 0; i < BENCH_BATCH; i++) {
			pages[i] = alloc_pages(GFP_KERNEL, (unsigned int)order);
			if (!pages[i]) {
				while (i--)
					__free_pages(pages[i], (unsigned int)order);
				return -1;
			}
			bench_touch(page_address(pages[i]), i);
		}
		for (unsigned int i = 0; i < BENCH_BATCH; i++)
			__free_pages(pages[free_order[i]], (unsigned int)order);
	}
	return 0;
}
