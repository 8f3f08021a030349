/* SPDX-License-Identifier: GPL-2.0 */
/* i386 zones: DMA below 16 MiB, NORMAL up to MAXMEM, HIGHMEM above. */
#ifndef _ASM_I386_DMA_H
#define _ASM_I386_DMA_H

#include <asm/page.h>

#define MAX_DMA_PFN		((16UL << 20) >> PAGE_SHIFT)
#define MAX_DMA32_PFN		MAX_DMA_PFN	/* no ZONE_DMA32 */
#define ARCH_HAS_ZONE_DMA32	0
#define ARCH_HAS_HIGHMEM	1

#endif /* _ASM_I386_DMA_H */
