/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimizing a program that fails, as syzkaller minimizes a crash: fewer
 * ops, a plainer machine, plainer arguments, as long as it still fails the
 * same way.
 */
#ifndef _FUZZ_MINIMIZE_H
#define _FUZZ_MINIMIZE_H

#include "fuzz/prog.h"
#include "fuzz/sbuf.h"

/* Does @prog still fail "the same way"?  @arg is the caller's. */
typedef bool (*prog_pred_t)(const struct prog *prog, void *arg);

/**
 * prog_minimize() - shrink @prog while @still_fails holds.
 * @prog: a program for which @still_fails is true; replaced by the
 *	smallest variant found (in canonical form: printing and parsing it
 *	gives it back).
 *
 * Passes, repeated until none makes progress: drop every op that neither
 * touches a slot nor makes one (CPU switches, drains, context and fault
 * ops) at once; drop ops in chunks of half the program, a quarter ... one,
 * from the end (ops that use a dropped op's slot go with it, later slots
 * are renumbered); reset the header's nodes, CPUs, min_free_kbytes and
 * slab_debug; set each argument to the plainest value of its kind
 * (GFP_KERNEL, order 0, offset 0, ...).  A variant that does not parse
 * (a free whose slot is no longer live) is not tried.
 *
 * Context: any; @still_fails may boot machines.
 * Return: how many variants @still_fails was asked about.
 */
unsigned int prog_minimize(struct prog *prog, prog_pred_t still_fails, void *arg);

/**
 * verdict_signature() - what "the same crash" means: the first line of a
 * violation report ("mmfuzz: oracle violation [check] at op N (arch A)")
 * with the op index left out, and the failing op's function name (from
 * the second line), into @sig.  A report of another form is its first line.
 */
void verdict_signature(const char *verdict, struct sbuf *sig);

#endif /* _FUZZ_MINIMIZE_H */
