// SPDX-License-Identifier: GPL-2.0
/*
 * failslab: make slab allocations fail (Linux's mm/failslab.c).
 *
 * cache-filter limits it to caches marked with failslab_mark_cache(); the
 * marks are a small set of cache pointers kept here, so that this package
 * needs nothing of struct kmem_cache.
 */
#include <errno.h>
#include <string.h>

#include <linux/fault-inject.h>

#include "internal.h"

struct failslab_attr failslab;

static const struct kmem_cache *marked[FAILSLAB_MAX_CACHES];

void failslab_reset(void)
{
	fault_attr_init(&failslab.attr, "failslab");
	failslab.ignore_gfp_reclaim = true;
	failslab.cache_filter = false;
	memset(marked, 0, sizeof(marked));
}

static bool cache_marked(const struct kmem_cache *s)
{
	for (int i = 0; i < FAILSLAB_MAX_CACHES; i++)
		if (s && marked[i] == s)
			return true;
	return false;
}

int failslab_mark_cache(const struct kmem_cache *s, bool on)
{
	for (int i = 0; i < FAILSLAB_MAX_CACHES; i++) {
		if (marked[i] == s) {
			if (!on)
				marked[i] = NULL;
			return 0;
		}
	}
	if (!on || !s)
		return 0;
	for (int i = 0; i < FAILSLAB_MAX_CACHES; i++) {
		if (!marked[i]) {
			marked[i] = s;
			return 0;
		}
	}
	return -ENOSPC;
}

noinline bool __should_failslab(struct kmem_cache *s, size_t size, gfp_t gfp,
				const char *func)
{
	int flags = 0;

	fault_count(&failslab.attr.reached);
	if (gfp & __GFP_NOFAIL)
		return false;
	if (failslab.ignore_gfp_reclaim && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	if (failslab.cache_filter && !cache_marked(s))
		return false;
	if (gfp & __GFP_NOWARN)
		flags |= FAULT_NOWARN;
	return should_fail_ex(&failslab.attr, (ssize_t)size, flags,
			      FAULT_SITE_HERE(func));
}
