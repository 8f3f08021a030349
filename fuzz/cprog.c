// SPDX-License-Identifier: GPL-2.0
/*
 * The C reproducer generator (cprog.h).
 *
 * One emitter per op, chosen by name and by whether it is the misuse
 * entry of that name; each writes the call the harness's exec() makes,
 * with the op's values as literals.  Slots become variables: a block of
 * pages is a struct page * and its order, an object or a vmalloc area a
 * void *.  An op on a slot whose allocation failed is skipped at run time,
 * as the harness skips it.  The machine is written out as its e820 map,
 * so the reproducer needs nothing of fuzz/.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/report.h>

#include "fuzz/cprog.h"
#include "fuzz/machines.h"
#include "fuzz/op_table.h"

enum slot_kind { SK_NONE, SK_PAGES, SK_OBJECT, SK_VMALLOC };

struct gen {
	const struct prog	*prog;
	struct sbuf		*out;
	u8			kind[PROG_MAX_SLOTS];
	u8			order[PROG_MAX_SLOTS];
	bool			slab_or_vmalloc;
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

static void misuse(struct gen *g, const struct op *op, const char *call_fmt, ...)
	__printf(3, 4);

/* A misuse call: exactly one report of the op's type, free counts kept. */
static void misuse(struct gen *g, const struct op *op, const char *call_fmt, ...)
{
	char call[256];
	va_list ap;

	va_start(ap, call_fmt);
	vsnprintf(call, sizeof(call), call_fmt, ap);
	va_end(ap);
	sbuf_puts(g->out, "\tEXPECT_REFUSED(");
	print_report_c(op_table[op->type]->expect, g->out);
	sbuf_printf(g->out, ", %s);\n", call);
}

static void new_pages(struct gen *g, const struct op *op, unsigned int order)
{
	g->kind[op->slot] = SK_PAGES;
	g->order[op->slot] = (u8)order;
}

/* Emit @op; false if it has no C form. */
static bool emit_op(struct gen *g, const struct op *op)
{
	const struct op_desc *d = op_table[op->type];
	const char *name = d->name;
	struct sbuf *o = g->out;
	bool bad = d->expect != NR_REPORT_TYPES;
	int s = (int)op->val[0];	/* the slot, for ops on one */

	if (!strcmp(name, "alloc_pages")) {
		sbuf_printf(o, "\tstruct page *p%d = alloc_pages_node(%d, ", op->slot, (int)op->val[2]);
		print_gfp_c(op->val[0], o);
		sbuf_printf(o, ", %d);\n", (int)op->val[1]);
		new_pages(g, op, (unsigned int)op->val[1]);
	} else if (!strcmp(name, "__get_free_pages") || !strcmp(name, "get_zeroed_page")) {
		bool zeroed = name[0] == 'g';

		sbuf_printf(o, "\tstruct page *p%d = addr_page(%s(", op->slot,
			    zeroed ? "get_zeroed_page" : "__get_free_pages");
		print_gfp_c(op->val[0], o);
		if (zeroed)
			sbuf_puts(o, "));\n");
		else
			sbuf_printf(o, ", %d));\n", (int)op->val[1]);
		new_pages(g, op, zeroed ? 0 : (unsigned int)op->val[1]);
	} else if (!strcmp(name, "__free_pages") && !bad) {
		if (g->kind[s] != SK_PAGES)
			return false;
		sbuf_printf(o, "\tif (p%d)\n\t\t__free_pages(p%d, %u);\n", s, s, g->order[s]);
	} else if (!strcmp(name, "free_pages") && !bad) {
		if (g->kind[s] != SK_PAGES)
			return false;
		sbuf_printf(o, "\tif (p%d)\n\t\tfree_block(p%d, %u);\n", s, s, g->order[s]);
	} else if (!strcmp(name, "__free_pages") && d->args[0].kind == ARG_FREED) {
		if (g->kind[s] != SK_PAGES)
			return false;
		sbuf_printf(o, "\tif (p%d)\n", s);
		sbuf_puts(o, "\t");
		misuse(g, op, "__free_pages(p%d, %u)", s, g->order[s]);
	} else if (!strcmp(name, "__free_pages") && d->args[1].kind == ARG_WRONG_ORDER) {
		if (g->kind[s] != SK_PAGES)
			return false;
		sbuf_printf(o, "\tif (p%d)\n", s);
		sbuf_puts(o, "\t");
		misuse(g, op, "__free_pages(p%d, %d)", s, (int)op->val[1]);
	} else if (!strcmp(name, "cpu")) {
		sbuf_printf(o, "\tmachine_set_cpu(%d);\n", (int)op->val[0]);
	} else if (!strcmp(name, "drain_local_pages") || !strcmp(name, "drain_all_pages")) {
		sbuf_printf(o, "\t%s(NULL);\n", name);
	} else if (!strcmp(name, "kmalloc") || !strcmp(name, "kzalloc")) {
		sbuf_printf(o, "\tvoid *p%d = %s(%d, ", op->slot, name, (int)op->val[0]);
		print_gfp_c(op->val[1], o);
		sbuf_puts(o, ");\n");
		g->kind[op->slot] = SK_OBJECT;
		g->slab_or_vmalloc = true;
	} else if (!strcmp(name, "kfree") && !bad && d->args[0].kind == ARG_LIVE) {
		if (g->kind[s] != SK_OBJECT)
			return false;
		sbuf_printf(o, "\tkfree(p%d);\n", s);
	} else if (!strcmp(name, "vmalloc") || !strcmp(name, "vzalloc")) {
		sbuf_printf(o, "\tvoid *p%d = %s(PAGE_SIZE << %d);\n", op->slot, name,
			    (int)op->val[0]);
		g->kind[op->slot] = SK_VMALLOC;
		g->slab_or_vmalloc = true;
	} else if (!strcmp(name, "vfree") && !bad) {
		if (g->kind[s] != SK_VMALLOC)
			return false;
		sbuf_printf(o, "\tvfree(p%d);\n", s);
	} else {
		return false;
	}
	return true;
}

static void emit_header(struct gen *g, const char *origin)
{
	const struct prog_header *h = &g->prog->hdr;
	const struct machine_tmpl *t = &machine_tmpls[h->machine];
	struct sbuf *o = g->out;

	sbuf_puts(o, "// SPDX-License-Identifier: GPL-2.0\n/*\n"
		  " * A standalone reproducer written by ./mmfuzz cprog");
	if (origin)
		sbuf_printf(o, " from %s", origin);
	sbuf_puts(o, ".\n * Build it against mm/ (either arch) and run it: exit 1 and\n"
		  " * \"REPRODUCED:\" lines when a check fails, 0 when all hold.\n"
		  " *\n * The program:\n");
	{
		struct sbuf text = SBUF_INIT;

		prog_print(g->prog, &text);
		for (const char *l = sbuf_str(&text); *l; ) {
			const char *nl = strchr(l, '\n');
			int n = nl ? (int)(nl - l) : (int)strlen(l);

			sbuf_printf(o, " *   %.*s\n", n, l);
			l += n + (nl != NULL);
		}
		sbuf_free(&text);
	}
	sbuf_puts(o, " */\n"
		  "#include <stdio.h>\n\n"
		  "#include <linux/gfp.h>\n#include <linux/machine.h>\n"
		  "#include <linux/mm.h>\n#include <linux/mmdebug.h>\n"
		  "#include <linux/report.h>\n#include <linux/slab.h>\n"
		  "#include <linux/vmalloc.h>\n\n"
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
		  "static __maybe_unused struct page *addr_page(unsigned long addr)\n{\n"
		  "\treturn addr ? virt_to_page((void *)addr) : NULL;\n}\n\n"
		  "/* free_pages() by address; highmem has none: __free_pages(). */\n"
		  "static __maybe_unused void free_block(struct page *page, unsigned int order)\n{\n"
		  "\tif (page_address(page))\n"
		  "\t\tfree_pages((unsigned long)page_address(page), order);\n"
		  "\telse\n\t\t__free_pages(page, order);\n}\n\n"
		  "int main(void)\n{\n"
		  "\tstatic const struct e820_entry map[] = {\n");
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
	sbuf_puts(o, "\t};\n\tunsigned long boot_free;\n\n"
		  "\treport_set_output(NULL);\n"
		  "\tif (machine_boot(&desc)) {\n"
		  "\t\tprintf(\"REPRODUCED: machine_boot() failed\\n\");\n\t\treturn 1;\n\t}\n"
		  "\tdrain_all_pages(NULL);\n\tboot_free = nr_free_pages();\n\n");
}

static void emit_end(struct gen *g)
{
	struct sbuf *o = g->out;
	struct prog_ctx ctx;

	prog_ctx_init(&ctx, &g->prog->hdr);
	for (unsigned int i = 0; i < g->prog->nr_ops; i++)
		prog_ctx_apply(&ctx, &g->prog->ops[i]);
	sbuf_puts(o, "\n\t/* The end: free what is live, as the harness does. */\n");
	for (unsigned int i = 0; i < ctx.nr_live; i++) {
		unsigned int s = ctx.live[i];

		switch (g->kind[s]) {
		case SK_PAGES:
			sbuf_printf(o, "\tif (p%u)\n\t\t__free_pages(p%u, %u);\n", s, s, g->order[s]);
			break;
		case SK_OBJECT:
			sbuf_printf(o, "\tkfree(p%u);\n", s);
			break;
		case SK_VMALLOC:
			sbuf_printf(o, "\tvfree(p%u);\n", s);
			break;
		default:
			break;
		}
	}
	sbuf_puts(o, "\tdrain_all_pages(NULL);\n"
		  "\tcheck(page_alloc_is_valid(), \"page_alloc_is_valid()\");\n");
	if (g->slab_or_vmalloc)
		sbuf_puts(o, "\t/* No leak count: slab caches and page tables stay. */\n"
			  "\t(void)boot_free;\n");
	else
		sbuf_puts(o, "\tcheck(nr_free_pages() == boot_free, \"free pages back at boot count (leak)\");\n");
	sbuf_puts(o, "\tmachine_teardown();\n"
		  "\tif (!reproduced)\n\t\tprintf(\"not reproduced: every check holds\\n\");\n"
		  "\treturn reproduced;\n}\n");
}

unsigned int prog_to_c(const struct prog *prog, const char *origin,
		       struct sbuf *out)
{
	static struct gen g;
	unsigned int missing = 0;

	memset(&g, 0, sizeof(g));
	g.prog = prog;
	g.out = out;
	emit_header(&g, origin);
	for (unsigned int i = 0; i < prog->nr_ops; i++) {
		struct sbuf text = SBUF_INIT;

		prog_print_op(&prog->ops[i], &text);
		sbuf_printf(out, "\t/* op %u: %s */\n", i, sbuf_str(&text));
		if (!emit_op(&g, &prog->ops[i])) {
			sbuf_printf(out, "\t/* no C form yet: skipped */\n");
			missing++;
		}
		sbuf_free(&text);
	}
	emit_end(&g);
	return missing;
}
