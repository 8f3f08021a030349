/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nodes, zones and the free lists of the buddy allocator.
 *
 * Every node has all MAX_NR_ZONES zones; a zone the arch does not have
 * (ZONE_DMA32 on i386, ZONE_HIGHMEM on x86-64) simply never has pages.
 * Zone z of a node spans the node's pfns in [zone_start(z), zone_end(z)),
 * where the limits come from <asm/dma.h> and MAXMEM.
 */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/cache.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/spinlock.h>
#include "arch/arch.h"

#define MAX_PAGE_ORDER		10	/* largest block: 4 MiB */
#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES	(1UL << MAX_PAGE_ORDER)
#define MAX_NUMNODES		8

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	MAX_NR_ZONES
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	NR_WMARK
};

struct free_area {
	struct list_head	free_list;
	unsigned long		nr_free;	/* blocks, not pages */
};

/*
 * Per-CPU lists of free blocks: one list per order 0..PAGE_ALLOC_COSTLY_ORDER
 * and one for pageblock_order, as Linux has kept them since 5.14.
 * Allocations of those orders take from their list and refill it from the
 * free lists (@batch pages' worth, at least two blocks); frees add to it
 * and give blocks back once @count, in pages over all lists, reaches @high.
 * Pages here are not counted in the zone's free pages, as in Linux.
 *
 * Thread mode: @lock (Linux 6.x's pcp->lock) is taken by the owning CPU
 * around every use and by drain_all_pages() to drain another CPU's lists,
 * as Linux drains remotely; it nests outside zone->lock.
 */
#define PAGE_ALLOC_COSTLY_ORDER	3
#define pageblock_order		(PMD_SHIFT - PAGE_SHIFT < MAX_PAGE_ORDER ? \
				 PMD_SHIFT - PAGE_SHIFT : MAX_PAGE_ORDER)
#define NR_PCP_LISTS		(PAGE_ALLOC_COSTLY_ORDER + 2)

struct per_cpu_pages {
	spinlock_t		lock;
	int			count;		/* pages, all lists */
	int			high;
	int			batch;
	struct list_head	lists[NR_PCP_LISTS];
} ____cacheline_aligned_in_smp;

/* Which per-CPU list holds blocks of @order, or -1 if none does. */
static inline int order_to_pindex(unsigned int order)
{
	if (order <= PAGE_ALLOC_COSTLY_ORDER)
		return (int)order;
	return order == pageblock_order ? PAGE_ALLOC_COSTLY_ORDER + 1 : -1;
}

static inline unsigned int pindex_to_order(int pindex)
{
	return pindex <= PAGE_ALLOC_COSTLY_ORDER ? (unsigned int)pindex :
						   pageblock_order;
}

/* A run of pfns, [start, end). */
struct pfn_range {
	unsigned long		start;
	unsigned long		end;
};

/* How many pfns of [start, end) lie in the @nr disjoint @ranges. */
static inline unsigned long pfn_ranges_overlap(const struct pfn_range *ranges,
					       unsigned int nr,
					       unsigned long start,
					       unsigned long end)
{
	unsigned long n = 0;

	for (unsigned int i = 0; i < nr; i++) {
		unsigned long s = ranges[i].start > start ? ranges[i].start : start;
		unsigned long e = ranges[i].end < end ? ranges[i].end : end;

		if (s < e)
			n += e - s;
	}
	return n;
}

struct pglist_data;

struct zone {
	/* Read by every allocation: watermarks and protection of lower zones. */
	unsigned long		_watermark[NR_WMARK];
	/* Added to every watermark: memory pressure injected on purpose. */
	unsigned long		watermark_boost;
	long			lowmem_reserve[MAX_NR_ZONES];

	struct pglist_data	*zone_pgdat;
	const char		*name;
	unsigned long		zone_start_pfn;
	unsigned long		spanned_pages;
	unsigned long		present_pages;
	unsigned long		managed_pages;

	/*
	 * Thread mode: @lock (smp_spin_lock()) guards the free lists, the
	 * deferred ranges and the struct pages of free blocks; free_pages is
	 * written under it and read without it (zone_free_pages()).
	 */
	spinlock_t		lock;
	/*
	 * free_pages = sum(free_area[o].nr_free << o) + deferred_pages:
	 * Linux's NR_FREE_PAGES, with not-yet-initialised pages counted as
	 * the free memory they are.
	 */
	unsigned long		free_pages;
	struct free_area	free_area[NR_PAGE_ORDERS];
	/* Linux's NR_SLAB_*: pages held by slabs and large kmallocs. */
	unsigned long		slab_pages;
	struct per_cpu_pages	pcp[NR_CPUS];

	/* Deferred init: RAM of this zone no free list has seen yet. */
	struct pfn_range	*deferred;
	unsigned int		nr_deferred;
	unsigned int		deferred_next;	/* index into deferred[] */
	unsigned long		deferred_pages;
};

/* One entry of a zonelist; the list ends with a NULL zone. */
struct zoneref {
	struct zone		*zone;
	int			zone_idx;
};

enum {
	ZONELIST_FALLBACK,	/* every node, nearest first */
	ZONELIST_NOFALLBACK,	/* this node only: __GFP_THISNODE */
	MAX_ZONELISTS
};

struct zonelist {
	struct zoneref		_zonerefs[MAX_NUMNODES * MAX_NR_ZONES + 1];
};

typedef struct pglist_data {
	struct zone		node_zones[MAX_NR_ZONES];
	struct zonelist		node_zonelists[MAX_ZONELISTS];
	int			node_id;
	unsigned long		node_start_pfn;
	unsigned long		node_spanned_pages;
} pg_data_t;

extern const char * const zone_names[MAX_NR_ZONES];

static inline int zone_idx(const struct zone *zone)
{
	return (int)(zone - zone->zone_pgdat->node_zones);
}

static inline bool is_highmem_idx(int idx)
{
	return idx == ZONE_HIGHMEM;
}

static inline bool is_highmem(const struct zone *zone)
{
	return is_highmem_idx(zone_idx(zone));
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return pfn >= zone->zone_start_pfn && pfn < zone_end_pfn(zone);
}

static inline unsigned long wmark_pages(const struct zone *z,
					enum zone_watermarks w)
{
	return z->_watermark[w] + z->watermark_boost;
}

static inline unsigned long min_wmark_pages(const struct zone *z)
{
	return wmark_pages(z, WMARK_MIN);
}

static inline unsigned long low_wmark_pages(const struct zone *z)
{
	return wmark_pages(z, WMARK_LOW);
}

static inline unsigned long high_wmark_pages(const struct zone *z)
{
	return wmark_pages(z, WMARK_HIGH);
}

/* Does this architecture have zones of type @idx at all? */
static inline bool zone_type_exists(int idx)
{
	if (idx == ZONE_DMA32)
		return ARCH_HAS_ZONE_DMA32;
	if (idx == ZONE_HIGHMEM)
		return ARCH_HAS_HIGHMEM;
	return true;
}

pg_data_t *NODE_DATA(int nid);
int num_online_nodes(void);
struct zone *first_zone(void);
struct zone *next_zone(struct zone *zone);

#define for_each_zone(zone) \
	for (zone = first_zone(); zone; zone = next_zone(zone))
#define for_each_populated_zone(zone) \
	for_each_zone(zone) \
		if (!populated_zone(zone)) ; else
#define for_each_online_node(nid) \
	for (nid = 0; nid < num_online_nodes(); nid++)

#endif /* _LINUX_MMZONE_H */
