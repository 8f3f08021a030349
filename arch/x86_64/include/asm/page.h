/* SPDX-License-Identifier: GPL-2.0 */
/* x86-64, four-level paging: page size and the direct map. */
#ifndef _ASM_X86_64_PAGE_H
#define _ASM_X86_64_PAGE_H

#define ARCH_NAME		"x86_64"
#define ARCH_VA_BITS		48
#define PAGE_SHIFT		12
#define PAGE_OFFSET		0xffff888000000000UL
/* The user half: 128 TiB less the guard page at the canonical hole. */
#define TASK_SIZE		((1UL << 47) - (1UL << PAGE_SHIFT))

/* The 4-level direct map spans 64 TiB; everything fits, nothing is highmem. */
#define MAX_PHYSMEM_BITS	46
#define MAXMEM			(1UL << MAX_PHYSMEM_BITS)

#endif /* _ASM_X86_64_PAGE_H */
