// SPDX-License-Identifier: GPL-2.0
/*
 * Exact-size page allocations: alloc_pages_exact(), free_pages_exact() and
 * split_page(), as Linux's mm/page_alloc.c has them.
 *
 * A block of get_order(size) is taken and split into order-0 pages; the
 * pages past PAGE_ALIGN(size) go straight back to the buddy free lists (not
 * a per-CPU list: Linux frees them with FPI_TO_TAIL through
 * __free_pages_ok()), so exactly the surplus is free again at once.
 */
#include <linux/gfp.h>
#include <linux/mmdebug.h>
#include <linux/report.h>

#include "internal.h"

void split_page(struct page *page, unsigned int order)
{
	if (!page || !page_in_mem_map(page) || page_ref_count(page) != 1 ||
	    page->order != order || PageSlab(page) || PageTable(page) ||
	    PageLargeKmalloc(page)) {
		report_begin(REPORT_BAD_ARG,
			     "BUG: split_page of what is no order-%u block with one reference",
			     order);
		if (page && page_in_mem_map(page))
			report_page(page);
		report_end();
		return;
	}
	page->order = 0;
	for (unsigned long i = 1; i < (1UL << order); i++)
		set_page_count(page + i, 1);
}

void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	unsigned int order = get_order(size);
	unsigned long nr = PFN_UP(size), pfn;
	struct page *page;
	unsigned long addr;

	if (gfp & (__GFP_COMP | __GFP_HIGHMEM)) {
		report_begin(REPORT_BAD_ARG,
			     "WARNING: alloc_pages_exact with __GFP_COMP or __GFP_HIGHMEM (%#x): masked",
			     gfp);
		report_end();
		gfp &= ~(__GFP_COMP | __GFP_HIGHMEM);
	}
	addr = __get_free_pages(gfp, order);
	if (!addr)
		return NULL;
	page = virt_to_page((void *)addr);
	split_page(page, order);
	pfn = page_to_pfn(page);
	for (unsigned long i = nr; i < (1UL << order); i++) {
		set_page_count(page + i, 0);
		__free_one_page(page + i, pfn + i, page_zone(page), 0);
	}
	return (void *)addr;
}

/* Would __free_page() give this page back (not refuse it)? */
static bool page_freeable(const void *addr)
{
	const struct page *page;

	if (!virt_addr_valid(addr) || ((unsigned long)addr & (PAGE_SIZE - 1)))
		return false;
	page = virt_to_page(addr);
	return page_ref_count(page) > 0 && page->order == 0 &&
	       !PageReserved(page) && !PageSlab(page) && !PageTable(page) &&
	       !PageLargeKmalloc(page);
}

void free_pages_exact(void *virt, size_t size)
{
	char *start = virt, *end;

	if (!virt)
		return;
	end = start + PAGE_ALIGN(size);
	/* All or nothing: the first bad page refuses the whole range. */
	for (char *p = start; p < end; p += PAGE_SIZE) {
		if (!page_freeable(p)) {
			free_page((unsigned long)p);
			return;
		}
	}
	for (char *p = start; p < end; p += PAGE_SIZE)
		free_page((unsigned long)p);
}
