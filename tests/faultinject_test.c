// SPDX-License-Identifier: GPL-2.0
/*
 * The fault-injection framework: every attribute's effect and their order
 * of precedence, each point's extras, fail-nth and its readback, the boot
 * syntax (malformed strings refused whole), the environment variable,
 * determinism across runs, and the statistics.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include <linux/fault-inject.h>
#include <linux/hardirq.h>
#include <linux/pgtable.h>
#include <linux/sched.h>

#include "common.h"

/* A kmem_cache is opaque here: any distinct pointers stand for caches. */
static char cache_a_obj, cache_b_obj;
#define CACHE_A	((struct kmem_cache *)&cache_a_obj)
#define CACHE_B	((struct kmem_cache *)&cache_b_obj)

static void boot(void)
{
	boot_pc(128, 1, 1);
}

/* Let fail_page_alloc see order-0 GFP_KERNEL calls, as syzkaller does. */
static void page_alloc_sees_everything(void)
{
	ASSERT_EQ(fault_inject_setup("fail_page_alloc.min-order=0 "
				     "fail_page_alloc.ignore-gfp-wait=N "
				     "fail_page_alloc.ignore-gfp-highmem=N"), 0);
}

/* One GFP_KERNEL order-0 allocation: did it fail? (Freed if not.) */
static bool alloc_fails(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp | __GFP_NOWARN, order);

	if (!page)
		return true;
	__free_pages(page, order);
	return false;
}

static void linux_defaults_at_boot(void)
{
	boot();
	fail_page_alloc.attr.probability = 50;
	machine_teardown();
	boot();
	ASSERT_EQ(fail_page_alloc.attr.probability, 0);
	ASSERT_EQ(fail_page_alloc.attr.interval, 1);
	ASSERT_EQ(fail_page_alloc.attr.times, 1);
	ASSERT_EQ(fail_page_alloc.attr.space, 0);
	ASSERT_EQ(fail_page_alloc.attr.verbose, 2);
	ASSERT_TRUE(fail_page_alloc.ignore_gfp_highmem && fail_page_alloc.ignore_gfp_reclaim);
	ASSERT_EQ(fail_page_alloc.min_order, 1);
	ASSERT_TRUE(failslab.ignore_gfp_reclaim && !failslab.cache_filter);
	ASSERT_EQ(failslab.attr.times, 1);
	ASSERT_EQ(fail_vmalloc.interval, 1);
	ASSERT_EQ(fail_pgtable_alloc.require_end, ULONG_MAX);
	/* Probability 0: nothing ever fails. */
	for (int i = 0; i < 50; i++)
		ASSERT_TRUE(!alloc_fails(GFP_ATOMIC, 1));
	ASSERT_EQ(fail_page_alloc.attr.reached, 50);
	ASSERT_EQ(fail_page_alloc.attr.injected, 0);
}

/* times counts failures down; the report says what failed. */
static void probability_and_times(void)
{
	boot();
	page_alloc_sees_everything();
	ASSERT_EQ(fault_inject_setup("fail_page_alloc=1,100,0,2"), 0);
	ASSERT_TRUE(alloc_pages(GFP_KERNEL, 0) == NULL);
	ASSERT_EQ(report_count(REPORT_FAULT_INJECTED), 1);
	ASSERT_REPORT_HAS("FAULT_INJECTION: forcing a failure.\n"
			  "name fail_page_alloc, interval 1, probability 100, space 0, times 2\n");
	ASSERT_REPORT_HAS("PID: 1 Comm: init");
	ASSERT_TRUE(alloc_fails(GFP_KERNEL, 0));
	ASSERT_EQ(fail_page_alloc.attr.times, 0);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));
	ASSERT_EQ(fail_page_alloc.attr.injected, 2);
	/* __GFP_NOWARN (second call) is silent; a failure is not a warning. */
	ASSERT_EQ(report_count(REPORT_FAULT_INJECTED), 1);
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), 0);
	/* times -1: unlimited; verbose 0: silent. */
	ASSERT_EQ(fault_inject_setup("fail_page_alloc.times=-1 fail_page_alloc.verbose=0"), 0);
	for (int i = 0; i < 20; i++)
		ASSERT_TRUE(alloc_pages(GFP_KERNEL, 0) == NULL);
	ASSERT_EQ(fail_page_alloc.attr.times, -1);
	ASSERT_EQ(report_count(REPORT_FAULT_INJECTED), 1);
}

static void interval_every_nth(void)
{
	boot();
	page_alloc_sees_everything();
	ASSERT_EQ(fault_inject_setup("fail_page_alloc=3,100,0,-1"), 0);
	for (int i = 1; i <= 12; i++)
		ASSERT_EQ(alloc_fails(GFP_KERNEL, 0), i % 3 == 0);
}

/* space: calls spend it first (1 << order each); the one that cannot fails. */
static void space_budget(void)
{
	boot();
	page_alloc_sees_everything();
	ASSERT_EQ(fault_inject_setup("fail_page_alloc=1,100,5,-1"), 0);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 1));	/* 5 > 2: 3 left */
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));	/* 3 > 1: 2 left */
	ASSERT_TRUE(alloc_fails(GFP_KERNEL, 1));	/* 2 > 2 is false: fail */
	ASSERT_EQ(fail_page_alloc.attr.space, 2);
}

/*
 * Linux's order of evaluation, seen through the state each step changes:
 * a step that refuses stops the ones after it from spending anything.
 */
static void order_of_evaluation(void)
{
	boot();
	page_alloc_sees_everything();
	/* probability 0 comes before interval: the counter does not move. */
	ASSERT_EQ(fault_inject_setup("fail_page_alloc=2,0,0,-1"), 0);
	alloc_fails(GFP_KERNEL, 0);
	ASSERT_EQ(fail_page_alloc.attr.count, 0);
	/* times 0 comes before space and interval. */
	ASSERT_EQ(fault_inject_setup("fail_page_alloc=2,100,5,0"), 0);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));
	ASSERT_EQ(fail_page_alloc.attr.space, 5);
	ASSERT_EQ(fail_page_alloc.attr.count, 0);
	/* The caller filter comes before space. */
	ASSERT_EQ(fault_inject_setup("fail_page_alloc.times=-1 "
				     "fail_page_alloc.reject-caller=alloc_pages_node"), 0);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));
	ASSERT_EQ(fail_page_alloc.attr.space, 5);
	/* space comes before interval: calls spending it are not counted. */
	ASSERT_EQ(fault_inject_setup("fail_page_alloc.reject-caller= fail_page_alloc.space=2"), 0);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));	/* space 2 -> 1 */
	ASSERT_EQ(fail_page_alloc.attr.count, 0);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));	/* 1 > 1 no: count 1, odd */
	ASSERT_EQ(fail_page_alloc.attr.count, 1);
	ASSERT_TRUE(alloc_fails(GFP_KERNEL, 0));	/* count 2: fails */
	/* task-filter comes before times: a filtered call spends no times. */
	ASSERT_EQ(fault_inject_setup("fail_page_alloc=1,100,0,1 fail_page_alloc.task-filter=Y"), 0);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));
	ASSERT_EQ(fail_page_alloc.attr.times, 1);
}

/* task-filter: only tasks with make_it_fail, and never in interrupts. */
static void task_filter(void)
{
	struct task_struct victim = { .pid = 5, .comm = "victim" };

	boot();
	page_alloc_sees_everything();
	ASSERT_EQ(fault_inject_setup("fail_page_alloc=1,100,0,-1 fail_page_alloc.task-filter=Y"), 0);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));
	ASSERT_EQ(set_current(&victim), 0);
	fault_set_make_it_fail(true);
	ASSERT_TRUE(alloc_fails(GFP_KERNEL, 0));
	irq_enter();
	ASSERT_TRUE(!alloc_fails(GFP_ATOMIC, 0));	/* not task context */
	irq_exit();
	ASSERT_EQ(set_current(&init_task), 0);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));
}

/* Caller filter: by the name of the function calling the point, or by address. */
static void caller_filter(void)
{
	const unsigned long va = VMALLOC_START + 9 * PMD_SIZE;

	boot();
	ASSERT_EQ(fault_inject_setup("fail_pgtable_alloc=1,100,0,-1 "
				     "fail_pgtable_alloc.require-caller=pt_alloc_table"), 0);
	ASSERT_EQ(map_kernel_page(va, 100, PAGE_KERNEL, GFP_KERNEL), -ENOMEM);
	ASSERT_EQ(fault_inject_setup("fail_pgtable_alloc.require-caller=vmap_range"), 0);
	ASSERT_EQ(map_kernel_page(va, 100, PAGE_KERNEL, GFP_KERNEL), 0);
	unmap_kernel_page(va);
	ASSERT_EQ(fault_inject_setup("fail_pgtable_alloc.require-caller= "
				     "fail_pgtable_alloc.reject-caller=pt_alloc_table"), 0);
	ASSERT_EQ(map_kernel_page(va + PMD_SIZE * 2, 100, PAGE_KERNEL, GFP_KERNEL), 0);
	/* Address ranges of the calling code: an empty require range matches nothing. */
	ASSERT_EQ(fault_inject_setup("fail_pgtable_alloc.reject-caller= "
				     "fail_pgtable_alloc.require-start=0 fail_pgtable_alloc.require-end=1"), 0);
	ASSERT_EQ(map_kernel_page(va + PMD_SIZE * 4, 100, PAGE_KERNEL, GFP_KERNEL), 0);
	/* ... and a reject range covering everything wins over require. */
	fail_pgtable_alloc.require_end = ULONG_MAX;
	fail_pgtable_alloc.reject_end = ULONG_MAX;
	ASSERT_EQ(map_kernel_page(va + PMD_SIZE * 6, 100, PAGE_KERNEL, GFP_KERNEL), 0);
	fail_pgtable_alloc.reject_end = 0;
	ASSERT_EQ(map_kernel_page(va + PMD_SIZE * 8, 100, PAGE_KERNEL, GFP_KERNEL), -ENOMEM);
	ASSERT_TRUE(pgtable_is_valid());
}

/* fail_page_alloc's extras, checked before the generic attributes. */
static void fail_page_alloc_extras(void)
{
	boot();
	ASSERT_EQ(fault_inject_setup("fail_page_alloc=1,100,0,-1 fail_page_alloc.verbose=0"), 0);
	/* Linux's defaults: order 0, may-reclaim and highmem calls are spared. */
	ASSERT_TRUE(!alloc_fails(GFP_ATOMIC, 0));
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 1));
	ASSERT_TRUE(!alloc_fails(GFP_ATOMIC | __GFP_HIGHMEM, 1));
	ASSERT_TRUE(alloc_fails(GFP_ATOMIC, 1));
	ASSERT_EQ(fault_inject_setup("fail_page_alloc.min-order=3"), 0);
	ASSERT_TRUE(!alloc_fails(GFP_ATOMIC, 2));
	ASSERT_TRUE(alloc_fails(GFP_ATOMIC, 3));
	ASSERT_EQ(fault_inject_setup("fail_page_alloc.min-order=0 fail_page_alloc.ignore-gfp-wait=N "
				     "fail_page_alloc.ignore-gfp-highmem=N"), 0);
	ASSERT_TRUE(alloc_fails(GFP_KERNEL, 0));
	ASSERT_TRUE(alloc_fails(GFP_HIGHUSER, 0));
	/* Never __GFP_NOFAIL, not even for fail-nth, which it does not consume. */
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL | __GFP_NOFAIL, 0));
	fail_page_alloc.attr.probability = 0;
	fail_nth_set(1);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL | __GFP_NOFAIL, 0));
	ASSERT_EQ(fail_nth_get(), 1);
	ASSERT_TRUE(alloc_fails(GFP_KERNEL, 0));
	ASSERT_EQ(fail_nth_get(), 0);
}

/* failslab's extras, through the call the slab allocator makes. */
static void failslab_extras(void)
{
	boot();
	ASSERT_EQ(fault_inject_setup("failslab=1,100,0,-1 failslab.verbose=0"), 0);
	ASSERT_TRUE(!should_failslab(CACHE_A, GFP_KERNEL));	/* ignore-gfp-wait */
	ASSERT_TRUE(should_failslab(CACHE_A, GFP_ATOMIC));
	ASSERT_TRUE(!should_failslab(CACHE_A, GFP_ATOMIC | __GFP_NOFAIL));
	ASSERT_EQ(fault_inject_setup("failslab.ignore-gfp-wait=N failslab.cache-filter=Y"), 0);
	ASSERT_TRUE(!should_failslab(CACHE_A, GFP_KERNEL));	/* not marked */
	ASSERT_EQ(failslab_mark_cache(CACHE_A, true), 0);
	ASSERT_TRUE(should_failslab(CACHE_A, GFP_KERNEL));
	ASSERT_TRUE(!should_failslab(CACHE_B, GFP_KERNEL));
	ASSERT_EQ(failslab_mark_cache(CACHE_A, false), 0);
	ASSERT_TRUE(!should_failslab(CACHE_A, GFP_KERNEL));
	/* space counts the object size when the slab passes it. */
	ASSERT_EQ(fault_inject_setup("failslab.cache-filter=N failslab.space=100"), 0);
	ASSERT_TRUE(!should_failslab_size(CACHE_B, 64, GFP_KERNEL));
	ASSERT_TRUE(should_failslab_size(CACHE_B, 64, GFP_KERNEL));
	ASSERT_EQ(failslab.attr.reached, 9);
	ASSERT_EQ(failslab.attr.injected, 3);
	/* The vmalloc point answers the same way. */
	ASSERT_EQ(fault_inject_setup("fail_vmalloc=2,100,0,1"), 0);
	ASSERT_TRUE(!should_fail_vmalloc_range(8192, GFP_KERNEL));
	ASSERT_TRUE(!should_fail_vmalloc_range(8192, GFP_KERNEL | __GFP_NOFAIL));
	ASSERT_TRUE(should_fail_vmalloc_range(8192, GFP_KERNEL | __GFP_NOWARN));
	ASSERT_TRUE(!should_fail_vmalloc_range(8192, GFP_KERNEL));	/* times spent */
}

/*
 * fail-nth wins over every generic attribute (probability 0, times 0,
 * task-filter), counts only fault-able calls in task context, and reads
 * back as the calls still to come, 0 once it fired.
 */
static void fail_nth_precedence_and_readback(void)
{
	boot();
	page_alloc_sees_everything();
	fail_page_alloc.attr.times = 0;
	fail_page_alloc.attr.task_filter = true;
	fail_nth_set(3);
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));
	ASSERT_EQ(fail_nth_get(), 2);
	irq_enter();
	ASSERT_TRUE(!alloc_fails(GFP_ATOMIC, 0));	/* interrupts do not count */
	irq_exit();
	ASSERT_EQ(fail_nth_get(), 2);
	ASSERT_TRUE(!should_failslab(CACHE_A, GFP_KERNEL));	/* filtered out first */
	ASSERT_EQ(fail_nth_get(), 2);
	ASSERT_TRUE(!should_failslab(CACHE_A, GFP_ATOMIC));	/* fault-able: counts */
	ASSERT_EQ(fail_nth_get(), 1);
	ASSERT_NULL(alloc_pages(GFP_KERNEL, 0));	/* without NOWARN: reported */
	ASSERT_EQ(fail_nth_get(), 0);
	ASSERT_REPORT_HAS("(fail-nth)");
	ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));	/* fired once, disarmed */
	ASSERT_EQ(fail_page_alloc.attr.injected, 1);
	/* Each task has its own. */
	{
		struct task_struct other = { .pid = 2, .comm = "other" };

		fail_nth_set(1);
		ASSERT_EQ(set_current(&other), 0);
		ASSERT_TRUE(!alloc_fails(GFP_KERNEL, 0));
		ASSERT_EQ(set_current(&init_task), 0);
		ASSERT_TRUE(alloc_fails(GFP_KERNEL, 0));
	}
}

/* Boot syntax: Linux's four fields and named attributes. */
static void boot_syntax(void)
{
	boot();
	ASSERT_EQ(fault_inject_setup("  failslab=3,50,10,7\tfail_page_alloc.min-order=0x2 "
				     "fail_page_alloc.ignore-gfp-highmem=n fail_vmalloc.task-filter=Y "
				     "fail_pgtable_alloc.verbose=1 fault_inject.seed=5\n"), 0);
	ASSERT_EQ(failslab.attr.interval, 3);
	ASSERT_EQ(failslab.attr.probability, 50);
	ASSERT_EQ(failslab.attr.space, 10);
	ASSERT_EQ(failslab.attr.times, 7);
	ASSERT_EQ(fail_page_alloc.min_order, 2);
	ASSERT_TRUE(!fail_page_alloc.ignore_gfp_highmem);
	ASSERT_TRUE(fail_vmalloc.task_filter);
	ASSERT_EQ(fail_pgtable_alloc.verbose, 1);
	ASSERT_EQ(fault_inject_setup(NULL), 0);
	ASSERT_EQ(fault_inject_setup(""), 0);
	ASSERT_EQ(report_total(), 0);
	ASSERT_EQ(fault_inject_last_error()[0], '\0');
}

/* Malformed strings: a clear error naming the word, and nothing applied. */
static void malformed_strings_apply_nothing(void)
{
	static const struct {
		const char *cmdline, *error;
	} bad[] = {
		{ "failslab=1,2,3", "'failslab=1,2,3': expected <interval>,<probability>,<space>,<times>" },
		{ "failslab=1,2,3,4,5", "more than four fields" },
		{ "failslab=1,200,0,1", "expected a percentage 0..100" },
		{ "failslab=a,b,c,d", "'failslab=a,b,c,d': expected an unsigned number" },
		{ "failslab=0,100,0,1", "interval must be at least 1" },
		{ "failslab.times=-2", "times must be -1 (unlimited) or more" },
		{ "failslab.bogus=1", "'failslab.bogus=1': unknown attribute" },
		{ "fail_page_alloc.cache-filter=Y", "unknown attribute" },
		{ "nosuch=1,1,1,1", "'nosuch=1,1,1,1': unknown fault-injection point" },
		{ "failslab.task-filter=maybe", "expected Y, N, 1 or 0" },
		{ "fail_page_alloc.min-order=-1", "expected an unsigned number" },
		{ "failslab", "expected name=value" },
		{ "failslab.probability=", "expected a percentage" },
		{ "fault_inject.seed=x", "expected an unsigned number" },
		/* A good word before a bad one is not applied either. */
		{ "fail_page_alloc=1,100,0,-1 failslab=1,2", "'failslab=1,2'" },
	};

	boot();
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct fail_page_alloc_attr fpa = fail_page_alloc;
		struct failslab_attr fs = failslab;

		ASSERT_EQ(fault_inject_setup(bad[i].cmdline), -EINVAL);
		ASSERT_EQ(report_count(REPORT_BAD_ARG), i + 1);
		ASSERT_REPORT_HAS("fault_inject: bad parameter '");
		ASSERT_REPORT_HAS(bad[i].error);
		ASSERT_REPORT_HAS("nothing applied");
		ASSERT_TRUE(strstr(fault_inject_last_error(), bad[i].error) != NULL);
		ASSERT_TRUE(memcmp(&fpa, &fail_page_alloc, sizeof(fpa)) == 0);
		ASSERT_TRUE(memcmp(&fs, &failslab, sizeof(fs)) == 0);
	}
	ASSERT_EQ(fault_inject_setup("failslab.probability=1"), 0);
	ASSERT_EQ(fault_inject_last_error()[0], '\0');
}

/* MMFUZZ_FAULT_INJECT is applied at every boot; a bad one is refused whole. */
static void environment_variable(void)
{
	ASSERT_EQ(setenv(FAULT_INJECT_ENV, "fail_page_alloc=4,100,0,-1 fail_page_alloc.min-order=0", 1), 0);
	boot();
	unsetenv(FAULT_INJECT_ENV);
	ASSERT_EQ(fail_page_alloc.attr.interval, 4);
	ASSERT_EQ(fail_page_alloc.min_order, 0);
	machine_teardown();

	ASSERT_EQ(setenv(FAULT_INJECT_ENV, "fail_page_alloc=4,100,0,-1 oops", 1), 0);
	boot();
	unsetenv(FAULT_INJECT_ENV);
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 1);
	ASSERT_REPORT_HAS("'oops': expected name=value");
	ASSERT_EQ(fail_page_alloc.attr.interval, 1);
	ASSERT_EQ(fail_page_alloc.attr.probability, 0);
}

/* Which of 64 calls fail at probability 50, as a bit mask. */
static u64 pattern(void)
{
	u64 bits = 0;

	page_alloc_sees_everything();
	ASSERT_EQ(fault_inject_setup("fail_page_alloc=1,50,0,-1 fail_page_alloc.verbose=0"), 0);
	for (int i = 0; i < 64; i++)
		if (alloc_fails(GFP_KERNEL, 0))
			bits |= 1ULL << i;
	return bits;
}

/* Same machine, same calls: same failures.  Another seed: others. */
static void deterministic_across_runs(void)
{
	u64 first, again, reseeded;

	boot();
	first = pattern();
	machine_teardown();
	boot();
	again = pattern();
	ASSERT_EQ(first, again);
	ASSERT_TRUE(first != 0 && first != ~0ULL);
	ASSERT_TRUE(__builtin_popcountll(first) > 10 && __builtin_popcountll(first) < 54);
	fault_inject_seed(12345);
	reseeded = pattern();
	ASSERT_TRUE(reseeded != first);
	machine_teardown();
	boot();
	ASSERT_EQ(fault_inject_setup("fault_inject.seed=12345"), 0);
	ASSERT_EQ(pattern(), reseeded);
}

static void statistics(void)
{
	char buf[512];
	FILE *out;

	boot();
	page_alloc_sees_everything();
	ASSERT_EQ(fault_inject_setup("fail_page_alloc=2,100,0,-1 fail_page_alloc.verbose=0"), 0);
	for (int i = 0; i < 10; i++)
		alloc_fails(GFP_KERNEL, 0);
	should_failslab(CACHE_A, GFP_KERNEL);
	ASSERT_EQ(fault_inject_total_injected(), 5);
	out = fmemopen(buf, sizeof(buf), "w");
	ASSERT_NOT_NULL(out);
	fault_inject_show_stats(out);
	fclose(out);
	ASSERT_TRUE(strstr(buf, "fail_page_alloc      reached 10 injected 5\n") != NULL);
	ASSERT_TRUE(strstr(buf, "failslab             reached 1 injected 0\n") != NULL);
	ASSERT_TRUE(strstr(buf, "fail_vmalloc         reached 0 injected 0\n") != NULL);
	ASSERT_TRUE(strstr(buf, "fail_pgtable_alloc   reached 0 injected 0\n") != NULL);
}

TEST_MAIN("faultinject",
	TEST_CASE(linux_defaults_at_boot),
	TEST_CASE(probability_and_times),
	TEST_CASE(interval_every_nth),
	TEST_CASE(space_budget),
	TEST_CASE(order_of_evaluation),
	TEST_CASE(task_filter),
	TEST_CASE(caller_filter),
	TEST_CASE(fail_page_alloc_extras),
	TEST_CASE(failslab_extras),
	TEST_CASE(fail_nth_precedence_and_readback),
	TEST_CASE(boot_syntax),
	TEST_CASE(malformed_strings_apply_nothing),
	TEST_CASE(environment_variable),
	TEST_CASE(deterministic_across_runs),
	TEST_CASE(statistics))
