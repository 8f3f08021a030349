// SPDX-License-Identifier: GPL-2.0
/*
 * DMA pools: small coherent blocks carved from dma_alloc_coherent() pages,
 * as Linux's mm/dmapool.c.
 *
 * A pool page is `allocation` = max(size, PAGE_SIZE) bytes of coherent
 * memory; its blocks sit at the offsets pool_block_offsets() computes once
 * per pool, Linux's pool_initialise_page() walk: consecutive blocks, except
 * that a block which would cross a multiple of the boundary starts at that
 * multiple instead.  Pages are never given back before dma_pool_destroy(),
 * as in Linux.
 *
 * Linux threads its free list through the free blocks themselves and can
 * tell a double free only with DMAPOOL_DEBUG.  Here the bookkeeping is in
 * host memory beside the blocks: a LIFO stack of free blocks (so the block
 * freed last is the one handed out next, as Linux's list does) and a busy
 * flag per block, so every bad free is caught and nothing a driver writes
 * into its blocks can corrupt the pool.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dmapool.h>
#include <linux/list.h>
#include <linux/report.h>
#include <linux/sched.h>

#include "internal.h"

/* Linux's struct dma_block: the free-list link a block must hold. */
#define DMA_POOL_MIN_BLOCK	16

struct dma_page {
	struct list_head	page_list;
	void			*vaddr;
	dma_addr_t		dma;
	bool			*busy;		/* per block */
};

struct dma_free_block {
	struct dma_page		*page;
	unsigned int		block;
};

struct dma_pool {
	struct list_head	pools;
	struct list_head	page_list;
	struct device		*dev;
	size_t			size;		/* rounded block size */
	size_t			allocation;	/* bytes of one pool page */
	size_t			boundary;
	unsigned int		*offsets;	/* of each block in a page */
	unsigned int		blocks_per_page;
	unsigned int		nr_pages;
	unsigned int		nr_active;
	struct dma_free_block	*free;		/* LIFO of free blocks */
	unsigned int		nr_free;
	char			name[32];
};

static struct list_head dma_pools = LIST_HEAD_INIT(dma_pools);

/* The block offsets of a page: Linux's pool_initialise_page() walk. */
static unsigned int pool_block_offsets(const struct dma_pool *pool,
				       unsigned int *offsets)
{
	size_t offset = 0, next_boundary = pool->boundary;
	unsigned int n = 0;

	while (offset + pool->size <= pool->allocation) {
		if (offset + pool->size > next_boundary) {
			offset = next_boundary;
			next_boundary += pool->boundary;
			continue;
		}
		if (offsets)
			offsets[n] = (unsigned int)offset;
		n++;
		offset += pool->size;
	}
	return n;
}

struct dma_pool *dma_pool_create(const char *name, struct device *dev,
				 size_t size, size_t align, size_t boundary)
{
	struct dma_pool *pool;
	size_t allocation;

	might_sleep();
	if (!dev)
		return NULL;
	if (align == 0)
		align = 1;
	else if (align & (align - 1))
		return NULL;
	if (size == 0 || size > INT_MAX)
		return NULL;
	size = ALIGN(max(size, (size_t)DMA_POOL_MIN_BLOCK), align);
	allocation = max(size, (size_t)PAGE_SIZE);
	if (!boundary)
		boundary = allocation;
	else if (boundary < size || (boundary & (boundary - 1)))
		return NULL;

	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return NULL;
	snprintf(pool->name, sizeof(pool->name), "%s", name ? name : "");
	pool->dev = dev;
	pool->size = size;
	pool->allocation = allocation;
	pool->boundary = min(boundary, allocation);
	INIT_LIST_HEAD(&pool->page_list);
	pool->blocks_per_page = pool_block_offsets(pool, NULL);
	pool->offsets = calloc(pool->blocks_per_page, sizeof(*pool->offsets));
	if (!pool->offsets) {
		free(pool);
		return NULL;
	}
	pool_block_offsets(pool, pool->offsets);
	list_add_tail(&pool->pools, &dma_pools);
	return pool;
}

/* A new pool page, its blocks pushed so the lowest is handed out first. */
static bool pool_alloc_page(struct dma_pool *pool, gfp_t gfp)
{
	unsigned int blocks = pool->blocks_per_page;
	struct dma_free_block *stack;
	struct dma_page *page;

	stack = realloc(pool->free, (size_t)(pool->nr_pages + 1) * blocks *
				    sizeof(*stack));
	if (!stack)
		return false;
	pool->free = stack;
	page = calloc(1, sizeof(*page));
	if (page)
		page->busy = calloc(blocks, sizeof(*page->busy));
	if (!page || !page->busy)
		goto fail;
	page->vaddr = dma_alloc_coherent(pool->dev, pool->allocation, &page->dma, gfp);
	if (!page->vaddr)
		goto fail;
	list_add_tail(&page->page_list, &pool->page_list);
	pool->nr_pages++;
	for (unsigned int i = blocks; i-- > 0;)
		pool->free[pool->nr_free++] = (struct dma_free_block){ page, i };
	return true;
fail:
	if (page)
		free(page->busy);
	free(page);
	return false;
}

void *dma_pool_alloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle)
{
	struct dma_free_block b;
	size_t offset;
	void *block;

	might_alloc(gfp);
	if (!pool->nr_free && !pool_alloc_page(pool, gfp & ~__GFP_ZERO))
		return NULL;
	b = pool->free[--pool->nr_free];
	b.page->busy[b.block] = true;
	pool->nr_active++;
	offset = pool->offsets[b.block];
	block = (char *)b.page->vaddr + offset;
	if (gfp & __GFP_ZERO)
		memset(block, 0, pool->size);
	*handle = b.page->dma + offset;
	return block;
}

void *dma_pool_zalloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle)
{
	return dma_pool_alloc(pool, gfp | __GFP_ZERO, handle);
}

/* The page of @pool that holds @vaddr, or NULL. */
static struct dma_page *pool_find_page(struct dma_pool *pool, const void *vaddr)
{
	struct dma_page *page;

	list_for_each_entry(page, &pool->page_list, page_list) {
		const char *start = page->vaddr;

		if ((const char *)vaddr >= start &&
		    (const char *)vaddr < start + pool->allocation)
			return page;
	}
	return NULL;
}

/* The index of the block starting at @offset, or -1. */
static int pool_block_index(const struct dma_pool *pool, size_t offset)
{
	unsigned int lo = 0, hi = pool->blocks_per_page;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (pool->offsets[mid] < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pool->blocks_per_page && pool->offsets[lo] == offset ?
	       (int)lo : -1;
}

static void bad_pool_free(const struct dma_pool *pool, const void *vaddr,
			  dma_addr_t dma, const char *why)
{
	report_begin(REPORT_DMA_BAD_FREE, "%s: dma_pool_free %s, %#lx/%#llx %s",
		     dev_name(pool->dev), pool->name, host_to_kva(vaddr),
		     (unsigned long long)dma, why);
	report_end();
}

void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t dma)
{
	struct dma_page *page = pool_find_page(pool, vaddr);
	size_t offset;
	int block;

	if (!page) {
		bad_pool_free(pool, vaddr, dma, "(bad vaddr)");
		return;
	}
	offset = (size_t)((char *)vaddr - (char *)page->vaddr);
	block = pool_block_index(pool, offset);
	if (block < 0) {
		bad_pool_free(pool, vaddr, dma, "(bad vaddr: not a block)");
		return;
	}
	if (dma != page->dma + offset) {
		bad_pool_free(pool, vaddr, dma, "(bad dma)");
		return;
	}
	if (!page->busy[block]) {
		bad_pool_free(pool, vaddr, dma, "already free");
		return;
	}
	page->busy[block] = false;
	pool->nr_active--;
	pool->free[pool->nr_free++] = (struct dma_free_block){ page, (unsigned int)block };
}

/* Forget @pool's host metadata; its pages are already freed or go with RAM. */
static void pool_release(struct dma_pool *pool)
{
	struct dma_page *page, *next;

	list_for_each_entry_safe(page, next, &pool->page_list, page_list) {
		free(page->busy);
		free(page);
	}
	list_del(&pool->pools);
	free(pool->free);
	free(pool->offsets);
	free(pool);
}

/* The busy report: Linux's line for the first busy page, then the rest. */
static void pool_report_busy(const struct dma_pool *pool)
{
	const struct dma_page *page;
	bool first = true;

	list_for_each_entry(page, &pool->page_list, page_list) {
		unsigned int busy = 0;

		for (unsigned int i = 0; i < pool->blocks_per_page; i++)
			busy += page->busy[i];
		if (!busy)
			continue;
		if (first)
			report_begin(REPORT_DMA_POOL_BUSY,
				     "%s: dma_pool_destroy %s, %#lx busy",
				     dev_name(pool->dev), pool->name,
				     host_to_kva(page->vaddr));
		else
			report_line("dma_pool_destroy %s, %#lx busy", pool->name,
				    host_to_kva(page->vaddr));
		report_line("(%u of %u blocks of %zu bytes in use in this page)",
			    busy, pool->blocks_per_page, pool->size);
		first = false;
	}
	report_line("pool kept: free the blocks, then destroy it again");
	report_end();
}

void dma_pool_destroy(struct dma_pool *pool)
{
	struct dma_page *page;

	if (!pool)
		return;
	if (pool->nr_active) {
		pool_report_busy(pool);
		return;
	}
	list_for_each_entry(page, &pool->page_list, page_list)
		dma_free_coherent(pool->dev, pool->allocation, page->vaddr, page->dma);
	pool_release(pool);
}

unsigned int dma_pool_active(const struct dma_pool *pool)
{
	return pool->nr_active;
}

unsigned int dma_pool_pages(const struct dma_pool *pool)
{
	return pool->nr_pages;
}

size_t dma_pool_block_size(const struct dma_pool *pool)
{
	return pool->size;
}

size_t dma_pool_allocation(const struct dma_pool *pool)
{
	return pool->allocation;
}

unsigned long dma_pool_count(void)
{
	const struct dma_pool *pool;
	unsigned long n = 0;

	list_for_each_entry(pool, &dma_pools, pools)
		n++;
	return n;
}

void dmapool_exit(void)
{
	struct dma_pool *pool, *next;

	list_for_each_entry_safe(pool, next, &dma_pools, pools)
		pool_release(pool);
}
