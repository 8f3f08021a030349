// SPDX-License-Identifier: GPL-2.0
/* Shadow memory: granule states, mixed pages, and cost that follows use. */
#include "fuzz/shadow.h"
#include "fuzz/testing.h"

#define MiB	(1ULL << 20)
#define GiB	(1ULL << 30)

static struct shadow sh;

static void starts_free_and_costs_nothing(void)
{
	phys_addr_t bad;
	enum shadow_state found;

	/* 4 GiB and 64 MiB cost the same: nothing until something is set. */
	shadow_init(&sh, (4 * GiB) >> PAGE_SHIFT);
	CHECK(shadow_check(&sh, 0, 4 * GiB, SHADOW_FREE, &bad, &found));
	shadow_set(&sh, 3 * GiB, PAGE_SIZE, SHADOW_FREE);
	CHECK_EQ(sh.nr_chunks, 0);
	shadow_set(&sh, 3 * GiB, 4 * MiB, SHADOW_ALLOCATED);
	CHECK_EQ(sh.nr_chunks, 2);
	CHECK(!shadow_check(&sh, 0, 4 * GiB, SHADOW_FREE, &bad, &found));
	CHECK_EQ(bad, 3 * GiB);
	CHECK_EQ(found, SHADOW_ALLOCATED);
	shadow_destroy(&sh);
	CHECK_EQ(sh.nr_chunks, 0);
}

static void granules(void)
{
	phys_addr_t bad;
	enum shadow_state found;

	shadow_init(&sh, (64 * MiB) >> PAGE_SHIFT);
	shadow_set(&sh, 0x5000, 3 * PAGE_SIZE, SHADOW_ALLOCATED);
	/* Part of a page: only the granules it touches change. */
	shadow_set(&sh, 0x6008, 9, SHADOW_FREE);
	CHECK_EQ(shadow_get(&sh, 0x6000), SHADOW_ALLOCATED);
	CHECK_EQ(shadow_get(&sh, 0x6008), SHADOW_FREE);
	CHECK_EQ(shadow_get(&sh, 0x6010), SHADOW_FREE);	/* byte 0x6010 is in it */
	CHECK_EQ(shadow_get(&sh, 0x6018), SHADOW_ALLOCATED);
	CHECK(shadow_check(&sh, 0x5000, 0x1008, SHADOW_ALLOCATED, &bad, &found));
	CHECK(!shadow_check(&sh, 0x5000, 0x3000, SHADOW_ALLOCATED, &bad, &found));
	CHECK_EQ(bad, 0x6008);
	CHECK_EQ(found, SHADOW_FREE);
	/* An unaligned start reports the first byte asked about. */
	CHECK(!shadow_check(&sh, 0x600c, 4, SHADOW_ALLOCATED, &bad, &found));
	CHECK_EQ(bad, 0x600c);
	/* Setting the whole page again makes it uniform. */
	shadow_set(&sh, 0x6000, PAGE_SIZE, SHADOW_RESERVED);
	CHECK(shadow_check(&sh, 0x6000, PAGE_SIZE, SHADOW_RESERVED, &bad, &found));
	CHECK(!shadow_check(&sh, 0x4ff8, 16, SHADOW_ALLOCATED, &bad, &found));
	CHECK_EQ(bad, 0x4ff8);
	CHECK_EQ(found, SHADOW_FREE);
	/* Beyond max_pfn is never valid. */
	CHECK(!shadow_check(&sh, 64 * MiB - 8, 16, SHADOW_FREE, &bad, &found));
	CHECK_EQ(found, NR_SHADOW_STATES);
	shadow_destroy(&sh);
}

/* Whole-page updates of a chunk that has a mixed page go page by page. */
static void chunk_with_mixed_page(void)
{
	phys_addr_t bad;
	enum shadow_state found;

	shadow_init(&sh, (64 * MiB) >> PAGE_SHIFT);
	shadow_set(&sh, 0x10000, 8, SHADOW_ALLOCATED);		/* page 0x10 mixed */
	shadow_set(&sh, 0, 0x40000, SHADOW_RESERVED);		/* pages 0..0x3f */
	CHECK(shadow_check(&sh, 0, 0x40000, SHADOW_RESERVED, &bad, &found));
	shadow_set(&sh, 0x20010, 8, SHADOW_FREE);		/* page 0x20 mixed */
	shadow_set(&sh, 0x1000, 0x3e000, SHADOW_ALLOCATED);
	CHECK(shadow_check(&sh, 0x1000, 0x3e000, SHADOW_ALLOCATED, &bad, &found));
	CHECK(!shadow_check(&sh, 0, 0x40000, SHADOW_ALLOCATED, &bad, &found));
	CHECK_EQ(bad, 0);
	CHECK_EQ(found, SHADOW_RESERVED);
	CHECK(!shadow_check(&sh, 0x1000, 0x40000, SHADOW_ALLOCATED, &bad, &found));
	CHECK_EQ(bad, 0x3f000);
	shadow_destroy(&sh);
}

/* The largest machine's last page. */
static void top_of_64g(void)
{
	phys_addr_t bad;
	enum shadow_state found;

	shadow_init(&sh, (64 * GiB) >> PAGE_SHIFT);
	shadow_set(&sh, 64 * GiB - PAGE_SIZE, PAGE_SIZE, SHADOW_RESERVED);
	CHECK_EQ(shadow_get(&sh, 64 * GiB - 8), SHADOW_RESERVED);
	CHECK(shadow_check(&sh, 64 * GiB - 2 * PAGE_SIZE, PAGE_SIZE, SHADOW_FREE, &bad, &found));
	shadow_destroy(&sh);
}

TEST_MAIN("shadow",
	TEST(starts_free_and_costs_nothing),
	TEST(granules),
	TEST(chunk_with_mixed_page),
	TEST(top_of_64g))
