// SPDX-License-Identifier: GPL-2.0
/*
 * Per-op outcome lines for the differential mode; see outcome.h for the
 * format and fuzz/README.md for what the two arches must agree on.
 */
#include <stdlib.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "fuzz/op_table.h"
#include "fuzz/outcome.h"
#include "fuzz/run.h"

#define MIN_NEUTRAL_RAM		(48ULL << 20)	/* pc 64M has 63.6 MiB */
#define LOWMEM_FLOOR		(896ULL << 20)	/* i386's lowmem, the smaller */
#define DMA_LIMIT		(16ULL << 20)
/* A slab allocation may take a whole slab: order 3 at most below 32 KiB. */
#define SLAB_PAGES		8
#define NEUTRAL_MAX_ORDER	3
/* The min_free_kbytes choice that reserves a quarter of a 64 MiB machine. */
#define MIN_FREE_BIG		3
/* Arch-dependent zones, placement, and bits outside every realistic mask. */
#define GFP_NOT_NEUTRAL		(__GFP_HIGHMEM | __GFP_DMA32 | __GFP_THISNODE | __GFP_MOVABLE | \
				 ~((gfp_t)(1U << ___GFP_LAST_BIT) - 1))

/* RAM of @t below @limit bytes. */
static u64 ram_below(const struct machine_tmpl *t, u64 limit)
{
	u64 n = 0;

	for (unsigned int i = 0; i < t->nr_ranges; i++)
		if (t->ram[i].start < limit)
			n += min(t->ram[i].end, limit) - t->ram[i].start;
	return n;
}

/*
 * What an allocating op asks for: its mask (GFP_KERNEL for those without
 * one) and an upper bound of the pages it takes, with -1 pages for a
 * request above order 3.
 */
static long op_demand(const struct op *op, gfp_t *gfp)
{
	const struct op_desc *d = op_table[op->type];
	u64 bytes = 0, pages;
	unsigned int v = 0;
	bool sized = false;

	*gfp = GFP_KERNEL;
	for (unsigned int a = 0; a < d->nr_args; a++) {
		switch (d->args[a].kind) {
		case ARG_GFP:
			*gfp = (gfp_t)op->val[v];
			break;
		case ARG_ORDER:
			if (op->val[v] > NEUTRAL_MAX_ORDER)
				return -1;
			bytes = PAGE_SIZE << op->val[v];
			break;
		case ARG_SIZE:
			/* kcalloc(n, size): the product, which may overflow. */
			bytes = sized ? bytes * (u64)op->val[v] : (u64)op->val[v];
			sized = true;
			break;
		default:
			break;
		}
		v += arg_nr_vals(d->args[a].kind);
	}
	if (bytes > (PAGE_SIZE << NEUTRAL_MAX_ORDER))
		return -1;
	pages = DIV_ROUND_UP(bytes, PAGE_SIZE);
	/* Slab objects (sizes, or none: a cache's) may take a new slab; vmalloc page tables. */
	if (sized || !bytes)
		pages = max(pages, (u64)SLAB_PAGES);
	return (long)pages + 2;
}

bool outcome_neutral(const struct prog *prog, unsigned int i)
{
	const struct machine_tmpl *t = &machine_tmpls[prog->hdr.machine];
	u64 lowmem = ram_below(t, LOWMEM_FLOOR), dma = ram_below(t, DMA_LIMIT);
	u64 all_pages = 0, dma_pages = 0;
	gfp_t gfp = 0;

	if (!op_table[prog->ops[i].type]->makes_slot || getenv("MMFUZZ_FAULT_INJECT") ||
	    ram_below(t, ~0ULL) < MIN_NEUTRAL_RAM || prog->hdr.min_free == MIN_FREE_BIG)
		return false;
	for (unsigned int j = 0; j <= i; j++) {
		long pages;

		/* Injected faults and the balloon: what fails is the arch's. */
		if (op_layers(prog->ops[j].type) & LAYER_FAULT)
			return false;
		if (!op_table[prog->ops[j].type]->makes_slot)
			continue;
		pages = op_demand(&prog->ops[j], &gfp);
		if (pages < 0)
			pages = 1L << MAX_PAGE_ORDER;
		all_pages += (u64)pages;
		if (gfp & __GFP_DMA)
			dma_pages += (u64)pages;
	}
	/* @gfp is op @i's now. */
	if (op_demand(&prog->ops[i], &gfp) < 0 || (gfp & GFP_NOT_NEUTRAL))
		return false;
	if (all_pages * PAGE_SIZE * 4 > lowmem)
		return false;
	return !(gfp & __GFP_DMA) || dma_pages * PAGE_SIZE * 4 <= dma;
}

static const char *made_result(struct run *r, int slot)
{
	const struct slot_rt *s = &r->slot[slot];

	if (r->vm[slot].state == RT_LIVE)
		return "made";
	if (s->state != RT_LIVE)
		return "null";
	if (s->kind == RT_PAGES && !page_address(pfn_to_page(s->pfn)))
		return "made-highmem";
	return "made";
}

void outcome_op(struct run *r, FILE *out, unsigned int i, const unsigned long *before)
{
	const struct op *op = &r->prog->ops[i];
	const struct op_desc *d = op_table[op->type];
	const struct slot_rt *s = op->slot >= 0 ? &r->slot[op->slot] : NULL;
	bool any = false;

	fprintf(out, "op %u %s %s", i, d->name, op->slot >= 0 ? made_result(r, op->slot) :
		r->op_skipped ? "skipped" : "-");
	if (op->slot >= 0 && outcome_neutral(r->prog, i))
		fputs(" neutral", out);
	/*
	 * kmap is the identity on x86-64, and the zones a balloon or a fault
	 * attribute names are the arch's: their reports are the arch's own.
	 */
	if (op_layers(op->type) & (LAYER_HIGHMEM | LAYER_FAULT))
		fputs(" archdep", out);
	if (s && s->state == RT_LIVE && (s->kind == RT_KMALLOC || s->kind == RT_OBJECT) &&
	    s->slab.ptr != ZERO_SIZE_PTR)
		fprintf(out, " ksize=%zu", ksize(s->slab.ptr));
	fputs(" reports=", out);
	for (int t = 0; t < NR_REPORT_TYPES; t++) {
		unsigned long n = report_count((enum report_type)t) - before[t];

		if (!n)
			continue;
		/*
		 * might_sleep() warns once per allocation that may sleep, and
		 * how many page-table pages an op allocates is the arch's.
		 */
		if (t == REPORT_SLEEP_IN_ATOMIC)
			n = 1;
		fprintf(out, "%s%s:%lu", any ? "," : "", report_type_name((enum report_type)t), n);
		any = true;
	}
	fputs(any ? "\n" : "-\n", out);
}
