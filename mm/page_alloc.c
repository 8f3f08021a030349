// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy page allocator.
 *
 * Free memory of a zone is kept as naturally aligned blocks of 2^order pages
 * on free_area[order].  Allocation takes the smallest block that fits and
 * splits off the unused halves (expand()); freeing merges a block with its
 * buddy for as long as the buddy is free and of the same order
 * (__free_one_page()).  Order-0 pages go through a per-CPU list first.
 *
 * Which zones an allocation may use comes from its GFP mask: gfp_zone() names
 * the highest, and the node's zonelist orders the candidates (this node's
 * zones highest first, then the other nodes').  A zone is used only while
 * its free pages stay above a watermark: low on the fast path, min in the
 * slow path, less than min for __GFP_HIGH and atomic callers.
 *
 * Invariants (checked by zone_is_valid()): every PG_buddy page heads a free
 * block of page->order inside its zone; no two free buddies of one order
 * coexist; zone->free_pages counts free-list pages plus deferred pages.
 *
 * Locking, real in thread mode only (<linux/smp.h>), as Linux 6.x does it:
 * zone->lock guards a zone's free lists, deferred ranges and the struct
 * pages of its free blocks; pcp->lock guards one CPU's per-CPU lists and
 * is taken by that CPU, or by drain_all_pages() draining it remotely.
 * Order: pcp->lock, then zone->lock, then the report lock.  Watermark
 * checks read zone->free_pages without the lock (zone_free_pages()), as
 * Linux reads NR_FREE_PAGES; the zone lock is taken again to allocate.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/balloon.h>
#include <linux/fault-inject.h>
#include <linux/gfp.h>
#include <linux/mm_bugs.h>
#include <linux/mmdebug.h>
#include <linux/report.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

#include "internal.h"

/* alloc_flags, as Linux names them. */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_MIN_RESERVE	0x08	/* __GFP_HIGH: half of min */
#define ALLOC_NON_BLOCK		0x10	/* cannot sleep: a further quarter */

/* ---- free lists ------------------------------------------------------ */

static void add_to_free_list(struct page *page, struct zone *zone,
			     unsigned int order)
{
	__SetPageBuddy(page);
	page->order = order;
	list_add(&page->lru, &zone->free_area[order].free_list);
	zone->free_area[order].nr_free++;
}

static void del_page_from_free_list(struct page *page, struct zone *zone,
				    unsigned int order)
{
	list_del(&page->lru);
	__ClearPageBuddy(page);
	page->order = 0;
	zone->free_area[order].nr_free--;
}

static bool page_is_buddy(const struct page *buddy, unsigned long buddy_pfn,
			  const struct zone *zone, unsigned int order)
{
	return zone_spans_pfn(zone, buddy_pfn) && PageBuddy(buddy) &&
	       buddy->order == order;
}

void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order)
{
	zone_free_pages_add(zone, 1L << order);
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy = pfn_to_page(buddy_pfn);

		if (!page_is_buddy(buddy, buddy_pfn, zone, order))
			break;
		del_page_from_free_list(buddy, zone, order);
		pfn &= buddy_pfn;
		order++;
	}
	add_to_free_list(pfn_to_page(pfn), zone, order);
}

/* Split a block of order @high down to @low, freeing the upper halves. */
static void expand(struct zone *zone, struct page *page, unsigned int low,
		   unsigned int high)
{
	while (high > low) {
		high--;
		add_to_free_list(page + (1UL << high), zone, high);
	}
}

/* Context: zone->lock held. */
static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order)
{
	do {
		for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
			struct free_area *area = &zone->free_area[o];
			struct page *page;

			if (list_empty(&area->free_list))
				continue;
			page = list_first_entry(&area->free_list, struct page, lru);
			del_page_from_free_list(page, zone, o);
			expand(zone, page, order, o);
			zone_free_pages_add(zone, -(1L << order));
			return page;
		}
	} while (deferred_grow_zone(zone));
	return NULL;
}

/* Is there a free block of at least @order, growing the lists if need be? */
static bool zone_has_free_block(struct zone *zone, unsigned int order)
{
	bool found = false;

	smp_spin_lock(&zone->lock);
	do {
		for (unsigned int o = order; o < NR_PAGE_ORDERS && !found; o++)
			found = zone->free_area[o].nr_free != 0;
	} while (!found && deferred_grow_zone(zone));
	smp_spin_unlock(&zone->lock);
	return found;
}

/* ---- per-CPU lists --------------------------------------------------- */

/* Move @count blocks of @order from the free lists to @list. */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count,
			struct list_head *list)
{
	int i;

	smp_spin_lock(&zone->lock);
	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue_smallest(zone, order);

		if (!page)
			break;
		list_add_tail(&page->lru, list);
	}
	smp_spin_unlock(&zone->lock);
	return i;
}

/*
 * Give back at least @count pages, coldest (tail) first, starting with the
 * list at @pindex and going round the others, as Linux's
 * free_pcppages_bulk() does.
 */
static void free_pcppages_bulk(struct zone *zone, int count,
			       struct per_cpu_pages *pcp, int pindex)
{
	pindex--;
	smp_spin_lock(&zone->lock);
	while (count > 0 && pcp->count > 0) {
		struct list_head *list;
		unsigned int order;

		do {
			if (++pindex >= NR_PCP_LISTS)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));
		order = pindex_to_order(pindex);
		do {
			struct page *page = list_entry(list->prev, struct page, lru);

			list_del(&page->lru);
			pcp->count -= 1 << order;
			count -= 1 << order;
			__free_one_page(page, page_to_pfn(page), zone, order);
		} while (count > 0 && !list_empty(list));
	}
	smp_spin_unlock(&zone->lock);
}

/* Linux's nr_pcp_alloc(): a batch of pages, but at least two blocks. */
static int nr_pcp_alloc(const struct per_cpu_pages *pcp, unsigned int order)
{
	return max(pcp->batch >> order, 2);
}

/* Context: pcp->lock held. */
static struct page *__rmqueue_pcplist(struct zone *zone, unsigned int order,
				      struct per_cpu_pages *pcp, int pindex)
{
	struct list_head *list = &pcp->lists[pindex];
	struct page *page;

	if (list_empty(list)) {
		int got = rmqueue_bulk(zone, order, nr_pcp_alloc(pcp, order), list);

		pcp->count += got << order;
		if (!got)
			return NULL;
	}
	page = list_first_entry(list, struct page, lru);
	if (mm_bug_on(MM_BUG_OVERLAP))
		return page;
	list_del(&page->lru);
	pcp->count -= 1 << order;
	return page;
}

static struct page *rmqueue_pcplist(struct zone *zone, unsigned int order,
				    int pindex)
{
	struct per_cpu_pages *pcp = &zone->pcp[smp_processor_id()];
	struct page *page;

	smp_spin_lock(&pcp->lock);
	page = __rmqueue_pcplist(zone, order, pcp, pindex);
	smp_spin_unlock(&pcp->lock);
	return page;
}

static void free_unref_page(struct page *page, struct zone *zone,
			    unsigned int order, int pindex)
{
	struct per_cpu_pages *pcp = &zone->pcp[smp_processor_id()];

	smp_spin_lock(&pcp->lock);
	list_add(&page->lru, &pcp->lists[pindex]);
	pcp->count += 1 << order;
	if (pcp->count >= pcp->high)
		free_pcppages_bulk(zone, max(pcp->batch, 1 << order), pcp, pindex);
	smp_spin_unlock(&pcp->lock);
}

/*
 * Give back @cpu's per-CPU pages of @zone (of every zone for NULL).  Under
 * pcp->lock, so that another CPU may drain it: Linux 6.x's remote drain.
 */
static void drain_pages(unsigned int cpu, struct zone *zone)
{
	struct zone *z;

	if (zone) {
		struct per_cpu_pages *pcp = &zone->pcp[cpu];

		smp_spin_lock(&pcp->lock);
		free_pcppages_bulk(zone, pcp->count, pcp, 0);
		smp_spin_unlock(&pcp->lock);
		return;
	}
	for_each_populated_zone(z)
		drain_pages(cpu, z);
}

void drain_local_pages(struct zone *zone)
{
	drain_pages(smp_processor_id(), zone);
}

void drain_all_pages(struct zone *zone)
{
	for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++)
		drain_pages(cpu, zone);
}

/* ---- watermarks ------------------------------------------------------ */

static bool __zone_watermark_ok(struct zone *z, unsigned int order,
				unsigned long mark, int highest_zoneidx,
				unsigned int alloc_flags)
{
	long free_pages = (long)zone_free_pages(z) - ((1L << order) - 1);
	long min = (long)mark;

	if (alloc_flags & ALLOC_MIN_RESERVE) {
		min -= min / 2;
		if (alloc_flags & ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	return order == 0 || zone_has_free_block(z, order);
}

/*
 * Linux's gfp_pfmemalloc_allowed(): may this allocation ignore the
 * watermarks?  __GFP_NOMEMALLOC never; __GFP_MEMALLOC always; otherwise a
 * task in a noreclaim scope (PF_MEMALLOC: it is reclaiming, and reclaim
 * must be able to allocate to free), in task context or serving a softirq
 * on its behalf, but not a hard interrupt that merely interrupted it.
 */
static bool gfp_pfmemalloc_allowed(gfp_t gfp)
{
	if (gfp & __GFP_NOMEMALLOC)
		return false;
	if (gfp & __GFP_MEMALLOC)
		return true;
	if (!(current->flags & PF_MEMALLOC))
		return false;
	return !in_interrupt() || in_serving_softirq();
}

/* Linux's gfp_to_alloc_flags(), for the slow path. */
static unsigned int gfp_to_alloc_flags(gfp_t gfp)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_MIN_RESERVE;
	if (!(gfp & __GFP_DIRECT_RECLAIM) && !(gfp & __GFP_NOMEMALLOC))
		alloc_flags |= ALLOC_NON_BLOCK;
	if (gfp_pfmemalloc_allowed(gfp))
		alloc_flags |= ALLOC_NO_WATERMARKS;
	return alloc_flags;
}

/* ---- allocation ------------------------------------------------------ */

static struct page *rmqueue(struct zone *zone, unsigned int order)
{
	int pindex = order_to_pindex(order);

	struct page *page;

	if (pindex >= 0)
		return rmqueue_pcplist(zone, order, pindex);
	smp_spin_lock(&zone->lock);
	page = __rmqueue_smallest(zone, order);
	smp_spin_unlock(&zone->lock);
	return page;
}

/*
 * CONFIG_DEBUG_VM: every page of a block handed out or given back must be in
 * the "free, on no list" state (all zero), the head apart when freeing.
 * Linux's check_new_pages() and free_tail_pages_check(); linear in the
 * block size, so debug builds only.
 */
static bool block_pages_clean(const struct page *page, unsigned int order,
			      unsigned long first, const char *when)
{
	for (unsigned long i = first; i < (1UL << order); i++) {
		const struct page *p = page + i;

		if (p->flags || p->_refcount || p->order) {
			report_begin(REPORT_INCONSISTENT,
				     "BUG: Bad page state: %s: page %lu of the order-%u block at pfn %#lx is in use",
				     when, i, order, page_to_pfn(page));
			report_page(p);
			report_end();
			return false;
		}
	}
	return true;
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	if (IS_ENABLED(CONFIG_DEBUG_VM))
		block_pages_clean(page, order, 0, "allocating");
	set_page_count(page, 1);
	page->order = order;
	/* Every block handed out passes here: see mm/ram.c. */
	ram_claim_frames(page_to_pfn(page), 1UL << order,
			 (gfp & __GFP_ZERO) && !mm_bug_on(MM_BUG_NO_ZERO));
}

struct page *alloc_block_head(struct page *page)
{
	unsigned long pfn = page_to_pfn(page);

	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *head = pfn_to_page(pfn & ~((1UL << order) - 1));

		if (page_ref_count(head) > 0 && head->order >= order)
			return head;
	}
	return NULL;
}

struct page *rmqueue_no_watermarks(struct zone *zone, unsigned int order)
{
	struct page *page;

	smp_spin_lock(&zone->lock);
	page = __rmqueue_smallest(zone, order);
	smp_spin_unlock(&zone->lock);
	if (page)
		prep_new_page(page, order, 0);
	return page;
}

static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
					   unsigned int alloc_flags,
					   const struct zonelist *zonelist,
					   int highest_zoneidx)
{
	for (const struct zoneref *z = zonelist->_zonerefs; z->zone; z++) {
		struct zone *zone = z->zone;
		struct page *page;

		if (z->zone_idx > highest_zoneidx)
			continue;
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !__zone_watermark_ok(zone, order,
					 wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK),
					 highest_zoneidx, alloc_flags))
			continue;
		page = rmqueue(zone, order);
		if (page) {
			prep_new_page(page, order, gfp);
			return page;
		}
	}
	return NULL;
}

/* Linux's show_free_areas() for one zone: counters, then the buddy lists. */
static void show_zone_mem(struct zone *zone)
{
	const unsigned long kb = PAGE_SIZE >> 10;
	unsigned long total = 0;
	char line[320];
	int n;

	report_line("Node %d %s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB present:%lukB managed:%lukB",
		    zone->zone_pgdat->node_id, zone->name, zone_free_pages(zone) * kb,
		    zone->watermark_boost * kb, min_wmark_pages(zone) * kb,
		    low_wmark_pages(zone) * kb, high_wmark_pages(zone) * kb,
		    zone->present_pages * kb, zone->managed_pages * kb);
	n = snprintf(line, sizeof(line), "lowmem_reserve[]:");
	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %ld",
			      zone->lowmem_reserve[z]);
	report_line("%s", line);
	n = snprintf(line, sizeof(line), "Node %d %s:", zone->zone_pgdat->node_id,
		     zone->name);
	for (int o = 0; o < NR_PAGE_ORDERS && n < (int)sizeof(line); o++) {
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %lu*%lukB",
			      zone->free_area[o].nr_free, kb << o);
		total += zone->free_area[o].nr_free << o;
	}
	if (n < (int)sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n, " = %lukB", total * kb);
	report_line("%s", line);
}

/* Linux's __show_mem(), the part this allocator has. */
static void show_mem(void)
{
	unsigned long pcp = 0;
	struct zone *zone;

	for_each_zone(zone) {
		for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++) {
			smp_spin_lock(&zone->pcp[cpu].lock);
			pcp += (unsigned long)zone->pcp[cpu].count;
			smp_spin_unlock(&zone->pcp[cpu].lock);
		}
	}
	report_line("Mem-Info:");
	report_line("free:%lu free_pcp:%lu balloon:%lu", nr_free_pages(), pcp,
		    balloon_pages());
	for_each_populated_zone(zone) {
		smp_spin_lock(&zone->lock);
		show_zone_mem(zone);
		smp_spin_unlock(&zone->lock);
	}
}

/*
 * warn_alloc() - Linux's "page allocation failure" warning: the task, the
 * order, the mask decoded, then the memory state.  Silent for __GFP_NOWARN.
 */
static void warn_alloc(gfp_t gfp, unsigned int order)
{
	char mask[256];

	if (gfp & __GFP_NOWARN)
		return;
	report_begin(REPORT_ALLOC_FAIL,
		     "%s: page allocation failure: order:%u, mode:%#x(%s), nodemask=(null)",
		     current->comm, order, gfp, format_gfp(gfp, mask, sizeof(mask)));
	report_line("CPU: %u PID: %d Comm: %s", smp_processor_id(), current->pid,
		    current->comm);
	show_mem();
	report_end();
}

/*
 * Linux's out_of_memory() with no process to kill: the oom-kill report's
 * header and memory state, and what happens next.  @page is what a
 * __GFP_NOFAIL caller got from the last resort (NULL: nothing at all).
 */
static void out_of_memory(gfp_t gfp, unsigned int order, bool nofail,
			  const struct page *page)
{
	char mask[256];

	report_begin(REPORT_OOM,
		     "%s invoked oom-killer: gfp_mask=%#x(%s), order=%u, oom_score_adj=0",
		     current->comm, gfp, format_gfp(gfp, mask, sizeof(mask)), order);
	report_line("CPU: %u PID: %d Comm: %s", smp_processor_id(), current->pid,
		    current->comm);
	show_mem();
	report_line("Out of memory and no killable processes...");
	if (nofail && page)
		report_line("__GFP_NOFAIL: allocated from the reserves below min (ALLOC_NO_WATERMARKS): pfn %#lx",
			    page_to_pfn(page));
	else if (nofail)
		report_line("__GFP_NOFAIL: reserves exhausted too; returning NULL rather than looping forever");
	report_end();
}

/* Linux's MAX_RECLAIM_RETRIES: reclaim rounds before giving up or OOM. */
#define MAX_RECLAIM_RETRIES	16
/* Orders above this are "costly": they fail rather than invoke the OOM path. */
#define PAGE_ALLOC_COSTLY_ORDER	3

/*
 * Linux's __alloc_pages_direct_reclaim(): reclaim, retry, drain, retry.
 * Reclaim runs in a noreclaim scope, as Linux's __perform_reclaim(): what
 * a shrinker allocates may use the reserves and never reclaims again.
 */
static struct page *__alloc_pages_direct_reclaim(gfp_t gfp, unsigned int order,
						 unsigned int alloc_flags,
						 const struct zonelist *zonelist,
						 int highest_zoneidx, int nid,
						 unsigned long *progress)
{
	unsigned int noreclaim;
	struct page *page;

	noreclaim = memalloc_noreclaim_save();
	*progress = try_to_free_pages(gfp, order, nid);
	memalloc_noreclaim_restore(noreclaim);
	page = get_page_from_freelist(gfp, order, alloc_flags, zonelist,
				      highest_zoneidx);
	if (page)
		return page;
	/* Pages sitting on per-CPU lists are free memory too. */
	drain_all_pages(NULL);
	return get_page_from_freelist(gfp, order, alloc_flags, zonelist,
				      highest_zoneidx);
}

/*
 * The slow path, as Linux shapes it:
 *   - try again at the min watermark (less for __GFP_HIGH and atomic);
 *   - no __GFP_DIRECT_RECLAIM (GFP_ATOMIC, GFP_NOWAIT): fail now;
 *   - a task in a noreclaim scope (PF_MEMALLOC) has just tried without
 *     watermarks and must not reclaim again: fail now, __GFP_NOFAIL too
 *     (Linux warns about that combination and has nothing more to give);
 *   - direct reclaim (shrinkers, per-CPU lists), retry;
 *   - __GFP_NORETRY: fail after that one round;
 *   - costly orders without __GFP_RETRY_MAYFAIL or __GFP_NOFAIL: fail;
 *   - otherwise retry, at most MAX_RECLAIM_RETRIES rounds in all;
 *   - __GFP_RETRY_MAYFAIL: then fail, without the OOM path;
 *   - others (small orders, and __GFP_NOFAIL): the OOM path.  There is no
 *     process to kill, so out_of_memory() reports and, for __GFP_NOFAIL
 *     only, the allocation takes from all reserves (ALLOC_NO_WATERMARKS).
 *     If even that finds nothing, __GFP_NOFAIL returns NULL after the
 *     report: the one case it does, rather than looping forever.
 */
static struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order,
					   const struct zonelist *zonelist,
					   int highest_zoneidx, int nid)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp);
	bool costly = order > PAGE_ALLOC_COSTLY_ORDER;
	bool nofail = gfp & __GFP_NOFAIL;
	unsigned long progress;
	struct page *page;
	int rounds = 0;

	page = get_page_from_freelist(gfp, order, alloc_flags, zonelist,
				      highest_zoneidx);
	if (page)
		return page;
	if (gfpflags_allow_blocking(gfp)) {
		/* Avoid recursion of direct reclaim. */
		if (current->flags & PF_MEMALLOC)
			goto nopage;
		for (;;) {
			page = __alloc_pages_direct_reclaim(gfp, order, alloc_flags,
							    zonelist, highest_zoneidx,
							    nid, &progress);
			if (page)
				return page;
			if ((gfp & __GFP_NORETRY) && !nofail)
				goto nopage;
			if (costly && !(gfp & (__GFP_RETRY_MAYFAIL | __GFP_NOFAIL)))
				goto nopage;
			if (++rounds >= MAX_RECLAIM_RETRIES)
				break;
		}
		if ((gfp & __GFP_RETRY_MAYFAIL) && !nofail)
			goto nopage;
	}
	/*
	 * As Linux's __alloc_pages_may_oom(): no OOM for one node's sake, and
	 * none without __GFP_FS (GFP_NOFS, GFP_NOIO, their scopes): the OOM
	 * killer does not compensate for reclaim that could not use the
	 * filesystem.  Linux then retries for ever; here the caller gets NULL
	 * and the warning.
	 */
	if (!nofail && (!gfpflags_allow_blocking(gfp) || costly ||
			(gfp & __GFP_THISNODE) || !(gfp & __GFP_FS)))
		goto nopage;
	page = nofail ? get_page_from_freelist(gfp, order, ALLOC_NO_WATERMARKS,
					       zonelist, highest_zoneidx) : NULL;
	out_of_memory(gfp, order, nofail, page);
	if (page)
		return page;
nopage:
	warn_alloc(gfp, order);
	return NULL;
}

static bool alloc_args_ok(int nid, gfp_t gfp, unsigned int order)
{
	char mask[256];

	if (order > MAX_PAGE_ORDER) {
		if (!(gfp & __GFP_NOWARN)) {
			report_begin(REPORT_BAD_ARG,
				     "WARNING: alloc_pages: order %u above MAX_PAGE_ORDER (%d)",
				     order, MAX_PAGE_ORDER);
			report_end();
		}
		return false;
	}
	if (gfp_zone(gfp) == ZONE_BAD) {
		report_begin(REPORT_BAD_ARG,
			     "BUG: alloc_pages: contradictory zone modifiers in mode:%#x(%s)",
			     gfp, format_gfp(gfp, mask, sizeof(mask)));
		report_end();
		return false;
	}
	if (nid < 0 || nid >= num_online_nodes()) {
		report_begin(REPORT_BAD_ARG,
			     "BUG: alloc_pages_node: node %d is not online", nid);
		report_end();
		return false;
	}
	return true;
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	const struct zonelist *zonelist;
	int highest_zoneidx;
	struct page *page;

	if (nid == -1)
		nid = 0;
	if (!alloc_args_ok(nid, gfp, order))
		return NULL;
	/* The task's scopes narrow every request from here on (and in reclaim). */
	gfp = current_gfp_context(gfp);
	if (!mm_bug_on(MM_BUG_NO_MIGHT_SLEEP))
		might_alloc(gfp);
	if (should_fail_alloc_page(gfp, order))
		return NULL;
	highest_zoneidx = gfp_zone(gfp);
	if (mm_bug_on(MM_BUG_WRONG_ZONE) && highest_zoneidx == ZONE_DMA)
		highest_zoneidx = ZONE_NORMAL;
	zonelist = &NODE_DATA(nid)->node_zonelists[(gfp & __GFP_THISNODE) ?
				ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW, zonelist,
				      highest_zoneidx);
	if (likely(page))
		return page;
	return __alloc_pages_slowpath(gfp, order, zonelist, highest_zoneidx, nid);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return alloc_pages_node(-1, gfp, order);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* ---- freeing --------------------------------------------------------- */

/* The head of the allocated block that @pfn is a tail page of, or -1UL. */
static unsigned long allocated_head_of(unsigned long pfn)
{
	for (unsigned int order = 1; order <= MAX_PAGE_ORDER; order++) {
		unsigned long head = pfn & ~((1UL << order) - 1);
		const struct page *page = pfn_to_page(head);

		if (head != pfn && pfn_valid(head) && page_ref_count(page) > 0 &&
		    page->order >= order && !PageReserved(page))
			return head;
	}
	return -1UL;
}

static void __printf(3, 4) bad_page(const struct page *page,
				    enum report_type type, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	report_begin(type, "BUG: Bad page state: %s", why);
	report_page(page);
	report_end();
}

/*
 * Everything that makes a free wrong, checked before anything changes.
 * Return: true if @page may be freed as a block of @order.
 */
static bool free_pages_prepare(const struct page *page, unsigned int order)
{
	unsigned long pfn, head;

	if (!page || !page_in_mem_map(page)) {
		report_begin(page ? REPORT_BAD_PFN : REPORT_BAD_ARG,
			     "BUG: Bad page state: __free_pages of %s",
			     page ? "a pointer that is not a struct page of this machine" :
				    "a NULL page");
		report_end();
		return false;
	}
	pfn = page_to_pfn(page);
	if (PageReserved(page)) {
		bad_page(page, REPORT_RESERVED_FREE,
			 "freeing reserved page pfn %#lx (order %u)", pfn, order);
		return false;
	}
	/*
	 * Struct pages of holes are never written, so a referenced page is
	 * RAM: pfn_valid() is only needed to name what an unreferenced is.
	 */
	if (page_ref_count(page) <= 0) {
		if (!pfn_valid(pfn)) {
			bad_page(page, REPORT_BAD_PFN, "pfn %#lx is not RAM (order %u)",
				 pfn, order);
			return false;
		}
		head = allocated_head_of(pfn);
		if (head != -1UL)
			bad_page(page, REPORT_TAIL_FREE,
				 "freeing tail page pfn %#lx of the block at pfn %#lx",
				 pfn, head);
		else if (mm_bug_on(MM_BUG_DOUBLE_FREE))
			return true;
		else
			bad_page(page, REPORT_DOUBLE_FREE,
				 "double free of pfn %#lx (order %u): page already free",
				 pfn, order);
		return false;
	}
	if (PageTable(page) || PageSlab(page) || PageLargeKmalloc(page)) {
		bad_page(page, REPORT_OWNED_FREE, "freeing %s page pfn %#lx (order %u)",
			 PageTable(page) ? "page-table" :
			 PageSlab(page) ? "slab" : "large-kmalloc", pfn, order);
		return false;
	}
	if (page->order != order) {
		bad_page(page, REPORT_BAD_ORDER,
			 "freeing pfn %#lx with order %u, allocated with order %u",
			 pfn, order, page->order);
		return false;
	}
	return !IS_ENABLED(CONFIG_DEBUG_VM) ||
	       block_pages_clean(page, order, 1, "freeing");
}

void __free_pages(struct page *page, unsigned int order)
{
	struct zone *zone;
	unsigned long pfn;
	int pindex;

	if (!free_pages_prepare(page, order))
		return;
	if (--page->_refcount > 0 || mm_bug_on(MM_BUG_LEAK))
		return;
	pfn = page_to_pfn(page);
	zone = page_zone(page);
	page->order = 0;
	pindex = order_to_pindex(order);
	if (pindex >= 0) {
		free_unref_page(page, zone, order, pindex);
		return;
	}
	smp_spin_lock(&zone->lock);
	__free_one_page(page, pfn, zone, order);
	smp_spin_unlock(&zone->lock);
}

void free_pages(unsigned long addr, unsigned int order)
{
	const void *p = (const void *)addr;

	if (addr == 0)
		return;
	if (!virt_addr_valid(p) || (addr & (PAGE_SIZE - 1))) {
		unsigned long va = host_to_kva(p);

		report_begin(REPORT_BAD_PFN,
			     "BUG: Bad page state: free_pages of %s address %#lx",
			     virt_addr_valid(p) ? "an unaligned" : "a non-direct-map",
			     va);
		if (!va)
			report_line("(the pointer lies in no kernel window)");
		report_end();
		return;
	}
	__free_pages(virt_to_page(p), order);
}

void get_page(struct page *page)
{
	if (!page || !page_in_mem_map(page) || page_ref_count(page) <= 0) {
		report_begin(REPORT_BAD_ARG,
			     "BUG: get_page of a page that is not allocated");
		if (page && page_in_mem_map(page))
			report_page(page);
		report_end();
		return;
	}
	page->_refcount++;
}

unsigned long nr_free_pages(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone_free_pages(zone);
	return sum;
}
