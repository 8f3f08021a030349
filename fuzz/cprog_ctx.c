// SPDX-License-Identifier: GPL-2.0
/*
 * The C forms of the ops around the memory ops (cprog_gen.h): execution
 * context (each save's flags in a variable of its own, closed innermost
 * first), fault injection (fail_nth_set(), fault_inject_setup() with
 * Linux's attribute names), the balloon, the process (made on first use as
 * the harness makes it) and user copies, DMA coherent buffers and pools,
 * alloc_pages_exact() and the count-taking allocations.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz/cprog_gen.h"

/* ---- execution context ---------------------------------------------------------- */

static const char *const scope_name[NR_CTX_FRAMES] = {
	[CTX_NOFS] = "nofs", [CTX_NOIO] = "noio", [CTX_NORECLAIM] = "noreclaim",
};

/* kmap_atomic(pN): its address in a variable of its own; NULL: nothing to undo. */
static int open_kmap_atomic(struct gen *g, const struct op *op)
{
	int s = (int)op->val[0];
	int var = (int)g->nr_vars++;

	sbuf_printf(g->decl, "\tvoid *ka%d = NULL;\n", var);
	g->kl = true;
	if (g->slot[s].kind == SK_PAGES && g->slot[s].live)
		cprog_emit(g, "\tif (p%d)\n\t\tka%d = ka_map(p%d);\n", s, var, s);
	else
		cprog_skipped(g, "not a live page block");
	return var;
}

bool cprog_kmap_atomic_mapped(const struct gen *g, char buf[CPROG_MAPPED_LEN])
{
	size_t len = 0;

	buf[0] = 0;
	for (unsigned int i = 0; i < g->depth; i++)
		if (g->frames[i].frame == CTX_KMAP_ATOMIC)
			len += (size_t)snprintf(buf + len, CPROG_MAPPED_LEN - len, "%ska%d",
						len ? " || " : "", g->frames[i].var);
	return len;
}

static void open_frame(struct gen *g, const struct op *op, u8 frame)
{
	int var = -1;

	switch (frame) {
	case CTX_KMAP_ATOMIC:
		var = open_kmap_atomic(g, op);
		break;
	case CTX_PREEMPT:
		cprog_emit(g, "\tpreempt_disable();\n");
		break;
	case CTX_IRQ_OFF:
		cprog_emit(g, "\tlocal_irq_disable();\n");
		break;
	case CTX_IRQ_SAVE:
		var = (int)g->nr_vars++;
		sbuf_printf(g->decl, "\tunsigned long flags%d;\n", var);
		cprog_emit(g, "\tlocal_irq_save(flags%d);\n", var);
		break;
	case CTX_SPIN:
		g->lock = true;
		cprog_emit(g, "\tspin_lock(&lock);\n");
		break;
	case CTX_HARDIRQ:
		cprog_emit(g, "\tirq_enter();\n");
		break;
	default:
		var = (int)g->nr_vars++;
		sbuf_printf(g->decl, "\tunsigned int flags%d;\n", var);
		cprog_emit(g, "\tflags%d = memalloc_%s_save();\n", var, scope_name[frame]);
		break;
	}
	if (g->depth < CTX_MAX_DEPTH)
		g->frames[g->depth++] = (struct frame){ frame, var, g->irqs_off };
	if (frame == CTX_IRQ_OFF || frame == CTX_IRQ_SAVE || frame == CTX_HARDIRQ)
		g->irqs_off = true;
}

void cprog_close_frame(struct gen *g, const char *indent, bool by_program)
{
	const struct frame *f = &g->frames[--g->depth];

	/* local_irq_enable() turns them on; a restore puts back what was. */
	if (f->frame == CTX_IRQ_OFF)
		g->irqs_off = false;
	else if (f->frame == CTX_IRQ_SAVE || f->frame == CTX_HARDIRQ)
		g->irqs_off = f->irqs_off;
	switch (f->frame) {
	case CTX_KMAP_ATOMIC:
		cprog_emit(g, "%ska_unmap(ka%d, %s);\n", indent, f->var, by_program ? "true" : "false");
		break;
	case CTX_PREEMPT:
		cprog_emit(g, "%spreempt_enable();\n", indent);
		break;
	case CTX_IRQ_OFF:
		cprog_emit(g, "%slocal_irq_enable();\n", indent);
		break;
	case CTX_IRQ_SAVE:
		cprog_emit(g, "%slocal_irq_restore(flags%d);\n", indent, f->var);
		break;
	case CTX_SPIN:
		cprog_emit(g, "%sspin_unlock(&lock);\n", indent);
		break;
	case CTX_HARDIRQ:
		cprog_emit(g, "%sirq_exit();\n", indent);
		break;
	default:
		cprog_emit(g, "%smemalloc_%s_restore(flags%d);\n", indent, scope_name[f->frame], f->var);
		break;
	}
}

bool cprog_emit_context(struct gen *g, const struct op *op, bool bad)
{
	const struct op_desc *d = op_table[op->type];

	if (d->ctx_push) {
		open_frame(g, op, d->ctx_push);
	} else if (d->ctx_pop) {
		/* The program keeps frames nested: the innermost is this one. */
		if (!g->depth || g->frames[g->depth - 1].frame != d->ctx_pop)
			return false;
		cprog_close_frame(g, "\t", true);
	} else if (bad && d->ctx_absent) {
		/* The unbalanced end of a frame open nowhere. */
		if (d->ctx_absent & CTX_BIT(CTX_SPIN)) {
			g->lock = true;
			cprog_misuse(g, d->expect, "\t", "%s", d->ctx_absent & CTX_BIT(CTX_PREEMPT) ?
				      "preempt_enable()" : "spin_unlock(&lock)");
		} else if (d->ctx_absent == CTX_BIT(CTX_HARDIRQ)) {
			cprog_misuse(g, d->expect, "\t", "irq_exit()");
		} else {
			cprog_misuse(g, d->expect, "\t", "memalloc_%s_restore(0)",
				      scope_name[__builtin_ctz(d->ctx_absent)]);
		}
	} else {
		return false;
	}
	return true;
}

/* ---- fault injection and the balloon ------------------------------------------------ */

bool cprog_emit_fault(struct gen *g, const struct op *op, const char *name)
{
	if (!strcmp(name, "fail_nth")) {
		cprog_emit(g, "\tfail_nth_set(%u);\n", (unsigned int)op->val[0]);
	} else if (!strcmp(name, "fault_attr")) {
		const char *key = op_table[op->type]->args[1].key;
		unsigned int point = (unsigned int)op->val[0] % NR_FAULT_POINTS;
		/* The attributes only some points have (ops_fault.c). */
		bool has = (strcmp(key, "ignore_gfp_wait") || point <= 1) &&
			   ((strcmp(key, "ignore_gfp_highmem") && strcmp(key, "min_order")) || point == 1);
		char line[96], *p;

		if (!has) {
			cprog_skipped(g, "the point has no such attribute");
			return true;
		}
		/* Linux's debugfs names: '-' for the key's '_'. */
		snprintf(line, sizeof(line), "%s.%s=%lld", fault_points[point], key,
			 (long long)op->val[1]);
		for (p = strchr(line, '.'); (p = strchr(p, '_'));)
			*p = '-';
		cprog_emit(g, "\tcheck(!fault_inject_setup(\"%s\"), \"%s\");\n", line, g->op_text);
	} else if (!strcmp(name, "balloon_leave")) {
		int nid = op->val[0] < 0 ? 0 : (int)op->val[0];

		g->balloon = true;
		cprog_emit(g, "\tif (populated_zone(&machine.node_data[%d].node_zones[%d]))\n"
		     "\t\tballoon_leave(&machine.node_data[%d].node_zones[%d], %llu);\n\telse\n",
		     nid, (int)op->val[1], nid, (int)op->val[1], (unsigned long long)op->val[2]);
		cprog_misuse(g, REPORT_BAD_ARG, "\t\t",
			      "balloon_leave(&machine.node_data[%d].node_zones[%d], 0)",
			      nid, (int)op->val[1]);
	} else if (!strcmp(name, "balloon_deflate")) {
		cprog_emit(g, "\tballoon_deflate(ULONG_MAX);\n");
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
		cprog_emit(g, "\tif (!mm)\n\t\tmm = new_process();\n");
	g->mm_live = true;
	g->no_leak_check = true;
}

/*
 * The kernel address of byte @off (modulo its size) of slot @s, or false.
 * A kmalloc copy of @len bytes reaching past the size asked for but not
 * past the object is made, as the harness makes it, only after ksize()
 * says it may: @cond gets that test, or "".
 */
static bool kernel_side(struct gen *g, int s, u32 off, u32 len, char *buf, size_t n,
			char *cond, size_t cn)
{
	const struct cslot *c = &g->slot[s];

	*cond = 0;
	switch (c->kind) {
	case SK_KMALLOC:
		if (!c->size)
			return false;
		off %= c->obj;
		if (off + (u64)len > c->size && off + (u64)len <= c->obj)
			snprintf(cond, cn, " && ksize(p%d) >= %u", s, off + len);
		snprintf(buf, n, "(char *)p%d + %u", s, off);
		return true;
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

bool cprog_emit_process(struct gen *g, const struct op *op, const char *name)
{
	if (!strcmp(name, "sys_brk")) {
		need_mm(g);
		/* Below the heap or above RLIMIT_DATA: refused, the break kept. */
		cprog_emit(g, "\tif (mm) {\n\t\tunsigned long want = mm->brk + (%lld), was = mm->brk;\n"
		     "\t\tunsigned long expect = want >= %#lx && want <= %#lx ? want : was;\n\n"
		     "\t\tcheck(sys_brk(mm, want) == expect, \"%s\");\n\t}\n",
		     (long long)op->val[0], UADDR_HEAP, UADDR_HEAP + UADDR_HEAP_PAGES * PAGE_SIZE,
		     g->op_text);
	} else if (!strcmp(name, "user_write")) {
		need_mm(g);
		cprog_emit(g, "\tif (mm)\n\t\tuser_fill(mm, %#llx, %llu, %#x);\n",
		     (unsigned long long)op->val[0], (unsigned long long)op->val[1], (u8)op->val[2]);
	} else if (!strcmp(name, "user_read") || !strcmp(name, "user_touch")) {
		need_mm(g);
		cprog_emit(g, "\tif (mm)\n\t\tuser_read(mm, %#llx, ubuf, %llu);\n",
		     (unsigned long long)op->val[0],
		     name[5] == 't' ? 1ULL : (unsigned long long)op->val[1]);
	} else if (!strcmp(name, "do_munmap")) {
		need_mm(g);
		cprog_emit(g, "\tif (mm)\n\t\tcheck(do_munmap(mm, %#llx, %llu) == %s, \"%s\");\n",
		     (unsigned long long)op->val[0], (unsigned long long)op->val[1],
		     op->val[1] ? "0" : "-EINVAL", g->op_text);
	} else if (!strcmp(name, "pagefault_disable")) {
		cprog_emit(g, "\tpagefault_disable();\n");
		g->pf_disabled++;
	} else if (!strcmp(name, "pagefault_enable")) {
		char mapped[CPROG_MAPPED_LEN];

		if (!g->pf_disabled) {
			/* One kmap_atomic() made would take its pagefault_disable(): not run. */
			if (cprog_kmap_atomic_mapped(g, mapped))
				cprog_emit(g, "\tif (!(%s))\n", mapped);
			cprog_misuse(g, REPORT_BAD_CONTEXT, *mapped ? "\t\t" : "\t", "pagefault_enable()");
			return true;
		}
		cprog_emit(g, "\tpagefault_enable();\n");
		g->pf_disabled--;
	} else if (!strcmp(name, "exit_mm")) {
		if (!g->mm_live) {
			cprog_skipped(g, "no process");
			return true;
		}
		cprog_emit(g, "\tif (mm) {\n\t\tcurrent->mm = NULL;\n\t\tmmput(mm);\n\t\tmm = NULL;\n\t}\n");
		g->mm_live = false;
	} else if (!strcmp(name, "copy_to_user") || !strcmp(name, "copy_from_user")) {
		bool to = name[5] == 't';
		int s = (int)op->val[to ? 1 : 0];
		unsigned long long uaddr = (unsigned long long)op->val[to ? 0 : 1];
		char k[64], cond[64];

		if (!kernel_side(g, s, (u32)op->val[2], (u32)op->val[3], k, sizeof(k), cond,
				 sizeof(cond))) {
			cprog_skipped(g, "no kernel memory the copy can name");
			return true;
		}
		need_mm(g);
		/* What hardened usercopy makes of it the harness's model predicts. */
		if (to)
			cprog_emit(g, "\tif (mm && p%d%s)\n\t\t(void)copy_to_user(%#llx, %s, %llu);\n",
			     s, cond, uaddr, k, (unsigned long long)op->val[3]);
		else
			cprog_emit(g, "\tif (mm && p%d%s)\n\t\t(void)copy_from_user(%s, %#llx, %llu);\n",
			     s, cond, k, uaddr, (unsigned long long)op->val[3]);
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
		cprog_skipped(g, "that many bytes through vmalloc are too slow");
		return;
	}
	cprog_emit(g, "\t{\n\t\tvoid *mem = %s(%zuUL, %zu%s);\n\n", name, n, size,
	     vonly ? "" : ", GFP_KERNEL");
	if (overflow)
		cprog_emit(g, "\t\tcheck(!mem, \"%s: n * size overflows, NULL\");\n", g->op_text);
	else
		cprog_emit(g, "\t\tif (!ZERO_OR_NULL_PTR(mem))\n\t\t\t%s(mem);\n", vonly ? "vfree" : "kvfree");
	cprog_emit(g, "\t}\n");
}

bool cprog_emit_dma(struct gen *g, const struct op *op, const char *name, bool bad)
{
	const struct op_desc *d = op_table[op->type];
	int s = (int)op->val[0];
	struct cslot *c = cprog_arg_slot(g, op);
	char others[CPROG_LIST_MAX];

	if (!strcmp(name, "dma_alloc_coherent")) {
		unsigned int dev = (unsigned int)op->val[0] % 3;
		u32 size = (u32)op->val[1];
		s64 gfp = op->val[2];
		struct cslot *n = cprog_new_slot(g, op, SK_COHERENT);

		n->dev = (u8)dev;
		n->size = size;
		if ((gfp & __GFP_COMP) || (!size && !(gfp & __GFP_NOWARN))) {
			/* Refused up front with one warning. */
			sbuf_printf(g->out, "\tEXPECT_REFUSED(REPORT_BAD_ARG, p%d = dma_alloc_coherent(dma_dev(%u), %u, &h%d, ",
				    op->slot, dev, size, op->slot);
			cprog_print_gfp(gfp, g->out);
			cprog_emit(g, "));\n\tcheck(!p%d, \"%s: refused\");\n", op->slot, g->op_text);
			n->live = false;
			return true;
		}
		cprog_emit(g, "\tp%d = dma_alloc_coherent(dma_dev(%u), %u, &h%d, ", op->slot, dev, size,
		     op->slot);
		cprog_print_gfp(gfp, g->out);
		cprog_emit(g, ");\t/* %s */\n", dev_names[dev]);
	} else if (!strcmp(name, "dma_free_coherent") && !bad) {
		if (c->kind != SK_COHERENT || !c->live) {
			cprog_skipped(g, "no live coherent buffer");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n\t\tdma_free_coherent(dma_dev(%u), %u, p%d, h%d);\n",
		     s, c->dev, c->size, s, s);
		c->live = false;
	} else if (!strcmp(name, "dma_free_coherent") && d->args[0].kind == ARG_LIVE) {
		u32 size = (u32)op->val[1];

		if (c->kind != SK_COHERENT || !c->live) {
			cprog_skipped(g, "no live coherent buffer");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n", s);
		cprog_misuse(g, REPORT_DMA_BAD_FREE, "\t\t", "dma_free_coherent(dma_dev(%u), %u, p%d, h%d)",
			      c->dev, size == c->size ? size + 1 : size, s, s);
	} else if (!strcmp(name, "dma_free_coherent")) {
		if (c->kind != SK_COHERENT) {
			cprog_skipped(g, "no freed coherent buffer");
			return true;
		}
		/* Not if a live buffer has the same bus address now. */
		other_handles(g, s, others, sizeof(others));
		cprog_emit(g, "\tif (p%d%s)\n", s, others);
		cprog_misuse(g, REPORT_DMA_BAD_FREE, "\t\t", "dma_free_coherent(dma_dev(%u), %u, p%d, h%d)",
			      c->dev, c->size, s, s);
	} else if (!strcmp(name, "dma_pool_create")) {
		unsigned int dev = (unsigned int)op->val[0] % 3;

		cprog_new_slot(g, op, SK_POOL)->dev = (u8)dev;
		g->no_leak_check = true;
		cprog_emit(g, "\tp%d = dma_pool_create(\"pool-p%d\", dma_dev(%u), %llu, %llu, %llu);\n",
		     op->slot, op->slot, dev, (unsigned long long)op->val[1],
		     (unsigned long long)op->val[2], (unsigned long long)op->val[3]);
	} else if (!strcmp(name, "dma_pool_alloc") || !strcmp(name, "dma_pool_zalloc")) {
		struct cslot *n;

		if (c->kind != SK_POOL || !c->live) {
			cprog_skipped(g, "no live pool");
			return true;
		}
		n = cprog_new_slot(g, op, SK_BLOCK);
		n->parent = (int16_t)s;
		cprog_emit(g, "\tif (p%d)\n\t\tp%d = %s(p%d, ", s, op->slot, name, s);
		cprog_print_gfp(op->val[1], g->out);
		cprog_emit(g, ", &h%d);\n", op->slot);
	} else if (!strcmp(name, "dma_pool_free") && !bad) {
		if (c->kind != SK_BLOCK || !c->live) {
			cprog_skipped(g, "no live pool block");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n\t\tdma_pool_free(p%d, p%d, h%d);\n", s, c->parent, s, s);
		c->live = false;
	} else if (!strcmp(name, "dma_pool_free")) {
		if (c->kind != SK_BLOCK || !g->slot[c->parent].live) {
			cprog_skipped(g, "needs a freed block of a live pool");
			return true;
		}
		other_handles(g, s, others, sizeof(others));
		cprog_emit(g, "\tif (p%d && p%d%s)\n", c->parent, s, others);
		cprog_misuse(g, REPORT_DMA_BAD_FREE, "\t\t", "dma_pool_free(p%d, p%d, h%d)",
			      c->parent, s, s);
	} else if (!strcmp(name, "dma_pool_destroy")) {
		if (c->kind != SK_POOL || !c->live) {
			cprog_skipped(g, "no live pool");
			return true;
		}
		/* Refused while it has blocks: the pool and its blocks stay. */
		cprog_destroy(g, s, SK_BLOCK, REPORT_DMA_POOL_BUSY, "dma_pool_destroy");
	} else if (!strcmp(name, "alloc_pages_exact")) {
		cprog_new_slot(g, op, SK_EXACT)->size = (u32)op->val[0];
		cprog_emit(g, "\tp%d = alloc_pages_exact(%u, ", op->slot, (u32)op->val[0]);
		cprog_print_gfp(op->val[1], g->out);
		cprog_emit(g, ");\n");
	} else if (!strcmp(name, "free_pages_exact")) {
		if (c->kind != SK_EXACT || !c->live) {
			cprog_skipped(g, "no live exact allocation");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n\t\tfree_pages_exact(p%d, %u);\n", s, s, c->size);
		c->live = false;
	} else if (!strcmp(name, "kmalloc_array") || !strcmp(name, "kvmalloc_array") ||
		   !strcmp(name, "kvcalloc") || !strcmp(name, "vmalloc_array") ||
		   !strcmp(name, "vcalloc")) {
		emit_count(g, op, name);
	} else if (!strcmp(name, "krealloc_array")) {
		size_t n = arg_nmemb_value(op->val[1]), size = (size_t)op->val[2];

		if (c->kind != SK_KMALLOC || !c->live || !size || n <= SIZE_MAX / size) {
			cprog_skipped(g, "needs a live kmalloc object and an overflowing count");
			return true;
		}
		cprog_emit(g, "\tif (p%d)\n\t\tcheck(!krealloc_array(p%d, %zuUL, %zu, GFP_KERNEL), \"%s: overflows, NULL\");\n",
		     s, s, n, size, g->op_text);
	} else {
		return false;
	}
	return true;
}

