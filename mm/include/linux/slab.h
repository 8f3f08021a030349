/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slab caches and the kmalloc family.
 *
 * A kmem_cache hands out objects of one size carved from slabs of buddy
 * pages (mm/slub.c); kmalloc() picks a cache by size class, or takes whole
 * pages above KMALLOC_MAX_CACHE_SIZE (mm/slab_common.c).  Debugging as SLUB
 * does it (red zones, poisoning, owner tracking, consistency checks) is
 * chosen per cache by SLAB_* flags or per machine by the slab_debug option
 * string of struct machine_desc (mm/slub_debug.c).
 *
 * Every bad pointer handed to a free (double free, interior pointer, object
 * of another cache, memory that is not from kmalloc) is reported with a
 * "BUG <cache>: <problem>" block and refused: the cache stays intact.
 *
 * Context: the machine must be booted.  Functions whose GFP mask allows
 * direct reclaim may sleep (might_alloc()).
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <stdio.h>

#include <linux/cache.h>
#include <linux/gfp_types.h>
#include <linux/mmzone.h>
#include <linux/types.h>

typedef unsigned int slab_flags_t;

/*
 * Cache flags, values as Linux's.  The four debug flags are what the
 * slab_debug letters F, Z, P and U turn on.
 */
#define SLAB_CONSISTENCY_CHECKS	((slab_flags_t)0x00000100U) /* F: freelist and slab checks */
#define SLAB_RED_ZONE		((slab_flags_t)0x00000400U) /* Z: red zones around objects */
#define SLAB_POISON		((slab_flags_t)0x00000800U) /* P: poison free objects */
#define SLAB_KMALLOC		((slab_flags_t)0x00001000U) /* a kmalloc cache (internal) */
#define SLAB_HWCACHE_ALIGN	((slab_flags_t)0x00002000U) /* align objects to cache lines */
#define SLAB_CACHE_DMA		((slab_flags_t)0x00004000U) /* slabs from ZONE_DMA */
#define SLAB_CACHE_DMA32	((slab_flags_t)0x00008000U) /* slabs from ZONE_DMA32 */
#define SLAB_STORE_USER		((slab_flags_t)0x00010000U) /* U: track last alloc and free */
#define SLAB_PANIC		((slab_flags_t)0x00040000U) /* panic if creation fails */

#define SLAB_DEBUG_FLAGS	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
				 SLAB_POISON | SLAB_STORE_USER)

/*
 * kmalloc(0) returns ZERO_SIZE_PTR: unique, never dereferenceable, and
 * accepted by kfree() and krealloc() like NULL.
 */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/*
 * Alignment: every kmalloc object is aligned to ARCH_KMALLOC_MINALIGN, and
 * a power-of-two size to that size.  Caches align to at least
 * ARCH_SLAB_MINALIGN.  Both are x86's __alignof__(unsigned long long).
 */
#define ARCH_KMALLOC_MINALIGN	8
#define ARCH_SLAB_MINALIGN	8
#define KMALLOC_MIN_SIZE	ARCH_KMALLOC_MINALIGN

/*
 * Size classes: 8, 16, 32, 64, 96, 128, 192, 256, ..., 8192.  Larger
 * requests take 2^order pages straight from the page allocator, up to
 * MAX_PAGE_ORDER (4 MiB); anything larger fails.
 */
#define KMALLOC_SHIFT_LOW	3
#define KMALLOC_SHIFT_HIGH	(PAGE_SHIFT + 1)
#define KMALLOC_SHIFT_MAX	(MAX_PAGE_ORDER + PAGE_SHIFT)
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE	(1UL << KMALLOC_SHIFT_MAX)
#define KMALLOC_MAX_ORDER	(KMALLOC_SHIFT_MAX - PAGE_SHIFT)

#define NUMA_NO_NODE		(-1)

struct kmem_cache;

/* ---- caches (mm/slab_common.c, mm/slub.c) -------------------------- */

/**
 * kmem_cache_create() - a cache of @size-byte objects.
 * @name:	shown in reports and slabinfo; copied.
 * @size:	object size, 1..KMALLOC_MAX_SIZE.
 * @align:	0 or a power of two; objects are aligned to at least this.
 * @flags:	SLAB_* flags.
 * @ctor:	run once per object when its slab is created, never on alloc:
 *		a freed object must be back in its constructed state.
 *
 * Context: may sleep.
 * Return: the cache, or NULL (after a report) for a bad argument or when
 * no memory is left; with SLAB_PANIC a failure panics instead.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));

/**
 * kmem_cache_create_usercopy() - kmem_cache_create() of a cache whose
 * objects may be copied to and from user space in one window.
 * @useroffset, @usersize: the window, [@useroffset, @useroffset +
 *		@usersize) of each object; copy_to_user() and copy_from_user()
 *		of anything else of an object are refused (hardened usercopy).
 *		kmem_cache_create() is this with an empty window: nothing of
 *		its objects may be copied.  kmalloc caches have the whole
 *		object as their window.
 *
 * Context: may sleep.  A window outside the object (or an offset with a
 * zero size) is a REPORT_BAD_ARG warning and the cache is made with no
 * window, as Linux does.
 * Return: as kmem_cache_create().
 */
struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size,
					      unsigned int align, slab_flags_t flags,
					      unsigned int useroffset,
					      unsigned int usersize,
					      void (*ctor)(void *));

/**
 * kmem_cache_destroy() - release a cache and all its slabs.
 * NULL is a no-op.  A cache that still has objects is not destroyed: the
 * report names the cache and the count, and the objects stay valid.
 * Context: may sleep.
 */
void kmem_cache_destroy(struct kmem_cache *s);

/**
 * kmem_cache_shrink() - give the cache's empty slabs back to the buddy
 * allocator, after flushing every CPU's slab.
 * Return: 0 if the cache has no slab left, 1 otherwise.
 */
int kmem_cache_shrink(struct kmem_cache *s);

/**
 * kmem_cache_alloc() - one object from @s.
 * @gfp: __GFP_ZERO zeroes the object; zone and reclaim modifiers go to the
 * page allocator when a new slab is needed.
 * Return: the object, or NULL when no memory (or failslab) says so.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp);
/* kmem_cache_alloc() from a slab of node @node (NUMA_NO_NODE: any). */
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node);

/**
 * kmem_cache_free() - give @objp back to @s.
 * NULL is a no-op; a pointer that is not a live object of @s is reported
 * and refused.
 */
void kmem_cache_free(struct kmem_cache *s, void *objp);

/**
 * kmem_cache_alloc_bulk() - @size objects into @p.
 * Return: @size, or 0 with nothing allocated.
 */
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t gfp, size_t size,
			  void **p);
/* kmem_cache_free() of each of @p[0..@size). */
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p);

/* The object size @s was created with. */
unsigned int kmem_cache_size(struct kmem_cache *s);
const char *kmem_cache_name(struct kmem_cache *s);

/* ---- kmalloc (mm/slab_common.c) ----------------------------------------- */

/**
 * kmalloc() - @size bytes of kernel memory.
 * @gfp: __GFP_DMA takes the dma-kmalloc caches; __GFP_ZERO zeroes;
 * __GFP_HIGHMEM and __GFP_DMA32 are a caller bug, reported and masked.
 *
 * Return: ZERO_SIZE_PTR for 0 bytes; an object of the smallest class that
 * fits, aligned as said above; pages for more than KMALLOC_MAX_CACHE_SIZE;
 * NULL above KMALLOC_MAX_SIZE or when no memory is left.
 */
void *kmalloc(size_t size, gfp_t gfp);
void *kmalloc_node(size_t size, gfp_t gfp, int node);
void *kzalloc(size_t size, gfp_t gfp);
void *kzalloc_node(size_t size, gfp_t gfp, int node);
/* kmalloc(@n * @size); NULL if the product overflows. */
void *kmalloc_array(size_t n, size_t size, gfp_t gfp);
void *kmalloc_array_node(size_t n, size_t size, gfp_t gfp, int node);
/* kmalloc_array() | __GFP_ZERO. */
void *kcalloc(size_t n, size_t size, gfp_t gfp);

/**
 * krealloc() - resize @p to @new_size, keeping its contents.
 * In place while ksize(@p) allows it; otherwise a new object gets the old
 * contents and @p is freed.  krealloc(NULL or ZERO_SIZE_PTR, n) is
 * kmalloc(n); krealloc(p, 0) frees @p and returns ZERO_SIZE_PTR.
 * Return: the object, or NULL with @p left untouched.
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
/* krealloc(@p, @n * @size); NULL if the product overflows. */
void *krealloc_array(void *p, size_t n, size_t size, gfp_t gfp);

/**
 * kfree() - free memory from kmalloc (or any slab object).
 * NULL and ZERO_SIZE_PTR are no-ops.  Anything else that is not the start
 * of a live kmalloc object or large kmalloc is reported and refused.
 */
void kfree(const void *p);

/**
 * ksize() - bytes usable at @p: the object size of its cache, or the whole
 * pages of a large kmalloc.  0 for NULL and ZERO_SIZE_PTR; a bad pointer is
 * reported and gives 0.
 */
size_t ksize(const void *p);

/**
 * kmalloc_size_roundup() - what ksize(kmalloc(@size)) would be, so a
 * caller can ask for the whole bucket up front.
 * Context: any; allocates nothing.
 * Return: the size class (up to KMALLOC_MAX_CACHE_SIZE), the whole pages
 * of a large kmalloc (up to KMALLOC_MAX_SIZE); 0 for 0 and @size itself
 * above KMALLOC_MAX_SIZE (kmalloc() would fail), as Linux.
 */
size_t kmalloc_size_roundup(size_t size);

/* A kmalloc'ed copy of @s (NULL for NULL). */
char *kstrdup(const char *s, gfp_t gfp);

/* ---- introspection (mm/slub.c, mm/slub_debug.c) ------------------------ */

/**
 * kmem_cache_is_valid() - check every slab, freelist and counter of @s,
 * and with debugging every free object's poison and red zones.
 * Cost: linear in the cache's objects.
 * Return: true, or false after one REPORT_INCONSISTENT report per problem.
 */
bool kmem_cache_is_valid(struct kmem_cache *s);

/* kmem_cache_is_valid() on every cache. */
bool slab_is_valid(void);

/* /proc/slabinfo (version 2.1): one line per cache. */
void show_slabinfo(FILE *out);

/**
 * kmem_cache_shrink_all() - flush every CPU's slab of every cache and give
 * all empty slabs back to the buddy allocator.
 *
 * Used by reclaim (the "slab" shrinker) and by anyone who wants the buddy
 * counters back after freeing everything: empty slabs stay cached, as in
 * Linux.  Context: process context.  Return: pages freed.
 */
unsigned long kmem_cache_shrink_all(void);

#endif /* _LINUX_SLAB_H */
