// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of the slab layer, and its part of the model: kmalloc() and friends,
 * krealloc(), ksize(), kfree(); kmem_cache_create() (flags, alignment, a
 * constructor), _alloc, _free, _shrink, _destroy; pattern writes and checks
 * of objects; and the misuse the slab layer must report and refuse.
 *
 * The model of an object (struct slab_rt): its address and requested size,
 * and a promise about its bytes [0, fill_len): zero (kzalloc, __GFP_ZERO),
 * the ctor's pattern (a fresh object of a ctor cache), or a seed's pattern
 * (kmem_write).  Shadow granules of a live object are SHADOW_ALLOCATED and
 * go back to SHADOW_FREE when it is freed, so objects never overlap each
 * other or a live page block.  After every op each promise is re-read.
 *
 * Misuse ops choose their slots at run time: kfree() of a page block or of
 * a vmalloc area is the "not a kmalloc allocation" misuse; kmem_cache_free() of another cache's
 * object the "wrong cache" one; kmem_cache_destroy() of a cache with live
 * objects the leak report.  A double free is generated only for objects of
 * a program's own cache (nobody else can have taken the object since) and
 * only when the machine has slab_debug: without debugging SLUB sees only
 * some double frees (mm/slub.c, __slab_free()).
 */
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/slab.h>

#include "fuzz/compiler.h"
#include "fuzz/op_table.h"
#include "fuzz/ops.h"
#include "fuzz/run.h"

#define CTOR_SEED	0xc7
#define NO_REPORT	NR_REPORT_TYPES
#define KCALLOC_OVERFLOW_N	16384

/* The byte a fill puts at @off of an object. */
static inline u8 fill_byte(u8 fill, u8 seed, u32 off)
{
	switch (fill) {
	case FILL_ZERO:	return 0;
	case FILL_CTOR:	return pattern_byte(CTOR_SEED, off);
	default:	return pattern_byte(seed, off);
	}
}

/*
 * The first @len bytes of (@fill, @seed), computed once per pair and kept
 * for the process: every live object is checked after every op, and a
 * memcmp() against this is what keeps that affordable.  The bytes are a
 * pure function of the pair, so nothing carries over between programs.
 */
static const u8 *fill_template(u8 fill, u8 seed, u32 len)
{
	static struct fill_tmpl {
		u8	*bytes;
		u32	len;
	} cache[FILL_SEED + 1][256];
	struct fill_tmpl *t = &cache[fill][fill == FILL_ZERO || fill == FILL_CTOR ? 0 : seed];

	if (t->len < len) {
		t->bytes = realloc(t->bytes, len);
		if (!t->bytes)
			abort();
		for (u32 i = t->len; i < len; i++)
			t->bytes[i] = fill_byte(fill, seed, i);
		t->len = len;
	}
	return t->bytes;
}

static void fill_write(void *p, u8 fill, u8 seed, u32 len)
{
	if (len)
		memcpy(p, fill_template(fill, seed, len), len);
}

/* The ctor: the object's whole size, found through its slab. */
static void slab_ctor(void *obj)
{
	const struct page *head = compound_head(virt_to_page(obj));

	fill_write(obj, FILL_CTOR, 0, kmem_cache_size(head->slab_cache));
}

static bool slab_debug_on(struct run *r)
{
	return r->prog->hdr.slab_debug != 0;
}

static struct slot_rt *slab_slot(struct run *r, s64 slot, u8 kind)
{
	struct slot_rt *s = &r->slot[slot];

	if (s->state == RT_LIVE && s->kind == kind)
		return s;
	run_trace(r, "skipped: p%lld is not a live %s", (long long)slot,
		  kind == RT_CACHE ? "cache" : "object");
	return NULL;
}

static bool is_object(const struct slot_rt *s)
{
	return s->state == RT_LIVE && (s->kind == RT_KMALLOC || s->kind == RT_OBJECT);
}

static phys_addr_t obj_phys(const void *p)
{
	return __pa(p);
}

void *slab_model_object(struct run *r, s64 slot)
{
	const struct slot_rt *s = &r->slot[slot];

	return is_object(s) && s->slab.ptr != ZERO_SIZE_PTR ? s->slab.ptr : NULL;
}

/* ---- allocation checks ------------------------------------------------------------- */

/* Linux's GFP_SLAB_BUG_MASK, written out again: slab warns and drops these. */
#define SLAB_BAD_GFP	(__GFP_DMA32 | __GFP_HIGHMEM | ~((gfp_t)(1U << ___GFP_LAST_BIT) - 1))

/*
 * The reports an allocation with @gfp may make: none if it succeeded; if it
 * failed, only those a failure may make (warnings, OOM, injected, a refused
 * mask).  A mask with SLAB_BAD_GFP bits may get one "Unexpected gfp" warning
 * either way (only when the call reaches the page allocator); __GFP_NOFAIL
 * may go through the OOM killer and succeed.
 */
bool slab_alloc_reports_ok(struct run *r, const char *fn, gfp_t gfp, bool ok)
{
	for (int t = 0; t < NR_REPORT_TYPES; t++) {
		unsigned long n = report_count((enum report_type)t) - r->op_reports[t];

		/* Judged after the op, by context_model_sleep_reports(). */
		if (!n || t == REPORT_SLEEP_IN_ATOMIC)
			continue;
		if ((ok && t == REPORT_BAD_ARG && (gfp & SLAB_BAD_GFP) && n == 1) ||
		    (t == REPORT_OOM && (gfp & __GFP_NOFAIL)) || t == REPORT_FAULT_INJECTED) {
			run_reports_accounted(r, (enum report_type)t, n);
			continue;
		}
		if (!ok && (t == REPORT_ALLOC_FAIL || t == REPORT_OOM ||
			    t == REPORT_FAULT_INJECTED || t == REPORT_BAD_ARG)) {
			run_reports_accounted(r, (enum report_type)t, n);
			continue;
		}
		oracle_fail(r, "alloc-report", "%s %s with a %s report", fn,
			    ok ? "succeeded" : "failed", report_type_name((enum report_type)t));
		return false;
	}
	return true;
}

/*
 * The first byte of [@from, @from + @len) of @s's promised bytes that does
 * not hold, or -1.
 */
__no_sanitize_coverage
static long obj_wrong_byte(const struct slot_rt *s, u32 from, u32 len)
{
	const u8 *b = s->slab.ptr, *want;

	want = fill_template(s->slab.fill, s->slab.seed, from + len);
	if (!memcmp(b + from, want + from, len))
		return -1;
	for (u32 i = from;; i++)
		if (b[i] != want[i])
			return i;
}

/*
 * Check and record a new object: alignment, zone, ksize, overlap, zeroing,
 * the ctor's pattern.  @align is what the caller is promised.
 */
__no_sanitize_coverage
static void slab_new(struct run *r, int slot, const char *fn, void *p, u32 size,
		     gfp_t gfp, u32 align, u8 kind, int16_t cache, bool ctor)
{
	struct slot_rt *s = &r->slot[slot];
	phys_addr_t phys, bad;
	enum shadow_state found;
	unsigned long va;
	const u8 *b = p;
	long bad_byte;
	u64 where;
	u8 val;

	r->slab_used = true;
	if (!slab_alloc_reports_ok(r, fn, gfp, p != NULL) || !p)
		return;
	*s = (struct slot_rt){ .state = RT_LIVE, .kind = kind };
	s->slab = (struct slab_rt){ .ptr = p, .size = size, .cache = cache,
				    .obj = (u32)kmalloc_size_roundup(size) };
	if (p == ZERO_SIZE_PTR) {
		if (size)
			oracle_fail(r, "zero-size", "%s(%u) returned ZERO_SIZE_PTR", fn, size);
		return;
	}
	if (!size) {
		oracle_fail(r, "zero-size", "%s(0) did not return ZERO_SIZE_PTR", fn);
		return;
	}
	va = host_to_kva(p);
	if (va < PAGE_OFFSET || !virt_addr_valid(p)) {
		oracle_fail(r, "bad-pointer", "%s returned no direct-map address", fn);
		oracle_detail(r, "found: arch VA %#lx", va);
		return;
	}
	phys = obj_phys(p);
	s->pfn = PHYS_PFN(phys);
	run_trace(r, "object at %#lx, %u bytes", va, size);
	if (align && (phys & (align - 1))) {
		oracle_fail(r, "alignment", "%s(%u): object at %#lx is not %u-aligned",
			    fn, size, va, align);
		return;
	}
	if ((gfp & __GFP_DMA) && phys + size > (16ULL << 20)) {
		oracle_fail(r, "zone", "%s(__GFP_DMA): object at %#lx is not below 16 MiB", fn, va);
		return;
	}
	if (ksize(p) < size) {
		oracle_fail(r, "ksize", "%s(%u): ksize() is %zu", fn, size, ksize(p));
		return;
	}
	if (!shadow_check(&r->shadow, phys, size, SHADOW_FREE, &bad, &found)) {
		oracle_fail(r, "overlap", "%s(%u): object at %#lx overlaps memory that is %s",
			    fn, size, va, shadow_state_name(found));
		oracle_detail(r, "found: granule at phys %#llx", (unsigned long long)bad);
		return;
	}
	shadow_set(&r->shadow, phys, size, SHADOW_ALLOCATED);
	if (ctor) {
		s->slab.fill = FILL_CTOR;
		s->slab.fill_len = size;
	} else if (gfp & __GFP_ZERO) {
		s->slab.fill = FILL_ZERO;
		s->slab.fill_len = size;
	}
	if (s->slab.fill == FILL_ZERO)	/* up to 4 MiB: skip what the host holds none of */
		bad_byte = model_find_nonzero(phys, size, &where, &val) ? (long)(where - phys) : -1;
	else
		bad_byte = s->slab.fill_len ? obj_wrong_byte(s, 0, s->slab.fill_len) : -1;
	if (bad_byte >= 0)
		oracle_fail(r, ctor ? "ctor" : "zero",
			    "%s(%u): byte %ld of the new object at %#lx is %#x, not %#x",
			    fn, size, bad_byte, va, b[bad_byte],
			    fill_byte(s->slab.fill, 0, (u32)bad_byte));
}

/* Forget @s's object: its granules are free again. */
static void slab_forget(struct run *r, struct slot_rt *s)
{
	s->state = RT_FREED;
	if (s->slab.size && s->slab.ptr != ZERO_SIZE_PTR)
		shadow_set(&r->shadow, obj_phys(s->slab.ptr), s->slab.size, SHADOW_FREE);
	if (s->kind == RT_OBJECT)
		r->slot[s->slab.cache].slab.live--;
}

/*
 * The promised bytes of @s still hold: all of them when @full, else (after
 * every op) the first and last OBJ_WINDOW bytes and a window of as many
 * moving with the op index, as vmalloc areas are checked: a program of
 * 4 MiB kcalloc()s would otherwise compare megabytes after every op.
 */
#define OBJ_WINDOW	PAGE_SIZE

__no_sanitize_coverage
static bool obj_contents_in(struct run *r, const struct slot_rt *s, bool full)
{
	u32 n = s->slab.fill_len, w;
	long bad;

	if (full || n <= 3 * OBJ_WINDOW) {
		bad = n ? obj_wrong_byte(s, 0, n) : -1;
	} else {
		w = (u32)(((unsigned long)r->op_idx * OBJ_WINDOW) % (n - OBJ_WINDOW + 1));
		bad = obj_wrong_byte(s, 0, OBJ_WINDOW);
		if (bad < 0)
			bad = obj_wrong_byte(s, n - OBJ_WINDOW, OBJ_WINDOW);
		if (bad < 0)
			bad = obj_wrong_byte(s, w, OBJ_WINDOW);
	}
	if (bad < 0)
		return true;
	return oracle_fail(r, "contents", "p%d: byte %ld of the object at %#lx is %#x, not %#x",
			   (int)(s - r->slot), bad, host_to_kva(s->slab.ptr),
			   ((const u8 *)s->slab.ptr)[bad],
			   fill_byte(s->slab.fill, s->slab.seed, (u32)bad));
}

static bool obj_contents_ok(struct run *r, const struct slot_rt *s)
{
	return obj_contents_in(r, s, true);
}

/* ---- kmalloc ------------------------------------------------------------------------- */

/* What kmalloc(@size) promises: 8, and a power of two its own size. */
static u32 kmalloc_align(u32 size)
{
	if (size && !(size & (size - 1)))
		return size > PAGE_SIZE ? PAGE_SIZE : size;
	return ARCH_KMALLOC_MINALIGN;
}

/* kmalloc(0) returns ZERO_SIZE_PTR before the slab allocator's might_alloc(). */
static void kmalloc_new(struct run *r, const struct op *op, const char *fn, void *p,
			u32 size, gfp_t gfp)
{
	if (size && !context_model_alloc_slept(r, fn, gfp))
		return;
	slab_new(r, op->slot, fn, p, size, gfp, kmalloc_align(size), RT_KMALLOC, -1, false);
}

static void exec_kmalloc(struct run *r, const struct op *op)
{
	u32 size = (u32)op->val[0];
	gfp_t gfp = (gfp_t)op->val[1];

	kmalloc_new(r, op, "kmalloc", kmalloc(size, gfp), size, gfp);
}

static void exec_kzalloc(struct run *r, const struct op *op)
{
	u32 size = (u32)op->val[0];
	gfp_t gfp = (gfp_t)op->val[1];

	kmalloc_new(r, op, "kzalloc", kzalloc(size, gfp), size, gfp | __GFP_ZERO);
}

/* kcalloc(n, size): NULL, silently, when the product overflows. */
static void exec_kcalloc(struct run *r, const struct op *op)
{
	size_t n = (size_t)op->val[0], size = (size_t)op->val[1];
	gfp_t gfp = (gfp_t)op->val[2];
	void *p;

	/* n >= KCALLOC_OVERFLOW_N stands for "so many that n * size wraps". */
	if (op->val[0] >= KCALLOC_OVERFLOW_N && size) {
		n = SIZE_MAX / size + 1;
		run_trace(r, "n = %zu: n * size overflows", n);
	}
	p = kcalloc(n, size, gfp);
	if (n && size && n > SIZE_MAX / size) {
		r->slab_used = true;
		if (p)
			oracle_fail(r, "overflow", "kcalloc(%zu, %zu) overflows but returned an object",
				    n, size);
		else
			slab_alloc_reports_ok(r, "kcalloc", gfp, true);
		return;
	}
	slab_new(r, op->slot, "kcalloc", p, (u32)(n * size), gfp | __GFP_ZERO,
		 kmalloc_align((u32)(n * size)), RT_KMALLOC, -1, false);
}

static void exec_krealloc(struct run *r, const struct op *op)
{
	struct slot_rt *old = &r->slot[op->val[0]];
	u32 size = (u32)op->val[1];
	gfp_t gfp = (gfp_t)op->val[2];
	/* In place when it fits: no zone promise, only the old bytes kept. */
	gfp_t promised = gfp & ~(__GFP_ZERO | __GFP_DMA);
	struct slab_rt was;
	void *p;

	if (old->state != RT_LIVE || old->kind != RT_KMALLOC) {
		run_trace(r, "skipped: p%lld is not a live kmalloc object", (long long)op->val[0]);
		return;
	}
	if (!obj_contents_ok(r, old))
		return;
	was = old->slab;
	p = krealloc(was.ptr, size, gfp);
	if (!size) {
		/* krealloc(p, 0) frees p and returns ZERO_SIZE_PTR. */
		slab_forget(r, old);
		slab_new(r, op->slot, "krealloc", p, 0, promised, 0, RT_KMALLOC, -1, false);
		return;
	}
	if (!p) {
		/* Failed: the old object is untouched. */
		slab_alloc_reports_ok(r, "krealloc", gfp, false);
		return;
	}
	/* The old object is gone (or is the new one): free its granules first. */
	slab_forget(r, old);
	slab_new(r, op->slot, "krealloc", p, size, promised, ARCH_KMALLOC_MINALIGN,
		 RT_KMALLOC, -1, false);
	if (r->failed || r->slot[op->slot].state != RT_LIVE)
		return;
	r->slot[op->slot].slab.fill = was.fill;
	r->slot[op->slot].slab.seed = was.seed;
	/* In place, the object keeps its size class. */
	if (p == was.ptr)
		r->slot[op->slot].slab.obj = max(was.obj, r->slot[op->slot].slab.obj);
	r->slot[op->slot].slab.fill_len = min(was.fill_len, size);
	obj_contents_ok(r, &r->slot[op->slot]);
}

void slab_model_kmalloc(struct run *r, int slot, const char *fn, void *p, u32 size,
			gfp_t gfp)
{
	slab_new(r, slot, fn, p, size, gfp, kmalloc_align(size), RT_KMALLOC, -1, false);
}

void slab_model_kmalloc_failed(struct run *r, const char *fn, gfp_t gfp)
{
	r->slab_used = true;
	slab_alloc_reports_ok(r, fn, gfp, false);
}

bool slab_model_free(struct run *r, s64 slot, void (*free_fn)(const void *))
{
	struct slot_rt *s = &r->slot[slot];

	r->slab_used = true;
	if (!is_object(s) || !obj_contents_ok(r, s))
		return false;
	if (s->kind == RT_OBJECT && r->slot[s->slab.cache].slab.ctor)
		fill_write(s->slab.ptr, FILL_CTOR, 0, s->slab.size);	/* as a user must */
	free_fn(s->slab.ptr);
	slab_forget(r, s);
	return true;
}

static void exec_kfree(struct run *r, const struct op *op)
{
	struct slot_rt *s = &r->slot[op->val[0]];

	r->slab_used = true;
	if (r->vm[op->val[0]].state == RT_LIVE) {
		/* vmalloc (or vmap) memory: the cross-layer misuse. */
		model_misuse(r, REPORT_SLAB_BAD_FREE, (void (*)(void *))kfree,
			     r->vm[op->val[0]].addr);
		return;
	}
	if (s->state == RT_LIVE && s->kind == RT_PAGES) {
		/* Not from kmalloc: the misuse.  Highmem has no address. */
		if (!page_address(pfn_to_page(s->pfn))) {
			run_trace(r, "skipped: p%lld is highmem", (long long)op->val[0]);
			return;
		}
		model_misuse(r, REPORT_SLAB_BAD_FREE, (void (*)(void *))kfree,
			     page_address(pfn_to_page(s->pfn)));
		return;
	}
	if (!is_object(s)) {
		run_trace(r, "skipped: p%lld is no live object", (long long)op->val[0]);
		return;
	}
	slab_model_free(r, op->val[0], kfree);
}

/* kfree(pN, off=K): a pointer inside the object. */
static void exec_kfree_interior(struct run *r, const struct op *op)
{
	struct slot_rt *s = &r->slot[op->val[0]];
	u32 off;

	r->slab_used = true;
	if (!is_object(s) || s->slab.size < 2 || s->slab.ptr == ZERO_SIZE_PTR) {
		run_trace(r, "skipped: p%lld has no interior", (long long)op->val[0]);
		return;
	}
	off = 1 + (u32)op->val[1] % (s->slab.size - 1);
	model_misuse(r, REPORT_SLAB_BAD_FREE, (void (*)(void *))kfree,
		     (u8 *)s->slab.ptr + off);
}

/* kfree of a freed object of a debugged program cache: a double free. */
static void exec_double_kfree(struct run *r, const struct op *op)
{
	struct slot_rt *s = &r->slot[op->val[0]];
	const struct slot_rt *c;
	const struct page *head;

	r->slab_used = true;
	if (s->state != RT_FREED || s->kind != RT_OBJECT || !slab_debug_on(r)) {
		run_trace(r, "skipped: needs a freed object of a program cache, and slab_debug");
		return;
	}
	c = &r->slot[s->slab.cache];
	if (c->state != RT_LIVE ||
	    shadow_get(&r->shadow, obj_phys(s->slab.ptr)) != SHADOW_FREE) {
		run_trace(r, "skipped: the cache is gone or the object is in use again");
		return;
	}
	head = compound_head(virt_to_page(s->slab.ptr));
	if (!PageSlab(head) || head->slab_cache != c->slab.ptr) {
		run_trace(r, "skipped: the object's slab went back to the page allocator");
		return;
	}
	model_misuse(r, REPORT_DOUBLE_FREE, (void (*)(void *))kfree, s->slab.ptr);
}

size_t slab_model_ksize(struct run *r, struct slot_rt *s)
{
	size_t ks = ksize(s->slab.ptr);

	run_trace(r, "ksize %zu", ks);
	if (ks >= s->slab.size)
		return ks;
	oracle_fail(r, "ksize", "p%d: ksize() is %zu, below the %u bytes asked for",
		    (int)(s - r->slot), ks, s->slab.size);
	return 0;
}

static void exec_ksize(struct run *r, const struct op *op)
{
	struct slot_rt *s = &r->slot[op->val[0]];

	if (!is_object(s) || s->slab.ptr == ZERO_SIZE_PTR) {
		run_trace(r, "skipped: p%lld is no live object", (long long)op->val[0]);
		return;
	}
	slab_model_ksize(r, s);
}

/* ---- contents ------------------------------------------------------------------------- */

static void exec_kmem_write(struct run *r, const struct op *op)
{
	struct slot_rt *s = &r->slot[op->val[0]];

	if (!is_object(s) || s->slab.ptr == ZERO_SIZE_PTR) {
		run_trace(r, "skipped: p%lld is no live object", (long long)op->val[0]);
		return;
	}
	s->slab.fill = FILL_SEED;
	s->slab.seed = (u8)op->val[1];
	s->slab.fill_len = s->slab.size;
	fill_write(s->slab.ptr, FILL_SEED, s->slab.seed, s->slab.size);
}

static void exec_kmem_check(struct run *r, const struct op *op)
{
	struct slot_rt *s = &r->slot[op->val[0]];

	if (is_object(s))
		obj_contents_ok(r, s);
}

/* ---- caches ------------------------------------------------------------------------- */

/* The SLAB_* flags of an ARG_SLAB_FLAGS value. */
unsigned int slab_flags_of(s64 arg)
{
	static const slab_flags_t bits[4] = {
		SLAB_HWCACHE_ALIGN, SLAB_POISON, SLAB_RED_ZONE, SLAB_STORE_USER,
	};
	slab_flags_t flags = 0;

	for (int i = 0; i < 4; i++)
		if (arg & (1 << i))
			flags |= bits[i];
	return flags;
}

void slab_model_cache(struct run *r, int slot, const char *fn, struct kmem_cache *c,
		      u32 size, u32 align, u32 flags, bool ctor)
{
	struct slot_rt *s;

	r->slab_used = true;
	if (!size && c)
		oracle_fail(r, "bad-arg", "%s(size 0) made a cache", fn);
	if (!slab_alloc_reports_ok(r, fn, 0, c != NULL) || !c)
		return;
	s = &r->slot[slot];
	*s = (struct slot_rt){ .state = RT_LIVE, .kind = RT_CACHE };
	s->slab = (struct slab_rt){ .ptr = c, .size = size, .flags = flags, .ctor = ctor,
				    .align = max(align, (u32)ARCH_SLAB_MINALIGN) };
	/* SLAB_HWCACHE_ALIGN: a cache line, unless the object is smaller. */
	if ((flags & SLAB_HWCACHE_ALIGN) && size > L1_CACHE_BYTES / 2)
		s->slab.align = max(s->slab.align, (u32)L1_CACHE_BYTES);
	if (kmem_cache_size(c) != size)
		oracle_fail(r, "cache", "kmem_cache_size() is %u, not %u", kmem_cache_size(c), size);
}

static void exec_cache_create(struct run *r, const struct op *op)
{
	u32 size = (u32)op->val[0], align = (u32)op->val[1];
	bool ctor = op->val[3];
	slab_flags_t flags = slab_flags_of(op->val[2]);
	char name[32];

	snprintf(name, sizeof(name), "fuzz-%d", op->slot);
	slab_model_cache(r, op->slot, "kmem_cache_create",
			 kmem_cache_create(name, size, align, flags, ctor ? slab_ctor : NULL),
			 size, align, flags, ctor);
}

static void exec_cache_alloc(struct run *r, const struct op *op)
{
	struct slot_rt *c = slab_slot(r, op->val[0], RT_CACHE);
	gfp_t gfp = (gfp_t)op->val[1];
	void *p;

	if (!c)
		return;
	/* A ctor cache's objects are constructed, not zeroed. */
	if (c->slab.ctor)
		gfp &= ~__GFP_ZERO;
	/* The cache, not the mask, decides the zone: only kmalloc promises it. */
	p = kmem_cache_alloc(c->slab.ptr, gfp);
	if (!context_model_alloc_slept(r, "kmem_cache_alloc", gfp))
		return;
	slab_new(r, op->slot, "kmem_cache_alloc", p, c->slab.size, gfp & ~__GFP_DMA,
		 c->slab.align, RT_OBJECT, (int16_t)op->val[0], c->slab.ctor);
	if (r->slot[op->slot].state == RT_LIVE)
		c->slab.live++;
}

struct cache_free {
	struct kmem_cache	*cache;
	void			*obj;
};

static void call_cache_free(void *arg)
{
	const struct cache_free *f = arg;

	kmem_cache_free(f->cache, f->obj);
}

static void exec_cache_free(struct run *r, const struct op *op)
{
	struct slot_rt *c = slab_slot(r, op->val[0], RT_CACHE);
	struct slot_rt *s = &r->slot[op->val[1]];
	struct cache_free f;

	r->slab_used = true;
	if (!c)
		return;
	if (!is_object(s) || s->slab.ptr == ZERO_SIZE_PTR) {
		run_trace(r, "skipped: p%lld is no live object", (long long)op->val[1]);
		return;
	}
	f = (struct cache_free){ c->slab.ptr, s->slab.ptr };
	if (s->kind != RT_OBJECT || s->slab.cache != op->val[0]) {
		model_misuse(r, REPORT_SLAB_BAD_FREE, call_cache_free, &f);
		return;
	}
	if (!obj_contents_ok(r, s))
		return;
	if (c->slab.ctor)
		fill_write(s->slab.ptr, FILL_CTOR, 0, s->slab.size);
	kmem_cache_free(c->slab.ptr, s->slab.ptr);
	slab_forget(r, s);
}

static void exec_cache_shrink(struct run *r, const struct op *op)
{
	struct slot_rt *c = slab_slot(r, op->val[0], RT_CACHE);

	if (c)
		kmem_cache_shrink(c->slab.ptr);
}

static void call_destroy(void *arg)
{
	kmem_cache_destroy(arg);
}

static void exec_cache_destroy(struct run *r, const struct op *op)
{
	struct slot_rt *c = slab_slot(r, op->val[0], RT_CACHE);

	r->slab_used = true;
	if (!c)
		return;
	if (c->slab.live) {
		/*
		 * Refused: the cache and its objects stay valid.  Like Linux's,
		 * the destroy first flushes the cpu slabs and frees the empty
		 * ones, as kmem_cache_shrink() does: done here first, so that
		 * the refusal itself must leave the page allocator as it was.
		 */
		kmem_cache_shrink(c->slab.ptr);
		model_misuse(r, REPORT_SLAB_LEAK, call_destroy, c->slab.ptr);
		return;
	}
	kmem_cache_destroy(c->slab.ptr);
	c->state = RT_FREED;
}

static void exec_shrink_all(struct run *r, const struct op *op)
{
	r->slab_used = true;
	kmem_cache_shrink_all();
}

/* ---- the model's whole-machine part ---------------------------------------------------- */

/*
 * Pages held by slabs and large kmallocs, per zone.  Between ops the
 * allocator's own zone->slab_pages is used: counting them ourselves means
 * reading every struct page, too slow for every op.  slab_pages_agree()
 * checks that counter against an independent count once, at the end.
 */
void slab_model_pages(struct run *r, unsigned long pages[MAX_NUMNODES][MAX_NR_ZONES])
{
	memset(pages, 0, sizeof(unsigned long) * MAX_NUMNODES * MAX_NR_ZONES);
	if (!r->slab_used)
		return;
	for (unsigned int nid = 0; nid < machine.nr_nodes; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			pages[nid][z] = machine.node_data[nid].node_zones[z].slab_pages;
}

/*
 * Count the PG_slab and PG_large_kmalloc blocks in RAM range [@start, @end)
 * into @counted.  A free block is stepped over whole, and so is a run of
 * struct pages that nothing may have written since the last reset (never
 * grown by deferred init, mostly): a 4 GiB machine costs a few thousand
 * steps, not a million.  Neither step trusts zone->slab_pages, which is
 * what the count is checked against; the second trusts mm/ram.c's record
 * of written struct pages, which teardown relies on too (and
 * tests/resident_test.c checks against a fresh boot).
 */
__no_sanitize_coverage
static void count_slab_pages(unsigned long start, unsigned long end,
			     unsigned long counted[MAX_NUMNODES][MAX_NR_ZONES])
{
	for (unsigned long pfn = start; pfn < end; ) {
		const struct page *page = pfn_to_page(pfn);
		int n, z;

		if (PageBuddy(page)) {
			pfn += 1UL << page->order;
			continue;
		}
		if ((!PageSlab(page) && !PageLargeKmalloc(page)) || page_ref_count(page) <= 0) {
			pfn = ram_next_written_page(pfn + 1, end);
			continue;
		}
		model_zone_of(pfn, &n, &z);
		counted[n][z] += 1UL << page->order;
		pfn += 1UL << page->order;
	}
}

/* Count PG_slab and PG_large_kmalloc blocks ourselves; compare per zone. */
__no_sanitize_coverage
static bool slab_pages_agree(struct run *r)
{
	unsigned long counted[MAX_NUMNODES][MAX_NR_ZONES] = { { 0 } };

	for (unsigned int i = 0; i < r->tmpl->nr_ranges; i++)
		count_slab_pages((unsigned long)(r->tmpl->ram[i].start >> PAGE_SHIFT),
				 min((unsigned long)(r->tmpl->ram[i].end >> PAGE_SHIFT),
				     machine.max_pfn),
				 counted);
	for (unsigned int nid = 0; nid < machine.nr_nodes; nid++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &machine.node_data[nid].node_zones[z];

			if (counted[nid][z] == zone->slab_pages)
				continue;
			oracle_fail(r, "slab-pages", "node %u zone %s: slab_pages says %lu",
				    nid, zone->name, zone->slab_pages);
			oracle_detail(r, "counted: %lu pages in PG_slab/PG_large_kmalloc blocks",
				      counted[nid][z]);
			return false;
		}
	}
	return true;
}

bool slab_model_after_op(struct run *r)
{
	if (!r->slab_used)
		return true;
	for (int i = 0; i < PROG_MAX_SLOTS; i++)
		if (is_object(&r->slot[i]) && !obj_contents_in(r, &r->slot[i], false))
			return false;
	if (slab_is_valid())
		return true;
	r->expect_reports[REPORT_INCONSISTENT] = report_count(REPORT_INCONSISTENT);
	return oracle_fail(r, "consistency", "slab_is_valid() failed");
}

bool slab_model_end(struct run *r)
{
	if (!r->slab_used)
		return true;
	if (!slab_pages_agree(r))
		return false;
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		struct slot_rt *s = &r->slot[i];

		if (!is_object(s))
			continue;
		if (!obj_contents_ok(r, s))
			return false;
		kfree(s->slab.ptr);
		slab_forget(r, s);
	}
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		struct slot_rt *s = &r->slot[i];

		if (s->state == RT_LIVE && s->kind == RT_CACHE) {
			kmem_cache_destroy(s->slab.ptr);
			s->state = RT_FREED;
		}
	}
	kmem_cache_shrink_all();
	return slab_model_after_op(r);
}

/* ---- the table --------------------------------------------------------------------------- */

const struct op_desc slab_ops[] = {
	{ "kmalloc", 5, 2, { { ARG_SIZE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_kmalloc },
	{ "kzalloc", 2, 2, { { ARG_SIZE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_kzalloc },
	{ "kcalloc", 1, 3, { { ARG_SIZE, NULL }, { ARG_SIZE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_kcalloc },
	{ "krealloc", 2, 3, { { ARG_LIVE, NULL }, { ARG_SIZE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .frees_slot = true, .order_val = -1, .expect = NO_REPORT,
	  .exec = exec_krealloc },
	{ "kfree", 4, 1, { { ARG_LIVE, NULL } },
	  .frees_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_kfree },
	{ "ksize", 1, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_ksize },
	{ "kmem_write", 2, 2, { { ARG_LIVE, NULL }, { ARG_SEED, "seed" } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kmem_write },
	{ "kmem_check", 1, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kmem_check },
	{ "kmem_cache_create", 2, 4,
	  { { ARG_SIZE, NULL }, { ARG_ALIGN, "align" }, { ARG_SLAB_FLAGS, "flags" },
	    { ARG_CTOR, "ctor" } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_cache_create },
	{ "kmem_cache_alloc", 4, 2, { { ARG_LIVE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_cache_alloc },
	{ "kmem_cache_free", 3, 2, { { ARG_LIVE, NULL }, { ARG_LIVE, NULL } },
	  .frees_slot = true, .free_val = 1, .order_val = -1, .expect = NO_REPORT,
	  .exec = exec_cache_free },
	{ "kmem_cache_shrink", 1, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_cache_shrink },
	{ "kmem_cache_destroy", 1, 1, { { ARG_LIVE, NULL } },
	  .frees_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_cache_destroy },
	{ "kmem_cache_shrink_all", 1, 0, { { ARG_NULL, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_shrink_all },
	/* Misuse. */
	{ "kfree", 1, 2, { { ARG_LIVE, NULL }, { ARG_SEED, "off" } },
	  .order_val = -1, .expect = REPORT_SLAB_BAD_FREE, .exec = exec_kfree_interior },
	{ "kfree", 1, 1, { { ARG_FREED, NULL } },
	  .order_val = -1, .expect = REPORT_DOUBLE_FREE, .exec = exec_double_kfree },
};

const unsigned int nr_slab_ops = ARRAY_SIZE(slab_ops);
