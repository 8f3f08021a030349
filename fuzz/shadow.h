/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadow memory: what the harness believes every 8-byte granule of RAM is.
 *
 * KASAN-like, but kept by the harness from its own model, never from the
 * allocator: a block becomes "allocated" when the model accepts it from an
 * allocation and "free" when the model frees it; boot page tables found by
 * the harness's own walker are "reserved".  Every access a program makes,
 * every block an allocation returns and every block freed is checked
 * against it.
 *
 * Cost follows the work, not the RAM (DESIGN.md, decision 3): nothing is
 * allocated for a page nobody touched (it reads as free), a page whose
 * granules all share one state costs one byte, and only a page with mixed
 * states (a slab page, later) gets a byte per granule.  Booting a 4 GiB
 * machine costs the shadow what a 64 MiB one does.
 */
#ifndef _FUZZ_SHADOW_H
#define _FUZZ_SHADOW_H

#include <linux/types.h>

#define SHADOW_GRANULE	8

enum shadow_state {
	SHADOW_FREE,		/* not allocated: the allocator's to hand out */
	SHADOW_ALLOCATED,	/* part of a live allocation the model tracks */
	SHADOW_RESERVED,	/* boot page tables: never allocated, never freed */
	SHADOW_DMA_POOL,	/* a DMA pool's page, not in a live block */
	NR_SHADOW_STATES
};

struct shadow_chunk;

/* Pages per chunk, and chunks per directory entry: 64 GiB in all. */
#define SHADOW_CHUNK_PAGES	512
#define SHADOW_DIR_CHUNKS	256
#define SHADOW_DIRS		128

struct shadow {
	struct shadow_chunk	**dir[SHADOW_DIRS];
	unsigned long		max_pfn;
	unsigned long		nr_chunks;	/* allocated, for tests */
};

/* Start with every granule free, for RAM below @max_pfn. */
void shadow_init(struct shadow *sh, unsigned long max_pfn);
/* Give back all memory. */
void shadow_destroy(struct shadow *sh);

/* Set every granule touched by [@phys, @phys + @len) to @state. */
void shadow_set(struct shadow *sh, phys_addr_t phys, u64 len,
		enum shadow_state state);

/**
 * shadow_check() - is every granule touched by [@phys, @phys + @len) @want?
 * @bad:   set to the first granule's address that is not.
 * @found: set to that granule's state.
 * Return: true if all are; a range beyond max_pfn is never.
 */
bool shadow_check(const struct shadow *sh, phys_addr_t phys, u64 len,
		  enum shadow_state want, phys_addr_t *bad,
		  enum shadow_state *found);

/* The state of the granule holding @phys. */
enum shadow_state shadow_get(const struct shadow *sh, phys_addr_t phys);

const char *shadow_state_name(enum shadow_state state);

#endif /* _FUZZ_SHADOW_H */
