// SPDX-License-Identifier: GPL-2.0
/*
 * Hardened usercopy: is the kernel side of a user copy one thing the
 * caller may copy?  (Linux's mm/usercopy.c, with its page-span check.)
 *
 * By the window the kernel pointer lies in:
 *   direct map  a slab object: live, and the copy inside one object's
 *               usercopy window (slub.c's __check_heap_object()); a
 *               page-table page: never; any other page: the copy must stay
 *               inside the allocated block it starts in (a high-order
 *               block or a large kmalloc is one allocation; two order-0
 *               blocks side by side are not); a free page: never.  (The
 *               only reserved pages are boot page tables.)
 *   vmalloc     inside one busy area and short of its guard page (Linux
 *               lets the check reach the guard page, which then faults;
 *               mmfuzz refuses it here, so the copy never starts).
 *   PKMAP, fixmap  inside the one page kmap gave.
 *   no window   host memory of the caller (Linux's stack and data): allowed.
 * Each refusal is one report of its own type whose first line is Linux's
 * usercopy_abort() text, with the offset into what was hit.
 */
#include <linux/mm.h>
#include <linux/report.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "internal.h"
#include "slab.h"

static bool usercopy_abort(enum report_type type, const char *name,
			   bool to_user, unsigned long va, unsigned long offset,
			   unsigned long n)
{
	report_begin(type,
		     "usercopy: Kernel memory %s attempt detected %s %s (offset %lu, size %lu)!",
		     to_user ? "exposure" : "overwrite", to_user ? "from" : "to",
		     name, offset, n);
	report_line("kernel address 0x%lx", va);
	return false;
}

static bool abort_done(void)
{
	report_end();
	return false;
}

/* The window @va lies in, or NR_WINDOWS. */
static int window_of(unsigned long va)
{
	for (int i = 0; i < NR_WINDOWS; i++) {
		const struct host_window *w = &machine.window[i];

		if (w->host && va >= w->va_start && va < w->va_end)
			return i;
	}
	return NR_WINDOWS;
}

static bool check_vmalloc_object(unsigned long va, unsigned long n,
				 bool to_user)
{
	struct vm_struct *area = find_vm_area_containing(va);
	unsigned long start, mapped_end;

	if (!area) {
		usercopy_abort(REPORT_USERCOPY_VMALLOC_NO_AREA, "vmalloc", to_user,
			       va, 0, n);
		report_line("no vmalloc area holds it");
		return abort_done();
	}
	start = host_to_kva(area->addr);
	mapped_end = start + area->size - PAGE_SIZE;
	if (va >= mapped_end || n > mapped_end - va) {
		usercopy_abort(REPORT_USERCOPY_VMALLOC_GUARD, "vmalloc", to_user,
			       va, va - start, n);
		report_line("area 0x%lx-0x%lx: the copy reaches its guard page at 0x%lx",
			    start, start + area->size, mapped_end);
		return abort_done();
	}
	return true;
}

static bool check_page_object(const void *ptr, unsigned long va,
			      unsigned long n, bool to_user)
{
	struct page *page = virt_to_page(ptr), *head;
	unsigned long pfn, offset, block_bytes;

	if (!page)
		return true;	/* a hole: the copy faults, as in Linux */
	head = compound_head(page);
	if (PageSlab(head))
		return __check_heap_object(ptr, n, head, to_user);
	pfn = page_to_pfn(page);
	if (PageTable(page) || PFN_PHYS(pfn) == machine.swapper_pg_dir) {
		usercopy_abort(REPORT_USERCOPY_PAGE_TABLE, "page table", to_user,
			       va, va & ~PAGE_MASK, n);
		report_line("pfn %#lx is a page-table page", pfn);
		return abort_done();
	}
	head = alloc_block_head(page);
	if (!head) {
		usercopy_abort(REPORT_USERCOPY_FREE, "free page", to_user, va,
			       va & ~PAGE_MASK, n);
		report_line("pfn %#lx is free", pfn);
		return abort_done();
	}
	offset = (unsigned long)(__pa(ptr) - PFN_PHYS(page_to_pfn(head)));
	block_bytes = PAGE_SIZE << head->order;
	if (n > block_bytes - offset) {
		usercopy_abort(REPORT_USERCOPY_SPAN, "page alloc", to_user, va,
			       offset, n);
		report_line("block pfn %#lx order %u ends before the copy: it spans pages of two allocations",
			    page_to_pfn(head), head->order);
		return abort_done();
	}
	return true;
}

bool check_object_size(const void *ptr, unsigned long n, bool to_user)
{
	unsigned long va;

	if (!n)
		return true;
	if (ZERO_OR_NULL_PTR(ptr)) {
		usercopy_abort(REPORT_USERCOPY_BOGUS, "null address", to_user,
			       (unsigned long)ptr, (unsigned long)ptr, n);
		return abort_done();
	}
	/*
	 * Linux's "wrapped address" check has nothing to catch here: every
	 * window that holds memory ends more than INT_MAX (check_copy_size()'s
	 * cap) below the top of the address space (x86-64 has no fixmap slot).
	 */
	va = host_to_kva(ptr);
	if (!va)
		return true;
	switch (window_of(va)) {
	case WINDOW_DIRECT:
		return check_page_object(ptr, va, n, to_user);
	case WINDOW_VMALLOC:
		if (va >= VMALLOC_START && va < VMALLOC_END)
			return check_vmalloc_object(va, n, to_user);
		return true;
	case WINDOW_PKMAP:
	case WINDOW_FIXMAP:
		if (n > PAGE_SIZE - (va & ~PAGE_MASK)) {
			usercopy_abort(REPORT_USERCOPY_SPAN, "kmap", to_user, va,
				       va & ~PAGE_MASK, n);
			report_line("a kmap address maps one page");
			return abort_done();
		}
		return true;
	default:
		return true;
	}
}
