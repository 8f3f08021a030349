// SPDX-License-Identifier: GPL-2.0
/*
 * Whole-machine checks: at boot, after every op, at the end of a program;
 * and the violation record they all write into.
 */
#include <stdarg.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/mmdebug.h>

#include "fuzz/compiler.h"
#include "fuzz/pgwalk.h"
#include "fuzz/run.h"

/* Leaked blocks named in a leak report; the count is always complete. */
#define LEAK_NAMED	8

static bool detail_open;

bool oracle_fail(struct run *r, const char *check, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (r->failed) {
		detail_open = false;
		return false;
	}
	r->failed = true;
	r->check = check;
	detail_open = true;
	sbuf_reset(&r->verdict);
	sbuf_printf(&r->verdict, "mmfuzz: oracle violation [%s] ", check);
	if (r->op_idx < 0)
		sbuf_printf(&r->verdict, "at boot");
	else if (r->op_idx >= (long)r->prog->nr_ops)
		sbuf_printf(&r->verdict, "at the end of the program");
	else
		sbuf_printf(&r->verdict, "at op %ld", r->op_idx);
	sbuf_printf(&r->verdict, " (arch %s)\n", ARCH_NAME);
	if (r->op_idx >= 0 && r->op_idx < (long)r->prog->nr_ops) {
		sbuf_printf(&r->verdict, "  op %ld: ", r->op_idx);
		prog_print_op(&r->prog->ops[r->op_idx], &r->verdict);
		sbuf_puts(&r->verdict, "\n");
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sbuf_printf(&r->verdict, "  %s\n", msg);
	return false;
}

void oracle_detail(struct run *r, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (!r->failed || !detail_open)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sbuf_printf(&r->verdict, "  %s\n", msg);
}

static struct zone *zone_at(int nid, int z)
{
	return &machine.node_data[nid].node_zones[z];
}

#define for_each_model_zone(nid, z) \
	for (nid = 0; nid < (int)machine.nr_nodes; nid++) \
		for (z = 0; z < MAX_NR_ZONES; z++)

bool oracle_boot(struct run *r)
{
	unsigned long reserved = 0;
	long n;
	int nid, z;

	if (machine.max_pfn != mt_max_pfn(r->tmpl))
		return oracle_fail(r, "boot", "max_pfn is %#lx, the map ends at pfn %#lx",
				   machine.max_pfn, mt_max_pfn(r->tmpl));
	for_each_model_zone(nid, z) {
		struct zone *zone = zone_at(nid, z);

		r->boot_free[nid][z] = zone->free_pages;
		reserved += zone->present_pages - zone->managed_pages;
		if (zone->free_pages != zone->managed_pages)
			return oracle_fail(r, "boot", "node %d zone %s: %lu free pages of %lu managed at boot",
					   nid, zone->name, zone->free_pages,
					   zone->managed_pages);
	}

	/* The boot page tables, found by the harness's own walker. */
	n = pgwalk_tables(machine.swapper_pg_dir, machine.max_pfn, r->pt_pfn,
			  RUN_MAX_PT_PAGES);
	if (n < 0)
		return oracle_fail(r, "boot", "the kernel page tables cannot be walked from pgd pfn %#llx",
				   (unsigned long long)(machine.swapper_pg_dir >> PAGE_SHIFT));
	r->nr_pt = (unsigned long)n;
	shadow_destroy(&r->shadow);	/* a second boot check starts afresh */
	shadow_init(&r->shadow, machine.max_pfn);
	for (unsigned long i = 0; i < r->nr_pt; i++) {
		unsigned long pfn = r->pt_pfn[i];

		if (!mt_pfn_is_ram(r->tmpl, pfn))
			return oracle_fail(r, "boot", "page-table page at pfn %#lx is not RAM", pfn);
		shadow_set(&r->shadow, PFN_PHYS(pfn), PAGE_SIZE, SHADOW_RESERVED);
	}
	/* memblock reserves the boot page tables and nothing else. */
	if (reserved != r->nr_pt)
		return oracle_fail(r, "boot", "%lu pages are reserved, the walker finds %lu page-table pages",
				   reserved, r->nr_pt);
	/* A good boot says nothing (a bad MMFUZZ_FAULT_INJECT would). */
	return oracle_reports_accounted(r);
}

__no_sanitize_coverage
bool oracle_reports_accounted(struct run *r)
{
	for (int t = 0; t < NR_REPORT_TYPES; t++) {
		unsigned long got = report_count((enum report_type)t);

		if (got == r->expect_reports[t])
			continue;
		oracle_fail(r, "unexpected-report", "the allocator made a %s report the model did not expect",
			    report_type_name((enum report_type)t));
		oracle_detail(r, "expected: %lu %s report(s) so far",
			      r->expect_reports[t], report_type_name((enum report_type)t));
		oracle_detail(r, "found: %lu", got);
		return false;
	}
	return true;
}

/*
 * Name up to LEAK_NAMED allocated blocks of @zone that nothing owns: not
 * the model's (the shadow), not a linked page table (reserved in the
 * shadow), and with @slabs_owned not a slab's either (between ops the
 * slab accounting owns them; at the end every slab should be gone).
 */
static void name_leaks(struct run *r, struct zone *zone, bool slabs_owned)
{
	unsigned int named = 0;

	for (unsigned long pfn = zone->zone_start_pfn;
	     pfn < zone_end_pfn(zone) && named < LEAK_NAMED; pfn++) {
		const struct page *page = pfn_to_page(pfn);
		bool slab = PageSlab(page) || PageLargeKmalloc(page);

		if (!mt_pfn_is_ram(r->tmpl, pfn) || page_ref_count(page) <= 0 ||
		    PageReserved(page) || (slabs_owned && slab) ||
		    shadow_get(&r->shadow, PFN_PHYS(pfn)) != SHADOW_FREE)
			continue;
		oracle_detail(r, "leaked: pfn %#lx order %u refcount %d%s", pfn,
			      page->order, page_ref_count(page),
			      PageTable(page) ? " (page table)" : slab ? " (slab)" : "");
		named++;
		if (page->order <= MAX_PAGE_ORDER)
			pfn += (1UL << page->order) - 1;
	}
}

/*
 * Free + per-CPU + the model's live pages + pages held by slabs and large
 * kmallocs = managed, zone by zone.
 */
__no_sanitize_coverage
static bool accounting_ok(struct run *r)
{
	unsigned long slab[MAX_NUMNODES][MAX_NR_ZONES];
	int nid, z;

	slab_model_pages(r, slab);
	for_each_model_zone(nid, z) {
		struct zone *zone = zone_at(nid, z);
		unsigned long pcp = 0, sum;

		for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
			pcp += (unsigned long)zone->pcp[cpu].count;
		sum = zone->free_pages + pcp + r->live_pages[nid][z] +
		      r->vm_pages[nid][z] + r->new_pt[nid][z] + slab[nid][z] +
		      r->balloon[nid][z] + r->proc.pages[nid][z];
		if (sum == zone->managed_pages)
			continue;
		oracle_fail(r, "accounting", "node %d zone %s: pages are %s",
			    nid, zone->name, sum < zone->managed_pages ?
			    "missing (a leak)" : "counted twice (a double free absorbed?)");
		oracle_detail(r, "expected: free + per-CPU + live + vmalloc + new page tables + slab + balloon + process = %lu managed pages",
			      zone->managed_pages);
		oracle_detail(r, "found: %lu free + %lu per-CPU + %lu live (model) + %lu vmalloc + %lu new page tables + %lu slab + %lu balloon + %lu process = %lu",
			      zone->free_pages, pcp, r->live_pages[nid][z],
			      r->vm_pages[nid][z], r->new_pt[nid][z], slab[nid][z],
			      r->balloon[nid][z], r->proc.pages[nid][z], sum);
		if (sum < zone->managed_pages)
			name_leaks(r, zone, true);
		return false;
	}
	return true;
}

static bool consistency_ok(struct run *r)
{
	if (page_alloc_is_valid())
		return true;
	/* Its reports are the evidence; they are in the verdict's last report. */
	r->expect_reports[REPORT_INCONSISTENT] = report_count(REPORT_INCONSISTENT);
	return oracle_fail(r, "consistency", "page_alloc_is_valid() failed");
}

bool oracle_after_op(struct run *r)
{
	return oracle_reports_accounted(r) && consistency_ok(r) &&
	       proc_model_after_op(r) &&
	       (!r->vm_pt_dirty || vm_model_count_pt(r)) &&
	       accounting_ok(r) && model_check_all_contents(r) &&
	       (!r->vm_used || vm_model_check_all(r)) &&
	       (!r->kl_used || kmap_model_check_all(r)) &&
	       (!r->ctx_used || context_model_check(r)) &&
	       slab_model_after_op(r);
}

bool oracle_end(struct run *r)
{
	int nid, z;

	r->op_idx = r->prog->nr_ops;
	/* Task context, preemptible, no scopes: what the frees below need. */
	if (r->ctx_used && !context_model_unwind(r))
		return false;
	if (r->balloon_used) {
		balloon_model_release(r);
		if (r->failed)
			return false;
	}
	if (r->kl_used && !kmap_model_unwind(r))
		return false;
	/* Objects and caches first: their slabs go back before the count. */
	if (!slab_model_end(r) || !dma_model_end(r))
		return false;
	/* The process exits: its pages and page tables must all come back. */
	if (!proc_model_end(r))
		return false;
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		struct slot_rt *s = &r->slot[i];

		if (s->state != RT_LIVE || s->kind != RT_PAGES)
			continue;
		if (!model_free_begin(r, s))
			return false;
		__free_pages(pfn_to_page(s->pfn), s->order);
		model_free_end(r, s);
	}
	if (r->vm_used && (!vm_model_free_all(r) || !vm_model_count_pt(r)))
		return false;
	drain_all_pages(NULL);
	/* The leak check before the accounting one: it names what leaked. */
	if (!oracle_reports_accounted(r) || !consistency_ok(r))
		return false;
	for_each_model_zone(nid, z) {
		struct zone *zone = zone_at(nid, z);
		/* Kernel page tables vmalloc made stay, as in Linux. */
		unsigned long want = r->boot_free[nid][z] - r->new_pt[nid][z];

		if (zone->free_pages == want)
			continue;
		if (zone->free_pages < want) {
			oracle_fail(r, "leak", "node %d zone %s: %lu pages never came back",
				    nid, zone->name, want - zone->free_pages);
			oracle_detail(r, "expected: %lu free pages, as at boot less %lu new page-table pages",
				      want, r->new_pt[nid][z]);
			oracle_detail(r, "found: %lu", zone->free_pages);
			name_leaks(r, zone, false);
		} else {
			oracle_fail(r, "free-count", "node %d zone %s: %lu more free pages than at boot",
				    nid, zone->name, zone->free_pages - want);
			oracle_detail(r, "expected: %lu", want);
			oracle_detail(r, "found: %lu", zone->free_pages);
		}
		return false;
	}
	return accounting_ok(r);
}
