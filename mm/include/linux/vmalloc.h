/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmalloc: virtually contiguous kernel memory made of scattered pages,
 * mapped in the kernel page tables between VMALLOC_START and VMALLOC_END,
 * and kvmalloc, which prefers kmalloc and falls back to it.
 *
 * Every pointer taken or returned here is a host pointer into the vmalloc
 * window (see <linux/machine.h>); reports name its arch VA.
 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/gfp.h>
#include <linux/pgtable.h>

/* vm_struct.flags */
#define VM_ALLOC	0x00000002UL	/* vmalloc(): the area owns its pages */
#define VM_MAP		0x00000004UL	/* vmap(): the caller owns the pages */
#define VM_USERMAP	0x00000008UL	/* vmalloc_user(): may be mapped to user */

/*
 * What vmalloc_32() asks for: pages a 32-bit device can reach.  __GFP_DMA32
 * is ZONE_DMA32 on x86-64 and lowmem on i386 (which has no ZONE_DMA32);
 * either way it keeps vmalloc from adding __GFP_HIGHMEM.
 */
#define GFP_VMALLOC32	(GFP_DMA32 | GFP_KERNEL)

/**
 * struct vm_struct - one busy area of the vmalloc space.
 * @addr:	host pointer of the first byte.
 * @size:	bytes, including the guard page that follows every area.
 * @flags:	VM_ALLOC or VM_MAP.
 * @pages:	the pages mapped, in address order (VM_ALLOC and VM_MAP).
 * @nr_pages:	how many; always (size - PAGE_SIZE) / PAGE_SIZE.
 */
struct vm_struct {
	void			*addr;
	unsigned long		size;
	unsigned long		flags;
	struct page		**pages;
	unsigned int		nr_pages;
};

/**
 * vmalloc() - allocate @size bytes of virtually contiguous memory.
 *
 * Context: process context; may sleep (might_sleep()).
 * Return: a page-aligned host pointer, or NULL when @size is 0 (reported,
 * as Linux warns), larger than all of RAM, or when pages, page tables or a
 * range of the vmalloc area cannot be had (a "vmalloc error" report unless
 * __GFP_NOWARN).  On failure nothing is left mapped or allocated.
 */
void *vmalloc(unsigned long size);

/* vmalloc() with zeroed memory. */
void *vzalloc(unsigned long size);

/* vmalloc() whose pages come preferably from node @node (-1: any). */
void *vmalloc_node(unsigned long size, int node);

/**
 * vmalloc_32() - vmalloc() of pages below 4 GiB (GFP_VMALLOC32).
 * Context: process context; may sleep.  Return: as vmalloc().
 */
void *vmalloc_32(unsigned long size);

/**
 * vmalloc_user() - zeroed vmalloc() memory meant to be mapped into user
 * space: its area carries VM_USERMAP (Linux's remap_vmalloc_range() test).
 * Context: process context; may sleep.  Return: as vmalloc().
 */
void *vmalloc_user(unsigned long size);

/**
 * vmalloc_array() - vmalloc() of @n * @size bytes.
 * Context: process context; may sleep.
 * Return: as vmalloc(); NULL without a report if the product overflows.
 */
void *vmalloc_array(size_t n, size_t size);

/* vmalloc_array() of zeroed memory (vzalloc()). */
void *vcalloc(size_t n, size_t size);

/**
 * __vmalloc() - vmalloc() with an explicit GFP mask for the pages.
 * Pages come from highmem too unless @gfp asks for __GFP_DMA/__GFP_DMA32;
 * __GFP_ZERO zeroes them; __GFP_NOWARN silences the failure report.
 * Return: as vmalloc().
 */
void *__vmalloc(unsigned long size, gfp_t gfp);

/* __vmalloc() from node @node; all vmalloc variants end here. */
void *__vmalloc_node(unsigned long size, gfp_t gfp, int node);

/**
 * vfree() - free memory from vmalloc() (or unmap an area from vmap()).
 * @addr: NULL is ignored.
 *
 * Context: any.  From interrupt context the work is deferred, as
 * vfree_atomic() does.  An address outside the vmalloc area, inside an
 * area but not at its start, or of no live area (a double free) is
 * reported (REPORT_BAD_VFREE) and refused.
 */
void vfree(const void *addr);

/**
 * vfree_atomic() - vfree() that never frees right away: the area is
 * checked, then queued on a list kept in its own first bytes, and freed
 * when the list is drained (vmalloc_drain_deferred(), or the next
 * vmalloc-area operation in process context).  Misuse is reported at once.
 */
void vfree_atomic(const void *addr);

/* Free every area queued by vfree_atomic(); process context. */
void vmalloc_drain_deferred(void);

/**
 * vmap() - map @count pages, owned by the caller, virtually contiguously.
 * @flags: VM_MAP (other bits are ignored).
 * @prot: entry bits, normally PAGE_KERNEL.
 *
 * Context: process context; may sleep.
 * Return: the host pointer, or NULL for @count 0 or above the RAM size,
 * a @pages entry that is not a page of RAM (reported, REPORT_BAD_ARG), or
 * no memory for page tables or metadata, or no free range.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pteval_t prot);

/**
 * vunmap() - undo vmap(); the pages stay the caller's.
 * Context: process context, never from an interrupt.
 * An address of no live area, not at an area's start, or of a vmalloc()
 * area (whose pages would leak: use vfree()) is reported and refused.
 */
void vunmap(const void *addr);

/**
 * vmalloc_to_page() - the page mapped at kernel address @addr, found by
 * walking the kernel page tables.
 * Return: the page, or NULL if nothing is mapped there.
 */
struct page *vmalloc_to_page(const void *addr);

/* page_to_pfn(vmalloc_to_page(@addr)), or -1UL if nothing is mapped. */
unsigned long vmalloc_to_pfn(const void *addr);

/* Is @addr (host pointer) inside the vmalloc area? */
bool is_vmalloc_addr(const void *addr);

/**
 * find_vm_area() - the busy area starting exactly at @addr.
 * Return: its vm_struct, or NULL.
 */
struct vm_struct *find_vm_area(const void *addr);

/**
 * vmalloc_is_valid() - check the vmalloc space from top to bottom.
 *
 * Busy and free areas must be page-aligned, inside the area, sorted,
 * disjoint, cover [start, end) exactly between them, with no two free
 * areas adjacent (frees merge) and every subtree maximum right; every busy
 * area's pages must be mapped at their ptes and its guard page unmapped.
 * Cost: linear in areas and mapped pages.
 * Return: true, or false after one REPORT_INCONSISTENT report.
 */
bool vmalloc_is_valid(void);

/**
 * vmalloc_shrink_area() - for tests: let the range allocator use only the
 * first @bytes (page-aligned, > 0) of the vmalloc area, so exhaustion can
 * be reached on x86-64.  Only while no area is busy.
 * Return: 0, or -EBUSY / -EINVAL (and nothing changes).
 */
int vmalloc_shrink_area(unsigned long bytes);

/**
 * kvmalloc() - kmalloc() if it can, vmalloc() if it must.
 *
 * Linux's rules: above a page, kmalloc is tried with __GFP_NORETRY |
 * __GFP_NOWARN (and without __GFP_NOFAIL) so a fragmented machine falls
 * back quickly (kmalloc_gfp_adjust()); the vmalloc fallback is taken only
 * above a page and only for masks that may sleep (__GFP_DIRECT_RECLAIM:
 * never for GFP_ATOMIC or GFP_NOWAIT), and not above INT_MAX bytes
 * (reported unless __GFP_NOWARN, as Linux warns).
 * Context: as @gfp allows.
 * Return: memory to give back with kvfree(), or NULL.
 */
void *kvmalloc(size_t size, gfp_t gfp);

/**
 * kmalloc_gfp_adjust() - the mask kvmalloc() tries kmalloc with: above a
 * page, @flags plus __GFP_NOWARN and (unless __GFP_RETRY_MAYFAIL)
 * __GFP_NORETRY, minus __GFP_NOFAIL; @flags unchanged otherwise.
 */
gfp_t kmalloc_gfp_adjust(gfp_t flags, size_t size);

/* kvmalloc() with __GFP_ZERO. */
void *kvzalloc(size_t size, gfp_t gfp);

/**
 * kvmalloc_array() - kvmalloc() of @n * @size bytes.
 * Context: as @gfp allows.
 * Return: as kvmalloc(); NULL without a report if the product overflows,
 * as Linux (check_mul_overflow(), no warning).
 */
void *kvmalloc_array(size_t n, size_t size, gfp_t gfp);

/* kvmalloc_array() with __GFP_ZERO; NULL (no report) on overflow. */
void *kvcalloc(size_t n, size_t size, gfp_t gfp);

/* kvmalloc() on a node; the rest end here. */
void *kvmalloc_node(size_t size, gfp_t gfp, int node);

/**
 * kvfree() - free memory from kvmalloc(): vfree() for a vmalloc address,
 * kfree() for anything else.  NULL is ignored.
 */
void kvfree(const void *addr);

#endif /* _LINUX_VMALLOC_H */
