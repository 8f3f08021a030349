/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The differential mode's comparison: two outcome files (outcome.h), one
 * per arch, of the same programs.  What must agree, per program:
 *
 *   - the verdict: both pass the oracle, or both violate it;
 *   - while the runs are in step (every allocation so far made, made in
 *     highmem, or failed alike on both, and every other op run or skipped
 *     alike: a skip follows from where memory went), every op's reports, by type and
 *     count, except allocations whose success may depend on the arch (not
 *     "neutral") and ops marked "archdep" (kmap: the identity on x86-64;
 *     fault injection and the balloon: the zones they name are the arch's);
 *   - a neutral allocation's result: it cannot fail on one arch only;
 *   - ksize() of a slab object made on both (size classes are the same).
 *
 * The first allocation that comes out differently and is not neutral ends
 * the comparison of ops: from there on the programs act on different
 * memory.  Nothing else is compared: pfns, VAs, zones and which allocation
 * fails first under pressure are the arch's own.
 */
#ifndef _FUZZ_OUTCOME_DIFF_H
#define _FUZZ_OUTCOME_DIFF_H

#include <stdio.h>

/**
 * outcome_diff_files() - compare the runs in @a_path and @b_path.
 * @a_label, @b_label: what to call each side (the arch).
 * @out: where each disagreement and the summary line go.
 * Return: 0 if they agree, 1 if not, 2 if a file cannot be read or parsed.
 */
int outcome_diff_files(const char *a_path, const char *a_label, const char *b_path,
		       const char *b_label, FILE *out);

#endif /* _FUZZ_OUTCOME_DIFF_H */
