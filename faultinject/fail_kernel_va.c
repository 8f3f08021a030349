// SPDX-License-Identifier: GPL-2.0
/*
 * Our two points, both about building kernel mappings: a vmalloc range and
 * a page-table page.  Neither has extras beyond never failing __GFP_NOFAIL.
 */
#include <linux/fault-inject.h>

#include "internal.h"

struct fault_attr fail_vmalloc;
struct fault_attr fail_pgtable_alloc;

static bool should_fail_gfp(struct fault_attr *attr, ssize_t size, gfp_t gfp,
			    const struct fault_site *site)
{
	fault_count(&attr->reached);
	if (gfp & __GFP_NOFAIL)
		return false;
	return should_fail_ex(attr, size,
			      (gfp & __GFP_NOWARN) ? FAULT_NOWARN : 0, site);
}

noinline bool __should_fail_vmalloc_range(unsigned long size, gfp_t gfp,
					  const char *func)
{
	return should_fail_gfp(&fail_vmalloc, (ssize_t)size, gfp,
			       FAULT_SITE_HERE(func));
}

noinline bool __should_fail_pgtable_alloc(gfp_t gfp, const char *func)
{
	return should_fail_gfp(&fail_pgtable_alloc, 1, gfp,
			       FAULT_SITE_HERE(func));
}
