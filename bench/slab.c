// SPDX-License-Identifier: GPL-2.0
/*
 * Slab and kmalloc bodies, run on the machine bench_machine_up() booted
 * (debugging off).  Each object gets one byte written, as the glibc side
 * does, so both sides pay for touching the memory they got.
 */
#include <linux/slab.h>

#include "bench.h"

int bench_kmalloc_pair(unsigned long size, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		void *p = kmalloc(size, GFP_KERNEL);

		if (!p)
			return -1;
		bench_touch(p, i);
		kfree(p);
	}
	return 0;
}

int bench_kmalloc_big_batch(unsigned long size, unsigned long iters)
{
	const unsigned int *order = bench_free_order_big();
	static void *p[BENCH_BIG_BATCH];

	for (unsigned long it = 0; it < iters; it++) {
		for (unsigned int i = 0; i < BENCH_BIG_BATCH; i++) {
			p[i] = kmalloc(size, GFP_KERNEL);
			if (!p[i]) {
				while (i--)
					kfree(p[i]);
				return -1;
			}
			bench_touch(p[i], i);
		}
		for (unsigned int i = 0; i < BENCH_BIG_BATCH; i++)
			kfree(p[order[i]]);
	}
	return 0;
}

/* The cache kmem_cache_pair() uses, made by bench_kmem_cache_up(). */
static struct kmem_cache *bench_cache;

int bench_kmem_cache_pair(unsigned long size, unsigned long iters)
{
	if (!bench_cache || kmem_cache_size(bench_cache) != size)
		return -1;
	for (unsigned long i = 0; i < iters; i++) {
		void *p = kmem_cache_alloc(bench_cache, GFP_KERNEL);

		if (!p)
			return -1;
		bench_touch(p, i);
		kmem_cache_free(bench_cache, p);
	}
	return 0;
}

int bench_kmem_cache_up(const struct bench *b)
{
	if (bench_machine_up(b))
		return -1;
	bench_cache = kmem_cache_create("bench", (unsigned int)b->ours.arg, 0, 0, NULL);
	return bench_cache ? 0 : -1;
}

void bench_kmem_cache_down(const struct bench *b)
{
	kmem_cache_destroy(bench_cache);
	bench_cache = NULL;
	bench_machine_down(b);
}
