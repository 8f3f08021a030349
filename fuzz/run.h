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
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "fuzz/machines.h"
#include "fuzz/op_table.h"
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

struct kmem_cache;
struct mm_struct;

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
	u32		obj;		/* kmalloc: the object's size class */
	u32		useroffset;	/* a cache: its usercopy window */
	u32		usersize;
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
	unsigned long	npages;		/* then the guard page */
	bool		zeroed;		/* vzalloc() / __GFP_ZERO */
	bool		vmap;		/* vmap() of a buddy block's pages */
	u8		seed;		/* the pattern at the head of every page */
	unsigned long	va;		/* arch VA of the first byte */
	void		*addr;		/* the host pointer vmalloc() returned */
	unsigned long	*pfn;		/* the frame of every page (malloc'd) */
};

/*
 * The program's process (ops_process.c): one mm per run, made on first
 * use, current->mm while it lives.  The model of its memory is the bytes
 * of every user address process ops reach (UADDR_BASE + 0..UADDR_SPAN-1)
 * and which of those pages are mapped; a mapped page reads as its bytes,
 * which start zero.  @pfns are the pages (user pages and page tables of
 * the user half) the last walk found, kept SHADOW_ALLOCATED; @pages
 * counts them per zone for the accounting.
 */
#define PROC_MAX_PFNS	256

struct proc_rt {
	struct mm_struct *mm;
	unsigned long	brk;
	bool		used;		/* a process op ran: walk and count */
	bool		dirty;		/* the process may have changed this op */
	bool		mapped[UADDR_SPAN_PAGES];
	bool		present[UADDR_SPAN_PAGES];	/* by the last walk */
	unsigned int	pf_disabled;		/* pagefault_disable() depth */
	u8		bytes[UADDR_SPAN_BYTES];
	unsigned long	pfns[PROC_MAX_PFNS];	/* sorted */
	unsigned long	nr_pfns;
	unsigned long	pages[MAX_NUMNODES][MAX_NR_ZONES];
};

/* kmap_local_page() nesting the model follows (>= any arch's FIX_KMAP_SLOTS). */
#define RUN_MAX_KMAP_LOCAL	16

/* Highmem pages with kmap() references the model follows at once. */
#define RUN_MAX_KMAP		32

/*
 * The execution context as the model follows it (ops_context.c): the open
 * frames with what each saved, and the counts they add up to, kept by the
 * model's own arithmetic and compared with the kernel's after every op.
 * Non-current CPUs are always clean: a CPU is only left when not atomic.
 */
struct ctx_rt {
	u8		frame[CTX_MAX_DEPTH];	/* enum ctx_frame, innermost last */
	unsigned long	saved[CTX_MAX_DEPTH];	/* irq flags, irq state, scope flags */
	unsigned int	depth;
	unsigned int	preempt;		/* preempt_count() */
	bool		irqs_off;		/* irqs_disabled() */
	unsigned int	scope[NR_MEMALLOC_SCOPES];	/* open saves per scope */
	unsigned int	pf_off;			/* pagefault_disable()s of kmap_atomic frames */
};

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

	/*
	 * kmap_local_page() and kmap_atomic() mappings of highmem pages, per
	 * CPU, as one stack (mm/highmem.c shares the fixmap slots).
	 */
	struct kl_rt {
		int		slot;
		unsigned long	pfn;
		void		*addr;
		bool		atomic;		/* kmap_atomic(): its context frame undoes it */
	}			kl[NR_CPUS][RUN_MAX_KMAP_LOCAL];
	unsigned int		kl_depth[NR_CPUS];
	bool			kl_used;

	/* kmap() references held on highmem pages, by pfn. */
	struct km_rt {
		unsigned long	pfn;
		unsigned int	count;
		void		*addr;
	}			km[RUN_MAX_KMAP];
	unsigned int		nr_km;

	bool			slab_used;	/* a slab op ran: count slab pages */

	struct ctx_rt		ctx;
	bool			ctx_used;	/* a context op ran */
	bool			op_atomic;	/* the model's context as the op began */
	spinlock_t		lock;		/* the lock spin_lock(&lock) takes */
	/* Pages the balloon holds, per zone, as balloon_leave() said (ops_fault.c). */
	unsigned long		balloon[MAX_NUMNODES][MAX_NR_ZONES];
	bool			balloon_used;

	struct proc_rt		proc;

	bool			failed;
	const char		*check;		/* the check that failed */
	struct sbuf		verdict;	/* its report */
	FILE			*trace;		/* per-op outcomes, or NULL */
	FILE			*outcomes;	/* outcome.h lines, or NULL */
	bool			op_skipped;	/* the op found nothing to act on */
};

/* ---- model.c: slots and their contents --------------------------------- */

/*
 * The direct-map address of @pfn by the model's own zone arithmetic, or
 * NULL for highmem (even while kmap() gives it a PKMAP address).
 */
void *model_direct_address(unsigned long pfn);

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

/*
 * regions_paint() - record a write of @seed's pattern at [@off, @off+@len)
 * in @regions (*@nr of them, disjoint, at most SLOT_MAX_REGIONS): the
 * regions it covers are cut back, and the oldest are forgotten when there
 * are too many.  Any context; no checks.  Return: true if one was forgotten.
 */
bool regions_paint(struct region *regions, u8 *nr, u32 off, u32 len, u8 seed);

/* Write @seed's pattern at [off, off+len) of @s; check it is allocated. */
void model_write(struct run *r, struct slot_rt *s, u32 off, u32 len, u8 seed);
/* Read [off, off+len) of @s back and compare with what the model expects. */
void model_check(struct run *r, struct slot_rt *s, u32 off, u32 len);
/* Every region of every live block still holds its pattern. */
bool model_check_all_contents(struct run *r);

/*
 * The first non-zero byte of RAM [@phys, @phys + @len) in *@where (a
 * physical address) and *@val; false if every byte is zero.
 */
bool model_find_nonzero(phys_addr_t phys, u64 len, u64 *where, u8 *val);

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

/*
 * Check and record what a kmalloc-like call @fn returned for @size bytes
 * with @gfp (NULL: the reports a failure may make are accepted).
 */
void slab_model_kmalloc(struct run *r, int slot, const char *fn, void *p, u32 size,
			gfp_t gfp);
/* A kmalloc inside @fn failed: accept the reports a failure may make. */
void slab_model_kmalloc_failed(struct run *r, const char *fn, gfp_t gfp);
/* Free live object @slot with @free_fn (kfree, kvfree) after checking it; false if none. */
bool slab_model_free(struct run *r, s64 slot, void (*free_fn)(const void *));
/* The object of live slab slot @slot (kmalloc or cache object), or NULL. */
void *slab_model_object(struct run *r, s64 slot);

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

/*
 * ksize() of live object @s: from then on all of it is the caller's (Linux
 * lets a caller use what ksize() says).  0 after a violation (below the size).
 */
size_t slab_model_ksize(struct run *r, struct slot_rt *s);
/* The SLAB_* flags an ARG_SLAB_FLAGS value stands for. */
unsigned int slab_flags_of(s64 arg);
/*
 * Check and record a cache kmem_cache_create*() made (NULL: it failed)
 * in @slot: the reports it made, its size.
 */
void slab_model_cache(struct run *r, int slot, const char *fn, struct kmem_cache *c,
		      u32 size, u32 align, u32 flags, bool ctor);

/* ---- ops_process.c: the program's process -------------------------------- */

/* The process's mm, made (and made current->mm) on first use; NULL if it cannot be. */
struct mm_struct *run_mm(struct run *r);
/*
 * Bytes a kernel access may reach from user @va, @len: up to the first
 * page that is not mapped (copy_to_user() and copy_from_user() stop there),
 * or not present while page faults are disabled.
 */
unsigned long proc_model_reach(struct run *r, unsigned long va, unsigned long len);
/* The model's bytes at user [@va, @va + @len) (all reachable). */
const u8 *proc_model_bytes(struct run *r, unsigned long va);
/* The process's memory changed this op: [@va, @va + @len) now holds @buf. */
void proc_model_store(struct run *r, unsigned long va, const void *buf, unsigned long len);
/* Did a page allocation fail this op (a warning, OOM or injected failure)? */
bool proc_alloc_failed(struct run *r);
/* Accept the reports a failed page allocation may make this op; false on others. */
bool proc_alloc_reports_ok(struct run *r, const char *what);
/* After an op: mm valid, user pages as modelled, pages counted. */
bool proc_model_after_op(struct run *r);
/* The end: mmput() the process, its pages back. */
bool proc_model_end(struct run *r);

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
 * @npages: the area's pages; @zeroed: it must read zero.
 * Checks the address, overlap with other areas (guards included), every
 * page's frame by the walker (RAM, free in the shadow), zero contents.
 */
void vm_model_alloc(struct run *r, int slot, void *addr, unsigned long npages,
		    gfp_t gfp, bool zeroed);
/* Free live area @slot with @free_fn (vfree, kvfree...); its pages must be gone. */
bool vm_model_free(struct run *r, int slot, void (*free_fn)(const void *));
/* Every live area mapped to its frames, guard unmapped, heads intact. */
bool vm_model_check_all(struct run *r);
/* Kernel page-table pages beyond the boot ones, per zone, into r->new_pt. */
bool vm_model_count_pt(struct run *r);
/* vfree() every live area (the end of a program). */
bool vm_model_free_all(struct run *r);
/* Release the model's host memory of the last run. */
void vm_model_release(struct run *r);

/* ---- ops_kmap.c: kmap and kmap_local mappings --------------------------- */

/* Every held mapping translates to its frame; both views agree. */
bool kmap_model_check_all(struct run *r);
/* kunmap_local() every held mapping, each CPU's in stack order; kunmap() every kmap(). */
bool kmap_model_unwind(struct run *r);
/*
 * kunmap_atomic() of @addr, what kmap_atomic() returned on this CPU (its
 * context frame is closing): kmap_local mappings still above it are
 * unmapped first, top first.  False after a violation.
 */
bool kmap_model_kunmap_atomic(struct run *r, void *addr, bool by_program);

/* ---- ops_context.c: the execution context -------------------------------- */

/* Boot: the lock, and the shrinkers that check reclaim honours the scopes. */
void context_model_boot(struct run *r);
/* Preemption or interrupts off, by the model's count. */
bool context_model_atomic(const struct run *r);
/* A noreclaim scope is open (PF_MEMALLOC: no reclaim, reserves). */
bool context_model_memalloc(const struct run *r);
/*
 * After an allocation with @gfp that reached the allocator (its arguments
 * passed): one that may sleep (__GFP_DIRECT_RECLAIM), begun in atomic
 * context, must have made a might_sleep() report.  False after failing the
 * oracle, naming @fn.
 */
bool context_model_alloc_slept(struct run *r, const char *fn, gfp_t gfp);
/* @gfp keeps __GFP_FS once the open nofs/noio scopes narrowed it. */
bool context_model_gfp_fs(const struct run *r, gfp_t gfp);
/*
 * After an op ran: might_sleep() reports are legal only if the op began
 * in atomic context (they are Linux's warning, not a bug of mm/); account
 * for them.  Whether one had to come is the allocation checks' business.
 */
void context_model_sleep_reports(struct run *r);
/* Page faults disabled, by the model: pagefault_disable()s and kmap_atomic()s. */
bool context_model_pagefault_disabled(const struct run *r);
/*
 * The kernel's preempt_count, interrupt state, task flags and
 * pagefault_disable() depth match the model.
 */
bool context_model_check(struct run *r);
/*
 * kmap_atomic() returned @addr (NULL: refused or skipped, nothing changed):
 * open its frame, preemption and page faults off by the model.
 */
void context_model_kmap_atomic(struct run *r, void *addr);
/* Run the op that closes the innermost frame (its desc's ctx_pop). */
void context_model_close(struct run *r, const struct op *op);
/* Close every open frame, innermost first (the end of a program). */
bool context_model_unwind(struct run *r);

/* ---- ops_fault.c: fault injection and the balloon --------------------------- */

/* Give the balloon's pages back (the end of a program). */
void balloon_model_release(struct run *r);

/* ---- harness.c ------------------------------------------------------------ */

/* Snapshot the report counters: what the next op makes is measured from here. */
void run_op_begin(struct run *r);

/*
 * @n reports of type @t that the op made are expected: counted for the
 * end-of-op tally and taken out of the op's own count, so that a later
 * check in the same op (kvmalloc judges a kmalloc attempt, then a vmalloc)
 * does not account for them again.
 */
void run_reports_accounted(struct run *r, enum report_type t, unsigned long n);

/*
 * Note an outcome of the current op in the trace, if there is one.  A note
 * beginning "skipped" marks the op as having done nothing (outcome.h).
 */
void run_trace(struct run *r, const char *fmt, ...) __printf(2, 3);

#endif /* _FUZZ_RUN_H */
