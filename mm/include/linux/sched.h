/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Execution context: may the current code sleep?
 *
 * might_sleep() belongs at the top of every path that may sleep (any
 * allocation whose GFP mask has __GFP_DIRECT_RECLAIM, vmalloc, kmap,
 * kmem_cache_create/destroy).  Until the context layer tracks preempt_count
 * and interrupt state per CPU, these are the empty twins.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/gfp_types.h>
#include <linux/types.h>

static inline void might_sleep(void)
{
}

static inline void might_sleep_if(bool cond)
{
	if (cond)
		might_sleep();
}

/* An allocation with @gfp may sleep if it may reclaim directly. */
static inline void might_alloc(gfp_t gfp)
{
	might_sleep_if(gfp & ___GFP_DIRECT_RECLAIM);
}

#endif /* _LINUX_SCHED_H */
