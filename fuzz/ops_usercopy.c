// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of hardened usercopy: copy_to_user() and copy_from_user() between a
 * live kernel slot and the program's process, and caches made with a
 * usercopy window (kmem_cache_create_usercopy()).
 *
 * The kernel side is slot pN at byte off (taken modulo the slot's size, so
 * every offset lands inside it) for len bytes.  The model predicts the
 * verdict from what it knows of the slot, never from mm/'s state:
 *   kmalloc object    window: the whole object (kmalloc_size_roundup() of
 *                     the size asked for); beyond it, a usercopy-slab report
 *   large kmalloc     the whole block; beyond it, usercopy-span
 *   cache object      the cache's window [useroffset, +usersize), empty for
 *                     kmem_cache_create(); outside it, usercopy-slab
 *   page block        the block (lowmem); beyond it, usercopy-span
 *   vmalloc area      the area's pages; into the guard, usercopy-vmalloc-guard
 *   freed cache object   usercopy-free (while its slab is still the cache's
 *                     and no live object covers it)
 *   freed vmalloc area   usercopy-vmalloc-no-area (while no live area
 *                     covers the address)
 * A refused copy must make exactly that one report, change no free count,
 * copy nothing either way, fault nothing in, and return len.
 *
 * An allowed copy reaches the user range up to its first unmapped page
 * (the model's own map of the process) and returns the rest as not copied,
 * with no segfault report; copy_from_user() zeroes the kernel bytes it did
 * not fill.  The bytes that landed are checked: on the user side through
 * user_read() (and the process model takes them), on the kernel side by
 * comparison with what the model expected.  After copy_from_user() the
 * program writes the kernel bytes back as they were, so every promise the
 * model holds about the slot (regions, fills, vmalloc page heads) stands.
 * A kmalloc copy reaching past the size asked for calls ksize() first, as
 * a kernel caller must (KASAN poisons the slack until then).
 */
#include <string.h>

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "fuzz/op_table.h"
#include "fuzz/ops.h"
#include "fuzz/run.h"

#define NO_REPORT	NR_REPORT_TYPES
#define COPY_MAX	0x8000

/* The kernel side of a copy, as the model sees it. */
struct kside {
	char		*base;		/* host pointer of the slot's first byte */
	u32		size;		/* bytes of the slot off is taken modulo */
	u32		readable;	/* of them, what the program may read */
	u32		off;
	enum report_type verdict;	/* NO_REPORT: allowed */
};

/* Is any live vmalloc area's range, guard page included, over @va? */
static bool vm_va_covered(const struct run *r, unsigned long va)
{
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		const struct vm_rt *v = &r->vm[i];

		if (v->state == RT_LIVE && va >= v->va &&
		    va < v->va + ((PAGE_SIZE * v->npages) + PAGE_SIZE))
			return true;
	}
	return false;
}

/* May @n bytes at @off of an object go through window [@uo, @uo + @us)? */
static bool in_window(u32 off, u32 n, u32 uo, u32 us)
{
	return off >= uo && off - uo <= us && n <= uo - off + us;
}

/* A live slot: fill @k, false (skipped) if the model cannot say. */
static bool live_kside(struct run *r, int slot, u32 off, u32 n, struct kside *k)
{
	struct slot_rt *s = &r->slot[slot];
	const struct vm_rt *v = &r->vm[slot];

	k->verdict = NO_REPORT;
	if (v->state == RT_LIVE) {
		k->base = v->addr;
		k->size = k->readable = (u32)(PAGE_SIZE * v->npages);
		k->off = off % k->size;
		if (n > k->size - k->off)
			k->verdict = REPORT_USERCOPY_VMALLOC_GUARD;
		return true;
	}
	if (s->state != RT_LIVE)
		return false;
	if (s->kind == RT_PAGES) {
		k->base = page_address(pfn_to_page(s->pfn));
		if (!k->base || PageHighMem(pfn_to_page(s->pfn)))
			return false;	/* highmem has no address but kmap's */
		k->size = k->readable = (u32)(PAGE_SIZE << s->order);
		k->off = off % k->size;
		if (n > k->size - k->off)
			k->verdict = REPORT_USERCOPY_SPAN;
		return true;
	}
	if (s->kind == RT_KMALLOC) {
		if (!s->slab.size || s->slab.ptr == ZERO_SIZE_PTR)
			return false;
		k->base = s->slab.ptr;
		k->size = s->slab.obj;
		k->readable = s->slab.size;
		k->off = off % k->size;
		if (n > k->size - k->off)
			k->verdict = k->size > KMALLOC_MAX_CACHE_SIZE ?
				     REPORT_USERCOPY_SPAN : REPORT_USERCOPY_SLAB;
		return true;
	}
	if (s->kind == RT_OBJECT) {
		const struct slot_rt *c = &r->slot[s->slab.cache];

		k->base = s->slab.ptr;
		k->size = k->readable = s->slab.size;
		k->off = off % k->size;
		if (!in_window(k->off, n, c->slab.useroffset, c->slab.usersize))
			k->verdict = REPORT_USERCOPY_SLAB;
		return true;
	}
	return false;
}

/* A freed slot whose verdict the model can tell. */
static bool freed_kside(struct run *r, int slot, u32 off, struct kside *k)
{
	const struct slot_rt *s = &r->slot[slot];
	const struct vm_rt *v = &r->vm[slot];

	k->readable = 0;
	if (v->state == RT_FREED) {
		k->base = v->addr;
		k->size = (u32)(PAGE_SIZE * v->npages);
		k->off = off % k->size;
		k->verdict = REPORT_USERCOPY_VMALLOC_NO_AREA;
		return !vm_va_covered(r, v->va + k->off);
	}
	if (s->state == RT_FREED && s->kind == RT_OBJECT) {
		const struct slot_rt *c = &r->slot[s->slab.cache];
		const struct page *head;

		k->base = s->slab.ptr;
		k->size = s->slab.size;
		k->off = off % k->size;
		k->verdict = REPORT_USERCOPY_FREE;
		if (c->state != RT_LIVE ||
		    shadow_get(&r->shadow, __pa(k->base)) != SHADOW_FREE)
			return false;
		head = compound_head(virt_to_page(k->base));
		return PageSlab(head) && head->slab_cache == c->slab.ptr;
	}
	return false;
}

struct copy_call {
	bool		to_user;
	unsigned long	uaddr;
	char		*kaddr;
	unsigned long	n;
	unsigned long	ret;
};

static void do_copy(void *arg)
{
	struct copy_call *c = arg;

	c->ret = c->to_user ? copy_to_user(c->uaddr, c->kaddr, c->n) :
			      copy_from_user(c->kaddr, c->uaddr, c->n);
}

static const char *copy_name(bool to_user)
{
	return to_user ? "copy_to_user" : "copy_from_user";
}

/* A refusal: one report of k->verdict, nothing moved, nothing faulted. */
static void copy_refused(struct run *r, struct mm_struct *mm, struct copy_call *c,
			 const struct kside *k)
{
	static u8 before[COPY_MAX];
	u32 keep = k->off < k->readable ? min((u32)c->n, k->readable - k->off) : 0;
	unsigned long rss = mm->rss;

	memcpy(before, c->kaddr, keep);
	model_misuse(r, k->verdict, do_copy, c);
	if (r->failed)
		return;
	if (c->ret != c->n) {
		oracle_fail(r, "usercopy", "a refused %s returned %lu, not %lu",
			    copy_name(c->to_user), c->ret, c->n);
		return;
	}
	if (memcmp(before, c->kaddr, keep))
		oracle_fail(r, "usercopy", "a refused %s changed the kernel bytes",
			    copy_name(c->to_user));
	else if (mm->rss != rss)
		oracle_fail(r, "usercopy", "a refused %s faulted user pages in (rss %lu -> %lu)",
			    copy_name(c->to_user), rss, mm->rss);
}

/* An allowed copy: the bytes that reached each side, then the model's. */
static void copy_allowed(struct run *r, struct mm_struct *mm, struct copy_call *c)
{
	static u8 before[COPY_MAX], landed[COPY_MAX];
	unsigned long reach = proc_model_reach(r, c->uaddr, c->n), copied;

	memcpy(before, c->kaddr, c->n);
	do_copy(c);
	copied = c->n - c->ret;
	/* A fault that found no page stops the copy early: only with its warning. */
	if (c->ret > c->n || copied > reach ||
	    (copied < reach && !proc_alloc_failed(r))) {
		oracle_fail(r, "usercopy", "%s of %lu bytes left %lu uncopied",
			    copy_name(c->to_user), c->n, c->ret);
		oracle_detail(r, "expected: %lu (the user range has %lu mapped bytes)",
			      c->n - reach, reach);
		return;
	}
	if (copied < reach && !proc_alloc_reports_ok(r, copy_name(c->to_user)))
		return;
	run_trace(r, "copied %lu of %lu bytes%s", copied, c->n,
		  copied < reach ? ": no memory for a fault" : "");
	if (c->to_user) {
		if (memcmp(before, c->kaddr, c->n))
			oracle_fail(r, "usercopy", "copy_to_user changed its kernel source");
		else if (user_read(mm, c->uaddr, landed, copied) ||
			 memcmp(landed, before, copied))
			oracle_fail(r, "usercopy", "copy_to_user: the user bytes at %#lx are not the kernel's",
				    c->uaddr);
		else
			proc_model_store(r, c->uaddr, before, copied);
		return;
	}
	if (memcmp(c->kaddr, proc_model_bytes(r, c->uaddr), copied)) {
		oracle_fail(r, "usercopy", "copy_from_user: the kernel bytes are not the user's at %#lx",
			    c->uaddr);
		return;
	}
	for (unsigned long i = copied; i < c->n; i++)
		if (c->kaddr[i]) {
			oracle_fail(r, "usercopy", "copy_from_user left kernel byte %lu of %lu unzeroed",
				    i, c->n);
			return;
		}
	/* The program puts its bytes back: the slot's promises stand. */
	memcpy(c->kaddr, before, c->n);
}

static void usercopy(struct run *r, bool to_user, int slot, bool freed,
		     unsigned long uaddr, u32 off, u32 n)
{
	struct mm_struct *mm = run_mm(r);
	struct copy_call c = { .to_user = to_user, .uaddr = uaddr, .n = n };
	struct kside k;

	if (!mm)
		return;
	if (!(freed ? freed_kside(r, slot, off, &k) : live_kside(r, slot, off, n, &k))) {
		run_trace(r, "skipped: p%d is no slot the model can judge", slot);
		return;
	}
	if (!n) {
		if (freed) {
			run_trace(r, "skipped: zero bytes are never checked");
			return;
		}
		k.verdict = NO_REPORT;
	}
	c.kaddr = k.base + k.off;
	run_trace(r, "kernel 0x%lx + %u, %u bytes: %s", host_to_kva(k.base), k.off, n,
		  k.verdict == NO_REPORT ? "allowed" : report_type_name(k.verdict));
	if (k.verdict != NO_REPORT) {
		copy_refused(r, mm, &c, &k);
		return;
	}
	if (k.off + n > k.readable) {
		/* Reaches past the size asked for: the caller asks ksize() first. */
		if (slab_model_ksize(r, &r->slot[slot]) < k.off + n)
			return;
	}
	copy_allowed(r, mm, &c);
}

static void exec_copy_to_user(struct run *r, const struct op *op)
{
	usercopy(r, true, (int)op->val[1], op_table[op->type]->args[1].kind == ARG_FREED,
		 (unsigned long)op->val[0], (u32)op->val[2], (u32)op->val[3]);
}

static void exec_copy_from_user(struct run *r, const struct op *op)
{
	usercopy(r, false, (int)op->val[0], op_table[op->type]->args[0].kind == ARG_FREED,
		 (unsigned long)op->val[1], (u32)op->val[2], (u32)op->val[3]);
}

static void exec_cache_create_usercopy(struct run *r, const struct op *op)
{
	u32 size = (u32)op->val[0], uo = (u32)op->val[2], us = (u32)op->val[3];
	unsigned int flags = slab_flags_of(op->val[1]);
	bool bad = (!us && uo) || us > size || size - us < uo;
	unsigned long warned = report_count(REPORT_BAD_ARG);
	struct kmem_cache *c;
	char name[32];

	snprintf(name, sizeof(name), "fuzz-%d", op->slot);
	c = kmem_cache_create_usercopy(name, size, 0, flags, uo, us, NULL);
	/* A window outside the object: one warning, and a cache with none. */
	if (size && bad) {
		if (report_count(REPORT_BAD_ARG) != warned + 1) {
			oracle_fail(r, "usercopy-window", "window %u+%u of a %u-byte object: %lu warnings",
				    uo, us, size, report_count(REPORT_BAD_ARG) - warned);
			return;
		}
		/* Accounted for: the cache's own checks start after it. */
		run_reports_accounted(r, REPORT_BAD_ARG, 1);
		uo = us = 0;
	}
	slab_model_cache(r, op->slot, "kmem_cache_create_usercopy", c, size, 0, flags, false);
	if (c && r->slot[op->slot].state == RT_LIVE) {
		r->slot[op->slot].slab.useroffset = uo;
		r->slot[op->slot].slab.usersize = us;
	}
}

const struct op_desc usercopy_ops[] = {
	{ "copy_to_user", 4, 4,
	  { { ARG_UADDR, NULL }, { ARG_LIVE, NULL }, { ARG_SIZE, "off" }, { ARG_SIZE, "len" } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_copy_to_user },
	{ "copy_from_user", 4, 4,
	  { { ARG_LIVE, NULL }, { ARG_UADDR, NULL }, { ARG_SIZE, "off" }, { ARG_SIZE, "len" } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_copy_from_user },
	{ "kmem_cache_create_usercopy", 2, 4,
	  { { ARG_SIZE, NULL }, { ARG_SLAB_FLAGS, "flags" }, { ARG_SIZE, "useroffset" },
	    { ARG_SIZE, "usersize" } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT,
	  .exec = exec_cache_create_usercopy },
	/* Misuse: a freed slot, refused with a report the model predicts. */
	{ "copy_to_user", 1, 4,
	  { { ARG_UADDR, NULL }, { ARG_FREED, NULL }, { ARG_SIZE, "off" }, { ARG_SIZE, "len" } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_copy_to_user },
	{ "copy_from_user", 1, 4,
	  { { ARG_FREED, NULL }, { ARG_UADDR, NULL }, { ARG_SIZE, "off" }, { ARG_SIZE, "len" } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_copy_from_user },
};

const unsigned int nr_usercopy_ops = ARRAY_SIZE(usercopy_ops);
