/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shrinkers: caches that can give memory back when the page allocator asks.
 *
 * A subsystem holding reclaimable memory registers a shrinker.  Direct
 * reclaim (an allocation that may sleep, below its watermark) asks each
 * shrinker count_objects() how much it could free, then calls
 * scan_objects() with nr_to_scan in batches of at most @batch objects,
 * scanning more the harder the allocator is pressed (priority 12 down to
 * 0, as Linux's do_shrink_slab()).  The slab allocator plugs its caches in
 * the same way: one shrinker that shrinks every kmem_cache.
 *
 * A shrinker that must not run under GFP_NOFS (it would re-enter a
 * filesystem) or GFP_NOIO (it would start I/O) says so in @flags, and
 * reclaim does not call it for such a mask, nor inside memalloc_nofs_save()
 * / memalloc_noio_save() scopes (<linux/sched/mm.h>).  This differs from
 * Linux, whose shrinkers all get called and test sc->gfp_mask themselves;
 * declaring it lets reclaim skip them and tests count who was asked.
 */
#ifndef _LINUX_SHRINKER_H
#define _LINUX_SHRINKER_H

#include <linux/gfp_types.h>
#include <linux/types.h>

/*
 * struct shrink_control - one call's question.
 * @gfp_mask:	the allocation that reclaims, narrowed by the task's scopes;
 *		a shrinker whose @flags need __GFP_FS or __GFP_IO is only
 *		called when the mask has them.
 * @nid:	the node the allocation prefers.
 * @nr_to_scan:	objects to look at in this call.
 * @nr_scanned:	objects looked at; set to @nr_to_scan before the call, a
 *		shrinker may lower it.
 */
struct shrink_control {
	gfp_t		gfp_mask;
	int		nid;
	unsigned long	nr_to_scan;
	unsigned long	nr_scanned;
};

/* scan_objects(): cannot make progress now, stop asking. */
#define SHRINK_STOP	(~0UL)
/* count_objects(): nothing here at all. */
#define SHRINK_EMPTY	(~0UL - 1)

#define DEFAULT_SEEKS	2	/* cost of recreating an object, relative */
#define SHRINK_BATCH	128
#define DEF_PRIORITY	12
#define MAX_SHRINKERS	32

/* struct shrinker.flags: what a shrinker needs of the reclaiming mask. */
#define SHRINKER_NEEDS_FS	0x1	/* re-enters a filesystem: __GFP_FS */
#define SHRINKER_NEEDS_IO	0x2	/* starts I/O: __GFP_IO */
#define SHRINKER_FLAGS		(SHRINKER_NEEDS_FS | SHRINKER_NEEDS_IO)

struct shrinker {
	/* How many objects could be freed now (0 or SHRINK_EMPTY: none). */
	unsigned long	(*count_objects)(struct shrinker *, struct shrink_control *);
	/* Free up to nr_to_scan objects; return how many, or SHRINK_STOP. */
	unsigned long	(*scan_objects)(struct shrinker *, struct shrink_control *);
	long		batch;		/* 0: SHRINK_BATCH */
	int		seeks;		/* 0 is treated as Linux does: scan half */
	unsigned int	flags;		/* SHRINKER_NEEDS_* */
	void		*private_data;
	const char	*name;
};

/**
 * register_shrinker() - let reclaim call @shrinker, named @name in reports.
 * Context: may sleep; after boot (boot forgets every shrinker).
 * Return: 0; -EINVAL (reported) if a callback is missing, @flags has bits
 * other than SHRINKER_FLAGS or @shrinker is registered already; -ENOSPC if
 * MAX_SHRINKERS are registered.
 */
int register_shrinker(struct shrinker *shrinker, const char *name);

/**
 * unregister_shrinker() - reclaim no longer calls @shrinker.
 * Context: may sleep.  A shrinker that is not registered is reported and
 * ignored.
 */
void unregister_shrinker(struct shrinker *shrinker);

/**
 * shrink_slab() - one pass over every shrinker at @priority (12..0),
 * skipping those whose SHRINKER_NEEDS_* @gfp_mask lacks (@gfp_mask is
 * taken as given: try_to_free_pages() narrows it by the scopes first).
 * Context: may sleep.  Return: objects the shrinkers said they freed.
 */
unsigned long shrink_slab(gfp_t gfp_mask, int nid, int priority);

#endif /* _LINUX_SHRINKER_H */
