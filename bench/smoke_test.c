// SPDX-License-Identifier: GPL-2.0
/*
 * bench_smoke_test: every benchmark body runs one iteration and leaves the
 * allocator as it found it; every name issue 7 lists is there; the JSON
 * lines have the issue's shape, fuzz_execs's (run with --smoke: argv[1])
 * included.  It proves the suite builds and works on each
 * architecture; it times nothing and asserts nothing about time, so it can
 * be part of `bazel test` (issue 7: no test depends on wall-clock time).
 */
#include <stdio.h>
#include <stdlib.h>
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

/* The JSON line of @r reads back with the same name. */
static void check_json(const struct bench *b, const struct bench_result *r)
{
	char *buf = NULL, name[BENCH_NAME_MAX];
	double ours, base, ratio;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	bench_print_json(f, b, r);
	fclose(f);
	CHECK(bench_parse_json(buf, name, &ours, &base, &ratio), b, buf);
	CHECK(!strcmp(name, b->name), b, "JSON name");
	free(buf);
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
	check_json(b, &r);
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

/* Issue 7's names, each in the table (fuzz_execs_<target> apart). */
static void check_issue_names(void)
{
	static const char *const names[] = {
		"kmalloc_immediate_16", "kmalloc_immediate_64",
		"kmalloc_immediate_256", "kmalloc_immediate_1024",
		"kmalloc_immediate_4096", "kmalloc_batch_16", "kmalloc_batch_64",
		"kmalloc_batch_256", "kmalloc_batch_1024", "kmalloc_batch_4096",
		"kmem_cache_64", "page_order0", "page_order3", "page_order9",
		"vmalloc_16k", "vmalloc_1m", "boot_4g_vs_64m",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		bool found = false;

		for (size_t j = 0; j < bench_table_size; j++)
			found |= !strcmp(bench_table[j].name, names[i]);
		if (!found) {
			printf("  FAIL: issue 7's %s is not in bench_table[]\n", names[i]);
			failures++;
		}
	}
}

/*
 * fuzz_execs --smoke: every line in the JSON shape, named
 * fuzz_execs_<target>, the buddy target among them, exit status 0.
 */
static void check_fuzz_execs(const char *path)
{
	static const struct bench fe = { .name = "fuzz_execs" };
	char cmd[4096], line[512], name[BENCH_NAME_MAX];
	bool buddy = false;
	double ours, base, ratio;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%s' --smoke --json", path);
	p = popen(cmd, "r");
	CHECK(p != NULL, &fe, "popen");
	if (!p)
		return;
	while (fgets(line, sizeof(line), p)) {
		CHECK(bench_parse_json(line, name, &ours, &base, &ratio), &fe, line);
		CHECK(!strncmp(name, BENCH_FUZZ_EXECS_PREFIX,
			       strlen(BENCH_FUZZ_EXECS_PREFIX)), &fe, line);
		buddy |= !strcmp(name, "fuzz_execs_buddy");
	}
	CHECK(pclose(p) == 0, &fe, "exit status");
	CHECK(buddy, &fe, "a fuzz_execs_buddy line");
	printf("%s bench/fuzz_execs (%s)\n", failures ? "FAIL" : "ok  ", ARCH_NAME);
}

int main(int argc, char **argv)
{
	check_names();
	check_issue_names();
	if (argc > 1)
		check_fuzz_execs(argv[1]);
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
