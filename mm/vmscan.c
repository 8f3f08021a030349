// SPDX-License-Identifier: GPL-2.0
/*
 * Direct reclaim: what an allocation that may sleep does when its zones are
 * below the watermark.  There is no page cache or anonymous memory to page
 * out here, so reclaim is the per-CPU lists and the shrinkers (the slab
 * caches among them, and whatever tests and the harness register).
 *
 * State: the registered shrinkers, a fixed table forgotten at every boot.
 * A shrinker's scan_objects() may free pages (that is the point) but must
 * not allocate with direct reclaim: reclaim does not recurse.
 */
#include <errno.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/report.h>
#include <linux/sched.h>
#include <linux/shrinker.h>

#include "internal.h"

static struct shrinker *shrinkers[MAX_SHRINKERS];
/* Reclaim is running in this task (Linux's PF_MEMALLOC): per thread. */
static __thread bool in_reclaim;

void shrinkers_init(void)
{
	memset(shrinkers, 0, sizeof(shrinkers));
	in_reclaim = false;
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
	    shrinker_slot(shrinker) >= 0) {
		report_begin(REPORT_BAD_ARG, "BUG: register_shrinker(%s): %s",
			     name ? name : "?",
			     !shrinker ? "NULL shrinker" :
			     shrinker_slot(shrinker) >= 0 ? "already registered" :
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

unsigned long shrink_slab(gfp_t gfp_mask, int nid, int priority)
{
	unsigned long freed = 0;

	for (int i = 0; i < MAX_SHRINKERS; i++) {
		struct shrink_control sc = { .gfp_mask = gfp_mask, .nid = nid };

		if (shrinkers[i])
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

	if (in_reclaim)
		return 0;
	in_reclaim = true;
	before = free_and_cached_pages();
	for (int priority = DEF_PRIORITY; priority >= 0; priority--) {
		unsigned long now;

		shrink_slab(gfp_mask, nid, priority);
		now = free_and_cached_pages();
		gained = now > before ? now - before : 0;
		if (gained >= nr_to_reclaim)
			break;
	}
	in_reclaim = false;
	return gained;
}
