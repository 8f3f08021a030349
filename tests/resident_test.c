// SPDX-License-Identifier: GPL-2.0
/*
 * Resident host memory (mm/ram.c, DESIGN.md decision 3): RAM and mem_map
 * outlive a machine, and the next boot must not be able to tell.  Every
 * case dirties frames and struct pages in one machine, tears it down (often
 * with allocations still live), boots again, and compares what it sees with
 * what a fresh process sees: a digest of every struct page, every frame of
 * RAM and the zone counters, taken in a forked child that first gives back
 * the memory it inherited (machine_release_host()).
 *
 * machine_digest() (tests/common.c) is what a program could observe.
 */
#include <stdlib.h>

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "tests/common.h"

struct shape {
	unsigned long	mib;
	unsigned int	nodes;
	unsigned int	cpus;
};

static u64 digest_after_boot(const struct shape *s)
{
	u64 h;

	boot_pc(s->mib, s->nodes, s->cpus);
	h = machine_digest();
	machine_teardown();
	return h;
}

static const struct shape *fresh_shape;

static void digest_fresh(void *arg)
{
	machine_release_host();
	fprintf(stderr, "%016llx", (unsigned long long)digest_after_boot(fresh_shape));
}

/* The digest a fresh process gets: a forked child's, from its stderr. */
static u64 fresh_digest(const struct shape *s)
{
	char out[64];

	fresh_shape = s;
	ASSERT_EQ(run_in_child(digest_fresh, NULL, out, sizeof(out)), 0);
	return strtoull(out, NULL, 16);
}

/*
 * Dirty as much as one machine can: blocks of every order filled with
 * junk (some freed, some left live), kmalloc objects, a vmalloc area,
 * highmem through kmap, a free frame written behind the allocator's back
 * with ram_write(), a CPU's per-CPU list left full.  Nothing is freed
 * before teardown except what the pattern frees.
 */
static void dirty_machine(const struct shape *s)
{
	static const char junk[PAGE_SIZE] = { [0 ... PAGE_SIZE - 1] = 0x5a };
	struct page *page;
	void *p;

	boot_pc(s->mib, s->nodes, s->cpus);
	for (unsigned int order = 0; order < NR_PAGE_ORDERS && order < 8; order++) {
		page = alloc_pages(GFP_KERNEL, order);
		ASSERT_NOT_NULL(page);
		memset(page_address(page), 0xa5, PAGE_SIZE << order);
		if (order & 1)
			__free_pages(page, order);
	}
	page = alloc_pages(GFP_HIGHUSER, 0);
	ASSERT_NOT_NULL(page);
	p = kmap(page);
	memset(p, 0xc3, PAGE_SIZE);
	kunmap(page);
	ASSERT_EQ(ram_write(PFN_PHYS(page_to_pfn(page) + 1), junk, PAGE_SIZE), 0);
	for (int i = 0; i < 64; i++) {
		p = kmalloc(32u << (i % 8), GFP_KERNEL);
		ASSERT_NOT_NULL(p);
		memset(p, 0x77, 32u << (i % 8));
		if (i % 3)
			kfree(p);
	}
	p = vmalloc(64 * 1024);
	ASSERT_NOT_NULL(p);
	memset(p, 0x99, 64 * 1024);
	if (s->cpus > 1) {
		ASSERT_EQ(machine_set_cpu(s->cpus - 1), 0);
		for (int i = 0; i < 8; i++)
			__free_pages(alloc_pages(GFP_KERNEL, 0), 0);
		ASSERT_EQ(machine_set_cpu(0), 0);
	}
	machine_teardown();
}

static const struct shape small = { 16, 1, 1 };
static const struct shape big = { 1024, 2, 4 };

/* A page left dirty by one machine is as a fresh boot gives it. */
static void dirty_frames_are_fresh_at_next_boot(void)
{
	u64 fresh = fresh_digest(&small);
	struct ram_stats st;

	dirty_machine(&small);
	ram_get_stats(&st);
	ASSERT_EQ(st.dirty_frames, 0);
	ASSERT_TRUE(st.frames_zeroed > 0);
	ASSERT_TRUE(st.pages_reset > 0);
	ASSERT_EQ(digest_after_boot(&small), fresh);
}

/*
 * The same page comes back at the next boot, zero: the frame the first
 * machine filled is the one the second hands out first.
 */
static void same_pfn_comes_back_zero(void)
{
	static unsigned char buf[PAGE_SIZE];
	unsigned long pfn;
	struct page *page;

	boot_pc(16, 1, 1);
	page = alloc_pages(GFP_KERNEL, 3);
	ASSERT_NOT_NULL(page);
	pfn = page_to_pfn(page);
	memset(page_address(page), 0xee, PAGE_SIZE << 3);
	page->flags |= 1UL << 20;	/* a stray flag, left behind */
	machine_teardown();

	boot_pc(16, 1, 1);
	page = alloc_pages(GFP_KERNEL, 3);
	ASSERT_EQ(page_to_pfn(page), pfn);
	for (unsigned int i = 0; i < 8; i++) {
		ASSERT_EQ(ram_read(PFN_PHYS(pfn + i), buf, PAGE_SIZE), 0);
		for (size_t b = 0; b < PAGE_SIZE; b++)
			ASSERT_EQ(buf[b], 0);
	}
	ASSERT_EQ(page->flags & (1UL << 20), 0);
	__free_pages(page, 3);
	machine_teardown();
}

/*
 * The shape changes between machines: bigger (the memory grows while
 * clean), smaller (the rest stays zero and unseen), bigger again.
 */
static void shape_changes_leave_nothing(void)
{
	u64 fresh_small = fresh_digest(&small), fresh_big = fresh_digest(&big);

	dirty_machine(&big);
	ASSERT_EQ(digest_after_boot(&small), fresh_small);
	dirty_machine(&small);
	ASSERT_EQ(digest_after_boot(&big), fresh_big);
	dirty_machine(&big);
	dirty_machine(&small);
	ASSERT_EQ(digest_after_boot(&small), fresh_small);
	ASSERT_EQ(digest_after_boot(&big), fresh_big);
}

/*
 * Big blocks (BIG_BLOCK_PAGES and up) are punched out of the memfd rather
 * than zeroed, and so is everything past RESET_MEMSET_MAX_PAGES of small
 * ones; the next machine sees zero either way.
 */
static void big_dirty_sets_are_punched(void)
{
	static const struct shape s = { 256, 1, 1 };
	enum { SMALL = 20000 };
	static struct page *pages[SMALL];
	u64 fresh = fresh_digest(&s);
	struct ram_stats before, after;
	struct page *page;

	ram_get_stats(&before);
	boot_pc(s.mib, s.nodes, s.cpus);
	page = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER);
	ASSERT_NOT_NULL(page);
	memset(page_address(page), 0x3c, PAGE_SIZE << MAX_PAGE_ORDER);
	machine_teardown();
	ram_get_stats(&after);
	ASSERT_TRUE(after.frames_punched >= before.frames_punched + MAX_ORDER_NR_PAGES);
	ASSERT_EQ(digest_after_boot(&s), fresh);

	ram_get_stats(&before);
	boot_pc(s.mib, s.nodes, s.cpus);
	for (int i = 0; i < SMALL; i++) {
		pages[i] = alloc_pages(GFP_KERNEL, 0);
		ASSERT_NOT_NULL(pages[i]);
		memset(page_address(pages[i]), 0x3c, PAGE_SIZE);
	}
	machine_teardown();
	ram_get_stats(&after);
	ASSERT_TRUE(after.frames_punched >= before.frames_punched + SMALL);
	ASSERT_TRUE(after.frames_zeroed - before.frames_zeroed < SMALL);
	ASSERT_EQ(digest_after_boot(&s), fresh);
}

/*
 * Resident memory is reused, not remade: no grow for a machine no bigger
 * than the last; released only when asked, and never under a live machine.
 */
static void reused_then_released(void)
{
	struct ram_stats a, b;

	boot_pc(64, 1, 1);
	machine_teardown();
	ram_get_stats(&a);
	boot_pc(32, 1, 1);
	machine_release_host();		/* booted: refused, nothing happens */
	ASSERT_TRUE(machine.booted);
	ASSERT_NOT_NULL(alloc_pages(GFP_KERNEL, 0));
	machine_teardown();
	ram_get_stats(&b);
	ASSERT_EQ(b.grows, a.grows);
	ASSERT_TRUE(b.resident_pfns >= 64UL << (20 - PAGE_SHIFT));
	ASSERT_EQ(machine.memfd, -1);
	machine_release_host();
	ram_get_stats(&b);
	ASSERT_EQ(b.resident_pfns, 0);
	boot_pc(16, 1, 1);
	ram_get_stats(&b);
	ASSERT_EQ(b.grows, a.grows + 1);
	machine_teardown();
}

/* A forked child that boots must not write into its parent's RAM. */
static void child_does_not_share_ram(void *arg)
{
	struct page *page;

	boot_pc(16, 1, 1);
	page = alloc_pages(GFP_KERNEL, 0);
	if (page)
		memset(page_address(page), 0x11, PAGE_SIZE);
	machine_teardown();
}

static void forked_child_has_its_own_ram(void)
{
	u64 fresh = fresh_digest(&small);
	char out[256];

	boot_pc(16, 1, 1);
	machine_teardown();
	ASSERT_EQ(run_in_child(child_does_not_share_ram, NULL, out, sizeof(out)), 0);
	ASSERT_EQ(digest_after_boot(&small), fresh);
}

/* Is every byte of the @nr frames at @pfn zero, read through the memfd? */
static bool frames_zero(unsigned long pfn, unsigned long nr)
{
	static unsigned char buf[PAGE_SIZE];

	for (unsigned long i = 0; i < nr; i++) {
		ASSERT_EQ(ram_read(PFN_PHYS(pfn + i), buf, PAGE_SIZE), 0);
		for (size_t b = 0; b < PAGE_SIZE; b++)
			if (buf[b])
				return false;
	}
	return true;
}

/*
 * __GFP_ZERO skips the frames known zero (not handed out since the reset)
 * and only those: a frame handed out, written, freed and handed out again
 * is zeroed; a fresh block is zero with most of it never written.
 */
static void gfp_zero_skips_only_clean_frames(void)
{
	struct ram_stats before, after;
	struct page *page;
	unsigned long pfn;

	boot_pc(16, 1, 1);
	ram_get_stats(&before);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, MAX_PAGE_ORDER);
	ram_get_stats(&after);
	ASSERT_NOT_NULL(page);
	pfn = page_to_pfn(page);
	ASSERT_TRUE(after.frames_known_zero > before.frames_known_zero);
	ASSERT_TRUE(after.frames_known_zero - before.frames_known_zero <= MAX_ORDER_NR_PAGES);
	ASSERT_TRUE(frames_zero(pfn, MAX_ORDER_NR_PAGES));
	memset(page_address(page), 0x6b, PAGE_SIZE << MAX_PAGE_ORDER);
	__free_pages(page, MAX_PAGE_ORDER);

	/* The same block again: every frame of it is dirty now. */
	ram_get_stats(&before);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, MAX_PAGE_ORDER);
	ram_get_stats(&after);
	ASSERT_EQ(page_to_pfn(page), pfn);
	ASSERT_EQ(after.frames_known_zero, before.frames_known_zero);
	ASSERT_TRUE(frames_zero(pfn, MAX_ORDER_NR_PAGES));
	__free_pages(page, MAX_PAGE_ORDER);

	/* An order-0 page through the per-CPU list, written while out. */
	page = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(page);
	pfn = page_to_pfn(page);
	memset(page_address(page), 0x6b, PAGE_SIZE);
	__free_pages(page, 0);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);
	ASSERT_EQ(page_to_pfn(page), pfn);
	ASSERT_TRUE(frames_zero(pfn, 1));
	__free_pages(page, 0);
	machine_teardown();

	/* After the reset the first block is known zero again. */
	boot_pc(16, 1, 1);
	ram_get_stats(&before);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, MAX_PAGE_ORDER);
	ram_get_stats(&after);
	ASSERT_NOT_NULL(page);
	ASSERT_TRUE(after.frames_known_zero > before.frames_known_zero);
	ASSERT_TRUE(frames_zero(page_to_pfn(page), MAX_ORDER_NR_PAGES));
	__free_pages(page, MAX_PAGE_ORDER);
	machine_teardown();
}

/*
 * ram_next_held() skips only what reads as zero, and never a page written:
 * walk its runs over a block with one byte written behind the allocator's
 * back, and read every page it skips.
 */
static void held_runs_cover_every_written_byte(void)
{
	phys_addr_t start, end, at, held, held_end;
	unsigned long pfn, written_pfn;
	struct page *page;
	bool written_held = false;
	u8 b = 0x5a;

	boot_pc(16, 1, 1);
	page = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER);
	ASSERT_NOT_NULL(page);
	pfn = page_to_pfn(page);
	written_pfn = pfn + 5;
	ASSERT_EQ(ram_write(PFN_PHYS(written_pfn) + 100, &b, 1), 0);
	start = PFN_PHYS(pfn);
	end = PFN_PHYS(pfn + MAX_ORDER_NR_PAGES);
	for (at = start; at < end; at = held_end) {
		held = ram_next_held(at, end, &held_end);
		ASSERT_TRUE(held >= at && held <= end && held_end <= end);
		if (held > at)
			ASSERT_TRUE(frames_zero(PHYS_PFN(at), PHYS_PFN(held - at)));
		if (held == end)
			break;
		ASSERT_TRUE(held_end > held);
		if (PFN_PHYS(written_pfn) + 100 >= held && PFN_PHYS(written_pfn) + 100 < held_end)
			written_held = true;
	}
	ASSERT_TRUE(written_held);
	__free_pages(page, MAX_PAGE_ORDER);
	machine_teardown();
}

TEST_MAIN("resident",
	TEST_CASE(dirty_frames_are_fresh_at_next_boot),
	TEST_CASE(same_pfn_comes_back_zero),
	TEST_CASE(shape_changes_leave_nothing),
	TEST_CASE(big_dirty_sets_are_punched),
	TEST_CASE(reused_then_released),
	TEST_CASE(forked_child_has_its_own_ram),
	TEST_CASE(gfp_zero_skips_only_clean_frames),
	TEST_CASE(held_runs_cover_every_written_byte))
