// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of ops: each layer's table, in order.  Appending a layer
 * keeps the meaning of existing opcode bytes only if the total weight is
 * unchanged, so old byte inputs may change meaning when ops are added; the
 * text seeds do not (they are converted by the build).
 */
#include <stdlib.h>

#include "fuzz/op_table.h"
#include "fuzz/ops.h"

static const struct {
	const struct op_desc	*ops;
	const unsigned int	*nr;
} layers[] = {
	{ buddy_ops, &nr_buddy_ops },
	{ vmalloc_ops, &nr_vmalloc_ops },
	{ kmap_ops, &nr_kmap_ops },
	{ slab_ops, &nr_slab_ops },
	{ dma_ops, &nr_dma_ops },
};

const struct op_desc *op_table[OP_TABLE_MAX];
unsigned int nr_op_table;

/* Opcode byte value -> op, by weight; and each op's first byte value. */
static u8 byte_to_op[256];
static u8 op_first_byte[OP_TABLE_MAX];

/*
 * Filled before main() (and before libFuzzer's first input): the table is
 * constant from then on.
 */
static void __attribute__((constructor)) op_table_init(void)
{
	unsigned int total = 0, b = 0;

	for (size_t l = 0; l < ARRAY_SIZE(layers); l++)
		for (unsigned int i = 0; i < *layers[l].nr; i++) {
			/* A weightless op could never be decoded from bytes. */
			if (nr_op_table >= OP_TABLE_MAX || !layers[l].ops[i].weight)
				abort();
			op_table[nr_op_table++] = &layers[l].ops[i];
			total += layers[l].ops[i].weight;
		}
	if (!total || total > 256)
		abort();
	for (unsigned int t = 0; t < nr_op_table; t++) {
		op_first_byte[t] = (u8)b;
		for (unsigned int w = 0; w < op_table[t]->weight; w++)
			byte_to_op[b++] = (u8)t;
	}
	/* The rest of the byte range wraps around, by weight again. */
	for (unsigned int i = 0; b < 256; i++)
		byte_to_op[b++] = byte_to_op[i];
}

unsigned int op_from_byte(u8 b)
{
	return byte_to_op[b];
}

u8 op_to_byte(unsigned int type)
{
	return op_first_byte[type];
}
