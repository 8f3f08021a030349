/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Outcomes: what each op of a run did, one machine-readable line per op,
 * for the differential mode (outcome_diff_main.c) that runs a program on
 * both architectures and compares what must agree.
 *
 *   file PATH                       a program begins
 *   op I NAME RESULT [neutral] [ksize=N] reports=TYPE:N,... | reports=-
 *   end ok | end violation CHECK
 *
 * RESULT is, for an op that makes a slot, "made", "made-highmem" (a page
 * block with no kernel address) or "null"; for any other op "skipped" if
 * it found nothing to act on (a freed slot's pfn in use again...), else "-".  An
 * allocation is "neutral" when its success cannot depend on the arch
 * (outcome_neutral()).  ksize= is given for a slab object made.
 */
#ifndef _FUZZ_OUTCOME_H
#define _FUZZ_OUTCOME_H

#include <stdio.h>

#include "fuzz/prog.h"

struct run;

/*
 * Would @prog's op @i, an allocation, succeed on any arch?  True when the
 * machine has fault injection off and RAM to spare (>= 48 MiB), the mask
 * names no zone an arch may lack or place differently (__GFP_HIGHMEM,
 * __GFP_DMA32, __GFP_THISNODE, bits outside the realistic bases), the
 * request is at most order 3, min_free_kbytes is not the 16 MiB choice, and
 * every allocation up to this one, freed or not, asks for at most a quarter
 * of the smallest memory its mask can use (16 MiB of DMA, else lowmem).
 */
bool outcome_neutral(const struct prog *prog, unsigned int i);

/* The line of op @i, which just ran in @r (reports since @before). */
void outcome_op(struct run *r, FILE *out, unsigned int i,
		const unsigned long *before);

#endif /* _FUZZ_OUTCOME_H */
