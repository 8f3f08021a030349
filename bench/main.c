// SPDX-License-Identifier: GPL-2.0
/*
 * bench: run the suite and print a table, or JSON lines for scripts.
 *
 *   bazel run --config=opt //bench -- [--json] [--filter SUBSTR]
 *                                      [--rounds N] [--iters N] [--list]
 *
 * Rows are printed as each benchmark finishes; a failed benchmark is named
 * on stderr, the others still run, and the exit status is 1.
 *
 * The fuzz_execs_<target> rows come from a separate binary built under ASan
 * (bench/fuzz_execs.c), run as a subprocess: --fuzz-execs PATH (which
 * `bazel run` passes), else fuzz_execs_asan_<arch> next to this binary.
 */
#include <libgen.h>
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
	bool			rounds_given;
	const char		*filter;
	const char		*fuzz_execs;	/* the ASan binary */
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
		"  --list           print the names and what each side does\n"
		"  --fuzz-execs PATH  the ASan fuzz_execs binary (bazel run passes it)\n",
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
			a->rounds_given = true;
			i++;
		} else if (!strcmp(arg, "--fuzz-execs") && val) {
			a->fuzz_execs = val;
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

static void print_legend(const struct bench *b)
{
	printf("  %-22s ours: %s\n", b->name, b->ours.desc);
	printf("  %-22s base: %s\n", "", b->base.desc);
}

static void print_fuzz_execs_legend(void)
{
	printf("  %-22s ours: execs/s of the target replaying 16 generated 100-op programs, ASan, checks on\n"
	       "  %-22s base: a trivial target, 100 malloc+free per input, ASan\n",
	       BENCH_FUZZ_EXECS_PREFIX "<target>", "");
}

static bool selected(const struct args *a, const struct bench *b)
{
	return !a->filter || strstr(b->name, a->filter);
}

/* The fuzz_execs rows' names are only known once it runs: match the prefix. */
static bool fuzz_execs_selected(const struct args *a)
{
	return !a->filter || strstr(BENCH_FUZZ_EXECS_PREFIX, a->filter) ||
	       !strncmp(a->filter, BENCH_FUZZ_EXECS_PREFIX,
			strlen(BENCH_FUZZ_EXECS_PREFIX));
}

static unsigned int count_selected(const struct args *a)
{
	unsigned int n = fuzz_execs_selected(a);

	for (size_t i = 0; i < bench_table_size; i++)
		n += selected(a, &bench_table[i]);
	return n;
}

/* fuzz_execs_asan_<arch> beside this binary, when no --fuzz-execs. */
static const char *default_fuzz_execs(const char *argv0)
{
	static char path[4096];
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s", argv0);
	snprintf(path, sizeof(path), "%s/fuzz_execs_asan_%s", dirname(dir), ARCH_NAME);
	return path;
}

/*
 * Run the ASan binary and relay its JSON lines: as they are with --json,
 * as table rows otherwise (it prints medians only, so no spread).
 * Return: 0, or -1 if it failed.
 */
static int relay_fuzz_execs(const struct args *a, const char *path)
{
	char cmd[8192], line[512];
	int status, rows = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%s' --json", path);
	if (a->rounds_given)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
			 " --rounds %u", a->opts.rounds);
	if (a->opts.iters)
		snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd),
			 " --iters %lu", a->opts.iters);
	fflush(stdout);
	p = popen(cmd, "r");
	if (!p) {
		fprintf(stderr, "bench: cannot run %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), p)) {
		char name[BENCH_NAME_MAX];
		double ours, base, ratio;

		if (!bench_parse_json(line, name, &ours, &base, &ratio))
			continue;
		if (a->filter && !strstr(name, a->filter))
			continue;
		rows++;
		if (a->json)
			fputs(line, stdout);
		else
			printf("%-24s %10.0f /s %7s %10.0f /s %7s %7.2fx\n", name,
			       ours, "-", base, "-", ratio);
		fflush(stdout);
	}
	status = pclose(p);
	if (status != 0 || !rows) {
		fprintf(stderr, "bench: %s failed (status %d)\n", path, status);
		return -1;
	}
	return 0;
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
			bench_print_json(stdout, b, &r);
		else
			print_row(b, &r);
		fflush(stdout);
	}
	if (a.list && fuzz_execs_selected(&a))
		print_fuzz_execs_legend();
	if (!a.list && fuzz_execs_selected(&a) &&
	    relay_fuzz_execs(&a, a.fuzz_execs ? a.fuzz_execs : default_fuzz_execs(argv[0])))
		failed++;
	if (table) {
		printf("\nratio = ours / baseline (of ns per op: below 1, ours is faster);\n"
		       "what each side does per op:\n");
		for (size_t i = 0; i < bench_table_size; i++)
			if (selected(&a, &bench_table[i]))
				print_legend(&bench_table[i]);
		if (fuzz_execs_selected(&a))
			print_fuzz_execs_legend();
	}
	return failed ? 1 : 0;
}
