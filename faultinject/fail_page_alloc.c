// SPDX-License-Identifier: GPL-2.0
/* fail_page_alloc: make page allocations fail (Linux's mm/fail_page_alloc.c). */
#include <linux/fault-inject.h>

#include "internal.h"

struct fail_page_alloc_attr fail_page_alloc;

void fail_page_alloc_reset(void)
{
	fault_attr_init(&fail_page_alloc.attr, "fail_page_alloc");
	fail_page_alloc.ignore_gfp_highmem = true;
	fail_page_alloc.ignore_gfp_reclaim = true;
	fail_page_alloc.min_order = 1;
}

noinline bool __should_fail_alloc_page(gfp_t gfp, unsigned int order,
				       const char *func)
{
	int flags = 0;

	fault_count(&fail_page_alloc.attr.reached);
	if (order < fail_page_alloc.min_order)
		return false;
	if (gfp & __GFP_NOFAIL)
		return false;
	if (fail_page_alloc.ignore_gfp_highmem && (gfp & __GFP_HIGHMEM))
		return false;
	if (fail_page_alloc.ignore_gfp_reclaim && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	if (gfp & __GFP_NOWARN)
		flags |= FAULT_NOWARN;
	return should_fail_ex(&fail_page_alloc.attr, (ssize_t)1 << order, flags,
			      FAULT_SITE_HERE(func));
}
