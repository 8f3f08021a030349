// SPDX-License-Identifier: GPL-2.0
/*
 * kmap, kmap_local and kmap_atomic: PKMAP slots with reference counts and
 * the lazy flush on wrap-around, per-CPU fixmap slots used as a stack,
 * page_address() of kmapped highmem, raw ptes and host faults after unmap,
 * every misuse.  On x86-64 (no highmem) all of it is the identity.
 */
#include <errno.h>

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/preempt.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "common.h"

#define EXPECT_KMAP_REFUSED(needle, stmt) do {				\
	unsigned long _before = report_count(REPORT_BAD_KMAP);		\
	unsigned long _total = report_total();				\
									\
	stmt;								\
	ASSERT_EQ(report_count(REPORT_BAD_KMAP), _before + 1);		\
	ASSERT_EQ(report_total(), _total + 1);				\
	ASSERT_REPORT_HAS(needle);					\
} while (0)

static void boot(void)
{
	boot_pc(sizeof(pteval_t) == 4 ? 1024 : 256, 1, 2);
}

static unsigned long kva(const void *p)
{
	return host_to_kva(p);
}

static bool in_window(int idx, const void *p)
{
	const struct host_window *w = &machine.window[idx];
	const char *c = p;

	return w->host && c >= w->host && c < w->host + (w->va_end - w->va_start);
}

static bool in_pkmap(const void *p)
{
	return in_window(WINDOW_PKMAP, p);
}

static bool in_fixmap(const void *p)
{
	return in_window(WINDOW_FIXMAP, p);
}

/* Lowmem pages (all pages on x86-64) need no slot: their direct map. */
static void lowmem_is_identity(void)
{
	struct page *page;
	void *a;

	boot();
	page = alloc_pages(GFP_KERNEL, 0);
	a = page_address(page);
	ASSERT_NOT_NULL(a);
	ASSERT_TRUE(kmap(page) == a);
	ASSERT_TRUE(kmap_local_page(page) == a);
	ASSERT_TRUE(kmap_atomic(page) == a);
	/* Even with nothing to map, kmap_atomic() disables page faults. */
	ASSERT_TRUE(pagefault_disabled());
	kunmap_atomic(a);
	ASSERT_TRUE(!pagefault_disabled());
	kunmap_local(a);
	kunmap(page);
	ASSERT_EQ(report_total(), 0);
	ASSERT_EQ(nr_pkmap_mapped(), 0);
	if (!ARCH_HAS_HIGHMEM) {
		/* GFP_HIGHUSER means ZONE_NORMAL here: still the identity. */
		struct page *user = alloc_pages(GFP_HIGHUSER, 0);

		ASSERT_TRUE(!PageHighMem(user));
		ASSERT_TRUE(kmap(user) == page_address(user));
		kunmap(user);
		__free_pages(user, 0);
	}
	__free_pages(page, 0);
}

/* A kmap is a PKMAP pte, a host mapping and a page_address(). */
static void kmap_maps_and_counts(void)
{
	struct page *page, *other;
	char *p, *q, c;

	boot();
	if (!ARCH_HAS_HIGHMEM)
		return;
	page = alloc_pages(GFP_HIGHUSER, 0);
	other = alloc_pages(GFP_HIGHUSER, 0);
	ASSERT_TRUE(PageHighMem(page));
	ASSERT_NULL(page_address(page));

	p = kmap(page);
	ASSERT_TRUE(in_pkmap(p));
	ASSERT_TRUE(page_address(page) == p);
	ASSERT_NULL(page_address(other));
	ASSERT_EQ(raw_leaf_entry(machine.swapper_pg_dir, kva(p)),
		  ((u64)page_to_pfn(page) << 12) | RAW_LEAF_4K);
	p[17] = 'k';
	ASSERT_EQ(ram_read(PFN_PHYS(page_to_pfn(page)) + 17, &c, 1), 0);
	ASSERT_EQ(c, 'k');

	ASSERT_TRUE(kmap(page) == p);		/* second reference, same slot */
	q = kmap(other);
	ASSERT_TRUE(q != p && in_pkmap(q));
	kunmap(page);
	kunmap(page);
	/* Released, not flushed: the mapping and the address stay. */
	ASSERT_TRUE(page_address(page) == p);
	ASSERT_EQ(p[17], 'k');
	EXPECT_KMAP_REFUSED("holds no kmap()", kunmap(page));
	ASSERT_REPORT_HAS("awaits the flush");
	/* A new kmap of it takes the same slot back. */
	ASSERT_TRUE(kmap(page) == p);
	kunmap(page);
	kunmap(other);
	EXPECT_KMAP_REFUSED("holds no kmap()", kunmap(alloc_pages(GFP_HIGHUSER, 0)));
	ASSERT_EQ(nr_pkmap_mapped(), 2);
	ASSERT_TRUE(kmap_is_valid());
}

/*
 * Released slots are flushed when the allocator wraps to slot 0, and only
 * then: after that their ptes and host mappings are gone.  With every
 * slot held, kmap() reports instead of sleeping for ever.
 */
static void kmap_wraps_and_flushes(void)
{
	static struct page *pages[LAST_PKMAP ? LAST_PKMAP + 1 : 1];
	char *first;

	boot();
	if (!ARCH_HAS_HIGHMEM)
		return;
	for (int i = 0; i <= LAST_PKMAP; i++)
		pages[i] = alloc_pages(GFP_HIGHUSER, 0);
	/* Slots 1..LAST_PKMAP-1, each released at once. */
	first = kmap(pages[0]);
	ASSERT_EQ(kva(first), PKMAP_ADDR(1));
	kunmap(pages[0]);
	for (int i = 1; i < LAST_PKMAP - 1; i++) {
		ASSERT_EQ(kva(kmap(pages[i])), PKMAP_ADDR(i + 1));
		kunmap(pages[i]);
	}
	ASSERT_EQ(nr_pkmap_mapped(), LAST_PKMAP - 1);
	ASSERT_TRUE(!host_access_faults(first));
	/* The wrap: slot 0, after every released slot was flushed. */
	ASSERT_EQ(kva(kmap(pages[LAST_PKMAP - 1])), PKMAP_ADDR(0));
	ASSERT_EQ(nr_pkmap_mapped(), 1);
	ASSERT_NULL(page_address(pages[0]));
	ASSERT_EQ(raw_leaf_entry(machine.swapper_pg_dir, kva(first)), 0);
	ASSERT_TRUE(host_access_faults(first));
	kunmap(pages[LAST_PKMAP - 1]);

	/* Hold every slot; one more kmap cannot be served. */
	for (int i = 0; i < LAST_PKMAP; i++)
		ASSERT_NOT_NULL(kmap(pages[i]));
	ASSERT_EQ(nr_pkmap_mapped(), LAST_PKMAP);
	EXPECT_KMAP_REFUSED("would sleep for ever", ASSERT_NULL(kmap(pages[LAST_PKMAP])));
	kunmap(pages[5]);
	ASSERT_NOT_NULL(kmap(pages[LAST_PKMAP]));
	ASSERT_TRUE(kmap_is_valid());
}

/* kmap_local slots are a per-CPU stack; kmap_atomic follows the same. */
static void kmap_local_is_a_stack(void)
{
	struct page *p1, *p2, *p3;
	char *a, *b, *c, *v;

	boot();
	if (!ARCH_HAS_HIGHMEM)
		return;
	p1 = alloc_pages(GFP_HIGHUSER, 0);
	p2 = alloc_pages(GFP_HIGHUSER, 0);
	p3 = alloc_pages(GFP_HIGHUSER, 0);
	a = kmap_local_page(p1);
	b = kmap_atomic(p2);
	ASSERT_TRUE(in_fixmap(a) && in_fixmap(b));
	ASSERT_EQ(kva(a), FIXADDR_TOP - PAGE_SIZE);	/* CPU 0, slot 0 */
	ASSERT_EQ(kva(b), FIXADDR_TOP - 2 * PAGE_SIZE);
	ASSERT_EQ(raw_leaf_entry(machine.swapper_pg_dir, kva(b)),
		  ((u64)page_to_pfn(p2) << 12) | RAW_LEAF_4K);
	/* kmap_local gives no page_address(). */
	ASSERT_NULL(page_address(p1));
	a[1] = 'a';
	b[1] = 'b';

	EXPECT_KMAP_REFUSED("out of order", kunmap_local(a));
	EXPECT_KMAP_REFUSED("out of order", kunmap_atomic(a + 100));
	ASSERT_EQ(a[1], 'a');			/* refused: still mapped */

	/* kmap_atomic made this CPU atomic, faults off, until its kunmap_atomic. */
	ASSERT_EQ(preempt_count(), 1);
	ASSERT_EQ(current->pagefault_disabled, 1);	/* the refusal kept it */
	ASSERT_EQ(machine_set_cpu(1), -EINVAL);
	kunmap_atomic(b + 5);			/* any address in the page */
	ASSERT_EQ(preempt_count(), 0);
	ASSERT_TRUE(!pagefault_disabled());
	ASSERT_TRUE(host_access_faults(b));
	ASSERT_EQ(raw_leaf_entry(machine.swapper_pg_dir, kva(b)), 0);

	/* CPU 1 has its own stack; CPU 0's top is not its to pop. */
	ASSERT_EQ(machine_set_cpu(1), 0);
	c = kmap_local_page(p3);
	ASSERT_EQ(kva(c), FIXADDR_TOP - (FIX_KMAP_SLOTS + 1) * PAGE_SIZE);
	EXPECT_KMAP_REFUSED("out of order", kunmap_local(a));
	kunmap_local(c);
	ASSERT_EQ(machine_set_cpu(0), 0);
	kunmap_local(a);
	EXPECT_KMAP_REFUSED("out of order", kunmap_local(a));
	v = vmalloc(PAGE_SIZE);
	EXPECT_KMAP_REFUSED("did not return", kunmap_local(v));
	EXPECT_KMAP_REFUSED("did not return", kunmap_local(&v));
	vfree(v);

	/* FIX_KMAP_SLOTS deep, and no deeper. */
	for (int i = 0; i < FIX_KMAP_SLOTS; i++)
		ASSERT_NOT_NULL(kmap_local_page(p1));
	EXPECT_KMAP_REFUSED("all 16 slots of CPU 0", ASSERT_NULL(kmap_local_page(p1)));
	/* A refused kmap_atomic() leaves preemption and page faults alone. */
	EXPECT_KMAP_REFUSED("all 16 slots of CPU 0", ASSERT_NULL(kmap_atomic(p1)));
	ASSERT_EQ(preempt_count(), 0);
	ASSERT_TRUE(!pagefault_disabled());
	for (int i = FIX_KMAP_SLOTS - 1; i >= 0; i--)
		kunmap_local(kva_to_host(FIXADDR_TOP - (unsigned long)(i + 1) * PAGE_SIZE));
	ASSERT_EQ(kva(kmap_local_page(p2)), FIXADDR_TOP - PAGE_SIZE);
	ASSERT_TRUE(kmap_is_valid());
}

/* clear_highpage and the copy helpers go through a slot and give it back. */
static void clear_and_copy_through_kmap_local(void)
{
	struct page *page;
	char junk[64], buf[64];

	boot();
	page = alloc_pages(GFP_HIGHUSER, 0);
	memset(junk, 0x5A, sizeof(junk));
	ASSERT_EQ(ram_write(PFN_PHYS(page_to_pfn(page)) + 1000, junk, sizeof(junk)), 0);
	clear_highpage(page);
	ASSERT_EQ(ram_read(PFN_PHYS(page_to_pfn(page)) + 1000, buf, sizeof(buf)), 0);
	for (unsigned int i = 0; i < sizeof(buf); i++)
		ASSERT_EQ(buf[i], 0);
	memcpy_to_page(page, PAGE_SIZE - 10, "0123456789", 10);
	memcpy_from_page(buf, page, PAGE_SIZE - 10, 10);
	ASSERT_TRUE(memcmp(buf, "0123456789", 10) == 0);
	ASSERT_EQ(report_total(), 0);
	/* Every slot was given back: the next one is slot 0 again. */
	if (ARCH_HAS_HIGHMEM)
		ASSERT_EQ(kva(kmap_local_page(page)), FIXADDR_TOP - PAGE_SIZE);
}

/* The checker follows every step, and catches ptes changed behind its back. */
static void checker_catches_stray_slots(void)
{
	struct page *page;
	unsigned long pfn;
	char *p, *l;

	boot();
	ASSERT_TRUE(kmap_is_valid());
	if (!ARCH_HAS_HIGHMEM)
		return;
	page = alloc_pages(GFP_HIGHUSER, 0);
	p = kmap(page);
	l = kmap_local_page(page);
	ASSERT_TRUE(kmap_is_valid());
	pfn = unmap_kernel_page(kva(p));
	ASSERT_TRUE(!kmap_is_valid());
	ASSERT_REPORT_HAS("PKMAP pte does not map the slot's page");
	ASSERT_EQ(map_kernel_page(kva(p), pfn, PAGE_KERNEL, GFP_KERNEL), 0);
	ASSERT_TRUE(kmap_is_valid());
	/* A slot above the top of CPU 0's stack that is mapped. */
	ASSERT_EQ(map_kernel_page(kva(l) - PAGE_SIZE, pfn, PAGE_KERNEL, GFP_KERNEL), 0);
	ASSERT_TRUE(!kmap_is_valid());
	ASSERT_REPORT_HAS("kmap_local slot above the top mapped");
	unmap_kernel_page(kva(l) - PAGE_SIZE);
	/* A free PKMAP slot that is mapped. */
	ASSERT_EQ(map_kernel_page(PKMAP_ADDR(700), pfn, PAGE_KERNEL, GFP_KERNEL), 0);
	ASSERT_TRUE(!kmap_is_valid());
	ASSERT_REPORT_HAS("free PKMAP slot still mapped");
	unmap_kernel_page(PKMAP_ADDR(700));
	ASSERT_EQ(report_count(REPORT_INCONSISTENT), 3);
	kunmap_local(l);
	kunmap(page);
	ASSERT_TRUE(kmap_is_valid());
}

static void kmap_of_something_else(void)
{
	struct page fake;

	boot();
	EXPECT_KMAP_REFUSED("not a page of RAM", ASSERT_NULL(kmap(&fake)));
	EXPECT_KMAP_REFUSED("not a page of RAM", ASSERT_NULL(kmap_local_page(&fake)));
	EXPECT_KMAP_REFUSED("not a page of RAM", kunmap(&fake));
}

TEST_MAIN("highmem",
	TEST_CASE(lowmem_is_identity),
	TEST_CASE(kmap_maps_and_counts),
	TEST_CASE(kmap_wraps_and_flushes),
	TEST_CASE(kmap_local_is_a_stack),
	TEST_CASE(clear_and_copy_through_kmap_local),
	TEST_CASE(checker_catches_stray_slots),
	TEST_CASE(kmap_of_something_else))
