// SPDX-License-Identifier: GPL-2.0
/*
 * DMA masks and coherent allocations: Linux's kernel/dma/mapping.c and
 * kernel/dma/direct.c for x86 without an IOMMU, where a bus address is a
 * physical address.
 *
 * The zone comes from the device's coherent mask (dma_direct_optimal_gfp_mask):
 * GFP_DMA up to ZONE_DMA_LIMIT, GFP_DMA32 up to 32 bits, nothing wider.
 * A zone may still hold pages above a narrow mask (a 30-bit device against
 * ZONE_DMA32's 4 GiB), so a block found above the mask is freed and the next
 * lower zone tried, as __dma_direct_alloc_pages() does.  __GFP_HIGHMEM is
 * never asked for: coherent memory needs a kernel mapping.
 *
 * Linux trusts the caller of dma_free_coherent(); its CONFIG_DMA_API_DEBUG
 * keeps a table of live allocations and complains about mismatches but
 * frees anyway.  Here the table (host memory, a list: devices hold few
 * buffers) is always on, and a mismatching free is refused (DESIGN
 * decision 5): the pages of the real allocation stay allocated.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/dma-mapping.h>
#include <linux/list.h>
#include <linux/report.h>

#include "internal.h"

/* One live dma_alloc_coherent() allocation, as dma-debug records it. */
struct dma_coherent {
	struct list_head	list;
	const struct device	*dev;
	void			*cpu_addr;
	dma_addr_t		dma;
	size_t			size;
};

static struct list_head dma_coherent_list = LIST_HEAD_INIT(dma_coherent_list);

void device_initialize(struct device *dev, const char *name)
{
	dev->init_name = name;
	dev->_dma_mask = DMA_BIT_MASK(32);
	dev->dma_mask = &dev->_dma_mask;
	dev->coherent_dma_mask = DMA_BIT_MASK(32);
}

bool dma_supported(const struct device *dev, u64 mask)
{
	u64 min_mask = machine.max_pfn ? PFN_PHYS(machine.max_pfn - 1) : 0;

	(void)dev;
	/*
	 * 32 bits is what every arch must serve: an arch with RAM above 4 GiB
	 * has ZONE_DMA32.  Narrower masks need to reach at least ZONE_DMA, or
	 * all of RAM on a machine smaller than ZONE_DMA.
	 */
	if (mask >= DMA_BIT_MASK(32))
		return true;
	return mask >= min(min_mask, (u64)ZONE_DMA_LIMIT);
}

int dma_set_mask(struct device *dev, u64 mask)
{
	if (!dev->dma_mask || !dma_supported(dev, mask))
		return -EIO;
	*dev->dma_mask = mask;
	return 0;
}

int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	if (!dma_supported(dev, mask))
		return -EIO;
	dev->coherent_dma_mask = mask;
	return 0;
}

int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	int rc = dma_set_mask(dev, mask);

	if (rc == 0)
		dma_set_coherent_mask(dev, mask);
	return rc;
}

/* The zone modifier that keeps an allocation below @limit, if one can. */
static gfp_t dma_optimal_gfp_mask(u64 limit)
{
	if (limit <= ZONE_DMA_LIMIT)
		return GFP_DMA;
	if (limit <= DMA_BIT_MASK(32))
		return GFP_DMA32;
	return 0;
}

static bool dma_coherent_ok(u64 limit, phys_addr_t phys, size_t size)
{
	return phys + size - 1 <= limit;
}

/* __dma_direct_alloc_pages(): a block reachable under @limit, or NULL. */
static struct page *dma_direct_alloc_pages(u64 limit, size_t size, gfp_t gfp)
{
	unsigned int order = get_order(size);

	gfp |= dma_optimal_gfp_mask(limit);
	for (;;) {
		struct page *page = alloc_pages(gfp, order);

		if (!page || dma_coherent_ok(limit, PFN_PHYS(page_to_pfn(page)), size))
			return page;
		__free_pages(page, order);
		if (ARCH_HAS_ZONE_DMA32 && limit < DMA_BIT_MASK(64) &&
		    !(gfp & (GFP_DMA32 | GFP_DMA)))
			gfp |= GFP_DMA32;
		else if (!(gfp & GFP_DMA))
			gfp = (gfp & ~GFP_DMA32) | GFP_DMA;
		else
			return NULL;
	}
}

static void __printf(3, 4) dev_report(enum report_type type, const struct device *dev,
				      const char *fmt, ...);

/* A report whose first line is "<device>: <what>", as dev_err() prints. */
static void dev_report(enum report_type type, const struct device *dev,
		       const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	report_begin(type, "%s: %s", dev ? dev_name(dev) : "(null)", what);
	report_end();
}

void *dma_alloc_coherent(struct device *dev, size_t size,
			 dma_addr_t *dma_handle, gfp_t gfp)
{
	struct dma_coherent *entry;
	struct page *page;
	void *cpu_addr;

	if (!dev || !dma_handle || !dev->coherent_dma_mask) {
		dev_report(REPORT_BAD_ARG, dev, "WARNING: dma_alloc_coherent %s",
			   !dev ? "without a device" : !dma_handle ?
			   "without a handle to fill" : "with no coherent DMA mask");
		return NULL;
	}
	if (gfp & __GFP_COMP) {
		/* A DMA buffer never becomes a page pointer again. */
		dev_report(REPORT_BAD_ARG, dev, "WARNING: dma_alloc_coherent with __GFP_COMP");
		return NULL;
	}
	/* The implementation chooses the zone, whatever the caller asked. */
	gfp &= ~(__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM | __GFP_ZERO);
	entry = malloc(sizeof(*entry));
	if (!entry)
		return NULL;
	/* get_order(0) is far above MAX_PAGE_ORDER: size 0 fails there. */
	page = dma_direct_alloc_pages(dev->coherent_dma_mask, PAGE_ALIGN(size), gfp);
	if (!page) {
		free(entry);
		return NULL;
	}
	cpu_addr = page_address(page);
	/* Linux zeroes the aligned size, not the whole order-rounded block. */
	memset(cpu_addr, 0, PAGE_ALIGN(size));
	*entry = (struct dma_coherent){
		.dev = dev, .cpu_addr = cpu_addr, .size = size,
		.dma = PFN_PHYS(page_to_pfn(page)),
	};
	list_add(&entry->list, &dma_coherent_list);
	*dma_handle = entry->dma;
	return cpu_addr;
}

static struct dma_coherent *find_coherent(const struct device *dev,
					  dma_addr_t dma)
{
	struct dma_coherent *entry;

	list_for_each_entry(entry, &dma_coherent_list, list)
		if (entry->dev == dev && entry->dma == dma)
			return entry;
	return NULL;
}

void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr,
		       dma_addr_t dma_handle)
{
	struct dma_coherent *entry;

	if (!cpu_addr)
		return;
	entry = find_coherent(dev, dma_handle);
	if (!entry) {
		dev_report(REPORT_DMA_BAD_FREE, dev,
			   "DMA-API: device driver tries to free DMA memory it has not allocated [device address=%#018llx] [size=%zu bytes]",
			   (unsigned long long)dma_handle, size);
		return;
	}
	if (entry->size != size) {
		dev_report(REPORT_DMA_BAD_FREE, dev,
			   "DMA-API: device driver frees DMA memory with different size [device address=%#018llx] [map size=%zu bytes] [unmap size=%zu bytes]",
			   (unsigned long long)dma_handle, entry->size, size);
		return;
	}
	if (entry->cpu_addr != cpu_addr) {
		dev_report(REPORT_DMA_BAD_FREE, dev,
			   "DMA-API: device driver frees DMA memory with different CPU address [device address=%#018llx] [cpu alloc address=%#lx] [cpu free address=%#lx]",
			   (unsigned long long)dma_handle, host_to_kva(entry->cpu_addr),
			   host_to_kva(cpu_addr));
		return;
	}
	list_del(&entry->list);
	__free_pages(virt_to_page(cpu_addr), get_order(PAGE_ALIGN(size)));
	free(entry);
}

unsigned long dma_coherent_count(const struct device *dev)
{
	struct dma_coherent *entry;
	unsigned long n = 0;

	list_for_each_entry(entry, &dma_coherent_list, list)
		n += !dev || entry->dev == dev;
	return n;
}

void dma_exit(void)
{
	struct dma_coherent *entry, *next;

	list_for_each_entry_safe(entry, next, &dma_coherent_list, list)
		free(entry);
	INIT_LIST_HEAD(&dma_coherent_list);
}
