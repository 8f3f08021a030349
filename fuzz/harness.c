// SPDX-License-Identifier: GPL-2.0
/*
 * One program, one machine: boot from the header, each op then the
 * oracle's checks, the end-of-program checks, teardown.  A violation stops
 * the program at once: what follows would only report its consequences.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/fault-inject.h>
#include <linux/machine.h>
#include <linux/report.h>

#include "fuzz/harness.h"
#include "fuzz/op_table.h"
#include "fuzz/outcome.h"
#include "fuzz/run.h"

/* One run at a time, as one machine at a time. */
static struct run the_run;
static FILE *outcomes;

void harness_set_outcomes(FILE *out)
{
	outcomes = out;
}

void run_op_begin(struct run *r)
{
	for (int t = 0; t < NR_REPORT_TYPES; t++)
		r->op_reports[t] = report_count((enum report_type)t);
	r->op_injected = fail_page_alloc.attr.injected;
	r->op_atomic = context_model_atomic(r);
}

void run_reports_accounted(struct run *r, enum report_type t, unsigned long n)
{
	r->expect_reports[t] += n;
	r->op_reports[t] += n;
}

void run_trace(struct run *r, const char *fmt, ...)
{
	va_list ap;

	/* Every skip says "skipped: why": the outcome line records it. */
	if (!strncmp(fmt, "skipped", 7))
		r->op_skipped = true;
	if (!r->trace)
		return;
	fputs("  -> ", r->trace);
	va_start(ap, fmt);
	vfprintf(r->trace, fmt, ap);
	va_end(ap);
	fputc('\n', r->trace);
}

/* The machine line and the last mm/ report close every violation report. */
static void finish_verdict(struct run *r)
{
	const char *last = report_last();

	sbuf_puts(&r->verdict, "  machine: ");
	prog_print_header(&r->prog->hdr, &r->verdict);
	sbuf_puts(&r->verdict, "\n");
	if (!*last)
		return;
	sbuf_puts(&r->verdict, "  last mm report:\n");
	for (const char *line = last; *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);

		sbuf_printf(&r->verdict, "    %.*s\n", (int)n, line);
		line += n + (nl != NULL);
	}
}

static bool boot(struct run *r)
{
	const struct machine_tmpl *t = r->tmpl;
	struct e820_entry map[MT_MAX_RANGES];
	struct machine_desc desc = {
		.map = map,
		.nr_map = t->nr_ranges,
		.nr_nodes = r->prog->hdr.nr_nodes,
		.nr_cpus = r->prog->hdr.nr_cpus,
		.min_free_kbytes = min_free_choices[r->prog->hdr.min_free],
		.slab_debug = slab_debug_choices[r->prog->hdr.slab_debug],
	};
	int err;

	for (unsigned int i = 0; i < t->nr_ranges; i++)
		map[i] = (struct e820_entry){ t->ram[i].start,
					      t->ram[i].end - t->ram[i].start,
					      E820_TYPE_RAM };
	err = machine_boot(&desc);
	if (err)
		return oracle_fail(r, "boot", "machine_boot() failed with %d", err);
	context_model_boot(r);
	return !r->failed && oracle_boot(r);
}

struct run *harness_begin(const struct prog *prog, FILE *trace)
{
	struct run *r = &the_run;
	struct sbuf verdict = r->verdict;

	vm_model_release(r);
	memset(r, 0, sizeof(*r));
	r->verdict = verdict;
	sbuf_reset(&r->verdict);
	r->prog = prog;
	r->tmpl = &machine_tmpls[prog->hdr.machine];
	r->trace = trace;
	r->outcomes = outcomes;
	r->op_idx = -1;
	report_set_output(NULL);
	report_reset();
	machine.op_index = -1;
	if (trace) {
		struct sbuf hdr = SBUF_INIT;

		prog_print_header(&prog->hdr, &hdr);
		fprintf(trace, "%s  # arch %s\n", sbuf_str(&hdr), ARCH_NAME);
		sbuf_free(&hdr);
	}
	if (!boot(r))
		finish_verdict(r);
	run_op_begin(r);
	return r;
}

bool harness_step(struct run *r, unsigned int i)
{
	const struct op *op = &r->prog->ops[i];
	unsigned long before[NR_REPORT_TYPES];

	if (r->failed)
		return false;
	r->op_idx = i;
	machine.op_index = i;
	if (r->trace) {
		struct sbuf line = SBUF_INIT;

		prog_print_op(op, &line);
		fprintf(r->trace, "[%u] %s\n", i, sbuf_str(&line));
		sbuf_free(&line);
	}
	run_op_begin(r);
	r->op_skipped = false;
	memcpy(before, r->op_reports, sizeof(before));
	op_table[op->type]->exec(r, op);
	if (!r->failed)
		context_model_sleep_reports(r);
	if (!r->failed)
		oracle_after_op(r);
	if (r->outcomes)
		outcome_op(r, r->outcomes, i, before);
	if (r->failed)
		finish_verdict(r);
	return !r->failed;
}

bool harness_end(struct run *r)
{
	if (r->failed)
		return false;
	machine.op_index = r->prog->nr_ops;
	if (!oracle_end(r))
		finish_verdict(r);
	if (r->trace && !r->failed)
		fprintf(r->trace, "end: everything freed, every zone back at its boot count\n");
	return !r->failed;
}

const char *harness_verdict(struct run *r)
{
	return sbuf_str(&r->verdict);
}

void harness_finish(struct run *r)
{
	shadow_destroy(&r->shadow);
	machine_teardown();
}

bool harness_run(const struct prog *prog, FILE *trace, struct sbuf *verdict)
{
	struct run *r = harness_begin(prog, trace);
	bool ok = !r->failed;

	for (unsigned int i = 0; ok && i < prog->nr_ops; i++)
		ok = harness_step(r, i);
	ok = ok && harness_end(r);
	if (r->outcomes) {
		if (ok)
			fputs("end ok\n", r->outcomes);
		else
			fprintf(r->outcomes, "end violation %s\n", r->check ? r->check : "?");
	}
	if (!ok && verdict)
		sbuf_puts(verdict, harness_verdict(r));
	harness_finish(r);
	return ok;
}

void harness_abort(const char *verdict)
{
	fputs(verdict, stderr);
	fflush(stderr);
	abort();
}

void harness_run_or_abort(const struct prog *prog)
{
	struct sbuf verdict = SBUF_INIT;

	if (!harness_run(prog, NULL, &verdict))
		harness_abort(sbuf_str(&verdict));
	sbuf_free(&verdict);
}
