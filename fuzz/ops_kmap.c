// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of kmap_local: kmap_local_page() of a live block's first page,
 * kunmap_local() in stack order, and kunmap_local() out of order (misuse).
 *
 * A lowmem page needs no mapping: the call must return page_address() and
 * the model keeps nothing.  A highmem page (i386 only) gets the current
 * CPU's next fixmap slot; the model keeps a per-CPU stack of them and,
 * after every op, checks with the harness's own walker that each slot's
 * address translates to the page's frame and that the head of the page
 * reads the same through the mapping and through ram_read().  After
 * kunmap_local() the address must translate to nothing.  A full stack
 * must be refused with one bad-kmap report.  The end of a program unmaps
 * every CPU's stack, top first, before the blocks are freed.
 */
#include <string.h>

#include <linux/highmem.h>
#include <linux/machine.h>
#include <linux/mm.h>

#include "fuzz/compiler.h"
#include "fuzz/op_table.h"
#include "fuzz/ops.h"
#include "fuzz/pgwalk.h"
#include "fuzz/run.h"

#define KL_HEAD	16

__no_sanitize_coverage
static bool kl_ok(struct run *r, unsigned int cpu, const struct kl_rt *k)
{
	unsigned long va = host_to_kva(k->addr), pfn = -1UL;
	u8 buf[KL_HEAD];

	if (!pgwalk_translate(machine.swapper_pg_dir, va, &pfn) || pfn != k->pfn) {
		oracle_fail(r, "kmap-map", "kmap_local of p%d on CPU %u (VA %#lx) does not map its frame",
			    k->slot, cpu, va);
		oracle_detail(r, "expected: pfn %#lx", k->pfn);
		oracle_detail(r, "found: %s %#lx", pfn == -1UL ? "nothing" : "pfn", pfn);
		return false;
	}
	if (ram_read(PFN_PHYS(pfn), buf, KL_HEAD))
		return oracle_fail(r, "kmap-contents", "cannot read pfn %#lx", pfn);
	if (memcmp(buf, k->addr, KL_HEAD))
		return oracle_fail(r, "kmap-contents", "p%d read through kmap_local VA %#lx differs from RAM at pfn %#lx",
				   k->slot, va, pfn);
	return true;
}

bool kmap_model_check_all(struct run *r)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		for (unsigned int i = 0; i < r->kl_depth[cpu]; i++)
			if (!kl_ok(r, cpu, &r->kl[cpu][i]))
				return false;
	return true;
}

/* kunmap_local() the top of the current CPU's stack; it must be gone. */
static bool kl_pop(struct run *r)
{
	unsigned int cpu = smp_processor_id();
	struct kl_rt *k = &r->kl[cpu][r->kl_depth[cpu] - 1];
	unsigned long va = host_to_kva(k->addr), pfn;

	if (!kl_ok(r, cpu, k))
		return false;
	kunmap_local(k->addr);
	r->kl_depth[cpu]--;
	if (pgwalk_translate(machine.swapper_pg_dir, va, &pfn))
		return oracle_fail(r, "kmap-unmap", "VA %#lx still maps pfn %#lx after kunmap_local()",
				   va, pfn);
	return true;
}

bool kmap_model_unwind(struct run *r)
{
	unsigned int cur = smp_processor_id();

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!r->kl_depth[cpu])
			continue;
		if (machine_set_cpu(cpu))
			return oracle_fail(r, "cpu", "machine_set_cpu(%u) failed", cpu);
		while (r->kl_depth[cpu])
			if (!kl_pop(r))
				return false;
	}
	machine_set_cpu(cur);
	return true;
}

struct kl_call {
	struct page	*page;
	void		*addr;
};

static void call_kmap_local(void *arg)
{
	struct kl_call *c = arg;

	c->addr = kmap_local_page(c->page);
}

static void call_kunmap_local(void *arg)
{
	const struct kl_call *c = arg;

	kunmap_local(c->addr);
}

static void exec_kmap_local(struct run *r, const struct op *op)
{
	const struct slot_rt *s = model_live_slot(r, op->val[0]);
	unsigned int cpu = smp_processor_id();
	struct kl_call c;
	struct kl_rt *k;

	if (!s)
		return;
	c.page = pfn_to_page(s->pfn);
	r->kl_used = true;
	/* Lowmem: its page_address() is its direct-map address; nothing to map. */
	if (page_address(c.page) && s->pfn == PFN_DOWN(host_to_kva(page_address(c.page)) - PAGE_OFFSET)) {
		void *addr = kmap_local_page(c.page);

		if (addr != page_address(c.page))
			oracle_fail(r, "kmap-lowmem", "kmap_local_page() of lowmem pfn %#lx is not its direct-map address",
				    s->pfn);
		kunmap_local(addr);
		return;
	}
	if (r->kl_depth[cpu] + 1 > FIX_KMAP_SLOTS || r->kl_depth[cpu] + 1 > RUN_MAX_KMAP_LOCAL) {
		run_trace(r, "CPU %u: every kmap_local slot is held", cpu);
		model_misuse(r, REPORT_BAD_KMAP, call_kmap_local, &c);
		return;
	}
	call_kmap_local(&c);
	if (!c.addr) {
		oracle_fail(r, "kmap-local", "kmap_local_page() of highmem pfn %#lx failed with a free slot",
			    s->pfn);
		return;
	}
	k = &r->kl[cpu][r->kl_depth[cpu]++];
	k->slot = (int)op->val[0];
	k->pfn = s->pfn;
	k->addr = c.addr;
	run_trace(r, "CPU %u slot %u: VA %#lx", cpu, r->kl_depth[cpu] - 1,
		  host_to_kva(c.addr));
	kl_ok(r, cpu, k);
}

/* kunmap_local(pN): the top one is a good unmap, one below it misuse. */
static void exec_kunmap_local(struct run *r, const struct op *op)
{
	unsigned int cpu = smp_processor_id();
	int slot = (int)op->val[0];
	unsigned int d = r->kl_depth[cpu];
	struct kl_call c;

	if (d && r->kl[cpu][d - 1].slot == slot) {
		kl_pop(r);
		return;
	}
	for (unsigned int i = d; i-- > 0;) {
		if (r->kl[cpu][i].slot != slot)
			continue;
		run_trace(r, "out of order: p%d is slot %u of %u", slot, i, d);
		c.addr = r->kl[cpu][i].addr;
		model_misuse(r, REPORT_BAD_KMAP, call_kunmap_local, &c);
		return;
	}
	run_trace(r, "skipped: p%d has no kmap_local on CPU %u", slot, cpu);
}

#define NO_REPORT	NR_REPORT_TYPES

const struct op_desc kmap_ops[] = {
	{ "kmap_local_page", 2, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kmap_local,
	  .layers = LAYER_HIGHMEM | LAYER_BUDDY },
	{ "kunmap_local", 2, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kunmap_local },
};

const unsigned int nr_kmap_ops = ARRAY_SIZE(kmap_ops);
