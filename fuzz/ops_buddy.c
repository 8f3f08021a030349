// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of the buddy allocator: alloc_pages() and friends, the frees, pattern
 * writes and checks of live blocks, CPU switches, per-CPU drains, and every
 * bad free the allocator must report and refuse.
 */
#include <linux/gfp.h>
#include <linux/mm.h>

#include "fuzz/op_table.h"
#include "fuzz/ops.h"
#include "fuzz/run.h"

/* ---- allocations ------------------------------------------------------------ */

static void exec_alloc_pages(struct run *r, const struct op *op)
{
	gfp_t gfp = (gfp_t)op->val[0];
	unsigned int order = (unsigned int)op->val[1];
	int nid = (int)op->val[2];
	struct page *page = alloc_pages_node(nid, gfp, order);

	model_alloc(r, op->slot, model_page_pfn(r, page), order, gfp, nid);
}

static void exec_get_free_pages(struct run *r, const struct op *op)
{
	gfp_t gfp = (gfp_t)op->val[0];
	unsigned int order = (unsigned int)op->val[1];
	unsigned long addr = __get_free_pages(gfp, order);

	/* The allocator sees the mask without __GFP_HIGHMEM: judge by that. */
	model_alloc(r, op->slot, model_addr_pfn(r, addr), order, gfp & ~__GFP_HIGHMEM, -1);
}

static void exec_get_zeroed_page(struct run *r, const struct op *op)
{
	gfp_t gfp = (gfp_t)op->val[0];
	unsigned long addr = get_zeroed_page(gfp);

	model_alloc(r, op->slot, model_addr_pfn(r, addr), 0,
		    (gfp | __GFP_ZERO) & ~__GFP_HIGHMEM, -1);
}

/* ---- frees ---------------------------------------------------------------------- */

static void exec_free_pages_page(struct run *r, const struct op *op)
{
	struct slot_rt *s = model_live_slot(r, op->val[0]);

	if (!s || !model_free_begin(r, s))
		return;
	__free_pages(pfn_to_page(s->pfn), s->order);
	model_free_end(r, s);
}

/* By address: a highmem block has none, so it is freed by page instead. */
static void exec_free_pages_addr(struct run *r, const struct op *op)
{
	struct slot_rt *s = model_live_slot(r, op->val[0]);

	if (!s || !model_free_begin(r, s))
		return;
	if (page_address(pfn_to_page(s->pfn))) {
		free_pages((unsigned long)page_address(pfn_to_page(s->pfn)), s->order);
	} else {
		run_trace(r, "highmem: freed with __free_pages()");
		__free_pages(pfn_to_page(s->pfn), s->order);
	}
	model_free_end(r, s);
}

/* ---- contents ------------------------------------------------------------------ */

static void exec_write(struct run *r, const struct op *op)
{
	struct slot_rt *s = model_live_slot(r, op->val[0]);

	if (s)
		model_write(r, s, (u32)op->val[1], (u32)op->val[2], (u8)op->val[3]);
}

static void exec_check(struct run *r, const struct op *op)
{
	struct slot_rt *s = model_live_slot(r, op->val[0]);

	if (s)
		model_check(r, s, (u32)op->val[1], (u32)op->val[2]);
}

/* ---- CPUs ------------------------------------------------------------------------ */

static void exec_cpu(struct run *r, const struct op *op)
{
	if (machine_set_cpu((unsigned int)op->val[0]) || smp_processor_id() != op->val[0])
		oracle_fail(r, "cpu", "machine_set_cpu(%lld) did not make it current",
			    (long long)op->val[0]);
}

static void exec_drain_local(struct run *r, const struct op *op)
{
	drain_local_pages(NULL);
}

static void exec_drain_all(struct run *r, const struct op *op)
{
	unsigned int cpu = smp_processor_id();

	drain_all_pages(NULL);
	if (smp_processor_id() != cpu)
		oracle_fail(r, "cpu", "drain_all_pages() left CPU %u current, not %u",
			    smp_processor_id(), cpu);
}

/* ---- misuse: each must be reported once and refused ------------------------------ */

struct bad_free {
	struct page	*page;
	unsigned int	order;
};

static void call_free_pages(void *arg)
{
	const struct bad_free *b = arg;

	__free_pages(b->page, b->order);
}

static void misuse_free(struct run *r, const struct op *op, unsigned long pfn,
			unsigned int order)
{
	/* pfn_to_page() beyond max_pfn is the foreign pointer under test. */
	struct bad_free b = { pfn_to_page(pfn), order };

	model_misuse(r, op_table[op->type]->expect, call_free_pages, &b);
}

/*
 * Is @pfn inside a block someone holds now?  Slab pages and page tables
 * are not in the shadow (only objects are), so a freed block's pfn may be
 * a slab's again while its first granule still reads free.
 */
static bool pfn_in_allocated_block(unsigned long pfn)
{
	for (unsigned int o = 0; o <= MAX_PAGE_ORDER; o++) {
		const struct page *head = pfn_to_page(pfn & ~((1UL << o) - 1));

		if (page_ref_count(head) > 0 && head->order >= o)
			return true;
	}
	return false;
}

static void exec_double_free(struct run *r, const struct op *op)
{
	const struct slot_rt *s = &r->slot[op->val[0]];

	if (s->state != RT_FREED || s->kind != RT_PAGES) {
		run_trace(r, "skipped: p%lld was never allocated", (long long)op->val[0]);
		return;
	}
	/* Reused by a live block since: that would be its free, not a double one. */
	if (shadow_get(&r->shadow, PFN_PHYS(s->pfn)) != SHADOW_FREE ||
	    pfn_in_allocated_block(s->pfn)) {
		run_trace(r, "skipped: pfn %#lx is in use again", s->pfn);
		return;
	}
	misuse_free(r, op, s->pfn, s->order);
}

static void exec_wrong_order(struct run *r, const struct op *op)
{
	const struct slot_rt *s = model_live_slot(r, op->val[0]);

	if (s)
		misuse_free(r, op, s->pfn, (unsigned int)op->val[1]);
}

static void exec_tail_free(struct run *r, const struct op *op)
{
	const struct slot_rt *s = model_live_slot(r, op->val[0]);

	if (s)
		misuse_free(r, op, s->pfn + (unsigned long)op->val[1],
			    (unsigned int)op->val[2]);
}

static void exec_reserved_free(struct run *r, const struct op *op)
{
	unsigned long pfn = r->pt_pfn[(unsigned long)op->val[0] % r->nr_pt];

	run_trace(r, "page-table pfn %#lx", pfn);
	misuse_free(r, op, pfn, (unsigned int)op->val[1]);
}

static void exec_bad_pfn_free(struct run *r, const struct op *op)
{
	misuse_free(r, op, (unsigned long)op->val[0], (unsigned int)op->val[1]);
}

/* ---- the table -------------------------------------------------------------------- */

#define NO_REPORT	NR_REPORT_TYPES

const struct op_desc buddy_ops[] = {
	{ "alloc_pages", 6, 3,
	  { { ARG_GFP, NULL }, { ARG_ORDER, "order" }, { ARG_NODE, "node" } },
	  .makes_slot = true, .order_val = 1, .expect = NO_REPORT,
	  .exec = exec_alloc_pages },
	{ "__get_free_pages", 2, 2, { { ARG_GFP, NULL }, { ARG_ORDER, "order" } },
	  .makes_slot = true, .order_val = 1, .expect = NO_REPORT,
	  .exec = exec_get_free_pages },
	{ "get_zeroed_page", 1, 1, { { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT,
	  .exec = exec_get_zeroed_page },
	{ "__free_pages", 5, 1, { { ARG_LIVE, NULL } },
	  .frees_slot = true, .order_val = -1, .expect = NO_REPORT,
	  .exec = exec_free_pages_page },
	{ "free_pages", 2, 1, { { ARG_LIVE, NULL } },
	  .frees_slot = true, .order_val = -1, .expect = NO_REPORT,
	  .exec = exec_free_pages_addr },
	{ "write", 3, 4,
	  { { ARG_LIVE, NULL }, { ARG_OFFSET, "off" }, { ARG_LEN, "len" },
	    { ARG_SEED, "seed" } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_write },
	{ "check", 2, 3,
	  { { ARG_LIVE, NULL }, { ARG_OFFSET, "off" }, { ARG_LEN, "len" } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_check },
	{ "cpu", 2, 1, { { ARG_CPU, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_cpu },
	{ "drain_local_pages", 1, 1, { { ARG_NULL, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_drain_local },
	{ "drain_all_pages", 1, 1, { { ARG_NULL, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_drain_all },
	/* Misuse.  __free_pages(pN) of a freed slot is a double free. */
	{ "__free_pages", 1, 1, { { ARG_FREED, NULL } },
	  .order_val = -1, .expect = REPORT_DOUBLE_FREE, .exec = exec_double_free },
	{ "__free_pages", 1, 2, { { ARG_LIVE, NULL }, { ARG_WRONG_ORDER, "order" } },
	  .order_val = -1, .expect = REPORT_BAD_ORDER, .exec = exec_wrong_order },
	{ "__free_pages", 1, 2, { { ARG_TAIL, NULL }, { ARG_ORDER, "order" } },
	  .order_val = -1, .expect = REPORT_TAIL_FREE, .exec = exec_tail_free },
	{ "__free_pages", 1, 2, { { ARG_RESERVED, NULL }, { ARG_ORDER, "order" } },
	  .order_val = -1, .expect = REPORT_RESERVED_FREE, .exec = exec_reserved_free },
	{ "__free_pages", 1, 2, { { ARG_BAD_PFN, NULL }, { ARG_ORDER, "order" } },
	  .order_val = -1, .expect = REPORT_BAD_PFN, .exec = exec_bad_pfn_free },
};

const unsigned int nr_buddy_ops = ARRAY_SIZE(buddy_ops);
