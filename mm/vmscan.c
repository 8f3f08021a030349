// SPDX-License-Identifier: GPL-2.0
/*
 * Direct reclaim: what an allocation that may sleep does when its zones are
 * below the watermark.  There is no page cache or anonymous memory to page
 * out here, so reclaim is the per-CPU lists and the shrinkers (the slab
 * caches among them, and whatever tests and the harness register).
 *
 * State: the registered shrinkers, a fixed table forgotten at every boot.
 * A shrinker's scan_objects() may free pages (that is the point); what it
 * allocates does not reclaim again: the page allocator runs reclaim in a
 * noreclaim scope (PF_MEMALLOC), which also lets it use the reserves.
 *
 * GFP_NOFS and GFP_NOIO, and the scopes that imply them: Linux hands every
 * shrinker the mask and each one tests sc->gfp_mask itself (a filesystem
 * cache returns SHRINK_STOP without __GFP_FS).  Ours declare what they need
 * in shrinker->flags (SHRINKER_NEEDS_FS, SHRINKER_NEEDS_IO) and reclaim
 * skips them before count_objects(), so a shrinker cannot forget the test
 * and tests can count who was asked; the mask is still in sc->gfp_mask.
 */
#include <errno.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/report.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/shrinker.h>

#include "internal.h"

static struct shrinker *shrinkers[MAX_SHRINKERS];

void shrinkers_init(void)
{
	memset(shrinkers, 0, sizeof(shrinkers));
}

static int shrinker_slot(const struct shrinker *s)
{
	for (int i = 0; i < MAX_SHRINKERS; i++)
		if (shrinkers[i] && shrinkers[i] == s)
			return i;
	return -1;
}

int register_shrinker(struct shrinker *shrinker, const char *name)
{
	might_sleep();
	if (!shrinker || !shrinker->count_objects || !shrinker->scan_objects ||
	    shrinker_slot(shrinker) >= 0 || (shrinker->flags & ~SHRINKER_FLAGS)) {
		report_begin(REPORT_BAD_ARG, "BUG: register_shrinker(%s): %s",
			     name ? name : "?",
			     !shrinker ? "NULL shrinker" :
			     shrinker_slot(shrinker) >= 0 ? "already registered" :
			     (shrinker->flags & ~SHRINKER_FLAGS) ? "unknown flags" :
			     "count_objects and scan_objects are both required");
		report_end();
		return -EINVAL;
	}
	for (int i = 0; i < MAX_SHRINKERS; i++) {
		if (!shrinkers[i]) {
			shrinker->name = name;
			shrinkers[i] = shrinker;
			return 0;
		}
	}
	return -ENOSPC;
}

void unregister_shrinker(struct shrinker *shrinker)
{
	int slot = shrinker_slot(shrinker);

	might_sleep();
	if (slot < 0) {
		report_begin(REPORT_BAD_ARG,
			     "BUG: unregister_shrinker of a shrinker that is not registered");
		report_end();
		return;
	}
	shrinkers[slot] = NULL;
}

/* Linux's do_shrink_slab(), without deferred work carried between calls. */
static unsigned long do_shrink_slab(struct shrink_control *sc,
				    struct shrinker *shrinker, int priority)
{
	long batch_size = shrinker->batch > 0 ? shrinker->batch : SHRINK_BATCH;
	unsigned long freeable, delta, total_scan, freed = 0;

	freeable = shrinker->count_objects(shrinker, sc);
	if (freeable == 0 || freeable == SHRINK_EMPTY)
		return 0;
	if (shrinker->seeks) {
		delta = (freeable >> priority) * 4;
		delta /= (unsigned long)shrinker->seeks;
	} else {
		delta = freeable / 2;
	}
	total_scan = min(delta, freeable * 2);
	while (total_scan >= (unsigned long)batch_size || total_scan >= freeable) {
		unsigned long nr_to_scan = min((unsigned long)batch_size, total_scan);
		unsigned long ret;

		if (!nr_to_scan)
			break;
		sc->nr_to_scan = nr_to_scan;
		sc->nr_scanned = nr_to_scan;
		ret = shrinker->scan_objects(shrinker, sc);
		if (ret == SHRINK_STOP)
			break;
		freed += ret;
		total_scan -= sc->nr_scanned && sc->nr_scanned <= total_scan ?
			      sc->nr_scanned : nr_to_scan;
	}
	return freed;
}

/* May @shrinker act under @gfp_mask?  What GFP_NOFS / GFP_NOIO exist for. */
static bool shrinker_allowed(const struct shrinker *shrinker, gfp_t gfp_mask)
{
	if ((shrinker->flags & SHRINKER_NEEDS_FS) && !(gfp_mask & __GFP_FS))
		return false;
	return !(shrinker->flags & SHRINKER_NEEDS_IO) || (gfp_mask & __GFP_IO);
}

unsigned long shrink_slab(gfp_t gfp_mask, int nid, int priority)
{
	unsigned long freed = 0;

	for (int i = 0; i < MAX_SHRINKERS; i++) {
		struct shrink_control sc = { .gfp_mask = gfp_mask, .nid = nid };

		if (shrinkers[i] && shrinker_allowed(shrinkers[i], gfp_mask))
			freed += do_shrink_slab(&sc, shrinkers[i], priority);
	}
	return freed;
}

/* Every free page, per-CPU lists included: what reclaim has to show. */
static unsigned long free_and_cached_pages(void)
{
	unsigned long sum = nr_free_pages();
	struct zone *zone;

	for_each_zone(zone) {
		for (unsigned int cpu = 0; cpu < machine.nr_cpus; cpu++) {
			smp_spin_lock(&zone->pcp[cpu].lock);
			sum += (unsigned long)zone->pcp[cpu].count;
			smp_spin_unlock(&zone->pcp[cpu].lock);
		}
	}
	return sum;
}

unsigned long try_to_free_pages(gfp_t gfp_mask, unsigned int order, int nid)
{
	unsigned long nr_to_reclaim = max(32UL, 1UL << order);
	unsigned long before, gained = 0;

	/* Linux's scan_control.gfp_mask: the scopes apply to reclaim too. */
	gfp_mask = current_gfp_context(gfp_mask);
	before = free_and_cached_pages();
	for (int priority = DEF_PRIORITY; priority >= 0; priority--) {
		unsigned long now;

		shrink_slab(gfp_mask, nid, priority);
		now = free_and_cached_pages();
		gained = now > before ? now - before : 0;
		if (gained >= nr_to_reclaim)
			break;
	}
	return gained;
}
