/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Highmem: temporary kernel mappings of pages the direct map cannot reach.
 *
 *   kmap()/kunmap()          persistent: one of LAST_PKMAP PKMAP slots,
 *                            reference counted, may sleep; the mapping of a
 *                            slot whose count dropped is kept until the slot
 *                            allocator wraps round (flush_all_zero_pkmaps).
 *   kmap_local_page()/kunmap_local()
 *                            per-CPU fixmap slots, FIX_KMAP_SLOTS deep,
 *                            released in strict reverse (stack) order.
 *   kmap_atomic()/kunmap_atomic()
 *                            kmap_local with preemption and page faults
 *                            disabled (preempt_count raised: atomic
 *                            context; user copies do not fault).
 *
 * A lowmem page needs none of this: every call returns page_address() and
 * the unmaps do nothing, which is all there is on x86-64.  Every mapping is
 * made in the kernel page tables and in the host PKMAP or fixmap window;
 * misuse is reported (REPORT_BAD_KMAP) and refused.
 */
#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include <linux/mm.h>

#define PKMAP_ADDR(nr)	(PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))
#define PKMAP_NR(va)	(((va) - PKMAP_BASE) >> PAGE_SHIFT)

/* The kmap_local slots: FIX_KMAP_SLOTS per CPU, growing down from the top. */
#define FIXADDR_SIZE	((unsigned long)FIX_KMAP_SLOTS * NR_CPUS << PAGE_SHIFT)
#define FIXADDR_START	(FIXADDR_TOP - FIXADDR_SIZE)

/**
 * kmap() - map @page for a while, anywhere in the kernel.
 * Context: process context; may sleep.
 * Return: the page's address: its direct-map address for lowmem, a PKMAP
 * address for highmem (the same one while any kmap of it is held), or NULL
 * after a report if @page is not a struct page or every PKMAP slot is held
 * (where Linux would sleep for ever).
 */
void *kmap(struct page *page);

/**
 * kunmap() - drop one kmap() reference of @page.
 * Context: process context.  A highmem page with no kmap() reference is
 * reported and refused.
 */
void kunmap(struct page *page);

/**
 * kmap_local_page() - map @page in the current CPU's next fixmap slot.
 * Context: any; must be undone with kunmap_local() on this CPU, in
 * reverse order.
 * Return: the address, or NULL after a report when the CPU's
 * FIX_KMAP_SLOTS slots are all in use or @page is not a struct page.
 */
void *kmap_local_page(struct page *page);

/**
 * kunmap_local() - undo the last kmap_local_page() of this CPU.
 * @addr: any address inside the mapped page.  A lowmem address is
 * accepted and ignored.  An address of another slot than the top one (out
 * of order), of another CPU's slot, or of no kmap_local mapping at all is
 * reported and refused.
 */
void kunmap_local(const void *addr);

/**
 * kmap_atomic() - kmap_local_page() with preemption and page faults
 * disabled (preempt_disable(), pagefault_disable()) until kunmap_atomic().
 * Context: any; the mapping shares the CPU's kmap_local stack.
 * Return: the address; NULL after a report (full stack, not a page), with
 * preemption and page faults as they were.
 */
void *kmap_atomic(struct page *page);

/**
 * kunmap_atomic() - kunmap_local(), then page faults and preemption enabled
 * again.  Context: the CPU of the kmap_atomic().  Refused (out of order, not
 * a kmap_local address) after a report: both are left disabled.
 */
void kunmap_atomic(const void *addr);

/**
 * highmem_page_address() - page_address() of a highmem page: its PKMAP
 * address while it has one (kmap() held, or released but not yet
 * flushed), NULL otherwise.
 */
void *highmem_page_address(const struct page *page);

/* Zero a page, through kmap_local when it is highmem. */
void clear_highpage(struct page *page);

/* Copy to or from part of a page, through kmap_local when it is highmem. */
void memcpy_to_page(struct page *page, size_t offset, const void *from,
		    size_t len);
void memcpy_from_page(void *to, struct page *page, size_t offset, size_t len);

/**
 * kmap_is_valid() - check PKMAP and the kmap_local slots against the
 * page tables: a slot with a count maps its page (a highmem page, found
 * by the page_address hash at that slot), a free slot maps nothing, the
 * hash holds only live slots, and each CPU's kmap_local slots are mapped
 * exactly below its top.  Cost: LAST_PKMAP + NR_CPUS * FIX_KMAP_SLOTS
 * walks.  Return: true, or false after one REPORT_INCONSISTENT report.
 */
bool kmap_is_valid(void);

/* PKMAP slots with a mapping (held or awaiting flush), for tests. */
unsigned int nr_pkmap_mapped(void);

#endif /* _LINUX_HIGHMEM_H */
