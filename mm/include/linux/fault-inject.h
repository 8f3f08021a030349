/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The points where an allocation may be made to fail on purpose.
 *
 * Each layer asks its point before doing real work, exactly where Linux asks
 * (should_fail_alloc_page() at the top of the page allocator,
 * should_failslab() before taking an object, and so on).  Until faultinject/
 * provides the framework, every point answers "no": these are the empty
 * inline twins, so call sites never change.
 */
#ifndef _LINUX_FAULT_INJECT_H
#define _LINUX_FAULT_INJECT_H

#include <linux/gfp_types.h>
#include <linux/types.h>

struct kmem_cache;

/* fail_page_alloc: before the page allocator looks at any zone. */
static inline bool should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	return false;
}

/* failslab: before a slab object is handed out. */
static inline bool should_failslab(struct kmem_cache *s, gfp_t gfp)
{
	return false;
}

/* Ours: before the vmalloc area allocator looks for a free range. */
static inline bool should_fail_vmalloc_range(unsigned long size, gfp_t gfp)
{
	return false;
}

#endif /* _LINUX_FAULT_INJECT_H */
