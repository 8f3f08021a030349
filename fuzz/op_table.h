/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The op table: every op described once.
 *
 * An entry says what the op is called in the text form, which arguments it
 * takes (each of an argument kind that knows how to decode itself from
 * bytes, encode, print and parse itself), whether it makes or frees a slot,
 * how it runs, and, for a misuse op, the one report it must produce.
 * Decoding, encoding, printing and parsing are generic over the table; only
 * exec() is per op.
 *
 * Adding a layer's ops: write ops_<layer>.c with an array of entries and
 * list it in op_table.c.  Adding an argument kind: args.c.
 *
 * Several entries may share a name (every bad free is a __free_pages()):
 * the parser tries each entry of that name and keeps the first that fits,
 * so the text reads as kernel code and the op is told by its arguments
 * (a freed slot, a tail page, a pfn in a hole...).
 */
#ifndef _FUZZ_OP_TABLE_H
#define _FUZZ_OP_TABLE_H

#include <linux/report.h>

#include "fuzz/machines.h"
#include "fuzz/prog.h"

struct run;

enum arg_kind {
	ARG_GFP,		/* a GFP mask: a realistic base and modifiers, or raw */
	ARG_ORDER,		/* 0..MAX_PAGE_ORDER */
	ARG_WRONG_ORDER,	/* an order other than the preceding slot's */
	ARG_NODE,		/* a node, or -1 for "the current one" */
	ARG_CPU,		/* a CPU of the machine */
	ARG_LIVE,		/* a live slot */
	ARG_FREED,		/* a slot the program has freed */
	ARG_TAIL,		/* two values: a live slot of order >= 1, a tail page of it */
	ARG_OFFSET,		/* a byte offset into the preceding slot's block */
	ARG_LEN,		/* a length from the preceding offset, within the block */
	ARG_SEED,		/* a pattern seed byte */
	ARG_RESERVED,		/* index into the boot page-table pages, taken modulo */
	ARG_BAD_PFN,		/* a pfn that is not RAM: in a hole, or beyond max_pfn */
	ARG_NULL,		/* the literal NULL; no bytes */
	ARG_SIZE,		/* a byte count 0..32767, weighted towards 0..1024 */
	ARG_ALIGN,		/* a kmem_cache alignment: 0 or 8..512 */
	ARG_SLAB_FLAGS,		/* SLAB_HWCACHE_ALIGN, _POISON, _RED_ZONE, _STORE_USER */
	ARG_CTOR,		/* NULL or ctor, a constructor writing a known pattern */
	ARG_FLAGS,		/* the literal flags: what the matching save returned; no bytes */
	ARG_LOCK,		/* the literal &lock: the harness's spinlock; no bytes */
	ARG_ALL,		/* the literal ULONG_MAX: everything; no bytes */
	ARG_FAULT_POINT,	/* failslab, fail_page_alloc, fail_vmalloc, fail_pgtable_alloc */
	ARG_NTH,		/* fail-nth: 0 (disarm) .. 32 */
	ARG_PERCENT,		/* 0..100 */
	ARG_COUNT,		/* 1..256 */
	ARG_TIMES,		/* -1 (unlimited) .. 254 */
	ARG_BOOL,		/* 0 or 1 */
	ARG_ZONE,		/* a zone index, by name: DMA, DMA32, Normal, HighMem */
	ARG_UADDR,		/* a user VA of the program's process: UADDR_BASE + 0..UADDR_SPAN-1 */
	ARG_UPAGE,		/* a page-aligned one of those */
	ARG_BRK_DELTA,		/* brk + D: a signed byte delta, -32768..32767 */
	ARG_DEVICE,		/* a harness DMA device: isa (24-bit), dev32, dev64 */
	ARG_BOUNDARY,		/* a dma_pool boundary: 0, powers of two, a few that are not */
	ARG_NMEMB,		/* an element count, index into a table reaching SIZE_MAX */
	ARG_KMAP_ATOMIC,	/* the slot the innermost kmap_atomic() frame maps; no bytes */
	NR_ARG_KINDS
};

/*
 * Execution-context frames a program opens and closes (ops_context.c).
 * The program's static view keeps them as a stack: an op that closes one
 * is offered only when its frame is the innermost, so programs stay
 * balanced and properly nested; misuse ops are offered only when no frame
 * that would make them legal is open at all.
 */
enum ctx_frame {
	CTX_NONE,
	CTX_PREEMPT,		/* preempt_disable() */
	CTX_IRQ_OFF,		/* local_irq_disable() */
	CTX_IRQ_SAVE,		/* local_irq_save(flags) */
	CTX_SPIN,		/* spin_lock(&lock) */
	CTX_HARDIRQ,		/* irq_enter() */
	CTX_NOFS,		/* memalloc_nofs_save() */
	CTX_NOIO,		/* memalloc_noio_save() */
	CTX_NORECLAIM,		/* memalloc_noreclaim_save() */
	CTX_KMAP_ATOMIC,	/* kmap_atomic(pN): preemption and page faults off */
	NR_CTX_FRAMES
};

#define CTX_BIT(f)	(1u << (f))
/* The frames that make a CPU atomic: the task cannot be running its own code. */
#define CTX_ATOMIC	(CTX_BIT(CTX_PREEMPT) | CTX_BIT(CTX_IRQ_OFF) | CTX_BIT(CTX_IRQ_SAVE) | \
			 CTX_BIT(CTX_SPIN) | CTX_BIT(CTX_HARDIRQ) | CTX_BIT(CTX_KMAP_ATOMIC))
/* Open frames a program may nest (well inside every count's field). */
#define CTX_MAX_DEPTH	8

#define OP_MAX_ARGS	4

/*
 * The user addresses process ops reach: the page below the heap (never
 * mapped), the heap's UADDR_HEAP_PAGES pages from UADDR_HEAP (RLIMIT_DATA
 * stops brk there), and the page above it (never mapped).  Pages are 4 KiB
 * on every arch mmfuzz has.
 */
#define UADDR_BASE		0x080ff000UL
#define UADDR_HEAP		(UADDR_BASE + 0x1000UL)
#define UADDR_HEAP_PAGES	14
#define UADDR_SPAN		0x10000UL
#define UADDR_SPAN_BYTES	0x10000
#define UADDR_SPAN_PAGES	16

struct arg_desc {
	enum arg_kind	kind;
	const char	*key;	/* "order" for order=K; NULL for a positional argument */
};

struct op_desc {
	const char	*name;		/* as printed: the kernel function */
	unsigned int	weight;		/* share of opcode byte values */
	unsigned int	nr_args;
	struct arg_desc	args[OP_MAX_ARGS];
	bool		makes_slot;	/* "pN = name(...)" */
	int		order_val;	/* value holding the new slot's order; -1: order 0 */
	bool		frees_slot;	/* value free_val, a live slot, is freed */
	unsigned int	free_val;
	/* A misuse op: the report it must produce; NR_REPORT_TYPES otherwise. */
	enum report_type expect;
	/* Context: the frame the op opens, the innermost one it closes (or 0). */
	u8		ctx_push;
	u8		ctx_pop;
	/* Offered only when no frame of these (CTX_BIT()s) is open. */
	u16		ctx_absent;
	/* Run the op against the machine and the model (see run.h). */
	void		(*exec)(struct run *run, const struct op *op);
	/*
	 * The layers the op touches (LAYER_*): 0 means its table's layer
	 * (op_table.c); OP_COMMON, none (a harness action every target has).
	 */
	unsigned int	layers;
};

/* ---- op_table.c: layers and fuzz targets -------------------------------- */

/*
 * Every op belongs to the layers it touches; a fuzz target is a set of
 * layers, and decodes opcode bytes onto the ops whose layers it all has
 * (a cross-layer misuse op, kfree() of vmalloc memory, needs both).  The
 * text form is universal: any program parses and runs anywhere.  The byte
 * form is per target: the same bytes mean different ops to different
 * targets.  The names must match FUZZ_TARGETS in fuzz/targets.bzl
 * (targets_test checks it).
 */
enum {
	LAYER_BUDDY	= 1 << 0,
	LAYER_SLAB	= 1 << 1,	/* slab caches, kmalloc, kvmalloc */
	LAYER_VMALLOC	= 1 << 2,	/* vmalloc, vmap, kernel page tables */
	LAYER_HIGHMEM	= 1 << 3,	/* kmap, kmap_atomic, kmap_local */
	LAYER_PROCESS	= 1 << 4,	/* brk, user touches */
	LAYER_FAULT	= 1 << 5,	/* fault injection */
	LAYER_ALL	= (1 << 6) - 1,
	OP_COMMON	= 1 << 7,	/* no layer: cpu(), write(), check() */
};

/* The LAYER_* bits op @type touches; 0 for a common op. */
unsigned int op_layers(unsigned int type);
/* Is op @type one of @target's? */
bool op_in_target(unsigned int type, enum fuzz_target target);

/* ---- op_table.c: the registry ---------------------------------------- */

#define OP_TABLE_MAX	128

/* Every op of every layer, in a fixed order: the opcode space. */
extern const struct op_desc *op_table[OP_TABLE_MAX];
extern unsigned int nr_op_table;

/* The op that opcode byte @b selects in @target (weighted). */
unsigned int op_from_byte(enum fuzz_target target, u8 b);
/* The canonical opcode byte of op @type in @target, which must have it. */
u8 op_to_byte(enum fuzz_target target, unsigned int type);

/* ---- prog_ctx.c: what the program knows statically at each op ---------- */

enum slot_state { SLOT_LIVE = 1, SLOT_FREED };

/*
 * The slots as the program text sees them, before anything runs: an
 * allocation always "succeeds" here.  Decoding, encoding and parsing all
 * walk a program with one of these, so they agree on what an index means.
 */
struct prog_ctx {
	const struct machine_tmpl *tmpl;
	struct prog_header hdr;
	unsigned int	nr_slots;
	u8		order[PROG_MAX_SLOTS];
	u8		state[PROG_MAX_SLOTS];
	u16		live[PROG_MAX_SLOTS];	/* live slots, oldest first */
	unsigned int	nr_live;
	u16		freed[PROG_MAX_SLOTS];	/* freed slots, in order of freeing */
	unsigned int	nr_freed;
	u8		ctx[CTX_MAX_DEPTH];	/* open context frames, innermost last */
	/* The slot each frame's op named first (kmap_atomic's page); -1: none. */
	int16_t		ctx_slot[CTX_MAX_DEPTH];
	unsigned int	ctx_depth;
};

void prog_ctx_init(struct prog_ctx *ctx, const struct prog_header *hdr);
/* Record the effect of @op (made and freed slots) after it. */
void prog_ctx_apply(struct prog_ctx *ctx, const struct op *op);
/* Live slots of order >= 1 (tail pages exist), oldest first. */
unsigned int prog_ctx_tailed(const struct prog_ctx *ctx, u16 *out);
/*
 * May op @d come next in @ctx?  Its context frames fit (see enum
 * ctx_frame) and every argument can be had.  False with @why saying what
 * is missing (for the parser's errors); the decoder drops such an op.
 */
bool prog_ctx_op_fits(const struct prog_ctx *ctx, const struct op_desc *d,
		      const char **why);

/* Header bytes <-> header, shared by the byte form and the text form. */
void prog_header_decode(const u8 b[PROG_HEADER_BYTES], struct prog_header *hdr);
void prog_header_encode(const struct prog_header *hdr, u8 b[PROG_HEADER_BYTES]);

/* ---- args.c: argument kinds --------------------------------------------- */

struct byte_reader {
	const u8	*p;
	size_t		left;
};

/* Number of op values an argument of @kind fills. */
unsigned int arg_nr_vals(enum arg_kind kind);

/*
 * Can an argument of @kind be had at all in @ctx (is there a live slot)?
 * An op whose argument cannot is dropped by the decoder.
 */
bool arg_available(enum arg_kind kind, const struct prog_ctx *ctx);

/*
 * Decode one argument into @vals from @rd; @op holds the values decoded so
 * far (an offset needs its slot).  False when the bytes run out.
 */
bool arg_decode(enum arg_kind kind, const struct prog_ctx *ctx,
		struct byte_reader *rd, const s64 *prev, s64 *vals);
/* The canonical bytes of one argument; returns how many. */
size_t arg_encode(enum arg_kind kind, const struct prog_ctx *ctx,
		  const s64 *prev, const s64 *vals, u8 *out);
void arg_print(enum arg_kind kind, const s64 *vals, struct sbuf *sb);
/* "a GFP mask", "a live slot pN"...: for parse errors. */
const char *arg_kind_name(enum arg_kind kind);

/*
 * Parse one argument's text (without its "key="), trimmed, into @vals.
 * Return: 0; -1 if the text is not of this kind's shape; -2 if it is, but
 * the value is not allowed here (a slot that is not live).  @err says why.
 */
int arg_parse(enum arg_kind kind, const struct prog_ctx *ctx, const char *s,
	      size_t len, const s64 *prev, s64 *vals, char *err, size_t errsize);

/* ARG_FAULT_POINT's values: Linux's names of the fault points. */
#define NR_FAULT_POINTS	4
extern const char *const fault_points[NR_FAULT_POINTS];

/* The element count an ARG_NMEMB value stands for. */
size_t arg_nmemb_value(s64 val);

/* GFP masks as text: the canonical name, and a parser for "A|B|0x10". */
void gfp_print(u32 gfp, struct sbuf *sb);

#endif /* _FUZZ_OP_TABLE_H */
