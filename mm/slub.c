// SPDX-License-Identifier: GPL-2.0
/*
 * SLUB: the slab allocator.
 *
 * A cache hands out objects of one size.  Its memory is slabs: blocks of
 * 2^order pages from the buddy allocator, the order chosen by
 * calculate_order() so that the slab holds enough objects and wastes at
 * most a sixteenth (failing that an eighth, a quarter) of itself.
 *
 * States of a slab, and where it is:
 *
 *   cpu slab   "frozen", on no list.  Its CPU allocates from the cpu
 *              freelist without touching the slab (the fast path in
 *              mm/slab.h); frees by that CPU of objects in that slab go
 *              back onto the cpu freelist.  Frees by other CPUs go onto
 *              the slab's own freelist, which the owner takes over when its
 *              cpu freelist runs dry.
 *   partial    on its node's partial list: some objects free.  Empty slabs
 *              stay here while fewer than min_partial slabs are partial,
 *              so a cache that breathes does not bounce pages off the
 *              buddy allocator; kmem_cache_shrink() frees them.
 *   full       on its node's full list: no free object (Linux keeps full
 *              slabs on no list unless debugging; one list_add is the
 *              price of a checker and of destroy's report that see every
 *              slab).
 *
 * A CPU's slab is given back ("deactivated") when its freelists are both
 * empty, when an allocation asks for another node, and when the cache is
 * flushed (shrink, destroy): its cpu freelist is folded into the slab's and
 * the slab goes to the list its fill level says, or back to the buddy
 * allocator if it is empty and enough partial slabs remain.
 *
 * Debug caches (any of SLAB_CONSISTENCY_CHECKS, RED_ZONE, POISON,
 * STORE_USER) never have a cpu slab: every allocation and free takes the
 * slow path, works on the node lists directly and runs the checks of
 * mm/slub_debug.c, as SLUB does.
 *
 * Locking.  Single-thread mode: none.  One host thread plays every CPU
 * and a CPU switch (machine_set_cpu()) happens between calls, never inside
 * one; per-CPU state is touched by its own CPU only, except when a flush
 * deactivates every CPU's slab, which is what Linux's flush_all() IPIs do.
 *
 * Thread mode (<linux/smp.h>), every lock taken with smp_spin_lock():
 *   kmem_cache_cpu.lock     the cpu slab and cpu freelist; its own CPU
 *                           takes it on every allocation and free (the
 *                           inline fast paths step aside), a flush from
 *                           any CPU takes it to deactivate (Linux's
 *                           local_lock, and flush_all() done remotely).
 *   kmem_cache_node.list_lock  the node's lists and counters, and the
 *                           freelist, inuse and frozen of its slabs.
 * Order: cpu lock, then list_lock, then the page allocator's locks (a slab
 * discarded under list_lock goes straight back to the buddy allocator).
 * No lock is held while a slab is allocated: allocation may reclaim, and
 * reclaim flushes every cache.  A slab taken off the partial list for a
 * CPU is frozen under list_lock at once, so that frees from other CPUs
 * see it as "some CPU's" and leave it off the lists.
 *
 * Debug caches are single-thread only: smp_threads_begin() and
 * kmem_cache_create() in thread mode refuse them.
 */
#include <errno.h>
#include <stdlib.h>

#include <linux/gfp.h>
#include <linux/mmdebug.h>
#include <linux/report.h>
#include <linux/slab.h>

#include "internal.h"
#include "slab.h"

/* ---- geometry --------------------------------------------------------- */

static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

static struct kmem_cache_order_objects oo_make(unsigned int order,
					       unsigned int size)
{
	return (struct kmem_cache_order_objects){ order, order_objects(order, size) };
}

static unsigned int fls32(unsigned int x)
{
	return x ? 32 - (unsigned int)__builtin_clz(x) : 0;
}

/* Lowest order in [min_order, max_order] wasting at most 1/fract. */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order, unsigned int fract)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned long slab_size = PAGE_SIZE << order;
		unsigned long rem = slab_size % size;

		if (rem <= slab_size / fract)
			break;
	}
	return order;
}

/* Linux's calculate_order(), with nr_cpu_ids = the machine's CPUs. */
static int calculate_order(unsigned int size)
{
	unsigned int min_objects, max_objects, min_order, order;

	min_objects = 4 * (fls32(machine.nr_cpus) + 1);
	max_objects = order_objects(SLUB_MAX_ORDER, size);
	min_objects = min(min_objects, max_objects);
	min_order = get_order((unsigned long)min_objects * size);
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return (int)get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	for (unsigned int fract = 16; fract >= 4; fract /= 2) {
		order = calc_slab_order(size, min_order, SLUB_MAX_ORDER, fract);
		if (order <= SLUB_MAX_ORDER)
			return (int)order;
	}
	order = get_order(size);
	return order <= MAX_PAGE_ORDER ? (int)order : -ENOSYS;
}

/*
 * Linux's calculate_sizes(): the slot layout.
 *
 *   [left red zone][object][right red zone][free pointer][tracks][padding]
 *
 * The free pointer sits in the middle of the object, where a small
 * overflow from the neighbour does not reach it, unless the object's bytes
 * must survive freeing (constructor) or are poisoned, or a red zone would
 * overlap it; then it goes after the object.
 */
static bool calculate_sizes(struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = ALIGN(s->object_size, FREEPTR_BYTES);
	int order;

	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += FREEPTR_BYTES;
	s->inuse = size;
	if ((flags & SLAB_POISON) || s->ctor ||
	    ((flags & SLAB_RED_ZONE) &&
	     (s->object_size < FREEPTR_BYTES || slub_debug_orig_size(s)))) {
		s->offset = size;
		size += FREEPTR_BYTES;
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2, FREEPTR_BYTES);
	}
	if (flags & SLAB_STORE_USER)
		size += 2 * sizeof(struct track);
	if (slub_debug_orig_size(s))
		size += sizeof(u32);
	s->red_left_pad = 0;
	if (flags & SLAB_RED_ZONE) {
		size += FREEPTR_BYTES;
		s->red_left_pad = ALIGN(FREEPTR_BYTES, s->align);
		size += s->red_left_pad;
	}
	size = ALIGN(size, s->align);
	s->size = size;
	s->reciprocal_size = ~0ULL / size + 1;

	order = calculate_order(size);
	if (order < 0)
		return false;
	s->oo = oo_make((unsigned int)order, size);
	s->min = oo_make(get_order(size), size);
	return s->oo.objects > 0;
}

bool kmem_cache_open(struct kmem_cache *s)
{
	if (!calculate_sizes(s))
		return false;
	s->allocflags = 0;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= __GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= __GFP_DMA32;
	s->min_partial = min(10U, max(5U, ilog2(s->size) / 2));
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		spin_lock_init(&s->node[nid].list_lock);
		INIT_LIST_HEAD(&s->node[nid].partial);
		INIT_LIST_HEAD(&s->node[nid].full);
	}
	for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++)
		spin_lock_init(&s->cpu_slab[cpu].lock);
	return true;
}

/* ---- lists -------------------------------------------------------------- */

static struct kmem_cache_node *get_node(struct kmem_cache *s, int nid)
{
	return &s->node[nid];
}

static int slab_nid(const struct page *slab)
{
	return page_to_nid(slab);
}

static void add_partial(struct kmem_cache_node *n, struct page *slab, bool tail)
{
	if (tail)
		list_add_tail(&slab->slab_list, &n->partial);
	else
		list_add(&slab->slab_list, &n->partial);
	n->nr_partial++;
}

static void remove_partial(struct kmem_cache_node *n, struct page *slab)
{
	list_del(&slab->slab_list);
	n->nr_partial--;
}

static void add_full(struct kmem_cache_node *n, struct page *slab)
{
	list_add(&slab->slab_list, &n->full);
	n->nr_full++;
}

static void remove_full(struct kmem_cache_node *n, struct page *slab)
{
	list_del(&slab->slab_list);
	n->nr_full--;
}

/* ---- slab pages ---------------------------------------------------------- */

static struct page *alloc_slab_page(gfp_t flags, int node,
				    struct kmem_cache_order_objects oo)
{
	if (node == NUMA_NO_NODE)
		return alloc_pages(flags, oo.order);
	return alloc_pages_node(node, flags, oo.order);
}

static void setup_object(struct kmem_cache *s, void *object)
{
	if (kmem_cache_debug(s))
		setup_object_debug(s, object);
	if (unlikely(s->ctor)) {
		kasan_unpoison(object, s->object_size);
		s->ctor(object);
		kasan_poison(object, s->object_size);
	}
}

gfp_t kmalloc_fix_flags(gfp_t flags)
{
	char was[160], now[160];
	gfp_t fixed = flags & ~GFP_SLAB_BUG_MASK;

	report_begin(REPORT_BAD_ARG,
		     "WARNING: Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!",
		     flags & GFP_SLAB_BUG_MASK,
		     format_gfp(flags & GFP_SLAB_BUG_MASK, was, sizeof(was)),
		     fixed, format_gfp(fixed, now, sizeof(now)));
	report_end();
	return fixed;
}

/*
 * A new slab, on no list but counted in its node: the preferred order
 * without reclaim or warning first, then the smallest order that fits one
 * object, with the caller's flags.  Context: no slab lock held.
 */
static struct page *allocate_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct kmem_cache_order_objects oo = s->oo;
	struct kmem_cache_node *n;
	struct page *slab = NULL;
	unsigned long va;
	char *p;

	if (unlikely(flags & GFP_SLAB_BUG_MASK))
		flags = kmalloc_fix_flags(flags);
	flags = (flags & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK)) | s->allocflags;
	if (oo.order > s->min.order) {
		gfp_t alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY |
				   __GFP_NOMEMALLOC) & ~(__GFP_NOFAIL | __GFP_RECLAIM);

		slab = alloc_slab_page(alloc_gfp, node, oo);
	}
	if (!slab) {
		oo = s->min;
		slab = alloc_slab_page(flags, node, oo);
		if (!slab)
			return NULL;
	}

	slab->slab_cache = s;
	slab->objects = (unsigned short)oo.objects;
	slab->inuse = 0;
	slab->frozen = 0;
	__SetPageSlab(slab);
	mod_zone_slab_pages(slab, oo.order, 1);
	for (unsigned long i = 1; i < (1UL << oo.order); i++)
		slab[i].compound_head = (unsigned long)slab | 1;
	kasan_poison(slab_address(slab), PAGE_SIZE << oo.order);
	if (kmem_cache_debug(s))
		setup_slab_debug(s, slab);

	p = slab_objects_base(s, slab);
	va = slab_kva(p);
	for (unsigned int i = 0; i < oo.objects; i++, p += s->size, va += s->size) {
		unsigned long next = i + 1 < oo.objects ? va + s->size : 0;

		setup_object(s, p);
		freeptr_raw_store(p + s->offset,
				  next ^ s->random ^ swab_freeptr(va + s->offset));
	}
	slab->freelist = slab_objects_base(s, slab);

	n = get_node(s, slab_nid(slab));
	smp_spin_lock(&n->list_lock);
	n->nr_slabs++;
	n->total_objects += oo.objects;
	smp_spin_unlock(&n->list_lock);
	return slab;
}

/* allocate_slab(), put at the head of its node's partial list. */
static struct page *new_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct page *slab = allocate_slab(s, flags, node);

	if (slab) {
		struct kmem_cache_node *n = get_node(s, slab_nid(slab));

		smp_spin_lock(&n->list_lock);
		add_partial(n, slab, false);
		smp_spin_unlock(&n->list_lock);
	}
	return slab;
}

/* Back to the buddy allocator: struct pages as the page allocator left them. */
static void free_slab(struct kmem_cache *s, struct page *slab)
{
	unsigned int order = slab->order;

	kasan_unpoison(slab_address(slab), PAGE_SIZE << order);
	for (unsigned long i = 1; i < (1UL << order); i++)
		slab[i].compound_head = 0;
	slab->slab_list.next = slab->slab_list.prev = NULL;
	slab->slab_cache = NULL;
	slab->freelist = NULL;
	slab->inuse = 0;
	slab->objects = 0;
	slab->frozen = 0;
	__ClearPageSlab(slab);
	mod_zone_slab_pages(slab, order, -1);
	__free_pages(slab, order);
}

/* A slab on no list goes back to the buddy allocator.  Context: list_lock. */
static void discard_slab(struct kmem_cache *s, struct page *slab)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));

	n->nr_slabs--;
	n->total_objects -= slab->objects;
	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		slab_discard_checks(s, slab);
	free_slab(s, slab);
}

/* A slab on no list (just unfrozen) goes where its fill level says. */
static void slab_place(struct kmem_cache *s, struct page *slab)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));

	if (slab->inuse == 0 && n->nr_partial >= s->min_partial)
		discard_slab(s, slab);
	else if (slab->inuse == slab->objects)
		add_full(n, slab);
	else
		add_partial(n, slab, true);
}

/*
 * @slab, unfrozen and on a list, just got one object back: Linux's tail of
 * __slab_free().  @was_full says which list it is on.
 */
static void slab_freed_one(struct kmem_cache *s, struct page *slab,
			   bool was_full)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(slab));

	if (slab->inuse == 0 && n->nr_partial >= s->min_partial) {
		if (was_full)
			remove_full(n, slab);
		else
			remove_partial(n, slab);
		discard_slab(s, slab);
	} else if (was_full) {
		remove_full(n, slab);
		add_partial(n, slab, true);
	}
}

/* ---- cpu slabs --------------------------------------------------------- */

static void cpu_slab_clear(struct kmem_cache_cpu *c)
{
	c->freelist_va = 0;
	c->slab = NULL;
	c->base = NULL;
	c->base_va = 0;
	c->span = 0;
	c->node = NUMA_NO_NODE;
}

/* Make @slab (on no list) @c's slab; all its free objects move to @c. */
static void freeze_slab(struct kmem_cache *s, struct kmem_cache_cpu *c,
			struct page *slab)
{
	c->slab = slab;
	c->base = slab_objects_base(s, slab);
	c->base_va = slab_kva(c->base);
	c->span = (unsigned long)slab->objects * s->size;
	c->node = slab_nid(slab);
	smp_spin_lock(&get_node(s, c->node)->list_lock);
	cpu_freelist_set(c, slab->freelist);
	slab->freelist = NULL;
	slab->inuse = slab->objects;
	slab->frozen = 1;
	smp_spin_unlock(&get_node(s, c->node)->list_lock);
}

static void freelist_corrupt_report(struct kmem_cache *s, struct page *slab,
				    const void *object, unsigned long va,
				    const char *fix)
{
	object_err(s, slab, object, REPORT_SLAB_CORRUPT, "Freepointer corrupt");
	report_line("free pointer of the object names 0x%lx, no object of its slab", va);
	report_line("FIX %s: %s", s->name, fix);
	report_end();
}

void *cpu_freelist_corrupt(struct kmem_cache *s, struct kmem_cache_cpu *c,
			   void *object, unsigned long va)
{
	freelist_corrupt_report(s, c->slab, object, va,
				"Isolating the rest of the cpu freelist");
	c->freelist_va = 0;
	return object;
}

/*
 * Fold @c's freelist into its slab and put the slab where it belongs.
 * Context: @c's lock held (thread mode).
 */
static void deactivate_slab(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *slab = c->slab;
	char *object = cpu_freelist(c), *base = c->base;
	unsigned long base_va = c->base_va, span = c->span;
	struct kmem_cache_node *node;
	unsigned int n = 0;

	if (!slab)
		return;
	cpu_slab_clear(c);
	node = get_node(s, slab_nid(slab));
	smp_spin_lock(&node->list_lock);
	while (object) {
		unsigned long va = get_freepointer(s, object);
		char *next = NULL;

		if (va - base_va < span) {
			next = base + (va - base_va);
		} else if (va) {
			freelist_corrupt_report(s, slab, object, va,
						"Isolating the rest of the cpu freelist");
		}
		if (++n > slab->objects || slab->inuse == 0) {
			slab_err(s, slab, REPORT_SLAB_CORRUPT,
				 "Freechain corrupt: more free objects than the slab holds");
			report_line("FIX %s: Isolating the rest of the cpu freelist",
				    s->name);
			report_end();
			break;
		}
		set_freepointer(s, object, slab->freelist);
		slab->freelist = object;
		slab->inuse--;
		object = next;
	}
	slab->frozen = 0;
	slab_place(s, slab);
	smp_spin_unlock(&node->list_lock);
}

static void flush_all(struct kmem_cache *s)
{
	for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		smp_spin_lock(&c->lock);
		deactivate_slab(s, c);
		smp_spin_unlock(&c->lock);
	}
}

/* ---- allocation slow path -------------------------------------------------- */

/*
 * The first partial slab of node @nid.  @claim: taken off the list and
 * frozen, for a CPU (under list_lock, so no free sees it in between);
 * otherwise left listed (debug caches, single-thread only).
 */
static struct page *get_partial_node(struct kmem_cache *s, int nid, bool claim)
{
	struct kmem_cache_node *n = get_node(s, nid);
	struct page *slab = NULL;

	smp_spin_lock(&n->list_lock);
	if (n->nr_partial) {
		slab = list_first_entry(&n->partial, struct page, slab_list);
		if (claim) {
			remove_partial(n, slab);
			slab->frozen = 1;
		}
	}
	smp_spin_unlock(&n->list_lock);
	return slab;
}

/* A partial slab of @node, or of any node for NUMA_NO_NODE. */
static struct page *get_partial(struct kmem_cache *s, int node, bool claim)
{
	struct page *slab;

	if (node != NUMA_NO_NODE)
		return get_partial_node(s, node, claim);
	slab = get_partial_node(s, 0, claim);
	for (int nid = 1; !slab && nid < (int)machine.nr_nodes; nid++)
		slab = get_partial_node(s, nid, claim);
	return slab;
}

/* A new slab: claimed (on no list, for a CPU to freeze) or on the partial list. */
static struct page *get_new_slab(struct kmem_cache *s, gfp_t gfp, int node,
				 bool claim)
{
	return claim ? allocate_slab(s, gfp, node) : new_slab(s, gfp, node);
}

/*
 * A slab with a free object: a partial one of the node, a new one on the
 * node (without direct reclaim: no OOM kill for one node's sake), then,
 * unless the caller said __GFP_THISNODE, anything anywhere.  @claim as for
 * get_partial_node().  NULL when no memory is left.  Context: no slab lock.
 */
static struct page *get_slab(struct kmem_cache *s, gfp_t gfp, int node,
			     bool claim)
{
	struct page *slab = get_partial(s, node, claim);

	if (slab)
		return slab;
	/* Fixed here, not in each new_slab(): one call, one warning. */
	if (unlikely(gfp & GFP_SLAB_BUG_MASK))
		gfp = kmalloc_fix_flags(gfp);
	if (node != NUMA_NO_NODE) {
		if (gfp & __GFP_THISNODE)
			return get_new_slab(s, gfp, node, claim);
		slab = get_new_slab(s, (gfp & ~__GFP_DIRECT_RECLAIM) | __GFP_THISNODE |
				       __GFP_NOWARN, node, claim);
		if (!slab)
			slab = get_partial(s, NUMA_NO_NODE, claim);
	}
	if (!slab)
		slab = get_new_slab(s, gfp, NUMA_NO_NODE, claim);
	return slab;
}

static bool node_ok(int node)
{
	if (node == NUMA_NO_NODE || (node >= 0 && node < (int)machine.nr_nodes))
		return true;
	report_begin(REPORT_BAD_ARG, "BUG: kmem_cache_alloc_node: node %d is not online",
		     node);
	report_end();
	return false;
}

/* Debug caches: straight from the node lists, every object checked. */
static void *alloc_debug(struct kmem_cache *s, gfp_t gfp, int node,
			 size_t orig_size)
{
	struct kmem_cache_node *n;
	struct page *slab;
	void *object;

	for (;;) {
		slab = get_slab(s, gfp, node, false);
		if (!slab)
			return NULL;
		n = get_node(s, slab_nid(slab));
		object = slab->freelist;
		if (alloc_debug_processing(s, slab, object))
			break;
		/* The slab is damaged: never hand out another of its objects. */
		report_line("FIX %s: Marking all objects used", s->name);
		report_end();
		remove_partial(n, slab);
		slab->inuse = slab->objects;
		slab->freelist = NULL;
		add_full(n, slab);
	}
	slab->freelist = slab_va_to_host(get_freepointer(s, object));
	slab->inuse++;
	if (slab->inuse == slab->objects) {
		remove_partial(n, slab);
		add_full(n, slab);
	}
	alloc_debug_finish(s, object, orig_size);
	return object;
}

/*
 * An object from @c's own slab: its cpu freelist, else what other CPUs
 * freed to the slab meanwhile.  Otherwise (or for another node) the slab is
 * deactivated and NULL returned.  Context: @c's lock held.
 */
static void *cpu_slab_alloc(struct kmem_cache *s, struct kmem_cache_cpu *c,
			    int node)
{
	struct page *slab = c->slab;
	struct kmem_cache_node *n;
	void *remote;

	if (!slab)
		return NULL;
	if (node != NUMA_NO_NODE && c->node != node) {
		deactivate_slab(s, c);
		return NULL;
	}
	if (c->freelist_va)
		return cpu_freelist_pop(s, c);
	n = get_node(s, c->node);
	smp_spin_lock(&n->list_lock);
	remote = slab->freelist;
	if (remote) {
		cpu_freelist_set(c, remote);
		slab->freelist = NULL;
		slab->inuse = slab->objects;
	}
	smp_spin_unlock(&n->list_lock);
	if (remote)
		return cpu_freelist_pop(s, c);
	deactivate_slab(s, c);
	return NULL;
}

void *__slab_alloc(struct kmem_cache *s, gfp_t gfp, int node, size_t orig_size)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[smp_processor_id()];
	struct page *slab;
	void *object;

	if (unlikely(!node_ok(node)))
		return NULL;
	if (kmem_cache_debug(s))
		return alloc_debug(s, gfp, node, orig_size);

	smp_spin_lock(&c->lock);
	object = cpu_slab_alloc(s, c, node);
	smp_spin_unlock(&c->lock);
	if (object)
		return object;

	slab = get_slab(s, gfp, node, true);
	if (!slab)
		return NULL;
	smp_spin_lock(&c->lock);
	/* Reclaim in allocate_slab() may have flushed or refilled this CPU. */
	deactivate_slab(s, c);
	freeze_slab(s, c, slab);
	object = cpu_freelist_pop(s, c);
	smp_spin_unlock(&c->lock);
	return object;
}

/* ---- free slow path ---------------------------------------------------------- */

/* The slab head of a host pointer, or NULL if it is no slab object. */
static struct page *virt_to_slab(const void *x)
{
	struct page *page = slab_virt_to_page(x);

	if (!page)
		return NULL;
	page = compound_head(page);
	return PageSlab(page) ? page : NULL;
}

/* Report a free of something that is not a slab object at all. */
static void bad_slab_free(struct kmem_cache *s, const void *x)
{
	unsigned long va = host_to_kva(x);
	struct page *page = slab_virt_to_page(x);

	report_begin(REPORT_SLAB_BAD_FREE,
		     "BUG %s: kmem_cache_free of 0x%lx: not a slab object", s->name, va);
	if (!va)
		report_line("(the pointer lies in no kernel window)");
	else if (page)
		report_page(page);
	report_end();
}

static void free_debug(struct kmem_cache *s, struct page *slab, void *x)
{
	bool was_full = slab->inuse == slab->objects;

	if (!free_debug_processing(s, slab, x))
		return;
	kasan_poison(x, s->object_size);
	set_freepointer(s, x, slab->freelist);
	slab->freelist = x;
	slab->inuse--;
	slab_freed_one(s, slab, was_full);
}

void __slab_free(struct kmem_cache *s, struct page *slab, void *x)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[smp_processor_id()];
	struct kmem_cache_node *n;
	bool was_full;

	if (unlikely(!x))
		return;
	if (!slab)
		slab = virt_to_slab(x);
	if (unlikely(!slab)) {
		bad_slab_free(s, x);
		return;
	}
	if (unlikely(slab->slab_cache != s)) {
		object_err(slab->slab_cache, slab, x, REPORT_SLAB_BAD_FREE,
			   "Wrong slab cache. %s but object is from %s", s->name,
			   slab->slab_cache->name);
		report_line("FIX %s: Object at 0x%lx not freed", s->name, slab_kva(x));
		report_end();
		return;
	}
	if (unlikely(!check_valid_pointer(s, slab, x))) {
		slab_err(s, slab, REPORT_SLAB_BAD_FREE, "Invalid object pointer 0x%lx",
			 slab_kva(x));
		report_line("FIX %s: Object at 0x%lx not freed", s->name, slab_kva(x));
		report_end();
		return;
	}
	if (kmem_cache_debug(s)) {
		free_debug(s, slab, x);
		return;
	}
	n = get_node(s, slab_nid(slab));
	smp_spin_lock(&c->lock);
	smp_spin_lock(&n->list_lock);
	/* Without debugging, the double frees that cost nothing to see. */
	if (unlikely(slab->inuse == 0 || x == slab->freelist ||
		     (slab == c->slab && x == cpu_freelist(c)))) {
		object_err(s, slab, x, REPORT_DOUBLE_FREE, "Object already free");
		report_line("FIX %s: Object at 0x%lx not freed", s->name, slab_kva(x));
		report_end();
		goto out;
	}

	kasan_poison(x, s->object_size);
	was_full = slab->inuse == slab->objects;
	set_freepointer(s, x, slab->freelist);
	slab->freelist = x;
	slab->inuse--;
	/*
	 * Another CPU's slab finds the object when its own list runs dry; a
	 * partial slab that still holds objects stays where it is.
	 */
	if (!slab->frozen && (was_full || !slab->inuse))
		slab_freed_one(s, slab, was_full);
out:
	smp_spin_unlock(&n->list_lock);
	smp_spin_unlock(&c->lock);
}

/* ---- the cache API ---------------------------------------------------- */

static bool cache_ok(struct kmem_cache *s, const char *fn)
{
	if (likely(s))
		return true;
	report_begin(REPORT_BAD_ARG, "BUG: %s of a NULL cache", fn);
	report_end();
	return false;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	if (unlikely(!cache_ok(s, "kmem_cache_alloc")))
		return NULL;
	return slab_alloc_node(s, gfp, NUMA_NO_NODE, s->object_size);
}

void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node)
{
	if (unlikely(!cache_ok(s, "kmem_cache_alloc_node")))
		return NULL;
	return slab_alloc_node(s, gfp, node, s->object_size);
}

void kmem_cache_free(struct kmem_cache *s, void *x)
{
	if (unlikely(!cache_ok(s, "kmem_cache_free")))
		return;
	slab_free(s, NULL, x);
}

int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t gfp, size_t size, void **p)
{
	size_t i;

	if (unlikely(!cache_ok(s, "kmem_cache_alloc_bulk")))
		return 0;
	for (i = 0; i < size; i++) {
		p[i] = slab_alloc_node(s, gfp, NUMA_NO_NODE, s->object_size);
		if (unlikely(!p[i])) {
			kmem_cache_free_bulk(s, i, p);
			return 0;
		}
	}
	return (int)size;
}

void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	if (unlikely(!cache_ok(s, "kmem_cache_free_bulk")))
		return;
	for (size_t i = 0; i < size; i++)
		slab_free(s, NULL, p[i]);
}

unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}

const char *kmem_cache_name(struct kmem_cache *s)
{
	return s->name;
}

/* ---- shrinking, shutdown, teardown -------------------------------------- */

/* Free the empty slabs of every node's partial list; return pages freed. */
static unsigned long free_empty_partials(struct kmem_cache *s)
{
	unsigned long pages = 0;

	for (int nid = 0; nid < (int)machine.nr_nodes; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct list_head *pos;

		smp_spin_lock(&n->list_lock);
		pos = n->partial.next;
		while (pos != &n->partial) {
			struct page *slab = list_entry(pos, struct page, slab_list);

			pos = pos->next;
			if (slab->inuse)
				continue;
			remove_partial(n, slab);
			pages += 1UL << slab->order;
			discard_slab(s, slab);
		}
		smp_spin_unlock(&n->list_lock);
	}
	return pages;
}

static unsigned long cache_slabs(struct kmem_cache *s)
{
	unsigned long slabs = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		smp_spin_lock(&s->node[nid].list_lock);
		slabs += s->node[nid].nr_slabs;
		smp_spin_unlock(&s->node[nid].list_lock);
	}
	return slabs;
}

unsigned long kmem_cache_reclaimable_pages(struct kmem_cache *s)
{
	unsigned long pages = 0;

	for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		smp_spin_lock(&c->lock);
		if (c->slab)
			pages += 1UL << c->slab->order;
		smp_spin_unlock(&c->lock);
	}
	for (int nid = 0; nid < (int)machine.nr_nodes; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct list_head *pos;

		smp_spin_lock(&n->list_lock);
		list_for_each(pos, &n->partial) {
			struct page *slab = list_entry(pos, struct page, slab_list);

			if (!slab->inuse)
				pages += 1UL << slab->order;
		}
		smp_spin_unlock(&n->list_lock);
	}
	return pages;
}

unsigned long __kmem_cache_shrink(struct kmem_cache *s)
{
	flush_all(s);
	return free_empty_partials(s);
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	if (!cache_ok(s, "kmem_cache_shrink"))
		return 0;
	__kmem_cache_shrink(s);
	return cache_slabs(s) ? 1 : 0;
}

bool __kmem_cache_shutdown(struct kmem_cache *s)
{
	__kmem_cache_shrink(s);
	return cache_slabs(s) == 0;
}

/* Every slab of @s, cpu slabs included, for teardown's ASan unpoisoning. */
static void unpoison_list(struct list_head *head)
{
	struct list_head *pos;

	list_for_each(pos, head) {
		struct page *slab = list_entry(pos, struct page, slab_list);

		kasan_unpoison(slab_address(slab), PAGE_SIZE << slab->order);
	}
}

void __kmem_cache_release(struct kmem_cache *s)
{
	for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++) {
		struct page *slab = s->cpu_slab[cpu].slab;

		if (slab)
			kasan_unpoison(slab_address(slab), PAGE_SIZE << slab->order);
	}
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		unpoison_list(&s->node[nid].partial);
		unpoison_list(&s->node[nid].full);
	}
}

/* ---- counting ------------------------------------------------------------ */

/* Length of a freelist that starts at @object, at most @max links. */
static unsigned int freelist_len(struct kmem_cache *s, struct page *slab,
				 const void *object, unsigned int max)
{
	unsigned int n = 0;

	while (object && n < max && check_valid_pointer(s, slab, object)) {
		n++;
		object = slab_va_to_host(get_freepointer(s, object));
	}
	return n;
}

void slab_count(struct kmem_cache *s, unsigned long *active_objs,
		unsigned long *num_objs, unsigned long *num_slabs)
{
	unsigned long total = 0, free = 0, slabs = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct list_head *pos;

		total += n->total_objects;
		slabs += n->nr_slabs;
		list_for_each(pos, &n->partial) {
			struct page *slab = list_entry(pos, struct page, slab_list);

			free += slab->objects - slab->inuse;
		}
	}
	for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		if (!c->slab)
			continue;
		free += c->slab->objects - c->slab->inuse;
		free += freelist_len(s, c->slab, cpu_freelist(c), c->slab->objects);
	}
	*active_objs = total - free;
	*num_objs = total;
	*num_slabs = slabs;
}

/* Mark the objects of @slab on the freelist at @object in @is_free. */
static void mark_free(struct kmem_cache *s, struct page *slab,
		      const void *object, u8 *is_free)
{
	unsigned int n = 0;

	while (object && n++ < slab->objects && check_valid_pointer(s, slab, object)) {
		is_free[obj_to_index(s, slab, object)] = 1;
		object = slab_va_to_host(get_freepointer(s, object));
	}
}

static unsigned int report_slab_live(struct kmem_cache *s, struct page *slab,
				     unsigned int budget)
{
	static u8 is_free[MAX_OBJS_PER_PAGE + 1];
	char *p = slab_objects_base(s, slab);
	unsigned int shown = 0;

	memset(is_free, 0, slab->objects);
	mark_free(s, slab, slab->freelist, is_free);
	for (unsigned int i = 0; i < slab->objects && shown < budget; i++, p += s->size) {
		if (is_free[i])
			continue;
		report_object_line(s, slab, p);
		shown++;
	}
	return shown;
}

void report_live_objects(struct kmem_cache *s, unsigned int max)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct list_head *heads[2] = { &s->node[nid].partial, &s->node[nid].full };

		for (int l = 0; l < 2; l++) {
			struct list_head *pos;

			list_for_each(pos, heads[l]) {
				struct page *slab = list_entry(pos, struct page, slab_list);

				if (max == 0)
					return;
				max -= report_slab_live(s, slab, max);
			}
		}
	}
}

/* ---- hardened usercopy ---------------------------------------------------- */

/* Is @object on the freelist at @fp?  Silent: a corrupt link ends the walk. */
static bool freelist_has(struct kmem_cache *s, struct page *slab,
			 const void *fp, const void *object)
{
	unsigned int n = 0;

	while (fp && n++ < slab->objects && check_valid_pointer(s, slab, fp)) {
		if (fp == object)
			return true;
		fp = slab_va_to_host(get_freepointer(s, fp));
	}
	return false;
}

/* Is @object free: on @slab's freelist or, for a cpu slab, its CPU's? */
static bool slab_object_is_free(struct kmem_cache *s, struct page *slab,
				const void *object)
{
	if (freelist_has(s, slab, slab->freelist, object))
		return true;
	for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		if (c->slab == slab)
			return freelist_has(s, slab, cpu_freelist(c), object);
	}
	return false;
}

/* Linux's usercopy_abort() line for a slab object. */
static bool usercopy_slab_abort(enum report_type type, const char *what,
				struct kmem_cache *s, struct page *slab,
				bool to_user, unsigned long offset,
				unsigned long n)
{
	report_begin(type,
		     "usercopy: Kernel memory %s attempt detected %s %s '%s' (offset %lu, size %lu)!",
		     to_user ? "exposure" : "overwrite", to_user ? "from" : "to",
		     what, s->name, offset, n);
	report_line("usercopy window of '%s': offset %u, size %u; object size %u",
		    s->name, s->useroffset, s->usersize, s->object_size);
	report_line("slab at 0x%lx, pfn %#lx, order %u", slab_kva(slab_address(slab)),
		    page_to_pfn(slab), slab->order);
	report_end();
	return false;
}

bool __check_heap_object(const void *ptr, unsigned long n, struct page *slab,
			 bool to_user)
{
	struct kmem_cache *s = slab->slab_cache;
	const char *base = slab_objects_base(s, slab);
	unsigned long delta, offset;
	unsigned int index;

	/* Left red zone of the first object, or the slab's tail padding. */
	if ((const char *)ptr < base) {
		return usercopy_slab_abort(REPORT_USERCOPY_SLAB, "SLUB object in left red zone",
					   s, slab, to_user,
					   (unsigned long)((const char *)ptr - (const char *)slab_address(slab)), n);
	}
	delta = (unsigned long)((const char *)ptr - base);
	index = obj_to_index(s, slab, ptr);
	if (index >= slab->objects)
		return usercopy_slab_abort(REPORT_USERCOPY_SLAB, "SLUB object past the last object",
					   s, slab, to_user, delta - (unsigned long)index * s->size, n);
	offset = delta - (unsigned long)index * s->size;
	/* Objects start red_left_pad into their slot: the rest is red zone. */
	if (offset >= s->size - s->red_left_pad)
		return usercopy_slab_abort(REPORT_USERCOPY_SLAB, "SLUB object in left red zone",
					   s, slab, to_user, offset, n);
	if (slab_object_is_free(s, slab, base + (unsigned long)index * s->size))
		return usercopy_slab_abort(REPORT_USERCOPY_FREE, "free SLUB object",
					   s, slab, to_user, offset, n);
	if (offset >= s->useroffset && offset - s->useroffset <= s->usersize &&
	    n <= s->useroffset - offset + s->usersize)
		return true;
	return usercopy_slab_abort(REPORT_USERCOPY_SLAB, "SLUB object", s, slab,
				   to_user, offset, n);
}
