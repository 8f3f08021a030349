/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch/arch.h - the contract between mm/ and an architecture backend.
 *
 * mm/ is compiled once per architecture against the headers in
 * arch/<name>/include/asm/.  This file says what those headers must define
 * and checks at compile time that they did.  An architecture never needs an
 * #ifdef in mm/: it describes itself with the constants below and mm/ folds
 * the levels and zones it lacks (see <linux/pgtable.h> and <linux/mmzone.h>).
 *
 * <asm/page.h>
 *   PAGE_SHIFT            log2 of the base page size (12 on every x86).
 *   PAGE_OFFSET           arch VA of physical address 0 in the direct map.
 *   TASK_SIZE             end of the user half of the address space: a
 *                         process maps nothing at or above it.
 *   MAXMEM                bytes of physical memory the direct map can cover;
 *                         RAM above it is highmem (if ARCH_HAS_HIGHMEM) or
 *                         refused at boot.
 *   MAX_PHYSMEM_BITS      width of a physical address the entries can hold.
 *   ARCH_NAME             "i386", "x86_64", ...
 *   ARCH_VA_BITS          bits of virtual address the page tables translate
 *                         (32 on i386, 48 on x86-64); every arch VA is
 *                         carried in an unsigned long.
 *
 * <asm/pgtable_types.h>
 *   pteval_t              the integer type of one page-table entry, at every
 *                         level (Linux's pgdval_t..pteval_t are all this).
 *   _PAGE_PRESENT, _PAGE_RW, _PAGE_USER, _PAGE_PWT, _PAGE_PCD,
 *   _PAGE_ACCESSED, _PAGE_DIRTY, _PAGE_PSE, _PAGE_GLOBAL, _PAGE_NX
 *                         entry bits as the Intel SDM places them; an arch
 *                         without a bit defines it as 0.
 *   PTE_PFN_MASK          the bits of an entry that hold a physical address.
 *   PAGE_KERNEL, PAGE_KERNEL_LARGE, PAGE_TABLE
 *                         protections for kernel data pages, direct-map
 *                         large pages and entries pointing at a lower table.
 *
 * <asm/pgtable.h>
 *   PGDIR_SHIFT, P4D_SHIFT, PUD_SHIFT, PMD_SHIFT and PTRS_PER_PGD,
 *   PTRS_PER_P4D, PTRS_PER_PUD, PTRS_PER_PMD, PTRS_PER_PTE
 *                         the five-level layout.  A level the hardware lacks
 *                         has PTRS_PER_x == 1 and the shift of the level above
 *                         it: it is folded into its parent, as Linux's
 *                         pgtable-nop4d.h/nopud.h/nopmd.h do.
 *   ARCH_PMD_LEAF, ARCH_PUD_LEAF
 *                         1 when a large page (_PAGE_PSE) may sit at that
 *                         level: i386 4 MiB at the pmd (folded into the pgd),
 *                         x86-64 2 MiB at the pmd and 1 GiB at the pud.
 *   VMALLOC_START, VMALLOC_END   the vmalloc area, [start, end).
 *   PKMAP_BASE, LAST_PKMAP       the persistent-kmap area, LAST_PKMAP slots.
 *   FIXADDR_TOP, FIX_KMAP_SLOTS  the fixmap: FIX_KMAP_SLOTS kmap_atomic slots
 *                         per CPU for NR_CPUS CPUs, growing down from
 *                         FIXADDR_TOP; FIXADDR_START is derived.
 *   NR_CPUS               most CPUs a machine may have.
 *
 * <asm/dma.h>
 *   MAX_DMA_PFN           first pfn above ZONE_DMA.
 *   MAX_DMA32_PFN         first pfn above ZONE_DMA32 (== MAX_DMA_PFN when the
 *                         arch has no ZONE_DMA32).
 *   ARCH_HAS_ZONE_DMA32, ARCH_HAS_HIGHMEM   0 or 1.
 */
#ifndef _ARCH_ARCH_H
#define _ARCH_ARCH_H

#include <asm/page.h>
#include <asm/pgtable_types.h>
#include <asm/pgtable.h>
#include <asm/dma.h>

#define ARCH_IS_POW2(x)	((x) != 0 && ((x) & ((x) - 1)) == 0)

_Static_assert(PAGE_SHIFT == 12, "mm/ assumes 4 KiB base pages");
_Static_assert(ARCH_IS_POW2(PTRS_PER_PGD) && ARCH_IS_POW2(PTRS_PER_P4D) &&
	       ARCH_IS_POW2(PTRS_PER_PUD) && ARCH_IS_POW2(PTRS_PER_PMD) &&
	       ARCH_IS_POW2(PTRS_PER_PTE), "table sizes are powers of two");
_Static_assert(sizeof(pteval_t) * PTRS_PER_PTE == (1UL << PAGE_SHIFT),
	       "a page table fills exactly one page");
_Static_assert(PMD_SHIFT == PAGE_SHIFT + __builtin_ctz(PTRS_PER_PTE), "PMD_SHIFT");
_Static_assert(PUD_SHIFT == PMD_SHIFT + __builtin_ctz(PTRS_PER_PMD), "PUD_SHIFT");
_Static_assert(P4D_SHIFT == PUD_SHIFT + __builtin_ctz(PTRS_PER_PUD), "P4D_SHIFT");
_Static_assert(PGDIR_SHIFT == P4D_SHIFT + __builtin_ctz(PTRS_PER_P4D), "PGDIR_SHIFT");
_Static_assert(PGDIR_SHIFT + __builtin_ctz(PTRS_PER_PGD) == ARCH_VA_BITS,
	       "the pgd covers exactly the translated address space");
_Static_assert((PTE_PFN_MASK & ((1UL << PAGE_SHIFT) - 1)) == 0, "PTE_PFN_MASK");
_Static_assert(VMALLOC_START < VMALLOC_END, "vmalloc area");
_Static_assert(TASK_SIZE <= PAGE_OFFSET, "user half below the kernel");
_Static_assert(MAX_DMA_PFN <= MAX_DMA32_PFN, "zone order");
_Static_assert(NR_CPUS >= 1 && NR_CPUS <= 64, "NR_CPUS");
_Static_assert(ARCH_HAS_HIGHMEM || LAST_PKMAP == 0, "no PKMAP without highmem");

#endif /* _ARCH_ARCH_H */
