/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA pools (mm/dmapool.c): small fixed-size coherent blocks for one
 * device, carved from dma_alloc_coherent() pages, as Linux's mm/dmapool.c.
 *
 * Linux's rules: the block size is rounded up to the alignment (and to at
 * least 16 bytes, a free-list link); the alignment and a non-zero boundary
 * are powers of two, the boundary at least the block size; no block crosses
 * a multiple of the boundary, in bus addresses as in CPU addresses; a pool
 * "page" is max(size, PAGE_SIZE) bytes of coherent memory and stays in the
 * pool until dma_pool_destroy().
 */
#ifndef _LINUX_DMAPOOL_H
#define _LINUX_DMAPOOL_H

#include <linux/dma-mapping.h>

struct dma_pool;

/**
 * dma_pool_create() - a pool of @size-byte coherent blocks for @dev.
 * @name:	shown in reports; copied (at most 31 characters kept).
 * @dev:	the device the blocks are for.
 * @size:	block size, 1..INT_MAX; rounded up to @align (and to 16).
 * @align:	0 (byte alignment) or a power of two.
 * @boundary:	0 (none beyond the pool page) or a power of two >= the
 *		rounded size: no block crosses a multiple of it.
 *
 * Context: process context; may sleep.
 * Return: the pool, or NULL without a report for a NULL @dev, a zero or
 * too large @size, an @align or @boundary breaking the rules above (Linux
 * fails these quietly too), or no host memory for the pool's metadata.
 */
struct dma_pool *dma_pool_create(const char *name, struct device *dev,
				 size_t size, size_t align, size_t boundary);

/**
 * dma_pool_alloc() - one block from @pool.
 * @gfp: reclaim modifiers for a new pool page; __GFP_ZERO zeroes the block.
 * @handle: receives the block's bus address.
 * Context: as @gfp allows.
 * Return: the block's CPU address, or NULL (*@handle untouched) when no
 * free block is left and no new page could be had.
 */
void *dma_pool_alloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle);

/* dma_pool_alloc() of a zeroed block (its whole rounded size). */
void *dma_pool_zalloc(struct dma_pool *pool, gfp_t gfp, dma_addr_t *handle);

/**
 * dma_pool_free() - give a block back to its pool.
 * Context: any.  A @vaddr of no block of @pool, a @dma that is not that
 * block's bus address, or a block that is already free is reported
 * (REPORT_DMA_BAD_FREE, Linux's "dma_pool_free <name>, ..." wording) and
 * refused.  A NULL @vaddr is that too: Linux does not accept it either.
 */
void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t dma);

/**
 * dma_pool_destroy() - free @pool and all its pages.  NULL is ignored.
 * Context: process context.  With blocks still in use, Linux reports
 * "dma_pool_destroy <name>, <addr> busy" and leaks their pages; here the
 * report (REPORT_DMA_POOL_BUSY) comes and the destroy is refused: the pool
 * and its blocks stay valid, so the caller can free them and destroy again.
 */
void dma_pool_destroy(struct dma_pool *pool);

/* Blocks of @pool in use. */
unsigned int dma_pool_active(const struct dma_pool *pool);
/* Pool pages @pool holds. */
unsigned int dma_pool_pages(const struct dma_pool *pool);
/* The block size after rounding, and the bytes of one pool page. */
size_t dma_pool_block_size(const struct dma_pool *pool);
size_t dma_pool_allocation(const struct dma_pool *pool);

/* Live pools of every device. */
unsigned long dma_pool_count(void);

#endif /* _LINUX_DMAPOOL_H */
