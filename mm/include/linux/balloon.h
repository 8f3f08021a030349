/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Low-memory injection for tests and the harness: a balloon that holds free
 * pages back, and a boost that raises a zone's watermarks.
 *
 * Both are undone exactly: balloon_deflate() gives every page back to the
 * free lists (the buddy state is then what it was, merges included), and
 * a boost of 0 restores the boot watermarks.  Boot starts with an empty
 * balloon and no boost.
 */
#ifndef _LINUX_BALLOON_H
#define _LINUX_BALLOON_H

#include <linux/mmzone.h>

/**
 * balloon_inflate() - take up to @nr_pages free pages of @zone out of use.
 * Context: any; takes pages regardless of watermarks, never reclaims, never
 * fault-injected.  Per-CPU lists are drained first, so that what is left
 * free is exactly zone->free_pages.
 * Return: pages taken (fewer than @nr_pages when the zone runs out); a
 * NULL or unpopulated @zone is reported and takes nothing.
 */
unsigned long balloon_inflate(struct zone *zone, unsigned long nr_pages);

/**
 * balloon_leave() - inflate so that @zone has exactly @left free pages
 * (or as close as it can get: nothing is given back if it has fewer).
 * Return: pages taken.
 */
unsigned long balloon_leave(struct zone *zone, unsigned long left);

/**
 * balloon_deflate() - give back the last @nr_pages pages taken (at least
 * that many, a whole block at a time); ULONG_MAX gives back everything.
 * Context: any.  Return: pages given back.
 */
unsigned long balloon_deflate(unsigned long nr_pages);

/* Pages the balloon holds. */
unsigned long balloon_pages(void);

/**
 * zone_set_watermark_boost() - add @pages to every watermark of @zone, as
 * Linux's watermark_boost does; 0 removes the boost.  Context: any.
 */
void zone_set_watermark_boost(struct zone *zone, unsigned long pages);

#endif /* _LINUX_BALLOON_H */
