// SPDX-License-Identifier: GPL-2.0
/*
 * Every injected failure leaves the whole stack consistent.
 *
 * For each workload, for n = 1, 2, ... until the workload runs through
 * without a failure: boot, make the n-th fault-able call fail (fail-nth),
 * run the workload (which copes with any failure the way kernel code must),
 * then run every consistency checker, free everything, and require the
 * counters back at their boot values and not one report.
 *
 * Adding a layer's workload is one entry in workloads[] and a SWEEP_TEST,
 * and its checker one entry in checkers[].
 */
#include <errno.h>
#include <string.h>

#include <linux/fault-inject.h>
#include <linux/highmem.h>
#include <linux/mmdebug.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "common.h"

struct sweep_workload {
	const char	*name;
	void		(*run)(void);		/* allocate, coping with failures */
	void		(*check)(void);		/* its own promises, ASSERTs */
	void		(*release)(void);	/* free all that run() got */
};

/* Every consistency checker of the stack. */
static bool (*const checkers[])(void) = {
	page_alloc_is_valid,
	pgtable_is_valid,
	vmalloc_is_valid,
	kmap_is_valid,
	slab_is_valid,
};

/* Open every point to every call, quietly: fail-nth decides alone. */
static const char sweep_config[] =
	"fail_page_alloc.min-order=0 fail_page_alloc.ignore-gfp-wait=N "
	"fail_page_alloc.ignore-gfp-highmem=N fail_page_alloc.verbose=0 "
	"failslab.ignore-gfp-wait=N failslab.verbose=0 "
	"fail_vmalloc.verbose=0 fail_pgtable_alloc.verbose=0";

/* ---- buddy: orders, zones, nodes, CPUs, zeroing, references ---------- */

#define MAX_HELD	32

static struct held {
	struct page	*page;
	unsigned int	order;
	bool		zeroed;
} held[MAX_HELD];
static unsigned int nr_held;

static void hold(struct page *page, unsigned int order, bool zeroed)
{
	if (page)
		held[nr_held++] = (struct held){ page, order, zeroed };
}

static void release_last(void)
{
	struct held *h = &held[--nr_held];

	__free_pages(h->page, h->order);
}

static void buddy_run(void)
{
	static const struct {
		gfp_t		gfp;
		unsigned int	order;
	} steps[] = {
		{ GFP_KERNEL, 0 }, { GFP_KERNEL, 0 }, { GFP_KERNEL, 3 },
		{ GFP_KERNEL | __GFP_ZERO, 1 }, { GFP_ATOMIC, 0 }, { GFP_NOWAIT, 2 },
		{ GFP_HIGHUSER, 0 }, { GFP_HIGHUSER | __GFP_ZERO, 0 }, { GFP_DMA, 0 },
		{ GFP_DMA32, 1 }, { GFP_KERNEL, MAX_PAGE_ORDER },
		{ GFP_KERNEL | __GFP_NOFAIL, 0 },	/* never fault-able */
	};
	unsigned long addr;

	nr_held = 0;
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		hold(alloc_pages(steps[i].gfp, steps[i].order), steps[i].order,
		     steps[i].gfp & __GFP_ZERO);
	hold(alloc_pages_node(1, GFP_KERNEL | __GFP_THISNODE, 0), 0, false);
	addr = get_zeroed_page(GFP_KERNEL);
	if (addr)
		hold(virt_to_page((void *)addr), 0, true);
	addr = __get_free_pages(GFP_KERNEL, 2);
	if (addr)
		hold(virt_to_page((void *)addr), 2, false);
	/* Frees and reallocations through the other CPU's per-CPU list. */
	ASSERT_EQ(machine_set_cpu(1), 0);
	if (nr_held)
		release_last();
	hold(alloc_pages(GFP_KERNEL, 0), 0, false);
	hold(alloc_pages(GFP_KERNEL, 0), 0, false);
	ASSERT_EQ(machine_set_cpu(0), 0);
	if (nr_held) {
		get_page(held[0].page);
		__free_pages(held[0].page, held[0].order);
	}
}

static void buddy_check(void)
{
	for (unsigned int i = 0; i < nr_held; i++) {
		const struct held *h = &held[i];
		u64 word = ~0ULL;

		ASSERT_EQ(page_ref_count(h->page), 1);
		ASSERT_EQ(h->page->order, h->order);
		ASSERT_TRUE(!PageBuddy(h->page));
		if (h->zeroed) {
			phys_addr_t end = PFN_PHYS(page_to_pfn(h->page) + (1UL << h->order));

			for (phys_addr_t p = PFN_PHYS(page_to_pfn(h->page)); p < end; p += 512) {
				ASSERT_EQ(ram_read(p, &word, sizeof(word)), 0);
				ASSERT_EQ(word, 0);
			}
		}
	}
}

static void buddy_release(void)
{
	while (nr_held)
		release_last();
}

/* ---- page tables: new levels at every depth, and shared tables -------- */

#define NR_VAS	8

static struct {
	unsigned long	va;
	struct page	*page;
	bool		mapped;
} maps[NR_VAS];

static unsigned long sweep_va(int k)
{
	/* Far apart (a new pud, pmd or pte table each) or sharing a table. */
	unsigned long step = PUD_FOLDED ? PMD_SIZE : PUD_SIZE;

	return k < 6 ? VMALLOC_START + (unsigned long)k * step + (unsigned long)k * PAGE_SIZE :
		       VMALLOC_START + (unsigned long)(k + 1) * PAGE_SIZE;
}

static void pgtable_run(void)
{
	for (int k = 0; k < NR_VAS; k++) {
		maps[k].va = sweep_va(k);
		maps[k].mapped = false;
		maps[k].page = alloc_pages(GFP_KERNEL, 0);
		if (!maps[k].page)
			continue;
		if (map_kernel_page(maps[k].va, page_to_pfn(maps[k].page), PAGE_KERNEL,
				    GFP_KERNEL) == 0) {
			maps[k].mapped = true;
			continue;
		}
		__free_pages(maps[k].page, 0);
		maps[k].page = NULL;
	}
}

/* No half-made mapping: a VA is mapped to its page or not at all. */
static void pgtable_check(void)
{
	for (int k = 0; k < NR_VAS; k++) {
		unsigned long pfn = kernel_va_to_pfn(maps[k].va);

		if (maps[k].mapped)
			ASSERT_EQ(pfn, page_to_pfn(maps[k].page));
		else
			ASSERT_EQ(pfn, -1UL);
	}
}

static void pgtable_release(void)
{
	for (int k = 0; k < NR_VAS; k++) {
		if (!maps[k].mapped)
			continue;
		ASSERT_EQ(unmap_kernel_page(maps[k].va), page_to_pfn(maps[k].page));
		__free_pages(maps[k].page, 0);
		maps[k].mapped = false;
	}
}

/* ---- vmalloc and vmap ---------------------------------------------- */

#define NR_AREAS	3

static struct {
	char		*area[NR_AREAS];
	unsigned long	size[NR_AREAS];
	struct page	*pages[2];
	char		*mapped;
} vm;

static const gfp_t vm_gfp = GFP_KERNEL | __GFP_NOWARN;

static void vmalloc_run(void)
{
	memset(&vm, 0, sizeof(vm));
	vm.size[0] = 3 * PAGE_SIZE;
	vm.area[0] = __vmalloc(vm.size[0], vm_gfp);
	vm.size[1] = 9 * PAGE_SIZE - 100;
	vm.area[1] = __vmalloc(vm.size[1], vm_gfp | __GFP_ZERO);
	vm.size[2] = 600 * PAGE_SIZE;	/* crosses page-table boundaries */
	vm.area[2] = __vmalloc(vm.size[2], vm_gfp);
	vm.pages[0] = alloc_pages(GFP_HIGHUSER, 0);
	vm.pages[1] = alloc_pages(GFP_KERNEL, 0);
	if (vm.pages[0] && vm.pages[1])
		vm.mapped = vmap(vm.pages, 2, VM_MAP, PAGE_KERNEL);
}

/* What exists works: mapped, zeroed where promised, writable. */
static void vmalloc_check(void)
{
	for (int i = 0; i < NR_AREAS; i++) {
		if (!vm.area[i])
			continue;
		for (unsigned long off = 0; off < vm.size[i]; off += PAGE_SIZE)
			ASSERT_NOT_NULL(vmalloc_to_page(vm.area[i] + off));
		if (i == 1)
			ASSERT_EQ(vm.area[1][vm.size[1] - 1], 0);
		vm.area[i][vm.size[i] - 1] = 1;
	}
	if (vm.mapped) {
		ASSERT_TRUE(vmalloc_to_page(vm.mapped) == vm.pages[0]);
		ASSERT_TRUE(vmalloc_to_page(vm.mapped + PAGE_SIZE) == vm.pages[1]);
	}
}

static void vmalloc_release(void)
{
	for (int i = 0; i < NR_AREAS; i++)
		vfree(vm.area[i]);
	vunmap(vm.mapped);
	for (int i = 0; i < 2; i++)
		if (vm.pages[i])
			__free_pages(vm.pages[i], 0);
	memset(&vm, 0, sizeof(vm));
}

/* ---- kvmalloc: kmalloc first, vmalloc behind it ---------------------- */

static struct {
	void		*p[4];
	size_t		size[4];
} kv;

static void kvmalloc_run(void)
{
	static const size_t sizes[] = { 100, 3 * PAGE_SIZE, 40 * PAGE_SIZE, 300 * PAGE_SIZE };

	for (int i = 0; i < 4; i++) {
		kv.size[i] = sizes[i];
		kv.p[i] = i & 1 ? kvzalloc(sizes[i], vm_gfp) : kvmalloc(sizes[i], vm_gfp);
	}
}

static void kvmalloc_check(void)
{
	for (int i = 0; i < 4; i++) {
		if (!kv.p[i])
			continue;
		if (i & 1)
			ASSERT_EQ(((char *)kv.p[i])[kv.size[i] - 1], 0);
		memset(kv.p[i], 0x5a, kv.size[i]);
	}
}

static void kvmalloc_release(void)
{
	for (int i = 0; i < 4; i++)
		kvfree(kv.p[i]);
	memset(&kv, 0, sizeof(kv));
}

/* ---- kmap: PKMAP and the per-CPU slots of highmem pages -------------- */

#define NR_KMAP	4

static struct {
	struct page	*page[NR_KMAP];
	void		*addr[NR_KMAP];
} km;

static void kmap_run(void)
{
	memset(&km, 0, sizeof(km));
	for (int i = 0; i < NR_KMAP; i++) {
		km.page[i] = alloc_pages(GFP_HIGHUSER, 0);
		if (km.page[i])
			km.addr[i] = kmap(km.page[i]);
	}
}

static void kmap_check(void)
{
	for (int i = 0; i < NR_KMAP; i++) {
		void *local;

		if (!km.page[i])
			continue;
		ASSERT_NOT_NULL(km.addr[i]);
		memset(km.addr[i], i + 1, PAGE_SIZE);
		local = kmap_local_page(km.page[i]);
		ASSERT_EQ(((u8 *)local)[PAGE_SIZE - 1], i + 1);
		kunmap_local(local);
	}
}

static void kmap_release(void)
{
	for (int i = 0; i < NR_KMAP; i++) {
		if (km.addr[i])
			kunmap(km.page[i]);
		if (km.page[i])
			__free_pages(km.page[i], 0);
	}
	memset(&km, 0, sizeof(km));
}

/* ---- a process: brk, and demand paging -------------------------------- */

#define HEAP		0x08100000UL
#define HEAP_PAGES	8

static struct {
	struct mm_struct	*mm;
	bool			written[HEAP_PAGES];
	unsigned long		end;	/* the break brk_run() left */
} proc;

/* Grow, touch, shrink (freeing the touched pages), grow again. */
static void brk_run(void)
{
	memset(&proc, 0, sizeof(proc));
	proc.mm = mm_alloc();
	if (!proc.mm)
		return;
	proc.mm->start_brk = proc.mm->brk = HEAP;
	proc.end = sys_brk(proc.mm, HEAP + HEAP_PAGES * PAGE_SIZE);
	for (unsigned int i = 0; i < HEAP_PAGES && HEAP + i * PAGE_SIZE < proc.end; i++)
		user_write(proc.mm, HEAP + i * PAGE_SIZE, &i, sizeof(i));
	proc.end = sys_brk(proc.mm, HEAP + 2 * PAGE_SIZE);
	proc.end = sys_brk(proc.mm, HEAP + 4 * PAGE_SIZE);
	for (unsigned int i = 0; i < HEAP_PAGES; i++)
		proc.written[i] = HEAP + (i + 1) * PAGE_SIZE <= proc.end &&
				  user_write(proc.mm, HEAP + i * PAGE_SIZE + 8, &i, sizeof(i)) == 0;
}

/* Pages far apart: every touch needs its own page and often a new table. */
static unsigned long demand_addr(unsigned int i)
{
	return HEAP + (unsigned long)i * (PMD_SIZE + PAGE_SIZE);
}

static void demand_run(void)
{
	memset(&proc, 0, sizeof(proc));
	proc.mm = mm_alloc();
	if (!proc.mm)
		return;
	proc.mm->start_brk = proc.mm->brk = HEAP;
	proc.end = sys_brk(proc.mm, demand_addr(HEAP_PAGES - 1) + PAGE_SIZE);
	for (unsigned int i = 0; i < HEAP_PAGES; i++)
		proc.written[i] = demand_addr(i) < proc.end &&
				  user_write(proc.mm, demand_addr(i) + 8, &i, sizeof(i)) == 0;
}

/* Every write that succeeded reads back; rss counts exactly those pages. */
static void proc_check(unsigned long (*addr)(unsigned int))
{
	unsigned long rss = 0;

	if (!proc.mm)
		return;
	ASSERT_TRUE(mm_is_valid(proc.mm));
	for (unsigned int i = 0; i < HEAP_PAGES; i++) {
		unsigned int v = ~0U;

		if (!proc.written[i])
			continue;
		rss++;
		ASSERT_EQ(user_read(proc.mm, addr(i) + 8, &v, sizeof(v)), 0);
		ASSERT_EQ(v, i);
	}
	ASSERT_EQ(proc.mm->rss, rss);
}

static unsigned long brk_addr(unsigned int i)
{
	return HEAP + i * PAGE_SIZE;
}

static void brk_check(void)
{
	proc_check(brk_addr);
}

static void demand_check(void)
{
	proc_check(demand_addr);
}

static void proc_release(void)
{
	mmput(proc.mm);
	memset(&proc, 0, sizeof(proc));
}

/* ---- slab caches and kmalloc ------------------------------------------ */

#define NR_OBJS	24

static struct {
	struct kmem_cache	*cache;
	void			*obj[NR_OBJS];
	void			*km[NR_OBJS];
	size_t			km_size[NR_OBJS];
} sl;

static void ctor(void *p)
{
	memset(p, 0xc7, 40);
}

static void slab_run(void)
{
	memset(&sl, 0, sizeof(sl));
	sl.cache = kmem_cache_create("sweep", 40, 8, SLAB_HWCACHE_ALIGN, ctor);
	if (!sl.cache)
		return;
	for (int i = 0; i < NR_OBJS; i++)
		sl.obj[i] = i == NR_OBJS - 1 ? kmem_cache_alloc_node(sl.cache, GFP_KERNEL, 1) :
			    kmem_cache_alloc(sl.cache, GFP_KERNEL);
	/* Free every other one, refill: partial slabs, both freelists. */
	for (int i = 0; i < NR_OBJS; i += 2) {
		kmem_cache_free(sl.cache, sl.obj[i]);
		sl.obj[i] = kmem_cache_alloc(sl.cache, GFP_KERNEL);
	}
}

static void slab_check(void)
{
	if (!sl.cache)
		return;
	ASSERT_TRUE(kmem_cache_is_valid(sl.cache));
	for (int i = 0; i < NR_OBJS; i++)
		if (sl.obj[i])
			ASSERT_EQ(((u8 *)sl.obj[i])[39], 0xc7);
}

static void slab_release(void)
{
	if (sl.cache) {
		for (int i = 0; i < NR_OBJS; i++)
			if (sl.obj[i])
				kmem_cache_free(sl.cache, sl.obj[i]);
		kmem_cache_destroy(sl.cache);
	}
	memset(&sl, 0, sizeof(sl));
}

static void kmalloc_run(void)
{
	memset(&sl, 0, sizeof(sl));
	for (int i = 0; i < NR_OBJS; i++) {
		size_t size = (size_t)8 << (i % 11);	/* 8 .. 8 KiB: large ones too */

		sl.km_size[i] = size;
		switch (i % 4) {
		case 0:
			sl.km[i] = kmalloc(size, GFP_KERNEL);
			break;
		case 1:
			sl.km[i] = kzalloc(size, GFP_KERNEL | __GFP_DMA);
			break;
		case 2:
			sl.km[i] = kcalloc(2, size / 2, GFP_ATOMIC);
			break;
		default:
			sl.km[i] = kmalloc(size / 2, GFP_KERNEL);
			if (sl.km[i]) {
				void *p = krealloc(sl.km[i], size, GFP_KERNEL | __GFP_ZERO);

				/* krealloc failure keeps the old object. */
				if (p)
					sl.km[i] = p;
				else
					sl.km_size[i] = size / 2;
			}
			break;
		}
	}
}

static void kmalloc_check(void)
{
	for (int i = 0; i < NR_OBJS; i++) {
		if (!sl.km[i])
			continue;
		ASSERT_TRUE(ksize(sl.km[i]) >= sl.km_size[i]);
		if (i % 4 == 1 || i % 4 == 2)
			ASSERT_EQ(((u8 *)sl.km[i])[sl.km_size[i] - 1], 0);
		memset(sl.km[i], 0x3c, sl.km_size[i]);
	}
}

static void kmalloc_release(void)
{
	for (int i = 0; i < NR_OBJS; i++)
		kfree(sl.km[i]);
	memset(&sl, 0, sizeof(sl));
}

static const struct sweep_workload workloads[] = {
	{ "buddy",	buddy_run,	buddy_check,	buddy_release },
	{ "pgtable",	pgtable_run,	pgtable_check,	pgtable_release },
	{ "slab",	slab_run,	slab_check,	slab_release },
	{ "kmalloc",	kmalloc_run,	kmalloc_check,	kmalloc_release },
	{ "vmalloc",	vmalloc_run,	vmalloc_check,	vmalloc_release },
	{ "kvmalloc",	kvmalloc_run,	kvmalloc_check,	kvmalloc_release },
	{ "kmap",	kmap_run,	kmap_check,	kmap_release },
	{ "brk",	brk_run,	brk_check,	proc_release },
	{ "demand",	demand_run,	demand_check,	proc_release },
};

/* Free pages of every zone, per-CPU lists drained. */
static unsigned long total_free(void)
{
	drain_all_pages(NULL);
	return nr_free_pages();
}

/*
 * One run with the n-th fault-able call failing.
 * Return: whether the failure fired (false: the workload made fewer calls).
 */
static bool sweep_once(const struct sweep_workload *w, unsigned int n)
{
	unsigned long free_before, tables_before;
	bool fired;

	boot_pc(1024, 2, 2);
	ASSERT_EQ(fault_inject_setup(sweep_config), 0);
	free_before = total_free();
	tables_before = nr_pgtable_pages();
	fail_nth_set(n);
	w->run();
	fired = fail_nth_get() == 0;
	fail_nth_set(0);
	ASSERT_EQ(fault_inject_total_injected(), fired);
	for (size_t i = 0; i < ARRAY_SIZE(checkers); i++)
		ASSERT_TRUE(checkers[i]());
	w->check();
	w->release();
	kmem_cache_shrink_all();	/* empty slabs kept for reuse go back */
	for (size_t i = 0; i < ARRAY_SIZE(checkers); i++)
		ASSERT_TRUE(checkers[i]());
	/* Kernel page tables stay once made, as in Linux: they are accounted. */
	ASSERT_EQ(total_free() + (nr_pgtable_pages() - tables_before), free_before);
	if (report_total())
		test_fail(__FILE__, __LINE__, "%s, fail-nth %u: unexpected report:\n%s",
			  w->name, n, report_last());
	machine_teardown();
	return fired;
}

static void sweep(const struct sweep_workload *w)
{
	unsigned int n = 1;

	while (sweep_once(w, n))
		n++;
	ASSERT_TRUE(n > 1);
	printf("  sweep %-8s (%s) %3u faults injected, 0 pages leaked, every checker passed\n",
	       w->name, ARCH_NAME, n - 1);
}

#define SWEEP_TEST(name, i)	static void sweep_##name(void) { sweep(&workloads[i]); }

SWEEP_TEST(buddy, 0)
SWEEP_TEST(pgtable, 1)
SWEEP_TEST(slab, 2)
SWEEP_TEST(kmalloc, 3)
SWEEP_TEST(vmalloc, 4)
SWEEP_TEST(kvmalloc, 5)
SWEEP_TEST(kmap, 6)
SWEEP_TEST(brk, 7)
SWEEP_TEST(demand, 8)

/* The sweep would notice: a leaked page and a leaked page table fail it. */
static void sweep_catches_leaks(void)
{
	struct page *table;
	unsigned long free_before;

	boot_pc(1024, 2, 2);
	free_before = total_free();
	ASSERT_NOT_NULL(alloc_pages(GFP_KERNEL, 0));		/* leaked */
	ASSERT_TRUE(total_free() != free_before);
	table = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(table);
	__SetPageTable(table);					/* linked nowhere */
	ASSERT_TRUE(!pgtable_is_valid());
	ASSERT_REPORT_HAS("BUG: kernel page tables inconsistent: ");
	ASSERT_REPORT_HAS("PG_table pages, ");
	__ClearPageTable(table);
	__free_pages(table, 0);
	ASSERT_TRUE(pgtable_is_valid());
}

TEST_MAIN("fault_sweep",
	TEST_CASE(sweep_buddy),
	TEST_CASE(sweep_pgtable),
	TEST_CASE(sweep_slab),
	TEST_CASE(sweep_kmalloc),
	TEST_CASE(sweep_vmalloc),
	TEST_CASE(sweep_kvmalloc),
	TEST_CASE(sweep_kmap),
	TEST_CASE(sweep_brk),
	TEST_CASE(sweep_demand),
	TEST_CASE(sweep_catches_leaks))
