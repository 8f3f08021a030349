// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc, vmap and kvmalloc: memory that is contiguous on the host and
 * scattered in RAM, raw ptes after map and unmap, guard pages, first fit
 * and merging, exhaustion, unwinding after failures, every misuse, and the
 * kvmalloc rules.
 *
 * Page-table pages made by vmalloc stay after vfree (kernel tables are
 * never freed, as in Linux), so "counters restored" is checked around a
 * second use of a range whose tables exist, or around a failure (which
 * must give back even the tables it made).
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <linux/fault-inject.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "common.h"

#define MiB	(1ULL << 20)

/* i386 boots with highmem, so vmalloc can take highmem pages. */
static void boot(void)
{
	boot_pc(sizeof(pteval_t) == 4 ? 1024 : 256, 1, 1);
}

static u64 leaf_4k(unsigned long pfn)
{
	return ((u64)pfn << 12) | RAW_LEAF_4K | (sizeof(pteval_t) == 8 ? RAW_NX : 0);
}

static unsigned long kva(const void *p)
{
	return host_to_kva(p);
}

#define ASSERT_VMALLOC_VALID() do {					\
	if (!vmalloc_is_valid())					\
		test_fail(__FILE__, __LINE__, "vmalloc_is_valid():\n%s",	\
			  report_last());				\
} while (0)

/* tests/common.h's EXPECT_REFUSED, and the vmalloc checker after it. */
#define EXPECT_VREFUSED(type, needle, stmt) do {			\
	EXPECT_REFUSED(type, needle, stmt);				\
	ASSERT_VMALLOC_VALID();						\
} while (0)

/*
 * Fragment the per-CPU list so that its free pages are not adjacent, then
 * vmalloc: the area is one run on the host, many runs in RAM, and every
 * byte written through it lands in the RAM page its pte names.
 */
static void contiguous_on_host_scattered_in_ram(void)
{
	const unsigned int n = 32;
	const gfp_t gfp = GFP_KERNEL | __GFP_HIGHMEM;
	struct page *hold[64];
	unsigned int gaps = 0, high = 0;
	unsigned char *p;

	boot();
	for (unsigned int i = 0; i < 2 * n; i++)
		hold[i] = alloc_pages(gfp, 0);
	for (unsigned int i = 0; i < 2 * n; i += 2)
		__free_pages(hold[i], 0);

	p = vmalloc(n * PAGE_SIZE);
	ASSERT_NOT_NULL(p);
	ASSERT_TRUE(is_vmalloc_addr(p));
	ASSERT_TRUE(is_vmalloc_addr(p + n * PAGE_SIZE - 1));
	ASSERT_TRUE(IS_ALIGNED(kva(p), PAGE_SIZE));
	for (unsigned long i = 0; i < n * PAGE_SIZE; i++)
		p[i] = (unsigned char)(i * 7 + i / PAGE_SIZE);
	for (unsigned int i = 0; i < n; i++) {
		unsigned long pfn = vmalloc_to_pfn(p + i * PAGE_SIZE + 100);
		unsigned char buf[PAGE_SIZE];

		ASSERT_EQ(pfn, page_to_pfn(vmalloc_to_page(p + i * PAGE_SIZE)));
		ASSERT_EQ(ram_read(PFN_PHYS(pfn), buf, PAGE_SIZE), 0);
		for (unsigned long b = 0; b < PAGE_SIZE; b += 97)
			ASSERT_EQ(buf[b], (unsigned char)((i * PAGE_SIZE + b) * 7 + i));
		if (i && pfn != vmalloc_to_pfn(p + (i - 1) * PAGE_SIZE) + 1)
			gaps++;
		high += PageHighMem(pfn_to_page(pfn));
	}
	ASSERT_TRUE(gaps > 0);
	/* vmalloc adds __GFP_HIGHMEM: on i386 the pages are highmem. */
	ASSERT_EQ(high, sizeof(pteval_t) == 4 ? n : 0);
	ASSERT_VMALLOC_VALID();
	vfree(p);
	for (unsigned int i = 1; i < 2 * n; i += 2)
		__free_pages(hold[i], 0);
	ASSERT_EQ(report_total(), 0);
}

/* The raw ptes say what vmalloc_to_page says; vfree clears them. */
static void raw_entries_after_map_and_unmap(void)
{
	const unsigned int n = 5;
	unsigned long pfn[5];
	char *p;

	boot();
	p = vzalloc(n * PAGE_SIZE);
	ASSERT_NOT_NULL(p);
	for (unsigned int i = 0; i < n; i++) {
		unsigned long va = kva(p) + i * PAGE_SIZE;

		pfn[i] = vmalloc_to_pfn(p + i * PAGE_SIZE);
		ASSERT_EQ(raw_leaf_entry(machine.swapper_pg_dir, va), leaf_4k(pfn[i]));
		ASSERT_EQ(p[i * PAGE_SIZE + 5], 0);
	}
	/* The guard page after the area has no entry. */
	ASSERT_EQ(raw_leaf_entry(machine.swapper_pg_dir, kva(p) + n * PAGE_SIZE), 0);
	ASSERT_EQ(find_vm_area(p)->size, (n + 1) * PAGE_SIZE);
	ASSERT_EQ(find_vm_area(p)->flags, VM_ALLOC);
	ASSERT_NULL(find_vm_area(p + PAGE_SIZE));

	vfree(p);
	for (unsigned int i = 0; i < n; i++) {
		ASSERT_EQ(raw_leaf_entry(machine.swapper_pg_dir, kva(p) + i * PAGE_SIZE), 0);
		ASSERT_NULL(vmalloc_to_page(p + i * PAGE_SIZE));
		/* The pages are free again. */
		ASSERT_EQ(page_ref_count(pfn_to_page(pfn[i])), 0);
	}
	ASSERT_NULL(find_vm_area(p));
	ASSERT_VMALLOC_VALID();
}

/* A host access to a guard page, or to an area after vfree(), faults. */
static void guard_page_and_use_after_free_fault(void)
{
	char *a, *b;

	boot();
	a = vmalloc(PAGE_SIZE);
	b = vmalloc(PAGE_SIZE);
	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	ASSERT_EQ(kva(b), kva(a) + 2 * PAGE_SIZE);	/* a's guard between */
	a[0] = 1;
	a[PAGE_SIZE - 1] = 2;
	ASSERT_TRUE(!host_access_faults(a + PAGE_SIZE - 1));
	ASSERT_TRUE(host_access_faults(a + PAGE_SIZE));
	ASSERT_TRUE(host_access_faults(b + PAGE_SIZE));
	vfree(a);
	ASSERT_TRUE(host_access_faults(a));
	ASSERT_TRUE(!host_access_faults(b));
	vfree(b);
	ASSERT_TRUE(host_access_faults(b));
}

/* Lowest fit first; freed neighbours merge into one hole that is reused. */
static void first_fit_and_merge(void)
{
	char *a, *b, *c, *d;

	boot();
	a = vmalloc(PAGE_SIZE);
	b = vmalloc(PAGE_SIZE);
	c = vmalloc(PAGE_SIZE);
	ASSERT_EQ(kva(a), VMALLOC_START);
	ASSERT_EQ(kva(c), VMALLOC_START + 4 * PAGE_SIZE);
	vfree(b);
	ASSERT_VMALLOC_VALID();
	/* Three pages and a guard do not fit in b's hole: above c. */
	d = vmalloc(3 * PAGE_SIZE);
	ASSERT_EQ(kva(d), VMALLOC_START + 6 * PAGE_SIZE);
	vfree(d);
	vfree(a);
	ASSERT_VMALLOC_VALID();
	/* a's and b's holes merged: now it fits at the start. */
	d = vmalloc(3 * PAGE_SIZE);
	ASSERT_EQ(kva(d), VMALLOC_START);
	vfree(d);
	vfree(c);
	ASSERT_VMALLOC_VALID();
}

/* Exhausting the range fails cleanly, and frees make room again. */
static void range_exhaustion(void)
{
	struct buddy_snapshot snap;
	struct page *pg;
	char *a, *b, *c;

	boot();
	ASSERT_EQ(vmalloc_shrink_area(16 * PAGE_SIZE), 0);
	a = vmalloc(7 * PAGE_SIZE);
	ASSERT_EQ(vmalloc_shrink_area(8 * PAGE_SIZE), -EBUSY);
	b = vmalloc(7 * PAGE_SIZE);
	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	buddy_snapshot(&snap);
	ASSERT_NULL(vmalloc(1));
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), 2);	/* vmap + vmalloc error */
	ASSERT_REPORT_HAS("vm_struct allocation failed");
	ASSERT_NULL(__vmalloc(1, GFP_KERNEL | __GFP_NOWARN));
	ASSERT_EQ(report_total(), 2);
	pg = vmalloc_to_page(a);
	ASSERT_NULL(vmap(&pg, 1, VM_MAP, PAGE_KERNEL));
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), 3);
	assert_free_pages_restored(&snap);
	ASSERT_VMALLOC_VALID();
	vfree(a);
	c = vmalloc(3 * PAGE_SIZE);
	ASSERT_EQ(kva(c), VMALLOC_START);
	vfree(b);
	vfree(c);
	ASSERT_VMALLOC_VALID();
	/* The whole (shrunk) area in one piece. */
	c = vmalloc(15 * PAGE_SIZE);
	ASSERT_NOT_NULL(c);
	vfree(c);
	ASSERT_EQ(vmalloc_shrink_area(0), -EINVAL);
}

/*
 * A page-table page that cannot be had at any point of the walk, even
 * after hundreds of pages were already mapped, leaves nothing behind:
 * no pte, no table, no page, no range.
 */
static void unwind_after_pgtable_failure(void)
{
	/* Two pte tables' worth: the last table is needed after the rest. */
	const unsigned long size = (sizeof(pteval_t) == 4 ? 4 * MiB : 2 * MiB) + PAGE_SIZE;
	const unsigned int tables = sizeof(pteval_t) == 4 ? 2 : 4;
	struct buddy_snapshot snap;
	char *p;

	boot();
	buddy_snapshot(&snap);
	for (unsigned int n = 1; n <= tables; n++) {
		fail_nth_pgtable(n);
		ASSERT_NULL(vmalloc(size));
		ASSERT_REPORT_HAS("failed to map pages");
		assert_free_pages_restored(&snap);
		ASSERT_EQ(raw_leaf_entry(machine.swapper_pg_dir, VMALLOC_START), 0);
		ASSERT_NULL(vmalloc_to_page(kva_to_host(VMALLOC_START)));
		ASSERT_VMALLOC_VALID();
	}
	fail_nth_pgtable(tables + 1);
	p = vmalloc(size);
	fail_nth_pgtable(0);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(kva(p), VMALLOC_START);
	p[size - 1] = 1;
	vfree(p);
	ASSERT_VMALLOC_VALID();
}

/*
 * One vmalloc() that needs 24 new pte tables: the walk's record of the
 * tables it made outgrows its inline slots and is grown several times (it
 * once lost its capacity on each growth and wrote past the end: found by
 * kvmalloc_array() in the fuzz programs, caught by ASan).  A failure at the
 * 24th table must then unwind all 23 before it.
 */
static void many_new_tables_in_one_call(void)
{
	const unsigned long pt_span = PTRS_PER_PTE * PAGE_SIZE;
	const unsigned long size = 24 * pt_span - PAGE_SIZE;
	struct buddy_snapshot snap;
	char *p;

	boot_pc(sizeof(pteval_t) == 4 ? 1024 : 256, 1, 1);
	buddy_snapshot(&snap);
	fail_nth_pgtable(24);
	ASSERT_NULL(vmalloc(size));
	ASSERT_REPORT_HAS("failed to map pages");
	assert_free_pages_restored(&snap);
	ASSERT_VMALLOC_VALID();
	fail_nth_pgtable(0);
	p = vmalloc(size);
	ASSERT_NOT_NULL(p);
	p[0] = p[size - 1] = 1;
	ASSERT_VMALLOC_VALID();
	vfree(p);
}

/* Running out of pages half way gives back every page taken so far. */
static void unwind_after_page_failure(void)
{
	struct buddy_snapshot snap;
	unsigned long free_now;
	char *p;

	boot_pc(64, 1, 1);
	/* Tables for the start of the area exist after a first use. */
	vfree(vmalloc(PAGE_SIZE));
	buddy_snapshot(&snap);
	free_now = nr_free_pages();
	p = vmalloc(free_now * PAGE_SIZE);
	ASSERT_NULL(p);
	ASSERT_REPORT_HAS("failed to allocate pages");
	assert_free_pages_restored(&snap);
	ASSERT_VMALLOC_VALID();
	/* __GFP_NOWARN: the same failure, silently. */
	ASSERT_NULL(__vmalloc(free_now * PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN));
	ASSERT_EQ(report_count(REPORT_ALLOC_FAIL), 1);
	assert_free_pages_restored(&snap);
	/* Larger than RAM: refused before trying. */
	ASSERT_NULL(vmalloc(1UL << 40));
	ASSERT_REPORT_HAS("exceeds total pages");
	/* A page-sized area from the same range now works. */
	p = vmalloc(PAGE_SIZE);
	ASSERT_EQ(kva(p), VMALLOC_START);
	vfree(p);
	assert_free_pages_restored(&snap);
}

static void bad_vfree_and_vunmap(void)
{
	unsigned long direct;
	char *p, *m;
	struct page *pg;

	boot();
	direct = __get_free_page(GFP_KERNEL);
	p = vmalloc(3 * PAGE_SIZE);
	pg = alloc_pages(GFP_KERNEL, 0);
	m = vmap(&pg, 1, VM_MAP, PAGE_KERNEL);
	ASSERT_NOT_NULL(m);

	vfree(NULL);
	vunmap(NULL);
	ASSERT_EQ(report_total(), 0);
	EXPECT_VREFUSED(REPORT_BAD_VFREE, "bad address (outside the vmalloc area)",
		       vfree((void *)direct));
	EXPECT_VREFUSED(REPORT_BAD_VFREE, "no kernel window", vfree(&direct));
	EXPECT_VREFUSED(REPORT_BAD_VFREE, "not its start", vfree(p + PAGE_SIZE));
	EXPECT_VREFUSED(REPORT_BAD_VFREE, "not its start", vfree(p + 3 * PAGE_SIZE));
	EXPECT_VREFUSED(REPORT_BAD_VFREE, "nonexistent vm area",
		       vfree(p + 8 * PAGE_SIZE));
	EXPECT_VREFUSED(REPORT_BAD_VFREE, "use vfree()", vunmap(p));
	EXPECT_VREFUSED(REPORT_BAD_VFREE, "nonexistent vm area",
		       vunmap(p + 8 * PAGE_SIZE));
	/* Nothing was freed by the refusals: p still works. */
	p[3 * PAGE_SIZE - 1] = 9;
	vfree(p);
	EXPECT_VREFUSED(REPORT_BAD_VFREE, "nonexistent vm area (double free?)", vfree(p));
	vunmap(m);
	EXPECT_VREFUSED(REPORT_BAD_VFREE, "nonexistent vm area", vunmap(m));
	/* vunmap left the page to its owner. */
	ASSERT_EQ(page_ref_count(pg), 1);
	__free_pages(pg, 0);
	free_page(direct);
}

/* vmap maps pages the caller owns, highmem included; vunmap leaves them. */
static void vmap_and_vunmap(void)
{
	struct buddy_snapshot snap;
	struct page *pages[3], *bogus[2];
	struct page not_ram;
	char *m, c;

	boot();
	vfree(vmalloc(3 * PAGE_SIZE));	/* the tables, once */
	buddy_snapshot(&snap);
	pages[0] = alloc_pages(GFP_HIGHUSER, 0);
	pages[1] = alloc_pages(GFP_KERNEL, 0);
	pages[2] = alloc_pages(GFP_HIGHUSER, 0);
	for (unsigned int i = 0; i < 3; i++) {
		c = (char)('x' + i);
		ASSERT_EQ(ram_write(PFN_PHYS(page_to_pfn(pages[i])) + 7, &c, 1), 0);
	}
	m = vmap(pages, 3, VM_MAP, PAGE_KERNEL);
	ASSERT_NOT_NULL(m);
	for (unsigned int i = 0; i < 3; i++) {
		ASSERT_EQ(m[i * PAGE_SIZE + 7], 'x' + i);
		ASSERT_EQ(raw_leaf_entry(machine.swapper_pg_dir, kva(m) + i * PAGE_SIZE),
			  leaf_4k(page_to_pfn(pages[i])));
	}
	m[2 * PAGE_SIZE] = 'z';
	ASSERT_EQ(find_vm_area(m)->flags, VM_MAP);
	vunmap(m);
	ASSERT_TRUE(host_access_faults(m));
	ASSERT_EQ(ram_read(PFN_PHYS(page_to_pfn(pages[2])), &c, 1), 0);
	ASSERT_EQ(c, 'z');
	for (unsigned int i = 0; i < 3; i++) {
		ASSERT_EQ(page_ref_count(pages[i]), 1);
		__free_pages(pages[i], 0);
	}
	assert_free_pages_restored(&snap);

	bogus[0] = alloc_pages(GFP_KERNEL, 0);
	bogus[1] = &not_ram;
	EXPECT_VREFUSED(REPORT_BAD_ARG, "pages[1] is not a page of RAM",
		       ASSERT_NULL(vmap(bogus, 2, VM_MAP, PAGE_KERNEL)));
	ASSERT_NULL(vmap(bogus, 0, VM_MAP, PAGE_KERNEL));
	__free_pages(bogus[0], 0);
	ASSERT_VMALLOC_VALID();
}

/* vfree_atomic() defers; the area stays until the drain, misuse or not. */
static void vfree_atomic_is_deferred(void)
{
	struct buddy_snapshot snap;
	char *p, *q;

	boot();
	vfree(vmalloc(4 * PAGE_SIZE));
	buddy_snapshot(&snap);
	p = vmalloc(2 * PAGE_SIZE);
	q = vmalloc(PAGE_SIZE);
	vfree_atomic(p);
	vfree_atomic(q);
	ASSERT_NOT_NULL(vmalloc_to_page(p));
	ASSERT_NOT_NULL(find_vm_area(q));
	ASSERT_VMALLOC_VALID();
	EXPECT_VREFUSED(REPORT_BAD_VFREE, "already queued by vfree_atomic()", vfree_atomic(p));
	vmalloc_drain_deferred();
	ASSERT_NULL(vmalloc_to_page(p));
	ASSERT_NULL(find_vm_area(q));
	assert_free_pages_restored(&snap);
	/* The next vmalloc drains too. */
	p = vmalloc(PAGE_SIZE);
	vfree_atomic(p);
	q = vmalloc(PAGE_SIZE);
	ASSERT_EQ(kva(q), kva(p));
	vfree(q);
	assert_free_pages_restored(&snap);
	ASSERT_VMALLOC_VALID();
}

/* vzalloc zeroes pages that held data; size 0 is refused. */
static void vzalloc_zeroes_and_size_zero(void)
{
	const unsigned long size = 9 * PAGE_SIZE + 123;
	char *p;

	boot();
	p = vmalloc(size);
	memset(p, 0xAA, size);
	vfree(p);
	p = vzalloc(size);
	for (unsigned long i = 0; i < 10 * PAGE_SIZE; i++)
		if (p[i])
			ASSERT_EQ(p[i], 0);
	vfree(p);
	EXPECT_VREFUSED(REPORT_BAD_ARG, "vmalloc of size 0", ASSERT_NULL(vmalloc(0)));
	ASSERT_NOT_NULL(p = vmalloc_node(PAGE_SIZE, 0));
	vfree(p);
}

/* The checker catches a pte that went missing under a live area. */
static void checker_catches_missing_pte(void)
{
	char *p;
	unsigned long pfn;

	boot();
	p = vmalloc(2 * PAGE_SIZE);
	ASSERT_VMALLOC_VALID();
	pfn = unmap_kernel_page(kva(p) + PAGE_SIZE);
	ASSERT_TRUE(!vmalloc_is_valid());
	ASSERT_EQ(report_count(REPORT_INCONSISTENT), 1);
	ASSERT_REPORT_HAS("page not mapped at its pte");
	ASSERT_EQ(map_kernel_page(kva(p) + 2 * PAGE_SIZE, pfn, PAGE_KERNEL, GFP_KERNEL), 0);
	ASSERT_TRUE(!vmalloc_is_valid());
	ASSERT_EQ(map_kernel_page(kva(p) + PAGE_SIZE, pfn, PAGE_KERNEL, GFP_KERNEL), 0);
	ASSERT_TRUE(!vmalloc_is_valid());
	ASSERT_REPORT_HAS("guard page mapped");
	unmap_kernel_page(kva(p) + 2 * PAGE_SIZE);
	ASSERT_VMALLOC_VALID();
	vfree(p);
}

/*
 * A seeded random mix of vmalloc, vzalloc, vmap and frees in a small area,
 * so that holes, merges, exhaustion and reuse all happen: the checker
 * after every step, every live area's bytes intact, counters restored.
 */
static void seeded_stress(void)
{
	enum { AREA_PAGES = 256, SLOTS = 48, STEPS = 3000 };
	struct live {
		char		*p;
		unsigned long	size;
		unsigned char	tag;
		struct page	*mapped;	/* vmap: the caller's page */
	} live[SLOTS] = { { 0 } };
	struct buddy_snapshot snap;
	u64 seed = 0x5eed;
	unsigned int fails = 0;

	boot();
	ASSERT_EQ(vmalloc_shrink_area(AREA_PAGES * PAGE_SIZE), 0);
	vfree(vmalloc((AREA_PAGES - 1) * PAGE_SIZE));	/* every table, once */
	buddy_snapshot(&snap);
	for (unsigned int step = 0; step < STEPS; step++) {
		struct live *l = &live[test_rand(&seed) % SLOTS];

		if (l->p) {
			ASSERT_EQ(l->p[0], (char)l->tag);
			ASSERT_EQ(l->p[l->size - 1], (char)l->tag);
			if (l->mapped) {
				vunmap(l->p);
				__free_pages(l->mapped, 0);
			} else {
				vfree(l->p);
			}
			l->p = NULL;
			l->mapped = NULL;
			ASSERT_VMALLOC_VALID();
			continue;
		}
		if (test_rand(&seed) % 8 == 0) {
			l->mapped = alloc_pages(GFP_HIGHUSER, 0);
			l->size = PAGE_SIZE;
			l->p = vmap(&l->mapped, 1, VM_MAP, PAGE_KERNEL);
			if (!l->p) {
				__free_pages(l->mapped, 0);
				l->mapped = NULL;
			}
		} else {
			l->size = 1 + test_rand(&seed) % (16 * PAGE_SIZE);
			l->p = __vmalloc(l->size, GFP_KERNEL | __GFP_NOWARN |
					 (step & 1 ? __GFP_ZERO : 0));
			if (l->p && (step & 1))
				ASSERT_EQ(l->p[l->size - 1], 0);
		}
		if (!l->p) {
			fails++;
		} else {
			l->tag = (unsigned char)step;
			l->p[0] = (char)l->tag;
			l->p[l->size - 1] = (char)l->tag;
		}
		ASSERT_VMALLOC_VALID();
	}
	/* The area was too small for everything at once, as intended. */
	ASSERT_TRUE(fails > 0);
	ASSERT_EQ(report_total(), report_count(REPORT_ALLOC_FAIL));
	for (unsigned int i = 0; i < SLOTS; i++) {
		if (!live[i].p)
			continue;
		if (live[i].mapped) {
			vunmap(live[i].p);
			__free_pages(live[i].mapped, 0);
		} else {
			vfree(live[i].p);
		}
	}
	assert_free_pages_restored(&snap);
	ASSERT_VMALLOC_VALID();
	ASSERT_TRUE(pgtable_is_valid());
}

/*
 * The execution context and the fault points: vfree() from an interrupt is
 * deferred, vmalloc in atomic context is reported by might_sleep(), and a
 * failure injected at any fault-able call of vmalloc (the range, any page,
 * any page-table page) unwinds completely.
 */
static void context_and_fault_points(void)
{
	const unsigned int pages = 8;
	struct buddy_snapshot snap;
	unsigned int n, fired = 0;
	unsigned long injected;
	char *p;

	boot();
	buddy_snapshot(&snap);

	/* fail-nth over every fault-able call, order-0 highmem pages too. */
	fail_page_alloc.ignore_gfp_highmem = false;
	fail_page_alloc.ignore_gfp_reclaim = false;
	fail_page_alloc.min_order = 0;
	for (n = 1; n < 64; n++) {
		fail_nth_set(n);
		p = __vmalloc(pages * PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN);
		if (p)
			break;
		fired++;
		ASSERT_EQ(fail_nth_get(), 0);
		assert_free_pages_restored(&snap);
		ASSERT_VMALLOC_VALID();
	}
	fail_nth_set(0);
	ASSERT_NOT_NULL(p);
	/*
	 * The range, every page, and each table (1 on i386, 3 on x86-64)
	 * twice: its own point, then the page allocator's.
	 */
	ASSERT_EQ(fired, 1 + pages + 2 * (sizeof(pteval_t) == 4 ? 1 : 3));
	vfree(p);

	p = vmalloc(2 * PAGE_SIZE);
	irq_enter();
	vfree(p);
	irq_exit();
	ASSERT_NOT_NULL(vmalloc_to_page(p));		/* deferred */
	ASSERT_EQ(report_total(), 0);
	vmalloc_drain_deferred();
	ASSERT_NULL(vmalloc_to_page(p));

	preempt_disable();
	p = vmalloc(PAGE_SIZE);
	preempt_enable();
	ASSERT_TRUE(report_count(REPORT_SLEEP_IN_ATOMIC) >= 1);
	vfree(p);
	report_reset();

	/* fail_vmalloc: the range allocator's own point. */
	fail_vmalloc.probability = 100;
	fail_vmalloc.interval = 1;
	fail_vmalloc.times = 1;
	fail_vmalloc.verbose = 0;
	injected = fail_vmalloc.injected;
	ASSERT_NULL(vmalloc(PAGE_SIZE));
	ASSERT_REPORT_HAS("vm_struct allocation failed");
	ASSERT_EQ(fail_vmalloc.injected, injected + 1);
	ASSERT_NOT_NULL(p = vmalloc(PAGE_SIZE));
	vfree(p);
}

/* kvmalloc: kmalloc's mask, and vmalloc only for blocking masks above a page. */
static void kvmalloc_rules(void)
{
	struct buddy_snapshot snap;
	char *p;

	boot();
	ASSERT_EQ(kmalloc_gfp_adjust(GFP_KERNEL, PAGE_SIZE), GFP_KERNEL);
	ASSERT_EQ(kmalloc_gfp_adjust(GFP_KERNEL | __GFP_NOFAIL, PAGE_SIZE + 1),
		  GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY);
	ASSERT_EQ(kmalloc_gfp_adjust(GFP_KERNEL | __GFP_RETRY_MAYFAIL, 2 * PAGE_SIZE),
		  GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);

	/* Kernel page tables stay once made: make the ones the test will use. */
	vfree(vmalloc(8UL << 20));
	buddy_snapshot(&snap);
	/* At most a page: kmalloc or nothing, never vmalloc. */
	p = kvmalloc(PAGE_SIZE, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	ASSERT_TRUE(!is_vmalloc_addr(p));
	ASSERT_EQ(ksize(p), PAGE_SIZE);
	kvfree(p);
	/* Non-blocking masks never fall back; kmalloc serves them here. */
	p = kvmalloc(4 * PAGE_SIZE, GFP_ATOMIC);
	ASSERT_NOT_NULL(p);
	ASSERT_TRUE(!is_vmalloc_addr(p));
	kvfree(p);
	p = kvmalloc(4 * PAGE_SIZE, GFP_NOWAIT);
	ASSERT_NOT_NULL(p);
	ASSERT_TRUE(!is_vmalloc_addr(p));
	kvfree(p);
	/* Beyond kmalloc's largest size (4 MiB), a blocking mask gets vmalloc. */
	p = kvmalloc(8UL << 20, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	ASSERT_TRUE(is_vmalloc_addr(p));
	kvfree(p);
	ASSERT_NULL(kvmalloc(8UL << 20, GFP_ATOMIC));
	kmem_cache_shrink_all();	/* empty slabs stay cached, as in Linux */
	assert_free_pages_restored(&snap);
	ASSERT_EQ(report_total(), 0);

	/* Above INT_MAX: refused, with a warning unless __GFP_NOWARN. */
	ASSERT_NULL(kvmalloc((size_t)INT_MAX + 1, GFP_KERNEL | __GFP_NOWARN));
	ASSERT_EQ(report_total(), 0);
	ASSERT_NULL(kvmalloc((size_t)INT_MAX + 1, GFP_KERNEL));
	ASSERT_REPORT_HAS("above INT_MAX");
	ASSERT_NULL(kvcalloc(SIZE_MAX / 2, 3, GFP_KERNEL));

	/* kvzalloc/kvcalloc memory is zeroed, whichever allocator served it. */
	p = kvmalloc(6 * PAGE_SIZE, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	memset(p, 0x55, 6 * PAGE_SIZE);
	kvfree(p);
	p = kvcalloc(6, PAGE_SIZE, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	for (unsigned long i = 0; i < 6 * PAGE_SIZE; i += 61)
		ASSERT_EQ(p[i], 0);
	kvfree(p);
	p = kvzalloc(3 * PAGE_SIZE, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(p[2 * PAGE_SIZE + 1], 0);
	kvfree(p);
	kvfree(NULL);
	assert_free_pages_restored(&snap);
	ASSERT_VMALLOC_VALID();
}

TEST_MAIN("vmalloc",
	TEST_CASE(contiguous_on_host_scattered_in_ram),
	TEST_CASE(raw_entries_after_map_and_unmap),
	TEST_CASE(guard_page_and_use_after_free_fault),
	TEST_CASE(first_fit_and_merge),
	TEST_CASE(range_exhaustion),
	TEST_CASE(unwind_after_pgtable_failure),
	TEST_CASE(unwind_after_page_failure),
	TEST_CASE(many_new_tables_in_one_call),
	TEST_CASE(bad_vfree_and_vunmap),
	TEST_CASE(vmap_and_vunmap),
	TEST_CASE(vfree_atomic_is_deferred),
	TEST_CASE(vzalloc_zeroes_and_size_zero),
	TEST_CASE(checker_catches_missing_pte),
	TEST_CASE(seeded_stress),
	TEST_CASE(context_and_fault_points),
	TEST_CASE(kvmalloc_rules))
