/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocation scopes of the current task (Linux's include/linux/sched/mm.h).
 *
 * Code that must not recurse into a filesystem (or into the block layer)
 * opens a scope instead of passing GFP_NOFS (GFP_NOIO) down every call:
 *
 *	unsigned int flags = memalloc_nofs_save();
 *	... anything, kmalloc(GFP_KERNEL) included, is GFP_NOFS here ...
 *	memalloc_nofs_restore(flags);
 *
 * current_gfp_context() narrows a mask by the open scopes; the page
 * allocator applies it at its entry (and so to slab and vmalloc, whose
 * pages and page tables come from it) and reclaim applies it to the mask it
 * hands the shrinkers.  The noreclaim scope sets PF_MEMALLOC: the task is
 * reclaiming (the page allocator opens it around direct reclaim), so it
 * never reclaims again and may use the reserves below the min watermark
 * (gfp_pfmemalloc_allowed()), unless __GFP_NOMEMALLOC.
 *
 * Scopes nest: save returns the flag as it was, restore puts that back.
 * A restore that does not match its save — no save open, or a value that
 * would turn the flag off while an inner save of the same kind is still
 * open, or on after the last one closed — is reported (REPORT_BAD_SCOPE);
 * the scope count still goes down by one and the flag is set exactly
 * while a scope of its kind is open, so one bad restore cannot leave a
 * task in GFP_NOFS for good, nor out of it too early.
 */
#ifndef _LINUX_SCHED_MM_H
#define _LINUX_SCHED_MM_H

#include <linux/gfp_types.h>
#include <linux/sched.h>

/**
 * memalloc_scope_save() - open a scope of @scope for the current task.
 * Context: any (in an interrupt it is the interrupted task's).  An
 * out-of-range @scope is reported (REPORT_BAD_ARG) and opens nothing.
 * Return: the scope's PF_* bit if it was already set, else 0.
 */
unsigned int memalloc_scope_save(enum memalloc_scope scope);

/**
 * memalloc_scope_restore() - close the innermost scope of @scope.
 * @flags: what the matching memalloc_scope_save() returned.
 * Context: any.  A restore with no scope open, or whose @flags do not
 * match the nesting, is reported (REPORT_BAD_SCOPE); see above for what
 * it then does.  Bits of @flags other than the scope's are ignored after
 * the report.
 */
void memalloc_scope_restore(enum memalloc_scope scope, unsigned int flags);

/* Every allocation is GFP_NOFS until the matching restore. */
static inline unsigned int memalloc_nofs_save(void)
{
	return memalloc_scope_save(MEMALLOC_NOFS);
}

static inline void memalloc_nofs_restore(unsigned int flags)
{
	memalloc_scope_restore(MEMALLOC_NOFS, flags);
}

/* Every allocation is GFP_NOIO (no __GFP_IO, no __GFP_FS) until restore. */
static inline unsigned int memalloc_noio_save(void)
{
	return memalloc_scope_save(MEMALLOC_NOIO);
}

static inline void memalloc_noio_restore(unsigned int flags)
{
	memalloc_scope_restore(MEMALLOC_NOIO, flags);
}

/* PF_MEMALLOC: no direct reclaim, access to the reserves, until restore. */
static inline unsigned int memalloc_noreclaim_save(void)
{
	return memalloc_scope_save(MEMALLOC_NORECLAIM);
}

static inline void memalloc_noreclaim_restore(unsigned int flags)
{
	memalloc_scope_restore(MEMALLOC_NORECLAIM, flags);
}

/**
 * current_gfp_context() - @flags as the current task's scopes allow them:
 * without __GFP_IO and __GFP_FS under noio, without __GFP_FS under nofs.
 * Context: any.
 */
static inline gfp_t current_gfp_context(gfp_t flags)
{
	unsigned int pflags = current->flags;

	if (pflags & PF_MEMALLOC_NOIO)
		flags &= ~(__GFP_IO | __GFP_FS);
	else if (pflags & PF_MEMALLOC_NOFS)
		flags &= ~__GFP_FS;
	return flags;
}

#endif /* _LINUX_SCHED_MM_H */
