// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of the DMA API and the exact-size and count-taking allocators, and
 * their part of the model: dma_alloc_coherent()/dma_free_coherent(), DMA
 * pools, alloc_pages_exact()/free_pages_exact(), vmalloc_32(),
 * vmalloc_user(), kmalloc_array() and its kin with counts that overflow,
 * and the DMA misuse that must be reported and refused.
 *
 * Devices: three per run, made by the harness (ARG_DEVICE): "isa" with a
 * 24-bit mask, "dev32" and "dev64".  The model knows their masks and never
 * asks the kernel.
 *
 * A coherent buffer is a page block to the model (model_alloc() checks the
 * zone its mask promises, alignment, overlap, RAM), plus: its bus address
 * is its physical address, its last byte is under the device's mask, its
 * CPU address is a page-aligned direct-map address (never highmem), and
 * the first PAGE_ALIGN(size) bytes read zero.
 *
 * A pool's promises are computed by the model from Linux's rules, not read
 * from the pool: block size, the pool page's bytes, the boundary, blocks
 * per page.  Pool pages are learnt as blocks appear in them: a block outside
 * every known page of its pool must be in a new page, which may only happen
 * when every block of the known pages is live, and must be shadow-free
 * before.  Shadow: a pool page is SHADOW_DMA_POOL, a live block in it
 * SHADOW_ALLOCATED, so blocks never overlap each other or anything else.
 * Every block is aligned, under the mask, inside its page, never across its
 * boundary, zero when new or from dma_pool_zalloc().  Every buffer, block
 * and exact allocation gets a pattern at its head that must survive.
 *
 * Count-taking allocations make no slot: a count whose product with the
 * size wraps must give NULL with no report and no page taken; otherwise
 * the memory is checked (zero where promised, free in the shadow) and
 * freed at once.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "fuzz/compiler.h"
#include "fuzz/op_table.h"
#include "fuzz/ops.h"
#include "fuzz/run.h"

#define NO_REPORT	NR_REPORT_TYPES
/* Bytes of pattern at the head of each buffer, block and exact range. */
#define DMA_HEAD	64
/* What a handle holds until the API writes it: a failure must not. */
#define HANDLE_UNSET	0x5a5a5a5a5a5a5a5aULL
#define ZONE_GFP	(__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM)
/* Count-taking allocations larger than this that vmalloc would serve are skipped. */
#define COUNT_SLOW_BYTES	(16UL << 20)

static const struct {
	const char	*name;
	unsigned int	bits;
	gfp_t		zone;	/* what dma-direct asks the page allocator for */
} dev_desc[3] = {
	{ "isa", 24, GFP_DMA }, { "dev32", 32, GFP_DMA32 }, { "dev64", 64, 0 },
};

static struct device devs[ARRAY_SIZE(dev_desc)];

static u64 dev_mask(unsigned int d)
{
	return DMA_BIT_MASK(dev_desc[d].bits);
}

/* Harness device @d, as every run has it (idempotent, touches no memory). */
static struct device *dma_dev(struct run *r, unsigned int d)
{
	struct device *dev = &devs[d];

	device_initialize(dev, dev_desc[d].name);
	if (dma_set_mask_and_coherent(dev, dev_mask(d)))
		oracle_fail(r, "dma-mask", "dma_set_mask_and_coherent(%s, %u bits) failed",
			    dev_desc[d].name, dev_desc[d].bits);
	return dev;
}

/* The smallest order that holds @bytes (> 0): the model's own get_order(). */
static unsigned int order_for(u64 bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static u8 slot_seed(int slot)
{
	return (u8)(slot * 37 + 11);
}

static struct slot_rt *dma_slot(struct run *r, s64 slot, u8 kind, const char *what)
{
	struct slot_rt *s = &r->slot[slot];

	if (s->state == RT_LIVE && s->kind == kind)
		return s;
	run_trace(r, "skipped: p%lld is no live %s", (long long)slot, what);
	return NULL;
}

/* The physical address of a direct-map pointer, by the arch VA. */
static phys_addr_t dm_phys(const void *p)
{
	return (phys_addr_t)(host_to_kva(p) - PAGE_OFFSET);
}

__no_sanitize_coverage
static bool bytes_zero(struct run *r, const char *what, const void *p, u64 len)
{
	const u8 *b = p;

	for (u64 i = 0; i < len; i++)
		if (b[i])
			return oracle_fail(r, "zero", "%s: byte %#llx at VA %#lx is %#x, not 0",
					   what, (unsigned long long)i, host_to_kva(b + i), b[i]);
	return true;
}

static void account(struct run *r, unsigned long pfn, long pages)
{
	int n, z;

	model_zone_of(pfn, &n, &z);
	r->live_pages[n][z] += (unsigned long)pages;
}

/* Every region of @s still holds its pattern. */
static bool regions_ok(struct run *r, struct slot_rt *s)
{
	for (unsigned int g = 0; g < s->nr_regions && !r->failed; g++)
		model_check(r, s, s->regions[g].off, s->regions[g].len);
	return !r->failed;
}

/* ---- coherent buffers ------------------------------------------------------ */

struct coherent_call {
	struct device	*dev;
	size_t		size;
	gfp_t		gfp;
	void		*cpu;
	dma_addr_t	handle;
};

static void call_alloc_coherent(void *arg)
{
	struct coherent_call *c = arg;

	c->cpu = dma_alloc_coherent(c->dev, c->size, &c->handle, c->gfp);
}

static void call_free_coherent(void *arg)
{
	const struct coherent_call *c = arg;

	dma_free_coherent(c->dev, c->size, c->cpu, c->handle);
}

static void exec_dma_alloc_coherent(struct run *r, const struct op *op)
{
	unsigned int d = (unsigned int)op->val[0];
	struct coherent_call c = {
		.dev = dma_dev(r, d), .size = (size_t)op->val[1],
		.gfp = (gfp_t)op->val[2], .handle = HANDLE_UNSET,
	};
	gfp_t eff = (c.gfp & ~(ZONE_GFP | __GFP_ZERO)) | dev_desc[d].zone;
	struct slot_rt *s = &r->slot[op->slot];
	unsigned long pfn;

	/* Refused up front (__GFP_COMP), or order 52 for size 0: one warning. */
	if ((c.gfp & __GFP_COMP) || (!c.size && !(c.gfp & __GFP_NOWARN))) {
		model_misuse(r, REPORT_BAD_ARG, call_alloc_coherent, &c);
		if (c.cpu)
			oracle_fail(r, "dma-alloc", "dma_alloc_coherent(%s, %zu) succeeded with a warning",
				    dev_desc[d].name, c.size);
		return;
	}
	call_alloc_coherent(&c);
	if (!c.cpu && c.handle != HANDLE_UNSET) {
		oracle_fail(r, "dma-handle", "a failed dma_alloc_coherent() wrote the handle");
		return;
	}
	if (!c.size) {
		if (c.cpu)
			oracle_fail(r, "dma-alloc", "dma_alloc_coherent(size 0) returned memory");
		return;
	}
	pfn = c.cpu ? model_addr_pfn(r, (unsigned long)c.cpu) : -1UL;
	model_alloc(r, op->slot, pfn, order_for(PAGE_ALIGN(c.size)), eff, -1);
	if (r->failed || !c.cpu)
		return;
	s->kind = RT_DMA_COHERENT;
	s->dma = (struct dma_rt){ .cpu = c.cpu, .handle = c.handle, .size = (u32)c.size,
				  .dev = (u8)d };
	run_trace(r, "%s: bus %#llx, %zu bytes", dev_desc[d].name,
		  (unsigned long long)c.handle, c.size);
	if (c.handle != PFN_PHYS(pfn)) {
		oracle_fail(r, "dma-handle", "bus address %#llx is not the physical address of pfn %#lx",
			    (unsigned long long)c.handle, pfn);
		return;
	}
	if (c.handle + c.size - 1 > dev_mask(d)) {
		oracle_fail(r, "dma-mask", "%s: buffer [%#llx, +%zu) is above its %u-bit mask",
			    dev_desc[d].name, (unsigned long long)c.handle, c.size,
			    dev_desc[d].bits);
		return;
	}
	if (!bytes_zero(r, "dma_alloc_coherent", c.cpu, PAGE_ALIGN(c.size)))
		return;
	model_write(r, s, 0, (u32)min(c.size, (size_t)DMA_HEAD), slot_seed(op->slot));
}

static bool coherent_free(struct run *r, struct slot_rt *s)
{
	struct coherent_call c = {
		.dev = dma_dev(r, s->dma.dev), .size = s->dma.size, .cpu = s->dma.cpu,
		.handle = s->dma.handle,
	};

	if (!model_free_begin(r, s))
		return false;
	call_free_coherent(&c);
	model_free_end(r, s);
	if (page_ref_count(pfn_to_page(s->pfn)))
		return oracle_fail(r, "dma-free", "dma_free_coherent() left pfn %#lx allocated",
				   s->pfn);
	return true;
}

static void exec_dma_free_coherent(struct run *r, const struct op *op)
{
	struct slot_rt *s = dma_slot(r, op->val[0], RT_DMA_COHERENT, "coherent buffer");

	if (s)
		coherent_free(r, s);
}

/* dma_free_coherent(pN, size=S): any size but the allocation's. */
static void exec_dma_free_coherent_size(struct run *r, const struct op *op)
{
	struct slot_rt *s = dma_slot(r, op->val[0], RT_DMA_COHERENT, "coherent buffer");
	struct coherent_call c;

	if (!s)
		return;
	c = (struct coherent_call){ .dev = dma_dev(r, s->dma.dev), .size = (size_t)op->val[1],
				    .cpu = s->dma.cpu, .handle = s->dma.handle };
	if (c.size == s->dma.size)
		c.size++;
	run_trace(r, "size %zu, allocated with %u", c.size, s->dma.size);
	model_misuse(r, REPORT_DMA_BAD_FREE, call_free_coherent, &c);
}

/* dma_free_coherent() of a freed buffer whose handle no live one has. */
static void exec_dma_double_free_coherent(struct run *r, const struct op *op)
{
	struct slot_rt *s = &r->slot[op->val[0]];
	struct coherent_call c;

	if (s->state != RT_FREED || s->kind != RT_DMA_COHERENT) {
		run_trace(r, "skipped: p%lld is no freed coherent buffer", (long long)op->val[0]);
		return;
	}
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		const struct slot_rt *o = &r->slot[i];

		if (o->state == RT_LIVE && o->kind == RT_DMA_COHERENT &&
		    o->dma.dev == s->dma.dev && o->dma.handle == s->dma.handle) {
			run_trace(r, "skipped: p%d has the same bus address now", i);
			return;
		}
	}
	c = (struct coherent_call){ .dev = dma_dev(r, s->dma.dev), .size = s->dma.size,
				    .cpu = s->dma.cpu, .handle = s->dma.handle };
	model_misuse(r, REPORT_DMA_BAD_FREE, call_free_coherent, &c);
}

/* ---- pools ------------------------------------------------------------------- */

/* Linux's dma_pool_create() rules, written out again; false: refused. */
static bool pool_rules(struct dma_rt *p, u64 size, u64 align, u64 boundary)
{
	u64 rounded, bnd, alloc;

	if (!size || size > 0x7fffffff || (align & (align - 1)))
		return false;
	align = align ? align : 1;
	rounded = (max(size, (u64)16) + align - 1) / align * align;
	if (boundary && (boundary < rounded || (boundary & (boundary - 1))))
		return false;
	alloc = max(rounded, (u64)PAGE_SIZE);
	bnd = boundary ? min(boundary, alloc) : alloc;
	p->size = (u32)rounded;
	p->align = (u32)align;
	p->allocation = (u32)alloc;
	p->boundary = (u32)bnd;
	/* Each boundary segment holds floor(its bytes / block) blocks. */
	p->per_page = 0;
	for (u64 seg = 0; seg < alloc; seg += bnd)
		p->per_page += (u32)(min(bnd, alloc - seg) / rounded);
	return true;
}

static void exec_dma_pool_create(struct run *r, const struct op *op)
{
	unsigned int d = (unsigned int)op->val[0];
	struct dma_rt want = { .dev = (u8)d };
	bool valid = pool_rules(&want, (u64)op->val[1], (u64)op->val[2], (u64)op->val[3]);
	struct slot_rt *s = &r->slot[op->slot];
	struct dma_pool *pool;
	char name[16];

	snprintf(name, sizeof(name), "pool-p%d", op->slot);
	pool = dma_pool_create(name, dma_dev(r, d), (size_t)op->val[1], (size_t)op->val[2],
			       (size_t)op->val[3]);
	if (!valid) {
		if (pool)
			oracle_fail(r, "pool-rules", "dma_pool_create(size %lld, align %lld, boundary %lld) breaks Linux's rules but made a pool",
				    (long long)op->val[1], (long long)op->val[2],
				    (long long)op->val[3]);
		return;
	}
	if (!pool) {
		oracle_fail(r, "pool-rules", "dma_pool_create(size %lld, align %lld, boundary %lld) refused a valid pool",
			    (long long)op->val[1], (long long)op->val[2], (long long)op->val[3]);
		return;
	}
	*s = (struct slot_rt){ .state = RT_LIVE, .kind = RT_DMA_POOL, .dma = want };
	s->dma.cpu = pool;
	run_trace(r, "block %u, page %u bytes, boundary %u, %u per page", want.size,
		  want.allocation, want.boundary, want.per_page);
	if (dma_pool_block_size(pool) != want.size)
		oracle_fail(r, "pool-rules", "block size %zu, Linux's rules give %u",
			    dma_pool_block_size(pool), want.size);
}

/* The known page of pool @p holding [phys, phys + len), or -1. */
static int pool_page_of(const struct dma_rt *p, phys_addr_t phys, u64 len)
{
	for (unsigned int i = 0; i < p->nr_pages; i++) {
		phys_addr_t base = PFN_PHYS(p->page_pfn[i]);

		if (phys >= base && phys + len <= base + p->allocation)
			return (int)i;
	}
	return -1;
}

/*
 * A live block of pool slot @pool, other than slot @self, with a byte in
 * [@start, @end): its slot, or -1.  Blocks of a pool with align 0 and an
 * odd size start anywhere (Linux aligns them to nothing), so neighbours
 * may share a shadow granule; this is the byte-exact overlap check.
 */
static int pool_block_in(const struct run *r, int pool, int self, phys_addr_t start,
			 phys_addr_t end)
{
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		const struct slot_rt *o = &r->slot[i];

		if (i != self && o->state == RT_LIVE && o->kind == RT_DMA_BLOCK &&
		    o->dma.pool == pool && o->dma.handle < end && start < o->dma.handle + o->dma.size)
			return i;
	}
	return -1;
}

/* The granules of [@phys, +@size) no live neighbour of @self in @pool shares. */
static void pool_block_granules(const struct run *r, int pool, int self, phys_addr_t phys,
				u32 size, phys_addr_t *first, phys_addr_t *end)
{
	phys_addr_t last = ALIGN_DOWN(phys + size - 1, SHADOW_GRANULE);

	*first = ALIGN_DOWN(phys, SHADOW_GRANULE);
	*end = last + SHADOW_GRANULE;
	if (pool_block_in(r, pool, self, *first, *first + SHADOW_GRANULE) >= 0)
		*first += SHADOW_GRANULE;
	if (*end > *first && pool_block_in(r, pool, self, last, *end) >= 0)
		*end = last;
}

/*
 * Checks of a new block at @phys of pool slot @pool (the op's slot
 * @self); a new page is recorded.
 */
static bool pool_block_ok(struct run *r, int pool, int self, phys_addr_t phys,
			  const void *cpu, bool zeroed)
{
	struct dma_rt *p = &r->slot[pool].dma;
	u64 page_bytes = PAGE_SIZE << order_for(p->allocation);
	phys_addr_t first, end;
	int other;
	phys_addr_t bad, base, off;
	enum shadow_state found;
	bool fresh = false;
	int page;

	if (phys % p->align)
		return oracle_fail(r, "pool-align", "block at bus %#llx is not %u-aligned",
				   (unsigned long long)phys, p->align);
	if (phys + p->size - 1 > dev_mask(p->dev))
		return oracle_fail(r, "dma-mask", "%s: block at %#llx is above its %u-bit mask",
				   dev_desc[p->dev].name, (unsigned long long)phys,
				   dev_desc[p->dev].bits);
	page = pool_page_of(p, phys, p->size);
	if (page < 0) {
		/* A new pool page: only once every known block is taken. */
		if (p->live < p->nr_pages * p->per_page)
			return oracle_fail(r, "pool-page", "block at %#llx is outside the pool's %u pages, which have free blocks",
					   (unsigned long long)phys, p->nr_pages);
		base = phys & ~(page_bytes - 1);
		if (phys + p->size > base + p->allocation)
			return oracle_fail(r, "pool-page", "block [%#llx, +%u) runs past its pool page at %#llx",
					   (unsigned long long)phys, p->size,
					   (unsigned long long)base);
		if (!shadow_check(&r->shadow, base, page_bytes, SHADOW_FREE, &bad, &found)) {
			oracle_fail(r, "overlap", "new pool page at %#llx overlaps memory that is %s",
				    (unsigned long long)base, shadow_state_name(found));
			oracle_detail(r, "found: granule at phys %#llx", (unsigned long long)bad);
			return false;
		}
		p->page_pfn[p->nr_pages++] = PHYS_PFN(base);
		shadow_set(&r->shadow, base, page_bytes, SHADOW_DMA_POOL);
		account(r, PHYS_PFN(base), (long)(page_bytes >> PAGE_SHIFT));
		fresh = true;
		page = (int)p->nr_pages - 1;
		run_trace(r, "new pool page at pfn %#lx", PHYS_PFN(base));
	}
	/*
	 * Linux counts boundaries from the pool page's start; a user's
	 * boundary is a power of two no larger than the page's alignment, so
	 * that is also a promise about bus addresses.
	 */
	off = phys - PFN_PHYS(p->page_pfn[page]);
	if (off / p->boundary != (off + p->size - 1) / p->boundary)
		return oracle_fail(r, "pool-boundary", "block [%#llx, +%u) crosses a %u-byte boundary of its pool page",
				   (unsigned long long)phys, p->size, p->boundary);
	other = pool_block_in(r, pool, self, phys, phys + p->size);
	if (other >= 0)
		return oracle_fail(r, "overlap", "pool block [%#llx, +%u) overlaps live block p%d at %#llx",
				   (unsigned long long)phys, p->size, other,
				   (unsigned long long)r->slot[other].dma.handle);
	pool_block_granules(r, pool, self, phys, p->size, &first, &end);
	if (first < end && !shadow_check(&r->shadow, first, end - first, SHADOW_DMA_POOL, &bad, &found)) {
		oracle_fail(r, "overlap", "pool block [%#llx, +%u) overlaps memory that is %s",
			    (unsigned long long)phys, p->size, shadow_state_name(found));
		oracle_detail(r, "found: granule at phys %#llx", (unsigned long long)bad);
		return false;
	}
	/* Coherent memory is zeroed, so a block of a new page is too. */
	if ((fresh || zeroed) && !bytes_zero(r, zeroed ? "dma_pool_zalloc" : "new pool page",
					     cpu, p->size))
		return false;
	shadow_set(&r->shadow, phys, p->size, SHADOW_ALLOCATED);
	return true;
}

static void pool_alloc(struct run *r, const struct op *op, bool zero)
{
	struct slot_rt *ps = dma_slot(r, op->val[0], RT_DMA_POOL, "pool");
	gfp_t gfp = (gfp_t)op->val[1];
	dma_addr_t handle = HANDLE_UNSET;
	struct slot_rt *s = &r->slot[op->slot];
	struct dma_rt *p;
	void *cpu;

	if (!ps)
		return;
	p = &ps->dma;
	if (p->live == p->nr_pages * p->per_page && p->nr_pages == DMA_RT_MAX_POOL_PAGES) {
		run_trace(r, "skipped: the model follows %d pool pages", DMA_RT_MAX_POOL_PAGES);
		return;
	}
	cpu = zero ? dma_pool_zalloc(p->cpu, gfp, &handle) : dma_pool_alloc(p->cpu, gfp, &handle);
	if (!slab_alloc_reports_ok(r, zero ? "dma_pool_zalloc" : "dma_pool_alloc",
				   gfp & ~ZONE_GFP, cpu != NULL))
		return;
	if (!cpu) {
		if (p->live < p->nr_pages * p->per_page)
			oracle_fail(r, "pool-alloc", "dma_pool_alloc() failed with %u free blocks",
				    p->nr_pages * p->per_page - p->live);
		else if (handle != HANDLE_UNSET)
			oracle_fail(r, "dma-handle", "a failed dma_pool_alloc() wrote the handle");
		return;
	}
	if (!virt_addr_valid(cpu) || handle != dm_phys(cpu)) {
		oracle_fail(r, "dma-handle", "block at VA %#lx: bus address %#llx is not its physical address",
			    host_to_kva(cpu), (unsigned long long)handle);
		return;
	}
	if (!pool_block_ok(r, (int)op->val[0], op->slot, handle, cpu, zero || (gfp & __GFP_ZERO)))
		return;
	p->live++;
	*s = (struct slot_rt){ .state = RT_LIVE, .kind = RT_DMA_BLOCK, .pfn = PHYS_PFN(handle) };
	s->dma = (struct dma_rt){ .cpu = cpu, .handle = handle, .size = p->size, .dev = p->dev,
				  .pool = (int16_t)op->val[0] };
	run_trace(r, "block at bus %#llx", (unsigned long long)handle);
	model_write(r, s, (u32)(handle & ~PAGE_MASK), min(p->size, (u32)DMA_HEAD),
		    slot_seed(op->slot));
}

static void exec_dma_pool_alloc(struct run *r, const struct op *op)
{
	pool_alloc(r, op, false);
}

static void exec_dma_pool_zalloc(struct run *r, const struct op *op)
{
	pool_alloc(r, op, true);
}

static bool pool_free(struct run *r, struct slot_rt *s)
{
	struct dma_rt *p = &r->slot[s->dma.pool].dma;
	phys_addr_t bad, first, end;
	enum shadow_state found;

	if (!regions_ok(r, s))
		return false;
	if (!shadow_check(&r->shadow, s->dma.handle, s->dma.size, SHADOW_ALLOCATED, &bad, &found))
		return oracle_fail(r, "shadow", "live block p%d is %s at phys %#llx",
				   (int)(s - r->slot), shadow_state_name(found),
				   (unsigned long long)bad);
	dma_pool_free(p->cpu, s->dma.cpu, s->dma.handle);
	/* A granule a live neighbour shares stays allocated. */
	pool_block_granules(r, s->dma.pool, (int)(s - r->slot), s->dma.handle, s->dma.size,
			    &first, &end);
	if (first < end)
		shadow_set(&r->shadow, first, end - first, SHADOW_DMA_POOL);
	s->state = RT_FREED;
	p->live--;
	return true;
}

static void exec_dma_pool_free(struct run *r, const struct op *op)
{
	struct slot_rt *s = dma_slot(r, op->val[0], RT_DMA_BLOCK, "pool block");

	if (s)
		pool_free(r, s);
}

struct pool_free_call {
	struct dma_pool	*pool;
	void		*cpu;
	dma_addr_t	handle;
};

static void call_pool_free(void *arg)
{
	const struct pool_free_call *c = arg;

	dma_pool_free(c->pool, c->cpu, c->handle);
}

/* dma_pool_free() of a freed block nobody has taken since: a double free. */
static void exec_dma_pool_double_free(struct run *r, const struct op *op)
{
	struct slot_rt *s = &r->slot[op->val[0]];
	struct pool_free_call c;

	if (s->state != RT_FREED || s->kind != RT_DMA_BLOCK ||
	    r->slot[s->dma.pool].state != RT_LIVE ||
	    pool_block_in(r, s->dma.pool, (int)op->val[0], s->dma.handle,
			  s->dma.handle + s->dma.size) >= 0) {
		run_trace(r, "skipped: needs a freed block of a live pool, not reused");
		return;
	}
	c = (struct pool_free_call){ r->slot[s->dma.pool].dma.cpu, s->dma.cpu, s->dma.handle };
	model_misuse(r, REPORT_DMA_BAD_FREE, call_pool_free, &c);
}

static void call_pool_destroy(void *arg)
{
	dma_pool_destroy(arg);
}

static bool pool_destroy(struct run *r, struct slot_rt *ps)
{
	struct dma_rt *p = &ps->dma;
	u64 page_bytes = PAGE_SIZE << order_for(p->allocation);
	phys_addr_t bad;
	enum shadow_state found;

	for (unsigned int i = 0; i < p->nr_pages; i++)
		if (!shadow_check(&r->shadow, PFN_PHYS(p->page_pfn[i]), page_bytes,
				  SHADOW_DMA_POOL, &bad, &found))
			return oracle_fail(r, "shadow", "pool p%d with no live block: phys %#llx is %s",
					   (int)(ps - r->slot), (unsigned long long)bad,
					   shadow_state_name(found));
	dma_pool_destroy(p->cpu);
	ps->state = RT_FREED;
	for (unsigned int i = 0; i < p->nr_pages; i++) {
		if (page_ref_count(pfn_to_page(p->page_pfn[i])))
			return oracle_fail(r, "pool-destroy", "dma_pool_destroy() left pool page pfn %#lx allocated",
					   p->page_pfn[i]);
		shadow_set(&r->shadow, PFN_PHYS(p->page_pfn[i]), page_bytes, SHADOW_FREE);
		account(r, p->page_pfn[i], -(long)(page_bytes >> PAGE_SHIFT));
	}
	return true;
}

static void exec_dma_pool_destroy(struct run *r, const struct op *op)
{
	struct slot_rt *ps = dma_slot(r, op->val[0], RT_DMA_POOL, "pool");

	if (!ps)
		return;
	if (ps->dma.live) {
		/* Refused: the pool and its blocks stay. */
		run_trace(r, "%u blocks live", ps->dma.live);
		model_misuse(r, REPORT_DMA_POOL_BUSY, call_pool_destroy, ps->dma.cpu);
		return;
	}
	pool_destroy(r, ps);
}

/* ---- exact pages ------------------------------------------------------------ */

static void exec_alloc_pages_exact(struct run *r, const struct op *op)
{
	size_t size = (size_t)op->val[0];
	gfp_t gfp = (gfp_t)op->val[1];
	gfp_t eff = gfp & ~(__GFP_COMP | __GFP_HIGHMEM);
	unsigned long warned, want, pfn, nr, total;
	struct slot_rt *s = &r->slot[op->slot];
	unsigned int order;
	void *p = alloc_pages_exact(size, gfp);

	/* Its own warning for bad flags, and the order one for size 0. */
	want = (eff != gfp) + (!size && !(eff & __GFP_NOWARN));
	warned = report_count(REPORT_BAD_ARG) - r->op_reports[REPORT_BAD_ARG];
	if (warned < want) {
		oracle_fail(r, "exact-warn", "alloc_pages_exact(%zu, %#x): %lu warnings, expected %lu",
			    size, gfp, warned, want);
		return;
	}
	run_reports_accounted(r, REPORT_BAD_ARG, want);
	if (!size) {
		if (p)
			oracle_fail(r, "exact", "alloc_pages_exact(0) returned memory");
		return;
	}
	order = order_for(size);
	pfn = p ? model_addr_pfn(r, (unsigned long)p) : -1UL;
	model_alloc(r, op->slot, pfn, order, eff, -1);
	if (r->failed || !p)
		return;
	nr = PFN_UP(size);
	total = 1UL << order;
	for (unsigned long i = 0; i < total; i++) {
		int ref = page_ref_count(pfn_to_page(pfn + i));

		if (ref != (i < nr))
			return (void)oracle_fail(r, "exact", "page %lu of %lu (pfn %#lx) has refcount %d: %s",
						 i, total, pfn + i, ref,
						 i < nr ? "not split off" : "surplus not freed");
	}
	shadow_set(&r->shadow, PFN_PHYS(pfn + nr), (total - nr) << PAGE_SHIFT, SHADOW_FREE);
	account(r, pfn, -(long)(total - nr));
	s->kind = RT_EXACT;
	s->order = 0;
	s->dma = (struct dma_rt){ .cpu = p, .size = (u32)size, .nr_pages = (u32)nr };
	model_write(r, s, 0, (u32)min(size, (size_t)DMA_HEAD), slot_seed(op->slot));
}

static bool exact_free(struct run *r, struct slot_rt *s)
{
	phys_addr_t bad;
	enum shadow_state found;

	if (!regions_ok(r, s))
		return false;
	if (!shadow_check(&r->shadow, PFN_PHYS(s->pfn), (u64)s->dma.nr_pages << PAGE_SHIFT,
			  SHADOW_ALLOCATED, &bad, &found))
		return oracle_fail(r, "shadow", "exact p%d is %s at phys %#llx",
				   (int)(s - r->slot), shadow_state_name(found),
				   (unsigned long long)bad);
	free_pages_exact(s->dma.cpu, s->dma.size);
	s->state = RT_FREED;
	for (unsigned long i = 0; i < s->dma.nr_pages; i++)
		if (page_ref_count(pfn_to_page(s->pfn + i)))
			return oracle_fail(r, "exact", "free_pages_exact() left pfn %#lx allocated",
					   s->pfn + i);
	shadow_set(&r->shadow, PFN_PHYS(s->pfn), (u64)s->dma.nr_pages << PAGE_SHIFT, SHADOW_FREE);
	account(r, s->pfn, -(long)s->dma.nr_pages);
	return true;
}

static void exec_free_pages_exact(struct run *r, const struct op *op)
{
	struct slot_rt *s = dma_slot(r, op->val[0], RT_EXACT, "exact allocation");

	if (s)
		exact_free(r, s);
}

/* ---- vmalloc_32, vmalloc_user ---------------------------------------------- */

static void exec_vmalloc_32(struct run *r, const struct op *op)
{
	unsigned int order = (unsigned int)op->val[0];
	const struct vm_rt *v = &r->vm[op->slot];

	vm_model_alloc(r, op->slot, vmalloc_32(PAGE_SIZE << order), 1UL << order, GFP_VMALLOC32, false);
	if (r->failed || v->state != RT_LIVE)
		return;
	for (unsigned long i = 0; i < (1UL << order); i++) {
		unsigned long pfn = v->pfn[i];

		/* x86-64: ZONE_DMA32 or lower; i386: lowmem. */
		if (PFN_PHYS(pfn) >= (4ULL << 30) ||
		    (ARCH_HAS_HIGHMEM && pfn >= machine.max_low_pfn)) {
			oracle_fail(r, "vmalloc-32", "page %lu of vmalloc_32 p%d is pfn %#lx, not 32-bit DMA-able lowmem",
				    i, op->slot, pfn);
			return;
		}
	}
}

static void exec_vmalloc_user(struct run *r, const struct op *op)
{
	unsigned int order = (unsigned int)op->val[0];
	void *addr = vmalloc_user(PAGE_SIZE << order);

	vm_model_alloc(r, op->slot, addr, 1UL << order, GFP_KERNEL | __GFP_ZERO, true);
	if (!r->failed && addr && !(find_vm_area(addr)->flags & VM_USERMAP))
		oracle_fail(r, "vmalloc-user", "vmalloc_user p%d lacks VM_USERMAP", op->slot);
}

/* ---- count-taking allocations ---------------------------------------------- */

enum count_fn { KMALLOC_ARRAY, KVMALLOC_ARRAY, KVCALLOC, VMALLOC_ARRAY, VCALLOC };

static const struct {
	const char	*name;
	bool		zeroed;
	bool		vmalloc_only;
} count_fns[] = {
	[KMALLOC_ARRAY]	= { "kmalloc_array", false, false },
	[KVMALLOC_ARRAY] = { "kvmalloc_array", false, false },
	[KVCALLOC]	= { "kvcalloc", true, false },
	[VMALLOC_ARRAY]	= { "vmalloc_array", false, true },
	[VCALLOC]	= { "vcalloc", true, true },
};

static void *count_call(enum count_fn fn, size_t n, size_t size)
{
	switch (fn) {
	case KMALLOC_ARRAY:	return kmalloc_array(n, size, GFP_KERNEL);
	case KVMALLOC_ARRAY:	return kvmalloc_array(n, size, GFP_KERNEL);
	case KVCALLOC:		return kvcalloc(n, size, GFP_KERNEL);
	case VMALLOC_ARRAY:	return vmalloc_array(n, size);
	case VCALLOC:		return vcalloc(n, size);
	}
	return NULL;
}

/* Checks of [p, p + bytes) a count-taking allocation returned. */
static bool counted_memory_ok(struct run *r, const char *fn, bool zeroed,
			      const u8 *p, u64 bytes)
{
	phys_addr_t bad;
	enum shadow_state found;
	u64 head = min(bytes, (u64)PAGE_SIZE);

	if (zeroed && (!bytes_zero(r, fn, p, head) ||
		       !bytes_zero(r, fn, p + bytes - head, head)))
		return false;
	if (is_vmalloc_addr(p))
		return true;
	if (!shadow_check(&r->shadow, dm_phys(p), bytes, SHADOW_FREE, &bad, &found))
		return oracle_fail(r, "overlap", "%s: memory at %#lx overlaps memory that is %s",
				   fn, host_to_kva(p), shadow_state_name(found));
	return true;
}

static void count_op(struct run *r, const struct op *op, enum count_fn fn)
{
	size_t n = arg_nmemb_value(op->val[0]), size = (size_t)op->val[1];
	bool overflow = size && n > SIZE_MAX / size;
	unsigned long reports = report_total(), free = nr_free_pages();
	const char *name = count_fns[fn].name;
	void *p;

	r->slab_used = true;
	r->vm_used = true;
	r->vm_pt_dirty = true;
	/*
	 * A sane count of a big product through vmalloc is a few hundred
	 * thousand page allocations: fine once, too slow for every input.
	 */
	if (!overflow && fn != KMALLOC_ARRAY && n * size > COUNT_SLOW_BYTES &&
	    n * size <= (fn == KVMALLOC_ARRAY || fn == KVCALLOC ? (size_t)INT_MAX :
			 (size_t)8 << 30)) {
		run_trace(r, "skipped: %zu bytes through vmalloc", n * size);
		return;
	}
	p = count_call(fn, n, size);
	if (overflow) {
		run_trace(r, "%zu * %zu overflows", n, size);
		if (p)
			oracle_fail(r, "overflow", "%s(%zu, %zu) overflows but returned memory",
				    name, n, size);
		else if (report_total() != reports || nr_free_pages() != free)
			oracle_fail(r, "overflow", "%s(%zu, %zu) overflows: NULL, but not cleanly (%lu reports, %ld free pages)",
				    name, n, size, report_total() - reports,
				    (long)(nr_free_pages() - free));
		return;
	}
	if (!slab_alloc_reports_ok(r, name, GFP_KERNEL, p != NULL) || ZERO_OR_NULL_PTR(p))
		return;
	run_trace(r, "%zu bytes at %#lx", n * size, host_to_kva(p));
	if (counted_memory_ok(r, name, count_fns[fn].zeroed, p, (u64)n * size)) {
		if (count_fns[fn].vmalloc_only)
			vfree(p);
		else
			kvfree(p);
	}
}

static void exec_kmalloc_array(struct run *r, const struct op *op)
{
	count_op(r, op, KMALLOC_ARRAY);
}

static void exec_kvmalloc_array(struct run *r, const struct op *op)
{
	count_op(r, op, KVMALLOC_ARRAY);
}

static void exec_kvcalloc(struct run *r, const struct op *op)
{
	count_op(r, op, KVCALLOC);
}

static void exec_vmalloc_array(struct run *r, const struct op *op)
{
	count_op(r, op, VMALLOC_ARRAY);
}

static void exec_vcalloc(struct run *r, const struct op *op)
{
	count_op(r, op, VCALLOC);
}

/* krealloc_array(pN, n, size) whose product overflows: NULL, pN untouched. */
static void exec_krealloc_array(struct run *r, const struct op *op)
{
	struct slot_rt *s = &r->slot[op->val[0]];
	size_t n = arg_nmemb_value(op->val[1]), size = (size_t)op->val[2];
	unsigned long reports = report_total();

	if (s->state != RT_LIVE || s->kind != RT_KMALLOC || !size || n <= SIZE_MAX / size) {
		run_trace(r, "skipped: needs a live kmalloc object and an overflowing count");
		return;
	}
	r->slab_used = true;
	if (krealloc_array(s->slab.ptr, n, size, GFP_KERNEL))
		oracle_fail(r, "overflow", "krealloc_array(p%lld, %zu, %zu) overflows but returned memory",
			    (long long)op->val[0], n, size);
	else if (report_total() != reports)
		oracle_fail(r, "overflow", "krealloc_array() of an overflowing count made a report");
}

/* ---- the end ---------------------------------------------------------------- */

bool dma_model_end(struct run *r)
{
	static const u8 order[] = { RT_DMA_BLOCK, RT_DMA_POOL, RT_DMA_COHERENT, RT_EXACT };

	for (unsigned int k = 0; k < ARRAY_SIZE(order); k++) {
		for (int i = 0; i < PROG_MAX_SLOTS; i++) {
			struct slot_rt *s = &r->slot[i];
			bool ok = true;

			if (s->state != RT_LIVE || s->kind != order[k])
				continue;
			switch (s->kind) {
			case RT_DMA_BLOCK:	ok = pool_free(r, s); break;
			case RT_DMA_POOL:	ok = pool_destroy(r, s); break;
			case RT_DMA_COHERENT:	ok = coherent_free(r, s); break;
			default:		ok = exact_free(r, s); break;
			}
			if (!ok)
				return false;
		}
	}
	if (dma_coherent_count(NULL) || dma_pool_count())
		return oracle_fail(r, "dma-leak", "%lu coherent buffers and %lu pools left after freeing all the model knows",
				   dma_coherent_count(NULL), dma_pool_count());
	return true;
}

/* ---- the table ----------------------------------------------------------------- */

const struct op_desc dma_ops[] = {
	{ "dma_alloc_coherent", 3, 3, { { ARG_DEVICE, NULL }, { ARG_SIZE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_dma_alloc_coherent },
	{ "dma_free_coherent", 3, 1, { { ARG_LIVE, NULL } },
	  .frees_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_dma_free_coherent },
	{ "dma_pool_create", 1, 4,
	  { { ARG_DEVICE, NULL }, { ARG_SIZE, NULL }, { ARG_ALIGN, "align" },
	    { ARG_BOUNDARY, "boundary" } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_dma_pool_create },
	{ "dma_pool_alloc", 3, 2, { { ARG_LIVE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_dma_pool_alloc },
	{ "dma_pool_zalloc", 1, 2, { { ARG_LIVE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_dma_pool_zalloc },
	{ "dma_pool_free", 3, 1, { { ARG_LIVE, NULL } },
	  .frees_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_dma_pool_free },
	/* Not a slot free for the text: a refused destroy may be retried. */
	{ "dma_pool_destroy", 1, 1, { { ARG_LIVE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_dma_pool_destroy },
	{ "alloc_pages_exact", 2, 2, { { ARG_SIZE, NULL }, { ARG_GFP, NULL } },
	  .makes_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_alloc_pages_exact },
	{ "free_pages_exact", 2, 1, { { ARG_LIVE, NULL } },
	  .frees_slot = true, .order_val = -1, .expect = NO_REPORT, .exec = exec_free_pages_exact },
	{ "vmalloc_32", 1, 1, { { ARG_ORDER, "order" } },
	  .makes_slot = true, .order_val = 0, .expect = NO_REPORT, .exec = exec_vmalloc_32,
	  .layers = LAYER_VMALLOC },
	{ "vmalloc_user", 1, 1, { { ARG_ORDER, "order" } },
	  .makes_slot = true, .order_val = 0, .expect = NO_REPORT, .exec = exec_vmalloc_user,
	  .layers = LAYER_VMALLOC },
	/*
	 * The count-taking ones free what they got at once; those that may
	 * vfree() it not in an interrupt, where vfree() defers the free.
	 */
	{ "kmalloc_array", 1, 2, { { ARG_NMEMB, NULL }, { ARG_SIZE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kmalloc_array,
	  .layers = LAYER_SLAB },
	{ "kvmalloc_array", 1, 2, { { ARG_NMEMB, NULL }, { ARG_SIZE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kvmalloc_array,
	  .ctx_absent = CTX_BIT(CTX_HARDIRQ), .layers = LAYER_SLAB },
	{ "kvcalloc", 1, 2, { { ARG_NMEMB, NULL }, { ARG_SIZE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_kvcalloc,
	  .ctx_absent = CTX_BIT(CTX_HARDIRQ), .layers = LAYER_SLAB },
	{ "vmalloc_array", 1, 2, { { ARG_NMEMB, NULL }, { ARG_SIZE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_vmalloc_array,
	  .ctx_absent = CTX_BIT(CTX_HARDIRQ), .layers = LAYER_VMALLOC },
	{ "vcalloc", 1, 2, { { ARG_NMEMB, NULL }, { ARG_SIZE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_vcalloc,
	  .ctx_absent = CTX_BIT(CTX_HARDIRQ), .layers = LAYER_VMALLOC },
	{ "krealloc_array", 1, 3, { { ARG_LIVE, NULL }, { ARG_NMEMB, NULL }, { ARG_SIZE, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_krealloc_array,
	  .layers = LAYER_SLAB },
	/* Misuse. */
	{ "dma_free_coherent", 1, 2, { { ARG_LIVE, NULL }, { ARG_SIZE, "size" } },
	  .order_val = -1, .expect = REPORT_DMA_BAD_FREE, .exec = exec_dma_free_coherent_size },
	{ "dma_free_coherent", 1, 1, { { ARG_FREED, NULL } },
	  .order_val = -1, .expect = REPORT_DMA_BAD_FREE, .exec = exec_dma_double_free_coherent },
	{ "dma_pool_free", 1, 1, { { ARG_FREED, NULL } },
	  .order_val = -1, .expect = REPORT_DMA_BAD_FREE, .exec = exec_dma_pool_double_free },
};

const unsigned int nr_dma_ops = ARRAY_SIZE(dma_ops);
