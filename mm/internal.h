/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/internal.h - what the files of mm/ share with each other and with no
 * one else, grouped under the file that owns each item.
 */
#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include <linux/gfp.h>
#include <linux/machine.h>
#include <linux/mmzone.h>
#include <linux/pgtable.h>

struct vm_struct;

/* ---- e820.c ---------------------------------------------------------- */

/*
 * Validate @desc's map and fill machine.ram with its RAM ranges, trimmed to
 * whole pages, sorted and merged.  Reports REPORT_BAD_BOOT on failure.
 */
int e820_to_ram_ranges(const struct machine_desc *desc);

/* RAM pages in [start, end). */
unsigned long ram_pages_in(unsigned long start, unsigned long end);

/* ---- memblock.c ------------------------------------------------------ */

/* Boot-time page allocator: top-down from lowmem, never freed. */
void memblock_init(void);
/* Zeroed, reserved page for a boot page table; 0 when lowmem is exhausted. */
phys_addr_t memblock_alloc_page(void);
/* The reserved ranges, sorted by descending pfn. */
const struct pfn_range *memblock_reserved(unsigned int *nr);
/* Reserved pages in [start, end). */
unsigned long memblock_reserved_in(unsigned long start, unsigned long end);

/* ---- mm_init.c ------------------------------------------------------- */

/* Split RAM into nodes; false (after a report) if a node would be empty. */
bool numa_split(unsigned int nr_nodes);
/* Zone spans, counters, deferred ranges, zonelists, watermarks, pcp. */
int free_area_init(void);
void free_area_exit(void);
/* Give the zone's free lists one more block of deferred pages. */
bool deferred_grow_zone(struct zone *zone);

/* ---- page_alloc.c ---------------------------------------------------- */

/* Put a block on the free lists, merging it with its buddies. */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order);
/*
 * Take a block of @order off @zone's free lists whatever the watermarks,
 * as an allocated block (_refcount 1): no fault injection, no reclaim, no
 * might_sleep().  For the balloon.  NULL if the zone has no such block.
 */
struct page *rmqueue_no_watermarks(struct zone *zone, unsigned int order);

/* ---- sched.c --------------------------------------------------------- */

/* Every CPU back to task context, preemptible, interrupts on; init_task. */
void sched_init(void);
/* preempt_count() != 0 or irqs_disabled() on the current CPU. */
bool context_is_atomic(void);
/* The current task's fault state; NULL outside task context. */
struct fault_task *current_fault_task(void);
struct task_struct;
/* The calling host thread is @cpu running @task (thread mode, and back). */
void sched_thread_init(unsigned int cpu, struct task_struct *task);

/* ---- vmscan.c -------------------------------------------------------- */

/*
 * Forget every shrinker (boot).  Anything that holds reclaimable memory
 * registers a shrinker after this: the slab allocator plugs its caches
 * into reclaim by registering, from its boot-time init (which machine_boot()
 * runs after shrinkers_init()), one shrinker whose count_objects() is the
 * pages its caches could give back and whose scan_objects() shrinks every
 * kmem_cache.  No weak symbols: without slab there is simply no shrinker.
 */
void shrinkers_init(void);
/*
 * Direct reclaim for an allocation of @order: shrink_slab() at falling
 * priorities until max(32, 2^@order) pages came back or priority 0 is done,
 * with @gfp_mask narrowed by the task's scopes.  The caller runs it in a
 * noreclaim scope (so a shrinker that allocates gets no reclaim).
 * Return: pages freed (per-CPU lists included).
 */
unsigned long try_to_free_pages(gfp_t gfp_mask, unsigned int order, int nid);

/* ---- balloon.c ------------------------------------------------------- */

/* Forget the balloon's pages (teardown: the machine goes with them). */
void balloon_exit(void);

/* ---- pgtable.c ------------------------------------------------------- */

/* Map all lowmem RAM at PAGE_OFFSET with the largest pages that fit. */
int init_direct_map(void);
/* Boot: pte tables (from memblock) for every page of [start, end). */
int kernel_tables_populate_boot(unsigned long start, unsigned long end);

/* ---- slab_common.c -------------------------------------------------- */

/* Create the kmalloc caches, with @slab_debug (may be NULL) in force. */
int kmem_cache_init(const char *slab_debug);
/* Forget every cache; their slabs go with the machine's RAM. */
void kmem_cache_teardown(void);
/* Does any cache have slab_debug flags (no thread mode for those yet)? */
bool slab_debug_caches(void);

/* ---- slub_debug.c ---------------------------------------------------- */

/*
 * Check (@apply false) or put in force (@apply true) a slab_debug option
 * string; NULL is "off".  False after a REPORT_BAD_BOOT report.
 */
bool slab_debug_parse(const char *str, bool apply);
/* Fill @n bytes at @p with @v, unchecked by ASan (slab metadata, poison). */
void raw_memset(void *p, u8 v, size_t n);

/* ---- machine.c ------------------------------------------------------- */

/* Zero @len bytes of RAM at @phys, whether or not a window maps it. */
void ram_zero(phys_addr_t phys, size_t len);
/*
 * Show @nr pfns from @pfn at the host address of kernel arch VA @va
 * (vmalloc, PKMAP or fixmap window): -EINVAL outside a window, -ENOMEM if
 * the host refuses.  host_unmap_pages() puts PROT_NONE back.
 */
int host_map_pages(unsigned long va, unsigned long pfn, unsigned long nr);
void host_unmap_pages(unsigned long va, unsigned long nr);

/* ---- ram.c ----------------------------------------------------------- */

/*
 * Make the memfd and mem_map cover @max_pfn frames, reusing what earlier
 * machines left (all zero) and growing it if need be; sets machine.memfd
 * and machine.mem_map.  -ENOMEM, with everything released, if the host
 * refuses.
 */
int ram_setup(unsigned long max_pfn);
/* Zero every frame and struct page dirtied since the last reset. */
void ram_reset(void);
/* Frames [@pfn, @pfn + @nr) may be written from now on. */
void ram_mark_dirty(unsigned long pfn, unsigned long nr);
/*
 * Frames [@pfn, @pfn + @nr) are handed out: mark them dirty, and with
 * @zero first zero those that may not be zero (dirty since the reset).
 * Context: the caller owns the frames.
 */
void __ram_claim_frames(unsigned long pfn, unsigned long nr, bool zero);
/*
 * The bitmaps of frames handed out since the reset, in blocks of fewer
 * than BITS_PER_LONG pages and of more (mm/ram.c).
 */
extern unsigned long *ram_frames_dirty, *ram_big_frames_dirty;

/*
 * __ram_claim_frames(), without a call on the allocator's fastest path: a
 * block recycled through a per-CPU list is dirty already.
 */
static inline void ram_claim_frames(unsigned long pfn, unsigned long nr, bool zero)
{
	const unsigned long bits = sizeof(long) * 8, lo = pfn % bits;

	if (zero) {
		__ram_claim_frames(pfn, nr, zero);
	} else if (nr < bits && lo + nr <= bits) {
		unsigned long mask = ((1UL << nr) - 1) << lo;

		if ((__atomic_load_n(&ram_frames_dirty[pfn / bits], __ATOMIC_RELAXED) &
		     mask) != mask)
			__ram_claim_frames(pfn, nr, zero);
	} else if (!lo && !(nr % bits)) {	/* big blocks: whole words */
		unsigned long all = ~0UL;

		for (unsigned long w = pfn / bits; w < (pfn + nr) / bits; w++)
			all &= __atomic_load_n(&ram_big_frames_dirty[w], __ATOMIC_RELAXED);
		if (all != ~0UL)
			__ram_claim_frames(pfn, nr, zero);
	} else {
		__ram_claim_frames(pfn, nr, zero);
	}
}
/* The struct pages of [@pfn, @pfn + @nr) may be written from now on. */
void ram_mark_pages_dirty(unsigned long pfn, unsigned long nr);
/* Host address of @phys in a private mapping of all of RAM. */
void *ram_view(phys_addr_t phys);

/* ---- vmalloc.c ------------------------------------------------------- */

/* The free VA tree: one free area spanning the vmalloc window. */
int vmalloc_init(void);
/* Forget every area (host metadata only: RAM goes with the machine). */
void vmalloc_exit(void);
/*
 * The busy area whose range, guard page included, holds kernel arch VA
 * @kva (Linux's find_vmap_area()), or NULL.
 */
struct vm_struct *find_vm_area_containing(unsigned long kva);

/* ---- dma.c, dmapool.c ------------------------------------------------ */

/*
 * Forget every live coherent allocation and every pool (host metadata only:
 * their pages go with the machine's RAM), at machine teardown.
 */
void dmapool_exit(void);
void dma_exit(void);

/* ---- mmap.c ---------------------------------------------------------- */

/* The live mms, linked by mm_struct.mmlist. */
struct list_head *mm_list_head(void);
/* Forget every mm still alive (host metadata only), at machine teardown. */
void mm_exit(void);

/* ---- memory.c -------------------------------------------------------- */

/* Free the pages mapped in [start, end) of @mm and clear their ptes. */
void zap_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end);

/*
 * Copy @n bytes between kernel @kbuf and user @uaddr of @mm (@to_user:
 * towards user) as the kernel does on the task's behalf: pages are
 * demand-faulted in unless @nofault; where the task would segfault, or no
 * page can be had, the copy stops, silently (Linux's exception fixup).
 * Return: the bytes not copied.
 */
unsigned long copy_user_pages(struct mm_struct *mm, unsigned long uaddr,
			      void *kbuf, unsigned long n, bool to_user,
			      bool nofault);

/* ---- highmem.c ------------------------------------------------------- */

/* Boot: PKMAP and fixmap pte tables from memblock, as Linux preallocates. */
int kmap_init(void);
void kmap_exit(void);

/* ---- slub.c, slab_common.c ----------------------------------------- */

/* Count @page's block, of @order, in or out of its zone's slab_pages. */
static inline void mod_zone_slab_pages(struct page *page, unsigned int order,
				       int sign)
{
	unsigned long *pages = &page_zone(page)->slab_pages;

	if (smp_threads_on())
		__atomic_fetch_add(pages, (unsigned long)sign << order, __ATOMIC_RELAXED);
	else
		*pages += (unsigned long)sign << order;
}

/* ---- page_alloc.c, mm_init.c ------------------------------------------ */

/*
 * zone->free_pages changes under zone->lock but is read without it (the
 * watermark checks, nr_free_pages()), as Linux's NR_FREE_PAGES vmstat:
 * every access is a relaxed atomic, a plain move on x86.
 */
static inline void zone_free_pages_add(struct zone *zone, long delta)
{
	__atomic_store_n(&zone->free_pages,
			 __atomic_load_n(&zone->free_pages, __ATOMIC_RELAXED) +
			 (unsigned long)delta, __ATOMIC_RELAXED);
}

static inline unsigned long zone_free_pages(const struct zone *zone)
{
	return __atomic_load_n(&zone->free_pages, __ATOMIC_RELAXED);
}

#endif /* _MM_INTERNAL_H */
