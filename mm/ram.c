// SPDX-License-Identifier: GPL-2.0
/*
 * Host memory that outlives machines: the memfd that is RAM and the
 * struct page array, kept resident from one machine to the next
 * (DESIGN.md, decision 3).
 *
 * A fresh memfd costs a fault and a page of zeroing on the first touch of
 * every frame, and a fresh mem_map the same per host page of struct pages;
 * a fuzz input that touches a few hundred frames spent about half its time
 * there.  Instead the memfd and mem_map stay, sized for the largest machine
 * seen, and teardown puts back exactly what a fresh boot would find: every
 * frame zero, every struct page zero.  It does so by dirty tracking, not by
 * sweeping, so a teardown costs what the input dirtied, not the RAM size:
 *
 *   frames	a frame can only be written once the buddy allocator has
 *		handed it out (prep_new_page(), through ram_claim_frames()),
 *		or memblock has at boot, or ram_write() wrote it.  Each
 *		marks its frames here, one bit per frame.  A frame taken
 *		onto a per-CPU list but never handed out stays clean.
 *   struct pages  the allocator writes struct pages only inside the blocks
 *		deferred init has given it (deferred_grow_zone()) and for
 *		memblock's reserved pages; those mark chunks of
 *		META_CHUNK_PAGES struct pages here.
 *
 * Each set keeps the list of its bitmap words that went from zero to
 * non-zero, so that the reset visits those words only.  Frames are zeroed
 * through a private host view of the whole memfd (highmem included, and out
 * of ASan's poisoned direct map); a large dirty set is punched out of the
 * memfd instead, so that one big input does not leave gigabytes resident.
 *
 * The same bits make __GFP_ZERO cheap: a clean frame is known to be zero
 * (the reset zeroed or punched it, or the memfd grew over it), so only the
 * frames of a block that are dirty, that is handed out since the reset,
 * need zeroing.  "Dirty" never means "written": writes through the direct
 * map are not seen one by one, so a frame handed out once counts as
 * written until the next reset, freed or not.
 *
 * The machine's shape may change between boots: the memfd only grows (its
 * frames beyond a smaller machine's max_pfn are zero and in no window),
 * mem_map and the bitmaps are replaced by bigger ones while all clean.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/mm.h>
#include <linux/mutex.h>

#include "internal.h"

#define BITS_PER_LONG		((unsigned long)(sizeof(long) * CHAR_BIT))

/* Struct pages are reset in chunks: one bit stands for this many. */
#define META_CHUNK_PAGES	64UL

/*
 * Above this many dirty frames a reset punches the frames out of the
 * memfd rather than zeroing them: a zeroed frame stays resident, and the
 * next first touch of a punched one costs about 25 times a memset.
 */
#define RESET_MEMSET_MAX_PAGES	(64UL << (20 - PAGE_SHIFT))

/*
 * A block handed out is marked dirty whole, written or not.  A small one
 * is mostly written (and costs a memset to reset); of a big one a caller
 * may touch a page or two, and a memset of all of it costs more than
 * first touches of what was touched.  So the frames of blocks of this many
 * pages or more are punched out of the memfd at reset instead: only what
 * was touched is paid for, again, at the next first touch.
 */
#define BIG_BLOCK_PAGES		64UL
/* ram_claim_frames() (mm/internal.h) picks the bitmap by word size. */
_Static_assert(BIG_BLOCK_PAGES == sizeof(long) * CHAR_BIT, "one bitmap word");

/* A set of bits, and the list of its words that are not zero. */
struct dirty_set {
	unsigned long	*bits;
	unsigned long	*words;		/* indices of non-zero words */
	unsigned long	nr_words;	/* entries in @words */
	unsigned long	size;		/* bits */
};

static struct {
	int		memfd;
	unsigned long	nr_pfns;	/* memfd size, and what the rest covers */
	char		*view;		/* the whole memfd, for resets */
	struct page	*mem_map;
	struct dirty_set frames;	/* one bit per frame */
	struct dirty_set big_frames;	/* frames of big blocks: punched */
	struct dirty_set meta;		/* one bit per META_CHUNK_PAGES */
	struct ram_stats stats;
	pid_t		owner;		/* a forked child must not share it */
} ram = { .memfd = -1 };

static unsigned long longs_for(unsigned long bits)
{
	return DIV_ROUND_UP(bits, BITS_PER_LONG);
}

static void dirty_free(struct dirty_set *d)
{
	free(d->bits);
	free(d->words);
	memset(d, 0, sizeof(*d));
}

/* Only while clean: the bitmap starts all zero at its new size. */
static int dirty_resize(struct dirty_set *d, unsigned long size)
{
	unsigned long n = longs_for(size);

	dirty_free(d);
	d->bits = calloc(n, sizeof(*d->bits));
	d->words = calloc(n, sizeof(*d->words));
	if (!d->bits || !d->words) {
		dirty_free(d);
		return -ENOMEM;
	}
	d->size = size;
	return 0;
}

/* Set bits [first, last]; the caller has checked last < d->size. */
static void dirty_mark(struct dirty_set *d, unsigned long first,
		       unsigned long last)
{
	unsigned long w = first / BITS_PER_LONG, end = last / BITS_PER_LONG;

	for (; w <= end; w++) {
		unsigned long mask = ~0UL;

		if (w == first / BITS_PER_LONG)
			mask &= ~0UL << (first % BITS_PER_LONG);
		if (w == end)
			mask &= ~0UL >> (BITS_PER_LONG - 1 - last % BITS_PER_LONG);
		if (!d->bits[w])
			d->words[d->nr_words++] = w;
		/* Atomic for frame_bits(), which reads without the lock. */
		__atomic_store_n(&d->bits[w], d->bits[w] | mask, __ATOMIC_RELAXED);
	}
}

/*
 * Call @fn on every run of set bits, then clear the set.  Runs are cut at
 * word boundaries, which costs nothing worth merging them for.
 */
static void dirty_drain(struct dirty_set *d,
			void (*fn)(unsigned long first, unsigned long nr))
{
	for (unsigned long i = 0; i < d->nr_words; i++) {
		unsigned long w = d->words[i], bits = d->bits[w];

		while (bits) {
			unsigned long lo = (unsigned long)__builtin_ctzl(bits);
			unsigned long rest = bits >> lo, run;

			run = ~rest ? (unsigned long)__builtin_ctzl(~rest) :
				      BITS_PER_LONG;
			fn(w * BITS_PER_LONG + lo, run);
			bits = lo + run >= BITS_PER_LONG ? 0 :
			       bits & (~0UL << (lo + run));
		}
		d->bits[w] = 0;
	}
	d->nr_words = 0;
}

static unsigned long dirty_count(const struct dirty_set *d)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < d->nr_words; i++)
		n += (unsigned long)__builtin_popcountl(d->bits[d->words[i]]);
	return n;
}

/*
 * Thread mode: CPUs mark under their own zone's lock, and zones share
 * bitmap words at their edges.  Draining runs with no CPU thread left.
 */
static DEFINE_MUTEX(dirty_lock);

/*
 * Are bits [@first, @first + @nr) all set?  Without the lock, for callers
 * that own the frames (nobody else sets or clears their bits).
 */
static bool dirty_all_set(const struct dirty_set *d, unsigned long first,
			  unsigned long nr)
{
	if (!(first % BITS_PER_LONG) && !(nr % BITS_PER_LONG)) {	/* big blocks */
		for (unsigned long w = first / BITS_PER_LONG; w < (first + nr) / BITS_PER_LONG; w++)
			if (__atomic_load_n(&d->bits[w], __ATOMIC_RELAXED) != ~0UL)
				return false;
		return true;
	}
	for (unsigned long b = first; b < first + nr; ) {
		unsigned long lo = b % BITS_PER_LONG;
		unsigned long n = min(BITS_PER_LONG - lo, first + nr - b);
		unsigned long mask = (n == BITS_PER_LONG ? ~0UL : (1UL << n) - 1) << lo;

		if ((__atomic_load_n(&d->bits[b / BITS_PER_LONG], __ATOMIC_RELAXED) &
		     mask) != mask)
			return false;
		b += n;
	}
	return true;
}

void ram_mark_dirty(unsigned long pfn, unsigned long nr)
{
	struct dirty_set *d = nr >= BIG_BLOCK_PAGES ? &ram.big_frames : &ram.frames;

	if (!nr || pfn + nr > d->size || dirty_all_set(d, pfn, nr))
		return;
	mutex_lock(&dirty_lock);
	dirty_mark(d, pfn, pfn + nr - 1);
	mutex_unlock(&dirty_lock);
}

void ram_mark_pages_dirty(unsigned long pfn, unsigned long nr)
{
	if (!nr || pfn + nr > ram.nr_pfns)
		return;
	mutex_lock(&dirty_lock);
	dirty_mark(&ram.meta, pfn / META_CHUNK_PAGES, (pfn + nr - 1) / META_CHUNK_PAGES);
	mutex_unlock(&dirty_lock);
}

/*
 * Is each frame of bitmap word @w dirty?  Without the lock: the bits a
 * caller reads are those of frames it owns, which nobody else marks.
 */
static unsigned long frame_bits(unsigned long w)
{
	return __atomic_load_n(&ram.frames.bits[w], __ATOMIC_RELAXED) |
	       __atomic_load_n(&ram.big_frames.bits[w], __ATOMIC_RELAXED);
}

/* Zero the dirty frames of [@pfn, @pfn + @nr), a run at a time. */
static void zero_dirty_frames(unsigned long pfn, unsigned long nr)
{
	unsigned long end = pfn + nr, run = 0, clean = 0;

	if (end > ram.frames.size) {
		ram_zero(PFN_PHYS(pfn), PFN_PHYS(nr));
		return;
	}
	for (unsigned long p = pfn; p < end; ) {
		unsigned long lo = p % BITS_PER_LONG;
		unsigned long n = min(BITS_PER_LONG - lo, end - p);
		unsigned long all = n == BITS_PER_LONG ? ~0UL : (1UL << n) - 1;
		unsigned long bits = (frame_bits(p / BITS_PER_LONG) >> lo) & all;

		for (unsigned long i = 0; i < n; i++) {
			if (bits == all) {	/* the rest of the word: dirty */
				run += n - i;
				break;
			}
			if (!bits) {		/* the rest of the word: clean */
				clean += n - i;
				if (run)
					ram_zero(PFN_PHYS(p + i - run), PFN_PHYS(run));
				run = 0;
				break;
			}
			if (bits & 1) {
				run++;
			} else {
				clean++;
				if (run)
					ram_zero(PFN_PHYS(p + i - run), PFN_PHYS(run));
				run = 0;
			}
			bits >>= 1;
			all >>= 1;
		}
		p += n;
	}
	if (run)
		ram_zero(PFN_PHYS(end - run), PFN_PHYS(run));
	__atomic_fetch_add(&ram.stats.frames_known_zero, clean, __ATOMIC_RELAXED);
}

unsigned long *ram_frames_dirty, *ram_big_frames_dirty;

void __ram_claim_frames(unsigned long pfn, unsigned long nr, bool zero)
{
	if (zero)
		zero_dirty_frames(pfn, nr);
	ram_mark_dirty(pfn, nr);
}

/* Punches are gathered into ranges: runs arrive a bitmap word at a time. */
static struct pfn_range punch_pending;

static void punch_flush(void)
{
	struct pfn_range *p = &punch_pending;

	if (p->end > p->start)
		fallocate(ram.memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			  (off_t)PFN_PHYS(p->start),
			  (off_t)PFN_PHYS(p->end - p->start));
	p->start = p->end = 0;
}

static void punch_frames(unsigned long pfn, unsigned long nr)
{
	if (pfn != punch_pending.end)
		punch_flush();
	if (punch_pending.end == punch_pending.start)
		punch_pending.start = pfn;
	punch_pending.end = pfn + nr;
	ram.stats.frames_punched += nr;
}

/*
 * lseek() rather than mincore(): a tmpfs page swapped out is not resident
 * yet holds data, and a hole is exactly what reads as zero.
 */
phys_addr_t ram_next_held(phys_addr_t phys, phys_addr_t end, phys_addr_t *held_end)
{
	off_t data, hole;

	*held_end = end;
	if (phys >= end)
		return end;
	if (ram.memfd < 0)
		return phys;
	data = lseek(ram.memfd, (off_t)phys, SEEK_DATA);
	if (data < 0)
		return errno == ENXIO ? end : phys;	/* ENXIO: no data after @phys */
	if ((phys_addr_t)data >= end)
		return end;
	hole = lseek(ram.memfd, data, SEEK_HOLE);
	if (hole >= 0)
		*held_end = min((phys_addr_t)hole, end);
	return (phys_addr_t)data;
}

/*
 * A dirty frame the memfd holds no page for (handed out, never written;
 * or punched by an earlier reset) is zero already, and a memset of it
 * would cost a first touch: ram_next_held() tells them apart.  Not
 * mincore(): a page swapped out is not resident and would keep its bytes.
 */
static void zero_frames(unsigned long pfn, unsigned long nr)
{
	phys_addr_t at = PFN_PHYS(pfn), end = PFN_PHYS(pfn + nr), held_end;

	for (; at < end; at = held_end) {
		at = ram_next_held(at, end, &held_end);
		if (at >= end)
			break;
		memset(ram.view + at, 0, held_end - at);
		ram.stats.frames_zeroed += PHYS_PFN(held_end - at);
	}
}

static void zero_struct_pages(unsigned long chunk, unsigned long nr)
{
	unsigned long pfn = chunk * META_CHUNK_PAGES;
	unsigned long end = min(pfn + nr * META_CHUNK_PAGES, ram.nr_pfns);

	memset(ram.mem_map + pfn, 0, (end - pfn) * sizeof(struct page));
	ram.stats.pages_reset += end - pfn;
}

static void unmap_view(void)
{
	if (ram.view)
		munmap(ram.view, PFN_PHYS(ram.nr_pfns));
	if (ram.mem_map)
		munmap(ram.mem_map, ram.nr_pfns * sizeof(struct page));
	ram.view = NULL;
	ram.mem_map = NULL;
}

/*
 * A forked child inherits the memfd, shared with its parent: resetting or
 * reusing it would write into the parent's RAM.  The child drops its copy
 * (the parent's is untouched) and starts its own.
 */
static void drop_host(void)
{
	unmap_view();
	if (ram.memfd >= 0)
		close(ram.memfd);
	ram.memfd = -1;
	ram.nr_pfns = 0;
	dirty_free(&ram.frames);
	dirty_free(&ram.big_frames);
	dirty_free(&ram.meta);
	ram_frames_dirty = NULL;
	ram_big_frames_dirty = NULL;
}

static void forget_inherited(void)
{
	if (ram.memfd >= 0 && ram.owner != getpid())
		drop_host();
}

void ram_reset(void)
{
	/* An upper bound (whole words), enough to choose how to reset. */
	bool big = ram.frames.nr_words * BITS_PER_LONG > RESET_MEMSET_MAX_PAGES;

	forget_inherited();
	dirty_drain(&ram.frames, big ? punch_frames : zero_frames);
	dirty_drain(&ram.big_frames, punch_frames);
	punch_flush();
	dirty_drain(&ram.meta, zero_struct_pages);
	ram.stats.resets++;
}

void machine_release_host(void)
{
	if (machine.booted)
		return;
	ram_reset();
	drop_host();
}

/* Everything clean (ram_reset() ran): replace it all by bigger ones. */
static int ram_grow(unsigned long nr_pfns)
{
	void *p;

	unmap_view();
	ram.nr_pfns = 0;
	if (ram.memfd < 0)
		ram.memfd = memfd_create("mmfuzz-ram", MFD_CLOEXEC);
	if (ram.memfd < 0 || ftruncate(ram.memfd, (off_t)PFN_PHYS(nr_pfns)))
		return -ENOMEM;
	p = mmap(NULL, PFN_PHYS(nr_pfns), PROT_READ | PROT_WRITE, MAP_SHARED,
		 ram.memfd, 0);
	if (p == MAP_FAILED)
		return -ENOMEM;
	ram.view = p;
	p = mmap(NULL, nr_pfns * sizeof(struct page), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -ENOMEM;
	ram.mem_map = p;
	if (dirty_resize(&ram.frames, nr_pfns) ||
	    dirty_resize(&ram.big_frames, nr_pfns) ||
	    dirty_resize(&ram.meta, DIV_ROUND_UP(nr_pfns, META_CHUNK_PAGES)))
		return -ENOMEM;
	ram_frames_dirty = ram.frames.bits;
	ram_big_frames_dirty = ram.big_frames.bits;
	ram.nr_pfns = nr_pfns;
	ram.owner = getpid();
	return 0;
}

int ram_setup(unsigned long max_pfn)
{
	forget_inherited();
	if (max_pfn > ram.nr_pfns) {
		int err = ram_grow(max_pfn);

		ram.stats.grows++;
		if (err) {
			machine_release_host();
			return err;
		}
	}
	machine.memfd = ram.memfd;
	machine.mem_map = ram.mem_map;
	return 0;
}

void *ram_view(phys_addr_t phys)
{
	return ram.view + phys;
}

unsigned long ram_next_written_page(unsigned long pfn, unsigned long end)
{
	const unsigned long per_word = BITS_PER_LONG * META_CHUNK_PAGES;
	unsigned long stop = min(end, ram.nr_pfns);

	while (pfn < stop) {
		unsigned long chunk = pfn / META_CHUNK_PAGES;
		unsigned long bits = __atomic_load_n(&ram.meta.bits[chunk / BITS_PER_LONG],
						     __ATOMIC_RELAXED) >> (chunk % BITS_PER_LONG);

		if (bits)
			return min(max(pfn, (chunk + (unsigned long)__builtin_ctzl(bits)) *
					    META_CHUNK_PAGES), end);
		pfn = (pfn / per_word + 1) * per_word;
	}
	return end;
}

void ram_get_stats(struct ram_stats *st)
{
	*st = ram.stats;
	st->dirty_frames = dirty_count(&ram.frames) + dirty_count(&ram.big_frames);
	st->resident_pfns = ram.nr_pfns;
}
