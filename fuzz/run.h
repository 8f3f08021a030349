/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run.h - one program running on one machine, and the oracle watching it.
 *
 * The model (model.c) is the harness's own record of every live block:
 * where it is, what order and GFP mask it came with, what the program wrote
 * into it.  It learns of blocks only from what the API returned, and checks
 * every promise the API makes (DESIGN.md, decision 4).  The oracle
 * (oracle.c) checks the whole machine at boot, after every op and at the
 * end.  A check that fails records a violation (the first one wins) and
 * the run stops; harness.c turns it into a report and an abort().
 *
 * Glossary
 *   slot        a program's name for an allocation: pN.
 *   region      a range of a live block the program wrote a pattern into.
 *   expected reports   reports the model has accounted for; any report
 *               beyond them is a violation.
 */
#ifndef _FUZZ_RUN_H
#define _FUZZ_RUN_H

#include <stdio.h>

#include <linux/gfp.h>
#include <linux/report.h>

#include "fuzz/machines.h"
#include "fuzz/prog.h"
#include "fuzz/sbuf.h"
#include "fuzz/shadow.h"

/* What the model knows of a slot while the program runs. */
enum slot_rt_state {
	RT_EMPTY,	/* not allocated yet, or the allocation failed */
	RT_LIVE,
	RT_FREED,
};

struct region {
	u32	off;	/* from the start of the block */
	u32	len;
	u8	seed;
};

/* Regions kept per block; one more and the oldest is forgotten. */
#define SLOT_MAX_REGIONS	8

/* What a slot holds: a page block, or one of the slab layer's (ops_slab.c). */
enum slot_rt_kind {
	RT_PAGES,	/* a page-allocator block: pfn, order, regions */
	RT_KMALLOC,	/* a kmalloc()ed object: slab */
	RT_OBJECT,	/* an object of a program's cache: slab */
	RT_CACHE,	/* a kmem_cache the program created: slab */
	RT_DMA_COHERENT, /* a dma_alloc_coherent() buffer: pfn, order, regions, dma */
	RT_DMA_POOL,	/* a dma_pool the program created: dma */
	RT_DMA_BLOCK,	/* a block of a program's pool: pfn, regions, dma */
	RT_EXACT,	/* alloc_pages_exact(): pfn, regions, dma.nr_pages */
};

/* Pool pages the model follows per pool; a pool needing more is not grown. */
#define DMA_RT_MAX_POOL_PAGES	8

/* A DMA slot (ops_dma.c).  Bus addresses are physical addresses. */
struct dma_rt {
	void		*cpu;		/* CPU address; a pool: the dma_pool */
	u64		handle;		/* bus address */
	u32		size;		/* as asked; a pool: its rounded block size */
	u8		dev;		/* the harness device, 0..2 */
	int16_t		pool;		/* a block: its pool's slot */
	u32		nr_pages;	/* exact: pages; a pool: pages it holds */
	/* A pool: what Linux's rules promise, computed by the model. */
	u32		align, boundary, allocation, per_page, live;
	unsigned long	page_pfn[DMA_RT_MAX_POOL_PAGES];
};

/* What the contents of a slab object are promised to be. */
enum slab_fill {
	FILL_NONE,	/* nothing */
	FILL_ZERO,	/* zero */
	FILL_CTOR,	/* the ctor's pattern */
	FILL_SEED,	/* the pattern of .seed, from offset 0 */
};

/* A slab slot.  Its promised bytes are [0, fill_len); the rest is unknown. */
struct slab_rt {
	void		*ptr;		/* the object (host), or the cache */
	u32		size;		/* requested; a cache: its object size */
	u32		fill_len;
	u32		align;		/* a cache: the alignment it promises */
	u32		flags;		/* a cache: its SLAB_* flags */
	int16_t		cache;		/* an object: its cache's slot */
	u8		fill;		/* enum slab_fill */
	u8		seed;
	bool		ctor;		/* a cache: made with the ctor */
	u32		live;		/* a cache: its live objects */
};

struct slot_rt {
	u8		state;		/* enum slot_rt_state */
	u8		kind;		/* enum slot_rt_kind */
	u8		order;
	bool		zeroed;		/* bytes outside the regions read as zero */
	u8		nr_regions;
	gfp_t		gfp;
	unsigned long	pfn;
	struct region	regions[SLOT_MAX_REGIONS];	/* disjoint */
	struct slab_rt	slab;
	struct dma_rt	dma;
};

/* A vmalloc() area as the model knows it (ops_vmalloc.c). */
struct vm_rt {
	u8		state;		/* enum slot_rt_state */
	u8		order;		/* 2^order pages, then the guard page */
	bool		zeroed;		/* vzalloc() / __GFP_ZERO */
	bool		vmap;		/* vmap() of a buddy block's pages */
	u8		seed;		/* the pattern at the head of every page */
	unsigned long	va;		/* arch VA of the first byte */
	void		*addr;		/* the host pointer vmalloc() returned */
	unsigned long	*pfn;		/* the frame of every page (malloc'd) */
};

/* kmap_local_page() nesting the model follows (>= any arch's FIX_KMAP_SLOTS). */
#define RUN_MAX_KMAP_LOCAL	16

/* Page-table pages the harness's walker may find at boot. */
#define RUN_MAX_PT_PAGES	256

struct run {
	const struct prog	*prog;
	const struct machine_tmpl *tmpl;
	/* The op running, prog->nr_ops during the final checks, -1 at boot. */
	long			op_idx;
	struct slot_rt		slot[PROG_MAX_SLOTS];

	/* Free pages per zone right after boot; the end must match them. */
	unsigned long		boot_free[MAX_NUMNODES][MAX_NR_ZONES];
	/* Pages of live blocks per zone, by the model's own zone arithmetic. */
	unsigned long		live_pages[MAX_NUMNODES][MAX_NR_ZONES];
	unsigned long		expect_reports[NR_REPORT_TYPES];
	/* Report counts and injected page-allocation failures as the op began. */
	unsigned long		op_reports[NR_REPORT_TYPES];
	unsigned long		op_injected;

	struct shadow		shadow;
	unsigned long		pt_pfn[RUN_MAX_PT_PAGES];	/* boot page tables */
	unsigned long		nr_pt;

	/* vmalloc areas by slot; pages they hold and page tables made since boot. */
	struct vm_rt		vm[PROG_MAX_SLOTS];
	bool			vm_used;
	bool			vm_pt_dirty;	/* page tables may have changed */
	unsigned long		vm_pages[MAX_NUMNODES][MAX_NR_ZONES];
	unsigned long		new_pt[MAX_NUMNODES][MAX_NR_ZONES];

	/* kmap_local_page() mappings of highmem pages, per CPU, as a stack. */
	struct kl_rt {
		int		slot;
		unsigned long	pfn;
		void		*addr;
	}			kl[NR_CPUS][RUN_MAX_KMAP_LOCAL];
	unsigned int		kl_depth[NR_CPUS];
	bool			kl_used;

	bool			slab_used;	/* a slab op ran: count slab pages */

	bool			failed;
	const char		*check;		/* the check that failed */
	struct sbuf		verdict;	/* its report */
	FILE			*trace;		/* per-op outcomes, or NULL */
};

/* ---- model.c: slots and their contents --------------------------------- */

/* The slot @slot if it is live at run time, else NULL (and a trace note). */
struct slot_rt *model_live_slot(struct run *r, s64 slot);

/**
 * model_page_pfn() - the pfn of a page an allocation returned.
 * A pointer that is not a struct page of this machine is a violation.
 * Return: the pfn, or -1UL for NULL or after a violation.
 */
unsigned long model_page_pfn(struct run *r, const struct page *page);

/* The pfn of a direct-map address __get_free_pages() returned, likewise. */
unsigned long model_addr_pfn(struct run *r, unsigned long addr);

/**
 * model_alloc() - check and record what an allocation returned.
 * @pfn: the block's first pfn, or -1UL if the allocation failed.
 * @gfp: the mask the allocator saw (after any masking by the API).
 * @nid: the node asked for, -1 for "current".
 *
 * Checks the reports the call made (against what gfp.h documents for its
 * mask, order and outcome), alignment, RAM, zone and node promises,
 * overlap (shadow), refcount, the direct-map translation and __GFP_ZERO
 * contents; records the block in @slot.  Reports are counted from the
 * start of the current op (run_op_begin()).
 */
void model_alloc(struct run *r, int slot, unsigned long pfn, unsigned int order,
		 gfp_t gfp, int nid);

/* Before freeing live @s: its shadow and contents must be intact. */
bool model_free_begin(struct run *r, struct slot_rt *s);
/* After a plain free of @s: forget the block. */
void model_free_end(struct run *r, struct slot_rt *s);

/**
 * model_misuse() - run a bad call that must be reported and refused.
 * @call: makes the call; @arg is passed through.
 *
 * Exactly one report of @expect must come, and every zone's free and
 * per-CPU counts must be as they were.
 */
void model_misuse(struct run *r, enum report_type expect,
		  void (*call)(void *arg), void *arg);

/* Write @seed's pattern at [off, off+len) of @s; check it is allocated. */
void model_write(struct run *r, struct slot_rt *s, u32 off, u32 len, u8 seed);
/* Read [off, off+len) of @s back and compare with what the model expects. */
void model_check(struct run *r, struct slot_rt *s, u32 off, u32 len);
/* Every region of every live block still holds its pattern. */
bool model_check_all_contents(struct run *r);

/* The model's zone for @pfn: (node, zone index) by its own arithmetic. */
void model_zone_of(unsigned long pfn, int *nid, int *zone);

/* The byte the pattern with @seed puts at physical address @phys. */
static inline u8 pattern_byte(u8 seed, phys_addr_t phys)
{
	u64 x = (phys + 1) * 0x9E3779B97F4A7C15ULL ^ ((u64)seed * 0x100000001B3ULL);

	x ^= x >> 29;
	/* Never zero, so that zeroing a region always shows. */
	return (u8)(x >> 24) | 1;
}

/* ---- ops_slab.c: the slab layer's part of the model --------------------- */

/* Pages held by slabs and large kmallocs, per zone (zone->slab_pages). */
void slab_model_pages(struct run *r, unsigned long pages[MAX_NUMNODES][MAX_NR_ZONES]);
/* Every promised byte of every live slab object; the slab checker passes. */
bool slab_model_after_op(struct run *r);
/* The end: free every object, destroy every cache, shrink all. */
bool slab_model_end(struct run *r);
/*
 * The reports an object allocation (@fn with @gfp, which succeeded if @ok)
 * may make: none on success but an "Unexpected gfp" warning; on failure
 * warnings, OOM and injected failures.  Each is added to the expected
 * ones; anything else is a violation (false).
 */
bool slab_alloc_reports_ok(struct run *r, const char *fn, gfp_t gfp, bool ok);

/* ---- ops_dma.c: the DMA layer's part of the model ----------------------- */

/* The end: free every pool block, destroy every pool, free every buffer. */
bool dma_model_end(struct run *r);

/* ---- oracle.c: whole-machine checks and violations ---------------------- */

/**
 * oracle_fail() - record a violation of @check; the first one wins.
 * Return: false, so checks can "return oracle_fail(...)".
 */
bool oracle_fail(struct run *r, const char *check, const char *fmt, ...) __printf(3, 4);
/* Add a line ("expected ...", "found ...") to the violation just recorded. */
void oracle_detail(struct run *r, const char *fmt, ...) __printf(2, 3);

/* After machine_boot(): counters, reserved pages, shadow. */
bool oracle_boot(struct run *r);
/* After every op. */
bool oracle_after_op(struct run *r);
/* When the program ends: free what is live, drain, compare with boot. */
bool oracle_end(struct run *r);
/* Any report beyond the expected ones is a violation. */
bool oracle_reports_accounted(struct run *r);

/* ---- ops_vmalloc.c: the vmalloc model --------------------------------- */

/**
 * vm_model_alloc() - check and record what a vmalloc variant returned.
 * @addr: its host pointer, or NULL (failure reports are then accepted).
 * @order: the area has 2^order pages; @zeroed: it must read zero.
 * Checks the address, overlap with other areas (guards included), every
 * page's frame by the walker (RAM, free in the shadow), zero contents.
 */
void vm_model_alloc(struct run *r, int slot, void *addr, unsigned int order,
		    gfp_t gfp, bool zeroed);
/* Every live area mapped to its frames, guard unmapped, heads intact. */
bool vm_model_check_all(struct run *r);
/* Kernel page-table pages beyond the boot ones, per zone, into r->new_pt. */
bool vm_model_count_pt(struct run *r);
/* vfree() every live area (the end of a program). */
bool vm_model_free_all(struct run *r);
/* Release the model's host memory of the last run. */
void vm_model_release(struct run *r);

/* ---- ops_kmap.c: kmap_local mappings ------------------------------------ */

/* Every held mapping translates to its frame; both views agree. */
bool kmap_model_check_all(struct run *r);
/* kunmap_local() every held mapping, each CPU's in stack order. */
bool kmap_model_unwind(struct run *r);

/* ---- harness.c ------------------------------------------------------------ */

/* Snapshot the report counters: what the next op makes is measured from here. */
void run_op_begin(struct run *r);

/* Note an outcome of the current op in the trace, if there is one. */
void run_trace(struct run *r, const char *fmt, ...) __printf(2, 3);

#endif /* _FUZZ_RUN_H */
