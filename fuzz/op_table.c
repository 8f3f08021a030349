// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of ops: each layer's table, in order, and the fuzz targets
 * as sets of layers.  Each target has its own opcode map, by weight over
 * its own ops.  Appending ops changes which op an opcode byte means to
 * every target that gets them, so old byte inputs may change meaning; the
 * text seeds do not (the build converts them).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz/op_table.h"
#include "fuzz/ops.h"

/*
 * A layer's table and the layer its ops belong to unless they say
 * otherwise.  A new layer (ops_process.c, ops_fault.c) is one line here.
 */
static const struct {
	const struct op_desc	*ops;
	const unsigned int	*nr;
	unsigned int		layer;
} layers[] = {
	{ buddy_ops, &nr_buddy_ops, LAYER_BUDDY },
	{ vmalloc_ops, &nr_vmalloc_ops, LAYER_VMALLOC },
	{ kmap_ops, &nr_kmap_ops, LAYER_HIGHMEM },
	{ slab_ops, &nr_slab_ops, LAYER_SLAB },
	{ kvmalloc_ops, &nr_kvmalloc_ops, LAYER_SLAB },
	/* Execution context: every target's (a layer of 0 is OP_COMMON). */
	{ context_ops, &nr_context_ops, 0 },
	{ fault_ops, &nr_fault_ops, LAYER_FAULT },
	{ process_ops, &nr_process_ops, LAYER_PROCESS },
	/* A user buffer and kernel memory: the process's and a slab's. */
	{ usercopy_ops, &nr_usercopy_ops, LAYER_PROCESS | LAYER_SLAB },
	/* DMA buffers and pools come from pages; the array helpers say their own. */
	{ dma_ops, &nr_dma_ops, LAYER_BUDDY },
};

/*
 * The targets, in FUZZ_TARGETS' order.  All have the buddy layer too:
 * slabs are carved from it and its blocks are what a bad kfree() or
 * kmem_cache_free() is handed; vmap() and kmap() map its blocks; fault
 * injection needs something to fail; usercopy checks every kind of kernel
 * memory a copy may reach.
 */
const struct fuzz_target_desc fuzz_targets[NR_FUZZ_TARGETS] = {
	[TARGET_ALL]	 = { "all", LAYER_ALL },
	[TARGET_BUDDY]	 = { "buddy", LAYER_BUDDY },
	[TARGET_SLAB]	 = { "slab", LAYER_SLAB | LAYER_BUDDY },
	[TARGET_VMALLOC] = { "vmalloc", LAYER_VMALLOC | LAYER_BUDDY },
	[TARGET_HIGHMEM] = { "highmem", LAYER_HIGHMEM | LAYER_BUDDY },
	[TARGET_PROCESS] = { "process", LAYER_PROCESS | LAYER_SLAB | LAYER_BUDDY | LAYER_VMALLOC },
	[TARGET_FAULT]	 = { "fault", LAYER_FAULT | LAYER_BUDDY | LAYER_SLAB | LAYER_VMALLOC },
};

const struct op_desc *op_table[OP_TABLE_MAX];
unsigned int nr_op_table;

/* Each op's layers, resolved; 0 for a common op. */
static unsigned int op_layer[OP_TABLE_MAX];

/* Per target: opcode byte value -> op, by weight; each op's first byte value. */
static u8 byte_to_op[NR_FUZZ_TARGETS][256];
static u8 op_first_byte[NR_FUZZ_TARGETS][OP_TABLE_MAX];

int fuzz_target_by_name(const char *name)
{
	for (int t = 0; t < NR_FUZZ_TARGETS; t++)
		if (!strcmp(fuzz_targets[t].name, name))
			return t;
	return -1;
}

unsigned int op_layers(unsigned int type)
{
	return op_layer[type];
}

bool op_in_target(unsigned int type, enum fuzz_target target)
{
	unsigned int want = op_layer[type];

	return (want & fuzz_targets[target].layers) == want;
}

static void target_init(enum fuzz_target target)
{
	unsigned int total = 0, b = 0;

	for (unsigned int t = 0; t < nr_op_table; t++)
		if (op_in_target(t, target))
			total += op_table[t]->weight;
	/* Every target has the common ops, so it never has nothing to decode. */
	if (!total || total > 256)
		abort();
	for (unsigned int t = 0; t < nr_op_table; t++) {
		if (!op_in_target(t, target))
			continue;
		op_first_byte[target][t] = (u8)b;
		for (unsigned int w = 0; w < op_table[t]->weight; w++)
			byte_to_op[target][b++] = (u8)t;
	}
	/* The rest of the byte range wraps around, by weight again. */
	for (unsigned int i = 0; b < 256; i++)
		byte_to_op[target][b++] = byte_to_op[target][i];
}

/*
 * Filled before main() (and before libFuzzer's first input): the table is
 * constant from then on.
 */
static void __attribute__((constructor)) op_table_init(void)
{
	for (size_t l = 0; l < ARRAY_SIZE(layers); l++)
		for (unsigned int i = 0; i < *layers[l].nr; i++) {
			const struct op_desc *d = &layers[l].ops[i];

			/* A weightless op could never be decoded from bytes. */
			if (nr_op_table >= OP_TABLE_MAX || !d->weight)
				abort();
			op_layer[nr_op_table] = d->layers == OP_COMMON ? 0 :
						 d->layers ? d->layers : layers[l].layer;
			op_table[nr_op_table++] = d;
		}
	for (int t = 0; t < NR_FUZZ_TARGETS; t++)
		target_init((enum fuzz_target)t);
}

unsigned int op_from_byte(enum fuzz_target target, u8 b)
{
	return byte_to_op[target][b];
}

u8 op_to_byte(enum fuzz_target target, unsigned int type)
{
	return op_first_byte[target][type];
}
