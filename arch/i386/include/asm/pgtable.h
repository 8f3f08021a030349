/* SPDX-License-Identifier: GPL-2.0 */
/*
 * i386 two-level layout: pgd -> pte.  p4d, pud and pmd are folded into the
 * pgd (PTRS_PER_x == 1), so a "pmd" entry is a pgd entry, which is where a
 * 4 MiB PSE page sits.
 *
 *   0xC0000000  PAGE_OFFSET: direct map of lowmem (up to 896 MiB)
 *   0xF8000000  end of lowmem
 *   0xF8800000  VMALLOC_START (8 MiB gap, VMALLOC_OFFSET)
 *   0xFF7FE000  VMALLOC_END   (two guard pages below PKMAP_BASE)
 *   0xFF800000  PKMAP_BASE:   1024 persistent-kmap slots (4 MiB)
 *   0xFFF7F000  FIXADDR_START: per-CPU kmap_atomic slots
 *   0xFFFFF000  FIXADDR_TOP
 *
 * VMALLOC_START is where Linux puts it on a machine with 896 MiB of lowmem;
 * a smaller machine keeps the same area rather than growing it downwards.
 */
#ifndef _ASM_I386_PGTABLE_H
#define _ASM_I386_PGTABLE_H

#include <asm/page.h>

#define PTRS_PER_PTE	1024
#define PMD_SHIFT	22
#define PTRS_PER_PMD	1
#define PUD_SHIFT	22
#define PTRS_PER_PUD	1
#define P4D_SHIFT	22
#define PTRS_PER_P4D	1
#define PGDIR_SHIFT	22
#define PTRS_PER_PGD	1024

#define ARCH_PMD_LEAF	1
#define ARCH_PUD_LEAF	0

#define NR_CPUS		8

#define FIXADDR_TOP	0xFFFFF000UL
#define FIX_KMAP_SLOTS	16	/* KM_MAX_IDX: nesting depth of kmap_atomic */

#define LAST_PKMAP	1024
#define PKMAP_BASE	0xFF800000UL

#define VMALLOC_OFFSET	(8UL << 20)
#define VMALLOC_START	(PAGE_OFFSET + MAXMEM + VMALLOC_OFFSET)
#define VMALLOC_END	(PKMAP_BASE - 2 * (1UL << PAGE_SHIFT))

#endif /* _ASM_I386_PGTABLE_H */
