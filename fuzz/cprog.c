// SPDX-License-Identifier: GPL-2.0
/*
 * The C reproducer generator (cprog.h).
 *
 * One emitter per op, chosen by name and by whether it is the misuse
 * entry of that name; each writes the call the harness's exec() makes,
 * with the op's values as literals.  Slots become variables declared at
 * the top of main(): a block of pages is a struct page *, a cache a
 * struct kmem_cache *, a pool a struct dma_pool *, anything else a void *
 * (with a dma_addr_t hN for DMA memory).  An op on a slot whose
 * allocation failed is skipped at run time (if (pN)), as the harness
 * skips it, and a destroy that succeeded sets its variable to NULL so
 * that a retry, and the end, skip it too.
 *
 * The generator follows the program statically: what each slot holds, the
 * context frames open, the kmap() references, which live objects a cache
 * or a pool still has.  Where the harness decides at run time on what the
 * allocator returned (highmem or not, kvmalloc's slab or vmalloc half, a
 * freed address taken again), the reproducer tests the same thing in C.
 * What it checks: every misuse gives exactly one report of its type and
 * changes no free count (EXPECT_REFUSED); written patterns read back
 * (write/check, kmem_write/kmem_check, a constructor's and __GFP_ZERO's
 * bytes); a few results the API promises (kcalloc() of an overflowing
 * count is NULL, sys_brk()'s break, vmalloc_to_page() of the guard page);
 * at the end, page_alloc_is_valid() and, for programs that left nothing
 * in slab caches or page tables, the free-page count.
 *
 * The machine is written out as its e820 map, so the reproducer needs
 * nothing of fuzz/.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/report.h>

#include "fuzz/cprog.h"
#include "fuzz/machines.h"
#include "fuzz/op_table.h"
#include "fuzz/run.h"

enum slot_kind {
	SK_NONE,
	SK_PAGES,	/* struct page *: alloc_pages(), __get_free_pages() */
	SK_KMALLOC,	/* void *: kmalloc() and kin */
	SK_OBJECT,	/* void *: an object of a program cache (.parent) */
	SK_CACHE,	/* struct kmem_cache * */
	SK_VMALLOC,	/* void *: vmalloc() and kin */
	SK_VMAP,	/* void *: vmap() of block .parent */
	SK_KVMALLOC,	/* void *: slab or vmalloc, told at run time */
	SK_COHERENT,	/* void *, dma_addr_t: dma_alloc_coherent() */
	SK_POOL,	/* struct dma_pool * */
	SK_BLOCK,	/* void *, dma_addr_t: a block of pool .parent */
	SK_EXACT,	/* void *: alloc_pages_exact() */
};

/* The byte a constructor of the reproducer writes. */
#define CTOR_BYTE	0xc7
/* The kmap_local_page() nesting the reproducer's helpers follow per CPU. */
#define KL_MAX		16
/* kcalloc()'s count that stands for "n * size overflows" (ops_slab.c). */
#define KCALLOC_OVERFLOW_N	16384
/* Count-taking allocations above this through vmalloc the harness skips. */
#define COUNT_SLOW_BYTES	(16UL << 20)

struct cslot {
	u8		kind;
	u8		order;		/* pages, vmalloc (npages = 1 << order) */
	bool		live;		/* as the generator sees it */
	bool		zeroed;		/* pages: bytes outside the regions are 0 */
	u8		nr_regions;
	u8		fill;		/* objects: enum slab_fill (run.h) */
	u8		seed;
	u8		dev;		/* DMA: the device */
	int16_t		parent;		/* object: cache; block: pool; vmap: block */
	u32		size;		/* objects, exact, coherent: bytes asked */
	u32		fill_len;
	u32		kmaps;		/* kmap() references held */
	struct region	regions[SLOT_MAX_REGIONS];
};

struct frame {
	u8	frame;		/* enum ctx_frame */
	int	var;		/* its saved flags' variable, or -1 */
};

struct gen {
	const struct prog	*prog;
	struct sbuf		*out;		/* main()'s body */
	struct sbuf		*decl;		/* main()'s variables */
	struct sbuf		*fns;		/* functions before main() */
	struct cslot		slot[PROG_MAX_SLOTS];
	struct frame		frames[CTX_MAX_DEPTH];
	unsigned int		depth;
	unsigned int		cpu;
	unsigned int		nr_vars;
	unsigned int		pf_disabled;
	bool			no_leak_check;	/* slab caches or page tables may stay */
	bool			lock, balloon, kl, mm_declared, mm_live;
	const char		*op_text;	/* the op as the program prints it */
};

static void print_gfp_c(s64 gfp, struct sbuf *sb)
{
	gfp_print((u32)gfp, sb);
}

/* "double-free" -> REPORT_DOUBLE_FREE */
static void print_report_c(enum report_type type, struct sbuf *sb)
{
	sbuf_puts(sb, "REPORT_");
	for (const char *p = report_type_name(type); *p; p++)
		sbuf_printf(sb, "%c", *p == '-' ? '_' : toupper((unsigned char)*p));
}

static void emit(struct gen *g, const char *fmt, ...) __printf(2, 3);

static void emit(struct gen *g, const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sbuf_puts(g->out, line);
}

static void misuse_report(struct gen *g, enum report_type type, const char *indent,
			  const char *call_fmt, ...) __printf(4, 5);

/* A misuse call: exactly one report of @type, free counts kept. */
static void misuse_report(struct gen *g, enum report_type type, const char *indent,
			  const char *call_fmt, ...)
{
	char call[256];
	va_list ap;

	va_start(ap, call_fmt);
	vsnprintf(call, sizeof(call), call_fmt, ap);
	va_end(ap);
	sbuf_printf(g->out, "%sEXPECT_REFUSED(", indent);
	print_report_c(type, g->out);
	sbuf_printf(g->out, ", %s);\n", call);
}

/* What the harness does for an op it has nothing to do with. */
static void skipped(struct gen *g, const char *why)
{
	emit(g, "\t/* skipped, as by the harness: %s */\n", why);
}

/* ---- slots ------------------------------------------------------------------ */

static const char *slot_type(u8 kind)
{
	switch (kind) {
	case SK_PAGES:	return "struct page *";
	case SK_CACHE:	return "struct kmem_cache *";
	case SK_POOL:	return "struct dma_pool *";
	default:	return "void *";
	}
}

static struct cslot *new_slot(struct gen *g, const struct op *op, u8 kind)
{
	struct cslot *c = &g->slot[op->slot];

	*c = (struct cslot){ .kind = kind, .live = true, .parent = -1 };
	/* Kernel page tables vmalloc made, and slabs, rightly stay. */
	if (kind != SK_PAGES && kind != SK_COHERENT && kind != SK_EXACT)
		g->no_leak_check = true;
	sbuf_printf(g->decl, "\t%sp%d = NULL;\n", slot_type(kind), op->slot);
	if (kind == SK_COHERENT || kind == SK_BLOCK)
		sbuf_printf(g->decl, "\tdma_addr_t h%d = 0;\n", op->slot);
	return c;
}

static bool is_object_kind(u8 kind)
{
	return kind == SK_KMALLOC || kind == SK_OBJECT;
}

static bool is_area_kind(u8 kind)
{
	return kind == SK_VMALLOC || kind == SK_VMAP;
}

/* The C test that slot @s holds memory of the kind it says: kvmalloc's half. */
static void slot_test(struct gen *g, int s, bool vmalloc_half, char *buf, size_t n)
{
	if (g->slot[s].kind == SK_KVMALLOC)
		snprintf(buf, n, "p%d && %sis_vmalloc_addr(p%d)", s, vmalloc_half ? "" : "!", s);
	else
		snprintf(buf, n, "p%d", s);
}

/* Pages of a vmalloc-kind slot, for vmalloc_to_page(). */
static const char *npages_c(struct gen *g, int s, char *buf, size_t n)
{
	const struct cslot *c = &g->slot[s];

	if (c->kind == SK_KVMALLOC)
		snprintf(buf, n, "DIV_ROUND_UP(%u, PAGE_SIZE)", c->size);
	else
		snprintf(buf, n, "%lu", 1UL << c->order);
	return buf;
}

/* ---- buddy ---------------------------------------------------------------- */

static void new_pages(struct gen *g, const struct op *op, unsigned int order, s64 gfp)
{
	struct cslot *c = new_slot(g, op, SK_PAGES);

	c->order = (u8)order;
	c->zeroed = (gfp & __GFP_ZERO) != 0;
}

static bool emit_buddy(struct gen *g, const struct op *op, const char *name, bool bad)
{
	const struct op_desc *d = op_table[op->type];
	int s = (int)op->val[0];
	struct cslot *c = &g->slot[s];

	if (!strcmp(name, "alloc_pages")) {
		new_pages(g, op, (unsigned int)op->val[1], op->val[0]);
		emit(g, "\tp%d = alloc_pages_node(%d, ", op->slot, (int)op->val[2]);
		print_gfp_c(op->val[0], g->out);
		emit(g, ", %d);\n", (int)op->val[1]);
	} else if (!strcmp(name, "__get_free_pages") || !strcmp(name, "get_zeroed_page")) {
		bool zeroed = name[0] == 'g';

		new_pages(g, op, zeroed ? 0 : (unsigned int)op->val[1],
			  op->val[0] | (zeroed ? __GFP_ZERO : 0));
		emit(g, "\tp%d = addr_page(%s(", op->slot, zeroed ? "get_zeroed_page" : "__get_free_pages");
		print_gfp_c(op->val[0], g->out);
		if (zeroed)
			emit(g, "));\n");
		else
			emit(g, ", %d));\n", (int)op->val[1]);
	} else if (!strcmp(name, "__free_pages") && !bad) {
		if (c->kind != SK_PAGES) {
			skipped(g, "not a page block");
			return true;
		}
		emit(g, "\tif (p%d)\n\t\t__free_pages(p%d, %u);\n", s, s, c->order);
		c->live = false;
	} else if (!strcmp(name, "free_pages") && !bad) {
		if (is_object_kind(c->kind) || c->kind == SK_KVMALLOC) {
			char t[64];

			/* A slab object's page is the slab layer's. */
			slot_test(g, s, false, t, sizeof(t));
			emit(g, "\tif (%s && !ZERO_OR_NULL_PTR(p%d))\n", t, s);
			misuse_report(g, REPORT_OWNED_FREE, "\t\t",
				      "free_pages((unsigned long)page_address(compound_head(virt_to_page(p%d))), 0)",
				      s);
			return true;
		}
		if (c->kind != SK_PAGES) {
			skipped(g, "not a page block");
			return true;
		}
		emit(g, "\tif (p%d)\n\t\tfree_block(p%d, %u);\n", s, s, c->order);
		c->live = false;
	} else if (!strcmp(name, "__free_pages") && d->args[0].kind == ARG_FREED) {
		if (c->kind != SK_PAGES)
			return false;
		/* Taken again since (a live block, a slab, a page table): not a double free. */
		emit(g, "\tif (p%d && !page_in_use(p%d))\n", s, s);
		misuse_report(g, d->expect, "\t\t", "__free_pages(p%d, %u)", s, c->order);
	} else if (!strcmp(name, "__free_pages") && d->args[1].kind == ARG_WRONG_ORDER) {
		if (c->kind != SK_PAGES)
			return false;
		emit(g, "\tif (p%d)\n", s);
		misuse_report(g, d->expect, "\t\t", "__free_pages(p%d, %d)", s, (int)op->val[1]);
	} else if (!strcmp(name, "__free_pages") && d->args[0].kind == ARG_TAIL) {
		if (c->kind != SK_PAGES)
			return false;
		emit(g, "\tif (p%d)\n", s);
		misuse_report(g, d->expect, "\t\t",
			      "__free_pages(pfn_to_page(page_to_pfn(p%d) + %d), %d)",
			      s, (int)op->val[1], (int)op->val[2]);
	} else if (!strcmp(name, "__free_pages") && d->args[0].kind == ARG_RESERVED) {
		/* A boot page-table page: the top level's stands for them all. */
		misuse_report(g, d->expect, "\t",
			      "__free_pages(pfn_to_page(PHYS_PFN(machine.swapper_pg_dir)), %d)",
			      (int)op->val[1]);
	} else if (!strcmp(name, "__free_pages") && d->args[0].kind == ARG_BAD_PFN) {
		misuse_report(g, d->expect, "\t", "__free_pages(pfn_to_page(%#llx), %d)",
			      (unsigned long long)op->val[0], (int)op->val[1]);
	} else if (!strcmp(name, "write")) {
		if (c->kind != SK_PAGES) {
			skipped(g, "not a page block");
			return true;
		}
		emit(g, "\tif (p%d)\n\t\tblock_fill(p%d, %u, %u, %#x);\n", s, s,
		     (u32)op->val[1], (u32)op->val[2], (u8)op->val[3]);
		if (regions_paint(c->regions, &c->nr_regions, (u32)op->val[1], (u32)op->val[2],
				  (u8)op->val[3]))
			c->zeroed = false;
	} else if (!strcmp(name, "check")) {
		u32 off = (u32)op->val[1], end = off + (u32)op->val[2];

		if (c->kind != SK_PAGES) {
			skipped(g, "not a page block");
			return true;
		}
		/* Each stretch: a region's pattern, zero, or unknown. */
		for (u32 at = off; at < end;) {
			u32 next = end;
			int byte = c->zeroed ? 0 : -1;

			for (unsigned int i = 0; i < c->nr_regions; i++) {
				const struct region *r = &c->regions[i];

				if (at >= r->off && at < r->off + r->len) {
					byte = r->seed;
					next = min(next, r->off + r->len);
				} else if (r->off > at) {
					next = min(next, r->off);
				}
			}
			if (byte >= 0)
				emit(g, "\tif (p%d)\n\t\tcheck(block_holds(p%d, %u, %u, %#x), \"%s: bytes %u..%u\");\n",
				     s, s, at, next - at, byte, g->op_text, at, next - 1);
			at = next;
		}
	} else if (!strcmp(name, "cpu")) {
		unsigned int cpu = (unsigned int)op->val[0];
		bool atomic = false;

		for (unsigned int i = 0; i < g->depth; i++)
			atomic |= (CTX_ATOMIC & CTX_BIT(g->frames[i].frame)) != 0;
		if (cpu != g->cpu && atomic) {
			/* A task cannot migrate while atomic. */
			misuse_report(g, REPORT_BAD_CONTEXT, "\t", "machine_set_cpu(%u)", cpu);
			return true;
		}
		emit(g, "\tmachine_set_cpu(%u);\n", cpu);
		g->cpu = cpu;
	} else if (!strcmp(name, "drain_local_pages") || !strcmp(name, "drain_all_pages")) {
		emit(g, "\t%s(NULL);\n", name);
	} else {
		return false;
	}
	return true;
}

/* ---- kmap ------------------------------------------------------------------- */

static bool emit_kmap(struct gen *g, const struct op *op, const char *name)
{
	int s = (int)op->val[0];
	struct cslot *c = &g->slot[s];

	if (strcmp(name, "kmap") && strcmp(name, "kunmap") && strcmp(name, "page_address") &&
	    strcmp(name, "kmap_local_page") && strcmp(name, "kunmap_local"))
		return false;
	if (c->kind != SK_PAGES || !c->live) {
		skipped(g, "not a live page block");
		return true;
	}
	if (!strcmp(name, "kmap")) {
		emit(g, "\tif (p%d)\n\t\tcheck(kmap(p%d) != NULL, \"%s\");\n", s, s, g->op_text);
		c->kmaps++;
	} else if (!strcmp(name, "kunmap") && c->kmaps) {
		emit(g, "\tif (p%d)\n\t\tkunmap(p%d);\n", s, s);
		c->kmaps--;
	} else if (!strcmp(name, "kunmap")) {
		/* Lowmem: nothing to undo; highmem with no kmap(): the misuse. */
		emit(g, "\tif (p%d && PageHighMem(p%d))\n", s, s);
		misuse_report(g, REPORT_BAD_KMAP, "\t\t", "kunmap(p%d)", s);
	} else if (!strcmp(name, "page_address")) {
		emit(g, "\tif (p%d)\n\t\tcheck(PageHighMem(p%d) || page_address(p%d) != NULL, \"%s\");\n",
		     s, s, s, g->op_text);
	} else if (!strcmp(name, "kmap_local_page")) {
		g->kl = true;
		emit(g, "\tif (p%d)\n\t\tkl_map(p%d);\n", s, s);
	} else {
		g->kl = true;
		emit(g, "\tif (p%d)\n\t\tkl_unmap(p%d);\n", s, s);
	}
	return true;
}

/* ---- slab ------------------------------------------------------------------- */

static void new_object(struct gen *g, const struct op *op, u8 kind, u32 size, s64 gfp)
{
	struct cslot *c = new_slot(g, op, kind);

	c->size = size;
	if (gfp & __GFP_ZERO) {
		c->fill = FILL_ZERO;
		c->fill_len = size;
	}
	g->no_leak_check = true;
}

/* The byte an object's promise puts everywhere, or -1 for none. */
static int fill_byte(const struct cslot *c)
{
	switch (c->fill) {
	case FILL_ZERO:	return 0;
	case FILL_CTOR:	return CTOR_BYTE;
	case FILL_SEED:	return c->seed;
	default:	return -1;
	}
}

static void print_slab_flags(s64 arg, struct sbuf *sb)
{
	static const char *const names[4] = {
		"SLAB_HWCACHE_ALIGN", "SLAB_POISON", "SLAB_RED_ZONE", "SLAB_STORE_USER",
	};
	bool any = false;

	for (int i = 0; i < 4; i++)
		if (arg & (1 << i)) {
			sbuf_printf(sb, "%s%s", any ? " | " : "", names[i]);
			any = true;
		}
	if (!any)
		sbuf_puts(sb, "0");
}

/* The objects of cache (or pool) @parent the generator sees live, as "pA || pB". */
static bool live_children(struct gen *g, int parent, u8 kind, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i < PROG_MAX_SLOTS; i++)
		if (g->slot[i].kind == kind && g->slot[i].live && g->slot[i].parent == parent)
			len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%sp%d",
						len ? " || " : "", i);
	return len > 0 && len < n;
}

/* A kfree()-like free of slot @s by @fn, by what it holds. */
static void emit_kfree(struct gen *g, int s, const char *fn, bool vmalloc_ok)
{
	struct cslot *c = &g->slot[s];

	switch (c->kind) {
	case SK_KMALLOC:
	case SK_OBJECT:
		if (c->kind == SK_OBJECT && g->slot[c->parent].fill == FILL_CTOR)
			emit(g, "\tif (p%d)\n\t\tmemset(p%d, %#x, %u);\t/* back as constructed */\n",
			     s, s, CTOR_BYTE, c->size);
		emit(g, "\t%s(p%d);\n", fn, s);
		c->live = false;
		break;
	case SK_KVMALLOC:
		if (vmalloc_ok) {
			emit(g, "\t%s(p%d);\n", fn, s);
			c->live = false;
			break;
		}
		emit(g, "\tif (p%d && is_vmalloc_addr(p%d))\n", s, s);
		misuse_report(g, REPORT_SLAB_BAD_FREE, "\t\t", "%s(p%d)", fn, s);
		emit(g, "\telse if (p%d) {\n\t\t%s(p%d);\n\t\tp%d = NULL;\n\t}\n", s, fn, s, s);
		break;
	case SK_VMALLOC:
	case SK_VMAP:
		if (vmalloc_ok && c->kind == SK_VMALLOC) {
			emit(g, "\t%s(p%d);\n", fn, s);
			c->live = false;
			break;
		}
		if (vmalloc_ok) {
			skipped(g, "a vmap() area: its pages are a block's");
			break;
		}
		emit(g, "\tif (p%d)\n", s);
		misuse_report(g, REPORT_SLAB_BAD_FREE, "\t\t", "%s(p%d)", fn, s);
		break;
	case SK_PAGES:
		/* Not from kmalloc; highmem has no address to pass. */
		emit(g, "\tif (p%d && page_address(p%d))\n", s, s);
		misuse_report(g, REPORT_SLAB_BAD_FREE, "\t\t", "%s(page_address(p%d))", fn, s);
		break;
	default:
		skipped(g, "no live object");
		break;
	}
}

static bool emit_slab(struct gen *g, const struct op *op, const char *name, bool bad)
{
	const struct op_desc *d = op_table[op->type];
	int s = (int)op->val[0];
	struct cslot *c = &g->slot[s];

	if (!strcmp(name, "kmalloc") || !strcmp(name, "kzalloc")) {
		new_object(g, op, SK_KMALLOC, (u32)op->val[0],
			   op->val[1] | (name[1] == 'z' ? __GFP_ZERO : 0));
		emit(g, "\tp%d = %s(%u, ", op->slot, name, (u32)op->val[0]);
		print_gfp_c(op->val[1], g->out);
		emit(g, ");\n");
	} else if (!strcmp(name, "kcalloc")) {
		u32 size = (u32)op->val[1];
		bool overflow = op->val[0] >= KCALLOC_OVERFLOW_N && size;

		new_object(g, op, SK_KMALLOC, overflow ? 0 : (u32)op->val[0] * size, __GFP_ZERO);
		if (overflow)
			emit(g, "\tp%d = kcalloc(SIZE_MAX / %u + 1, %u, ", op->slot, size, size);
		else
			emit(g, "\tp%d = kcalloc(%u, %u, ", op->slot, (u32)op->val[0], size);
		print_gfp_c(op->val[2], g->out);
		emit(g, ");\n");
		if (overflow) {
			emit(g, "\tcheck(!p%d, \"%s: n * size overflows, NULL\");\n", op->slot, g->op_text);
			g->slot[op->slot].live = false;
		}
	} else if (!strcmp(name, "krealloc")) {
		u32 size = (u32)op->val[1];
		struct cslot *n;

		if (c->kind != SK_KMALLOC || !c->live) {
			skipped(g, "not a live kmalloc object");
			return true;
		}
		n = new_slot(g, op, SK_KMALLOC);
		n->size = size;
		n->fill = c->fill;
		n->seed = c->seed;
		n->fill_len = min(c->fill_len, size);
		emit(g, "\tif (p%d) {\n\t\tp%d = krealloc(p%d, %u, ", s, op->slot, s, size);
		print_gfp_c(op->val[2], g->out);
		/* Failed, the old object is untouched and still p%d's. */
		emit(g, ");\n\t\tif (p%d)\n\t\t\tp%d = NULL;\n\t}\n", op->slot, s);
	} else if (!strcmp(name, "kfree") && !bad && d->args[0].kind == ARG_LIVE) {
		emit_kfree(g, s, "kfree", false);
	} else if (!strcmp(name, "kfree") && d->args[0].kind == ARG_LIVE) {
		char t[64];

		if ((!is_object_kind(c->kind) && c->kind != SK_KVMALLOC) || c->size < 2) {
			skipped(g, "no object with an interior");
			return true;
		}
		slot_test(g, s, false, t, sizeof(t));
		emit(g, "\tif (%s)\n", t);
		misuse_report(g, REPORT_SLAB_BAD_FREE, "\t\t", "kfree((char *)p%d + %u)", s,
			      1 + (u32)op->val[1] % (c->size - 1));
	} else if (!strcmp(name, "kfree")) {
		char others[512];

		/* A double free SLUB sees only with slab_debug, of an object not taken again. */
		if (c->kind != SK_OBJECT || !slab_debug_choices[g->prog->hdr.slab_debug] ||
		    !g->slot[c->parent].live) {
			skipped(g, "needs a freed object of a live program cache, and slab_debug");
			return true;
		}
		/* Not if a live object of the cache has its address now. */
		others[0] = 0;
		for (int i = 0, len = 0; i < PROG_MAX_SLOTS; i++)
			if (g->slot[i].kind == SK_OBJECT && g->slot[i].live &&
			    g->slot[i].parent == c->parent && len < (int)sizeof(others))
				len += snprintf(others + len, sizeof(others) - (size_t)len,
						" && p%d != p%d", i, s);
		emit(g, "\tif (p%d && p%d && !slab_gone(p%d, p%d)%s)\n", s, c->parent, s, c->parent,
		     others);
		misuse_report(g, REPORT_DOUBLE_FREE, "\t\t", "kfree(p%d)", s);
	} else if (!strcmp(name, "ksize")) {
		char t[64];

		if ((!is_object_kind(c->kind) && c->kind != SK_KVMALLOC) || !c->live || !c->size) {
			skipped(g, "no live object");
			return true;
		}
		slot_test(g, s, false, t, sizeof(t));
		emit(g, "\tif (%s)\n\t\tcheck(ksize(p%d) >= %u, \"%s: at least the size asked\");\n",
		     t, s, c->size, g->op_text);
	} else if (!strcmp(name, "kmem_write")) {
		char t[64];

		if ((!is_object_kind(c->kind) && c->kind != SK_KVMALLOC) || !c->live || !c->size) {
			skipped(g, "no live object");
			return true;
		}
		slot_test(g, s, false, t, sizeof(t));
		emit(g, "\tif (%s)\n\t\tmemset(p%d, %#x, %u);\n", t, s, (u8)op->val[1], c->size);
		c->fill = FILL_SEED;
		c->seed = (u8)op->val[1];
		c->fill_len = c->size;
	} else if (!strcmp(name, "kmem_check")) {
		char t[64];

		if ((!is_object_kind(c->kind) && c->kind != SK_KVMALLOC) || !c->live) {
			skipped(g, "no live object");
			return true;
		}
		if (fill_byte(c) < 0 || !c->fill_len) {
			emit(g, "\t/* nothing promised about p%d's bytes */\n", s);
			return true;
		}
		slot_test(g, s, false, t, sizeof(t));
		emit(g, "\tif (%s)\n\t\tcheck(bytes_are(p%d, %#x, %u), \"%s\");\n",
		     t, s, fill_byte(c), c->fill_len, g->op_text);
	} else if (!strcmp(name, "kmem_cache_create") || !strcmp(name, "kmem_cache_create_usercopy")) {
		bool usercopy = name[17] == '_';
		struct cslot *n = new_slot(g, op, SK_CACHE);

		n->size = (u32)op->val[0];
		g->no_leak_check = true;
		if (!usercopy && op->val[3]) {
			/* Its objects start constructed: the whole object. */
			n->fill = FILL_CTOR;
			sbuf_printf(g->fns, "static void ctor_p%d(void *obj)\n{\n\tmemset(obj, %#x, %u);\n}\n\n",
				    op->slot, CTOR_BYTE, n->size);
		}
		emit(g, "\tp%d = %s(\"fuzz-%d\", %u, %u, ", op->slot, name, op->slot, n->size,
		     usercopy ? 0 : (u32)op->val[1]);
		print_slab_flags(op->val[usercopy ? 1 : 2], g->out);
		if (usercopy)
			emit(g, ", %u, %u, NULL);\n", (u32)op->val[2], (u32)op->val[3]);
		else if (n->fill == FILL_CTOR)
			emit(g, ", ctor_p%d);\n", op->slot);
		else
			emit(g, ", NULL);\n");
	} else if (!strcmp(name, "kmem_cache_alloc")) {
		struct cslot *n;
		s64 gfp = op->val[1];

		if (c->kind != SK_CACHE || !c->live) {
			skipped(g, "not a live cache");
			return true;
		}
		/* A ctor cache's objects are constructed, not zeroed. */
		if (c->fill == FILL_CTOR)
			gfp &= ~(s64)__GFP_ZERO;
		new_object(g, op, SK_OBJECT, c->size, gfp);
		n = &g->slot[op->slot];
		n->parent = (int16_t)s;
		if (c->fill == FILL_CTOR) {
			n->fill = FILL_CTOR;
			n->fill_len = c->size;
		}
		emit(g, "\tif (p%d)\n\t\tp%d = kmem_cache_alloc(p%d, ", s, op->slot, s);
		print_gfp_c(gfp, g->out);
		emit(g, ");\n");
	} else if (!strcmp(name, "kmem_cache_free")) {
		int o = (int)op->val[1];
		struct cslot *obj = &g->slot[o];

		if (c->kind != SK_CACHE || !c->live) {
			skipped(g, "not a live cache");
			return true;
		}
		if ((!is_object_kind(obj->kind) && obj->kind != SK_KVMALLOC) || !obj->live) {
			skipped(g, "no live object");
			return true;
		}
		if (obj->kind == SK_OBJECT && obj->parent == s) {
			if (c->fill == FILL_CTOR)
				emit(g, "\tif (p%d)\n\t\tmemset(p%d, %#x, %u);\t/* back as constructed */\n",
				     o, o, CTOR_BYTE, obj->size);
			emit(g, "\tif (p%d && p%d)\n\t\tkmem_cache_free(p%d, p%d);\n", s, o, s, o);
			obj->live = false;
			return true;
		}
		{
			char t[64];

			slot_test(g, o, false, t, sizeof(t));
			emit(g, "\tif (p%d && %s && !ZERO_OR_NULL_PTR(p%d))\n", s, t, o);
			misuse_report(g, REPORT_SLAB_BAD_FREE, "\t\t", "kmem_cache_free(p%d, p%d)", s, o);
		}
	} else if (!strcmp(name, "kmem_cache_shrink")) {
		if (c->kind != SK_CACHE || !c->live) {
			skipped(g, "not a live cache");
			return true;
		}
		emit(g, "\tif (p%d)\n\t\tkmem_cache_shrink(p%d);\n", s, s);
	} else if (!strcmp(name, "kmem_cache_destroy")) {
		char objs[512];

		if (c->kind != SK_CACHE || !c->live) {
			skipped(g, "not a live cache");
			return true;
		}
		if (live_children(g, s, SK_OBJECT, objs, sizeof(objs))) {
			/* Refused while it has objects: cache and objects stay. */
			emit(g, "\tif (%s)\n", objs);
			misuse_report(g, REPORT_SLAB_LEAK, "\t\t", "kmem_cache_destroy(p%d)", s);
			emit(g, "\telse if (p%d) {\n\t\tkmem_cache_destroy(p%d);\n\t\tp%d = NULL;\n\t}\n",
			     s, s, s);
			return true;
		}
		emit(g, "\tif (p%d) {\n\t\tkmem_cache_destroy(p%d);\n\t\tp%d = NULL;\n\t}\n", s, s, s);
		c->live = false;
	} else if (!strcmp(name, "kmem_cache_shrink_all")) {
		emit(g, "\tkmem_cache_shrink_all();\n");
	} else {
		return false;
	}
	return true;
}

/* ---- vmalloc and kvmalloc --------------------------------------------------------- */

static bool emit_vmalloc(struct gen *g, const struct op *op, const char *name, bool bad)
{
	const struct op_desc *d = op_table[op->type];
	int s = (int)op->val[0];
	struct cslot *c = &g->slot[s];
	char t[64];

	if (!strcmp(name, "vmalloc") || !strcmp(name, "vzalloc") || !strcmp(name, "vmalloc_32") ||
	    !strcmp(name, "vmalloc_user")) {
		new_slot(g, op, SK_VMALLOC)->order = (u8)op->val[0];
		emit(g, "\tp%d = %s(PAGE_SIZE << %d);\n", op->slot, name, (int)op->val[0]);
	} else if (!strcmp(name, "__vmalloc")) {
		new_slot(g, op, SK_VMALLOC)->order = (u8)op->val[1];
		emit(g, "\tp%d = __vmalloc(PAGE_SIZE << %d, ", op->slot, (int)op->val[1]);
		print_gfp_c(op->val[0], g->out);
		emit(g, ");\n");
	} else if (!strcmp(name, "vmalloc_node")) {
		new_slot(g, op, SK_VMALLOC)->order = (u8)op->val[0];
		emit(g, "\tp%d = vmalloc_node(PAGE_SIZE << %d, %d);\n", op->slot, (int)op->val[0],
		     (int)op->val[1]);
	} else if (!strcmp(name, "vfree") && !bad) {
		switch (c->kind) {
		case SK_VMALLOC:
		case SK_VMAP:
			emit(g, "\tvfree(p%d);\n", s);
			c->live = false;
			break;
		case SK_KVMALLOC:
			emit(g, "\tif (p%d && !is_vmalloc_addr(p%d) && !ZERO_OR_NULL_PTR(p%d))\n", s, s, s);
			misuse_report(g, REPORT_BAD_VFREE, "\t\t", "vfree(p%d)", s);
			emit(g, "\telse if (p%d && is_vmalloc_addr(p%d)) {\n\t\tvfree(p%d);\n\t\tp%d = NULL;\n\t}\n",
			     s, s, s, s);
			break;
		case SK_PAGES:
			emit(g, "\tif (p%d && page_address(p%d))\n", s, s);
			misuse_report(g, REPORT_BAD_VFREE, "\t\t", "vfree(page_address(p%d))", s);
			break;
		case SK_KMALLOC:
		case SK_OBJECT:
			emit(g, "\tif (!ZERO_OR_NULL_PTR(p%d))\n", s);
			misuse_report(g, REPORT_BAD_VFREE, "\t\t", "vfree(p%d)", s);
			break;
		default:
			skipped(g, "no live area");
		}
	} else if (!strcmp(name, "vfree") && d->args[0].kind == ARG_FREED) {
		char others[512];
		size_t len = 0;

		if (!is_area_kind(c->kind) && c->kind != SK_KVMALLOC) {
			skipped(g, "was no vmalloc area");
			return true;
		}
		/* Its address is another area's now: that would be a good free. */
		others[0] = 0;
		for (int i = 0; i < PROG_MAX_SLOTS; i++)
			if ((is_area_kind(g->slot[i].kind) || g->slot[i].kind == SK_KVMALLOC) &&
			    g->slot[i].live && len < sizeof(others))
				len += (size_t)snprintf(others + len, sizeof(others) - len,
							" && p%d != p%d", s, i);
		slot_test(g, s, true, t, sizeof(t));
		emit(g, "\tif (%s%s)\n", t, others);
		misuse_report(g, REPORT_BAD_VFREE, "\t\t", "vfree(p%d)", s);
	} else if (!strcmp(name, "vfree")) {
		unsigned long k = (unsigned long)op->val[1];

		if (is_area_kind(c->kind) && c->live) {
			emit(g, "\tif (p%d)\n", s);
			misuse_report(g, REPORT_BAD_VFREE, "\t\t", "vfree((char *)p%d + %lu * PAGE_SIZE)",
				      s, k);
		} else if (c->kind == SK_PAGES && c->live) {
			emit(g, "\tif (p%d && page_address(p%d))\n", s, s);
			misuse_report(g, REPORT_BAD_VFREE, "\t\t",
				      "vfree((char *)page_address(p%d) + %lu * PAGE_SIZE)", s, k);
		} else {
			skipped(g, "no live area or lowmem block");
		}
	} else if (!strcmp(name, "vmap")) {
		struct cslot *n;

		if (c->kind != SK_PAGES || !c->live) {
			skipped(g, "not a live page block");
			return true;
		}
		n = new_slot(g, op, SK_VMAP);
		n->order = c->order;
		n->parent = (int16_t)s;
		emit(g, "\tif (p%d)\n\t\tp%d = vmap_block(p%d, %u);\n", s, op->slot, s, c->order);
	} else if (!strcmp(name, "vunmap")) {
		switch (c->kind) {
		case SK_VMAP:
			emit(g, "\tvunmap(p%d);\n", s);
			c->live = false;
			break;
		case SK_VMALLOC:
			/* Of a vmalloc() area its pages would leak: refused. */
			emit(g, "\tif (p%d)\n", s);
			misuse_report(g, REPORT_BAD_VFREE, "\t\t", "vunmap(p%d)", s);
			break;
		case SK_KVMALLOC:
			emit(g, "\tif (p%d && !ZERO_OR_NULL_PTR(p%d))\n", s, s);
			misuse_report(g, REPORT_BAD_VFREE, "\t\t", "vunmap(p%d)", s);
			break;
		case SK_KMALLOC:
		case SK_OBJECT:
			emit(g, "\tif (!ZERO_OR_NULL_PTR(p%d))\n", s);
			misuse_report(g, REPORT_BAD_VFREE, "\t\t", "vunmap(p%d)", s);
			break;
		case SK_PAGES:
			emit(g, "\tif (p%d && page_address(p%d))\n", s, s);
			misuse_report(g, REPORT_BAD_VFREE, "\t\t", "vunmap(page_address(p%d))", s);
			break;
		default:
			skipped(g, "no live area");
		}
	} else if (!strcmp(name, "vmalloc_to_page")) {
		char np[64];

		if ((!is_area_kind(c->kind) && c->kind != SK_KVMALLOC) || !c->live) {
			skipped(g, "no live area");
			return true;
		}
		/* Page K modulo the pages and the guard page, which has none. */
		slot_test(g, s, true, t, sizeof(t));
		npages_c(g, s, np, sizeof(np));
		emit(g, "\tif (%s) {\n\t\tunsigned long i = %lluUL %% (%s + 1);\n\n"
		     "\t\tcheck((vmalloc_to_page((char *)p%d + i * PAGE_SIZE) != NULL) == (i < %s),\n"
		     "\t\t      \"%s: a page, and none for the guard\");\n\t}\n",
		     t, (unsigned long long)op->val[1], np, s, np, g->op_text);
	} else if (!strcmp(name, "kvmalloc") || !strcmp(name, "kvzalloc")) {
		new_object(g, op, SK_KVMALLOC, (u32)op->val[0],
			   op->val[1] | (name[2] == 'z' ? __GFP_ZERO : 0));
		emit(g, "\tp%d = %s(%u, ", op->slot, name, (u32)op->val[0]);
		print_gfp_c(op->val[1], g->out);
		emit(g, ");\n");
	} else if (!strcmp(name, "kvmalloc_node")) {
		new_object(g, op, SK_KVMALLOC, (u32)op->val[0], op->val[1]);
		emit(g, "\tp%d = kvmalloc_node(%u, ", op->slot, (u32)op->val[0]);
		print_gfp_c(op->val[1], g->out);
		emit(g, ", %d);\n", (int)op->val[2]);
	} else if (!strcmp(name, "kvfree")) {
		emit_kfree(g, s, "kvfree", true);
	} else {
		return false;
	}
	return true;
}

/* ---- execution context ---------------------------------------------------------- */

static const char *const scope_name[NR_CTX_FRAMES] = {
	[CTX_NOFS] = "nofs", [CTX_NOIO] = "noio", [CTX_NORECLAIM] = "noreclaim",
};

static void open_frame(struct gen *g, u8 frame)
{
	int var = -1;

	switch (frame) {
	case CTX_PREEMPT:
		emit(g, "\tpreempt_disable();\n");
		break;
	case CTX_IRQ_OFF:
		emit(g, "\tlocal_irq_disable();\n");
		break;
	case CTX_IRQ_SAVE:
		var = (int)g->nr_vars++;
		sbuf_printf(g->decl, "\tunsigned long flags%d;\n", var);
		emit(g, "\tlocal_irq_save(flags%d);\n", var);
		break;
	case CTX_SPIN:
		g->lock = true;
		emit(g, "\tspin_lock(&lock);\n");
		break;
	case CTX_HARDIRQ:
		emit(g, "\tirq_enter();\n");
		break;
	default:
		var = (int)g->nr_vars++;
		sbuf_printf(g->decl, "\tunsigned int flags%d;\n", var);
		emit(g, "\tflags%d = memalloc_%s_save();\n", var, scope_name[frame]);
		break;
	}
	if (g->depth < CTX_MAX_DEPTH)
		g->frames[g->depth++] = (struct frame){ frame, var };
}

static void close_frame(struct gen *g, const char *indent)
{
	const struct frame *f = &g->frames[--g->depth];

	switch (f->frame) {
	case CTX_PREEMPT:
		emit(g, "%spreempt_enable();\n", indent);
		break;
	case CTX_IRQ_OFF:
		emit(g, "%slocal_irq_enable();\n", indent);
		break;
	case CTX_IRQ_SAVE:
		emit(g, "%slocal_irq_restore(flags%d);\n", indent, f->var);
		break;
	case CTX_SPIN:
		emit(g, "%sspin_unlock(&lock);\n", indent);
		break;
	case CTX_HARDIRQ:
		emit(g, "%sirq_exit();\n", indent);
		break;
	default:
		emit(g, "%smemalloc_%s_restore(flags%d);\n", indent, scope_name[f->frame], f->var);
		break;
	}
}

static bool emit_context(struct gen *g, const struct op *op, bool bad)
{
	const struct op_desc *d = op_table[op->type];

	if (d->ctx_push) {
		open_frame(g, d->ctx_push);
	} else if (d->ctx_pop) {
		/* The program keeps frames nested: the innermost is this one. */
		if (!g->depth || g->frames[g->depth - 1].frame != d->ctx_pop)
			return false;
		close_frame(g, "\t");
	} else if (bad && d->ctx_absent) {
		/* The unbalanced end of a frame open nowhere. */
		if (d->ctx_absent & CTX_BIT(CTX_SPIN)) {
			g->lock = true;
			misuse_report(g, d->expect, "\t", "%s", d->ctx_absent & CTX_BIT(CTX_PREEMPT) ?
				      "preempt_enable()" : "spin_unlock(&lock)");
		} else if (d->ctx_absent == CTX_BIT(CTX_HARDIRQ)) {
			misuse_report(g, d->expect, "\t", "irq_exit()");
		} else {
			misuse_report(g, d->expect, "\t", "memalloc_%s_restore(0)",
				      scope_name[__builtin_ctz(d->ctx_absent)]);
		}
	} else {
		return false;
	}
	return true;
}

/* ---- fault injection and the balloon ------------------------------------------------ */

static bool emit_fault(struct gen *g, const struct op *op, const char *name)
{
	if (!strcmp(name, "fail_nth")) {
		emit(g, "\tfail_nth_set(%u);\n", (unsigned int)op->val[0]);
	} else if (!strcmp(name, "fault_attr")) {
		const char *key = op_table[op->type]->args[1].key;
		unsigned int point = (unsigned int)op->val[0] % NR_FAULT_POINTS;
		/* The attributes only some points have (ops_fault.c). */
		bool has = (strcmp(key, "ignore_gfp_wait") || point <= 1) &&
			   ((strcmp(key, "ignore_gfp_highmem") && strcmp(key, "min_order")) || point == 1);
		char line[96], *p;

		if (!has) {
			skipped(g, "the point has no such attribute");
			return true;
		}
		/* Linux's debugfs names: '-' for the key's '_'. */
		snprintf(line, sizeof(line), "%s.%s=%lld", fault_points[point], key,
			 (long long)op->val[1]);
		for (p = strchr(line, '.'); (p = strchr(p, '_'));)
			*p = '-';
		emit(g, "\tcheck(!fault_inject_setup(\"%s\"), \"%s\");\n", line, g->op_text);
	} else if (!strcmp(name, "balloon_leave")) {
		int nid = op->val[0] < 0 ? 0 : (int)op->val[0];

		g->balloon = true;
		emit(g, "\tif (populated_zone(&machine.node_data[%d].node_zones[%d]))\n"
		     "\t\tballoon_leave(&machine.node_data[%d].node_zones[%d], %llu);\n\telse\n",
		     nid, (int)op->val[1], nid, (int)op->val[1], (unsigned long long)op->val[2]);
		misuse_report(g, REPORT_BAD_ARG, "\t\t",
			      "balloon_leave(&machine.node_data[%d].node_zones[%d], 0)",
			      nid, (int)op->val[1]);
	} else if (!strcmp(name, "balloon_deflate")) {
		emit(g, "\tballoon_deflate(ULONG_MAX);\n");
	} else {
		return false;
	}
	return true;
}

/* ---- the process and user copies ----------------------------------------------------- */

/* The process, made on first use as the harness makes it. */
static void need_mm(struct gen *g)
{
	if (!g->mm_declared)
		sbuf_puts(g->decl, "\tstruct mm_struct *mm = NULL;\n");
	g->mm_declared = true;
	if (!g->mm_live)
		emit(g, "\tif (!mm)\n\t\tmm = new_process();\n");
	g->mm_live = true;
	g->no_leak_check = true;
}

/* The kernel address of byte @off (modulo its size) of slot @s, or false. */
static bool kernel_side(struct gen *g, int s, u32 off, char *buf, size_t n)
{
	const struct cslot *c = &g->slot[s];

	switch (c->kind) {
	case SK_KMALLOC:
	case SK_OBJECT:
	case SK_KVMALLOC:
		if (!c->size)
			return false;
		snprintf(buf, n, "(char *)p%d + %u", s, off % c->size);
		return true;
	case SK_VMALLOC:
	case SK_VMAP:
		snprintf(buf, n, "(char *)p%d + %lu", s, off % (PAGE_SIZE << c->order));
		return true;
	default:
		return false;
	}
}

static bool emit_process(struct gen *g, const struct op *op, const char *name)
{
	if (!strcmp(name, "sys_brk")) {
		need_mm(g);
		/* Below the heap or above RLIMIT_DATA: refused, the break kept. */
		emit(g, "\tif (mm) {\n\t\tunsigned long want = mm->brk + (%lld), was = mm->brk;\n"
		     "\t\tunsigned long expect = want >= %#lx && want <= %#lx ? want : was;\n\n"
		     "\t\tcheck(sys_brk(mm, want) == expect, \"%s\");\n\t}\n",
		     (long long)op->val[0], UADDR_HEAP, UADDR_HEAP + UADDR_HEAP_PAGES * PAGE_SIZE,
		     g->op_text);
	} else if (!strcmp(name, "user_write")) {
		need_mm(g);
		emit(g, "\tif (mm)\n\t\tuser_fill(mm, %#llx, %llu, %#x);\n",
		     (unsigned long long)op->val[0], (unsigned long long)op->val[1], (u8)op->val[2]);
	} else if (!strcmp(name, "user_read") || !strcmp(name, "user_touch")) {
		need_mm(g);
		emit(g, "\tif (mm)\n\t\tuser_read(mm, %#llx, ubuf, %llu);\n",
		     (unsigned long long)op->val[0],
		     name[5] == 't' ? 1ULL : (unsigned long long)op->val[1]);
	} else if (!strcmp(name, "do_munmap")) {
		need_mm(g);
		emit(g, "\tif (mm)\n\t\tcheck(do_munmap(mm, %#llx, %llu) == %s, \"%s\");\n",
		     (unsigned long long)op->val[0], (unsigned long long)op->val[1],
		     op->val[1] ? "0" : "-EINVAL", g->op_text);
	} else if (!strcmp(name, "pagefault_disable")) {
		emit(g, "\tpagefault_disable();\n");
		g->pf_disabled++;
	} else if (!strcmp(name, "pagefault_enable")) {
		if (!g->pf_disabled) {
			misuse_report(g, REPORT_BAD_CONTEXT, "\t", "pagefault_enable()");
			return true;
		}
		emit(g, "\tpagefault_enable();\n");
		g->pf_disabled--;
	} else if (!strcmp(name, "exit_mm")) {
		if (!g->mm_live) {
			skipped(g, "no process");
			return true;
		}
		emit(g, "\tif (mm) {\n\t\tcurrent->mm = NULL;\n\t\tmmput(mm);\n\t\tmm = NULL;\n\t}\n");
		g->mm_live = false;
	} else if (!strcmp(name, "copy_to_user") || !strcmp(name, "copy_from_user")) {
		bool to = name[5] == 't';
		int s = (int)op->val[to ? 1 : 0];
		unsigned long long uaddr = (unsigned long long)op->val[to ? 0 : 1];
		char k[64];

		if (!kernel_side(g, s, (u32)op->val[2], k, sizeof(k))) {
			skipped(g, "no kernel memory the copy can name");
			return true;
		}
		need_mm(g);
		/* What hardened usercopy makes of it the harness's model predicts. */
		if (to)
			emit(g, "\tif (mm && p%d)\n\t\t(void)copy_to_user(%#llx, %s, %llu);\n",
			     s, uaddr, k, (unsigned long long)op->val[3]);
		else
			emit(g, "\tif (mm && p%d)\n\t\t(void)copy_from_user(%s, %#llx, %llu);\n",
			     s, k, uaddr, (unsigned long long)op->val[3]);
		/* The object holds the user's bytes now, or some of them. */
		if (!to)
			g->slot[s].fill = FILL_NONE;
	} else {
		return false;
	}
	return true;
}

/* ---- DMA and the count-taking allocations -------------------------------------------------- */

static const char *const dev_names[3] = { "isa", "dev32", "dev64" };

/* Live coherent buffers (or pool blocks) of @dev/@pool other than @s, as " && hN != hA". */
static void other_handles(struct gen *g, int s, char *buf, size_t n)
{
	const struct cslot *c = &g->slot[s];
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i < PROG_MAX_SLOTS; i++) {
		const struct cslot *o = &g->slot[i];

		if (i == s || !o->live || o->kind != c->kind ||
		    (c->kind == SK_COHERENT ? o->dev != c->dev : o->parent != c->parent))
			continue;
		if (len < n)
			len += (size_t)snprintf(buf + len, n - len, " && !(p%d && h%d == h%d)", i, s, i);
	}
}

/* kmalloc_array() and kin: free what they got at once, NULL on overflow. */
static void emit_count(struct gen *g, const struct op *op, const char *name)
{
	size_t n = arg_nmemb_value(op->val[0]), size = (size_t)op->val[1];
	bool overflow = size && n > SIZE_MAX / size;
	bool vonly = name[0] == 'v', kmalloc_only = !strcmp(name, "kmalloc_array");

	g->no_leak_check = true;
	if (!overflow && !kmalloc_only && n * size > COUNT_SLOW_BYTES &&
	    n * size <= (name[1] == 'v' ? (size_t)INT_MAX : (size_t)8 << 30)) {
		skipped(g, "that many bytes through vmalloc are too slow");
		return;
	}
	emit(g, "\t{\n\t\tvoid *mem = %s(%zuUL, %zu%s);\n\n", name, n, size,
	     vonly ? "" : ", GFP_KERNEL");
	if (overflow)
		emit(g, "\t\tcheck(!mem, \"%s: n * size overflows, NULL\");\n", g->op_text);
	else
		emit(g, "\t\tif (!ZERO_OR_NULL_PTR(mem))\n\t\t\t%s(mem);\n", vonly ? "vfree" : "kvfree");
	emit(g, "\t}\n");
}

static bool emit_dma(struct gen *g, const struct op *op, const char *name, bool bad)
{
	const struct op_desc *d = op_table[op->type];
	int s = (int)op->val[0];
	struct cslot *c = &g->slot[s];
	char others[512];

	if (!strcmp(name, "dma_alloc_coherent")) {
		unsigned int dev = (unsigned int)op->val[0] % 3;
		u32 size = (u32)op->val[1];
		s64 gfp = op->val[2];
		struct cslot *n = new_slot(g, op, SK_COHERENT);

		n->dev = (u8)dev;
		n->size = size;
		if ((gfp & __GFP_COMP) || (!size && !(gfp & __GFP_NOWARN))) {
			/* Refused up front with one warning. */
			sbuf_printf(g->out, "\tEXPECT_REFUSED(REPORT_BAD_ARG, p%d = dma_alloc_coherent(dma_dev(%u), %u, &h%d, ",
				    op->slot, dev, size, op->slot);
			print_gfp_c(gfp, g->out);
			emit(g, "));\n\tcheck(!p%d, \"%s: refused\");\n", op->slot, g->op_text);
			n->live = false;
			return true;
		}
		emit(g, "\tp%d = dma_alloc_coherent(dma_dev(%u), %u, &h%d, ", op->slot, dev, size,
		     op->slot);
		print_gfp_c(gfp, g->out);
		emit(g, ");\t/* %s */\n", dev_names[dev]);
	} else if (!strcmp(name, "dma_free_coherent") && !bad) {
		if (c->kind != SK_COHERENT || !c->live) {
			skipped(g, "no live coherent buffer");
			return true;
		}
		emit(g, "\tif (p%d)\n\t\tdma_free_coherent(dma_dev(%u), %u, p%d, h%d);\n",
		     s, c->dev, c->size, s, s);
		c->live = false;
	} else if (!strcmp(name, "dma_free_coherent") && d->args[0].kind == ARG_LIVE) {
		u32 size = (u32)op->val[1];

		if (c->kind != SK_COHERENT || !c->live) {
			skipped(g, "no live coherent buffer");
			return true;
		}
		emit(g, "\tif (p%d)\n", s);
		misuse_report(g, REPORT_DMA_BAD_FREE, "\t\t", "dma_free_coherent(dma_dev(%u), %u, p%d, h%d)",
			      c->dev, size == c->size ? size + 1 : size, s, s);
	} else if (!strcmp(name, "dma_free_coherent")) {
		if (c->kind != SK_COHERENT) {
			skipped(g, "no freed coherent buffer");
			return true;
		}
		/* Not if a live buffer has the same bus address now. */
		other_handles(g, s, others, sizeof(others));
		emit(g, "\tif (p%d%s)\n", s, others);
		misuse_report(g, REPORT_DMA_BAD_FREE, "\t\t", "dma_free_coherent(dma_dev(%u), %u, p%d, h%d)",
			      c->dev, c->size, s, s);
	} else if (!strcmp(name, "dma_pool_create")) {
		unsigned int dev = (unsigned int)op->val[0] % 3;

		new_slot(g, op, SK_POOL)->dev = (u8)dev;
		g->no_leak_check = true;
		emit(g, "\tp%d = dma_pool_create(\"pool-p%d\", dma_dev(%u), %llu, %llu, %llu);\n",
		     op->slot, op->slot, dev, (unsigned long long)op->val[1],
		     (unsigned long long)op->val[2], (unsigned long long)op->val[3]);
	} else if (!strcmp(name, "dma_pool_alloc") || !strcmp(name, "dma_pool_zalloc")) {
		struct cslot *n;

		if (c->kind != SK_POOL || !c->live) {
			skipped(g, "no live pool");
			return true;
		}
		n = new_slot(g, op, SK_BLOCK);
		n->parent = (int16_t)s;
		emit(g, "\tif (p%d)\n\t\tp%d = %s(p%d, ", s, op->slot, name, s);
		print_gfp_c(op->val[1], g->out);
		emit(g, ", &h%d);\n", op->slot);
	} else if (!strcmp(name, "dma_pool_free") && !bad) {
		if (c->kind != SK_BLOCK || !c->live) {
			skipped(g, "no live pool block");
			return true;
		}
		emit(g, "\tif (p%d)\n\t\tdma_pool_free(p%d, p%d, h%d);\n", s, c->parent, s, s);
		c->live = false;
	} else if (!strcmp(name, "dma_pool_free")) {
		if (c->kind != SK_BLOCK || !g->slot[c->parent].live) {
			skipped(g, "needs a freed block of a live pool");
			return true;
		}
		other_handles(g, s, others, sizeof(others));
		emit(g, "\tif (p%d && p%d%s)\n", c->parent, s, others);
		misuse_report(g, REPORT_DMA_BAD_FREE, "\t\t", "dma_pool_free(p%d, p%d, h%d)",
			      c->parent, s, s);
	} else if (!strcmp(name, "dma_pool_destroy")) {
		if (c->kind != SK_POOL || !c->live) {
			skipped(g, "no live pool");
			return true;
		}
		if (live_children(g, s, SK_BLOCK, others, sizeof(others))) {
			/* Refused while it has blocks: the pool and its blocks stay. */
			emit(g, "\tif (p%d && (%s))\n", s, others);
			misuse_report(g, REPORT_DMA_POOL_BUSY, "\t\t", "dma_pool_destroy(p%d)", s);
			emit(g, "\telse if (p%d) {\n\t\tdma_pool_destroy(p%d);\n\t\tp%d = NULL;\n\t}\n",
			     s, s, s);
			return true;
		}
		emit(g, "\tif (p%d) {\n\t\tdma_pool_destroy(p%d);\n\t\tp%d = NULL;\n\t}\n", s, s, s);
	} else if (!strcmp(name, "alloc_pages_exact")) {
		new_slot(g, op, SK_EXACT)->size = (u32)op->val[0];
		emit(g, "\tp%d = alloc_pages_exact(%u, ", op->slot, (u32)op->val[0]);
		print_gfp_c(op->val[1], g->out);
		emit(g, ");\n");
	} else if (!strcmp(name, "free_pages_exact")) {
		if (c->kind != SK_EXACT || !c->live) {
			skipped(g, "no live exact allocation");
			return true;
		}
		emit(g, "\tif (p%d)\n\t\tfree_pages_exact(p%d, %u);\n", s, s, c->size);
		c->live = false;
	} else if (!strcmp(name, "kmalloc_array") || !strcmp(name, "kvmalloc_array") ||
		   !strcmp(name, "kvcalloc") || !strcmp(name, "vmalloc_array") ||
		   !strcmp(name, "vcalloc")) {
		emit_count(g, op, name);
	} else if (!strcmp(name, "krealloc_array")) {
		size_t n = arg_nmemb_value(op->val[1]), size = (size_t)op->val[2];

		if (c->kind != SK_KMALLOC || !c->live || !size || n <= SIZE_MAX / size) {
			skipped(g, "needs a live kmalloc object and an overflowing count");
			return true;
		}
		emit(g, "\tif (p%d)\n\t\tcheck(!krealloc_array(p%d, %zuUL, %zu, GFP_KERNEL), \"%s: overflows, NULL\");\n",
		     s, s, n, size, g->op_text);
	} else {
		return false;
	}
	return true;
}

/* Emit @op; false if it has no C form. */
static bool emit_op(struct gen *g, const struct op *op)
{
	const struct op_desc *d = op_table[op->type];
	bool bad = d->expect != NR_REPORT_TYPES;

	if (d->ctx_push || d->ctx_pop || (bad && d->ctx_absent))
		return emit_context(g, op, bad);
	return emit_buddy(g, op, d->name, bad) || emit_kmap(g, op, d->name) ||
	       emit_slab(g, op, d->name, bad) || emit_vmalloc(g, op, d->name, bad) ||
	       emit_fault(g, op, d->name) || emit_process(g, op, d->name) ||
	       emit_dma(g, op, d->name, bad);
}

/* ---- the file ------------------------------------------------------------------- */

/* What every reproducer has before main(): its checks and small helpers. */
static const char preamble[] =
	"#include <errno.h>\n#include <limits.h>\n#include <stdint.h>\n#include <stdio.h>\n#include <string.h>\n\n"
	"#include <linux/balloon.h>\n#include <linux/dma-mapping.h>\n#include <linux/dmapool.h>\n"
	"#include <linux/fault-inject.h>\n#include <linux/gfp.h>\n#include <linux/hardirq.h>\n"
	"#include <linux/highmem.h>\n#include <linux/irqflags.h>\n#include <linux/machine.h>\n"
	"#include <linux/mm.h>\n#include <linux/mmdebug.h>\n#include <linux/mmzone.h>\n"
	"#include <linux/preempt.h>\n#include <linux/report.h>\n#include <linux/sched.h>\n"
	"#include <linux/sched/mm.h>\n#include <linux/slab.h>\n#include <linux/spinlock.h>\n"
	"#include <linux/uaccess.h>\n#include <linux/vmalloc.h>\n\n"
	"#define __maybe_unused\t__attribute__((unused))\n\n"
	"static int reproduced;\n\n"
	"static void check(bool ok, const char *what)\n{\n"
	"\tif (!ok) {\n\t\tprintf(\"REPRODUCED: %s\\n\", what);\n"
	"\t\treproduced = 1;\n\t}\n}\n\n"
	"/* A misuse: one report of its type, and refused (free pages kept). */\n"
	"#define EXPECT_REFUSED(type, call) do {\t\t\t\t\\\n"
	"\tunsigned long _reports = report_count(type);\t\t\t\\\n"
	"\tunsigned long _free = nr_free_pages();\t\t\t\t\\\n"
	"\tcall;\t\t\t\t\t\t\t\t\\\n"
	"\tcheck(report_count(type) == _reports + 1,\t\t\t\\\n"
	"\t      #call \": one \" #type \" report\");\t\t\t\\\n"
	"\tcheck(nr_free_pages() == _free, #call \": refused\");\t\t\\\n"
	"} while (0)\n\n"
	"static __maybe_unused spinlock_t lock;\n"
	"static __maybe_unused unsigned char ubuf[1 << 17];\n\n"
	"static __maybe_unused struct page *addr_page(unsigned long addr)\n{\n"
	"\treturn addr ? virt_to_page((void *)addr) : NULL;\n}\n\n"
	"/* free_pages() by address; highmem has none: __free_pages(). */\n"
	"static __maybe_unused void free_block(struct page *page, unsigned int order)\n{\n"
	"\tif (page_address(page))\n"
	"\t\tfree_pages((unsigned long)page_address(page), order);\n"
	"\telse\n\t\t__free_pages(page, order);\n}\n\n"
	"/* Is a freed page block's first page some allocation's again? */\n"
	"static __maybe_unused bool page_in_use(struct page *page)\n{\n"
	"\treturn alloc_block_head(page) != NULL;\n}\n\n"
	"/* memset() of [off, off + len) of a block, a page at a time through kmap_local. */\n"
	"static __maybe_unused void block_fill(struct page *page, size_t off, size_t len, int c)\n{\n"
	"\twhile (len) {\n"
	"\t\tsize_t n = PAGE_SIZE - off % PAGE_SIZE < len ? PAGE_SIZE - off % PAGE_SIZE : len;\n"
	"\t\tchar *p = kmap_local_page(pfn_to_page(page_to_pfn(page) + off / PAGE_SIZE));\n\n"
	"\t\tmemset(p + off % PAGE_SIZE, c, n);\n\t\tkunmap_local(p);\n"
	"\t\toff += n;\n\t\tlen -= n;\n\t}\n}\n\n"
	"/* Does [p, p + len) hold @c in every byte? */\n"
	"static __maybe_unused bool bytes_are(const void *p, int c, size_t len)\n{\n"
	"\tfor (size_t i = 0; i < len; i++)\n"
	"\t\tif (((const unsigned char *)p)[i] != (unsigned char)c)\n\t\t\treturn false;\n"
	"\treturn true;\n}\n\n"
	"static __maybe_unused bool block_holds(struct page *page, size_t off, size_t len, int c)\n{\n"
	"\tbool ok = true;\n\n"
	"\twhile (len && ok) {\n"
	"\t\tsize_t n = PAGE_SIZE - off % PAGE_SIZE < len ? PAGE_SIZE - off % PAGE_SIZE : len;\n"
	"\t\tchar *p = kmap_local_page(pfn_to_page(page_to_pfn(page) + off / PAGE_SIZE));\n\n"
	"\t\tok = bytes_are(p + off % PAGE_SIZE, c, n);\n\t\tkunmap_local(p);\n"
	"\t\toff += n;\n\t\tlen -= n;\n\t}\n\treturn ok;\n}\n\n"
	"/*\n * The kmap_local_page() mappings of highmem pages held, per CPU, innermost\n"
	" * last (lowmem needs none): kunmap_local() must follow that nesting.\n */\n"
	"static __maybe_unused struct { struct page *page; void *addr; } kl[NR_CPUS][16];\n"
	"static __maybe_unused unsigned int kl_depth[NR_CPUS];\n\n"
	"static __maybe_unused void kl_map(struct page *page)\n{\n"
	"\tunsigned int cpu = smp_processor_id();\n\tvoid *addr;\n\n"
	"\tif (!PageHighMem(page)) {\n\t\tkunmap_local(kmap_local_page(page));\n\t\treturn;\n\t}\n"
	"\tif (kl_depth[cpu] == 16) {\n"
	"\t\tEXPECT_REFUSED(REPORT_BAD_KMAP, addr = kmap_local_page(page));\n\t\treturn;\n\t}\n"
	"\taddr = kmap_local_page(page);\n\tcheck(addr != NULL, \"kmap_local_page() of highmem\");\n"
	"\tkl[cpu][kl_depth[cpu]].page = page;\n\tkl[cpu][kl_depth[cpu]++].addr = addr;\n}\n\n"
	"static __maybe_unused void kl_unmap(struct page *page)\n{\n"
	"\tunsigned int cpu = smp_processor_id(), i = kl_depth[cpu];\n\n"
	"\tif (i && kl[cpu][i - 1].page == page) {\n"
	"\t\tkunmap_local(kl[cpu][--kl_depth[cpu]].addr);\n\t\treturn;\n\t}\n"
	"\twhile (i-- > 0)\n\t\tif (kl[cpu][i].page == page) {\n"
	"\t\t\t/* Out of order: refused. */\n"
	"\t\t\tEXPECT_REFUSED(REPORT_BAD_KMAP, kunmap_local(kl[cpu][i].addr));\n"
	"\t\t\treturn;\n\t\t}\n}\n\n"
	"/* vmap() of every page of a block. */\n"
	"static __maybe_unused void *vmap_block(struct page *page, unsigned int order)\n{\n"
	"\tstatic struct page *pages[1UL << MAX_PAGE_ORDER];\n\n"
	"\tfor (unsigned long i = 0; i < 1UL << order; i++)\n"
	"\t\tpages[i] = pfn_to_page(page_to_pfn(page) + i);\n"
	"\treturn vmap(pages, 1U << order, VM_MAP, PAGE_KERNEL);\n}\n\n"
	"/* Has the slab of a freed object of @s gone back to the page allocator? */\n"
	"static __maybe_unused bool slab_gone(void *obj, struct kmem_cache *s)\n{\n"
	"\tconst struct page *head = compound_head(virt_to_page(obj));\n\n"
	"\treturn !PageSlab(head) || head->slab_cache != s;\n}\n\n"
	"/* The devices: an ISA one (24-bit), a 32-bit one, a 64-bit one. */\n"
	"static __maybe_unused struct device *dma_dev(unsigned int d)\n{\n"
	"\tstatic struct device devs[3];\n"
	"\tstatic const char *const names[3] = { \"isa\", \"dev32\", \"dev64\" };\n"
	"\tstatic const unsigned int bits[3] = { 24, 32, 64 };\n\n"
	"\tdevice_initialize(&devs[d], names[d]);\n"
	"\tcheck(!dma_set_mask_and_coherent(&devs[d], DMA_BIT_MASK(bits[d])), \"dma_set_mask_and_coherent()\");\n"
	"\treturn &devs[d];\n}\n\n"
	"/* A process as the ELF loader leaves it: an empty heap after the data. */\n"
	"static __maybe_unused struct mm_struct *new_process(void)\n{\n"
	"\tstruct mm_struct *mm = mm_alloc();\n\n"
	"\tif (!mm)\n\t\treturn NULL;\n";

static void emit_header(struct gen *g, const char *origin, struct sbuf *o)
{
	const struct prog_header *h = &g->prog->hdr;
	const struct machine_tmpl *t = &machine_tmpls[h->machine];
	struct sbuf text = SBUF_INIT;

	sbuf_puts(o, "// SPDX-License-Identifier: GPL-2.0\n/*\n"
		  " * A standalone reproducer written by ./mmfuzz cprog");
	if (origin)
		sbuf_printf(o, " from %s", origin);
	sbuf_puts(o, ".\n * Build it against mm/ (either arch) and run it: exit 1 and\n"
		  " * \"REPRODUCED:\" lines when a check fails, 0 when all hold.\n"
		  " *\n * The program:\n");
	prog_print(g->prog, &text);
	for (const char *l = sbuf_str(&text); *l; ) {
		const char *nl = strchr(l, '\n');
		int n = nl ? (int)(nl - l) : (int)strlen(l);

		/* A comment in the program must not end this one. */
		sbuf_puts(o, " *   ");
		for (int i = 0; i < n; i++)
			sbuf_printf(o, "%c", l[i] == '*' && i + 1 < n && l[i + 1] == '/' ? '+' : l[i]);
		sbuf_puts(o, "\n");
		l += n + (nl != NULL);
	}
	sbuf_free(&text);
	sbuf_puts(o, " */\n");
	sbuf_puts(o, preamble);
	sbuf_printf(o, "\tmm->start_brk = mm->brk = %#lx;\n\tmm->rlimit_data = %d * PAGE_SIZE;\n"
		    "\tcurrent->mm = mm;\n\treturn mm;\n}\n\n", UADDR_HEAP, UADDR_HEAP_PAGES);
	sbuf_puts(o, "/* user_write() of @len bytes of @c. */\n"
		  "static __maybe_unused void user_fill(struct mm_struct *mm, unsigned long addr,\n"
		  "\t\t\t\t     size_t len, int c)\n{\n"
		  "\tmemset(ubuf, c, len);\n\tuser_write(mm, addr, ubuf, len);\n}\n\n");
	sbuf_puts(o, sbuf_str(g->fns));
	sbuf_puts(o, "int main(void)\n{\n\tstatic const struct e820_entry map[] = {\n");
	for (unsigned int i = 0; i < t->nr_ranges; i++)
		sbuf_printf(o, "\t\t{ %#llx, %#llx, E820_TYPE_RAM },\n",
			    (unsigned long long)t->ram[i].start,
			    (unsigned long long)(t->ram[i].end - t->ram[i].start));
	sbuf_printf(o, "\t};\n\tstruct machine_desc desc = {\n"
		    "\t\t.map = map,\n\t\t.nr_map = %u,\n\t\t.nr_nodes = %u,\n"
		    "\t\t.nr_cpus = %u,\n\t\t.min_free_kbytes = %lu,\n",
		    t->nr_ranges, h->nr_nodes, h->nr_cpus, min_free_choices[h->min_free]);
	if (slab_debug_choices[h->slab_debug])
		sbuf_printf(o, "\t\t.slab_debug = \"%s\",\n", slab_debug_choices[h->slab_debug]);
	sbuf_printf(o, "\t};\n\tunsigned long boot_free;\n%s\n", sbuf_str(g->decl));
	sbuf_puts(o, "\treport_set_output(NULL);\n"
		  "\tif (machine_boot(&desc)) {\n"
		  "\t\tprintf(\"REPRODUCED: machine_boot() failed\\n\");\n\t\treturn 1;\n\t}\n"
		  "\tdrain_all_pages(NULL);\n\tboot_free = nr_free_pages();\n");
	if (g->lock)
		sbuf_puts(o, "\tspin_lock_init(&lock);\n");
	sbuf_puts(o, "\n");
}

/* Free slot @s at the end, as the harness's end does. */
static void free_at_end(struct gen *g, int s)
{
	struct cslot *c = &g->slot[s];

	switch (c->kind) {
	case SK_KMALLOC:
	case SK_OBJECT:
	case SK_KVMALLOC:
		if (c->kind == SK_OBJECT && g->slot[c->parent].fill == FILL_CTOR)
			emit(g, "\tif (p%d)\n\t\tmemset(p%d, %#x, %u);\n", s, s, CTOR_BYTE, c->size);
		emit(g, "\tkvfree(p%d);\n", s);
		break;
	case SK_BLOCK:
		emit(g, "\tif (p%d)\n\t\tdma_pool_free(p%d, p%d, h%d);\n", s, c->parent, s, s);
		break;
	case SK_COHERENT:
		emit(g, "\tif (p%d)\n\t\tdma_free_coherent(dma_dev(%u), %u, p%d, h%d);\n",
		     s, c->dev, c->size, s, s);
		break;
	case SK_EXACT:
		emit(g, "\tif (p%d)\n\t\tfree_pages_exact(p%d, %u);\n", s, s, c->size);
		break;
	case SK_PAGES:
		emit(g, "\tif (p%d)\n\t\t__free_pages(p%d, %u);\n", s, s, c->order);
		break;
	case SK_VMALLOC:
	case SK_VMAP:
		emit(g, "\tvfree(p%d);\n", s);
		break;
	default:
		break;
	}
}

static void emit_end(struct gen *g)
{
	/* The order of the harness's end (oracle_end()). */
	static const u8 order[] = {
		SK_KMALLOC, SK_OBJECT, SK_KVMALLOC, SK_BLOCK, SK_COHERENT, SK_EXACT,
	};

	emit(g, "\n\t/* The end: close what is open, free what is live, as the harness does. */\n");
	while (g->depth)
		close_frame(g, "\t");
	while (g->pf_disabled--)
		emit(g, "\tpagefault_enable();\n");
	if (g->balloon)
		emit(g, "\tballoon_deflate(ULONG_MAX);\n");
	for (int s = 0; s < PROG_MAX_SLOTS; s++)
		for (u32 k = g->slot[s].kind == SK_PAGES ? g->slot[s].kmaps : 0; k; k--)
			emit(g, "\tif (p%d)\n\t\tkunmap(p%d);\n", s, s);
	if (g->kl)
		emit(g, "\tfor (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {\n"
		     "\t\tif (!kl_depth[cpu])\n\t\t\tcontinue;\n\t\tmachine_set_cpu(cpu);\n"
		     "\t\twhile (kl_depth[cpu])\n\t\t\tkunmap_local(kl[cpu][--kl_depth[cpu]].addr);\n"
		     "\t}\n\tmachine_set_cpu(%u);\n", g->cpu);
	for (size_t k = 0; k < ARRAY_SIZE(order); k++)
		for (int s = 0; s < PROG_MAX_SLOTS; s++)
			if (g->slot[s].live && g->slot[s].kind == order[k])
				free_at_end(g, s);
	for (int s = 0; s < PROG_MAX_SLOTS; s++) {
		if (g->slot[s].live && g->slot[s].kind == SK_CACHE)
			emit(g, "\tif (p%d)\n\t\tkmem_cache_destroy(p%d);\n", s, s);
		if (g->slot[s].live && g->slot[s].kind == SK_POOL)
			emit(g, "\tif (p%d)\n\t\tdma_pool_destroy(p%d);\n", s, s);
	}
	if (g->mm_declared)
		emit(g, "\tif (mm) {\n\t\tcurrent->mm = NULL;\n\t\tmmput(mm);\n\t}\n");
	for (int s = 0; s < PROG_MAX_SLOTS; s++)
		if (g->slot[s].live && g->slot[s].kind == SK_PAGES)
			free_at_end(g, s);
	for (int s = 0; s < PROG_MAX_SLOTS; s++)
		if (g->slot[s].live && is_area_kind(g->slot[s].kind))
			free_at_end(g, s);
	emit(g, "\tdrain_all_pages(NULL);\n"
	     "\tcheck(page_alloc_is_valid(), \"page_alloc_is_valid()\");\n");
	if (g->no_leak_check || g->mm_declared)
		emit(g, "\t/* No leak count: slab caches and page tables stay. */\n"
		     "\t(void)boot_free;\n");
	else
		emit(g, "\tcheck(nr_free_pages() == boot_free, \"free pages back at boot count (leak)\");\n");
	emit(g, "\tmachine_teardown();\n"
	     "\tif (!reproduced)\n\t\tprintf(\"not reproduced: every check holds\\n\");\n"
	     "\treturn reproduced;\n}\n");
}

unsigned int prog_to_c(const struct prog *prog, const char *origin,
		       struct sbuf *out)
{
	static struct gen g;
	struct sbuf body = SBUF_INIT, decl = SBUF_INIT, fns = SBUF_INIT;
	unsigned int missing = 0;

	memset(&g, 0, sizeof(g));
	g.prog = prog;
	g.out = &body;
	g.decl = &decl;
	g.fns = &fns;
	for (unsigned int i = 0; i < prog->nr_ops; i++) {
		struct sbuf text = SBUF_INIT;

		prog_print_op(&prog->ops[i], &text);
		/* Quoted in C strings and comments: no quote, backslash or comment end. */
		for (char *c = (char *)sbuf_str(&text); *c; c++)
			if (*c == '"' || *c == '\\' || (*c == '*' && c[1] == '/'))
				*c = '\'';
		g.op_text = sbuf_str(&text);
		sbuf_printf(&body, "\t/* op %u: %s */\n", i, g.op_text);
		if (!emit_op(&g, &prog->ops[i])) {
			sbuf_printf(&body, "\t/* no C form yet: skipped */\n");
			missing++;
		}
		sbuf_free(&text);
	}
	g.out = &body;
	emit_end(&g);
	emit_header(&g, origin, out);
	sbuf_puts(out, sbuf_str(&body));
	sbuf_free(&body);
	sbuf_free(&decl);
	sbuf_free(&fns);
	return missing;
}
