// SPDX-License-Identifier: GPL-2.0
/*
 * The differential mode: the comparator flags each kind of disagreement
 * (a neutral allocation failing on one arch, an op's reports, ksize, the
 * verdict) and lets pass what may differ (allocations that depend on the
 * arch, from where the runs go out of step; kmap's reports); and a real
 * run's outcome lines say what the comparator needs.
 */
#include <stdlib.h>
#include <unistd.h>

#include "fuzz/harness.h"
#include "fuzz/outcome.h"
#include "fuzz/outcome_diff.h"
#include "fuzz/testing.h"

static char path_a[256], path_b[256], path_out[256];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	fputs(text, f);
	CHECK_EQ(fclose(f), 0);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);
	size_t n;

	CHECK(f != NULL && buf != NULL);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void paths(void)
{
	const char *dir = getenv("TEST_TMPDIR");

	if (!dir)
		dir = "/tmp";
	snprintf(path_a, sizeof(path_a), "%s/outcome-a.%d", dir, (int)getpid());
	snprintf(path_b, sizeof(path_b), "%s/outcome-b.%d", dir, (int)getpid());
	snprintf(path_out, sizeof(path_out), "%s/outcome-out.%d", dir, (int)getpid());
}

/* Compare @a with @b; the status must be @want and the output hold @needle. */
static void diff(const char *a, const char *b, int want, const char *needle)
{
	FILE *out;
	char *text;

	paths();
	write_file(path_a, a);
	write_file(path_b, b);
	out = fopen(path_out, "w");
	CHECK(out != NULL);
	CHECK_EQ(outcome_diff_files(path_a, "i386", path_b, "x86_64", out), want);
	fclose(out);
	text = read_all(path_out);
	CHECK_HAS(text, needle);
	free(text);
}

#define HEAD	"file p.prog\n"

static void same_runs_agree(void)
{
	const char *run = HEAD
		"op 0 kmalloc made neutral ksize=128 reports=-\n"
		"op 1 __free_pages - reports=double-free:1\n"
		"end ok\n";

	diff(run, run, 0, "the arches agree");
}

static void neutral_allocation_fails_on_one_arch(void)
{
	diff(HEAD "op 0 kmalloc made neutral ksize=128 reports=-\nend ok\n",
	     HEAD "op 0 kmalloc null neutral reports=alloc-fail:1\nend ok\n",
	     1, "op 0 kmalloc: a neutral allocation: made on i386, null on x86_64");
}

/* Out of step: what follows acts on different memory and is not compared. */
static void arch_dependent_allocation_ends_comparison(void)
{
	diff(HEAD "op 0 alloc_pages made-highmem reports=-\n"
		  "op 1 kfree - reports=-\nend ok\n",
	     HEAD "op 0 alloc_pages made reports=-\n"
		  "op 1 kfree - reports=slab-bad-free:1\nend ok\n",
	     0, "out of step from here");
}

/* A misuse op skipped on one arch (its pfn was taken again there). */
static void skip_on_one_arch_ends_comparison(void)
{
	diff(HEAD "op 0 __free_pages - reports=double-free:1\n"
		  "op 1 vfree - reports=-\nend ok\n",
	     HEAD "op 0 __free_pages skipped reports=-\n"
		  "op 1 vfree - reports=bad-vfree:1\nend ok\n",
	     0, "op 0 __free_pages: - on i386, skipped on x86_64: out of step from here");
}

static void reports_differ(void)
{
	diff(HEAD "op 0 vfree - reports=bad-vfree:1\nend ok\n",
	     HEAD "op 0 vfree - reports=-\nend ok\n",
	     1, "op 0 vfree: reports bad-vfree:1 on i386, - on x86_64");
}

static void kmap_reports_are_the_arch_s(void)
{
	diff(HEAD "op 0 kunmap_local - archdep reports=bad-kmap:1\nend ok\n",
	     HEAD "op 0 kunmap_local - archdep reports=-\nend ok\n",
	     0, "the arches agree");
}

static void ksize_differs(void)
{
	diff(HEAD "op 0 kmalloc made neutral ksize=96 reports=-\nend ok\n",
	     HEAD "op 0 kmalloc made neutral ksize=128 reports=-\nend ok\n",
	     1, "ksize 96 on i386, 128 on x86_64");
}

static void verdict_differs(void)
{
	diff(HEAD "end violation overlap\n", HEAD "end ok\n", 1,
	     "verdict: violation overlap on i386, ok on x86_64");
}

static void malformed_file(void)
{
	diff(HEAD "op zero\n", HEAD "end ok\n", 2, "");
}

/* A real run: the lines carry what the comparator compares. */
static void run_writes_outcomes(void)
{
	static struct prog prog;
	static const char text[] =
		"machine pc 64M nodes=1 cpus=1\n"
		"p0 = kmalloc(100, GFP_KERNEL)\n"
		"p1 = alloc_pages(GFP_KERNEL, order=4, node=0)\n"
		"p2 = alloc_pages(GFP_HIGHUSER, order=0, node=0)\n"
		"kfree(p0)\n"
		"kfree(p0)\n"
		"__free_pages(p1)\n"
		"__free_pages(p1)\n";
	char err[256], *out;
	FILE *f;

	paths();
	CHECK_EQ(prog_parse(text, strlen(text), &prog, err, sizeof(err)), 0);
	CHECK(outcome_neutral(&prog, 0));
	CHECK(!outcome_neutral(&prog, 1));	/* order 4 */
	CHECK(!outcome_neutral(&prog, 2));	/* highmem */
	CHECK(!outcome_neutral(&prog, 3));	/* not an allocation */
	f = fopen(path_out, "w");
	CHECK(f != NULL);
	harness_set_outcomes(f);
	CHECK(harness_run(&prog, NULL, NULL));
	harness_set_outcomes(NULL);
	fclose(f);
	out = read_all(path_out);
	CHECK_HAS(out, "op 0 kmalloc made neutral ksize=");
	CHECK_HAS(out, "op 1 alloc_pages made reports=-\n");
	CHECK_HAS(out, "op 6 __free_pages - reports=double-free:1\n");
	CHECK_HAS(out, "end ok\n");
	free(out);
}

/* On a 4 MiB machine nothing is neutral: any allocation may run short. */
static void tiny_machine_is_never_neutral(void)
{
	static struct prog prog;
	static const char text[] =
		"machine pc 4M nodes=1 cpus=1\n"
		"p0 = kmalloc(8, GFP_KERNEL)\n";
	char err[256];

	CHECK_EQ(prog_parse(text, strlen(text), &prog, err, sizeof(err)), 0);
	CHECK(!outcome_neutral(&prog, 0));
}

TEST_MAIN("outcome_diff",
	TEST(same_runs_agree),
	TEST(neutral_allocation_fails_on_one_arch),
	TEST(arch_dependent_allocation_ends_comparison),
	TEST(skip_on_one_arch_ends_comparison),
	TEST(reports_differ),
	TEST(kmap_reports_are_the_arch_s),
	TEST(ksize_differs),
	TEST(verdict_differs),
	TEST(malformed_file),
	TEST(run_writes_outcomes),
	TEST(tiny_machine_is_never_neutral))
