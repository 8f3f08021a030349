/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The types every layer shares, and the words used for them.
 *
 * Glossary
 *   pfn           page frame number: a physical address >> PAGE_SHIFT.
 *   arch VA       a virtual address of the simulated architecture, carried
 *                 in an unsigned long; it is what page tables translate and
 *                 what reports print.
 *   host pointer  a real pointer of this process.  Each kernel window (direct
 *                 map, vmalloc, PKMAP, fixmap) is one host mapping at a fixed
 *                 offset from its arch VA, so the two convert both ways.
 *   order         log2 of a block's size in pages; blocks are naturally
 *                 aligned: a block of order k starts at a pfn that is a
 *                 multiple of 2^k.
 *   buddy         the other half of the order k+1 block a block belongs to:
 *                 pfn ^ (1 << k).
 *   present       RAM pages in a zone; spanned counts holes too.
 *   managed       present pages the buddy allocator owns (minus reserved).
 *   deferred      a managed page the allocator has not touched yet.  Its
 *                 struct page is still all zero, which reads as "free, on no
 *                 list"; zones hand deferred pages to the free lists a block
 *                 at a time, when they run short (see deferred_grow_zone()).
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/list.h>
#include <linux/types.h>

/*
 * Page flags.  A struct page is in exactly one of these states:
 *
 *   free, on no list      all zero (deferred, or a tail of a free block,
 *                         or on a per-CPU list: _refcount 0, no PG_buddy)
 *   free block head       PG_buddy, order = block order, on free_area[order]
 *   allocated block head  _refcount >= 1, order = order it was allocated with
 *   allocated tail        all zero; its head is found by alignment
 *   reserved              PG_reserved: boot page tables and other memblock
 *                         allocations, never freed to the buddy allocator
 *
 * PG_table, PG_slab and PG_large_kmalloc further mark allocated heads owned
 * by the page-table code, the slab allocator and kmalloc's large
 * allocations, so that a plain __free_pages() of them is caught.
 *
 * A slab of order > 0 is the one exception to "allocated tails are all
 * zero": each tail's compound_head points at the head with bit 0 set, as
 * Linux's compound pages do, so that an object in any page of the slab finds
 * its slab in O(1).  The slab allocator clears them before freeing the slab.
 */
enum pageflags {
	PG_reserved,
	PG_buddy,
	PG_table,
	PG_slab,
	PG_large_kmalloc,
	__NR_PAGEFLAGS,
};

struct kmem_cache;

/*
 * struct page - what the kernel knows about one page frame.
 *
 * The array of them (mem_map) lives in host memory outside simulated RAM,
 * mapped lazily: a machine pays only for the struct pages it touches.
 */
struct page {
	unsigned long flags;
	union {
		/* free_area or per-CPU list while free */
		struct list_head lru;
		/* PG_slab head: a slab of slab_cache (see mm/slab.h) */
		struct {
			struct list_head slab_list;	/* node partial/full */
			struct kmem_cache *slab_cache;
			void *freelist;		/* first free object, host ptr */
			unsigned int inuse;	/* objects not on freelist */
			unsigned short objects;	/* objects in the slab */
			unsigned char frozen;	/* a CPU's slab, on no list */
		};
		/* tail page of a slab: the head's address | 1 */
		unsigned long compound_head;
	};
	unsigned int order;	/* PG_buddy: free block order; head: alloc order */
	int _refcount;
};

/* ---- the address space of a simulated process ------------------------- */

/* vm_area_struct.vm_flags */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL

struct mm_struct;

/*
 * struct vm_area_struct - one mapping of an mm: [vm_start, vm_end),
 * page-aligned, non-empty.  An mm's VMAs are on its mmap list sorted by
 * address, never overlap, and two that touch always differ in vm_flags
 * (compatible neighbours are merged when made).
 */
struct vm_area_struct {
	unsigned long		vm_start;
	unsigned long		vm_end;
	unsigned long		vm_flags;
	struct mm_struct	*vm_mm;
	struct list_head	vm_list;	/* on mm->mmap, by address */
};

/*
 * struct mm_struct - a simulated process's address space.
 * @pgd:	physical address of its pgd page (PG_table); the kernel half is
 *		a copy of swapper_pg_dir's entries, made at mm_alloc().
 * @mmap:	the VMAs, sorted.
 * @start_brk, @brk:	the heap: [start_brk, PAGE_ALIGN(brk)) is mapped
 *		by the brk VMA; set both (to the page-aligned end of the
 *		program's data) before the first brk(), as the ELF loader does.
 * @rlimit_data:	RLIMIT_DATA in bytes (RLIM_INFINITY: ~0UL).
 * @rss:	pages faulted in and mapped now (Linux's MM_ANONPAGES).
 * @nr_segv:	accesses refused with a segfault report.
 * @mmlist:	on the machine's list of live mms (Linux x86's pgd_list),
 *		which the page-table checker walks.
 * Host memory, like all mmfuzz bookkeeping outside struct page.
 */
struct mm_struct {
	u64			pgd;
	struct list_head	mmap;
	struct list_head	mmlist;
	int			map_count;
	unsigned long		start_brk;
	unsigned long		brk;
	unsigned long		rlimit_data;
	unsigned long		rss;
	unsigned long		nr_segv;
};

#endif /* _LINUX_MM_TYPES_H */
