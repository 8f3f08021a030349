// SPDX-License-Identifier: GPL-2.0
/*
 * The reference model: every live block, checked against every promise the
 * page allocator's API makes, from the outside.
 *
 * What the model knows it knows on its own: RAM from the machine template,
 * zones from the arch's zone limits, overlap from the shadow memory, node
 * spans as booted.  What it reads from the allocator it reads only to
 * compare (counters, a struct page's refcount), never to decide what is
 * true.
 */
#include <string.h>

#include <linux/fault-inject.h>
#include <linux/mm.h>
#include <linux/mmzone.h>

#include "fuzz/compiler.h"
#include "fuzz/pgwalk.h"
#include "fuzz/run.h"

#define MAX_DMA_BYTES	(16ULL << 20)
#define MAX_DMA32_BYTES	(4ULL << 30)

/* ---- the model's own arithmetic -------------------------------------------- */

/* First pfn that is not lowmem: the arch's MAXMEM, as the design fixes it. */
static unsigned long lowmem_end_pfn(void)
{
	return (unsigned long)min((u64)machine.max_pfn, (u64)MAXMEM >> PAGE_SHIFT);
}

void model_zone_of(unsigned long pfn, int *nid, int *zone)
{
	u64 phys = PFN_PHYS(pfn);

	*nid = 0;
	for (int n = 1; n < (int)machine.nr_nodes; n++)
		if (pfn >= machine.node_data[n].node_start_pfn)
			*nid = n;
	if (phys < MAX_DMA_BYTES)
		*zone = ZONE_DMA;
	else if (ARCH_HAS_ZONE_DMA32 && phys < MAX_DMA32_BYTES)
		*zone = ZONE_DMA32;
	else if (pfn < lowmem_end_pfn() || !ARCH_HAS_HIGHMEM)
		*zone = ZONE_NORMAL;
	else
		*zone = ZONE_HIGHMEM;
}

/* Linux's GFP_ZONE_BAD combinations, written out again on purpose. */
static bool zone_modifiers_contradict(gfp_t gfp)
{
	unsigned int n = !!(gfp & __GFP_DMA) + !!(gfp & __GFP_DMA32) +
			 !!(gfp & __GFP_HIGHMEM);

	return n > 1;
}

/* The end (exclusive) of the memory @gfp allows, in bytes, and its name. */
static u64 gfp_limit(gfp_t gfp, const char **why)
{
	if (gfp & __GFP_DMA) {
		*why = "__GFP_DMA: below 16 MiB";
		return MAX_DMA_BYTES;
	}
	if ((gfp & __GFP_DMA32) && ARCH_HAS_ZONE_DMA32) {
		*why = "__GFP_DMA32: below 4 GiB";
		return MAX_DMA32_BYTES;
	}
	if (!(gfp & __GFP_HIGHMEM)) {
		*why = "no __GFP_HIGHMEM: lowmem";
		return PFN_PHYS(lowmem_end_pfn());
	}
	*why = "any";
	return ~0ULL;
}

__no_sanitize_coverage
static bool block_is_ram(const struct machine_tmpl *t, unsigned long pfn,
			 unsigned long npages)
{
	for (unsigned int i = 0; i < t->nr_ranges; i++)
		if (PFN_PHYS(pfn) >= t->ram[i].start &&
		    PFN_PHYS(pfn + npages) <= t->ram[i].end)
			return true;
	return false;
}

static bool is_lowmem(unsigned long pfn)
{
	return pfn < lowmem_end_pfn();
}

/* ---- slots ---------------------------------------------------------------- */

void *model_direct_address(unsigned long pfn)
{
	return is_lowmem(pfn) ? kva_to_host(PAGE_OFFSET + PFN_PHYS(pfn)) : NULL;
}

struct slot_rt *model_live_slot(struct run *r, s64 slot)
{
	struct slot_rt *s = &r->slot[slot];

	if (s->state == RT_LIVE && s->kind == RT_PAGES)
		return s;
	if (s->state == RT_LIVE) {
		run_trace(r, "skipped: p%lld is not a page block", (long long)slot);
		return NULL;
	}
	run_trace(r, "skipped: p%lld %s", (long long)slot,
		  s->state == RT_FREED ? "is freed" : "was never allocated");
	return NULL;
}

unsigned long model_page_pfn(struct run *r, const struct page *page)
{
	if (!page)
		return -1UL;
	if (!page_in_mem_map(page)) {
		oracle_fail(r, "bad-pointer",
			    "the allocation returned a pointer that is not a struct page of this machine");
		return -1UL;
	}
	return page_to_pfn(page);
}

unsigned long model_addr_pfn(struct run *r, unsigned long addr)
{
	unsigned long va, pfn;

	if (!addr)
		return -1UL;
	va = host_to_kva((const void *)addr);
	pfn = (va - PAGE_OFFSET) >> PAGE_SHIFT;
	if (va < PAGE_OFFSET || pfn >= lowmem_end_pfn() || (va & ~PAGE_MASK)) {
		oracle_fail(r, "bad-pointer",
			    "__get_free_pages() returned an address that is not a page of the direct map");
		oracle_detail(r, "found: arch VA %#lx", va);
		return -1UL;
	}
	return pfn;
}

/* Which live slot overlaps [pfn, pfn + npages), for reports; -1 if none. */
__no_sanitize_coverage
static int overlapping_slot(struct run *r, unsigned long pfn, unsigned long npages)
{
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		const struct slot_rt *s = &r->slot[i];

		if (s->state == RT_LIVE && s->pfn < pfn + npages &&
		    pfn < s->pfn + (1UL << s->order))
			return i;
	}
	return -1;
}

/*
 * Blocks are up to 4 MiB and this runs for every __GFP_ZERO allocation:
 * pages the host holds none of are zero and skipped, not faulted in;
 * libc's memcmp() against zeros does the bulk of the rest, a byte loop
 * only the chunk that differs.
 */
__no_sanitize_coverage
bool model_find_nonzero(phys_addr_t phys, u64 len, u64 *where, u8 *val)
{
	static const u8 zeros[PAGE_SIZE];
	static u8 buf[PAGE_SIZE];
	phys_addr_t at = phys, end = phys + len;
	/* Under a page, reading costs less than asking the host. */
	phys_addr_t held_end = len < PAGE_SIZE ? end : phys;

	while (at < end) {
		const u8 *p = buf;
		size_t n;

		if (at >= held_end) {
			at = ram_next_held(at, end, &held_end);
			if (at >= end)
				break;
		}
		n = min(end, (at & PAGE_MASK) + PAGE_SIZE) - at;	/* to the page's end */
		if (is_lowmem(PHYS_PFN(at)))
			p = __va(at);
		else if (ram_read(at, buf, n))
			memset(buf, 0xee, n);	/* unreadable: report it */
		at += n;
		if (!memcmp(p, zeros, n))
			continue;
		for (size_t i = 0; i < n; i++) {
			if (p[i]) {
				*where = at - n + i;
				*val = p[i];
				return true;
			}
		}
	}
	return false;
}

static bool check_new_block(struct run *r, unsigned long pfn, unsigned int order,
			    gfp_t gfp, int nid)
{
	unsigned long npages = 1UL << order;
	phys_addr_t phys = PFN_PHYS(pfn), bad;
	enum shadow_state found;
	const char *why;
	int n0, z0, n1, z1;
	u64 where;
	u8 val;

	if (pfn & (npages - 1))
		return oracle_fail(r, "alignment",
				   "order-%u block at pfn %#lx is not aligned to %lu pages",
				   order, pfn, npages);
	if (!block_is_ram(r->tmpl, pfn, npages))
		return oracle_fail(r, "not-ram",
				   "order-%u block at pfn %#lx is not all RAM of machine %s %s",
				   order, pfn, r->tmpl->kind, r->tmpl->size);
	if (PFN_PHYS(pfn + npages) > gfp_limit(gfp, &why)) {
		oracle_fail(r, "zone", "order-%u block at pfn %#lx breaks the zone promise of its GFP mask",
			    order, pfn);
		oracle_detail(r, "expected: %s (end below pfn %#llx)", why,
			      (unsigned long long)(gfp_limit(gfp, &why) >> PAGE_SHIFT));
		oracle_detail(r, "found: pfns %#lx-%#lx", pfn, pfn + npages - 1);
		return false;
	}
	model_zone_of(pfn, &n0, &z0);
	model_zone_of(pfn + npages - 1, &n1, &z1);
	if (n0 != n1 || z0 != z1)
		return oracle_fail(r, "zone", "order-%u block at pfn %#lx straddles two zones",
				   order, pfn);
	if ((gfp & __GFP_THISNODE) && n0 != (nid < 0 ? 0 : nid))
		return oracle_fail(r, "node", "__GFP_THISNODE allocation for node %d came from node %d (pfn %#lx)",
				   nid < 0 ? 0 : nid, n0, pfn);
	if (!shadow_check(&r->shadow, phys, PAGE_SIZE << order, SHADOW_FREE, &bad, &found)) {
		int other = overlapping_slot(r, pfn, npages);

		oracle_fail(r, "overlap", "order-%u block at pfn %#lx overlaps memory that is %s",
			    order, pfn, shadow_state_name(found));
		if (other >= 0)
			oracle_detail(r, "found: live p%d, order-%u block at pfn %#lx",
				      other, r->slot[other].order, r->slot[other].pfn);
		else
			oracle_detail(r, "found: pfn %#lx is %s", PHYS_PFN(bad),
				      shadow_state_name(found));
		return false;
	}
	if (page_ref_count(pfn_to_page(pfn)) != 1)
		return oracle_fail(r, "refcount", "new block at pfn %#lx has refcount %d, expected 1",
				   pfn, page_ref_count(pfn_to_page(pfn)));
	if (is_lowmem(pfn)) {
		for (unsigned long p = pfn; p < pfn + npages; p += npages - 1) {
			unsigned long got = -1UL;

			if (!pgwalk_translate(machine.swapper_pg_dir,
					      PAGE_OFFSET + (unsigned long)PFN_PHYS(p), &got) ||
			    got != p) {
				oracle_fail(r, "direct-map", "the direct map does not map pfn %#lx at arch VA %#lx",
					    p, PAGE_OFFSET + (unsigned long)PFN_PHYS(p));
				oracle_detail(r, "found: %s %#lx", got == -1UL ?
					      "not mapped" : "maps pfn", got);
				return false;
			}
			if (npages == 1)
				break;
		}
	}
	if ((gfp & __GFP_ZERO) && model_find_nonzero(phys, PAGE_SIZE << order, &where, &val)) {
		oracle_fail(r, "zero", "__GFP_ZERO block at pfn %#lx is not zeroed", pfn);
		oracle_detail(r, "found: byte %#x at phys %#llx (offset %#llx)", val,
			      (unsigned long long)where, (unsigned long long)(where - phys));
		return false;
	}
	return true;
}

/* Costly orders fail rather than invoke the out-of-memory path (gfp.h). */
#define PAGE_ALLOC_COSTLY_ORDER	3

/*
 * The reports a page allocation may make, by outcome, as gfp.h documents
 * them; each one found is added to the expected ones, anything else is
 * left for oracle_reports_accounted() to flag.
 */
static bool alloc_reports_ok(struct run *r, unsigned long pfn, unsigned int order,
			     gfp_t gfp)
{
	unsigned long want[NR_REPORT_TYPES] = { 0 };
	bool nofail = gfp & __GFP_NOFAIL, blocking = gfp & __GFP_DIRECT_RECLAIM;
	bool injected = fail_page_alloc.attr.injected != r->op_injected;
	/* PF_MEMALLOC: a blocking allocation never reclaims, so never OOMs. */
	bool no_reclaim = blocking && context_model_memalloc(r);
	bool oom_maybe = false, may_sleep, slept;

	if (zone_modifiers_contradict(gfp)) {
		want[REPORT_BAD_ARG] = 1;
	} else if (injected) {
		/* fail_page_alloc: NULL, and no warning of its own. */
		want[REPORT_FAULT_INJECTED] = fail_page_alloc.attr.verbose &&
					      !(gfp & __GFP_NOWARN);
	} else if (pfn == -1UL) {
		want[REPORT_ALLOC_FAIL] = !(gfp & __GFP_NOWARN);
		want[REPORT_OOM] = !no_reclaim && (nofail ||
			(blocking && order <= PAGE_ALLOC_COSTLY_ORDER &&
			 context_model_gfp_fs(r, gfp) &&
			 !(gfp & (__GFP_NORETRY | __GFP_RETRY_MAYFAIL |
				  __GFP_THISNODE))));
	} else {
		/* __GFP_NOFAIL may succeed from the reserves after the OOM report. */
		oom_maybe = nofail && !no_reclaim;
	}
	/*
	 * might_alloc(): an allocation that may sleep says so in atomic
	 * context (its arguments checked first); one that may not never does.
	 */
	may_sleep = blocking && !zone_modifiers_contradict(gfp);
	slept = report_count(REPORT_SLEEP_IN_ATOMIC) != r->op_reports[REPORT_SLEEP_IN_ATOMIC];
	if (may_sleep && !context_model_alloc_slept(r, "alloc_pages", gfp))
		return false;
	if (slept && !may_sleep)
		return oracle_fail(r, "sleep-in-atomic", "an allocation that may not sleep made a might_sleep() report");
	if (pfn != -1UL && (want[REPORT_BAD_ARG] || injected))
		return oracle_fail(r, "gfp", "the allocation must fail (%s), got pfn %#lx",
				   injected ? "fault injected" :
				   "contradictory zone modifiers", pfn);
	for (int t = 0; t < NR_REPORT_TYPES; t++) {
		unsigned long got = report_count((enum report_type)t) - r->op_reports[t];

		/* Judged after the op, by context_model_sleep_reports(). */
		if (t == REPORT_SLEEP_IN_ATOMIC)
			continue;
		if (got == want[t] || (t == REPORT_OOM && oom_maybe && got == 1)) {
			run_reports_accounted(r, (enum report_type)t, got);
			continue;
		}
		oracle_fail(r, "alloc-report", "%s: %lu %s report(s), expected %lu",
			    pfn == -1UL ? "a failed allocation" : "a successful allocation",
			    got, report_type_name((enum report_type)t), want[t]);
		oracle_detail(r, "gfp.h: a failure warns unless __GFP_NOWARN; the OOM report comes for __GFP_NOFAIL, or blocking orders <= %d with __GFP_FS (no nofs/noio scope) and without __GFP_NORETRY/__GFP_RETRY_MAYFAIL/__GFP_THISNODE",
			      PAGE_ALLOC_COSTLY_ORDER);
		return false;
	}
	return true;
}

void model_alloc(struct run *r, int slot, unsigned long pfn, unsigned int order,
		 gfp_t gfp, int nid)
{
	struct slot_rt *s = &r->slot[slot];
	int n, z;

	if (r->failed || !alloc_reports_ok(r, pfn, order, gfp))
		return;
	if (pfn == -1UL) {
		run_trace(r, "NULL");
		return;
	}
	if (!check_new_block(r, pfn, order, gfp, nid))
		return;
	memset(s, 0, sizeof(*s));
	s->state = RT_LIVE;
	s->order = (u8)order;
	s->pfn = pfn;
	s->gfp = gfp;
	s->zeroed = gfp & __GFP_ZERO;
	shadow_set(&r->shadow, PFN_PHYS(pfn), PAGE_SIZE << order, SHADOW_ALLOCATED);
	model_zone_of(pfn, &n, &z);
	r->live_pages[n][z] += 1UL << order;
	run_trace(r, "pfn %#lx node %d zone %s", pfn, n, zone_names[z]);
}

/* ---- contents ---------------------------------------------------------------- */

__no_sanitize_coverage
static bool region_ok(struct run *r, int slot, const struct slot_rt *s,
		      const struct region *g)
{
	phys_addr_t phys = PFN_PHYS(s->pfn) + g->off;
	u8 buf[256];
	const u8 *p = buf;

	if (is_lowmem(s->pfn))
		p = __va(phys);
	else if (ram_read(phys, buf, g->len))
		return oracle_fail(r, "contents", "cannot read p%d at phys %#llx", slot,
				   (unsigned long long)phys);
	for (u32 i = 0; i < g->len; i++) {
		u8 want = pattern_byte(g->seed, phys + i);

		if (p[i] != want) {
			oracle_fail(r, "contents", "live p%d (order-%u block at pfn %#lx) changed behind the program's back",
				    slot, s->order, s->pfn);
			oracle_detail(r, "expected: byte %#x (pattern seed %#x) at offset %#x (phys %#llx)",
				      want, g->seed, g->off + i,
				      (unsigned long long)(phys + i));
			oracle_detail(r, "found: %#x", p[i]);
			return false;
		}
	}
	return true;
}

__no_sanitize_coverage
bool model_check_all_contents(struct run *r)
{
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		const struct slot_rt *s = &r->slot[i];

		if (s->state != RT_LIVE)
			continue;
		for (unsigned int g = 0; g < s->nr_regions; g++)
			if (!region_ok(r, i, s, &s->regions[g]))
				return false;
	}
	return true;
}

static int slot_index(struct run *r, const struct slot_rt *s)
{
	return (int)(s - r->slot);
}

static bool access_ok(struct run *r, const struct slot_rt *s, u32 off, u32 len,
		      const char *what)
{
	phys_addr_t phys = PFN_PHYS(s->pfn) + off, bad;
	enum shadow_state found;

	if (shadow_check(&r->shadow, phys, len, SHADOW_ALLOCATED, &bad, &found))
		return true;
	oracle_fail(r, "shadow", "%s of %u bytes at offset %#x of p%d touches memory that is %s",
		    what, len, off, slot_index(r, s), shadow_state_name(found));
	oracle_detail(r, "found: granule at phys %#llx (pfn %#llx)",
		      (unsigned long long)bad, (unsigned long long)(bad >> PAGE_SHIFT));
	return false;
}

bool model_free_begin(struct run *r, struct slot_rt *s)
{
	int slot = slot_index(r, s);

	if (!access_ok(r, s, 0, (u32)(PAGE_SIZE << s->order), "free"))
		return false;
	for (unsigned int g = 0; g < s->nr_regions; g++)
		if (!region_ok(r, slot, s, &s->regions[g]))
			return false;
	return true;
}

void model_free_end(struct run *r, struct slot_rt *s)
{
	int n, z;

	s->state = RT_FREED;
	shadow_set(&r->shadow, PFN_PHYS(s->pfn), PAGE_SIZE << s->order, SHADOW_FREE);
	model_zone_of(s->pfn, &n, &z);
	r->live_pages[n][z] -= 1UL << s->order;
}

/* Keep the parts of old regions that [off, off+len) does not cover, then it. */
bool regions_paint(struct region *regions, u8 *nr, u32 off, u32 len, u8 seed)
{
	struct region out[2 * SLOT_MAX_REGIONS + 1];
	unsigned int n = 0, drop;

	for (unsigned int i = 0; i < *nr; i++) {
		const struct region *g = &regions[i];
		u32 end = g->off + g->len;

		if (end <= off || g->off >= off + len) {
			out[n++] = *g;
			continue;
		}
		if (g->off < off)
			out[n++] = (struct region){ g->off, off - g->off, g->seed };
		if (end > off + len)
			out[n++] = (struct region){ off + len, end - off - len, g->seed };
	}
	out[n++] = (struct region){ off, len, seed };
	drop = n > SLOT_MAX_REGIONS ? n - SLOT_MAX_REGIONS : 0;
	memcpy(regions, out + drop, (n - drop) * sizeof(out[0]));
	*nr = (u8)(n - drop);
	return drop;
}

static void regions_add(struct slot_rt *s, u32 off, u32 len, u8 seed)
{
	/* Forgotten pattern bytes are not zero any more, nor known. */
	if (regions_paint(s->regions, &s->nr_regions, off, len, seed))
		s->zeroed = false;
}

void model_write(struct run *r, struct slot_rt *s, u32 off, u32 len, u8 seed)
{
	phys_addr_t phys = PFN_PHYS(s->pfn) + off;
	u8 buf[256];

	if (!access_ok(r, s, off, len, "write"))
		return;
	for (u32 i = 0; i < len; i++)
		buf[i] = pattern_byte(seed, phys + i);
	if (is_lowmem(s->pfn)) {
		u8 *p = page_address(pfn_to_page(s->pfn));

		if (!p) {
			oracle_fail(r, "page-address", "page_address() of lowmem pfn %#lx is NULL",
				    s->pfn);
			return;
		}
		memcpy(p + off, buf, len);
	} else if (ram_write(phys, buf, len)) {
		oracle_fail(r, "contents", "ram_write of p%d at phys %#llx failed",
			    slot_index(r, s), (unsigned long long)phys);
		return;
	}
	regions_add(s, off, len, seed);
}

/* What the model expects at offset @off of @s: a byte, or -1 for unknown. */
static int expected_byte(const struct slot_rt *s, u32 off)
{
	for (unsigned int i = 0; i < s->nr_regions; i++) {
		const struct region *g = &s->regions[i];

		if (off >= g->off && off < g->off + g->len)
			return pattern_byte(g->seed, PFN_PHYS(s->pfn) + off);
	}
	return s->zeroed ? 0 : -1;
}

void model_check(struct run *r, struct slot_rt *s, u32 off, u32 len)
{
	phys_addr_t phys = PFN_PHYS(s->pfn) + off;
	u8 buf[256];

	if (!access_ok(r, s, off, len, "read"))
		return;
	if (ram_read(phys, buf, len)) {
		oracle_fail(r, "contents", "ram_read of p%d at phys %#llx failed",
			    slot_index(r, s), (unsigned long long)phys);
		return;
	}
	for (u32 i = 0; i < len; i++) {
		int want = expected_byte(s, off + i);

		if (want < 0 || buf[i] == want)
			continue;
		oracle_fail(r, "contents", "p%d (order-%u block at pfn %#lx) does not hold what was written",
			    slot_index(r, s), s->order, s->pfn);
		oracle_detail(r, "expected: byte %#x (%s) at offset %#x (phys %#llx)",
			      want, want ? "pattern" : "zero", off + i,
			      (unsigned long long)(phys + i));
		oracle_detail(r, "found: %#x", buf[i]);
		return;
	}
}

/* ---- misuse ------------------------------------------------------------------- */

struct counters {
	unsigned long	free[MAX_NUMNODES][MAX_NR_ZONES];
	int		pcp[MAX_NUMNODES][MAX_NR_ZONES][NR_CPUS];
	unsigned long	reports[NR_REPORT_TYPES];
};

__no_sanitize_coverage
static void counters_take(struct counters *c)
{
	memset(c, 0, sizeof(*c));
	for (int n = 0; n < (int)machine.nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &machine.node_data[n].node_zones[z];

			c->free[n][z] = zone->free_pages;
			for (int cpu = 0; cpu < NR_CPUS; cpu++)
				c->pcp[n][z][cpu] = zone->pcp[cpu].count;
		}
	}
	for (int t = 0; t < NR_REPORT_TYPES; t++)
		c->reports[t] = report_count((enum report_type)t);
}

void model_misuse(struct run *r, enum report_type expect,
		  void (*call)(void *arg), void *arg)
{
	struct counters before, after;
	unsigned long total = 0;

	counters_take(&before);
	call(arg);
	counters_take(&after);
	/* A misuse op in atomic context may warn about sleeping too: judged apart. */
	for (int t = 0; t < NR_REPORT_TYPES; t++)
		if (t != REPORT_SLEEP_IN_ATOMIC)
			total += after.reports[t] - before.reports[t];
	if (total != 1 || after.reports[expect] != before.reports[expect] + 1) {
		oracle_fail(r, "misuse-report", "a misuse must be reported exactly once as %s",
			    report_type_name(expect));
		for (int t = 0; t < NR_REPORT_TYPES; t++)
			if (t != REPORT_SLEEP_IN_ATOMIC && after.reports[t] != before.reports[t])
				oracle_detail(r, "found: %lu %s report(s)",
					      after.reports[t] - before.reports[t],
					      report_type_name((enum report_type)t));
		if (!total)
			oracle_detail(r, "found: no report at all");
		return;
	}
	r->expect_reports[expect]++;
	for (int n = 0; n < (int)machine.nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const char *name = machine.node_data[n].node_zones[z].name;

			if (before.free[n][z] != after.free[n][z]) {
				oracle_fail(r, "misuse-state", "a refused free changed node %d zone %s",
					    n, name);
				oracle_detail(r, "expected: %lu free pages", before.free[n][z]);
				oracle_detail(r, "found: %lu", after.free[n][z]);
				return;
			}
			for (int cpu = 0; cpu < NR_CPUS; cpu++) {
				if (before.pcp[n][z][cpu] == after.pcp[n][z][cpu])
					continue;
				oracle_fail(r, "misuse-state", "a refused free changed the per-CPU list of CPU %d, node %d zone %s",
					    cpu, n, name);
				oracle_detail(r, "expected: %d pages", before.pcp[n][z][cpu]);
				oracle_detail(r, "found: %d", after.pcp[n][z][cpu]);
				return;
			}
		}
	}
	{
		const char *last = report_last();
		const char *nl = strchr(last, '\n');

		run_trace(r, "refused with a %s report: %.*s", report_type_name(expect),
			  (int)(nl ? (size_t)(nl - last) : strlen(last)), last);
	}
}
