/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs: what one fuzz input means.
 *
 * A program is a header (which machine to boot) and up to PROG_MAX_OPS ops,
 * each one call into the kernel API or one harness action.  It has two
 * forms (DESIGN.md, decision 7):
 *
 *   bytes  what fuzzers mutate.  Every byte string decodes to a valid
 *          program: there is no rejection path.  Values are taken modulo
 *          their range, an op that has nothing to act on (a free with no
 *          live allocation) is dropped, and running out of bytes ends the
 *          program.  prog_encode() writes the canonical bytes of a program;
 *          decoding them gives the same program back.
 *   text   what people read and write: one call per line, e.g.
 *            machine pc 256M nodes=2 cpus=4
 *            p0 = alloc_pages(GFP_ATOMIC|__GFP_ZERO, order=2, node=0)
 *            __free_pages(p0)
 *          prog_print() and prog_parse() round-trip exactly.
 *
 * Allocations are named by slot: the n-th allocating op of a program makes
 * slot pn, whether or not the allocation succeeds when the program runs (an
 * op on a slot whose allocation failed does nothing).  In the byte form an
 * op picks its slot by index, modulo the number of slots that are live at
 * that point of the program, so frees and reads usually hit something real.
 *
 * Byte layout: PROG_HEADER_BYTES header bytes (machine template, nodes and
 * CPUs, min_free_kbytes choice), then ops: one opcode byte and the bytes of
 * each argument (see op_table.h).  The arch is the binary's, not the
 * input's: the same bytes run on i386 and x86-64.  The opcode bytes are
 * the fuzz target's (target.h): the text form is the same for every
 * target, the byte form is not.
 */
#ifndef _FUZZ_PROG_H
#define _FUZZ_PROG_H

#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#include "fuzz/sbuf.h"
#include "fuzz/target.h"

#define PROG_MAX_OPS		256
/* Each allocating op makes one slot, so this many slots always suffice. */
#define PROG_MAX_SLOTS		PROG_MAX_OPS
#define PROG_HEADER_BYTES	3
/* Values per op; a two-value argument (a page inside a slot) takes two. */
#define OP_MAX_VALS		6
/* Longest canonical encoding of one op, and of a whole program. */
#define OP_MAX_BYTES		16
#define PROG_MAX_BYTES		(PROG_HEADER_BYTES + PROG_MAX_OPS * OP_MAX_BYTES)

struct prog_header {
	u8	machine;	/* index into machine_tmpls[] */
	u8	nr_nodes;	/* 1..template's max_nodes */
	u8	nr_cpus;	/* 1..8 */
	u8	min_free;	/* index into min_free_choices[] */
	u8	slab_debug;	/* index into slab_debug_choices[] */
};

/* One op: which entry of the op table, and its argument values. */
struct op {
	u16	type;		/* index into op_table[] */
	int16_t	slot;		/* the slot this op creates, or -1 */
	s64	val[OP_MAX_VALS];
};

struct prog {
	struct prog_header hdr;
	unsigned int	nr_ops;
	unsigned int	nr_slots;
	struct op	ops[PROG_MAX_OPS];
};

/**
 * prog_decode() - the program @data means to fuzz target @target.
 * Never fails: opcode bytes map onto @target's ops only.
 */
void prog_decode(const u8 *data, size_t size, enum fuzz_target target,
		 struct prog *prog);

/**
 * prog_generate() - a random program of @target of @nr_ops ops (at most
 * PROG_MAX_OPS), the same for the same @seed on every host.
 * @header: PROG_HEADER_BYTES header bytes to use, or NULL for random ones.
 *
 * Random bytes are decoded and more added until @nr_ops ops survive the
 * decoder; fewer only if a huge byte budget runs out first.
 */
void prog_generate(u64 seed, enum fuzz_target target, unsigned int nr_ops,
		   const u8 *header, struct prog *prog);

/**
 * prog_encode() - the canonical bytes of @prog for @target into @buf
 * (PROG_MAX_BYTES always suffice).
 * An op @target does not have (see prog_target_misfit()) is left out, so
 * check first: the bytes would mean another program.
 * Return: the number of bytes written.
 */
size_t prog_encode(const struct prog *prog, enum fuzz_target target, u8 *buf,
		   size_t size);

/* The index of the first op of @prog that @target lacks, or -1 if none. */
int prog_target_misfit(const struct prog *prog, enum fuzz_target target);

/* The text form of the header line, of one op, of a whole program. */
void prog_print_header(const struct prog_header *hdr, struct sbuf *sb);
void prog_print_op(const struct op *op, struct sbuf *sb);
void prog_print(const struct prog *prog, struct sbuf *sb);

/**
 * prog_parse() - parse the text form.
 * @err: on failure, "line N: what is wrong" (at most @errsize bytes).
 *
 * Blank lines and '#' comments are ignored; the "machine" line, if any,
 * comes before the first op (without one, the machine is the byte form's
 * default, header bytes all zero).  Any input, including binary garbage,
 * gives either a program or an error.
 * Return: 0, or -1 with @err set.
 */
int prog_parse(const char *text, size_t len, struct prog *prog, char *err,
	       size_t errsize);

/*
 * Does @data look like the text form?  True when it has no control bytes
 * other than whitespace and its first word is "machine" or it starts with
 * a '#' comment; files that are meant as text should start that way.
 */
bool prog_looks_like_text(const u8 *data, size_t size);

#endif /* _FUZZ_PROG_H */
