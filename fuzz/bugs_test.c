// SPDX-License-Identifier: GPL-2.0
/*
 * Proof that the oracle catches bugs: for each class of bug it exists to
 * catch, the allocator built with that bug (linux/mm_bugs.h) is fuzzed by a
 * short deterministic campaign, random byte programs from a fixed seed,
 * and some program must end in a violation whose report names the class.
 * The same campaigns on the correct allocator (mm_bug = MM_BUG_NONE) run
 * clean, so what the broken runs report is the bug and nothing else.
 *
 * A broken allocator may do anything, so each broken campaign runs in a
 * child process; the child writes what it found to the pipe
 * run_in_child() reads.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/fault-inject.h>
#include <linux/mm_bugs.h>

#include "fuzz/harness.h"
#include "fuzz/testing.h"

/* Programs per campaign, and the longest random input. */
#define CAMPAIGN_RUNS	64
#define INPUT_MAX	400

/*
 * For the bugs on failure paths: a few page allocations fail, and many
 * page-table allocations (most walks make new tables only now and then).
 */
#define FAIL_SOME \
	"fail_page_alloc.probability=3 fail_page_alloc.times=-1 " \
	"fail_page_alloc.min-order=0 fail_page_alloc.verbose=0 " \
	"fail_pgtable_alloc.probability=30 fail_pgtable_alloc.times=-1 " \
	"fail_pgtable_alloc.verbose=0"

/*
 * Three objects of one slab, allocated one after the other, all written:
 * whichever way the freelist runs, the middle one has a live neighbour
 * below it when it is freed.
 */
#define SCRIBBLE_SEED \
	"machine pc 64M nodes=1 cpus=1\n" \
	"p0 = kmalloc(64, GFP_KERNEL)\n" \
	"p1 = kmalloc(64, GFP_KERNEL)\n" \
	"p2 = kmalloc(64, GFP_KERNEL)\n" \
	"kmem_write(p0, seed=0x11)\n" \
	"kmem_write(p1, seed=0x22)\n" \
	"kmem_write(p2, seed=0x33)\n" \
	"kfree(p1)\n"

/*
 * Areas of 4 MiB, each starting one guard page past the last: every walk
 * after the first makes two new tables on i386 (4 MiB each) and three on
 * x86-64 (2 MiB each), so a failing table is often not the walk's first
 * and the walk has tables to unwind.
 */
#define PT_SEED \
	"machine pc 256M nodes=1 cpus=1\n" \
	"p0 = vmalloc(order=10)\n" \
	"p1 = vmalloc(order=10)\n" \
	"p2 = vmalloc(order=10)\n" \
	"p3 = vmalloc(order=10)\n" \
	"p4 = vmalloc(order=10)\n" \
	"p5 = vmalloc(order=10)\n"
#define FAIL_TABLES \
	"fail_pgtable_alloc.probability=50 fail_pgtable_alloc.times=-1 " \
	"fail_pgtable_alloc.verbose=0"

struct bug_case {
	enum mm_bug	bug;
	enum fuzz_target target;	/* whose programs the campaign runs */
	const char	*class;		/* the class, as the issue names it */
	const char	*needle;	/* what the violation report must say */
	const char	*fault_inject;	/* MMFUZZ_FAULT_INJECT, or NULL */
	const char	*seed;		/* a program that finds it, or NULL: random */
};

/*
 * The focused target of the layer a bug lives in: its programs spend every
 * byte on that layer's ops (and the common ones: CPUs, context).
 */
static const struct bug_case bugs[] = {
	{ MM_BUG_LEAK, TARGET_ALL, "leak", "(a leak)", NULL, NULL },
	{ MM_BUG_DOUBLE_FREE, TARGET_BUDDY, "double free absorbed", "[misuse-report]", NULL, NULL },
	{ MM_BUG_OVERLAP, TARGET_ALL, "overlap", "[overlap]", NULL, NULL },
	{ MM_BUG_WRONG_ZONE, TARGET_ALL, "wrong zone", "[zone]", NULL, NULL },
	{ MM_BUG_NO_ZERO, TARGET_ALL, "zeroing skipped", "[zero]", NULL, NULL },
	{ MM_BUG_SCRIBBLE, TARGET_ALL, "live object corrupted", "[contents]", NULL, SCRIBBLE_SEED },
	{ MM_BUG_STALE_PTE, TARGET_ALL, "stale mapping after vfree", "[vmalloc-unmap]", NULL, NULL },
	{ MM_BUG_WRONG_PFN, TARGET_ALL, "wrong frame mapped", "[vmalloc-map]", NULL, NULL },
	{ MM_BUG_PT_LEAK, TARGET_ALL, "page-table page leaked", "(page table)", FAIL_TABLES, PT_SEED },
	{ MM_BUG_UNWIND_LEAK, TARGET_ALL, "fault-injection unwind leak", "(a leak)", FAIL_SOME, NULL },
	{ MM_BUG_NO_MIGHT_SLEEP, TARGET_BUDDY, "sleeping in atomic context", "[sleep-in-atomic]", NULL, NULL },
};

static struct prog prog;

/* The @i-th program of @target's campaign: the same on every run and arch. */
static void campaign_prog(unsigned int i, enum fuzz_target target, struct prog *p)
{
	static u8 buf[INPUT_MAX];
	u64 rng = 0xb095eedULL + i;
	size_t len = test_rand(&rng) % sizeof(buf);

	for (size_t k = 0; k < len; k++)
		buf[k] = (u8)test_rand(&rng);
	prog_decode(buf, len, target, p);
}

struct campaign {
	enum fuzz_target target;	/* whose random programs, without a seed */
	const char	*seed;		/* run this program alone, or NULL */
	const char	*fault_inject;
	const char	*needle;	/* stop at a violation saying this */
	int		found;		/* the program that did, or -1 */
	unsigned int	violations;	/* runs with a violation of any kind */
	struct sbuf	verdict;	/* the first one, or the one found */
};

/*
 * Run the campaign's programs until one's violation has @c->needle (NULL:
 * run them all).  Return: false if MMFUZZ_FAULT_INJECT cannot be set.
 */
static bool campaign_run(struct campaign *c)
{
	struct sbuf verdict = SBUF_INIT;
	bool ok = true;

	c->found = -1;
	c->violations = 0;
	if (c->fault_inject ? setenv(FAULT_INJECT_ENV, c->fault_inject, 1) :
			      unsetenv(FAULT_INJECT_ENV))
		return false;
	for (unsigned int i = 0; i < (c->seed ? 1 : CAMPAIGN_RUNS) && c->found < 0; i++) {
		char err[256];

		if (!c->seed)
			campaign_prog(i, c->target, &prog);
		else if (prog_parse(c->seed, strlen(c->seed), &prog, err, sizeof(err)))
			return false;
		sbuf_reset(&verdict);
		if (harness_run(&prog, NULL, &verdict))
			continue;
		if (!c->violations++ || (c->needle && strstr(sbuf_str(&verdict), c->needle))) {
			sbuf_reset(&c->verdict);
			sbuf_printf(&c->verdict, "program %u:\n", i);
			prog_print(&prog, &c->verdict);
			sbuf_puts(&c->verdict, sbuf_str(&verdict));
		}
		if (c->needle && strstr(sbuf_str(&verdict), c->needle))
			c->found = (int)i;
	}
	if (unsetenv(FAULT_INJECT_ENV))
		ok = false;
	sbuf_free(&verdict);
	return ok;
}

/* In the child: the broken campaign, its outcome on stderr. */
static void broken_campaign(void *arg)
{
	const struct bug_case *b = arg;
	struct campaign c = { .target = b->target, .seed = b->seed,
			      .fault_inject = b->fault_inject, .needle = b->needle,
			      .verdict = SBUF_INIT };

	mm_bug = b->bug;
	if (!campaign_run(&c))
		_exit(3);
	fprintf(stderr, "found %d after %u violations\n%s", c.found, c.violations,
		sbuf_str(&c.verdict));
	fflush(stderr);
	_exit(c.found >= 0 ? 0 : 1);
}

/* "<class> found by program N: [check] at op M (arch A)" (or "by its seed"). */
static void print_violation_line(const struct bug_case *b, int found, const char *out)
{
	const char *v = strstr(out, "mmfuzz: oracle violation ");
	const char *nl;
	char by[32];

	if (b->seed)
		snprintf(by, sizeof(by), "its seed");
	else
		snprintf(by, sizeof(by), "program %d", found);
	v = v ? v + strlen("mmfuzz: oracle violation ") : "?";
	nl = strchr(v, '\n');
	printf("  %-28s found by %s: %.*s\n", b->class, by,
	       (int)(nl ? (size_t)(nl - v) : strlen(v)), v);
}

static void find(const struct bug_case *b)
{
	static char out[1 << 16];
	int status = run_in_child(broken_campaign, (void *)b, out, sizeof(out));
	int found = -1;
	unsigned int violations = 0;

	sscanf(out, "found %d after %u", &found, &violations);
	if (!WIFEXITED(status) || WEXITSTATUS(status) || found < 0)
		test_fail(__FILE__, __LINE__, "%s: not found in %u programs (status %#x):\n%s",
			  b->class, CAMPAIGN_RUNS, status, out);
	print_violation_line(b, found, out);
}

/* The correct allocator runs every campaign clean. */
static void correct_campaign(enum fuzz_target target, const char *seed,
			     const char *fault_inject)
{
	struct campaign c = { .target = target, .seed = seed,
			      .fault_inject = fault_inject, .verdict = SBUF_INIT };

	mm_bug = MM_BUG_NONE;
	CHECK(campaign_run(&c));
	if (c.violations)
		test_fail(__FILE__, __LINE__, "correct allocator, target %s, %s: %u violations; the first:\n%s",
			  fuzz_targets[target].name, fault_inject ?: "no fault injection", c.violations,
			  sbuf_str(&c.verdict));
	sbuf_free(&c.verdict);
}

#define BUG_TEST(fn, i)	static void fn(void) { find(&bugs[i]); }

BUG_TEST(leak, 0)
BUG_TEST(double_free_absorbed, 1)
BUG_TEST(overlap, 2)
BUG_TEST(wrong_zone, 3)
BUG_TEST(zeroing_skipped, 4)
BUG_TEST(live_object_corrupted, 5)
BUG_TEST(stale_mapping_after_vfree, 6)
BUG_TEST(wrong_frame_mapped, 7)
BUG_TEST(page_table_page_leaked, 8)
BUG_TEST(fault_injection_unwind_leak, 9)
BUG_TEST(sleeping_in_atomic_context, 10)

/* Every target's campaign, not only those a bug uses. */
static void correct_allocator_runs_clean(void)
{
	for (int t = 0; t < NR_FUZZ_TARGETS; t++)
		correct_campaign((enum fuzz_target)t, NULL, NULL);
}

static void correct_allocator_runs_clean_with_failures(void)
{
	for (int t = 0; t < NR_FUZZ_TARGETS; t++)
		correct_campaign((enum fuzz_target)t, NULL, FAIL_SOME);
}

/* The seeds, under their fault injection, pass on the correct allocator. */
static void correct_allocator_passes_the_seeds(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(bugs); i++)
		if (bugs[i].seed)
			correct_campaign(bugs[i].target, bugs[i].seed, bugs[i].fault_inject);
}

/* Every bug has its test, and the production build has none of them. */
static void one_test_per_bug(void)
{
	CHECK_EQ(ARRAY_SIZE(bugs), NR_MM_BUGS - 1);
	for (size_t i = 0; i < ARRAY_SIZE(bugs); i++)
		CHECK_EQ(bugs[i].bug, i + 1);
}

TEST_MAIN("bugs",
	TEST(one_test_per_bug),
	TEST(correct_allocator_runs_clean),
	TEST(correct_allocator_runs_clean_with_failures),
	TEST(correct_allocator_passes_the_seeds),
	TEST(leak),
	TEST(double_free_absorbed),
	TEST(overlap),
	TEST(wrong_zone),
	TEST(zeroing_skipped),
	TEST(live_object_corrupted),
	TEST(stale_mapping_after_vfree),
	TEST(wrong_frame_mapped),
	TEST(page_table_page_leaked),
	TEST(fault_injection_unwind_leak),
	TEST(sleeping_in_atomic_context))
