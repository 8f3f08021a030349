/* SPDX-License-Identifier: GPL-2.0 */
/* The page allocator's API: GFP masks in, pages out. */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/gfp_types.h>
#include <linux/mm.h>

/* No zone: the mask combines zone modifiers that contradict each other. */
#define ZONE_BAD	(-1)

/**
 * gfp_zone() - highest zone an allocation with @flags may use.
 * Return: a zone_type, or ZONE_BAD for an invalid combination of zone
 * modifiers (__GFP_DMA with __GFP_DMA32 or __GFP_HIGHMEM, or __GFP_DMA32
 * with __GFP_HIGHMEM).
 */
static inline int gfp_zone(gfp_t flags)
{
	const int opt_dma32 = ARCH_HAS_ZONE_DMA32 ? ZONE_DMA32 : ZONE_NORMAL;
	const int opt_highmem = ARCH_HAS_HIGHMEM ? ZONE_HIGHMEM : ZONE_NORMAL;

	switch (flags & (__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM)) {
	case 0:			return ZONE_NORMAL;
	case __GFP_DMA:		return ZONE_DMA;
	case __GFP_DMA32:	return opt_dma32;
	case __GFP_HIGHMEM:	return opt_highmem;
	default:		return ZONE_BAD;
	}
}

static inline bool gfpflags_allow_blocking(gfp_t flags)
{
	return flags & __GFP_DIRECT_RECLAIM;
}

/**
 * alloc_pages() - allocate 2^@order contiguous pages.
 * @gfp: GFP flags; the zone modifiers choose the highest zone.
 * @order: 0..MAX_PAGE_ORDER.
 *
 * Below the low watermark the slow path runs (mm/page_alloc.c): masks
 * without __GFP_DIRECT_RECLAIM (GFP_ATOMIC, GFP_NOWAIT) fail at once,
 * GFP_ATOMIC and __GFP_HIGH after dipping below min; others reclaim (per-CPU
 * lists, shrinkers) and retry: __GFP_NORETRY once, costly orders (> 3)
 * once unless __GFP_RETRY_MAYFAIL, others up to 16 rounds.  Then
 * __GFP_RETRY_MAYFAIL fails, and so do __GFP_THISNODE (killing cannot
 * free memory on one node) and masks without __GFP_FS (GFP_NOFS, GFP_NOIO
 * and their scopes: Linux retries them for ever), while small orders and
 * __GFP_NOFAIL get the out-of-memory report (REPORT_OOM; there is no
 * process to kill).
 * __GFP_NOFAIL then takes from all reserves, ignoring the watermarks, and
 * returns NULL only if no zone it may use has a single free block left.
 *
 * Context: any, as the GFP mask allows; with __GFP_DIRECT_RECLAIM it may
 * sleep (might_sleep() reports atomic callers).
 * Return: the first page, with _refcount 1, or NULL on failure, after a
 * "page allocation failure" warning (REPORT_ALLOC_FAIL) unless
 * __GFP_NOWARN; a failure injected by fail_page_alloc returns NULL without
 * it.  An @order above MAX_PAGE_ORDER or an invalid zone combination in
 * @gfp is reported and returns NULL.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);

/**
 * alloc_pages_node() - alloc_pages() starting from node @nid.
 * @nid: a node, or -1 for the current CPU's node (node 0 here).
 * Return: as alloc_pages(); an offline @nid is reported and returns NULL.
 */
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);

static inline struct page *alloc_page(gfp_t gfp)
{
	return alloc_pages(gfp, 0);
}

/**
 * __get_free_pages() - allocate pages and return their direct-map address.
 * __GFP_HIGHMEM is masked out: the pages must have an address.
 * Return: the host address as an unsigned long, or 0 on failure.
 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);

static inline unsigned long __get_free_page(gfp_t gfp)
{
	return __get_free_pages(gfp, 0);
}

/* One zeroed page from the direct map, or 0. */
unsigned long get_zeroed_page(gfp_t gfp);

/**
 * __free_pages() - give back 2^@order pages obtained with that order.
 *
 * Drops one reference; the pages go back to the allocator when it was the
 * last.  A NULL or foreign @page, a page that is already free, a tail page
 * of a larger block, an @order other than the one allocated, a reserved or
 * page-table or slab page: each is reported ("BUG: Bad page state") and
 * refused, leaving the allocator as it was.
 */
void __free_pages(struct page *page, unsigned int order);

/**
 * free_pages() - __free_pages() by direct-map address.
 * @addr: 0 is ignored; an address outside the direct map is reported and
 * refused.
 */
void free_pages(unsigned long addr, unsigned int order);

#define __free_page(page)	__free_pages((page), 0)
#define free_page(addr)		free_pages((addr), 0)

/**
 * alloc_pages_exact() - exactly PAGE_ALIGN(@size) bytes of contiguous pages.
 * Takes a block of get_order(@size), splits it into order-0 pages
 * (split_page()) and gives the surplus tail pages straight back to the
 * free lists, as Linux's make_alloc_exact() does.  __GFP_HIGHMEM and
 * __GFP_COMP are a caller bug: reported (REPORT_BAD_ARG) and masked out,
 * as Linux warns once and masks them.
 * Context: as @gfp allows.
 * Return: the direct-map address, or NULL on failure (a @size of 0 or
 * above 4 MiB fails in the page allocator, with its order warning).
 */
void *alloc_pages_exact(size_t size, gfp_t gfp);

/**
 * free_pages_exact() - free what alloc_pages_exact(@size) returned.
 * Every page of the range must be an allocated order-0 page; the first one
 * that is not (already free, the tail or head of another block, a slab or
 * page-table page, outside the direct map) gets free_page()'s own report
 * and refusal, and no page of the range is freed.  NULL is ignored.
 * Context: any.
 */
void free_pages_exact(void *virt, size_t size);

/**
 * split_page() - turn an allocated block of @order into 2^@order
 * allocated order-0 pages, each freed on its own with __free_page().
 * Context: any.  @page must be the head of a live block of @order with a
 * single reference (a caller bug otherwise, reported and refused).
 */
void split_page(struct page *page, unsigned int order);

/* Take another reference on an allocated page. */
void get_page(struct page *page);

/**
 * drain_local_pages() - return the current CPU's per-CPU pages of @zone
 * (of every zone if NULL) to the free lists.
 */
void drain_local_pages(struct zone *zone);

/* drain_local_pages() on every CPU. */
void drain_all_pages(struct zone *zone);

/* Free pages of all zones (NR_FREE_PAGES): per-CPU lists not included. */
unsigned long nr_free_pages(void);

#endif /* _LINUX_GFP_H */
