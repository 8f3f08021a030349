// SPDX-License-Identifier: GPL-2.0
/*
 * kvmalloc: kmalloc when it can, vmalloc when it must (Linux's mm/util.c).
 *
 * The decisions are Linux's and all live here: which mask kmalloc is tried
 * with (kmalloc_gfp_adjust()), and which masks may fall back to vmalloc.
 */
#include <limits.h>

#include <linux/overflow.h>
#include <linux/report.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "internal.h"

gfp_t kmalloc_gfp_adjust(gfp_t flags, size_t size)
{
	/*
	 * Above a page, a kmalloc failure is likely fragmentation and vmalloc
	 * will do: do not retry hard, do not warn, and never __GFP_NOFAIL
	 * (the fallback is the guarantee).  __GFP_RETRY_MAYFAIL callers asked
	 * for the retries and keep them.
	 */
	if (size > PAGE_SIZE) {
		flags |= __GFP_NOWARN;
		if (!(flags & __GFP_RETRY_MAYFAIL))
			flags |= __GFP_NORETRY;
		flags &= ~__GFP_NOFAIL;
	}
	return flags;
}

void *kvmalloc_node(size_t size, gfp_t flags, int node)
{
	void *ret = kmalloc_node(size, kmalloc_gfp_adjust(flags, size), node);

	if (ret || size <= PAGE_SIZE)
		return ret;
	/* vmalloc may sleep: non-blocking masks get kmalloc or nothing. */
	if (!gfpflags_allow_blocking(flags))
		return NULL;
	if (size > INT_MAX) {
		if (!(flags & __GFP_NOWARN)) {
			report_begin(REPORT_BAD_ARG,
				     "WARNING: kvmalloc of %zu bytes, above INT_MAX", size);
			report_end();
		}
		return NULL;
	}
	return __vmalloc_node(size, flags, node);
}

void *kvmalloc(size_t size, gfp_t gfp)
{
	return kvmalloc_node(size, gfp, -1);
}

void *kvzalloc(size_t size, gfp_t gfp)
{
	return kvmalloc_node(size, gfp | __GFP_ZERO, -1);
}

void *kvmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return kvmalloc_node(bytes, gfp, -1);
}

void *kvcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kvmalloc_array(n, size, gfp | __GFP_ZERO);
}

void kvfree(const void *addr)
{
	if (!addr)
		return;
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}
