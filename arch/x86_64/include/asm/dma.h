/* SPDX-License-Identifier: GPL-2.0 */
/* x86-64 zones: DMA below 16 MiB, DMA32 below 4 GiB, NORMAL above. */
#ifndef _ASM_X86_64_DMA_H
#define _ASM_X86_64_DMA_H

#include <asm/page.h>

#define MAX_DMA_PFN		((16UL << 20) >> PAGE_SHIFT)
#define MAX_DMA32_PFN		((4UL << 30) >> PAGE_SHIFT)
#define ARCH_HAS_ZONE_DMA32	1
#define ARCH_HAS_HIGHMEM	0

#endif /* _ASM_X86_64_DMA_H */
