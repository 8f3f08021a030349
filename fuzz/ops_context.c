// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of the execution context: preempt_disable()/preempt_enable(),
 * local_irq_disable()/local_irq_enable(), local_irq_save()/restore(),
 * spin_lock()/spin_unlock() of one harness lock, irq_enter()/irq_exit(),
 * and the GFP scopes memalloc_{nofs,noio,noreclaim}_save()/restore().
 * kmap_atomic()/kunmap_atomic() are frames too (ops_kmap.c runs them): a
 * kmap_atomic() frame raises preempt_count and pagefault_disable()'s
 * depth, and its kunmap_atomic() is offered only while it is the
 * innermost frame, naming the page it mapped.
 *
 * Programs stay balanced: every op that opens a context pushes a frame on
 * the program's static stack (prog_ctx), and the op that closes it is
 * offered only when its frame is the innermost (op_table.h).  Misuse is
 * its own ops, offered only where no frame could make it legal:
 * preempt_enable() with no preempt_disable() or lock, spin_unlock() of
 * the free lock, irq_exit() outside an interrupt, a memalloc_*_restore()
 * with no save; each must be reported once and change nothing.
 *
 * The model keeps the same frames at run time, with what each saved, and
 * computes preempt_count, the interrupt state and the task's PF_MEMALLOC*
 * flags and the task's pagefault_disable() depth (kmap_atomic frames plus
 * the program's own pagefault_disable()s, ops_process.c) by its own
 * arithmetic; after every op they must equal the kernel's.  What the context means for other ops:
 *   - an op that began atomic may make might_sleep() reports ("BUG:
 *     sleeping function called from invalid context", Linux's warning,
 *     expected); one that did not may not.  A page allocation that may
 *     reclaim must make at least one (model.c);
 *   - a CPU switch while atomic is refused with a report (ops_buddy.c);
 *   - a noreclaim scope turns the out-of-memory path off (model.c);
 *   - nofs/noio scopes narrow what reclaim may ask: two harness shrinkers,
 *     one needing __GFP_FS and one __GFP_IO, are registered at boot and
 *     check every call against the scopes the model knows are open.
 * The end of a program closes every frame, innermost first, before the
 * final frees and the leak check.
 */
#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/sched/mm.h>
#include <linux/shrinker.h>
#include <linux/spinlock.h>

#include "fuzz/compiler.h"
#include "fuzz/op_table.h"
#include "fuzz/ops.h"
#include "fuzz/run.h"

/* The run the shrinkers report into; set at boot, one run at a time. */
static struct run *ctx_run;

static const struct {
	unsigned int	flag;
	const char	*save;
} scopes[NR_MEMALLOC_SCOPES] = {
	[MEMALLOC_NOFS]		= { PF_MEMALLOC_NOFS, "memalloc_nofs_save()" },
	[MEMALLOC_NOIO]		= { PF_MEMALLOC_NOIO, "memalloc_noio_save()" },
	[MEMALLOC_NORECLAIM]	= { PF_MEMALLOC, "memalloc_noreclaim_save()" },
};

static enum memalloc_scope frame_scope(u8 frame)
{
	return frame == CTX_NOFS ? MEMALLOC_NOFS :
	       frame == CTX_NOIO ? MEMALLOC_NOIO : MEMALLOC_NORECLAIM;
}

/* ---- the model's arithmetic ------------------------------------------------ */

bool context_model_atomic(const struct run *r)
{
	return r->ctx.preempt || r->ctx.irqs_off;
}

bool context_model_memalloc(const struct run *r)
{
	return r->ctx.scope[MEMALLOC_NORECLAIM] > 0;
}

bool context_model_alloc_slept(struct run *r, const char *fn, gfp_t gfp)
{
	bool slept = report_count(REPORT_SLEEP_IN_ATOMIC) !=
		     r->op_reports[REPORT_SLEEP_IN_ATOMIC];

	if (!r->op_atomic || !(gfp & __GFP_DIRECT_RECLAIM) || slept)
		return true;
	return oracle_fail(r, "sleep-in-atomic",
			   "%s: an allocation that may sleep, in atomic context, made no might_sleep() report",
			   fn);
}

bool context_model_gfp_fs(const struct run *r, gfp_t gfp)
{
	return (gfp & __GFP_FS) && !r->ctx.scope[MEMALLOC_NOFS] &&
	       !r->ctx.scope[MEMALLOC_NOIO];
}

static unsigned int model_task_flags(const struct run *r)
{
	unsigned int flags = 0;

	for (int s = 0; s < NR_MEMALLOC_SCOPES; s++)
		if (r->ctx.scope[s])
			flags |= scopes[s].flag;
	return flags;
}

bool context_model_pagefault_disabled(const struct run *r)
{
	return r->proc.pf_disabled + r->ctx.pf_off > 0;
}

bool context_model_check(struct run *r)
{
	unsigned int pf = r->proc.pf_disabled + r->ctx.pf_off;

	if (preempt_count() == r->ctx.preempt && irqs_disabled() == r->ctx.irqs_off &&
	    (current->flags & (PF_MEMALLOC | PF_MEMALLOC_NOFS | PF_MEMALLOC_NOIO)) ==
	    model_task_flags(r) && current->pagefault_disabled == (int)pf)
		return true;
	oracle_fail(r, "context", "the kernel's context on CPU %u is not what the program made it",
		    smp_processor_id());
	oracle_detail(r, "expected: preempt_count %#x, irqs_disabled %d, task flags %#x, pagefault_disabled %u",
		      r->ctx.preempt, r->ctx.irqs_off, model_task_flags(r), pf);
	oracle_detail(r, "found: preempt_count %#x, irqs_disabled %d, task flags %#x, pagefault_disabled %d",
		      preempt_count(), irqs_disabled(), current->flags,
		      current->pagefault_disabled);
	return false;
}

void context_model_sleep_reports(struct run *r)
{
	unsigned long got = report_count(REPORT_SLEEP_IN_ATOMIC) -
			    r->op_reports[REPORT_SLEEP_IN_ATOMIC];

	if (!got)
		return;
	if (!r->op_atomic) {
		oracle_fail(r, "sleep-in-atomic", "%lu might_sleep() report(s) outside atomic context",
			    got);
		oracle_detail(r, "expected: none, preempt_count %#x, interrupts %s",
			      r->ctx.preempt, r->ctx.irqs_off ? "off" : "on");
		return;
	}
	r->expect_reports[REPORT_SLEEP_IN_ATOMIC] += got;
	run_trace(r, "%lu sleeping-in-atomic report(s), as Linux warns", got);
}

/* ---- shrinkers that check the scopes -------------------------------------------- */

struct scope_shrinker {
	struct shrinker	shrinker;
	gfp_t		need;		/* __GFP_FS or __GFP_IO */
	const char	*need_name;
};

/* Asked by reclaim: it must not be, if the mask or an open scope forbids it. */
__no_sanitize_coverage
static unsigned long scope_count(struct shrinker *s, struct shrink_control *sc)
{
	struct scope_shrinker *ss = container_of(s, struct scope_shrinker, shrinker);
	struct run *r = ctx_run;
	bool noio = r && r->ctx.scope[MEMALLOC_NOIO];
	bool nofs = r && r->ctx.scope[MEMALLOC_NOFS];

	if (!r || r->failed)
		return 0;
	if (!(sc->gfp_mask & ss->need)) {
		oracle_fail(r, "gfp-scope", "reclaim asked a shrinker that needs %s with a mask without it",
			    ss->need_name);
		oracle_detail(r, "found: sc->gfp_mask %#x", sc->gfp_mask);
	} else if (noio || (nofs && ss->need == __GFP_FS)) {
		oracle_fail(r, "gfp-scope", "reclaim asked a shrinker that needs %s inside %s",
			    ss->need_name, scopes[noio ? MEMALLOC_NOIO : MEMALLOC_NOFS].save);
		oracle_detail(r, "expected: the scope narrows the mask (current_gfp_context())");
		oracle_detail(r, "found: sc->gfp_mask %#x", sc->gfp_mask);
	}
	return 0;
}

static unsigned long scope_scan(struct shrinker *s, struct shrink_control *sc)
{
	return SHRINK_STOP;
}

static struct scope_shrinker fs_shrinker = {
	.shrinker = { .count_objects = scope_count, .scan_objects = scope_scan,
		      .flags = SHRINKER_NEEDS_FS },
	.need = __GFP_FS, .need_name = "__GFP_FS",
};

static struct scope_shrinker io_shrinker = {
	.shrinker = { .count_objects = scope_count, .scan_objects = scope_scan,
		      .flags = SHRINKER_NEEDS_IO },
	.need = __GFP_IO, .need_name = "__GFP_IO",
};

void context_model_boot(struct run *r)
{
	ctx_run = r;
	spin_lock_init(&r->lock);
	if (register_shrinker(&fs_shrinker.shrinker, "mmfuzz-needs-fs") ||
	    register_shrinker(&io_shrinker.shrinker, "mmfuzz-needs-io"))
		oracle_fail(r, "boot", "register_shrinker() of the harness's scope shrinkers failed");
}

/* ---- frames ------------------------------------------------------------------------ */

static void push(struct run *r, u8 frame, unsigned long saved)
{
	r->ctx_used = true;
	if (r->ctx.depth >= CTX_MAX_DEPTH) {
		oracle_fail(r, "context", "more than %d context frames open", CTX_MAX_DEPTH);
		return;
	}
	r->ctx.frame[r->ctx.depth] = frame;
	r->ctx.saved[r->ctx.depth++] = saved;
}

/* The innermost frame, which must be @frame (the program's static view says so). */
static bool pop(struct run *r, u8 frame, unsigned long *saved)
{
	if (!r->ctx.depth || r->ctx.frame[r->ctx.depth - 1] != frame)
		return oracle_fail(r, "context", "the innermost context frame is not the one this op closes");
	*saved = r->ctx.saved[--r->ctx.depth];
	return true;
}

static void open_frame(struct run *r, u8 frame)
{
	unsigned long saved = 0;

	switch (frame) {
	case CTX_PREEMPT:
		preempt_disable();
		r->ctx.preempt += PREEMPT_OFFSET;
		break;
	case CTX_IRQ_OFF:
		local_irq_disable();
		r->ctx.irqs_off = true;
		break;
	case CTX_IRQ_SAVE:
		local_irq_save(saved);
		if (saved != (r->ctx.irqs_off ? 0 : X86_EFLAGS_IF))
			oracle_fail(r, "context", "local_irq_save() returned %#lx with interrupts %s",
				    saved, r->ctx.irqs_off ? "off" : "on");
		r->ctx.irqs_off = true;
		break;
	case CTX_SPIN:
		spin_lock(&r->lock);
		r->ctx.preempt += PREEMPT_OFFSET;
		break;
	case CTX_HARDIRQ:
		irq_enter();
		saved = r->ctx.irqs_off;
		r->ctx.preempt += HARDIRQ_OFFSET;
		r->ctx.irqs_off = true;
		break;
	case CTX_NOFS:
	case CTX_NOIO:
	case CTX_NORECLAIM: {
		enum memalloc_scope s = frame_scope(frame);

		saved = memalloc_scope_save(s);
		if (saved != (r->ctx.scope[s] ? scopes[s].flag : 0))
			oracle_fail(r, "context", "%s returned %#lx with %u such scope(s) open",
				    scopes[s].save, saved, r->ctx.scope[s]);
		r->ctx.scope[s]++;
		break;
	}
	default:
		return;
	}
	push(r, frame, saved);
}

static void trace_context(struct run *r)
{
	run_trace(r, "preempt_count %#x, interrupts %s, task flags %#x",
		  r->ctx.preempt, r->ctx.irqs_off ? "off" : "on", model_task_flags(r));
}

void context_model_kmap_atomic(struct run *r, void *addr)
{
	if (addr) {
		r->ctx.preempt += PREEMPT_OFFSET;
		r->ctx.pf_off++;
	}
	push(r, CTX_KMAP_ATOMIC, (unsigned long)addr);
	trace_context(r);
}

/* Close the innermost frame, @frame; @by_program: an op of the program, not the end's unwind. */
static void close_frame(struct run *r, u8 frame, bool by_program)
{
	unsigned long saved = 0;

	if (!pop(r, frame, &saved))
		return;
	switch (frame) {
	case CTX_KMAP_ATOMIC:
		/* NULL: kmap_atomic() was refused or skipped, nothing to undo. */
		if (!saved || !kmap_model_kunmap_atomic(r, (void *)saved, by_program))
			break;
		r->ctx.preempt -= PREEMPT_OFFSET;
		r->ctx.pf_off--;
		break;
	case CTX_PREEMPT:
		preempt_enable();
		r->ctx.preempt -= PREEMPT_OFFSET;
		break;
	case CTX_IRQ_OFF:
		local_irq_enable();
		r->ctx.irqs_off = false;
		break;
	case CTX_IRQ_SAVE:
		local_irq_restore(saved);
		r->ctx.irqs_off = irqs_disabled_flags(saved);
		break;
	case CTX_SPIN:
		spin_unlock(&r->lock);
		r->ctx.preempt -= PREEMPT_OFFSET;
		break;
	case CTX_HARDIRQ:
		irq_exit();
		r->ctx.preempt -= HARDIRQ_OFFSET;
		r->ctx.irqs_off = saved;
		break;
	case CTX_NOFS:
	case CTX_NOIO:
	case CTX_NORECLAIM:
		memalloc_scope_restore(frame_scope(frame), (unsigned int)saved);
		r->ctx.scope[frame_scope(frame)]--;
		break;
	default:
		break;
	}
}

bool context_model_unwind(struct run *r)
{
	while (r->ctx.depth && !r->failed)
		close_frame(r, r->ctx.frame[r->ctx.depth - 1], false);
	return !r->failed && context_model_check(r);
}

/* ---- ops ---------------------------------------------------------------------------- */

static void exec_open(struct run *r, const struct op *op)
{
	open_frame(r, op_table[op->type]->ctx_push);
	trace_context(r);
}

void context_model_close(struct run *r, const struct op *op)
{
	close_frame(r, op_table[op->type]->ctx_pop, true);
	trace_context(r);
}

/* Misuse: the unbalanced end of a frame that is not open anywhere. */
static void call_preempt_enable(void *arg)
{
	preempt_enable();
}

static void call_spin_unlock(void *arg)
{
	spin_unlock(arg);
}

static void call_irq_exit(void *arg)
{
	irq_exit();
}

/* memalloc_<scope>_restore(0), @arg pointing at the scope. */
static void call_scope_restore(void *arg)
{
	memalloc_scope_restore(*(const enum memalloc_scope *)arg, 0);
}

static void exec_misuse(struct run *r, const struct op *op)
{
	const struct op_desc *d = op_table[op->type];
	enum memalloc_scope scope;

	r->ctx_used = true;
	switch (d->ctx_absent) {
	case CTX_BIT(CTX_PREEMPT) | CTX_BIT(CTX_SPIN) | CTX_BIT(CTX_KMAP_ATOMIC):
		model_misuse(r, d->expect, call_preempt_enable, NULL);
		return;
	case CTX_BIT(CTX_SPIN):
		model_misuse(r, d->expect, call_spin_unlock, &r->lock);
		return;
	case CTX_BIT(CTX_HARDIRQ):
		model_misuse(r, d->expect, call_irq_exit, NULL);
		return;
	default:
		/* The one frame that must be absent is the scope's. */
		scope = frame_scope((u8)__builtin_ctz(d->ctx_absent));
		model_misuse(r, d->expect, call_scope_restore, &scope);
		return;
	}
}

#define NO_REPORT	NR_REPORT_TYPES

#define OPEN(name, w, frame, args...) \
	{ name, w, args, .order_val = -1, .expect = NO_REPORT, \
	  .ctx_push = frame, .exec = exec_open }
#define CLOSE(name, w, frame, args...) \
	{ name, w, args, .order_val = -1, .expect = NO_REPORT, \
	  .ctx_pop = frame, .exec = context_model_close }
#define MISUSE(name, absent, report, args...) \
	{ name, 1, args, .order_val = -1, .expect = report, \
	  .ctx_absent = absent, .exec = exec_misuse }

const struct op_desc context_ops[] = {
	OPEN("preempt_disable", 2, CTX_PREEMPT, 0, { { 0 } }),
	CLOSE("preempt_enable", 2, CTX_PREEMPT, 0, { { 0 } }),
	OPEN("local_irq_disable", 1, CTX_IRQ_OFF, 0, { { 0 } }),
	CLOSE("local_irq_enable", 1, CTX_IRQ_OFF, 0, { { 0 } }),
	OPEN("local_irq_save", 1, CTX_IRQ_SAVE, 1, { { ARG_FLAGS, NULL } }),
	CLOSE("local_irq_restore", 1, CTX_IRQ_SAVE, 1, { { ARG_FLAGS, NULL } }),
	/* One lock: taking it again would be a deadlock, so not offered. */
	{ "spin_lock", 2, 1, { { ARG_LOCK, NULL } }, .order_val = -1,
	  .expect = NO_REPORT, .ctx_push = CTX_SPIN, .ctx_absent = CTX_BIT(CTX_SPIN),
	  .exec = exec_open },
	CLOSE("spin_unlock", 2, CTX_SPIN, 1, { { ARG_LOCK, NULL } }),
	OPEN("irq_enter", 1, CTX_HARDIRQ, 0, { { 0 } }),
	CLOSE("irq_exit", 1, CTX_HARDIRQ, 0, { { 0 } }),
	OPEN("memalloc_nofs_save", 1, CTX_NOFS, 0, { { 0 } }),
	CLOSE("memalloc_nofs_restore", 1, CTX_NOFS, 1, { { ARG_FLAGS, NULL } }),
	OPEN("memalloc_noio_save", 1, CTX_NOIO, 0, { { 0 } }),
	CLOSE("memalloc_noio_restore", 1, CTX_NOIO, 1, { { ARG_FLAGS, NULL } }),
	OPEN("memalloc_noreclaim_save", 1, CTX_NORECLAIM, 0, { { 0 } }),
	CLOSE("memalloc_noreclaim_restore", 1, CTX_NORECLAIM, 1, { { ARG_FLAGS, NULL } }),
	/* Misuse: each needs every frame that would make it legal closed. */
	MISUSE("preempt_enable", CTX_BIT(CTX_PREEMPT) | CTX_BIT(CTX_SPIN) |
	       CTX_BIT(CTX_KMAP_ATOMIC), REPORT_BAD_CONTEXT, 0, { { 0 } }),
	MISUSE("spin_unlock", CTX_BIT(CTX_SPIN), REPORT_BAD_CONTEXT, 1,
	       { { ARG_LOCK, NULL } }),
	MISUSE("irq_exit", CTX_BIT(CTX_HARDIRQ), REPORT_BAD_CONTEXT, 0, { { 0 } }),
	MISUSE("memalloc_nofs_restore", CTX_BIT(CTX_NOFS), REPORT_BAD_SCOPE, 1,
	       { { ARG_FLAGS, NULL } }),
	MISUSE("memalloc_noio_restore", CTX_BIT(CTX_NOIO), REPORT_BAD_SCOPE, 1,
	       { { ARG_FLAGS, NULL } }),
	MISUSE("memalloc_noreclaim_restore", CTX_BIT(CTX_NORECLAIM), REPORT_BAD_SCOPE, 1,
	       { { ARG_FLAGS, NULL } }),
};

const unsigned int nr_context_ops = ARRAY_SIZE(context_ops);
