// SPDX-License-Identifier: GPL-2.0
/*
 * Highmem: PKMAP (kmap) and the per-CPU fixmap slots (kmap_local, kmap_atomic).
 *
 * PKMAP slot nr (arch VA PKMAP_ADDR(nr)) is in one of three states, by
 * pkmap_count[nr]:
 *
 *   0      free: no pte, host window PROT_NONE, not in the hash.
 *   1      mapped, unused: the last kunmap() dropped it, but the pte, the
 *          host mapping and the hash entry stay until the slot allocator
 *          wraps round to slot 0 and flush_all_zero_pkmaps() clears every
 *          such slot at once (Linux saves TLB flushes this way).  A kmap()
 *          of the same page meanwhile takes the slot again, mapping nothing.
 *   n + 1  mapped and held by n kmap() calls.
 *
 * The hash (Linux's page_address_htable) maps a pfn to its slot, so
 * page_address() of a kmapped highmem page is O(1).
 *
 * kmap_local slots: CPU c's slot i is fixmap index c * FIX_KMAP_SLOTS + i,
 * at FIXADDR_TOP - (index + 1) pages.  Each CPU uses its slots as a stack:
 * kmap_local_page() pushes, kunmap_local() must pop the top.
 *
 * The pte tables of both areas are made at boot, from memblock, as Linux's
 * permanent_kmaps_init() does; so no kmap ever allocates a page table and
 * the buddy counters are untouched by kmap/kunmap.  Everything here is
 * empty on x86-64 (LAST_PKMAP == FIX_KMAP_SLOTS == 0, no highmem).
 */
#include <string.h>

#include <linux/highmem.h>
#include <linux/pgtable.h>
#include <linux/report.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "internal.h"

#define PKMAP_SLOTS	(LAST_PKMAP ? LAST_PKMAP : 1)
#define LOCAL_SLOTS	(FIX_KMAP_SLOTS ? FIX_KMAP_SLOTS : 1)
#define PA_HASH		PKMAP_SLOTS
#define NO_SLOT		(-1)

static struct {
	int		pkmap_count[PKMAP_SLOTS];
	unsigned long	pkmap_pfn[PKMAP_SLOTS];
	int		hash_next[PKMAP_SLOTS];
	int		hash_head[PA_HASH];
	unsigned int	last_pkmap_nr;
	unsigned int	local_idx[NR_CPUS];	/* slots in use, per CPU */
} km;

/* ---- page_address_htable ------------------------------------------------ */

static int *hash_bucket(unsigned long pfn)
{
	return &km.hash_head[pfn % PA_HASH];
}

static int pkmap_slot_of(unsigned long pfn)
{
	for (int nr = *hash_bucket(pfn); nr != NO_SLOT; nr = km.hash_next[nr])
		if (km.pkmap_pfn[nr] == pfn)
			return nr;
	return NO_SLOT;
}

static void hash_add(int nr, unsigned long pfn)
{
	km.pkmap_pfn[nr] = pfn;
	km.hash_next[nr] = *hash_bucket(pfn);
	*hash_bucket(pfn) = nr;
}

static void hash_del(int nr)
{
	int *link = hash_bucket(km.pkmap_pfn[nr]);

	while (*link != nr)
		link = &km.hash_next[*link];
	*link = km.hash_next[nr];
}

void *highmem_page_address(const struct page *page)
{
	int nr;

	if (!PageHighMem(page))
		return __va(PFN_PHYS(page_to_pfn(page)));
	nr = pkmap_slot_of(page_to_pfn(page));
	return nr == NO_SLOT ? NULL : kva_to_host(PKMAP_ADDR(nr));
}

/* ---- boot ------------------------------------------------------------- */

int kmap_init(void)
{
	int err = 0;

	memset(&km, 0, sizeof(km));
	for (int i = 0; i < PA_HASH; i++)
		km.hash_head[i] = NO_SLOT;
	/* Both ranges are empty on an arch without highmem. */
	err = kernel_tables_populate_boot(PKMAP_BASE, PKMAP_ADDR(LAST_PKMAP));
	return err ?: kernel_tables_populate_boot(FIXADDR_START, FIXADDR_TOP);
}

void kmap_exit(void)
{
	memset(&km, 0, sizeof(km));
}

/* ---- one kernel mapping, in the page tables and on the host ------------- */

static void *map_slot(unsigned long va, unsigned long pfn)
{
	/* The tables exist since boot: this cannot need memory. */
	if (map_kernel_page(va, pfn, PAGE_KERNEL, GFP_ATOMIC))
		return NULL;
	if (host_map_pages(va, pfn, 1)) {
		unmap_kernel_page(va);
		return NULL;
	}
	return kva_to_host(va);
}

static void unmap_slot(unsigned long va)
{
	unmap_kernel_page(va);
	host_unmap_pages(va, 1);
}

static bool kmap_page_ok(const char *fn, const struct page *page)
{
	if (page_in_mem_map(page) && pfn_valid(page_to_pfn(page)))
		return true;
	report_begin(REPORT_BAD_KMAP, "BUG: %s() of something that is not a page of RAM",
		     fn);
	report_end();
	return false;
}

/* ---- PKMAP -------------------------------------------------------------- */

static void flush_all_zero_pkmaps(void)
{
	for (int nr = 0; nr < LAST_PKMAP; nr++) {
		if (km.pkmap_count[nr] != 1)
			continue;
		km.pkmap_count[nr] = 0;
		unmap_slot(PKMAP_ADDR(nr));
		hash_del(nr);
	}
}

/* A free slot for @pfn, flushing released ones on wrap-around; or NO_SLOT. */
static int map_new_virtual(unsigned long pfn)
{
	unsigned int count = LAST_PKMAP;

	for (;;) {
		km.last_pkmap_nr = (km.last_pkmap_nr + 1) & (LAST_PKMAP - 1);
		if (!km.last_pkmap_nr) {
			flush_all_zero_pkmaps();
			count = LAST_PKMAP;
		}
		if (!km.pkmap_count[km.last_pkmap_nr])
			break;
		if (--count)
			continue;
		/* Linux sleeps here until a kunmap(); nobody will wake us. */
		report_begin(REPORT_BAD_KMAP,
			     "BUG: kmap: all %d PKMAP slots are held (would sleep for ever)",
			     LAST_PKMAP);
		report_line("page: pfn:%#lx", pfn);
		report_end();
		return NO_SLOT;
	}
	if (!map_slot(PKMAP_ADDR(km.last_pkmap_nr), pfn))
		return NO_SLOT;
	km.pkmap_count[km.last_pkmap_nr] = 1;
	hash_add((int)km.last_pkmap_nr, pfn);
	return (int)km.last_pkmap_nr;
}

static void *kmap_high(struct page *page)
{
	unsigned long pfn = page_to_pfn(page);
	int nr = pkmap_slot_of(pfn);

	if (nr == NO_SLOT)
		nr = map_new_virtual(pfn);
	if (nr == NO_SLOT)
		return NULL;
	km.pkmap_count[nr]++;
	return kva_to_host(PKMAP_ADDR(nr));
}

void *kmap(struct page *page)
{
	might_sleep();
	if (!kmap_page_ok("kmap", page))
		return NULL;
	if (!PageHighMem(page))
		return page_address(page);
	return kmap_high(page);
}

void kunmap(struct page *page)
{
	unsigned long pfn;
	int nr;

	if (!kmap_page_ok("kunmap", page) || !PageHighMem(page))
		return;
	pfn = page_to_pfn(page);
	nr = pkmap_slot_of(pfn);
	if (nr == NO_SLOT || km.pkmap_count[nr] < 2) {
		report_begin(REPORT_BAD_KMAP,
			     "BUG: kunmap() of pfn %#lx, which holds no kmap()", pfn);
		if (nr != NO_SLOT)
			report_line("its PKMAP slot %d (%#lx) awaits the flush", nr,
				    PKMAP_ADDR(nr));
		report_end();
		return;
	}
	km.pkmap_count[nr]--;
}

unsigned int nr_pkmap_mapped(void)
{
	unsigned int n = 0;

	for (int nr = 0; nr < LAST_PKMAP; nr++)
		n += km.pkmap_count[nr] != 0;
	return n;
}

/* ---- kmap_local and kmap_atomic ----------------------------------------- */

static unsigned long local_slot_va(unsigned int cpu, unsigned int idx)
{
	return FIXADDR_TOP - ((unsigned long)(cpu * FIX_KMAP_SLOTS + idx + 1) << PAGE_SHIFT);
}

void *kmap_local_page(struct page *page)
{
	unsigned int cpu = smp_processor_id();
	unsigned int idx;
	void *addr;

	if (!kmap_page_ok("kmap_local_page", page))
		return NULL;
	if (!PageHighMem(page))
		return page_address(page);
	idx = km.local_idx[cpu];
	if (idx + 1 > FIX_KMAP_SLOTS) {
		report_begin(REPORT_BAD_KMAP,
			     "BUG: kmap_local: all %d slots of CPU %u are in use",
			     FIX_KMAP_SLOTS, cpu);
		report_end();
		return NULL;
	}
	addr = map_slot(local_slot_va(cpu, idx), page_to_pfn(page));
	if (addr)
		km.local_idx[cpu] = idx + 1;
	return addr;
}

/* Pop @addr's slot if it is this CPU's top one; false after a report. */
static bool kunmap_local_indexed(const char *fn, const void *addr)
{
	unsigned long va = host_to_kva(addr) & PAGE_MASK;
	unsigned int cpu = smp_processor_id();
	unsigned long slot, top;

	if (va >= PAGE_OFFSET && virt_addr_valid(addr))
		return true;	/* lowmem: nothing was mapped */
	if (!va || va < FIXADDR_START || va >= FIXADDR_TOP || !FIX_KMAP_SLOTS) {
		report_begin(REPORT_BAD_KMAP,
			     "BUG: %s() of an address kmap_local did not return", fn);
		if (va)
			report_line("address %#lx", va);
		report_end();
		return false;
	}
	slot = (FIXADDR_TOP - va) / PAGE_SIZE - 1;
	top = km.local_idx[cpu] ? cpu * LOCAL_SLOTS + km.local_idx[cpu] - 1 : -1UL;
	if (slot != top) {
		report_begin(REPORT_BAD_KMAP,
			     "BUG: %s() out of order: CPU %lu slot %lu, but the top is %s%ld",
			     fn, slot / LOCAL_SLOTS, slot % LOCAL_SLOTS,
			     km.local_idx[cpu] ? "slot " : "", km.local_idx[cpu] ?
			     (long)km.local_idx[cpu] - 1 : -1L);
		report_line("address %#lx, current CPU %u", va, cpu);
		report_end();
		return false;
	}
	unmap_slot(va);
	km.local_idx[cpu]--;
	return true;
}

void kunmap_local(const void *addr)
{
	kunmap_local_indexed("kunmap_local", addr);
}

void *kmap_atomic(struct page *page)
{
	void *addr;

	/*
	 * As Linux: callers rely on both, a user copy under kmap_atomic()
	 * must not fault (and sleep) even where preemption alone would let
	 * it, and the mapping must not move to another CPU.
	 */
	preempt_disable();
	pagefault_disable();
	addr = kmap_local_page(page);
	if (!addr) {
		/* Refused after a report: the caller is left as it was. */
		pagefault_enable();
		preempt_enable();
	}
	return addr;
}

void kunmap_atomic(const void *addr)
{
	if (!kunmap_local_indexed("kunmap_atomic", addr))
		return;
	pagefault_enable();
	preempt_enable();
}

/* ---- helpers ------------------------------------------------------------ */

void clear_highpage(struct page *page)
{
	void *kaddr = kmap_local_page(page);

	if (!kaddr)
		return;
	memset(kaddr, 0, PAGE_SIZE);
	kunmap_local(kaddr);
}

void memcpy_to_page(struct page *page, size_t offset, const void *from,
		    size_t len)
{
	char *kaddr = kmap_local_page(page);

	if (!kaddr)
		return;
	memcpy(kaddr + offset, from, len);
	kunmap_local(kaddr);
}

void memcpy_from_page(void *to, struct page *page, size_t offset, size_t len)
{
	char *kaddr = kmap_local_page(page);

	if (!kaddr)
		return;
	memcpy(to, kaddr + offset, len);
	kunmap_local(kaddr);
}

/* ---- consistency ------------------------------------------------------------ */

static bool km_bad(const char *what, unsigned long va, unsigned long a,
		   unsigned long b)
{
	report_begin(REPORT_INCONSISTENT, "BUG: kmap inconsistent: %s", what);
	report_line("slot %#lx values: %#lx %#lx", va, a, b);
	report_end();
	return false;
}

bool kmap_is_valid(void)
{
	for (int nr = 0; nr < LAST_PKMAP; nr++) {
		unsigned long va = PKMAP_ADDR(nr);
		unsigned long pfn = kernel_va_to_pfn(va);

		if (km.pkmap_count[nr] < 0)
			return km_bad("negative PKMAP count", va, 0, 0);
		if (!km.pkmap_count[nr]) {
			if (pfn != -1UL)
				return km_bad("free PKMAP slot still mapped", va, pfn, 0);
			continue;
		}
		if (pfn != km.pkmap_pfn[nr])
			return km_bad("PKMAP pte does not map the slot's page", va,
				      pfn, km.pkmap_pfn[nr]);
		if (!pfn_valid(pfn) || !PageHighMem(pfn_to_page(pfn)))
			return km_bad("PKMAP slot maps no highmem page", va, pfn, 0);
		if (pkmap_slot_of(pfn) != nr)
			return km_bad("page_address hash disagrees", va, pfn,
				      (unsigned long)pkmap_slot_of(pfn));
	}
	for (int b = 0; b < PA_HASH; b++) {
		int steps = 0;

		/* Without PKMAP (x86-64) every chain is empty. */
		for (int nr = km.hash_head[b]; nr != NO_SLOT; nr = km.hash_next[nr])
			if (++steps > PKMAP_SLOTS || !km.pkmap_count[nr])
				return km_bad("page_address hash holds a free slot or a cycle",
					      PKMAP_ADDR(nr), (unsigned long)b, 0);
	}
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		for (int idx = 0; idx < FIX_KMAP_SLOTS; idx++) {
			unsigned long va = local_slot_va(cpu, (unsigned int)idx);
			bool mapped = kernel_va_to_pfn(va) != -1UL;

			if (mapped != ((unsigned int)idx < km.local_idx[cpu]))
				return km_bad(mapped ? "kmap_local slot above the top mapped" :
						       "kmap_local slot below the top unmapped",
					      va, cpu, (unsigned long)idx);
		}
	}
	return true;
}
