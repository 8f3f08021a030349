// SPDX-License-Identifier: GPL-2.0
/*
 * The minimizer (minimize.h).  Every variant is made on the program's
 * structure (drop ops, renumber slots, change values) and then put
 * through the text form: printing and parsing it is the one validity
 * check (a free of a slot that is no longer live, a length past the end
 * of a smaller block, a CPU the machine lacks all fail to parse), and
 * leaves the variant canonical.
 */
#include <string.h>

#include <linux/gfp_types.h>

#include "fuzz/minimize.h"
#include "fuzz/op_table.h"

/* Scratch programs: 20 KiB each, too big for every stack. */
static struct prog cand, parsed;

static bool is_slot_ref(enum arg_kind kind)
{
	return kind == ARG_LIVE || kind == ARG_FREED || kind == ARG_TAIL ||
	       kind == ARG_KMAP_ATOMIC;
}

/* Index of argument @a's first value in op->val[]. */
static unsigned int val_index(const struct op_desc *d, unsigned int a)
{
	unsigned int v = 0;

	for (unsigned int i = 0; i < a; i++)
		v += arg_nr_vals(d->args[i].kind);
	return v;
}

/* Print and parse @p back: false if it is not a valid program. */
static bool canonical(struct prog *p)
{
	struct sbuf text = SBUF_INIT;
	char err[256];
	int ret;

	prog_print(p, &text);
	ret = prog_parse(sbuf_str(&text), strlen(sbuf_str(&text)), &parsed,
			 err, sizeof(err));
	sbuf_free(&text);
	if (ret)
		return false;
	*p = parsed;
	return true;
}

/*
 * @in without the ops @drop marks, nor those that use a slot a dropped op
 * made (references always come after the slot is made, so one pass sees
 * them all), into @out with the slots renumbered.
 */
static bool drop_ops(const struct prog *in, const bool *drop, struct prog *out)
{
	static bool gone[PROG_MAX_SLOTS];
	static int16_t renum[PROG_MAX_SLOTS];
	unsigned int n = 0, slots = 0;

	memset(gone, 0, sizeof(gone));
	out->hdr = in->hdr;
	for (unsigned int i = 0; i < in->nr_ops; i++) {
		const struct op *op = &in->ops[i];
		const struct op_desc *d = op_table[op->type];
		bool dropped = drop[i];
		struct op *o;

		for (unsigned int a = 0; a < d->nr_args && !dropped; a++)
			if (is_slot_ref(d->args[a].kind) &&
			    gone[op->val[val_index(d, a)]])
				dropped = true;
		if (dropped) {
			if (op->slot >= 0)
				gone[op->slot] = true;
			continue;
		}
		o = &out->ops[n++];
		*o = *op;
		if (op->slot >= 0) {
			renum[op->slot] = (int16_t)slots;
			o->slot = (int16_t)slots++;
		}
		for (unsigned int a = 0; a < d->nr_args; a++)
			if (is_slot_ref(d->args[a].kind)) {
				unsigned int v = val_index(d, a);

				o->val[v] = renum[op->val[v]];
			}
	}
	out->nr_ops = n;
	out->nr_slots = slots;
	return canonical(out);
}

/* Try @c (already canonical); keep it in @prog if it still fails. */
static bool try(struct prog *prog, struct prog *c, prog_pred_t still_fails,
		void *arg, unsigned int *asked)
{
	(*asked)++;
	if (!still_fails(c, arg))
		return false;
	*prog = *c;
	return true;
}

/* An op that neither makes, frees nor names a slot: context, drains. */
static bool is_context_op(const struct op *op)
{
	const struct op_desc *d = op_table[op->type];

	if (d->makes_slot || d->frees_slot)
		return false;
	for (unsigned int a = 0; a < d->nr_args; a++)
		if (is_slot_ref(d->args[a].kind))
			return false;
	return true;
}

static bool pass_context(struct prog *prog, prog_pred_t f, void *arg,
			 unsigned int *asked)
{
	static bool drop[PROG_MAX_OPS];
	bool any = false;

	for (unsigned int i = 0; i < prog->nr_ops; i++) {
		drop[i] = is_context_op(&prog->ops[i]);
		any |= drop[i];
	}
	return any && drop_ops(prog, drop, &cand) && try(prog, &cand, f, arg, asked);
}

static bool pass_drop(struct prog *prog, prog_pred_t f, void *arg,
		      unsigned int *asked)
{
	static bool drop[PROG_MAX_OPS];
	bool progress = false;

	for (unsigned int chunk = max(prog->nr_ops / 2, 1u); chunk >= 1; chunk /= 2) {
		/* From the end: the last ops are the likeliest to be spare. */
		for (unsigned int end = prog->nr_ops; end > 0; ) {
			unsigned int start = end > chunk ? end - chunk : 0;

			memset(drop, 0, sizeof(drop));
			for (unsigned int i = start; i < end; i++)
				drop[i] = true;
			if (drop_ops(prog, drop, &cand) &&
			    try(prog, &cand, f, arg, asked)) {
				progress = true;
				end = min(start, prog->nr_ops);
			} else {
				end = start;
			}
		}
	}
	return progress;
}

static bool pass_header(struct prog *prog, prog_pred_t f, void *arg,
			unsigned int *asked)
{
	bool progress = false;

	for (unsigned int field = 0; field < 4; field++) {
		cand = *prog;
		switch (field) {
		case 0: cand.hdr.nr_nodes = 1; break;
		case 1: cand.hdr.nr_cpus = 1; break;
		case 2: cand.hdr.min_free = 0; break;
		default: cand.hdr.slab_debug = 0; break;
		}
		if (!memcmp(&cand.hdr, &prog->hdr, sizeof(cand.hdr)))
			continue;
		if (canonical(&cand) && try(prog, &cand, f, arg, asked))
			progress = true;
	}
	return progress;
}

/* The plainest value of an argument kind; false if it has none. */
static bool plain_value(enum arg_kind kind, s64 *val)
{
	switch (kind) {
	case ARG_GFP:		*val = GFP_KERNEL; return true;
	case ARG_ORDER:
	case ARG_CPU:
	case ARG_OFFSET:
	case ARG_SEED:
	case ARG_ALIGN:
	case ARG_SLAB_FLAGS:
	case ARG_CTOR:		*val = 0; return true;
	case ARG_NODE:		*val = -1; return true;
	case ARG_SIZE:		*val = 8; return true;
	default:		return false;
	}
}

static bool pass_args(struct prog *prog, prog_pred_t f, void *arg,
		      unsigned int *asked)
{
	bool progress = false;

	for (unsigned int i = 0; i < prog->nr_ops; i++) {
		const struct op_desc *d = op_table[prog->ops[i].type];

		for (unsigned int a = 0; a < d->nr_args; a++) {
			unsigned int v = val_index(d, a);
			s64 plain;

			if (!plain_value(d->args[a].kind, &plain) ||
			    prog->ops[i].val[v] == plain)
				continue;
			cand = *prog;
			cand.ops[i].val[v] = plain;
			if (canonical(&cand) && try(prog, &cand, f, arg, asked))
				progress = true;
		}
	}
	return progress;
}

unsigned int prog_minimize(struct prog *prog, prog_pred_t still_fails, void *arg)
{
	unsigned int asked = 0;
	bool progress;

	do {
		progress = pass_context(prog, still_fails, arg, &asked);
		progress |= pass_drop(prog, still_fails, arg, &asked);
		progress |= pass_header(prog, still_fails, arg, &asked);
		progress |= pass_args(prog, still_fails, arg, &asked);
	} while (progress);
	return asked;
}

void verdict_signature(const char *verdict, struct sbuf *sig)
{
	const char *nl = strchr(verdict, '\n');
	size_t len = nl ? (size_t)(nl - verdict) : strlen(verdict);
	const char *at = strstr(verdict, " at op ");
	const char *next, *call, *paren;

	sbuf_reset(sig);
	if (!at || !nl || at > nl) {
		sbuf_printf(sig, "%.*s", (int)len, verdict);
		return;
	}
	/* "... at op 12 (arch x)": keep all but the number. */
	next = at + 7;
	while (next < verdict + len && *next >= '0' && *next <= '9')
		next++;
	sbuf_printf(sig, "%.*s at op%.*s", (int)(at - verdict), verdict,
		    (int)(verdict + len - next), next);
	/* "  op 12: p3 = kmalloc(...)": the function's name. */
	call = strchr(nl + 1, ':');
	paren = call ? strchr(call, '(') : NULL;
	if (paren && (!strchr(nl + 1, '\n') || paren < strchr(nl + 1, '\n'))) {
		const char *name = paren;

		while (name > call && name[-1] != ' ')
			name--;
		sbuf_printf(sig, " in %.*s", (int)(paren - name), name);
	}
}
