/* SPDX-License-Identifier: GPL-2.0 */
/* i386 non-PAE page-table entries: 32 bits, no NX. */
#ifndef _ASM_I386_PGTABLE_TYPES_H
#define _ASM_I386_PGTABLE_TYPES_H

#include <stdint.h>

typedef uint32_t pteval_t;

#define _PAGE_PRESENT	0x001U
#define _PAGE_RW	0x002U
#define _PAGE_USER	0x004U
#define _PAGE_PWT	0x008U
#define _PAGE_PCD	0x010U
#define _PAGE_ACCESSED	0x020U
#define _PAGE_DIRTY	0x040U
#define _PAGE_PSE	0x080U		/* 4 MiB page in a pgd entry */
#define _PAGE_GLOBAL	0x100U
#define _PAGE_NX	0U		/* needs PAE */

#define PTE_PFN_MASK	0xFFFFF000U

#define PAGE_TABLE		(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
				 _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_KERNEL		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
				 _PAGE_DIRTY | _PAGE_GLOBAL)
#define PAGE_KERNEL_LARGE	(PAGE_KERNEL | _PAGE_PSE)

#endif /* _ASM_I386_PGTABLE_TYPES_H */
