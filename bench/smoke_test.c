// SPDX-License-Identifier: GPL-2.0
/*
 * bench_smoke_test: every benchmark body runs one iteration and leaves the
 * allocator as it found it.  It proves the suite builds and works on each
 * architecture; it times nothing and asserts nothing about time, so it can
 * be part of `bazel test` (issue 7: no test depends on wall-clock time).
 */
#include <stdio.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mmdebug.h>
#include <linux/report.h>
#include <linux/shrinker.h>

#include "bench.h"

static int failures;

#define CHECK(cond, b, what) do {					\
	if (!(cond)) {							\
		printf("  FAIL %s: %s (%s)\n", (b)->name, what, #cond);	\
		failures++;						\
	}								\
} while (0)

/*
 * Free pages of every zone, per-CPU lists drained and slab caches dropped
 * (shrink_slab() at priority 0, what drop_caches does): the allocator's
 * state.
 */
static unsigned long free_pages_drained(void)
{
	shrink_slab(GFP_KERNEL, 0, 0);
	drain_all_pages(NULL);
	return nr_free_pages();
}

static void smoke_side(const struct bench *b, const struct bench_side *s,
		       const char *which)
{
	unsigned long before = 0;

	if (machine.booted)
		before = free_pages_drained();
	CHECK(s->fn(s->arg, 1) == 0, b, which);
	if (machine.booted) {
		/* Everything a body allocates it gives back. */
		CHECK(free_pages_drained() == before, b, which);
		CHECK(page_alloc_is_valid(), b, which);
	} else {
		/* Boot bodies tear down what they booted. */
		CHECK(machine.memfd < 0 && !machine.mem_map, b, which);
	}
}

/* The bodies alone, with the allocator checked around each. */
static void smoke_bodies(const struct bench *b)
{
	CHECK(b->name && b->ours.fn && b->base.fn && b->ours.desc &&
	      b->base.desc, b, "complete table entry");
	CHECK(!b->setup || b->setup(b) == 0, b, "setup");
	smoke_side(b, &b->ours, "ours");
	smoke_side(b, &b->base, "baseline");
	if (b->teardown)
		b->teardown(b);
	CHECK(!machine.booted, b, "teardown");
}

/* The runner end to end with fixed work: results exist, nothing timed. */
static void smoke_runner(const struct bench *b)
{
	const struct bench_opts o = { .rounds = 1, .iters = 1 };
	struct bench_result r;

	memset(&r, 0xff, sizeof(r));
	CHECK(bench_measure(b, &o, &r) == 0, b, "bench_measure");
	CHECK(r.ours.iters == 1 && r.base.iters == 1, b, "fixed iterations");
	CHECK(r.ours.median >= 0 && r.base.median >= 0, b, "figures");
	CHECK(!machine.booted, b, "runner teardown");
}

/* Names are JSON keys and --filter targets: unique, [a-z0-9_]. */
static void check_names(void)
{
	for (size_t i = 0; i < bench_table_size; i++) {
		const struct bench *b = &bench_table[i];

		CHECK(strspn(b->name, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
		      strlen(b->name), b, "name charset");
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(b->name, bench_table[j].name), b, "unique name");
	}
}

int main(void)
{
	check_names();
	for (size_t i = 0; i < bench_table_size; i++) {
		const struct bench *b = &bench_table[i];
		int before = failures;

		smoke_bodies(b);
		smoke_runner(b);
		printf("%s bench/%s (%s)\n", failures == before ? "ok  " : "FAIL",
		       b->name, ARCH_NAME);
	}
	CHECK(report_total() == 0, &bench_table[0], "no mm/ reports");
	printf("%zu benchmarks, %d failures\n", bench_table_size, failures);
	return failures ? 1 : 0;
}
