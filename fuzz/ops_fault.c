// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of fault injection and low memory: fail_nth(N) (Linux's
 * /proc/self/fail-nth), the attributes of each fault point (Linux's
 * debugfs files: probability, interval, times, space, verbose,
 * ignore-gfp-wait, ignore-gfp-highmem, min-order; keys with '_' for '-'),
 * and the balloon that holds free pages back.
 *
 * Linux's defaults exempt allocations that may reclaim (and, for
 * fail_page_alloc, highmem and order 0) from both points: those calls are
 * not fault-able and fail-nth does not count them.  Programs that want
 * GFP_KERNEL to fail clear ignore_gfp_wait first, as syzkaller does.
 *
 * The model does not predict which call an injection hits: an allocation
 * that comes back NULL is legal whatever the reason, and the allocation
 * checks (model.c, ops_slab.c, ops_vmalloc.c) require the injection's
 * "FAULT_INJECTION: forcing a failure" report exactly when the point is
 * verbose and the caller did not pass __GFP_NOWARN.  What injection is for
 * is the unwinding: a failure halfway through vmalloc or a new slab must
 * leave nothing behind, and the leak check at the end of the program sees
 * any page that did not come back.  Everything stays deterministic: boot
 * resets every attribute and restarts the probability generator from its
 * seed, so a program fails the same calls on every run.
 *
 * Attributes are set through fault_inject_setup() with Linux's names, so
 * the ops exercise the same parser a boot line does.  fail_nth() in an
 * interrupt does nothing (Linux's fail-nth belongs to a task).
 *
 * The balloon: balloon_leave(node, zone, left) takes free pages of one
 * zone until @left remain (low memory: watermarks, reclaim, OOM), and
 * balloon_deflate(ULONG_MAX) gives everything back.  The model counts the
 * pages it holds per zone in the accounting; the end deflates it.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <linux/balloon.h>
#include <linux/fault-inject.h>
#include <linux/mmzone.h>

#include "fuzz/op_table.h"
#include "fuzz/ops.h"
#include "fuzz/run.h"

/* ---- fault injection ------------------------------------------------------- */

static void exec_fail_nth(struct run *r, const struct op *op)
{
	unsigned int n = (unsigned int)op->val[0];

	fail_nth_set(n);
	if (in_task() && fail_nth_get() != n)
		oracle_fail(r, "fail-nth", "fail-nth reads %u after writing %u", fail_nth_get(), n);
	run_trace(r, in_task() ? "armed" : "interrupt context: fail-nth is a task's, nothing armed");
}

/* The attributes only some points have; the rest every point has. */
static const struct {
	const char	*key;
	unsigned int	points;		/* bit i: fault_points[i] */
} attr_points[] = {
	{ "ignore_gfp_wait", 0x3 },	/* failslab, fail_page_alloc */
	{ "ignore_gfp_highmem", 0x2 },	/* fail_page_alloc */
	{ "min_order", 0x2 },
};

/*
 * fault_attr(point, key=value): Linux's attribute name is the key with '-'
 * for '_'; one the point does not have is skipped (its parser refuses it).
 */
static void exec_attr(struct run *r, const struct op *op)
{
	const char *key = op_table[op->type]->args[1].key;
	unsigned int point = (unsigned int)op->val[0] % NR_FAULT_POINTS;
	unsigned int points = ~0u;
	char line[96], *c;

	for (size_t i = 0; i < ARRAY_SIZE(attr_points); i++)
		if (!strcmp(key, attr_points[i].key))
			points = attr_points[i].points;
	if (!(points & (1u << point))) {
		run_trace(r, "skipped: %s has no %s", fault_points[point], key);
		return;
	}
	snprintf(line, sizeof(line), "%s.%s=%lld", fault_points[point], key,
		 (long long)op->val[1]);
	for (c = strchr(line, '.'); (c = strchr(c, '_'));)
		*c = '-';
	if (fault_inject_setup(line))
		oracle_fail(r, "fault-attr", "fault_inject_setup(\"%s\") refused: %s", line,
			    fault_inject_last_error());
}

/* ---- the balloon --------------------------------------------------------------- */

static void call_balloon_leave(void *arg)
{
	balloon_leave(arg, 0);
}

static void exec_balloon_leave(struct run *r, const struct op *op)
{
	int nid = op->val[0] < 0 ? 0 : (int)op->val[0];
	int z = (int)op->val[1];
	struct zone *zone = &machine.node_data[nid].node_zones[z];
	unsigned long taken;

	r->balloon_used = true;
	if (!populated_zone(zone)) {
		run_trace(r, "node %d zone %s has no pages", nid, zone_names[z]);
		model_misuse(r, REPORT_BAD_ARG, call_balloon_leave, zone);
		return;
	}
	taken = balloon_leave(zone, (unsigned long)op->val[2]);
	r->balloon[nid][z] += taken;
	run_trace(r, "took %lu pages, %lu free left", taken, zone->free_pages);
	if (zone->free_pages > (unsigned long)op->val[2] && taken)
		oracle_fail(r, "balloon", "balloon_leave() left %lu free pages in node %d zone %s, asked for %lld",
			    zone->free_pages, nid, zone_names[z], (long long)op->val[2]);
}

void balloon_model_release(struct run *r)
{
	balloon_deflate(ULONG_MAX);
	memset(r->balloon, 0, sizeof(r->balloon));
	if (balloon_pages())
		oracle_fail(r, "balloon", "balloon_deflate(ULONG_MAX) left %lu pages in the balloon",
			    balloon_pages());
}

static void exec_balloon_deflate(struct run *r, const struct op *op)
{
	unsigned long held = 0, given;

	for (int n = 0; n < MAX_NUMNODES; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			held += r->balloon[n][z];
	given = balloon_deflate(ULONG_MAX);
	if (given != held)
		oracle_fail(r, "balloon", "balloon_deflate(ULONG_MAX) gave back %lu pages, it took %lu",
			    given, held);
	balloon_model_release(r);
}

#define NO_REPORT	NR_REPORT_TYPES

#define ATTR(key, kind) \
	{ "fault_attr", 1, 2, { { ARG_FAULT_POINT, NULL }, { kind, key } }, \
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_attr }

const struct op_desc fault_ops[] = {
	{ "fail_nth", 3, 1, { { ARG_NTH, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_fail_nth },
	ATTR("probability", ARG_PERCENT),
	ATTR("interval", ARG_COUNT),
	ATTR("times", ARG_TIMES),
	ATTR("space", ARG_SIZE),
	ATTR("verbose", ARG_BOOL),
	ATTR("ignore_gfp_wait", ARG_BOOL),
	ATTR("ignore_gfp_highmem", ARG_BOOL),
	ATTR("min_order", ARG_ORDER),
	{ "balloon_leave", 2, 3,
	  { { ARG_NODE, "node" }, { ARG_ZONE, "zone" }, { ARG_COUNT, "left" } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_balloon_leave },
	{ "balloon_deflate", 1, 1, { { ARG_ALL, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_balloon_deflate },
};

const unsigned int nr_fault_ops = ARRAY_SIZE(fault_ops);
