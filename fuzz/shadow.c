// SPDX-License-Identifier: GPL-2.0
/*
 * Shadow memory as a sparse two-level table of chunks.
 *
 * A chunk covers SHADOW_CHUNK_PAGES pages: one state byte per page, and a
 * granule array only for the pages whose granules differ.  Chunks and
 * directory entries are allocated when a state other than free is first
 * written into them.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

#include "fuzz/compiler.h"
#include "fuzz/shadow.h"

#define GRANULES_PER_PAGE	(PAGE_SIZE / SHADOW_GRANULE)
/* A page state byte that means "see the granule array". */
#define PAGE_MIXED		0xff

struct shadow_chunk {
	u8		page[SHADOW_CHUNK_PAGES];
	unsigned int	nr_mixed;		/* granule arrays allocated */
	u8		*granule[SHADOW_CHUNK_PAGES];	/* only for PAGE_MIXED pages */
};

_Static_assert((u64)SHADOW_DIRS * SHADOW_DIR_CHUNKS * SHADOW_CHUNK_PAGES *
	       PAGE_SIZE >= (64ULL << 30), "the shadow covers the largest machine");

static const char *const state_names[NR_SHADOW_STATES] = {
	[SHADOW_FREE]		= "free",
	[SHADOW_ALLOCATED]	= "allocated",
	[SHADOW_RESERVED]	= "reserved (page table)",
	[SHADOW_DMA_POOL]	= "a DMA pool page's free part",
};

/* Page-state bytes all of one state, to compare a chunk with. */
static const u8 uniform[NR_SHADOW_STATES][SHADOW_CHUNK_PAGES] = {
	[SHADOW_ALLOCATED] = { [0 ... SHADOW_CHUNK_PAGES - 1] = SHADOW_ALLOCATED },
	[SHADOW_RESERVED] = { [0 ... SHADOW_CHUNK_PAGES - 1] = SHADOW_RESERVED },
	[SHADOW_DMA_POOL] = { [0 ... SHADOW_CHUNK_PAGES - 1] = SHADOW_DMA_POOL },
};

const char *shadow_state_name(enum shadow_state state)
{
	return state < NR_SHADOW_STATES ? state_names[state] : "?";
}

void shadow_init(struct shadow *sh, unsigned long max_pfn)
{
	memset(sh, 0, sizeof(*sh));
	sh->max_pfn = max_pfn;
}

void shadow_destroy(struct shadow *sh)
{
	for (unsigned int d = 0; d < SHADOW_DIRS; d++) {
		if (!sh->dir[d])
			continue;
		for (unsigned int c = 0; c < SHADOW_DIR_CHUNKS; c++) {
			struct shadow_chunk *ch = sh->dir[d][c];

			if (!ch)
				continue;
			for (unsigned int p = 0; ch->nr_mixed && p < SHADOW_CHUNK_PAGES; p++)
				free(ch->granule[p]);
			free(ch);
		}
		free(sh->dir[d]);
	}
	memset(sh, 0, sizeof(*sh));
}

__no_sanitize_coverage
static struct shadow_chunk *chunk_of(const struct shadow *sh, unsigned long pfn)
{
	unsigned long c = pfn / SHADOW_CHUNK_PAGES;

	if (!sh->dir[c / SHADOW_DIR_CHUNKS])
		return NULL;
	return sh->dir[c / SHADOW_DIR_CHUNKS][c % SHADOW_DIR_CHUNKS];
}

/* The chunk of @pfn, created all-free if need be; aborts when out of memory. */
__no_sanitize_coverage
static struct shadow_chunk *chunk_get(struct shadow *sh, unsigned long pfn)
{
	unsigned long c = pfn / SHADOW_CHUNK_PAGES;
	struct shadow_chunk ***dir = &sh->dir[c / SHADOW_DIR_CHUNKS];
	struct shadow_chunk **slot;

	if (!*dir) {
		*dir = calloc(SHADOW_DIR_CHUNKS, sizeof(**dir));
		if (!*dir)
			abort();
	}
	slot = &(*dir)[c % SHADOW_DIR_CHUNKS];
	if (!*slot) {
		*slot = calloc(1, sizeof(**slot));
		if (!*slot)
			abort();
		sh->nr_chunks++;
	}
	return *slot;
}

/* Set granules [first, last] of page @p of @ch. */
__no_sanitize_coverage
static void page_set(struct shadow_chunk *ch, unsigned int p, unsigned int first,
		     unsigned int last, u8 state)
{
	u8 *g = ch->granule[p];

	if (first == 0 && last == GRANULES_PER_PAGE - 1) {
		if (g) {
			free(g);
			ch->granule[p] = NULL;
			ch->nr_mixed--;
		}
		ch->page[p] = state;
		return;
	}
	if (ch->page[p] == state)
		return;
	if (!g) {
		g = malloc(GRANULES_PER_PAGE);
		if (!g)
			abort();
		memset(g, ch->page[p], GRANULES_PER_PAGE);
		ch->granule[p] = g;
		ch->nr_mixed++;
		ch->page[p] = PAGE_MIXED;
	}
	memset(g + first, state, last - first + 1);
}

__no_sanitize_coverage
static u8 granule_state(const struct shadow_chunk *ch, unsigned int p,
			unsigned int g)
{
	if (!ch)
		return SHADOW_FREE;
	return ch->page[p] == PAGE_MIXED ? ch->granule[p][g] : ch->page[p];
}

/* Part of one page: [phys, end) within pfn @pfn. */
__no_sanitize_coverage
static void set_in_page(struct shadow *sh, unsigned long pfn, phys_addr_t phys,
			phys_addr_t end, enum shadow_state state)
{
	unsigned int first = (unsigned int)((phys & ~PAGE_MASK) / SHADOW_GRANULE);
	unsigned int last = (unsigned int)(((end - 1) & ~PAGE_MASK) / SHADOW_GRANULE);

	/* Free is what a missing chunk means: never allocate for it. */
	if (chunk_of(sh, pfn) || state != SHADOW_FREE)
		page_set(chunk_get(sh, pfn), pfn % SHADOW_CHUNK_PAGES, first, last,
			 (u8)state);
}

__no_sanitize_coverage
void shadow_set(struct shadow *sh, phys_addr_t phys, u64 len,
		enum shadow_state state)
{
	phys_addr_t end = phys + len;

	while (phys < end) {
		unsigned long pfn = PHYS_PFN(phys);
		unsigned long n = min((unsigned long)((end - phys) >> PAGE_SHIFT),
				      SHADOW_CHUNK_PAGES - pfn % SHADOW_CHUNK_PAGES);
		struct shadow_chunk *ch;

		if (pfn >= sh->max_pfn)
			return;
		/* Whole pages of a chunk without granule arrays: one memset. */
		if (!(phys & ~PAGE_MASK) && n && pfn + n <= sh->max_pfn) {
			ch = chunk_of(sh, pfn);
			if (ch || state != SHADOW_FREE) {
				ch = chunk_get(sh, pfn);
				if (ch->nr_mixed)
					goto by_page;
				memset(&ch->page[pfn % SHADOW_CHUNK_PAGES], state, n);
			}
			phys += PFN_PHYS(n);
			continue;
		}
by_page:
		n = (unsigned long)min(end, PFN_PHYS(pfn + 1));
		set_in_page(sh, pfn, phys, n, state);
		phys = n;
	}
}

__no_sanitize_coverage
enum shadow_state shadow_get(const struct shadow *sh, phys_addr_t phys)
{
	unsigned long pfn = PHYS_PFN(phys);

	return granule_state(chunk_of(sh, pfn), pfn % SHADOW_CHUNK_PAGES,
			     (unsigned int)((phys & ~PAGE_MASK) / SHADOW_GRANULE));
}

__no_sanitize_coverage
bool shadow_check(const struct shadow *sh, phys_addr_t phys, u64 len,
		  enum shadow_state want, phys_addr_t *bad,
		  enum shadow_state *found)
{
	phys_addr_t end = phys + len;

	if (end < phys || PHYS_PFN(end - 1) >= sh->max_pfn) {
		*bad = phys;
		*found = NR_SHADOW_STATES;
		return false;
	}
	while (phys < end) {
		unsigned long pfn = PHYS_PFN(phys);
		const struct shadow_chunk *ch = chunk_of(sh, pfn);
		unsigned int p = pfn % SHADOW_CHUNK_PAGES;
		phys_addr_t page_end = min(end, PFN_PHYS(pfn + 1));
		unsigned long n = min((unsigned long)((end - ALIGN_DOWN(phys, PAGE_SIZE)) >> PAGE_SHIFT),
				      (unsigned long)(SHADOW_CHUNK_PAGES - p));

		/* Whole pages: a missing chunk is all free, else compare bytes. */
		if (n > 1 && !ch && want == SHADOW_FREE) {
			phys = PFN_PHYS(pfn + n);
			continue;
		}
		if (n > 1 && ch && !ch->nr_mixed && !memcmp(&ch->page[p], uniform[want], n)) {
			phys = PFN_PHYS(pfn + n);
			continue;
		}
		if (ch && ch->page[p] == PAGE_MIXED) {
			for (phys_addr_t a = ALIGN_DOWN(phys, SHADOW_GRANULE); a < page_end;
			     a += SHADOW_GRANULE) {
				u8 s = granule_state(ch, p, (unsigned int)((a & ~PAGE_MASK) /
									   SHADOW_GRANULE));
				if (s != want) {
					*bad = max(a, phys);
					*found = s;
					return false;
				}
			}
		} else if (granule_state(ch, p, 0) != want) {
			*bad = phys;
			*found = granule_state(ch, p, 0);
			return false;
		}
		phys = page_end;
	}
	return true;
}
