// SPDX-License-Identifier: GPL-2.0
/*
 * Ops of the program's process: brk(), the task's own loads and stores
 * (with the segmentation faults Linux reports outside the VMAs), munmap
 * of part of the heap, exit, pagefault_disable()/enable() (under which
 * user copies take only present pages; an unbalanced enable is misuse);
 * and the model of the process's memory.
 *
 * The process is made on first use (run_mm(): mm_alloc(), a heap at
 * UADDR_HEAP, RLIMIT_DATA of UADDR_HEAP_PAGES pages, current->mm) and torn
 * down by exit_mm() or at the end of the program, before the leak check.
 * A fresh one follows on the next use.
 *
 * The model is the bytes of every user address the ops reach and which
 * pages are mapped (brk grows and shrinks the heap a page at a time; a
 * munmap makes holes).  It predicts every outcome: the break sys_brk()
 * returns, how far an access gets before it segfaults (one REPORT_SEGV),
 * the bytes a read finds.  Page allocations may fail (fault injection, a
 * small machine): the access then stops short with -ENOMEM and the
 * warnings are accepted.
 *
 * After every op that touched the process the harness walks the user half
 * of its page tables with its own walker (pgwalk_user(): raw entries by the
 * arch's bit layout) and checks: every present page lies in a mapped page
 * of the model, is RAM, is a user entry, reads (by ram_read(), not through
 * mm/) exactly the model's bytes; rss is the number of present pages;
 * mm_is_valid() passes; every user page and page table was free in the
 * shadow when it appeared (no overlap with anything the model tracks) and
 * is kept SHADOW_ALLOCATED while it lives.  The pages are counted per zone
 * for the accounting check, and at the end they must all come back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "fuzz/compiler.h"
#include "fuzz/op_table.h"
#include "fuzz/ops.h"
#include "fuzz/pgwalk.h"
#include "fuzz/run.h"

#define NO_REPORT	NR_REPORT_TYPES
#define HEAP_END	(UADDR_HEAP + UADDR_HEAP_PAGES * PAGE_SIZE)

static unsigned long span_page(unsigned long va)
{
	return (va - UADDR_BASE) / PAGE_SIZE;
}

static bool va_mapped(const struct proc_rt *p, unsigned long va)
{
	return va >= UADDR_BASE && va < UADDR_BASE + UADDR_SPAN &&
	       p->mapped[span_page(va)];
}

/* The pattern a user write with @seed puts at user @va. */
static u8 user_byte(u8 seed, unsigned long va)
{
	return pattern_byte(seed, va);
}

/* Map or unmap span pages [@first, @end) in the model; new pages read zero. */
static void model_map(struct proc_rt *p, unsigned long first, unsigned long end,
		      bool map)
{
	for (unsigned long i = first; i < end && i < UADDR_SPAN_PAGES; i++) {
		if (p->mapped[i] != map)
			memset(p->bytes + i * PAGE_SIZE, 0, PAGE_SIZE);
		p->mapped[i] = map;
	}
}

bool proc_alloc_failed(struct run *r)
{
	return report_count(REPORT_ALLOC_FAIL) != r->op_reports[REPORT_ALLOC_FAIL] ||
	       report_count(REPORT_OOM) != r->op_reports[REPORT_OOM] ||
	       report_count(REPORT_FAULT_INJECTED) != r->op_reports[REPORT_FAULT_INJECTED];
}

bool proc_alloc_reports_ok(struct run *r, const char *what)
{
	for (int t = 0; t < NR_REPORT_TYPES; t++) {
		unsigned long n = report_count((enum report_type)t) - r->op_reports[t];

		/* Judged after the op, by context_model_sleep_reports(). */
		if (!n || t == REPORT_SLEEP_IN_ATOMIC)
			continue;
		if (t == REPORT_ALLOC_FAIL || t == REPORT_OOM || t == REPORT_FAULT_INJECTED) {
			r->expect_reports[t] += n;
			continue;
		}
		return oracle_fail(r, "alloc-report", "%s failed for want of memory with a %s report",
				   what, report_type_name((enum report_type)t));
	}
	return true;
}

struct mm_struct *run_mm(struct run *r)
{
	struct proc_rt *p = &r->proc;
	struct mm_struct *mm;

	p->used = p->dirty = true;
	if (p->mm)
		return p->mm;
	mm = mm_alloc();
	if (!mm) {
		run_trace(r, "skipped: mm_alloc() failed");
		proc_alloc_reports_ok(r, "mm_alloc()");
		return NULL;
	}
	/* As the ELF loader leaves it: an empty heap after the data. */
	mm->start_brk = mm->brk = UADDR_HEAP;
	mm->rlimit_data = UADDR_HEAP_PAGES * PAGE_SIZE;
	current->mm = mm;
	p->mm = mm;
	p->brk = UADDR_HEAP;
	memset(p->mapped, 0, sizeof(p->mapped));
	memset(p->bytes, 0, sizeof(p->bytes));
	run_trace(r, "a new process: heap at %#lx", UADDR_HEAP);
	return mm;
}

unsigned long proc_model_reach(struct run *r, unsigned long va, unsigned long len)
{
	const struct proc_rt *p = &r->proc;
	unsigned long n = 0;
	/* faulthandler_disabled(): pagefault_disable() (its own or kmap_atomic()'s), or in_atomic(). */
	bool no_faults = context_model_pagefault_disabled(r) || r->ctx.preempt;

	while (n < len && va_mapped(p, va + n) &&
	       (!no_faults || p->present[span_page(va + n)]))
		n += min(len - n, PAGE_SIZE - ((va + n) & ~PAGE_MASK));
	return n;
}

const u8 *proc_model_bytes(struct run *r, unsigned long va)
{
	return r->proc.bytes + (va - UADDR_BASE);
}

void proc_model_store(struct run *r, unsigned long va, const void *buf,
		      unsigned long len)
{
	memcpy(r->proc.bytes + (va - UADDR_BASE), buf, len);
}

/* ---- ops ------------------------------------------------------------------ */

static void exec_brk(struct run *r, const struct op *op)
{
	struct mm_struct *mm = run_mm(r);
	struct proc_rt *p = &r->proc;
	long want = (long)p->brk + (long)op->val[0];
	unsigned long expect = p->brk, got;

	if (!mm)
		return;
	/* Below the heap's start, or above RLIMIT_DATA: refused. */
	if (want >= (long)UADDR_HEAP && want <= (long)HEAP_END)
		expect = (unsigned long)want;
	got = sys_brk(mm, (unsigned long)want);
	run_trace(r, "brk %#lx", got);
	if (got != expect) {
		oracle_fail(r, "brk", "sys_brk(%#lx) returned %#lx", (unsigned long)want, got);
		oracle_detail(r, "expected: %#lx (the break was %#lx)", expect, p->brk);
		return;
	}
	if (expect > p->brk)
		model_map(p, span_page(PAGE_ALIGN(p->brk)), span_page(PAGE_ALIGN(expect)), true);
	else
		model_map(p, span_page(PAGE_ALIGN(expect)), span_page(PAGE_ALIGN(p->brk)), false);
	p->brk = expect;
}

static void exec_munmap(struct run *r, const struct op *op)
{
	struct mm_struct *mm = run_mm(r);
	unsigned long start = (unsigned long)op->val[0], len = (unsigned long)op->val[1];
	int err, want = len ? 0 : -EINVAL;

	if (!mm)
		return;
	err = do_munmap(mm, start, len);
	if (err != want) {
		oracle_fail(r, "munmap", "do_munmap(%#lx, %lu) returned %d, not %d",
			    start, len, err, want);
		return;
	}
	if (!err)
		model_map(&r->proc, span_page(start), span_page(start + PAGE_ALIGN(len)), false);
}

/*
 * The task's access of [@va, @va + @len), a page at a time so that the
 * model knows where a failure stopped it.  @buf holds the bytes to store
 * (@write) or receives them.  Returns the bytes done.
 */
static unsigned long user_access(struct run *r, struct mm_struct *mm, unsigned long va,
				 u8 *buf, unsigned long len, bool write)
{
	unsigned long done = 0;

	while (done < len) {
		unsigned long at = va + done;
		unsigned long n = min(len - done, PAGE_SIZE - (at & ~PAGE_MASK));
		bool mapped = va_mapped(&r->proc, at);
		unsigned long segv = report_count(REPORT_SEGV);
		int err = write ? user_write(mm, at, buf + done, n) :
				  user_read(mm, at, buf + done, n);

		if (!mapped) {
			/* A segfault: one report, nothing of this page done. */
			if (err != -EFAULT || report_count(REPORT_SEGV) != segv + 1) {
				oracle_fail(r, "segv", "user %s at %#lx outside every VMA returned %d",
					    write ? "write" : "read", at, err);
				oracle_detail(r, "expected: -EFAULT and one segv report, found %lu",
					      report_count(REPORT_SEGV) - segv);
				return done;
			}
			r->expect_reports[REPORT_SEGV]++;
			run_trace(r, "segfault at %#lx", at);
			return done;
		}
		if (err == -ENOMEM) {
			run_trace(r, "no memory for a fault at %#lx", at);
			proc_alloc_reports_ok(r, "a user page fault");
			return done;
		}
		if (err) {
			oracle_fail(r, "user-access", "user %s at %#lx in the heap returned %d",
				    write ? "write" : "read", at, err);
			return done;
		}
		done += n;
	}
	return done;
}

static void exec_user_write(struct run *r, const struct op *op)
{
	static u8 buf[UADDR_SPAN_BYTES + 0x8000];
	struct mm_struct *mm = run_mm(r);
	unsigned long va = (unsigned long)op->val[0], len = (unsigned long)op->val[1];
	u8 seed = (u8)op->val[2];
	unsigned long done;

	if (!mm)
		return;
	for (unsigned long i = 0; i < len; i++)
		buf[i] = user_byte(seed, va + i);
	done = user_access(r, mm, va, buf, len, true);
	proc_model_store(r, va, buf, done);
}

/* Read [@va, @va + @len) as the task and compare with the model. */
__no_sanitize_coverage
static void user_read_check(struct run *r, unsigned long va, unsigned long len)
{
	static u8 buf[UADDR_SPAN_BYTES + 0x8000];
	struct mm_struct *mm = run_mm(r);
	const u8 *want = proc_model_bytes(r, va);
	unsigned long done;

	if (!mm)
		return;
	/* What was read lies in mapped pages, all inside the span. */
	done = user_access(r, mm, va, buf, len, false);
	for (unsigned long i = 0; i < done; i++) {
		if (buf[i] == want[i])
			continue;
		oracle_fail(r, "user-contents", "user byte at %#lx reads %#x, not %#x",
			    va + i, buf[i], want[i]);
		return;
	}
}

static void exec_user_read(struct run *r, const struct op *op)
{
	user_read_check(r, (unsigned long)op->val[0], (unsigned long)op->val[1]);
}

/* A one-byte read: the first touch of a page faults it in. */
static void exec_user_touch(struct run *r, const struct op *op)
{
	user_read_check(r, (unsigned long)op->val[0], 1);
}

static void exec_pagefault_disable(struct run *r, const struct op *op)
{
	pagefault_disable();
	r->proc.pf_disabled++;
}

static void call_pagefault_enable(void *arg)
{
	pagefault_enable();
}

/* Unbalanced, it is the misuse: one bad-context report, ignored. */
static void exec_pagefault_enable(struct run *r, const struct op *op)
{
	if (!r->proc.pf_disabled && r->ctx.pf_off) {
		/* The kernel would take kmap_atomic()'s: the nesting would break. */
		run_trace(r, "skipped: the only pagefault_disable() open is kmap_atomic()'s");
		return;
	}
	if (!r->proc.pf_disabled) {
		model_misuse(r, REPORT_BAD_CONTEXT, call_pagefault_enable, NULL);
		return;
	}
	pagefault_enable();
	r->proc.pf_disabled--;
}

static void exec_exit_mm(struct run *r, const struct op *op)
{
	if (!r->proc.mm) {
		run_trace(r, "skipped: no process");
		return;
	}
	proc_model_end(r);
}

/* ---- the model's checks ------------------------------------------------------ */

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

static bool in_sorted(const unsigned long *v, unsigned long n, unsigned long x)
{
	return n && bsearch(&x, v, n, sizeof(*v), cmp_ulong) != NULL;
}

/*
 * The process's pages are now @pfns (sorted): pages that left are free in
 * the shadow again, pages that came must have been free there.
 */
static bool proc_take_pfns(struct run *r, const unsigned long *pfns, unsigned long n)
{
	struct proc_rt *p = &r->proc;
	phys_addr_t bad;
	enum shadow_state found;

	for (unsigned long i = 0; i < p->nr_pfns; i++)
		if (!in_sorted(pfns, n, p->pfns[i]))
			shadow_set(&r->shadow, PFN_PHYS(p->pfns[i]), PAGE_SIZE, SHADOW_FREE);
	for (unsigned long i = 0; i < n; i++) {
		if (in_sorted(p->pfns, p->nr_pfns, pfns[i]))
			continue;
		if (!shadow_check(&r->shadow, PFN_PHYS(pfns[i]), PAGE_SIZE, SHADOW_FREE,
				  &bad, &found)) {
			oracle_fail(r, "overlap", "the process got pfn %#lx, which is %s",
				    pfns[i], shadow_state_name(found));
			return false;
		}
		shadow_set(&r->shadow, PFN_PHYS(pfns[i]), PAGE_SIZE, SHADOW_ALLOCATED);
	}
	if (n)
		memcpy(p->pfns, pfns, n * sizeof(*pfns));
	p->nr_pfns = n;
	memset(p->pages, 0, sizeof(p->pages));
	for (unsigned long i = 0; i < n; i++) {
		int nid, z;

		model_zone_of(pfns[i], &nid, &z);
		p->pages[nid][z]++;
	}
	return true;
}

/* One present user page: where, what frame, what entry, what bytes. */
__no_sanitize_coverage
static bool leaf_ok(struct run *r, unsigned long va, unsigned long pfn, u64 raw)
{
	static u8 page[PAGE_SIZE];
	const u8 *want;

	if (!va_mapped(&r->proc, va)) {
		oracle_fail(r, "user-map", "user page %#lx is present, but no mapping of the model holds it", va);
		oracle_detail(r, "found: pfn %#lx, entry %#llx", pfn, (unsigned long long)raw);
		return false;
	}
	if (!mt_pfn_is_ram(r->tmpl, pfn) || !(raw & _PAGE_USER)) {
		oracle_fail(r, "user-map", "user page %#lx maps pfn %#lx with entry %#llx",
			    va, pfn, (unsigned long long)raw);
		oracle_detail(r, "expected: a RAM frame and a user entry");
		return false;
	}
	want = proc_model_bytes(r, va);
	ram_read(PFN_PHYS(pfn), page, PAGE_SIZE);
	for (unsigned long i = 0; i < PAGE_SIZE; i++) {
		if (page[i] == want[i])
			continue;
		oracle_fail(r, "user-contents", "user byte at %#lx (pfn %#lx) is %#x, not %#x",
			    va + i, pfn, page[i], want[i]);
		return false;
	}
	return true;
}

/*
 * A page the program wrote stays present until the program unmaps it
 * (nothing here reclaims user pages): one holding non-zero bytes in the
 * model must be among the walk's leaves.
 */
__no_sanitize_coverage
static bool written_pages_present(struct run *r, const struct pgwalk_user *w)
{
	for (unsigned long i = 0; i < UADDR_SPAN_PAGES; i++) {
		unsigned long va = UADDR_BASE + i * PAGE_SIZE, j;
		const u8 *b = r->proc.bytes + i * PAGE_SIZE;
		bool written = false;

		for (unsigned long k = 0; k < PAGE_SIZE && !written; k++)
			written = b[k] != 0;
		if (!written)
			continue;
		for (j = 0; j < w->nr_leaves && w->leaf_va[j] != va; j++)
			;
		if (j == w->nr_leaves)
			return oracle_fail(r, "user-map", "user page %#lx holds written bytes but is not present",
					   va);
	}
	return true;
}

__no_sanitize_coverage
bool proc_model_after_op(struct run *r)
{
	static struct pgwalk_user w;
	unsigned long pfns[PROC_MAX_PFNS], n = 0;
	struct proc_rt *p = &r->proc;

	if (!p->dirty)
		return true;
	p->dirty = false;
	if (!p->mm)
		return proc_take_pfns(r, NULL, 0);
	if (!mm_is_valid(p->mm)) {
		r->expect_reports[REPORT_INCONSISTENT] = report_count(REPORT_INCONSISTENT);
		return oracle_fail(r, "consistency", "mm_is_valid() failed");
	}
	if (!pgwalk_user(p->mm->pgd, machine.max_pfn, &w))
		return oracle_fail(r, "user-map", "the user page tables cannot be walked from pgd pfn %#lx",
				   (unsigned long)PHYS_PFN(p->mm->pgd));
	if (w.nr_leaves != p->mm->rss) {
		oracle_fail(r, "user-map", "rss is %lu, the walker finds %lu present user pages",
			    p->mm->rss, w.nr_leaves);
		return false;
	}
	memset(p->present, 0, sizeof(p->present));
	for (unsigned long i = 0; i < w.nr_leaves; i++) {
		if (!leaf_ok(r, w.leaf_va[i], w.leaf_pfn[i], w.leaf_raw[i]))
			return false;
		p->present[span_page(w.leaf_va[i])] = true;
		pfns[n++] = w.leaf_pfn[i];
	}
	for (unsigned long i = 0; i < w.nr_tables; i++) {
		if (!mt_pfn_is_ram(r->tmpl, w.tables[i]))
			return oracle_fail(r, "user-map", "user page table at pfn %#lx is not RAM",
					   w.tables[i]);
		pfns[n++] = w.tables[i];
	}
	if (!written_pages_present(r, &w))
		return false;
	qsort(pfns, n, sizeof(pfns[0]), cmp_ulong);
	for (unsigned long i = 1; i < n; i++)
		if (pfns[i] == pfns[i - 1])
			return oracle_fail(r, "user-map", "pfn %#lx is mapped or used as a table twice",
					   pfns[i]);
	return proc_take_pfns(r, pfns, n);
}

bool proc_model_end(struct run *r)
{
	struct proc_rt *p = &r->proc;

	if (!p->mm)
		return true;
	p->dirty = true;
	if (!proc_model_after_op(r))
		return false;
	current->mm = NULL;
	mmput(p->mm);
	p->mm = NULL;
	memset(p->present, 0, sizeof(p->present));
	p->dirty = true;
	run_trace(r, "the process exited");
	return proc_model_after_op(r);
}

/* ---- the table ------------------------------------------------------------------ */

/*
 * The task's own actions (system calls, loads and stores) need it running
 * its own code: never while its CPU is atomic.  The kernel's accesses to
 * user memory in atomic context are the copies (ops_usercopy.c).
 */
const struct op_desc process_ops[] = {
	{ "sys_brk", 3, 1, { { ARG_BRK_DELTA, NULL } },
	  .order_val = -1, .expect = NO_REPORT,
	  .ctx_absent = CTX_ATOMIC, .exec = exec_brk },
	{ "user_write", 3, 3, { { ARG_UADDR, NULL }, { ARG_SIZE, "len" }, { ARG_SEED, "seed" } },
	  .order_val = -1, .expect = NO_REPORT,
	  .ctx_absent = CTX_ATOMIC, .exec = exec_user_write },
	{ "user_read", 2, 2, { { ARG_UADDR, NULL }, { ARG_SIZE, "len" } },
	  .order_val = -1, .expect = NO_REPORT,
	  .ctx_absent = CTX_ATOMIC, .exec = exec_user_read },
	{ "user_touch", 2, 1, { { ARG_UADDR, NULL } },
	  .order_val = -1, .expect = NO_REPORT,
	  .ctx_absent = CTX_ATOMIC, .exec = exec_user_touch },
	{ "do_munmap", 1, 2, { { ARG_UPAGE, NULL }, { ARG_SIZE, "len" } },
	  .order_val = -1, .expect = NO_REPORT,
	  .ctx_absent = CTX_ATOMIC, .exec = exec_munmap },
	{ "pagefault_disable", 1, 0, { { ARG_NULL, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_pagefault_disable },
	{ "pagefault_enable", 1, 0, { { ARG_NULL, NULL } },
	  .order_val = -1, .expect = NO_REPORT, .exec = exec_pagefault_enable },
	{ "exit_mm", 1, 0, { { ARG_NULL, NULL } },
	  .order_val = -1, .expect = NO_REPORT,
	  .ctx_absent = CTX_ATOMIC, .exec = exec_exit_mm },
};

const unsigned int nr_process_ops = ARRAY_SIZE(process_ops);
