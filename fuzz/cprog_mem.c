// SPDX-License-Identifier: GPL-2.0
/*
 * The C forms of the memory ops (cprog_gen.h): page blocks and their
 * write/check, kmap, the slab (kmalloc, kmem_cache_*, kmem_write/check),
 * vmalloc, vmap and kvmalloc.  A pattern is a memset() of its seed byte;
 * the generator keeps the regions each block was written with, so a check
 * reads back exactly what the program wrote (and zero elsewhere in a
 * zeroed block), and each object's promise (zero, its constructor's byte,
 * the last kmem_write()).
 */
#include <stdio.h>
#include <string.h>

#include <linux/slab.h>

#include "fuzz/cprog_gen.h"

/* ---- buddy ---------------------------------------------------------------- */

static void new_pages(struct gen *g, const struct op *op, unsigned int order, s64 gfp)
{
	struct cslot *c = cprog_new_slot(g, op, SK_PAGES);

	c->order = (u8)order;
	c->zeroed = (gfp & __GFP_ZERO) != 0;
}

bool cprog_emit_buddy(struct gen *g, const struct op *op, const char *name, bool bad)
{
	const struct op_desc *d = op_table[op->type];
	int s = (int)op->val[0];
	struct cslot *c = cprog_arg_slot(g, op);

	if (!strcmp(name, "alloc_pages")) {
		new_pages(g, op, (unsigned int)op->val[1], op->val[0]);
		cprog_emit(g, "\tp%d = alloc_pages_node(%d, ", op->slot, (int)op->val[2]);
		cprog_print_gfp(op->val[0], g->out);
		cprog_emit(g, ", %d);\n", (int)op->val[1]);
	} else if (!strcmp(name, "__get_free_pages") || !strcmp(name, "get_zeroed_page")) {
		bool zeroed = name[0] == 'g';

		new_pages(g, op, zeroed ? 0 : (unsigned int)op->val[1],
			  op->val[0] | (zeroed ? __GFP_ZERO : 0));
		cprog_emit(g, "\tp%d = addr_page(%s(", op->slot, zeroed ? "get_zeroed_page" : "__get_free_pages");
		cprog_print_gfp(op->val[0], g->out);
		if (zeroed)
			cprog_emit(g, "));\n");
		else
			cprog_emit(g, ", %d));\n", (int)op->val[1]);
	} else if (!strcmp(name, "__free_pages") && !bad) {
		if (c->kind != SK_PAGES) {
			cprog_skipped(g, "not a page block");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n\t\t__free_pages(p%d, %u);\n", s, s, c->order);
		c->live = false;
	} else if (!strcmp(name, "free_pages") && !bad) {
		if (is_object_kind(c->kind) || c->kind == SK_KVMALLOC) {
			char t[64];

			/* A slab object's page is the slab layer's. */
			cprog_slot_test(g, s, false, t, sizeof(t));
			cprog_emit(g, "\tif (%s && !ZERO_OR_NULL_PTR(p%d))\n", t, s);
			cprog_misuse(g, REPORT_OWNED_FREE, "\t\t",
				      "free_pages((unsigned long)page_address(compound_head(virt_to_page(p%d))), 0)",
				      s);
			return true;
		}
		if (c->kind != SK_PAGES) {
			cprog_skipped(g, "not a page block");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n\t\tfree_block(p%d, %u);\n", s, s, c->order);
		c->live = false;
	} else if (!strcmp(name, "__free_pages") && d->args[0].kind == ARG_FREED) {
		if (c->kind != SK_PAGES) {
			cprog_skipped(g, "not a page block");
			return true;
		}
		/* Taken again since (a live block, a slab, a page table): not a double free. */
		cprog_emit(g, "\tif (p%d && !page_in_use(p%d))\n", s, s);
		cprog_misuse(g, d->expect, "\t\t", "__free_pages(p%d, %u)", s, c->order);
	} else if (!strcmp(name, "__free_pages") && d->args[1].kind == ARG_WRONG_ORDER) {
		if (c->kind != SK_PAGES) {
			cprog_skipped(g, "not a page block");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n", s);
		cprog_misuse(g, d->expect, "\t\t", "__free_pages(p%d, %d)", s, (int)op->val[1]);
	} else if (!strcmp(name, "__free_pages") && d->args[0].kind == ARG_TAIL) {
		if (c->kind != SK_PAGES) {
			cprog_skipped(g, "not a page block");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n", s);
		cprog_misuse(g, d->expect, "\t\t",
			      "__free_pages(pfn_to_page(page_to_pfn(p%d) + %d), %d)",
			      s, (int)op->val[1], (int)op->val[2]);
	} else if (!strcmp(name, "__free_pages") && d->args[0].kind == ARG_RESERVED) {
		/* A boot page-table page: the top level's stands for them all. */
		cprog_misuse(g, d->expect, "\t",
			      "__free_pages(pfn_to_page(PHYS_PFN(machine.swapper_pg_dir)), %d)",
			      (int)op->val[1]);
	} else if (!strcmp(name, "__free_pages") && d->args[0].kind == ARG_BAD_PFN) {
		cprog_misuse(g, d->expect, "\t", "__free_pages(pfn_to_page(%#llx), %d)",
			      (unsigned long long)op->val[0], (int)op->val[1]);
	} else if (!strcmp(name, "write")) {
		if (c->kind != SK_PAGES) {
			cprog_skipped(g, "not a page block");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n\t\tblock_fill(p%d, %u, %u, %#x);\n", s, s,
		     (u32)op->val[1], (u32)op->val[2], (u8)op->val[3]);
		if (regions_paint(c->regions, &c->nr_regions, (u32)op->val[1], (u32)op->val[2],
				  (u8)op->val[3]))
			c->zeroed = false;
	} else if (!strcmp(name, "check")) {
		u32 off = (u32)op->val[1], end = off + (u32)op->val[2];

		if (c->kind != SK_PAGES) {
			cprog_skipped(g, "not a page block");
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
				cprog_emit(g, "\tif (p%d)\n\t\tcheck(block_holds(p%d, %u, %u, %#x), \"%s: bytes %u..%u\");\n",
				     s, s, at, next - at, byte, g->op_text, at, next - 1);
			at = next;
		}
	} else if (!strcmp(name, "cpu")) {
		unsigned int cpu = (unsigned int)op->val[0];
		char mapped[CPROG_MAPPED_LEN];
		bool atomic = false;

		/*
		 * Atomic: a preempt count, or interrupts off (however they got so).
		 * A kmap_atomic() frame counts when its call mapped something, which
		 * only the run knows; g->cpu then stays what it was.
		 */
		for (unsigned int i = 0; i < g->depth; i++)
			atomic |= g->frames[i].frame == CTX_PREEMPT || g->frames[i].frame == CTX_SPIN ||
				  g->frames[i].frame == CTX_HARDIRQ;
		atomic |= g->irqs_off;
		if (cpu != g->cpu && (atomic || cprog_kmap_atomic_mapped(g, mapped))) {
			/* A task cannot migrate while atomic. */
			if (!atomic)
				cprog_emit(g, "\tif (!(%s))\n\t\tmachine_set_cpu(%u);\n\telse\n",
					   mapped, cpu);
			cprog_misuse(g, REPORT_BAD_CONTEXT, atomic ? "\t" : "\t\t",
				     "machine_set_cpu(%u)", cpu);
			return true;
		}
		cprog_emit(g, "\tmachine_set_cpu(%u);\n", cpu);
		g->cpu = cpu;
	} else if (!strcmp(name, "drain_local_pages") || !strcmp(name, "drain_all_pages")) {
		cprog_emit(g, "\t%s(NULL);\n", name);
	} else {
		return false;
	}
	return true;
}

/* ---- kmap ------------------------------------------------------------------- */

bool cprog_emit_kmap(struct gen *g, const struct op *op, const char *name)
{
	int s = (int)op->val[0];
	struct cslot *c = cprog_arg_slot(g, op);

	if (strcmp(name, "kmap") && strcmp(name, "kunmap") && strcmp(name, "page_address") &&
	    strcmp(name, "kmap_local_page") && strcmp(name, "kunmap_local"))
		return false;
	if (c->kind != SK_PAGES || !c->live) {
		cprog_skipped(g, "not a live page block");
		return true;
	}
	if (!strcmp(name, "kmap")) {
		/* Lowmem: its direct-map address; highmem: a PKMAP one, its page_address() now. */
		cprog_emit(g, "\tif (p%d) {\n\t\tvoid *addr = kmap(p%d);\n\n"
		     "\t\tcheck(addr && addr == page_address(p%d), \"%s: the page's address\");\n\t}\n",
		     s, s, s, g->op_text);
		c->kmaps++;
	} else if (!strcmp(name, "kunmap") && c->kmaps) {
		cprog_emit(g, "\tif (p%d)\n\t\tkunmap(p%d);\n", s, s);
		c->kmaps--;
	} else if (!strcmp(name, "kunmap")) {
		/* Lowmem: nothing to undo; highmem with no kmap(): the misuse. */
		cprog_emit(g, "\tif (p%d && PageHighMem(p%d))\n", s, s);
		cprog_misuse(g, REPORT_BAD_KMAP, "\t\t", "kunmap(p%d)", s);
	} else if (!strcmp(name, "page_address")) {
		/* NULL only for a highmem page no kmap() holds (or one unmapped lazily). */
		if (c->kmaps)
			cprog_emit(g, "\tif (p%d)\n\t\tcheck(page_address(p%d) != NULL, \"%s: kmap()ed\");\n",
			     s, s, g->op_text);
		else
			cprog_emit(g, "\tif (p%d)\n\t\tcheck(PageHighMem(p%d) || page_address(p%d) != NULL, \"%s\");\n",
			     s, s, s, g->op_text);
	} else if (!strcmp(name, "kmap_local_page")) {
		g->kl = true;
		cprog_emit(g, "\tif (p%d)\n\t\tkl_map(p%d);\n", s, s);
	} else {
		g->kl = true;
		cprog_emit(g, "\tif (p%d)\n\t\tkl_unmap(p%d);\n", s, s);
	}
	return true;
}

/* ---- slab ------------------------------------------------------------------- */

static void new_object(struct gen *g, const struct op *op, u8 kind, u32 size, s64 gfp)
{
	struct cslot *c = cprog_new_slot(g, op, kind);

	c->size = size;
	if (kind == SK_KMALLOC)
		c->obj = (u32)kmalloc_size_roundup(size);
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

/* A kfree()-like free of slot @s by @fn, by what it holds. */
static void emit_kfree(struct gen *g, int s, const char *fn, bool vmalloc_ok)
{
	struct cslot *c = &g->slot[s];

	switch (c->kind) {
	case SK_KMALLOC:
	case SK_OBJECT:
		if (c->kind == SK_OBJECT && g->slot[c->parent].fill == FILL_CTOR)
			cprog_emit(g, "\tif (p%d)\n\t\tmemset(p%d, %#x, %u);\t/* back as constructed */\n",
			     s, s, CTOR_BYTE, c->size);
		cprog_emit(g, "\t%s(p%d);\n", fn, s);
		c->live = false;
		break;
	case SK_KVMALLOC:
		if (vmalloc_ok) {
			cprog_emit(g, "\t%s(p%d);\n", fn, s);
			c->live = false;
			break;
		}
		cprog_emit(g, "\tif (p%d && is_vmalloc_addr(p%d))\n", s, s);
		cprog_misuse(g, REPORT_SLAB_BAD_FREE, "\t\t", "%s(p%d)", fn, s);
		cprog_emit(g, "\telse if (p%d) {\n\t\t%s(p%d);\n\t\tp%d = NULL;\n\t}\n", s, fn, s, s);
		break;
	case SK_VMALLOC:
	case SK_VMAP:
		if (vmalloc_ok && c->kind == SK_VMALLOC) {
			cprog_emit(g, "\t%s(p%d);\n", fn, s);
			c->live = false;
			break;
		}
		if (vmalloc_ok) {
			cprog_skipped(g, "a vmap() area: its pages are a block's");
			break;
		}
		cprog_emit(g, "\tif (p%d)\n", s);
		cprog_misuse(g, REPORT_SLAB_BAD_FREE, "\t\t", "%s(p%d)", fn, s);
		break;
	case SK_PAGES:
		/* Not from kmalloc; highmem has no address to pass. */
		cprog_emit(g, "\tif (p%d && page_address(p%d))\n", s, s);
		cprog_misuse(g, REPORT_SLAB_BAD_FREE, "\t\t", "%s(page_address(p%d))", fn, s);
		break;
	default:
		cprog_skipped(g, "no live object");
		break;
	}
}

bool cprog_emit_slab(struct gen *g, const struct op *op, const char *name, bool bad)
{
	const struct op_desc *d = op_table[op->type];
	int s = (int)op->val[0];
	struct cslot *c = cprog_arg_slot(g, op);

	if (!strcmp(name, "kmalloc") || !strcmp(name, "kzalloc")) {
		new_object(g, op, SK_KMALLOC, (u32)op->val[0],
			   op->val[1] | (name[1] == 'z' ? __GFP_ZERO : 0));
		cprog_emit(g, "\tp%d = %s(%u, ", op->slot, name, (u32)op->val[0]);
		cprog_print_gfp(op->val[1], g->out);
		cprog_emit(g, ");\n");
	} else if (!strcmp(name, "kcalloc")) {
		u32 size = (u32)op->val[1];
		bool overflow = op->val[0] >= KCALLOC_OVERFLOW_N && size;

		new_object(g, op, SK_KMALLOC, overflow ? 0 : (u32)op->val[0] * size, __GFP_ZERO);
		if (overflow)
			cprog_emit(g, "\tp%d = kcalloc(SIZE_MAX / %u + 1, %u, ", op->slot, size, size);
		else
			cprog_emit(g, "\tp%d = kcalloc(%u, %u, ", op->slot, (u32)op->val[0], size);
		cprog_print_gfp(op->val[2], g->out);
		cprog_emit(g, ");\n");
		if (overflow) {
			cprog_emit(g, "\tcheck(!p%d, \"%s: n * size overflows, NULL\");\n", op->slot, g->op_text);
			g->slot[op->slot].live = false;
		}
	} else if (!strcmp(name, "krealloc")) {
		u32 size = (u32)op->val[1];
		struct cslot *n;

		if (c->kind != SK_KMALLOC || !c->live) {
			cprog_skipped(g, "not a live kmalloc object");
			return true;
		}
		n = cprog_new_slot(g, op, SK_KMALLOC);
		n->size = size;
		/* In place (it fits), the object keeps its size class. */
		n->obj = size <= c->obj ? c->obj : (u32)kmalloc_size_roundup(size);
		n->fill = c->fill;
		n->seed = c->seed;
		n->fill_len = min(c->fill_len, size);
		cprog_emit(g, "\tif (p%d) {\n\t\tp%d = krealloc(p%d, %u, ", s, op->slot, s, size);
		cprog_print_gfp(op->val[2], g->out);
		/* Failed, the old object is untouched and still p%d's. */
		cprog_emit(g, ");\n\t\tif (p%d)\n\t\t\tp%d = NULL;\n\t}\n", op->slot, s);
	} else if (!strcmp(name, "kfree") && !bad && d->args[0].kind == ARG_LIVE) {
		emit_kfree(g, s, "kfree", false);
	} else if (!strcmp(name, "kfree") && d->args[0].kind == ARG_LIVE) {
		char t[64];

		if ((!is_object_kind(c->kind) && c->kind != SK_KVMALLOC) || c->size < 2) {
			cprog_skipped(g, "no object with an interior");
			return true;
		}
		cprog_slot_test(g, s, false, t, sizeof(t));
		cprog_emit(g, "\tif (%s)\n", t);
		cprog_misuse(g, REPORT_SLAB_BAD_FREE, "\t\t", "kfree((char *)p%d + %u)", s,
			      1 + (u32)op->val[1] % (c->size - 1));
	} else if (!strcmp(name, "kfree")) {
		char others[CPROG_LIST_MAX];

		/* A double free SLUB sees only with slab_debug, of an object not taken again. */
		if (c->kind != SK_OBJECT || !slab_debug_choices[g->prog->hdr.slab_debug] ||
		    !g->slot[c->parent].live) {
			cprog_skipped(g, "needs a freed object of a live program cache, and slab_debug");
			return true;
		}
		/* Not if a live object of the cache has its address now. */
		others[0] = 0;
		for (int i = 0, len = 0; i < PROG_MAX_SLOTS; i++)
			if (g->slot[i].kind == SK_OBJECT && g->slot[i].live && i != s &&
			    g->slot[i].parent == c->parent && len < (int)sizeof(others))
				len += snprintf(others + len, sizeof(others) - (size_t)len,
						" && p%d != p%d", i, s);
		cprog_emit(g, "\tif (p%d && p%d && !slab_gone(p%d, p%d)%s)\n", s, c->parent, s, c->parent,
		     others);
		cprog_misuse(g, REPORT_DOUBLE_FREE, "\t\t", "kfree(p%d)", s);
	} else if (!strcmp(name, "ksize")) {
		char t[64];

		if ((!is_object_kind(c->kind) && c->kind != SK_KVMALLOC) || !c->live || !c->size) {
			cprog_skipped(g, "no live object");
			return true;
		}
		cprog_slot_test(g, s, false, t, sizeof(t));
		cprog_emit(g, "\tif (%s)\n\t\tcheck(ksize(p%d) >= %u, \"%s: at least the size asked\");\n",
		     t, s, c->size, g->op_text);
	} else if (!strcmp(name, "kmem_write")) {
		char t[64];

		if ((!is_object_kind(c->kind) && c->kind != SK_KVMALLOC) || !c->live || !c->size) {
			cprog_skipped(g, "no live object");
			return true;
		}
		cprog_slot_test(g, s, false, t, sizeof(t));
		cprog_emit(g, "\tif (%s)\n\t\tmemset(p%d, %#x, %u);\n", t, s, (u8)op->val[1], c->size);
		c->fill = FILL_SEED;
		c->seed = (u8)op->val[1];
		c->fill_len = c->size;
	} else if (!strcmp(name, "kmem_check")) {
		char t[64];

		if ((!is_object_kind(c->kind) && c->kind != SK_KVMALLOC) || !c->live) {
			cprog_skipped(g, "no live object");
			return true;
		}
		if (fill_byte(c) < 0 || !c->fill_len) {
			cprog_emit(g, "\t/* nothing promised about p%d's bytes */\n", s);
			return true;
		}
		cprog_slot_test(g, s, false, t, sizeof(t));
		cprog_emit(g, "\tif (%s)\n\t\tcheck(bytes_are(p%d, %#x, %u), \"%s\");\n",
		     t, s, fill_byte(c), c->fill_len, g->op_text);
	} else if (!strcmp(name, "kmem_cache_create") || !strcmp(name, "kmem_cache_create_usercopy")) {
		bool usercopy = name[17] == '_';
		struct cslot *n = cprog_new_slot(g, op, SK_CACHE);

		n->size = (u32)op->val[0];
		g->no_leak_check = true;
		if (!usercopy && op->val[3]) {
			/* Its objects start constructed: the whole object. */
			n->fill = FILL_CTOR;
			sbuf_printf(g->fns, "static void ctor_p%d(void *obj)\n{\n\tmemset(obj, %#x, %u);\n}\n\n",
				    op->slot, CTOR_BYTE, n->size);
		}
		cprog_emit(g, "\tp%d = %s(\"fuzz-%d\", %u, %u, ", op->slot, name, op->slot, n->size,
		     usercopy ? 0 : (u32)op->val[1]);
		print_slab_flags(op->val[usercopy ? 1 : 2], g->out);
		if (usercopy)
			cprog_emit(g, ", %u, %u, NULL);\n", (u32)op->val[2], (u32)op->val[3]);
		else if (n->fill == FILL_CTOR)
			cprog_emit(g, ", ctor_p%d);\n", op->slot);
		else
			cprog_emit(g, ", NULL);\n");
	} else if (!strcmp(name, "kmem_cache_alloc")) {
		struct cslot *n;
		s64 gfp = op->val[1];

		if (c->kind != SK_CACHE || !c->live) {
			cprog_skipped(g, "not a live cache");
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
		cprog_emit(g, "\tif (p%d)\n\t\tp%d = kmem_cache_alloc(p%d, ", s, op->slot, s);
		cprog_print_gfp(gfp, g->out);
		cprog_emit(g, ");\n");
	} else if (!strcmp(name, "kmem_cache_free")) {
		int o = (int)op->val[1];
		struct cslot *obj = &g->slot[o];

		if (c->kind != SK_CACHE || !c->live) {
			cprog_skipped(g, "not a live cache");
			return true;
		}
		if ((!is_object_kind(obj->kind) && obj->kind != SK_KVMALLOC) || !obj->live) {
			cprog_skipped(g, "no live object");
			return true;
		}
		if (obj->kind == SK_OBJECT && obj->parent == s) {
			if (c->fill == FILL_CTOR)
				cprog_emit(g, "\tif (p%d)\n\t\tmemset(p%d, %#x, %u);\t/* back as constructed */\n",
				     o, o, CTOR_BYTE, obj->size);
			cprog_emit(g, "\tif (p%d && p%d)\n\t\tkmem_cache_free(p%d, p%d);\n", s, o, s, o);
			obj->live = false;
			return true;
		}
		{
			char t[64];

			cprog_slot_test(g, o, false, t, sizeof(t));
			cprog_emit(g, "\tif (p%d && %s && !ZERO_OR_NULL_PTR(p%d))\n", s, t, o);
			cprog_misuse(g, REPORT_SLAB_BAD_FREE, "\t\t", "kmem_cache_free(p%d, p%d)", s, o);
		}
	} else if (!strcmp(name, "kmem_cache_shrink")) {
		if (c->kind != SK_CACHE || !c->live) {
			cprog_skipped(g, "not a live cache");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n\t\tkmem_cache_shrink(p%d);\n", s, s);
	} else if (!strcmp(name, "kmem_cache_destroy")) {
		if (c->kind != SK_CACHE || !c->live) {
			cprog_skipped(g, "not a live cache");
			return true;
		}
		/* Refused while it has objects: cache and objects stay. */
		cprog_destroy(g, s, SK_OBJECT, REPORT_SLAB_LEAK, "kmem_cache_destroy");
	} else if (!strcmp(name, "kmem_cache_shrink_all")) {
		cprog_emit(g, "\tkmem_cache_shrink_all();\n");
	} else {
		return false;
	}
	return true;
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

/* ---- vmalloc and kvmalloc --------------------------------------------------------- */

/*
 * @fn (vfree or vunmap) of slot @s, which is no area: a lowmem block's or a
 * slab object's address is the misuse, refused; anything else is skipped.
 */
static void never_mapped(struct gen *g, int s, const char *fn)
{
	switch (g->slot[s].kind) {
	case SK_PAGES:
		cprog_emit(g, "\tif (p%d && page_address(p%d))\n", s, s);
		cprog_misuse(g, REPORT_BAD_VFREE, "\t\t", "%s(page_address(p%d))", fn, s);
		break;
	case SK_KMALLOC:
	case SK_OBJECT:
		cprog_emit(g, "\tif (!ZERO_OR_NULL_PTR(p%d))\n", s);
		cprog_misuse(g, REPORT_BAD_VFREE, "\t\t", "%s(p%d)", fn, s);
		break;
	default:
		cprog_skipped(g, "no live area");
	}
}

bool cprog_emit_vmalloc(struct gen *g, const struct op *op, const char *name, bool bad)
{
	const struct op_desc *d = op_table[op->type];
	int s = (int)op->val[0];
	struct cslot *c = cprog_arg_slot(g, op);
	char t[64];

	if (!strcmp(name, "vmalloc") || !strcmp(name, "vzalloc") || !strcmp(name, "vmalloc_32") ||
	    !strcmp(name, "vmalloc_user")) {
		cprog_new_slot(g, op, SK_VMALLOC)->order = (u8)op->val[0];
		cprog_emit(g, "\tp%d = %s(PAGE_SIZE << %d);\n", op->slot, name, (int)op->val[0]);
	} else if (!strcmp(name, "__vmalloc")) {
		cprog_new_slot(g, op, SK_VMALLOC)->order = (u8)op->val[1];
		cprog_emit(g, "\tp%d = __vmalloc(PAGE_SIZE << %d, ", op->slot, (int)op->val[1]);
		cprog_print_gfp(op->val[0], g->out);
		cprog_emit(g, ");\n");
	} else if (!strcmp(name, "vmalloc_node")) {
		cprog_new_slot(g, op, SK_VMALLOC)->order = (u8)op->val[0];
		cprog_emit(g, "\tp%d = vmalloc_node(PAGE_SIZE << %d, %d);\n", op->slot, (int)op->val[0],
		     (int)op->val[1]);
	} else if (!strcmp(name, "vfree") && !bad) {
		switch (c->kind) {
		case SK_VMALLOC:
		case SK_VMAP:
			cprog_emit(g, "\tvfree(p%d);\n", s);
			c->live = false;
			break;
		case SK_KVMALLOC:
			cprog_emit(g, "\tif (p%d && !is_vmalloc_addr(p%d) && !ZERO_OR_NULL_PTR(p%d))\n", s, s, s);
			cprog_misuse(g, REPORT_BAD_VFREE, "\t\t", "vfree(p%d)", s);
			cprog_emit(g, "\telse if (p%d && is_vmalloc_addr(p%d)) {\n\t\tvfree(p%d);\n\t\tp%d = NULL;\n\t}\n",
			     s, s, s, s);
			break;
		default:
			never_mapped(g, s, "vfree");
		}
	} else if (!strcmp(name, "vfree") && d->args[0].kind == ARG_FREED) {
		char others[CPROG_LIST_MAX];
		size_t len = 0;

		if (!is_area_kind(c->kind) && c->kind != SK_KVMALLOC) {
			cprog_skipped(g, "was no vmalloc area");
			return true;
		}
		/* Its address is another area's now: that would be a good free. */
		others[0] = 0;
		for (int i = 0; i < PROG_MAX_SLOTS; i++)
			if ((is_area_kind(g->slot[i].kind) || g->slot[i].kind == SK_KVMALLOC) &&
			    g->slot[i].live && i != s && len < sizeof(others))
				len += (size_t)snprintf(others + len, sizeof(others) - len,
							" && p%d != p%d", s, i);
		cprog_slot_test(g, s, true, t, sizeof(t));
		cprog_emit(g, "\tif (%s%s)\n", t, others);
		cprog_misuse(g, REPORT_BAD_VFREE, "\t\t", "vfree(p%d)", s);
	} else if (!strcmp(name, "vfree")) {
		unsigned long k = (unsigned long)op->val[1];

		if (is_area_kind(c->kind) && c->live) {
			cprog_emit(g, "\tif (p%d)\n", s);
			cprog_misuse(g, REPORT_BAD_VFREE, "\t\t", "vfree((char *)p%d + %lu * PAGE_SIZE)",
				      s, k);
		} else if (c->kind == SK_PAGES && c->live) {
			cprog_emit(g, "\tif (p%d && page_address(p%d))\n", s, s);
			cprog_misuse(g, REPORT_BAD_VFREE, "\t\t",
				      "vfree((char *)page_address(p%d) + %lu * PAGE_SIZE)", s, k);
		} else {
			cprog_skipped(g, "no live area or lowmem block");
		}
	} else if (!strcmp(name, "vmap")) {
		struct cslot *n;

		if (c->kind != SK_PAGES || !c->live) {
			cprog_skipped(g, "not a live page block");
			return true;
		}
		n = cprog_new_slot(g, op, SK_VMAP);
		n->order = c->order;
		n->parent = (int16_t)s;
		cprog_emit(g, "\tif (p%d)\n\t\tp%d = vmap_block(p%d, %u);\n", s, op->slot, s, c->order);
	} else if (!strcmp(name, "vunmap")) {
		switch (c->kind) {
		case SK_VMAP:
			cprog_emit(g, "\tvunmap(p%d);\n", s);
			c->live = false;
			break;
		case SK_VMALLOC:
			/* Of a vmalloc() area its pages would leak: refused. */
			cprog_emit(g, "\tif (p%d)\n", s);
			cprog_misuse(g, REPORT_BAD_VFREE, "\t\t", "vunmap(p%d)", s);
			break;
		case SK_KVMALLOC:
			cprog_emit(g, "\tif (p%d && !ZERO_OR_NULL_PTR(p%d))\n", s, s);
			cprog_misuse(g, REPORT_BAD_VFREE, "\t\t", "vunmap(p%d)", s);
			break;
		default:
			never_mapped(g, s, "vunmap");
		}
	} else if (!strcmp(name, "vmalloc_to_page")) {
		char np[64];

		if ((!is_area_kind(c->kind) && c->kind != SK_KVMALLOC) || !c->live) {
			cprog_skipped(g, "no live area");
			return true;
		}
		/* Page K modulo the pages and the guard page, which has none. */
		cprog_slot_test(g, s, true, t, sizeof(t));
		npages_c(g, s, np, sizeof(np));
		cprog_emit(g, "\tif (%s) {\n\t\tunsigned long i = %lluUL %% (%s + 1);\n\n"
		     "\t\tcheck((vmalloc_to_page((char *)p%d + i * PAGE_SIZE) != NULL) == (i < %s),\n"
		     "\t\t      \"%s: a page, and none for the guard\");\n\t}\n",
		     t, (unsigned long long)op->val[1], np, s, np, g->op_text);
	} else if (!strcmp(name, "kvmalloc") || !strcmp(name, "kvzalloc")) {
		new_object(g, op, SK_KVMALLOC, (u32)op->val[0],
			   op->val[1] | (name[2] == 'z' ? __GFP_ZERO : 0));
		cprog_emit(g, "\tp%d = %s(%u, ", op->slot, name, (u32)op->val[0]);
		cprog_print_gfp(op->val[1], g->out);
		cprog_emit(g, ");\n");
	} else if (!strcmp(name, "kvmalloc_node")) {
		new_object(g, op, SK_KVMALLOC, (u32)op->val[0], op->val[1]);
		cprog_emit(g, "\tp%d = kvmalloc_node(%u, ", op->slot, (u32)op->val[0]);
		cprog_print_gfp(op->val[1], g->out);
		cprog_emit(g, ", %d);\n", (int)op->val[2]);
	} else if (!strcmp(name, "kvfree")) {
		emit_kfree(g, s, "kvfree", true);
	} else {
		return false;
	}
	return true;
}

