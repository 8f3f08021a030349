// SPDX-License-Identifier: GPL-2.0
/*
 * Thread mode's throughput: a fixed amount of mixed work (order-0 and
 * order-2 pages, kmalloc of four sizes, each freed at once) split over 1 or
 * 2 CPU threads of one 2-CPU machine.  ours/base of the rates is the
 * speed-up the second CPU brings; below 1 means the locks cost more than
 * the parallelism gives (on a loaded 2-core host that is also the noise).
 */
#include <pthread.h>

#include <linux/gfp.h>
#include <linux/machine.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "bench.h"

#define THREADS_MIB	256

struct mixed_arg {
	unsigned int		cpu;
	unsigned long		iters;
	struct task_struct	task;
	int			err;
};

static int mixed_ops(unsigned long iters)
{
	static const size_t sizes[] = { 32, 64, 256, 1024 };

	for (unsigned long i = 0; i < iters; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, (i & 7) ? 0 : 2);
		void *p = kmalloc(sizes[i & 3], GFP_KERNEL);

		if (!page || !p)
			return -1;
		bench_touch(page_address(page), i);
		bench_touch(p, i);
		kfree(p);
		__free_pages(page, (i & 7) ? 0 : 2);
	}
	return 0;
}

static void *mixed_thread(void *data)
{
	struct mixed_arg *a = data;

	a->err = cpu_thread_enter(a->cpu, &a->task);
	if (a->err)
		return NULL;
	a->err = mixed_ops(a->iters);
	if (cpu_thread_exit())
		a->err = -1;
	return NULL;
}

int bench_threads_mixed(unsigned long nr_threads, unsigned long iters)
{
	struct mixed_arg args[2] = { { .cpu = 0 }, { .cpu = 1 } };
	pthread_t tid[2];
	int err = 0;

	if (nr_threads < 1 || nr_threads > 2 || smp_threads_begin())
		return -1;
	for (unsigned int t = 0; t < nr_threads; t++) {
		args[t].iters = iters / nr_threads;
		args[t].task.pid = 100 + (int)t;
		if (pthread_create(&tid[t], NULL, mixed_thread, &args[t]))
			return -1;
	}
	for (unsigned int t = 0; t < nr_threads; t++) {
		pthread_join(tid[t], NULL);
		err |= args[t].err;
	}
	return smp_threads_end() || err ? -1 : 0;
}

int bench_threads_up(const struct bench *b)
{
	struct e820_entry map[3];
	struct machine_desc desc = { .map = map, .nr_nodes = 1, .nr_cpus = 2 };

	desc.nr_map = e820_pc_layout(map, (u64)THREADS_MIB << 20);
	return machine_boot(&desc) ? -1 : 0;
}
