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
	ARG_DEVICE,		/* a harness DMA device: isa (24-bit), dev32, dev64 */
	ARG_BOUNDARY,		/* a dma_pool boundary: 0, powers of two, a few that are not */
	ARG_COUNT,		/* an element count, index into a table reaching SIZE_MAX */
	NR_ARG_KINDS
};

#define OP_MAX_ARGS	4

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
	/* Run the op against the machine and the model (see run.h). */
	void		(*exec)(struct run *run, const struct op *op);
};

/* ---- op_table.c: the registry ---------------------------------------- */

#define OP_TABLE_MAX	128

/* Every op of every layer, in a fixed order: the opcode space. */
extern const struct op_desc *op_table[OP_TABLE_MAX];
extern unsigned int nr_op_table;

/* The op that opcode byte @b selects (weighted). */
unsigned int op_from_byte(u8 b);
/* The canonical opcode byte of op @type. */
u8 op_to_byte(unsigned int type);

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
};

void prog_ctx_init(struct prog_ctx *ctx, const struct prog_header *hdr);
/* Record the effect of @op (made and freed slots) after it. */
void prog_ctx_apply(struct prog_ctx *ctx, const struct op *op);
/* Live slots of order >= 1 (tail pages exist), oldest first. */
unsigned int prog_ctx_tailed(const struct prog_ctx *ctx, u16 *out);

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

/* The element count an ARG_COUNT value stands for. */
size_t arg_count_value(s64 val);

/* GFP masks as text: the canonical name, and a parser for "A|B|0x10". */
void gfp_print(u32 gfp, struct sbuf *sb);

#endif /* _FUZZ_OP_TABLE_H */
