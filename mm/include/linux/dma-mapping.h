/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA API for simulated devices: DMA masks and coherent allocations
 * (mm/dma.c), as Linux's dma-direct does them on x86 without an IOMMU.
 *
 * A device sees physical addresses: the bus address (dma_addr_t) of a
 * coherent buffer is its physical address, and the device can reach it only
 * if every byte lies at or below its coherent DMA mask.  The mask therefore
 * chooses the zone: up to 24 bits ZONE_DMA, up to 32 bits ZONE_DMA32
 * (lowmem on i386, which has no ZONE_DMA32), anything wider any zone with a
 * kernel mapping (never highmem: the CPU needs an address for the buffer).
 *
 * Every live coherent allocation is remembered, as CONFIG_DMA_API_DEBUG
 * does, so a free that does not match one (wrong size, wrong handle, wrong
 * CPU address) is reported and refused instead of freeing someone else's
 * pages.
 */
#ifndef _LINUX_DMA_MAPPING_H
#define _LINUX_DMA_MAPPING_H

#include <linux/gfp.h>
#include <linux/types.h>

/* A bus address: what a device puts on the bus; physical here (no IOMMU). */
typedef u64 dma_addr_t;

#define DMA_BIT_MASK(n)		(((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))
/* What a failed mapping returns; never a valid bus address. */
#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)

/* The widest mask ZONE_DMA serves (x86's zone_dma_limit: ISA's 24 bits). */
#define ZONE_DMA_LIMIT		DMA_BIT_MASK(24)

/**
 * struct device - what the DMA API needs of a device.
 * @init_name:		shown in reports (dev_name()); not copied.
 * @dma_mask:		points at the streaming mask (Linux's pointer, so a
 *			bus may share one); device_initialize() points it at
 *			@_dma_mask.  NULL means no DMA at all.
 * @coherent_dma_mask:	bus addresses dma_alloc_coherent() may return.
 */
struct device {
	const char	*init_name;
	u64		*dma_mask;
	u64		coherent_dma_mask;
	u64		_dma_mask;
};

/**
 * device_initialize() - make @dev a DMA-capable device named @name.
 * Both masks start at 32 bits, as Linux's platform devices do; drivers
 * narrow or widen them with dma_set_mask_and_coherent().
 * Context: any; touches only @dev.
 */
void device_initialize(struct device *dev, const char *name);

/* The name reports use for @dev. */
static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name ? dev->init_name : "(unnamed device)";
}

/**
 * dma_supported() - can a device with DMA mask @mask be served?
 * Linux's dma_direct_supported(): any mask of 32 bits or more (an arch
 * with more RAM than that has ZONE_DMA32 or no RAM above it); a narrower
 * one only if it covers ZONE_DMA (24 bits) or all of RAM.
 * Context: any.  Return: true or false, never a report.
 */
bool dma_supported(const struct device *dev, u64 mask);

/**
 * dma_set_mask() - set @dev's streaming DMA mask.
 * Context: any.
 * Return: 0, or -EIO (mask unchanged) if dma_supported() says no or @dev
 * has no dma_mask pointer.
 */
int dma_set_mask(struct device *dev, u64 mask);

/**
 * dma_set_coherent_mask() - set the mask dma_alloc_coherent() honours.
 * Context: any.  Return: 0, or -EIO (mask unchanged) as dma_set_mask().
 */
int dma_set_coherent_mask(struct device *dev, u64 mask);

/**
 * dma_set_mask_and_coherent() - both masks at once.
 * Context: any.
 * Return: 0, or -EIO with both masks unchanged.
 */
int dma_set_mask_and_coherent(struct device *dev, u64 mask);

/**
 * dma_alloc_coherent() - a zeroed buffer both the CPU and @dev can use.
 * @dev:	the device; its coherent_dma_mask chooses the zone.
 * @size:	bytes, rounded up to whole pages; 2^get_order(@size) pages
 *		are taken, so at most 4 MiB (MAX_PAGE_ORDER), as Linux.
 * @dma_handle:	receives the bus address.
 * @gfp:	reclaim and warning modifiers; zone modifiers are the
 *		implementation's to choose and are stripped, as Linux does.
 *
 * When the block found lies above the mask (possible inside ZONE_DMA32 for
 * a 30-bit mask), it is freed and the next lower zone is tried.
 * Context: as @gfp allows (GFP_KERNEL may sleep).
 * Return: the CPU (direct-map) address, page aligned, with the first
 * PAGE_ALIGN(@size) bytes zeroed; NULL (and *@dma_handle untouched) when
 * no memory below the mask is left, for a @size of 0 or above 4 MiB (the
 * page allocator's order warning unless __GFP_NOWARN), or for a device
 * whose coherent mask is 0 (reported, REPORT_BAD_ARG).
 */
void *dma_alloc_coherent(struct device *dev, size_t size,
			 dma_addr_t *dma_handle, gfp_t gfp);

/**
 * dma_free_coherent() - give back a buffer from dma_alloc_coherent().
 * @size, @cpu_addr and @dma_handle must be exactly what the allocation
 * was given and returned, for the same @dev.
 * Context: process context.  A NULL @cpu_addr is ignored.  A handle no live
 * allocation of @dev has, or a size or CPU address that differs from the
 * allocation's, is reported (REPORT_DMA_BAD_FREE, with dma-debug's wording)
 * and refused: nothing is freed.
 */
void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr,
		       dma_addr_t dma_handle);

/* Live coherent allocations of @dev (NULL: of every device). */
unsigned long dma_coherent_count(const struct device *dev);

#endif /* _LINUX_DMA_MAPPING_H */
