// SPDX-License-Identifier: GPL-2.0
/*
 * The C reproducer generator (cprog.h): the slots, the file around the
 * ops, the dispatch.  The ops' emitters are cprog_mem.c (pages, kmap,
 * slab, vmalloc) and cprog_ctx.c (context, fault injection, the process,
 * DMA).
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
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fuzz/cprog.h"
#include "fuzz/cprog_gen.h"
#include "fuzz/machines.h"

void cprog_print_gfp(s64 gfp, struct sbuf *sb)
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

/* A misuse call: exactly one report of @type, free counts kept. */
void cprog_misuse(struct gen *g, enum report_type type, const char *indent,
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
void cprog_skipped(struct gen *g, const char *why)
{
	cprog_emit(g, "\t/* skipped, as by the harness: %s */\n", why);
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

struct cslot *cprog_new_slot(struct gen *g, const struct op *op, u8 kind)
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

/* The C test that slot @s holds memory of the kind it says: kvmalloc's half. */
void cprog_slot_test(struct gen *g, int s, bool vmalloc_half, char *buf, size_t n)
{
	if (g->slot[s].kind == SK_KVMALLOC)
		snprintf(buf, n, "p%d && %sis_vmalloc_addr(p%d)", s, vmalloc_half ? "" : "!", s);
	else
		snprintf(buf, n, "p%d", s);
}

/* The objects of cache (or pool) @parent the generator sees live, as "pA || pB". */
bool cprog_live_children(struct gen *g, int parent, u8 kind, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = 0;
	for (int i = 0; i < PROG_MAX_SLOTS && len < n; i++)
		if (g->slot[i].kind == kind && g->slot[i].live && g->slot[i].parent == parent)
			len += (size_t)snprintf(buf + len, n - len, "%sp%d", len ? " || " : "", i);
	return len > 0;
}

void cprog_destroy(struct gen *g, int s, u8 child, enum report_type busy, const char *fn)
{
	char children[CPROG_LIST_MAX];
	struct cslot *c = &g->slot[s];

	if (cprog_live_children(g, s, child, children, sizeof(children))) {
		cprog_emit(g, "\tif (p%d && (%s))\n", s, children);
		cprog_misuse(g, busy, "\t\t", "%s(p%d)", fn, s);
		cprog_emit(g, "\telse ");
	} else {
		cprog_emit(g, "\t");
		c->live = false;
	}
	cprog_emit(g, "if (p%d) {\n\t\t%s(p%d);\n\t\tp%d = NULL;\n\t}\n", s, fn, s, s);
}

/* Emit @op; false if it has no C form. */
static bool emit_op(struct gen *g, const struct op *op)
{
	const struct op_desc *d = op_table[op->type];
	bool bad = d->expect != NR_REPORT_TYPES;

	/*
	 * A slot the program freed whose free the harness skipped (freed by
	 * the wrong call) is live to both: a misuse of it as freed is skipped.
	 */
	for (unsigned int i = 0, v = 0; i < d->nr_args; v += arg_nr_vals(d->args[i++].kind))
		if (d->args[i].kind == ARG_FREED && g->slot[op->val[v]].live) {
			cprog_skipped(g, "still live: its free was skipped");
			return true;
		}
	if (d->ctx_push || d->ctx_pop || (bad && d->ctx_absent))
		return cprog_emit_context(g, op, bad);
	return cprog_emit_buddy(g, op, d->name, bad) || cprog_emit_kmap(g, op, d->name) ||
	       cprog_emit_slab(g, op, d->name, bad) || cprog_emit_vmalloc(g, op, d->name, bad) ||
	       cprog_emit_fault(g, op, d->name) || cprog_emit_process(g, op, d->name) ||
	       cprog_emit_dma(g, op, d->name, bad);
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
	"static __maybe_unused struct { struct page *page; void *addr; bool atomic; } kl[NR_CPUS][16];\n"
	"static __maybe_unused unsigned int kl_depth[NR_CPUS];\n\n"
	"static __maybe_unused void kl_map(struct page *page)\n{\n"
	"\tunsigned int cpu = smp_processor_id();\n\tvoid *addr;\n\n"
	"\tif (!PageHighMem(page)) {\n\t\tkunmap_local(kmap_local_page(page));\n\t\treturn;\n\t}\n"
	"\tif (kl_depth[cpu] == 16) {\n"
	"\t\tEXPECT_REFUSED(REPORT_BAD_KMAP, addr = kmap_local_page(page));\n\t\treturn;\n\t}\n"
	"\taddr = kmap_local_page(page);\n\tcheck(addr != NULL, \"kmap_local_page() of highmem\");\n"
	"\tkl[cpu][kl_depth[cpu]].page = page;\n\tkl[cpu][kl_depth[cpu]].atomic = false;\n"
	"\tkl[cpu][kl_depth[cpu]++].addr = addr;\n}\n\n"
	"static __maybe_unused void kl_unmap(struct page *page)\n{\n"
	"\tunsigned int cpu = smp_processor_id(), i = kl_depth[cpu];\n\n"
	"\tif (i && kl[cpu][i - 1].page == page && !kl[cpu][i - 1].atomic) {\n"
	"\t\tkunmap_local(kl[cpu][--kl_depth[cpu]].addr);\n\t\treturn;\n\t}\n"
	"\twhile (i-- > 0)\n\t\tif (kl[cpu][i].page == page && !kl[cpu][i].atomic) {\n"
	"\t\t\t/* Out of order: refused. */\n"
	"\t\t\tEXPECT_REFUSED(REPORT_BAD_KMAP, kunmap_local(kl[cpu][i].addr));\n"
	"\t\t\treturn;\n\t\t}\n}\n\n"
	"/*\n * kmap_atomic(): on the same stack, a frame of its own (preemption and\n"
	" * page faults off).  NULL when the stack is full: refused, nothing to undo.\n */\n"
	"static __maybe_unused void *ka_map(struct page *page)\n{\n"
	"\tunsigned int cpu = smp_processor_id();\n\tvoid *addr;\n\n"
	"\tif (PageHighMem(page) && kl_depth[cpu] == 16) {\n"
	"\t\tEXPECT_REFUSED(REPORT_BAD_KMAP, addr = kmap_atomic(page));\n\t\treturn NULL;\n\t}\n"
	"\taddr = kmap_atomic(page);\n\tcheck(addr != NULL, \"kmap_atomic()\");\n"
	"\tif (PageHighMem(page)) {\n\t\tkl[cpu][kl_depth[cpu]].page = page;\n"
	"\t\tkl[cpu][kl_depth[cpu]].atomic = true;\n\t\tkl[cpu][kl_depth[cpu]++].addr = addr;\n\t}\n"
	"\treturn addr;\n}\n\n"
	"/*\n * kunmap_atomic() with kmap_local mappings above it is out of order: the\n"
	" * program's is refused (the end's is not made), those above are unmapped\n"
	" * top first, and then it is made.  Lowmem: none of it is on the stack.\n */\n"
	"static __maybe_unused void ka_unmap(void *addr, bool by_program)\n{\n"
	"\tunsigned int cpu = smp_processor_id(), i = kl_depth[cpu];\n\n"
	"\tif (!addr)\n\t\treturn;\n"
	"\twhile (i-- > 0 && !(kl[cpu][i].atomic && kl[cpu][i].addr == addr))\n\t\t;\n"
	"\tif (i == -1u) {\n\t\tkunmap_atomic(addr);\n\t\treturn;\n\t}\n"
	"\tif (i + 1 < kl_depth[cpu] && by_program)\n"
	"\t\tEXPECT_REFUSED(REPORT_BAD_KMAP, kunmap_atomic(addr));\n"
	"\twhile (kl_depth[cpu] > i + 1)\n\t\tkunmap_local(kl[cpu][--kl_depth[cpu]].addr);\n"
	"\tkl_depth[cpu]--;\n\tkunmap_atomic(addr);\n}\n\n"
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
			cprog_emit(g, "\tif (p%d)\n\t\tmemset(p%d, %#x, %u);\n", s, s, CTOR_BYTE, c->size);
		cprog_emit(g, "\tkvfree(p%d);\n", s);
		break;
	case SK_BLOCK:
		cprog_emit(g, "\tif (p%d)\n\t\tdma_pool_free(p%d, p%d, h%d);\n", s, c->parent, s, s);
		break;
	case SK_COHERENT:
		cprog_emit(g, "\tif (p%d)\n\t\tdma_free_coherent(dma_dev(%u), %u, p%d, h%d);\n",
		     s, c->dev, c->size, s, s);
		break;
	case SK_EXACT:
		cprog_emit(g, "\tif (p%d)\n\t\tfree_pages_exact(p%d, %u);\n", s, s, c->size);
		break;
	case SK_PAGES:
		cprog_emit(g, "\tif (p%d)\n\t\t__free_pages(p%d, %u);\n", s, s, c->order);
		break;
	case SK_VMALLOC:
	case SK_VMAP:
		cprog_emit(g, "\tvfree(p%d);\n", s);
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

	cprog_emit(g, "\n\t/* The end: close what is open, free what is live, as the harness does. */\n");
	while (g->depth)
		cprog_close_frame(g, "\t", false);
	while (g->pf_disabled--)
		cprog_emit(g, "\tpagefault_enable();\n");
	if (g->balloon)
		cprog_emit(g, "\tballoon_deflate(ULONG_MAX);\n");
	for (int s = 0; s < PROG_MAX_SLOTS; s++)
		for (u32 k = g->slot[s].kind == SK_PAGES ? g->slot[s].kmaps : 0; k; k--)
			cprog_emit(g, "\tif (p%d)\n\t\tkunmap(p%d);\n", s, s);
	if (g->kl)
		cprog_emit(g, "\tfor (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {\n"
		     "\t\tif (!kl_depth[cpu])\n\t\t\tcontinue;\n\t\tmachine_set_cpu(cpu);\n"
		     "\t\twhile (kl_depth[cpu])\n\t\t\tkunmap_local(kl[cpu][--kl_depth[cpu]].addr);\n"
		     "\t}\n\tmachine_set_cpu(%u);\n", g->cpu);
	for (size_t k = 0; k < ARRAY_SIZE(order); k++)
		for (int s = 0; s < PROG_MAX_SLOTS; s++)
			if (g->slot[s].live && g->slot[s].kind == order[k])
				free_at_end(g, s);
	for (int s = 0; s < PROG_MAX_SLOTS; s++) {
		if (g->slot[s].live && g->slot[s].kind == SK_CACHE)
			cprog_emit(g, "\tif (p%d)\n\t\tkmem_cache_destroy(p%d);\n", s, s);
		if (g->slot[s].live && g->slot[s].kind == SK_POOL)
			cprog_emit(g, "\tif (p%d)\n\t\tdma_pool_destroy(p%d);\n", s, s);
	}
	if (g->mm_declared)
		cprog_emit(g, "\tif (mm) {\n\t\tcurrent->mm = NULL;\n\t\tmmput(mm);\n\t}\n");
	for (int s = 0; s < PROG_MAX_SLOTS; s++)
		if (g->slot[s].live && g->slot[s].kind == SK_PAGES)
			free_at_end(g, s);
	for (int s = 0; s < PROG_MAX_SLOTS; s++)
		if (g->slot[s].live && is_area_kind(g->slot[s].kind))
			free_at_end(g, s);
	cprog_emit(g, "\tdrain_all_pages(NULL);\n"
	     "\tcheck(page_alloc_is_valid(), \"page_alloc_is_valid()\");\n");
	if (g->no_leak_check || g->mm_declared)
		cprog_emit(g, "\t/* No leak count: slab caches and page tables stay. */\n"
		     "\t(void)boot_free;\n");
	else
		cprog_emit(g, "\tcheck(nr_free_pages() == boot_free, \"free pages back at boot count (leak)\");\n");
	cprog_emit(g, "\tmachine_teardown();\n"
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
