/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the C reproducer generator's files share (cprog.c, cprog_mem.c,
 * cprog_ctx.c): the generator's static view of the program, and the
 * emitters of each layer's ops.  Not for anything outside the generator.
 */
#ifndef _FUZZ_CPROG_GEN_H
#define _FUZZ_CPROG_GEN_H

#include <linux/report.h>

#include "fuzz/op_table.h"
#include "fuzz/prog.h"
#include "fuzz/run.h"
#include "fuzz/sbuf.h"

enum slot_kind {
	SK_NONE,
	SK_PAGES,	/* struct page *: alloc_pages(), __get_free_pages() */
	SK_KMALLOC,	/* void *: kmalloc() and kin */
	SK_OBJECT,	/* void *: an object of a program cache (.parent) */
	SK_CACHE,	/* struct kmem_cache * */
	SK_VMALLOC,	/* void *: vmalloc() and kin */
	SK_VMAP,	/* void *: vmap() of block .parent */
	SK_KVMALLOC,	/* void *: slab or vmalloc, told at run time */
	SK_COHERENT,	/* void *, dma_addr_t: dma_alloc_coherent() */
	SK_POOL,	/* struct dma_pool * */
	SK_BLOCK,	/* void *, dma_addr_t: a block of pool .parent */
	SK_EXACT,	/* void *: alloc_pages_exact() */
};

/* The byte a constructor of the reproducer writes. */
#define CTOR_BYTE	0xc7
/* kcalloc()'s count that stands for "n * size overflows" (ops_slab.c). */
#define KCALLOC_OVERFLOW_N	16384
/* Room for a C condition naming every slot ("pA || pB", " && pN != pA"). */
#define CPROG_LIST_MAX		(PROG_MAX_SLOTS * 32)
/* Count-taking allocations above this through vmalloc the harness skips. */
#define COUNT_SLOW_BYTES	(16UL << 20)

struct cslot {
	u8		kind;
	u8		order;		/* pages, vmalloc (npages = 1 << order) */
	bool		live;		/* as the generator sees it */
	bool		zeroed;		/* pages: bytes outside the regions are 0 */
	u8		nr_regions;
	u8		fill;		/* objects: enum slab_fill (run.h) */
	u8		seed;
	u8		dev;		/* DMA: the device */
	int16_t		parent;		/* object: cache; block: pool; vmap: block */
	u32		size;		/* objects, exact, coherent: bytes asked */
	u32		obj;		/* kmalloc: the object's bytes (its size class) */
	u32		fill_len;
	u32		kmaps;		/* kmap() references held */
	struct region	regions[SLOT_MAX_REGIONS];
};

struct frame {
	u8	frame;		/* enum ctx_frame */
	int	var;		/* its saved flags' variable, or -1 */
	bool	irqs_off;	/* interrupts were off when it opened */
};

struct gen {
	const struct prog	*prog;
	struct sbuf		*out;		/* main()'s body */
	struct sbuf		*decl;		/* main()'s variables */
	struct sbuf		*fns;		/* functions before main() */
	struct cslot		slot[PROG_MAX_SLOTS];
	struct cslot		none;		/* what an argument that is no slot names */
	struct frame		frames[CTX_MAX_DEPTH];
	unsigned int		depth;
	unsigned int		cpu;
	unsigned int		nr_vars;
	unsigned int		pf_disabled;
	bool			irqs_off;	/* as the frames leave them */
	bool			no_leak_check;	/* slab caches or page tables may stay */
	bool			lock, balloon, kl, mm_declared, mm_live;
	const char		*op_text;	/* the op as the program prints it */
};

static inline bool is_object_kind(u8 kind)
{
	return kind == SK_KMALLOC || kind == SK_OBJECT;
}

static inline bool is_area_kind(u8 kind)
{
	return kind == SK_VMALLOC || kind == SK_VMAP;
}

/* ---- cprog.c ---------------------------------------------------------------- */

/* @gfp as the text form prints it: GFP_KERNEL|__GFP_ZERO. */
void cprog_print_gfp(s64 gfp, struct sbuf *sb);
/* A line (or lines) of main()'s body. */
#define cprog_emit(g, ...)	sbuf_printf((g)->out, __VA_ARGS__)
/* EXPECT_REFUSED(@type, call): exactly one report of @type, free counts kept. */
void cprog_misuse(struct gen *g, enum report_type type, const char *indent,
		  const char *call_fmt, ...) __printf(4, 5);
/* A comment for an op the harness would skip, saying why. */
void cprog_skipped(struct gen *g, const char *why);
/* Slot @op->slot holds @kind from here: its variable is declared. */
struct cslot *cprog_new_slot(struct gen *g, const struct op *op, u8 kind);

/* The slot op->val[0] names, or g->none when it is a size or a GFP mask. */
static inline struct cslot *cprog_arg_slot(struct gen *g, const struct op *op)
{
	return op->val[0] >= 0 && op->val[0] < PROG_MAX_SLOTS ? &g->slot[op->val[0]] : &g->none;
}
/* The C test that slot @s holds something: "pN", or kvmalloc's half. */
void cprog_slot_test(struct gen *g, int s, bool vmalloc_half, char *buf, size_t n);
/* The live slots of @kind whose parent is @parent, as "pA || pB" in @buf (@n
 * bytes, CPROG_LIST_MAX holds them all); false if none. */
bool cprog_live_children(struct gen *g, int parent, u8 kind, char *buf, size_t n);
/*
 * @fn (kmem_cache_destroy, dma_pool_destroy) of cache or pool @s: refused
 * with one @busy report while a @child slot of it may be live, else done
 * and its variable set to NULL (a retry and the end skip it).
 */
void cprog_destroy(struct gen *g, int s, u8 child, enum report_type busy, const char *fn);

/*
 * ---- cprog_mem.c, cprog_ctx.c --------------------------------------------------
 * Each emits @op if it is one of its layer's (by @name and, for a misuse
 * entry, @bad) and says so; false leaves it to the next.
 */
bool cprog_emit_buddy(struct gen *g, const struct op *op, const char *name, bool bad);
bool cprog_emit_kmap(struct gen *g, const struct op *op, const char *name);
bool cprog_emit_slab(struct gen *g, const struct op *op, const char *name, bool bad);
bool cprog_emit_vmalloc(struct gen *g, const struct op *op, const char *name, bool bad);
bool cprog_emit_context(struct gen *g, const struct op *op, bool bad);
bool cprog_emit_fault(struct gen *g, const struct op *op, const char *name);
bool cprog_emit_process(struct gen *g, const struct op *op, const char *name);
bool cprog_emit_dma(struct gen *g, const struct op *op, const char *name, bool bad);
/* Close the innermost context frame; @by_program: an op, not the end's unwind. */
void cprog_close_frame(struct gen *g, const char *indent, bool by_program);

/* " || "-joined kmap_atomic() address variables of the open frames (8 at most). */
#define CPROG_MAPPED_LEN	(CTX_MAX_DEPTH * 16)
bool cprog_kmap_atomic_mapped(const struct gen *g, char buf[CPROG_MAPPED_LEN]);

#endif /* _FUZZ_CPROG_GEN_H */
