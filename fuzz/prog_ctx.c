// SPDX-License-Identifier: GPL-2.0
/*
 * The static view of a program's slots, and the header's byte form.
 *
 * Slot lists keep their order when a slot leaves them, so an index into
 * them means the same thing to the decoder, the encoder and the parser.
 */
#include <string.h>

#include "fuzz/op_table.h"

/* Byte form of the header: template, then nodes and CPUs, then min_free and slab_debug. */
void prog_header_decode(const u8 b[PROG_HEADER_BYTES], struct prog_header *hdr)
{
	const struct machine_tmpl *t = &machine_tmpls[b[0] % NR_MACHINE_TMPLS];
	unsigned int nodes = 1 + (b[1] & 3);

	hdr->machine = b[0] % NR_MACHINE_TMPLS;
	/* A template too small for that many nodes boots with fewer. */
	hdr->nr_nodes = (u8)min(nodes, t->max_nodes);
	hdr->nr_cpus = (u8)(1 + ((b[1] >> 2) & 7));
	hdr->min_free = b[2] % NR_MIN_FREE_CHOICES;
	/* Bits 2..7 were unused: old inputs (zero there) boot without debugging. */
	hdr->slab_debug = (u8)((b[2] >> 2) % NR_SLAB_DEBUG_CHOICES);
}

void prog_header_encode(const struct prog_header *hdr, u8 b[PROG_HEADER_BYTES])
{
	b[0] = hdr->machine;
	b[1] = (u8)((hdr->nr_nodes - 1) | (hdr->nr_cpus - 1) << 2);
	b[2] = (u8)(hdr->min_free | hdr->slab_debug << 2);
}

void prog_ctx_init(struct prog_ctx *ctx, const struct prog_header *hdr)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->hdr = *hdr;
	ctx->tmpl = &machine_tmpls[hdr->machine];
}

static void list_remove(u16 *list, unsigned int *nr, u16 slot)
{
	for (unsigned int i = 0; i < *nr; i++) {
		if (list[i] != slot)
			continue;
		memmove(&list[i], &list[i + 1], (*nr - i - 1) * sizeof(*list));
		(*nr)--;
		return;
	}
}

void prog_ctx_apply(struct prog_ctx *ctx, const struct op *op)
{
	const struct op_desc *d = op_table[op->type];

	if (d->makes_slot && ctx->nr_slots < PROG_MAX_SLOTS) {
		unsigned int s = ctx->nr_slots++;

		ctx->order[s] = d->order_val < 0 ? 0 : (u8)op->val[d->order_val];
		ctx->state[s] = SLOT_LIVE;
		ctx->live[ctx->nr_live++] = (u16)s;
	}
	if (d->frees_slot) {
		u16 s = (u16)op->val[d->free_val];

		ctx->state[s] = SLOT_FREED;
		list_remove(ctx->live, &ctx->nr_live, s);
		ctx->freed[ctx->nr_freed++] = s;
	}
	if (d->ctx_pop && ctx->ctx_depth)
		ctx->ctx_depth--;
	if (d->ctx_push && ctx->ctx_depth < CTX_MAX_DEPTH) {
		ctx->ctx_slot[ctx->ctx_depth] = d->nr_args && d->args[0].kind == ARG_LIVE ?
						(int16_t)op->val[0] : -1;
		ctx->ctx[ctx->ctx_depth++] = d->ctx_push;
	}
}

static u16 open_frames(const struct prog_ctx *ctx)
{
	u16 open = 0;

	for (unsigned int i = 0; i < ctx->ctx_depth; i++)
		open |= (u16)CTX_BIT(ctx->ctx[i]);
	return open;
}

bool prog_ctx_op_fits(const struct prog_ctx *ctx, const struct op_desc *d,
		      const char **why)
{
	if (d->ctx_pop && (!ctx->ctx_depth || ctx->ctx[ctx->ctx_depth - 1] != d->ctx_pop)) {
		*why = "its context is not the innermost one open here";
		return false;
	}
	if (d->ctx_push && ctx->ctx_depth >= CTX_MAX_DEPTH) {
		*why = "contexts are nested as deep as a program may nest them";
		return false;
	}
	if (open_frames(ctx) & d->ctx_absent) {
		*why = "a context that makes it legal (or impossible) is open here";
		return false;
	}
	for (unsigned int a = 0; a < d->nr_args; a++) {
		if (!arg_available(d->args[a].kind, ctx)) {
			*why = "nothing to act on here";
			return false;
		}
	}
	return true;
}

unsigned int prog_ctx_tailed(const struct prog_ctx *ctx, u16 *out)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < ctx->nr_live; i++)
		if (ctx->order[ctx->live[i]] >= 1)
			out[n++] = ctx->live[i];
	return n;
}
