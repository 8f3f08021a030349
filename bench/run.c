// SPDX-License-Identifier: GPL-2.0
/*
 * Timing: calibrate, then interleave the two sides round by round and keep
 * medians.
 *
 * Why interleave: a machine's speed drifts (frequency scaling, a neighbour
 * waking up).  Timing all of ours and then all of the baseline turns that
 * drift into a fake ratio; alternating samples, and which side goes first,
 * spreads it over both.  Why medians: one slow sample must not move the
 * figure; the median absolute deviation says how much the rest agree.
 *
 * Why retry preempted samples: on a shared machine (CI, a laptop building
 * in the background) the scheduler takes the CPU away for whole time
 * slices, and a sample that lost one measures the neighbour.  Samples are
 * kept short (a few ms, under a time slice) and one during which the
 * thread was involuntarily switched out is run again, a few times at most.
 * Page faults and syscalls are the benchmark's own work and are kept.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <linux/report.h>

#include "bench.h"

#define MAX_ROUNDS	1000
/* Calibration stops doubling at an eighth of the target and scales up. */
#define CALIBRATE_FRACTION	8
/* Runs of one sample before a preempted one is kept anyway. */
#define MAX_TRIES		8

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static unsigned int ops_per_iter(const struct bench *b)
{
	return b->ops_per_iter ? b->ops_per_iter : 1;
}

/* Times this thread was switched out without asking to be. */
static long involuntary_switches(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) ? 0 : ru.ru_nivcsw;
}

/*
 * One sample: @iters iterations of @s, in ns for the whole call, run again
 * while the scheduler preempted it (at most MAX_TRIES runs).
 */
static int sample(const struct bench *b, const char *which,
		  const struct bench_side *s, unsigned long iters, double *ns)
{
	for (int try = 0; try < MAX_TRIES; try++) {
		long switches = involuntary_switches();
		double t0 = now_ns();

		if (s->fn(s->arg, iters)) {
			fprintf(stderr, "bench: %s: the %s side failed\n",
				b->name, which);
			return -1;
		}
		*ns = now_ns() - t0;
		if (involuntary_switches() == switches)
			break;
	}
	return 0;
}

/*
 * Iterations for one sample of about @o->sample_ns: double from 1 until a
 * run takes a fair fraction of the target, then scale linearly.  The
 * doubling runs double as warm-up (caches, lazily initialised free lists,
 * glibc's heap growing to its working size).
 */
static int calibrate(const struct bench *b, const char *which,
		     const struct bench_side *s, const struct bench_opts *o,
		     unsigned long *iters)
{
	unsigned long n = 1;
	double ns;

	if (o->iters) {
		*iters = o->iters;
		return 0;
	}
	/*
	 * One iteration first, not timed: a first call can cost a thousand
	 * later ones (a new cache's first slab, first touches of its pages),
	 * and from n = 1 that alone would pass for a full sample.
	 */
	if (sample(b, which, s, 1, &ns))
		return -1;
	for (;;) {
		if (sample(b, which, s, n, &ns))
			return -1;
		if (ns >= o->sample_ns / CALIBRATE_FRACTION || n >= (1UL << 40))
			break;
		n *= 2;
	}
	*iters = (unsigned long)fmax(1.0, (double)n * o->sample_ns / fmax(ns, 1.0));
	/*
	 * A fixed cost per call (threads_mixed_2v1's thread starts) makes short
	 * runs look slow per iteration: a run of the size found that takes
	 * under half a sample is doubled until it does not.
	 */
	for (;;) {
		if (sample(b, which, s, *iters, &ns))
			return -1;
		if (ns >= o->sample_ns / 2 || *iters >= (1UL << 40))
			return 0;
		*iters *= 2;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Median and median absolute deviation of @v (reordered), per op. */
static void summarise(double *v, unsigned int n, unsigned long iters,
		      unsigned int per_iter, struct bench_stat *st)
{
	double dev[MAX_ROUNDS];
	double ops = (double)iters * per_iter;

	st->iters = iters;
	st->median = median(v, n) / ops;
	for (unsigned int i = 0; i < n; i++)
		dev[i] = fabs(v[i] / ops - st->median);
	st->mad = median(dev, n);
}

static int measure_rounds(const struct bench *b, const struct bench_opts *o,
			  struct bench_result *r)
{
	double ours[MAX_ROUNDS], base[MAX_ROUNDS];
	unsigned long n_ours, n_base;

	if (calibrate(b, "ours", &b->ours, o, &n_ours) ||
	    calibrate(b, "baseline", &b->base, o, &n_base))
		return -1;
	for (unsigned int i = 0; i < o->rounds; i++) {
		/* Alternate who goes first: neither always runs cache-hot. */
		bool ours_first = i % 2 == 0;
		int err;

		if (ours_first)
			err = sample(b, "ours", &b->ours, n_ours, &ours[i]) ||
			      sample(b, "baseline", &b->base, n_base, &base[i]);
		else
			err = sample(b, "baseline", &b->base, n_base, &base[i]) ||
			      sample(b, "ours", &b->ours, n_ours, &ours[i]);
		if (err)
			return -1;
	}
	summarise(ours, o->rounds, n_ours, ops_per_iter(b), &r->ours);
	summarise(base, o->rounds, n_base, ops_per_iter(b), &r->base);
	return 0;
}

int bench_measure(const struct bench *b, const struct bench_opts *o,
		  struct bench_result *r)
{
	unsigned long reports = report_total();
	int err;

	if (o->rounds < 1 || o->rounds > MAX_ROUNDS) {
		fprintf(stderr, "bench: rounds must be 1..%d\n", MAX_ROUNDS);
		return -1;
	}
	if (b->setup && b->setup(b)) {
		fprintf(stderr, "bench: %s: setup failed\n", b->name);
		return -1;
	}
	err = measure_rounds(b, o, r);
	if (b->teardown)
		b->teardown(b);
	if (!err && !b->reports_expected && report_total() != reports) {
		fprintf(stderr, "bench: %s: mm/ printed %lu report(s) during the run: %s\n",
			b->name, report_total() - reports, report_last());
		err = -1;
	}
	return err;
}

double bench_figure(const struct bench *b, double ns_per_op)
{
	return b->throughput ? 1e9 / ns_per_op : ns_per_op;
}

double bench_ratio(const struct bench *b, const struct bench_result *r)
{
	return bench_figure(b, r->ours.median) / bench_figure(b, r->base.median);
}

/* JSON has no inf or nan: a degenerate figure becomes null. */
static void print_json_number(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.6g", v);
	else
		fprintf(out, "null");
}

void bench_print_json(FILE *out, const struct bench *b,
		      const struct bench_result *r)
{
	fprintf(out, "{\"bench\": \"%s\", \"ours_ns\": ", b->name);
	print_json_number(out, bench_figure(b, r->ours.median));
	fprintf(out, ", \"base_ns\": ");
	print_json_number(out, bench_figure(b, r->base.median));
	fprintf(out, ", \"ratio\": ");
	print_json_number(out, bench_ratio(b, r));
	fprintf(out, "}\n");
}

bool bench_parse_json(const char *line, char *name, double *ours,
		      double *base, double *ratio)
{
	int end = -1;

	if (sscanf(line, "{\"bench\": \"%63[a-z0-9_]\", \"ours_ns\": %lf, \"base_ns\": %lf, \"ratio\": %lf}%n",
		   name, ours, base, ratio, &end) != 4 || end < 0)
		return false;
	return line[end] == '\0' || (line[end] == '\n' && line[end + 1] == '\0');
}
