/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/slab.h - what slub.c, slub_debug.c and slab_common.c share: the cache
 * structures, the free-pointer encoding, the allocation and free fast paths
 * (inline, so that kmalloc() and kfree() get them without a call), and the
 * prototypes each file offers the others, grouped under their owner.
 *
 * Glossary (see the essay at the top of slub.c)
 *   slab        2^order buddy pages carved into objects; its head struct
 *               page (PG_slab) holds slab_cache, freelist, inuse, objects
 *               and frozen; tail pages point at the head (compound_head).
 *   slot        one object's share of the slab: s->size bytes.  Without
 *               red zones the object starts the slot; with them it starts
 *               red_left_pad bytes in.
 *   free pointer the link from a free object to the next, stored inside the
 *               object (at s->offset) as the next object's arch VA xor the
 *               cache's secret xor the byte-swapped VA of where it is
 *               stored (Linux's CONFIG_SLAB_FREELIST_HARDENED).
 *   cpu slab    the slab a CPU allocates from; "frozen": on no list.  Its
 *               free objects sit on two lists: the CPU's own
 *               (kmem_cache_cpu.freelist_va), which only that CPU touches, and
 *               the slab's (page->freelist), where other CPUs free to.
 *   inuse       objects not on the slab's own freelist; for a frozen slab
 *               that includes the CPU freelist's objects.
 */
#ifndef _MM_SLAB_H
#define _MM_SLAB_H

#include <string.h>

#include <linux/fault-inject.h>
#include <linux/mm.h>
#include <linux/mm_bugs.h>
#include <linux/report.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "internal.h"
#include "kasan.h"

/* Free pointers are arch VAs, stored with the width of an arch pointer. */
#define FREEPTR_BYTES	(ARCH_VA_BITS > 32 ? 8 : 4)

/* Debug byte values, as Linux's <linux/poison.h>. */
#define POISON_INUSE		0x5a	/* padding, and slab memory not yet used */
#define POISON_FREE		0x6b	/* a free object's bytes */
#define POISON_END		0xa5	/* its last byte */
#define SLUB_RED_INACTIVE	0xbb	/* red zone of a free object */
#define SLUB_RED_ACTIVE		0xcc	/* red zone of an allocated object */

/*
 * GFP bits a slab allocation passes down to the page allocator (the zone
 * comes from the cache), and those kmalloc refuses: highmem has no
 * address, and kmalloc has no DMA32 caches.
 */
#define GFP_RECLAIM_MASK	(__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | \
				 __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | \
				 __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)
#define GFP_CONSTRAINT_MASK	(__GFP_HARDWALL | __GFP_THISNODE)
#define GFP_SLAB_BUG_MASK	(__GFP_DMA32 | __GFP_HIGHMEM | \
				 ~((gfp_t)(1U << ___GFP_LAST_BIT) - 1))

/* Linux's slub_max_order: slabs above it only when an object needs it. */
#define SLUB_MAX_ORDER		3
#define MAX_OBJS_PER_PAGE	32767

/*
 * Per-CPU state.  Only its CPU touches it; in single-thread mode
 * "lock-free" is simply "no lock": the CPU switch is machine_set_cpu(),
 * never a preemption in the middle of a fast path.  In thread mode the
 * fast paths step aside and the slow paths hold @lock (Linux's local_lock
 * of cpu_slab), which a flush from another CPU takes too.
 * @base and @span describe the cpu slab's objects so that the fast paths
 * can tell "an object start of my slab" with two compares and a multiply;
 * both are 0 when the CPU has no slab, which makes every check fail.  The
 * freelist head is kept as an arch VA, the form free pointers encode, so
 * that neither fast path converts addresses or tests for NULL.
 */
struct kmem_cache_cpu {
	unsigned long	freelist_va;	/* arch VA of the next object, or 0 */
	char		*base;		/* host address of the first object */
	unsigned long	base_va;	/* its arch VA */
	unsigned long	span;		/* objects * size */
	struct page	*slab;		/* the cpu slab, or NULL */
	int		node;		/* the slab's node */
	spinlock_t	lock;		/* thread mode only */
} ____cacheline_aligned_in_smp;

/*
 * Per-node lists.  Every slab that is not some CPU's slab is on exactly
 * one of them: partial (0 <= inuse < objects; empty ones only while fewer
 * than min_partial slabs are partial) or full (inuse == objects).
 * Thread mode: @list_lock guards the lists and counters, and the
 * freelist, inuse and frozen of every slab of the node (Linux guards the
 * last three with slab_lock and cmpxchg instead).
 */
struct kmem_cache_node {
	spinlock_t		list_lock;
	struct list_head	partial;
	unsigned long		nr_partial;
	struct list_head	full;
	unsigned long		nr_full;
	unsigned long		nr_slabs;	/* all slabs of the node, cpu ones too */
	unsigned long		total_objects;
};

struct kmem_cache_order_objects {
	unsigned int		order;
	unsigned int		objects;
};

/*
 * struct kmem_cache lives in host memory, not in simulated RAM (unlike
 * Linux, which allocates it from the kmem_cache cache): metadata that no
 * simulated write can reach keeps "reported and refused, cache intact"
 * true even when a program scribbles over freed memory, and a cache that is
 * created and destroyed leaves the buddy counters exactly as they were.
 * Its per-CPU part is what Linux's percpu allocator would hold.
 */
struct kmem_cache {
	/* Read by every fast path: keep within the first cache line. */
	unsigned long		random;		/* free-pointer secret */
	u64			reciprocal_size; /* ceil(2^64 / size) */
	unsigned int		size;		/* slot size */
	unsigned int		object_size;	/* what the caller asked for */
	unsigned int		offset;		/* free pointer, from the object */
	slab_flags_t		flags;
	unsigned int		red_left_pad;	/* left red zone + its alignment */
	unsigned int		inuse;		/* object + right red zone */
	/* Slow paths. */
	unsigned int		align;
	unsigned int		min_partial;
	struct kmem_cache_order_objects oo;	/* preferred slab order */
	struct kmem_cache_order_objects min;	/* smallest order that fits one */
	gfp_t			allocflags;	/* zone of the slab pages */
	int			refcount;	/* -1: a boot cache, never destroyed */
	void			(*ctor)(void *);
	unsigned int		useroffset;	/* usercopy window, from the object */
	unsigned int		usersize;	/* 0: no copy to or from user */
	const char		*name;
	struct list_head	list;		/* slab_caches */
	struct kmem_cache_node	node[MAX_NUMNODES];
	struct kmem_cache_cpu	cpu_slab[];	/* machine.nr_cpus of them */
};

/* Owner record (SLAB_STORE_USER), stored in the slot after the free pointer. */
enum track_item { TRACK_ALLOC, TRACK_FREE };

struct track {
	s64		op_index;	/* machine.op_index then */
	u32		cpu;
	u32		valid;
};

static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

/* Poison the object bytes of free objects (not with a constructor). */
static inline bool slab_poisons_objects(const struct kmem_cache *s)
{
	return (s->flags & SLAB_POISON) && !s->ctor;
}

/*
 * Linux's slub_debug_orig_size(): kmalloc caches with red zones and owner
 * records also remember the size asked for, and red-zone the rest of the
 * object while it is allocated, so that kmalloc(10) then a write to byte
 * 12 is caught although the object has 16.
 */
static inline bool slub_debug_orig_size(const struct kmem_cache *s)
{
	return (s->flags & SLAB_KMALLOC) && (s->flags & SLAB_RED_ZONE) &&
	       (s->flags & SLAB_STORE_USER);
}

static inline bool freeptr_outside_object(const struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

/* Where the owner records start, from the object. */
static inline unsigned int get_info_end(const struct kmem_cache *s)
{
	return freeptr_outside_object(s) ? s->offset + FREEPTR_BYTES : s->inuse;
}

/* ---- addresses -------------------------------------------------------- */

static inline char *direct_map_host(void)
{
	return machine.window[WINDOW_DIRECT].host;
}

/* Arch VA of a host pointer into the direct map. */
static inline unsigned long slab_kva(const void *p)
{
	return (unsigned long)((const char *)p - direct_map_host()) + PAGE_OFFSET;
}

/*
 * The struct page of a host pointer into the direct map, without a
 * pfn_valid() search: mem_map covers every pfn below max_pfn, holes too,
 * and a hole's page has no flags.  NULL outside the direct map.
 */
static inline struct page *slab_virt_to_page(const void *p)
{
	unsigned long off = (unsigned long)((const char *)p - direct_map_host());

	if (unlikely(off >= PFN_PHYS(machine.max_low_pfn)))
		return NULL;
	return machine.mem_map + (off >> PAGE_SHIFT);
}

static inline void *slab_address(const struct page *slab)
{
	return __va(PFN_PHYS(page_to_pfn(slab)));
}

/* The first object of @slab (past the left red zone). */
static inline char *slab_objects_base(const struct kmem_cache *s,
				      const struct page *slab)
{
	return (char *)slab_address(slab) + s->red_left_pad;
}

/* Is @off (from the first object) a multiple of s->size?  Lemire's test. */
static inline bool slab_offset_is_object(const struct kmem_cache *s,
					 unsigned long off)
{
	return (u64)(off * s->reciprocal_size) < s->reciprocal_size;
}

/* Is @p NULL or an object start of @slab? */
static inline bool check_valid_pointer(const struct kmem_cache *s,
				       const struct page *slab, const void *p)
{
	unsigned long off;

	if (!p)
		return true;
	off = (unsigned long)((const char *)p - slab_objects_base(s, slab));
	return off < (unsigned long)slab->objects * s->size &&
	       slab_offset_is_object(s, off);
}

static inline unsigned int obj_to_index(const struct kmem_cache *s,
					const struct page *slab, const void *obj)
{
	unsigned long off = (unsigned long)((const char *)obj -
					    slab_objects_base(s, slab));

	return (unsigned int)(((unsigned __int128)off * s->reciprocal_size) >> 64);
}

/* ---- free pointers ---------------------------------------------------- */

static inline unsigned long swab_freeptr(unsigned long v)
{
	if (FREEPTR_BYTES == 8)
		return __builtin_bswap64(v);
	return __builtin_bswap32((u32)v);
}

static inline unsigned long freeptr_mask(void)
{
	return FREEPTR_BYTES == 8 ? ~0UL : 0xffffffffUL;
}

/* The raw stored word: free objects are poisoned for ASan, we may read. */
static inline __no_sanitize_address unsigned long
freeptr_raw_load(const void *slot)
{
	if (FREEPTR_BYTES == 8)
		return *(const u64 *)slot;
	return *(const u32 *)slot;
}

static inline __no_sanitize_address void freeptr_raw_store(void *slot,
							   unsigned long v)
{
	if (FREEPTR_BYTES == 8)
		*(u64 *)slot = v;
	else
		*(u32 *)slot = (u32)v;
}

/* The arch VA that @object's free pointer names; 0 ends the list. */
static inline unsigned long get_freepointer(const struct kmem_cache *s,
					    const void *object)
{
	const char *slot = (const char *)object + s->offset;

	return (freeptr_raw_load(slot) ^ s->random ^ swab_freeptr(slab_kva(slot))) &
	       freeptr_mask();
}

/* Make @object's free pointer name @next (host pointer or NULL). */
static inline void set_freepointer(const struct kmem_cache *s, void *object,
				   const void *next)
{
	char *slot = (char *)object + s->offset;
	unsigned long va = next ? slab_kva(next) : 0;

	freeptr_raw_store(slot, (va ^ s->random ^ swab_freeptr(slab_kva(slot))) &
				freeptr_mask());
}

/*
 * Host pointer of a free pointer's VA, NULL for 0.  Integer arithmetic:
 * a corrupt VA gives a wild pointer that the caller checks (with
 * check_valid_pointer()) before following, never an overflow.
 */
static inline void *slab_va_to_host(unsigned long va)
{
	return va ? (void *)((unsigned long)direct_map_host() + (va - PAGE_OFFSET)) : NULL;
}

/* ---- slub.c ------------------------------------------------------------- */

/* Slow paths of the inline fast paths below. */
void *__slab_alloc(struct kmem_cache *s, gfp_t gfp, int node, size_t orig_size);
void __slab_free(struct kmem_cache *s, struct page *slab, void *x);
/* The cpu freelist's next link at @object names no object of its slab. */
void *cpu_freelist_corrupt(struct kmem_cache *s, struct kmem_cache_cpu *c,
			   void *object, unsigned long va);

/* "Unexpected gfp": report @flags's GFP_SLAB_BUG_MASK bits, drop them. */
gfp_t kmalloc_fix_flags(gfp_t flags);
/* Fill in size, offset, order, min_partial of @s; false if impossible. */
bool kmem_cache_open(struct kmem_cache *s);
/* Flush the CPU slabs and free every slab; false (cache left as it
 * is) while objects are live. */
bool __kmem_cache_shutdown(struct kmem_cache *s);
/* Free every slab whatever it holds, for machine teardown. */
void __kmem_cache_release(struct kmem_cache *s);
/* Flush CPU slabs and free empty slabs; return pages freed. */
unsigned long __kmem_cache_shrink(struct kmem_cache *s);
/* Pages a shrink might free: empty partial slabs plus the cpu slabs. */
unsigned long kmem_cache_reclaimable_pages(struct kmem_cache *s);
/* Live objects and their slabs, for destroy's report and slabinfo. */
void slab_count(struct kmem_cache *s, unsigned long *active_objs,
		unsigned long *num_objs, unsigned long *num_slabs);
/* The live objects of @s, reported as lines of the open report. */
void report_live_objects(struct kmem_cache *s, unsigned int max);

/*
 * Hardened usercopy's slab check (Linux's __check_heap_object): may @n
 * bytes at @ptr, inside @slab, go to (@to_user) or come from user space?
 * Inside one live object and inside its cache's usercopy window; otherwise
 * a REPORT_USERCOPY_SLAB or REPORT_USERCOPY_FREE report and false.
 */
bool __check_heap_object(const void *ptr, unsigned long n,
			 struct page *slab, bool to_user);

/* ---- slub_debug.c ------------------------------------------------------- */

/* The flags @name gets from the slab_debug string, or'd into @flags. */
slab_flags_t kmem_cache_flags(const char *name, slab_flags_t flags);

/* Debug state of a new slab's memory, and of each object in it. */
void setup_slab_debug(struct kmem_cache *s, struct page *slab);
void setup_object_debug(struct kmem_cache *s, void *object);
/* Checks and bookkeeping; false means "refuse", after a report. */
/*
 * Before handing out @object: its poison, red zones and free pointer.  On
 * false the report is left open for the caller's FIX line.
 */
bool alloc_debug_processing(struct kmem_cache *s, struct page *slab,
			    void *object);
/* After: owner record and active red zones. */
void alloc_debug_finish(struct kmem_cache *s, void *object, size_t orig_size);
/* ksize() and krealloc() in place: the caller now owns @size bytes. */
void set_orig_size(struct kmem_cache *s, void *object, size_t size);
/*
 * Before taking @object back: already free?  red zones intact?  On true
 * it is poisoned and its free recorded; on false the report is finished
 * and the object must stay as it is.
 */
bool free_debug_processing(struct kmem_cache *s, struct page *slab,
			   void *object);
/* Checks of a slab about to go back to the buddy allocator (F). */
void slab_discard_checks(struct kmem_cache *s, struct page *slab);
/* Is @object a free object of @slab (on its own freelist)? */
bool on_freelist(struct kmem_cache *s, struct page *slab, const void *object);
/* check_object() of a free object for kmem_cache_is_valid(). */
bool check_free_object(struct kmem_cache *s, struct page *slab, void *object);

/* "BUG <cache>: <problem>" with object details, and the FIX line. */
void object_err(struct kmem_cache *s, struct page *slab, const void *object,
		enum report_type type, const char *fmt, ...) __printf(5, 6);
void slab_err(struct kmem_cache *s, struct page *slab, enum report_type type,
	      const char *fmt, ...) __printf(4, 5);
/* One "Object ... @offset=" line, with owner records if tracked. */
void report_object_line(struct kmem_cache *s, struct page *slab,
			const void *object);

/* ---- slab_common.c ------------------------------------------------------ */

extern struct list_head slab_caches;

/* ---- the fast paths ------------------------------------------------------ */

/* The cpu freelist's head as a host pointer, or NULL. */
static inline void *cpu_freelist(const struct kmem_cache_cpu *c)
{
	return c->freelist_va ? c->base + (c->freelist_va - c->base_va) : NULL;
}

/* Make @object (an object of c->slab, or NULL) the cpu freelist's head. */
static inline void cpu_freelist_set(struct kmem_cache_cpu *c, const void *object)
{
	c->freelist_va = object ? c->base_va + (unsigned long)((const char *)object - c->base) : 0;
}

/*
 * Pop the cpu freelist's first object.  The next link is checked before it
 * is followed: it must name an object of the cpu slab (or end the list),
 * so a write through a dangling pointer is caught here, not followed.
 */
static __always_inline void *cpu_freelist_pop(struct kmem_cache *s,
					      struct kmem_cache_cpu *c)
{
	unsigned long va = c->freelist_va;
	char *object = c->base + (va - c->base_va);
	unsigned long next = freeptr_raw_load(object + s->offset) ^ s->random ^
			     swab_freeptr(va + s->offset);

	if (unlikely(next - c->base_va >= c->span) && next)
		return cpu_freelist_corrupt(s, c, object, next);
	c->freelist_va = next;
	return object;
}

/* KASAN and __GFP_ZERO for a fresh object; @orig_size bytes stay usable. */
static __always_inline void slab_post_alloc_hook(struct kmem_cache *s,
						 void *object, gfp_t gfp,
						 size_t orig_size)
{
	kasan_unpoison(object, s->object_size);
	if (unlikely(gfp & __GFP_ZERO))
		memset(object, 0, slub_debug_orig_size(s) ? orig_size : s->object_size);
	if (orig_size < s->object_size)
		kasan_poison((char *)object + orig_size,
			     s->object_size - orig_size);
}

/*
 * Linux's slab_alloc_node(): budget, a dozen instructions on the hit path
 * (load CPU, load freelist, decode and range-check the next link, store).
 * Everything else (empty freelist, a node request, debug caches, whose
 * cpu freelist is always empty, thread mode, where the cpu slab is under
 * its lock) is one unlikely branch into __slab_alloc().
 */
static __always_inline void *slab_alloc_node(struct kmem_cache *s, gfp_t gfp,
					     int node, size_t orig_size)
{
	struct kmem_cache_cpu *c;
	void *object;

	might_alloc(gfp);
	if (unlikely(should_failslab(s, gfp)))
		return NULL;
	c = &s->cpu_slab[smp_processor_id()];
	if (likely(!smp_threads_on() && c->freelist_va && node == NUMA_NO_NODE)) {
		object = cpu_freelist_pop(s, c);
		slab_post_alloc_hook(s, object, gfp, orig_size);
		return object;
	}
	object = __slab_alloc(s, gfp, node, orig_size);
	if (likely(object))
		slab_post_alloc_hook(s, object, gfp, orig_size);
	return object;
}

/*
 * Linux's do_slab_free() fast path: an object start of this CPU's slab
 * that is not the freelist head (the naive double free) goes straight
 * onto the cpu freelist.  Context: @c's lock held in thread mode.
 * Return: false for anything else, including every object of a debug
 * cache (it has no cpu slab), which __slab_free() must check against its
 * slab.
 */
static __always_inline bool cpu_freelist_free(struct kmem_cache *s,
					      struct kmem_cache_cpu *c, void *x)
{
	unsigned long off = (unsigned long)((char *)x - c->base);
	unsigned long va = c->base_va + off;

	if (unlikely(off >= c->span || !slab_offset_is_object(s, off) ||
		     va == c->freelist_va))
		return false;
	if (mm_bug_on(MM_BUG_SCRIBBLE) && off >= s->size)
		raw_memset((char *)x - s->size, 0x6b, 8);
	kasan_poison(x, s->object_size);
	freeptr_raw_store((char *)x + s->offset, c->freelist_va ^ s->random ^
			  swab_freeptr(va + s->offset));
	c->freelist_va = va;
	return true;
}

/*
 * Free @x (of @slab if the caller knows it, else found from @x): onto the
 * cpu freelist when it is of this CPU's slab, else through __slab_free().
 */
static __always_inline void slab_free(struct kmem_cache *s, struct page *slab,
				      void *x)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[smp_processor_id()];
	bool done;

	if (likely(!smp_threads_on())) {
		if (likely(cpu_freelist_free(s, c, x)))
			return;
	} else {
		/* Another CPU's flush may be clearing @c: under its lock. */
		smp_spin_lock(&c->lock);
		done = cpu_freelist_free(s, c, x);
		smp_spin_unlock(&c->lock);
		if (done)
			return;
	}
	__slab_free(s, slab, x);
}

#endif /* _MM_SLAB_H */
