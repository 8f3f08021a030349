// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of vmalloc: vmalloc(), vzalloc(), __vmalloc(), vmalloc_node(),
 * vfree(), and the bad vfree()s it must report and refuse; and the model
 * of vmalloc areas the oracle checks after every op.
 *
 * An area is a slot like a buddy block, but its run-time state lives in
 * run->vm[], not run->slot[]: buddy ops handed a vmalloc slot find it
 * "never allocated" and skip.  The size is given as an order (2^order
 * pages), so the static slot context knows its pages for tail indices.
 *
 * What the model learns at vmalloc() time, by the harness's own walker
 * (pgwalk.c, raw entries by the arch's bit layout), is the frame of every
 * page; from then on it checks, after every op, that the pages still
 * translate to that frame (all of them for areas up to 18 pages, else the
 * first, the last and a window of 16 moving with the op index; all of
 * them at vfree() and at the end), that the guard page after the area is
 * unmapped, and that the head of every page (a pattern it wrote) reads the
 * same through the host pointer and through ram_read() of the walked
 * frame.  Every frame must have been free in the shadow (no overlap with a
 * buddy block, a page table or another area).  After vfree() no page of
 * the area may translate any more.
 *
 * Kernel page-table pages vmalloc() makes stay after vfree(), as in Linux:
 * vm_model_count_pt() finds them by walking from swapper_pg_dir (every
 * table not among the boot ones) and the accounting and end checks count
 * them per zone.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/machine.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "fuzz/compiler.h"
#include "fuzz/op_table.h"
#include "fuzz/ops.h"
#include "fuzz/pgwalk.h"
#include "fuzz/run.h"

/* Bytes of pattern at the head of every page of an area. */
#define VM_HEAD		16
/* Page-table pages the walker may find while vmalloc is in use. */
#define VM_MAX_PT	1024
/* Pages of a big area checked after every op besides its first and last. */
#define VM_WINDOW	16

static unsigned long vm_npages(const struct vm_rt *v)
{
	return v->npages;
}

static u8 vm_byte(const struct vm_rt *v, unsigned long off)
{
	return pattern_byte(v->seed, off);
}

void vm_model_release(struct run *r)
{
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		free(r->vm[i].pfn);
		r->vm[i].pfn = NULL;
	}
}

static bool pfn_is_boot_pt(const struct run *r, unsigned long pfn)
{
	for (unsigned long i = 0; i < r->nr_pt; i++)
		if (r->pt_pfn[i] == pfn)
			return true;
	return false;
}

__no_sanitize_coverage
bool vm_model_count_pt(struct run *r)
{
	static unsigned long pfns[VM_MAX_PT];
	long n = pgwalk_tables(machine.swapper_pg_dir, machine.max_pfn, pfns, VM_MAX_PT);

	r->vm_pt_dirty = false;
	if (n < 0)
		return oracle_fail(r, "vmalloc-pt", "the kernel page tables cannot be walked any more");
	memset(r->new_pt, 0, sizeof(r->new_pt));
	for (long i = 0; i < n; i++) {
		unsigned long pfn = pfns[i];
		enum shadow_state st;
		int nid, z;

		if (pfn_is_boot_pt(r, pfn))
			continue;
		if (!mt_pfn_is_ram(r->tmpl, pfn))
			return oracle_fail(r, "vmalloc-pt", "page-table page at pfn %#lx is not RAM", pfn);
		st = shadow_get(&r->shadow, PFN_PHYS(pfn));
		if (st == SHADOW_FREE) {
			shadow_set(&r->shadow, PFN_PHYS(pfn), PAGE_SIZE, SHADOW_RESERVED);
		} else if (st != SHADOW_RESERVED) {
			oracle_fail(r, "overlap", "a new kernel page-table page at pfn %#lx is %s",
				    pfn, shadow_state_name(st));
			return false;
		}
		model_zone_of(pfn, &nid, &z);
		r->new_pt[nid][z]++;
	}
	return true;
}

/* Page @i at its frame, its head equal both ways. */
__no_sanitize_coverage
static bool vm_page_ok(struct run *r, int slot, const struct vm_rt *v, unsigned long i)
{
	unsigned long pfn = -1UL;
	unsigned long va = v->va + i * PAGE_SIZE;
	const u8 *host = (const u8 *)v->addr + i * PAGE_SIZE;
	u8 buf[VM_HEAD];

	if (!pgwalk_translate(machine.swapper_pg_dir, va, &pfn) || pfn != v->pfn[i]) {
		oracle_fail(r, "vmalloc-map", "page %lu of vmalloc area p%d (VA %#lx) is not mapped to its frame",
			    i, slot, va);
		oracle_detail(r, "expected: pfn %#lx", v->pfn[i]);
		oracle_detail(r, "found: %s %#lx", pfn == -1UL ? "nothing" : "pfn",
			      pfn);
		return false;
	}
	if (ram_read(PFN_PHYS(pfn), buf, VM_HEAD))
		return oracle_fail(r, "vmalloc-contents", "cannot read pfn %#lx", pfn);
	for (unsigned int j = 0; j < VM_HEAD; j++) {
		u8 want = v->vmap ? buf[j] : vm_byte(v, i * PAGE_SIZE + j);

		if (host[j] == want && buf[j] == want)
			continue;
		oracle_fail(r, "vmalloc-contents", "p%d (vmalloc, VA %#lx) changed behind the program's back",
			    slot, va + j);
		oracle_detail(r, "expected: byte %#x at offset %#lx", want, i * PAGE_SIZE + j);
		oracle_detail(r, "found: %#x through the pointer, %#x in RAM at pfn %#lx",
			      host[j], buf[j], pfn);
		return false;
	}
	return true;
}

/*
 * The guard unmapped and pages at their frames, heads equal both ways:
 * every page when @full, else the first, the last and a window of
 * VM_WINDOW pages that moves with the op index (after every op, a program
 * filling RAM with big areas would otherwise walk every page every time).
 */
__no_sanitize_coverage
static bool vm_area_check(struct run *r, int slot, const struct vm_rt *v, bool full)
{
	unsigned long n = vm_npages(v), pfn = -1UL;

	if (full || n <= VM_WINDOW + 2) {
		for (unsigned long i = 0; i < n; i++)
			if (!vm_page_ok(r, slot, v, i))
				return false;
	} else {
		unsigned long w = ((unsigned long)r->op_idx * VM_WINDOW) % n;

		if (!vm_page_ok(r, slot, v, 0) || !vm_page_ok(r, slot, v, n - 1))
			return false;
		for (unsigned long i = 0; i < VM_WINDOW; i++)
			if (!vm_page_ok(r, slot, v, (w + i) % n))
				return false;
	}
	if (pgwalk_translate(machine.swapper_pg_dir, v->va + n * PAGE_SIZE, &pfn))
		return oracle_fail(r, "vmalloc-guard", "the guard page after p%d (VA %#lx) is mapped to pfn %#lx",
				   slot, v->va + n * PAGE_SIZE, pfn);
	return true;
}

bool vm_model_check_all(struct run *r)
{
	for (int i = 0; i < PROG_MAX_SLOTS; i++)
		if (r->vm[i].state == RT_LIVE && !vm_area_check(r, i, &r->vm[i], false))
			return false;
	return true;
}

/* A failed vmalloc may say why: page-allocation, OOM and injection reports. */
static void absorb_failure_reports(struct run *r)
{
	static const enum report_type ok[] = {
		REPORT_ALLOC_FAIL, REPORT_OOM, REPORT_FAULT_INJECTED, REPORT_BAD_ARG,
	};

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		run_reports_accounted(r, ok[i], report_count(ok[i]) - r->op_reports[ok[i]]);
}

/*
 * Check and record a new area; @map_pfns: the frames vmap() was given
 * (the area owns no pages, writes no pattern), NULL for vmalloc().
 */
__no_sanitize_coverage
static void vm_area_new(struct run *r, int slot, void *addr, unsigned long n,
			gfp_t gfp, bool zeroed, const unsigned long *map_pfns)
{
	struct vm_rt *v = &r->vm[slot];
	unsigned long va, end;

	r->vm_used = true;
	r->vm_pt_dirty = true;
	if (!addr) {
		run_trace(r, "NULL");
		absorb_failure_reports(r);
		return;
	}
	/* __GFP_NOFAIL got its pages past the OOM report, from the reserves. */
	if (gfp & __GFP_NOFAIL)
		run_reports_accounted(r, REPORT_OOM,
				      report_count(REPORT_OOM) - r->op_reports[REPORT_OOM]);
	va = host_to_kva(addr);
	end = va + (n + 1) * PAGE_SIZE;
	if (!is_vmalloc_addr(addr) || va < VMALLOC_START || end > VMALLOC_END ||
	    (va & ~PAGE_MASK)) {
		oracle_fail(r, "vmalloc-addr", "vmalloc() returned VA %#lx, not a page of the vmalloc area",
			    va);
		return;
	}
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		const struct vm_rt *o = &r->vm[i];

		if (o->state == RT_LIVE &&
		    va < o->va + (vm_npages(o) + 1) * PAGE_SIZE && o->va < end) {
			oracle_fail(r, "vmalloc-overlap", "the new area [%#lx, %#lx) with its guard overlaps p%d",
				    va, end, i);
			return;
		}
	}
	free(v->pfn);
	memset(v, 0, sizeof(*v));
	v->pfn = calloc(n, sizeof(*v->pfn));
	if (!v->pfn)
		abort();
	v->npages = n;
	v->va = va;
	v->addr = addr;
	v->seed = (u8)(slot * 0x3b + 1);
	v->zeroed = zeroed;
	v->vmap = map_pfns != NULL;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long pfn = -1UL;
		enum shadow_state st;
		int nid, z;

		if (!pgwalk_translate(machine.swapper_pg_dir, va + i * PAGE_SIZE, &pfn) ||
		    !mt_pfn_is_ram(r->tmpl, pfn)) {
			oracle_fail(r, "vmalloc-map", "page %lu of the new area (VA %#lx) is not mapped to RAM",
				    i, va + i * PAGE_SIZE);
			return;
		}
		if (map_pfns) {
			if (pfn != map_pfns[i]) {
				oracle_fail(r, "vmalloc-map", "page %lu of vmap() area p%d is pfn %#lx, not the page given",
					    i, slot, pfn);
				oracle_detail(r, "expected: pfn %#lx", map_pfns[i]);
				return;
			}
			v->pfn[i] = pfn;
			continue;
		}
		if ((gfp & __GFP_DMA) && PFN_PHYS(pfn) >= (16ULL << 20)) {
			oracle_fail(r, "zone", "__vmalloc(__GFP_DMA) mapped pfn %#lx, above 16 MiB", pfn);
			return;
		}
		st = shadow_get(&r->shadow, PFN_PHYS(pfn));
		if (st != SHADOW_FREE) {
			oracle_fail(r, "overlap", "page %lu of the new vmalloc area is pfn %#lx, which is %s",
				    i, pfn, shadow_state_name(st));
			return;
		}
		shadow_set(&r->shadow, PFN_PHYS(pfn), PAGE_SIZE, SHADOW_ALLOCATED);
		v->pfn[i] = pfn;
		model_zone_of(pfn, &nid, &z);
		r->vm_pages[nid][z]++;
	}
	v->state = RT_LIVE;
	if (map_pfns) {
		run_trace(r, "vmap VA %#lx, %lu pages from pfn %#lx", va, n, v->pfn[0]);
		return;
	}
	if (zeroed) {
		static const u8 zeros[PAGE_SIZE];
		const u8 *p = addr;

		for (unsigned long off = 0; off < n * PAGE_SIZE; off += PAGE_SIZE) {
			if (!memcmp(p + off, zeros, PAGE_SIZE))
				continue;
			for (unsigned long i = off; i < off + PAGE_SIZE; i++)
				if (p[i]) {
					oracle_fail(r, "zero", "vzalloc() area p%d has %#x at offset %#lx",
						    slot, p[i], i);
					return;
				}
		}
	}
	for (unsigned long i = 0; i < n; i++)
		for (unsigned int j = 0; j < VM_HEAD; j++)
			((u8 *)addr)[i * PAGE_SIZE + j] = vm_byte(v, i * PAGE_SIZE + j);
	run_trace(r, "VA %#lx, %lu pages from pfn %#lx", va, n, v->pfn[0]);
}

void vm_model_alloc(struct run *r, int slot, void *addr, unsigned long npages,
		    gfp_t gfp, bool zeroed)
{
	vm_area_new(r, slot, addr, npages, gfp, zeroed, NULL);
}

/* Free live area @v with @free_fn (vfree, vunmap, kvfree); every page must be gone. */
static bool vm_free(struct run *r, int slot, struct vm_rt *v, void (*free_fn)(const void *))
{
	unsigned long pfn;

	if (!vm_area_check(r, slot, v, true))
		return false;
	free_fn(v->addr);
	r->vm_pt_dirty = true;
	v->state = RT_FREED;
	for (unsigned long i = 0; i < vm_npages(v); i++) {
		int nid, z;

		if (pgwalk_translate(machine.swapper_pg_dir, v->va + i * PAGE_SIZE, &pfn))
			return oracle_fail(r, "vmalloc-unmap", "page %lu of p%d (VA %#lx) is still mapped to pfn %#lx after vfree()",
					   i, slot, v->va + i * PAGE_SIZE, pfn);
		if (v->vmap)
			continue;	/* the pages are the buddy block's */
		shadow_set(&r->shadow, PFN_PHYS(v->pfn[i]), PAGE_SIZE, SHADOW_FREE);
		model_zone_of(v->pfn[i], &nid, &z);
		r->vm_pages[nid][z]--;
	}
	return true;
}

bool vm_model_free(struct run *r, int slot, void (*free_fn)(const void *))
{
	return vm_free(r, slot, &r->vm[slot], free_fn);
}

bool vm_model_free_all(struct run *r)
{
	for (int i = 0; i < PROG_MAX_SLOTS; i++)
		if (r->vm[i].state == RT_LIVE &&
		    !vm_free(r, i, &r->vm[i], r->vm[i].vmap ? vunmap : vfree))
			return false;
	return true;
}

/* ---- allocations ------------------------------------------------------------ */

static void exec_vmalloc(struct run *r, const struct op *op)
{
	unsigned int order = (unsigned int)op->val[0];

	vm_model_alloc(r, op->slot, vmalloc(PAGE_SIZE << order), 1UL << order, GFP_KERNEL, false);
}

static void exec_vzalloc(struct run *r, const struct op *op)
{
	unsigned int order = (unsigned int)op->val[0];

	vm_model_alloc(r, op->slot, vzalloc(PAGE_SIZE << order), 1UL << order, GFP_KERNEL, true);
}

static void exec___vmalloc(struct run *r, const struct op *op)
{
	gfp_t gfp = (gfp_t)op->val[0];
	unsigned int order = (unsigned int)op->val[1];

	vm_model_alloc(r, op->slot, __vmalloc(PAGE_SIZE << order, gfp), 1UL << order, gfp,
		 gfp & __GFP_ZERO);
}

static void exec_vmalloc_node(struct run *r, const struct op *op)
{
	unsigned int order = (unsigned int)op->val[0];

	vm_model_alloc(r, op->slot, vmalloc_node(PAGE_SIZE << order, (int)op->val[1]),
		       1UL << order, GFP_KERNEL, false);
}

/* ---- frees and bad frees ----------------------------------------------------- */

static void call_vfree(void *arg)
{
	vfree(arg);
}

/* vfree(pN): a live area; a buddy block's direct-map address is refused. */
static void exec_vfree(struct run *r, const struct op *op)
{
	int slot = (int)op->val[0];
	struct vm_rt *v = &r->vm[slot];
	const struct slot_rt *s = &r->slot[slot];

	if (v->state == RT_LIVE) {
		vm_free(r, slot, v, vfree);
		return;
	}
	if (s->state == RT_LIVE && s->kind == RT_PAGES && page_address(pfn_to_page(s->pfn))) {
		run_trace(r, "p%d is a buddy block: a bad vfree", slot);
		model_misuse(r, REPORT_BAD_VFREE, call_vfree,
			     page_address(pfn_to_page(s->pfn)));
		return;
	}
	if (slab_model_object(r, slot)) {
		run_trace(r, "p%d is a slab object: a bad vfree", slot);
		model_misuse(r, REPORT_BAD_VFREE, call_vfree, slab_model_object(r, slot));
		return;
	}
	run_trace(r, "skipped: p%d is no live area", slot);
}

static void exec_double_vfree(struct run *r, const struct op *op)
{
	const struct vm_rt *v = &r->vm[op->val[0]];

	if (v->state != RT_FREED) {
		run_trace(r, "skipped: p%lld was no vmalloc area", (long long)op->val[0]);
		return;
	}
	/* Its address is another area's now: that would be a good free. */
	for (int i = 0; i < PROG_MAX_SLOTS; i++)
		if (r->vm[i].state == RT_LIVE && r->vm[i].va == v->va) {
			run_trace(r, "skipped: VA %#lx is p%d's now", v->va, i);
			return;
		}
	model_misuse(r, REPORT_BAD_VFREE, call_vfree, v->addr);
}

/* vfree(pN + k): inside an area, or inside a buddy block. */
static void exec_interior_vfree(struct run *r, const struct op *op)
{
	int slot = (int)op->val[0];
	unsigned long k = (unsigned long)op->val[1];
	const struct vm_rt *v = &r->vm[slot];
	const struct slot_rt *s = &r->slot[slot];
	u8 *addr = NULL;

	if (v->state == RT_LIVE)
		addr = (u8 *)v->addr + k * PAGE_SIZE;
	else if (s->state == RT_LIVE && page_address(pfn_to_page(s->pfn)))
		addr = (u8 *)page_address(pfn_to_page(s->pfn)) + k * PAGE_SIZE;
	if (!addr) {
		run_trace(r, "skipped: p%d is no live area or lowmem block", slot);
		return;
	}
	if (is_vmalloc_addr(addr) != (v->state == RT_LIVE)) {
		oracle_fail(r, "vmalloc-addr", "is_vmalloc_addr(VA %#lx) is %d",
			    host_to_kva(addr), is_vmalloc_addr(addr));
		return;
	}
	model_misuse(r, REPORT_BAD_VFREE, call_vfree, addr);
}

/* ---- vmap ------------------------------------------------------------------ */

/* vmap(pN): map every page of live buddy block pN; the block stays pN's. */
static void exec_vmap(struct run *r, const struct op *op)
{
	const struct slot_rt *s = model_live_slot(r, op->val[0]);
	unsigned long n, pfns[1UL << MAX_PAGE_ORDER];
	struct page *pages[1UL << MAX_PAGE_ORDER];

	r->vm_used = true;
	if (!s)
		return;
	n = 1UL << s->order;
	for (unsigned long i = 0; i < n; i++) {
		pfns[i] = s->pfn + i;
		pages[i] = pfn_to_page(pfns[i]);
	}
	r->vm_pt_dirty = true;
	vm_area_new(r, op->slot, vmap(pages, (unsigned int)n, VM_MAP, PAGE_KERNEL),
		    n, GFP_KERNEL, false, pfns);
}

static void call_vunmap(void *arg)
{
	vunmap(arg);
}

/*
 * vunmap(pN): a vmap() area; of a vmalloc() one it is refused, and so is
 * vunmap() of what was never mapped: a buddy block's or a slab object's
 * direct-map address.
 */
static void exec_vunmap(struct run *r, const struct op *op)
{
	int slot = (int)op->val[0];
	struct vm_rt *v = &r->vm[slot];
	const struct slot_rt *s = &r->slot[slot];
	void *never = slab_model_object(r, slot);

	if (!never && s->state == RT_LIVE && s->kind == RT_PAGES)
		never = page_address(pfn_to_page(s->pfn));
	if (v->state != RT_LIVE && never) {
		run_trace(r, "p%d was never vmap()ed: a bad vunmap", slot);
		model_misuse(r, REPORT_BAD_VFREE, call_vunmap, never);
		return;
	}
	if (v->state != RT_LIVE) {
		run_trace(r, "skipped: p%d is no live area", slot);
		return;
	}
	if (v->vmap) {
		vm_free(r, slot, v, vunmap);
		return;
	}
	run_trace(r, "p%d is a vmalloc() area: its pages would leak", slot);
	model_misuse(r, REPORT_BAD_VFREE, call_vunmap, v->addr);
}

/* ---- vmalloc_to_page ---------------------------------------------------------- */

/*
 * vmalloc_to_page(pN, page=K): page K modulo the area's pages plus one
 * (the last is the guard page, which has none) against the frame the
 * model recorded.
 */
static void exec_vmalloc_to_page(struct run *r, const struct op *op)
{
	int slot = (int)op->val[0];
	const struct vm_rt *v = &r->vm[slot];
	unsigned long i, want;
	struct page *page;

	if (v->state != RT_LIVE) {
		run_trace(r, "skipped: p%d is no live area", slot);
		return;
	}
	i = (unsigned long)op->val[1] % (v->npages + 1);
	want = i < v->npages ? v->pfn[i] : -1UL;
	page = vmalloc_to_page((const u8 *)v->addr + i * PAGE_SIZE);
	run_trace(r, "page %lu: %s", i, page ? "a page" : "NULL");
	if ((page ? page_to_pfn(page) : -1UL) == want)
		return;
	oracle_fail(r, "vmalloc-to-page", "vmalloc_to_page() of page %lu of p%d (VA %#lx) is wrong",
		    i, slot, v->va + i * PAGE_SIZE);
	oracle_detail(r, "expected: %s %#lx", want == -1UL ? "NULL, the guard page" : "pfn", want);
	oracle_detail(r, "found: %s %#lx", page ? "pfn" : "NULL", page ? page_to_pfn(page) : 0);
}

/* ---- the table -------------------------------------------------------------------- */

#define NO_REPORT	NR_REPORT_TYPES

const struct op_desc vmalloc_ops[] = {
	{ "vmalloc", 3, 1, { { ARG_ORDER, "order" } },
	  .makes_slot = true, .order_val = 0, .expect = NO_REPORT, .exec = exec_vmalloc },
	{ "vzalloc", 2, 1, { { ARG_ORDER, "order" } },
	  .makes_slot = true, .order_val = 0, .expect = NO_REPORT, .exec = exec_vzalloc },
	{ "__vmalloc", 2, 2, { { ARG_GFP, NULL }, { ARG_ORDER, "order" } },
	  .makes_slot = true, .order_val = 1, .expect = NO_REPORT, .exec = exec___vmalloc },
	{ "vmalloc_node", 1, 2, { { ARG_ORDER, "order" }, { ARG_NODE, "node" } },
	  .makes_slot = true, .order_val = 0, .expect = NO_REPORT,
	  .exec = exec_vmalloc_node },
	/* Not in an interrupt: vfree() there defers the free (vfree_atomic()). */
	{ "vfree", 4, 1, { { ARG_LIVE, NULL } },
	  .frees_slot = true, .order_val = -1, .expect = NO_REPORT,
	  .ctx_absent = CTX_BIT(CTX_HARDIRQ), .exec = exec_vfree },
	{ "vmap", 1, 1, { { ARG_LIVE, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_vmap,
	  .layers = LAYER_VMALLOC | LAYER_BUDDY },
	/* Linux's vunmap() may not run in an interrupt at all. */
	{ "vunmap", 1, 1, { { ARG_LIVE, NULL } },
	  .frees_slot = true, .order_val = -1, .expect = NO_REPORT,
	  .ctx_absent = CTX_BIT(CTX_HARDIRQ), .exec = exec_vunmap },
	{ "vmalloc_to_page", 1, 2, { { ARG_LIVE, NULL }, { ARG_SEED, "page" } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_vmalloc_to_page },
	/* Misuse: a freed area again; an address inside an area or a block. */
	{ "vfree", 1, 1, { { ARG_FREED, NULL } },
	  .order_val = -1, .expect = REPORT_BAD_VFREE, .exec = exec_double_vfree },
	{ "vfree", 1, 1, { { ARG_TAIL, NULL } },
	  .order_val = -1, .expect = REPORT_BAD_VFREE, .exec = exec_interior_vfree },
};

const unsigned int nr_vmalloc_ops = ARRAY_SIZE(vmalloc_ops);
