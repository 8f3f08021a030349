// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of kmap_local: kmap_local_page() of a live block's first page,
 * kunmap_local() in stack order, and kunmap_local() out of order (misuse).
 * Of kmap_atomic(): kmap_atomic()/kunmap_atomic() in the same per-CPU
 * stack (mm/highmem.c shares the slots), each a context frame as well
 * (ops_context.c): preemption and page faults off until kunmap_atomic(),
 * which the program may only name for the innermost frame.
 * And of kmap(): kmap()/kunmap() of a block's first page (PKMAP, counted
 * references), kunmap() of a highmem page with none (misuse), and
 * page_address() of any block.
 *
 * A lowmem page needs no mapping: the call must return page_address() and
 * the model keeps nothing.  A highmem page (i386 only) gets the current
 * CPU's next fixmap slot; the model keeps a per-CPU stack of them and,
 * after every op, checks with the harness's own walker that each slot's
 * address translates to the page's frame and that the head of the page
 * reads the same through the mapping and through ram_read().  After
 * kunmap_local() the address must translate to nothing.  A full stack
 * must be refused with one bad-kmap report.  The end of a program unmaps
 * every CPU's stack, top first, before the blocks are freed: first each
 * kmap_atomic() frame as the context frames close (with the kmap_local
 * mappings above it), then what is left.
 *
 * kunmap_atomic() of a frame with kmap_local mappings still above it on
 * the stack is out of order: mm must report it (bad-kmap) and leave the
 * CPU atomic; the harness then unmaps those above, top first, and makes
 * the call again, so that the frame closes as the program text says.
 * kunmap_local() never names a kmap_atomic() mapping (mm cannot tell the
 * two apart and would take it silently).
 *
 * kmap() of a highmem page gives a PKMAP address, the same one while any
 * reference is held, and page_address() gives it too; the model counts
 * references per pfn and checks every held one like a kmap_local slot.
 * After the last kunmap() the mapping may stay until the PKMAP slots wrap
 * (Linux's lazy flush), so page_address() of a highmem page without
 * references may be NULL or an address that still maps the page.
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
		oracle_fail(r, "kmap-map", "%s of p%d on CPU %u (VA %#lx) does not map its frame",
			    k->atomic ? "kmap_atomic" : "kmap_local", k->slot, cpu, va);
		oracle_detail(r, "expected: pfn %#lx", k->pfn);
		oracle_detail(r, "found: %s %#lx", pfn == -1UL ? "nothing" : "pfn", pfn);
		return false;
	}
	if (ram_read(PFN_PHYS(pfn), buf, KL_HEAD))
		return oracle_fail(r, "kmap-contents", "cannot read pfn %#lx", pfn);
	if (memcmp(buf, k->addr, KL_HEAD))
		return oracle_fail(r, "kmap-contents", "p%d read through %s VA %#lx differs from RAM at pfn %#lx",
				   k->slot, k->atomic ? "kmap_atomic" : "kmap_local", va, pfn);
	return true;
}

/* A kmap() address @addr of @pfn maps it, and reads as RAM does. */
__no_sanitize_coverage
static bool km_maps(struct run *r, const char *what, void *addr, unsigned long pfn)
{
	unsigned long va = host_to_kva(addr), found = -1UL;
	u8 buf[KL_HEAD];

	if (!pgwalk_translate(machine.swapper_pg_dir, va, &found) || found != pfn) {
		oracle_fail(r, "kmap-map", "%s of pfn %#lx (VA %#lx) does not map its frame",
			    what, pfn, va);
		oracle_detail(r, "found: %s %#lx", found == -1UL ? "nothing" : "pfn", found);
		return false;
	}
	if (ram_read(PFN_PHYS(pfn), buf, KL_HEAD))
		return oracle_fail(r, "kmap-contents", "cannot read pfn %#lx", pfn);
	if (memcmp(buf, addr, KL_HEAD))
		return oracle_fail(r, "kmap-contents", "pfn %#lx read through %s VA %#lx differs from RAM",
				   pfn, what, va);
	return true;
}

/* A held kmap(): mapped, and what page_address() says. */
static bool km_ok(struct run *r, const struct km_rt *k)
{
	void *pa = page_address(pfn_to_page(k->pfn));

	if (!km_maps(r, "kmap()", k->addr, k->pfn))
		return false;
	if (pa != k->addr)
		return oracle_fail(r, "kmap-address", "page_address() of kmap()ed pfn %#lx is not its PKMAP address %#lx",
				   k->pfn, host_to_kva(k->addr));
	return true;
}

bool kmap_model_check_all(struct run *r)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		for (unsigned int i = 0; i < r->kl_depth[cpu]; i++)
			if (!kl_ok(r, cpu, &r->kl[cpu][i]))
				return false;
	for (unsigned int i = 0; i < r->nr_km; i++)
		if (!km_ok(r, &r->km[i]))
			return false;
	return true;
}

/* kunmap_local() (or kunmap_atomic()) the top of the current CPU's stack; it must be gone. */
static bool kl_pop(struct run *r)
{
	unsigned int cpu = smp_processor_id();
	struct kl_rt *k = &r->kl[cpu][r->kl_depth[cpu] - 1];
	unsigned long va = host_to_kva(k->addr), pfn;

	if (!kl_ok(r, cpu, k))
		return false;
	if (k->atomic)
		kunmap_atomic(k->addr);
	else
		kunmap_local(k->addr);
	r->kl_depth[cpu]--;
	if (pgwalk_translate(machine.swapper_pg_dir, va, &pfn))
		return oracle_fail(r, "kmap-unmap", "VA %#lx still maps pfn %#lx after %s()",
				   va, pfn, k->atomic ? "kunmap_atomic" : "kunmap_local");
	return true;
}

static void call_kunmap_atomic(void *arg)
{
	kunmap_atomic(arg);
}

bool kmap_model_kunmap_atomic(struct run *r, void *addr, bool by_program)
{
	unsigned int cpu = smp_processor_id();
	unsigned int i = r->kl_depth[cpu];

	while (i-- > 0)
		if (r->kl[cpu][i].atomic && r->kl[cpu][i].addr == addr)
			break;
	if (i == -1u) {
		/* Lowmem: nothing was mapped; the call only enables again. */
		kunmap_atomic(addr);
		return true;
	}
	if (i + 1 < r->kl_depth[cpu]) {
		run_trace(r, "%u kmap_local mapping(s) above it", r->kl_depth[cpu] - i - 1);
		if (by_program)
			model_misuse(r, REPORT_BAD_KMAP, call_kunmap_atomic, addr);
		while (!r->failed && r->kl_depth[cpu] > i + 1)
			if (!kl_pop(r))
				return false;
	}
	return !r->failed && kl_pop(r);
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
	while (r->nr_km) {
		struct km_rt *k = &r->km[--r->nr_km];

		while (k->count--)
			kunmap(pfn_to_page(k->pfn));
	}
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
	*k = (struct kl_rt){ .slot = (int)op->val[0], .pfn = s->pfn, .addr = c.addr };
	run_trace(r, "CPU %u slot %u: VA %#lx", cpu, r->kl_depth[cpu] - 1,
		  host_to_kva(c.addr));
	kl_ok(r, cpu, k);
}

/*
 * kunmap_local(pN): the top one is a good unmap, one below it misuse.
 * kmap_atomic() mappings are not pN's kmap_local: kunmap_atomic() undoes them.
 */
static void exec_kunmap_local(struct run *r, const struct op *op)
{
	unsigned int cpu = smp_processor_id();
	int slot = (int)op->val[0];
	unsigned int d = r->kl_depth[cpu];
	struct kl_call c;

	if (d && r->kl[cpu][d - 1].slot == slot && !r->kl[cpu][d - 1].atomic) {
		kl_pop(r);
		return;
	}
	for (unsigned int i = d; i-- > 0;) {
		if (r->kl[cpu][i].slot != slot || r->kl[cpu][i].atomic)
			continue;
		run_trace(r, "out of order: p%d is slot %u of %u", slot, i, d);
		c.addr = r->kl[cpu][i].addr;
		model_misuse(r, REPORT_BAD_KMAP, call_kunmap_local, &c);
		return;
	}
	run_trace(r, "skipped: p%d has no kmap_local on CPU %u", slot, cpu);
}

/* ---- kmap_atomic, kunmap_atomic ------------------------------------------ */

static void call_kmap_atomic(void *arg)
{
	struct kl_call *c = arg;

	c->addr = kmap_atomic(c->page);
}

/*
 * kmap_atomic(pN): a frame always opens (the program's static view has
 * it); it holds the address to undo, or none when the slot is not a live
 * block at run time or the CPU's stack is full (refused, nothing changed).
 */
static void exec_kmap_atomic(struct run *r, const struct op *op)
{
	const struct slot_rt *s = model_live_slot(r, op->val[0]);
	unsigned int cpu = smp_processor_id();
	struct kl_call c;
	struct kl_rt *k;
	void *direct;

	if (!s) {
		context_model_kmap_atomic(r, NULL);
		return;
	}
	r->kl_used = true;
	c.page = pfn_to_page(s->pfn);
	direct = model_direct_address(s->pfn);
	if (!direct && (r->kl_depth[cpu] + 1 > FIX_KMAP_SLOTS ||
			r->kl_depth[cpu] + 1 > RUN_MAX_KMAP_LOCAL)) {
		run_trace(r, "CPU %u: every kmap_local slot is held", cpu);
		model_misuse(r, REPORT_BAD_KMAP, call_kmap_atomic, &c);
		context_model_kmap_atomic(r, NULL);
		return;
	}
	call_kmap_atomic(&c);
	context_model_kmap_atomic(r, c.addr);
	if (direct) {
		if (c.addr != direct)
			oracle_fail(r, "kmap-lowmem", "kmap_atomic() of lowmem pfn %#lx is not its direct-map address",
				    s->pfn);
		return;
	}
	if (!c.addr) {
		oracle_fail(r, "kmap-local", "kmap_atomic() of highmem pfn %#lx failed with a free slot",
			    s->pfn);
		return;
	}
	k = &r->kl[cpu][r->kl_depth[cpu]++];
	*k = (struct kl_rt){ .slot = (int)op->val[0], .pfn = s->pfn, .addr = c.addr,
			     .atomic = true };
	run_trace(r, "CPU %u slot %u: VA %#lx", cpu, r->kl_depth[cpu] - 1,
		  host_to_kva(c.addr));
	kl_ok(r, cpu, k);
}

/* ---- kmap, kunmap, page_address ---------------------------------------- */

static struct km_rt *km_find(struct run *r, unsigned long pfn)
{
	for (unsigned int i = 0; i < r->nr_km; i++)
		if (r->km[i].pfn == pfn)
			return &r->km[i];
	return NULL;
}

static void exec_kmap(struct run *r, const struct op *op)
{
	const struct slot_rt *s = model_live_slot(r, op->val[0]);
	struct km_rt *k;
	void *addr;

	if (!s)
		return;
	r->kl_used = true;
	k = km_find(r, s->pfn);
	if (!k && !model_direct_address(s->pfn) && r->nr_km == RUN_MAX_KMAP) {
		run_trace(r, "skipped: the model follows %d kmap()ed pages", RUN_MAX_KMAP);
		return;
	}
	addr = kmap(pfn_to_page(s->pfn));
	if (model_direct_address(s->pfn)) {
		if (addr != model_direct_address(s->pfn))
			oracle_fail(r, "kmap-lowmem", "kmap() of lowmem pfn %#lx is not its direct-map address",
				    s->pfn);
		kunmap(pfn_to_page(s->pfn));
		return;
	}
	if (!addr) {
		oracle_fail(r, "kmap", "kmap() of highmem pfn %#lx failed with PKMAP slots free",
			    s->pfn);
		return;
	}
	if (k && k->addr != addr) {
		oracle_fail(r, "kmap-address", "kmap() of pfn %#lx moved from VA %#lx to %#lx while held",
			    s->pfn, host_to_kva(k->addr), host_to_kva(addr));
		return;
	}
	if (!k) {
		k = &r->km[r->nr_km++];
		*k = (struct km_rt){ .pfn = s->pfn, .addr = addr };
	}
	k->count++;
	run_trace(r, "PKMAP VA %#lx, %u reference%s", host_to_kva(addr), k->count,
		  k->count == 1 ? "" : "s");
	km_ok(r, k);
}

static void call_kunmap(void *arg)
{
	kunmap(arg);
}

/* kunmap(pN): one reference dropped; of a highmem page with none, misuse. */
static void exec_kunmap(struct run *r, const struct op *op)
{
	const struct slot_rt *s = model_live_slot(r, op->val[0]);
	struct km_rt *k;

	if (!s)
		return;
	r->kl_used = true;
	if (model_direct_address(s->pfn)) {
		kunmap(pfn_to_page(s->pfn));	/* nothing to undo, nothing to say */
		return;
	}
	k = km_find(r, s->pfn);
	if (!k) {
		run_trace(r, "pfn %#lx holds no kmap()", s->pfn);
		model_misuse(r, REPORT_BAD_KMAP, call_kunmap, pfn_to_page(s->pfn));
		return;
	}
	kunmap(pfn_to_page(s->pfn));
	if (--k->count)
		return;
	*k = r->km[--r->nr_km];
}

/* page_address(pN): the direct map, the held PKMAP address, or NULL/a lingering one. */
static void exec_page_address(struct run *r, const struct op *op)
{
	const struct slot_rt *s = model_live_slot(r, op->val[0]);
	const struct km_rt *k;
	void *pa;

	if (!s)
		return;
	r->kl_used = true;
	pa = page_address(pfn_to_page(s->pfn));
	k = km_find(r, s->pfn);
	run_trace(r, "VA %#lx", pa ? host_to_kva(pa) : 0);
	if (k) {
		km_ok(r, k);
		return;
	}
	if (model_direct_address(s->pfn)) {
		if (pa != model_direct_address(s->pfn))
			oracle_fail(r, "kmap-address", "page_address() of lowmem pfn %#lx is not its direct-map address",
				    s->pfn);
	} else if (pa) {
		km_maps(r, "page_address()", pa, s->pfn);
	}
}

#define NO_REPORT	NR_REPORT_TYPES

const struct op_desc kmap_ops[] = {
	{ "kmap_local_page", 2, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kmap_local,
	  .layers = LAYER_HIGHMEM | LAYER_BUDDY },
	{ "kmap", 2, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kmap,
	  .layers = LAYER_HIGHMEM | LAYER_BUDDY },
	{ "kunmap", 2, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kunmap,
	  .layers = LAYER_HIGHMEM | LAYER_BUDDY },
	{ "page_address", 1, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_page_address,
	  .layers = LAYER_HIGHMEM | LAYER_BUDDY },
	{ "kunmap_local", 2, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kunmap_local },
	/*
	 * Frames: kunmap_atomic() names the innermost one's page and is
	 * offered only then.  No misuse twin: mm reports an out-of-order one
	 * only for a highmem mapping, and on a lowmem page it cannot tell.
	 */
	{ "kmap_atomic", 2, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .ctx_push = CTX_KMAP_ATOMIC,
	  .exec = exec_kmap_atomic, .layers = LAYER_HIGHMEM | LAYER_BUDDY },
	{ "kunmap_atomic", 2, 1, { { ARG_KMAP_ATOMIC, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .ctx_pop = CTX_KMAP_ATOMIC,
	  .exec = context_model_close },
};

const unsigned int nr_kmap_ops = ARRAY_SIZE(kmap_ops);
