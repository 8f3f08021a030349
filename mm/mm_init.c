// SPDX-License-Identifier: GPL-2.0
/*
 * Nodes and zones at boot: spans, counters, zonelists, watermarks, per-CPU
 * lists, and deferred initialisation of the free lists.
 *
 * Deferred init follows Linux's DEFERRED_STRUCT_PAGE_INIT in spirit and goes
 * further: no free page is put on a free list at boot.  Each zone keeps the
 * ranges of managed pages it has not yet touched, and deferred_grow_zone()
 * frees them into the buddy allocator one block at a time when the free
 * lists run short.  Their struct pages stay all zero until then, which is
 * exactly the state of a free page on no list.  This is what makes a 4 GiB
 * machine boot as fast as a 64 MiB one, and what lets teardown reset only
 * the struct pages of the blocks grown (mm/ram.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/report.h>

#include "internal.h"

const char * const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA]	= "DMA",
	[ZONE_DMA32]	= "DMA32",
	[ZONE_NORMAL]	= "Normal",
	[ZONE_HIGHMEM]	= "HighMem",
};

/* Zone z covers pfns [zone_limit[z], zone_limit[z + 1]) of every node. */
static const unsigned long zone_limit[MAX_NR_ZONES + 1] = {
	0, MAX_DMA_PFN, MAX_DMA32_PFN, MAXMEM >> PAGE_SHIFT, ULONG_MAX,
};

/* Linux's sysctl_lowmem_reserve_ratio defaults. */
static const int lowmem_reserve_ratio[MAX_NR_ZONES] = {
	[ZONE_DMA] = 256, [ZONE_DMA32] = 256, [ZONE_NORMAL] = 32,
	[ZONE_HIGHMEM] = 0,
};

static const int watermark_scale_factor = 10;	/* per 10000 of managed */

pg_data_t *NODE_DATA(int nid)
{
	return &machine.node_data[nid];
}

int num_online_nodes(void)
{
	return (int)machine.nr_nodes;
}

struct zone *first_zone(void)
{
	return machine.nr_nodes ? machine.node_data[0].node_zones : NULL;
}

struct zone *next_zone(struct zone *zone)
{
	pg_data_t *pgdat = zone->zone_pgdat;

	if (zone < pgdat->node_zones + MAX_NR_ZONES - 1)
		return zone + 1;
	if (pgdat->node_id + 1 < num_online_nodes())
		return NODE_DATA(pgdat->node_id + 1)->node_zones;
	return NULL;
}

int pfn_to_nid(unsigned long pfn)
{
	for (int nid = num_online_nodes() - 1; nid > 0; nid--)
		if (pfn >= NODE_DATA(nid)->node_start_pfn)
			return nid;
	return 0;
}

struct zone *pfn_zone(unsigned long pfn)
{
	int z = ZONE_DMA;

	while (pfn >= zone_limit[z + 1])
		z++;
	return &NODE_DATA(pfn_to_nid(pfn))->node_zones[z];
}

/* The pfn before which @pages pages of RAM lie. */
static unsigned long pfn_after_ram_pages(unsigned long pages)
{
	for (unsigned int i = 0; i < machine.nr_ram; i++) {
		unsigned long len = machine.ram[i].end - machine.ram[i].start;

		if (pages <= len)
			return machine.ram[i].start + pages;
		pages -= len;
	}
	return machine.max_pfn;
}

/*
 * Equal shares of RAM per node, boundaries rounded up to a max-order block
 * so that no buddy pair straddles two nodes.
 */
bool numa_split(unsigned int nr_nodes)
{
	unsigned long total = ram_pages_in(0, machine.max_pfn);
	unsigned long start = 0;

	for (unsigned int nid = 0; nid < nr_nodes; nid++) {
		unsigned long end = machine.max_pfn;
		pg_data_t *pgdat = NODE_DATA((int)nid);

		if (nid + 1 < nr_nodes) {
			end = pfn_after_ram_pages(total * (nid + 1) / nr_nodes);
			end = min(ALIGN(end, MAX_ORDER_NR_PAGES), machine.max_pfn);
		}
		if (end <= start || ram_pages_in(start, end) == 0) {
			report_begin(REPORT_BAD_BOOT,
				     "BUG: bad boot map: node %u would have no RAM",
				     nid);
			report_line("%lu pages of RAM cannot be split into %u nodes of whole %lu-page blocks",
				    total, nr_nodes, MAX_ORDER_NR_PAGES);
			report_end();
			return false;
		}
		pgdat->node_id = (int)nid;
		pgdat->node_start_pfn = start;
		pgdat->node_spanned_pages = end - start;
		start = end;
	}
	return true;
}

static int cmp_range(const void *a, const void *b)
{
	const struct pfn_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Managed pages of [start, end): RAM minus reserved, as ranges. */
static int zone_init_deferred(struct zone *zone, unsigned long start,
			      unsigned long end)
{
	struct pfn_range resv[E820_MAX_ENTRIES];
	const struct pfn_range *r;
	unsigned int nr_resv, n = 0;

	r = memblock_reserved(&nr_resv);
	memcpy(resv, r, nr_resv * sizeof(*r));
	qsort(resv, nr_resv, sizeof(resv[0]), cmp_range);

	zone->deferred = calloc(machine.nr_ram + nr_resv, sizeof(*zone->deferred));
	if (!zone->deferred)
		return -ENOMEM;
	for (unsigned int i = 0; i < machine.nr_ram; i++) {
		unsigned long s = max(start, machine.ram[i].start);
		unsigned long e = min(end, machine.ram[i].end);

		for (unsigned int j = 0; j < nr_resv && s < e; j++) {
			if (resv[j].end <= s || resv[j].start >= e)
				continue;
			if (resv[j].start > s)
				zone->deferred[n++] = (struct pfn_range){ s, resv[j].start };
			s = resv[j].end;
		}
		if (s < e)
			zone->deferred[n++] = (struct pfn_range){ s, e };
	}
	zone->nr_deferred = n;
	return 0;
}

static unsigned long first_ram_pfn(unsigned long start, unsigned long end)
{
	for (unsigned int i = 0; i < machine.nr_ram; i++)
		if (machine.ram[i].end > start && machine.ram[i].start < end)
			return max(start, machine.ram[i].start);
	return end;
}

static unsigned long last_ram_pfn_end(unsigned long start, unsigned long end)
{
	for (int i = (int)machine.nr_ram - 1; i >= 0; i--)
		if (machine.ram[i].end > start && machine.ram[i].start < end)
			return min(end, machine.ram[i].end);
	return start;
}

static int zone_init(pg_data_t *pgdat, int idx)
{
	struct zone *zone = &pgdat->node_zones[idx];
	unsigned long node_end = pgdat->node_start_pfn + pgdat->node_spanned_pages;
	unsigned long start = max(pgdat->node_start_pfn, zone_limit[idx]);
	unsigned long end = min(node_end, zone_limit[idx + 1]);

	zone->zone_pgdat = pgdat;
	zone->name = zone_names[idx];
	spin_lock_init(&zone->lock);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		INIT_LIST_HEAD(&zone->free_area[o].free_list);
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		spin_lock_init(&zone->pcp[cpu].lock);
		for (int i = 0; i < NR_PCP_LISTS; i++)
			INIT_LIST_HEAD(&zone->pcp[cpu].lists[i]);
	}

	if (start >= end) {
		zone->zone_start_pfn = min(zone_limit[idx], node_end);
		return 0;
	}
	start = first_ram_pfn(start, end);
	end = last_ram_pfn_end(start, end);
	zone->zone_start_pfn = start;
	zone->spanned_pages = end - start;
	zone->present_pages = ram_pages_in(start, end);
	zone->managed_pages = zone->present_pages - memblock_reserved_in(start, end);
	zone->deferred_pages = zone->managed_pages;
	zone->free_pages = zone->managed_pages;
	return zone_init_deferred(zone, start, end);
}

static void build_zonelist(pg_data_t *pgdat, struct zonelist *zl, bool fallback)
{
	int n = 0, nodes = fallback ? num_online_nodes() : 1;

	for (int i = 0; i < nodes; i++) {
		pg_data_t *node = NODE_DATA((pgdat->node_id + i) % num_online_nodes());

		for (int z = MAX_NR_ZONES - 1; z >= 0; z--) {
			if (!populated_zone(&node->node_zones[z]))
				continue;
			zl->_zonerefs[n].zone = &node->node_zones[z];
			zl->_zonerefs[n].zone_idx = z;
			n++;
		}
	}
	zl->_zonerefs[n].zone = NULL;
}

/* floor(sqrt(x)), a bit at a time. */
static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/* Linux's calculate_min_free_kbytes(): sqrt(lowmem KiB * 16), clamped. */
static unsigned long default_min_free_kbytes(void)
{
	unsigned long lowmem_pages = 0;
	struct zone *zone;

	for_each_zone(zone)
		if (!is_highmem(zone))
			lowmem_pages += zone->managed_pages;
	return clamp(int_sqrt(lowmem_pages * (PAGE_SIZE >> 10) * 16),
		     128UL, 262144UL);
}

/* Linux's __setup_per_zone_wmarks(). */
static void setup_per_zone_wmarks(void)
{
	unsigned long pages_min, lowmem_pages = 0;
	struct zone *zone;

	if (!machine.min_free_kbytes)
		machine.min_free_kbytes = default_min_free_kbytes();
	pages_min = machine.min_free_kbytes >> (PAGE_SHIFT - 10);

	for_each_zone(zone)
		if (!is_highmem(zone))
			lowmem_pages += zone->managed_pages;

	for_each_zone(zone) {
		unsigned long tmp = lowmem_pages ?
			pages_min * zone->managed_pages / lowmem_pages : 0;

		if (is_highmem(zone)) {
			/* Highmem needs no reserve for atomic allocations. */
			zone->_watermark[WMARK_MIN] =
				clamp(zone->managed_pages / 1024, 32UL, 128UL);
		} else {
			zone->_watermark[WMARK_MIN] = tmp;
		}
		tmp = max(tmp >> 2, zone->managed_pages *
			  watermark_scale_factor / 10000);
		zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + tmp;
		zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_MIN] + 2 * tmp;
	}
}

/* Linux's setup_per_zone_lowmem_reserve(). */
static void setup_per_zone_lowmem_reserve(pg_data_t *pgdat)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];
		int ratio = lowmem_reserve_ratio[i];
		bool clear = !ratio || !zone->managed_pages;
		unsigned long upper = 0;

		for (int j = i + 1; j < MAX_NR_ZONES; j++) {
			upper += pgdat->node_zones[j].managed_pages;
			zone->lowmem_reserve[j] = clear ? 0 : (long)(upper / (unsigned long)ratio);
		}
	}
}

/* CPUs of node @nid: the machine's CPUs dealt round-robin to its nodes. */
static unsigned int cpus_on_node(int nid)
{
	unsigned int nodes = machine.nr_nodes ? machine.nr_nodes : 1;

	return machine.nr_cpus / nodes + ((unsigned int)nid < machine.nr_cpus % nodes);
}

/*
 * Linux 6.x's zone_highsize() with percpu_pagelist_high_fraction at its
 * default 0: the zone's low watermark shared among its node's CPUs (all
 * CPUs if the node has none), at least four batches.  The old rule,
 * 6 * batch, was below an order-9 block on most machines, so every THP-
 * order free overflowed the list and went straight back to the buddy.
 */
static int zone_highsize(const struct zone *zone, int batch)
{
	unsigned int cpus = cpus_on_node(zone->zone_pgdat->node_id);
	unsigned long high = low_wmark_pages(zone) / (cpus ? cpus : machine.nr_cpus);

	return (int)min(max(high, 4UL * (unsigned long)batch), (unsigned long)INT_MAX);
}

/* Linux's zone_batchsize() and zone_highsize(). */
static void setup_zone_pageset(struct zone *zone)
{
	unsigned long batch = min(zone->managed_pages >> 10, SZ_1M / PAGE_SIZE) / 4;
	int high;

	batch = max(batch, 1UL);
	batch = (1UL << ilog2(batch + batch / 2)) - 1;
	batch = max(batch, 1UL);
	high = zone_highsize(zone, (int)batch);
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		zone->pcp[cpu].batch = (int)batch;
		zone->pcp[cpu].high = high;
	}
}

int free_area_init(void)
{
	struct zone *zone;
	int nid;

	for_each_online_node(nid) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			int err = zone_init(NODE_DATA(nid), z);

			if (err)
				return err;
		}
	}
	for_each_online_node(nid) {
		build_zonelist(NODE_DATA(nid),
			       &NODE_DATA(nid)->node_zonelists[ZONELIST_FALLBACK], true);
		build_zonelist(NODE_DATA(nid),
			       &NODE_DATA(nid)->node_zonelists[ZONELIST_NOFALLBACK], false);
		setup_per_zone_lowmem_reserve(NODE_DATA(nid));
	}
	setup_per_zone_wmarks();
	for_each_zone(zone)
		setup_zone_pageset(zone);
	return 0;
}

void free_area_exit(void)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			free(machine.node_data[nid].node_zones[z].deferred);
			machine.node_data[nid].node_zones[z].deferred = NULL;
		}
	}
}

/* Largest block that starts at @pfn and ends by @end. */
static unsigned int block_order_at(unsigned long pfn, unsigned long end)
{
	unsigned int order = ilog2(end - pfn);

	if (pfn)
		order = min(order, (unsigned int)__builtin_ctzl(pfn));
	return min(order, (unsigned int)MAX_PAGE_ORDER);
}

/* Context: zone->lock held (thread mode). */
bool deferred_grow_zone(struct zone *zone)
{
	while (zone->deferred_next < zone->nr_deferred) {
		struct pfn_range *r = &zone->deferred[zone->deferred_next];
		unsigned int order;
		unsigned long pfn;

		if (r->start == r->end) {
			zone->deferred_next++;
			continue;
		}
		pfn = r->start;
		order = block_order_at(pfn, r->end);
		r->start += 1UL << order;
		zone->deferred_pages -= 1UL << order;
		zone_free_pages_add(zone, -(1L << order));	/* __free_one_page re-adds */
		ram_mark_pages_dirty(pfn, 1UL << order);
		__free_one_page(pfn_to_page(pfn), pfn, zone, order);
		return true;
	}
	return false;
}
