// SPDX-License-Identifier: GPL-2.0
/*
 * bench: run the suite and print a table, or JSON lines for scripts.
 *
 *   bazel run --config=opt //bench -- [--json] [--filter SUBSTR]
 *                                      [--rounds N] [--iters N] [--list]
 *
 * Rows are printed as each benchmark finishes; a failed benchmark is named
 * on stderr, the others still run, and the exit status is 1.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

#include "bench.h"

/* -Wundef: __OPTIMIZE__ is only defined when optimising. */
#ifdef __OPTIMIZE__
#define BUILT_OPTIMIZED		1
#else
#define BUILT_OPTIMIZED		0
#endif

/*
 * Many short samples rather than a few long ones: a sample shorter than a
 * scheduler time slice usually runs undisturbed, run.c retries the ones
 * that did not, and the median drops the rest.  31 rounds x 2 sides x 2 ms
 * is about 0.15 s a line, calibration and retries aside.
 */
#define DEFAULT_ROUNDS		31
#define DEFAULT_SAMPLE_NS	2e6

struct args {
	bool			json;
	bool			list;
	const char		*filter;
	struct bench_opts	opts;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: bench [--json] [--filter SUBSTR] [--rounds N] [--iters N] [--list]\n"
		"  --json           one JSON object per line:\n"
		"                   {\"bench\": NAME, \"ours_ns\": ..., \"base_ns\": ..., \"ratio\": ours/base}\n"
		"  --filter SUBSTR  only benchmarks whose name contains SUBSTR\n"
		"  --rounds N       samples per side, figures are medians (default %d)\n"
		"  --iters N        fixed iterations per sample instead of calibrating\n"
		"                   (reproducible instruction counts for callgrind)\n"
		"  --list           print the names and what each side does\n",
		DEFAULT_ROUNDS);
}

static bool parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	if (!s || !*s || *s == '-')
		return false;
	*v = strtoul(s, &end, 10);
	return *end == '\0' && *v > 0;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long n;

		if (!strcmp(arg, "--json")) {
			a->json = true;
		} else if (!strcmp(arg, "--list")) {
			a->list = true;
		} else if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(arg, "--filter") && val) {
			a->filter = val;
			i++;
		} else if (!strcmp(arg, "--rounds") && parse_ulong(val, &n) &&
			   n <= 1000) {
			a->opts.rounds = (unsigned int)n;
			i++;
		} else if (!strcmp(arg, "--iters") && parse_ulong(val, &n)) {
			a->opts.iters = n;
			i++;
		} else {
			fprintf(stderr, "bench: bad argument '%s'%s\n", arg,
				val ? "" : " (missing value?)");
			usage(stderr);
			return -1;
		}
	}
	return 0;
}

/* "12.3 ns", "45.60 us": a time per op in the unit that reads best. */
static const char *fmt_time(char *buf, size_t size, double ns)
{
	if (ns < 1e3)
		snprintf(buf, size, "%.1f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, size, "%.2f us", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, size, "%.2f ms", ns / 1e6);
	else
		snprintf(buf, size, "%.2f s", ns / 1e9);
	return buf;
}

static const char *fmt_figure(const struct bench *b, char *buf, size_t size,
			      double ns_per_op)
{
	if (b->throughput) {
		snprintf(buf, size, "%.0f /s", bench_figure(b, ns_per_op));
		return buf;
	}
	return fmt_time(buf, size, ns_per_op);
}

/* Spread as a percentage of the median: comparable across rows. */
static double spread_pct(const struct bench_stat *st)
{
	return st->median > 0 ? 100.0 * st->mad / st->median : 0.0;
}

static void print_header(const struct args *a)
{
	printf("mmfuzz benchmarks, %s: median of %u rounds, spread = median absolute deviation\n",
	       ARCH_NAME, a->opts.rounds);
	printf("%-24s %12s %7s %12s %7s %8s\n", "benchmark", "ours", "spread",
	       "baseline", "spread", "ratio");
}

static void print_row(const struct bench *b, const struct bench_result *r)
{
	char ours[32], base[32];

	printf("%-24s %12s %6.1f%% %12s %6.1f%% %7.2fx\n", b->name,
	       fmt_figure(b, ours, sizeof(ours), r->ours.median),
	       spread_pct(&r->ours),
	       fmt_figure(b, base, sizeof(base), r->base.median),
	       spread_pct(&r->base), bench_ratio(b, r));
}

/* JSON has no inf or nan: a degenerate figure becomes null. */
static void print_json_number(double v)
{
	if (isfinite(v))
		printf("%.6g", v);
	else
		printf("null");
}

static void print_json(const struct bench *b, const struct bench_result *r)
{
	printf("{\"bench\": \"%s\", \"ours_ns\": ", b->name);
	print_json_number(bench_figure(b, r->ours.median));
	printf(", \"base_ns\": ");
	print_json_number(bench_figure(b, r->base.median));
	printf(", \"ratio\": ");
	print_json_number(bench_ratio(b, r));
	printf("}\n");
}

static void print_legend(const struct bench *b)
{
	printf("  %-22s ours: %s\n", b->name, b->ours.desc);
	printf("  %-22s base: %s\n", "", b->base.desc);
}

static bool selected(const struct args *a, const struct bench *b)
{
	return !a->filter || strstr(b->name, a->filter);
}

static unsigned int count_selected(const struct args *a)
{
	unsigned int n = 0;

	for (size_t i = 0; i < bench_table_size; i++)
		n += selected(a, &bench_table[i]);
	return n;
}

int main(int argc, char **argv)
{
	struct args a = {
		.opts = { .rounds = DEFAULT_ROUNDS, .sample_ns = DEFAULT_SAMPLE_NS },
	};
	unsigned int failed = 0;
	bool table;

	if (parse_args(argc, argv, &a))
		return 2;
	if (!count_selected(&a)) {
		fprintf(stderr, "bench: no benchmark matches '%s'\n", a.filter);
		return 2;
	}
	if (CONFIG_DEBUG_VM || !BUILT_OPTIMIZED)
		fprintf(stderr, "bench: note: built without --config=opt; the figures include debug checks\n");
	table = !a.json && !a.list;
	if (table)
		print_header(&a);
	for (size_t i = 0; i < bench_table_size; i++) {
		const struct bench *b = &bench_table[i];
		struct bench_result r;

		if (!selected(&a, b))
			continue;
		if (a.list) {
			print_legend(b);
			continue;
		}
		if (bench_measure(b, &a.opts, &r)) {
			failed++;
			continue;
		}
		if (a.json)
			print_json(b, &r);
		else
			print_row(b, &r);
		fflush(stdout);
	}
	if (table) {
		printf("\nratio = ours / baseline (of ns per op: below 1, ours is faster);\n"
		       "what each side does per op:\n");
		for (size_t i = 0; i < bench_table_size; i++)
			if (selected(&a, &bench_table[i]))
				print_legend(&bench_table[i]);
	}
	return failed ? 1 : 0;
}
