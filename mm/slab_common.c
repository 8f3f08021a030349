// SPDX-License-Identifier: GPL-2.0
/*
 * What every slab cache shares: creating and destroying caches, the kmalloc
 * caches and their size classes, large kmalloc straight from the page
 * allocator, the kmalloc family's API, kfree()'s classification of any
 * pointer, and /proc/slabinfo.
 *
 * kmalloc size classes: 8, 16, 32, 64, 96, 128, 192, 256, 512, 1k, 2k, 4k,
 * 8k (kmalloc_caches[type][index], index = log2 of the size, with 1 and 2
 * standing for 96 and 192 as in Linux); one set for KMALLOC_NORMAL and one,
 * with SLAB_CACHE_DMA, for __GFP_DMA.  Above 8 KiB a kmalloc is
 * 2^get_order(size) pages marked PG_large_kmalloc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mmdebug.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/report.h>
#include <linux/shrinker.h>
#include <linux/slab.h>

#include "internal.h"
#include "slab.h"

struct list_head slab_caches;
/* Thread mode: guards slab_caches (create, destroy, reclaim's walk). */
static DEFINE_MUTEX(slab_mutex);

enum kmalloc_cache_type {
	KMALLOC_NORMAL,
	KMALLOC_DMA,
	NR_KMALLOC_TYPES
};

static struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];

/* Class index of sizes 1..192, by (size - 1) / 8. */
static const u8 kmalloc_size_index[24] = {
	3, 4, 5, 5, 6, 6, 6, 6,		/* 8, 16, 32, 64 */
	1, 1, 1, 1, 7, 7, 7, 7,		/* 96, 128 */
	2, 2, 2, 2, 2, 2, 2, 2,		/* 192 */
};

static const struct {
	const char	*name[NR_KMALLOC_TYPES];
	unsigned int	size;
} kmalloc_info[KMALLOC_SHIFT_HIGH + 1] = {
	[1] = { { "kmalloc-96", "dma-kmalloc-96" }, 96 },
	[2] = { { "kmalloc-192", "dma-kmalloc-192" }, 192 },
	[3] = { { "kmalloc-8", "dma-kmalloc-8" }, 8 },
	[4] = { { "kmalloc-16", "dma-kmalloc-16" }, 16 },
	[5] = { { "kmalloc-32", "dma-kmalloc-32" }, 32 },
	[6] = { { "kmalloc-64", "dma-kmalloc-64" }, 64 },
	[7] = { { "kmalloc-128", "dma-kmalloc-128" }, 128 },
	[8] = { { "kmalloc-256", "dma-kmalloc-256" }, 256 },
	[9] = { { "kmalloc-512", "dma-kmalloc-512" }, 512 },
	[10] = { { "kmalloc-1k", "dma-kmalloc-1k" }, 1024 },
	[11] = { { "kmalloc-2k", "dma-kmalloc-2k" }, 2048 },
	[12] = { { "kmalloc-4k", "dma-kmalloc-4k" }, 4096 },
	[13] = { { "kmalloc-8k", "dma-kmalloc-8k" }, 8192 },
};

static __always_inline unsigned int kmalloc_index(size_t size)
{
	if (size <= 192)
		return kmalloc_size_index[(size - 1) / 8];
	return 64 - (unsigned int)__builtin_clzl(size - 1);
}

static __always_inline enum kmalloc_cache_type kmalloc_type(gfp_t gfp)
{
	return (gfp & __GFP_DMA) ? KMALLOC_DMA : KMALLOC_NORMAL;
}

/* ---- creating caches ---------------------------------------------------- */

static unsigned int caches_created;

/* A per-cache secret from a fixed seed: the same on every run (splitmix64). */
static unsigned long cache_random(const char *name)
{
	u64 x = 0x6d6d66757a7a2d73ULL + ++caches_created * 0x9e3779b97f4a7c15ULL;

	for (const char *p = name; *p; p++)
		x = (x ^ (u8)*p) * 0x100000001b3ULL;
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (unsigned long)x & freeptr_mask();
}

/* Linux's calculate_alignment(). */
static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
					unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)ARCH_SLAB_MINALIGN);
	return ALIGN(align, (unsigned int)FREEPTR_BYTES);
}

static struct kmem_cache *create_cache(const char *name, unsigned int size,
				       unsigned int align, slab_flags_t flags,
				       unsigned int useroffset,
				       unsigned int usersize,
				       void (*ctor)(void *))
{
	struct kmem_cache *s;
	size_t bytes;
	char *copy;

	bytes = ALIGN(sizeof(*s) + machine.nr_cpus * sizeof(s->cpu_slab[0]), SMP_CACHE_BYTES);
	s = aligned_alloc(SMP_CACHE_BYTES, bytes);	/* cpu_slab[] is cache-line aligned */
	if (s)
		memset(s, 0, bytes);
	copy = strdup(name);
	if (!s || !copy)
		goto fail;
	s->name = copy;
	s->object_size = size;
	s->align = calculate_alignment(flags, align, size);
	s->flags = kmem_cache_flags(name, flags);
	s->ctor = ctor;
	s->useroffset = useroffset;
	s->usersize = usersize;
	s->refcount = 1;
	s->random = cache_random(name);
	if (!kmem_cache_open(s))
		goto fail;
	for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++)
		s->cpu_slab[cpu].node = NUMA_NO_NODE;
	list_add_tail(&s->list, &slab_caches);
	return s;
fail:
	free(copy);
	free(s);
	return NULL;
}

static struct kmem_cache *cache_create_failed(const char *name, slab_flags_t flags,
					      const char *why)
{
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create: Failed to create slab '%s': %s",
		      name ? name : "(null)", why);
	report_begin(REPORT_BAD_ARG, "kmem_cache_create(%s) failed: %s",
		     name ? name : "(null)", why);
	report_end();
	return NULL;
}

struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size,
					      unsigned int align, slab_flags_t flags,
					      unsigned int useroffset,
					      unsigned int usersize,
					      void (*ctor)(void *))
{
	struct kmem_cache *s;

	might_sleep();
	if (!machine.booted)
		return cache_create_failed(name, flags, "no machine is booted");
	if (!name || !*name)
		return cache_create_failed(name, flags, "no name");
	if (size == 0 || size > KMALLOC_MAX_SIZE)
		return cache_create_failed(name, flags,
					   "size outside 1..KMALLOC_MAX_SIZE");
	if (align & (align - 1))
		return cache_create_failed(name, flags, "align is not a power of two");
	if (align > PAGE_SIZE)
		return cache_create_failed(name, flags, "align above PAGE_SIZE");
	/* Linux warns and makes a cache with no window, it does not fail. */
	if ((!usersize && useroffset) || usersize > size ||
	    size - usersize < useroffset) {
		report_begin(REPORT_BAD_ARG,
			     "WARNING: kmem_cache_create_usercopy(%s): usercopy window %u+%u outside a %u-byte object",
			     name, useroffset, usersize, size);
		report_line("the cache gets no usercopy window");
		report_end();
		useroffset = usersize = 0;
	}
	flags &= ~SLAB_KMALLOC;
	if (smp_threads_on() && (kmem_cache_flags(name, flags) & SLAB_DEBUG_FLAGS))
		return cache_create_failed(name, flags,
					   "slab_debug caches are single-thread only");
	mutex_lock(&slab_mutex);
	s = create_cache(name, size, align, flags, useroffset, usersize, ctor);
	mutex_unlock(&slab_mutex);
	if (!s)
		return cache_create_failed(name, flags,
					   "no slab order holds an object");
	return s;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	return kmem_cache_create_usercopy(name, size, align, flags, 0, 0, ctor);
}

static bool cache_is_listed(struct kmem_cache *s)
{
	struct list_head *pos;

	list_for_each(pos, &slab_caches)
		if (list_entry(pos, struct kmem_cache, list) == s)
			return true;
	return false;
}

static void release_cache(struct kmem_cache *s)
{
	list_del(&s->list);
	free((void *)s->name);
	free(s);
}

static void kmem_cache_destroy_locked(struct kmem_cache *s)
{
	unsigned long active, total, slabs;

	if (!machine.booted || !cache_is_listed(s)) {
		report_begin(REPORT_BAD_ARG,
			     "BUG: kmem_cache_destroy of a cache that does not exist");
		report_end();
		return;
	}
	if (s->refcount < 0) {
		report_begin(REPORT_BAD_ARG,
			     "BUG %s: kmem_cache_destroy of a boot cache refused", s->name);
		report_end();
		return;
	}
	if (__kmem_cache_shutdown(s)) {
		release_cache(s);
		return;
	}
	slab_count(s, &active, &total, &slabs);
	report_begin(REPORT_SLAB_LEAK,
		     "BUG %s: kmem_cache_destroy: Slab cache still has objects: %lu objects in %lu slabs",
		     s->name, active, slabs);
	report_line("-----------------------------------------------------------------------------");
	report_live_objects(s, 16);
	if (active > 16)
		report_line("... and %lu more objects", active - 16);
	report_line("FIX %s: Cache not destroyed; its objects stay valid", s->name);
	report_end();
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	might_sleep();
	if (!s)
		return;
	mutex_lock(&slab_mutex);
	kmem_cache_destroy_locked(s);
	mutex_unlock(&slab_mutex);
}

/* ---- kmalloc ------------------------------------------------------------- */

static void *kmalloc_not_up(void)
{
	report_begin(REPORT_BAD_ARG, "BUG: kmalloc: no machine is booted");
	report_end();
	return NULL;
}

static void *kmalloc_large_node(size_t size, gfp_t gfp, int node)
{
	unsigned int order;
	struct page *page;

	if (unlikely(!machine.booted))
		return kmalloc_not_up();
	if (unlikely(gfp & GFP_SLAB_BUG_MASK))
		gfp = kmalloc_fix_flags(gfp);
	/* Above KMALLOC_MAX_SIZE: the page allocator refuses the order. */
	order = size > KMALLOC_MAX_SIZE ? KMALLOC_MAX_ORDER + 1 : get_order(size);
	page = alloc_pages_node(node, gfp | __GFP_COMP, order);
	if (!page)
		return NULL;
	__SetPageLargeKmalloc(page);
	mod_zone_slab_pages(page, order, 1);
	return page_address(page);
}

static __always_inline void *__kmalloc_node(size_t size, gfp_t gfp, int node)
{
	struct kmem_cache *s;

	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_large_node(size, gfp, node);
	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	s = kmalloc_caches[kmalloc_type(gfp)][kmalloc_index(size)];
	if (unlikely(!s))
		return kmalloc_not_up();
	return slab_alloc_node(s, gfp, node, size);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return __kmalloc_node(size, gfp, NUMA_NO_NODE);
}

void *kmalloc_node(size_t size, gfp_t gfp, int node)
{
	return __kmalloc_node(size, gfp, node);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return __kmalloc_node(size, gfp | __GFP_ZERO, NUMA_NO_NODE);
}

void *kzalloc_node(size_t size, gfp_t gfp, int node)
{
	return __kmalloc_node(size, gfp | __GFP_ZERO, node);
}

void *kmalloc_array_node(size_t n, size_t size, gfp_t gfp, int node)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return __kmalloc_node(bytes, gfp, node);
}

void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array_node(n, size, gfp, NUMA_NO_NODE);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array_node(n, size, gfp | __GFP_ZERO, NUMA_NO_NODE);
}

size_t kmalloc_size_roundup(size_t size)
{
	if (size && size <= KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_info[kmalloc_index(size)].size;
	if (size && size <= KMALLOC_MAX_SIZE)
		return PAGE_SIZE << get_order(size);
	return size;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t len;
	char *copy;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	copy = kmalloc(len, gfp);
	if (copy)
		memcpy(copy, s, len);
	return copy;
}

/* ---- kfree, ksize, krealloc -------------------------------------------------- */

/* The head of the large kmalloc that @page lies in, or NULL. */
static struct page *large_kmalloc_head(struct page *page)
{
	struct page *head = alloc_block_head(page);

	return head && PageLargeKmalloc(head) ? head : NULL;
}

/* Report @p, handed to @fn, that is no kmalloc allocation. */
static void bad_kmalloc_pointer(const char *fn, const void *p, struct page *page)
{
	unsigned long va = host_to_kva(p);
	struct page *head;

	report_begin(REPORT_SLAB_BAD_FREE, "BUG: %s: Not a kmalloc allocation: 0x%lx",
		     fn, va);
	if (!va) {
		report_line("(the pointer lies in no kernel window)");
	} else if (!page) {
		report_line("(0x%lx lies outside the direct map%s)", va,
			    va >= VMALLOC_START && va < VMALLOC_END ?
			    ": a vmalloc address, use vfree()" : "");
	} else if (!pfn_valid(page_to_pfn(page))) {
		report_line("(pfn %#lx is not RAM)", page_to_pfn(page));
	} else if ((head = large_kmalloc_head(page))) {
		report_line("(pointer into the large kmalloc at 0x%lx, offset %#lx)",
			    slab_kva(page_address(head)),
			    (unsigned long)((const char *)p - (char *)page_address(head)));
		report_page(head);
	} else {
		report_page(page);
	}
	report_end();
}

/*
 * What @p is: a slab object (returned in *slab), the head of a large
 * kmalloc (*large), or neither (reported for @fn, false).
 */
static bool classify(const char *fn, const void *p, struct page **slab,
		     struct page **large)
{
	struct page *page = slab_virt_to_page(p);

	*slab = *large = NULL;
	if (likely(page)) {
		struct page *head = compound_head(page);

		if (likely(PageSlab(head))) {
			*slab = head;
			return true;
		}
		if (PageLargeKmalloc(page) && p == page_address(page)) {
			*large = page;
			return true;
		}
	}
	bad_kmalloc_pointer(fn, p, page);
	return false;
}

static void free_large_kmalloc(struct page *page)
{
	__ClearPageLargeKmalloc(page);
	mod_zone_slab_pages(page, page->order, -1);
	__free_pages(page, page->order);
}

/* kfree() of anything but a slab object: a large kmalloc, or refused. */
static noinline void kfree_nonslab(const void *p)
{
	struct page *slab, *large;

	if (classify("kfree", p, &slab, &large) && large)
		free_large_kmalloc(large);
}

void kfree(const void *p)
{
	struct page *page;

	if (unlikely(ZERO_OR_NULL_PTR(p)))
		return;
	page = slab_virt_to_page(p);
	if (likely(page)) {
		page = compound_head(page);
		if (likely(PageSlab(page))) {
			slab_free(page->slab_cache, page, (void *)p);
			return;
		}
	}
	kfree_nonslab(p);
}

/* Usable size of a live kmalloc'ed @p; 0 after a report if it is none. */
static size_t usable_size(const char *fn, const void *p)
{
	struct page *slab, *large;
	struct kmem_cache *s;

	if (!classify(fn, p, &slab, &large))
		return 0;
	if (large)
		return PAGE_SIZE << large->order;
	s = slab->slab_cache;
	if (!check_valid_pointer(s, slab, p)) {
		slab_err(s, slab, REPORT_SLAB_BAD_FREE, "%s: Invalid object pointer 0x%lx",
			 fn, slab_kva(p));
		report_end();
		return 0;
	}
	return s->object_size;
}

/* The cache of a pointer usable_size() accepted; NULL for a large kmalloc. */
static struct kmem_cache *cache_of(const void *p)
{
	struct page *page = compound_head(slab_virt_to_page(p));

	return PageSlab(page) ? page->slab_cache : NULL;
}

size_t ksize(const void *p)
{
	struct kmem_cache *s;
	size_t size;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	size = usable_size("ksize", p);
	if (!size)
		return 0;
	/* The caller may now use all of it. */
	kasan_unpoison(p, size);
	s = cache_of(p);
	if (s)
		set_orig_size(s, (void *)p, size);
	return size;
}

void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	size_t ks;
	void *ret;

	if (unlikely(!new_size)) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (ZERO_OR_NULL_PTR(p))
		return kmalloc(new_size, gfp);
	ks = usable_size("krealloc", p);
	if (!ks)
		return NULL;
	if (new_size <= ks) {
		struct kmem_cache *s = cache_of(p);

		kasan_unpoison(p, new_size);
		if (s) {
			if (new_size < ks)
				kasan_poison((const char *)p + new_size, ks - new_size);
			set_orig_size(s, (void *)p, new_size);
		}
		return (void *)p;
	}
	ret = kmalloc(new_size, gfp);
	if (!ret)
		return NULL;
	kasan_unpoison(p, ks);
	memcpy(ret, p, ks);
	kfree(p);
	return ret;
}

void *krealloc_array(void *p, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return krealloc(p, bytes, gfp);
}

/* ---- slabinfo ---------------------------------------------------------------- */

void show_slabinfo(FILE *out)
{
	struct list_head *pos;

	fprintf(out, "slabinfo - version: 2.1\n");
	fprintf(out, "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		     "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
		     "slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	if (!machine.booted)
		return;
	list_for_each(pos, &slab_caches) {
		struct kmem_cache *s = list_entry(pos, struct kmem_cache, list);
		unsigned long active, total, slabs;

		slab_count(s, &active, &total, &slabs);
		fprintf(out, "%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u : "
			     "slabdata %6lu %6lu %6u\n",
			s->name, active, total, s->size, s->oo.objects,
			1U << s->oo.order, 0U, 0U, 0U, slabs, slabs, 0U);
	}
}

/* ---- boot, reclaim, teardown ---------------------------------------------- */

unsigned long kmem_cache_shrink_all(void)
{
	struct list_head *pos;
	unsigned long pages = 0;

	if (!machine.booted && !slab_caches.next)
		return 0;
	mutex_lock(&slab_mutex);
	list_for_each(pos, &slab_caches)
		pages += __kmem_cache_shrink(list_entry(pos, struct kmem_cache, list));
	mutex_unlock(&slab_mutex);
	return pages;
}

/* Pages reclaim could have: empty partial slabs and every cpu slab. */
static unsigned long slab_shrink_count(struct shrinker *shrinker,
				       struct shrink_control *sc)
{
	unsigned long pages = 0;
	struct list_head *pos;

	mutex_lock(&slab_mutex);
	list_for_each(pos, &slab_caches) {
		struct kmem_cache *s = list_entry(pos, struct kmem_cache, list);

		pages += kmem_cache_reclaimable_pages(s);
	}
	mutex_unlock(&slab_mutex);
	return pages ? pages : SHRINK_EMPTY;
}

static unsigned long slab_shrink_scan(struct shrinker *shrinker,
				      struct shrink_control *sc)
{
	return kmem_cache_shrink_all();
}

/* Counted in pages; reclaim gets to all of them by priority 0. */
static struct shrinker slab_shrinker = {
	.count_objects	= slab_shrink_count,
	.scan_objects	= slab_shrink_scan,
	.seeks		= DEFAULT_SEEKS,
};

bool slab_debug_caches(void)
{
	struct list_head *pos;

	list_for_each(pos, &slab_caches)
		if (kmem_cache_debug(list_entry(pos, struct kmem_cache, list)))
			return true;
	return false;
}

int kmem_cache_init(const char *slab_debug)
{
	INIT_LIST_HEAD(&slab_caches);
	caches_created = 0;
	if (!slab_debug_parse(slab_debug, true))
		return -EINVAL;
	for (int type = 0; type < NR_KMALLOC_TYPES; type++) {
		for (unsigned int i = 1; i <= KMALLOC_SHIFT_HIGH; i++) {
			unsigned int size = kmalloc_info[i].size;
			slab_flags_t flags = SLAB_KMALLOC |
					     (type == KMALLOC_DMA ? SLAB_CACHE_DMA : 0);
			struct kmem_cache *s;

			if (!size)
				continue;
			/* Power-of-two sizes are aligned to their size. */
			s = create_cache(kmalloc_info[i].name[type], size,
					 (size & (size - 1)) ? ARCH_KMALLOC_MINALIGN : size,
					 flags, 0, size, NULL);
			if (!s)
				return -ENOMEM;
			s->refcount = -1;
			kmalloc_caches[type][i] = s;
		}
	}
	return register_shrinker(&slab_shrinker, "slab");
}

void kmem_cache_teardown(void)
{
	memset(kmalloc_caches, 0, sizeof(kmalloc_caches));
	if (!slab_caches.next)
		return;
	while (!list_empty(&slab_caches)) {
		struct kmem_cache *s = list_first_entry(&slab_caches,
							struct kmem_cache, list);

		__kmem_cache_release(s);
		release_cache(s);
	}
	slab_caches.next = slab_caches.prev = NULL;
	slab_debug_parse(NULL, true);
}
