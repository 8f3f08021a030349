// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc bodies, run on the machine bench_machine_up() booted: an area of
 * @size bytes with a byte written in every page, then freed.  Ours pays for
 * the VA range, one buddy page per page, the ptes, and the host mapping of
 * each run of adjacent pages (DESIGN.md, decision 2) with its first-touch
 * faults; the baseline (libc.c, bench_mmap_touch) is the host kernel doing
 * the same for anonymous memory.
 */
#include <linux/vmalloc.h>

#include "bench.h"

int bench_vmalloc_touch(unsigned long size, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		char *p = vmalloc(size);

		if (!p)
			return -1;
		for (unsigned long off = 0; off < size; off += PAGE_SIZE)
			bench_touch(p + off, i);
		vfree(p);
	}
	return 0;
}

/*
 * Boot, then make the page tables of the area the bodies will use: kernel
 * page tables stay once made (as in Linux), so the first vmalloc would
 * otherwise be the only one to pay for them, and the smoke test would see
 * them as pages that never came back.
 */
int bench_vmalloc_up(const struct bench *b)
{
	void *p;

	if (bench_machine_up(b))
		return -1;
	p = vmalloc(b->ours.arg);
	if (!p)
		return -1;
	vfree(p);
	return 0;
}
