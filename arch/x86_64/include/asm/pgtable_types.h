/* SPDX-License-Identifier: GPL-2.0 */
/* x86-64 page-table entries: 64 bits, NX in bit 63. */
#ifndef _ASM_X86_64_PGTABLE_TYPES_H
#define _ASM_X86_64_PGTABLE_TYPES_H

#include <stdint.h>

typedef uint64_t pteval_t;

#define _PAGE_PRESENT	0x001UL
#define _PAGE_RW	0x002UL
#define _PAGE_USER	0x004UL
#define _PAGE_PWT	0x008UL
#define _PAGE_PCD	0x010UL
#define _PAGE_ACCESSED	0x020UL
#define _PAGE_DIRTY	0x040UL
#define _PAGE_PSE	0x080UL		/* 2 MiB in a pmd, 1 GiB in a pud */
#define _PAGE_GLOBAL	0x100UL
#define _PAGE_NX	(1UL << 63)

/* Bits 12..51: the architectural maximum physical address width. */
#define PTE_PFN_MASK	0x000FFFFFFFFFF000UL

#define PAGE_TABLE		(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
				 _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_KERNEL		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
				 _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_LARGE	(PAGE_KERNEL | _PAGE_PSE)

#endif /* _ASM_X86_64_PGTABLE_TYPES_H */
