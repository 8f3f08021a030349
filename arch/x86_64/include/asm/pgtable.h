/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 four-level layout: pgd -> pud -> pmd -> pte, with the p4d folded
 * into the pgd as Linux does without LA57.
 *
 *   0xffff888000000000  PAGE_OFFSET: direct map of all RAM (2 MiB, 1 GiB pages)
 *   0xffffc90000000000  VMALLOC_START
 *   0xffffe90000000000  VMALLOC_END (32 TiB later)
 *
 * No highmem: no PKMAP area and no kmap_atomic fixmap slots.
 */
#ifndef _ASM_X86_64_PGTABLE_H
#define _ASM_X86_64_PGTABLE_H

#define PTRS_PER_PTE	512
#define PMD_SHIFT	21
#define PTRS_PER_PMD	512
#define PUD_SHIFT	30
#define PTRS_PER_PUD	512
#define P4D_SHIFT	39
#define PTRS_PER_P4D	1
#define PGDIR_SHIFT	39
#define PTRS_PER_PGD	512

#define ARCH_PMD_LEAF	1
#define ARCH_PUD_LEAF	1

#define NR_CPUS		8

#define FIXADDR_TOP	0xffffffffff7ff000UL
#define FIX_KMAP_SLOTS	0

#define LAST_PKMAP	0
#define PKMAP_BASE	0UL

#define VMALLOC_START	0xffffc90000000000UL
#define VMALLOC_END	(VMALLOC_START + (32UL << 40))

#endif /* _ASM_X86_64_PGTABLE_H */
