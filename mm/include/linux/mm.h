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

/* ---- page flags ---------------------------------------------------- */

#define PAGEFLAG(name, bit)						\
static inline bool Page##name(const struct page *page)			\
{ return page->flags & BIT(bit); }					\
static inline void __SetPage##name(struct page *page)			\
{ page->flags |= BIT(bit); }						\
static inline void __ClearPage##name(struct page *page)			\
{ page->flags &= ~BIT(bit); }

PAGEFLAG(Reserved, PG_reserved)
PAGEFLAG(Buddy, PG_buddy)
PAGEFLAG(Table, PG_table)
PAGEFLAG(Slab, PG_slab)

static inline int page_ref_count(const struct page *page)
{
	return page->_refcount;
}

static inline void set_page_count(struct page *page, int v)
{
	page->_refcount = v;
}

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

/**
 * page_address() - the host pointer of a page's kernel mapping.
 * Return: the direct-map address of a lowmem page, NULL for a highmem page
 * (which has no permanent mapping).
 */
static inline void *page_address(const struct page *page)
{
	if (PageHighMem(page))
		return NULL;
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

#endif /* _LINUX_MM_H */
