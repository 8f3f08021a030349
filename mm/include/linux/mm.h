/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page frames and addresses: struct page <-> pfn <-> physical address <->
 * host pointer <-> arch VA.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/machine.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>

#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	ALIGN(x, PAGE_SIZE)
#define PFN_PHYS(pfn)	((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(phys)	((unsigned long)((phys) >> PAGE_SHIFT))
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)

/**
 * get_order() - the smallest order whose block holds @size bytes.
 * Linux's arithmetic, fls((@size - 1) >> PAGE_SHIFT), and therefore its
 * answer for 0 as well: @size - 1 wraps, giving BITS_PER_LONG - PAGE_SHIFT
 * (52 here on both arches, the host's long being 64 bits; 20 on a real
 * i386), an order far above MAX_PAGE_ORDER, so an allocation of 0 bytes
 * sized by get_order() fails instead of getting a page.  52 is also the
 * largest answer, for sizes above 2^63.
 * Context: any.  Return: the order; never fails.
 */
static inline unsigned int get_order(unsigned long size)
{
	unsigned long pages = (size - 1) >> PAGE_SHIFT;

	return pages ? (unsigned int)(64 - __builtin_clzl(pages)) : 0;
}

/* ---- page flags ---------------------------------------------------- */

/*
 * The __ setters are Linux's non-atomic ones: only the page's owner writes
 * its flags (the zone, under zone->lock, for free blocks).  But in thread
 * mode the buddy allocator reads the flags of a free block's buddy, which
 * may be an allocated page whose owner is changing its flags on another
 * CPU; every access is therefore a relaxed atomic load or store (a plain
 * move on x86), and the reader sees either value, neither with PG_buddy.
 */
#define PAGEFLAG(name, bit)						\
static inline bool Page##name(const struct page *page)			\
{ return __atomic_load_n(&page->flags, __ATOMIC_RELAXED) & BIT(bit); }	\
static inline void __SetPage##name(struct page *page)			\
{ __atomic_store_n(&page->flags, __atomic_load_n(&page->flags,		\
		  __ATOMIC_RELAXED) | BIT(bit), __ATOMIC_RELAXED); }	\
static inline void __ClearPage##name(struct page *page)			\
{ __atomic_store_n(&page->flags, __atomic_load_n(&page->flags,		\
		  __ATOMIC_RELAXED) & ~BIT(bit), __ATOMIC_RELAXED); }

PAGEFLAG(Reserved, PG_reserved)
PAGEFLAG(Buddy, PG_buddy)
PAGEFLAG(Table, PG_table)
PAGEFLAG(Slab, PG_slab)
PAGEFLAG(LargeKmalloc, PG_large_kmalloc)

/* The head of the slab @page belongs to; @page itself for any other page. */
static inline struct page *compound_head(const struct page *page)
{
	unsigned long head;

	/*
	 * A slab head's word here is its list link, which other CPUs change
	 * under the node's list_lock: never read it (thread mode).
	 */
	if (PageSlab(page))
		return (struct page *)page;
	head = page->compound_head;

	if (head & 1)
		return (struct page *)(head - 1);
	return (struct page *)page;
}

static inline int page_ref_count(const struct page *page)
{
	return page->_refcount;
}

static inline void set_page_count(struct page *page, int v)
{
	page->_refcount = v;
}

/**
 * alloc_block_head() - the head of the allocated block @page lies in.
 * @page: any page of the machine.
 *
 * Found by alignment: an allocated head has _refcount >= 1 and its order.
 * Whoever holds the block (a caller, a slab, a page table, the balloon)
 * does not matter.  O(MAX_PAGE_ORDER).
 *
 * Return: the head, or NULL if @page is free or reserved-free.
 */
struct page *alloc_block_head(struct page *page);

/* ---- pfn and struct page -------------------------------------------- */

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - machine.mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return machine.mem_map + pfn;
}

/**
 * pfn_valid() - is @pfn a frame of RAM?
 * False for holes of the e820 map and for anything at or above max_pfn.
 */
bool pfn_valid(unsigned long pfn);

/* Is @page an element of mem_map at all?  Catches foreign pointers. */
static inline bool page_in_mem_map(const struct page *page)
{
	return page >= machine.mem_map &&
	       page < machine.mem_map + machine.max_pfn &&
	       ((const char *)page - (const char *)machine.mem_map) %
			sizeof(struct page) == 0;
}

/* Node and zone of a RAM pfn, from the boot-time spans (no per-page data). */
int pfn_to_nid(unsigned long pfn);
struct zone *pfn_zone(unsigned long pfn);

static inline struct zone *page_zone(const struct page *page)
{
	return pfn_zone(page_to_pfn(page));
}

static inline int page_to_nid(const struct page *page)
{
	return pfn_to_nid(page_to_pfn(page));
}

static inline bool PageHighMem(const struct page *page)
{
	return page_to_pfn(page) >= machine.max_low_pfn;
}

/* ---- addresses ------------------------------------------------------- */

/*
 * Host pointers into the direct map.  __pa() and virt_to_page() of a pointer
 * outside it are bugs in the caller; they return -1 and NULL here so the
 * free paths can report them instead of crashing.
 */
static inline bool virt_addr_valid(const void *addr)
{
	const struct host_window *w = &machine.window[WINDOW_DIRECT];
	const char *p = addr;

	return p >= w->host && p < w->host + (w->va_end - w->va_start) &&
	       pfn_valid((unsigned long)(p - w->host) >> PAGE_SHIFT);
}

static inline phys_addr_t __pa(const void *addr)
{
	return (phys_addr_t)((const char *)addr - machine.window[WINDOW_DIRECT].host);
}

static inline void *__va(phys_addr_t phys)
{
	return machine.window[WINDOW_DIRECT].host + phys;
}

#define virt_to_phys(addr)	__pa(addr)
#define phys_to_virt(phys)	__va(phys)

static inline struct page *virt_to_page(const void *addr)
{
	if (!virt_addr_valid(addr))
		return NULL;
	return pfn_to_page(PHYS_PFN(__pa(addr)));
}

/* page_address() of a highmem page; see <linux/highmem.h>. */
void *highmem_page_address(const struct page *page);

/**
 * page_address() - the host pointer of a page's kernel mapping.
 * Return: the direct-map address of a lowmem page; for a highmem page its
 * PKMAP address while kmap() gives it one, NULL otherwise.
 */
static inline void *page_address(const struct page *page)
{
	if (unlikely(PageHighMem(page)))
		return highmem_page_address(page);
	return __va(PFN_PHYS(page_to_pfn(page)));
}

/**
 * host_to_kva() - arch VA of a host pointer into one of the kernel windows.
 * Return: the arch VA, or 0 if @p lies in no window.
 */
unsigned long host_to_kva(const void *p);

/**
 * kva_to_host() - host pointer for an arch VA inside one of the windows.
 * Return: the host pointer, or NULL if @va lies in no window.
 */
void *kva_to_host(unsigned long va);

/* ---- process address space (mm/mmap.c, mm/memory.c) ------------------ */

/**
 * mm_alloc() - a new, empty address space (Linux's mm_alloc + pgd_alloc).
 * Its pgd is a page-table page from the buddy allocator whose kernel half
 * is copied from swapper_pg_dir.  Context: process context.
 * Return: the mm, or NULL if no page or metadata could be had.
 */
struct mm_struct *mm_alloc(void);

/**
 * mmput() - tear down @mm (exit_mmap): every faulted page, every
 * page-table page below its user half, its pgd, its VMAs.  NULL is ignored.
 */
void mmput(struct mm_struct *mm);

/* The first VMA of @mm ending above @addr, or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);

/**
 * vm_brk_flags() - map anonymous memory at [@addr, @addr + @len), as the
 * ELF loader maps bss; anything mapped there before is unmapped first, and
 * a compatible neighbour is extended instead of adding a VMA.
 * @flags: VM_READ | VM_WRITE | VM_EXEC.
 * Return: 0, -EINVAL for an unaligned @addr, a zero @len or a range past
 * TASK_SIZE, -ENOMEM if no VMA could be had.
 */
int vm_brk_flags(struct mm_struct *mm, unsigned long addr, unsigned long len,
		 unsigned long flags);

/**
 * do_munmap() - unmap [@start, @start + @len) of @mm: split VMAs at the
 * edges, free the pages and the page tables left empty.
 * Return: 0, or -EINVAL for an unaligned @start, a zero @len or a range
 * past TASK_SIZE.
 */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);

/**
 * sys_brk() - the brk(2) system call of the process owning @mm.
 * Linux's rules: below start_brk, above RLIMIT_DATA, past TASK_SIZE, or
 * closer than a page to the next mapping, the request is refused; growth
 * and shrink are page-granular (shrinking unmaps and frees).
 * Return: the new break, or the old one when refused (never an errno).
 */
unsigned long sys_brk(struct mm_struct *mm, unsigned long brk);

/**
 * user_read() / user_write() - a load or store of @len bytes at user
 * address @addr by the task running in @mm, as its CPU would do it:
 * each page not yet present is demand-faulted in (a zeroed GFP_HIGHUSER
 * page mapped with _PAGE_USER).  An address in no VMA, or a write to a VMA
 * without VM_WRITE, is the task's segmentation fault: reported
 * (REPORT_SEGV) and refused, never a crash of the harness.
 * Return: 0, -EFAULT after a segfault (bytes before it were transferred),
 * -ENOMEM if the fault could not get a page or a page table.
 */
int user_read(struct mm_struct *mm, unsigned long addr, void *buf, size_t len);
int user_write(struct mm_struct *mm, unsigned long addr, const void *buf,
	       size_t len);

/**
 * mm_is_valid() - check @mm: VMAs sorted, aligned, non-overlapping, below
 * TASK_SIZE, compatible neighbours merged, map_count right; no present
 * user pte outside every VMA; rss equal to the present user ptes.
 * Cost: linear in VMA pages.  Return: true, or false after one
 * REPORT_INCONSISTENT report.
 */
bool mm_is_valid(struct mm_struct *mm);

#endif /* _LINUX_MM_H */
