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

static void call_free_pages_addr(void *arg)
{
	free_pages((unsigned long)arg, 0);
}

/*
 * By address: a highmem block has none, so it is freed by page instead.
 * free_pages() of a slab object's page (its slab's head, or its large
 * kmalloc) is the cross-layer misuse: the page is the slab layer's.
 */
static void exec_free_pages_addr(struct run *r, const struct op *op)
{
	void *obj = slab_model_object(r, op->val[0]);
	struct slot_rt *s;

	if (obj) {
		void *head = page_address(compound_head(virt_to_page(obj)));

		run_trace(r, "p%lld is a slab object: its page is the slab layer's",
			  (long long)op->val[0]);
		model_misuse(r, REPORT_OWNED_FREE, call_free_pages_addr, head);
		return;
	}
	s = model_live_slot(r, op->val[0]);
	if (!s || !model_free_begin(r, s))
		return;
	if (model_direct_address(s->pfn)) {
		free_pages((unsigned long)model_direct_address(s->pfn), s->order);
	} else {
		/* Not even while kmap() gives it a PKMAP address. */
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

static void call_set_cpu(void *arg)
{
	machine_set_cpu(*(const unsigned int *)arg);
}

/* A task cannot migrate while atomic: that switch is refused. */
static void exec_cpu(struct run *r, const struct op *op)
{
	unsigned int cpu = (unsigned int)op->val[0], was = smp_processor_id();

	if (cpu != was && context_model_atomic(r)) {
		model_misuse(r, REPORT_BAD_CONTEXT, call_set_cpu, &cpu);
		if (smp_processor_id() != was)
			oracle_fail(r, "cpu", "machine_set_cpu(%u) in atomic context left CPU %u current",
				    cpu, smp_processor_id());
		return;
	}
	if (machine_set_cpu(cpu) || smp_processor_id() != cpu)
		oracle_fail(r, "cpu", "machine_set_cpu(%u) did not make it current", cpu);
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

static void exec_double_free(struct run *r, const struct op *op)
{
	const struct slot_rt *s = &r->slot[op->val[0]];

	if (s->state != RT_FREED || s->kind != RT_PAGES) {
		run_trace(r, "skipped: p%lld was never allocated", (long long)op->val[0]);
		return;
	}
	/*
	 * Reused by a live block since: that would be its free, not a double
	 * one.  A slab's, a page table's or the balloon's page may hold no
	 * object the model knows of: whether any block holds the pfn says it
	 * is taken (which test to run, not what is true).
	 */
	if (shadow_get(&r->shadow, PFN_PHYS(s->pfn)) != SHADOW_FREE ||
	    alloc_block_head(pfn_to_page(s->pfn))) {
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
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_write, .layers = OP_COMMON },
	{ "check", 2, 3,
	  { { ARG_LIVE, NULL }, { ARG_OFFSET, "off" }, { ARG_LEN, "len" } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_check, .layers = OP_COMMON },
	{ "cpu", 2, 1, { { ARG_CPU, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_cpu, .layers = OP_COMMON },
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
