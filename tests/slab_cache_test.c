// SPDX-License-Identifier: GPL-2.0
/*
 * Slab caches: creation and its refusals, constructors, shrinking back to
 * the buddy allocator, destroy with live objects, bulk calls, per-CPU
 * caches across CPU switches, nodes, slabinfo, and a seeded stress run
 * with and without debugging.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/fault-inject.h>
#include <linux/mm.h>
#include <linux/shrinker.h>
#include <linux/slab.h>

#include "common.h"

static void back_to_boot(const struct buddy_snapshot *snap)
{
	kmem_cache_shrink_all();
	ASSERT_TRUE(slab_is_valid());
	assert_free_pages_restored(snap);
}

static void create_and_destroy(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	void *p[300];

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	s = kmem_cache_create("thing", 100, 0, 0, NULL);
	ASSERT_NOT_NULL(s);
	ASSERT_EQ(kmem_cache_size(s), 100);
	ASSERT_TRUE(!strcmp(kmem_cache_name(s), "thing"));
	for (int i = 0; i < 300; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		ASSERT_NOT_NULL(p[i]);
		ASSERT_TRUE(IS_ALIGNED((unsigned long)p[i], ARCH_SLAB_MINALIGN));
		memset(p[i], i, 100);
	}
	for (int i = 0; i < 300; i++) {
		ASSERT_EQ(((u8 *)p[i])[0], (u8)i);
		ASSERT_EQ(((u8 *)p[i])[99], (u8)i);
	}
	ASSERT_TRUE(kmem_cache_is_valid(s));
	for (int i = 0; i < 300; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_free(s, NULL);
	kmem_cache_destroy(s);
	kmem_cache_destroy(NULL);
	ASSERT_EQ(report_total(), 0);
	/* The cache took its slabs with it. */
	assert_free_pages_restored(&snap);
}

static void create_refusals(void)
{
	boot_pc(64, 1, 1);
	ASSERT_NULL(kmem_cache_create(NULL, 32, 0, 0, NULL));
	ASSERT_NULL(kmem_cache_create("", 32, 0, 0, NULL));
	ASSERT_NULL(kmem_cache_create("zero", 0, 0, 0, NULL));
	ASSERT_NULL(kmem_cache_create("huge", KMALLOC_MAX_SIZE + 1, 0, 0, NULL));
	ASSERT_NULL(kmem_cache_create("odd", 32, 24, 0, NULL));
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 5);
	ASSERT_REPORT_HAS("kmem_cache_create(odd) failed");
	/* A boot cache is never destroyed, nor is a cache that does not exist. */
	{
		void *p = kmalloc(64, GFP_KERNEL);
		struct kmem_cache *s = virt_to_page(p)->slab_cache;

		kmem_cache_destroy(s);
		ASSERT_REPORT_HAS("kmem_cache_destroy of a boot cache refused");
		kfree(p);
		kmem_cache_destroy((struct kmem_cache *)&p);
		ASSERT_REPORT_HAS("does not exist");
	}
}

/* SLAB_PANIC: a cache that cannot be created panics (in a child). */
static void slab_panic(void)
{
	int status;
	pid_t pid;

	boot_pc(64, 1, 1);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		kmem_cache_create("must-exist", 0, 0, SLAB_PANIC, NULL);
		_exit(0);
	}
	ASSERT_TRUE(pid > 0);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	/* With SLAB_PANIC and good arguments nothing happens. */
	kmem_cache_destroy(kmem_cache_create("fine", 64, 0, SLAB_PANIC, NULL));
}

static void hwcache_align(void)
{
	struct kmem_cache *a, *b;
	void *p, *q;

	boot_pc(64, 1, 1);
	a = kmem_cache_create("aligned", 40, 0, SLAB_HWCACHE_ALIGN, NULL);
	b = kmem_cache_create("small-aligned", 20, 0, SLAB_HWCACHE_ALIGN, NULL);
	for (int i = 0; i < 100; i++) {
		p = kmem_cache_alloc(a, GFP_KERNEL);
		q = kmem_cache_alloc(b, GFP_KERNEL);
		ASSERT_TRUE(IS_ALIGNED((unsigned long)p, 64));
		/* Objects of half a line or less share lines, Linux-style. */
		ASSERT_TRUE(IS_ALIGNED((unsigned long)q, 32));
	}
	kmem_cache_shrink(a);
	ASSERT_EQ(report_total(), 0);
}

static int ctor_calls;

static void ctor(void *obj)
{
	u32 *p = obj;

	ctor_calls++;
	p[0] = 0xc0ffee;
	p[5] = 0xfeed;
}

static void constructor_runs_once_per_lifetime(const char *slab_debug)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	u32 *p[100];

	boot_pc_debug(64, 1, 1, slab_debug);
	buddy_snapshot(&snap);
	ctor_calls = 0;
	s = kmem_cache_create("constructed", 24, 0, 0, ctor);
	ASSERT_EQ(ctor_calls, 0);
	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	/* The whole slab was constructed when it was made, not on alloc. */
	ASSERT_TRUE(ctor_calls > 1);
	ctor_calls = 0;
	for (int round = 0; round < 5; round++) {
		for (int i = round ? 0 : 1; i < 100; i++)
			p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		for (int i = 0; i < 100; i++) {
			ASSERT_EQ(p[i][0], 0xc0ffee);
			ASSERT_EQ(p[i][5], 0xfeed);
		}
		/* Freed objects must be back in their constructed state. */
		for (int i = 0; i < 100; i++)
			kmem_cache_free(s, p[i]);
	}
	/* Only the slabs the first round needed were constructed. */
	{
		int first = ctor_calls;

		for (int i = 0; i < 100; i++)
			p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		ASSERT_EQ(ctor_calls, first);
		for (int i = 0; i < 100; i++)
			kmem_cache_free(s, p[i]);
	}
	kmem_cache_destroy(s);
	ASSERT_EQ(report_total(), 0);
	assert_free_pages_restored(&snap);
}

static void constructor(void)
{
	constructor_runs_once_per_lifetime(NULL);
}

static void constructor_with_debug(void)
{
	/* Poisoning skips constructed objects, as in Linux. */
	constructor_runs_once_per_lifetime("FZPU");
}

/* Shrinking gives the empty slabs back: the buddy counters say so. */
static void shrink_returns_pages(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	unsigned long before, after, freed;
	void *p[5000];

	boot_pc(64, 1, 2);
	buddy_snapshot(&snap);
	before = nr_free_pages();
	s = kmem_cache_create("shrinkable", 200, 0, 0, NULL);
	for (int i = 0; i < 5000; i++) {
		ASSERT_EQ(machine_set_cpu(i & 1), 0);
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		ASSERT_NOT_NULL(p[i]);
	}
	drain_all_pages(NULL);
	after = nr_free_pages();
	ASSERT_TRUE(before - after >= 5000 * 200 / PAGE_SIZE);
	for (int i = 0; i < 5000; i++) {
		ASSERT_EQ(machine_set_cpu((i >> 3) & 1), 0);
		kmem_cache_free(s, p[i]);
	}
	ASSERT_TRUE(kmem_cache_is_valid(s));
	/* Up to min_partial empty slabs and the cpu slabs stay cached... */
	drain_all_pages(NULL);
	ASSERT_TRUE(nr_free_pages() < before);
	/* ...until a shrink, which leaves nothing. */
	ASSERT_EQ(kmem_cache_shrink(s), 0);
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), before);
	assert_free_pages_restored(&snap);

	/* kmem_cache_shrink_all() says how many pages it freed. */
	for (int i = 0; i < 100; i++)
		p[i] = kmalloc(1000, GFP_KERNEL);
	for (int i = 0; i < 100; i++)
		kfree(p[i]);
	drain_all_pages(NULL);
	after = nr_free_pages();
	freed = kmem_cache_shrink_all();
	drain_all_pages(NULL);
	ASSERT_TRUE(freed > 0);
	ASSERT_EQ(nr_free_pages() - after, freed);
	ASSERT_EQ(kmem_cache_shrink_all(), 0);
	/* Reclaim reaches the same through the slab shrinker. */
	for (int i = 0; i < 100; i++)
		p[i] = kmalloc(1000, GFP_KERNEL);
	for (int i = 0; i < 100; i++)
		kfree(p[i]);
	drain_all_pages(NULL);
	after = nr_free_pages();
	freed = shrink_slab(GFP_KERNEL, 0, 0);
	drain_all_pages(NULL);
	ASSERT_TRUE(freed > 0);
	ASSERT_EQ(nr_free_pages() - after, freed);
	ASSERT_EQ(shrink_slab(GFP_KERNEL, 0, 0), 0);
	/* A cache with live objects keeps their slabs. */
	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_EQ(kmem_cache_shrink(s), 1);
	kmem_cache_free(s, p[0]);
	kmem_cache_destroy(s);
	assert_free_pages_restored(&snap);
	ASSERT_EQ(report_total(), 0);
}

/* Destroy with live objects: a report with name and count, objects intact. */
static void destroy_with_live_objects(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	u8 *p[3];

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	s = kmem_cache_create("leaky", 64, 0, 0, NULL);
	for (int i = 0; i < 3; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		memset(p[i], 0x40 + i, 64);
	}
	/* Freed objects around them do not count. */
	kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
	kmem_cache_destroy(s);
	ASSERT_EQ(report_count(REPORT_SLAB_LEAK), 1);
	ASSERT_REPORT_HAS("BUG leaky: kmem_cache_destroy: Slab cache still has objects: 3 objects in 1 slabs");
	ASSERT_REPORT_HAS("Object 0x");
	/* Nothing was touched: the objects and the cache still work. */
	ASSERT_TRUE(kmem_cache_is_valid(s));
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 64; j++)
			ASSERT_EQ(p[i][j], 0x40 + i);
	kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
	for (int i = 0; i < 3; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
	ASSERT_EQ(report_total(), 1);
	assert_free_pages_restored(&snap);
}

static void bulk(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	void *p[1000];

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	s = kmem_cache_create("bulk", 48, 0, 0, NULL);
	ASSERT_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 1000, p), 1000);
	for (int i = 0; i < 1000; i++) {
		ASSERT_NOT_NULL(p[i]);
		for (int j = 0; j < i && j < 3; j++)
			ASSERT_TRUE(p[i] != p[j]);
	}
	kmem_cache_free_bulk(s, 1000, p);
	ASSERT_TRUE(kmem_cache_is_valid(s));
	kmem_cache_destroy(s);
	ASSERT_EQ(report_total(), 0);
	/* All or nothing: a bulk that runs out of ZONE_DMA gives back. */
	s = kmem_cache_create("bulk-dma", 4096, 0, SLAB_CACHE_DMA, NULL);
	{
		static void *q[5000];

		ASSERT_EQ(kmem_cache_alloc_bulk(s, GFP_NOWAIT | __GFP_NOWARN, 5000, q), 0);
	}
	kmem_cache_destroy(s);
	ASSERT_EQ(report_total(), 0);
	assert_free_pages_restored(&snap);
}

/* failslab says no: NULL, and nothing in the cache changes. */
static void failslab_seam(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	void *p[4];

	boot_pc(64, 1, 1);
	buddy_snapshot(&snap);
	s = kmem_cache_create("failing", 64, 0, 0, NULL);
	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_EQ(fault_inject_setup("failslab=1,100,0,2 failslab.ignore-gfp-wait=N"), 0);
	ASSERT_NULL(kmem_cache_alloc(s, GFP_KERNEL));
	ASSERT_NULL(kmalloc(100, GFP_KERNEL));
	ASSERT_EQ(report_count(REPORT_FAULT_INJECTED), 2);
	/* times=2 is spent: the cache works as before. */
	p[1] = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(p[1]);
	ASSERT_TRUE(kmem_cache_is_valid(s));
	kmem_cache_free(s, p[0]);
	kmem_cache_free(s, p[1]);
	kmem_cache_destroy(s);
	ASSERT_EQ(report_count(REPORT_SLAB_LEAK), 0);
	back_to_boot(&snap);
}

/* Allocate on one CPU, free on others, switch back: nothing lost. */
static void per_cpu_caches(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	void *p[4][200];

	boot_pc(64, 1, 4);
	buddy_snapshot(&snap);
	s = kmem_cache_create("percpu", 128, 0, 0, NULL);
	for (unsigned int cpu = 0; cpu < 4; cpu++) {
		ASSERT_EQ(machine_set_cpu(cpu), 0);
		for (int i = 0; i < 200; i++) {
			p[cpu][i] = kmem_cache_alloc(s, GFP_KERNEL);
			ASSERT_NOT_NULL(p[cpu][i]);
			memset(p[cpu][i], (int)cpu, 128);
		}
	}
	/* Different CPUs allocate from different slabs. */
	ASSERT_TRUE(compound_head(virt_to_page(p[0][199])) !=
		    compound_head(virt_to_page(p[1][199])));
	ASSERT_TRUE(kmem_cache_is_valid(s));
	/* Remote frees: CPU c frees what CPU c+1 allocated. */
	for (unsigned int cpu = 0; cpu < 4; cpu++) {
		ASSERT_EQ(machine_set_cpu(cpu), 0);
		for (int i = 0; i < 200; i += 2) {
			ASSERT_EQ(((u8 *)p[(cpu + 1) % 4][i])[127], (cpu + 1) % 4);
			kmem_cache_free(s, p[(cpu + 1) % 4][i]);
		}
		ASSERT_TRUE(kmem_cache_is_valid(s));
	}
	/* The owners get those objects back once their own list runs dry. */
	for (unsigned int cpu = 0; cpu < 4; cpu++) {
		ASSERT_EQ(machine_set_cpu(cpu), 0);
		for (int i = 0; i < 200; i += 2)
			p[cpu][i] = kmem_cache_alloc(s, GFP_KERNEL);
		ASSERT_TRUE(kmem_cache_is_valid(s));
	}
	for (unsigned int cpu = 0; cpu < 4; cpu++) {
		ASSERT_EQ(machine_set_cpu(3 - cpu), 0);
		for (int i = 0; i < 200; i++)
			kmem_cache_free(s, p[cpu][i]);
	}
	ASSERT_TRUE(kmem_cache_is_valid(s));
	kmem_cache_destroy(s);
	ASSERT_EQ(report_total(), 0);
	assert_free_pages_restored(&snap);
}

static void nodes(void)
{
	struct buddy_snapshot snap;
	struct kmem_cache *s;
	void *p[400];

	boot_pc(256, 2, 2);
	buddy_snapshot(&snap);
	s = kmem_cache_create("numa", 256, 0, 0, NULL);
	for (int i = 0; i < 400; i++) {
		p[i] = kmem_cache_alloc_node(s, GFP_KERNEL, i % 2);
		ASSERT_EQ(page_to_nid(virt_to_page(p[i])), i % 2);
	}
	ASSERT_TRUE(kmem_cache_is_valid(s));
	for (int i = 0; i < 400; i++)
		kmem_cache_free(s, p[i]);
	ASSERT_NULL(kmem_cache_alloc_node(s, GFP_KERNEL, 7));
	ASSERT_REPORT_HAS("node 7 is not online");
	kmem_cache_destroy(s);
	back_to_boot(&snap);
}

static void slabinfo(void)
{
	struct kmem_cache *s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	void *p[10];

	boot_pc(64, 1, 1);
	s = kmem_cache_create("visible", 500, 0, 0, NULL);
	for (int i = 0; i < 10; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	f = open_memstream(&buf, &len);
	show_slabinfo(f);
	fclose(f);
	ASSERT_TRUE(strstr(buf, "slabinfo - version: 2.1") != NULL);
	ASSERT_TRUE(strstr(buf, "kmalloc-96 ") != NULL);
	ASSERT_TRUE(strstr(buf, "dma-kmalloc-8k ") != NULL);
	/* 10 active objects of 504 bytes, 8 per 4 KiB slab, order 0..: */
	{
		char *line = strstr(buf, "visible ");
		unsigned long active, total, objsize;

		ASSERT_NOT_NULL(line);
		ASSERT_EQ(sscanf(line, "visible %lu %lu %lu", &active, &total, &objsize), 3);
		ASSERT_EQ(active, 10);
		ASSERT_EQ(objsize, 504);
		ASSERT_TRUE(total >= 10);
	}
	free(buf);
	for (int i = 0; i < 10; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

/*
 * A seeded random run over caches, sizes and CPUs: every live object keeps
 * its contents, the checker passes throughout, and at the end everything
 * goes back to the buddy allocator.
 */
struct live {
	u8	*p;
	size_t	size;
	int	cache;	/* -1: kmalloc */
	u8	tag;
};

static void stress_with(const char *slab_debug, u64 seed)
{
	enum { NR_LIVE = 2000, STEPS = 30000 };
	static struct live live[NR_LIVE];
	struct kmem_cache *caches[3];
	struct buddy_snapshot snap;
	u64 rng = seed;

	boot_pc_debug(128, 2, 3, slab_debug);
	buddy_snapshot(&snap);
	memset(live, 0, sizeof(live));
	caches[0] = kmem_cache_create("stress-24", 24, 0, 0, NULL);
	caches[1] = kmem_cache_create("stress-700", 700, 0, SLAB_HWCACHE_ALIGN, NULL);
	caches[2] = kmem_cache_create("stress-dma", 90, 16, SLAB_CACHE_DMA, NULL);
	for (int step = 0; step < STEPS; step++) {
		u64 r = test_rand(&rng);
		struct live *l = &live[r % NR_LIVE];

		machine.op_index = step;
		if ((r >> 20) % 7 == 0)
			ASSERT_EQ(machine_set_cpu((unsigned int)(r >> 24) % 3), 0);
		if (l->p) {
			for (size_t i = 0; i < l->size; i += 1 + l->size / 8)
				ASSERT_EQ(l->p[i], (u8)(l->tag + i));
			if (l->cache < 0)
				kfree(l->p);
			else
				kmem_cache_free(caches[l->cache], l->p);
			l->p = NULL;
			continue;
		}
		l->cache = (int)((r >> 32) % 5) - 2;
		if (l->cache < 0) {
			l->cache = -1;
			l->size = 1 + (r >> 40) % ((r >> 8) % 16 ? 600 : 20000);
			l->p = kmalloc(l->size, GFP_KERNEL);
		} else {
			static const size_t sizes[] = { 24, 700, 90 };

			l->size = sizes[l->cache];
			l->p = (r >> 50) & 1 ?
				kmem_cache_alloc(caches[l->cache], GFP_KERNEL) :
				kmem_cache_alloc_node(caches[l->cache], GFP_KERNEL,
						      (int)(r >> 51) & 1);
		}
		ASSERT_NOT_NULL(l->p);
		l->tag = (u8)(r >> 56);
		for (size_t i = 0; i < l->size; i++)
			l->p[i] = (u8)(l->tag + i);
		if (step % 5000 == 0)
			ASSERT_TRUE(slab_is_valid());
	}
	ASSERT_TRUE(slab_is_valid());
	for (int i = 0; i < NR_LIVE; i++) {
		if (!live[i].p)
			continue;
		if (live[i].cache < 0)
			kfree(live[i].p);
		else
			kmem_cache_free(caches[live[i].cache], live[i].p);
	}
	for (int i = 0; i < 3; i++)
		kmem_cache_destroy(caches[i]);
	if (report_total())
		test_fail(__FILE__, __LINE__, "%lu reports, the last:\n%s",
			  report_total(), report_last());
	back_to_boot(&snap);
}

static void stress(void)
{
	stress_with(NULL, 0x1234567);
}

static void stress_debug(void)
{
	stress_with("FZPU", 0x7654321);
}

TEST_MAIN("slab_cache",
	TEST_CASE(create_and_destroy),
	TEST_CASE(create_refusals),
	TEST_CASE(slab_panic),
	TEST_CASE(hwcache_align),
	TEST_CASE(constructor),
	TEST_CASE(constructor_with_debug),
	TEST_CASE(shrink_returns_pages),
	TEST_CASE(destroy_with_live_objects),
	TEST_CASE(bulk),
	TEST_CASE(failslab_seam),
	TEST_CASE(per_cpu_caches),
	TEST_CASE(nodes),
	TEST_CASE(slabinfo),
	TEST_CASE(stress),
	TEST_CASE(stress_debug))
