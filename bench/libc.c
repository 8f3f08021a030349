// SPDX-License-Identifier: GPL-2.0
/*
 * The glibc baselines: what a userspace program pays for the same bytes.
 * Each block gets one byte written (bench_touch), as ours does, so neither
 * side can be optimised into doing nothing.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"

int bench_malloc_pair(unsigned long size, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		void *p = malloc(size);

		if (!p)
			return -1;
		bench_touch(p, i);
		free(p);
	}
	return 0;
}

/* @n mallocs, then frees in the shuffled @order, @iters times. */
static int malloc_batch(unsigned long size, unsigned long iters, void **p,
			unsigned int n, const unsigned int *order)
{
	for (unsigned long it = 0; it < iters; it++) {
		for (unsigned int i = 0; i < n; i++) {
			p[i] = malloc(size);
			if (!p[i]) {
				while (i--)
					free(p[i]);
				return -1;
			}
			bench_touch(p[i], i);
		}
		for (unsigned int i = 0; i < n; i++)
			free(p[order[i]]);
	}
	return 0;
}

int bench_malloc_batch(unsigned long size, unsigned long iters)
{
	void *p[BENCH_BATCH];

	return malloc_batch(size, iters, p, BENCH_BATCH, bench_free_order());
}

/* The host kernel's vmalloc: anonymous pages, one fault each. */
int bench_mmap_touch(unsigned long size, unsigned long iters)
{
	const unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);

	for (unsigned long i = 0; i < iters; i++) {
		char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return -1;
		for (unsigned long off = 0; off < size; off += page)
			bench_touch(p + off, i);
		if (munmap(p, size))
			return -1;
	}
	return 0;
}

int bench_malloc_big_batch(unsigned long size, unsigned long iters)
{
	static void *p[BENCH_BIG_BATCH];

	return malloc_batch(size, iters, p, BENCH_BIG_BATCH, bench_free_order_big());
}
