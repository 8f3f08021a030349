// SPDX-License-Identifier: GPL-2.0
/* The byte form: decoding any bytes, and encoding canonically. */
#include <string.h>

#include "fuzz/op_table.h"

void prog_decode(const u8 *data, size_t size, enum fuzz_target target,
		 struct prog *prog)
{
	u8 hdr[PROG_HEADER_BYTES] = { 0 };
	struct byte_reader rd;
	struct prog_ctx ctx;

	/* Missing header bytes read as zero; missing op bytes end the program. */
	if (size)	/* memcpy() from NULL is undefined even for 0 bytes */
		memcpy(hdr, data, min(size, (size_t)PROG_HEADER_BYTES));
	prog_header_decode(hdr, &prog->hdr);
	prog_ctx_init(&ctx, &prog->hdr);
	rd.p = size ? data + min(size, (size_t)PROG_HEADER_BYTES) : data;
	rd.left = size - min(size, (size_t)PROG_HEADER_BYTES);
	prog->nr_ops = 0;

	while (rd.left && prog->nr_ops < PROG_MAX_OPS) {
		struct op op = { .type = (u16)op_from_byte(target, *rd.p), .slot = -1 };
		const struct op_desc *d = op_table[op.type];
		unsigned int v = 0;
		const char *why;
		bool ok = true;

		rd.p++;
		rd.left--;
		/* Nothing to act on (no live slot, no open context): dropped. */
		if (!prog_ctx_op_fits(&ctx, d, &why))
			continue;
		for (unsigned int a = 0; a < d->nr_args && ok; a++) {
			ok = arg_decode(d->args[a].kind, &ctx, &rd, op.val, &op.val[v]);
			v += arg_nr_vals(d->args[a].kind);
		}
		if (!ok)
			break;
		if (d->makes_slot)
			op.slot = (int16_t)ctx.nr_slots;
		prog->ops[prog->nr_ops++] = op;
		prog_ctx_apply(&ctx, &op);
	}
	prog->nr_slots = ctx.nr_slots;
}

size_t prog_encode(const struct prog *prog, enum fuzz_target target, u8 *buf,
		   size_t size)
{
	u8 out[PROG_MAX_BYTES];
	struct prog_ctx ctx;
	size_t n = PROG_HEADER_BYTES;

	prog_header_encode(&prog->hdr, out);
	prog_ctx_init(&ctx, &prog->hdr);
	for (unsigned int i = 0; i < prog->nr_ops; i++) {
		const struct op *op = &prog->ops[i];
		const struct op_desc *d = op_table[op->type];
		unsigned int v = 0;

		if (!op_in_target(op->type, target))
			continue;
		out[n++] = op_to_byte(target, op->type);
		for (unsigned int a = 0; a < d->nr_args; a++) {
			n += arg_encode(d->args[a].kind, &ctx, op->val, &op->val[v], out + n);
			v += arg_nr_vals(d->args[a].kind);
		}
		prog_ctx_apply(&ctx, op);
	}
	memcpy(buf, out, min(n, size));
	return n;
}

int prog_target_misfit(const struct prog *prog, enum fuzz_target target)
{
	for (unsigned int i = 0; i < prog->nr_ops; i++)
		if (!op_in_target(prog->ops[i].type, target))
			return (int)i;
	return -1;
}
