// SPDX-License-Identifier: GPL-2.0
/*
 * The page allocator under memory pressure: what each GFP reclaim modifier
 * does with and without reclaimable memory, how shrinkers are called,
 * reserves, the out-of-memory report, the failure warning, and the
 * low-memory injection (balloon, watermark boost) that drives all of it.
 *
 * Pressure is made with the balloon: every zone is left with exactly its
 * min watermark free, where ordinary allocations fail and atomic ones may
 * still dip into the reserve.
 */
#include <errno.h>
#include <limits.h>

#include <linux/balloon.h>
#include <linux/sched.h>
#include <linux/shrinker.h>

#include "common.h"

#define POOL_MAX	2048

/* A shrinker holding order-0 pages, recording how it is called. */
struct pool {
	struct shrinker	shrinker;
	struct page	*pages[POOL_MAX];
	unsigned long	held;
	unsigned long	count_calls;
	unsigned long	scan_calls;
	unsigned long	max_scan;
	unsigned long	freed;
	gfp_t		last_gfp;
	bool		stop;		/* scan_objects() answers SHRINK_STOP */
};

static struct pool pool_a, pool_b;

static unsigned long pool_count(struct shrinker *s, struct shrink_control *sc)
{
	struct pool *p = container_of(s, struct pool, shrinker);

	p->count_calls++;
	p->last_gfp = sc->gfp_mask;
	return p->held;
}

static unsigned long pool_scan(struct shrinker *s, struct shrink_control *sc)
{
	struct pool *p = container_of(s, struct pool, shrinker);
	unsigned long n = min(sc->nr_to_scan, p->held);

	p->scan_calls++;
	p->max_scan = max(p->max_scan, sc->nr_to_scan);
	if (p->stop)
		return SHRINK_STOP;
	for (unsigned long i = 0; i < n; i++)
		__free_pages(p->pages[--p->held], 0);
	p->freed += n;
	return n;
}

/* Register @p holding @nr pages allocated now (before any squeeze). */
static void pool_fill(struct pool *p, unsigned long nr, long batch)
{
	memset(p, 0, sizeof(*p));
	p->shrinker.count_objects = pool_count;
	p->shrinker.scan_objects = pool_scan;
	p->shrinker.seeks = DEFAULT_SEEKS;
	p->shrinker.batch = batch;
	for (; p->held < nr; p->held++) {
		p->pages[p->held] = alloc_pages(GFP_KERNEL, 0);
		ASSERT_NOT_NULL(p->pages[p->held]);
	}
	ASSERT_EQ(register_shrinker(&p->shrinker, "test-pool"), 0);
}

static void pool_release(struct pool *p)
{
	unregister_shrinker(&p->shrinker);
	while (p->held)
		__free_pages(p->pages[--p->held], 0);
}

/* Leave every zone with exactly @fraction/8 of its min watermark free. */
static void squeeze(unsigned long eighths)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		balloon_leave(zone, min_wmark_pages(zone) * eighths / 8);
}

#define AT_MIN	8

static void boot(void)
{
	boot_pc(256, 1, 2);
}

/* GFP_NOWAIT and GFP_ATOMIC never reclaim: no shrinker is even asked. */
static void nowait_never_reclaims(void)
{
	struct page *page;

	boot();
	pool_fill(&pool_a, 256, 0);
	squeeze(AT_MIN);
	ASSERT_NULL(alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 0));
	ASSERT_NULL(alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 4));
	ASSERT_EQ(pool_a.count_calls, 0);
	ASSERT_EQ(pool_a.scan_calls, 0);
	page = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_TRUE(pool_a.count_calls > 0 && pool_a.freed > 0);
	ASSERT_EQ(pool_a.last_gfp, GFP_KERNEL);
	ASSERT_EQ(report_total(), 0);
	__free_pages(page, 0);
	pool_release(&pool_a);
	balloon_deflate(ULONG_MAX);
}

/*
 * Nothing reclaimable: each modifier's outcome, told apart by how many
 * reclaim rounds ran (13 priorities each, so count_objects() calls are
 * 13 x rounds) and which reports came.
 */
static void modifiers_without_reclaimable_memory(void)
{
	static const struct {
		gfp_t		gfp;
		unsigned int	order;
		unsigned long	rounds;
		unsigned long	ooms;
	} cases[] = {
		{ GFP_KERNEL | __GFP_NORETRY,		0, 1,  0 },
		{ GFP_KERNEL | __GFP_RETRY_MAYFAIL,	0, 16, 0 },
		{ GFP_KERNEL,				0, 16, 1 },
		{ GFP_NOFS,				0, 16, 0 },	/* no OOM without __GFP_FS */
		{ GFP_NOIO,				0, 16, 0 },
		{ GFP_KERNEL,				4, 1,  0 },	/* costly */
		{ GFP_KERNEL | __GFP_RETRY_MAYFAIL,	4, 16, 0 },
		{ GFP_NOWAIT,				0, 0,  0 },
	};
	struct buddy_snapshot snap;

	boot();
	buddy_snapshot(&snap);
	pool_fill(&pool_a, 0, 0);
	squeeze(AT_MIN);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long oom = report_count(REPORT_OOM);
		unsigned long warn = report_count(REPORT_ALLOC_FAIL);

		pool_a.count_calls = 0;
		ASSERT_NULL(alloc_pages(cases[i].gfp, cases[i].order));
		ASSERT_EQ(pool_a.count_calls, cases[i].rounds * (DEF_PRIORITY + 1));
		ASSERT_EQ(report_count(REPORT_OOM) - oom, cases[i].ooms);
		ASSERT_EQ(report_count(REPORT_ALLOC_FAIL) - warn, 1);
	}
	pool_release(&pool_a);
	balloon_deflate(ULONG_MAX);
	assert_free_pages_restored(&snap);
}

/* With reclaimable memory every modifier that may reclaim succeeds. */
static void modifiers_with_reclaimable_memory(void)
{
	static const gfp_t gfps[] = {
		GFP_KERNEL, GFP_KERNEL | __GFP_NORETRY,
		GFP_KERNEL | __GFP_RETRY_MAYFAIL, GFP_KERNEL | __GFP_NOFAIL,
		GFP_NOIO, GFP_NOFS,
	};
	struct buddy_snapshot snap;

	boot();
	buddy_snapshot(&snap);
	for (size_t i = 0; i < ARRAY_SIZE(gfps); i++) {
		struct page *page;

		pool_fill(&pool_a, 256, 0);
		squeeze(AT_MIN);
		page = alloc_pages(gfps[i], 0);
		ASSERT_NOT_NULL(page);
		ASSERT_TRUE(pool_a.freed > 0);
		ASSERT_EQ(pool_a.last_gfp, gfps[i]);
		__free_pages(page, 0);
		pool_release(&pool_a);
		balloon_deflate(ULONG_MAX);
	}
	ASSERT_EQ(report_total(), 0);
	assert_free_pages_restored(&snap);
}

/* Batches of at most @batch, and SHRINK_STOP ends a shrinker's pass. */
static void shrinker_batches_and_stop(void)
{
	struct page *page;

	boot();
	pool_fill(&pool_a, 1000, 0);
	squeeze(AT_MIN);
	page = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(pool_a.max_scan, SHRINK_BATCH);
	ASSERT_EQ(pool_a.freed + pool_a.held, 1000);
	/*
	 * Priorities 12..3 asked; at 3, (1000 >> 3) * 4 / 2 = 250 to scan: one
	 * batch of 128, and the 122 left are less than a batch (Linux would
	 * defer them to the next call).
	 */
	ASSERT_EQ(pool_a.count_calls, DEF_PRIORITY - 3 + 1);
	ASSERT_EQ(pool_a.scan_calls, 1);
	ASSERT_EQ(pool_a.freed, 128);
	__free_pages(page, 0);
	pool_release(&pool_a);
	balloon_deflate(ULONG_MAX);

	pool_fill(&pool_b, 300, 10);
	squeeze(AT_MIN);
	page = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(pool_b.max_scan, 10);
	ASSERT_EQ(pool_b.freed + pool_b.held, 300);
	ASSERT_TRUE(pool_b.freed >= 32);
	__free_pages(page, 0);
	pool_release(&pool_b);
	balloon_deflate(ULONG_MAX);

	/* A shrinker that cannot act: one scan per pass, nothing freed. */
	pool_fill(&pool_a, 600, 0);
	pool_a.stop = true;
	squeeze(AT_MIN);
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, 0));
	ASSERT_TRUE(pool_a.scan_calls > 0);
	ASSERT_TRUE(pool_a.scan_calls <= pool_a.count_calls);
	ASSERT_EQ(pool_a.held, 600);
	ASSERT_EQ(pool_a.max_scan, SHRINK_BATCH);
	pool_release(&pool_a);
	balloon_deflate(ULONG_MAX);
}

/* At the min watermark: GFP_ATOMIC and __GFP_HIGH dip in, NOWAIT does not. */
static void reserves(void)
{
	struct page *atomic, *high;

	boot();
	squeeze(AT_MIN);
	ASSERT_NULL(alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 0));
	atomic = alloc_pages(GFP_ATOMIC, 0);
	high = alloc_pages(GFP_KERNEL | __GFP_HIGH | __GFP_NORETRY, 0);
	ASSERT_NOT_NULL(atomic);
	ASSERT_NOT_NULL(high);
	__free_pages(atomic, 0);
	__free_pages(high, 0);
	balloon_deflate(ULONG_MAX);

	/* At half of min: only GFP_ATOMIC's further quarter is left. */
	squeeze(4);
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_HIGH | __GFP_NORETRY | __GFP_NOWARN, 0));
	atomic = alloc_pages(GFP_ATOMIC, 0);
	ASSERT_NOT_NULL(atomic);
	__free_pages(atomic, 0);
	balloon_deflate(ULONG_MAX);
	/* Nothing at all: even GFP_ATOMIC fails. */
	squeeze(0);
	ASSERT_NULL(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0));
	balloon_deflate(ULONG_MAX);
	ASSERT_EQ(report_total(), 0);
}

/* __GFP_NOFAIL: the OOM report, then the reserves, then (only then) NULL. */
static void nofail_oom_report(void)
{
	struct buddy_snapshot snap;
	struct page *page;

	boot();
	buddy_snapshot(&snap);
	squeeze(AT_MIN);
	page = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(report_count(REPORT_OOM), 1);
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), 0);
	ASSERT_REPORT_HAS("init invoked oom-killer: gfp_mask=0x8cc0(GFP_KERNEL|__GFP_NOFAIL), order=0, oom_score_adj=0");
	ASSERT_REPORT_HAS("Out of memory and no killable processes...");
	ASSERT_REPORT_HAS("__GFP_NOFAIL: allocated from the reserves below min");
	ASSERT_REPORT_HAS("Mem-Info:");
	__free_pages(page, 0);
	balloon_deflate(ULONG_MAX);

	squeeze(0);
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 0));
	ASSERT_EQ(report_count(REPORT_OOM), 2);
	ASSERT_REPORT_HAS("init: page allocation failure: order:0");
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), 1);
	balloon_deflate(ULONG_MAX);
	assert_free_pages_restored(&snap);
}

/* Linux's warning text, and __GFP_NOWARN's silence. */
static void warn_alloc_text_and_nowarn(void)
{
	struct task_struct task = { .pid = 9, .comm = "fuzzer" };
	const char *last;

	boot();
	ASSERT_EQ(set_current(&task), 0);
	squeeze(AT_MIN);
	ASSERT_NULL(alloc_pages(GFP_NOWAIT, 3));
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), 1);
	last = report_last();
	ASSERT_TRUE(strncmp(last, "fuzzer: page allocation failure: order:3, mode:0x800(GFP_NOWAIT), nodemask=(null)\n",
			    strlen("fuzzer: page allocation failure: order:3, mode:0x800(GFP_NOWAIT), nodemask=(null)\n")) == 0);
	ASSERT_REPORT_HAS("CPU: 0 PID: 9 Comm: fuzzer");
	ASSERT_REPORT_HAS("\nMem-Info:\n");
	ASSERT_REPORT_HAS("\nNode 0 DMA free:");
	ASSERT_REPORT_HAS(" boost:0kB min:");
	ASSERT_REPORT_HAS("\nlowmem_reserve[]: 0 ");
	ASSERT_REPORT_HAS("\nNode 0 DMA: ");
	ASSERT_REPORT_HAS("*4kB ");
	ASSERT_REPORT_HAS("kB = ");

	ASSERT_NULL(alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 3));
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, 0));
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), 1);
	ASSERT_EQ(report_total(), 1);
	balloon_deflate(ULONG_MAX);
	ASSERT_EQ(set_current(&init_task), 0);
}

/* A boost raises every watermark; removing it restores the allocations. */
static void watermark_boost(void)
{
	struct zone *zone;
	struct page *page;

	boot();
	drain_all_pages(NULL);
	for_each_populated_zone(zone)
		zone_set_watermark_boost(zone, zone->free_pages);
	ASSERT_NULL(alloc_pages(GFP_NOWAIT, 0));
	ASSERT_REPORT_HAS(" boost:");
	ASSERT_TRUE(strstr(report_last(), " boost:0kB") == NULL ||
		    strstr(report_last(), "DMA32") != NULL);
	for_each_populated_zone(zone)
		zone_set_watermark_boost(zone, 0);
	page = alloc_pages(GFP_NOWAIT, 0);
	ASSERT_NOT_NULL(page);
	__free_pages(page, 0);
	zone_set_watermark_boost(NULL, 1);
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 1);
}

/* Inflate and deflate bring back every free list exactly. */
static void balloon_restores_exactly(void)
{
	struct buddy_snapshot snap, after;
	unsigned long total = 0, given;
	struct zone *zone;

	boot();
	/* The first cycle grows the deferred ranges; the second must change nothing. */
	for_each_populated_zone(zone)
		total += balloon_leave(zone, 0);
	ASSERT_EQ(balloon_pages(), total);
	ASSERT_EQ(balloon_deflate(ULONG_MAX), total);
	buddy_snapshot(&snap);
	for_each_populated_zone(zone) {
		ASSERT_EQ(balloon_leave(zone, 100), snap.free_pages[0][zone_idx(zone)] - 100);
		ASSERT_EQ(zone->free_pages, 100);
	}
	total = balloon_pages();
	given = balloon_deflate(10);		/* whole blocks: at least 10 */
	ASSERT_TRUE(given >= 10);
	ASSERT_EQ(balloon_pages(), total - given);
	balloon_deflate(ULONG_MAX);
	ASSERT_EQ(balloon_pages(), 0);
	buddy_snapshot(&after);
	ASSERT_TRUE(memcmp(&snap, &after, sizeof(snap)) == 0);
	ASSERT_TRUE(page_alloc_is_valid());
	ASSERT_EQ(balloon_inflate(NULL, 5), 0);
	ASSERT_REPORT_HAS("BUG: balloon_inflate of a NULL zone");
}

static void shrinker_misuse(void)
{
	struct shrinker none = { 0 };

	boot();
	pool_fill(&pool_a, 1, 0);
	ASSERT_EQ(register_shrinker(&pool_a.shrinker, "again"), -EINVAL);
	ASSERT_REPORT_HAS("register_shrinker(again): already registered");
	ASSERT_EQ(register_shrinker(&none, "none"), -EINVAL);
	ASSERT_REPORT_HAS("count_objects and scan_objects are both required");
	unregister_shrinker(&none);
	ASSERT_REPORT_HAS("unregister_shrinker of a shrinker that is not registered");
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 3);
	pool_release(&pool_a);
	/* Boot forgets shrinkers: registering the same one after a reboot works. */
	machine_teardown();
	boot();
	pool_fill(&pool_a, 0, 0);
	pool_release(&pool_a);
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 3);
}

TEST_MAIN("pressure",
	TEST_CASE(nowait_never_reclaims),
	TEST_CASE(modifiers_without_reclaimable_memory),
	TEST_CASE(modifiers_with_reclaimable_memory),
	TEST_CASE(shrinker_batches_and_stop),
	TEST_CASE(reserves),
	TEST_CASE(nofail_oom_report),
	TEST_CASE(warn_alloc_text_and_nowarn),
	TEST_CASE(watermark_boost),
	TEST_CASE(balloon_restores_exactly),
	TEST_CASE(shrinker_misuse))
