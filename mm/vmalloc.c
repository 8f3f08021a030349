// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc: virtually contiguous memory over real page tables.
 *
 * The vmalloc area [VMALLOC_START, VMALLOC_END) is cut into areas, each
 * either free or busy, that between them cover it exactly:
 *
 *   free   on free_root only; no two free areas touch (a freed area merges
 *          with its free neighbours at once).
 *   busy   on busy_root only, with a vm_struct.  Its last page is the guard
 *          page: never mapped, so running off the end faults.  Every other
 *          page is mapped twice, kept in step: a pte in the kernel page
 *          tables (the record, what vmalloc_to_page() and the harness walk)
 *          and the memfd page at the same place of the host vmalloc window
 *          (what a dereference reaches).  Unmapped pages of the window are
 *          PROT_NONE, so a host access after vfree() faults.
 *   pending  a busy area queued by vfree_atomic() (or by vfree() in
 *          interrupt context): still mapped, refused by a second vfree,
 *          freed by the next drain (vmalloc_drain_deferred(), called by
 *          every vmalloc-area operation in process context, and before
 *          giving up on a full area, as Linux purges lazily freed areas).
 *
 * Both sets are treaps keyed by va_start (priority: a hash of the address,
 * so the shape is deterministic), and free areas carry the largest free
 * size of their subtree, as Linux's augmented rbtree does: the lowest free
 * area that fits is found in O(log n) by going left whenever the left
 * subtree has room (first fit, no scan of all areas).
 *
 * A failure part way (a page, a page-table page, metadata) unwinds all of
 * it: pages freed, tables as they were (map_kernel_range()), range
 * returned.  Page-table pages made for an area that was then freed stay,
 * as kernel page tables do in Linux.
 *
 * Metadata (vmap_area, vm_struct, the pages arrays) comes from host memory
 * (calloc), not simulated RAM: it is the one place mmfuzz's bookkeeping
 * does not cost simulated memory; Linux takes it from slab (and kvmalloc).
 * The deferred-free list, as in Linux, lives in the freed memory itself.
 *
 * Thread mode: vmap_mutex serialises every operation on the areas and on
 * the kernel page tables of the window (Linux splits this between
 * vmap_area_lock and init_mm's page_table_lock, and maps outside both).
 * It is a sleeping lock, so pages and page tables are allocated under it;
 * it nests outside the page allocator's and slab's locks (reclaim).  An
 * interrupt's vfree() waits for it too: the one place thread mode is less
 * atomic than Linux, whose vfree_atomic() pushes to a lock-free llist.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/fault-inject.h>
#include <linux/mm_bugs.h>
#include <linux/mmdebug.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/report.h>
#include <linux/sched.h>
#include <linux/vmalloc.h>

#include "internal.h"

struct vmap_area {
	unsigned long		va_start;	/* arch VA, inclusive */
	unsigned long		va_end;		/* arch VA, exclusive */
	struct vmap_area	*left, *right;
	u32			prio;
	bool			free_pending;	/* queued by vfree_atomic() */
	unsigned long		subtree_max_size;
	struct vm_struct	vm;		/* busy areas only */
};

/* Linux's llist_node, written into the first bytes of a queued area. */
struct llist_node {
	struct llist_node	*next;
};

static struct {
	struct vmap_area	*free_root;
	struct vmap_area	*busy_root;
	unsigned long		start, end;	/* usable range */
	unsigned long		nr_busy;
	struct llist_node	*deferred;	/* host pointers of queued areas */
} vm;

static DEFINE_MUTEX(vmap_mutex);

static void purge_deferred(void);

static unsigned long va_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

/* ---- treap ------------------------------------------------------------ */

static u32 va_prio(unsigned long addr)
{
	u64 x = addr >> PAGE_SHIFT;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (u32)x;
}

static unsigned long subtree_max(const struct vmap_area *va)
{
	return va ? va->subtree_max_size : 0;
}

static void va_update(struct vmap_area *va)
{
	va->subtree_max_size = max(va_size(va),
				   max(subtree_max(va->left), subtree_max(va->right)));
}

/* Split @t into areas starting below @key (*l) and at or above it (*r). */
static void va_split(struct vmap_area *t, unsigned long key,
		     struct vmap_area **l, struct vmap_area **r)
{
	if (!t) {
		*l = *r = NULL;
	} else if (t->va_start < key) {
		va_split(t->right, key, &t->right, r);
		va_update(t);
		*l = t;
	} else {
		va_split(t->left, key, l, &t->left);
		va_update(t);
		*r = t;
	}
}

/* Join two treaps, every key of @l below every key of @r. */
static struct vmap_area *va_merge(struct vmap_area *l, struct vmap_area *r)
{
	if (!l || !r)
		return l ? l : r;
	if (l->prio > r->prio) {
		l->right = va_merge(l->right, r);
		va_update(l);
		return l;
	}
	r->left = va_merge(l, r->left);
	va_update(r);
	return r;
}

static void va_insert(struct vmap_area **root, struct vmap_area *va)
{
	struct vmap_area *l, *r;

	va->left = va->right = NULL;
	va->prio = va_prio(va->va_start);
	va_update(va);
	va_split(*root, va->va_start, &l, &r);
	*root = va_merge(va_merge(l, va), r);
}

static void va_erase(struct vmap_area **root, struct vmap_area *va)
{
	struct vmap_area *l, *m, *r;

	va_split(*root, va->va_start, &l, &m);
	va_split(m, va->va_start + 1, &m, &r);
	*root = va_merge(l, r);
}

/* The area with the largest va_start <= @addr, or NULL. */
static struct vmap_area *va_floor(struct vmap_area *t, unsigned long addr)
{
	struct vmap_area *best = NULL;

	while (t) {
		if (t->va_start <= addr) {
			best = t;
			t = t->right;
		} else {
			t = t->left;
		}
	}
	return best;
}

/* The area containing @addr, or NULL. */
static struct vmap_area *va_find_containing(struct vmap_area *t,
					    unsigned long addr)
{
	struct vmap_area *va = va_floor(t, addr);

	return va && addr < va->va_end ? va : NULL;
}

/* Lowest free area of at least @size bytes: left first whenever it fits. */
static struct vmap_area *find_vmap_lowest_match(unsigned long size)
{
	struct vmap_area *t = vm.free_root;

	while (t) {
		if (subtree_max(t->left) >= size)
			t = t->left;
		else if (va_size(t) >= size)
			return t;
		else if (subtree_max(t->right) >= size)
			t = t->right;
		else
			return NULL;
	}
	return NULL;
}

static void free_tree(struct vmap_area *t)
{
	if (!t)
		return;
	free_tree(t->left);
	free_tree(t->right);
	free(t->vm.pages);
	free(t);
}

/* ---- the range allocator --------------------------------------------- */

/* Carve @size bytes off the front of the lowest free area that fits. */
static struct vmap_area *alloc_vmap_area(unsigned long size, gfp_t gfp)
{
	struct vmap_area *free_va, *va;

	might_sleep();
	if (should_fail_vmalloc_range(size, gfp))
		return NULL;
	free_va = find_vmap_lowest_match(size);
	if (!free_va && vm.deferred) {
		/* Linux purges lazily freed areas and retries. */
		purge_deferred();
		free_va = find_vmap_lowest_match(size);
	}
	if (!free_va) {
		if (!(gfp & __GFP_NOWARN)) {
			report_begin(REPORT_ALLOC_FAIL,
				     "vmap allocation for size %lu failed: use vmalloc=<size> to increase size",
				     size);
			report_line("vmalloc area %#lx-%#lx, %lu areas busy",
				    vm.start, vm.end, vm.nr_busy);
			report_end();
		}
		return NULL;
	}
	va = calloc(1, sizeof(*va));
	if (!va)
		return NULL;
	va->va_start = free_va->va_start;
	va->va_end = va->va_start + size;

	va_erase(&vm.free_root, free_va);
	if (va_size(free_va) == size) {
		free(free_va);
	} else {
		free_va->va_start += size;
		va_insert(&vm.free_root, free_va);
	}
	va_insert(&vm.busy_root, va);
	vm.nr_busy++;
	return va;
}

/* Give a busy area's range back, merging it with free neighbours. */
static void free_vmap_area(struct vmap_area *va)
{
	struct vmap_area *prev, *next;

	va_erase(&vm.busy_root, va);
	vm.nr_busy--;
	free(va->vm.pages);
	memset(&va->vm, 0, sizeof(va->vm));
	va->free_pending = false;

	prev = va_floor(vm.free_root, va->va_start);
	if (prev && prev->va_end == va->va_start) {
		va_erase(&vm.free_root, prev);
		va->va_start = prev->va_start;
		free(prev);
	}
	next = va_floor(vm.free_root, va->va_end);
	if (next && next->va_start == va->va_end) {
		va_erase(&vm.free_root, next);
		va->va_end = next->va_end;
		free(next);
	}
	va_insert(&vm.free_root, va);
}

static int reset_free_tree(unsigned long start, unsigned long end)
{
	struct vmap_area *va = calloc(1, sizeof(*va));

	if (!va)
		return -ENOMEM;
	free_tree(vm.free_root);
	vm.free_root = NULL;
	vm.start = start;
	vm.end = end;
	va->va_start = start;
	va->va_end = end;
	va_insert(&vm.free_root, va);
	return 0;
}

int vmalloc_init(void)
{
	memset(&vm, 0, sizeof(vm));
	/* The host window may be a prefix of the area (see machine.c). */
	return reset_free_tree(VMALLOC_START, machine.window[WINDOW_VMALLOC].va_end);
}

void vmalloc_exit(void)
{
	free_tree(vm.free_root);
	free_tree(vm.busy_root);
	memset(&vm, 0, sizeof(vm));
}

int vmalloc_shrink_area(unsigned long bytes)
{
	int err = -EBUSY;

	mutex_lock(&vmap_mutex);
	if (!vm.nr_busy)
		err = !bytes || !IS_ALIGNED(bytes, PAGE_SIZE) ||
		      bytes > VMALLOC_END - VMALLOC_START ? -EINVAL :
		      reset_free_tree(VMALLOC_START, VMALLOC_START + bytes);
	mutex_unlock(&vmap_mutex);
	return err;
}

/* ---- mapping ------------------------------------------------------------ */

static void *va_host(const struct vmap_area *va)
{
	return kva_to_host(va->va_start);
}

/* Mirror the area's ptes on the host, one mmap per run of adjacent pfns. */
static int map_area_on_host(unsigned long va, struct page **pages,
			    unsigned int nr)
{
	unsigned int i = 0;

	while (i < nr) {
		unsigned long pfn = page_to_pfn(pages[i]);
		unsigned int run = 1;

		while (i + run < nr && page_to_pfn(pages[i + run]) == pfn + run)
			run++;
		if (host_map_pages(va + ((unsigned long)i << PAGE_SHIFT), pfn, run))
			return -ENOMEM;
		i += run;
	}
	return 0;
}

static void unmap_area(const struct vmap_area *va)
{
	if (!mm_bug_on(MM_BUG_STALE_PTE))
		unmap_kernel_range(va->va_start, va->vm.nr_pages);
	host_unmap_pages(va->va_start, va->vm.nr_pages);
}

/* Page tables first (the record), then the host window. */
static int map_area(struct vmap_area *va, pteval_t prot, gfp_t gfp)
{
	gfp_t pt_gfp = gfp & ~(GFP_ZONEMASK | __GFP_ZERO);
	int err;

	err = map_kernel_range(va->va_start, va->vm.pages, va->vm.nr_pages,
			       prot, pt_gfp);
	if (err)
		return err;
	err = map_area_on_host(va->va_start, va->vm.pages, va->vm.nr_pages);
	if (err)
		unmap_area(va);
	return err;
}

/* ---- vmalloc ------------------------------------------------------------ */

static unsigned long totalram_pages(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone->managed_pages;
	return sum;
}

static void __printf(2, 3) vmalloc_warn(gfp_t gfp, const char *fmt, ...);

static void vmalloc_warn(gfp_t gfp, const char *fmt, ...)
{
	char mask[256], line[160];
	va_list ap;

	if (gfp & __GFP_NOWARN)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	report_begin(REPORT_ALLOC_FAIL, "mmfuzz: %s, mode:%#x(%s)", line, gfp,
		     format_gfp(gfp, mask, sizeof(mask)));
	report_end();
}

/*
 * Last page first: the per-CPU list is LIFO, so the next vmalloc takes the
 * pages back in ascending pfn order, and adjacent pfns become one host
 * mmap() each run (map_area_on_host()) instead of one per page.
 */
static void free_area_pages(struct vm_struct *area, unsigned int nr)
{
	while (nr)
		__free_pages(area->pages[--nr], 0);
}

/* One page at a time from the buddy allocator, highmem where allowed. */
static unsigned int vm_area_alloc_pages(struct vm_struct *area, gfp_t gfp,
					int node)
{
	gfp_t page_gfp = gfp | __GFP_NOWARN;
	unsigned int i;

	if (!(gfp & (__GFP_DMA | __GFP_DMA32)))
		page_gfp |= __GFP_HIGHMEM;
	for (i = 0; i < area->nr_pages; i++) {
		area->pages[i] = alloc_pages_node(node, page_gfp, 0);
		if (!area->pages[i])
			break;
	}
	return i;
}

static void *__vmalloc_node_locked(unsigned long size, gfp_t gfp, int node);

void *__vmalloc_node(unsigned long size, gfp_t gfp, int node)
{
	void *addr;

	mutex_lock(&vmap_mutex);
	addr = __vmalloc_node_locked(size, gfp, node);
	mutex_unlock(&vmap_mutex);
	return addr;
}

static void *__vmalloc_node_locked(unsigned long size, gfp_t gfp, int node)
{
	unsigned long real_size = size;
	struct vmap_area *va;
	unsigned int got;

	if (!size || size > ULONG_MAX - 2 * PAGE_SIZE) {
		report_begin(REPORT_BAD_ARG, "WARNING: vmalloc of size %lu", size);
		report_end();
		return NULL;
	}
	size = PAGE_ALIGN(size);
	if ((size >> PAGE_SHIFT) > totalram_pages()) {
		vmalloc_warn(gfp, "vmalloc error: size %lu, exceeds total pages",
			     real_size);
		return NULL;
	}
	if (!in_interrupt())
		purge_deferred();

	va = alloc_vmap_area(size + PAGE_SIZE, gfp);
	if (!va)
		goto fail_range;
	va->vm.addr = va_host(va);
	va->vm.size = size + PAGE_SIZE;
	va->vm.flags = VM_ALLOC;
	va->vm.nr_pages = (unsigned int)(size >> PAGE_SHIFT);
	va->vm.pages = calloc(va->vm.nr_pages, sizeof(struct page *));
	if (!va->vm.pages)
		goto fail;

	got = vm_area_alloc_pages(&va->vm, gfp, node);
	if (got < va->vm.nr_pages) {
		if (!mm_bug_on(MM_BUG_UNWIND_LEAK))
			free_area_pages(&va->vm, got);
		vmalloc_warn(gfp, "vmalloc error: size %lu, page order 0, failed to allocate pages",
			     real_size);
		goto fail;
	}
	if (map_area(va, PAGE_KERNEL, gfp)) {
		free_area_pages(&va->vm, got);
		vmalloc_warn(gfp, "vmalloc error: size %lu, failed to map pages",
			     real_size);
		goto fail;
	}
	return va->vm.addr;

fail:
	free_vmap_area(va);
	return NULL;
fail_range:
	vmalloc_warn(gfp, "vmalloc error: size %lu, vm_struct allocation failed",
		     real_size);
	return NULL;
}

void *__vmalloc(unsigned long size, gfp_t gfp)
{
	return __vmalloc_node(size, gfp, -1);
}

void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL, -1);
}

void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL | __GFP_ZERO, -1);
}

void *vmalloc_node(unsigned long size, int node)
{
	return __vmalloc_node(size, GFP_KERNEL, node);
}

void *vmalloc_32(unsigned long size)
{
	return __vmalloc_node(size, GFP_VMALLOC32, -1);
}

void *vmalloc_user(unsigned long size)
{
	void *ret = __vmalloc_node(size, GFP_KERNEL | __GFP_ZERO, -1);

	if (ret)
		find_vm_area(ret)->flags |= VM_USERMAP;
	return ret;
}

void *vmalloc_array(size_t n, size_t size)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return vmalloc(bytes);
}

void *vcalloc(size_t n, size_t size)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return vzalloc(bytes);
}

/* ---- vfree and vunmap ---------------------------------------------------- */

/* Open a REPORT_BAD_VFREE report; the caller adds lines and ends it. */
static void bad_vfree(const char *fn, const void *addr, const char *why)
{
	unsigned long kva = host_to_kva(addr);

	if (kva)
		report_begin(REPORT_BAD_VFREE,
			     "BUG: Trying to %s() %s %#lx", fn, why, kva);
	else
		report_begin(REPORT_BAD_VFREE,
			     "BUG: Trying to %s() %s (a pointer in no kernel window)",
			     fn, why);
}

/*
 * The busy area @addr starts, or NULL after a report saying what is wrong
 * with @addr.
 */
static struct vmap_area *find_area_to_free(const char *fn, const void *addr)
{
	unsigned long kva;
	struct vmap_area *va;

	if (!is_vmalloc_addr(addr)) {
		bad_vfree(fn, addr, "bad address (outside the vmalloc area)");
		report_end();
		return NULL;
	}
	kva = host_to_kva(addr);
	va = va_find_containing(vm.busy_root, kva);
	if (!va) {
		bad_vfree(fn, addr, "nonexistent vm area (double free?)");
		report_end();
		return NULL;
	}
	if (va->va_start != kva) {
		bad_vfree(fn, addr, "address inside a vm area, not its start");
		report_line("vm area %#lx-%#lx (%u pages + guard)", va->va_start,
			    va->va_end, va->vm.nr_pages);
		report_end();
		return NULL;
	}
	if (va->free_pending) {
		bad_vfree(fn, addr, "vm area already queued by vfree_atomic()");
		report_end();
		return NULL;
	}
	return va;
}

static void __vunmap(struct vmap_area *va, bool free_pages)
{
	unmap_area(va);
	if (free_pages)
		free_area_pages(&va->vm, va->vm.nr_pages);
	free_vmap_area(va);
}

void vfree_atomic(const void *addr)
{
	struct vmap_area *va;
	struct llist_node *node;

	if (!addr)
		return;
	mutex_lock(&vmap_mutex);
	va = find_area_to_free("vfree", addr);
	if (va) {
		va->free_pending = true;
		node = va->vm.addr;
		node->next = vm.deferred;
		vm.deferred = node;
	}
	mutex_unlock(&vmap_mutex);
}

/* Free every queued area.  Context: vmap_mutex held. */
static void purge_deferred(void)
{
	while (vm.deferred) {
		struct llist_node *node = vm.deferred;
		struct vmap_area *va = va_find_containing(vm.busy_root,
							  host_to_kva(node));

		vm.deferred = node->next;
		__vunmap(va, va->vm.flags & VM_ALLOC);
	}
}

void vmalloc_drain_deferred(void)
{
	mutex_lock(&vmap_mutex);
	purge_deferred();
	mutex_unlock(&vmap_mutex);
}

void vfree(const void *addr)
{
	struct vmap_area *va;

	if (in_interrupt()) {
		vfree_atomic(addr);
		return;
	}
	might_sleep();
	if (!addr)
		return;
	mutex_lock(&vmap_mutex);
	purge_deferred();
	va = find_area_to_free("vfree", addr);
	if (va)
		__vunmap(va, va->vm.flags & VM_ALLOC);
	mutex_unlock(&vmap_mutex);
}

void vunmap(const void *addr)
{
	struct vmap_area *va;

	might_sleep();
	if (!addr)
		return;
	mutex_lock(&vmap_mutex);
	purge_deferred();
	va = find_area_to_free("vunmap", addr);
	if (va && (va->vm.flags & VM_ALLOC)) {
		bad_vfree("vunmap", addr, "a vmalloc() area (use vfree())");
		report_end();
	} else if (va) {
		__vunmap(va, false);
	}
	mutex_unlock(&vmap_mutex);
}

/* ---- vmap -------------------------------------------------------------- */

void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pteval_t prot)
{
	struct vmap_area *va;

	might_sleep();
	(void)flags;
	if (!count || count > totalram_pages() || !pages)
		return NULL;
	for (unsigned int i = 0; i < count; i++) {
		if (!page_in_mem_map(pages[i]) || !pfn_valid(page_to_pfn(pages[i]))) {
			report_begin(REPORT_BAD_ARG,
				     "BUG: vmap: pages[%u] is not a page of RAM", i);
			report_end();
			return NULL;
		}
	}
	mutex_lock(&vmap_mutex);
	purge_deferred();
	va = alloc_vmap_area(((unsigned long)count + 1) << PAGE_SHIFT, GFP_KERNEL);
	if (!va)
		goto out;
	va->vm.addr = va_host(va);
	va->vm.size = va_size(va);
	va->vm.flags = VM_MAP;
	va->vm.nr_pages = count;
	va->vm.pages = malloc(count * sizeof(struct page *));
	if (!va->vm.pages)
		goto fail;
	memcpy(va->vm.pages, pages, count * sizeof(struct page *));
	if (map_area(va, prot, GFP_KERNEL))
		goto fail;
	mutex_unlock(&vmap_mutex);
	return va->vm.addr;
fail:
	free_vmap_area(va);
out:
	mutex_unlock(&vmap_mutex);
	return NULL;
}

/* ---- lookups ------------------------------------------------------------ */

bool is_vmalloc_addr(const void *addr)
{
	unsigned long kva = host_to_kva(addr);

	return kva >= VMALLOC_START && kva < VMALLOC_END;
}

struct page *vmalloc_to_page(const void *addr)
{
	unsigned long pfn = vmalloc_to_pfn(addr);

	return pfn == -1UL ? NULL : pfn_to_page(pfn);
}

unsigned long vmalloc_to_pfn(const void *addr)
{
	unsigned long pfn;

	mutex_lock(&vmap_mutex);
	pfn = kernel_va_to_pfn(host_to_kva(addr));
	mutex_unlock(&vmap_mutex);
	return pfn;
}

struct vm_struct *find_vm_area(const void *addr)
{
	unsigned long kva = host_to_kva(addr);
	struct vmap_area *va;

	if (!is_vmalloc_addr(addr))
		return NULL;
	mutex_lock(&vmap_mutex);
	va = va_find_containing(vm.busy_root, kva);
	mutex_unlock(&vmap_mutex);
	return va && va->va_start == kva ? &va->vm : NULL;
}

struct vm_struct *find_vm_area_containing(unsigned long kva)
{
	struct vmap_area *va = va_find_containing(vm.busy_root, kva);

	return va ? &va->vm : NULL;
}

/* ---- consistency --------------------------------------------------------- */

static bool __printf(3, 4) vm_bad(const struct vmap_area *va, const char *what,
				  const char *fmt, ...);

static bool vm_bad(const struct vmap_area *va, const char *what,
		   const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	report_begin(REPORT_INCONSISTENT, "BUG: vmalloc inconsistent: %s", what);
	if (va)
		report_line("area %#lx-%#lx", va->va_start, va->va_end);
	report_line("%s", line);
	report_end();
	return false;
}

struct va_walk {
	struct vmap_area	**sorted;
	unsigned long		nr, cap;
	bool			ok;
};

/* In-order walk, checking heap order and subtree maxima on the way. */
static unsigned long collect(struct vmap_area *t, struct va_walk *w)
{
	unsigned long m, r;

	if (!t || !w->ok)
		return 0;
	if ((t->left && t->left->prio > t->prio) ||
	    (t->right && t->right->prio > t->prio)) {
		w->ok = vm_bad(t, "treap heap order broken", "prio %u", t->prio);
		return 0;
	}
	m = collect(t->left, w);
	if (w->nr == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->sorted = realloc(w->sorted, w->cap * sizeof(*w->sorted));
		if (!w->sorted) {
			w->ok = false;
			return 0;
		}
	}
	w->sorted[w->nr++] = t;
	r = collect(t->right, w);
	m = max(m, max(va_size(t), r));
	if (w->ok && m != t->subtree_max_size)
		w->ok = vm_bad(t, "subtree_max_size wrong", "%lu, should be %lu",
			       t->subtree_max_size, m);
	return m;
}

static bool busy_area_mapped_ok(const struct vmap_area *va)
{
	for (unsigned int i = 0; i < va->vm.nr_pages; i++) {
		unsigned long addr = va->va_start + ((unsigned long)i << PAGE_SHIFT);

		if (kernel_va_to_pfn(addr) != page_to_pfn(va->vm.pages[i]))
			return vm_bad(va, "page not mapped at its pte",
				      "page %u: pte pfn %#lx, page pfn %#lx", i,
				      kernel_va_to_pfn(addr),
				      page_to_pfn(va->vm.pages[i]));
	}
	if (kernel_va_to_pfn(va->va_end - PAGE_SIZE) != -1UL)
		return vm_bad(va, "guard page mapped", "pfn %#lx",
			      kernel_va_to_pfn(va->va_end - PAGE_SIZE));
	return true;
}

bool vmalloc_is_valid(void)
{
	struct va_walk fw = { .ok = true }, bw = { .ok = true };
	unsigned long f = 0, b = 0, at = vm.start;
	bool ok;

	collect(vm.free_root, &fw);
	collect(vm.busy_root, &bw);
	ok = fw.ok && bw.ok;
	if (ok && bw.nr != vm.nr_busy)
		ok = vm_bad(NULL, "busy count wrong", "%lu areas, counter %lu",
			    bw.nr, vm.nr_busy);
	/* Merge the two sorted lists: they must tile [start, end). */
	while (ok && (f < fw.nr || b < bw.nr)) {
		bool take_free = b == bw.nr ||
			(f < fw.nr && fw.sorted[f]->va_start < bw.sorted[b]->va_start);
		struct vmap_area *va = take_free ? fw.sorted[f++] : bw.sorted[b++];

		if (va->va_start != at || va->va_end <= va->va_start ||
		    !IS_ALIGNED(va->va_start | va->va_end, PAGE_SIZE))
			ok = vm_bad(va, "areas do not tile the vmalloc area",
				    "expected an area at %#lx", at);
		else if (take_free && f >= 2 &&
			 fw.sorted[f - 2]->va_end == va->va_start)
			ok = vm_bad(va, "adjacent free areas not merged", "at %#lx",
				    va->va_start);
		else if (!take_free && va->vm.nr_pages + 1 !=
			 va_size(va) >> PAGE_SHIFT)
			ok = vm_bad(va, "page count does not match the size",
				    "%u pages", va->vm.nr_pages);
		else if (!take_free && !busy_area_mapped_ok(va))
			ok = false;
		at = va->va_end;
	}
	if (ok && at != vm.end)
		ok = vm_bad(NULL, "areas do not reach the end", "%#lx, end %#lx",
			    at, vm.end);
	free(fw.sorted);
	free(bw.sorted);
	return ok;
}
