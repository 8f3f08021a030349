/* SPDX-License-Identifier: GPL-2.0 */
/* i386, two-level paging without PAE: page size and the direct map. */
#ifndef _ASM_I386_PAGE_H
#define _ASM_I386_PAGE_H

#define ARCH_NAME		"i386"
#define ARCH_VA_BITS		32
#define PAGE_SHIFT		12
#define PAGE_OFFSET		0xC0000000UL
/* The user half: 3 GiB below the kernel. */
#define TASK_SIZE		PAGE_OFFSET

/*
 * Lowmem: the 1 GiB kernel half minus 128 MiB kept back for vmalloc, PKMAP
 * and the fixmap.  Linux derives MAXMEM from VMALLOC_END and lands a few MiB
 * lower; the familiar 896 MiB is what the design asks for.
 */
#define __VMALLOC_RESERVE	(128UL << 20)
#define MAXMEM			(896UL << 20)

/* Without PAE an entry holds a 32-bit physical address. */
#define MAX_PHYSMEM_BITS	32

#endif /* _ASM_I386_PAGE_H */
