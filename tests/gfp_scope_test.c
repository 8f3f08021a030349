// SPDX-License-Identifier: GPL-2.0
/*
 * GFP scopes (memalloc_nofs/noio/noreclaim_save/restore): the task flags
 * and how they nest, current_gfp_context(), which shrinkers reclaim asks
 * under GFP_NOFS / GFP_NOIO and under the scopes (through the page
 * allocator, slab and vmalloc), PF_MEMALLOC's no-recursion and reserves,
 * and every unbalanced restore reported with the flags left sane.
 *
 * Pressure is the balloon leaving each zone a fraction of its min
 * watermark, as in pressure_test.c.
 */
#include <errno.h>
#include <limits.h>

#include <linux/balloon.h>
#include <linux/hardirq.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "common.h"

/* ---- the flags ------------------------------------------------------ */

static void nofs_noio_narrow_the_mask(void)
{
	unsigned int fs, io;

	boot_pc(64, 1, 1);
	ASSERT_EQ(current_gfp_context(GFP_KERNEL), GFP_KERNEL);
	fs = memalloc_nofs_save();
	ASSERT_EQ(fs, 0);
	ASSERT_EQ(current->flags, PF_MEMALLOC_NOFS);
	ASSERT_EQ(current_gfp_context(GFP_KERNEL), GFP_NOFS);
	/* Only __GFP_FS goes: the other bits are the caller's. */
	ASSERT_EQ(current_gfp_context(GFP_KERNEL | __GFP_ZERO | __GFP_DMA),
		  GFP_NOFS | __GFP_ZERO | __GFP_DMA);
	ASSERT_EQ(current_gfp_context(GFP_ATOMIC), GFP_ATOMIC);
	io = memalloc_noio_save();
	ASSERT_EQ(io, 0);
	/* noio is the narrower one, whatever nofs says. */
	ASSERT_EQ(current_gfp_context(GFP_KERNEL), GFP_NOIO);
	memalloc_noio_restore(io);
	ASSERT_EQ(current_gfp_context(GFP_KERNEL), GFP_NOFS);
	memalloc_nofs_restore(fs);
	ASSERT_EQ(current->flags, 0);
	ASSERT_EQ(current_gfp_context(GFP_KERNEL), GFP_KERNEL);
	ASSERT_EQ(report_total(), 0);
}

/* save returns what it found; each restore puts back its own save's state. */
static void scopes_nest(void)
{
	unsigned int a, b, c;

	boot_pc(64, 1, 1);
	a = memalloc_nofs_save();
	b = memalloc_nofs_save();
	c = memalloc_nofs_save();
	ASSERT_EQ(a, 0);
	ASSERT_EQ(b, PF_MEMALLOC_NOFS);
	ASSERT_EQ(c, PF_MEMALLOC_NOFS);
	ASSERT_EQ(current->memalloc_nest[MEMALLOC_NOFS], 3);
	memalloc_nofs_restore(c);
	memalloc_nofs_restore(b);
	ASSERT_EQ(current_gfp_context(GFP_KERNEL), GFP_NOFS);
	memalloc_nofs_restore(a);
	ASSERT_EQ(current_gfp_context(GFP_KERNEL), GFP_KERNEL);

	/* Kinds are independent: closing noio leaves noreclaim alone. */
	a = memalloc_noreclaim_save();
	b = memalloc_noio_save();
	ASSERT_EQ(current->flags, PF_MEMALLOC | PF_MEMALLOC_NOIO);
	memalloc_noio_restore(b);
	ASSERT_EQ(current->flags, PF_MEMALLOC);
	memalloc_noreclaim_restore(a);
	ASSERT_EQ(current->flags, 0);
	ASSERT_EQ(report_total(), 0);
}

/* The flags belong to the task: a CPU switch keeps them. */
static void scopes_follow_the_task(void)
{
	unsigned int fs;

	boot_pc(64, 1, 2);
	fs = memalloc_nofs_save();
	ASSERT_EQ(machine_set_cpu(1), 0);
	ASSERT_EQ(current_gfp_context(GFP_KERNEL), GFP_NOFS);
	memalloc_nofs_restore(fs);
	ASSERT_EQ(report_total(), 0);
}

/* ---- unbalanced restores ---------------------------------------------- */

static void restore_without_save(void)
{
	boot_pc(64, 1, 1);
	EXPECT_REFUSED(REPORT_BAD_SCOPE,
		       "BUG: memalloc_nofs_restore() without a memalloc_nofs_save()",
		       memalloc_nofs_restore(0));
	EXPECT_REFUSED(REPORT_BAD_SCOPE,
		       "BUG: memalloc_noreclaim_restore() without a memalloc_noreclaim_save()",
		       memalloc_noreclaim_restore(PF_MEMALLOC));
	ASSERT_EQ(current->flags, 0);
	ASSERT_EQ(current->memalloc_nest[MEMALLOC_NOFS], 0);
	/* Scopes still work afterwards, without a report. */
	memalloc_nofs_restore(memalloc_nofs_save());
	ASSERT_EQ(report_total(), 2);
}

/*
 * Outer restored before inner: Linux would turn NOFS off while the inner
 * scope still relies on it, then back on after both closed.  Reported both
 * times, and the flag is "a scope is open" throughout.
 */
static void restore_out_of_order(void)
{
	unsigned int outer, inner;

	boot_pc(64, 1, 1);
	outer = memalloc_noio_save();
	inner = memalloc_noio_save();
	EXPECT_REFUSED(REPORT_BAD_SCOPE, "BUG: memalloc_noio_restore(0) out of order",
		       memalloc_noio_restore(outer));
	ASSERT_TRUE(strstr(report_last(), "would end the scope an inner save still holds"));
	ASSERT_EQ(current_gfp_context(GFP_KERNEL), GFP_NOIO);
	EXPECT_REFUSED(REPORT_BAD_SCOPE, "BUG: memalloc_noio_restore(0x80000) out of order",
		       memalloc_noio_restore(inner));
	ASSERT_TRUE(strstr(report_last(), "would keep the scope after its last save is closed"));
	ASSERT_EQ(current->flags, 0);
	ASSERT_EQ(current_gfp_context(GFP_KERNEL), GFP_KERNEL);
	ASSERT_EQ(report_total(), 2);
}

/* A value no save returns: reported, and the scope is closed all the same. */
static void restore_of_a_foreign_value(void)
{
	unsigned int fs;

	boot_pc(64, 1, 1);
	fs = memalloc_nofs_save();
	EXPECT_REFUSED(REPORT_BAD_SCOPE, "BUG: memalloc_nofs_restore(0x1234) out of order",
		       memalloc_nofs_restore(fs | 0x1234));
	ASSERT_TRUE(strstr(report_last(), "bits no memalloc_*_save() returns"));
	ASSERT_EQ(current->flags, 0);
	EXPECT_REFUSED(REPORT_BAD_ARG, "memalloc_scope_save of scope 7",
		       ASSERT_EQ(memalloc_scope_save((enum memalloc_scope)7), 0));
	ASSERT_EQ(current->flags, 0);
}

/* ---- shrinkers under NOFS / NOIO -------------------------------------- */

struct counted {
	struct shrinker	shrinker;
	unsigned long	calls;
	gfp_t		last_gfp;
};

static struct counted plain, needs_fs, needs_io;

/* Holds nothing: reclaim asks and moves on; the count is the evidence. */
static unsigned long counted_count(struct shrinker *s, struct shrink_control *sc)
{
	struct counted *c = container_of(s, struct counted, shrinker);

	c->calls++;
	c->last_gfp = sc->gfp_mask;
	return 0;
}

static unsigned long counted_scan(struct shrinker *s, struct shrink_control *sc)
{
	return SHRINK_STOP;
}

static void counted_register(struct counted *c, unsigned int flags, const char *name)
{
	memset(c, 0, sizeof(*c));
	c->shrinker.count_objects = counted_count;
	c->shrinker.scan_objects = counted_scan;
	c->shrinker.flags = flags;
	ASSERT_EQ(register_shrinker(&c->shrinker, name), 0);
}

static void counted_reset(void)
{
	plain.calls = needs_fs.calls = needs_io.calls = 0;
}

/* Every zone left with @eighths/8 of its min watermark. */
static void squeeze(unsigned long eighths)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		balloon_leave(zone, min_wmark_pages(zone) * eighths / 8);
}

/* One reclaim round (13 priorities) per shrinker that may run, no more. */
#define ONE_ROUND	(DEF_PRIORITY + 1)

static void boot_squeezed(void)
{
	boot_pc(256, 1, 1);
	counted_register(&plain, 0, "plain");
	counted_register(&needs_fs, SHRINKER_NEEDS_FS, "needs-fs");
	counted_register(&needs_io, SHRINKER_NEEDS_IO, "needs-io");
	squeeze(8);
}

/* Fail one order-0 allocation after one reclaim round, quietly. */
static void reclaim_once(gfp_t gfp)
{
	counted_reset();
	ASSERT_NULL(alloc_pages(gfp | __GFP_NORETRY | __GFP_NOWARN, 0));
}

static void masks_choose_the_shrinkers(void)
{
	boot_squeezed();
	reclaim_once(GFP_KERNEL);
	ASSERT_EQ(plain.calls, ONE_ROUND);
	ASSERT_EQ(needs_fs.calls, ONE_ROUND);
	ASSERT_EQ(needs_io.calls, ONE_ROUND);
	reclaim_once(GFP_NOFS);
	ASSERT_EQ(plain.calls, ONE_ROUND);
	ASSERT_EQ(needs_fs.calls, 0);
	ASSERT_EQ(needs_io.calls, ONE_ROUND);
	ASSERT_EQ(needs_io.last_gfp & __GFP_FS, 0);
	reclaim_once(GFP_NOIO);
	ASSERT_EQ(plain.calls, ONE_ROUND);
	ASSERT_EQ(needs_fs.calls, 0);
	ASSERT_EQ(needs_io.calls, 0);
	ASSERT_EQ(report_total(), 0);
}

/* GFP_KERNEL inside a scope reclaims as the scope's mask would. */
static void scopes_choose_the_shrinkers(void)
{
	unsigned int flags;

	boot_squeezed();
	flags = memalloc_nofs_save();
	reclaim_once(GFP_KERNEL);
	ASSERT_EQ(plain.calls, ONE_ROUND);
	ASSERT_EQ(needs_fs.calls, 0);
	ASSERT_EQ(needs_io.calls, ONE_ROUND);
	ASSERT_EQ(plain.last_gfp, GFP_NOFS | __GFP_NORETRY | __GFP_NOWARN);
	memalloc_nofs_restore(flags);

	flags = memalloc_noio_save();
	reclaim_once(GFP_KERNEL);
	ASSERT_EQ(plain.calls, ONE_ROUND);
	ASSERT_EQ(needs_fs.calls + needs_io.calls, 0);
	memalloc_noio_restore(flags);

	reclaim_once(GFP_KERNEL);
	ASSERT_EQ(needs_fs.calls, ONE_ROUND);
	ASSERT_EQ(report_total(), 0);
}

/* Slab and vmalloc get their pages from the page allocator: scoped too. */
static void scopes_reach_slab_and_vmalloc(void)
{
	unsigned int flags;

	boot_squeezed();
	flags = memalloc_nofs_save();
	counted_reset();
	/* Larger than any kmalloc cache: straight from the page allocator. */
	ASSERT_NULL(kmalloc(64 << 10, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN));
	ASSERT_TRUE(plain.calls > 0 && needs_io.calls > 0);
	ASSERT_EQ(needs_fs.calls, 0);
	memalloc_nofs_restore(flags);

	flags = memalloc_noio_save();
	counted_reset();
	ASSERT_NULL(__vmalloc(16 * PAGE_SIZE, GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN));
	ASSERT_TRUE(plain.calls > 0);
	ASSERT_EQ(needs_fs.calls + needs_io.calls, 0);
	memalloc_noio_restore(flags);
	ASSERT_EQ(report_total(), 0);
}

static void shrinker_flags_checked(void)
{
	struct counted bad;

	boot_pc(64, 1, 1);
	memset(&bad, 0, sizeof(bad));
	bad.shrinker.count_objects = counted_count;
	bad.shrinker.scan_objects = counted_scan;
	bad.shrinker.flags = 0x4;
	EXPECT_REFUSED(REPORT_BAD_ARG, "register_shrinker(bad): unknown flags",
		       ASSERT_EQ(register_shrinker(&bad.shrinker, "bad"), -EINVAL));
}

/* ---- PF_MEMALLOC ------------------------------------------------------- */

/* Below min: ordinary callers fail, a reclaiming task takes the reserves. */
static void noreclaim_uses_reserves_without_reclaim(void)
{
	struct page *page;
	unsigned int flags;

	boot_squeezed();
	squeeze(4);
	reclaim_once(GFP_KERNEL);
	ASSERT_EQ(plain.calls, ONE_ROUND);

	flags = memalloc_noreclaim_save();
	counted_reset();
	page = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(plain.calls, 0);
	__free_pages(page, 0);
	/* __GFP_NOMEMALLOC: no reserves, and still no reclaim; no OOM either. */
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOMEMALLOC, 0));
	ASSERT_EQ(plain.calls, 0);
	ASSERT_EQ(report_count(REPORT_OOM), 0);
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), 1);
	/* __GFP_NOFAIL cannot reclaim either: it fails with the warning. */
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOFAIL | __GFP_NOMEMALLOC, 0));
	ASSERT_EQ(report_count(REPORT_OOM), 0);
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), 2);
	/* A hard interrupt is not the reclaiming task: no reserves there. */
	irq_enter();
	ASSERT_NULL(alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 0));
	irq_exit();
	page = alloc_pages(GFP_NOWAIT, 0);
	ASSERT_NOT_NULL(page);
	__free_pages(page, 0);
	memalloc_noreclaim_restore(flags);
	ASSERT_EQ(report_total(), 2);
}

static unsigned long nested_calls, nested_depth, nested_max;
static bool nested_saw_memalloc;

/* A shrinker that allocates with GFP_KERNEL, as filesystems' do. */
static unsigned long allocating_count(struct shrinker *s, struct shrink_control *sc)
{
	struct page *page;

	nested_calls++;
	nested_depth++;
	nested_max = max(nested_max, nested_depth);
	nested_saw_memalloc |= !!(current->flags & PF_MEMALLOC);
	page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
	if (page)
		__free_pages(page, 0);
	nested_depth--;
	return 0;
}

/* Reclaim runs with PF_MEMALLOC: what a shrinker allocates never reclaims. */
static void reclaim_does_not_recurse(void)
{
	struct shrinker s = { .count_objects = allocating_count, .scan_objects = counted_scan };

	boot_pc(256, 1, 1);
	ASSERT_EQ(register_shrinker(&s, "allocating"), 0);
	squeeze(8);
	nested_calls = nested_depth = nested_max = 0;
	nested_saw_memalloc = false;
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, 0));
	ASSERT_EQ(nested_calls, ONE_ROUND);
	ASSERT_EQ(nested_max, 1);
	ASSERT_TRUE(nested_saw_memalloc);
	ASSERT_EQ(current->flags, 0);
	ASSERT_EQ(report_total(), 0);
	unregister_shrinker(&s);
}

TEST_MAIN("gfp_scope",
	TEST_CASE(nofs_noio_narrow_the_mask),
	TEST_CASE(scopes_nest),
	TEST_CASE(scopes_follow_the_task),
	TEST_CASE(restore_without_save),
	TEST_CASE(restore_out_of_order),
	TEST_CASE(restore_of_a_foreign_value),
	TEST_CASE(masks_choose_the_shrinkers),
	TEST_CASE(scopes_choose_the_shrinkers),
	TEST_CASE(scopes_reach_slab_and_vmalloc),
	TEST_CASE(shrinker_flags_checked),
	TEST_CASE(noreclaim_uses_reserves_without_reclaim),
	TEST_CASE(reclaim_does_not_recurse),
)
