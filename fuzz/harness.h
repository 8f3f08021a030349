/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The harness: run one program on a fresh machine under the oracle.
 *
 * Nothing survives from one run to the next (DESIGN.md, decision 3): each
 * run boots its own machine and tears it down, and resets the report
 * counters, so the same program gives the same verdict in any order.
 */
#ifndef _FUZZ_HARNESS_H
#define _FUZZ_HARNESS_H

#include <stdio.h>

#include "fuzz/prog.h"
#include "fuzz/sbuf.h"

struct run;

/**
 * harness_run() - boot the machine @prog asks for, run it, check, tear down.
 * @trace:   if not NULL, each op and its outcome is printed there.
 * @verdict: if not NULL, receives the violation report.
 *
 * Context: no machine booted.  Reports from mm/ go nowhere while it runs
 * (the expected ones are misuse noise); the last one is in the verdict.
 * Return: true if every check passed, false on a violation.
 */
bool harness_run(const struct prog *prog, FILE *trace, struct sbuf *verdict);

/**
 * harness_run_or_abort() - harness_run(), then on a violation print the
 * report to stderr and abort(), which is how fuzzing engines see a crash.
 */
void harness_run_or_abort(const struct prog *prog);

/*
 * The same in steps, for tests that break something between ops: boot
 * (NULL if the machine or the boot checks failed: see harness_verdict()),
 * run op @i, end the program (frees, leak check), tear down.  Each step
 * returns false once a violation is recorded.
 */
struct run *harness_begin(const struct prog *prog, FILE *trace);
bool harness_step(struct run *r, unsigned int i);
bool harness_end(struct run *r);
/* The violation report so far ("" if none); valid until harness_finish(). */
const char *harness_verdict(struct run *r);
void harness_finish(struct run *r);

/*
 * Write every later run's outcome lines (outcome.h) to @out, NULL for none:
 * the replay driver's --outcomes, for the differential mode.
 */
void harness_set_outcomes(FILE *out);

/* Print @verdict to stderr and abort(): how a violation ends a fuzz run. */
void harness_abort(const char *verdict) __attribute__((noreturn));

#endif /* _FUZZ_HARNESS_H */
