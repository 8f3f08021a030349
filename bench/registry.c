// SPDX-License-Identifier: GPL-2.0
/*
 * The suite, one line per benchmark, in the order the table prints them.
 * Names are stable: scripts compare runs by them (issue 7's list).
 */
#include <linux/mm.h>

#include "bench.h"

#define PAGE_BYTES(order)	(PAGE_SIZE << (order))

#define PAGE_PAIR(order) {						\
	.name = "page_order" #order,					\
	.ours = { bench_page_pair, order,				\
		  "alloc_pages(GFP_KERNEL, " #order ") + __free_pages" },	\
	.base = { bench_malloc_pair, PAGE_BYTES(order),			\
		  "malloc(PAGE_SIZE << " #order ") + free" },		\
	.setup = bench_machine_up, .teardown = bench_machine_down,	\
}

#define VMALLOC_TOUCH(tag, bytes) {					\
	.name = "vmalloc_" #tag,					\
	.ours = { bench_vmalloc_touch, bytes,				\
		  "vmalloc(" #bytes "), write every page, vfree" },	\
	.base = { bench_mmap_touch, bytes,				\
		  "mmap(" #bytes "), write every page, munmap" },	\
	.setup = bench_vmalloc_up, .teardown = bench_machine_down,	\
}

#define KMALLOC_PAIR(size) {					\
	.name = "kmalloc_immediate_" #size,				\
	.ours = { bench_kmalloc_pair, size,				\
		  "kmalloc(" #size ", GFP_KERNEL) + kfree" },		\
	.base = { bench_malloc_pair, size, "malloc(" #size ") + free" },	\
	.setup = bench_machine_up, .teardown = bench_machine_down,	\
}

#define KMALLOC_BATCH(size) {					\
	.name = "kmalloc_batch_" #size,					\
	.ours = { bench_kmalloc_big_batch, size,			\
		  "10,000 kmalloc(" #size "), kfree shuffled; per object" },	\
	.base = { bench_malloc_big_batch, size,				\
		  "10,000 malloc(" #size "), free shuffled; per block" },	\
	.setup = bench_machine_up, .teardown = bench_machine_down,	\
	.ops_per_iter = BENCH_BIG_BATCH,				\
}

const struct bench bench_table[] = {
	/* Decision 3: per-input machine cost follows the work, not the RAM. */
	{
		.name = "boot_4g_vs_64m",
		.ours = { bench_boot_cycle, 4096, "boot + teardown, 4 GiB PC" },
		.base = { bench_boot_cycle, 64, "boot + teardown, 64 MiB PC" },
	},
	{
		.name = "boot_alloc_4g_vs_64m",
		.ours = { bench_boot_alloc_cycle, 4096,
			  "boot 4 GiB, alloc+free one block of each order, teardown" },
		.base = { bench_boot_alloc_cycle, 64,
			  "the same on 64 MiB" },
	},
	PAGE_PAIR(0),
	PAGE_PAIR(3),
	PAGE_PAIR(9),
	{
		.name = "page_order0_batch",
		.ours = { bench_page_batch, 0,
			  "1,000 alloc_pages(GFP_KERNEL, 0), __free_pages shuffled; per page" },
		.base = { bench_malloc_batch, PAGE_SIZE,
			  "1,000 malloc(PAGE_SIZE), free shuffled; per block" },
		.setup = bench_machine_up, .teardown = bench_machine_down,
		.ops_per_iter = BENCH_BATCH,
	},
	VMALLOC_TOUCH(16k, 16 * 1024),
	VMALLOC_TOUCH(1m, 1024 * 1024),
	KMALLOC_PAIR(16),
	KMALLOC_PAIR(64),
	KMALLOC_PAIR(256),
	KMALLOC_PAIR(1024),
	KMALLOC_PAIR(4096),
	KMALLOC_BATCH(16),
	KMALLOC_BATCH(64),
	KMALLOC_BATCH(256),
	KMALLOC_BATCH(1024),
	KMALLOC_BATCH(4096),
	{
		.name = "kmem_cache_64",
		.ours = { bench_kmem_cache_pair, 64,
			  "kmem_cache_alloc + kmem_cache_free, 64-byte cache" },
		.base = { bench_malloc_pair, 64, "malloc(64) + free" },
		.setup = bench_kmem_cache_up, .teardown = bench_kmem_cache_down,
	},
	{
		.name = "threads_mixed_2v1",
		.ours = { bench_threads_mixed, 2,
			  "mixed alloc_pages/kmalloc + free, split over 2 CPU threads; ops/s" },
		.base = { bench_threads_mixed, 1,
			  "the same work on 1 CPU thread (thread mode); ops/s" },
		.setup = bench_threads_up, .teardown = bench_machine_down,
		.throughput = true,
	},
};

const size_t bench_table_size = ARRAY_SIZE(bench_table);
