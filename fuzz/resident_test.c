// SPDX-License-Identifier: GPL-2.0
/*
 * Same input, same result, whatever ran before (DESIGN.md, decision 3),
 * now that RAM and mem_map stay resident between machines (mm/ram.c).
 *
 * A program X runs in a fresh process (a forked child that first gives
 * back the memory it inherited) and again in this process after a
 * different program Y, on a different machine, that stopped half way with
 * everything still allocated.  The two runs must print the same thing: the
 * full trace (every op and its outcome), the verdict, and on small machines
 * a digest of everything observable (every struct page, every frame of RAM,
 * the zone counters) after boot, after every op and before teardown.
 */
#include <stdlib.h>

#include <linux/mm.h>

#include "fuzz/harness.h"
#include "fuzz/machines.h"
#include "fuzz/run.h"
#include "fuzz/testing.h"

/* Machines small enough to digest after every op, and at the end. */
#define DIGEST_EVERY_OP_PFNS	(4UL << (20 - PAGE_SHIFT))
#define DIGEST_AT_END_PFNS	(64UL << (20 - PAGE_SHIFT))

static void digest(FILE *f, const char *when, unsigned long max_pfn)
{
	if (machine.booted && machine.max_pfn <= max_pfn)
		fprintf(f, "digest %s %016llx\n", when,
			(unsigned long long)machine_digest());
}

/*
 * Run @p, printing everything observable to a string (malloc'ed, the
 * caller frees it).  @stop: stop after this many ops, without the end of
 * program, leaving everything allocated.
 */
static char *run_observed(const struct prog *p, unsigned int stop)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct run *r = harness_begin(p, f);
	bool ok = !r->failed;

	digest(f, "boot", DIGEST_AT_END_PFNS);
	for (unsigned int i = 0; ok && i < p->nr_ops && i < stop; i++) {
		ok = harness_step(r, i);
		digest(f, "op", DIGEST_EVERY_OP_PFNS);
	}
	if (ok && stop >= p->nr_ops)
		harness_end(r);
	digest(f, "end", DIGEST_AT_END_PFNS);
	fprintf(f, "verdict: %s\n", harness_verdict(r));
	harness_finish(r);
	fclose(f);
	return buf;
}

static const struct prog *fresh_prog;

static void observe_fresh(void *arg)
{
	char *s;

	machine_release_host();
	s = run_observed(fresh_prog, ~0u);
	fputs(s, stderr);
	free(s);
}

/* run_observed() in a fresh process: a forked child, its stderr captured. */
static char *run_fresh(const struct prog *p)
{
	static char out[1 << 20];

	fresh_prog = p;
	CHECK_EQ(run_in_child(observe_fresh, NULL, out, sizeof(out)), 0);
	CHECK(strlen(out) + 1 < sizeof(out));
	return strdup(out);
}

static struct prog x, y;

/* Header bytes: template @tmpl, nodes and CPUs from @b1, min_free/debug @b2. */
static void check_pair(u64 seed, u8 tmpl, u8 b1, u8 b2)
{
	const u8 hdr[PROG_HEADER_BYTES] = { tmpl, b1, b2 };
	char *fresh, *again;

	prog_generate(seed, TARGET_ALL, 100, hdr, &x);
	prog_generate(seed ^ 0xabcdef, TARGET_ALL, 100, NULL, &y);
	CHECK_EQ(x.nr_ops, 100);
	fresh = run_fresh(&x);
	free(run_observed(&y, 60));	/* stops half way, all still live */
	again = run_observed(&x, ~0u);
	CHECK_STREQ(again, fresh);
	free(run_observed(&y, ~0u));
	free(again);
	again = run_observed(&x, ~0u);
	CHECK_STREQ(again, fresh);
	free(again);
	free(fresh);
}

/* 4 MiB, one node: digested after every op. */
static void tiny_machine_every_op(void)
{
	for (u64 seed = 1; seed <= 3; seed++)
		check_pair(seed, 0, (u8)(seed << 2), (u8)(seed << 2));
}

/* 64 MiB, several nodes and CPUs, slab debugging: digested at the ends. */
static void small_machines(void)
{
	for (u64 seed = 11; seed <= 12; seed++)
		check_pair(seed, 1, 0x1d, (u8)(seed % 3 << 2 | seed % 4));
}

/* 256 MiB to 4 GiB (highmem on i386), with holes: the traces only. */
static void big_machines(void)
{
	for (u64 seed = 21; seed <= 24; seed++)
		check_pair(seed, (u8)(2 + seed % 6), 0x0e, (u8)(seed % 4));
}

TEST_MAIN("resident",
	TEST(tiny_machine_every_op),
	TEST(small_machines),
	TEST(big_machines))
