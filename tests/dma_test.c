// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA API: masks, the zone each mask gets, the 4 MiB limit, zeroing,
 * every bad coherent free; DMA pools' size, alignment and boundary rules
 * checked block by block for a few shapes, zalloc, and every pool misuse.
 *
 * The machine is 8 GiB on x86-64 (so ZONE_NORMAL exists above 4 GiB and a
 * 64-bit device may land there) and 1 GiB on i386 (so highmem exists and a
 * 64-bit device must still never get it).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "common.h"

#define MiB	(1UL << 20)

static struct device isa, dev32, dev64;

static void boot(void)
{
	boot_pc(ARCH_HAS_HIGHMEM ? 1024 : 8192, 1, 1);
	device_initialize(&isa, "isa");
	device_initialize(&dev32, "dev32");
	device_initialize(&dev64, "dev64");
	ASSERT_EQ(dma_set_mask_and_coherent(&isa, DMA_BIT_MASK(24)), 0);
	ASSERT_EQ(dma_set_mask_and_coherent(&dev32, DMA_BIT_MASK(32)), 0);
	ASSERT_EQ(dma_set_mask_and_coherent(&dev64, DMA_BIT_MASK(64)), 0);
}

/* A buffer the CPU and the device agree on, reachable under @mask. */
static void assert_coherent(const void *cpu, dma_addr_t dma, size_t size, u64 mask)
{
	ASSERT_NOT_NULL(cpu);
	ASSERT_EQ((unsigned long)cpu & (PAGE_SIZE - 1), 0);
	ASSERT_TRUE(virt_addr_valid(cpu));
	ASSERT_EQ(dma, __pa(cpu));
	ASSERT_TRUE(dma + size - 1 <= mask);
	ASSERT_TRUE(!PageHighMem(virt_to_page(cpu)));
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i])
			return false;
	return true;
}

static void mask_rules(void)
{
	struct device dev;

	boot();
	device_initialize(&dev, "masks");
	ASSERT_EQ(*dev.dma_mask, DMA_BIT_MASK(32));
	ASSERT_EQ(dev.coherent_dma_mask, DMA_BIT_MASK(32));
	ASSERT_TRUE(dma_supported(&dev, DMA_BIT_MASK(64)));
	ASSERT_TRUE(dma_supported(&dev, DMA_BIT_MASK(32)));
	ASSERT_TRUE(dma_supported(&dev, DMA_BIT_MASK(24)));
	ASSERT_TRUE(!dma_supported(&dev, DMA_BIT_MASK(23)));
	ASSERT_TRUE(!dma_supported(&dev, 0));

	/* A mask below ZONE_DMA: -EIO, and neither mask changes. */
	ASSERT_EQ(dma_set_mask_and_coherent(&dev, DMA_BIT_MASK(20)), -EIO);
	ASSERT_EQ(*dev.dma_mask, DMA_BIT_MASK(32));
	ASSERT_EQ(dev.coherent_dma_mask, DMA_BIT_MASK(32));
	ASSERT_EQ(dma_set_coherent_mask(&dev, DMA_BIT_MASK(16)), -EIO);
	ASSERT_EQ(dev.coherent_dma_mask, DMA_BIT_MASK(32));

	ASSERT_EQ(dma_set_mask(&dev, DMA_BIT_MASK(40)), 0);
	ASSERT_EQ(*dev.dma_mask, DMA_BIT_MASK(40));
	ASSERT_EQ(dev.coherent_dma_mask, DMA_BIT_MASK(32));

	/* No dma_mask pointer: a device that cannot do DMA at all. */
	dev.dma_mask = NULL;
	ASSERT_EQ(dma_set_mask(&dev, DMA_BIT_MASK(64)), -EIO);
	ASSERT_EQ(report_total(), 0);
}

/* Allocate @n buffers of @size for @dev; each must sit in @zone. */
static void allocate_in_zone(struct device *dev, size_t size, unsigned int n,
			     enum zone_type zone, u64 mask)
{
	void *cpu[16];
	dma_addr_t dma[16];
	struct buddy_snapshot snap;

	buddy_snapshot(&snap);
	for (unsigned int i = 0; i < n; i++) {
		cpu[i] = dma_alloc_coherent(dev, size, &dma[i], GFP_KERNEL);
		assert_coherent(cpu[i], dma[i], size, mask);
		ASSERT_EQ(zone_idx(page_zone(virt_to_page(cpu[i]))), zone);
		ASSERT_TRUE(all_zero(cpu[i], PAGE_ALIGN(size)));
		memset(cpu[i], 0xa5, size);
	}
	ASSERT_EQ(dma_coherent_count(dev), n);
	for (unsigned int i = 0; i < n; i++)
		dma_free_coherent(dev, size, cpu[i], dma[i]);
	ASSERT_EQ(dma_coherent_count(NULL), 0);
	assert_free_pages_restored(&snap);
}

static void zone_per_mask(void)
{
	boot();
	allocate_in_zone(&isa, 3 * PAGE_SIZE + 1, 8, ZONE_DMA, DMA_BIT_MASK(24));
	allocate_in_zone(&isa, 100, 16, ZONE_DMA, DMA_BIT_MASK(24));
	/* x86-64: ZONE_DMA32 below 4 GiB; i386 has none and serves lowmem. */
	allocate_in_zone(&dev32, 64 * 1024, 16,
			 ARCH_HAS_ZONE_DMA32 ? ZONE_DMA32 : ZONE_NORMAL,
			 DMA_BIT_MASK(32));
	/* 64 bits: any zone with a kernel mapping, the highest first. */
	allocate_in_zone(&dev64, PAGE_SIZE, 16, ZONE_NORMAL, DMA_BIT_MASK(64));
	ASSERT_EQ(report_total(), 0);
}

/*
 * The caller's zone modifiers are stripped: __GFP_HIGHMEM does not get a
 * highmem page (no kernel mapping), __GFP_DMA does not drag a 64-bit
 * device into ZONE_DMA, and contradictory modifiers are no error.
 */
static void zone_modifiers_stripped(void)
{
	const gfp_t bad[] = { __GFP_HIGHMEM, __GFP_DMA, __GFP_DMA | __GFP_HIGHMEM,
			      __GFP_DMA32 | __GFP_HIGHMEM };
	dma_addr_t dma;

	boot();
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		void *cpu = dma_alloc_coherent(&dev64, PAGE_SIZE, &dma,
					       GFP_KERNEL | bad[i]);

		assert_coherent(cpu, dma, PAGE_SIZE, DMA_BIT_MASK(64));
		ASSERT_EQ(zone_idx(page_zone(virt_to_page(cpu))), ZONE_NORMAL);
		dma_free_coherent(&dev64, PAGE_SIZE, cpu, dma);
	}
	ASSERT_EQ(report_total(), 0);
}

/*
 * A 30-bit device: GFP_DMA32 is asked first, and ZONE_DMA32 runs to 4 GiB
 * (lowmem runs to 896 MiB on i386, under the mask: the whole 1 GiB machine
 * fits 30 bits), so blocks above 1 GiB are found, freed and retried lower.
 * Until memory under the mask runs out, every buffer is under it; then
 * the allocation fails cleanly and everything comes back.
 */
static void narrow_mask_retries_lower_zone(void)
{
	const u64 mask = DMA_BIT_MASK(30);
	struct device dev;
	struct buddy_snapshot snap;
	static void *cpu[512];
	static dma_addr_t dma[512];
	unsigned int n = 0;
	bool got_dma_zone = false;

	boot();
	device_initialize(&dev, "dev30");
	ASSERT_EQ(dma_set_mask_and_coherent(&dev, mask), 0);
	buddy_snapshot(&snap);
	while (n < ARRAY_SIZE(cpu)) {
		cpu[n] = dma_alloc_coherent(&dev, 4 * MiB, &dma[n],
					    GFP_KERNEL | __GFP_NOWARN);
		if (!cpu[n])
			break;
		assert_coherent(cpu[n], dma[n], 4 * MiB, mask);
		got_dma_zone |= zone_idx(page_zone(virt_to_page(cpu[n]))) == ZONE_DMA;
		n++;
	}
	ASSERT_TRUE(n > 0 && n < ARRAY_SIZE(cpu));
	if (ARCH_HAS_ZONE_DMA32)
		ASSERT_TRUE(got_dma_zone);
	while (n--)
		dma_free_coherent(&dev, 4 * MiB, cpu[n], dma[n]);
	assert_free_pages_restored(&snap);
}

static void size_limits(void)
{
	dma_addr_t dma = 0x1234;
	void *cpu;

	boot();
	/* 4 MiB is MAX_PAGE_ORDER: the largest buffer there is. */
	cpu = dma_alloc_coherent(&dev32, 4 * MiB, &dma, GFP_KERNEL);
	assert_coherent(cpu, dma, 4 * MiB, DMA_BIT_MASK(32));
	ASSERT_EQ(virt_to_page(cpu)->order, 10);
	ASSERT_TRUE(all_zero(cpu, 4 * MiB));
	dma_free_coherent(&dev32, 4 * MiB, cpu, dma);

	/* A byte more: the page allocator's order warning, handle untouched. */
	dma = 0x1234;
	EXPECT_REFUSED(REPORT_BAD_ARG, "order 11 above MAX_PAGE_ORDER",
		       ASSERT_NULL(dma_alloc_coherent(&dev32, 4 * MiB + 1, &dma,
						      GFP_KERNEL)));
	/* Size 0: get_order(0) is 52, so the same warning, as in Linux. */
	EXPECT_REFUSED(REPORT_BAD_ARG, "order 52 above MAX_PAGE_ORDER",
		       ASSERT_NULL(dma_alloc_coherent(&dev32, 0, &dma, GFP_KERNEL)));
	ASSERT_EQ(dma, 0x1234);
	/* __GFP_NOWARN silences it. */
	ASSERT_NULL(dma_alloc_coherent(&dev32, 8 * MiB, &dma, GFP_KERNEL | __GFP_NOWARN));
	ASSERT_NULL(dma_alloc_coherent(&dev32, SIZE_MAX, &dma, GFP_KERNEL | __GFP_NOWARN));
	ASSERT_EQ(report_count(REPORT_BAD_ARG), 2);
	ASSERT_EQ(dma_coherent_count(NULL), 0);
}

/* Coherent memory is zeroed even when its pages were dirty before. */
static void coherent_memory_is_zeroed(void)
{
	dma_addr_t dma, dma2;
	void *cpu;

	boot();
	cpu = dma_alloc_coherent(&isa, 2 * PAGE_SIZE, &dma, GFP_KERNEL);
	ASSERT_NOT_NULL(cpu);
	memset(cpu, 0xff, 2 * PAGE_SIZE);
	dma_free_coherent(&isa, 2 * PAGE_SIZE, cpu, dma);
	cpu = dma_alloc_coherent(&isa, 2 * PAGE_SIZE, &dma2, GFP_KERNEL);
	ASSERT_EQ(dma2, dma);	/* the same block, so the zeroing is real */
	ASSERT_TRUE(all_zero(cpu, 2 * PAGE_SIZE));
	dma_free_coherent(&isa, 2 * PAGE_SIZE, cpu, dma2);
}

static void bad_coherent_frees(void)
{
	struct buddy_snapshot before;
	dma_addr_t dma;
	void *cpu;
	int x;

	boot();
	buddy_snapshot(&before);
	cpu = dma_alloc_coherent(&dev32, 3 * PAGE_SIZE, &dma, GFP_KERNEL);
	ASSERT_NOT_NULL(cpu);

	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "different size",
		       dma_free_coherent(&dev32, 4 * PAGE_SIZE, cpu, dma));
	/* Even a size of the same order: dma-debug compares bytes. */
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "[unmap size=12289 bytes]",
		       dma_free_coherent(&dev32, 3 * PAGE_SIZE + 1, cpu, dma));
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "has not allocated",
		       dma_free_coherent(&dev32, 3 * PAGE_SIZE, cpu, dma + PAGE_SIZE));
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "different CPU address",
		       dma_free_coherent(&dev32, 3 * PAGE_SIZE, (char *)cpu + PAGE_SIZE,
					 dma));
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "dev64: DMA-API: device driver tries to free",
		       dma_free_coherent(&dev64, 3 * PAGE_SIZE, cpu, dma));
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "has not allocated",
		       dma_free_coherent(&dev32, sizeof(x), &x, 0));
	ASSERT_EQ(dma_coherent_count(&dev32), 1);

	/* NULL is ignored, as Linux does. */
	dma_free_coherent(&dev32, 3 * PAGE_SIZE, NULL, dma);
	dma_free_coherent(&dev32, 3 * PAGE_SIZE, cpu, dma);
	assert_free_pages_restored(&before);
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "has not allocated",
		       dma_free_coherent(&dev32, 3 * PAGE_SIZE, cpu, dma));
	ASSERT_EQ(report_count(REPORT_DOUBLE_FREE), 0);
}

static void no_coherent_mask(void)
{
	struct device dev;
	dma_addr_t dma;

	boot();
	device_initialize(&dev, "nomask");
	dev.coherent_dma_mask = 0;
	EXPECT_REFUSED(REPORT_BAD_ARG, "nomask: WARNING: dma_alloc_coherent with no coherent DMA mask",
		       ASSERT_NULL(dma_alloc_coherent(&dev, PAGE_SIZE, &dma, GFP_KERNEL)));
	EXPECT_REFUSED(REPORT_BAD_ARG, "__GFP_COMP",
		       ASSERT_NULL(dma_alloc_coherent(&dev32, PAGE_SIZE, &dma,
						      GFP_KERNEL | __GFP_COMP)));
}

/* ---- pools -------------------------------------------------------------- */

static void pool_create_rules(void)
{
	struct dma_pool *pool;

	boot();
	ASSERT_NULL(dma_pool_create("p", NULL, 64, 8, 0));
	ASSERT_NULL(dma_pool_create("p", &dev32, 0, 8, 0));
	ASSERT_NULL(dma_pool_create("p", &dev32, (size_t)INT_MAX + 1, 8, 0));
	ASSERT_NULL(dma_pool_create("p", &dev32, 64, 24, 0));		/* align */
	ASSERT_NULL(dma_pool_create("p", &dev32, 64, 8, 32));		/* boundary < size */
	ASSERT_NULL(dma_pool_create("p", &dev32, 64, 8, 96));		/* not a power */
	ASSERT_NULL(dma_pool_create("p", &dev32, 24, 32, 16));		/* < rounded size */
	ASSERT_EQ(dma_pool_count(), 0);
	ASSERT_EQ(report_total(), 0);	/* Linux fails these quietly */

	/* Rounding: at least 16 bytes, then to the alignment. */
	pool = dma_pool_create("tiny", &dev32, 1, 0, 0);
	ASSERT_EQ(dma_pool_block_size(pool), 16);
	ASSERT_EQ(dma_pool_allocation(pool), PAGE_SIZE);
	dma_pool_destroy(pool);
	pool = dma_pool_create("round", &dev32, 24, 32, 0);
	ASSERT_EQ(dma_pool_block_size(pool), 32);
	dma_pool_destroy(pool);
	/* A block larger than a page: the pool page is the block's size. */
	pool = dma_pool_create("big", &dev32, 5000, 8, 0);
	ASSERT_EQ(dma_pool_block_size(pool), 5000);
	ASSERT_EQ(dma_pool_allocation(pool), 5000);
	dma_pool_destroy(pool);
	ASSERT_EQ(dma_pool_count(), 0);
}

struct shape {
	size_t size, align, boundary;
	size_t block;		/* expected rounded size */
	unsigned int per_page;	/* expected blocks per pool page */
};

/*
 * Per page: floor(boundary / block) blocks in each boundary segment, the
 * segments tiling the pool page.  Written out by hand for each shape.
 */
static const struct shape shapes[] = {
	{ 64, 64, 0, 64, 64 },
	{ 48, 16, 128, 48, 2 * 32 },		/* 2 per 128-byte segment */
	{ 100, 4, 256, 100, 2 * 16 },
	{ 24, 8, 64, 24, 2 * 64 },
	{ 3000, 8, 4096, 3000, 1 },
	{ 1000, 512, 2048, 1024, 4 },
	{ 8, 0, 0, 16, 256 },
	{ 6000, 0, 8192, 6000, 1 },
};

/* Every block of @s for three pool pages: the rules, block by block. */
static void check_shape(struct device *dev, const struct shape *s, u64 mask)
{
	struct dma_pool *pool = dma_pool_create("shape", dev, s->size, s->align,
						s->boundary);
	const size_t align = s->align ? s->align : 1;
	const unsigned int n = 3 * s->per_page;
	void **cpu = calloc(n, sizeof(*cpu));
	dma_addr_t *dma = calloc(n, sizeof(*dma));
	struct buddy_snapshot snap;

	buddy_snapshot(&snap);
	ASSERT_NOT_NULL(pool);
	ASSERT_EQ(dma_pool_block_size(pool), s->block);
	for (unsigned int i = 0; i < n; i++) {
		size_t bnd = s->boundary ? s->boundary : dma_pool_allocation(pool);

		cpu[i] = dma_pool_alloc(pool, GFP_KERNEL, &dma[i]);
		ASSERT_NOT_NULL(cpu[i]);
		ASSERT_EQ(dma[i], __pa(cpu[i]));
		ASSERT_TRUE(dma[i] + s->block - 1 <= mask);
		ASSERT_EQ(dma[i] % align, 0);
		/* never across a boundary */
		ASSERT_EQ(dma[i] / bnd, (dma[i] + s->block - 1) / bnd);
		/* no overlap with any block handed out before */
		for (unsigned int j = 0; j < i; j++)
			ASSERT_TRUE(dma[j] + s->block <= dma[i] ||
				    dma[i] + s->block <= dma[j]);
		memset(cpu[i], (int)i, s->block);
	}
	/* Exactly full pages: the blocks per page are what the rules give. */
	ASSERT_EQ(dma_pool_pages(pool), 3);
	ASSERT_EQ(dma_pool_active(pool), n);
	ASSERT_EQ(dma_coherent_count(dev), 3);
	for (unsigned int i = 0; i < n; i++) {
		const unsigned char *c = cpu[i];

		ASSERT_TRUE(c[0] == (unsigned char)i &&
			    c[s->block - 1] == (unsigned char)i);
		dma_pool_free(pool, cpu[i], dma[i]);
	}
	ASSERT_EQ(dma_pool_active(pool), 0);
	dma_pool_destroy(pool);
	ASSERT_EQ(dma_coherent_count(dev), 0);
	free(cpu);
	free(dma);
	ASSERT_EQ(report_total(), 0);
	(void)snap;
}

static void pool_alignment_and_boundary(void)
{
	struct buddy_snapshot snap;

	boot();
	buddy_snapshot(&snap);
	for (unsigned int i = 0; i < ARRAY_SIZE(shapes); i++) {
		check_shape(&isa, &shapes[i], DMA_BIT_MASK(24));
		check_shape(&dev64, &shapes[i], DMA_BIT_MASK(64));
	}
	assert_free_pages_restored(&snap);
}

/* Freed blocks come back LIFO; only zalloc zeroes a reused block. */
static void pool_reuse_and_zalloc(void)
{
	struct dma_pool *pool;
	dma_addr_t a, b, c;
	unsigned char *p, *q;

	boot();
	pool = dma_pool_create("reuse", &dev32, 128, 128, 0);
	p = dma_pool_alloc(pool, GFP_KERNEL, &a);
	ASSERT_TRUE(all_zero(p, 128));	/* a fresh coherent page */
	memset(p, 0x5a, 128);
	dma_pool_free(pool, p, a);
	q = dma_pool_alloc(pool, GFP_KERNEL, &b);
	ASSERT_TRUE(q == p && b == a);
	ASSERT_EQ(q[0], 0x5a);		/* plain alloc keeps old contents */
	dma_pool_free(pool, q, b);
	q = dma_pool_zalloc(pool, GFP_KERNEL, &c);
	ASSERT_TRUE(q == p && c == a);
	ASSERT_TRUE(all_zero(q, 128));
	dma_pool_free(pool, q, c);
	dma_pool_destroy(pool);
}

static void pool_misuse(void)
{
	struct buddy_snapshot before, mid;
	struct dma_pool *pool, *other;
	dma_addr_t a, b, o;
	char *p, *q, *r;
	void *k;

	boot();
	buddy_snapshot(&before);
	pool = dma_pool_create("misuse", &dev32, 64, 64, 0);
	other = dma_pool_create("other", &dev32, 64, 64, 0);
	p = dma_pool_alloc(pool, GFP_KERNEL, &a);
	q = dma_pool_alloc(pool, GFP_KERNEL, &b);
	r = dma_pool_alloc(other, GFP_KERNEL, &o);
	k = kmalloc(64, GFP_KERNEL);
	ASSERT_TRUE(p && q && r && k);
	dma_pool_free(pool, q, b);
	buddy_snapshot(&mid);

	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "dma_pool_free misuse", dma_pool_free(pool, q, b));
	ASSERT_REPORT_HAS("already free");
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "(bad vaddr)", dma_pool_free(pool, r, o));
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "(bad vaddr)", dma_pool_free(pool, k, __pa(k)));
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "not a block", dma_pool_free(pool, p + 8, a + 8));
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "(bad dma)", dma_pool_free(pool, p, a + 64));
	EXPECT_REFUSED(REPORT_DMA_BAD_FREE, "(bad vaddr)", dma_pool_free(pool, NULL, 0));
	ASSERT_EQ(dma_pool_active(pool), 1);

	/* Destroy with a live block: Linux's line, and the pool stays. */
	EXPECT_REFUSED(REPORT_DMA_POOL_BUSY, "dev32: dma_pool_destroy misuse, 0x",
		       dma_pool_destroy(pool));
	ASSERT_REPORT_HAS("busy");
	ASSERT_EQ(dma_pool_count(), 2);
	ASSERT_EQ(p[0], 0);
	memset(p, 1, 64);		/* still ours */
	assert_free_pages_restored(&mid);

	dma_pool_free(pool, p, a);
	dma_pool_free(other, r, o);
	dma_pool_destroy(pool);
	dma_pool_destroy(other);
	dma_pool_destroy(NULL);
	kfree(k);
	kmem_cache_shrink_all();
	ASSERT_EQ(dma_pool_count(), 0);
	ASSERT_EQ(dma_coherent_count(NULL), 0);
	assert_free_pages_restored(&before);
}

/* A pool page that cannot be had: NULL, handle untouched, nothing kept. */
static void pool_alloc_failure(void)
{
	struct dma_pool *pool;
	dma_addr_t dma = 7;

	boot();
	pool = dma_pool_create("huge", &dev32, 8 * MiB, 0, 0);
	ASSERT_NOT_NULL(pool);
	ASSERT_NULL(dma_pool_alloc(pool, GFP_KERNEL | __GFP_NOWARN, &dma));
	ASSERT_EQ(dma, 7);
	ASSERT_EQ(dma_pool_pages(pool), 0);
	ASSERT_EQ(dma_pool_active(pool), 0);
	dma_pool_destroy(pool);
	ASSERT_EQ(report_total(), 0);
}

TEST_MAIN("dma",
	TEST_CASE(mask_rules),
	TEST_CASE(zone_per_mask),
	TEST_CASE(zone_modifiers_stripped),
	TEST_CASE(narrow_mask_retries_lower_zone),
	TEST_CASE(size_limits),
	TEST_CASE(coherent_memory_is_zeroed),
	TEST_CASE(bad_coherent_frees),
	TEST_CASE(no_coherent_mask),
	TEST_CASE(pool_create_rules),
	TEST_CASE(pool_alignment_and_boundary),
	TEST_CASE(pool_reuse_and_zalloc),
	TEST_CASE(pool_misuse),
	TEST_CASE(pool_alloc_failure))
