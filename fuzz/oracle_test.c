// SPDX-License-Identifier: GPL-2.0
/*
 * Every check of the oracle fires: each case runs a short program on a
 * correct allocator, breaks one thing behind the model's back (a fake
 * block, a byte of RAM, a counter, a page-table entry), and asserts that
 * the right check reports it.  The harness records a violation as a
 * verdict before anything aborts, so most cases read it directly; one
 * case runs the abort path in a child process.
 */
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <linux/balloon.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/pgtable.h>
#include <linux/preempt.h>
#include <linux/sched/mm.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "fuzz/harness.h"
#include "fuzz/run.h"
#include "fuzz/testing.h"

static struct prog prog;

/* Boot the machine of @text and run its first @steps ops. */
static struct run *start(const char *text, unsigned int steps)
{
	char err[512];
	struct run *r;

	if (prog_parse(text, strlen(text), &prog, err, sizeof(err)))
		test_fail(__FILE__, __LINE__, "%s", err);
	r = harness_begin(&prog, NULL);
	if (r->failed)
		test_fail(__FILE__, __LINE__, "boot: %s", harness_verdict(r));
	for (unsigned int i = 0; i < steps; i++)
		if (!harness_step(r, i))
			test_fail(__FILE__, __LINE__, "op %u: %s", i, harness_verdict(r));
	return r;
}

/* The violation recorded must be of @check, its report mentioning @needle. */
static void expect(struct run *r, const char *check, const char *needle)
{
	char head[64];

	if (!r->failed)
		test_fail(__FILE__, __LINE__, "no violation; expected [%s]", check);
	snprintf(head, sizeof(head), "mmfuzz: oracle violation [%s] ", check);
	if (strncmp(harness_verdict(r), head, strlen(head)))
		test_fail(__FILE__, __LINE__, "expected [%s], got:\n%s", check,
			  harness_verdict(r));
	CHECK_HAS(harness_verdict(r), needle);
	harness_finish(r);
}

static unsigned long slot_pfn(struct run *r, int slot)
{
	CHECK_EQ(r->slot[slot].state, RT_LIVE);
	return r->slot[slot].pfn;
}

/* A page allocated behind the model's back. */
static unsigned long sneak_alloc(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	CHECK(page != NULL);
	return page_to_pfn(page);
}

#define ONE_BLOCK \
	"machine pc 64M nodes=1 cpus=2\n" \
	"p0 = alloc_pages(GFP_KERNEL, order=2, node=0)\n" \
	"write(p0, off=0x1010, len=64, seed=0x5a)\n" \
	"cpu(1)\n"

/* A block the model is told about that overlaps a live one. */
static void overlap_with_live_block(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	model_alloc(r, 1, slot_pfn(r, 0) + 2, 1, GFP_KERNEL, 0);
	expect(r, "overlap", "found: live p0, order-2 block at pfn");
}

static void overlap_with_page_table(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	CHECK(r->nr_pt > 0);
	model_alloc(r, 1, r->pt_pfn[0], 0, GFP_KERNEL, 0);
	expect(r, "overlap", "overlaps memory that is reserved (page table)");
}

static void misaligned_block(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	model_alloc(r, 1, slot_pfn(r, 0) + 5, 1, GFP_KERNEL, 0);
	expect(r, "alignment", "is not aligned to 2 pages");
}

static void block_in_a_hole(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	model_alloc(r, 1, 0xa0, 0, GFP_KERNEL, 0);	/* the 640 KiB-1 MiB hole */
	expect(r, "not-ram", "order-0 block at pfn 0xa0 is not all RAM");
}

/* A real block from above 16 MiB, presented as the answer to GFP_DMA. */
static void dma_block_above_16m(void)
{
	struct run *r = start(ONE_BLOCK, 1);
	unsigned long pfn = sneak_alloc(GFP_KERNEL, 0);

	CHECK(pfn >= (16UL << 20) >> PAGE_SHIFT);
	model_alloc(r, 1, pfn, 0, GFP_KERNEL | GFP_DMA, 0);
	expect(r, "zone", "expected: __GFP_DMA: below 16 MiB");
}

/* i386: a highmem page for a mask without __GFP_HIGHMEM. */
static void highmem_block_for_lowmem_mask(void)
{
	struct run *r;
	unsigned long pfn;

	if (!ARCH_HAS_HIGHMEM)
		return;
	r = start("machine pc 1G nodes=1 cpus=1\n", 0);
	pfn = sneak_alloc(GFP_HIGHUSER, 0);
	CHECK(pfn >= machine.max_low_pfn);
	model_alloc(r, 0, pfn, 0, GFP_KERNEL, 0);
	expect(r, "zone", "expected: no __GFP_HIGHMEM: lowmem");
}

static void thisnode_from_another_node(void)
{
	struct run *r = start("machine pc 64M nodes=2 cpus=1\n", 0);
	unsigned long pfn = page_to_pfn(alloc_pages_node(1, GFP_KERNEL | __GFP_THISNODE, 0));

	model_alloc(r, 0, pfn, 0, GFP_KERNEL | __GFP_THISNODE, 0);
	expect(r, "node", "__GFP_THISNODE allocation for node 0 came from node 1");
}

static void contradictory_mask_succeeds(void)
{
	struct run *r = start(ONE_BLOCK, 0);

	model_alloc(r, 0, sneak_alloc(GFP_KERNEL, 0), 0, __GFP_DMA | __GFP_HIGHMEM, 0);
	expect(r, "gfp", "the allocation must fail (contradictory zone modifiers)");
}

static void refcount_of_new_block(void)
{
	struct run *r = start(ONE_BLOCK, 0);
	unsigned long pfn = sneak_alloc(GFP_KERNEL, 0);

	set_page_count(pfn_to_page(pfn), 2);
	model_alloc(r, 0, pfn, 0, GFP_KERNEL, 0);
	expect(r, "refcount", "has refcount 2, expected 1");
}

/* "Zeroing skipped": a dirty block presented as a __GFP_ZERO one. */
static void zero_block_not_zeroed(void)
{
	struct run *r = start(ONE_BLOCK, 0);
	unsigned long pfn = sneak_alloc(GFP_KERNEL, 3);
	u8 junk = 0x77;

	ram_write(PFN_PHYS(pfn + 5) + 123, &junk, 1);
	model_alloc(r, 0, pfn, 3, GFP_KERNEL | __GFP_ZERO, 0);
	expect(r, "zero", "found: byte 0x77 at phys");
	CHECK_HAS(harness_verdict(r), "(offset 0x507b)");
}

/* The same through ram_read(), for a highmem block on i386. */
static void highmem_zero_block_not_zeroed(void)
{
	struct run *r;
	unsigned long pfn;
	u8 junk = 0x42;

	if (!ARCH_HAS_HIGHMEM)
		return;
	r = start("machine pc 1G nodes=1 cpus=1\n", 0);
	pfn = sneak_alloc(GFP_HIGHUSER, 1);
	ram_write(PFN_PHYS(pfn) + PAGE_SIZE + 9, &junk, 1);
	model_alloc(r, 0, pfn, 1, GFP_HIGHUSER | __GFP_ZERO, 0);
	expect(r, "zero", "found: byte 0x42");
}

/* A live pattern changed behind the program's back is seen after the next op. */
static void live_pattern_corrupted(void)
{
	struct run *r = start(ONE_BLOCK, 2);
	u8 junk = 0;

	ram_write(PFN_PHYS(slot_pfn(r, 0)) + 0x1020, &junk, 1);
	CHECK(!harness_step(r, 2));
	expect(r, "contents", "live p0 (order-2 block at pfn");
	CHECK_HAS(harness_verdict(r), "at offset 0x1020");
}

/* Zeroed memory that stops being zero is seen by a check op. */
static void zeroed_block_dirtied(void)
{
	struct run *r = start("machine pc 64M nodes=1 cpus=1\n"
			      "p0 = get_zeroed_page(GFP_KERNEL)\n"
			      "check(p0, off=0x100, len=32)\n", 1);
	u8 junk = 0x99;

	ram_write(PFN_PHYS(slot_pfn(r, 0)) + 0x110, &junk, 1);
	CHECK(!harness_step(r, 1));
	expect(r, "contents", "expected: byte 0 (zero) at offset 0x110");
}

/* An access to memory the shadow says is not allocated. */
static void access_outside_allocation(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	shadow_set(&r->shadow, PFN_PHYS(slot_pfn(r, 0)) + PAGE_SIZE + 0x20, 8, SHADOW_FREE);
	CHECK(!harness_step(r, 1));
	expect(r, "shadow", "write of 64 bytes at offset 0x1010 of p0 touches memory that is free");
}

/* A report the model did not expect. */
static void unexpected_report(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	__free_pages(NULL, 0);
	CHECK(!harness_step(r, 1));
	expect(r, "unexpected-report", "made a bad-arg report the model did not expect");
	CHECK_HAS(harness_verdict(r), "last mm report:");
}

/* The allocator's own checker finds damage. */
static void allocator_inconsistent(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	machine.node_data[0].node_zones[ZONE_DMA].free_pages++;
	CHECK(!harness_step(r, 1));
	expect(r, "consistency", "page_alloc_is_valid() failed");
	CHECK_HAS(harness_verdict(r), "BUG: buddy allocator inconsistent");
}

/* A page that went missing is seen after the op, not just at the end. */
static void leak_between_ops(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	sneak_alloc(GFP_KERNEL, 1);
	CHECK(!harness_step(r, 1));
	expect(r, "accounting", "pages are missing (a leak)");
}

/* A live block freed behind the model's back: it is counted twice. */
static void free_absorbed(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	__free_pages(pfn_to_page(slot_pfn(r, 0)), 2);
	CHECK(!harness_step(r, 1));
	expect(r, "accounting", "counted twice");
}

/* A page leaked at the very end is named in the leak report. */
static void leak_at_end(void)
{
	struct run *r = start(ONE_BLOCK, 3);
	unsigned long pfn = sneak_alloc(GFP_KERNEL, 2);
	char want[64];

	CHECK(!harness_end(r));
	snprintf(want, sizeof(want), "leaked: pfn %#lx order 2 refcount 1", pfn);
	expect(r, "leak", "4 pages never came back");
	CHECK_HAS(harness_verdict(r), want);
	CHECK_HAS(harness_verdict(r), "at the end of the program");
}

static void no_report(void *arg)
{
}

static void wrong_report(void *arg)
{
	__free_pages(NULL, 0);
}

static void report_and_leak(void *arg)
{
	report_begin(REPORT_DOUBLE_FREE, "BUG: Bad page state: pretend double free");
	report_end();
	alloc_pages(GFP_KERNEL, 0);
}

/* A bad free that is absorbed silently, misreported, or not refused. */
static void misuse_not_reported(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	model_misuse(r, REPORT_DOUBLE_FREE, no_report, NULL);
	expect(r, "misuse-report", "found: no report at all");
}

static void misuse_misreported(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	model_misuse(r, REPORT_DOUBLE_FREE, wrong_report, NULL);
	expect(r, "misuse-report", "found: 1 bad-arg report(s)");
}

static void misuse_not_refused(void)
{
	struct run *r = start(ONE_BLOCK, 1);

	model_misuse(r, REPORT_DOUBLE_FREE, report_and_leak, NULL);
	expect(r, "misuse-state", "a refused free changed");
}

/* A direct map that maps a block's address to another frame. */
static void direct_map_wrong_frame(void)
{
	struct run *r = start(ONE_BLOCK, 0);
	unsigned long pfn = sneak_alloc(GFP_KERNEL, 0);
	unsigned long va = PAGE_OFFSET + (unsigned long)PFN_PHYS(pfn);
	enum pg_level level;
	pte_t *pte = lookup_address(va, &level);

	CHECK(pte != NULL);
	/* Point the leaf one large page (or one page) further. */
	pte->pte += (pteval_t)(level == PG_LEVEL_PTE ? PAGE_SIZE :
			       level == PG_LEVEL_PMD ? PMD_SIZE : PUD_SIZE);
	model_alloc(r, 0, pfn, 0, GFP_KERNEL, 0);
	expect(r, "direct-map", "the direct map does not map pfn");
}

#define ONE_AREA \
	"machine pc 64M nodes=1 cpus=1\n" \
	"p0 = vmalloc(order=2)\n" \
	"cpu(0)\n"

/* A vmalloc pte pointed at another frame: the walker must see it. */
static void vmalloc_pte_wrong_frame(void)
{
	struct run *r = start(ONE_AREA, 1);
	enum pg_level level;
	pte_t *pte = lookup_address(r->vm[0].va + PAGE_SIZE, &level);

	CHECK(pte != NULL);
	CHECK_EQ(level, PG_LEVEL_PTE);
	pte->pte += (pteval_t)PAGE_SIZE;
	CHECK(!harness_step(r, 1));
	expect(r, "vmalloc-map", "page 1 of vmalloc area p0");
}

/* vmalloc_to_page() must answer the frame the walker found at vmalloc() time. */
static void vmalloc_to_page_wrong_frame(void)
{
	struct run *r = start("machine pc 64M nodes=1 cpus=1\n"
			      "p0 = vmalloc(order=2)\n"
			      "vmalloc_to_page(p0, page=0x1)\n", 1);

	r->vm[0].pfn[1] += 1;
	CHECK(!harness_step(r, 1));
	expect(r, "vmalloc-to-page", "page 1 of p0");
}

/* A byte of an area's frame changed in RAM behind the program's back. */
static void vmalloc_contents_changed(void)
{
	struct run *r = start(ONE_AREA, 1);
	u8 b = 0;

	CHECK_EQ(ram_write(PFN_PHYS(r->vm[0].pfn[3]) + 5, &b, 1), 0);
	CHECK(!harness_step(r, 1));
	expect(r, "vmalloc-contents", "expected: byte");
}

/* An area presented as vzalloc()'s answer that is not zero. */
static void vzalloc_not_zeroed(void)
{
	struct run *r = start(ONE_AREA, 0);
	void *addr = vmalloc(2 * PAGE_SIZE);

	CHECK(addr != NULL);
	memset(addr, 0xa5, 2 * PAGE_SIZE);
	r->op_idx = 0;
	run_op_begin(r);
	vm_model_alloc(r, 0, addr, 1, GFP_KERNEL, true);
	expect(r, "zero", "vzalloc() area p0 has 0xa5 at offset 0");
}

/* Point the kernel pte mapping @addr at the next frame, behind the model's back. */
static void pte_point_at_next_frame(const void *addr)
{
	enum pg_level level;
	pte_t *pte = lookup_address(host_to_kva(addr), &level);

	CHECK(pte != NULL);
	pte->pte += (pteval_t)PAGE_SIZE;
}

/*
 * A kmap_local fixmap pte pointed at another frame (i386: a highmem page;
 * on x86-64 every page is lowmem and there is no mapping to break).
 */
static void kmap_local_wrong_frame(void)
{
	struct run *r = start("machine pc 1G nodes=1 cpus=1\n"
			      "p0 = alloc_pages(GFP_HIGHUSER, order=0, node=0)\n"
			      "kmap_local_page(p0)\n"
			      "cpu(0)\n", 2);

	if (!r->kl_depth[0]) {
		CHECK(page_address(pfn_to_page(slot_pfn(r, 0))) != NULL);
		harness_finish(r);
		return;
	}
	pte_point_at_next_frame(r->kl[0][0].addr);
	CHECK(!harness_step(r, 2));
	expect(r, "kmap-map", "kmap_local of p0 on CPU 0");
}

/* A held kmap()'s PKMAP entry pointing at the wrong frame (i386). */
static void kmap_wrong_frame(void)
{
	struct run *r = start("machine pc 1G nodes=1 cpus=1\n"
			      "p0 = alloc_pages(GFP_HIGHUSER, order=0, node=0)\n"
			      "kmap(p0)\n"
			      "cpu(0)\n", 2);

	if (!r->nr_km) {
		CHECK(page_address(pfn_to_page(slot_pfn(r, 0))) != NULL);
		harness_finish(r);
		return;
	}
	CHECK_EQ(r->km[0].count, 1);
	pte_point_at_next_frame(r->km[0].addr);
	CHECK(!harness_step(r, 2));
	expect(r, "kmap-map", "kmap() of pfn");
}

/* page_address() of a kmap()ed page must be its PKMAP address (i386). */
static void kmap_page_address_wrong(void)
{
	struct run *r = start("machine pc 1G nodes=1 cpus=1\n"
			      "p0 = alloc_pages(GFP_HIGHUSER, order=0, node=0)\n"
			      "kmap(p0)\n"
			      "page_address(p0)\n", 2);

	if (!r->nr_km) {
		harness_finish(r);
		return;
	}
	r->km[0].addr = (u8 *)r->km[0].addr + PAGE_SIZE;
	CHECK(!harness_step(r, 2));
	CHECK(r->failed);
	harness_finish(r);
}

static void foreign_pointers(void)
{
	struct run *r = start(ONE_BLOCK, 0);
	struct page fake;
	int on_stack;

	CHECK_EQ(model_page_pfn(r, &fake), -1UL);
	expect(r, "bad-pointer", "not a struct page of this machine");
	r = start(ONE_BLOCK, 0);
	CHECK_EQ(model_addr_pfn(r, (unsigned long)&on_stack), -1UL);
	expect(r, "bad-pointer", "not a page of the direct map");
}

/* The boot checks: free pages must equal managed ones. */
static void boot_counters(void)
{
	struct run *r = start(ONE_BLOCK, 0);

	sneak_alloc(GFP_KERNEL, 0);
	CHECK(!oracle_boot(r));
	expect(r, "boot", "free pages of");
}

/* A report made while booting is a violation at boot. */
static void report_at_boot(void)
{
	struct run *r = start(ONE_BLOCK, 0);

	report_begin(REPORT_BAD_ARG, "pretend boot complaint");
	report_end();
	CHECK(!oracle_boot(r));
	expect(r, "unexpected-report", "at boot");
}

/* The report names arch VAs and pfns only, and is the same every time. */
static void verdict_is_deterministic(void)
{
	char first[4096];
	struct run *r;

	for (int i = 0; i < 2; i++) {
		r = start(ONE_BLOCK, 2);
		ram_write(PFN_PHYS(slot_pfn(r, 0)) + 0x1011, "\x00", 1);
		CHECK(!harness_step(r, 2));
		if (i == 0)
			snprintf(first, sizeof(first), "%s", harness_verdict(r));
		else
			CHECK_STREQ(first, harness_verdict(r));
		harness_finish(r);
	}
	{
		char want[128];

		snprintf(want, sizeof(want),
			 "mmfuzz: oracle violation [contents] at op 2 (arch %s)\n"
			 "  op 2: cpu(1)\n", ARCH_NAME);
		CHECK(!strncmp(first, want, strlen(want)));
	}
	CHECK_HAS(first, "  machine: machine pc 64M nodes=1 cpus=2\n");
	CHECK(!strstr(first, "0x7f"));	/* no host address */
}

/* ---- the slab layer's checks ---- */

#define ONE_OBJECT \
	"machine pc 64M nodes=1 cpus=1\n" \
	"p0 = kmalloc(64, GFP_KERNEL)\n" \
	"kmem_write(p0, seed=0x21)\n" \
	"p1 = kmalloc(64, GFP_KERNEL)\n" \
	"kmem_check(p0)\n"

/* A byte of a live object changed behind the model's back. */
static void slab_object_corrupted(void)
{
	struct run *r = start(ONE_OBJECT, 2);

	CHECK_EQ(r->slot[0].kind, RT_KMALLOC);
	((u8 *)r->slot[0].slab.ptr)[17] ^= 0xff;
	CHECK(!harness_step(r, 2));
	expect(r, "contents", "p0: byte 17 of the object at");
}

#define BIG_OBJECT \
	"machine pc 64M nodes=1 cpus=2\n" \
	"p0 = kmalloc(32000, GFP_KERNEL)\n" \
	"kmem_write(p0, seed=0x21)\n" \
	"cpu(1)\n" \
	"cpu(0)\n" \
	"kfree(p0)\n"

/* After every op a big object's first and last page are checked. */
static void big_object_tail_corrupted(void)
{
	struct run *r = start(BIG_OBJECT, 2);

	((u8 *)r->slot[0].slab.ptr)[31999] ^= 0xff;
	CHECK(!harness_step(r, 2));
	expect(r, "contents", "p0: byte 31999 of the object at");
}

/*
 * A byte in the middle may fall outside the window an op looks at (ops 2
 * and 3 look at bytes 8192..16383), but never gets past kfree().
 */
static void big_object_middle_corrupted(void)
{
	struct run *r = start(BIG_OBJECT, 2);
	unsigned int i = 2;

	((u8 *)r->slot[0].slab.ptr)[20000] ^= 0xff;
	while (i <= 4 && harness_step(r, i))
		i++;
	CHECK(i <= 4);
	expect(r, "contents", "p0: byte 20000 of the object at");
}

/* The object freed behind the model's back: kmalloc hands it out again. */
static void slab_object_overlap(void)
{
	struct run *r = start(ONE_OBJECT, 2);

	kfree(r->slot[0].slab.ptr);
	CHECK(!harness_step(r, 2));
	expect(r, "overlap", "kmalloc(64): object at");
}

/* An object nobody frees: its slab outlives the end, a leak. */
static void slab_leak_at_end(void)
{
	struct run *r = start(ONE_OBJECT, 4);

	CHECK(kmalloc(3000, GFP_KERNEL) != NULL);
	CHECK(!harness_end(r));
	expect(r, "leak", "pages never came back");
	CHECK_HAS(harness_verdict(r), "at the end of the program");
}

/*
 * Slab pages are counted exactly: the one slab of p0 and p1 is in the sum,
 * and a page taken behind the model's back still shows as missing.
 */
static void slab_page_unaccounted(void)
{
	struct run *r = start(ONE_OBJECT, 2);

	CHECK(alloc_pages(GFP_KERNEL, 0) != NULL);
	CHECK(!harness_step(r, 2));
	expect(r, "accounting", "+ 1 slab");
}

/*
 * The slab-page count is the oracle's own, read from the struct pages: a
 * zone->slab_pages that drifts is caught at the end.  On 4 GiB most struct
 * pages are stepped over unread (never grown), and the one slab is still
 * found among the rest.
 */
static void slab_pages_counter_drifts(void)
{
	struct run *r = start("machine pc 4G nodes=1 cpus=1\n"
			      "p0 = kmalloc(64, GFP_KERNEL)\n"
			      "kmem_write(p0, seed=0x21)\n", 2);
	struct zone *zone = page_zone(virt_to_page(r->slot[0].slab.ptr));
	unsigned long had = zone->slab_pages;
	char says[64], counted[64];

	CHECK(had > 0);
	zone->slab_pages++;
	snprintf(says, sizeof(says), "slab_pages says %lu", had + 1);
	snprintf(counted, sizeof(counted), "counted: %lu pages", had);
	CHECK(!harness_end(r));
	CHECK_HAS(harness_verdict(r), counted);
	zone->slab_pages--;
	expect(r, "slab-pages", says);
}

#define ONE_PROCESS \
	"machine pc 64M nodes=1 cpus=1\n" \
	"sys_brk(brk + 8192)\n" \
	"user_write(0x8100000, len=64, seed=0x21)\n" \
	"user_touch(0x8101000)\n" \
	"sys_brk(brk + 4096)\n"

/* A user byte changed behind the model's back: the walk reads it in RAM. */
static void user_page_corrupted(void)
{
	struct run *r = start(ONE_PROCESS, 2);

	CHECK(user_write(r->proc.mm, 0x8100010, "!", 1) == 0);
	CHECK(!harness_step(r, 2));
	expect(r, "user-contents", "user byte at 0x8100010 (pfn");
}

/* A present user page where the model maps nothing. */
static void user_page_outside_the_model(void)
{
	struct run *r = start(ONE_PROCESS, 2);

	CHECK(vm_brk_flags(r->proc.mm, 0x810e000, PAGE_SIZE, VM_READ | VM_WRITE) == 0);
	CHECK(user_write(r->proc.mm, 0x810e000, "!", 1) == 0);
	CHECK(!harness_step(r, 2));
	expect(r, "user-map", "user page 0x810e000 is present, but no mapping");
}

/* Drop the pte of user page @va without freeing the page. */
static void drop_user_pte(struct run *r, unsigned long va)
{
	pte_t *pte = user_pte_lookup(r->proc.mm->pgd, va);

	CHECK(pte != NULL);
	*pte = (pte_t){ 0 };
	r->proc.mm->rss--;
}

/* A zero user page lost that way: leaked, and the accounting says so. */
static void user_page_leaked(void)
{
	struct run *r = start(ONE_PROCESS, 3);

	drop_user_pte(r, 0x8101000);
	CHECK(!harness_step(r, 3));
	expect(r, "accounting", "pages are missing (a leak)");
}

/* A written user page lost that way: its bytes are gone. */
static void user_page_dropped(void)
{
	struct run *r = start(ONE_PROCESS, 3);

	drop_user_pte(r, 0x8100000);
	CHECK(!harness_step(r, 3));
	expect(r, "user-map", "user page 0x8100000 holds written bytes but is not present");
}

/* sys_brk() refusing what the model says it allows. */
static void brk_refused(void)
{
	struct run *r = start(ONE_PROCESS, 3);

	r->proc.mm->rlimit_data = 0;
	CHECK(!harness_step(r, 3));
	expect(r, "brk", "sys_brk(0x8103000) returned 0x8102000");
}

/* A heap page unmapped behind the model's back: the touch segfaults. */
static void unexpected_segv(void)
{
	struct run *r = start(ONE_PROCESS, 2);

	CHECK(do_munmap(r->proc.mm, 0x8101000, PAGE_SIZE) == 0);
	CHECK(!harness_step(r, 2));
	expect(r, "user-access", "user read at 0x8101000 in the heap returned -14");
}

#define USERCOPY_CACHE \
	"machine pc 64M nodes=1 cpus=1\n" \
	"sys_brk(brk + 4096)\n" \
	"p0 = kmem_cache_create_usercopy(64, flags=0, useroffset=8, usersize=16)\n" \
	"p1 = kmem_cache_alloc(p0, GFP_KERNEL)\n" \
	"copy_to_user(0x8100000, p1, off=8, len=16)\n" \
	"copy_from_user(p1, 0x8100000, off=8, len=16)\n"

/* The model's window narrower than the cache's: the allowed copy "is not refused". */
static void usercopy_not_refused(void)
{
	struct run *r = start(USERCOPY_CACHE, 3);

	r->slot[0].slab.usersize = 8;
	CHECK(!harness_step(r, 3));
	expect(r, "misuse-report", "exactly once as usercopy-slab");
}

/* The model's window wider than the cache's: mm refuses, the model expected bytes. */
static void usercopy_refused(void)
{
	struct run *r = start(USERCOPY_CACHE "copy_to_user(0x8100000, p1, off=0, len=16)\n", 5);

	r->slot[0].slab.useroffset = 0;
	r->slot[0].slab.usersize = 64;
	CHECK(!harness_step(r, 5));
	expect(r, "usercopy", "copy_to_user of 16 bytes left 16 uncopied");
}

/* The user bytes the model holds differ from what copy_from_user() brings. */
static void usercopy_wrong_bytes(void)
{
	struct run *r = start(USERCOPY_CACHE, 4);

	r->proc.bytes[0x1000 + 3] ^= 0xff;
	CHECK(!harness_step(r, 4));
	expect(r, "usercopy", "copy_from_user: the kernel bytes are not the user's");
}

static void abort_in_child(void *arg)
{
	struct run *r = start(ONE_BLOCK, 2);

	ram_write(PFN_PHYS(slot_pfn(r, 0)) + 0x1040, "\x00", 1);
	harness_step(r, 2);
	harness_abort(harness_verdict(r));
}

/* What a fuzzing engine sees: SIGABRT, and the report on stderr. */
#define ONE_POOL_BLOCK \
	"machine pc 64M nodes=1 cpus=1\n" \
	"p0 = dma_pool_create(dev32, 64, align=64, boundary=0)\n" \
	"p1 = dma_pool_alloc(p0, GFP_KERNEL)\n" \
	"p2 = dma_pool_alloc(p0, GFP_KERNEL)\n"

/* A byte of a live pool block changed behind the program's back. */
static void dma_pool_block_corrupted(void)
{
	struct run *r = start(ONE_POOL_BLOCK, 2);

	CHECK_EQ(r->slot[1].kind, RT_DMA_BLOCK);
	((u8 *)r->slot[1].dma.cpu)[3] ^= 0xff;
	CHECK(!oracle_after_op(r));
	expect(r, "contents", "live p1");
}

/* The next block of the pool is someone else's: the pool hands it out. */
static void dma_pool_block_overlap(void)
{
	struct run *r = start(ONE_POOL_BLOCK, 2);

	shadow_set(&r->shadow, r->slot[1].dma.handle + 64, 64, SHADOW_ALLOCATED);
	CHECK(!harness_step(r, 2));
	expect(r, "overlap", "pool block");
}

#define ODD_POOL_BLOCKS \
	"machine pc 64M nodes=1 cpus=1\n" \
	"p0 = dma_pool_create(dev32, 395, align=0, boundary=0)\n" \
	"p1 = dma_pool_alloc(p0, GFP_KERNEL)\n" \
	"p2 = dma_pool_alloc(p0, GFP_KERNEL)\n"

/*
 * Blocks of 395 bytes, aligned to nothing, share a shadow granule with
 * their neighbours: the byte-exact check still sees one byte of overlap.
 */
static void dma_pool_odd_block_overlap(void)
{
	struct run *r = start(ODD_POOL_BLOCKS, 2);

	CHECK(r->slot[1].dma.handle % SHADOW_GRANULE == 0);
	r->slot[1].dma.size++;
	CHECK(!harness_step(r, 2));
	expect(r, "overlap", "overlaps live block p1");
}

/* A coherent buffer nobody told the model about survives the end. */
static void dma_coherent_leak_at_end(void)
{
	struct run *r = start(ONE_POOL_BLOCK, 3);
	struct device dev;
	dma_addr_t dma;

	device_initialize(&dev, "sneaky");
	CHECK(dma_alloc_coherent(&dev, PAGE_SIZE, &dma, GFP_KERNEL) != NULL);
	CHECK(!oracle_end(r));
	expect(r, "dma-leak", "1 coherent buffers and 0 pools left");
}

static void violation_aborts(void)
{
	char out[8192], want[128];
	int status = run_in_child(abort_in_child, NULL, out, sizeof(out));

	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	snprintf(want, sizeof(want), "mmfuzz: oracle violation [contents] at op 2 (arch %s)\n",
		 ARCH_NAME);
	CHECK(!strncmp(out, want, strlen(want)));
}

/* ---- context, scopes, balloon ---- */

/* The kernel's preempt_count moved without an op: the context check sees it. */
static void context_changed_behind_the_model(void)
{
	struct run *r = start("machine pc 64M nodes=1 cpus=2\n"
			      "preempt_disable()\n"
			      "p0 = alloc_pages(GFP_ATOMIC, order=0, node=0)\n", 1);

	preempt_disable();
	CHECK(!harness_step(r, 1));
	expect(r, "context", "expected: preempt_count 0x1, irqs_disabled 0, task flags 0");
}

#define KMAP_ATOMIC_PROG \
	"machine pc 1G nodes=1 cpus=2\n" \
	"p0 = alloc_pages(GFP_HIGHUSER, order=0, node=0)\n" \
	"kmap_atomic(p0)\n" \
	"p1 = alloc_pages(GFP_ATOMIC, order=0, node=0)\n" \
	"kunmap_atomic(p0)\n"

/* kmap_atomic() that did not raise preempt_count: the context check sees it. */
static void kmap_atomic_preempt_count_disagrees(void)
{
	struct run *r = start(KMAP_ATOMIC_PROG, 2);

	CHECK_EQ(r->ctx.preempt, PREEMPT_OFFSET);
	preempt_enable();
	CHECK(!harness_step(r, 2));
	preempt_disable();	/* as it was, for the unwind */
	expect(r, "context", "expected: preempt_count 0x1, irqs_disabled 0, task flags 0, pagefault_disabled 1");
}

/* kmap_atomic() that did not disable page faults: the context check sees it. */
static void kmap_atomic_pagefault_count_disagrees(void)
{
	struct run *r = start(KMAP_ATOMIC_PROG, 2);

	CHECK_EQ(r->ctx.pf_off, 1);
	pagefault_enable();
	CHECK(!harness_step(r, 2));
	pagefault_disable();
	expect(r, "context", "found: preempt_count 0x1, irqs_disabled 0, task flags 0, pagefault_disabled 0");
}

/* kunmap_atomic() that left page faults disabled behind it. */
static void kunmap_atomic_leaves_pagefaults_off(void)
{
	struct run *r = start(KMAP_ATOMIC_PROG, 3);

	pagefault_disable();
	CHECK(!harness_step(r, 3));
	pagefault_enable();
	expect(r, "context", "expected: preempt_count 0, irqs_disabled 0, task flags 0, pagefault_disabled 0");
}

/*
 * A kmap_atomic fixmap pte pointed at another frame (i386; on x86-64 the
 * page is lowmem and nothing is mapped).
 */
static void kmap_atomic_wrong_frame(void)
{
	struct run *r = start(KMAP_ATOMIC_PROG, 2);

	if (!r->kl_depth[0]) {
		CHECK(!ARCH_HAS_HIGHMEM);
		harness_finish(r);
		return;
	}
	CHECK(r->kl[0][0].atomic);
	pte_point_at_next_frame(r->kl[0][0].addr);
	CHECK(!harness_step(r, 2));
	expect(r, "kmap-map", "kmap_atomic of p0 on CPU 0");
}

/* GFP_KERNEL under kmap_atomic() with no might_sleep() report: caught. */
static void no_sleep_report_under_kmap_atomic(void)
{
	struct run *r = start("machine pc 1G nodes=1 cpus=2\n"
			      "p0 = alloc_pages(GFP_HIGHUSER, order=0, node=0)\n"
			      "kmap_atomic(p0)\n"
			      "p1 = alloc_pages(GFP_KERNEL, order=0, node=0)\n", 2);

	/* Atomic by preempt_count only while the model believes it is. */
	preempt_enable();
	CHECK(!harness_step(r, 2));
	preempt_disable();
	expect(r, "sleep-in-atomic", "made no might_sleep() report");
}

/* A user copy under kmap_atomic() that faulted a page in: caught. */
static void user_copy_faults_under_kmap_atomic(void)
{
	struct run *r = start("machine pc 1G nodes=1 cpus=1\n"
			      "sys_brk(brk + 8192)\n"
			      "p0 = kzalloc(256, GFP_KERNEL)\n"
			      "p1 = alloc_pages(GFP_HIGHUSER, order=0, node=0)\n"
			      "kmap_atomic(p1)\n"
			      "copy_to_user(0x8100000, p0, off=0, len=256)\n"
			      "kunmap_atomic(p1)\n", 4);

	/* The kernel is told faults are on and preemption on; the model is not. */
	pagefault_enable();
	preempt_enable();
	CHECK(!harness_step(r, 4));
	pagefault_disable();
	preempt_disable();
	expect(r, "usercopy", "copy_to_user of 256 bytes left 0 uncopied");
}

/* A might_sleep() report where the model knows the context is not atomic. */
static void sleep_report_outside_atomic(void)
{
	struct run *r = start("machine pc 64M nodes=1 cpus=2\n"
			      "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\n", 0);

	preempt_disable();
	CHECK(!harness_step(r, 0));
	preempt_enable();
	expect(r, "sleep-in-atomic", "1 might_sleep() report(s) outside atomic context");
}

/* No report where one must come: GFP_KERNEL inside preempt_disable(). */
static void no_sleep_report_in_atomic(void)
{
	struct run *r = start("machine pc 64M nodes=1 cpus=2\n"
			      "preempt_disable()\n"
			      "p0 = alloc_pages(GFP_KERNEL, order=0, node=0)\n", 1);

	preempt_enable();
	CHECK(!harness_step(r, 1));
	expect(r, "sleep-in-atomic", "made no might_sleep() report");
}

/* The same for the slab allocator: its might_alloc() comes before any page. */
static void no_sleep_report_in_atomic_kmalloc(void)
{
	struct run *r = start("machine pc 64M nodes=1 cpus=2\n"
			      "preempt_disable()\n"
			      "p0 = kmalloc(64, GFP_KERNEL)\n", 1);

	preempt_enable();
	CHECK(!harness_step(r, 1));
	expect(r, "sleep-in-atomic", "kmalloc: an allocation that may sleep, in atomic context, made no might_sleep() report");
}

/* A might_sleep() report from an allocation that may not sleep. */
static void sleep_report_from_atomic_allocation(void)
{
	struct run *r = start("machine pc 64M nodes=1 cpus=2\n"
			      "preempt_disable()\n", 1);
	unsigned long pfn = sneak_alloc(GFP_ATOMIC, 0);

	run_op_begin(r);
	might_sleep();
	model_alloc(r, 0, pfn, 0, GFP_ATOMIC, 0);
	expect(r, "sleep-in-atomic", "an allocation that may not sleep made a might_sleep() report");
}

/* A CPU switch the model expects refused goes through. */
static void cpu_switch_while_atomic_allowed(void)
{
	struct run *r = start("machine pc 64M nodes=1 cpus=2\n"
			      "preempt_disable()\n"
			      "cpu(1)\n", 1);

	preempt_enable();
	CHECK(!harness_step(r, 1));
	expect(r, "misuse-report", "reported exactly once as bad-context");
}

/* Reclaim asks a shrinker that needs __GFP_FS inside a nofs scope. */
static void fs_shrinker_asked_in_nofs_scope(void)
{
	struct run *r = start("machine pc 64M nodes=1 cpus=2\n"
			      "memalloc_nofs_save()\n", 1);

	shrink_slab(GFP_KERNEL, 0, DEF_PRIORITY);
	expect(r, "gfp-scope", "needs __GFP_FS inside memalloc_nofs_save()");
}

/* The balloon gives back what the model never saw it take. */
static void balloon_pages_unaccounted(void)
{
	struct run *r = start("machine pc 64M nodes=1 cpus=2\n"
			      "balloon_leave(node=0, zone=DMA, left=100)\n"
			      "balloon_deflate(ULONG_MAX)\n", 1);

	balloon_deflate(ULONG_MAX);
	CHECK(!harness_step(r, 1));
	expect(r, "balloon", "gave back 0 pages, it took");
}

/* And a clean program does not abort. */
static void clean_program_runs(void *arg)
{
	char err[256];

	if (prog_parse(ONE_BLOCK, strlen(ONE_BLOCK), &prog, err, sizeof(err)))
		abort();
	harness_run_or_abort(&prog);
}

static void no_violation_no_abort(void)
{
	char out[1024];
	int status = run_in_child(clean_program_runs, NULL, out, sizeof(out));

	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_STREQ(out, "");
}

TEST_MAIN("oracle",
	TEST(overlap_with_live_block),
	TEST(overlap_with_page_table),
	TEST(misaligned_block),
	TEST(block_in_a_hole),
	TEST(dma_block_above_16m),
	TEST(highmem_block_for_lowmem_mask),
	TEST(thisnode_from_another_node),
	TEST(contradictory_mask_succeeds),
	TEST(refcount_of_new_block),
	TEST(zero_block_not_zeroed),
	TEST(highmem_zero_block_not_zeroed),
	TEST(live_pattern_corrupted),
	TEST(zeroed_block_dirtied),
	TEST(access_outside_allocation),
	TEST(unexpected_report),
	TEST(allocator_inconsistent),
	TEST(leak_between_ops),
	TEST(free_absorbed),
	TEST(leak_at_end),
	TEST(misuse_not_reported),
	TEST(misuse_misreported),
	TEST(misuse_not_refused),
	TEST(direct_map_wrong_frame),
	TEST(vmalloc_pte_wrong_frame),
	TEST(vmalloc_contents_changed),
	TEST(vmalloc_to_page_wrong_frame),
	TEST(vzalloc_not_zeroed),
	TEST(kmap_local_wrong_frame),
	TEST(kmap_wrong_frame),
	TEST(kmap_page_address_wrong),
	TEST(foreign_pointers),
	TEST(boot_counters),
	TEST(report_at_boot),
	TEST(verdict_is_deterministic),
	TEST(slab_object_corrupted),
	TEST(slab_object_overlap),
	TEST(slab_leak_at_end),
	TEST(slab_page_unaccounted),
	TEST(big_object_tail_corrupted),
	TEST(big_object_middle_corrupted),
	TEST(slab_pages_counter_drifts),
	TEST(context_changed_behind_the_model),
	TEST(kmap_atomic_preempt_count_disagrees),
	TEST(kmap_atomic_pagefault_count_disagrees),
	TEST(kunmap_atomic_leaves_pagefaults_off),
	TEST(kmap_atomic_wrong_frame),
	TEST(no_sleep_report_under_kmap_atomic),
	TEST(user_copy_faults_under_kmap_atomic),
	TEST(sleep_report_outside_atomic),
	TEST(no_sleep_report_in_atomic),
	TEST(no_sleep_report_in_atomic_kmalloc),
	TEST(sleep_report_from_atomic_allocation),
	TEST(cpu_switch_while_atomic_allowed),
	TEST(fs_shrinker_asked_in_nofs_scope),
	TEST(balloon_pages_unaccounted),
	TEST(user_page_corrupted),
	TEST(user_page_outside_the_model),
	TEST(user_page_leaked),
	TEST(user_page_dropped),
	TEST(brk_refused),
	TEST(unexpected_segv),
	TEST(usercopy_not_refused),
	TEST(usercopy_refused),
	TEST(usercopy_wrong_bytes),
	TEST(dma_pool_block_corrupted),
	TEST(dma_pool_block_overlap),
	TEST(dma_pool_odd_block_overlap),
	TEST(dma_coherent_leak_at_end),
	TEST(violation_aborts),
	TEST(no_violation_no_abort))
