// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of kvmalloc: kvmalloc(), kvzalloc(), kvmalloc_node() and kvfree().
 *
 * kvmalloc() returns kmalloc memory when kmalloc can give it, else (above
 * a page, for a mask that may sleep) vmalloc memory.  The model follows
 * whichever it got: a kmalloc object is a slab slot (ops_slab.c checks
 * its alignment, ksize, zeroing, overlap and contents), a vmalloc area a
 * vmalloc slot (ops_vmalloc.c walks its pages).  kvfree() frees either, and any vmalloc() area; of a page block
 * it is the "not a kmalloc allocation" misuse.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "fuzz/op_table.h"
#include "fuzz/ops.h"
#include "fuzz/run.h"

#define NO_REPORT	NR_REPORT_TYPES

static void kv_new(struct run *r, const struct op *op, const char *fn, void *p,
		   u32 size, gfp_t gfp)
{
	if (!p || !is_vmalloc_addr(p)) {
		/* kmalloc tried it with kmalloc_gfp_adjust()'s mask. */
		slab_model_kmalloc(r, op->slot, fn, p, size, kmalloc_gfp_adjust(gfp, size));
		return;
	}
	/* The kmalloc attempt failed; a vmalloc that succeeds says nothing. */
	slab_model_kmalloc_failed(r, fn, kmalloc_gfp_adjust(gfp, size));
	run_trace(r, "kmalloc failed: vmalloc memory");
	vm_model_alloc(r, op->slot, p, DIV_ROUND_UP(size, PAGE_SIZE), gfp, gfp & __GFP_ZERO);
}

static void exec_kvmalloc(struct run *r, const struct op *op)
{
	u32 size = (u32)op->val[0];
	gfp_t gfp = (gfp_t)op->val[1];

	kv_new(r, op, "kvmalloc", kvmalloc(size, gfp), size, gfp);
}

static void exec_kvzalloc(struct run *r, const struct op *op)
{
	u32 size = (u32)op->val[0];
	gfp_t gfp = (gfp_t)op->val[1];

	kv_new(r, op, "kvzalloc", kvzalloc(size, gfp), size, gfp | __GFP_ZERO);
}

static void exec_kvmalloc_node(struct run *r, const struct op *op)
{
	u32 size = (u32)op->val[0];
	gfp_t gfp = (gfp_t)op->val[1];

	kv_new(r, op, "kvmalloc_node", kvmalloc_node(size, gfp, (int)op->val[2]), size, gfp);
}

static void call_kvfree(void *arg)
{
	kvfree(arg);
}

static void exec_kvfree(struct run *r, const struct op *op)
{
	int slot = (int)op->val[0];
	const struct slot_rt *s = &r->slot[slot];

	if (r->vm[slot].state == RT_LIVE) {
		if (r->vm[slot].vmap) {
			run_trace(r, "skipped: p%d is a vmap() area: its pages are a block's", slot);
			return;
		}
		vm_model_free(r, slot, kvfree);
		return;
	}
	if (slab_model_object(r, slot)) {
		slab_model_free(r, slot, kvfree);
		return;
	}
	if (s->state == RT_LIVE && s->kind == RT_PAGES && page_address(pfn_to_page(s->pfn))) {
		run_trace(r, "p%d is a page block: not kmalloc memory", slot);
		model_misuse(r, REPORT_SLAB_BAD_FREE, call_kvfree, page_address(pfn_to_page(s->pfn)));
		return;
	}
	run_trace(r, "skipped: p%d is no live kvmalloc memory", slot);
}

const struct op_desc kvmalloc_ops[] = {
	{ "kvmalloc", 2, 2, { { ARG_SIZE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_kvmalloc },
	{ "kvzalloc", 1, 2, { { ARG_SIZE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_kvzalloc },
	{ "kvmalloc_node", 1, 3, { { ARG_SIZE, NULL }, { ARG_GFP, NULL }, { ARG_NODE, "node" } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_kvmalloc_node },
	/* Not in an interrupt: vfree() there defers the free (vfree_atomic()). */
	{ "kvfree", 2, 1, { { ARG_LIVE, NULL } },
	  .frees_slot = true, .order_val = -1, .expect = NO_REPORT,
	  .ctx_absent = CTX_BIT(CTX_HARDIRQ), .exec = exec_kvfree },
};

const unsigned int nr_kvmalloc_ops = ARRAY_SIZE(kvmalloc_ops);
