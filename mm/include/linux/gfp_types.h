/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GFP flags: how an allocation may get its memory.
 *
 * Three layers, as in Linux: the raw bits (___GFP_*, values as Linux's),
 * the typed modifiers (__GFP_*), and the named combinations (GFP_*) that
 * callers should use.  Only the bits mmfuzz gives a meaning to are listed;
 * any other bit in a mask is ignored by the allocator.
 */
#ifndef _LINUX_GFP_TYPES_H
#define _LINUX_GFP_TYPES_H

typedef unsigned int gfp_t;

#define ___GFP_DMA		0x01u
#define ___GFP_HIGHMEM		0x02u
#define ___GFP_DMA32		0x04u
#define ___GFP_MOVABLE		0x08u
#define ___GFP_RECLAIMABLE	0x10u
#define ___GFP_HIGH		0x20u
#define ___GFP_IO		0x40u
#define ___GFP_FS		0x80u
#define ___GFP_ZERO		0x100u
#define ___GFP_DIRECT_RECLAIM	0x400u
#define ___GFP_KSWAPD_RECLAIM	0x800u
#define ___GFP_NOWARN		0x2000u
#define ___GFP_RETRY_MAYFAIL	0x4000u
#define ___GFP_NOFAIL		0x8000u
#define ___GFP_NORETRY		0x10000u
#define ___GFP_MEMALLOC		0x20000u
#define ___GFP_COMP		0x40000u
#define ___GFP_NOMEMALLOC	0x80000u
#define ___GFP_HARDWALL		0x100000u
#define ___GFP_THISNODE		0x200000u
#define ___GFP_ACCOUNT		0x400000u
#define ___GFP_LAST_BIT		23

/*
 * Zone modifiers pick the highest zone the memory may come from; the
 * allocator falls back to lower zones, never higher.  No modifier means
 * ZONE_NORMAL.  __GFP_DMA wins over the others in Linux's table only when
 * the combination is valid: DMA with HIGHMEM, or DMA with DMA32, is a bug
 * (gfp_zone() reports it and the allocation fails).  On an arch without
 * ZONE_DMA32 (i386), __GFP_DMA32 means ZONE_NORMAL; without highmem
 * (x86-64), __GFP_HIGHMEM means ZONE_NORMAL.  __GFP_MOVABLE only matters
 * together with __GFP_HIGHMEM and is otherwise ignored here (one migratetype).
 */
#define __GFP_DMA		((gfp_t)___GFP_DMA)
#define __GFP_HIGHMEM		((gfp_t)___GFP_HIGHMEM)
#define __GFP_DMA32		((gfp_t)___GFP_DMA32)
#define __GFP_MOVABLE		((gfp_t)___GFP_MOVABLE)
#define __GFP_RECLAIMABLE	((gfp_t)___GFP_RECLAIMABLE)
#define GFP_ZONEMASK	(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

/*
 * Watermark modifiers.  __GFP_HIGH: the caller is high priority and may use
 * half of the min reserve; if it also cannot sleep (GFP_ATOMIC) it gets a
 * further quarter.  __GFP_MEMALLOC: ignore the watermarks entirely.
 * __GFP_NOMEMALLOC: never dip into reserves, overriding both.
 */
#define __GFP_HIGH		((gfp_t)___GFP_HIGH)
#define __GFP_MEMALLOC		((gfp_t)___GFP_MEMALLOC)
#define __GFP_NOMEMALLOC	((gfp_t)___GFP_NOMEMALLOC)

/*
 * Reclaim modifiers.  __GFP_IO and __GFP_FS say which reclaim the caller
 * tolerates.  __GFP_DIRECT_RECLAIM: the caller may sleep and reclaim
 * itself (this is what makes an allocation "blocking").
 * __GFP_KSWAPD_RECLAIM: wake the background reclaimer at the low mark.
 * After direct reclaim fails: __GFP_NORETRY gives up at once,
 * __GFP_RETRY_MAYFAIL retries a bounded number of times, __GFP_NOFAIL never
 * gives up.  Without any of them the allocator retries small orders.
 */
#define __GFP_IO		((gfp_t)___GFP_IO)
#define __GFP_FS		((gfp_t)___GFP_FS)
#define __GFP_DIRECT_RECLAIM	((gfp_t)___GFP_DIRECT_RECLAIM)
#define __GFP_KSWAPD_RECLAIM	((gfp_t)___GFP_KSWAPD_RECLAIM)
#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define __GFP_RETRY_MAYFAIL	((gfp_t)___GFP_RETRY_MAYFAIL)
#define __GFP_NOFAIL		((gfp_t)___GFP_NOFAIL)
#define __GFP_NORETRY		((gfp_t)___GFP_NORETRY)

/*
 * Action modifiers.  __GFP_ZERO: return zeroed memory.  __GFP_NOWARN: no
 * "page allocation failure" warning.  __GFP_COMP: a compound page.
 * __GFP_THISNODE: only the requested node, no fallback to others.
 * __GFP_HARDWALL and __GFP_ACCOUNT are accepted and have no effect here.
 */
#define __GFP_ZERO		((gfp_t)___GFP_ZERO)
#define __GFP_NOWARN		((gfp_t)___GFP_NOWARN)
#define __GFP_COMP		((gfp_t)___GFP_COMP)
#define __GFP_THISNODE		((gfp_t)___GFP_THISNODE)
#define __GFP_HARDWALL		((gfp_t)___GFP_HARDWALL)
#define __GFP_ACCOUNT		((gfp_t)___GFP_ACCOUNT)

/*
 * Useful combinations.
 *
 * GFP_ATOMIC	cannot sleep, must not fail if at all possible: interrupt
 *		handlers and spinlocked sections.  Uses reserves below min.
 * GFP_KERNEL	the usual kernel allocation: may sleep and reclaim.
 * GFP_NOWAIT	cannot sleep, no access to reserves: fails fast.
 * GFP_NOIO	may reclaim, but must not start I/O (block layer).
 * GFP_NOFS	may reclaim and do I/O, but not call into a filesystem.
 * GFP_USER	for userspace-visible kernel memory.
 * GFP_DMA	ZONE_DMA memory for ISA-era devices.
 * GFP_DMA32	memory below 4 GiB.
 * GFP_HIGHUSER	user pages, highmem allowed.
 */
#define GFP_ATOMIC	(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO	(__GFP_RECLAIM)
#define GFP_NOFS	(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA		__GFP_DMA
#define GFP_DMA32	__GFP_DMA32
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)

#endif /* _LINUX_GFP_TYPES_H */
