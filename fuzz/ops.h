/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ops.h - each layer's part of the op table, listed in op_table.c.
 * One pair per ops_<layer>.c file.
 */
#ifndef _FUZZ_OPS_H
#define _FUZZ_OPS_H

#include "fuzz/op_table.h"

/* ops_buddy.c */
extern const struct op_desc buddy_ops[];
extern const unsigned int nr_buddy_ops;

/* ops_vmalloc.c */
extern const struct op_desc vmalloc_ops[];
extern const unsigned int nr_vmalloc_ops;

/* ops_kmap.c */
extern const struct op_desc kmap_ops[];
extern const unsigned int nr_kmap_ops;

/* ops_dma.c */
extern const struct op_desc dma_ops[];
extern const unsigned int nr_dma_ops;

/* ops_slab.c */
extern const struct op_desc slab_ops[];
extern const unsigned int nr_slab_ops;

/* ops_kvmalloc.c */
extern const struct op_desc kvmalloc_ops[];
extern const unsigned int nr_kvmalloc_ops;

/* ops_context.c */
extern const struct op_desc context_ops[];
extern const unsigned int nr_context_ops;

/* ops_fault.c */
extern const struct op_desc fault_ops[];
extern const unsigned int nr_fault_ops;
/* ops_process.c */
extern const struct op_desc process_ops[];
extern const unsigned int nr_process_ops;

/* ops_usercopy.c */
extern const struct op_desc usercopy_ops[];
extern const unsigned int nr_usercopy_ops;

#endif /* _FUZZ_OPS_H */
